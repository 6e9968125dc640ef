"""文电办理速度: the office's speed per section and per person per month, and the documents overdue.

The rules (issue 22, decided for every part):

- a month's figures are of the documents received (收文日期) in that month, voided ones (已作废) left
  out, counted as of the month's end — or today, when the month is not over yet;
- done (办结): 已办结, or 转为督办事项 (then its further handling is the 督办事项's), on or before that day;
- on time (按期): done on or before the deadline (办理时限); a document without a deadline cannot be late;
- overdue (逾期): not done by that day and its deadline before it; working days over =
  ``Calendar.between(deadline, day)``;
- working days to 办结 = ``Calendar.between(received_on, done_on)``, averaged over those done.

The counts are made in SQL (a year of a large office holds thousands of documents); only the
average needs the calendar, asked once for each distinct (received, done) pair of days with one
``workdays.Calendar`` for all of them.  The overdue list holds every document open and past its limit
on the day (received in that month or before): those are the ones to urge.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from govoffice_desktop.models.documents import IN_DONE, IN_SUPERVISED, IN_VOID, IncomingDocument
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import months
from govoffice_desktop.services.documents.numbers import incoming_number
from govoffice_desktop.services.workdays import Calendar

NO_SECTION = "（未定承办科室）"
NO_PERSON = "（未定承办人）"
TENTH = Decimal("0.1")


@dataclass
class SpeedRow:
    """One line of the speed table: a section, or a person (with their section)."""

    section: str
    person: str | None = None  # None: the section's line
    received: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    days_total: int = 0  # working days to 办结, summed over those done

    @property
    def late(self) -> int:
        """逾期办结: done after the deadline."""
        return self.done - self.on_time

    @property
    def avg_working_days(self) -> Decimal | None:
        """Average working days to 办结 (one decimal), None when none was done."""
        if not self.done:
            return None
        return (Decimal(self.days_total) / self.done).quantize(TENTH, ROUND_HALF_UP)

    def add(self, other: "SpeedRow") -> None:
        self.received += other.received
        self.done += other.done
        self.on_time += other.on_time
        self.overdue += other.overdue
        self.days_total += other.days_total


@dataclass
class OverdueDocument:
    id: int
    no: str  # 收〔2026〕12号
    title: str
    section: str
    handler: str
    received_on: date
    deadline: date
    working_days_over: int


@dataclass
class MonthSpeed:
    year: int
    month: int
    as_of: date  # the month's end, or today when earlier
    sections: list[SpeedRow]
    people: list[SpeedRow]
    total: SpeedRow
    overdue: list[OverdueDocument]

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"


def as_of_day(year: int, month: int, today: date | None = None) -> date:
    """The day a month's figures are counted at: its last day, or today when earlier."""
    last = months.bounds(year, month)[1]
    return min(last, today or date.today())


def _done_by(day: date):
    return (IncomingDocument.status.in_([IN_DONE, IN_SUPERVISED]) & IncomingDocument.done_on.is_null(False)
            & (IncomingDocument.done_on <= day))


def _flag(condition) -> pw.Node:
    return pw.fn.SUM(pw.Case(None, [(condition, 1)], 0))


