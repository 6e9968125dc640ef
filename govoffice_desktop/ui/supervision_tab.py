"""督查督办 tab, in four pages: 督办事项 (the tasks with their light, the forms, the selected task's
requirement and dated progress), 每日督查 (the quick-entry grid of one day, sections down and targets
across, with each section's score as you type; the day's checks of individual people; 考核目标),
月度考核与专报 (the month's ranking and the numbered 考核督查专报) and 会议与电话 (the meeting and
phone logs, each with its run toward 100, beside 万页文稿无差错 and 万里行车无事故).

Every figure and every refusal comes from services/supervision.py; this only shows and collects."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QMessageBox,
                               QPlainTextEdit, QProgressBar, QPushButton, QSplitter, QTableWidget, QTableWidgetItem,
                               QTabWidget, QVBoxLayout, QWidget)

from govoffice_desktop.services import campaigns, supervision
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.models.rewards import BonusMonth, MonthClose, RewardPenalty, RewardRule
from govoffice_desktop.ui.bus import tables_of
from govoffice_desktop.ui.forms import (set_enabled, guard, BAR_STEPS, RED, call_service, date_edit, date_of, em, fill_table, hint,
                                        read_only_table, select_id, selected_id)
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.supervision_dialogs import (CallDialog, CheckDialog, CompleteDialog, MeetingDialog,
                                                      ProgressDialog, ReasonDialog, SupervisionMonthDialog,
                                                      TargetsDialog, TaskDialog)
from govoffice_desktop.ui.table_model import ListingModel

LIGHT_COLOURS = {supervision.RED: "#d93025", supervision.YELLOW: "#f2a600",
                 supervision.GREEN: "#188038", supervision.DONE: "#80868b", supervision.WITHDRAWN: "#b0b0b0"}
GREEN = "#188038"
GREY = "#80868b"
MISSED_BACKGROUND = "#fce8e6"
BONUS_BACKGROUND = "#e6f4ea"


class TaskModel(ListingModel):
    """Tasks, with the status light painted in its colour."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0:
            colour = LIGHT_COLOURS.get(self.row_values(index.row())[0])
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == 0:
            light = self.row_values(index.row())[0]
            return f"● {light}" if light else ""
        return super().data(index, role)


def month_text(year: int, month: int) -> str:
    return f"{year}年{month}月"


def points_text(value) -> str:
    """1.0 → 1, 0.5 → 0.5, 98.50 → 98.5."""
    if value is None or value == "":
        return ""
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def change_text(change: int | None) -> str:
    if change is None:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else "持平"


