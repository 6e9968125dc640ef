"""Finding the table in a sheet: title rows above, a header of one to three rows, data rows below.

``find_table`` skips titles, 填报单位 / date rows and notes above the header, recognises
headers whose group cells are merged over their sub-columns (加油情况 over 加油量/单价/金额) or
whose cells are merged down over two rows, and builds each column's full name.  ``data_rows``
then yields the rows below, with vertically merged cells filled down, and reports every row it
skips (blank, 小计/合计/总计, 填表人/审核人 sign-off) with the row number the user sees in Excel.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Iterator

from govoffice_desktop.ledgers.reader import Sheet
from govoffice_desktop.ledgers.values import halfwidth

HEADER_SEARCH_ROWS = 30
MAX_HEADER_ROWS = 3
VARIANTS = str.maketrans({"岀": "出", "戶": "户", "號": "号", "車": "车", "輛": "辆", "駕": "驾", "單": "单",
                          "價": "价", "額": "额", "時": "时", "間": "间", "員": "员", "銷": "销", "數": "数"})
TOTAL_WORDS = ("小计", "合计", "总计", "累计")
SIGN_OFF_WORDS = ("填表人", "制表人", "审核人", "审核", "负责人", "联系电话", "填报人", "经办人", "单位负责人")


def normalise_header(value) -> str:
    """序 号 → 序号; 加油量\\n（升） → 加油量(升); stray marks and variant characters mended."""
    if value is None:
        return ""
    text = halfwidth(str(value)).translate(VARIANTS)
    text = re.sub(r"\s+", "", text)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    text = text.strip("*＊:：、,，.。;；!！?？#\"'“”‘’")
    return text


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
    distinct = {normalise_header(c) for c in cells if _is_texty(c)}
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
            text = normalise_header(raw)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
                raw_parts.append(re.sub(r"\s+", "", str(raw)))
        columns.append("/".join(parts))
        leaves.append(parts[-1] if parts else "")
        shown.append("/".join(raw_parts))
    return Table(sheet, first, band_end, columns, leaves, shown)


# A row can only be a total or a sign-off row if one of these words is in it (spaces allowed between
# the characters, as in 小  计): one search per row, and the exact rules only where it matches.
_MARKER_RE = re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in TOTAL_WORDS + SIGN_OFF_WORDS))


def data_rows(table: Table, skipped: list[Skipped]) -> Iterator[DataRow]:
    """The rows under the header, merged cells filled down; skips are appended to ``skipped``."""
    sheet = table.sheet
    fills: dict[int, list[tuple[int, object]]] = {}  # row → [(column, value merged over it)]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 > r0 and r0 >= table.data_first:
            value = sheet.rows[r0][c0]
            for r in range(r0 + 1, r1 + 1):
                fills.setdefault(r, []).extend((c, value) for c in range(c0, c1 + 1))
    rows = sheet.rows
    for r in range(table.data_first, len(rows)):
        values = rows[r]
        if r in fills:
            values = list(values)
            for c, value in fills[r]:
                if c < len(values) and (values[c] is None or values[c] == ""):
                    values[c] = value
        texts = [v for v in values if v.__class__ is str]
        if len(texts) + values.count(None) == len(values) and not "".join(texts).strip():
            skipped.append(Skipped(sheet.name, sheet.excel_row(r), "空行"))
            continue
        if texts and _MARKER_RE.search("\0".join(texts)):
            # Only text cells can say 小计 or 填表人: look at those.
            texts = [_squash(v) for v in texts if v.strip()]
            if any(t.startswith(TOTAL_WORDS) for t in texts[:3]):
                skipped.append(Skipped(sheet.name, sheet.excel_row(r), "小计/合计行"))
                continue
            if len(texts) <= 4 and any(t.startswith(SIGN_OFF_WORDS) for t in texts):
                skipped.append(Skipped(sheet.name, sheet.excel_row(r), "签字/落款行"))
                continue
        yield DataRow(sheet.excel_row(r), values)
