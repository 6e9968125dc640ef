"""“四无”活动's monthly subtotals (月度小计), kept by the database.

万里行车无事故 and 万页文稿无差错 count runs of years (since a runner's last defect): summed row by row,
each run read the whole history of 出车登记 or 文印登记.  ``run_subtotal`` keeps, for each ledger the
campaigns sum (``KEPT``: 出车 by driver, by the name of a driver with no staff file, by vehicle and
the office's; 文印 pages by typist and the pool's), each runner's amount and rows of each month, so
that a run adds up the subtotals of the months wholly inside it and only the rows of the months at
its two ends (``services/campaigns.py``).

The table is derived and written by nothing but the triggers made here, in SQLite (a trigger per
row: INSERT, UPDATE of a column that counts, DELETE) and in PostgreSQL (a trigger per statement over
its transition tables, and TRUNCATE), so it stays exact whatever writes the rows, this program or
not: an update that moves a row to another runner or month, or sets its amount to NULL, moves it
here too.  A subtotal whose rows are all gone is deleted: the table is always
``SELECT ledger, runner, month, SUM(amount), COUNT(*) … GROUP BY`` over the rows (``group_by``).
The schema step that makes the triggers fills it from the rows already there (``fill``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import peewee as pw

from govoffice_desktop.models.base import DateField, enum_check
from govoffice_desktop.models.db import Refusal, database
from govoffice_desktop.models.fleet import Trip
from govoffice_desktop.models.typing_pool import TypingLog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    """A ledger whose monthly subtotals are kept: the rows of ``model`` (those whose ``unless`` is
    NULL, when it is given), by the month of ``day``, adding ``amount`` (NULL adds nothing), per
    value of ``key`` (a reference, kept in ``runner_id``; a name, in ``runner_name``; None: every
    row, the office's or the pool's).  A row whose key is NULL is no runner's."""
    code: str
    model: type
    day: pw.Field
    amount: pw.Field
    key: pw.Field | None = None
    unless: pw.Field | None = None

    @property
    def by_name(self) -> bool:
        return isinstance(self.key, pw.CharField)

    def runner(self, r: str) -> tuple[str, str]:
        """(runner_id, runner_name) of the row ``r`` (NEW, OLD or an alias), as SQL."""
        if self.key is None:
            return "0", "''"
        column = f"{r}.{self.key.column_name}"
        return ("0", column) if self.by_name else (column, "''")

    def condition(self, r: str) -> str:
        parts = [f"{r}.{self.key.column_name} IS NOT NULL"] if self.key is not None else []
        if self.unless is not None:
            parts.append(f"{r}.{self.unless.column_name} IS NULL")
        return " AND ".join(parts) or "TRUE"

    @property
    def columns(self) -> set[str]:
        """The columns whose change moves a row's subtotal."""
        return {f.column_name for f in (self.day, self.amount, self.key, self.unless) if f is not None}


KEPT = {k.code: k for k in (
    Kept("trip_driver", Trip, Trip.trip_date, Trip.distance_km, Trip.driver),
    Kept("trip_name", Trip, Trip.trip_date, Trip.distance_km, Trip.driver_name, unless=Trip.driver),
    Kept("trip_vehicle", Trip, Trip.trip_date, Trip.distance_km, Trip.vehicle),
    Kept("trip", Trip, Trip.trip_date, Trip.distance_km),
    Kept("page_typist", TypingLog, TypingLog.typed_on, TypingLog.pages, TypingLog.typist),
    Kept("page", TypingLog, TypingLog.typed_on, TypingLog.pages),
)}
TABLES = {k.model for k in KEPT.values()}  # the tables whose writes the triggers follow


class RunSubtotal(pw.Model):
    """One runner's month in one of the ``KEPT`` ledgers: the sum of its rows' amounts and how many
    rows (written by the database's triggers only)."""

    ledger = pw.CharField(max_length=12, constraints=[enum_check("ledger", KEPT)])
    runner_id = pw.IntegerField(default=0)  # the driver, vehicle or typist; 0: by name, or everyone's
    runner_name = pw.CharField(max_length=30, default="")  # a driver with no staff file, as 出车登记 names him
    month = DateField()  # its first day
    amount = pw.BigIntegerField(default=0)  # as stored: distance_km in tenths of a km, or pages
    row_count = pw.IntegerField(default=0)

    class Meta:
        database = database
        table_name = "run_subtotal"
        indexes = ((("ledger", "runner_id", "runner_name", "month"), True),)


