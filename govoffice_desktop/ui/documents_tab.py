"""文电办理 tab, in pages (one module each): 收文登记 (incoming_page) first; the other pages — 发文登记,
办理情况, 催办, 节假日安排 — join ``PAGES`` below, each built when first shown.

Every figure and every refusal comes from services/documents; this only shows and collects."""
from __future__ import annotations

import importlib
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from govoffice_desktop.ui.bus import tables_of, watch
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import BuiltWhenShown, LedgerDrops, ListsOnPages, counted

# The tab's pages in order: (key, title, module, class).  A page is made as ``Class(tab)``, the tab
# being its PageHost (``day()``, ``run_dialog()``); it has the Page protocol's list methods (a ListTab
# has them) and a ``status_message`` or ``message`` signal (str), and may have ``document_opened`` (int: a 收文
# to show on 收文登记).  Add a page here, nothing else.
PAGES: list[tuple[str, str, str, str]] = [
    ("incoming", QT_TRANSLATE_NOOP("DocumentsTab", "收文登记"), "govoffice_desktop.ui.incoming_page", "IncomingPage"),
    ("outgoing", QT_TRANSLATE_NOOP("DocumentsTab", "发文登记"), "govoffice_desktop.ui.outgoing_page", "OutgoingPage"),
    ("urge", QT_TRANSLATE_NOOP("DocumentsTab", "催办"), "govoffice_desktop.ui.urge_page", "UrgePage"),
    ("speed", QT_TRANSLATE_NOOP("DocumentsTab", "办理情况"), "govoffice_desktop.ui.document_speed_page",
     "DocumentSpeedPage"),
    ("holidays", QT_TRANSLATE_NOOP("DocumentsTab", "节假日安排"), "govoffice_desktop.ui.holidays_page", "HolidaysPage"),
]


class DocumentPage(BuiltWhenShown):
    """One page of the tab until it is first shown or used, then the holder of the page built inside
    it; anything asked of it that is not its own is asked of the page (building it)."""

    def __init__(self, tab: "DocumentsTab", key: str, module: str, class_name: str):
        super().__init__(tab)
        self.key, self._where, self._tab, self._page = key, (module, class_name), tab, None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def page(self):
        if self._page is None:
            module, name = self._where
            page = self._page = getattr(importlib.import_module(module), name)(self._tab)
            self.layout().addWidget(page)
            signal = getattr(page, "status_message", None) or getattr(page, "message", None)
            if signal is not None:
                signal.connect(self._tab.status_message)
            if hasattr(page, "import_requested"):
                page.import_requested.connect(self._tab.import_requested)
            if hasattr(page, "document_opened"):  # a 收文 named on another page (办理情况's overdue list)
                page.document_opened.connect(lambda doc_id: self._tab.open_record("incoming", doc_id))
            if self._tab.settings is not None and hasattr(page, "restore_state"):
                page.restore_state(self._tab.settings)
            if hasattr(page, "fill_months"):  # 办理情况: its month picker filled once built
                page.fill_months()
            counted()
        return self._page

    def count_text(self) -> str:
        return self._page.count_text() if self._page is not None else ""


class DocumentsTab(ListsOnPages, LedgerDrops, QWidget):
    key = "documents"
    TABLES = tables_of("documents", "staff", "supervision", "settings")
    status_message = Signal(str)
    import_requested = Signal(str, str)  # kind, file
    fixed_today: date | None = None  # tests set a day; otherwise today's date, read each time

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings: QSettings | None = None
        self.holders: dict[str, DocumentPage] = {}
        self.pages = QTabWidget(self)
        for key, title, module, class_name in PAGES:
            holder = DocumentPage(self, key, module, class_name)
            self.holders[key] = holder
            self.pages.addTab(holder, self.tr(title))
        self.holders[PAGES[0][0]].page()  # the first page at once: the tab opens on it
        self.pages.currentChanged.connect(self._page_changed)
        self.follow_counts()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        self.setAcceptDrops(True)
        self.watch = watch(self, self.TABLES, self.reload_changes)
        self._stale: set[DocumentPage] = set()

    @property
    def incoming(self):
        """收文登记 (built when asked)."""
        return self.holders["incoming"].page()

    @property
    def import_kind(self) -> str | None:
        """The ledger kind of the page shown (收文登记簿 on 收文登记), when the importer knows it."""
        pages = getattr(self, "pages", None)
        holder = pages.currentWidget() if pages is not None else None
        if holder is None or not holder.is_built():
            return None
        from govoffice_desktop.ledgers.kinds import KINDS

        kind = {"incoming": "incoming", "outgoing": "outgoing"}.get(holder.key)
        return kind if kind in KINDS else None

    def day(self) -> date:
        return self.fixed_today or date.today()

    def run_dialog(self, dialog) -> bool:
        return ListTab.run_dialog(self, dialog)

    # -- what the main window asks of a tab (ui/page.py)
    def current_list(self):
        holder = self.pages.currentWidget()
        if holder is None:
            return None
        page = holder.page()
        if isinstance(page, ListTab):
            return page.current_list()
        return page.current_list() if hasattr(page, "current_list") else None

    # the page that shows each kind of record 首页 and the other tabs link to
    RECORD_PAGES = {"incoming": "incoming", "outgoing": "outgoing", "holiday_year": "holidays"}

    def open_record(self, kind: str, key) -> bool:
        """Show a document received ("incoming", id) or sent ("outgoing", id), or a year's 节假日安排
        ("holiday_year", year); a search or filter hiding a document is cleared."""
        holder = self.holders.get(self.RECORD_PAGES.get(kind, ""))
        if holder is None:
            return False
        self.pages.setCurrentWidget(holder)
        return bool(holder.page().open_record(kind, key))

    # -- pages: each read when shown
    def _page_changed(self, _index: int) -> None:
        holder = self.pages.currentWidget()
        if holder in self._stale:
            self._stale.discard(holder)
            holder.page().refresh()

    def refresh(self) -> None:
        self.reload_changes()

    def reload_changes(self) -> None:
        """After a write: the page shown, read again now; the other pages built when next shown."""
        shown = self.pages.currentWidget()
        self._stale.update(h for h in self.holders.values() if h is not shown and h.is_built())
        if shown is not None and shown.is_built():
            shown.page().refresh()

    def fit_columns(self) -> None:
        for holder in self.holders.values():
            if holder.is_built() and hasattr(holder.page(), "fit_columns"):
                holder.page().fit_columns()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tabs/{self.key}/page", self.pages.currentIndex())
        for holder in self.holders.values():
            if holder.is_built() and hasattr(holder.page(), "save_state"):
                holder.page().save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        self.settings = settings
        for holder in self.holders.values():
            if holder.is_built() and hasattr(holder.page(), "restore_state"):
                holder.page().restore_state(settings)
        page = settings.value(f"tabs/{self.key}/page")
        if page is not None and 0 <= int(page) < self.pages.count():
            self.pages.setCurrentIndex(int(page))
