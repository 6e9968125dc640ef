"""奖惩与奖金 tab, in five pages: 奖金核算表 (a month's sheet by section with subtotals, its state and the
domains still to close, 定稿 / 撤销定稿, print, PDF, Excel, 物品管理 结账, and 珍惜每一分钱 beside it;
every line opens the entries behind it), 奖惩台账 (the ledger: 登记奖惩, 修改, 删除), 奖惩规定 (the rules
by date and the bonus bases), 出差值勤 (the standards and the claims) and 物品管理 (stock, movements,
the sections' use against their budgets).

Every figure and every refusal comes from services/rewards.py; this only shows and collects."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QMessageBox, QPushButton, QSpinBox, QSplitter,
                               QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from govoffice_desktop.services import rewards
from govoffice_desktop.ui.bus import tables_of, watch
from govoffice_desktop.ui.forms import (set_enabled, RED, call_service, em, export_document, fill_table, guard, hint,
                                       read_only_table, select_id, selected_id)
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.rewards_dialogs import (GREEN, BaseDialog, BudgetDialog, ClaimDialog, EntriesDialog,
                                                  EntryDialog, ItemDialog, MoveDialog, ReopenMonthDialog, RuleDialog,
                                                  StandardDialog, align_money, money, month_text, paint_red)
from govoffice_desktop.ui.table_model import ListingModel

GREY = "#5f6368"
SECTION_BACKGROUND = "#eef1f5"
TOTAL_BACKGROUND = "#dfe6ee"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

# where each domain's month is closed (the bonus sheet waits for all four)
CLOSED_WHERE = {"文印": QT_TRANSLATE_NOOP("RewardsTab", "文印管理 → 月度考核…"),
                "车辆燃料": QT_TRANSLATE_NOOP("RewardsTab", "车辆油耗 → 月度奖惩…"),
                "督查": QT_TRANSLATE_NOOP("RewardsTab", "督查督办 → 月度考核与专报 → 督查结账…"),
                "物品管理": QT_TRANSLATE_NOOP("RewardsTab", "本页“物品结账…”")}


def previous_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


class MoneyModel(ListingModel):
    """A listing with money in two decimals, right-aligned; ``red`` says which rows are red."""

    money_keys: tuple[str, ...] = ()

    def red(self, values: tuple) -> bool:
        return False

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and 0 <= index.row() < self.rowCount():
            key = self.listing.columns[index.column()].key
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(RED)) if self.red(self.row_values(index.row())) else None
            if role == Qt.ItemDataRole.DisplayRole and key in self.money_keys:
                value = self.row_values(index.row())[index.column()]
                return money(value) if isinstance(value, Decimal) else super().data(index, role)
        return super().data(index, role)


class LedgerModel(MoneyModel):
    money_keys = ("amount",)

    def red(self, values):
        amount = values[self.listing.keys.index("amount")]
        return isinstance(amount, Decimal) and amount < 0


class ClaimModel(MoneyModel):
    money_keys = ("accommodation", "meals", "transport", "allowed", "over")

    def red(self, values):
        over = values[self.listing.keys.index("over")]
        return isinstance(over, Decimal) and over > 0


class MovementModel(MoneyModel):
    money_keys = ("unit_price", "amount")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # services.rewards.movement_listing's 金额 comes back a hundred times too small (the product of
        # quantity and a money field is converted to yuan twice): show quantity × unit price instead.
        if (role == Qt.ItemDataRole.DisplayRole and index.isValid() and 0 <= index.row() < self.rowCount()
                and self.listing.columns[index.column()].key == "amount"):
            values = self.row_values(index.row())
            keys = self.listing.keys
            quantity, price = values[keys.index("quantity")], values[keys.index("unit_price")]
            if isinstance(quantity, int) and isinstance(price, Decimal):
                return money(price * quantity)
        return super().data(index, role)


def bold(item: QTreeWidgetItem, columns: int) -> None:
    for c in range(columns):
        font = item.font(c)
        font.setBold(True)
        item.setFont(c, font)


def find_data(combo: QComboBox, value) -> int:
    """The index of the item whose data is ``value`` (a tuple, which QComboBox.findData cannot match)."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


