"""Reading a workbook (.xlsx, .xlsm, .xls, .ods) with python-calamine, every sheet, merges included.

``read_workbook`` refuses, with a Chinese message, what is not a spreadsheet, a corrupt or
encrypted file, and a file too large to be a ledger; it never raises anything else.
"""
from __future__ import annotations

import logging
import re
import struct
import xml.etree.ElementTree as ET
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from govoffice_desktop.ledgers import extent
from govoffice_desktop.models.db import Refusal
from govoffice_desktop.services.validation import input_file_problem

log = logging.getLogger(__name__)
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
MAX_BYTES = 200 * 1024 * 1024  # a ledger of several hundred thousand rows stays far below this
MAX_CELLS = 20_000_000  # what a sheet may really hold once read
# calamine reads a sheet into a dense grid of about 40 bytes a cell, empty or not (a few hundred
# bytes of XML with one cell at XFD1220 ask for 800 MB).  Above SPARSE_AREA (about 120 MB of
# grid) the area must be at least 1/MIN_FILL written, as a real ledger's is.
SPARSE_AREA = 3_000_000
MIN_FILL = 5
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_SHEET_XML = 1024 ** 3  # one sheet's XML, unpacked
MAX_UNPACKED = 2 * 1024 ** 3  # the whole archive, unpacked
MAX_STRINGS_XML = 512 * 1024 ** 2  # the shared strings, unpacked
MAX_PART = 64 * 1024 ** 2  # any other part (workbook, styles, relationships…), unpacked
MAX_MEMBERS = 5000  # parts in one archive: a real workbook has tens, with pictures a few hundred
MAX_RATIO = 100  # unpacked ÷ packed, for a part over RATIO_FROM bytes: a zip bomb packs a thousand to one
RATIO_FROM = 16 * 1024 ** 2
MAX_STRINGS = 5_000_000  # entries in the shared-strings table
MAX_TEXT_BYTES = 32767 * 8  # one run of text: Excel holds at most 32,767 characters in a cell
MAX_DEPTH = 100  # element nesting in the parts parsed here (a workbook part is about six deep)
ENCRYPTED = "{name} 文件已加密（设有打开密码），请在 Excel 中取消密码后另存再导入"


class LedgerError(Refusal):
    """The file cannot be read as a ledger; the message says why, in Chinese."""


ERROR_MEANINGS = {
    "#REF!": "引用的单元格已被删除", "#DIV/0!": "除数为零", "#N/A": "查找不到对应的值",
    "#VALUE!": "参与计算的值类型不对", "#NAME?": "公式里有不认识的函数或名称", "#NUM!": "数值无效",
    "#NULL!": "引用的区域没有交集", "#SPILL!": "结果溢出", "#CALC!": "计算出错",
}


UNCOMPUTED = "#公式无值"  # a formula stored without its result (written by a program, never opened in Excel)
UNCOMPUTED_MESSAGE = "公式没有计算结果：请在 Excel 或 WPS 中打开并保存后再导入"


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
        if self.code == UNCOMPUTED:
            return UNCOMPUTED_MESSAGE
        meaning = ERROR_MEANINGS.get(self.code, "公式出错")
        return f"单元格显示公式错误 {self.code}（{meaning}），请在 Excel 中改正公式或填入数值后再导入"


Range = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


