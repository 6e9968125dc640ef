"""百公里油耗, full tank to full tank: a vehicle's segments, a period's economy of one vehicle or of
them all, per driver and by month (moved out of services/fleet.py, which re-exports them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import peewee as pw
from peewee import fn

from govoffice_desktop.models.db import database, prepared
from govoffice_desktop.models.fleet import Refuel, Trip, Vehicle
from govoffice_desktop.models.staff import Person
from govoffice_desktop.services.campaigns import setting_decimal
from govoffice_desktop.services.months import last_day

CENT = Decimal("0.01")
OVER_QUOTA_KEY = "fleet.over_quota_pct"  # vehicles this far over their quota are flagged
DEFAULT_OVER_QUOTA_PCT = Decimal(10)


# ---------------------------------------------------------------- fuel economy, full tank to full tank
class Fill(NamedTuple):
    """What a segment keeps of the fills that open and close it."""
    id: int
    filled_at: datetime
    odometer: int | None
    driver_id: int | None


@dataclass
class Segment:
    """From one full tank to the next: the litres put in after the first, the distance between."""
    start: Fill
    end: Fill
    litres: Decimal
    fills: int
    amount: Decimal = Decimal(0)  # what the litres after the opening fill cost

    @property
    def distance(self) -> int:
        return self.end.odometer - self.start.odometer

    @property
    def l_per_100km(self) -> Decimal | None:
        return per_100km(self.litres, self.distance)


def per_100km(litres: Decimal, km) -> Decimal | None:
    return (litres * 100 / Decimal(km)).quantize(CENT, ROUND_HALF_UP) if km else None


# The panels ask these for every vehicle and period in a row: each compiled once (models.db.prepared).
FILL_COLUMNS = (Refuel.id, Refuel.filled_at, Refuel.odometer, Refuel.driver, Refuel.litres, Refuel.amount,
                Refuel.full_tank, Refuel.missed_previous)
EARLIEST, LATEST = datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59)


def _fills_from(vehicle, at, key, end):
    """The vehicle's fills from the one at ``at`` with the id ``key`` (or after) to ``end``, in time order."""
    return (Refuel.select(*FILL_COLUMNS)
            .where(Refuel.vehicle == vehicle, Refuel.filled_at >= at, ~((Refuel.filled_at == at) & (Refuel.id < key)),
                   Refuel.filled_at <= end).order_by(Refuel.filled_at, Refuel.id))


def _opener(vehicle, start):
    """The last fill before ``start`` that can open a segment: full, with a reading."""
    return (Refuel.select(Refuel.filled_at, Refuel.id)
            .where(Refuel.vehicle == vehicle, Refuel.full_tank == True, Refuel.odometer.is_null(False),  # noqa: E712
                   Refuel.filled_at < start).order_by(Refuel.filled_at.desc(), Refuel.id.desc()).limit(1))


def _window_fills(vehicle, first: date | None, last: date | None):
    """The vehicle's fills, as tuples in time order, that the segments ending between ``first`` and
    ``last`` are made of: from the last full fill with a reading before ``first`` (every fill opening
    a segment starts afresh, so nothing earlier counts) to ``last``."""
    vehicle = getattr(vehicle, "id", vehicle)
    at, key = EARLIEST, 0
    if first is not None:
        at = datetime.combine(first, time.min)
        opener = prepared("fleet.opener", _opener, "vehicle", "start").run(vehicle=vehicle, start=at).fetchone()
        if opener is not None:  # else no segment can be open as the period starts
            at, key = Refuel.filled_at.python_value(opener[0]), opener[1]
    end = LATEST if last is None else datetime.combine(last, time.max)
    rows = prepared("fleet.fills", _fills_from, "vehicle", "at", "key", "end").run(vehicle=vehicle, at=at, key=key,
                                                                                  end=end)
    convert = [f.python_value for f in FILL_COLUMNS]
    return [tuple(c(v) for c, v in zip(convert, row)) for row in rows]


