"""会议与电话: the meeting and phone logs, each with its run toward 100, beside 万页文稿无差错 and
万里行车无事故."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QVBoxLayout, QWidget)

from govoffice_desktop.services import campaigns, supervision
from govoffice_desktop.ui.forms import guard, BAR_STEPS, driving_summary_texts, em, hint
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost, counts_text
from govoffice_desktop.ui.supervision_dialogs import CallDialog, MeetingDialog
from govoffice_desktop.ui.worker import AfterPaint


def tr_(text: str) -> str:
    return QCoreApplication.translate("SupervisionTab", text)


def streak_texts(s: campaigns.Streak, defect_word: str) -> tuple[str, str]:
    """The bar's text and the line under it for one campaign."""
    def number(value) -> str:
        return f"{value.normalize():,f}"

    bar = (tr_("✓ 已达成 %1 %3") if s.current >= s.goal else tr_("%1 / %2 %3")).replace("%1", number(s.current)) \
        .replace("%2", number(s.goal)).replace("%3", s.unit)
    if s.since is None:
        detail = tr_("还没有记录")
    elif s.defects:
        detail = tr_("上次%1 %2 · 最长 %3 %4 · 共%1 %5 次").replace("%1", defect_word) \
            .replace("%2", s.since.isoformat()).replace("%3", number(s.longest)).replace("%4", s.unit) \
            .replace("%5", str(s.defects))
    else:
        detail = tr_("自 %1 记录以来无%2").replace("%1", s.since.isoformat()).replace("%2", defect_word)
    return bar, detail


class StreakBar(QWidget):
    """A campaign's run toward its goal: the bar, and since when below it."""

    def __init__(self, title: str, parent: QWidget | None = None, bold: bool = False):
        super().__init__(parent)
        self.title = QLabel(title, self)
        if bold:
            font = self.title.font()
            font.setBold(True)
            self.title.setFont(font)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, BAR_STEPS)
        self.detail = hint("", self)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.bar, 0, 1)
        layout.addWidget(self.detail, 1, 1)
        layout.setColumnStretch(1, 1)
        self.title.setMinimumWidth(em(self, 7.5))

    def show_streak(self, s: campaigns.Streak, defect_word: str) -> None:
        bar, detail = streak_texts(s, defect_word)
        self.bar.setValue(int(s.progress * BAR_STEPS))
        self.bar.setFormat(bar)
        self.detail.setText(detail)


class MeetingList(ListTab):
    key = "supervision_meetings"

    def table_title(self):
        return self.tr("百次会议无失误")

    def listing(self):
        return supervision.meeting_listing()

    def search_hint(self):
        return self.tr("按会议名称、承办科室、失误情况筛选")


class CallList(ListTab):
    key = "supervision_calls"

    def table_title(self):
        return self.tr("百次电话无差错")

    def listing(self):
        return supervision.call_listing()

    def search_hint(self):
        return self.tr("按来电单位、事由、接听人筛选")


def campaign_runs() -> tuple:
    """The four runs the page shows (each over the whole history: computed off the GUI thread)."""
    return campaigns.meeting_streak(), campaigns.phone_streak(), campaigns.typing_streak(), campaigns.driving_summary()


