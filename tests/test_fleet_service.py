"""车辆 rules without a screen: refuels checked on entry and on import, fuel economy full tank to
full tank against a hand calculation, and 万里行车无事故."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from govoffice_desktop import app
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models import db
from govoffice_desktop.models.fleet import Incident, Refuel, Trip, Vehicle
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


def fill(vehicle, when, litres, odometer=None, full=True, missed=False, price="7.50"):
    return fleet.record_refuel({"vehicle": vehicle, "filled_at": when, "litres": litres, "unit_price": price,
                                "odometer": odometer, "full_tank": full, "missed_previous": missed})


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
    assert e.amount == Decimal("1500.00") and e.cost_per_km == Decimal("1.36")
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
    assert out == {"vehicles": [{"plate": "苏NA1234", "refuels": 2, "litres": "90.00", "amount": "675.00",
                                 "distance_km": "500", "l_per_100km": "10.00", "quota": "9.00",
                                 "over_quota_pct": "11.1"}]}
    assert app.main(["--db", str(path), "report", "safe-driving", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["drivers"] == [{"name": "张三", "km_since_last_accident": "500.0", "li_since_last_accident": "1000.0",
                               "target_li": "10000"}]
