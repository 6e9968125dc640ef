"""The campaigns' monthly subtotals kept by the database (models/run_subtotals.py, issue 20): equal to a
GROUP BY over 出车登记 and 文印登记 whatever writes them (this program's audited writes or plain SQL;
inserts, updates that move a row to another runner or month or set its distance to NULL, updates of
many rows at once, deletes), filled by the schema step from the rows of an older database; and
万里 / 万页 summed over them give exactly what the row-by-row walk gives, and what the sums over the
rows gave before, over histories of many months."""
from __future__ import annotations

import dataclasses
import sqlite3
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.fleet import Incident, Trip
from govoffice_desktop.models.staff import Person
from govoffice_desktop.models.run_subtotals import KEPT, RunSubtotal, group_by
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import campaigns
from tests.test_campaigns_sql import (DRIVERS, START, TYPISTS, ledgers, office, same_as_the_walk,  # noqa: F401
                                      walked_drive_runs, walked_page_runs)

DATA = Path(__file__).parent / "data"
SPAN = 430  # days: fourteen months from START, across a year's end
# a month's first and last days, where a run's ends change from rows to subtotals, drawn often
EDGES = sorted({n for n in range(SPAN + 1) for d in [START + timedelta(days=n)]
                if d.day == 1 or (d + timedelta(days=1)).day == 1})
long_days = st.one_of(st.integers(min_value=0, max_value=SPAN), st.sampled_from(EDGES))
kms = st.one_of(st.none(), st.integers(0, 400))


def kept_rows(handle) -> dict[str, list[tuple]]:
    """What ``run_subtotal`` holds, and what a GROUP BY over the rows gives, per ledger, alike typed."""
    def norm(rows):
        return sorted((str(code), int(rid), str(name), str(month)[:10], int(amount), int(count))
                      for code, rid, name, month, amount, count in rows)

    have = norm(RunSubtotal.select(RunSubtotal.ledger, RunSubtotal.runner_id, RunSubtotal.runner_name,
                                   RunSubtotal.month, RunSubtotal.amount, RunSubtotal.row_count).tuples())
    want = norm(row for k in KEPT.values() for row in handle.execute_sql(group_by(handle, k)).fetchall())
    return {"kept": have, "group by": want}


def assert_kept(handle) -> None:
    found = kept_rows(handle)
    assert found["kept"] == found["group by"]


# ---------------------------------------------------------------- writes of every kind
trip_rows = st.lists(st.tuples(st.sampled_from(DRIVERS), st.integers(0, 2), long_days, kms), min_size=1, max_size=6)
log_rows = st.lists(st.tuples(st.sampled_from(TYPISTS), long_days, st.integers(0, 12)), min_size=1, max_size=6)
trip_changes = st.fixed_dictionaries({}, optional={
    "day": long_days, "driver": st.sampled_from(DRIVERS), "car": st.integers(0, 2), "km": kms})
log_changes = st.fixed_dictionaries({}, optional={"day": long_days, "typist": st.sampled_from(TYPISTS),
                                                  "pages": st.integers(0, 12)})
writes = st.lists(st.one_of(
    st.tuples(st.just("insert trips"), st.booleans(), trip_rows),
    st.tuples(st.just("update trip"), st.booleans(), st.tuples(st.integers(0, 30), trip_changes)),
    st.tuples(st.just("delete trip"), st.booleans(), st.integers(0, 30)),
    st.tuples(st.just("move a car's trips"), st.booleans(), st.tuples(st.integers(0, 2), st.integers(0, 2))),
    st.tuples(st.just("unlink a driver"), st.booleans(), st.sampled_from(DRIVERS)),
    st.tuples(st.just("delete trips before"), st.booleans(), long_days),
    st.tuples(st.just("insert logs"), st.booleans(), log_rows),
    st.tuples(st.just("update log"), st.booleans(), st.tuples(st.integers(0, 30), log_changes)),
    st.tuples(st.just("delete log"), st.booleans(), st.integers(0, 30)),
    st.tuples(st.just("unlink a typist"), st.booleans(), st.sampled_from(TYPISTS)),
), max_size=10)


