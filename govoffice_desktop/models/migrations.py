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


# Ready-to-use grade scales (季度评议) and the default typing standard (文印).
GRADE_SCALES = {
    "好/较好/一般/差": [("好", "100"), ("较好", "80"), ("一般", "60"), ("差", "30")],
    "优秀/称职/基本称职/不称职/不了解": [("优秀", "100"), ("称职", "80"), ("基本称职", "60"),
                                  ("不称职", "0"), ("不了解", None)],
}
DEFAULT_TYPING_STANDARD = dict(
    min_speed=80, max_errors_per_10k="3", deduction_per_error="10.00", speed_fail_deduction="50.00",
    monthly_cap="200.00", chars_per_page=616,
    source="原文只说“规范打字速度和差错率，对不合规范者扣减奖金”，未给出数字。"
           "默认值为本系统设定：速度80字/分、每万字差错不超过3个为常见文印岗位要求；"
           "每页字数按GB/T 9704公文版式（每页22行、每行28字）计616字。可在“标准”中修改。",
)


def _reference_data(db: peewee.Database, migrator: SchemaMigrator) -> None:
    from datetime import date

    from govoffice_desktop.models.ratings import Grade, GradeScale
    from govoffice_desktop.models.typing_pool import TypingStandard

    for name, grades in GRADE_SCALES.items():
        scale, created = GradeScale.get_or_create(name=name)
        if created:
            for order, (label, points) in enumerate(grades):
                Grade.create(scale=scale, label=label, points=points, sort_order=order)
    if not TypingStandard.select().exists():
        TypingStandard.create(effective_from=date(2000, 1, 1), **DEFAULT_TYPING_STANDARD)


def add_column_if_missing(db: peewee.Database, migrator: SchemaMigrator, model, field_name: str) -> None:
    """Add a model's column to an older table; a new database already has it from step 1."""
    field = model._meta.fields[field_name]
    table = model._meta.table_name
    if field.column_name not in {c.name for c in db.get_columns(table)}:
        from playhouse.migrate import migrate as run

        run(migrator.add_column(table, field.column_name, field))


# Unique keys over columns that may be NULL: plain UNIQUE treats NULLs as all different.
NULL_SAFE_UNIQUE = {
    "tally_one_count": ("tally", "group_id, COALESCE(section_id, 0), COALESCE(person_id, 0), "
                                 "COALESCE(criterion_id, 0), grade_id"),
    "ballot_mark_one_grade": ("ballot_mark", "ballot_id, COALESCE(section_id, 0), COALESCE(person_id, 0), "
                                             "COALESCE(criterion_id, 0)"),
    "daily_check_one_check": ("daily_check", "checked_on, section_id, COALESCE(person_id, 0), target_id"),
    "supervision_target_one_name": ("supervision_target", "year, COALESCE(section_id, 0), name"),
}


def _null_safe_keys(db: peewee.Database, migrator: SchemaMigrator) -> None:
    from govoffice_desktop.models.ratings import Ballot

    for name, (table, columns) in NULL_SAFE_UNIQUE.items():
        db.execute_sql(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    add_column_if_missing(db, migrator, Ballot, "void_reason")


STEPS: list[Step] = [
    Step(1, "初始结构：各业务表", _create_tables),
    Step(2, "审计日志只可追加", _audit_append_only),
    Step(3, "基础数据：评议等次、文印标准", _reference_data),
    Step(4, "可空列上的唯一约束；废票原因", _null_safe_keys),
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
