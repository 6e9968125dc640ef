"""Finding the table in a sheet: title rows above, a header of one to three rows, data rows below.

``find_table`` skips titles, 填报单位 / date rows and notes above the header, recognises
headers whose group cells are merged over their sub-columns (加油情况 over 加油量/单价/金额) or
whose cells are merged down over two rows, and builds each column's full name.  ``data_rows``
then yields the rows below, with vertically merged cells filled down, and reports every row it
skips (blank, 小计/合计/总计, 填表人/审核人 sign-off) with the row number the user sees in Excel.
"""
from __future__ import annotations

import operator
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter, methodcaller
from datetime import date, datetime
from typing import Iterable, Iterator

from govoffice_desktop.ledgers.reader import Sheet
from govoffice_desktop.services.validation import halfwidth

HEADER_SEARCH_ROWS = 30
MAX_HEADER_ROWS = 3
VARIANTS = str.maketrans({"岀": "出", "戶": "户", "號": "号", "車": "车", "輛": "辆", "駕": "驾", "單": "单",
                          "價": "价", "額": "额", "時": "时", "間": "间", "員": "员", "銷": "销", "數": "数"})
TOTAL_WORDS = ("小计", "合计", "总计", "累计")
SIGN_OFF_WORDS = ("填表人", "制表人", "审核人", "审核", "负责人", "联系电话", "填报人", "经办人", "单位负责人",
                  "经手人", "接收人", "移交人", "制表日期", "填表日期", "填报日期", "申请时间", "申请日期")
