"""Which months a page's month picker offers and which one it opens on, the same way on every page.

Each page that shows a month belongs to a domain (文印, 车辆, 督查, 奖惩, 财务管理, 物品管理); the
domain says in which months it has data (文电办理: the months 收文 were received).  The picker offers every month from the earliest with data
(or the month just ended, the one to close, when it is earlier) to today's month (or a later month
with data), newest first, and opens on the last month with data
up to today's month — data dated after it (a plan, a deadline) does not count — else on today's
month.  Qt-free: the window's MonthPicker (ui/month_picker.py) only shows what this decides.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable, Iterable

from govoffice_desktop.models.documents import IncomingDocument
from govoffice_desktop.models.fleet import Incident, Trip
from govoffice_desktop.models.rewards import BonusMonth, FinanceFinding, GoodsMovement, RewardPenalty
from govoffice_desktop.models.supervision import DailyCheck
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services.months import months_with

Month = tuple[int, int]


def _bonus_months() -> list[Month]:
    return months_with(RewardPenalty.entry_date) + [(b.year, b.month) for b in BonusMonth.select(
        BonusMonth.year, BonusMonth.month)]


# domain → the months in which it has data (any order, repeats allowed)
DOMAINS: dict[str, Callable[[], Iterable[Month]]] = {
    "typing": lambda: months_with(TypingLog.typed_on),  # 文印管理: the typing logged
    "fleet": lambda: months_with(Trip.trip_date) + months_with(Incident.occurred_on),  # 车辆: trips and incidents
    "supervision": lambda: months_with(DailyCheck.checked_on),  # 督查督办: the daily checks
    "bonus": _bonus_months,  # 奖金核算表, 奖惩台账: entries and bonus sheets
    "finance": lambda: months_with(FinanceFinding.found_on),  # 财务管理: the findings
    "goods": lambda: months_with(GoodsMovement.moved_on),  # 物品管理: stock movements
    "documents": lambda: months_with(IncomingDocument.received_on),  # 文电办理: the 收文 received
}


def data_months(domain: str) -> list[Month]:
    """The months in which ``domain`` has data, newest first."""
    return sorted(set(DOMAINS[domain]()), reverse=True)


def _month_of(day: date) -> Month:
    return day.year, day.month


def _before(today: date) -> date:
    """The last day of the month before today's."""
    return today.replace(day=1) - timedelta(days=1)


def default_of(months: Iterable[Month], today: date, ended: bool = False) -> Month:
    """The month a page opens on: the last of ``months`` (months with data) up to today's month,
    else the month just ended.  ``ended``: a page that closes a month (结账) opens on the last month
    with data that is over, since a month not yet over cannot be closed."""
    now = _month_of(_before(today) if ended else today)
    return max((m for m in months if m <= now), default=_month_of(_before(today)))


def span(months: Iterable[Month], today: date) -> list[Month]:
    """Every month from the earliest of ``months`` (or the month before today's, when earlier) to the
    latest of them or today's month, newest first."""
    months = set(months) | {_month_of(today), _month_of(_before(today))}
    (year, month), first = max(months), min(months)
    out = []
    while (year, month) >= first:
        out.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def default_month(domain: str, today: date, ended: bool = False) -> Month:
    """The month every page of ``domain`` opens on (see default_of)."""
    return default_of(data_months(domain), today, ended)


def choices(domain: str, today: date, ended: bool = False) -> tuple[list[Month], Month]:
    """The months the picker offers (newest first) and the one it opens on, with one read of the data."""
    months = data_months(domain)
    return span(months, today), default_of(months, today, ended)
