"""奖惩与奖金 tab, in six pages (one module each): 奖金核算表 (sheet_page), 奖惩台账 (ledger_page),
奖惩规定 (rules_page), 财务管理 (finance_page), 出差值勤 (travel_page) and 物品管理 (goods_page).

Every figure and every refusal comes from services/rewards; this only shows and collects."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from govoffice_desktop.ui.bus import tables_of, watch
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import ListsOnPages
from govoffice_desktop.ui.rewards.finance_page import FinancePage
from govoffice_desktop.ui.rewards.goods_page import GoodsPage
from govoffice_desktop.ui.rewards.ledger_page import LedgerPage
from govoffice_desktop.ui.rewards.rules_page import RulesPage
from govoffice_desktop.ui.rewards.sheet_page import SheetPage
from govoffice_desktop.ui.rewards.travel_page import TravelPage


class RewardsTab(ListsOnPages, QWidget):
    key = "rewards"
    TABLES = tables_of("rewards", "staff", "settings")
    status_message = Signal(str)
    import_requested = Signal(str, str)  # never: no ledger kind is imported here (ui/page.py)
    import_kind = None
    fixed_today: date | None = None  # tests set a day; otherwise today's date, read each time

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sheet_page = SheetPage(self)
        self.ledger = LedgerPage(self)
        self.rules = RulesPage(self)
        self.finance = FinancePage(self)
        self.travel = TravelPage(self)
        self.goods = GoodsPage(self)
        self.pages = QTabWidget(self)
        for page, title in ((self.sheet_page, self.tr("奖金核算表")), (self.ledger, self.tr("奖惩台账")),
                            (self.rules, self.tr("奖惩规定")), (self.finance, self.tr("财务管理")),
                            (self.travel, self.tr("出差值勤")),
                            (self.goods, self.tr("物品管理"))):
            self.pages.addTab(page, title)
            page.message.connect(self.status_message)
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
        elif page is self.finance:
            self.finance.fill_months()

    # -- what the main window asks of a tab (ui/page.py)
    def current_list(self) -> ListTab | None:
        page = self.pages.currentWidget()
        return {self.ledger: self.ledger.list, self.travel: self.travel.claims,
                self.goods: self.goods.movements, self.finance: self.finance.findings}.get(page)

    def open_record(self, kind: str, key) -> bool:
        return False  # 首页 has no links into 奖惩与奖金 yet

    def export_table(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.export_table()
        elif self.pages.currentWidget() is self.sheet_page:
            self.sheet_page.export_xlsx()
        else:
            self.status_message.emit(self.tr("这一页没有可导出的表格"))

    def refresh(self) -> None:
        for page in (self.sheet_page, self.ledger, self.rules, self.finance, self.travel, self.goods):
            page.refresh()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tabs/{self.key}/page", self.pages.currentIndex())
        for lst in (self.ledger.list, self.travel.claims, self.travel.approvals, self.goods.movements,
                    self.finance.findings):
            lst.save_state(settings)
        for name, splitter in (("sheet", self.sheet_page.splitter), ("rules", self.rules.splitter),
                               ("travel", self.travel.splitter), ("goods", self.goods.splitter),
                               ("goods_top", self.goods.top_splitter)):
            settings.setValue(f"tabs/{self.key}/{name}_splitter", splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for lst in (self.ledger.list, self.travel.claims, self.travel.approvals, self.goods.movements,
                    self.finance.findings):
            lst.restore_state(settings)
        for name, splitter in (("sheet", self.sheet_page.splitter), ("rules", self.rules.splitter),
                               ("travel", self.travel.splitter), ("goods", self.goods.splitter),
                               ("goods_top", self.goods.top_splitter)):
            state = settings.value(f"tabs/{self.key}/{name}_splitter")
            if state is not None:
                splitter.restoreState(state)
        page = settings.value(f"tabs/{self.key}/page")
        if page is not None and 0 <= int(page) < self.pages.count():
            self.pages.setCurrentIndex(int(page))
