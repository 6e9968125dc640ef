"""Two workstations on one database doing the same thing at the same moment: closing, reopening
or finalising one month, entering one ballot serial, printing one group's sheets.

Each race runs the two calls in two threads, each with a connection of its own (as two
workstations have).  The first takes its lock and holds its transaction open until the second
has started (on PostgreSQL: until the second is seen waiting for that lock), so that the two
really overlap.  Exactly one is applied; the other waits, then is refused with the reason.
"""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from govoffice_desktop.models import db
from govoffice_desktop.models.ratings import Ballot, RaterGroup
from govoffice_desktop.models.rewards import BonusLine, BonusMonth, MonthClose, RewardPenalty
from govoffice_desktop.services import months, ratings, rewards, supervision, typing_pool
from govoffice_desktop.services.validation import BadValue
from tests import pg
from tests.test_ratings_service import ballot_group  # noqa: F401 - a fixture
from tests.test_rewards_service import TODAY, _april, office  # noqa: F401 - a fixture

WAIT = 120  # seconds; only a bound for a broken run, never a measurement


class Race:
    """``first()`` and ``second()`` in two threads; ``first`` holds its lock until ``second`` waits."""

    def __init__(self, monkeypatch, *modules):
        self.first_thread: threading.Thread | None = None
        self.holding, self.second_started = threading.Event(), threading.Event()
        self.outcomes: dict[str, tuple[str, object]] = {}
        real = db.transaction_lock

        def lock(name, number=0):
            real(name, number)
            if threading.current_thread() is self.first_thread and not self.holding.is_set():
                self.holding.set()
                assert self.second_started.wait(WAIT), "the second workstation never started"
                self._until_second_waits()

        for module in modules:
            monkeypatch.setattr(module, "transaction_lock", lock)

    @staticmethod
    def _until_second_waits() -> None:
        """On PostgreSQL, until the second's advisory lock request is seen queued behind ours.  On
        SQLite the second waits in BEGIN IMMEDIATE, which cannot be seen from here; whether it
        is already waiting or starts just after our commit, the outcome must be the same."""
        if not isinstance(db.database.obj, db.peewee.PostgresqlDatabase):
            return
        deadline = time.monotonic() + WAIT
        while not db.database.execute_sql(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()[0]:
            assert time.monotonic() < deadline, "the second workstation never waited for the lock"
            time.sleep(0.02)

    def _run(self, name: str, call) -> None:
        try:
            self.outcomes[name] = ("applied", call())
        except BadValue as exc:
            self.outcomes[name] = ("refused", str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.outcomes[name] = ("failed", repr(exc))
        finally:
            db.database.close()  # this thread's connection

    def run(self, first, second) -> tuple[tuple[str, object], tuple[str, object]]:
        self.first_thread = threading.Thread(target=self._run, args=("first", first))
        self.first_thread.start()
        assert self.holding.wait(WAIT), f"the first workstation never took its lock: {self.outcomes}"

        def start_second():
            self.second_started.set()
            return second()

        other = threading.Thread(target=self._run, args=("second", start_second))
        other.start()
        self.first_thread.join(WAIT)
        other.join(WAIT)
        assert not self.first_thread.is_alive() and not other.is_alive(), "a workstation hung"
        return self.outcomes["first"], self.outcomes["second"]


def _one_applied(outcomes, refusal: str):
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["applied", "refused"], outcomes
    refused = next(value for kind, value in outcomes if kind == "refused")
    assert refusal in refused, outcomes
    return next(value for kind, value in outcomes if kind == "applied")


def _counts():
    return {"文印 entries": RewardPenalty.select().where(RewardPenalty.category == "文印").count(),
            "督查 entries": RewardPenalty.select().where(RewardPenalty.category == "督查").count(),
            "closings": MonthClose.select().where(MonthClose.year == 2026, MonthClose.month == 4).count(),
            "bonus lines": BonusLine.select().count(),
            "final": rewards.month_is_final(2026, 4)}


@pytest.mark.pg
def test_the_same_month_closed_or_finalised_at_two_workstations_at_once(office, monkeypatch):
    _april(office)
    closed = _counts()
    assert closed == {"文印 entries": 1, "督查 entries": 3, "closings": 6, "bonus lines": 0, "final": False}

    # 结账 of 文印 twice at once: its deduction is posted once.
    typing_pool.reopen_month(2026, 4)
    outcomes = Race(monkeypatch, months).run(lambda: typing_pool.close_month(2026, 4, today=TODAY),
                                             lambda: typing_pool.close_month(2026, 4, today=TODAY))
    _one_applied(outcomes, "2026年4月的文印考核已经结账")
    assert _counts() == closed

    # 定稿 twice at once: the sheet's lines are kept once.
    outcomes = Race(monkeypatch, months).run(lambda: rewards.finalise_month(2026, 4, today=TODAY),
                                             lambda: rewards.finalise_month(2026, 4, today=TODAY))
    _one_applied(outcomes, "2026年4月的奖金表已经定稿")
    final = {**closed, "bonus lines": 4, "final": True}
    assert _counts() == final

    # 撤销定稿 twice at once: one does it (and is logged with its reason), the other is told.
    outcomes = Race(monkeypatch, months).run(lambda: rewards.reopen_month(2026, 4, "补登"),
                                             lambda: rewards.reopen_month(2026, 4, "补登"))
    _one_applied(outcomes, "2026年4月的奖金表还没有定稿")
    assert _counts() == closed

    # 定稿 and 督查's 撤销结账 at once, each way round: never a final sheet over a month whose 督查
    # was reopened.  The one holding the lock goes first; the other then sees what it did.
    outcomes = Race(monkeypatch, months).run(lambda: rewards.finalise_month(2026, 4, today=TODAY),
                                             lambda: supervision.reopen_supervision_month(2026, 4))
    assert outcomes[1] == ("refused", "2026年4月的奖金表已定稿，不能撤销结账")
    assert _counts() == final
    rewards.reopen_month(2026, 4, "补登")
    outcomes = Race(monkeypatch, months).run(lambda: supervision.reopen_supervision_month(2026, 4),
                                             lambda: rewards.finalise_month(2026, 4, today=TODAY))
    assert outcomes == (("applied", None), ("refused", "2026年4月还有督查督办没有结账，请先结账再定稿"))
    assert _counts() == {**closed, "督查 entries": 0, "closings": 5}
    assert BonusMonth.select().where(BonusMonth.final).count() == 0


@pytest.mark.pg
def test_one_ballot_serial_entered_at_two_workstations_at_once(ballot_group, monkeypatch):  # noqa: F811
    group, (a, b), grades = ballot_group
    ratings.reserve_serials(group, 5)

    def enter(grade):
        def call():
            mine = RaterGroup.get_by_id(group.id)  # each workstation has its own copy of the group
            return ratings.enter_ballot(mine, "3", {a.id: grades[grade], b.id: grades["一般"]})
        return call

    outcomes = Race(monkeypatch, ratings).run(enter("好"), enter("较差"))
    ballot = _one_applied(outcomes, "编号 3 的评议表已经录入过，同一张表不能录入两次")
    stored = list(Ballot.select().where(Ballot.group == group))
    assert [(x.id, x.serial) for x in stored] == [(ballot.id, "2025Q3-基层单位-0003")]
    assert ratings.ballot_counts(group) == {"printed": 5, "valid": 1, "void": 0, "missing": 4}


@pytest.mark.pg
def test_one_groups_sheets_printed_at_two_workstations_at_once_get_different_serials(ballot_group,  # noqa: F811
                                                                                     monkeypatch):
    group, _sections, _grades = ballot_group
    ratings.reserve_serials(group, 2)
    stale = [RaterGroup.get_by_id(group.id), RaterGroup.get_by_id(group.id)]  # each window's copy
    outcomes = Race(monkeypatch, ratings).run(lambda: ratings.reserve_serials(stale[0], 10),
                                              lambda: ratings.reserve_serials(stale[1], 10))
    assert [kind for kind, _ in outcomes] == ["applied", "applied"]
    assert [list(serials) for _, serials in outcomes] == [list(range(3, 13)), list(range(13, 23))]
    assert RaterGroup.get_by_id(group.id).sheets_printed == 22
    assert stale[1].sheets_printed == 22  # the caller's copy follows what was stored


@pytest.mark.pg
def test_one_ledger_imported_at_two_workstations_at_once_is_stored_once(database, tmp_path, monkeypatch):
    from govoffice_desktop.ledgers import importer
    from govoffice_desktop.models.fleet import Refuel
    from tests.test_crash_safety import write_fuel_ledger

    ledger = write_fuel_ledger(tmp_path / "加油登记.xlsx", 300)
    outcomes = Race(monkeypatch, importer).run(lambda: importer.import_ledger("refuels", ledger).imported,
                                               lambda: importer.import_ledger("refuels", ledger))
    assert outcomes[0] == ("applied", 300)
    second = outcomes[1][1]
    assert outcomes[1][0] == "applied" and (second.imported, second.duplicates) == (0, 300), outcomes
    assert Refuel.select().count() == 300


def test_the_lock_needs_a_transaction(database):
    with pytest.raises(RuntimeError, match="needs a transaction"):
        months.lock_month(2026, 4)


def test_the_suite_runs_this_module_on_postgresql():
    assert "test_two_workstations.py" in pg.PG_MODULES
