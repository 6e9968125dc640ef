"""services/months.py: the one month closing every domain goes through (bounds, state, the
final-sheet check, the lock), and the rule registry below the domains."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from govoffice_desktop.models.rewards import MonthClose, RewardPenalty
from govoffice_desktop.services import fleet, months, rewards, supervision, typing_pool
from govoffice_desktop.services.validation import BadValue
from tests.test_rewards_service import TODAY, _april, office  # noqa: F401 - a fixture


def test_month_bounds_and_months_the_office_cannot_have():
    assert months.bounds(2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))
    assert months.bounds(2026, 12) == (date(2026, 12, 1), date(2026, 12, 31))
    assert months.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months.add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)
    for year, month in ((2026, 13), (2026, 0), (1999, 5)):
        with pytest.raises(BadValue, match=f"没有 {year}年{month}月"):
            months.bounds(year, month)


def test_every_domain_closes_and_reopens_under_the_month_lock(office, monkeypatch):  # noqa: F811
    """Each of the five closings and reopenings takes the month's lock inside its transaction,
    then reads the month's state (what makes two workstations' closings one after the other)."""
    taken = []
    real_lock, real_state = months.lock_month, months.state
    monkeypatch.setattr(months, "lock_month", lambda y, m: (taken.append(("lock", y, m)), real_lock(y, m)))
    monkeypatch.setattr(months, "state", lambda c, y, m: (taken.append(("state", c.label)), real_state(c, y, m))[1])
    _april(office)
    assert taken == [("lock", 2026, 4), ("state", "文印考核"), ("state", "文印考核"),  # and in its assessment
                     ("lock", 2026, 4), ("state", "车辆奖惩"),
                     ("lock", 2026, 4), ("state", "督查"), ("lock", 2026, 4), ("state", "物品管理"),
                     ("lock", 2026, 4), ("state", "财务管理")]
    taken.clear()
    typing_pool.reopen_month(2026, 4)
    fleet.reopen_fleet_month(2026, 4)
    supervision.reopen_supervision_month(2026, 4)
    rewards.reopen_goods_month(2026, 4)
    rewards.reopen_finance_month(2026, 4)
    assert [t[0] for t in taken] == ["lock", "state"] * 5
    assert not MonthClose.select().exists() and not RewardPenalty.select().exists()


def test_the_closings_refuse_as_before(office):  # noqa: F811
    _april(office)
    with pytest.raises(BadValue, match="^2026年4月的车辆奖惩已经结账$"):
        fleet.close_fleet_month(2026, 4, today=TODAY)
    with pytest.raises(BadValue, match="^2026年5月还没过完，不能结账$"):
        supervision.close_supervision_month(2026, 5, today=TODAY)
    with pytest.raises(BadValue, match="^2026年3月的物品管理还没有结账$"):
        rewards.reopen_goods_month(2026, 3)
    rewards.finalise_month(2026, 4, today=TODAY)
    with pytest.raises(BadValue, match="^2026年4月的奖金表已定稿，不能撤销结账$"):
        fleet.reopen_fleet_month(2026, 4)
    with pytest.raises(BadValue, match=r"^2026年4月的奖金表已定稿，不能再撤销结账（2026-04-30）$"):
        rewards.reopen_goods_month(2026, 4)  # 物品管理 words it with the day, as it always did


@pytest.mark.parametrize("first, second", [("fleet", "rewards"), ("rewards", "fleet"), ("staff", "ratings"),
                                           ("ratings", "staff"), ("person_history", "staff"),
                                           ("supervision", "rewards"), ("demo", "months")])
def test_the_services_import_alone_in_either_order(first, second):
    """No import circle between the domains: each imports alone, in either order, in a fresh interpreter."""
    code = f"import govoffice_desktop.services.{first}; import govoffice_desktop.services.{second}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
