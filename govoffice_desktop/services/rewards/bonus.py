"""奖金核算表: the monthly bonus sheet — per person the base of their post or rank, plus rewards,
minus deductions, never below the floor — and its 定稿 (kept as finalised) and 撤销定稿."""
from __future__ import annotations

from govoffice_desktop.models.rewards import CAT_FINANCE, CAT_FUEL, CAT_GOODS, CAT_SUPERVISION, CAT_TYPING
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.rewards import BonusBase, BonusLine, BonusMonth, RewardPenalty
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.rewards.ledger import GONE, ZERO, _money, _month_bounds, domain_closed, month_is_final
from govoffice_desktop.services.rules import rule_amount
from govoffice_desktop.services.validation import BadValue, a_date, required_text


# ================================================================ the bonus sheet (奖金核算表)
@requires("rewards.rules")
def save_base(post_or_rank: str, amount, effective_from) -> BonusBase:
    """The monthly base of a post (科长) or a rank (副科级), from a date."""
    key = required_text(post_or_rank, "职务或职级")
    value = _money(amount, "奖金基数")
    if value < 0:
        raise BadValue("奖金基数不能为负")
    day = a_date(effective_from, "执行日期", required=True)
    final = months.first_final_from(day)
    if final is not None:
        raise BadValue(f"{final.year}年{final.month}月的奖金表已定稿，新基数只能从之后的日期起执行")
    base = BonusBase.get_or_none(BonusBase.post_or_rank == key, BonusBase.effective_from == day) or \
        BonusBase(post_or_rank=key, effective_from=day)
    base.amount = value
    base.save()
    return base


def bases(on: date | None = None) -> list[BonusBase]:
    """The base of each post or rank in force on ``on`` (all of them, dated, without ``on``)."""
    rows = list(BonusBase.select().order_by(BonusBase.post_or_rank, BonusBase.effective_from))
    if on is None:
        return rows
    current: dict[str, BonusBase] = {}
    for b in rows:
        if b.effective_from <= on:
            current[b.post_or_rank] = b
    return list(current.values())


def _base_lookup(on: date):
    current = {b.post_or_rank: b.amount for b in bases(on)}

    def base_of(person: Person) -> tuple[Decimal | None, str]:
        for key in (person.post, person.rank, "打字员" if person.is_typist else "", "驾驶员" if person.is_driver else ""):
            if key and key in current:
                return current[key], key
        return None, ""
    return base_of


@dataclass
class SheetLine:
    person: Person
    section: str
    post: str
    base: Decimal
    rewards: Decimal
    deductions: Decimal  # negative
    total: Decimal
    entries: int
    floor_applied: bool = False
    no_base: bool = False


@dataclass
class BonusSheet:
    year: int
    month: int
    final: bool
    lines: list[SheetLine]
    floor: Decimal
    finalised_at: datetime | None = None
    finalised_by: str = ""
    open_domains: list[str] = field(default_factory=list)  # closings still to do before finalising

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    def by_section(self) -> list[tuple[str, list[SheetLine]]]:
        groups: dict[str, list[SheetLine]] = {}
        for line in self.lines:
            groups.setdefault(line.section or "（未分科室）", []).append(line)
        return list(groups.items())

    @property
    def without_base(self) -> list[str]:
        return [line.person.name for line in self.lines if line.no_base]


DOMAINS_TO_CLOSE = ((CAT_TYPING, "文印管理"), (CAT_FUEL, "车辆油耗"), (CAT_SUPERVISION, "督查督办"), (CAT_GOODS, "物品管理"),
                    (CAT_FINANCE, "财务管理"))


def open_domains(year: int, month: int) -> list[str]:
    return [label for domain, label in DOMAINS_TO_CLOSE if not domain_closed(domain, year, month)]


def _live_lines(year: int, month: int) -> tuple[list[SheetLine], Decimal]:
    first, last = _month_bounds(year, month)
    floor = rule_amount("bonus_floor", last)
    sums: dict[int, list] = {}
    for pid, value in RewardPenalty.select(RewardPenalty.person, RewardPenalty.amount).where(
            RewardPenalty.entry_date.between(first, last)).tuples():
        t = sums.setdefault(pid, [ZERO, ZERO, 0])
        t[0 if value > 0 else 1] += value
        t[2] += 1
    staff = Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id)).where(
        (Person.status.not_in(list(GONE)) & (Person.joined_on.is_null() | (Person.joined_on <= last)))
        | Person.id.in_(list(sums)))
    base_of = _base_lookup(last)
    lines = []
    for p in staff:
        base, _key = base_of(p)
        rewards, deductions, n = sums.get(p.id, [ZERO, ZERO, 0])
        raw = (base or ZERO) + rewards + deductions
        total = max(raw, floor)
        lines.append(SheetLine(p, p.section.name if p.section_id else "", p.post, base or ZERO, rewards, deductions,
                               total, n, total != raw, base is None))
    order = {s.id: (s.sort_order, s.id) for s in Section.select()}
    lines.sort(key=lambda ln: (order.get(ln.person.section_id, (9999, 0)), -ln.base, ln.person.id))
    return lines, floor


