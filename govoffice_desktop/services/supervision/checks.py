"""日常督查 and scores: a section's daily score is 100 minus the day's deductions plus its bonus
points, on the days it was checked; its monthly score is the month's 汇总 — 100 minus the month's
deductions plus the month's bonus points — or, where the office sets 日均分, the mean of those
daily scores."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database, prepared
from govoffice_desktop.models.settings import Setting, setting_text
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import (MONTH_BY_MEAN, MONTH_BY_SUM, MONTH_SCORE_METHODS, DailyCheck,
                                                  SupervisionTarget)
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.supervision.common import (CATEGORY, CENT, FULL_MARKS, _month_bounds, _not_future,
                                                           _person, _previous_month, _rank, _section)
from govoffice_desktop.services.supervision.targets import target_by_id, targets_of
from govoffice_desktop.services.validation import BadValue, a_date, a_number


# ================================================================ daily checks
def _closed(day: date) -> None:
    if months.is_closed(CATEGORY, day.year, day.month):
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
    closed = months.is_closed(CATEGORY, day.year, day.month)
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


MONTH_SCORE_KEY = "supervision.month_score"  # the setting: how a monthly score is made
MONTH_SCORE_LABELS = {MONTH_BY_SUM: "汇总扣分（默认）", MONTH_BY_MEAN: "日均分"}
MONTH_SCORE_RULES = {  # what the ranking and the 专报 say of the method
    MONTH_BY_SUM: "各科室月度得分为本月督查情况汇总：100分减本月扣分合计，加本月加分合计。",
    MONTH_BY_MEAN: "各科室月度得分为督查各日得分（100分减当日扣分，加当日加分）的平均值。",
}


def month_score_method() -> str:
    """汇总 (the default) or 日均, as the office set it."""
    value = setting_text(MONTH_SCORE_KEY)
    return value if value in MONTH_SCORE_METHODS else MONTH_BY_SUM


@requires("supervision.edit")
def set_month_score_method(method: str) -> str:
    """月度得分：汇总扣分（默认）/ 日均分 — for every month's ranking from now on (an issued 专报 keeps its own)."""
    method = {label: code for code, label in MONTH_SCORE_LABELS.items()}.get(method, method)
    if method not in MONTH_SCORE_METHODS:
        raise BadValue(f"月度得分的算法应为{'或'.join(MONTH_SCORE_LABELS.values())}：{method!r}")
    row = Setting.get_or_none(Setting.key == MONTH_SCORE_KEY) or Setting(key=MONTH_SCORE_KEY)
    if row.value != method:
        row.value = method
        row.save()
    return method


@dataclass
class SectionMonth:
    section: Section
    days: int  # days checked
    score: Decimal  # 汇总: 100 − deductions + bonus; 日均: the mean of the daily scores, two decimals
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


def _section_totals(first, last):
    """Each section's checks between ``first`` and ``last``: the days checked, the deductions and
    bonus points (stored tenths), the checks not met."""
    return (DailyCheck.select(DailyCheck.section, pw.fn.COUNT(DailyCheck.checked_on.distinct()),
                              pw.fn.SUM(DailyCheck.deduction), pw.fn.SUM(DailyCheck.bonus),
                              pw.fn.SUM(pw.Case(None, [(DailyCheck.met == False, 1)], 0)))  # noqa: E712
            .where(DailyCheck.checked_on.between(first, last)).group_by(DailyCheck.section))


def _month_ranking(year: int, month: int, method: str) -> list[SectionMonth]:
    """The sections ranked by their score of the month, from one grouped statement (compiled once):
    日均, the mean of the daily scores (100 − the day's deductions + its bonus points), is
    (100 × days − the month's deductions + its bonus points) ÷ days, the same sum over the days."""
    first, last = _month_bounds(year, month)
    rows = prepared("supervision.section_totals", _section_totals, "first", "last").run(first=first, last=last)
    totals = {section: (days, ded, bon, missed) for section, days, ded, bon, missed in rows if days}
    tenth = DailyCheck.deduction.python_value
    sections = {s.id: s for s in Section.select().where(Section.id.in_(list(totals)))}
    out = []
    for section_id, (days, ded, bon, missed) in totals.items():
        ded, bon = tenth(ded or 0), tenth(bon or 0)
        score = FULL_MARKS - ded + bon if method == MONTH_BY_SUM else \
            ((FULL_MARKS * days - ded + bon) / days).quantize(CENT, ROUND_HALF_UP)
        out.append(SectionMonth(sections[section_id], days, score, ded, bon, int(missed or 0)))
    out.sort(key=lambda s: (-s.score, s.section.sort_order, s.section.id))
    _rank(out, key=lambda s: s.score)
    return out


def month_scores(year: int, month: int, method: str | None = None) -> list[SectionMonth]:
    """Each section's monthly score (by ``method``, else as the office set it: 汇总 by default),
    ranked by it, ties sharing a rank, with its rank and score of the month before (by the same method)."""
    method = method or month_score_method()
    ranking = _month_ranking(year, month, method)
    before = {s.section.id: s for s in _month_ranking(*_previous_month(year, month), method)}
    for s in ranking:
        prev = before.get(s.section.id)
        if prev is not None:
            s.previous_rank, s.previous_score = prev.rank, prev.score
    return ranking


def checked_months() -> list[tuple[int, int]]:
    """Months with checks, newest first (a seek a month, not a read of every check)."""
    return months.months_with(DailyCheck.checked_on)


def day_score(entries) -> Decimal:
    """A section's daily score from what is entered, before it is saved (the quick-entry grid shows
    it as the supervisor types): 100 − the deductions + the bonus points; ``entries`` are
    (deduction, bonus) pairs as typed (text or numbers, blank for none).  Refuses what is not a number."""
    total = FULL_MARKS
    for deduction, bonus in entries:
        total -= a_number(deduction, "扣分", places=1) or Decimal(0)
        total += a_number(bonus, "加分", places=1) or Decimal(0)
    return total
