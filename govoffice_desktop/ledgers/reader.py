"""Reading a workbook (.xlsx, .xlsm, .xls, .ods) with python-calamine, every sheet, merges included.

``read_workbook`` refuses, with a Chinese message, what is not a spreadsheet, a corrupt or
encrypted file, and a file too large to be a ledger; it never raises anything else.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
MAX_BYTES = 200 * 1024 * 1024  # a ledger of several hundred thousand rows stays far below this
MAX_CELLS = 20_000_000  # what a sheet may really hold once read
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_SHEET_XML = 2 * 1024 ** 3  # one sheet's XML, unpacked


class LedgerError(Exception):
    """The file cannot be read as a ledger; the message says why, in Chinese."""


Range = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


@dataclass
class Sheet:
    name: str
    rows: list[list]  # cell values from A1, rectangular
    merged: list[Range] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def excel_row(self, index: int) -> int:
        """The row number the user sees in Excel for a 0-based row index."""
        return index + 1


def read_workbook(path: str | Path, sheets: list[str] | None = None) -> list[Sheet]:
    """Every sheet of ``path`` (or those named), with its cells and merged ranges."""
    path = Path(path)
    if not path.is_file():
        raise LedgerError(f"找不到文件：{path}")
    if path.suffix.lower() not in SUFFIXES:
        raise LedgerError(f"{path.name} 不是电子表格（应为 .xlsx、.xls、.xlsm 或 .ods）")
    size = path.stat().st_size
    if size == 0:
        raise LedgerError(f"{path.name} 是空文件")
    if size > MAX_BYTES:
        raise LedgerError(f"{path.name} 有 {size // (1024 * 1024)} MB，超过台账文件上限 {MAX_BYTES // (1024 * 1024)} MB")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        with path.open("rb") as handle:
            if handle.read(8) == OLE_MAGIC:
                # An .xlsx is a zip; one wrapped in an OLE container is how Excel stores it encrypted.
                raise LedgerError(f"{path.name} 设有密码（已加密），请在 Excel 中取消密码后另存再导入")
        if zipfile.is_zipfile(path):
            _refuse_sprawling_sheets(path)
    try:
        book = python_calamine.load_workbook(str(path))
    except python_calamine.PasswordError:
        raise LedgerError(f"{path.name} 设有密码（已加密），请在 Excel 中取消密码后另存再导入") from None
    except Exception as exc:  # calamine's errors for corrupt, truncated or foreign files
        raise LedgerError(f"{path.name} 无法读取：文件已损坏、不完整，或不是 Excel 文件（{exc}）") from None
    names = book.sheet_names
    if sheets:
        missing = [n for n in sheets if n not in names]
        if missing:
            raise LedgerError(f"{path.name} 中没有工作表：{'、'.join(missing)}（现有：{'、'.join(names)}）")
        names = [n for n in names if n in sheets]
    out = []
    try:
        for name in names:
            sheet = book.get_sheet_by_name(name)
            if sheet.height * sheet.width > MAX_CELLS:
                raise LedgerError(f"工作表“{name}”有 {sheet.height} 行 × {sheet.width} 列，超过台账的上限")
            rows = _trim(sheet.to_python(skip_empty_area=False))
            merged = list(sheet.merged_cell_ranges or []) if hasattr(sheet, "merged_cell_ranges") else []
            out.append(Sheet(name, rows, merged))
    except LedgerError:
        raise
    except Exception as exc:
        raise LedgerError(f"{path.name} 读取工作表时出错：{exc}") from None
    finally:
        book.close()
    return out


def _trim(rows: list[list]) -> list[list]:
    """Drop trailing empty rows and columns; make every row the same width."""
    def blank(v):
        return v is None or v == ""

    while rows and all(blank(v) for v in rows[-1]):
        rows.pop()
    width = 0
    for r in rows:
        for i in range(len(r) - 1, -1, -1):
            if not blank(r[i]):
                width = max(width, i + 1)
                break
    return [list(r[:width]) + [""] * (width - len(r[:width])) for r in rows]


_ROW_REF = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,7})"')
# Cell references by the length of their column letters: the longest present gives the widest column.
_CELL_COLS = {n: re.compile(rb'<c\b[^>]*?\br="([A-Z]{%d})[0-9]' % n) for n in (3, 2, 1)}


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _refuse_sprawling_sheets(path: Path) -> None:
    """Refuse, before calamine sees it, a sheet whose cells span a huge area.

    calamine makes a dense grid of every sheet it reads; a cell written at XFD1048576 (a used
    range of A1:XFD1048576, as some programs leave behind) would ask for hundreds of gigabytes
    and end the process.  The sheet XML is scanned for its cell references first.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                if info.file_size > MAX_SHEET_XML:
                    raise LedgerError(f"{path.name} 的工作表解压后超过 {MAX_SHEET_XML // 1024 ** 2} MB，不像台账文件")
                with archive.open(info) as stream:
                    data = stream.read()
                rows = _ROW_REF.findall(data)
                max_row = max((int(r) for r in rows), default=0)
                max_col = 0
                for width in (3, 2):
                    letters = set(_CELL_COLS[width].findall(data))
                    if letters:
                        max_col = max(_column_number(x) for x in letters)
                        break
                else:  # single letters: at most Z, and only counted exactly when that could matter
                    max_col = 26
                    if max_row * 26 > MAX_CELLS:
                        max_col = max((_column_number(x) for x in set(_CELL_COLS[1].findall(data))), default=0)
                cells = data.count(b"<c ") + data.count(b"<c>")
                if max_row * max_col > MAX_CELLS:
                    sheet = info.filename.rsplit("/", 1)[-1]
                    raise LedgerError(
                        f"{path.name} 的 {sheet} 已用区域异常大（{max_row} 行 × {max_col} 列），却只有 {cells} "
                        f"个单元格：多半是远处残留了空格或格式。请在 Excel 中删除数据以外的行和列后另存再导入")
    except zipfile.BadZipFile:
        raise LedgerError(f"{path.name} 无法读取：文件已损坏或不完整") from None
