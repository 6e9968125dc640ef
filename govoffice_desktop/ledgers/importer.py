"""Importing a ledger: read, find the table, map the columns, validate every row, then write all
or nothing in one transaction.

Nothing is written while any row is refused, unless the caller chose ``keep_valid``: then the
valid rows go in and the refused ones, with their reasons, go to an .xlsx to fix and import
again.  Rows already in the database (by each kind's natural key) are counted, not added again.

The audit trail: a refuel ledger (tens of thousands of rows) is audited by one chained ``create``
entry per batch of 5,000 rows listing their ids (``bulk_insert(audit="batch")``), written in the
same transaction right after the batch; the other kinds by one entry per row.
"""
from __future__ import annotations

import copy
import gc
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Callable

from govoffice_desktop.ledgers.kind_base import USER_WORDS, LedgerKind, RowConverter, WriteSummary
from govoffice_desktop.ledgers.kinds import KINDS
from govoffice_desktop.ledgers.mapping import (Mapping, _fields_data, field_specs, pair_times, remembered,
                                               remembered_words, required_any)
from govoffice_desktop.ledgers.reader import UNCOMPUTED_MESSAGE, CellError, LedgerError, Sheet, read_workbook
from govoffice_desktop.ledgers.sheets import choose_sheets
from govoffice_desktop.ledgers.table import Skipped, Table, data_block
from govoffice_desktop.models.db import Refusal, database, transaction_lock
from govoffice_desktop.services import auth, outputs, validation as v

Progress = Callable[[int, str], bool]
SAMPLE_ROWS = 20  # rows a preview shows


class ImportCancelled(Refusal):
    """The user cancelled the import: nothing was written."""


@dataclass
class RowError:
    sheet: str
    row: int | None
    column: str
    value: str
    message: str


@dataclass
class ImportReport:
    kind: str
    file: str
    rows_read: int = 0
    imported: int = 0
    valid: int = 0  # new, valid rows: what a dry run would import
    duplicates: int = 0
    created: dict[str, list[str]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)  # columns no field took
    notices: list[str] = field(default_factory=list)  # what the user should know though nothing was refused
    columns: list[str] = field(default_factory=list)  # the first sheet's columns, as written
    mapping: dict[str, int] = field(default_factory=dict)  # field → column index used for them
    sample: list[tuple[int, list]] = field(default_factory=list)  # first rows of the first sheet: (row, cells)
    dry_run: bool = False
    rejects_file: str | None = None
    needs: list[str] = field(default_factory=list)  # what the user must choose: "vehicle", "period"
    unknown_words: dict[str, list[str]] = field(default_factory=dict)  # word table → words it does not know

    @property
    def refused(self) -> bool:
        """Rows were refused and nothing was written."""
        return bool(self.errors) and self.imported == 0 and not self.dry_run

    def to_json(self) -> dict:
        out = {k: val for k, val in asdict(self).items()
               if k not in ("unmapped", "columns", "mapping", "sample", "needs", "unknown_words")}
        out["skipped"] = [{"sheet": s.sheet, "row": s.row, "reason": s.reason} for s in self.skipped]
        out["unmapped_columns"] = self.unmapped
        return out


def kind_class(kind: str) -> type[LedgerKind]:
    """The class of ledger ``kind``; ``LedgerError`` for a name no kind has."""
    try:
        return KINDS[kind]
    except KeyError:
        raise LedgerError(f"不认识的台账类型：{kind}（可用：{'、'.join(KINDS)}）") from None


@dataclass
class Chosen:
    """A sheet taken for import: its table (None when none was found) and the columns guessed."""

    sheet: Sheet
    table: Table | None
    guessed: Mapping | None
    reason: str


@dataclass
class Checked:
    """What converting the rows gave: the valid records and the refused rows."""

    records: list[tuple[str, int, object, list]] = field(default_factory=list)  # (sheet, row, record, raw values)
    # (sheet, row, values, reasons, header) of each refused row
    rejected: list[tuple[str, int, list, list[str], list[str]]] = field(default_factory=list)
    columns: dict[str, tuple[dict, list]] = field(default_factory=dict)  # sheet → (field → column, headers as written)


