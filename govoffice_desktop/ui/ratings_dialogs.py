"""季度评议 forms: entering returned rating sheets by serial (录入评议表), printing sheets with
consecutive serials (打印评议表), a rater group (新建 / 修改评议组, the grassroots mark), and the
explanations a closed quarter asked for (后三名说明情况, 调离).

Every figure and every refusal comes from services/ratings.py; these only show and collect."""
from __future__ import annotations

from govoffice_desktop.models.db import database
from govoffice_desktop.reports.ratings import ballot_sheets
from govoffice_desktop.services import outputs, ratings
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.forms import ask_save_path
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.models.ratings import (BOTTOM_UP, CLOSED, DIRECTIONS, PERSON_GRADES, RATES_PEOPLE,
                                              RATES_SECTIONS, RaterGroup,
                                              RatingPeriod, SECTION_GRADES, TOP_DOWN)
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox,
                               QVBoxLayout, QWidget)

from govoffice_desktop.ui.forms import (set_enabled, guard, PanelDialog, ServiceDialog, date_edit, date_of, em, fill_table, hint,
                                        read_only_table, select_id, selected_id)


def tr(text: str) -> str:
    return QCoreApplication.translate("ratings", text)


def group_combo(parent: QWidget, period: RatingPeriod, direction: str | None = None) -> QComboBox:
    """The period's rater groups (ids as data), labelled with their direction; ``direction``'s first."""
    combo = QComboBox(parent)
    for group in ratings.groups_of(period):
        label = tr("%1 · %2（评个人）") if ratings.rates_people(group) else tr("%1 · %2")
        combo.addItem(label.replace("%1", group.direction).replace("%2", group.name), group.id)
    if direction:
        for i, group in enumerate(ratings.groups_of(period)):
            if group.direction == direction:
                combo.setCurrentIndex(i)
                break
    return combo


def counts_text(group: RaterGroup) -> str:
    counts = ratings.ballot_counts(group)
    return (tr("印发 %1 张 · 已录有效 %2 张 · 废票 %3 张 · 未录 %4 张")
            .replace("%1", str(counts["printed"])).replace("%2", str(counts["valid"]))
            .replace("%3", str(counts["void"])).replace("%4", str(counts["missing"])))


def serial_range_text(group: RaterGroup) -> str:
    if not group.sheets_printed:
        return tr("本组尚未打印评议表")
    first = group.first_serial or 1
    return (tr("本组编号 %1–%2，可只输数字，也可输入表上的完整编号")
            .replace("%1", str(first)).replace("%2", str(first + group.sheets_printed - 1)))


# ---------------------------------------------------------------- 录入评议表
class GradeCombo(QComboBox):
    """A section's grade: the number keys 1…n pick a grade and move on to the next section;
    0, Delete or Backspace leave the section unmarked."""

    picked = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                    Qt.KeyboardModifier.KeypadModifier):
            n = int(text)
            if 0 <= n < self.count():
                self.setCurrentIndex(n)
                if n:
                    self.picked.emit()
                    self.focusNextChild()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.setCurrentIndex(0)
            return
        super().keyPressEvent(event)


