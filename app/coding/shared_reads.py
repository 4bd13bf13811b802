"""One read for the same question asked twice in a moment (no writes in between).

Opening a document, the reader's highlights and the Segments panel both read the
document's segments, its text and the code paths: 5,000 rows and 300,000 characters,
read twice (issue 11, Speed). Inside ``with shared_reads():`` the functions that take
part (``segment_tuples``, ``document_texts``, ``code_paths``) answer a repeated call
with the same arguments from the first one (a copy of the container, so callers may
change theirs). Outside a block nothing is kept. Per thread; no writes may happen
inside a block (it is for a burst of reads).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

_local = threading.local()


@contextmanager
def shared_reads() -> Iterator[None]:
    outer = getattr(_local, "memo", None)
    if outer is None:
        _local.memo = {}
    try:
        yield
    finally:
        if outer is None:
            _local.memo = None


def shared(key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or inside a block the first answer to ``key`` (copied)."""
    memo = getattr(_local, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    found = memo[key]
    return found.copy() if hasattr(found, "copy") else found
