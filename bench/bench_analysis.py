"""Benchmark of the analyses, each beside a baseline measured in the same run.

Run: .venv/bin/python bench/bench_analysis.py [--docs 10000] [--segments 100000] [--seed 1]

1. Search: 10,000 generated articles (~5 KB each, ~50 MB; one in ten with accents,
   ligatures and emoji) in one project. Index build (first search: token positions of
   every document), then the index kept up to date: 10 more articles imported, one
   sync. Then queries (words, a phrase, a prefix, AND/OR/NOT), median of 5 runs each,
   through app.analysis.search.search (all hits with positions and context; the hits
   come from the index, the texts of the matching documents are read for the context).
   Baseline: a plain Python regex scan of every text (read from the project,
   case-insensitive), the way one would do it without an index. Targets: index < 10 s;
   < 50 ms a query.
2. Co-occurrence over 100,000 segments (on those documents, 24 codes), overlap and
   paragraph scope, through app.analysis.cooccurrence (cells with their passages as
   arrays; turning every passage of every cell into Passage tuples is timed apart).
   Baseline: every pair of segments of each document compared (brute force, counting
   pairs only). Target: < 1 s. Paragraph scope is timed cold (paragraphs found in the
   texts) and warm (cached).
3. Saturation over 1,000 documents (the first 1,000, in import order). Baseline:
   the same test recomputed naively (unions rebuilt from scratch at every step).
   Target: < 0.5 s.
"""
from __future__ import annotations

import argparse
import os
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.analysis import index  # noqa: E402
from app.analysis.cooccurrence import _PARAGRAPH_CACHE, cooccurrence  # noqa: E402
from app.analysis.saturation import saturation  # noqa: E402
from app.analysis.search import search  # noqa: E402
from app.articles.documents import text_hash  # noqa: E402
from app.project import Project  # noqa: E402
from db.models import Code, Document, Segment, new_uuid  # noqa: E402

SYLLABLES = "ka ri mo ten sa lu per vi no da ex ta qua len mi ro zo fe ul an".split()
COMMON = ("the of and to in a is that for it as was with be by on not he this are or his from at which "
          "but have an they you were their one all we can her has there been if more when will would who so").split()
ACCENTED = ["café", "naïve", "résumé", "Zoë", "😀", "İstanbul", "coöperate", "señor", "Café", "CAFÉ"]
RARE = ["Straße", "ﬁnance"]  # characters folding to two (ß -> ss): the slow path
QUERIES = ["harassment", '"press office"', "reckon*", "harassment AND court", "silence OR testimony",
           "workplace NOT policy", "cafe", "zzyzx", "RARE1", "RARE2 OR RARE3", '"RARE4 RARE5"']


def vocabulary(rng: random.Random, n: int = 6000) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def article(rng: random.Random, vocab: list[str], weights: list[float], i: int, unicode: bool) -> str:
    parts, length = [f"Article {i}\n\n"], 0
    topical = ["harassment", "court", "silence", "testimony", "workplace", "policy", "press", "office",
               "reckoning", "reckoned"]
    while length < 5000:
        r = rng.random()
        if r < 0.45:
            word = rng.choice(COMMON)
        elif r < 0.452:
            word = rng.choice(topical)
        elif unicode and r < 0.47:
            word = rng.choice(ACCENTED) if (i % 100 or rng.random() < 0.9) else rng.choice(RARE)
        else:
            word = rng.choices(vocab, cum_weights=weights)[0]
        end = ".\n\n" if rng.random() < 0.01 else (". " if rng.random() < 0.06 else " ")
        parts.append(word + end)
        length += len(word) + len(end)
    if rng.random() < 0.3:
        parts.append("the press office said so. ")
    return "".join(parts)


def add_document(project: Project, text: str, title: str) -> None:
    """One imported article: one change, like the importer's."""
    with project.change(f"Import {title}") as rec:
        rec.insert(Document, title=title, text=text, text_sha256=text_hash(text), char_count=len(text))


CPU = {"on": True}


