from PySide6.QtCore import Qt

from app.suggest.suggest import Suggestion
from ui.suggest.suggestion_table_model import SuggestionTableModel


def test_rows_show_score_title_and_the_passage_on_one_line(qapp):
    model = SuggestionTableModel()
    model.set_suggestions([Suggestion(1, "Doc 👩🏽‍💻", 3, 9, "two\nlines", 0.4567, "lexical", "before ", " after")])
    assert model.rowCount() == 1 and model.columnCount() == 3
    assert model.data(model.index(0, 0)) == "0.46"
    assert model.data(model.index(0, 1)) == "Doc 👩🏽‍💻"
    assert model.data(model.index(0, 2)) == "two lines"
    assert "»two\nlines«" in model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    model.remove(0)
    assert model.rowCount() == 0 and model.suggestion(0) is None
