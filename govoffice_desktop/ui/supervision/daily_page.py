"""每日督查: the quick-entry grid of one day, sections down and targets across, with each section's
score as you type; the day's checks of individual people; 考核目标."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from govoffice_desktop.services import supervision
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.forms import (set_enabled, guard, RED, call_service, date_edit, date_of, em,
                                        fill_table, hint, read_only_table, selected_id)
from govoffice_desktop.ui.page import PageHost, counted, counts_text, rows_text
from govoffice_desktop.ui.supervision.common import (GREEN, GREY, MISSED_BACKGROUND, BONUS_BACKGROUND,
                                                     points_text)
from govoffice_desktop.ui.supervision_dialogs import CheckDialog, TargetsDialog


class CheckGrid(QTableWidget):
    """The grid; Space or Enter asks for the current cell to be switched between met and missed."""

    toggle_requested = Signal()

    def keyPressEvent(self, event) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            self.toggle_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def cell_of(value: supervision.CheckValue | None) -> dict:
    """A cell as the grid edits it: met, and the deduction, bonus and remark as text."""
    if value is None:
        return {"met": True, "deduction": "", "bonus": "", "remark": ""}
    return {"met": value.met, "deduction": "" if value.met else points_text(value.deduction),
            "bonus": points_text(value.bonus) if value.bonus else "", "remark": value.remark}


class DailyPage(QWidget):
    """每日督查: one day, every section against its targets."""

    message = Signal(str)

    PERSON_HEADERS = ("科室", "人员", "督查目标", "达标", "扣分", "加分", "情况说明", "督查人")

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.grid_data: supervision.DayGrid | None = None
        self.values: dict[tuple[int, int], dict] = {}
        self.initial: dict[tuple[int, int], dict] = {}
        self.layout_cols: list = []  # per column: a target (共性), an int (the n-th 个体目标) or "score"
        self.person_by_cell: dict[tuple[int, int], list] = {}

        today = tab.day()
        self.day_edit = date_edit(self, today)
        self.day_edit.setMaximumDate(QDate(today))
        self.day_edit.setObjectName("day")
        self.prev_button = QPushButton(self.tr("◀ 前一天"), self)
        self.next_button = QPushButton(self.tr("后一天 ▶"), self)
        self.today_button = QPushButton(self.tr("今天"), self)
        self.supervisor = QLineEdit(self)
        self.supervisor.setMaxLength(30)
        self.supervisor.setPlaceholderText(self.tr("不填则记为当前用户"))
        self.supervisor.setMinimumWidth(em(self, 10))
        self.targets_button = QPushButton(self.tr("考核目标…"), self)
        self.targets_button.setToolTip(self.tr("每年的共性目标和各科室个体目标：分值、考核方法"))
        self.save_button = QPushButton(self.tr("保存"), self)
        guard(self.save_button, "supervision.edit")
        self.save_button.setToolTip(self.tr("保存本日全部督查结果（Ctrl+S）；有一项不合要求则都不保存"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("督查日期："), self))
        top.addWidget(self.day_edit)
        top.addWidget(self.prev_button)
        top.addWidget(self.next_button)
        top.addWidget(self.today_button)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("督查人："), self))
        top.addWidget(self.supervisor)
        top.addStretch(1)
        top.addWidget(self.targets_button)
        top.addWidget(self.save_button)

        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setObjectName("state")

        self.table = CheckGrid(0, 0, self)
        self.table.setObjectName("grid")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.toggle_requested.connect(self.toggle_current)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.toggle_current())
        self.table.currentCellChanged.connect(lambda *_a: self._show_cell())

        self.cell_box = QGroupBox(self.tr("所选项目"), self)
        self.cell_title = QLabel(self.cell_box)
        self.cell_title.setWordWrap(True)
        self.cell_method = hint("", self.cell_box)
        self.met = QCheckBox(self.tr("达标"), self.cell_box)
        self.deduction = QLineEdit(self.cell_box)
        self.deduction.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.deduction.setObjectName("deduction")
        self.bonus = QLineEdit(self.cell_box)
        self.bonus.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.bonus.setObjectName("bonus")
        self.remark = QLineEdit(self.cell_box)
        self.remark.setObjectName("remark")
        self.remark.setPlaceholderText(self.tr("未达标须写明情况"))
        self.person_note = hint("", self.cell_box)
        form = QFormLayout()
        form.addRow("", self.met)
        form.addRow(self.tr("扣分"), self.deduction)
        form.addRow(self.tr("加分"), self.bonus)
        form.addRow(self.tr("情况说明"), self.remark)
        cell_layout = QVBoxLayout(self.cell_box)
        cell_layout.addWidget(self.cell_title)
        cell_layout.addWidget(self.cell_method)
        cell_layout.addLayout(form)
        cell_layout.addWidget(self.person_note)
        cell_layout.addStretch(1)
        cell_layout.addWidget(hint(self.tr("空格或回车：达标与未达标切换。未达标时写明情况（定性评价写在分数旁），"
                                           "回车回到表格。日得分 = 100 − 扣分 + 加分；未标记的项目按达标保存。"),
                                   self.cell_box))
        self.cell_box.setMinimumWidth(em(self, 17))
        self.cell_box.setMaximumWidth(em(self, 22))
        self.met.toggled.connect(self._met_edited)
        for edit in (self.deduction, self.bonus, self.remark):
            edit.textEdited.connect(lambda _t: self._fields_edited())
            edit.returnPressed.connect(self.table.setFocus)

        self.person_table = read_only_table(self, [self.tr(h) for h in self.PERSON_HEADERS], stretch=6)
        self.person_table.setObjectName("person_checks")
        self.person_table.doubleClicked.connect(lambda _i: self.edit_person_check())
        self.person_add = QPushButton(self.tr("登记个人督查…"), self)
        guard(self.person_add, "supervision.edit")
        self.person_add.setToolTip(self.tr("落实到人的督查，如某人迟到；计入其科室当天的得分"))
        self.person_delete = QPushButton(self.tr("删除"), self)
        guard(self.person_delete, "supervision.edit")
        person_box = QGroupBox(self.tr("落实到人的督查"), self)
        person_bar = QVBoxLayout()
        person_bar.addWidget(self.person_add)
        person_bar.addWidget(self.person_delete)
        person_bar.addStretch(1)
        person_layout = QHBoxLayout(person_box)
        person_layout.addWidget(self.person_table, 1)
        person_layout.addLayout(person_bar)

        upper = QWidget(self)
        upper_layout = QHBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addWidget(self.cell_box)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(person_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.splitter, 1)

        self.day_edit.dateChanged.connect(self._day_changed)
        self.prev_button.clicked.connect(lambda: self.go_to(self.day() - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.go_to(self.day() + timedelta(days=1)))
        self.today_button.clicked.connect(lambda: self.go_to(self.tab.day()))
        self.targets_button.clicked.connect(self.edit_targets)
        self.save_button.clicked.connect(self.save)
        self.person_add.clicked.connect(self.add_person_check)
        self.person_delete.clicked.connect(self.delete_person_check)
        self.person_table.itemSelectionChanged.connect(self._update_buttons)
        self._shown_day = today
        self.load()

    # -- the day
    def day(self) -> date:
        return date_of(self.day_edit)

    def go_to(self, day: date) -> None:
        self.day_edit.setDate(QDate(min(day, self.tab.day())))

    def modified(self) -> list[tuple[int, int]]:
        return [key for key, value in self.values.items() if value != self.initial.get(key)]

    def confirm_discard(self) -> bool:
        if not self.modified():
            return True
        answer = QMessageBox.question(self, self.tr("未保存的督查结果"),
                                      self.tr("%1 有 %2 处修改还没有保存，放弃这些修改？")
                                      .replace("%1", self._shown_day.isoformat())
                                      .replace("%2", str(len(self.modified()))))
        return answer == QMessageBox.StandardButton.Yes

    def _day_changed(self, _qdate) -> None:
        if self.day() == self._shown_day:
            return
        if not self.confirm_discard():
            self.day_edit.blockSignals(True)
            self.day_edit.setDate(QDate(self._shown_day))
            self.day_edit.blockSignals(False)
            return
        self.load()

    def load(self) -> None:
        """The day's grid from the service: what is stored, met where nothing is yet."""
        today = self.tab.day()
        self.day_edit.setMaximumDate(QDate(today))
        day = self.day()
        self._shown_day = day
        self.next_button.setEnabled(day < today)
        g = self.grid_data = supervision.day_grid(day)
        self.values, self.initial = {}, {}
        for section in g.sections:
            for target in g.targets(section.id):
                cell = cell_of(g.cells.get((section.id, target.id)))
                self.values[(section.id, target.id)] = cell
                self.initial[(section.id, target.id)] = dict(cell)
        self.person_by_cell = {}
        for check in g.person_checks:
            self.person_by_cell.setdefault((check.section_id, check.target_id), []).append(check)
        own_columns = max((len(g.own.get(s.id, [])) for s in g.sections), default=0)
        self.layout_cols = list(g.common) + list(range(own_columns)) + ["score"]
        headers = ([t.name for t in g.common] + [self.tr("个体目标%1").replace("%1", str(i + 1))
                                                 for i in range(own_columns)] + [self.tr("日得分")])
        current = (self.table.currentRow(), self.table.currentColumn())
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setRowCount(len(g.sections))
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setVerticalHeaderLabels([s.name for s in g.sections])
        for col, what in enumerate(self.layout_cols):
            item = self.table.horizontalHeaderItem(col)
            if isinstance(what, supervision.SupervisionTarget):
                item.setToolTip(self.tr("%1（共性目标，%2分）\n%3").replace("%1", what.name)
                                .replace("%2", points_text(what.points)).replace("%3", what.method))
        for row in range(len(g.sections)):
            for col in range(len(headers)):
                self._paint(row, col)
            self._paint_score(row)
        self.table.blockSignals(False)
        self._fit_columns()
        if g.sections and self.layout_cols[:-1]:
            row = min(max(current[0], 0), len(g.sections) - 1)
            col = min(max(current[1], 0), len(self.layout_cols) - 2)
            self.table.setCurrentCell(row, col)
        self._fill_person_checks()
        self._show_cell()
        self._update_state()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        for col, what in enumerate(self.layout_cols):
            if what == "score":
                header.resizeSection(col, em(self, 4.5))
            elif isinstance(what, int):  # the widest name in the column, with room for "✗ −2 +1"
                names = [own[what].name for own in self.grid_data.own.values() if what < len(own)]
                widest = max((metrics.horizontalAdvance(n) for n in names), default=em(self, 6))
                header.resizeSection(col, min(widest + em(self, 3.2), em(self, 14)))
            else:
                width = max(em(self, 4.5), self.fontMetrics().horizontalAdvance(what.name) + em(self, 1.2))
                header.resizeSection(col, width)

    # -- cells
    def target_at(self, row: int, col: int):
        """The target of a cell (None for the score column or a section with fewer 个体目标)."""
        g = self.grid_data
        if g is None or not (0 <= row < len(g.sections)) or not (0 <= col < len(self.layout_cols)):
            return None
        what = self.layout_cols[col]
        if isinstance(what, supervision.SupervisionTarget):
            return what
        if isinstance(what, int):
            own = g.own.get(g.sections[row].id, [])
            return own[what] if what < len(own) else None
        return None

    def key_at(self, row: int, col: int) -> tuple[int, int] | None:
        target = self.target_at(row, col)
        return (self.grid_data.sections[row].id, target.id) if target is not None else None

    def _paint(self, row: int, col: int) -> None:
        if self.layout_cols[col] == "score":
            return
        target = self.target_at(row, col)
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, col, item)
        if target is None:
            item.setText("")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setBackground(QBrush(QColor("#f1f3f4")))
            return
        key = (self.grid_data.sections[row].id, target.id)
        value = self.values[key]
        stored = key in self.grid_data.cells
        text = "✓" if value["met"] else f"✗ −{value['deduction'] or points_text(target.points)}"
        if value["bonus"]:
            text += f" +{value['bonus']}"
        people = self.person_by_cell.get(key, [])
        if people:
            text += self.tr(" ·个人%1").replace("%1", str(len(people)))
        if isinstance(self.layout_cols[col], int):
            text = f"{text} {target.name}"
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        else:
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setText(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if not value["met"]:
            item.setBackground(QBrush(QColor(MISSED_BACKGROUND)))
            item.setForeground(QBrush(QColor(RED)))
        elif value["bonus"]:
            item.setBackground(QBrush(QColor(BONUS_BACKGROUND)))
            item.setForeground(QBrush(QColor(GREEN)))
        else:
            item.setBackground(QBrush())
            item.setForeground(QBrush(QColor(GREEN if stored else GREY)))
        font = item.font()
        font.setBold(value != self.initial.get(key))
        item.setFont(font)
        tip = [self.tr("%1 · %2（%3，%4分）").replace("%1", self.grid_data.sections[row].name)
               .replace("%2", target.name).replace("%3", self.tr(target.kind))
               .replace("%4", points_text(target.points))]
        if target.method:
            tip.append(target.method)
        if value["remark"]:
            tip.append(self.tr("情况：%1").replace("%1", value["remark"]))
        if not stored:
            tip.append(self.tr("尚未保存"))
        for check in people:
            tip.append(self.tr("%1：%2").replace("%1", check.person.name).replace(
                "%2", (self.tr("达标") if check.met else self.tr("扣%1分").replace("%1", points_text(check.deduction)))
                + (f"，{check.remark}" if check.remark else "")))
        item.setToolTip("\n".join(tip))

    def row_score(self, row: int):
        """The section's score as entered (the person checks of the day included); None if a figure is not one."""
        g = self.grid_data
        section = g.sections[row]
        entries = []
        for target in g.targets(section.id):
            value = self.values[(section.id, target.id)]
            # a missed cell with its deduction left blank is saved at the target's points
            deduction = None if value["met"] else (value["deduction"] or target.points)
            entries.append((deduction, value["bonus"] or None))
        entries += [(c.deduction, c.bonus) for c in g.person_checks if c.section_id == section.id]
        try:
            return supervision.day_score(entries)
        except BadValue:
            return None

    def _paint_score(self, row: int) -> None:
        col = len(self.layout_cols) - 1
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.table.setItem(row, col, item)
        score = self.row_score(row)
        item.setText("？" if score is None else points_text(score))
        colour = RED if score is None or score < 100 else GREEN if score > 100 else None
        item.setForeground(QBrush(QColor(colour)) if colour else QBrush())
        item.setToolTip(self.tr("扣分或加分不是数字") if score is None else self.tr("100 − 扣分 + 加分"))

    def _refresh_cell(self, row: int, col: int) -> None:
        self._paint(row, col)
        self._paint_score(row)
        self._update_state()

    def _show_cell(self) -> None:
        """The current cell in the side panel."""
        row, col = self.table.currentRow(), self.table.currentColumn()
        key = self.key_at(row, col)
        editable = key is not None and not self.grid_data.closed
        for widget in (self.met, self.deduction, self.bonus, self.remark):
            widget.blockSignals(True)
        if key is None:
            self.cell_title.setText(self.tr("选择表格中的一项"))
            self.cell_method.setText("")
            self.person_note.setText("")
            self.met.setChecked(True)
            for edit in (self.deduction, self.bonus, self.remark):
                edit.clear()
        else:
            target = self.target_at(row, col)
            value = self.values[key]
            self.cell_title.setText(self.tr("<b>%1</b> · %2（%3，%4分）").replace("%1", self.grid_data.sections[row].name)
                                    .replace("%2", target.name).replace("%3", self.tr(target.kind))
                                    .replace("%4", points_text(target.points)))
            self.cell_method.setText(target.method)
            self.met.setChecked(value["met"])
            self.deduction.setText(value["deduction"])
            self.deduction.setPlaceholderText(points_text(target.points) if not value["met"] else "")
            self.bonus.setText(value["bonus"])
            self.remark.setText(value["remark"])
            people = self.person_by_cell.get(key, [])
            self.person_note.setText(self.tr("另有落实到人的督查 %1 项，见下表。").replace("%1", str(len(people)))
                                     if people else "")
        for widget in (self.met, self.deduction, self.bonus, self.remark):
            widget.blockSignals(False)
            widget.setEnabled(editable)
        self.deduction.setEnabled(editable and not self.met.isChecked())

    def set_met(self, row: int, col: int, met: bool) -> None:
        key = self.key_at(row, col)
        if key is None or self.grid_data.closed:
            return
        value = self.values[key]
        value["met"] = met
        if met:
            value["deduction"] = ""
        elif not value["deduction"]:
            value["deduction"] = points_text(self.target_at(row, col).points)
        self._refresh_cell(row, col)
        self._show_cell()

    def toggle_current(self) -> None:
        """Space / Enter / double-click: met ↔ missed; a missed cell goes on to its remark."""
        row, col = self.table.currentRow(), self.table.currentColumn()
        key = self.key_at(row, col)
        if key is None or self.grid_data.closed:
            return
        self.set_met(row, col, not self.values[key]["met"])
        if not self.values[key]["met"]:
            self.remark.setFocus()
            self.remark.selectAll()

    def _met_edited(self, met: bool) -> None:
        self.set_met(self.table.currentRow(), self.table.currentColumn(), met)

    def _fields_edited(self) -> None:
        row, col = self.table.currentRow(), self.table.currentColumn()
        key = self.key_at(row, col)
        if key is None:
            return
        value = self.values[key]
        if not value["met"]:
            value["deduction"] = self.deduction.text().strip()
        value["bonus"] = self.bonus.text().strip()
        value["remark"] = self.remark.text()
        self._refresh_cell(row, col)

    def _update_state(self) -> None:
        g = self.grid_data
        changed = len(self.modified())
        if g.closed:
            text, style = self.tr("%1年%2月的督查已结账，只能查看。").replace("%1", str(g.day.year)) \
                .replace("%2", str(g.day.month)), f"color: {RED}; font-weight: bold;"
        elif not g.common and not g.own:
            text, style = self.tr("%1年还没有考核目标：请先在“考核目标…”中设定，或从上年复制。") \
                .replace("%1", str(g.day.year)), f"color: {RED};"
        elif not g.cells:
            text = self.tr("%1 尚未督查：%2 个科室、%3 项。未标记的项目按达标保存。") \
                .replace("%1", g.day.isoformat()).replace("%2", str(len(g.sections))) \
                .replace("%3", str(len(self.values)))
            style = "color: #5f6368;"
        else:
            text = self.tr("%1 已保存 %2 项（灰色 ✓ 为尚未保存、按达标保存的项目）。").replace("%1", g.day.isoformat()) \
                .replace("%2", str(len(g.cells)))
            style = "color: #5f6368;"
        if changed and not g.closed:
            text += self.tr("　有 %1 处修改未保存（粗体）。").replace("%1", str(changed))
            style = "color: #b06000; font-weight: bold;"
        self.state.setText(text)
        self.state.setStyleSheet(style)
        set_enabled(self.save_button, not g.closed and bool(self.values))
        self._update_buttons()

    def _update_buttons(self) -> None:
        closed = self.grid_data is None or self.grid_data.closed
        set_enabled(self.person_add, not closed)
        set_enabled(self.person_delete, not closed and selected_id(self.person_table) is not None)

    # -- saving
    def cells(self) -> dict:
        return {key: {"met": v["met"], "deduction": None if v["met"] else (v["deduction"] or None),
                      "bonus": v["bonus"] or None, "remark": v["remark"]} for key, v in self.values.items()}

    def save(self) -> bool:
        if self.grid_data is None or self.grid_data.closed or not self.values:
            return False
        day = self.grid_data.day
        ok, written = call_service(self, supervision.save_day, day, self.cells(), self.supervisor.text(),
                                   today=self.tab.day(), title=self.tr("保存督查结果"))
        if not ok:
            return False
        self.load()
        self.message.emit(self.tr("已保存 %1 的督查结果（写入 %2 项）").replace("%1", day.isoformat())
                          .replace("%2", str(written)))
        return True

    # -- the checks of individual people
    def _fill_person_checks(self) -> None:
        checks = self.grid_data.person_checks
        rows = [(c.section.name, c.person.name, c.target.name, c.met, points_text(c.deduction),
                 points_text(c.bonus) if c.bonus else "", c.remark, c.supervisor) for c in checks]
        fill_table(self.person_table, rows, [c.id for c in checks], red_rows=[i for i, c in enumerate(checks)
                                                                              if not c.met])
        self._update_buttons()
        counted()

    def count_text(self) -> str:
        """The day's sections and its checks of individual people."""
        return counts_text([(self.tr("科室"), rows_text(self.table.rowCount())),
                            (self.tr("落实到人的督查"), rows_text(self.person_table.rowCount()))])

    def _after_person_change(self, message: str) -> None:
        self.load()
        self.message.emit(message)

    def add_person_check(self) -> None:
        if not self.confirm_discard():
            return
        dialog = CheckDialog(self.day(), self, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            check = dialog.result_value
            if check.checked_on != self.day():
                self.day_edit.blockSignals(True)
                self.day_edit.setDate(QDate(check.checked_on))
                self.day_edit.blockSignals(False)
            self._after_person_change(self.tr("已登记 %1 %2“%3”的督查").replace("%1", check.checked_on.isoformat())
                                      .replace("%2", check.person.name if check.person_id else check.section.name)
                                      .replace("%3", check.target.name))

    def edit_person_check(self) -> None:
        check = supervision.check_by_id(selected_id(self.person_table))
        if check is None or self.grid_data.closed or not self.confirm_discard():
            return
        if self.tab.run_dialog(CheckDialog(check.checked_on, self, check, today=self.tab.day())):
            self._after_person_change(self.tr("已修改督查记录"))

    def delete_person_check(self) -> None:
        check = supervision.check_by_id(selected_id(self.person_table))
        if check is None:
            return
        answer = QMessageBox.question(self, self.tr("删除督查记录"), self.tr("删除 %1 的“%2”督查记录？")
                                      .replace("%1", check.person.name if check.person_id else check.section.name)
                                      .replace("%2", check.target.name))
        if answer != QMessageBox.StandardButton.Yes or not self.confirm_discard():
            return
        ok, _ = call_service(self, supervision.delete_check, check, title=self.tr("删除督查记录"))
        if ok:
            self._after_person_change(self.tr("已删除督查记录"))

    def edit_targets(self) -> None:
        dialog = TargetsDialog(self, self.day().year)
        if self.tab.run_dialog(dialog):
            if self.confirm_discard():
                self.load()
            self.message.emit(dialog.message or self.tr("考核目标已更新"))

    def refresh(self) -> None:
        self.load()
