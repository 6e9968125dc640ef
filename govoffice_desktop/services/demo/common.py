"""演示数据: what every domain's part of the demo shares — the error, the summary, small helpers and
the builder's plumbing (a generator per domain, workdays, names, ID numbers, phones)."""
from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from govoffice_desktop.models.db import Refusal
from govoffice_desktop.services import months
from govoffice_desktop.services.demo.reference import FEMALE_GIVEN, MALE_GIVEN, SHARED_GIVEN, SURNAMES
from govoffice_desktop.services.validation import id_check_digit


DEFAULT_SEED = 20250101
DEMO_PASSWORD = "demo"  # every demo login's password; a real office sets its own


class DemoError(Refusal):
    """Demo data cannot be written (the message is for the user, in Chinese)."""


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)  # table name -> rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Scale:
    """How big the demo office is.  ``STANDARD`` is the demo as it always was (one year, 12 sections,
    about 80 staff, 8 vehicles, three months of daily checks, four quarters of ratings, every
    ledger row audited one by one); ``LARGE`` is ten years of a large office to measure on
    (``bench/large_office.py``).  A test builds something in between (``Scale(years=1, ...)``)."""
    name: str = "standard"
    years: int = 1
    sections: int = 12  # 12 = the demo's own; more are added from EXTRA_SECTIONS
    staff: int = 0  # 0 = the demo's staff plan; more: each new section's people, then typists and drivers
    vehicles: int = 8  # 8 = VEHICLE_SPECS; more are drawn from VEHICLE_MODELS
    check_months: int = 3  # months of daily checks, ending with the current one
    quarters: int = 4  # quarters of ratings, ending with the current one
    audit: str = "rows"  # how bulk_insert audits the ledgers' rows: rows, or batch (one entry per batch)
    # the months closed in every domain and finalised, and the 专报 issued: the last so many (None:
    # every one before the month just ended); before them the ledgers are there, their months open,
    # as in an office that took up the program's closings only then (each closing of a month of the
    # large office takes seconds, ten years of them minutes)
    closed_months: int | None = None

    @property
    def standard(self) -> bool:
        return self == STANDARD


STANDARD = Scale()
LARGE = Scale(name="large", years=10, sections=40, staff=600, vehicles=200, check_months=120, quarters=40,
              audit="batch", closed_months=6)
SCALES = {"standard": STANDARD, "large": LARGE}


# ======================================================================= small helpers
CENT = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


_add_months = months.add_months  # the same day some months later (services/months.py)
_month_end = months.last_day


_FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (5, 3), (10, 1), (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7)}


def _is_workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS


def _at(day: date, minutes: int) -> datetime:
    """``day`` at ``minutes`` after midnight."""
    return datetime.combine(day, time(0, 0)) + timedelta(minutes=minutes)


MERGE_SOURCE, MERGE_TARGET = "信息科", "调研室"  # 职能相近的科室合署


# ======================================================================= the builder
FIRST_DAY = date(2000, 1, 1)  # the office's months and years run from 2000 (services' month bounds)


class _Base:
    """The builder's plumbing: the window of twelve months, a generator per domain, workdays, new names, ID numbers and phones."""

    def __init__(self, as_of: date, seed: int, progress: Callable[[int, str], bool] | None,
                 scale: Scale = STANDARD):
        self.as_of = as_of
        self.seed = seed
        self.progress = progress
        self.scale = scale
        span = 12 * scale.years
        self.start = _add_months(as_of, -span) + timedelta(days=1)  # the 12 (120…) months ending at as_of
        if self.start < FIRST_DAY:
            raise DemoError(f"演示数据是截止日期前{'一' if scale.years == 1 else scale.years}年的数据，"
                            f"而本程序的日期从 {FIRST_DAY.year} 年起："
                            f"截止日期应不早于 {_add_months(FIRST_DAY, span) - timedelta(days=1)}")
        self.workdays = [d for d in self._days(self.start, as_of) if _is_workday(d)]
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()

    # -- plumbing
    def bulk(self, model, rows: list[dict]) -> int:
        """``model.bulk_insert(rows)``, audited as the scale says (row by row, or one entry a batch)."""
        return model.bulk_insert(rows, audit=self.scale.audit)

    def rng(self, name: str) -> random.Random:
        """A generator per domain: one domain's draws never shift another's.  The seed string is
        hashed by SHA-512 (``random`` seeding version 2), so it is stable across runs and machines."""
        return random.Random(f"govoffice-demo:{self.seed}:{name}")

    def step(self, percent: int, message: str) -> None:
        if self.progress is not None and self.progress(percent, message) is False:
            raise DemoError("已取消")

    @staticmethod
    def _days(first: date, last: date):
        day = first
        while day <= last:
            yield day
            day += timedelta(days=1)

    def workday_on_or_after(self, day: date) -> date:
        while not _is_workday(day):
            day += timedelta(days=1)
        return day

    def workday_on_or_before(self, day: date) -> date:
        while not _is_workday(day):
            day -= timedelta(days=1)
        return day

    def random_workday(self, rng: random.Random, first: date, last: date) -> date:
        days = self.workdays[bisect_left(self.workdays, first):bisect_right(self.workdays, last)]
        if not days:
            return min(max(first, self.start), last)
        return rng.choice(days)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month touched by the window, oldest first."""
        out, day = [], self.start.replace(day=1)
        while day <= self.as_of:
            out.append((day.year, day.month))
            day = _add_months(day, 1)
        return out

    def new_name(self, rng: random.Random, gender: str) -> str:
        pool = MALE_GIVEN if gender == "男" else FEMALE_GIVEN
        while True:
            given = rng.choice(pool)
            if rng.random() < 0.6:
                given = rng.choice(pool + SHARED_GIVEN) + given if rng.random() < 0.5 else given + rng.choice(pool)
            name = rng.choice(SURNAMES) + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def new_id_number(self, rng: random.Random, codes, birth: date, gender: str) -> str:
        while True:
            seq = rng.randrange(0, 1000)
            if (seq % 2 == 1) != (gender == "男"):
                seq = (seq + 1) % 1000
            body = f"{rng.choice(codes)}{birth:%Y%m}{rng.randint(1, 28):02d}{seq:03d}"
            number = body + id_check_digit(body)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def new_phone(self, rng: random.Random) -> str:
        while True:
            phone = "1" + rng.choice(["33", "38", "39", "51", "52", "58", "59", "80", "81", "87", "88", "89"]) \
                + f"{rng.randrange(10 ** 8):08d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone
