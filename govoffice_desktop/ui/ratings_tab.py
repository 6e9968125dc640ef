"""季度评议 tab: the period and direction at the top, the ranking (the overall weighted result,
the grassroots group's 后三名 in red, 连续三次最差 above the table once the quarter is closed, a
阶段性结果 box while it is open), the tallies in a second page, and the forms: 评议组, 录入评议表,
打印评议表, 结束评议 / 重新开启, 说明情况.  评议票数 is the 民主评议汇总表 of the period, direction
and group chosen (ui/ratings_summary.py); 票数明细 lists the counts entered, for checking them."""
from __future__ import annotations

from govoffice_desktop.models.ratings import (BOTTOM_UP, CLOSED, DIRECTIONS, DISMISSAL, OPEN, RATES_SECTIONS,
                                              RatingPeriod)
from govoffice_desktop.services import auth, ratings
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui.bus import tables_of, watch
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.table_model import RowsWhenShown
from govoffice_desktop.ui.page import Refused, counted, rows_text
from govoffice_desktop.ui.ratings_history import SectionHistoryDialog
from govoffice_desktop.ui.ratings_summary import VotesPage
from govoffice_desktop.ui.forms import (call_service, display, fill_table, guard, read_only_table, select_id, set_enabled,
                                        RED)
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from govoffice_desktop.ui.ratings_dialogs import (BallotEntryDialog, ExplanationsDialog, GroupDialog,
                                                  PrintSheetsDialog)


class TallyList(ListTab):
    """票数明细: the counts entered, every period's, as a list (search, sort, export), for checking
    what was entered; the votes of the period chosen, counted, are the page 评议票数.  Its rows are
    read when the page is first shown (``RowsWhenShown``): the tab opens on its ranking."""

    key = "ratings"  # its header's state is kept where it was when the list was the tab
    model_class = RowsWhenShown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.layout().setContentsMargins(0, 6, 0, 0)

    def table_title(self):
        return self.tr("票数明细")

    def listing(self):

        try:
            return ratings.tally_listing()
        except auth.PermissionDenied:  # the votes are results: an empty table for who may not see them
            return ratings.tally_listing(hidden=True)

    def search_hint(self):
        return self.tr("按方向、评议组、科室、等次筛选")


