"""Qt-free parts of the reader: the span index (columns, queries) and snapping."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ui.reader import HighlightSpan
from ui.reader.snap import snap, snap_sentence, snap_word
from ui.reader.spans import SpanIndex


def hs(i, start, end):
    return HighlightSpan(i, start, end, "#123456", 1, "")


span_lists = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)), max_size=40).map(
    lambda pairs: [hs(i + 1, s, s + n) for i, (s, n) in enumerate(pairs)])


@settings(max_examples=200, deadline=None)
@given(span_lists, st.integers(0, 260), st.integers(0, 80))
def test_overlapping_matches_brute_force(spans, lo, width):
    index = SpanIndex(spans)
    hi = lo + width
    expected = {s.id for s in spans if s.start < max(hi, lo + 1) and s.end > lo}
    assert {s.id for s in index.overlapping(lo, hi)} == expected


@settings(max_examples=200, deadline=None)
@given(span_lists)
def test_overlapping_spans_never_share_a_stripe_column(spans):
    index = SpanIndex()
    for s in spans[: len(spans) // 2]:
        index.add(s)                     # incremental path
    index2 = SpanIndex(spans)            # bulk path
    for idx, members in ((index, spans[: len(spans) // 2]), (index2, spans)):
        for a in members:
            for b in members:
                if a.id < b.id and a.start < b.end and b.start < a.end:
                    assert idx.columns[a.id] != idx.columns[b.id]


def test_add_replaces_same_id_and_remove_forgets():
    index = SpanIndex([hs(1, 0, 10)])
    index.add(hs(1, 20, 30))
    assert [s.start for s in index] == [20] and index.at(5) == []
    assert index.remove(1).start == 20 and len(index) == 0 and index.remove(1) is None
    index.add(hs(2, 5, 5))               # empty spans are ignored
    assert len(index) == 0


def test_at_orders_shortest_first():
    index = SpanIndex([hs(1, 0, 100), hs(2, 10, 20), hs(3, 5, 50)])
    assert [s.id for s in index.at(15)] == [2, 3, 1]


TEXT = "Women shared stories. Some said “me too!” Others waited.\nNew para here."


def test_snap_word_grows_to_whole_words_and_trims_spaces():
    s, e = snap_word(TEXT, TEXT.index("hared"), TEXT.index("ories") + 2)
    assert TEXT[s:e] == "shared stories"
    s, e = snap_word(TEXT, TEXT.index(" stories"), TEXT.index(" stories") + 4)
    assert TEXT[s:e] == "stories"
    assert snap(TEXT, 3, 3, "word") == (3, 3)
    assert snap(TEXT, 2, 4, "none") == (2, 4)


def test_snap_word_keeps_emoji_and_combining_marks_whole():
    text = "un cafe\u0301 👩\u200d👩\u200d👧 ok"
    s, e = snap_word(text, text.index("af"), text.index("af") + 2)
    assert text[s:e] == "cafe\u0301"
    fam = text.index("👩")
    s, e = snap_word(text, fam + 1, fam + 2)
    assert text[s:e] == "👩\u200d👩\u200d👧"


def test_snap_sentence():
    s, e = snap_sentence(TEXT, TEXT.index("said"), TEXT.index("said") + 2)
    assert TEXT[s:e] == "Some said “me too!”"
    s, e = snap_sentence(TEXT, TEXT.index("stories") , TEXT.index("Others") + 2)
    assert TEXT[s:e] == "Women shared stories. Some said “me too!” Others waited."
    s, e = snap_sentence(TEXT, TEXT.index("para"), TEXT.index("para") + 1)
    assert TEXT[s:e] == "New para here."
