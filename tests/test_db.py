"""The data layer: connection, pragmas, schema versions and migrations, fields, constraints."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import peewee
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govoffice_desktop.models import ALL_MODELS, db, migrations
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.ratings import Grade, GradeScale
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.typing_pool import TypingStandard

DATA = Path(__file__).parent / "data"


def load_snapshot(version: int, path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript((DATA / f"schema_v{version}.sql").read_text(encoding="utf-8"))
    con.close()


def test_new_database_migrates_from_empty(tmp_path):
    handle = db.open_database(tmp_path / "new.db")
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION
        tables = set(handle.get_tables())
        for model in ALL_MODELS:
            assert model._meta.table_name in tables
        assert "schema_version" in tables
        # Reference data: both ready-to-use grade scales and the default typing standard.
        assert {s.name for s in GradeScale.select()} == set(migrations.GRADE_SCALES)
        assert Grade.select().count() == sum(len(g) for g in migrations.GRADE_SCALES.values())
        standard = TypingStandard.get()
        assert standard.min_speed == 80 and standard.max_errors_per_10k == Decimal("3.00")
        assert "未给出数字" in standard.source
        # A new file needs no backup: there was nothing to lose.
        assert list(tmp_path.glob("*.before-*")) == []
    finally:
        db.close_database()


def test_reopening_a_current_database_changes_nothing(tmp_path):
    db.open_database(tmp_path / "x.db")
    db.close_database()
    db.open_database(tmp_path / "x.db")
    try:
        assert migrations.pending_steps() == []
        assert migrations.SchemaVersion.select().count() == migrations.CURRENT_VERSION
        assert list(tmp_path.glob("*.before-*")) == []
    finally:
        db.close_database()


@pytest.mark.parametrize("version", list(range(1, migrations.CURRENT_VERSION)))
def test_previous_versions_migrate_keeping_their_data(tmp_path, version):
    path = tmp_path / "old.db"
    load_snapshot(version, path)
    handle = db.open_database(path)
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION
        applied = [row.version for row in migrations.SchemaVersion.select().order_by(migrations.SchemaVersion.version)]
        assert applied == list(range(1, migrations.CURRENT_VERSION + 1))
        person = Person.get(Person.name == "王建国")
        assert person.section.chief == person
        refuel = Refuel.get()
        assert refuel.amount == Decimal("345.78") and refuel.vehicle.plate == "苏NA1234"
        # The audit log is append-only from version 2 on.
        with pytest.raises(peewee.IntegrityError, match="审计日志只能追加"):
            handle.execute_sql("DELETE FROM audit_log")
        # Version 4 added a column to an older table and keys that hold with NULLs.
        assert "void_reason" in {c.name for c in handle.get_columns("ballot")}
        indexes = {i.name for i in handle.get_indexes("tally")}
        assert "tally_one_count" in indexes
        # Version 5 added the contracts' half-year and year-end scores.
        assert {"half_score", "year_score"} <= {c.name for c in handle.get_columns("contract_target")}
        # Version 6 said what a rater group rates: the groups of before rate sections.
        assert "rates" in {c.name for c in handle.get_columns("rater_group")}
        assert {r for (r,) in handle.execute_sql("SELECT rates FROM rater_group")} <= {"科室"}
        handle.execute_sql("INSERT INTO rating_period (year, quarter, status) VALUES (2030, 1, '进行中')")
        group = ("INSERT INTO rater_group (period_id, direction, name, weight, scale_id, sheets_printed, rates) "
                 "SELECT MAX(id), '{}', '办领导', 100, 2, 0, '人员' FROM rating_period")
        handle.execute_sql(group.format("上评下"))
        with pytest.raises(peewee.IntegrityError):  # a bottom-up group never rates people
            handle.execute_sql(group.format("下评上"))
        # Version 8 added logins and the append-only log of personal data taken out.
        assert {"user", "data_export"} <= set(handle.get_tables())
        handle.execute_sql("INSERT INTO data_export (at, who, what, destination, rows, full_ids) "
                           "VALUES ('2030-01-01 09:00:00', 'a', '花名册', '', 1, 1)")
        with pytest.raises(peewee.IntegrityError, match="只能追加"):
            handle.execute_sql("DELETE FROM data_export")
        # Version 9 chained the audit entries the file had, and the chain verifies.
        from govoffice_desktop.models import audit_chain

        chain = audit_chain.verify(lambda q, p: handle.execute_sql(q, p).fetchall())
        assert chain.chain_ok and chain.entries == handle.execute_sql("SELECT COUNT(*) FROM audit_log").fetchone()[0]
        assert migrations.missing_triggers() == []
        # Version 7 added the travel standards and claims, office supplies and budgets.
        assert {"travel_standard", "travel_claim", "goods_item", "goods_movement", "section_budget"} <= set(
            handle.get_tables())
        # The file was copied before the first step touched it, and the copy is the old version.
        backups = list(tmp_path.glob("old.before-v*.db"))
        assert len(backups) == 1
        con = sqlite3.connect(backups[0])
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == version
        con.close()
    finally:
        db.close_database()


def test_version_9_migrates_to_refuels_whose_litres_may_be_unknown(tmp_path):
    """Step 10 rebuilds the refuel table on SQLite (it cannot drop a NOT NULL in place): every refuel
    is kept with its id and values, the table's indexes come back, the audit chain still verifies,
    and a fill of a reimbursement ledger (money only) can then be stored."""
    from govoffice_desktop.models import audit_chain

    path = tmp_path / "v9.db"
    load_snapshot(9, path)
    con = sqlite3.connect(path)
    rows = con.execute("SELECT * FROM refuel ORDER BY id").fetchall()
    indexes = {r[0]: r[1] for r in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                               "AND tbl_name = 'refuel'")}
    assert [r[3] for r in con.execute("PRAGMA table_info('refuel')") if r[1] == "litres"] == [1]
    con.close()
    assert len(rows) == 3 and len(indexes) == 4
    handle = db.open_database(path)
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION >= migrations.REFUEL_LITRES_OPTIONAL
        assert handle.execute_sql("SELECT * FROM refuel ORDER BY id").fetchall() == rows
        assert {r[0]: r[1] for r in handle.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                                       "AND tbl_name = 'refuel'")} == indexes
        assert [c.null for c in handle.get_columns("refuel") if c.name == "litres"] == [True]
        assert handle.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert handle.execute_sql("SELECT name FROM sqlite_master WHERE name = 'refuel_v10'").fetchall() == []
        chain = audit_chain.verify(lambda q, p: handle.execute_sql(q, p).fetchall())
        assert chain.chain_ok and chain.entries == handle.execute_sql("SELECT COUNT(*) FROM audit_log").fetchone()[0]
        assert migrations.missing_triggers() == []
        money_only = Refuel.create(filled_at=datetime(2026, 4, 2, 10, 0), vehicle=Vehicle.get(), litres=None,
                                   amount=Decimal("300.00"))
        assert Refuel.get_by_id(money_only.id).litres is None and money_only.id == rows[-1][0] + 1
        with pytest.raises(peewee.IntegrityError):  # the check on litres still holds for a number
            with handle.atomic():
                handle.execute_sql("UPDATE refuel SET litres = 0 WHERE id = 1")
        chain = audit_chain.verify(lambda q, p: handle.execute_sql(q, p).fetchall())
        assert chain.chain_ok
    finally:
        db.close_database()


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    db.open_database(path)
    migrations.SchemaVersion.create(version=99, name="future", applied_at=datetime.now())
    db.close_database()
    with pytest.raises(RuntimeError, match="请升级程序"):
        db.open_database(path)
    db.close_database()


def test_a_failing_step_rolls_back_and_keeps_the_version(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    load_snapshot(1, path)

    def broken(handle, migrator):
        handle.execute_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], migrations.Step(2, "broken", broken)])
    with pytest.raises(db.DatabaseOpenError, match="boom"):
        db.open_database(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
    assert con.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall() == []
    con.close()


def test_a_failed_open_keeps_the_database_that_was_open(database, tmp_path):
    Section.create(name="原来的科室")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 100)
    with pytest.raises(db.DatabaseOpenError, match="不是本程序的数据库文件"):
        db.open_database(bad)
    assert db.database.obj is database
    assert [s.name for s in Section.select()] == ["原来的科室"]


def test_sqlite_pragmas(database):
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    # statement journals in temporary files: in memory, the journal of a savepoint (a bulk insert
    # nested in another's transaction) grows with every row its subtotal triggers write, and each
    # statement walks it again (ten years of a large office built in minutes instead of a minute)
    assert database.execute_sql("PRAGMA temp_store").fetchone()[0] != 2


def test_url_targets(tmp_path):
    path = tmp_path / "by-url.db"
    handle = db.open_database(f"sqlite:///{path}")
    try:
        assert isinstance(handle, peewee.SqliteDatabase)
        assert Path(handle.database) == path
        assert handle.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert migrations.current_version() == migrations.CURRENT_VERSION
    finally:
        db.close_database()
    pg = db.make_database("postgresql://clerk:secret@localhost:5432/office")
    assert isinstance(pg, peewee.PostgresqlDatabase) and pg.database == "office"


def test_money_is_stored_as_integer_fen_and_read_as_decimal(database):
    v = Vehicle.create(plate="苏NB2345")
    r = Refuel.create(filled_at=datetime(2026, 1, 2, 8, 0), vehicle=v, litres="40.5", amount=Decimal("301.1"))
    raw = database.execute_sql("SELECT amount, litres, typeof(amount) FROM refuel WHERE id=?", (r.id,)).fetchone()
    assert raw == (30110, 4050, "integer")
    fresh = Refuel.get_by_id(r.id)
    assert fresh.amount == Decimal("301.10") and isinstance(fresh.amount, Decimal)
    assert str(fresh.amount) == "301.10"


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2,
                   allow_nan=False, allow_infinity=False))
def test_money_round_trips_exactly(tmp_path_factory, amount):
    field = Refuel.amount
    assert field.python_value(field.db_value(amount)) == amount


def test_dates_are_real_dates(database):
    s = Section.create(name="综合科", created_on=date(2025, 3, 5))
    assert Section.get_by_id(s.id).created_on == date(2025, 3, 5)


def test_schema_constraints_refuse_bad_rows(database):
    section = Section.create(name="秘书一科")
    with pytest.raises(peewee.IntegrityError):
        Section.create(name="秘书一科")  # UNIQUE
    with pytest.raises(peewee.IntegrityError):
        Person.create(name="李四", status="休假")  # not a status
    with pytest.raises(peewee.IntegrityError):
        Person.create(name="李四", section=9999)  # no such section
    v = Vehicle.create(plate="苏NC3456")
    with pytest.raises(peewee.IntegrityError):
        Refuel.create(filled_at=datetime(2026, 1, 1), vehicle=v, litres="-3", amount="10")  # CHECK litres > 0
    Person.create(name="李四", section=section)
    with pytest.raises(peewee.IntegrityError):
        section.delete_instance()  # ON DELETE RESTRICT: a section with people stays
    assert Section.select().count() == 1


def test_backup_copies_a_live_database(database, tmp_path):
    Section.create(name="督查室")
    dest = db.backup_file(db.sqlite_file(), "manual")
    con = sqlite3.connect(dest)
    assert con.execute("SELECT name FROM section").fetchall() == [("督查室",)]
    con.close()


def test_unique_keys_hold_where_a_column_is_null(database):
    from govoffice_desktop.models.ratings import RaterGroup, RatingPeriod, Tally

    section = Section.create(name="秘书二科")
    period = RatingPeriod.create(year=2026, quarter=1)
    grade = Grade.select().first()
    group = RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="1", scale=grade.scale)
    Tally.create(group=group, section=section, grade=grade, votes=3)  # person and criterion are NULL
    with pytest.raises(peewee.IntegrityError):
        Tally.create(group=group, section=section, grade=grade, votes=4)
    assert Tally.select().count() == 1


def _v3_with_ballots(path: Path) -> None:
    load_snapshot(3, path)
    con = sqlite3.connect(path)
    con.executescript("""
        INSERT INTO rating_period (id, year, quarter, status) VALUES (1, 2026, 1, '已结束');
        INSERT INTO rater_group (id, period_id, direction, name, weight, scale_id, sheets_printed)
            VALUES (1, 1, '下评上', '基层单位', 100, 1, 0);
        INSERT INTO ballot (id, group_id, serial, void, entered_at, entered_by)
            VALUES (1, 1, '0001', 0, '2026-04-01 09:00:00', '录入员');
        INSERT INTO ballot_mark (ballot_id, section_id, grade_id) VALUES (1, 1, 1);
        INSERT INTO tally (group_id, section_id, grade_id, votes) VALUES (1, 1, 1, 7);
    """)
    con.commit()
    con.close()


def test_upgrading_to_v4_keeps_ballots_and_their_marks(tmp_path):
    path = tmp_path / "v3.db"
    _v3_with_ballots(path)
    handle = db.open_database(path)
    try:
        counts = {t: handle.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("ballot", "ballot_mark", "tally")}
        assert counts == {"ballot": 1, "ballot_mark": 1, "tally": 1}
        assert handle.execute_sql("SELECT void_reason FROM ballot").fetchone()[0] == ""
        assert handle.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1  # back on after migrating
    finally:
        db.close_database()


def test_duplicates_the_old_keys_allowed_refuse_the_upgrade_and_change_nothing(tmp_path):
    path = tmp_path / "v3.db"
    _v3_with_ballots(path)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO tally (group_id, section_id, grade_id, votes) VALUES (1, 1, 1, 9)")  # NULL person
    con.commit()
    con.close()
    with pytest.raises(db.DatabaseOpenError, match="tally 中有重复记录"):
        db.open_database(path)
    db.close_database()
    con = sqlite3.connect(path)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 3
    assert con.execute("SELECT COUNT(*) FROM tally").fetchone()[0] == 2
    con.close()
