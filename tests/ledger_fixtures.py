"""Real-shaped ledgers the tests build: titles, merged two-row headers, vertical merges,
subtotal, total, blank and sign-off rows, mixed date shapes, numbers as text."""
from __future__ import annotations

from pathlib import Path

import openpyxl


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
