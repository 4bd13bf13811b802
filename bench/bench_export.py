"""Benchmark of the segments export against raw sqlite3 + csv.writer.

Run: .venv/bin/python bench/bench_export.py [--docs N] [--per-doc N] [--repeat N]

Data (written with ChangeRecorder.bulk_insert into a temporary project): 1,000
documents of ~3,000 characters (a few emoji and combining marks each), 3 coders,
30 codes in two levels, 100 segments per document: 100,000 segments, one in ten
starting with a formula character. The baseline does the same work by hand: one
raw sqlite3 query joining segments, documents, codes and coders, the document
texts from one query (sliced in Python for the exact text), code paths from one
query over the codes, the same formula prefixing
and ISO timestamps, csv.writer into a UTF-8-with-BOM file. Target: Chorus within
1.5x of the baseline. XLSX time is informational. Best of --repeat runs each.
"""
from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.coding.codepaths import join_path  # noqa: E402
from app.articles.documents import text_hash  # noqa: E402
from app.exchange.exports import export  # noqa: E402
from app.project import Project  # noqa: E402
from db.models import Code, Coder, Document, Segment, new_uuid  # noqa: E402

TARGET_RATIO = 1.5
WORDS = ["the", "campaign", "women", "said", "=sum", "+plus", "-minus", "@at", "Café", "naïve", "👩‍👩‍👧",
         "e\u0301", "שלום", "report", "news", "story", "harassment", "silence", "breakers", "time"]


def build(path: Path, n_docs: int, per_doc: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    project = Project.create(path, coder_name="ann")
    with project.change("bench data") as rec:
        rec.bulk_insert(Coder, [{"uuid": new_uuid(), "name": n} for n in ("ann", "bob", "consensus")])
        codes = []
        for i in range(6):
            parent = {"uuid": new_uuid(), "name": f"Theme {i}", "parent": None, "colour": "#336699"}
            codes.append(parent)
        rec.bulk_insert(Code, codes)
        parents = list(Code.select(Code.id))
        rec.bulk_insert(Code, [{"uuid": new_uuid(), "name": f"Sub {j}", "parent": p.id, "colour": "#993366"}
                               for p in parents for j in range(4)])
        docs = []
        for d in range(n_docs):
            text = " ".join(rng.choice(WORDS) for _ in range(450))
            docs.append({"uuid": new_uuid(), "title": f"Article {d:04d}", "text": text,
                         "text_sha256": text_hash(text), "char_count": len(text)})
        rec.bulk_insert(Document, docs)
        doc_rows = list(Document.select(Document.id, Document.char_count).tuples())
        code_ids = [c for (c,) in Code.select(Code.id).tuples()]
        coder_ids = [c for (c,) in Coder.select(Coder.id).tuples()]
        segs = []
        for doc_id, length in doc_rows:
            for _ in range(per_doc):
                start = rng.randrange(0, length - 200)
                segs.append({"uuid": new_uuid(), "document": doc_id, "code": rng.choice(code_ids),
                             "coder": rng.choice(coder_ids), "start": start, "end": start + rng.randint(5, 200),
                             "memo": "=memo" if rng.random() < 0.1 else ""})
        rec.bulk_insert(Segment, segs)
    project.close()


TRIGGERS = frozenset("=+-@\t\r'")


def baseline(db_path: Path, out: Path) -> int:
    con = sqlite3.connect(str(db_path))
    try:
        codes = {cid: (parent, name) for cid, parent, name in con.execute("SELECT id, parent_id, name FROM code")}

        def path(cid):
            names = []
            while cid is not None:
                parent, name = codes[cid]
                names.append(name)
                cid = parent
            return join_path(names[::-1])

        paths = {cid: path(cid) for cid in codes}
        texts = dict(con.execute("SELECT id, text FROM document"))
        rows = con.execute(
            "SELECT s.uuid, d.uuid, d.title, s.code_id, c.uuid, k.name, s.start, s.\"end\", "
            "s.document_id, s.memo, s.created_at, s.modified_at "
            "FROM segment s JOIN document d ON d.id = s.document_id JOIN code c ON c.id = s.code_id "
            "JOIN coder k ON k.id = s.coder_id ORDER BY s.document_id, s.start, s.\"end\", s.id")

        def safe(v):
            return "'" + v if v and v[0] in TRIGGERS else v

        n = 0
        with open(out, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(["segment_id", "document_id", "document_title", "code_path", "code_id", "coder",
                             "start", "end", "text", "memo", "created", "modified"])
            for sid, duuid, title, code_id, cuuid, coder, start, end, doc_id, memo, created, modified in rows:
                writer.writerow([sid, duuid, safe(title), safe(paths[code_id]), cuuid, safe(coder), start, end,
                                 safe(texts[doc_id][start:end]), safe(memo), created[:19].replace(" ", "T") + "Z",
                                 modified[:19].replace(" ", "T") + "Z"])
                n += 1
        return n
    finally:
        con.close()


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db_path = tmp / "bench.chorus"
        t0 = time.perf_counter()
        build(db_path, args.docs, args.per_doc)
        build_s = time.perf_counter() - t0
        project = Project.open(db_path, coder_name="ann")
        try:
            base_s, base_rows = best(lambda: baseline(db_path, tmp / "base.csv"), args.repeat)
            csv_s, csv_res = best(lambda: export(project, "segments-csv", tmp / "chorus.csv",
                                                 include_attributes=False), args.repeat)
            raw_s, _ = best(lambda: export(project, "segments-csv", tmp / "raw.csv", raw=True,
                                           include_attributes=False), args.repeat)
            xlsx_s, _ = best(lambda: export(project, "segments-xlsx", tmp / "chorus.xlsx",
                                            include_attributes=False), 1)
        finally:
            project.close()
        assert base_rows == csv_res.rows, (base_rows, csv_res.rows)
        same = (tmp / "base.csv").read_bytes() == (tmp / "chorus.csv").read_bytes()
    ratio = csv_s / base_s
    print(f"segments: {csv_res.rows:,} ({args.docs:,} documents; project built in {build_s:.1f} s)")
    print(f"{'what':<44}{'seconds':>9}{'x baseline':>12}")
    print(f"{'baseline: sqlite3 query + csv.writer':<44}{base_s:>9.2f}{1.0:>12.2f}")
    print(f"{'chorus export segments-csv':<44}{csv_s:>9.2f}{ratio:>12.2f}")
    print(f"{'chorus export segments-csv --raw':<44}{raw_s:>9.2f}{raw_s / base_s:>12.2f}")
    print(f"{'chorus export segments-xlsx (informational)':<44}{xlsx_s:>9.2f}{xlsx_s / base_s:>12.2f}")
    print(f"same bytes as the baseline file: {'yes' if same else 'no'}")
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    print(f"target: csv within {TARGET_RATIO}x of the baseline -> {verdict} ({ratio:.2f}x)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
