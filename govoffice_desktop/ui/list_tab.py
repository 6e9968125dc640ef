"""A tab that lists one table: a search box, a lazy table view, a count."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
                               QVBoxLayout, QWidget)

from govoffice_desktop.services.listing import Listing
from govoffice_desktop.ui.table_model import ListingModel

SEARCH_DELAY_MS = 250
PRECISION_ROWS = 200  # rows measured when fitting column widths (one page)
MAX_COLUMN_CHARS = 24  # no column starts wider than this many CJK characters


class ListTab(QWidget):
    """Subclasses give ``key``, ``title`` and ``listing()`` with ``headers()``."""

    key = "list"
    model_class = ListingModel
    status_message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = self.model_class(self.listing(), self.headers(), self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.search_hint())
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.count_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setDefaultSectionSize(110)
        self.model.modelReset.connect(self._update_count)
        self._apply_default_order()
        self.view.setSortingEnabled(True)  # sorts, and so loads the first ids

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.apply_search)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("搜索："), self))
        bar.addWidget(self.search, 1)
        self.add_toolbar_widgets(bar)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    # -- for subclasses
    def listing(self) -> Listing:
        raise NotImplementedError

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def search_hint(self) -> str:
        return self.tr("输入关键字筛选，多个词用空格分开")

    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        """Room for a tab's filters and buttons beside the search box."""

    # -- behaviour
    def _apply_default_order(self) -> None:
        keys = self.model.listing.keys
        if self.model.order_key in keys:
            order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
            self.view.horizontalHeader().setSortIndicator(keys.index(self.model.order_key), order)

    def apply_search(self) -> None:
        self._timer.stop()
        self.model.set_search(self.search.text())

    def refresh(self) -> None:
        self.model.listing = self.listing()  # a new day may change what a listing computes
        self.model.reload()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        text = self.tr("共 %n 条", "", n) if not self.model.search else self.tr("筛选出 %n 条", "", n)
        self.count_label.setText(text)
        self.status_message.emit(text)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def copy_selection(self) -> None:
        """Copy the selected rows as tab-separated text (pastes into Excel as cells)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        if not rows:
            return
        lines = ["\t".join(self.model.headers)]
        for r in rows:
            lines.append("\t".join(self.model.index(r, c).data() or "" for c in range(self.model.columnCount())))
        QGuiApplication.clipboard().setText("\n".join(lines))

    # -- settings
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tabs/{self.key}/header", self.view.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(f"tabs/{self.key}/header")
        if state is not None and self.view.horizontalHeader().restoreState(state):
            return
        self.fit_columns()

    def fit_columns(self) -> None:
        """Widths from the header and the first rows' text, within sensible bounds."""
        header = self.view.horizontalHeader()
        header.setResizeContentsPrecision(PRECISION_ROWS)
        self.view.resizeColumnsToContents()
        limit = self.fontMetrics().horizontalAdvance("字" * MAX_COLUMN_CHARS)
        padding = self.fontMetrics().horizontalAdvance("字")  # room for the sort arrow
        for col in range(self.model.columnCount()):
            header.resizeSection(col, min(header.sectionSize(col) + padding, limit))

