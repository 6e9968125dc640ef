"""The data layer on a PostgreSQL server (several workstations): run with GOVOFFICE_TEST_PG set.

What test_db.py proves on SQLite files, proved on the server: a new database migrates from
empty, reopening changes nothing, a newer schema is refused, a failing step leaves nothing
behind, and the schema holds the same constraints.
"""
from __future__ import annotations

from datetime import datetime

import peewee
import pytest

from govoffice_desktop.models import ALL_MODELS, db, migrations
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.ratings import Grade, GradeScale
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.typing_pool import TypingStandard
from tests import pg

if not pg.enabled():
    pytest.skip("GOVOFFICE_TEST_PG is not set (.ci/run sets it)", allow_module_level=True)
pytestmark = pytest.mark.pg


@pytest.fixture
def empty():
    url = pg.empty_target()
    yield url
    db.close_database()


def test_a_new_server_database_migrates_from_empty(empty):
    handle = db.open_database(empty)
    assert isinstance(handle, peewee.PostgresqlDatabase)
    assert migrations.current_version() == migrations.CURRENT_VERSION
    tables = set(handle.get_tables())
    assert {m._meta.table_name for m in ALL_MODELS} | {"schema_version"} <= tables
    assert {s.name for s in GradeScale.select()} == set(migrations.GRADE_SCALES)
    assert Grade.select().count() == sum(len(g) for g in migrations.GRADE_SCALES.values())
    assert TypingStandard.get().min_speed == 80
    # Section ↔ person: the reference added after both tables holds.
    chief = Person.create(name="王建国")
    section = Section.create(name="秘书一科", chief=chief)
    assert Section.get_by_id(section.id).chief == chief
    with pytest.raises(peewee.IntegrityError):
        with handle.atomic():
            handle.execute_sql("UPDATE section SET chief_id = 9999 WHERE id = %s", (section.id,))
    # The audit log is append-only, refused as an integrity error just as SQLite's trigger is.
    assert AuditLog.select().count() >= 2
    for sql in ("DELETE FROM audit_log", "UPDATE audit_log SET who = 'x'"):
        with pytest.raises(peewee.IntegrityError, match="审计日志只能追加"):
            with handle.atomic():
                handle.execute_sql(sql)
    db.close_database()
    db.open_database(empty)
    assert migrations.pending_steps() == []
    assert migrations.SchemaVersion.select().count() == migrations.CURRENT_VERSION


def test_a_newer_schema_on_the_server_is_refused(empty):
    db.open_database(empty)
    migrations.SchemaVersion.create(version=99, name="future", applied_at=datetime.now())
    db.close_database()
    with pytest.raises(RuntimeError, match="请升级程序"):
        db.open_database(empty)


def test_a_failing_step_leaves_nothing_on_the_server(empty, monkeypatch):
    def broken(handle, migrator):
        handle.execute_sql("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "STEPS", [migrations.STEPS[0], migrations.Step(2, "broken", broken)])
    with pytest.raises(db.DatabaseOpenError, match="boom"):
        db.open_database(empty)
    monkeypatch.undo()
    handle = db.make_database(empty)
    handle.connect()
    try:
        assert handle.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        assert "half_done" not in handle.get_tables()  # PostgreSQL's DDL is transactional
    finally:
        handle.close()


def test_ids_keep_counting_after_bulk_inserts(database):
    rows = [{"name": f"科室{i}", "sort_order": i} for i in range(5)]
    assert Section.bulk_insert(rows) == 5
    one = Section.create(name="又一个科室")
    assert one.id == max(s.id for s in Section.select()) and Section.select().count() == 6
    entries = AuditLog.select().where(AuditLog.table == "section").count()
    assert entries == 6


def test_a_database_the_server_lacks_is_a_clear_error(empty):
    missing = empty.rsplit("/", 1)[0] + "/govoffice_no_such_database"
    with pytest.raises(db.DatabaseOpenError, match="govoffice_no_such_database"):
        db.open_database(missing)


def test_a_server_database_of_version_9_lets_a_refuel_go_without_litres(empty):
    """Step 10 on the server: ALTER COLUMN … DROP NOT NULL, keeping the refuels there are."""
    from datetime import datetime
    from decimal import Decimal

    from govoffice_desktop.models.fleet import Refuel, Vehicle

    handle = db.open_database(empty)
    vehicle = Vehicle.create(plate="苏NA1234")
    kept = Refuel.create(filled_at=datetime(2026, 3, 5, 9, 30), vehicle=vehicle, litres=Decimal("45.20"),
                         unit_price=Decimal("7.65"), amount=Decimal("345.78"))
    handle.execute_sql('ALTER TABLE "refuel" ALTER COLUMN "litres" SET NOT NULL')  # as version 9 had it
    handle.execute_sql("DELETE FROM schema_version WHERE version >= %s", (migrations.REFUEL_LITRES_OPTIONAL,))
    db.close_database()
    handle = db.open_database(empty)
    assert migrations.current_version() == migrations.CURRENT_VERSION
    assert [c.null for c in handle.get_columns("refuel") if c.name == "litres"] == [True]
    assert Refuel.get_by_id(kept.id).litres == Decimal("45.20")
    Refuel.create(filled_at=datetime(2026, 3, 6, 9, 30), vehicle=vehicle, litres=None, amount=Decimal("300.00"))
    assert Refuel.select().where(Refuel.litres.is_null()).count() == 1


def test_a_server_database_of_version_10_gains_approvals_findings_and_the_per_diem(empty):
    """Step 11 on the server: the two tables made, the columns added (a claim's reference to its
    approval with its foreign key), the claims there are kept."""
    from datetime import date
    from decimal import Decimal

    import peewee

    from govoffice_desktop.models.rewards import TravelApproval, TravelClaim
    from govoffice_desktop.models.staff import Person

    handle = db.open_database(empty)
    person = Person.create(name="王建国")
    kept = TravelClaim.create(person=person, start_on=date(2026, 3, 2), end_on=date(2026, 3, 4),
                              destination_class="一类地区", meals=Decimal("300.00"), claimed_on=date(2026, 3, 6))
    for table, column in migrations.TRAVEL_PER_DIEM_COLUMNS:  # as version 10 had them: not there
        handle.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    handle.execute_sql('DROP TABLE "travel_approval", "finance_finding"')
    handle.execute_sql("DELETE FROM schema_version WHERE version >= %s", (migrations.FINANCE_AND_TRAVEL,))
    db.close_database()
    handle = db.open_database(empty)
    assert migrations.current_version() == migrations.CURRENT_VERSION
    claim = TravelClaim.get_by_id(kept.id)
    assert (claim.approval, claim.city_transport, claim.meals) == (None, Decimal("0.00"), Decimal("300.00"))
    with pytest.raises(peewee.IntegrityError):  # the reference is a foreign key
        with handle.atomic():
            handle.execute_sql('UPDATE "travel_claim" SET "approval_id" = 999')
    approval = TravelApproval.create(person=person, destination="南京", destination_class="一类地区",
                                     start_on=date(2026, 3, 2), end_on=date(2026, 3, 4), purpose="会议",
                                     approved_by="刘主任", approved_on=date(2026, 3, 1))
    TravelClaim.update_where({TravelClaim.approval: approval.id}, TravelClaim.id == kept.id)
    assert TravelClaim.get_by_id(kept.id).approval == approval
