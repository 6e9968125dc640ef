"""民主评议汇总表 (issue 21, point 7): the votes of the period and group chosen, as a 科室 × 等次
table counted by hand here from the sheets entered, the counts entered, and the void sheet that
counts nothing; another period, the other direction and a group not chosen stay out."""
from __future__ import annotations

from decimal import Decimal

import pytest

from govoffice_desktop.models.ratings import GradeScale, RaterGroup, RatingPeriod, Tally
from govoffice_desktop.reports import ratings as report
from govoffice_desktop.services import ratings, staff
from govoffice_desktop.services.ratings_summary import vote_summary
from govoffice_desktop.services.validation import BadValue


@pytest.fixture
def votes(database):
    """Three sections; 2025Q3 with 基层单位 (grassroots, three sheets entered and one void),
    办内干部 (counts entered) and a top-down group; 2025Q2 with votes of its own."""
    a, b, c = (staff.add_section(name) for name in ("秘书一科", "综合科", "信息科"))
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    people = GradeScale.get(GradeScale.name == "优秀/称职/基本称职/不称职/不了解")
    period = RatingPeriod.create(year=2025, quarter=3)
    grassroots = RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="0.60", scale=scale,
                                   grassroots=True)
    cadres = RaterGroup.create(period=period, direction="下评上", name="办内干部", weight="0.40", scale=scale)
    leaders = RaterGroup.create(period=period, direction="上评下", name="市领导", weight="1.00", scale=people)
    ratings.reserve_serials(grassroots, 5)
    g = {x.label: x.id for x in ratings.grades_of(grassroots)}
    p = {x.label: x.id for x in ratings.grades_of(leaders)}
    # the sheets, as the clerk enters them: 秘书一科 好 好 较好; 综合科 一般 较差 一般; 信息科 好 较好 较好
    ratings.enter_ballot(grassroots, 1, {a.id: g["好"], b.id: g["一般"], c.id: g["好"]})
    ratings.enter_ballot(grassroots, 2, {a.id: g["好"], b.id: g["较差"], c.id: g["较好"]})
    ratings.enter_ballot(grassroots, 3, {a.id: g["较好"], b.id: g["一般"], c.id: g["较好"]})
    ratings.enter_ballot(grassroots, 4, {}, void=True, void_reason="多选")
    # 办内干部's counts: 秘书一科 好 2; 综合科 好 1 较好 1; 信息科 not rated
    Tally.create(group=cadres, section=a, grade=g["好"], votes=2)
    Tally.create(group=cadres, section=b, grade=g["好"], votes=1)
    Tally.create(group=cadres, section=b, grade=g["较好"], votes=1)
    # the other direction and another period: never in the bottom-up table of 2025Q3
    Tally.create(group=leaders, section=a, grade=p["优秀"], votes=7)
    earlier = RatingPeriod.create(year=2025, quarter=2)
    old = RaterGroup.create(period=earlier, direction="下评上", name="基层单位", weight="1", scale=scale,
                            grassroots=True)
    Tally.create(group=old, section=b, grade=g["较差"], votes=9)
    return {"period": period, "grassroots": grassroots, "cadres": cadres, "leaders": leaders,
            "earlier": earlier, "sections": (a, b, c)}


def test_one_group_counts_its_own_sheets_only(votes):
    summary = vote_summary(votes["period"], "下评上", votes["grassroots"])
    assert summary.headers() == ["科室", "好", "较好", "一般", "较差", "票数合计", "得分", "名次"]
    # by hand: 秘书一科 (100+100+80)/3 = 93.33, 信息科 (100+80+80)/3 = 86.67, 综合科 (60+30+60)/3 = 50
    assert summary.table() == [
        ["秘书一科", 2, 1, 0, 0, 3, Decimal("93.33"), 1],
        ["信息科", 1, 2, 0, 0, 3, Decimal("86.67"), 2],
        ["综合科", 0, 0, 2, 1, 3, Decimal("50.00"), 3],
    ]
    assert summary.scope() == "2025年第三季度 下评上 · 评议组：基层单位"
    assert "基层评议组" in summary.basis()
    assert summary.sheets_text() == "基层单位：印发 5 张，有效 3 张，废票 1 张"
    # the grassroots group's ranking, which the rules use, is the same as before
    assert [(s.section.name, s.rank) for s in ratings.rules_ranking(votes["period"])] == [
        ("秘书一科", 1), ("信息科", 2), ("综合科", 3)]


