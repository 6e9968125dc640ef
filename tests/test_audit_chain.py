"""The audit log proves itself: the hash chain, its triggers, ``audit verify``, the migration that
seals an older log, and restore's refusal of a file whose chain does not verify."""
from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import peewee
import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import audit_chain, db, migrations
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import audit, auth, backup
from tests import pg

DATA = Path(__file__).parent / "data"


def some_writes() -> None:
    """Saves, an update, a delete, an update_where and a bulk insert of two batches."""
    section = Section.create(name="秘书一科")
    chief = Person.create(name="王\"建国\"\n", section=section, post="科长")
    section.chief = chief
    section.save()
    Person.create(name="临时").delete_instance()
    Person.bulk_insert([{"name": f"打字员{i}", "section": section, "is_typist": True} for i in range(5)], batch=2)
    Person.update_where({"post": "科员"}, Person.name.startswith("打字员"))
    v = Vehicle.create(plate="苏NA1234")
    Refuel.bulk_insert([{"filled_at": datetime(2026, 3, 1, 8, 0), "vehicle": v, "litres": "40.05",
                         "amount": Decimal("290.30"), "driver_name": "张\u2028三"}])


def ids() -> list[int]:
    return [i for (i,) in AuditLog.select(AuditLog.id).order_by(AuditLog.id).tuples()]


def sql(text: str) -> str:
    """``?`` placeholders written for the database open now."""
    return text.replace("?", db.database.obj.param)


def drop_triggers() -> None:
    handle = db.database.obj
    if isinstance(handle, peewee.PostgresqlDatabase):
        handle.execute_sql("DROP TRIGGER audit_log_append_only ON audit_log")
        handle.execute_sql("DROP TRIGGER audit_log_no_truncate ON audit_log")
    else:
        handle.execute_sql("DROP TRIGGER audit_log_no_update")
        handle.execute_sql("DROP TRIGGER audit_log_no_delete")


def reopen() -> None:
    target = pg.cli_target()
    db.close_database()
    db.open_database(target)


# -- the chain as written

def test_a_fresh_database_verifies(database):
    some_writes()
    report = audit.verify()
    assert report.ok and report.entries == AuditLog.select().count() > 10
    assert report.first_broken is None and report.triggers_missing == [] and report.triggers_repaired == []
    last = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert (report.head_id, report.head_hash) == (last.id, last.hash)
    assert "审计日志链完整" in report.lines()[0]


def test_each_entry_is_sha256_of_the_previous_hash_and_its_canonical_content(database):
    some_writes()
    previous = "0" * 64  # the documented genesis value
    for e in AuditLog.select().order_by(AuditLog.id):
        at = e.at.isoformat(" ", "microseconds")
        content = json.dumps([e.table, e.row_id, e.action, e.before, e.after, at, e.who],
                             ensure_ascii=False, separators=(",", ":"))
        assert e.hash == hashlib.sha256((previous + content).encode("utf-8")).hexdigest(), e.id
        previous = e.hash


def test_the_bulk_chain_is_the_entry_chain():
    rows = [(1, '{"a": "x\\"y"}'), (2, "中文\u2028\n\t\x01"), (30, '{"name":"张\\"三"}')]
    at = datetime(2026, 1, 2, 3, 4, 5)
    fast = audit_chain.creates_chain("f" * 64, "person", at, "秘书\"甲", rows)
    previous, slow = "f" * 64, []
    for row_id, after in rows:
        previous = audit_chain.entry_hash(previous, "person", row_id, "create", None, after, at, "秘书\"甲")
        slow.append(previous)
    assert fast == slow
    assert audit_chain.at_text("2026-01-02 03:04:05") == audit_chain.at_text(at) == "2026-01-02 03:04:05.000000"


# -- tampering

def tamper_delete(victim: int) -> int:
    db.database.obj.execute_sql(sql('DELETE FROM audit_log WHERE id = ?'), (victim,))
    return min(i for i in ids() if i > victim)  # the link after the gap breaks


def tamper_edit(victim: int) -> int:
    db.database.obj.execute_sql(sql("UPDATE audit_log SET who = ? WHERE id = ?"), ("别人", victim))
    return victim


