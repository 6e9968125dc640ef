"""Hostile inputs for the ledger reader, made on demand (the large ones never sit in the repository).

    python -m tests.badfiles.make DEST     # writes every file into DEST and lists them

Each entry of ``BAD`` is (file name, maker, what the reader must say).  The makers write small,
fast files: the zip bombs are a few hundred kilobytes on disk and hundreds of megabytes unpacked.
``encrypted.xlsx`` beside this script is a real Excel workbook encrypted with the password
``123456`` (made once with msoffcrypto-tool, which the project does not depend on).
"""
from __future__ import annotations

import random
import struct
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
    '<sheet name="加油" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>车牌号</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>加油日期</t></is></c>'
              '<c r="C1" t="inlineStr"><is><t>加油量</t></is></c></row>')
DATA_ROW = ('<row r="2"><c r="A2" t="inlineStr"><is><t>苏NA1234</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>2025-3-1</t></is></c><c r="C2"><v>40</v></c></row>')


def sheet_xml(rows: str = HEADER_ROW + DATA_ROW, dimension: str = "A1:C2", prolog: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prolog +
            f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><dimension ref="{dimension}"/>'
            f'<sheetData>{rows}</sheetData></worksheet>')


def shared_strings(body: str = "", count: int = 0) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">{body}</sst>')


def write_xlsx(path: Path, sheet: str | None = None, strings: str | None = None, workbook: str = WORKBOOK,
               extra: dict[str, bytes] | None = None) -> Path:
    """A minimal workbook from its parts, written as Excel lays them out."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet if sheet is not None else sheet_xml())
        z.writestr("xl/sharedStrings.xml", strings if strings is not None else shared_strings())
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def good_xlsx(path: Path) -> Path:
    """A small, valid fuel ledger (made with openpyxl, as a user's Excel file would be)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "加油"
    sheet.append(["车牌号", "加油日期", "加油量（升）", "单价", "金额", "驾驶员"])
    first = date(2024, 1, 1)
    for day in range(300):
        sheet.append(["苏NA1234", (first + timedelta(days=day)).isoformat(), 40, 7.5, 300, "张三"])
    book.save(path)
    return path


# --- corrupt, truncated, foreign ------------------------------------------------------------------

def random_bytes(path: Path) -> Path:
    path.write_bytes(random.Random(10).randbytes(64 * 1024))
    return path


def broken_member(path: Path) -> Path:
    """A real workbook whose sheet's compressed data has been overwritten in the middle."""
    good = good_xlsx(path.with_name("_good_for_broken.xlsx"))
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # The local header is 30 bytes + name + extra; the data follows.
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 3
    data[middle:middle + 200] = random.Random(11).randbytes(200)
    good.unlink()
    path.write_bytes(bytes(data))
    return path


def truncated(path: Path) -> Path:
    good = good_xlsx(path.with_name("_good_for_cut.xlsx"))
    data = good.read_bytes()
    good.unlink()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def text_file(path: Path) -> Path:
    path.write_text("这是一份会议纪要，不是台账。\n2025年3月5日 办公室\n", encoding="utf-8")
    return path


def csv_file(path: Path) -> Path:
    path.write_text("车牌号,加油日期,加油量\n苏NA1234,2025-3-1,40\n苏NB2345,2025-3-2,35\n", encoding="gbk")
    return path


def pdf_file(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                     b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def png_file(path: Path) -> Path:
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) +
                     chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def docx_file(path: Path) -> Path:
    """A zip that is a Word document, not a workbook."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="urn:w"/>')
    return path


def plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "照片和文件的压缩包")
    return path


def cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file (OLE2/CFB, version 3, 512-byte sectors) holding ``streams`` in the root storage.

    Every stream is padded to 4096 bytes so that none belongs in the mini stream; enough for a
    reader that looks at the directory, which is all a ledger reader should do with it.
    """
    sector = 512
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    datas = [(name, data.ljust(4096, b"\x00")) for name, data in streams.items()]
    chains: list[tuple[int, int]] = []  # (first sector, sector count) of each stream
    next_sector = 0
    for _name, data in datas:
        count = len(data) // sector
        chains.append((next_sector, count))
        next_sector += count
    dir_count = (len(datas) + 1 + 3) // 4  # four 128-byte entries a sector
    dir_start = next_sector
    next_sector += dir_count
    fat_start = next_sector
    total = next_sector + 1  # one FAT sector (128 entries) is plenty here
    assert total <= 128
    fat = [free] * 128
    for first, count in chains + [(dir_start, dir_count)]:
        for s in range(first, first + count):
            fat[s] = s + 1 if s < first + count - 1 else end
    fat[fat_start] = fat_mark

    def entry(name: str, kind: int, start: int, size: int, left=free, right=free, child=free) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1) +
                struct.pack("<III", left, right, child) + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16 +
                struct.pack("<IIII", start, size, 0, 0)[:8] + b"\x00" * 4)

    # The siblings hang as a chain of right children (a degenerate but valid red-black tree).
    entries = [entry("Root Entry", 5, end, 0, child=1 if datas else free)]
    for i, (name, data) in enumerate(datas):
        entries.append(entry(name, 2, chains[i][0], len(streams[name]),
                             right=i + 2 if i + 1 < len(datas) else free))
    directory = b"".join(entries).ljust(dir_count * sector, b"\x00")
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) +
              b"\x00" * 6 + struct.pack("<IIIIIIIII", 0, 1, dir_start, 0, 4096, end, 0, end, 0) +
              struct.pack("<I", fat_start) + struct.pack("<I", free) * 108)
    assert len(header) == 512
    body = b"".join(data for _n, data in datas) + directory + b"".join(struct.pack("<I", v) for v in fat)
    return header + body


