"""督办事项: supervised tasks assigned to a named person with a deadline, their status light
(green, yellow within three days, red overdue) and progress notes."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TASK_DONE, TASK_OPEN, TASK_WITHDRAWN
from datetime import date, timedelta

import peewee as pw

from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import TASK_SOURCES, SupervisedTask, TaskProgress
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.supervision.common import CATEGORY, GONE, _not_future, _person, _section
from govoffice_desktop.services.validation import BadValue, a_date, required_text


DUE_SOON_DAYS = 3
GREEN, YELLOW, RED, DONE, WITHDRAWN = "绿", "黄", "红", "结", "撤"
LIGHT_CODES = {GREEN: "green", YELLOW: "yellow", RED: "red", DONE: "done", WITHDRAWN: "withdrawn"}


# ================================================================ supervised tasks
def _rules(today: date):
    """The light rule, once: (light, sort rank, test in Python, test in SQL), first match wins."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return [
        (WITHDRAWN, 4, lambda status, deadline: status == TASK_WITHDRAWN, SupervisedTask.status == TASK_WITHDRAWN),
        (DONE, 3, lambda status, deadline: status != TASK_OPEN, SupervisedTask.status != TASK_OPEN),
        (RED, 0, lambda status, deadline: deadline < today, SupervisedTask.deadline < today),
        (YELLOW, 1, lambda status, deadline: deadline <= soon, SupervisedTask.deadline <= soon),
        (GREEN, 2, lambda status, deadline: True, None),
    ]


def task_light(status: str, deadline: date, today: date) -> str:
    """Green, yellow (due within 3 days), red (overdue); 结 when finished, 撤 when withdrawn."""
    return next(light for light, _rank, test, _sql in _rules(today) if test(status, deadline))


def _light_case(today: date, rank: bool):
    """The same rule in SQL, giving the light or its sort rank."""
    rules = _rules(today)
    pick = (lambda r: r[1]) if rank else (lambda r: r[0])
    return pw.Case(None, [(r[3], pick(r)) for r in rules if r[3] is not None], pick(rules[-1]))


def task_listing(today: date | None = None) -> Listing:
    today = today or date.today()
    return Listing(
        model=SupervisedTask,
        columns=[
            Column("light", "状态灯", _light_case(today, rank=False), order=(_light_case(today, rank=True),
                                                                   SupervisedTask.deadline)),
            Column("source", "来源", SupervisedTask.source, searchable=True),
            Column("title", "督办事项", SupervisedTask.title, searchable=True),
            Column("person", "责任人", pw.fn.COALESCE(Person.name, SupervisedTask.person_name), searchable=True),
            Column("section", "责任科室", Section.name, searchable=True),
            Column("assigned_on", "交办日期", SupervisedTask.assigned_on),
            Column("deadline", "办结时限", SupervisedTask.deadline),
            Column("status", "状态", SupervisedTask.status, searchable=True),
            Column("completed_on", "办结日期", SupervisedTask.completed_on),
        ],
        joins=lambda q: (q.join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id))
                          .switch(SupervisedTask)
                          .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id))),
        default_order="light",
        default_desc=False,
    )


def task_by_id(task_id: int | None) -> SupervisedTask | None:
    return SupervisedTask.get_or_none(SupervisedTask.id == task_id) if task_id is not None else None


def progress_of(task: SupervisedTask) -> list[TaskProgress]:
    return list(TaskProgress.select().where(TaskProgress.task == task)
                .order_by(TaskProgress.noted_on, TaskProgress.id))


def _note(task: SupervisedTask, noted_on: date, text: str, who: str = "") -> TaskProgress:
    return TaskProgress.create(task=task, noted_on=noted_on, note=text, noted_by=who or current_user())


@requires("supervision.edit")
def save_task(data: dict, task: SupervisedTask | None = None, today: date | None = None) -> SupervisedTask:
    """督办事项: a source, a title, the requirement, a named responsible person (and section), the
    date assigned and the deadline.  A changed deadline is noted in the task's progress."""
    today = today or date.today()
    source = data.get("source") or ""
    if source not in TASK_SOURCES:
        raise BadValue(f"来源应为{'、'.join(TASK_SOURCES)}之一")
    title = required_text(data.get("title"), "督办事项")
    if len(title) > 200:
        raise BadValue("督办事项不超过200个字")
    person = _person(data.get("person"), "责任人")
    if person is None:
        raise BadValue("督办事项要落实到人：请选择责任人")
    if person.status in GONE and (task is None or task.person_id != person.id):
        raise BadValue(f"{person.name}已{person.status}，不能再交办事项")
    section = _person_section(data.get("section"), person)
    assigned = a_date(data.get("assigned_on"), "交办日期", required=True)
    _not_future(assigned, "交办日期", today)
    deadline = a_date(data.get("deadline"), "办结时限", required=True)
    if deadline < assigned:
        raise BadValue(f"办结时限 {deadline} 早于交办日期 {assigned}")
    if task is not None and task.id is not None and task.status != TASK_OPEN and deadline != task.deadline:
        raise BadValue("已办结或已撤销的事项不能再改办结时限；如需继续办理，请先重新办理")
    if task is None or task.id is None or deadline != task.deadline:
        _task_month_open(deadline, "办结时限")
    with database.atomic():
        old_deadline = task.deadline if task is not None and task.id is not None else None
        task = task or SupervisedTask()
        task.source, task.title, task.person, task.person_name, task.section = source, title, person, person.name, section
        task.requirement = (data.get("requirement") or "").strip()
        task.assigned_on, task.deadline = assigned, deadline
        task.save()
        if old_deadline is not None and old_deadline != deadline:
            _note(task, today, f"办结时限由 {old_deadline} 调整为 {deadline}"
                  + (f"：{data['deadline_reason'].strip()}" if (data.get("deadline_reason") or "").strip() else ""))
    return task


