"""Long work off the GUI thread: results come back, errors are reported, cancel writes nothing."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from govoffice_desktop.models.staff import Section
from govoffice_desktop.ui.main_window import MainWindow
from govoffice_desktop.ui.worker import run_with_progress


def test_the_job_runs_in_another_thread_and_returns(qtbot, database):
    seen = {}

    def job(progress):
        seen["thread"] = threading.get_ident()
        progress(50, "一半")
        Section.create(name="后台写入科")
        return 42

    outcome = run_with_progress(None, "测试", job)
    assert outcome.ok and outcome.result == 42
    assert seen["thread"] != threading.get_ident()
    assert [s.name for s in Section.select()] == ["后台写入科"]


def test_errors_come_back_as_messages(qtbot, database):
    def job(progress):
        raise ValueError("第3行：日期无效")

    outcome = run_with_progress(None, "测试", job)
    assert not outcome.ok and outcome.error == "第3行：日期无效" and not outcome.cancelled


def test_cancel_stops_the_job_and_nothing_is_written(qtbot, database):
    started = threading.Event()

    def job(progress):
        from govoffice_desktop.models.db import database as proxy

        with proxy.atomic():
            Section.create(name="写了一半")
            started.set()
            give_up = time.monotonic() + 20  # a broken cancel fails the test, never hangs it
            while progress(10, "等待取消") and time.monotonic() < give_up:
                time.sleep(0.01)
            raise RuntimeError("已取消")

    def cancel_soon(worker, dialog):
        # As the user does: the dialog's 取消 button.
        QTimer.singleShot(100, lambda: dialog.findChild(QPushButton).click())

    outcome = run_with_progress(None, "测试", job, on_start=cancel_soon)
    assert not outcome.ok and outcome.cancelled
    assert Section.select().count() == 0


def test_the_window_generates_the_demo_off_the_gui_thread(qtbot, database, settings_dir):
    window = MainWindow("demo.db")
    qtbot.addWidget(window)
    assert window.pages["dashboard"].empty_hint.isHidden() is False
    assert window.generate_demo()
    assert window.pages["staff"].model.rowCount() > 70
    assert window.pages["dashboard"].cards["vehicles"].value.text() == "8"
    assert window.pages["dashboard"].empty_hint.isHidden()
