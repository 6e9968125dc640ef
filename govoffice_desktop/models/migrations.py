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
import re
import weakref
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

import peewee

if TYPE_CHECKING:  # loaded when a step runs (migrate): opening a current database needs none of it
    from playhouse.migrate import SchemaMigrator

from govoffice_desktop.models import audit_chain
from govoffice_desktop.models.campaigns import CampaignReach
from govoffice_desktop.models.documents import EXPEDITED, ORDINARY, URGENT
from govoffice_desktop.models.documents import MODELS as DOCUMENT_MODELS
from govoffice_desktop.models.fleet import Trip
from govoffice_desktop.models.base import lock_chain, record
from govoffice_desktop.models.db import Refusal, backup_file, database, sqlite_file
from govoffice_desktop.models.ratings import (BOTTOM_UP, GRADE_WORDS, GRASSROOTS_WORD, OLD_SECTION_SCALE, PERSON_SCALE,
                                              SATISFACTION_GRADES, SATISFACTION_SCALE, SECTION_GRADES, SECTION_SCALE)
from govoffice_desktop.models import run_subtotals
from govoffice_desktop.models.rewards import NEW_IN_FINANCE_STEP, NEW_IN_V7, TravelClaim
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.tables import ALL_MODELS
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.models.users import MODELS as USER_MODELS
from govoffice_desktop.models.users import ROLES

log = logging.getLogger(__name__)


class SchemaVersion(peewee.Model):
    version = peewee.IntegerField(primary_key=True)
    name = peewee.CharField(max_length=100)
    applied_at = peewee.DateTimeField()

    class Meta:
        database = database
        table_name = "schema_version"


class MigrationRefused(RuntimeError, Refusal):
    """The database holds data a step cannot take; the message says what, in Chinese."""


@dataclass(frozen=True)
class Step:
    """One schema version.  What it adds is declared, not only done: ``tables`` (models whose
    tables it creates) and ``columns`` ((table, column, DDL) it adds) are applied by ``migrate``
    before ``apply`` runs, and ``models/schema_check.py`` reads them to know which tables and
    columns an older version's file must have (today's models less what later steps add)."""
    version: int
    name: str
    apply: Callable[[peewee.Database, SchemaMigrator], None] | None = None
    tables: tuple = ()
    columns: tuple[tuple[str, str, str], ...] = ()


def _create_tables(db: peewee.Database, migrator: SchemaMigrator) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        db.create_tables(ALL_MODELS, safe=True)  # SQLite takes a reference to a table not made yet
        return
    # Elsewhere the section ↔ person cycle needs section's reference to person added afterwards.
    chief = Section._meta.fields["chief"]
    chief.deferred = True
    try:
        db.create_tables(ALL_MODELS, safe=True)
        Section._schema.create_foreign_key(chief)
    finally:
        chief.deferred = False


# -- append-only tables: their triggers, made by steps 2 and 8 (and 9) and checked at every open

APPEND_ONLY = {"audit_log": "审计日志只能追加，不能修改或删除", "data_export": "导出记录只能追加，不能修改或删除"}
APPEND_ONLY_SINCE = {"audit_log": 2, "data_export": 8}  # the schema version that made each table's triggers
AUDIT_CHAIN_VERSION = 9  # the schema version from which audit entries are chained
# PostgreSQL: one function refuses for both tables (SQLSTATE 23001: the driver raises
# IntegrityError, as SQLite's ABORT does).
PG_REFUSE_BODY = (" BEGIN RAISE EXCEPTION '审计日志只能追加，不能修改或删除' USING ERRCODE = 'restrict_violation'; "
                  "END ")
PG_ROW_TYPE, PG_TRUNCATE_TYPE = 27, 34  # pg_trigger.tgtype: BEFORE UPDATE OR DELETE FOR EACH ROW; BEFORE TRUNCATE


def _sqlite_triggers(table: str) -> dict[str, str]:
    """The triggers that keep ``table`` append-only on SQLite: name → its CREATE statement."""
    return {f"{table}_no_{action.lower()}": f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                                            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY[table]}'); END"
            for action in ("UPDATE", "DELETE")}


