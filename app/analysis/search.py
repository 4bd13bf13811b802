"""Full-text search across the corpus, with keyword-in-context and filters.

``search(project, query)`` finds every occurrence of the query's terms (see
``app.analysis.query`` for the syntax and the folding rules) or, with ``regex=True``,
of a regular expression. Hits are code-point spans into the stored text, like segments.

Filters: document attributes (outlet = ``Document.source``, publication date range,
any named attribute), documents; code (only hits inside a segment of that code or its
sub-codes), uncoded (only hits that overlap no segment); coders (whose segments the
code filters look at; blind mode restricts it to the current coder).

Candidate documents come from the SQLite full-text index when it can be used, or from a
scan of every text with the same matcher (PostgreSQL, read-only files): same answers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import regex as re_module

from app.analysis import index
from app.analysis.query import Matcher, QueryError, parse
from app.coding.codebook import descendants, resolve_code
from app.errors import NotFound
from app.team import blind
from db.models import Coder, Document, DocumentAttribute, Segment

REGEX_TIMEOUT_S = 5.0
Mode = Literal["auto", "index", "scan"]


@dataclass(frozen=True)
class SearchFilters:
    sources: tuple[str, ...] | None = None  # outlets (Document.source), exact
    date_from: str | None = None  # ISO date, inclusive, compared on Document.published
    date_to: str | None = None  # inclusive; '2018' or '2018-03' cover the whole year / month
    attributes: tuple[tuple[str, str], ...] = ()  # (name, value) pairs, all must hold
    documents: tuple[int, ...] | None = None  # document ids
    code: str | None = None  # code path, id or UUID: only hits inside its segments
    uncoded: bool = False  # only hits overlapping no segment
    coders: tuple[str, ...] | None = None  # whose segments the code filters see (None: all)


class Hit(NamedTuple):
    document_id: int
    document_title: str
    start: int
    end: int
    text: str
    before: str
    after: str
    source: str | None = None
    published: str | None = None
    term: str = ""

    @property
    def context(self) -> str:
        return f"{self.before}{self.text}{self.after}"

    def as_json(self) -> dict:
        return {"document_id": self.document_id, "document_title": self.document_title, "start": self.start,
                "end": self.end, "text": self.text, "context": self.context, "before": self.before,
                "after": self.after, "source": self.source, "published": self.published, "term": self.term}


@dataclass
class SearchResult:
    query: str
    regex: bool
    hits: list[Hit] = field(default_factory=list)
    documents: int = 0  # documents with at least one hit
    used_index: bool = False
    truncated: bool = False  # stopped at the limit: more hits remain
    candidates: int = 0  # documents the index (or the scan) looked at

    def as_json(self) -> dict:
        return {"query": self.query, "regex": self.regex, "documents": self.documents, "count": len(self.hits),
                "used_index": self.used_index, "truncated": self.truncated,
                "hits": [h.as_json() for h in self.hits]}


def _date_bound(value: str, upper: bool) -> str:
    """Partial dates cover their whole period: '2018' to '2018-12-31' as an upper bound."""
    value = value.strip()
    if upper and len(value) < 10:
        return value + "\uffff"
    return value


def allowed_documents(filters: SearchFilters) -> set[int] | None:
    """Ids of the documents the attribute filters allow (None: every document)."""
    query = Document.select(Document.id)
    restricted = False
    if filters.sources is not None:
        query = query.where(Document.source.in_(list(filters.sources)))
        restricted = True
    if filters.date_from:
        query = query.where(Document.published >= _date_bound(filters.date_from, False))
        restricted = True
    if filters.date_to:
        query = query.where(Document.published <= _date_bound(filters.date_to, True))
        restricted = True
    if filters.documents is not None:
        query = query.where(Document.id.in_(list(filters.documents)))
        restricted = True
    ids = {i for (i,) in query.tuples()} if restricted else None
    for name, value in filters.attributes:
        having = {d for (d,) in DocumentAttribute.select(DocumentAttribute.document).where(
            (DocumentAttribute.name == name) & (DocumentAttribute.value == value)).tuples()}
        ids = having if ids is None else ids & having
    return ids


def coder_ids(project, names: tuple[str, ...] | list[str] | None) -> list[int] | None:
    """Coder names to ids (unknown names raise NotFound); blind mode: only mine."""
    ids = None
    if names is not None:
        found = {n: i for n, i in Coder.select(Coder.name, Coder.id).where(Coder.name.in_(list(names))).tuples()}
        missing = [n for n in names if n not in found]
        if missing:
            raise NotFound(f"no coder {missing[0]!r}")
        ids = sorted(found.values())
    if project is not None and blind.is_blind(project):
        mine = blind.visible_coder_ids(project)
        ids = mine if ids is None else sorted(set(ids) & set(mine))
    return ids


def _segment_spans(doc_ids, code_ids: list[int] | None, coders: list[int] | None) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    ids = list(doc_ids)
    for k in range(0, len(ids), 500):
        query = Segment.select(Segment.document, Segment.start, Segment.end).where(
            Segment.document.in_(ids[k:k + 500]))
        if code_ids is not None:
            query = query.where(Segment.code.in_(code_ids))
        if coders is not None:
            query = query.where(Segment.coder.in_(coders))
        for d, s, e in query.tuples():
            out.setdefault(d, []).append((s, e))
    return out


def _texts(ids) -> dict[int, str]:
    """Document texts by id, read straight from the cursor."""
    db = Document._meta.database
    query = Document.select(Document.id, Document.text).where(Document.id.in_(list(ids)))
    return dict(db.execute_sql(*query.sql()).fetchall())


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    return before.replace("\n", " "), after.replace("\n", " ")


def compile_regex(pattern: str):
    try:
        return re_module.compile(pattern, re_module.V1)
    except re_module.error as exc:
        raise QueryError(f"regular expression {pattern!r}: {exc}") from exc


def regex_spans(compiled, text: str) -> list[tuple[int, int]]:
    """Non-empty matches of a compiled regular expression (stops a runaway pattern)."""
    try:
        return [m.span() for m in compiled.finditer(text, timeout=REGEX_TIMEOUT_S) if m.end() > m.start()]
    except TimeoutError as exc:
        raise QueryError(f"regular expression {compiled.pattern!r} takes too long on this text "
                         "(simplify it)") from exc


def find_spans(project, query: str, *, regex: bool = False, filters: SearchFilters | None = None,
               mode: Mode = "auto", limit: int | None = None):
    """The raw hits by document: ({doc id: [(start, end, term)]}, {doc id: text}, used index,
    truncated, candidate documents). With ``limit``, stops after the document that brings
    the hits to ``limit`` or more (documents are scanned in id order)."""
    filters = filters or SearchFilters()
    allowed = allowed_documents(filters)
    used_index = False
    if regex:
        compiled = compile_regex(query)
        candidates = sorted(allowed) if allowed is not None else [i for (i,) in Document.select(Document.id).tuples()]
        find = lambda text: [(s, e, query) for s, e in regex_spans(compiled, text)]  # noqa: E731
    else:
        node = parse(query)
        matcher = Matcher(node)
        db = Document._meta.database
        if mode != "scan" and index.usable(db):
            used_index = True
            candidates = index.candidates(db, node)
            if allowed is not None:
                candidates = [i for i in candidates if i in allowed]
        elif mode == "index":
            raise QueryError("the full-text index cannot be used here (PostgreSQL or a read-only project)")
        else:
            candidates = sorted(allowed) if allowed is not None else [
                i for (i,) in Document.select(Document.id).order_by(Document.id).tuples()]
        check = not used_index  # the index chose documents matching the whole query already
        find = lambda text: [(s, e, str(t)) for s, e, t in matcher.hits(text, check)]  # noqa: E731
    texts: dict[int, str] = {}
    found: dict[int, list[tuple[int, int, str]]] = {}
    total = 0
    truncated = False
    step = 500 if limit is None else min(500, max(10, limit // 4))
    for k in range(0, len(candidates), step):
        chunk_ids = candidates[k:k + step]
        chunk = _texts(chunk_ids)
        part = {}
        for doc_id in chunk_ids:
            spans = find(chunk[doc_id])
            if spans:
                part[doc_id] = spans
        part = _apply_code_filters(project, filters, part)
        for doc_id, spans in part.items():
            found[doc_id] = spans
            texts[doc_id] = chunk[doc_id]
            total += len(spans)
        if limit is not None and total >= limit and k + step < len(candidates):
            truncated = True
            break
    return found, texts, used_index, truncated, len(candidates)


def _apply_code_filters(project, filters: SearchFilters, found):
    if filters.code is None and not filters.uncoded and filters.coders is None:
        return found
    coders = coder_ids(project, filters.coders)
    if filters.code is not None:
        code = resolve_code(filters.code)
        code_ids = [code.id] + [c.id for c in descendants(code)]
        spans = _segment_spans(found, code_ids, coders)
        found = {d: [h for h in hits if any(s <= h[0] and h[1] <= e for s, e in spans.get(d, ()))]
                 for d, hits in found.items()}
    if filters.uncoded:
        spans = _segment_spans(found, None, coders)
        found = {d: [h for h in hits if not any(s < h[1] and h[0] < e for s, e in spans.get(d, ()))]
                 for d, hits in found.items()}
    return {d: hits for d, hits in found.items() if hits}


def search(project, query: str, *, regex: bool = False, filters: SearchFilters | None = None,
           context: int = 40, mode: Mode = "auto", limit: int | None = None) -> SearchResult:
    """Every hit of ``query`` in the corpus, by document then position, with its context.

    ``limit``: stop once that many hits are found (the window shows a first page;
    ``truncated`` says more documents remain, ``candidates`` how many may match)."""
    found, texts, used_index, truncated, candidates = find_spans(project, query, regex=regex, filters=filters,
                                                                 mode=mode, limit=limit)
    meta = {}
    ids = list(found)
    for k in range(0, len(ids), 500):
        rows = Document.select(Document.id, Document.title, Document.source, Document.published).where(
            Document.id.in_(ids[k:k + 500]))
        meta.update({i: (t, s, p) for i, t, s, p in Document._meta.database.execute_sql(*rows.sql()).fetchall()})
    result = SearchResult(query=query, regex=regex, used_index=used_index, documents=len(found),
                          truncated=truncated, candidates=candidates)
    for doc_id in sorted(found):
        text = texts[doc_id]
        title, source, published = meta[doc_id]
        for start, end, term in found[doc_id]:
            before, after = _context(text, start, end, context)
            result.hits.append(Hit(doc_id, title, start, end, text[start:end], before, after, source, published, term))
    return result
