"""The coding workbench: documents (left), reader (centre, segments and document
details below), codebook (right). Composes widgets and controllers; refreshes views
from the session's one ``changed(flags)`` signal, only what changed."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QTabWidget, QToolButton

from app.articles import documents
from app.coding import queries
from app.coding import segments as coding_ops
from app.coding.queries import document_segment_count
from app.coding.shared_reads import shared_reads
from app.errors import ChorusError
from app.team import assignments
from app.articles.importers import SUPPORTED_SUFFIXES
from ui import file_dialogs
from ui.actions import RECENT_IDS, ActionId, ActionRegistry
from ui.codebook_controller import CodebookController
from ui.coding_controller import CodingController
from ui.import_controller import ImportController
from ui.session_watch import SessionWatch, is_retryable as _is_retryable
from ui.live_views import follow_changes
from ui.menus import build_menus
from ui.project_session import Changed, ProjectSession
from ui.reader import HighlightSpan
from ui.settings import Settings
from ui.widgets.code_palette import CodePalette
from ui.widgets.codebook_panel import CodebookPanel
from ui.widgets.document_edit_dialog import DocumentEditDialog
from ui.widgets.document_info_panel import DocumentInfoPanel
from ui.widgets.documents_panel import DocumentsPanel
from ui.widgets.memo_dialog import MemoDialog
from ui.widgets.preferences_dialog import PreferencesDialog
from ui.widgets.reader_pane import ReaderPane
from ui.widgets.segments_panel import SegmentsPanel
from ui.suggest.suggestions_panel import SuggestionsPanel


HANDLE_WIDTH = 7
MIN_SIDE_WIDTH = 190
MIN_CENTRE_WIDTH = 380
DEFAULT_SIZE = (1280, 800)


def available_geometry(widget) -> QRect:
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, *DEFAULT_SIZE)


def first_size(widget) -> QSize:
    """1280x800, or the available screen (less a margin) when that is smaller."""
    area = available_geometry(widget)
    return QSize(max(400, min(DEFAULT_SIZE[0], area.width() - 40)),
                 max(300, min(DEFAULT_SIZE[1], area.height() - 60)))


def clamp_to_screen(window) -> None:
    """Keep a (restored) window inside the available screen: never larger, never off it."""
    area = available_geometry(window)
    frame = window.frameGeometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height())
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if window.isMaximized() or window.isFullScreen():
        return
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 400), max(height, 300))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.x() + max(0, area.width() - frame.width()))
    y = min(max(frame.y(), area.y()), area.y() + max(0, area.height() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


class MainWindow(QMainWindow):
    openProjectRequested = Signal(str)
    newProjectRequested = Signal(str)

    def __init__(self, session: ProjectSession, settings: Settings | None = None):
        super().__init__()
        self.session, self.settings = session, settings or Settings()
        self.document_id: int | None = None
        self.coders_in_view: list[int] | None = None  # None: every coder blind mode lets you see
        self._keys_shown: tuple | None = None  # what the Keys bar and menu show now
        self.actions = ActionRegistry(self)
        self.documents = DocumentsPanel()
        self.pane = ReaderPane()
        self.reader = self.pane.reader
        self.codebook = CodebookPanel(self.actions)
        self.segments = SegmentsPanel()
        self.live_spans = follow_changes(self, _label)  # views update from change sets, not reloads
        self.doc_info = DocumentInfoPanel()
        self.bottom = QTabWidget()
        self.bottom.setObjectName("bottomTabs")
        self.bottom.addTab(self.segments, "Segments")
        self.bottom.addTab(self.doc_info, "Document")
        self.suggestions = SuggestionsPanel(session)
        self.bottom.addTab(self.suggestions, "Suggestions")
        centre = QSplitter(Qt.Orientation.Vertical)
        centre.addWidget(self.pane)
        centre.addWidget(self.bottom)
        centre.setSizes([560, 190])
        centre.setStretchFactor(0, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.documents, centre, self.codebook):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([340, 640, 300])
        for i, stretch in enumerate((3, 6, 2)):
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.setChildrenCollapsible(False)
        centre.setChildrenCollapsible(False)
        for split in (self.splitter, centre):
            split.setHandleWidth(HANDLE_WIDTH)  # grabbable, and drawn (style.qss)
        self.documents.setMinimumWidth(MIN_SIDE_WIDTH)
        self.codebook.setMinimumWidth(MIN_SIDE_WIDTH)
        centre.setMinimumWidth(MIN_CENTRE_WIDTH)
        self.centre_splitter = centre
        self.setCentralWidget(self.splitter)
        self.coding = CodingController(session, self.reader, self.codebook.model, self.actions, self.settings, self)
        self.codebook_ctl = CodebookController(session, self.codebook, self.actions, self)
        self.importer = ImportController(session, self)
        self.watch = SessionWatch(session, self)  # outside changes polled; failed writes shown
        self.coder_label = QLabel()
        self.coder_label.setObjectName("coderLabel")
        self.statusBar().addPermanentWidget(self.coder_label)
        build_menus(self)
        self.coders_menu = self.view_menu.addMenu("&Coders in View")
        self.coders_menu.setObjectName("codersInView")
        self.coders_menu.setToolTip("Show and count only these coders' segments")
        self._wire()
        self.reader.set_snap(self.settings.snap)
        self._sync_snap_actions()
        self.setAcceptDrops(False)
        self.resize(first_size(self))
        self.refresh(Changed.ALL)
        self._update_title()

    # -- wiring ------------------------------------------------------------------------
    def _wire(self) -> None:
        a, s = self.actions, self.session
        s.changed.connect(self.refresh)
        s.undo_stack.canUndoChanged.connect(a[ActionId.UNDO].setEnabled)
        s.undo_stack.canRedoChanged.connect(a[ActionId.REDO].setEnabled)
        # bound methods, not lambdas: Qt drops them with the window (the session and its
        # stack may outlive it; a lambda then touched deleted actions, with a traceback)
        s.undo_stack.undoTextChanged.connect(self._undo_text_changed)
        s.undo_stack.redoTextChanged.connect(self._redo_text_changed)
        a[ActionId.UNDO].setEnabled(False)
        a[ActionId.REDO].setEnabled(False)
        a[ActionId.UNDO].triggered.connect(self.undo)
        a[ActionId.REDO].triggered.connect(self.redo)
        a[ActionId.SEGMENT_MEMO].triggered.connect(self.edit_segment_memo_at_cursor)
        a[ActionId.EDIT_DOCUMENT].triggered.connect(lambda: self.edit_document_details(self.document_id))
        a[ActionId.DELETE_DOCUMENT].triggered.connect(lambda: self.delete_document(self.document_id))
        a[ActionId.HELP_SHORTCUTS].triggered.connect(self.show_shortcuts)
        a[ActionId.HELP_PROJECT_FILE].triggered.connect(self.show_project_file)
        a[ActionId.HELP_ABOUT].triggered.connect(self.show_about)
        self.recent_projects_menu.aboutToShow.connect(self._fill_recent_projects)
        self.documents.renameRequested.connect(lambda d: self.edit_document_details(d, focus="title"))
        self.documents.editRequested.connect(self.edit_document_details)
        self.documents.deleteRequested.connect(self.delete_document)
        self.doc_info.metadataEdited.connect(self._set_metadata)
        self.segments.filtersChanged.connect(self._reload_segments)
        self.pane.import_button.clicked.connect(a[ActionId.IMPORT_DOCUMENTS].trigger)
        self.segments.memoRequested.connect(self.coding.edit_memo)
        self.segments.uncodeRequested.connect(self.uncode_segments)
        self.segments.recodeRequested.connect(self.recode_segments)
        a[ActionId.IMPORT_DOCUMENTS].triggered.connect(self.import_dialog)
        a[ActionId.OPEN_PROJECT].triggered.connect(self._open_dialog)
        a[ActionId.NEW_PROJECT].triggered.connect(self._new_dialog)
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.FIND].triggered.connect(lambda: (self.pane.find.setFocus(), self.pane.find.selectAll()))
        a[ActionId.PREFERENCES].triggered.connect(self.preferences)
        a[ActionId.DOCUMENT_MEMO].triggered.connect(self.edit_document_memo)
        a[ActionId.MARK_DONE].triggered.connect(self.toggle_done)
        a[ActionId.BLIND_MODE].setChecked(s.is_blind())
        a[ActionId.BLIND_MODE].toggled.connect(self._toggle_blind)
        snaps = QActionGroup(self)
        for action_id, mode in ((ActionId.SNAP_NONE, "none"), (ActionId.SNAP_WORD, "word"),
                                (ActionId.SNAP_SENTENCE, "sentence")):
            snaps.addAction(a[action_id])
            a[action_id].triggered.connect(lambda _c=False, m=mode: self.set_snap(m))
        self.documents.documentSelected.connect(self.open_document)
        self.documents.filesDropped.connect(self.importer.start)
        self.importer.done.connect(self._import_done)
        self.codebook.codeSelected.connect(self._code_selected)
        self.codebook.codeActivated.connect(self.coding.apply_code)
        self.codebook.pinned_keys = lambda: dict(self.coding.pinned)
        self.codebook.keys_now = lambda: list(self.coding.slots)
        self.codebook.pinRequested.connect(self._pin)
        self.codebook.unpinRequested.connect(self.coding.unpin)
        self.segments.segmentActivated.connect(self.show_segment)
        self.suggestions.passageActivated.connect(lambda d, st, en: self.show_segment(d, st, en, focus=False))
        self.suggestions.message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        self.doc_info.attributeEdited.connect(self._set_attribute)
        self.doc_info.editMemoRequested.connect(self.edit_document_memo)
        self.pane.recent_bar.codeClicked.connect(self.coding.apply_code)
        self.coding.recentChanged.connect(lambda _rows: self._show_keys())
        for ctl in (self.coding, self.codebook_ctl):
            ctl.message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        button = QToolButton()
        button.setObjectName("stickyButton")
        button.setDefaultAction(a[ActionId.STICKY_CODE])
        button.setText("Sticky")
        self.pane.recent_bar.add_trailing(button)

    def _undo_text_changed(self, text: str) -> None:
        self.actions[ActionId.UNDO].setText(_menu_label("&Undo", text))

    def _redo_text_changed(self, text: str) -> None:
        self.actions[ActionId.REDO].setText(_menu_label("&Redo", text))

    def _pin(self, key: int, code_id: int) -> None:
        self.coding.pin(key, code_id)
        row = self.codebook.model.code(code_id)
        self.statusBar().showMessage(f"Key {key} now codes the selection as {row.path if row else code_id}.", 6000)

    def _show_keys(self) -> None:
        """The Keys bar and the Code menu's number-key entries show the codes on 1-9."""
        rows = self.coding.key_rows()
        shown = (tuple(None if r is None else (r.id, r.path, r.colour) for r in rows), tuple(sorted(self.coding.pinned.items())))
        if shown == self._keys_shown:
            return  # a coding with a code already on its key: the bar and menu stay as they are
        self._keys_shown = shown
        self.pane.recent_bar.set_keys(rows, set(self.coding.pinned))
        for number, (action_id, row) in enumerate(zip(RECENT_IDS, rows), start=1):
            action = self.actions[action_id]
            action.setText(f"{number}  {row.path}" if row else f"{number}  (no code on this key)")
            action.setEnabled(row is not None)
            tip = f"Code the selection as {row.path}" if row else "Pin a code to this key from the codebook"
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({number})")

    # -- refreshing: only what changed ---------------------------------------------------------
    def refresh(self, flags: int) -> None:
        flags = Changed(flags)
        coders = self.view_coder_ids()
        if flags & (Changed.CODERS | Changed.SETTINGS | Changed.DOCUMENTS):
            self._fill_filters()
        if flags & (Changed.DOCUMENTS | Changed.SEGMENTS | Changed.CODERS | Changed.SETTINGS):
            self.documents.reload(coders)
            self.pane.show_empty(self.documents.model.rowCount() == 0)
        if flags & (Changed.CODES | Changed.SEGMENTS | Changed.CODERS | Changed.SETTINGS):
            self.codebook.reload(coders)
            self.coding.codes_reloaded()
        if flags & (Changed.DOCUMENTS | Changed.SEGMENTS | Changed.CODES | Changed.MEMOS | Changed.SETTINGS):
            if self.document_id is not None and self.documents.model.row_of(self.document_id) < 0:
                self.open_document(None)
            else:
                self._load_spans()
            self._reload_segments()
        if flags & (Changed.DOCUMENTS | Changed.ATTRIBUTES | Changed.MEMOS):
            self._show_doc_info()
        if flags & Changed.REVIEW:
            self.codebook.show_details()
        if flags & (Changed.REVIEW | Changed.DOCUMENTS | Changed.CODERS | Changed.SETTINGS):
            self._sync_done()  # Ctrl+D's check mark follows undo/redo and outside changes
        self._update_status()

    def _load_spans(self, text: str | None = None) -> None:
        if self.document_id is None:
            return
        coders = self.view_coder_ids()
        if text is None and self.live_spans.update(self.document_id, coders):
            return  # the reader followed the change set span by span
        spans = self.live_spans.load(self.document_id, coders)
        if text is None:
            self.reader.set_spans(spans)
        else:
            self.reader.set_document(text, spans)

    # -- coders in view (window-wide) and the Segments panel's own filters -------------------
    def view_coder_ids(self) -> list[int] | None:
        """Whose coding the window shows and counts: blind mode's rule, then View > Coders."""
        visible = self.session.visible_coder_ids()
        chosen = self.coders_in_view
        if chosen is None:
            return visible
        return [c for c in chosen if visible is None or c in visible]

    def set_coders_in_view(self, coder_ids: list[int] | None) -> None:
        self.coders_in_view = None if coder_ids is None else sorted(set(coder_ids))
        self.refresh(Changed.SEGMENTS | Changed.CODES)

    def _fill_filters(self) -> None:
        coders = queries.coder_rows()
        visible = self.session.visible_coder_ids()
        coders = [(cid, name) for cid, name in coders if visible is None or cid in visible]
        self.segments.set_coders(coders)
        self.segments.set_documents([(d, t if len(t) <= 60 else t[:59] + "…") for d, t in queries.document_titles()])
        menu = self.coders_menu
        menu.clear()
        everyone = menu.addAction("All Coders")
        everyone.setCheckable(True)
        everyone.setChecked(self.coders_in_view is None)
        everyone.triggered.connect(lambda: self.set_coders_in_view(None))
        menu.addSeparator()
        shown = set(self.coders_in_view) if self.coders_in_view is not None else {c for c, _ in coders}
        for cid, name in coders:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(cid in shown)
            action.triggered.connect(lambda on, c=cid: self._toggle_coder(c, on))

    def _toggle_coder(self, coder_id: int, on: bool) -> None:
        visible = self.session.visible_coder_ids()
        current = set(self.coders_in_view) if self.coders_in_view is not None else {
            c for c, _ in queries.coder_rows() if visible is None or c in visible}
        current = current | {coder_id} if on else current - {coder_id}
        self.set_coders_in_view(sorted(current))

    def _segments_coders(self) -> list[int] | None:
        coders = self.view_coder_ids()
        one = self.segments.coder_id()
        if one is None:
            return coders
        return [one] if coders is None or one in coders else []

    def _reload_segments(self) -> None:
        code_id = self.codebook.current_code_id()
        coders = self._segments_coders()
        self.segments.set_code_mode(code_id is not None)
        if code_id is not None:
            row = self.codebook.model.code(code_id)
            ids = [code_id]
            if self.segments.includes_subcodes():
                ids += [r.id for r in self.codebook.model.rows_in_order() if _under(self.codebook.model, r, code_id)]
            one_doc = self.segments.document_id()
            where = "in one document" if one_doc is not None else "across the corpus"
            subs = " and sub-codes" if len(ids) > 1 else ""
            self.segments.reload(ids, coders, [one_doc] if one_doc is not None else None,
                                 f"Coded “{row.path}”{subs} {where}")
        elif self.document_id is not None:
            self.segments.reload(None, coders, [self.document_id], "In this document")
        else:
            self.segments.reload(None, coders, [], "Select a code or a document")

    def _show_doc_info(self, doc=None) -> None:
        if self.document_id is None:
            self.doc_info.show_document(None, {}, "")
            return
        doc = doc if doc is not None and doc.id == self.document_id else documents.resolve_document(self.document_id)
        meta = {"title": doc.title, "source": doc.source, "author": doc.author, "published": doc.published}
        self.doc_info.show_document(meta, documents.attributes_of(doc.id), doc.memo)

    def _update_status(self) -> None:
        blind = "  ·  blind mode" if self.session.is_blind() else ""
        self.coder_label.setText(f"Coder: {self.session.project.coder_name}{blind}")

    def _update_title(self) -> None:
        name = self.session.project.setting("project_name") or self.session.project.path.stem
        self.setWindowTitle(f"{name} — Chorus")

    # -- documents ----------------------------------------------------------------------------
    def open_document(self, document_id: int | None) -> None:
        with shared_reads():  # the reader and the Segments panel read the same rows once
            self._open_document(document_id)

    def _open_document(self, document_id: int | None) -> None:
        self.document_id = document_id
        self.coding.document_id = document_id
        doc = None
        if document_id is None:
            self.reader.set_document("", [])
            self.pane.show_header("No document open", [])
        else:
            doc = documents.document_metadata(document_id)
            self.pane.show_header(doc.title, [doc.source, doc.author, doc.published,
                                              f"{doc.char_count:,} characters"])
            self._load_spans(queries.document_texts([document_id])[document_id])  # shared with the Segments panel
            self.documents.select_document(document_id, emit=False)
        self._show_doc_info(doc)
        self._sync_done()
        if self.codebook.current_code_id() is None:
            self._reload_segments()

    def toggle_done(self) -> None:
        """Ctrl+D: mark the open document done for the current coder (or take the mark off)."""
        if self.document_id is None:
            self._sync_done()
            return
        try:
            done = self.session.perform(assignments.toggle_done, self.session.project, self.document_id)
        except ChorusError as exc:
            self.statusBar().showMessage(str(exc), 8000)
        else:
            self.statusBar().showMessage("Marked done: for agreement, no segment here now counts as 'not coded'"
                                         if done else "Done mark taken off", 5000)
        self._sync_done()

    def _sync_done(self) -> None:
        action = self.actions[ActionId.MARK_DONE]
        action.blockSignals(True)
        action.setEnabled(self.document_id is not None)
        action.setChecked(self.document_id is not None
                          and self.document_id in assignments.done_documents(self.session.project.coder_name))
        action.blockSignals(False)

    def open_document_by_ref(self, ref: str) -> None:
        self.open_document(documents.resolve_document(ref).id)

    def show_segment(self, document_id: int, start: int, end: int, focus: bool = True) -> None:
        if document_id != self.document_id:
            self.open_document(document_id)
        self.reader.select_span(start, end)
        self.reader.scroll_to(start)
        if focus:
            self.reader.text_edit().setFocus()

    def _code_selected(self, code_id: int) -> None:
        self.coding.set_active_code(code_id)
        self.suggestions.set_code(code_id)
        self._reload_segments()

    def _set_attribute(self, name: str, value: str, value_type: str) -> None:
        if self.document_id is None:
            return
        try:
            self.session.perform(documents.set_attribute, self.session.project, self.document_id, name, value,
                                 value_type)
        except ChorusError as exc:
            self.statusBar().showMessage(str(exc), 8000)

    def _toggle_blind(self, on: bool) -> None:
        action = self.actions[ActionId.BLIND_MODE]
        if on and not self.session.is_blind() and not self.confirm_blind():
            action.blockSignals(True)
            action.setChecked(False)
            action.blockSignals(False)
            return
        try:
            self.session.set_blind(on)
        except ChorusError as exc:  # e.g. only the lead may end blind mode
            action = self.actions[ActionId.BLIND_MODE]
            action.blockSignals(True)
            action.setChecked(self.session.is_blind())
            action.blockSignals(False)
            self.statusBar().showMessage(str(exc), 8000)

    def confirm_blind(self) -> bool:
        me = self.session.project.coder_name
        box = QMessageBox(QMessageBox.Icon.Question, "Start blind mode",
                          f"Start blind mode as {me}?", parent=self)
        box.setObjectName("confirmBlind")
        box.setInformativeText(
            "Every coder then sees only their own coding (counts, highlights, segments, exports) "
            f"until it ends.\n\nYou ({me}) become the lead: only you can end blind mode.")
        start = box.addButton("Start Blind Mode", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is start

    # -- undo that says what it undid -----------------------------------------------------
    def undo(self) -> None:
        text = self.session.undo()  # the write first; on failure the stack stays (watch shows why)
        if text is not None:
            self.statusBar().showMessage(f"Undone: {text}", 8000)

    def redo(self) -> None:
        text = self.session.redo()
        if text is not None:
            self.statusBar().showMessage(f"Redone: {text}", 8000)

    # -- segments and documents: memo, edit, delete ------------------------------------------
    def uncode_segments(self, segment_ids: list[int]) -> None:
        if not segment_ids:
            return
        try:
            if len(segment_ids) == 1:
                self.session.perform(coding_ops.uncode, self.session.project, segment_ids[0])
            else:
                self.session.perform(coding_ops.uncode_many, self.session.project, segment_ids)
        except ChorusError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.statusBar().showMessage(f"Uncoded {_plural(len(segment_ids), 'segment')} (Ctrl+Z undoes).", 6000)

    def recode_segments(self, segment_ids: list[int]) -> None:
        if not segment_ids:
            return
        palette = CodePalette(self.codebook.model.rows_in_order(), self, allow_create=False,
                              title=f"Recode {_plural(len(segment_ids), 'segment')} as…", recent=self.coding.recent)
        if palette.exec() != CodePalette.DialogCode.Accepted:
            return
        code_id, _ = palette.chosen()
        if code_id is None:
            return
        try:
            self.session.perform(coding_ops.recode_many, self.session.project, segment_ids, code_id)
        except ChorusError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        row = self.codebook.model.code(code_id)
        self.statusBar().showMessage(f"Recoded {_plural(len(segment_ids), 'segment')} as {row.path if row else code_id}.",
                                     6000)

    def edit_segment_memo_at_cursor(self) -> None:
        if self.document_id is None:
            return
        start, _end = self.reader.selection()
        spans = self.reader.spans_at(start)
        if not spans:
            self.statusBar().showMessage("Put the cursor in a coded segment first (its memo opens).", 6000)
            return
        self.coding.edit_memo(spans[-1].id)

    def _set_metadata(self, field: str, value: str) -> None:
        if self.document_id is not None:
            self._edit_metadata(self.document_id, {field: value if value or field == "title" else None})

    def _edit_metadata(self, document_id: int, changes: dict) -> bool:
        if not changes:
            return False
        try:
            self.session.perform(documents.edit_metadata, self.session.project, document_id, **changes)
        except ChorusError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            QMessageBox.warning(self, "Chorus", str(exc))
            return False
        if document_id == self.document_id:
            self.open_document(document_id)
        self.statusBar().showMessage("Document details saved (Ctrl+Z undoes).", 6000)
        return True

    def edit_document_details(self, document_id: int | None, focus: str = "title") -> None:
        if document_id is None:
            self.statusBar().showMessage("Open a document first.", 6000)
            return
        doc = documents.resolve_document(document_id)
        meta = {"title": doc.title, "source": doc.source, "author": doc.author, "published": doc.published}
        dialog = DocumentEditDialog(meta, self, focus=focus)
        if dialog.exec() == DocumentEditDialog.DialogCode.Accepted:
            self._edit_metadata(document_id, dialog.changes())

    def delete_document(self, document_id: int | None) -> None:
        if document_id is None:
            self.statusBar().showMessage("Open a document first.", 6000)
            return
        doc = documents.resolve_document(document_id)
        count = document_segment_count(doc.id)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete document", f"Delete “{doc.title}”?", parent=self)
        box.setObjectName("confirmDeleteDocument")
        box.setInformativeText(
            (f"{_plural(count, 'coded segment')} (all coders) will be deleted with it. "
             if count else "It has no coded segments. ")
            + "You can undo this with Ctrl+Z.")
        delete = box.addButton("Delete Document", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep It", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is not delete:
            return
        try:
            self.session.perform(documents.delete_document, self.session.project, doc.id)
        except ChorusError as exc:
            QMessageBox.warning(self, "Chorus", str(exc))
            return
        self.statusBar().showMessage(f"Deleted “{doc.title}” and {_plural(count, 'segment')} (Ctrl+Z undoes).",
                                     8000)

    # -- help ---------------------------------------------------------------------------------
    def shortcuts_text(self) -> str:
        lines = []
        for action_id in ActionId:
            action = self.actions[action_id]
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            if keys and action_id not in RECENT_IDS:
                lines.append(f"{keys:<18} {action.text().replace('&', '').rstrip('…')}")
        lines.append(f"{'1 … 9':<18} Code the selection with the code on that key (pin codes in the codebook)")
        lines.append(f"{'Review: J / K / N':<18} Next item, previous item, next open item")
        return "\n".join(lines)

    def show_shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Keyboard shortcuts", "Keyboard shortcuts", parent=self)
        box.setObjectName("shortcutsBox")
        box.setInformativeText(f"<pre>{html.escape(self.shortcuts_text())}</pre>")
        box.open()

    def show_project_file(self) -> None:
        path = str(self.session.project.path.resolve())
        QGuiApplication.clipboard().setText(path)
        box = QMessageBox(QMessageBox.Icon.Information, "Project file", "This project is the file", parent=self)
        box.setObjectName("projectFileBox")
        box.setInformativeText(f"{path}\n\n(copied to the clipboard). Every change is saved in it as you work; "
                               "copy it to back it up or to share it with a teammate.")
        box.open()

    def show_about(self) -> None:
        QMessageBox.about(self, "About Chorus",
                          "Chorus: code qualitative data as a team. Articles in, a codebook, coding with "
                          "exact positions, blind rounds, agreement and adjudication, exports and REFI-QDA.\n\n"
                          f"Coder: {self.session.project.coder_name} ({self.settings.coder_source()})")

    def _fill_recent_projects(self) -> None:
        menu = self.recent_projects_menu
        menu.clear()
        current = str(self.session.project.path.resolve())
        paths = [p for p in self.settings.recent_projects() if str(Path(p).resolve()) != current]
        for path in paths:
            action = menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.openProjectRequested.emit(p))
        if not paths:
            menu.addAction("No other projects yet").setEnabled(False)

    def edit_document_memo(self) -> None:
        if self.document_id is None:
            return
        doc = documents.resolve_document(self.document_id)
        text = doc.memo
        while True:  # a failed save keeps what was typed and asks again
            dialog = MemoDialog("Document memo", text, self, subtitle=doc.title)
            if dialog.exec() != MemoDialog.DialogCode.Accepted:
                return
            text = dialog.text()
            try:
                self.session.perform(documents.set_document_memo, self.session.project, doc.id, text)
                return
            except ChorusError as exc:
                self.statusBar().showMessage(str(exc), 8000)
                if not _is_retryable(exc):
                    return

    # -- import, projects, preferences ----------------------------------------------------------
    def import_dialog(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
        files = file_dialogs.open_file_names(self, "Import documents", "", f"Articles ({patterns})",
                                             project_path=self.session.project.path)
        if files:
            self.importer.start([Path(f) for f in files])

    def _import_done(self, report) -> None:
        self.statusBar().showMessage(report.summary(), 10000)
        if self.document_id is None and report.imported:
            self.open_document(report.imported[0].document_id)

    def _open_dialog(self) -> None:
        path = file_dialogs.open_file_name(self, "Open project", "", "Chorus projects (*.chorus)",
                                           project_path=self.session.project.path)
        if path:
            self.openProjectRequested.emit(path)

    def _new_dialog(self) -> None:
        path = file_dialogs.save_file_name(self, "New project", "", "Chorus projects (*.chorus)",
                                           project_path=self.session.project.path)
        if path:
            self.newProjectRequested.emit(path if path.endswith(".chorus") else path + ".chorus")

    def preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.set_snap(self.settings.snap)
            if self.settings.coder_name != self.session.project.coder_name:
                self.session.set_coder_name(self.settings.coder_name)

    def set_snap(self, mode: str) -> None:
        self.settings.snap = mode
        self.reader.set_snap(mode)
        self._sync_snap_actions()

    def _sync_snap_actions(self) -> None:
        mode = self.settings.snap
        for action_id, m in ((ActionId.SNAP_NONE, "none"), (ActionId.SNAP_WORD, "word"),
                             (ActionId.SNAP_SENTENCE, "sentence")):
            self.actions[action_id].setChecked(m == mode)

    def restore_geometry(self, data) -> None:
        """Restore a saved geometry, clamped to the screen it opens on."""
        if data is not None:
            self.restoreGeometry(data)
        clamp_to_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # every change is already saved
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        super().closeEvent(event)


def _label(row) -> str:
    label = f"{row.code_path}\n{row.coder}"
    if row.memo:
        label += f"\n{row.memo[:200]}"
    return label


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _menu_label(verb: str, text: str) -> str:
    if not text:
        return verb
    return f"{verb}: {text if len(text) <= 60 else text[:59] + '…'}"


def _under(model, row, ancestor_id: int) -> bool:
    """Is ``row`` a (grand)child of the code ``ancestor_id``?"""
    parent, seen = row.parent_id, set()
    while parent is not None and parent not in seen:
        if parent == ancestor_id:
            return True
        seen.add(parent)
        up = model.code(parent)
        parent = up.parent_id if up else None
    return False
