"""Fixtures for the window's safety tests: SQLite's locks as /proc/locks shows them,
answering file dialogs, and a second process holding the write lock."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

ROOT = Path(__file__).resolve().parents[3]


def locks_of(path: Path | str, pid: int | None = None) -> int:
    """POSIX locks held by ``pid`` (default: this process) on the file at ``path``."""
    st = os.stat(path)
    pid = os.getpid() if pid is None else pid
    count = 0
    with open("/proc/locks", encoding="ascii") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) > 1 and parts[1] == "->":  # a blocked waiter
                continue
            try:
                holder = int(parts[4])
                major, minor, inode = parts[5].split(":")
            except (IndexError, ValueError):
                continue
            if holder == pid and int(inode) == st.st_ino and os.makedev(int(major, 16), int(minor, 16)) == st.st_dev:
                count += 1
    return count


def project_locks(path: Path) -> tuple[int, int]:
    """(locks on the project file, locks on its -shm) held by this process."""
    return locks_of(path), locks_of(str(path) + "-shm")


class DialogAnswerer:
    """While running, rejects every file dialog that opens (recording its title) and accepts
    any other dialog in the way (an options dialog before the file dialog)."""

    def __init__(self):
        self.file_dialogs: list[str] = []
        self.others: list[str] = []
        self.boxes: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(15)
        self._timer.timeout.connect(self._poll)

    def start(self) -> "DialogAnswerer":
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()

    def _poll(self) -> None:
        for top in QApplication.topLevelWidgets():
            if not top.isVisible():
                continue
            if isinstance(top, QFileDialog):
                self.file_dialogs.append(top.windowTitle())
                top.reject()
            elif isinstance(top, QMessageBox):
                self.boxes.append(top.text())
                top.reject()
            elif isinstance(top, QDialog) and top.isModal():
                self.others.append(top.windowTitle())
                top.accept()


@pytest.fixture
def answer_dialogs():
    answerer = DialogAnswerer().start()
    yield answerer
    answerer.stop()


class WriteLockHolder:
    """Another process holding the project's write lock (BEGIN IMMEDIATE, then sleeping)."""

    def __init__(self, path: Path):
        self.path = path
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "WriteLockHolder":
        code = ("import sqlite3, sys, time\n"
                "con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)\n"
                "con.execute('BEGIN IMMEDIATE')\n"
                "print('locked', flush=True)\n"
                "sys.stdin.readline()\n"
                "con.execute('ROLLBACK')\n")
        self.proc = subprocess.Popen([sys.executable, "-c", code, str(self.path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            try:
                self.proc.stdin.write("\n")
                self.proc.stdin.flush()
            except BrokenPipeError:
                pass
            self.proc.wait(10)


@pytest.fixture
def write_lock_holder():
    return WriteLockHolder


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def wait_for(predicate, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
