"""Importing a parsed REFI-QDA file into a project: ONE change (all or nothing, undoable).

Source files and notes are read first (a missing or unsafe file fails before anything
is written); then users, codes, documents, segments (``bulk_insert``), attributes and
memos are written in one ``project.change``. Anything raised inside rolls it all back.
"""
from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable

from app.coding.codebook import CODE_PALETTE
from app.articles.documents import text_hash
from app.project import coder_colour
from app.exchange.refi import positions, sections
from app.exchange.refi.attributes import import_attributes
from app.exchange.refi.errors import ExchangeError, ExchangeReport
from app.exchange.refi.export import rgb
from app.exchange.refi.ids import doc_memo_guid, normalise_guid, ref_key
from app.exchange.refi.model import Parsed, PCode, PSource
from app.exchange.refi.package import Package
from app.exchange.refi.segments import SegmentBuilder
from app.exchange.refi.textmap import Normalised, SourceRejected, decode_source, normalise
from db.models import Code, Coder, Document, Memo

IMPORTED_CODER = "imported"
Progress = Callable[[int, int, str], None]


@dataclass
class Source:
    parsed: PSource
    text: Normalised
    document_id: int | None = None
    reused: bool = False
    lead: str = ""  # free text of the source's Description (goes to the document memo)
    mapping: "positions.PositionMap | None" = None  # the file's positions -> stored positions
    pairs: list | None = None  # each selection's (start, end) through ``mapping`` (None: no such place)


