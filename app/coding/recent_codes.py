"""Recently used codes (for number keys 1-9) and fuzzy matching of code paths.

Qt-free so it is tested headless; the ui keeps the list in its preferences.
"""
from __future__ import annotations

MAX_RECENT = 9


def push_recent(recent: list[int], code_id: int, limit: int = MAX_RECENT) -> list[int]:
    """``recent`` with ``code_id`` moved to the front, at most ``limit`` long."""
    out = [code_id] + [c for c in recent if c != code_id]
    return out[:limit]


def prune_recent(recent: list[int], existing: set[int]) -> list[int]:
    """Drop codes that no longer exist (deleted or merged away)."""
    return [c for c in recent if c in existing]


def fuzzy_score(query: str, text: str) -> int | None:
    """How well ``query`` matches ``text`` (higher is better); None when it does not.

    Every query character must appear in order (case-insensitive). Matches at the
    start of a word, consecutive runs and a plain substring score higher.
    """
    q = query.strip().lower()
    if not q:
        return 0
    t = text.lower()
    if q in t:
        index = t.index(q)
        at_word = index == 0 or not t[index - 1].isalnum()
        return 1000 + (200 if at_word else 0) - index - len(t) // 10
    score, pos, run = 0, 0, 0
    for ch in q:
        if ch == " ":
            continue
        found = t.find(ch, pos)
        if found < 0:
            return None
        run = run + 1 if found == pos else 0
        at_word = found == 0 or not t[found - 1].isalnum()
        score += 10 + 5 * run + (15 if at_word else 0) - min(found - pos, 10)
        pos = found + 1
    return score


def fuzzy_filter(query: str, items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Items (id, text) that match ``query``, best first (stable for ties)."""
    scored = [(fuzzy_score(query, text), i, (cid, text)) for i, (cid, text) in enumerate(items)]
    kept = [(s, i, item) for s, i, item in scored if s is not None]
    kept.sort(key=lambda x: (-x[0], x[1]))
    return [item for _, _, item in kept]


# -- stable number keys ------------------------------------------------------------------
KEYS = 9


def assign_keys(slots: list[int | None], pinned: dict[int, int], recent: list[int], code_id: int | None = None,
                existing: set[int] | None = None) -> list[int | None]:
    """The code on each number key 1-9 (index 0 is key 1), kept stable as codes are used.

    ``pinned`` maps key (1-9) -> code id: those keys never change. Other keys keep the
    code they got; a newly used ``code_id`` takes the first free key, or else the key
    whose code was used least recently (by ``recent``, most recent first). Codes not in
    ``existing`` (deleted) free their key.
    """
    out: list[int | None] = list(slots[:KEYS]) + [None] * (KEYS - len(slots[:KEYS]))
    if existing is not None:
        out = [c if c in existing else None for c in out]
        pinned = {k: c for k, c in pinned.items() if c in existing}
    for key, cid in pinned.items():
        if 1 <= key <= KEYS:
            out = [None if c == cid else c for c in out]
            out[key - 1] = cid
    pinned_keys = {k for k in pinned if 1 <= k <= KEYS}
    seen: set[int] = set()
    for i, c in enumerate(out):  # one key per code
        if c is not None and c in seen and (i + 1) not in pinned_keys:
            out[i] = None
        if c is not None:
            seen.add(c)
    if code_id is None or code_id in out:
        return out
    free = [i for i in range(KEYS) if out[i] is None and (i + 1) not in pinned_keys]
    if free:
        out[free[0]] = code_id
        return out
    rank = {cid: n for n, cid in enumerate(recent)}
    candidates = [i for i in range(KEYS) if (i + 1) not in pinned_keys]
    if not candidates:
        return out
    oldest = max(candidates, key=lambda i: rank.get(out[i], len(rank) + 1))
    out[oldest] = code_id
    return out


def slots_from_recent(recent: list[int]) -> list[int | None]:
    """First keys for a project saved before keys were stable: its recent list in order."""
    out: list[int | None] = list(recent[:KEYS])
    return out + [None] * (KEYS - len(out))
