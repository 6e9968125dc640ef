"""督查督办 tab, in four pages (one module each): 督办事项 (tasks_page), 每日督查 (daily_page),
月度考核与专报 (month_page) and 会议与电话 (logs_page).

Every figure and every refusal comes from services/supervision; this only shows and collects."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from govoffice_desktop.models.rewards import BonusMonth, MonthClose, RewardPenalty, RewardRule
from govoffice_desktop.ui.bus import tables_of, watch
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import LedgerDrops, ListsOnPages
from govoffice_desktop.ui.supervision.daily_page import DailyPage
from govoffice_desktop.ui.supervision.logs_page import LogsPage
from govoffice_desktop.ui.supervision.month_page import MonthPage
from govoffice_desktop.ui.supervision.tasks_page import TasksPage


class SupervisionTab(ListsOnPages, LedgerDrops, QWidget):
    key = "supervision"
    TABLES = tables_of("supervision", "staff", "settings", only=(BonusMonth, MonthClose, RewardPenalty, RewardRule))
    status_message = Signal(str)
    import_requested = Signal(str, str)  # kind, file
    fixed_today: date | None = None  # tests set a day; otherwise today's date, read each time

    PAGES = ("tasks", "daily", "month", "logs")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tasks = TasksPage(self)
        self.daily = DailyPage(self)
        self.month = MonthPage(self)
        self.logs = LogsPage(self)
        self.tasks.status_message.connect(self.status_message)
        for page in (self.daily, self.month, self.logs):
            page.message.connect(self.status_message)
        self.logs.meetings.status_message.connect(self.status_message)
        self.logs.calls.status_message.connect(self.status_message)
        self.pages = QTabWidget(self)
        self.pages.addTab(self.tasks, self.tr("督办事项"))
        self.pages.addTab(self.daily, self.tr("每日督查"))
        self.pages.addTab(self.month, self.tr("月度考核与专报"))
        self.pages.addTab(self.logs, self.tr("会议与电话"))
        self._stale: set[QWidget] = set()  # pages hidden when a write touched them (read when shown)
        self.pages.currentChanged.connect(self._page_changed)
        self.follow_counts()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        self.setAcceptDrops(True)
        self.watch = watch(self, self.TABLES, self.reload_changes)

    @property
    def import_kind(self) -> str:
        """A ledger dropped here (or 导入台账 from here): daily checks on 每日督查, tasks elsewhere."""
        pages = getattr(self, "pages", None)
        return "checks" if pages is not None and pages.currentWidget() is self.daily else "tasks"

    @property
    def computing(self) -> bool:
        """会议与电话's runs are being computed (what a picture of the window waits for)."""
        return self.logs.computing

    def day(self) -> date:
        return self.fixed_today or date.today()

    def run_dialog(self, dialog) -> bool:
        return ListTab.run_dialog(self, dialog)

    # -- what the main window asks of a tab (ui/page.py)
    def open_record(self, kind: str, key) -> bool:
        """Show a task ("task", id) or a section's line of a month's ranking ("ranking", (year, month,
        section id)); a search or filter hiding the task is cleared."""
        if kind == "task":
            self.pages.setCurrentWidget(self.tasks)
            return self.tasks.show_row_clearing_filters(key)
        if kind == "ranking":
            year, month, section_id = key
            if self.pages.currentWidget() is self.month:
                self.month.fill_months()  # months checked since it was filled
            else:
                self.pages.setCurrentWidget(self.month)  # filled as it is shown
            self.month.show_month(year, month, select=section_id)
            return self.month.period() == (year, month)
        return False

    def current_list(self) -> ListTab | None:
        page = self.pages.currentWidget()
        return {self.tasks: self.tasks, self.logs: self.logs.current_list()}.get(page)

    # -- pages: each read when shown, so that opening the tab reads only the page it shows
    def _page_changed(self, index: int) -> None:
        """A page shown reads again what a write elsewhere may have changed: a page a write touched
        while hidden, all of it; otherwise the day's checks (when nothing is unsaved), the month
        (keeping a summary being typed) and the runs, as they may change without a write (another
        program, the day)."""
        page = self.pages.widget(index)
        if page in self._stale:
            self._stale.discard(page)
            self._reload(page)
        elif page is self.logs:
            self.logs.show_runs()
        elif page is not self.tasks:
            self._reload(page)

    def _reload(self, page: QWidget) -> None:
        if page is self.tasks:
            self.tasks.refresh()
        elif page is self.daily:
            if not self.daily.modified():
                self.daily.load()
        elif page is self.month:
            self.month.reload()
        elif page is self.logs:
            self.logs.refresh()

    def refresh(self) -> None:
        """Everything again: the page shown now, the others when next shown."""
        self.reload_changes()

    def reload_changes(self) -> None:
        """After a write: the page shown, read again now, except what is being typed (a day's
        checks, read again when next shown with nothing unsaved; a month's summary not yet 编发);
        the other pages when next shown."""
        shown = self.pages.currentWidget()
        self._stale.update(p for p in (self.tasks, self.daily, self.month, self.logs) if p is not shown)
        self._reload(shown)

    def fit_columns(self) -> None:
        self.tasks.fit_columns()
        self.logs.fit_columns()

    def save_state(self, settings: QSettings) -> None:
        self.tasks.save_state(settings)
        settings.setValue(f"tabs/{self.key}/page", self.pages.currentIndex())
        settings.setValue(f"tabs/{self.key}/tasks_splitter", self.tasks.task_splitter.saveState())
        settings.setValue(f"tabs/{self.key}/daily_splitter", self.daily.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        self.tasks.restore_state(settings)
        self.logs.fit_columns()
        for name, splitter in (("tasks_splitter", self.tasks.task_splitter), ("daily_splitter", self.daily.splitter)):
            state = settings.value(f"tabs/{self.key}/{name}")
            if state is not None:
                splitter.restoreState(state)
        page = settings.value(f"tabs/{self.key}/page")
        if page is not None and 0 <= int(page) < self.pages.count():
            self.pages.setCurrentIndex(int(page))
