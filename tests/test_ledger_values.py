"""Ledger value normalisers: dates, numbers, yes/no, plates and ID numbers in every shape."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from govoffice_desktop.services import validation as v

FULL = str.maketrans("0123456789.-/", "０１２３４５６７８９．－／")

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


def shapes(d: date) -> list:
    """Every way the office's ledgers write one date."""
    serial = (datetime(d.year, d.month, d.day) - v.EXCEL_EPOCH).days
    # A serial stored as text counts from 20000 (1954-10-03) so that a bare year is never one.
    as_text = [str(serial)] if serial >= 20000 else []
    return as_text + [
        d, datetime(d.year, d.month, d.day), serial, float(serial),
        f"{d.year}.{d.month}.{d.day}", f"{d.year}年{d.month}月{d.day}日", f"{d.year}/{d.month:02d}/{d.day:02d}",
        f"{d.year}-{d.month}-{d.day}", f"{d:%Y-%m-%d} 00:00:00", f"{d:%Y%m%d}",
        f"{d.year}.{d.month}.{d.day}".translate(FULL), f" {d.year} 年 {d.month} 月 {d.day} 日 ",
    ]


@settings(max_examples=150, deadline=None)
@given(dates)
def test_a_date_in_any_supported_shape_parses_back_to_itself(day):
    for shape in shapes(day):
        assert v.parse_date(shape) == day, shape


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=Decimal("-999999.99"), max_value=Decimal("999999.99"), places=2,
                   allow_nan=False, allow_infinity=False))
def test_a_number_with_full_width_digits_parses_to_the_same_value(number):
    text = f"{number:f}"
    assert v.parse_decimal(text.translate(FULL), 2) == number
    assert v.parse_decimal(text, 2) == number
    assert v.parse_decimal(text + "元", 2) == number


def test_datetimes_with_seconds_and_serials_with_time():
    assert v.parse_datetime("2016/7/10") == datetime(2016, 7, 10)
    assert v.parse_datetime("2025-03-05 08:30:15") == datetime(2025, 3, 5, 8, 30, 15)
    assert v.parse_datetime("2025年3月5日 8:30") == datetime(2025, 3, 5, 8, 30)
    assert v.parse_datetime(45721.5) == datetime(2025, 3, 5, 12, 0)


def test_year_month_fields():
    assert v.parse_year_month("1985.03") == date(1985, 3, 1)
    assert v.parse_year_month("1985年3月") == date(1985, 3, 1)
    assert v.parse_year_month(1985.1) == date(1985, 10, 1)  # typed as a number: 1985.10 lost its 0
    assert v.parse_year_month(1985.01) == date(1985, 1, 1)
    assert v.parse_year_month(1985.12) == date(1985, 12, 1)
    assert v.parse_year_month("198503") == date(1985, 3, 1)
    assert v.parse_year_month("1985-3-17") == date(1985, 3, 1)
    with pytest.raises(v.BadValue, match="月份"):
        v.parse_year_month(1985.13)


@pytest.mark.parametrize("bad", ["2025-2-30", "2025.13.1", "三月五日", "abc", True])
def test_bad_dates_say_why(bad):
    with pytest.raises(v.BadValue):
        v.parse_date(bad)


@pytest.mark.parametrize("text,expected", [
    ("1,234.50元", Decimal("1234.50")), ("35.2升", Decimal("35.2")), ("1.2万元", Decimal("12000.0")),
    ("￥300", Decimal("300")), ("120公里", Decimal("120")), (" 45 ", Decimal("45")), (7.65, Decimal("7.65")),
    (300, Decimal("300")), ("/", None), ("—", None), ("", None), (None, None),
])
def test_numbers_with_units_and_empty_markers(text, expected):
    assert v.parse_decimal(text) == expected


def test_numbers_refuse_text():
    with pytest.raises(v.BadValue, match="应为数字"):
        v.parse_decimal("约三十升")
    with pytest.raises(v.BadValue, match="整数"):
        v.parse_int("3.5")
    assert v.parse_int("１２页") == 12


@pytest.mark.parametrize("cell,expected", [("是", True), ("否", False), ("√", True), ("×", False), ("Y", True),
                                           ("n", False), ("Ｙ", True), (1, True), (0, False), ("", None)])
def test_yes_no(cell, expected):
    assert v.parse_bool(cell) is expected


def test_yes_no_refuses_other_words():
    with pytest.raises(v.BadValue, match="是或否"):
        v.parse_bool("也许")


@pytest.mark.parametrize("cell,expected", [("苏N·A1234", "苏NA1234"), ("苏 n a1234", "苏NA1234"),
                                           ("渝AMF053", "渝AMF053"), ("苏ND12345", "苏ND12345"),
                                           ("苏Ｎ－Ａ１２３４", "苏NA1234"), ("—", None)])
def test_plates_are_normalised(cell, expected):
    assert v.normalise_plate(cell) == expected


@pytest.mark.parametrize("bad", ["NA1234", "苏1A1234", "苏NA12", "京A12345678"])
def test_bad_plates_are_refused(bad):
    with pytest.raises(v.BadValue, match="车牌号"):
        v.normalise_plate(bad)


def test_id_numbers():
    assert v.normalise_id_number("11010519491231002x") == "11010519491231002X"
    assert v.normalise_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    with pytest.raises(v.BadValue, match="校验位"):
        v.normalise_id_number("110105194912310021")
    with pytest.raises(v.BadValue, match="18位"):
        v.normalise_id_number("11010519491231")
    with pytest.raises(v.BadValue, match="出生日期"):
        v.normalise_id_number("110105194913310025")
    with pytest.raises(v.BadValue, match="存成了数字"):
        v.normalise_id_number(1.1010519491231e17)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789", min_size=17, max_size=17),
       st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)))
def test_every_generated_id_number_validates(body, born):
    body = body[:6] + f"{born:%Y%m%d}" + body[14:]
    number = body + v.id_check_digit(body)
    assert v.normalise_id_number(number.lower()) == number


def test_a_bare_year_is_not_a_date():
    with pytest.raises(v.BadValue):
        v.parse_date("2025")
