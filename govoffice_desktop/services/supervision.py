"""督查督办 services: targets, daily checks and scores, the monthly 考核督查专报, supervised tasks
with their status light, and the meeting and phone logs of two of the four campaigns.

A section's daily score is 100 minus the day's deductions plus its bonus points, on the days it
was checked; its monthly score is the mean of those daily scores.  Every refusal says what and
where in Chinese and leaves the data as it was; writes that belong together are one transaction.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database, transaction_lock
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import (TARGET_KINDS, TASK_SOURCES, DailyCheck, MeetingLog, PhoneLog,
                                                  SupervisedTask, SupervisionReport, SupervisionTarget, TaskProgress)
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import BadValue, a_date, a_number, required_text
from govoffice_desktop.services import auth
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.months import lock_month

DUE_SOON_DAYS = 3
GREEN, YELLOW, RED, DONE, WITHDRAWN = "绿", "黄", "红", "结", "撤"
LIGHT_CODES = {GREEN: "green", YELLOW: "yellow", RED: "red", DONE: "done", WITHDRAWN: "withdrawn"}
FULL_MARKS = Decimal(100)
CENT = Decimal("0.01")
GONE = ("调离", "退休")


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    if not (2000 <= year <= 2099 and 1 <= month <= 12):
        raise BadValue(f"没有 {year}年{month}月")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def parse_month(text: str) -> tuple[int, int]:
    """2025-10, 2025.10, 2025年10月 → (2025, 10)."""
    import re

    from govoffice_desktop.services.validation import halfwidth

    m = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*", halfwidth(str(text or "")))
    if not m:
        raise BadValue(f"月份应写成 2025-10：{text!r}")
    year, month = int(m.group(1)), int(m.group(2))
    _month_bounds(year, month)
    return year, month


def _section(value, label: str = "科室") -> Section:
    section = Section.get_or_none(Section.id == value) if isinstance(value, int) else value
    if not isinstance(section, Section):
        raise BadValue(f"{label}不能为空" if value in (None, "") else f"没有这个{label}")
    return section


def _person(value, label: str) -> Person | None:
    if value in (None, ""):
        return None
    person = Person.get_or_none(Person.id == value) if isinstance(value, int) else value
    if not isinstance(person, Person):
        raise BadValue(f"没有这位{label}")
    return person


def _not_future(day: date, label: str, today: date | None) -> None:
    if day > (today or date.today()):
        raise BadValue(f"{label} {day} 还没到")


def _rank(items: list, key) -> None:
    """Ranks in place, ties sharing a rank (1, 2, 2, 4); ``items`` sorted best first."""
    for i, item in enumerate(items):
        item.rank = items[i - 1].rank if i and key(item) == key(items[i - 1]) else i + 1


# ================================================================ targets
def targets_of(year: int, section: Section | int | None = None, include_inactive: bool = False,
               every: bool = False) -> list[SupervisionTarget]:
    """The targets of ``year``: with a section, the 共性目标 and that section's 个体目标 (what it is
    checked against); with ``every``, all of the year's targets; otherwise the 共性目标 only."""
    query = SupervisionTarget.select().where(SupervisionTarget.year == year)
    section_id = section.id if isinstance(section, Section) else section
    if section_id is not None:
        query = query.where(SupervisionTarget.section.is_null() | (SupervisionTarget.section == section_id))
    elif not every:
        query = query.where(SupervisionTarget.section.is_null())
    if not include_inactive:
        query = query.where(SupervisionTarget.active)
    return list(query.order_by(SupervisionTarget.kind.desc(), SupervisionTarget.sort_order, SupervisionTarget.id))


def target_years() -> list[int]:
    return [y for (y,) in SupervisionTarget.select(SupervisionTarget.year).distinct()
            .order_by(SupervisionTarget.year).tuples()]


def target_by_id(target_id: int | None) -> SupervisionTarget | None:
    return SupervisionTarget.get_or_none(SupervisionTarget.id == target_id) if target_id is not None else None


