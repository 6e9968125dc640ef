"""奖惩与奖金 forms: an entry by hand (登记奖惩), the entries behind a line of the bonus sheet, a rule
from a date (奖惩规定), a bonus base, a travel standard and a claim checked as it is typed, goods
(物品, 入库/领用/报损, 预算), and the reason for 撤销定稿.

Every figure and every refusal comes from services/rewards.py; these only show and collect."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget)

from govoffice_desktop.models.rewards import CATEGORIES, CLAIM_KINDS, GOODS_MOVES, RANK_GROUPS
from govoffice_desktop.services import rewards, staff
from govoffice_desktop.services.validation import BadValue, a_number
from govoffice_desktop.ui.forms import (RED, ServiceDialog, date_edit, date_of, em, fill_table, hint, span_row,
                                        read_only_table)
from govoffice_desktop.ui.supervision_dialogs import choose_data, person_combo, section_combo, text_box

GREEN = "#188038"


def tr(text: str) -> str:
    return QCoreApplication.translate("rewards", text)


def money(value) -> str:
    """Yuan with two decimals and thousands separators; empty for None."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


def text_of(value) -> str:
    return "" if value is None else str(value)


def money_edit(parent: QWidget, placeholder: str = "", value=None) -> QLineEdit:
    """An amount typed as text (the service reads it: full-width digits and commas too)."""
    edit = QLineEdit(parent)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setPlaceholderText(placeholder)
    edit.setText(text_of(value))
    edit.setMinimumWidth(em(parent, 9))
    return edit


def align_money(table, columns) -> None:
    for row in range(table.rowCount()):
        for col in columns:
            item = table.item(row, col)
            if item is not None:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def paint_red(table, row: int, columns=None) -> None:
    for col in (range(table.columnCount()) if columns is None else columns):
        item = table.item(row, col)
        if item is not None:
            item.setForeground(QBrush(QColor(RED)))


def source_text(entry) -> str:
    if not entry.source_table:
        return tr("手工登记")
    return tr(rewards.SOURCE_LABELS.get(entry.source_table, entry.source_table))


from govoffice_desktop.texts import month_text  # noqa: E402,F401 - 2026年12月: the pages import it from here


# ---------------------------------------------------------------- 登记奖惩
class EntryDialog(ServiceDialog):
    """登记奖惩 / 修改 → rewards.add_entry: a person, a date, a category, 奖励 or 扣减 and the amount,
    the reason.  The sign is the radio's: the amount is typed without one."""

    def __init__(self, entry=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.entry = entry
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改奖惩") if entry else self.tr("登记奖惩"))
        self.person = person_combo(self, entry.person if entry else None)
        if entry is None:
            self.person.setCurrentIndex(-1)
        self.person.setMinimumWidth(em(self, 16))
        self.entry_date = date_edit(self, entry.entry_date if entry else self.today)
        self.category = QComboBox(self)
        for category in CATEGORIES:
            self.category.addItem(self.tr(category), category)
        self.reward = QRadioButton(self.tr("奖励（+）"), self)
        self.deduction = QRadioButton(self.tr("扣减（−）"), self)
        self.sign = QButtonGroup(self)
        self.sign.addButton(self.reward)
        self.sign.addButton(self.deduction)
        self.amount = money_edit(self, self.tr("如：50"))
        self.reason = text_box(self, entry.reason if entry else "", 3)
        self.reason.setPlaceholderText(self.tr("如：迟交月度报表"))
        if entry is not None:
            choose_data(self.category, entry.category)
            (self.reward if entry.amount > 0 else self.deduction).setChecked(True)
            self.amount.setText(str(abs(entry.amount)))
        else:
            choose_data(self.category, "其他")
            self.deduction.setChecked(True)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.reward)
        sign_row.addWidget(self.deduction)
        sign_row.addStretch(1)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount)
        amount_row.addWidget(QLabel(self.tr("元"), self))
        amount_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("人员 *"), self.person)
        form.addRow(self.tr("日期 *"), self.entry_date)
        form.addRow(self.tr("类别 *"), self.category)
        form.addRow(self.tr("奖励或扣减 *"), sign_row)
        form.addRow(self.tr("金额 *"), amount_row)
        form.addRow(self.tr("事由 *"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("台账中奖励记为正数、扣减记为负数；这里只填金额，正负由“奖励或扣减”决定。"
                                      "奖金表定稿后的月份不能再登记。"), self))
        if entry is not None and entry.source_table:
            layout.addWidget(hint(self.tr("这条奖惩由“%1”生成，需在原记录处更正。").replace("%1", source_text(entry)),
                                  self))
        layout.addWidget(self.buttons)

    def data(self) -> dict:
        text = self.amount.text().strip().lstrip("+-＋－−")
        if text and self.deduction.isChecked():
            text = "-" + text
        return {"person": self.person.currentData(), "entry_date": date_of(self.entry_date),
                "category": self.category.currentData(), "amount": text, "reason": self.reason.toPlainText()}

    def submit(self):
        return rewards.add_entry(self.data(), self.entry)


