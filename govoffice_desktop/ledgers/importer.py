"""Importing a ledger: read, find the table, map the columns, validate every row, then write all
or nothing in one transaction.

Nothing is written while any row is refused, unless the caller chose ``keep_valid``: then the
valid rows go in and the refused ones, with their reasons, go to an .xlsx to fix and import
again.  Rows already in the database (by each kind's natural key) are counted, not added again.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from govoffice_desktop.ledgers import values as v
from govoffice_desktop.ledgers.kinds import KINDS, RowConverter, WriteSummary
from govoffice_desktop.ledgers.mapping import Mapping, field_specs, pair_times, remembered, required_any
from govoffice_desktop.ledgers.reader import UNCOMPUTED_MESSAGE, CellError, LedgerError, read_workbook
from govoffice_desktop.ledgers.sheets import choose_sheets
from govoffice_desktop.ledgers.table import Skipped, data_rows
from govoffice_desktop.models.db import database, transaction_lock

Progress = Callable[[int, str], bool]
SAMPLE_ROWS = 20  # rows a preview shows


class ImportCancelled(Exception):
    pass


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


def _collector(problems: list):
    def note(name: str, message: str) -> None:
        problems.append((name, message))
    return note


KIND_PERMISSIONS = {"staff": "staff.edit", "refuels": "fleet.edit", "trips": "fleet.edit", "incidents": "fleet.edit",
                    "typing": "typing.edit", "speed-tests": "typing.edit", "rating-tallies": "ratings.enter",
                    "checks": "supervision.edit", "tasks": "supervision.edit"}


def import_ledger(kind: str, path: str | Path, sheet: str | None = None, all_sheets: bool = False,
                  dry_run: bool = False, keep_valid: str | Path | None = None,
                  mapping: dict[str, int] | None = None, progress: Progress | None = None,
                  options: dict | None = None, vehicle: str | None = None, force: bool = False) -> ImportReport:
    """Import ``path`` as ledger ``kind``.  Raises ``LedgerError`` for a file that cannot be read
    at all; every problem with rows is in the returned report.  ``options`` are the kind's own
    (the rating tallies' period and direction).  ``vehicle``: the plate of a trip, refuel or
    incident log of one car that has no plate column (a plate not on file is created).
    ``keep_valid`` is checked before the ledger is read (services/outputs.py: never the database,
    a backup or the ledger itself; ``force`` replaces a file already there)."""
    if kind not in KINDS:
        raise LedgerError(f"不认识的台账类型：{kind}（可用：{'、'.join(KINDS)}）")
    from govoffice_desktop.services import auth

    auth.require(KIND_PERMISSIONS[kind])  # refused before the file is even read
    if keep_valid:
        from govoffice_desktop.services import outputs

        outputs.check_output(keep_valid, outputs.XLSX, force=force, inputs=(path,))
    handler = KINDS[kind]
    _load_user_words()
    for_every_row: dict[str, object] = {}  # fields the user gave for every row (a sheet of one vehicle)
    if vehicle:
        if "plate" not in handler.parsers:
            raise LedgerError(f"{kind} 台账没有车辆，不能指定车辆")
        for_every_row["plate"] = v.normalise_plate(vehicle)
    if hasattr(handler, "begin"):
        # What the kind needs to know before it checks rows (and the options it was given).
        handler.begin(**(options or {})) if options else handler.begin()
    report = ImportReport(kind=kind, file=str(path), dry_run=dry_run)
    sheets = read_workbook(path, sheets=[sheet] if sheet else None)
    specs = field_specs(kind)
    taken, others = choose_sheets(sheets, kind, sheet, all_sheets, set(for_every_row))
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
        return report
    report.notices.extend(f"工作表“{c.sheet.name}”未导入：{c.reason}" for c in others
                          if all_sheets and c.reason != "空表")
    chosen = [(c.sheet, c.table, c.mapping, c.reason) for c in taken]
    labels = {s.name: s.label for s in specs}

    total = sum(max(1, len(t.sheet.rows) - t.data_first) for _s, t, _m, _r in chosen if t) or 1  # rows to check
    records: list[tuple[str, int, dict, list]] = []  # (sheet, row, record, raw values)
    sheet_columns: dict[str, tuple[dict, list]] = {}  # sheet → (field → column, headers as written)
    rejected: list[tuple[str, int, list, str, list[str]]] = []  # (sheet, row, values, reasons, header)
    for sh, table, guessed, reason in chosen:
        if table is None:
            report.errors.append(RowError(sh.name, None, "", "", reason))
            continue
        if hasattr(handler, "begin_sheet"):
            problem = handler.begin_sheet(sh, table)  # e.g. the period named in the sheet's title
            if problem and getattr(handler, "period", True) is None and "period" not in report.needs:
                report.needs.append("period")  # the window offers a period chooser
            if problem:
                report.errors.append(RowError(sh.name, None, "", "", problem))
                continue
        columns: Mapping = guessed
        given = mapping or remembered(kind, table.shown)
        if given:
            columns = Mapping(dict(given), [c for i, c in enumerate(table.columns) if i not in given.values() and c])
            pair_times(columns, table)
        if not report.columns:
            report.columns, report.mapping = list(table.shown), dict(columns.columns)
        missing = [s for s in columns.missing(specs, required_any(kind)) if s.name not in for_every_row]
        if "plate" in for_every_row and "plate" in columns.columns:
            report.notices.append(f"{sh.name}有车牌号列，按表中的车牌号导入，未用指定的车辆 {for_every_row['plate']}")
        if missing or (reason and not given):
            names = "、".join(s.label for s in missing)
            report.errors.append(RowError(sh.name, sh.excel_row(table.header_last), "", "", reason or
                                          f"找不到必需的列：{names}（表头：{'、'.join(c for c in table.columns if c)}）"))
            continue
        report.unmapped.extend(c for c in columns.unmatched if c not in report.unmapped)
        first_sheet = report.columns == list(table.shown) and not report.sample
        sheet_columns[sh.name] = (columns.columns, table.shown)
        converter = RowConverter(handler, columns.columns, columns.times, columns.joins)
        if hasattr(handler, "use_columns"):  # what the sheet gives (refuels: money only without litres or price)
            handler.use_columns(columns.columns)
        converter.blank.update({name: value for name, value in for_every_row.items() if name not in columns.columns})
        problems: list[tuple[str, str]] = []  # (field, message) for the row being converted
        note = _collector(problems)
        for data in data_rows(table, report.skipped):
            report.rows_read += 1
            values = data.values
            if first_sheet and len(report.sample) < SAMPLE_ROWS:
                report.sample.append((data.row, ["" if v is None else v for v in values]))
            record = converter.convert(values, note)
            if problems or record is None:
                errors = []
                for name, message in problems:
                    index = columns.columns.get(name)
                    raw = values[index] if index is not None and index < len(values) else None
                    header = table.shown[index] if index is not None else labels.get(name, name)
                    errors.append(RowError(sh.name, data.row, header, "" if raw is None else str(raw), message))
                problems.clear()
                errors = errors or [RowError(sh.name, data.row, "", "", "这一行无法导入")]
                report.errors.extend(errors)
                rejected.append((sh.name, data.row, values, [e.message for e in errors], table.shown))
            else:
                records.append((sh.name, data.row, record, values))
            if progress and report.rows_read % 2000 == 0 and \
                    progress(min(60, 60 * report.rows_read // total), "正在检查…") is False:
                raise ImportCancelled("已取消，未写入任何数据")
        for table, unknown in converter.unknown.items():
            known = report.unknown_words.setdefault(table, [])
            known.extend(sorted(w for w in unknown if w not in known))
        for name, count in converter.uncomputed.items():
            index = columns.columns.get(name)
            header = table.shown[index] if index is not None else labels.get(name, name)
            report.notices.append(f"{sh.name}“{header}”列有 {count} 个单元格的公式没有计算结果，按空白导入"
                                  f"（{UNCOMPUTED_MESSAGE}）")

    if hasattr(handler, "cross_check") and records:
        # Rules across rows (odometers in time order): the rows they refuse join the rejected ones.
        refused: dict[int, list[tuple[str, str]]] = {}
        for index, name, message in handler.cross_check([r[2] for r in records]):
            refused.setdefault(index, []).append((name, message))
        for index in sorted(refused):
            sheet_name, row, _record, values = records[index]
            cols, shown = sheet_columns[sheet_name]
            errors = []
            for name, message in refused[index]:
                col = cols.get(name)
                raw = values[col] if col is not None and col < len(values) else None
                errors.append(RowError(sheet_name, row, shown[col] if col is not None else labels.get(name, name),
                                       "" if raw is None else str(raw), message))
            report.errors.extend(errors)
            rejected.append((sheet_name, row, values, [e.message for e in errors], shown))
        records = [r for i, r in enumerate(records) if i not in refused]
        report.errors.sort(key=lambda e: (e.sheet, e.row or 0))
    if hasattr(handler, "notices"):
        report.notices.extend(handler.notices())

    # Duplicates: already stored, or repeated within this file.
    seen = handler.existing_keys()
    fresh = []
    repeated = []
    for sheet_name, row, record, _raw in records:
        key = handler.key(record)
        if key in seen:
            report.duplicates += 1
            repeated.append(record)
            continue
        seen.add(key)
        fresh.append(record)
    report.valid = len(fresh)
    if repeated and hasattr(handler, "duplicate_notice"):
        notice = handler.duplicate_notice(repeated)
        if notice:
            report.notices.append(notice)

    if dry_run and fresh:
        _what_would_be_written(handler, fresh, report)
    if report.errors and not keep_valid:
        return report  # refused: nothing written
    if dry_run:
        return report
    if keep_valid and rejected:  # written first: if this fails, nothing has been imported
        write_rejects(Path(keep_valid), rejected, force=force, inputs=(path,))
        report.rejects_file = str(keep_valid)
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
    return report


def _load_user_words() -> None:
    """The words the user mapped in earlier previews, for the word tables' parsers."""
    from govoffice_desktop.ledgers.kinds import USER_WORDS
    from govoffice_desktop.ledgers.mapping import _fields_data, remembered_words

    USER_WORDS.clear()
    for table in _fields_data()["_words"]:
        USER_WORDS[table] = remembered_words(table)


class _Rollback(Exception):
    pass


def _what_would_be_written(handler, records: list[dict], report: ImportReport) -> None:
    """A dry run: what the write would create, mark and leave unmatched, found by writing copies
    of the records and rolling everything back."""
    import copy

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
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from govoffice_desktop.services import outputs

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


def _still_fresh(handler, fresh: list[dict], report: ImportReport) -> list[dict]:
    """The rows still not stored, read again inside the write transaction: another import (another
    window, workstation or command) may have committed some of them while this one was checking.
    Imports take one lock (SQLite's write lock, begun IMMEDIATE; on PostgreSQL an advisory lock),
    so the second one waits for the first and then adds only what the first did not."""
    transaction_lock("ledger import")
    stored = handler.existing_keys()
    late = [r for r in fresh if handler.key(r) in stored]
    if not late:
        return fresh
    report.duplicates += len(late)
    report.valid -= len(late)
    return [r for r in fresh if handler.key(r) not in stored]
