"""出差值勤: the standards and the claims."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QMessageBox, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from govoffice_desktop.services import rewards
from govoffice_desktop.ui.forms import (call_service, fill_table, guard, hint, read_only_table, select_id,
                                        selected_id)
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost
from govoffice_desktop.ui.rewards.common import MoneyModel
from govoffice_desktop.ui.rewards_dialogs import ClaimDialog, StandardDialog, align_money, money


class ClaimModel(MoneyModel):
    money_keys = ("accommodation", "meals", "transport", "allowed", "over")

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
               QT_TRANSLATE_NOOP("TravelPage", "住宿费（元/晚）"), QT_TRANSLATE_NOOP("TravelPage", "伙食补助（元/天）"),
               QT_TRANSLATE_NOOP("TravelPage", "交通费（元/次）"), QT_TRANSLATE_NOOP("TravelPage", "执行日期"))

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
        s_buttons.addWidget(hint(self.tr("按地区类别和职级档次；新标准自执行日期起适用。交通费空白为据实报销。"),
                                 standards_box), 1)
        s_buttons.addWidget(self.new_standard_button)
        s_buttons.addWidget(self.edit_standard_button)
        s_buttons.addWidget(self.delete_standard_button)
        s_layout.addLayout(s_buttons)

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
        c_layout.addLayout(c.action_bar((self.new_action, self.edit_action, self.delete_action, None)))
        c_layout.addWidget(c, 1)
        c_layout.addWidget(hint(self.tr("红色为超标准的报销；超标准部分按奖惩规定从报销人奖金中扣减，"
                                        "修改报销后重新计算。"), claims_box))
        c.view.doubleClicked.connect(lambda _i: self.edit_action.trigger())  # via the action
        c.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        c.model.modelReset.connect(self._update_actions)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(standards_box)
        self.splitter.addWidget(claims_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter, 1)
        self.fill_standards()
        self._update_actions()

    def fill_standards(self) -> None:
        chosen = selected_id(self.standards_table)
        self.standard_rows = rewards.standards()
        fill_table(self.standards_table, [(s.destination_class, self.tr(s.rank_group), money(s.accommodation),
                                           money(s.meals), money(s.transport) if s.transport is not None
                                           else self.tr("据实"), s.effective_from) for s in self.standard_rows],
                   [s.id for s in self.standard_rows])
        align_money(self.standards_table, (2, 3, 4))
        if chosen is not None:
            select_id(self.standards_table, chosen)

    def _update_actions(self) -> None:
        chosen = self.claims.selected_row_id() is not None
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)

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

    def _claim_saved(self, claim, template: str) -> None:
        if claim.over > 0:
            posted = [e for e in rewards.entries_of(claim.person, claim.claimed_on.year, claim.claimed_on.month)
                      if e.source_table == rewards.CLAIM_SOURCE and e.source_id == claim.id]
            extra = self.tr("；超标准 %1 元").replace("%1", money(claim.over))
            if posted:
                extra += self.tr("，扣减奖金 %1 元").replace("%1", money(-posted[0].amount))
        else:
            extra = self.tr("；在标准内")
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
        self.claims.refresh()