def _nth(model, index: int):
    return model.select(model.id).order_by(model.id).offset(index).scalar()


def write(office, kind: str, raw: bool, what) -> None:
    """One write, through the program's audited writes or as plain SQL (``raw``): the triggers see both."""
    people, cars = office
    handle, p = db.database.obj, db.database.param
    day = lambda n: START + timedelta(days=n)  # noqa: E731

    def sql(statement: str, *params) -> None:
        handle.execute_sql(statement.replace("?", p), params)

    if kind == "insert trips":
        rows = [dict(driver=people.get(who), driver_name=who, vehicle=cars[car], trip_date=day(n),
                     distance_km=None if km is None else Decimal(km) / 10) for who, car, n, km in what]
        if raw:
            for r in rows:
                sql("INSERT INTO trip (trip_date, vehicle_id, driver_id, driver_name, requested_by, purpose, "
                    "destination, distance_km, note) VALUES (?, ?, ?, ?, '', '', '', ?, '')", r["trip_date"],
                    r["vehicle"], r["driver"], r["driver_name"], Trip.distance_km.db_value(r["distance_km"]))
        else:
            Trip.bulk_insert(rows, audit="batch")
    elif kind == "update trip":
        index, change = what
        trip = _nth(Trip, index)
        if trip is None or not change:
            return
        values = {}
        if "day" in change:
            values["trip_date"] = day(change["day"])
        if "driver" in change:
            values["driver"], values["driver_name"] = people.get(change["driver"]), change["driver"]
        if "car" in change:
            values["vehicle"] = cars[change["car"]]
        if "km" in change:
            values["distance_km"] = None if change["km"] is None else Decimal(change["km"]) / 10
        if raw:
            columns = {f.column_name: f.db_value(v) for f, v in ((Trip._meta.fields[k], v) for k, v in values.items())}
            sql(f"UPDATE trip SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", *columns.values(), trip)
        else:
            Trip.update_where(values, Trip.id == trip)
    elif kind == "delete trip":
        trip = _nth(Trip, what)
        if trip is not None:
            sql("DELETE FROM trip WHERE id = ?", trip) if raw else Trip.delete_where(Trip.id == trip)
    elif kind == "move a car's trips":  # many rows in one statement
        source, dest = cars[what[0]], cars[what[1]]
        if raw:
            sql("UPDATE trip SET vehicle_id = ? WHERE vehicle_id = ?", dest, source)
        else:
            Trip.update_where({"vehicle": dest}, Trip.vehicle == source)
    elif kind == "unlink a driver":  # his trips go to the drivers named only
        if what in people:
            if raw:
                sql("UPDATE trip SET driver_id = NULL WHERE driver_id = ?", people[what])
            else:
                Trip.update_where({"driver": None}, Trip.driver == people[what])
    elif kind == "delete trips before":
        sql("DELETE FROM trip WHERE trip_date < ?", day(what)) if raw else Trip.delete_where(Trip.trip_date < day(what))
    elif kind == "insert logs":
        rows = [dict(typist=people.get(who), typist_name=who or "外单位", title="通知", typed_on=day(n), pages=pages)
                for who, n, pages in what]
        if raw:
            for r in rows:
                sql("INSERT INTO typing_log (typed_on, typist_id, typist_name, title, doc_number, pages, errors, "
                    "wrong_char, missing_char, extra_char, punctuation, formatting, errors_after_issue, proofreader, "
                    "remarks) VALUES (?, ?, ?, ?, '', ?, 0, 0, 0, 0, 0, 0, 0, '', '')", r["typed_on"], r["typist"],
                    r["typist_name"], r["title"], r["pages"])
        else:
            TypingLog.bulk_insert(rows, audit="batch")
    elif kind == "update log":
        index, change = what
        log = _nth(TypingLog, index)
        if log is None or not change:
            return
        values = {}
        if "day" in change:
            values["typed_on"] = day(change["day"])
        if "typist" in change:
            values["typist"] = people.get(change["typist"])
        if "pages" in change:
            values["pages"] = change["pages"]
        if raw:
            columns = {TypingLog._meta.fields[k].column_name: TypingLog._meta.fields[k].db_value(v)
                       for k, v in values.items()}
            sql(f"UPDATE typing_log SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", *columns.values(), log)
        else:
            TypingLog.update_where(values, TypingLog.id == log)
    elif kind == "delete log":
        log = _nth(TypingLog, what)
        if log is not None:
            sql("DELETE FROM typing_log WHERE id = ?", log) if raw else TypingLog.delete_where(TypingLog.id == log)
    elif kind == "unlink a typist":
        if what in people:
            if raw:
                sql("UPDATE typing_log SET typist_id = NULL WHERE typist_id = ?", people[what])
            else:
                TypingLog.update_where({"typist": None}, TypingLog.typist == people[what])


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(first=st.lists(st.tuples(st.sampled_from(DRIVERS), st.integers(0, 2), long_days, kms), max_size=25),
       logs=st.lists(st.tuples(st.sampled_from(TYPISTS), long_days, st.integers(0, 12), st.just(0)), max_size=25),
       later=writes)
