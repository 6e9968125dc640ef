"""月度考核与专报: the month's ranking (月度得分 by 汇总 or 日均分, as set here) and the numbered
考核督查专报 (编发, 更正, print, PDF, Excel: an issued one as issued)."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from govoffice_desktop.reports.supervision import export_monthly_report, monthly_report
from govoffice_desktop.services import supervision
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.forms import export_document
from govoffice_desktop.ui.page import PageHost, counted, rows_text
from govoffice_desktop.ui.supervision.common import GREEN, change_text, month_text, points_text
from govoffice_desktop.ui.month_picker import MonthPicker
from govoffice_desktop.ui.supervision_dialogs import SupervisionMonthDialog
from govoffice_desktop.ui.forms import (guard, RED, call_service, em, fill_table, hint, read_only_table,
                                        select_id)


class MonthPage(QWidget):
    """The ranking of a month and its 考核督查专报: the summary, 编发 with its 第N期, print, PDF, Excel."""

    message = Signal(str)

    HEADERS = ("名次", "科室", "月度得分", "较上月", "督查天数", "扣分", "加分", "未达标项次")

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.ranking: list = []
        self.month_picker = MonthPicker(self, "supervision")
        self.month_picker.changed.connect(self.show_month)
        self.preview_button = QPushButton(self.tr("打印预览…"), self)
        self.pdf_button = QPushButton(self.tr("存为PDF…"), self)
        self.xlsx_button = QPushButton(self.tr("导出Excel…"), self)
        self.preview_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(self.save_report_pdf)
        self.xlsx_button.clicked.connect(self.export_report_xlsx)
        self.close_state = QLabel(self)
        self.close_state.setObjectName("close_state")
        self.close_button = QPushButton(self.tr("督查结账…"), self)
        guard(self.close_button, "supervision.close")
        self.close_button.setToolTip(self.tr("本月督查的扣分、加分和逾期督办事项按奖惩规定记入奖惩台账；也可在此撤销结账"))
        self.close_button.clicked.connect(self.close_month)
        self.method_combo = QComboBox(self)
        self.method_combo.setObjectName("method")
        for code, label in supervision.MONTH_SCORE_LABELS.items():
            self.method_combo.addItem(self.tr(label), code)
        guard(self.method_combo, "supervision.edit")
        self.method_combo.setToolTip(self.tr("汇总扣分：100 − 本月扣分 + 本月加分（默认）；日均分：各督查日得分的平均数。"
                                             "已编发的专报保持编发时的算法和数字"))
        self.method_combo.activated.connect(lambda _i: self.set_method())
        self.issue_combo = QComboBox(self)
        self.issue_combo.setObjectName("issue_choice")
        self.issue_combo.setToolTip(self.tr("打印、存为PDF和导出哪一期（已编发的按编发时的数字）"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份："), self))
        top.addWidget(self.month_picker)
        top.addSpacing(em(self, 1))
        top.addWidget(self.close_state)
        top.addWidget(self.close_button)
        top.addSpacing(em(self, 1))
        top.addWidget(QLabel(self.tr("月度得分："), self))
        top.addWidget(self.method_combo)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("考核督查专报："), self))
        top.addWidget(self.issue_combo)
        top.addWidget(self.preview_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)

        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=None)
        self.table.setObjectName("ranking")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = hint("", self)
        ranking_box = QGroupBox(self.tr("科室月度得分排名"), self)
        ranking_layout = QVBoxLayout(ranking_box)
        ranking_layout.addWidget(self.table, 1)
        ranking_layout.addWidget(self.note)

        report_box = QGroupBox(self.tr("考核督查专报"), self)
        self.issue = QLabel(report_box)
        self.issue.setObjectName("issue")
        self.issue.setWordWrap(True)
        self.summary = QPlainTextEdit(report_box)
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.draft_button = QPushButton(self.tr("按本月数据重拟"), report_box)
        guard(self.draft_button, "supervision.edit")
        self.draft_button.setToolTip(self.tr("用本月督查数据重新起草综述（替换编辑框中的文字）"))
        self.draft_button.clicked.connect(self.redraft)
        self.compile_button = QPushButton(self.tr("编发专报…"), report_box)
        guard(self.compile_button, "supervision.edit")
        self.compile_button.setToolTip(self.tr("以编辑框中的综述编发本月专报，编为第N期，数字随专报保存；"
                                               "已编发的不再改动，数字或综述变了则编发更正（新的期号）"))
        self.compile_button.clicked.connect(self.compile)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.compile_button)
        report_layout = QVBoxLayout(report_box)
        report_layout.addWidget(self.issue)
        report_layout.addWidget(QLabel(self.tr("综述："), report_box))
        report_layout.addWidget(self.summary, 1)
        report_layout.addLayout(buttons)
        report_layout.addWidget(hint(self.tr("专报包括综述、科室排名及名次变化、主要扣分情况、督办事项办结和逾期情况、"
                                             "“四无”活动，登记收文的还有文电办理情况。月份过完后才能编发；编发后重印仍是编发时的数字。"), report_box))

        body = QHBoxLayout()
        body.addWidget(ranking_box, 1)
        body.addWidget(report_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        # filled when first shown (the tab asks, SupervisionTab._page_changed): nothing is read before

    def fill_months(self) -> None:
        self.month_picker.reload(self.tab.day())
        self.show_month()

    def period(self) -> tuple[int, int] | None:
        return self.month_picker.month()

    def count_text(self) -> str:
        """The month's ranking: one line per section."""
        return rows_text(self.table.rowCount())

    def show_month(self, year: int | None = None, month: int | None = None, select: int | None = None) -> None:
        if year is not None:
            if (year, month) != self.period():
                self.month_picker.blockSignals(True)
                self.month_picker.set_month(year, month)
                self.month_picker.blockSignals(False)
        period = self.period()
        for widget in (self.preview_button, self.pdf_button, self.xlsx_button, self.compile_button,
                       self.draft_button, self.summary, self.close_button, self.issue_combo):
            widget.setEnabled(period is not None)
        self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(supervision.month_score_method())))
        self._show_close_state()
        if period is None:
            self.ranking = []
            self.table.setRowCount(0)
            self.issue.setText(self.tr("还没有督查记录。"))
            self.summary.clear()
            self.note.setText("")
            counted()
            return
        self.ranking = supervision.month_scores(*period)
        rows = [(s.rank, s.section.name, str(s.score), change_text(s.change), s.days, points_text(s.deductions),
                 points_text(s.bonus), s.missed) for s in self.ranking]
        last_rank = self.ranking[-1].rank if self.ranking else None
        fill_table(self.table, rows, [s.section.id for s in self.ranking],
                   red_rows=[i for i, s in enumerate(self.ranking) if s.rank == last_rank and last_rank != 1])
        counted()
        for r, s in enumerate(self.ranking):
            for c in (0, 2, 3, 4, 5, 6, 7):
                self.table.item(r, c).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            change = self.table.item(r, 3)
            if s.change:
                change.setForeground(QBrush(QColor(GREEN if s.change > 0 else RED)))
            if s.score_change is not None:
                change.setToolTip(self.tr("上月第 %1 名，%2 分").replace("%1", str(s.previous_rank))
                                  .replace("%2", points_text(s.previous_score)))
        fit_columns(self.table)
        if select is not None:
            select_id(self.table, select)
        self.note.setText(self.tr(supervision.MONTH_SCORE_RULES[supervision.month_score_method()])
                          + self.tr("得分相同名次并列。较上月：名次升（↑）降（↓）。红色为本月最后一名。"))
        issues = supervision.issues_of(*period)
        self.issue_combo.clear()
        for report in reversed(issues):
            label = self.tr("第%1期").replace("%1", str(report.number))
            if report.corrects:
                label += self.tr("（更正第%1期）").replace("%1", str(report.corrects))
            self.issue_combo.addItem(label, report.number)
        if not issues:
            self.issue_combo.addItem(self.tr("未编发（按现有数据）"), None)
        if issues:
            lines = []
            for report in issues:
                line = self.tr("<b>第%1期</b>　%2 编发　编发人：%3").replace("%1", str(report.number)) \
                    .replace("%2", report.compiled_on.isoformat()).replace("%3", report.compiled_by or "—")
                if report.corrects:
                    line += self.tr("　更正第%1期").replace("%1", str(report.corrects))
                lines.append(line)
            if supervision.report_differs(*period):
                lines.append(self.tr('<span style="color:%1">现有数据与第%2期不同（编发后有改动）：如需更正，请编发更正'
                                     '（新的期号），已编发的各期保持原样。</span>').replace("%1", RED)
                             .replace("%2", str(issues[-1].number)))
            self.issue.setText("<br/>".join(lines))
            self.summary.setPlainText(issues[-1].summary)
            self.compile_button.setText(self.tr("编发更正…"))
        else:
            self.issue.setText(self.tr("%1的专报尚未编发（下面是按本月数据起草的综述）。").replace("%1", month_text(*period)))
            self.summary.setPlainText(supervision.default_summary(*period))
            self.compile_button.setText(self.tr("编发专报…"))

    def _show_close_state(self) -> None:
        """督查奖惩 of the month: 未结账, 已结账 (in the reward/penalty ledger) or 奖金表已定稿."""
        period = self.period()
        if period is None:
            self.close_state.setText("")
            return
        closed, final = supervision.supervision_month_state(*period)
        text = (self.tr("督查奖惩：奖金表已定稿") if final else
                self.tr("督查奖惩：已结账") if closed else self.tr("督查奖惩：未结账"))
        self.close_state.setText(text)
        self.close_state.setStyleSheet(f"color: {GREEN if closed or final else RED};")

    def set_method(self) -> None:
        """月度得分：汇总扣分 / 日均分, for every month's ranking from now on."""
        method = self.method_combo.currentData()
        if method == supervision.month_score_method():
            return
        ok, _ = call_service(self, supervision.set_month_score_method, method, title=self.tr("月度得分"))
        if ok:
            self.message.emit(self.tr("月度得分改为按“%1”计算").replace("%1", self.method_combo.currentText()))
        self.show_month()

    def close_month(self) -> None:
        """结账 / 撤销结账 of the month shown, in its dialog (like 车辆油耗's 月度奖惩)."""
        period = self.period()
        if period is None:
            return
        dialog = SupervisionMonthDialog(*period, self, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            self._show_close_state()
            self.message.emit(dialog.message or self.tr("督查奖惩已更新"))

    def redraft(self) -> None:
        period = self.period()
        if period is not None:
            self.summary.setPlainText(supervision.default_summary(*period))

    def compile(self) -> None:
        period = self.period()
        if period is None:
            return
        report = supervision.report_of(*period)
        question = (self.tr("编发%1考核督查专报的更正？更正编为本年度的下一期，注明更正第%2期；第%2期保持原样。")
                    .replace("%2", str(report.number)) if report
                    else self.tr("编发%1的考核督查专报？编发后编为本年度的下一期，数字随专报保存。")).replace(
            "%1", month_text(*period))
        if QMessageBox.question(self, self.tr("编发专报"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, report = call_service(self, supervision.compile_report, *period, self.summary.toPlainText(),
                                  today=self.tab.day(), title=self.tr("编发专报"))
        if ok:
            self.show_month()
            self.message.emit(self.tr("已编发%1考核督查专报（第%2期）").replace("%1", month_text(*period))
                              .replace("%2", str(report.number)))

    # -- the printed report: reports/supervision.py lays it out, ui/printing.py prints it
    def _document(self):

        period = self.period()
        return monthly_report(*period, issue=self.issue_combo.currentData()) if period else None

    def report_title(self) -> str:
        period = self.period()
        if not period:
            return ""
        number = self.issue_combo.currentData()
        return (self.tr("考核督查专报（%1）").replace("%1", month_text(*period))
                + (self.tr("第%1期").replace("%1", str(number)) if number else ""))

    def print_report(self) -> None:
        printing.build_and_show(self, self._document, self.report_title())

    def save_report_pdf(self) -> None:
        printing.build_and_show(self, self._document, self.report_title(), pdf=True, said=self.message.emit)

    def export_report_xlsx(self) -> None:

        period = self.period()
        if period is None:
            return
        done = export_document(self, self.report_title(),
                               partial(export_monthly_report, issue=self.issue_combo.currentData()), *period)
        if done:
            self.message.emit(self.tr("已导出到 %1").replace("%1", done[0]))

    def refresh(self) -> None:
        self.fill_months()

    def reload(self) -> None:
        """Read again (after a write, or shown again), keeping a summary being typed for a month not
        yet 编发 (its document modified) when the same month is still shown."""
        typed = (self.period(), self.summary.toPlainText()) if self.summary.document().isModified() else None
        self.fill_months()
        if typed is not None and self.period() == typed[0] and self.summary.isEnabled():
            self.summary.setPlainText(typed[1])
            self.summary.document().setModified(True)
