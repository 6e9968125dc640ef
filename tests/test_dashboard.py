"""首页 figures and lists (services/dashboard.py), without a screen: the tasks red or yellow today,
vehicles over their fuel quota this month or last, the latest month's supervision ranking, and the
link every item carries to its record."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from govoffice_desktop.services import dashboard, fleet, staff, supervision

TODAY = date(2026, 3, 20)


@pytest.fixture
def office(database):
    sections = [staff.add_section(n) for n in ("秘书一科", "综合科", "行政科")]
    people = [staff.save_person({"name": n, "section": sections[i], "post": "科员", "joined_on": date(2015, 3, 1)})
              for i, n in enumerate(("张伟", "王芳", "刘洋"))]
    return sections, people


def task(person, title: str, deadline: date, assigned: date = date(2026, 3, 1)):
    return supervision.save_task({"source": "领导交办", "title": title, "person": person, "assigned_on": assigned,
                                  "deadline": deadline}, today=TODAY)


def test_tasks_red_or_yellow_today_with_their_links(office):
    _sections, people = office
    overdue = task(people[0], "督办积水点整治", date(2026, 3, 18))
    soon = task(people[1], "督办校舍安全", date(2026, 3, 23))
    task(people[2], "督办停车难", date(2026, 3, 24))  # four days off: green
    done = task(people[2], "督办秸秆禁烧", date(2026, 3, 10))
    supervision.complete_task(done, date(2026, 3, 12), "已办结", today=TODAY)

    o = dashboard.overview(TODAY)
    assert [(t["title"], t["light"], t["days_left"]) for t in o.attention] == [
        ("督办积水点整治", "red", -2), ("督办校舍安全", "yellow", 3)]
    assert dashboard.task_link(o.attention[0]["id"]) == dashboard.Link("supervision", "task", overdue.id)
    assert o.attention[1]["id"] == soon.id
    # the day after the second deadline both are red; the green one has turned yellow
    later = dashboard.overview(date(2026, 3, 24))
    assert [t["light"] for t in later.attention] == ["red", "red", "yellow"]


def test_vehicles_over_quota_this_month_and_last(office):
    _sections, people = office
    car = fleet.save_vehicle({"plate": "苏NA1234", "fuel_quota": "10"})
    thrifty = fleet.save_vehicle({"plate": "苏NB5678", "fuel_quota": "10"})

    def fill(vehicle, when: datetime, litres: str, odometer: int):
        fleet.record_refuel({"vehicle": vehicle, "filled_at": when, "litres": litres, "unit_price": "8.00",
                             "odometer": odometer, "full_tank": True})

    fill(car, datetime(2026, 2, 2, 9), "40", 10000)
    fill(car, datetime(2026, 2, 20, 9), "50", 10400)  # 12.5 L/100 km in February: 25% over
    fill(car, datetime(2026, 3, 10, 9), "41", 10800)  # 10.25 in March: 2.5% over, within the 10% allowed
    fill(thrifty, datetime(2026, 3, 1, 9), "40", 5000)
    fill(thrifty, datetime(2026, 3, 15, 9), "36", 5400)  # 9 L/100 km

    alerts = dashboard.over_quota(TODAY)
    assert [(a.plate, a.month, a.this_month, a.l_per_100km, a.over_pct) for a in alerts] == [
        ("苏NA1234", "2026-02", False, Decimal("12.50"), Decimal("25.0"))]
    assert alerts[0].link == dashboard.Link("fleet", "vehicle", car.id)
    assert dashboard.over_quota(date(2026, 4, 5)) == []  # February is no longer this month or last
    fill(car, datetime(2026, 3, 18, 9), "60", 11200)  # 15 L/100 km: March as a whole now 12.6, 26% over
    assert [(a.month, a.this_month) for a in dashboard.overview(TODAY).over_quota] == [("2026-03", True),
                                                                                      ("2026-02", False)]


def test_the_latest_month_of_checks_is_ranked_with_links(office):
    sections, _people = office
    assert dashboard.supervision_ranking(TODAY) == (None, [])
    on_time = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时到岗", "points": "2"})

    def check(section, day, met, remark=""):
        supervision.record_check({"checked_on": day, "section": section, "target": on_time, "met": met,
                                  "remark": remark}, today=TODAY)

    for s in sections:
        check(s, date(2026, 2, 10), s is not sections[0], "" if s is not sections[0] else "迟到")
    check(sections[0], date(2026, 3, 2), True)
    check(sections[1], date(2026, 3, 2), False, "1人迟到")
    month, rows = dashboard.supervision_ranking(TODAY)
    assert month == (2026, 3)
    assert [(r.rank, r.section, r.score, r.change) for r in rows] == [
        (1, "秘书一科", Decimal("100.00"), 2), (2, "综合科", Decimal("98.00"), -1)]  # Feb: 3rd behind a tie
    assert rows[1].link == dashboard.Link("supervision", "ranking", (2026, 3, sections[1].id))
    assert [r.days for r in rows] == [1, 1]
    # as of February, March's checks are not yet "this month"
    assert dashboard.supervision_ranking(date(2026, 2, 28))[0] == (2026, 2)


def test_reminders_link_to_their_records_and_fall_into_areas(office):
    _sections, people = office
    car = fleet.save_vehicle({"plate": "苏NA1234", "inspection_due": date(2026, 3, 25)})
    driver = staff.save_person({"name": "赵强", "section": office[0][2], "post": "驾驶员", "is_driver": True,
                                "licence_expiry": date(2026, 4, 1), "joined_on": date(2010, 1, 1)})
    newcomer = staff.save_person({"name": "李娜", "section": office[0][1], "post": "科员",
                                  "joined_on": date(2025, 9, 10)}, today=date(2025, 9, 10))
    o = dashboard.overview(TODAY)
    got = {(r.subject, r.kind): (r.area, r.link) for r in o.reminders}
    assert got[("苏NA1234", "年检")] == ("vehicle", dashboard.Link("fleet", "vehicle", car.id))
    assert got[("赵强", "驾驶证")] == ("vehicle", dashboard.Link("staff", "person", driver.id))
    assert got[("李娜", "定职级")] == ("rank", dashboard.Link("staff", "person", newcomer.id))
    # nobody in this office has had a rank fixed since joining: everyone is due
    assert {r.subject for r in o.reminders_of("rank")} == {"张伟", "王芳", "刘洋", "赵强", "李娜"}
    assert all(r.link.kind == "person" for r in o.reminders_of("rank"))
    assert [(r.subject, r.kind) for r in o.reminders_of("vehicle")] == [("苏NA1234", "年检"), ("赵强", "驾驶证")]
    assert o.reminders_of("explanation") == []


def test_the_ranking_counts_the_days_of_checks_it_rests_on(office):
    """Early in a month the ranking rests on a few days: the overview says how many days had checks
    (any section's), not the most one section had."""
    sections, _people = office
    on_time = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时到岗", "points": "2"})
    assert dashboard.overview(TODAY).ranking_days == 0
    for day, checked in ((2, sections[:2]), (3, sections[2:]), (4, sections[:1]), (28, sections)):
        for s in checked:
            supervision.record_check({"checked_on": date(2026, 2 if day == 28 else 3, day), "section": s,
                                      "target": on_time, "met": True}, today=TODAY)
    o = dashboard.overview(TODAY)
    assert o.ranking_month == (2026, 3) and o.ranking_days == 3
    assert max(r.days for r in o.ranking) == 2  # no section was checked on all three
    assert dashboard.overview(date(2026, 2, 28)).ranking_days == 1


# ---------------------------------------------------------------- the fast figures, held to the plain ones
# 首页 reads only what it shows (issue 20): every vehicle's two months at once, the open tasks due
# within the yellow days, the latest month of checks by one seek.  On random data each gives what
# the straightforward way gives: one economy per vehicle and month, every task's light, every
# month with checks.
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from govoffice_desktop.models.fleet import Refuel, Vehicle  # noqa: E402
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask  # noqa: E402
from govoffice_desktop.models.db import database  # noqa: E402

RANDOM = settings(max_examples=60, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
days_ = st.integers(min_value=-75, max_value=20)  # around TODAY: the month before last to next month


# over their quotas: 苏N1 this month (March), 苏N2 last month, the scrapped 苏N4 this month
FLAGGED = [(car, day, 8, 30, True, True, False) for car, days in ((0, (-12, -8)), (1, (-32, -28)), (3, (-14, -10)))
           for day in days]


def plain_over_quota(today: date) -> list:
    """What 首页 listed before: ``fleet.economy`` of each vehicle in use, this month and last."""
    this_first = today.replace(day=1)
    last_first = (this_first - timedelta(days=1)).replace(day=1)
    out = []
    for vehicle in fleet.vehicles():
        for first, last, this_month in ((this_first, dashboard._next_month(this_first) - timedelta(days=1), True),
                                        (last_first, this_first - timedelta(days=1), False)):
            e = fleet.economy(vehicle, first, last)
            if e.flagged and e.measured_litres and e.l_per_100km is not None:
                out.append(dashboard.QuotaAlert(vehicle.id, vehicle.plate, f"{first.year}-{first.month:02d}",
                                                this_month, e.l_per_100km, e.quota, e.over_quota_pct))
    out.sort(key=lambda a: (not a.this_month, -a.over_pct, a.plate))
    return out


@RANDOM
@given(fills=st.lists(st.tuples(st.integers(0, 3), days_, st.integers(0, 23), st.integers(5, 60),
                                st.sampled_from((True, True, True, False)), st.booleans(),
                                st.sampled_from((False, False, False, True))), max_size=25),
       today=days_)
@example(fills=FLAGGED, today=0)
def test_vehicles_over_quota_are_each_vehicle_s_economy(office, fills, today):
    """Full and partial fills, missed ones, fills without odometers, readings out of order, a
    scrapped vehicle, a vehicle without a quota: the same alerts as one economy per vehicle."""
    with database.atomic() as transaction:
        cars = [Vehicle.create(plate=f"苏N{n}0000", fuel_quota=quota, status=status).id
                for n, quota, status in ((1, Decimal("10"), "在用"), (2, Decimal("8.5"), "在用"), (3, None, "在用"),
                                         (4, Decimal("9"), "报废"))]
        Refuel.bulk_insert([dict(vehicle=cars[car], filled_at=datetime.combine(TODAY + timedelta(days=day),
                                                                                datetime.min.time()).replace(hour=hour),
                                 litres=Decimal(litres), amount=Decimal(litres) * 8,
                                 odometer=10000 + 40 * day + hour if read else None,  # about 40 km a day
                                 full_tank=full, missed_previous=missed)
                            for car, day, hour, litres, read, full, missed in fills], audit="batch")
        day = TODAY + timedelta(days=today)
        alerts = dashboard.over_quota(day)
        assert repr(alerts) == repr(plain_over_quota(day))
        if fills == FLAGGED:  # the examples reach the alerts: this month and last, the scrapped car left out
            assert [(a.plate, a.this_month) for a in alerts] == [("苏N10000", True), ("苏N20000", False)]
        transaction.rollback()


@RANDOM
@given(tasks=st.lists(st.tuples(st.integers(-10, 10), st.sampled_from(("办理中", "办理中", "已办结", "已撤销"))),
                      max_size=15),
       today=st.integers(-5, 5))
def test_red_and_yellow_tasks_are_those_of_every_task_s_light(office, tasks, today):
    _sections, people = office
    with database.atomic() as transaction:
        SupervisedTask.bulk_insert([dict(source="领导交办", title=f"督办{n}", person=people[n % 3],
                                         assigned_on=TODAY - timedelta(days=20), deadline=TODAY + timedelta(days=d),
                                         status=status) for n, (d, status) in enumerate(tasks)], audit="batch")
        day = TODAY + timedelta(days=today)
        every = [r for r in supervision.tasks_report(day)["tasks"] if r["light"] in ("red", "yellow")]
        assert dashboard.attention_tasks(day) == every
        open_ = [t for t in SupervisedTask.select() if t.status == "办理中"]  # the cards' counts, one statement
        assert dashboard.task_counts(day) == (len(open_), sum(1 for t in open_ if t.deadline < day),
                                              sum(1 for t in open_ if day <= t.deadline <= day + timedelta(days=3)))
        transaction.rollback()


@RANDOM
@given(checked=st.lists(st.integers(-70, 45), max_size=8, unique=True), today=st.integers(-70, 45))
def test_the_ranking_s_month_is_the_latest_month_with_checks(office, checked, today):
    """The latest month with checks not after today's month, as the list of every checked month gives it."""
    sections, _people = office
    with database.atomic() as transaction:
        on_time = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时到岗", "points": "2"})
        DailyCheck.bulk_insert([dict(checked_on=TODAY + timedelta(days=d), section=sections[n % 3], target=on_time)
                                for n, d in enumerate(checked)], audit="batch")
        day = TODAY + timedelta(days=today)
        months = [m for m in supervision.checked_months() if m <= (day.year, day.month)]
        assert dashboard.supervision_ranking(day)[0] == (months[0] if months else None)
        transaction.rollback()


def plain_month_ranking(year: int, month: int, method: str) -> list:
    """What the ranking was made of before (issue 20): every (day, section)'s score from
    ``daily_scores``, their mean for 日均; the month's sums for 汇总."""
    from decimal import ROUND_HALF_UP

    from govoffice_desktop.models.staff import Section
    from govoffice_desktop.services.supervision.common import CENT, FULL_MARKS, _month_bounds, _rank
    from govoffice_desktop.services.supervision.checks import SectionMonth

    first, last = _month_bounds(year, month)
    per: dict[int, list] = {}
    for (_day, section_id), score in supervision.daily_scores(first, last).items():
        per.setdefault(section_id, []).append(score)
    out = []
    for section_id, days in per.items():
        checks = list(DailyCheck.select().where(DailyCheck.section == section_id,
                                                DailyCheck.checked_on.between(first, last)))
        ded = sum((c.deduction for c in checks), Decimal(0))
        bon = sum((c.bonus for c in checks), Decimal(0))
        score = FULL_MARKS - ded + bon if method == "汇总" else \
            (sum(days, Decimal(0)) / len(days)).quantize(CENT, ROUND_HALF_UP)
        out.append(SectionMonth(Section.get_by_id(section_id), len(days), score, ded, bon,
                                sum(1 for c in checks if not c.met)))
    out.sort(key=lambda s: (-s.score, s.section.sort_order, s.section.id))
    _rank(out, key=lambda s: s.score)
    return out


@RANDOM
@given(checks=st.lists(st.tuples(st.integers(-40, 40), st.integers(0, 2), st.integers(0, 3), st.integers(0, 35),
                                 st.integers(0, 25)), max_size=30),
       method=st.sampled_from(("汇总", "日均")))
def test_the_month_s_ranking_is_that_of_the_daily_scores(office, checks, method):
    """The ranking from one grouped statement (days checked, the month's sums) is the one made of
    every day's score: 汇总 and 日均 (the mean of the daily scores), ties, the month before."""
    sections, _people = office
    with database.atomic() as transaction:
        targets = [supervision.save_target({"year": 2026, "kind": "共性目标", "name": f"目标{n}", "points": "2"})
                   for n in range(4)]
        seen, rows = set(), []
        for day, section, target, deduction, bonus in checks:
            key = (day, section, target)
            if key not in seen:  # one check of a target a day
                seen.add(key)
                rows.append(dict(checked_on=TODAY + timedelta(days=day), section=sections[section],
                                 target=targets[target], met=not deduction, deduction=Decimal(deduction) / 10,
                                 bonus=Decimal(bonus) / 10))
        DailyCheck.bulk_insert(rows, audit="batch")
        for year, month in ((2026, 2), (2026, 3), (2026, 4)):
            got = supervision.month_scores(year, month, method)
            want = plain_month_ranking(year, month, method)
            before = {s.section.id: s for s in plain_month_ranking(*((year, month - 1)), method)}
            for s in want:
                if s.section.id in before:
                    s.previous_rank, s.previous_score = before[s.section.id].rank, before[s.section.id].score
            assert [(s.section.id, s.days, s.score, s.deductions, s.bonus, s.missed, s.rank, s.previous_rank,
                     s.previous_score) for s in got] == \
                [(s.section.id, s.days, s.score, s.deductions, s.bonus, s.missed, s.rank, s.previous_rank,
                  s.previous_score) for s in want]
        transaction.rollback()