def _task_month_open(day: date, what: str) -> None:
    """A task's dated change (deadline, completion, withdrawal) may not fall in a month whose
    督查 is closed: that month's closing has already charged what was overdue."""
    if months.is_closed(CATEGORY, day.year, day.month):
        raise BadValue(f"{day.year}年{day.month}月的督查已结账，{what}不能定在该月（{day}）；如需更正，请先撤销结账")


def _person_section(value, person: Person) -> Section | None:
    if value in (None, ""):
        return person.section
    return _section(value, "责任科室")


@requires("supervision.edit")
def add_progress(task: SupervisedTask, noted_on, note: str, noted_by: str = "",
                 today: date | None = None) -> TaskProgress:
    """A dated progress note (进展情况)."""
    day = a_date(noted_on, "进展日期", required=True)
    _not_future(day, "进展日期", today)
    if day < task.assigned_on:
        raise BadValue(f"进展日期 {day} 早于交办日期 {task.assigned_on}")
    text = required_text(note, "进展情况")
    if task.status == TASK_WITHDRAWN:
        raise BadValue("已撤销的事项不再登记进展")
    return _note(task, day, text, noted_by)


@requires("supervision.edit")
def complete_task(task: SupervisedTask, completed_on, result: str, today: date | None = None) -> SupervisedTask:
    """办结, with the date and the result."""
    day = a_date(completed_on, "办结日期", required=True)
    _not_future(day, "办结日期", today)
    if task.status != TASK_OPEN:
        raise BadValue(f"这件事项{task.status}，不能再办结")
    if day < task.assigned_on:
        raise BadValue(f"办结日期 {day} 早于交办日期 {task.assigned_on}")
    text = required_text(result, "办理结果")
    _task_month_open(day, "办结日期")
    with database.atomic():
        task.status, task.completed_on, task.result = TASK_DONE, day, text
        task.save()
        late = (day - task.deadline).days
        _note(task, day, f"办结{'（逾期%d天）' % late if late > 0 else ''}：{text}")
    return task


@requires("supervision.edit")
def withdraw_task(task: SupervisedTask, reason: str, on=None, today: date | None = None) -> SupervisedTask:
    """撤销督办, with the reason (情况变化，经领导同意…)."""
    day = a_date(on, "撤销日期") or (today or date.today())
    _not_future(day, "撤销日期", today)
    if day < task.assigned_on:
        raise BadValue(f"撤销日期 {day} 早于交办日期 {task.assigned_on}")
    text = required_text(reason, "撤销原因")
    if task.status != TASK_OPEN:
        raise BadValue(f"这件事项{task.status}，不能撤销")
    _task_month_open(day, "撤销日期")
    with database.atomic():
        task.status, task.result = TASK_WITHDRAWN, text
        task.save()
        _note(task, day, f"撤销督办：{text}")
    return task


@requires("supervision.edit")
def reopen_task(task: SupervisedTask, reason: str, today: date | None = None) -> SupervisedTask:
    """重新办理: a finished or withdrawn task goes back to 办理中, its old result in the history."""
    text = required_text(reason, "重新办理的原因")
    if task.status == TASK_OPEN:
        raise BadValue("这件事项正在办理中")
    if task.completed_on is not None:
        _task_month_open(task.completed_on, "原办结日期")  # reopening would rewrite a closed month
    day = max(today or date.today(), task.assigned_on)
    with database.atomic():
        was = f"原{task.status}（{task.completed_on or ''}）：{task.result}".replace("（）", "")
        task.status, task.completed_on, task.result = TASK_OPEN, None, ""
        task.save()
        _note(task, day, f"重新办理：{text}。{was}")
    return task


def task_row(task: SupervisedTask, today: date) -> dict:
    light = task_light(task.status, task.deadline, today)
    late = (task.completed_on or today) > task.deadline and task.status != TASK_WITHDRAWN
    return {"id": task.id, "title": task.title, "source": task.source,
            "responsible": task.person.name if task.person_id else task.person_name,
            "section": task.section.name if task.section_id else "", "assigned_on": task.assigned_on.isoformat(),
            "deadline": task.deadline.isoformat(), "status": task.status, "light": LIGHT_CODES[light],
            "light_zh": light, "completed_on": task.completed_on.isoformat() if task.completed_on else None,
            "days_left": (task.deadline - today).days if task.status == TASK_OPEN else None, "late": late}


def tasks_report(today: date | None = None, where: pw.Expression | None = None) -> dict:
    """Every task (of ``where``) with its light as of ``today``: red first, then yellow, green, done, withdrawn."""
    today = today or date.today()
    order = {light: rank for light, rank, _t, _s in _rules(today)}
    query = (SupervisedTask.select(SupervisedTask, Person, Section)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id)).switch(SupervisedTask)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id)))
    tasks = list(query if where is None else query.where(where))
    rows = [task_row(t, today) for t in tasks]
    rows.sort(key=lambda r: (order[r["light_zh"]], r["deadline"], r["id"]))
    return {"as_of": today.isoformat(), "tasks": rows}


def tasks_needing_attention(today: date | None = None) -> list[dict]:
    """The tasks that are red or yellow today, most urgent first (for 首页): only the open ones due
    within the yellow days are read, not every task ever assigned."""
    today = today or date.today()
    due = (SupervisedTask.status == TASK_OPEN) & (SupervisedTask.deadline <= today + timedelta(days=DUE_SOON_DAYS))
    return [r for r in tasks_report(today, due)["tasks"] if r["light"] in ("red", "yellow")]