def tamper_forge(_victim: int) -> int:
    db.database.obj.execute_sql(sql(
        'INSERT INTO audit_log ("table", row_id, action, before, after, at, who, hash) VALUES '
        "('person', 1, 'update', NULL, '{\"post\": \"局长\"}', ?, 'admin', ?)"), (datetime(2020, 1, 1, 9, 0), "0" * 64))
    return max(ids())


def tamper_forge_without_hash(_victim: int) -> int:
    db.database.obj.execute_sql(sql(
        'INSERT INTO audit_log ("table", row_id, action, before, after, at, who) VALUES '
        "('person', 1, 'delete', '{}', NULL, ?, 'admin')"), (datetime(2021, 6, 1),))
    return max(ids())


@pytest.mark.parametrize("tamper", [tamper_delete, tamper_edit, tamper_forge, tamper_forge_without_hash])
def test_tampering_is_found_at_the_first_broken_link(database, tamper):
    some_writes()
    drop_triggers()
    victim = ids()[4]
    broken = tamper(victim)
    report = audit.verify()
    assert not report.ok and report.first_broken == broken and report.broken == [broken]
    assert report.triggers_missing  # and the triggers are gone
    assert f"编号 {broken}" in report.lines()[0]
    # Writing goes on after the break: the new entries chain on and only the break is reported.
    reopen()  # re-creates the triggers and logs it
    Section.create(name="之后的科室")
    again = audit.verify()
    assert again.first_broken == broken and again.broken == [broken] and not again.ok
    assert again.triggers_missing == [] and again.triggers_repaired


def test_a_second_break_after_the_first_is_reported_too(database):
    some_writes()
    drop_triggers()
    first, second = ids()[2], ids()[-3]
    tamper_edit(first)
    tamper_edit(second)
    report = audit.verify()
    assert report.first_broken == first and report.broken == [first, second] and report.broken_count == 2


def test_verify_reads_in_batches(database, monkeypatch):
    some_writes()
    drop_triggers()
    victim = ids()[7]
    tamper_edit(victim)
    monkeypatch.setattr(audit_chain, "BATCH", 3)
    seen = []
    handle = db.database.obj

    def fetch(query, params):
        rows = handle.execute_sql(query, params).fetchall()
        seen.append(len(rows))
        return rows

    report = audit_chain.verify(fetch, handle.param)
    assert max(seen) == 3 and len(seen) >= AuditLog.select().count() // 3
    assert report.entries == AuditLog.select().count() and report.first_broken == victim


# -- the triggers

def test_triggers_are_re_created_at_open_and_the_repair_is_logged(database):
    some_writes()
    drop_triggers()
    assert migrations.missing_triggers()
    report = audit.verify()
    assert not report.ok and report.chain_ok and report.triggers_missing
    assert "触发器" in report.lines()[-1]
    reopen()
    assert migrations.missing_triggers() == []
    with pytest.raises(peewee.IntegrityError, match="只能追加"):
        db.database.obj.execute_sql("DELETE FROM audit_log")
    repair = AuditLog.select().order_by(AuditLog.id.desc()).get()
    assert repair.table == "audit_log" and "已重建" in repair.after
    report = audit.verify()
    assert report.chain_ok and report.triggers_repaired and not report.ok  # what the open found stays said
    assert "已重建" in report.lines()[-1]
    reopen()
    assert audit.verify().ok  # nothing missing at this open


def test_a_trigger_switched_off_or_replaced_counts_as_missing(database):
    handle = db.database.obj
    if isinstance(handle, peewee.PostgresqlDatabase):
        handle.execute_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        assert migrations.missing_triggers() == ["audit_log.audit_log_append_only"]
    else:
        handle.execute_sql("DROP TRIGGER audit_log_no_delete")
        handle.execute_sql("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END")
        assert migrations.missing_triggers() == ["audit_log.audit_log_no_delete"]
    reopen()
    assert migrations.missing_triggers() == []
    with pytest.raises(peewee.IntegrityError, match="只能追加"):
        db.database.obj.execute_sql("DELETE FROM audit_log")


# -- the migration

