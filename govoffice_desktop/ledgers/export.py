"""Exporting what a table shows to .xlsx: a title row naming the table and the filter, a bold
frozen header, widths fitted to the content (a CJK character counts double), dates as real
dates, money with two decimals, and text that starts with = + - @ kept as text.
"""
from __future__ import annotations

from govoffice_desktop.models.ratings import BOTTOM_UP, DIRECTIONS
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

from govoffice_desktop.models.ratings import period_label
from govoffice_desktop.services import auth, fleet, outputs, ratings, rewards, staff, supervision, typing_pool
from govoffice_desktop.services.office import office_name
from govoffice_desktop.services.outputs import os_reason  # noqa: F401 - where callers found it

WIDTH_SAMPLE_ROWS = 500  # widths are measured on the first rows: the rest follow the same shape
MAX_WIDTH = 60
FORMULA_STARTS = ("=", "+", "-", "@")


def display_width(text: str) -> int:
    """Columns a text takes in Excel: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text_of(value) -> str:
    if isinstance(value, bool):
        return "是"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def export_rows(path: str | Path, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                filter_text: str = "", progress: Callable[[int], bool] | None = None, *, force: bool = False,
                before_rename: Callable[[int], None] | None = None, office: str = "") -> int:
    """Write ``rows`` under ``headers`` to ``path``; returns the number of rows written.

    The path is checked first (services/outputs.py; ``force`` replaces a file already there) and
    the workbook is written beside it and renamed when complete.  ``progress(rows_done)`` is
    called every 2,000 rows; returning False stops the export (no file is then written).
    ``before_rename(rows_written)`` runs when the workbook is complete but not yet in place: an
    exception it raises leaves no new file and the old one untouched.
    """
    written = -1
    with outputs.writing(path, outputs.XLSX, force=force) as temp:
        from openpyxl import Workbook  # when a workbook is written: the window starts without openpyxl

        book = Workbook(write_only=True)
        written = write_sheet(book, title, headers, rows, filter_text, progress, office=office)
        if written < 0:
            for sheet in book.worksheets:  # close the sheet's own temporary file now, not at garbage collection
                sheet.close()
            raise outputs.Discard
        book.save(str(temp))
        if before_rename is not None:
            before_rename(written)
    return written


def sheet_name(title: str) -> str:
    """A title as Excel allows a sheet's name: 31 characters, none of []:*?/\\."""
    return title[:31].translate(str.maketrans("[]:*?/\\", "（）：＊？／＼")) or "导出"


