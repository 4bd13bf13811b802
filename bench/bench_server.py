"""Team-server load: N coder processes coding at once against one server project.

Starts a throwaway PostgreSQL cluster on a loopback port (tests/pg.py; Debian's
postgresql must be installed), makes a project with 1,000 documents and a codebook,
gives each simulated coder a login, switches blind mode on, and lets every coder
process code random spans through Chorus's own API (``code_span``) for the given time.
A watcher (the lead, as a window would) polls ``Project.outside_changes()`` every
500 ms, the window's timer, and notes when each teammate's segment reached it.

Reported: codings per second, p50/p95 latency of one coding, lost writes (a coding a
coder saw committed that the server does not hold), chain breaks (``chorus verify`` as
the lead), and the watcher's refresh latency (commit -> seen). The baseline, measured in
the same run, is one coder alone for the same time (no contention).

    .venv/bin/python bench/bench_server.py                # quick: 10 coders, 10 s
    .venv/bin/python bench/bench_server.py --seconds 60   # the issue's run

Loopback only; every loop is bounded by the deadline and by --max-codings.
"""
from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("the campaign survivors reported allegations coverage backlash hashtag industry power silence "
         "workplace testimony outlet editorial reckoning movement women men accountability").split()
CODES = [f"Theme {i}/Sub {j}" for i in range(1, 6) for j in range(1, 5)]
POLL_S = 0.5  # the window's outside-changes timer


def _load_pg():
    spec = importlib.util.spec_from_file_location("chorus_bench_pg", ROOT / "tests" / "pg.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _text(rng: random.Random, n_words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n_words)) + "."


def setup(cluster, database: str, documents: int, coders: int) -> dict[str, str]:
    from app.articles.documents import text_hash
    from app.coding import codebook
    from app.team import blind, server
    from db.models import Document

    admin = cluster.admin_url(database)
    server.init_server(admin, "lead", "lead-pw")
    urls = {"lead": cluster.url(database, "lead", "lead-pw")}
    for i in range(coders):
        name = f"coder{i:02d}"
        server.add_coder(admin, name, "coder", f"{name}-pw")
        urls[name] = cluster.url(database, name, f"{name}-pw")
    rng = random.Random(7)
    from app.project import Project

    with Project.open(urls["lead"]) as lead:
        rows = []
        for i in range(documents):
            text = _text(rng, 300)
            rows.append({"uuid": f"00000000-0000-4000-8000-{i:012d}", "title": f"Article {i:04d}", "text": text,
                         "text_sha256": text_hash(text), "char_count": len(text), "source": "Bench"})
        with lead.change(f"Import {documents} documents") as rec:
            rec.bulk_insert(Document, rows)
        for path in CODES:
            codebook.ensure_code_path(lead, path)
        blind.start_blind(lead)
    return urls


def coder_main(url: str, seconds: float, max_codings: int, seed: int, start_at: float, out) -> None:
    from app.coding.segments import code_span
    from app.project import Project
    from db.models import Code, Document

    rng = random.Random(seed)
    done = []
    errors = []
    with Project.open(url) as project:
        project.coder()
        docs = list(Document.select(Document.id, Document.char_count).tuples())
        codes = [c for (c,) in Code.select(Code.id).where(Code.parent.is_null(False)).tuples()]
        start_at.wait(timeout=120)  # every process connected before the clock starts
        deadline = time.time() + seconds
        while time.time() < deadline and len(done) < max_codings:
            doc_id, length = rng.choice(docs)
            start = rng.randrange(0, length - 40)
            end = start + rng.randrange(5, 40)
            t0 = time.perf_counter()
            try:
                segment = code_span(project, doc_id, start, end, rng.choice(codes))
            except Exception as exc:  # noqa: BLE001 -- a benchmark counts every failure kind
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            committed = time.time()
            done.append((time.perf_counter() - t0, segment.uuid, committed))
    out.put({"done": done, "errors": errors})


def watcher_main(url: str, start_at: float, coders_done, out) -> None:
    from app.project import Project

    seen: dict[str, float] = {}
    polls = 0
    with Project.open(url) as project:
        start_at.wait(timeout=120)
        stop_at = None
        for _ in range(100_000):  # bounded: ends 3 polls after the last coder reported
            time.sleep(POLL_S)
            polls += 1
            changes = project.outside_changes()
            now = time.time()
            if changes is not None:
                for change in changes.changes:
                    if change.table == "segment" and change.before is None:
                        seen.setdefault(change.uuid, now)
            if stop_at is None and coders_done.is_set():
                stop_at = now + 3 * POLL_S
            if stop_at is not None and now >= stop_at:
                break
    out.put({"seen": seen, "polls": polls})


def run_phase(urls: dict[str, str], coders: int, seconds: float, max_codings: int, watch: bool,
              seed: int = 0) -> dict:
    ctx = mp.get_context("spawn")
    out, watched = ctx.Queue(), ctx.Queue()
    coders_done = ctx.Event()
    names = [n for n in urls if n != "lead"][:coders]
    start_at = ctx.Barrier(len(names) + (1 if watch else 0))  # all connected, then the clock starts
    procs = [ctx.Process(target=coder_main, args=(urls[n], seconds, max_codings, seed + i, start_at, out))
             for i, n in enumerate(names)]
    watcher = ctx.Process(target=watcher_main, args=(urls["lead"], start_at, coders_done, watched)) if watch else None
    for p in procs + ([watcher] if watcher else []):
        p.start()
    results = [out.get(timeout=seconds + 120) for _ in procs]
    coders_done.set()
    seen = watched.get(timeout=60)["seen"] if watcher else {}
    for p in procs + ([watcher] if watcher else []):
        p.join(timeout=30)
    done, errors = [], []
    for r in results:
        done += r["done"]
        errors += r["errors"]
    latencies = sorted(d[0] for d in done)
    refresh = sorted(seen[u] - c for _, u, c in done if u in seen)
    return {"coders": len(procs), "codings": len(done), "errors": errors, "per_s": len(done) / seconds,
            "p50_ms": 1000 * _pct(latencies, 50), "p95_ms": 1000 * _pct(latencies, 95),
            "uuids": [d[1] for d in done], "refresh": refresh, "unseen": sum(1 for d in done if d[1] not in seen)}


def _pct(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, round(pct / 100 * (len(values) - 1))))
    return values[k]


