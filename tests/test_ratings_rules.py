"""季度评议 rules as the article writes them (issue 18 points 1, 2 and the rating words of 8):
对基层评比出的后三名科室，科长要说明情况，连续三次被评最差的科室，当事人要调离办公室 — the
grassroots group's scores alone decide, on a closed quarter only."""
from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from govoffice_desktop import app
from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.ratings import (Ballot, BallotMark, Explanation, Grade, GradeScale, RaterGroup,
                                              RatingPeriod, Tally)
from govoffice_desktop.reports import ratings as report
from govoffice_desktop.services import dashboard, ratings, staff
from govoffice_desktop.services.validation import BadValue

DATA = Path(__file__).parent / "data"
NAMES = ("甲科", "乙科", "丙科", "丁科", "戊科")
# 基层单位 weighs 0.2, 办内干部 0.8.  In 基层单位: 甲 100, 乙 100, 丙 60, 丁 60, 戊 30 → its bottom
# three are 丙, 丁, 戊.  Overall 乙 is last: 0.2 × 100 + 0.8 × 30 = 44 (戊 86, 丙 and 丁 92).
VOTES = {"基层单位": {"甲科": "好", "乙科": "好", "丙科": "一般", "丁科": "一般", "戊科": "较差"},
         "办内干部": {"甲科": "好", "乙科": "较差", "丙科": "好", "丁科": "好", "戊科": "好"}}


def scale():
    return GradeScale.get(GradeScale.name == "好/较好/一般/较差")


def a_quarter(year, quarter, votes=VOTES, status="进行中", grassroots="基层单位", sections=None):
    grades = {g.label: g for g in Grade.select().where(Grade.scale == scale())}
    period = RatingPeriod.create(year=year, quarter=quarter, status=status)
    for name, weight in (("基层单位", "0.2"), ("办内干部", "0.8")):
        group = RaterGroup.create(period=period, direction="下评上", name=name, weight=weight, scale=scale(),
                                  grassroots=name == grassroots)
        for section, grade in votes[name].items():
            Tally.create(group=group, section=sections[section], grade=grades[grade], votes=10)
    return period


@pytest.fixture
def office(database):
    sections = {}
    for name in NAMES:
        section = staff.add_section(name)
        staff.set_chief(section, staff.save_person({"name": f"{name}长", "section": section, "post": "科长"}))
        sections[name] = section
    return sections


def test_bottom_three_follow_grassroots_group_only(office):
    period = a_quarter(2025, 3, sections=office)
    overall = ratings.section_scores(period)
    assert [s.section.name for s in overall][-1] == "乙科"  # last overall
    made = ratings.close_period(period, today=date(2025, 10, 9))
    # a section last in 基层 but not overall must explain; the one last overall only does not
    assert sorted((e.section.name, e.kind, e.rank) for e in made) == [
        ("丁科", "说明情况", 3), ("丙科", "说明情况", 3), ("戊科", "说明情况", 5)]
    assert not Explanation.select().where(Explanation.section == office["乙科"]).exists()
    assert {e.person.name for e in made} == {"丙科长", "丁科长", "戊科长"}


def test_three_times_worst_follows_grassroots_group_only(office):
    for quarter in (1, 2):
        a_quarter(2025, quarter, status="已结束", sections=office)
    period = a_quarter(2025, 3, sections=office)
    made = ratings.close_period(period, today=date(2025, 10, 9))
    dismissals = [(e.section.name, e.rank) for e in made if e.kind == "调离"]
    assert dismissals == [("戊科", 5)]  # last in 基层单位 three quarters running; 乙科, last overall, is not
    assert [(a.section.name, a.consecutive_worst) for a in ratings.three_times_worst(period)] == [("戊科", 3)]


def test_a_quarter_not_closed_breaks_the_run(office):
    a_quarter(2025, 1, status="已结束", sections=office)
    a_quarter(2025, 2, status="进行中", sections=office)  # never closed: its result counts for nothing
    period = a_quarter(2025, 3, sections=office)
    assert ratings.three_times_worst(period) == []


def test_without_a_grassroots_group_the_rules_say_so(office, tmp_path, capsys):
    period = a_quarter(2025, 3, grassroots=None, sections=office)
    rules = ratings.rules_of(period)
    assert rules.group is None and rules.bottom == [] and rules.alerts == []
    assert "没有标记基层评议组" in rules.notice
    with pytest.raises(BadValue, match="不能结束评议：2025年第三季度下评上没有标记基层评议组"):
        ratings.close_period(period, today=date(2025, 10, 9))
    assert RatingPeriod.get_by_id(period.id).status == "进行中" and Explanation.select().count() == 0
    html = report.results(period).html()
    assert "没有标记基层评议组" in html and "后三名，负责人说明情况" not in html
    payload = ratings.ratings_report(2025, 3)
    assert payload["rules_group"] is None and payload["bottom_three"] == [] and "没有标记基层评议组" in payload["notice"]


