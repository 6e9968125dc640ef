"""收文办理: register a document received (签收、登记: the next 收文编号 of its year, no gaps, never
twice), 初审 (拟办意见), 领导批示 (who, what, when; a limit of its own with a reason), 承办 (科室 and
承办人, 办理时限 in working days), 办理过程, 传阅, 办结 or 转为督办事项 in one step, 作废 with a reason
(the number kept), 归档 with its 档号; the register as a listing with the light, and the overdue.

Who may: ``documents.register`` (管理员、文书) registers, writes 拟办, 批示 and 承办, sends for 传阅,
turns a document into a 督办事项, voids and files; ``documents.handle`` (also a 科室录入员, for the
documents of their own section as stored) records 办理过程 and 办结.  Every change re-reads the
document as stored, inside its transaction and after the document's lock: a script's object changed
in memory, or another workstation's write a moment before, decides nothing.
"""
from __future__ import annotations

import re
from datetime import date

import peewee as pw

from govoffice_desktop.models.db import database, transaction_lock
from govoffice_desktop.models.documents import (IN_DONE, IN_OPEN, IN_STATUSES, IN_SUPERVISED, IN_VOID,
                                                SECRECY_LEVELS, URGENCIES, Circulation, IncomingDocument,
                                                IncomingStep)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import TASK_OPEN, SupervisedTask, TaskProgress
from govoffice_desktop.services import auth, workdays
from govoffice_desktop.services.auth import display_name, requires
from govoffice_desktop.services.documents.numbers import incoming_number, parse_incoming_number
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.supervision.common import GONE, _not_future, _person, _section
from govoffice_desktop.services.supervision.tasks import _task_month_open
from govoffice_desktop.services.validation import BadValue, a_count, a_date, required_text

TASK_SOURCE = "领导交办"  # what a 收文 turned into a 督办事项 is, as a task's 来源
NUMBER_ATTEMPTS = 3  # a number taken by a writer that did not wait for the lock: taken afresh this often
CONFIDENTIAL_CHANNEL = ("涉密文件（秘密、机密、绝密）不在本系统登记：请交机要室，通过机要渠道签收、登记和办理")
NO_LIGHT = ""  # a voided document has no light


# ================================================================ reading
def document_by_id(doc_id: int | None) -> IncomingDocument | None:
    return IncomingDocument.get_or_none(IncomingDocument.id == doc_id) if doc_id is not None else None


def number_of(doc: IncomingDocument) -> str:
    """收〔2026〕12号."""
    return incoming_number(doc.year, doc.serial)


def document_by_number(text, year: int | None = None) -> IncomingDocument | None:
    """The document numbered 收〔2026〕12号 (any bracket; a bare 12 with ``year``)."""
    got_year, serial = parse_incoming_number(text, year)
    return IncomingDocument.get_or_none(IncomingDocument.year == got_year, IncomingDocument.serial == serial)


def document_of_task(task: SupervisedTask | int | None) -> IncomingDocument | None:
    """The 收文 a 督办事项 was made from (转督办), or None."""
    task_id = task.id if isinstance(task, SupervisedTask) else task
    if task_id is None:
        return None
    return IncomingDocument.get_or_none(IncomingDocument.task == task_id)


def steps_of(doc: IncomingDocument) -> list[IncomingStep]:
    return list(IncomingStep.select().where(IncomingStep.document == doc.id)
                .order_by(IncomingStep.noted_on, IncomingStep.id))


def circulation_of(doc: IncomingDocument) -> list[Circulation]:
    return list(Circulation.select().where(Circulation.document == doc.id)
                .order_by(Circulation.sent_on, Circulation.id))


def reader_choices() -> list[str]:
    """The leaders documents have gone to, for the 传阅 form's suggestions."""
    return sorted(name for (name,) in Circulation.select(Circulation.reader_name).distinct().tuples())


def years() -> list[int]:
    """The years that have documents, newest first."""
    return [y for (y,) in IncomingDocument.select(IncomingDocument.year).distinct()
            .order_by(IncomingDocument.year.desc()).tuples()]


def is_overdue(doc: IncomingDocument, today: date) -> bool:
    """办理中 and past its 办理时限."""
    return doc.status == IN_OPEN and doc.deadline is not None and doc.deadline < today


