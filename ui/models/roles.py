"""Custom item roles and mime types shared by models and views."""
from PySide6.QtCore import Qt

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's database id
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts naturally (numbers as numbers)
COLOUR_ROLE = Qt.ItemDataRole.UserRole + 3  # '#rrggbb'
CODE_MIME = "application/x-chorus-code-id"
