"""出差值勤标准: travel and duty standards by destination class and rank band, and the claims
checked against them (what is over the standard is deducted)."""
from __future__ import annotations

from govoffice_desktop.models.rewards import CAT_TRAVEL
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.rewards import CLAIM_KINDS, RANK_GROUPS, RewardPenalty, TravelClaim, TravelStandard
from govoffice_desktop.models.staff import Person
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.rewards.ledger import CENT, ZERO, _money, _person, month_is_final, not_final
from govoffice_desktop.services.rules import rule_amount
from govoffice_desktop.services.validation import BadValue, a_date, required_text


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
                RewardPenalty.create(person=person, entry_date=claimed, category=CAT_TRAVEL, amount=amount,
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