def light_of(doc: IncomingDocument, today: date, calendar: workdays.Calendar | None = None) -> str:
    """绿 / 黄 (within one working day) / 红 (overdue) while 办理中; 结 once done or 转督办; none when void."""
    if doc.status == IN_VOID:
        return NO_LIGHT
    return (calendar or workdays.Calendar()).light(doc.deadline, today, done=doc.status != IN_OPEN) or NO_LIGHT


def overdue(today: date | None = None, section: Section | int | None = None) -> list[dict]:
    """The documents 办理中 past their 办理时限 as of ``today``, longest over first: number, title,
    section, handler, deadline and the working days over."""
    today = today or date.today()
    query = (IncomingDocument.select(IncomingDocument, Section)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(IncomingDocument.section == Section.id))
             .where(IncomingDocument.status == IN_OPEN, IncomingDocument.deadline < today))
    if section is not None:
        query = query.where(IncomingDocument.section == (section.id if isinstance(section, Section) else section))
    calendar = workdays.Calendar()
    rows = [{"id": d.id, "no": number_of(d), "title": d.title, "section": d.section.name if d.section_id else "",
             "handler": d.handler_name, "deadline": d.deadline.isoformat(),
             "working_days_over": calendar.between(d.deadline, today)} for d in query]
    rows.sort(key=lambda r: (-r["working_days_over"], r["deadline"], r["id"]))
    return rows


def record_of(doc: IncomingDocument, today: date | None = None) -> dict:
    """The document's whole record as the window and a printout show it: its registration, 拟办,
    批示, 承办 and time limit (with the light and the working days over or left), result, the
    督办事项 it became, 归档, its 办理过程 and 传阅."""
    today = today or date.today()
    calendar = workdays.Calendar()
    task = SupervisedTask.get_or_none(SupervisedTask.id == doc.task_id) if doc.task_id else None
    over = calendar.between(doc.deadline, today) if is_overdue(doc, today) else 0
    left = (calendar.between(today, doc.deadline) if doc.status == IN_OPEN and doc.deadline
            and doc.deadline >= today else None)
    return {
        "id": doc.id, "no": number_of(doc), "year": doc.year, "serial": doc.serial, "received_on": doc.received_on,
        "source_unit": doc.source_unit, "source_ref": doc.source_ref, "title": doc.title, "copies": doc.copies,
        "urgency": doc.urgency, "secrecy": doc.secrecy, "registered_by": doc.registered_by,
        "proposal": doc.proposal, "proposed_by": doc.proposed_by,
        "instruction": doc.instruction, "instructed_by": doc.instructed_by, "instructed_on": doc.instructed_on,
        "section": doc.section.name if doc.section_id else "", "handler": doc.handler_name,
        "limit_days": doc.limit_days, "deadline": doc.deadline, "deadline_note": doc.deadline_note,
        "status": doc.status, "light": light_of(doc, today, calendar), "working_days_over": over,
        "working_days_left": left, "done_on": doc.done_on, "result": doc.result,
        "on_time": (doc.done_on <= doc.deadline if doc.done_on and doc.deadline else None),
        "working_days_taken": calendar.between(doc.received_on, doc.done_on) if doc.done_on else None,
        "task": ({"id": task.id, "title": task.title, "status": task.status, "deadline": task.deadline}
                 if task is not None else None),
        "void_reason": doc.void_reason, "archive_no": doc.archive_no, "filed_on": doc.filed_on,
        "steps": [{"id": s.id, "noted_on": s.noted_on, "note": s.note, "noted_by": s.noted_by} for s in steps_of(doc)],
        "circulation": [{"id": c.id, "reader": c.reader_name, "sent_on": c.sent_on, "read_on": c.read_on,
                         "remark": c.remark} for c in circulation_of(doc)],
    }


# ================================================================ the register as a listing
def _light_case(today: date, calendar: workdays.Calendar | None = None):
    """The light in SQL, as ``light_of`` gives it."""
    soon = (calendar or workdays.Calendar()).next_working_day(today)
    d = IncomingDocument
    return pw.Case(None, [(d.status == IN_VOID, NO_LIGHT), (d.status != IN_OPEN, workdays.DONE),
                          (d.deadline.is_null(), NO_LIGHT), (d.deadline < today, workdays.RED),
                          (d.deadline <= soon, workdays.YELLOW)], workdays.GREEN)


