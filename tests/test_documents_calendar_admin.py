"""节假日安排 and 办理时限规定 kept by the administrator (services/documents/calendar_admin.py): pre-fill
from the library, add/correct/remove a day, confirm a year with the notice, refuse nonsense, rules
from a date; only 管理员 writes; everything audited."""
from __future__ import annotations

from datetime import date

import pytest

from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.documents import (BY_HAND, DAY_OFF, DAY_WORKED, FROM_LIBRARY, Holiday, HolidayYear,
                                                 IncomingDocument, TimeLimitRule)
from govoffice_desktop.services import auth, workdays
from govoffice_desktop.services.documents import calendar_admin as cal
from govoffice_desktop.services.validation import BadValue
from tests import pg

TODAY = date(2026, 11, 30)


def test_prefill_writes_the_librarys_days_of_the_year_once(database):
    added = cal.prefill_year(2026)
    days = cal.days_of(2026)
    assert added == len(days) == len(workdays.library_days(2026)) > 20
    assert {d.source for d in days} == {FROM_LIBRARY}
    assert {d.day.year for d in days} == {2026}
    national = Holiday.get(Holiday.day == date(2026, 10, 1))
    assert national.kind == DAY_OFF and "国庆" in national.name
    assert Holiday.get(Holiday.day == date(2026, 10, 10)).kind == DAY_WORKED  # a Saturday worked (调休)
    assert cal.prefill_year(2026) == 0  # nothing twice
    state = cal.year_state(2026)
    assert state.from_table and state.confirmed is None and state.worked_days >= 1


def test_prefill_leaves_days_entered_by_hand_as_they_are(database):
    cal.prefill_year(2026)
    national = Holiday.get(Holiday.day == date(2026, 10, 6))
    cal.correct_day(national, date(2026, 10, 6), DAY_OFF, "国庆节（按通知）")
    cal.remove_day(Holiday.get(Holiday.day == date(2026, 10, 7)))
    assert cal.prefill_year(2026) == 1  # the day removed comes back, the corrected one stays
    kept = Holiday.get(Holiday.day == date(2026, 10, 6))
    assert (kept.name, kept.source) == ("国庆节（按通知）", BY_HAND)


def test_a_year_not_in_the_table_reads_the_library_and_a_first_day_brings_it_along(database):
    state = cal.year_state(2027)
    assert not state.from_table and state.days  # the library's guess, shown
    assert not state.library_knows_workdays  # the library has 2027's holidays, not its 调休
    day = cal.add_day(2027, date(2027, 2, 20), DAY_WORKED, "春节调休上班")
    assert day.source == BY_HAND
    days = cal.days_of(2027)
    assert len(days) == len(workdays.library_days(2027)) + 1  # the year stays whole
    assert not workdays.is_working_day(date(2027, 1, 1))  # 元旦 still off
    assert workdays.is_working_day(date(2027, 2, 20))


def test_nonsense_is_refused_and_nothing_written(database):
    cal.prefill_year(2026)
    count = Holiday.select().count()
    with pytest.raises(BadValue, match="星期三，本来就上班"):
        cal.add_day(2026, date(2026, 11, 25), DAY_WORKED, "调休")
    with pytest.raises(BadValue, match="不在2026年"):
        cal.add_day(2026, date(2027, 1, 1), DAY_OFF, "元旦")
    with pytest.raises(BadValue, match="已在安排中"):
        cal.add_day(2026, date(2026, 10, 1), DAY_OFF, "国庆节")
    with pytest.raises(BadValue, match="写明节日名称"):
        cal.add_day(2026, date(2026, 11, 26), DAY_OFF, "")
    with pytest.raises(BadValue, match="安排应为"):
        cal.add_day(2026, date(2026, 11, 26), "半天", "x")
    with pytest.raises(BadValue, match="年份应在"):
        cal.prefill_year(1999)
    national = Holiday.get(Holiday.day == date(2026, 10, 1))
    with pytest.raises(BadValue, match="不在2026年"):
        cal.correct_day(national, date(2027, 10, 1), DAY_OFF, "国庆节")
    with pytest.raises(BadValue, match="已在安排中"):
        cal.correct_day(national, date(2026, 10, 2), DAY_OFF, "国庆节")
    assert Holiday.select().count() == count