class BallotEntryDialog(PanelDialog):
    """Returned sheets, one after another: the serial, a grade per section (number keys), Enter
    saves through ratings.enter_ballot and clears the form for the next sheet.  Where the direction
    rates by criteria the form is a grid, the sections down and a grade per criterion across; a
    group rating individual staff lists the people instead of the sections."""

    saved = Signal()

    def __init__(self, period: RatingPeriod, direction: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.period = period
        self.setWindowTitle(self.tr("录入评议表 — %1").replace("%1", str(period)))
        self.group = group_combo(self, period, direction)
        self.counts = QLabel(self)
        self.counts.setStyleSheet("font-weight: bold;")
        self.serial = QLineEdit(self)
        self.serial.setObjectName("serial")
        self.serial.setMinimumWidth(em(self, 16))
        self.serial.setPlaceholderText(self.tr("表右上角的编号，如 7"))
        self.serial_hint = hint("", self)
        self.void = QCheckBox(self.tr("废票"), self)
        self.void_reason = QLineEdit(self)
        self.void_reason.setMaxLength(60)
        self.void_reason.setPlaceholderText(self.tr("废票原因，如：空白、多选、涂改无法辨认"))
        self.void_reason.setEnabled(False)
        self.void.toggled.connect(self.void_reason.setEnabled)
        self.save_button = QPushButton(self.tr("保存本张（Enter）"), self)
        guard(self.save_button, "ratings.enter")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        for button in self.buttons.buttons():
            button.setAutoDefault(False)
        self.last = QLabel(self)
        self.last.setWordWrap(True)

        self.marks_box = QGroupBox(self)
        self.scroll = QScrollArea(self.marks_box)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.legend = hint("", self.marks_box)
        box_layout = QVBoxLayout(self.marks_box)
        box_layout.addWidget(self.legend)
        box_layout.addWidget(self.scroll)
        # one chooser per section (or person), or per (section, criterion) where criteria are used
        self.combos: dict[int | tuple[int, int], GradeCombo] = {}
        self.criteria: list = []
        self.people = False

        form = QFormLayout()
        form.addRow(self.tr("评议组"), self.group)
        form.addRow("", self.counts)
        form.addRow(self.tr("编号 *"), self.serial)
        form.addRow("", self.serial_hint)
        void_row = QHBoxLayout()
        void_row.addWidget(self.void)
        void_row.addWidget(self.void_reason, 1)
        save_row = QHBoxLayout()
        save_row.addWidget(self.last, 1)
        save_row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.marks_box, 1)
        layout.addLayout(void_row)
        layout.addLayout(save_row)
        layout.addWidget(self.buttons)
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed())
        self._group_changed()
        self.serial.setFocus()

    def current_group(self) -> RaterGroup | None:
        group_id = self.group.currentData()
        return ratings.group_by_id(group_id)

    def _box_title(self) -> str:
        if self.people:
            return (self.tr("各人员各项目等次（数字键选等次，自动跳到下一格；0 或 Delete 清除）") if self.criteria
                    else self.tr("各人员等次（数字键选等次，自动跳到下一人；0 或 Delete 清除）"))
        return (self.tr("各科室各项目等次（数字键选等次，自动跳到下一格；0 或 Delete 清除）") if self.criteria
                else self.tr("各科室等次（数字键选等次，自动跳到下一科室；0 或 Delete 清除）"))

    def _group_changed(self) -> None:
        """A row per section (or person) with the group's grades (1 好, 2 较好 …): one chooser, or
        where the direction rates by criteria one per criterion, the criteria across."""
        group = self.current_group()
        body = QWidget(self.scroll)
        grid = QGridLayout(body)
        grid.setVerticalSpacing(4)
        self.combos = {}
        self.criteria = ratings.criteria_of(group.direction) if group is not None else []
        self.people = group is not None and ratings.rates_people(group)
        self.marks_box.setTitle(self._box_title())
        first = 2 if self.people else 1  # the first grade column: after the name (and the person's section)
        columns = self.criteria or [None]
        header = bool(self.criteria) or self.people
        if group is not None:
            grades = ratings.grades_of(group)
            self.legend.setText(self.tr("等次：") + "　".join(f"{n} {g.label}" for n, g in enumerate(grades, 1)))
            if header:
                bold = "font-weight: bold;"
                titles = [self.tr("姓名"), self.tr("科室")] if self.people else [self.tr("科室")]
                titles += [c.name for c in self.criteria] or [self.tr("等次")]
                for c, title in enumerate(titles):
                    label = QLabel(title, body)
                    label.setStyleSheet(bold)
                    if c >= first:
                        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                    grid.addWidget(label, 0, c)
            for row, target in enumerate(ratings.targets_of(group), int(header)):
                grid.addWidget(QLabel(target.name, body), row, 0)
                if self.people:
                    grid.addWidget(hint(target.section, body), row, 1)
                for c, criterion in enumerate(columns, first):
                    combo = GradeCombo(body)
                    combo.addItem(self.tr("—"), None)
                    for n, grade in enumerate(grades, 1):
                        combo.addItem(f"{n} {grade.label}", grade.id)
                    combo.setMinimumWidth(em(self, 8))
                    if criterion is not None:
                        combo.setToolTip(f"{target.name} · {criterion.name}")
                    grid.addWidget(combo, row, c)
                    self.combos[(target.id, criterion.id) if criterion is not None else target.id] = combo
        if self.people and not self.criteria:  # one chooser a person: kept narrow, beside the names
            grid.setColumnStretch(first + 1, 1)
        else:
            for c in range(first, first + len(columns)):
                grid.setColumnStretch(c, 1)
        rows = len(self.combos) // len(columns)
        grid.setRowStretch(rows + int(header), 1)
        if self.combos:  # room for every row without scrolling, up to fourteen of them
            row_height = next(iter(self.combos.values())).sizeHint().height() + grid.verticalSpacing()
            self.scroll.setMinimumHeight((min(rows, 14) + int(header)) * row_height + em(self, 1.5))
        old = self.scroll.takeWidget()
        self.scroll.setWidget(body)
        if old is not None:
            old.deleteLater()
        widgets = [self.serial, *self.combos.values(), self.void, self.void_reason, self.save_button]
        for first_widget, second in zip(widgets, widgets[1:]):
            QWidget.setTabOrder(first_widget, second)
        # wide enough for the names and every criterion's chooser side by side (never shrunk
        # below what the user made it)
        shown = self.isVisible()
        width = max(em(self, 34), em(self, (14 if self.people else 9) + 9.5 * len(columns)),
                    self.width() if shown else 0)
        self.resize(width, max(self.sizeHint().height(), self.height() if shown else 0))
        self.reload()

    def reload(self) -> None:
        group = self.current_group()
        self.counts.setText(counts_text(group) if group else self.tr("本评议期还没有评议组"))
        self.serial_hint.setText(serial_range_text(group) if group else "")
        set_enabled(self.save_button, group is not None)

    def marks(self) -> dict:
        """Section (or person) id, or (id, criterion id), → grade id, for the choosers set."""
        return {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData() is not None}

    def clear(self) -> None:
        for combo in self.combos.values():
            combo.setCurrentIndex(0)
        self.void.setChecked(False)
        self.void_reason.clear()
        self.serial.clear()
        self.serial.setFocus()

    def save(self) -> bool:
        group = self.current_group()
        if group is None:
            return False
        marks = self.marks()
        ok, ballot = self.act(ratings.enter_ballot, group, self.serial.text(), marks, void=self.void.isChecked(),
                              void_reason=self.void_reason.text())
        if not ok:
            self.serial.setFocus()
            self.serial.selectAll()
            return False
        rated = len({key[0] if isinstance(key, tuple) else key for key in marks})
        if ballot.void:
            text = self.tr("已录入 %1（废票）")
        elif self.criteria:
            text = (self.tr("已录入 %1：%2 人共 %3 个等次") if self.people
                    else self.tr("已录入 %1：%2 个科室共 %3 个等次")).replace("%3", str(len(marks)))
        else:
            text = self.tr("已录入 %1：%2 人有等次") if self.people else self.tr("已录入 %1：%2 个科室有等次")
        self.last.setText(text.replace("%1", ballot.serial).replace("%2", str(rated)))
        self.clear()
        self.saved.emit()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the serial field goes on to the first chooser; anywhere else it saves."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.serial and self.combos and not self.marks() and not self.void.isChecked():
                next(iter(self.combos.values())).setFocus()
            else:
                self.save()
            return
        super().keyPressEvent(event)


