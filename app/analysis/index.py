"""The search index: where every folded token occurs, so a query reads no text (SQLite).

For each folded token (``app.analysis.query.tokens``, the one definition of a token) the
index keeps its occurrences as rows of four int32 — document, token number in the
document, start, end (code points) — in one blob per token and *batch* (the documents
indexed together). A query fetches the blobs of its terms, joins phrases on consecutive
token numbers, answers the boolean question on the documents found, and returns the
hits exactly as ``Matcher.hits`` would find them scanning the texts (the portable path,
used on PostgreSQL and read-only or locked files; tests compare the two).

The index is a derived cache inside the project file (tables made lazily, no migration).
Before each use it is brought up to date: when the audit log has grown since the last
sync, documents whose text hash differs from what was indexed (new, removed,
re-imported) are indexed again in a new batch, and only those; the rows they had in
older batches are ignored from then on (each document belongs to one batch). When more
than ``_MAX_SMALL`` batches hold fewer than half of ``_BATCH_DOCS`` current documents,
their documents are re-indexed together into one batch (imports interleaved with
searches thus never leave thousands of tiny batches). This also picks up documents
imported by another program (another process writes the audit log too).

The tables are portable SQL (peewee models); only ``usable`` decides that PostgreSQL
scans instead, so that one file format is all the index has to know. The old full-text tables
of earlier versions are dropped on the first sync (``db.sqlite_specific``).
"""
from __future__ import annotations

import numpy as np
from peewee import SQL, BlobField, CompositeKey, IntegerField, Model, TextField, fn

from app.analysis.query import FOLD_TABLE, TOKEN, Node, Or, Term, all_terms, leaves, ordered_hits
from db import backend, sqlite_specific
from db.models import AuditEntry, Document, database_proxy

_MARKER = "audit_id"
_BATCH_DOCS = 1000  # documents tokenized (and stored) together
_MAX_SMALL = 12  # batches under half full before they are merged
_COLS = 4  # document, token number, start, end


class IndexPosting(Model):
    term = TextField()
    batch = IntegerField()
    data = BlobField()  # int32 rows (document, token number, start, end), by document then token

    class Meta:
        database = database_proxy
        table_name = "analysis_postings"
        primary_key = CompositeKey("term", "batch")


class IndexDocument(Model):
    doc_id = IntegerField(primary_key=True)
    sha = TextField()
    batch = IntegerField()

    class Meta:
        database = database_proxy
        table_name = "analysis_index_docs"


class IndexState(Model):
    key = TextField(primary_key=True)
    value = TextField(null=True)

    class Meta:
        database = database_proxy
        table_name = "analysis_index_state"


_MODELS = (IndexPosting, IndexDocument, IndexState)
# the document -> batch map of the last sync, by database file and audit position
_BATCH_OF: dict[str, tuple[str, np.ndarray]] = {}


def _marker() -> str:
    return str(AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0)


def _state(key: str) -> str | None:
    row = IndexState.get_or_none(IndexState.key == key)
    return None if row is None else row.value


def _rows(db, sql: str, params=()) -> list[tuple]:
    return db.execute_sql(sql, params).fetchall()


def _in(db, ids) -> SQL:
    """``IN (1, 2, ...)``: integer ids written out, without a peewee node per id."""
    return SQL("(" + ", ".join(str(int(i)) for i in ids) + ")")


# ASCII bytes: letters lower-cased, digits kept, everything else a space / token flags
_SPLIT = bytes(c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57) else 32 for c in range(256))
_FLAG = bytes(1 if (65 <= c <= 90 or 97 <= c <= 122 or 48 <= c <= 57) else 0 for c in range(256))
_ASCII_FLAGS = np.frombuffer(_FLAG[:128], dtype=np.int8)


class _TokenChars(dict):
    """Code point -> 1 if ``query.TOKEN`` takes it as a token character (its own Unicode tables)."""

    def __missing__(self, code: int) -> int:
        value = self[code] = 1 if TOKEN.fullmatch(chr(code)) else 0
        return value


_TOKEN_CHARS = _TokenChars()


