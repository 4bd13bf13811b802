"""Benchmark of the project store against raw sqlite3, measured in the same run.

Run: .venv/bin/python bench/bench_store.py [--docs N] [--segments N] [--seed N]

1. Import 1,000 generated articles (~5 KB each, written to a temp folder first)
   through app.articles.importing.import_paths (one undoable, audited change per document).
   Baseline: raw sqlite3 executemany of the same document rows into an equal project.
2. Insert 100,000 segments with ChangeRecorder.bulk_insert inside one project.change,
   reported as "store only" (the bulk_insert call) and "with undo+audit" (the whole
   change: rows, recorded change set, audit entries, commit). Baseline: raw sqlite3
   executemany of the same rows into the segment table of an equal project; and,
   for the audited figure, raw sqlite3 writing those rows plus the same audit rows
   (precomputed, so the baseline is pure database work).
   For scale: naive peewee Model.create() per row and insert_many in atomic(),
   on 10,000 rows, extrapolated to 100,000.
3. Overlap queries: app.coding.segments.overlapping on a document with 5,000 segments,
   1,000 random windows. Baseline: raw sqlite3 with the same SQL.
Target: the bulk paths within 2x of raw sqlite3.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.coding.segments import overlapping  # noqa: E402
from app.articles.documents import text_hash  # noqa: E402
from app.articles.importing import add_document, import_paths  # noqa: E402
from app.project import Project  # noqa: E402
from db.models import Code, Segment, new_uuid, utc_now  # noqa: E402

WORDS = ("the campaign women stories harassment workplace hashtag accused allegations survivors "
         "movement media power silence justice believe process victims industry voices").split()
TARGET = 2.0


def article(rng: random.Random, i: int, size: int = 5000) -> str:
    words, length = [f"Article {i}: {rng.choice(WORDS).title()} {rng.choice(WORDS)}\n\n"], 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word + (".\n" if rng.random() < 0.02 else " "))
        length += len(word) + 1
    return "".join(words)


def raw_connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), isolation_level=None)
    for pragma in ("foreign_keys = 1", "journal_mode = wal", "synchronous = normal", "cache_size = -32000"):
        con.execute(f"PRAGMA {pragma}")
    return con


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_import(tmp: Path, n_docs: int, rng: random.Random) -> list[tuple]:
    folder = tmp / "articles"
    folder.mkdir()
    texts = [article(rng, i) for i in range(n_docs)]
    for i, text in enumerate(texts):
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    project = Project.create(tmp / "import.chorus", coder_name="bench")
    seconds, report = timed(lambda: import_paths(project, [folder]))
    assert len(report.imported) == n_docs, report.summary()
    project.close()

    Project.create(tmp / "import-raw.chorus").close()
    con = raw_connect(tmp / "import-raw.chorus")
    now = utc_now().isoformat(sep=" ")
    rows = [(new_uuid(), f"Article {i}", str(folder / f"a{i:04d}.txt"), t, text_hash(t), len(t), now, "")
            for i, t in enumerate(texts)]

    def raw():
        con.execute("BEGIN")
        con.executemany('INSERT INTO "document" (uuid, title, import_path, text, text_sha256, char_count, '
                        'imported_at, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', rows)
        con.execute("COMMIT")

    base, _ = timed(raw)
    con.close()
    return [(f"import {n_docs} articles (~5 KB), import_paths", seconds, base)]


def _segment_project(path: Path, n_docs: int, rng: random.Random) -> tuple[Project, list[int], int, int]:
    project = Project.create(path, coder_name="bench")
    doc_ids = [add_document(project, article(rng, i), f"Doc {i}").id for i in range(n_docs)]
    with project.change("codes") as rec:
        code_ids = [rec.insert(Code, name=f"code {i}").id for i in range(20)]
    return project, doc_ids, code_ids, project.coder().id


def bench_segments(tmp: Path, n_segments: int, rng: random.Random) -> list[tuple]:
    project, doc_ids, code_ids, coder_id = _segment_project(tmp / "segments.chorus", 100, rng)
    spans = []
    for _ in range(n_segments):
        start = rng.randrange(0, 4900)
        spans.append((rng.choice(doc_ids), rng.choice(code_ids), start, start + rng.randint(1, 100)))
    rows = [dict(uuid=new_uuid(), document=d, code=c, coder=coder_id, start=s, end=e) for d, c, s, e in spans]
    store = {}

    def with_audit():
        with project.change("bench bulk") as rec:
            store["seconds"], _ = timed(lambda: rec.bulk_insert(Segment, rows))

    total, _ = timed(with_audit)
    assert Segment.select().count() == n_segments
    audit_columns = ("changeset, label, coder_name, at, table_name, row_uuid, action, document_uuid, code_uuid, "
                     "before, after, prev_hash, entry_hash")
    audit_rows = project.db.execute_sql(
        f"SELECT {audit_columns} FROM audit_entry WHERE label = 'bench bulk' ORDER BY id").fetchall()
    project.close()

    # equal project, raw sqlite3
    project, *_ = _segment_project(tmp / "segments-raw.chorus", 100, random.Random(1))
    project.close()
    con = raw_connect(tmp / "segments-raw.chorus")
    now = utc_now().isoformat(sep=" ")
    raw_rows = [(new_uuid(), d, c, coder_id, s, e, "", now, now) for d, c, s, e in spans]

    def raw():
        con.execute("BEGIN")
        con.executemany('INSERT INTO "segment" (uuid, document_id, code_id, coder_id, start, "end", memo, '
                        'created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', raw_rows)
        con.execute("COMMIT")

    base, _ = timed(raw)
    con.execute('DELETE FROM "segment"')

    def raw_with_log():
        con.execute("BEGIN")
        con.executemany('INSERT INTO "segment" (uuid, document_id, code_id, coder_id, start, "end", memo, '
                        'created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', raw_rows)
        con.executemany(f'INSERT INTO "audit_entry" ({audit_columns}) VALUES ({", ".join("?" * 13)})',
                        audit_rows)
        con.execute("COMMIT")

    base_log, _ = timed(raw_with_log)
    con.close()

    # naive peewee paths on 10,000 rows, extrapolated
    sample = min(10_000, n_segments)
    scale = n_segments / sample
    naive = []
    for name, insert in (("Model.create() per row", _create_each), ("insert_many in atomic()", _insert_many)):
        project, doc_ids, code_ids, coder_id = _segment_project(tmp / f"naive-{len(naive)}.chorus", 100,
                                                                random.Random(2))
        seg_rows = [dict(uuid=new_uuid(), document=doc_ids[i % 100], code=code_ids[i % 20], coder=coder_id,
                         start=s, end=e) for i, (_, _, s, e) in enumerate(spans[:sample])]
        seconds, _ = timed(lambda: insert(project, seg_rows))
        naive.append((f"  peewee {name} (10k x{scale:g})", seconds * scale, base))
        project.close()
    label = f"{n_segments:,} segments"
    return [(f"{label}: bulk_insert, store only", store["seconds"], base),
            (f"{label}: bulk_insert, with undo+audit", total, base),
            ("  same, vs raw sqlite3 writing segments + log rows", total, base_log)] + naive


def _create_each(project: Project, rows: list[dict]) -> None:
    with project.db.atomic():
        for r in rows:
            Segment.create(**r)


def _insert_many(project: Project, rows: list[dict]) -> None:
    with project.db.atomic():
        for i in range(0, len(rows), 1000):
            Segment.insert_many(rows[i:i + 1000]).execute()


def bench_overlaps(tmp: Path, n_windows: int, rng: random.Random) -> list[tuple]:
    project = Project.create(tmp / "overlaps.chorus", coder_name="bench")
    length = 100_000
    document = add_document(project, "x" * length, "Long document")
    others = [add_document(project, f"{i} " + "y" * 5000, f"Other {i}") for i in range(20)]
    with project.change("code") as rec:
        code = rec.insert(Code, name="A")
    coder_id = project.coder().id
    rows = []
    for doc in [document] * 5000 + others * 2000:  # 5,000 in the document, 40,000 elsewhere
        start = rng.randrange(0, doc.char_count - 200)
        rows.append(dict(uuid=new_uuid(), document=doc.id, code=code.id, coder=coder_id, start=start,
                         end=start + rng.randint(1, 200)))
    with project.change("segments") as rec:
        rec.bulk_insert(Segment, rows)
    windows = []
    for _ in range(n_windows):
        start = rng.randrange(0, length - 500)
        windows.append((start, start + rng.randint(0, 500)))
    doc_id = document.id
    seconds, hits = timed(lambda: sum(len(overlapping(doc_id, s, e)) for s, e in windows))
    path = project.path
    project.close()

    con = raw_connect(path)
    sql = ('SELECT * FROM "segment" WHERE ("document_id" = ? AND ("start" < ? AND "end" > ?)) '
           'ORDER BY "start", "end", "id"')
    base, raw_hits = timed(lambda: sum(len(con.execute(sql, (doc_id, e, s)).fetchall()) for s, e in windows))
    con.close()
    assert hits == raw_hits or any(s == e for s, e in windows), (hits, raw_hits)
    return [(f"{n_windows:,} overlap queries, 5,000-segment doc", seconds, base)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--windows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="chorus-bench-") as tmp:
        tmp_path = Path(tmp)
        results += bench_import(tmp_path, args.docs, rng)
        results += bench_segments(tmp_path, args.segments, rng)
        results += bench_overlaps(tmp_path, args.windows, rng)
    width = max(len(r[0]) for r in results)
    print(f"{'what':<{width}}  {'chorus s':>9}  {'raw sqlite3 s':>13}  {'ratio':>7}")
    for name, seconds, base in results:
        print(f"{name:<{width}}  {seconds:9.3f}  {base:13.3f}  {seconds / base:6.2f}x")
    print(f"target for the bulk paths: within {TARGET:g}x of raw sqlite3 (sqlite {sqlite3.sqlite_version}, "
          f"python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