def _light_rank(today: date, calendar: workdays.Calendar | None = None):
    soon = (calendar or workdays.Calendar()).next_working_day(today)
    d = IncomingDocument
    return pw.Case(None, [(d.status == IN_VOID, 5), (d.status != IN_OPEN, 4), (d.deadline.is_null(), 3),
                          (d.deadline < today, 0), (d.deadline <= soon, 1)], 2)


def _number_expr():
    d = IncomingDocument
    return (pw.Value("收〔").concat(pw.Cast(d.year, "TEXT")).concat("〕")
            .concat(pw.Cast(d.serial, "TEXT")).concat("号"))


def incoming_listing(today: date | None = None) -> Listing:
    """The 收文登记簿 as the window lists it: newest number first; filters ``year``, ``status``,
    ``section`` (an id) and ``light`` (红 = overdue)."""
    today = today or date.today()
    calendar = workdays.Calendar()
    d = IncomingDocument
    handler = pw.fn.COALESCE(pw.fn.NULLIF(d.handler_name, ""), Person.name)
    return Listing(
        model=IncomingDocument,
        columns=[
            Column("light", "状态灯", _light_case(today, calendar), order=(_light_rank(today, calendar), d.deadline)),
            Column("no", "收文编号", _number_expr(), searchable=True, order=(d.year, d.serial)),
            Column("received_on", "收文日期", d.received_on),
            Column("source_unit", "来文单位", d.source_unit, searchable=True),
            Column("source_ref", "来文字号", d.source_ref, searchable=True),
            Column("title", "标题", d.title, searchable=True),
            Column("urgency", "紧急程度", d.urgency),
            Column("section", "承办科室", Section.name, searchable=True),
            Column("handler", "承办人", handler, searchable=True),
            Column("deadline", "办理时限", d.deadline),
            Column("status", "状态", d.status),
            Column("done_on", "办结日期", d.done_on),
        ],
        joins=lambda q: (q.join(Section, pw.JOIN.LEFT_OUTER, on=(d.section == Section.id)).switch(d)
                         .join(Person, pw.JOIN.LEFT_OUTER, on=(d.handler == Person.id))),
        default_order="no",
        default_desc=True,
        filters={"year": d.year, "section": d.section},
        joins_keep_rows=True,
    )


# ================================================================ checks shared by the steps
def _text(value, label: str, limit: int, required: bool = False) -> str:
    text = required_text(value, label) if required else (value or "").strip()
    if len(text) > limit:
        raise BadValue(f"{label}不超过{limit}个字（现在{len(text)}个字）")
    return text


def _day(value, label: str, doc: IncomingDocument | None, today: date | None, default: date | None = None) -> date:
    """A date of a step: given (or ``default``), not in the future, not before the document came in."""
    day = a_date(value, label) or default
    if day is None:
        raise BadValue(f"{label}不能为空")
    _not_future(day, label, today)
    if doc is not None and day < doc.received_on:
        raise BadValue(f"{label} {day} 早于收文日期 {doc.received_on}（{number_of(doc)}）")
    return day


def _stored(doc: IncomingDocument | int) -> IncomingDocument:
    """The document as stored now, read after its lock (call inside the write's transaction)."""
    doc_id = doc.id if isinstance(doc, IncomingDocument) else doc
    if doc_id is None:
        raise BadValue("这件收文还没有登记")
    transaction_lock("incoming document", doc_id)
    stored = IncomingDocument.get_or_none(IncomingDocument.id == doc_id)
    if stored is None:
        raise BadValue("没有这件收文（可能已被删除），请刷新后再看")
    return stored


def _handled(doc: IncomingDocument | int) -> IncomingDocument:
    """``_stored``, and a 科室录入员's right checked again on it: another workstation may have given the
    document to another section since the check before the transaction."""
    stored = _stored(doc)
    auth.require("documents.handle", stored.section_id)
    return stored


def _follow(doc, stored: IncomingDocument) -> IncomingDocument:
    """The caller's object shows what was stored."""
    if isinstance(doc, IncomingDocument) and doc is not stored:
        doc.__data__.update(stored.__data__)
        doc._dirty.clear()
    return stored


