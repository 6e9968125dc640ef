"""The program's log and its crash log, in the user log folder (platformdirs).

``setup_logging()`` is called once at start (``app.main``): a rotating file ``govoffice.log``
at level INFO; nothing is printed.  ``install_excepthook()`` (the window) makes an exception no
code caught — in a slot, in a thread — a traceback in that log and a short message in Chinese
that names the file: a message box when a QApplication exists, a line on stderr otherwise.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from pathlib import Path

from platformdirs import user_log_dir

from govoffice_desktop import APP_NAME, ORG_NAME

LOG_NAME = "govoffice.log"
LOG_BYTES = 1024 * 1024
LOG_COPIES = 5
log = logging.getLogger("govoffice_desktop")
_handler: logging.Handler | None = None


class RotatingLog(logging.Handler):
    """The rotating log file (``logging.handlers.RotatingFileHandler``: LOG_BYTES, LOG_COPIES),
    made at the first line logged: a start that logs nothing loads neither logging.handlers nor
    what it imports (socket, pickle, queue: about 4 ms of the window's start).  ``baseFilename``
    names the file, as the file handler's does."""

    def __init__(self, path: Path):
        super().__init__()
        self.baseFilename = os.path.abspath(path)
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:  # under this handler's lock (Handler.handle)
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(self.baseFilename, maxBytes=LOG_BYTES, backupCount=LOG_COPIES,
                                             encoding="utf-8", delay=True)  # a file only once there is a line
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def log_dir() -> Path:
    return Path(user_log_dir(APP_NAME, ORG_NAME))


def log_file() -> Path:
    return log_dir() / LOG_NAME


def setup_logging() -> Path | None:
    """Log (level INFO) to the rotating file in the log folder; once, however often called.
    Returns the file, or None when the folder cannot be written (the program runs without a log)."""
    global _handler
    path = log_file()
    if _handler is not None and Path(getattr(_handler, "baseFilename", "")) == path:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingLog(path)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
    _handler = handler
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # nothing on the console: the command line prints only what it means to
    return path


def log_bug(exc: BaseException, what: str = "程序内部错误") -> Path | None:
    """Write ``exc`` with its traceback to the log as a bug; returns the log file (None if none)."""
    path = setup_logging()
    log.error("%s：%s\n%s", what, exc,
              "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip())
    for handler in log.handlers:
        handler.flush()
    return path


def bug_message(path: Path | None) -> str:
    """The short message a user sees for a bug."""
    if path is None:
        return "程序出错，操作未完成。请把出错前做的事告诉维护人员。"
    return f"程序出错，操作未完成。详细情况已记入日志文件：\n{path}\n请把这个文件交给维护人员。"


def report_bug(exc: BaseException) -> str:
    """Log ``exc`` as a bug and show the user the short message (a box in the window, stderr
    otherwise).  Returns the message."""
    message = bug_message(log_bug(exc, "未处理的异常"))
    widgets = sys.modules.get("PySide6.QtWidgets")
    app = widgets.QApplication.instance() if widgets is not None else None
    if app is not None and threading.current_thread() is threading.main_thread():
        widgets.QMessageBox.critical(None, "程序出错", message)
    else:
        print(message, file=sys.stderr)
    return message


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    report_bug(exc)


def _thread_excepthook(args) -> None:
    if args.exc_type is SystemExit:
        return
    exc = args.exc_value if args.exc_value is not None else args.exc_type()
    if exc.__traceback__ is None and args.exc_traceback is not None:
        exc = exc.with_traceback(args.exc_traceback)
    report_bug(exc)


def install_excepthook() -> None:
    """An exception nobody caught (a slot, a thread) goes to the log and a short message."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
