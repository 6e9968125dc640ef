"""Several programs on one SQLite file at once: a writer waits for another instead of failing, a
read never fails for a writer elsewhere, and a lock held past the wait is refused in Chinese.

Every write transaction begins IMMEDIATE (models/db.SqliteDatabase): a deferred one takes the
write lock only at its first write, after reading, and SQLite then fails at once with "database
is locked" whatever busy_timeout says.  No test here measures time: a short busy_timeout only
makes a refusal come sooner.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import peewee
import pytest

from govoffice_desktop import app
from govoffice_desktop.models import db
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth, staff
from tests.test_crash_safety import write_fuel_ledger

ROOT = Path(__file__).resolve().parent.parent
BUSY = "数据库正被其他程序写入"


def _holder(path: Path) -> sqlite3.Connection:
    """Another program holding the write lock (until ``.rollback()``)."""
    con = sqlite3.connect(path, timeout=0, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    return con


def test_a_write_transaction_holds_the_write_lock_from_its_begin(database):
    path = Path(database.database)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with db.database.atomic():  # nothing written yet: a deferred BEGIN would hold no lock here
            assert database.connection().in_transaction
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
            assert other.execute("SELECT COUNT(*) FROM section").fetchone() == (0,)  # readers never wait
            with db.database.atomic() as inner:  # nested: a savepoint inside the same transaction
                assert isinstance(inner, peewee._savepoint)
                Section.create(name="秘书科")
        other.execute("BEGIN IMMEDIATE")  # committed and released
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert [s.name for s in Section.select()] == ["秘书科"]


def test_a_writer_that_reads_first_waits_for_another_writer_instead_of_failing(database):
    """The case a deferred BEGIN got wrong: a transaction that reads, then writes, while another
    program writes.  Deferred, it read at once and its write then failed at once ("database is
    locked": what it read is out of date).  Begun IMMEDIATE, it waits for the other to commit,
    then reads what that one wrote, and writes."""
    import threading

    section = staff.add_section("秘书科")
    holder = _holder(Path(database.database))
    holder.execute("UPDATE section SET sort_order = 7 WHERE id = ?", (section.id,))
    read, committed, result = threading.Event(), threading.Event(), {}

    def rename():
        try:
            with db.database.atomic():
                mine = Section.get_by_id(section.id)
                read.set()
                committed.wait(60)
                mine.name = "秘书一科"
                mine.save()
            result["ok"] = True
        except Exception as exc:  # noqa: BLE001 - reported below
            result["error"] = repr(exc)
        finally:
            db.database.close()

    worker = threading.Thread(target=rename)
    worker.start()
    # Deferred, the worker reads at once, before the commit below; begun IMMEDIATE it cannot read
    # until then, and this wait just runs out (its length decides nothing in the outcome).
    read.wait(2)
    holder.execute("COMMIT")
    committed.set()
    worker.join(60)
    holder.close()
    assert result == {"ok": True}
    stored = Section.get_by_id(section.id)
    assert (stored.name, stored.sort_order) == ("秘书一科", 7)


def test_a_writer_kept_out_past_the_wait_is_refused_in_chinese_and_writes_nothing(database, monkeypatch):
    database.execute_sql("PRAGMA busy_timeout = 50")
    monkeypatch.setitem(db.SQLITE_PRAGMAS, "busy_timeout", 50)
    holder = _holder(Path(database.database))
    try:
        with pytest.raises(db.DatabaseBusy) as refused:
            staff.add_section("秘书科")
        assert str(refused.value) == db.busy_message()
        assert str(refused.value) == "数据库正被其他程序写入，等待 0.05 秒后仍未完成，请稍后再试；未作任何改动"
        assert db.is_busy(refused.value) and not database.in_transaction()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Section.select().count() == 0
    assert staff.add_section("秘书科").name == "秘书科"  # and once the other one is done, it goes in


def test_the_window_says_so_too(database, monkeypatch, qapp):
    from govoffice_desktop.ui import forms

    database.execute_sql("PRAGMA busy_timeout = 50")
    shown = []
    monkeypatch.setattr(forms.QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    holder = _holder(Path(database.database))
    try:
        assert forms.call_service(None, staff.add_section, "秘书科") == (False, None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert shown == [("未能保存", db.busy_message())]


def test_a_transaction_the_server_ends_for_another_is_said_in_chinese_as_written_nothing(database, monkeypatch, qapp):
    """PostgreSQL ends one of two transactions waiting on each other's rows (two workstations saving
    出车 of the same months: the kept subtotals): the window and the commands say so in Chinese, as
    a wait run out, not as a bug."""
    from govoffice_desktop.cli import _unexpected
    from govoffice_desktop.ui import forms

    clash = peewee.OperationalError("deadlock detected\nDETAIL:  Process 4711 waits for ShareLock on transaction 9")
    assert db.is_busy(clash) and db.is_busy(peewee.OperationalError("could not serialize access due to concurrent update"))
    said = db.busy_message(clash)
    assert "另一台电脑" in said and "未作任何改动" in said and said != db.busy_message()
    assert _unexpected(clash) == said

    def clashing(_name):
        raise clash

    shown = []
    monkeypatch.setattr(forms.QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    assert forms.call_service(None, clashing, "秘书科") == (False, None)
    assert shown == [("未能保存", said)]


@pytest.fixture
def office_with_logins(tmp_path):
    """A file with an administrator, a 领导 and a section of staff; closed again."""
    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        auth.create_user("admin", "admin-pw", "管理员")
        auth.authenticate("admin", "admin-pw")
        auth.create_user("leader", "leader-pw", "领导")
        section = staff.add_section("秘书科")
        Person.create(name="张建国", section=section)
    finally:
        auth.logout()
        db.close_database()
    return path


def _run(path: Path, user: str, password: str, *args: str) -> int:
    os.environ["GOVOFFICE_PASSWORD"] = password
    return app.main(["--db", str(path), "--user", user, *args])


def test_a_read_command_works_while_another_program_writes(office_with_logins, monkeypatch, capsys):
    """Its login's bookkeeping (last login) is left out rather than failing the report; a command
    that must write is refused in Chinese, exit 1, no traceback."""
    path = office_with_logins
    monkeypatch.setitem(db.SQLITE_PRAGMAS, "busy_timeout", 100)
    monkeypatch.setenv("GOVOFFICE_PASSWORD", "")
    holder = _holder(path)
    try:
        assert _run(path, "leader", "leader-pw", "report", "staff") == 0
        out, err = capsys.readouterr()
        assert "张建国" in out and err == ""
        monkeypatch.setenv("GOVOFFICE_NEW_PASSWORD", "new-pw")
        assert _run(path, "admin", "admin-pw", "users", "add", "clerk2", "--role", "督查员") == 1
        out, err = capsys.readouterr()
        assert err.strip() == "数据库正被其他程序写入，等待 0.1 秒后仍未完成，请稍后再试；未作任何改动"
        assert _run(path, "admin", "admin-pw", "--json", "users", "add", "clerk2", "--role", "督查员") == 1
        assert BUSY in capsys.readouterr().out
        # Taking personal data out is logged; unlogged, the file written is taken back.
        roster = path.with_name("花名册.xlsx")
        assert _run(path, "leader", "leader-pw", "export", "staff", str(roster)) == 1
        assert BUSY in capsys.readouterr().err and not roster.exists()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db.open_database(path)
    try:
        assert User.get(User.name == "leader").last_login is None  # left out, not failed
        assert not User.select().where(User.name == "clerk2").exists()
    finally:
        db.close_database()
    assert _run(path, "leader", "leader-pw", "report", "staff") == 0  # nobody writing: recorded
    db.open_database(path)
    try:
        assert User.get(User.name == "leader").last_login is not None
    finally:
        db.close_database()


# ---------------------------------------------------------------- processes at once
ROWS = 20_000


def _start(path: Path, user: str, password: str, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVOFFICE_")}
    env.update(GOVOFFICE_USER=user, GOVOFFICE_PASSWORD=password, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "main.py", "--db", str(path), *args], cwd=ROOT, env=env, text=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out, err


def _clean(result: tuple[int, str, str]) -> bool:
    """Finished, or refused for the lock in Chinese; never a traceback."""
    code, _out, err = result
    return "Traceback" not in err and (code == 0 or (code == 1 and BUSY in err))


def test_two_imports_and_three_reports_at_once_all_finish_or_refuse_cleanly(office_with_logins, tmp_path):
    path = office_with_logins
    ledger = write_fuel_ledger(tmp_path / "加油登记.xlsx", ROWS)
    wal = path.with_name(path.name + "-wal")
    imports = [_start(path, "admin", "admin-pw", "import", "refuels", str(ledger)) for _ in range(2)]
    # The reports start once an import is writing (its transaction is growing the WAL), so that
    # their logins and reads meet the write; should both imports be done already, they start then.
    deadline = time.monotonic() + 600
    while all(p.poll() is None for p in imports) and (not wal.exists() or wal.stat().st_size < 1024 * 1024):
        assert time.monotonic() < deadline, "the imports never began to write"
        time.sleep(0.05)
    reports = [_start(path, "leader", "leader-pw", "report", "staff") for _ in range(3)]
    imported = [_finish(p) for p in imports]
    reported = [_finish(p) for p in reports]

    assert all(_clean(r) for r in imported + reported), imported + reported
    assert [code for code, _out, _err in reported] == [0, 0, 0], reported  # reads never fail for a writer
    assert all("张建国" in out for _code, out, _err in reported)
    done = [out for code, out, _err in imported if code == 0]
    assert any(f"已导入 {ROWS} 行" in out for out in done), imported
    # the other one waited and found every row already there, or was refused having written nothing
    assert sorted(out.split("，")[1] for out in done) in ([f"已导入 {ROWS} 行"], ["已导入 0 行", f"已导入 {ROWS} 行"])

    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("SELECT COUNT(*) FROM refuel").fetchone() == (ROWS,)
        assert con.execute("SELECT COUNT(*) FROM vehicle").fetchone() == (8,)
    finally:
        con.close()
    code, out, err = _finish(_start(path, "admin", "admin-pw", "import", "refuels", str(ledger)))
    assert code == 0 and f"已导入 0 行，已存在 {ROWS} 行" in out, (out, err)
