"""Concurrency and crash benchmark of the project store (issue 8), baselines in the same run.

Run: .venv/bin/python bench/bench_concurrency.py [--writers 3] [--spans 200] [--kills 30]
                                                 [--segments 100000] [--skip-kills]

1. Writers: 3 processes coding 200 spans each (each coding one undoable, audited change,
   `code_span` with create_missing), started together against one project, plus a reader
   process polling `Project.outside_changes()` every 50 ms (headless, the same API the
   window polls). Reported: failures, lost writes (segments at the end vs. codings the
   writers saw committed), p50/p95/max latency of one coding, changes the poller saw,
   `chorus verify` state. Baselines, same run: one writer alone (latency without
   contention), and the same 3 writers with today's old deferred `BEGIN` (failures).
   Target: 0 failures, 0 lost, p95 < 100 ms.
2. Poll cost: `backend.data_version(db)` and `Project.outside_changes()` with nothing
   changed, on a project with 100,000 segments; baseline: `SELECT 1` on the same
   connection. Target: < 0.1 ms per poll.
3. kill -9 loop: a process importing articles (import_paths, one file per change), and
   one coding spans, each killed with SIGKILL at a random moment, 30 times each, on the
   same project. After every kill: every change the process reported committed must be
   in the file, `audit.verify()` intact, SQLite's integrity_check clean.
   Target: 0 lost committed changes, 0 chain breaks.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import audit  # noqa: E402
from app.articles.importing import add_document  # noqa: E402
from app.project import Project  # noqa: E402
from db import backend  # noqa: E402
from db.models import Code, Document, Segment, new_uuid, utc_now  # noqa: E402
from db.sqlite_specific import integrity_errors  # noqa: E402

TEXT = ("Reporters described how the allegations spread, who spoke first and how editors "
        "weighed each account before publishing. ") * 20

WRITER = r"""
import json, sys, time
from app.project import Project
from app.coding.segments import code_span
from app.errors import ChorusError
from db.backend import STORE_ERRORS
path, coder, n, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if mode == "deferred":  # the old behaviour, as a baseline: BEGIN DEFERRED, reads before the write
    import db.backend, app.project
    db.backend.begin_write = lambda db: db.atomic()
project = Project.open(path, coder_name=coder)
for _ in range(50):  # setup, not measured (the old deferred mode can fail here too)
    try:
        project.coder()
        break
    except ChorusError:
        time.sleep(0.1)
print("ready", flush=True)
sys.stdin.readline()
failures, latencies, committed = [], [], []
offset = int(coder.replace("coder", "")) * 1000
for i in range(n):
    start = offset + i
    t = time.perf_counter()
    try:
        code_span(project, "Doc", start, start + 3, f"Theme/{i % 10}", create_missing=True, memo=f"{coder}:{i}")
        committed.append(i)
    except (ChorusError, *STORE_ERRORS) as exc:
        failures.append(str(exc).splitlines()[0][:120])
    latencies.append(time.perf_counter() - t)
project.close()
print(json.dumps({"failures": failures, "latencies": latencies, "committed": len(committed)}), flush=True)
"""

POLLER = r"""
import json, sys, time
from app.project import Project
project = Project.open(sys.argv[1], coder_name="window")
print("ready", flush=True)
seen = changes = polls = 0
costs = []
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    t = time.perf_counter()
    found = project.outside_changes()
    costs.append(time.perf_counter() - t)
    polls += 1
    if found is not None:
        seen += 1
        changes += len(found.changes)
    time.sleep(0.05)
