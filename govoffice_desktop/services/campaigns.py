"""The four zero-defect campaigns: 万页文稿无差错, 万里行车无事故, 百次会议无失误, 百次电话无差错.

Each is a running count since the last defect, with the longest run so far and the goal.  One
walk (``walk``) counts every run; each campaign only says what counts and what breaks it:

- 万页文稿无差错: pages of documents issued without an error found after issue (印发后发现).
  Errors caught at proof-reading (校对发现) count for the error rate and the deduction, not here.
  Per typist, and for the typing pool (文印室).
- 万里行车无事故: per driver and per vehicle, the distance since that driver's (that vehicle's) last
  accident with 全部、主要或同等责任 (not 违章, not an accident others caused), in 里 with km beside:
  1 里 = 0.5 km, so the office's target of 10,000 里 is 5,000 km.
- 百次会议无失误, 百次电话无差错: the office's meetings and calls, as counts.

A run that reaches its target is recorded once (``CampaignReach``: the day, who, which campaign)
by the closing of the month it happened in (文印考核 for typists, 车辆奖惩 for drivers and
vehicles), in the closing's transaction, with a 表彰 posted to the reward/penalty ledger when the
rule (奖惩规定 ``typing_campaign_reward`` / ``driving_campaign_reward``) is on.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Iterable

from govoffice_desktop.models.campaigns import (CAMPAIGN_DRIVING, CAMPAIGN_TYPING, SUBJECT_DRIVER, SUBJECT_TYPIST,
                                                SUBJECT_VEHICLE, CampaignReach)
from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.fleet import Incident, Trip, Vehicle
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.staff import OFF_STAFF, Person
from govoffice_desktop.models.supervision import MeetingLog, PhoneLog
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import months
from govoffice_desktop.services.rules import rule_amount

KM_PER_LI = Decimal("0.5")  # 1 里 = 0.5 km, so 万里 = 5,000 km
AT_FAULT = ("全部责任", "主要责任", "同等责任")  # an accident with these resets 万里行车无事故
SAFE_TARGET_KEY = "fleet.safe_target_li"
DEFAULT_SAFE_TARGET_LI = Decimal(10000)
TARGET_PAGES = 10000  # 万页文稿无差错
POOL = "文印室"
OFFICE = "全办"
NOT_ON_FILE = "未建档"
REWARD_RULES = {CAMPAIGN_TYPING: "typing_campaign_reward", CAMPAIGN_DRIVING: "driving_campaign_reward"}


def setting_decimal(key: str, default: Decimal) -> Decimal:
    row = Setting.get_or_none(Setting.key == key)
    try:
        return Decimal(row.value) if row and row.value else default
    except ArithmeticError:
        return default


def target_li() -> Decimal:
    """The office's 万里 target in 里 (a setting of 车辆 → 设置, 10,000 unless changed)."""
    return setting_decimal(SAFE_TARGET_KEY, DEFAULT_SAFE_TARGET_LI)


# ================================================================ the one walk
@dataclass
class Walk:
    """What a walk through one runner's events found."""
    current: Decimal = Decimal(0)  # since the last defect
    longest: Decimal = Decimal(0)
    defects: int = 0
    last_defect: date | None = None
    since: date | None = None  # the day of the last defect, else of the first event
    reaches: list[tuple[date, Decimal, date | None]] = field(default_factory=list)  # (day, run then, run from)


def walk(events: Iterable[tuple], target: Decimal | None = None) -> Walk:
    """Given (amount, is_defect, when) in time order: the run since the last defect, the longest,
    the defects, and each day a run reached ``target`` (once per run).  A defective event breaks
    the run; its own amount counts toward no run."""
    out = Walk()
    first = True
    reached = False
    for amount, defect, when in events:
        if isinstance(when, datetime):
            when = when.date()
        if first:
            out.since, first = when, False
        if defect:
            out.defects += 1
            out.current = Decimal(0)
            out.since = out.last_defect = when
            reached = False
            continue
        out.current += Decimal(amount or 0)
        out.longest = max(out.longest, out.current)
        if target is not None and not reached and out.current >= target:
            reached = True
            out.reaches.append((when, out.current, out.since))
    return out