def test_the_kept_subtotals_are_a_group_by_over_the_rows_whatever_writes_them(office, database, first, logs, later):
    with ledgers(office, first, [], logs):
        assert_kept(database)
        for kind, raw, what in later:
            write(office, kind, raw, what)
            assert_kept(database)


def test_a_trip_moved_to_another_driver_month_and_car_and_its_distance_cleared(office, database):
    """The cases by hand: each write moves the trip's amount from the subtotals it left to those it joins,
    and a subtotal whose rows are all gone is gone."""
    people, cars = office
    trip = Trip.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], trip_date=date(2026, 3, 31),
                       distance_km=Decimal("12.5"))

    def kept():
        return sorted((r.ledger, r.runner_id, r.runner_name, r.month, r.amount, r.row_count)
                      for r in RunSubtotal.select())

    march, april = date(2026, 3, 1), date(2026, 4, 1)
    assert kept() == [("trip", 0, "", march, 125, 1), ("trip_driver", people["张三"], "", march, 125, 1),
                      ("trip_vehicle", cars[0], "", march, 125, 1)]
    Trip.update_where({"driver": None, "driver_name": "外聘甲", "trip_date": date(2026, 4, 1), "vehicle": cars[1]},
                      Trip.id == trip.id)
    assert kept() == [("trip", 0, "", april, 125, 1), ("trip_name", 0, "外聘甲", april, 125, 1),
                      ("trip_vehicle", cars[1], "", april, 125, 1)]
    Trip.update_where({"distance_km": None}, Trip.id == trip.id)
    assert kept() == [("trip", 0, "", april, 0, 1), ("trip_name", 0, "外聘甲", april, 0, 1),
                      ("trip_vehicle", cars[1], "", april, 0, 1)]
    Trip.update_where({"note": "改备注"}, Trip.id == trip.id)  # nothing that counts
    assert [r[5] for r in kept()] == [1, 1, 1]
    Trip.delete_where(Trip.id == trip.id)
    assert kept() == []
    assert_kept(database)


# ---------------------------------------------------------------- the runs over the subtotals: as before, as the walk
SUMMED_ROW_BY_ROW = ("TRIPS", "TRIPS_BY_DRIVER", "TRIPS_BY_NAME", "TRIPS_BY_VEHICLE", "PAGES", "PAGES_BY_TYPIST")