# ---------------------------------------------------------------- 新建评议组 / 修改评议组
class GroupDialog(ServiceDialog):
    """A rater group of the period (ratings.add_group): direction, name, weight, grade scale,
    whether its sheets rate the sections or, top-down only, individual staff, and whether it is the
    grassroots group (基层评议组: a bottom-up group whose name holds 基层 is, by default).  With
    ``edit`` the form changes a group of the period instead (ratings.update_group): its weight and
    the grassroots mark."""

    def __init__(self, period: RatingPeriod, direction: str | None = None, parent: QWidget | None = None,
                 edit: bool = False):
        super().__init__(parent)
        self.period = period
        self.edit = edit
        self.setWindowTitle((self.tr("修改评议组 — %1") if edit else self.tr("新建评议组 — %1")).replace("%1", str(period)))
        self.group = group_combo(self, period, direction)
        self.direction = QComboBox(self)
        for d in DIRECTIONS:
            self.direction.addItem(self.tr(d), d)
        self.direction.setCurrentIndex(max(self.direction.findData(direction), 0))
        self.name = QLineEdit(self)
        self.name.setMaxLength(20)
        self.name.setPlaceholderText(self.tr("如：市领导、基层单位、办领导"))
        self.weight = QLineEdit("1", self)
        self.weight.setPlaceholderText(self.tr("如 0.60"))
        self.scale = QComboBox(self)
        for scale in ratings.grade_scales():
            self.scale.addItem(scale.name, scale.id)
        self.rates = QComboBox(self)
        self.rates.addItem(self.tr("科室"), RATES_SECTIONS)
        self.rates.addItem(self.tr("人员（上评下评个人）"), RATES_PEOPLE)
        self.rates_hint = hint(self.tr("下评上只评科室：基层评议不记名，票上不出现任何人员。"), self)
        self.grassroots = QCheckBox(self.tr("基层评议组（后三名说明情况、连续三次最差调离只按本组得分）"), self)
        self.grassroots_touched = False
        self.grassroots.clicked.connect(lambda _on: setattr(self, "grassroots_touched", True))
        form = QFormLayout()
        if edit:
            form.addRow(self.tr("评议组"), self.group)
        else:
            form.addRow(self.tr("方向"), self.direction)
            form.addRow(self.tr("名称 *"), self.name)
        form.addRow(self.tr("权重"), self.weight)
        if not edit:
            form.addRow(self.tr("评议等次"), self.scale)
            form.addRow(self.tr("评议对象"), self.rates)
            form.addRow("", self.rates_hint)
        form.addRow("", self.grassroots)
        for widget in (self.group, self.direction, self.name, self.scale, self.rates, self.rates_hint):
            if form.indexOf(widget) < 0:
                widget.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.direction.currentIndexChanged.connect(lambda _i: self._direction_changed())
        self.name.textChanged.connect(lambda _t: self._default_grassroots())
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed())
        if edit:
            self._group_changed()
        else:
            self._direction_changed()
        self.setMinimumWidth(em(self, 28))

    def _group_changed(self) -> None:
        group = ratings.group_by_id(self.group.currentData())
        if group is None:
            return
        self.weight.setText(f"{group.weight.normalize():f}")
        self.grassroots.setChecked(bool(group.grassroots))
        self.grassroots.setEnabled(group.direction == BOTTOM_UP)

    def _default_grassroots(self) -> None:
        """A bottom-up group named …基层… is the grassroots group unless the user said otherwise."""
        if self.edit or self.grassroots_touched:
            return
        self.grassroots.setChecked(ratings.grassroots_by_default(self.period, self.direction.currentData(),
                                                                 self.name.text().strip()))

    def _direction_changed(self) -> None:
        top_down = self.direction.currentData() == TOP_DOWN
        if not top_down:
            self.rates.setCurrentIndex(0)
        self.rates.setEnabled(top_down)
        self.rates_hint.setVisible(not top_down)
        self.grassroots.setEnabled(not top_down)
        if top_down:
            self.grassroots.setChecked(False)
        else:
            self._default_grassroots()
        if top_down:  # people are rated on 优秀/称职/基本称职/不称职
            index = next((i for i in range(self.scale.count()) if self.scale.itemText(i).startswith(PERSON_GRADES[0])), -1)
        else:
            index = next((i for i in range(self.scale.count()) if self.scale.itemText(i).startswith(SECTION_GRADES[0])), -1)
        if index >= 0:
            self.scale.setCurrentIndex(index)

    def submit(self) -> RaterGroup:
        if self.edit:
            group = ratings.group_by_id(self.group.currentData())
            if group is None:
                raise BadValue("本评议期还没有评议组")
            return ratings.update_group(group, self.weight.text(), grassroots=self.grassroots.isChecked())
        return ratings.add_group(self.period, self.direction.currentData(), self.name.text(), self.weight.text(),
                                 self.scale.currentData(), rates=self.rates.currentData(),
                                 grassroots=self.grassroots.isChecked() if self.grassroots.isEnabled() else False)


