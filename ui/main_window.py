"""The coding workbench: documents (left), reader (centre, segments and document
details below), codebook (right). Composes widgets and controllers; refreshes views
from the session's one ``changed(flags)`` signal, only what changed."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QSplitter, QTabWidget, QToolButton

from app.articles import documents
from app.coding import queries
from app.errors import ChorusError
from app.articles.importers import SUPPORTED_SUFFIXES
from ui.actions import ActionId, ActionRegistry
from ui.codebook_controller import CodebookController
from ui.coding_controller import CodingController
from ui.import_controller import ImportController
from ui.menus import build_menus
from ui.project_session import Changed, ProjectSession
from ui.reader import HighlightSpan
from ui.settings import Settings
from ui.widgets.codebook_panel import CodebookPanel
from ui.widgets.document_info_panel import DocumentInfoPanel
from ui.widgets.documents_panel import DocumentsPanel
from ui.widgets.memo_dialog import MemoDialog
from ui.widgets.preferences_dialog import PreferencesDialog
from ui.widgets.reader_pane import ReaderPane
from ui.widgets.segments_panel import SegmentsPanel


class MainWindow(QMainWindow):
    openProjectRequested = Signal(str)
    newProjectRequested = Signal(str)

    def __init__(self, session: ProjectSession, settings: Settings | None = None):
        super().__init__()
        self.session, self.settings = session, settings or Settings()
        self.document_id: int | None = None
        self.actions = ActionRegistry(self)
        self.documents = DocumentsPanel()
        self.pane = ReaderPane()
        self.reader = self.pane.reader
        self.codebook = CodebookPanel(self.actions)
        self.segments = SegmentsPanel()
        self.doc_info = DocumentInfoPanel()
        self.bottom = QTabWidget()
        self.bottom.setObjectName("bottomTabs")
        self.bottom.addTab(self.segments, "Segments")
        self.bottom.addTab(self.doc_info, "Document")
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
        self.centre_splitter = centre
        self.setCentralWidget(self.splitter)
        self.coding = CodingController(session, self.reader, self.codebook.model, self.actions, self.settings, self)
        self.codebook_ctl = CodebookController(session, self.codebook, self.actions, self)
        self.importer = ImportController(session, self)
        self.coder_label = QLabel()
        self.coder_label.setObjectName("coderLabel")
        self.statusBar().addPermanentWidget(self.coder_label)
        build_menus(self)
        self._wire()
        self.reader.set_snap(self.settings.snap)
        self._sync_snap_actions()
        self.setAcceptDrops(False)
        self.resize(1280, 800)
        self.refresh(Changed.ALL)
        self._update_title()

    # -- wiring ------------------------------------------------------------------------
    def _wire(self) -> None:
        a, s = self.actions, self.session
        s.changed.connect(self.refresh)
        s.undo_stack.canUndoChanged.connect(a[ActionId.UNDO].setEnabled)
        s.undo_stack.canRedoChanged.connect(a[ActionId.REDO].setEnabled)
        s.undo_stack.undoTextChanged.connect(lambda t: a[ActionId.UNDO].setText(f"&Undo {t}" if t else "&Undo"))
        s.undo_stack.redoTextChanged.connect(lambda t: a[ActionId.REDO].setText(f"&Redo {t}" if t else "&Redo"))
        a[ActionId.UNDO].setEnabled(False)
        a[ActionId.REDO].setEnabled(False)
        a[ActionId.UNDO].triggered.connect(s.undo_stack.undo)
        a[ActionId.REDO].triggered.connect(s.undo_stack.redo)
        a[ActionId.IMPORT_DOCUMENTS].triggered.connect(self.import_dialog)
        a[ActionId.OPEN_PROJECT].triggered.connect(self._open_dialog)
        a[ActionId.NEW_PROJECT].triggered.connect(self._new_dialog)
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.FIND].triggered.connect(lambda: (self.pane.find.setFocus(), self.pane.find.selectAll()))
        a[ActionId.PREFERENCES].triggered.connect(self.preferences)
        a[ActionId.DOCUMENT_MEMO].triggered.connect(self.edit_document_memo)
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
        self.segments.segmentActivated.connect(self.show_segment)
        self.doc_info.attributeEdited.connect(self._set_attribute)
        self.doc_info.editMemoRequested.connect(self.edit_document_memo)
        self.pane.recent_bar.codeClicked.connect(self.coding.apply_code)
        self.coding.recentChanged.connect(self.pane.recent_bar.set_codes)
        for ctl in (self.coding, self.codebook_ctl):
            ctl.message.connect(lambda m: self.statusBar().showMessage(m, 6000))
        button = QToolButton()
        button.setObjectName("stickyButton")
        button.setDefaultAction(a[ActionId.STICKY_CODE])
        button.setText("Sticky")
        self.pane.recent_bar.add_trailing(button)

    # -- refreshing: only what changed ---------------------------------------------------------
    def refresh(self, flags: int) -> None:
        flags = Changed(flags)
        coders = self.session.visible_coder_ids()
        if flags & (Changed.DOCUMENTS | Changed.SEGMENTS | Changed.CODERS | Changed.SETTINGS):
            self.documents.reload(coders)
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
        self._update_status()

    def _load_spans(self, text: str | None = None) -> None:
        if self.document_id is None:
            return
        rows = queries.segment_rows(document_ids=[self.document_id], coder_ids=self.session.visible_coder_ids())
        spans = [HighlightSpan(r.id, r.start, r.end, r.colour, r.code_id, _label(r)) for r in rows]
        if text is None:
            self.reader.set_spans(spans)
        else:
            self.reader.set_document(text, spans)

    def _reload_segments(self) -> None:
        code_id = self.codebook.current_code_id()
        coders = self.session.visible_coder_ids()
        if code_id is not None:
            row = self.codebook.model.code(code_id)
            self.segments.reload([code_id], coders, None, f"Coded “{row.path}” across the corpus")
        elif self.document_id is not None:
            self.segments.reload(None, coders, [self.document_id], "In this document")
        else:
            self.segments.reload(None, coders, [], "Select a code or a document")

    def _show_doc_info(self) -> None:
        if self.document_id is None:
            self.doc_info.show_document(None, {}, "")
            return
        doc = documents.resolve_document(self.document_id)
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
        self.document_id = document_id
        self.coding.document_id = document_id
        if document_id is None:
            self.reader.set_document("", [])
            self.pane.show_header("No document open", [])
        else:
            doc = documents.resolve_document(document_id)
            self.pane.show_header(doc.title, [doc.source, doc.author, doc.published,
                                              f"{doc.char_count:,} characters"])
            self._load_spans(doc.text)
            self.documents.select_document(document_id, emit=False)
        self._show_doc_info()
        if self.codebook.current_code_id() is None:
            self._reload_segments()

    def open_document_by_ref(self, ref: str) -> None:
        self.open_document(documents.resolve_document(ref).id)

    def show_segment(self, document_id: int, start: int, end: int) -> None:
        if document_id != self.document_id:
            self.open_document(document_id)
        self.reader.select_span(start, end)
        self.reader.scroll_to(start)
        self.reader.text_edit().setFocus()

    def _code_selected(self, code_id: int) -> None:
        self.coding.set_active_code(code_id)
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
        try:
            self.session.set_blind(on)
        except ChorusError as exc:  # e.g. only the lead may end blind mode
            action = self.actions[ActionId.BLIND_MODE]
            action.blockSignals(True)
            action.setChecked(self.session.is_blind())
            action.blockSignals(False)
            self.statusBar().showMessage(str(exc), 8000)

    def edit_document_memo(self) -> None:
        if self.document_id is None:
            return
        doc = documents.resolve_document(self.document_id)
        dialog = MemoDialog("Document memo", doc.memo, self, subtitle=doc.title)
        if dialog.exec() == MemoDialog.DialogCode.Accepted:
            self.session.perform(documents.set_document_memo, self.session.project, doc.id, dialog.text())

    # -- import, projects, preferences ----------------------------------------------------------
    def import_dialog(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
        files, _ = QFileDialog.getOpenFileNames(self, "Import documents", "", f"Articles ({patterns})")
        if files:
            self.importer.start([Path(f) for f in files])

    def _import_done(self, report) -> None:
        self.statusBar().showMessage(report.summary(), 10000)
        if self.document_id is None and report.imported:
            self.open_document(report.imported[0].document_id)

    def _open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", "Chorus projects (*.chorus)")
        if path:
            self.openProjectRequested.emit(path)

    def _new_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "", "Chorus projects (*.chorus)")
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

    def closeEvent(self, event: QCloseEvent) -> None:  # every change is already saved
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        super().closeEvent(event)


def _label(row) -> str:
    label = f"{row.code_path}\n{row.coder}"
    if row.memo:
        label += f"\n{row.memo[:200]}"
    return label
