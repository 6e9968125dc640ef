"""A database is checked whole before it is used: every table and column its schema version must
have, the version itself, and an active administrator where it has users (models/schema_check.py),
on opening and before a restore."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee
import pytest

from govoffice_desktop.models import db, migrations, schema_check
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import auth, backup
from tests import pg

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SNAPSHOTS = sorted(DATA.glob("schema_v*.sql"), key=lambda p: int(p.stem.split("_v")[1]))


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, and the schema itself (sqlite_master)."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in [*tables, "sqlite_master"]}
    finally:
        con.close()


def schema_of(con: sqlite3.Connection) -> dict[str, set[str]]:
    return schema_check.columns_of(lambda sql: con.execute(sql).fetchall())


def make_office(path: Path) -> None:
    """A small office of the current version: an administrator, a clerk, a section and a person."""
    db.open_database(path)
    try:
        section = Section.create(name="综合科")
        Person.create(name="张伟", section=section)
        admin = auth.create_user("admin", "admin-pw", "管理员")
        auth.login_as(admin)
        auth.create_user("clerk", "clerk-pw", "科室录入员", section)
    finally:
        auth.logout()
        db.close_database()


def edit(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = OFF")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


# What a file must hold, told by the code: one case per way of breaking it, and the words the
# refusal must name.
BROKEN = {
    "user-table-dropped": (['DROP TABLE "user"'], "缺少表：user（用户）"),
    "person-table-dropped": (["DROP TABLE person"], "缺少表：person（人员档案）"),
    "column-dropped": (["ALTER TABLE person DROP COLUMN phone"], "缺少列：person.phone"),
    "text-version": (["CREATE TABLE sv (version TEXT, name TEXT, applied_at TEXT)",
                      "INSERT INTO sv SELECT CAST(version AS TEXT), name, applied_at FROM schema_version",
                      "DROP TABLE schema_version", "ALTER TABLE sv RENAME TO schema_version"], "不是整数"),
    "version-gap": (["DELETE FROM schema_version WHERE version = 5"], "缺少或多出第 5 步"),
    "admins-switched-off": (["UPDATE \"user\" SET active = 0 WHERE role = '管理员'"], "没有一个启用的管理员"),
}


# ------------------------------------------------------------------ what each version must have
@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_the_schema_a_version_must_have_is_the_frozen_files(snapshot):
    """Today's models less what later steps declare they add = the frozen file of that version,
    table for table and column for column (a step that adds something without declaring it fails
    here as soon as its version's file is frozen)."""
    version = int(snapshot.stem.split("_v")[1])
    con = sqlite3.connect(":memory:")
    con.executescript(snapshot.read_text(encoding="utf-8"))
    assert schema_of(con) == schema_check.expected_schema(version)


def test_the_current_version_must_have_what_a_new_database_has(tmp_path):
    path = tmp_path / "new.db"
    db.open_database(path)
    db.close_database()
    con = sqlite3.connect(path)
    assert schema_of(con) == schema_check.expected_schema(migrations.CURRENT_VERSION)


def test_every_step_declares_the_tables_and_columns_it_adds(tmp_path, monkeypatch):
    """The older versions' schemas are read from the steps' declarations: a step's own function
    may add indexes, triggers and rows, but a table or column only through ``Step.tables`` /
    ``Step.columns`` (else a file of the version before it would be refused on opening)."""
    done: list[tuple[int, str]] = []
    current = {"step": None}

    def recording_add(handle, table, column, ddl):
        if current["step"] is not None:
            done.append((current["step"], f"{table}.{column}"))
        return add(handle, table, column, ddl)

    def recording_create(handle, models, **options):
        if current["step"] not in (None, 1):
            done.extend((current["step"], m._meta.table_name) for m in models)
        return create(handle, models, **options)

    def watched(step):
        def apply(handle, migrator):
            current["step"] = step.version
            try:
                return step.apply(handle, migrator)
            finally:
                current["step"] = None
        return migrations.Step(step.version, step.name, apply if step.apply else None, step.tables, step.columns)

    add, create = migrations.add_column_if_missing, peewee.Database.create_tables
    monkeypatch.setattr(migrations, "add_column_if_missing", recording_add)
    monkeypatch.setattr(peewee.Database, "create_tables", recording_create)
    monkeypatch.setattr(migrations, "STEPS", [watched(s) for s in migrations.STEPS])
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(SNAPSHOTS[0].read_text(encoding="utf-8"))
    con.close()
    db.open_database(path)
    db.close_database()
    assert done == [], "declare these in the step's tables= / columns=: " + repr(done)


# ------------------------------------------------------------------ restore
@pytest.fixture
def office(tmp_path):
    """The open database (an office with an administrator logged in) and a copy of it to break."""
    path = tmp_path / "office" / "govoffice.db"
    path.parent.mkdir()
    make_office(path)
    db.open_database(path)
    auth.authenticate("admin", "admin-pw")
    copy = tmp_path / "copy.db"
    backup.backup(copy)
    yield path, copy
    auth.logout()
    db.close_database()


@pytest.mark.parametrize("case", list(BROKEN))
def test_restore_refuses_a_file_that_is_not_whole_and_changes_nothing(office, case):
    path, copy = office
    statements, words = BROKEN[case]
    edit(copy, *statements)
    rows = {t: db.database.obj.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in db.database.obj.get_tables()}
    files = sorted(p.name for p in path.parent.rglob("*") if p.is_file())
    with pytest.raises(backup.BackupRefused) as refused:
        backup.restore(copy)
    message = str(refused.value)
    assert words in message and str(copy) in message and message.endswith("未作任何改动")
    assert sorted(p.name for p in path.parent.rglob("*") if p.is_file()) == files  # no safety copy either
    assert {t: db.database.obj.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
            for t in db.database.obj.get_tables()} == rows
    assert Person.get(Person.name == "张伟") and auth.allowed("backup")


def test_restore_of_an_older_whole_file_still_migrates(office, tmp_path):
    path, _copy = office
    old = tmp_path / "v7.db"
    con = sqlite3.connect(old)
    con.executescript((DATA / "schema_v7.sql").read_text(encoding="utf-8"))
    con.close()
    result = backup.restore(old)
    assert result.schema_version == 7 and result.migrated == [s.version for s in migrations.STEPS if s.version > 7]


def test_the_command_refuses_a_copy_without_its_user_table_and_the_office_goes_on(tmp_path):
    path = tmp_path / "office.db"
    make_office(path)
    bad = tmp_path / "bad.db"
    shutil_copy(path, bad)
    edit(bad, 'DROP TABLE "user"')
    env = {**os.environ, "GOVOFFICE_USER": "admin", "GOVOFFICE_PASSWORD": "admin-pw", "QT_QPA_PLATFORM": "offscreen"}

    def run(*argv):
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), *argv], capture_output=True,
                              text=True, env=env, timeout=120)

    done = run("restore", str(bad))
    assert done.returncode == 1 and "缺少表：user（用户）" in done.stderr and "未作任何改动" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("info")
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.rglob("*before-restore*"))  # refused before the safety copy


