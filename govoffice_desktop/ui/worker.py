"""Long work off the GUI thread, behind a progress dialog that can be cancelled.

A service function that takes a ``progress(percent, message) -> bool`` callback runs in a
worker thread; when the user presses 取消 the callback returns False, the service raises and
its transaction rolls back, so cancelled means nothing written.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
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
            return Outcome(False, error=busy_message(exc), tables=tables)
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


# Figures computed in the background for a widget, not yet ended: kept here (not only by their
# widget), since a QThread must not be destroyed while it runs, and a widget may be closed, or the
# program end, before its figures come.
_RUNNING: list[tuple[Worker, QThread]] = []


def _keep(worker: Worker, thread: QThread) -> None:
    app = QCoreApplication.instance()
    if app is not None and not getattr(app, "_ends_background_jobs", False):
        app.aboutToQuit.connect(_end_jobs)
        app._ends_background_jobs = True
    _RUNNING.append((worker, thread))


def _end_jobs() -> None:
    """The program ends: the figures being computed are not waited for on screen."""
    for worker, thread in _RUNNING:
        worker.cancel()
        thread.wait()


class Background(QObject):
    """Figures a widget shows, computed in a worker thread (首页's figures, 会议与电话's runs): ``start(job)``
    runs ``job()`` there and hands its result to ``show`` in the GUI thread — before ``start`` returns
    when it is ready within ``wait_ms()`` milliseconds (None: always wait for it, as the tests do),
    otherwise when ready, the widget usable meanwhile (``computing`` says so, and ``waiting()`` is
    called then, to say so on screen).  A job that fails hands its message to ``failed``.  A
    ``start`` while one is computing runs once more, after it, the latest job asked for (what it
    reads may have changed meanwhile)."""

    def __init__(self, parent: QObject, show: Callable[[Any], None], failed: Callable[[str], None],
                 wait_ms: Callable[[], int | None], waiting: Callable[[], None] = lambda: None):
        super().__init__(parent)
        self.show, self.failed, self.wait_ms, self.waiting = show, failed, wait_ms, waiting
        self._job: tuple[Worker, QThread, threading.Event] | None = None
        self._again: Callable[[], Any] | None = None  # asked for while computing
        self.computing = False  # a job runs and the widget shows what it had before

    def start(self, job: Callable[[], Any]) -> bool:
        """Compute ``job()`` off the GUI thread; True when its result was shown before returning."""
        if self._job is not None:
            self._again = job
            return False
        worker = Worker(lambda _progress: job())
        thread = QThread()
        worker.moveToThread(thread)
        ready = threading.Event()
        worker.done.connect(ready.set, Qt.ConnectionType.DirectConnection)
        worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)  # the thread ends with its job
        worker.done.connect(self._job_done, Qt.ConnectionType.QueuedConnection)
        thread.started.connect(worker.run)
        self._job = (worker, thread, ready)
        _keep(worker, thread)
        thread.start()
        wait = self.wait_ms()
        if ready.wait(None if wait is None else wait / 1000):
            self._finish()
            return True
        self.computing = True
        self.waiting()
        return False

    @Slot()
    def _job_done(self) -> None:
        if self._job is not None and self._job[2].is_set():
            self._finish()

    def _finish(self) -> None:
        """The worker's result on screen (or why not), its thread ended; then a job asked for meanwhile."""
        if self._job is None:
            return
        worker, thread, _ready = self._job
        thread.wait()
        _RUNNING.remove((worker, thread))
        self._job = None
        self.computing = False
        outcome = worker.outcome
        if outcome is not None and outcome.ok:
            self.show(outcome.result)
        else:
            self.failed(outcome.error if outcome is not None else "")
        again, self._again = self._again, None
        if again is not None:
            self.start(again)


class AfterPaint(Background):
    """A ``Background`` for figures beside a table (车辆油耗's panels, 文印管理's 万页): ``request()``
    starts ``job_of()`` (a job made then, with what the widget shows then) after what waits to be
    painted, so that the table is on screen first; with ``wait_ms()`` None at once, and waited for
    (the tests).  ``pending`` while about to be or being computed."""

    def __init__(self, parent: QObject, job_of: Callable[[], Callable[[], Any]], show: Callable[[Any], None],
                 failed: Callable[[str], None], wait_ms: Callable[[], int | None],
                 waiting: Callable[[], None] = lambda: None):
        super().__init__(parent, show, failed, wait_ms, waiting)
        self.job_of = job_of
        self._starting = False  # a start waits for the paint

    @property
    def pending(self) -> bool:
        return self._starting or self.computing

    def request(self) -> None:
        if self.wait_ms() is None:
            self.start(self.job_of())
        elif not self._starting:
            self._starting = True
            QTimer.singleShot(0, self, self._start_now)

    def _start_now(self) -> None:
        self._starting = False
        self.start(self.job_of())
