"""Property tests for the readers of dates, numbers and status words (issue 16)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from govoffice_desktop.ledgers.kind_base import _status, _word_table
from govoffice_desktop.ledgers.mapping import words
from govoffice_desktop.models.staff import PERSON_STATUSES
from govoffice_desktop.models.supervision import TASK_STATUSES
from govoffice_desktop.services import validation as v

DAYS = st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))
TIMES = st.times().map(lambda t: t.replace(microsecond=0))
FULLWIDTH = str.maketrans("0123456789.-/:", "０１２３４５６７８９．－／：")


def shapes(d: date) -> list:
    y, m, dd = d.year, d.month, d.day
    return [f"{y}-{m}-{dd}", f"{y}/{m:02d}/{dd:02d}", f"{y}.{m}.{dd}", f"{y}年{m}月{dd}日", f"{y} 年 {m} 月 {dd} 日",
            f"{y}{m:02d}{dd:02d}", y * 10000 + m * 100 + dd, float(y * 10000 + m * 100 + dd),
            f"{y}-{m}-{dd}".translate(FULLWIDTH), d, datetime(y, m, dd), (d - v.EXCEL_EPOCH.date()).days]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(DAYS)
def test_every_shape_of_a_date_reads_as_that_date(day):
    for shape in shapes(day):
        assert v.parse_date(shape) == day, shape


@settings(max_examples=200, deadline=None, derandomize=True)
@given(DAYS, TIMES)
def test_a_date_and_a_time_read_together(day, moment):
    expected = datetime.combine(day, moment)
    text = f"{day.year}年{day.month}月{day.day}日 {moment.hour}时{moment.minute}分{moment.second}秒"
    assert v.parse_datetime(text) == expected
    assert v.parse_datetime(f"{day:%Y-%m-%d} {moment:%H:%M:%S}") == expected
    for day_cell in (f"{day:%Y-%m-%d}", day, day.year * 10000 + day.month * 100 + day.day):
        for time_cell in (moment, f"{moment:%H:%M:%S}", (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400):
            assert v.parse_datetime(v.join_date_time(day_cell, time_cell)) == expected, (day_cell, time_cell)
    assert v.join_date_time(day, None) == day


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(min_value=1901, max_value=2099), st.integers(min_value=1, max_value=12))
def test_a_year_and_month_reads_as_the_first(year, month):
    for shape in (f"{year}.{month}", f"{year}年{month}月", f"{year}-{month:02d}"):
        assert v.parse_date(shape) == date(year, month, 1)


@settings(deadline=None, derandomize=True)
@given(st.text(alphabet="abcxyz明天昨天上午号", min_size=1, max_size=8))
def test_text_that_is_no_date_is_refused_naming_the_forms_read(text):
    try:
        v.parse_date(text)
    except v.BadValue as exc:
        assert "2025-3-5" in str(exc) and "2025年3月5日" in str(exc)
    else:
        raise AssertionError(f"{text!r} read as a date")


MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(MONEY)
def test_every_shape_of_money_reads_as_that_amount(amount):
    grouped = f"{amount:,.2f}"
    for shape in (str(amount), f"{amount}元", f"￥{amount}", f"¥{grouped}", grouped, f"{amount} 元",
                  str(amount).translate(FULLWIDTH), float(amount)):
        assert v.parse_decimal(shape, 2) == amount, shape
    assert v.parse_decimal(f"{amount}万", 2) == (amount * 10000).quantize(Decimal("0.01"))


@settings(deadline=None, derandomize=True)
@given(st.text(alphabet="abc元升万%", min_size=1, max_size=5).filter(lambda t: not any(c.isdigit() for c in t)))
def test_text_that_is_no_number_is_refused(text):
    try:
        v.parse_decimal(text)
    except v.BadValue:
        pass
    else:
        raise AssertionError(f"{text!r} read as a number")


@settings(deadline=None, derandomize=True)
@given(st.sampled_from(sorted(words("staff.status"))), st.sampled_from(["", " ", "\u3000"]))
def test_every_status_word_maps_to_a_status_of_the_program(word, pad):
    assert _status(pad + word + pad) in PERSON_STATUSES
    assert _status(word) == words("staff.status")[word]


@settings(deadline=None, derandomize=True)
@given(st.text(min_size=1, max_size=6).filter(lambda t: t.strip() and t.strip() not in words("staff.status")))
def test_an_unknown_status_word_is_refused_listing_the_accepted_ones(word):
    try:
        status = _status(word)
    except v.BadValue as exc:
        assert all(f"{s}（" in str(exc) for s in PERSON_STATUSES) or "看不见的" in str(exc)  # a control character
    else:  # only what a ledger writes for "nothing" (blank, /, —, 无 …) gives the default
        assert status == "在岗" and v.is_empty(word.replace(" ", "").replace("\u3000", ""))


@settings(deadline=None, derandomize=True)
@given(st.sampled_from(sorted(words("tasks.status"))))
def test_every_task_status_word_maps_to_a_task_status(word):
    assert _word_table("tasks.status", "办理状态")(word) in TASK_STATUSES


def test_the_status_tables_only_name_statuses_the_program_has():
    assert set(words("staff.status").values()) == set(PERSON_STATUSES)
    assert set(words("tasks.status").values()) <= set(TASK_STATUSES)
