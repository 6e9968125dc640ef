"""Real-shaped ledgers the tests build: titles, merged two-row headers, vertical merges,
subtotal, total, blank and sign-off rows, mixed date shapes, numbers as text."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest


def _public_folder() -> Path:
    """The public ledgers: ``../shared/ledgers/public`` from the repository root, or /work/shared."""
    root = Path(__file__).resolve().parents[1]
    for folder in (root.parent / "shared" / "ledgers" / "public", root.parents[1] / "shared" / "ledgers" / "public",
                   Path("/work/shared/ledgers/public")):
        if folder.is_dir():
            return folder
    return root.parent / "shared" / "ledgers" / "public"


PUBLIC = _public_folder()
needs_public = pytest.mark.skipif(not PUBLIC.is_dir(), reason=f"the public ledgers are not here: {PUBLIC}")


def messy_fuel_ledger(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年3月"
    ws.append(["2025年3月车辆加油登记表"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：市政府办公室行政科", None, None, None, "2025年4月2日", None])
    ws.append(["车  牌  号", "加油\n日期", "加油情况", None, None, "备注"])
    ws.append([None, None, "加油量（升）", "单价", "金额", None])
    for col in ("A", "B", "F"):
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("C3:E3")
    ws.append(["苏N·A1234", "2025.3.5", "40", 7.5, 300, None])      # row 5
    ws.append([None, "2025年3月9日", 38.2, 7.5, 286.5, "高速"])       # row 6: plate merged down
    ws.merge_cells("A5:A6")
    ws.append(["小计", None, 78.2, None, 586.5, None])                # row 7
    ws.append([None, None, None, None, None, None])                   # row 8
    ws.append(["苏NB2345", 45721, "35", "7.6", "266", None])          # row 9
    ws.append(["合  计", None, 113.2, None, 852.5, None])             # row 10
    ws.append(["填表人：张三", None, "审核人：李四", None, None, None])  # row 11
    wb.save(path)
    return path


def messy_fuel_ledger_xls(path: Path) -> Path:
    """The same shapes as an Excel 2003 / WPS .xls, one sheet per month: a title merged across,
    a two-row header with 加油情况 merged over its three columns, a plate merged down over two
    rows, dates as date cells and as text, a subtotal and a sign-off row."""
    import datetime

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for month in (1, 2):
        ws = book.add_sheet(f"{month}月")
        ws.write_merge(0, 0, 0, 5, f"2025年{month}月车辆加油登记表")
        ws.write_merge(1, 2, 0, 0, "车 牌 号")
        ws.write_merge(1, 2, 1, 1, "加油日期")
        ws.write_merge(1, 1, 2, 4, "加油情况")
        for col, name in ((2, "加油量（升）"), (3, "单价"), (4, "金额")):
            ws.write(2, col, name)
        ws.write_merge(1, 2, 5, 5, "驾驶员")
        ws.write_merge(3, 4, 0, 0, "苏N·A1234")                           # rows 4-5: merged down
        ws.write(3, 1, datetime.date(2025, month, 5), day)
        ws.write(4, 1, f"2025年{month}月9日")
        for row, (litres, price, amount) in ((3, (40, 7.5, 300)), (4, ("38.2升", "7.50", "286.5元"))):
            ws.write(row, 2, litres)
            ws.write(row, 3, price)
            ws.write(row, 4, amount)
            ws.write(row, 5, "张三")
        ws.write(5, 0, "小  计")                                          # row 6
        ws.write(5, 4, 586.5)
        ws.write(6, 0, "苏NB2345")                                        # row 7
        ws.write(6, 1, f"2025.{month}.20")
        ws.write(6, 2, 35)
        ws.write(6, 4, 266)
        ws.write(8, 0, "填表人：王五")                                     # row 9, after a blank row
    book.save(str(path))
    return path