def encrypted_cfb(path: Path) -> Path:
    """What Excel writes for a workbook with an opening password: no zip, a compound file with
    EncryptionInfo and EncryptedPackage streams."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"
    path.write_bytes(cfb({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 4000) +
                          random.Random(12).randbytes(4000)}))
    return path


def word_cfb(path: Path) -> Path:
    """An old Word document (.doc): a compound file too, but with a WordDocument stream."""
    path.write_bytes(cfb({"WordDocument": b"\xec\xa5" + b"\x00" * 600, "1Table": b"\x00" * 600}))
    return path


def bare_cfb(path: Path) -> Path:
    """A compound file with neither a workbook nor an encrypted package in it."""
    path.write_bytes(cfb({"Contents": b"nothing here"}))
    return path


def real_encrypted(path: Path) -> Path:
    path.write_bytes((HERE / "encrypted.xlsx").read_bytes())
    return path


# --- huge ranges, bombs, hostile XML ---------------------------------------------------------------

def far_cell(path: Path) -> Path:
    """A used range claimed as A1:XFD1048576, and a cell really written there."""
    rows = HEADER_ROW + DATA_ROW + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>'
    return write_xlsx(path, sheet_xml(rows, "A1:XFD1048576"))


def far_cell_rows_unnumbered(path: Path) -> Path:
    """The same far cell, but its row has no r= number (only the cell says where it is)."""
    rows = (HEADER_ROW + DATA_ROW).replace(' r="1"', "", 1) + \
        '<row><c r="XFD1048576"><v>1</v></c></row>'
    return write_xlsx(path, sheet_xml(rows, "A1:XFD1048576"))


def far_cell_odd_quotes(path: Path) -> Path:
    """The far cell written with single quotes and spaces around =, which XML allows."""
    rows = HEADER_ROW + DATA_ROW + "<row r = '1048576'><c\tr = 'XFD1048576'><v>1</v></c></row>"
    return write_xlsx(path, sheet_xml(rows, "A1:XFD1048576"))


def far_row_unnumbered_cells(path: Path) -> Path:
    """A row numbered 1048576 whose cells carry no reference, then 16,384 columns of them."""
    cells = "<c/>" * 16383 + "<c><v>1</v></c>"
    rows = HEADER_ROW + DATA_ROW + f'<row r="1048576">{cells}</row>'
    return write_xlsx(path, sheet_xml(rows, "A1:XFD1048576"))


def wide_sparse(path: Path) -> Path:
    """A few hundred bytes: the ledger, and one cell at XFD1220, so that the cells span
    1,220 rows × 16,384 columns (calamine's dense grid of them took 800 MB)."""
    rows = HEADER_ROW + DATA_ROW + '<row r="1220"><c r="XFD1220"><v>1</v></c></row>'
    return write_xlsx(path, sheet_xml(rows, "A1:XFD1220"))


def sparse_column_xfd(path: Path) -> Path:
    """A cell in column XFD of every row from 3 to 1220 (8 KB; the same 1,220 × 16,384 span)."""
    rows = HEADER_ROW + DATA_ROW + "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(3, 1221))
    return write_xlsx(path, sheet_xml(rows, "A1:XFD1220"))


def far_row_one_letter(path: Path) -> Path:
    """One cell at Z699999: a one-letter column, but 18 million cells of grid."""
    rows = HEADER_ROW + DATA_ROW + '<row r="699999"><c r="Z699999"><v>1</v></c></row>'
    return write_xlsx(path, sheet_xml(rows, "A1:Z699999"))


def _merged(rows: str, ref: str) -> str:
    return sheet_xml(rows, "A1:XFD1220").replace(
        "</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>')


def merged_far(path: Path) -> Path:
    """A value at A3 merged over A3:XFD1220 (filling the merge in made 20 million cells, 2 GB)."""
    rows = HEADER_ROW + DATA_ROW + '<row r="3"><c r="A3"><v>1</v></c></row>'
    return write_xlsx(path, _merged(rows, "A3:XFD1220"))


def merged_outside(path: Path) -> Path:
    """A merge over A5:XFD1220, below the last cell: its first cell is not in the sheet at all."""
    return write_xlsx(path, _merged(HEADER_ROW + DATA_ROW, "A5:XFD1220"))


def far_xls(path: Path) -> Path:
    """An .xls (5 KB) with the ledger and one cell at row 65,536, column IV: 16 million cells."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("加油")
    for c, value in enumerate(["车牌号", "加油日期", "加油量"]):
        sheet.write(0, c, value)
    for c, value in enumerate(["苏NA1234", "2025-3-1", 40]):
        sheet.write(1, c, value)
    sheet.write(65535, 255, 1)
    book.save(str(path))
    return path


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _ods_cell(value) -> str:
    if isinstance(value, str):
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'


ODS_LEDGER = "".join("<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>"
                     for row in (["车牌号", "加油日期", "加油量"], ["苏NA1234", "2025-3-1", 40]))


def write_ods(path: Path, rows: str) -> Path:
    """An OpenDocument spreadsheet of one table, 加油, laid out as LibreOffice writes it: column
    definitions repeated to the sheet's width, and empty rows repeated to its end after the data."""
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               f'<office:document-content {ODS_NS} office:version="1.2"><office:body><office:spreadsheet>'
               '<table:table table:name="加油"><table:table-column table:number-columns-repeated="1024"/>'
               f'{rows}<table:table-row table:number-rows-repeated="1048574">'
               '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>', zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def ods_far_value(path: Path) -> Path:
    """1,217 empty rows, then 16,383 repeated empty cells and one value: under a kilobyte."""
    return write_ods(path, ODS_LEDGER + '<table:table-row table:number-rows-repeated="1217"><table:table-cell/>'
                     '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
                     f'{_ods_cell(1)}</table:table-row>')


def ods_repeated_value(path: Path) -> Path:
    """One value repeated over 16,384 columns and 1,218 rows: 20 million cells in a few hundred bytes."""
    return write_ods(path, ODS_LEDGER + '<table:table-row table:number-rows-repeated="1218">'
                     '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
                     'office:value="1"/></table:table-row>')


def ods_repeated_rows(path: Path) -> Path:
    """A row of three values repeated a million times."""
    return write_ods(path, ODS_LEDGER + '<table:table-row table:number-rows-repeated="1000000">'
                     + "".join(map(_ods_cell, ["苏NA1234", "2025-3-1", 40])) + "</table:table-row>")


def claimed_range_only(path: Path) -> Path:
    """The dimension claims A1:XFD1048576; the cells are a small ledger."""
    return write_xlsx(path, sheet_xml(dimension="A1:XFD1048576"))




def _bomb(path: Path, member: str, head: bytes, piece: bytes, count: int, tail: bytes,
          sheet: str | None = None) -> Path:
    """A workbook whose ``member`` is head + piece × count + tail, deflated as it is written."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if member != "xl/worksheets/sheet1.xml":
            z.writestr("xl/worksheets/sheet1.xml", sheet or sheet_xml())
        info = zipfile.ZipInfo(member, date_time=(2025, 3, 5, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as out:
            out.write(head)
            block = piece * max(1, (1 << 20) // len(piece))
            whole, rest = divmod(count * len(piece), len(block))
            for _ in range(whole):
                out.write(block)
            out.write(piece * (rest // len(piece)))
            out.write(tail)
    return path


def many_strings(path: Path) -> Path:
    """Shared strings: eight million one-letter strings, 150 MB unpacked from a few hundred KB."""
    count = 8_000_000
    head = shared_strings(count=count).split("</sst>")[0].encode()
    return _bomb(path, "xl/sharedStrings.xml", head, b"<si><t>a</t></si>", count, b"</sst>")


def one_huge_string(path: Path) -> Path:
    """Shared strings: a single string of 100 million letters, and a cell that shows it."""
    head = shared_strings(count=1).split("</sst>")[0].encode() + b"<si><t>"
    rows = HEADER_ROW + DATA_ROW + '<row r="3"><c r="A3" t="s"><v>0</v></c></row>'
    return _bomb(path, "xl/sharedStrings.xml", head, b"A" * 1024, 100_000, b"</t></si></sst>",
                 sheet=sheet_xml(rows, "A1:C3"))


def long_string(path: Path) -> Path:
    """Shared strings: one string of two million random letters (no cell in Excel holds over 32,767
    characters), stored so that it does not compress much."""
    rnd = random.Random(13)
    text = "".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(2_000_000))
    rows = HEADER_ROW + DATA_ROW + '<row r="3"><c r="A3" t="s"><v>0</v></c></row>'
    return write_xlsx(path, sheet_xml(rows, "A1:C3"), strings=shared_strings(f"<si><t>{text}</t></si>", 1))


def huge_sheet_xml(path: Path) -> Path:
    """A sheet of 200 MB of empty styled cells (deflates to a few hundred kilobytes)."""
    head = sheet_xml(HEADER_ROW + DATA_ROW, "A1:C3").split("</sheetData>")[0].encode() + b'<row r="3">'
    return _bomb(path, "xl/worksheets/sheet1.xml", head, b'<c s="0"/>', 20_000_000,
                 b"</row></sheetData></worksheet>")


def many_members(path: Path) -> Path:
    """A workbook carrying 12,000 little parts besides its sheet."""
    extra = {f"xl/media/part{i}.xml": b"<a/>" for i in range(12_000)}
    return write_xlsx(path, extra=extra)


def nested_xml(path: Path) -> Path:
    """A sheet with 100,000 elements nested inside one cell."""
    depth = 100_000
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is>' + "<r>" * depth + "</r>" * depth + "</is></c></row>"
    return write_xlsx(path, sheet_xml(rows, "A1:C2"))


def nested_workbook(path: Path) -> Path:
    """The workbook part itself nested 100,000 elements deep."""
    depth = 100_000
    workbook = WORKBOOK.replace("<sheets>", "<x>" * depth + "</x>" * depth + "<sheets>")
    return write_xlsx(path, workbook=workbook)




def billion_laughs(path: Path) -> Path:
    """The shared strings declare nine levels of entities, each ten of the one before (10⁹ "lol")."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    strings = ('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<!DOCTYPE sst [{entities}]>'
               f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    rows = HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return write_xlsx(path, sheet_xml(rows, "A1:C2"), strings=strings)


def external_entity(path: Path) -> Path:
    """The workbook part names an external entity (a file on this computer)."""
    workbook = WORKBOOK.replace("\n<workbook", '\n<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                                                 "\n<workbook").replace('name="加油"', 'name="&xxe;"')
    return write_xlsx(path, workbook=workbook)


def entity_in_sheet(path: Path) -> Path:
    """A sheet with a DOCTYPE after a long comment (the declaration is not in the first bytes)."""
    prolog = "<!--" + "x" * 200_000 + '-->\n<!DOCTYPE worksheet [<!ENTITY e SYSTEM "http://example.invalid/x">]>'
    return write_xlsx(path, sheet_xml(prolog=prolog))


# name, maker, message the reader must give (a regular expression)
BAD = [
    ("random.xlsx", random_bytes, "不是 Excel 文件|无法读取"),
    ("broken_member.xlsx", broken_member, "已损坏"),
    ("truncated.xlsx", truncated, "已损坏|不完整"),
    ("encrypted.xlsx", real_encrypted, "文件已加密"),
    ("encrypted_as.xls", real_encrypted, "文件已加密"),
    ("encrypted_cfb.xlsx", encrypted_cfb, "文件已加密"),
    ("word.xls", word_cfb, "Word 文档"),
    ("bare_cfb.xls", bare_cfb, "不是 Excel 工作簿"),
    ("empty.xlsx", empty, "空文件"),
    ("text.xlsx", text_file, "文本文件"),
    ("notes.txt", text_file, "不是电子表格"),
    ("table.csv.xlsx", csv_file, "CSV"),
    ("report.pdf.xlsx", pdf_file, "PDF"),
    ("picture.png.xlsx", png_file, "PNG 图片"),
    ("picture.png", png_file, "PNG 图片"),
    ("letter.docx.xlsx", docx_file, "Word 文档"),
    ("photos.zip.xlsx", plain_zip, "压缩包"),
    ("far_cell.xlsx", far_cell, "已用区域异常大"),
    ("far_cell_rows_unnumbered.xlsx", far_cell_rows_unnumbered, "已用区域异常大"),
    ("far_cell_odd_quotes.xlsx", far_cell_odd_quotes, "已用区域异常大"),
    ("far_row_unnumbered_cells.xlsx", far_row_unnumbered_cells, "已用区域异常大"),
    ("wide_sparse.xlsx", wide_sparse, r"已用区域异常大（1220 行 × 16384 列）"),
    ("sparse_column_xfd.xlsx", sparse_column_xfd, r"已用区域异常大（1220 行 × 16384 列）"),
    ("far_row_one_letter.xlsx", far_row_one_letter, r"已用区域异常大（699999 行 × 26 列）"),
    ("far_cell.xls", far_xls, r"工作表“加油” 已用区域异常大（65536 行 × 256 列）"),
    ("far_value.ods", ods_far_value, r"工作表“加油” 已用区域异常大（1220 行 × 16384 列）"),
    ("repeated_value.ods", ods_repeated_value, r"已用区域异常大（1220 行 × 16384 列）"),
    ("repeated_rows.ods", ods_repeated_rows, r"已用区域异常大（1000002 行 × 3 列）"),
    ("many_strings.xlsx", many_strings, "解压后|压缩比|共享字符串"),
    ("one_huge_string.xlsx", one_huge_string, "解压后|压缩比|共享字符串"),
    ("long_string.xlsx", long_string, "共享字符串|32767"),
    ("huge_sheet_xml.xlsx", huge_sheet_xml, "解压后|压缩比"),
    ("many_members.xlsx", many_members, "部件"),
    ("nested_workbook.xlsx", nested_workbook, "嵌套"),
    ("billion_laughs.xlsx", billion_laughs, "DOCTYPE|实体"),
    ("external_entity.xlsx", external_entity, "DOCTYPE|实体"),
    ("entity_after_comment.xlsx", entity_in_sheet, "DOCTYPE|实体"),
]

# Files whose name lies about a real spreadsheet: read as what they really are.
def xlsx_as_xls(path: Path) -> Path:
    return good_xlsx(path)


# Harmless though hostile-looking: read within the bounds, nothing to refuse (calamine's parser
# does not recurse, and the cell's text is read as it is; a merge reaching beyond the cells is cut
# to them); the import finds no rows to write.
HARMLESS = [("nested_cell.xlsx", nested_xml), ("merged_far.xlsx", merged_far), ("merged_outside.xlsx", merged_outside)]

MISNAMED = [("ledger.xlsx.xls", xlsx_as_xls), ("ledger.xlsx.ods", xlsx_as_xls)]


def make(name: str, folder: Path) -> Path:
    for bad_name, maker, _message in BAD:
        if bad_name == name:
            return maker(folder / name)
    for bad_name, maker in MISNAMED + HARMLESS:
        if bad_name == name:
            return maker(folder / name)
    raise KeyError(name)


if __name__ == "__main__":
    dest = Path(sys.argv[1] if len(sys.argv) > 1 else "badfiles-out")
    dest.mkdir(parents=True, exist_ok=True)
    for name, maker, message in BAD:
        path = maker(dest / name)
        print(f"{path.stat().st_size:>10}  {name}  → {message}")