def _tokenize(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(folded tokens, starts, ends) of a text, exactly ``query.tokens``, vectorised: token
    characters flagged per code point, runs found with one ``diff``, each token folded."""
    if text.isascii():
        raw = text.encode("ascii")
        flags = np.frombuffer(raw.translate(_FLAG), dtype=np.int8)
        edges = np.diff(flags, prepend=np.int8(0), append=np.int8(0))
        words = raw.translate(_SPLIT).decode("ascii").split()
        return words, np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    wide = points >= 128
    flags = _ASCII_FLAGS[np.where(wide, 0, points)]
    if wide.any():
        chars, where = np.unique(points[wide], return_inverse=True)
        flags[wide] = np.array([_TOKEN_CHARS[int(c)] for c in chars], dtype=np.int8)[where]
    edges = np.diff(flags, prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    words = [w.lower() if w.isascii() else w.translate(FOLD_TABLE)
             for w in map(text.__getitem__, map(slice, starts.tolist(), ends.tolist()))]
    if "" in words:  # tokens folding to nothing (a lone combining mark) are no tokens
        keep = np.array([bool(w) for w in words])
        words = [w for w in words if w]
        starts, ends = starts[keep], ends[keep]
    return words, starts, ends


def _build_batch(docs: list[tuple[int, str]]) -> list[tuple[str, bytes]]:
    """(term, blob) of every token of these documents."""
    words: list[str] = []
    starts, ends, counts = [], [], []
    for _doc_id, text in docs:
        w, s, e = _tokenize(text)
        words.extend(w)
        starts.append(s)
        ends.append(e)
        counts.append(len(w))
    if not words:
        return []
    counts = np.array(counts, dtype=np.int64)
    table = np.empty((len(words), _COLS), dtype=np.int32)
    table[:, 0] = np.repeat(np.array([d for d, _ in docs], dtype=np.int64), counts)
    table[:, 1] = np.arange(len(words)) - np.repeat(np.cumsum(counts) - counts, counts)
    table[:, 2] = np.concatenate(starts)
    table[:, 3] = np.concatenate(ends)
    ids = dict.fromkeys(words)
    for k, word in enumerate(ids):
        ids[word] = k
    kind = np.uint16 if len(ids) <= 1 << 16 else np.int32  # 16 bits: numpy sorts by radix
    term_ids = np.fromiter(map(ids.__getitem__, words), dtype=kind, count=len(words))
    order = np.argsort(term_ids, kind="stable")  # by term, then (document, token) as built
    table = table[order]
    bounds = np.concatenate(([0], np.cumsum(np.bincount(term_ids, minlength=len(ids))))).tolist()
    return [(word, table[bounds[k]:bounds[k + 1]].tobytes()) for word, k in ids.items()]


def _new_batch() -> int:
    """A batch number never used before in this file (also when the last one emptied)."""
    batch = int(_state("batch") or 0) + 1
    IndexState.insert(key="batch", value=str(batch)).on_conflict_replace().execute()
    return batch


def _index(db, doc_ids: list[int]) -> None:
    """Index these documents in new batches (their older rows are ignored from now on)."""
    insert_posting = (f"INSERT INTO {IndexPosting._meta.table_name} (term, batch, data) "
                      f"VALUES ({db.param}, {db.param}, {db.param})")
    insert_doc = (f"INSERT INTO {IndexDocument._meta.table_name} (doc_id, sha, batch) "
                  f"VALUES ({db.param}, {db.param}, {db.param})")
    for k in range(0, len(doc_ids), _BATCH_DOCS):
        chunk = doc_ids[k:k + _BATCH_DOCS]
        batch = _new_batch()
        query = Document.select(Document.id, Document.text_sha256, Document.text).where(Document.id.in_(_in(db, chunk)))
        rows = db.execute_sql(*query.sql()).fetchall()
        IndexDocument.delete().where(IndexDocument.doc_id.in_(_in(db, chunk))).execute()
        cursor = db.cursor()
        cursor.executemany(insert_posting, [(t, batch, blob) for t, blob in _build_batch([(i, x) for i, _, x in rows])])
        cursor.executemany(insert_doc, [(i, sha, batch) for i, sha, _ in rows])


def _merge_small(db, before: set[int]) -> None:
    """Re-index the documents of under-filled batches together; drop batches left empty
    (``before``: the batches that held documents before this sync)."""
    sizes = dict(_rows(db, f"SELECT batch, COUNT(*) FROM {IndexDocument._meta.table_name} GROUP BY batch"))
    empty = [b for b in before if b not in sizes]
    small = [b for b, n in sizes.items() if n < _BATCH_DOCS // 2]
    if len(small) > _MAX_SMALL:
        docs = [d for (d,) in IndexDocument.select(IndexDocument.doc_id).where(
            IndexDocument.batch.in_(small)).tuples()]
        _index(db, docs)
        empty += small
    if empty:
        IndexPosting.delete().where(IndexPosting.batch.in_(empty)).execute()


def sync(db) -> int:
    """Bring the index up to date; returns how many documents were (re)indexed.

    Raises one of ``backend.STORE_ERRORS`` when the index cannot be written (read-only
    or locked file): ``usable`` then says to use the portable path.
    """
    with db.atomic():
        marker = _marker()
        if IndexState.table_exists() and _state(_MARKER) == marker:
            return 0
        if sqlite_specific.fts_exists(db):  # the full-text table of earlier versions: replaced by this one
            sqlite_specific.fts_drop(db)
        db.create_tables(_MODELS, safe=True)
        indexed, batches = {}, set()
        for doc_id, sha, batch in IndexDocument.select(IndexDocument.doc_id, IndexDocument.sha,
                                                       IndexDocument.batch).tuples():
            indexed[doc_id] = sha
            batches.add(batch)
        current = dict(Document.select(Document.id, Document.text_sha256).tuples())
        stale = [i for i, sha in indexed.items() if current.get(i) != sha]
        for k in range(0, len(stale), 500):
            IndexDocument.delete().where(IndexDocument.doc_id.in_(stale[k:k + 500])).execute()
        todo = sorted(i for i, sha in current.items() if indexed.get(i) != sha)
        _index(db, todo)
        _merge_small(db, batches)
        IndexState.insert(key=_MARKER, value=marker).on_conflict_replace().execute()
        return len(todo)


def usable(db) -> bool:
    """Sync the index and say whether it can answer (False: use the portable path)."""
    if backend.is_postgres(db):
        return False
    try:
        sync(db)
    except backend.STORE_ERRORS:  # read-only or locked file: same answers by scanning
        return False
    return True


def drop(db) -> None:
    if not backend.is_postgres(db):
        with db.atomic():
            db.drop_tables(_MODELS, safe=True)
            sqlite_specific.fts_drop(db)
        _BATCH_OF.clear()


# -- answering a query (index usable and synced) ------------------------------------------


def _batch_of(db) -> np.ndarray:
    """document id -> its batch (-1: not indexed), cached until the audit log grows."""
    key = str(db.database)
    marker = _state(_MARKER) or ""
    cached = _BATCH_OF.get(key)
    if cached is not None and cached[0] == marker:
        return cached[1]
    pairs = _rows(db, f"SELECT doc_id, batch FROM {IndexDocument._meta.table_name}")
    top = max((d for d, _ in pairs), default=0)
    lookup = np.full(top + 1, -1, dtype=np.int64)
    if pairs:
        arr = np.array(pairs, dtype=np.int64)
        lookup[arr[:, 0]] = arr[:, 1]
    _BATCH_OF[key] = (marker, lookup)
    return lookup


def _after(word: str) -> str:
    """A string above every string that starts with ``word`` (code point order)."""
    last = ord(word[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:
        last = 0xE000
    return word[:-1] + chr(last) if last <= 0x10FFFF else word + "\U0010ffff"


def _occurrences(db, word: str, prefix: bool, lookup: np.ndarray) -> np.ndarray:
    """Rows (document, token, start, end) of a folded word (or of every word it begins)."""
    table = IndexPosting._meta.table_name
    if prefix:
        rows = _rows(db, f"SELECT term, batch, data FROM {table} WHERE term >= {db.param} AND term < {db.param}",
                     (word, _after(word)))
        rows = [(b, data) for t, b, data in rows if t.startswith(word)]
    else:
        rows = _rows(db, f"SELECT batch, data FROM {table} WHERE term = {db.param}", (word,))
    parts = []
    for batch, data in rows:
        part = np.frombuffer(data, dtype=np.int32).reshape(-1, _COLS)
        docs = part[:, 0]
        inside = docs < len(lookup)
        keep = inside.copy()
        keep[inside] = lookup[docs[inside]] == batch
        parts.append(part if keep.all() else part[keep])
    if not parts:
        return np.empty((0, _COLS), dtype=np.int32)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _term_spans(db, term: Term, lookup: np.ndarray) -> np.ndarray:
    """Rows (document, start, end) of a term's occurrences; a phrase: consecutive tokens."""
    n = len(term.words)
    first = _occurrences(db, term.words[0], term.prefix and n == 1, lookup)
    if n == 1 or not len(first):
        return first[:, [0, 2, 3]].astype(np.int64)
    key = (first[:, 0].astype(np.int64) << 32) | first[:, 1].astype(np.int64)
    start, end = first[:, 2].astype(np.int64), first[:, 3].astype(np.int64)
    keep = np.ones(len(first), dtype=bool)
    for i, word in enumerate(term.words[1:], 1):
        nxt = _occurrences(db, word, term.prefix and i == n - 1, lookup)
        if not len(nxt):
            keep[:] = False
            break
        nkey = (nxt[:, 0].astype(np.int64) << 32) | nxt[:, 1].astype(np.int64)
        order = np.argsort(nkey, kind="stable")
        nkey = nkey[order]
        at = np.minimum(np.searchsorted(nkey, key + i), len(nkey) - 1)
        found = nkey[at] == key + i
        keep &= found
        end = np.where(found, nxt[order, 3][at], end)
    return np.stack([first[:, 0].astype(np.int64)[keep], start[keep], end[keep]], axis=1)


def _documents(node: Node, docs_of: dict[Term, np.ndarray]) -> np.ndarray:
    """The documents matching the whole query (sorted ids), from each term's documents."""
    if isinstance(node, Term):
        return docs_of[node]
    if isinstance(node, Or):
        out = docs_of_empty = np.empty(0, dtype=np.int64)
        for o in node.options:
            out = np.union1d(out, _documents(o, docs_of))
        return out if len(node.options) else docs_of_empty
    out = None
    for p in node.positive:
        found = _documents(p, docs_of)
        out = found if out is None else np.intersect1d(out, found, assume_unique=True)
    for n in node.negative:
        out = np.setdiff1d(out, _documents(n, docs_of), assume_unique=True)
    return out


def find(db, node: Node, allowed: set[int] | None = None) -> dict[int, list[tuple[int, int, str]]]:
    """The hits by document, (start, end, term as written), as ``Matcher(node).hits`` gives
    them in each text, for the documents matching the query (and in ``allowed``, when
    given), by document id. No text is read."""
    lookup = _batch_of(db)
    spans = {t: _term_spans(db, t, lookup) for t in dict.fromkeys(all_terms(node))}
    docs = _documents(node, {t: np.unique(s[:, 0]) for t, s in spans.items()})
    if allowed is not None:
        docs = docs[np.isin(docs, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))]
    hit_terms = list(dict.fromkeys(leaves(node)))
    parts = []
    for k, term in enumerate(hit_terms):
        rows = spans[term]
        rows = rows[np.isin(rows[:, 0], docs)]
        parts.append(np.column_stack([rows, np.full(len(rows), k, dtype=np.int64)]))
    hits = np.concatenate(parts) if parts else np.empty((0, 4), dtype=np.int64)
    if not len(hits):
        return {}
    hits = hits[np.lexsort((hits[:, 3], -hits[:, 2], hits[:, 1], hits[:, 0]))]  # doc, start, longest, term
    d, s, e = hits[:, 0], hits[:, 1], hits[:, 2]
    same_doc = d[1:] == d[:-1]
    tangled = same_doc & (s[1:] < e[:-1])  # overlaps or repeats the hit before it
    names = [str(t) for t in hit_terms]
    d_list, s_list, e_list, k_list = (c.tolist() for c in hits.T)
    bounds = np.flatnonzero(np.concatenate(([True], ~same_doc, [True]))).tolist()
    special = set(d[1:][tangled].tolist())
    out = {}
    for a, b in zip(bounds, bounds[1:]):
        doc = d_list[a]
        if doc in special:  # the matcher's own rule for nested and repeated hits
            per_term = [[] for _ in hit_terms]
            for i in range(a, b):
                per_term[k_list[i]].append((s_list[i], e_list[i]))
            out[doc] = [(x, y, str(t)) for x, y, t in ordered_hits(per_term, hit_terms)]
        else:
            out[doc] = list(zip(s_list[a:b], e_list[a:b], map(names.__getitem__, k_list[a:b])))
    return out
