"""奖惩与奖金: the one reward/penalty ledger, the rules behind it (奖惩规定, by date), travel and
duty standards and claims, office supplies against the sections' budgets, the monthly bonus
sheet (奖金核算表) and what the office saved (珍惜每一分钱).

A reward is positive, a deduction negative, in yuan with two decimals.  A month whose bonus sheet
is final takes no entry, by form, by a domain's closing, by a claim or by a goods movement.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.rewards import (CATEGORIES, CLAIM_KINDS, GOODS_MOVES, RANK_GROUPS, BonusBase, BonusLine,
                                              BonusMonth, GoodsItem, GoodsMovement, MonthClose, RewardPenalty,
                                              RewardRule, SectionBudget, TravelClaim, TravelStandard)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import BadValue, a_count, a_date, a_number, required_text
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.months import lock_month

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
GONE = ("调离", "退休")


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    if not (2000 <= year <= 2099 and 1 <= month <= 12):
        raise BadValue(f"没有 {year}年{month}月")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _money(value, label: str, required: bool = True) -> Decimal | None:
    amount = a_number(value, label, places=2)
    if amount is None and required:
        raise BadValue(f"{label}不能为空")
    return amount


# ================================================================ the rules (奖惩规定)
def _catalogue() -> dict[str, tuple[str, str, Decimal, str]]:
    """code → (category, name, default amount, unit): every rule the office's closings apply."""
    from govoffice_desktop.services.fleet import FUEL_RULES

    return {
        **FUEL_RULES,
        "check_deduction": ("督查", "考核督查每扣1分扣减奖金", Decimal("-20.00"), "分"),
        "check_bonus": ("督查", "考核督查每加1分奖励", Decimal("20.00"), "分"),
        "task_overdue": ("督查", "督办事项逾期（每件，扣责任人）", Decimal("-50.00"), "件"),
        "travel_over": ("出差值勤标准", "出差、值勤超标准开支（每次另扣）", Decimal("-50.00"), "次"),
        "travel_over_excess": ("出差值勤标准", "超标准部分从奖金中扣回的比例（1 为全额）", Decimal("1.00"), "倍"),
        "goods_over_budget": ("物品管理", "科室月度领用超预算（每次，扣科室负责人）", Decimal("-50.00"), "次"),
        "goods_loss": ("物品管理", "公物损坏丢失（每次，扣责任人）", Decimal("-50.00"), "次"),
        "bonus_floor": ("其他", "月度奖金保底（不低于）", Decimal("0.00"), "元"),
    }


NON_NEGATIVE = ("travel_over_excess", "bonus_floor")  # a ratio and a floor, not a reward or deduction


def rule_amount(code: str, on: date) -> Decimal:
    """The amount of a rule in force on a day, or its default when none was ever set."""
    catalogue = _catalogue()
    if code not in catalogue:
        raise BadValue(f"不认识的奖惩规定：{code}")
    rule = (RewardRule.select().where(RewardRule.code == code, RewardRule.effective_from <= on)
            .order_by(RewardRule.effective_from.desc()).first())
    return rule.amount if rule else catalogue[code][2]


@requires("rewards.rules")
def set_rule(code: str, amount, effective_from) -> RewardRule:
    """A rule's amount from a date: the months before keep the amount of their time.  A date inside
    a month whose bonus sheet is final is refused."""
    catalogue = _catalogue()
    if code not in catalogue:
        raise BadValue(f"不认识的奖惩规定：{code}")
    category, name, default, unit = catalogue[code]
    day = a_date(effective_from, "执行日期", required=True)
    value = _money(amount, name)
    if code in NON_NEGATIVE:
        if value < 0:
            raise BadValue(f"{name}不能为负")
    elif (default > 0 and value < 0) or (default < 0 and value > 0):
        raise BadValue(f"{name}应为{'奖励（正数）' if default > 0 else '扣款（负数）'}，或 0 表示不执行")
    final = BonusMonth.select().where(BonusMonth.final, (BonusMonth.year * 100 + BonusMonth.month)
                                      >= day.year * 100 + day.month).order_by(BonusMonth.year, BonusMonth.month).first()
    if final is not None:
        raise BadValue(f"{final.year}年{final.month}月的奖金表已定稿，新规定只能从之后的日期起执行")
    rule = RewardRule.get_or_none(RewardRule.code == code, RewardRule.effective_from == day) or \
        RewardRule(code=code, effective_from=day)
    rule.category, rule.name, rule.amount, rule.unit = category, name, value, unit
    rule.save()
    return rule


@dataclass
class RuleRow:
    code: str
    category: str
    name: str
    amount: Decimal
    unit: str
    effective_from: date | None  # None: the default, never set
    history: list[tuple[date, Decimal]] = field(default_factory=list)
    editable: bool = True
    note: str = ""


