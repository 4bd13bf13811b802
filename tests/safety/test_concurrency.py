"""Item 2: write transactions take the lock at once and wait out the busy timeout.

Today's deferred transactions read first and then fail to upgrade to a write lock
("database is locked", no waiting): with three writers many codings failed.
"""
from __future__ import annotations

import json
import sqlite3
import time

import pytest

from app import audit
from app.errors import ProjectBusy
from app.project import Project
from db.models import Segment
from tests.safety.conftest import no_traceback, run_cli, start_python

WRITER = r"""
import json, sys, time
from app.project import Project
from app.coding.segments import code_span
from app.errors import ChorusError
path, coder, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
project = Project.open(path, coder_name=coder)
project.coder()
print("ready", flush=True)
sys.stdin.readline()
failures, latencies, committed = [], [], 0
for i in range(n):
    t = time.perf_counter()
    try:
        code_span(project, "Doc A", i % 30, i % 30 + 1 + i % 5, f"Theme/{coder}" if i % 2 else "Shared", create_missing=True)
        committed += 1
    except ChorusError as exc:
        failures.append(str(exc))
    latencies.append(time.perf_counter() - t)
project.close()
print(json.dumps({"failures": failures, "latencies": latencies, "committed": committed}), flush=True)
"""


def run_writers(path, writers: int, spans: int) -> list[dict]:
    procs = [start_python(WRITER, path, f"coder{i}", spans) for i in range(writers)]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        for p in procs:  # start together
            p.stdin.write("go\n")
            p.stdin.flush()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, err
            assert "Traceback" not in err, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


def test_three_writers_200_spans_each_no_failures(seeded):
    results = run_writers(seeded, 3, 200)
    failures = [f for r in results for f in r["failures"]]
    assert failures == []
    with Project.open(seeded) as project:
        # distinct spans per coder: (start, end) pairs repeat, code_span then returns the existing one
        expected = sum(len({(i % 30, i % 30 + 1 + i % 5, i % 2) for i in range(200)}) for _ in results)
        mine = Segment.select().where(Segment.coder.in_(
            [project.coder(f"coder{i}").id for i in range(3)])).count()
        assert mine == expected
        assert audit.verify().ok


HOLDER = r"""
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.execute("ROLLBACK")
"""


def test_write_lock_held_elsewhere_gives_project_busy_and_cli_exit_3(seeded):
    holder = start_python(HOLDER, seeded, 60)  # killed when done
    try:
        assert holder.stdout.readline().strip() == "holding"
        with Project.open(seeded, coder_name="ana") as project:
            from app.coding.codebook import create_code
            started = time.monotonic()
            with pytest.raises(ProjectBusy) as caught:
                create_code(project, "Blocked")
            waited = time.monotonic() - started
        assert 4.5 < waited < 9, waited
        message = str(caught.value)
        assert "\n" not in message
        assert message.startswith("p.chorus: another program is writing to this project")
        result = run_cli("code", seeded, "--doc", "Doc A", "--start", "0", "--end", "3", "--code", "X")
        assert result.returncode == 3, result.stderr
        no_traceback(result)
        assert result.stderr.count("\n") == 1 and "another program is writing" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    with Project.open(seeded) as project:
        from db.models import Code
        assert not Code.select().where(Code.name.in_(["Blocked", "X"])).exists()
        assert audit.verify().ok