def test_the_migration_seals_the_entries_there_are(database):
    """A database as version 8 left it (no hash column, entries written without one) is given
    the column and a chain that verifies, with its triggers."""
    some_writes()
    handle = db.database.obj
    drop_triggers()
    handle.execute_sql('ALTER TABLE audit_log DROP COLUMN "hash"')
    handle.execute_sql(sql("DELETE FROM schema_version WHERE version >= ?"), (migrations.AUDIT_CHAIN_VERSION,))
    handle.execute_sql(sql('INSERT INTO audit_log ("table", row_id, action, before, after, at, who) '
                           "VALUES ('section', 1, 'update', '{}', '{}', ?, 'root')"), (datetime(2026, 1, 1),))
    count = AuditLog.select().count()
    reopen()
    assert migrations.current_version() == migrations.CURRENT_VERSION
    assert AuditLog.select().where(AuditLog.hash.is_null()).count() == 0
    report = audit.verify()
    assert report.chain_ok and report.entries == count and report.triggers_missing == []
    Section.create(name="升级后")
    assert audit.verify().chain_ok


def test_the_frozen_version_8_migrates_to_a_chain_that_verifies(tmp_path):
    path = tmp_path / "v8.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v8.sql").read_text(encoding="utf-8"))
    entries = con.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    con.close()
    db.open_database(path)
    try:
        auth.login_as(auth.user_by_id(1))
        report = audit.verify()
        assert report.ok and report.entries == entries > 20
        Person.bulk_insert([{"name": "升级后的人"}])
        assert audit.verify().ok
    finally:
        auth.logout()
        db.close_database()


# -- who may check

def test_whoever_may_read_the_log_may_verify_it(database):
    from govoffice_desktop.models.users import User

    admin = auth.create_user("admin", "pw-admin-1", "管理员")
    auth.login_as(admin)
    try:
        leader = auth.create_user("leader", "pw-leader-1", "领导")
        section = Section.create(name="文电科")
        clerk = auth.create_user("clerk", "pw-clerk-1", "科室录入员", section)
        auth.login_as(User.get_by_id(leader.id))
        assert audit.verify().ok
        auth.login_as(User.get_by_id(clerk.id))
        with pytest.raises(auth.PermissionDenied):
            audit.verify()
    finally:
        auth.logout()


# -- two writers at once (PostgreSQL: two workstations)

