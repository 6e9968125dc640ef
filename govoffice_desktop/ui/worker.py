"""Long work off the GUI thread, behind a progress dialog that can be cancelled.

A service function that takes a ``progress(percent, message) -> bool`` callback runs in a
worker thread; when the user presses 取消 the callback returns False, the service raises and
its transaction rolls back, so cancelled means nothing written.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from govoffice_desktop.logs import bug_message, log_bug
from govoffice_desktop.models.base import collect_changes
from govoffice_desktop.models.db import Refusal, busy_message, database, is_busy
from govoffice_desktop.ui.bus import announce

Progress = Callable[[int, str], bool]

# What a job may refuse with, in words meant for the user: a value refused (BadValue is a
# ValueError), a file the system would not write, and every layer's ``Refusal`` (models/db.py: a
# ledger that cannot be read, an import cancelled, a backup, the demo or a database refused).
# Anything else is a bug: logged with its traceback, a short message shown.
REFUSALS = (ValueError, Refusal, OSError)


@dataclass
class Outcome:
    ok: bool
    result: Any = None
    error: str = ""
    cancelled: bool = False
    bug: bool = False  # the error was a bug (logged with its traceback)
    tables: frozenset = frozenset()  # what the job wrote (said on the change bus)


class Worker(QObject):
    progressed = Signal(int, str)
    done = Signal()

    def __init__(self, job: Callable[[Progress], Any]):
        super().__init__()
        self.job = job
        self._cancel = threading.Event()
        self._last: tuple[int, str] | None = None
        self.outcome: Outcome | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, percent: int, message: str = "") -> bool:
        """The job's progress callback: tells the dialog (only what changed) and whether to go on."""
        state = (int(percent), message)
        if state != self._last:
            self._last = state
            self.progressed.emit(*state)
        return not self._cancel.is_set()

    def cancel(self) -> None:
        """Safe from any thread."""
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        tables: set[str] = set()
        try:
            with collect_changes() as tables:  # this thread's writes
                result = self.job(self.report)
            self.outcome = Outcome(True, result, tables=frozenset(tables))
        except Exception as exc:  # reported to the user; the service's transaction rolled back
            self.outcome = self.failed(exc, frozenset(tables))
        finally:
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()  # this thread's connection only
            self.done.emit()


    def failed(self, exc: Exception, tables: frozenset) -> Outcome:
        """A refusal (or a cancelled job) as its message; anything else logged as a bug."""
        if self.cancelled or isinstance(exc, REFUSALS):
            return Outcome(False, error=str(exc), cancelled=self.cancelled, tables=tables)
        if is_busy(exc):
            return Outcome(False, error=busy_message(), tables=tables)
        return Outcome(False, error=bug_message(log_bug(exc, "后台任务出错")), bug=True, tables=tables)


class _DialogUpdater(QObject):
    """Lives in the GUI thread, so the worker's progress reaches the dialog through the queue."""

    def __init__(self, dialog: QProgressDialog):
        super().__init__()
        self.dialog = dialog

    @Slot(int, str)
    def show(self, percent: int, message: str) -> None:
        self.dialog.setValue(max(0, min(percent, 100)))
        if message:
            self.dialog.setLabelText(message)


def run_with_progress(parent: QWidget | None, title: str, job: Callable[[Progress], Any],
                      on_start: Callable[[Worker, QProgressDialog], None] | None = None) -> Outcome:
    """Run ``job(progress)`` in a thread while a modal progress dialog shows; wait for it."""
    dialog = QProgressDialog(title, QProgressDialog.tr("取消"), 0, 100, parent)
    dialog.setWindowTitle(title)
    # Modal: nothing else (another database, closing the window) may happen while the job writes.
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = Worker(job)
    thread = QThread()
    worker.moveToThread(thread)
    loop = QEventLoop()

    updater = _DialogUpdater(dialog)
    worker.progressed.connect(updater.show)
    worker.done.connect(loop.quit)
    # A plain function runs in the GUI thread at once; a slot of the worker would wait in the
    # queue of the worker's thread, which is busy running the job.
    cancel = worker._cancel.set
    dialog.canceled.connect(lambda: cancel())
    thread.started.connect(worker.run)
    if on_start is not None:
        on_start(worker, dialog)
    thread.start()
    if worker.outcome is None:
        loop.exec()
    thread.quit()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    outcome = worker.outcome or Outcome(False, error="后台任务没有结果")
    announce(outcome.tables)  # once, from the GUI thread
    return outcome
