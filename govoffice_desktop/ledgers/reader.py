"""Reading a workbook (.xlsx, .xlsm, .xls, .ods) with python-calamine, every sheet, merges included.

``read_workbook`` refuses, with a Chinese message, what is not a spreadsheet, a corrupt or
encrypted file, and a file too large to be a ledger; it never raises anything else.
"""
from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

log = logging.getLogger(__name__)
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
MAX_BYTES = 200 * 1024 * 1024  # a ledger of several hundred thousand rows stays far below this
MAX_CELLS = 20_000_000  # what a sheet may really hold once read
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_SHEET_XML = 2 * 1024 ** 3  # one sheet's XML, unpacked


class LedgerError(Exception):
    """The file cannot be read as a ledger; the message says why, in Chinese."""


ERROR_MEANINGS = {
    "#REF!": "引用的单元格已被删除", "#DIV/0!": "除数为零", "#N/A": "查找不到对应的值",
    "#VALUE!": "参与计算的值类型不对", "#NAME?": "公式里有不认识的函数或名称", "#NUM!": "数值无效",
    "#NULL!": "引用的区域没有交集", "#SPILL!": "结果溢出", "#CALC!": "计算出错",
}


class CellError:
    """A cell that shows a formula error (#REF!, #DIV/0!, …) instead of a value.

    calamine reads such a cell as empty; the reader puts one of these in its place so that a
    ledger whose formulas broke is refused, not imported with holes.  It never equals anything
    but itself, so no cache or comparison mistakes it for the text "#REF!".
    """

    __slots__ = ("code",)

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        return self.code

    __repr__ = __str__

    @property
    def message(self) -> str:
        meaning = ERROR_MEANINGS.get(self.code, "公式出错")
        return f"单元格显示公式错误 {self.code}（{meaning}），请在 Excel 中改正公式或填入数值后再导入"


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
    errors: dict[str, dict[tuple[int, int], str]] = {}  # sheet name → {(row, col): error code}
    if path.suffix.lower() in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        errors = _scan_sheets(path)
    try:
        book = python_calamine.load_workbook(str(path))
    except python_calamine.PasswordError:
        raise LedgerError(f"{path.name} 设有密码（已加密），请在 Excel 中取消密码后另存再导入") from None
    except Exception as exc:  # calamine's errors for corrupt, truncated or foreign files
        log.info("calamine refused %s: %s", path, exc)  # its reason is English: kept in the log
        raise LedgerError(f"{path.name} 无法读取：文件已损坏、不完整，或不是 Excel 文件") from None
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
            rows = sheet.to_python(skip_empty_area=False)
            for (r, c), code in errors.get(name, {}).items():
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = CellError(code)
            rows = _trim(rows)
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
    full = max((len(r) for r in rows), default=0)
    width = 0
    for c in range(full - 1, -1, -1):  # the rightmost column with anything in it
        if any(len(r) > c and not blank(r[c]) for r in rows):
            width = c + 1
            break
    if all(len(r) == width for r in rows):
        return rows  # calamine's grid is already rectangular: no copy
    return [list(r[:width]) + [""] * (width - len(r[:width])) for r in rows]


# Literal-prefix patterns, fast on a sheet of many megabytes: a row's r="123" has digits only,
# a cell's r="AB12" starts with its column letters.
_ROW_NUMBERS = re.compile(rb' r="([0-9]{1,7})"')
_CELL_COLS = {n: re.compile(rb' r="([A-Z]{%d})[0-9]' % n) for n in (3, 2, 1)}


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


_ERROR_CELL = re.compile(rb'<c\b([^>]*?\bt="e"[^>/]*)>(.*?)</c>', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each worksheet → the sheet's name, from the workbook and its relationships."""
    import xml.etree.ElementTree as ET

    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = target
    out = {}
    for element in book.iter():
        if element.tag.endswith("}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[targets[rid]] = element.get("name", "")
    return out


def _error_cells(data: bytes) -> dict[tuple[int, int], str]:
    """Cells stored with an error value (t="e"), as {(row, col): '#REF!'} with 0-based indexes."""
    out = {}
    if b't="e"' not in data:
        return out
    for match in _ERROR_CELL.finditer(data):
        ref = _CELL_REF.search(match.group(1))
        value = _CELL_VALUE.search(match.group(2))
        if ref:
            code = value.group(1).decode("utf-8", "replace") if value else "#错误"
            out[(int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)] = code
    return out


def _scan_sheets(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Scan each sheet's XML before calamine sees it: refuse a sheet whose cells span a huge
    area, and find the cells that show formula errors (calamine reads those as empty).

    calamine makes a dense grid of every sheet it reads; a cell written at XFD1048576 (a used
    range of A1:XFD1048576, as some programs leave behind) would ask for hundreds of gigabytes
    and end the process.
    """
    errors: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = _sheet_parts(archive)
            for info in archive.infolist():
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                if info.file_size > MAX_SHEET_XML:
                    raise LedgerError(f"{path.name} 的工作表解压后超过 {MAX_SHEET_XML // 1024 ** 2} MB，不像台账文件")
                with archive.open(info) as stream:
                    data = stream.read()
                max_row = max(map(int, set(_ROW_NUMBERS.findall(data))), default=0)
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
                if max_row * max_col > MAX_CELLS:
                    cells = data.count(b"<c ") + data.count(b"<c>")
                    sheet = info.filename.rsplit("/", 1)[-1]
                    raise LedgerError(
                        f"{path.name} 的 {sheet} 已用区域异常大（{max_row} 行 × {max_col} 列），却只有 {cells} "
                        f"个单元格：多半是远处残留了空格或格式。请在 Excel 中删除数据以外的行和列后另存再导入")
                found = _error_cells(data)
                if found and info.filename in names:
                    errors[names[info.filename]] = found
    except zipfile.BadZipFile:
        raise LedgerError(f"{path.name} 无法读取：文件已损坏或不完整") from None
    return errors
