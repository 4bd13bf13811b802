"""The window's menu bar, built from the action registry."""
from __future__ import annotations

from ui.actions import RECENT_IDS, ActionId

MENUS = {
    "&File": [ActionId.NEW_PROJECT, ActionId.OPEN_PROJECT, None, ActionId.IMPORT_DOCUMENTS, ActionId.EDIT_DOCUMENT,
              ActionId.DELETE_DOCUMENT, None, ActionId.QUIT],
    "&Edit": [ActionId.UNDO, ActionId.REDO, None, ActionId.FIND, None, ActionId.PREFERENCES],
    "&Code": [ActionId.CODE_PALETTE, ActionId.STICKY_CODE, ActionId.UNCODE, None, ActionId.SEGMENT_MEMO,
              ActionId.DOCUMENT_MEMO, ActionId.MARK_DONE],
    "Code&book": [ActionId.NEW_CODE, ActionId.NEW_SUBCODE, ActionId.RENAME_CODE, ActionId.RECOLOUR_CODE,
                  ActionId.EDIT_CODE, None, ActionId.MERGE_CODE, ActionId.DELETE_CODE],
    "&View": [ActionId.BLIND_MODE, None, ActionId.SNAP_NONE, ActionId.SNAP_WORD, ActionId.SNAP_SENTENCE],
    "&Help": [ActionId.HELP_SHORTCUTS, ActionId.HELP_PROJECT_FILE, None, ActionId.HELP_ABOUT],
}


def build_menus(window) -> None:
    bar = window.menuBar()
    actions = window.actions
    for title, items in MENUS.items():
        menu = bar.addMenu(title)
        if title == "&File":
            window.file_menu = menu
        if title == "&View":
            window.view_menu = menu
        if title == "&Help":
            window.help_menu = menu
        for item in items:
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[item])
        if title == "&Code":
            recent = menu.addMenu("Number &Keys")
            recent.setObjectName("numberKeysMenu")
            for action_id in RECENT_IDS:
                recent.addAction(actions[action_id])
    from ui.file_actions import FileActions

    window.file_actions = FileActions(window, window.file_menu, actions[ActionId.QUIT])
    from PySide6.QtWidgets import QMenu

    window.recent_projects_menu = QMenu("Recent &Projects", window.file_menu)
    window.recent_projects_menu.setObjectName("recentProjectsMenu")
    window.file_menu.insertMenu(actions[ActionId.IMPORT_DOCUMENTS], window.recent_projects_menu)
    window.file_menu.insertSeparator(actions[ActionId.IMPORT_DOCUMENTS])
    from ui.analysis.menu import install as install_analysis_menu

    install_analysis_menu(window)
    # window-wide shortcuts also need the actions on the window itself
    for action_id in ActionId:
        if action_id not in RECENT_IDS:
            window.addAction(actions[action_id])
