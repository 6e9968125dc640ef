"""Pieces the entry forms share: call a service and show its refusal, date fields, read-only tables."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Sequence

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFrame, QGridLayout,
                               QGroupBox, QHBoxLayout, QLabel, QMessageBox, QProgressBar,
                               QScrollArea,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from govoffice_desktop.models.db import busy_message, is_busy
from govoffice_desktop.services import outputs
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.access import guard, permission_of, refusal, set_enabled  # noqa: F401 - forms' users
from govoffice_desktop.ui.bus import emitting
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui.form_keys import FormDialog
from govoffice_desktop.ui.run_texts import driving_summary_texts  # noqa: F401 - forms' users
from govoffice_desktop.ui.table_model import display

DATE_FORMAT = "yyyy-MM-dd"
RED = "#d93025"


def tr(text: str) -> str:
    return QCoreApplication.translate("forms", text)


def call_service(parent: QWidget | None, fn: Callable, *args, title: str | None = None, **kwargs) -> tuple[bool, Any]:
    """Run ``fn``; a ``BadValue`` (the service's refusal, in Chinese) is shown in a warning box.

    What the call wrote is said once on the change bus (ui/bus.py).  Returns (True, result) or
    (False, None).  Nothing but ``BadValue`` and a database that stayed
    busy (another program writing) is caught: anything else is a bug and should be seen as one."""
    import peewee


    try:
        with emitting():  # the tabs hear once what the call wrote
            return True, fn(*args, **kwargs)
    except BadValue as exc:
        QMessageBox.warning(parent, title or tr("未能保存"), str(exc))
        return False, None
    except peewee.OperationalError as exc:  # another program kept the write lock past the wait
        if not is_busy(exc):
            raise
        QMessageBox.warning(parent, title or tr("未能保存"), busy_message(exc))
        return False, None


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str, suffixes: Sequence[str],
                  inputs: Sequence = (), backup_copy: bool = False) -> str | None:
    """A save dialog whose answer is checked like every path written (services/outputs.py): the
    suffix added when missing; a refused path (the database, a backup, the file being read…) is
    shown and None returned, so nothing is written.  The dialog itself asked before replacing."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog


    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not path:
        return None
    if suffixes and Path(path).suffix.lower() not in suffixes:
        path += suffixes[0]
        if Path(path).exists():  # a name the dialog did not ask about
            answer = QMessageBox.question(parent, title, tr("%1 已经存在，要替换它吗？").replace("%1", path))
            if answer != QMessageBox.StandardButton.Yes:
                return None
    try:
        outputs.check_output(path, suffixes, force=True, inputs=inputs, backup_copy=backup_copy)
    except outputs.OutputRefused as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    return path


def ask_xlsx_path(parent: QWidget | None, title: str) -> str | None:
    """导出为 Excel: a save dialog in the home folder, ``title``.xlsx offered; the name ends in .xlsx."""
    from pathlib import Path


    return ask_save_path(parent, tr("导出为 Excel"), str(Path.home() / f"{title}.xlsx"), tr("Excel 工作簿 (*.xlsx)"),
                         outputs.XLSX)


def export_document(parent: QWidget | None, title: str, export: Callable, *args) -> tuple[str, Any] | None:
    """Ask where, then ``export(path, *args)`` (a report's .xlsx); a refusal or a file that cannot
    be written is shown.  Returns (path, what export returned), or None."""
    path = ask_xlsx_path(parent, title)
    if path is None:
        return None
    try:  # force: the save dialog asked before replacing a file
        ok, result = call_service(parent, export, path, *args, force=True, title=tr("导出Excel"))
    except OSError as exc:
        QMessageBox.warning(parent, tr("导出失败"), str(exc))
        return None
    return (path, result) if ok else None


def date_edit(parent: QWidget | None, value: date | None = None) -> QDateEdit:
    """A date field with a calendar, showing ``value`` (today if none)."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDate(QDate(value or date.today()))
    return edit


def date_of(edit: QDateEdit) -> date:
    return edit.date().toPython()


class OptionalDateEdit(QWidget):
    """A date that may be left out: a tick box before the date field (unticked = not filled in)."""

    def __init__(self, parent: QWidget | None = None, value: date | None = None):
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.check.setToolTip(tr("勾选后填写日期；不勾选表示未填"))
        self.edit = date_edit(self, value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.set_value(value)

    def value(self) -> date | None:
        return date_of(self.edit) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        if value is not None:
            self.edit.setDate(QDate(value))
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)


class ServiceDialog(FormDialog):
    """A form whose OK calls a service.  Subclasses build their fields and implement ``submit``;
    a refusal is shown and the dialog stays open so the entry can be corrected.  The keys are
    every form's (ui/form_keys.py): it opens on its first field, Tab follows the layout, Enter
    goes on to the next field and saves in the last, Esc cancels."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.result_value: Any = None

    def submit(self) -> Any:
        raise NotImplementedError

    def accept(self) -> None:
        ok, result = call_service(self, self.submit, title=self.windowTitle())
        if ok:
            self.result_value = result
            super().accept()


class PanelDialog(QDialog):
    """A dialog of several actions, each applied at once by its own button; 关闭 closes it.
    ``changed`` tells the caller whether anything was written."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.changed = False
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.buttons.rejected.connect(self.reject)

    def act(self, fn: Callable, *args, **kwargs) -> tuple[bool, Any]:
        """Call a service; on success note the change and reload what the dialog shows."""
        ok, result = call_service(self, fn, *args, title=self.windowTitle(), **kwargs)
        if ok:
            self.changed = True
            self.reload()
        return ok, result

    def reload(self) -> None:
        """Show the data again after a change."""


def em(widget: QWidget, chars: float) -> int:
    """The width of ``chars`` CJK characters in the widget's font."""
    return int(widget.fontMetrics().horizontalAdvance("字") * chars)


def read_only_table(parent: QWidget | None, headers: Sequence[str], stretch: int | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    # the column that stretches while the table is empty (ui/columns.py: then the longest text does)
    table.setProperty("stretch_column", stretch if stretch is not None else len(headers) - 1)
    fit_columns(table)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[Any]], ids: Sequence[Any] | None = None,
               red_rows: Sequence[int] = ()) -> None:
    """Replace the rows; ``ids`` are kept on each row's first cell (Qt.UserRole)."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    red = set(red_rows)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(display(value))
            if isinstance(value, int) and not isinstance(value, bool):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if r in red:
                item.setForeground(QBrush(QColor(RED)))
            if c == 0 and ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            text = item.text()
            if len(text) > 20:
                item.setToolTip(text)
            table.setItem(r, c, item)
    fit_columns(table)


def selected_id(table: QTableWidget) -> Any:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def select_id(table: QTableWidget, wanted: Any) -> bool:
    for row in range(table.rowCount()):
        if table.item(row, 0).data(Qt.ItemDataRole.UserRole) == wanted:
            table.selectRow(row)
            return True
    return False


HINT_STYLE = "color: #5f6368;"  # explanatory text under a form, in grey


def span_row(parent: QWidget, first: QWidget, last: QWidget, stretch: bool = False) -> QHBoxLayout:
    """A form's "from … to …" row (dates, times, odometer readings): ``first 至 last``; the two
    fields share the width with ``stretch``, or keep their size with the rest left empty."""
    row = QHBoxLayout()
    row.addWidget(first, 1 if stretch else 0)
    row.addWidget(QLabel(tr("至"), parent))
    row.addWidget(last, 1 if stretch else 0)
    if not stretch:
        row.addStretch(1)
    return row


def hint(text: str, parent: QWidget) -> QLabel:
    """A line of explanation in a form: grey, wrapped."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


