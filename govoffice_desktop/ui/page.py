"""What the main window asks of a tab (``Page``), and what a tab's pages ask of the tab (``PageHost``).

Every tab of the window — 首页, the list tabs (``ListTab``) and the tabs made of pages (督查督办,
奖惩与奖金) — has all of ``Page``, so the main window calls it without probing; a tab that has no
table to export or no record to open says so in its answer.  ``LedgerDrops`` is the one place a
ledger file dropped on a tab is turned into ``import_requested``.  ``LazyPage`` stands in a tab
for its page until the tab is first shown: the window starts without building the tabs it does
not show."""
from __future__ import annotations

import importlib
from datetime import date
from typing import Callable, Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication, QSettings, Signal, SignalInstance
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from govoffice_desktop.ui.bus import bus, touches


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
        """How many rows the list shown holds, for the status bar (共 12 条, 筛选出 3 条; a page of
        several lists names each, ``counts_text``); empty when the page shows no list (首页, or a
        page the user's role may not see).  Said again whenever it may change (``counted()``)."""

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


def rows_text(n: int) -> str:
    """A table's count as the lists say it: 共 12 条."""
    return QCoreApplication.translate("ListTab", "共 %n 条", "", n)


def counts_text(parts) -> str:
    """The count of a page of several lists, each (name, its count text): one list's count alone,
    several each under its name (会议：共 12 条　电话：共 30 条)."""
    parts = [(name, text) for name, text in parts if text]
    if len(parts) == 1:
        return parts[0][1]
    return "　".join(f"{name}：{text}" for name, text in parts)


def counted() -> None:
    """A list or page's rows changed (read, searched, filtered) or a tab showed another page: the
    window's status bar reads the count of the page shown again (ui/bus.py ``count_changed``)."""
    bus().count_changed.emit()


class Refused(QStackedWidget):
    """A page's body, or in its place, for a user whose role may not see it, a clear empty state
    in its middle: what is not permitted and which roles may (``auth.refusal_text``)."""

    def __init__(self, body: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.body = body
        self.message = QLabel(self)
        self.message.setObjectName("refused")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.message.setFont(font)
        self.message.setStyleSheet("color: #5f6368; padding: 24px;")
        self.addWidget(body)
        self.addWidget(self.message)

    def refuse(self, text: str | None) -> None:
        """Show ``text`` in the middle instead of the body; None: the body."""
        self.message.setText(text or "")
        self.setCurrentWidget(self.body if text is None else self.message)

    def refused(self) -> bool:
        return self.currentWidget() is self.message


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
    """For a tab of several pages (``self.pages``, a QTabWidget), some of which show a list: the
    count is the page shown's (each page has ``count_text``); the window's list actions (select
    all, copy, find) go to the list of the page shown, ``current_list()``, or do nothing."""

    def current_list(self):
        raise NotImplementedError

    def follow_counts(self) -> None:
        """Call once the pages are added: showing another page says its count."""
        self.pages.currentChanged.connect(lambda _index: counted())

    def count_text(self) -> str:
        page = self.pages.currentWidget()
        return page.count_text() if page is not None else ""

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

    def export_table(self) -> None:
        """导出当前表: the list of the page shown, or a word in the status bar when it has none."""
        lst = self.current_list()
        if lst is not None:
            lst.export_table()
        else:
            self.status_message.emit(self.tr("这一页没有可导出的表格"))


class BuiltWhenShown(QWidget):
    """The holder of a page built when it is first shown or used (``page()``, which subclasses
    give): anything asked of it that is not its own is asked of the page, building it."""

    _page = None

    def is_built(self) -> bool:
        return self._page is not None

    def page(self):
        raise NotImplementedError

    def __getattr__(self, name: str):
        if name.startswith("_"):  # never while being made, nor Qt's and Python's own probes
            raise AttributeError(name)
        return getattr(self.page(), name)

    def showEvent(self, event) -> None:
        self.page()
        super().showEvent(event)


class LazyPage(BuiltWhenShown):
    """A tab's place in the window until the tab is first shown, then the holder of its page.

    It is a ``Page`` to the window from the start, so the window (menus, find, copy, export,
    count, 首页's links, the change bus, settings) never asks whether the page is built yet:
    what needs the page builds it (``page()``), importing its module then; anything else asked of
    it (a page's own attributes, as the tests ask) is asked of the page.  Until it is built it
    notes what the bus said was written: a page built while hidden after a write to a table it
    shows is stale, as it would have been, and reads its data again when shown."""

    status_message = Signal(str)
    import_requested = Signal(str, str)

    def __init__(self, key: str, module: str, class_name: str, parent: QWidget | None = None,
                 built: Callable[[QWidget], None] | None = None):
        super().__init__(parent)
        self.key = key
        self._where, self._built, self._page = (module, class_name), built, None
        self._changed: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._heard = bus()
        self._heard.data_changed.connect(self._note)

    def _note(self, tables: frozenset[str]) -> None:
        self._changed |= tables

    def page(self):
        """The page, built now if it was not (its settings restored, its signals passed on)."""
        if self._page is None:
            module, name = self._where
            page = getattr(importlib.import_module(module), name)(self)
            self._page = page
            if self._heard is bus():  # not a bus made afresh since (tests)
                self._heard.data_changed.disconnect(self._note)
            stack = self.parentWidget()
            shown = self.isVisible() and (not isinstance(stack, QStackedWidget) or stack.currentWidget() is self)
            if not shown and touches(frozenset(self._changed), page.TABLES) and hasattr(page, "watch"):
                page.watch.stale = True
            page.status_message.connect(self.status_message)
            page.import_requested.connect(self.import_requested)
            page.restore_state(QSettings())
            self.layout().addWidget(page)
            if self._built is not None:
                self._built(page)
        return self._page

    # -- the Page protocol: what needs the page (the tab is being shown or used) builds it
    @property
    def TABLES(self) -> frozenset[str]:  # noqa: N802 - the Page protocol's name
        return self.page().TABLES

    @property
    def import_kind(self) -> str | None:
        return self.page().import_kind

    def open_record(self, kind: str, key) -> bool:
        return self.page().open_record(kind, key)

    def count_text(self) -> str:
        return self.page().count_text()

    def export_table(self):
        return self.page().export_table()

    def copy_selection(self) -> None:
        self.page().copy_selection()

    def focus_search(self) -> None:
        self.page().focus_search()

    def select_all(self) -> None:
        self.page().select_all()

    # -- … and what does not, waits for it
    def refresh(self) -> None:
        if self._page is not None:
            self._page.refresh()

    def save_state(self, settings: QSettings) -> None:
        if self._page is not None:  # otherwise its settings stay as they are
            self._page.save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        if self._page is not None:
            self._page.restore_state(settings)
