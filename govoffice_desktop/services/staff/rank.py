"""定职定级: rank fixed by performance after a six-month period; the previous rank only a reference."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import Person, RankRecord, Section
from govoffice_desktop.services import auth
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.staff.files import GONE, _a_date, _required, add_months
from govoffice_desktop.services.validation import BadValue


PROBATION_MONTHS = 6  # 以实绩定职级，以半年为限
RANK_REMINDER_DAYS = 30  # listed as due this long before the six months are up


# ---------------------------------------------------------------- rank: fixed by performance after six months
@dataclass
class RankDue:
    person: Person
    section: str
    joined_on: date
    due: date
    overdue: bool


def rank_due(today: date | None = None, within_days: int = RANK_REMINDER_DAYS) -> list[RankDue]:
    """Everyone transferred in whose rank has not been fixed since, and whose six months are
    up or end within ``within_days``: the overdue first, then by due date."""
    today = today or date.today()
    fixed = (RankRecord.select(RankRecord.person).where(RankRecord.decided_on >= Person.joined_on,
                                                        RankRecord.person == Person.id))
    query = (Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
             .where(Person.joined_on.is_null(False), Person.status.not_in(GONE), ~pw.fn.EXISTS(fixed)))
    out = []
    for person in query:
        due = add_months(person.joined_on, PROBATION_MONTHS)
        if due <= today + timedelta(days=within_days):
            out.append(RankDue(person, person.section.name if person.section_id else "", person.joined_on, due,
                               due < today))
    out.sort(key=lambda d: (not d.overdue, d.due, d.person.name))
    return out


@requires("staff.edit", section_of=auth.first_person_section)
def determine_rank(person: Person, rank: str, decided_on, performance: str, post: str | None = None,
                   doc_number: str = "") -> RankRecord:
    """以实绩定职级: fix a rank on the record of the period since joining.  The rank held before
    the transfer is kept only as a reference; the person's rank history grows by one."""
    rank = _required(rank, "确定的职级")
    performance = _required(performance, "实绩情况")
    decided_on = _a_date(decided_on, "确定日期", required=True)
    if person.status in GONE:
        raise BadValue(f"{person.name} 已{person.status}")
    if person.joined_on and decided_on < person.joined_on:
        raise BadValue(f"确定日期早于调入时间 {person.joined_on}")
    with database.atomic():
        earlier = RankRecord.select().where(RankRecord.person == person).exists()
        record = RankRecord.create(
            person=person, decided_on=decided_on, period_start=person.joined_on, period_end=decided_on,
            previous_rank=(person.rank if earlier else (person.previous_rank or person.rank)) or "",
            rank=rank, post=(post or person.post or "").strip(), performance=performance,
            doc_number=(doc_number or "").strip())
        person.rank = rank
        if post:
            person.post = post.strip()
        if person.status == "试用期":
            person.status = "在岗"
        person.save()
        return record


def rank_due_report(today: date | None = None) -> dict:
    """{"people": [{"name", "section", "transfer_in", "due", "overdue"}]}"""
    return {"people": [{"name": d.person.name, "section": d.section, "transfer_in": d.joined_on.isoformat(),
                        "due": d.due.isoformat(), "overdue": d.overdue} for d in rank_due(today)]}
