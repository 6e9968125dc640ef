"""The database: one proxy every model binds to, the connection, pragmas and schema versions.

``open_database(target)`` takes a file path or a URL (``sqlite:///…``, ``postgresql://…``),
binds the proxy, and migrates the schema to the current version.  Before any migration of an
existing SQLite file, the file is copied to a timestamped backup beside it.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
import threading
import zlib
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable

import peewee
from platformdirs import user_data_dir

from govoffice_desktop import APP_NAME, ORG_NAME, command_name
from govoffice_desktop.models import files

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
    "cache_size": -32000,
    # (Not ``temp_store = memory``: a statement's journal in memory, kept for each INSERT whose
    # triggers write the campaigns' subtotals, is truncated by walking it, and inside a savepoint
    # (a write nested in another's transaction: the demo, an import) it grows with every row, so
    # each row cost more than the one before: ten years of a large office took minutes, not seconds.)
    # Pages read from the file mapped, not copied: a connection opened for a background job (首页's
    # figures, a panel's) starts with an empty page cache of its own, and reads the pages the OS
    # already holds without a copy each (on the large office about 5 ms of each job's 75).
    "mmap_size": 1 << 30,
}

_actor = threading.local()
_session = {"name": None}  # the logged-in user, for every thread of the process


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, ORG_NAME))


def default_db_path() -> Path:
    return default_data_dir() / "govoffice.db"


def current_user() -> str:
    """Who is writing: the logged-in user when logins exist, the OS user until then."""
    name = getattr(_actor, "name", None) or _session["name"]
    if name:
        return name
    import getpass  # (and termios) only when asked: a start with a login never is

    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name in the environment
        return "unknown"


def set_current_user(name: str | None) -> None:
    _actor.name = name


def set_session_user(name: str | None) -> None:
    """The user logged in to this process (the window, a command): every thread writes as them."""
    _session["name"] = name


class Refusal(Exception):
    """Work refused or given up, with a message meant for the user (in Chinese: what and where);
    nothing was written.  Each layer's refusals derive from it, so a background job
    (``ui/worker.py``) shows any of them as its message without knowing every layer's kinds."""


class DatabaseOpenError(RuntimeError, Refusal):
    """The database could not be opened; the message says why, in Chinese."""


SCHEMES = ("sqlite", "postgresql", "postgres")

# What the drivers say, and what the office should read instead.
_DRIVER_MESSAGES = (
    ("file is not a database", "这不是本程序的数据库文件，或文件已经损坏"),
    ("database disk image is malformed", "数据库文件已损坏（可能复制不完整、被截断或磁盘出错），"
                                         "请用备份恢复：python main.py restore 备份文件"),
    ("database or disk is full", "磁盘已满，无法写入数据库"),
    ("unable to open database file", "无法打开数据库文件：路径不存在、是文件夹，或没有权限"),
    ("readonly database", "数据库文件是只读的（或所在文件夹不可写），本程序需要能写入它"),
    ("database is locked", None),  # busy_message(), below
    ("disk i/o error", "读写磁盘出错"),
    ("driver not found", "未安装 PostgreSQL 驱动，请运行 pip install -e '.[postgres]'"),
    ("could not connect to server", "无法连接到数据库服务器"),
    ("connection refused", "数据库服务器拒绝连接"),
    ("password authentication failed", "数据库用户名或密码不对"),
)


def explain(exc: BaseException) -> str:
    """A driver's error as a sentence the office can act on (the original kept in brackets)."""
    text = str(exc)
    low = text.lower()
    if isinstance(exc, DatabaseBusy):
        return text
    for needle, message in _DRIVER_MESSAGES:
        if needle in low:
            return f"{message or busy_message(exc)}（{text}）"
    return text


# ---------------------------------------------------------------- several writers at once
# PostgreSQL ends one of two transactions that wait on each other's rows (two workstations writing
# the same months' 出车 at once: the kept subtotals), or one that cannot be ordered after another
_CLASHES = ("deadlock detected", "could not serialize access")


def busy_message(exc: BaseException | None = None) -> str:
    """What a command says when another program kept the database's write lock past the wait (or,
    on PostgreSQL, when ``exc`` is the server ending this transaction for another's)."""
    if exc is not None and any(clash in str(exc).lower() for clash in _CLASHES):
        return "另一台电脑正在同时写入相同的记录，数据库撤回了这次写入，未作任何改动；请再试一次"
    seconds = int(SQLITE_PRAGMAS["busy_timeout"]) / 1000
    return f"数据库正被其他程序写入，等待 {seconds:g} 秒后仍未完成，请稍后再试；未作任何改动"


