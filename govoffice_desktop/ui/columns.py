"""One rule for the columns of every table in the window (``fit_columns``):

- the text column with the longest content stretches to take the room left, unless even its
  longest text is short (``SHORT_TEXT_CHARS``: names, sections, 政治面貌): then nothing stretches,
  the figures stay beside their labels and the room left is at the right;
- numbers, dates and the other columns fit their content (a text column at most ``MAX_COLUMN_CHARS``);
- a header is never elided: a header wider than its column's content sets the width;
- when the other columns leave too little room, the stretching column keeps what its content needs
  and the table scrolls sideways; a table read at a glance in a narrow box (property
  ``stretch_may_elide``: 首页's lists) lets it give way to its header instead, the texts elided;
- a width the user sets by dragging is remembered per table (QSettings ``columns/<table>``) and
  restored the next time that table is shown.

A table is known by ``key`` when given, else by the class of the page or dialog it sits in and its
headers, so the same table in a later session finds its widths again."""
from __future__ import annotations

import json
import re

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from shiboken6 import isValid
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView, QWidget

PRECISION_ROWS = 200  # rows measured (one page of a lazy model)
MAX_COLUMN_CHARS = 24  # a text column that does not stretch is at most this many CJK characters wide
SHORT_TEXT_CHARS = 10  # a text column whose longest text is no wider than this does not stretch
NEAR_TEXTS = 16  # texts within a pixel of a column's widest advance, laid out to find the widest
# What a figure, a date, a time or a percentage is written with: a column holding only these fits.
FIGURE = re.compile(r"^[\s0-9０-９〇一二三四五六七八九十.,，:：+\-−/%％年月日时分第名次季度Q（）()~～·]*$")
DIGIT = re.compile(r"[0-9０-９]")


def is_figure(text: str) -> bool:
    """A figure, a date, a percentage, or a code mostly of digits (an ID or a plate number)."""
    return bool(FIGURE.match(text)) or len(DIGIT.findall(text)) * 2 >= len(text.strip())


