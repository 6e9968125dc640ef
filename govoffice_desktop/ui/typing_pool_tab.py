"""文印管理 tab: the work log with a typist filter, the forms (登记文稿, 测速, 标准, 月度考核, 测速记录,
图表), and 万页文稿无差错 for the pool and each typist beside the table."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMenu, QMessageBox, QSplitter, QWidget)

from govoffice_desktop.models.rewards import BonusMonth, MonthClose, RewardPenalty, RewardRule
from govoffice_desktop.services import typing_pool
from govoffice_desktop.ui.bus import tables_of
from govoffice_desktop.ui.forms import RunPanel, RunRow
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.row_views import RunLine, RunList
from govoffice_desktop.ui.typing_charts import ChartsDialog
from govoffice_desktop.ui.worker import AfterPaint
from govoffice_desktop.ui.typing_dialogs import (MonthAssessmentDialog, SpeedTestDialog, SpeedTestList,
                                                 StandardsDialog, WorkLogDialog)



class PageRunPanel(RunPanel):
    """万页文稿无差错: pages since the last error, the longest run and progress toward 10,000 pages,
    for the typing pool first (in bold, set apart) and then each typist, as a list that paints only
    the typists on screen (``row_views.RunList``)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("万页文稿无差错"), parent)
        self.runs: list = []
        self.list = RunList(self)
        layout = self.layout()
        layout.setStretchFactor(self.scroll, 0)
        layout.addWidget(self.list, 1)
        self.say_what()

    def say_what(self) -> None:
        self.intro.setText(self.tr("印发后发现差错的文稿使连续页数从零算起（校对发现的差错计入差错率，不中断累计）；"
                                   "目标 %1 页。")
                           .replace("%1", f"{typing_pool.CAMPAIGN_PAGES:,}"))

    def refresh(self) -> None:
        self.show_runs(self.figures())

    @staticmethod
    def figures() -> list:
        """What the panel shows (no Qt: computed off the GUI thread by the tab)."""
        return typing_pool.page_runs(reaches_from=None)  # the days reached are not shown here

    def waiting(self) -> None:
        if self.body is None:  # the first time; after that the runs before stay meanwhile
            self.intro.setText(self.tr("正在计算…"))

    def show_runs(self, runs: list) -> None:
        self.say_what()
        self.runs = runs
        pool = runs[:1]
        self.show_rows([RunRow(run.name, float(run.progress), self.bar_text(run), self.detail(run),
                               self.tr("自上次印发后发现差错以来连续 %1 页").replace("%1", f"{run.current:,}"))
                        for run in pool])
        self.scroll.setFixedHeight(self.body.sizeHint().height())
        self.list.set_lines([RunLine(run.name, float(run.progress), self.bar_text(run), self.detail(run), run)
                             for run in runs[1:]])
        self.fit_list(self.list)

    def bar_text(self, run) -> str:
        template = self.tr("✓ 已达成 %1 页") if run.reached else self.tr("%1 / %2 页")
        return template.replace("%1", f"{run.current:,}").replace("%2", f"{typing_pool.CAMPAIGN_PAGES:,}")

    def detail(self, run) -> str:
        last = run.last_error_on.isoformat() if run.last_error_on else self.tr("无")
        return (self.tr("最长 %1 页 · 印发后发现差错的文稿 %2 份\n最近一次 %3").replace("%1", f"{run.longest:,}")
                .replace("%2", f"{run.errors:,}").replace("%3", last))

    def names(self) -> list[str]:
        """The pool's name, then the typists' shown."""
        return [*self.rows, *self.list.runs.names()]

    def line(self, name: str) -> tuple[str, str]:
        """(the bar's words, the detail) of the pool's run or a typist's."""
        run = next(r for r in self.runs if r.name == name)
        return self.bar_text(run), self.detail(run)


