"""The Analysis window on the demo project: real widgets, real project file."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.analysis.frequencies import frequencies
from app.analysis.search import search
from db.models import Segment


@pytest.fixture
def win(qtbot, demo, tmp_path):
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow
    from ui.project_session import ProjectSession
    from ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    settings.coder_name = "ana"
    session = ProjectSession(demo)
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.analysis_window is not None:
        window.analysis_window.close()
    session.undo_stack.clear()
    demo.remove_listener(session._listener)


def _open(win, name="analysisSearchAction"):
    from PySide6.QtGui import QAction

    action = win.findChild(QAction, name)
    assert action is not None and win.analysis_menu.title() == "&Analysis"
    action.trigger()
    return win.analysis_window


def test_search_tab_lists_hits_and_opens_them(win, qtbot):
    analysis = _open(win)
    tab = analysis.search_tab
    tab.query.setText('"me too"')
    tab.run_search()
    expected = search(win.session.project, '"me too"').hits
    assert tab.table.model_.rowCount() == len(expected) > 0
    first = tab.table.model_.payloads[0]
    assert first == (expected[0].document_id, expected[0].start, expected[0].end)
    tab.table.rowActivated.emit(first, 0)
    assert win.document_id == expected[0].document_id
    tab.query.setText("(broken")
    tab.run_search()
    assert "search query" in tab.status.text()


def test_autocode_preview_untick_apply_and_undo(win):
    analysis = _open(win)
    tab = analysis.search_tab
    before = Segment.select().count()
    tab.query.setText("harass*")
    tab.code.setText("Auto/Harassment")
    tab.widen.setCurrentIndex(1)
    tab.preview()
    model = tab.table.model_
    n = model.rowCount()
    assert n > 1 and tab.apply_button.isEnabled()
    model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    tab.apply()
    assert Segment.select().count() == before + n - 1
    win.session.undo_stack.undo()  # one step
    assert Segment.select().count() == before


def test_tables_charts_copy_and_passages(win, qtbot):
    analysis = _open(win, "analysisTablesAction")
    freq = analysis.frequency_tab
    assert not freq.stale and freq.chart.has_chart()
    rows = frequencies(win.session.project).rows
    assert freq.table.model_.rowCount() == len(rows)
    freq.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    top = freq.table.proxy.index(0, 1).data()
    assert int(top) == max(r.segments for r in rows)
    freq.table.selectAll()
    freq.table.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied.count("\n") == len(rows) - 1 and "\t" in copied
    freq.by.setCurrentText("coder")
    assert any(row[1] == "ben" for row in freq.table.model_.rows)
    analysis.tabs.setCurrentWidget(analysis.cooccurrence_tab)
    co = analysis.cooccurrence_tab
    assert co.table.model_.rowCount() > 0
    co.scope.setCurrentText("document")
    payload = co.table.model_.payloads[0]
    co.table.rowActivated.emit(payload, 2)
    assert "with" in win.segments.caption.text()
    analysis.tabs.setCurrentWidget(analysis.saturation_tab)
    sat = analysis.saturation_tab
    assert "pooled:" in sat.note.text() and sat.chart.has_chart()
    analysis.tabs.setCurrentWidget(analysis.matrix_tab)
    assert analysis.matrix_tab.table.model_.rowCount() == len(rows)


def test_codebook_selection_selects_the_row(win):
    analysis = _open(win, "analysisTablesAction")
    freq = analysis.frequency_tab
    from app.coding.codebook import find_code

    code = find_code("Survivor testimony/Disclosure")
    win.codebook.codeSelected.emit(code.id)
    selected = freq.table.selectionModel().selectedRows()
    assert selected and selected[0].data() == "Survivor testimony/Disclosure"


def test_pdf_report(win, tmp_path):
    from app.analysis.report import build_html
    from ui.analysis.analysis_window import write_pdf

    out = tmp_path / "methods.pdf"
    write_pdf(build_html(win.session.project), out)
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 20000


def test_portrait_tab_and_chart_saving(win, tmp_path):
    analysis = _open(win, "analysisTablesAction")
    win.open_document(1)
    analysis.tabs.setCurrentWidget(analysis.portrait_tab)
    tab = analysis.portrait_tab
    assert tab.table.model_.rowCount() == Segment.select().where(Segment.document == 1).count() > 0
    assert tab.chart.has_chart()
    out = tmp_path / "portrait.svg"
    tab.save_chart(out)
    assert b"<svg" in out.read_bytes()[:1000]
    tab.save_chart(tmp_path / "portrait.png")
    assert (tmp_path / "portrait.png").read_bytes().startswith(b"\x89PNG")


def test_search_tab_refuses_a_huge_query_in_one_line(win):
    analysis = _open(win)
    tab = analysis.search_tab
    tab.query.setText("(" * 2000 + "me" + ")" * 2000)
    tab.run_search()
    assert tab.status.text().startswith("search query too complex") and tab.table.model_.rowCount() == 0


def _double_click(qtbot, table, row_match):
    """Double-click (a real mouse double-click) the first row for which ``row_match(row)``
    holds, on column ``row_match.column``."""
    model = table.model_
    row = next(i for i, r in enumerate(model.rows) if row_match(r))
    index = table.proxy.mapFromSource(model.index(row, row_match.column))
    qtbot.waitExposed(table.window())
    qtbot.wait(20)  # let pending layouts settle: scrolling needs the table's final geometry
    table.scrollTo(index)
    qtbot.wait(20)
    rect = table.visualRect(index)
    assert table.viewport().rect().contains(rect.center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # press sets the item
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_double_click_on_a_cooccurrence_cell_lists_exactly_its_passages(win, qtbot):
    from app.analysis.cooccurrence import cooccurrence
    from app.coding.segments import code_span
    from db.models import Code

    project = win.session.project
    # A and B overlap once; a second A segment in the same document overlaps nothing, so
    # the old "both codes in those documents" list would show three segments, not two
    a1 = code_span(project, 1, 0, 20, "Exact/A", create_missing=True)
    b1 = code_span(project, 1, 10, 30, "Exact/B", create_missing=True)
    a2 = code_span(project, 1, 200, 220, "Exact/A")
    analysis = _open(win, "analysisTablesAction")
    analysis.tabs.setCurrentWidget(analysis.cooccurrence_tab)
    tab = analysis.cooccurrence_tab
    tab.scope.setCurrentText("overlap")
    cell = cooccurrence(project, "overlap").cell("Exact/A", "Exact/B")
    assert cell.segment_ids() == sorted([a1.id, b1.id])
    old_filter = sorted(s.id for s in Segment.select().where(
        Segment.code.in_([a1.code_id, b1.code_id]) & Segment.document.in_(cell.document_ids())))
    assert old_filter == sorted([a1.id, b1.id, a2.id])  # the old list differs

    def match(r):
        return {r[0], r[1]} == {"Exact/A", "Exact/B"}
    match.column = 2  # the count
    _double_click(qtbot, tab.table, match)
    panel = win.segments
    assert sorted(panel.model.segment_ids()) == sorted([a1.id, b1.id])
    assert panel.showing_exact() and "(overlapping) · 2 segments" in panel.caption.text()
    # a change elsewhere refreshes the window but keeps the exact list (new segments never join it)
    code_span(project, 1, 15, 25, "Exact/B")
    qtbot.waitUntil(lambda: tab.table.model_.rowCount() > 0)
    assert sorted(panel.model.segment_ids()) == sorted([a1.id, b1.id])
    # picking a code brings the ordinary list back
    win.codebook.select_code(Code.get(Code.name == "A").id)
    assert not panel.showing_exact()
    assert sorted(panel.model.segment_ids()) == sorted([a1.id, a2.id])


def test_paragraph_cell_and_matrix_cell_list_their_segments(win, qtbot):
    from app.analysis.cooccurrence import cooccurrence
    from app.analysis.matrices import matrix

    project = win.session.project
    analysis = _open(win, "analysisTablesAction")
    analysis.tabs.setCurrentWidget(analysis.cooccurrence_tab)
    tab = analysis.cooccurrence_tab
    tab.scope.setCurrentText("paragraph")
    first = tab.table.model_.rows[0]
    cell = cooccurrence(project, "paragraph").cell(first[0], first[1])

    def match(r):
        return r[:2] == first[:2]
    match.column = 2
    _double_click(qtbot, tab.table, match)
    assert sorted(win.segments.model.segment_ids()) == cell.segment_ids()
    analysis.tabs.setCurrentWidget(analysis.matrix_tab)
    mtab = analysis.matrix_tab
    result = matrix(project)
    (code, col), ids = next(iter(sorted(result.segments.items())))

    def in_matrix(r):
        return r[0] == code
    in_matrix.column = mtab.table.model_.header.index(col)
    _double_click(qtbot, mtab.table, in_matrix)
    assert sorted(win.segments.model.segment_ids()) == sorted(ids)
    assert win.segments.showing_exact() and col in win.segments.caption.text()


def test_a_frequency_row_by_coder_lists_only_that_coders_segments(win, qtbot):
    from app.coding.segments import code_span

    project = win.session.project
    mine = code_span(project, 1, 0, 20, "PerCoder/X", create_missing=True, coder="ana")
    theirs = code_span(project, 1, 30, 50, "PerCoder/X", coder="ben")
    analysis = _open(win, "analysisTablesAction")
    tab = analysis.frequency_tab
    analysis.tabs.setCurrentWidget(tab)
    tab.by.setCurrentText("coder")
    qtbot.waitUntil(lambda: any(r[0] == "PerCoder/X" for r in tab.table.model_.rows))

    def match(r):
        return r[0] == "PerCoder/X" and "ben" in r
    match.column = 0
    _double_click(qtbot, tab.table, match)
    # the code's segments in that document would list both coders'
    assert win.segments.model.segment_ids() == [theirs.id] and mine.id != theirs.id
    assert win.segments.showing_exact()