def shutil_copy(source: Path, dest: Path) -> None:
    con, out = sqlite3.connect(source), sqlite3.connect(dest)
    con.backup(out)
    con.close()
    out.close()


# ------------------------------------------------------------------ open
@pytest.mark.parametrize("case", [c for c in BROKEN if c != "admins-switched-off"])
def test_opening_a_file_that_is_not_whole_is_refused_and_changes_nothing(tmp_path, case):
    path = tmp_path / "office.db"
    make_office(path)
    statements, words = BROKEN[case]
    edit(path, *statements)
    before, previous = dump(path), db.database.obj
    with pytest.raises(db.DatabaseOpenError) as refused:
        db.open_database(path)
    assert words in str(refused.value) and "未作任何改动" in str(refused.value)
    assert dump(path) == before and not list(tmp_path.glob("office.before-*"))
    assert db.database.obj is previous  # left on the database it had, not on the file refused
    db.close_database()


def test_opening_checks_the_older_version_a_file_has_before_migrating_it(tmp_path):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v6.sql").read_text(encoding="utf-8"))
    con.execute("ALTER TABLE rater_group DROP COLUMN weight")
    con.commit()
    con.close()
    before = dump(path)
    with pytest.raises(db.DatabaseOpenError, match=r"结构版本 6.*缺少列：rater_group.weight"):
        db.open_database(path)
    assert dump(path) == before and not list(tmp_path.glob("old.before-*"))


def test_opening_a_whole_file_takes_one_query_of_the_schema(tmp_path, monkeypatch):
    """Opening stays quick: the columns of every table in one query, whatever the number of tables."""
    path = tmp_path / "office.db"
    make_office(path)
    seen = []
    execute = peewee.SqliteDatabase.execute_sql

    def counting(self, sql, *args, **kwargs):
        seen.append(sql)
        return execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(peewee.SqliteDatabase, "execute_sql", counting)
    db.open_database(path)
    db.close_database()
    assert sum("pragma_table_info" in sql for sql in seen) == 1
    assert not any(sql.upper().startswith("PRAGMA TABLE_INFO") for sql in seen)


# ------------------------------------------------------------------ on either kind of database
@pytest.mark.pg
def test_opening_checks_the_schema_and_the_administrator_on_the_server_too(tmp_path):
    """The same checks through PostgreSQL's information_schema (a SQLite file without
    GOVOFFICE_TEST_PG); recovering an administrator there takes the database owner's rights,
    which the tests' role has."""
    target = pg.target(tmp_path / "office.db")
    db.open_database(target)
    try:
        auth.create_user("admin", "admin-pw", "管理员")
    finally:
        db.close_database()

    def raw(sql):
        handle = db.make_database(target)
        handle.connect()
        try:
            handle.execute_sql(sql)
        finally:
            handle.close()

    raw('UPDATE "user" SET active = FALSE')
    with pytest.raises(db.DatabaseOpenError, match="recover-admin"):
        db.open_database(target)
    db.close_database()
    db.open_database(target, check_admin=False)
    try:
        auth.recover_admin("admin", "new-secret")
    finally:
        db.close_database()
    db.open_database(target)  # whole again
    db.close_database()
    raw("ALTER TABLE person DROP COLUMN phone")
    with pytest.raises(db.DatabaseOpenError, match="缺少列：person.phone"):
        db.open_database(target)
    db.close_database()
