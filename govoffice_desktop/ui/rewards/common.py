"""奖惩与奖金: what the pages share (a grey, the month before, money in a list)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from govoffice_desktop.ui.forms import RED
from govoffice_desktop.ui.rewards_dialogs import money
from govoffice_desktop.ui.table_model import ListingModel


GREY = "#5f6368"


def previous_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


class MoneyModel(ListingModel):
    """A listing with money in two decimals, right-aligned; ``red`` says which rows are red."""

    only_paints = True

    @property
    def own_text_columns(self) -> tuple[int, ...]:
        """The money columns (two decimals)."""
        return tuple(n for n, column in enumerate(self.listing.columns) if column.key in self.money_keys)

    money_keys: tuple[str, ...] = ()

    def red(self, values: tuple) -> bool:
        return False

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and 0 <= index.row() < self.rowCount():
            key = self.listing.columns[index.column()].key
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(RED)) if self.red(self.row_values(index.row())) else None
            if role == Qt.ItemDataRole.DisplayRole and key in self.money_keys:
                value = self.row_values(index.row())[index.column()]
                return money(value) if isinstance(value, Decimal) else super().data(index, role)
        return super().data(index, role)
