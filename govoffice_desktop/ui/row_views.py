"""Panels of figures as model and view, not a widget or an item a cell: a table fed a list of rows
(``RowsModel`` in ``read_only_view``), and a list of campaign runs, each a name, a bar and its
detail painted by one delegate (``RunList``).  A view paints only the rows on screen, so a panel
of hundreds of vehicles or drivers costs what its first screen shows (车辆油耗's panels)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionProgressBar,
                               QStyleOptionViewItem, QTableView, QWidget)

from govoffice_desktop.ui.columns import fit_columns, is_figure
from govoffice_desktop.ui.table_model import display

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT, _LEFT = int(RIGHT), int(LEFT)
_ANSWERED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.UserRole,
                       Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole})


@dataclass(frozen=True)
class Mark:
    """How one cell stands out: its text in ``color`` (bold when ``bold``), with a tooltip."""
    color: str
    bold: bool = False
    tooltip: str = ""


class RowsModel(QAbstractTableModel):
    """Rows given as tuples of values (shown as the lists show them, ``table_model.display``),
    each row's id at Qt.UserRole of its first cell; ``right`` the columns aligned right;
    ``marks`` the cells that stand out, by (row, column)."""

    def __init__(self, headers: Sequence[str], right: Sequence[int] = (), parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self.right = frozenset(right)
        self.rows: list[tuple] = []
        self.ids: list[Any] = []
        self.marks: dict[tuple[int, int], Mark] = {}

    def set_rows(self, rows: Sequence[Sequence[Any]], ids: Sequence[Any] | None = None,
                 marks: dict[tuple[int, int], Mark] | None = None) -> None:
        self.set_texts([texts_of(row) for row in rows], ids, marks)

    def set_texts(self, rows: list[tuple[str, ...]], ids: Sequence[Any] | None = None,
                  marks: dict[tuple[int, int], Mark] | None = None) -> None:
        """The rows as the texts they show (``texts_of``)."""
        self.beginResetModel()
        self.rows = rows
        self.ids = list(ids) if ids is not None else [None] * len(self.rows)
        self.marks = dict(marks or {})
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED or not index.isValid():
            return None
        return self._answer(index.row(), index.column(), role)

    def multiData(self, index: QModelIndex, span) -> None:  # noqa: N802
        """Every role a delegate asks of a cell, in one call from Qt (a view measuring its columns
        asks each cell for several)."""
        valid = index.isValid()
        r, c = index.row(), index.column()
        for role_data in span:
            role = role_data.role()
            if valid and role in _ANSWERED:
                role_data.setData(self._answer(r, c, role))
            else:
                role_data.clearData()

    def _answer(self, r: int, c: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[r][c]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if c in self.right else _LEFT
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[r] if c == 0 else None
        mark = self.marks.get((r, c))
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.rows[r][c]
            return mark.tooltip if mark is not None and mark.tooltip else (text if len(text) > 20 else None)
        if mark is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(mark.color))
        if mark.bold:  # FontRole
            font = QFont()
            font.setBold(True)
            return font
        return None

    def row_texts(self, r: int) -> list[str]:
        return list(self.rows[r])


def texts_of(row: Sequence[Any]) -> tuple[str, ...]:
    """A row's values as a table shows them (``table_model.display``; a text as it is)."""
    return tuple(v if v.__class__ is str else display(v) for v in row)


def show_rows(view: QTableView, model: RowsModel, rows: Sequence[Sequence[Any]], ids: Sequence[Any] | None = None,
              marks: dict[tuple[int, int], Mark] | None = None) -> None:
    """``model.set_rows`` and the columns fitted (``fit_columns``) as over every row, but measured
    over the few rows that decide the widths: in each column the widest text (bold where marked) and
    the first that is not a figure (which makes it a column of words).  A view measuring every cell
    asks each for its roles through Python: 200 rows of 10 columns took a tenth of a second."""
    texts = [texts_of(row) for row in rows]
    ids = list(ids) if ids is not None else [None] * len(texts)
    marks = dict(marks or {})
    if len(texts) > 20:
        plain, bold = view.fontMetrics(), QFontMetrics(_bold(view.font()))
        measured: dict[tuple[bool, str], int] = {}  # each distinct text measured once (half of them repeat)

        def width(text: str, in_bold: bool) -> int:
            found = measured.get((in_bold, text))
            if found is None:
                found = measured[in_bold, text] = (bold if in_bold else plain).horizontalAdvance(text)
            return found
        deciding = set()
        for c in range(model.columnCount()):
            widths = [(width(row[c], (r, c) in marks and marks[r, c].bold), r) for r, row in enumerate(texts)]
            deciding.add(max(widths)[1])
            words = next((r for r, row in enumerate(texts) if row[c] and not is_figure(row[c])), None)
            if words is not None:
                deciding.add(words)
        kept = sorted(deciding)
        model.set_texts([texts[r] for r in kept], [ids[r] for r in kept],
                        {(kept.index(r), c): m for (r, c), m in marks.items() if r in deciding})
        fit_columns(view)
        model.set_texts(texts, ids, marks)
    else:
        model.set_texts(texts, ids, marks)
        fit_columns(view)


