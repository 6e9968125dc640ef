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
            self.pages.setCurrentWidget(self.month)
            self.month.fill_months()
            self.month.show_month(year, month, select=section_id)
            return self.month.period() == (year, month)
        return False

    def current_list(self) -> ListTab | None:
        page = self.pages.currentWidget()
        return {self.tasks: self.tasks, self.logs: self.logs.current_list()}.get(page)

    def export_table(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.export_table()
        else:
            self.status_message.emit(self.tr("这一页没有可导出的表格"))

    # -- pages
    def _page_changed(self, index: int) -> None:
        page = self.pages.widget(index)
        if page is self.month:
            self.month.fill_months()
        elif page is self.logs:
            self.logs.show_runs()
        elif page is self.daily and not self.daily.modified():
            self.daily.load()

    def refresh(self) -> None:
        self.tasks.refresh()
        self.daily.refresh()
        self.month.refresh()
        self.logs.refresh()

    def reload_changes(self) -> None:
        """After a write: everything again, except what is being typed: a day's checks (read again
        when that page is next shown with nothing unsaved) and a month's summary not yet 编发."""
        self.tasks.refresh()
        if not self.daily.modified():
            self.daily.refresh()
        summary = self.month.summary
        typed = (self.month.period(), summary.toPlainText()) if summary.document().isModified() else None
        self.month.refresh()
        if typed is not None and self.month.period() == typed[0] and summary.isEnabled():
            summary.setPlainText(typed[1])
            summary.document().setModified(True)
        self.logs.refresh()

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