def _pg_triggers(table: str) -> dict[str, tuple[int, str]]:
    """On PostgreSQL: name → (tgtype, CREATE statement).  Row triggers do not see TRUNCATE: a
    statement trigger refuses that."""
    return {f"{table}_append_only": (PG_ROW_TYPE, f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "
                                                  f"{table} FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()"),
            f"{table}_no_truncate": (PG_TRUNCATE_TYPE, f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON "
                                                       f"{table} FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()")}


def _pg_refuse_function(db: peewee.Database) -> None:
    db.execute_sql(f"CREATE OR REPLACE FUNCTION audit_log_refuse() RETURNS trigger AS $${PG_REFUSE_BODY}$$ "
                   "LANGUAGE plpgsql")


def _make_append_only(db: peewee.Database, table: str, names: list[str] | None = None) -> None:
    """(Re-)create ``table``'s append-only triggers (all, or ``names``)."""
    if isinstance(db, peewee.SqliteDatabase):
        for name, create in _sqlite_triggers(table).items():
            if names is None or name in names:
                db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
                db.execute_sql(create)
    elif isinstance(db, peewee.PostgresqlDatabase):
        for name, (_type, create) in _pg_triggers(table).items():
            if names is None or name in names:
                db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                db.execute_sql(create)


def trigger_problems(fetch, postgres: bool = False, version: int | None = None) -> list[str]:
    """The append-only triggers missing, switched off or changed, as ``table.trigger`` (a file of
    schema ``version`` is checked for the triggers that version had).  ``fetch(sql, params)``
    returns rows of any DB-API connection, so a file can be checked before it is restored."""
    problems = []
    if not postgres:
        have = {name: " ".join((sql or "").split()) for name, sql in
                fetch("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'", ())}
        tables = {name for (name,) in fetch("SELECT name FROM sqlite_master WHERE type = 'table'", ())}
        for table in APPEND_ONLY:
            if table in tables and (version is None or version >= APPEND_ONLY_SINCE[table]):
                problems += [f"{table}.{name}" for name, create in _sqlite_triggers(table).items()
                             if have.get(name) != create]
        return problems
    body = fetch("SELECT prosrc FROM pg_proc WHERE proname = 'audit_log_refuse'", ())
    function_ok = [r[0] for r in body] == [PG_REFUSE_BODY]
    for table in APPEND_ONLY:
        if not fetch("SELECT to_regclass(%s)", (table,))[0][0]:
            continue
        have = {name: (kind, enabled, proc) for name, kind, enabled, proc in fetch(
            "SELECT t.tgname, t.tgtype, t.tgenabled, p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = to_regclass(%s) AND NOT t.tgisinternal", (table,))}
        for name, (kind, _create) in _pg_triggers(table).items():
            found = have.get(name)
            if not (function_ok and found and found[0] == kind and found[1] in ("O", "A")
                    and found[2] == "audit_log_refuse"):
                problems.append(f"{table}.{name}")
    return problems


def _fetch(db: peewee.Database):
    return lambda sql, params: db.execute_sql(sql, params).fetchall()


_repaired: "weakref.WeakKeyDictionary[peewee.Database, list[str]]" = weakref.WeakKeyDictionary()


def ensure_append_only(db: peewee.Database) -> list[str]:
    """Re-create the append-only triggers that are missing, switched off or changed (at every open
    and restore); the repair is written to the audit log.  Returns what was repaired; what could
    not be (a PostgreSQL role that does not own the tables) stays for ``missing_triggers`` to say."""
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    problems = trigger_problems(_fetch(db), postgres)
    if not problems:
        return []
    try:
        with db.atomic():
            if postgres:
                _pg_refuse_function(db)
            for table in APPEND_ONLY:
                names = [p.split(".", 1)[1] for p in problems if p.startswith(table + ".")]
                if names:
                    _make_append_only(db, table, names)
            record("audit_log", None, "create", None,
                   {"event": "打开数据库时发现只追加保护（触发器）缺失或被改动，已重建", "triggers": problems})
    except peewee.DatabaseError as exc:
        log.info("could not re-create the append-only triggers %s: %s", problems, exc)
        return []
    log.info("re-created the append-only triggers %s", problems)
    _repaired.setdefault(db, []).extend(problems)
    return problems