def _open(doc: IncomingDocument, what: str) -> None:
    """Only a document 办理中 takes this step."""
    if doc.status != IN_OPEN:
        raise BadValue(f"{number_of(doc)}{doc.status}，不能再{what}")


def _not_void(doc: IncomingDocument, what: str) -> None:
    if doc.status == IN_VOID:
        raise BadValue(f"{number_of(doc)}已作废（{doc.void_reason}），不能再{what}")


def _note(doc: IncomingDocument, day: date, text: str, who: str = "") -> IncomingStep:
    return IncomingStep.create(document=doc, noted_on=day, note=text, noted_by=(who or display_name())[:30])


def document_section(doc, *args, **kwargs) -> list:
    """Whose a document is, for a 科室录入员: its 承办科室 as stored (and as in memory, when a script
    changed it there)."""
    doc_id = doc.id if isinstance(doc, IncomingDocument) else doc if isinstance(doc, int) else None
    if doc_id is None:
        return [None]
    stored = IncomingDocument.select(IncomingDocument.section).where(IncomingDocument.id == doc_id).scalar()
    mine = doc.section_id if isinstance(doc, IncomingDocument) else stored
    return [stored] if mine == stored else [stored, mine]


# ================================================================ 签收、登记
def _secrecy(value) -> str:
    level = (value or SECRECY_LEVELS[0]).strip()
    if level not in SECRECY_LEVELS:
        raise BadValue(f"密级“{level}”：本系统只登记{'、'.join(SECRECY_LEVELS)}的文件。{CONFIDENTIAL_CHANNEL}",
                       field="secrecy")
    return level


def _registration(data: dict, today: date | None) -> dict:
    """The checked fields of a registration (new or corrected)."""
    received = a_date(data.get("received_on"), "收文日期", required=True)
    _not_future(received, "收文日期", today)
    urgency = (data.get("urgency") or URGENCIES[-1]).strip()
    if urgency not in URGENCIES:
        raise BadValue(f"紧急程度应为{'、'.join(URGENCIES)}之一，而不是“{urgency}”", field="urgency")
    copies = a_count(data.get("copies") if data.get("copies") not in (None, "") else 1, "份数", positive=True)
    if copies > 9999:
        raise BadValue(f"份数 {copies} 太多：一件收文不超过9999份")
    return {"received_on": received, "urgency": urgency, "copies": copies, "secrecy": _secrecy(data.get("secrecy")),
            "source_unit": _text(data.get("source_unit"), "来文单位", 100, required=True),
            "source_ref": _text(data.get("source_ref"), "来文字号", 60),
            "title": _text(data.get("title"), "标题", 200, required=True)}


def next_serial(year: int) -> int:
    """The next 收文序号 of ``year``: one after the highest, voided ones included (no gaps)."""
    used = IncomingDocument.select(pw.fn.MAX(IncomingDocument.serial)).where(IncomingDocument.year == year).scalar()
    return (used or 0) + 1


@requires("documents.register")
def register(data: dict, today: date | None = None) -> IncomingDocument:
    """签收、登记: the document gets the next 收文编号 of the year of its 收文日期, taken inside the write's
    transaction (one workstation at a time: the year's lock; the unique index on (year, serial) stands
    behind it), and its 办理时限 from the rule in force for its 紧急程度.  Classified documents are
    refused (机要渠道)."""
    values = _registration(data, today)
    year = values["received_on"].year
    deadline = workdays.deadline_for(values["urgency"], values["received_on"])
    nested = database.in_transaction()  # inside another's transaction a clash cannot be retried here
    for attempt in range(1 if nested else NUMBER_ATTEMPTS):
        serial = None
        try:
            with database.atomic():
                transaction_lock("incoming number", year)
                serial = next_serial(year)
                doc = IncomingDocument(year=year, serial=serial, deadline=deadline, status=IN_OPEN,
                                       registered_by=display_name()[:30], **values)
                doc.save(force_insert=True)
            return doc
        except pw.IntegrityError as exc:
            taken = serial is not None and IncomingDocument.select().where(
                IncomingDocument.year == year, IncomingDocument.serial == serial).exists()
            if not taken:
                raise BadValue(auth.CONCURRENT + f"（{exc}）") from exc
            if nested or attempt + 1 == NUMBER_ATTEMPTS:
                raise BadValue(f"收文编号 {incoming_number(year, serial)} 刚被别处占用，连续{attempt + 1}次未能取得编号："
                               "这次登记已撤回，数据保持原样；请稍后再登记") from exc
    raise AssertionError("unreachable")


