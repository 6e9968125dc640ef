"""The database: one proxy every model binds to, the connection, pragmas and schema versions.

``open_database(target)`` takes a file path or a URL (``sqlite:///…``, ``postgresql://…``),
binds the proxy, and migrates the schema to the current version.  Before any migration of an
existing SQLite file, the file is copied to a timestamped backup beside it.
"""
from __future__ import annotations

import getpass
import shutil
import threading
from datetime import datetime
from pathlib import Path

import peewee
from platformdirs import user_data_dir
from playhouse.db_url import connect as connect_url

from govoffice_desktop import APP_NAME, ORG_NAME

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
    "cache_size": -32000,
}

_actor = threading.local()


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, ORG_NAME))


def default_db_path() -> Path:
    return default_data_dir() / "govoffice.db"


def current_user() -> str:
    """Who is writing: the logged-in user when logins exist, the OS user until then."""
    name = getattr(_actor, "name", None)
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no user name in the environment
        return "unknown"


def set_current_user(name: str | None) -> None:
    _actor.name = name


def is_url(target: str) -> bool:
    return "://" in target


def make_database(target: str | Path) -> peewee.Database:
    """Build (but do not bind) a peewee database for a path or a URL."""
    target = str(target)
    if is_url(target):
        db = connect_url(target)
        if isinstance(db, peewee.SqliteDatabase):
            # db_url gives no pragmas; set ours.
            db = peewee.SqliteDatabase(db.database, pragmas=SQLITE_PRAGMAS)
        return db
    if target != ":memory:":
        Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        target = str(Path(target).expanduser())
    return peewee.SqliteDatabase(target, pragmas=SQLITE_PRAGMAS)


def sqlite_file(db: peewee.Database | None = None) -> Path | None:
    """The file behind a SQLite database, or None (memory, server)."""
    db = db or database.obj
    if isinstance(db, peewee.SqliteDatabase) and db.database not in (":memory:", ""):
        return Path(db.database)
    return None


def backup_file(path: Path, reason: str = "backup") -> Path:
    """Copy a SQLite file (and its WAL) to ``name.REASON-YYYYmmdd-HHMMSS.db`` beside it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    dest = path.with_name(f"{path.stem}.{reason}-{stamp}{path.suffix or '.db'}")
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase) and sqlite_file(db) == path and not db.is_closed():
        # A consistent copy of a live database (WAL included).
        import sqlite3

        dst = sqlite3.connect(dest)
        try:
            db.connection().backup(dst)
        finally:
            dst.close()
    else:
        shutil.copy2(path, dest)
    return dest


def open_database(target: str | Path | None = None, migrate: bool = True) -> peewee.Database:
    """Open ``target`` (default: the user data folder's file), bind the proxy and migrate."""
    from govoffice_desktop.models import migrations

    close_database()
    db = make_database(target if target is not None else default_db_path())
    database.initialize(db)
    db.connect(reuse_if_open=True)
    if migrate:
        migrations.migrate()
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