def triggers_repaired(db: peewee.Database | None = None) -> list[str]:
    """The triggers found missing or changed, and re-created, since ``db`` was opened."""
    return list(_repaired.get(db or database.obj, []))


def missing_triggers(db: peewee.Database | None = None) -> list[str]:
    db = db or database.obj
    return trigger_problems(_fetch(db), isinstance(db, peewee.PostgresqlDatabase))


def _audit_append_only(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """The audit log can be added to, never changed or emptied."""
    if isinstance(db, peewee.PostgresqlDatabase):
        _pg_refuse_function(db)
        db.execute_sql("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        db.execute_sql(_pg_triggers("audit_log")["audit_log_append_only"][1])
    else:
        _make_append_only(db, "audit_log")


AUDIT_HASH = (("audit_log", "hash", "VARCHAR(64)"),)


def _audit_chain(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """Each audit entry seals its content and the entry before it (models/audit_chain.py): the
    chain computed over the entries there are (into the column ``AUDIT_HASH``), in batches;
    TRUNCATE refused on PostgreSQL too."""
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    lock_chain()
    # The update that seals the entries is the only one the log ever takes: the triggers are off
    # for it, inside this step's transaction, and made again before it commits.
    for name in (_pg_triggers("audit_log") if postgres else _sqlite_triggers("audit_log")):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}" + (" ON audit_log" if postgres else ""))
    previous, last = audit_chain.GENESIS, 0
    param = db.param
    while True:
        rows = db.execute_sql(f'SELECT {audit_chain.COLUMNS} FROM "audit_log" WHERE "id" > {param} ORDER BY "id" '
                              f'LIMIT {audit_chain.BATCH}', (last,)).fetchall()
        links = []
        for entry_id, table, row_id, action, before, after, at, who, _old in rows:
            previous = audit_chain.entry_hash(previous, table, row_id, action, before, after, at, who)
            links.append((previous, entry_id))
        if links:
            if postgres:
                # psycopg2 is the optional `postgres` extra: imported only on a PostgreSQL database.
                from psycopg2.extras import execute_values

                execute_values(db.cursor(), 'UPDATE "audit_log" SET "hash" = v.h FROM (VALUES %s) AS v(h, i) '
                                            'WHERE "audit_log"."id" = v.i', links, page_size=len(links))
            else:
                db.cursor().executemany('UPDATE "audit_log" SET "hash" = ? WHERE "id" = ?', links)
            last = links[-1][1]
        if len(rows) < audit_chain.BATCH:
            break
    if postgres:
        _pg_refuse_function(db)
        for table in APPEND_ONLY:
            _make_append_only(db, table)
    else:
        _make_append_only(db, "audit_log")


# Ready-to-use grade scales (季度评议) and the default typing standard (文印).
GRADE_SCALES = {
    SECTION_SCALE: [("好", "100"), ("较好", "80"), ("一般", "60"), ("较差", "30")],
    PERSON_SCALE: [("优秀", "100"), ("称职", "80"), ("基本称职", "60"), ("不称职", "0"), ("不了解", None)],
    # 满意率: the mean points of a group on this scale is the share of 满意 and 基本满意, in per cent
    SATISFACTION_SCALE: list(zip(SATISFACTION_GRADES, ("100", "100", "0"), strict=True)),
}
DEFAULT_TYPING_STANDARD = dict(
    min_speed=80, max_errors_per_10k="3", deduction_per_error="10.00", speed_fail_deduction="50.00",
    monthly_cap="200.00", chars_per_page=616,
    source="原文只说“规范打字速度和差错率，对不合规范者扣减奖金”，未给出数字。"
           "默认值为本系统设定：速度80字/分、每万字差错不超过3个为常见文印岗位要求；"
           "每页字数按GB/T 9704公文版式（每页22行、每行28字）计616字。可在“标准”中修改。",
)


def _grade_scales(db: peewee.Database) -> None:
    """The ready-made grade scales a database lacks (by name), with their grades."""
    param = db.param
    for name, grades in GRADE_SCALES.items():
        row = db.execute_sql(f"SELECT id FROM grade_scale WHERE name = {param}", (name,)).fetchone()
        if row is not None:
            continue
        if name == SECTION_SCALE and db.execute_sql(f"SELECT id FROM grade_scale WHERE name = {param}",
                                                    (OLD_SECTION_SCALE,)).fetchone():
            continue  # the scale of before, renamed by step 11
        db.execute_sql(f"INSERT INTO grade_scale (name) VALUES ({param})", (name,))
        scale_id = db.execute_sql(f"SELECT id FROM grade_scale WHERE name = {param}", (name,)).fetchone()[0]
        for order, (label, points) in enumerate(grades):
            fen = None if points is None else int(Decimal(points) * 100)
            db.execute_sql(f"INSERT INTO grade (scale_id, label, points, sort_order) VALUES "
                           f"({param}, {param}, {param}, {param})", (scale_id, label, fen, order))


def _reference_data(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """Written as SQL against the tables as version 3 knew them, not through today's models."""
    param = db.param
    _grade_scales(db)
    if db.execute_sql("SELECT COUNT(*) FROM typing_standard").fetchone()[0] == 0:
        std = DEFAULT_TYPING_STANDARD
        db.execute_sql(
            "INSERT INTO typing_standard (effective_from, min_speed, max_errors_per_10k, deduction_per_error, "
            "speed_fail_deduction, monthly_cap, chars_per_page, source, note) VALUES "
            f"({', '.join([param] * 9)})",
            (date(2000, 1, 1), std["min_speed"], int(Decimal(std["max_errors_per_10k"]) * 100),
             int(Decimal(std["deduction_per_error"]) * 100), int(Decimal(std["speed_fail_deduction"]) * 100),
             int(Decimal(std["monthly_cap"]) * 100), std["chars_per_page"], std["source"], ""))


def add_column_if_missing(db: peewee.Database, table: str, column: str, ddl: str) -> None:
    """``ALTER TABLE table ADD COLUMN column ddl`` unless a new database already has it from step 1.

    Plain ALTER TABLE, written out: playhouse.migrate rebuilds a SQLite table for a NOT NULL
    column, and dropping the old table would cascade into its children.
    """
    if column not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {ddl}')


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
    for name, (table, columns) in NULL_SAFE_UNIQUE.items():
        dupes = db.execute_sql(f"SELECT {columns}, COUNT(*) FROM {table} GROUP BY {columns} HAVING COUNT(*) > 1 "
                               f"LIMIT 5").fetchall()
        if dupes:
            shown = "；".join("(" + ", ".join(str(x) for x in row[:-1]) + f") ×{row[-1]}" for row in dupes)
            raise MigrationRefused(
                f"表 {table} 中有重复记录，升级前请先处理（按 {columns} 相同）：{shown}。数据库未作任何改动。")
        db.execute_sql(f"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


VOID_REASON = (("ballot", "void_reason", "VARCHAR(60) NOT NULL DEFAULT ''"),)
# 责任状: a half-year and a year-end assessment, with a score per target item.
CONTRACT_SCORES = (("responsibility_contract", "half_assessed_on", "DATE"),
                   ("responsibility_contract", "year_assessed_on", "DATE"),
                   ("contract_target", "half_score", "BIGINT"),
                   ("contract_target", "year_score", "BIGINT"))
# 季度评议: a rater group's sheets rate the sections (every group so far) or, top-down only,
# individual staff.
RATER_GROUP_RATES = (("rater_group", "rates", "VARCHAR(2) NOT NULL DEFAULT '科室' "
                      "CHECK (rates IN ('科室','人员') AND (rates = '科室' OR direction = '上评下'))"),)


def _export_log_append_only(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """The log of personal data taken out (a table of this step) is append-only."""
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql("DROP TRIGGER IF EXISTS data_export_append_only ON data_export")
        db.execute_sql(_pg_triggers("data_export")["data_export_append_only"][1])
    else:
        _make_append_only(db, "data_export")


REFUEL_LITRES_OPTIONAL = 10  # the schema version from which a refuel's litres may be unknown


def _refuel_litres_optional(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """A refuel of a reimbursement ledger gives only the money: its litres may be unknown (NULL).

    PostgreSQL drops the NOT NULL in place; SQLite rebuilds the table (``rebuild_sqlite_table``).
    A database made new by step 1 from today's models has the column nullable already and is left
    as it is."""
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "refuel" ALTER COLUMN "litres" DROP NOT NULL')
        return
    info = {row[1]: row[3] for row in db.execute_sql('PRAGMA table_info("refuel")').fetchall()}
    if not info.get("litres"):
        return  # nullable already (made from today's models)

    def nullable(create: str) -> str | None:
        new_create, dropped = re.subn(r'("litres"\s+\w+)\s+NOT NULL', r"\1", create, count=1)
        return new_create if dropped else None

    rebuild_sqlite_table(db, "refuel", nullable, "加油表（refuel）", "把加油量改为可空")


def rebuild_sqlite_table(db: peewee.Database, table: str, edit: Callable[[str], str | None], label: str,
                         what: str) -> None:
    """Change what SQLite's ALTER TABLE cannot (a NOT NULL, a CHECK) as SQLite's documentation says
    (https://sqlite.org/lang_altertable.html, "other kinds of table schema changes"): a new table
    from the stored definition as ``edit`` rewrites it (None: not a definition this program made),
    every row copied with its id, the old table dropped, the new one renamed, and the old table's
    indexes and triggers made again, all inside the step's transaction (``migrate`` has switched
    foreign keys off, and checks them before the step commits)."""
    (create,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    temporary = f"{table}_rebuilt"
    new_create, found = re.subn(rf'^CREATE TABLE "?{table}"?\s*\(', f'CREATE TABLE "{temporary}" (', create, count=1)
    new_create = edit(new_create) if found else None
    if new_create is None:
        raise MigrationRefused(f"{label}的结构不是本程序建的，无法{what}：{create}。数据库未作任何改动。")
    others = db.execute_sql("SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
                            "AND sql IS NOT NULL ORDER BY type, name", (table,)).fetchall()
    columns = ", ".join(f'"{row[1]}"' for row in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall())
    before = db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    db.execute_sql(new_create)
    db.execute_sql(f'INSERT INTO "{temporary}" ({columns}) SELECT {columns} FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')
    db.execute_sql(f'ALTER TABLE "{temporary}" RENAME TO "{table}"')
    for (sql,) in others:
        db.execute_sql(sql)
    after = db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    if after != before:  # pragma: no cover - a copy inside one transaction does not lose rows
        raise MigrationRefused(f"{label}重建后记录数不符（原 {before} 条，现 {after} 条）。数据库未作任何改动。")


RULES_AS_WRITTEN = 11  # one step for the office's rules as the article writes them (issue 18); its parts:
RANK_ON_RECORD = RULES_AS_WRITTEN  # the schema version from which a person's entry kind and a 提前定级 are recorded
# 定职定级: how someone came to the office (调入 or 新录用: only the transferred-in are 待定职级), and
# a rank fixed before the six months were up (提前定级) with its reason and who approved it.
RANK_ON_RECORD_COLUMNS = (
    ("person", "entry_kind", "VARCHAR(4) NOT NULL DEFAULT '调入' CHECK (entry_kind IN ('调入','新录用'))"),
    ("rank_record", "early", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("rank_record", "early_reason", "TEXT NOT NULL DEFAULT ''"),
    ("rank_record", "approved_by", "VARCHAR(30) NOT NULL DEFAULT ''"))
CAMPAIGN_REACHES = RULES_AS_WRITTEN  # the schema version with typing errors' stage and the campaigns' targets reached
# 万页文稿无差错 counts pages issued without an error found after issue: how many of a document's
# errors were found after issue (the rest, and every error of an older database, at proof-reading).
TYPING_ERROR_STAGE = (("typing_log", "errors_after_issue",
                       "INTEGER NOT NULL DEFAULT 0 CHECK (errors_after_issue >= 0)"),)
RATING_RULES_GROUP = RULES_AS_WRITTEN  # the schema version from which a period's 下评上 has a grassroots group (基层评议组)
OLD_POOR = next(old for old, new in GRADE_WORDS.items() if new == SECTION_GRADES[-1])  # 差, the word of v10
GRASSROOTS = (("rater_group", "grassroots", "BOOLEAN NOT NULL DEFAULT FALSE "
               "CHECK (NOT grassroots OR direction = '下评上')"),)


def _rating_rules_group(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """The office's words and the grassroots group: in each period the first bottom-up group whose
    name holds 基层 becomes the grassroots group; the grade 差 becomes 较差 (ballots and tallies
    keep their grade: only its label changes) and its scale is named 好/较好/一般/较差; the
    满意/基本满意/不满意 scale is added."""
    param = db.param
    db.execute_sql(f"UPDATE rater_group SET grassroots = {param} WHERE id IN (SELECT MIN(id) FROM rater_group "
                   f"WHERE direction = {param} AND name LIKE {param} GROUP BY period_id)",
                   (True, BOTTOM_UP, f"%{GRASSROOTS_WORD}%"))
    old = db.execute_sql(f"SELECT id FROM grade_scale WHERE name = {param}", (OLD_SECTION_SCALE,)).fetchone()
    if old is not None and not db.execute_sql(f"SELECT id FROM grade_scale WHERE name = {param}",
                                              (SECTION_SCALE,)).fetchone():
        db.execute_sql(f"UPDATE grade_scale SET name = {param} WHERE id = {param}", (SECTION_SCALE, old[0]))
        db.execute_sql(f"UPDATE grade SET label = {param} WHERE scale_id = {param} AND label = {param}",
                       (SECTION_GRADES[-1], old[0], OLD_POOR))
    _grade_scales(db)


AS_ISSUED = RULES_AS_WRITTEN  # the schema version from which an issued 专报 and a closed month keep their figures
# 专报 and closed months as issued: the figures stored with them; a 专报 may be corrected by a later issue.
ISSUED_FIGURES = (("supervision_report", "figures", "TEXT"), ("supervision_report", "corrects", "INTEGER"),
                  ("month_close", "figures", "TEXT"))


def _corrections_allowed(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """A month's 专报 may have a correction (更正) beside it: (year, month) no longer unique."""
    db.execute_sql('DROP INDEX IF EXISTS "supervision_report_year_month"')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "supervision_report_year_month" ON "supervision_report" '
                   '("year", "month")')


def _rules_as_written(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """Step 11's changes beyond its tables and columns: the grassroots group and the office's
    grade words; a 专报 may have its corrections beside it."""
    _rating_rules_group(db, migrator)
    _corrections_allowed(db, migrator)


FINANCE_AND_TRAVEL = RULES_AS_WRITTEN  # the schema version of 财务管理 findings, 出差审批 and the travel per-diem
# 出差值勤: a claim names its approval; the per-diem for local transport per day (standard) and as paid (claim);
# the check as the claim states it.
TRAVEL_PER_DIEM = (("travel_standard", "city_transport", "BIGINT NOT NULL DEFAULT 0 CHECK (city_transport >= 0)"),
                   ("travel_claim", "city_transport", "BIGINT NOT NULL DEFAULT 0 CHECK (city_transport >= 0)"),
                   ("travel_claim", "verdict", "TEXT NOT NULL DEFAULT ''"),
                   ("travel_claim", "approval_id",
                    'INTEGER REFERENCES "travel_approval" ("id") ON DELETE RESTRICT'))
# A reference a later step adds to a table an earlier step creates from today's models: left out of
# the earlier step's CREATE TABLE (the table it names is not there yet), the later step adds it.
TRAVEL_PER_DIEM_COLUMNS = tuple((table, column) for table, column, _ddl in TRAVEL_PER_DIEM)
LATER_REFERENCES = {FINANCE_AND_TRAVEL: (TravelClaim.approval,)}


RUN_INDEXES = 12  # the schema version with the indexes the campaigns' runs are summed over


def _run_indexes(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """万里行车无事故 per driver and vehicle, 万页文稿无差错 per typist and for the pool: each run is a
    sum over a range of an index of 出车登记 or 文印登记 (services/campaigns.py); made where missing
    (a new database has them from its models)."""
    for model in (Trip, TypingLog):
        for index in model._meta.fields_to_index():
            db.execute(model._schema._create_index(index, safe=True))


DOCUMENTS = 13  # the schema version of 文电办理: registers of 收文 and 发文, 节假日安排, 办理时限, 催办; role 文书
# A 文印 log names the outgoing document it was typed for (its 文稿 one click from the 发文).
TYPED_FOR = (("typing_log", "outgoing_id",
              'INTEGER REFERENCES "outgoing_document" ("id") ON DELETE SET NULL'),)
LATER_REFERENCES[DOCUMENTS] = (TypingLog.outgoing,)
# 办理时限 in working days by 紧急程度 until the office sets its own (特急 1, 加急 3, 平件 7).
DEFAULT_LIMITS = ((URGENT, 1), (EXPEDITED, 3), (ORDINARY, 7))


def _role_check(db: peewee.Database) -> None:
    """The role 文书 joins the roles the user table's CHECK allows."""
    allowed = ",".join(f"'{role}'" for role in ROLES)
    if isinstance(db, peewee.PostgresqlDatabase):
        names = [row[0] for row in db.execute_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = '\"user\"'::regclass AND contype = 'c' "
            "AND pg_get_constraintdef(oid) LIKE %s", ("%role%",)).fetchall()]
        for name in names:
            db.execute_sql(f'ALTER TABLE "user" DROP CONSTRAINT "{name}"')
        db.execute_sql(f'ALTER TABLE "user" ADD CONSTRAINT "user_role_check" CHECK (role IN ({allowed}))')
        return
    (create,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'user'").fetchone()
    if f"'{ROLES[-1]}'" in create:
        return  # made from today's models

    def with_role(create: str) -> str | None:
        new_create, changed = re.subn(r"CHECK \(role IN \([^)]*\)\)", f"CHECK (role IN ({allowed}))", create, count=1)
        return new_create if changed else None

    rebuild_sqlite_table(db, "user", with_role, "用户表（user）", "增加角色“文书”")


def _documents(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """文电办理: the default 办理时限 from 2000-01-01 (where none is set), and the role 文书."""
    if not db.execute_sql("SELECT 1 FROM time_limit_rule LIMIT 1").fetchone():
        param = db.param
        for urgency, days in DEFAULT_LIMITS:
            db.execute_sql(f"INSERT INTO time_limit_rule (effective_from, urgency, working_days) "
                           f"VALUES ({param}, {param}, {param})", (date(2000, 1, 1), urgency, days))
    _role_check(db)


URGE_FIGURES = 14  # the schema version that keeps a 催办单's page as issued (the lead renumbers at merge)
# A 催办单 or 督办通知单 keeps what it said (number, title, 承办科室, office …) so a reprint is the same page.
URGE_FIGURES_COLUMNS = (("urge", "figures", "TEXT"),)


RUN_SUBTOTALS = 15  # the schema version that keeps the campaigns' monthly subtotals (the lead renumbers at merge)


def _run_subtotals(db: peewee.Database, migrator: SchemaMigrator) -> None:
    """万里行车无事故 and 万页文稿无差错: each runner's monthly subtotals of 出车登记 and 文印登记, kept by
    triggers (models/run_subtotals.py), filled from the rows there are."""
    run_subtotals.make_triggers(db)
    run_subtotals.fill(db)


def _ensure_subtotals(db: peewee.Database) -> None:
    """The subtotals' triggers checked at every open, made again (and the subtotals filled again)
    when missing or changed; the repair logged."""
    repaired = run_subtotals.ensure(db)
    if repaired:
        log.info("re-created the subtotals' triggers %s and filled the subtotals again", repaired)


def _create_step_tables(db: peewee.Database, step: Step) -> None:
    later = [field for version, fields in LATER_REFERENCES.items() if version > step.version for field in fields]
    for field in later:
        field.deferred = True
    try:
        db.create_tables(step.tables, safe=True)
    finally:
        for field in later:
            field.deferred = False


STEPS: list[Step] = [
    Step(1, "初始结构：各业务表", _create_tables),
    Step(2, "审计日志只可追加", _audit_append_only),
    Step(3, "基础数据：评议等次、文印标准", _reference_data),
    Step(4, "可空列上的唯一约束；废票原因", _null_safe_keys, columns=VOID_REASON),
    Step(5, "责任状的半年、年终考核得分", columns=CONTRACT_SCORES),
    Step(6, "评议组的评议对象：科室或人员", columns=RATER_GROUP_RATES),
    Step(7, "出差值勤标准与报销、办公用品及科室预算", tables=tuple(NEW_IN_V7)),
    Step(8, "用户与角色；个人信息导出记录", _export_log_append_only, tables=tuple(USER_MODELS)),
    Step(AUDIT_CHAIN_VERSION, "审计日志哈希链", _audit_chain, columns=AUDIT_HASH),
    Step(REFUEL_LITRES_OPTIONAL, "加油量可不填（只有金额的报销台账）", _refuel_litres_optional),
    Step(RULES_AS_WRITTEN, "制度落实：基层评议组与等次“较差”；人员进入方式与提前定级；文印差错发现环节与达标记录；"
         "专报与结账月份按编发、结账时的数字保存；财务管理检查；出差审批与伙食、市内交通包干", _rules_as_written,
         tables=(CampaignReach, *NEW_IN_FINANCE_STEP),
         columns=GRASSROOTS + RANK_ON_RECORD_COLUMNS + TYPING_ERROR_STAGE + ISSUED_FIGURES + TRAVEL_PER_DIEM),
    Step(RUN_INDEXES, "“四无”活动按索引累计：出车登记、文印登记的索引", _run_indexes),
    Step(DOCUMENTS, "文电办理：收文、发文登记簿，节假日安排与办理时限，催办；角色“文书”", _documents,
         tables=tuple(DOCUMENT_MODELS), columns=TYPED_FOR),
    Step(URGE_FIGURES, "催办单、督办通知单按开具时的内容保存", columns=URGE_FIGURES_COLUMNS),
    Step(RUN_SUBTOTALS, "“四无”活动按月小计：出车里程、文印页数的月度小计由数据库触发器保持", _run_subtotals,
         tables=tuple(run_subtotals.MODELS)),
]

CURRENT_VERSION = STEPS[-1].version
# The steps as this program ships them: what a file of each version must hold is read from here
# (a test may swap STEPS to try a broken step; the schema a version must have stays the same).
SHIPPED_STEPS = tuple(STEPS)


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
        ensure_append_only(db)
        _ensure_subtotals(db)
        return []
    path = sqlite_file(db)
    if path is not None and path.exists() and db.get_tables():
        dest = backup_file(path, f"before-v{steps[0].version}")
        log.info("backed up %s to %s before migrating", path, dest)
    db.create_tables([SchemaVersion], safe=True)
    from playhouse.migrate import SchemaMigrator

    migrator = SchemaMigrator.from_database(db)
    sqlite = isinstance(db, peewee.SqliteDatabase)
    applied = []
    if sqlite:  # a table rebuilt by a step must not cascade into its children
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        for step in steps:
            with db.atomic():
                if step.tables:
                    _create_step_tables(db, step)
                for table, column, ddl in step.columns:
                    add_column_if_missing(db, table, column, ddl)
                if step.apply is not None:
                    step.apply(db, migrator)
                if sqlite:
                    broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationRefused(f"第 {step.version} 步升级后外键不一致：{broken[:5]}")
                SchemaVersion.create(version=step.version, name=step.name, applied_at=datetime.now())
            applied.append(step.version)
    finally:
        if sqlite:
            db.execute_sql("PRAGMA foreign_keys = ON")
    ensure_append_only(db)
    _ensure_subtotals(db)
    return applied