@contextmanager
def summed_over_the_rows():
    """The campaigns' ledgers as before the subtotals: every run a SUM over the rows of its range."""
    saved = {name: getattr(campaigns, name) for name in SUMMED_ROW_BY_ROW}
    try:
        for name, ledger in saved.items():
            setattr(campaigns, name, dataclasses.replace(ledger, name=f"{ledger.name} row by row", kept=None))
        yield
    finally:
        for name, ledger in saved.items():
            setattr(campaigns, name, ledger)


def everything(target: Decimal, until: date | None) -> str:
    return repr((campaigns.drive_runs(target, vehicles=True, until=until), campaigns.office_run(target, until),
                 campaigns.page_runs(until, include_gone=True),
                 campaigns.drive_runs(target, vehicles=True, until=until, reaches_from=START + timedelta(days=200)),
                 [campaigns.typing_streak(t, until) for t in (None, *office_typists())]))


def office_typists() -> list[int]:
    return [p for (p,) in Person.select(Person.id).where(Person.is_typist).order_by(Person.id).tuples()]


def same_as_before(target: Decimal, until: date | None) -> None:
    with_subtotals = everything(target, until)
    with summed_over_the_rows():
        assert everything(target, until) == with_subtotals
    same_as_the_walk(target, until)


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(trips=st.lists(st.tuples(st.sampled_from(DRIVERS), st.integers(0, 2), long_days, kms), max_size=30),
       accidents=st.lists(st.tuples(st.sampled_from((*DRIVERS, "王五")), st.integers(0, 2), long_days,
                                    st.sampled_from(("全部责任", "主要责任", "同等责任", "次要责任")),
                                    st.just("事故")), max_size=5),
       logs=st.lists(st.tuples(st.sampled_from(TYPISTS), long_days, st.integers(0, 12),
                               st.sampled_from((0, 0, 0, 0, 0, 1))), max_size=40),
       target=st.sampled_from((Decimal(0), Decimal(10), Decimal("55.5"), Decimal(300), Decimal(10000))),
       until=st.one_of(st.none(), long_days.map(lambda n: START + timedelta(days=n))),
       later=writes)
def test_runs_over_many_months_are_what_they_were_and_what_the_walk_gives(office, database, trips, accidents, logs,
                                                                          target, until, later):
    with ledgers(office, trips, accidents, logs):
        same_as_before(target, until)
        for kind, raw, what in later:
            write(office, kind, raw, what)
        if later:
            same_as_before(target, until)


def test_runs_whose_ends_fall_on_a_month_s_first_and_last_days(office, database):
    """Accidents on the last day of a month and the first of the next, a trip on each side, runs of
    a day, of two adjacent months and of a year; the day of reaching the target in a whole month."""
    day = lambda y, m, d: (date(y, m, d) - START).days  # noqa: E731
    trips = [("张三", 0, day(2026, 3, 1), 100), ("张三", 0, day(2026, 3, 31), 100), ("张三", 0, day(2026, 4, 1), 100),
             ("张三", 0, day(2026, 4, 30), 100), ("张三", 0, day(2026, 5, 1), 100), ("张三", 0, day(2026, 6, 15), 400),
             ("张三", 0, day(2027, 2, 28), 100), ("李四", 1, day(2026, 12, 31), 300), ("李四", 1, day(2027, 1, 1), 300)]
    accidents = [("张三", 0, day(2026, 3, 31), "全部责任", "事故"), ("张三", 1, day(2026, 5, 1), "主要责任", "事故"),
                 ("李四", 1, day(2026, 12, 31), "同等责任", "事故")]
    with ledgers(office, trips, accidents, []):
        for until in (None, date(2026, 4, 30), date(2026, 5, 1), date(2026, 6, 30), date(2027, 1, 1)):
            for target in (Decimal(50), Decimal(100), Decimal(1000)):
                same_as_before(target, until)
        run = {r.name: r for r in campaigns.drive_runs(Decimal(60))}["张三"]  # 30 km: 40 km on 15 June
        assert (run.km, run.since, run.reaches[-1]) == (Decimal("50.0"), date(2026, 5, 1),
                                                        (date(2026, 6, 15), Decimal("40.0"), date(2026, 5, 1)))