class TypingPoolTab(ListTab):
    """The work log, with 万页文稿无差错 beside it computed off the GUI thread (ui/worker.AfterPaint)
    once the log is on screen (at once when ready within ``WAIT_MS``)."""
    key = "typing_pool"
    WAIT_MS: int | None = 0  # None: computed when asked for and waited for (the tests: conftest)
    TABLES = tables_of("typing_pool", "staff", "settings", only=(BonusMonth, MonthClose, RewardPenalty, RewardRule))

    @property
    def import_kind(self) -> str:
        """A ledger dropped here (or 导入台账 from here): the kind of the page shown."""
        return self.page_import_kind("typing")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._build_actions()
        self.runs = PageRunPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.layout().replaceWidget(self.view, self.splitter)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.runs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.set_actions((self.new_action, self.edit_action, self.speed_action, None, self.assess_action,
                          self.standards_action, self.charts_action), prints=(self.print_action,))
        self.speed_tests = SpeedTestList(self)
        self.add_pages(self.tr("文印登记"), ((self.tr("测速记录"), self.speed_tests),))
        self.enable_context_menu()
        self.view.doubleClicked.connect(lambda _index: self.edit_action.trigger())  # via the action
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self.figures = AfterPaint(self, lambda: PageRunPanel.figures, self.runs.show_runs, self._runs_failed,
                                  lambda: self.WAIT_MS, self.runs.waiting)
        self.figures.request()
        self._update_actions()

    @property
    def computing(self) -> bool:
        """万页文稿无差错 is about to be or being computed (the runs before stay meanwhile)."""
        return self.figures.pending

    def _runs_failed(self, error: str) -> None:
        if self.runs.body is None:
            self.runs.intro.setText(self.tr("未能计算"))
        self.status_message.emit(self.tr("万页文稿无差错未能计算：%1").replace("%1", error))

    def table_title(self):
        return self.tr("文印登记")

    def listing(self):
        return typing_pool.typing_log_listing()

    def search_hint(self):
        return self.tr("按打字员、标题、文号、校对人筛选")

    # -- the typist filter
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.typist_filter = QComboBox(self)
        self.typist_filter.setObjectName("filter_typist_id")
        self.typist_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.typist_filter.setMinimumContentsLength(4)
        bar.addWidget(QLabel(self.tr("打字员："), self))
        bar.addWidget(self.typist_filter)
        self._fill_typists()
        self.typist_filter.currentIndexChanged.connect(self.apply_filters)

    def _fill_typists(self) -> None:
        """Typists past and present (their old logs stay listed); the chosen one stays chosen."""
        current = self.typist_filter.currentData()
        self.typist_filter.blockSignals(True)
        self.typist_filter.clear()
        self.typist_filter.addItem(self.tr("全部"), None)
        for person in typing_pool.typist_names(include_gone=True):
            self.typist_filter.addItem(person.name, person.id)
        index = self.typist_filter.findData(current) if current is not None else -1
        self.typist_filter.setCurrentIndex(max(index, 0))
        self.typist_filter.blockSignals(False)
        self.model.filters = self.filters()

    def filters(self) -> dict:
        typist = self.typist_filter.currentData()
        return {"typist_id": typist} if typist is not None else {}

    def apply_filters(self) -> None:
        self.model.set_filters(self.filters())

    def refresh(self) -> None:
        self._fill_typists()
        super().refresh()
        self.figures.request()

    # -- actions
    def _build_actions(self) -> None:
        self.new_action = self.make_action(self.tr("登记文稿…"), self.new_entry,
                                 self.tr("登记一份打好的文稿：页数、字数、校对出的差错"), permission="typing.edit")
        self.edit_action = self.make_action(self.tr("修改…"), self.edit_entry, self.tr("修改所选的登记（也可双击该行）"), permission="typing.edit")
        self.speed_action = self.make_action(self.tr("测速…"), self.record_speed_test, self.tr("登记一次打字速度测试"), permission="typing.edit")
        self.assess_action = self.make_action(self.tr("月度考核…"), self.assess_month,
                                    self.tr("各打字员一个月的差错率、测速、扣款；结账、打印"))
        self.tests_action = self.make_action(self.tr("测速记录"), self.show_speed_tests, self.tr("全部打字速度测试"))
        self.print_action = self.make_action(self.tr("打印考核表…"), lambda: self.print_document("typing-month"),
                                             self.tr("本月各打字员的文印工作考核表（可预览）"))
        self.standards_action = self.make_action(self.tr("标准…"), self.edit_standards,
                                       self.tr("文印管理工作实施细则：速度、差错率、扣款，各从某日起执行"))
        self.charts_action = self.make_action(self.tr("图表…"), self.show_charts, self.tr("每万字差错按月走势，测速记录"))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action])
        menu.addSeparator()
        menu.addActions([self.speed_action, self.tests_action])
        menu.addSeparator()
        menu.addActions([self.assess_action, self.standards_action, self.charts_action])
        return menu

    def _update_actions(self) -> None:
        self.edit_action.setEnabled(self.selected_row_id() is not None)

    # -- opening the forms
    def new_entry(self) -> None:
        dialog = WorkLogDialog(parent=self)
        if self.run_dialog(dialog):
            entry = dialog.result_value
            self.show_change(self.tr("已登记 %1 的《%2》，%3 页，差错 %4 个")
                          .replace("%1", entry.typist_name).replace("%2", entry.title)
                          .replace("%3", str(entry.pages)).replace("%4", str(entry.errors)), entry.id)

    def edit_entry(self) -> None:
        entry_id = self.selected_row_id()
        entry = typing_pool.log_entry_by_id(entry_id)
        if entry is None:
            return
        dialog = WorkLogDialog(entry, parent=self)
        if self.run_dialog(dialog):
            self.show_change(self.tr("已修改 %1 的《%2》").replace("%1", entry.typist_name).replace("%2", entry.title),
                          entry.id)

    def record_speed_test(self) -> None:
        dialog = SpeedTestDialog(self)
        if self.run_dialog(dialog):
            text = dialog.result_text()
            self.show_change(self.tr("已登记测速：%1").replace("%1", text))
            QMessageBox.information(self, self.tr("测速结果"), text)

    def assess_month(self) -> None:
        dialog = MonthAssessmentDialog(self)
        if self.run_dialog(dialog):
            self.show_change(dialog.message)

    def show_speed_tests(self) -> None:
        """The 测速记录 page of the tab."""
        self.show_page(self.speed_tests)

    def edit_standards(self) -> None:
        dialog = StandardsDialog(self)
        if self.run_dialog(dialog):
            self.show_change(dialog.message or self.tr("文印标准已更新"))

    def show_charts(self) -> None:
        self.run_dialog(ChartsDialog(self, typist_id=self.typist_filter.currentData()))

    # -- settings
    def save_state(self, settings: QSettings) -> None:
        super().save_state(settings)
        settings.setValue(f"tabs/{self.key}/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        super().restore_state(settings)
        state = settings.value(f"tabs/{self.key}/splitter")
        if state is not None:
            self.splitter.restoreState(state)
