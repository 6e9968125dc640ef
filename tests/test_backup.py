"""Backups and restore (services/backup.py), the commands and the 文件 menu entries."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import peewee
import pytest

from govoffice_desktop import cli
from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import backup

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
LOGIN = {"GOVOFFICE_USER": "admin", "GOVOFFICE_PASSWORD": "demo"}  # the demo's (ignored without users)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a SQLite file, in rowid order."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()


def dump_open() -> dict[str, list[tuple]]:
    """The same through the program's own connection (what it sees now)."""
    handle = db.database.obj
    tables = [r[0] for r in handle.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: handle.execute_sql(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def folder_state(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


@pytest.fixture
def demo_db(demo_file, tmp_path):
    path = tmp_path / "office" / "govoffice.db"
    path.parent.mkdir()
    con, out = sqlite3.connect(demo_file), sqlite3.connect(path)
    con.backup(out)
    con.close()
    out.close()
    db.open_database(path)
    from govoffice_desktop.models.users import User
    from govoffice_desktop.services import auth

    auth.login_as(User.get(User.name == "admin"))  # backups by hand are the administrator's
    yield path
    auth.logout()
    db.close_database()


@pytest.fixture
def as_admin(demo_db):
    """The window on the demo office, logged in as its administrator when it has logins."""
    try:
        from govoffice_desktop.models.users import User
        from govoffice_desktop.services import auth
    except ImportError:  # a tree without logins
        yield
        return
    if auth.has_users():
        auth.login_as(User.get(User.name == "admin"))
    yield
    auth.logout()


# -- backup

def test_backup_goes_to_the_backups_folder_as_one_whole_file(demo_db):
    before = dump_open()
    result = backup.backup(now=datetime(2026, 12, 1, 9, 30))
    assert result.file == demo_db.parent / "backups" / "govoffice-20261201-0930.db"
    assert result.bytes == result.file.stat().st_size > 0
    assert dump(result.file) == before
    con = sqlite3.connect(result.file)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    con.close()
    assert sorted(p.name for p in result.file.parent.iterdir()) == ["govoffice-20261201-0930.db"]  # no .part left
    again = backup.backup(now=datetime(2026, 12, 1, 9, 30))  # the same minute: a second name
    assert again.file.name == "govoffice-20261201-0930-2.db"


def test_backup_holds_committed_rows_only(demo_db):
    """Through the online backup API: a write in progress is not in the backup."""
    people = Person.select().count()
    with db.database.atomic():
        Person.create(name="未提交的人")
        result = backup.backup()
    assert len(dump(result.file)["person"]) == people
    assert Person.select().count() == people + 1


def test_backup_to_a_folder_or_a_file(demo_db, tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    into_folder = backup.backup(folder, now=datetime(2026, 12, 1, 18, 5))
    assert into_folder.file == folder / "govoffice-20261201-1805.db"
    named = backup.backup(tmp_path / "存档" / "年底.db")
    assert named.file == tmp_path / "存档" / "年底.db" and dump(named.file) == dump_open()


def test_backup_refuses_to_overwrite_or_to_write_over_the_database(demo_db, tmp_path):
    there = tmp_path / "there.db"
    there.write_bytes(b"keep me")
    with pytest.raises(backup.BackupRefused, match="已经存在"):
        backup.backup(there)
    assert there.read_bytes() == b"keep me"
    with pytest.raises(backup.BackupRefused, match="数据库文件自身"):
        backup.backup(demo_db, overwrite=True)
    assert backup.backup(there, overwrite=True).file == there  # the window's dialog asked already


def test_a_server_or_memory_is_refused_in_chinese():
    with pytest.raises(backup.BackupRefused, match="pg_dump"):
        backup.database_file(peewee.PostgresqlDatabase("office"))
    with pytest.raises(backup.BackupRefused, match="内存"):
        backup.database_file(peewee.SqliteDatabase(":memory:"))


def test_commands_refuse_a_server_with_pg_dump(capsys):
    previous = db.database.obj
    db.database.initialize(peewee.PostgresqlDatabase("office", host="127.0.0.1"))
    try:
        args = cli.parse(["--json", "backup"])
        assert cli.cmd_backup(args) == cli.EXIT_REFUSED
        assert "pg_dump" in json.loads(capsys.readouterr().out)["error"]
        args = cli.parse(["restore", "x.db"])
        args.db_label = "postgresql://office"
        assert cli.cmd_restore(args) == cli.EXIT_REFUSED
        assert "pg_dump" in capsys.readouterr().err
    finally:
        db.database.initialize(previous)


# -- the daily automatic backup

def test_automatic_backup_once_a_day(demo_db):
    first = backup.auto_backup(date(2026, 12, 1), now=datetime(2026, 12, 1, 8, 0))
    assert first.made.file.name == "govoffice-auto-20261201-0800.db"
    assert backup.auto_backup(date(2026, 12, 1), now=datetime(2026, 12, 1, 17, 0)).made is None
    nxt = backup.auto_backup(date(2026, 12, 2), now=datetime(2026, 12, 2, 8, 0))
    assert nxt.made.file.name == "govoffice-auto-20261202-0800.db"
    assert dump(nxt.made.file) == dump_open()


def test_automatic_backups_keep_30_days_and_12_months(demo_db):
    """400 days of backups, then today's: the 30 newest days and the first of the 12 newest months."""
    folder = backup.backup_dir()
    folder.mkdir()
    today = date(2026, 12, 1)
    days = [today - timedelta(days=n) for n in range(1, 400)]
    for day in days:  # the names are what counts; the contents do not matter to pruning
        (folder / f"govoffice-auto-{day:%Y%m%d}-0800.db").write_bytes(b"")
    manual = folder / "govoffice-20250101-1200.db"
    manual.write_bytes(b"")
    safety = folder / "govoffice-before-restore-20250101-120000.db"
    safety.write_bytes(b"")
    other = folder / "other-auto-20200101-0800.db"  # another database's
    other.write_bytes(b"")

    result = backup.auto_backup(today, now=datetime(2026, 12, 1, 8, 0))
    assert result.made is not None
    every = sorted([*days, today])
    newest = set(every[-30:])
    months = sorted({(d.year, d.month) for d in every})[-12:]
    firsts = {min(d for d in every if (d.year, d.month) == m) for m in months}
    kept = {d for d, _p in backup.automatic_backups(folder, "govoffice")}
    assert kept == newest | firsts
    assert len(kept) == 30 + 11  # December's first is also one of the newest days
    assert len(result.removed) == len(every) - len(kept)
    assert manual.exists() and safety.exists() and other.exists()  # never pruned


def test_retention_counts_the_first_backup_of_a_month_as_the_months():
    paths = [(date(2026, m, d), Path(f"govoffice-auto-2026{m:02d}{d:02d}-0800.db"))
             for m in range(1, 13) for d in (3, 17)]
    keep = backup.to_keep(paths, daily=2, monthly=3)
    assert {p.name for p in keep} == {"govoffice-auto-20261217-0800.db", "govoffice-auto-20261203-0800.db",
                                      "govoffice-auto-20261103-0800.db", "govoffice-auto-20261003-0800.db"}


# -- restore

def test_backup_then_restore_gives_back_every_row_of_every_table(demo_db):
    original = dump_open()
    saved = backup.backup()
    # The office goes on: rows added, changed and deleted, in several tables.
    section = Section.select().first()
    Person.create(name="新来的人", section=section)
    person = Person.select().order_by(Person.id).first()
    person.name = "改过的名字"
    person.save()
    Section.create(name="临时科室")
    changed = dump_open()
    assert changed != original

    result = backup.restore(saved.file)
    assert dump_open() == original  # the program's own connection sees the restored rows
    assert dump(demo_db) == original
    assert result.migrated == [] and result.schema_version == migrations.CURRENT_VERSION
    # The state before the restore was kept first, whole.
    assert result.safety_copy.parent == demo_db.parent / "backups"
    assert "before-restore" in result.safety_copy.name
    assert dump(result.safety_copy) == changed
    # The database is still the program's: WAL, foreign keys, and writable.
    handle = db.database.obj
    assert handle.execute_sql("PRAGMA journal_mode").fetchone() == ("wal",)
    assert handle.execute_sql("PRAGMA foreign_keys").fetchone() == (1,)
    assert handle.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    Person.create(name="恢复后新建", section=section)
    assert Person.select().where(Person.name == "恢复后新建").count() == 1
    assert not list((demo_db.parent / "backups").glob(".restore-*"))  # the checked copy is gone


def test_restore_seen_by_another_connection(demo_db):
    """Replaced in the open database, not under it: a second connection sees the restored rows."""
    saved = backup.backup()
    Section.create(name="临时科室")
    other = sqlite3.connect(demo_db)
    try:
        assert other.execute("SELECT COUNT(*) FROM section WHERE name = '临时科室'").fetchone() == (1,)
        backup.restore(saved.file)
        assert other.execute("SELECT COUNT(*) FROM section WHERE name = '临时科室'").fetchone() == (0,)
        assert other.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        other.close()


def test_restoring_an_older_file_migrates_it(demo_db, tmp_path):
    old = tmp_path / "old-v6.db"
    con = sqlite3.connect(old)
    con.executescript((DATA / "schema_v6.sql").read_text(encoding="utf-8"))
    con.close()
    names = [n for (n,) in sqlite3.connect(old).execute("SELECT name FROM person ORDER BY id")]
    result = backup.restore(old)
    assert result.schema_version == 6
    assert result.migrated == [s.version for s in migrations.STEPS if s.version > 6]
    assert migrations.current_version() == migrations.CURRENT_VERSION
    assert [p.name for p in Person.select().order_by(Person.id)] == names
    Person.create(name="迁移后新建")  # the migrated schema takes today's models


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(2 * page, len(data) - page, 7 * page):  # scribble over many b-tree pages
        data[start + 8:start + 200] = os.urandom(192)
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, '未来', '2030-01-01')",
                (migrations.CURRENT_VERSION + 1,))
    con.commit()
    con.close()


def _foreign(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (text TEXT)")
    con.execute("INSERT INTO notes VALUES ('别的程序的数据库')")
    con.commit()
    con.close()


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


@pytest.mark.parametrize("from_backup, make, words", [
    (False, lambda p: p.write_text("车牌号,加油量\n苏N1,40\n", encoding="utf-8"), "不是 SQLite 数据库文件"),
    (False, _foreign, "不是本程序的数据库"),
    (True, _newer, "比本程序支持的"),
    (True, _corrupt, "完整性检查|已经损坏"),
    (True, _truncate, "完整性检查|已经损坏"),
], ids=["csv", "another-program", "newer-schema", "corrupt", "truncated"])
def test_restore_refuses_a_bad_file_and_changes_nothing(demo_db, tmp_path, from_backup, make, words):
    bad = tmp_path / "bad.db"
    if from_backup:
        backup.backup(bad)
    make(bad)
    before, files = dump_open(), folder_state(demo_db.parent)
    bad_bytes = bad.read_bytes()
    with pytest.raises(backup.BackupRefused, match=words) as refused:
        backup.restore(bad)
    assert str(bad) in str(refused.value)  # names the file
    assert dump_open() == before and folder_state(demo_db.parent) == files  # no safety copy either
    assert bad.read_bytes() == bad_bytes and sorted(p.name for p in tmp_path.iterdir()) == ["bad.db", "office"]


def test_restore_refuses_what_is_not_a_file_or_is_the_database_itself(demo_db, tmp_path):
    for target, words in ((tmp_path / "nope.db", "找不到文件"), (tmp_path, "是文件夹"), (demo_db, "当前正在使用")):
        with pytest.raises(backup.BackupRefused, match=words):
            backup.restore(target)
    assert not (demo_db.parent / "backups").exists()


def test_inspect_says_what_a_backup_holds_without_touching_it(demo_db):
    saved = backup.backup()
    before = folder_state(saved.file.parent)
    info = backup.inspect(saved.file)
    assert info.schema_version == migrations.CURRENT_VERSION
    assert info.counts["person"] == Person.select().count() and info.rows > 1000
    assert folder_state(saved.file.parent) == before  # no -wal or -shm left beside it


# -- the commands, as the office runs them

def _main(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                          env={**os.environ, **LOGIN, "QT_QPA_PLATFORM": "offscreen", **(env or {})}, timeout=120)


def test_cli_backup_then_restore_round_trips_a_demo_database(demo_file, tmp_path):
    path = tmp_path / "govoffice.db"
    con, out = sqlite3.connect(demo_file), sqlite3.connect(path)
    con.backup(out)
    con.close()
    out.close()

    done = _main("--db", str(path), "backup", "--json")
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    saved = Path(made["file"])
    assert saved.parent == tmp_path / "backups" and made["bytes"] == saved.stat().st_size
    at_backup = dump(saved)

    db.open_database(path)  # the office goes on
    try:
        Person.create(name="新来的人")
        Section.create(name="临时科室")
    finally:
        db.close_database()
    assert dump(path) != at_backup

    done = _main("--db", str(path), "restore", str(saved))
    assert done.returncode == 0, done.stderr
    assert f"已用 {saved} 恢复数据库" in done.stdout and "恢复前的数据库已备份到" in done.stdout
    assert dump(path) == at_backup  # every row of every table

    done = _main("--db", str(path), "--json", "restore", str(tmp_path / "nope.db"))
    assert done.returncode == 1
    assert "找不到文件" in json.loads(done.stdout)["error"]
    done = _main("--db", str(path), "backup", str(saved))
    assert done.returncode == 1 and "已经存在" in done.stderr


# -- the 文件 menu

def test_menu_backup_and_restore(qtbot, settings_dir, demo_db, as_admin, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from govoffice_desktop.ui.main_window import MainWindow

    window = MainWindow(str(demo_db))
    qtbot.addWidget(window)
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "备份数据库(&B)…" in texts and "恢复数据库(&R)…" in texts
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append("警告：" + text))
    suggested = []

    def save_name(_parent, _title, start, _filter):
        suggested.append(start)
        return str(tmp_path / "手动备份.db"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    original = dump_open()
    result = window.backup_database()
    assert Path(suggested[0]).parent == demo_db.parent / "backups"
    assert result.file == tmp_path / "手动备份.db" and dump(result.file) == original
    assert str(result.file) in said[-1]

    Section.create(name="临时科室")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(result.file), ""))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.No)
    assert window.restore_database() is None  # not confirmed: nothing changed
    assert "备份到" in asked[0] and str(result.file) in asked[0]
    assert Section.select().where(Section.name == "临时科室").exists()

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    restored = window.restore_database()
    assert dump_open() == original
    assert str(restored.safety_copy) in said[-1]  # says where the safety copy went
    assert restored.safety_copy.exists()

    (tmp_path / "bad.db").write_text("不是数据库", encoding="utf-8")
    assert window.restore_database(str(tmp_path / "bad.db")) is None
    assert said[-1].startswith("警告：") and "不是 SQLite 数据库文件" in said[-1]


def test_window_backs_up_once_a_day_off_the_gui_thread(qtbot, settings_dir, demo_db, as_admin, monkeypatch):
    import threading
    import time

    from govoffice_desktop.ui.main_window import MainWindow

    window = MainWindow(str(demo_db))
    qtbot.addWidget(window)
    job = window.start_auto_backup()
    qtbot.waitUntil(lambda: job.ok is not None, timeout=20000)
    assert job.ok and "已自动备份到" in window.statusBar().currentMessage()
    assert len(list((demo_db.parent / "backups").glob("govoffice-auto-*.db"))) == 1

    # A slow backup does not hold the window up; a failing one only shows in the status bar.
    release = threading.Event()

    def slow_failure(**_kw):
        release.wait(10)
        raise backup.BackupRefused("磁盘已满")

    monkeypatch.setattr(backup, "auto_backup", slow_failure)
    started = time.perf_counter()
    job = window.start_auto_backup()
    assert time.perf_counter() - started < 0.5 and job.thread.is_alive()
    release.set()
    qtbot.waitUntil(lambda: job.ok is not None, timeout=10000)
    assert job.ok is False and window.statusBar().currentMessage() == "自动备份失败：磁盘已满"