def month_speed(year: int, month: int, today: date | None = None, calendar: Calendar | None = None) -> MonthSpeed:
    """The month's speed per section and per person (see the module's rules), with the documents
    overdue on the day it is counted at."""
    first, _last = months.bounds(year, month)
    day = as_of_day(year, month, today)
    calendar = calendar or Calendar()
    D = IncomingDocument
    done = _done_by(day)
    on_time = done & (D.deadline.is_null() | (D.done_on <= D.deadline))
    overdue = ~done & D.deadline.is_null(False) & (D.deadline < day)
    in_month = (D.received_on >= first) & (D.received_on <= day) & (D.status != IN_VOID)
    # per section and person: one grouped count
    counts = (D.select(D.section, D.handler, D.handler_name, pw.fn.COUNT(D.id), _flag(done), _flag(on_time),
                       _flag(overdue))
              .where(in_month).group_by(D.section, D.handler, D.handler_name).tuples())
    # working days to 办结: the distinct (section, person, received, done) days, each with its count
    spans = (D.select(D.section, D.handler, D.handler_name, D.received_on, D.done_on, pw.fn.COUNT(D.id))
             .where(in_month & done)
             .group_by(D.section, D.handler, D.handler_name, D.received_on, D.done_on).tuples())
    keys = set()
    rows: dict[tuple, SpeedRow] = {}
    for section_id, handler_id, handler_name, received, n_done, n_on_time, n_overdue in counts:
        key = (section_id, handler_id, "" if handler_id else handler_name)
        keys.add(key)
        row = rows.setdefault(key, SpeedRow(""))
        row.received += received
        row.done += int(n_done or 0)
        row.on_time += int(n_on_time or 0)
        row.overdue += int(n_overdue or 0)
    taken: dict[tuple[date, date], int] = {}
    for section_id, handler_id, handler_name, received_on, done_on, n in spans:
        received_on, done_on = D.received_on.python_value(received_on), D.done_on.python_value(done_on)
        pair = (received_on, done_on)
        if pair not in taken:
            taken[pair] = calendar.between(received_on, done_on)
        rows[(section_id, handler_id, "" if handler_id else handler_name)].days_total += taken[pair] * n

    section_ids = {k[0] for k in keys if k[0] is not None}
    person_ids = {k[1] for k in keys if k[1] is not None}
    sections = {s.id: s for s in Section.select().where(Section.id.in_(section_ids))} if section_ids else {}
    people = {p.id: p.name for p in Person.select(Person.id, Person.name).where(Person.id.in_(person_ids))} \
        if person_ids else {}

    def section_name(section_id) -> str:
        return sections[section_id].name if section_id in sections else NO_SECTION

    def order(section_id) -> tuple:
        s = sections.get(section_id)
        return (s is None, s.sort_order if s else 0, s.name if s else "")

    by_section: dict[object, SpeedRow] = {}
    by_person: dict[tuple, SpeedRow] = {}
    total = SpeedRow("合计")
    for (section_id, handler_id, handler_name), row in rows.items():
        name = section_name(section_id)
        by_section.setdefault(section_id, SpeedRow(name)).add(row)
        who = people.get(handler_id) if handler_id else (handler_name or NO_PERSON)
        by_person.setdefault((section_id, handler_id, who), SpeedRow(name, who)).add(row)
        total.add(row)
    section_rows = [by_section[k] for k in sorted(by_section, key=order)]
    person_rows = [by_person[k] for k in sorted(by_person, key=lambda k: (order(k[0]), k[2] == NO_PERSON, k[2]))]
    return MonthSpeed(year, month, day, section_rows, person_rows, total, overdue_documents(day, calendar))


def overdue_documents(day: date, calendar: Calendar | None = None) -> list[OverdueDocument]:
    """Every 收文 open on ``day`` (not done by it, not voided) whose deadline is before it, the most
    working days over first."""
    calendar = calendar or Calendar()
    D = IncomingDocument
    query = (D.select(D.id, D.year, D.serial, D.title, D.received_on, D.deadline, D.handler_name,
                      Section.name, Person.name)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(D.section == Section.id)).switch(D)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(D.handler == Person.id))
             .where(D.status != IN_VOID, D.received_on <= day, D.deadline.is_null(False), D.deadline < day,
                    ~_done_by(day))
             .order_by(D.deadline, D.year, D.serial).tuples())
    out, over = [], {}  # deadline → working days over: one calendar question per deadline
    for doc_id, year, serial, title, received_on, deadline, handler_name, section, person in query:
        received_on, deadline = D.received_on.python_value(received_on), D.deadline.python_value(deadline)
        if deadline not in over:
            over[deadline] = calendar.between(deadline, day)
        out.append(OverdueDocument(doc_id, incoming_number(year, serial), title, section or NO_SECTION,
                                   person or handler_name or "", received_on, deadline, over[deadline]))
    out.sort(key=lambda d: (-d.working_days_over, d.deadline, d.no))
    return out


# ---------------------------------------------------------------- for JSON, the 专报 and the printout
def _counts(row: SpeedRow) -> dict:
    return {"received": row.received, "done": row.done, "on_time": row.on_time, "overdue": row.overdue,
            "avg_working_days": row.avg_working_days}


def overdue_payload(d: OverdueDocument) -> dict:
    return {"no": d.no, "title": d.title, "section": d.section, "deadline": d.deadline.isoformat(),
            "working_days_over": d.working_days_over}


def documents_report(year: int, month: int, today: date | None = None) -> dict:
    """``report documents --month``: exactly {"month", "sections": [...], "overdue": [...]}."""
    speed = month_speed(year, month, today)
    return {"month": speed.label,
            "sections": [{"section": r.section, **_counts(r)} for r in speed.sections],
            "overdue": [overdue_payload(d) for d in speed.overdue]}


def printed_month(year: int, month: int, today: date | None = None) -> dict:
    """Everything the 文电办理情况 table, its workbook and the 专报's part show: plain values (kept with
    an issued 专报 as they were)."""
    speed = month_speed(year, month, today)
    return {"month": speed.label, "as_of": speed.as_of.isoformat(),
            "total": _counts(speed.total),
            "sections": [{"section": r.section, **_counts(r)} for r in speed.sections],
            "people": [{"person": r.person, "section": r.section, **_counts(r)} for r in speed.people],
            "overdue": [{**overdue_payload(d), "handler": d.handler, "received_on": d.received_on.isoformat()}
                        for d in speed.overdue]}


def row_dict(row: SpeedRow) -> dict:
    return {**asdict(row), "late": row.late, "avg_working_days": row.avg_working_days}
