"""Search with keyword in context, and auto-coding of the hits (preview, untick, apply).

Double-click a hit to show it in the reader. Auto-coding is one undoable change through
the session (Edit > Undo removes every segment it made)."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from app.analysis import autocode
from app.analysis.search import SearchFilters, search
from app.coding.codebook import code_paths
from app.errors import ChorusError
from ui.analysis.rows_table import RowsTable

ANY_CODE = "(anywhere)"
PAGE = 2000  # hits listed at once (the first ones, by document); the CLI lists all


class SearchTab(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.plan = None
        self.query = QLineEdit(placeholderText='words, "a phrase", prefix*, AND / OR / NOT')
        self.query.setObjectName("analysisQuery")
        self.regex = QCheckBox("Regular expression")
        self.in_code = QComboBox()
        self.uncoded = QCheckBox("Only uncoded text")
        self.outlet = QLineEdit(placeholderText="outlet")
        self.date_from = QLineEdit(placeholderText="from (YYYY-MM-DD)")
        self.date_to = QLineEdit(placeholderText="to")
        self.search_button = QPushButton("Search")
        self.code = QLineEdit(placeholderText="code path for auto-coding, e.g. Themes/Harassment")
        self.widen = QComboBox()
        self.widen.addItems(["hit only", "sentence", "paragraph"])
        self.preview_button = QPushButton("Preview auto-coding")
        self.apply_button = QPushButton("Code ticked passages")
        self.apply_button.setEnabled(False)
        self.status = QLabel("")
        self.table = RowsTable()
        self.table.setObjectName("searchResults")

        row1 = QHBoxLayout()
        for w in (self.query, self.regex, self.search_button):
            row1.addWidget(w)
        row2 = QHBoxLayout()
        for w in (QLabel("In code:"), self.in_code, self.uncoded, self.outlet, self.date_from, self.date_to):
            row2.addWidget(w)
        row3 = QHBoxLayout()
        for w in (self.code, self.widen, self.preview_button, self.apply_button):
            row3.addWidget(w)
        layout = QVBoxLayout(self)
        for row in (row1, row2, row3):
            layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.search_button.clicked.connect(self.run_search)
        self.query.returnPressed.connect(self.run_search)
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        self.table.rowActivated.connect(self._open)
        self.reload_codes()

    def reload_codes(self) -> None:
        current = self.in_code.currentText()
        self.in_code.clear()
        self.in_code.addItems([ANY_CODE, *sorted(code_paths().values(), key=str.lower)])
        if current:
            self.in_code.setCurrentText(current)

    def filters(self) -> SearchFilters:
        code = self.in_code.currentText()
        outlet = self.outlet.text().strip()
        return SearchFilters(sources=(outlet,) if outlet else None, date_from=self.date_from.text().strip() or None,
                             date_to=self.date_to.text().strip() or None,
                             code=None if code in ("", ANY_CODE) else code, uncoded=self.uncoded.isChecked())

    def run_search(self) -> None:
        self.plan = None
        self.apply_button.setEnabled(False)
        try:
            result = search(self.window.session.project, self.query.text(), regex=self.regex.isChecked(),
                            filters=self.filters(), limit=PAGE)
        except ChorusError as exc:
            self.status.setText(str(exc))
            return
        self.table.set_rows(["document", "start", "end", "before", "hit", "after"],
                            [[h.document_title, h.start, h.end, h.before, h.text, h.after] for h in result.hits],
                            [(h.document_id, h.start, h.end) for h in result.hits])
        more = (f" (the first {len(result.hits)}: up to {result.candidates - result.documents} more documents "
                f"may match; narrow the search or use chorus search)" if result.truncated else "")
        self.status.setText(f"{len(result.hits)} hits in {result.documents} documents{more}"
                            + ("" if result.used_index or self.regex.isChecked() else " (scanned without the index)"))

    def preview(self) -> None:
        widen = {1: "sentence", 2: "paragraph"}.get(self.widen.currentIndex())
        try:
            self.plan = autocode.preview(self.window.session.project, self.query.text(), self.code.text().strip(),
                                         regex=self.regex.isChecked(), widen_to=widen, filters=self.filters())
        except ChorusError as exc:
            self.status.setText(str(exc))
            return
        passages = self.plan.passages
        self.table.set_rows(["code?", "document", "start", "end", "hits", "passage"],
                            [["already coded" if p.already else "", p.document_title, p.start, p.end, p.hits, p.text]
                             for p in passages],
                            [(p.document_id, p.start, p.end) for p in passages],
                            checks=[p.included and not p.already for p in passages])
        self.apply_button.setEnabled(bool(self.plan.to_code))
        self.status.setText(f"{len(self.plan.to_code)} passage(s) would be coded as {self.plan.code_path} "
                            f"({sum(p.already for p in passages)} already coded); untick any to leave out")

    def apply(self) -> None:
        if self.plan is None:
            return
        for passage, ticked in zip(self.plan.passages, self.table.model_.checks or []):
            passage.included = ticked
        try:
            result = self.window.session.perform(autocode.apply, self.window.session.project, self.plan)
        except ChorusError as exc:
            QMessageBox.warning(self, "Auto-coding failed", str(exc))
            return
        self.plan = None
        self.apply_button.setEnabled(False)
        self.status.setText(f"{result.label} (Edit > Undo removes them)")

    def _open(self, payload, _column) -> None:
        if payload is not None:
            document_id, start, end = payload
            self.window.show_segment(document_id, start, end)
