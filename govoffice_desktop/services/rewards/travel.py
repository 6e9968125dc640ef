"""出差值勤标准: travel and duty standards by destination class and rank band, 出差审批, and the claims
checked against both: 住宿费 by receipts cut to the cap per night, 伙食补助费 and 市内交通费 paid per day
as 包干, and no 出差 paid without its approval."""
from __future__ import annotations

from govoffice_desktop.models.rewards import CAT_TRAVEL
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from govoffice_desktop.models.db import current_user, database
import peewee as pw

from govoffice_desktop.models.rewards import (CLAIM_KINDS, RANK_GROUPS, RewardPenalty, TravelApproval, TravelClaim,
                                              TravelStandard)
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
    """A destination class and rank band's standard from a date: the cap per night for rooms, the
    per-diem (包干) per day for meals and for local transport, and the cap per trip for inter-city
    transport (empty: by receipts)."""
    cls = required_text(data.get("destination_class"), "地区类别")
    if len(cls) > 30:
        raise BadValue("地区类别不超过30个字")
    group = data.get("rank_group") or ""
    if group not in RANK_GROUPS:
        raise BadValue(f"职级档次应为{'、'.join(RANK_GROUPS)}之一")
    day = a_date(data.get("effective_from"), "执行日期", required=True)
    values = {}
    for key, label in (("accommodation", "住宿费标准（元/晚）"), ("meals", "伙食补助费（元/天）"),
                       ("city_transport", "市内交通费（元/天）")):
        values[key] = _money(data.get(key), label, required=key != "city_transport") or ZERO
        if values[key] < 0:
            raise BadValue(f"{label}不能为负")
    transport = _money(data.get("transport"), "城市间交通费标准（元/次）", required=False)
    if transport is not None and transport < 0:
        raise BadValue("城市间交通费标准不能为负")
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
    standard.city_transport = values["city_transport"]
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
    """A claim against the standard in force on its first day for the person's rank band: rooms by
    receipts, cut to the cap per night; meals (伙食补助费) and local transport (市内交通费) paid per day
    as 包干, whatever the receipts; inter-city transport by receipts, cut to its cap when it has one."""
    days: int
    nights: int
    standard: TravelStandard
    spent_accommodation: Decimal
    allowed_accommodation: Decimal  # the cap: per night × nights
    meals: Decimal  # 伙食补助费 paid: per day × days
    city_transport: Decimal  # 市内交通费 paid: per day × days
    spent_transport: Decimal
    allowed_transport: Decimal | None  # the cap per trip; None: by receipts
    over_accommodation: Decimal
    over_transport: Decimal

    @property
    def allowed_meals(self) -> Decimal:  # the per-diem is what is paid
        return self.meals

    @property
    def paid_accommodation(self) -> Decimal:
        return self.spent_accommodation - self.over_accommodation

    @property
    def paid_transport(self) -> Decimal:
        return self.spent_transport - self.over_transport

    @property
    def allowed(self) -> Decimal:
        """What the claim pays."""
        return self.paid_accommodation + self.meals + self.city_transport + self.paid_transport

    @property
    def over(self) -> Decimal:
        """The receipts above the standard: cut, not paid."""
        return self.over_accommodation + self.over_transport

    def describe(self) -> str:
        parts = [f"{label}超{amount}元" for label, amount in (("住宿费", self.over_accommodation),
                                                             ("城市间交通费", self.over_transport)) if amount > 0]
        return "，".join(parts)

    def statement(self) -> str:
        """The check as the claim states it, item by item."""
        s = self.standard
        if self.over_accommodation > 0:
            rooms = (f"住宿费 {self.spent_accommodation} 元超过标准（{s.accommodation} 元/晚 × {self.nights} 晚 = "
                     f"{self.allowed_accommodation} 元），按标准报销 {self.paid_accommodation} 元，"
                     f"核减 {self.over_accommodation} 元")
        else:
            rooms = f"住宿费 {self.spent_accommodation} 元（标准 {self.allowed_accommodation} 元以内）"
        parts = [rooms,
                 f"伙食补助费 {s.meals} 元/天 × {self.days} 天 = {self.meals} 元（包干）",
                 f"市内交通费 {s.city_transport} 元/天 × {self.days} 天 = {self.city_transport} 元（包干）"]
        if self.over_transport > 0:
            parts.append(f"城市间交通费 {self.spent_transport} 元超过标准 {self.allowed_transport} 元，"
                         f"核减 {self.over_transport} 元")
        elif self.spent_transport:
            parts.append(f"城市间交通费 {self.spent_transport} 元（凭票据）")
        return "；".join(parts) + f"；合计报销 {self.allowed} 元"


