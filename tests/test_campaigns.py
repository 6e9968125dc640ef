"""The zero-defect campaigns: running counts since the last defect."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from govoffice_desktop.models.fleet import Incident, Trip, Vehicle
from govoffice_desktop.models.supervision import MeetingLog, PhoneLog
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import campaigns


def test_streak_counts_since_last_defect():
    assert campaigns.streak([]) == (0, 0, 0, None)
    days = [date(2026, 1, d) for d in (1, 2, 3, 4)]
    events = zip([5, 7, 3, 4], [False, False, True, False], days)
    assert campaigns.streak(events) == (4, 12, 1, date(2026, 1, 3))  # counted since the defect's day
    assert campaigns.streak([(1, True, days[0])]) == (0, 0, 1, days[0])
    assert campaigns.streak([(2, False, datetime(2026, 1, 2, 9)), (3, False, days[2])])[3] == days[1]


def test_typing_pages_since_last_error_found_after_issue(database):
    rows = [(date(2026, 1, 1), 10, 0), (date(2026, 1, 2), 20, 1), (date(2026, 1, 3), 30, 0), (date(2026, 1, 4), 5, 0)]
    for day, pages, errors in rows:
        TypingLog.create(typed_on=day, typist_name="甲", title="通知", pages=pages, errors=errors,
                         errors_after_issue=errors)
    s = campaigns.typing_streak()
    assert (s.current, s.longest, s.defects, s.goal, s.unit) == (35, 35, 1, 10000, "页")
    assert abs(s.progress - 35 / 10000) < 1e-9


def test_an_error_caught_at_proofreading_does_not_break_the_run_one_found_after_issue_does(database):
    TypingLog.create(typed_on=date(2026, 1, 1), typist_name="甲", title="通知", pages=10)
    TypingLog.create(typed_on=date(2026, 1, 2), typist_name="甲", title="报告", pages=20, errors=3)  # 校对发现
    assert campaigns.typing_streak().current == 30 and campaigns.typing_streak().defects == 0
    TypingLog.create(typed_on=date(2026, 1, 3), typist_name="甲", title="纪要", pages=5, errors=2,
                     errors_after_issue=1)  # one of its two errors found in the issued document
    TypingLog.create(typed_on=date(2026, 1, 4), typist_name="甲", title="函", pages=7)
    s = campaigns.typing_streak()
    assert (s.current, s.longest, s.defects, s.since) == (7, 30, 1, date(2026, 1, 3))


def test_meetings_and_calls(database):
    for i, slip in enumerate([False, True, False, False]):
        MeetingLog.create(held_on=date(2026, 3, 1 + i), title=f"会议{i}", slip=slip)
    for i in range(5):
        PhoneLog.create(called_at=datetime(2026, 3, 1, 8 + i), error=False)
    assert campaigns.meeting_streak().current == 2
    assert campaigns.phone_streak().current == 5 and campaigns.phone_streak().goal == 100


def test_fuel_this_month_counts_this_month_only(database):
    from govoffice_desktop.models.fleet import Refuel
    from govoffice_desktop.services import dashboard

    v = Vehicle.create(plate="苏NF6789")
    for day, litres in ((datetime(2026, 2, 28, 9), "30"), (datetime(2026, 3, 5, 9), "45.20"),
                        (datetime(2026, 4, 1, 9), "10")):
        Refuel.create(filled_at=day, vehicle=v, litres=litres, amount="100")
    assert dashboard.overview(date(2026, 3, 20)).fuel_month_litres == Decimal("45.20")
    assert dashboard.overview(date(2026, 12, 20)).fuel_month_litres == Decimal("0.00")