def import_ledger(kind: str, path: str | Path, sheet: str | None = None, all_sheets: bool = False,
                  dry_run: bool = False, keep_valid: str | Path | None = None,
                  mapping: dict[str, int] | None = None, progress: Progress | None = None,
                  options: dict | None = None, vehicle: str | None = None, force: bool = False) -> ImportReport:
    """Import ``path`` as ledger ``kind``.  Raises ``LedgerError`` for a file that cannot be read
    at all; every problem with rows is in the returned report.  ``options`` are the kind's own
    (the rating tallies' period and direction).  ``vehicle``: the plate of a trip, refuel or
    incident log of one car that has no plate column (a plate not on file is created).
    ``keep_valid`` is checked before the ledger is read (services/outputs.py: never the database,
    a backup or the ledger itself; ``force`` replaces a file already there).

    The steps: reading (the workbook and its sheets), mapping (each sheet's columns to fields),
    converting (rows to records, the kind's checks, duplicates) and writing (one transaction).
    Each import, the dry run of a preview too, has its own instance of the kind."""
    with _without_cycle_collection():
        return _import(kind, path, sheet, all_sheets, dry_run, keep_valid, mapping, progress, options, vehicle,
                       force)


_collection = {"depth": 0, "was_enabled": False}
_collection_lock = threading.Lock()


@contextmanager
def _without_cycle_collection():
    """Python's cycle collector paused while imports run: a ledger of 100,000 rows makes hundreds of
    thousands of rows, values and records that all stay alive until the import ends, and the
    collector would walk them again and again (a third of a large import's time) to find nothing.
    The import's garbage is freed as ever by reference counting.  Imports may run in several
    threads at once: the first one in pauses it, the last one out restores it as it was."""
    with _collection_lock:
        if _collection["depth"] == 0:
            _collection["was_enabled"] = gc.isenabled()
            gc.disable()
        _collection["depth"] += 1
    try:
        yield
    finally:
        with _collection_lock:
            _collection["depth"] -= 1
            if _collection["depth"] == 0 and _collection["was_enabled"]:
                gc.enable()


def _import(kind: str, path: str | Path, sheet: str | None, all_sheets: bool, dry_run: bool,
            keep_valid: str | Path | None, mapping: dict[str, int] | None, progress: Progress | None,
            options: dict | None, vehicle: str | None, force: bool) -> ImportReport:
    cls = kind_class(kind)
    auth.require(cls.permission)  # refused before the file is even read
    if keep_valid:
        outputs.check_output(keep_valid, outputs.XLSX, force=force, inputs=(path,))
    handler = cls()
    _load_user_words()
    for_every_row: dict[str, object] = {}  # fields the user gave for every row (a sheet of one vehicle)
    if vehicle:
        if "plate" not in cls.parsers:
            raise LedgerError(f"{kind} 台账没有车辆，不能指定车辆")
        for_every_row["plate"] = v.normalise_plate(vehicle)
    handler.begin(**(options or {}))  # what the kind needs to know before it checks rows
    report = ImportReport(kind=kind, file=str(path), dry_run=dry_run)
    chosen = _read(handler, path, sheet, all_sheets, mapping, set(for_every_row), report)
    if not chosen:
        return report
    checked = _convert(handler, chosen, mapping, for_every_row, report, progress)
    fresh = _new_records(handler, checked, report)
    if dry_run and fresh:
        _what_would_be_written(handler, fresh, report)
    if report.errors and not keep_valid:
        return report  # refused: nothing written
    if dry_run:
        return report
    if keep_valid and checked.rejected:  # written first: if this fails, nothing has been imported
        write_rejects(Path(keep_valid), checked.rejected, force=force, inputs=(path,))
        report.rejects_file = str(keep_valid)
    _write(handler, fresh, report, progress)
    return report