def _recorded_dates(doc: IncomingDocument) -> list[tuple[date, str]]:
    """The dates already recorded on a document, each with what it is; the steps that record them
    refuse a date before its 收文日期 (``_day``).  A 阅退日期 is never before its 送阅日期 (the table's
    CHECK), so the earliest of each kind is enough.  The 办理过程 notes (批示另定时限、办结、转督办
    write one too) come last: on a tie the date is named by what it is."""
    found = []
    if doc.done_on is not None:
        found.append((doc.done_on, "转督办日期" if doc.status == IN_SUPERVISED else "办结日期"))
    if doc.filed_on is not None:
        found.append((doc.filed_on, "归档日期"))
    if doc.instructed_on is not None:
        found.append((doc.instructed_on, f"{doc.instructed_by}的批示日期" if doc.instructed_by else "批示日期"))
    sent = (Circulation.select().where(Circulation.document == doc.id)
            .order_by(Circulation.sent_on, Circulation.id).first())
    if sent is not None:
        found.append((sent.sent_on, f"送{sent.reader_name}传阅的送阅日期"))
    step = (IncomingStep.select().where(IncomingStep.document == doc.id)
            .order_by(IncomingStep.noted_on, IncomingStep.id).first())
    if step is not None:
        note = step.note if len(step.note) <= 20 else step.note[:20] + "…"
        found.append((step.noted_on, f"办理过程“{note}”的日期"))
    return found


def _not_after_its_records(doc: IncomingDocument, received: date) -> None:
    """A corrected 收文日期 is not after any date already recorded on the document (the steps refuse a
    date before it): the earliest such date is named."""
    found = _recorded_dates(doc)
    if not found:
        return
    day, what = min(found, key=lambda pair: pair[0])
    if received > day:
        raise BadValue(f"收文日期 {received} 晚于{what} {day}（{number_of(doc)}）：收文日期最晚只能改到 {day}",
                       field="received_on")


@requires("documents.register")
def correct(doc: IncomingDocument, data: dict, today: date | None = None) -> IncomingDocument:
    """Correct a registration (来文单位, 字号, 标题, 份数, 紧急程度, 密级, 收文日期 within its year): its
    number stays; the 办理时限 follows a changed date or 紧急程度 (a leader's own number of days kept)."""
    values = _registration(data, today)
    with database.atomic():
        stored = _stored(doc)
        _not_void(stored, "修改")
        if values["received_on"].year != stored.year:
            raise BadValue(f"{number_of(stored)}是{stored.year}年的编号，收文日期不能改到{values['received_on'].year}年；"
                           "登记错了年份的，请作废这个编号（写明原因）后重新登记")
        _not_after_its_records(stored, values["received_on"])
        timing = (values["received_on"], values["urgency"]) != (stored.received_on, stored.urgency)
        for key, value in values.items():
            setattr(stored, key, value)
        if timing and stored.status == IN_OPEN:
            stored.deadline = workdays.deadline_for(stored.urgency, stored.received_on, stored.limit_days)
        stored.save()
    return _follow(doc, stored)


# ================================================================ 初审、批示、承办
@requires("documents.register")
def propose(doc: IncomingDocument, proposal: str, proposed_by: str = "", today: date | None = None) -> IncomingDocument:
    """拟办意见 (秘书科's suggestion of who handles it and how)."""
    text = _text(proposal, "拟办意见", 2000, required=True)
    with database.atomic():
        stored = _stored(doc)
        _open(stored, "写拟办意见")
        stored.proposal, stored.proposed_by = text, _text(proposed_by, "拟办人", 30) or display_name()[:30]
        stored.save()
    return _follow(doc, stored)