def segments(vehicle: Vehicle, first: date | None = None, last: date | None = None) -> list[Segment]:
    """The vehicle's complete segments (with ``first`` and ``last``, those ending in that period,
    read from that period's fills and the few before it).  Fills are taken in time order, which is
    odometer order (every reading is checked against the fills before and after it, so a backdated
    entry falls into place).  A partial fill's litres, with or without a reading, are carried into
    the next full fill that has one; a fill marked missed-previous breaks the chain (what went in
    before it is unknown) and, if full and read, starts anew; so does a fill whose litres are
    unknown (what went in with it is unknown: the stretch it falls in has no figure rather than a
    wrong one)."""
    return _segments_of(_window_fills(vehicle, first, last), first)


def _segments_of(fills, first: date | None) -> list[Segment]:
    """``segments`` of one vehicle's fills (id, filled_at, odometer, driver id, litres, amount,
    full tank, missed previous), in time order, from the opening fill of the period on.  Litres
    and amounts are added up as given: Decimals, or the stored whole numbers (``economies``)."""
    out: list[Segment] = []
    start: Fill | None = None
    litres, amount, count = 0, 0, 0
    for key, filled_at, odometer, driver_id, fill_litres, fill_amount, full_tank, missed in fills:
        opens = full_tank and odometer is not None
        if missed or fill_litres is None:
            start = Fill(key, filled_at, odometer, driver_id) if opens else None
            litres, amount, count = 0, 0, 0
            continue
        if start is None:
            if opens:
                start = Fill(key, filled_at, odometer, driver_id)
            continue
        litres += fill_litres
        amount += fill_amount
        count += 1
        if opens:
            fill = Fill(key, filled_at, odometer, driver_id)
            if odometer > start.odometer:
                out.append(Segment(start, fill, litres, count, amount))
            start, litres, amount, count = fill, 0, 0, 0
    if first is not None:
        since = datetime.combine(first, time.min)
        out = [s for s in out if s.end.filled_at >= since]
    return out


@dataclass
class Economy:
    vehicle: Vehicle
    refuels: int  # in the period
    litres: Decimal  # every fill in the period whose litres are known
    amount: Decimal  # every fill in the period
    distance_km: Decimal  # of the complete segments ending in the period, or the trips
    measured_litres: Decimal  # the litres those segments hold
    measured_amount: Decimal  # and what they cost
    l_per_100km: Decimal | None
    by_trips: bool  # no odometers: distance from 出车登记
    quota: Decimal | None
    over_quota_pct: Decimal | None
    flagged: bool
    without_litres: int = 0  # fills of the period that give only the money: not in the figure

    @property
    def cost_per_km(self) -> Decimal | None:
        """The fuel burnt over the distance (an opening fill belongs to the distance before it)."""
        if not self.distance_km or not self.measured_litres:
            return None
        return (self.measured_amount / self.distance_km).quantize(CENT, ROUND_HALF_UP)


def _sum(field: pw.Field) -> pw.Function:
    """SUM of a scaled decimal column, read back as its Decimal (None over no rows)."""
    return fn.SUM(field).converter(field.python_value)


def _period(vehicle, start, end):
    """A vehicle's fills between ``start`` and ``end``: how many, litres, amount, how many with litres."""
    return Refuel.select(fn.COUNT(Refuel.id), fn.SUM(Refuel.litres), fn.SUM(Refuel.amount),
                         fn.COUNT(Refuel.litres)).where(Refuel.vehicle == vehicle, Refuel.filled_at.between(start, end))


def _totals(start, end):
    """Every vehicle's fills between ``start`` and ``end``: how many, litres, amount (stored whole
    numbers), how many with litres."""
    return (Refuel.select(Refuel.vehicle, fn.COUNT(Refuel.id), fn.SUM(Refuel.litres), fn.SUM(Refuel.amount),
                          fn.COUNT(Refuel.litres))
            .where(Refuel.filled_at.between(start, end)).group_by(Refuel.vehicle))


