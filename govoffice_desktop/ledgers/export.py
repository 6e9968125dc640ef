"""Exporting what a table shows to .xlsx: a title row naming the table and the filter, a bold
frozen header, widths fitted to the content (a CJK character counts double), dates as real
dates, money with two decimals, and text that starts with = + - @ kept as text.

Workbooks are written with xlsxwriter in its constant-memory mode (rows stream to disk as they
are written: about twice as fast as openpyxl's write-only mode for the same cells); openpyxl
stays where a workbook is read or edited.
"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

if TYPE_CHECKING:
    from xlsxwriter import Workbook

from govoffice_desktop.models.ratings import BOTTOM_UP, DIRECTIONS, period_label
from govoffice_desktop.services import auth, fleet, outputs, ratings, rewards, staff, supervision, typing_pool
from govoffice_desktop.services.office import office_name
from govoffice_desktop.texts import value_text
from govoffice_desktop.services.outputs import os_reason  # noqa: F401 - where callers found it

WIDTH_SAMPLE_ROWS = 500  # widths are measured on the first rows: the rest follow the same shape
MAX_WIDTH = 60
FORMULA_STARTS = ("=", "+", "-", "@")
DIGIT_PIXELS = 7  # a column's width counted in characters is this many pixels each (Calibri 11, as xlsxwriter counts)
# Every string is text (never a formula or a link), rows stream to disk, and the file is exactly
# what was written: the same options for an export and for the benchmark's bare write.
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}


def display_width(text: str) -> int:
    """Columns a text takes in Excel: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text_of(value) -> str:
    return value_text(value)  # 是/否, 2026-12-06, to the minute (govoffice_desktop/texts.py)


def new_workbook(path: str | Path) -> Workbook:
    """A workbook to fill with ``write_sheet`` and ``close()`` to ``path`` (the temporary file of
    ``outputs.writing``)."""
    from xlsxwriter import Workbook  # when a workbook is written: the window starts without it

    return Workbook(str(path), WORKBOOK_OPTIONS)


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
        book = new_workbook(temp)
        written = write_sheet(book, title, headers, rows, filter_text, progress, office=office)
        book.close()  # also when stopped: closes the sheet's own temporary file now, not at garbage collection
        if written < 0:
            raise outputs.Discard
        if before_rename is not None:
            before_rename(written)
    return written


def sheet_name(title: str) -> str:
    """A title as Excel allows a sheet's name: 31 characters, none of []:*?/\\."""
    return title[:31].translate(str.maketrans("[]:*?/\\", "（）：＊？／＼")) or "导出"


def write_sheet(book: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence], filter_text: str = "",
                progress: Callable[[int], bool] | None = None, name: str | None = None, office: str = "") -> int:
    """One sheet of a ``new_workbook``: the title row (headed by the ``office``'s name), the bold
    frozen header, the rows; returns the rows written, or -1 when ``progress`` stopped it."""
    sheet = book.add_worksheet(sheet_name(name or title))
    sheet.freeze_panes(2, 0)
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
        # In pixels: the file then holds the width itself (set_column would add the cell's padding).
        sheet.set_column_pixels(i, i, min(width + 2, MAX_WIDTH) * DIGIT_PIXELS)

    caption = (f"{office}　" if office and office not in title else "") + title \
        + (f"（筛选：{filter_text}）" if filter_text else "")
    sheet.write_string(0, 0, caption, book.add_format({"bold": True, "font_size": 14}))
    bold = book.add_format({"bold": True})
    for i, h in enumerate(headers):
        sheet.write_string(1, i, h, bold)

    # A column of decimals takes one number format, with as many places as its values show
    # in the sample (a money column: two); later values keep their exact value, shown alike.
    places = [0] * len(headers)
    for row in sample:
        for i, value in enumerate(row):
            if isinstance(value, Decimal):
                exponent = value.as_tuple().exponent
                places[i] = max(places[i], -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    formats: dict[str, object] = {}

    def number_format(text: str):
        if text not in formats:
            formats[text] = book.add_format({"num_format": text})
        return formats[text]

    decimal_formats = [number_format("#,##0." + "0" * p if p else "#,##0") for p in places]
    money = number_format("#,##0.00")
    day, minute = number_format("yyyy-mm-dd"), number_format("yyyy-mm-dd hh:mm")

    # A row goes out whole through write_row: numbers, text (never a formula, see WORKBOOK_OPTIONS)
    # and blanks as the library writes them; these handlers give the few other kinds their format.
    # They call the methods write_number and write_datetime call, without the A1-notation wrapper
    # around those: a third of the cost of a formatted cell (xlsxwriter is pinned below 4).
    number, moment, text = sheet._write_number, sheet._write_datetime, sheet._write_string

    def write_decimal(_sheet, r, c, value, _format=None):
        return number(r, c, value, decimal_formats[c] if c < len(decimal_formats) else money)

    sheet.add_write_handler(Decimal, write_decimal)
    sheet.add_write_handler(datetime, lambda _sheet, r, c, value, _format=None: moment(r, c, value, minute))
    sheet.add_write_handler(date, lambda _sheet, r, c, value, _format=None: moment(r, c, value, day))
    sheet.add_write_handler(bool, lambda _sheet, r, c, value, _format=None: text(r, c, "是" if value else "否"))

    # Each cell straight to its writer by its class (what write_row's dispatch does, less the
    # questions it asks of every cell); a class not here goes through the library's own dispatch.
    writers = {
        str: lambda r, c, value: value and text(r, c, value),  # '' is a blank: nothing written
        int: number, float: number,
        Decimal: lambda r, c, value: number(r, c, value, decimal_formats[c] if c < len(decimal_formats) else money),
        datetime: lambda r, c, value: moment(r, c, value, minute),
        date: lambda r, c, value: moment(r, c, value, day),
        bool: lambda r, c, value: text(r, c, "是" if value else "否"),
    }
    general = sheet._write
    get = writers.get

    def write_row(r: int, row: Sequence) -> None:
        for c, value in enumerate(row):
            if value is not None:  # a blank without a format: nothing written
                writer = get(value.__class__)
                if writer is None:
                    general(r, c, value)
                else:
                    writer(r, c, value)

    written = 0
    for row in sample:
        write_row(written + 2, row)
        written += 1
    for row in rows:
        write_row(written + 2, row)
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
            yield from [fetched[rid] for rid in chunk if rid in fetched]

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


def export_vote_summary(path: str | Path, summary, *, force: bool = False) -> int:
    """民主评议汇总表 (services/ratings_summary.py) to .xlsx, as the window shows it: its title
    names the period, the direction and the group."""
    title = f"{summary.period}民主评议汇总表"
    return export_rows(path, title, summary.headers(), summary.table(), summary.scope().split(" ", 1)[1],
                       force=force, office=office_name())
