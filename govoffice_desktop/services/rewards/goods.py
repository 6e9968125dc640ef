"""物品管理: office supplies in stock, issued against the sections' monthly budgets, written off
with the person responsible; the month's closing charges a section over its budget."""
from __future__ import annotations

from govoffice_desktop.models.rewards import CAT_GOODS
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.rewards import GOODS_MOVES, GoodsItem, GoodsMovement, RewardPenalty, SectionBudget
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.rewards.ledger import (CENT, ZERO, _money, _month_bounds, _person, domain_closed,
                                                       not_final)
from govoffice_desktop.services.rules import rule_amount
from govoffice_desktop.services.validation import BadValue, a_count, a_date, required_text


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
    if kind != "入库" and domain_closed(CAT_GOODS, day.year, day.month):
        raise BadValue(f"{day.year}年{day.month}月的物品管理已结账，不能再登记{kind}；如需更正，请先撤销物品结账")
    with database.atomic():
        move = GoodsMovement.create(item=item, moved_on=day, kind=kind, quantity=quantity, unit_price=price,
                                    section=section if isinstance(section, Section) else None, person=person,
                                    note=(data.get("note") or "").strip()[:200])
        if kind == "报损" and person is not None:
            amount = rule_amount("goods_loss", day)
            if amount:
                RewardPenalty.create(person=person, entry_date=day, category=CAT_GOODS, amount=amount,
                                     reason=f"{day} {item.name}{quantity}{item.unit}损坏丢失：{move.note}"[:200],
                                     source_table=GOODS_LOSS_SOURCE, source_id=move.id, entered_by=current_user())
    return move


@requires("rewards.edit")
def delete_movement(move: GoodsMovement, today: date | None = None) -> None:
    """A movement entered by mistake, with the write-off's deduction; refused where it would leave
    the stock below zero at any time, or change a closed or finalised month."""
    not_final(move.moved_on, f"删除{move.kind}记录")
    if move.kind != "入库" and domain_closed(CAT_GOODS, move.moved_on.year, move.moved_on.month):
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
    closed = months.closed_months(CAT_GOODS, year)
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
            out.append(dict(person=use.section.chief_id, entry_date=last, category=CAT_GOODS, amount=amount,
                            reason=f"{year}年{month}月{use.section.name}领用办公用品 {use.used} 元，超预算 {use.over} 元",
                            source_table=GOODS_BUDGET_SOURCE, source_id=use.section.id, entered_by=current_user()))
    if nobody:
        raise BadValue(f"{'、'.join(nobody)}超预算但没有负责人，请先指定科室负责人")
    return out


def _goods_posted(year: int, month: int):
    first, last = _month_bounds(year, month)
    return (RewardPenalty.source_table == GOODS_BUDGET_SOURCE) & RewardPenalty.entry_date.between(first, last)


GOODS_CLOSING = months.Closing(CAT_GOODS, (CAT_GOODS,), _goods_posted, dated_refusals=True)


@requires("rewards.edit")
def close_goods_month(year: int, month: int, today: date | None = None) -> list[dict]:
    return months.close(GOODS_CLOSING, year, month, lambda: goods_month_entries(year, month), today)


@requires("rewards.edit")
def reopen_goods_month(year: int, month: int) -> None:
    months.reopen(GOODS_CLOSING, year, month)