def timed(fn, repeat: int = 1):
    """Median time of ``repeat`` runs: CPU time of this process (SQLite runs in it too), so
    figures stay comparable on a machine shared with other jobs; --wall for wall time."""
    clock = time.process_time if CPU["on"] else time.perf_counter
    times, result = [], None
    for _ in range(repeat):
        start = clock()
        result = fn()
        times.append(clock() - start)
    return statistics.median(times), result


def build(path: Path, n_docs: int, n_segments: int, seed: int) -> Project:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = list(itertools.accumulate(1 / (k + 1) for k in range(len(vocab))))
    project = Project.create(path, coder_name="bench")
    rows = []
    for i in range(n_docs):
        text = article(rng, vocab, weights, i, unicode=(i % 10 == 0))
        rows.append({"uuid": new_uuid(), "title": f"Article {i}", "source": f"Outlet {i % 7}",
                     "published": f"{2015 + i % 8}-{1 + i % 12:02d}-01", "text": text, "text_sha256": text_hash(text),
                     "char_count": len(text)})
    with project.change("bench documents") as rec:
        rec.bulk_insert(Document, rows)
    with project.change("bench codes") as rec:
        parents = [rec.insert(Code, name=f"Theme {k}") for k in range(4)]
        codes = [rec.insert(Code, name=f"code {k}", parent=parents[k % 4].id) for k in range(20)] + parents
    coders = [project.coder("ana"), project.coder("ben")]
    docs = list(Document.select(Document.id, Document.char_count).tuples())
    segs = []
    for k in range(n_segments):
        doc_id, length = docs[k % len(docs)]
        start = rng.randrange(0, max(1, length - 400))
        segs.append({"uuid": new_uuid(), "document": doc_id, "code": rng.choice(codes).id,
                     "coder": rng.choice(coders).id, "start": start, "end": start + rng.randint(20, 400), "memo": ""})
    with project.change("bench segments") as rec:
        rec.bulk_insert(Segment, segs)
    return project


def regex_baseline(query: str):
    """Plain scan: every text read and searched with one case-insensitive regex."""
    words = [w for w in regex.findall(r"[\w]+", query) if w not in ("AND", "OR", "NOT")]
    pattern = regex.compile("|".join(rf"\b{regex.escape(w)}" + (r"\w*" if query.endswith("*") else r"\b")
                                     for w in words), regex.IGNORECASE)
    hits = 0
    for _, text in Document.select(Document.id, Document.text).tuples().iterator():
        hits += sum(1 for _ in pattern.finditer(text))
    return hits


def brute_overlap():
    by_doc = defaultdict(list)
    for row in Segment.select(Segment.document, Segment.code, Segment.start, Segment.end).tuples():
        by_doc[row[0]].append(row)
    pairs = Counter()
    for segs in by_doc.values():
        for a, b in itertools.combinations(segs, 2):
            if a[1] != b[1] and a[2] < b[3] and b[2] < a[3]:
                pairs[frozenset((a[1], b[1]))] += 1
    return pairs


