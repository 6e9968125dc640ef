"""万里行车无事故 and 万页文稿无差错 worked out from SQL aggregates (issue 20 point 1) give exactly what
one walk over the whole history gives: on random ledgers (trips on an accident's day, several
accidents a day, trips without a distance, drivers with no staff file or no trips, documents with
an error found after issue among others of their day), after edits and deletions of old rows, up
to any day; and what a panel asks for costs the same however long the history."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govoffice_desktop.models import db
from govoffice_desktop.models.campaigns import SUBJECT_VEHICLE
from govoffice_desktop.models.fleet import Incident, Trip, Vehicle
from govoffice_desktop.models.staff import OFF_STAFF, Person
from govoffice_desktop.models.supervision import MeetingLog, PhoneLog
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import campaigns

START = date(2026, 3, 1)
NAMES = ("外聘甲", "外聘乙", "")  # drivers with no staff file (and a trip naming nobody)


# ---------------------------------------------------------------- the walk, as the rule was written
def walked_drive_runs(target: Decimal, until: date | None) -> list[campaigns.DriveRun]:
    """Each driver, name and vehicle: one walk over its trips (in the order entered) and accidents."""
    until = until or date.max
    trips = [(p, n, v, d, k) for p, n, v, d, k in
             Trip.select(Trip.driver, Trip.driver_name, Trip.vehicle, Trip.trip_date, Trip.distance_km)
             .where(Trip.trip_date <= until).order_by(Trip.id).tuples()]
    crashes = [(p, n, v, d) for p, n, v, d in
               Incident.select(Incident.driver, Incident.driver_name, Incident.vehicle, Incident.occurred_on)
               .where(Incident.kind == "事故", Incident.responsibility.in_(campaigns.AT_FAULT),
                      Incident.occurred_on <= until).tuples()]
    out = []
    for person in Person.select().where(Person.is_driver, Person.status.not_in(OFF_STAFF)).order_by(Person.name):
        out.append(campaigns._drive_run(person.name, [(d, k) for p, _n, _v, d, k in trips if p == person.id],
                                        [d for p, _n, _v, d in crashes if p == person.id], target,
                                        person_id=person.id))
    for name in sorted({n for p, n, _v, _d, _k in trips if p is None and n}):
        out.append(campaigns._drive_run(f"{name}（{campaigns.NOT_ON_FILE}）",
                                        [(d, k) for p, n, _v, d, k in trips if p is None and n == name],
                                        [d for p, n, _v, d in crashes if p is None and n == name], target,
                                        on_file=False))
    for vehicle in Vehicle.select().where(Vehicle.status != "报废").order_by(Vehicle.plate):
        out.append(campaigns._drive_run(vehicle.plate, [(d, k) for _p, _n, v, d, k in trips if v == vehicle.id],
                                        [d for _p, _n, v, d in crashes if v == vehicle.id], target,
                                        subject=SUBJECT_VEHICLE, vehicle_id=vehicle.id))
    return out


def walked_office_run(target: Decimal, until: date | None) -> campaigns.DriveRun:
    until = until or date.max
    trips = list(Trip.select(Trip.trip_date, Trip.distance_km).where(Trip.trip_date <= until).order_by(Trip.id)
                 .tuples())
    crashes = [d for (d,) in Incident.select(Incident.occurred_on).where(
        Incident.kind == "事故", Incident.responsibility.in_(campaigns.AT_FAULT), Incident.occurred_on <= until)
        .tuples()]
    return campaigns._drive_run(campaigns.OFFICE, trips, crashes, target, subject=campaigns.OFFICE)


def walked_logs(until: date | None) -> list[tuple]:
    return list(TypingLog.select(TypingLog.typist, TypingLog.pages, TypingLog.errors_after_issue, TypingLog.typed_on)
                .where(TypingLog.typed_on <= (until or date.max)).order_by(TypingLog.typed_on, TypingLog.id).tuples())


def walked_page_runs(until: date | None) -> list[campaigns.PageRun]:
    logs = walked_logs(until)
    out = [campaigns._page_run(campaigns.POOL, [(p, a, d) for _t, p, a, d in logs])]
    for person in Person.select().where(Person.is_typist).order_by(Person.name):
        out.append(campaigns._page_run(person.name, [(p, a, d) for t, p, a, d in logs if t == person.id], person.id))
    return out


def walked_typing_streak(typist_id: int | None, until: date | None) -> campaigns.Streak:
    w = campaigns.walk((p, a > 0, d) for t, p, a, d in walked_logs(until) if typist_id is None or t == typist_id)
    return campaigns.Streak("typing", w.current, w.longest, Decimal(campaigns.TARGET_PAGES), "页", w.defects, w.since)


# ---------------------------------------------------------------- an office to fill
@pytest.fixture
def office(database, monkeypatch):
    """Three drivers in service (one who never drives), one gone; three vehicles, one scrapped;
    two typists in the pool and one gone.  万页 made 30 pages, so that random ledgers reach it."""
    monkeypatch.setattr(campaigns, "TARGET_PAGES", 30)
    people = {name: Person.create(name=name, is_driver=driver, is_typist=typist, status=status).id
              for name, driver, typist, status in (("张三", True, False, "在岗"), ("李四", True, False, "在岗"),
                                                   ("王五", True, False, "在岗"), ("赵六", True, False, OFF_STAFF[0]),
                                                   ("钱七", False, True, "在岗"), ("孙八", False, True, "借调"),
                                                   ("周九", False, True, OFF_STAFF[1]))}
    cars = [Vehicle.create(plate=plate, status=status).id
            for plate, status in (("苏NA0001", "在用"), ("苏NA0002", "维修"), ("苏NA0003", "报废"))]
    return people, cars


DRIVERS = ("张三", "李四", "赵六", *NAMES)  # 王五 never drives
TYPISTS = ("钱七", "孙八", "周九", None)  # None: a log naming nobody on file
days = st.integers(min_value=0, max_value=20)
trips_ = st.lists(st.tuples(st.sampled_from(DRIVERS), st.integers(0, 2), days,
                            st.one_of(st.none(), st.integers(0, 400))), max_size=30)
accidents_ = st.lists(st.tuples(st.sampled_from((*DRIVERS, "王五")), st.integers(0, 2), days,
                                st.sampled_from(("全部责任", "主要责任", "同等责任", "次要责任", "无责任")),
                                st.sampled_from(("事故", "事故", "违章"))), max_size=6)
logs_ = st.lists(st.tuples(st.sampled_from(TYPISTS), days, st.integers(0, 12),
                           st.sampled_from((0, 0, 0, 0, 0, 0, 1, 2))), max_size=40)
targets = st.sampled_from((Decimal(0), Decimal(10), Decimal("55.5"), Decimal(100), Decimal(10000)))
untils = st.one_of(st.none(), days.map(lambda n: START + timedelta(days=n)))


@contextmanager
def ledgers(office, trips, accidents, logs):
    """The ledgers (written as a ledger import writes them), undone afterwards."""
    people, cars = office
    with db.database.atomic() as transaction:
        Trip.bulk_insert([dict(driver=people.get(who), driver_name=who, vehicle=cars[car],
                               trip_date=START + timedelta(days=day),
                               distance_km=None if km is None else Decimal(km) / 10) for who, car, day, km in trips],
                         audit="batch")
        Incident.bulk_insert([dict(driver=people.get(who), driver_name=who, vehicle=cars[car],
                                   occurred_on=START + timedelta(days=day), responsibility=fault, kind=kind)
                              for who, car, day, fault, kind in accidents], audit="batch")
        TypingLog.bulk_insert([dict(typist=people.get(who), typist_name=who or "外单位", title="通知",
                                    typed_on=START + timedelta(days=day), pages=pages, errors=after,
                                    errors_after_issue=after) for who, day, pages, after in logs], audit="batch")
        yield
        transaction.rollback()


def same_as_the_walk(target: Decimal, until: date | None) -> None:
    """Every figure, and every day a target was reached with the run then, as the walk gives them."""
    want = walked_drive_runs(target, until)
    assert repr(campaigns.drive_runs(target, vehicles=True, until=until)) == repr(want)
    assert repr(campaigns.office_run(target, until)) == repr(walked_office_run(target, until))
    assert repr(campaigns.page_runs(until, include_gone=True)) == repr(walked_page_runs(until))
    for typist in (None, *Person.select(Person.id).where(Person.is_typist).tuples()):
        typist = typist[0] if typist else None
        assert repr(campaigns.typing_streak(typist, until)) == repr(walked_typing_streak(typist, until))
    # What the panels ask: the current run's day only, or none; the rest the same.
    current = campaigns.drive_runs(target, vehicles=True, until=until, reaches_from=campaigns.LAST_DAY)
    assert [(r.km, r.reached, r.reached_on, r.since, r.longest_km) for r in current] == \
        [(r.km, r.reached, r.reached_on, r.since, r.longest_km) for r in want]
    assert all(r.reaches == [] for r in campaigns.drive_runs(target, vehicles=True, until=until, reaches_from=None))
    assert [(r.name, r.current, r.longest, r.errors, r.last_error_on, r.since)
            for r in campaigns.page_runs(until, include_gone=True, reaches_from=None)] == \
        [(r.name, r.current, r.longest, r.errors, r.last_error_on, r.since) for r in walked_page_runs(until)]


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(trips=trips_, accidents=accidents_, logs=logs_, target=targets, until=untils,
       edits=st.lists(st.tuples(st.integers(0, 29), days, st.integers(0, 400)), max_size=4))
def test_random_ledgers_give_what_the_walk_gives(office, trips, accidents, logs, target, until, edits):
    with ledgers(office, trips, accidents, logs):
        same_as_the_walk(target, until)
        # Old rows corrected and deleted: a trip's day and distance, a document's error found after
        # issue (or no longer), an accident struck out.
        for index, day, km in edits:
            trip = Trip.select().order_by(Trip.id).offset(index).first()
            if trip is not None:
                Trip.update_where({"trip_date": START + timedelta(days=day), "distance_km": Decimal(km) / 10},
                                  Trip.id == trip.id)
            log = TypingLog.select().order_by(TypingLog.id).offset(index).first()
            if log is not None:
                TypingLog.update_where({"errors_after_issue": 0 if log.errors_after_issue else 1,
                                        "typed_on": START + timedelta(days=day)}, TypingLog.id == log.id)
            crash = Incident.select().order_by(Incident.id).offset(index % 3).first()
            if crash is not None:
                Incident.delete_where(Incident.id == crash.id)
        if edits:
            same_as_the_walk(target, until)


def walked_count_streaks(until: date | None) -> list[campaigns.Streak]:
    """百次会议无失误 and 百次电话无差错 as one walk over every meeting and call (the rule as written)."""
    meetings = (MeetingLog.select(MeetingLog.slip, MeetingLog.held_on).where(MeetingLog.held_on <= (until or date.max))
                .order_by(MeetingLog.held_on, MeetingLog.id).tuples())
    calls = PhoneLog.select(PhoneLog.error, PhoneLog.called_at).order_by(PhoneLog.called_at, PhoneLog.id)
    if until is not None:
        calls = calls.where(PhoneLog.called_at < datetime.combine(until + timedelta(days=1), time.min))
    out = []
    for code, rows, field in (("meetings", meetings, MeetingLog.held_on), ("phones", calls.tuples(), PhoneLog.called_at)):
        current, longest, defects, since = campaigns.streak((1, slip, field.adapt(when)) for slip, when in rows)
        out.append(campaigns.Streak(code, current, longest, Decimal(100), "次", defects, since))
    return out


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(meetings=st.lists(st.tuples(days, st.sampled_from((False, False, False, True))), max_size=30),
       calls=st.lists(st.tuples(days, st.sampled_from((0, 0, 9 * 60, 23 * 60 + 59)), st.sampled_from((False, False, True))),
                      max_size=30),
       until=untils)
def test_meetings_and_calls_from_aggregates_give_what_the_walk_gives(database, meetings, calls, until):
    """百次: several meetings a day with a slip among them, calls at the same minute and at the day's
    last minute, rows entered out of order, up to any day."""
    with db.database.atomic() as transaction:
        MeetingLog.bulk_insert([dict(held_on=START + timedelta(days=day), title="会", slip=slip) for day, slip in meetings],
                               audit="batch")
        PhoneLog.bulk_insert([dict(called_at=datetime.combine(START + timedelta(days=day), time()) + timedelta(minutes=at),
                                   error=error) for day, at, error in calls], audit="batch")
        got = [campaigns.meeting_streak(until), campaigns.phone_streak(until)]
        assert repr(got) == repr(walked_count_streaks(until))
        transaction.rollback()


def test_an_accident_falls_after_the_trips_of_its_day(office):
    """Trips on the accident's day count toward the run it ends; the run after starts the next day."""
    with ledgers(office, [("张三", 0, 1, 1000), ("张三", 0, 3, 600), ("张三", 0, 3, 400), ("张三", 0, 4, 250)],
                 [("张三", 0, 3, "主要责任", "事故")], []):
        a_run_ended_by_an_accident()


