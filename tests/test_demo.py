"""演示数据: volume, determinism, refusal, cancel, and the invariants the ledgers rely on."""
from __future__ import annotations

import re
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.db import close_database, database, open_database
from govoffice_desktop.models.fleet import Incident, Refuel, Trip, Vehicle
from govoffice_desktop.models.ratings import Ballot, BallotMark, Explanation, Grade, RaterGroup, RatingPeriod, Tally
from govoffice_desktop.models.rewards import BonusMonth, MonthClose, RewardPenalty
from govoffice_desktop.models.staff import (Candidate, CandidateVeto, Person, PersonMove, RankRecord, ReadingRecord,
                                            Section, SectionMerge)
from govoffice_desktop.models.supervision import DailyCheck, MeetingLog, PhoneLog, SupervisedTask
from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog
from govoffice_desktop.services import staff
from govoffice_desktop.services.demo import DemoError, generate
from govoffice_desktop.services.validation import id_check_digit
from tests import pg

pytestmark = pytest.mark.pg  # also on PostgreSQL: each database opened through pg.target

AS_OF = date(2026, 8, 15)
WINDOW_START = date(2025, 8, 16)


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """One generated database for the read-only checks (generated once per module)."""
    path = pg.target(tmp_path_factory.mktemp("demo") / "demo.db")
    open_database(path)
    started = time.perf_counter()
    summary = generate(AS_OF)
    elapsed = time.perf_counter() - started
    close_database()
    return path, summary, elapsed


@pytest.fixture
def demo_db(demo_file):
    open_database(demo_file[0])
    yield demo_file[1]
    close_database()


@pytest.fixture
def fresh_db(tmp_path):
    handle = open_database(pg.target(tmp_path / "x.db"))
    yield handle
    close_database()


# ---------------------------------------------------------------- helpers
def gb11643_ok(number: str) -> bool:
    """Independent check of an 18-character citizen ID number (GB 11643-1999)."""
    if not re.fullmatch(r"\d{17}[\dX]", number or ""):
        return False
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    total = sum(int(d) * w for d, w in zip(number[:17], weights))
    return "10X98765432"[total % 11] == number[17]


def dump_tables() -> dict[str, list[tuple]]:
    """Every table's rows in insertion order; the audit log (wall-clock times) is left out."""
    db = database.obj
    out = {}
    for table in db.get_tables():
        if table == "audit_log":
            continue
        # schema_version is written by the migration, not by generate(); its applied_at is the clock.
        columns = "version, name" if table == "schema_version" else "*"
        out[table] = db.execute_sql(f'SELECT {columns} FROM "{table}" ORDER BY rowid').fetchall()
    return out


def generate_into(path, as_of=AS_OF, **kwargs):
    open_database(path)
    try:
        generate(as_of, **kwargs)
        return dump_tables()
    finally:
        close_database()