def rule_table(on: date | None = None) -> list[RuleRow]:
    """Every rule with the amount in force on ``on`` and its dated history; the typing pool's
    deductions come from its standard (文印管理 → 标准) and are listed here too."""
    on = on or date.today()
    rows = []
    for code, (category, name, default, unit) in _catalogue().items():
        history = [(r.effective_from, r.amount) for r in RewardRule.select().where(RewardRule.code == code)
                   .order_by(RewardRule.effective_from)]
        current = [h for h in history if h[0] <= on]
        rows.append(RuleRow(code, category, name, current[-1][1] if current else default, unit,
                            current[-1][0] if current else None, history))
    from govoffice_desktop.services import typing_pool

    std = typing_pool.standard_on(on)
    note = "在“文印管理 → 标准”中修改"
    rows[:0] = [RuleRow("typing_error", "文印", f"差错超过每万字{std.max_errors_per_10k}个，每个扣减", -std.deduction_per_error,
                        "个", std.effective_from, editable=False, note=note),
                RuleRow("typing_speed", "文印", f"打字速度低于{std.min_speed}字/分扣减", -std.speed_fail_deduction, "次",
                        std.effective_from, editable=False, note=note),
                RuleRow("typing_cap", "文印", "文印每月扣减上限", -std.monthly_cap, "月", std.effective_from,
                        editable=False, note=note)]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    rows.sort(key=lambda r: order.get(r.category, 99))
    return rows


# ================================================================ months
def month_is_final(year: int, month: int) -> bool:
    return BonusMonth.select().where(BonusMonth.year == year, BonusMonth.month == month, BonusMonth.final).exists()


def domain_closed(domain: str, year: int, month: int) -> bool:
    return MonthClose.select().where(MonthClose.domain == domain, MonthClose.year == year,
                                     MonthClose.month == month).exists()


def not_final(day: date, what: str = "登记奖惩") -> None:
    """Refuses a write into a month whose bonus sheet is final."""
    if month_is_final(day.year, day.month):
        raise BadValue(f"{day.year}年{day.month}月的奖金表已定稿，不能再{what}（{day}）")


# ================================================================ the ledger
AUTO_SOURCES = {"typing_month", "fleet_month", "daily_check", "supervised_task"}  # posted by a month's closing
SOURCE_LABELS = {"typing_month": "文印月结", "fleet_month": "车辆月结", "daily_check": "日常督查",
                 "supervised_task": "督办事项", "travel_claim": "出差值勤报销", "goods_movement": "物品报损",
                 "goods_budget": "用品超预算", "incident": "事故违章", "vehicle": "车辆", "reading_record": "读书交流"}


def _person(value, label: str = "人员") -> Person:
    person = Person.get_or_none(Person.id == value) if isinstance(value, int) else value
    if not isinstance(person, Person):
        raise BadValue(f"{label}不能为空" if value in (None, "") else f"没有这位{label}")
    return person


@requires("rewards.edit")
def add_entry(data: dict, entry: RewardPenalty | None = None) -> RewardPenalty:
    """One entry by hand: a person, a date, a category, a signed amount and the reason.  Entries
    that a closing, a claim or a goods movement posted are changed there, not here."""
    if entry is not None and entry.id is not None:
        _editable(entry)
    person = _person(data.get("person"))
    day = a_date(data.get("entry_date"), "日期", required=True)
    category = data.get("category") or ""
    if category not in CATEGORIES:
        raise BadValue(f"类别应为{'、'.join(CATEGORIES)}之一")
    amount = _money(data.get("amount"), "金额")
    if amount == 0:
        raise BadValue("金额不能为0（奖励为正数，扣减为负数）")
    if abs(amount) >= Decimal("100000"):
        raise BadValue(f"金额 {amount} 过大")
    reason = required_text(data.get("reason"), "事由")
    if len(reason) > 200:
        raise BadValue("事由不超过200个字")
    not_final(day)
    if entry is not None and entry.id is not None:
        not_final(entry.entry_date, "修改")
    entry = entry or RewardPenalty(source_table="", source_id=None, entered_by=current_user())
    entry.person, entry.entry_date, entry.category, entry.amount, entry.reason = person, day, category, amount, reason
    entry.save()
    return entry


def _editable(entry: RewardPenalty) -> None:
    if entry.source_table in AUTO_SOURCES:
        raise BadValue(f"这条奖惩由{SOURCE_LABELS.get(entry.source_table, '月结')}生成；如需更正，请撤销该月结账后修改原记录")
    if entry.source_table in ("travel_claim", "goods_movement", "goods_budget"):
        raise BadValue(f"这条奖惩由{SOURCE_LABELS[entry.source_table]}生成，请修改原记录")
    not_final(entry.entry_date, "修改")


@requires("rewards.edit")
def delete_entry(entry: RewardPenalty) -> None:
    _editable(entry)
    entry.delete_instance()


def entry_by_id(entry_id: int | None) -> RewardPenalty | None:
    return RewardPenalty.get_or_none(RewardPenalty.id == entry_id) if entry_id is not None else None


