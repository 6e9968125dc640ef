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

from govoffice_desktop.models.db import busy_message, database, is_busy

Progress = Callable[[int, str], bool]


@dataclass
class Outcome:
    ok: bool
    result: Any = None
    error: str = ""
    cancelled: bool = False


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
        try:
            self.outcome = Outcome(True, self.job(self.report))
        except Exception as exc:  # reported to the user; the service's transaction rolled back
            self.outcome = Outcome(False, error=busy_message() if is_busy(exc) else str(exc),
                                   cancelled=self.cancelled)
        finally:
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()  # this thread's connection only
            self.done.emit()


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
    return worker.outcome or Outcome(False, error="后台任务没有结果")