class LogsPage(QWidget):
    """百次会议无失误 and 百次电话无差错, each log with its run; 万页 and 万里 beside them.  The runs
    (each over the whole history) are computed off the GUI thread (ui/worker.AfterPaint), started
    once the page is on screen: the logs are usable at once, the bars say 正在计算… until the runs
    come (at once when ready within ``WAIT_MS``)."""

    message = Signal(str)
    WAIT_MS: int | None = 0  # None: computed when asked for and waited for (the tests: conftest)

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.meetings = MeetingList(self)
        self.calls = CallList(self)
        self.meeting_run = StreakBar(self.tr("连续无失误"), self, bold=True)
        self.call_run = StreakBar(self.tr("连续无差错"), self, bold=True)
        self.typing_run = StreakBar(self.tr("万页文稿无差错"), self)
        self.driving_run = StreakBar(self.tr("万里行车无事故"), self)
        self.meeting_add = QPushButton(self.tr("登记会议…"), self)
        guard(self.meeting_add, "campaign.log")
        self.meeting_edit = QPushButton(self.tr("修改…"), self)
        guard(self.meeting_edit, "campaign.log")
        self.call_add = QPushButton(self.tr("登记电话…"), self)
        guard(self.call_add, "campaign.log")
        self.call_edit = QPushButton(self.tr("修改…"), self)
        guard(self.call_edit, "campaign.log")
        self.meeting_add.clicked.connect(lambda: self.open_meeting(None))
        self.meeting_edit.clicked.connect(lambda: self.open_meeting(self.meetings.selected_row_id()))
        self.call_add.clicked.connect(lambda: self.open_call(None))
        self.call_edit.clicked.connect(lambda: self.open_call(self.calls.selected_row_id()))
        self.meetings.view.doubleClicked.connect(lambda i: self.open_meeting(self.meetings.model.row_id(i.row())))
        self.calls.view.doubleClicked.connect(lambda i: self.open_call(self.calls.model.row_id(i.row())))

        def column(title: str, run: StreakBar, listing: ListTab, buttons) -> QGroupBox:
            box = QGroupBox(title, self)
            listing.layout().setContentsMargins(0, 0, 0, 0)
            bar = QHBoxLayout()
            bar.addStretch(1)
            for button in buttons:
                bar.addWidget(button)
            layout = QVBoxLayout(box)
            layout.addWidget(run)
            layout.addWidget(listing, 1)
            layout.addLayout(bar)
            return box

        others = QGroupBox(self.tr("另两项“四无”活动（数据来自文印管理、车辆油耗）"), self)
        others_layout = QHBoxLayout(others)
        others_layout.addWidget(self.typing_run, 1)
        others_layout.addSpacing(em(self, 2))
        others_layout.addWidget(self.driving_run, 1)
        columns = QHBoxLayout()
        columns.addWidget(column(self.tr("百次会议无失误"), self.meeting_run, self.meetings,
                                 (self.meeting_add, self.meeting_edit)), 1)
        columns.addWidget(column(self.tr("百次电话无差错"), self.call_run, self.calls,
                                 (self.call_add, self.call_edit)), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(columns, 1)
        layout.addWidget(others)
        self.runs = AfterPaint(self, lambda: campaign_runs, self._show_runs, self._runs_failed, lambda: self.WAIT_MS,
                               self._runs_coming)
        self._runs_shown = False
        for run in (self.meeting_run, self.call_run, self.typing_run, self.driving_run):
            run.bar.setFormat("")  # nothing until computed
        # the lists read their rows when built; the runs are computed when the page is first shown

    @property
    def computing(self) -> bool:
        """The runs are about to be or being computed (the bars show the ones before, or say so)."""
        return self.runs.pending

    def show_runs(self) -> None:
        """The runs again, started after what is waiting to be painted (the page just shown) so
        that the page is on screen first; with ``WAIT_MS`` None at once, and waited for."""
        self.runs.request()

    def _runs_coming(self) -> None:
        """The runs take a while: the bars say so the first time, and keep the ones before after that."""
        if not self._runs_shown:
            for run in (self.meeting_run, self.call_run, self.typing_run, self.driving_run):
                run.bar.setFormat(self.tr("正在计算…"))
                run.detail.setText("")

    def _runs_failed(self, error: str) -> None:
        self._runs_shown = False
        for run in (self.meeting_run, self.call_run, self.typing_run, self.driving_run):
            run.bar.setValue(0)
            run.bar.setFormat(self.tr("未能计算"))
        self.message.emit(self.tr("“四无”活动的计数未能计算：%1").replace("%1", error))

    def _show_runs(self, runs: tuple) -> None:
        meetings, calls, typing, driving = runs
        self.meeting_run.show_streak(meetings, self.tr("失误"))
        self.call_run.show_streak(calls, self.tr("差错"))
        self.typing_run.show_streak(typing, self.tr("印发后差错"))
        share, headline, nearest, last = driving_summary_texts(driving)
        self._runs_shown = True
        self.driving_run.bar.setValue(int(share * BAR_STEPS))
        self.driving_run.bar.setFormat(self.tr("驾驶员 %1").replace("%1", headline))
        self.driving_run.detail.setText(" · ".join(filter(None, [nearest, last])))

    def open_meeting(self, entry_id: int | None) -> None:
        entry = supervision.meeting_by_id(entry_id) if entry_id is not None else None
        if entry_id is not None and entry is None:
            return
        dialog = MeetingDialog(self, entry, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            saved = dialog.result_value
            self.meetings.show_change(self.tr("已登记会议：%1").replace("%1", saved.title), saved.id)
            self.show_runs()

    def open_call(self, entry_id: int | None) -> None:
        entry = supervision.call_by_id(entry_id) if entry_id is not None else None
        if entry_id is not None and entry is None:
            return
        dialog = CallDialog(self, entry, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            saved = dialog.result_value
            self.calls.show_change(self.tr("已登记电话：%1").replace("%1", saved.subject), saved.id)
            self.show_runs()

    def refresh(self) -> None:
        self.meetings.refresh()
        self.calls.refresh()
        self.show_runs()

    def count_text(self) -> str:
        return counts_text([(self.tr("会议"), self.meetings.count_text()), (self.tr("电话"), self.calls.count_text())])

    def current_list(self) -> ListTab:
        """The log the user is in (for copy, find and export): 电话 when it has the focus."""
        return self.calls if self.calls.isAncestorOf(self.focusWidget() or self) else self.meetings

    def fit_columns(self) -> None:
        self.meetings.fit_columns()
        self.calls.fit_columns()