def check_claim(person: Person, destination_class: str, start_on: date, end_on: date, accommodation,
                transport=ZERO) -> ClaimCheck:
    """The claim against the standard in force on the first day for the person's rank band: rooms per
    night (days − 1, at least one when there is a room receipt) cut to the cap; meals and local
    transport per day, 包干; inter-city transport cut to its cap when the standard has one."""
    group = rank_group(person.rank)
    standard = standard_for(destination_class, group, start_on)
    if standard is None:
        raise BadValue(f"{start_on} 没有适用于{destination_class}·{group}（{person.name}，{person.rank or '未定职级'}）"
                       f"的出差值勤标准，请先在“标准”中设定")
    accommodation, transport = accommodation or ZERO, transport or ZERO
    days = (end_on - start_on).days + 1
    nights = max(days - 1, 1) if accommodation else 0
    cap_rooms = (standard.accommodation * nights).quantize(CENT)
    over = lambda spent, cap: max(spent - cap, ZERO) if cap is not None else ZERO  # noqa: E731
    return ClaimCheck(days, nights, standard, accommodation, cap_rooms, (standard.meals * days).quantize(CENT),
                      (standard.city_transport * days).quantize(CENT), transport, standard.transport,
                      over(accommodation, cap_rooms), over(transport, standard.transport))


CLAIM_SOURCE = "travel_claim"


def claim_deduction(result: ClaimCheck, claimed_on: date) -> Decimal:
    """What a claim over the standard takes off the bonus under the rules in force on the day it is
    claimed: travel_over a time, plus travel_over_excess × the excess (0 by default: the excess is
    not paid already); a negative amount, 0 within the standard."""
    if result.over <= 0:
        return ZERO
    return (rule_amount("travel_over", claimed_on)
            - result.over * rule_amount("travel_over_excess", claimed_on)).quantize(CENT, ROUND_HALF_UP)


# ================================================================ 出差审批
def _approval(value) -> TravelApproval | None:
    if value in (None, ""):
        return None
    found = TravelApproval.get_or_none(TravelApproval.id == value) if isinstance(value, int) else value
    if not isinstance(found, TravelApproval):
        raise BadValue("没有这份出差审批")
    return found


@requires("rewards.edit")
def save_approval(data: dict, approval: TravelApproval | None = None, today: date | None = None) -> TravelApproval:
    """出差审批: who, where (and the destination's class), the dates, the purpose, who approved it and
    when — before the trip.  An approval a claim was checked against is not changed."""
    today = today or date.today()
    person = _person(data.get("person"), "出差人")
    destination = required_text(data.get("destination"), "出差地点")[:60]
    cls = required_text(data.get("destination_class"), "地区类别")
    if cls not in destination_classes():
        raise BadValue(f"没有“{cls}”的出差值勤标准，请先在“标准”中设定，或选择已有的地区类别")
    start = a_date(data.get("start_on"), "出发日期", required=True)
    end = a_date(data.get("end_on"), "返回日期", required=True)
    if end < start:
        raise BadValue(f"返回日期 {end} 早于出发日期 {start}")
    if (end - start).days > 90:
        raise BadValue("一次出差不超过90天")
    purpose = required_text(data.get("purpose"), "出差事由")
    if len(purpose) > 200:
        raise BadValue("出差事由不超过200个字")
    approver = required_text(data.get("approved_by"), "审批人")
    if len(approver) > 30:
        raise BadValue("审批人不超过30个字")
    approved_on = a_date(data.get("approved_on"), "审批日期", required=True)
    if approved_on > today:
        raise BadValue(f"审批日期 {approved_on} 还没到")
    if approved_on > start:
        raise BadValue(f"审批日期 {approved_on} 晚于出发日期 {start}：出差应事前审批")
    if approval is not None and approval.id is not None and approval.claims.count():
        raise BadValue(f"{approval.person.name} {approval.start_on} 起的出差已按这份审批报销，不能修改；"
                       f"如需变更，请先删除该报销")
    approval = approval or TravelApproval(entered_by=current_user())
    approval.person, approval.destination, approval.destination_class = person, destination, cls
    approval.start_on, approval.end_on, approval.purpose = start, end, purpose
    approval.approved_by, approval.approved_on = approver, approved_on
    approval.save()
    return approval