# The subtotals whose rows are all gone, found at once (the triggers delete them: there are none
# but inside a trigger).
RunSubtotal.add_index(RunSubtotal.index(RunSubtotal.id, where=RunSubtotal.row_count == 0, name="run_subtotal_empty"))

MODELS = [RunSubtotal]
CONFLICT = "(ledger, runner_id, runner_name, month)"


def _kept_of(model) -> list[Kept]:
    return [k for k in KEPT.values() if k.model is model]


def _month(column: str, postgres: bool) -> str:
    return f"CAST(date_trunc('month', {column}) AS DATE)" if postgres else f"date({column}, 'start of month')"


def _rows(k: Kept, r: str, postgres: bool, sign: str = "", source: str = "") -> str:
    """A SELECT of the row(s) ``r`` as subtotals of ``k``: ledger, runner_id, runner_name, month,
    amount, row_count (``sign`` "-": taken away)."""
    runner_id, runner_name = k.runner(r)
    amount = f"COALESCE({r}.{k.amount.column_name}, 0)"
    return (f"SELECT '{k.code}' AS ledger, {runner_id} AS runner_id, {runner_name} AS runner_name, "
            f"{_month(f'{r}.{k.day.column_name}', postgres)} AS month, {sign}{amount} AS amount, {sign}1 AS row_count"
            f"{source} WHERE {k.condition(r)}")


# ---------------------------------------------------------------- SQLite: a trigger per row
def _sqlite_add(kept: list[Kept]) -> str:
    """The row NEW added to its subtotals of every ledger in ``kept``: one statement (a statement
    each cost a fifth more on an import)."""
    rows = " UNION ALL ".join(_rows(k, "NEW", False) for k in kept)
    return (f"INSERT INTO run_subtotal (ledger, runner_id, runner_name, month, amount, row_count) "
            f"SELECT * FROM ({rows}) WHERE TRUE ON CONFLICT {CONFLICT} DO UPDATE SET "
            f"amount = amount + excluded.amount, row_count = row_count + excluded.row_count;")


def _sqlite_take(k: Kept) -> str:
    runner_id, runner_name = k.runner("OLD")
    return (f"UPDATE run_subtotal SET amount = amount - COALESCE(OLD.{k.amount.column_name}, 0), "
            f"row_count = row_count - 1 WHERE ledger = '{k.code}' AND runner_id = {runner_id} "
            f"AND runner_name = {runner_name} AND month = {_month(f'OLD.{k.day.column_name}', False)} "
            f"AND {k.condition('OLD')};")


def sqlite_triggers(model) -> dict[str, str]:
    """The triggers that keep ``model``'s subtotals on SQLite: name → its CREATE statement."""
    table, kept = model._meta.table_name, _kept_of(model)
    columns = sorted(set().union(*(k.columns for k in kept)))
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
    empty = "DELETE FROM run_subtotal WHERE row_count = 0;"
    add = _sqlite_add(kept)
    take = " ".join(_sqlite_take(k) for k in kept)
    return {f"{table}_subtotals_insert": f"CREATE TRIGGER {table}_subtotals_insert AFTER INSERT ON {table} "
                                         f"BEGIN {add} END",
            f"{table}_subtotals_update": f"CREATE TRIGGER {table}_subtotals_update AFTER UPDATE ON {table} "
                                         f"WHEN {changed} BEGIN {take} {add} {empty} END",
            f"{table}_subtotals_delete": f"CREATE TRIGGER {table}_subtotals_delete AFTER DELETE ON {table} "
                                         f"BEGIN {take} {empty} END"}