class Importer:
    def __init__(self, project, parsed: Parsed, package: Package, kind: str, progress: Progress | None = None):
        self.project, self.parsed, self.package = project, parsed, package
        self.report = ExchangeReport(kind=kind, warnings=list(parsed.warnings))
        self.progress = progress
        self.clean = (lambda s: s) if parsed.from_chorus else (lambda s: (s or "").strip())
        self.coder_ids: dict[str, int] = {}
        self.code_ids: dict[str, int] = {}
        self.note_texts: dict[str, tuple[object, str]] = {}  # ref key -> (PNote, text)
        self.used_notes: set[str] = set()
        self._imported_coder: int | None = None

    # -- the whole import ------------------------------------------------------------------
    def run(self) -> ExchangeReport:
        self.project.activate()
        self._read_notes()
        sources = self._read_sources()
        label = f"Import {self.package.path.name}"
        with self.project.change(label[:80]) as rec:
            self.rec = rec
            self._users()
            self._codes()
            self._documents(sources)
            builder = SegmentBuilder(self, sources)
            builder.build()
            import_attributes(self, sources)
            self._memos(sources, builder.document_memo_extra)
        not_guids = sum(1 for key in _all_keys(self.parsed) if key and normalise_guid(key) is None)
        if not_guids:
            self.report.warnings.append(f"{not_guids} ids in the file are not GUIDs (invalid QDA-XML): "
                                        "new ids were given")
        return self.report

    def error(self, reason: str) -> ExchangeError:
        return ExchangeError(self.package.path, reason)

    # -- reading files (before any write) --------------------------------------------------
    def _read_notes(self) -> None:
        for note in self.parsed.notes:
            text = note.content
            if text is None and note.plain_path and self.package.has_sources:
                data = self.package.read(note.plain_path)
                if data is not None:
                    try:
                        text = normalise(decode_source(data, note.plain_path)[0]).text
                    except SourceRejected as exc:
                        raise self.error(f"note '{note.name or note.key}' ({note.plain_path}): {exc.reason}") from None
            if text is None:
                self.report.skipped.append(f"note '{note.name or note.key}': its text is not in the file")
                continue
            key = ref_key(note.key)
            if key is not None:
                self.note_texts[key] = (note, text if self.parsed.from_chorus else text.strip())

    def _read_sources(self) -> list[Source]:
        out = []
        total = len(self.parsed.sources)
        for index, source in enumerate(self.parsed.sources):
            if self.progress is not None:
                self.progress(index, total, source.name)
            label = f"{_kind_word(source.kind)} '{source.name or source.key}'"
            if source.kind != "TextSource":
                self.report.skipped.append(f"{label}: not a text source")
                continue
            raw = None
            if source.plain_path and self.package.has_sources:
                data = self.package.read(source.plain_path)
                if data is None and source.content is None:
                    raise self.error(f"the text file {source.plain_path!r} of source '{source.name}' is missing")
                if data is not None:
                    try:
                        raw, warning = decode_source(data, source.plain_path)
                    except SourceRejected as exc:
                        raise self.error(f"{label} ({source.plain_path}): {exc.reason}") from None
                    if warning:
                        self.report.warnings.append(f"{label}: {warning}")
            if raw is None and source.content is not None:
                raw = source.content
            if raw is None:
                why = "its text file is not included (a .qde alone)" if source.plain_path else "it has no plain text"
                self.report.skipped.append(f"{label} with {len(source.selections)} selections: {why}")
                continue
            text = normalise(raw)
            reading, said, pairs = positions.choose_mapped(source.name or source.key or "", text,
                                                           source.selections, self.parsed.origin)
            if source.selections:
                self.report.readings.append(said)
                if not said.confident:
                    self.report.warnings.append(f"{label}: its {len(source.selections)} selections could not be "
                                                f"placed with confidence: {said.line()}; check its coding")
            out.append(Source(source, text, mapping=positions.PositionMap(text, reading), pairs=pairs))
        return out

    # -- users -------------------------------------------------------------------------------
    def _users(self) -> None:
        existing = {u: (i, n) for i, u, n in Coder.select(Coder.id, Coder.uuid, Coder.name).tuples()}
        names = {n for _, n in existing.values()}
        for user in self.parsed.users:
            key, guid = ref_key(user.key), normalise_guid(user.key)
            if guid in existing:
                self.coder_ids[key] = existing[guid][0]
                continue
            name = base = user.name or (f"user {user.key}" if user.key else IMPORTED_CODER)
            n = 2
            while name in names:
                name, n = f"{base} ({n})", n + 1
            if name != base:
                self.report.warnings.append(f"coder '{base}' from the file was added as '{name}' "
                                            "(another coder of that name is already in the project)")
            names.add(name)
            coder = self.rec.insert(Coder, uuid=guid or str(uuid_module.uuid4()), name=name,
                                    colour=coder_colour(len(names) - 1))
            existing[coder.uuid] = (coder.id, name)
            if key is not None:
                self.coder_ids[key] = coder.id
            self.report.users += 1

    def coder_for(self, ref: str | None) -> int:
        key = ref_key(ref)
        if key is not None and key in self.coder_ids:
            return self.coder_ids[key]
        guid = normalise_guid(ref)
        found = Coder.get_or_none(Coder.uuid == guid) if guid else None
        if found is not None:
            self.coder_ids[key] = found.id
            return found.id
        if self._imported_coder is None:
            coder = Coder.get_or_none(Coder.name == IMPORTED_CODER)
            if coder is None:
                coder = self.rec.insert(Coder, name=IMPORTED_CODER, colour=coder_colour(Coder.select().count()))
                self.report.users += 1
            self._imported_coder = coder.id
            self.report.warnings.append(f"codings without a known user were given to the coder '{IMPORTED_CODER}'")
        return self._imported_coder

    # -- codes -------------------------------------------------------------------------------
    def _codes(self) -> None:
        rows = list(Code.select(Code.id, Code.uuid, Code.parent, Code.name).tuples())
        self._code_by_uuid = {u: i for i, u, _, _ in rows}
        self._code_by_place = {(p, n): i for i, _, p, n in rows}
        self._codes_made: set[int] = set()
        self._count = len(rows)
        self._new_codes: list[tuple[int, dict]] = []  # (depth among new codes, row), in document order
        self._walk(self.parsed.codes, None)
        self._insert_codes()
        if self.parsed.codes and self.report.reused_codes:
            self.report.warnings.append(f"{self.report.reused_codes} codes were already in the project "
                                        "(same id or same name and place): kept as they are")

    def _walk(self, codes: list[PCode], parent: int | None) -> None:
        """Decide the tree, parents first, in document order (iterative: any depth).

        A code to be created gets a stand-in id (a negative number) until ``_insert_codes``
        writes the new codes, one level at a time."""
        stack = [(order, code, parent) for order, code in reversed(list(enumerate(codes)))]
        while stack:
            order, code, parent = stack.pop()
            key, guid = ref_key(code.key), normalise_guid(code.key)
            base = code.name or "(unnamed code)"
            code_id = self._code_by_uuid.get(guid) if guid else None
            if code_id is None:
                same_place = self._code_by_place.get((parent, base))
                if same_place is not None and same_place not in self._codes_made:
                    code_id = same_place
            if code_id is not None:
                self.report.reused_codes += 1
            else:
                code_id = self._create_code(code, base, parent, order, guid)
            if key is not None and key not in self.code_ids:
                self.code_ids[key] = code_id
            stack.extend((n, child, code_id) for n, child in reversed(list(enumerate(code.children))))

    def _create_code(self, code: PCode, base: str, parent: int | None, order: int, guid: str | None) -> int:
        name, n = base, 2
        while (parent, name) in self._code_by_place:
            name, n = f"{base} ({n})", n + 1
        if name != base:
            self.report.warnings.append(f"code '{base}' appears twice at the same place: the second is '{name}'")
        lead, values = sections.decode(self.clean(code.description))
        fields = {key: self.clean(values[key]) if key in values else "" for key, _label in sections.CODE_LABELS}
        if guid is None or guid in self._code_by_uuid:
            guid = str(uuid_module.uuid4())
        colour = _colour(code.colour) or CODE_PALETTE[self._count % len(CODE_PALETTE)]
        stand_in = -1 - len(self._new_codes)
        depth = 0
        if parent is not None and parent < 0:
            depth = self._new_codes[-1 - parent][0] + 1
        self._new_codes.append((depth, {"uuid": guid, "name": name, "parent": parent, "colour": colour,
                                        "sort_order": order, "description": self.clean(lead), **fields}))
        self._count += 1
        self._code_by_uuid[guid] = stand_in
        self._code_by_place[(parent, name)] = stand_in
        self._codes_made.add(stand_in)
        self.report.codes += 1
        return stand_in

    def _insert_codes(self) -> None:
        """Write the new codes with ``bulk_insert``, one level of the tree at a time (a code's
        parent is written before it), and put the ids in place of the stand-ins."""
        if not self._new_codes:
            return
        levels: dict[int, list[dict]] = {}
        for depth, row in self._new_codes:
            levels.setdefault(depth, []).append(row)
        real: dict[int, int] = {}
        changes = self.rec.changeset.changes
        for depth in sorted(levels):
            rows = levels[depth]
            for row in rows:
                if row["parent"] is not None and row["parent"] < 0:
                    row["parent"] = real[row["parent"]]
            mark = len(changes)
            self.rec.bulk_insert(Code, rows, batch=len(rows))
            id_of = {c.uuid: c.after["id"] for c in changes[mark:]}
            for row in rows:
                real[self._code_by_uuid[row["uuid"]]] = id_of[row["uuid"]]
        self.code_ids = {key: real.get(code_id, code_id) for key, code_id in self.code_ids.items()}
        self._code_by_uuid = {u: real.get(i, i) for u, i in self._code_by_uuid.items()}
        self._code_by_place = {(real.get(p, p), n): real.get(i, i) for (p, n), i in self._code_by_place.items()}
        self._codes_made = {real[i] for i in self._codes_made}

    # -- documents ---------------------------------------------------------------------------
    def _documents(self, sources: list[Source]) -> None:
        """One document per source. Two sources with the same text are two documents (a wire story
        in two outlets); a source whose text is already in the project reuses that document, one
        document per source (the one with the source's id first), so importing a file twice adds nothing."""
        existing: dict[str, list[tuple[int, str, str]]] = {}
        for i, h, t, u in Document.select(Document.id, Document.text_sha256, Document.title, Document.uuid).tuples():
            existing.setdefault(h, []).append((i, t, u))
        uuids = {u for (u,) in Document.select(Document.uuid).tuples()}
        claimed: set[int] = set()
        first_with: dict[str, str] = {}  # text hash -> name of the first source with that text
        for source in sources:
            text = source.text.text
            digest = text_hash(text)
            name = self.clean(source.parsed.name)
            label = name or source.parsed.key or "?"
            if digest in first_with:
                self.report.duplicate_texts.append(label)
                self.report.warnings.append(f"source '{label}' has the same text as source '{first_with[digest]}': "
                                            "kept as two documents")
            else:
                first_with[digest] = label
            pool = [d for d in existing.get(digest, []) if d[0] not in claimed]
            if pool:
                own = normalise_guid(source.parsed.key)
                found = next((d for d in pool if d[2] == own), pool[0])
                claimed.add(found[0])
                source.document_id, source.reused = found[0], True
                self.report.reused_documents += 1
                self.report.warnings.append(f"source '{name}': same text as document '{found[1]}' "
                                            "already in the project; reused")
                continue
            guid = normalise_guid(source.parsed.key)
            if guid is None or guid in uuids:
                guid = str(uuid_module.uuid4())
            lead, meta = sections.decode(source.parsed.description, sections.DOCUMENT_LABELS)
            meta = {k: (self.clean(v) or None) for k, v in meta.items()}
            title = name or PurePosixPath(source.parsed.plain_path or "").stem or "Untitled source"
            document = self.rec.insert(
                Document, uuid=guid, title=title, text=text, text_sha256=digest, char_count=len(text),
                import_path=f"{self.package.path.name}#{source.parsed.plain_path or source.parsed.key}",
                memo="", **meta, **({"imported_at": source.parsed.created} if source.parsed.created else {}))
            source.lead = self.clean(lead)
            uuids.add(guid)
            source.document_id = document.id
            self.report.documents += 1

    # -- notes -> memos ----------------------------------------------------------------------
    def note_text(self, ref: str) -> str | None:
        key = ref_key(ref)
        found = self.note_texts.get(key)
        if found is None:
            return None
        self.used_notes.add(key)
        return found[1]

    def _memos(self, sources: list[Source], extra: dict[int, list[str]]) -> None:
        memo_uuids = {u for (u,) in Memo.select(Memo.uuid).tuples()}
        for source in sources:
            parts = [source.lead] if not source.reused else []
            own = doc_memo_guid(normalise_guid(source.parsed.key) or "")
            refs = source.parsed.note_refs
            if any(ref_key(r) == own for r in refs) or self.parsed.from_chorus:
                for ref in refs:
                    if ref_key(ref) == own:
                        parts.append(self.note_text(ref) or "")
                    else:
                        self._memo_row(ref, memo_uuids, document=source.document_id)
            else:
                parts.extend(t for t in (self.note_text(r) for r in refs) if t is not None)
            parts.extend(extra.get(source.document_id, []))
            memo = "\n\n".join(p for p in parts if p)
            if memo:
                self._add_document_memo(source.document_id, memo)
        for code in _all_codes(self.parsed.codes):
            code_id = self.code_ids.get(ref_key(code.key))
            for ref in code.note_refs:
                self._memo_row(ref, memo_uuids, code=code_id)
        for ref in self.parsed.note_refs:
            self._memo_row(ref, memo_uuids)
        for key, (note, _text) in self.note_texts.items():
            if key not in self.used_notes:
                self._memo_row(note.key, memo_uuids)

    def _add_document_memo(self, document_id: int, memo: str) -> None:
        document = Document.get_by_id(document_id)
        if memo in document.memo:
            return
        self.rec.update(document, memo=f"{document.memo}\n\n{memo}" if document.memo else memo)
        self.report.notes += 1

    def _memo_row(self, ref: str, memo_uuids: set[str], document: int | None = None, code: int | None = None) -> None:
        key = ref_key(ref)
        if key in self.used_notes or key not in self.note_texts:
            return
        note, text = self.note_texts[key]
        self.used_notes.add(key)
        guid = normalise_guid(note.key)
        if guid in memo_uuids:
            return  # imported before
        guid = guid or str(uuid_module.uuid4())
        memo_uuids.add(guid)
        coder = self.coder_for(note.user_ref) if note.user_ref else None
        extra = {"created_at": note.created, "modified_at": note.created} if note.created else {}
        self.rec.insert(Memo, uuid=guid, title=note.name, body=text, document=document, code=code, coder=coder,
                        **extra)
        self.report.notes += 1


def _all_codes(codes: list[PCode]):
    """Every code of the tree, parents before children (iterative: any depth)."""
    stack = list(reversed(codes))
    while stack:
        code = stack.pop()
        yield code
        stack.extend(reversed(code.children))


def _all_keys(parsed: Parsed):
    yield from (u.key for u in parsed.users)
    yield from (c.key for c in _all_codes(parsed.codes))
    for source in parsed.sources:
        yield source.key
        yield from (s.key for s in source.selections)


def _colour(value: str | None) -> str | None:
    return rgb(value)


def _kind_word(kind: str) -> str:
    return {"TextSource": "text source", "PDFSource": "PDF source", "PictureSource": "picture source",
            "AudioSource": "audio source", "VideoSource": "video source"}.get(kind, kind)
