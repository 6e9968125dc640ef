"""督查督办: what every page of it shares — the month, a section or person named in a form, ranking with ties,
the full marks and the reward/penalty category."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from govoffice_desktop.models.rewards import CAT_SUPERVISION
from govoffice_desktop.models.staff import OFF_STAFF as GONE  # noqa: F401  (re-exported)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import months
from govoffice_desktop.services.validation import BadValue, halfwidth


FULL_MARKS = Decimal(100)
CENT = Decimal("0.01")
CATEGORY = CAT_SUPERVISION  # the reward/penalty category (and the closing) of the month's checks and tasks


_month_bounds = months.bounds  # the old name, for callers outside


def _previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def parse_month(text: str) -> tuple[int, int]:
    """2025-10, 2025.10, 2025年10月 → (2025, 10)."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*", halfwidth(str(text or "")))
    if not m:
        raise BadValue(f"月份应写成 2025-10：{text!r}")
    year, month = int(m.group(1)), int(m.group(2))
    _month_bounds(year, month)
    return year, month


def _section(value, label: str = "科室") -> Section:
    section = Section.get_or_none(Section.id == value) if isinstance(value, int) else value
    if not isinstance(section, Section):
        raise BadValue(f"{label}不能为空" if value in (None, "") else f"没有这个{label}")
    return section


def _person(value, label: str) -> Person | None:
    if value in (None, ""):
        return None
    person = Person.get_or_none(Person.id == value) if isinstance(value, int) else value
    if not isinstance(person, Person):
        raise BadValue(f"没有这位{label}")
    return person


def _not_future(day: date, label: str, today: date | None) -> None:
    if day > (today or date.today()):
        raise BadValue(f"{label} {day} 还没到")


def _rank(items: list, key) -> None:
    """Ranks in place, ties sharing a rank (1, 2, 2, 4); ``items`` sorted best first."""
    for i, item in enumerate(items):
        item.rank = items[i - 1].rank if i and key(item) == key(items[i - 1]) else i + 1


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"