# ---------------------------------------------------------------- volume
def test_counts(demo_db):
    summary = demo_db
    assert summary.counts["section"] == Section.select().count() == 12
    assert Section.select().where(Section.active).count() == 11
    assert Section.select().where(Section.chief.is_null()).count() == 1  # the one merged away
    assert Section.select().where(Section.chief.is_null(), Section.active).count() == 0
    merge = SectionMerge.get()
    assert merge.source.merged_into_id == merge.target_id and not merge.source.active
    assert PersonMove.select().where(PersonMove.merge == merge).count() == merge.people_moved > 0

    assert 70 <= Person.select().count() <= 90
    statuses = {s: Person.select().where(Person.status == s).count() for s in ("在岗", "试用期", "借调", "调离")}
    assert statuses["借调"] == 1 and statuses["调离"] == 1 and statuses["试用期"] >= 2
    assert statuses["在岗"] > 60
    for p in Person.select().where(Person.status == "试用期"):
        assert AS_OF - timedelta(days=183) < p.joined_on <= AS_OF
    assert 5 <= Person.select().where(Person.is_typist).count() <= 6
    drivers = list(Person.select().where(Person.is_driver))
    assert len(drivers) >= 8 and all(d.licence_no and d.licence_expiry for d in drivers)
    assert any(d.licence_expiry <= AS_OF + timedelta(days=60) for d in drivers)
    assert Person.select().where(Person.out_of_town).count() > 0
    for p in Person.select():
        assert p.birth.day == 1

    # 定职定级 for everyone in the office over six months; leaders' rank is their appointment (市委任命)
    # (one clerk ranked early: 提前定级 with its reason and approver, issue 18 point 6)
    for r in RankRecord.select():
        assert (r.decided_on >= r.person.joined_on + timedelta(days=180) or r.performance == "市委任命"
                or (r.early and r.early_reason and r.approved_by.startswith("办公室主任")))
    (early,) = RankRecord.select().where(RankRecord.early)
    assert early.decided_on < staff.add_months(early.person.joined_on, 6) and early.person.status == "在岗"
    # transferred in and not yet ranked: 待定职级 in the staff list and file
    pending = [p for p in Person.select().where(Person.status == "试用期") if staff.shown_status(p) == "待定职级"]
    assert len(pending) >= 2
    assert RankRecord.select().count() >= 60
    due = staff.rank_due(AS_OF)  # one overdue (the spare driver), the probationers soon
    assert [d.overdue for d in due].count(True) == 1 and len(due) >= 2

    # candidates: pending ones, one 调入 linked to a probationer, one 不予调入 with a veto
    assert Candidate.select().where(Candidate.decision == "待定").count() >= 2
    hired = Candidate.get(Candidate.decision == "调入")
    assert hired.person.status == "试用期" and hired.person.name == hired.name
    refused = Candidate.get(Candidate.decision == "不予调入")
    assert CandidateVeto.get(CandidateVeto.candidate == refused).veto == "跑官要官"
    assert ReadingRecord.select().count() > 150

    assert Vehicle.select().count() == 8
    for model, column in ((Trip, Trip.trip_date), (Refuel, Refuel.filled_at), (TypingLog, TypingLog.typed_on)):
        first = model.select(column).order_by(column).first()
        last = model.select(column).order_by(column.desc()).first()
        first_day = getattr(first, column.name)
        last_day = getattr(last, column.name)
        first_day = first_day.date() if hasattr(first_day, "date") else first_day
        last_day = last_day.date() if hasattr(last_day, "date") else last_day
        assert WINDOW_START <= first_day <= WINDOW_START + timedelta(days=15), model
        assert AS_OF - timedelta(days=15) <= last_day <= AS_OF, model
    assert Trip.select().count() > 1000 and Refuel.select().count() > 150
    for typist in Person.select().where(Person.is_typist):
        logs = TypingLog.select().where(TypingLog.typist == typist).count()
        assert logs > (0 if typist.status == "试用期" else 50)
        assert SpeedTest.select().where(SpeedTest.typist == typist).count() >= 1
    assert 2 <= Incident.select().count() <= 4
    assert Incident.select().where(Incident.kind == "事故").count() == 1

    periods = list(RatingPeriod.select().order_by(RatingPeriod.year, RatingPeriod.quarter))
    assert len(periods) == 4
    assert [p.status for p in periods[:3]] == ["已结束"] * 3
    for period in periods:
        groups = list(RaterGroup.select().where(RaterGroup.period == period))
        assert {(g.direction, g.name) for g in groups} == {("下评上", "基层单位"), ("下评上", "办内干部"),
                                                           ("上评下", "市领导"), ("上评下", "分管领导")}
        assert Tally.select().join(RaterGroup).where(RaterGroup.period == period).count() > 0

    checks = DailyCheck.select()
    assert checks.count() > 1000
    first_check = DailyCheck.select().order_by(DailyCheck.checked_on).first().checked_on
    last_check = DailyCheck.select().order_by(DailyCheck.checked_on.desc()).first().checked_on
    # two whole months before the current one are checked, so the 专报 can show the change
    two_back = date(AS_OF.year, AS_OF.month - 2, 1)
    assert two_back <= first_check <= two_back + timedelta(days=7) and last_check <= AS_OF
    from govoffice_desktop.models.supervision import SupervisionReport
    assert [(r.month, r.number) for r in SupervisionReport.select().order_by(SupervisionReport.month)] == [
        (two_back.month, two_back.month), (two_back.month + 1, two_back.month + 1)]
    assert DailyCheck.select().where(~DailyCheck.met).count() > 0
    for c in DailyCheck.select().where(~DailyCheck.met):
        assert c.deduction == c.target.points

    from govoffice_desktop.models.documents import IncomingDocument
    from_documents = IncomingDocument.select(IncomingDocument.task).where(IncomingDocument.task.is_null(False))
    tasks = SupervisedTask.select().where(SupervisedTask.id.not_in(from_documents))  # the supervision part's own
    assert 20 <= tasks.count() <= 30
    assert 3 <= from_documents.count() == SupervisedTask.select().count() - tasks.count()  # 转督办 (文电办理)
    open_tasks = tasks.where(SupervisedTask.status == "办理中")
    assert open_tasks.where(SupervisedTask.deadline < AS_OF).count() >= 3  # overdue
    assert open_tasks.where(SupervisedTask.deadline.between(AS_OF, AS_OF + timedelta(days=3))).count() >= 1
    assert open_tasks.where(SupervisedTask.deadline > AS_OF + timedelta(days=3)).count() >= 1
    done = SupervisedTask.select().where(SupervisedTask.status == "已办结")
    assert done.where(SupervisedTask.completed_on > SupervisedTask.deadline).count() >= 1
    assert done.where(SupervisedTask.completed_on <= SupervisedTask.deadline).count() >= 1
    assert 90 <= MeetingLog.select().count() <= 110 and 1 <= MeetingLog.select().where(MeetingLog.slip).count() <= 2
    assert PhoneLog.select().count() == 300 and PhoneLog.select().where(PhoneLog.error).count() >= 1

    assert RewardPenalty.select().where(RewardPenalty.amount > 0).count() > 0
    assert RewardPenalty.select().where(RewardPenalty.amount < 0).count() > 0
    months = list(BonusMonth.select().order_by(BonusMonth.year, BonusMonth.month))
    assert months and months[0].final and not months[-1].final

    # the summary agrees with the tables
    assert summary.counts["trip"] == Trip.select().count()
    assert summary.counts["person"] == Person.select().count()
    assert "audit_log" not in summary.counts


