"""Coding commands the window has: ``uncode``, ``undo``, ``code-rename``, ``code-rm``.

Also gives the listing commands (docs, codes, stats, log, verify) their ``--help``
descriptions: this module registers last, so it can fill in a description where
the command left none.
"""
from __future__ import annotations

import sys

from app.audit import LoggedRow
from app.changes import ChangeSet
from app.cli.common import add_project_arg, open_project
from app.cli.document_cmds import DOC_HELP, add_coder_args, find_document
from app.coding import segments as coding
from app.coding.codebook import code_path, delete_code, descendants, rename_code, resolve_code
from app.errors import InvalidOperation, NotFound
from db.models import AuditEntry, Coder, Segment

UNDO_MARK = " [undoes "  # "Undo <label> [undoes <changeset uuid>]": skipped by the next undo
UNDO_SCAN = 2000  # change sets looked at, newest first

DESCRIPTIONS = {
    "docs": "List the project's documents: id, title, outlet, date, length in characters and the number "
            "of coded segments (in blind mode only yours are counted). Use the id or the exact title "
            "with --doc in other commands.",
    "codes": "List the codebook in tree order (parents before their sub-codes) with each code's number of "
             "segments, documents and coders. Paths like 'Parent/Child' name a code in other commands.",
    "stats": "Counts for the whole project: documents, codes, coders, segments, coded documents and "
             "characters (in blind mode, segments are only yours).",
    "log": "The audit trail, newest last: every change with who made it and when, for the whole project or "
           "one document or code. Every change to the project's rows is in it.",
    "verify": "Check the hash chain of the audit log and the file's integrity. Exit status 1 (and one line "
              "per problem) when an entry was edited, removed or the file is damaged.",
}


def register(sub) -> None:
    p = sub.add_parser(
        "uncode", help="remove coded segments",
        description="Remove segments: by id (--segment, from 'chorus segments'), or the segments of a span "
                    "(--doc with --start/--end, optionally only one --code) coded by you (or --coder). "
                    "One undoable change.")
    add_project_arg(p)
    p.add_argument("--segment", type=int, nargs="+", metavar="ID", help="segment ids (see chorus segments)")
    p.add_argument("--doc", metavar="TITLE_OR_ID", help=DOC_HELP)
    p.add_argument("--start", type=int, metavar="N",
                   help="first character of the span (code points from 0, as 'chorus segments' prints)")
    p.add_argument("--end", type=int, metavar="M", help="one past the span's last character (end exclusive)")
    p.add_argument("--code", metavar="PATH", help="only segments of this code")
    add_coder_args(p)
    p.set_defaults(func=cmd_uncode)

    p = sub.add_parser(
        "undo", help="undo your last change (refused if someone changed those rows since)",
        description="Undo the last change made as this coder (from the window or the command line), as a "
                    "new logged change. Run it again to undo the change before that. Refused, with nothing "
                    "changed, when any row it would revert was changed since (by anyone).")
    add_project_arg(p)
    add_coder_args(p)
    p.add_argument("--dry-run", action="store_true", help="only say what would be undone")
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("code-rename", help="rename a code (its segments keep it)",
                       description="Give a code a new name; its place in the tree, segments and memos stay.")
    add_project_arg(p)
    p.add_argument("--code", required=True, metavar="PATH", help="the code (path, id or UUID)")
    p.add_argument("--name", required=True, help="the new name (not a path)")
    add_coder_args(p)
    p.set_defaults(func=cmd_code_rename)

    p = sub.add_parser(
        "code-rm", help="delete a code (its segments: refused unless --delete-segments or --move-to)",
        description="Delete a code and its sub-codes. A code with segments or sub-codes is refused unless "
                    "you say what happens to the segments: --move-to PATH moves them to another code, "
                    "--delete-segments deletes them (asks first; --yes does not). One undoable change.")
    add_project_arg(p)
    p.add_argument("--code", required=True, metavar="PATH", help="the code (path, id or UUID)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--move-to", metavar="PATH", help="move its segments to this code")
    what.add_argument("--delete-segments", action="store_true", help="delete its segments with it")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask before deleting segments")
    add_coder_args(p)
    p.set_defaults(func=cmd_code_rm)

    for name, text in DESCRIPTIONS.items():  # commands registered before this module
        parser = sub.choices.get(name)
        if parser is not None and not parser.description:
            parser.description = text