def header_of(view: QAbstractItemView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()


def header_text(view: QAbstractItemView, column: int) -> str:
    return str(view.model().headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")


def header_need(view: QAbstractItemView, column: int) -> int:
    """The width a column's header needs to be read whole: its longest line, the margins, the sort arrow."""
    header = header_of(view)
    metrics = header.fontMetrics()
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    text = max((metrics.horizontalAdvance(line) for line in header_text(view, column).split("\n")), default=0)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin \
        if header.isSortIndicatorShown() else 0
    return max(text + 2 * margin + arrow + 4, header.sectionSizeHint(column))


def _texts(view: QAbstractItemView, column: int, rows: int) -> list[str]:
    model = view.model()
    out = []
    for row in range(min(model.rowCount(), rows)):
        value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
        if value not in (None, ""):
            out.append(str(value))
    return out


def is_text_column(view: QAbstractItemView, column: int, rows: int = PRECISION_ROWS) -> bool:
    """A column of words (names, reasons, notes) rather than figures and dates."""
    return any(not is_figure(text) for text in _texts(view, column, rows))


def _content_width(view: QAbstractItemView, column: int) -> tuple[int, bool]:
    """(what the column's content needs, whether it holds words), over ``PRECISION_ROWS`` rows.
    A model whose cells are plain text (``plain_text_cells``: one font, no icon, no check box, as
    the lists' models; ``column_texts(column, rows)`` gives them), or such a view (首页's lists), is
    measured by its widest text:
    its delegate asked for that one cell, as ``sizeHintForColumn`` would ask each (a view asks
    every cell for its roles through Python: 200 rows of 10 columns cost a list's first screen
    more than the rest of it)."""
    model = view.model()
    cells = _plain_text_cells(view)
    if cells is None:
        content = view.sizeHintForColumn(column) if model.rowCount() else 0
        return content, is_text_column(view, column)
    rows = model.rowCount()
    top = max(0, min(view.verticalHeader().visualIndexAt(0), rows - PRECISION_ROWS))
    measured = [r for r in range(top, min(rows, top + PRECISION_ROWS)) if not view.isRowHidden(r)]
    texts = cells.column_texts(column, measured)
    metrics = view.fontMetrics()
    widths: dict[str, int] = {}
    for text in set(texts):  # a list repeats its values (加满, stations, prices): each measured once
        if text:
            widths[text] = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if not widths:
        at = model.index(measured[0], column) if measured else None
        return (0 if at is None else view.sizeHintForIndex(at).width() + (1 if view.showGrid() else 0)), False
    # Advances are whole pixels; the delegate lays a text out in fractions, so among the texts within
    # a pixel of the widest (at most ``NEAR_TEXTS``) the widest laid out is the one measured.
    most = max(widths.values())
    near = sorted((text for text in widths if widths[text] >= most - 1), key=lambda text: (-widths[text], text))
    widest = max(near[:NEAR_TEXTS], key=lambda text: (_laid_out(metrics, text), widths[text], text))
    at = model.index(measured[texts.index(widest)], column)
    words = any(not is_figure(text) for text in widths)
    return view.sizeHintForIndex(at).width() + (1 if view.showGrid() else 0), words


def _laid_out(metrics, text: str) -> int:
    """The width of ``text`` laid out as a view's delegate lays it out (its widest line)."""
    return max(metrics.size(0, line).width() for line in text.split("\n"))


def _plain_text_cells(view: QAbstractItemView):
    """What gives the texts of a table whose cells are plain text (``plain_text_cells`` and
    ``column_texts``): its model (the lists' models) or the view itself (首页's lists, whose items
    are text alone); None for any other view."""
    if isinstance(view, QTableView):
        for owner in (view.model(), view):
            if getattr(owner, "plain_text_cells", False):
                return owner
    return None


class ColumnRule(QObject):
    """The rule applied to one view; kept as the view's child, found again by ``rule_of``."""

    def __init__(self, view: QAbstractItemView, key: str | None):
        super().__init__(view)
        self.setObjectName("column_rule")
        self.view = view
        self.key = key
        self.stretch: int | None = None
        self.stretch_min = 0
        self.busy = False
        header_of(view).sectionResized.connect(self._resized)
        viewport_of(view).installEventFilter(self)

    @property
    def header(self) -> QHeaderView:
        """Asked of the view each time (a wrapper kept from the view's construction can go stale)."""
        return header_of(self.view)

    # -- identity and memory
    def table_key(self) -> str:
        if self.key:
            return self.key
        owner = self.view.parent()
        while owner is not None and not type(owner).__module__.startswith("govoffice_desktop"):
            owner = owner.parent()
        name = type(owner).__name__ if owner is not None else "table"
        labels = "|".join(header_text(self.view, c).replace("\n", "") for c in range(self.view.model().columnCount()))
        return f"{name}/{self.view.objectName() or labels}"

    def remembered(self) -> dict[str, int]:
        raw = QSettings().value(f"columns/{self.table_key()}")
        try:
            return {str(k): int(v) for k, v in json.loads(raw).items()} if raw else {}
        except (ValueError, TypeError, AttributeError):
            return {}

    def _resized(self, column: int, _old: int, new: int) -> None:
        """A width set by the user (not by this rule, not by stretching) is remembered; for the
        stretching column it is the least it keeps."""
        if self.busy or self.view.model() is None:
            return
        if self.header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
            return
        widths = self.remembered()
        widths[header_text(self.view, column)] = new
        QSettings().setValue(f"columns/{self.table_key()}", json.dumps(widths, ensure_ascii=False))
        self._place_stretch()

    # -- fitting
    def fit(self) -> None:
        model = self.view.model()
        if model is None:
            return
        columns = model.columnCount()
        self.busy = True
        try:
            self.header.setStretchLastSection(False)
            self.header.setResizeContentsPrecision(PRECISION_ROWS)
            em = self.view.fontMetrics().horizontalAdvance("字")
            limit = em * MAX_COLUMN_CHARS
            widths, longest = {}, {}
            for c in range(columns):
                self.header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                content, text = _content_width(self.view, c)
                if text:
                    longest[c] = content
                    content = min(content + em // 2, limit)
                else:
                    content += em // 2
                widths[c] = max(content, header_need(self.view, c))
            visible = [c for c in longest if not self.header.isSectionHidden(c)]
            self.stretch = max(visible, key=lambda c: (longest[c], -c)) if visible else None
            if self.stretch is not None and longest[self.stretch] <= em * SHORT_TEXT_CHARS \
                    and not self.view.property("stretch_may_elide"):  # 首页's boxes: their text fills them
                self.stretch = None  # short words (names, sections): the figures stay beside them
            hint = self.view.property("stretch_column")
            if not model.rowCount() and isinstance(hint, int) and 0 <= hint < columns:
                self.stretch = hint  # no rows yet: the column the table names for its text
            memory = self.remembered()
            for c in range(columns):
                wanted = memory.get(header_text(self.view, c))
                if wanted is not None:
                    widths[c] = max(wanted, header_need(self.view, c))
                self.header.resizeSection(c, widths[c])
            self.stretch_min = widths.get(self.stretch, 0)
            if self.stretch is not None and self.view.property("stretch_may_elide"):
                # a list read at a glance in a narrow box (首页): the stretching column gives way
                # down to its header, its long texts elided (their tooltips hold them whole)
                self.stretch_min = header_need(self.view, self.stretch)
        finally:
            self.busy = False
        self._place_stretch()

    def _place_stretch(self) -> None:
        """The stretching column takes the room left, but never less than its header and content
        need: when the others leave too little, it keeps that width and the table scrolls."""
        if self.stretch is None or self.view.model() is None:
            return
        others = sum(self.header.sectionSize(c) for c in range(self.view.model().columnCount())
                     if c != self.stretch and not self.header.isSectionHidden(c))
        room = viewport_of(self.view).width() - others
        mode = QHeaderView.ResizeMode.Stretch if room >= self.stretch_min else QHeaderView.ResizeMode.Interactive
        self.busy = True
        try:
            if self.header.sectionResizeMode(self.stretch) != mode:
                self.header.setSectionResizeMode(self.stretch, mode)
            if mode == QHeaderView.ResizeMode.Interactive:
                self.header.resizeSection(self.stretch, self.stretch_min)
        finally:
            self.busy = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and self.stretch is not None and isValid(self.view):
            self._place_stretch()
        return False


def viewport_of(view: QAbstractItemView) -> QWidget:
    """``view.viewport()``, found as the view's child of that name when it can be: the first
    ``viewport()`` of a process makes PySide look for the Python type of a QWidget it has not met,
    building the types of every QWidget subclass and their enums (about 70 enums, 15-20 ms before
    the window's first paint); a ``findChild`` of a QWidget does not, and ``viewport()`` then
    answers with the same object."""
    found = view.findChild(QWidget, "qt_scrollarea_viewport", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else view.viewport()


def rule_of(view: QAbstractItemView, key: str | None = None) -> ColumnRule:
    rule = view.findChild(ColumnRule, "column_rule", Qt.FindChildOption.FindDirectChildrenOnly)
    if rule is None:
        rule = ColumnRule(view, key)
    elif key:
        rule.key = key
    return rule


def fit_columns(view: QAbstractItemView, key: str | None = None) -> ColumnRule:
    """Apply the rule to ``view`` (again, after its rows changed)."""
    rule = rule_of(view, key)
    rule.fit()
    return rule
