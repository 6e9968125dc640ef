"""首页: the office at a glance, computed in one place for the dashboard and the CLI.

Every item the page lists carries a ``Link``: which tab holds its record and which record it is,
so that clicking it opens the record."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TASK_OPEN
from govoffice_desktop.models.ratings import EXPLAIN
from govoffice_desktop.models.staff import OFF_STAFF
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.ratings import CLOSED, Explanation, RatingPeriod, period_label
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask
from govoffice_desktop.services import campaigns, fleet, workdays
from govoffice_desktop.services.documents import speed as documents_speed
from govoffice_desktop.services.staff import rank_due, shown_status_expr
from govoffice_desktop.services.supervision import DUE_SOON_DAYS, month_scores, tasks_needing_attention

REMINDER_DAYS = 30


@dataclass(frozen=True)
class Link:
    """Where an item's record is: the tab (its key), the kind of record, and which one.

    kinds: ("supervision", "task", task id), ("documents", "incoming", 收文 id), ("supervision", "ranking", (year, month, section id)),
    ("staff", "person", person id), ("fleet", "vehicle", vehicle id),
    ("ratings", "explanation", (period id, section id))."""

    tab: str
    kind: str
    key: object


@dataclass
class Reminder:
    when: date
    subject: str  # a plate or a person's name
    kind: str  # 年检, 保险, 保养, 驾驶证, 定职级, 评议后三名说明情况, 连续三次最差调离决定
    overdue: bool
    link: Link | None = None

    @property
    def area(self) -> str:
        """Which list of 首页 it belongs to: "rank", "explanation" or "vehicle" (licences too)."""
        if self.kind == "定职级":
            return "rank"
        if self.link is not None and self.link.kind == "explanation":
            return "explanation"
        return "vehicle"


@dataclass
class QuotaAlert:
    """A vehicle whose fuel economy was over its quota (by more than the office's threshold) in a month."""

    vehicle_id: int
    plate: str
    month: str  # 2026-11
    this_month: bool
    l_per_100km: Decimal
    quota: Decimal
    over_pct: Decimal

    @property
    def link(self) -> Link:
        return Link("fleet", "vehicle", self.vehicle_id)


@dataclass
class RankingRow:
    """One line of the month's supervision ranking."""

    rank: int
    section_id: int
    section: str
    score: Decimal
    change: int | None  # places moved since the month before (+ up)
    year: int
    month: int
    days: int = 0  # days checked in the month

    @property
    def link(self) -> Link:
        return Link("supervision", "ranking", (self.year, self.month, self.section_id))


@dataclass
class Overview:
    today: date
    sections: int
    staff_by_status: dict[str, int]
    vehicles: int
    fuel_month_litres: Decimal
    fuel_month_amount: Decimal
    tasks_open: int
    tasks_overdue: int
    tasks_due_soon: int
    streaks: list[campaigns.Streak]
    driving: campaigns.DrivingSummary | None = None  # 万里行车无事故 per driver
    reminders: list[Reminder] = field(default_factory=list)
    attention: list[dict] = field(default_factory=list)  # tasks red or yellow today (supervision.task_row)
    over_quota: list[QuotaAlert] = field(default_factory=list)
    ranking_month: tuple[int, int] | None = None  # the latest month with checks
    ranking: list[RankingRow] = field(default_factory=list)
    ranking_days: int = 0  # the days of checks the ranking rests on (few early in a month)
    documents_overdue: list = field(default_factory=list)  # 收文 past their limit today (speed.OverdueDocument)
    unscheduled_years: list[int] = field(default_factory=list)  # years whose 节假日安排 the administrator should enter

    def reminders_of(self, area: str) -> list[Reminder]:
        return [r for r in self.reminders if r.area == area]

    @property
    def is_empty(self) -> bool:
        """Nothing entered yet: no sections, staff or vehicles."""
        return not (self.sections or self.staff_by_status or self.vehicles)

    @property
    def staff(self) -> int:
        return sum(n for status, n in self.staff_by_status.items() if status not in OFF_STAFF)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def reminders(today: date, vehicles: list[Vehicle] | None = None) -> list[Reminder]:
    """Vehicle inspections, insurance and services, driving licences, and ranks to fix six months
    after a transfer in (以实绩定职级), due within 30 days or overdue (``vehicles``: those in use,
    when the caller has read them)."""
    horizon = today + timedelta(days=REMINDER_DAYS)
    out: list[Reminder] = []
    in_use = fleet.vehicles() if vehicles is None else vehicles
    for v in sorted(in_use, key=lambda v: v.id):  # as entered: the order of reminders on one day
        for due, label in ((v.inspection_due, "年检"), (v.insurance_due, "保险"), (v.service_due, "保养")):
            if due is not None and due <= horizon:
                out.append(Reminder(due, v.plate, label, due < today, Link("fleet", "vehicle", v.id)))
    drivers = Person.select().where(Person.is_driver, Person.licence_expiry.is_null(False),
                                    Person.licence_expiry <= horizon, Person.status.not_in(OFF_STAFF))
    for p in drivers:
        out.append(Reminder(p.licence_expiry, p.name, "驾驶证", p.licence_expiry < today,
                            Link("staff", "person", p.id)))
    for d in rank_due(today, REMINDER_DAYS):
        out.append(Reminder(d.due, d.person.name, "定职级", d.overdue, Link("staff", "person", d.person.id)))
    out.extend(explanation_reminders(today))
    out.sort(key=lambda r: r.when)
    return out


def explanation_reminders(today: date) -> list[Reminder]:
    """后三名说明情况 and 调离 decisions not yet done: shown until they are, whatever the date."""
    out = []
    pending = (Explanation.select(Explanation, RatingPeriod, Section)
               .join(RatingPeriod).switch(Explanation).join(Section)
               .where(Explanation.received_on.is_null(), RatingPeriod.status == CLOSED))  # asked by the closing
    for e in pending:
        who = e.person.name if e.person_id else "负责人未定"
        kind = "评议后三名说明情况" if e.kind == EXPLAIN else "连续三次最差调离决定"
        subject = f"{e.section.name}（{who}，{period_label(e.period.year, e.period.quarter)}）"
        due = e.due_on or today
        out.append(Reminder(due, subject, kind, due < today,
                            Link("ratings", "explanation", (e.period_id, e.section_id))))
    return out


def document_link(document_id: int) -> Link:
    """A 收文 in the tab 文电办理."""
    return Link("documents", "incoming", document_id)


def task_link(task_id: int) -> Link:
    return Link("supervision", "task", task_id)


def attention_tasks(today: date) -> list[dict]:
    """督办事项 red (overdue) or yellow (due within 3 days) today, most urgent first."""
    return tasks_needing_attention(today)


def over_quota(today: date, vehicles: list[Vehicle] | None = None) -> list[QuotaAlert]:
    """Vehicles in use over their fuel quota this month or last (the figure of the complete
    full-to-full stretches ending in the month, flagged over the office's threshold; ``vehicles``:
    those in use, when the caller has read them)."""
    this_first = _month_start(today)
    last_first = _month_start(this_first - timedelta(days=1))
    months = [(this_first, _next_month(this_first) - timedelta(days=1), True),
              (last_first, this_first - timedelta(days=1), False)]
    out = []
    vehicles = fleet.vehicles() if vehicles is None else vehicles
    threshold = fleet.setting_decimal(fleet.OVER_QUOTA_KEY, fleet.DEFAULT_OVER_QUOTA_PCT)
    # both months of every vehicle from one read of their fills (fleet.economies_of); only a vehicle
    # filled up in the month has a figure for it (a stretch ends with a fill)
    found = fleet.economies_of([(first, last) for first, last, _this in months], vehicles, threshold)
    for (first, _last, this_month), economies in zip(months, found):
        for vehicle in vehicles:
            e = economies[vehicle.id]
            if e.refuels and e.flagged and e.measured_litres and e.l_per_100km is not None:
                out.append(QuotaAlert(vehicle.id, vehicle.plate, f"{first.year}-{first.month:02d}", this_month,
                                      e.l_per_100km, e.quota, e.over_quota_pct))
    out.sort(key=lambda a: (not a.this_month, -a.over_pct, a.plate))
    return out


def supervision_ranking(today: date | None = None) -> tuple[tuple[int, int] | None, list[RankingRow]]:
    """The sections ranked by their monthly supervision score in the latest month with checks
    (not after ``today``'s month), with the change in rank since the month before."""
    today = today or date.today()
    latest = (DailyCheck.select(pw.fn.MAX(DailyCheck.checked_on))  # one seek, not one a month of history
              .where(DailyCheck.checked_on < _next_month(_month_start(today))).scalar())
    if latest is None:
        return None, []
    latest = DailyCheck.checked_on.adapt(latest)
    year, month = latest.year, latest.month
    rows = [RankingRow(s.rank, s.section.id, s.section.name, s.score, s.change, year, month, s.days)
            for s in month_scores(year, month)]
    return (year, month), rows


def checked_days(year: int, month: int) -> int:
    """How many days of ``month`` had checks: the days its ranking rests on."""
    first = date(year, month, 1)
    return (DailyCheck.select(DailyCheck.checked_on).distinct()
            .where(DailyCheck.checked_on >= first, DailyCheck.checked_on < _next_month(first)).count())


def task_counts(today: date) -> tuple[int, int, int]:
    """督办事项 办理中: how many, how many overdue, how many due within the yellow days (one statement)."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    late = pw.fn.SUM(pw.Case(None, [(SupervisedTask.deadline < today, 1)], 0))
    due = pw.fn.SUM(pw.Case(None, [(SupervisedTask.deadline.between(today, soon), 1)], 0))
    count, overdue, due_soon = (SupervisedTask.select(pw.fn.COUNT(SupervisedTask.id), late, due)
                                .where(SupervisedTask.status == TASK_OPEN).tuples().get())
    return count, int(overdue or 0), int(due_soon or 0)


def overview(today: date | None = None) -> Overview:
    today = today or date.today()
    month_start = _month_start(today)
    fuel = (Refuel.select(pw.fn.COALESCE(pw.fn.SUM(Refuel.litres), 0), pw.fn.COALESCE(pw.fn.SUM(Refuel.amount), 0))
            .where(Refuel.filled_at >= month_start, Refuel.filled_at < _next_month(month_start)).tuples().get())
    tasks_open, tasks_overdue, tasks_due_soon = task_counts(today)
    vehicles = fleet.vehicles()  # in use: counted, their dates and their quotas, read once
    shown = shown_status_expr()  # 待定职级 counted as the staff list shows it
    by_status = dict(Person.select(shown, pw.fn.COUNT(Person.id)).group_by(shown).tuples())
    ranking_month, ranking = supervision_ranking(today)
    # once, for the campaigns' line and 万里行车无事故 beside it (which show no day a target was reached)
    drivers = campaigns.drive_runs(reaches_from=None)
    return Overview(
        today=today,
        sections=Section.select().where(Section.active).count(),
        staff_by_status=by_status,
        vehicles=len(vehicles),
        fuel_month_litres=Refuel.litres.python_value(fuel[0]),
        fuel_month_amount=Refuel.amount.python_value(fuel[1]),
        tasks_open=tasks_open,
        tasks_overdue=tasks_overdue,
        tasks_due_soon=tasks_due_soon,
        streaks=campaigns.all_streaks(drivers=drivers),
        driving=campaigns.driving_summary(drivers),
        reminders=reminders(today, vehicles),
        attention=attention_tasks(today),
        over_quota=over_quota(today, vehicles),
        ranking_month=ranking_month,
        ranking=ranking,
        ranking_days=checked_days(*ranking_month) if ranking_month else 0,
        documents_overdue=documents_speed.overdue_documents(today),
        unscheduled_years=workdays.unscheduled_years(today),
    )
