"""Working days on the Chinese calendar (services/workdays.py): the library's schedule for a year
nobody entered, the 节假日安排 table once a year has days in it, and 办理时限 from 紧急程度."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govoffice_desktop.models.documents import DAY_OFF, DAY_WORKED, Holiday, HolidayYear, TimeLimitRule
from govoffice_desktop.services import workdays
from govoffice_desktop.services.validation import BadValue


def test_2026_national_day_and_its_worked_saturday_from_the_library(database):
    cal = workdays.Calendar()
    assert not cal.is_working_day(date(2026, 10, 1))  # 国庆节
    assert not cal.is_working_day(date(2026, 10, 7))  # 休息日（调休）
    assert cal.is_working_day(date(2026, 10, 10))  # a Saturday worked (调休上班)
    assert cal.is_working_day(date(2026, 9, 30)) and not cal.is_working_day(date(2026, 10, 11))  # a Sunday
    # a 平件 received on 30 September: 7 working days are 8, 9, 10 (Sat, worked), 12, 13, 14, 15 October
    assert workdays.deadline_for("平件", date(2026, 9, 30)) == date(2026, 10, 15)
    assert workdays.deadline_for("特急", date(2026, 9, 30)) == date(2026, 10, 8)
    assert workdays.working_days_between(date(2026, 9, 30), date(2026, 10, 15)) == 7


def test_a_year_with_days_in_the_table_follows_the_table_only(database):
    # 2027: the library knows the Spring Festival but not its worked weekend days
    cal = workdays.Calendar()
    assert not cal.is_working_day(date(2027, 2, 8)) and not cal.is_working_day(date(2027, 2, 20))  # Saturday
    Holiday.create(day=date(2027, 2, 20), kind=DAY_WORKED, name="春节调休上班")
    Holiday.create(day=date(2027, 2, 8), kind=DAY_OFF, name="春节")
    cal = workdays.Calendar()
    assert cal.is_working_day(date(2027, 2, 20))
    assert not cal.is_working_day(date(2027, 2, 8))
    assert cal.is_working_day(date(2027, 2, 9))  # the library's guess is no longer read for 2027
    assert workdays.is_working_day(date(2027, 1, 1))  # nor its 元旦: the table is the year's schedule


def test_the_light_green_yellow_within_one_working_day_red_overdue(database):
    cal = workdays.Calendar()
    friday = date(2026, 11, 27)
    assert cal.light(date(2026, 11, 30), friday) == workdays.YELLOW  # Monday is the next working day
    assert cal.light(friday, friday) == workdays.YELLOW
    assert cal.light(date(2026, 12, 1), friday) == workdays.GREEN
    assert cal.light(date(2026, 11, 26), friday) == workdays.RED
    assert cal.light(date(2026, 11, 26), friday, done=True) == workdays.DONE
    assert cal.light(None, friday) is None


def test_the_limit_in_force_on_the_day_received(database):
    TimeLimitRule.create(effective_from=date(2026, 7, 1), urgency="平件", working_days=5)
    assert workdays.limit_days("平件", date(2026, 6, 30)) == 7
    assert workdays.limit_days("平件", date(2026, 7, 1)) == 5
    assert workdays.deadline_for("平件", date(2026, 11, 2), days=2) == date(2026, 11, 4)  # a leader's own
    with pytest.raises(BadValue, match="紧急程度"):
        workdays.limit_days("火急", date(2026, 7, 1))
    with pytest.raises(BadValue, match="1 至 366"):
        workdays.deadline_for("平件", date(2026, 11, 2), days=0)


def test_the_years_first_page_asks_for(database):
    assert workdays.unscheduled_years(date(2026, 11, 5)) == [2026]
    assert workdays.unscheduled_years(date(2026, 12, 6)) == [2026, 2027]
    HolidayYear.create(year=2026, confirmed_on=date(2025, 11, 4), confirmed_by="admin")
    assert workdays.unscheduled_years(date(2026, 12, 6)) == [2027]


@settings(max_examples=60, deadline=None)
@given(start=st.dates(date(2025, 1, 1), date(2027, 12, 1)), n=st.integers(0, 40))
def test_add_and_between_agree(start, n):
    cal = workdays.Calendar.__new__(workdays.Calendar)
    cal._years = {y: {d.day: d.kind for d in workdays.library_days(y)} for y in (2025, 2026, 2027, 2028)}
    end = cal.add(start, n)
    assert cal.between(start, end) == n
    assert n == 0 or cal.is_working_day(end)
    assert cal.between(start, end - timedelta(days=1)) == max(n - 1, 0)
