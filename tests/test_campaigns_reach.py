"""The campaigns count what the office means (issue 18 point 4): 万里行车无事故 per driver and per
vehicle in 里 (1 里 = 0.5 km), 万页文稿无差错 broken only by an error found after issue, and a target
reached recorded once at the month's closing with its 表彰 when the rule is on."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from govoffice_desktop.models.campaigns import CampaignReach
from govoffice_desktop.models.fleet import Incident, Trip
from govoffice_desktop.models.rewards import CAT_DRIVING, CAT_TYPING, RewardPenalty
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import campaigns, dashboard, fleet, rules, staff, supervision
from govoffice_desktop.services import typing_pool as tp
from govoffice_desktop.services.validation import BadValue

TODAY = date(2026, 12, 6)


@pytest.fixture
def drivers(database):
    zhang = staff.save_person({"name": "张三", "is_driver": True})
    li = staff.save_person({"name": "李四", "is_driver": True})
    car = fleet.save_vehicle({"plate": "苏NA1234", "driver": zhang})
    return car, zhang, li


def trip(car, who, day, km):
    return Trip.create(trip_date=day, vehicle=car, driver=who, driver_name=who.name, distance_km=Decimal(km))


def accident(car, who, day, responsibility="全部责任"):
    return Incident.create(occurred_on=day, vehicle=car, driver=who, driver_name=who.name, kind="事故",
                           responsibility=responsibility)


def runs(**kw):
    return {r.name: r for r in campaigns.drive_runs(**kw)}


def test_a_driver_with_5000_km_since_his_last_accident_has_reached_wanli(drivers):
    car, zhang, _li = drivers
    trip(car, zhang, date(2026, 9, 1), 3000)
    accident(car, zhang, date(2026, 9, 2))
    trip(car, zhang, date(2026, 9, 10), 2400)
    assert runs()["张三"].li == Decimal("4800.0") and not runs()["张三"].reached
    trip(car, zhang, date(2026, 10, 8), "2600")
    run = runs()["张三"]
    assert (run.km, run.li, run.target_li) == (Decimal(5000), Decimal("10000.0"), Decimal(10000))
    assert run.reached and run.reached_on == date(2026, 10, 8) and run.last_accident == date(2026, 9, 2)


def test_another_drivers_accident_does_not_reset_him_but_resets_the_car(drivers):
    car, zhang, li = drivers
    trip(car, zhang, date(2026, 9, 1), 5000)
    trip(car, li, date(2026, 9, 3), 100)
    accident(car, li, date(2026, 9, 3))  # 李四's accident in 张三's car
    accident(car, zhang, date(2026, 9, 4), "无责任")  # not his fault: no reset either
    trip(car, li, date(2026, 9, 5), 40)
    found = runs(vehicles=True)
    assert found["张三"].km == Decimal(5000) and found["张三"].reached
    assert found["李四"].km == Decimal(40) and found["李四"].li == Decimal("80.0")
    assert found["苏NA1234"].km == Decimal(40) and found["苏NA1234"].subject == "车辆"


def test_home_page_counts_drivers_reached_the_nearest_and_the_last_accident(drivers):
    car, zhang, li = drivers
    wang = staff.save_person({"name": "王五", "is_driver": True})
    trip(car, zhang, date(2026, 9, 1), 5200)
    trip(car, li, date(2026, 9, 2), 1200)
    trip(car, wang, date(2026, 9, 2), 3000)
    crash = accident(car, wang, date(2026, 9, 20))
    trip(car, wang, date(2026, 9, 21), 500)
    summary = dashboard.overview(TODAY).driving
    assert [d.name for d in summary.reached] == ["张三"] and summary.target_li == Decimal(10000)
    assert summary.nearest.name == "李四" and summary.nearest.li == Decimal("2400.0")
    assert summary.last_accident.id == crash.id


def test_report_campaigns_keeps_one_entry_per_campaign_with_the_drivers_in_li(drivers, capsys):
    car, zhang, li = drivers
    trip(car, zhang, date(2026, 9, 1), 5000)
    trip(car, li, date(2026, 9, 1), 100)
    report = supervision.campaigns_report()
    assert [c["code"] for c in report["campaigns"]] == ["typing", "driving", "meetings", "phones"]
    driving = report["campaigns"][1]
    assert driving["unit"] == "里" and Decimal(str(driving["target"])) == 10000 and driving["reached"]
    drivers_ = {d["driver"]: d for d in driving["drivers"]}
    assert Decimal(str(drivers_["张三"]["li"])) == 10000 and Decimal(str(drivers_["张三"]["km"])) == 5000
    assert drivers_["张三"]["reached"] and drivers_["张三"]["reached_on"] == "2026-09-01"
    assert Decimal(str(drivers_["李四"]["li"])) == 200 and not drivers_["李四"]["reached"]
    json.dumps(report, default=str)  # the CLI's --json


def test_reaching_wanli_is_recorded_once_at_the_fleet_closing_with_its_reward(drivers):
    car, zhang, li = drivers
    rules.set_rule("driving_campaign_reward", "300", date(2026, 1, 1))
    trip(car, zhang, date(2026, 9, 1), 3000)
    trip(car, zhang, date(2026, 10, 8), 2000)  # 张三 reaches 10,000 里 on 10-08, and so does the car
    fleet.close_fleet_month(2026, 9, today=TODAY)
    assert CampaignReach.select().count() == 0
    fleet.close_fleet_month(2026, 10, today=TODAY)
    reached = {(r.subject, r.name): r for r in CampaignReach.select()}
    assert set(reached) == {("驾驶员", "张三"), ("车辆", "苏NA1234")}
    assert reached[("驾驶员", "张三")].reached_on == date(2026, 10, 8) and reached[("驾驶员", "张三")].figure == 10000
    assert reached[("车辆", "苏NA1234")].reward == 0  # a car takes no reward
    reward = RewardPenalty.get(RewardPenalty.category == CAT_DRIVING, RewardPenalty.amount > 0)
    assert (reward.person_id, reward.amount, reward.entry_date) == (zhang.id, Decimal("300.00"), date(2026, 10, 31))
    assert "万里行车无事故" in reward.reason
    fleet.close_fleet_month(2026, 11, today=TODAY)  # still above the target: not recorded again
    assert CampaignReach.select().count() == 2 and RewardPenalty.select().where(RewardPenalty.amount > 0).count() == 1
    recorded = supervision.campaigns_report()["campaigns"][1]["recorded"]
    assert {(r["name"], r["reached_on"], str(r["reward"]), r["closed_in"]) for r in recorded} == {
        ("张三", "2026-10-08", "300.00", "2026-10"), ("苏NA1234", "2026-10-08", "0.00", "2026-10")}
    fleet.reopen_fleet_month(2026, 10)  # withdraws what October's closing wrote
    assert CampaignReach.select().count() == 0 and RewardPenalty.select().count() == 0
    fleet.close_fleet_month(2026, 10, today=TODAY)
    assert CampaignReach.select().count() == 2 and RewardPenalty.select().where(RewardPenalty.amount > 0).count() == 1


def test_with_the_rule_off_reaching_is_recorded_without_a_reward(drivers):
    car, zhang, _li = drivers
    trip(car, zhang, date(2026, 10, 8), 5000)
    fleet.close_fleet_month(2026, 10, today=TODAY)
    assert CampaignReach.select().where(CampaignReach.name == "张三").get().reward == 0
    assert RewardPenalty.select().count() == 0
    with pytest.raises(BadValue, match="奖励（正数）"):
        rules.set_rule("driving_campaign_reward", "-5", date(2026, 12, 1))


@pytest.fixture
def typists(database):
    section = staff.add_section("文电科")
    zhang = staff.save_person({"name": "张敏", "section": section, "is_typist": True})
    li = staff.save_person({"name": "李娜", "section": section, "is_typist": True})
    return zhang, li


def test_typing_errors_have_a_stage_and_only_those_after_issue_break_the_run(typists):
    zhang, li = typists
    tp.log_work({"typed_on": "2026-10-1", "typist": zhang, "title": "通知", "pages": 40, "errors": 2})
    runs_ = {r.name: r for r in tp.page_runs()}
    assert runs_["张敏"].current == 40 and runs_["张敏"].errors == 0  # caught at proof-reading
    tp.log_work({"typed_on": "2026-10-2", "typist": li, "title": "报告", "pages": 10, "errors": 1,
                 "error_stage": "印发后发现"})
    tp.log_work({"typed_on": "2026-10-3", "typist": zhang, "title": "纪要", "pages": 6, "errors": 3,
                 "errors_after_issue": 1})
    runs_ = {r.name: r for r in tp.page_runs()}
    assert (runs_["张敏"].current, runs_["张敏"].longest, runs_["张敏"].last_error_on) == (0, 40, date(2026, 10, 3))
    assert runs_["文印室"].current == 0 and runs_["文印室"].longest == 40
    assert TypingLog.get(TypingLog.title == "报告").errors_after_issue == 1
    # proof-reading catches and errors after issue both count for the month's error rate
    row = {r.typist.name: r for r in tp.assess_month(2026, 10).rows}["张敏"]
    assert row.errors == 5
    for bad, message in (({"errors": 1, "errors_after_issue": 2}, "多于差错总数"),
                         ({"errors": 1, "error_stage": "事后"}, "发现环节"),
                         ({"errors": 1, "errors_after_issue": 1, "error_stage": "校对发现"}, "校对发现")):
        with pytest.raises(BadValue, match=message):
            tp.log_work({"typed_on": "2026-10-4", "typist": zhang, "title": "函", "pages": 1, **bad})


def test_ten_thousand_pages_recorded_once_at_the_typing_closing(typists):
    zhang, li = typists
    rules.set_rule("typing_campaign_reward", "200", date(2026, 1, 1))
    tp.log_work({"typed_on": "2026-10-1", "typist": zhang, "title": "汇编", "pages": 9990, "errors": 7})
    tp.log_work({"typed_on": "2026-10-9", "typist": zhang, "title": "通知", "pages": 10})
    tp.close_month(2026, 10, today=TODAY)
    reach = CampaignReach.get()
    assert (reach.campaign, reach.subject, reach.name, reach.reached_on, reach.figure) == \
        ("typing", "打字员", "张敏", date(2026, 10, 9), Decimal(10000))
    reward = RewardPenalty.get(RewardPenalty.category == CAT_TYPING, RewardPenalty.amount > 0)
    assert reward.person_id == zhang.id and reward.amount == Decimal("200.00")
    tp.close_month(2026, 11, today=TODAY)
    assert CampaignReach.select().count() == 1
    tp.reopen_month(2026, 10)
    assert CampaignReach.select().count() == 0 and not RewardPenalty.select().where(RewardPenalty.amount > 0).exists()


def test_a_version_10_database_upgrades_its_errors_counting_as_caught_at_proofreading(tmp_path):
    import sqlite3
    from pathlib import Path

    from govoffice_desktop.models import db, migrations

    path = tmp_path / "v10.db"
    con = sqlite3.connect(path)
    con.executescript((Path(__file__).parent / "data" / "schema_v10.sql").read_text(encoding="utf-8"))
    con.close()
    db.open_database(path)
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION >= migrations.CAMPAIGN_REACHES
        logs = {t.title: t for t in TypingLog.select()}
        assert logs["关于做好冬季安全生产工作的通知"].errors == 2
        assert {t.errors_after_issue for t in logs.values()} == {0}  # 校对发现
        assert {r.name: r.current for r in tp.page_runs()}["李文书"] == 6  # its errors break no run
        assert CampaignReach.select().count() == 0
    finally:
        db.close_database()


def test_the_typing_ledger_takes_a_stage_column_or_a_count(typists, tmp_path):
    import openpyxl

    from govoffice_desktop.ledgers.importer import import_ledger

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "打字员", "文稿标题", "页数", "差错", "其中印发后发现", "发现环节"])
    sheet.append(["2026.10.5", "张敏", "通知", 4, 2, None, None])  # no stage: 校对发现
    sheet.append(["2026.10.6", "张敏", "纪要", 3, 2, None, "印发后"])  # both found after issue
    sheet.append(["2026.10.7", "李娜", "报告", 5, 3, 1, None])  # one of three after issue
    sheet.append(["2026.10.8", "李娜", "函", 2, 1, 2, None])  # more than its errors: refused
    sheet.append(["2026.10.9", "李娜", "简报", 2, 1, 1, "校对发现"])  # contradicts itself: refused
    book.save(tmp_path / "文印.xlsx")
    report = import_ledger("typing", tmp_path / "文印.xlsx")
    assert report.imported == 0 and len(report.errors) == 2  # a ledger with bad rows imports nothing
    report = import_ledger("typing", tmp_path / "文印.xlsx", keep_valid=tmp_path / "退回.xlsx")
    assert report.imported == 3 and len(report.errors) == 2
    assert "多于差错总数" in report.errors[0].message and "校对发现" in report.errors[1].message
    assert {t.title: t.errors_after_issue for t in TypingLog.select()} == {"通知": 0, "纪要": 2, "报告": 1}