def bonus_sheet(year: int, month: int) -> BonusSheet:
    """Per person the base of their post or rank, plus rewards, minus deductions, never below the
    floor; grouped by section.  A final month shows the lines as they were finalised."""
    _first, last = _month_bounds(year, month)
    bm = BonusMonth.get_or_none(BonusMonth.year == year, BonusMonth.month == month)
    if bm is not None and bm.final and BonusLine.select().where(BonusLine.bonus_month == bm).exists():
        entries = dict(RewardPenalty.select(RewardPenalty.person, pw.fn.COUNT(RewardPenalty.id))
                       .where(RewardPenalty.entry_date.between(_first, last)).group_by(RewardPenalty.person).tuples())
        lines = [SheetLine(ln.person, ln.section_name, ln.post, ln.base, ln.rewards, ln.deductions, ln.total,
                           entries.get(ln.person_id, 0), ln.floor_applied)
                 for ln in BonusLine.select(BonusLine, Person).join(Person).where(BonusLine.bonus_month == bm)
                 .order_by(BonusLine.id)]
        return BonusSheet(year, month, True, lines, rule_amount("bonus_floor", last), bm.finalised_at, bm.finalised_by)
    lines, floor = _live_lines(year, month)
    final = bool(bm and bm.final)
    return BonusSheet(year, month, final, lines, floor, bm.finalised_at if bm else None,
                      bm.finalised_by if bm else "", [] if final else open_domains(year, month))


@requires("bonus.finalise")
def finalise_month(year: int, month: int, today: date | None = None) -> BonusSheet:
    """定稿: the month is over and every domain's closing is done; the lines are kept as they are
    and the month takes no more entries.  Refuses, naming what is missing, otherwise."""
    today = today or date.today()
    _first, last = _month_bounds(year, month)
    if last >= today:
        raise BadValue(f"{year}年{month}月还没过完，不能定稿")
    with database.atomic():
        months.lock_month(year, month)  # no closing, reopening or other 定稿 of the month meanwhile
        if month_is_final(year, month):
            raise BadValue(f"{year}年{month}月的奖金表已经定稿")
        waiting = open_domains(year, month)
        if waiting:
            raise BadValue(f"{year}年{month}月还有{'、'.join(waiting)}没有结账，请先结账再定稿")
        lines, _floor = _live_lines(year, month)
        missing = [ln.person.name for ln in lines if ln.no_base]
        if missing:
            raise BadValue(f"以下人员的职务、职级都没有奖金基数，请先在“奖金基数”中设定：{'、'.join(missing[:10])}"
                           + ("等" if len(missing) > 10 else ""))
        bm = BonusMonth.get_or_none(BonusMonth.year == year, BonusMonth.month == month) or \
            BonusMonth(year=year, month=month)
        bm.final, bm.finalised_at, bm.finalised_by = True, datetime.now(), current_user()
        bm.save()
        BonusLine.bulk_insert([dict(bonus_month=bm.id, person=ln.person.id, section_name=ln.section, post=ln.post,
                                    base=ln.base, rewards=ln.rewards, deductions=ln.deductions, total=ln.total,
                                    floor_applied=ln.floor_applied) for ln in lines])
    return bonus_sheet(year, month)


@requires("bonus.finalise")
def reopen_month(year: int, month: int, reason: str) -> None:
    """撤销定稿, with the reason (kept in the audit log with who did it)."""
    text = required_text(reason, "撤销定稿的原因")
    with database.atomic():
        months.lock_month(year, month)
        bm = BonusMonth.get_or_none(BonusMonth.year == year, BonusMonth.month == month)
        if bm is None or not bm.final:
            raise BadValue(f"{year}年{month}月的奖金表还没有定稿")
        BonusLine.delete_where(BonusLine.bonus_month == bm.id)
        bm.final, bm.finalised_at = False, None
        bm.finalised_by = f"撤销定稿：{text}"[:30]
        bm.save()


def bonus_months() -> list[tuple[int, int, bool]]:
    """Months with entries or a bonus sheet, newest first: (year, month, final)."""
    months = {(b.year, b.month): b.final for b in BonusMonth.select()}
    for (day,) in RewardPenalty.select(RewardPenalty.entry_date).distinct().tuples():
        day = RewardPenalty.entry_date.adapt(day)
        months.setdefault((day.year, day.month), False)
    return sorted(((y, m, f) for (y, m), f in months.items()), reverse=True)


def bonus_report(year: int, month: int) -> dict:
    sheet = bonus_sheet(year, month)
    return {"month": f"{year}-{month:02d}", "final": sheet.final,
            "people": [{"name": ln.person.name, "section": ln.section, "post": ln.post, "base": str(ln.base),
                        "rewards": str(ln.rewards), "deductions": str(ln.deductions), "total": str(ln.total),
                        "floor_applied": ln.floor_applied} for ln in sheet.lines],
            "total": str(sheet.total), "floor": str(sheet.floor), "open_domains": sheet.open_domains,
            "without_base": sheet.without_base}