def test_the_grassroots_mark_by_name_and_one_a_period(office):
    period = RatingPeriod.create(year=2025, quarter=3)
    grassroots = ratings.add_group(period, "下评上", "基层单位", "0.6", scale())
    inside = ratings.add_group(period, "下评上", "办内干部", "0.4", scale())
    second = ratings.add_group(period, "下评上", "基层站所", "0", scale())  # the period has one already
    assert (grassroots.grassroots, inside.grassroots, second.grassroots) == (True, False, False)
    assert ratings.rules_group(period).name == "基层单位"
    with pytest.raises(BadValue, match="已有基层评议组“基层单位”：一期只能有一个"):
        ratings.update_group(inside, grassroots=True)
    with pytest.raises(BadValue, match="只有下评上的评议组可以作为基层评议组"):
        ratings.add_group(period, "上评下", "基层领导", "1", "优秀/称职/基本称职/不称职/不了解", grassroots=True)
    ratings.update_group(grassroots, grassroots=False)
    ratings.update_group(inside, "0.5", grassroots=True)  # changeable: the mark moves
    assert ratings.rules_group(period).name == "办内干部"
    assert RaterGroup.get_by_id(inside.id).weight == 0.5
    # the old name of the scale is still understood
    assert ratings.add_group(period, "下评上", "机关", "0", "好/较好/一般/差").scale.name == "好/较好/一般/较差"


def test_an_open_quarter_shows_provisional_results_without_alerts(office):
    for quarter in (1, 2):
        a_quarter(2025, quarter, status="已结束", sections=office)
    period = a_quarter(2025, 3, sections=office)
    payload = ratings.ratings_report(2025, 3)
    assert payload["status"] == "进行中" and payload["rules_group"] == "基层单位"
    assert payload["alerts"] == []
    assert payload["provisional_alerts"] == [{"section": "戊科", "consecutive_worst": 3, "chief": "戊科长"}]
    assert payload["bottom_three"] == ["丙科", "丁科", "戊科"]
    entry = next(r for r in payload["ranking"] if r["section"] == "乙科")
    assert entry["by_group"] == {"基层单位": "100.00", "办内干部": "30.00"} and entry["rank"] == 5
    assert entry["rules_rank"] == 1
    assert Explanation.select().where(Explanation.period == period).count() == 0
    assert not [r for r in dashboard.overview(date(2025, 9, 1)).reminders if "评议" in r.kind]
    html = report.results(period).html()
    assert "阶段性结果" in html and "后三名，负责人说明情况" not in html and "按规定调离" not in html
    assert "按基层评议组“基层单位”的得分确定" in html


def test_closing_before_the_last_day_needs_confirmation(office):
    period = a_quarter(2025, 3, sections=office)
    with pytest.raises(BadValue, match="2025年第三季度到2025年9月30日才结束：提前结束评议须确认"):
        ratings.close_period(period, today=date(2025, 9, 20))
    assert RatingPeriod.get_by_id(period.id).status == "进行中"
    made = ratings.close_period(period, today=date(2025, 9, 20), early_ok=True)
    assert len(made) == 3 and RatingPeriod.get_by_id(period.id).closed_on == date(2025, 9, 20)
    pending = [r for r in dashboard.overview(date(2025, 10, 1)).reminders if r.kind == "评议后三名说明情况"]
    assert sorted(r.subject.split("（")[0] for r in pending) == ["丁科", "丙科", "戊科"]
    with pytest.raises(BadValue, match="已经结束"):
        ratings.close_period(period, today=date(2025, 10, 1))
    with pytest.raises(BadValue, match="评议已结束，不能新建评议组"):
        ratings.add_group(period, "下评上", "机关", "0", scale())


def test_reopening_withdraws_what_was_not_answered(office):
    period = a_quarter(2025, 3, sections=office)
    made = ratings.close_period(period, today=date(2025, 10, 9))
    answered = next(e for e in made if e.section.name == "戊科")
    ratings.record_explanation(answered, "人手紧，已整改", "2025-10-15")
    reopened = ratings.reopen_period(period)
    assert reopened.withdrawn == 2 and [e.section.name for e in reopened.kept] == ["戊科"]
    assert "撤回尚未说明的 2 项" in ratings.reopened_text(period, reopened)
    assert "已收到说明的 1 项（戊科）保留" in ratings.reopened_text(period, reopened)
    assert RatingPeriod.get_by_id(period.id).status == "进行中"
    assert [e.section.name for e in Explanation.select()] == ["戊科"]
    assert not [r for r in dashboard.overview(date(2025, 10, 20)).reminders if "评议" in r.kind]
    with pytest.raises(BadValue, match="尚未结束"):
        ratings.reopen_period(period)


def _tally_book(path, quarter_title):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "票数"
    sheet.append([quarter_title])
    sheet.append(["科室", "好", "较好", "一般", "差"])  # 差: the word of many an older sheet
    for name, grade in VOTES["基层单位"].items():
        sheet.append([name] + [10 if g == grade else 0 for g in ("好", "较好", "一般", "较差")])
    book.save(path)
    return path


