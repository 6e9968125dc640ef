"""奖金核算表: a month's sheet by section with subtotals, its state and the domains still to close,
定稿 / 撤销定稿, print, PDF, Excel, 物品管理 结账, and 珍惜每一分钱 beside it; every line opens the
entries behind it."""
from __future__ import annotations

from govoffice_desktop.models.rewards import CAT_FINANCE, CAT_FUEL, CAT_GOODS, CAT_SUPERVISION, CAT_TYPING
from govoffice_desktop.reports.rewards import bonus_sheet, export_bonus_sheet
from govoffice_desktop.services import rewards
from govoffice_desktop.texts import moment_text
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.forms import RED, call_service, em, export_document, guard, hint, set_enabled
from govoffice_desktop.ui.page import PageHost, counted
from govoffice_desktop.ui.month_picker import MonthPicker
from govoffice_desktop.ui.rewards.common import GREY
from govoffice_desktop.ui.rewards_dialogs import EntriesDialog, GREEN, ReopenMonthDialog, money, month_text
from govoffice_desktop.ui.worker import AfterPaint
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QMessageBox, QPushButton, QSplitter, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)



SECTION_BACKGROUND = "#eef1f5"
TOTAL_BACKGROUND = "#dfe6ee"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

# where each domain's month is closed (the bonus sheet waits for every one of rewards.DOMAINS_TO_CLOSE)
CLOSED_WHERE = {CAT_TYPING: QT_TRANSLATE_NOOP("RewardsTab", "文印管理 → 月度考核…"),
                CAT_FUEL: QT_TRANSLATE_NOOP("RewardsTab", "车辆油耗 → 月度奖惩…"),
                CAT_SUPERVISION: QT_TRANSLATE_NOOP("RewardsTab", "督查督办 → 月度考核与专报 → 督查结账…"),
                CAT_GOODS: QT_TRANSLATE_NOOP("RewardsTab", "本页“物品结账…”"),
                CAT_FINANCE: QT_TRANSLATE_NOOP("RewardsTab", "财务管理 → 财务结账…")}


def bold(item: QTreeWidgetItem, columns: int) -> None:
    for c in range(columns):
        font = item.font(c)
        font.setBold(True)
        item.setFont(c, font)


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
        self.show_savings(rewards.savings(year, month))

    def waiting(self) -> None:
        for value in self.values.values():
            value.setText(self.tr("正在计算…"))
            value.setStyleSheet("")

    def show_savings(self, s: dict) -> None:
        """``s`` as ``rewards.savings`` gives it."""
        self.saved = s
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


def month_figures(year: int, month: int) -> tuple:
    """What the page shows of a month, computed off the GUI thread: the sheet, each domain closed or
    not, and 珍惜每一分钱."""
    closed = {domain: rewards.domain_closed(domain, year, month)
              for domain in {d for d, _label in rewards.DOMAINS_TO_CLOSE} | {CAT_GOODS}}
    return (year, month), rewards.bonus_sheet(year, month), closed, rewards.savings(year, month)


