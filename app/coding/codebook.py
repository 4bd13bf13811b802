"""Codebook operations: create, rename, recolour, edit, move, merge and delete codes.

Each public function is one user action (one transaction, one undoable change set).
The ``_``-prefixed helpers work inside a change that is already open.
"""
from __future__ import annotations

from app.changes import ChangeRecorder
from app.coding.codepaths import join_path, split_path
from app.coding.shared_reads import shared
from app.errors import CodeInUse, InvalidOperation, NotFound
from app.project import Project
from db.models import Code, Memo, Segment

CODE_PALETTE = [
    "#f4a259", "#5b8e7d", "#bc4b51", "#8cb369", "#4e79a7", "#e15759", "#b07aa1",
    "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#59a14f",
]
TEXT_FIELDS = ("description", "definition", "when_to_use", "when_not_to_use", "example")


def code_paths() -> dict[int, str]:
    """Every code's full path, by id, from one query (linear: each path built on its parent's).
    Shared inside ``shared_reads()``."""
    return shared(("code_paths",), _code_paths)


def _code_paths() -> dict[int, str]:
    rows = {cid: (parent, name) for cid, parent, name in Code.select(Code.id, Code.parent, Code.name).tuples()}
    cache: dict[int, str] = {}
    for start in rows:
        chain, seen = [], set()
        cid = start
        while cid is not None and cid in rows and cid not in cache and cid not in seen:
            seen.add(cid)
            chain.append(cid)
            cid = rows[cid][0]
        prefix = cache.get(cid, "") if cid is not None else ""
        for node in reversed(chain):  # the topmost ancestor first
            own = join_path([rows[node][1]])
            prefix = f"{prefix}/{own}" if prefix else own
            cache[node] = prefix
    return cache


def code_path(code: Code) -> str:
    return code_paths()[code.id]


def find_code(path: str) -> Code | None:
    parent = None
    code = None
    for name in split_path(path):
        query = Code.select().where(Code.name == name)
        query = query.where(Code.parent.is_null()) if parent is None else query.where(Code.parent == parent)
        code = query.first()
        if code is None:
            return None
        parent = code.id
    return code


def resolve_code(ref: str | int | Code) -> Code:
    """A code by object, id, UUID or path."""
    if isinstance(ref, Code):
        return ref
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        found = Code.get_or_none(Code.id == int(ref))
    elif isinstance(ref, str) and len(ref) == 36 and ref.count("-") == 4:
        found = Code.get_or_none(Code.uuid == ref) or find_code(ref)
    else:
        found = find_code(str(ref))
    if found is None:
        raise NotFound(f"no code {ref!r}")
    return found


def descendants(code: Code) -> list[Code]:
    out, frontier = [], [code.id]
    while frontier:
        children = list(Code.select().where(Code.parent.in_(frontier)))
        out.extend(children)
        frontier = [c.id for c in children]
    return out


def _sibling_exists(name: str, parent_id: int | None, exclude: int | None = None) -> bool:
    query = Code.select().where(Code.name == name)
    query = query.where(Code.parent.is_null()) if parent_id is None else query.where(Code.parent == parent_id)
    if exclude is not None:
        query = query.where(Code.id != exclude)
    return query.exists()


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidOperation("a code needs a name")
    return name


def _create_code(rec: ChangeRecorder, name: str, parent: Code | None = None, colour: str | None = None,
                 **fields) -> Code:
    name = _clean_name(name)
    parent_id = parent.id if parent is not None else None
    if _sibling_exists(name, parent_id):
        where = f"under '{code_path(parent)}'" if parent is not None else "at the top level"
        raise InvalidOperation(f"a code named '{name}' already exists {where}")
    unknown = set(fields) - set(TEXT_FIELDS) - {"uuid", "sort_order"}
    if unknown:
        raise InvalidOperation(f"unknown code fields: {', '.join(sorted(unknown))}")
    colour = colour or CODE_PALETTE[Code.select().count() % len(CODE_PALETTE)]
    return rec.insert(Code, name=name, parent=parent_id, colour=colour, **fields)


def _ensure_code_path(rec: ChangeRecorder, path: str) -> Code:
    parent = None
    for name in split_path(path):
        query = Code.select().where(Code.name == name)
        query = query.where(Code.parent.is_null()) if parent is None else query.where(Code.parent == parent.id)
        code = query.first()
        parent = code if code is not None else _create_code(rec, name, parent)
    return parent


def create_code(project: Project, name: str, parent: Code | str | None = None, colour: str | None = None,
                **fields) -> Code:
    parent_code = resolve_code(parent) if parent is not None else None
    with project.change(f"Create code {name}") as rec:
        return _create_code(rec, name, parent_code, colour, **fields)


def ensure_code_path(project: Project, path: str) -> Code:
    """The code at ``Parent/Child``, creating missing levels."""
    existing = find_code(path)
    if existing is not None:
        return existing
    with project.change(f"Create code {path}") as rec:
        return _ensure_code_path(rec, path)