class DatabaseBusy(peewee.OperationalError):
    """Another connection held the write lock for longer than ``busy_timeout``; nothing was written."""


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's lock wait running out, or PostgreSQL ending this transaction for
    another's (``_CLASHES``): the transaction it ended was rolled back."""
    if isinstance(exc, DatabaseBusy):
        return True
    low = str(exc).lower()
    return isinstance(exc, peewee.OperationalError) and ("database is locked" in low or "database is busy" in low
                                                         or "database table is locked" in low
                                                         or any(clash in low for clash in _CLASHES))


class SqliteDatabase(peewee.SqliteDatabase):
    """SQLite whose every transaction begins IMMEDIATE: it takes the write lock at BEGIN, waiting up
    to ``busy_timeout`` for another writer (another window, an import, a command) to finish.

    A deferred BEGIN would take it only at the first write, after reading; SQLite then cannot wait
    (the reads could be out of date) and fails at once with "database is locked", whatever
    ``busy_timeout`` says.  Nested ``atomic()`` blocks stay savepoints inside the outer transaction.
    Reads outside a transaction never take the write lock (WAL: they never wait for a writer)."""

    def begin(self, lock_type=None):
        try:
            super().begin(lock_type or "IMMEDIATE")
        except peewee.OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy(busy_message()) from exc
            raise


@contextmanager
def waiting_at_most(milliseconds: int):
    """Within the block, wait at most this long (never longer than ``busy_timeout``) for another
    writer's lock on SQLite: for a write that may be left out, such as a login's bookkeeping."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        yield
        return
    before = int(db.execute_sql("PRAGMA busy_timeout").fetchone()[0])
    db.execute_sql(f"PRAGMA busy_timeout = {min(int(milliseconds), before)}")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {before}")


def transaction_lock(name: str, number: int = 0) -> None:
    """Hold the lock ``(name, number)`` until the current transaction ends; another transaction
    asking for the same lock waits for this one to commit or roll back.  Take it first in the
    transaction, then read the state it guards (a month's closings, a group's ballots) and decide.

    On PostgreSQL a transaction-scoped advisory lock; on SQLite the write transaction (begun
    IMMEDIATE) already holds the database's one write lock, so nothing more is needed."""
    db = database.obj
    if not db.in_transaction():
        raise RuntimeError("transaction_lock needs a transaction (database.atomic())")
    if isinstance(db, peewee.PostgresqlDatabase):
        key = zlib.crc32(name.encode()) & 0x7FFFFFFF
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)", (key, int(number) & 0x7FFFFFFF))


def is_url(target: str) -> bool:
    return "://" in target


def make_database(target: str | Path) -> peewee.Database:
    """Build (but do not bind) a peewee database for a path or a URL."""
    target = str(target)
    if not target.strip():
        raise DatabaseOpenError("数据库路径是空的")
    if is_url(target):
        scheme = target.split("://", 1)[0].split("+", 1)[0].lower()
        if scheme not in SCHEMES:
            raise DatabaseOpenError(f"不支持的数据库地址 {scheme}://，只支持 sqlite:/// 和 postgresql://")
        from playhouse.db_url import connect as connect_url  # only for an address (not loaded to open a file)
        from govoffice_desktop.models.pg_driver import load_psycopg2

        load_psycopg2()  # before peewee's database is made: it picks its driver then

        try:
            db = connect_url(target)
        except Exception as exc:
            raise DatabaseOpenError(explain(exc)) from exc
        if isinstance(db, peewee.SqliteDatabase):
            # db_url gives no pragmas; set ours.
            db = SqliteDatabase(db.database, pragmas=SQLITE_PRAGMAS)
        return db
    if target != ":memory:":
        Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        target = str(Path(target).expanduser())
    return SqliteDatabase(target, pragmas=SQLITE_PRAGMAS)


def sqlite_file(db: peewee.Database | None = None) -> Path | None:
    """The file behind a SQLite database, or None (memory, server)."""
    db = db or database.obj
    if isinstance(db, peewee.SqliteDatabase) and db.database not in (":memory:", ""):
        return Path(db.database)
    return None


