"""Issue 18, points 3 and 5, from the rules as the office writes them.

3. 每月将考核督查情况汇总: a section's monthly 督查 score is 100 − the month's deductions + the month's
   bonus points (汇总); the mean of the daily scores stays a setting (日均分).  The 专报 says which.
5. What was issued stays as issued: an issued 专报 (编发 第N期) reprints from the figures stored with
   it, whatever is entered later; a month whose figures then differ is issued again as a correction
   (更正, the next 期号, naming the 期 it corrects) and the old issue still reprints as issued.  A closed
   typing or fleet month prints its figures as of its closing, and says so (截至 结账日期)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from govoffice_desktop import app
from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.fleet import Incident, Trip
from govoffice_desktop.models.supervision import SupervisionReport
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.models.users import User
from govoffice_desktop.reports import fleet as fleet_document
from govoffice_desktop.reports import supervision as supervision_document
from govoffice_desktop.reports import typing_pool as typing_document
from govoffice_desktop.services import auth, fleet, issued, supervision, typing_pool
from govoffice_desktop.services.validation import BadValue
from tests.test_rewards_service import TODAY, _april, office  # noqa: F401 - a fixture

D = Decimal
DATA = Path(__file__).parent / "data"


def _checks(office, points_by_day, bonus_on=None):
    """A month of April checks of 秘书一科 (points off per day) and 行政科 (always met)."""
    names = iter(f"目标{k}" for k in range(100))
    for day, points in points_by_day:
        for p in points:
            target = supervision.save_target({"year": 2026, "kind": "共性目标", "name": next(names), "points": p})
            supervision.record_check({"checked_on": date(2026, 4, day), "section": office["a"], "target": target,
                                      "met": False, "remark": "未达标"}, today=TODAY)
            supervision.record_check({"checked_on": date(2026, 4, day), "section": office["b"], "target": target,
                                      "met": True, "bonus": bonus_on or "0", "remark": ""}, today=TODAY)


# ================================================================ 3. the month's 汇总
def test_a_months_score_is_100_less_its_deductions_plus_its_bonus_points(office):  # noqa: F811
    # 14.5 points off over 22 days checked: the mean of the daily scores would show 99.34
    days = [(d, ["1"]) for d in range(1, 15)] + [(15, ["0.5"])] + [(d, []) for d in range(16, 23)]
    _checks(office, [(d, p) for d, p in days if p])
    other = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "值班", "points": "1"})
    for d in range(16, 23):  # checked and met: days that count for the mean, not for the 汇总
        supervision.record_check({"checked_on": date(2026, 4, d), "section": office["a"], "target": other,
                                  "met": True}, today=TODAY)
    supervision.record_check({"checked_on": date(2026, 4, 16), "section": office["b"], "target": other,
                              "met": False, "remark": "缺岗"}, today=TODAY)
    ranking = {s.section.name: s for s in supervision.month_scores(2026, 4)}
    assert supervision.month_score_method() == "汇总"  # the default
    assert (ranking["秘书一科"].deductions, ranking["秘书一科"].bonus, ranking["秘书一科"].score) == (
        D("14.5"), D("0"), D("85.5"))
    assert ranking["行政科"].score == D("99.0") and ranking["行政科"].days == 16
    assert [s.section.name for s in supervision.month_scores(2026, 4)] == ["行政科", "秘书一科"]  # by the score
    report = supervision.supervision_report(2026, 4)
    for s in report["sections"]:  # 汇总: score = 100 − deductions + bonus, in the JSON as printed
        assert D(s["score"]) == 100 - D(s["deductions"]) + D(s["bonus"])
    assert report["method"] == "汇总" and "本月扣分合计" in report["method_text"]
    html = supervision_document.monthly_report(2026, 4).html()
    assert "100分减本月扣分合计，加本月加分合计" in html and "85.5" in html


def test_the_mean_of_the_daily_scores_stays_a_setting(office):  # noqa: F811
    _checks(office, [(1, ["2"]), (2, ["1"]), (3, [])] + [(6, ["0.5"])], bonus_on="1")
    target = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "值班", "points": "1"})
    supervision.record_check({"checked_on": date(2026, 4, 3), "section": office["a"], "target": target,
                              "met": True}, today=TODAY)
    by_sum = {s.section.name: s.score for s in supervision.month_scores(2026, 4)}
    assert by_sum == {"秘书一科": D("96.5"), "行政科": D("103.0")}
    supervision.set_month_score_method("日均分")
    assert supervision.month_score_method() == "日均"
    by_mean = {s.section.name: s.score for s in supervision.month_scores(2026, 4)}
    assert by_mean == {"秘书一科": D("99.13"), "行政科": D("101.00")}  # (98 + 99 + 100 + 99.5) / 4; 3 days of 101
    assert supervision.month_scores(2026, 4, "汇总")[0].score == D("103.0")  # either on request
    assert "平均值" in supervision_document.monthly_report(2026, 4).html()
    with pytest.raises(BadValue, match="汇总扣分（默认）或日均分"):
        supervision.set_month_score_method("中位数")
    assert supervision.month_score_method() == "日均"


def test_report_supervision_json_keeps_score_deductions_and_bonus_in_agreement(tmp_path, capsys):
    path = tmp_path / "office.db"
    db.open_database(path)
    from govoffice_desktop.models.staff import Section

    a = Section.create(name="综合科")
    target = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时到岗", "points": "1.5"})
    for day in (1, 2, 3):
        supervision.record_check({"checked_on": date(2026, 4, day), "section": a, "target": target, "met": day == 3,
                                  "bonus": "0.5" if day == 3 else "0", "remark": "迟到" if day < 3 else "加班"},
                                 today=TODAY)
    db.close_database()
    assert app.main(["--db", str(path), "report", "supervision", "--month", "2026-04", "--json"]) == 0
    (section,) = json.loads(capsys.readouterr().out)["sections"]
    assert (section["score"], section["deductions"], section["bonus"]) == (97.5, 3.0, 0.5)
    with pytest.raises(SystemExit) as usage:  # --issue on another report: a usage error (issue 19)
        app.main(["--db", str(path), "report", "typing", "--issue", "1"])
    assert usage.value.code == 2 and "--issue 只用于 report supervision" in capsys.readouterr().err


# ================================================================ 5. as issued
def _later_changes(office):
    """What happens after an issue: checks added to the open month, campaigns running on, a task
    done, the office renamed, the method of scoring switched."""
    target = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "卫生", "points": "3"})
    supervision.record_check({"checked_on": date(2026, 4, 28), "section": office["b"], "target": target,
                              "met": False, "remark": "补录：桌面杂乱"}, today=TODAY)
    supervision.log_meeting({"held_on": date(2026, 5, 6), "title": "常务会议", "slip": True, "note": "席卡错"},
                            today=TODAY)
    supervision.log_call({"called_at": datetime(2026, 5, 7, 9), "subject": "来电", "error": False}, today=TODAY)
    TypingLog.create(typed_on=date(2026, 5, 8), typist=office["typist"], typist_name="赵打字", title="简报",
                     pages=3, errors=1)
    supervision.set_office_name("宿迁市人民政府办公室")
    supervision.set_month_score_method("日均分")


def test_an_issued_report_reprints_as_issued_whatever_is_entered_later(office):  # noqa: F811
    _april(office)
    supervision.reopen_supervision_month(2026, 4)  # an open month: anything may still be entered
    issue = supervision.compile_report(2026, 4, today=TODAY)
    assert issue.number == 1 and issue.figures is not None
    as_issued = supervision.supervision_report(2026, 4)
    html = supervision_document.monthly_report(2026, 4).html()
    _later_changes(office)
    assert supervision.supervision_report(2026, 4) == as_issued
    assert supervision_document.monthly_report(2026, 4).html() == html
    assert supervision_document.monthly_report(2026, 4, issue=1).html() == html
    assert "市人民政府办公室督查室" in html and "宿迁" not in html  # the issuer as issued
    assert supervision.report_differs(2026, 4)  # the data moved on: a correction may be issued
    live = supervision.supervision_report(2026, 4)["campaigns"]
    assert {c["code"]: c["defects"] for c in live}["meetings"] == 0  # the campaigns as they stood


def test_a_months_report_counts_the_campaigns_to_the_months_end_whenever_it_is_issued(office):  # noqa: F811
    """每月将考核督查情况汇总: the 专报 of April gives the campaigns as they stood on 30 April, like its
    tasks (截至月底) — not what was driven, typed or slipped in May before it was issued."""
    from govoffice_desktop.models.fleet import Vehicle
    car = Vehicle.create(plate="苏NA5678", fuel_quota="10.00", driver=office["driver"])
    for day, start, end in ((date(2026, 4, 20), 1000, 3000), (date(2026, 5, 4), 3000, 7000)):
        Trip.create(trip_date=day, vehicle=car, driver=office["driver"], driver_name="钱司机",
                    odometer_start=start, odometer_end=end, distance_km=end - start)
    Incident.create(occurred_on=date(2026, 5, 6), vehicle=car, driver=office["driver"], kind="事故",
                    responsibility="全部责任", description="追尾")
    supervision.log_meeting({"held_on": date(2026, 4, 9), "title": "周例会", "slip": False}, today=TODAY)
    supervision.log_meeting({"held_on": date(2026, 5, 6), "title": "常务会议", "slip": True, "note": "席卡错"},
                            today=TODAY)
    TypingLog.create(typed_on=date(2026, 4, 8), typist=office["typist"], typist_name="赵打字", title="通知", pages=10)
    TypingLog.create(typed_on=date(2026, 5, 8), typist=office["typist"], typist_name="赵打字", title="简报",
                     pages=3, errors=1, errors_after_issue=1)
    supervision.compile_report(2026, 4, today=TODAY)  # issued on 10 May
    campaigns = {c["code"]: c for c in supervision.supervision_report(2026, 4)["campaigns"]}
    driving = campaigns["driving"]
    (qian,) = [d for d in driving["drivers"] if d["driver"] == "钱司机"]
    assert (D(str(qian["km"])), D(str(qian["li"])), qian["last_accident"]) == (2000, 4000, None)  # April's 2,000 km
    assert driving["last_accident"] is None and driving["defects"] == 0
    assert (D(campaigns["meetings"]["count"]), campaigns["meetings"]["defects"]) == (1, 0)
    assert (D(campaigns["typing"]["count"]), campaigns["typing"]["defects"]) == (10, 0)
    html = supervision_document.monthly_report(2026, 4).html()
    assert "4,000 里" in html and "2026-05-06" not in html


def test_a_changed_month_is_issued_as_a_correction_and_the_old_issue_stays(office):  # noqa: F811
    _april(office)
    first = supervision.compile_report(2026, 4, compiled_on=date(2026, 5, 4), today=TODAY)
    old = supervision_document.monthly_report(2026, 4).html()
    with pytest.raises(BadValue, match="已编发（第1期），数字和综述都没有变化，无需更正"):
        supervision.compile_report(2026, 4, summary=first.summary, today=TODAY)
    supervision.log_meeting({"held_on": date(2026, 5, 6), "title": "协调会", "slip": True, "note": "漏通知"},
                            today=TODAY)
    with pytest.raises(BadValue, match="无需更正"):  # the campaigns move every day: not the month's figures
        supervision.compile_report(2026, 4, summary=first.summary, today=TODAY)
    supervision.reopen_supervision_month(2026, 4)
    target = supervision.targets_of(2026)[0]
    supervision.record_check({"checked_on": date(2026, 4, 29), "section": office["b"], "target": target,
                              "met": False, "remark": "补查：迟到"}, today=TODAY)
    supervision.close_supervision_month(2026, 4, today=TODAY)
    with pytest.raises(BadValue, match="不能早于第1期的编发日期"):
        supervision.compile_report(2026, 4, compiled_on=date(2026, 5, 3), today=TODAY)
    fix = supervision.compile_report(2026, 4, summary=first.summary, today=TODAY)
    assert (fix.number, fix.corrects, supervision.report_of(2026, 4).number) == (2, 1, 2)
    assert [r.number for r in supervision.issues_of(2026, 4)] == [1, 2]
    new = supervision_document.monthly_report(2026, 4).html()
    assert "2026年第2期" in new and "（更正）" in new and "本期更正2026年第1期（2026年5月4日编发）" in new
    assert supervision_document.monthly_report(2026, 4, issue=1).html() == old  # 第1期 as issued
    assert supervision.supervision_report(2026, 4, issue=1)["corrected_by"] == 2
    assert not supervision.report_differs(2026, 4)
    with pytest.raises(BadValue, match="没有第7期"):
        supervision.supervision_report(2026, 4, issue=7)
    assert SupervisionReport.get(SupervisionReport.number == 1).summary == first.summary  # never rewritten


def test_a_closed_typing_month_prints_as_of_its_closing(office):  # noqa: F811
    _april(office)
    closed = typing_document.month_assessment(2026, 4).html()
    assert "已结账（数字截至" in closed and "万页文稿无差错（至 2026年4月30日）" in closed
    # an error found later in a document of April (written straight to the ledger, as an error found after
    # issue would be), the typist's file renamed: the live figures move, the closed month's printout does not
    TypingLog.create(typed_on=date(2026, 4, 20), typist=office["typist"], typist_name="赵打字", title="请示", pages=2,
                     errors=2, errors_after_issue=2)
    office["typist"].name = "赵文印"
    office["typist"].save()
    assert typing_pool.page_runs(date(2026, 4, 30))[0].last_error_on == date(2026, 4, 20)
    assert typing_document.month_assessment(2026, 4).html() == closed
    typing_pool.reopen_month(2026, 4)  # open again: the figures as they are now
    reopened = typing_document.month_assessment(2026, 4).html()
    assert "截至" not in reopened and "2026-04-20" in reopened and "赵文印" in reopened
    typing_pool.close_month(2026, 4, today=TODAY)
    assert "2026-04-20" in typing_document.month_assessment(2026, 4).html()  # a new closing keeps its own


def test_a_closed_fleet_month_prints_as_of_its_closing(office):  # noqa: F811
    _april(office)
    closed = fleet_document.month_fuel(2026, 4).html()
    assert "已结账，数字截至" in closed and "万里行车无事故（至 2026年4月30日）" in closed
    car = fleet.vehicles()[0]
    # an April trip and accident written later (straight to the ledger), the threshold and target changed
    Trip.create(trip_date=date(2026, 4, 3), vehicle=car, driver=office["driver"], driver_name="钱司机",
                destination="省城", distance_km=300)
    Incident.create(occurred_on=date(2026, 4, 24), vehicle=car, driver=office["driver"], kind="事故",
                    responsibility="全部责任", description="追尾")
    fleet.save_fleet_settings("20", "20000")
    assert "2026-04-24" in fleet_document.month_fuel(2026, 5).html()  # what is there now
    assert fleet_document.month_fuel(2026, 4).html() == closed  # April as closed
    fleet.reopen_fleet_month(2026, 4)
    assert "2026-04-24" in fleet_document.month_fuel(2026, 4).html()


def test_figures_are_kept_exactly():
    figures = {"a": D("120.00"), "b": [date(2026, 4, 30), datetime(2026, 5, 1, 10, 30)], "c": (1, "2", None),
               "d": {"$decimal": 1}}
    back = issued.loads(issued.dumps(figures))
    assert back == {**figures, "c": [1, "2", None]} and str(back["a"]) == "120.00"


# ================================================================ the reprint, page by page
@pytest.mark.sqlite_only("a PDF through the command line")
def test_the_pdf_of_an_issued_report_is_the_same_page_by_page(tmp_path, qapp):
    path = tmp_path / "office.db"
    db.open_database(path)
    from govoffice_desktop.models.staff import Person, Section

    a = Section.create(name="综合科")
    a.chief = Person.create(name="王科长", section=a, post="科长")
    a.save()
    target = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时到岗", "points": "1"})
    for day in range(1, 29):
        if date(2026, 4, day).weekday() < 5:
            supervision.record_check({"checked_on": date(2026, 4, day), "section": a, "target": target,
                                      "met": day % 4 != 0, "remark": "" if day % 4 else "迟到"}, today=TODAY)
    supervision.compile_report(2026, 4, today=TODAY)
    db.close_database()

    def pages(name: str) -> list[str]:
        out = tmp_path / f"{name}.pdf"
        assert app.main(["--db", str(path), "report", "supervision", "--month", "2026-04", "--pdf", str(out)]) == 0
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        return text.split("\f")

    before = pages("issued")
    db.open_database(path)
    supervision.log_meeting({"held_on": date(2026, 5, 6), "title": "常务会议", "slip": True, "note": "席卡错"},
                            today=TODAY)
    supervision.record_check({"checked_on": date(2026, 4, 29), "section": Section.get(), "target": target,
                              "met": False, "remark": "补录"}, today=TODAY)
    supervision.set_month_score_method("日均分")
    db.close_database()
    after = pages("reprinted")
    assert len(before) == len(after) >= 2 and before == after
    assert "第1期" in before[0] and "100分减本" in "".join(before)


# ================================================================ the upgrade
def test_a_version_10_database_upgrades_and_its_old_issues_print_from_the_data(tmp_path):
    path = tmp_path / "v10.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v10.sql").read_text(encoding="utf-8"))
    con.execute("INSERT INTO supervision_report (year, month, number, compiled_on, summary, compiled_by) "
                "VALUES (2026, 3, 1, '2026-04-02', '三月综述', '督查员')")
    con.execute("INSERT INTO month_close (domain, year, month, closed_at, closed_by) "
                "VALUES ('文印', 2026, 3, '2026-04-03 10:00:00', 'x')")
    con.commit()
    con.close()
    db.open_database(path)
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION >= migrations.AS_ISSUED
        old = supervision.supervision_report(2026, 3)
        assert (old["issue_no"], old["summary"], old["stored"]) == (1, "三月综述", False)
        assert typing_pool.printed_month(2026, 3)["closed_at"] is None  # closed before figures were kept
        auth.login_as(User.get(User.name == "admin"))
        fix = supervision.compile_report(2026, 3, summary="三月综述（更正）", today=TODAY)
        assert (fix.number, fix.corrects) == (2, 1)  # (year, month) no longer unique
    finally:
        auth.logout()
        db.close_database()
