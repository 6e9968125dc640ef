"""季度评议 rules without a screen: four quarters of tallies, the ranking with ties, the weights
renormalised, 后三名 and 连续三次最差."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from govoffice_desktop import app
from govoffice_desktop.models import db
from govoffice_desktop.models.ratings import Explanation, Grade, GradeScale, RaterGroup, RatingPeriod, Tally
from govoffice_desktop.services import person_history, ratings, staff
from govoffice_desktop.services.validation import BadValue

NAMES = ("秘书科", "综合科", "文电科", "督查室", "行政科")
# Per quarter, per group, per section: the votes {grade: n}.  Means: 好 100, 较好 80, 一般 60, 较差 30.
# 基层单位 is the grassroots group; Q1-Q3 are closed, Q4 still open.
ALL = lambda grade: {grade: 10}  # noqa: E731
QUARTERS = {
    1: {"基层单位": {"秘书科": ALL("好"), "综合科": ALL("较好"), "文电科": ALL("一般"), "督查室": ALL("较差"),
                 "行政科": {"一般": 5, "较差": 5}},
        "办内干部": {"秘书科": ALL("较好"), "综合科": ALL("较好"), "文电科": ALL("一般"), "督查室": ALL("较差"),
                 "行政科": {"一般": 5, "较差": 5}}},
    2: {"基层单位": {"秘书科": ALL("好"), "综合科": ALL("较好"), "文电科": ALL("较好"), "督查室": ALL("一般"),
                 "行政科": ALL("较差")},
        "办内干部": {"秘书科": ALL("好"), "综合科": ALL("较好"), "文电科": ALL("较好"), "督查室": ALL("一般"),
                 "行政科": ALL("较差")}},
    3: {"基层单位": {"秘书科": ALL("好"), "综合科": ALL("较好"), "文电科": ALL("一般"), "督查室": ALL("较差"),
                 "行政科": ALL("较差")},
        "办内干部": {"秘书科": ALL("好"), "综合科": ALL("较好"), "文电科": ALL("一般"), "督查室": ALL("较差"),
                 "行政科": ALL("较差")}},
    4: {"基层单位": {"秘书科": ALL("好"), "综合科": ALL("较好"), "文电科": ALL("一般"), "督查室": {"一般": 5, "较差": 5},
                 "行政科": ALL("较差")},
        "办内干部": {}},  # this group cast no votes: the weights are renormalised
}


@pytest.fixture
def four_quarters(database):
    sections = {n: staff.add_section(n) for n in NAMES}
    chief = staff.save_person({"name": "行政科长", "section": sections["行政科"], "post": "科长"})
    staff.set_chief(sections["行政科"], chief)
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    grades = {g.label: g for g in Grade.select().where(Grade.scale == scale)}
    for quarter, groups in QUARTERS.items():
        period = RatingPeriod.create(year=2025, quarter=quarter, status="已结束" if quarter < 4 else "进行中")
        for name, weight in (("基层单位", "0.60"), ("办内干部", "0.40")):
            group = RaterGroup.create(period=period, direction="下评上", name=name, weight=weight, scale=scale,
                                      grassroots=name == "基层单位")
            for section, votes in groups[name].items():
                for grade, n in votes.items():
                    Tally.create(group=group, section=sections[section], grade=grades[grade], votes=n)
    return sections, chief


def ranking(quarter):
    return [(s.section.name, s.shown, s.rank) for s in ratings.section_scores(ratings.find_period(2025, quarter))]


def test_four_quarters_rank_and_flag_exactly(four_quarters):
    sections, chief = four_quarters
    # Q1: 秘书科 0.6 × 100 + 0.4 × 80 = 92; 行政科 (5 × 60 + 5 × 30) / 10 = 45 in both groups.
    assert ranking(1) == [("秘书科", Decimal("92.00"), 1), ("综合科", Decimal("80.00"), 2),
                          ("文电科", Decimal("60.00"), 3), ("行政科", Decimal("45.00"), 4), ("督查室", Decimal("30.00"), 5)]
    # Q2: a tie shares a rank and the next rank is skipped.
    assert ranking(2) == [("秘书科", Decimal("100.00"), 1), ("综合科", Decimal("80.00"), 2),
                          ("文电科", Decimal("80.00"), 2), ("督查室", Decimal("60.00"), 4), ("行政科", Decimal("30.00"), 5)]
    # Q3: two sections tied for last: both are last.
    q3 = ratings.section_scores(ratings.find_period(2025, 3))
    assert sorted(s.section.name for s in ratings.worst(q3)) == ["督查室", "行政科"]
    assert [s.rank for s in q3] == [1, 2, 3, 4, 4]
    # Q4: 办内干部 cast no votes, so 基层单位 alone decides.
    assert ranking(4) == [("秘书科", Decimal("100.00"), 1), ("综合科", Decimal("80.00"), 2),
                          ("文电科", Decimal("60.00"), 3), ("督查室", Decimal("45.00"), 4), ("行政科", Decimal("30.00"), 5)]
    bottom = [s.section.name for s in ratings.bottom_three(ratings.section_scores(ratings.find_period(2025, 4)))]
    assert bottom == ["文电科", "督查室", "行政科"]
    # 行政科 last in Q2, Q3 (tied) and Q4: three running.  督查室 was last in Q1 and Q3 only.
    alerts = ratings.three_times_worst(ratings.find_period(2025, 4))
    assert [(a.section.name, a.consecutive_worst, a.chief.name) for a in alerts] == [("行政科", 3, "行政科长")]
    assert ratings.three_times_worst(ratings.find_period(2025, 3)) == []


def test_the_rules_write_explanations_once(four_quarters):
    sections, chief = four_quarters
    period = ratings.find_period(2025, 4)
    made = ratings.close_period(period, today=date(2026, 1, 5))
    assert sorted((e.section.name, e.kind, e.rank) for e in made) == [
        ("文电科", "说明情况", 3), ("督查室", "说明情况", 4), ("行政科", "说明情况", 5), ("行政科", "调离", 5)]
    explanation = Explanation.get(Explanation.section == sections["行政科"], Explanation.kind == "说明情况")
    assert explanation.person_id == chief.id and explanation.due_on == date(2026, 1, 20)
    with pytest.raises(BadValue, match="说明内容不能为空"):
        ratings.record_explanation(explanation, " ", "2026-1-10")
    ratings.record_explanation(explanation, "人手紧、任务重，已制定整改措施", "2026-1-10")
    ratings.reopen_period(period)  # closed again: nothing doubled, nothing lost
    ratings.close_period(period, today=date(2026, 1, 12))
    assert Explanation.select().where(Explanation.period == period).count() == 4
    assert Explanation.get_by_id(explanation.id).received_on == date(2026, 1, 10)


def test_unknown_is_left_out_or_counted_as_zero(database):
    from govoffice_desktop.models.settings import Setting

    section = staff.add_section("秘书科")
    scale = GradeScale.get(GradeScale.name == "优秀/称职/基本称职/不称职/不了解")
    grades = {g.label: g for g in Grade.select().where(Grade.scale == scale)}
    period = RatingPeriod.create(year=2025, quarter=1)
    group = RaterGroup.create(period=period, direction="上评下", name="市领导", weight="1", scale=scale)
    Tally.create(group=group, section=section, grade=grades["优秀"], votes=3)
    Tally.create(group=group, section=section, grade=grades["不了解"], votes=1)
    assert ratings.section_scores(period, "上评下")[0].shown == Decimal("100.00")
    Setting.create(key=ratings.UNKNOWN_AS_ZERO_KEY, value="1")
    assert ratings.section_scores(period, "上评下")[0].shown == Decimal("75.00")


def test_cli_reports_the_ranking(tmp_path, capsys):
    path = tmp_path / "office.db"
    db.open_database(path)
    sections = {n: staff.add_section(n) for n in ("甲科", "乙科", "丙科", "丁科")}
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    grades = {g.label: g for g in Grade.select().where(Grade.scale == scale)}
    period = RatingPeriod.create(year=2025, quarter=3)
    group = RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="1", scale=scale,
                              grassroots=True)
    for name, grade in (("甲科", "好"), ("乙科", "较好"), ("丙科", "一般"), ("丁科", "较差")):
        Tally.create(group=group, section=sections[name], grade=grades[grade], votes=10)
    db.close_database()
    assert app.main(["--db", str(path), "report", "ratings", "--period", "2025Q3", "--direction", "bottom-up",
                     "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"period": "2025Q3", "direction": "bottom-up", "status": "进行中",  # the word given
                   "rules_group": "基层单位",
                   "ranking": [{"section": "甲科", "score": 100.00, "rank": 1, "by_group": {"基层单位": 100.00},
                                "rules_rank": 1},
                               {"section": "乙科", "score": 80.00, "rank": 2, "by_group": {"基层单位": 80.00},
                                "rules_rank": 2},
                               {"section": "丙科", "score": 60.00, "rank": 3, "by_group": {"基层单位": 60.00},
                                "rules_rank": 3},
                               {"section": "丁科", "score": 30.00, "rank": 4, "by_group": {"基层单位": 30.00},
                                "rules_rank": 4}],
                   "bottom_three": ["乙科", "丙科", "丁科"], "alerts": [], "provisional_alerts": [],
                   "notice": "后三名和连续三次最差按基层评议组“基层单位”的得分确定（名次见“基层名次”）；"
                             "综合得分为各评议组按权重加权，是总体结果。"}
    assert app.main(["--db", str(path), "report", "ratings", "--period", "2025年第二季度"]) == 1
    assert "没有2025年第二季度的评议" in capsys.readouterr().err


@pytest.fixture
def ballot_group(database):
    sections = [staff.add_section(n) for n in ("甲科", "乙科")]
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    period = RatingPeriod.create(year=2025, quarter=3)
    group = RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="1", scale=scale)
    grades = {g.label: g.id for g in ratings.grades_of(group)}
    return group, sections, grades


def test_ballots_are_entered_once_by_serial(ballot_group):
    group, (a, b), grades = ballot_group
    assert list(ratings.reserve_serials(group, 3)) == [1, 2, 3]
    assert list(ratings.reserve_serials(group, 2)) == [4, 5]  # printing more continues the numbers
    ratings.enter_ballot(group, "1", {a.id: grades["好"], b.id: grades["较差"]}, clerk="录入员")
    with pytest.raises(BadValue, match="编号 1 的评议表已经录入过"):
        ratings.enter_ballot(group, "2025Q3-基层单位-0001", {a.id: grades["好"]})
    with pytest.raises(BadValue, match="不是本组印发的评议表（本组编号：1–5）"):
        ratings.enter_ballot(group, "9", {a.id: grades["好"]})
    with pytest.raises(BadValue, match="废票要写明原因"):
        ratings.enter_ballot(group, "2", {}, void=True)
    ratings.enter_ballot(group, "2", {}, void=True, void_reason="多选")
    ratings.enter_ballot(group, "3", {a.id: grades["较好"], b.id: grades["一般"]})
    assert ratings.ballot_counts(group) == {"printed": 5, "valid": 2, "void": 1, "missing": 2}
    scores = {s.section.name: s.shown for s in ratings.section_scores(group.period)}
    assert scores == {"甲科": Decimal("90.00"), "乙科": Decimal("45.00")}  # the void sheet counts for nothing


def test_nothing_links_a_bottom_up_ballot_to_a_person(ballot_group):
    """No table or column ties a bottom-up sheet to who filled it in."""
    from govoffice_desktop.models import ALL_MODELS
    from govoffice_desktop.models.base import AuditLog
    from govoffice_desktop.models.ratings import Ballot, BallotMark
    from govoffice_desktop.models.staff import Person

    group, (a, b), grades = ballot_group
    rater = staff.save_person({"name": "基层干部甲"})
    ratings.reserve_serials(group, 2)
    ratings.enter_ballot(group, "1", {a.id: grades["好"], b.id: grades["较好"]}, clerk="综合科录入员")
    # The only references to a ballot are its marks; a ballot refers to nothing but its group.
    referring = [(m.__name__, f.name) for m in ALL_MODELS for f in m._meta.fields.values()
                 if getattr(f, "rel_model", None) in (Ballot, BallotMark)]
    assert referring == [("BallotMark", "ballot")]
    assert [f.name for f in Ballot._meta.fields.values() if getattr(f, "rel_model", None) is not None] == ["group"]
    # A mark may name a person only on a top-down sheet rating individuals; none does here.
    assert BallotMark.select().where(BallotMark.person.is_null(False)).count() == 0
    # The audit log names the clerk who entered it, and nowhere the rater.
    logged = " ".join(f"{e.who} {e.before or ''} {e.after or ''}" for e in AuditLog.select().where(
        AuditLog.table.in_(["ballot", "ballot_mark"])))
    assert "综合科录入员" in logged
    assert rater.name not in logged and f'"person_id": {rater.id}' not in logged
    assert Person.select().count() == 1
    # Where top-down sheets do rate people, their marks stay on their own sheets: no mark of a
    # bottom-up sheet names anyone, and no bottom-up group can rate people at all.
    leaders = ratings.add_group(group.period, "上评下", "办领导", "1", "优秀/称职/基本称职/不称职/不了解", rates="人员")
    ratings.reserve_serials(leaders, 1)
    rated = staff.save_person({"name": "办内干部丙", "section": a})
    ratings.enter_ballot(leaders, "1", {rated.id: ratings.grades_of(leaders)[0].id})
    ratings.enter_ballot(group, "2", {a.id: grades["一般"], b.id: grades["较差"]})
    bottom_up = (BallotMark.select().join(Ballot).join(RaterGroup)
                 .where(RaterGroup.direction == "下评上"))
    assert bottom_up.count() == 4 and bottom_up.where(BallotMark.person.is_null(False)).count() == 0
    assert not RaterGroup.select().where(RaterGroup.direction == "下评上", RaterGroup.rates == "人员").exists()


def test_forty_ballots_print_as_forty_pages_with_consecutive_serials(ballot_group, tmp_path, capsys):
    group, sections, grades = ballot_group
    path = tmp_path / "office.db"
    db.close_database()
    import shutil
    from govoffice_desktop.models import db as dbm

    # The fixture's database is the test's; copy it where the command line can open it.
    shutil.copy(tmp_path / "test.db", path)
    out = tmp_path / "评议表.pdf"
    assert app.main(["--db", str(path), "print", "ballots", "--period", "2025Q3", "--group", "基层单位",
                     "--copies", "40", "--pdf", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["pages"], result["first_serial"], result["last_serial"]) == (40, 1, 40)
    assert out.read_bytes().startswith(b"%PDF")
    assert app.main(["--db", str(path), "print", "ballots", "--period", "2025Q3", "--group", "基层单位",
                     "--copies", "2", "--pdf", str(tmp_path / "more.pdf"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["first_serial"] == 41  # printing more continues the numbers
    assert app.main(["--db", str(path), "print", "ballots", "--period", "2025Q3", "--group", "市领导",
                     "--pdf", str(tmp_path / "x.pdf")]) == 1
    dbm.open_database(tmp_path / "test.db")  # give the fixture back its database


def test_a_bottom_up_sheet_has_no_name_field(ballot_group):
    from govoffice_desktop.reports.ratings import ballot_sheets

    group, sections, grades = ballot_group
    html = ballot_sheets(group, [7, 8]).html()
    assert "2025Q3-基层单位-0007" in html and "2025Q3-基层单位-0008" in html
    assert "评议人" not in html and "不记名" in html and "甲科" in html and "较好" in html
    assert html.count("page-break-before:always") == 1


def test_rating_tallies_import_one_sheet_per_quarter(tmp_path, capsys):
    import openpyxl

    path = tmp_path / "office.db"
    db.open_database(path)
    for name in ("秘书科", "综合科", "文电科"):
        staff.add_section(name)
    db.close_database()
    book = openpyxl.Workbook()
    for index, (sheet_name, title) in enumerate((("一季度", "2025年第一季度科室工作评议票数统计"),
                                                 ("2025Q2", "科室评议票数"))):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = sheet_name
        sheet.append([title])
        sheet.append(["被评科室", "好", "较好", "一般", "差"])
        sheet.append(["秘书科", 30, 10, 0, 0])
        sheet.append(["综合科", 10, 20, 10, 0])
        sheet.append(["文电科", 0, 10, 20, 10 + index])
        sheet.append(["合计", 40, 40, 30, 10])
    bad = book.create_sheet("无期别")
    bad.append(["被评科室", "好"])
    bad.append(["秘书科", 3])
    file = tmp_path / "票数.xlsx"
    book.save(file)
    assert app.main(["--db", str(path), "import", "rating-tallies", str(file), "--all-sheets", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["imported"] == 0 and "看不出这张表是哪个季度的" in out["errors"][0]["message"]
    assert app.main(["--db", str(path), "import", "rating-tallies", str(file), "--sheet", "一季度", "--json"]) == 0
    assert app.main(["--db", str(path), "import", "rating-tallies", str(file), "--sheet", "2025Q2", "--json"]) == 0
    capsys.readouterr()
    assert app.main(["--db", str(path), "import", "rating-tallies", str(file), "--sheet", "2025Q2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["duplicates"] == 3  # the same sheet again adds nothing
    assert app.main(["--db", str(path), "report", "ratings", "--period", "2025Q1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # 秘书科 (30×100 + 10×80) / 40 = 95; 综合科 (1000 + 1600 + 600) / 40 = 80; 文电科 (800 + 1200 + 300) / 40 = 57.5
    assert [(r["section"], r["score"]) for r in out["ranking"]] == [("秘书科", 95.00), ("综合科", 80.00),
                                                                     ("文电科", 57.50)]
    assert app.main(["--db", str(path), "import", "rating-tallies", str(file), "--sheet", "无期别",
                     "--period", "2025Q3", "--direction", "top-down", "--group", "办领导"]) == 0


def test_pending_explanations_show_on_the_dashboard_until_done(four_quarters):
    from govoffice_desktop.services import dashboard

    period = ratings.find_period(2025, 4)
    ratings.close_period(period, today=date(2026, 1, 5))
    pending = [r for r in dashboard.overview(date(2026, 3, 1)).reminders if "评议" in r.kind or "调离" in r.kind]
    assert len(pending) == 4 and all(r.overdue for r in pending)  # due 2026-01-20, still shown in March
    assert any(r.subject.startswith("行政科（行政科长") and r.kind == "连续三次最差调离决定" for r in pending)
    for e in Explanation.select():
        ratings.record_explanation(e, "已说明", "2026-1-10")
    assert not [r for r in dashboard.overview(date(2026, 3, 1)).reminders if "评议" in r.kind or "调离" in r.kind]


def test_results_print_and_history(four_quarters, tmp_path):
    from govoffice_desktop.reports import ratings as report

    sections, chief = four_quarters
    ratings.close_period(ratings.find_period(2025, 4), today=date(2026, 1, 5))  # the rules act on a closed quarter
    html = report.results(ratings.find_period(2025, 4)).html()
    assert "2025年第四季度科室工作评议结果" in html and "后三名，负责人说明情况" in html
    assert "行政科连续3次被评为最差，当事人（行政科长）按规定调离" in html
    assert ratings.section_history(sections["行政科"]) == [
        ("2025Q1", Decimal("45.00"), 4, 5), ("2025Q2", Decimal("30.00"), 5, 5), ("2025Q3", Decimal("30.00"), 4, 5),
        ("2025Q4", Decimal("30.00"), 5, 5)]
    assert ratings.latest_period(date(2025, 8, 1)).quarter == 3


def test_results_export_to_excel(tmp_path, capsys):
    import openpyxl

    path = tmp_path / "office.db"
    db.open_database(path)
    sections = {n: staff.add_section(n) for n in ("甲科", "乙科", "丙科", "丁科")}
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    grades = {g.label: g for g in Grade.select().where(Grade.scale == scale)}
    period = RatingPeriod.create(year=2025, quarter=3, status="已结束")
    group = RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="1", scale=scale,
                              grassroots=True)
    for name, grade in (("甲科", "好"), ("乙科", "较好"), ("丙科", "一般"), ("丁科", "较差")):
        Tally.create(group=group, section=sections[name], grade=grades[grade], votes=10)
    db.close_database()
    out = tmp_path / "结果.xlsx"
    assert app.main(["--db", str(path), "export", "ratings", str(out), "--period", "2025Q3"]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "市人民政府办公室　2025年第三季度科室工作评议结果"  # the office heads it
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert rows[0][:4] == ["下评上", 1, "甲科", 100] and rows[-1][2] == "丁科" and rows[-1][-1] == "后三名"


def test_individual_ratings_appear_in_the_staff_file(database):
    section = staff.add_section("秘书科")
    person = staff.save_person({"name": "王建国", "section": section})
    scale = GradeScale.get(GradeScale.name == "优秀/称职/基本称职/不称职/不了解")
    grades = {g.label: g for g in Grade.select().where(Grade.scale == scale)}
    period = RatingPeriod.create(year=2025, quarter=3)
    group = RaterGroup.create(period=period, direction="上评下", name="办领导", weight="1", scale=scale)
    for label, n in (("优秀", 2), ("称职", 5), ("基本称职", 1), ("不了解", 2)):
        Tally.create(group=group, person=person, grade=grades[label], votes=n)
    (result,) = ratings.person_scores(person)
    # (2 × 100 + 5 × 80 + 1 × 60) / 8 = 82.5; 不了解 left out.
    assert (result.score, result.leading) == (Decimal("82.50"), "称职")
    (entry,) = [e for e in person_history.person_history(person) if e.kind == "评议"]
    assert entry.when == date(2025, 9, 30) and "2025年第三季度上评下：平均 82.50 分，多数评为称职" in entry.text


def test_serials_not_printed_can_be_given_back_unless_used(ballot_group):
    group, (a, b), grades = ballot_group
    ratings.reserve_serials(group, 3)
    later = ratings.reserve_serials(group, 2)
    assert ratings.release_serials(group, range(1, 4)) is False  # not the latest reservation
    assert ratings.release_serials(group, later) and group.sheets_printed == 3
    again = ratings.reserve_serials(group, 2)
    ratings.enter_ballot(group, "5", {a.id: grades["好"]})
    assert ratings.release_serials(group, again) is False and group.sheets_printed == 5


def test_ballots_by_criterion(ballot_group):
    from govoffice_desktop.models.ratings import BallotMark, Criterion

    group, (a, b), grades = ballot_group
    ratings.reserve_serials(group, 2)
    speed = Criterion.create(direction="下评上", name="工作效率", sort_order=1)
    service = Criterion.create(direction="下评上", name="服务质量", sort_order=2)
    with pytest.raises(BadValue, match="每个勾选要指明项目"):
        ratings.enter_ballot(group, "1", {a.id: grades["好"]})
    ratings.enter_ballot(group, "1", {(a.id, speed.id): grades["好"], (a.id, service.id): grades["较好"],
                                      (b.id, speed.id): grades["一般"], (b.id, service.id): grades["较差"]})
    assert BallotMark.select().where(BallotMark.criterion == speed).count() == 2
    scores = {s.section.name: s.shown for s in ratings.section_scores(group.period)}
    assert scores == {"甲科": Decimal("90.00"), "乙科": Decimal("45.00")}  # the criteria averaged


# ---------------------------------------------------------------- 上评下 of individual staff
TOP_DOWN = "优秀/称职/基本称职/不称职/不了解"


@pytest.fixture
def people_group(ballot_group):
    """A top-down group of the same period whose sheets rate the staff, 4 sheets printed."""
    group, (a, b), _grades = ballot_group
    wang = staff.save_person({"name": "王建国", "section": a})
    li = staff.save_person({"name": "李红", "section": b})
    leaders = ratings.add_group(group.period, "上评下", "办领导", "1", TOP_DOWN, rates="人员")
    ratings.reserve_serials(leaders, 4)
    grades = {g.label: g.id for g in ratings.grades_of(leaders)}
    return leaders, (wang, li), grades


def test_a_group_rating_people_lists_the_staff_on_its_sheet(people_group):
    leaders, (wang, li), _grades = people_group
    assert ratings.rates_people(leaders) and leaders.rates == "人员"
    assert [(t.id, t.name, t.section) for t in ratings.targets_of(leaders)] == [
        (wang.id, "王建国", "甲科"), (li.id, "李红", "乙科")]
    assert ratings.groups_of(leaders.period, "上评下", rates="科室") == []
    assert ratings.groups_of(leaders.period, "上评下", rates="人员") == [leaders]
    gone = staff.save_person({"name": "张已调", "section": wang.section, "status": "调离"})
    director = staff.save_person({"name": "赵主任", "post": "主任"})  # an office leader, in no section
    assert {gone.id, director.id}.isdisjoint(t.id for t in ratings.targets_of(leaders))
    assert len(ratings.targets_of(leaders)) == 2


def test_ballots_rating_people_count_in_person_scores_like_tallies(people_group):
    from govoffice_desktop.models.ratings import BallotMark

    leaders, (wang, li), grades = people_group
    for serial, (mine, hers) in enumerate((("优秀", "称职"), ("称职", "称职"), ("不了解", "基本称职")), 1):
        ratings.enter_ballot(leaders, str(serial), {wang.id: grades[mine], li.id: grades[hers]}, clerk="录入员")
    ratings.enter_ballot(leaders, "4", {}, void=True, void_reason="空白")
    marks = BallotMark.select().where(BallotMark.person == wang)
    assert marks.count() == 3 and all(m.section_id is None for m in marks)
    (mine,) = ratings.person_scores(wang)
    # (100 + 80) / 2 = 90; 不了解 left out, the void sheet counts for nothing
    assert (mine.score, mine.leading, mine.votes) == (Decimal("90.00"), "优秀", {"优秀": 1, "称职": 1, "不了解": 1})
    # the same votes entered as a tally give the same result
    twin = staff.save_person({"name": "王建军", "section": wang.section})
    for label in ("优秀", "称职", "不了解"):
        Tally.create(group=leaders, person=twin, grade=grades[label], votes=1)
    (tallied,) = ratings.person_scores(twin)
    assert (tallied.score, tallied.leading, tallied.votes) == (mine.score, mine.leading, mine.votes)
    (hers,) = ratings.person_scores(li)
    assert (hers.score, hers.leading) == (Decimal("73.33"), "称职")
    # people's marks are not a section's: the 上评下 ranking of sections stays empty
    assert ratings.section_scores(leaders.period, "上评下") == []
    (entry,) = [e for e in person_history.person_history(wang) if e.kind == "评议"]
    assert "平均 90.00 分" in entry.text


def test_a_sheet_rating_people_refuses_a_section_and_keeps_the_data(people_group, ballot_group):
    from govoffice_desktop.models.ratings import Ballot, BallotMark

    leaders, (wang, li), grades = people_group
    _group, (a, _b), section_grades = ballot_group
    other = staff.add_section("丙科")  # an id no one on the staff has
    with pytest.raises(BadValue, match="编号 1 的评议表上没有这个人员"):
        ratings.enter_ballot(leaders, "1", {wang.id: grades["优秀"], other.id + 100: grades["称职"]})
    with pytest.raises(BadValue, match="编号 1 的评议表，王建国：等次不属于本组的评议标准"):
        ratings.enter_ballot(leaders, "1", {wang.id: section_grades["好"]})
    assert Ballot.select().count() == 0 and BallotMark.select().count() == 0


def test_people_are_rated_by_criterion_where_the_direction_uses_criteria(people_group):
    from govoffice_desktop.models.ratings import Criterion

    leaders, (wang, li), grades = people_group
    work = Criterion.create(direction="上评下", name="工作实绩", sort_order=1)
    conduct = Criterion.create(direction="上评下", name="工作作风", sort_order=2)
    with pytest.raises(BadValue, match="王建国：本方向按评议项目打分"):
        ratings.enter_ballot(leaders, "1", {wang.id: grades["优秀"]})
    ratings.enter_ballot(leaders, "1", {(wang.id, work.id): grades["优秀"], (wang.id, conduct.id): grades["基本称职"],
                                        (li.id, work.id): grades["称职"]})
    (mine,) = ratings.person_scores(wang)
    assert mine.score == Decimal("80.00") and sum(mine.votes.values()) == 2  # every mark one vote


def test_a_bottom_up_group_never_rates_people(ballot_group):
    import peewee

    group, (a, b), grades = ballot_group
    with pytest.raises(BadValue, match="下评上只评科室，不评个人"):
        ratings.add_group(group.period, "下评上", "办内干部", "0.4", "好/较好/一般/较差", rates="人员")
    with pytest.raises(peewee.IntegrityError):  # nor can one be stored behind the services' back
        RaterGroup.create(period=group.period, direction="下评上", name="办内干部", weight="0.4",
                          scale=group.scale, rates="人员")
    assert RaterGroup.select().count() == 1
    # a person's id on a bottom-up sheet is not on it
    rater = staff.save_person({"name": "基层干部乙"})
    ratings.reserve_serials(group, 1)
    with pytest.raises(BadValue, match="评议表上没有这个科室"):
        ratings.enter_ballot(group, "1", {rater.id + 100: grades["好"]})


def test_rater_groups_are_added_with_their_weight_and_scale(ballot_group):
    group, _sections, _grades = ballot_group
    added = ratings.add_group(group.period, "下评上", " 办内干部 ", "0.40", "好/较好/一般/较差")
    assert (added.name, added.weight, added.rates, added.scale.name) == ("办内干部", Decimal("0.40"), "科室",
                                                                       "好/较好/一般/较差")
    with pytest.raises(BadValue, match="已有评议组“基层单位”"):
        ratings.add_group(group.period, "下评上", "基层单位", "1", "好/较好/一般/较差")
    with pytest.raises(BadValue, match="权重应不小于0"):
        ratings.add_group(group.period, "上评下", "市领导", "-1", "好/较好/一般/较差")
    with pytest.raises(BadValue, match="没有这个评议等次标准"):
        ratings.add_group(group.period, "上评下", "市领导", "1", "甲乙丙")
    with pytest.raises(BadValue, match="评议对象应为科室或人员"):
        ratings.add_group(group.period, "上评下", "市领导", "1", TOP_DOWN, rates="处室")
    assert RaterGroup.select().count() == 2


def test_the_sheet_of_a_group_rating_people_lists_the_staff(people_group, ballot_group):
    from govoffice_desktop.reports.ratings import ballot_sheets

    leaders, (wang, li), _grades = people_group
    group, _sections, _grades = ballot_group
    html = ballot_sheets(leaders, range(1, 3)).html()
    assert "2025年第三季度市人民政府办公室工作人员评议表" in html and "2025Q3-办领导-0002" in html
    assert "王建国" in html and "李红" in html and "<th bgcolor=\"#eeeeee\">姓名</th>" in html
    assert "评议人" in html and html.count("□") == 2 * 2 * 5  # two sheets, two people, five grades
    # the bottom-up sheet of the same period lists the sections and no one
    html = ballot_sheets(group, range(1, 2)).html()
    assert "甲科" in html and "王建国" not in html and "李红" not in html and ">姓名</th>" not in html