def entry_listing(year: int | None = None, month: int | None = None, person: int | None = None) -> Listing:
    where = None
    if year and month:
        first, last = _month_bounds(year, month)
        where = RewardPenalty.entry_date.between(first, last)
    if person is not None:
        clause = RewardPenalty.person == person
        where = clause if where is None else where & clause
    source = pw.Case(RewardPenalty.source_table, [(k, v) for k, v in SOURCE_LABELS.items()], "手工登记")
    return Listing(
        model=RewardPenalty,
        columns=[
            Column("entry_date", "日期", RewardPenalty.entry_date),
            Column("person", "姓名", Person.name, searchable=True),
            Column("section", "科室", Section.name, searchable=True),
            Column("category", "类别", RewardPenalty.category, searchable=True),
            Column("amount", "金额（元）", RewardPenalty.amount),
            Column("reason", "事由", RewardPenalty.reason, searchable=True),
            Column("source", "来源", source, searchable=True),
            Column("entered_by", "登记人", RewardPenalty.entered_by, searchable=True),
        ],
        joins=lambda q: (q.join(Person, on=(RewardPenalty.person == Person.id))
                          .join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))),
        where=where,
        default_order="entry_date",
        default_desc=True,
    )


def entries_of(person: Person | int, year: int, month: int) -> list[RewardPenalty]:
    """The entries behind one line of the bonus sheet."""
    first, last = _month_bounds(year, month)
    pid = person.id if isinstance(person, Person) else person
    return list(RewardPenalty.select().where(RewardPenalty.person == pid, RewardPenalty.entry_date.between(first, last))
                .order_by(RewardPenalty.entry_date, RewardPenalty.id))


# ================================================================ travel and duty standards
def rank_group(rank: str) -> str:
    """The travel standards' band of a 职级: 市级领导 (厅局级), 县处级, or 其他人员."""
    text = rank or ""
    if re.search(r"厅|局级|市级|巡视员", text) and "副巡视员" not in text:
        return "市级领导"
    if re.search(r"处|县级|调研员|副巡视员", text):
        return "县处级"
    return "其他人员"


@requires("rewards.rules")
def save_standard(data: dict, standard: TravelStandard | None = None) -> TravelStandard:
    """A destination class and rank band's ceilings per night (rooms) and per day (meals), and per
    trip for transport (empty: as spent), from a date."""
    cls = required_text(data.get("destination_class"), "地区类别")
    if len(cls) > 30:
        raise BadValue("地区类别不超过30个字")
    group = data.get("rank_group") or ""
    if group not in RANK_GROUPS:
        raise BadValue(f"职级档次应为{'、'.join(RANK_GROUPS)}之一")
    day = a_date(data.get("effective_from"), "执行日期", required=True)
    values = {}
    for key, label in (("accommodation", "住宿费标准（元/晚）"), ("meals", "伙食补助（元/天）")):
        values[key] = _money(data.get(key), label)
        if values[key] < 0:
            raise BadValue(f"{label}不能为负")
    transport = _money(data.get("transport"), "交通费标准（元/次）", required=False)
    if transport is not None and transport < 0:
        raise BadValue("交通费标准不能为负")
    clash = TravelStandard.select().where(TravelStandard.destination_class == cls, TravelStandard.rank_group == group,
                                          TravelStandard.effective_from == day)
    if standard is not None and standard.id is not None:
        clash = clash.where(TravelStandard.id != standard.id)
    if clash.exists():
        raise BadValue(f"{cls}·{group}在 {day} 已有一条标准")
    used = TravelClaim.select().where(TravelClaim.destination_class == cls, TravelClaim.start_on >= day)
    if any(month_is_final(c.claimed_on.year, c.claimed_on.month) for c in used):
        raise BadValue(f"{day} 起的{cls}报销已有月份定稿，新标准请从之后的日期起执行")
    standard = standard or TravelStandard()
    standard.destination_class, standard.rank_group, standard.effective_from = cls, group, day
    standard.accommodation, standard.meals, standard.transport = values["accommodation"], values["meals"], transport
    standard.save()
    return standard


@requires("rewards.rules")
def delete_standard(standard: TravelStandard) -> None:
    """A standard no claim was checked against (one entered by mistake); one in use stays, and a
    new one from a later date replaces it."""
    used = [c for c in TravelClaim.select(TravelClaim, Person).join(Person).where(
        TravelClaim.destination_class == standard.destination_class, TravelClaim.start_on >= standard.effective_from)
        if (found := standard_for(c.destination_class, rank_group(c.person.rank), c.start_on)) is not None
        and found.id == standard.id]
    if used:
        raise BadValue(f"已有 {len(used)} 笔报销按这条标准核算（如 {used[0].person.name} {used[0].start_on}），不能删除；"
                       f"标准有变化时请新增一条，自新的执行日期起适用")
    standard.delete_instance()