@requires("supervision.edit")
def save_target(data: dict, target: SupervisionTarget | None = None) -> SupervisionTarget:
    """A 共性目标 (everyone) or a section's 个体目标, in the set of a year, with its points (deducted
    when missed) and check method.  A target already used by checks keeps its year, kind and section."""
    try:
        year = int(data.get("year"))
    except (TypeError, ValueError):
        raise BadValue("年度应为四位数字") from None
    if not 2000 <= year <= 2099:
        raise BadValue(f"年度 {year} 不在 2000–2099 之间")
    kind = data.get("kind") or "共性目标"
    if kind not in TARGET_KINDS:
        raise BadValue(f"目标类别应为{'或'.join(TARGET_KINDS)}")
    section = None
    if kind == "个体目标":
        section = _section(data.get("section"), "科室（个体目标须指定科室）")
        if not section.active:
            raise BadValue(f"{section.name}已合署，不能再定个体目标")
    name = required_text(data.get("name"), "目标名称")
    if len(name) > 60:
        raise BadValue("目标名称不超过60个字")
    points = a_number(data.get("points"), "分值", places=1)
    if points is None or points <= 0 or points > FULL_MARKS:
        raise BadValue("分值应大于0、不超过100（未达标时扣的分）")
    if target is not None and target.id is not None and DailyCheck.select().where(DailyCheck.target == target).exists():
        if (year, kind, section.id if section else None) != (target.year, target.kind, target.section_id):
            raise BadValue(f"“{target.name}”已有督查记录，不能再改年度、类别或科室（可停用后另建）")
    clash = SupervisionTarget.select().where(SupervisionTarget.year == year, SupervisionTarget.name == name,
                                             (SupervisionTarget.section == section.id) if section
                                             else SupervisionTarget.section.is_null())
    if target is not None and target.id is not None:
        clash = clash.where(SupervisionTarget.id != target.id)
    if clash.exists():
        where = section.name if section else "共性目标"
        raise BadValue(f"{year}年{where}中已有“{name}”")
    target = target or SupervisionTarget()
    target.year, target.kind, target.section, target.name, target.points = year, kind, section, name, points
    target.method = (data.get("method") or "").strip()[:100]
    target.sort_order = int(data.get("sort_order") or target.sort_order or 0)
    target.active = bool(data.get("active", True))
    target.save()
    return target


@requires("supervision.edit")
def copy_targets(from_year: int, to_year: int) -> int:
    """Start a year's set from another year's active targets (those it lacks); returns how many."""
    if from_year == to_year:
        raise BadValue("复制的来源年度和目标年度相同")
    have = {(t.section_id, t.name) for t in SupervisionTarget.select().where(SupervisionTarget.year == to_year)}
    source = [t for t in targets_of(from_year, every=True) if (t.section_id, t.name) not in have
              and (t.section_id is None or t.section.active)]
    if not targets_of(from_year, every=True):
        raise BadValue(f"{from_year}年没有考核目标可复制")
    with database.atomic():
        for t in source:
            SupervisionTarget.create(year=to_year, kind=t.kind, section=t.section_id, name=t.name, points=t.points,
                                     method=t.method, sort_order=t.sort_order, active=True)
    return len(source)


@requires("supervision.edit")
def delete_target(target: SupervisionTarget) -> None:
    if DailyCheck.select().where(DailyCheck.target == target).exists():
        raise BadValue(f"“{target.name}”已有督查记录，不能删除；不再考核的目标请停用")
    target.delete_instance()


# ================================================================ daily checks
def _closed(day: date) -> None:
    from govoffice_desktop.models.rewards import MonthClose

    if MonthClose.select().where(MonthClose.domain == "督查", MonthClose.year == day.year,
                                 MonthClose.month == day.month).exists():
        raise BadValue(f"{day.year}年{day.month}月的督查已结账，不能再登记或修改；如需更正，请先撤销结账")


@dataclass
class CheckValue:
    """One cell of a day's checks: met or missed, the points taken off and added, the remark."""

    met: bool = True
    deduction: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    remark: str = ""


def _check_value(target: SupervisionTarget, met, deduction, bonus, remark) -> CheckValue:
    met = bool(met)
    deduction = a_number(deduction, "扣分", places=1)
    bonus = a_number(bonus, "加分", places=1) or Decimal(0)
    if deduction is None:
        deduction = Decimal(0) if met else target.points
    if deduction < 0 or bonus < 0:
        raise BadValue("扣分和加分都不能为负", field="deduction" if deduction < 0 else "bonus")
    if deduction > FULL_MARKS or bonus > FULL_MARKS:
        raise BadValue("扣分和加分都不超过100分", field="deduction" if deduction > FULL_MARKS else "bonus")
    if met and deduction:
        raise BadValue(f"“{target.name}”标为达标，却扣了{deduction}分；未达标请标为未达标", field="deduction")
    if not met and not deduction:
        raise BadValue(f"“{target.name}”标为未达标，扣分不能为0", field="deduction")
    remark = (remark or "").strip()
    if not met and not remark:
        raise BadValue(f"“{target.name}”未达标，请写明情况（定性评价写在分数旁）", field="remark")
    return CheckValue(met, deduction.quantize(Decimal("0.1")), bonus.quantize(Decimal("0.1")), remark)


def _applies(target: SupervisionTarget, section: Section, day: date) -> None:
    if target.year != day.year:
        raise BadValue(f"“{target.name}”是{target.year}年的目标，不能用于 {day}", field="target")
    if target.section_id is not None and target.section_id != section.id:
        raise BadValue(f"“{target.name}”是{target.section.name}的个体目标，不是{section.name}的", field="target")
    if not target.active:
        raise BadValue(f"“{target.name}”已停用", field="target")


