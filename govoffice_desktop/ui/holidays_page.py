"""节假日安排 and 办理时限规定 (a page of 文电办理): a year's days off and worked weekend days (调休) with
their source, pre-filled from the calendar library, corrected and completed by hand, confirmed against
the State Council's notice; and the working days each 紧急程度 allows from a date.  管理员 edits (the
buttons are guarded by documents.calendar); everyone else reads.

Every rule and every refusal comes from services/documents/calendar_admin.py; this only shows and
collects."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from govoffice_desktop.models.documents import DAY_KINDS, DAY_OFF, DAY_WORKED, URGENCIES
from govoffice_desktop.services import workdays
from govoffice_desktop.services.documents import calendar_admin
from govoffice_desktop.ui.bus import tables_of, watch
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui.forms import (ServiceDialog, call_service, date_edit, date_of, em, fill_table, guard, hint,
                                        read_only_table, select_id, selected_id, set_enabled)
from govoffice_desktop.ui.page import PageHost, counted, rows_text

GREY = "#80868b"
WORKED_COLOUR = "#1a73e8"
OFF_COLOUR = "#d93025"


def tr(text: str) -> str:
    return QCoreApplication.translate("holidays", text)


# ---------------------------------------------------------------- forms
class DayDialog(ServiceDialog):
    """新增 a day of ``year`` → calendar_admin.add_day; 修改 ``holiday`` → calendar_admin.correct_day."""

    def __init__(self, year: int, holiday=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.year, self.holiday = year, holiday
        self.setWindowTitle(tr("修改节假日安排") if holiday else tr("新增节假日安排"))
        self.day = date_edit(self, holiday.day if holiday else date(year, 1, 1))
        self.day.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        self.kind = QComboBox(self)
        for kind in DAY_KINDS:
            self.kind.addItem(tr("放假（休息）") if kind == DAY_OFF else tr("上班（周末调休上班）"), kind)
        self.name = QLineEdit(self)
        self.name.setMaxLength(calendar_admin.MAX_NAME)
        self.name.setPlaceholderText(tr("如：春节；调休上班的可不填"))
        self.weekday = QLabel(self)
        if holiday is not None:
            self.kind.setCurrentIndex(self.kind.findData(holiday.kind))
            self.name.setText(holiday.name)
        form = QFormLayout()
        form.addRow(tr("日期 *"), self.day)
        form.addRow("", self.weekday)
        form.addRow(tr("安排 *"), self.kind)
        form.addRow(tr("名称"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(tr("放假的日子写明节日；周末调休上班的只能是星期六或星期日。手工录入或修改的日子标为“手工”。"), self))
        layout.addWidget(self.buttons)
        self.day.dateChanged.connect(self._show_weekday)
        self._show_weekday()

    def _show_weekday(self, *_args) -> None:
        self.weekday.setText(tr(calendar_admin.weekday_text(date_of(self.day))))

    def submit(self):
        day, kind, name = date_of(self.day), self.kind.currentData(), self.name.text()
        if self.holiday is None:
            return calendar_admin.add_day(self.year, day, kind, name)
        return calendar_admin.correct_day(self.holiday, day, kind, name)


class ConfirmYearDialog(ServiceDialog):
    """确认本年安排 → calendar_admin.confirm_year, with the number of the State Council's notice."""

    def __init__(self, year: int, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.year, self.today = year, today or date.today()
        self.setWindowTitle(tr("确认%1年节假日安排").replace("%1", str(year)))
        state = calendar_admin.year_state(year)
        self.notice = QLineEdit(self)
        self.notice.setMaxLength(calendar_admin.MAX_NOTICE)
        self.notice.setPlaceholderText(tr("如：国办发明电〔%1〕7号").replace("%1", str(year - 1)))
        if state.confirmed is not None:
            self.notice.setText(state.confirmed.notice)
        form = QFormLayout()
        form.addRow(tr("年份"), QLabel(str(year), self))
        form.addRow(tr("安排"), QLabel(tr("放假 %1 天，调休上班 %2 天").replace("%1", str(state.off_days))
                                      .replace("%2", str(state.worked_days)), self))
        form.addRow(tr("依据（通知文号）*"), self.notice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(tr("请先按国务院办公厅关于本年部分节假日安排的通知逐日核对，再确认；"
                                 "确认后首页不再提示录入本年安排。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return calendar_admin.confirm_year(self.year, self.notice.text(), today=self.today)


class RulesDialog(ServiceDialog):
    """办理时限规定 from a date → calendar_admin.set_rules (the three 紧急程度 together)."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None, rule=None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(tr("办理时限规定"))
        self.effective_from = date_edit(self, rule.effective_from if rule else self.today)
        self.days: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.addRow(tr("执行日期 *"), self.effective_from)
        shown = rule or calendar_admin.rule_in_force(self.today)
        for urgency in URGENCIES:
            spin = QSpinBox(self)
            spin.setRange(1, workdays.MAX_LIMIT_DAYS)
            spin.setSuffix(tr(" 个工作日"))
            spin.setValue((shown.days.get(urgency) if shown else None) or 1)
            self.days[urgency] = spin
            form.addRow(tr("%1件 *").replace("%1", tr(urgency)), spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(tr("从执行日期起收到的文件按新规定计算办理时限，此前的文件保留原时限；"
                                 "同一执行日期再设一次即更正该日的规定。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return calendar_admin.set_rules(date_of(self.effective_from),
                                        {u: spin.value() for u, spin in self.days.items()}, today=self.today)


# ---------------------------------------------------------------- the page
class HolidaysPage(QWidget):
    """The year's 节假日安排 (left) and the 办理时限规定 (right)."""

    key = "holidays"
    TABLES = tables_of("documents")
    status_message = Signal(str)
    DAY_HEADERS = ("日期", "星期", "安排", "名称", "来源")
    RULE_HEADERS = ("执行日期", *URGENCIES)

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.state: calendar_admin.YearState | None = None
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(calendar_admin.FIRST_YEAR, calendar_admin.LAST_YEAR)
        self.year.setSuffix(tr(" 年"))
        self.year.setValue(tab.day().year)
        self.year.valueChanged.connect(lambda _y: self.load())
        self.state_label = QLabel(self)
        self.state_label.setObjectName("year_state")
        self.state_label.setWordWrap(True)
        self.prefill_button = self._button(tr("从日历库预填"), self.prefill,
                                           tr("把日历库中本年的节假日和调休上班日写入本表（已有的日子不变）"))
        self.add_button = self._button(tr("新增…"), self.add_day, tr("新增一天：放假或周末调休上班"))
        self.edit_button = self._button(tr("修改…"), self.edit_day, tr("修改所选的一天（也可双击）"))
        self.remove_button = self._button(tr("删除"), self.remove_day, tr("删除所选的一天：按平常的工作日或周末计算"))
        self.confirm_button = self._button(tr("确认本年安排…"), self.confirm_year,
                                           tr("按国务院办公厅的通知核对后确认，写明通知文号"))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("年份："), self))
        top.addWidget(self.year)
        for button in (self.prefill_button, self.add_button, self.edit_button, self.remove_button,
                       self.confirm_button):
            top.addWidget(button)
        top.addStretch(1)

        self.days = read_only_table(self, [tr(h) for h in self.DAY_HEADERS], stretch=3)
        self.days.setObjectName("days")
        self.days.itemSelectionChanged.connect(self._update_buttons)
        self.days.cellDoubleClicked.connect(lambda *_a: self.edit_button.click())
        days_box = QGroupBox(tr("节假日安排"), self)
        days_layout = QVBoxLayout(days_box)
        days_layout.addWidget(self.state_label)
        days_layout.addWidget(self.days, 1)

        self.rules = read_only_table(self, [tr(h) for h in self.RULE_HEADERS], stretch=0)
        self.rules.setObjectName("rules")
        self.rules.itemSelectionChanged.connect(self._update_buttons)
        self.rules_button = self._button(tr("设置办理时限…"), self.set_rules,
                                         tr("特急、加急、平件各几个工作日，从某日起执行"))
        self.remove_rules_button = self._button(tr("删除"), self.remove_rules, tr("删除所选执行日期的规定"))
        rules_box = QGroupBox(tr("办理时限规定（工作日）"), self)
        rules_layout = QVBoxLayout(rules_box)
        rule_bar = QHBoxLayout()
        rule_bar.addWidget(self.rules_button)
        rule_bar.addWidget(self.remove_rules_button)
        rule_bar.addStretch(1)
        rules_layout.addLayout(rule_bar)
        rules_layout.addWidget(self.rules, 1)
        rules_layout.addWidget(hint(tr("办理时限按工作日计算：跳过周末和放假的日子，周末调休上班的日子照常计算。"
                                       "领导批示另定时限的，以批示为准。"), self))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(days_box)
        self.splitter.addWidget(rules_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.load()
        self.watch = watch(self, self.TABLES, self.load)

    def _button(self, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return guard(button, "documents.calendar")  # read-only for every other role

    # -- reading
    def load(self) -> None:
        self.state = calendar_admin.year_state(self.year.value())
        state = self.state
        rows, ids, colours = [], [], []
        source_off_table = tr("日历库（未录入）")
        for day in state.days:
            rows.append((day.day, tr(calendar_admin.weekday_text(day.day)), tr(day.kind), day.name,
                         tr(day.source) if state.from_table else source_off_table))
            ids.append(day.id if state.from_table else None)
            colours.append(WORKED_COLOUR if day.kind == DAY_WORKED else OFF_COLOUR)
        wanted = selected_id(self.days)
        fill_table(self.days, rows, ids)
        for r, colour in enumerate(colours):
            self.days.item(r, 2).setForeground(QBrush(QColor(colour)))
            if not state.from_table:
                for c in range(self.days.columnCount()):
                    if c != 2:
                        self.days.item(r, c).setForeground(QBrush(QColor(GREY)))
        if wanted is not None:
            select_id(self.days, wanted)
        self.state_label.setText(self._state_text(state))
        sets = calendar_admin.rule_sets()
        today = self.tab.day()
        in_force = calendar_admin.rule_in_force(today)
        fill_table(self.rules, [(r.effective_from, *[r.days.get(u, "") for u in URGENCIES]) for r in sets],
                   [r.effective_from for r in sets])
        for r, rule in enumerate(sets):
            if in_force is not None and rule.effective_from == in_force.effective_from:
                self.rules.item(r, 0).setText(tr("%1（现行）").replace("%1", rule.effective_from.isoformat()))
        fit_columns(self.rules)  # again, for the words added
        self._update_buttons()
        counted()

    def _state_text(self, state: calendar_admin.YearState) -> str:
        year = str(state.year)
        if state.confirmed is not None:
            c = state.confirmed
            text = (tr("%1年的安排已确认：依据 %2（%3 于 %4 确认）。").replace("%1", year).replace("%2", c.notice)
                    .replace("%3", c.confirmed_by or tr("未署名")).replace("%4", c.confirmed_on.isoformat()))
        elif state.from_table:
            text = tr("%1年的安排已录入，尚未按国务院办公厅的通知确认。").replace("%1", year)
        else:
            text = tr("%1年还没有录入安排：目前按周末和日历库中的节假日计算（灰色为日历库的日子）。").replace("%1", year)
            if not state.days:
                text = tr("%1年还没有录入安排，日历库中也没有这一年的节假日：目前只按周末计算。").replace("%1", year)
        if not state.confirmed and not state.library_knows_workdays:
            text += tr("日历库尚不知道这一年的周末调休上班日，请按通知逐日录入。")
        text += tr("　放假 %1 天，调休上班 %2 天。").replace("%1", str(state.off_days)).replace("%2", str(state.worked_days))
        return text

    def _update_buttons(self) -> None:
        state = self.state
        chosen = selected_id(self.days) is not None
        set_enabled(self.prefill_button, state is not None and state.confirmed is None)
        set_enabled(self.edit_button, chosen)
        set_enabled(self.remove_button, chosen)
        set_enabled(self.confirm_button, state is not None and state.from_table)
        set_enabled(self.remove_rules_button, selected_id(self.rules) is not None and self.rules.rowCount() > 1)

    def count_text(self) -> str:
        return rows_text(self.days.rowCount())

    def refresh(self) -> None:
        self.load()

    def reload(self) -> None:
        self.load()

    def show_year(self, year: int) -> None:
        self.year.setValue(year)  # loads when it changes
        if self.state is None or self.state.year != year:
            self.load()

    def open_record(self, kind: str, key) -> bool:
        """Show a year's 节假日安排 ("holiday_year", year): where 首页's notice for a year without one leads."""
        if kind != "holiday_year":
            return False
        self.show_year(int(key))
        return True

    # -- writing
    def _done(self, message: str) -> None:
        """After a change of the days: the page again, and what was done with the deadlines it moved."""
        self.load()
        moved = calendar_admin.last_recount()
        if moved:
            message += tr("；已按新的节假日安排重算 %1 件在办收文的办理时限").replace("%1", str(moved))
        self.status_message.emit(message)

    def prefill(self) -> None:
        year = self.year.value()
        ok, added = call_service(self, calendar_admin.prefill_year, year, title=tr("从日历库预填"))
        if ok:
            self._done(tr("已从日历库预填%1年的 %2 天").replace("%1", str(year)).replace("%2", str(added)) if added
                       else tr("%1年的日历库日子都已在表中").replace("%1", str(year)))

    def add_day(self) -> None:
        dialog = DayDialog(self.year.value(), parent=self)
        if self.tab.run_dialog(dialog):
            day = dialog.result_value
            self._done(tr("已新增 %1（%2）").replace("%1", day.day.isoformat()).replace("%2", day.kind))
            select_id(self.days, day.id)

    def current_day(self):
        return calendar_admin.holiday_by_id(selected_id(self.days))

    def edit_day(self) -> None:
        holiday = self.current_day()
        if holiday is None:
            return
        dialog = DayDialog(holiday.day.year, holiday, parent=self)
        if self.tab.run_dialog(dialog):
            day = dialog.result_value
            self._done(tr("已修改 %1（%2）").replace("%1", day.day.isoformat()).replace("%2", day.kind))
            select_id(self.days, day.id)

    def remove_day(self) -> None:
        holiday = self.current_day()
        if holiday is None:
            return
        answer = QMessageBox.question(self, tr("删除"), tr("删除 %1（%2 %3）？删除后这一天按平常的工作日或周末计算。")
                                      .replace("%1", holiday.day.isoformat()).replace("%2", holiday.kind)
                                      .replace("%3", holiday.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, day = call_service(self, calendar_admin.remove_day, holiday, title=tr("删除"))
        if ok:
            self._done(tr("已删除 %1").replace("%1", day.isoformat()))

    def confirm_year(self) -> None:
        dialog = ConfirmYearDialog(self.year.value(), parent=self, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            self._done(tr("已确认%1年的节假日安排（%2）").replace("%1", str(self.year.value()))
                       .replace("%2", dialog.result_value.notice))

    def set_rules(self) -> None:
        dialog = RulesDialog(self, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            rule = dialog.result_value
            self._done(tr("已设置 %1 起的办理时限：%2").replace("%1", rule.effective_from.isoformat()).replace(
                "%2", "，".join(f"{u} {rule.days[u]} 天" for u in URGENCIES)))

    def remove_rules(self) -> None:
        day = selected_id(self.rules)
        if day is None:
            return
        answer = QMessageBox.question(self, tr("删除"), tr("删除 %1 起执行的办理时限规定？").replace("%1", day.isoformat()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _none = call_service(self, calendar_admin.remove_rules, day, title=tr("删除"))
        if ok:
            self._done(tr("已删除 %1 起执行的办理时限规定").replace("%1", day.isoformat()))