def month_choices(today: date) -> list[tuple[int, int, bool]]:
    """The months with entries or a sheet, and this month and the last, newest first."""
    months = {(y, m): final for y, m, final in rewards.bonus_months()}
    for ym in ((today.year, today.month), previous_month(today)):
        months.setdefault(ym, rewards.month_is_final(*ym))
    return sorted(((y, m, f) for (y, m), f in months.items()), reverse=True)


# ================================================================ 奖金核算表
class SavingsPanel(QGroupBox):
    """珍惜每一分钱: what the month saved and overspent, office-wide."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("珍惜每一分钱"))
        self.values: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for key, label in (("fuel_amount", self.tr("加油金额")), ("fuel_saved", self.tr("燃油节约")),
                           ("fuel_over", self.tr("燃油超耗")),
                           ("rewards", self.tr("奖励合计")), ("deductions", self.tr("扣减合计")),
                           ("travel", self.tr("出差值勤")), ("goods", self.tr("办公用品"))):
            value = QLabel(self)
            value.setWordWrap(True)
            value.setObjectName(key)
            self.values[key] = value
            form.addRow(label, value)
        self.saved: dict = {}

    def show_month(self, year: int, month: int) -> None:
        s = self.saved = rewards.savings(year, month)
        d = {k: Decimal(v) for k, v in s.items() if k not in ("month", "travel_claims")}

        def put(key: str, text: str, colour: str | None = None) -> None:
            self.values[key].setText(text)
            self.values[key].setStyleSheet(f"color: {colour};" if colour else "")

        unknown = self.tr("（其中 %1 次没有升数，不计入节约与超耗）").replace("%1", str(s["fills_without_litres"]))
        put("fuel_amount", self.tr("%1 元").replace("%1", money(d["fuel_amount"]))
            + (unknown if s["fills_without_litres"] else ""))
        put("fuel_saved", self.tr("%1 升，折合 %2 元").replace("%1", str(d["fuel_saved_litres"]))
            .replace("%2", money(d["fuel_saved_yuan"])), GREEN if d["fuel_saved_litres"] > 0 else None)
        put("fuel_over", self.tr("%1 升，折合 %2 元").replace("%1", str(d["fuel_over_litres"]))
            .replace("%2", money(d["fuel_over_yuan"])), RED if d["fuel_over_litres"] > 0 else None)
        put("rewards", self.tr("%1 元").replace("%1", money(d["rewards"])))
        put("deductions", self.tr("%1 元").replace("%1", money(d["deductions"])), RED if d["deductions"] < 0 else None)
        put("travel", self.tr("报销 %1 次，低于标准节约 %2 元，超标准 %3 元").replace("%1", str(s["travel_claims"]))
            .replace("%2", money(d["travel_under_standard"])).replace("%3", money(d["travel_over_standard"])),
            RED if d["travel_over_standard"] > 0 else None)
        put("goods", self.tr("领用 %1 元，预算 %2 元，超预算 %3 元").replace("%1", money(d["goods_used"]))
            .replace("%2", money(d["goods_budget"])).replace("%3", money(d["goods_over_budget"])),
            RED if d["goods_over_budget"] > 0 else None)


class SheetPage(QWidget):
    """A month's bonus sheet by section, its state, the closings it waits for, and what it saved."""

    message = Signal(str)

    COLUMNS = (QT_TRANSLATE_NOOP("SheetPage", "姓名"), QT_TRANSLATE_NOOP("SheetPage", "职务"),
               QT_TRANSLATE_NOOP("SheetPage", "基数"), QT_TRANSLATE_NOOP("SheetPage", "奖励"),
               QT_TRANSLATE_NOOP("SheetPage", "扣减"), QT_TRANSLATE_NOOP("SheetPage", "实发"),
               QT_TRANSLATE_NOOP("SheetPage", "奖惩条数"), QT_TRANSLATE_NOOP("SheetPage", "备注"))
    MONEY = (2, 3, 4, 5)

    def __init__(self, tab: "RewardsTab"):
        super().__init__(tab)
        self.tab = tab
        self.sheet: rewards.BonusSheet | None = None
        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("month")
        self.month_combo.setMinimumContentsLength(12)
        self.month_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.month_combo.currentIndexChanged.connect(lambda _i: self.show_month())
        self.state = QLabel(self)
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        self.finalise_button = QPushButton(self.tr("定稿…"), self)
        guard(self.finalise_button, "bonus.finalise")
        self.finalise_button.setToolTip(self.tr("各项结账后定稿：奖金表按现在的数字保存，本月不再登记奖惩"))
        self.reopen_button = QPushButton(self.tr("撤销定稿…"), self)
        guard(self.reopen_button, "bonus.finalise")
        self.reopen_button.setToolTip(self.tr("写明原因后撤销定稿，奖金表恢复为草稿"))
        self.preview_button = QPushButton(self.tr("打印预览…"), self)
        self.pdf_button = QPushButton(self.tr("存为PDF…"), self)
        self.xlsx_button = QPushButton(self.tr("导出Excel…"), self)
        self.xlsx_button.setToolTip(self.tr("奖金核算表和本月每一条奖惩明细，一个工作簿两张表"))
        self.finalise_button.clicked.connect(self.finalise)
        self.reopen_button.clicked.connect(self.reopen)
        self.preview_button.clicked.connect(self.print_sheet)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份："), self))
        top.addWidget(self.month_combo)
        top.addSpacing(em(self, 1))
        top.addWidget(self.state, 1)
        for button in (self.finalise_button, self.reopen_button):
            top.addWidget(button)
        top.addSpacing(em(self, 1))
        for button in (self.preview_button, self.pdf_button, self.xlsx_button):
            top.addWidget(button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("sheet")
        self.tree.setColumnCount(len(self.COLUMNS))
        self.tree.setHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self.open_line(item))
        self.total = QLabel(self)
        self.total.setObjectName("total")
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        sheet_box = QWidget(self)
        sheet_layout = QVBoxLayout(sheet_box)
        sheet_layout.setContentsMargins(0, 0, 0, 0)
        sheet_layout.addWidget(self.tree, 1)
        sheet_layout.addWidget(self.total)
        sheet_layout.addWidget(hint(self.tr("实发 = 基数 + 奖励 + 扣减（扣减为负数），不低于保底。双击一行查看这个人本月的每一条奖惩。"),
                                    sheet_box))

        # the closings the sheet waits for
        self.domains_box = QGroupBox(self.tr("各项结账"), self)
        grid = QGridLayout(self.domains_box)
        grid.setColumnStretch(2, 1)
        self.domain_labels: dict[str, QLabel] = {}
        for row, (domain, label) in enumerate(rewards.DOMAINS_TO_CLOSE):
            state = QLabel(self.domains_box)
            state.setObjectName(f"domain_{domain}")
            where = QLabel(self.tr(CLOSED_WHERE[domain]), self.domains_box)
            where.setStyleSheet(f"color: {GREY};")
            where.setWordWrap(True)
            grid.addWidget(QLabel(self.tr(label), self.domains_box), row, 0)
            grid.addWidget(state, row, 1)
            grid.addWidget(where, row, 2)
            self.domain_labels[domain] = state
        self.goods_close_button = QPushButton(self.tr("物品结账…"), self.domains_box)
        guard(self.goods_close_button, "rewards.edit")
        self.goods_close_button.setToolTip(self.tr("本月各科室领用超预算的，按奖惩规定扣减科室负责人奖金"))
        self.goods_reopen_button = QPushButton(self.tr("撤销物品结账…"), self.domains_box)
        guard(self.goods_reopen_button, "rewards.edit")
        self.goods_close_button.clicked.connect(self.close_goods)
        self.goods_reopen_button.clicked.connect(self.reopen_goods)
        goods_row = QHBoxLayout()
        goods_row.addStretch(1)
        goods_row.addWidget(self.goods_close_button)
        goods_row.addWidget(self.goods_reopen_button)
        grid.addLayout(goods_row, len(rewards.DOMAINS_TO_CLOSE), 0, 1, 3)
        self.savings = SavingsPanel(self)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.domains_box)
        side_layout.addWidget(self.savings)
        side_layout.addStretch(1)
        side.setMinimumWidth(em(self, 24))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(sheet_box)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.fill_months()

    # -- the month
    def fill_months(self) -> None:
        current = self.month_combo.currentData()
        today = self.tab.day()
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        for year, month, final in month_choices(today):
            text = month_text(year, month) + (self.tr("（已定稿）") if final else "")
            self.month_combo.addItem(text, (year, month))
        index = find_data(self.month_combo, current) if current is not None else -1
        if index < 0:
            index = find_data(self.month_combo, previous_month(today))
        self.month_combo.setCurrentIndex(max(index, 0))
        self.month_combo.blockSignals(False)
        self.show_month()

    def period(self) -> tuple[int, int]:
        return self.month_combo.currentData()

    def choose_month(self, year: int, month: int) -> bool:
        index = find_data(self.month_combo, (year, month))
        if index >= 0:
            self.month_combo.setCurrentIndex(index)
        return index >= 0

    def show_month(self) -> None:
        year, month = self.period()
        sheet = self.sheet = rewards.bonus_sheet(year, month)
        self._fill_tree(sheet)
        self.total.setText(self.tr("合计：%1 人，实发 %2 元（基数 %3 元，奖励 %4 元，扣减 %5 元）　保底 %6 元")
                           .replace("%1", str(len(sheet.lines))).replace("%2", money(sheet.total))
                           .replace("%3", money(sum((ln.base for ln in sheet.lines), Decimal("0.00"))))
                           .replace("%4", money(sum((ln.rewards for ln in sheet.lines), Decimal("0.00"))))
                           .replace("%5", money(sum((ln.deductions for ln in sheet.lines), Decimal("0.00"))))
                           .replace("%6", money(sheet.floor)))
        if sheet.final:
            when = sheet.finalised_at.strftime("%Y-%m-%d %H:%M") if sheet.finalised_at else ""
            text = self.tr("已定稿（%1 %2）").replace("%1", when).replace("%2", sheet.finalised_by or "").replace(" ）", "）")
            colour = GREEN
        elif sheet.open_domains:
            text = self.tr("未定稿；待结账：%1").replace("%1", "、".join(self.tr(d) for d in sheet.open_domains))
            colour = RED
        else:
            text = self.tr("未定稿；各项已结账，可以定稿")
            colour = "#b06000"
        if not sheet.final and sheet.without_base:
            text += self.tr("；%1 人未定基数").replace("%1", str(len(sheet.without_base)))
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {colour}; font-weight: bold;")
        for domain, label in self.domain_labels.items():
            closed = rewards.domain_closed(domain, year, month)
            label.setText(self.tr("✓ 已结账") if closed else self.tr("未结账"))
            label.setStyleSheet(f"color: {GREEN if closed else RED};")
        goods_closed = rewards.domain_closed("物品管理", year, month)
        set_enabled(self.goods_close_button, not sheet.final and not goods_closed)
        set_enabled(self.goods_reopen_button, not sheet.final and goods_closed)
        set_enabled(self.finalise_button, not sheet.final)
        set_enabled(self.reopen_button, sheet.final)
        self.savings.show_month(year, month)

    def _fill_tree(self, sheet: rewards.BonusSheet) -> None:
        self.tree.clear()
        n = len(self.COLUMNS)
        zero = Decimal("0.00")

        def item(values, parent=None) -> QTreeWidgetItem:
            node = QTreeWidgetItem([str(v) for v in values])
            for c in self.MONEY + (6,):
                node.setTextAlignment(c, RIGHT)
            (parent.addChild(node) if parent is not None else self.tree.addTopLevelItem(node))
            return node

        def sums(lines):
            return [sum((getattr(ln, k) for ln in lines), zero) for k in ("base", "rewards", "deductions", "total")]

        for section, lines in sheet.by_section():
            base, plus, minus, total = sums(lines)
            head = item([section, self.tr("%1 人").replace("%1", str(len(lines))), money(base), money(plus),
                         money(minus), money(total), sum(ln.entries for ln in lines), self.tr("小计")])
            bold(head, n)
            for c in range(n):
                head.setBackground(c, QBrush(QColor(SECTION_BACKGROUND)))
            if minus < 0:
                head.setForeground(4, QBrush(QColor(RED)))
            head.setFirstColumnSpanned(False)
            for ln in lines:
                note = self.tr("保底") if ln.floor_applied else (self.tr("未定基数") if ln.no_base else "")
                child = item([ln.person.name, ln.post, money(ln.base), money(ln.rewards), money(ln.deductions),
                              money(ln.total), ln.entries or "", note], head)
                child.setData(0, Qt.ItemDataRole.UserRole, ln.person.id)
                if ln.deductions < 0:
                    child.setForeground(4, QBrush(QColor(RED)))
                if ln.no_base or ln.floor_applied:
                    child.setForeground(7, QBrush(QColor(RED if ln.no_base else "#b06000")))
                if ln.entries:
                    child.setToolTip(0, self.tr("双击查看 %1 条奖惩").replace("%1", str(ln.entries)))
        base, plus, minus, total = sums(sheet.lines)
        grand = item([self.tr("合计"), self.tr("%1 人").replace("%1", str(len(sheet.lines))), money(base), money(plus),
                      money(minus), money(total), sum(ln.entries for ln in sheet.lines), ""])
        bold(grand, n)
        for c in range(n):
            grand.setBackground(c, QBrush(QColor(TOTAL_BACKGROUND)))
        if minus < 0:
            grand.setForeground(4, QBrush(QColor(RED)))
        self.tree.expandAll()
        header = self.tree.header()
        for c in range(n - 1):
            self.tree.resizeColumnToContents(c)
            header.resizeSection(c, max(header.sectionSize(c) + em(self, 1), em(self, 7 if c == 0 else 5)))

    def line_item(self, name: str) -> QTreeWidgetItem | None:
        """The sheet's row of a person (tests and 首页 look people up by name)."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).text(0) == name:
                    return top.child(j)
        return None

    def open_line(self, item: QTreeWidgetItem) -> None:
        person_id = item.data(0, Qt.ItemDataRole.UserRole)
        if person_id is None or self.sheet is None:
            return
        line = next((ln for ln in self.sheet.lines if ln.person.id == person_id), None)
        if line is None:
            return
        dialog = EntriesDialog(line.person, self.sheet.year, self.sheet.month, line, self)
        dialog.exec()
        dialog.deleteLater()

    # -- 定稿, 撤销定稿, 物品结账
    def _done(self, message: str) -> None:
        self.message.emit(message)  # the change bus has shown the write

    def finalise(self) -> None:
        year, month = self.period()
        if QMessageBox.question(self, self.tr("定稿"),
                                self.tr("%1的奖金表定稿？定稿后本月不能再登记、修改奖惩，各项不能撤销结账。")
                                .replace("%1", month_text(year, month))) != QMessageBox.StandardButton.Yes:
            return
        ok, sheet = call_service(self, rewards.finalise_month, year, month, today=self.tab.day(),
                                 title=self.tr("不能定稿"))
        if ok:
            self._done(self.tr("%1奖金表已定稿：%2 人，实发 %3 元").replace("%1", month_text(year, month))
                       .replace("%2", str(len(sheet.lines))).replace("%3", money(sheet.total)))

    def reopen(self) -> None:
        year, month = self.period()
        dialog = ReopenMonthDialog(year, month, self)
        if self.tab.run_dialog(dialog):
            self._done(self.tr("%1奖金表已撤销定稿").replace("%1", month_text(year, month)))

    def close_goods(self) -> None:
        year, month = self.period()
        ok, entries = call_service(self, rewards.goods_month_entries, year, month, title=self.tr("物品结账"))
        if not ok:
            return
        total = sum((e["amount"] for e in entries), Decimal("0.00"))
        question = self.tr("%1物品管理结账？各科室领用超预算的，记入奖惩台账 %2 条，合计 %3 元。") \
            .replace("%1", month_text(year, month)).replace("%2", str(len(entries))).replace("%3", money(total))
        if QMessageBox.question(self, self.tr("物品结账"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, posted = call_service(self, rewards.close_goods_month, year, month, today=self.tab.day(),
                                  title=self.tr("物品结账"))
        if ok:
            self._done(self.tr("%1物品管理已结账，%2 条记入奖惩台账").replace("%1", month_text(year, month))
                       .replace("%2", str(len(posted))))

    def reopen_goods(self) -> None:
        year, month = self.period()
        if QMessageBox.question(self, self.tr("撤销物品结账"),
                                self.tr("撤销%1的物品管理结账？超预算扣减将一并撤回。").replace("%1", month_text(year, month))
                                ) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.reopen_goods_month, year, month, title=self.tr("撤销物品结账"))
        if ok:
            self._done(self.tr("%1物品管理已撤销结账").replace("%1", month_text(year, month)))

    # -- print, PDF, Excel (reports/rewards.py lays the sheet out, ui/printing.py prints it)
    def title(self) -> str:
        return self.tr("%1奖金核算表").replace("%1", month_text(*self.period()))

    def _document(self):
        from govoffice_desktop.reports.rewards import bonus_sheet

        return bonus_sheet(*self.period())

    def print_sheet(self) -> None:
        from govoffice_desktop.ui import printing

        ok, document = call_service(self, self._document, title=self.tr("打印预览"))
        if ok:
            printing.preview_document(self, document, self.title())

    def save_pdf(self) -> None:
        from govoffice_desktop.ui import printing

        ok, document = call_service(self, self._document, title=self.tr("存为PDF"))
        if not ok:
            return
        try:
            path = printing.ask_and_save_document_pdf(self, document, self.title())
        except OSError as exc:
            QMessageBox.warning(self, self.tr("存为PDF"), str(exc))
            return
        if path:
            self.message.emit(self.tr("已存为 %1").replace("%1", path))

    def export_xlsx(self) -> None:
        from govoffice_desktop.reports.rewards import export_bonus_sheet

        done = export_document(self, self.title(), export_bonus_sheet, *self.period())
        if done:
            self.message.emit(self.tr("已导出 %1 行到 %2").replace("%1", str(done[1])).replace("%2", done[0]))

    def refresh(self) -> None:
        self.fill_months()


# ================================================================ 奖惩台账
class LedgerList(ListTab):
    key = "rewards_ledger"
    model_class = LedgerModel

    def table_title(self):
        return self.tr("奖惩台账")

    def listing(self):
        period = self.month_filter.currentData() if hasattr(self, "month_filter") else None
        return rewards.entry_listing(*period) if period else rewards.entry_listing()

    def search_hint(self):
        return self.tr("按姓名、科室、类别、事由、来源筛选")

    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.month_filter = QComboBox(self)
        self.month_filter.setObjectName("filter_month")
        self.month_filter.setMinimumContentsLength(8)
        bar.addWidget(QLabel(self.tr("月份："), self))
        bar.addWidget(self.month_filter)
        self.fill_months()
        self.month_filter.currentIndexChanged.connect(lambda _i: self.refresh())

    def fill_months(self) -> None:
        current = self.month_filter.currentData()
        self.month_filter.blockSignals(True)
        self.month_filter.clear()
        self.month_filter.addItem(self.tr("全部"), None)
        for year, month, _final in month_choices(self.parent().tab.day()):
            self.month_filter.addItem(month_text(year, month), (year, month))
        index = find_data(self.month_filter, current) if current is not None else 0
        self.month_filter.setCurrentIndex(max(index, 0))
        self.month_filter.blockSignals(False)


class LedgerPage(QWidget):
    message = Signal(str)

    def __init__(self, tab: "RewardsTab"):
        super().__init__(tab)
        self.tab = tab
        self.list = LedgerList(self)
        self.list.layout().setContentsMargins(0, 0, 0, 0)
        self.list.status_message.connect(self.message)
        lst = self.list
        self.new_action = lst.make_action(self.tr("登记奖惩…"), self.new_entry, permission="rewards.edit", tip=
                                          self.tr("按奖惩规定登记一条奖励或扣减"))
        self.edit_action = lst.make_action(self.tr("修改…"), self.edit_entry, self.tr("修改所选的奖惩（也可双击该行）"),
                                            permission="rewards.edit")
        self.delete_action = lst.make_action(self.tr("删除…"), self.delete_entry, permission="rewards.edit", tip=
                                             self.tr("删除所选的手工登记；结账、报销、报损生成的在原处更正"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(lst.action_bar((self.new_action, self.edit_action, self.delete_action, None)))
        layout.addWidget(lst, 1)
        layout.addWidget(hint(self.tr("奖励为正数、扣减为负数（红色）。来源为各项结账、出差值勤报销、物品报损的，"
                                      "在原处更正；奖金表定稿的月份不能改动。"), self))
        lst.view.doubleClicked.connect(lambda _i: self.edit_action.trigger())  # via the action
        lst.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        lst.model.modelReset.connect(self._update_actions)
        lst.enable_context_menu()
        lst.context_menu = self._menu
        self._update_actions()

    def _menu(self):
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action, self.delete_action])
        return menu

    def _update_actions(self) -> None:
        chosen = self.list.selected_row_id() is not None
        self.edit_action.setEnabled(chosen)
        self.delete_action.setEnabled(chosen)

    def current_entry(self):
        return rewards.entry_by_id(self.list.selected_row_id())

    def new_entry(self) -> None:
        dialog = EntryDialog(parent=self, today=self.tab.day())
        if self.list.run_dialog(dialog):
            e = dialog.result_value
            self.list.show_change(self.tr("已登记 %1 %2 元：%3").replace("%1", e.person.name).replace("%2", money(e.amount))
                          .replace("%3", e.reason), e.id)

    def edit_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = EntryDialog(entry, self, today=self.tab.day())
        if self.list.run_dialog(dialog):
            self.list.show_change(self.tr("已修改 %1 的奖惩").replace("%1", entry.person.name), entry.id)

    def delete_entry(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        question = self.tr("删除 %1 %2 的奖惩（%3 元：%4）？").replace("%1", entry.entry_date.isoformat()) \
            .replace("%2", entry.person.name).replace("%3", money(entry.amount)).replace("%4", entry.reason)
        if QMessageBox.question(self, self.tr("删除奖惩"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, _ = call_service(self, rewards.delete_entry, entry, title=self.tr("不能删除"))
        if ok:
            self.list.show_change(self.tr("已删除 %1 的奖惩").replace("%1", entry.person.name))

    def refresh(self) -> None:
        self.list.fill_months()
        self.list.refresh()


# ================================================================ 奖惩规定 and 奖金基数
class RulesPage(QWidget):
    message = Signal(str)

    HEADERS = (QT_TRANSLATE_NOOP("RulesPage", "类别"), QT_TRANSLATE_NOOP("RulesPage", "规定"),
               QT_TRANSLATE_NOOP("RulesPage", "金额（元）"), QT_TRANSLATE_NOOP("RulesPage", "单位"),
               QT_TRANSLATE_NOOP("RulesPage", "执行日期"), QT_TRANSLATE_NOOP("RulesPage", "历次调整"),
               QT_TRANSLATE_NOOP("RulesPage", "说明"))
    BASE_HEADERS = (QT_TRANSLATE_NOOP("RulesPage", "职务或职级"), QT_TRANSLATE_NOOP("RulesPage", "月基数（元）"),
                    QT_TRANSLATE_NOOP("RulesPage", "执行日期"), QT_TRANSLATE_NOOP("RulesPage", "现行"))

    def __init__(self, tab: "RewardsTab"):
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


# ================================================================ 出差值勤
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

    def __init__(self, tab: "RewardsTab"):
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


# ================================================================ 物品管理
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

    def __init__(self, tab: "RewardsTab"):
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

        self.year = QSpinBox(self)
        self.year.setRange(2000, 2099)
        self.month = QSpinBox(self)
        self.month.setRange(1, 12)
        today = tab.day()
        self.year.setValue(today.year)
        self.month.setValue(today.month)
        self.year.setSuffix(self.tr(" 年"))
        self.month.setSuffix(self.tr(" 月"))
        self.year.valueChanged.connect(lambda _v: self.fill_use())
        self.month.valueChanged.connect(lambda _v: self.fill_use())
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
        u_top.addWidget(self.year)
        u_top.addWidget(self.month)
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

    def fill_use(self) -> None:
        year, month = self.year.value(), self.month.value()
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
        if self.tab.run_dialog(BudgetDialog(self, self.year.value(), selected_id(self.use_table))):
            self._after(self.tr("科室用品预算已保存"))

    def delete_movement(self) -> None:
        from PySide6.QtWidgets import QMessageBox

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
        self.fill_use()
        self.movements.refresh()


# ================================================================ the tab
class RewardsTab(QWidget):
    key = "rewards"
    TABLES = tables_of("rewards", "staff", "settings")
    status_message = Signal(str)
    fixed_today: date | None = None  # tests set a day; otherwise today's date, read each time

    def __init__(self, parent=None):
        super().__init__(parent)
        self.sheet_page = SheetPage(self)
        self.ledger = LedgerPage(self)
        self.rules = RulesPage(self)
        self.travel = TravelPage(self)
        self.goods = GoodsPage(self)
        self.pages = QTabWidget(self)
        for page, title in ((self.sheet_page, self.tr("奖金核算表")), (self.ledger, self.tr("奖惩台账")),
                            (self.rules, self.tr("奖惩规定")), (self.travel, self.tr("出差值勤")),
                            (self.goods, self.tr("物品管理"))):
            self.pages.addTab(page, title)
            page.message.connect(self.status_message)
        self.pages.currentChanged.connect(self._page_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        self.watch = watch(self, self.TABLES)

    def day(self) -> date:
        return self.fixed_today or date.today()

    def run_dialog(self, dialog) -> bool:
        return ListTab.run_dialog(self, dialog)

    def _page_changed(self, _index: int) -> None:
        page = self.pages.currentWidget()
        if page is self.sheet_page:
            self.sheet_page.fill_months()

    # -- what the main window asks of a tab
    def current_list(self) -> ListTab | None:
        page = self.pages.currentWidget()
        return {self.ledger: self.ledger.list, self.travel: self.travel.claims,
                self.goods: self.goods.movements}.get(page)

    @property
    def view(self):
        lst = self.current_list()
        return lst.view if lst is not None else None

    def copy_selection(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.copy_selection()

    def focus_search(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.focus_search()

    def export_table(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.export_table()
        elif self.pages.currentWidget() is self.sheet_page:
            self.sheet_page.export_xlsx()

    def refresh(self) -> None:
        for page in (self.sheet_page, self.ledger, self.rules, self.travel, self.goods):
            page.refresh()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tabs/{self.key}/page", self.pages.currentIndex())
        for lst in (self.ledger.list, self.travel.claims, self.goods.movements):
            lst.save_state(settings)
        for name, splitter in (("sheet", self.sheet_page.splitter), ("rules", self.rules.splitter),
                               ("travel", self.travel.splitter), ("goods", self.goods.splitter),
                               ("goods_top", self.goods.top_splitter)):
            settings.setValue(f"tabs/{self.key}/{name}_splitter", splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        for lst in (self.ledger.list, self.travel.claims, self.goods.movements):
            lst.restore_state(settings)
        for name, splitter in (("sheet", self.sheet_page.splitter), ("rules", self.rules.splitter),
                               ("travel", self.travel.splitter), ("goods", self.goods.splitter),
                               ("goods_top", self.goods.top_splitter)):
            state = settings.value(f"tabs/{self.key}/{name}_splitter")
            if state is not None:
                splitter.restoreState(state)
        page = settings.value(f"tabs/{self.key}/page")
        if page is not None and 0 <= int(page) < self.pages.count():
            self.pages.setCurrentIndex(int(page))
