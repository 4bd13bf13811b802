"""The Analysis window: tabs for search and auto-coding, frequencies, co-occurrence,
matrices and saturation (sortable, copyable tables with their charts, CSV export), and
the methods report (HTML, or PDF through Qt's printing).

Double-click a number to list its passages in the Segments panel of the main window;
selecting a code in the codebook selects its row in the tables. Tables are computed
when their tab is shown and again after a change to the project."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QSpinBox, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from app.analysis import data, figures
from app.analysis.cooccurrence import cooccurrence
from app.analysis.frequencies import frequencies
from app.analysis.matrices import matrix
from app.analysis.report import build_html, write_html_report
from app.analysis.saturation import saturation
from app.errors import ChorusError
from ui import file_dialogs
from ui.analysis.chart_label import ChartLabel
from ui.analysis.rows_table import RowsTable
from ui.analysis.search_tab import SearchTab

GROUPS = ["(no grouping)", "document", "coder", "outlet", "year", "month"]


class _TableTab(QWidget):
    """Controls on top, a table and its chart side by side, an Export CSV button."""

    def __init__(self, owner, parent=None):
        super().__init__(parent)
        self.owner = owner
        self.controls = QHBoxLayout()
        self.table = RowsTable()
        self.chart = ChartLabel()
        self.note = QLabel("")
        self.note.setWordWrap(True)
        export = QPushButton("Export CSV…")
        export.clicked.connect(self.export_csv)
        save_chart = QPushButton("Save chart…")
        save_chart.clicked.connect(lambda: self.save_chart())
        self.draw = None  # fmt -> image bytes, set by compute()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([560, 440])
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(save_chart)
        bottom.addWidget(export)
        layout = QVBoxLayout(self)
        layout.addLayout(self.controls)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.table.rowActivated.connect(self.activated)
        self.stale = True

    def add(self, *widgets) -> None:
        for w in widgets:
            self.controls.addWidget(w)
            signal = getattr(w, "currentIndexChanged", None) or getattr(w, "valueChanged", None) or getattr(
                w, "toggled", None)
            if signal is not None:
                signal.connect(self.refresh)
        self.controls.addStretch(1)

    def refresh(self, *_args) -> None:
        try:
            self.compute()
        except ChorusError as exc:
            self.note.setText(str(exc))
        self.stale = False

    def compute(self) -> None:
        raise NotImplementedError

    def activated(self, payload, column) -> None:
        """payload: (code ids, document ids or None, caption[, exact segment ids or a
        callable giving them]) for the Segments panel."""
        if payload:
            self.owner.show_passages(*payload)

    def show_chart(self, draw) -> None:
        """Draw the chart (PNG here) and remember how, to save it as PNG or SVG."""
        self.draw = draw
        self.chart.set_png(draw("png"))

    def save_chart(self, out: str | Path | None = None) -> None:
        """Save the chart as SVG or PNG (by the name's suffix); asks where when not told."""
        if self.draw is None:
            return
        if out is None:
            project = self.owner.session.project
            default = str(project.path.with_name(f"{project.path.stem}-{self.objectName() or 'chart'}.svg"))
            out = file_dialogs.save_file_name(self, "Save chart (.svg or .png)", default, project_path=project.path)
        if not out:
            return
        out = str(out)
        fmt = "png" if out.lower().endswith(".png") else "svg"
        try:
            image = self.draw(fmt)
            Path(out).write_bytes(image)
        except (ChorusError, OSError) as exc:
            QMessageBox.warning(self, "Saving the chart failed", str(exc))
            return
        self.note.setText(f"Saved the chart to {Path(out).name}.")

    def export_csv(self) -> None:
        project = self.owner.session.project
        default = str(project.path.with_name(f"{project.path.stem}-{self.objectName() or 'analysis'}.csv"))
        out = file_dialogs.save_file_name(self, "Export CSV", default, project_path=project.path)
        if not out:
            return
        try:
            rows = self.table.export_csv(Path(out))
        except (ChorusError, OSError) as exc:
            QMessageBox.warning(self, "Export failed", str(exc))
            return
        self.note.setText(f"Wrote {rows} rows to {Path(out).name}.")


_SCOPE_WORDS = {"overlap": "overlapping", "paragraph": "in the same paragraphs", "document": "in the same documents"}


def _ids(paths_to_id: dict[str, int], *paths: str) -> list[int]:
    return [paths_to_id[p] for p in paths if p in paths_to_id]


class FrequencyTab(_TableTab):
    def __init__(self, owner, parent=None):
        super().__init__(owner, parent)
        self.setObjectName("frequencies")
        self.by = QComboBox()
        self.add(QLabel("Group by:"), self.by)
        self.reload_groups()

    def reload_groups(self) -> None:
        current = self.by.currentText()
        self.by.blockSignals(True)
        self.by.clear()
        self.by.addItems(GROUPS + data.attribute_names())
        if current:
            self.by.setCurrentText(current)
        self.by.blockSignals(False)

    def compute(self) -> None:
        project = self.owner.session.project
        by = None if self.by.currentIndex() <= 0 else self.by.currentText()
        table = frequencies(project, by=by, coders=self.owner.coders())
        ids = self.owner.path_ids()
        payloads = []
        for r in table.rows:
            docs = None if by in (None, "coder") else data.documents_where(by, r.group)
            # the row's own segments (by coder: only that coder's), exactly
            payloads.append(([r.code_id], docs, f"“{r.code}”" + (f" · {r.group}" if by else ""),
                             list(r.segment_ids)))
        self.table.set_rows(table.header(), table.table(), payloads)
        coders = self.owner.coders()
        self.show_chart(lambda fmt: figures.frequency_chart(project, coders=coders, fmt=fmt))
        self.note.setText(f"{len(table.rows)} rows. Double-click a row to list its segments.")
        self._ids = ids


class CooccurrenceTab(_TableTab):
    def __init__(self, owner, parent=None):
        super().__init__(owner, parent)
        self.setObjectName("cooccurrence")
        self.scope = QComboBox()
        self.scope.addItems(["overlap", "paragraph", "document"])
        self.window_size = QSpinBox()
        self.window_size.setRange(0, 20)
        self.window_size.setPrefix("within ")
        self.window_size.setSuffix(" paragraph(s)")
        self.add(QLabel("Together when:"), self.scope, self.window_size)

    def compute(self) -> None:
        project = self.owner.session.project
        scope = self.scope.currentText()
        self.window_size.setEnabled(scope == "paragraph")
        result = cooccurrence(project, scope=scope, window=self.window_size.value(), coders=self.owner.coders())
        ids = self.owner.path_ids()
        rows, payloads = [], []
        for c in result.cells:
            rows.append([c.code_a, c.code_b, c.count, c.c_coefficient, c.jaccard, c.passage_count])
            payloads.append((_ids(ids, c.code_a, c.code_b), c.document_ids(),
                             f"“{c.code_a}” with “{c.code_b}” ({_SCOPE_WORDS[scope]})", c.segment_ids))
        self.table.set_rows(["code A", "code B", "count", "c-coefficient", "Jaccard", "passages"], rows, payloads)
        window, coders = self.window_size.value(), self.owner.coders()
        self.show_chart(lambda fmt: figures.cooccurrence_chart(project, scope=scope, window=window, coders=coders,
                                                               fmt=fmt))
        distorted = sum(c.c_distorted for c in result.cells)
        self.note.setText(f"{len(result.cells)} pairs." + (
            f" {distorted} c-coefficient(s) above 1: one segment overlaps several of the other code." if distorted
            else "") + " Double-click a pair to list the passages behind its count.")


class MatrixTab(_TableTab):
    def __init__(self, owner, parent=None):
        super().__init__(owner, parent)
        self.setObjectName("matrix")
        self.by = QComboBox()
        self.value = QComboBox()
        self.value.addItems(["count", "share"])
        self.add(QLabel("Columns:"), self.by, QLabel("Cells:"), self.value)
        self.reload_groups()

    def reload_groups(self) -> None:
        current = self.by.currentText()
        self.by.blockSignals(True)
        self.by.clear()
        self.by.addItems(["document", "outlet", "year", "month"] + data.attribute_names())
        if current:
            self.by.setCurrentText(current)
        self.by.blockSignals(False)

    def compute(self) -> None:
        project = self.owner.session.project
        by = self.by.currentText() or "document"
        result = matrix(project, by=by, value=self.value.currentText(), coders=self.owner.coders())
        table = result.table()
        ids = self.owner.path_ids()
        self.result = result
        payloads = [(_ids(ids, row[0]), None, f"“{row[0]}”", row[0]) for row in table[1:]]
        self.table.set_rows(table[0], table[1:], payloads)
        coders, period = self.owner.coders(), "year" if by == "year" else "month"
        self.show_chart(lambda fmt: figures.timeline_chart(project, by=period, coders=coders, fmt=fmt))
        self.note.setText(f"{len(result.codes)} codes x {len(result.columns)} columns. Chart: codes over time.")

    def activated(self, payload, column) -> None:
        if not payload:
            return
        code_ids, _docs, caption, code = payload
        header = self.table.model_.header
        if column >= 1 and column < len(header):
            col = header[column]
            docs = data.documents_where(self.by.currentText() or "document", col)
            self.owner.show_passages(code_ids, docs, f"{caption} · {col}", self.result.segments.get((code, col), []))
        else:
            ids = sorted(i for (c, _col), seg in self.result.segments.items() if c == code for i in seg)
            self.owner.show_passages(code_ids, None, caption, ids)


class SaturationTab(_TableTab):
    def __init__(self, owner, parent=None):
        super().__init__(owner, parent)
        self.setObjectName("saturation")
        self.base = QSpinBox()
        self.base.setRange(1, 100)
        self.base.setValue(4)
        self.base.setPrefix("base ")
        self.run = QSpinBox()
        self.run.setRange(1, 50)
        self.run.setValue(2)
        self.run.setPrefix("run ")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0, 100)
        self.threshold.setValue(5)
        self.threshold.setSuffix(" % new")
        self.order = QComboBox()
        self.order.addItems(["import", "date"])
        self.per_coder = QCheckBox("Per coder")
        self.add(self.base, self.run, self.threshold, QLabel("Order:"), self.order, self.per_coder)

    def compute(self) -> None:
        project = self.owner.session.project
        results = saturation(project, order=self.order.currentText(), base=self.base.value(), run=self.run.value(),
                             threshold=self.threshold.value() / 100, coders=self.owner.coders(),
                             per_coder=self.per_coder.isChecked())
        rows, payloads = [], []
        for s in results:
            for r in s.rows:
                rows.append([s.coder or "(pooled)", r.position, r.document_title, r.new_count, r.new_subcodes,
                             r.cumulative, "; ".join(r.new_codes)])
                payloads.append((None, [r.document_id], f"{r.document_title}"))
        self.table.set_rows(["coder", "#", "document", "new codes", "new sub-codes", "cumulative", "introduced"],
                            rows, payloads)
        first = results[0]
        self.show_chart(lambda fmt: figures.saturation_chart(first, fmt=fmt))
        self.note.setText("  ".join(f"{s.coder or 'pooled'}: {s.result.label}" for s in results)
                          + "  (Guest, Namey & Chen 2020)")


