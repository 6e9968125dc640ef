"""The one month picker of the window: the months written 2026年12月, newest first, a ‹ › pair to
step to the month before or after (PageDown/PageUp in the list do the same), opening on the last
month with data of the page's domain (services/month_choice decides which months and which one)."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QWidget

from govoffice_desktop.services import month_choice
from govoffice_desktop.texts import month_text


class MonthPicker(QWidget):
    """A month of ``domain`` (a key of month_choice.DOMAINS).  ``reload(today)`` reads which months
    to offer, keeps the month shown when it is still offered, else opens on the domain's default.
    ``all_text`` adds a first item meaning every month (a filter, which opens on it), whose month() is None."""

    month_changed = Signal(int, int)  # the month chosen (not emitted for the all_text item)
    changed = Signal()  # any change of choice, the all_text item included

    def __init__(self, parent: QWidget | None, domain: str, all_text: str = "", ended: bool = False):
        super().__init__(parent)
        self.domain = domain
        self.ended = ended  # a page that closes a month: it opens on the last month with data that is over
        self.all_text = all_text
        self.default: tuple[int, int] | None = None  # the domain's default at the last reload
        self.combo = QComboBox(self)
        self.combo.setObjectName("month_picker")
        self.combo.setMinimumContentsLength(12)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setToolTip(self.tr("PageUp 后一个月，PageDown 前一个月"))
        self.older = QToolButton(self)
        self.older.setText("‹")
        self.older.setToolTip(self.tr("前一个月"))
        self.newer = QToolButton(self)
        self.newer.setText("›")
        self.newer.setToolTip(self.tr("后一个月"))
        for button in (self.older, self.newer):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab reaches the list only; the keys step
            button.setAutoRaise(True)
        self.older.clicked.connect(lambda: self.step(-1))
        self.newer.clicked.connect(lambda: self.step(1))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.older)
        layout.addWidget(self.combo)
        layout.addWidget(self.newer)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(self._chosen)

    # -- filling
    def reload(self, today: date, notes: dict[tuple[int, int], str] | None = None,
               chosen: tuple[int, int] | None = None) -> None:
        """Offer the domain's months as of ``today`` (``notes``: a text after some months, e.g.
        （已定稿）).  ``chosen``: the month to show (offered even outside the domain's months); else
        a picker still on the default follows it (data entered in a later month moves it there), a
        month the user chose stays while it is offered, else the default is shown.  No signal is
        emitted (the page shows the month itself)."""
        following = self.combo.count() == 0 or self.month() == self.default
        months, self.default = month_choice.choices(self.domain, today, self.ended)
        if chosen is not None:
            months = month_choice.span(months + [tuple(chosen)], today)
        if chosen is not None or (following and self.month() is not None):
            self.combo.clear()  # show the month asked for, or the new default
        self.set_months(months, tuple(chosen) if chosen is not None else self.default, notes)

    def set_months(self, months: list[tuple[int, int]], default: tuple[int, int] | None,
                   notes: dict[tuple[int, int], str] | None = None) -> None:
        current = self.combo.currentData() if self.combo.count() else (None if self.all_text else default)
        keep = current if (current in months or (current is None and self.all_text)) else default
        self.combo.blockSignals(True)
        self.combo.clear()
        if self.all_text:
            self.combo.addItem(self.all_text, None)
        for ym in months:
            self.combo.addItem(month_text(*ym) + (notes or {}).get(ym, ""), ym)
        self.combo.setCurrentIndex(max(self._index(keep), 0))
        self.combo.blockSignals(False)
        self._update_buttons()

    # -- reading and choosing
    def month(self) -> tuple[int, int] | None:
        """(year, month), or None: the all_text item, or nothing offered."""
        return self.combo.currentData()

    def months(self) -> list[tuple[int, int]]:
        return [self.combo.itemData(i) for i in range(self.combo.count()) if self.combo.itemData(i) is not None]

    def currentText(self) -> str:  # noqa: N802 - as QComboBox says it
        return self.combo.currentText()

    def set_month(self, year: int, month: int) -> bool:
        """Show the month (signals as a user's choice does); False when it is not offered."""
        index = self._index((year, month))
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def step(self, months: int) -> None:
        """``months`` later (negative: earlier); the list is newest first."""
        index = self.combo.currentIndex() - months
        if 0 <= index < self.combo.count() and self.combo.itemData(index) is not None:
            self.combo.setCurrentIndex(index)

    def _index(self, value) -> int:
        # QComboBox.findData cannot match a tuple
        return next((i for i in range(self.combo.count()) if self.combo.itemData(i) == value), -1)

    def _chosen(self, _index: int) -> None:
        self._update_buttons()
        ym = self.month()
        if ym is not None:
            self.month_changed.emit(*ym)
        self.changed.emit()

    def _update_buttons(self) -> None:
        index = self.combo.currentIndex()
        self.newer.setEnabled(index > 0 and self.combo.itemData(index - 1) is not None)
        self.older.setEnabled(0 <= index < self.combo.count() - 1 and self.month() is not None)
