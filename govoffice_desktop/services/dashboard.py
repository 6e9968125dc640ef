"""首页: the office at a glance, computed in one place for the dashboard and the CLI."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services import campaigns
from govoffice_desktop.services.supervision import DUE_SOON_DAYS

REMINDER_DAYS = 30


@dataclass
class Reminder:
    when: date
    subject: str  # a plate or a person's name
    kind: str  # 年检, 保险, 保养, 驾驶证, 定职级
    overdue: bool


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
    reminders: list[Reminder] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing entered yet: no sections, staff or vehicles."""
        return not (self.sections or self.staff_by_status or self.vehicles)

    @property
    def staff(self) -> int:
        return sum(n for status, n in self.staff_by_status.items() if status not in ("调离", "退休"))


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def reminders(today: date) -> list[Reminder]:
    """Vehicle inspections, insurance and services, driving licences, and ranks to fix six months
    after a transfer in (以实绩定职级), due within 30 days or overdue."""
    from govoffice_desktop.services.staff import rank_due

    horizon = today + timedelta(days=REMINDER_DAYS)
    out: list[Reminder] = []
    for v in Vehicle.select().where(Vehicle.status != "报废"):
        for due, label in ((v.inspection_due, "年检"), (v.insurance_due, "保险"), (v.service_due, "保养")):
            if due is not None and due <= horizon:
                out.append(Reminder(due, v.plate, label, due < today))
    drivers = Person.select().where(Person.is_driver, Person.licence_expiry.is_null(False),
                                    Person.licence_expiry <= horizon, Person.status.not_in(["调离", "退休"]))
    for p in drivers:
        out.append(Reminder(p.licence_expiry, p.name, "驾驶证", p.licence_expiry < today))
    for d in rank_due(today, REMINDER_DAYS):
        out.append(Reminder(d.due, d.person.name, "定职级", d.overdue))
    out.extend(explanation_reminders(today))
    out.sort(key=lambda r: r.when)
    return out


def explanation_reminders(today: date) -> list[Reminder]:
    """后三名说明情况 and 调离 decisions not yet done: shown until they are, whatever the date."""
    from govoffice_desktop.models.ratings import Explanation, RatingPeriod, period_label

    out = []
    pending = (Explanation.select(Explanation, RatingPeriod, Section)
               .join(RatingPeriod).switch(Explanation).join(Section)
               .where(Explanation.received_on.is_null()))
    for e in pending:
        who = e.person.name if e.person_id else "负责人未定"
        kind = "评议后三名说明情况" if e.kind == "说明情况" else "连续三次最差调离决定"
        subject = f"{e.section.name}（{who}，{period_label(e.period.year, e.period.quarter)}）"
        due = e.due_on or today
        out.append(Reminder(due, subject, kind, due < today))
    return out


def overview(today: date | None = None) -> Overview:
    today = today or date.today()
    month_start = _month_start(today)
    fuel = (Refuel.select(pw.fn.COALESCE(pw.fn.SUM(Refuel.litres), 0), pw.fn.COALESCE(pw.fn.SUM(Refuel.amount), 0))
            .where(Refuel.filled_at >= month_start, Refuel.filled_at < _next_month(month_start)).tuples().get())
    open_tasks = SupervisedTask.select().where(SupervisedTask.status == "办理中")
    by_status = dict(Person.select(Person.status, pw.fn.COUNT(Person.id)).group_by(Person.status).tuples())
    return Overview(
        today=today,
        sections=Section.select().where(Section.active).count(),
        staff_by_status=by_status,
        vehicles=Vehicle.select().where(Vehicle.status != "报废").count(),
        fuel_month_litres=Refuel.litres.python_value(fuel[0]),
        fuel_month_amount=Refuel.amount.python_value(fuel[1]),
        tasks_open=open_tasks.count(),
        tasks_overdue=open_tasks.where(SupervisedTask.deadline < today).count(),
        tasks_due_soon=open_tasks.where(SupervisedTask.deadline >= today,
                                        SupervisedTask.deadline <= today + timedelta(days=DUE_SOON_DAYS)).count(),
        streaks=campaigns.all_streaks(),
        reminders=reminders(today),
    )
