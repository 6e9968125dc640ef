"""督查督办 services: targets, daily checks and scores, the monthly report, tasks, campaign logs."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.rewards import MonthClose
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask, TaskProgress
from govoffice_desktop.services import supervision as sv
from govoffice_desktop.services.validation import BadValue

TODAY = date(2025, 12, 10)


@pytest.fixture
def office(database):
    a, b, c = (Section.create(name=n, sort_order=i) for i, n in enumerate(["秘书一科", "综合科", "文电科"]))
    people = {n: Person.create(name=n, section=s, post="科员") for n, s in
              (("张伟", a), ("王芳", b), ("李娜", c), ("刘洋", a))}
    common = [sv.save_target({"year": 2025, "kind": "共性目标", "name": n, "points": p, "method": "现场查看"})
              for n, p in (("按时到岗", "1"), ("办公秩序", "2"))]
    own = sv.save_target({"year": 2025, "kind": "个体目标", "section": b, "name": "文件按时流转", "points": "3"})
    return {"sections": (a, b, c), "people": people, "common": common, "own": own}


def test_targets_a_set_per_year(office):
    a, b, _c = office["sections"]
    assert [t.name for t in sv.targets_of(2025, b)] == ["按时到岗", "办公秩序", "文件按时流转"]
    assert [t.name for t in sv.targets_of(2025, a)] == ["按时到岗", "办公秩序"]
    with pytest.raises(BadValue, match="已有“按时到岗”"):
        sv.save_target({"year": 2025, "kind": "共性目标", "name": "按时到岗", "points": "1"})
    with pytest.raises(BadValue, match="须指定科室"):
        sv.save_target({"year": 2025, "kind": "个体目标", "name": "无科室", "points": "1"})
    with pytest.raises(BadValue, match="分值"):
        sv.save_target({"year": 2025, "kind": "共性目标", "name": "零分", "points": "0"})
    assert sv.copy_targets(2025, 2026) == 3
    assert sv.copy_targets(2025, 2026) == 0  # nothing twice
    assert len(sv.targets_of(2026, b)) == 3 and sv.target_years() == [2025, 2026]


def test_a_used_target_keeps_its_section_and_cannot_be_deleted(office):
    a, b, _c = office["sections"]
    own = office["own"]
    sv.record_check({"checked_on": date(2025, 11, 3), "section": b, "target": own}, today=TODAY)
    with pytest.raises(BadValue, match="已有督查记录"):
        sv.save_target({"year": 2025, "kind": "个体目标", "section": a, "name": own.name, "points": "3"}, own)
    with pytest.raises(BadValue, match="请停用"):
        sv.delete_target(own)
    sv.save_target({"year": 2025, "kind": "个体目标", "section": b, "name": own.name, "points": "3", "active": False},
                   own)
    assert own.name not in [t.name for t in sv.targets_of(2025, b)]


def test_record_check_refuses_in_chinese_and_writes_nothing(office):
    a, b, _c = office["sections"]
    on_time, order = office["common"]
    wang = office["people"]["王芳"]
    day = date(2025, 11, 3)
    cases = [
        ({"checked_on": date(2025, 12, 11), "section": a, "target": on_time}, "还没到"),
        ({"checked_on": day, "section": a, "target": office["own"]}, "是综合科的个体目标"),
        ({"checked_on": day, "section": a, "target": on_time, "person": wang}, "王芳不在秘书一科"),
        ({"checked_on": day, "section": a, "target": on_time, "met": True, "deduction": "1"}, "标为达标"),
        ({"checked_on": day, "section": a, "target": on_time, "met": False}, "请写明情况"),
        ({"checked_on": day, "section": a, "target": on_time, "met": False, "deduction": "-1", "remark": "x"}, "不能为负"),
        ({"checked_on": date(2024, 11, 3), "section": a, "target": on_time}, "2025年的目标"),
    ]
    for data, message in cases:
        with pytest.raises(BadValue, match=message):
            sv.record_check(data, today=TODAY)
    assert DailyCheck.select().count() == 0
    check = sv.record_check({"checked_on": day, "section": a, "target": order, "met": False, "remark": "桌面杂乱"},
                            today=TODAY)
    assert check.deduction == Decimal("2.0")  # a missed target takes off its points unless told otherwise
    with pytest.raises(BadValue, match="已经登记过"):
        sv.record_check({"checked_on": day, "section": a, "target": order}, today=TODAY)
    MonthClose.create(domain="督查", year=2025, month=11, closed_at=datetime(2025, 12, 1))
    with pytest.raises(BadValue, match="已结账"):
        sv.record_check({"checked_on": day, "section": a, "target": on_time}, today=TODAY)


def test_save_day_writes_every_cell_or_none(office):
    a, b, c = office["sections"]
    on_time, order = office["common"]
    own = office["own"]
    day = date(2025, 11, 4)
    good = {(s.id, t.id): {"met": True} for s in (a, b, c) for t in (on_time, order)}
    good[(b.id, own.id)] = {"met": True, "bonus": "1", "remark": "主动加班完成急件"}
    bad = dict(good)
    bad[(c.id, order.id)] = {"met": False}  # no remark
    with pytest.raises(BadValue, match="文电科“办公秩序”：.*请写明情况"):
        sv.save_day(day, bad, supervisor="督查员甲", today=TODAY)
    assert DailyCheck.select().count() == 0
    assert sv.save_day(day, good, supervisor="督查员甲", today=TODAY) == 7
    grid = sv.day_grid(day)
    assert [s.name for s in grid.sections] == ["秘书一科", "综合科", "文电科"]
    assert [t.name for t in grid.targets(b.id)] == ["按时到岗", "办公秩序", "文件按时流转"]
    assert grid.cells[(b.id, own.id)].bonus == Decimal("1.0")
    # correcting the day changes only what changed
    good[(a.id, on_time.id)] = {"met": False, "remark": "一人迟到"}
    assert sv.save_day(day, good, today=TODAY) == 1
    assert sv.daily_scores(day, day) == {(day, a.id): Decimal("99.0"), (day, b.id): Decimal("101.0"),
                                         (day, c.id): Decimal("100.0")}


def _check(day, section, target, ded="0", bonus="0", person=None):
    met = Decimal(ded) == 0
    return sv.record_check({"checked_on": day, "section": section, "target": target, "met": met, "deduction": ded,
                            "bonus": bonus, "remark": "" if met else "未达标", "person": person}, today=TODAY)


def test_a_month_of_checks_gives_the_scores_and_the_ranking(office):
    """Under the setting 日均分: the monthly score is the mean of the daily scores."""
    assert sv.set_month_score_method("日均分") == sv.month_score_method() == "日均"
    a, b, c = office["sections"]
    on_time, order = office["common"]
    zhang = office["people"]["张伟"]
    # October: a 99, 100 / b 100, 100 / c 98, 100  → a 99.5 (2nd), b 100 (1st), c 99 (3rd)
    _check(date(2025, 10, 6), a, on_time, "1")
    _check(date(2025, 10, 6), b, on_time)
    _check(date(2025, 10, 6), c, order, "2")
    for s in (a, b, c):
        _check(date(2025, 10, 7), s, on_time)
    # November: a: 100-1(person)-2+0=97, 100 → 98.5; b: 98, 99 → 98.5; c: 100+2=102, 100, 100 → 100.67
    _check(date(2025, 11, 3), a, on_time, "1", person=zhang)
    _check(date(2025, 11, 3), a, order, "2")
    _check(date(2025, 11, 4), a, on_time)
    _check(date(2025, 11, 3), b, order, "2")
    _check(date(2025, 11, 4), b, on_time, "1")
    _check(date(2025, 11, 3), c, order, bonus="2")
    _check(date(2025, 11, 4), c, on_time)
    _check(date(2025, 11, 5), c, on_time)
    scores = sv.daily_scores(date(2025, 11, 1), date(2025, 11, 30))
    assert scores[(date(2025, 11, 3), a.id)] == Decimal("97.0")
    ranking = sv.month_scores(2025, 11)
    assert [(s.section.name, s.score, s.rank, s.days) for s in ranking] == [
        ("文电科", Decimal("100.67"), 1, 3), ("秘书一科", Decimal("98.50"), 2, 2), ("综合科", Decimal("98.50"), 2, 2)]
    changes = {s.section.name: (s.previous_rank, s.change, s.score_change) for s in ranking}
    assert changes == {"文电科": (3, 2, Decimal("1.67")), "秘书一科": (2, 0, Decimal("-1.00")),
                       "综合科": (1, -1, Decimal("-1.50"))}
    assert {s.section.name: (s.deductions, s.bonus, s.missed) for s in ranking}["秘书一科"] == (
        Decimal("3.0"), Decimal("0.0"), 2)
    report = sv.supervision_report(2025, 11)
    assert report["sections"][0] == {"section": "文电科", "score": "100.67", "rank": 1, "change": 2,
                                     "previous_rank": 3, "score_change": "1.67", "days": 3, "deductions": "0.0",
                                     "bonus": "2.0", "missed": 0}
    assert report["checks"] == 8 and report["missed"] == 4
    assert [d["points"] for d in report["deductions"]] == ["2.0", "2.0", "1.0", "1.0"]
    assert report["deductions"][-1]["person"] in ("张伟", "")
    assert sv.checked_months() == [(2025, 11), (2025, 10)]


def test_compiling_the_report_numbers_it_within_the_year(office):
    a, _b, _c = office["sections"]
    _check(date(2025, 10, 6), a, office["common"][0], "1")
    with pytest.raises(BadValue, match="还没过完"):
        sv.compile_report(2025, 12, today=TODAY)
    with pytest.raises(BadValue, match="应在 2025年10月之后"):
        sv.compile_report(2025, 10, compiled_on=date(2025, 10, 31), today=TODAY)
    oct_ = sv.compile_report(2025, 10, compiled_on=date(2025, 11, 3), today=TODAY)
    assert oct_.number == 1 and "秘书一科" in oct_.summary and "扣1分" in oct_.summary
    nov = sv.compile_report(2025, 11, summary="十一月情况良好。", today=TODAY)
    assert nov.number == 2 and nov.summary == "十一月情况良好。"
    # what was issued stays as issued (issue 18 point 5): a rewritten summary is a correction, 第3期
    again = sv.compile_report(2025, 10, summary="改写的综述", compiled_on=date(2025, 11, 4), today=TODAY)
    assert (again.number, again.corrects) == (3, 1) and again.id != oct_.id
    assert sv.supervision_report(2025, 10)["issue_no"] == 3
    assert sv.supervision_report(2025, 10)["summary"] == "改写的综述"
    assert sv.supervision_report(2025, 10, issue=1)["summary"] == oct_.summary  # 第1期 as issued
    assert sv.parse_month("2025年10月") == (2025, 10) and sv.parse_month("2025-10") == (2025, 10)
    with pytest.raises(BadValue):
        sv.parse_month("2025-13")


def test_task_lights_change_across_the_deadline(office):
    zhang = office["people"]["张伟"]
    task = sv.save_task({"source": "领导交办", "title": "落实防汛部署", "person": zhang, "assigned_on": date(2025, 11, 1),
                         "deadline": date(2025, 11, 20)}, today=date(2025, 11, 1))
    assert task.section.name == "秘书一科"  # the person's section
    light = lambda day: sv.task_light(task.status, task.deadline, day)  # noqa: E731
    assert light(date(2025, 11, 16)) == sv.GREEN
    assert light(date(2025, 11, 17)) == sv.YELLOW  # due within 3 days
    assert light(date(2025, 11, 20)) == sv.YELLOW  # due today
    assert light(date(2025, 11, 21)) == sv.RED
    assert [r["light"] for r in sv.tasks_report(date(2025, 11, 21))["tasks"]] == ["red"]
    assert sv.tasks_needing_attention(date(2025, 11, 10)) == []
    assert [r["title"] for r in sv.tasks_needing_attention(date(2025, 11, 18))] == ["落实防汛部署"]
    sv.complete_task(task, date(2025, 11, 22), "已办结并书面报告", today=date(2025, 11, 25))
    row = sv.tasks_report(date(2025, 11, 25))["tasks"][0]
    assert (row["light"], row["status"], row["late"]) == ("done", "已办结", True)
    assert "逾期2天" in sv.progress_of(task)[-1].note


def test_task_rules_and_history(office):
    zhang, wang = office["people"]["张伟"], office["people"]["王芳"]
    base = {"source": "重点难点", "title": "调研营商环境", "person": zhang, "assigned_on": date(2025, 11, 1),
            "deadline": date(2025, 11, 30)}
    for change, message in (({"person": None}, "落实到人"), ({"deadline": date(2025, 10, 1)}, "早于交办日期"),
                            ({"source": "其他"}, "来源应为"), ({"title": " "}, "督办事项不能为空")):
        with pytest.raises(BadValue, match=message):
            sv.save_task({**base, **change}, today=TODAY)
    task = sv.save_task(base, today=TODAY)
    sv.add_progress(task, date(2025, 11, 5), "已召开协调会", today=TODAY)
    with pytest.raises(BadValue, match="早于交办日期"):
        sv.add_progress(task, date(2025, 10, 5), "x", today=TODAY)
    sv.save_task({**base, "person": wang, "deadline": date(2025, 12, 15), "deadline_reason": "领导同意延期"},
                 task, today=TODAY)
    assert task.section.name == "综合科"
    notes = [p.note for p in sv.progress_of(task)]
    assert notes == ["已召开协调会", "办结时限由 2025-11-30 调整为 2025-12-15：领导同意延期"]
    sv.withdraw_task(task, "情况变化，经领导同意撤销", today=TODAY)
    assert sv.task_light(task.status, task.deadline, TODAY) == sv.WITHDRAWN
    with pytest.raises(BadValue, match="不能再办结"):
        sv.complete_task(task, TODAY, "x", today=TODAY)
    sv.reopen_task(task, "领导要求继续办理", today=TODAY)
    assert task.status == "办理中" and task.result == ""
    assert "原已撤销" in sv.progress_of(task)[-1].note
    assert TaskProgress.select().where(TaskProgress.task == task).count() == 4
    assert AuditLog.select().where(AuditLog.table == SupervisedTask._meta.table_name).count() >= 4  # every change traceable


def test_the_report_lists_tasks_done_and_overdue_in_the_month(office):
    zhang = office["people"]["张伟"]

    def task(title, assigned, deadline, done=None):
        t = sv.save_task({"source": "领导交办", "title": title, "person": zhang, "assigned_on": assigned,
                          "deadline": deadline}, today=TODAY)
        if done:
            sv.complete_task(t, done, "办结", today=TODAY)
        return t

    task("按期办结", date(2025, 10, 1), date(2025, 11, 10), done=date(2025, 11, 8))
    task("逾期办结", date(2025, 10, 1), date(2025, 11, 10), done=date(2025, 11, 15))
    task("十二月才办结", date(2025, 10, 1), date(2025, 11, 10), done=date(2025, 12, 2))
    task("仍在办理", date(2025, 10, 1), date(2025, 11, 20))
    task("未到期", date(2025, 11, 1), date(2025, 12, 20))
    tasks = sv.supervision_report(2025, 11)["tasks"]
    assert [(t["title"], t["on_time"]) for t in tasks["completed"]] == [("按期办结", True), ("逾期办结", False)]
    assert [(t["title"], t["days_overdue"]) for t in tasks["overdue"]] == [("十二月才办结", 20), ("仍在办理", 10)]


def test_meeting_and_phone_logs_feed_the_campaigns(office):
    a = office["sections"][0]
    for k in range(5):
        sv.log_meeting({"held_on": date(2025, 11, 1 + k), "title": f"协调会{k}", "section": a,
                        "slip": k == 1, "note": "座签摆错" if k == 1 else ""}, today=TODAY)
    with pytest.raises(BadValue, match="写明失误情况"):
        sv.log_meeting({"held_on": date(2025, 11, 9), "title": "常务会议", "slip": True}, today=TODAY)
    sv.log_call({"called_at": datetime(2025, 11, 3, 9, 30), "caller": "市应急局", "subject": "汛情报告",
                 "handled_by": office["people"]["王芳"]}, today=TODAY)
    with pytest.raises(BadValue, match="写明差错情况"):
        sv.log_call({"called_at": datetime(2025, 11, 3, 10), "subject": "x", "error": True}, today=TODAY)
    report = {c["code"]: c for c in sv.campaigns_report()["campaigns"]}
    assert list(report) == ["typing", "driving", "meetings", "phones"]
    assert (report["meetings"]["count"], report["meetings"]["target"], report["meetings"]["since"]) == (
        "3", "100", "2025-11-02")
    assert (report["phones"]["count"], report["phones"]["since"]) == ("1", "2025-11-03")
    assert report["meetings"]["name"] == "百次会议无失误"


def test_a_target_switched_off_still_counts_on_the_days_it_was_checked(office):
    a = office["sections"][0]
    on_time, order = office["common"]
    day = date(2025, 11, 6)
    sv.save_day(day, {(a.id, on_time.id): {"met": False, "remark": "迟到"}, (a.id, order.id): {"met": True}},
                today=TODAY)
    sv.save_target({"year": 2025, "kind": "共性目标", "name": on_time.name, "points": "1", "active": False}, on_time)
    grid = sv.day_grid(day)
    assert [t.name for t in grid.targets(a.id)] == ["按时到岗", "办公秩序"]
    assert sv.day_score([(c.deduction, c.bonus) for c in grid.cells.values()]) == sv.daily_scores(day, day)[(day, a.id)]


def test_withdrawing_is_dated_within_the_task(office):
    task = sv.save_task({"source": "领导交办", "title": "甲", "person": office["people"]["张伟"],
                         "assigned_on": date(2025, 11, 1), "deadline": date(2025, 11, 30)}, today=TODAY)
    with pytest.raises(BadValue, match="还没到"):
        sv.withdraw_task(task, "情况变化", on=date(2025, 12, 11), today=TODAY)
    with pytest.raises(BadValue, match="早于交办日期"):
        sv.withdraw_task(task, "情况变化", on=date(2025, 10, 11), today=TODAY)
    assert task.status == "办理中"


def test_december_compiled_in_january_is_that_years_last_issue(office):
    a = office["sections"][0]
    for month in (11, 12):
        _check(date(2025, month, 3), a, office["common"][0], "1")
    assert sv.compile_report(2025, 11, compiled_on=date(2025, 12, 2), today=date(2026, 1, 10)).number == 1
    dec = sv.compile_report(2025, 12, compiled_on=date(2026, 1, 5), today=date(2026, 1, 10))
    assert (dec.year, dec.number) == (2025, 2)


def test_a_closed_month_keeps_its_tasks_and_a_task_is_charged_once(office):
    from govoffice_desktop.models.rewards import RewardPenalty

    a = office["sections"][0]
    zhang = office["people"]["张伟"]
    a.chief = zhang
    a.save()
    task = sv.save_task({"source": "领导交办", "title": "逾期事项", "person": zhang, "assigned_on": date(2025, 10, 1),
                         "deadline": date(2025, 10, 20)}, today=TODAY)
    sv.close_supervision_month(2025, 10, today=TODAY)
    assert [e.amount for e in RewardPenalty.select()] == [Decimal("-50.00")]
    with pytest.raises(BadValue, match="10月的督查已结账，办结日期不能定在该月"):
        sv.complete_task(task, date(2025, 10, 25), "办结", today=TODAY)
    with pytest.raises(BadValue, match="办结时限不能定在该月"):
        sv.save_task({"source": "领导交办", "title": "逾期事项", "person": zhang, "assigned_on": date(2025, 10, 1),
                      "deadline": date(2025, 10, 28)}, task, today=TODAY)
    # moved on to November and late again: November's closing does not charge it a second time
    sv.save_task({"source": "领导交办", "title": "逾期事项", "person": zhang, "assigned_on": date(2025, 10, 1),
                  "deadline": date(2025, 11, 10)}, task, today=TODAY)
    assert sv.supervision_month_entries(2025, 11) == []


# ---------------------------------------------------------------- a long history (issue 20)
def test_whether_an_issue_is_still_current_is_decided_without_counting_the_campaigns(office, monkeypatch):
    """The campaigns' running counts are not compared between issues, so asking whether the issued
    专报 still holds (the 月度考核与专报 page asks as it shows) does not count them over the history."""
    from govoffice_desktop.services.supervision import report

    a, b, _c = office["sections"]
    on_time, order = office["common"]
    _check(date(2025, 11, 3), a, on_time)
    _check(date(2025, 11, 4), b, on_time, "1")
    sv.compile_report(2025, 11, today=TODAY)

    def counted(*_args, **_kwargs):
        raise AssertionError("the campaigns were counted")

    monkeypatch.setattr(report, "campaigns_report", counted)
    assert not sv.report_differs(2025, 11)
    _check(date(2025, 11, 5), a, order, "2")
    assert sv.report_differs(2025, 11)


def test_the_reports_tasks_are_the_ones_done_in_its_month_or_late_at_its_end_among_many(office):
    """The 专报 reads its month's tasks, chosen in SQL: done in the month, and open at its end past
    their deadline — not the rest of the history."""
    a, _b, _c = office["sections"]
    zhang = office["people"]["张伟"]

    def task(title, assigned, deadline, status="办理中", completed=None):
        SupervisedTask.create(source="领导交办", title=title, person=zhang, person_name=zhang.name, section=a,
                              assigned_on=assigned, deadline=deadline, status=status, completed_on=completed)

    for k in range(40):  # years of tasks done long ago
        day = date(2020, 1, 6) + timedelta(days=30 * k)
        task(f"旧事项{k}", day, day + timedelta(days=10), "已办结", day + timedelta(days=8))
    task("按期办结", date(2025, 10, 20), date(2025, 11, 15), "已办结", date(2025, 11, 10))
    task("逾期办结", date(2025, 10, 1), date(2025, 10, 31), "已办结", date(2025, 11, 3))
    task("月底仍逾期", date(2025, 10, 2), date(2025, 11, 20))
    task("下月才办结，月底已逾期", date(2025, 10, 3), date(2025, 11, 10), "已办结", date(2025, 12, 6))
    task("月底未到期", date(2025, 11, 1), date(2025, 12, 15))
    task("最后一天到期", date(2025, 11, 1), date(2025, 11, 30))
    task("已撤销", date(2025, 10, 4), date(2025, 11, 1), "已撤销", date(2025, 11, 2))
    task("下月交办", date(2025, 12, 1), date(2025, 12, 8))
    _check(date(2025, 11, 3), a, office["common"][0])
    tasks = sv.supervision_report(2025, 11)["tasks"]
    assert [(t["title"], t["on_time"]) for t in tasks["completed"]] == [("逾期办结", False), ("按期办结", True)]
    assert [(t["title"], t["days_overdue"]) for t in tasks["overdue"]] == [
        ("下月才办结，月底已逾期", 20), ("月底仍逾期", 10)]


def test_the_months_with_checks_skip_the_empty_ones_across_years(office):
    a, _b, _c = office["sections"]
    sv.copy_targets(2025, 2024)
    for day in (date(2024, 12, 31), date(2025, 1, 2), date(2025, 1, 30), date(2025, 6, 2), date(2025, 11, 3)):
        _check(day, a, sv.targets_of(day.year)[0])
    assert sv.checked_months() == [(2025, 11), (2025, 6), (2025, 1), (2024, 12)]
    DailyCheck.delete_where(DailyCheck.id > 0)
    assert sv.checked_months() == []
