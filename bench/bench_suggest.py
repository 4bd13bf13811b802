"""Benchmark of code suggestions (lexical engine), each figure beside a same-run baseline.

Run: .venv/bin/python bench/bench_suggest.py [--docs 10000] [--seed N]

A generated corpus of ``--docs`` articles (~40 sentences, ~5 KB each) written into a
project in one change, with 200 segments of one code on sentences of its topic.
1. Indexing: cutting every article into sentences and fitting the TF-IDF index
   (stemmed words, no stop words). Baseline: scikit-learn's TfidfVectorizer with its
   built-in analyzer (no stemming, no stop words) on the same sentences.
   Target < 30 s for 10,000 articles.
2. Ranking every sentence for one code (the whole ``suggest`` call after indexing:
   read the code's segments, score, exclude covered and dismissed units, sort, take
   the top 10). Baseline: a plain regular-expression keyword scan over the same
   sentences (what a search box would cost). Target < 1 s.
3. Memory of the index (the sparse matrix; vocabulary size reported beside it).
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
import tracemalloc

import numpy as np
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

from app.articles.documents import text_hash  # noqa: E402
from app.coding import codebook  # noqa: E402
from app.project import Project  # noqa: E402
from app.suggest import engines, suggest  # noqa: E402
from db.models import Coder, Document, Segment, new_uuid, utc_now  # noqa: E402

TOPICS = [
    "employer policy harassment training complaint procedure office manager investigation contract".split(),
    "hashtag tweet retweet followers viral timeline platform share replies trending".split(),
    "lawsuit court judge attorney settlement testimony jury verdict prosecutor trial".split(),
    "survivor story silence courage disclosure trauma believe support voice speaking".split(),
]
FILLER = "the and of a to in that it was for on with as by at this from an women men campaign".split()


def sentence(rng: random.Random, topic: int) -> str:
    vocab = TOPICS[topic]
    words = [rng.choice(vocab) if rng.random() < 0.4 else rng.choice(FILLER) for _ in range(rng.randint(12, 22))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def build(path: Path, docs: int, seed: int) -> tuple[Project, int]:
    rng = random.Random(seed)
    project = Project.create(path, coder_name="bench")
    code = codebook.create_code(project, "Legal reckoning")
    coder = project.coder()
    rows, segs = [], []
    for i in range(docs):
        parts, pos, spans = [], 0, []
        for _ in range(40):
            topic = rng.randrange(len(TOPICS))
            s = sentence(rng, topic)
            if topic == 2:
                spans.append((pos, pos + len(s)))
            parts.append(s)
            pos += len(s) + 1
        text = " ".join(parts)
        uuid = new_uuid()
        rows.append({"uuid": uuid, "title": f"Article {i}", "text": text, "text_sha256": text_hash(text),
                     "char_count": len(text)})
        if len(segs) < 200 and spans and rng.random() < 0.5:
            segs.append((uuid, *spans[0]))
    with project.change("Bench corpus") as rec:
        rec.bulk_insert(Document, rows)
        ids = dict(Document.select(Document.uuid, Document.id).tuples())
        rec.bulk_insert(Segment, [{"uuid": new_uuid(), "document": ids[u], "code": code.id, "coder": coder.id,
                                   "start": s, "end": e, "memo": "", "created_at": utc_now(),
                                   "modified_at": utc_now()} for u, s, e in segs])
    return project, code.id


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        project, code_id = build(Path(tmp) / "bench.chorus", args.docs, args.seed)
        print(f"corpus: {args.docs} articles, {Segment.select().count()} segments "
              f"(built in {time.perf_counter() - start:.1f} s)")
        start = time.perf_counter()
        index = engines.index_for(project, "lexical", "sentence")
        t_index = time.perf_counter() - start
        engines.forget(project)  # once more, traced for memory (tracing slows Python: not timed)
        tracemalloc.start()
        index = engines.index_for(project, "lexical", "sentence")
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        texts = index.units.texts
        start = time.perf_counter()
        TfidfVectorizer(dtype=np.float32).fit_transform(texts)
        t_base = time.perf_counter() - start
        print(f"1. index {len(texts):,} sentences: {t_index:.2f} s   baseline (sklearn default analyzer) "
              f"{t_base:.2f} s   ratio {t_index / t_base:.1f}x   target < 30 s: "
              f"{'met' if t_index < 30 else 'NOT met'}")
        t_rank = median_time(lambda: suggest.suggest_for_code(project, code_id, top=10), args.runs)
        pattern = re.compile(r"\b(lawsuit|court|judge|trial)\b", re.IGNORECASE)
        t_scan = median_time(lambda: [t for t in texts if pattern.search(t)], args.runs)
        print(f"2. rank all sentences for one code: {t_rank * 1000:.0f} ms   baseline (regex keyword scan) "
              f"{t_scan * 1000:.0f} ms   ratio {t_rank / t_scan:.2f}x   target < 1 s: "
              f"{'met' if t_rank < 1 else 'NOT met'}")
        print(f"3. index memory: matrix {index.nbytes / 2**20:.1f} MiB, vocabulary "
              f"{len(index.terms):,} stems; peak Python allocation while indexing "
              f"{peak / 2**20:.0f} MiB")
        top = suggest.suggest_for_code(project, code_id, top=10)
        on_topic = sum(any(w in s.text.lower() for w in TOPICS[2]) for s in top)
        print(f"   top 10 on the code's topic: {on_topic}/10")
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
