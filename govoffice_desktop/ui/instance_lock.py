"""One window per database file: a ``QLockFile`` beside it (``govoffice.db.lock``).

The window holds the lock for as long as it has the file open; a second window on the same
file is refused with a message that says which computer and process hold it.  A lock left by
a process that died (a crash, SIGKILL, a power cut) is stale: Qt sees that its process is not
running on this computer and the next window takes it over.  ``restore`` on the command line
takes the same lock, since it replaces the database under whoever has it open; the other
commands do not (see ``cli.py``): SQLite serialises their writes with the window's.

A server database (PostgreSQL) and one in memory have no file and need no lock.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from govoffice_desktop.models.db import lock_path  # the name lives below Qt: outputs refuse it


class InstanceLocked(RuntimeError):
    """Another instance has the database; the message says which, in Chinese."""


def acquire(target: str | Path) -> QLockFile | None:
    """Take the database's lock, or raise ``InstanceLocked``; None when nothing needs locking."""
    path = lock_path(target)
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InstanceLocked(f"无法在 {path.parent} 建立锁文件：{exc}") from exc
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # held for hours: only a dead owner makes it stale, never its age
    if lock.tryLock(0):
        return lock
    database_file = path.with_name(path.name[:-len(".lock")])
    if lock.error() == QLockFile.LockError.LockFailedError:
        ok, pid, host, _app = _owner(lock)
        who = f"（计算机 {host or '未知'}，进程 {pid}）" if ok else ""
        raise InstanceLocked(
            f"数据库 {database_file} 正由本程序的另一个窗口或命令使用{who}。\n"
            f"同一个数据库文件同时只能在一个窗口中打开：请切换到已经打开的窗口，或等它关闭后再打开。")
    raise InstanceLocked(f"无法建立锁文件 {path}（没有写入权限，或磁盘出错），未打开 {database_file}")


def _owner(lock: QLockFile) -> tuple[bool, int, str, str]:
    info = lock.getLockInfo()
    if isinstance(info, tuple) and len(info) == 3:  # PySide6: (pid, hostname, appname)
        return True, info[0], info[1], info[2]
    return False, 0, "", ""


def release(lock: QLockFile | None) -> None:
    if lock is not None and lock.isLocked():
        lock.unlock()