def standards() -> list[TravelStandard]:
    order = {g: i for i, g in enumerate(RANK_GROUPS)}
    rows = list(TravelStandard.select())
    rows.sort(key=lambda s: (s.destination_class, order[s.rank_group], s.effective_from))
    return rows


def destination_classes() -> list[str]:
    return [c for (c,) in TravelStandard.select(TravelStandard.destination_class).distinct()
            .order_by(TravelStandard.destination_class).tuples()]


def standard_for(destination_class: str, group: str, on: date) -> TravelStandard | None:
    return (TravelStandard.select().where(TravelStandard.destination_class == destination_class,
                                          TravelStandard.rank_group == group, TravelStandard.effective_from <= on)
            .order_by(TravelStandard.effective_from.desc()).first())


@dataclass
class ClaimCheck:
    days: int
    nights: int
    standard: TravelStandard
    allowed_accommodation: Decimal
    allowed_meals: Decimal
    allowed_transport: Decimal | None
    over_accommodation: Decimal
    over_meals: Decimal
    over_transport: Decimal

    @property
    def allowed(self) -> Decimal:
        return self.allowed_accommodation + self.allowed_meals + (self.allowed_transport or ZERO)

    @property
    def over(self) -> Decimal:
        return self.over_accommodation + self.over_meals + self.over_transport

    def describe(self) -> str:
        parts = [f"{label}超{amount}元" for label, amount in (("住宿费", self.over_accommodation),
                                                             ("伙食费", self.over_meals),
                                                             ("交通费", self.over_transport)) if amount > 0]
        return "，".join(parts)


def check_claim(person: Person, destination_class: str, start_on: date, end_on: date, accommodation, meals,
                transport) -> ClaimCheck:
    """Each item against the standard in force on the first day for the person's rank band:
    rooms per night (days − 1, at least one), meals per day, transport per trip when capped."""
    group = rank_group(person.rank)
    standard = standard_for(destination_class, group, start_on)
    if standard is None:
        raise BadValue(f"{start_on} 没有适用于{destination_class}·{group}（{person.name}，{person.rank or '未定职级'}）"
                       f"的出差值勤标准，请先在“标准”中设定")
    days = (end_on - start_on).days + 1
    nights = max(days - 1, 1) if accommodation else 0
    allowed_rooms = (standard.accommodation * nights).quantize(CENT)
    allowed_meals = (standard.meals * days).quantize(CENT)
    allowed_transport = standard.transport
    over = lambda spent, allowed: max(spent - allowed, ZERO) if allowed is not None else ZERO  # noqa: E731
    return ClaimCheck(days, nights, standard, allowed_rooms, allowed_meals, allowed_transport,
                      over(accommodation, allowed_rooms), over(meals, allowed_meals), over(transport, allowed_transport))


CLAIM_SOURCE = "travel_claim"


def claim_deduction(result: ClaimCheck, claimed_on: date) -> Decimal:
    """What a claim over the standard takes off the bonus under the rules in force on the day it is
    claimed: travel_over a time, plus travel_over_excess × the excess (a negative amount; 0 within
    the standard)."""
    if result.over <= 0:
        return ZERO
    return (rule_amount("travel_over", claimed_on)
            - result.over * rule_amount("travel_over_excess", claimed_on)).quantize(CENT, ROUND_HALF_UP)


@requires("rewards.edit")
def save_claim(data: dict, claim: TravelClaim | None = None, today: date | None = None) -> TravelClaim:
    """A 出差 or 值勤 claim, checked against the standard; the part over it is flagged and, under the
    rules travel_over (per time) and travel_over_excess (the share of the excess), deducted from the
    person's bonus in the same transaction (and re-posted when the claim is corrected)."""
    today = today or date.today()
    person = _person(data.get("person"), "报销人")
    kind = data.get("kind") or "出差"
    if kind not in CLAIM_KINDS:
        raise BadValue("类别应为出差或值勤")
    start = a_date(data.get("start_on"), "起始日期", required=True)
    end = a_date(data.get("end_on"), "结束日期", required=True)
    if end < start:
        raise BadValue(f"结束日期 {end} 早于起始日期 {start}")
    if (end - start).days > 90:
        raise BadValue("一次出差或值勤不超过90天")
    claimed = a_date(data.get("claimed_on"), "报销日期") or today
    not_final(claimed, "登记报销")
    if claim is not None and claim.id is not None:
        not_final(claim.claimed_on, "修改报销")
    if claimed > today:
        raise BadValue(f"报销日期 {claimed} 还没到")
    if claimed < start:
        raise BadValue(f"报销日期 {claimed} 早于起始日期 {start}")
    cls = required_text(data.get("destination_class"), "地区类别")
    amounts = {}
    for key, label in (("accommodation", "住宿费"), ("meals", "伙食费"), ("transport", "交通费")):
        amounts[key] = _money(data.get(key), label, required=False) or ZERO
        if amounts[key] < 0:
            raise BadValue(f"{label}不能为负")
    result = check_claim(person, cls, start, end, amounts["accommodation"], amounts["meals"], amounts["transport"])
    with database.atomic():
        claim = claim or TravelClaim()
        claim.person, claim.kind, claim.start_on, claim.end_on, claim.claimed_on = person, kind, start, end, claimed
        claim.destination = (data.get("destination") or "").strip()[:60]
        claim.destination_class, claim.purpose = cls, (data.get("purpose") or "").strip()[:200]
        claim.accommodation, claim.meals, claim.transport = (amounts["accommodation"], amounts["meals"],
                                                             amounts["transport"])
        claim.allowed, claim.over = result.allowed, result.over
        claim.note = (data.get("note") or "").strip()
        claim.save()
        RewardPenalty.delete_where((RewardPenalty.source_table == CLAIM_SOURCE) & (RewardPenalty.source_id == claim.id))
        if result.over > 0:
            amount = claim_deduction(result, claimed)
            if amount:
                RewardPenalty.create(person=person, entry_date=claimed, category="出差值勤标准", amount=amount,
                                     reason=f"{start}起{kind}{claim.destination or cls}{result.days}天超标准："
                                            f"{result.describe()}"[:200],
                                     source_table=CLAIM_SOURCE, source_id=claim.id, entered_by=current_user())
    return claim