def _read(handler: LedgerKind, path: str | Path, sheet: str | None, all_sheets: bool,
          mapping: dict[str, int] | None, given: set[str], report: ImportReport) -> list[Chosen]:
    """Reading: the workbook, and the sheets to import as this kind; none (with the reasons in
    ``report``) when no sheet can be."""
    kind = handler.name
    sheets = read_workbook(path, sheets=[sheet] if sheet else None)
    taken, others = choose_sheets(sheets, kind, sheet, all_sheets, given)
    if not taken:  # a sheet whose columns the user mapped (now or before) is taken as they said
        mapped = [c for c in others if c.table and (mapping or remembered(kind, c.table.shown))]
        taken, others = mapped[:1], [c for c in others if all(c is not m for m in mapped[:1])]
    if not taken:  # no sheet can be imported as this kind: each sheet tried, and why not
        shown = max((c for c in others if c.table), key=lambda c: c.fit, default=None)
        if shown is not None:  # its columns, for the user to map in the preview
            report.columns, report.mapping = list(shown.table.shown), dict(shown.mapping.columns)
        if "plate" in handler.parsers and any([s.name for s in c.missing] == ["plate"] for c in others):
            report.needs.append("vehicle")  # a log of one car: the window offers a vehicle chooser
        for candidate in others:
            report.errors.append(RowError(candidate.sheet.name, None, "", "", candidate.reason))
        if not others:
            report.errors.append(RowError("", None, "", "", "工作簿里没有可见的工作表"))
        return []
    report.notices.extend(f"工作表“{c.sheet.name}”未导入：{c.reason}" for c in others
                          if all_sheets and c.reason != "空表")
    return [Chosen(c.sheet, c.table, c.mapping, c.reason) for c in taken]


def _map(handler: LedgerKind, chosen: Chosen, mapping: dict[str, int] | None, given: dict[str, object],
         report: ImportReport) -> Mapping | None:
    """Mapping: the columns of one sheet to the kind's fields (as the user mapped them, now or
    before, else as guessed); None, with the reason in ``report``, when the sheet cannot be read."""
    kind, sh, table, reason = handler.name, chosen.sheet, chosen.table, chosen.reason
    if table is None:
        report.errors.append(RowError(sh.name, None, "", "", reason))
        return None
    problem = handler.begin_sheet(sh, table)  # e.g. the period named in the sheet's title
    if problem:
        report.needs.extend(n for n in handler.needs() if n not in report.needs)  # the window offers a chooser
        report.errors.append(RowError(sh.name, None, "", "", problem))
        return None
    columns: Mapping = chosen.guessed
    users = mapping or remembered(kind, table.shown)
    if users:
        columns = Mapping(dict(users), [c for i, c in enumerate(table.columns) if i not in users.values() and c])
        pair_times(columns, table)
    if not report.columns:
        report.columns, report.mapping = list(table.shown), dict(columns.columns)
    missing = [s for s in columns.missing(field_specs(kind), required_any(kind)) if s.name not in given]
    if "plate" in given and "plate" in columns.columns:
        report.notices.append(f"{sh.name}有车牌号列，按表中的车牌号导入，未用指定的车辆 {given['plate']}")
    if missing or (reason and not users):
        names = "、".join(s.label for s in missing)
        report.errors.append(RowError(sh.name, sh.excel_row(table.header_last), "", "", reason or
                                      f"找不到必需的列：{names}（表头：{'、'.join(c for c in table.columns if c)}）"))
        return None
    report.unmapped.extend(c for c in columns.unmatched if c not in report.unmapped)
    return columns


def _header(name: str | None, index: int | None, shown: list[str], labels: dict[str, str]) -> str:
    """The column an error is shown under: the sheet's header of the field's column, else the
    field's label (a field without a column), else nothing (a refusal of the whole row)."""
    if index is not None:
        return shown[index]
    return labels.get(name, name) if name else ""


def _row_errors(sheet_name: str, row: int, values: list, problems, cols: dict[str, int], shown: list[str],
                labels: dict[str, str]) -> list[RowError]:
    """One row's problems, (field, message) each, as errors under the field's column with its cell."""
    errors = []
    for name, message in problems:
        index = cols.get(name)
        raw = values[index] if index is not None and index < len(values) else None
        errors.append(RowError(sheet_name, row, _header(name, index, shown, labels),
                               "" if raw is None else str(raw), message))
    return errors