def naive_saturation(code_sets, base=4, run=2, threshold=0.05):
    for k in range(base, len(code_sets) - run + 1):
        known = set().union(*code_sets[:k])
        new = set().union(*code_sets[k:k + run]) - known
        if known and len(new) / len(known) <= threshold:
            return k
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--segments", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of process CPU time")
    args = parser.parse_args()
    CPU["on"] = not args.wall
    print(f"times: {'wall clock' if args.wall else 'CPU time of this process'}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    folder = Path(tempfile.mkdtemp(prefix="chorus-bench-analysis-"))
    t, project = timed(lambda: build(folder / "bench.chorus", args.docs, args.segments, args.seed))
    project.activate()
    megabytes = sum(len(t.encode()) for (t,) in Document.select(Document.text).tuples()) / 1e6
    print(f"corpus: {args.docs} documents, {megabytes:.1f} MB, {args.segments} segments (built in {t:.1f} s)")

    print("\n1. search")
    t_index, n = timed(lambda: index.sync(project.db))
    print(f"  index build: {n} documents in {t_index:.2f} s   (target < 10 s)")
    rng = random.Random(args.seed + 1)
    for i in range(10):
        add_document(project, article(rng, ["extra"], [1.0], args.docs + i, False) + " zebra", f"New {i}")
    t_inc, n = timed(lambda: index.sync(project.db))
    print(f"  after importing 10 more: {n} documents re-indexed in {t_inc * 1000:.1f} ms (no rebuild)")
    t_noop, _ = timed(lambda: index.sync(project.db), 5)
    print(f"  sync with nothing changed: {t_noop * 1000:.2f} ms")
    print(f"  {'query':32} {'hits':>7} {'docs':>6} {'Chorus ms':>10} {'regex scan ms':>14}")
    vocab = vocabulary(random.Random(args.seed))
    rare = {f"RARE{k}": vocab[1500 + 97 * k] for k in range(1, 6)}  # Zipf rank ~1,600-2,000: a few % of documents
    for query in QUERIES:
        for key, word in rare.items():
            query = query.replace(key, word)
        t_q, result = timed(lambda: search(project, query), 5)
        t_b, _ = timed(lambda: regex_baseline(query), 1)
        print(f"  {query:32} {len(result.hits):7} {result.documents:6} {t_q * 1000:10.1f} {t_b * 1000:14.0f}")
    t_page, page = timed(lambda: search(project, "silence OR testimony", limit=2000), 5)
    print(f"  first page as the window lists it (2,000 hits), 'silence OR testimony': {t_page * 1000:.0f} ms")
    t_scan, result = timed(lambda: search(project, "harassment", mode="scan"), 1)
    print(f"  portable path (no index, as on PostgreSQL), 'harassment': {t_scan * 1000:.0f} ms, "
          f"{len(result.hits)} hits")

    print("\n2. co-occurrence over", Segment.select().count(), "segments")
    t_o, result = timed(lambda: cooccurrence(project, "overlap"), 3)
    print(f"  overlap: {t_o:.3f} s, {len(result.cells)} cells, "
          f"{sum(c.count for c in result.cells)} overlapping pairs   (target < 1 s)")
    _PARAGRAPH_CACHE.clear()
    t_pc, result = timed(lambda: cooccurrence(project, "paragraph"), 1)
    t_pw, _ = timed(lambda: cooccurrence(project, "paragraph"), 3)
    print(f"  paragraph: {t_pc:.3f} s cold (paragraphs found in {megabytes:.0f} MB of text), {t_pw:.3f} s warm, "
          f"{len(result.cells)} cells   (target < 1 s)")
    t_d, _ = timed(lambda: cooccurrence(project, "document"), 3)
    print(f"  document: {t_d:.3f} s")
    overlap = cooccurrence(project, "overlap")
    t_all, n_passages = timed(lambda: sum(len(c.passages) for c in overlap.cells), 1)
    print(f"  overlap, every passage of every cell as Passage tuples: +{t_all:.3f} s ({n_passages} passages)")
    t_b, pairs = timed(brute_overlap, 1)
    print(f"  baseline, brute-force pairs per document (overlap): {t_b:.3f} s, {sum(pairs.values())} pairs")

    print("\n3. saturation over 1,000 documents")
    first = [d for (d,) in Document.select(Document.id).order_by(Document.id).limit(1000).tuples()]
    t_s, (sat, *_) = timed(lambda: saturation(project, order=first), 3)
    print(f"  Chorus: {t_s:.3f} s, result {sat.result.label} with {len(sat.sensitivity)} sensitivity runs "
          f"(target < 0.5 s)")
    sets = defaultdict(set)
    for d, c in Segment.select(Segment.document, Segment.code).where(Segment.document.in_(first)).tuples():
        sets[d].add(c)
    t_n, point = timed(lambda: naive_saturation([sets[d] for d in first if d in sets]), 3)
    print(f"  baseline, naive recomputation (one assessment, data in memory): {t_n:.3f} s, point {point}")
    project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