@pytest.mark.sqlite_only("the budget is for the workstation's own file; over a server each of the demo's "
                        "4,500 queries is a round trip (about 12 s on PostgreSQL on loopback)")
def test_speed(demo_file):
    _, _, elapsed = demo_file
    print(f"generate() took {elapsed:.2f} s")
    assert elapsed < 10


# ---------------------------------------------------------------- determinism
@pytest.mark.sqlite_only("compares two files row by row in rowid order")
def test_deterministic_and_as_of_shifts_dates(tmp_path):
    first = generate_into(tmp_path / "a.db")
    second = generate_into(tmp_path / "b.db")
    assert first.keys() == second.keys()
    for table in first:
        assert first[table] == second[table], table

    later = AS_OF + timedelta(days=40)
    open_database(tmp_path / "c.db")
    try:
        generate(later)
        last_trip = Trip.select(Trip.trip_date).order_by(Trip.trip_date.desc()).first().trip_date
        first_trip = Trip.select(Trip.trip_date).order_by(Trip.trip_date).first().trip_date
        assert AS_OF < last_trip <= later
        assert first_trip > WINDOW_START
        assert DailyCheck.select().order_by(DailyCheck.checked_on.desc()).first().checked_on > AS_OF
        # the same office, a little later: the people are the same, their dates move
        assert [p.name for p in Person.select().order_by(Person.id)] == [row[1] for row in first["person"]]
    finally:
        close_database()


@pytest.mark.sqlite_only("compares two files row by row in rowid order")
def test_seed_changes_data(demo_file, tmp_path):
    other = generate_into(tmp_path / "b.db", seed=7)
    open_database(demo_file[0])
    try:
        first = dump_tables()
    finally:
        close_database()
    assert first["person"] != other["person"]


# ---------------------------------------------------------------- refusal and cancel
@pytest.mark.parametrize("what", ["section", "person", "vehicle"])
def test_refuses_non_empty_database(fresh_db, what):
    if what == "section":
        Section.create(name="综合科")
    elif what == "person":
        Person.create(name="张三")
    else:
        Vehicle.create(plate="苏NA1234")
    with pytest.raises(DemoError, match="数据库中已有业务数据，演示数据只能写入空数据库。"):
        generate(AS_OF)
    assert Trip.select().count() == 0


def test_cancel_rolls_back(fresh_db):
    audit_before = AuditLog.select().count()
    seen = []

    def progress(percent, message):
        seen.append((percent, message))
        return percent < 50

    with pytest.raises(DemoError, match="已取消"):
        generate(AS_OF, progress=progress)
    assert seen and all(isinstance(p, int) and 0 <= p <= 100 for p, _ in seen)
    assert all(re.search(r"[\u4e00-\u9fff]", m) for _, m in seen)
    assert seen[-1][0] >= 50  # work was done before the cancel
    for model in (Section, Person, PersonMove, Vehicle, Trip, Refuel, TypingLog, RatingPeriod):
        assert model.select().count() == 0, model
    assert AuditLog.select().count() == audit_before
    # the database is still usable afterwards
    summary = generate(AS_OF, progress=lambda p, m: True)
    assert summary.counts["section"] == 12


