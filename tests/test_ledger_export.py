"""Export: what a table shows, as a tidy .xlsx that Excel opens with real dates and numbers."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import openpyxl

from govoffice_desktop import app, cli
from govoffice_desktop.ledgers.export import display_width, export_listing, export_rows
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.services import fleet


def test_title_header_widths_and_types(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = [[date(2025, 3, 5), datetime(2025, 3, 5, 8, 30), Decimal("300.50"), "=SUM(A1)", "中文中文中文中文中文", True]]
    assert export_rows(path, "加油记录", ["日期", "时间", "金额", "备注", "加油站", "加满"], rows, "苏NA") == 1
    sheet = openpyxl.load_workbook(path).active
    assert sheet["A1"].value == "加油记录（筛选：苏NA）" and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["日期", "时间", "金额", "备注", "加油站", "加满"] and sheet["A2"].font.bold
    assert sheet.freeze_panes == "A3"
    assert sheet["A3"].value == datetime(2025, 3, 5) and sheet["A3"].number_format == "yyyy-mm-dd"
    assert sheet["C3"].value == 300.5 and sheet["C3"].number_format == "#,##0.00"
    assert sheet["D3"].value == "=SUM(A1)" and sheet["D3"].data_type == "s"  # text, never a formula
    assert sheet["F3"].value == "是"
    assert sheet.column_dimensions["E"].width == display_width("中文中文中文中文中文") + 2 == 22


def test_export_listing_keeps_the_order_and_filter(database, tmp_path):
    v = Vehicle.create(plate="苏NA1234")
    w = Vehicle.create(plate="苏NB2345")
    for i in range(5):
        Refuel.create(filled_at=datetime(2026, 1, 1 + i), vehicle=v if i % 2 else w, litres="40", amount="300")
    listing = fleet.refuel_listing()
    ids = listing.ids("NA12")
    path = tmp_path / "r.xlsx"
    assert export_listing(path, "加油记录", listing, ids, filter_text="NA12") == 2
    sheet = openpyxl.load_workbook(path).active
    assert [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)] == [datetime(2026, 1, 4), datetime(2026, 1, 2)]


def test_cli_export(tmp_path, capsys):
    target = str(tmp_path / "x.db")
    assert app.main(["--db", target, "demo", "--as-of", "2026-06-30"]) == cli.EXIT_OK
    capsys.readouterr()
    out = tmp_path / "staff.xlsx"
    assert app.main(["--db", target, "export", "staff", str(out), "--json"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["rows"] > 70
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A2"].value == "姓名"
    ids = [c.value for c in sheet["M"][2:] if c.value]
    assert ids and all("*" in i for i in ids)  # ID numbers leave masked, as the table shows them


def test_text_stays_text_and_money_exact(tmp_path):
    """Written with xlsxwriter: no string becomes a link, a formula or a number, and a Decimal
    keeps its exact value; a column of mixed kinds keeps each cell's own format."""
    path = tmp_path / "t.xlsx"
    rows = [["http://example.com/a", "+86 0527", "-5", "0012", Decimal("12345678901.23"), False, None],
            ["mailto:x@y.z", "@张三", "3.5", "", Decimal("0.10"), True, date(2026, 1, 2)]]
    assert export_rows(path, "杂项", ["网址", "电话", "文字", "编号", "金额", "加满", "日期"], rows) == 2
    sheet = openpyxl.load_workbook(path).active
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert values[0][:4] == ["http://example.com/a", "+86 0527", "-5", "0012"]
    assert values[1][:3] == ["mailto:x@y.z", "@张三", "3.5"]
    assert all(sheet.cell(r, c).data_type == "s" for r in (3, 4) for c in (1, 2, 3))
    assert not sheet._hyperlinks and sheet["A3"].hyperlink is None
    assert Decimal(str(values[0][4])) == Decimal("12345678901.23") and values[1][4] == 0.1
    assert sheet["E3"].number_format == "#,##0.00" and sheet["G4"].number_format == "yyyy-mm-dd"
    assert [values[0][5], values[1][5]] == ["否", "是"] and values[0][6] is None
