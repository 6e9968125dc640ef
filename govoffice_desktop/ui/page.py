"""What the main window asks of a tab (``Page``), and what a tab's pages ask of the tab (``PageHost``).

Every tab of the window — 首页, the list tabs (``ListTab``) and the tabs made of pages (督查督办,
奖惩与奖金) — has all of ``Page``, so the main window calls it without probing; a tab that has no
table to export or no record to open says so in its answer.  ``LedgerDrops`` is the one place a
ledger file dropped on a tab is turned into ``import_requested``."""
from __future__ import annotations

from datetime import date
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QSettings, SignalInstance


@runtime_checkable
class Page(Protocol):
    key: str  # the tab's name in the settings and in 首页's links
    TABLES: frozenset[str]  # the tables it shows: the change bus reloads it when a write touches them
    import_kind: str | None  # the ledger kind 导入台账 offers here (None: the user chooses)
    status_message: SignalInstance  # (str) a word for the status bar
    import_requested: SignalInstance  # (kind, file) a ledger file dropped on the tab

    def open_record(self, kind: str, key) -> bool:
        """Show one record (from 首页); False when the tab cannot show it."""

    def count_text(self) -> str:
        """What the status bar says when the tab is shown (e.g. 共 12 条); may be empty."""

    def export_table(self) -> bool:
        """导出当前表: export what the tab shows; False when it has nothing to export."""

    def copy_selection(self) -> None: ...

    def focus_search(self) -> None: ...

    def select_all(self) -> None: ...

    def refresh(self) -> None: ...

    def save_state(self, settings: QSettings) -> None: ...

    def restore_state(self, settings: QSettings) -> None: ...


class PageHost(Protocol):
    """What a page inside a tab (督查督办's 每日督查, 奖惩与奖金's 奖惩台账 …) asks of the tab."""

    def day(self) -> date: ...

    def run_dialog(self, dialog) -> bool: ...


class LedgerDrops:
    """For a QWidget with ``import_kind`` and ``import_requested``: a file dropped on it asks for
    an import of that kind (call ``setAcceptDrops(self.import_kind is not None)`` once built)."""

    def dragEnterEvent(self, event) -> None:
        if self.import_kind and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if self.import_kind and urls:
            event.acceptProposedAction()
            self.import_requested.emit(self.import_kind, urls[0])


class ListsOnPages:
    """For a tab of several pages, some of which show a list: the window's list actions (count,
    select all, copy, find) go to the list of the page shown, ``current_list()``, or do nothing."""

    def current_list(self):
        raise NotImplementedError

    def count_text(self) -> str:
        lst = self.current_list()
        return lst.count_text() if lst is not None else ""

    def select_all(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.select_all()

    def copy_selection(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.copy_selection()

    def focus_search(self) -> None:
        lst = self.current_list()
        if lst is not None:
            lst.focus_search()
