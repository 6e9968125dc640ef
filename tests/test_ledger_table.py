"""Finding the table: titles skipped, multi-row merged headers named, data rows filled and skips reported."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govoffice_desktop.ledgers.reader import read_workbook
from govoffice_desktop.ledgers.table import Skipped, data_rows, find_table, normalise_header
from tests.ledger_fixtures import messy_fuel_ledger

PUBLIC = Path(__file__).resolve().parents[2] / "shared" / "ledgers" / "public"
needs_public = pytest.mark.skipif(not PUBLIC.is_dir(), reason="public ledger templates not beside the checkout")


@pytest.mark.parametrize("raw,clean", [
    ("序 号", "序号"), ("加油量\n（升）", "加油量(升)"), (" 姓  名 ", "姓名"), ("出生年月：", "出生年月"),
    ("*车牌号", "车牌号"), ("岀车日期", "出车日期"), ("金额【元】", "金额(元)"), (None, ""),
])
def test_header_text_is_normalised(raw, clean):
    assert normalise_header(raw) == clean


def test_a_messy_ledger_is_understood(tmp_path):
    (sheet,) = read_workbook(messy_fuel_ledger(tmp_path / "fuel.xlsx"))
    table = find_table(sheet, ["车牌号", "加油日期", "加油量(升)", "单价", "金额"])
    assert (table.header_first, table.header_last) == (2, 3)
    assert table.columns == ["车牌号", "加油日期", "加油情况/加油量(升)", "加油情况/单价", "加油情况/金额", "备注"]
    assert table.leaves[2] == "加油量(升)"
    skipped: list[Skipped] = []
    rows = list(data_rows(table, skipped))
    assert [r.row for r in rows] == [5, 6, 9]
    assert rows[1].values[0] == "苏N·A1234"  # filled down from the merged cell above
    assert [(s.row, s.reason) for s in skipped] == [(7, "小计/合计行"), (8, "空行"), (10, "小计/合计行"),
                                                   (11, "签字/落款行")]


def test_no_header_no_table(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append([1, 2, 3])
    wb.active.append([4, 5, 6])
    path = tmp_path / "numbers.xlsx"
    wb.save(path)
    (sheet,) = read_workbook(path)
    assert find_table(sheet) is None


@needs_public
@pytest.mark.parametrize("name,first,columns", [
    ("cadrearch__scatteredFilesModel.xls", 2, ["序号", "姓名", "职务", "材料名称", "份数"]),
    ("cadrearch__superviseHandleModel.xls", 2, ["序号", "姓名", "出生日期", "原任职单位及职务", "任现职时间",
                                                "现任职单位及职务"]),
    ("cqussh__加油信息.xls", 0, ["交易流水号", "金额", "油量", "车牌号", "司机", "交易时间", "是否外购"]),
    ("xiejava__民主评议表汇总.xlsx", 0, ["序号", "姓名", "优秀", "称职", "基本称职", "不称职", "不了解", "票数",
                                          "计分", "评价"]),
])
def test_public_templates_headers(name, first, columns):
    sheet = read_workbook(PUBLIC / name)[0]
    table = find_table(sheet, ["姓名", "车牌号", "序号"])
    assert table.header_first == first and table.columns == columns


@needs_public
def test_a_header_merged_over_two_rows_is_one_band():
    sheet = read_workbook(PUBLIC / "cikian__考核明细清单.xls")[0]
    table = find_table(sheet, ["年度"])
    assert (table.header_first, table.header_last) == (0, 1)
    assert table.columns[:5] == ["年度", "单位(处室)", "排名", "分数", "等次"]