def _read(vehicle):
    """Whether the vehicle has a fill with an odometer reading."""
    return Refuel.select(pw.Value(1)).where(Refuel.vehicle == vehicle, Refuel.odometer.is_null(False)).limit(1)


def economy(vehicle: Vehicle, first: date, last: date, threshold: Decimal | None = None) -> Economy:
    """A vehicle's figure for a period: litres of its complete segments ending in the period over
    their distance (a ratio of sums, never a mean of ratios).  Without odometers, every fill of
    the period over the trips' distance (none when a fill of the period lacks its litres: the
    distance would be over fuel not counted).  A fill without litres is counted in the money."""
    threshold = setting_decimal(OVER_QUOTA_KEY, DEFAULT_OVER_QUOTA_PCT) if threshold is None else threshold
    start, end = datetime.combine(first, time.min), datetime.combine(last, time.max)
    refuels, litres, amount, with_litres = prepared("fleet.period", _period, "vehicle", "start", "end").run(
        vehicle=vehicle.id, start=start, end=end).fetchone()
    totals = (refuels, Refuel.litres.python_value(litres), Refuel.amount.python_value(amount), with_litres)
    done = segments(vehicle, first, last)
    sums = (len(done), sum((s.litres for s in done), Decimal(0)), sum((s.amount for s in done), Decimal(0)),
            Decimal(sum(s.distance for s in done)))
    return _economy_of(vehicle, first, last, threshold, totals, sums)


NO_SEGMENTS = (0, Decimal(0), Decimal(0), Decimal(0))


def _economy_of(vehicle: Vehicle, first: date, last: date, threshold: Decimal, totals: tuple,
                done: tuple) -> Economy:
    """``economy`` from the period's (fills, litres, amount, fills with litres) and its complete
    segments' (how many, litres, amount, distance)."""
    refuels, litres, amount, with_litres = totals
    litres, amount = litres or Decimal(0), amount or Decimal(0)
    without_litres = refuels - with_litres
    by_trips = False
    if done[0]:
        _count, measured, measured_amount, distance = done
    elif litres and not without_litres \
            and not prepared("fleet.read", _read, "vehicle").run(vehicle=vehicle.id).fetchone():
        # Fuel-card statements without odometers: every fill of the period over the trips' distance.
        measured, measured_amount = litres, amount
        distance = (Trip.select(_sum(Trip.distance_km))
                    .where(Trip.vehicle == vehicle, Trip.trip_date.between(first, last)).scalar() or Decimal(0))
        by_trips = bool(distance)
    else:  # odometers kept, but no tank-to-tank stretch ends in the period: no figure yet
        measured, measured_amount, distance = Decimal(0), Decimal(0), Decimal(0)
    rate = per_100km(measured, distance) if distance else None
    quota = vehicle.fuel_quota
    over = ((rate - quota) * 100 / quota).quantize(Decimal("0.1"), ROUND_HALF_UP) if rate and quota else None
    return Economy(vehicle, refuels, litres, amount, distance, measured, measured_amount, rate, by_trips, quota, over,
                   over is not None and over > threshold, without_litres)


