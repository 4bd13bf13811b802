"""Writing REFI-QDA files: ``.qdc`` codebooks and ``.qdpx`` projects (strict QDA-XML 1.0).

Mapping (see README "REFI-QDA"): coders -> Users; codes -> nested Code (structured
fields in the Description, see ``sections``); documents -> TextSource with the text
in ``sources/<uuid>.txt`` and metadata in its Description; segments ->
PlainTextSelection (guid = segment uuid, one Coding each, memo as Description);
document memos and memos -> Notes; attributes -> Variables plus one Case per
document (VariableValues + SourceRef).
"""
from __future__ import annotations

import os
import re
import zipfile
from collections import defaultdict
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

from app.exchange.refi import sections
from app.exchange.refi.errors import ExchangeError
from app.exchange.refi.ids import NS_CASE, NS_CODING, NS_VARIABLE, derived, doc_memo_guid
from app.exchange.refi.xmlwrite import XmlWriter, attr, text
from app.exchange.exports.common import new_partial_file, replace_keeping_mode
from db.models import Code, Coder, Document, DocumentAttribute, Memo, Segment
from app.exchange.exports.decisions import decision_notes
from app.team import blind

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "Chorus 0.1"
QUOTE_CHARS = 60
Progress = Callable[[int, int, str], None]

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def xsd_datetime(value) -> str | None:
    """A naive UTC datetime (or its ISO text) as xsd:dateTime with 'Z'."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) >= 19 and value[10] in " T" and value[4] == "-" and (len(value) == 19 or value[19] == "."):
            return f"{value[:10]}T{value[11:19]}Z"  # as SQLite stores it: 'YYYY-MM-DD HH:MM:SS[.ffffff]'
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def rgb(colour: str | None) -> str | None:
    match = _HEX.match((colour or "").strip())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits[:6]


def code_description(row) -> str:
    return sections.encode(row.description or "", {k: getattr(row, k) or "" for k, _ in sections.CODE_LABELS})


# -- codebook ------------------------------------------------------------------------
def _codes_by_parent() -> dict[int | None, list[Code]]:
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in Code.select().order_by(Code.sort_order, Code.name, Code.id):
        children[code.parent_id].append(code)
    return children


def _write_codes(w: XmlWriter, children, parent: int | None, notes_of: dict[int, list[str]] | None) -> None:
    """The code tree as nested <Code> elements (iterative: a tree of any depth)."""
    # the stack holds codes still to write, or None: "close the element opened here"
    stack: list[Code | None] = list(reversed(children.get(parent, [])))
    while stack:
        code = stack.pop()
        if code is None:
            w.end()
            continue
        attrs = {"guid": code.uuid, "name": code.name, "isCodable": "true", "color": rgb(code.colour)}
        description = code_description(code)
        refs = (notes_of or {}).get(code.id, [])
        if not description and not refs and not children.get(code.id):
            w.empty("Code", attrs)
            continue
        w.start("Code", attrs)
        if description:
            w.element("Description", description)
        for guid in refs:
            w.empty("NoteRef", {"targetGUID": guid})
        stack.append(None)
        stack.extend(reversed(children.get(code.id, [])))


def export_qdc(project, out: Path) -> Path:
    """Write the codebook as a ``.qdc`` file (QDA-XML codebook 1.0)."""
    project.activate()
    out = Path(out)
    children = _codes_by_parent()
    if not children.get(None):
        raise ExchangeError(out, "the codebook is empty: there is nothing to export")
    w = XmlWriter()
    w.start("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    w.start("Codes")
    _write_codes(w, children, None, None)
    w.end()
    w.end()
    _atomic_write(out, lambda handle: handle.write(w.getvalue().encode("utf-8")))
    return out


# -- variables -----------------------------------------------------------------------
def _variable_plan(rows: list[tuple[int, str, str, str]]) -> dict[str, tuple[str, Callable]]:
    """Per attribute name: (typeOfVariable, value -> (element, text) | None)."""
    by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for _doc, name, value_type, value in rows:
        by_name[name].append((value_type, value))
    plan = {}
    for name, values in by_name.items():
        types = {t for t, _ in values}
        kind, vals = (types.pop() if len(types) == 1 else "text"), [v for _, v in values]
        if kind == "number" and all(_INTEGER.match(v) for v in vals):
            plan[name] = ("Integer", lambda v: ("IntegerValue", v))
        elif kind == "number" and all(_decimal(v) is not None for v in vals):
            plan[name] = ("Float", lambda v: ("FloatValue", _decimal(v)))
        elif kind == "date" and all(_iso_date(v) for v in vals):
            plan[name] = ("Date", lambda v: ("DateValue", _iso_date(v)))
        elif kind == "boolean" and all(v in ("true", "false") for v in vals):
            plan[name] = ("Boolean", lambda v: ("BooleanValue", v))
        else:
            plan[name] = ("Text", lambda v: ("TextValue", v))
    return plan


def _decimal(value: str) -> str | None:
    value = value.strip()
    if _DECIMAL.match(value):
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return format(number, "f") if number.is_finite() else None


def _iso_date(value: str) -> str | None:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


# -- project -------------------------------------------------------------------------
def build_qde(project, progress: Progress | None = None) -> tuple[str, list[tuple[str, str]]]:
    """The project.qde text and the (uuid, text) of every document."""
    project.activate()
    coders = list(Coder.select(Coder.id, Coder.uuid, Coder.name).order_by(Coder.id).tuples())
    coder_uuid = {cid: cuuid for cid, cuuid, _ in coders}
    me = next((cuuid for _, cuuid, name in coders if name == project.coder_name), None)
    code_uuid = dict(Code.select(Code.id, Code.uuid).tuples())
    children = _codes_by_parent()
    attrs = list(DocumentAttribute.select(DocumentAttribute.document, DocumentAttribute.name,
                                          DocumentAttribute.value_type, DocumentAttribute.value)
                 .where(DocumentAttribute.value.is_null(False))
                 .order_by(DocumentAttribute.document, DocumentAttribute.name).tuples())
    visible = blind.visible_coder_ids(project)  # blind mode: only the current coder's work (AGREEMENT)
    memos = list(Memo.select().order_by(Memo.id))
    if visible is not None:
        memos = [m for m in memos if m.coder_id in visible]
    notes_of_segment = decision_notes()  # review decisions as Notes on the consensus selections
    doc_notes: dict[int, list[str]] = defaultdict(list)
    code_notes: dict[int, list[str]] = defaultdict(list)
    project_notes: list[str] = []
    for memo in memos:
        if memo.document_id is not None:
            doc_notes[memo.document_id].append(memo.uuid)
        elif memo.code_id is not None:
            code_notes[memo.code_id].append(memo.uuid)
        else:
            project_notes.append(memo.uuid)

    w = XmlWriter()
    w.start("Project", {"xmlns": PROJECT_NS, "name": project.setting("name") or project.path.stem,
                        "origin": ORIGIN, "creatingUserGUID": me,
                        "creationDateTime": xsd_datetime(datetime.now(timezone.utc))})
    if coders:
        w.start("Users")
        for _, cuuid, name in coders:
            w.empty("User", {"guid": cuuid, "name": name})
        w.end()
    if children.get(None):
        w.start("CodeBook")
        w.start("Codes")
        _write_codes(w, children, None, code_notes)
        w.end()
        w.end()
    plan = _variable_plan(attrs)
    doc_rows = list(Document.select(Document.id, Document.uuid, Document.title, Document.source, Document.author,
                                    Document.published, Document.url, Document.text, Document.imported_at,
                                    Document.memo).order_by(Document.id).tuples())
    if plan:
        _write_variables_and_cases(w, plan, attrs, {d[0]: d for d in doc_rows})
    texts: list[tuple[str, str]] = []
    doc_memo_notes: list[tuple[str, str, str, object]] = []  # guid, name, text, creation time
    if doc_rows:
        segs = defaultdict(list)
        query = (Segment.select(Segment.document, Segment.uuid, Segment.code, Segment.coder, Segment.start,
                                Segment.end, Segment.memo, Segment.created_at, Segment.modified_at)
                 .order_by(Segment.document, Segment.start, Segment.end, Segment.id))
        if visible is not None:
            query = query.where(Segment.coder.in_(visible))
        for row in project.db.execute_sql(*query.sql()):  # raw rows: 100,000 of them, no conversion
            segs[row[0]].append(row)
        w.start("Sources")
        total = len(doc_rows)
        for index, (did, duuid, title, source, author, published, url, body, imported_at, memo) in enumerate(doc_rows):
            if progress is not None and index % 50 == 0:
                progress(index, total, title)
            texts.append((duuid, body))
            w.start("TextSource", {"guid": duuid, "name": title, "plainTextPath": f"internal://{duuid}.txt",
                                   "creatingUser": me, "creationDateTime": xsd_datetime(imported_at)})
            meta = sections.encode("", {"source": source, "author": author, "published": published, "url": url},
                                   sections.DOCUMENT_LABELS)
            if meta:
                w.element("Description", meta)
            _write_selections(w, segs.get(did, ()), body, code_uuid, coder_uuid, notes_of_segment)
            if memo:
                guid = doc_memo_guid(duuid)
                doc_memo_notes.append((guid, f"Memo: {title}"[:200], memo, imported_at))
                w.empty("NoteRef", {"targetGUID": guid})
            for guid in doc_notes.get(did, []):
                w.empty("NoteRef", {"targetGUID": guid})
            w.end()
        w.end()
    decision_notes_written = [n for seg in (segs.values() if doc_rows else ()) for row in seg
                              for n in notes_of_segment.get(row[1], ())]
    if doc_memo_notes or memos or decision_notes_written:
        w.start("Notes")
        for note in decision_notes_written:
            w.start("Note", {"guid": note.guid, "name": note.name, "creatingUser": me,
                             "creationDateTime": xsd_datetime(note.decided_at)})
            w.element("PlainTextContent", note.body)
            w.end()
        for guid, name, body, created in doc_memo_notes:
            # creationDateTime: QualCoder's import stops on a Note without one (a document memo has no
            # time of its own: the document's import time stands for it)
            w.start("Note", {"guid": guid, "name": name, "creatingUser": me,
                             "creationDateTime": xsd_datetime(created) or xsd_datetime(datetime.now(timezone.utc))})
            w.element("PlainTextContent", body)
            w.end()
        for memo in memos:
            w.start("Note", {"guid": memo.uuid, "name": memo.title or "Memo",
                             "creatingUser": coder_uuid.get(memo.coder_id),
                             "creationDateTime": xsd_datetime(memo.created_at),
                             "modifiedDateTime": xsd_datetime(memo.modified_at)})
            if memo.body:
                w.element("PlainTextContent", memo.body)
            w.end()
        w.end()
    for guid in project_notes:
        w.empty("NoteRef", {"targetGUID": guid})
    w.end()
    return w.getvalue(), texts


def _write_variables_and_cases(w: XmlWriter, plan, attrs, docs) -> None:
    w.start("Variables")
    for name, (kind, _) in plan.items():
        w.empty("Variable", {"guid": derived(NS_VARIABLE, name), "name": name, "typeOfVariable": kind})
    w.end()
    by_doc = defaultdict(list)
    for did, name, _type, value in attrs:
        by_doc[did].append((name, value))
    w.start("Cases")
    for did, values in by_doc.items():
        duuid, title = docs[did][1], docs[did][2]
        w.start("Case", {"guid": derived(NS_CASE, duuid), "name": title})
        for name, value in values:
            element, text = plan[name][1](value)
            w.start("VariableValue")
            w.empty("VariableRef", {"targetGUID": derived(NS_VARIABLE, name)})
            w.element(element, text)
            w.end()
        w.empty("SourceRef", {"targetGUID": duuid})
        w.end()
    w.end()


def _write_selections(w: XmlWriter, rows, body: str, code_uuid, coder_uuid, notes_of=None) -> None:
    """PlainTextSelections, written directly (the hot loop of a large export)."""
    parts = w.parts
    depth = " " * len(w._stack)
    stamps: dict = {}  # stored time -> xsd:dateTime (many segments share one)
    for _doc, suuid, code_id, coder_id, start, end, memo, created, modified in rows:
        quote = body[start:end]
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1] + "\u2026"
        user = coder_uuid[coder_id]
        created_s = stamps.get(created)
        if created_s is None:
            created_s = stamps[created] = xsd_datetime(created)
        modified_s = stamps.get(modified)
        if modified_s is None:
            modified_s = stamps[modified] = xsd_datetime(modified)
        changed = f' modifiedDateTime="{modified_s}"' if modified_s != created_s else ""
        parts.append(
            f'{depth}<PlainTextSelection guid="{suuid}" name="{attr(quote)}" startPosition="{start}" '
            f'endPosition="{end}" creatingUser="{user}" creationDateTime="{created_s}"{changed}>\n')
        if memo:
            parts.append(f"{depth} <Description>{text(memo)}</Description>\n")
        parts.append(f'{depth} <Coding guid="{derived(NS_CODING, suuid)}" creatingUser="{user}">'
                     f'<CodeRef targetGUID="{code_uuid[code_id]}"/></Coding>\n')
        for note in (notes_of.get(suuid, ()) if notes_of else ()):
            parts.append(f'{depth} <NoteRef targetGUID="{note.guid}"/>\n')
        parts.append(f"{depth}</PlainTextSelection>\n")


def export_qdpx(project, out: Path, progress: Progress | None = None) -> Path:
    """Write the whole project as a ``.qdpx`` archive (project.qde + sources/<uuid>.txt)."""
    out = Path(out)
    qde, texts = build_qde(project, progress)

    def write(handle) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("project.qde", qde.encode("utf-8"))
            for duuid, body in texts:
                archive.writestr(f"sources/{duuid}.txt", body.encode("utf-8"))

    _atomic_write(out, write)
    if progress is not None:
        progress(len(texts), len(texts), "")
    return out


def _atomic_write(out: Path, write: Callable) -> None:
    if not out.parent.is_dir():
        raise ExchangeError(out, f"folder {out.parent} does not exist")
    try:
        fd, tmp = new_partial_file(out)  # the umask decides a new file's mode; a replaced file keeps its own
    except OSError as exc:
        raise ExchangeError(out, f"cannot be written ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        replace_keeping_mode(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExchangeError(out, f"cannot be written ({exc.strerror or exc})") from exc
