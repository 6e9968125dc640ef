"""奖惩规定: the rules by date, and the bonus bases."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QMessageBox, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from govoffice_desktop.services import rewards
from govoffice_desktop.ui.forms import (set_enabled, em, fill_table, guard, hint, read_only_table, select_id,
                                        selected_id)
from govoffice_desktop.ui.page import PageHost, counted, counts_text, rows_text
from govoffice_desktop.ui.rewards.common import GREY
from govoffice_desktop.ui.rewards_dialogs import BaseDialog, RuleDialog, align_money, money, paint_red


class RulesPage(QWidget):
    message = Signal(str)

    HEADERS = (QT_TRANSLATE_NOOP("RulesPage", "类别"), QT_TRANSLATE_NOOP("RulesPage", "规定"),
               QT_TRANSLATE_NOOP("RulesPage", "金额（元）"), QT_TRANSLATE_NOOP("RulesPage", "单位"),
               QT_TRANSLATE_NOOP("RulesPage", "执行日期"), QT_TRANSLATE_NOOP("RulesPage", "历次调整"),
               QT_TRANSLATE_NOOP("RulesPage", "说明"))
    BASE_HEADERS = (QT_TRANSLATE_NOOP("RulesPage", "职务或职级"), QT_TRANSLATE_NOOP("RulesPage", "月基数（元）"),
                    QT_TRANSLATE_NOOP("RulesPage", "执行日期"), QT_TRANSLATE_NOOP("RulesPage", "现行"))

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.rows: list[rewards.RuleRow] = []
        self.base_rows: list = []
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=1)
        self.table.setObjectName("rules")
        self.table.itemDoubleClicked.connect(lambda _item: self.edit_rule())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.edit_button = QPushButton(self.tr("修改…"), self)
        guard(self.edit_button, "rewards.rules")
        self.edit_button.setToolTip(self.tr("自某日起执行新金额（也可双击该行）"))
        self.edit_button.clicked.connect(self.edit_rule)
        rules_box = QGroupBox(self.tr("奖惩规定"), self)
        rules_layout = QVBoxLayout(rules_box)
        rules_layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(hint(self.tr("金额为当前执行的；奖励为正、扣款为负，0 表示不执行。改动自执行日期起适用，"
                                      "之前的月份不变。灰色的文印规定在“文印管理 → 标准”中修改。"), rules_box), 1)
        bottom.addWidget(self.edit_button)
        rules_layout.addLayout(bottom)

        self.bases_table = read_only_table(self, [self.tr(h) for h in self.BASE_HEADERS], stretch=0)
        self.bases_table.setObjectName("bases")
        self.bases_table.itemDoubleClicked.connect(lambda _item: self.edit_base())
        self.new_base_button = QPushButton(self.tr("新增…"), self)
        guard(self.new_base_button, "rewards.rules")
        self.edit_base_button = QPushButton(self.tr("调整…"), self)
        guard(self.edit_base_button, "rewards.rules")
        self.edit_base_button.setToolTip(self.tr("所选职务或职级自某日起的新基数（也可双击该行）"))
        self.new_base_button.clicked.connect(self.new_base)
        self.edit_base_button.clicked.connect(self.edit_base)
        bases_box = QGroupBox(self.tr("奖金基数"), self)
        bases_layout = QVBoxLayout(bases_box)
        bases_layout.addWidget(self.bases_table, 1)
        base_buttons = QHBoxLayout()
        base_buttons.addStretch(1)
        base_buttons.addWidget(self.new_base_button)
        base_buttons.addWidget(self.edit_base_button)
        bases_layout.addLayout(base_buttons)
        bases_layout.addWidget(hint(self.tr("每人按职务找基数，没有再按职级，打字员、驾驶员按岗位。"), bases_box))
        bases_box.setMinimumWidth(em(self, 26))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(rules_box)
        self.splitter.addWidget(bases_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter, 1)
        self.refresh()

    def refresh(self) -> None:
        today = self.tab.day()
        chosen = selected_id(self.table)
        self.rows = rewards.rule_table(today)
        fill_table(self.table, [(self.tr(r.category), self.tr(r.name), money(r.amount), self.tr(r.unit),
                                 r.effective_from.isoformat() if r.effective_from else self.tr("默认"),
                                 "；".join(f"{d} 起 {money(a)}" for d, a in r.history),
                                 self.tr(r.note)) for r in self.rows], [r.code for r in self.rows])
        align_money(self.table, (2,))
        for i, r in enumerate(self.rows):
            if not r.editable:
                for c in range(self.table.columnCount()):
                    self.table.item(i, c).setForeground(QBrush(QColor(GREY)))
            elif r.amount < 0 and r.code not in rewards.NON_NEGATIVE:
                paint_red(self.table, i, (2,))
        if chosen is not None:
            select_id(self.table, chosen)
        current = {b.id for b in rewards.bases(today)}
        self.base_rows = rewards.bases()
        chosen_base = selected_id(self.bases_table)
        fill_table(self.bases_table, [(b.post_or_rank, money(b.amount), b.effective_from,
                                       self.tr("✓") if b.id in current else "") for b in self.base_rows],
                   [b.id for b in self.base_rows])
        align_money(self.bases_table, (1,))
        if chosen_base is not None:
            select_id(self.bases_table, chosen_base)
        self._update_buttons()
        counted()

    def count_text(self) -> str:
        return counts_text([(self.tr("奖惩规定"), rows_text(self.table.rowCount())),
                            (self.tr("奖金基数"), rows_text(self.bases_table.rowCount()))])

    def _update_buttons(self) -> None:
        row = self.current_rule()
        set_enabled(self.edit_button, row is not None and row.editable)

    def current_rule(self) -> rewards.RuleRow | None:
        code = selected_id(self.table)
        return next((r for r in self.rows if r.code == code), None)

    def edit_rule(self) -> None:
        row = self.current_rule()
        if row is None:
            return
        if not row.editable:
            QMessageBox.information(self, self.tr("奖惩规定"), self.tr(row.note) or self.tr("这条规定不在这里修改"))
            return
        if self.tab.run_dialog(RuleDialog(row, self, today=self.tab.day())):
            self.message.emit(self.tr("已修改奖惩规定：%1").replace("%1", self.tr(row.name)))

    def new_base(self) -> None:
        if self.tab.run_dialog(BaseDialog(None, self, today=self.tab.day())):
            self.message.emit(self.tr("奖金基数已保存"))

    def edit_base(self) -> None:
        base_id = selected_id(self.bases_table)
        base = next((b for b in self.base_rows if b.id == base_id), None)
        if base is None:
            return
        if self.tab.run_dialog(BaseDialog(base, self, today=self.tab.day())):
            self.message.emit(self.tr("奖金基数已保存"))
