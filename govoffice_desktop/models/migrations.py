"""Schema versions: ordered migration steps, each applied in one transaction.

The table ``schema_version`` holds one row per applied step.  A new database runs every step
from 1; an older one runs the steps it lacks.  Before any step touches an existing SQLite
file, the file is copied to a timestamped backup beside it.

Step 1 creates the tables from the models.  Later steps change what earlier versions built;
they must also be correct on a database that step 1 made from today's models (for example
``add_column`` only when the column is missing), because a new database runs them all.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import peewee
from playhouse.migrate import SchemaMigrator

from govoffice_desktop.models import ALL_MODELS
from govoffice_desktop.models.db import backup_file, database, sqlite_file

log = logging.getLogger(__name__)


class SchemaVersion(peewee.Model):
    version = peewee.IntegerField(primary_key=True)
    name = peewee.CharField(max_length=100)
    applied_at = peewee.DateTimeField()

    class Meta:
        database = database
        table_name = "schema_version"


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    apply: Callable[[peewee.Database, SchemaMigrator], None]


def _create_tables(db: peewee.Database, migrator: SchemaMigrator) -> None:
    db.create_tables(ALL_MODELS, safe=True)


def _audit_append_only(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """The audit log can be added to, never changed or emptied."""
    if isinstance(db, peewee.SqliteDatabase):
        for action in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{action.lower()} BEFORE {action} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改或删除'); END"
            )
    elif isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '审计日志只能追加，不能修改或删除'; END $$ LANGUAGE plpgsql"
        )
        db.execute_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        db.execute_sql(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"
        )


STEPS: list[Step] = [
    Step(1, "初始结构：各业务表", _create_tables),
    Step(2, "审计日志只可追加", _audit_append_only),
]

CURRENT_VERSION = STEPS[-1].version


def current_version(db: peewee.Database | None = None) -> int:
    db = db or database.obj
    if not db.table_exists("schema_version"):
        return 0
    row = SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar()
    return row or 0


def pending_steps(db: peewee.Database | None = None) -> list[Step]:
    have = current_version(db)
    return [s for s in STEPS if s.version > have]


def migrate(db: peewee.Database | None = None) -> list[int]:
    """Bring the bound database to CURRENT_VERSION; return the versions applied."""
    db = db or database.obj
    if current_version(db) > CURRENT_VERSION:
        raise RuntimeError(
            f"数据库结构版本 {current_version(db)} 比本程序支持的 {CURRENT_VERSION} 新，请升级程序。"
        )
    steps = pending_steps(db)
    if not steps:
        return []
    path = sqlite_file(db)
    if path is not None and path.exists() and db.get_tables():
        dest = backup_file(path, f"before-v{steps[0].version}")
        log.info("backed up %s to %s before migrating", path, dest)
    db.create_tables([SchemaVersion], safe=True)
    migrator = SchemaMigrator.from_database(db)
    applied = []
    for step in steps:
        with db.atomic():
            step.apply(db, migrator)
            SchemaVersion.create(version=step.version, name=step.name, applied_at=datetime.now())
        applied.append(step.version)
    return applied