class SheetPage(QWidget):
    """A month's bonus sheet by section, its state, the closings it waits for, and what it saved:
    computed off the GUI thread once the page is on screen (ui/worker.AfterPaint; at once when
    ready within ``WAIT_MS``), the month chooser usable meanwhile."""

    message = Signal(str)
    WAIT_MS: int | None = 0  # None: computed when asked for and waited for (the tests: conftest)

    COLUMNS = (QT_TRANSLATE_NOOP("SheetPage", "姓名"), QT_TRANSLATE_NOOP("SheetPage", "职务"),
               QT_TRANSLATE_NOOP("SheetPage", "基数"), QT_TRANSLATE_NOOP("SheetPage", "奖励"),
               QT_TRANSLATE_NOOP("SheetPage", "扣减"), QT_TRANSLATE_NOOP("SheetPage", "实发"),
               QT_TRANSLATE_NOOP("SheetPage", "奖惩条数"), QT_TRANSLATE_NOOP("SheetPage", "备注"))
    MONEY = (2, 3, 4, 5)

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.sheet: rewards.BonusSheet | None = None
        self.month_picker = MonthPicker(self, "bonus")
        self.month_picker.month_changed.connect(lambda _y, _m: self.show_month())
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
        top.addWidget(self.month_picker)
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
        self.figures = AfterPaint(self, self._month_job, self._show_figures, self._figures_failed,
                                  lambda: self.WAIT_MS, self._figures_coming)
        self.fill_months()

    # -- the month
    def fill_months(self) -> None:
        finals = {(y, m): self.tr("（已定稿）") for y, m, final in rewards.bonus_months() if final}
        self.month_picker.reload(self.tab.day(), finals)
        self.show_month()

    def period(self) -> tuple[int, int]:
        return self.month_picker.month()

    def count_text(self) -> str:
        """The sheet's people (its section headings and subtotals are not rows of it)."""
        return self.tr("共 %n 人", "", len(self.sheet.lines)) if self.sheet is not None else ""

    def choose_month(self, year: int, month: int) -> bool:
        return self.month_picker.set_month(year, month)

    @property
    def computing(self) -> bool:
        """The month's figures are about to be or being computed (the page shows the ones before)."""
        return self.figures.pending

    def show_month(self) -> None:
        """The chosen month's figures, computed after what waits to be painted (ui/worker.AfterPaint)."""
        self.figures.request()

    def _month_job(self):
        year, month = self.period()
        return lambda: month_figures(year, month)

    def _figures_coming(self) -> None:
        self.state.setText(self.tr("正在计算…"))
        self.state.setStyleSheet("")
        self.savings.waiting()

    def _figures_failed(self, error: str) -> None:
        self.state.setText(self.tr("未能计算"))
        self.state.setStyleSheet(f"color: {RED};")
        self.message.emit(self.tr("奖金核算表未能计算：%1").replace("%1", error))

    def _show_figures(self, figures: tuple) -> None:
        (year, month), sheet, closed, saved = figures
        if (year, month) != self.period():
            return  # another month was chosen meanwhile: its figures come next
        self.sheet = sheet
        self._fill_tree(sheet)
        counted()
        self.total.setText(self.tr("合计：%1 人，实发 %2 元（基数 %3 元，奖励 %4 元，扣减 %5 元）　保底 %6 元")
                           .replace("%1", str(len(sheet.lines))).replace("%2", money(sheet.total))
                           .replace("%3", money(sum((ln.base for ln in sheet.lines), Decimal("0.00"))))
                           .replace("%4", money(sum((ln.rewards for ln in sheet.lines), Decimal("0.00"))))
                           .replace("%5", money(sum((ln.deductions for ln in sheet.lines), Decimal("0.00"))))
                           .replace("%6", money(sheet.floor)))
        if sheet.final:
            when = moment_text(sheet.finalised_at) if sheet.finalised_at else ""
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
            label.setText(self.tr("✓ 已结账") if closed[domain] else self.tr("未结账"))
            label.setStyleSheet(f"color: {GREEN if closed[domain] else RED};")
        goods_closed = closed[CAT_GOODS]
        set_enabled(self.goods_close_button, not sheet.final and not goods_closed)
        set_enabled(self.goods_reopen_button, not sheet.final and goods_closed)
        set_enabled(self.finalise_button, not sheet.final)
        set_enabled(self.reopen_button, sheet.final)
        self.savings.show_savings(saved)

    def _fill_tree(self, sheet: rewards.BonusSheet) -> None:
        self.tree.clear()
        n = len(self.COLUMNS)
        zero = Decimal("0.00")

        tops: list[QTreeWidgetItem] = []

        def item(values, parent=None) -> QTreeWidgetItem:
            # made apart from the tree and added at the end, all at once: one insertion, not one a row
            node = QTreeWidgetItem(parent, [str(v) for v in values]) if parent is not None \
                else QTreeWidgetItem([str(v) for v in values])
            for c in self.MONEY + (6,):
                node.setTextAlignment(c, RIGHT)
            if parent is None:
                tops.append(node)
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
        self.tree.addTopLevelItems(tops)
        self.tree.expandAll()
        fit_columns(self.tree)

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

        return bonus_sheet(*self.period())

    def print_sheet(self) -> None:
        printing.build_and_show(self, self._document, self.title())

    def save_pdf(self) -> None:
        printing.build_and_show(self, self._document, self.title(), pdf=True, said=self.message.emit)

    def export_xlsx(self) -> None:

        done = export_document(self, self.title(), export_bonus_sheet, *self.period())
        if done:
            self.message.emit(self.tr("已导出 %1 行到 %2").replace("%1", str(done[1])).replace("%2", done[0]))

    def refresh(self) -> None:
        self.fill_months()
