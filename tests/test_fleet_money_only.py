"""Refuels that give only the money (reimbursement ledgers: 加油日期, 车辆, 驾驶员, 加油金额; or 金额
typed alone in the form): the litres are unknown, the money counts in every money figure, and fuel
economy leaves such fills out and says how many there were."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govoffice_desktop import app
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models import db
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.reports import fleet as fleet_report
from govoffice_desktop.services import fleet, rewards, staff
from govoffice_desktop.services.validation import BadValue

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
NOTICE = "次加油没有升数：计入金额，不计入百公里油耗"


def reimbursement_ledger(path: Path) -> Path:
    """A reimbursement ledger as offices keep it: a title, the four columns, a 合计 row, no litres."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "加油报销"
    ws.append(["市政府办公室公务用车加油费报销登记表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "加油日期", "车辆", "驾驶员", "加油金额"])
    ws.append([1, "2026.3.5", "苏N·A1234", "张三", "￥300.00"])
    ws.append([2, "2026年3月12日", "苏NA1234", "张三", 280.5])
    ws.append([3, 46101, "苏N B2345", "李四", "350"])  # an Excel serial: 2026-03-20
    ws.append(["合计", None, None, None, 930.5])
    wb.save(path)
    return path


@pytest.fixture
def pool(database):
    zhang = staff.save_person({"name": "张三", "is_driver": True})
    li = staff.save_person({"name": "李四", "is_driver": True})
    a = fleet.save_vehicle({"plate": "苏NA1234", "fuel_quota": "9.00", "driver": zhang})
    b = fleet.save_vehicle({"plate": "苏NB2345", "fuel_quota": "10", "driver": li})
    return a, b, zhang, li


def fill(vehicle, when, litres=None, odometer=None, full=True, amount=None, price="7.50"):
    return fleet.record_refuel({"vehicle": vehicle, "filled_at": when, "litres": litres,
                                "unit_price": price if litres is not None else None, "amount": amount,
                                "odometer": odometer, "full_tank": full})


def economy_figures(e: fleet.Economy) -> tuple:
    return (e.litres, e.distance_km, e.measured_litres, e.measured_amount, e.l_per_100km, e.over_quota_pct,
            e.flagged, e.by_trips)


# ---------------------------------------------------------------- the importer
def test_a_reimbursement_ledger_imports_with_the_litres_unknown(pool, tmp_path):
    report = import_ledger("refuels", reimbursement_ledger(tmp_path / "报销.xlsx"))
    assert report.errors == [] and report.imported == 3
    assert [(s.row, s.reason) for s in report.skipped] == [(6, "小计/合计行")]
    assert f"3 {NOTICE}" in report.notices
    fills = list(Refuel.select().order_by(Refuel.filled_at))
    assert [(f.vehicle.plate, f.filled_at.date(), f.litres, f.unit_price, f.amount, f.driver_name) for f in fills] == [
        ("苏NA1234", date(2026, 3, 5), None, None, Decimal("300.00"), "张三"),
        ("苏NA1234", date(2026, 3, 12), None, None, Decimal("280.50"), "张三"),
        ("苏NB2345", date(2026, 3, 20), None, None, Decimal("350.00"), "李四")]
    # The same ledger again: every row is already there.
    again = import_ledger("refuels", tmp_path / "报销.xlsx")
    assert again.imported == 0 and again.duplicates == 3 and again.errors == []


def test_a_one_car_reimbursement_sheet_imports_with_vehicle(pool, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["加油日期", "驾驶员", "加油金额"])
    ws.append(["2026-03-05", "张三", 200])
    ws.append(["2026-03-15", "张三", 210])
    wb.save(tmp_path / "一辆车.xlsx")
    report = import_ledger("refuels", tmp_path / "一辆车.xlsx", vehicle="苏NA1234")
    assert report.errors == [] and report.imported == 2 and f"2 {NOTICE}" in report.notices
    assert Refuel.select().where(Refuel.litres.is_null()).count() == 2


def test_a_sheet_with_a_litres_column_still_needs_two_figures_per_row(pool, tmp_path):
    """Only a sheet that has neither litres nor price is a ledger of money: in a sheet that records
    litres, a row with the amount alone is a row with something missing."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["车牌号", "加油日期", "加油量", "金额"])
    ws.append(["苏NA1234", "2026-03-05", 40, 300])
    ws.append(["苏NA1234", "2026-03-12", None, 280])
    wb.save(tmp_path / "缺升数.xlsx")
    report = import_ledger("refuels", tmp_path / "缺升数.xlsx")
    assert report.imported == 0 and [(e.row, e.message) for e in report.errors] == [(3, "加油量、单价、金额至少要填两项")]
    assert Refuel.select().count() == 0


def test_litres_written_as_unknown_and_the_export_round_trip(pool, tmp_path):
    """In a sheet that records litres, 升数未知 in the litres cell says the row gives only the money;
    the program's own export writes it so, and the export imports again (here after its rows are removed)."""
    from govoffice_desktop.ledgers.export import export_listing

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["车牌号", "加油日期", "加油量", "单价", "金额"])
    ws.append(["苏NA1234", "2026-03-05", 40, 7.5, 300])
    ws.append(["苏NA1234", "2026-03-12", "升数未知", None, 280])
    wb.save(tmp_path / "有升数列.xlsx")
    report = import_ledger("refuels", tmp_path / "有升数列.xlsx")
    assert report.errors == [] and report.imported == 2 and f"1 {NOTICE}" in report.notices
    listing = fleet.refuel_listing()
    shown = [row[listing.keys.index("litres")] for row in listing.rows(listing.ids()).values()]
    assert sorted(shown, key=str) == [Decimal("40.00"), "升数未知"]  # the table and the export say so
    out = tmp_path / "导出.xlsx"
    export_listing(out, "加油记录", listing, listing.ids())
    cells = [row for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert any("升数未知" in row for row in cells)
    again = import_ledger("refuels", out)
    assert again.imported == 0 and again.duplicates == 2 and again.errors == []
    Refuel.delete_where(Refuel.id > 0)
    back = import_ledger("refuels", out)
    assert back.errors == [] and back.imported == 2
    assert sorted((f.litres is None, f.amount) for f in Refuel.select()) == [(False, Decimal("300.00")),
                                                                             (True, Decimal("280.00"))]


def test_a_money_only_row_without_an_amount_is_an_error(pool, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["加油日期", "车辆", "加油金额"])
    ws.append(["2026-03-05", "苏NA1234", None])
    wb.save(tmp_path / "无金额.xlsx")
    report = import_ledger("refuels", tmp_path / "无金额.xlsx")
    assert report.imported == 0 and report.errors and "至少要填两项" in report.errors[0].message


# ---------------------------------------------------------------- the form's service
def test_the_form_takes_the_amount_alone_as_litres_unknown(pool):
    a, *_ = pool
    refuel = fill(a, "2026-03-05 08:00", amount="300")
    assert (refuel.litres, refuel.unit_price, refuel.amount) == (None, None, Decimal("300.00"))
    with pytest.raises(BadValue, match="至少要填两项（只知道金额时只填金额：升数未知）"):
        fleet.record_refuel({"vehicle": a, "filled_at": "2026-03-06 08:00", "litres": "40"})
    with pytest.raises(BadValue, match="金额必须大于0"):
        fill(a, "2026-03-06 08:00", amount="0")
    assert Refuel.select().count() == 1


# ---------------------------------------------------------------- what the figures count
def test_economy_is_unchanged_by_fills_without_litres(pool):
    a, *_ = pool
    fill(a, "2026-03-01 08:00", "40", 10000)
    fill(a, "2026-03-09 08:00", "50", 10500)
    fill(a, "2026-03-20 08:00", "45", 11000)
    before = fleet.economy(a, *MARCH)
    assert before.l_per_100km == Decimal("9.50") and before.without_litres == 0
    # Money-only fills after the last full tank (a reimbursement ledger for the end of the month).
    fill(a, "2026-03-25 08:00", amount="300")
    fill(a, "2026-03-28 08:00", amount="280.50")
    after = fleet.economy(a, *MARCH)
    assert economy_figures(after) == economy_figures(before)
    assert after.refuels == before.refuels + 2 and after.without_litres == 2
    assert after.amount == before.amount + Decimal("580.50")
    assert [s.l_per_100km for s in fleet.segments(a)] == [Decimal("10.00"), Decimal("9.00")]


def test_a_stretch_with_a_fill_without_litres_has_no_figure_rather_than_a_wrong_one(pool):
    """Fuel of unknown litres went into the tank between two full tanks: that stretch is left out
    (its litres would be too few); the stretches without such a fill keep their figures."""
    a, *_ = pool
    fill(a, "2026-03-01 08:00", "40", 10000)
    fill(a, "2026-03-09 08:00", "50", 10500)
    fill(a, "2026-03-12 08:00", amount="150")  # no reading, litres unknown
    fill(a, "2026-03-20 08:00", "25", 11000)    # full again: what went in since the 9th is not known
    fill(a, "2026-03-29 08:00", "45", 11500)
    segs = [(s.start.odometer, s.end.odometer, s.litres) for s in fleet.segments(a)]
    assert segs == [(10000, 10500, Decimal("50.00")), (11000, 11500, Decimal("45.00"))]
    e = fleet.economy(a, *MARCH)
    assert e.l_per_100km == Decimal("9.50") and e.distance_km == 1000 and e.without_litres == 1
    assert e.amount == Decimal("150") + Decimal("7.50") * (40 + 50 + 25 + 45)


def test_without_odometers_no_figure_from_trips_when_a_fill_lacks_litres(pool):
    from govoffice_desktop.models.fleet import Trip

    a, *_ = pool
    fleet.record_refuel({"vehicle": a, "filled_at": "2026-03-05 08:00", "litres": "40", "unit_price": "7.50"})
    Trip.create(trip_date=date(2026, 3, 6), vehicle=a, distance_km="500")
    assert fleet.economy(a, *MARCH).l_per_100km == Decimal("8.00")
    fill(a, "2026-03-15 08:00", amount="300")  # the trips' distance is over fuel not counted now
    e = fleet.economy(a, *MARCH)
    assert e.l_per_100km is None and e.without_litres == 1 and e.amount == Decimal("600.00")


def test_report_fuel_counts_the_money_not_the_litres_and_says_how_many(tmp_path, capsys):
    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        staff.save_person({"name": "张三", "is_driver": True})
        a = fleet.save_vehicle({"plate": "苏NA1234", "fuel_quota": "9.00"})
        fill(a, "2026-03-13 08:00", "40", 10000)  # after the ledger's fills of this car (5th, 12th)
        fill(a, "2026-03-19 08:00", "50", 10500)
        import_ledger("refuels", reimbursement_ledger(tmp_path / "报销.xlsx"))
    finally:
        db.close_database()
    args = ["--db", str(path), "report", "fuel", "--from", "2026-03-01", "--to", "2026-03-31"]
    assert app.main([*args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_plate = {v["plate"]: v for v in out["vehicles"]}
    assert by_plate["苏NA1234"] == {"plate": "苏NA1234", "refuels": 4, "litres": 90.00,
                                   "amount": 675.00 + 580.50, "distance_km": 500,
                                   "l_per_100km": 10.00, "quota": 9.00, "over_quota_pct": 11.1,
                                   "fills_without_litres": 2}
    assert by_plate["苏NB2345"]["litres"] == 0 and by_plate["苏NB2345"]["amount"] == 350.00
    assert by_plate["苏NB2345"]["l_per_100km"] is None and by_plate["苏NB2345"]["fills_without_litres"] == 1
    assert out["fills_without_litres"] == 3 and out["notice"] == f"3 {NOTICE}"
    assert app.main(args) == 0
    text = capsys.readouterr().out
    assert "苏NA1234  加油 4 次（2 次没有升数） 90.00 升 1255.50 元" in text
    assert f"注意：3 {NOTICE}" in text


def test_savings_and_the_monthly_fuel_report_count_the_money(pool, tmp_path):
    a, b, *_ = pool
    fill(a, "2026-03-13 08:00", "40", 10000)  # after the ledger's fills of this car (5th, 12th)
    fill(a, "2026-03-19 08:00", "50", 10500)
    before = rewards.savings(2026, 3)
    assert before["fuel_over_litres"] == "5.00"
    import_ledger("refuels", reimbursement_ledger(tmp_path / "报销.xlsx"))
    after = rewards.savings(2026, 3)
    assert Decimal(after["fuel_amount"]) == Decimal(before["fuel_amount"]) + Decimal("930.50")
    assert after["fills_without_litres"] == 3 and before["fills_without_litres"] == 0
    for key in ("fuel_saved_litres", "fuel_saved_yuan", "fuel_over_litres", "fuel_over_yuan"):
        assert after[key] == before[key]  # litres vs quota: only fills whose litres are known
    html = fleet_report.month_fuel(2026, 3).html()
    assert f"本月有 3 {NOTICE}" in html and "1,255.50" in html  # the amount column counts them
