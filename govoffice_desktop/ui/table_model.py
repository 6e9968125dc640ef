"""A table model over a service ``Listing``: it holds row ids and fetches rows a page at a time."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from govoffice_desktop.services.listing import Listing
from govoffice_desktop.texts import value_text

PAGE_ROWS = 200  # rows fetched together when the view needs one it has not seen
CACHE_ROWS = 20_000  # forget fetched rows beyond this many (they are fetched again on need)


def display(value: Any) -> str:
    """How a value reads in a table cell."""
    if isinstance(value, bool):
        return QCoreApplication.translate("display", value_text(value))
    if isinstance(value, Decimal):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return value_text(value)  # the words the printouts use too (govoffice_desktop/texts.py)


class ListingModel(QAbstractTableModel):
    """Rows of a ``Listing``: ``reload`` asks it for ids; ``data`` fetches rows lazily."""

    RawRole = Qt.ItemDataRole.UserRole + 1
    IdRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, listing: Listing, headers: Sequence[str], parent=None):
        super().__init__(parent)
        if len(headers) != len(listing.columns):
            raise ValueError("one header per listing column")
        self.listing = listing
        self.headers = list(headers)
        self._ids: list[int] = []
        self._cache: dict[int, tuple] = {}
        self.search = ""
        self.filters: dict[str, Any] = {}
        self.order_key: str | None = listing.default_order
        self.descending: bool = listing.default_desc

    # -- loading
    def reload(self) -> None:
        ids = self.listing.ids(self.search, self.order_key, self.descending, self.filters)  # may raise: before the reset
        self.beginResetModel()
        self._ids = ids
        self._cache.clear()
        self.endResetModel()

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
        return self._ids[row]

    def ids(self) -> list[int]:
        return list(self._ids)

    def _row(self, row: int) -> tuple:
        rid = self._ids[row]
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

    # -- Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        if role == self.IdRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                        Qt.ItemDataRole.ToolTipRole, self.RawRole):
            return None
        value = self._row(index.row())[index.column()]
        if role == self.RawRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        text = display(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 20 else None
        return text

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
