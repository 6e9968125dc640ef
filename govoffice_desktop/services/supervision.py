"""督查督办 services: supervised tasks and their status light."""
from __future__ import annotations

from datetime import date, timedelta

import peewee as pw

from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services.listing import Column, Listing

DUE_SOON_DAYS = 3
GREEN, YELLOW, RED, DONE, WITHDRAWN = "绿", "黄", "红", "结", "撤"


def task_light(status: str, deadline: date, today: date) -> str:
    """Green, yellow (due within 3 days), red (overdue); 结 when finished, 撤 when withdrawn."""
    if status == "已撤销":
        return WITHDRAWN
    if status != "办理中":
        return DONE
    if deadline < today:
        return RED
    if deadline <= today + timedelta(days=DUE_SOON_DAYS):
        return YELLOW
    return GREEN


def _light_expr(today: date):
    """The same rule as ``task_light``, in SQL so a listing can sort and filter by it."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return pw.Case(None, [
        (SupervisedTask.status == "已撤销", WITHDRAWN),
        (SupervisedTask.status != "办理中", DONE),
        (SupervisedTask.deadline < today, RED),
        (SupervisedTask.deadline <= soon, YELLOW),
    ], GREEN)


def _light_order(today: date):
    """Red first, then yellow, green, finished, and withdrawn tasks last."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return pw.Case(None, [
        (SupervisedTask.status == "已撤销", 4),
        (SupervisedTask.status != "办理中", 3),
        (SupervisedTask.deadline < today, 0),
        (SupervisedTask.deadline <= soon, 1),
    ], 2), SupervisedTask.deadline


def task_listing(today: date | None = None) -> Listing:
    today = today or date.today()
    return Listing(
        model=SupervisedTask,
        columns=[
            Column("light", _light_expr(today), order=_light_order(today)),
            Column("source", SupervisedTask.source, searchable=True),
            Column("title", SupervisedTask.title, searchable=True),
            Column("person", pw.fn.COALESCE(Person.name, SupervisedTask.person_name), searchable=True),
            Column("section", Section.name, searchable=True),
            Column("assigned_on", SupervisedTask.assigned_on),
            Column("deadline", SupervisedTask.deadline),
            Column("status", SupervisedTask.status, searchable=True),
            Column("completed_on", SupervisedTask.completed_on),
        ],
        joins=lambda q: (q.join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id))
                          .switch(SupervisedTask)
                          .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id))),
        default_order="light",
        default_desc=False,
    )