@requires("documents.register")
def instruct(doc: IncomingDocument, data: dict, today: date | None = None) -> IncomingDocument:
    """领导批示: who, what and when; with ``limit_days`` the leader's own 办理时限 in working days
    (``limit_reason`` says why), which replaces the rule's."""
    text = _text(data.get("instruction"), "批示内容", 2000, required=True)
    who = _text(data.get("instructed_by"), "批示领导", 30, required=True)
    days = a_count(data.get("limit_days"), "办理时限（工作日）", positive=True)
    reason = _text(data.get("limit_reason"), "时限说明", 150)
    if days is not None and not reason:
        raise BadValue("领导另定办理时限的，请写明依据（如：批示要求一周内办结）")
    with database.atomic():
        stored = _stored(doc)
        _open(stored, "登记领导批示")
        day = _day(data.get("instructed_on"), "批示日期", stored, today, default=today or date.today())
        stored.instruction, stored.instructed_by, stored.instructed_on = text, who, day
        if days is not None:
            stored.deadline = workdays.deadline_for(stored.urgency, stored.received_on, days)
            stored.limit_days, stored.deadline_note = days, f"{who}批示：{reason}"[:200]
        stored.save()
        if days is not None:
            _note(stored, day, f"{who}批示另定办理时限 {days} 个工作日，至 {stored.deadline}：{reason}")
    return _follow(doc, stored)


@requires("documents.register")
def review(doc: IncomingDocument, data: dict, today: date | None = None) -> IncomingDocument:
    """拟办意见 and 领导批示 entered together (the 拟办/批示 form), in one transaction: each when given."""
    proposal, instruction = (data.get("proposal") or "").strip(), (data.get("instruction") or "").strip()
    if not proposal and not instruction:
        raise BadValue("请填写拟办意见或领导批示")
    with database.atomic():
        stored = _stored(doc)
        if proposal and (proposal, (data.get("proposed_by") or "").strip()) != (stored.proposal, stored.proposed_by):
            stored = propose(stored, proposal, data.get("proposed_by") or "", today=today)
        if instruction:
            stored = instruct(stored, data, today=today)
    return _follow(doc, stored)


@requires("documents.register")
def assign(doc: IncomingDocument, section, handler=None, today: date | None = None) -> IncomingDocument:
    """承办: the 承办科室 and 承办人 (someone of that section, or a name as written); the 办理时限
    counted again from the 收文日期 (the rule's, or the leader's own number of days)."""
    target = _section(section, "承办科室")
    person = _person(handler, "承办人") if not isinstance(handler, str) else None
    name = handler.strip()[:30] if isinstance(handler, str) else (person.name if person else "")
    if person is not None:
        if person.status in GONE:
            raise BadValue(f"{person.name}已{person.status}，不能再承办文件")
        if person.section_id != target.id:
            raise BadValue(f"承办人{person.name}不在{target.name}：请选{target.name}的人员，或改选承办科室")
    with database.atomic():
        stored = _stored(doc)
        _open(stored, "交办")
        before = (stored.section_id, stored.handler_name)
        stored.section, stored.handler, stored.handler_name = target, person, name
        stored.deadline = workdays.deadline_for(stored.urgency, stored.received_on, stored.limit_days)
        stored.save()
        if before != (target.id, name):
            was = f"（原{Section.get_by_id(before[0]).name}{before[1] and '，' + before[1]}）" if before[0] else ""
            _note(stored, max(today or date.today(), stored.received_on),
                  f"交{target.name}{name and '，' + name}承办{was}，办理时限 {stored.deadline}")
    return _follow(doc, stored)


# ================================================================ 办理过程、传阅
@requires("documents.handle", section_of=document_section)
def add_step(doc: IncomingDocument, noted_on, note: str, noted_by: str = "",
             today: date | None = None) -> IncomingStep:
    """办理过程: a dated entry of what was done."""
    text = _text(note, "办理情况", 2000, required=True)
    with database.atomic():
        stored = _handled(doc)
        _not_void(stored, "登记办理过程")
        day = _day(noted_on, "日期", stored, today)
        return _note(stored, day, text, _text(noted_by, "记录人", 30))


def _reader(value) -> tuple[Person | None, str]:
    if isinstance(value, str):
        return None, _text(value, "传阅领导", 30, required=True)
    person = _person(value, "传阅领导")
    if person is None:
        raise BadValue("请选择传阅的领导")
    return person, person.name