# -- uncode ---------------------------------------------------------------------------
def cmd_uncode(args) -> int:
    with open_project(args.project, args.coder) as project:
        if args.segment:
            if args.doc or args.start is not None or args.end is not None or args.code:
                raise InvalidOperation("give either --segment IDs or --doc with --start/--end, not both")
            rows = [coding.get_segment(s) for s in args.segment]
        else:
            if not args.doc or args.start is None or args.end is None:
                raise InvalidOperation("say which segments: --segment ID..., or --doc with --start and --end")
            doc = find_document(args.doc)
            coder = Coder.get_or_none(Coder.name == project.coder_name.strip())
            query = Segment.select().where((Segment.document == doc.id) & (Segment.start == args.start)
                                           & (Segment.end == args.end))
            query = query.where(Segment.coder == (coder.id if coder else -1))
            if args.code:
                query = query.where(Segment.code == resolve_code(args.code).id)
            rows = list(query.order_by(Segment.id))
            if not rows:
                raise NotFound(f"no segment of {project.coder_name} at [{args.start}:{args.end}] in "
                               f"'{doc.title}'" + (f" with code '{args.code}'" if args.code else "")
                               + " (chorus segments lists them)")
        described = [f"{s.id} {code_path(s.code)} [{s.start}:{s.end}] ({s.coder.name})" for s in rows]
        if len(rows) == 1:
            coding.uncode(project, rows[0])
        else:
            coding.uncode_many(project, rows)
    for line in described:
        print(f"uncoded {line}")
    return 0


# -- undo -----------------------------------------------------------------------------
def last_change_of(coder: str) -> ChangeSet | None:
    """The newest change set by ``coder`` not undone yet (by an earlier ``chorus undo``)."""
    ids = (AuditEntry.select(AuditEntry.changeset, AuditEntry.label).where(AuditEntry.coder_name == coder)
           .order_by(AuditEntry.id.desc()).limit(UNDO_SCAN * 4).tuples())
    undone: set[str] = set()
    seen: set[str] = set()
    for changeset_uuid, label in ids:
        if changeset_uuid in seen:
            continue
        seen.add(changeset_uuid)
        if UNDO_MARK in label:
            undone.add(label.rsplit(UNDO_MARK, 1)[1].rstrip("]"))
            continue
        if changeset_uuid in undone or label.startswith("Record project settings"):
            continue
        return _changeset(changeset_uuid)
    return None


def _changeset(uuid: str) -> ChangeSet:
    import json

    query = (AuditEntry.select(AuditEntry.id, AuditEntry.changeset, AuditEntry.label, AuditEntry.coder_name,
                               AuditEntry.table, AuditEntry.row_uuid, AuditEntry.before, AuditEntry.after)
             .where(AuditEntry.changeset == uuid).order_by(AuditEntry.id).tuples())
    rows = [LoggedRow(eid, cs, label, coder, table, row_uuid, json.loads(before) if before else None,
                      json.loads(after) if after else None)
            for eid, cs, label, coder, table, row_uuid, before, after in query]
    return ChangeSet(label=rows[0].label, coder=rows[0].coder, changes=[_with_text(r.row_change()) for r in rows],
                     uuid=uuid)


def _with_text(change):
    """The log keeps a document's text hash, not its text: take the text from the file's
    current row when its hash matches (a deleted document's text is gone)."""
    from app.changes import RowChange
    from db.models import Document

    if change.table != "document":
        return change
    current = Document.get_or_none(Document.uuid == change.uuid)
    if current is None:
        return change
    rows = []
    for row in (change.before, change.after):
        if row is not None and "text" not in row and row.get("text_sha256") == current.text_sha256:
            row = dict(row, text=current.text)
        rows.append(row)
    return RowChange(change.table, change.uuid, rows[0], rows[1])