BAR_STEPS = 1000  # progress bars count in tenths of a per cent


@dataclass
class RunRow:
    """One line of a campaign panel: a name, the progress, the bar's text, and a detail below."""
    name: str
    progress: float  # 0 … 1
    bar_text: str
    detail: str
    tooltip: str = ""


class RunPanel(QGroupBox):
    """The zero-defect campaigns (万页文稿无差错, 万里行车无事故): an intro, then a row per runner,
    the first (the whole office or pool) in bold and set apart, names and bars lined up in one grid."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.rows: dict[str, tuple[QProgressBar, QLabel]] = {}
        self.body: QWidget | None = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("color: #5f6368;")
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.scroll, 1)
        self.setMinimumWidth(em(self, 19))

    def show_rows(self, rows: Sequence[RunRow]) -> None:
        body = QWidget(self.scroll)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, em(self, 0.5), 0)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        self.rows.clear()
        line_no = 0
        for i, run in enumerate(rows):
            name = QLabel(run.name, body)
            if i == 0:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            bar = QProgressBar(body)
            bar.setRange(0, BAR_STEPS)
            bar.setValue(int(run.progress * BAR_STEPS))
            bar.setFormat(run.bar_text)
            # its words whole (8 / 9 名已达 10,000 里 was cut in a bar squeezed by its neighbours)
            bar.setMinimumWidth(bar.fontMetrics().horizontalAdvance(bar.text()) + em(self, 1.5))
            if run.tooltip:
                bar.setToolTip(run.tooltip)
            detail = QLabel(run.detail, body)
            detail.setStyleSheet("color: #5f6368;")
            detail.setWordWrap(True)
            grid.addWidget(name, line_no, 0)
            grid.addWidget(bar, line_no, 1)
            grid.addWidget(detail, line_no + 1, 0, 1, 2)
            line_no += 2
            if i == 0:
                line = QFrame(body)
                line.setFrameShape(QFrame.Shape.HLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                grid.addWidget(line, line_no, 0, 1, 2)
            grid.setRowMinimumHeight(line_no, em(self, 0.6))
            line_no += 1
            self.rows[run.name] = (bar, detail)
        grid.setRowStretch(line_no, 1)
        old = self.scroll.takeWidget()
        self.scroll.setWidget(body)
        self.body = body
        # the panel as wide as its rows need (the scroll area scrolls down only), the splitter or
        # the layout holding it giving it that room
        left, _top, right, _bottom = self.layout().getContentsMargins()
        frame = self.contentsMargins()  # the group box's frame and title
        need = (body.minimumSizeHint().width() + self.scroll.verticalScrollBar().sizeHint().width()
                + left + right + frame.left() + frame.right() + 2 * self.scroll.frameWidth())
        self.setMinimumWidth(max(em(self, 19), need))
        if old is not None:
            old.deleteLater()

    def fit_list(self, run_list) -> None:
        """The panel as wide as the names and the widest bar's words of ``run_list`` (a
        ``row_views.RunList`` below the rows) need: it scrolls down only."""
        metrics = run_list.fontMetrics()
        widest = max((metrics.horizontalAdvance(line.bar_text) for line in run_list.runs.lines), default=0)
        left, _top, right, _bottom = self.layout().getContentsMargins()
        frame = self.contentsMargins()
        need = (run_list.width() - run_list.bar_width() + widest + em(self, 1.5)
                + run_list.verticalScrollBar().sizeHint().width() + left + right + frame.left() + frame.right())
        self.setMinimumWidth(max(self.minimumWidth(), need))
