"""Names a ledger gives that the database does not know yet (issue 16, point 8)."""
from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest

from govoffice_desktop import app
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models import db
from govoffice_desktop.models.ratings import Tally
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services import typing_pool


def book(path, sheets: dict[str, list[list]]):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_three_months_of_a_typing_log_in_a_new_database_are_reported(tmp_path, capsys):
    months = {f"2026年{m}月": [["日期", "打字员", "文稿标题", "页数", "字数", "差错"],
                                [f"2026.{m}.5", "李娜", f"{m}月通知", 10, 6000, 2],
                                [f"2026.{m}.9", "张敏", f"{m}月纪要", 4, 2000, 0]] for m in (1, 2, 3)}
    path = book(tmp_path / "文印.xlsx", months)
    target = tmp_path / "new.db"
    assert app.main(["--db", str(target), "import", "typing", str(path), "--all-sheets", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["imported"] == 6 and out["unmatched"] == ["张敏", "李娜"]
    assert app.main(["--db", str(target), "report", "typing", "--from", "2026-01-01", "--to", "2026-03-31",
                     "--json"]) == 0
    typists = {t["name"]: t for t in json.loads(capsys.readouterr().out)["typists"]}
    assert typists["李娜"]["pages"] == 30 and typists["李娜"]["errors"] == 6 and typists["李娜"]["note"] == "未建档"
    assert typists["张敏"]["chars"] == 6000


def test_a_staff_file_with_no_role_is_marked_typist_and_said(database, tmp_path):
    Person.create(name="李娜")
    path = book(tmp_path / "t.xlsx", {"S": [["日期", "打字员", "文稿标题", "页数"], ["2026.1.5", "李娜", "通知", 3]]})
    preview = import_ledger("typing", path, dry_run=True)
    assert preview.created == {"标为打字员的人员": ["李娜"]} and not Person.get().is_typist  # said, not written
    report = import_ledger("typing", path)
    assert report.created == {"标为打字员的人员": ["李娜"]} and any("已按台账标为打字员" in n for n in report.notices)
    assert Person.get().is_typist and report.unmatched == []
    rows = typing_pool.assess_period(date(2026, 1, 1), date(2026, 1, 31), typing_pool.standard_on(date(2026, 1, 31)))
    assert [(r.name, r.on_file) for r in rows] == [("李娜", True)]


def test_four_quarters_of_tallies_go_into_an_empty_database(database, tmp_path):
    header = ["科室", "好", "较好", "一般", "差"]
    sheets = {f"2025年第{q}季度": [header, ["秘书一科", 10, 5, 1, 0], ["综合科", 8, 6, 2, 0]] for q in "一二三四"}
    path = book(tmp_path / "评议.xlsx", sheets)
    preview = import_ledger("rating-tallies", path, all_sheets=True, dry_run=True)
    assert preview.created["科室"] == ["秘书一科", "综合科"] and Section.select().count() == 0
    report = import_ledger("rating-tallies", path, all_sheets=True)
    assert report.imported == 8 and report.created["科室"] == ["秘书一科", "综合科"]
    assert Tally.select().count() == 8 * 3


def test_a_task_ledger_creates_its_sections(database, tmp_path):
    path = book(tmp_path / "督办.xlsx", {"S": [["督办事项", "责任人", "责任科室", "交办日期", "办结时限"],
                                              ["修订制度", "王芳", "法规科", "2025-10-8", "2025-10-30"]]})
    report = import_ledger("tasks", path)
    assert report.imported == 1 and report.created == {"科室": ["法规科"]}
    assert SupervisedTask.get().section.name == "法规科"


def test_a_trip_log_naming_a_driver_with_no_staff_file_still_counts(database, tmp_path):
    from govoffice_desktop.services import fleet

    path = book(tmp_path / "出车.xlsx", {"S": [["出车日期", "车牌号", "驾驶员", "行驶里程"],
                                               ["2026.1.5", "苏NA1234", "赵刚", 120], ["2026.1.6", "苏NA1234", "赵刚", 80]]})
    report = import_ledger("trips", path)
    assert report.imported == 2 and report.unmatched == ["赵刚"]
    runs = {r.name: r.km for r in fleet.safe_driving()}
    assert runs["赵刚（未建档）"] == 200 and runs["全办"] == 200


def test_a_log_of_one_car_imports_when_the_vehicle_is_given(tmp_path, capsys):
    from govoffice_desktop.models.fleet import Trip, Vehicle

    path = book(tmp_path / "车辆使用明细表.xlsx", {"S": [["出车日期", "驾驶员", "目的地", "行驶里程"],
                                                          ["2026.1.5", "赵刚", "宿城", 120]]})
    target = tmp_path / "new.db"
    assert app.main(["--db", str(target), "import", "trips", str(path), "--json"]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert "找不到必需的列：车牌号" in refused["errors"][0]["message"]
    assert app.main(["--db", str(target), "import", "trips", str(path), "--vehicle", "苏n·a1234", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["imported"] == 1 and out["created"]["车辆"] == ["苏NA1234"]
    db.open_database(target)
    try:
        assert Trip.select().join(Vehicle).where(Vehicle.plate == "苏NA1234").count() == 1
    finally:
        db.close_database()
    assert app.main(["--db", str(target), "import", "trips", str(path), "--vehicle", "不是车牌"]) == 1
    with pytest.raises(SystemExit) as usage:  # --vehicle on a staff ledger: a usage error (issue 19)
        app.main(["--db", str(target), "import", "staff", str(path), "--vehicle", "苏NA1234"])
    assert usage.value.code == 2


def test_a_tally_of_criteria_is_not_taken_for_sections(database, tmp_path):
    from govoffice_desktop.models.ratings import Criterion

    Criterion.create(direction="下评上", name="服务态度")
    path = book(tmp_path / "评议.xlsx", {"2025年第一季度": [["科室", "好", "较好", "一般", "差"],
                                                             ["服务态度", 10, 5, 1, 0]]})
    report = import_ledger("rating-tallies", path)
    assert report.refused and "是评议内容，不是科室" in report.errors[0].message
    assert Section.select().count() == 0
