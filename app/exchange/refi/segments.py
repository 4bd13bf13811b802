"""PlainTextSelections -> segments (one per Coding), checked and remapped, bulk-inserted."""
from __future__ import annotations

from collections import defaultdict

from app.coding.graphemes import split_warning, splits_grapheme
from app.exchange.refi.ids import NS_EXTRA_CODING, derived, normalise_guid, ref_key
from db.models import Segment, utc_now

MAX_LISTED = 20  # skipped selections listed one by one in the report
_SIMPLE = "\u0300"  # below U+0300 no character extends or joins a grapheme cluster


def _plain_boundary(text: str, position: int) -> bool:
    """A sure grapheme-cluster boundary without looking further: the text's ends, or between two
    characters below U+0300 other than CR LF (``graphemes.is_boundary`` decides every other place)."""
    if position <= 0 or position >= len(text):
        return True
    before, after = text[position - 1], text[position]
    return before < _SIMPLE and after < _SIMPLE and not (before == "\r" and after == "\n")


def _coding_notes(sel) -> bool:
    return any(c.note_refs for c in sel.codings)


class SegmentBuilder:
    def __init__(self, importer, sources):
        self.imp = importer
        self.sources = sources
        self.rows: list[dict] = []
        self.document_memo_extra: dict[int, list[str]] = defaultdict(list)
        self.broken = 0
        self.total = 0
        self._skipped: list[str] = []
        self.split_graphemes: list[str] = []  # selections whose bounds fall inside a grapheme cluster

    def build(self) -> None:
        imp = self.imp
        known = {u for (u,) in Segment.select(Segment.uuid).tuples()}
        reused_docs = [s.document_id for s in self.sources if s.reused]
        existing_keys = set()
        if reused_docs:
            existing_keys = set(Segment.select(Segment.document, Segment.code, Segment.coder, Segment.start,
                                               Segment.end).where(Segment.document.in_(reused_docs)).tuples())
        duplicates = 0
        now = utc_now()
        code_of: dict[str | None, int | None] = {}  # raw reference -> id (fast path)
        coder_of: dict[str | None, int] = {}
        rows = self.rows
        for source in self.sources:
            doc_id, text, name = source.document_id, source.text, source.parsed.name
            stored = text.text
            mapping = source.mapping
            length = mapping.length
            pairs = source.pairs
            if pairs is None:
                pairs = mapping.pairs([(sel.start, sel.end) for sel in source.parsed.selections])
            first_row = len(rows)
            memo_only = []
            for sel, (s, e) in zip(source.parsed.selections, pairs):
                self.total += 1
                start, end = sel.start, sel.end
                if start is None or end is None or not 0 <= start < end <= length:
                    self._skip(f"selection {sel.key} in '{name}': positions {sel.start}-{sel.end} are outside "
                               f"the text (0-{length})", broken=True)
                    continue
                if s is None or e is None:
                    self._skip(f"selection {sel.key} in '{name}': positions {sel.start}-{sel.end} fall inside a "
                               f"character ({mapping.reading.label})", broken=True)
                    continue
                if s >= e:
                    self._skip(f"selection {sel.key} in '{name}' covers only a removed line-end", broken=True)
                    continue
                if not (_plain_boundary(stored, s) and _plain_boundary(stored, e)) \
                        and splits_grapheme(stored, s, e):  # kept; the report says so (AGREEMENT)
                    self.split_graphemes.append(f"'{name}' {split_warning(s, e)}")
                memo = self._memo(sel) if sel.description or sel.note_refs or _coding_notes(sel) else ""
                if not sel.codings:
                    if memo:
                        memo_only.append((s, e, memo))
                    else:
                        self._skip(f"selection {sel.key} in '{name}' has no coding and no memo")
                    continue
                for index, coding in enumerate(sel.codings):
                    code_id = code_of.get(coding.code_ref)
                    if code_id is None:
                        code_id = code_of[coding.code_ref] = imp.code_ids.get(ref_key(coding.code_ref))
                    if code_id is None:
                        self._skip(f"coding of selection {sel.key} in '{name}' refers to an unknown code "
                                   f"{coding.code_ref}", broken=True)
                        continue
                    user_ref = coding.user_ref or sel.user_ref
                    coder_id = coder_of.get(user_ref)
                    if coder_id is None:
                        coder_id = coder_of[user_ref] = imp.coder_for(user_ref)
                    key = (doc_id, code_id, coder_id, s, e)
                    if key in existing_keys:
                        duplicates += 1
                        continue
                    guid = normalise_guid(sel.key) if index == 0 else None
                    if guid is None or guid in known:
                        guid = derived(NS_EXTRA_CODING, sel.key or "", str(index), coding.code_ref or "", str(doc_id))
                        if guid in known:
                            duplicates += 1
                            continue
                    known.add(guid)
                    existing_keys.add(key)
                    created = coding.created or sel.created or now
                    rows.append({"uuid": guid, "document": doc_id, "code": code_id, "coder": coder_id,
                                 "start": s, "end": e, "memo": memo, "created_at": created,
                                 "modified_at": sel.modified or created})
            self._attach_memos(doc_id, stored, memo_only, rows[first_row:])
        if self.total and self.broken * 2 > self.total:
            raise imp.error(f"{self.broken} of {self.total} selections are out of range or refer to unknown codes "
                            "(does the file belong to these sources?)")
        if duplicates:
            imp.report.warnings.append(f"{duplicates} codings were already in the project: not added again")
        if self.split_graphemes:
            first = self.split_graphemes[0]
            more = f" (and {len(self.split_graphemes) - 1} more)" if len(self.split_graphemes) > 1 else ""
            imp.report.warnings.append(f"{len(self.split_graphemes)} selections split a grapheme cluster: "
                                       f"{first}{more}")
        imp.report.skipped.extend(self._skipped[:MAX_LISTED])
        if len(self._skipped) > MAX_LISTED:
            imp.report.skipped.append(f"... and {len(self._skipped) - MAX_LISTED} more selections skipped")
        imp.rec.bulk_insert(Segment, self.rows, batch=max(len(self.rows), 1))  # one executemany
        imp.report.segments += len(self.rows)

    def _skip(self, message: str, broken: bool = False) -> None:
        self._skipped.append(message)
        if broken:
            self.broken += 1

    def _memo(self, sel) -> str:
        clean = self.imp.clean
        parts = [clean(sel.description)] if sel.description else []
        refs = list(sel.note_refs) + [r for c in sel.codings for r in c.note_refs]
        for ref in refs:
            text = self.imp.note_text(ref)
            if text and text not in parts:
                parts.append(text)
        return "\n\n".join(p for p in parts if p)

    def _attach_memos(self, doc_id: int, text: str, memo_only: list[tuple[int, int, str]],
                      doc_rows: list[dict]) -> None:
        """Memos on uncoded selections: onto the segments of the same span (``doc_rows``: the rows made
        for this document, each source having a document of its own), else the document memo."""
        if not memo_only:
            return
        by_span = defaultdict(list)
        for row in doc_rows:
            by_span[(row["start"], row["end"])].append(row)
        for s, e, memo in memo_only:
            targets = by_span.get((s, e))
            if targets:
                for row in targets:
                    if memo not in row["memo"]:
                        row["memo"] = f"{row['memo']}\n\n{memo}" if row["memo"] else memo
                continue
            quote = text[s:e]
            quote = quote if len(quote) <= 80 else quote[:79] + "\u2026"
            self.document_memo_extra[doc_id].append(f"Memo on characters {s}\u2013{e} (\u201c{quote}\u201d):\n{memo}")
            self.imp.report.warnings.append(f"a memo on an uncoded passage ({s}\u2013{e}) was added to the "
                                            "document memo")
