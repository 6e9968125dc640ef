"""What the panels compute the cheap way gives exactly what it gave before.  Fuel economy over its
period (the period's fills and those since the last full fill before it) equals the whole
history's: on the demo and on a vehicle whose ledger has every kind of fill (partial, missed,
money-only, unread, two at one minute, at midnight), for every vehicle, every month and every
twelve months.  The campaigns' runs read in one pass equal one pass per runner."""
from __future__ import annotations

from dataclasses import astuple
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from govoffice_desktop.models.campaigns import SUBJECT_VEHICLE
from govoffice_desktop.models.db import close_database, open_database
from govoffice_desktop.models.fleet import Incident, Refuel, Trip, Vehicle
from govoffice_desktop.models.staff import OFF_STAFF, Person
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import campaigns, fleet
from govoffice_desktop.services.demo import generate
from govoffice_desktop.services.months import last_day
from govoffice_desktop.ui.fleet_tab import periods

AS_OF = date(2026, 8, 15)


def whole_history_economy(vehicle, first, last, threshold):
    """The figure as it was computed before periods were read on their own: every fill of the
    vehicle as an object, every segment of its history, kept when it ends in the period."""
    start, end = datetime.combine(first, time.min), datetime.combine(last, time.max)
    period = list(Refuel.select().where(Refuel.vehicle == vehicle, Refuel.filled_at.between(start, end)))
    litres = sum((r.litres for r in period if r.litres is not None), Decimal(0))
    amount = sum((r.amount for r in period), Decimal(0))
    without_litres = sum(1 for r in period if r.litres is None)
    done = [s for s in fleet.segments(vehicle) if start <= s.end.filled_at <= end]
    by_trips = False
    if done:
        measured = sum((s.litres for s in done), Decimal(0))
        measured_amount = sum((s.amount for s in done), Decimal(0))
        distance = Decimal(sum(s.distance for s in done))
    elif not Refuel.select().where(Refuel.vehicle == vehicle, Refuel.odometer.is_null(False)).exists() and litres \
            and not without_litres:
        measured, measured_amount = litres, amount
        distance = sum((t.distance_km or 0 for t in Trip.select().where(
            Trip.vehicle == vehicle, Trip.trip_date.between(first, last))), Decimal(0))
        by_trips = bool(distance)
    else:
        measured, measured_amount, distance = Decimal(0), Decimal(0), Decimal(0)
    rate = fleet.per_100km(measured, distance) if distance else None
    quota = vehicle.fuel_quota
    over = ((rate - quota) * 100 / quota).quantize(Decimal("0.1"), ROUND_HALF_UP) if rate and quota else None
    return fleet.Economy(vehicle, len(period), litres, amount, distance, measured, measured_amount, rate, by_trips,
                         quota, over, over is not None and over > threshold, without_litres)


def windows(first_month: date, last_month: date):
    """Every month from ``first_month`` to ``last_month``, and the twelve months ending with each
    (the two periods of the 车辆油耗 panel)."""
    y, m = first_month.year, first_month.month
    while (y, m) <= (last_month.year, last_month.month):
        yield from periods(date(y, m, 1))
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)


def same_figures(vehicle, first, last, threshold):
    got = fleet.economy(vehicle, first, last, threshold)
    want = whole_history_economy(vehicle, first, last, threshold)
    # repr: the same values with the same decimals (what the panel and the reports print)
    assert repr(astuple(got)[1:]) == repr(astuple(want)[1:]), (vehicle.plate, first, last)
    assert got.cost_per_km == want.cost_per_km
    start, end = datetime.combine(first, time.min), datetime.combine(last, time.max)
    assert fleet.segments(vehicle, first, last) == [s for s in fleet.segments(vehicle)
                                                    if start <= s.end.filled_at <= end]
    return got


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    open_database(path)
    generate(AS_OF)
    yield path
    close_database()


def test_every_vehicle_every_month_of_the_demo(demo):
    threshold = fleet.setting_decimal(fleet.OVER_QUOTA_KEY, fleet.DEFAULT_OVER_QUOTA_PCT)
    first = Refuel.select(Refuel.filled_at).order_by(Refuel.filled_at).first().filled_at.date()
    measured = 0
    for vehicle in Vehicle.select():
        for start, end in windows(first - timedelta(days=31), AS_OF + timedelta(days=31)):
            measured += same_figures(vehicle, start, end, threshold).l_per_100km is not None
    assert measured > 50  # the demo's months have figures: the comparison compared something


