"""The four zero-defect campaigns: 万页文稿无差错, 万里行车无事故, 百次会议无失误, 百次电话无差错.

Each is a running count since the last defect, with the longest run so far and the goal.
One function computes every streak; each campaign only says what counts and what breaks it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

from govoffice_desktop.models.fleet import Incident, Trip
from govoffice_desktop.models.supervision import MeetingLog, PhoneLog
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services.fleet import AT_FAULT, DEFAULT_SAFE_TARGET_LI, SAFE_TARGET_KEY, setting_decimal

KM_PER_LI = Decimal("0.5")  # 1 里 = 0.5 km, so 万里 = 5,000 km


@dataclass(frozen=True)
class Streak:
    code: str
    current: Decimal  # since the last defect
    longest: Decimal
    goal: Decimal
    unit: str
    defects: int
    since: date | None = None  # the day of the last defect (the run counts from it), else of the first record

    @property
    def progress(self) -> float:
        """Share of the goal reached by the current run, 0.0–1.0 (for a progress bar)."""
        if self.goal <= 0:
            return 0.0
        return float(min(self.current / self.goal, Decimal(1)))


def streak(events: Iterable[tuple]) -> tuple[Decimal, Decimal, int, date | None]:
    """Given (amount, is_defect, when) in time order, return (current run, longest run, defects,
    since): ``since`` is the day of the last defect, or of the first event when there was none.

    A defective event breaks the run; its own amount does not count toward any run.
    """
    current = longest = Decimal(0)
    defects = 0
    since = None
    first = True
    for amount, defect, when in events:
        if isinstance(when, datetime):
            when = when.date()
        if first:
            since, first = when, False
        if defect:
            defects += 1
            current = Decimal(0)
            since = when
            continue
        current += Decimal(amount or 0)
        longest = max(longest, current)
    return current, longest, defects, since


def typing_streak(typist_id: int | None = None) -> Streak:
    """万页文稿无差错: pages since the last document with an error (per typist or the pool)."""
    query = (TypingLog.select(TypingLog.pages, TypingLog.errors, TypingLog.typed_on)
             .order_by(TypingLog.typed_on, TypingLog.id))
    if typist_id is not None:
        query = query.where(TypingLog.typist == typist_id)
    cur, longest, defects, since = streak((pages, errors > 0, TypingLog.typed_on.adapt(day))
                                          for pages, errors, day in query.tuples())
    return Streak("typing", cur, longest, Decimal(10000), "页", defects, since)


def driving_streak(vehicle_id: int | None = None, driver_id: int | None = None) -> Streak:
    """万里行车无事故: km driven since the last accident the driver was at fault in (事故 with 全部、
    主要或同等责任; not 违章, not an accident others caused); goal 10,000 里 = 5,000 km."""
    trips = Trip.select(Trip.trip_date, Trip.distance_km)
    accidents = Incident.select(Incident.occurred_on).where(Incident.kind == "事故",
                                                            Incident.responsibility.in_(AT_FAULT))
    if vehicle_id is not None:
        trips = trips.where(Trip.vehicle == vehicle_id)
        accidents = accidents.where(Incident.vehicle == vehicle_id)
    if driver_id is not None:
        trips = trips.where(Trip.driver == driver_id)
        accidents = accidents.where(Incident.driver == driver_id)
    # An accident on a day falls after that day's trips: sort key (date, 1) vs (date, 0).
    events = [((Trip.trip_date.adapt(d), 0), km or 0, False) for d, km in trips.tuples()]
    events += [((Incident.occurred_on.adapt(d), 1), 0, True) for (d,) in accidents.tuples()]
    events.sort(key=lambda e: e[0])
    cur, longest, defects, since = streak((amount, defect, key[0]) for key, amount, defect in events)
    goal = setting_decimal(SAFE_TARGET_KEY, DEFAULT_SAFE_TARGET_LI) * KM_PER_LI  # the office's target, in km
    return Streak("driving", cur, longest, goal, "公里", defects, since)


def meeting_streak() -> Streak:
    """百次会议无失误."""
    query = MeetingLog.select(MeetingLog.slip, MeetingLog.held_on).order_by(MeetingLog.held_on, MeetingLog.id)
    cur, longest, defects, since = streak((1, slip, MeetingLog.held_on.adapt(day)) for slip, day in query.tuples())
    return Streak("meetings", cur, longest, Decimal(100), "次", defects, since)


def phone_streak() -> Streak:
    """百次电话无差错."""
    query = PhoneLog.select(PhoneLog.error, PhoneLog.called_at).order_by(PhoneLog.called_at, PhoneLog.id)
    cur, longest, defects, since = streak((1, err, PhoneLog.called_at.adapt(at)) for err, at in query.tuples())
    return Streak("phones", cur, longest, Decimal(100), "次", defects, since)


def all_streaks() -> list[Streak]:
    return [typing_streak(), driving_streak(), meeting_streak(), phone_streak()]