def write_sheet(book: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence], filter_text: str = "",
                progress: Callable[[int], bool] | None = None, name: str | None = None, office: str = "") -> int:
    """One sheet of a write-only workbook: the title row (headed by the ``office``'s name), the
    bold frozen header, the rows; returns the rows written, or -1 when ``progress`` stopped it."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(sheet_name(name or title))
    sheet.freeze_panes = "A3"
    rows = iter(rows)
    sample = []
    for row in rows:
        sample.append(row)
        if len(sample) >= WIDTH_SAMPLE_ROWS:
            break
    widths = [display_width(h) for h in headers]
    for row in sample:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], display_width(_text_of(value)))
    for i, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(width + 2, MAX_WIDTH)

    caption = (f"{office}　" if office and office not in title else "") + title \
        + (f"（筛选：{filter_text}）" if filter_text else "")
    title_cell = WriteOnlyCell(sheet, value=caption)
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)

    # Write-only rows are written out as they are appended, so one styled cell per column and
    # kind can be reused for every row: far cheaper than a new styled cell per value.
    templates: dict[tuple[int, str], WriteOnlyCell] = {}

    def styled(index: int, kind: str, value, number_format: str | None = None):
        cell = templates.get((index, kind))
        if cell is None:
            cell = WriteOnlyCell(sheet)
            if number_format:
                cell.number_format = number_format
            templates[(index, kind)] = cell
        cell.value = value
        if kind == "text":
            cell.data_type = "s"  # never a formula
        return cell

    # A column of decimals takes one number format, with as many places as its values show
    # in the sample (a money column: two); later values keep their exact value, shown alike.
    places = [0] * len(headers)
    for row in sample:
        for i, value in enumerate(row):
            if isinstance(value, Decimal):
                exponent = value.as_tuple().exponent
                places[i] = max(places[i], -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    number_formats = ["#,##0." + "0" * p if p else "#,##0" for p in places]

    def cell_for(i: int, value):
        """What column ``i`` writes for ``value``: the value itself, or a styled cell."""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, Decimal):
            return styled(i, "decimal", value, number_formats[i] if i < len(number_formats) else "#,##0.00")
        if isinstance(value, datetime):
            return styled(i, "datetime", value, "yyyy-mm-dd hh:mm")
        if isinstance(value, date):
            return styled(i, "date", value, "yyyy-mm-dd")
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return styled(i, "text", value)
        return value

    plain_types = (int, float, type(None))

    def plain(row):
        # Most cells are numbers or ordinary text: pass those through, look closer at the rest.
        out = list(row)
        for i, value in enumerate(out):
            if value.__class__ in plain_types or (value.__class__ is str and not value.startswith(FORMULA_STARTS)):
                continue
            out[i] = cell_for(i, value)
        return out

    written = 0
    for row in sample:
        sheet.append(plain(row))
        written += 1
    for row in rows:
        sheet.append(plain(row))
        written += 1
        if progress and written % 2000 == 0 and progress(written) is False:
            return -1
    return written


def export_listing(path: str | Path, title: str, listing, ids: Sequence[int], headers: Sequence[str] | None = None,
                   filter_text: str = "", progress: Callable[[int], bool] | None = None, *,
                   force: bool = False) -> int:
    """Export the rows ``ids`` of a service listing, in that order, fetched a page at a time."""
    def rows():
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            fetched = listing.rows(chunk)
            for rid in chunk:
                if rid in fetched:
                    yield fetched[rid]

    log = None
    if _personal(listing):
        def log(written: int) -> None:
            # Logged before the file takes its name: personal data never goes out unlogged (another
            # program keeping the database busy leaves no file, and an old one as it was).
            auth.log_export(title, path, written, full_ids=auth.allowed("staff.sensitive"))
    return export_rows(path, title, list(headers or listing.labels), rows(), filter_text, progress, force=force,
                       before_rename=log, office=office_name())


def _personal(listing) -> bool:
    """A table of personal data (ID or phone numbers, or the audit log that holds them): its
    exports are logged."""
    return listing.model._meta.table_name == "audit_log" or any(c.key in ("id_number", "phone")
                                                                 for c in listing.columns)


def export_kinds() -> dict:
    """What ``export KIND`` can write: kind → (title, listing factory)."""
    return {
        "staff": ("人员档案", staff.person_listing),
        "roster": ("人员花名册", staff.roster_listing),
        "speed-tests": ("打字测速", typing_pool.speed_test_listing),
        "refuels": ("加油记录", fleet.refuel_listing),
        "vehicles": ("车辆", fleet.vehicle_listing),
        "trips": ("出车登记", fleet.trip_listing),
        "incidents": ("事故违章", fleet.incident_listing),
        "typing": ("文印登记", typing_pool.typing_log_listing),
        "tallies": ("评议票数", ratings.tally_listing),
        "tasks": ("督办事项", supervision.task_listing),
        "checks": ("督查记录", supervision.check_listing),
        "meetings": ("会议服务记录", supervision.meeting_listing),
        "calls": ("电话记录", supervision.call_listing),
        "rewards": ("奖惩台账", rewards.entry_listing),
        "claims": ("出差值勤报销", rewards.claim_listing),
        "approvals": ("出差审批", rewards.approval_listing),
        "finance": ("财务检查", rewards.finding_listing),
        "goods": ("物品出入库", rewards.movement_listing),
    }


def export_ratings(path: str | Path, period, *, force: bool = False) -> int:
    """评议结果 to .xlsx: both directions, ranking order, each group's mean, the bottom three marked."""
    outputs.check_output(path, outputs.XLSX, force=force)  # before any work
    rankings = {d: ratings.section_scores(period, d) for d in DIRECTIONS}
    groups = sorted({g for ranking in rankings.values() for s in ranking for g in s.by_group})
    rows = []
    rules = ratings.rules_of(period)  # the grassroots group's bottom three (阶段性 while the quarter is open)
    mark = "（阶段性）" if rules.provisional else ""
    for direction, ranking in rankings.items():
        bottom = {s.section.id for s in rules.bottom} if direction == BOTTOM_UP else set()
        alerts = {a.section.id for a in rules.alerts} if direction == BOTTOM_UP else set()
        for s in ranking:
            note = "；".join(x for x in ("后三名" + mark if s.section.id in bottom else "",
                                        "连续三次最差" + mark if s.section.id in alerts else "") if x)
            rows.append((direction, s.rank, s.section.name, s.shown, *[s.by_group.get(g) for g in groups], s.votes, note))
    return export_rows(path, f"{period_label(period.year, period.quarter)}科室工作评议结果",
                       ["方向", "名次", "科室", "得分", *groups, "票数", "备注"], rows, force=force, office=office_name())
