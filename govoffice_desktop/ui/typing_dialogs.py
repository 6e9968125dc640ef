"""文印 forms and panels: a document typed (登记文稿), a speed test (测速), the standards (标准), the
monthly assessment with closing (月度考核、结账), and the speed-test records (测速记录).

Every figure and every refusal comes from services/typing_pool.py; these only show and collect."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog, TypingStandard
from govoffice_desktop.reports import typing_pool as typing_reports
from govoffice_desktop.services import typing_pool
from govoffice_desktop.services.documents import outgoing
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.forms import (set_enabled, guard, PanelDialog, ServiceDialog, date_edit, date_of, em, fill_table,
                                        hint, read_only_table, select_id, selected_id)
from govoffice_desktop.ui.list_tab import RecordList
from govoffice_desktop.ui.table_model import RowsWhenShown
from govoffice_desktop.texts import month_text
from govoffice_desktop.ui.month_picker import MonthPicker



def typist_combo(parent: QWidget, current=None, include_gone: bool = False) -> QComboBox:
    """The typists (person ids as data); ``current`` is offered even when no longer a typist on staff."""
    combo = QComboBox(parent)
    people = typing_pool.typist_names(include_gone=include_gone)
    for person in people:
        combo.addItem(person.name, person.id)
    if current is not None and current.id not in [p.id for p in people]:
        combo.addItem(QCoreApplication.translate("typing", "%1（%2）").replace("%1", current.name)
                      .replace("%2", current.status), current.id)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.id))
    return combo


def align_right(table, columns) -> None:
    """Figures shown as text (decimals, 估算) still read right-aligned."""
    for c in columns:
        for row in range(table.rowCount()):
            item = table.item(row, c)
            if item is not None:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def count_spin(parent: QWidget, maximum: int = 99999, suffix: str = "") -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(0, maximum)
    spin.setSuffix(suffix)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


def outgoing_combo(parent: QWidget, current: int | None = None, today: date | None = None) -> QComboBox:
    """所属发文: the 发文 a 文稿 was typed for (文电办理), or none; the 文号 follows it when left empty."""
    combo = QComboBox(parent)
    combo.setObjectName("outgoing")
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    combo.addItem(QCoreApplication.translate("typing", "（不属于登记的发文）"), None)
    for choice in outgoing.typing_choices(current, today):
        combo.addItem(choice.text, choice.id)
        combo.setItemData(combo.count() - 1, choice.text, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.setToolTip(QCoreApplication.translate("typing", "这份文稿是为哪份发文打印的：在“文电办理 → 发文”中可一键查看该发文的文稿；"
                                                          "文号不填时取该发文的发文字号"))
    return combo


# ---------------------------------------------------------------- 登记文稿 / 修改
class WorkLogDialog(ServiceDialog):
    """One document typed → typing_pool.log_work (a new entry, or ``entry`` corrected)."""

    def __init__(self, entry: TypingLog | None = None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(self.tr("修改文稿登记") if entry else self.tr("登记文稿"))
        self.typed_on = date_edit(self, entry.typed_on if entry else today)
        self.typist = typist_combo(self, entry.typist if entry and entry.typist_id else None)
        if entry is not None and entry.typist_id is None:  # an imported row whose name matched nobody
            self.typist.insertItem(0, self.tr("%1（未关联人员档案）").replace("%1", entry.typist_name), None)
            self.typist.setCurrentIndex(0)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(200)
        self.title_edit.setMinimumWidth(em(self, 24))
        self.doc_number = QLineEdit(self)
        self.doc_number.setMaxLength(60)
        self.doc_number.setPlaceholderText(self.tr("如：政办发〔2025〕12号"))
        self.outgoing = outgoing_combo(self, entry.outgoing_id if entry else None, today)
        self.pages = count_spin(self, suffix=self.tr(" 页"))
        self.characters = QLineEdit(self)
        self.characters.setPlaceholderText(self.tr("不填则按页数估算"))
        self.characters_hint = hint("", self)
        self.kinds: dict[str, QSpinBox] = {}
        self._kinds_sum = 0
        kinds_box = QWidget(self)
        grid = QGridLayout(kinds_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (key, label) in enumerate(typing_pool.ERROR_KINDS.items()):
            spin = count_spin(kinds_box, 9999)
            spin.valueChanged.connect(self._kinds_changed)
            self.kinds[key] = spin
            grid.addWidget(QLabel(self.tr(label), kinds_box), i // 3, (i % 3) * 2)
            grid.addWidget(spin, i // 3, (i % 3) * 2 + 1)
        self.errors = count_spin(self, suffix=self.tr(" 个"))
        self.after_issue = count_spin(self, suffix=self.tr(" 个"))
        self.after_issue.setToolTip(self.tr("差错合计中印发后才发现的个数；其余为校对发现"))
        self.proofreader = QLineEdit(self)
        self.proofreader.setMaxLength(30)
        self.remarks = QLineEdit(self)

        form = QFormLayout()
        form.addRow(self.tr("日期 *"), self.typed_on)
        form.addRow(self.tr("打字员 *"), self.typist)
        form.addRow(self.tr("文稿标题 *"), self.title_edit)
        form.addRow(self.tr("文号"), self.doc_number)
        form.addRow(self.tr("所属发文"), self.outgoing)
        form.addRow(self.tr("页数 *"), self.pages)
        form.addRow(self.tr("字数"), self.characters)
        form.addRow("", self.characters_hint)
        form.addRow(self.tr("差错分类"), kinds_box)
        form.addRow(self.tr("差错合计"), self.errors)
        form.addRow("", hint(self.tr("合计随分类自动相加；旧台账只有总数的，可直接填合计，再分类时合计不会重复计算。"), self))
        form.addRow(self.tr("其中印发后发现"), self.after_issue)
        form.addRow("", hint(self.tr("差错按发现环节分：校对发现的计入差错率和扣款；印发后发现的同样计入，"
                                     "并中断“万页文稿无差错”的累计。"), self))
        form.addRow(self.tr("校对人"), self.proofreader)
        form.addRow(self.tr("备注"), self.remarks)
        layout = QVBoxLayout(self)
        if self.typist.count() == 0:
            layout.addWidget(hint(self.tr("还没有打字员：请先在“人员档案”中把打字员的档案标为打字员。"), self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.typed_on.dateChanged.connect(self._show_estimate_hint)
        if entry is not None:
            self._fill(entry)
        self._show_estimate_hint()

    def _fill(self, entry: TypingLog) -> None:
        self.title_edit.setText(entry.title)
        self.doc_number.setText(entry.doc_number)
        self.pages.setValue(entry.pages)
        self.characters.setText("" if entry.characters is None else str(entry.characters))
        for key, spin in self.kinds.items():
            spin.blockSignals(True)
            spin.setValue(getattr(entry, key) or 0)
            spin.blockSignals(False)
        self.errors.setValue(entry.errors)
        self.after_issue.setValue(entry.errors_after_issue)
        self._kinds_sum = sum(spin.value() for spin in self.kinds.values())
        self.proofreader.setText(entry.proofreader)
        self.remarks.setText(entry.remarks)

    def _kinds_changed(self, _value: int) -> None:
        """The total follows the kinds while it equals their sum; a larger total (an old ledger's
        errors not sorted by kind) stays until the kinds pass it."""
        kinds = sum(spin.value() for spin in self.kinds.values())
        following = self.errors.value() == self._kinds_sum
        self.errors.setValue(kinds if following else max(kinds, self.errors.value()))
        self._kinds_sum = kinds

    def _show_estimate_hint(self, *_args) -> None:
        try:
            per_page = typing_pool.standard_on(date_of(self.typed_on)).chars_per_page
        except BadValue:
            per_page = None
        text = self.tr("不填字数时，差错率按页数 × 每页 %1 字估算，考核表中标“估算”。").replace(
            "%1", str(per_page)) if per_page else self.tr("不填字数时，差错率按页数估算，考核表中标“估算”。")
        self.characters_hint.setText(text)

    def data(self) -> dict:
        data = {"typed_on": date_of(self.typed_on), "typist": self.typist.currentData(),
                "title": self.title_edit.text(), "doc_number": self.doc_number.text(), "pages": self.pages.value(),
                "characters": self.characters.text().strip() or None, "errors": self.errors.value(),
                "errors_after_issue": self.after_issue.value(), "proofreader": self.proofreader.text(), "remarks": self.remarks.text(),
                "outgoing": self.outgoing.currentData()}
        data.update({key: spin.value() for key, spin in self.kinds.items()})
        return data

    def submit(self):
        return typing_pool.log_work(self.data(), self.entry)


# ---------------------------------------------------------------- 测速
class SpeedTestDialog(ServiceDialog):
    """A speed test → typing_pool.record_speed_test; ``result_text()`` says the speed and accuracy."""

    def __init__(self, parent: QWidget | None = None, typist=None, today: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("打字速度测试"))
        self.typist = typist_combo(self, typist)
        self.tested_on = date_edit(self, today)
        self.characters = count_spin(self, 999999, self.tr(" 字"))
        self.minutes = QDoubleSpinBox(self)
        self.minutes.setRange(0, 999)
        self.minutes.setDecimals(2)
        self.minutes.setValue(10)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.minutes.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.test_errors = count_spin(self, 99999, self.tr(" 个"))
        self.note = QLineEdit(self)
        self.note.setMinimumWidth(em(self, 18))
        self.note.setPlaceholderText(self.tr("如：看打、听打，测试材料"))
        form = QFormLayout()
        form.addRow(self.tr("打字员 *"), self.typist)
        form.addRow(self.tr("测试日期 *"), self.tested_on)
        form.addRow(self.tr("录入字数 *"), self.characters)
        form.addRow(self.tr("用时 *"), self.minutes)
        form.addRow(self.tr("差错"), self.test_errors)
        form.addRow(self.tr("备注"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("保存后显示速度（字/分）和准确率。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return typing_pool.record_speed_test(self.typist.currentData(), date_of(self.tested_on),
                                             self.characters.value(), f"{self.minutes.value():.2f}",
                                             self.test_errors.value(), self.note.text())

    def result_text(self) -> str:
        test: SpeedTest = self.result_value
        standard = typing_pool.standard_on(test.tested_on)
        return (self.tr("%1 测速：%2 字/分，准确率 %3%（执行标准：不低于 %4 字/分）")
                .replace("%1", test.typist_name).replace("%2", str(typing_pool.speed_of(test)))
                .replace("%3", str(typing_pool.accuracy_of(test))).replace("%4", str(standard.min_speed)))


# ---------------------------------------------------------------- 标准
class StandardsDialog(PanelDialog):
    """文印管理工作实施细则: the standards by effective date, where the defaults come from, a new one."""

    MONEY = (("max_errors_per_10k", QT_TRANSLATE_NOOP("StandardsDialog", "每万字允许差错 *"),
              QT_TRANSLATE_NOOP("StandardsDialog", "个")),
             ("deduction_per_error", QT_TRANSLATE_NOOP("StandardsDialog", "每超一个差错扣款 *"),
              QT_TRANSLATE_NOOP("StandardsDialog", "元")),
             ("speed_fail_deduction", QT_TRANSLATE_NOOP("StandardsDialog", "速度不达标扣款 *"),
              QT_TRANSLATE_NOOP("StandardsDialog", "元")),
             ("monthly_cap", QT_TRANSLATE_NOOP("StandardsDialog", "每月扣款上限 *"),
              QT_TRANSLATE_NOOP("StandardsDialog", "元")))

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.message = ""
        self.setWindowTitle(self.tr("文印标准（文印管理工作实施细则）"))
        self.resize(em(self, 66), em(self, 40))
        self.table = read_only_table(self, [self.tr("执行日期"), self.tr("最低速度\n（字/分）"),
                                            self.tr("每万字\n允许差错"), self.tr("每超一个差错\n扣款（元）"),
                                            self.tr("速度不达标\n扣款（元）"), self.tr("每月扣款\n上限（元）"),
                                            self.tr("每页字数"), self.tr("状态"), self.tr("依据、备注")], stretch=8)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.default_source = hint("", self)
        self.default_source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        source_box = QGroupBox(self.tr("默认值从何而来"), self)
        QVBoxLayout(source_box).addWidget(self.default_source)

        form_box = QGroupBox(self.tr("新标准（从执行日期起适用；已结账的月份仍按原标准）"), self)
        self.effective_from = date_edit(form_box, self.today)
        self.min_speed = count_spin(form_box, 999, self.tr(" 字/分"))
        self.chars_per_page = count_spin(form_box, 99999, self.tr(" 字"))
        self.amounts: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("执行日期 *"), form_box), 0, 0)
        grid.addWidget(self.effective_from, 0, 1)
        grid.addWidget(QLabel(self.tr("最低速度 *"), form_box), 0, 2)
        grid.addWidget(self.min_speed, 0, 3)
        grid.addWidget(QLabel(self.tr("每页字数 *"), form_box), 0, 4)
        grid.addWidget(self.chars_per_page, 0, 5)
        for i, (key, label, unit) in enumerate(self.MONEY):
            edit = QLineEdit(form_box)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setPlaceholderText(self.tr(unit))
            self.amounts[key] = edit
            row, col = 1 + i // 2, (i % 2) * 2
            grid.addWidget(QLabel(self.tr(label), form_box), row, col)
            grid.addWidget(edit, row, col + 1)
        self.source = QLineEdit(form_box)
        self.source.setPlaceholderText(self.tr("依据，如：办发〔2025〕5号《文印管理工作实施细则》"))
        self.note = QLineEdit(form_box)
        grid.addWidget(QLabel(self.tr("依据"), form_box), 3, 0)
        grid.addWidget(self.source, 3, 1, 1, 5)
        grid.addWidget(QLabel(self.tr("备注"), form_box), 4, 0)
        grid.addWidget(self.note, 4, 1, 1, 5)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        self.add_button = QPushButton(self.tr("新增标准"), form_box)
        guard(self.add_button, "typing.standard")
        self.add_button.setToolTip(self.tr("按上面填写的数字，新增一条从执行日期起执行的标准"))
        self.add_button.clicked.connect(self.add_standard)
        self.update_button = QPushButton(self.tr("修改所选"), form_box)
        guard(self.update_button, "typing.standard")
        self.update_button.setToolTip(self.tr("更正所选的标准（已用于结账月份的标准不能修改）"))
        self.update_button.clicked.connect(self.update_standard)
        buttons = QHBoxLayout()
        buttons.addWidget(hint(self.tr("在表中选一行，可把它的数字带入下面再改。"), form_box), 1)
        buttons.addWidget(self.update_button)
        buttons.addWidget(self.add_button)
        box_layout = QVBoxLayout(form_box)
        box_layout.addLayout(grid)
        box_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(source_box)
        layout.addWidget(form_box)
        layout.addWidget(self.buttons)
        self.reload()
        try:  # a new standard starts from the figures in force, with a date and grounds of its own
            self._fill_form(typing_pool.standard_on(self.today))
        except BadValue:
            pass
        self.effective_from.setDate(self.today)
        self.source.clear()
        self.note.clear()

    def reload(self, select: int | None = None) -> None:
        standards = typing_pool.standards()
        try:
            in_force = typing_pool.standard_on(self.today).id
        except BadValue:
            in_force = None
        rows = [(s.effective_from, s.min_speed, s.max_errors_per_10k, s.deduction_per_error, s.speed_fail_deduction,
                 s.monthly_cap, s.chars_per_page, self.tr("现行") if s.id == in_force else "",
                 "；".join(t for t in (s.source, s.note) if t)) for s in standards]
        fill_table(self.table, rows, [s.id for s in standards])
        align_right(self.table, (2, 3, 4, 5))
        self.default_source.setText(standards[0].source if standards and standards[0].source
                                    else self.tr("（未注明）"))
        self.default_source.setToolTip(self.default_source.text())
        if select is not None:
            select_id(self.table, select)
        set_enabled(self.update_button, selected_id(self.table) is not None)

    def _selected(self) -> TypingStandard | None:
        sid = selected_id(self.table)
        return typing_pool.standard_by_id(sid)

    def _selection_changed(self) -> None:
        standard = self._selected()
        set_enabled(self.update_button, standard is not None)
        if standard is not None:
            self._fill_form(standard)

    def _fill_form(self, standard: TypingStandard) -> None:
        self.effective_from.setDate(standard.effective_from)
        self.min_speed.setValue(standard.min_speed)
        self.chars_per_page.setValue(standard.chars_per_page)
        for key, edit in self.amounts.items():
            edit.setText(str(getattr(standard, key)))
        self.source.setText(standard.source)
        self.note.setText(standard.note)

    def data(self) -> dict:
        data = {"effective_from": date_of(self.effective_from), "min_speed": self.min_speed.value(),
                "chars_per_page": self.chars_per_page.value(), "source": self.source.text(), "note": self.note.text()}
        data.update({key: edit.text() for key, edit in self.amounts.items()})
        return data

    def add_standard(self) -> None:
        ok, standard = self.act(typing_pool.set_standard, self.data())
        if ok:
            self.reload(select=standard.id)
            self.message = self.tr("已新增 %1 起执行的文印标准").replace("%1", standard.effective_from.isoformat())

    def update_standard(self) -> None:
        standard = self._selected()
        if standard is None:
            return
        ok, standard = self.act(typing_pool.set_standard, self.data(), standard)
        if ok:
            self.reload(select=standard.id)
            self.message = self.tr("已修改 %1 起执行的文印标准").replace("%1", standard.effective_from.isoformat())


# ---------------------------------------------------------------- 月度考核
def previous_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


class MonthAssessmentDialog(PanelDialog):
    """A month's assessment per typist; 结账 posts the deductions, 撤销结账 takes them back."""

    HEADERS = (
        QT_TRANSLATE_NOOP("MonthAssessmentDialog", "打字员"), QT_TRANSLATE_NOOP("MonthAssessmentDialog", "份数"),
        QT_TRANSLATE_NOOP("MonthAssessmentDialog", "页数"), QT_TRANSLATE_NOOP("MonthAssessmentDialog", "字数"),
        QT_TRANSLATE_NOOP("MonthAssessmentDialog", "差错"), QT_TRANSLATE_NOOP("MonthAssessmentDialog", "每万字差错"),
        QT_TRANSLATE_NOOP("MonthAssessmentDialog", "允许差错"), QT_TRANSLATE_NOOP("MonthAssessmentDialog", "超出"),
        QT_TRANSLATE_NOOP("MonthAssessmentDialog", "测速（字/分）"), QT_TRANSLATE_NOOP("MonthAssessmentDialog", "测速日期"),
        QT_TRANSLATE_NOOP("MonthAssessmentDialog", "是否达标"), QT_TRANSLATE_NOOP("MonthAssessmentDialog", "扣款（元）"),
        QT_TRANSLATE_NOOP("MonthAssessmentDialog", "扣款依据"))

    def __init__(self, parent: QWidget | None = None, today: date | None = None, year: int | None = None,
                 month: int | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.message = ""
        self.assessment: typing_pool.MonthAssessment | None = None
        self.setWindowTitle(self.tr("文印月度考核"))
        self.resize(em(self, 96), em(self, 36))
        self.month_picker = MonthPicker(self, "typing", ended=True)
        self.month_picker.reload(self.today, chosen=(year, month) if year and month else None)
        self.month_picker.month_changed.connect(lambda _y, _m: self.reload())
        self.state = QLabel(self)
        font = self.state.font()
        font.setBold(True)
        self.state.setFont(font)
        self.close_button = QPushButton(self.tr("结账…"), self)
        guard(self.close_button, "typing.close")
        self.close_button.setToolTip(self.tr("把本月各打字员的扣款记入奖惩台账；结账后本月的文印登记不能再改"))
        self.close_button.clicked.connect(self.close_month)
        self.reopen_button = QPushButton(self.tr("撤销结账…"), self)
        guard(self.reopen_button, "typing.close")
        self.reopen_button.setToolTip(self.tr("撤回本月记入奖惩台账的扣款（奖金表定稿后不能撤销）"))
        self.reopen_button.clicked.connect(self.reopen_month)
        preview = QPushButton(self.tr("打印预览…"), self)
        preview.clicked.connect(self.print_preview)
        pdf = QPushButton(self.tr("存为 PDF…"), self)
        pdf.clicked.connect(self.save_pdf)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("考核月份："), self))
        top.addWidget(self.month_picker)
        top.addSpacing(em(self, 1))
        top.addWidget(self.state)
        top.addStretch(1)
        for button in (self.close_button, self.reopen_button, preview, pdf):
            top.addWidget(button)
        self.standard_label = hint("", self)
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=len(self.HEADERS) - 1)
        self.table.setWordWrap(True)
        self.total = QLabel(self)
        self.total.setFont(font)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.standard_label)
        layout.addWidget(self.table, 1)
        legend = hint(self.tr("红色为未达标准；字数标“估算”的，有文稿未登记字数，按页数 × 每页字数估算。"), self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addWidget(legend, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.reload()

    def period(self) -> tuple[int, int]:
        return self.month_picker.month()

    def period_text(self) -> str:
        return month_text(*self.month_picker.month())

    def reload(self) -> None:
        try:
            a = typing_pool.assess_month(*self.period())
        except BadValue as exc:
            self.assessment = None
            self.table.setRowCount(0)
            self.state.setText("")
            self.standard_label.setText(str(exc))
            self.total.setText("")
            set_enabled(self.close_button, False)
            self.reopen_button.setVisible(False)
            return
        self.assessment = a
        s = a.standard
        self.standard_label.setText(
            self.tr("执行标准（%1 起）：速度不低于 %2 字/分；每万字差错不超过 %3 个；超出的每个差错扣 %4 元；"
                    "测速不达标扣 %5 元；每月扣款不超过 %6 元；未登记字数的按每页 %7 字估算。")
            .replace("%1", s.effective_from.isoformat()).replace("%2", str(s.min_speed))
            .replace("%3", str(s.max_errors_per_10k)).replace("%4", str(s.deduction_per_error))
            .replace("%5", str(s.speed_fail_deduction)).replace("%6", str(s.monthly_cap))
            .replace("%7", str(s.chars_per_page)))
        rows, red = [], []
        for i, r in enumerate(a.rows):
            characters = f"{r.characters:,}" + (self.tr("（估算）") if r.estimated else "")
            rows.append((r.name, r.documents, r.pages, characters, r.errors,
                         r.errors_per_10k if r.errors_per_10k is not None else "—", r.allowed_errors,
                         r.excess_errors, r.speed if r.speed is not None else self.tr("未测"), r.speed_tested_on,
                         self.tr("达标") if r.meets_standard else self.tr("不达标"), r.deduction,
                         "；".join(r.reasons)))
            if not r.meets_standard:
                red.append(i)
        fill_table(self.table, rows, [r.typist.id for r in a.rows], red_rows=red)
        align_right(self.table, (3, 5, 8, 11))
        self.table.resizeRowsToContents()  # long reasons wrap in their column
        self.total.setText(self.tr("扣款合计 %1 元").replace("%1", str(a.total_deduction)))
        if a.bonus_final:
            state = self.tr("已结账，奖金表已定稿") if a.closed else self.tr("奖金表已定稿")
        else:
            state = self.tr("已结账") if a.closed else self.tr("未结账")
        self.state.setText(state)
        self.close_button.setVisible(not a.closed)
        set_enabled(self.close_button, not a.closed and not a.bonus_final)
        self.reopen_button.setVisible(a.closed)
        set_enabled(self.reopen_button, a.closed and not a.bonus_final)

    def close_month(self) -> None:
        a = self.assessment
        if a is None:
            return
        answer = QMessageBox.question(
            self, self.tr("结账"),
            self.tr("把 %1 的文印扣款（合计 %2 元）记入奖惩台账，并锁定该月的文印登记？\n结账后如需更正，可撤销结账"
                    "（奖金表定稿前）。").replace("%1", self.period_text()).replace("%2", str(a.total_deduction)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, closed = self.act(typing_pool.close_month, *self.period(), today=self.today)
        if ok:
            self.message = (self.tr("%1 文印考核已结账，扣款合计 %2 元记入奖惩台账")
                            .replace("%1", self.period_text()).replace("%2", str(closed.total_deduction)))

    def reopen_month(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("撤销结账"),
            self.tr("撤销 %1 的文印结账？记入奖惩台账的扣款将一并撤回。").replace("%1", self.period_text()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _ = self.act(typing_pool.reopen_month, *self.period())
        if ok:
            self.message = self.tr("%1 文印考核已撤销结账，扣款已撤回").replace("%1", self.period_text())

    def print_preview(self) -> None:
        doc = typing_reports.month_assessment(*self.period())
        printing.preview(self, doc.html(), doc.title, doc.landscape)

    def save_pdf(self) -> None:
        doc = typing_reports.month_assessment(*self.period())
        return printing.ask_and_save_pdf(self, doc.html(), doc.title, doc.landscape)


# ---------------------------------------------------------------- 测速记录
class SpeedTestList(RecordList):
    """测速记录, a page of 文印: search, sort, export, a typist filter, 测速… to add one; a
    speed-tests ledger can be dropped here.  Its rows are read when the page is first shown
    (``RowsWhenShown``): 文印管理 opens on its work log."""

    key = "speed_tests"
    model_class = RowsWhenShown
    import_kind = "speed-tests"
    permission = "typing.edit"
    can_edit = False

    def new_label(self) -> str:
        return self.tr("测速…")

    def note(self) -> str:
        return self.tr("速度 = 录入字数 ÷ 用时；准确率 = 1 − 差错 ÷ 字数。")

    def table_title(self):
        return self.tr("打字速度测试")

    def listing(self):
        return typing_pool.speed_test_listing()

    def search_hint(self):
        return self.tr("按打字员、备注筛选")

    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.typist_filter = typist_combo(self, include_gone=True)
        self.typist_filter.insertItem(0, self.tr("全部"), None)
        self.typist_filter.setCurrentIndex(0)
        self.typist_filter.setObjectName("filter_typist_id")
        self.typist_filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filters({"typist_id": self.typist_filter.currentData()}))
        bar.addWidget(QLabel(self.tr("打字员："), self))
        bar.addWidget(self.typist_filter)

    def new_row(self) -> None:
        dialog = SpeedTestDialog(self)
        if self.run_dialog(dialog):
            text = dialog.result_text()
            self.show_change(self.tr("已登记测速：%1").replace("%1", text))
            QMessageBox.information(self, self.tr("测速结果"), text)
