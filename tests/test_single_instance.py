"""A second copy of the program on the same database file is refused (ui/instance_lock.py).

The window holds a QLockFile beside the database (``govoffice.db.lock``); a second window
is refused with a message naming the file, the computer and the process; a lock left by a
program that crashed is taken over.  Headless commands other than ``restore`` go on beside
an open window (SQLite serialises the writes); ``restore`` is refused while a window has
the file, since it would replace the database under it.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db
from govoffice_desktop.ui import instance_lock
from tests.ledger_fixtures import messy_fuel_ledger

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def _env(tmp_path: Path) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_DATA_HOME": str(tmp_path / "data")}


def _office(path: Path) -> Path:
    """An office's database, set up (its first start done: the window opens without the wizard)."""
    from govoffice_desktop.services import office

    path.parent.mkdir(parents=True, exist_ok=True)
    db.open_database(path)
    office.finish_first_start(standards_confirmed=False)
    db.close_database()
    return path


def _wait_for(condition, what: str, proc: subprocess.Popen | None = None, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the program ended before {what}: {proc.stderr.read()[-2000:]}")
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def window_process(tmp_path):
    """The real program with its window open on a database (offscreen), and that database."""
    path = _office(tmp_path / "office" / "govoffice.db")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(path)], cwd=ROOT,
                            env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Up when the window has made the day's automatic backup (it runs once the window shows).
    backups = path.parent / "backups"
    _wait_for(lambda: any(backups.glob("govoffice-auto-*.db")), "the window's automatic backup", proc)
    yield proc, path
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)


def test_a_second_window_on_the_same_database_is_refused(window_process, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    proc, path = window_process
    lock = path.with_name("govoffice.db.lock")
    assert lock.is_file() and lock.read_text().splitlines()[0] == str(proc.pid)
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: said.append((title, text)))
    bound = db.database.obj

    def second_window(*_a, **_kw):
        raise AssertionError("a second window was opened on the same database")

    monkeypatch.setattr("govoffice_desktop.ui.main_window.MainWindow", second_window)
    assert app.run_gui(str(path)) == cli.EXIT_REFUSED
    title, text = said[0]
    assert title == "数据库已被打开"
    assert str(path) in text and f"进程 {proc.pid}" in text and "另一个窗口" in text
    assert db.database.obj is bound and (bound is None or bound.is_closed())  # this copy never opened it

    # The first closes properly (SIGTERM closes the window): its lock goes with it.
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    assert not lock.exists()
    taken = instance_lock.acquire(path)
    assert taken is not None and taken.isLocked()
    instance_lock.release(taken)


def test_the_lock_of_a_crashed_window_is_taken_over(window_process, tmp_path):
    proc, path = window_process
    lock = path.with_name("govoffice.db.lock")
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert lock.exists()  # left behind by the crash
    for made in path.parent.glob("backups/govoffice-auto-*.db"):  # so that the new window makes today's
        made.unlink()
    again = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(path)], cwd=ROOT,
                             env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: any(path.parent.glob("backups/govoffice-auto-*.db")), "the new window", again)
        assert lock.read_text().splitlines()[0] == str(again.pid)  # the stale lock is the new window's now
    finally:
        again.send_signal(signal.SIGTERM)
        assert again.wait(30) == 0
    assert not lock.exists()


def test_commands_beside_an_open_window(window_process, tmp_path):
    """Headless commands work beside the window; restore, which replaces the file, is refused."""
    proc, path = window_process

    def run(*argv):
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), *argv], cwd=ROOT,
                              env=_env(tmp_path), capture_output=True, text=True, timeout=120)

    ledger = messy_fuel_ledger(tmp_path / "加油.xlsx")
    done = run("--json", "import", "refuels", str(ledger))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 3
    done = run("--json", "backup")
    assert done.returncode == 0, done.stderr
    saved = json.loads(done.stdout)["file"]
    done = run("restore", saved)
    assert done.returncode == cli.EXIT_REFUSED
    assert "未恢复" in done.stderr and f"进程 {proc.pid}" in done.stderr and "请先关闭那个窗口" in done.stderr
    assert not list(path.parent.glob("backups/*before-restore*"))  # nothing done, not even the safety copy
    assert proc.poll() is None  # the window is still there
    db.open_database(path, create=False)
    try:
        from govoffice_desktop.models.fleet import Refuel

        assert Refuel.select().count() == 3
        assert db.database.obj.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close_database()

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    done = run("restore", saved)  # the window closed: now it may
    assert done.returncode == 0, done.stderr


def test_the_window_moves_its_lock_with_the_database_it_opens(qtbot, settings_dir, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from govoffice_desktop.ui.main_window import MainWindow

    first, second, third = (_office(tmp_path / name / "govoffice.db") for name in ("a", "b", "c"))
    db.open_database(first)
    window = MainWindow(str(first))
    qtbot.addWidget(window)
    window.hold_lock(instance_lock.acquire(first))
    window._switch_database(str(second))
    window.auto_backup.thread.join(20)
    assert Path(window.instance_lock.fileName()) == second.with_name("govoffice.db.lock")
    assert not first.with_name("govoffice.db.lock").exists()
    assert db.sqlite_file() == second

    # A file another copy of the program holds is refused; the window stays where it was.
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(third.with_name("govoffice.db.lock"))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        said = []
        monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: said.append(text))
        window._switch_database(str(third))
        assert f"进程 {holder.pid}" in said[0] and db.sqlite_file() == second
        assert window.instance_lock.isLocked()
    finally:
        holder.kill()
        holder.wait(10)
    window._switch_database(str(second))  # the same file again keeps its own lock
    assert window.instance_lock.isLocked()
    window.auto_backup.thread.join(20)
    instance_lock.release(window.instance_lock)
    db.close_database()


HOLDER = r"""
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
print("locked" if lock.tryLock(0) else "busy", flush=True)
time.sleep(120)
"""


def test_lock_paths():
    assert instance_lock.lock_path("/srv/办公室/2026.db") == Path("/srv/办公室/2026.db.lock")
    assert instance_lock.lock_path("sqlite:////srv/office.db") == Path("/srv/office.db.lock")
    assert instance_lock.lock_path("postgresql://u:p@host/office") is None  # a server: several workstations
    assert instance_lock.lock_path(":memory:") is None
    assert instance_lock.acquire("postgresql://u:p@host/office") is None
