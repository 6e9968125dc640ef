"""督查督办 forms: a supervised task (新建督办, 修改), its progress, completion, withdrawal and reopening;
the targets of a year (考核目标); a check of one person; a meeting and a phone call of the campaigns;
the month's 督查 rewards and penalties (结账, 撤销结账).

Every figure and every refusal comes from services/supervision.py; these only show and collect."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TARGET_KINDS, TASK_OPEN, TASK_SOURCES
from govoffice_desktop.services import staff, supervision
from govoffice_desktop.services.documents import incoming
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.forms import RED
from datetime import date, datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateTimeEdit, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from govoffice_desktop.ui.forms import (set_enabled, guard, PanelDialog, ServiceDialog, date_edit, date_of, em, fill_table, hint,
                                        read_only_table, select_id, selected_id)
from govoffice_desktop.texts import month_text

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def tr(text: str) -> str:
    return QCoreApplication.translate("supervision", text)


def text_of(value) -> str:
    return "" if value is None else str(value)


def choose_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def limit_to(edit, today: date) -> None:
    """No date after ``today`` (the services refuse one; the calendar does not offer it)."""
    edit.setMaximumDate(QDate(today))


def person_text(person) -> str:
    section = person.section.name if person.section_id else tr("未分科室")
    return tr("%1（%2）").replace("%1", person.name).replace("%2", section)


def person_combo(parent: QWidget, current=None, blank: str | None = None, section_id: int | None = None) -> QComboBox:
    """The staff (person ids as data), by section; ``current`` is offered even when gone;
    with ``section_id`` only that section's people."""
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    if blank is not None:
        combo.addItem(blank, None)
    people = [p for p in staff.people_on_staff() if section_id is None or p.section_id == section_id]
    for person in people:
        combo.addItem(person_text(person), person.id)
    if current is not None and current.id not in [p.id for p in people]:
        combo.addItem(tr("%1（%2）").replace("%1", current.name).replace("%2", current.status), current.id)
    if current is not None:
        choose_data(combo, current.id)
    return combo


def section_combo(parent: QWidget, current=None, blank: str | None = None) -> QComboBox:
    """The sections in place (ids as data); ``current`` is offered even when merged away."""
    combo = QComboBox(parent)
    if blank is not None:
        combo.addItem(blank, None)
    sections = staff.active_sections()
    for section in sections:
        combo.addItem(section.name, section.id)
    if current is not None and current.id not in [s.id for s in sections]:
        combo.addItem(tr("%1（已合署）").replace("%1", current.name), current.id)
    if current is not None:
        choose_data(combo, current.id)
    return combo