def a_run_ended_by_an_accident():
    run = {r.name: r for r in campaigns.drive_runs(Decimal(300), vehicles=True)}["张三"]  # 150 km
    assert (run.km, run.longest_km, run.since, run.last_accident) == (
        Decimal("25.0"), Decimal("200.0"), START + timedelta(days=3), START + timedelta(days=3))
    # reached with the first of the accident's day's trips, in the order entered: 100 + 60 km
    assert run.reaches == [(START + timedelta(days=3), Decimal("160.0"), START + timedelta(days=1))]
    assert not run.reached and run.reached_on is None
    same_as_the_walk(Decimal(300), None)


def test_a_driver_with_no_trips_and_a_reset_today(office):
    """王五 never drove: nothing since nothing, or since his accident; an accident today: the run is
    zero from today, the target no longer reached, the days before kept as the longest."""
    today = date.today()
    people, cars = office
    run = {r.name: r for r in campaigns.drive_runs(Decimal(10))}["王五"]
    assert (run.km, run.longest_km, run.since, run.last_accident, run.reaches) == (Decimal(0), Decimal(0), None,
                                                                                    None, [])
    Trip.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], trip_date=today - timedelta(days=2),
                distance_km=Decimal("80.0"))
    Incident.create(driver=people["王五"], driver_name="王五", vehicle=cars[1], occurred_on=today, kind="事故",
                    responsibility="全部责任")
    assert {r.name: r for r in campaigns.drive_runs(Decimal(10))}["张三"].reached_on == today - timedelta(days=2)
    Incident.create(driver=people["张三"], driver_name="张三", vehicle=cars[0], occurred_on=today, kind="事故",
                    responsibility="同等责任")
    runs = {r.name: r for r in campaigns.drive_runs(Decimal(10), vehicles=True, reaches_from=campaigns.LAST_DAY)}
    assert (runs["王五"].km, runs["王五"].since, runs["王五"].last_accident) == (Decimal(0), today, today)
    zhang = runs["张三"]
    assert (zhang.km, zhang.since, zhang.reached, zhang.reached_on, zhang.longest_km) == (
        Decimal(0), today, False, None, Decimal("80.0"))
    assert runs["苏NA0001"].km == 0 and runs["苏NA0001"].since == today
    for until in (None, today, today - timedelta(days=1)):
        same_as_the_walk(Decimal(10), until)