def rename_code(project: Project, code: Code | str, new_name: str) -> Code:
    code = resolve_code(code)
    new_name = _clean_name(new_name)
    if _sibling_exists(new_name, code.parent_id, exclude=code.id):
        raise InvalidOperation(f"a sibling code named '{new_name}' already exists")
    with project.change(f"Rename code {code.name} to {new_name}") as rec:
        return rec.update(code, name=new_name)


def recolour_code(project: Project, code: Code | str, colour: str) -> Code:
    code = resolve_code(code)
    with project.change(f"Recolour code {code.name}") as rec:
        return rec.update(code, colour=colour)


def edit_code(project: Project, code: Code | str, **fields) -> Code:
    """Change codebook text fields (description, definition, when to use, ...)."""
    code = resolve_code(code)
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise InvalidOperation(f"unknown code fields: {', '.join(sorted(unknown))}")
    with project.change(f"Edit code {code.name}") as rec:
        return rec.update(code, **{k: v or "" for k, v in fields.items()})


def move_code(project: Project, code: Code | str, new_parent: Code | str | None) -> Code:
    code = resolve_code(code)
    parent = resolve_code(new_parent) if new_parent is not None else None
    if parent is not None and (parent.id == code.id or parent.id in {c.id for c in descendants(code)}):
        raise InvalidOperation(f"cannot move '{code.name}' under itself")
    parent_id = parent.id if parent else None
    if _sibling_exists(code.name, parent_id, exclude=code.id):
        raise InvalidOperation(f"a code named '{code.name}' already exists there")
    with project.change(f"Move code {code.name}") as rec:
        return rec.update(code, parent=parent_id)


def merge_codes(project: Project, source: Code | str, target: Code | str) -> Code:
    """Move every segment, memo and sub-code of ``source`` into ``target``; delete source."""
    source, target = resolve_code(source), resolve_code(target)
    if source.id == target.id:
        raise InvalidOperation("cannot merge a code into itself")
    if target.id in {c.id for c in descendants(source)}:
        raise InvalidOperation(f"cannot merge '{source.name}' into its own sub-code")
    with project.change(f"Merge code {source.name} into {target.name}") as rec:
        existing = set(
            Segment.select(Segment.document, Segment.coder, Segment.start, Segment.end)
            .where(Segment.code == target.id).tuples()
        )
        for seg in Segment.select().where(Segment.code == source.id).order_by(Segment.id):
            key = (seg.document_id, seg.coder_id, seg.start, seg.end)
            if key in existing:
                rec.delete(seg)  # the same span by the same coder is already on the target
            else:
                existing.add(key)
                rec.update(seg, code=target.id)
        for memo in Memo.select().where(Memo.code == source.id):
            rec.update(memo, code=target.id)
        for child in Code.select().where(Code.parent == source.id):
            name = child.name
            while _sibling_exists(name, target.id):
                name = f"{name} (from {source.name})"
            rec.update(child, parent=target.id, name=name)
        _merge_text_fields(rec, source, target)
        rec.delete(Code.get_by_id(source.id))
    return Code.get_by_id(target.id)


def _merge_text_fields(rec: ChangeRecorder, source: Code, target: Code) -> None:
    updates = {}
    for name in TEXT_FIELDS:
        mine, theirs = getattr(target, name), getattr(source, name)
        if theirs and theirs not in mine:
            updates[name] = f"{mine}\n\n{theirs}".strip() if mine else theirs
    if updates:
        rec.update(Code.get_by_id(target.id), **updates)


def delete_code(project: Project, code: Code | str, segments: str = "refuse",
                move_to: Code | str | None = None) -> None:
    """Delete a code and its sub-codes.

    ``segments``: 'refuse' (default: fail with CodeInUse if anything would be lost),
    'delete' (delete their segments too) or 'move' (move them to ``move_to``).
    """
    code = resolve_code(code)
    subtree = [code] + descendants(code)
    ids = [c.id for c in subtree]
    count = Segment.select().where(Segment.code.in_(ids)).count()
    if segments == "refuse" and (count or len(subtree) > 1):
        raise CodeInUse(code_path(code), count, len(subtree) - 1)
    target = None
    if segments == "move":
        if move_to is None:
            raise InvalidOperation("say which code the segments move to")
        target = resolve_code(move_to)
        if target.id in ids:
            raise InvalidOperation("cannot move segments into a code that is being deleted")
    elif segments not in ("refuse", "delete"):
        raise InvalidOperation(f"unknown choice for segments: {segments!r}")
    with project.change(f"Delete code {code.name}") as rec:
        if target is not None:
            existing = set(Segment.select(Segment.document, Segment.coder, Segment.start, Segment.end)
                           .where(Segment.code == target.id).tuples())
        for seg in Segment.select().where(Segment.code.in_(ids)).order_by(Segment.id):
            key = (seg.document_id, seg.coder_id, seg.start, seg.end)
            if target is None or key in existing:
                rec.delete(seg)
            else:
                existing.add(key)
                rec.update(seg, code=target.id)
        for memo in Memo.select().where(Memo.code.in_(ids)):
            rec.delete(memo)
        for c in reversed(subtree):  # children before parents
            rec.delete(Code.get_by_id(c.id))
