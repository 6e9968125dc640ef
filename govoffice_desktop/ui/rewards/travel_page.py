"""出差值勤: the standards, the 出差审批 and the claims."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QMessageBox,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from govoffice_desktop.services import rewards
from govoffice_desktop.ui.forms import (ServiceDialog, call_service, date_edit, date_of, em, fill_table, guard, hint,
                                        read_only_table, select_id, selected_id, span_row)
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost, counts_text
from govoffice_desktop.ui.rewards.common import MoneyModel
from govoffice_desktop.ui.rewards_dialogs import ClaimDialog, StandardDialog, align_money, money
from govoffice_desktop.ui.supervision_dialogs import limit_to, person_combo


class ApprovalDialog(ServiceDialog):
    """出差审批 / 修改 → rewards.save_approval: who, where and its class, the dates, the purpose, who
    approved it and when (before the trip)."""

    def __init__(self, approval=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.approval = approval
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改出差审批") if approval else self.tr("出差审批"))
        self.person = person_combo(self, approval.person if approval else None)
        if approval is None:
            self.person.setCurrentIndex(-1)
        self.destination = QLineEdit(approval.destination if approval else "", self)
        self.destination.setMaxLength(60)
        self.destination.setPlaceholderText(self.tr("如：徐州"))
        self.destination_class = QComboBox(self)
        self.destination_class.addItems(rewards.destination_classes())
        self.destination_class.setMinimumWidth(em(self, 16))
        if approval is not None:
            self.destination_class.setCurrentText(approval.destination_class)
        self.start_on = date_edit(self, approval.start_on if approval else self.today)
        self.end_on = date_edit(self, approval.end_on if approval else self.today)
        self.purpose = QLineEdit(approval.purpose if approval else "", self)
        self.purpose.setMaxLength(200)
        self.purpose.setMinimumWidth(em(self, 26))
        self.purpose.setPlaceholderText(self.tr("如：参加全省政府办公室工作会议"))
        self.approved_by = QLineEdit(approval.approved_by if approval else "", self)
        self.approved_by.setMaxLength(30)
        self.approved_by.setPlaceholderText(self.tr("如：办公室主任 刘××"))
        self.approved_on = date_edit(self, approval.approved_on if approval else self.today)
        limit_to(self.approved_on, self.today)
        dates = span_row(self, self.start_on, self.end_on)
        form = QFormLayout()
        form.addRow(self.tr("出差人 *"), self.person)
        form.addRow(self.tr("出差地点 *"), self.destination)
        form.addRow(self.tr("地区类别 *"), self.destination_class)
        form.addRow(self.tr("起止日期 *"), dates)
        form.addRow(self.tr("出差事由 *"), self.purpose)
        form.addRow(self.tr("审批人 *"), self.approved_by)
        form.addRow(self.tr("审批日期 *"), self.approved_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("出差应事前审批：审批日期不晚于出发日期。报销时按审批核对日期和地点，"
                                      "已报销的审批不能修改、删除。"), self))
        layout.addWidget(self.buttons)

    def data(self) -> dict:
        return {"person": self.person.currentData(), "destination": self.destination.text(),
                "destination_class": self.destination_class.currentText(), "start_on": date_of(self.start_on),
                "end_on": date_of(self.end_on), "purpose": self.purpose.text(),
                "approved_by": self.approved_by.text(), "approved_on": date_of(self.approved_on)}

    def submit(self):
        return rewards.save_approval(self.data(), self.approval, today=self.today)


class ApprovalList(ListTab):
    key = "rewards_approvals"

    def table_title(self):
        return self.tr("出差审批")

    def listing(self):
        return rewards.approval_listing()

    def search_hint(self):
        return self.tr("按出差人、地点、地区类别、事由、审批人筛选")


class ClaimModel(MoneyModel):
    money_keys = ("accommodation", "meals", "city_transport", "transport", "allowed", "over")

    def red(self, values):
        over = values[self.listing.keys.index("over")]
        return isinstance(over, Decimal) and over > 0


class ClaimList(ListTab):
    key = "rewards_claims"
    model_class = ClaimModel

    def table_title(self):
        return self.tr("出差值勤报销")

    def listing(self):
        return rewards.claim_listing()

    def search_hint(self):
        return self.tr("按报销人、类别、地点、地区类别、事由筛选")


class TravelPage(QWidget):
    message = Signal(str)

    HEADERS = (QT_TRANSLATE_NOOP("TravelPage", "地区类别"), QT_TRANSLATE_NOOP("TravelPage", "职级档次"),
               QT_TRANSLATE_NOOP("TravelPage", "住宿费（元/晚）"), QT_TRANSLATE_NOOP("TravelPage", "伙食补助费（元/天）"),
               QT_TRANSLATE_NOOP("TravelPage", "市内交通费（元/天）"), QT_TRANSLATE_NOOP("TravelPage", "城市间交通（元/次）"),
               QT_TRANSLATE_NOOP("TravelPage", "执行日期"))

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.standard_rows: list = []
        self.standards_table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=0)
        self.standards_table.setObjectName("standards")
        self.standards_table.itemDoubleClicked.connect(lambda _i: self.edit_standard())
        self.new_standard_button = QPushButton(self.tr("新增标准…"), self)
        guard(self.new_standard_button, "rewards.rules")
        self.edit_standard_button = QPushButton(self.tr("修改…"), self)
        guard(self.edit_standard_button, "rewards.rules")
        self.delete_standard_button = QPushButton(self.tr("删除…"), self)
        guard(self.delete_standard_button, "rewards.rules")
        self.new_standard_button.clicked.connect(self.new_standard)
        self.edit_standard_button.clicked.connect(self.edit_standard)
        self.delete_standard_button.clicked.connect(self.delete_standard)
        standards_box = QGroupBox(self.tr("出差值勤标准"), self)
        s_layout = QVBoxLayout(standards_box)
        s_layout.addWidget(self.standards_table, 1)
        s_buttons = QHBoxLayout()
        s_buttons.addWidget(hint(self.tr("住宿费按地区类别和职级档次封顶；伙食补助费、市内交通费按天包干；"
                                         "新标准自执行日期起适用。城市间交通空白为凭票据实报销。"), standards_box), 1)
        s_buttons.addWidget(self.new_standard_button)
        s_buttons.addWidget(self.edit_standard_button)
        s_buttons.addWidget(self.delete_standard_button)
        s_layout.addLayout(s_buttons)

        self.approvals = ApprovalList(self)
        self.approvals.layout().setContentsMargins(0, 0, 0, 0)
        self.approvals.status_message.connect(self.message)
        ap = self.approvals
        self.new_approval_action = ap.make_action(self.tr("出差审批…"), self.new_approval, permission="rewards.edit",
                                                  tip=self.tr("登记一次出差的审批：出差人、地点、日期、事由、审批人"))
        self.edit_approval_action = ap.make_action(self.tr("修改…"), self.edit_approval,
                                                   self.tr("修改所选的审批（也可双击该行）"), permission="rewards.edit")
        self.delete_approval_action = ap.make_action(self.tr("删除…"), self.delete_approval, permission="rewards.edit",
                                                     tip=self.tr("删除登记错了的审批（已报销的不能删除）"))
        approvals_box = QGroupBox(self.tr("出差审批"), self)
        a_layout = QVBoxLayout(approvals_box)
        ap.set_actions((self.new_approval_action, self.edit_approval_action, self.delete_approval_action))
        a_layout.addWidget(ap, 1)
        ap.view.doubleClicked.connect(lambda _i: self.edit_approval_action.trigger())
        ap.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        ap.model.modelReset.connect(self._update_actions)

        self.claims = ClaimList(self)
        self.claims.layout().setContentsMargins(0, 0, 0, 0)
        self.claims.status_message.connect(self.message)
        c = self.claims
        self.new_action = c.make_action(self.tr("报销登记…"), self.new_claim, permission="rewards.edit", tip=
                                        self.tr("登记一次出差或值勤报销，按标准核对"))
        self.edit_action = c.make_action(self.tr("修改…"), self.edit_claim, self.tr("修改所选的报销（也可双击该行）"),
                                         permission="rewards.edit")
        self.delete_action = c.make_action(self.tr("删除…"), self.delete_claim, permission="rewards.edit", tip=
                                           self.tr("删除所选的报销及其超标准扣减"))
        claims_box = QGroupBox(self.tr("出差值勤报销"), self)
        c_layout = QVBoxLayout(claims_box)
        c.set_actions((self.new_action, self.edit_action, self.delete_action))
        c_layout.addWidget(c, 1)
        c_layout.addWidget(hint(self.tr("出差报销须有审批。红色为超标准的报销：超出部分不予报销，并按奖惩规定扣减报销人奖金；"
                                        "修改报销后重新计算。"), claims_box))
        c.view.doubleClicked.connect(lambda _i: self.edit_action.trigger())  # via the action
        c.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        c.model.modelReset.connect(self._update_actions)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(standards_box)
        self.splitter.addWidget(approvals_box)
        self.splitter.addWidget(claims_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter, 1)
        self.fill_standards()
        self._update_actions()

    def fill_standards(self) -> None:
        chosen = selected_id(self.standards_table)
        self.standard_rows = rewards.standards()
        fill_table(self.standards_table, [(s.destination_class, self.tr(s.rank_group), money(s.accommodation),
                                           money(s.meals), money(s.city_transport),
                                           money(s.transport) if s.transport is not None else self.tr("据实"),
                                           s.effective_from) for s in self.standard_rows],
                   [s.id for s in self.standard_rows])
        align_money(self.standards_table, (2, 3, 4, 5))
        if chosen is not None:
            select_id(self.standards_table, chosen)

    def count_text(self) -> str:
        return counts_text([(self.tr("出差审批"), self.approvals.count_text()),
                            (self.tr("出差值勤报销"), self.claims.count_text())])

    def _update_actions(self) -> None:
        chosen = self.claims.selected_row_id() is not None
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)
        approval = self.approvals.selected_row_id() is not None
        self.edit_approval_action.setEnabled(approval)
        self.delete_approval_action.setEnabled(approval)

    def _standard_changed(self, message: str) -> None:
        self.message.emit(message)  # the change bus has shown the write

    def new_standard(self) -> None:
        if self.tab.run_dialog(StandardDialog(None, self, today=self.tab.day())):
            self._standard_changed(self.tr("已新增出差值勤标准"))

    def edit_standard(self) -> None:
        sid = selected_id(self.standards_table)
        standard = next((s for s in self.standard_rows if s.id == sid), None)
        if standard is not None and self.tab.run_dialog(StandardDialog(standard, self, today=self.tab.day())):
            self._standard_changed(self.tr("已修改出差值勤标准"))

    def delete_standard(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        sid = selected_id(self.standards_table)
        standard = next((s for s in self.standard_rows if s.id == sid), None)
        if standard is None:
            return
        if QMessageBox.question(self, self.tr("删除标准"), self.tr("删除 %1·%2（%3 起执行）这条标准？")
                                .replace("%1", standard.destination_class).replace("%2", standard.rank_group)
                                .replace("%3", standard.effective_from.isoformat())) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.delete_standard, standard, title=self.tr("不能删除"))
        if ok:
            self._standard_changed(self.tr("已删除出差值勤标准"))

    def new_approval(self) -> None:
        dialog = ApprovalDialog(None, self, today=self.tab.day())
        if self.approvals.run_dialog(dialog):
            a = dialog.result_value
            self.approvals.show_change(self.tr("已登记 %1 的出差审批").replace("%1", a.person.name), a.id)

    def edit_approval(self) -> None:
        approval = rewards.approval_by_id(self.approvals.selected_row_id())
        if approval is None:
            return
        dialog = ApprovalDialog(approval, self, today=self.tab.day())
        if self.approvals.run_dialog(dialog):
            self.approvals.show_change(self.tr("已修改 %1 的出差审批").replace("%1", approval.person.name), approval.id)

    def delete_approval(self) -> None:
        approval = rewards.approval_by_id(self.approvals.selected_row_id())
        if approval is None:
            return
        question = self.tr("删除 %1 %2 起去%3的出差审批？").replace("%1", approval.person.name) \
            .replace("%2", approval.start_on.isoformat()).replace("%3", approval.destination)
        if QMessageBox.question(self, self.tr("删除出差审批"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.delete_approval, approval, title=self.tr("不能删除"))
        if ok:
            self.approvals.show_change(self.tr("已删除 %1 的出差审批").replace("%1", approval.person.name))

    def _claim_saved(self, claim, template: str) -> None:
        if claim.over > 0:
            posted = [e for e in rewards.entries_of(claim.person, claim.claimed_on.year, claim.claimed_on.month)
                      if e.source_table == rewards.CLAIM_SOURCE and e.source_id == claim.id]
            extra = self.tr("；超标准 %1 元不予报销").replace("%1", money(claim.over))
            if posted:
                extra += self.tr("，扣减奖金 %1 元").replace("%1", money(-posted[0].amount))
        else:
            extra = self.tr("；在标准内")
        extra += self.tr("，核准报销 %1 元").replace("%1", money(claim.allowed))
        self.claims.show_change(template.replace("%1", claim.person.name) + extra, claim.id)

    def new_claim(self) -> None:
        dialog = ClaimDialog(None, self, today=self.tab.day())
        if self.claims.run_dialog(dialog):
            self._claim_saved(dialog.result_value, self.tr("已登记 %1 的报销"))

    def edit_claim(self) -> None:
        claim = rewards.claim_by_id(self.claims.selected_row_id())
        if claim is None:
            return
        dialog = ClaimDialog(claim, self, today=self.tab.day())
        if self.claims.run_dialog(dialog):
            self._claim_saved(dialog.result_value, self.tr("已修改 %1 的报销"))

    def delete_claim(self) -> None:
        claim = rewards.claim_by_id(self.claims.selected_row_id())
        if claim is None:
            return
        question = self.tr("删除 %1 %2 起的%3报销？其超标准扣减一并删除。").replace("%1", claim.person.name) \
            .replace("%2", claim.start_on.isoformat()).replace("%3", self.tr(claim.kind))
        if QMessageBox.question(self, self.tr("删除报销"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.delete_claim, claim, title=self.tr("不能删除"))
        if ok:
            self.claims.show_change(self.tr("已删除 %1 的报销").replace("%1", claim.person.name))

    def refresh(self) -> None:
        self.fill_standards()
        self.approvals.refresh()
        self.claims.refresh()
