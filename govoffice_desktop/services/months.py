"""A month's closings (结账 per domain, 定稿 of the bonus sheet): the one place that knows a
month's bounds, whether a domain's month is closed, whether the month's bonus sheet is final,
and how a domain closes and reopens a month.  Each domain (文印, 车辆, 督查, 物品管理, 财务管理) supplies
only what it posts — its entries — and which of the ledger's entries are its own.

Two workstations closing, reopening or finalising the same month at the same moment must not
both be applied: each of those writes takes the month's lock first thing in its transaction,
then reads the month's state and decides.  The second one waits for the first to commit and
then sees the month as the first left it (already closed, already final…), and is refused with
the usual reason.

One lock per month, whatever the domain: finalising reads every domain's closing, and a closing
must not post into a month being finalised.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable

from peewee import fn

from govoffice_desktop.models.db import current_user, database, transaction_lock
from govoffice_desktop.models.rewards import BonusMonth, MonthClose, RewardPenalty
from govoffice_desktop.services import issued
from govoffice_desktop.services.validation import BadValue


def lock_month(year: int, month: int) -> None:
    """Hold the month's lock until the current transaction ends (call it inside ``database.atomic()``,
    before reading the month's state)."""
    transaction_lock("month", int(year) * 100 + int(month))


# ---------------------------------------------------------------- bounds
def bounds(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of a month; a month the office cannot have is refused."""
    if not (2000 <= year <= 2099 and 1 <= month <= 12):
        raise BadValue(f"没有 {year}年{month}月")
    return date(year, month, 1), last_day(year, month)


def last_day(year: int, month: int) -> date:
    """The month's last day, for any real month (a date computed in a loop, a quarter's end…)."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_with(field) -> list[tuple[int, int]]:
    """The months in which the date column ``field`` (indexed) has rows, newest first: one index
    seek a month — the latest day before the first of the month found last — however many rows
    each month holds.  The same statement is run each time with only its bound day changed."""
    latest = field.model.select(fn.MAX(field))
    sql, params = latest.where(field < date.max).sql()
    at = params.index(field.db_value(date.max))
    out = []
    (day,), = database.execute_sql(*latest.sql()).fetchall()
    while day is not None:
        day = field.adapt(day)
        out.append((day.year, day.month))
        params[at] = field.db_value(day.replace(day=1))
        (day,), = database.execute_sql(sql, params).fetchall()
    return out


# ---------------------------------------------------------------- state
def is_closed(domain: str, year: int, month: int) -> bool:
    """The domain's month is closed (its entries posted)."""
    return MonthClose.select().where(MonthClose.domain == domain, MonthClose.year == year,
                                     MonthClose.month == month).exists()


def closed_months(domain: str, year: int | None = None) -> list[tuple[int, int]]:
    """The domain's closed months (of one year, or all), oldest first."""
    query = MonthClose.select(MonthClose.year, MonthClose.month).where(MonthClose.domain == domain)
    if year is not None:
        query = query.where(MonthClose.year == year)
    return [(y, m) for y, m in query.order_by(MonthClose.year, MonthClose.month).tuples()]


def is_final(year: int, month: int) -> bool:
    """The month's bonus sheet is final (定稿): the month takes no entry."""
    return BonusMonth.select().where(BonusMonth.year == year, BonusMonth.month == month, BonusMonth.final).exists()


def first_final_from(day: date) -> BonusMonth | None:
    """The earliest final bonus month in or after the month of ``day`` (a rule or base dated
    ``day`` would change it)."""
    return (BonusMonth.select().where(BonusMonth.final, (BonusMonth.year * 100 + BonusMonth.month)
                                      >= day.year * 100 + day.month)
            .order_by(BonusMonth.year, BonusMonth.month).first())