@pytest.mark.parametrize("lo, hi, middle", [
    (date(2026, 3, 5), date(2026, 3, 20), (date(2026, 3, 20), date(2026, 3, 20))),  # one month: its rows
    (date(2026, 3, 31), date(2026, 4, 1), (date(2026, 4, 1), date(2026, 4, 1))),  # side by side: no whole month
    (date(2026, 3, 1), date(2026, 5, 31), (date(2026, 4, 1), date(2026, 5, 1))),  # the ends' months are read
    (date(2025, 12, 31), date(2027, 1, 1), (date(2026, 1, 1), date(2027, 1, 1))),
    (campaigns.FIRST_DAY, campaigns.LAST_DAY, (date(1, 2, 1), date(9999, 12, 1))),
])
def test_the_whole_months_between_two_days(lo, hi, middle):
    assert campaigns._middle(lo, hi) == middle


# ---------------------------------------------------------------- the schema step
def test_an_office_of_version_14_gets_its_subtotals_and_the_same_runs(tmp_path):
    path = tmp_path / "v14.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v14.sql").read_text(encoding="utf-8"))
    con.close()
    handle = db.open_database(path)
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION
        found = kept_rows(handle)
        assert found["kept"] == found["group by"]
        assert ("trip_driver", 3, "", "2026-11-01", 6839, 4) in found["kept"]  # 赵司机's November: one without a distance
        assert ("trip_name", 0, "外聘司机", "2026-10-01", 0, 1) in found["kept"]
        assert {r[0] for r in found["kept"]} == set(KEPT)
        target = campaigns.target_li()
        assert repr(campaigns.drive_runs(target, vehicles=True)) == repr(walked_drive_runs(target, None))
        assert repr(campaigns.page_runs(include_gone=True)) == repr(walked_page_runs(None))
        zhao = {r.name: r for r in campaigns.drive_runs(target)}["赵司机"]
        assert (zhao.km, zhao.last_accident) == (Decimal("410.4"), date(2026, 11, 5))  # 310.5 + 99.9 since
        # and the triggers are there: a trip written after the upgrade is counted
        Trip.create(trip_date=date(2026, 12, 3), vehicle=1, driver=3, driver_name="赵司机", distance_km=Decimal(1))
        assert_kept(handle)
        assert {r.name: r for r in campaigns.drive_runs(target)}["赵司机"].km == Decimal("411.4")
    finally:
        db.close_database()


@pytest.mark.pg
def test_a_server_database_of_version_14_gets_its_subtotals(empty_pg):
    handle = db.open_database(empty_pg)
    Trip.create(trip_date=date(2026, 1, 5), vehicle=_car(), driver_name="外聘甲", distance_km=Decimal("3.5"))
    Trip.create(trip_date=date(2026, 2, 5), vehicle=_car(), driver_name="外聘甲", distance_km=None)
    TypingLog.create(typed_on=date(2026, 2, 6), typist_name="外单位", title="函", pages=4)
    for table in ("trip", "typing_log"):
        for name in ("insert", "update", "delete", "truncate"):
            handle.execute_sql(f"DROP TRIGGER {table}_subtotals_{name} ON {table}")
    handle.execute_sql('DROP TABLE "run_subtotal"')
    handle.execute_sql("DELETE FROM schema_version WHERE version >= %s", (migrations.RUN_SUBTOTALS,))
    db.close_database()
    handle = db.open_database(empty_pg)
    assert migrations.current_version() == migrations.CURRENT_VERSION
    found = kept_rows(handle)
    assert found["kept"] == found["group by"] and len(found["kept"]) == 2 * 3 + 1
    Trip.delete_where(Trip.trip_date < date(2026, 2, 1))
    assert_kept(handle)
    handle.execute_sql("TRUNCATE trip")  # only the server can: the subtotals go with the rows
    assert not RunSubtotal.select().where(RunSubtotal.ledger.startswith("trip")).exists()
    assert RunSubtotal.select().count() == 1


