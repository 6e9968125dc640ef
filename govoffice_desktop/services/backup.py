"""Backups and restore of the SQLite database file, through SQLite's online backup API.

``backup(dest)`` copies the open database (committed data only, the WAL included) into the
``backups`` folder beside the file (``backups/govoffice-20261201-0930.db``) or to ``dest``.
The copy is written under a temporary name, checked with ``PRAGMA integrity_check`` and only
then given its name, so a crash never leaves a half-written backup that looks whole.

``auto_backup(today)`` makes at most one automatic backup a day
(``backups/govoffice-auto-20261201-0930.db``) and prunes the automatic ones: the 30 newest
daily backups are kept, and the first backup of each of the 12 newest months.  Backups made
by hand and the safety copies made before a restore are never pruned.

``restore(file)`` checks the file (a SQLite database of this program: ``schema_version``,
``integrity_check`` = ok, a schema version this program knows, every table and column that
version must have, an active administrator where it has users: ``models/schema_check.py``, as
opening a database does), copies the current database
to ``backups/govoffice-before-restore-….db``, then writes the file into the open connection
with the online backup API, as one write transaction: other connections (another thread, a
command running beside the window) see the old database or the new one, never half of each.
A restored file of an older schema version is migrated.  On every refusal nothing has changed.
A file whose audit log does not verify (a broken hash chain, append-only triggers missing) is
refused unless the administrator confirms (``force``); a forced restore is written to the audit
log of the database it gives.

A PostgreSQL server is backed up and restored with pg_dump / pg_restore on the server.
No Qt here: the window and the command line both call these functions.
"""
from __future__ import annotations

import functools
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import peewee

from govoffice_desktop.models import audit_chain, files, migrations, schema_check
from govoffice_desktop.models.audit_chain import ChainReport
from govoffice_desktop.models.base import record
from govoffice_desktop.models.db import Refusal, database, explain, recovery_hint, sqlite_file
from govoffice_desktop.models.files import BACKUP_DIR
from govoffice_desktop.services import auth, outputs
from govoffice_desktop.services.validation import input_file_problem, os_error_text

KEEP_DAILY = 30
KEEP_MONTHLY = 12
SQLITE_HEADER = b"SQLite format 3\x00"
# Without this table a file is not a database of this program at all; what else a file must have
# depends on its schema version (models/schema_check.py).
CORE_TABLES = ("schema_version",)

PG_MESSAGE = ("当前数据库在 PostgreSQL 服务器上。服务器数据库的备份与恢复请在服务器上用 pg_dump 备份、"
              "用 pg_restore（或 psql）恢复；本程序只备份和恢复 SQLite 数据库文件。")


def _allowed() -> None:
    """Backing up and restoring by hand are the administrator's (on a database with users)."""
    try:
        auth.require("backup")
    except auth.PermissionDenied as exc:
        raise BackupRefused(str(exc)) from None


class BackupRefused(RuntimeError, Refusal):
    """A backup or restore that was not done; the message says why, in Chinese (nothing changed)."""


class AuditChainRefused(BackupRefused):
    """A file whose audit log does not verify: restored only when the administrator confirms."""

    def __init__(self, message: str, report):
        super().__init__(message)
        self.report = report


@dataclass
class BackupResult:
    file: Path
    source: Path
    bytes: int

    def to_json(self) -> dict:
        return {"file": str(self.file), "db": str(self.source), "bytes": self.bytes}


@dataclass
class BackupInfo:
    """What a file to restore holds, after its checks passed."""
    file: Path
    schema_version: int
    counts: dict[str, int] = field(default_factory=dict)
    modified: datetime | None = None
    audit: "ChainReport | None" = None  # its audit chain and append-only triggers

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


