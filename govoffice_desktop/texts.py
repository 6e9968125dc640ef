"""How values read to the office: one place for the window, the printed documents, the exports,
the audit log and the names of the files the program writes (issue 21, point 6).

Dates read 2026-12-06 in tables and 2026年12月6日 in running text; a moment to the minute
(2026-12-06 09:50), never with seconds' fractions or the ISO ``T``; yes/no as 是/否; nothing
(None) as an empty cell, or （空） where an empty cell would hide a change; a month as
2026年12月 and a quarter as 2026年第四季度.  Qt-free and importing nothing of the package, so
every layer (models included) may use it.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

QUARTER_NAMES = "一二三四"
EMPTY = "（空）"  # a value that is not there, where an empty string would read as nothing at all

# a date or moment as stored text (JSON of the audit log, a service's payload): 2026-12-06,
# 2026-12-06T09:50:44.934065, 2026-12-06 09:50:44+08:00
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?")


def day_text(day: date) -> str:
    """A date in a table, a list or a file name: 2026-12-06."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def day_long(day: date) -> str:
    """A date in running text and on paper: 2026年12月6日."""
    return f"{day.year}年{day.month}月{day.day}日"


def moment_text(moment: datetime, seconds: bool = False) -> str:
    """A moment to the minute (or the second): 2026-12-06 09:50; never microseconds."""
    return f"{day_text(moment)} {moment:%H:%M:%S}" if seconds else f"{day_text(moment)} {moment:%H:%M}"


def month_text(year: int, month: int) -> str:
    """A month: 2026年12月."""
    return f"{year}年{month}月"


def quarter_text(year: int, quarter: int) -> str:
    """A quarter (a rating period): 2026年第四季度."""
    return f"{year}年第{QUARTER_NAMES[quarter - 1]}季度"


def quarter_key_text(key: str) -> str:
    """A quarter's key as services pass it (2026Q4) as the office writes it (2026年第四季度)."""
    m = re.fullmatch(r"(\d{4})Q([1-4])", key or "")
    return quarter_text(int(m.group(1)), int(m.group(2))) if m else key


def stamp(day: date | None = None) -> str:
    """The date in a file name the program proposes (导出, 另存为 PDF): 2026-12-06."""
    return day_text(day or date.today())


def value_text(value, empty: str = "") -> str:
    """A value as the office reads it: None as ``empty``, True/False as 是/否, a date as
    2026-12-06, a moment to the minute, a time to the minute, Decimal as written."""
    if value is None:
        return empty
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def stored_text(value, empty: str = EMPTY) -> str:
    """A value as stored in JSON (the audit log's before and after): the same words as
    ``value_text``, a date or moment written as ISO text read as one (a moment to the second:
    two logins in one minute still differ)."""
    if isinstance(value, str):
        m = _ISO.fullmatch(value.strip())
        if m:
            year, month, day, hour, minute, second = m.groups()
            if hour is None:
                return day_text(date(int(year), int(month), int(day)))
            return moment_text(datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0)),
                               seconds=True)
        return value if value != "" else empty
    return value_text(value, empty)