NOTE_WORDS = ("注：", "注:", "说明：", "说明:", "备注：", "备注:", "附注", "本表", "填表说明", "填报说明")
# A total row: 小计/合计/总计/累计 after a short prefix (1月小计, 本月合计, 一季度合计), maybe a colon.
_TOTAL_CELL = re.compile(r"^[^\s]{0,8}?(?:小计|合计|总计|累计)[:：]?$")
# A template placeholder: {{…}}, ${…}, #{…}, or a bare t.name / row.field.
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\$\{|#\{|^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
# A line of a form, not a record: "label：value" (填表人：李某, 申请时间：2024年5月26日), or a blank date (年 月 日).
_LABEL_CELL = re.compile(r"^[^\d:：]{1,12}[:：]")
_BLANK_DATE = re.compile(r"年\s*月\s*日|年\s{2,}月|^[\s年月日]+$")


_BILINGUAL = re.compile(r"(?<=[\u4e00-\u9fff)])[_/]?[A-Za-z][A-Za-z0-9_ ]{2,}$")


def normalise_header(value) -> str:
    """序 号 → 序号; 加油量\\n（升） → 加油量(升); 姓名_real_name → 姓名; stray marks and variant
    characters mended."""
    if value is None:
        return ""
    text = halfwidth(str(value)).translate(VARIANTS)
    text = re.sub(r"\s+", "", text)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    text = text.strip("*＊:：、,，.。;；!！?？#\"'“”‘’")
    if text and not text.isascii():
        text = _BILINGUAL.sub("", text)  # a bilingual header: the Chinese name is the name
    return text


def is_placeholder(value) -> bool:
    """A template's placeholder ({{$fe:listMap t.id, t.name, ${name}}), not a value."""
    return value.__class__ is str and bool(_PLACEHOLDER.search(value.strip()))


def _is_information(value) -> bool:
    """A line above a header (培训机构（印章）：…, 填报单位：…, 单位：元), not a column name."""
    if value.__class__ is not str:
        return False
    text = value.strip()
    return bool(_LABEL_CELL.match(text)) or "：" in text or len(_squash(text)) > 20 or is_placeholder(text)


def _squash(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "").replace("\n", "").strip()


def _is_texty(value) -> bool:
    if value is None or isinstance(value, (bool, int, float, date, datetime)):
        return False
    text = str(value).strip()
    return bool(text) and not re.fullmatch(r"[\d.,\-/:\s年月日]+", halfwidth(text))


def _filled(sheet: Sheet, first: int, last: int) -> list[list]:
    """Rows first..last with every merged range's value copied into all of its cells."""
    grid = [list(r) for r in sheet.rows[first:last + 1]]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 < first or r0 > last:
            continue
        value = sheet.rows[r0][c0] if r0 < len(sheet.rows) and c0 < len(sheet.rows[r0]) else ""
        for r in range(max(r0, first), min(r1, last) + 1):
            for c in range(c0, min(c1 + 1, len(grid[r - first]))):
                grid[r - first][c] = value
    return grid


@dataclass
class Table:
    sheet: Sheet
    header_first: int  # 0-based rows of the header band
    header_last: int
    columns: list[str]  # full names: "加油情况/加油量"
    leaves: list[str]  # the lowest header cell of each column: "加油量"
    shown: list[str]  # the columns as the user wrote them (spaces and line breaks folded): for messages

    @property
    def data_first(self) -> int:
        return self.header_last + 1


@dataclass
class Skipped:
    sheet: str
    row: int  # as the user sees it in Excel
    reason: str


@dataclass
class DataRow:
    row: int  # as the user sees it in Excel
    values: list


def _score(cells: list, known: set[str]) -> float:
    if sum(1 for c in cells if _is_information(c)) > 1 or any(is_placeholder(c) for c in cells):
        return 0.0  # a line of information above the table, or a template row
    distinct = {normalise_header(c) for c in cells if _is_texty(c) and not _is_information(c)}
    distinct.discard("")
    if len(distinct) < 2:
        return 0.0
    hits = sum(1 for d in distinct if d in known or any(k and k in d for k in known))
    numbers = sum(1 for c in cells if isinstance(c, (int, float, date, datetime)) and not isinstance(c, bool))
    return len(distinct) + 3 * hits - 2 * numbers


def find_table(sheet: Sheet, known: Iterable[str] = ()) -> Table | None:
    """The header band and column names of ``sheet``, or None when no row looks like a header."""
    known = {normalise_header(k) for k in known}
    last = min(len(sheet.rows), HEADER_SEARCH_ROWS) - 1
    if last < 0:
        return None
    grid = _filled(sheet, 0, min(len(sheet.rows) - 1, last + MAX_HEADER_ROWS))
    scores = [_score(grid[i], known) for i in range(last + 1)]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    if scores[best] <= 0:
        return None
    first = band_end = best
    # Grow the band upwards: header cells merged down into the best row (车牌号 over two rows), or
    # group cells merged across columns (加油情况 over 加油量/单价/金额) in a row of several names.
    while first > 0 and band_end - first + 1 < MAX_HEADER_ROWS:
        prev = first - 1
        names = {normalise_header(c) for c in grid[prev] if _is_texty(c)}
        if any(_is_information(c) for c in grid[prev]):
            break  # 培训机构（印章）：… above the header is information, not a group of columns
        down = any(r0 <= prev < r1 and r1 >= first for (r0, _c0), (r1, _c1) in sheet.merged)
        across = len(names) >= 2 and any(r0 == r1 == prev and c1 > c0 for (r0, c0), (r1, c1) in sheet.merged)
        if not (down or across):
            break
        first = prev
    # Grow the band downwards: a merge in the band reaching the next row, or group cells merged
    # across columns with names beneath them, and no numbers in that next row.
    for _ in range(MAX_HEADER_ROWS - 1):
        nxt = band_end + 1
        if nxt >= len(grid) or any(isinstance(c, (int, float)) and not isinstance(c, bool) for c in sheet.rows[nxt]):
            break
        vertical = any(r0 <= band_end < r1 and r0 >= first for (r0, _c0), (r1, _c1) in sheet.merged)
        across = any(r0 == band_end == r1 and c1 > c0 and any(_is_texty(sheet.rows[nxt][c]) for c in range(c0, c1 + 1)
                                                               if c < len(sheet.rows[nxt]))
                     for (r0, c0), (r1, c1) in sheet.merged)
        if not (vertical or across):
            break
        band_end = nxt
    columns, leaves, shown = [], [], []
    for c in range(sheet.width):
        parts: list[str] = []
        raw_parts: list[str] = []
        for r in range(first, band_end + 1):
            raw = grid[r][c] if c < len(grid[r]) else ""
            text = "" if is_placeholder(raw) else normalise_header(raw)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
                raw_parts.append(re.sub(r"\s+", "", str(raw)))
        columns.append("/".join(parts))
        leaves.append(parts[-1] if parts else "")
        shown.append("/".join(raw_parts))
    return Table(sheet, first, band_end, columns, leaves, shown)


# A row can only be a total, a sign-off, a note or a template row if one of these is in it (spaces
# allowed between the characters, as in 小  计): one search per row, and the exact rules only where
# it matches, or where the row holds a single value (a pre-numbered blank row of a printed form).
# Every alternative starts with a literal character, so that the search stays a fast scan.
_MARKER_RE = re.compile("|".join([r"\s*".join(map(re.escape, w)) for w in TOTAL_WORDS + SIGN_OFF_WORDS]
                                 + [re.escape(w) for w in NOTE_WORDS] + [r"\{\{|\}\}|\$\{|#\{|：|年\s+月|t\."]))


_BLANK_TEXT = re.compile(r"\0\s+(?=\0)")  # a text of spaces only, among texts joined by NUL (and NUL on each end)


def _is_number_like(value) -> bool:
    if value.__class__ in (int, float):
        return True
    return value.__class__ is str and bool(re.fullmatch(r"\s*\d{1,4}\s*", value))


def skip_reason(values: list) -> str | None:
    """Why a row under the header is not a record (小计行, 只有序号, 模板占位, 注释, 签字/落款), or None."""
    filled = [v for v in values if v is not None and v != "" and not (v.__class__ is str and not v.strip())]
    if not filled:
        return "空行"
    texts = [_squash(v) for v in filled if v.__class__ is str]
    if any(_TOTAL_CELL.match(_squash(v)) for v in values[:4] if v.__class__ is str and v.strip()):
        return "小计/合计行"
    if len(filled) == 1 and _is_number_like(filled[0]) and any(
            v is filled[0] for v in values[:2]):
        return "只有序号的空行"
    if texts and len(texts) == len(filled) and all(_PLACEHOLDER.search(t) for t in texts):
        return "模板占位行"
    if len(filled) <= 2 and len(texts) == len(filled) and texts[0].startswith(NOTE_WORDS):
        return "注释行"
    if len(filled) <= 4 and any(t.startswith(SIGN_OFF_WORDS) for t in texts):
        return "签字/落款行"
    raw = [v.strip() for v in filled if v.__class__ is str]
    if len(filled) <= 4 and len(raw) == len(filled) and all(_LABEL_CELL.match(t) or _BLANK_DATE.search(t)
                                                            for t in raw):
        return "签字/落款行"
    return None


def data_rows(table: Table, skipped: list[Skipped]) -> Iterator[DataRow]:
    """The rows under the header, merged cells filled down; skips are appended to ``skipped``."""
    numbers, rows = data_block(table, skipped)
    for number, values in zip(numbers, rows):
        yield DataRow(number, values)


def data_block(table: Table, skipped: list[Skipped],
               columns: dict[int, list] | None = None) -> tuple[list[int], list[list]]:
    """The rows under the header as two lists, (row numbers as the user sees them in Excel, cells),
    merged cells filled down; skips are appended to ``skipped``.  ``columns``, when given, gets
    the columns it looked at (column index → each row's cell) when every row is taken and every
    row is as wide: the converter takes them instead of taking the rows apart again.

    Most rows of a long ledger hold two or more values and no text that could mark a blank, total,
    sign-off or note row.  Those texts are found column by column (one search over each column's
    texts joined), the values counted row by row in C (``list.count``); only the rows with such a
    text, or with at most one value, are looked at one by one (``skip_reason``)."""
    sheet = table.sheet
    first = table.data_first
    body = sheet.rows[first:]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 > r0 and r0 >= first:
            value = sheet.rows[r0][c0]
            for r in range(r0 + 1, min(r1, len(sheet.rows) - 1) + 1):
                values = body[r - first] = list(body[r - first])
                for c in range(c0, min(c1 + 1, len(values))):
                    if values[c] is None or values[c] == "":
                        values[c] = value
    widths = list(map(len, body))
    rectangular = min(widths, default=0) == max(widths, default=0)
    full = 0  # columns with a value in every row: two of them, and no row holds at most one value
    close: set[int] = set()
    for c in range(max(widths, default=0)):
        column = list(map(itemgetter(c), body)) if rectangular else [r[c] if c < len(r) else None for r in body]
        if columns is not None and rectangular:
            columns[c] = column
        kinds = set(map(type, column))
        full += type(None) not in kinds and (str not in kinds or "" not in column)
        if str not in kinds:
            continue
        if kinds != {str}:
            column = [v if v.__class__ is str else "" for v in column]
        joined = "\0".join(column)
        hits = [m.start() for m in _MARKER_RE.finditer(joined)] + \
            [m.start() for m in _BLANK_TEXT.finditer(f"\0{joined}\0")]  # where the text starts in ``joined``
        if hits:  # the rows of these texts: by where each text starts in the joined column
            starts = list(accumulate(map((1).__add__, map(len, column)), initial=0))
            close.update(bisect_right(starts, at) - 1 for at in hits)
    if full < 2:  # the rows with at most one value
        empties = map(operator.add, map(methodcaller("count", None), body), map(methodcaller("count", ""), body))
        close.update(i for i, n in enumerate(map(operator.sub, widths, empties)) if n <= 1)
    if not close:
        return [sheet.excel_row(r) for r in range(first, first + len(body))], body
    numbers: list[int] = []
    out: list[list] = []
    for i, values in enumerate(body):
        r = first + i
        if i in close:
            texts = [v for v in values if v.__class__ is str]
            if len(texts) + values.count(None) == len(values) and not "".join(texts).strip():
                skipped.append(Skipped(sheet.name, sheet.excel_row(r), "空行"))
                continue
            if len(values) - values.count(None) - values.count("") <= 1 or \
                    (texts and _MARKER_RE.search("\0".join(texts))):
                reason = skip_reason(values)
                if reason:
                    skipped.append(Skipped(sheet.name, sheet.excel_row(r), reason))
                    continue
        numbers.append(sheet.excel_row(r))
        out.append(values)
    if columns is not None and len(out) < len(body):
        columns.clear()  # some rows are left out: the columns are not those of the rows taken
    return numbers, out
