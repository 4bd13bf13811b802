"""Benchmark of the workbench window: the big project and the densely coded document.

Run: .venv/bin/python bench/bench_window.py [--docs 1000] [--segments 100000] [--repeat 7]
     [--profile corpus-code|dense-code|dense-open] [--only corpus|dense]

Two projects, generated with ChangeRecorder.bulk_insert:
- corpus: 1,000 documents of ~3,000 characters, 60 codes in a two-level tree, 2 coders,
  100,000 segments;
- dense: one 300,000-character document with 5,000 segments (plus 20 small documents).
Measured offscreen at 1280x800, each figure the median of --repeat runs (the machine is
shared), each beside a baseline measured in the same run:
- open the window on the corpus (built, shown, first document, events processed; < 1 s),
  baseline: the document_rows + code_rows queries any view must pay;
- code one selection end to end (app call, undo push, models, reader, events; < 30 ms)
  and undo it (< 30 ms), on the corpus and with 5,000 segments in the open document,
  baseline: the bare app call (segments.code_span, one transaction);
- open the dense document (reader plus panels; < 100 ms),
  baseline: QPlainTextEdit.setPlainText of the same text.
Targets (issue 11): code < 30 ms, undo < 30 ms, dense open < 100 ms, corpus open < 1 s.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.coding import queries  # noqa: E402
from app.articles.documents import text_hash  # noqa: E402
from app.project import Project  # noqa: E402
from db.models import Code, Coder, Document, Segment, new_uuid  # noqa: E402

WORDS = ("campaign survivors testimony hashtag media framing backlash workplace policy reckoning "
         "coverage outlet editor accused allegations victims solidarity movement").split()
TARGETS = {"open_corpus": 1.0, "code": 0.030, "undo": 0.030, "open_dense": 0.100}


def make_text(rng: random.Random, n_chars: int) -> str:
    words, size = [], 0
    while size < n_chars:
        w = rng.choice(WORDS)
        words.append(w)
        size += len(w) + 1
    sentences = [" ".join(words[i:i + 14]).capitalize() + "." for i in range(0, len(words), 14)]
    return "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))


def build(path: Path, n_docs: int, n_segments: int, doc_chars: int = 3000, dense_segments: int = 0) -> None:
    """``n_docs`` documents of ``doc_chars``; with ``dense_segments``, the first document gets
    that many segments and the rest are spread over the others."""
    rng = random.Random(7)
    project = Project.create(path, coder_name="ana")
    with project.change("bench data") as rec:
        rec.bulk_insert(Coder, [{"uuid": new_uuid(), "name": n, "colour": "#3b6fb6"} for n in ("ana", "ben")])
        parents = [{"uuid": new_uuid(), "name": f"Theme {i}", "colour": "#4e79a7", "parent": None} for i in range(10)]
        rec.bulk_insert(Code, parents)
        parent_ids = [c.id for c in Code.select(Code.id).order_by(Code.id)]
        rec.bulk_insert(Code, [{"uuid": new_uuid(), "name": f"Sub {p}-{j}", "colour": "#e15759", "parent": p}
                               for p in parent_ids for j in range(5)])
        sizes = [doc_chars] + [min(doc_chars, 3000)] * (n_docs - 1)
        texts = [make_text(rng, size) for size in sizes]
        rec.bulk_insert(Document, [{"uuid": new_uuid(), "title": f"Article {i:04d} on the campaign",
                                    "source": rng.choice(["Ledger", "Courier", "Review"]),
                                    "published": f"2017-{rng.randint(10, 12)}-{rng.randint(10, 28)}",
                                    "text": t, "text_sha256": text_hash(t), "char_count": len(t)}
                                   for i, t in enumerate(texts)])
        docs = [(d.id, d.char_count) for d in Document.select(Document.id, Document.char_count).order_by(Document.id)]
        code_ids = [c.id for c in Code.select(Code.id)]
        coder_ids = [c.id for c in Coder.select(Coder.id)]
        rows = []
        for n in range(n_segments):
            doc_id, length = docs[0] if n < dense_segments else rng.choice(docs[1:] if dense_segments else docs)
            start = rng.randrange(0, length - 200)
            rows.append({"uuid": new_uuid(), "document": doc_id, "code": rng.choice(code_ids),
                         "coder": rng.choice(coder_ids), "start": start, "end": start + rng.randint(20, 200)})
        rec.bulk_insert(Segment, rows)
    project.close()


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", choices=("corpus", "dense"))
    parser.add_argument("--profile", choices=("corpus-code", "dense-code", "dense-open", "corpus-open"),
                        help="print a cProfile of that step instead of timing")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from app.coding import segments as coding
    from ui.main import application
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    application()
    folder = Path(tempfile.mkdtemp(prefix="chorus-bench-"))
    settings = Settings(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "ana"
    rows: list[tuple[str, float, float, str]] = []  # label, ms, baseline ms, target key

    def window_on(path: Path) -> MainWindow:
        window = MainWindow(ProjectSession(Project.open(path, coder_name="ana")), settings)
        window.resize(1280, 800)
        window.show()
        return window

    def profile(fn) -> None:
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        st = pstats.Stats(prof); st.sort_stats("cumulative").print_stats(os.environ.get("PROF_FILTER", ""), 60)

    def code_and_undo(window, doc_id: int, label: str, prefix: str) -> None:
        code_id = window.codebook.model.rows_in_order()[3].id
        window.open_document(doc_id)
        QApplication.processEvents()
        project = window.session.project
        # baseline: the bare app call, coded and removed again (same spans)
        base = []
        project.remove_listener(window.session._listener)  # the bare call: no window listening
        try:
            for i in range(args.repeat):
                t0 = time.perf_counter()
                seg = coding.code_span(project, doc_id, 100 + i * 7, 160 + i * 7, code_id)
                base.append(time.perf_counter() - t0)
                coding.uncode(project, seg.id)
        finally:
            project.add_listener(window.session._listener)
        QApplication.processEvents()
        window.session.undo_stack.clear()
        codes, undos = [], []
        if args.profile == f"{prefix}-code":
            window.reader.select_span(100, 160)
            profile(lambda: (window.coding.apply_code(code_id), QApplication.processEvents()))
            return
        for i in range(args.repeat):
            window.reader.select_span(100 + i * 7, 160 + i * 7)
            t0 = time.perf_counter()
            assert window.coding.apply_code(code_id)
            QApplication.processEvents()
            codes.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            window.undo()
            QApplication.processEvents()
            undos.append(time.perf_counter() - t0)
        rows.append((f"{label}: code one selection end to end", median_ms(codes), median_ms(base), "code"))
        rows.append((f"{label}: undo that coding end to end", median_ms(undos), median_ms(base), "undo"))

    if args.only in (None, "corpus"):
        path = folder / "corpus.chorus"
        t0 = time.perf_counter()
        build(path, args.docs, args.segments)
        print(f"corpus: {args.docs:,} documents, {args.segments:,} segments, 60 codes "
              f"(generated in {time.perf_counter() - t0:.1f} s)")
        project = Project.open(path, coder_name="ana")
        base = []
        for _ in range(3):
            t0 = time.perf_counter()
            queries.document_rows(), queries.code_rows()
            base.append(time.perf_counter() - t0)
        project.close()

        def open_window():
            window = window_on(path)
            window.open_document(window.documents.model.document(0).id)
            QApplication.processEvents()
            return window

        if args.profile == "corpus-open":
            profile(open_window)
            return 0
        opens = []
        for _ in range(3):
            t0 = time.perf_counter()
            window = open_window()
            opens.append(time.perf_counter() - t0)
            window.close()
            window.session.close()
        rows.append(("corpus: open the window (shown, first document)", median_ms(opens), median_ms(base),
                     "open_corpus"))
        window = window_on(path)
        code_and_undo(window, window.documents.model.document(0).id, "corpus", "corpus")
        window.close()
        window.session.close()

    if args.only in (None, "dense"):
        path = folder / "dense.chorus"
        t0 = time.perf_counter()
        build(path, 21, 5000 + 20 * 50, doc_chars=300_000, dense_segments=5000)
        print(f"dense: one 300,000-character document with 5,000 segments "
              f"(generated in {time.perf_counter() - t0:.1f} s)")
        window = window_on(path)
        dense_id = min(r.id for r in (window.documents.model.document(i)
                                      for i in range(window.documents.model.rowCount())))
        other_id = dense_id + 1
        text = queries.document_texts([dense_id])[dense_id]
        plain = QPlainTextEdit()
        plain.resize(640, 560)
        plain.show()
        QApplication.processEvents()
        if args.profile == "dense-open":
            window.open_document(other_id)
            QApplication.processEvents()
            profile(lambda: (window.open_document(dense_id), QApplication.processEvents()))
            return 0
        base, opens = [], []
        for _ in range(args.repeat):
            plain.setPlainText("")
            QApplication.processEvents()
            t0 = time.perf_counter()
            plain.setPlainText(text)
            QApplication.processEvents()
            base.append(time.perf_counter() - t0)
            window.open_document(other_id)
            QApplication.processEvents()
            t0 = time.perf_counter()
            window.open_document(dense_id)
            QApplication.processEvents()
            opens.append(time.perf_counter() - t0)
        rows.append(("dense: open the 300k / 5,000-segment document", median_ms(opens), median_ms(base),
                     "open_dense"))
        code_and_undo(window, dense_id, "dense (5,000 in the document)", "dense")
        window.close()
        window.session.close()

    if args.profile:
        return 0
    print(f"\n{'measure (median of runs)':<58}{'ms':>9}{'baseline ms':>13}{'ratio':>8}  target")
    print("-" * 100)
    for label, ms, base_ms, key in rows:
        target = TARGETS[key] * 1000
        verdict = "OK" if ms < target else "MISSED"
        print(f"{label:<58}{ms:>9.1f}{base_ms:>13.1f}{ms / base_ms:>8.1f}  < {target:.0f} ms {verdict}")
    print("baselines: corpus open = document_rows + code_rows; code/undo = bare segments.code_span; "
          "dense open = QPlainTextEdit.setPlainText")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