def streak(events: Iterable[tuple]) -> tuple[Decimal, Decimal, int, date | None]:
    """(current run, longest run, defects, since) of ``walk``."""
    w = walk(events)
    return w.current, w.longest, w.defects, w.since


@dataclass(frozen=True)
class Streak:
    """A campaign as one line: the count since the last defect, the longest, the goal."""
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


# ================================================================ 万页文稿无差错
@dataclass
class PageRun:
    """One typist's (or the pool's) pages since the last document with an error found after issue."""
    name: str  # a typist, or 文印室 for the pool
    current: int
    longest: int
    errors: int  # documents with an error found after issue, ever
    last_error_on: date | None  # the day of the last such document
    since: date | None = None
    reaches: list[tuple[date, Decimal, date | None]] = field(default_factory=list)
    person_id: int | None = None

    @property
    def progress(self) -> Decimal:
        return min(Decimal(1), Decimal(self.current) / TARGET_PAGES)

    @property
    def reached(self) -> bool:
        return self.current >= TARGET_PAGES

    @property
    def reached_on(self) -> date | None:
        """The day the current run reached 10,000 pages."""
        return self.reaches[-1][0] if self.reached and self.reaches else None


def _page_run(name: str, logs, person_id: int | None = None) -> PageRun:
    w = walk(((pages, after > 0, day) for pages, after, day in logs), Decimal(TARGET_PAGES))
    return PageRun(name, int(w.current), int(w.longest), w.defects, w.last_defect, w.since, w.reaches, person_id)


def _typing_logs(until: date | None = None):
    query = TypingLog.select(TypingLog.typist, TypingLog.pages, TypingLog.errors_after_issue, TypingLog.typed_on)
    if until is not None:
        query = query.where(TypingLog.typed_on <= until)
    day = _memo(TypingLog.typed_on.adapt)
    return [(t, p, a, day(d)) for t, p, a, d in database.execute(query.order_by(TypingLog.typed_on, TypingLog.id))]


def _memo(convert):
    """``convert`` remembering what it gave: the raw rows of a ledger repeat each day many times."""
    seen: dict = {}

    def once(value):
        try:
            return seen[value]
        except KeyError:
            seen[value] = out = convert(value)
            return out
    return once


def page_runs(until: date | None = None, include_gone: bool = False) -> list[PageRun]:
    """万页文稿无差错 for the typing pool (first) and each typist (in the pool now, or every one
    who ever was with ``include_gone``), up to the day ``until`` (a month's printout) or all."""
    logs = _typing_logs(until)
    out = [_page_run(POOL, [(p, a, d) for _t, p, a, d in logs])]
    of_typist: dict[int | None, list] = defaultdict(list)  # sorted out in one pass, in time order
    for t, p, a, d in logs:
        of_typist[t].append((p, a, d))
    people = Person.select().where(Person.is_typist).order_by(Person.name)
    if not include_gone:
        people = people.where(Person.status.not_in(OFF_STAFF))
    for person in people:
        out.append(_page_run(person.name, of_typist.get(person.id, []), person.id))
    return out


def typing_streak(typist_id: int | None = None, until: date | None = None) -> Streak:
    """万页文稿无差错 as a campaign line (the pool, or one typist), up to the day ``until`` or all."""
    logs = [(p, a, d) for t, p, a, d in _typing_logs(until) if typist_id is None or t == typist_id]
    w = walk((pages, after > 0, day) for pages, after, day in logs)
    return Streak("typing", w.current, w.longest, Decimal(TARGET_PAGES), "页", w.defects, w.since)