@requires("rewards.edit")
def delete_claim(claim: TravelClaim) -> None:
    not_final(claim.claimed_on, "删除报销")
    with database.atomic():
        RewardPenalty.delete_where((RewardPenalty.source_table == CLAIM_SOURCE) & (RewardPenalty.source_id == claim.id))
        claim.delete_instance()


def claim_by_id(claim_id: int | None) -> TravelClaim | None:
    return TravelClaim.get_or_none(TravelClaim.id == claim_id) if claim_id is not None else None


def claim_listing() -> Listing:
    return Listing(
        model=TravelClaim,
        columns=[
            Column("start_on", "起始日期", TravelClaim.start_on),
            Column("end_on", "结束日期", TravelClaim.end_on),
            Column("person", "报销人", Person.name, searchable=True),
            Column("kind", "类别", TravelClaim.kind, searchable=True),
            Column("destination", "地点", TravelClaim.destination, searchable=True),
            Column("destination_class", "地区类别", TravelClaim.destination_class, searchable=True),
            Column("accommodation", "住宿费", TravelClaim.accommodation),
            Column("meals", "伙食费", TravelClaim.meals),
            Column("transport", "交通费", TravelClaim.transport),
            Column("allowed", "标准内", TravelClaim.allowed),
            Column("over", "超标准", TravelClaim.over),
            Column("purpose", "事由", TravelClaim.purpose, searchable=True),
        ],
        joins=lambda q: q.join(Person, on=(TravelClaim.person == Person.id)),
        default_order="start_on",
        default_desc=True,
    )


# ================================================================ goods (物品管理)
@requires("rewards.edit")
def save_item(data: dict, item: GoodsItem | None = None) -> GoodsItem:
    name = required_text(data.get("name"), "物品名称")
    if len(name) > 60:
        raise BadValue("物品名称不超过60个字")
    clash = GoodsItem.select().where(GoodsItem.name == name)
    if item is not None and item.id is not None:
        clash = clash.where(GoodsItem.id != item.id)
    if clash.exists():
        raise BadValue(f"已有物品“{name}”")
    price = _money(data.get("unit_price"), "单价")
    if price < 0:
        raise BadValue("单价不能为负")
    item = item or GoodsItem()
    item.name, item.unit, item.unit_price = name, (data.get("unit") or "个").strip()[:10] or "个", price
    item.min_stock = a_count(data.get("min_stock"), "最低库存") or 0
    item.active = bool(data.get("active", True))
    item.save()
    return item


def stock_of(item: GoodsItem | int, on: date | None = None) -> int:
    """What is in stock: everything in, less everything issued and written off (up to ``on``)."""
    query = GoodsMovement.select(GoodsMovement.kind, pw.fn.SUM(GoodsMovement.quantity)).where(
        GoodsMovement.item == (item.id if isinstance(item, GoodsItem) else item))
    if on is not None:
        query = query.where(GoodsMovement.moved_on <= on)
    totals = dict(query.group_by(GoodsMovement.kind).tuples())
    return int(totals.get("入库", 0)) - int(totals.get("领用", 0)) - int(totals.get("报损", 0))


@dataclass
class StockRow:
    item: GoodsItem
    stock: int
    value: Decimal

    @property
    def low(self) -> bool:
        return self.stock <= self.item.min_stock


def stock_list(include_inactive: bool = False) -> list[StockRow]:
    query = GoodsItem.select().order_by(GoodsItem.name)
    if not include_inactive:
        query = query.where(GoodsItem.active)
    out = []
    for item in query:
        stock = stock_of(item)
        out.append(StockRow(item, stock, (item.unit_price * stock).quantize(CENT)))
    return out


