"""Polling for outside changes never lets a raw driver error out: a damaged file gives
one ChorusError line, and the window's session reports it once, not on every poll."""
from __future__ import annotations

import pytest

from app.errors import ChorusError


def _damage(project):
    """Overwrite the file's pages behind SQLite's back, the way a bad disk would."""
    path = project.path
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # the test's own damage: outside the app's code paths
        handle.seek(4096)
        handle.write(b"\xa5" * max(0, size - 4096))


def test_outside_changes_on_a_damaged_file_is_one_chorus_error(project):
    from app.articles.importing import add_document

    for i in range(30):
        add_document(project, f"Text number {i} " * 200, f"Doc {i}")
    project.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    _damage(project)
    project._seen_version = -1  # as if another program had committed
    project.db.execute_sql("PRAGMA cache_size = 0")
    try:
        project.outside_changes()
    except ChorusError as exc:
        assert "\n" not in str(exc)
    else:
        pytest.skip("SQLite read the damaged pages from its cache; nothing to report")
