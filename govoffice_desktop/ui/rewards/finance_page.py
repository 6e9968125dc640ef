"""财务管理: the findings of the finance checks (登记、修改、删除) and the month's 财务结账 / 撤销结账.

Every figure and every refusal comes from services/rewards (finance.py); this only shows and collects."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from govoffice_desktop.models.rewards import CAT_FINANCE
from govoffice_desktop.services import rewards
from govoffice_desktop.ui.forms import RED, ServiceDialog, call_service, date_edit, date_of, em, guard, hint
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost
from govoffice_desktop.ui.month_picker import MonthPicker
from govoffice_desktop.ui.rewards.common import GREY, MoneyModel
from govoffice_desktop.ui.rewards_dialogs import money, money_edit, month_text
from govoffice_desktop.ui.supervision_dialogs import choose_data, limit_to, person_combo, section_combo


class FindingDialog(ServiceDialog):
    """登记财务检查 / 修改 → rewards.save_finding: the day, the rule, who answers (a person, or a
    section whose chief answers), the money involved, what was found."""

    def __init__(self, finding=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.finding = finding
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改财务检查") if finding else self.tr("登记财务检查"))
        self.found_on = date_edit(self, finding.found_on if finding else self.today)
        limit_to(self.found_on, self.today)
        self.rule = QComboBox(self)
        for code, name in rewards.finance_rules().items():
            amount = rewards.rule_amount(code, self.today)
            self.rule.addItem(self.tr("%1：%2 元").replace("%1", self.tr(name)).replace("%2", money(amount)), code)
        if finding:
            choose_data(self.rule, finding.rule)
        self.person = person_combo(self, finding.person if finding else None, blank=self.tr("（不写，由科室负责人承担）"))
        self.person.setMinimumWidth(em(self, 20))
        if finding is None:
            self.person.setCurrentIndex(0)
        self.section = section_combo(self, finding.section if finding else None, blank=self.tr("（随责任人）"))
        if finding is None:
            self.section.setCurrentIndex(0)
        self.amount_involved = money_edit(self, self.tr("元，可不填"), finding.amount_involved if finding else None)
        self.description = QLineEdit(finding.description if finding else "", self)
        self.description.setMaxLength(200)
        self.description.setPlaceholderText(self.tr("如：差旅费报销缺住宿发票"))
        self.description.setMinimumWidth(em(self, 28))
        form = QFormLayout()
        form.addRow(self.tr("检查日期 *"), self.found_on)
        form.addRow(self.tr("问题（规定）*"), self.rule)
        form.addRow(self.tr("责任人"), self.person)
        form.addRow(self.tr("责任科室"), self.section)
        form.addRow(self.tr("涉及金额"), self.amount_involved)
        form.addRow(self.tr("检查情况 *"), self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("责任人、责任科室至少写一项；只写科室的，由科室负责人承担。"
                                      "扣减在本月财务结账时按规定记入奖惩台账。"), self))
        layout.addWidget(self.buttons)

    def data(self) -> dict:
        return {"found_on": date_of(self.found_on), "rule": self.rule.currentData(),
                "person": self.person.currentData(), "section": self.section.currentData(),
                "amount_involved": self.amount_involved.text(), "description": self.description.text()}

    def submit(self):
        return rewards.save_finding(self.data(), self.finding, today=self.today)


class FindingModel(MoneyModel):
    money_keys = ("amount_involved", "posted")


class FindingList(ListTab):
    key = "rewards_finance"
    model_class = FindingModel

    def table_title(self):
        return self.tr("财务检查")

    def listing(self):
        return rewards.finding_listing()

    def search_hint(self):
        return self.tr("按问题、责任人、科室、扣减对象、检查情况筛选")


class FinancePage(QWidget):
    message = Signal(str)

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.findings = FindingList(self)
        self.findings.layout().setContentsMargins(0, 0, 0, 0)
        self.findings.status_message.connect(self.message)
        f = self.findings
        self.new_action = f.make_action(self.tr("登记检查…"), self.new_finding, permission="rewards.edit",
                                        tip=self.tr("登记一次财务检查发现的问题"))
        self.edit_action = f.make_action(self.tr("修改…"), self.edit_finding, self.tr("修改所选的检查（也可双击该行）"),
                                         permission="rewards.edit")
        self.delete_action = f.make_action(self.tr("删除…"), self.delete_finding, permission="rewards.edit",
                                           tip=self.tr("删除登记错了的检查（已结账月份的不能删除）"))
        f.view.horizontalHeader().setStretchLastSection(True)  # 检查情况, the text, takes the rest
        f.view.doubleClicked.connect(lambda _i: self.edit_action.trigger())
        f.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        f.model.modelReset.connect(self._update_actions)
        findings_box = QGroupBox(self.tr("财务检查"), self)
        f_layout = QVBoxLayout(findings_box)
        f.set_actions((self.new_action, self.edit_action, self.delete_action))
        f_layout.addWidget(f, 1)

        self.month = MonthPicker(self, "finance")
        self.month.month_changed.connect(lambda _y, _m: self.show_month())
        self.state = QLabel(self)
        self.state.setObjectName("finance_state")
        self.state.setWordWrap(True)
        self.close_button = guard(QPushButton(self.tr("财务结账…"), self), "rewards.edit")
        self.close_button.setToolTip(self.tr("本月的财务检查按奖惩规定记入奖惩台账"))
        self.reopen_button = guard(QPushButton(self.tr("撤销财务结账…"), self), "rewards.edit")
        self.close_button.clicked.connect(self.close_month)
        self.reopen_button.clicked.connect(self.reopen_month)
        closing_box = QGroupBox(self.tr("财务结账"), self)
        c_layout = QHBoxLayout(closing_box)
        c_layout.addWidget(QLabel(self.tr("月份："), closing_box))
        c_layout.addWidget(self.month)
        c_layout.addWidget(self.state, 1)
        c_layout.addWidget(self.close_button)
        c_layout.addWidget(self.reopen_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(closing_box)
        layout.addWidget(findings_box, 1)
        layout.addWidget(hint(self.tr("财务管理列奖惩规定之首：报销单据不合规、超预算支出、借款逾期未还等，"
                                      "每条检查按当日适用的规定扣减；月底结账时一次记入奖惩台账，"
                                      "奖金表定稿前可撤销结账更正。"), self))
        self.fill_months()
        self._update_actions()

    def fill_months(self) -> None:
        self.month.reload(self.tab.day())
        self.show_month()

    def period(self) -> tuple[int, int]:
        return self.month.month()

    def count_text(self) -> str:
        return self.findings.count_text()

    def show_month(self) -> None:
        if self.month.month() is None:
            return
        year, month = self.period()
        closed = rewards.domain_closed(CAT_FINANCE, year, month)
        final = rewards.month_is_final(year, month)
        count = len(rewards.findings_of(year, month))
        if closed:
            posted = rewards.finance_posted(year, month)
            total = sum((e.amount for e in posted), Decimal("0.00"))
            text = self.tr("已结账：%1 条检查，%2 条记入奖惩台账，合计 %3 元").replace("%1", str(count)) \
                .replace("%2", str(len(posted))).replace("%3", money(total))
            colour = GREY
        else:
            text = self.tr("未结账：本月 %1 条检查待记入奖惩台账").replace("%1", str(count))
            colour = RED if count else GREY
        if final:
            text += self.tr("（奖金表已定稿）")
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {colour};")
        self.close_button.setEnabled(not closed and not final)
        self.reopen_button.setEnabled(closed and not final)

    def _update_actions(self) -> None:
        chosen = self.findings.selected_row_id() is not None
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)

    def new_finding(self) -> None:
        dialog = FindingDialog(None, self, today=self.tab.day())
        if self.findings.run_dialog(dialog):
            self._saved(dialog.result_value, self.tr("已登记财务检查：%1"))

    def edit_finding(self) -> None:
        finding = rewards.finding_by_id(self.findings.selected_row_id())
        if finding is None:
            return
        dialog = FindingDialog(finding, self, today=self.tab.day())
        if self.findings.run_dialog(dialog):
            self._saved(dialog.result_value, self.tr("已修改财务检查：%1"))

    def _saved(self, finding, template: str) -> None:
        who = finding.person.name if finding.person_id else finding.section.name
        self.findings.show_change(template.replace("%1", f"{finding.found_on} {who}"), finding.id)
        self.show_month()

    def delete_finding(self) -> None:
        finding = rewards.finding_by_id(self.findings.selected_row_id())
        if finding is None:
            return
        question = self.tr("删除 %1 的这条财务检查？").replace("%1", finding.found_on.isoformat())
        if QMessageBox.question(self, self.tr("删除财务检查"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.delete_finding, finding, title=self.tr("不能删除"))
        if ok:
            self.findings.show_change(self.tr("已删除财务检查"))
            self.show_month()

    def close_month(self) -> None:
        year, month = self.period()
        ok, entries = call_service(self, rewards.finance_month_entries, year, month, title=self.tr("财务结账"))
        if not ok:
            return
        total = sum((e["amount"] for e in entries), Decimal("0.00"))
        question = self.tr("%1财务管理结账？本月的财务检查记入奖惩台账 %2 条，合计 %3 元。") \
            .replace("%1", month_text(year, month)).replace("%2", str(len(entries))).replace("%3", money(total))
        if QMessageBox.question(self, self.tr("财务结账"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, posted = call_service(self, rewards.close_finance_month, year, month, today=self.tab.day(),
                                  title=self.tr("财务结账"))
        if ok:
            self.message.emit(self.tr("%1财务管理已结账，%2 条记入奖惩台账").replace("%1", month_text(year, month))
                              .replace("%2", str(len(posted))))
            self.show_month()

    def reopen_month(self) -> None:
        year, month = self.period()
        if QMessageBox.question(self, self.tr("撤销财务结账"),
                                self.tr("撤销%1的财务管理结账？已记入奖惩台账的扣减将一并撤回。")
                                .replace("%1", month_text(year, month))) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.reopen_finance_month, year, month, title=self.tr("撤销财务结账"))
        if ok:
            self.message.emit(self.tr("%1财务管理已撤销结账").replace("%1", month_text(year, month)))
            self.show_month()

    def refresh(self) -> None:
        self.fill_months()
        self.findings.refresh()
