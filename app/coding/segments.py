"""Coding operations on segments: code a span, uncode, change bounds, memo.

Positions are Unicode code points into the stored document text, end exclusive.
"""
from __future__ import annotations

from app.changes import ChangeRecorder
from app.coding.codebook import _ensure_code_path, code_path, resolve_code
from app.articles.documents import resolve_document
from app.errors import InvalidOperation, NotFound
from app.project import Project
from db.models import Code, Coder, Document, Segment
from db.statements import Statement

# The hot path of coding (one selection in the window, a coder on the team server): its
# queries built once (db/statements.py), the document read without its text.
_DOCUMENT_BOUNDS = Statement(lambda p: Document.select(Document.id, Document.uuid, Document.title, Document.char_count)
                             .where(Document.id == p.int("id")))
_CODE_NAME = Statement(lambda p: Code.select(Code.id, Code.uuid, Code.name).where(Code.id == p.int("id")))
_SAME_SEGMENT = Statement(lambda p: Segment.select(Segment.id).where(
    (Segment.document == p.int("document")) & (Segment.code == p.int("code")) & (Segment.coder == p.int("coder"))
    & (Segment.start == p.int("start")) & (Segment.end == p.int("end"))).limit(1))


class _Bounds:
    """What coding needs of a document: id, uuid, title and length (not its text)."""

    __slots__ = ("id", "uuid", "title", "char_count")

    def __init__(self, row: tuple):
        self.id, self.uuid, self.title, self.char_count = row


def _document_bounds(document_id: int) -> _Bounds:
    row = _DOCUMENT_BOUNDS.one(id=document_id)
    if row is None:
        raise NotFound(f"no document {document_id!r}")
    return _Bounds(row)


def _code_by_id(ref) -> Code:
    if isinstance(ref, int) and not isinstance(ref, bool):
        row = _CODE_NAME.one(id=ref)
        if row is None:
            raise NotFound(f"no code {ref!r}")
        return Code(id=row[0], uuid=row[1], name=row[2])  # id, uuid and name: all coding reads
    return resolve_code(ref)


def _check_span(document: Document, start: int, end: int) -> None:
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidOperation("start and end must be whole numbers")
    if start < 0 or end > document.char_count or start >= end:
        raise InvalidOperation(
            f"span [{start}, {end}) is outside '{document.title}' (0 to {document.char_count}) or empty"
        )


def _code_span(rec: ChangeRecorder, document: Document, start: int, end: int, code: Code, coder: Coder,
               memo: str = "") -> Segment:
    _check_span(document, start, end)
    same = _SAME_SEGMENT.scalar(document=document.id, code=code.id, coder=coder.id, start=start, end=end)
    if same is not None:
        existing = Segment.get_by_id(same)
        if memo and memo != existing.memo:
            rec.update(existing, memo=memo)
        return existing
    return rec.insert(Segment, document=document.id, code=code.id, coder=coder.id, start=start, end=end,
                      memo=memo or "")


def code_span(project: Project, document: Document | str | int, start: int, end: int, code: Code | str,
              coder: str | None = None, memo: str = "", create_missing: bool = False) -> Segment:
    """Code [start, end) of a document. ``code`` is a Code, id, UUID or path.

    With ``create_missing``, a path whose codes do not exist yet is created in the same
    change (so one undo removes both). Coding the same span with the same code and
    coder again returns the existing segment.
    """
    if not isinstance(document, int):
        document = resolve_document(document)
        _check_span(document, start, end)
    coder_row = project.coder(coder)
    with project.change("Code", coder=coder_row.name) as rec:
        # ids are read inside the write: the uuids the audit log gets are the rows' own
        document = _document_bounds(document) if isinstance(document, int) else document
        code_row = _ensure_code_path(rec, code) if isinstance(code, str) and create_missing else _code_by_id(code)
        rec.changeset.label = f"Code '{code_row.name}'"  # the undo menu: "Undo: Code 'X'"
        if isinstance(document, _Bounds):  # read in this transaction
            rec.know("document", document.id, document.uuid)
        if not isinstance(code, Code):  # read (or made) in this transaction
            rec.know("code", code_row.id, code_row.uuid)
        return _code_span(rec, document, start, end, code_row, coder_row, memo)