def check(urls: dict[str, str], uuids: list[str]) -> tuple[int, int, int]:
    """(lost writes, chain problems, audit entries) as the lead sees them."""
    from app.project import Project
    from app.team import server
    from db.models import Segment

    with Project.open(urls["lead"]) as lead:
        present = {u for (u,) in Segment.select(Segment.uuid).tuples()}
        lost = sum(1 for u in uuids if u not in present)
        checked = server.verify(lead)
        return lost, len(checked.result.problems), checked.result.entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long the coders code (issue: 60)")
    parser.add_argument("--coders", type=int, default=10)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--max-codings", type=int, default=20000, help="per coder, a bound on the loop")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    pg = _load_pg()
    if pg.find_bin_dir() is None:
        print("bench_server: PostgreSQL is not installed (bash .ci/setup installs Debian's postgresql)")
        return 2
    with pg.TempCluster() as cluster:
        t0 = time.perf_counter()
        urls = setup(cluster, "bench", args.documents, args.coders)
        print(f"setup: {args.documents} documents, {len(CODES)} codes, {args.coders} coder logins, blind mode on "
              f"({time.perf_counter() - t0:.1f} s)")
        phases = []
        if not args.no_baseline:
            phases.append(("baseline: 1 coder alone", run_phase(urls, 1, args.seconds, args.max_codings, False)))
        phases.append((f"load: {args.coders} coders at once", run_phase(urls, args.coders, args.seconds,
                                                                         args.max_codings, True, seed=1000)))
        all_uuids = [u for _, r in phases for u in r["uuids"]]
        lost, breaks, entries = check(urls, all_uuids)
    print(f"{'run':<28} {'codings':>8} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for name, r in phases:
        print(f"{name:<28} {r['codings']:>8} {r['per_s']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
              f"{len(r['errors']):>7}")
    load = phases[-1][1]
    refresh = load["refresh"]
    if refresh:
        print(f"window refresh (poll every {POLL_S * 1000:.0f} ms, commit -> seen): p50 "
              f"{1000 * _pct(refresh, 50):.0f} ms, p95 {1000 * _pct(refresh, 95):.0f} ms, max "
              f"{1000 * max(refresh):.0f} ms; {load['unseen']} not seen")
    print(f"lost writes: {lost}; chain problems: {breaks} ({entries} audit entries, verified as the lead)")
    for name, r in phases:
        for error in r["errors"][:3]:
            print(f"  {name}: {error}")
    ok = lost == 0 and breaks == 0 and not any(r["errors"] for _, r in phases)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