def test_a_holiday_on_a_weekend_is_fine(database):
    saturday = date(2026, 11, 28)
    day = cal.add_day(2026, saturday, DAY_OFF, "本地节日")
    assert day.kind == DAY_OFF and not workdays.is_working_day(saturday)
    worked = cal.correct_day(day, saturday, DAY_WORKED, "")
    assert (worked.kind, worked.name) == (DAY_WORKED, "调休上班")
    assert workdays.is_working_day(saturday)


def test_confirming_a_year_needs_its_notice_and_its_days(database):
    with pytest.raises(BadValue, match="还没有任何一天"):
        cal.confirm_year(2027, "国办发明电〔2026〕5号", today=TODAY)
    cal.prefill_year(2026)
    with pytest.raises(BadValue, match="通知的文号不能为空"):
        cal.confirm_year(2026, " ", today=TODAY)
    row = cal.confirm_year(2026, "国办发明电〔2025〕7号", today=TODAY)
    assert (row.year, row.notice, row.confirmed_on) == (2026, "国办发明电〔2025〕7号", TODAY)
    assert workdays.unscheduled_years(date(2026, 12, 1)) == [2027]
    again = cal.confirm_year(2026, "国办发明电〔2025〕8号", today=date(2026, 12, 1))
    assert again.id == row.id and HolidayYear.select().count() == 1
    with pytest.raises(BadValue, match="已确认.*不再从日历库预填"):
        cal.prefill_year(2026)


def test_the_last_day_of_a_confirmed_year_stays(database):
    day = cal.add_day(2030, date(2030, 10, 1), DAY_OFF, "国庆节")
    for other in cal.days_of(2030):
        if other.id != day.id:
            cal.remove_day(other)
    cal.confirm_year(2030, "国办发明电〔2029〕1号", today=TODAY)
    with pytest.raises(BadValue, match="最后一天"):
        cal.remove_day(day)
    assert cal.days_of(2030) == [day]


# ---------------------------------------------------------------- 办理时限规定
def test_rules_are_set_together_from_a_date_and_listed_newest_first(database):
    assert [(r.effective_from, r.days) for r in cal.rule_sets()] == [
        (date(2000, 1, 1), {"特急": 1, "加急": 3, "平件": 7})]
    cal.set_rules(date(2027, 1, 1), {"特急": 1, "加急": 2, "平件": 5})
    assert workdays.limit_days("平件", date(2027, 1, 4)) == 5
    assert workdays.limit_days("平件", date(2026, 12, 31)) == 7
    cal.set_rules(date(2027, 1, 1), {"特急": 1, "加急": 3, "平件": 6})  # the same date corrects its set
    assert TimeLimitRule.select().count() == 6
    assert cal.rule_in_force(date(2027, 3, 1)).days == {"特急": 1, "加急": 3, "平件": 6}
    cal.remove_rules(date(2027, 1, 1))
    assert len(cal.rule_sets()) == 1
    with pytest.raises(BadValue, match="唯一的办理时限规定"):
        cal.remove_rules(date(2000, 1, 1))


def test_rules_that_make_no_sense_are_refused(database):
    with pytest.raises(BadValue, match="特急 ≤ 加急 ≤ 平件"):
        cal.set_rules(date(2027, 1, 1), {"特急": 5, "加急": 3, "平件": 7})
    with pytest.raises(BadValue, match="请填写平件件"):
        cal.set_rules(date(2027, 1, 1), {"特急": 1, "加急": 3})
    with pytest.raises(BadValue, match="1 至 366"):
        cal.set_rules(date(2027, 1, 1), {"特急": 0, "加急": 3, "平件": 7})
    assert TimeLimitRule.select().count() == 3


def test_a_rule_may_not_reach_back_over_documents_already_registered(database):
    IncomingDocument.create(year=2026, serial=1, received_on=date(2026, 11, 20), source_unit="市财政局",
                            title="关于预算的函", deadline=date(2026, 12, 1))
    with pytest.raises(BadValue, match="已登记收文 1 件"):
        cal.set_rules(date(2026, 11, 1), {"特急": 1, "加急": 2, "平件": 5})
    cal.set_rules(date(2026, 11, 21), {"特急": 1, "加急": 2, "平件": 5})
    assert len(cal.rule_sets()) == 2