@requires("supervision.edit")
def record_check(data: dict, check: DailyCheck | None = None, today: date | None = None) -> DailyCheck:
    """One check of one target in one section (and person, where it applies) on one day."""
    day = a_date(data.get("checked_on"), "督查日期", required=True)
    _not_future(day, "督查日期", today)
    section = _section(data.get("section"))
    if not section.active:
        raise BadValue(f"{section.name}已合署，不再单独督查")
    target = target_by_id(data.get("target")) if isinstance(data.get("target"), int) else data.get("target")
    if not isinstance(target, SupervisionTarget):
        raise BadValue("请选择督查目标")
    _applies(target, section, day)
    person = _person(data.get("person"), "人员")
    if person is not None and person.section_id != section.id:
        raise BadValue(f"{person.name}不在{section.name}")
    value = _check_value(target, data.get("met", True), data.get("deduction"), data.get("bonus"), data.get("remark"))
    _closed(day)
    if check is not None and check.id is not None:
        _closed(check.checked_on)
    clash = DailyCheck.select().where(DailyCheck.checked_on == day, DailyCheck.section == section,
                                      DailyCheck.target == target,
                                      (DailyCheck.person == person.id) if person else DailyCheck.person.is_null())
    if check is not None and check.id is not None:
        clash = clash.where(DailyCheck.id != check.id)
    if clash.exists():
        who = f"{person.name}的" if person else ""
        raise BadValue(f"{day} {section.name}{who}“{target.name}”已经登记过，请修改原记录")
    check = check or DailyCheck()
    check.checked_on, check.section, check.person, check.target = day, section, person, target
    check.met, check.deduction, check.bonus, check.remark = value.met, value.deduction, value.bonus, value.remark
    check.supervisor = (data.get("supervisor") or "").strip()[:30] or check.supervisor or current_user()
    check.save()
    return check


@requires("supervision.edit")
def delete_check(check: DailyCheck) -> None:
    _closed(check.checked_on)
    check.delete_instance()


def check_by_id(check_id: int | None) -> DailyCheck | None:
    return DailyCheck.get_or_none(DailyCheck.id == check_id) if check_id is not None else None


def checked_sections() -> list[Section]:
    """The sections supervised: those in place now, in the office's order."""
    return list(Section.select().where(Section.active).order_by(Section.sort_order, Section.id))


@dataclass
class DayGrid:
    """The quick-entry grid of one day: sections down, their targets across."""

    day: date
    sections: list[Section]
    common: list[SupervisionTarget]  # the same columns for every section
    own: dict[int, list[SupervisionTarget]]  # section id → its 个体目标
    cells: dict[tuple[int, int], CheckValue]  # (section id, target id) → what is stored (section-level)
    person_checks: list[DailyCheck] = field(default_factory=list)  # checks naming a person that day
    closed: bool = False

    def targets(self, section_id: int) -> list[SupervisionTarget]:
        return self.common + self.own.get(section_id, [])

    def checked(self, section_id: int) -> bool:
        return any(s == section_id for s, _t in self.cells)


def day_grid(day: date) -> DayGrid:
    from govoffice_desktop.models.rewards import MonthClose

    sections = checked_sections()
    stored = list(DailyCheck.select().where(DailyCheck.checked_on == day))
    all_targets = targets_of(day.year, every=True)
    have = {t.id for t in all_targets}
    # a target switched off since still shows on the days it was checked, so the day's score adds up
    all_targets += [t for t in SupervisionTarget.select().where(
        SupervisionTarget.id.in_({c.target_id for c in stored} - have))]
    all_targets.sort(key=lambda t: (t.section_id is not None, t.sort_order, t.id))
    common = [t for t in all_targets if t.section_id is None]
    own: dict[int, list[SupervisionTarget]] = {}
    for t in all_targets:
        if t.section_id is not None:
            own.setdefault(t.section_id, []).append(t)
    cells = {}
    person_checks = []
    for c in stored:
        if c.person_id is None:
            cells[(c.section_id, c.target_id)] = CheckValue(c.met, c.deduction, c.bonus, c.remark)
        else:
            person_checks.append(c)
    closed = MonthClose.select().where(MonthClose.domain == "督查", MonthClose.year == day.year,
                                       MonthClose.month == day.month).exists()
    return DayGrid(day, sections, common, own, cells, person_checks, closed)


