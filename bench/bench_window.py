"""Benchmark of the workbench window on a large project.

Run: .venv/bin/python bench/bench_window.py [--docs 1000] [--segments 100000] [--keep PATH]

Generates a project (1,000 documents of ~3,000 characters, 60 codes in a two-level
tree, 2 coders, 100,000 segments) with ChangeRecorder.bulk_insert, then measures, offscreen:
- baseline: the read queries alone (document_rows + code_rows), what any view must pay;
- window open: MainWindow built, shown, first document in the reader, events processed
  (target < 1.5 s);
- code one selection end to end: app call + undo push + model refresh + repaint;
- undo of that coding end to end.
"""
from __future__ import annotations

import argparse
import os
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
TARGET_OPEN_S = 1.5


def make_text(rng: random.Random, n_chars: int) -> str:
    words, size = [], 0
    while size < n_chars:
        w = rng.choice(WORDS)
        words.append(w)
        size += len(w) + 1
    sentences = [" ".join(words[i:i + 14]).capitalize() + "." for i in range(0, len(words), 14)]
    return "\n\n".join(" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5))


def build(path: Path, n_docs: int, n_segments: int) -> None:
    rng = random.Random(7)
    project = Project.create(path, coder_name="ana")
    with project.change("bench data") as rec:
        rec.bulk_insert(Coder, [{"uuid": new_uuid(), "name": n, "colour": "#3b6fb6"} for n in ("ana", "ben")])
        parents = [{"uuid": new_uuid(), "name": f"Theme {i}", "colour": "#4e79a7", "parent": None} for i in range(10)]
        rec.bulk_insert(Code, parents)
        parent_ids = [c.id for c in Code.select(Code.id).order_by(Code.id)]
        rec.bulk_insert(Code, [{"uuid": new_uuid(), "name": f"Sub {p}-{j}", "colour": "#e15759", "parent": p}
                               for p in parent_ids for j in range(5)])
        texts = [make_text(rng, 3000) for _ in range(n_docs)]
        rec.bulk_insert(Document, [{"uuid": new_uuid(), "title": f"Article {i:04d} on the campaign",
                                    "source": rng.choice(["Ledger", "Courier", "Review"]),
                                    "published": f"2017-{rng.randint(10, 12)}-{rng.randint(10, 28)}",
                                    "text": t, "text_sha256": text_hash(t), "char_count": len(t)}
                                   for i, t in enumerate(texts)])
        doc_ids = [(d.id, d.char_count) for d in Document.select(Document.id, Document.char_count)]
        code_ids = [c.id for c in Code.select(Code.id)]
        coder_ids = [c.id for c in Coder.select(Coder.id)]
        rows = []
        for _ in range(n_segments):
            doc_id, length = rng.choice(doc_ids)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the generated project at this path")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="chorus-bench-"))
    path = args.keep or folder / "bench.chorus"
    t_build, _ = timed(lambda: build(path, args.docs, args.segments))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui.main import application
    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    application()
    settings = Settings(QSettings(str(folder / "prefs.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "ana"

    project = Project.open(path, coder_name="ana")
    t_base, _ = timed(lambda: (queries.document_rows(), queries.code_rows()), repeat=3)
    project.close()

    def open_window():
        session = ProjectSession(Project.open(path, coder_name="ana"))
        window = MainWindow(session, settings)
        window.show()
        window.open_document(window.documents.model.document(0).id)
        QApplication.processEvents()
        window.grab()  # a full paint
        return window

    t_open, window = timed(open_window)
    code_id = window.codebook.model.rows_in_order()[3].id

    def code_once():
        window.reader.select_span(100, 160)
        assert window.coding.apply_code(code_id)
        QApplication.processEvents()
        window.grab()

    def undo_once():
        window.session.undo_stack.undo()
        QApplication.processEvents()
        window.grab()

    t_code, _ = timed(code_once)
    t_undo, _ = timed(undo_once)
    window.close()
    window.session.close()

    print(f"Window benchmark: {args.docs:,} documents, {args.segments:,} segments, 60 codes "
          f"(generated in {t_build:.1f} s)")
    print(f"{'measure':<48}{'seconds':>10}{'x baseline':>12}")
    print("-" * 70)
    for label, value in (("baseline: document_rows + code_rows queries", t_base),
                         ("open window (built, shown, doc in reader, paint)", t_open),
                         ("code one selection end to end", t_code),
                         ("undo that coding end to end", t_undo)):
        print(f"{label:<48}{value:>10.3f}{value / t_base:>12.1f}")
    verdict = "OK" if t_open < TARGET_OPEN_S else "SLOW"
    print(f"\nopen target < {TARGET_OPEN_S} s: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
