"""奖惩: the one reward/penalty ledger.  A reward is positive, a deduction negative, in yuan with two
decimals.  A month whose bonus sheet is final takes no entry, by form, by a domain's closing, by a
claim or by a goods movement."""
from __future__ import annotations

from govoffice_desktop.models.staff import OFF_STAFF as GONE  # noqa: F401  (re-exported)
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user
from govoffice_desktop.models.rewards import CATEGORIES, RewardPenalty
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import BadValue, a_date, a_number, required_text


CENT = Decimal("0.01")
ZERO = Decimal("0.00")


_month_bounds = months.bounds  # the old name, for callers outside


def _money(value, label: str, required: bool = True) -> Decimal | None:
    amount = a_number(value, label, places=2)
    if amount is None and required:
        raise BadValue(f"{label}不能为空")
    return amount


# ================================================================ months (services/months.py)
month_is_final, domain_closed, not_final = months.is_final, months.is_closed, months.not_final


# ================================================================ the ledger
AUTO_SOURCES = {"typing_month", "fleet_month", "daily_check", "supervised_task",  # posted by a month's closing
                "finance_finding"}
SOURCE_LABELS = {"typing_month": "文印月结", "fleet_month": "车辆月结", "daily_check": "日常督查",
                 "supervised_task": "督办事项", "travel_claim": "出差值勤报销", "goods_movement": "物品报损",
                 "goods_budget": "用品超预算", "finance_finding": "财务检查", "incident": "事故违章",
                 "vehicle": "车辆", "reading_record": "读书交流"}


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
