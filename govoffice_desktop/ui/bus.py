"""One change bus for the window: what a write changed, and who is logged in.

Every audited write passes through ``models/base.py``, which notes the table it wrote in the
collectors open in its thread (``collect_changes``).  The place that runs a service call
(``forms.call_service``, a panel's action, the background worker, a restore, opening another
database) wraps it in ``emitting()`` and the bus says once what that call changed:
``data_changed(frozenset of table names)``.  ``EVERYTHING`` stands for a database replaced.

Each tab (and 首页) declares the tables it shows and is ``watch``-ed: a change that touches them
reloads it at once when it is on screen, otherwise marks it stale, and it reloads once when next
shown.  ``user_changed`` (a login, a switch of user, a logout, another database) re-evaluates the
buttons and actions guarded by a permission (``forms.guard``) and reloads every tab at once.
``count_changed`` (ui/page.py ``counted()``): a list was searched, filtered or read again, or a
tab switched pages; the window's status bar says again how many rows the page shown holds.
"""
from __future__ import annotations

import importlib
from contextlib import contextmanager
from typing import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from govoffice_desktop.models.base import BaseModel, collect_changes, collecting, note_changes

EVERYTHING = frozenset({"*"})  # the whole database changed (a restore, another file opened)


class Bus(QObject):
    data_changed = Signal(frozenset)  # the tables one call wrote
    user_changed = Signal()
    count_changed = Signal()  # a list or page counted its rows again: the window's status bar reads the shown page's count


_bus: Bus | None = None


def bus() -> Bus:
    """The window's bus (made when first asked for)."""
    global _bus
    if _bus is None:
        _bus = Bus()
    return _bus


def reset_bus() -> None:
    """A fresh bus (tests): nothing stays connected from before."""
    global _bus
    if _bus is not None:
        _bus.deleteLater()
    _bus = None


def touches(changed: frozenset[str], tables: Iterable[str]) -> bool:
    return "*" in changed or not changed.isdisjoint(tables)


def announce(tables: Iterable[str]) -> None:
    """Tell of ``tables`` written: to the collector open in this thread if any (its owner tells
    once, at its end), otherwise on the bus now."""
    tables = frozenset(tables)
    if not tables:
        return
    if collecting():
        note_changes(tables)
    else:
        bus().data_changed.emit(tables)


@contextmanager
def emitting():
    """Collect the tables written in the block; when it ends (also by an exception: a service may
    have written before it refused), ``data_changed`` once.  Nested blocks leave it to the outer."""
    tables: set[str] = set()
    try:
        with collect_changes() as tables:
            yield tables
    finally:
        announce(tables)


def everything_changed() -> None:
    bus().data_changed.emit(EVERYTHING)


def tables_of(*modules: str, only: Iterable[type] = ()) -> frozenset[str]:
    """The table names of every model in ``govoffice_desktop.models.<module>``, and of ``only``."""
    names = {m._meta.table_name for m in only}
    for name in modules:
        module = importlib.import_module(f"govoffice_desktop.models.{name}")
        names.update(obj._meta.table_name for obj in vars(module).values()
                     if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel
                     and obj.__module__ == module.__name__)
    return frozenset(names)


DOMAIN_TABLES = tables_of("staff", "typing_pool", "fleet", "ratings", "supervision", "rewards", "settings")


class Watch(QObject):
    """Keeps ``widget`` up to date with the bus: ``reload()`` at once when a change touches
    ``tables`` and the widget is on screen (the current page of every tab widget above it), else
    marked stale and reloaded once when it next becomes the current page.  A change of user
    reloads it at once, shown or not (what a role may see differs, and a login is rare)."""

    def __init__(self, widget: QWidget, tables: Iterable[str], reload: Callable[[], None]):
        super().__init__(widget)
        self.widget, self.tables, self.reload = widget, frozenset(tables), reload
        self.stale = False
        self.reloads = 0  # how often the bus reloaded it (tests count them)
        self._followed: list[QStackedWidget] = []
        bus().data_changed.connect(self.changed)
        bus().user_changed.connect(self.user_changed)

    def on_screen(self) -> bool:
        child, parent = self.widget, self.widget.parentWidget()
        shown = True
        while parent is not None:
            if isinstance(parent, QStackedWidget):
                if not any(s is parent for s in self._followed):
                    self._followed.append(parent)
                    parent.currentChanged.connect(self.page_changed)
                shown = shown and parent.currentWidget() is child
            child, parent = parent, parent.parentWidget()
        return shown

    def changed(self, tables: frozenset[str]) -> None:
        if not touches(tables, self.tables):
            return
        self.stale = True
        self.catch_up()

    def user_changed(self) -> None:
        """Another user (or none): read again now, shown or not, as the window's actions are."""
        self.stale = False
        self.reloads += 1
        self.reload()

    def page_changed(self, _index: int) -> None:
        self.catch_up()

    def catch_up(self) -> None:
        """Reload now if stale and on screen."""
        if self.stale and self.on_screen():
            self.stale = False
            self.reloads += 1
            self.reload()


def watch(widget: QWidget, tables: Iterable[str], reload: Callable[[], None] | None = None) -> Watch:
    """Keep ``widget`` up to date with the bus (see ``Watch``); ``reload`` defaults to its refresh."""
    return Watch(widget, tables, reload or widget.refresh)
