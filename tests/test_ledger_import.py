"""Importing ledgers: all rows or none, duplicates counted, references created or linked, rejects kept."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.ledgers.reader import LedgerError
from govoffice_desktop.models import ALL_MODELS
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.staff import Person, Section
from tests.ledger_fixtures import messy_fuel_ledger, messy_fuel_ledger_xls

from tests.ledger_fixtures import PUBLIC  # noqa: E402  (../shared/ledgers/public, or /work/shared)


def snapshot():
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


def test_a_messy_fuel_ledger_imports(database, tmp_path):
    Person.create(name="刘洋")
    report = import_ledger("refuels", messy_fuel_ledger(tmp_path / "f.xlsx"))
    assert report.errors == [] and report.imported == 3 and report.rows_read == 3
    assert report.created == {"车辆": ["苏NA1234", "苏NB2345"]}
    assert [s.row for s in report.skipped] == [7, 8, 10, 11]
    first = Refuel.select().order_by(Refuel.filled_at).first()
    assert first.filled_at == datetime(2025, 3, 5) and first.litres == Decimal("40.00")
    assert first.amount == Decimal("300.00") and first.unit_price == Decimal("7.50")
    serial = Refuel.select().join(Vehicle).where(Vehicle.plate == "苏NB2345").get()
    assert serial.filled_at == datetime(2025, 3, 5)  # an Excel serial number
    # A bulk import is audited by one chained entry per batch listing its rows' ids (bulk_insert audit="batch")
    (entry,) = AuditLog.select().where(AuditLog.table == "refuel")
    assert entry.action == "create" and entry.row_id is None and entry.hash
    assert sorted(json.loads(entry.after)["ids"]) == sorted(r.id for r in Refuel.select())


def test_importing_the_same_ledger_again_adds_nothing(database, tmp_path):
    path = messy_fuel_ledger(tmp_path / "f.xlsx")
    import_ledger("refuels", path)
    before = snapshot()
    again = import_ledger("refuels", path)
    assert again.imported == 0 and again.duplicates == 3
    assert snapshot() == before


def fuel_rows(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["车牌号", "加油日期", "加油量（升）", "单价", "金额", "驾驶员"])
    for r in rows:
        wb.active.append(r)
        for cell in wb.active[wb.active.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text in the ledger
    wb.save(path)
    return path


def test_an_error_in_the_last_row_leaves_every_table_unchanged(database, tmp_path):
    rows = [["苏NA1234", f"2025-3-{d}", 40, 7.5, 300, "张三"] for d in range(1, 20)]
    rows.append(["苏NA1234", "2025-2-30", 40, 7.5, 300, "张三"])
    before = snapshot()
    report = import_ledger("refuels", fuel_rows(tmp_path / "f.xlsx", rows))
    assert report.refused and report.imported == 0
    (error,) = report.errors
    assert (error.sheet, error.row, error.column, error.value) == ("Sheet", 21, "加油日期", "2025-2-30")
    assert "没有这一天" in error.message
    assert snapshot() == before


def test_keep_valid_imports_the_good_rows_and_writes_the_rest_to_fix(database, tmp_path):
    rows = [["苏NA1234", "2025-3-1", 40, 7.5, 300, ""], ["苏NA1234", "2025-3-2", "很多", 7.5, 300, ""],
            ["不是车牌", "2025-3-3", 40, 7.5, 300, ""], ["苏NA1234", "2025-3-4", 40, 7.5, 999, "=cmd()"]]
    rejects = tmp_path / "rejects.xlsx"
    report = import_ledger("refuels", fuel_rows(tmp_path / "f.xlsx", rows), keep_valid=rejects)
    assert report.imported == 1 and Refuel.select().count() == 1
    assert report.errors[0].column == "加油量（升）"  # as the user wrote it, full-width brackets and all
    sheet = openpyxl.load_workbook(rejects).active
    got = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [r[1] for r in got] == [3, 4, 5]
    assert "应为数字" in got[0][2] and "车牌号" in got[1][2] and "不符" in got[2][2]
    assert got[2][-1] == "=cmd()" and sheet.cell(4, len(got[2])).data_type == "s"  # text, not a formula


def test_dry_run_writes_nothing_and_says_what_would_come(database, tmp_path):
    report = import_ledger("refuels", messy_fuel_ledger(tmp_path / "f.xlsx"), dry_run=True)
    assert report.valid == 3 and report.imported == 0
    assert Refuel.select().count() == 0 and Vehicle.select().count() == 0


def test_any_two_of_litres_price_amount_give_the_third(database, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["车号", "交易时间", "油量", "金额"])
    wb.active.append(["渝AMF053", "2016/7/10 08:30:00", 300, 2000])
    wb.save(tmp_path / "card.xlsx")
    report = import_ledger("refuels", tmp_path / "card.xlsx")
    assert report.imported == 1
    refuel = Refuel.get()
    assert refuel.unit_price == Decimal("6.67") and refuel.odometer is None


@pytest.mark.skipif(not PUBLIC.is_dir(), reason="public ledger templates not beside the checkout")
def test_the_public_fuel_card_statement_imports(database):
    report = import_ledger("refuels", PUBLIC / "cqussh__加油信息.xls")
    assert report.imported == 1 and report.unmatched == ["王顺涛"] and "是否外购" in report.unmapped
    assert Refuel.get().amount == Decimal("2000.00")


def test_staff_ledger_creates_sections_and_checks_id_numbers(database, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["市政府办公室人员花名册"])
    ws.merge_cells("A1:F1")
    ws.append(["序 号", "姓  名", "性别", "出生年月", "所在科室", "身份证号码"])
    ws.append([1, "王建国", "男", 1985.1, "秘书一科", "11010519851001105x"])
    ws.append([2, "李  娜", "女性", "1990.03", "综合科", None])
    ws.append([3, "赵六", "男", "1990.03", "综合科", "110105194912310021"])
    path = tmp_path / "staff.xlsx"
    wb.save(path)
    report = import_ledger("staff", path)
    assert report.refused
    assert [(e.row, e.column) for e in report.errors] == [(5, "身份证号码")]
    report = import_ledger("staff", path, keep_valid=tmp_path / "r.xlsx")
    assert report.imported == 2 and report.created == {"科室": ["秘书一科", "综合科"]}
    wang = Person.get(Person.name == "王建国")
    assert wang.birth == date(1985, 10, 1) and wang.id_number == "11010519851001105X"
    assert wang.section.name == "秘书一科" and Person.get(Person.name == "李娜").gender == "女"
    assert Section.select().count() == 2


@pytest.mark.parametrize("content,message", [(b"not a workbook", "无法读取"), (b"", "空文件")])
def test_bad_files_write_nothing(database, tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(LedgerError, match=message):
        import_ledger("refuels", path)


def test_no_recognisable_header(database, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["甲", "乙", "丙"])
    wb.active.append(["1", "2", "3"])
    wb.save(tmp_path / "x.xlsx")
    report = import_ledger("refuels", tmp_path / "x.xlsx")
    assert report.refused and "找不到必需的列" in report.errors[0].message


def test_cli_import_json_and_exit_codes(tmp_path, capsys):
    target = str(tmp_path / "x.db")
    from govoffice_desktop.models import db

    db.open_database(target)
    db.close_database()
    path = str(messy_fuel_ledger(tmp_path / "f.xlsx"))
    assert app.main(["--db", target, "import", "refuels", path, "--dry-run", "--json"]) == cli.EXIT_OK
    out = json.loads(capsys.readouterr().out)
    assert out["rows_read"] == 3 and out["imported"] == 0 and out["skipped"][0] == {"sheet": "2025年3月", "row": 7,
                                                                                    "reason": "小计/合计行"}
    assert app.main(["--db", target, "import", "refuels", path]) == cli.EXIT_OK
    assert "已导入 3 行" in capsys.readouterr().out
    bad = str(fuel_rows(tmp_path / "bad.xlsx", [["苏NA1234", "明天", 40, 7.5, 300, ""]]))
    assert app.main(["--db", target, "import", "refuels", bad, "--json"]) == cli.EXIT_REFUSED
    err = json.loads(capsys.readouterr().out)["errors"][0]
    assert err == {"sheet": "Sheet", "row": 2, "column": "加油日期", "value": "明天",
                   "message": "应为日期（如 2025-3-5、2025.3.5、2025年3月5日）：'明天'"}


def test_a_zero_price_is_refused_not_a_crash(database, tmp_path):
    report = import_ledger("refuels", fuel_rows(tmp_path / "f.xlsx", [["苏NA1234", "2025-3-1", None, 0, 300, ""]]))
    assert report.refused and "单价必须大于0" in report.errors[0].message
    assert Refuel.select().count() == 0


def test_rejects_that_cannot_be_written_leave_nothing_imported(database, tmp_path):
    rows = [["苏NA1234", "2025-3-1", 40, 7.5, 300, ""], ["苏NA1234", "坏日期", 40, 7.5, 300, ""]]
    with pytest.raises(OSError):
        import_ledger("refuels", fuel_rows(tmp_path / "f.xlsx", rows), keep_valid=tmp_path / "no" / "such" / "r.xlsx")
    assert Refuel.select().count() == 0


def test_one_sheet_per_month(database, tmp_path):
    wb = openpyxl.Workbook()
    for month in (1, 2, 3):
        ws = wb.active if month == 1 else wb.create_sheet()
        ws.title = f"{month}月"
        ws.append(["车牌号", "加油日期", "加油量", "金额"])
        ws.append(["苏NA1234", f"2025-{month}-5", 40, 300])
        ws.append(["苏NA1234", f"2025-{month}-20", 35, 262.5])
    path = tmp_path / "year.xlsx"
    wb.save(path)
    assert import_ledger("refuels", path, dry_run=True).valid == 2  # the first sheet alone by default
    assert import_ledger("refuels", path, sheet="2月").imported == 2
    report = import_ledger("refuels", path, all_sheets=True)
    assert report.imported == 4 and report.duplicates == 2
    with pytest.raises(LedgerError, match="没有工作表：4月"):
        import_ledger("refuels", path, sheet="4月")


def test_an_xls_ledger_with_merges_and_one_sheet_per_month(database, tmp_path):
    path = messy_fuel_ledger_xls(tmp_path / "fuel.xls")
    report = import_ledger("refuels", path, all_sheets=True)
    assert report.errors == [] and report.imported == 6 and report.rows_read == 6
    assert [(s.sheet, s.row, s.reason) for s in report.skipped if s.sheet == "1月"] == [
        ("1月", 6, "小计/合计行"), ("1月", 8, "空行"), ("1月", 9, "签字/落款行")]
    merged = Refuel.select().join(Vehicle).where(Vehicle.plate == "苏NA1234").order_by(Refuel.filled_at)
    assert [(r.filled_at, r.litres, r.amount) for r in merged][:2] == [
        (datetime(2025, 1, 5), Decimal("40.00"), Decimal("300.00")),
        (datetime(2025, 1, 9), Decimal("38.20"), Decimal("286.50"))]
    lone = Refuel.select().join(Vehicle).where(Vehicle.plate == "苏NB2345").order_by(Refuel.filled_at).first()
    assert lone.unit_price == Decimal("7.60") and lone.filled_at == datetime(2025, 1, 20)
    assert report.unmatched == ["张三"]


def test_cells_showing_formula_errors_are_refused_not_imported_as_empty(database, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "加油"
    ws.append(["车牌号", "加油日期", "加油量", "单价", "金额", "里程表", "核对"])
    ws.append(["苏NA1234", "2025-3-1", 40, 7.5, 300, 1200, "#N/A"])      # an error where nothing is imported
    ws.append(["苏NA1234", "2025-3-2", 40, 7.5, 300, "#REF!", None])     # an error in a column that is
    ws.append(["苏NA1234", "2025-3-3", 40, "#DIV/0!", 300, 1300, None])  # optional, and one that is not
    path = tmp_path / "broken.xlsx"
    wb.save(path)
    assert ws["F3"].data_type == "e"  # stored as error cells, as Excel stores them
    before = snapshot()
    report = import_ledger("refuels", path)
    assert report.refused and snapshot() == before
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "里程表", "#REF!"), (4, "单价", "#DIV/0!")]
    assert "引用的单元格已被删除" in report.errors[0].message and "除数为零" in report.errors[1].message
    rejects = tmp_path / "rejects.xlsx"
    report = import_ledger("refuels", path, keep_valid=rejects)
    assert report.imported == 1 and Refuel.get().odometer == 1200
    got = [[c.value for c in r] for r in openpyxl.load_workbook(rejects).active.iter_rows(min_row=2)]
    assert got[0][3 + 5] == "#REF!"  # written back as it was, to be fixed


def test_a_staff_row_without_a_name_says_so(database, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "科室"])
    wb.active.append(["王建国", "男", "秘书一科"])
    wb.active.append(["  ", "女", "综合科"])
    wb.active.append(["李娜", "未知", "综合科"])
    wb.save(tmp_path / "staff.xlsx")
    report = import_ledger("staff", tmp_path / "staff.xlsx")
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (3, "姓名", "姓名不能为空"), (4, "性别", "性别应为男或女")]


def test_cancel_during_the_write_leaves_nothing_written(database, tmp_path):
    from govoffice_desktop.ledgers.importer import ImportCancelled

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("加油")
    sheet.append(["车牌号", "加油时间", "加油量", "单价", "金额"])
    start = datetime(2025, 1, 1)
    for i in range(6000):  # more than one batch of the write
        sheet.append([f"苏NA{1000 + i % 7}", start + timedelta(hours=i), 40, 7.5, 300])
    path = tmp_path / "f.xlsx"
    book.save(path)
    before = snapshot()
    seen = []

    def progress(percent, text):
        seen.append((percent, text))
        return not (text == "正在写入…" and percent > 70)  # cancel once the first batch is in

    with pytest.raises(ImportCancelled):
        import_ledger("refuels", path, progress=progress)
    assert snapshot() == before  # the batch already written, the vehicles created: all rolled back
    assert any(text == "正在检查…" for _, text in seen) and max(p for p, t in seen if t == "正在检查…") <= 60
    assert [p for p, t in seen if t == "正在写入…"] == [70, 70 + 30 * 5000 // 6000]


def test_cli_import_starts_a_new_database_and_a_failing_dry_run_exits_1(tmp_path, capsys):
    rows = [["苏NA1234", "2025-3-1", 40, 7.5, 300, ""], ["苏NA1234", "2025-2-30", 40, 7.5, 300, ""]]
    path = fuel_rows(tmp_path / "f.xlsx", rows)
    target = tmp_path / "new-office.db"
    assert app.main(["--db", str(target), "import", "refuels", str(path), "--dry-run"]) == 1
    assert "（只检查，未写入）" in capsys.readouterr().out and target.exists()
    good = fuel_rows(tmp_path / "g.xlsx", rows[:1])
    assert app.main(["--db", str(target), "import", "refuels", str(good)]) == 0