@requires("supervision.edit")
def save_day(day, cells: dict[tuple[int, int], dict | CheckValue], supervisor: str = "",
             today: date | None = None) -> int:
    """Save the quick-entry grid of one day, every cell or none: each (section id, target id) →
    met, deduction, bonus, remark.  A refusal names the section and the target."""
    day = a_date(day, "督查日期", required=True)
    _not_future(day, "督查日期", today)
    _closed(day)
    if not cells:
        raise BadValue("没有要保存的督查结果")
    sections = {s.id: s for s in Section.select()}
    targets = {t.id: t for t in SupervisionTarget.select().where(SupervisionTarget.id.in_({t for _s, t in cells}))}
    values = {}
    for (section_id, target_id), cell in cells.items():
        section, target = sections.get(section_id), targets.get(target_id)
        if section is None or target is None:
            raise BadValue("督查表中有已不存在的科室或目标，请重新打开")
        if isinstance(cell, CheckValue):
            cell = cell.__dict__
        try:
            if not section.active:
                raise BadValue("已合署，不再单独督查")
            _applies(target, section, day)
            values[(section_id, target_id)] = _check_value(target, cell.get("met", True), cell.get("deduction"),
                                                           cell.get("bonus"), cell.get("remark"))
        except BadValue as exc:
            raise BadValue(f"{section.name}“{target.name}”：{exc}") from None
    existing = {(c.section_id, c.target_id): c for c in DailyCheck.select().where(
        DailyCheck.checked_on == day, DailyCheck.person.is_null(), DailyCheck.section.in_({s for s, _t in cells}))}
    who = (supervisor or "").strip()[:30] or current_user()
    written = 0
    with database.atomic():
        for key, value in values.items():
            check = existing.get(key)
            if check is not None and (check.met, check.deduction, check.bonus, check.remark) == (
                    value.met, value.deduction, value.bonus, value.remark):
                continue
            check = check or DailyCheck(checked_on=day, section=key[0], target=key[1], person=None)
            check.met, check.deduction, check.bonus, check.remark = value.met, value.deduction, value.bonus, value.remark
            check.supervisor = who
            check.save()
            written += 1
    return written


def check_listing() -> Listing:
    return Listing(
        model=DailyCheck,
        columns=[
            Column("checked_on", "督查日期", DailyCheck.checked_on),
            Column("section", "科室", Section.name, searchable=True),
            Column("person", "人员", Person.name, searchable=True),
            Column("kind", "类别", SupervisionTarget.kind, searchable=True),
            Column("target", "督查目标", SupervisionTarget.name, searchable=True),
            Column("met", "达标", DailyCheck.met),
            Column("deduction", "扣分", DailyCheck.deduction),
            Column("bonus", "加分", DailyCheck.bonus),
            Column("remark", "情况说明", DailyCheck.remark, searchable=True),
            Column("supervisor", "督查人", DailyCheck.supervisor, searchable=True),
        ],
        joins=lambda q: (q.join(Section, on=(DailyCheck.section == Section.id)).switch(DailyCheck)
                          .join(SupervisionTarget, on=(DailyCheck.target == SupervisionTarget.id)).switch(DailyCheck)
                          .join(Person, pw.JOIN.LEFT_OUTER, on=(DailyCheck.person == Person.id))),
        default_order="checked_on",
        default_desc=True,
    )


# ================================================================ scores
def daily_scores(first: date, last: date) -> dict[tuple[date, int], Decimal]:
    """(day, section id) → 100 − deductions + bonus points, on each day the section was checked."""
    rows = (DailyCheck.select(DailyCheck.checked_on, DailyCheck.section,
                              pw.fn.SUM(DailyCheck.deduction), pw.fn.SUM(DailyCheck.bonus))
            .where(DailyCheck.checked_on.between(first, last))
            .group_by(DailyCheck.checked_on, DailyCheck.section).tuples())
    tenth = DailyCheck.deduction.python_value
    return {(DailyCheck.checked_on.adapt(day), section): FULL_MARKS - tenth(ded or 0) + tenth(bon or 0)
            for day, section, ded, bon in rows}


@dataclass
class SectionMonth:
    section: Section
    days: int  # days checked
    score: Decimal  # the mean of the daily scores, two decimals
    deductions: Decimal  # points taken off in the month
    bonus: Decimal
    missed: int  # checks not met
    rank: int = 0
    previous_rank: int | None = None
    previous_score: Decimal | None = None

    @property
    def change(self) -> int | None:
        """Places moved since last month: +2 is up two places; None when not ranked then."""
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def score_change(self) -> Decimal | None:
        return None if self.previous_score is None else self.score - self.previous_score


def _month_ranking(year: int, month: int) -> list[SectionMonth]:
    first, last = _month_bounds(year, month)
    scores = daily_scores(first, last)
    per: dict[int, list[Decimal]] = {}
    for (_day, section_id), score in scores.items():
        per.setdefault(section_id, []).append(score)
    totals = {s: (d, b, m) for s, d, b, m in (
        DailyCheck.select(DailyCheck.section, pw.fn.SUM(DailyCheck.deduction), pw.fn.SUM(DailyCheck.bonus),
                          pw.fn.SUM(pw.Case(None, [(DailyCheck.met == False, 1)], 0)))  # noqa: E712
        .where(DailyCheck.checked_on.between(first, last)).group_by(DailyCheck.section).tuples())}
    tenth = DailyCheck.deduction.python_value
    sections = {s.id: s for s in Section.select().where(Section.id.in_(list(per)))}
    out = []
    for section_id, days in per.items():
        ded, bon, missed = totals[section_id]
        mean = (sum(days, Decimal(0)) / len(days)).quantize(CENT, ROUND_HALF_UP)
        out.append(SectionMonth(sections[section_id], len(days), mean, tenth(ded or 0), tenth(bon or 0),
                                int(missed or 0)))
    out.sort(key=lambda s: (-s.score, s.section.sort_order, s.section.id))
    _rank(out, key=lambda s: s.score)
    return out


