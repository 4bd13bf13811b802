"""The Review window's Agreement tab: the tables ``chorus agreement`` prints (per code,
per document, pooled, coder pairs, segment matches), from the same functions."""
from __future__ import annotations

from PySide6.QtWidgets import (QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget, QHBoxLayout)

from app.errors import ChorusError
from app.team.review.agreement_data import project_agreement
from app.team.review.agreement_text import tables


class AgreementPanel(QWidget):
    def __init__(self, project, parent=None):
        super().__init__(parent)
        self.project = project
        self.summary = QLabel("")
        self.summary.setObjectName("agreementSummary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("Recompute")
        self.refresh_button.clicked.connect(self.recompute)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("agreementTables")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.tables: dict[str, QTableWidget] = {}

    def recompute(self) -> None:
        self.project.activate()
        try:
            report = project_agreement(project=self.project)
        except ChorusError as exc:
            self.summary.setText(f"No agreement yet: {exc}")
            self.tabs.clear()
            self.tables = {}
            return
        scope = report.scope or {}
        compared = len(scope.get("documents_compared", report.docs))
        lines = [f"Coders: {', '.join(report.coders) or 'none'}; {compared} of {len(report.docs)} documents "
                 f"compared, {len(report.codes)} codes."] + list(scope.get("lines", []))[:2]
        self.summary.setText("\n".join(lines))
        self.tabs.clear()
        self.tables = {}
        for title, headers, rows in tables(report):
            table = QTableWidget(len(rows), len(headers))
            table.setObjectName(f"agreement:{title}")
            table.setHorizontalHeaderLabels(headers)
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.setItem(r, c, QTableWidgetItem(value))
            header = table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for col in range(1, len(headers)):  # numbers are never cut
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
            self.tabs.addTab(table, title.split(" (")[0])
            self.tables[title] = table

    def cell_texts(self, title_prefix: str) -> list[list[str]]:
        table = next(t for k, t in self.tables.items() if k.startswith(title_prefix))
        return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