def test_a_document_with_an_error_found_after_issue_splits_its_day_by_the_order_entered(office):
    """Logs of the defect's day entered before it belong to the run it ends, those after to the next."""
    with ledgers(office, [], [], [("钱七", 0, 10, 0), ("钱七", 1, 8, 0), ("钱七", 1, 5, 1), ("钱七", 1, 7, 0),
                                  ("孙八", 1, 4, 0), ("钱七", 2, 30, 0)]):
        a_day_split_by_a_defect()


def a_day_split_by_a_defect():
    runs = {r.name: r for r in campaigns.page_runs()}
    assert (runs["钱七"].current, runs["钱七"].longest, runs["钱七"].errors, runs["钱七"].since) == (
        37, 37, 1, START + timedelta(days=1))
    assert runs["钱七"].reached and runs["钱七"].reached_on == START + timedelta(days=2)
    assert runs["钱七"].reaches == [(START + timedelta(days=2), Decimal(37), START + timedelta(days=1))]
    assert (runs[campaigns.POOL].current, runs["孙八"].current) == (41, 4)
    same_as_the_walk(Decimal(10), None)


# ---------------------------------------------------------------- nothing on screen costs in proportion to the history
class Counting:
    """The statements run and the rows they gave Python, through the database's execute_sql."""

    def __init__(self, handle, monkeypatch):
        self.statements = self.rows = 0
        execute = handle.execute_sql
        outer = self

        class Cursor:
            def __init__(self, cursor):
                self._cursor = cursor

            def __getattr__(self, name):
                return getattr(self._cursor, name)

            def fetchone(self):
                row = self._cursor.fetchone()
                outer.rows += row is not None
                return row

            def fetchall(self):
                rows = self._cursor.fetchall()
                outer.rows += len(rows)
                return rows

            def __iter__(self):
                for row in self._cursor:
                    outer.rows += 1
                    yield row

        def counted(sql, params=None, *args, **kwargs):
            self.statements += 1
            return Cursor(execute(sql, params, *args, **kwargs))

        monkeypatch.setattr(handle, "execute_sql", counted)

    def of(self, fn) -> tuple[int, int]:
        self.statements = self.rows = 0
        fn()
        return self.statements, self.rows