def _car() -> int:
    from govoffice_desktop.models.fleet import Vehicle
    return Vehicle.get_or_create(plate="苏NA0009")[0].id


@pytest.fixture
def empty_pg():
    from tests import pg
    if not pg.URL:
        pytest.skip("需要 GOVOFFICE_TEST_PG")
    yield pg.empty_target()
    db.close_database()


def test_incidents_are_no_subtotals_business(office, database):
    """Accidents break runs, they add nothing: no trigger on them."""
    people, cars = office
    Incident.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], occurred_on=START, kind="事故",
                    responsibility="全部责任")
    assert RunSubtotal.select().count() == 0


def test_a_trigger_dropped_or_switched_off_is_made_again_and_the_subtotals_filled_again_at_the_next_open(
        office, database):
    from govoffice_desktop.models import run_subtotals
    people, cars = office
    Trip.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], trip_date=START, distance_km=Decimal(5))
    postgres = not isinstance(database, db.SqliteDatabase)
    if postgres:
        database.execute_sql("ALTER TABLE trip DISABLE TRIGGER trip_subtotals_insert")
    else:
        database.execute_sql("DROP TRIGGER trip_subtotals_insert")
    assert run_subtotals.missing_triggers(database) == ["trip_subtotals_insert"]
    Trip.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], trip_date=START, distance_km=Decimal(7))
    found = kept_rows(database)
    assert found["kept"] != found["group by"]  # written while it was off: not counted
    migrations.migrate(database)  # what every open runs
    assert run_subtotals.missing_triggers(database) == []
    assert_kept(database)
    Trip.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], trip_date=START, distance_km=Decimal(9))
    assert_kept(database)


def test_a_run_of_a_year_adds_its_whole_months_subtotals_and_reads_the_rows_of_its_ends(office, database):
    """What a run reads, shown by subtotals changed behind the triggers' back: those of the whole
    months inside the run move its figure; those of the months at its two ends do not (their rows
    are read), nor does that of the month it reached the target in move the figure it reached it
    with (that month's rows are read)."""
    trips = [("张三", 0, (date(2026, m, 15) - START).days, 1000) for m in range(3, 13)]  # 100 km a month
    with ledgers(office, trips, [("张三", 0, 0, "全部责任", "事故")], []):
        def run():  # to 20 December; 500 里 = 250 km: reached on 15 May with 300 km
            found = {r.name: r for r in campaigns.drive_runs(Decimal(500), until=date(2026, 12, 20))}["张三"]
            return found.km, found.reaches[-1][:2]

        def bump(month: date, km: int) -> None:
            database.execute_sql(f"UPDATE run_subtotal SET amount = amount + {km * 10} WHERE ledger = 'trip_driver' "
                                 f"AND month = {database.param}", (month,))

        reached = (date(2026, 5, 15), Decimal("300.0"))
        assert run() == (Decimal("1000.0"), reached)
        bump(date(2026, 3, 1), 1)  # the run's first month: the accident's, 1 March
        bump(date(2026, 12, 1), 1)  # its last, to the 20th
        assert run() == (Decimal("1000.0"), reached)
        bump(date(2026, 5, 1), 1)  # a whole month, the one the target was reached in
        assert run() == (Decimal("1001.0"), reached)
        bump(date(2026, 8, 1), 50)
        assert run() == (Decimal("1051.0"), reached)


