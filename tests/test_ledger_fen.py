"""A refuel ledger's money carried as integers of fen (issue 20 point 3): the same values, the same
refusals and the same rules as the Decimal path gave, on the edges of rounding."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from govoffice_desktop.ledgers import kind_base, kinds_fleet
from govoffice_desktop.services import validation as v
from govoffice_desktop.services.fleet import amounts_disagree, amounts_disagree_fen, complete_amounts

LIMIT = float(v.TOO_LARGE)
# Floats of any shape within the bounds, and the ones a ledger holds: two or three decimals (the
# half-fen edges: 1.005, 2.675, 0.125 …), near the bounds, tiny and subnormal.
ANY_FLOAT = st.floats(min_value=-LIMIT, max_value=LIMIT, allow_nan=False, allow_infinity=False,
                      exclude_min=True, exclude_max=True)
CENTS = st.integers(-(10**14) + 1, 10**14 - 1).map(lambda n: n / 100)
MILLS = st.integers(-(10**15) + 1, 10**15 - 1).map(lambda n: n / 1000)
EDGES = st.sampled_from([1.005, 2.675, 0.125, 0.015, -2.675, -0.005, -0.0, 0.0, 5e-324, 1e-300, 0.004999999999999,
                         0.005000000000001, 999999999999.99, -999999999999.99, 999999999999.995, 1e11 + 0.005,
                         45035996273.705, 34.74, 7.0, 1e-2, 0.1 + 0.2])
NUMBER = st.one_of(ANY_FLOAT, CENTS, MILLS, EDGES)


def by_decimal(cell) -> int | None:
    """What the Decimal path stores for ``cell``: ``money`` to the fen, in fen."""
    value = kind_base.money(cell)
    return None if value is None else int(value * 100)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(NUMBER)
def test_a_number_in_fen_is_the_decimal_path_to_the_fen(cell):
    assert kind_base.fen(cell) == by_decimal(cell)
    assert kind_base.parse_column(kind_base.fen, [cell]) == [by_decimal(cell)]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.one_of(NUMBER, st.none()), max_size=40))
def test_a_column_in_fen_is_each_cell_by_the_decimal_path(cells):
    fast = kind_base.parse_column(kind_base.fen, cells)
    assert fast == [by_decimal(c) for c in cells]
    assert all(x is None or x.__class__ is int for x in fast)
    assert kind_base.parse_column(kinds_fleet._litres_fen, cells) == fast


@pytest.mark.parametrize("cell", [1e12, -1e12, 1e15, float("inf"), float("-inf"), float("nan"), True, "abc", "3元x",
                                  "1e400", "12万亿"])
def test_a_value_the_decimal_path_refuses_is_refused_in_fen_with_the_same_words(cell):
    with pytest.raises(v.BadValue) as decimal:
        kind_base.money(cell)
    with pytest.raises(v.BadValue) as in_fen:
        kind_base.fen(cell)
    assert str(in_fen.value) == str(decimal.value)
    assert kind_base.parse_column(kind_base.fen, [1.0, cell]) is None  # not the fast path: each cell, refused


@pytest.mark.parametrize("cell", ["300元", "1,234.56", "￥7.5", "３５．２", "1.2万", " 40.005 ", "40.004元", "0.5%", None, ""])
def test_text_in_fen_is_the_decimal_path_to_the_fen(cell):
    assert kind_base.fen(cell) == by_decimal(cell)


@pytest.mark.parametrize("cell", ["40升", "40.005L", "35公升", 40.0, None])
def test_litres_in_fen_are_the_litres_to_the_hundredth(cell):
    litres = kinds_fleet._litres(cell)
    assert kinds_fleet._litres_fen(cell) == (None if litres is None else int(litres * 100))
    assert kinds_fleet._litres_fen("升数未知") is kinds_fleet.UNKNOWN
    with pytest.raises(v.BadValue, match="加油量应为数字"):
        kinds_fleet._litres_fen("40元")


def _yuan(hundredths: int) -> Decimal:
    return Decimal(hundredths).scaleb(-2)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.integers(1, 10**6), st.integers(1, 10**5), st.integers(1, 10**9), st.integers(-300, 300))
def test_amounts_disagree_in_fen_as_in_decimals(litres, price, amount, near):
    near_amount = max(1, (litres * price + 50) // 100 + near)  # within a few fen of litres × price
    for a in (amount, near_amount):
        assert amounts_disagree_fen(litres, price, a) == amounts_disagree(_yuan(litres), _yuan(price), _yuan(a))


OPTIONAL = st.one_of(st.none(), st.integers(-100, 10**6))


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(OPTIONAL, OPTIONAL, OPTIONAL, st.booleans())
def test_completing_the_amounts_in_fen_is_the_rule_in_decimals(litres, price, amount, money_only):
    def decimal(x):
        return None if x is None else _yuan(x)
    try:
        expected = tuple(None if x is None else int(x * 100)
                         for x in complete_amounts(decimal(litres), decimal(price), decimal(amount), money_only))
    except v.BadValue as exc:
        with pytest.raises(v.BadValue) as got:
            kinds_fleet._complete_fen(litres, price, amount, money_only)
        assert (str(got.value), got.value.field) == (str(exc), exc.field)
    else:
        assert kinds_fleet._complete_fen(litres, price, amount, money_only) == expected