# ---------------------------------------------------------------- PostgreSQL: a trigger per statement
def _pg_change(kept: list[Kept], parts: list[tuple[str, str]]) -> str:
    """One upsert of the net change of a statement's rows (``parts``: (transition table, sign))."""
    selects = " UNION ALL ".join(_rows(k, "r", True, sign, f" FROM {rows} AS r") for rows, sign in parts for k in kept)
    return (f"INSERT INTO run_subtotal AS s (ledger, runner_id, runner_name, month, amount, row_count) "
            f"SELECT ledger, runner_id, runner_name, month, SUM(amount), SUM(row_count) FROM ({selects}) AS d "
            f"GROUP BY ledger, runner_id, runner_name, month HAVING SUM(amount) <> 0 OR SUM(row_count) <> 0 "
            f"ORDER BY ledger, runner_id, runner_name, month "  # the rows locked in one order: no deadlock
            f"ON CONFLICT {CONFLICT} DO UPDATE SET amount = s.amount + EXCLUDED.amount, "
            f"row_count = s.row_count + EXCLUDED.row_count; "
            f"DELETE FROM run_subtotal WHERE row_count = 0;")


def pg_function(model) -> tuple[str, str]:
    """(name, CREATE FUNCTION statement) of the function ``model``'s triggers run on PostgreSQL."""
    table, kept = model._meta.table_name, _kept_of(model)
    codes = ", ".join(f"'{k.code}'" for k in kept)
    name = f"{table}_run_subtotals"
    body = (f" BEGIN IF TG_OP = 'INSERT' THEN {_pg_change(kept, [('new_rows', '')])} "
            f"ELSIF TG_OP = 'UPDATE' THEN {_pg_change(kept, [('old_rows', '-'), ('new_rows', '')])} "
            f"ELSIF TG_OP = 'DELETE' THEN {_pg_change(kept, [('old_rows', '-')])} "
            f"ELSE DELETE FROM run_subtotal WHERE ledger IN ({codes}); END IF; RETURN NULL; END ")
    return name, f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $${body}$$ LANGUAGE plpgsql"


def pg_triggers(model) -> dict[str, str]:
    table = model._meta.table_name
    function = pg_function(model)[0]
    run = f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
    return {f"{table}_subtotals_insert": f"AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows {run}",
            f"{table}_subtotals_update": f"AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows "
                                         f"NEW TABLE AS new_rows {run}",
            f"{table}_subtotals_delete": f"AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows {run}",
            f"{table}_subtotals_truncate": f"AFTER TRUNCATE ON {table} {run}"}


def make_triggers(db: pw.Database) -> None:
    """(Re-)create the triggers of every table whose subtotals are kept."""
    postgres = isinstance(db, pw.PostgresqlDatabase)
    for model in TABLES:
        table = model._meta.table_name
        if postgres:
            db.execute_sql(pg_function(model)[1])
            for name, create in pg_triggers(model).items():
                db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                db.execute_sql(f"CREATE TRIGGER {name} {create}")
        else:
            for name, create in sqlite_triggers(model).items():
                db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
                db.execute_sql(create)


def group_by(db: pw.Database, k: Kept) -> str:
    """What ``run_subtotal`` holds for ``k``, from its rows: (ledger, runner_id, runner_name, month,
    amount, row_count) per runner and month."""
    postgres = isinstance(db, pw.PostgresqlDatabase)
    rows = _rows(k, "r", postgres, source=f' FROM "{k.model._meta.table_name}" AS r')
    return (f"SELECT ledger, runner_id, runner_name, month, SUM(amount), SUM(row_count) FROM ({rows}) AS d "
            f"GROUP BY ledger, runner_id, runner_name, month")


class UndatedRows(RuntimeError, Refusal):
    """Rows whose date the database cannot read as one (written by another tool): their month unknown."""


TABLE_NAMES = {Trip: "出车登记", TypingLog: "文印登记"}


def _undated(db: pw.Database) -> None:
    """Refuse (in Chinese, naming the rows) when a row of a kept table has a date the database does
    not read as a date (``2026/11/5`` written by another tool): its month, and so its subtotal, is
    unknown."""
    postgres = isinstance(db, pw.PostgresqlDatabase)
    if postgres:
        return  # a DATE column holds only dates
    for model in TABLES:
        day = _kept_of(model)[0].day.column_name
        table = model._meta.table_name
        bad = db.execute_sql(f'SELECT id, "{day}" FROM "{table}" WHERE {_month(day, False)} IS NULL '
                             f'ORDER BY id LIMIT 6').fetchall()
        if bad:
            shown = "、".join(f"id {i}（{value!s}）" for i, value in bad[:5]) + ("等" if len(bad) > 5 else "")
            raise UndatedRows(f"{TABLE_NAMES[model]}（{table}）有日期不是“年-月-日”的行：{shown}。这些行不是本程序写入的，"
                              f"无法算入“四无”活动的月度小计；请先用原来的办法把日期改成如 2026-11-05 的格式，或删去这些行，"
                              f"再打开数据库（数据库没有改动）")


