"""Plausibility bounds: values far outside what an office produces are refused, naming the bound.

This is the one place the bounds live.  A ledger row (and the kinds that read them) asks here;
each problem is a message in Chinese that names the bound it broke.

| what | bound |
|---|---|
| an event's date (a refuel, trip, incident, typed document, check, speed test) | 1990-01-01 to 31 days ahead |
| a birth date | 1900-01-01 to today |
| a date something was done (a document received, closed, signed, printed, filed) | 1990-01-01 to today |
| a deadline or expiry date | 1950-01-01 to ten years ahead |
| any other date | 1950-01-01 to a year ahead |
| litres in one fill | at most 300 |
| unit price of fuel | 3 to 20 元/升 |
| pages in one typing entry | at most 2,000 |
| typing speed | at most 300 字/分钟 |
| odometer | at most 5,000 km past the fill before |
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

EVENT, BIRTH, DEADLINE, OTHER, DONE = "event", "birth", "deadline", "other", "done"
DATE_BOUNDS = {  # kind of date → (earliest, days ahead of today allowed; None: up to today)
    EVENT: (date(1990, 1, 1), 31),
    BIRTH: (date(1900, 1, 1), 0),
    DEADLINE: (date(1950, 1, 1), 3653),
    OTHER: (date(1950, 1, 1), 366),
    DONE: (date(1990, 1, 1), 0),
}
DATE_WORDS = {EVENT: "事情发生的日期", BIRTH: "出生日期", DEADLINE: "期限", OTHER: "日期", DONE: "日期"}
MAX_LITRES = Decimal(300)
PRICE_RANGE = (Decimal(3), Decimal(20))
MAX_PAGES = 2000
MAX_SPEED = Decimal(300)  # 字/分钟
MAX_ODOMETER_STEP = 5000  # km between two fills


def date_range(kind: str, today: date | None = None) -> tuple[date, date]:
    earliest, ahead = DATE_BOUNDS[kind]
    return earliest, (today or date.today()) + timedelta(days=ahead)


def date_problem(kind: str, value, today: date | None = None) -> str | None:
    """Why ``value`` (a date or datetime) is not a plausible date of this kind, or None."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    earliest, latest = date_range(kind, today)
    if day < earliest:
        return f"{DATE_WORDS[kind]} {day} 早于 {earliest}，不像真实的日期"
    if day > latest:
        ahead = f"今天（{latest}）" if DATE_BOUNDS[kind][1] == 0 else f"今天之后 {DATE_BOUNDS[kind][1]} 天（{latest}）"
        return f"{DATE_WORDS[kind]} {day} 晚于{ahead}，不像真实的日期"
    return None


def litres_problem(litres) -> str | None:
    if litres is not None and litres > MAX_LITRES:
        return f"加油量 {litres} 升超过一次加油的上限 {MAX_LITRES} 升"
    return None


def price_problem(price) -> str | None:
    low, high = PRICE_RANGE
    if price is not None and price > 0 and not low <= price <= high:
        return f"单价 {price} 元/升不在 {low}–{high} 元/升之间"
    return None


def pages_problem(pages) -> str | None:
    if pages is not None and pages > MAX_PAGES:
        return f"一次登记 {pages} 页，超过上限 {MAX_PAGES} 页"
    return None


def speed_problem(characters, minutes) -> str | None:
    if characters and minutes and minutes > 0 and Decimal(characters) / Decimal(minutes) > MAX_SPEED:
        speed = (Decimal(characters) / Decimal(minutes)).quantize(Decimal("0.1"))
        return f"速度 {speed} 字/分钟超过上限 {MAX_SPEED} 字/分钟"
    return None


def odometer_step_problem(previous: int | None, odometer: int | None) -> str | None:
    if previous is not None and odometer is not None and odometer - previous > MAX_ODOMETER_STEP:
        return (f"里程表读数 {odometer} 比上一次加油时的 {previous} 多 {odometer - previous} 公里，"
                f"超过上限 {MAX_ODOMETER_STEP} 公里")
    return None
