"""A table model over a service ``Listing``: it holds row ids and fetches rows a page at a time.

A listing of many rows (ten years of 文印登记) is opened on its first ``FIRST_IDS`` ids and its count:
the rest of the ids are read when a row beyond them is asked for (scrolled to, selected, exported),
so a first screen costs the same whatever the history."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from govoffice_desktop.services.listing import Listing
from govoffice_desktop.texts import value_text

PAGE_ROWS = 200  # rows fetched together when the view needs one it has not seen
CACHE_ROWS = 20_000  # forget fetched rows beyond this many (they are fetched again on need)
FIRST_IDS = 2_000  # ids read when a listing is (re)loaded; the rest when a row beyond them is needed


def display(value: Any) -> str:
    """How a value reads in a table cell."""
    if isinstance(value, bool):
        return QCoreApplication.translate("display", value_text(value))
    if isinstance(value, Decimal):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return value_text(value)  # the words the printouts use too (govoffice_desktop/texts.py)


_ANSWERED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole,
                       Qt.ItemDataRole.UserRole + 1, Qt.ItemDataRole.UserRole + 2})  # RawRole, IdRole


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _answer(value: Any, role: int):
    """What a cell holding ``value`` answers for ``role`` (one of ``_ANSWERED`` but the id)."""
    if role == ListingModel.RawRole:
        return value
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return _RIGHT if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else _LEFT
    text = display(value)
    if role == Qt.ItemDataRole.ToolTipRole:
        return text if len(text) > 20 else None
    return text


class ListingModel(QAbstractTableModel):
    """Rows of a ``Listing``: ``reload`` asks it for ids; ``data`` fetches rows lazily."""

    RawRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    #: A subclass whose own ``data`` changes only the words a cell shows and their colour (● 红,
    #: money in two decimals, a red row), never the font, an icon or a check box, says so: its
    #: columns are still measured by their widest text (ui/columns.py), not cell by cell.
    only_paints = False
    #: The columns whose words such a subclass writes itself (None: any of them); the others are
    #: measured from the values, without asking its ``data`` cell by cell.
    own_text_columns: tuple[int, ...] | None = None

    @property
    def plain_text_cells(self) -> bool:
        """Its cells are text in the view's font (ui/columns.py measures the widest): a model that
        answers more roles (its own ``data``, not ``only_paints``) is measured cell by cell."""
        return self.only_paints or type(self).data is ListingModel.data

    def __init__(self, listing: Listing, headers: Sequence[str], parent=None):
        super().__init__(parent)
        if len(headers) != len(listing.columns):
            raise ValueError("one header per listing column")
        self.listing = listing
        self.headers = list(headers)
        self._ids: list[int] = []
        self._rows = 0  # the rows the listing has: len(self._ids), or more while only the first are read
        self._cache: dict[int, tuple] = {}
        self.search = ""
        self.filters: dict[str, Any] = {}
        self.order_key: str | None = listing.default_order
        self.descending: bool = listing.default_desc

    # -- loading
    def reload(self) -> None:
        # may raise: before the reset
        ids = self.listing.ids(self.search, self.order_key, self.descending, self.filters, limit=FIRST_IDS + 1)
        rows = len(ids)
        if rows > FIRST_IDS:  # more than a first screen needs: count them, read the rest on need
            ids = ids[:FIRST_IDS]
            rows = max(self.listing.count_matching(self.search, self.filters), FIRST_IDS + 1)
        self.beginResetModel()
        self._ids, self._rows = ids, rows
        self._cache.clear()
        self.endResetModel()

    def _all_ids(self) -> list[int]:
        """Every id, the ones past the first read now (once a reload)."""
        if len(self._ids) < self._rows:
            every = self.listing.ids(self.search, self.order_key, self.descending, self.filters)
            if len(every) < self._rows:  # rows deleted since the count: shown blank until the next reload
                every = every + [0] * (self._rows - len(every))
            self._ids = every[:self._rows]  # rows added since: from the next reload
        return self._ids

    def set_search(self, text: str) -> None:
        """Search for ``text``; a search the listing refuses (``BadValue``) leaves the rows and the
        previous search as they were."""
        if text != self.search:
            previous, self.search = self.search, text
            try:
                self.reload()
            except Exception:
                self.search = previous
                raise

    def set_filters(self, filters: dict[str, Any]) -> None:
        self.filters = dict(filters)
        self.reload()

    def row_id(self, row: int) -> int:
        return self._ids[row] if row < len(self._ids) else self._all_ids()[row]

    def ids(self) -> list[int]:
        return list(self._all_ids())

    def _row(self, row: int) -> tuple:
        rid = self.row_id(row)
        values = self._cache.get(rid)
        if values is None:
            if len(self._cache) > CACHE_ROWS:
                self._cache.clear()
            start = (row // PAGE_ROWS) * PAGE_ROWS
            self._cache.update(self.listing.rows(self._ids[start:start + PAGE_ROWS]))
            values = self._cache.get(rid)
            if values is None:  # deleted since the ids were read
                values = ("",) * len(self.headers)
                self._cache[rid] = values
        return values

    def row_values(self, row: int) -> tuple:
        return self._row(row)

    def column_texts(self, column: int, rows) -> list[str]:
        """The texts the cells of ``column`` show in ``rows`` (ui/columns.py measures them): as the
        subclass's own ``data`` writes them when it has one."""
        own = self.own_text_columns
        if type(self).data is ListingModel.data or (own is not None and column not in own):
            return [display(self._row(row)[column]) for row in rows]
        shown = Qt.ItemDataRole.DisplayRole
        return [str(self.data(self.index(row, column), shown) or "") for row in rows]

    # -- Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # The roles asked of a cell it does not answer go first: a view measuring its columns asks
        # each cell of a page for several roles (ui/columns.fit_columns).
        if role not in _ANSWERED or not index.isValid() or not (0 <= index.row() < self._rows):
            return None
        if role == self.IdRole:
            return self.row_id(index.row())
        return _answer(self._row(index.row())[index.column()], role)

    def multiData(self, index: QModelIndex, span) -> None:
        """Every role a delegate asks of a cell, in one call from Qt: the row looked up once."""
        if type(self).data is not ListingModel.data:  # a model that answers more roles: its data()
            for role_data in span:
                role_data.setData(self.data(index, role_data.role()))
            return
        row = index.row()
        if not index.isValid() or not (0 <= row < self._rows):
            for role_data in span:
                role_data.clearData()
            return
        value = None
        for role_data in span:
            role = role_data.role()
            if role not in _ANSWERED:
                role_data.clearData()
            elif role == self.IdRole:
                role_data.setData(self.row_id(row))
            else:
                if value is None:
                    value = (self._row(row)[index.column()],)
                role_data.setData(_answer(value[0], role))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        self.order_key = self.listing.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()


class RowsWhenShown(ListingModel):
    """A page's rows, read the first time its tab shows it (``ListTab.add_pages`` refreshes a page
    when it is shown) or anything asks for them (a search, a filter, its ids), not when the page
    is built: the view's first sort only sets the order, so the tab opens without reading the
    lists of its pages not shown (车辆油耗's 出车 and 事故违章 over ten years of a large office,
    季度评议's 票数明细)."""

    waiting = True  # not read yet
    _sorting = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sorting = self.waiting
        try:
            super().sort(column, order)
        finally:
            self._sorting = False

    def reload(self) -> None:
        if self._sorting:  # the order, for when the rows are read
            return
        self.waiting = False
        super().reload()

    def ids(self) -> list[int]:
        if self.waiting:  # asked for its rows (an export): read them
            self.reload()
        return super().ids()
