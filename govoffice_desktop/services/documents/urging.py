"""催办: a 催办单 for an overdue 收文, a 督办通知单 for an overdue 督办事项, issued and kept as issued.

Overdue is the shared rule (DOCS_PLAN): status 办理中 and a deadline before today; the working days
over are ``Calendar.between(deadline, today)`` — for a 督办事项 too, so that both pages count alike.

**请于 … 前办结并反馈** (``reply_by``): the urge gives the 承办科室 a few more working days from the
day it is issued, by the document's 紧急程度: 特急 1, 加急 2, 平件 3 working days (``REPLY_DAYS``);
a 督办事项 3 (``TASK_REPLY_DAYS``).  Counted on the same calendar as the limits (调休 included).

What the page says is kept in the row when it is issued (``Urge.figures``: the office's name, the
number, title, 承办科室 and 承办人, the limit, the working days over, the reply date, how many times
it has been urged): a reprint is the same page whatever changed since.  An urge issued before the
figures were kept (schema before ``URGE_FIGURES``) prints its stored dates and the document as it
is now.

One urge per item and day: asked again the same day (a paper jam, a second copy), the day's urge
is given back and printed again, not issued twice (``urge_for_print``).  Issuing needs
``documents.urge``; every write goes through the models and is in the audit log.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.documents import (EXPEDITED, IN_OPEN, ORDINARY, URGE_INCOMING, URGE_TASK, URGENT,
                                                IncomingDocument, Urge)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import TASK_OPEN, SupervisedTask
from govoffice_desktop.services import issued
from govoffice_desktop.services.auth import display_name, requires
from govoffice_desktop.services.documents.numbers import incoming_number, parse_incoming_number
from govoffice_desktop.services.office import office_name
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.services.workdays import Calendar
from govoffice_desktop.texts import day_text

REPLY_DAYS = {URGENT: 1, EXPEDITED: 2, ORDINARY: 3}  # working days from the urge to 办结并反馈
TASK_REPLY_DAYS = 3
MAX_NOTE = 500

URGE_SHEET = "催办单"  # the page of a 收文's urge
TASK_NOTICE = "督办通知单"  # the page of a 督办事项's urge


@dataclass(frozen=True)
class Overdue:
    """One overdue item as the 催办 page lists it."""

    kind: str  # 收文 or 督办事项
    id: int
    number: str  # 收〔2026〕3号; "" for a 督办事项
    title: str
    section: str  # 承办科室 / 责任科室
    handler: str  # 承办人 / 责任人
    deadline: date
    working_days_over: int
    urges: int  # issued so far
    last_urged: date | None


def _document_handler(doc: IncomingDocument) -> str:
    return doc.handler.name if doc.handler_id else doc.handler_name


def _task_person(task: SupervisedTask) -> str:
    return task.person.name if task.person_id else task.person_name


def _urge_counts(field: pw.Field, ids: list[int]) -> dict[int, tuple[int, date]]:
    if not ids:
        return {}
    rows = (Urge.select(field, pw.fn.COUNT(Urge.id), pw.fn.MAX(Urge.issued_on))
            .where(field.in_(ids)).group_by(field).tuples())
    return {key: (count, last if isinstance(last, date) else date.fromisoformat(str(last)))
            for key, count, last in rows}


def overdue(today: date | None = None, calendar: Calendar | None = None) -> list[Overdue]:
    """The overdue 收文 and 督办事项 on ``today``, the most working days over first."""
    today = today or date.today()
    calendar = calendar or Calendar()
    docs = list(IncomingDocument.select(IncomingDocument, Section, Person)
                .join(Section, pw.JOIN.LEFT_OUTER, on=(IncomingDocument.section == Section.id)).switch(IncomingDocument)
                .join(Person, pw.JOIN.LEFT_OUTER, on=(IncomingDocument.handler == Person.id))
                .where(IncomingDocument.status == IN_OPEN, IncomingDocument.deadline < today))
    tasks = list(SupervisedTask.select(SupervisedTask, Section, Person)
                 .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id)).switch(SupervisedTask)
                 .join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id))
                 .where(SupervisedTask.status == TASK_OPEN, SupervisedTask.deadline < today))
    doc_urges = _urge_counts(Urge.document, [d.id for d in docs])
    task_urges = _urge_counts(Urge.task, [t.id for t in tasks])
    rows = [Overdue(URGE_INCOMING, d.id, incoming_number(d.year, d.serial), d.title,
                    d.section.name if d.section_id else "", _document_handler(d), d.deadline,
                    calendar.between(d.deadline, today), *doc_urges.get(d.id, (0, None))) for d in docs]
    rows += [Overdue(URGE_TASK, t.id, "", t.title, t.section.name if t.section_id else "", _task_person(t),
                     t.deadline, calendar.between(t.deadline, today), *task_urges.get(t.id, (0, None)))
             for t in tasks]
    rows.sort(key=lambda r: (-r.working_days_over, r.deadline, r.kind, r.id))
    return rows


def incoming_by_number(text) -> IncomingDocument:
    """The 收文 of a 收文编号 as typed (收〔2026〕12号, any bracket); refused when there is none."""
    year, serial = parse_incoming_number(text)
    doc = IncomingDocument.get_or_none(IncomingDocument.year == year, IncomingDocument.serial == serial)
    if doc is None:
        raise BadValue(f"没有收文编号为 {incoming_number(year, serial)} 的收文")
    return doc


def reply_by(today: date, urgency: str | None, calendar: Calendar | None = None) -> date:
    """请于 … 前办结并反馈: ``REPLY_DAYS`` of the 紧急程度 (a 督办事项, ``urgency`` None: ``TASK_REPLY_DAYS``)
    working days after the day of the urge."""
    days = TASK_REPLY_DAYS if urgency is None else REPLY_DAYS.get(urgency, REPLY_DAYS[ORDINARY])
    return (calendar or Calendar()).add(today, days)


def _refuse_unless_overdue(what: str, status: str, open_status: str, deadline: date | None, today: date) -> None:
    if status != open_status:
        raise BadValue(f"{what}{'已' if not status.startswith('已') else ''}{status}，不需要催办")
    if deadline is None:
        raise BadValue(f"{what}没有办理时限，无从催办：请先确定办理时限")
    if deadline >= today:
        raise BadValue(f"{what}的办理时限是 {day_text(deadline)}，到 {day_text(today)} 尚未超期，不需要催办")


def _document_figures(doc: IncomingDocument, today: date, over: int, reply: date, rounds: int) -> dict:
    return {"kind": URGE_INCOMING, "office": office_name(), "number": incoming_number(doc.year, doc.serial),
            "title": doc.title, "source_unit": doc.source_unit, "source_ref": doc.source_ref,
            "received_on": doc.received_on, "copies": doc.copies, "urgency": doc.urgency,
            "section": doc.section.name if doc.section_id else "", "handler": _document_handler(doc),
            "deadline": doc.deadline, "working_days_over": over, "reply_by": reply, "issued_on": today,
            "round": rounds}


def _task_figures(task: SupervisedTask, today: date, over: int, reply: date, rounds: int) -> dict:
    return {"kind": URGE_TASK, "office": office_name(), "number": "", "title": task.title, "source": task.source,
            "requirement": task.requirement, "assigned_on": task.assigned_on,
            "section": task.section.name if task.section_id else "", "handler": _task_person(task),
            "deadline": task.deadline, "working_days_over": over, "reply_by": reply, "issued_on": today,
            "round": rounds}


def _target(document, task) -> tuple[IncomingDocument | None, SupervisedTask | None]:
    """The item, read again as stored (an object handed in may be stale or changed in memory)."""
    if (document is None) == (task is None):
        raise BadValue("催办要指明一件收文或一件督办事项")
    if document is not None:
        doc_id = document.id if isinstance(document, IncomingDocument) else int(document)
        doc = IncomingDocument.get_or_none(IncomingDocument.id == doc_id)
        if doc is None:
            raise BadValue("这件收文已不在登记簿中（可能刚被删除），请刷新后再看")
        return doc, None
    task_id = task.id if isinstance(task, SupervisedTask) else int(task)
    found = SupervisedTask.get_or_none(SupervisedTask.id == task_id)
    if found is None:
        raise BadValue("这件督办事项已不存在（可能刚被删除），请刷新后再看")
    return None, found


def _not_before_latest(where, what: str, today: date) -> None:
    """An urge is dated on or after the item's latest urge: the rounds read in the order of their dates."""
    last = Urge.select(pw.fn.MAX(Urge.issued_on)).where(where).scalar()
    if last is not None and not isinstance(last, date):
        last = date.fromisoformat(str(last))
    if last is not None and today < last:
        raise BadValue(f"{what}最近一次催办是 {day_text(last)}，催办单不能开具在它之前（{day_text(today)}）：未开具")


