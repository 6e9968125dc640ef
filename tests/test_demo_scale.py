"""演示数据 at a larger scale (``demo --scale large``): the generator's parts with a scale, built
here small (two years, a few more sections, staff and vehicles) so that the test is quick.  The
data must pass the program's own checks: odometers that only go up, closed months closed and
final ones finalised in every domain, valid ballots, an audit chain that verifies."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.db import close_database, open_database
from govoffice_desktop.models.fleet import Incident, Refuel, Trip, Vehicle
from govoffice_desktop.models.ratings import CLOSED, EXPLAIN, Ballot, BallotMark, Explanation, RaterGroup, RatingPeriod
from govoffice_desktop.models.rewards import BonusLine, BonusMonth, MonthClose
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.documents import IncomingDocument
from govoffice_desktop.models.supervision import DailyCheck, SupervisionReport, SupervisedTask
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.models.users import User
from govoffice_desktop.services import audit, auth, months, ratings
from govoffice_desktop.services.demo import LARGE, STANDARD, Scale, generate
from govoffice_desktop.services.demo.fleet import vehicle_specs
from govoffice_desktop.services.demo.staff import staff_plan

AS_OF = date(2026, 8, 15)
SMALL = Scale(name="test", years=2, sections=16, staff=150, vehicles=12, check_months=3, quarters=8,
              audit="batch", closed_months=2)


@pytest.fixture(scope="module")
def scaled_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("scaled") / "scaled.db"
    open_database(path)
    try:
        generate(AS_OF, scale=SMALL)
    finally:
        close_database()
    return path


@pytest.fixture
def scaled(scaled_file):
    open_database(scaled_file)
    auth.login_as(User.get(User.name == "admin"))  # the demo has logins: work as its 管理员
    yield
    auth.logout()
    close_database()


def roles(scale: Scale) -> Counter:
    return Counter(role for _section, people in staff_plan(scale) for role in people)


def test_the_large_office_is_planned_at_its_size():
    assert sum(roles(STANDARD).values()) == 79  # the demo's own plan, unchanged
    plan = staff_plan(LARGE)
    large = roles(LARGE)
    assert len(plan) - 1 == LARGE.sections == 40  # the office's leaders have no section
    assert sum(large.values()) == LARGE.staff == 600
    assert large["driver"] == 200 + 25  # one a vehicle and a spare for every eight
    assert large["chief"] == 40
    specs = vehicle_specs(LARGE.vehicles, __import__("random").Random(1))
    assert len(specs) == len({plate for plate, *_ in specs}) == 200
    assert (LARGE.years, LARGE.quarters, LARGE.check_months) == (10, 40, 120)


def test_sizes(scaled):
    assert Section.select().count() == SMALL.sections
    assert Person.select().count() == SMALL.staff
    assert Vehicle.select().count() == SMALL.vehicles
    assert RatingPeriod.select().count() == SMALL.quarters
    first = TypingLog.select(TypingLog.typed_on).order_by(TypingLog.typed_on).scalar()
    assert (AS_OF - first).days > 700  # two years of ledgers
    assert Incident.select().count() >= SMALL.vehicles * SMALL.years // 5
    handed_on = IncomingDocument.select().where(IncomingDocument.task.is_null(False)).count()  # 转督办
    assert SupervisedTask.select().count() == 25 * SMALL.years + handed_on and handed_on >= 3
    checked = sorted({(d.year, d.month) for (d,) in DailyCheck.select(DailyCheck.checked_on).distinct().tuples()})
    assert checked == [(2026, 6), (2026, 7), (2026, 8)]


def test_odometers_only_go_up_and_nobody_drives_before_joining(scaled):
    for vehicle in Vehicle.select():
        trips = list(Trip.select().where(Trip.vehicle == vehicle).order_by(Trip.departed_at, Trip.id))
        for before, after in zip(trips, trips[1:]):
            assert after.odometer_start == before.odometer_end and after.departed_at >= before.returned_at
        readings = [r.odometer for r in Refuel.select().where(Refuel.vehicle == vehicle)
                    .order_by(Refuel.filled_at, Refuel.id)]
        assert readings == sorted(readings), vehicle.plate
        assert all(t.trip_date >= vehicle.purchased_on for t in trips)
    late = (Trip.select().join(Person, on=(Trip.driver == Person.id))
            .where(Trip.trip_date < Person.joined_on).count())
    assert late == 0
    assert TypingLog.select().join(Person).where(TypingLog.typed_on < Person.joined_on).count() == 0


def test_closed_months_are_closed_and_final_in_every_domain(scaled):
    final = [(b.year, b.month) for b in BonusMonth.select().where(BonusMonth.final).order_by(BonusMonth.year,
                                                                                             BonusMonth.month)]
    assert final == [(2026, 5), (2026, 6)]  # the last two before the month just ended
    domains = defaultdict(set)
    for close in MonthClose.select():
        domains[close.year, close.month].add(close.domain)
    assert set(domains) == set(final)
    assert len({frozenset(d) for d in domains.values()}) == 1  # every domain closed alike
    for year, month in final:
        assert months.is_final(year, month)
        assert BonusLine.select().join(BonusMonth).where(BonusMonth.year == year, BonusMonth.month == month).count()
    assert [(r.year, r.month) for r in SupervisionReport.select().order_by(SupervisionReport.year,
                                                                             SupervisionReport.month)] \
        == [(2026, 6), (2026, 7)]


def test_ballots_valid_and_closed_quarters_ruled(scaled):
    for ballot in Ballot.select().where(~Ballot.void):
        marked = [m.section_id for m in BallotMark.select().where(BallotMark.ballot == ballot)]
        assert len(marked) == len(set(marked))
    serials = [b.serial for b in Ballot.select()]
    assert len(serials) == len(set(serials))
    periods = list(RatingPeriod.select().order_by(RatingPeriod.year, RatingPeriod.quarter))
    assert [p.status for p in periods[:-1]] == [CLOSED] * (SMALL.quarters - 1)
    for period in periods[:-1]:
        rules = ratings.rules_of(period)
        asked = {e.section_id for e in Explanation.select().where(Explanation.period == period,
                                                                  Explanation.kind == EXPLAIN)}
        assert asked == {s.section.id for s in rules.bottom}
    assert all(RaterGroup.select().where(RaterGroup.period == p, RaterGroup.grassroots).count() == 1
               for p in periods)


def test_the_audit_chain_verifies(scaled):
    report = audit.verify()
    assert report.first_broken is None and not report.triggers_missing
    # the ledgers are audited one entry a batch at this scale: far fewer entries than rows
    assert AuditLog.select().count() < Trip.select().count()


def test_the_command_line_chooses_the_scale(tmp_path, monkeypatch, capsys):
    from govoffice_desktop import app, cli
    from govoffice_desktop.services import demo

    with pytest.raises(SystemExit) as exc:
        app.main(["--db", str(tmp_path / "x.db"), "demo", "--scale", "huge"])
    assert exc.value.code == cli.EXIT_USAGE
    asked = []
    monkeypatch.setattr(demo, "generate", lambda **kw: asked.append(kw["scale"]) or demo.DemoSummary({}))
    assert app.main(["--db", str(tmp_path / "y.db"), "demo", "--scale", "large"]) == cli.EXIT_OK
    assert app.main(["--db", str(tmp_path / "z.db"), "demo"]) == cli.EXIT_OK
    assert asked == [LARGE, STANDARD]