@dataclass
class RestoreResult:
    file: Path
    db: Path
    safety_copy: Path
    schema_version: int            # of the restored file, before any migration
    migrated: list[int]            # schema steps applied to it afterwards
    counts: dict[str, int]
    audit: "ChainReport | None" = None  # the file's audit chain as found before restoring
    forced: bool = False           # restored although its audit chain did not verify (logged)

    def to_json(self) -> dict:
        return {"file": str(self.file), "db": str(self.db), "safety_copy": str(self.safety_copy),
                "schema_version": self.schema_version, "migrated": self.migrated, "counts": self.counts,
                "audit": self.audit.to_json() if self.audit else None, "forced": self.forced}


# -- where

def database_file(db: peewee.Database | None = None) -> Path:
    """The open database's file; a server or a database in memory is refused."""
    db = db if db is not None else database.obj
    if db is None:
        raise BackupRefused("没有打开数据库")
    if isinstance(db, peewee.PostgresqlDatabase):
        raise BackupRefused(PG_MESSAGE)
    path = sqlite_file(db)
    if path is None:
        raise BackupRefused("当前数据库在内存中（没有数据库文件），无法备份或恢复")
    return path.resolve()


def backup_dir(path: Path | None = None) -> Path:
    """The ``backups`` folder beside the database file."""
    path = path or database_file()
    return path.parent / BACKUP_DIR


def size_text(n: int) -> str:
    """A file's size as the office reads it."""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M")


def _free_name(folder: Path, stem: str) -> Path:
    """``stem.db``, or ``stem-2.db``… when a backup of that minute is already there."""
    candidate = folder / f"{stem}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.db"
        n += 1
    return candidate


def _source_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=rw"


def _sqlite_error(exc: BaseException) -> str:
    return explain(exc)


# -- backup

def _copy(source: Path, dest: Path) -> int:
    """The online backup of the file ``source`` into a new file ``dest``; returns its size.

    Written as ``.dest.part-…`` first (models/files.py), readable by its owner only, made a
    single self-contained file (rollback journal, no WAL beside it), checked, and only then
    renamed: ``dest`` is whole or not there.
    """
    try:
        with files.replacing(dest, mode=files.OWNER_ONLY) as part:
            src = sqlite3.connect(_source_uri(source), uri=True, timeout=10)
            try:
                out = sqlite3.connect(part)
                try:
                    src.backup(out)
                    out.execute("PRAGMA journal_mode=DELETE")
                    check = out.execute("PRAGMA integrity_check").fetchall()
                finally:
                    out.close()
            finally:
                src.close()
            if check != [("ok",)]:
                raise BackupRefused(f"备份的副本没有通过完整性检查（{check[:3]}），当前数据库可能已损坏，未保存备份")
    except sqlite3.Error as exc:
        raise BackupRefused(f"备份 {source} 失败：{_sqlite_error(exc)}") from exc
    except OSError as exc:
        raise BackupRefused(f"无法写入备份 {dest}：{exc}") from exc
    return dest.stat().st_size


def _make_folder(folder: Path) -> None:
    """A folder for backups: made readable by its owner only when this creates it."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise BackupRefused(f"无法建立备份文件夹 {folder}：{exc}") from exc


def _checked(target: Path, overwrite: bool) -> Path:
    """A backup's destination, checked like every file written (services/outputs.py)."""
    try:
        return outputs.check_output(target, (), force=overwrite, backup_copy=True)
    except outputs.OutputRefused as exc:
        raise BackupRefused(str(exc)) from None