def cmd_undo(args) -> int:
    with open_project(args.project, args.coder) as project:
        me = project.coder_name.strip()
        changeset = last_change_of(me)
        if changeset is None:
            raise NotFound(f"{me} has no change to undo in this project")
        rows = len(changeset.changes)
        if args.dry_run:
            print(f"would undo: {changeset.label} ({rows} row{'s' if rows != 1 else ''}, by {me})")
            return 0
        inverse = changeset.inverse(label=f"Undo {changeset.label}{UNDO_MARK}{changeset.uuid}]")
        _refuse_orphans(inverse)
        project.apply(inverse)  # the same path as Project.undo: ChangedElsewhere when rows moved on
    print(f"undone: {changeset.label} ({rows} row{'s' if rows != 1 else ''}, by {me})")
    return 0


def _refuse_orphans(inverse: ChangeSet) -> None:
    """Undoing a code's or document's creation must not strand rows added since (by anyone)."""
    from app.errors import ChangedElsewhere
    from db.models import Code, Document

    for c in inverse.changes:
        if c.table == "document" and c.before is None and c.after is not None and "text" not in c.after:
            raise InvalidOperation(
                f"cannot undo {inverse.label.split(UNDO_MARK)[0][5:]} from the command line: the audit log "
                "keeps a deleted document's text hash, not its text (the window's Undo can; or import "
                "the file again)")
    deleting = {(c.table, c.before["id"]) for c in inverse.changes if c.after is None and c.before}
    deleted_segments = {c.before["id"] for c in inverse.changes if c.table == "segment" and c.after is None and c.before}
    for table, model, column, what in (("code", Code, Segment.code, "code"),
                                       ("document", Document, Segment.document, "document")):
        for _t, row_id in (k for k in deleting if k[0] == table):
            users = [sid for (sid,) in Segment.select(Segment.id).where(column == row_id).tuples()
                     if sid not in deleted_segments]
            if users:
                name = model.get_or_none(model.id == row_id)
                label = getattr(name, "name", None) or getattr(name, "title", None) or row_id
                raise ChangedElsewhere(
                    f"cannot undo {inverse.label.split(UNDO_MARK)[0][5:]}: {what} '{label}' has "
                    f"{len(users)} segment{'s' if len(users) != 1 else ''} added since; uncode them first")
    children = [c.before["id"] for c in inverse.changes if c.table == "code" and c.after is None and c.before]
    for code_id in children:
        if Code.select().where((Code.parent == code_id) & Code.id.not_in(children)).exists():
            raise ChangedElsewhere(f"cannot undo {inverse.label.split(UNDO_MARK)[0][5:]}: the code has "
                                   "sub-codes added since")


# -- codes ----------------------------------------------------------------------------
def cmd_code_rename(args) -> int:
    with open_project(args.project, args.coder) as project:
        code = resolve_code(args.code)
        old = code_path(code)
        if "/" in args.name:
            raise InvalidOperation("--name is a name, not a path (to move a code, drag it in the window)")
        code = rename_code(project, code, args.name)
        print(f"renamed {old} -> {code_path(code)}")
    return 0


def cmd_code_rm(args) -> int:
    with open_project(args.project, args.coder) as project:
        code = resolve_code(args.code)
        path = code_path(code)
        subtree = [code] + descendants(code)
        count = Segment.select().where(Segment.code.in_([c.id for c in subtree])).count()
        subs = len(subtree) - 1
        parts = [f"{count} segment{'s' if count != 1 else ''}"] + (
            [f"{subs} sub-code{'s' if subs != 1 else ''}"] if subs else [])
        if args.move_to:
            target = resolve_code(args.move_to)
            delete_code(project, code, segments="move", move_to=target)
            print(f"deleted {path} ({', '.join(parts)}); segments moved to {code_path(target)}")
            return 0
        if (count or subs) and not args.delete_segments:
            raise InvalidOperation(f"code '{path}' has {' and '.join(parts)}: add --move-to PATH to keep the "
                                   "segments, or --delete-segments to delete them too")
        if count and not args.yes:
            if not sys.stdin.isatty():
                raise InvalidOperation(f"code '{path}' has {' and '.join(parts)}: add --yes to delete them")
            answer = input(f"Delete {path} and its {' and '.join(parts)}? [y/N] ").strip().lower()
            if answer not in ("y", "yes"):
                print("nothing deleted")
                return 1
        delete_code(project, code, segments="delete")
        print(f"deleted {path}" + (f" and its {' and '.join(parts)}" if count or subs else ""))
    return 0