def month_scores(year: int, month: int) -> list[SectionMonth]:
    """Each section's monthly score (the mean of its daily scores), ranked, ties sharing a rank,
    with its rank and score of the month before."""
    ranking = _month_ranking(year, month)
    before = {s.section.id: s for s in _month_ranking(*_previous_month(year, month))}
    for s in ranking:
        prev = before.get(s.section.id)
        if prev is not None:
            s.previous_rank, s.previous_score = prev.rank, prev.score
    return ranking


def checked_months() -> list[tuple[int, int]]:
    """Months with checks, newest first."""
    months = set()
    for (day,) in DailyCheck.select(DailyCheck.checked_on).distinct().tuples():
        day = DailyCheck.checked_on.adapt(day)
        months.add((day.year, day.month))
    return sorted(months, reverse=True)


# ================================================================ supervised tasks
def _rules(today: date):
    """The light rule, once: (light, sort rank, test in Python, test in SQL), first match wins."""
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
    if task is not None and task.id is not None and task.status != "办理中" and deadline != task.deadline:
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
    from govoffice_desktop.models.rewards import MonthClose

    if MonthClose.select().where(MonthClose.domain == "督查", MonthClose.year == day.year,
                                 MonthClose.month == day.month).exists():
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
    if task.status == "已撤销":
        raise BadValue("已撤销的事项不再登记进展")
    return _note(task, day, text, noted_by)


@requires("supervision.edit")
def complete_task(task: SupervisedTask, completed_on, result: str, today: date | None = None) -> SupervisedTask:
    """办结, with the date and the result."""
    day = a_date(completed_on, "办结日期", required=True)
    _not_future(day, "办结日期", today)
    if task.status != "办理中":
        raise BadValue(f"这件事项{task.status}，不能再办结")
    if day < task.assigned_on:
        raise BadValue(f"办结日期 {day} 早于交办日期 {task.assigned_on}")
    text = required_text(result, "办理结果")
    _task_month_open(day, "办结日期")
    with database.atomic():
        task.status, task.completed_on, task.result = "已办结", day, text
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
    if task.status != "办理中":
        raise BadValue(f"这件事项{task.status}，不能撤销")
    _task_month_open(day, "撤销日期")
    with database.atomic():
        task.status, task.result = "已撤销", text
        task.save()
        _note(task, day, f"撤销督办：{text}")
    return task


@requires("supervision.edit")
def reopen_task(task: SupervisedTask, reason: str, today: date | None = None) -> SupervisedTask:
    """重新办理: a finished or withdrawn task goes back to 办理中, its old result in the history."""
    text = required_text(reason, "重新办理的原因")
    if task.status == "办理中":
        raise BadValue("这件事项正在办理中")
    if task.completed_on is not None:
        _task_month_open(task.completed_on, "原办结日期")  # reopening would rewrite a closed month
    day = max(today or date.today(), task.assigned_on)
    with database.atomic():
        was = f"原{task.status}（{task.completed_on or ''}）：{task.result}".replace("（）", "")
        task.status, task.completed_on, task.result = "办理中", None, ""
        task.save()
        _note(task, day, f"重新办理：{text}。{was}")
    return task


def task_row(task: SupervisedTask, today: date) -> dict:
    light = task_light(task.status, task.deadline, today)
    late = (task.completed_on or today) > task.deadline and task.status != "已撤销"
    return {"id": task.id, "title": task.title, "source": task.source,
            "responsible": task.person.name if task.person_id else task.person_name,
            "section": task.section.name if task.section_id else "", "assigned_on": task.assigned_on.isoformat(),
            "deadline": task.deadline.isoformat(), "status": task.status, "light": LIGHT_CODES[light],
            "light_zh": light, "completed_on": task.completed_on.isoformat() if task.completed_on else None,
            "days_left": (task.deadline - today).days if task.status == "办理中" else None, "late": late}


def tasks_report(today: date | None = None) -> dict:
    """Every task with its light as of ``today``: red first, then yellow, green, done, withdrawn."""
    today = today or date.today()
    order = {light: rank for light, rank, _t, _s in _rules(today)}
    tasks = list(SupervisedTask.select(SupervisedTask, Person, Section)
                 .join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id)).switch(SupervisedTask)
                 .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id)))
    rows = [task_row(t, today) for t in tasks]
    rows.sort(key=lambda r: (order[r["light_zh"]], r["deadline"], r["id"]))
    return {"as_of": today.isoformat(), "tasks": rows}


def tasks_needing_attention(today: date | None = None) -> list[dict]:
    """The tasks that are red or yellow today, most urgent first (for 首页)."""
    return [r for r in tasks_report(today)["tasks"] if r["light"] in ("red", "yellow")]