# ---------------------------------------------------------------- who may, and the trail
def test_only_the_administrator_keeps_the_calendar_and_every_change_is_audited(database):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    secretary = auth.create_user("wenshu", "pw-pw-pw", "文书")
    leader = auth.create_user("leader", "pw-pw-pw", "领导")
    try:
        before = AuditLog.select().where(AuditLog.table.in_(["holiday", "holiday_year", "time_limit_rule"])).count()
        added = cal.prefill_year(2026)
        cal.confirm_year(2026, "国办发明电〔2025〕7号", today=TODAY)
        cal.set_rules(date(2027, 1, 1), {"特急": 1, "加急": 2, "平件": 5})
        after = AuditLog.select().where(AuditLog.table.in_(["holiday", "holiday_year", "time_limit_rule"])).count()
        assert after == before + added + 1 + 3
        assert HolidayYear.get(HolidayYear.year == 2026).confirmed_by == "admin"
        for user in (secretary, leader):
            auth.login_as(user)
            for call in (lambda: cal.prefill_year(2027), lambda: cal.add_day(2027, date(2027, 2, 20), DAY_WORKED),
                         lambda: cal.remove_day(cal.days_of(2026)[0]),
                         lambda: cal.confirm_year(2026, "x", today=TODAY),
                         lambda: cal.set_rules(date(2028, 1, 1), {"特急": 1, "加急": 2, "平件": 3})):
                with pytest.raises(auth.PermissionDenied, match="修改节假日安排和办理时限规定"):
                    call()
            assert cal.year_state(2026).confirmed is not None  # reading is for everyone
    finally:
        auth.logout()


def test_the_suite_runs_these_on_postgresql():
    assert "test_documents_calendar_admin.py" in pg.PG_MODULES


# ---------------------------------------------------------------- the deadlines a change moves
DAY = date(2026, 12, 4)


def test_a_change_of_the_days_recounts_the_open_documents_it_touches(database):
    from govoffice_desktop.services.documents import incoming
    data = {"received_on": date(2026, 12, 1), "source_unit": "市财政局", "title": "甲", "urgency": "平件",
            "secrecy": "公开"}
    cal.prefill_year(2026)
    incoming.register(data, today=DAY)  # 甲: the rule's limit
    leaders = incoming.register({**data, "title": "领导定时限"}, today=DAY)
    incoming.instruct(leaders, {"instruction": "抓紧办理", "instructed_by": "王市长", "instructed_on": date(2026, 12, 1),
                                "limit_days": 10, "limit_reason": "批示要求十个工作日内办结"}, today=DAY)
    closed = incoming.register({**data, "title": "已办结"}, today=DAY)
    incoming.complete(closed, date(2026, 12, 2), "已办", today=DAY)
    own = incoming.register({**data, "title": "台账所载日期"}, today=DAY)
    own.deadline = date(2026, 12, 15)  # a register's 办理时限 given as a date, not counted
    own.save()
    later = incoming.register({**data, "title": "后收", "received_on": date(2026, 12, 4)}, today=DAY)

    def deadlines():
        return {d.title: d.deadline for d in IncomingDocument.select()}

    before = deadlines()
    assert before["甲"] == date(2026, 12, 10) and before["领导定时限"] == workdays.Calendar().add(date(2026, 12, 1), 10)
    audited = AuditLog.select().where(AuditLog.table == "incoming_document").count()
    cal.add_day(2026, date(2026, 12, 3), DAY_OFF, "临时放假")  # a Thursday declared a holiday
    after = deadlines()
    assert after["甲"] == date(2026, 12, 11)  # the rule's 7 working days, on the new calendar
    assert after["领导定时限"] == workdays.Calendar().add(date(2026, 12, 1), 10)  # 10 days still, the date moves
    assert after["领导定时限"] != before["领导定时限"]
    assert after["已办结"] == before["已办结"] and after["台账所载日期"] == date(2026, 12, 15)
    assert after["后收"] == before["后收"]  # received after the day: its window does not hold it
    assert cal.last_recount() == 2
    assert AuditLog.select().where(AuditLog.table == "incoming_document").count() == audited + 2
    assert later.deadline == after["后收"]
    cal.remove_day(Holiday.get(Holiday.day == date(2026, 12, 3)))
    assert deadlines() == before and cal.last_recount() == 2
    worked = cal.add_day(2026, date(2026, 12, 5), DAY_WORKED, "调休上班")  # a Saturday worked
    assert deadlines()["甲"] == date(2026, 12, 9) and cal.last_recount() == 3  # 后收 too
    cal.correct_day(worked, date(2026, 12, 12), DAY_WORKED, "调休上班")
    assert deadlines()["甲"] == date(2026, 12, 10) and cal.last_recount() == 1  # the others still end on 12-14