# ================================================================ 万里行车无事故
@dataclass
class DriveRun:
    """One driver's (or vehicle's) distance since the last at-fault accident."""
    name: str
    km: Decimal  # since the last at-fault accident (or the first trip)
    last_accident: date | None
    target_li: Decimal
    subject: str = SUBJECT_DRIVER  # 驾驶员, 车辆, or 全办 for the whole office
    person_id: int | None = None
    vehicle_id: int | None = None
    longest_km: Decimal = Decimal(0)
    since: date | None = None
    reaches: list[tuple[date, Decimal, date | None]] = field(default_factory=list)  # (day, km then, run from)
    on_file: bool = True

    @property
    def li(self) -> Decimal:
        return (self.km / KM_PER_LI).quantize(Decimal("0.1"))

    @property
    def progress(self) -> Decimal:
        return min(Decimal(1), self.li / self.target_li) if self.target_li else Decimal(0)

    @property
    def reached(self) -> bool:
        return self.target_li > 0 and self.li >= self.target_li

    @property
    def reached_on(self) -> date | None:
        """The day the current run reached the target."""
        return self.reaches[-1][0] if self.reached and self.reaches else None


def _drive_run(name: str, trips, accidents, target: Decimal, **kw) -> DriveRun:
    """From (day, km) trips and the days of at-fault accidents: an accident on a day falls after
    that day's trips."""
    events = sorted([((day, 0), km or 0, False) for day, km in trips]
                    + [((day, 1), 0, True) for day in accidents], key=lambda e: e[0])
    w = walk(((amount, defect, key[0]) for key, amount, defect in events), target * KM_PER_LI)
    return DriveRun(name, w.current, w.last_defect, target, longest_km=w.longest, since=w.since,
                    reaches=w.reaches, **kw)


def drive_runs(target: Decimal | None = None, vehicles: bool = False, until: date | None = None) -> list[DriveRun]:
    """Each driver (in service, by name; then drivers named in an imported log with no staff file,
    marked 未建档), and with ``vehicles`` each vehicle not scrapped (by plate): the distance since
    their own last at-fault accident; another driver's accident resets neither him nor his car's
    other drivers.  Up to the day ``until`` (a month's printout), or all."""
    target = target_li() if target is None else target
    until = until or date.max
    day, km = _memo(Trip.trip_date.adapt), Trip.distance_km.python_value
    trips = [(p, n, v, day(d), km(k)) for p, n, v, d, k in database.execute(
             Trip.select(Trip.driver, Trip.driver_name, Trip.vehicle, Trip.trip_date, Trip.distance_km)
             .where(Trip.trip_date <= until))]
    crashes = [(p, n, v, Incident.occurred_on.adapt(d)) for p, n, v, d in
               Incident.select(Incident.driver, Incident.driver_name, Incident.vehicle, Incident.occurred_on)
               .where(Incident.kind == "事故", Incident.responsibility.in_(AT_FAULT), Incident.occurred_on <= until)
               .tuples()]
    # Each runner's trips and accidents, in the order read, sorted out in one pass (not one pass
    # over every trip for each driver, name and vehicle).
    trips_of: dict[tuple, list] = defaultdict(list)
    crashes_of: dict[tuple, list] = defaultdict(list)
    for p, n, v, d, k in trips:
        trips_of["driver", p if p is not None else n].append((d, k))
        trips_of["vehicle", v].append((d, k))
    for p, n, v, d in crashes:
        crashes_of["driver", p if p is not None else n].append(d)
        crashes_of["vehicle", v].append(d)
    out = []
    for person in Person.select().where(Person.is_driver, Person.status.not_in(OFF_STAFF)).order_by(Person.name):
        out.append(_drive_run(person.name, trips_of.get(("driver", person.id), []),
                              crashes_of.get(("driver", person.id), []), target, person_id=person.id))
    for name in sorted({n for p, n, _v, _d, _k in trips if p is None and n}):
        out.append(_drive_run(f"{name}（{NOT_ON_FILE}）", trips_of.get(("driver", name), []),
                              crashes_of.get(("driver", name), []), target, on_file=False))
    if vehicles:
        for vehicle in Vehicle.select().where(Vehicle.status != "报废").order_by(Vehicle.plate):
            out.append(_drive_run(vehicle.plate, trips_of.get(("vehicle", vehicle.id), []),
                                  crashes_of.get(("vehicle", vehicle.id), []), target,
                                  subject=SUBJECT_VEHICLE, vehicle_id=vehicle.id))
    return out


