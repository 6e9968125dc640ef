"""Opening a database: bind the proxy, sweep what a killed copy left, check the schema, migrate,
check that an administrator is left.  Above ``db`` (the connection) and ``migrations``; reached as
``models.db.open_database`` (this module installs itself there when the models package is imported).
"""
from __future__ import annotations

import os
from pathlib import Path

import peewee

from govoffice_desktop.models import db as db_module, files, migrations, schema_check
from govoffice_desktop.models.db import (DatabaseOpenError, close_database, database, default_db_path, explain, is_url,
                                         make_database, recovery_hint, sqlite_file, target_exists)


def _check_schema(db: peewee.Database, target, administrator: bool) -> None:
    """The whole schema of the file's version (``schema_check``); ``administrator``: and that a
    database with users has an active administrator (after migrating)."""
    def query(sql):
        return db.execute_sql(sql).fetchall()

    postgres = isinstance(db, peewee.PostgresqlDatabase)
    try:
        if not administrator:
            schema_check.check_schema(query, postgres)
            return
        schema_check.check_administrator(query)
    except schema_check.NoActiveAdministrator as exc:
        raise DatabaseOpenError(f"{exc}，因此不能打开，数据库未作任何改动。恢复办法：{recovery_hint(target)}") from None
    except schema_check.SchemaRefused as exc:
        raise DatabaseOpenError(f"{exc}。这个数据库不能使用，未作任何改动") from None


def open_database(target: str | Path | None = None, migrate: bool = True,
                  create: bool = True, check_admin: bool = True) -> peewee.Database:
    """Open ``target`` (default: the user data folder's file), bind the proxy and migrate.

    With ``create=False`` a file that is not there is refused rather than made.  A file missing
    a table or column its schema version must have, or (``check_admin``) a database with users
    but no active administrator, is refused (``models/schema_check.py``).  Every failure is a
    ``DatabaseOpenError`` with a message in Chinese, and leaves the proxy bound to the
    database it had before.
    """
    target = target if target is not None else default_db_path()
    if not str(target).strip():
        raise DatabaseOpenError("数据库路径是空的")
    try:
        if not is_url(str(target)) and Path(str(target)).expanduser().is_dir():
            raise DatabaseOpenError(f"{target} 是文件夹，不是数据库文件")
        if not is_url(str(target)) and Path(str(target)).expanduser().exists() and \
                not Path(str(target)).expanduser().is_file():  # SQLite would write its journal beside it
            raise DatabaseOpenError(f"{target} 不是普通文件（是设备、管道或套接字），不能作为数据库文件")
        if not create and not target_exists(target):
            raise DatabaseOpenError(f"数据库文件不存在：{target}")
    except OSError as exc:  # a name too long for the file system, a folder without access
        raise DatabaseOpenError(f"无法使用数据库路径：{exc.strerror or exc}") from None
    db = make_database(target)
    _private_if_new(sqlite_file(db))
    previous = database.obj
    close_database()
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        _sweep(db)
        _check_schema(db, target, administrator=False)
        if migrate:
            migrations.migrate()
            if check_admin:
                _check_schema(db, target, administrator=True)
    except Exception as exc:
        # Leave the program on the database it had, never half-way on a file it could not open.
        if not db.is_closed():
            db.close()
        database.initialize(previous)
        if previous is not None:
            try:
                previous.connect(reuse_if_open=True)
            except peewee.DatabaseError:  # that one is gone too (a server down): say why this one failed
                pass
        if isinstance(exc, DatabaseOpenError):
            raise
        if isinstance(exc, (peewee.DatabaseError, peewee.ImproperlyConfigured, RuntimeError)):
            raise DatabaseOpenError(explain(exc)) from exc
        raise
    return db


def _private_if_new(path: Path | None) -> None:
    """A new database file is made readable and writable by its owner only, as its backups are
    (it holds ID numbers and password hashes): made empty here with mode 0600, before SQLite opens
    it (an empty file is a new database to SQLite, whose -wal and -shm files take the same mode).
    An office that shares the file between system accounts widens it on purpose (chmod, a group)."""
    if path is None or os.name != "posix":
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # an existing file keeps the mode its owner gave it
    except OSError:
        pass  # no folder or no access: SQLite's open says why


def _sweep(db: peewee.Database) -> None:
    """What a killed backup, restore or export left beside the file (models/files.py)."""
    path = sqlite_file(db)
    if path is not None:
        files.sweep_leftovers(path.expanduser().resolve())


db_module.install_opener(open_database)