@requires("documents.register")
def circulate(doc: IncomingDocument, readers, sent_on=None, remark: str = "",
              today: date | None = None) -> list[Circulation]:
    """传阅: the document sent to each of ``readers`` (people or names) on ``sent_on``; one still
    reading it is not sent it again."""
    people = [_reader(r) for r in (readers if isinstance(readers, (list, tuple)) else [readers])]
    if not people:
        raise BadValue("请选择传阅的领导")
    note = _text(remark, "备注", 200)
    with database.atomic():
        stored = _stored(doc)
        _not_void(stored, "传阅")
        day = _day(sent_on, "送阅日期", stored, today, default=today or date.today())
        reading = {c.reader_name for c in circulation_of(stored) if c.read_on is None}
        twice = [name for _p, name in people if name in reading]
        if twice:
            raise BadValue(f"{'、'.join(twice)}还在阅{number_of(stored)}（未阅退），不必再送")
        if len({name for _p, name in people}) != len(people):
            raise BadValue("同一位领导选了两次")
        made = [Circulation.create(document=stored, reader=p, reader_name=name, sent_on=day, remark=note)
                for p, name in people]
    return made


@requires("documents.register")
def mark_read(circulation: Circulation | int, read_on=None, today: date | None = None) -> Circulation:
    """阅退: the leader has read it (and sent it back) on ``read_on``."""
    key = circulation.id if isinstance(circulation, Circulation) else circulation
    with database.atomic():
        row = Circulation.get_or_none(Circulation.id == key)
        if row is None:
            raise BadValue("没有这条传阅记录，请刷新后再看")
        _stored(row.document_id)
        row = Circulation.get_by_id(key)
        if row.read_on is not None:
            raise BadValue(f"{row.reader_name}已于 {row.read_on} 阅退")
        day = _day(read_on, "阅退日期", None, today, default=today or date.today())
        if day < row.sent_on:
            raise BadValue(f"阅退日期 {day} 早于送阅日期 {row.sent_on}")
        row.read_on = day
        row.save()
    return row


@requires("documents.register")
def record_circulation(doc: IncomingDocument, send_to=(), sent_on=None, returned=(), read_on=None,
                       remark: str = "", today: date | None = None) -> IncomingDocument:
    """The 传阅 form: the circulations ``returned`` (ids) marked read on ``read_on`` and the document sent
    to ``send_to`` on ``sent_on``, in one transaction."""
    if not send_to and not returned:
        raise BadValue("请选择送阅的领导，或勾选已阅退的领导")
    with database.atomic():
        stored = _stored(doc)
        mine = {c.id for c in circulation_of(stored)}
        for key in returned:
            if key not in mine:
                raise BadValue("这条传阅记录不属于这件收文，请刷新后再看")
            mark_read(key, read_on, today=today)
        if send_to:
            circulate(stored, list(send_to), sent_on, remark, today=today)
    return _follow(doc, stored)


def reader_names(text: str) -> list[str]:
    """The leaders of a 送阅 line as typed: 王市长、李副市长，张秘书长 (any of 、，,; or spaces between)."""
    return [name for name in re.split(r"[、，,；;\s]+", text or "") if name]


# ================================================================ 办结、转督办
@requires("documents.handle", section_of=document_section)
def complete(doc: IncomingDocument, done_on, result: str, today: date | None = None) -> IncomingDocument:
    """办结: the date (not before the document came in, nor in the future) and the result."""
    text = _text(result, "办理结果", 2000, required=True)
    with database.atomic():
        stored = _handled(doc)
        _open(stored, "办结")
        day = _day(done_on, "办结日期", stored, today)
        stored.status, stored.done_on, stored.result = IN_DONE, day, text
        stored.save()
        late = workdays.Calendar().between(stored.deadline, day) if stored.deadline else 0
        _note(stored, day, f"办结{f'（超期{late}个工作日）' if late else ''}：{text}")
    return _follow(doc, stored)