# ---------------------------------------------------------------- 打印评议表
class PrintSheetsDialog(PanelDialog):
    """Copies of a group's sheet with consecutive serials; the serials are reserved only when the
    user prints (preview) or saves the PDF."""

    def __init__(self, period: RatingPeriod, direction: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.period = period
        self.message = ""
        self.setWindowTitle(self.tr("打印评议表 — %1").replace("%1", str(period)))
        self.group = group_combo(self, period, direction)
        self.copies = QSpinBox(self)
        self.copies.setRange(1, 2000)
        self.copies.setValue(40)
        self.copies.setSuffix(self.tr(" 份"))
        self.copies.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.state = hint("", self)
        self.print_button = QPushButton(self.tr("打印…"), self)
        guard(self.print_button, "ratings.enter")
        self.print_button.setToolTip(self.tr("编号留给这批评议表，然后打开打印预览"))
        self.pdf_button = QPushButton(self.tr("存为 PDF…"), self)
        guard(self.pdf_button, "ratings.enter")
        self.pdf_button.setToolTip(self.tr("选好文件后编号才留给这批评议表；文件未写成则不占编号"))
        self.print_button.clicked.connect(self.print_sheets)
        self.pdf_button.clicked.connect(self.save_pdf)
        form = QFormLayout()
        form.addRow(self.tr("评议组"), self.group)
        form.addRow(self.tr("份数"), self.copies)
        form.addRow("", self.state)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("每份一页 A4，编号连续；下评上的评议表不记名。"), self))
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self.group.currentIndexChanged.connect(lambda _i: self.reload())
        self.setMinimumWidth(em(self, 34))
        self.reload()

    def current_group(self) -> RaterGroup | None:
        group_id = self.group.currentData()
        return ratings.group_by_id(group_id)

    def reload(self) -> None:
        group = self.current_group()
        for button in (self.print_button, self.pdf_button):
            set_enabled(button, group is not None)
        if group is None:
            self.state.setText(self.tr("本评议期还没有评议组"))
            return
        if group.sheets_printed:
            first = group.first_serial or 1
            printed = (self.tr("本组已印 %1 张，编号 %2–%3；新印的接着编号。").replace("%1", str(group.sheets_printed))
                       .replace("%2", str(first)).replace("%3", str(first + group.sheets_printed - 1)))
        else:
            printed = self.tr("本组尚未打印评议表，编号从 1 起。")
        self.state.setText(printed + "\n" + counts_text(group))

    def _title(self, group: RaterGroup) -> str:
        return self.tr("%1评议表-%2").replace("%1", str(self.period)).replace("%2", group.name)

    def print_sheets(self) -> None:
        group = self.current_group()
        ok, serials = self.act(ratings.reserve_serials, group, self.copies.value())
        if not ok:
            return
        document = ballot_sheets(group, serials)
        if printing.preview(self, document.html(), self._title(group), document.landscape,
                            footer=document.footer):
            self.message = (self.tr("已为%1印出编号 %2–%3").replace("%1", group.name)
                            .replace("%2", str(serials[0])).replace("%3", str(serials[-1])))
        elif ratings.release_serials(group, serials):  # closed without printing: the numbers are free again
            self.message = self.tr("未打印，编号未占用")
        self.reload()

    def save_pdf(self, path: str | None = None) -> str | None:
        """Ask for the file, then reserve the serials and write it in one transaction: a file that
        cannot be written leaves the serials free."""

        group = self.current_group()
        if not path:
            from pathlib import Path


            default = str(Path.home() / f"{self._title(group)}.pdf")
            path = ask_save_path(self, self.tr("另存为 PDF"), default, self.tr("PDF 文件 (*.pdf)"), outputs.PDF)
            if not path:
                return None

        def reserve_and_write():
            outputs.check_output(path, outputs.PDF, force=True)  # before a serial is taken
            with database.atomic():  # the serials count as printed only if the PDF is written
                serials = ratings.reserve_serials(group, self.copies.value())
                document = ballot_sheets(group, serials)
                printing.save_pdf(document.html(), path, document.landscape, footer=document.footer,
                                  force=True)  # the dialog asked
                return serials

        try:
            ok, serials = self.act(reserve_and_write)
        except OSError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            self.reload()
            return None
        if not ok:
            return None
        self.message = (self.tr("已把 %1 份评议表（编号 %2–%3）存为 %4").replace("%1", str(len(serials)))
                        .replace("%2", str(serials[0])).replace("%3", str(serials[-1])).replace("%4", path))
        self.state.setText(self.message + "\n" + counts_text(self.current_group()))
        return path