def test_tallies_imported_for_an_ended_quarter_close_it_unless_open(tmp_path, capsys):
    path = tmp_path / "office.db"
    db.open_database(path)
    for name in NAMES:
        staff.add_section(name)
    db.close_database()
    kept = _tally_book(tmp_path / "q2.xlsx", "2025年第二季度基层评议票数")
    assert app.main(["--db", str(path), "import", "rating-tallies", str(kept), "--open", "--json"]) == 0
    assert "保持评议进行中" in json.dumps(json.loads(capsys.readouterr().out)["notices"], ensure_ascii=False)
    closed = _tally_book(tmp_path / "q3.xlsx", "2025年第三季度基层评议票数")
    assert app.main(["--db", str(path), "import", "rating-tallies", str(closed), "--json"]) == 0
    assert "导入后评议已结束" in json.dumps(json.loads(capsys.readouterr().out)["notices"], ensure_ascii=False)
    assert app.main(["--db", str(path), "report", "ratings", "--period", "2025Q2", "--json"]) == 0
    open_one = json.loads(capsys.readouterr().out)
    assert open_one["status"] == "进行中" and open_one["alerts"] == [] and open_one["rules_group"] == "基层单位"
    assert app.main(["--db", str(path), "report", "ratings", "--period", "2025Q3"]) == 0
    text = capsys.readouterr().out
    assert "（后三名）" in text and "阶段性结果" not in text
    assert app.main(["--db", str(path), "report", "ratings", "--period", "2025Q3", "--json"]) == 0
    closed_one = json.loads(capsys.readouterr().out)
    assert closed_one["status"] == "已结束" and closed_one["bottom_three"] == ["丙科", "丁科", "戊科"]
    db.open_database(path)
    try:
        period = ratings.find_period(2025, 3)
        assert sorted(e.section.name for e in ratings.explanations_of(period)) == ["丁科", "丙科", "戊科"]
        assert {t.grade.label for t in Tally.select()} <= {"好", "一般", "较差"}
    finally:
        db.close_database()
    # a closed quarter takes no new votes: refused, nothing written
    other = tmp_path / "q3b.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["科室", "好", "评议组"])
    book.active.append(["甲科", 3, "办内干部"])
    book.save(other)
    assert app.main(["--db", str(path), "import", "rating-tallies", str(other), "--period", "2025Q3"]) == 1
    assert "评议已结束，不能再导入新的票数" in capsys.readouterr().err
    assert app.main(["--db", str(path), "report", "ratings", "--period", "2025Q2"]) == 0
    text = capsys.readouterr().out
    assert "阶段性结果" in text and "⚠" not in text


def test_the_satisfaction_scale_gives_the_satisfaction_rate(office):
    satisfaction = GradeScale.get(GradeScale.name == "满意/基本满意/不满意（满意率）")
    period = RatingPeriod.create(year=2025, quarter=3)
    group = ratings.add_group(period, "下评上", "服务对象", "1", satisfaction)
    grades = {g.label: g for g in ratings.grades_of(group)}
    assert list(grades) == ["满意", "基本满意", "不满意"]
    for label, votes in (("满意", 6), ("基本满意", 2), ("不满意", 2)):
        Tally.create(group=group, section=office["甲科"], grade=grades[label], votes=votes)
    # 满意率 = (满意 + 基本满意) / votes = 8 / 10
    assert ratings.section_scores(period)[0].by_group == {"服务对象": 80}


def test_the_anonymous_sheet_says_the_serial_records_no_one(office):
    period = RatingPeriod.create(year=2025, quarter=3)
    group = ratings.add_group(period, "下评上", "基层单位", "1", scale())
    html = report.ballot_sheets(group, ratings.reserve_serials(group, 1)).html()
    assert "编号仅用于统计回收，不记录填表人" in html and "□较差" not in html and ">较差<" in html
    leaders = ratings.add_group(period, "上评下", "市领导", "1", scale())
    assert "编号仅用于统计回收" not in report.ballot_sheets(leaders, ratings.reserve_serials(leaders, 1)).html()


def test_version_10_gets_the_grassroots_group_and_the_grade_jiaocha(tmp_path):
    path = tmp_path / "v10.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v10.sql").read_text(encoding="utf-8"))
    ballot_grade = con.execute("SELECT grade_id FROM ballot_mark").fetchone()[0]
    con.close()
    db.open_database(path)
    try:
        assert migrations.current_version() >= migrations.RATING_RULES_GROUP
        assert {g.name: g.grassroots for g in RaterGroup.select()} == {"市领导": False, "基层单位": True,
                                                                       "办内干部": False}
        scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
        assert [g.label for g in ratings.grades_of(RaterGroup.get(RaterGroup.name == "基层单位"))] == [
            "好", "较好", "一般", "较差"]
        assert not GradeScale.select().where(GradeScale.name == "好/较好/一般/差").exists()
        # the stored ballot and tally keep their grade, now called 较差
        assert BallotMark.get().grade_id == ballot_grade and BallotMark.get().grade.label == "较差"
        assert Ballot.select().count() == 1 and scale.id == BallotMark.get().grade.scale_id
        assert {t.grade.label: t.votes for t in Tally.select()} == {"较差": 7, "较好": 3}
        assert GradeScale.select().where(GradeScale.name == "满意/基本满意/不满意（满意率）").exists()
    finally:
        db.close_database()