@dataclass
class Sheet:
    name: str
    rows: list[list]  # cell values from A1, rectangular
    merged: list[Range] = field(default_factory=list)
    visible: bool = True  # a hidden sheet is read only when named

    @property
    def width(self) -> int:
        rows = self.rows
        if rows and len(rows[0]) == len(rows[-1]) == len(rows[len(rows) // 2]):
            return len(rows[0])  # read_workbook makes every row the same width: no need to look at each
        return max((len(r) for r in rows), default=0)

    def excel_row(self, index: int) -> int:
        """The row number the user sees in Excel for a 0-based row index."""
        return index + 1


def read_workbook(path: str | Path, sheets: list[str] | None = None) -> list[Sheet]:
    """Every sheet of ``path`` (or those named), with its cells and merged ranges."""
    if not str(path).strip():
        raise LedgerError("没有给出台账文件")
    path = Path(path)
    problem = input_file_problem(path)
    if problem:
        raise LedgerError(problem)
    size = path.stat().st_size
    if size == 0:
        raise LedgerError(f"{path.name} 是空文件")
    if size > MAX_BYTES:
        raise LedgerError(f"{path.name} 有 {size // (1024 * 1024)} MB，超过台账文件上限 {MAX_BYTES // (1024 * 1024)} MB")
    kind = sniff(path)  # what the file really is, whatever its name says
    errors: dict[str, dict[tuple[int, int], str]] = {}  # sheet name → {(row, col): error code}
    if kind in ("xlsx", "ods"):
        errors = _check_archive(path, kind)
    elif kind == "xls":
        _check_xls(path)
    try:
        if path.suffix.lower().lstrip(".") in _CALAMINE_SUFFIXES[kind]:
            book = python_calamine.load_workbook(str(path))
        else:  # a workbook under another name: calamine goes by the name, so hand it the bytes
            log.info("%s is really %s", path, kind)
            with path.open("rb") as handle:
                book = python_calamine.load_workbook(handle)
    except python_calamine.PasswordError:
        raise LedgerError(ENCRYPTED.format(name=path.name)) from None
    except Exception as exc:  # calamine's errors for corrupt, truncated or foreign files
        log.info("calamine refused %s: %s", path, exc)  # its reason is English: kept in the log
        raise LedgerError(f"{path.name} 无法读取：文件已损坏、不完整，或不是 Excel 文件") from None
    names = book.sheet_names
    hidden = {m.name for m in getattr(book, "sheets_metadata", [])
              if m.visible != python_calamine.SheetVisibleEnum.Visible}
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
                raise LedgerError(f"{path.name} 的工作表“{name}”有 {sheet.height} 行 × {sheet.width} 列，超过台账的上限")
            rows = sheet.to_python(skip_empty_area=False)
            for (r, c), code in errors.get(name, {}).items():
                if r < len(rows) and c < len(rows[r]):
                    rows[r][c] = CellError(code)
            rows = _trim(rows)
            merged = list(sheet.merged_cell_ranges or []) if hasattr(sheet, "merged_cell_ranges") else []
            out.append(Sheet(name, rows, _clip(merged, rows), name not in hidden))
    except LedgerError:
        raise
    except Exception as exc:
        log.info("calamine could not read a sheet of %s: %s", path, exc)
        raise LedgerError(f"{path.name} 无法读取：工作表“{name}”的内容已损坏（{exc}）") from None
    finally:
        book.close()
    return out


def _clip(merged: list[Range], rows: list[list]) -> list[Range]:
    """Merged ranges cut to the cells the sheet has: a merge over A3:XFD1220 of a three-column
    ledger covers A3:C… only (filling it in would otherwise make millions of cells)."""
    height, width = len(rows), max(map(len, rows), default=0)
    return [((r0, c0), (min(r1, height - 1), min(c1, width - 1)))
            for (r0, c0), (r1, c1) in merged if r0 < height and c0 < width and r0 <= r1 and c0 <= c1]


def _trim(rows: list[list]) -> list[list]:
    """Drop trailing empty rows and columns; make every row the same width."""
    def blank(v):
        return v is None or v == ""

    while rows and all(blank(v) for v in rows[-1]):
        rows.pop()
    full = max(map(len, rows), default=0)
    width = 0
    for c in range(full - 1, -1, -1):  # the rightmost column with anything in it
        if any(len(r) > c and not blank(r[c]) for r in rows):
            width = c + 1
            break
    if set(map(len, rows)) <= {width}:
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


def _sheet_parts(archive: zipfile.ZipFile, name: str = "") -> dict[str, str]:
    """Zip member of each worksheet → the sheet's name, from the workbook and its relationships."""
    try:
        parts = {}
        for member in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            data = archive.read(member)
            _refuse_doctype(name, member, data, data)
            depth = _depth(data)
            if depth > MAX_DEPTH:
                raise LedgerError(f"{name} 的部件 {member} 元素嵌套了 {depth} 层，不像台账文件，拒绝读取")
            parts[member] = data
        book = ET.fromstring(parts["xl/workbook.xml"])
        rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
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


# Literal searches through ``re`` (a sheet's XML runs to tens of MB): its scan for a short literal
# is two to three times as fast as ``bytes.find`` or ``in`` for the same bytes.
_FORMULA_START, _ERROR_TYPE, _PREFIXED_CELL = re.compile(rb"<f"), re.compile(rb't="e"'), re.compile(rb":c")
_FORMULA_CELL = re.compile(rb'<c\b([^>]*)>((?:(?!</c>).)*?<f[ >/](?:(?!</c>).)*?)</c>', re.S)


def _error_cells(data: bytes) -> dict[tuple[int, int], str]:
    """Cells stored with an error value (t="e"), as {(row, col): '#REF!'} with 0-based indexes, and
    formula cells stored without a value (UNCOMPUTED): calamine reads both as empty."""
    out = {}
    if _FORMULA_START.search(data):
        for match in _FORMULA_CELL.finditer(data):
            body = match.group(2)
            value = _CELL_VALUE.search(body)
            if (value is None or not value.group(1)) and b"<is>" not in body:
                ref = _CELL_REF.search(match.group(1))
                if ref:
                    out[(int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)] = UNCOMPUTED
    if not _ERROR_TYPE.search(data):
        return out
    for match in _ERROR_CELL.finditer(data):
        ref = _CELL_REF.search(match.group(1))
        value = _CELL_VALUE.search(match.group(2))
        if ref:
            code = value.group(1).decode("utf-8", "replace") if value else "#错误"
            out[(int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)] = code
    return out


_CALAMINE_SUFFIXES = {"xlsx": ("xlsx", "xlsm", "xlam"), "xls": ("xls", "xla"), "ods": ("ods",), "xlsb": ("xlsb",)}
NOT_A_SHEET = "{name} 无法读取：这是{what}，不是电子表格（应为 .xlsx、.xls、.xlsm 或 .ods）"
_MAGICS = [  # leading bytes of files people mistake for ledgers
    (b"%PDF", "PDF 文档"), (b"\x89PNG\r\n\x1a\n", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"), (b"II*\x00", "TIFF 图片"), (b"MM\x00*", "TIFF 图片"),
    (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"), (b"\x1f\x8b", "gzip 压缩包"),
    (b"{\\rtf", "RTF 文档"), (b"MZ", "Windows 程序"), (b"\x7fELF", "程序文件"),
    (b"\x00\x00\x00\x0cjP", "图片"), (b"ID3", "音频文件"), (b"OggS", "音频文件"), (b"fLaC", "音频文件"),
]


def _not_a_sheet(name: str, what: str) -> str:
    return NOT_A_SHEET.format(name=name, what=(" " + what) if what[:1].isascii() else what)


def sniff(path: Path) -> str:
    """The real kind of ``path`` by its first bytes: "xlsx" (also .xlsm), "xls", "ods" or "xlsb".

    Anything else is refused with a message that says what the file is (a PDF, a picture, a CSV,
    a Word document, an encrypted workbook…) and that names it.
    """
    name = path.name
    with path.open("rb") as handle:
        head = handle.read(8192)
    if head.startswith(OLE_MAGIC):
        return _sniff_cfb(path)
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _sniff_zip(path)
    for magic, what in _MAGICS:
        if head.startswith(magic) and what:
            raise LedgerError(_not_a_sheet(name, what))
    text = _as_text(head)
    if text is not None:
        stripped = text.lstrip("\ufeff \t\r\n").lower()
        if stripped.startswith("<?xml") and "progid=\"excel.sheet\"" in stripped:
            raise LedgerError(f"{name} 无法读取：这是 Excel 2003 的 XML 表格，请在 Excel 中另存为 .xlsx 后再导入")
        if stripped.startswith(("<html", "<!doctype html", "<table")) or "<html" in stripped[:1024]:
            raise LedgerError(_not_a_sheet(name, "网页（HTML）文件") +
                              "；请在 Excel 中打开后另存为 .xlsx 再导入")
        lines = [line for line in text.splitlines()[:5] if line.strip()]
        if lines and all(("," in line or "\t" in line or "，" in line) for line in lines):
            raise LedgerError(_not_a_sheet(name, "CSV 或文本文件") +
                              "；请在 Excel 中打开后另存为 .xlsx 再导入")
        raise LedgerError(_not_a_sheet(name, "文本文件"))
    if path.suffix.lower() not in SUFFIXES:
        raise LedgerError(_not_a_sheet(name, "无法识别的文件"))
    raise LedgerError(f"{name} 无法读取：文件已损坏、不完整，或不是 Excel 文件")


def _as_text(head: bytes) -> str | None:
    """``head`` as text (UTF-8, UTF-16 with its mark, or GBK), or None when it looks binary."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
                continue
            text = head[:exc.start].decode(encoding)
        if sum(ch.isprintable() or ch in "\t\r\n" for ch in text) >= 0.95 * max(1, len(text)):
            return text
    return None


def _sniff_zip(path: Path) -> str:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or any(n.lower() == "xl/workbook.xml" for n in names):
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "mimetype" in names:
                mimetype = archive.open("mimetype").read(200).decode("ascii", "replace").strip()
                if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
                    return "ods"
                kinds = {"text": "OpenDocument 文本文档", "presentation": "OpenDocument 演示文稿"}
                what = next((v for k, v in kinds.items() if mimetype.endswith("." + k)), "OpenDocument 文件")
                raise LedgerError(_not_a_sheet(name, what))
            if "content.xml" in names:
                return "ods"
            if any(n.startswith("word/") for n in names):
                raise LedgerError(_not_a_sheet(name, "Word 文档"))
            if any(n.startswith("ppt/") for n in names):
                raise LedgerError(_not_a_sheet(name, "PowerPoint 演示文稿"))
            if any(n.startswith("xl/") for n in names):
                raise LedgerError(f"{name} 无法读取：工作簿里缺少 xl/workbook.xml，文件已损坏")
    except zipfile.BadZipFile:
        raise LedgerError(f"{name} 无法读取：文件已损坏或不完整（压缩包结构不完整）") from None
    except (OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        raise LedgerError(f"{name} 无法读取：文件已损坏或不完整") from None
    raise LedgerError(_not_a_sheet(name, "压缩包（zip）"))


def _sniff_cfb(path: Path) -> str:
    """An OLE compound file is an .xls, or an encrypted .xlsx (EncryptionInfo + EncryptedPackage),
    or a Word or PowerPoint document: its directory says which."""
    name = path.name
    try:
        streams = _cfb_names(path)
    except (ValueError, struct.error, OSError):
        raise LedgerError(f"{name} 无法读取：复合文档的目录无法解析，文件已损坏；若它是加密（设有密码）的工作簿，"
                          f"请在 Excel 中取消密码后另存再导入") from None
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise LedgerError(ENCRYPTED.format(name=name))
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        raise LedgerError(_not_a_sheet(name, "Word 文档（.doc）"))
    if "powerpoint document" in streams:
        raise LedgerError(_not_a_sheet(name, "PowerPoint 演示文稿（.ppt）"))
    raise LedgerError(f"{name} 无法读取：这是 OLE 复合文档，但里面没有工作簿，不是 Excel 工作簿")


def _cfb_names(path: Path) -> set[str]:
    """Lower-cased names of every entry in a compound file's directory (MS-CFB), read with bounds."""
    with path.open("rb") as handle:
        names = extent.CompoundFile(handle, path.stat().st_size).names()
    if not names:
        raise ValueError("empty directory")
    return names


def _check_archive(path: Path, kind: str) -> dict[str, dict[tuple[int, int], str]]:
    """Look inside a zip workbook before calamine does: refuse what would make it (or this reader)
    spend unbounded memory or time, and find the cells that show formula errors.

    Refused: too many parts, names twice, parts too large unpacked or packed like a zip bomb, a
    DOCTYPE (entity declarations: billion laughs, external entities) in any XML part, parts nested
    absurdly deep, a shared-strings table with millions of entries or a string longer than Excel
    allows, and a sheet whose cells span a huge area.  calamine makes a dense grid of every sheet
    it reads; a cell written at XFD1048576 would ask for hundreds of gigabytes and end the process.
    """
    name = path.name
    errors: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise LedgerError(f"{name} 里有 {len(infos)} 个部件，远超工作簿应有的数量（上限 {MAX_MEMBERS}），不像台账文件")
            seen: set[str] = set()
            total = 0
            for info in infos:
                if info.filename in seen:
                    raise LedgerError(f"{name} 无法读取：压缩包里有重名的部件 {info.filename}，文件已损坏")
                seen.add(info.filename)
                total += info.file_size
                _check_size(name, info)
            if total > MAX_UNPACKED:
                raise LedgerError(f"{name} 解压后有 {total // 1024 ** 2} MB，超过上限 {MAX_UNPACKED // 1024 ** 2} MB，不像台账文件")
            sheets = _sheet_parts(archive, name) if kind == "xlsx" else {}
            for info in infos:
                member = info.filename
                lower = member.lower()
                if not lower.endswith((".xml", ".rels", ".vml")) or info.is_dir():
                    continue
                if kind == "xlsx" and lower.startswith("xl/worksheets/") and lower.count("/") == 2:
                    with archive.open(info) as stream:
                        data = stream.read()
                    _refuse_doctype(name, member, data[:65536] if len(data) > 65536 else data, data)
                    _check_sheet(name, member, data)
                    found = _error_cells(data)
                    if found and member in sheets:
                        errors[sheets[member]] = found
                elif lower.endswith("sharedstrings.xml"):
                    _check_strings(name, archive, info)
                elif kind == "ods" and lower == "content.xml":
                    _check_ods(name, archive, info)
                else:
                    with archive.open(info) as stream:
                        _refuse_doctype(name, member, stream.read(65536), None)
    except zipfile.BadZipFile:
        raise LedgerError(f"{name} 无法读取：文件已损坏或不完整（压缩数据校验失败）") from None
    except (zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError):
        raise LedgerError(f"{name} 无法读取：文件已损坏或不完整（压缩数据无法解开）") from None
    except MemoryError:
        raise LedgerError(f"{name} 太大，内存不足以检查，不像台账文件") from None
    return errors


def _check_size(name: str, info: zipfile.ZipInfo) -> None:
    member, lower = info.filename, info.filename.lower()
    if lower.startswith("xl/worksheets/") or lower == "content.xml":
        cap = MAX_SHEET_XML
    elif lower.endswith("sharedstrings.xml"):
        cap = MAX_STRINGS_XML
    elif lower.endswith((".xml", ".rels", ".vml")):
        cap = MAX_PART
    else:
        cap = MAX_UNPACKED  # pictures and the like: calamine never unpacks them
    if info.file_size > cap:
        raise LedgerError(f"{name} 的部件 {member} 解压后有 {info.file_size // 1024 ** 2} MB，"
                          f"超过上限 {cap // 1024 ** 2} MB，不像台账文件")
    if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
        ratio = info.file_size // max(1, info.compress_size)
        raise LedgerError(f"{name} 的部件 {member} 压缩比异常（{ratio} 倍：{info.compress_size // 1024} KB 解压成 "
                          f"{info.file_size // 1024 ** 2} MB），像是“压缩炸弹”，拒绝读取")


def _refuse_doctype(name: str, member: str, head: bytes, whole: bytes | None) -> None:
    """A DOCTYPE may declare entities (billion laughs, external files): Excel never writes one."""
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or (whole is not None and _prolog_doctype(whole)):
        raise LedgerError(f"{name} 的部件 {member} 含有 DOCTYPE/实体声明（Excel 不会写这样的内容，"
                          f"可能是恶意构造的文件），拒绝读取")
    if whole is None and len(head) == 65536 and _prolog_doctype(head, complete=False):
        raise LedgerError(f"{name} 的部件 {member} 开头异常（声明部分过长），拒绝读取")


def _prolog_doctype(data: bytes, complete: bool = True) -> bool:
    """Whether the prolog (what stands before the first element) holds a DOCTYPE; with
    ``complete=False`` also True when ``data`` ends before the prolog does."""
    pos = 0
    while True:
        lt = data.find(b"<", pos)
        if lt < 0 or lt + 1 >= len(data):
            return not complete
        follower = data[lt + 1:lt + 2]
        if follower == b"?":
            end = data.find(b"?>", lt)
        elif data.startswith(b"<!--", lt):
            end = data.find(b"-->", lt)
        elif data.startswith(b"<!DOCTYPE", lt) or data.startswith(b"<!ENTITY", lt):
            return True
        else:
            return False
        if end < 0:
            return not complete
        pos = end + 2


def _check_strings(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Unpack the shared strings in pieces (never whole) and count them; refuse a table of more
    strings than any ledger has, or a single text longer than a cell can hold."""
    count, carry, first = 0, b"", True
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(8 * 1024 * 1024)
            if not chunk:
                break
            if first:
                _refuse_doctype(name, info.filename, chunk[:65536], chunk if len(chunk) < 65536 else None)
                first = False
            piece = carry + chunk
            count += piece.count(b"<si>") + piece.count(b"<si ") - carry.count(b"<si>") - carry.count(b"<si ")
            if count > MAX_STRINGS:
                raise LedgerError(f"{name} 的共享字符串表有超过 {MAX_STRINGS} 个条目，不像台账文件，拒绝读取")
            if _LONG_TEXT.search(piece) or (b"<" not in piece and len(piece) > MAX_TEXT_BYTES):
                raise LedgerError(f"{name} 的共享字符串表里有一段超过 32767 个字符的文字（Excel 单元格放不下），"
                                  f"不像台账文件，拒绝读取")
            lt = piece.rfind(b"<")
            carry = piece[lt:] if lt >= 0 and len(piece) - lt <= MAX_TEXT_BYTES else piece[-16:]


_LONG_TEXT = re.compile(rb">[^<]{%d}" % MAX_TEXT_BYTES)
# A sheet's cells are "safe" without counting when every cell element is written <c r="A1"…, with
# a reference of one letter and a row below 100,000: at most 26 × 99,999 cells (fewer than
# SPARSE_AREA).  Anything else (wider, longer, or written some other way) is measured exactly.
_UNUSUAL_REF = re.compile(rb'<c r="(?![A-Z][0-9]{1,5}")')
_UNPLAIN_CELL = re.compile(rb'<c(?! r=")')  # a cell written some other way than <c r="…
# A cell that is not <c r="A1"… with one letter and a row below 115,000 (26 × 114,999 cells are
# fewer than SPARSE_AREA): none in the usual sheet, a ledger of 100,000 rows included.
_USUAL_ROWS = 114_999
_UNUSUAL_CELL = re.compile(rb'<c(?! r="[A-Z](?:[0-9]{1,5}|1(?:0[0-9]|1[0-4])[0-9]{3})")')
_PLAIN_REF = re.compile(rb'([A-Z]{1,3})([0-9]{1,7})"')  # a reference written plainly; any other: lower case, $…


def _check_sheet(name: str, member: str, data: bytes) -> None:
    """Refuse a sheet whose cells would span more than MAX_CELLS in calamine's grid, or more than
    SPARSE_AREA with fewer than one cell in MIN_FILL written."""
    start = data.find(b"<sheetData")
    end = data.rfind(b"</sheetData>")
    if start < 0 or end < start:
        return  # no cells at all (or not even well formed: calamine says so)
    if not _UNUSUAL_CELL.search(data, start, end) and not _PREFIXED_CELL.search(data, start, end):
        return  # the usual case, found in two passes: every cell written plainly, rows below 115,000
    plain = not _UNPLAIN_CELL.search(data, start, end) and not _PREFIXED_CELL.search(data, start, end)
    unusual = _unusual_refs(data, start, end) if plain else None
    if plain and unusual == ([], []):
        return  # the usual case: every cell written plainly, small references
    if unusual is not None:
        # Plain references, some long: only the long ones can make the grid large.
        long_rows, wide_cols = unusual
        width = max((_column_number(m) for m in set(wide_cols)), default=26)
        if long_rows:
            height = max(map(int, set(long_rows)))
        elif width * 99_999 <= SPARSE_AREA:
            return
        else:
            height = max(map(int, set(_ALL_ROWS.findall(data, start, end))), default=0)
        cells = data.count(b"<c", start, end) if height * width > SPARSE_AREA else 0  # counted when it matters
    else:
        height, width, depth, cells = _measure(name, member, data)
        if depth > MAX_DEPTH:
            raise LedgerError(f"{name} 的 {member.rsplit('/', 1)[-1]} 元素嵌套了 {depth} 层，不像台账文件，拒绝读取")
    _refuse_area(name, member.rsplit("/", 1)[-1], height, width, cells)


def _unusual_refs(data: bytes, start: int, end: int) -> tuple[list[bytes], list[bytes]] | None:
    """In one pass over the cells of a sheet written plainly (<c r="A1"…): the rows of six digits or
    more and the columns of two letters or more their references name; None when a reference is
    written some other way (lower case, $, spaces…)."""
    long_rows, wide_cols = [], []
    for match in _UNUSUAL_REF.finditer(data, start, end):
        ref = _PLAIN_REF.match(data, match.end(), end)
        if ref is None:
            return None
        letters, digits = ref.groups()
        if len(digits) >= 6:
            long_rows.append(digits)
        if len(letters) >= 2:
            wide_cols.append(letters)
    return long_rows, wide_cols


def _refuse_area(name: str, sheet: str, height: int, width: int, cells: int) -> None:
    """Refuse a sheet whose grid would span more than MAX_CELLS, or more than SPARSE_AREA with
    fewer than one cell in MIN_FILL written."""
    area = height * width
    if area > MAX_CELLS or (area > SPARSE_AREA and cells * MIN_FILL < area):
        raise LedgerError(
            f"{name} 的 {sheet} 已用区域异常大（{height} 行 × {width} 列），却只有 {cells} "
            f"个单元格：多半是远处残留了空格或格式。请在 Excel 中删除数据以外的行和列后另存再导入")


def _check_ods(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """The extent of each table of an .ods, repeats included, measured as the XML streams by."""
    with archive.open(info) as stream:
        _refuse_doctype(name, info.filename, stream.read(65536), None)
    try:
        with archive.open(info) as stream:
            tables = extent.ods_extents(stream)
    except extent.TooDeep:
        raise LedgerError(f"{name} 的 content.xml 元素嵌套超过 {MAX_DEPTH} 层，不像台账文件，拒绝读取") from None
    except xml.parsers.expat.ExpatError as exc:
        raise LedgerError(f"{name} 的 content.xml 不是完整的 XML（{exc.args[0]}），文件已损坏") from None
    for table, height, width, cells in tables:
        _refuse_area(name, f"工作表“{table}”", height, width, cells)


def _check_xls(path: Path) -> None:
    """The extent of each worksheet of an .xls, from its cell records (calamine builds the grid
    of a cell at row 65,536 column IV: 16 million cells)."""
    try:
        with path.open("rb") as handle:
            read = extent.CompoundFile(handle, path.stat().st_size).stream(("workbook", "book"))
            sheets = extent.biff_extents(read) if read else []
    except (ValueError, struct.error):
        return  # calamine reads what it can and says what it cannot
    for sheet, height, width, cells in sheets:
        _refuse_area(path.name, f"工作表“{sheet}”", height, width, cells)


_ALL_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')


def _measure(name: str, member: str, data: bytes) -> tuple[int, int, int, int]:
    """The grid calamine would make of a sheet written in some unusual way (height, width), its
    nesting depth and its cells, parsed exactly: cells with or without references, any quoting,
    any prefix, lower case."""
    state = {"row": 0, "col": 0, "height": 0, "width": 0, "depth": 0, "max_depth": 0, "cells": 0}

    def start(tag, attrs):
        state["depth"] += 1
        if state["depth"] > state["max_depth"]:
            state["max_depth"] = state["depth"]
            if state["max_depth"] > MAX_DEPTH:
                raise _TooDeep()
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r and r.isdigit() else state["row"] + 1
            state["col"] = 0
        elif local == "c":
            state["cells"] += 1
            ref = (attrs.get("r") or "").replace("$", "").upper()
            match = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", ref)
            if match:
                state["col"] = _column_number(match.group(1).encode())
                row = int(match.group(2))
            else:
                state["col"] += 1
                row = state["row"]
            state["height"] = max(state["height"], row)
            state["width"] = max(state["width"], state["col"])

    def end(_tag):
        state["depth"] -= 1

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _TooDeep:
        pass
    except xml.parsers.expat.ExpatError as exc:
        raise LedgerError(f"{name} 的 {member.rsplit('/', 1)[-1]} 不是完整的 XML（{exc.args[0]}），文件已损坏") from None
    return state["height"], state["width"], state["max_depth"], state["cells"]


class _TooDeep(Exception):
    pass


def _depth(data: bytes) -> int:
    """How deep the elements of a small part nest (stops counting past MAX_DEPTH)."""
    state = [0, 0]

    def start(_tag, _attrs):
        state[0] += 1
        if state[0] > state[1]:
            state[1] = state[0]
            if state[1] > MAX_DEPTH:
                raise _TooDeep()

    def end(_tag):
        state[0] -= 1

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except (_TooDeep, xml.parsers.expat.ExpatError):
        pass
    return state[1]