def _fills_sql(periods: int, vehicles: int | None) -> str:
    """``economies_of``' statement: every vehicle's fills (or those of ``vehicles`` ids) from
    its opening fill before the earliest first (its last full fill with a reading before it; the
    fills at its moment before it left out), or from that first when it has none, to the latest last, in
    time order, each as (vehicle, reading, litres, money (the stored whole numbers), whether it can
    open a segment (full, with a reading), whether it breaks the chain (missed before, or litres
    unknown), then for each of ``periods`` whether it is in it): what the walk of
    ``_segment_sums`` needs, no date or Decimal made of it.  Parameters: start (three times), the
    vehicles' ids, each period's first moment and last, then the end."""
    mark = database.param
    refuel, vehicle = Refuel._meta.table_name, Vehicle._meta.table_name
    col = {f.name: f.column_name for f in Refuel._meta.sorted_fields}
    at, odometer, full = col["filled_at"], col["odometer"], col["full_tank"]
    opener = f"FROM {refuel} e WHERE e.{col['vehicle']} = v.id AND e.{full} AND e.{odometer} IS NOT NULL"
    opened = f"(SELECT MAX(e.{at}) {opener} AND e.{at} < {mark})"
    only = f" WHERE v.id IN ({', '.join([mark] * vehicles)})" if vehicles is not None else ""
    since = "".join(f", CASE WHEN r.{at} BETWEEN {mark} AND {mark} THEN 1 ELSE 0 END" for _ in range(periods))
    return f"""WITH openings AS MATERIALIZED (
  SELECT v.id AS vehicle, COALESCE({opened}, {mark}) AS since,
         COALESCE((SELECT MAX(e.id) {opener} AND e.{at} = {opened}), 0) AS opener
  FROM {vehicle} v{only})
SELECT r.{col['vehicle']}, r.{odometer}, r.{col['litres']}, r.{col['amount']},
       CASE WHEN r.{full} AND r.{odometer} IS NOT NULL THEN 1 ELSE 0 END,
       CASE WHEN r.{col['missed_previous']} OR r.{col['litres']} IS NULL THEN 1 ELSE 0 END{since}
FROM {refuel} r JOIN openings o ON r.{col['vehicle']} = o.vehicle AND r.{at} >= o.since
WHERE r.{at} <= {mark} AND NOT (r.{at} = o.since AND r.id < o.opener)
ORDER BY r.{col['vehicle']}, r.{at}, r.id"""


def _segment_sums(rows, periods: int) -> list[dict[int, list]]:
    """``_segments_of`` over ``_fills_sql``'s rows, summed: for each period, each vehicle's complete
    segments ending in it as [how many, litres, money, distance] (stored whole numbers)."""
    out: list[dict[int, list]] = [{} for _ in range(periods)]
    current = start = None
    litres = amount = 0
    for vehicle, reading, fill_litres, fill_amount, opens, breaks, *within in rows:
        if vehicle != current:
            current, start = vehicle, None
        if breaks:  # what went in before is unknown: a full fill with a reading starts anew
            start, litres, amount = (reading if opens else None), 0, 0
        elif start is None:
            if opens:
                start, litres, amount = reading, 0, 0
        else:
            litres += fill_litres
            amount += fill_amount
            if opens:
                if reading > start:
                    for n, inside in enumerate(within):
                        if inside:
                            sums = out[n].setdefault(vehicle, [0, 0, 0, 0])
                            sums[0] += 1
                            sums[1] += litres
                            sums[2] += amount
                            sums[3] += reading - start
                start, litres, amount = reading, 0, 0
    return out


_FILLS: dict[tuple, str] = {}


def economies(first: date, last: date, vehicles=None, threshold: Decimal | None = None) -> dict[int, Economy]:
    """``economy`` of every vehicle (or of ``vehicles``) for one period, by vehicle id, in two
    queries for them all (and the few a vehicle without odometers asks): the period's totals
    grouped by vehicle, and every vehicle's fills of the period from its last full fill with a reading
    before it, read as stored (litres and money as whole numbers, added up as such)."""
    return economies_ending([first], last, vehicles, threshold)[0]


def economies_ending(firsts: list[date], last: date, vehicles=None,
                     threshold: Decimal | None = None) -> list[dict[int, Economy]]:
    """``economies`` of periods ending on the same day ``last``, one from each of ``firsts`` (this
    month and the twelve months ending with it): ``economies_of`` them."""
    return economies_of([(first, last) for first in firsts], vehicles, threshold)