# ================================================================ campaign logs
@requires("campaign.log", section_of=auth.meeting_section)
def log_meeting(data: dict, entry: MeetingLog | None = None, today: date | None = None) -> MeetingLog:
    """百次会议无失误: a meeting served, with any mistake described."""
    day = a_date(data.get("held_on"), "会议日期", required=True)
    _not_future(day, "会议日期", today)
    title = required_text(data.get("title"), "会议名称")
    section = None if data.get("section") in (None, "") else _section(data.get("section"), "承办科室")
    slip = bool(data.get("slip"))
    note = (data.get("note") or "").strip()
    if slip and not note:
        raise BadValue("有失误的会议请写明失误情况")
    entry = entry or MeetingLog()
    entry.held_on, entry.title, entry.section, entry.slip, entry.note = day, title[:200], section, slip, note
    entry.save()
    return entry


@requires("campaign.log", section_of=auth.call_section)
def log_call(data: dict, entry: PhoneLog | None = None, today: date | None = None) -> PhoneLog:
    """百次电话无差错: a call handled (date and time, the parties, the matter), an error or not."""
    at = data.get("called_at")
    if isinstance(at, date) and not isinstance(at, datetime):
        at = datetime.combine(at, datetime.min.time())
    if not isinstance(at, datetime):
        day = a_date(at, "来电时间", required=True)
        at = datetime.combine(day, datetime.min.time())
    if at.date() > (today or date.today()):
        raise BadValue(f"来电时间 {at:%Y-%m-%d} 还没到")
    subject = required_text(data.get("subject"), "事由")
    handler = _person(data.get("handled_by"), "接听人")
    error = bool(data.get("error"))
    note = (data.get("note") or "").strip()
    if error and not note:
        raise BadValue("有差错的电话请写明差错情况")
    entry = entry or PhoneLog()
    entry.called_at, entry.caller, entry.subject, entry.handled_by = at, (data.get("caller") or "").strip()[:60], \
        subject[:200], handler
    entry.error, entry.note = error, note
    entry.save()
    return entry


def meeting_by_id(entry_id: int | None) -> MeetingLog | None:
    return MeetingLog.get_or_none(MeetingLog.id == entry_id) if entry_id is not None else None


def call_by_id(entry_id: int | None) -> PhoneLog | None:
    return PhoneLog.get_or_none(PhoneLog.id == entry_id) if entry_id is not None else None


def meeting_listing() -> Listing:
    return Listing(
        model=MeetingLog,
        columns=[
            Column("held_on", "会议日期", MeetingLog.held_on),
            Column("title", "会议名称", MeetingLog.title, searchable=True),
            Column("section", "承办科室", Section.name, searchable=True),
            Column("slip", "失误", MeetingLog.slip),
            Column("note", "失误情况", MeetingLog.note, searchable=True),
        ],
        joins=lambda q: q.join(Section, pw.JOIN.LEFT_OUTER, on=(MeetingLog.section == Section.id)),
        default_order="held_on",
        default_desc=True,
    )


def call_listing() -> Listing:
    return Listing(
        model=PhoneLog,
        columns=[
            Column("called_at", "来电时间", PhoneLog.called_at),
            Column("caller", "来电单位或人员", PhoneLog.caller, searchable=True),
            Column("subject", "事由", PhoneLog.subject, searchable=True),
            Column("handled_by", "接听人", Person.name, searchable=True),
            Column("error", "差错", PhoneLog.error),
            Column("note", "差错情况", PhoneLog.note, searchable=True),
        ],
        joins=lambda q: q.join(Person, pw.JOIN.LEFT_OUTER, on=(PhoneLog.handled_by == Person.id)),
        default_order="called_at",
        default_desc=True,
    )


CAMPAIGN_NAMES = {"typing": "万页文稿无差错", "driving": "万里行车无事故", "meetings": "百次会议无失误",
                  "phones": "百次电话无差错"}


def campaigns_report() -> dict:
    """The four campaigns: the count since the last defect, the target, and since when."""
    from govoffice_desktop.services import campaigns

    out = []
    for s in campaigns.all_streaks():
        out.append({"code": s.code, "name": CAMPAIGN_NAMES[s.code], "count": str(s.current), "target": str(s.goal),
                    "unit": s.unit, "since": s.since.isoformat() if s.since else None, "longest": str(s.longest),
                    "defects": s.defects, "reached": s.current >= s.goal})
    return {"campaigns": out}


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
    or added by a check, charged to the person it names or else to the section's chief, and every
    task whose deadline fell in the month and passed before it was done, charged to its person.
    Refuses (names who) when a charge has nobody to go to."""
    from govoffice_desktop.services.rewards import rule_amount

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
                                              SupervisedTask.status != "已撤销",
                                              SupervisedTask.completed_on.is_null()
                                              | (SupervisedTask.completed_on > SupervisedTask.deadline))
                .order_by(SupervisedTask.deadline, SupervisedTask.id))
        from govoffice_desktop.models.rewards import RewardPenalty

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
    if nobody:
        raise BadValue("以下督查扣分或加分无人承担，请先指定科室负责人或关联责任人：" + "；".join(dict.fromkeys(nobody)))
    return out


def supervision_month_state(year: int, month: int) -> tuple[bool, bool]:
    """(closed, the bonus sheet of the month is final)."""
    from govoffice_desktop.services.rewards import domain_closed, month_is_final

    return domain_closed("督查", year, month), month_is_final(year, month)


@requires("supervision.close")
def close_supervision_month(year: int, month: int, today: date | None = None) -> list[SupervisionEntry]:
    """结账: post the month's 督查 rewards and penalties to the ledger; the month then takes no checks."""
    from govoffice_desktop.models.rewards import MonthClose, RewardPenalty

    today = today or date.today()
    _first, last = _month_bounds(year, month)
    if last >= today:
        raise BadValue(f"{year}年{month}月还没过完，不能结账")
    with database.atomic():
        lock_month(year, month)  # another workstation's closing of the month finishes first
        closed, final = supervision_month_state(year, month)
        if closed:
            raise BadValue(f"{year}年{month}月的督查已经结账")
        if final:
            raise BadValue(f"{year}年{month}月的奖金表已定稿，不能再结账")
        entries = supervision_month_entries(year, month)
        RewardPenalty.bulk_insert([dict(person=e.person.id, entry_date=last, category="督查", amount=e.amount,
                                        reason=e.reason, source_table=e.source_table, source_id=e.source_id,
                                        entered_by=current_user()) for e in entries])
        MonthClose.create(domain="督查", year=year, month=month, closed_at=datetime.now(), closed_by=current_user())
    return entries