@requires("rewards.edit")
def delete_approval(approval: TravelApproval) -> None:
    if approval.claims.count():
        raise BadValue(f"{approval.person.name} {approval.start_on} 起的出差已按这份审批报销，不能删除")
    approval.delete_instance()


def approval_by_id(approval_id: int | None) -> TravelApproval | None:
    return TravelApproval.get_or_none(TravelApproval.id == approval_id) if approval_id is not None else None


def approvals_open(person: Person | int | None = None, keep: TravelApproval | None = None) -> list[TravelApproval]:
    """Approvals not yet claimed (and ``keep``, the one a claim being corrected names), newest first."""
    query = (TravelApproval.select(TravelApproval, Person).join(Person)
             .where(TravelApproval.id.not_in(TravelClaim.select(TravelClaim.approval)
                                             .where(TravelClaim.approval.is_null(False)))
                    | (TravelApproval.id == (keep.id if keep is not None else 0))))
    if person is not None:
        query = query.where(TravelApproval.person == (person.id if isinstance(person, Person) else person))
    return list(query.order_by(TravelApproval.start_on.desc(), TravelApproval.id.desc()))


def approval_listing() -> Listing:
    claimed = pw.Case(None, [(TravelClaim.id.is_null(), "未报销")], "已报销")  # one claim per approval
    return Listing(
        model=TravelApproval,
        columns=[
            Column("start_on", "出发日期", TravelApproval.start_on),
            Column("end_on", "返回日期", TravelApproval.end_on),
            Column("person", "出差人", Person.name, searchable=True),
            Column("destination", "地点", TravelApproval.destination, searchable=True),
            Column("destination_class", "地区类别", TravelApproval.destination_class, searchable=True),
            Column("purpose", "事由", TravelApproval.purpose, searchable=True),
            Column("approved_by", "审批人", TravelApproval.approved_by, searchable=True),
            Column("approved_on", "审批日期", TravelApproval.approved_on),
            Column("claimed", "报销", claimed),
        ],
        joins=lambda q: (q.join(Person, on=(TravelApproval.person == Person.id)).switch(TravelApproval)
                          .join(TravelClaim, pw.JOIN.LEFT_OUTER, on=(TravelClaim.approval == TravelApproval.id))),
        default_order="start_on",
        default_desc=True,
    )


def _check_against_approval(approval: TravelApproval, person: Person, start: date, end: date, destination: str,
                            cls: str) -> None:
    """A claim inside its approval: the same person, the dates within the approved ones, the place and
    its class as approved; otherwise refused, saying what is outside."""
    if approval.person_id != person.id:
        raise BadValue(f"这份出差审批是{approval.person.name}的，不是{person.name}的")
    if start < approval.start_on or end > approval.end_on:
        raise BadValue(f"报销的出差日期 {start} 至 {end} 超出审批的 {approval.start_on} 至 {approval.end_on}"
                       f"（{approval.approved_by} {approval.approved_on} 审批）")
    if destination and destination != approval.destination:
        raise BadValue(f"报销的出差地点“{destination}”与审批的“{approval.destination}”不符")
    if cls != approval.destination_class:
        raise BadValue(f"报销的地区类别“{cls}”与审批的“{approval.destination_class}”不符")