class RatingsTab(QWidget):
    key = "ratings"
    TABLES = tables_of("ratings", "staff", "settings")
    status_message = Signal(str)
    import_requested = Signal(str, str)  # never: ballots are entered by form (ui/page.py)
    import_kind = None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.ranking: list = []
        self.group_names: list[str] = []
        self.tallies = TallyList(self)
        self.tallies.status_message.connect(self.status_message)
        self.votes = VotesPage(self)
        self.votes.status_message.connect(self.status_message)

        ranking_page = QWidget(self)
        self.alert = QLabel(ranking_page)
        self.alert.setObjectName("alert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(f"color: white; background: {RED}; font-weight: bold; padding: 6px 10px;"
                                 "border-radius: 3px;")
        self.alert.hide()
        # 阶段性结果 while the quarter is open, or the notice that no grassroots group is marked
        self.rules_box = QLabel(ranking_page)
        self.rules_box.setObjectName("rules")
        self.rules_box.setWordWrap(True)
        self.rules_box.setStyleSheet("color: #5c3c00; background: #fff4d6; border: 1px solid #f0c36d;"
                                     "padding: 6px 10px; border-radius: 3px;")
        self.rules_box.hide()
        self.table = read_only_table(ranking_page, [], stretch=None)
        self.table.setObjectName("ranking")
        self.note = QLabel(ranking_page)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        ranking_layout = QVBoxLayout(ranking_page)
        ranking_layout.setContentsMargins(0, 6, 0, 0)
        ranking_layout.addWidget(self.alert)
        ranking_layout.addWidget(self.rules_box)
        # beside the ranking: 后三名 and who is to explain (阶段性 while the quarter is open)
        self.explained = read_only_table(ranking_page, [self.tr("科室"), self.tr("基层名次"), self.tr("负责人"),
                                                        self.tr("说明情况")])
        self.explained.setObjectName("explained")
        self.explained_box = QGroupBox(self.tr("后三名 · 说明情况"), ranking_page)
        box_layout = QVBoxLayout(self.explained_box)
        box_layout.addWidget(self.explained)
        self.explained_box.hide()
        side = QHBoxLayout()
        side.addWidget(self.table, 3)
        side.addWidget(self.explained_box, 2)
        ranking_layout.addLayout(side, 1)
        ranking_layout.addWidget(self.note)

        self.subtabs = QTabWidget(self)
        self.subtabs.addTab(ranking_page, self.tr("排名"))
        self.subtabs.addTab(self.votes, self.tr("评议票数"))
        self.subtabs.addTab(self.tallies, self.tr("票数明细"))
        self.subtabs.currentChanged.connect(self._page_changed)
        self.body = Refused(self.subtabs, self)  # the results, or why this user may not see them
        outer = QVBoxLayout(self)
        outer.addLayout(self._choosers())
        outer.addWidget(self.body, 1)
        self._fill_periods()
        self.show_ranking()
        self.watch = watch(self, self.TABLES)

    def _page_changed(self, _index: int) -> None:
        if self.subtabs.currentWidget() is self.tallies and self.tallies.model.waiting:
            self.tallies.refresh()  # 票数明细 read when first shown
        counted()

    # -- what the main window asks of a tab (ui/page.py): the list is 票数明细
    def count_text(self) -> str:
        """The ranking's sections, the summary's sections or the counts' rows, whichever page is
        shown; nothing when the results are not this user's to see."""
        if self.body.refused():
            return ""
        if self.subtabs.currentWidget() is self.tallies:
            return self.tallies.count_text()
        if self.subtabs.currentWidget() is self.votes:
            return self.votes.count_text()
        return rows_text(self.table.rowCount())

    def copy_selection(self) -> None:
        self.tallies.copy_selection()

    def focus_search(self) -> None:
        self.tallies.focus_search()

    def select_all(self) -> None:
        self.tallies.select_all()

    def export_table(self) -> None:
        """评议票数: the 民主评议汇总表; otherwise the counts entered, as before."""
        if self.subtabs.currentWidget() is self.votes:
            self.votes.export_xlsx()
        else:
            self.tallies.export_table()

    def run_dialog(self, dialog) -> bool:
        return ListTab.run_dialog(self, dialog)

    def show_change(self, message: str) -> None:
        self.tallies.show_change(message)

    # -- the choosers and the buttons
    def _choosers(self) -> QHBoxLayout:
        self.period_combo = QComboBox(self)
        self.period_combo.setObjectName("period")
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.direction_combo = QComboBox(self)
        self.direction_combo.setObjectName("direction")
        for direction in DIRECTIONS:
            self.direction_combo.addItem(self.tr(direction), direction)
        self.group_button = QPushButton(self.tr("新建评议组…"), self)
        guard(self.group_button, "ratings.manage")
        self.group_button.setToolTip(self.tr("本评议期的评议组：方向、权重、评议等次，评科室或（上评下）评个人"))
        self.group_button.clicked.connect(self.add_group)
        self.edit_group_button = QPushButton(self.tr("修改评议组…"), self)
        guard(self.edit_group_button, "ratings.manage")
        self.edit_group_button.setToolTip(self.tr("评议组的权重，以及哪一组是基层评议组（后三名、调离只看基层评议组的得分）"))
        self.edit_group_button.clicked.connect(self.edit_group)
        self.entry_button = QPushButton(self.tr("录入评议表…"), self)
        guard(self.entry_button, "ratings.enter")
        self.entry_button.setToolTip(self.tr("按编号逐张录入收回的评议表"))
        self.print_button = QPushButton(self.tr("打印评议表…"), self)
        guard(self.print_button, "ratings.enter")
        self.print_button.setToolTip(self.tr("按评议组打印编号连续的评议表，或存为 PDF"))
        self.close_button = QPushButton(self.tr("结束评议…"), self)
        guard(self.close_button, "ratings.manage")
        self.close_button.clicked.connect(self.close_or_reopen)
        self.explain_button = QPushButton(self.tr("说明情况…"), self)
        guard(self.explain_button, "ratings.results")
        self.explain_button.setToolTip(self.tr("结束评议时确定的后三名说明情况和调离记录：记录科室负责人的说明、处理决定"))
        self.history_button = QPushButton(self.tr("历史…"), self)
        guard(self.history_button, "ratings.results")
        self.history_button.setToolTip(self.tr("某科室历次评议的得分与名次（折线图）"))
        self.history_button.clicked.connect(self.show_history)
        self.entry_button.clicked.connect(self.enter_ballots)
        self.print_button.clicked.connect(self.print_sheets)
        self.explain_button.clicked.connect(self.show_explanations)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.show_ranking())
        self.direction_combo.currentIndexChanged.connect(lambda _i: self.show_ranking())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("评议期："), self))
        bar.addWidget(self.period_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("方向："), self))
        bar.addWidget(self.direction_combo)
        bar.addStretch(1)
        bar.addWidget(self.group_button)
        bar.addWidget(self.edit_group_button)
        bar.addWidget(self.entry_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)
        bar.addWidget(self.explain_button)
        bar.addWidget(self.history_button)
        return bar

    def open_record(self, kind: str, key) -> bool:
        """A section's explanation ("explanation", (period id, section id)): the period, bottom-up,
        with the section's line of the ranking selected."""
        if kind != "explanation":
            return False
        period_id, section_id = key
        index = self.period_combo.findData(period_id)
        if index < 0:
            return False
        self.period_combo.setCurrentIndex(index)
        direction = self.direction_combo.findData(BOTTOM_UP)
        if direction >= 0:
            self.direction_combo.setCurrentIndex(direction)
        self.subtabs.setCurrentIndex(0)
        return select_id(self.table, section_id)

    def _fill_periods(self) -> None:
        """Periods newest first; the chosen one stays chosen."""
        current = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in ratings.periods():
            label = str(period) if period.status == OPEN else self.tr("%1（已结束）").replace("%1", str(period))
            self.period_combo.addItem(label, period.id)
        index = self.period_combo.findData(current) if current is not None else -1
        self.period_combo.setCurrentIndex(max(index, 0))
        self.period_combo.blockSignals(False)
        self._period_buttons()

    def _period_buttons(self) -> None:
        """What the chosen period allows: a closed one takes no new group, sheet or vote."""
        period = self.current_period()
        is_open = period is not None and period.status == OPEN
        for button in (self.group_button, self.edit_group_button, self.entry_button, self.print_button):
            set_enabled(button, is_open)
        set_enabled(self.close_button, period is not None)
        set_enabled(self.explain_button, period is not None)
        if period is not None and period.status == CLOSED:
            self.close_button.setText(self.tr("重新开启评议…"))
            self.close_button.setToolTip(self.tr("评议重新进行中：尚未说明的后三名说明和调离记录撤回，已收到的说明保留"))
        else:
            self.close_button.setText(self.tr("结束评议…"))
            self.close_button.setToolTip(self.tr("结束本季度评议：按基层评议组的得分确定后三名（说明情况）和连续三次最差"
                                                 "（调离），并列入首页"))

    def current_period(self) -> RatingPeriod | None:
        period_id = self.period_combo.currentData()
        return ratings.period_by_id(period_id)

    def current_direction(self) -> str:
        return self.direction_combo.currentData()

    # -- the ranking
    def show_ranking(self) -> None:
        """The chosen period's ranking; for a role that may not see results, in the middle of the
        page what is not permitted and who may (the status bar's count then says nothing)."""
        allowed = auth.allowed("ratings.results")
        self.body.refuse(None if allowed else auth.refusal_text("ratings.results"))
        self._show_ranking()
        self.votes.show_votes(self.current_period(), self.current_direction())
        counted()

    def _show_ranking(self) -> None:
        period, direction = self.current_period(), self.current_direction()
        self._period_buttons()
        self.rules_box.hide()
        self.explained_box.hide()
        if period is None:
            self.ranking, self.group_names = [], []
            self.alert.hide()
            self.table.setColumnCount(0)
            self.table.setRowCount(0)
            self.note.setText(self.tr("还没有评议期。"))
            return

        try:
            self.ranking = ratings.section_scores(period, direction)
            rules = ratings.rules_of(period) if direction == BOTTOM_UP else None
        except auth.PermissionDenied as exc:  # the results are for who may see them
            self.ranking, self.group_names = [], []
            self.alert.hide()
            self.table.setColumnCount(0)
            self.table.setRowCount(0)
            self.note.setText(str(exc))
            return
        # the groups rating sections; a group rating individuals has its results in the staff files
        groups = ratings.groups_of(period, direction, rates=RATES_SECTIONS)
        self.group_names = [g.name for g in groups]
        rules_column = rules is not None and rules.group is not None
        bottom = {s.section.id for s in rules.bottom} if rules else set()
        headers = ([self.tr("名次"), self.tr("科室"), self.tr("综合得分")]
                   + [self.tr("%1（基层）").replace("%1", g.name) if g.grassroots else g.name for g in groups]
                   + [self.tr("票数")] + ([self.tr("基层名次")] if rules_column else []))
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        rows, red = [], []
        for i, s in enumerate(self.ranking):
            rows.append([s.rank, s.section.name, str(s.shown)]
                        + [str(s.by_group[name]) if name in s.by_group else "—" for name in self.group_names]
                        + [s.votes] + ([rules.rank_of(s.section.id) or "—"] if rules_column else []))
            if s.section.id in bottom:
                red.append(i)
        fill_table(self.table, rows, [s.section.id for s in self.ranking], red)
        self._fit_ranking_columns()
        self._show_explained(period, rules)
        closed = period.status == CLOSED
        if rules is not None and rules.alerts and closed:
            lines = [self.tr("⚠ %1 连续%2次被评最差，当事人（%3）按规定调离")
                     .replace("%1", a.section.name).replace("%2", str(a.consecutive_worst))
                     .replace("%3", a.chief.name if a.chief else self.tr("未定负责人")) for a in rules.alerts]
            self.alert.setText("\n".join(lines))
            self.alert.show()
        else:
            self.alert.hide()
        if not self.ranking:
            self.note.setText(self.tr("%1 %2 还没有票数：录入评议表或导入票数后在此排名。")
                              .replace("%1", str(period)).replace("%2", direction))
            return
        if rules is None:
            self.note.setText(self.tr("综合得分按各评议组权重加权，未投票的组不计权重。"))
            return
        if rules.group is None:  # the rules say so rather than guess
            self.rules_box.setText(rules.notice)
            self.rules_box.show()
            self.note.setText(self.tr("综合得分按各评议组权重加权，未投票的组不计权重。"))
            return
        if not closed:
            self.rules_box.setText(self._provisional_text(rules))
            self.rules_box.show()
        how = (self.tr("红色为后三名（与第三低并列的一并列入），其负责人须说明情况。") if closed
               else self.tr("红色为阶段性后三名，结束评议时才确定。"))
        self.note.setText(how + rules.notice)

    def _show_explained(self, period, rules) -> None:
        """后三名 and their 说明情况 beside the ranking: on a closed quarter what its closing asked
        for (and 调离), answered or due; on an open one the bottom three so far, nobody asked yet."""
        rows = []
        if rules is not None and rules.group is not None and period.status == CLOSED:
            for e in ratings.explanations_of(period):
                what = self.tr("调离") if e.kind == DISMISSAL else self.tr("说明情况")
                state = (self.tr("已%1（%2）").replace("%1", self.tr("处理") if e.kind == DISMISSAL else self.tr("说明"))
                         .replace("%2", display(e.received_on)) if e.received_on
                         else self.tr("待%1（%2前）").replace("%1", what).replace("%2", display(e.due_on)))
                rows.append([e.section.name, e.rank or "—", e.person.name if e.person else self.tr("未定负责人"), state])
        elif rules is not None and rules.group is not None:
            for s in rules.bottom:
                chief = s.section.chief
                rows.append([s.section.name, s.rank, chief.name if chief else self.tr("未定负责人"),
                             self.tr("阶段性，结束评议后确定")])
        fill_table(self.explained, rows)  # fitted by the one rule: 说明情况 stretches (ui/columns.py)
        self.explained_box.setVisible(bool(rows))

    def _provisional_text(self, rules) -> str:
        """阶段性结果 of an open quarter: who is in the bottom three so far, who would be three
        times worst; no one is asked to explain until the quarter is closed."""
        text = (self.tr("阶段性结果（%1评议尚在进行中，结束评议后才确定，现在不作处理）：后三名 %2")
                .replace("%1", str(rules.period))
                .replace("%2", "、".join(s.section.name for s in rules.bottom) or self.tr("（无）")))
        for a in rules.alerts:
            text += "\n" + (self.tr("%1 至今连续%2次最差（结束评议时确定是否调离）")
                            .replace("%1", a.section.name).replace("%2", str(a.consecutive_worst)))
        return text

    def _fit_ranking_columns(self) -> None:
        """Figures right-aligned, the page's width shared among the columns (neither a lone 票数
        column a screen wide nor squashed columns beside a screen of blank)."""
        figures = [2, *range(3, self.table.columnCount())]
        for c in figures:
            for r in range(self.table.rowCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        fit_columns(self.table)

    def refresh(self) -> None:
        self._fill_periods()
        self.show_ranking()
        self.tallies.refresh()

    # -- the forms
    def enter_ballots(self) -> None:
        period = self.current_period()
        if period is None:
            return
        dialog = BallotEntryDialog(period, self.current_direction(), self)
        if self.run_dialog(dialog):
            self.show_change(self.tr("已录入评议表"))

    def add_group(self) -> None:
        period = self.current_period()
        if period is None:
            return
        dialog = GroupDialog(period, self.current_direction(), self)
        if self.run_dialog(dialog):
            group = dialog.result_value
            self.show_change(self.tr("已新建评议组 %1 · %2").replace("%1", group.direction).replace("%2", group.name))

    def print_sheets(self) -> None:
        period = self.current_period()
        if period is None:
            return
        dialog = PrintSheetsDialog(period, self.current_direction(), self)
        if self.run_dialog(dialog):
            self.show_change(dialog.message)

    def edit_group(self) -> None:
        period = self.current_period()
        if period is None:
            return
        dialog = GroupDialog(period, self.current_direction(), self, edit=True)
        if self.run_dialog(dialog):
            group = dialog.result_value
            self.show_change(self.tr("已修改评议组 %1 · %2").replace("%1", group.direction).replace("%2", group.name))

    def close_or_reopen(self) -> None:
        """结束评议 (asking first; before the quarter's last day the question says so) or 重新开启."""
        period = self.current_period()
        if period is None:
            return
        if period.status == CLOSED:
            question = self.tr("重新开启%1的评议？\n尚未说明的后三名说明和调离记录将撤回（再次结束评议时重新确定），"
                               "已收到的说明保留。").replace("%1", str(period))
            if self._ask(self.tr("重新开启评议"), question):
                ok, reopened = call_service(self, ratings.reopen_period, period, title=self.tr("重新开启评议"))
                if ok:
                    self.refresh()
                    self.show_change(ratings.reopened_text(period, reopened))
            return
        early = ratings.closes_early(period)
        end = ratings.period_end(period)
        question = (self.tr("%1到%2才结束。现在就提前结束评议吗？\n").replace("%1", str(period))
                    .replace("%2", f"{end.year}年{end.month}月{end.day}日") if early else "")
        question += self.tr("结束评议后，按基层评议组的得分确定后三名（科室负责人说明情况）和连续三次最差（调离），"
                            "并列入首页；之后不能再录入评议表。")
        if not self._ask(self.tr("结束评议"), question):
            return
        ok, made = call_service(self, ratings.close_period, period, early_ok=early, title=self.tr("结束评议"))
        if ok:
            self.refresh()
            self.show_change(self.tr("%1评议已结束：需说明情况或调离的 %2 项").replace("%1", str(period))
                             .replace("%2", str(len(made))))

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def show_explanations(self) -> None:
        """What the quarter's closing asked for, and the answers: recorded here."""
        period = self.current_period()
        if period is None:
            return
        explanations = ratings.explanations_of(period)
        self.run_dialog(ExplanationsDialog(period, explanations, self))

    def show_history(self) -> None:
        """The chosen row's section (else the first), in the direction shown."""
        row = self.table.currentRow()
        section_id = self.ranking[row].section.id if 0 <= row < len(self.ranking) else None
        self.run_dialog(SectionHistoryDialog(self, section_id, self.current_direction()))

    # -- settings
    def save_state(self, settings: QSettings) -> None:
        self.tallies.save_state(settings)
        settings.setValue(f"tabs/{self.key}/page", self.subtabs.currentIndex())

    def restore_state(self, settings: QSettings) -> None:
        self.tallies.restore_state(settings)
        page = settings.value(f"tabs/{self.key}/page")
        if page is not None:
            self.subtabs.setCurrentIndex(int(page))
