"""Files the program writes beside its database and elsewhere: written whole or not at all.

``replacing(target)`` gives a temporary file beside ``target`` (``.NAME.part-HOST-PID-XXXXXXXX``,
hidden, in the same folder so the rename is atomic); the caller writes it, and only when that
finished is it flushed to disk and renamed onto ``target``.  On any failure the temporary file
is removed: no 0-byte or half-written file is left, and a file already at ``target`` is untouched.

The restore's private copy of the file to restore is ``backups/.restore-HOST-PID-XXXXXXXX.db``.

A process killed while writing (kill -9, a power cut) leaves its temporary file behind.
``sweep_leftovers(db_file)`` removes them when a database is opened again, looking only in the
database's folder and its ``backups`` folder, and only at names of the patterns above.  A file
is removed only when its writer is gone: the name carries the host and the process id of the
writer, and that process is no longer running on this computer.  A file of another computer
(the folder is shared) or of the older, unmarked names is removed only once it is a day old,
longer than any backup or export takes.

No Qt here.
"""
from __future__ import annotations

import hashlib
import os
import re
import socket
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

BACKUP_DIR = "backups"           # beside the database file: backups, safety copies
OWNER_ONLY = 0o600               # backups hold ID numbers and password hashes
STALE_AFTER = 24 * 3600          # seconds: a leftover whose writer cannot be asked is old by then
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")


def host_tag() -> str:
    """Six hex digits naming this computer in temporary file names."""
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def _owner() -> str:
    return f"{host_tag()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def temp_beside(target: Path) -> Path:
    """The name a file is written under before it becomes ``target``."""
    return target.with_name(f".{target.name}.part-{_owner()}")


def staging_name(folder: Path) -> Path:
    """The private copy a restore checks and then reads from."""
    return folder / f".restore-{_owner()}.db"


_SIDE = r"(?:-journal|-wal|-shm)?"
_MARKED = re.compile(r"\.(?:.+\.part|restore)-(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[0-9a-f]{8}(?:\.db)?" + _SIDE)
# Names written before they carried their owner: backup parts and restore copies.
_UNMARKED = re.compile(r"\..+\.[0-9a-f]{8}\.part" + _SIDE + r"|\.restore-[0-9a-f]{12}\.db" + _SIDE)


def pid_running(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (True when it cannot be told)."""
    if pid <= 0:
        return True
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would end the process there
        import ctypes  # (there only: every start elsewhere would load it for nothing)

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it exists
        return True
    return True


def is_leftover(entry: Path, now: float | None = None) -> bool:
    """Whether ``entry`` is one of our temporary files whose writer is gone."""
    name = entry.name
    marked = _MARKED.fullmatch(name)
    if marked is None and _UNMARKED.fullmatch(name) is None:
        return False
    try:
        info = entry.lstat()
    except OSError:
        return False
    if not entry.is_file() or entry.is_symlink():
        return False
    old = (now if now is not None else time.time()) - info.st_mtime > STALE_AFTER
    if marked is None or marked.group("host") != host_tag():
        return old  # its writer cannot be asked: only once it is a day old
    pid = int(marked.group("pid"))
    return pid != os.getpid() and not pid_running(pid)


def sweep_leftovers(db_file: Path) -> list[Path]:
    """Remove the temporary files of killed backups, restores and exports from the database's
    folder and its ``backups`` folder; returns what was removed.  Never raises."""
    removed = []
    folder = Path(db_file).parent
    for place in (folder, folder / BACKUP_DIR):
        try:
            entries = list(place.iterdir()) if place.is_dir() else []
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") and is_leftover(entry):
                try:
                    entry.unlink()
                    removed.append(entry)
                except OSError:  # pragma: no cover - held open (Windows) or no right: next time
                    pass
    return removed


def _fsync(path: Path, directory: bool = False) -> None:
    if directory and sys.platform == "win32":  # pragma: no cover - folders are not opened there
        return
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        if directory:
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not directory:
            raise
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    """Delete ``path`` and the side files SQLite may have left beside it."""
    for leftover in (path, *(path.with_name(path.name + s) for s in SQLITE_SIDE_FILES)):
        try:
            leftover.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # pragma: no cover - held open elsewhere: the next start removes it
            pass


def create_private(path: Path) -> None:
    """A new empty file readable by its owner only (whatever the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), OWNER_ONLY)
    os.close(fd)


@contextmanager
def replacing(target: Path, mode: int | None = None) -> Iterator[Path]:
    """Write ``target`` whole or not at all: yields the temporary path to write; when the block
    ends without an exception it is flushed and renamed onto ``target``.

    ``mode``: the file's permissions (``OWNER_ONLY`` for backups).  Without it a new file gets
    the usual ones (0666 less the umask) and a file replaced keeps its own.
    """
    target = Path(target)
    temp = temp_beside(target)
    if mode is not None:
        create_private(temp)
    else:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        os.close(fd)
    try:
        yield temp
        _fsync(temp)
        if mode is not None:
            os.chmod(temp, mode)
        else:
            try:
                os.chmod(temp, target.stat().st_mode & 0o7777)
            except FileNotFoundError:
                pass
        os.replace(temp, target)
    except BaseException:
        remove_quietly(temp)
        raise
    _fsync(target.parent, directory=True)
