"""Full-text search across the corpus, with keyword-in-context and filters.

``search(project, query)`` finds every occurrence of the query's terms (see
``app.analysis.query`` for the syntax and the folding rules) or, with ``regex=True``,
of a regular expression. Hits are code-point spans into the stored text, like segments.

Filters: document attributes (outlet = ``Document.source``, publication date range,
any named attribute), documents; code (only hits inside a segment of that code or its
sub-codes), uncoded (only hits that overlap no segment); coders (whose segments the
code filters look at; blind mode restricts it to the current coder).

Hits come from the SQLite search index when it can be used (``app.analysis.index``:
token positions, no text scanned), or from a scan of every text with the matcher
(PostgreSQL, read-only files): same answers. Texts are read only for the documents with
hits (context, code filters).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

import regex as re_module
from peewee import SQL

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
            Segment.document.in_(_id_list(ids[k:k + 500])))
        if code_ids is not None:
            query = query.where(Segment.code.in_(code_ids))
        if coders is not None:
            query = query.where(Segment.coder.in_(coders))
        for d, s, e in query.tuples():
            out.setdefault(d, []).append((s, e))
    return out


def _id_list(ids) -> SQL:
    """``(1, 2, ...)`` for ``IN``: integer ids written out (``int`` keeps it safe), without
    the peewee node and parameter per id that cost more than reading the rows."""
    return SQL("(" + ", ".join(str(int(i)) for i in ids) + ")")


def _texts(ids) -> tuple[dict[int, str], dict[int, tuple]]:
    """Document texts by id, and (title, source, published), read straight from the cursor
    (one row read per document: reading a row costs more than the columns)."""
    db = Document._meta.database
    query = Document.select(Document.id, Document.text, Document.title, Document.source,
                            Document.published).where(Document.id.in_(_id_list(ids)))
    rows = db.execute_sql(*query.sql()).fetchall()
    return {r[0]: r[1] for r in rows}, {r[0]: r[2:] for r in rows}


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
    truncated, candidate documents, {doc id: (title, source, published)}). With ``limit``, stops after the document that brings
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
        db = Document._meta.database
        if mode != "scan" and index.usable(db):
            used_index = True
            indexed = index.find(db, node, allowed)
            candidates = list(indexed)
            find = None
        elif mode == "index":
            raise QueryError("the full-text index cannot be used here (PostgreSQL or a read-only project)")
        else:
            candidates = sorted(allowed) if allowed is not None else [
                i for (i,) in Document.select(Document.id).order_by(Document.id).tuples()]
        if not used_index:
            matcher = Matcher(node)
            find = lambda text: [(s, e, str(t)) for s, e, t in matcher.hits(text)]  # noqa: E731
    texts: dict[int, str] = {}
    meta: dict[int, tuple] = {}
    found: dict[int, list[tuple[int, int, str]]] = {}
    total = 0
    truncated = False
    step = 2000 if limit is None else min(500, max(10, limit // 4))
    for k in range(0, len(candidates), step):
        chunk_ids = candidates[k:k + step]
        chunk, chunk_meta = _texts(chunk_ids)
        if find is None:  # the index found the hits already
            part = {doc_id: indexed[doc_id] for doc_id in chunk_ids}
        else:
            part = {}
            for doc_id in chunk_ids:
                spans = find(chunk[doc_id])
                if spans:
                    part[doc_id] = spans
        part = _apply_code_filters(project, filters, part)
        for doc_id, spans in part.items():
            found[doc_id] = spans
            texts[doc_id] = chunk[doc_id]
            meta[doc_id] = chunk_meta[doc_id]
            total += len(spans)
        if limit is not None and total >= limit and k + step < len(candidates):
            truncated = True
            break
    return found, texts, used_index, truncated, len(candidates), meta


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
    found, texts, used_index, truncated, candidates, meta = find_spans(project, query, regex=regex, filters=filters,
                                                                       mode=mode, limit=limit)
    result = SearchResult(query=query, regex=regex, used_index=used_index, documents=len(found),
                          truncated=truncated, candidates=candidates)
    make, hits = tuple.__new__, result.hits
    for doc_id in sorted(found):
        text = texts[doc_id]
        title, source, published = meta[doc_id]
        newlines = "\n" in text
        for start, end, term in found[doc_id]:
            lo = start - context
            before, after = text[lo if lo > 0 else 0:start], text[end:end + context]
            if newlines:
                before, after = before.replace("\n", " "), after.replace("\n", " ")
            hits.append(make(Hit, (doc_id, title, start, end, text[start:end], before, after, source, published,
                                   term)))
    return result