GOODS_LOSS_SOURCE = "goods_movement"


@requires("rewards.edit")
def move_goods(data: dict, today: date | None = None) -> GoodsMovement:
    """入库, 领用 to a section (by a person), or 报损 (with the person responsible, who loses the
    goods_loss amount from the bonus).  Nothing leaves the store that is not in it."""
    today = today or date.today()
    item = data.get("item")
    item = GoodsItem.get_or_none(GoodsItem.id == item) if isinstance(item, int) else item
    if not isinstance(item, GoodsItem):
        raise BadValue("请选择物品")
    kind = data.get("kind") or ""
    if kind not in GOODS_MOVES:
        raise BadValue(f"类别应为{'、'.join(GOODS_MOVES)}之一")
    day = a_date(data.get("moved_on"), "日期", required=True)
    if day > today:
        raise BadValue(f"日期 {day} 还没到")
    quantity = a_count(data.get("quantity"), "数量", required=True, positive=True)
    price = _money(data.get("unit_price"), "单价", required=False)
    price = item.unit_price if price is None else price
    if price < 0:
        raise BadValue("单价不能为负")
    section = data.get("section")
    section = Section.get_or_none(Section.id == section) if isinstance(section, int) else section
    person = data.get("person")
    person = None if person in (None, "") else _person(person)
    if kind == "领用":
        if not isinstance(section, Section):
            raise BadValue("领用要写明领用科室")
        if not section.active:
            raise BadValue(f"{section.name}已合署，请记到合署后的科室")
    if kind == "报损" and person is None and (data.get("note") or "").strip() == "":
        raise BadValue("报损要写明原因或责任人")
    if kind != "入库":
        later = stock_of(item) - quantity
        if stock_of(item, day) < quantity or later < 0:
            raise BadValue(f"{item.name}库存只有 {min(stock_of(item, day), stock_of(item))}{item.unit}，不够{kind} "
                           f"{quantity}{item.unit}")
    not_final(day, f"登记{kind}")
    if kind != "入库" and domain_closed("物品管理", day.year, day.month):
        raise BadValue(f"{day.year}年{day.month}月的物品管理已结账，不能再登记{kind}；如需更正，请先撤销物品结账")
    with database.atomic():
        move = GoodsMovement.create(item=item, moved_on=day, kind=kind, quantity=quantity, unit_price=price,
                                    section=section if isinstance(section, Section) else None, person=person,
                                    note=(data.get("note") or "").strip()[:200])
        if kind == "报损" and person is not None:
            amount = rule_amount("goods_loss", day)
            if amount:
                RewardPenalty.create(person=person, entry_date=day, category="物品管理", amount=amount,
                                     reason=f"{day} {item.name}{quantity}{item.unit}损坏丢失：{move.note}"[:200],
                                     source_table=GOODS_LOSS_SOURCE, source_id=move.id, entered_by=current_user())
    return move


@requires("rewards.edit")
def delete_movement(move: GoodsMovement, today: date | None = None) -> None:
    """A movement entered by mistake, with the write-off's deduction; refused where it would leave
    the stock below zero at any time, or change a closed or finalised month."""
    not_final(move.moved_on, f"删除{move.kind}记录")
    if move.kind != "入库" and domain_closed("物品管理", move.moved_on.year, move.moved_on.month):
        raise BadValue(f"{move.moved_on.year}年{move.moved_on.month}月的物品管理已结账，不能删除该月的{move.kind}；"
                       f"如需更正，请先撤销物品结账")
    if move.kind == "入库":
        later_days = [d for (d,) in GoodsMovement.select(GoodsMovement.moved_on).where(
            GoodsMovement.item == move.item_id, GoodsMovement.moved_on >= move.moved_on).distinct().tuples()]
        for day in sorted({GoodsMovement.moved_on.adapt(d) for d in later_days}):
            if stock_of(move.item_id, day) - move.quantity < 0:
                raise BadValue(f"删除这次入库后，{move.item.name}在 {day} 的库存会小于零（之后已有领用），不能删除")
    with database.atomic():
        RewardPenalty.delete_where((RewardPenalty.source_table == GOODS_LOSS_SOURCE)
                                   & (RewardPenalty.source_id == move.id))
        move.delete_instance()


def movement_by_id(move_id: int | None) -> GoodsMovement | None:
    return GoodsMovement.get_or_none(GoodsMovement.id == move_id) if move_id is not None else None