def text_box(parent: QWidget, text: str = "", lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setPlainText(text)
    box.setTabChangesFocus(True)
    box.setMinimumWidth(em(parent, 26))
    box.setFixedHeight(parent.fontMetrics().lineSpacing() * lines + 14)
    return box


# ---------------------------------------------------------------- 督办事项
class TaskDialog(ServiceDialog):
    """新建督办 / 修改 → supervision.save_task; the responsible section follows the person chosen."""

    def __init__(self, task=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.task = task
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改督办事项") if task else self.tr("新建督办"))
        self.source = QComboBox(self)
        for source in TASK_SOURCES:
            self.source.addItem(self.tr(source), source)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(200)
        self.title_edit.setMinimumWidth(em(self, 28))
        self.title_edit.setPlaceholderText(self.tr("如：督办城区道路积水点整治"))
        self.requirement = text_box(self, task.requirement if task else "")
        self.requirement.setPlaceholderText(self.tr("办理要求：目标、标准、反馈方式"))
        self.person = person_combo(self, task.person if task and task.person_id else None)
        self.section = section_combo(self, task.section if task and task.section_id else None)
        self.assigned_on = date_edit(self, task.assigned_on if task else self.today)
        limit_to(self.assigned_on, self.today)
        self.deadline = date_edit(self, task.deadline if task else self.today + timedelta(days=7))
        self.deadline_reason = QLineEdit(self)
        self.deadline_reason.setPlaceholderText(self.tr("改动办结时限时写明原因（记入办理进展）"))
        if task is not None:
            choose_data(self.source, task.source)
            self.title_edit.setText(task.title)
            if task.status != TASK_OPEN:
                self.deadline.setEnabled(False)
                self.deadline.setToolTip(self.tr("已办结或已撤销的事项不能再改办结时限"))
        else:
            self.person.setCurrentIndex(-1)
        self.person.currentIndexChanged.connect(self._person_changed)
        form = QFormLayout()
        document = incoming.document_of_task(task) if task is not None else None
        if document is not None:  # made from a 收文 (转督办): named, its handling goes on here
            form.addRow(self.tr("来自收文"), QLabel(f"{incoming.number_of(document)}　{document.title}", self))
        form.addRow(self.tr("来源 *"), self.source)
        form.addRow(self.tr("督办事项 *"), self.title_edit)
        form.addRow(self.tr("办理要求"), self.requirement)
        form.addRow(self.tr("责任人 *"), self.person)
        form.addRow(self.tr("责任科室"), self.section)
        form.addRow(self.tr("交办日期 *"), self.assigned_on)
        form.addRow(self.tr("办结时限 *"), self.deadline)
        form.addRow(self.tr("调整时限原因"), self.deadline_reason)
        self.form = form
        self.deadline.dateChanged.connect(self._deadline_changed)
        self._deadline_changed()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("责任科室随责任人所在科室，可改。距办结时限3天内亮黄灯，逾期亮红灯。"), self))
        layout.addWidget(self.buttons)

    def _deadline_changed(self, *_args) -> None:
        """The reason is asked for only when a task's deadline is being changed."""
        changed = self.task is not None and date_of(self.deadline) != self.task.deadline
        self.form.setRowVisible(self.deadline_reason, changed)

    def _person_changed(self, _index: int) -> None:
        person = staff.person_by_id(self.person.currentData())
        if person is not None and person.section_id is not None:
            choose_data(self.section, person.section_id)

    def data(self) -> dict:
        return {"source": self.source.currentData(), "title": self.title_edit.text(),
                "requirement": self.requirement.toPlainText(), "person": self.person.currentData(),
                "section": self.section.currentData(), "assigned_on": date_of(self.assigned_on),
                "deadline": date_of(self.deadline), "deadline_reason": self.deadline_reason.text()}

    def submit(self):
        return supervision.save_task(self.data(), self.task, today=self.today)


