"""The shapes offices hand the importer: which sheet, which column, which word (issue 16)."""
from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.ledgers.mapping import field_specs, guess_mapping
from govoffice_desktop.ledgers.reader import read_workbook
from govoffice_desktop.ledgers.table import find_table
from govoffice_desktop.models.fleet import Refuel, Trip
from govoffice_desktop.models.staff import Person


def book(path, sheets: dict[str, list[list]], hidden=()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def mapping_of(tmp_path, kind, header, rows=()):
    path = book(tmp_path / "m.xlsx", {"S": [header, *rows]})
    (sheet,) = read_workbook(path)
    table = find_table(sheet, [s for spec in field_specs(kind) for s in spec.synonyms])
    return guess_mapping(table, field_specs(kind)), table


FUEL = ["车牌号", "加油日期", "加油量", "单价", "金额", "驾驶员", "加油站"]


def test_fuel_receipts_are_never_imported_as_trips(database, tmp_path):
    path = book(tmp_path / "f.xlsx", {"加油": [FUEL, ["苏NA1234", "2025-3-5", 40, 7.5, 300, "张三", "城南站"]]})
    report = import_ledger("trips", path)
    assert report.refused and Trip.select().count() == 0
    assert report.errors[0].message == "这张表像加油记录，请按 refuels 导入"


def test_the_sheet_that_fits_is_taken_not_the_first(database, tmp_path):
    path = book(tmp_path / "f.xlsx", {"说明": [["字段名", "类型", "备注"], ["车牌号", "文本", ""]],
                                      "空表": [FUEL],
                                      "加油": [FUEL, ["苏NA1234", "2025-3-5", 40, 7.5, 300, "张三", "城南站"]]})
    report = import_ledger("refuels", path)
    assert report.imported == 1 and Refuel.select().count() == 1  # rows win over the empty sheet


def test_hidden_sheets_are_left_out_unless_named(database, tmp_path):
    row = ["苏NA1234", "2025-3-5", 40, 7.5, 300, "张三", "城南站"]
    path = book(tmp_path / "f.xlsx", {"旧": [FUEL, row], "新": [FUEL]}, hidden=("旧",))
    assert import_ledger("refuels", path, dry_run=True).valid == 0
    assert import_ledger("refuels", path, sheet="旧", dry_run=True).valid == 1


def test_a_refusal_names_every_sheet_tried_and_why(database, tmp_path):
    path = book(tmp_path / "f.xlsx", {"卡": [["油卡号", "持卡人"], ["9001", "张三"]], "人": [["姓名", "性别"]],
                                      "空": []})
    report = import_ledger("refuels", path)
    assert report.refused
    reasons = {e.sheet: e.message for e in report.errors}
    assert reasons["卡"].startswith("这是油卡登记表") and reasons["人"] == "这张表像人员花名册，请按 staff 导入"
    assert set(reasons) == {"卡", "人", "空"}


def test_an_exact_name_wins_over_a_substring_and_an_ambiguous_name_is_nobodys(tmp_path):
    mapping, table = mapping_of(tmp_path, "staff", ["姓名", "学历学位状态", "人员状态", "学历"])
    assert mapping.columns["status"] == 2 and mapping.columns["education"] == 3
    mapping, _ = mapping_of(tmp_path, "staff", ["姓名", "学历学位状态"])
    assert "status" not in mapping.columns and "education" not in mapping.columns
    assert mapping.unmatched == ["学历学位状态"]


def test_an_empty_column_never_wins_over_a_filled_one(tmp_path):
    mapping, _ = mapping_of(tmp_path, "staff", ["姓名", "职务", "职位"], [["张三", None, "科员"]])
    assert mapping.columns["post"] == 2 and mapping.unmatched == ["职务"]
    mapping, _ = mapping_of(tmp_path, "staff", ["姓名", "职务", "职位"])  # a form with no rows: the first
    assert mapping.columns["post"] == 1


def test_a_completion_date_beside_the_assignment_is_the_deadline(tmp_path):
    header = ["文稿名称", "责任人", "交办日期", "交办时间", "完成日期", "完成时间", "拟稿人", "完成日期"]
    mapping, _ = mapping_of(tmp_path, "tasks", header)
    assert mapping.columns["assigned_on"] == 2 and mapping.times["assigned_on"] == 3
    assert mapping.columns["deadline"] == 4 and mapping.times["deadline"] == 5
    assert "completed_on" not in mapping.columns  # the drafter's 完成日期 is not the task's
    mapping, _ = mapping_of(tmp_path, "tasks", ["事项名称", "责任人", "交办日期", "办结时限", "完成日期"])
    assert mapping.columns["deadline"] == 3 and mapping.columns["completed_on"] == 4


@pytest.mark.parametrize("header,field", [
    (["证件号码"], "id_number"), (["身份证号码"], "id_number"), (["入职时间"], "joined_on"),
    (["参加工作时间"], "joined_on"), (["当前公司入职日"], "joined_on"), (["岗位名称"], "post"),
])
def test_the_names_offices_use_for_staff_columns(tmp_path, header, field):
    mapping, _ = mapping_of(tmp_path, "staff", ["姓名", *header])
    assert mapping.columns[field] == 1


@pytest.mark.parametrize("header,kind,field", [
    ("车辆号牌", "refuels", "plate"), ("车辆", "refuels", "plate"), ("文稿规范名称", "tasks", "title"),
    ("要求完成时间", "tasks", "deadline"), ("完成时限", "tasks", "deadline"), ("办结时限", "tasks", "deadline"),
])
def test_the_names_offices_use_for_other_columns(tmp_path, header, kind, field):
    mapping, _ = mapping_of(tmp_path, kind, ["序号", header])
    assert mapping.columns[field] == 1


def test_date_and_time_in_two_columns_are_joined(database, tmp_path):
    path = book(tmp_path / "f.xlsx", {"S": [["车牌号", "加油日期", "加油时间", "加油量", "金额"],
                                            ["苏NA1234", "2025-3-5", "8:30", 40, 300],
                                            ["苏NA1234", 20250306, "9时15分", 40, 300]]})
    assert import_ledger("refuels", path).imported == 2
    assert [r.filled_at for r in Refuel.select().order_by(Refuel.filled_at)] == [
        datetime(2025, 3, 5, 8, 30), datetime(2025, 3, 6, 9, 15)]


def staff_book(tmp_path, header, *rows):
    return book(tmp_path / "s.xlsx", {"花名册": [header, *rows]})


def test_status_words_of_hr_systems_are_mapped_and_unknown_ones_listed(database, tmp_path):
    path = staff_book(tmp_path, ["姓名", "在职状态"], ["甲", "在职"], ["乙", "实习"], ["丙", "离职"], ["丁", "退休"],
                      ["戊", "借调"], ["己", "在编"])
    assert import_ledger("staff", path).imported == 6
    assert {p.name: p.status for p in Person.select()} == {"甲": "在岗", "乙": "试用期", "丙": "调离", "丁": "退休",
                                                            "戊": "借调", "己": "在岗"}
    report = import_ledger("staff", staff_book(tmp_path, ["姓名", "状态"], ["庚", "休假"]))
    (error,) = report.errors
    assert error.message.startswith("状态“休假”不认识，可用的词：在岗（在职、在编") and "退休（" in error.message


def test_a_birth_that_cannot_be_read_is_taken_from_a_valid_id(database, tmp_path):
    path = staff_book(tmp_path, ["姓名", "出生年月", "身份证号"], ["甲", "1987-6-10闰", "440305198706102137"],
                      ["乙", "1987-6-10闰", None])
    report = import_ledger("staff", path)
    assert [(e.row, e.column) for e in report.errors] == [(3, "出生年月")]
    report = import_ledger("staff", staff_book(tmp_path, ["姓名", "出生年月", "身份证号"],
                                               ["甲", "1987-6-10闰", "440305198706102137"]))
    assert report.imported == 1 and "已按身份证号填写：甲" in report.notices[0]
    assert Person.get().birth == date(1987, 6, 1) and Person.get().gender == "男"


def test_a_number_of_another_document_is_kept_as_written(database, tmp_path):
    path = staff_book(tmp_path, ["姓名", "证件类型", "证件号码"], ["甲", "护照", "E12345678"],
                      ["乙", "居民身份证", "123"])
    report = import_ledger("staff", path)
    assert [(e.row, e.column) for e in report.errors] == [(3, "证件号码")]  # a resident ID is checked
    report = import_ledger("staff", staff_book(tmp_path, ["姓名", "证件类型", "证件号码"], ["甲", "护照", "E12345678"]))
    assert report.imported == 1 and Person.get().id_number == "E12345678"


def test_a_section_given_as_a_path_takes_its_last_part(database, tmp_path):
    report = import_ledger("staff", staff_book(tmp_path, ["姓名", "部门"], ["甲", "市政府办公室/综合处/秘书科"]))
    assert report.imported == 1 and Person.get().section.name == "秘书科"
    assert any("取最后一级" in n and "秘书科" in n for n in report.notices)


@pytest.mark.parametrize("row,column,words", [
    (["苏NA1234", "1989-12-31", 40, 7.5, 300, None], "加油日期", "早于 1990-01-01"),
    (["苏NA1234", "2099-1-1", 40, 7.5, 300, None], "加油日期", "晚于今天之后 31 天"),
    (["苏NA1234", "2025-3-1", 350, 7.5, 2625, None], "加油量", "超过一次加油的上限 300 升"),
    (["苏NA1234", "2025-3-1", 40, 25, 1000, None], "单价", "不在 3–20 元/升之间"),
])
def test_values_far_outside_what_an_office_produces_are_refused_naming_the_bound(database, tmp_path, row, column,
                                                                                 words):
    path = book(tmp_path / "f.xlsx", {"S": [["车牌号", "加油日期", "加油量", "单价", "金额", "里程表"], row]})
    report = import_ledger("refuels", path)
    assert report.refused and [(e.column, words in e.message) for e in report.errors] == [(column, True)]


def test_an_odometer_far_past_the_fill_before_is_refused(database, tmp_path):
    path = book(tmp_path / "f.xlsx", {"S": [["车牌号", "加油日期", "加油量", "金额", "里程表"],
                                            ["苏NA1234", "2025-3-1", 40, 300, 10000],
                                            ["苏NA1234", "2025-3-8", 40, 300, 16000]]})
    (error,) = import_ledger("refuels", path).errors
    assert error.row == 3 and "超过上限 5000 公里" in error.message


def test_bounds_per_field(database, tmp_path):
    report = import_ledger("staff", book(tmp_path / "s.xlsx", {"S": [["姓名", "出生年月"], ["甲", "1899.12"],
                                                                     ["乙", "1950.01"]]}))
    assert [(e.row, e.column) for e in report.errors] == [(2, "出生年月")] and "早于 1900-01-01" in report.errors[0].message
    tasks = [["督办事项", "责任人", "交办日期", "办结时限"], ["甲", "王芳", "2025-1-1", f"{date.today().year + 5}-1-1"],
             ["乙", "王芳", "2025-1-1", f"{date.today().year + 11}-1-1"]]
    report = import_ledger("tasks", book(tmp_path / "t.xlsx", {"S": tasks}))
    assert [(e.row, e.column) for e in report.errors] == [(3, "办结时限")]
    typing = [["日期", "打字员", "文稿标题", "页数"], ["2025-1-1", "甲", "一", 2001]]
    assert "超过上限 2000 页" in import_ledger("typing", book(tmp_path / "y.xlsx", {"S": typing})).errors[0].message
    speed = [["测试日期", "打字员", "字数", "用时"], ["2025-1-1", "甲", 3100, 10]]
    assert "超过上限 300 字/分钟" in import_ledger("speed-tests", book(tmp_path / "z.xlsx", {"S": speed})).errors[0].message


def test_a_formula_without_its_result_is_an_error_where_required_and_a_notice_where_not(database, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["车牌号", "加油日期", "加油量", "单价", "金额", "里程表"])
    ws.append(["苏NA1234", "2025-3-1", 40, 7.5, 300, "=1000+1"])  # written by a program: no cached value
    ws.append(["苏NA1234", '=DATE(2025,3,2)', 40, 7.5, 300, None])
    wb.save(tmp_path / "f.xlsx")
    report = import_ledger("refuels", tmp_path / "f.xlsx")
    (error,) = report.errors
    assert (error.row, error.column) == (3, "加油日期")
    assert error.message == "公式没有计算结果：请在 Excel 或 WPS 中打开并保存后再导入"
    assert any("“里程表”列有 1 个单元格的公式没有计算结果" in n for n in report.notices)


@pytest.mark.parametrize("cell,words", [("张\x00三", "空字符（NUL）"), ("张\x07三", "控制字符"),
                                        ("\u202e三张", "双向文字控制符"), ("张" * 31, "超过 30 个字的上限")])
def test_cells_that_are_not_what_they_seem_are_refused_with_row_and_column(database, tmp_path, cell, words):
    import zipfile

    path = tmp_path / "s.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("S")
    ws.append(["姓名", "科室"])
    ws.append(["王五", "秘书科"])
    ws.append(["李四", "秘书科"])
    wb.save(path)
    # openpyxl refuses to write control characters: put the cell into the sheet's XML directly
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    escaped = "".join(f"_x{ord(c):04X}_" if ord(c) < 32 else c for c in cell)
    parts[sheet] = parts[sheet].replace("王五".encode(), escaped.encode())
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    report = import_ledger("staff", path)
    (error,) = report.errors
    assert (error.row, error.column) == (2, "姓名") and words in error.message


def test_zero_width_spaces_are_removed(database, tmp_path):
    report = import_ledger("staff", staff_book(tmp_path, ["姓名", "科室"], ["张\u200b三", "秘书\ufeff科"]))
    assert report.imported == 1 and Person.get().name == "张三" and Person.get().section.name == "秘书科"


@pytest.mark.parametrize("litres,ok", [("40升", True), ("40L", True), ("40 公升", True), ("４０．５", True),
                                       ("40元", False), ("40%", False), ("1.2万", False), ("40km", False)])
def test_a_litres_field_takes_litres_only(database, tmp_path, litres, ok):
    path = book(tmp_path / "f.xlsx", {"S": [["车牌号", "加油日期", "加油量", "单价"],
                                            ["苏NA1234", "2025-3-1", litres, 7.5]]})
    report = import_ledger("refuels", path)
    assert (report.imported == 1) is ok
    if not ok:
        assert "加油量应为数字（升数，单位只能写 升、L 或 公升）" in report.errors[0].message


def test_money_in_its_office_shapes(database, tmp_path):
    path = book(tmp_path / "f.xlsx", {"S": [["车牌号", "加油日期", "加油量", "金额"],
                                            ["苏NA1234", "2025-3-1", 40, "￥300.00"],
                                            ["苏NA1234", "2025-3-2", 40, "0.03万"]]})
    assert import_ledger("refuels", path).imported == 2
    assert sorted(r.amount for r in Refuel.select()) == [300, 300]


def test_a_label_and_value_form_is_not_a_roster(database, tmp_path):
    path = book(tmp_path / "表.xlsx", {"干部任免审批表": [["干部任免审批表"],
                                                          ["姓名", "张三", "性别", "男", "出生年月", "1985.03"],
                                                          ["民族", "汉", "籍贯", "江苏宿迁", "政治面貌", "中共党员"],
                                                          ["学历", "本科", "专业", "法学", "联系电话", "13800000000"]]})
    report = import_ledger("staff", path)
    assert report.refused and Person.select().count() == 0
    assert report.errors[0].message.startswith("这是一张登记表（项目名和内容并排")
