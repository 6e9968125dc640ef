"""Working days on the Chinese calendar: what 文电办理's time limits are counted in.

A day is a working day when it is Monday to Friday and not a public holiday (放假), or when it is a
weekend day that is worked (上班, 调休).  A year's days come from the 节假日安排 table
(``Holiday``) when the table holds any day of that year — pre-filled from the calendar library and
corrected by the administrator when the State Council publishes the year's schedule — and
otherwise from the library (``holidays``: the public holidays it knows for any year, and the 调休
workdays of the years whose schedule it has), so that a year nobody entered still skips its
holidays; 首页 asks for it (``unscheduled_years``).

``Calendar`` reads the table once for the years asked and answers every question about them; the
module-level functions make one for a single question.  Nothing is cached between calls, so an
edit of the table counts at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from govoffice_desktop.models.documents import DAY_OFF, DAY_WORKED, URGENCIES, Holiday, HolidayYear, TimeLimitRule
from govoffice_desktop.services.validation import BadValue

GREEN, YELLOW, RED, DONE = "绿", "黄", "红", "结"
LIGHT_CODES = {GREEN: "green", YELLOW: "yellow", RED: "red", DONE: "done"}
DAY = timedelta(days=1)
MAX_LIMIT_DAYS = 366  # no time limit runs longer than a year of working days


@dataclass(frozen=True)
class LibraryDay:
    day: date
    kind: str  # 放假 or 上班
    name: str


@lru_cache(maxsize=64)
def library_days(year: int) -> tuple[LibraryDay, ...]:
    """The year's days off and worked weekend days as the library knows them, in Chinese
    (元旦, 春节, 休息日（由 2026-02-14 调休）; a worked weekend day is 调休上班)."""
    from holidays.countries.china import China  # imported when first needed: start-up does not pay for it

    calendar = China(years=year, language="zh_CN")
    days = [LibraryDay(day, DAY_OFF, str(name)[:30]) for day, name in calendar.items() if day.year == year]
    days += [LibraryDay(day, DAY_WORKED, "调休上班") for day in calendar.weekend_workdays if day.year == year]
    return tuple(sorted(days, key=lambda d: d.day))


def library_knows_workdays(year: int) -> bool:
    """Whether the library has the year's 调休 schedule (not only its holidays)."""
    return any(d.kind == DAY_WORKED for d in library_days(year))


class Calendar:
    """The working days of the years it is asked about, each year read once (one query for the
    table's days of that year, none when the table has none: then the library's)."""

    def __init__(self):
        self._years: dict[int, dict[date, str]] = {}

    def _year(self, year: int) -> dict[date, str]:
        days = self._years.get(year)
        if days is None:
            rows = (Holiday.select(Holiday.day, Holiday.kind)
                    .where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31))).tuples())
            days = {day: kind for day, kind in rows}
            if not days:
                days = {d.day: d.kind for d in library_days(year)}
            self._years[year] = days
        return days

    def is_working_day(self, day: date) -> bool:
        kind = self._year(day.year).get(day)
        if kind is not None:
            return kind == DAY_WORKED
        return day.weekday() < 5

    def add(self, start: date, working_days: int) -> date:
        """The ``working_days``-th working day after ``start`` (0: ``start`` itself).  A limit of N
        working days from a document received on ``start`` ends on ``add(start, N)``."""
        if working_days < 0:
            raise BadValue("工作日数不能为负数")
        day, left = start, working_days
        while left:
            day += DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """The working days after ``start`` up to and including ``end`` (0 when ``end`` is not
        after ``start``): how many working days a document done on ``end`` took, or how many
        working days past its limit ``start`` the day ``end`` is."""
        if end <= start:
            return 0
        count, day = 0, start
        while day < end:
            day += DAY
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        return self.add(day, 1)

    def light(self, deadline: date | None, today: date, done: bool = False) -> str | None:
        """The light of a document: 结 when done; red when past its limit; yellow when its limit is
        today or the next working day; green otherwise; None without a limit."""
        if done:
            return DONE
        if deadline is None:
            return None
        if deadline < today:
            return RED
        if deadline <= self.next_working_day(today):
            return YELLOW
        return GREEN


# ---------------------------------------------------------------- one question at a time
def is_working_day(day: date) -> bool:
    return Calendar().is_working_day(day)


def add_working_days(start: date, working_days: int) -> date:
    return Calendar().add(start, working_days)


def working_days_between(start: date, end: date) -> int:
    return Calendar().between(start, end)


# ---------------------------------------------------------------- 办理时限
def limit_days(urgency: str, on: date) -> int:
    """The working days the rule in force on ``on`` gives a document of ``urgency``."""
    if urgency not in URGENCIES:
        raise BadValue(f"紧急程度应为{'、'.join(URGENCIES)}之一，而不是“{urgency}”", field="urgency")
    rule = (TimeLimitRule.select().where(TimeLimitRule.urgency == urgency, TimeLimitRule.effective_from <= on)
            .order_by(TimeLimitRule.effective_from.desc()).first())
    if rule is None:
        raise BadValue(f"{on.isoformat()} 时没有“{urgency}”件的办理时限规定，请先在办理时限规定中设置", field="urgency")
    return rule.working_days


def deadline_for(urgency: str, received_on: date, days: int | None = None, calendar: Calendar | None = None) -> date:
    """办理时限: ``days`` working days (a leader's own) or the rule's for ``urgency`` after ``received_on``."""
    if days is None:
        days = limit_days(urgency, received_on)
    if not 1 <= days <= MAX_LIMIT_DAYS:
        raise BadValue(f"办理时限应为 1 至 {MAX_LIMIT_DAYS} 个工作日", field="limit_days")
    return (calendar or Calendar()).add(received_on, days)


# ---------------------------------------------------------------- whose schedule is missing
def scheduled_years() -> set[int]:
    """The years whose 节假日安排 the administrator has confirmed."""
    return {year for (year,) in HolidayYear.select(HolidayYear.year).tuples()}


def unscheduled_years(today: date) -> list[int]:
    """The years 首页 asks the schedule for: this year when not confirmed, and next year from
    December on (the State Council publishes it in the autumn)."""
    wanted = [today.year] + ([today.year + 1] if today.month == 12 else [])
    have = scheduled_years()
    return [year for year in wanted if year not in have]