# ---------------------------------------------------------------- invariants
def test_id_numbers_are_valid_and_unique(demo_db):
    numbers = [p.id_number for p in Person.select()]
    assert all(gb11643_ok(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    for p in Person.select():
        assert p.id_number[6:12] == f"{p.birth:%Y%m}"
        assert (int(p.id_number[16]) % 2 == 1) == (p.gender == "男")
    assert id_check_digit("11010519491231002") == "X"


def test_plates_and_fuel_money(demo_db):
    for v in Vehicle.select():
        assert re.fullmatch(r"苏N[A-Z0-9]{5}", v.plate), v.plate
        assert v.plate == v.plate.upper() and " " not in v.plate and "·" not in v.plate
        assert isinstance(v.fuel_quota, Decimal)
    assert any(min(v.inspection_due, v.insurance_due, v.service_due) <= AS_OF + timedelta(days=30)
               for v in Vehicle.select())
    for r in Refuel.select():
        assert isinstance(r.amount, Decimal) and isinstance(r.litres, Decimal)
        assert abs(r.amount - r.litres * r.unit_price) <= Decimal("0.01")
        assert Decimal("7.20") <= r.unit_price <= Decimal("8.20")
        assert r.full_tank


def test_odometers_and_fuel_economy(demo_db):
    for v in Vehicle.select():
        trips = list(Trip.select().where(Trip.vehicle == v).order_by(Trip.departed_at))
        assert trips
        for before, after in zip(trips, trips[1:]):
            assert after.odometer_start == before.odometer_end
            assert after.departed_at >= before.returned_at
        for t in trips:
            assert t.odometer_end > t.odometer_start
            assert t.distance_km == t.odometer_end - t.odometer_start
            assert 15 <= t.distance_km <= 300
        ends = {t.odometer_end for t in trips} | {trips[0].odometer_start}
        refuels = list(Refuel.select().where(Refuel.vehicle == v).order_by(Refuel.filled_at))
        odometers = [r.odometer for r in refuels]
        assert odometers == sorted(odometers) and len(set(odometers)) == len(odometers)
        assert all(o in ends for o in odometers)  # filled right after a trip, at its reading
        gaps = [b - a for a, b in zip(odometers, odometers[1:])]
        assert max(gaps) <= 800
        litres = sum(r.litres for r in refuels[1:])
        economy = litres / (odometers[-1] - odometers[0]) * 100
        assert Decimal("0.70") * v.fuel_quota <= economy <= Decimal("1.30") * v.fuel_quota, v.plate
    economies = []
    for v in Vehicle.select():
        refuels = list(Refuel.select().where(Refuel.vehicle == v).order_by(Refuel.filled_at))
        economies.append(sum(r.litres for r in refuels[1:]) / (refuels[-1].odometer - refuels[0].odometer) * 100
                         / v.fuel_quota)
    assert any(e > Decimal("1.08") for e in economies)  # some vehicles run over the quota


def test_typing_ledger(demo_db):
    logs = list(TypingLog.select())
    for t in logs:
        assert t.errors == t.wrong_char + t.missing_char + t.extra_char + t.punctuation + t.formatting
        assert 1 <= t.pages <= 20
        assert t.typist is not None and t.typist.name == t.typist_name and t.typist.is_typist
        assert t.typed_on >= t.typist.joined_on
        if t.doc_number:
            assert re.fullmatch(r"宿政\w*〔\d{4}〕\d+号", t.doc_number), t.doc_number
    missing = sum(1 for t in logs if t.characters is None) / len(logs)
    assert 0.08 < missing < 0.25
    with_errors = sum(1 for t in logs if t.errors) / len(logs)
    assert 0.02 < with_errors < 0.25
    tests = list(SpeedTest.select())
    assert all(t.minutes == Decimal("10") for t in tests)
    speeds = [t.characters / 10 for t in tests]
    assert any(s < 80 for s in speeds) and any(s >= 80 for s in speeds)


def test_rating_story(demo_db):
    periods = list(RatingPeriod.select().order_by(RatingPeriod.year, RatingPeriod.quarter))

    def bottom_up_scores(period, grassroots_only=False):
        """Weighted bottom-up score per section, from tallies and (non-void) ballots (of the
        grassroots group alone: the score the rules use)."""
        per_group = {}
        for group in RaterGroup.select().where((RaterGroup.period == period) & (RaterGroup.direction == "下评上")):
            if grassroots_only and not group.grassroots:
                continue
            sums = defaultdict(lambda: [Decimal(0), 0])
            for t in Tally.select(Tally, Grade).join(Grade).where(Tally.group == group):
                sums[t.section_id][0] += t.grade.points * t.votes
                sums[t.section_id][1] += t.votes
            marks = (BallotMark.select(BallotMark, Grade).join(Grade).switch(BallotMark).join(Ballot)
                     .where((Ballot.group == group) & ~Ballot.void))
            for m in marks:
                sums[m.section_id][0] += m.grade.points
                sums[m.section_id][1] += 1
            per_group[group.weight] = {sid: total / n for sid, (total, n) in sums.items()}
        sections = set.intersection(*(set(v) for v in per_group.values()))
        return {sid: sum(w * scores[sid] for w, scores in per_group.items()) for sid in sections}

    worst = []
    for period in periods:
        scores = bottom_up_scores(period)
        worst.append(min(scores, key=scores.get))
        if period != periods[-1]:  # closed: the grassroots group's bottom three explain
            assert [g.name for g in RaterGroup.select().where(RaterGroup.period == period, RaterGroup.grassroots)] \
                == ["基层单位"]
            grassroots = bottom_up_scores(period, grassroots_only=True)
            explained = {e.section_id for e in Explanation.select().where(Explanation.period == period)}
            assert explained == set(sorted(grassroots, key=grassroots.get)[:3])
        else:  # the current quarter is open: its bottom three are provisional, nobody asked yet
            assert period.status == "进行中"
            assert not Explanation.select().where(Explanation.period == period).exists()
    assert worst[1] == worst[2] == worst[3] != worst[0]  # three times worst in a row

    ballots = list(Ballot.select().order_by(Ballot.serial))
    assert ballots and sum(b.void for b in ballots) == 1
    latest = periods[-1]
    raters = {p.name for p in Person.select()}
    for b in ballots:
        assert b.group.period_id == latest.id
        assert re.fullmatch(rf"{latest.year}Q{latest.quarter}-下-\d{{4}}", b.serial)
        assert b.entered_by and b.entered_at.date() <= AS_OF
    assert len({b.entered_by for b in ballots}) == 1 and ballots[0].entered_by in raters  # one clerk
    # a group is counted either from tallies or from ballots, never both
    for group in RaterGroup.select():
        assert not (group.tallies.count() and group.ballots.count())
    for g in RaterGroup.select():
        if g.ballots.count():
            assert g.sheets_printed >= g.ballots.count()


def test_reward_sources_exist(demo_db):
    from govoffice_desktop.models.rewards import FinanceFinding, GoodsMovement, TravelClaim

    from govoffice_desktop.models.documents import IncomingDocument

    tables = {m._meta.table_name: m for m in (TypingLog, SpeedTest, Incident, DailyCheck, Vehicle, ReadingRecord,
                                              SupervisedTask, TravelClaim, GoodsMovement, FinanceFinding,
                                              IncomingDocument)}  # an overdue 收文 (文电办理)
    tables["goods_budget"] = Section  # a section over its budget
    for entry in RewardPenalty.select().where(RewardPenalty.source_table != ""):
        by_month = {"typing_month": "文印", "fleet_month": "车辆燃料"}  # a closed month, as yyyymm
        if entry.source_table in by_month:
            assert MonthClose.get_or_none(MonthClose.domain == by_month[entry.source_table],
                                          MonthClose.year == entry.source_id // 100,
                                          MonthClose.month == entry.source_id % 100) is not None
            continue
        model = tables[entry.source_table]
        assert model.get_or_none(model.id == entry.source_id) is not None
    for entry in RewardPenalty.select():
        assert entry.amount != 0 and entry.reason and entry.entry_date <= AS_OF


def test_finance_entries_are_posted_at_a_closing_and_trips_are_claimed_per_diem_with_their_approval(demo_db):
    """Issue 18 point 7 in the demo: 财务检查 posted by a month's 财务结账 (and one waiting in the month
    just ended); every 出差 claim inside its approval, meals and local transport paid by the day."""
    from govoffice_desktop.models.rewards import FinanceFinding, TravelClaim
    from govoffice_desktop.services import rewards

    posted = RewardPenalty.select().where(RewardPenalty.source_table == "finance_finding")
    assert posted.count() == 2 and all(e.category == "财务管理" and e.amount < 0 for e in posted)
    for entry in posted:
        day = entry.entry_date
        assert MonthClose.get_or_none(MonthClose.domain == "财务管理", MonthClose.year == day.year,
                                      MonthClose.month == day.month) is not None
    waiting = [f for f in FinanceFinding.select() if not rewards.domain_closed("财务管理", f.found_on.year,
                                                                               f.found_on.month)]
    assert len(waiting) == 1 and waiting[0].rule == "finance_loan_overdue"
    trips = list(TravelClaim.select().where(TravelClaim.kind == "出差"))
    assert trips
    for claim in trips:
        approval = claim.approval
        assert approval is not None and approval.person_id == claim.person_id
        assert approval.approved_on <= approval.start_on <= claim.start_on <= claim.end_on <= approval.end_on
        days = (claim.end_on - claim.start_on).days + 1
        check = rewards.check_claim(claim.person, claim.destination_class, claim.start_on, claim.end_on,
                                    claim.accommodation, claim.transport)
        assert claim.meals == check.standard.meals * days
        assert claim.city_transport == check.standard.city_transport * days
        assert claim.allowed == check.allowed and "（包干）" in claim.verdict
    cut = [c for c in trips if c.over > 0]
    assert len(cut) == 1 and "核减" in cut[0].verdict


def test_nothing_after_as_of(demo_db):
    assert Trip.select().where(Trip.trip_date > AS_OF).count() == 0
    assert TypingLog.select().where(TypingLog.typed_on > AS_OF).count() == 0
    assert DailyCheck.select().where(DailyCheck.checked_on > AS_OF).count() == 0
    assert Person.select().where(Person.joined_on > AS_OF).count() == 0
    assert MeetingLog.select().where(MeetingLog.held_on > AS_OF).count() == 0
    assert SupervisedTask.select().where(SupervisedTask.assigned_on > AS_OF).count() == 0


def test_finished_months_are_closed_and_final_and_their_sheets_add_up(demo_db):
    from govoffice_desktop.services import rewards, supervision

    finals = [(b.year, b.month) for b in BonusMonth.select().where(BonusMonth.final)]
    assert finals
    for year, month in finals:
        assert rewards.open_domains(year, month) == []
        sheet = rewards.bonus_sheet(year, month)
        for line in sheet.lines:
            behind = sum((e.amount for e in rewards.entries_of(line.person, year, month)), Decimal(0))
            assert line.total == max(line.base + behind, sheet.floor)
    # the supervision closings posted exactly what their rules say
    for year, month in finals:
        if supervision.checked_months() and (year, month) in supervision.checked_months():
            expected = sorted((e.person.id, e.amount) for e in supervision.supervision_month_entries(year, month))
            first, last = date(year, month, 1), supervision._month_bounds(year, month)[1]
            posted = sorted((e.person_id, e.amount) for e in RewardPenalty.select().where(
                RewardPenalty.category == "督查", RewardPenalty.entry_date.between(first, last)))
            assert posted == expected and posted


def test_closed_typing_months_post_what_the_assessment_computes(demo_db):
    from govoffice_desktop.services import typing_pool

    closes = list(MonthClose.select().where(MonthClose.domain == "文印"))
    assert closes
    for close in closes:
        computed = {r.typist.id: -r.deduction for r in typing_pool.assess_month(close.year, close.month).rows
                    if r.deduction}
        posted = {e.person_id: e.amount for e in RewardPenalty.select().where(
            RewardPenalty.source_table == "typing_month", RewardPenalty.source_id == close.year * 100 + close.month)}
        assert posted == computed


def test_the_demo_s_campaign_subtotals_are_kept(demo_db):
    """万里 and 万页 add the monthly subtotals the database keeps (issue 20): the demo's are a GROUP BY
    over its trips and 文印 logs, for every ledger kept."""
    from govoffice_desktop.models.run_subtotals import KEPT
    from tests.test_run_subtotals import kept_rows

    found = kept_rows(database.obj)
    assert found["kept"] == found["group by"]
    assert {row[0] for row in found["kept"]} == set(KEPT) - {"trip_name"}  # every demo trip's driver is on file