def fill(db: pw.Database) -> None:
    """The subtotals of the rows there are (in place of what the table held); refused when a row's
    date is no date (``UndatedRows``)."""
    _undated(db)
    for k in KEPT.values():
        db.execute_sql(f"DELETE FROM run_subtotal WHERE ledger = '{k.code}'")
        db.execute_sql(f"INSERT INTO run_subtotal (ledger, runner_id, runner_name, month, amount, row_count) "
                       f"{group_by(db, k)}")


def missing_triggers(db: pw.Database) -> list[str]:
    """The triggers that keep the subtotals, missing, switched off or changed (by name)."""
    if isinstance(db, pw.PostgresqlDatabase):
        problems = []
        for model in TABLES:
            name, create = pg_function(model)
            body = [r[0] for r in db.execute_sql("SELECT prosrc FROM pg_proc WHERE proname = %s", (name,)).fetchall()]
            have = {n for n, enabled in db.execute_sql(
                "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
                (model._meta.table_name,)).fetchall() if enabled in ("O", "A")}
            function_ok = body == [create.split("$$")[1]]
            problems += [n for n in pg_triggers(model) if n not in have or not function_ok]
        return problems
    have = {name: " ".join((sql or "").split()) for name, sql in
            db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    return [name for model in TABLES for name, create in sqlite_triggers(model).items() if have.get(name) != create]


_STATE = {"trusted": True}  # whether the campaigns may add the subtotals: set by ``ensure`` at each open


def trusted() -> bool:
    """Whether the subtotals of the database opened last are kept (its triggers in place, its
    totals those of the rows): else the campaigns add the rows themselves (``services/campaigns.py``)."""
    return _STATE["trusted"]


def totals_differ(db: pw.Database) -> list[str]:
    """The tables whose rows the subtotals do not count as many: rows added or removed while the
    triggers did not run (switched off; a REPLACE, which fires no DELETE trigger for the row it
    replaces; a copy of the file from before).  Compared on the ledger of every row of each table
    (the office's, the pool's), whose triggers run with the others': a count of each table, and of
    a hundred-odd subtotals (a millisecond on ten years of a large office).  An UPDATE made while
    the triggers were off changes no count and is not seen here."""
    differ = []
    for model in TABLES:
        whole = next(k for k in _kept_of(model) if k.key is None and k.unless is None)
        table = model._meta.table_name
        rows = db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        kept = db.execute_sql("SELECT SUM(row_count) FROM run_subtotal WHERE ledger = %s" % db.param,
                              (whole.code,)).fetchone()[0]
        if int(kept or 0) != int(rows):
            differ.append(table)
    return differ


def ensure(db: pw.Database) -> list[str]:
    """At every open: the triggers missing, switched off or changed made again, and the subtotals
    filled again from the rows when they were or when they do not add up to the rows
    (``totals_differ``).  Returns what was repaired.  When the database refuses the repair (a
    PostgreSQL role that does not own the tables), the campaigns add the rows themselves for as long
    as it stays open (``trusted``)."""
    _STATE["trusted"] = True
    if RunSubtotal._meta.table_name not in db.get_tables():
        return []  # a database before the step that makes them
    problems = missing_triggers(db)
    try:
        if problems:
            with db.atomic():
                make_triggers(db)
                fill(db)
        else:
            differ = totals_differ(db)
            if differ:
                with db.atomic():
                    fill(db)
                problems = [f"{table} subtotals" for table in differ]
    except pw.DatabaseError as exc:
        log.warning("could not re-create the subtotals' triggers or fill them %s: %s", problems, exc)
        _STATE["trusted"] = False
        return []
    return problems