# ================================================================ 督办事项: the selected task
class TaskDetail(QWidget):
    """The selected task: what, who, when, the requirement and the result; its dated progress."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info_box = QGroupBox(self.tr("事项"), self)
        QVBoxLayout(info_box).addWidget(self.info, 1)
        self.progress = read_only_table(self, [self.tr("日期"), self.tr("办理进展"), self.tr("登记人")], stretch=1)
        self.progress.setWordWrap(True)
        self.progress.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        progress_box = QGroupBox(self.tr("办理进展"), self)
        QVBoxLayout(progress_box).addWidget(self.progress, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(info_box, 2)
        layout.addWidget(progress_box, 3)
        self.show_task(None, date.today())

    def show_task(self, task, today: date) -> None:
        if task is None:
            self.info.setText(self.tr("<span style='color:#5f6368'>选择一件督办事项，这里显示它的要求和办理进展。</span>"))
            self.progress.setRowCount(0)
            return
        row = supervision.task_row(task, today)
        light = row["light_zh"]
        colour = LIGHT_COLOURS.get(light, GREY)
        if task.status == "办理中":
            days = row["days_left"]
            when = (self.tr("逾期 %1 天").replace("%1", str(-days)) if days < 0 else
                    self.tr("今天到期") if days == 0 else self.tr("还有 %1 天").replace("%1", str(days)))
        elif task.status == "已办结":
            late = (task.completed_on - task.deadline).days
            when = (self.tr("%1 办结，逾期 %2 天").replace("%2", str(late)) if late > 0
                    else self.tr("%1 按期办结")).replace("%1", task.completed_on.isoformat())
        else:
            when = self.tr("已撤销")

        def esc(text: str) -> str:
            return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")

        lines = [f"<p style='margin:0'><b style='font-size:115%'>{esc(task.title)}</b></p>",
                 f"<p style='margin:4px 0'><span style='color:{colour}; font-weight:bold'>● {esc(light)}</span>"
                 f"　{esc(task.status)}　{esc(when)}</p>",
                 "<table cellspacing='0' cellpadding='2'>"]
        for label, value in ((self.tr("来源"), task.source), (self.tr("责任人"), row["responsible"]),
                             (self.tr("责任科室"), row["section"]), (self.tr("交办日期"), row["assigned_on"]),
                             (self.tr("办结时限"), row["deadline"])):
            lines.append(f"<tr><td style='color:#5f6368'>{esc(label)}</td><td>{esc(value)}</td></tr>")
        lines.append("</table>")
        lines.append(f"<p style='margin:6px 0 0 0; color:#5f6368'>{esc(self.tr('办理要求'))}</p>"
                     f"<p style='margin:0'>{esc(task.requirement) or esc(self.tr('（未写）'))}</p>")
        if task.result:
            label = self.tr("办理结果") if task.status == "已办结" else self.tr("撤销原因")
            lines.append(f"<p style='margin:6px 0 0 0; color:#5f6368'>{esc(label)}</p><p style='margin:0'>"
                         f"{esc(task.result)}</p>")
        self.info.setText("".join(lines))
        notes = supervision.progress_of(task)
        fill_table(self.progress, [(n.noted_on, n.note, n.noted_by) for n in reversed(notes)],
                   [n.id for n in reversed(notes)])
        self.progress.resizeRowsToContents()


# ================================================================ 每日督查: the quick-entry grid
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

    def __init__(self, tab: "SupervisionTab"):
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


# ================================================================ 月度考核与专报
class MonthPage(QWidget):
    """The ranking of a month and its 考核督查专报: the summary, 编发 with its 第N期, print, PDF, Excel."""

    message = Signal(str)

    HEADERS = ("名次", "科室", "月度得分", "较上月", "督查天数", "扣分", "加分", "未达标项次")

    def __init__(self, tab: "SupervisionTab"):
        super().__init__(tab)
        self.tab = tab
        self.ranking: list = []
        self.month_combo = QComboBox(self)
        self.month_combo.setObjectName("month")
        self.month_combo.setMinimumContentsLength(9)
        self.month_combo.currentIndexChanged.connect(lambda _i: self.show_month())
        self.preview_button = QPushButton(self.tr("打印预览…"), self)
        self.pdf_button = QPushButton(self.tr("存为PDF…"), self)
        self.xlsx_button = QPushButton(self.tr("导出Excel…"), self)
        self.preview_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(self.save_report_pdf)
        self.xlsx_button.clicked.connect(self.export_report_xlsx)
        self.close_state = QLabel(self)
        self.close_state.setObjectName("close_state")
        self.close_button = QPushButton(self.tr("督查结账…"), self)
        guard(self.close_button, "supervision.close")
        self.close_button.setToolTip(self.tr("本月督查的扣分、加分和逾期督办事项按奖惩规定记入奖惩台账；也可在此撤销结账"))
        self.close_button.clicked.connect(self.close_month)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份："), self))
        top.addWidget(self.month_combo)
        top.addSpacing(em(self, 1))
        top.addWidget(self.close_state)
        top.addWidget(self.close_button)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("考核督查专报："), self))
        top.addWidget(self.preview_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)

        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=None)
        self.table.setObjectName("ranking")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = hint("", self)
        ranking_box = QGroupBox(self.tr("科室月度得分排名"), self)
        ranking_layout = QVBoxLayout(ranking_box)
        ranking_layout.addWidget(self.table, 1)
        ranking_layout.addWidget(self.note)

        report_box = QGroupBox(self.tr("考核督查专报"), self)
        self.issue = QLabel(report_box)
        self.issue.setObjectName("issue")
        self.issue.setWordWrap(True)
        self.summary = QPlainTextEdit(report_box)
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.draft_button = QPushButton(self.tr("按本月数据重拟"), report_box)
        guard(self.draft_button, "supervision.edit")
        self.draft_button.setToolTip(self.tr("用本月督查数据重新起草综述（替换编辑框中的文字）"))
        self.draft_button.clicked.connect(self.redraft)
        self.compile_button = QPushButton(self.tr("编发专报…"), report_box)
        guard(self.compile_button, "supervision.edit")
        self.compile_button.setToolTip(self.tr("以编辑框中的综述编发本月专报，编为第N期（再次编发期号不变）"))
        self.compile_button.clicked.connect(self.compile)
        buttons = QHBoxLayout()
        buttons.addWidget(self.draft_button)
        buttons.addStretch(1)
        buttons.addWidget(self.compile_button)
        report_layout = QVBoxLayout(report_box)
        report_layout.addWidget(self.issue)
        report_layout.addWidget(QLabel(self.tr("综述："), report_box))
        report_layout.addWidget(self.summary, 1)
        report_layout.addLayout(buttons)
        report_layout.addWidget(hint(self.tr("专报包括综述、科室排名及名次变化、主要扣分情况、督办事项办结和逾期情况、"
                                             "“四无”活动。月份过完后才能编发。"), report_box))

        body = QHBoxLayout()
        body.addWidget(ranking_box, 1)
        body.addWidget(report_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.fill_months()

    def fill_months(self) -> None:
        current = self.month_combo.currentData()
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        for year, month in supervision.checked_months():
            self.month_combo.addItem(month_text(year, month), (year, month))
        index = self.month_combo.findData(current) if current is not None else -1
        if index < 0 and self.month_combo.count():
            # the latest month that is over (its report can be compiled), else the latest
            today = self.tab.day()
            index = next((i for i in range(self.month_combo.count())
                          if self.month_combo.itemData(i) < (today.year, today.month)), 0)
        self.month_combo.setCurrentIndex(max(index, 0))
        self.month_combo.blockSignals(False)
        self.show_month()

    def period(self) -> tuple[int, int] | None:
        return self.month_combo.currentData()

    def show_month(self, year: int | None = None, month: int | None = None, select: int | None = None) -> None:
        if year is not None:
            index = self.month_combo.findData((year, month))
            if index >= 0 and index != self.month_combo.currentIndex():
                self.month_combo.blockSignals(True)
                self.month_combo.setCurrentIndex(index)
                self.month_combo.blockSignals(False)
        period = self.period()
        for widget in (self.preview_button, self.pdf_button, self.xlsx_button, self.compile_button,
                       self.draft_button, self.summary, self.close_button):
            widget.setEnabled(period is not None)
        self._show_close_state()
        if period is None:
            self.ranking = []
            self.table.setRowCount(0)
            self.issue.setText(self.tr("还没有督查记录。"))
            self.summary.clear()
            self.note.setText("")
            return
        self.ranking = supervision.month_scores(*period)
        rows = [(s.rank, s.section.name, str(s.score), change_text(s.change), s.days, points_text(s.deductions),
                 points_text(s.bonus), s.missed) for s in self.ranking]
        last_rank = self.ranking[-1].rank if self.ranking else None
        fill_table(self.table, rows, [s.section.id for s in self.ranking],
                   red_rows=[i for i, s in enumerate(self.ranking) if s.rank == last_rank and last_rank != 1])
        header = self.table.horizontalHeader()
        for r, s in enumerate(self.ranking):
            for c in (0, 2, 3, 4, 5, 6, 7):
                self.table.item(r, c).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            change = self.table.item(r, 3)
            if s.change:
                change.setForeground(QBrush(QColor(GREEN if s.change > 0 else RED)))
            if s.score_change is not None:
                change.setToolTip(self.tr("上月第 %1 名，%2 分").replace("%1", str(s.previous_rank))
                                  .replace("%2", points_text(s.previous_score)))
        for c in range(self.table.columnCount()):
            header.resizeSection(c, max(header.sectionSize(c) + em(self, 1), em(self, 7 if c == 1 else 4.5)))
        if select is not None:
            select_id(self.table, select)
        self.note.setText(self.tr("月度得分为各督查日得分（100 − 扣分 + 加分）的平均数；得分相同名次并列。"
                                  "较上月：名次升（↑）降（↓）。红色为本月最后一名。"))
        report = supervision.report_of(*period)
        if report is not None:
            self.issue.setText(self.tr("<b>第%1期</b>　%2 编发　编发人：%3").replace("%1", str(report.number))
                               .replace("%2", report.compiled_on.isoformat()).replace("%3", report.compiled_by or "—"))
            self.summary.setPlainText(report.summary)
            self.compile_button.setText(self.tr("重新编发…"))
        else:
            self.issue.setText(self.tr("%1的专报尚未编发（下面是按本月数据起草的综述）。").replace("%1", month_text(*period)))
            self.summary.setPlainText(supervision.default_summary(*period))
            self.compile_button.setText(self.tr("编发专报…"))

    def _show_close_state(self) -> None:
        """督查奖惩 of the month: 未结账, 已结账 (in the reward/penalty ledger) or 奖金表已定稿."""
        period = self.period()
        if period is None:
            self.close_state.setText("")
            return
        closed, final = supervision.supervision_month_state(*period)
        text = (self.tr("督查奖惩：奖金表已定稿") if final else
                self.tr("督查奖惩：已结账") if closed else self.tr("督查奖惩：未结账"))
        self.close_state.setText(text)
        self.close_state.setStyleSheet(f"color: {GREEN if closed or final else RED};")

    def close_month(self) -> None:
        """结账 / 撤销结账 of the month shown, in its dialog (like 车辆油耗's 月度奖惩)."""
        period = self.period()
        if period is None:
            return
        dialog = SupervisionMonthDialog(*period, self, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            self._show_close_state()
            self.message.emit(dialog.message or self.tr("督查奖惩已更新"))

    def redraft(self) -> None:
        period = self.period()
        if period is not None:
            self.summary.setPlainText(supervision.default_summary(*period))

    def compile(self) -> None:
        period = self.period()
        if period is None:
            return
        report = supervision.report_of(*period)
        question = (self.tr("重新编发%1的考核督查专报（第%2期，期号不变）？").replace("%2", str(report.number)) if report
                    else self.tr("编发%1的考核督查专报？编发后编为本年度的下一期。")).replace("%1", month_text(*period))
        if QMessageBox.question(self, self.tr("编发专报"), question) != QMessageBox.StandardButton.Yes:
            return
        ok, report = call_service(self, supervision.compile_report, *period, self.summary.toPlainText(),
                                  today=self.tab.day(), title=self.tr("编发专报"))
        if ok:
            self.show_month()
            self.message.emit(self.tr("已编发%1考核督查专报（第%2期）").replace("%1", month_text(*period))
                              .replace("%2", str(report.number)))

    # -- the printed report: reports/supervision.py lays it out, ui/printing.py prints it
    def _document(self):
        from govoffice_desktop.reports.supervision import monthly_report

        period = self.period()
        return monthly_report(*period) if period else None

    def report_title(self) -> str:
        period = self.period()
        return self.tr("考核督查专报（%1）").replace("%1", month_text(*period)) if period else ""

    def print_report(self) -> None:
        from govoffice_desktop.ui import printing

        ok, document = call_service(self, self._document, title=self.tr("打印预览"))
        if ok and document is not None:
            printing.preview_document(self, document, self.report_title())

    def save_report_pdf(self) -> None:
        from govoffice_desktop.ui import printing

        ok, document = call_service(self, self._document, title=self.tr("存为PDF"))
        if not ok or document is None:
            return
        try:
            path = printing.ask_and_save_document_pdf(self, document, self.report_title())
        except OSError as exc:
            QMessageBox.warning(self, self.tr("存为PDF"), str(exc))
            return
        if path:
            self.message.emit(self.tr("已存为 %1").replace("%1", path))

    def export_report_xlsx(self) -> None:
        from govoffice_desktop.reports.supervision import export_monthly_report
        from govoffice_desktop.ui.forms import export_document

        period = self.period()
        if period is None:
            return
        done = export_document(self, self.report_title(), export_monthly_report, *period)
        if done:
            self.message.emit(self.tr("已导出到 %1").replace("%1", done[0]))

    def refresh(self) -> None:
        self.fill_months()


# ================================================================ 会议与电话
def tr_(text: str) -> str:
    return QCoreApplication.translate("SupervisionTab", text)


def streak_texts(s: campaigns.Streak, defect_word: str) -> tuple[str, str]:
    """The bar's text and the line under it for one campaign."""
    def number(value) -> str:
        return f"{value.normalize():,f}"

    bar = (tr_("✓ 已达成 %1 %3") if s.current >= s.goal else tr_("%1 / %2 %3")).replace("%1", number(s.current)) \
        .replace("%2", number(s.goal)).replace("%3", s.unit)
    if s.since is None:
        detail = tr_("还没有记录")
    elif s.defects:
        detail = tr_("上次%1 %2 · 最长 %3 %4 · 共%1 %5 次").replace("%1", defect_word) \
            .replace("%2", s.since.isoformat()).replace("%3", number(s.longest)).replace("%4", s.unit) \
            .replace("%5", str(s.defects))
    else:
        detail = tr_("自 %1 记录以来无%2").replace("%1", s.since.isoformat()).replace("%2", defect_word)
    return bar, detail


class StreakBar(QWidget):
    """A campaign's run toward its goal: the bar, and since when below it."""

    def __init__(self, title: str, parent: QWidget | None = None, bold: bool = False):
        super().__init__(parent)
        self.title = QLabel(title, self)
        if bold:
            font = self.title.font()
            font.setBold(True)
            self.title.setFont(font)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, BAR_STEPS)
        self.detail = hint("", self)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.bar, 0, 1)
        layout.addWidget(self.detail, 1, 1)
        layout.setColumnStretch(1, 1)
        self.title.setMinimumWidth(em(self, 7.5))

    def show_streak(self, s: campaigns.Streak, defect_word: str) -> None:
        bar, detail = streak_texts(s, defect_word)
        self.bar.setValue(int(s.progress * BAR_STEPS))
        self.bar.setFormat(bar)
        self.detail.setText(detail)