def movement_listing() -> Listing:
    return Listing(
        model=GoodsMovement,
        columns=[
            Column("moved_on", "日期", GoodsMovement.moved_on),
            Column("item", "物品", GoodsItem.name, searchable=True),
            Column("kind", "类别", GoodsMovement.kind, searchable=True),
            Column("quantity", "数量", GoodsMovement.quantity),
            Column("unit_price", "单价", GoodsMovement.unit_price),
            Column("amount", "金额", GoodsMovement.quantity * GoodsMovement.unit_price),  # peewee reads it as yuan
            Column("section", "科室", Section.name, searchable=True),
            Column("person", "经手人", Person.name, searchable=True),
            Column("note", "备注", GoodsMovement.note, searchable=True),
        ],
        joins=lambda q: (q.join(GoodsItem, on=(GoodsMovement.item == GoodsItem.id)).switch(GoodsMovement)
                          .join(Section, pw.JOIN.LEFT_OUTER, on=(GoodsMovement.section == Section.id))
                          .switch(GoodsMovement)
                          .join(Person, pw.JOIN.LEFT_OUTER, on=(GoodsMovement.person == Person.id))),
        default_order="moved_on",
        default_desc=True,
    )


@requires("rewards.edit")
def set_budget(section: Section | int, year: int, monthly_amount) -> SectionBudget:
    section = Section.get_or_none(Section.id == section) if isinstance(section, int) else section
    if not isinstance(section, Section):
        raise BadValue("请选择科室")
    amount = _money(monthly_amount, "月度预算")
    if amount < 0:
        raise BadValue("月度预算不能为负")
    closed = [m for (m,) in MonthClose.select(MonthClose.month).where(MonthClose.domain == "物品管理",
                                                                      MonthClose.year == year).tuples()]
    current = SectionBudget.get_or_none(SectionBudget.section == section, SectionBudget.year == year)
    if closed and (current is None or current.monthly_amount != amount):
        raise BadValue(f"{year}年已有{len(closed)}个月的物品管理结账，预算不能再改（会改变已结账月份的超预算情况）；"
                       f"如需调整，请先撤销这些月份的物品结账")
    budget = SectionBudget.get_or_none(SectionBudget.section == section, SectionBudget.year == year) or \
        SectionBudget(section=section, year=year)
    budget.monthly_amount = amount
    budget.save()
    return budget


@dataclass
class SectionUse:
    section: Section
    used: Decimal
    budget: Decimal | None

    @property
    def over(self) -> Decimal:
        return max(self.used - self.budget, ZERO) if self.budget is not None else ZERO


def section_use(year: int, month: int) -> list[SectionUse]:
    """Each section's goods issued in the month, at the prices issued, against its monthly budget."""
    first, last = _month_bounds(year, month)
    used = dict(GoodsMovement.select(GoodsMovement.section, pw.fn.SUM(GoodsMovement.quantity * GoodsMovement.unit_price))
                .where(GoodsMovement.kind == "领用", GoodsMovement.moved_on.between(first, last))
                .group_by(GoodsMovement.section).tuples())
    budgets = dict(SectionBudget.select(SectionBudget.section, SectionBudget.monthly_amount)
                   .where(SectionBudget.year == year).tuples())
    out = []
    for s in Section.select().where(Section.active | Section.id.in_(list(used))).order_by(Section.sort_order,
                                                                                           Section.id):
        spent = Decimal(int(used.get(s.id) or 0)).scaleb(-2)
        budget = budgets.get(s.id)
        out.append(SectionUse(s, spent, budget))
    return out


GOODS_BUDGET_SOURCE = "goods_budget"


def goods_month_entries(year: int, month: int) -> list[dict]:
    """What closing the month's 物品管理 posts: goods_over_budget for each section over its budget,
    charged to the chief."""
    _first, last = _month_bounds(year, month)
    amount = rule_amount("goods_over_budget", last)
    out, nobody = [], []
    for use in section_use(year, month):
        if use.over > 0 and amount:
            if use.section.chief is None:
                nobody.append(use.section.name)
                continue
            out.append(dict(person=use.section.chief_id, entry_date=last, category="物品管理", amount=amount,
                            reason=f"{year}年{month}月{use.section.name}领用办公用品 {use.used} 元，超预算 {use.over} 元",
                            source_table=GOODS_BUDGET_SOURCE, source_id=use.section.id, entered_by=current_user()))
    if nobody:
        raise BadValue(f"{'、'.join(nobody)}超预算但没有负责人，请先指定科室负责人")
    return out


@requires("rewards.edit")
def close_goods_month(year: int, month: int, today: date | None = None) -> list[dict]:
    today = today or date.today()
    _first, last = _month_bounds(year, month)
    if last >= today:
        raise BadValue(f"{year}年{month}月还没过完，不能结账")
    with database.atomic():
        lock_month(year, month)  # another workstation's closing of the month finishes first
        if domain_closed("物品管理", year, month):
            raise BadValue(f"{year}年{month}月的物品管理已经结账")
        not_final(last, "结账")
        entries = goods_month_entries(year, month)
        RewardPenalty.bulk_insert(entries)
        MonthClose.create(domain="物品管理", year=year, month=month, closed_at=datetime.now(), closed_by=current_user())
    return entries