class ProgressDialog(ServiceDialog):
    """登记进展 → supervision.add_progress."""

    def __init__(self, task, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.task = task
        self.today = today or date.today()
        self.setWindowTitle(self.tr("登记办理进展"))
        self.noted_on = date_edit(self, self.today)
        limit_to(self.noted_on, self.today)
        self.note = text_box(self, "", 4)
        self.noted_by = QLineEdit(self)
        self.noted_by.setMaxLength(30)
        self.noted_by.setPlaceholderText(self.tr("不填则记为当前用户"))
        form = QFormLayout()
        form.addRow(self.tr("督办事项"), QLabel(task.title, self))
        form.addRow(self.tr("进展日期 *"), self.noted_on)
        form.addRow(self.tr("进展情况 *"), self.note)
        form.addRow(self.tr("登记人"), self.noted_by)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def submit(self):
        return supervision.add_progress(self.task, date_of(self.noted_on), self.note.toPlainText(),
                                        self.noted_by.text(), today=self.today)


class CompleteDialog(ServiceDialog):
    """办结, with the date and the result → supervision.complete_task."""

    def __init__(self, task, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.task = task
        self.today = today or date.today()
        self.setWindowTitle(self.tr("办结"))
        self.completed_on = date_edit(self, self.today)
        limit_to(self.completed_on, self.today)
        self.result_box = text_box(self, "", 4)
        self.result_box.setPlaceholderText(self.tr("办理结果：做了什么、达到什么效果、如何反馈"))
        form = QFormLayout()
        form.addRow(self.tr("督办事项"), QLabel(task.title, self))
        form.addRow(self.tr("办结时限"), QLabel(task.deadline.isoformat(), self))
        form.addRow(self.tr("办结日期 *"), self.completed_on)
        form.addRow(self.tr("办理结果 *"), self.result_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("晚于办结时限办结的，记为逾期办结。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return supervision.complete_task(self.task, date_of(self.completed_on), self.result_box.toPlainText(),
                                         today=self.today)


class ReasonDialog(ServiceDialog):
    """撤销督办 (with its date) or 重新办理: the reason → supervision.withdraw_task / reopen_task."""

    def __init__(self, task, withdraw: bool, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.task = task
        self.withdraw = withdraw
        self.today = today or date.today()
        self.setWindowTitle(self.tr("撤销督办") if withdraw else self.tr("重新办理"))
        self.on = date_edit(self, self.today)
        limit_to(self.on, self.today)
        self.reason = text_box(self, "", 3)
        self.reason.setPlaceholderText(self.tr("如：情况变化，经领导同意撤销督办") if withdraw
                                       else self.tr("如：领导批示要求继续跟踪办理"))
        form = QFormLayout()
        form.addRow(self.tr("督办事项"), QLabel(task.title, self))
        form.addRow(self.tr("撤销日期"), self.on)
        form.setRowVisible(self.on, withdraw)  # reopening takes no date
        form.addRow(self.tr("原因 *"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if not withdraw:
            layout.addWidget(hint(self.tr("原来的办结情况保留在办理进展中。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        if self.withdraw:
            return supervision.withdraw_task(self.task, self.reason.toPlainText(), date_of(self.on), today=self.today)
        return supervision.reopen_task(self.task, self.reason.toPlainText(), today=self.today)


# ---------------------------------------------------------------- 考核目标
class TargetDialog(ServiceDialog):
    """One target of a year's set → supervision.save_target."""

    def __init__(self, target=None, parent: QWidget | None = None, year: int | None = None, sort_order: int = 0):
        super().__init__(parent)
        self.target = target
        self.setWindowTitle(self.tr("修改考核目标") if target else self.tr("新增考核目标"))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2099)
        self.year.setValue(target.year if target else (year or date.today().year))
        self.kind = QComboBox(self)
        for kind in TARGET_KINDS:
            self.kind.addItem(self.tr(kind), kind)
        self.section = section_combo(self, target.section if target and target.section_id else None)
        self.name = QLineEdit(self)
        self.name.setMaxLength(60)
        self.name.setMinimumWidth(em(self, 20))
        self.name.setPlaceholderText(self.tr("如：按时到岗"))
        self.points = QLineEdit(self)
        self.points.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.points.setPlaceholderText(self.tr("未达标时扣的分"))
        self.method = QLineEdit(self)
        self.method.setMaxLength(100)
        self.method.setPlaceholderText(self.tr("如：每日8:30前点到"))
        self.sort_order = QSpinBox(self)
        self.sort_order.setRange(0, 999)
        self.active = QCheckBox(self.tr("启用"), self)
        self.active.setChecked(True)
        if target is not None:
            choose_data(self.kind, target.kind)
            self.name.setText(target.name)
            self.points.setText(str(target.points))
            self.method.setText(target.method)
            self.sort_order.setValue(target.sort_order)
            self.active.setChecked(target.active)
        else:
            self.points.setText("1")
            self.sort_order.setValue(sort_order)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        form = QFormLayout()
        form.addRow(self.tr("年度 *"), self.year)
        form.addRow(self.tr("类别 *"), self.kind)
        form.addRow(self.tr("科室"), self.section)
        form.addRow(self.tr("目标名称 *"), self.name)
        form.addRow(self.tr("分值 *"), self.points)
        form.addRow(self.tr("考核方法"), self.method)
        form.addRow(self.tr("排序"), self.sort_order)
        form.addRow("", self.active)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("共性目标每个科室都考核；个体目标只考核所选科室。未达标时扣去分值（可在督查时改）。"),
                              self))
        layout.addWidget(self.buttons)

    def _kind_changed(self, *_args) -> None:
        own = self.kind.currentData() == "个体目标"
        self.section.setEnabled(own)
        if own and self.section.currentIndex() < 0 and self.section.count():
            self.section.setCurrentIndex(0)

    def data(self) -> dict:
        own = self.kind.currentData() == "个体目标"
        return {"year": self.year.value(), "kind": self.kind.currentData(),
                "section": self.section.currentData() if own else None, "name": self.name.text(),
                "points": self.points.text().strip() or None, "method": self.method.text(),
                "sort_order": self.sort_order.value(), "active": self.active.isChecked()}

    def submit(self):
        return supervision.save_target(self.data(), self.target)


def target_data(target, **changes) -> dict:
    data = {"year": target.year, "kind": target.kind, "section": target.section_id, "name": target.name,
            "points": target.points, "method": target.method, "sort_order": target.sort_order,
            "active": target.active}
    data.update(changes)
    return data


class TargetsDialog(PanelDialog):
    """考核目标: the targets of a year (共性目标 first, then each section's 个体目标), added, corrected,
    switched off, deleted, or the set copied from the year before."""

    HEADERS = (QT_TRANSLATE_NOOP("TargetsDialog", "类别"), QT_TRANSLATE_NOOP("TargetsDialog", "科室"),
               QT_TRANSLATE_NOOP("TargetsDialog", "目标名称"), QT_TRANSLATE_NOOP("TargetsDialog", "分值"),
               QT_TRANSLATE_NOOP("TargetsDialog", "考核方法"), QT_TRANSLATE_NOOP("TargetsDialog", "状态"))

    def __init__(self, parent: QWidget | None = None, year: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("考核目标"))
        self.resize(em(self, 64), em(self, 40))
        self.message = ""
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2099)
        self.year.setSuffix(self.tr(" 年"))
        self.year.setValue(year or date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self.copy_button = QPushButton(self.tr("从上年复制…"), self)
        guard(self.copy_button, "supervision.edit")
        self.copy_button.setToolTip(self.tr("把上一年启用的目标复制到本年（本年已有的不重复）"))
        self.copy_button.clicked.connect(self.copy_from_last_year)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度："), self))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=4)
        self.table.doubleClicked.connect(lambda _i: self.edit_target())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.new_button = QPushButton(self.tr("新增…"), self)
        guard(self.new_button, "supervision.edit")
        self.new_button.clicked.connect(self.new_target)
        self.edit_button = QPushButton(self.tr("修改…"), self)
        guard(self.edit_button, "supervision.edit")
        self.edit_button.clicked.connect(self.edit_target)
        self.active_button = QPushButton(self.tr("停用"), self)
        guard(self.active_button, "supervision.edit")
        self.active_button.clicked.connect(self.toggle_active)
        self.delete_button = QPushButton(self.tr("删除"), self)
        guard(self.delete_button, "supervision.edit")
        self.delete_button.clicked.connect(self.delete_target)
        self.count = hint("", self)
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        for button in (self.new_button, self.edit_button, self.active_button, self.delete_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(hint(self.tr("已有督查记录的目标不能删除，也不能改年度、类别或科室；不再考核的请停用。"), self))
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        select = select if select is not None else selected_id(self.table)
        self.targets = supervision.targets_of(self.year.value(), every=True, include_inactive=True)
        rows = [(self.tr(t.kind), t.section.name if t.section_id else self.tr("各科室"), t.name, str(t.points),
                 t.method, self.tr("启用") if t.active else self.tr("停用")) for t in self.targets]
        fill_table(self.table, rows, [t.id for t in self.targets],
                   red_rows=[i for i, t in enumerate(self.targets) if not t.active])
        for row in range(self.table.rowCount()):
            self.table.item(row, 3).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if select is not None:
            select_id(self.table, select)
        common = sum(1 for t in self.targets if t.section_id is None)
        self.count.setText(self.tr("共性目标 %1 项，个体目标 %2 项").replace("%1", str(common))
                           .replace("%2", str(len(self.targets) - common)))
        self._update_buttons()

    def current(self):
        return supervision.target_by_id(selected_id(self.table))

    def _update_buttons(self) -> None:
        target = self.current()
        for button in (self.edit_button, self.active_button, self.delete_button):
            set_enabled(button, target is not None)
        self.active_button.setText(self.tr("启用") if target is not None and not target.active else self.tr("停用"))

    def _open(self, dialog: TargetDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            target = dialog.result_value
            if target.year != self.year.value():
                self.year.setValue(target.year)
            self.reload(select=target.id)
            self.message = self.tr("已保存考核目标“%1”").replace("%1", target.name)
        dialog.deleteLater()

    def new_target(self) -> None:
        after = max((t.sort_order for t in self.targets), default=0) + 1  # a new target comes last
        self._open(TargetDialog(parent=self, year=self.year.value(), sort_order=after))

    def edit_target(self) -> None:
        target = self.current()
        if target is not None:
            self._open(TargetDialog(target, self))

    def toggle_active(self) -> None:
        target = self.current()
        if target is not None:
            self.act(supervision.save_target, target_data(target, active=not target.active), target)

    def delete_target(self) -> None:
        target = self.current()
        if target is None:
            return
        answer = QMessageBox.question(self, self.tr("删除考核目标"),
                                      self.tr("删除“%1”？").replace("%1", target.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.act(supervision.delete_target, target)

    def copy_from_last_year(self) -> None:
        year = self.year.value()
        answer = QMessageBox.question(
            self, self.tr("从上年复制"),
            self.tr("把 %1 年启用的考核目标复制到 %2 年？%2 年已有的同名目标不重复复制。")
            .replace("%1", str(year - 1)).replace("%2", str(year)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, copied = self.act(supervision.copy_targets, year - 1, year)
        if ok:
            self.message = self.tr("已从 %1 年复制 %2 项考核目标").replace("%1", str(year - 1)).replace("%2", str(copied))
            QMessageBox.information(self, self.tr("从上年复制"), self.message)


# ---------------------------------------------------------------- 个人督查
class CheckDialog(ServiceDialog):
    """A check of one person (or one section) against one target on a day → supervision.record_check."""

    def __init__(self, day: date, parent: QWidget | None = None, check=None, today: date | None = None):
        super().__init__(parent)
        self.check = check
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改个人督查") if check else self.tr("登记个人督查"))
        self.checked_on = date_edit(self, check.checked_on if check else day)
        limit_to(self.checked_on, self.today)
        self.section = section_combo(self, check.section if check else None)
        self.person = QComboBox(self)
        self.target = QComboBox(self)
        self.met = QCheckBox(self.tr("达标"), self)
        self.deduction = QLineEdit(self)
        self.deduction.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.deduction.setPlaceholderText(self.tr("不填按目标分值"))
        self.bonus = QLineEdit(self)
        self.bonus.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.remark = QLineEdit(self)
        self.remark.setMinimumWidth(em(self, 24))
        self.remark.setPlaceholderText(self.tr("未达标须写明情况"))
        self.supervisor = QLineEdit(self)
        self.supervisor.setMaxLength(30)
        self.supervisor.setPlaceholderText(self.tr("不填则记为当前用户"))
        self.section.currentIndexChanged.connect(self._section_changed)
        self.checked_on.dateChanged.connect(lambda _d: self._fill_targets())
        self.met.toggled.connect(self._met_changed)
        self._section_changed()
        if check is not None:
            choose_data(self.person, check.person_id)
            choose_data(self.target, check.target_id)
            self.met.setChecked(check.met)
            self.deduction.setText("" if check.met else str(check.deduction))
            self.bonus.setText(str(check.bonus) if check.bonus else "")
            self.remark.setText(check.remark)
            self.supervisor.setText(check.supervisor)
        else:
            self.met.setChecked(False)
            self._met_changed(False)
        form = QFormLayout()
        form.addRow(self.tr("督查日期 *"), self.checked_on)
        form.addRow(self.tr("科室 *"), self.section)
        form.addRow(self.tr("人员"), self.person)
        form.addRow(self.tr("督查目标 *"), self.target)
        form.addRow("", self.met)
        form.addRow(self.tr("扣分"), self.deduction)
        form.addRow(self.tr("加分"), self.bonus)
        form.addRow(self.tr("情况说明"), self.remark)
        form.addRow(self.tr("督查人"), self.supervisor)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("落实到人的督查（如某人迟到）计入其科室当天的得分。"), self))
        layout.addWidget(self.buttons)

    def _section_changed(self, *_args) -> None:
        section_id = self.section.currentData()
        self.person.clear()
        self.person.addItem(self.tr("（科室）"), None)
        for person in staff.people_on_staff():
            if person.section_id == section_id:
                self.person.addItem(person.name, person.id)
        if self.check is not None and self.check.person_id and self.person.findData(self.check.person_id) < 0:
            self.person.addItem(self.check.person.name, self.check.person_id)
        if self.person.count() > 1:
            self.person.setCurrentIndex(1)
        self._fill_targets()

    def _fill_targets(self) -> None:
        current = self.target.currentData()
        self.target.clear()
        section_id = self.section.currentData()
        if section_id is None:
            return
        for target in supervision.targets_of(date_of(self.checked_on).year, section_id):
            self.target.addItem(f"{target.name}（{target.points}分）", target.id)
        if current is not None:
            choose_data(self.target, current)

    def _met_changed(self, met: bool) -> None:
        if met:
            self.deduction.clear()
        self.deduction.setEnabled(not met)

    def data(self) -> dict:
        return {"checked_on": date_of(self.checked_on), "section": self.section.currentData(),
                "person": self.person.currentData(), "target": self.target.currentData(),
                "met": self.met.isChecked(), "deduction": None if self.met.isChecked() else
                (self.deduction.text().strip() or None), "bonus": self.bonus.text().strip() or None,
                "remark": self.remark.text(), "supervisor": self.supervisor.text()}

    def submit(self):
        data = self.data()
        data["target"] = supervision.target_by_id(data["target"])
        return supervision.record_check(data, self.check, today=self.today)


# ---------------------------------------------------------------- 百次会议无失误 / 百次电话无差错
class MeetingDialog(ServiceDialog):
    """A meeting served → supervision.log_meeting (a new one, or ``entry`` corrected)."""

    def __init__(self, parent: QWidget | None = None, entry=None, today: date | None = None):
        super().__init__(parent)
        self.entry = entry
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改会议记录") if entry else self.tr("登记会议"))
        self.held_on = date_edit(self, entry.held_on if entry else self.today)
        limit_to(self.held_on, self.today)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(200)
        self.title_edit.setMinimumWidth(em(self, 24))
        self.title_edit.setPlaceholderText(self.tr("如：市政府第12次常务会议"))
        self.section = section_combo(self, entry.section if entry and entry.section_id else None,
                                     blank=self.tr("（未填）"))
        self.slip = QCheckBox(self.tr("有失误"), self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("有失误时写明失误情况"))
        if entry is not None:
            self.title_edit.setText(entry.title)
            self.slip.setChecked(entry.slip)
            self.note.setText(entry.note)
        form = QFormLayout()
        form.addRow(self.tr("会议日期 *"), self.held_on)
        form.addRow(self.tr("会议名称 *"), self.title_edit)
        form.addRow(self.tr("承办科室"), self.section)
        form.addRow("", self.slip)
        form.addRow(self.tr("失误情况"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("一次会议有失误，“百次会议无失误”从零算起。"), self))
        layout.addWidget(self.buttons)

    def data(self) -> dict:
        return {"held_on": date_of(self.held_on), "title": self.title_edit.text(),
                "section": self.section.currentData(), "slip": self.slip.isChecked(), "note": self.note.text()}

    def submit(self):
        return supervision.log_meeting(self.data(), self.entry, today=self.today)


class CallDialog(ServiceDialog):
    """A phone call handled → supervision.log_call (a new one, or ``entry`` corrected)."""

    def __init__(self, parent: QWidget | None = None, entry=None, today: date | None = None):
        super().__init__(parent)
        self.entry = entry
        self.today = today or date.today()
        self.setWindowTitle(self.tr("修改电话记录") if entry else self.tr("登记电话"))
        self.called_at = QDateTimeEdit(self)
        self.called_at.setCalendarPopup(True)
        self.called_at.setDisplayFormat(DATETIME_FORMAT)
        now = datetime.now().replace(second=0, microsecond=0)
        if now.date() != self.today:
            now = datetime.combine(self.today, now.time())
        self.called_at.setDateTime(QDateTime(entry.called_at if entry else now))
        self.caller = QLineEdit(self)
        self.caller.setMaxLength(60)
        self.caller.setMinimumWidth(em(self, 24))
        self.caller.setPlaceholderText(self.tr("如：市发改委办公室"))
        self.subject = QLineEdit(self)
        self.subject.setMaxLength(200)
        self.handled_by = person_combo(self, entry.handled_by if entry and entry.handled_by_id else None,
                                       blank=self.tr("（未填）"))
        self.error = QCheckBox(self.tr("有差错"), self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("有差错时写明差错情况"))
        if entry is not None:
            self.caller.setText(entry.caller)
            self.subject.setText(entry.subject)
            self.error.setChecked(entry.error)
            self.note.setText(entry.note)
        elif entry is None:
            self.handled_by.setCurrentIndex(0)
        form = QFormLayout()
        form.addRow(self.tr("来电时间 *"), self.called_at)
        form.addRow(self.tr("来电单位或人员"), self.caller)
        form.addRow(self.tr("事由 *"), self.subject)
        form.addRow(self.tr("接听人"), self.handled_by)
        form.addRow("", self.error)
        form.addRow(self.tr("差错情况"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("一次电话有差错，“百次电话无差错”从零算起。"), self))
        layout.addWidget(self.buttons)

    def data(self) -> dict:
        return {"called_at": self.called_at.dateTime().toPython().replace(second=0, microsecond=0),
                "caller": self.caller.text(), "subject": self.subject.text(),
                "handled_by": self.handled_by.currentData(), "error": self.error.isChecked(),
                "note": self.note.text()}

    def submit(self):
        return supervision.log_call(self.data(), self.entry, today=self.today)


# ---------------------------------------------------------------- 督查结账
class SupervisionMonthDialog(PanelDialog):
    """What closing a month of 督查 posts to the reward/penalty ledger (points × rule to the person
    named or the section's chief, tasks past their deadline to their person); 结账 posts it,
    撤销结账 takes it back until the month's bonus sheet is final."""

    HEADERS = (QT_TRANSLATE_NOOP("SupervisionMonthDialog", "人员"), QT_TRANSLATE_NOOP("SupervisionMonthDialog", "金额（元）"),
               QT_TRANSLATE_NOOP("SupervisionMonthDialog", "事由"))

    def __init__(self, year: int, month: int, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.year, self.month = year, month
        self.today = today or date.today()
        self.message = ""
        self.entries: list = []
        self.setWindowTitle(self.tr("督查月度奖惩"))
        self.resize(em(self, 76), em(self, 32))
        self.close_button = QPushButton(self.tr("结账…"), self)
        guard(self.close_button, "supervision.close")
        self.close_button.setToolTip(self.tr("把本月督查的扣分、加分和逾期的督办事项、收文按奖惩规定记入奖惩台账"))
        self.close_button.clicked.connect(self.close_month)
        self.reopen_button = QPushButton(self.tr("撤销结账…"), self)
        guard(self.reopen_button, "supervision.close")
        self.reopen_button.setToolTip(self.tr("撤回本月记入奖惩台账的督查奖惩（奖金表定稿后不能撤销）"))
        self.reopen_button.clicked.connect(self.reopen_month)
        self.state = QLabel(self)
        self.state.setObjectName("state")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份：%1").replace("%1", self.period_text()), self))
        top.addWidget(self.state)
        top.addStretch(1)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=2)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.total = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addWidget(hint(self.tr("扣分、加分按奖惩规定折算，记到督查记录所写的人员，没有写的记到科室负责人；"
                                      "本月到期而逾期办结或未办结的督办事项记到责任人，收文记到承办人（未定的记到承办科室负责人）。"
                                      "正数为奖励，负数为扣款。"), self), 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.reload()

    def period_text(self) -> str:
        return month_text(self.year, self.month)

    def reload(self) -> None:

        closed, final = supervision.supervision_month_state(self.year, self.month)
        try:
            self.entries = supervision.supervision_month_entries(self.year, self.month)
            self.note.setText("")
        except BadValue as exc:  # somebody must answer for each charge: the refusal says who is missing
            self.entries = []
            self.note.setText(str(exc))
            self.note.setStyleSheet(f"color: {RED};")
        fill_table(self.table, [(e.person.name, str(e.amount), e.reason) for e in self.entries],
                   [e.person.id for e in self.entries], red_rows=[i for i, e in enumerate(self.entries) if e.amount < 0])
        for row in range(self.table.rowCount()):
            self.table.item(row, 1).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total = sum((e.amount for e in self.entries), 0)
        set_enabled(self.close_button, not closed and not final)
        set_enabled(self.reopen_button, closed and not final)
        state = self.tr("奖金表已定稿") if final else (self.tr("已结账") if closed else self.tr("未结账"))
        self.state.setText(state)
        self.state.setStyleSheet(f"color: {'#188038' if closed or final else RED}; font-weight: bold;")
        self.total.setText(self.tr("%1 条，合计 %2 元").replace("%1", str(len(self.entries))).replace("%2", str(total)))

    def close_month(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("结账"),
            self.tr("把 %1 的督查奖惩（%2 条）记入奖惩台账？\n结账后本月不能再登记督查；如需更正，可撤销结账（奖金表定稿前）。")
            .replace("%1", self.period_text()).replace("%2", str(len(self.entries))))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, posted = self.act(supervision.close_supervision_month, self.year, self.month, today=self.today)
        if ok:
            self.message = (self.tr("%1 督查奖惩已结账，%2 条记入奖惩台账")
                            .replace("%1", self.period_text()).replace("%2", str(len(posted))))

    def reopen_month(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("撤销结账"),
            self.tr("撤销 %1 的督查奖惩结账？记入奖惩台账的条目将一并撤回。\n已编发的考核督查专报保持原样；"
                    "改动后数字不同的，请在“月度考核与专报”中编发更正。").replace("%1", self.period_text()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _ = self.act(supervision.reopen_supervision_month, self.year, self.month)
        if ok:
            self.message = self.tr("%1 督查奖惩已撤销结账").replace("%1", self.period_text())