def economies_of(periods: list[tuple[date, date]], vehicles=None,
                 threshold: Decimal | None = None) -> list[dict[int, Economy]]:
    """``economies`` of each of ``periods`` (first, last), the fills read once, from the earliest
    first's openings to the latest last: a fill that opens a segment starts afresh, so the segments
    ending in a later or shorter period are the same read from further back, and the fills after a
    period change none of its segments (``_fills_sql``, ``_segment_sums``)."""
    threshold = setting_decimal(OVER_QUOTA_KEY, DEFAULT_OVER_QUOTA_PCT) if threshold is None else threshold
    bounds = [(datetime.combine(first, time.min), datetime.combine(last, time.max)) for first, last in periods]
    start, end = min(since for since, _until in bounds), max(until for _since, until in bounds)
    vehicles = list(Vehicle.select() if vehicles is None else vehicles)
    if not vehicles:
        return [{} for _ in periods]
    ids = [v.id for v in vehicles] if len(vehicles) <= 20 else None  # else every vehicle's (those not asked unused)
    slot = (len(periods), None if ids is None else len(ids), type(database.obj))
    if slot not in _FILLS:
        _FILLS[slot] = _fills_sql(*slot[:2])
    rows = database.execute_sql(_FILLS[slot], [start, start, start, *(ids or ()),
                                               *(at for pair in bounds for at in pair), end]).fetchall()
    scale = Refuel.litres.python_value  # litres and money (MoneyField): both stored with two places
    assert Refuel.litres.places == Refuel.amount.places
    measured = [{v: (count, scale(litres), scale(amount), Decimal(distance))
                 for v, (count, litres, amount, distance) in sums.items()}
                for sums in _segment_sums(rows, len(periods))]
    out = []
    totals_of, money = prepared("fleet.totals", _totals, "start", "end"), Refuel.amount.python_value
    for (first, last), (since, until), sums in zip(periods, bounds, measured):
        totals = {v: (n, scale(litres), money(amount), known)  # None over no litres stays None
                  for v, n, litres, amount, known in totals_of.run(start=since, end=until)}
        out.append({v.id: _economy_of(v, first, last, threshold, totals.get(v.id, (0, None, None, 0)),
                                      sums.get(v.id, NO_SEGMENTS))
                    for v in vehicles})
    return out


@dataclass
class DriverEconomy:
    driver: Person
    segments: int
    litres: Decimal
    distance_km: int
    l_per_100km: Decimal | None
    quota_litres: Decimal  # what the vehicles' quotas allowed for that distance
    over_quota_pct: Decimal | None


def driver_economy(first: date, last: date) -> list[DriverEconomy]:
    """Per driver: the complete segments ending in the period whose closing fill they made (who
    filled up at the end of a segment drove it), against the quotas of the vehicles driven."""
    totals: dict[int, list] = {}
    for vehicle in Vehicle.select():
        for seg in segments(vehicle, first, last):
            if seg.end.driver_id is None:
                continue
            t = totals.setdefault(seg.end.driver_id, [0, Decimal(0), 0, Decimal(0), Decimal(0)])
            t[0] += 1
            t[1] += seg.litres
            t[2] += seg.distance
            if vehicle.fuel_quota:  # only stretches of vehicles with a quota are compared with one
                t[3] += vehicle.fuel_quota * seg.distance / 100
                t[4] += seg.litres
    out = []
    for person in Person.select().where(Person.id.in_(list(totals))).order_by(Person.name):
        n, litres, km, allowed, litres_with_quota = totals[person.id]
        allowed = allowed.quantize(CENT, ROUND_HALF_UP)
        over = ((litres_with_quota - allowed) * 100 / allowed).quantize(Decimal("0.1"), ROUND_HALF_UP) \
            if allowed else None
        out.append(DriverEconomy(person, n, litres, km, per_100km(litres, km), allowed, over))
    return out


def economy_by_month(vehicle: Vehicle, months: int = 12, today: date | None = None) -> list[tuple[str, Economy]]:
    today = today or date.today()
    out = []
    y, m = today.year, today.month
    for _ in range(months):
        first = date(y, m, 1)
        out.append((f"{y}-{m:02d}", economy(vehicle, first, last_day(y, m))))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]