def _refuse_os_errors(fn):
    """A path the system cannot use (a name too long, no permission, a full disk) is a refusal
    that says so, in Chinese, not an OSError."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OSError as exc:
            where = f"{exc.filename}：" if isinstance(exc.filename, str) and len(exc.filename) < 300 else ""
            raise BackupRefused(f"{where}{os_error_text(exc)}，未作任何改动") from exc
    return wrapper


@_refuse_os_errors
def backup(dest: str | Path | None = None, *, overwrite: bool = False, path: Path | None = None,
           now: datetime | None = None) -> BackupResult:
    """Back the database up into ``backups/`` beside it, or to ``dest`` (a file, or a folder).

    ``path`` names the database file (default: the open database's); a file already at
    ``dest`` is refused unless ``overwrite``.
    """
    if dest is not None and not str(dest).strip():
        raise BackupRefused("备份位置是空的：请给出文件或文件夹，或不给（备份到数据库旁的 backups 文件夹）")
    source = (path or database_file()).resolve()  # a server is refused first: pg_dump is its backup
    _allowed()  # the automatic daily backup is the program's own, not a user's
    now = now or datetime.now()
    if not source.is_file():
        raise BackupRefused(f"数据库文件不存在：{source}")
    if dest is None or str(dest).endswith(("/", os.sep)) or Path(dest).expanduser().is_dir():
        folder = Path(dest).expanduser() if dest is not None else backup_dir(source)
        _make_folder(folder)
        target = _free_name(folder, f"{source.stem}-{_stamp(now)}")
    else:
        target = Path(dest).expanduser()
        if target.exists() and target.resolve() == source:
            raise BackupRefused(f"备份不能写到数据库文件自身：{target}")
        if target.exists() and not overwrite:
            raise BackupRefused(f"{target} 已经存在，未覆盖；请换一个文件名或文件夹")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupRefused(f"无法建立文件夹 {target.parent}：{exc}") from exc
    size = _copy(source, _checked(target, overwrite))
    return BackupResult(target, source, size)


# -- the daily backup and what is kept

def _auto_pattern(stem: str) -> re.Pattern:
    return re.compile(re.escape(stem) + r"-auto-(\d{8})-(\d{4})(?:-\d+)?\.db")


def automatic_backups(folder: Path, stem: str) -> list[tuple[date, Path]]:
    """The automatic backups in ``folder``, oldest first, with the day each was made for."""
    pattern = _auto_pattern(stem)
    found = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            continue
        found.append((day, entry))
    return sorted(found, key=lambda item: (item[0], item[1].name))


def to_keep(backups: list[tuple[date, Path]], daily: int = KEEP_DAILY, monthly: int = KEEP_MONTHLY) -> set[Path]:
    """The newest backup of each of the ``daily`` newest days, and the first backup of each of
    the ``monthly`` newest months."""
    newest_of_day: dict[date, Path] = {}
    first_of_month: dict[tuple[int, int], Path] = {}
    for day, path in backups:  # oldest first
        newest_of_day[day] = path
        first_of_month.setdefault((day.year, day.month), path)
    keep = {newest_of_day[d] for d in sorted(newest_of_day, reverse=True)[:daily]}
    keep |= {first_of_month[m] for m in sorted(first_of_month, reverse=True)[:monthly]}
    return keep


def prune(folder: Path, stem: str) -> list[Path]:
    """Delete the automatic backups no longer kept; return them."""
    backups = automatic_backups(folder, stem)
    keep = to_keep(backups)
    removed = []
    for _day, path in backups:
        if path not in keep:
            try:
                path.unlink()
                removed.append(path)
            except OSError:  # pragma: no cover - held open elsewhere (Windows): next time
                pass
    return removed


@dataclass
class AutoBackupResult:
    made: BackupResult | None      # None: today's backup was already there
    removed: list[Path]


def auto_backup(today: date | None = None, *, path: Path | None = None,
                now: datetime | None = None) -> AutoBackupResult:
    """The day's automatic backup, if the day has none yet; then prune.

    Touches only files (its own SQLite connections), so it may run in any thread.
    """
    source = (path or database_file()).resolve()
    now = now or datetime.now()
    today = today or now.date()
    folder = backup_dir(source)
    made = None
    if not any(day == today for day, _p in automatic_backups(folder, source.stem)):
        _make_folder(folder)
        target = _free_name(folder, f"{source.stem}-auto-{today:%Y%m%d}-{now:%H%M}")
        made = BackupResult(target, source, _copy(source, target))
    return AutoBackupResult(made, prune(folder, source.stem))


# -- restore

def _read_only(path: Path) -> sqlite3.Connection:
    """Open a file to check without changing it (and without leaving -wal/-shm files beside it)."""
    live = path.with_name(path.name + "-wal").exists()
    uri = path.resolve().as_uri() + ("?mode=ro" if live else "?mode=ro&immutable=1")
    return sqlite3.connect(uri, uri=True, timeout=10)


def _check_schema(con: sqlite3.Connection, shown: Path) -> int:
    """The file's schema version, after checking that it is a whole number, that every table and
    column that version must have is there, and that a file with users has an active
    administrator (``models/schema_check.py``, the same checks as opening a database)."""
    try:
        return schema_check.check(lambda sql: con.execute(sql).fetchall())
    except schema_check.NoActiveAdministrator as exc:
        raise BackupRefused(f"{shown}：{exc}，恢复后谁也不能管理。可先{recovery_hint(shown)}，"
                            f"再恢复它。未作任何改动") from None
    except schema_check.SchemaRefused as exc:
        raise BackupRefused(f"{shown} 不能恢复：{exc}。未作任何改动") from None


def _check(con: sqlite3.Connection, shown: Path) -> tuple[int, dict[str, int]]:
    """That the connection holds a whole database of this program; its version and row counts."""
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(f"{shown} 不是 SQLite 数据库文件，或已经损坏（{exc}），未作任何改动") from exc
    if result != [("ok",)]:
        problems = "；".join(str(r[0]) for r in result[:3])
        raise BackupRefused(f"{shown} 没有通过完整性检查（integrity_check：{problems}），未作任何改动")
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    missing = [t for t in CORE_TABLES if t not in tables]
    if missing:
        raise BackupRefused(f"{shown} 不是本程序的数据库（缺少表：{'、'.join(missing)}），未作任何改动")
    version = _check_schema(con, shown)
    if version < 1:
        raise BackupRefused(f"{shown} 没有结构版本记录，不是本程序完整的数据库，未作任何改动")
    counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    return version, counts


def _audit_check(con: sqlite3.Connection, version: int) -> ChainReport:
    """The file's audit chain (from the schema version that chains entries on; an older file's
    chain is computed when it is migrated) and its append-only triggers."""
    def fetch(sql, params):
        return con.execute(sql, params).fetchall()

    report = audit_chain.verify(fetch) if version >= migrations.AUDIT_CHAIN_VERSION else ChainReport()
    report.triggers_missing = migrations.trigger_problems(fetch, version=version)
    return report


def _refuse_unverified(report: ChainReport, shown: Path) -> None:
    if not report.ok:
        raise AuditChainRefused(f"{shown} 的审计日志校验未通过：{''.join(report.lines())}"
                                f"如确认仍要恢复这个文件，需管理员确认（命令行加 --force），强制恢复会记入审计日志。"
                                f"未作任何改动", report)


def _must_be_a_file(path: Path) -> None:
    if path.is_dir():
        raise BackupRefused(f"{path} 是文件夹，不是数据库文件")
    problem = input_file_problem(path)  # a device or a pipe is never opened
    if problem:
        raise BackupRefused(problem)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise BackupRefused(f"无法读取 {path}：{exc}") from exc
    if head != SQLITE_HEADER:
        raise BackupRefused(f"{path} 不是 SQLite 数据库文件，未作任何改动")


@_refuse_os_errors
def inspect(file: str | Path) -> BackupInfo:
    """Check a file to restore, without changing it; refused with the reason in Chinese."""
    path = Path(file).expanduser()
    _must_be_a_file(path)
    try:
        con = _read_only(path)
    except sqlite3.Error as exc:
        raise BackupRefused(f"无法打开 {path}：{_sqlite_error(exc)}，未作任何改动") from exc
    try:
        version, counts = _check(con, path)
        audit = _audit_check(con, version)
    except sqlite3.Error as exc:
        raise BackupRefused(f"{path} 无法读取（{_sqlite_error(exc)}），未作任何改动") from exc
    finally:
        con.close()
    modified = datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, version, counts, modified, audit)


@_refuse_os_errors
def restore(file: str | Path, *, force: bool = False, now: datetime | None = None) -> RestoreResult:
    """Replace the open database by ``file``, after checking it and backing the current one up.

    Runs on the calling thread's connection of the open database, which must not be inside a
    transaction.  Raises ``BackupRefused`` (nothing changed) when the file is refused; a file
    whose audit chain does not verify raises ``AuditChainRefused`` unless ``force``, and a forced
    restore is written to the restored database's audit log.
    """
    db = database.obj
    current = database_file(db)
    _allowed()
    path = Path(file).expanduser()
    _must_be_a_file(path)
    if path.resolve() == current or (current.exists() and os.path.samefile(path, current)):
        raise BackupRefused(f"{path} 就是当前正在使用的数据库，不能用它恢复它自己")
    if db.in_transaction():
        raise BackupRefused("数据库正在写入中，请稍后再恢复")
    folder = backup_dir(current)
    _make_folder(folder)

    # 1. A private copy of the file, checked: what is checked is exactly what gets restored.
    # Named for this process (models/files.py), so that if it is killed the next start removes it.
    staging = files.staging_name(folder)
    try:
        files.create_private(staging)
    except OSError as exc:
        raise BackupRefused(f"无法在 {folder} 写入临时文件：{exc}，未作任何改动") from exc
    try:
        try:
            src = _read_only(path)
            try:
                out = sqlite3.connect(staging)
                try:
                    src.backup(out)
                    version, counts = _check(out, path)
                    audit = _audit_check(out, version)
                    if not force:
                        _refuse_unverified(audit, path)
                finally:
                    out.close()
            finally:
                src.close()
        except sqlite3.DatabaseError as exc:
            raise BackupRefused(f"{path} 不是 SQLite 数据库文件，或已经损坏（{_sqlite_error(exc)}），未作任何改动") from exc

        # 2. The current database, kept before anything is replaced.
        safety = backup(_free_name(folder, f"{current.stem}-before-restore-{(now or datetime.now()):%Y%m%d-%H%M%S}"),
                        path=current)

        # 3. The checked copy into the open connection: one write transaction.
        staged = sqlite3.connect(staging)
        try:
            staged.backup(db.connection())
        except sqlite3.Error as exc:
            raise BackupRefused(f"恢复失败，当前数据库未改动（{_sqlite_error(exc)}）。"
                                f"恢复前的备份在 {safety.file}") from exc
        finally:
            staged.close()
    finally:
        files.remove_quietly(staging)

    # 4. An older file is brought up to this program's schema (each step backed up and atomic).
    try:
        migrated = migrations.migrate(db)
    except Exception as exc:
        raise BackupRefused(f"已恢复 {path}，但升级其结构失败：{exc}。恢复前的数据库在 {safety.file}，"
                            f"可再用它恢复") from exc
    # No audit entry for a file that verifies: a restore gives back the file exactly as it was
    # backed up (its own log included); the safety copy keeps the log of before.  One that did
    # not verify says in its own log that it was restored all the same, by whom, and why not.
    forced = not audit.ok
    if forced:
        record("database", None, "update", None, {
            "event": "强制恢复数据库（审计日志校验未通过）", "restored_from": str(path.resolve()),
            "safety_copy": str(safety.file), "first_broken": audit.first_broken, "broken": audit.broken,
            "broken_count": audit.broken_count, "triggers_missing": audit.triggers_missing})
    return RestoreResult(path, current, safety.file, version, migrated, counts, audit, forced)