@pytest.mark.skipif(not pg.enabled(), reason="two connections writing at once: the PostgreSQL run")
def test_two_workstations_never_fork_the_chain(database):
    """The second writer waits for the first one's commit before it reads the chain's head."""
    import psycopg2

    Section.create(name="起点")
    first_wrote, go_on = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with db.database.atomic():
                Section.create(name="甲的科室")
                first_wrote.set()
                go_on.wait(60)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            db.database.obj.close()

    def second():
        try:
            first_wrote.wait(60)
            Section.create(name="乙的科室")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            db.database.obj.close()

    a, b = threading.Thread(target=first), threading.Thread(target=second)
    a.start()
    b.start()
    watcher = psycopg2.connect(pg.cli_target())
    try:
        watcher.autocommit = True
        for _ in range(600):  # the second writer is waiting on the chain's advisory lock
            with watcher.cursor() as cur:
                cur.execute("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
                if cur.fetchone()[0]:
                    break
            threading.Event().wait(0.05)
        else:
            pytest.fail("the second writer never waited for the first")
    finally:
        watcher.close()
        go_on.set()
        a.join(60)
        b.join(60)
    assert errors == []
    assert {s.name for s in Section.select()} == {"起点", "甲的科室", "乙的科室"}
    assert audit.verify().ok


# -- the command line

def _demo(tmp_path) -> Path:
    from govoffice_desktop.services import demo

    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        demo.generate(as_of=date(2026, 11, 30))
    finally:
        db.close_database()
    return path


def _tamper_file(path: Path) -> int:
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_log_no_update")
    victim = con.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 99").fetchone()[0]
    con.execute("UPDATE audit_log SET after = replace(after, '科', '局') WHERE id = ?", (victim,))
    con.commit()
    con.close()
    return victim


@pytest.fixture
def login(monkeypatch):
    monkeypatch.setenv("GOVOFFICE_USER", "admin")
    monkeypatch.setenv("GOVOFFICE_PASSWORD", "demo")


def test_cli_audit_verify(tmp_path, capsys, login, monkeypatch):
    path = _demo(tmp_path)
    assert app.main(["--db", str(path), "audit", "verify", "--json"]) == cli.EXIT_OK
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["entries"] > 1000 and out["first_broken"] is None and out["triggers_missing"] == []
    assert out["head"]["id"] == out["entries"]
    assert app.main(["--db", str(path), "audit", "verify"]) == cli.EXIT_OK
    assert "审计日志链完整" in capsys.readouterr().out

    victim = _tamper_file(path)
    assert app.main(["--db", str(path), "--json", "audit", "verify"]) == cli.EXIT_REFUSED
    out = json.loads(capsys.readouterr().out)
    assert not out["ok"] and out["first_broken"] == victim
    assert out["triggers_repaired"] == ["audit_log.audit_log_no_update"]
    assert app.main(["--db", str(path), "audit", "verify"]) == cli.EXIT_REFUSED
    said = capsys.readouterr()
    assert f"从编号 {victim} 的记录起不可信" in said.out and "Traceback" not in said.out + said.err

    monkeypatch.setenv("GOVOFFICE_USER", "luruyuan")  # the demo's 科室录入员 may not read the log
    assert app.main(["--db", str(path), "audit", "verify"]) == cli.EXIT_REFUSED
    assert "查看审计日志" in capsys.readouterr().err


# -- restore

def test_restore_refuses_a_tampered_file_unless_forced_and_logs_the_forced_one(tmp_path, capsys, login):
    from tests.test_backup import dump

    path = _demo(tmp_path)
    saved = tmp_path / "saved.db"
    assert app.main(["--db", str(path), "backup", str(saved)]) == cli.EXIT_OK
    victim = _tamper_file(saved)
    db.open_database(path)
    try:
        Section.create(name="恢复前的科室")
        auth.login_as(auth.user_by_id(1))
        before = dump(path)
        with pytest.raises(backup.AuditChainRefused) as refused:
            backup.restore(saved)
        assert refused.value.report.first_broken == victim
        assert dump(path) == before and not list((tmp_path / "backups").glob("*before-restore*"))
    finally:
        auth.logout()
        db.close_database()

    capsys.readouterr()
    assert app.main(["--db", str(path), "restore", str(saved)]) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert "审计日志校验未通过" in err and f"编号 {victim}" in err and "--force" in err and "未作任何改动" in err
    assert dump(path)["section"] == before["section"]

    assert app.main(["--db", str(path), "--json", "restore", str(saved), "--force"]) == cli.EXIT_OK
    out = json.loads(capsys.readouterr().out)
    assert out["forced"] and out["audit"]["first_broken"] == victim
    db.open_database(path)
    try:
        entry = AuditLog.select().order_by(AuditLog.id.desc()).get()
        assert entry.table == "database" and entry.action == "update" and entry.who == "admin"
        said = json.loads(entry.after)
        assert said["restored_from"] == str(saved.resolve()) and said["first_broken"] == victim
        auth.login_as(auth.user_by_id(1))
        report = audit.verify()
        assert report.first_broken == victim and report.broken == [victim]  # the forced entry itself chains
        assert report.head_id == entry.id
    finally:
        auth.logout()
        db.close_database()


def test_inspect_says_whether_the_file_verifies(tmp_path):
    path = _demo(tmp_path)
    info = backup.inspect(path)
    assert info.audit.ok
    victim = _tamper_file(path)
    info = backup.inspect(path)
    assert info.audit.first_broken == victim and info.audit.triggers_missing == ["audit_log.audit_log_no_update"]


def test_an_older_file_is_checked_for_the_triggers_it_had(tmp_path):
    old = tmp_path / "v7.db"
    con = sqlite3.connect(old)
    con.executescript((DATA / "schema_v7.sql").read_text(encoding="utf-8"))
    con.close()
    assert backup.inspect(old).audit.ok  # no chain yet (the migration makes it), its triggers there
    con = sqlite3.connect(old)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.commit()
    con.close()
    assert backup.inspect(old).audit.triggers_missing == ["audit_log.audit_log_no_delete"]


# -- the window

def test_window_verify_button_and_forced_restore(qtbot, settings_dir, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from govoffice_desktop.models.users import User
    from govoffice_desktop.ui import backup_actions
    from govoffice_desktop.ui.audit_dialog import AuditDialog

    path = _demo(tmp_path)
    saved = tmp_path / "saved.db"
    shutil_copy(path, saved)
    victim = _tamper_file(saved)
    db.open_database(path)
    auth.login_as(User.get(User.name == "lingdao"))
    try:
        said = []
        monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: said.append(("info", text)))
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(("warning", text))
                            or QMessageBox.StandardButton.No)
        dialog = AuditDialog()
        qtbot.addWidget(dialog)
        assert dialog.verify_button.text() == "校验"
        dialog.verify_button.click()
        assert said[-1][0] == "info" and "审计日志链完整" in said[-1][1]

        auth.login_as(User.get(User.name == "admin"))
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(saved), ""))
        monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
        window = qtbot_window(qtbot)
        before = AuditLog.select().count()
        assert backup_actions.restore_database(window) is None  # the second question answered No
        assert said[-1][0] == "warning" and f"编号 {victim}" in said[-1][1] and "强制恢复" in said[-1][1]
        assert AuditLog.select().count() == before

        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(("warning", text))
                            or QMessageBox.StandardButton.Yes)
        monkeypatch.setattr(backup_actions, "_login_again", lambda _w: None)
        result = backup_actions.restore_database(window)
        assert result is not None and result.forced
        assert "已强制恢复" in said[-1][1]
        assert AuditLog.select().order_by(AuditLog.id.desc()).get().table == "database"

        dialog.verify_button.click()
        assert said[-1][0] == "warning" and f"编号 {victim}" in said[-1][1]
    finally:
        auth.logout()
        db.close_database()