def _prepared(document, task, today: date, note: str) -> dict:
    """The row an urge of the item on ``today`` would be (refused unless the item is open and overdue)."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise BadValue(f"催办说明不超过{MAX_NOTE}个字")
    calendar = Calendar()
    doc, found = _target(document, task)
    if doc is not None:
        _refuse_unless_overdue(f"收文 {incoming_number(doc.year, doc.serial)}", doc.status, IN_OPEN, doc.deadline, today)
        over, reply = calendar.between(doc.deadline, today), reply_by(today, doc.urgency, calendar)
        _not_before_latest(Urge.document == doc.id, f"收文 {incoming_number(doc.year, doc.serial)}", today)
        rounds = Urge.select().where(Urge.document == doc).count() + 1
        figures, deadline = _document_figures(doc, today, over, reply, rounds), doc.deadline
    else:
        _refuse_unless_overdue(f"督办事项“{found.title}”", found.status, TASK_OPEN, found.deadline, today)
        over, reply = calendar.between(found.deadline, today), reply_by(today, None, calendar)
        _not_before_latest(Urge.task == found.id, f"督办事项“{found.title}”", today)
        rounds = Urge.select().where(Urge.task == found).count() + 1
        figures, deadline = _task_figures(found, today, over, reply, rounds), found.deadline
    issuer = display_name()
    figures.update(issued_by=issuer, note=note)
    return {"issued_on": today, "document": doc, "task": found, "deadline": deadline, "working_days_over": over,
            "reply_by": reply, "issued_by": issuer, "note": note, "figures": issued.dumps(figures)}


@requires("documents.urge")
def draft_urge(document: IncomingDocument | int | None = None, task: SupervisedTask | int | None = None,
               today: date | None = None, note: str = "") -> Urge:
    """The urge ``issue_urge`` would issue, not saved: the window previews its page and issues it
    only when it is printed or saved."""
    return Urge(**_prepared(document, task, today or date.today(), note))


@requires("documents.urge")
def issue_urge(document: IncomingDocument | int | None = None, task: SupervisedTask | int | None = None,
               today: date | None = None, note: str = "") -> Urge:
    """Issue a 催办单 (``document``) or 督办通知单 (``task``) on ``today``: refused unless the item is
    open and past its limit.  Its page is kept in the row as issued."""
    with database.atomic():
        return Urge.create(**_prepared(document, task, today or date.today(), note))


def todays_urge(document: IncomingDocument | int | None = None, task: SupervisedTask | int | None = None,
                today: date | None = None) -> Urge | None:
    """The urge issued for the item on ``today``, if one was."""
    doc, task = _target(document, task)
    where = Urge.document == doc.id if doc is not None else Urge.task == task.id
    return Urge.select().where(where, Urge.issued_on == (today or date.today())).order_by(Urge.id.desc()).first()


def urge_for_print(document: IncomingDocument | int | None = None, task: SupervisedTask | int | None = None,
                   today: date | None = None, note: str = "") -> tuple[Urge, bool]:
    """What 打印催办单 (and ``pdf urge``) does: the urge issued for the item today, printed again; else
    a new one issued now (refused unless overdue).  Returns (urge, whether it was issued now)."""
    today = today or date.today()
    doc, found = _target(document, task)
    existing = todays_urge(document=doc, task=found, today=today)
    if existing is not None:
        return existing, False
    return issue_urge(document=doc, task=found, today=today, note=note), True


def latest_urge(document: IncomingDocument | int | None = None,
                task: SupervisedTask | int | None = None) -> Urge | None:
    doc, found = _target(document, task)
    where = Urge.document == doc.id if doc is not None else Urge.task == found.id
    return Urge.select().where(where).order_by(Urge.issued_on.desc(), Urge.id.desc()).first()


def urge_by_id(urge_id: int | None) -> Urge | None:
    return Urge.get_or_none(Urge.id == urge_id) if urge_id is not None else None


def figures_of(urge: Urge) -> dict:
    """What the urge's page says: as issued; for an urge issued before that was kept, its stored
    dates with the document or 督办事项 as it is now."""
    if urge.figures:
        return issued.loads(urge.figures)
    rounds = (Urge.select().where((Urge.document == urge.document_id) if urge.document_id else
                                  (Urge.task == urge.task_id), Urge.id <= urge.id).count())
    if urge.document_id:
        figures = _document_figures(urge.document, urge.issued_on, urge.working_days_over, urge.reply_by, rounds)
    else:
        figures = _task_figures(urge.task, urge.issued_on, urge.working_days_over, urge.reply_by, rounds)
    figures.update(deadline=urge.deadline, issued_by=urge.issued_by, note=urge.note)
    return figures


def urge_rows(since: date | None = None, until: date | None = None) -> list[dict]:
    """The urges issued (between ``since`` and ``until`` when given), newest first, as the page lists them."""
    query = Urge.select().order_by(Urge.issued_on.desc(), Urge.id.desc())
    if since is not None:
        query = query.where(Urge.issued_on >= since)
    if until is not None:
        query = query.where(Urge.issued_on <= until)
    rows = []
    for urge in query:
        f = figures_of(urge)
        rows.append({"id": urge.id, "issued_on": urge.issued_on, "kind": f["kind"],
                     "sheet": URGE_SHEET if f["kind"] == URGE_INCOMING else TASK_NOTICE, "number": f["number"],
                     "title": f["title"], "section": f["section"], "handler": f["handler"], "deadline": urge.deadline,
                     "working_days_over": urge.working_days_over, "reply_by": urge.reply_by, "round": f["round"],
                     "issued_by": urge.issued_by})
    return rows