def test_every_group_of_the_direction_together_with_the_weighted_score(votes):
    summary = vote_summary(votes["period"], "下评上")
    # 秘书一科: 3 sheets + 2 counted; 综合科: 3 + 2; 信息科: the sheets only
    # 综合科 by weight: 0.6 × 50 + 0.4 × 90 = 66; 信息科 only rated by 基层单位: 86.67
    # 秘书一科: 0.6 × 93.33 + 0.4 × 100 = 96
    assert summary.table() == [
        ["秘书一科", 4, 1, 0, 0, 5, Decimal("96.00"), 1],
        ["信息科", 1, 2, 0, 0, 3, Decimal("86.67"), 2],
        ["综合科", 1, 1, 2, 1, 5, Decimal("66.00"), 3],
    ]
    assert [s.shown for s in ratings.section_scores(votes["period"])] == [Decimal("96.00"), Decimal("86.67"),
                                                                          Decimal("66.00")]
    assert summary.scope() == "2025年第三季度 下评上 · 全部评议组"
    assert summary.sheets_text() == "基层单位：印发 5 张，有效 3 张，废票 1 张；办内干部：按票数录入"


def test_the_direction_and_the_period_chosen_are_respected(votes):
    top = vote_summary(votes["period"], "上评下")
    assert top.grades == ["优秀", "称职", "基本称职", "不称职", "不了解"]
    assert top.table() == [["秘书一科", 7, 0, 0, 0, 0, 7, Decimal("100.00"), 1]]
    assert vote_summary(votes["earlier"], "下评上").table() == [["综合科", 0, 0, 0, 9, 9, Decimal("30.00"), 1]]
    with pytest.raises(BadValue, match="不是2025年第二季度下评上评议科室的评议组"):
        vote_summary(votes["earlier"], "下评上", votes["grassroots"])


def test_a_group_without_votes_gives_an_empty_table_with_its_grades(votes):
    empty = RaterGroup.create(period=votes["earlier"], direction="上评下", name="分管领导", weight="1",
                              scale=GradeScale.get(GradeScale.name == "好/较好/一般/较差"))
    summary = vote_summary(votes["earlier"], "上评下", empty)
    assert summary.rows == [] and summary.grades == ["好", "较好", "一般", "较差"]


def test_printed_as_the_offices_summary_sheet(votes):
    document = report.vote_summary_sheet(vote_summary(votes["period"], "下评上", votes["grassroots"]))
    html = document.html()
    assert "民主评议汇总表" in document.title and "2025年第三季度" in document.title
    assert "评议组：基层单位" in document.subtitle
    for text in ("票数合计", "93.33", "基层单位：印发 5 张，有效 3 张，废票 1 张", "统计人"):
        assert text in html


def test_exported_as_the_window_shows_it(votes, tmp_path):
    from openpyxl import load_workbook

    from govoffice_desktop.ledgers.export import export_vote_summary

    path = tmp_path / "汇总.xlsx"
    assert export_vote_summary(path, vote_summary(votes["period"], "下评上")) == 3
    sheet = load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert "2025年第三季度民主评议汇总表" in values[0][0] and "全部评议组" in values[0][0]
    assert values[1] == ["科室", "好", "较好", "一般", "较差", "票数合计", "得分", "名次"]
    assert values[2] == ["秘书一科", 4, 1, 0, 0, 5, 96, 1]
