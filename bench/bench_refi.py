"""Benchmark of the REFI-QDA exchange: .qdpx export and import of 100,000 segments.

Run: .venv/bin/python bench/bench_refi.py [--docs N] [--per-doc N]

Data: a project of 1,000 documents (~3,000 characters each, with emoji) x 100
segments = 100,000 segments (3 coders, 40 codes in two levels, memos on 10%),
built with ``rec.bulk_insert``. Baseline, same run: one raw sqlite3 query over the
same segment rows (joined to code and coder) written with csv.writer.
Target: export + import under 10 s on a 2-core machine.

Codebook: a .qdc of 10,000 codes (100 themes x 99 codes) imported into a new project;
target under 2 s. Every step runs ``--repeat`` times (default 3; the machine is shared):
the median is what counts, every run is printed.
"""
from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.articles.documents import text_hash  # noqa: E402
from app.project import Project  # noqa: E402
from app.exchange.refi import export_qdc, export_qdpx, import_exchange_file  # noqa: E402
from db.models import Code, Coder, Document, Segment, utc_now  # noqa: E402

TARGET_S = 10.0
CODEBOOK_TARGET_S = 2.0
WORDS = "the campaign women said harassment story power silence voice 😀 #MeToo trust court".split()


def build(path: Path, n_docs: int, per_doc: int, seed: int = 1) -> Project:
    rng = random.Random(seed)
    project = Project.create(path, coder_name="ann")
    project.activate()
    with project.change("bench data") as rec:
        coders = [{"uuid": str(uuid.uuid4()), "name": n, "colour": "#336699"} for n in ("ann", "bob", "cat")]
        rec.bulk_insert(Coder, coders)
        parents = [rec.insert(Code, name=f"theme {i}", colour="#ffcc00") for i in range(8)]
        codes = [rec.insert(Code, name=f"code {i}", parent=parents[i % 8].id, colour="#aa3355") for i in range(32)]
        code_ids = [c.id for c in parents + codes]
        docs = []
        for d in range(n_docs):
            words = [rng.choice(WORDS) for _ in range(500)]
            text = " ".join(words) + f"\ndocument {d}\n"
            docs.append({"uuid": str(uuid.uuid4()), "title": f"Article {d}", "text": text,
                         "text_sha256": text_hash(text), "char_count": len(text), "source": "Bench"})
        rec.bulk_insert(Document, docs)
        doc_rows = list(Document.select(Document.id, Document.char_count).tuples())
        coder_ids = [c for (c,) in Coder.select(Coder.id).tuples()]
        now = utc_now()
        segs = []
        for did, length in doc_rows:
            for _ in range(per_doc):
                start = rng.randrange(0, length - 200)
                segs.append({"uuid": str(uuid.uuid4()), "document": did, "code": rng.choice(code_ids),
                             "coder": rng.choice(coder_ids), "start": start, "end": start + rng.randint(5, 200),
                             "memo": "a memo" if rng.random() < 0.1 else "", "created_at": now, "modified_at": now})
        rec.bulk_insert(Segment, segs)
    return project


def build_codebook(path: Path, themes: int = 100, per_theme: int = 99) -> Project:
    project = Project.create(path, coder_name="ann")
    project.activate()
    with project.change("bench codebook") as rec:
        tops = [{"uuid": str(uuid.uuid4()), "name": f"theme {i}", "colour": "#ffcc00", "sort_order": i,
                 "description": f"theme {i}\n\nDefinition: what theme {i} means"} for i in range(themes)]
        rec.bulk_insert(Code, tops)
        ids = dict(Code.select(Code.uuid, Code.id).tuples())
        rec.bulk_insert(Code, [{"uuid": str(uuid.uuid4()), "name": f"code {j}", "colour": "#aa3355",
                                "sort_order": j, "description": "", "parent": ids[t["uuid"]]}
                               for t in tops for j in range(per_theme)])
    return project


def median_line(label: str, runs: list[float], suffix: str = "") -> str:
    every = " ".join(f"{r:.2f}" for r in runs)
    return f"{label:<44}{statistics.median(runs):>10.2f}   (runs: {every}){suffix}"


def baseline(db_path: Path, out: Path) -> float:
    t0 = time.perf_counter()
    con = sqlite3.connect(str(db_path))
    rows = con.execute(
        "SELECT s.uuid, d.uuid, s.start, s.end, c.uuid, k.uuid, s.memo, s.created_at FROM segment s "
        "JOIN document d ON d.id = s.document_id JOIN code c ON c.id = s.code_id "
        "JOIN coder k ON k.id = s.coder_id ORDER BY s.document_id, s.start")
    with open(out, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    con.close()
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exports, imports, code_imports, base = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        project = build(tmp / "src.chorus", args.docs, args.per_doc)
        t_build = time.perf_counter() - t0
        n = Segment.select().count()
        for r in range(args.repeat):
            base.append(baseline(tmp / "src.chorus", tmp / f"rows{r}.csv"))
            t0 = time.perf_counter()
            out = export_qdpx(project, tmp / f"bench{r}.qdpx")
            exports.append(time.perf_counter() - t0)
        project.close()
        for r in range(args.repeat):
            target = Project.create(tmp / f"dst{r}.chorus", coder_name="zoe")
            t0 = time.perf_counter()
            report = import_exchange_file(target, out)
            imports.append(time.perf_counter() - t0)
            imported = Segment.select().count()
            target.close()
            if imported != n:
                print(f"ERROR: {imported} segments imported, {n} exported")
                return 1
        size = out.stat().st_size / 2**20
        book = build_codebook(tmp / "book.chorus")
        n_codes = Code.select().count()
        qdc = export_qdc(book, tmp / "book.qdc")
        book.close()
        for r in range(args.repeat):
            target = Project.create(tmp / f"codes{r}.chorus", coder_name="zoe")
            t0 = time.perf_counter()
            code_report = import_exchange_file(target, qdc)
            code_imports.append(time.perf_counter() - t0)
            got = Code.select().count()
            target.close()
            if got != n_codes:
                print(f"ERROR: {got} codes imported, {n_codes} exported")
                return 1
    t_export, t_import = statistics.median(exports), statistics.median(imports)
    total = t_export + t_import
    t_base, t_codes = statistics.median(base), statistics.median(code_imports)
    print(f"REFI-QDA exchange: {args.docs} documents x {args.per_doc} = {n:,} segments ({size:.1f} MB .qdpx); "
          f"medians of {args.repeat} runs")
    print(f"{'step':<44}{'seconds':>10}")
    print(f"{'build project (bulk_insert, not measured)':<44}{t_build:>10.2f}")
    print(median_line("baseline: sqlite3 query + csv.writer", base))
    print(median_line("export .qdpx", exports))
    print(median_line("import .qdpx into a new project", imports))
    print(f"{'export + import':<44}{total:>10.2f}   target < {TARGET_S:.0f} s: "
          f"{'OK' if total < TARGET_S else 'MISSED'}")
    print(f"{'ratio (export + import) / baseline':<44}{total / max(t_base, 1e-9):>10.1f}x")
    print(median_line(f"import .qdc of {n_codes:,} codes", code_imports,
                      f"   target < {CODEBOOK_TARGET_S:.0f} s: {'OK' if t_codes < CODEBOOK_TARGET_S else 'MISSED'}"))
    print(f"imported: {report.summary()}")
    print(f"codebook: {code_report.summary()}")
    return 0 if total < TARGET_S and t_codes < CODEBOOK_TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
