"""督查结账: the month's rewards and penalties from the checks' points and the overdue tasks,
posted and taken back through services/months.py."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TASK_WITHDRAWN
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user
from govoffice_desktop.models.documents import IN_VOID, IncomingDocument
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask, SupervisionTarget
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.documents.numbers import incoming_number
from govoffice_desktop.services.rules import rule_amount
from govoffice_desktop.services.supervision.common import CATEGORY, CENT, _month_bounds, _points
from govoffice_desktop.services.validation import BadValue


# ================================================================ the month's rewards and penalties
SUPERVISION_SOURCE = "supervision_month"


@dataclass
class SupervisionEntry:
    person: Person
    amount: Decimal
    reason: str
    source_table: str
    source_id: int


def supervision_month_entries(year: int, month: int) -> list[SupervisionEntry]:
    """What closing the month posts under the 督查 rules in force at its end: every point taken off
    or added by a check, charged to the person it names or else to the section's chief, every
    task whose deadline fell in the month and passed before it was done, charged to its person, and
    every 收文 likewise (rule document_overdue), charged to its 承办人 or else the section's chief.
    Refuses (names who) when a charge has nobody to go to."""
    first, last = _month_bounds(year, month)
    per_point_off, per_point_on = rule_amount("check_deduction", last), rule_amount("check_bonus", last)
    per_task = rule_amount("task_overdue", last)
    out: list[SupervisionEntry] = []
    nobody: list[str] = []
    checks = (DailyCheck.select(DailyCheck, Section, SupervisionTarget)
              .join(Section, on=(DailyCheck.section == Section.id)).switch(DailyCheck)
              .join(SupervisionTarget, on=(DailyCheck.target == SupervisionTarget.id))
              .where(DailyCheck.checked_on.between(first, last), (DailyCheck.deduction > 0) | (DailyCheck.bonus > 0))
              .order_by(DailyCheck.checked_on, DailyCheck.id))
    for c in checks:
        who = c.person if c.person_id else c.section.chief
        if who is None:
            nobody.append(f"{c.section.name}（没有负责人）")
            continue
        table = DailyCheck._meta.table_name
        if c.deduction and per_point_off:
            out.append(SupervisionEntry(who, (c.deduction * per_point_off).quantize(CENT),
                                        f"{c.checked_on} {c.section.name}“{c.target.name}”未达标扣{_points(c.deduction)}分："
                                        f"{c.remark}"[:200], table, c.id))
        if c.bonus and per_point_on:
            out.append(SupervisionEntry(who, (c.bonus * per_point_on).quantize(CENT),
                                        f"{c.checked_on} {c.section.name}“{c.target.name}”加{_points(c.bonus)}分："
                                        f"{c.remark}"[:200], table, c.id))
    if per_task:
        late = (SupervisedTask.select().where(SupervisedTask.deadline.between(first, last),
                                              SupervisedTask.status != TASK_WITHDRAWN,
                                              SupervisedTask.completed_on.is_null()
                                              | (SupervisedTask.completed_on > SupervisedTask.deadline))
                .order_by(SupervisedTask.deadline, SupervisedTask.id))
        charged = {sid for (sid,) in RewardPenalty.select(RewardPenalty.source_id).where(
            RewardPenalty.source_table == SupervisedTask._meta.table_name,
            ~RewardPenalty.entry_date.between(first, last)).tuples()}  # by another month's closing
        for t in late:
            if t.id in charged:  # charged once already (its deadline was moved since): never twice
                continue
            if t.person_id is None:
                nobody.append(f"督办事项“{t.title}”（责任人“{t.person_name}”未关联人员档案）")
                continue
            how = "逾期办结" if t.completed_on else "逾期未办结"
            out.append(SupervisionEntry(t.person, per_task, f"督办事项“{t.title}”{how}（时限 {t.deadline}）"[:200],
                                        SupervisedTask._meta.table_name, t.id))
    out += _overdue_documents(first, last, nobody)
    if nobody:
        raise BadValue("以下督查扣分或加分无人承担，请先指定科室负责人或关联责任人：" + "；".join(dict.fromkeys(nobody)))
    return out


def _overdue_documents(first: date, last: date, nobody: list[str]) -> list[SupervisionEntry]:
    """收文 whose 办理时限 fell in the month and passed before they were done (or are still open), under
    the rule document_overdue, like overdue 督办事项: charged to the 承办人, else to the 承办科室's chief
    (``nobody`` gains those with neither); never twice for one document."""
    per_document = rule_amount("document_overdue", last)
    if not per_document:
        return []
    D = IncomingDocument
    late = (D.select(D, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(D.section == Section.id))
            .where(D.deadline.between(first, last), D.status != IN_VOID,
                   D.done_on.is_null() | (D.done_on > D.deadline))
            .order_by(D.deadline, D.year, D.serial))
    table = D._meta.table_name
    charged = {sid for (sid,) in RewardPenalty.select(RewardPenalty.source_id).where(
        RewardPenalty.source_table == table, ~RewardPenalty.entry_date.between(first, last)).tuples()}
    out = []
    for d in late:
        if d.id in charged:  # charged by another month's closing (its deadline was moved since)
            continue
        no = incoming_number(d.year, d.serial)
        who = d.handler if d.handler_id else (d.section.chief if d.section_id else None)
        if who is None:
            where = f"承办科室“{d.section.name}”没有负责人" if d.section_id else "未定承办科室"
            nobody.append(f"收文{no}“{d.title}”（{'承办人“' + d.handler_name + '”未关联人员档案，' if d.handler_name else ''}"
                          f"{where}）")
            continue
        how = "逾期办结" if d.done_on else "逾期未办结"
        out.append(SupervisionEntry(who, per_document, f"收文{no}“{d.title}”{how}（时限 {d.deadline}）"[:200],
                                    table, d.id))
    return out


def _posted(year: int, month: int):
    first, last = _month_bounds(year, month)
    return ((RewardPenalty.category == CATEGORY) & RewardPenalty.entry_date.between(first, last)
            & RewardPenalty.source_table.in_([DailyCheck._meta.table_name, SupervisedTask._meta.table_name,
                                              IncomingDocument._meta.table_name]))


CLOSING = months.Closing(CATEGORY, (CATEGORY,), _posted)


def supervision_month_state(year: int, month: int) -> tuple[bool, bool]:
    """(closed, the bonus sheet of the month is final)."""
    return months.state(CLOSING, year, month)


@requires("supervision.close")
def close_supervision_month(year: int, month: int, today: date | None = None) -> list[SupervisionEntry]:
    """结账: post the month's 督查 rewards and penalties to the ledger; the month then takes no checks."""
    posted: list[SupervisionEntry] = []

    def rows() -> list[dict]:
        posted[:] = supervision_month_entries(year, month)
        last = _month_bounds(year, month)[1]
        return [dict(person=e.person.id, entry_date=last, category=CATEGORY, amount=e.amount, reason=e.reason,
                     source_table=e.source_table, source_id=e.source_id, entered_by=current_user()) for e in posted]

    months.close(CLOSING, year, month, rows, today)
    return posted


@requires("supervision.close")
def reopen_supervision_month(year: int, month: int) -> None:
    """撤销结账, until the month's bonus sheet is final: the posted entries go, the checks reopen."""
    months.reopen(CLOSING, year, month)
