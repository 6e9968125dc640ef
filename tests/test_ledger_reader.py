"""Reading workbooks: every sheet and merge of real ledgers, and clear refusals of bad files."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govoffice_desktop.ledgers.reader import LedgerError, read_workbook

# shared/ stands beside the checkout (and beside CI's clone).
from tests.ledger_fixtures import PUBLIC  # noqa: E402  (../shared/ledgers/public, or /work/shared)
needs_public = pytest.mark.skipif(not PUBLIC.is_dir(), reason="public ledger templates not beside the checkout")


@needs_public
def test_reads_an_xls_fuel_card_statement_with_both_sheets():
    sheets = read_workbook(PUBLIC / "cqussh__加油信息.xls")
    assert [s.name for s in sheets] == ["Sheet1", "格式要求"]
    first = sheets[0]
    assert first.rows[0] == ["交易流水号", "金额", "油量", "车牌号", "司机", "交易时间", "是否外购"]
    assert first.rows[1][3] == "渝AMF053" and first.rows[1][1] == 2000.0


@needs_public
def test_reads_merged_ranges_of_a_two_row_header():
    (sheet,) = read_workbook(PUBLIC / "cikian__考核明细清单.xls", sheets=["平时考核结果"])
    assert ((0, 0), (1, 0)) in sheet.merged  # 年度 over two rows
    assert sheet.rows[0][:2] == ["年度", "单位（处室）"]


@needs_public
def test_reads_every_public_template():
    for path in sorted(PUBLIC.glob("*.xls*")):
        sheets = read_workbook(path)
        assert sheets, path
        assert all(len(set(map(len, s.rows))) <= 1 for s in sheets), path  # rectangular


def test_reads_xlsx_with_merges_and_trims_empty_edges(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "3月"
    ws["A1"] = "车辆加油登记表"
    ws.merge_cells("A1:D1")
    ws.append(["车牌号", "加油情况", None, None])
    ws.merge_cells("B2:D2")
    ws.append([None, "加油量", "单价", "金额"])
    ws.append(["苏NA1234", 40, 7.5, 300])
    ws["H20"] = None
    path = tmp_path / "fuel.xlsx"
    wb.save(path)
    (sheet,) = read_workbook(path)
    assert sheet.name == "3月" and sheet.width == 4 and len(sheet.rows) == 4
    assert ((0, 0), (0, 3)) in sheet.merged and ((1, 1), (1, 3)) in sheet.merged


@pytest.mark.parametrize("name,content,message", [
    ("notes.txt", b"hello", "不是电子表格"),
    ("empty.xlsx", b"", "空文件"),
    ("fake.xlsx", b"this is not a zip file at all" * 20, "无法读取"),
    ("fake.xls", b"\x00\x01garbage" * 50, "无法读取"),
])
def test_bad_files_are_refused_with_a_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerError, match=message):
        read_workbook(path)


def test_a_truncated_workbook_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    for i in range(200):
        wb.active.append([f"行{i}", i, i * 1.5])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(LedgerError, match="损坏|不完整"):
        read_workbook(cut)


def test_a_sheet_with_a_far_away_cell_is_refused_not_a_crash(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["车牌号", "加油量"])
    wb.active.append(["苏NA1234", 40])
    wb.active["XFD1048576"] = " "
    path = tmp_path / "sprawl.xlsx"
    wb.save(path)
    with pytest.raises(LedgerError, match="已用区域异常大"):
        read_workbook(path)


def test_missing_files_and_sheets(tmp_path):
    with pytest.raises(LedgerError, match="找不到文件"):
        read_workbook(tmp_path / "nope.xlsx")
    wb = openpyxl.Workbook()
    path = tmp_path / "one.xlsx"
    wb.save(path)
    with pytest.raises(LedgerError, match="没有工作表：二月"):
        read_workbook(path, sheets=["二月"])


def test_an_encrypted_workbook_is_named_as_such(tmp_path):
    # Excel keeps an encrypted .xlsx inside an OLE compound file instead of a zip.
    path = tmp_path / "secret.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 4096)
    with pytest.raises(LedgerError, match="加密"):
        read_workbook(path)


def test_a_file_too_large_for_a_ledger_is_refused(tmp_path, monkeypatch):
    from govoffice_desktop.ledgers import reader

    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK" + b"\x00" * 3 * 1024 * 1024)
    monkeypatch.setattr(reader, "MAX_BYTES", 2 * 1024 * 1024)
    with pytest.raises(LedgerError, match="超过台账文件上限"):
        read_workbook(path)


def test_error_cells_are_found_whatever_the_attribute_order():
    from govoffice_desktop.ledgers.reader import _error_cells

    xml = (b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c s="3" r="AB2" t="e"><f>1/0</f>'
           b'<v>#DIV/0!</v></c><c t="e" r="C2"><v>#REF!</v></c><c r="D2" t="e"/><c r="E2"><v>1</v></c></row>')
    assert _error_cells(xml) == {(1, 27): "#DIV/0!", (1, 2): "#REF!"}
    assert _error_cells(b'<c r="A1"><v>1</v></c>') == {}