# ---------------------------------------------------------------- the entries behind a line
class EntriesDialog(QDialog):
    """One person's entries of a month, as the bonus sheet adds them up."""

    HEADERS = (QT_TRANSLATE_NOOP("EntriesDialog", "日期"), QT_TRANSLATE_NOOP("EntriesDialog", "类别"),
               QT_TRANSLATE_NOOP("EntriesDialog", "金额（元）"), QT_TRANSLATE_NOOP("EntriesDialog", "事由"),
               QT_TRANSLATE_NOOP("EntriesDialog", "来源"), QT_TRANSLATE_NOOP("EntriesDialog", "登记人"))

    def __init__(self, person, year: int, month: int, line=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("%1 %2的奖惩").replace("%1", person.name).replace("%2", month_text(year, month)))
        self.resize(em(self, 62), em(self, 26))
        self.entries = rewards.entries_of(person, year, month)
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=3)
        fill_table(self.table, [(e.entry_date, e.category, money(e.amount), e.reason, source_text(e), e.entered_by)
                                for e in self.entries], [e.id for e in self.entries])
        align_money(self.table, (2,))
        for row, e in enumerate(self.entries):
            if e.amount < 0:
                paint_red(self.table, row, (2,))
        total = sum((e.amount for e in self.entries), Decimal("0.00"))
        summary = self.tr("%1 条，合计 %2 元").replace("%1", str(len(self.entries))).replace("%2", money(total))
        if line is not None:
            summary += self.tr("；基数 %1 元，实发 %2 元").replace("%1", money(line.base)).replace("%2", money(line.total))
            if line.floor_applied:
                summary += self.tr("（按保底发放）")
        self.summary = QLabel(summary, self)
        close = QPushButton(self.tr("关闭"), self)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        if not self.entries:
            layout.addWidget(hint(self.tr("本月没有奖惩，按基数发放。"), self))
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)


