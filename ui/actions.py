"""Every window action: one id enum and one registry that builds the QActions
(text, shortcut, icon, tooltip) so menus, toolbars and shortcuts stay consistent."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence

ICONS = Path(__file__).resolve().parents[1] / "assets" / "icons"


class ActionId(enum.Enum):
    NEW_PROJECT = "new_project"
    OPEN_PROJECT = "open_project"
    IMPORT_DOCUMENTS = "import_documents"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    FIND = "find"
    PREFERENCES = "preferences"
    CODE_PALETTE = "code_palette"
    STICKY_CODE = "sticky_code"
    UNCODE = "uncode"
    NEW_CODE = "new_code"
    NEW_SUBCODE = "new_subcode"
    RENAME_CODE = "rename_code"
    RECOLOUR_CODE = "recolour_code"
    EDIT_CODE = "edit_code"
    MERGE_CODE = "merge_code"
    DELETE_CODE = "delete_code"
    DOCUMENT_MEMO = "document_memo"
    MARK_DONE = "mark_done"
    BLIND_MODE = "blind_mode"
    SNAP_NONE = "snap_none"
    SNAP_WORD = "snap_word"
    SNAP_SENTENCE = "snap_sentence"
    IMPORT_CODEBOOK = "import_codebook"
    IMPORT_EXCHANGE = "import_exchange"
    MERGE_PROJECT = "merge_project"
    REVIEW = "review"
    EXPORT_SEGMENTS_CSV = "segments-csv"
    EXPORT_SEGMENTS_XLSX = "segments-xlsx"
    EXPORT_CODEBOOK_CSV = "codebook-csv"
    EXPORT_CODEBOOK_XLSX = "codebook-xlsx"
    EXPORT_CODEBOOK_MD = "codebook-md"
    EXPORT_CODEBOOK_HTML = "codebook-html"
    EXPORT_MATRIX_CSV = "matrix-csv"
    EXPORT_QDPX = "qdpx"
    EXPORT_QDC = "qdc"
    SEGMENT_MEMO = "segment_memo"
    DELETE_DOCUMENT = "delete_document"
    EDIT_DOCUMENT = "edit_document"
    HELP_SHORTCUTS = "help_shortcuts"
    HELP_PROJECT_FILE = "help_project_file"
    HELP_ABOUT = "help_about"
    RECENT_1 = "recent_1"
    RECENT_2 = "recent_2"
    RECENT_3 = "recent_3"
    RECENT_4 = "recent_4"
    RECENT_5 = "recent_5"
    RECENT_6 = "recent_6"
    RECENT_7 = "recent_7"
    RECENT_8 = "recent_8"
    RECENT_9 = "recent_9"


RECENT_IDS = [ActionId[f"RECENT_{n}"] for n in range(1, 10)]


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcut: tuple[str | QKeySequence.StandardKey, ...] = ()
    icon: str = ""
    tip: str = ""
    checkable: bool = False
    short: str = ""  # label on compact tool buttons


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_PROJECT: ActionSpec("&New Project…", ("Ctrl+Shift+N",), "new", "Create an empty project file"),
    ActionId.OPEN_PROJECT: ActionSpec("&Open Project…", (QKeySequence.StandardKey.Open,), "open", "Open a .chorus project"),
    ActionId.IMPORT_DOCUMENTS: ActionSpec("&Import Documents…", ("Ctrl+I",), "import",
                                          "Import .txt, .md, .html, .docx or .pdf articles (or drop files on the list)"),
    ActionId.QUIT: ActionSpec("&Quit", (QKeySequence.StandardKey.Quit,), "", "Close Chorus (every change is already saved)"),
    ActionId.UNDO: ActionSpec("&Undo", ("Ctrl+Z",), "undo", "Undo the last change"),
    ActionId.REDO: ActionSpec("&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo", "Redo the change just undone"),
    ActionId.FIND: ActionSpec("&Find in Document…", (QKeySequence.StandardKey.Find,), "find", "Find text in the open document"),
    ActionId.PREFERENCES: ActionSpec("&Preferences…", ("Ctrl+,",), "", "Coder name and reader options"),
    ActionId.CODE_PALETTE: ActionSpec("&Code Selection…", ("Ctrl+K",), "palette",
                                      "Code the selection: type a few letters of a code, then Enter"),
    ActionId.STICKY_CODE: ActionSpec("&Sticky Code", ("Ctrl+Shift+K",), "sticky",
                                     "Code every new selection with the active code", checkable=True),
    ActionId.UNCODE: ActionSpec("&Uncode", ("Ctrl+Backspace",), "uncode", "Remove the codes at the cursor"),
    ActionId.NEW_CODE: ActionSpec("New &Code…", ("Ctrl+Shift+C",), "add", "Add a top-level code", short="+ Code"),
    ActionId.NEW_SUBCODE: ActionSpec("New &Sub-code…", (), "add-child", "Add a code under the selected code",
                                     short="+ Sub"),
    ActionId.RENAME_CODE: ActionSpec("&Rename Code…", ("F2",), "", "Rename the selected code"),
    ActionId.RECOLOUR_CODE: ActionSpec("Change Co&lour…", (), "colour", "Pick the selected code's colour"),
    ActionId.EDIT_CODE: ActionSpec("&Edit Definition…", (), "edit", "Definition, when to use, when not to use, example",
                                   short="Edit"),
    ActionId.MERGE_CODE: ActionSpec("&Merge Into…", (), "merge", "Move every segment of this code into another code"),
    ActionId.DELETE_CODE: ActionSpec("&Delete Code…", (), "delete", "Delete the selected code"),
    ActionId.DOCUMENT_MEMO: ActionSpec("Edit Document &Memo…", ("Ctrl+M",), "memo", "Write a markdown memo on this document"),
    ActionId.MARK_DONE: ActionSpec("Mark Document &Done", ("Ctrl+D",), "",
                                   "Read it and coded what applies: for agreement, no segment here counts as "
                                   "'not coded' (undo with Ctrl+Z)", checkable=True),
    ActionId.BLIND_MODE: ActionSpec("&Blind Mode", (), "", "Show only your own coding (for independent coding rounds)",
                                    checkable=True),
    ActionId.SNAP_NONE: ActionSpec("Snap to &Characters", (), "", "Selections keep their exact bounds", checkable=True),
    ActionId.SNAP_WORD: ActionSpec("Snap to &Words", (), "", "Selections grow to whole words", checkable=True),
    ActionId.SNAP_SENTENCE: ActionSpec("Snap to &Sentences", (), "", "Selections grow to whole sentences", checkable=True),
}
SPECS.update({
    ActionId.IMPORT_CODEBOOK: ActionSpec("Import &Codebook…", (), "", "Add codes from a codebook CSV, Taguette CSV or .qdc"),
    ActionId.IMPORT_EXCHANGE: ActionSpec("Import &REFI-QDA Project or Codebook…", (), "",
                                         "Bring in a .qdpx, .qde or .qdc from ATLAS.ti, MAXQDA, NVivo, QualCoder…"),
    ActionId.REVIEW: ActionSpec("&Review and Adjudicate…", ("Ctrl+Shift+R",), "",
                                "Compare coders side by side and settle disagreements"),
    ActionId.MERGE_PROJECT: ActionSpec("&Merge Teammate's Project…", (), "",
                                       "Bring a teammate's documents, codes and coding into this project"),
    ActionId.EXPORT_SEGMENTS_CSV: ActionSpec("Coded Segments (CSV)…", (), "", "One row per coded segment"),
    ActionId.EXPORT_SEGMENTS_XLSX: ActionSpec("Coded Segments (Excel)…", (), "", "One row per coded segment"),
    ActionId.EXPORT_CODEBOOK_CSV: ActionSpec("Codebook (CSV)…", (), "", "The codebook with definitions"),
    ActionId.EXPORT_CODEBOOK_XLSX: ActionSpec("Codebook (Excel)…", (), "", "The codebook with definitions"),
    ActionId.EXPORT_CODEBOOK_MD: ActionSpec("Codebook (Markdown)…", (), "", "A readable codebook document"),
    ActionId.EXPORT_CODEBOOK_HTML: ActionSpec("Codebook (HTML)…", (), "", "A readable codebook document"),
    ActionId.EXPORT_MATRIX_CSV: ActionSpec("Code × Document Matrix (CSV)…", (), "", "Segment counts per code and document"),
    ActionId.EXPORT_QDPX: ActionSpec("REFI-QDA Project (.qdpx)…", (), "", "For ATLAS.ti, MAXQDA, NVivo, QDA Miner…"),
    ActionId.EXPORT_QDC: ActionSpec("REFI-QDA Codebook (.qdc)…", (), "", "The codebook for other QDA tools"),
})
EXPORT_IDS = [ActionId.EXPORT_SEGMENTS_CSV, ActionId.EXPORT_SEGMENTS_XLSX, ActionId.EXPORT_CODEBOOK_CSV,
              ActionId.EXPORT_CODEBOOK_XLSX, ActionId.EXPORT_CODEBOOK_MD, ActionId.EXPORT_CODEBOOK_HTML,
              ActionId.EXPORT_MATRIX_CSV, ActionId.EXPORT_QDPX, ActionId.EXPORT_QDC]
SPECS.update({
    ActionId.SEGMENT_MEMO: ActionSpec("Edit &Segment Memo…", ("Ctrl+Shift+M",), "memo",
                                      "Write a memo on the coded segment at the cursor"),
    ActionId.EDIT_DOCUMENT: ActionSpec("Edit Document &Details…", (), "edit",
                                       "Correct the open document's title, outlet, author and date"),
    ActionId.DELETE_DOCUMENT: ActionSpec("&Delete Document…", (), "delete",
                                         "Delete the open document with its segments (undoable)"),
    ActionId.HELP_SHORTCUTS: ActionSpec("&Keyboard Shortcuts", ("F1",), "", "Every key the window knows"),
    ActionId.HELP_PROJECT_FILE: ActionSpec("Where Is My &Project File?", (), "",
                                           "Show the project file's full path and copy it"),
    ActionId.HELP_ABOUT: ActionSpec("&About Chorus", (), "", "Version and what Chorus is"),
})
for _n, _id in enumerate(RECENT_IDS, start=1):  # texts become the code on the key (MainWindow._show_keys)
    SPECS[_id] = ActionSpec(f"{_n}  (no code on this key)", (str(_n),), "", f"Code the selection with the code on key {_n}")


class ActionRegistry(QObject):
    """Builds each QAction once; ``action(ActionId.X)`` returns it."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            self._actions[action_id] = self._build(action_id, spec, parent)

    @staticmethod
    def _build(action_id: ActionId, spec: ActionSpec, parent: QObject) -> QAction:
        action = QAction(spec.text, parent)
        action.setObjectName(action_id.value)
        if spec.shortcut:
            action.setShortcuts([QKeySequence(s) for s in spec.shortcut])
        if spec.icon and (ICONS / f"{spec.icon}.svg").is_file():
            action.setIcon(QIcon(str(ICONS / f"{spec.icon}.svg")))
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)
        action.setCheckable(spec.checkable)
        if spec.short:
            action.setIconText(spec.short)
        action.setShortcutVisibleInContextMenu(True)
        return action

    def action(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def scope_to(self, action_ids: list[ActionId], widget) -> None:
        """Make these shortcuts work only while ``widget`` (or a child) has focus."""
        for action_id in action_ids:
            action = self._actions[action_id]
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            widget.addAction(action)