@requires("rewards.edit")
def save_claim(data: dict, claim: TravelClaim | None = None, today: date | None = None) -> TravelClaim:
    """A 出差 or 值勤 claim.  A 出差 claim needs its 出差审批 and stays inside it (person, dates, place);
    rooms are paid up to the cap and the part above is cut (the claim says so); meals and local
    transport are paid per day as 包干; a day is paid once per person (no two claims overlap).  A claim
    with receipts above the standard also loses, under the rules travel_over (per time) and
    travel_over_excess (the share of the excess), from the person's bonus in the same transaction
    (re-posted when the claim is corrected)."""
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
    approval = _approval(data.get("approval"))
    destination = (data.get("destination") or "").strip()[:60]
    cls = (data.get("destination_class") or "").strip() or (approval.destination_class if approval else "")
    cls = required_text(cls, "地区类别")
    if kind == "出差" and approval is None:
        raise BadValue(f"{person.name} {start} 起的出差没有出差审批，不能报销；请先登记出差审批（出差人、地点、日期、审批人）")
    if approval is not None:
        _check_against_approval(approval, person, start, end, destination, cls)
        destination = destination or approval.destination
        taken = TravelClaim.select().where(TravelClaim.approval == approval)
        if claim is not None and claim.id is not None:
            taken = taken.where(TravelClaim.id != claim.id)
        if taken.exists():
            raise BadValue(f"这份出差审批已经报销过（{taken.get().claimed_on}），一次出差只报销一次")
    overlap = TravelClaim.select().where(TravelClaim.person == person, TravelClaim.start_on <= end,
                                         TravelClaim.end_on >= start)
    if claim is not None and claim.id is not None:
        overlap = overlap.where(TravelClaim.id != claim.id)
    other = overlap.first()
    if other is not None:
        raise BadValue(f"{person.name}已有 {other.start_on} 至 {other.end_on} 的{other.kind}报销，与这次的日期重叠"
                       f"（伙食补助、市内交通按天包干，同一天不能报两次）")
    amounts = {}
    for key, label in (("accommodation", "住宿费"), ("transport", "城市间交通费")):
        amounts[key] = _money(data.get(key), label, required=False) or ZERO
        if amounts[key] < 0:
            raise BadValue(f"{label}不能为负")
    result = check_claim(person, cls, start, end, amounts["accommodation"], amounts["transport"])
    with database.atomic():
        claim = claim or TravelClaim()
        claim.person, claim.kind, claim.start_on, claim.end_on, claim.claimed_on = person, kind, start, end, claimed
        claim.approval, claim.destination = approval, destination
        claim.destination_class, claim.purpose = cls, ((data.get("purpose") or "").strip()
                                                       or (approval.purpose if approval else ""))[:200]
        claim.accommodation, claim.transport = amounts["accommodation"], amounts["transport"]
        claim.meals, claim.city_transport = result.meals, result.city_transport
        claim.allowed, claim.over, claim.verdict = result.allowed, result.over, result.statement()
        claim.note = (data.get("note") or "").strip()
        claim.save()
        RewardPenalty.delete_where((RewardPenalty.source_table == CLAIM_SOURCE) & (RewardPenalty.source_id == claim.id))
        if result.over > 0:
            amount = claim_deduction(result, claimed)
            if amount:
                RewardPenalty.create(person=person, entry_date=claimed, category=CAT_TRAVEL, amount=amount,
                                     reason=f"{start}起{kind}{claim.destination or cls}{result.days}天超标准："
                                            f"{result.describe()}（超出部分不予报销）"[:200],
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
            Column("accommodation", "住宿费（票据）", TravelClaim.accommodation),
            Column("meals", "伙食补助", TravelClaim.meals),
            Column("city_transport", "市内交通", TravelClaim.city_transport),
            Column("transport", "城市间交通", TravelClaim.transport),
            Column("allowed", "核准报销", TravelClaim.allowed),
            Column("over", "超标准（核减）", TravelClaim.over),
            Column("purpose", "事由", TravelClaim.purpose, searchable=True),
            Column("approved_by", "审批人", TravelApproval.approved_by, searchable=True),
            Column("verdict", "核对情况", TravelClaim.verdict, searchable=True),
        ],
        joins=lambda q: (q.join(Person, on=(TravelClaim.person == Person.id)).switch(TravelClaim)
                          .join(TravelApproval, pw.JOIN.LEFT_OUTER, on=(TravelClaim.approval == TravelApproval.id))),
        default_order="start_on",
        default_desc=True,
    )