print(json.dumps({"polls": polls, "seen": seen, "rows": changes,
                  "p50_ms": sorted(costs)[len(costs) // 2] * 1000}), flush=True)
"""


def _python(code: str, *args) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _fresh_project(folder: Path, name: str) -> Path:
    path = folder / name
    with Project.create(path, coder_name="setup") as project:
        add_document(project, TEXT * 3, "Doc")
    return path


def run_writers(path: Path, writers: int, spans: int, mode: str = "immediate", poll_s: float = 0) -> dict:
    procs = [_python(WRITER, path, f"coder{i}", spans, mode) for i in range(writers)]
    poller = _python(POLLER, path, poll_s) if poll_s else None
    for p in procs + ([poller] if poller else []):
        line = p.stdout.readline().strip()
        if line != "ready":
            raise SystemExit(f"a worker did not start: {p.stderr.read()}")
    started = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        if p.returncode != 0:
            raise SystemExit(f"a writer failed: {err}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    wall = time.perf_counter() - started
    polled = json.loads(poller.communicate(timeout=600)[0].strip().splitlines()[-1]) if poller else None
    latencies = sorted(x for r in results for x in r["latencies"])
    committed = sum(r["committed"] for r in results)
    with Project.open(path) as project:
        rows = Segment.select().where(Segment.memo.contains("coder")).count()
        check = audit.verify()
        integrity = integrity_errors(project.db)
    return {"failures": sum(len(r["failures"]) for r in results),
            "first_failure": next((f for r in results for f in r["failures"]), None),
            "committed": committed, "rows": rows, "lost": committed - rows,
            "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000, "max_ms": latencies[-1] * 1000,
            "wall_s": wall, "verify_ok": check.ok and not integrity, "poller": polled}


def poll_cost(folder: Path, segments: int, rounds: int = 20_000) -> dict:
    path = folder / "big.chorus"
    with Project.create(path, coder_name="ana") as project:
        doc = add_document(project, TEXT * 40, "Big")
        with project.change("Codes") as rec:
            codes = [rec.insert(Code, name=f"code {i}") for i in range(50)]
        coder = project.coder()
        now = utc_now()
        rows = [{"uuid": new_uuid(), "document": doc.id, "code": codes[i % 50].id, "coder": coder.id,
                 "start": i % 5000, "end": i % 5000 + 7, "memo": "", "created_at": now, "modified_at": now}
                for i in range(segments)]
        with project.change("Bulk") as rec:
            rec.bulk_insert(Segment, rows)
    with Project.open(path) as project:
        db = project.db
        assert Segment.select().count() == segments

        def per_call(fn) -> float:
            fn()
            start = time.perf_counter()
            for _ in range(rounds):
                fn()
            return (time.perf_counter() - start) / rounds * 1000

        return {"segments": segments,
                "select1_ms": per_call(lambda: db.execute_sql("SELECT 1").fetchone()),
                "data_version_ms": per_call(lambda: backend.data_version(db)),
                "outside_changes_ms": per_call(project.outside_changes)}


# -- the kill -9 loop -------------------------------------------------------------------------
KILL_CODER = r"""
import sys
from app.project import Project
from app.coding.segments import code_span
path, first = sys.argv[1], int(sys.argv[2])
project = Project.open(path, coder_name="crash")
i = first
while True:
    code_span(project, "Doc", i % 2000, i % 2000 + 1 + i // 2000, "Crash/" + str(i % 7), create_missing=True,
              memo=f"k{i}")
    print(i, flush=True)  # printed only after the commit
    i += 1
"""

KILL_IMPORTER = r"""
import sys
from pathlib import Path
from app.project import Project
from app.articles.importing import import_paths
path, folder, first = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
project = Project.open(path, coder_name="crash")
i = first
while True:
    file = folder / f"article-{i:05}.txt"
    file.write_text(f"Article {i}\n\nCrash test article number {i}, with some words. " * 20, encoding="utf-8")
    report = import_paths(project, [file])
    if report.rejected:
        print("rejected", report.rejected[0].message, file=sys.stderr, flush=True)
        sys.exit(3)
    print(i, flush=True)  # printed only after the commit
    i += 1
"""


def kill_loop(folder: Path, kind: str, kills: int, seed: int = 8) -> dict:
    """Kill a writing process ``kills`` times; after each, check every reported commit is kept."""
    rng = random.Random(seed)
    path = _fresh_project(folder, f"kill-{kind}.chorus")
    articles = folder / f"articles-{kind}"
    articles.mkdir(exist_ok=True)
    reported: list[int] = []
    lost = chain_breaks = 0
    first = 0
    for _ in range(kills):
        if kind == "coding":
            proc = _python(KILL_CODER, path, first)
        else:
            proc = _python(KILL_IMPORTER, path, articles, first)
        # let it commit a few changes, then kill at a random moment
        got = []
        wanted = rng.randint(1, 8)
        while len(got) < wanted:
            line = proc.stdout.readline()
            if not line:
                raise SystemExit(f"the {kind} process died: {proc.stderr.read()}")
            got.append(int(line))
        time.sleep(rng.uniform(0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=60)
        got += [int(x) for x in rest.split()]
        reported += got
        first = max(reported) + 1
        with Project.open(path) as project:
            if kind == "coding":
                present = {int(m[1:]) for (m,) in Segment.select(Segment.memo).where(Segment.memo.startswith("k"))
                           .tuples()}
            else:
                present = {int(t.split()[1]) for (t,) in Document.select(Document.title)
                           .where(Document.title.startswith("Article ")).tuples()}
            lost += len(set(reported) - present)
            result = audit.verify()
            if not result.ok or integrity_errors(project.db):
                chain_breaks += 1
    return {"kind": kind, "kills": kills, "committed": len(reported), "lost": lost, "chain_breaks": chain_breaks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=3)
    parser.add_argument("--spans", type=int, default=200)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--skip-kills", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chorus-bench-concurrency-") as tmp:
        folder = Path(tmp)
        os.environ.setdefault("CHORUS_CONFIG", str(folder / "chorus.ini"))
        print(f"1. {args.writers} writers x {args.spans} codings, one project, plus a poller of outside_changes")
        main_run = run_writers(_fresh_project(folder, "w.chorus"), args.writers, args.spans, poll_s=0)
        poller_run = run_writers(_fresh_project(folder, "wp.chorus"), args.writers, args.spans,
                                 poll_s=max(5.0, main_run["wall_s"] + 2))
        alone = run_writers(_fresh_project(folder, "alone.chorus"), 1, args.spans)
        old = run_writers(_fresh_project(folder, "old.chorus"), args.writers, args.spans, mode="deferred")
        for label, r in (("BEGIN IMMEDIATE, 3 writers", main_run), ("  same, with the poller", poller_run),
                         ("baseline: 1 writer alone", alone), ("baseline: old deferred BEGIN", old)):
            print(f"   {label:<30} failures {r['failures']:>4}  lost {r['lost']:>3}  committed {r['committed']:>4}"
                  f"  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  max {r['max_ms']:7.1f} ms"
                  f"  verify {'intact' if r['verify_ok'] else 'BROKEN'}")
        if old["first_failure"]:
            print(f"   (old mode's first failure: {old['first_failure']})")
        if poller_run["poller"]:
            p = poller_run["poller"]
            print(f"   poller: {p['polls']} polls, {p['seen']} saw changes ({p['rows']} rows), "
                  f"p50 {p['p50_ms']:.3f} ms per poll")
        ok = all(r["failures"] == 0 and r["lost"] == 0 and r["p95_ms"] < 100 and r["verify_ok"]
                 for r in (main_run, poller_run))
        print(f"   target 0 failures, 0 lost, p95 < 100 ms: {'met' if ok else 'NOT met'}")

        print(f"2. poll cost on a project with {args.segments:,} segments")
        cost = poll_cost(folder, args.segments)
        print(f"   baseline SELECT 1          {cost['select1_ms'] * 1000:7.2f} us")
        print(f"   data_version               {cost['data_version_ms'] * 1000:7.2f} us")
        print(f"   outside_changes (nothing)  {cost['outside_changes_ms'] * 1000:7.2f} us")
        print(f"   target < 100 us: {'met' if cost['outside_changes_ms'] < 0.1 else 'NOT met'}")

        if not args.skip_kills:
            print(f"3. kill -9 loop, {args.kills} kills each")
            for kind in ("import", "coding"):
                r = kill_loop(folder, kind, args.kills)
                print(f"   {kind:<7} {r['kills']} kills, {r['committed']} committed changes reported: "
                      f"{r['lost']} lost, {r['chain_breaks']} chain breaks")
                ok = ok and r["lost"] == 0 and r["chain_breaks"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
