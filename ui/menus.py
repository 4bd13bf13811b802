"""The window's menu bar, built from the action registry."""
from __future__ import annotations

from ui.actions import RECENT_IDS, ActionId

MENUS = {
    "&File": [ActionId.NEW_PROJECT, ActionId.OPEN_PROJECT, None, ActionId.IMPORT_DOCUMENTS, None, ActionId.QUIT],
    "&Edit": [ActionId.UNDO, ActionId.REDO, None, ActionId.FIND, None, ActionId.PREFERENCES],
    "&Code": [ActionId.CODE_PALETTE, ActionId.STICKY_CODE, ActionId.UNCODE, None, ActionId.DOCUMENT_MEMO],
    "Code&book": [ActionId.NEW_CODE, ActionId.NEW_SUBCODE, ActionId.RENAME_CODE, ActionId.RECOLOUR_CODE,
                  ActionId.EDIT_CODE, None, ActionId.MERGE_CODE, ActionId.DELETE_CODE],
    "&View": [ActionId.BLIND_MODE, None, ActionId.SNAP_NONE, ActionId.SNAP_WORD, ActionId.SNAP_SENTENCE],
}


def build_menus(window) -> None:
    bar = window.menuBar()
    actions = window.actions
    for title, items in MENUS.items():
        menu = bar.addMenu(title)
        if title == "&File":
            window.file_menu = menu
        for item in items:
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[item])
        if title == "&Code":
            recent = menu.addMenu("Apply Recent Code")
            for action_id in RECENT_IDS:
                recent.addAction(actions[action_id])
    from ui.file_actions import FileActions

    window.file_actions = FileActions(window, window.file_menu, actions[ActionId.QUIT])
    # window-wide shortcuts also need the actions on the window itself
    for action_id in ActionId:
        if action_id not in RECENT_IDS:
            window.addAction(actions[action_id])