# ---------------------------------------------------------------- 撤销定稿
class ReopenMonthDialog(ServiceDialog):
    """撤销定稿 with the reason → rewards.reopen_month."""

    def __init__(self, year: int, month: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.year, self.month = year, month
        self.setWindowTitle(self.tr("撤销定稿"))
        self.reason = text_box(self, "", 3)
        self.reason.setPlaceholderText(self.tr("如：补登漏报的督查加分"))
        form = QFormLayout()
        form.addRow(self.tr("月份"), QLabel(month_text(year, month), self))
        form.addRow(self.tr("原因 *"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("撤销后奖金表恢复为草稿，按当前台账重新计算；原因和操作人记入日志。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return rewards.reopen_month(self.year, self.month, self.reason.toPlainText())


# ---------------------------------------------------------------- 奖惩规定
class RuleDialog(ServiceDialog):
    """A rule's amount from a date → rewards.set_rule; the months before keep their amount."""

    def __init__(self, row: rewards.RuleRow, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.row = row
        today = today or date.today()
        self.setWindowTitle(self.tr("修改奖惩规定"))
        self.amount = money_edit(self, "", row.amount)
        self.effective_from = date_edit(self, today.replace(day=1))
        name = QLabel(self.tr(row.name), self)
        name.setWordWrap(True)
        history = "；".join(f"{d} 起 {money(a)}" for d, a in row.history) or self.tr("未设定过（用默认值）")
        history_label = QLabel(history, self)
        history_label.setWordWrap(True)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount)
        amount_row.addWidget(QLabel(self.tr("元/%1").replace("%1", self.tr(row.unit)) if row.unit != "元"
                                    else self.tr("元"), self))
        amount_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("类别"), QLabel(self.tr(row.category), self))
        form.addRow(self.tr("规定"), name)
        form.addRow(self.tr("历次金额"), history_label)
        form.addRow(self.tr("新金额 *"), amount_row)
        form.addRow(self.tr("执行日期 *"), self.effective_from)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if row.code in rewards.NON_NEGATIVE:
            text = self.tr("填不小于 0 的数。")
        else:
            text = self.tr("奖励为正数、扣款为负数，0 表示不执行。")
        layout.addWidget(hint(text + self.tr("自执行日期起适用，之前的月份仍按原金额；奖金表已定稿的月份不能改。"), self))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(em(self, 30))

    def submit(self):
        return rewards.set_rule(self.row.code, self.amount.text(), date_of(self.effective_from))


class BaseDialog(ServiceDialog):
    """The monthly base of a post or rank from a date → rewards.save_base."""

    def __init__(self, base=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        today = today or date.today()
        self.setWindowTitle(self.tr("奖金基数"))
        self.key = QComboBox(self)
        self.key.setEditable(True)
        known = sorted({b.post_or_rank for b in rewards.bases()} | {"打字员", "驾驶员"})
        self.key.addItems(known)
        self.key.setCurrentText(base.post_or_rank if base else "")
        self.key.lineEdit().setPlaceholderText(self.tr("如：科长、副科级、科员"))
        self.key.setMinimumWidth(em(self, 14))
        self.amount = money_edit(self, self.tr("元/月"), base.amount if base else None)
        self.effective_from = date_edit(self, today.replace(day=1))
        form = QFormLayout()
        form.addRow(self.tr("职务或职级 *"), self.key)
        form.addRow(self.tr("月基数（元）*"), self.amount)
        form.addRow(self.tr("执行日期 *"), self.effective_from)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("每人按职务找基数，没有再按职级，打字员、驾驶员按岗位。新基数自执行日期起适用。"),
                              self))
        layout.addWidget(self.buttons)

    def submit(self):
        return rewards.save_base(self.key.currentText(), self.amount.text(), date_of(self.effective_from))


# ---------------------------------------------------------------- 出差值勤标准
class StandardDialog(ServiceDialog):
    """A destination class and rank band's standard from a date → rewards.save_standard: the cap per
    night for rooms, the per-diem (包干) per day for meals and local transport, the cap per trip for
    inter-city transport."""

    def __init__(self, standard=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.standard = standard
        today = today or date.today()
        self.setWindowTitle(self.tr("修改出差值勤标准") if standard else self.tr("新增出差值勤标准"))
        self.destination_class = QComboBox(self)
        self.destination_class.setEditable(True)
        self.destination_class.addItems(rewards.destination_classes())
        self.destination_class.setCurrentText(standard.destination_class if standard else "")
        self.destination_class.lineEdit().setPlaceholderText(self.tr("如：一类地区（直辖市、省会城市）"))
        self.destination_class.setMinimumWidth(em(self, 18))
        self.rank_group = QComboBox(self)
        for group in RANK_GROUPS:
            self.rank_group.addItem(self.tr(group), group)
        if standard:
            choose_data(self.rank_group, standard.rank_group)
        self.accommodation = money_edit(self, self.tr("元/晚"), standard.accommodation if standard else None)
        self.meals = money_edit(self, self.tr("元/天"), standard.meals if standard else None)
        self.city_transport = money_edit(self, self.tr("元/天"), standard.city_transport if standard else None)
        self.transport = money_edit(self, self.tr("不填为凭票据实报销"), standard.transport if standard else None)
        self.effective_from = date_edit(self, standard.effective_from if standard else today.replace(day=1))
        form = QFormLayout()
        form.addRow(self.tr("地区类别 *"), self.destination_class)
        form.addRow(self.tr("职级档次 *"), self.rank_group)
        form.addRow(self.tr("住宿费（元/晚）*"), self.accommodation)
        form.addRow(self.tr("伙食补助费（元/天，包干）*"), self.meals)
        form.addRow(self.tr("市内交通费（元/天，包干）"), self.city_transport)
        form.addRow(self.tr("城市间交通费（元/次）"), self.transport)
        form.addRow(self.tr("执行日期 *"), self.effective_from)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("职级档次：市级领导（厅局级）、县处级、其他人员。住宿费按晚凭票报销、超过标准的核减；"
                                      "伙食补助费、市内交通费按天包干，不看票据；城市间交通费不填表示凭票据实报销。"),
                              self))
        layout.addWidget(self.buttons)

    def data(self) -> dict:
        return {"destination_class": self.destination_class.currentText(), "rank_group": self.rank_group.currentData(),
                "accommodation": self.accommodation.text(), "meals": self.meals.text(),
                "city_transport": self.city_transport.text(), "transport": self.transport.text(),
                "effective_from": date_of(self.effective_from)}

    def submit(self):
        return rewards.save_standard(self.data(), self.standard)


# ---------------------------------------------------------------- 出差值勤报销
class ClaimDialog(ServiceDialog):
    """A 出差 or 值勤 claim → rewards.save_claim.  A 出差 claim is made from its 出差审批 (the dates and
    the place come from it); while typing, what the standard pays: rooms up to the cap, meals and local
    transport per day as 包干, and what is cut (rewards.check_claim)."""

    def __init__(self, claim=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.claim = claim
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改报销") if claim else self.tr("出差值勤报销"))
        self.person = person_combo(self, claim.person if claim else None)
        if claim is None:
            self.person.setCurrentIndex(-1)
        self.person.setMinimumWidth(em(self, 16))
        self.kind = QComboBox(self)
        for kind in CLAIM_KINDS:
            self.kind.addItem(self.tr(kind), kind)
        self.approval = QComboBox(self)
        self.approval.setMinimumWidth(em(self, 30))
        self.start_on = date_edit(self, claim.start_on if claim else self.today)
        self.end_on = date_edit(self, claim.end_on if claim else self.today)
        self.destination = QLineEdit(claim.destination if claim else "", self)
        self.destination.setMaxLength(60)
        self.destination.setPlaceholderText(self.tr("如：南京"))
        self.destination_class = QComboBox(self)
        self.destination_class.addItems(rewards.destination_classes())
        self.destination_class.setMinimumWidth(em(self, 16))
        self.accommodation = money_edit(self, self.tr("元（票据）"), claim.accommodation if claim else None)
        self.transport = money_edit(self, self.tr("元（票据）"), claim.transport if claim else None)
        self.claimed_on = date_edit(self, claim.claimed_on if claim else self.today)
        self.claimed_on.setMaximumDate(QDate(self.today))
        self.purpose = QLineEdit(claim.purpose if claim else "", self)
        self.purpose.setMaxLength(200)
        self.purpose.setPlaceholderText(self.tr("如：参加全省政府办公室工作会议"))
        self.purpose.setMinimumWidth(em(self, 24))
        if claim is not None:
            choose_data(self.kind, claim.kind)
            if self.destination_class.findText(claim.destination_class) < 0:
                self.destination_class.addItem(claim.destination_class)
            self.destination_class.setCurrentText(claim.destination_class)
        self.allowed = {key: QLabel(self) for key in ("accommodation", "meals", "city_transport", "transport")}
        for label in self.allowed.values():
            label.setMinimumWidth(em(self, 16))
        self.check_text = QLabel(self)
        self.check_text.setObjectName("check")
        self.check_text.setWordWrap(True)

        def with_allowed(edit, key):
            row = QHBoxLayout()
            if edit is not None:
                row.addWidget(edit)
            row.addWidget(self.allowed[key], 1)
            return row

        dates = span_row(self, self.start_on, self.end_on)
        form = QFormLayout()
        form.addRow(self.tr("报销人 *"), self.person)
        form.addRow(self.tr("类别 *"), self.kind)
        form.addRow(self.tr("出差审批"), self.approval)
        form.addRow(self.tr("起止日期 *"), dates)
        form.addRow(self.tr("地点"), self.destination)
        form.addRow(self.tr("地区类别 *"), self.destination_class)
        form.addRow(self.tr("住宿费"), with_allowed(self.accommodation, "accommodation"))
        form.addRow(self.tr("伙食补助费"), with_allowed(None, "meals"))
        form.addRow(self.tr("市内交通费"), with_allowed(None, "city_transport"))
        form.addRow(self.tr("城市间交通费"), with_allowed(self.transport, "transport"))
        form.addRow(self.tr("报销日期 *"), self.claimed_on)
        form.addRow(self.tr("事由"), self.purpose)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check_text)
        layout.addWidget(hint(self.tr("出差须有出差审批，报销的日期、地点不能超出审批。按第一天适用的标准和报销人的职级档次核对："
                                      "住宿费按晚（天数−1，至少1晚）凭票报销，超过标准的核减；伙食补助费、市内交通费按天包干，"
                                      "不看票据。有超标准的，按奖惩规定从奖金中扣减。"), self))
        layout.addWidget(self.buttons)
        self.setMinimumWidth(em(self, 44))
        self.fill_approvals()
        for edit in (self.accommodation, self.transport):
            edit.textChanged.connect(self.update_check)
        self.person.currentIndexChanged.connect(self.fill_approvals)
        self.kind.currentIndexChanged.connect(self.fill_approvals)
        self.approval.currentIndexChanged.connect(self.take_approval)
        self.destination_class.currentIndexChanged.connect(self.update_check)
        self.destination_class.currentTextChanged.connect(self.update_check)
        for edit in (self.start_on, self.end_on):
            edit.dateChanged.connect(self.update_check)
        self.result_check: rewards.ClaimCheck | None = None
        self.update_check()

    def fill_approvals(self, *_args) -> None:
        """The person's approvals not yet claimed (and this claim's own), newest first."""
        keep = self.claim.approval if self.claim is not None and self.claim.approval_id else None
        chosen = self.approval.currentData() or (keep.id if keep else None)
        self.approval.blockSignals(True)
        self.approval.clear()
        self.approval.addItem(self.tr("（无审批：值勤）") if self.kind.currentData() == "值勤"
                              else self.tr("（请选择出差审批）"), None)
        person = self.person.currentData()
        open_ones = rewards.approvals_open(person, keep) if person is not None else []
        if person is not None and not open_ones and self.kind.currentData() == "出差":
            self.approval.setItemText(0, self.tr("（这位报销人没有待报销的出差审批，请先登记审批）"))
        if person is not None:
            for a in open_ones:
                self.approval.addItem(self.tr("%1 至 %2 %3（%4 审批）").replace("%1", a.start_on.isoformat())
                                      .replace("%2", a.end_on.isoformat()).replace("%3", a.destination)
                                      .replace("%4", a.approved_by), a.id)
        index = self.approval.findData(chosen) if chosen is not None else -1
        self.approval.setCurrentIndex(max(index, 0))
        self.approval.blockSignals(False)
        self.take_approval()

    def take_approval(self, *_args) -> None:
        """The dates, the place and its class as approved (a claim may cover fewer days)."""
        approval = rewards.approval_by_id(self.approval.currentData())
        if approval is not None and (self.claim is None or self.claim.approval_id != approval.id):
            for edit in (self.start_on, self.end_on):
                edit.blockSignals(True)
            self.start_on.setDate(QDate(approval.start_on))
            self.end_on.setDate(QDate(approval.end_on))
            for edit in (self.start_on, self.end_on):
                edit.blockSignals(False)
            self.destination.setText(approval.destination)
            if self.destination_class.findText(approval.destination_class) < 0:
                self.destination_class.addItem(approval.destination_class)
            self.destination_class.setCurrentText(approval.destination_class)
            if not self.purpose.text():
                self.purpose.setText(approval.purpose)
        self.update_check()

    def data(self) -> dict:
        return {"person": self.person.currentData(), "kind": self.kind.currentData(),
                "approval": self.approval.currentData(),
                "start_on": date_of(self.start_on), "end_on": date_of(self.end_on),
                "destination": self.destination.text(), "destination_class": self.destination_class.currentText(),
                "accommodation": self.accommodation.text(), "transport": self.transport.text(),
                "claimed_on": date_of(self.claimed_on), "purpose": self.purpose.text()}

    def _show(self, text: str, colour: str | None = None) -> None:
        self.check_text.setText(text)
        self.check_text.setStyleSheet(f"color: {colour}; font-weight: bold;" if colour else "color: #5f6368;")

    def update_check(self, *_args) -> None:
        """What the standard pays for these days and the person's band, and what is cut, live."""
        self.result_check = None
        for label in self.allowed.values():
            label.setText("")
            label.setStyleSheet("")
        person = staff.person_by_id(self.person.currentData()) if self.person.currentData() is not None else None
        start, end = date_of(self.start_on), date_of(self.end_on)
        if person is None or not self.destination_class.currentText().strip():
            self._show(self.tr("选择报销人和地区类别后显示标准。"))
            return
        if end < start:
            self._show(self.tr("结束日期早于起始日期。"), RED)
            return
        try:
            amounts = [a_number(edit.text(), label) or Decimal("0.00") for edit, label in (
                (self.accommodation, "住宿费"), (self.transport, "城市间交通费"))]
            check = rewards.check_claim(person, self.destination_class.currentText().strip(), start, end, *amounts)
        except BadValue as exc:
            self._show(str(exc), RED)
            return
        self.result_check = check
        s = check.standard
        per_day = self.tr("包干 %1 元/天 × %2 天 = %3 元")
        texts = {
            "accommodation": self.tr("标准 %1 元/晚 × %2 晚 = %3 元").replace("%1", money(s.accommodation))
            .replace("%2", str(check.nights)).replace("%3", money(check.allowed_accommodation)),
            "meals": per_day.replace("%1", money(s.meals)).replace("%2", str(check.days))
            .replace("%3", money(check.meals)),
            "city_transport": per_day.replace("%1", money(s.city_transport)).replace("%2", str(check.days))
            .replace("%3", money(check.city_transport)),
            "transport": (self.tr("标准 %1 元/次").replace("%1", money(check.allowed_transport))
                          if check.allowed_transport is not None else self.tr("凭票据实报销")),
        }
        overs = {"accommodation": check.over_accommodation, "transport": check.over_transport}
        for key, label in self.allowed.items():
            text = texts[key]
            if overs.get(key, 0) > 0:
                text += self.tr("，超 %1 元（核减）").replace("%1", money(overs[key]))
                label.setStyleSheet(f"color: {RED};")
            label.setText(text)
        band = self.tr("%1（%2，%3）").replace("%1", self.tr(s.rank_group)).replace("%2", person.rank or self.tr("未定职级")) \
            .replace("%3", self.tr("%1 起执行").replace("%1", s.effective_from.isoformat()))
        if self.kind.currentData() == "出差" and self.approval.currentData() is None:
            self._show(self.tr("还没有选择出差审批：没有审批的出差不能报销。按标准可报销 %1 元。")
                       .replace("%1", money(check.allowed)), RED)
        elif check.over > 0:
            taken = rewards.claim_deduction(check, date_of(self.claimed_on))
            self._show(self.tr("超标准 %1 元：%2，超出部分不予报销，核准报销 %5 元。保存后按奖惩规定从奖金中扣减 %4 元。"
                               "标准档次：%3")
                       .replace("%1", money(check.over)).replace("%2", check.describe()).replace("%3", band)
                       .replace("%4", money(-taken)).replace("%5", money(check.allowed)), RED)
        else:
            self._show(self.tr("在标准内，核准报销 %1 元。标准档次：%2").replace("%1", money(check.allowed))
                       .replace("%2", band), GREEN)

    def submit(self):
        return rewards.save_claim(self.data(), self.claim, today=self.today)


# ---------------------------------------------------------------- 物品管理
class ItemDialog(ServiceDialog):
    """An office supply → rewards.save_item."""

    def __init__(self, item=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(self.tr("修改物品") if item else self.tr("新增物品"))
        self.name = QLineEdit(item.name if item else "", self)
        self.name.setMaxLength(60)
        self.name.setMinimumWidth(em(self, 16))
        self.name.setPlaceholderText(self.tr("如：A4打印纸"))
        self.unit = QLineEdit(item.unit if item else "个", self)
        self.unit.setMaxLength(10)
        self.unit_price = money_edit(self, self.tr("元"), item.unit_price if item else None)
        self.min_stock = QSpinBox(self)
        self.min_stock.setRange(0, 1_000_000)
        self.min_stock.setValue(item.min_stock if item else 0)
        self.active = QCheckBox(self.tr("在用（不勾选则不再列出）"), self)
        self.active.setChecked(item.active if item else True)
        form = QFormLayout()
        form.addRow(self.tr("物品名称 *"), self.name)
        form.addRow(self.tr("单位"), self.unit)
        form.addRow(self.tr("单价（元）*"), self.unit_price)
        form.addRow(self.tr("最低库存"), self.min_stock)
        form.addRow("", self.active)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("库存不高于最低库存时标红，提醒采购。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return rewards.save_item({"name": self.name.text(), "unit": self.unit.text(),
                                  "unit_price": self.unit_price.text(), "min_stock": self.min_stock.value(),
                                  "active": self.active.isChecked()}, self.item)


class MoveDialog(ServiceDialog):
    """入库, 领用 (to a section) or 报损 (with the person responsible) → rewards.move_goods."""

    def __init__(self, kind: str = "领用", parent: QWidget | None = None, item_id: int | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("物品出入库"))
        self.kind = QComboBox(self)
        for k in GOODS_MOVES:
            self.kind.addItem(self.tr(k), k)
        choose_data(self.kind, kind)
        self.item = QComboBox(self)
        self.stock = {}
        for row in rewards.stock_list():
            self.item.addItem(self.tr("%1（库存 %2%3，单价 %4 元）").replace("%1", row.item.name)
                              .replace("%2", str(row.stock)).replace("%3", row.item.unit)
                              .replace("%4", money(row.item.unit_price)), row.item.id)
            self.stock[row.item.id] = row
        if item_id is not None:
            choose_data(self.item, item_id)
        self.moved_on = date_edit(self, self.today)
        self.moved_on.setMaximumDate(QDate(self.today))
        self.quantity = QSpinBox(self)
        self.quantity.setRange(1, 1_000_000)
        self.unit_price = money_edit(self, self.tr("不填按物品单价"))
        self.section = section_combo(self, None, self.tr("（不指定）"))
        self.person = person_combo(self, None, self.tr("（不指定）"))
        self.note = QLineEdit(self)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("报损写明原因"))
        self.note.setMinimumWidth(em(self, 22))
        form = QFormLayout()
        form.addRow(self.tr("类别 *"), self.kind)
        form.addRow(self.tr("物品 *"), self.item)
        form.addRow(self.tr("日期 *"), self.moved_on)
        form.addRow(self.tr("数量 *"), self.quantity)
        form.addRow(self.tr("单价（元）"), self.unit_price)
        form.addRow(self.tr("领用科室"), self.section)
        form.addRow(self.tr("经手人／责任人"), self.person)
        form.addRow(self.tr("备注"), self.note)
        self.form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.kind_hint = hint("", self)
        layout.addWidget(self.kind_hint)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self, *_args) -> None:
        kind = self.kind.currentData()
        self.section.setEnabled(kind == "领用")
        self.kind_hint.setText({
            "入库": self.tr("入库：采购的物品入库，单价不填按物品单价。"),
            "领用": self.tr("领用：记到领用科室，计入科室当月用品，与预算对比。"),
            "报损": self.tr("报损：写明原因；指定责任人的，按奖惩规定扣减其奖金。"),
        }[kind])

    def submit(self):
        kind = self.kind.currentData()
        return rewards.move_goods({"item": self.item.currentData(), "kind": kind, "moved_on": date_of(self.moved_on),
                                   "quantity": self.quantity.value(), "unit_price": self.unit_price.text(),
                                   "section": self.section.currentData() if kind == "领用" else None,
                                   "person": self.person.currentData(), "note": self.note.text()}, today=self.today)