def test_every_kind_of_fill(demo):
    """A vehicle whose ledger mixes every case the rule knows, in and across month ends."""
    threshold = Decimal(10)
    car = Vehicle.create(plate="苏NZ9999", fuel_quota=Decimal("9.00"))
    card = Vehicle.create(plate="苏NZ8888", fuel_quota=Decimal("8.00"))  # a fuel card, no odometers
    at = datetime(2025, 1, 1, 0, 0)
    odometer = 10000
    # (days after the last fill, litres, odometer read?, full, missed previous)
    script = [(0, "40", True, True, False), (9, "35", True, True, False), (0, "5", False, False, False),
              (7, "20", True, False, False), (8, "30", True, True, False), (20, None, True, True, False),
              (9, "33", True, True, False), (31, "38", True, True, True), (10, "36", True, True, False),
              (0, "36", True, True, False), (12, "25", False, True, False), (11, "40", True, True, False),
              (45, "10", False, False, True), (5, "38", True, True, False), (14, None, False, False, False),
              (9, "37", True, True, False), (16, "34", True, True, False)]
    for round_ in range(4):
        for days, litres, read, full, missed in script:
            at += timedelta(days=days + (round_ if days else 0))
            odometer += 0 if days == 0 and read else 300 + 17 * days
            amount = (Decimal(litres) * Decimal("7.50")).quantize(Decimal("0.01")) if litres else Decimal("250.00")
            Refuel.create(vehicle=car, filled_at=at, litres=litres, unit_price="7.50" if litres else None,
                          amount=amount, odometer=odometer if read else None, full_tank=full, missed_previous=missed)
            Refuel.create(vehicle=card, filled_at=at + timedelta(hours=9), litres=litres or "30",
                          unit_price="7.50", amount=amount, odometer=None, full_tank=True)
        at = datetime(at.year, at.month, last_day(at.year, at.month).day, 23, 59, 59)  # the last second of a month
    for day in range(0, 700, 6):
        Trip.create(vehicle=card, trip_date=date(2025, 1, 3) + timedelta(days=day), distance_km=Decimal("61.5"))
    seen = set()
    for vehicle in (car, card):
        for start, end in windows(date(2024, 12, 1), at.date() + timedelta(days=62)):
            e = same_figures(vehicle, start, end, threshold)
            seen.add((vehicle.plate, e.by_trips, e.without_litres > 0, e.l_per_100km is not None))
    assert ("苏NZ9999", False, True, True) in seen and ("苏NZ8888", True, False, True) in seen


# ---------------------------------------------------------------- 万里行车无事故, 万页文稿无差错
def runs_as_before(target, vehicles):
    """drive_runs as it was: for each driver, name and vehicle, a pass over every trip."""
    trips = [(p, n, v, d, k) for p, n, v, d, k in
             Trip.select(Trip.driver, Trip.driver_name, Trip.vehicle, Trip.trip_date, Trip.distance_km).tuples()]
    crashes = [(p, n, v, d) for p, n, v, d in
               Incident.select(Incident.driver, Incident.driver_name, Incident.vehicle, Incident.occurred_on)
               .where(Incident.kind == "事故", Incident.responsibility.in_(campaigns.AT_FAULT)).tuples()]
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
    if vehicles:
        for vehicle in Vehicle.select().where(Vehicle.status != "报废").order_by(Vehicle.plate):
            out.append(campaigns._drive_run(vehicle.plate, [(d, k) for _p, _n, v, d, k in trips if v == vehicle.id],
                                            [d for _p, _n, v, d in crashes if v == vehicle.id], target,
                                            subject=SUBJECT_VEHICLE, vehicle_id=vehicle.id))
    return out


def page_runs_as_before():
    logs = list(TypingLog.select(TypingLog.typist, TypingLog.pages, TypingLog.errors_after_issue, TypingLog.typed_on)
                .order_by(TypingLog.typed_on, TypingLog.id).tuples())
    out = [campaigns._page_run(campaigns.POOL, [(p, a, d) for _t, p, a, d in logs])]
    for person in Person.select().where(Person.is_typist).order_by(Person.name):
        out.append(campaigns._page_run(person.name, [(p, a, d) for t, p, a, d in logs if t == person.id], person.id))
    return out


def test_campaign_runs_read_once_give_what_a_pass_per_runner_gave(demo):
    """The drivers', names' and vehicles' runs sorted out in one pass over the trips (and the
    typists' over the logs) are the runs one pass per runner gave — with trips by drivers not on
    file, trips without a distance and accidents on a day with trips added to the demo."""
    car = Vehicle.select().order_by(Vehicle.id).first()
    driver = Person.select().where(Person.is_driver).order_by(Person.id).first()
    for i in range(40):
        day = AS_OF - timedelta(days=300 - 7 * i)
        Trip.create(vehicle=car, trip_date=day, driver_name=("外聘司机甲", "外聘司机乙")[i % 2],
                    distance_km=None if i % 5 == 0 else Decimal("123.4"))
        if i % 13 == 0:
            Incident.create(vehicle=car, occurred_on=day, kind="事故", responsibility="主要责任",
                            driver_name="外聘司机甲" if i % 2 == 0 else "", driver=None if i % 2 == 0 else driver)
    target = campaigns.target_li()
    got = campaigns.drive_runs(target, vehicles=True)
    assert repr(got) == repr(runs_as_before(target, vehicles=True))
    assert any(not r.on_file for r in got) and any(r.last_accident for r in got)
    assert repr(campaigns.page_runs(include_gone=True)) == repr(page_runs_as_before())
    summary = campaigns.driving_summary(got)
    assert repr(summary) == repr(campaigns.driving_summary())
    assert repr(campaigns.all_streaks(drivers=campaigns.drive_runs())) == repr(campaigns.all_streaks())
    until = AS_OF - timedelta(days=100)
    assert repr(campaigns.all_streaks(until, [r for r in campaigns.drive_runs(vehicles=True, until=until)
                                              if r.subject != SUBJECT_VEHICLE])) == repr(campaigns.all_streaks(until))