@requires("supervision.close")
def reopen_supervision_month(year: int, month: int) -> None:
    """撤销结账, until the month's bonus sheet is final: the posted entries go, the checks reopen."""
    from govoffice_desktop.models.rewards import MonthClose, RewardPenalty

    first, last = _month_bounds(year, month)
    with database.atomic():
        lock_month(year, month)
        closed, final = supervision_month_state(year, month)
        if not closed:
            raise BadValue(f"{year}年{month}月的督查还没有结账")
        if final:
            raise BadValue(f"{year}年{month}月的奖金表已定稿，不能撤销结账")
        RewardPenalty.delete_where((RewardPenalty.category == "督查") & RewardPenalty.entry_date.between(first, last)
                                   & RewardPenalty.source_table.in_([DailyCheck._meta.table_name,
                                                                      SupervisedTask._meta.table_name]))
        MonthClose.get(MonthClose.domain == "督查", MonthClose.year == year, MonthClose.month == month).delete_instance()


# ================================================================ the monthly report
OFFICE_NAME_KEY = "office.name"
DEFAULT_OFFICE_NAME = "市人民政府办公室"


def office_name() -> str:
    """The office's name as its documents print it (宿迁市人民政府办公室)."""
    from govoffice_desktop.models.settings import Setting

    row = Setting.get_or_none(Setting.key == OFFICE_NAME_KEY)
    return (row.value.strip() if row else "") or DEFAULT_OFFICE_NAME


@requires("users.manage")
def set_office_name(name: str) -> str:
    from govoffice_desktop.models.settings import Setting

    text = required_text(name, "单位名称")
    if len(text) > 40:
        raise BadValue("单位名称不超过40个字")
    row = Setting.get_or_none(Setting.key == OFFICE_NAME_KEY) or Setting(key=OFFICE_NAME_KEY)
    row.value = text
    row.save()
    return text


def report_of(year: int, month: int) -> SupervisionReport | None:
    return SupervisionReport.get_or_none(SupervisionReport.year == year, SupervisionReport.month == month)


def default_summary(year: int, month: int) -> str:
    """The opening paragraph, drafted from the month's figures (the compiler may rewrite it)."""
    first, last = _month_bounds(year, month)
    checks = DailyCheck.select().where(DailyCheck.checked_on.between(first, last))
    total = checks.count()
    ranking = month_scores(year, month)
    if not total:
        return f"{year}年{month}月没有督查记录。"
    missed = sum(s.missed for s in ranking)
    ded = sum((s.deductions for s in ranking), Decimal(0))
    bonus = sum((s.bonus for s in ranking), Decimal(0))
    days = len({d for (d,) in checks.select(DailyCheck.checked_on).distinct().tuples()})
    text = (f"{year}年{month}月，督查室对{len(ranking)}个科室开展日常督查{days}天，共督查{total}项次，"
            f"未达标{missed}项次，合计扣{_points(ded)}分，加{_points(bonus)}分。")
    if ranking:
        top = [s.section.name for s in ranking if s.rank == 1]
        low = [s.section.name for s in ranking if s.rank == ranking[-1].rank]
        text += f"{'、'.join(top)}月度得分最高；"
        text += f"{'、'.join(low)}得分最低，请引起重视。" if low != top else "各科室得分相同。"
    return text


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