def _bold(font: QFont) -> QFont:
    font = QFont(font)
    font.setBold(True)
    return font


def read_only_view(parent: QWidget | None, model: QAbstractTableModel, stretch: int | None = None) -> QTableView:
    """A table of figures to read (no editing, a row selected at a time), as ``forms.read_only_table``
    makes one, over ``model``."""
    view = QTableView(parent)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setProperty("stretch_column", stretch if stretch is not None else model.columnCount() - 1)
    fit_columns(view)
    return view


# ---------------------------------------------------------------- campaign runs
BAR_STEPS = 1000  # as forms.BAR_STEPS: tenths of a per cent


@dataclass
class RunLine:
    """One run in a ``RunList``: its name, progress (0 … 1), the bar's words, and its detail (or a
    function giving it when the line is first painted: what costs a query is asked for on screen)."""
    name: str
    progress: float
    bar_text: str
    detail: str | Callable[[], str]
    key: Any = None


class RunListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[RunLine] = []

    def set_lines(self, lines: Sequence[RunLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.lines)

    def names(self) -> list[str]:
        return [line.name for line in self.lines]

    def detail(self, line: RunLine) -> str:
        """The line's detail, worked out the first time it is asked (then kept)."""
        if callable(line.detail):
            line.detail = line.detail()
        return line.detail

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.bar_text}\n{self.detail(line)}"
        if role == Qt.ItemDataRole.UserRole:
            return line.key
        return None


class RunDelegate(QStyledItemDelegate):
    """A run painted as the campaign panels lay one out: its name and its bar on a line, its detail
    (grey, up to two lines) under them."""

    DETAIL_LINES = 2

    def __init__(self, view: QListView):
        super().__init__(view)
        self.view = view
        self.name_width = 0

    def line_height(self) -> int:
        """A line of text as drawn (the CJK fallback font is taller than the Latin one the metrics give)."""
        metrics = self.view.fontMetrics()
        return max(metrics.lineSpacing(), metrics.boundingRect("字Ag").height()) + 1

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        h = self.line_height()
        return QSize(self.name_width * 3, h + 8 + h * self.DETAIL_LINES + 8)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        model = index.model()
        line = model.lines[index.row()]
        style = self.view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, self.view)
        rect = option.rect.adjusted(4, 3, -4, -3)
        h = self.line_height()
        top = QRect(rect.left(), rect.top(), rect.width(), h + 6)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.setPen(text_color)
        painter.drawText(QRect(top.left(), top.top(), self.name_width, top.height()), int(LEFT),
                         painter.fontMetrics().elidedText(line.name, Qt.TextElideMode.ElideRight, self.name_width))
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(top.left() + self.name_width + 6, top.top(), top.width() - self.name_width - 6, top.height())
        bar.minimum, bar.maximum = 0, BAR_STEPS
        bar.progress = int(line.progress * BAR_STEPS)
        bar.text = line.bar_text
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, self.view)
        detail_rect = QRect(rect.left(), top.bottom() + 3, rect.width(), h * self.DETAIL_LINES)
        painter.setPen(text_color if selected else QColor("#5f6368"))
        detail = model.detail(line)
        painter.drawText(detail_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                          | Qt.TextFlag.TextWordWrap), detail)
        painter.restore()


class RunList(QListView):
    """Runs as a list that paints only what is on screen: every line the same height, names in a
    column as wide as the longest (up to ten characters), the bars beside them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs = RunListModel(self)
        self.setModel(self.runs)
        self.delegate = RunDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QListView.Shape.NoFrame)

    def set_lines(self, lines: Sequence[RunLine]) -> None:
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(line.name) for line in lines), default=0)
        self.delegate.name_width = min(longest, metrics.horizontalAdvance("字") * 10) + 4
        self.runs.set_lines(lines)

    def bar_width(self) -> int:
        """How wide a bar is painted (the view's width less the names and margins)."""
        return self.viewport().width() - 8 - self.delegate.name_width - 6
