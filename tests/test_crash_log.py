"""The crash log (govoffice_desktop/logs.py): a bug nobody caught goes to a log file in the user
log folder with its traceback, and the user sees a short message in Chinese naming that file;
the background worker shows a refusal as its message and logs anything else as a bug."""
from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from govoffice_desktop import logs
from govoffice_desktop.ledgers.importer import ImportCancelled
from govoffice_desktop.ledgers.reader import LedgerError
from govoffice_desktop.models.db import DatabaseOpenError
from govoffice_desktop.models.migrations import MigrationRefused
from govoffice_desktop.models.schema_check import SchemaRefused
from govoffice_desktop.services.backup import BackupRefused
from govoffice_desktop.services.demo import DemoError
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.worker import run_with_progress


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setattr(logs, "log_dir", lambda: folder)
    # whatever the test installs is put back afterwards
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return folder


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def log_text(folder) -> str:
    return (folder / logs.LOG_NAME).read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_with_its_traceback_and_shown(qtbot, log_dir, boxes):
    logs.install_excepthook()

    def broken_slot():
        raise ZeroDivisionError("division by zero in the slot")

    button = QPushButton("试一下")
    qtbot.addWidget(button)
    button.clicked.connect(broken_slot)
    button.click()
    text = log_text(log_dir)
    assert "Traceback (most recent call last)" in text and "broken_slot" in text
    assert "ZeroDivisionError: division by zero in the slot" in text
    assert len(boxes) == 1
    title, message = boxes[0]
    assert title == "程序出错" and str(log_dir / logs.LOG_NAME) in message and "Traceback" not in message


def test_an_exception_in_a_thread_is_logged_and_said_on_stderr(log_dir, boxes, capsys):
    logs.install_excepthook()

    def broken():
        raise KeyError("in the thread")

    thread = threading.Thread(target=broken)
    thread.start()
    thread.join()
    assert "KeyError: 'in the thread'" in log_text(log_dir)
    err = capsys.readouterr().err
    assert "程序出错" in err and str(log_dir / logs.LOG_NAME) in err and "Traceback" not in err
    assert boxes == []  # no message box from another thread


def test_without_a_window_the_message_goes_to_stderr(log_dir, capsys, monkeypatch):
    monkeypatch.delitem(sys.modules, "PySide6.QtWidgets", raising=False)
    try:
        raise ValueError("no window")
    except ValueError as exc:
        message = logs.report_bug(exc)
    assert "ValueError: no window" in log_text(log_dir)
    assert capsys.readouterr().err.strip() == message.strip()


def test_logging_is_set_up_once(log_dir):
    first = logs.setup_logging()
    second = logs.setup_logging()
    assert first == second == log_dir / logs.LOG_NAME
    files = [h for h in logs.log.handlers if getattr(h, "baseFilename", None)]
    assert len(files) == 1
    logs.log.info("一行日志")
    for h in files:
        h.flush()
    assert "INFO" in log_text(log_dir) and "一行日志" in log_text(log_dir)



def test_the_log_rotates_at_its_size_keeping_its_copies(log_dir, monkeypatch):
    """The log file, made at its first line (logging.handlers loaded then, not at start), rotates
    as logging.handlers.RotatingFileHandler does: LOG_BYTES a file, LOG_COPIES older ones."""
    monkeypatch.setattr(logs, "LOG_BYTES", 400)
    monkeypatch.setattr(logs, "LOG_COPIES", 2)
    monkeypatch.setattr(logs, "_handler", None)
    handlers = list(logs.log.handlers)
    try:
        path = logs.setup_logging()
        assert not path.exists()  # no line yet, no file
        for i in range(40):
            logs.log.info("第 %d 行：%s", i, "字" * 20)
        logs._handler.flush()
        names = sorted(p.name for p in log_dir.iterdir())
        assert names == [logs.LOG_NAME, logs.LOG_NAME + ".1", logs.LOG_NAME + ".2"]
        assert "第 39 行" in path.read_text(encoding="utf-8")
    finally:
        logs._handler.close()
        for handler in list(logs.log.handlers):
            logs.log.removeHandler(handler)
        for handler in handlers:
            logs.log.addHandler(handler)

# ---------------------------------------------------------------- the worker's two paths
@pytest.mark.parametrize("refusal", [
    BadValue("第3行：日期无效"), LedgerError("f.xlsx 是空文件"), ImportCancelled("已取消，未导入任何行"),
    DemoError("数据库不是空的"), BackupRefused("备份文件已存在"),
    SchemaRefused("缺少表"), MigrationRefused("有重复的发文字号"), DatabaseOpenError("文件已损坏"),
    PermissionError(13, "没有写入权限")])
def test_the_worker_shows_a_refusal_as_its_message(qtbot, database, log_dir, refusal):
    def job(progress):
        raise refusal

    outcome = run_with_progress(None, "测试", job)
    assert not outcome.ok and not outcome.bug and outcome.error == str(refusal)
    assert not (log_dir / logs.LOG_NAME).exists() or str(refusal) not in log_text(log_dir)


def test_the_worker_logs_anything_else_as_a_bug(qtbot, database, log_dir):
    def job(progress):
        return {}["missing"]

    outcome = run_with_progress(None, "测试", job)
    assert not outcome.ok and outcome.bug and not outcome.cancelled
    assert str(log_dir / logs.LOG_NAME) in outcome.error and "KeyError" not in outcome.error
    text = log_text(log_dir)
    assert "后台任务出错" in text and "Traceback" in text and "KeyError: 'missing'" in text


def test_the_command_line_logs_a_bug_and_prints_only_its_refusal(database, log_dir, tmp_path, capsys, monkeypatch):
    from govoffice_desktop import cli

    args = cli.parse(["--db", str(tmp_path / "test.db"), "info"])  # the database fixture's file

    def broken(_args):
        raise RuntimeError("a bug in a command")

    monkeypatch.setattr(args, "handler", broken)
    assert cli.run(args) != 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    text = log_text(log_dir)
    assert "Traceback" in text and "RuntimeError: a bug in a command" in text