def _convert(handler: LedgerKind, chosen: list[Chosen], mapping: dict[str, int] | None,
             for_every_row: dict[str, object], report: ImportReport, progress: Progress | None) -> Checked:
    """Converting: each sheet mapped, then each row to a record by the kind's parsers and checks;
    the refused rows with their errors in ``report``."""
    labels = {s.name: s.label for s in field_specs(handler.name)}
    total = sum(max(1, len(c.table.sheet.rows) - c.table.data_first) for c in chosen if c.table) or 1  # rows to check
    out = Checked()
    records, rejected = out.records, out.rejected
    for one in chosen:
        columns = _map(handler, one, mapping, for_every_row, report)
        if columns is None:
            continue
        sh, table = one.sheet, one.table
        first_sheet = report.columns == list(table.shown) and not report.sample
        out.columns[sh.name] = (columns.columns, table.shown)
        converter = RowConverter(handler, columns.columns, columns.times, columns.joins)
        handler.use_columns(columns.columns)  # what the sheet gives (refuels: money only without litres or price)
        converter.blank.update({name: value for name, value in for_every_row.items() if name not in columns.columns})
        cells_of: dict[int, list] = {}  # the columns data_block took apart, for the converter
        numbers, rows = data_block(table, report.skipped, cells_of)
        done = report.rows_read
        report.rows_read += len(rows)
        if first_sheet:
            report.sample.extend((number, ["" if v is None else v for v in values])
                                 for number, values in zip(numbers[:SAMPLE_ROWS], rows))
        if progress and progress(min(60, 60 * done // total), "正在检查…") is False:
            raise ImportCancelled("已取消，未写入任何数据")
        converted, problems = converter.convert_all(rows, cells_of)
        if not problems and None not in converted:  # every row a record
            records.extend(zip(repeat(sh.name), numbers, converted, rows))
            converted = ()
        for i, record in enumerate(converted):
            if record is not None and i not in problems:
                records.append((sh.name, numbers[i], record, rows[i]))
                continue
            errors = _row_errors(sh.name, numbers[i], rows[i], problems.get(i, ()), columns.columns, table.shown,
                                 labels) or [RowError(sh.name, numbers[i], "", "", "这一行无法导入")]
            report.errors.extend(errors)
            rejected.append((sh.name, numbers[i], rows[i], [e.message for e in errors], table.shown))
        if progress and progress(min(60, 60 * report.rows_read // total), "正在检查…") is False:
            raise ImportCancelled("已取消，未写入任何数据")
        for word_table, unknown in converter.unknown.items():
            known = report.unknown_words.setdefault(word_table, [])
            known.extend(sorted(w for w in unknown if w not in known))
        for name, count in converter.uncomputed.items():
            header = _header(name, columns.columns.get(name), table.shown, labels)
            report.notices.append(f"{sh.name}“{header}”列有 {count} 个单元格的公式没有计算结果，按空白导入"
                                  f"（{UNCOMPUTED_MESSAGE}）")
    return out


def _new_records(handler: LedgerKind, checked: Checked, report: ImportReport) -> list[dict]:
    """The rules across rows (the rows they refuse join the rejected ones), the kind's notices,
    and the records neither stored already nor repeated within this file."""
    records = checked.records
    refused: dict[int, list[tuple[str, str]]] = {}
    for index, name, message in handler.cross_check([r[2] for r in records]) if records else ():
        refused.setdefault(index, []).append((name, message))  # e.g. odometers in time order
    if refused:
        labels = {s.name: s.label for s in field_specs(handler.name)}
        for index in sorted(refused):
            sheet_name, row, _record, values = records[index]
            cols, shown = checked.columns[sheet_name]
            errors = _row_errors(sheet_name, row, values, refused[index], cols, shown, labels)
            report.errors.extend(errors)
            checked.rejected.append((sheet_name, row, values, [e.message for e in errors], shown))
        records = [r for i, r in enumerate(records) if i not in refused]
        report.errors.sort(key=lambda e: (e.sheet, e.row or 0))
    report.notices.extend(handler.notices())

    # Duplicates: already stored, or repeated within this file.
    seen = handler.existing_keys()
    keys = list(map(handler.key, map(itemgetter(2), records)))
    fresh = []
    repeated = []
    if (not seen or seen.isdisjoint(keys)) and len(set(keys)) == len(keys):  # nothing stored already, nothing twice
        fresh = [r[2] for r in records]
    else:
        for (_sheet, _row, record, _raw), key in zip(records, keys):
            if key in seen:
                report.duplicates += 1
                repeated.append(record)
                continue
            seen.add(key)
            fresh.append(record)
    report.valid = len(fresh)
    if repeated:
        notice = handler.duplicate_notice(repeated)
        if notice:
            report.notices.append(notice)
    return fresh


def _write(handler: LedgerKind, fresh: list[dict], report: ImportReport, progress: Progress | None) -> None:
    """Writing: the new records in one transaction, those another import stored meanwhile left
    out (``_still_fresh``); a cancel rolls it all back."""
    summary = WriteSummary()

    def written(done: int) -> None:
        """Called by the write after each batch; a cancel here rolls the whole import back."""
        if progress and progress(70 + 30 * done // max(1, len(fresh)), "正在写入…") is False:
            raise ImportCancelled("已取消，未写入任何数据")

    with database.atomic():
        written(0)
        fresh = _still_fresh(handler, fresh, report)
        report.imported = handler.write(fresh, summary, written) if fresh else 0
        if progress and progress(100, "完成") is False:
            raise ImportCancelled("已取消，未写入任何数据")
    report.created, report.unmatched = summary.created, summary.unmatched
    report.notices.extend(summary.notices)


def _load_user_words() -> None:
    """The words the user mapped in earlier previews, for the word tables' parsers."""
    USER_WORDS.clear()
    for table in _fields_data()["_words"]:
        USER_WORDS[table] = remembered_words(table)


class _Rollback(Exception):
    pass


def _what_would_be_written(handler: LedgerKind, records: list[dict], report: ImportReport) -> None:
    """A dry run: what the write would create, mark and leave unmatched, found by writing copies
    of the records and rolling everything back."""
    summary = WriteSummary()
    try:
        with database.atomic():
            handler.write(copy.deepcopy(records), summary)
            raise _Rollback()
    except _Rollback:
        pass
    except Exception as exc:  # noqa: BLE001 - the real write will say what is wrong; the preview goes on
        report.notices.append(f"无法预先核对写入结果：{exc}")
        return
    report.created, report.unmatched = summary.created, summary.unmatched
    report.notices.extend(summary.notices)


def write_rejects(path: Path, rejected, *, force: bool = False, inputs=()) -> None:
    """The refused rows as the user wrote them, each with its reasons, to fix and import again;
    written whole or not at all (services/outputs.py)."""
    from openpyxl import Workbook  # when a workbook is written: the window starts without openpyxl
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "未导入的行"
    header = list(rejected[0][4]) if rejected else []
    sheet.append(["工作表", "原行号", "错误原因", *header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for sheet_name, row, values, reasons, _ in rejected:
        sheet.append([sheet_name, row, "；".join(reasons),
                      *["" if v is None else str(v) if isinstance(v, CellError) else v for v in values]])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
    sheet.freeze_panes = "A2"
    with outputs.writing(path, outputs.XLSX, force=force, inputs=inputs) as temp:
        book.save(temp)


def _still_fresh(handler: LedgerKind, fresh: list[dict], report: ImportReport) -> list[dict]:
    """The rows still not stored, read again inside the write transaction: another import (another
    window, workstation or command) may have committed some of them while this one was checking.
    Imports take one lock (SQLite's write lock, begun IMMEDIATE; on PostgreSQL an advisory lock),
    so the second one waits for the first and then adds only what the first did not."""
    transaction_lock("ledger import")
    stored = handler.existing_keys()
    if not stored:
        return fresh
    late = [r for r in fresh if handler.key(r) in stored]
    if not late:
        return fresh
    report.duplicates += len(late)
    report.valid -= len(late)
    return [r for r in fresh if handler.key(r) not in stored]
