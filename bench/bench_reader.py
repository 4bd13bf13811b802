"""Benchmark of the reader (ui/reader) against a plain QPlainTextEdit.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_reader.py [--chars N] [--spans N]

Data (generated in memory): a ~1,000,000-character article of paragraphs with
emoji (astral characters), accents and some RTL/CJK words; 5,000 segments of
20-600 characters in 12 code colours, overlapping freely. Every timing
includes a forced synchronous repaint of the viewport (`viewport().repaint()`),
so painting costs are counted; opening times are the best of 5 interleaved
runs (the machine is shared). The baseline is `QPlainTextEdit.setPlainText`
of the same text in the same run; the alternative row applies the highlights
as char formats instead (sweep into elementary overlap intervals, one blended
background format per interval, all in one edit block): the approach the
reader does not use.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from ui.positions import PositionMap  # noqa: E402
from ui.reader import HighlightSpan, ReaderView  # noqa: E402

COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a0a0",
           "#f032e6", "#9a6324", "#800000", "#808000", "#000075", "#d4a017"]
WORDS = ("the campaign women shared stories harassment workplace power silence "
         "accountability survivors media movement #MeToo hashtag accused allegations "
         "café naïve résumé مرحبا שלום 我也是 💔 🙌 👩\u200d👩\u200d👧 🇺🇸").split()
SIZE = (900, 700)
REPEAT = 5


def make_text(n_chars: int, rng: random.Random) -> str:
    parts, total = [], 0
    while total < n_chars:
        sentence_count = rng.randint(3, 8)
        para = " ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20))).capitalize() + "."
            for _ in range(sentence_count))
        parts.append(para)
        total += len(para) + 2
    return "\n\n".join(parts)[:n_chars]


def make_spans(text: str, n: int, rng: random.Random) -> list[HighlightSpan]:
    spans = []
    for i in range(n):
        start = rng.randrange(0, len(text) - 700)
        end = start + rng.randint(20, 600)
        code = rng.randrange(len(COLOURS))
        spans.append(HighlightSpan(i + 1, start, end, COLOURS[code], code, f"Code {code}\nana"))
    return spans


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000.0


def open_plain(app, text):
    edit = QPlainTextEdit()
    edit.resize(*SIZE)
    edit.show()
    app.processEvents()
    ms = timed(lambda: (edit.setPlainText(text), edit.viewport().repaint()))
    return edit, ms


def open_reader(app, text, spans):
    view = ReaderView()
    view.resize(*SIZE)
    view.show()
    app.processEvents()
    ms = timed(lambda: (view.set_document(text, spans), view.text_edit().viewport().repaint()))
    return view, ms


def open_char_formats(app, text, spans):
    """Alternative: elementary overlap intervals as blended char formats in one edit block."""
    edit = QPlainTextEdit()
    edit.resize(*SIZE)
    edit.show()
    app.processEvents()

    def run():
        edit.setPlainText(text)
        pm = PositionMap(text)
        events = sorted([(s.start, 1, s) for s in spans] + [(s.end, -1, s) for s in spans],
                        key=lambda e: (e[0], e[1]))
        active: dict[int, HighlightSpan] = {}
        cur = QTextCursor(edit.document())
        cur.beginEditBlock()
        prev = None
        for pos, kind, span in events:
            if prev is not None and pos > prev and active:
                r = g = b = 255.0
                for s in active.values():   # alpha-composite each colour at 1/3 over white
                    c = QColor(s.colour)
                    r, g, b = (r * 2 + c.red()) / 3, (g * 2 + c.green()) / 3, (b * 2 + c.blue()) / 3
                fmt = QTextCharFormat()
                fmt.setBackground(QColor(int(r), int(g), int(b)))
                cur.setPosition(pm.to_qt(prev))
                cur.setPosition(pm.to_qt(pos), QTextCursor.MoveMode.KeepAnchor)
                cur.mergeCharFormat(fmt)
            if kind == 1:
                active[span.id] = span
            else:
                active.pop(span.id, None)
            prev = pos
        cur.endEditBlock()
        edit.viewport().repaint()
    return edit, timed(run)


def scroll_pages(app, edit: QPlainTextEdit, pages: int) -> list[float]:
    bar = edit.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    times = []
    for _ in range(pages):
        bar.setValue(bar.value() + bar.pageStep())
        times.append(timed(edit.viewport().repaint))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=1_000_000)
    ap.add_argument("--spans", type=int, default=5_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--skip-alt", action="store_true", help="skip the char-format alternative")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    rng = random.Random(args.seed)
    text = make_text(args.chars, rng)
    spans = make_spans(text, args.spans, rng)
    astral = sum(1 for ch in text if ord(ch) > 0xFFFF)
    print(f"text: {len(text):,} code points ({astral:,} astral), "
          f"{text.count(chr(10) * 2) + 1:,} paragraphs; {len(spans):,} spans; window {SIZE[0]}x{SIZE[1]}")

    # best of REPEAT interleaved runs: other processes share this machine
    base_runs, open_runs, alt_runs = [], [], []
    for _ in range(REPEAT):
        plain, ms = open_plain(app, text)
        base_runs.append(ms)
        reader, ms = open_reader(app, text, spans)
        open_runs.append(ms)
        if not args.skip_alt:
            alt, ms = open_char_formats(app, text, spans)
            alt_runs.append(ms)
            alt.close()
    base_ms, open_ms = min(base_runs), min(open_runs)
    alt_ms = min(alt_runs) if alt_runs else None

    # one more span, in the visible area, painted
    edit = reader.text_edit()
    add_times, remove_times = [], []
    for i in range(20):
        span = HighlightSpan(10_000_000 + i, 50 + i * 7, 400 + i * 11, COLOURS[i % 12], i % 12, "new")
        add_times.append(timed(lambda: (reader.add_span(span), edit.viewport().repaint(),
                                        edit.stripes.repaint())))
        remove_times.append(timed(lambda: (reader.remove_span(span.id), edit.viewport().repaint(),
                                           edit.stripes.repaint())))

    base_scroll = scroll_pages(app, plain, args.pages)
    reader_scroll = scroll_pages(app, edit, args.pages)

    def row(name, ms, base=None, target=""):
        ratio = f"{ms / base:6.2f}x" if base else "      "
        print(f"{name:<66} {ms:9.2f} ms  {ratio}  {target}")

    print(f"{'measure':<66} {'time':>12}  {'ratio':>7}  target")
    row("open: QPlainTextEdit.setPlainText + paint (baseline, best of 5)", base_ms)
    row(f"open: ReaderView.set_document, {len(spans):,} spans + paint", open_ms, base_ms,
        "< 300 ms and < 2x " + ("OK" if open_ms < 300 and open_ms < 2 * base_ms else "MISSED"))
    if alt_ms is not None:
        row("open: alternative, blended char formats (1 edit block)", alt_ms, base_ms, "(not used)")
    med_add = statistics.median(add_times)
    row("add_span + repaint (median of 20)", med_add, None, "< 16 ms " + ("OK" if med_add < 16 else "MISSED"))
    row("add_span + repaint (max of 20)", max(add_times))
    row("remove_span + repaint (median of 20)", statistics.median(remove_times))
    b, r = statistics.mean(base_scroll), statistics.mean(reader_scroll)
    row(f"scroll {args.pages} pages: repaint per page, baseline (mean)", b)
    row(f"scroll {args.pages} pages: repaint per page, reader (mean)", r, b,
        "< 16 ms " + ("OK" if r < 16 else "MISSED"))
    row(f"scroll {args.pages} pages: repaint per page, reader (max)", max(reader_scroll),
        max(base_scroll))

    # stress: the same 5,000 spans squeezed into 50,000 characters (~30 layers deep)
    dense_text = make_text(50_000, rng)
    dense = [HighlightSpan(s.id, s.start % 49_000, s.start % 49_000 + (s.end - s.start), s.colour,
                           s.code_id, s.label) for s in spans]
    dense_view, _ = open_reader(app, dense_text, dense)
    dense_plain, _ = open_plain(app, dense_text)
    d_base = statistics.mean(scroll_pages(app, dense_plain, 15))
    d_reader = statistics.mean(scroll_pages(app, dense_view.text_edit(), 15))
    row("stress: 5,000 spans on 50,000 chars, repaint/page", d_reader, d_base,
        "< 16 ms " + ("OK" if d_reader < 16 else "MISSED") + " (issue 11; 48 ms before)")


if __name__ == "__main__":
    main()