def shutil_copy(source: Path, dest: Path) -> None:
    con, out = sqlite3.connect(source), sqlite3.connect(dest)
    con.backup(out)
    con.close()
    out.close()


def qtbot_window(qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    return window


# -- against an earlier backup: what the chain alone cannot show

def _rechain(path: Path, start: int) -> None:
    """What someone who knows the algorithm can do with the file: change an entry and compute
    every hash from it on again (the triggers dropped and put back)."""
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET who = '别人' WHERE id = ?", (start,))
    previous = con.execute("SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1", (start,)).fetchone()[0]
    rows = con.execute('SELECT id, "table", row_id, action, before, after, at, who FROM audit_log WHERE id >= ? '
                       "ORDER BY id", (start,)).fetchall()
    for entry_id, *content in rows:
        previous = audit_chain.entry_hash(previous, *content)
        con.execute("UPDATE audit_log SET hash = ? WHERE id = ?", (previous, entry_id))
    con.execute(migrations._sqlite_triggers("audit_log")["audit_log_no_update"])
    con.commit()
    con.close()


def test_verify_against_a_backup_finds_a_recomputed_or_shortened_log(tmp_path, capsys, login):
    path = _demo(tmp_path)
    saved = tmp_path / "saved.db"
    assert app.main(["--db", str(path), "backup", str(saved)]) == cli.EXIT_OK
    db.open_database(path)
    Section.create(name="备份之后")
    db.close_database()
    capsys.readouterr()
    assert app.main(["--db", str(path), "--json", "audit", "verify", "--against", str(saved)]) == cli.EXIT_OK
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["anchor"]["held"] and out["anchor"]["id"] < out["head"]["id"]

    rewritten = tmp_path / "rewritten.db"
    shutil_copy(path, rewritten)
    _rechain(rewritten, 50)
    assert app.main(["--db", str(rewritten), "--json", "audit", "verify"]) == cli.EXIT_OK  # the chain alone holds
    capsys.readouterr()
    assert app.main(["--db", str(rewritten), "audit", "verify", "--against", str(saved)]) == cli.EXIT_REFUSED
    said = capsys.readouterr().out
    assert "对照不符" in said and "不同" in said

    shortened = tmp_path / "shortened.db"
    shutil_copy(path, shortened)
    con = sqlite3.connect(shortened)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("DELETE FROM audit_log WHERE id >= (SELECT MAX(id) - 5 FROM audit_log)")
    con.commit()
    con.close()
    assert app.main(["--db", str(shortened), "--json", "audit", "verify", "--against", str(saved)]) == cli.EXIT_REFUSED
    out = json.loads(capsys.readouterr().out)
    assert out["first_broken"] is None and not out["anchor"]["held"] and not out["anchor"]["found"]

    assert app.main(["--db", str(path), "audit", "verify", "--against", str(tmp_path / "nope.db")]) == cli.EXIT_REFUSED
    assert "找不到文件" in capsys.readouterr().err
