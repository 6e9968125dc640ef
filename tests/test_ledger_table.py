"""Finding the table: titles skipped, multi-row merged headers named, data rows filled and skips reported."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govoffice_desktop.ledgers.reader import read_workbook
from govoffice_desktop.ledgers.table import Skipped, data_rows, find_table, normalise_header
from tests.ledger_fixtures import messy_fuel_ledger

from tests.ledger_fixtures import PUBLIC, needs_public


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


@pytest.mark.parametrize("raw,clean", [("姓名_real_name", "姓名"), ("部门/Department", "部门"),
                                       ("加油量(L)", "加油量(L)"), ("name", "name")])
def test_a_bilingual_header_keeps_its_chinese_name(raw, clean):
    assert normalise_header(raw) == clean


@pytest.mark.parametrize("values,reason", [
    (["1月小计", "", 300], "小计/合计行"), (["", "本月合计", 1], "小计/合计行"), (["一季度合计", 5], "小计/合计行"),
    (["小　计", 5], "小计/合计行"), (["合 计：", 5], "小计/合计行"),
    ([7, "", "", ""], "只有序号的空行"), (["12", None, ""], "只有序号的空行"),
    (["{{$fe:listMap t.id", "t.name", "t.sex"], "模板占位行"), (["${name}", "${dept}}"], "模板占位行"),
    (["注：金额以发票为准", ""], "注释行"), (["说明：本表按月填报"], "注释行"), (["本表一式三份，经办机构二份。"], "注释行"),
    (["填表人：李某", "", "联系电话：0911-2112345"], "签字/落款行"), (["申请时间  年  月  日"], "签字/落款行"),
    (["制表日期：2025年3月5日"], "签字/落款行"), (["经手人：", "", "接收人："], "签字/落款行"),
    (["", "", "", "       申请时间：2024年  5月 26日"], "签字/落款行"),
])
def test_rows_that_are_not_records_are_skipped_with_their_reason(values, reason):
    from govoffice_desktop.ledgers.table import skip_reason

    assert skip_reason(values) == reason


@pytest.mark.parametrize("values", [
    [1, "张三", "男"], ["合计加班费发放通知", "张三", 5], ["苏A12345", "2025-3-5", 40.5], [3, "备注：晚到"],
    ["王五", "说明：出差"],
])
def test_records_are_not_mistaken_for_totals_notes_or_sign_offs(values):
    from govoffice_desktop.ledgers.table import skip_reason

    assert skip_reason(values) is None


def test_an_information_line_above_the_header_is_not_part_of_its_names(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["职业培训补贴人员花名册"])
    ws.append(["培训机构（印章）：某学校", None, "培训专业：中式烹调师  培训时间：2024年5月"])
    ws.append(["序号", "姓名_real_name", "身份证号", "单位：元\n金额"])
    ws.append([1, "张小燕", "610602199003146743", 5])
    ws.merge_cells("A1:D1")
    ws.merge_cells("A2:B2")
    ws.merge_cells("C2:D2")
    wb.save(tmp_path / "r.xlsx")
    (sheet,) = read_workbook(tmp_path / "r.xlsx")
    table = find_table(sheet, ["姓名", "身份证号"])
    assert (table.header_first, table.header_last) == (2, 2)
    assert table.columns[:3] == ["序号", "姓名", "身份证号"]