def test_rows_written_while_the_triggers_did_not_run_are_counted_again_at_the_next_open(office, database):
    """A REPLACE (SQLite fires no DELETE trigger for the row it replaces) or an insert while the
    trigger was switched off and on again leaves the triggers in place but the subtotals short or
    over: the next open sees the count differ and fills them again."""
    from govoffice_desktop.models import run_subtotals
    people, cars = office
    for km in (5, 7):
        Trip.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], trip_date=START, distance_km=Decimal(km))
    columns = "trip_date, vehicle_id, driver_id, driver_name, requested_by, purpose, destination, distance_km, note"
    if isinstance(database, db.SqliteDatabase):  # the row replaced is counted twice
        database.execute_sql(f"REPLACE INTO trip (id, {columns}) SELECT id, {columns.replace('distance_km', 'distance_km + 100')} "
                             f"FROM trip WHERE distance_km = 50")
    else:  # written while its trigger was off
        database.execute_sql("ALTER TABLE trip DISABLE TRIGGER trip_subtotals_insert")
        database.execute_sql(f"INSERT INTO trip ({columns}) SELECT {columns} FROM trip WHERE distance_km = 50")
        database.execute_sql("ALTER TABLE trip ENABLE TRIGGER trip_subtotals_insert")
    assert run_subtotals.missing_triggers(database) == []
    found = kept_rows(database)
    assert found["kept"] != found["group by"]
    assert run_subtotals.totals_differ(database) == ["trip"]
    migrations.migrate(database)  # what every open runs
    assert_kept(database)
    assert run_subtotals.totals_differ(database) == [] and run_subtotals.trusted()
    same_as_the_walk(Decimal(10), None)


def test_where_the_triggers_cannot_be_made_again_the_runs_add_the_rows(office, database, monkeypatch):
    """A PostgreSQL role that does not own the tables cannot make the triggers again: the campaigns
    then add the rows themselves (the same figures as the walk), not the subtotals that missed them."""
    import peewee as pw

    from govoffice_desktop.models import run_subtotals
    monkeypatch.setitem(run_subtotals._STATE, "trusted", True)
    people, cars = office
    Trip.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], trip_date=START, distance_km=Decimal(5))
    if isinstance(database, db.SqliteDatabase):
        database.execute_sql("DROP TRIGGER trip_subtotals_insert")
    else:
        database.execute_sql("ALTER TABLE trip DISABLE TRIGGER trip_subtotals_insert")
    Trip.create(driver=people["李四"], driver_name="李四", vehicle=cars[1], trip_date=START + timedelta(days=40),
                distance_km=Decimal(3000))

    def not_the_owner(_db):
        raise pw.ProgrammingError("must be owner of function trip_run_subtotals")

    monkeypatch.setattr(run_subtotals, "make_triggers", not_the_owner)
    migrations.migrate(database)
    assert not run_subtotals.trusted()
    found = kept_rows(database)
    assert found["kept"] != found["group by"]  # not repaired ...
    same_as_the_walk(Decimal(1000), None)  # ... and not used
    li = {r.name: r for r in campaigns.drive_runs(Decimal(1000))}["李四"]
    assert li.km == Decimal("3000.0") and li.reached


def test_an_office_whose_old_rows_hold_a_date_that_is_no_date_is_refused_in_chinese_and_left_as_it_was(tmp_path):
    """Another tool wrote 2026/11/5 into 出车登记 of a version 14 file: its month is unknown, so the
    upgrade refuses, naming the row, and the file stays at version 14."""
    path = tmp_path / "v14.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v14.sql").read_text(encoding="utf-8"))
    con.execute("INSERT INTO trip (trip_date, vehicle_id, driver_id, driver_name, requested_by, purpose, destination, "
                "distance_km, note) VALUES ('2026/11/5', 1, 3, '赵司机', '', '', '', 1000, '')")
    bad = con.execute("SELECT MAX(id) FROM trip").fetchone()[0]
    con.commit()
    con.close()
    with pytest.raises(db.Refusal) as refused:
        db.open_database(path)
    said = str(refused.value)
    assert "出车登记" in said and f"id {bad}（2026/11/5）" in said and "数据库没有改动" in said
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 14
        assert "run_subtotal" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