@requires("rewards.edit")
def reopen_goods_month(year: int, month: int) -> None:
    first, last = _month_bounds(year, month)
    with database.atomic():
        lock_month(year, month)
        if not domain_closed("物品管理", year, month):
            raise BadValue(f"{year}年{month}月的物品管理还没有结账")
        not_final(last, "撤销结账")
        RewardPenalty.delete_where((RewardPenalty.source_table == GOODS_BUDGET_SOURCE)
                                   & RewardPenalty.entry_date.between(first, last))
        MonthClose.get(MonthClose.domain == "物品管理", MonthClose.year == year,
                       MonthClose.month == month).delete_instance()


# ================================================================ the bonus sheet (奖金核算表)
@requires("rewards.rules")
def save_base(post_or_rank: str, amount, effective_from) -> BonusBase:
    """The monthly base of a post (科长) or a rank (副科级), from a date."""
    key = required_text(post_or_rank, "职务或职级")
    value = _money(amount, "奖金基数")
    if value < 0:
        raise BadValue("奖金基数不能为负")
    day = a_date(effective_from, "执行日期", required=True)
    final = BonusMonth.select().where(BonusMonth.final, (BonusMonth.year * 100 + BonusMonth.month)
                                      >= day.year * 100 + day.month).first()
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


DOMAINS_TO_CLOSE = (("文印", "文印管理"), ("车辆燃料", "车辆油耗"), ("督查", "督查督办"), ("物品管理", "物品管理"))


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
        lines = [SheetLine(ln.person, ln.section_name, ln.post, ln.base, ln.rewards, ln.deductions, ln.total,
                           RewardPenalty.select().where(RewardPenalty.person == ln.person_id,
                                                        RewardPenalty.entry_date.between(_first, last)).count(),
                           ln.floor_applied)
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
        lock_month(year, month)  # no closing, reopening or other 定稿 of the month meanwhile
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
        lock_month(year, month)
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


# ================================================================ savings (珍惜每一分钱)
def savings(year: int, month: int) -> dict:
    """The month office-wide: fuel saved and burnt over the quota (litres of complete stretches and
    their worth at the month's average price), the month's fuel money (every fill, those without
    litres too; how many lack litres), rewards and deductions in the ledger, travel spent
    under and over the standard, and goods issued against the budgets."""
    from govoffice_desktop.models.fleet import Vehicle
    from govoffice_desktop.services import fleet

    first, last = _month_bounds(year, month)
    saved_l = over_l = saved_yuan = over_yuan = fuel_amount = ZERO
    without_litres = 0
    for vehicle in Vehicle.select():
        e = fleet.economy(vehicle, first, last)
        fuel_amount += e.amount  # every fill's money, one without litres (a reimbursement ledger) too
        without_litres += e.without_litres
        if vehicle.fuel_quota is None:
            continue
        if not e.distance_km or not e.measured_litres:
            continue
        allowed = (vehicle.fuel_quota * e.distance_km / 100).quantize(CENT, ROUND_HALF_UP)
        diff = allowed - e.measured_litres
        price = e.measured_amount / e.measured_litres
        if diff > 0:
            saved_l += diff
            saved_yuan += (diff * price).quantize(CENT, ROUND_HALF_UP)
        else:
            over_l -= diff
            over_yuan += (-diff * price).quantize(CENT, ROUND_HALF_UP)
    rewards = deductions = ZERO
    for (value,) in RewardPenalty.select(RewardPenalty.amount).where(
            RewardPenalty.entry_date.between(first, last)).tuples():
        if value > 0:
            rewards += value
        else:
            deductions += value
    under = over = ZERO
    claims = 0
    for c in TravelClaim.select().where(TravelClaim.claimed_on.between(first, last)):
        claims += 1
        over += c.over
        try:
            check = check_claim(c.person, c.destination_class, c.start_on, c.end_on, c.accommodation, c.meals,
                                c.transport)
        except BadValue:  # its standard was removed since: nothing to compare with
            continue
        for allowed, spent in ((check.allowed_accommodation, c.accommodation), (check.allowed_meals, c.meals),
                               (check.allowed_transport, c.transport)):
            if allowed is not None:
                under += max(allowed - spent, ZERO)
    uses = section_use(year, month)
    return {"month": f"{year}-{month:02d}",
            "fuel_saved_litres": str(saved_l), "fuel_saved_yuan": str(saved_yuan),
            "fuel_over_litres": str(over_l), "fuel_over_yuan": str(over_yuan),
            "fuel_amount": str(fuel_amount), "fills_without_litres": without_litres,
            "rewards": str(rewards), "deductions": str(deductions),
            "travel_claims": claims, "travel_under_standard": str(under), "travel_over_standard": str(over),
            "goods_used": str(sum((u.used for u in uses), ZERO)),
            "goods_budget": str(sum((u.budget or ZERO for u in uses), ZERO)),
            "goods_over_budget": str(sum((u.over for u in uses), ZERO))}
