"""定职定级: rank fixed by performance after a six-month period; the previous rank only a reference."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import Person, RankRecord, Section
from govoffice_desktop.services import auth
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.staff.files import GONE, _a_date, _required, add_months, unranked
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
    query = (Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
             .where(Person.joined_on.is_null(False), Person.status.not_in(GONE), unranked()))
    out = []
    for person in query:
        due = add_months(person.joined_on, PROBATION_MONTHS)
        if due <= today + timedelta(days=within_days):
            out.append(RankDue(person, person.section.name if person.section_id else "", person.joined_on, due,
                               due < today))
    out.sort(key=lambda d: (not d.overdue, d.due, d.person.name))
    return out


def earliest_rank_date(person: Person) -> date | None:
    """The first day a rank may be fixed without 提前定级: six months after 调入 (None without a
    transfer-in date)."""
    return add_months(person.joined_on, PROBATION_MONTHS) if person.joined_on else None


def _early(person: Person, decided_on: date, early: bool, reason: str, approved_by: str) -> tuple[str, str]:
    """The six-month rule: a date before it needs 提前定级 with its reason and who approved it.
    Returns (reason, approver) as stored; refuses what does not hold."""
    earliest = earliest_rank_date(person)
    if earliest is None or decided_on >= earliest:
        if early:
            since = f"{earliest} 起即可定职级" if earliest else "档案中没有调入时间"
            raise BadValue(f"{person.name} {since}，{decided_on} 定级不属于提前定级：请取消“提前定级”")
        return "", ""
    if not early:
        raise BadValue(f"{person.name} {person.joined_on} 调入，以半年为限，{earliest} 起方可定职级；"
                       f"{decided_on} 定级须作为“提前定级”，写明理由和批准人")
    reason, approved_by = (reason or "").strip(), (approved_by or "").strip()
    if not reason:
        raise BadValue(f"{person.name} 提前定级（{earliest} 前）须写明理由")
    if not approved_by:
        raise BadValue(f"{person.name} 提前定级（{earliest} 前）须写明批准人")
    if len(approved_by) > 30:
        raise BadValue("批准人不能超过30个字")
    return reason, approved_by


@requires("staff.edit", section_of=auth.first_person_section)
def determine_rank(person: Person, rank: str, decided_on, performance: str, post: str | None = None,
                   doc_number: str = "", early: bool = False, early_reason: str = "",
                   approved_by: str = "") -> RankRecord:
    """以实绩定职级: fix a rank on the record of the period since joining.  The rank held before
    the transfer is kept only as a reference; the person's rank history grows by one.  A date less
    than six months after 调入 is refused unless ``early`` (提前定级) with the reason and the
    approver, which are stored with the determination."""
    if early:  # an exception to the six-month rule is the office's to record, not a section's clerk's
        auth.require("staff.rank_early")
    rank = _required(rank, "确定的职级")
    performance = _required(performance, "实绩情况")
    decided_on = _a_date(decided_on, "确定日期", required=True)
    if person.status in GONE:
        raise BadValue(f"{person.name} 已{person.status}")
    if person.joined_on and decided_on < person.joined_on:
        raise BadValue(f"确定日期早于调入时间 {person.joined_on}")
    early_reason, approved_by = _early(person, decided_on, bool(early), early_reason, approved_by)
    with database.atomic():
        earlier = RankRecord.select().where(RankRecord.person == person).exists()
        record = RankRecord.create(
            person=person, decided_on=decided_on, period_start=person.joined_on, period_end=decided_on,
            previous_rank=(person.rank if earlier else (person.previous_rank or person.rank)) or "",
            rank=rank, post=(post or person.post or "").strip(), performance=performance,
            doc_number=(doc_number or "").strip(), early=bool(early_reason), early_reason=early_reason,
            approved_by=approved_by)
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


def person_named(text: str) -> Person:
    """The member of staff a command line names: 姓名, or 姓名（科室） where two share a name.
    Refuses, in Chinese, a name nobody has or several people have."""
    text = (text or "").strip().replace("(", "（").replace(")", "）")
    name, _, section = text.partition("（")
    name, section = name.strip(), section.rstrip("）").strip()
    if not name or len(name) > 30:
        raise BadValue(f"人员姓名不对：{text[:40]!r}")
    query = (Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
             .where(Person.name == name).order_by(Person.status.in_(list(GONE)), Person.id))
    people = [p for p in query if not section or (p.section_id and p.section.name == section)]
    if not people:
        raise BadValue(f"没有名为“{text}”的人员")
    on_staff = [p for p in people if p.status not in GONE] or people
    if len(on_staff) > 1:
        where = "、".join(f"{p.name}（{p.section.name if p.section_id else '未分科室'}）" for p in on_staff)
        raise BadValue(f"有 {len(on_staff)} 人名为“{name}”：{where}；请写成 姓名（科室）")
    return on_staff[0]