def test_what_the_panels_ask_reads_as_much_for_a_long_history_as_for_a_short_one(office, database, monkeypatch):
    """万里 and 万页 as the 车辆油耗 and 文印管理 panels and 首页 ask for them: the same statements and
    the same rows read, with 40 or 4,000 trips and documents between the same accidents and errors."""
    def history(per_day: int):
        trips = [(who, car, day, 150) for day in range(21) for who, car in (("张三", 0), ("李四", 1), ("外聘甲", 0))
                 for _ in range(per_day)]
        logs = [(who, day, 6, 0) for day in range(21) for who in ("钱七", "孙八") for _ in range(per_day)]
        return (trips, [("张三", 0, 7, "全部责任", "事故"), ("李四", 2, 12, "主要责任", "事故")],
                logs + [("钱七", 9, 3, 1), (None, 15, 2, 1)])

    def panels():
        campaigns.drive_runs(Decimal(10), vehicles=True, reaches_from=campaigns.LAST_DAY)  # 车辆油耗
        campaigns.page_runs(reaches_from=None)  # 文印管理
        campaigns.all_streaks(drivers=campaigns.drive_runs(reaches_from=None))  # 首页

    counting = Counting(database, monkeypatch)
    with ledgers(office, *history(1)):
        short = counting.of(panels)
    with ledgers(office, *history(100)):
        assert Trip.select().count() == 6300 and counting.of(panels) == short


# ---------------------------------------------------------------- an office of version 11
def test_an_office_of_version_11_gets_the_indexes_and_the_same_runs(tmp_path):
    path = tmp_path / "v11.db"
    con = sqlite3.connect(path)
    con.executescript((Path(__file__).parent / "data" / "schema_v11.sql").read_text(encoding="utf-8"))
    con.close()
    handle = db.open_database(path)
    try:
        indexes = {i.name for table in ("trip", "typing_log") for i in handle.get_indexes(table)}
        assert {"trip_driver_id_trip_date_distance_km", "trip_vehicle_id_trip_date_distance_km",
                "typing_log_typist_id_typed_on_pages", "typing_log_typed_on_pages",
                "typing_log_issued_errors"} <= indexes
        target = campaigns.target_li()
        runs = campaigns.drive_runs(target, vehicles=True)
        assert repr(runs) == repr(walked_drive_runs(target, None))
        assert repr(campaigns.page_runs(include_gone=True)) == repr(walked_page_runs(None))
        zhao = {r.name: r for r in runs}["赵司机"]
        assert (zhao.km, zhao.longest_km, zhao.last_accident) == (Decimal("310.5"), Decimal("373.4"),
                                                                   date(2026, 11, 5))
    finally:
        db.close_database()