class PortraitTab(_TableTab):
    """The document open in the reader as its sequence of code colours, and its segments."""

    def __init__(self, owner, parent=None):
        super().__init__(owner, parent)
        self.setObjectName("portrait")
        self.add(QLabel("The document open in the reader:"))

    def compute(self) -> None:
        project = self.owner.session.project
        document_id = getattr(self.owner.main_window, "document_id", None)
        if document_id is None:
            self.table.set_rows(["code", "start", "end"], [])
            self.chart.set_png(b"")
            self.note.setText("Open a document in the reader to see its portrait.")
            return
        paths = data.paths()
        segs = data.segments(self.owner.session.visible_coder_ids(), document_ids=[document_id])
        names = data.coder_names()
        self.table.set_rows(["code", "coder", "start", "end"],
                            [[paths[s.code], names.get(s.coder, ""), s.start, s.end] for s in segs],
                            [([s.code], [document_id], f"“{paths[s.code]}” in this document") for s in segs])
        coders = self.owner.coders()
        self.show_chart(lambda fmt: figures.portrait_chart(project, document_id, coders=coders, fmt=fmt))
        self.note.setText(f"{len(segs)} segments.")


class AnalysisWindow(QWidget):
    def __init__(self, session, main_window=None):
        super().__init__(main_window)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("Analysis")
        self.setObjectName("analysisWindow")
        self.session = session
        self.main_window = main_window
        self.tabs = QTabWidget()
        self.search_tab = SearchTab(self)
        self.frequency_tab = FrequencyTab(self)
        self.cooccurrence_tab = CooccurrenceTab(self)
        self.matrix_tab = MatrixTab(self)
        self.saturation_tab = SaturationTab(self)
        self.portrait_tab = PortraitTab(self)
        self.tabs.addTab(self.search_tab, "Search && auto-code")
        for tab, title in ((self.frequency_tab, "Frequencies"), (self.cooccurrence_tab, "Co-occurrence"),
                           (self.matrix_tab, "Matrix"), (self.saturation_tab, "Saturation"),
                           (self.portrait_tab, "Document portrait")):
            self.tabs.addTab(tab, title)
        report = QPushButton("Methods report (HTML)…")
        report.clicked.connect(self.save_report)
        pdf = QPushButton("Methods report (PDF)…")
        pdf.clicked.connect(self.save_pdf)
        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(report)
        top.addWidget(pdf)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_shown)
        session.changed.connect(self._project_changed)
        codebook = getattr(main_window, "codebook", None)
        if codebook is not None and hasattr(codebook, "codeSelected"):
            codebook.codeSelected.connect(self.follow_code)
            segments = getattr(main_window, "segments", None)
            if segments is not None and hasattr(segments, "leave_exact"):
                # picking a code (again) brings the panel's ordinary list back
                codebook.codeSelected.connect(segments.leave_exact)
                tree = getattr(codebook, "tree", None)
                if tree is not None:
                    tree.clicked.connect(segments.leave_exact)
        self.resize(1150, 720)

    # -- helpers used by the tabs --------------------------------------------------------
    def coders(self) -> list[str] | None:
        ids = self.session.visible_coder_ids()
        if ids is None:
            return None
        names = data.coder_names()
        return [names[i] for i in ids if i in names]

    def path_ids(self) -> dict[str, int]:
        return {p: i for i, p in data.paths().items()}

    def show_segment(self, document_id: int, start: int, end: int) -> None:
        if self.main_window is not None:
            self.main_window.show_segment(document_id, start, end)

    def show_passages(self, code_ids, document_ids, caption: str, segment_ids=None) -> None:
        """List a number's passages in the Segments panel: exactly ``segment_ids`` (a list,
        or a callable giving it) when known, else the codes' segments in those documents."""
        segments = getattr(self.main_window, "segments", None)
        if segments is None:
            return
        if callable(segment_ids):
            segment_ids = segment_ids()
        if segment_ids is not None:
            segments.show_exact(segment_ids, self.session.visible_coder_ids(), caption)
        else:
            segments.show_list(code_ids or None, self.session.visible_coder_ids(), document_ids, caption)

    def follow_code(self, code_id: int) -> None:
        if not self.isVisible():
            return
        tab = self.tabs.currentWidget()
        if isinstance(tab, _TableTab) and code_id >= 0:
            tab.table.select_payload(lambda p: p[0] is not None and code_id in p[0])

    # -- refreshing ------------------------------------------------------------------------
    def _tab_shown(self, _index: int) -> None:
        tab = self.tabs.currentWidget()
        if isinstance(tab, _TableTab) and tab.stale:
            tab.refresh()

    def _project_changed(self, _flags: int) -> None:
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if isinstance(tab, _TableTab):
                tab.stale = True
        self._codes_stale = True
        if self.isVisible():  # a hidden window reads nothing until it is shown again
            self._refresh_visible()

    def _refresh_visible(self) -> None:
        if getattr(self, "_codes_stale", False):
            self.search_tab.reload_codes()
            self._codes_stale = False
        self._tab_shown(self.tabs.currentIndex())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._refresh_visible()

    # -- the report ------------------------------------------------------------------------
    def save_report(self) -> None:
        project = self.session.project
        default = str(project.path.with_name(f"{project.path.stem}-methods.html"))
        out = file_dialogs.save_file_name(self, "Methods report", default, project_path=project.path)
        if not out:
            return
        try:
            summary = write_html_report(project, Path(out), coders=self.coders())
        except (ChorusError, OSError) as exc:
            QMessageBox.warning(self, "Report failed", str(exc))
            return
        self.saturation_tab.note.setText(f"Wrote {Path(out).name} ({summary}).")

    def save_pdf(self) -> None:
        project = self.session.project
        default = str(project.path.with_name(f"{project.path.stem}-methods.pdf"))
        out = file_dialogs.save_file_name(self, "Methods report (PDF)", default, project_path=project.path)
        if not out:
            return
        try:
            write_pdf(build_html(project, coders=self.coders()), Path(out))
        except (ChorusError, OSError) as exc:
            QMessageBox.warning(self, "Report failed", str(exc))


def write_pdf(html_text: str, path: Path) -> None:
    """The HTML report printed to PDF with Qt (QTextDocument + QPdfWriter, A4)."""
    if not path.parent.is_dir():
        raise OSError(f"{path.name}: folder {path.parent} does not exist")
    document = QTextDocument()
    document.setHtml(html_text)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(150)
    document.print_(writer)
