"""物品管理: stock, movements, the sections' use against their budgets."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from govoffice_desktop.services import rewards
from govoffice_desktop.ui.forms import (set_enabled, call_service, fill_table, guard, hint, read_only_table,
                                        select_id, selected_id)
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost, counted, counts_text, rows_text
from govoffice_desktop.ui.month_picker import MonthPicker
from govoffice_desktop.ui.rewards.common import MoneyModel
from govoffice_desktop.ui.rewards_dialogs import BudgetDialog, ItemDialog, MoveDialog, align_money, money


class MovementModel(MoneyModel):
    money_keys = ("unit_price", "amount")


class MovementList(ListTab):
    key = "rewards_goods"
    model_class = MovementModel

    def table_title(self):
        return self.tr("物品出入库")

    def listing(self):
        return rewards.movement_listing()

    def search_hint(self):
        return self.tr("按物品、类别、科室、经手人、备注筛选")


class GoodsPage(QWidget):
    message = Signal(str)

    STOCK_HEADERS = (QT_TRANSLATE_NOOP("GoodsPage", "物品"), QT_TRANSLATE_NOOP("GoodsPage", "单位"),
                     QT_TRANSLATE_NOOP("GoodsPage", "单价（元）"), QT_TRANSLATE_NOOP("GoodsPage", "库存"),
                     QT_TRANSLATE_NOOP("GoodsPage", "最低库存"), QT_TRANSLATE_NOOP("GoodsPage", "库存金额（元）"))
    USE_HEADERS = (QT_TRANSLATE_NOOP("GoodsPage", "科室"), QT_TRANSLATE_NOOP("GoodsPage", "月度预算"),
                   QT_TRANSLATE_NOOP("GoodsPage", "本月领用"), QT_TRANSLATE_NOOP("GoodsPage", "超预算"))

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.stock_rows: list = []
        self.uses: list = []
        self.stock_table = read_only_table(self, [self.tr(h) for h in self.STOCK_HEADERS], stretch=0)
        self.stock_table.setObjectName("stock")
        self.stock_table.itemDoubleClicked.connect(lambda _i: self.edit_item())
        buttons = {}
        for key, text in (("入库", self.tr("入库…")), ("领用", self.tr("领用…")), ("报损", self.tr("报损…")),
                          ("new", self.tr("新增物品…")), ("edit", self.tr("修改物品…"))):
            buttons[key] = guard(QPushButton(text, self), "rewards.edit")
        self.move_buttons = buttons
        for kind in ("入库", "领用", "报损"):
            buttons[kind].clicked.connect(lambda _c=False, k=kind: self.move(k))
        buttons["new"].clicked.connect(self.new_item)
        buttons["edit"].clicked.connect(self.edit_item)
        stock_box = QGroupBox(self.tr("库存"), self)
        st_layout = QVBoxLayout(stock_box)
        st_layout.addWidget(self.stock_table, 1)
        row = QHBoxLayout()
        for key in ("入库", "领用", "报损"):
            row.addWidget(buttons[key])
        row.addStretch(1)
        row.addWidget(buttons["new"])
        row.addWidget(buttons["edit"])
        st_layout.addLayout(row)
        st_layout.addWidget(hint(self.tr("库存不高于最低库存的标红。"), stock_box))

        self.month_picker = MonthPicker(self, "goods")
        self.month_picker.reload(tab.day())
        self.month_picker.month_changed.connect(lambda _y, _m: self.fill_use())
        self.use_table = read_only_table(self, [self.tr(h) for h in self.USE_HEADERS], stretch=0)
        self.use_table.setObjectName("use")
        self.use_table.itemDoubleClicked.connect(lambda _i: self.edit_budget())
        self.budget_button = QPushButton(self.tr("预算…"), self)
        guard(self.budget_button, "rewards.edit")
        self.budget_button.setToolTip(self.tr("科室某年的月度用品预算（也可双击该行）"))
        self.budget_button.clicked.connect(self.edit_budget)
        self.use_total = QLabel(self)
        use_box = QGroupBox(self.tr("科室领用与预算"), self)
        u_layout = QVBoxLayout(use_box)
        u_top = QHBoxLayout()
        u_top.addWidget(QLabel(self.tr("月份："), use_box))
        u_top.addWidget(self.month_picker)
        u_top.addStretch(1)
        u_top.addWidget(self.budget_button)
        u_layout.addLayout(u_top)
        u_layout.addWidget(self.use_table, 1)
        u_layout.addWidget(self.use_total)
        u_layout.addWidget(hint(self.tr("超预算的标红；物品管理结账（奖金核算表页）时按奖惩规定扣减科室负责人奖金。"), use_box))

        self.movements = MovementList(self)
        self.movements.layout().setContentsMargins(0, 0, 0, 0)
        self.movements.status_message.connect(self.message)
        moves_box = QGroupBox(self.tr("出入库记录"), self)
        moves_layout = QVBoxLayout(moves_box)
        moves_layout.addWidget(self.movements, 1)
        self.delete_move_button = guard(QPushButton(self.tr("删除所选记录…"), moves_box), "rewards.edit")
        self.delete_move_button.clicked.connect(self.delete_movement)
        row = QHBoxLayout()
        row.addWidget(hint(self.tr("登记错了的出入库记录可以删除（报损的扣款一并撤回）；已结账月份的领用、报损不能删除。"),
                           moves_box), 1)
        row.addWidget(self.delete_move_button)
        moves_layout.addLayout(row)

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setChildrenCollapsible(False)
        top.addWidget(stock_box)
        top.addWidget(use_box)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        self.top_splitter = top
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(moves_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter, 1)
        self.fill_stock()
        self.fill_use()

    def fill_stock(self) -> None:
        chosen = selected_id(self.stock_table)
        self.stock_rows = rewards.stock_list()
        fill_table(self.stock_table, [(r.item.name, r.item.unit, money(r.item.unit_price), r.stock, r.item.min_stock,
                                       money(r.value)) for r in self.stock_rows],
                   [r.item.id for r in self.stock_rows], red_rows=[i for i, r in enumerate(self.stock_rows) if r.low])
        align_money(self.stock_table, (2, 5))
        if chosen is not None:
            select_id(self.stock_table, chosen)
        set_enabled(self.move_buttons["edit"], bool(self.stock_rows))
        counted()

    def count_text(self) -> str:
        return counts_text([(self.tr("库存"), rows_text(self.stock_table.rowCount())),
                            (self.tr("出入库记录"), self.movements.count_text())])

    def fill_use(self) -> None:
        year, month = self.month_picker.month()
        self.uses = rewards.section_use(year, month)
        fill_table(self.use_table, [(u.section.name, money(u.budget) if u.budget is not None else self.tr("未设定"),
                                     money(u.used), money(u.over) if u.over > 0 else "") for u in self.uses],
                   [u.section.id for u in self.uses], red_rows=[i for i, u in enumerate(self.uses) if u.over > 0])
        align_money(self.use_table, (1, 2, 3))
        used = sum((u.used for u in self.uses), Decimal("0.00"))
        budget = sum((u.budget or Decimal("0.00") for u in self.uses), Decimal("0.00"))
        self.use_total.setText(self.tr("合计领用 %1 元，预算 %2 元").replace("%1", money(used)).replace("%2", money(budget)))

    def _after(self, message: str) -> None:
        self.message.emit(message)  # the change bus has shown the write

    def move(self, kind: str) -> None:
        dialog = MoveDialog(kind, self, item_id=selected_id(self.stock_table), today=self.tab.day())
        if self.tab.run_dialog(dialog):
            m = dialog.result_value
            self._after(self.tr("已登记%1：%2 %3%4").replace("%1", self.tr(m.kind)).replace("%2", m.item.name)
                        .replace("%3", str(m.quantity)).replace("%4", m.item.unit))

    def new_item(self) -> None:
        if self.tab.run_dialog(ItemDialog(None, self)):
            self._after(self.tr("已新增物品"))

    def edit_item(self) -> None:
        item_id = selected_id(self.stock_table)
        row = next((r for r in self.stock_rows if r.item.id == item_id), None)
        if row is not None and self.tab.run_dialog(ItemDialog(row.item, self)):
            self._after(self.tr("已修改物品：%1").replace("%1", row.item.name))

    def edit_budget(self) -> None:
        if self.tab.run_dialog(BudgetDialog(self, self.month_picker.month()[0], selected_id(self.use_table))):
            self._after(self.tr("科室用品预算已保存"))

    def delete_movement(self) -> None:
        move = rewards.movement_by_id(self.movements.selected_row_id())
        if move is None:
            self.message.emit(self.tr("请先在出入库记录中选一条"))
            return
        question = self.tr("删除 %1 %2 %3 %4%5 这条记录？").replace("%1", move.moved_on.isoformat()) \
            .replace("%2", move.kind).replace("%3", move.item.name).replace("%4", str(move.quantity)) \
            .replace("%5", move.item.unit)
        if QMessageBox.question(self, self.tr("删除出入库记录"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.delete_movement, move, title=self.tr("不能删除"))
        if ok:
            self._after(self.tr("已删除 %1 的%2记录").replace("%1", move.item.name).replace("%2", move.kind))

    def refresh(self) -> None:
        self.fill_stock()
        self.month_picker.reload(self.tab.day())
        self.fill_use()
        self.movements.refresh()