def office_run(target: Decimal | None = None, until: date | None = None) -> DriveRun:
    """The whole office's distance since its last at-fault accident (for the 车辆 page; the
    campaign itself is per driver), up to the day ``until`` or all."""
    target = target_li() if target is None else target
    until = until or date.max
    trips = [(Trip.trip_date.adapt(d), k) for d, k in
             Trip.select(Trip.trip_date, Trip.distance_km).where(Trip.trip_date <= until).tuples()]
    crashes = [Incident.occurred_on.adapt(d) for (d,) in Incident.select(Incident.occurred_on)
               .where(Incident.kind == "事故", Incident.responsibility.in_(AT_FAULT), Incident.occurred_on <= until)
               .tuples()]
    return _drive_run(OFFICE, trips, crashes, target, subject=OFFICE)


def _at_fault(until: date | None = None):
    """The office's at-fault accidents, up to the day ``until`` or all."""
    return Incident.select().where(Incident.kind == "事故", Incident.responsibility.in_(AT_FAULT),
                                   Incident.occurred_on <= (until or date.max))


def last_accident(until: date | None = None) -> Incident | None:
    """The office's latest at-fault accident (up to the day ``until``)."""
    return (_at_fault(until)
            .order_by(Incident.occurred_on.desc(), Incident.id.desc()).first())


@dataclass
class DrivingSummary:
    """万里行车无事故 on 首页: how many drivers have reached the target, who is nearest, the last accident."""
    target_li: Decimal
    drivers: list[DriveRun]
    reached: list[DriveRun]
    nearest: DriveRun | None  # the driver not there yet with the most 里
    last_accident: Incident | None


def driving_summary(runs: list[DriveRun] | None = None) -> DrivingSummary:
    """From ``drive_runs()``, or the drivers among ``runs`` already computed (with the vehicles)."""
    drivers = drive_runs() if runs is None else [r for r in runs if r.subject == SUBJECT_DRIVER]
    reached = [d for d in drivers if d.reached]
    waiting = sorted((d for d in drivers if not d.reached), key=lambda d: (-d.km, d.name))
    return DrivingSummary(target_li(), drivers, reached, waiting[0] if waiting else None, last_accident())


def driving_streak(until: date | None = None, drivers: list[DriveRun] | None = None) -> Streak:
    """万里行车无事故 as a campaign line: the driver furthest on, in 里, against 10,000 里 (up to the
    day ``until``, or all); from ``drivers`` when the caller has them (``drive_runs(until=until)``)."""
    target = target_li()
    drivers = drive_runs(target, until=until) if drivers is None else drivers
    best = max(drivers, key=lambda d: (d.km, d.name), default=None)
    accident = last_accident(until)
    return Streak("driving", best.li if best else Decimal(0),
                  max(((d.longest_km / KM_PER_LI).quantize(Decimal("0.1")) for d in drivers), default=Decimal(0)),
                  target, "里", _at_fault(until).count(),
                  best.since if best else (accident.occurred_on if accident else None))


# ================================================================ 百次
def meeting_streak(until: date | None = None) -> Streak:
    """百次会议无失误 (up to the day ``until``, or all)."""
    query = (MeetingLog.select(MeetingLog.slip, MeetingLog.held_on).where(MeetingLog.held_on <= (until or date.max))
             .order_by(MeetingLog.held_on, MeetingLog.id))
    cur, longest, defects, since = streak((1, slip, MeetingLog.held_on.adapt(day)) for slip, day in query.tuples())
    return Streak("meetings", cur, longest, Decimal(100), "次", defects, since)


def phone_streak(until: date | None = None) -> Streak:
    """百次电话无差错 (up to the day ``until``, or all)."""
    query = PhoneLog.select(PhoneLog.error, PhoneLog.called_at).order_by(PhoneLog.called_at, PhoneLog.id)
    if until is not None:
        query = query.where(PhoneLog.called_at < datetime.combine(until + timedelta(days=1), time.min))
    cur, longest, defects, since = streak((1, err, PhoneLog.called_at.adapt(at)) for err, at in query.tuples())
    return Streak("phones", cur, longest, Decimal(100), "次", defects, since)


