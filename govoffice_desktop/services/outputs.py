"""Every file the program writes for the user (PDFs, workbooks, the rows an import refused,
backups) goes through here: checked before any work, then written beside the target and
renamed onto it only when complete.

``check_output(path, suffixes, force=, inputs=)`` refuses, with the reason in Chinese, a path that
is the open database file (by name, symbolic or hard link), its ``-wal``, ``-shm`` or ``-journal``,
the window's lock file beside it, anything in its ``backups`` folder, a backup made before a
migration, any SQLite database file, or a file being read (``inputs``: the ledger an import
reads); a folder; a name without the extension of what is written; a file already there unless
``force`` (the command line's ``--force``; the window's save dialog has asked already); a
folder that is not there.

``writing(path, suffixes, …)`` checks the same way and yields the temporary path to write
(models/files.py): a failure leaves no file and the old one untouched.

No Qt here: the command line and the window both call these functions.
"""
from __future__ import annotations

import errno
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from govoffice_desktop.models import files
from govoffice_desktop.models.db import lock_path, sqlite_file
from govoffice_desktop.services.validation import BadValue, os_error_text

PDF = (".pdf",)
XLSX = (".xlsx",)
DATABASE = (".db", ".sqlite", ".sqlite3")
WHAT = {".pdf": "PDF 文件", ".xlsx": "Excel 工作簿", ".db": "数据库备份"}
SQLITE_HEADER = b"SQLite format 3\x00"


class OutputRefused(BadValue, OSError):
    """A file not written; the message names it and says why, in Chinese.  An ``OSError`` too,
    so whoever handled a file that could not be written handles this alike."""


class Discard(Exception):
    """Raised inside ``writing()`` to give up quietly (a cancelled export): nothing is written."""


def os_reason(exc: OSError) -> str:
    """Why a file could not be written, in Chinese (``validation.os_error_text`` for what is not
    particular to writing)."""
    return {errno.ENOENT: "文件夹不存在", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
            errno.EISDIR: "这是一个文件夹", errno.ENAMETOOLONG: "文件名太长"}.get(exc.errno) or os_error_text(exc)


def _same(a: Path, b: Path) -> bool:
    """The same file: the same name once links are followed, or the same file on disk (a hard link)."""
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them is not there
        return False


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _protected(target: Path, inputs: Iterable, backup_copy: bool) -> str | None:
    """Why ``target`` (resolved) must not be written, or None."""
    db = sqlite_file()
    if db is not None:
        db = db.expanduser().resolve()
        family = {db: "这是正在使用的数据库文件自身",
                  db.with_name(db.name + "-wal"): "这是正在使用的数据库的预写日志（-wal）",
                  db.with_name(db.name + "-shm"): "这是正在使用的数据库的共享内存文件（-shm）",
                  db.with_name(db.name + "-journal"): "这是正在使用的数据库的回滚日志（-journal）",
                  lock_path(db): "这是正在使用的数据库的锁文件"}
        for path, reason in family.items():
            if _same(target, path):
                return reason
        if not backup_copy:
            backups = db.parent / files.BACKUP_DIR
            if backups == target or backups in target.parents:
                return f"这是数据库的备份文件夹 {backups} 中的文件"
            if target.parent == db.parent and re.fullmatch(
                    re.escape(db.stem) + r"\.[\w-]+-\d{8}-\d{6}(?:-\d+)?" + re.escape(db.suffix or ".db"), target.name):
                return "这是数据库升级前的备份"
    for source in inputs:
        if source and _same(target, Path(source).expanduser().resolve()):
            return "这是正在读取的文件"
    if not backup_copy and target.is_file() and _is_sqlite(target):
        return "这是一个 SQLite 数据库文件（数据库或它的备份）"
    return None


def check_output(path: str | Path, suffixes: Sequence[str], *, force: bool = False, inputs: Iterable = (),
                 backup_copy: bool = False) -> Path:
    """The absolute path to write, after the checks above; raises ``OutputRefused``.

    ``backup_copy``: the file written is a backup of the database, so it may go into the
    ``backups`` folder and replace (with ``force``) an older backup there."""
    shown = str(path)
    if not shown.strip():
        raise OutputRefused("没有给出要写入的文件名")
    target = Path(shown).expanduser()
    try:
        target = target.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise OutputRefused(f"无法写入 {shown}：{exc}") from None
    try:  # asking the file system about a name too long for it raises
        reason = _protected(target, inputs, backup_copy)
        if reason:
            raise OutputRefused(f"不能写入 {shown}：{reason}。未写入任何文件")
        if target.is_dir():
            raise OutputRefused(f"不能写入 {shown}：是文件夹，不是文件")
        if suffixes and target.suffix.lower() not in suffixes:
            what = WHAT.get(suffixes[0], "文件")
            raise OutputRefused(f"要写的是 {what}，文件名应以 {' 或 '.join(suffixes)} 结尾：{shown}")
        if target.exists() and not force:
            raise OutputRefused(f"{shown} 已经存在，未覆盖；要替换它请加 --force（或换一个文件名）")
        if not target.parent.is_dir():
            raise OutputRefused(f"无法写入 {shown}：文件夹不存在")
    except OutputRefused:
        raise
    except OSError as exc:
        raise OutputRefused(f"无法写入 {shown}：{os_reason(exc)}。未写入任何文件") from None
    return target


@contextmanager
def writing(path: str | Path, suffixes: Sequence[str], *, force: bool = False, inputs: Iterable = (),
            backup_copy: bool = False, mode: int | None = None) -> Iterator[Path]:
    """Check ``path``, then yield the temporary file to write; renamed onto the target only when
    the block ends normally.  ``raise Discard`` in the block gives up without an error."""
    target = check_output(path, suffixes, force=force, inputs=inputs, backup_copy=backup_copy)
    try:
        with files.replacing(target, mode=mode) as temp:
            yield temp
    except Discard:
        return
    except OutputRefused:
        raise
    except OSError as exc:
        if exc.errno is None:  # a message of our own (Qt could not print): keep it
            raise
        raise OutputRefused(f"无法写入 {path}：{os_reason(exc)}。未写入任何文件") from exc