@requires("documents.register")
def to_task(doc: IncomingDocument, on=None, title: str | None = None, today: date | None = None) -> SupervisedTask:
    """转为督办事项, in one step: a 督办事项 (来源 领导交办; the document's title, the leader's 批示 as its
    requirement, the 承办人 and 承办科室 as its responsible person and section, the document's 办理时限
    as its deadline, assigned ``on``) linked both ways, and the document 转督办 with ``done_on`` that
    day: its further handling is the 督办事项's."""
    with database.atomic():
        stored = _stored(doc)
        _open(stored, "转为督办事项")
        day = _day(on, "转督办日期", stored, today, default=today or date.today())
        no = number_of(stored)
        if not stored.instruction.strip():
            raise BadValue(f"{no}还没有领导批示：转为督办事项（领导交办）要以领导批示为办理要求，请先登记批示")
        person = Person.get_or_none(Person.id == stored.handler_id) if stored.handler_id else None
        if person is None:
            raise BadValue(f"{no}还没有落实到承办人：督办事项要落实到人，请先在“承办”中选定承办科室和承办人")
        if person.status in GONE:
            raise BadValue(f"承办人{person.name}已{person.status}：请先改定承办人")
        if stored.deadline is None or stored.deadline < day:
            raise BadValue(f"{no}的办理时限 {stored.deadline} 已过：转督办前请登记领导另定的办理时限")
        _task_month_open(stored.deadline, "办结时限")
        label = _text(title, "督办事项", 200) or f"{stored.title}（{no}）"[:200]
        instruction = f"{stored.instructed_by}批示（{stored.instructed_on or ''}）：{stored.instruction}"
        task = SupervisedTask.create(source=TASK_SOURCE, title=label, requirement=instruction.replace("（）", ""),
                                     person=person, person_name=person.name, section=stored.section_id,
                                     assigned_on=day, deadline=stored.deadline, status=TASK_OPEN)
        TaskProgress.create(task=task, noted_on=day, note=f"由收文{no}（{stored.source_unit}）转为督办事项",
                            noted_by=display_name()[:30])
        stored.status, stored.done_on, stored.task = IN_SUPERVISED, day, task
        stored.result = f"转为督办事项：{label}"
        stored.save()
        _note(stored, day, f"转为督办事项，责任人{person.name}，办结时限 {stored.deadline}")
    _follow(doc, stored)
    return task


# ================================================================ 作废、归档
@requires("documents.register")
def void(doc: IncomingDocument, reason: str, today: date | None = None) -> IncomingDocument:
    """作废 a number registered in error (a duplicate, the wrong year): its number stays in the register,
    with the reason; never given again."""
    text = _text(reason, "作废原因", 500, required=True)
    with database.atomic():
        stored = _stored(doc)
        if stored.status == IN_VOID:
            raise BadValue(f"{number_of(stored)}已作废")
        if stored.status != IN_OPEN:
            raise BadValue(f"{number_of(stored)}{stored.status}，不能作废")
        stored.status, stored.void_reason = IN_VOID, text
        stored.save()
        _note(stored, max(today or date.today(), stored.received_on), f"作废：{text}")
    return _follow(doc, stored)


@requires("documents.register")
def file_document(doc: IncomingDocument, archive_no: str, filed_on=None, today: date | None = None) -> IncomingDocument:
    """归档: a document 办结 (or 转督办) marked for filing with its 档号 (one 档号, one document)."""
    number = _text(archive_no, "档号", 60, required=True)
    with database.atomic():
        stored = _stored(doc)
        if stored.status not in (IN_DONE, IN_SUPERVISED):
            raise BadValue(f"{number_of(stored)}{stored.status}：办结（或转督办）后才能归档")
        day = _day(filed_on, "归档日期", stored, today, default=today or date.today())
        if day < stored.done_on:
            raise BadValue(f"归档日期 {day} 早于办结日期 {stored.done_on}")
        clash = IncomingDocument.get_or_none(IncomingDocument.archive_no == number, IncomingDocument.id != stored.id)
        if clash is not None:
            raise BadValue(f"档号“{number}”已用于{number_of(clash)}：一个档号只对应一件文件")
        stored.archive_no, stored.filed_on = number, day
        stored.save()
    return _follow(doc, stored)


assert set(IN_STATUSES) == {IN_OPEN, IN_DONE, IN_SUPERVISED, IN_VOID}