def all_streaks(until: date | None = None, drivers: list[DriveRun] | None = None) -> list[Streak]:
    """The four campaigns, up to the day ``until`` (a month's 专报: its last day) or all; the
    drivers' runs from ``drivers`` when the caller has them."""
    return [typing_streak(until=until), driving_streak(until, drivers), meeting_streak(until), phone_streak(until)]


# ================================================================ targets reached, recorded at the closing
@dataclass
class Reach:
    """A target reached in a month, not yet recorded: what the closing records (and rewards)."""
    campaign: str
    subject: str
    name: str
    reached_on: date
    figure: Decimal  # pages, or 里
    unit: str
    run_from: date | None
    person_id: int | None = None
    vehicle_id: int | None = None
    reward: Decimal = Decimal("0.00")


def month_reaches(campaign: str, year: int, month: int) -> list[Reach]:
    """The targets of ``campaign`` reached in the month and not recorded yet, with the 表彰 the
    rule in force on the month's last day gives each typist or driver on file (none for a vehicle)."""
    first, last = months.bounds(year, month)
    amount = rule_amount(REWARD_RULES[campaign], last)
    found: list[Reach] = []
    if campaign == CAMPAIGN_TYPING:
        for run in page_runs(include_gone=True)[1:]:
            found += [Reach(campaign, SUBJECT_TYPIST, run.name, day, figure, "页", start, person_id=run.person_id)
                      for day, figure, start in run.reaches if first <= day <= last]
    else:
        for run in drive_runs(vehicles=True):
            found += [Reach(campaign, run.subject, run.name, day, (km / KM_PER_LI).quantize(Decimal("0.1")), "里",
                            start, person_id=run.person_id, vehicle_id=run.vehicle_id)
                      for day, km, start in run.reaches if first <= day <= last]
    done = set(CampaignReach.select(CampaignReach.subject, CampaignReach.name, CampaignReach.reached_on)
               .where(CampaignReach.campaign == campaign).tuples())
    out = [r for r in found if (r.subject, r.name, r.reached_on) not in done]
    for r in out:
        if r.person_id is not None and amount:
            r.reward = amount
    return out


CAMPAIGN_NAMES = {CAMPAIGN_TYPING: "万页文稿无差错", CAMPAIGN_DRIVING: "万里行车无事故", "meetings": "百次会议无失误",
                  "phones": "百次电话无差错"}


def reward_rows(reaches: list[Reach], category: str, source_table: str, year: int, month: int) -> list[dict]:
    """The 表彰 entries of a closing, dated the month's last day, for the closing to post."""
    last = months.bounds(year, month)[1]
    return [dict(person=r.person_id, entry_date=last, category=category, amount=r.reward,
                 reason=f"{CAMPAIGN_NAMES[r.campaign]}表彰：{r.reached_on} 达到 {r.figure.normalize():f} {r.unit}"[:200],
                 source_table=source_table, source_id=year * 100 + month, entered_by=current_user())
            for r in reaches if r.reward]


def record_reaches(reaches: list[Reach], year: int, month: int) -> None:
    """Record them (inside the closing's transaction)."""
    now = datetime.now()
    CampaignReach.bulk_insert([dict(campaign=r.campaign, subject=r.subject, person=r.person_id, vehicle=r.vehicle_id,
                                    name=r.name[:30], reached_on=r.reached_on, run_from=r.run_from, figure=r.figure,
                                    unit=r.unit, reward=r.reward, closed_in=year * 100 + month, recorded_at=now,
                                    recorded_by=current_user()) for r in reaches])


def withdraw_reaches(campaign: str, year: int, month: int) -> None:
    """A reopened month: the records its closing wrote go (its 表彰 go with its other entries)."""
    CampaignReach.delete_where((CampaignReach.campaign == campaign) & (CampaignReach.closed_in == year * 100 + month))


def recorded_reaches(campaign: str | None = None, until: date | None = None) -> list[CampaignReach]:
    """Every target reached and recorded (up to the day ``until``), latest first."""
    query = CampaignReach.select().order_by(CampaignReach.reached_on.desc(), CampaignReach.id.desc())
    if until is not None:
        query = query.where(CampaignReach.reached_on <= until)
    if campaign is not None:
        query = query.where(CampaignReach.campaign == campaign)
    return list(query)
