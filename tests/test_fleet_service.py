"""车辆 rules without a screen: refuels checked on entry and on import, fuel economy full tank to
full tank against a hand calculation, and 万里行车无事故."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from govoffice_desktop import app
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models import db
from govoffice_desktop.models.fleet import Incident, Refuel, Trip
from govoffice_desktop.services import fleet, staff
from govoffice_desktop.services.validation import BadValue

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def pool(database):
    zhang = staff.save_person({"name": "张三", "is_driver": True})
    li = staff.save_person({"name": "李四", "is_driver": True})
    a = fleet.save_vehicle({"plate": "苏N·a1234", "fuel_quota": "9.00", "driver": zhang})
    b = fleet.save_vehicle({"plate": "苏NB2345", "fuel_quota": "10", "driver": li})
    return a, b, zhang, li


def fill(vehicle, when, litres, odometer=None, full=True, missed=False, price="7.50", driver=None):
    return fleet.record_refuel({"vehicle": vehicle, "filled_at": when, "litres": litres, "unit_price": price,
                                "odometer": odometer, "full_tank": full, "missed_previous": missed,
                                "driver": driver})


def test_vehicles_are_validated(pool):
    a, b, zhang, _ = pool
    assert a.plate == "苏NA1234"
    with pytest.raises(BadValue, match="已经登记"):
        fleet.save_vehicle({"plate": "苏na 1234"})
    with pytest.raises(BadValue, match="不是有效的车牌号"):
        fleet.save_vehicle({"plate": "ABC123"})
    with pytest.raises(BadValue, match="不在常见范围"):
        fleet.save_vehicle({"plate": "苏NC3456", "fuel_quota": "90"})
    clerk = staff.save_person({"name": "文员"})
    with pytest.raises(BadValue, match="不是驾驶员"):
        fleet.save_vehicle({"plate": "苏NC3456", "driver": clerk})


def test_economy_full_tank_to_full_tank_matches_the_hand_calculation(pool):
    a, b, zhang, _ = pool
    fill(a, "2026-03-01 08:00", "40", 10000)                    # the first full tank: a start
    fill(a, "2026-03-05 08:00", "20", 10300, full=False)         # partial: carried on
    fill(a, "2026-03-09 08:00", "30", 10600)                     # full
    fill(a, "2026-03-20 08:00", "45", 11200, missed=True)        # the fill before was not recorded
    fill(a, "2026-03-30 08:00", "40", 11700)                     # full
    backdated = fill(a, "2026-03-07 08:00", "25", 10450)         # entered last, dated between
    segs = [(s.start.odometer, s.end.odometer, s.litres, s.l_per_100km) for s in fleet.segments(a)]
    # 10000→10450: 20 + 25 = 45 L over 450 km = 10.00; 10450→10600: 30 L / 150 km = 20.00;
    # 11200 starts anew after the missed fill; 11200→11700: 40 L / 500 km = 8.00.
    assert segs == [(10000, 10450, Decimal("45.00"), Decimal("10.00")), (10450, 10600, Decimal("30.00"), Decimal("20.00")),
                    (11200, 11700, Decimal("40.00"), Decimal("8.00"))]
    e = fleet.economy(a, *MARCH)
    # A ratio of sums: 115 L × 100 / 1,100 km = 10.4545… → 10.45 (the mean of the ratios would be 12.67).
    assert (e.refuels, e.litres, e.measured_litres, e.distance_km, e.l_per_100km) == (
        6, Decimal("200.00"), Decimal("115.00"), Decimal(1100), Decimal("10.45"))
    assert (e.quota, e.over_quota_pct, e.flagged, e.by_trips) == (Decimal("9.00"), Decimal("16.1"), True, False)
    # Cost per km: the 115 L burnt over those 1,100 km (115 × 7.50 = 862.50 元), not every fill of the month.
    assert e.amount == Decimal("1500.00") and e.measured_amount == Decimal("862.50") and e.cost_per_km == Decimal("0.78")
    assert backdated.odometer == 10450

    # A vehicle without odometers (fuel-card statements): its fills over the trips' distance.
    fill(b, "2026-03-10 09:00", "50")
    fill(b, "2026-03-25 09:00", "40")
    Trip.create(trip_date=date(2026, 3, 12), vehicle=b, distance_km="300")
    Trip.create(trip_date=date(2026, 3, 20), vehicle=b, distance_km="600")
    e = fleet.economy(b, *MARCH)
    assert (e.l_per_100km, e.by_trips, e.over_quota_pct, e.flagged) == (Decimal("10.00"), True, Decimal("0.0"), False)


def test_a_lower_odometer_is_refused_on_entry(pool):
    a, *_ = pool
    fill(a, "2026-03-01 08:00", "40", 10000)
    fill(a, "2026-03-10 08:00", "40", 10500)
    with pytest.raises(BadValue, match="里程表读数 10400 低于 2026-03-10 08:00 加油时的 10500"):
        fill(a, "2026-03-12 08:00", "30", 10400)
    with pytest.raises(BadValue, match="高于之后 2026-03-10 08:00 加油时的 10500"):
        fill(a, "2026-03-05 08:00", "30", 10600)  # backdated, but further than the next fill
    with pytest.raises(BadValue, match="金额 100.00 与 加油量×单价 = 300.00 不符"):
        fleet.record_refuel({"vehicle": a, "filled_at": "2026-03-12 08:00", "litres": "40", "unit_price": "7.50",
                             "amount": "100"})
    assert Refuel.select().count() == 2


def test_a_lower_odometer_is_refused_on_import(pool, tmp_path):
    a, *_ = pool
    fill(a, "2026-03-01 08:00", "40", 10000)
    book = openpyxl.Workbook()
    book.active.append(["车牌号", "加油时间", "加油量", "单价", "里程表", "是否加满", "上次漏记"])
    book.active.append(["苏NA1234", "2026-03-20 08:00", 30, 7.5, 10900, "是", ""])
    book.active.append(["苏NA1234", "2026-03-10 08:00", 20, 7.5, 10500, "否", ""])   # out of order: fine
    book.active.append(["苏NA1234", "2026-03-25 08:00", 30, 7.5, 10800, "是", ""])   # lower than 03-20
    book.active.append(["苏NA1234", "2026-02-20 08:00", 30, 7.5, 10200, "是", ""])   # higher than 03-01 in the db
    book.active.append(["苏NA1234", "2026-03-28 08:00", 30, 7.5, 11300, "是", "√"])
    book.save(tmp_path / "f.xlsx")
    report = import_ledger("refuels", tmp_path / "f.xlsx")
    assert report.refused and [(e.row, e.column) for e in report.errors] == [(4, "里程表"), (5, "里程表")]
    assert "低于 2026-03-20 08:00 加油时的 10900" in report.errors[0].message
    assert "高于之后 2026-03-01 08:00 加油时的 10000" in report.errors[1].message
    report = import_ledger("refuels", tmp_path / "f.xlsx", keep_valid=tmp_path / "bad.xlsx")
    assert report.imported == 3
    assert Refuel.get(Refuel.odometer == 11300).missed_previous and not Refuel.get(Refuel.odometer == 10500).full_tank


def test_safe_distance_resets_at_an_at_fault_accident_only(pool):
    a, b, zhang, li = pool
    for day, km, who, car in ((1, 100, zhang, a), (5, 200, zhang, a), (10, 150, zhang, a), (12, 50, zhang, a),
                              (15, 80, zhang, a), (3, 400, li, b)):
        Trip.create(trip_date=date(2026, 3, day), vehicle=car, driver=who, driver_name=who.name, distance_km=km)
    Incident.create(occurred_on=date(2026, 3, 5), vehicle=a, driver=zhang, kind="事故", responsibility="无责任")
    Incident.create(occurred_on=date(2026, 3, 6), vehicle=a, driver=zhang, kind="违章", responsibility="全部责任")
    runs = {r.name: r for r in fleet.safe_driving()}
    assert runs["张三"].km == Decimal(580) and runs["张三"].li == Decimal("1160.0")  # nothing reset it yet
    Incident.create(occurred_on=date(2026, 3, 12), vehicle=a, driver=zhang, kind="事故", responsibility="主要责任")
    runs = {r.name: r for r in fleet.safe_driving()}
    # Only the trip after the 12th counts (that day's trip came before the accident).
    assert (runs["张三"].km, runs["张三"].li, runs["张三"].last_accident) == (Decimal(80), Decimal("160.0"), date(2026, 3, 12))
    assert runs["李四"].km == Decimal(400) and runs["全办"].km == Decimal(80)
    assert runs["张三"].target_li == Decimal(10000) and runs["张三"].progress == Decimal("0.016")


def test_cli_reports_fuel_and_safe_driving(tmp_path, capsys):
    path = tmp_path / "office.db"
    db.open_database(path)
    zhang = staff.save_person({"name": "张三", "is_driver": True})
    a = fleet.save_vehicle({"plate": "苏NA1234", "fuel_quota": "9", "driver": zhang})
    fill(a, "2026-03-01 08:00", "40", 10000)
    fill(a, "2026-03-09 08:00", "50", 10500)
    Trip.create(trip_date=date(2026, 3, 4), vehicle=a, driver=zhang, distance_km="500")
    db.close_database()
    assert app.main(["--db", str(path), "report", "fuel", "--from", "2026-03-01", "--to", "2026-03-31", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"vehicles": [{"plate": "苏NA1234", "refuels": 2, "litres": 90.00, "amount": 675.00,
                                 "distance_km": 500, "l_per_100km": 10.00, "quota": 9.00,
                                 "over_quota_pct": 11.1, "fills_without_litres": 0}],
                   "fills_without_litres": 0, "notice": None}
    assert app.main(["--db", str(path), "report", "safe-driving", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["drivers"] == [{"name": "张三", "km_since_last_accident": 500.0, "li_since_last_accident": 1000.0,
                               "target_li": 10000}]


def test_trips_take_their_distance_from_the_odometers_and_report_overlaps(pool):
    a, b, zhang, li = pool
    with pytest.raises(BadValue, match="返回里程表 900 低于出车里程表 1000"):
        fleet.record_trip({"vehicle": a, "trip_date": "2026-3-2", "odometer_start": 1000, "odometer_end": 900})
    with pytest.raises(BadValue, match="返回时间早于出车时间"):
        fleet.record_trip({"vehicle": a, "trip_date": "2026-3-2", "departed_at": "2026-3-2 10:00",
                           "returned_at": "2026-3-2 09:00"})
    first = fleet.record_trip({"vehicle": a, "driver": zhang, "trip_date": "2026-3-2", "departed_at": "2026-3-2 08:00",
                               "returned_at": "2026-3-2 12:00", "odometer_start": 1000, "odometer_end": 1085,
                               "purpose": "送文件", "destination": "宿豫区"})
    assert first.distance_km == Decimal("85") and fleet.overlap_message(first) is None
    clash = fleet.record_trip({"vehicle": b, "driver": zhang, "trip_date": "2026-3-2", "departed_at": "2026-3-2 11:00",
                               "returned_at": "2026-3-2 13:00", "distance_km": "40"})
    assert fleet.trip_overlaps(clash) == [first] and "苏NA1234 张三" in fleet.overlap_message(clash)
    apart = fleet.record_trip({"vehicle": b, "driver": li, "trip_date": "2026-3-2", "departed_at": "2026-3-2 14:00",
                               "returned_at": "2026-3-2 15:00", "distance_km": "10"})
    assert fleet.trip_overlaps(apart) == []


def test_incidents_are_checked(pool):
    a, b, zhang, li = pool
    with pytest.raises(BadValue, match="类别应为事故或违章"):
        fleet.record_incident({"vehicle": a, "occurred_on": "2026-3-2", "kind": "剐蹭"})
    with pytest.raises(BadValue, match="有责事故要写明驾驶员"):
        fleet.record_incident({"vehicle": a, "occurred_on": "2026-3-2", "kind": "事故", "responsibility": "全部责任"})
    with pytest.raises(BadValue, match="罚款不能为负"):
        fleet.record_incident({"vehicle": a, "occurred_on": "2026-3-2", "kind": "违章", "fine": "-5"})
    i = fleet.record_incident({"vehicle": a, "occurred_on": "2026-3-2", "kind": "违章", "driver": zhang, "fine": "200",
                               "points": 3, "description": "超速"})
    assert (i.driver_name, i.fine, i.points) == ("张三", Decimal("200.00"), 3)


def test_closing_a_month_posts_fuel_and_safety_and_can_be_undone(pool):
    from govoffice_desktop.models.rewards import BonusMonth, RewardPenalty, RewardRule

    a, b, zhang, li = pool
    fill(a, "2026-03-01 08:00", "40", 10000, driver=zhang)
    fill(a, "2026-03-15 08:00", "50", 10500, driver=zhang)  # 50 L over 500 km against 9.00: 45 allowed, 5 over
    fill(b, "2026-03-01 08:00", "40", 20000, driver=li)
    fill(b, "2026-03-20 08:00", "90", 21000, driver=li)  # 90 L over 1000 km against 10: 100 allowed, 10 saved
    RewardRule.create(category="车辆燃料", code="fuel_saved", name="节油", amount="3.00", unit="升",
                      effective_from=date(2026, 1, 1))
    fleet.record_incident({"vehicle": a, "occurred_on": "2026-3-10", "kind": "事故", "responsibility": "主要责任",
                           "driver": zhang, "description": "追尾"})
    fleet.record_incident({"vehicle": b, "occurred_on": "2026-3-11", "kind": "事故", "responsibility": "无责任",
                           "driver": li, "description": "被追尾"})
    entries = {(e.person.name, e.category, e.amount) for e in fleet.fleet_month_entries(2026, 3)}
    assert entries == {("张三", "车辆燃料", Decimal("-10.00")), ("李四", "车辆燃料", Decimal("30.00")),
                       ("张三", "行车安全", Decimal("-200.00"))}
    with pytest.raises(BadValue, match="还没过完"):
        fleet.close_fleet_month(2026, 3, today=date(2026, 3, 31))
    fleet.close_fleet_month(2026, 3, today=date(2026, 4, 1))
    assert RewardPenalty.select().count() == 3
    with pytest.raises(BadValue, match="已经结账"):
        fleet.close_fleet_month(2026, 3, today=date(2026, 4, 1))
    fleet.reopen_fleet_month(2026, 3)
    assert RewardPenalty.select().count() == 0
    fleet.close_fleet_month(2026, 3, today=date(2026, 4, 1))
    BonusMonth.create(year=2026, month=3, final=True)
    with pytest.raises(BadValue, match="奖金表已定稿"):
        fleet.reopen_fleet_month(2026, 3)


def test_trip_and_incident_ledgers_import(pool, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["出车日期", "车号", "司机", "用车科室", "事由", "出车里程", "回车里程", "行驶里程"])
    book.active.append(["2026.3.2", "苏NA1234", "张三", "秘书一科", "送文件", 1000, 1085, None])
    book.active.append(["2026.3.3", "苏NC9999", "王五", "综合科", "接待", None, None, "120公里"])
    book.active.append(["2026.3.4", "苏NA1234", "张三", "综合科", "开会", 1200, 1100, None])
    book.save(tmp_path / "trips.xlsx")
    report = import_ledger("trips", tmp_path / "trips.xlsx", keep_valid=tmp_path / "bad.xlsx")
    assert report.imported == 2 and report.created == {"车辆": ["苏NC9999"]} and report.unmatched == ["王五"]
    assert [(e.row, e.column) for e in report.errors] == [(4, "回车里程")]
    assert Trip.get(Trip.odometer_start == 1000).distance_km == Decimal("85.0")
    assert Trip.get(Trip.driver_name == "张三").driver.name == "张三"

    book = openpyxl.Workbook()
    book.active.append(["违法时间", "号牌号码", "当事人", "类型", "责任认定", "罚款金额", "记分", "违法行为"])
    book.active.append(["2026-03-05", "苏NA1234", "张三", "交通违法", "", "200元", 3, "超速20%以下"])
    book.active.append(["2026-03-12", "苏NA1234", "张三", "事故", "主责", "", "", "追尾"])
    book.save(tmp_path / "inc.xlsx")
    report = import_ledger("incidents", tmp_path / "inc.xlsx")
    assert report.errors == [] and report.imported == 2
    assert [(i.kind, i.responsibility, i.fine) for i in Incident.select().order_by(Incident.occurred_on)] == [
        ("违章", "无责任", Decimal("200.00")), ("事故", "主要责任", Decimal("0.00"))]
    assert import_ledger("incidents", tmp_path / "inc.xlsx").duplicates == 2


def test_the_monthly_fuel_report_prints(pool, tmp_path, capsys):
    a, *_ = pool
    fill(a, "2026-03-01 08:00", "40", 10000)
    fill(a, "2026-03-09 08:00", "50", 10500)
    from govoffice_desktop.reports import fleet as report

    html = report.month_fuel(2026, 3).html()
    assert "2026年3月车辆油耗情况表" in html and "10.00" in html and "11.1%" in html and ">超<" in html
    assert "万里行车无事故" in html


def test_economy_per_driver(pool):
    a, b, zhang, li = pool
    fleet.record_refuel({"vehicle": a, "filled_at": "2026-03-01 08:00", "litres": "40", "unit_price": "7.5",
                         "odometer": 10000, "driver": zhang})
    fleet.record_refuel({"vehicle": a, "filled_at": "2026-03-09 08:00", "litres": "50", "unit_price": "7.5",
                         "odometer": 10500, "driver": zhang})
    fleet.record_refuel({"vehicle": b, "filled_at": "2026-03-01 08:00", "litres": "40", "unit_price": "7.5",
                         "odometer": 20000, "driver": li})
    fleet.record_refuel({"vehicle": b, "filled_at": "2026-03-20 08:00", "litres": "90", "unit_price": "7.5",
                         "odometer": 21000, "driver": zhang})  # 张三 drove the other car this time
    got = {d.driver.name: (d.segments, d.litres, d.distance_km, d.l_per_100km, d.quota_litres, d.over_quota_pct)
           for d in fleet.driver_economy(*MARCH)}
    # 张三: 50 L / 500 km (quota 9 → 45 L) and 90 L / 1000 km (quota 10 → 100 L): 140 L over 1500 km.
    assert got == {"张三": (2, Decimal("140.00"), 1500, Decimal("9.33"), Decimal("145.00"), Decimal("-3.4"))}


def test_no_figure_when_no_stretch_ends_in_the_period(pool):
    a, *_ = pool
    fill(a, "2026-03-01 08:00", "40", 10000)
    Trip.create(trip_date=date(2026, 3, 5), vehicle=a, distance_km="200")  # odometers kept: trips don't stand in
    e = fleet.economy(a, *MARCH)
    assert (e.l_per_100km, e.cost_per_km, e.over_quota_pct, e.by_trips, e.flagged) == (None, None, None, False, False)
    fleet.save_fleet_settings("15", "20000")
    with pytest.raises(BadValue, match="无事故目标应大于0"):
        fleet.save_fleet_settings("5", "0")
    assert fleet.setting_decimal(fleet.OVER_QUOTA_KEY, Decimal(10)) == Decimal("15.00")  # both or neither
    assert fleet.fleet_month_state(2026, 3) == (False, False)


def test_a_fuel_ledger_with_partial_missed_and_backdated_fills_matches_the_hand_calculation(pool, tmp_path):
    a, *_ = pool
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "3月"
    sheet.append(["车辆加油登记表（2026年3月）"])
    sheet.append(["车牌号", "加油时间", "加油量（升）", "单价", "金额", "里程表", "是否加满", "上次漏记", "驾驶员"])
    rows = [("苏N·A1234", "2026.3.1 08:00", 40, 7.5, 300, 10000, "是", "", "张三"),
            ("苏NA1234", "2026.3.5 08:00", 20, 7.5, 150, 10300, "否", "", "张三"),
            ("苏NA1234", "2026.3.9 08:00", 30, 7.5, 225, 10600, "√", "", "张三"),
            ("苏NA1234", "2026.3.20 08:00", 45, 7.5, 337.5, 11200, "是", "是", "张三"),
            ("苏NA1234", "2026.3.30 08:00", 40, 7.5, 300, 11700, "是", "", "张三"),
            ("苏NA1234", "2026.3.7 08:00", 25, 7.5, 187.5, 10450, "是", "", "张三")]  # entered late, dated between
    for row in rows:
        sheet.append(list(row))
    sheet.append(["合计", None, 200, None, 1500])
    book.save(tmp_path / "加油.xlsx")
    report = import_ledger("refuels", tmp_path / "加油.xlsx")
    assert report.errors == [] and report.imported == 6
    e = fleet.economy(a, *MARCH)
    # The same hand calculation as entered through the form: 45/450, 30/150 and (after the missed
    # fill) 40/500 → 115 L over 1,100 km = 10.45 L/100 km.
    assert (e.measured_litres, e.distance_km, e.l_per_100km, e.over_quota_pct) == (
        Decimal("115.00"), Decimal(1100), Decimal("10.45"), Decimal("16.1"))
    assert [s.l_per_100km for s in fleet.segments(a)] == [Decimal("10.00"), Decimal("20.00"), Decimal("8.00")]


def test_reward_rules_change_from_a_date(pool):
    with pytest.raises(BadValue, match="应为扣款（负数）"):
        fleet.set_rule_amounts({"fuel_over": "5"}, "2026-4-1")
    fleet.set_rule_amounts({"fuel_over": "-3", "fuel_saved": "2.00"}, "2026-4-1")  # only the change is recorded
    assert fleet.rule_amount("fuel_over", date(2026, 3, 31)) == Decimal("-2.00")
    assert fleet.rule_amount("fuel_over", date(2026, 4, 30)) == Decimal("-3.00")
    from govoffice_desktop.models.rewards import RewardRule
    assert [r.code for r in RewardRule.select()] == ["fuel_over"]


def test_review_fixes_for_the_fleet(pool):
    a, b, zhang, li = pool
    # A partial fill without a reading still counts toward the next full fill.
    fill(a, "2026-04-01 08:00", "40", 10000, driver=zhang)
    fill(a, "2026-04-05 08:00", "20", None, full=False, driver=zhang)
    fill(a, "2026-04-09 08:00", "30", 10500, driver=zhang)
    (seg,) = fleet.segments(a)
    assert (seg.litres, seg.distance, seg.l_per_100km) == (Decimal("50.00"), 500, Decimal("10.00"))
    # The stretch is credited to who drove it, whoever the car's driver is now.
    fleet.save_vehicle({"driver": li}, a)
    entries = fleet.fleet_month_entries(2026, 4)
    assert [(e.person.name, e.amount) for e in entries] == [("张三", Decimal("-10.00"))]  # 50 L vs 45 allowed
    # A closed month takes no more refuels, trips or incidents.
    fleet.close_fleet_month(2026, 4, today=date(2026, 5, 2))
    with pytest.raises(BadValue, match="2026年4月的车辆奖惩已结账"):
        fill(a, "2026-04-20 08:00", "10", None, full=False)
    with pytest.raises(BadValue, match="已结账"):
        fleet.record_trip({"vehicle": a, "trip_date": "2026-4-20", "distance_km": "10"})
    with pytest.raises(BadValue, match="已结账"):
        fleet.record_incident({"vehicle": a, "occurred_on": "2026-4-20", "kind": "违章"})
    # No negative or absurd amounts.
    with pytest.raises(BadValue, match="金额必须大于0"):
        fleet.record_refuel({"vehicle": b, "filled_at": "2026-05-03 08:00", "litres": "40", "amount": "-300"})
    with pytest.raises(BadValue, match="数值过大"):
        fleet.record_refuel({"vehicle": b, "filled_at": "2026-05-03 08:00", "litres": "1e30", "unit_price": "7"})
    with pytest.raises(BadValue, match="数值过大"):
        fleet.record_trip({"vehicle": b, "trip_date": "2026-5-3", "odometer_start": 99999999999999999999})


def test_a_ledger_row_above_a_later_stored_reading_or_in_a_closed_month_is_refused(pool, tmp_path):
    a, *_ = pool
    fill(a, "2026-02-01 08:00", "40", 1000)
    fill(a, "2026-02-20 08:00", "40", 2000)
    fleet.close_fleet_month(2026, 1, today=date(2026, 2, 2))
    book = openpyxl.Workbook()
    book.active.append(["车牌号", "加油时间", "加油量", "单价", "里程表"])
    book.active.append(["苏NA1234", "2026-02-05 08:00", 30, 7.5, 2500])  # above the stored 2,000 of the 20th
    book.active.append(["苏NA1234", "2026-02-06 08:00", 30, 7.5, 2600])
    book.active.append(["苏NA1234", "2026-01-15 08:00", 30, 7.5, None])   # January is closed
    book.active.append(["苏NA1234", "2026-02-25 08:00", 30, -7.5, 2100])  # a negative price
    book.save(tmp_path / "f.xlsx")
    report = import_ledger("refuels", tmp_path / "f.xlsx")
    assert [(e.row, e.column) for e in report.errors] == [(2, "里程表"), (3, "里程表"), (4, "加油时间"), (5, "单价")]
    assert "高于之后 2026-02-20 08:00 加油时的 2000" in report.errors[0].message
    assert "已结账" in report.errors[2].message and "单价必须大于0" in report.errors[3].message


def test_the_economy_of_every_vehicle_at_once_is_each_vehicle_s_economy(pool):
    """``economies`` (one read for every vehicle: the bonus sheet's savings, the fuel report) gives
    for each vehicle what ``economy`` gives it alone: a segment open as the period starts, two full
    fills at one moment, partial, missed and backdated fills, a fill without litres, and a
    vehicle without odometers."""
    a, b, zhang, li = pool
    c = fleet.save_vehicle({"plate": "苏NC3456", "fuel_quota": "8.50"})
    fill(a, "2026-02-20 08:00", "35", 9600)
    fill(a, "2026-02-27 08:00", "10", 9800, full=False)
    fill(a, "2026-02-28 17:00", "30", 10000)                     # opens March's first segment …
    fill(a, "2026-02-28 17:00", "5", 10000)                      # … a second full fill at the same moment
    fill(a, "2026-03-05 08:00", "20", 10300, full=False)
    fill(a, "2026-03-09 08:00", "30", 10600)
    fill(a, "2026-03-20 08:00", "45", 11200, missed=True)
    fill(a, "2026-03-30 08:00", "40", 11700)
    fill(a, "2026-03-07 08:00", "25", 10450)                     # backdated
    fill(a, "2026-04-10 08:00", "44", 12150)
    fill(b, "2026-03-10 09:00", "50")
    fill(b, "2026-03-25 09:00", "40")
    Trip.create(trip_date=date(2026, 3, 12), vehicle=b, distance_km="300")
    fill(c, "2026-03-02 08:00", "40", 50000)
    fleet.record_refuel({"vehicle": c, "filled_at": "2026-03-12 08:00", "amount": "300", "odometer": 50400,
                         "full_tank": True})                     # its litres unknown
    fill(c, "2026-03-22 08:00", "38", 50850)
    fill(c, "2026-04-02 08:00", "36", 51300)
    periods = [MARCH, (date(2026, 4, 1), date(2026, 4, 30)), (date(2026, 2, 1), date(2026, 3, 31)),
               (date(2026, 3, 8), date(2026, 3, 21)), (date(2026, 6, 1), date(2026, 6, 30))]
    for first, last in periods:
        together = fleet.economies(first, last)
        assert set(together) == {a.id, b.id, c.id}
        for vehicle in (a, b, c):
            alone = fleet.economy(vehicle, first, last)
            assert together[vehicle.id].__dict__ == alone.__dict__, (vehicle.plate, first, last)
    assert fleet.economies(*MARCH, vehicles=[b]).keys() == {b.id}
    assert fleet.economies(*MARCH, vehicles=[]) == {} and fleet.economies_of([MARCH, MARCH], []) == [{}, {}]


@pytest.mark.parametrize("seed", [20, 7, 2026])
def test_the_economy_of_every_vehicle_at_once_is_each_vehicle_s_economy_on_random_ledgers(pool, seed):
    """``economies`` (the panel's, the report's and the bonus sheet's: every vehicle's fills read at
    once, as stored) gives exactly what ``economy`` gives each vehicle alone, on ledgers drawn at
    random (seeded): fills at one moment, partial, missed, without litres or odometer, readings
    going back, vehicles without odometers with trips, periods anywhere; for every vehicle and for
    a few of them; ``economies_ending`` for two periods ending the same day, read once, and
    ``economies_of`` for two periods ending on different days."""
    import random
    from datetime import datetime, timedelta

    from govoffice_desktop.models.fleet import Vehicle

    rng = random.Random(seed)
    a, b, zhang, li = pool
    cars = [a, b] + [fleet.save_vehicle({"plate": f"苏NR{n:04d}", "fuel_quota": rng.choice(["", "8", "12.5"])})
                     for n in range(22)]  # more than 20: every vehicle's fills read by one statement
    base = datetime(2026, 1, 1, 8)
    rows = []
    for car in cars:
        odometer, with_odometers = rng.randrange(1000, 50000), rng.random() < 0.8
        for _ in range(rng.randrange(0, 40)):
            odometer += rng.choice([0, 50, 120, 300, 450, -30])
            litres = None if rng.random() < 0.08 else Decimal(rng.randrange(500, 6000)) / 100
            slots = 150 if rng.random() < 0.2 else 600  # some at one moment
            rows.append(dict(vehicle=car, filled_at=base + timedelta(hours=4 * rng.randrange(slots)),
                             driver=rng.choice([zhang, li, None]), driver_name="", litres=litres,
                             amount=Decimal(rng.randrange(100, 60000)) / 100,
                             odometer=odometer if with_odometers and rng.random() < 0.9 else None,
                             full_tank=rng.random() < 0.7, missed_previous=rng.random() < 0.07, station="",
                             card_no="", receipt_no="", note=""))
        for _ in range(rng.randrange(0, 5)):
            Trip.create(trip_date=(base + timedelta(days=rng.randrange(90))).date(), vehicle=car,
                        distance_km=rng.randrange(10, 400))
    Refuel.bulk_insert([dict(r, vehicle=r["vehicle"].id, driver=r["driver"] and r["driver"].id) for r in rows])
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 100, 7)]
    for _ in range(12):
        first = rng.choice(days)
        last = first + timedelta(days=rng.choice([0, 6, 30, 60]))
        later = first + timedelta(days=rng.choice([0, 3, 20]))  # a shorter period ending the same day
        together, some = fleet.economies(first, last), fleet.economies(first, last, vehicles=cars[1:4])
        whole, part = fleet.economies_ending([first, later], last)
        # periods ending on other days (首页: this month and the one before), read at once
        other = (first + timedelta(days=rng.choice([-40, -7, 0, 10])), last - timedelta(days=rng.choice([0, 5, 31])))
        other = other if other[0] <= other[1] else other[::-1]
        both = fleet.economies_of([other, (first, last)])
        assert both[1] == together
        assert set(together) == {v.id for v in Vehicle.select()} and set(some) == {v.id for v in cars[1:4]}
        for vehicle in Vehicle.select():
            alone = fleet.economy(vehicle, first, last)
            assert together[vehicle.id].__dict__ == alone.__dict__, (vehicle.plate, first, last)
            assert whole[vehicle.id].__dict__ == alone.__dict__, (vehicle.plate, first, last)
            assert part[vehicle.id].__dict__ == fleet.economy(vehicle, later, last).__dict__, (vehicle.plate, later)
            assert both[0][vehicle.id].__dict__ == fleet.economy(vehicle, *other).__dict__, (vehicle.plate, other)
            if vehicle.id in some:
                assert some[vehicle.id].__dict__ == alone.__dict__, (vehicle.plate, first, last)


def test_the_day_a_run_reached_the_target_asked_for_one_run_is_the_day_every_run_s_reading_gives(pool):
    """The 万里 panel reads every run without the days they reached the target and asks
    ``fleet.reached_on`` for the lines on screen: for each driver (on file and not), each vehicle,
    after an at-fault accident or with none, the same day ``drive_runs`` works out for them all."""
    from datetime import timedelta

    from govoffice_desktop.services import campaigns

    a, b, zhang, li = pool
    start = date(2026, 1, 1)
    for n in range(40):  # 40 trips of 300 km: 万里 (5,000 km) passed on the 17th
        day = start + timedelta(days=n)
        Trip.create(trip_date=day, vehicle=a, driver=zhang, driver_name="张三", distance_km=300)
        Trip.create(trip_date=day, vehicle=b, driver=None, driver_name="王五", distance_km=150)
        if n % 3 == 0:
            Trip.create(trip_date=day, vehicle=b, driver=li, driver_name="李四", distance_km=400)
    Incident.create(occurred_on=date(2026, 1, 20), vehicle=a, driver=zhang, kind="事故", responsibility="主要责任")
    Incident.create(occurred_on=date(2026, 1, 3), vehicle=b, driver=li, kind="事故", responsibility="同等责任")
    every = {(r.subject, r.name): r for r in campaigns.drive_runs(vehicles=True, reaches_from=campaigns.LAST_DAY)}
    bare = campaigns.drive_runs(vehicles=True, reaches_from=None)
    assert {(r.subject, r.name) for r in bare} == set(every) and not any(r.reaches for r in bare)
    reached = [r for r in bare if r.reached]
    assert {r.name for r in reached} >= {"张三", "王五（未建档）", "苏NB2345"}
    for run in bare:
        assert fleet.reached_on(run) == every[run.subject, run.name].reached_on, run.name