@requires("supervision.edit")
def compile_report(year: int, month: int, summary: str | None = None, compiled_on=None,
                   today: date | None = None) -> SupervisionReport:
    """编发 the month's 考核督查专报: numbered 第N期 within the year on first compiling (the number
    stays when it is compiled again); the summary drafted from the figures unless given."""
    today = today or date.today()
    _first, last = _month_bounds(year, month)
    if last >= today:
        raise BadValue(f"{year}年{month}月还没过完，月底之后才能编发专报")
    day = a_date(compiled_on, "编发日期") or today
    if day <= last:
        raise BadValue(f"编发日期 {day} 应在 {year}年{month}月之后")
    _not_future(day, "编发日期", today)
    text = (summary or "").strip() or default_summary(year, month)
    with database.atomic():
        transaction_lock("supervision report", year)  # 第N期 numbers the year's reports: one at a time
        report = report_of(year, month)
        if report is None:
            # 第N期 of the report's own year: December's, compiled in January, is that year's last
            used = SupervisionReport.select(pw.fn.MAX(SupervisionReport.number)).where(
                SupervisionReport.year == year).scalar() or 0
            report = SupervisionReport(year=year, month=month, number=used + 1)
        report.compiled_on, report.summary, report.compiled_by = day, text, current_user()
        report.save()
    return report


NOTABLE = 15  # deductions listed in the report


def supervision_report(year: int, month: int, notable: int | None = NOTABLE) -> dict:
    """The content of the month's 考核督查专报, for JSON, PDF and Excel alike: the ``notable``
    largest deductions (all of them with None)."""
    first, last = _month_bounds(year, month)
    ranking = month_scores(year, month)
    report = report_of(year, month)
    checks = (DailyCheck.select(DailyCheck, Section, SupervisionTarget, Person)
              .join(Section, on=(DailyCheck.section == Section.id)).switch(DailyCheck)
              .join(SupervisionTarget, on=(DailyCheck.target == SupervisionTarget.id)).switch(DailyCheck)
              .join(Person, pw.JOIN.LEFT_OUTER, on=(DailyCheck.person == Person.id))
              .where(DailyCheck.checked_on.between(first, last)))
    missed = [c for c in checks if not c.met]
    missed.sort(key=lambda c: (-c.deduction, c.checked_on, c.id))
    bonuses = sorted((c for c in checks if c.bonus > 0), key=lambda c: (c.checked_on, c.id))

    def line(c: DailyCheck, points: Decimal) -> dict:
        return {"date": c.checked_on.isoformat(), "section": c.section.name,
                "person": c.person.name if c.person_id else "", "target": c.target.name, "kind": c.target.kind,
                "points": str(points), "remark": c.remark}

    tasks = (SupervisedTask.select(SupervisedTask, Person, Section)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id)).switch(SupervisedTask)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id)))
    completed, overdue = [], []
    for t in tasks:
        who = t.person.name if t.person_id else t.person_name
        base = {"title": t.title, "responsible": who, "section": t.section.name if t.section_id else "",
                "source": t.source, "deadline": t.deadline.isoformat()}
        if t.status == "已办结" and t.completed_on and first <= t.completed_on <= last:
            completed.append({**base, "completed_on": t.completed_on.isoformat(),
                              "on_time": t.completed_on <= t.deadline})
        open_at_end = t.assigned_on <= last and (t.completed_on is None or t.completed_on > last)
        if open_at_end and t.status != "已撤销" and t.deadline < last:
            overdue.append({**base, "days_overdue": (last - t.deadline).days})
    completed.sort(key=lambda r: r["completed_on"])
    overdue.sort(key=lambda r: -r["days_overdue"])
    return {
        "month": f"{year}-{month:02d}",
        "year": year, "month_number": month,
        "issue_no": report.number if report else None,
        "compiled_on": report.compiled_on.isoformat() if report else None,
        "compiled_by": report.compiled_by if report else "",
        "summary": report.summary if report else default_summary(year, month),
        "checks": len(checks), "missed": len(missed),
        "deduction_points": str(sum((s.deductions for s in ranking), Decimal(0))),
        "bonus_points": str(sum((s.bonus for s in ranking), Decimal(0))),
        "sections": [{"section": s.section.name, "score": str(s.score), "rank": s.rank, "change": s.change,
                      "previous_rank": s.previous_rank,
                      "score_change": None if s.score_change is None else str(s.score_change),
                      "days": s.days, "deductions": str(s.deductions), "bonus": str(s.bonus), "missed": s.missed}
                     for s in ranking],
        "deductions": [line(c, c.deduction) for c in (missed if notable is None else missed[:notable])],
        "more_deductions": 0 if notable is None else max(0, len(missed) - notable),
        "bonuses": [line(c, c.bonus) for c in bonuses],
        "tasks": {"completed": completed, "overdue": overdue},
        "campaigns": campaigns_report()["campaigns"],
    }


def day_score(entries) -> Decimal:
    """A section's daily score from what is entered, before it is saved (the quick-entry grid shows
    it as the supervisor types): 100 − the deductions + the bonus points; ``entries`` are
    (deduction, bonus) pairs as typed (text or numbers, blank for none).  Refuses what is not a number."""
    total = FULL_MARKS
    for deduction, bonus in entries:
        total -= a_number(deduction, "扣分", places=1) or Decimal(0)
        total += a_number(bonus, "加分", places=1) or Decimal(0)
    return total