class MeetingList(ListTab):
    key = "supervision_meetings"

    def table_title(self):
        return self.tr("百次会议无失误")

    def listing(self):
        return supervision.meeting_listing()

    def search_hint(self):
        return self.tr("按会议名称、承办科室、失误情况筛选")


class CallList(ListTab):
    key = "supervision_calls"

    def table_title(self):
        return self.tr("百次电话无差错")

    def listing(self):
        return supervision.call_listing()

    def search_hint(self):
        return self.tr("按来电单位、事由、接听人筛选")


class LogsPage(QWidget):
    """百次会议无失误 and 百次电话无差错, each log with its run; 万页 and 万里 beside them."""

    message = Signal(str)

    def __init__(self, tab: "SupervisionTab"):
        super().__init__(tab)
        self.tab = tab
        self.meetings = MeetingList(self)
        self.calls = CallList(self)
        self.meeting_run = StreakBar(self.tr("连续无失误"), self, bold=True)
        self.call_run = StreakBar(self.tr("连续无差错"), self, bold=True)
        self.typing_run = StreakBar(self.tr("万页文稿无差错"), self)
        self.driving_run = StreakBar(self.tr("万里行车无事故"), self)
        self.meeting_add = QPushButton(self.tr("登记会议…"), self)
        guard(self.meeting_add, "campaign.log")
        self.meeting_edit = QPushButton(self.tr("修改…"), self)
        guard(self.meeting_edit, "campaign.log")
        self.call_add = QPushButton(self.tr("登记电话…"), self)
        guard(self.call_add, "campaign.log")
        self.call_edit = QPushButton(self.tr("修改…"), self)
        guard(self.call_edit, "campaign.log")
        self.meeting_add.clicked.connect(lambda: self.open_meeting(None))
        self.meeting_edit.clicked.connect(lambda: self.open_meeting(self.meetings.selected_row_id()))
        self.call_add.clicked.connect(lambda: self.open_call(None))
        self.call_edit.clicked.connect(lambda: self.open_call(self.calls.selected_row_id()))
        self.meetings.view.doubleClicked.connect(lambda i: self.open_meeting(self.meetings.model.row_id(i.row())))
        self.calls.view.doubleClicked.connect(lambda i: self.open_call(self.calls.model.row_id(i.row())))

        def column(title: str, run: StreakBar, listing: ListTab, buttons) -> QGroupBox:
            box = QGroupBox(title, self)
            listing.layout().setContentsMargins(0, 0, 0, 0)
            bar = QHBoxLayout()
            bar.addStretch(1)
            for button in buttons:
                bar.addWidget(button)
            layout = QVBoxLayout(box)
            layout.addWidget(run)
            layout.addWidget(listing, 1)
            layout.addLayout(bar)
            return box

        others = QGroupBox(self.tr("另两项“四无”活动（数据来自文印管理、车辆油耗）"), self)
        others_layout = QHBoxLayout(others)
        others_layout.addWidget(self.typing_run, 1)
        others_layout.addSpacing(em(self, 2))
        others_layout.addWidget(self.driving_run, 1)
        columns = QHBoxLayout()
        columns.addWidget(column(self.tr("百次会议无失误"), self.meeting_run, self.meetings,
                                 (self.meeting_add, self.meeting_edit)), 1)
        columns.addWidget(column(self.tr("百次电话无差错"), self.call_run, self.calls,
                                 (self.call_add, self.call_edit)), 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(columns, 1)
        layout.addWidget(others)
        self.show_runs()

    def show_runs(self) -> None:
        self.meeting_run.show_streak(campaigns.meeting_streak(), self.tr("失误"))
        self.call_run.show_streak(campaigns.phone_streak(), self.tr("差错"))
        self.typing_run.show_streak(campaigns.typing_streak(), self.tr("差错"))
        self.driving_run.show_streak(campaigns.driving_streak(), self.tr("有责事故"))

    def open_meeting(self, entry_id: int | None) -> None:
        entry = supervision.meeting_by_id(entry_id) if entry_id is not None else None
        if entry_id is not None and entry is None:
            return
        dialog = MeetingDialog(self, entry, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            saved = dialog.result_value
            self.meetings.show_change(self.tr("已登记会议：%1").replace("%1", saved.title), saved.id)
            self.show_runs()

    def open_call(self, entry_id: int | None) -> None:
        entry = supervision.call_by_id(entry_id) if entry_id is not None else None
        if entry_id is not None and entry is None:
            return
        dialog = CallDialog(self, entry, today=self.tab.day())
        if self.tab.run_dialog(dialog):
            saved = dialog.result_value
            self.calls.show_change(self.tr("已登记电话：%1").replace("%1", saved.subject), saved.id)
            self.show_runs()

    def refresh(self) -> None:
        self.meetings.refresh()
        self.calls.refresh()
        self.show_runs()

    def fit_columns(self) -> None:
        self.meetings.fit_columns()
        self.calls.fit_columns()


# ================================================================ the tab
LIGHT_FILTERS = (("全部", None), ("● 红灯（逾期）", supervision.RED), ("● 黄灯（3天内到期）", supervision.YELLOW),
                 ("● 绿灯", supervision.GREEN), ("已办结", supervision.DONE), ("已撤销", supervision.WITHDRAWN))


class SupervisionTab(ListTab):
    key = "supervision"
    TABLES = tables_of("supervision", "staff", "settings", only=(BonusMonth, MonthClose, RewardPenalty, RewardRule))
    model_class = TaskModel
    fixed_today: date | None = None  # tests set a day; otherwise today's date, read each time

    PAGES = ("tasks", "daily", "month", "logs")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._shown_id: int | None = None
        self._build_actions()
        outer = self.layout()
        # the task list (search bar and table) moves into the first page of the inner tab widget
        bar = outer.itemAt(0).layout()
        outer.removeItem(bar)
        outer.removeWidget(self.view)
        self.detail = TaskDetail(self)
        self.task_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.task_splitter.setChildrenCollapsible(False)
        self.task_splitter.addWidget(self.view)
        self.task_splitter.addWidget(self.detail)
        self.task_splitter.setStretchFactor(0, 3)
        self.task_splitter.setStretchFactor(1, 2)
        tasks_page = QWidget(self)
        tasks_layout = QVBoxLayout(tasks_page)
        tasks_layout.setContentsMargins(0, 6, 0, 0)
        tasks_layout.addLayout(bar)
        tasks_layout.addLayout(self.action_bar((self.new_action, self.edit_action, self.progress_action,
                                                self.complete_action, None, self.withdraw_action,
                                                self.reopen_action)))
        tasks_layout.addWidget(self.task_splitter, 1)

        self.daily = DailyPage(self)
        self.month = MonthPage(self)
        self.logs = LogsPage(self)
        for page in (self.daily, self.month, self.logs):
            page.message.connect(self.status_message)
        self.logs.meetings.status_message.connect(self.status_message)
        self.logs.calls.status_message.connect(self.status_message)
        self.pages = QTabWidget(self)
        self.pages.addTab(tasks_page, self.tr("督办事项"))
        self.pages.addTab(self.daily, self.tr("每日督查"))
        self.pages.addTab(self.month, self.tr("月度考核与专报"))
        self.pages.addTab(self.logs, self.tr("会议与电话"))
        self.pages.currentChanged.connect(self._page_changed)
        outer.addWidget(self.pages, 1)

        self.view.horizontalHeader().resizeSection(0, 60)
        self.view.horizontalHeader().resizeSection(2, 320)
        self.enable_context_menu()
        self.view.doubleClicked.connect(lambda _index: self.edit_action.trigger())  # via the action
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self._update_actions()

    @property
    def import_kind(self) -> str:
        """A ledger dropped here (or 导入台账 from here): daily checks on 每日督查, tasks elsewhere."""
        pages = getattr(self, "pages", None)
        return "checks" if pages is not None and pages.currentWidget() is self.daily else "tasks"

    def day(self) -> date:
        return self.fixed_today or date.today()

    def table_title(self):
        return self.tr("督办事项")

    def listing(self):
        return supervision.task_listing(self.day())

    def search_hint(self):
        return self.tr("按来源、事项、责任人、科室、状态筛选")

    # -- the light filter
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.light_filter = QComboBox(self)
        self.light_filter.setObjectName("filter_light")
        for text, light in LIGHT_FILTERS:
            self.light_filter.addItem(self.tr(text), light)
        for i, (_text, light) in enumerate(LIGHT_FILTERS):
            if light in LIGHT_COLOURS and light not in (supervision.DONE, supervision.WITHDRAWN):
                self.light_filter.setItemData(i, QBrush(QColor(LIGHT_COLOURS[light])), Qt.ItemDataRole.ForegroundRole)
        self.light_filter.currentIndexChanged.connect(self.apply_filters)
        bar.addWidget(QLabel(self.tr("状态灯："), self))
        bar.addWidget(self.light_filter)

    def filters(self) -> dict:
        light = self.light_filter.currentData()
        return {"light": light} if light is not None else {}

    def apply_filters(self) -> None:
        self.model.set_filters(self.filters())

    # -- actions
    def _build_actions(self) -> None:
        self.new_action = self.make_action(self.tr("新建督办…"), self.new_task,
                                           self.tr("领导交办、重点难点、突发事件、调研课题：落实到人，限期办结"), permission="supervision.edit")
        self.edit_action = self.make_action(self.tr("修改…"), self.edit_task, self.tr("修改所选的督办事项（也可双击该行）"), permission="supervision.edit")
        self.progress_action = self.make_action(self.tr("登记进展…"), self.add_progress, self.tr("登记一条带日期的办理进展"), permission="supervision.edit")
        self.complete_action = self.make_action(self.tr("办结…"), self.complete_task, self.tr("办结：日期和办理结果"), permission="supervision.edit")
        self.withdraw_action = self.make_action(self.tr("撤销…"), self.withdraw_task, self.tr("情况变化，撤销督办（写明原因）"), permission="supervision.edit")
        self.reopen_action = self.make_action(self.tr("重新办理…"), self.reopen_task,
                                              self.tr("已办结或已撤销的事项重新办理，原结果留在进展中"), permission="supervision.edit")
        self.task_actions = [self.edit_action, self.progress_action, self.complete_action, self.withdraw_action,
                             self.reopen_action]

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action])
        menu.addSeparator()
        menu.addActions([self.progress_action, self.complete_action])
        menu.addSeparator()
        menu.addActions([self.withdraw_action, self.reopen_action])
        return menu

    def current_task(self):
        return supervision.task_by_id(self._shown_id)

    def _update_actions(self) -> None:
        task = self.current_task()
        status = task.status if task is not None else None
        self.edit_action.setEnabled(task is not None)
        self.progress_action.setEnabled(status is not None and status != "已撤销")
        self.complete_action.setEnabled(status == "办理中")
        self.withdraw_action.setEnabled(status == "办理中")
        self.reopen_action.setEnabled(status in ("已办结", "已撤销"))

    def _current_changed(self, current, _previous) -> None:
        if current.isValid():
            self._shown_id = self.model.row_id(current.row())
            self.detail.show_task(self.current_task(), self.day())
            self._update_actions()

    def _after_reset(self) -> None:
        wanted, self._shown_id = self._shown_id, None
        if wanted is None or not self.select_row_id(wanted):
            self.detail.show_task(None, self.day())
            self._update_actions()

    def select_row_id(self, row_id: int) -> bool:
        if not super().select_row_id(row_id):
            return False
        row = self.model.ids().index(row_id)
        self.view.setCurrentIndex(self.model.index(row, 0))
        self._shown_id = row_id
        self.detail.show_task(self.current_task(), self.day())
        self._update_actions()
        return True

    def _task_changed(self, message: str, task) -> None:
        """After a write to a task (which the change bus has shown): the task selected and a word."""
        if not self.select_row_id(task.id):
            message += self.tr("（不在当前搜索或筛选结果中）")
        self.status_message.emit(message)

    def _run_task_form(self, dialog, template: str) -> None:
        if self.run_dialog(dialog):
            task = dialog.result_value if dialog.result_value is not None else dialog.task
            task = getattr(task, "task", task)  # a progress note names its task
            self._task_changed(template.replace("%1", task.title), task)

    def new_task(self) -> None:
        self._run_task_form(TaskDialog(parent=self, today=self.day()), self.tr("已新建督办事项：%1"))

    def edit_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(TaskDialog(task, self, today=self.day()), self.tr("已修改督办事项：%1"))

    def add_progress(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(ProgressDialog(task, self, today=self.day()), self.tr("已登记办理进展：%1"))

    def complete_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(CompleteDialog(task, self, today=self.day()), self.tr("已办结：%1"))

    def withdraw_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(ReasonDialog(task, True, self, today=self.day()), self.tr("已撤销督办：%1"))

    def reopen_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(ReasonDialog(task, False, self, today=self.day()), self.tr("已重新办理：%1"))

    # -- opening a record from 首页
    def open_record(self, kind: str, key) -> bool:
        """Show a task ("task", id) or a section's line of a month's ranking ("ranking", (year, month,
        section id)); a search or filter hiding the task is cleared."""
        if kind == "task":
            self.pages.setCurrentIndex(0)
            if self.select_row_id(key):
                return True
            self.search.clear()
            self.light_filter.setCurrentIndex(0)
            self.apply_search()
            return self.select_row_id(key)
        if kind == "ranking":
            year, month, section_id = key
            self.pages.setCurrentWidget(self.month)
            self.month.fill_months()
            self.month.show_month(year, month, select=section_id)
            return self.month.period() == (year, month)
        return False

    # -- pages
    def _page_changed(self, index: int) -> None:
        page = self.pages.widget(index)
        if page is self.month:
            self.month.fill_months()
        elif page is self.logs:
            self.logs.show_runs()
        elif page is self.daily and not self.daily.modified():
            self.daily.load()

    def refresh(self) -> None:
        super().refresh()
        self.daily.refresh()
        self.month.refresh()
        self.logs.refresh()

    def reload_changes(self) -> None:
        """After a write: everything again, except what is being typed: a day's checks (read again
        when that page is next shown with nothing unsaved) and a month's summary not yet 编发."""
        ListTab.refresh(self)
        if not self.daily.modified():
            self.daily.refresh()
        summary = self.month.summary
        typed = (self.month.period(), summary.toPlainText()) if summary.document().isModified() else None
        self.month.refresh()
        if typed is not None and self.month.period() == typed[0] and summary.isEnabled():
            summary.setPlainText(typed[1])
            summary.document().setModified(True)
        self.logs.refresh()

    def fit_columns(self) -> None:
        super().fit_columns()
        self.view.horizontalHeader().resizeSection(0, max(self.view.horizontalHeader().sectionSize(0), 60))
        self.logs.fit_columns()

    def save_state(self, settings: QSettings) -> None:
        super().save_state(settings)
        settings.setValue(f"tabs/{self.key}/page", self.pages.currentIndex())
        settings.setValue(f"tabs/{self.key}/tasks_splitter", self.task_splitter.saveState())
        settings.setValue(f"tabs/{self.key}/daily_splitter", self.daily.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        super().restore_state(settings)
        self.logs.fit_columns()
        for name, splitter in (("tasks_splitter", self.task_splitter), ("daily_splitter", self.daily.splitter)):
            state = settings.value(f"tabs/{self.key}/{name}")
            if state is not None:
                splitter.restoreState(state)
        page = settings.value(f"tabs/{self.key}/page")
        if page is not None and 0 <= int(page) < self.pages.count():
            self.pages.setCurrentIndex(int(page))
