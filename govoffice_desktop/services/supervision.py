"""督查督办 services: supervised tasks and their status light."""
from __future__ import annotations

from datetime import date, timedelta

import peewee as pw

from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services.listing import Column, Listing

DUE_SOON_DAYS = 3
GREEN, YELLOW, RED, DONE, WITHDRAWN = "绿", "黄", "红", "结", "撤"


# The light rule, once: (light, sort rank, test in Python, test in SQL), first match wins.
def _rules(today: date):
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return [
        (WITHDRAWN, 4, lambda status, deadline: status == "已撤销", SupervisedTask.status == "已撤销"),
        (DONE, 3, lambda status, deadline: status != "办理中", SupervisedTask.status != "办理中"),
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