def get_segment(ref: Segment | int | str) -> Segment:
    if isinstance(ref, Segment):
        return ref
    if isinstance(ref, int) or str(ref).isdigit():
        found = Segment.get_or_none(Segment.id == int(ref))
    else:
        found = Segment.get_or_none(Segment.uuid == ref)
    if found is None:
        raise NotFound(f"no segment {ref!r}")
    return found


def uncode(project: Project, segment: Segment | int | str) -> None:
    segment = get_segment(segment)
    with project.change(f"Uncode '{segment.code.name}'") as rec:
        rec.delete(segment)


def uncode_many(project: Project, segments: list[Segment | int | str]) -> None:
    rows = [get_segment(s) for s in segments]
    names = sorted({s.code.name for s in rows})
    what = f"'{names[0]}'" if len(names) == 1 else f"{len(names)} codes"
    with project.change(f"Uncode {len(rows)} segment{'s' if len(rows) != 1 else ''} of {what}") as rec:
        for seg in rows:
            rec.delete(seg)


def set_bounds(project: Project, segment: Segment | int | str, start: int, end: int) -> Segment:
    segment = get_segment(segment)
    _check_span(segment.document, start, end)
    with project.change(f"Change bounds of '{segment.code.name}'") as rec:
        return rec.update(segment, start=start, end=end)


def set_segment_memo(project: Project, segment: Segment | int | str, memo: str) -> Segment:
    segment = get_segment(segment)
    with project.change(f"Edit memo on '{segment.code.name}'") as rec:
        return rec.update(segment, memo=memo or "")


def recode(project: Project, segment: Segment | int | str, code: Code | str) -> Segment:
    segment, code_row = get_segment(segment), resolve_code(code)
    with project.change(f"Recode '{segment.code.name}' as '{code_row.name}'") as rec:
        return rec.update(segment, code=code_row.id)


def overlapping(document_id: int, start: int, end: int, coder_ids: list[int] | None = None) -> list[Segment]:
    """Segments of a document that overlap [start, end), ordered by start.

    Served by the (document, start, end) index: ``start < end_q AND end > start_q``.
    A zero-width query (start == end) returns the segments containing that position.
    """
    if start == end:
        condition = (Segment.start <= start) & (Segment.end > start)
    else:
        condition = (Segment.start < end) & (Segment.end > start)
    query = Segment.select().where((Segment.document == document_id) & condition)
    if coder_ids is not None:
        query = query.where(Segment.coder.in_(coder_ids))
    return list(query.order_by(Segment.start, Segment.end, Segment.id))


def recode_many(project: Project, segments: list[Segment | int | str], code: Code | str) -> int:
    """Give several segments another code, as one change. A segment whose coder already
    has the same span with that code is removed instead (no duplicates). Returns how many."""
    rows, code_row = [get_segment(s) for s in segments], resolve_code(code)
    names = sorted({s.code.name for s in rows})
    what = f"'{names[0]}'" if len(names) == 1 else f"{len(rows)} segments"
    with project.change(f"Recode {what} as '{code_row.name}'") as rec:
        for seg in rows:
            if seg.code_id == code_row.id:
                continue
            twin = Segment.get_or_none((Segment.document == seg.document_id) & (Segment.code == code_row.id)
                                       & (Segment.coder == seg.coder_id) & (Segment.start == seg.start)
                                       & (Segment.end == seg.end))
            if twin is not None:
                rec.delete(seg)
            else:
                rec.update(seg, code=code_row.id)
    return len(rows)
