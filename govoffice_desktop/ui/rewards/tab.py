"""奖惩与奖金 tab, in six pages (one module each): 奖金核算表 (sheet_page), 奖惩台账 (ledger_page),
奖惩规定 (rules_page), 财务管理 (finance_page), 出差值勤 (travel_page) and 物品管理 (goods_page).

Every figure and every refusal comes from services/rewards; this only shows and collects."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from govoffice_desktop.ui.bus import tables_of, watch
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import BuiltWhenShown, ListsOnPages, counted
from govoffice_desktop.ui.rewards.finance_page import FinancePage
from govoffice_desktop.ui.rewards.goods_page import GoodsPage
from govoffice_desktop.ui.rewards.ledger_page import LedgerPage
from govoffice_desktop.ui.rewards.rules_page import RulesPage
from govoffice_desktop.ui.rewards.sheet_page import SheetPage
from govoffice_desktop.ui.rewards.travel_page import TravelPage


class LaterPage(BuiltWhenShown):
    """One of the tab's pages until it is first shown or used, then the holder of the page, built
    inside it (the tab opens reading only the page it shows).  Anything asked of it that is not its
    own (a page's lists, buttons and methods, as the tab and the tests ask) builds the page and is
    asked of it."""

    def __init__(self, tab: "RewardsTab", make):
        super().__init__(tab)
        self._make, self._tab, self._page = make, tab, None
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    def page(self):
        if self._page is None:
            page = self._page = self._make(self._tab)
            self.layout().addWidget(page)
            page.message.connect(self._tab.status_message)
            self._tab.page_built(self)
            counted()  # its lists spoke while it was being made, before it was this holder's page
        return self._page

    def count_text(self) -> str:
        """The page's count; none while it is not built (nor while it is being made: its lists say
        their counts as they load, and asking would make it a second time)."""
        return self._page.count_text() if self._page is not None else ""

class RewardsTab(ListsOnPages, QWidget):
    key = "rewards"
    TABLES = tables_of("rewards", "staff", "settings")
    status_message = Signal(str)
    import_requested = Signal(str, str)  # never: no ledger kind is imported here (ui/page.py)
    import_kind = None
    fixed_today: date | None = None  # tests set a day; otherwise today's date, read each time

    def __init__(self, parent=None):
        super().__init__(parent)
        self._settings: QSettings | None = None  # restored into each page as it is built
        self.sheet_page = SheetPage(self)
        self.sheet_page.message.connect(self.status_message)
        # the other pages are built when first shown or used (LaterPage)
        self.ledger = LaterPage(self, LedgerPage)
        self.rules = LaterPage(self, RulesPage)
        self.finance = LaterPage(self, FinancePage)
        self.travel = LaterPage(self, TravelPage)
        self.goods = LaterPage(self, GoodsPage)
        self.pages = QTabWidget(self)
        for page, title in ((self.sheet_page, self.tr("奖金核算表")), (self.ledger, self.tr("奖惩台账")),
                            (self.rules, self.tr("奖惩规定")), (self.finance, self.tr("财务管理")),
                            (self.travel, self.tr("出差值勤")),
                            (self.goods, self.tr("物品管理"))):
            self.pages.addTab(page, title)
        self.pages.currentChanged.connect(self._page_changed)
        self.follow_counts()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        self.watch = watch(self, self.TABLES)

    def day(self) -> date:
        return self.fixed_today or date.today()

    def run_dialog(self, dialog) -> bool:
        return ListTab.run_dialog(self, dialog)

    def _page_changed(self, _index: int) -> None:
        page = self.pages.currentWidget()
        if page is self.sheet_page:
            self.sheet_page.fill_months()
        elif page is self.finance and self.finance.is_built():  # built now: already filled
            self.finance.fill_months()

    def _later_pages(self) -> tuple:
        return (self.ledger, self.rules, self.finance, self.travel, self.goods)

    def page_built(self, holder: LaterPage) -> None:
        """A page built late: its lists and splitters as the settings left them."""
        if self._settings is not None:
            self._restore_page(holder, self._settings)

    # -- what the main window asks of a tab (ui/page.py)
    def current_list(self) -> ListTab | None:
        page = self.pages.currentWidget()
        lists = {self.ledger: "list", self.travel: "claims", self.goods: "movements", self.finance: "findings"}
        return getattr(page, lists[page]) if page in lists else None

    def open_record(self, kind: str, key) -> bool:
        return False  # 首页 has no links into 奖惩与奖金 yet

    def export_table(self) -> None:
        if self.current_list() is None and self.pages.currentWidget() is self.sheet_page:
            self.sheet_page.export_xlsx()  # 奖金核算表: its workbook
        else:
            super().export_table()

    def refresh(self) -> None:
        self.sheet_page.refresh()
        for holder in self._later_pages():
            if holder.is_built():  # a page not built yet reads its data when it is
                holder.refresh()

    # the settings of each list and splitter, by page (a page not built yet keeps what is stored)
    LISTS = {"ledger": ("list",), "travel": ("claims", "approvals"), "goods": ("movements",),
             "finance": ("findings",)}
    SPLITTERS = {"rules": (("rules", "splitter"),), "travel": (("travel", "splitter"),),
                 "goods": (("goods", "splitter"), ("goods_top", "top_splitter"))}

    def _parts(self, holder: LaterPage):
        name = next(n for n in ("ledger", "rules", "finance", "travel", "goods") if getattr(self, n) is holder)
        return ([getattr(holder, a) for a in self.LISTS.get(name, ())],
                [(key, getattr(holder, a)) for key, a in self.SPLITTERS.get(name, ())])

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tabs/{self.key}/page", self.pages.currentIndex())
        settings.setValue(f"tabs/{self.key}/sheet_splitter", self.sheet_page.splitter.saveState())
        for holder in self._later_pages():
            if not holder.is_built():
                continue
            lists, splitters = self._parts(holder)
            for lst in lists:
                lst.save_state(settings)
            for key, splitter in splitters:
                settings.setValue(f"tabs/{self.key}/{key}_splitter", splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        self._settings = settings
        state = settings.value(f"tabs/{self.key}/sheet_splitter")
        if state is not None:
            self.sheet_page.splitter.restoreState(state)
        for holder in self._later_pages():
            if holder.is_built():
                self._restore_page(holder, settings)
        page = settings.value(f"tabs/{self.key}/page")
        if page is not None and 0 <= int(page) < self.pages.count():
            self.pages.setCurrentIndex(int(page))

    def _restore_page(self, holder: LaterPage, settings: QSettings) -> None:
        lists, splitters = self._parts(holder)
        for lst in lists:
            lst.restore_state(settings)
        for key, splitter in splitters:
            state = settings.value(f"tabs/{self.key}/{key}_splitter")
            if state is not None:
                splitter.restoreState(state)