# ---------------------------------------------------------------- 后三名说明情况 / 调离
class ExplanationsDialog(PanelDialog):
    """The explanations a period's closing asked for (ratings.close_period), and the chief's
    说明情况 (or the 调离 decision) recorded against one of them."""

    HEADERS = ("科室", "类别", "基层名次", "当事人", "应交日期", "收到日期", "说明内容 / 处理决定")

    def __init__(self, period: RatingPeriod, explanations: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.period = period
        self.explanations = {e.id: e for e in explanations}
        self.setWindowTitle(self.tr("后三名说明情况 — %1").replace("%1", str(period)))
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS])
        self.table.setMinimumHeight(em(self, 10))
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("科室负责人的说明情况，或调离的处理决定"))
        self.text.setMinimumHeight(em(self, 5))
        self.received_on = date_edit(self)
        self.outcome = QLineEdit(self)
        self.outcome.setPlaceholderText(self.tr("可不填，如：已约谈、已调离"))
        self.record_button = QPushButton(self.tr("记录"), self)
        guard(self.record_button, "ratings.manage")
        self.record_button.clicked.connect(self.record)
        editor = QGroupBox(self.tr("选中一行后记录"), self)
        form = QFormLayout(editor)
        form.addRow(self.tr("内容 *"), self.text)
        form.addRow(self.tr("日期 *"), self.received_on)
        form.addRow(self.tr("处理结果"), self.outcome)
        form.addRow("", self.record_button)
        layout = QVBoxLayout(self)
        if not explanations:
            layout.addWidget(hint(self.tr("本期没有需要说明的科室：结束评议时按基层评议组的得分确定后三名和连续三次最差。")
                                  if period.status != CLOSED else self.tr("本期没有需要说明的科室。"), self))
        else:
            layout.addWidget(hint(self.tr("基层评议后三名的科室负责人须在应交日期前说明情况；连续三次被评最差的，"
                                          "当事人按规定调离，在此记录处理决定。"), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(editor)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.resize(em(self, 52), em(self, 34))
        self.reload()

    def reload(self) -> None:
        current = selected_id(self.table)
        rows, ids, red = [], [], []
        for i, e in enumerate(self.explanations.values()):
            rows.append([e.section.name, e.kind, e.rank, e.person.name if e.person_id else self.tr("（未定负责人）"),
                         e.due_on, e.received_on or self.tr("待说明"), e.text])
            ids.append(e.id)
            if not e.received_on:
                red.append(i)
        fill_table(self.table, rows, ids, red)
        if current is None or not select_id(self.table, current):
            if ids:
                self.table.selectRow(0)
        self._selected()

    def _selected(self) -> None:
        e = self.explanations.get(selected_id(self.table))
        set_enabled(self.record_button, e is not None)
        if e is None:
            return
        self.text.setPlainText(e.text)
        self.outcome.setText(e.outcome)
        if e.received_on:
            from PySide6.QtCore import QDate

            self.received_on.setDate(QDate(e.received_on))

    def record(self) -> None:
        e = self.explanations.get(selected_id(self.table))
        if e is not None:
            self.act(ratings.record_explanation, e, self.text.toPlainText(), date_of(self.received_on),
                     self.outcome.text())