def not_final(day: date, what: str = "登记奖惩") -> None:
    """Refuses a write into a month whose bonus sheet is final."""
    if is_final(day.year, day.month):
        raise BadValue(f"{day.year}年{day.month}月的奖金表已定稿，不能再{what}（{day}）")


# ---------------------------------------------------------------- closing and reopening
@dataclass(frozen=True)
class Closing:
    """One domain's closing: what its refusals call it, the closings (MonthClose domains) it
    writes, and which ledger entries of a month are the ones it posted."""
    label: str  # 文印考核, 车辆奖惩, 督查, 物品管理, 财务管理: "…的{label}已经结账"
    domains: tuple[str, ...]
    posted: Callable[[int, int], object]  # (year, month) → a where-clause on RewardPenalty
    dated_refusals: bool = False  # a final sheet refuses with the day, as not_final() words it
    # (year, month) → the figures the month's document prints, kept with the closing: a closed month
    # reprints them as of its closing (``closed_figures``), whatever is entered later
    figures: Callable[[int, int], object] | None = None


def state(closing: Closing, year: int, month: int) -> tuple[bool, bool]:
    """(closed, the bonus sheet of the month is final)."""
    closed = MonthClose.select().where(MonthClose.domain.in_(closing.domains), MonthClose.year == year,
                                       MonthClose.month == month).exists()
    return closed, is_final(year, month)


def _refuse_final(closing: Closing, year: int, month: int, final: bool, reopening: bool) -> None:
    if closing.dated_refusals:
        not_final(bounds(year, month)[1], "撤销结账" if reopening else "结账")
    elif final:
        raise BadValue(f"{year}年{month}月的奖金表已定稿，{'不能撤销结账' if reopening else '不能再结账'}")


def close(closing: Closing, year: int, month: int, entries: Callable[[], list[dict]],
          today: date | None = None) -> list[dict]:
    """结账: once the month is over, under the month's lock, refused when already closed or when the
    bonus sheet is final; posts ``entries()`` (RewardPenalty rows) and marks the month closed,
    all in one transaction.  Returns the rows posted."""
    today = today or date.today()
    last = bounds(year, month)[1]
    if last >= today:
        raise BadValue(f"{year}年{month}月还没过完，不能结账")
    with database.atomic():
        lock_month(year, month)  # another workstation's closing of the month finishes first
        closed, final = state(closing, year, month)
        if closed:
            raise BadValue(f"{year}年{month}月的{closing.label}已经结账")
        _refuse_final(closing, year, month, final, reopening=False)
        rows = entries()
        RewardPenalty.bulk_insert(rows)
        kept = issued.dumps(closing.figures(year, month)) if closing.figures is not None else None
        for domain in closing.domains:
            MonthClose.create(domain=domain, year=year, month=month, closed_at=datetime.now(), closed_by=current_user(),
                              figures=kept)
    return rows


def closed_figures(closing: Closing, year: int, month: int) -> tuple[object, datetime] | None:
    """The figures kept when the month was closed and when it was closed, or None (the month is
    open, or was closed before figures were kept)."""
    row = (MonthClose.select(MonthClose.figures, MonthClose.closed_at)
           .where(MonthClose.domain == closing.domains[0], MonthClose.year == year, MonthClose.month == month,
                  MonthClose.figures.is_null(False)).first())
    return (issued.loads(row.figures), row.closed_at) if row is not None else None


def reopen(closing: Closing, year: int, month: int) -> None:
    """撤销结账, until the month's bonus sheet is final: the posted entries go, the month reopens."""
    with database.atomic():
        lock_month(year, month)
        closed, final = state(closing, year, month)
        if not closed:
            raise BadValue(f"{year}年{month}月的{closing.label}还没有结账")
        _refuse_final(closing, year, month, final, reopening=True)
        RewardPenalty.delete_where(closing.posted(year, month))
        MonthClose.delete_where(MonthClose.domain.in_(closing.domains) & (MonthClose.year == year)
                                & (MonthClose.month == month))