class BudgetDialog(ServiceDialog):
    """A section's monthly budget for office supplies in a year → rewards.set_budget."""

    def __init__(self, parent: QWidget | None = None, year: int | None = None, section_id: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("科室用品预算"))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2099)
        self.year.setValue(year or date.today().year)
        self.year.setSuffix(self.tr(" 年"))
        self.section = section_combo(self)
        if section_id is not None:
            choose_data(self.section, section_id)
        self.amount = money_edit(self, self.tr("元/月"))
        self.current = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("年度 *"), self.year)
        form.addRow(self.tr("科室 *"), self.section)
        form.addRow(self.tr("月度预算（元）*"), self.amount)
        form.addRow(self.tr("现有预算"), self.current)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("每月领用超过预算的科室，物品管理结账时按奖惩规定扣减科室负责人奖金。"), self))
        layout.addWidget(self.buttons)
        self.year.valueChanged.connect(self._show_current)
        self.section.currentIndexChanged.connect(self._show_current)
        self._show_current()

    def _show_current(self, *_args) -> None:
        uses = {u.section.id: u for u in rewards.section_use(self.year.value(), 1)}
        use = uses.get(self.section.currentData())
        budget = use.budget if use is not None else None
        self.current.setText(self.tr("%1 元/月").replace("%1", money(budget)) if budget is not None else self.tr("未设定"))
        self.amount.setText(str(budget) if budget is not None else "")

    def submit(self):
        return rewards.set_budget(self.section.currentData(), self.year.value(), self.amount.text())