def backup_file(path: Path, reason: str = "backup") -> Path:
    """Copy a SQLite file (and its WAL) to ``name.REASON-YYYYmmdd-HHMMSS.db`` beside it (``-2``…
    after it when a copy of that second is there: a file name holds no fractions of a second),
    written whole or not at all and readable by its owner only (it holds ID numbers and password hashes)."""
    stem = f"{path.stem}.{reason}-{datetime.now():%Y%m%d-%H%M%S}"
    dest, n = path.with_name(f"{stem}{path.suffix or '.db'}"), 2
    while dest.exists():
        dest, n = path.with_name(f"{stem}-{n}{path.suffix or '.db'}"), n + 1
    db = database.obj
    with files.replacing(dest, mode=files.OWNER_ONLY) as part:
        if isinstance(db, peewee.SqliteDatabase) and sqlite_file(db) == path and not db.is_closed():
            # A consistent copy of a live database (WAL included).
            dst = sqlite3.connect(part)
            try:
                db.connection().backup(dst)
            finally:
                dst.close()
        else:
            shutil.copyfile(path, part)
    return dest


def lock_path(target: str | Path) -> Path | None:
    """The lock file a window holds beside a database file (``govoffice.db.lock``, see
    ui/instance_lock.py), or None when there is no file to lock (a server, memory)."""
    target = str(target)
    if is_url(target):
        scheme, rest = target.split("://", 1)
        if scheme.split("+", 1)[0].lower() != "sqlite":
            return None
        target = rest[1:] if rest.startswith("/") else rest  # sqlite:///abs/path → /abs/path
    if target in ("", ":memory:"):
        return None
    path = Path(target).expanduser().resolve()
    return path.with_name(path.name + ".lock")


def target_exists(target: str | Path) -> bool:
    """Whether a file database is already there (servers always count as there)."""
    target = str(target)
    if is_url(target):
        if not target.lower().startswith("sqlite://"):
            return True
        path = target.split("://", 1)[1][1:]  # sqlite:///abs or sqlite:///rel
        return path in ("", ":memory:") or Path(path).is_file()
    return target == ":memory:" or Path(target).expanduser().is_file()


RECOVER_COMMAND = "recover-admin"


def recovery_hint(target: str | Path) -> str:
    """How to get an administrator back (the command of ``cli.cmd_recover_admin``)."""
    shown = str(target)
    if is_url(shown):
        shown = re.sub(r"//[^@/]*@", "//", shown)  # never echo a password given in the URL
    return (f"由能写入这个数据库文件的人（PostgreSQL 上为数据库的所有者）在命令行运行 "
            f"{command_name()} --db {shown} {RECOVER_COMMAND} 管理员用户名，重设该管理员的密码并启用它"
            f"（没有这个用户则新建一个管理员），此事记入审计日志")


def open_database(target: str | Path | None = None, migrate: bool = True,
                  create: bool = True, check_admin: bool = True) -> peewee.Database:
    """Open ``target`` (default: the user data folder's file), bind the proxy, check and migrate
    (``models/opening.py``: it needs every model, which sit above this module; importing the
    ``models`` package, which Python does before this module, installs it here)."""
    if _opener is None:  # pragma: no cover - the models package installs it on import
        raise RuntimeError("models.opening has not been imported")
    return _opener(target, migrate=migrate, create=create, check_admin=check_admin)


_opener: Callable[..., peewee.Database] | None = None


def install_opener(opener: Callable[..., peewee.Database]) -> None:
    """What ``open_database`` runs (``models/opening.py`` gives it)."""
    global _opener
    _opener = opener


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


class Prepared:
    """A query compiled once and run again with other values (SQLite keeps the statement ready):
    ``build`` is called with a placeholder for each of ``names`` and returns the query; ``run``
    executes it with values for them (as the driver takes them: numbers, text, dates) and returns
    the cursor.  For a query asked many times in a row that differs only in its values: peewee
    compiling it each time costs more than SQLite answering it."""

    def __init__(self, build: Callable[..., peewee.Query], *names: str):
        marks = {name: object() for name in names}
        query = build(**{n: peewee.Value(m, converter=False) for n, m in marks.items()})
        self.sql, params = database.get_sql_context().sql(query).query()  # in the database's own dialect
        by_mark = {id(m): n for n, m in marks.items()}
        self.slots = [(by_mark.get(id(p)), p) for p in params]

    def params(self, **values) -> list:
        return [values[name] if name else p for name, p in self.slots]

    def run(self, **values):
        return database.execute_sql(self.sql, self.params(**values))

    def first(self, model: type, **values):
        """The first row as a record of ``model`` (the query selects its columns), or None."""
        return next(iter(model.raw(self.sql, *self.params(**values))), None)


_PREPARED: dict[tuple, Prepared] = {}


def prepared(key: str, build: Callable[..., peewee.Query], *names: str) -> Prepared:
    """``Prepared(build, *names)``, compiled once for each kind of database and kept under ``key``
    (which names the query: one key, one query)."""
    slot = (key, type(database.obj))
    found = _PREPARED.get(slot)
    if found is None:
        found = _PREPARED[slot] = Prepared(build, *names)
    return found
