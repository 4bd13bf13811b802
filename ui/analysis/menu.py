"""The Analysis menu (installed by ui/menus.py): Analysis… and Search and Auto-code…"""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def install(window) -> None:
    menu = QMenu("&Analysis", window.menuBar())
    help_menu = getattr(window, "help_menu", None)
    if help_menu is not None:
        window.menuBar().insertMenu(help_menu.menuAction(), menu)
    else:
        window.menuBar().addMenu(menu)
    menu.setObjectName("analysisMenu")
    window.analysis_window = None

    def open_analysis(tab: int = 0) -> None:
        from ui.analysis.analysis_window import AnalysisWindow

        if window.analysis_window is None:
            window.analysis_window = AnalysisWindow(window.session, window)
        window.analysis_window.tabs.setCurrentIndex(tab)
        window.analysis_window.show()
        window.analysis_window.raise_()

    search = QAction("&Search and Auto-code…", window)
    search.setObjectName("analysisSearchAction")
    search.setShortcut(QKeySequence("Ctrl+Shift+F"))
    search.triggered.connect(lambda: open_analysis(0))
    tables = QAction("&Frequencies, Co-occurrence, Saturation…", window)
    tables.setObjectName("analysisTablesAction")
    tables.triggered.connect(lambda: open_analysis(1))
    menu.addAction(search)
    menu.addAction(tables)
    window.addAction(search)
    window.analysis_menu = menu
