"""The base model, the audit trail, and the fields every domain uses.

One mechanism writes the audit log: ``BaseModel.save`` and ``BaseModel.delete_instance``
record each create, update and delete with the row's state before and after, and
``bulk_insert`` does the same for rows written many at a time.  Services write through
these and nothing else, so no write escapes the log.  Each entry is chained to the one before
it by a SHA-256 hash (``models/audit_chain.py``), in the writer's own transaction.  The same
paths note the table they wrote in the collectors open in their thread (``collect_changes``):
the window says once, on its change bus, what a call changed.
"""
from __future__ import annotations

import contextlib
import json
import threading
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Callable

import peewee

from govoffice_desktop.models import audit_chain
from govoffice_desktop.models.db import current_user, database


# ---------------------------------------------------------------- fields
class ScaledDecimalField(peewee.BigIntegerField):
    """A Decimal stored as an integer of its smallest unit (never a float).

    ``places=2`` stores yuan as fen.  Python values are Decimals quantised to ``places``.
    """

    field_type = "BIGINT"

    def __init__(self, places: int = 2, *args, **kwargs):
        self.places = places
        self._scale = 10**places
        self._quantum = Decimal(1).scaleb(-places)
        super().__init__(*args, **kwargs)

    def to_decimal(self, value) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, float):
            value = repr(value)  # shortest exact text, never binary noise
        try:
            return Decimal(value).quantize(self._quantum, rounding=ROUND_HALF_UP)
        except (InvalidOperation, ValueError, TypeError) as exc:
            raise ValueError(f"不是有效的数值：{value!r}") from exc

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, peewee.Node):  # expressions such as F(x) + 1
            return value
        return int(self.to_decimal(value) * self._scale)

    def python_value(self, value):
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places)  # exact, with exactly ``places`` decimals

    def python_values(self, values) -> list:
        """``python_value`` of a whole column at once (a listing's page, an export)."""
        exponent = -self.places
        return [None if value is None else Decimal(int(value)).scaleb(exponent) for value in values]


class DateTimeField(peewee.DateTimeField):
    """peewee's DateTimeField, reading stored text with ``fromisoformat`` (strptime costs ten
    times as much, and a table of 100,000 rows reads them all)."""

    def adapt(self, value):
        if value.__class__ is str:
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                pass
        return super().adapt(value)


class DateField(peewee.DateField):
    """peewee's DateField, reading stored text with ``fromisoformat``."""

    def adapt(self, value):
        if value.__class__ is str and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        return super().adapt(value)


class MoneyField(ScaledDecimalField):
    """Yuan with two decimals, stored as integer fen."""

    def __init__(self, *args, **kwargs):
        super().__init__(2, *args, **kwargs)


# ---------------------------------------------------------------- audit
def _jsonable(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _as_text(value):
    return None if value is None else value.isoformat()


_STATE_FIELDS: dict[type, list[tuple[str, str, object]]] = {}
SECRET_FIELDS = {"password_hash"}  # never written to the audit log


def _state_fields(model: type) -> list[tuple[str, str, object]]:
    """(attribute name, audit key, converter or None) for each stored column, cached per model."""
    fields = _STATE_FIELDS.get(model)
    if fields is None:
        fields = []
        for name, f in model._meta.fields.items():
            if isinstance(f, ScaledDecimalField):
                def convert(value, f=f):
                    return None if value is None else str(f.to_decimal(value))
            elif isinstance(f, (peewee.DateTimeField, peewee.DateField, peewee.TimeField)):
                def convert(value):
                    return value.isoformat() if isinstance(value, (date, datetime, time)) else value
            elif isinstance(f, peewee.ForeignKeyField):
                def convert(value):
                    return value._pk if isinstance(value, peewee.Model) else value
            elif name in SECRET_FIELDS:
                def convert(value):
                    return None if value is None else "（已隐藏）"
            else:
                convert = None
            fields.append((name, f.column_name if isinstance(f, peewee.ForeignKeyField) else name, convert))
        _STATE_FIELDS[model] = fields
    return fields


def state_of(model: type, data: dict) -> dict:
    """The stored columns of one row (attribute name → value) as JSON-ready values."""
    out = {}
    for name, key, convert in _state_fields(model):
        value = data.get(name)
        if isinstance(value, peewee.Node):
            value = None  # an expression (F(x) + 1) has no value until the database computes it
        out[key] = _jsonable(convert(value) if convert is not None else value)
    return out


def row_state(instance: peewee.Model) -> dict:
    """The stored columns of a model instance as JSON-ready values."""
    return state_of(type(instance), instance.__data__)


class AuditLog(peewee.Model):
    """One row per create, update and delete: append-only."""

    table = peewee.CharField(max_length=64, index=True)
    row_id = peewee.IntegerField(null=True, index=True)
    action = peewee.CharField(max_length=8, constraints=[peewee.Check("action IN ('create','update','delete')")])
    before = peewee.TextField(null=True)
    after = peewee.TextField(null=True)
    at = DateTimeField(default=datetime.now, index=True)
    who = peewee.CharField(max_length=64)
    hash = peewee.CharField(max_length=64, null=True)  # the chain's link: see models/audit_chain.py

    class Meta:
        database = database
        table_name = "audit_log"


def _dump(state: dict | None) -> str | None:
    return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True)


def lock_chain() -> None:
    """Before a write: on PostgreSQL, wait for the audit chain (a transaction-level advisory lock,
    released at commit or rollback), so that no two transactions chain from the same entry.
    Taken before the write's own rows are locked, so that it never waits while holding them.
    SQLite needs nothing: it lets one writer at a time."""
    handle = database.obj
    if isinstance(handle, peewee.PostgresqlDatabase):
        handle.execute_sql("SELECT pg_advisory_xact_lock(%s)", (audit_chain.ADVISORY_KEY,))


def chain_head() -> str:
    """The newest entry's hash (``GENESIS`` for an empty log), read after ``lock_chain``: in a
    statement of its own, so that on PostgreSQL it sees what the writer before committed."""
    lock_chain()
    row = database.obj.execute_sql('SELECT "hash" FROM "audit_log" ORDER BY "id" DESC LIMIT 1').fetchone()
    if row is None:
        return audit_chain.GENESIS
    return row[0] or audit_chain.GENESIS  # an entry of before the chain: the verifier says so


# ---------------------------------------------------------------- what a call wrote
_collecting = threading.local()  # per thread: the sets open collectors fill


def _collectors() -> list[set]:
    stack = getattr(_collecting, "stack", None)
    if stack is None:
        stack = _collecting.stack = []
    return stack


@contextmanager
def collect_changes():
    """Yield a set that gets the name of every table written (audited) in this thread while the
    ``with`` block runs.  Collectors nest: a write is noted in every one open in the thread.  A
    write in another thread (the background worker) is noted only by that thread's collectors."""
    tables: set[str] = set()
    stack = _collectors()
    stack.append(tables)
    try:
        yield tables
    finally:
        stack.remove(tables)


def collecting() -> bool:
    """Whether a collector is open in this thread (an outer caller will hear of the writes)."""
    return bool(getattr(_collecting, "stack", None))


def note_changes(tables) -> None:
    """Note ``tables`` as written in every collector open in this thread."""
    for collected in getattr(_collecting, "stack", ()):
        collected.update(tables)


def record(table: str, row_id, action: str, before: dict | None, after: dict | None) -> None:
    """One audit entry, chained to the one before it (in the caller's transaction)."""
    note_changes((table,))
    with (contextlib.nullcontext() if database.in_transaction() else database.atomic()):
        before_text, after_text, now, who = _dump(before), _dump(after), datetime.now(), current_user()
        link = audit_chain.entry_hash(chain_head(), table, row_id, action, before_text, after_text, now, who)
        AuditLog.insert(table=table, row_id=row_id, action=action, before=before_text, after=after_text,
                        at=now, who=who, hash=link).execute()


# ---------------------------------------------------------------- base model
class UnauditedWrite(RuntimeError):
    """A write query built past the audited paths (save, delete_instance, bulk_*)."""


_audited = threading.local()


@contextmanager
def _audited_write():
    depth = getattr(_audited, "depth", 0)
    _audited.depth = depth + 1
    try:
        yield
    finally:
        _audited.depth = depth


def _check_audited(cls) -> None:
    if not getattr(_audited, "depth", 0):
        raise UnauditedWrite(
            f"{cls.__name__}: 写入必须经过审计（用 save / create / delete_instance / bulk_insert / "
            f"update_where / delete_where）")


class BaseModel(peewee.Model):
    """Every domain model: bound to the shared proxy, audited on every write.

    The class-level write queries (``insert``, ``insert_many``, ``update``, ``delete``…) refuse to
    be built outside the audited paths, so a write that would escape the log fails loudly.
    """

    class Meta:
        database = database
        legacy_table_names = False
        only_save_dirty = False

    @classmethod
    def bulk_update(cls, *args, **kwargs):
        raise UnauditedWrite(f"{cls.__name__}: 请用 save 或 update_where")

    @classmethod
    def truncate_table(cls, *args, **kwargs):
        raise UnauditedWrite(f"{cls.__name__}: 清空整表会绕过审计，请用 delete_where")

    @classmethod
    def update_where(cls, changes: dict, where) -> int:
        """``UPDATE … SET changes WHERE where``, recording each changed row before and after."""
        table, pk = cls._meta.table_name, cls._meta.primary_key
        with database.atomic(), _audited_write():
            lock_chain()
            before = {obj._pk: row_state(obj) for obj in cls.select().where(where)}
            if not before:
                return 0
            count = super().update(changes).where(pk.in_(list(before))).execute()
            for obj in cls.select().where(pk.in_(list(before))):
                after = row_state(obj)
                if after != before[obj._pk]:
                    record(table, obj._pk, "update", before[obj._pk], after)
            return count

    @classmethod
    def delete_where(cls, where) -> int:
        """``DELETE … WHERE where``, one audited ``delete_instance`` per row."""
        with database.atomic():
            rows = list(cls.select().where(where))
            for obj in rows:
                obj.delete_instance()
            return len(rows)

    def save(self, force_insert: bool = False, only=None):
        creating = force_insert or self._pk is None
        with database.atomic(), _audited_write():
            lock_chain()
            before = None
            if not creating:
                old = type(self).get_or_none(type(self)._meta.primary_key == self._pk)
                before = row_state(old) if old is not None else None
                creating = old is None
            result = super().save(force_insert=force_insert or creating and self._pk is not None, only=only)
            if only is not None and not creating:  # what the row holds now, not what memory holds
                after = row_state(type(self).get(type(self)._meta.primary_key == self._pk))
            else:
                after = row_state(self)
            if creating:
                record(self._meta.table_name, self._pk, "create", None, after)
            elif before != after:
                record(self._meta.table_name, self._pk, "update", before, after)
            return result

    def delete_instance(self, recursive: bool = False, delete_nullable: bool = False):
        """Delete this row; rows the schema would cascade away are deleted (and logged) first."""
        if recursive or delete_nullable:
            raise UnauditedWrite("请逐级删除：recursive 删除会绕过审计")
        with database.atomic(), _audited_write():
            lock_chain()
            for fk in self._meta.backrefs:
                action = (fk.on_delete or "").upper()
                if action == "CASCADE":
                    fk.model.delete_where(fk == self._pk)
                elif action == "SET NULL":
                    fk.model.update_where({fk.name: None}, fk == self._pk)
            stored = type(self).get_or_none(type(self)._meta.primary_key == self._pk)
            before = row_state(stored if stored is not None else self)
            pk = self._pk
            result = super().delete_instance()
            if result:
                record(self._meta.table_name, pk, "delete", before, None)
            return result

    @classmethod
    def bulk_insert(cls, rows: list[dict], batch: int = 5000, progress: Callable[[int], None] | None = None,
                    audit: str = "rows") -> int:
        """Insert many rows (dicts of field name → value) in one transaction, audited row by row
        (each entry chained, as ``record`` chains one); with ``audit="batch"`` (a ledger import of
        many rows) by one chained ``create`` entry per batch instead, written right after the
        batch's rows: ``row_id`` empty, ``after`` = ``{"ids": [the batch's row ids], "rows": n}``.

        Values go through each field's ``db_value``; missing fields take their defaults.  On
        SQLite the rows and their audit entries are written with ``executemany`` (peewee's
        query building costs more than the writing); elsewhere through ``insert_many``.
        ``progress(rows_written)`` is called after each batch; an exception it raises rolls back
        every batch.  Returns the number of rows written.
        """
        if not rows:
            return 0
        pk = cls._meta.primary_key
        if any(pk.name in data or pk.column_name in data for data in rows):
            raise ValueError(f"{cls.__name__}.bulk_insert 自行分配编号，行中不应带 {pk.name}")
        columns = {}
        for f in cls._meta.sorted_fields:
            if f is pk:
                continue
            name, default = f.name, f.default
            try:
                columns[name] = [data[name] for data in rows]
            except KeyError:  # some rows leave this field to its default
                columns[name] = [data[name] if name in data else (default() if callable(default) else default)
                                 for data in rows]
        return cls.bulk_insert_columns(columns, batch, progress, audit)

    @classmethod
    def bulk_insert_columns(cls, columns: dict[str, list], batch: int = 5000,
                            progress: Callable[[int], None] | None = None, audit: str = "rows",
                            stored: tuple[str, ...] = ()) -> int:
        """``bulk_insert`` of rows given as columns: field name → each row's value (a field not
        given takes its default in every row).  A ledger import's rows come as columns: no dict
        per row.  ``stored``: the ``ScaledDecimalField``s whose values are given as the table
        stores them, integers of their smallest unit (a refuel ledger's money in fen), not Decimals."""
        if audit not in ("rows", "batch"):
            raise ValueError(f"audit 应为 rows 或 batch：{audit!r}")
        meta = cls._meta
        pk = meta.primary_key
        if pk.name in columns or pk.column_name in columns:
            raise ValueError(f"{cls.__name__}.bulk_insert 自行分配编号，行中不应带 {pk.name}")
        fields = [f for f in meta.sorted_fields if f is not pk]
        if any(not isinstance(meta.fields.get(name), ScaledDecimalField) or name not in columns for name in stored):
            raise ValueError(f"{cls.__name__}.bulk_insert_columns: stored 只能是给出的、按最小单位存的数值列：{stored!r}")
        count = max((len(values) for values in columns.values()), default=0)
        if any(len(values) != count for values in columns.values()):
            raise ValueError(f"{cls.__name__}.bulk_insert_columns: 各列的行数不一致")
        if not count:
            return 0
        who, now, table = current_user(), datetime.now(), meta.table_name
        as_stored = set(stored)

        def column(f: peewee.Field, start: int, end: int, stored: bool = True) -> list:
            """One field's values for rows start..end: as stored, or as Python values."""
            if f.name in columns:
                values = columns[f.name][start:end]
            else:
                default = f.default
                values = [default() if callable(default) else default for _ in range(end - start)]
            if not stored:
                return f.python_values(values) if f.name in as_stored else [_python_value(x) for x in values]
            return values if f.name in as_stored else converters[f.name](values)

        handle = database.obj
        converters = {f.name: _bulk_converter(f, sqlite=isinstance(handle, peewee.SqliteDatabase)) for f in fields}
        written = 0
        sqlite = isinstance(handle, peewee.SqliteDatabase)
        with database.atomic(), _audited_write(), _indexes_built_after(handle, table, pk, count, sqlite):
            lock_chain()
            for start in range(0, count, batch):
                end = min(start + batch, count)
                size = end - start
                if isinstance(handle, peewee.SqliteDatabase):
                    first = handle.execute_sql(
                        f'SELECT COALESCE(MAX("{pk.column_name}"), 0) + 1 FROM "{table}"').fetchone()[0]
                    ids = list(range(first, first + size))
                    names, marks, bound = [pk.column_name], ["?"], [ids]
                    for f in fields:  # a column of one plain value (a ledger without its column) bound once
                        values = column(f, start, end)
                        literal = _sqlite_constant(values)
                        names.append(f.column_name)
                        marks.append("?" if literal is None else literal)
                        if literal is None:
                            bound.append(values)
                    names_sql = ", ".join(f'"{c}"' for c in names)
                    handle.cursor().executemany(f'INSERT INTO "{table}" ({names_sql}) VALUES ({", ".join(marks)})',
                                                list(zip(*bound)))
                else:
                    stored = list(zip(*(column(f, start, end) for f in fields)))
                    chunk = [{f.name: value for f, value in zip(fields, values)}
                             for values in zip(*(column(f, start, end, stored=False) for f in fields))]
                    names = ", ".join(f'"{f.column_name}"' for f in fields)
                    ids = sorted(r[0] for r in _execute_values(
                        handle, f'INSERT INTO "{table}" ({names}) VALUES %s RETURNING "{pk.column_name}"', stored))
                note_changes((table,))
                logged = '"table", "row_id", "action", "before", "after", "at", "who", "hash"'
                if audit == "batch":
                    record(table, None, "create", None, {"ids": ids, "rows": len(ids)})
                elif isinstance(handle, peewee.SqliteDatabase):
                    # The database writes each row's audit entry from the row itself (the same JSON
                    # as ``state_of`` gives, at a fraction of the cost of building it in Python),
                    # asking Python only for each entry's link, in the order the entries are written.
                    link_of, expected = audit_chain.Creates(chain_head(), table, now, who), [ids[0]]

                    def link(row_id, after):
                        if row_id != expected[0]:
                            raise ValueError("audit entries chained out of order")
                        expected[0] += 1
                        return link_of(row_id, after)

                    connection = handle.connection()
                    connection.create_function("govoffice_audit_link", 2, link)
                    try:
                        handle.execute_sql(
                            f'INSERT INTO "audit_log" ({logged}) SELECT ?, "id", \'create\', NULL, "state", ?, ?, '
                            f'govoffice_audit_link("id", "state") FROM (SELECT "{pk.column_name}" AS "id", '
                            f'{_sqlite_state_sql(cls)} AS "state" FROM "{table}" WHERE "{pk.column_name}" '
                            f'BETWEEN ? AND ? ORDER BY "{pk.column_name}")',
                            (table, audit_chain.at_text(now), who, ids[0], ids[-1]))
                    finally:
                        connection.create_function("govoffice_audit_link", 2, None)
                    if expected[0] != ids[-1] + 1:
                        raise peewee.IntegrityError("审计日志链没有覆盖这批的每一行，未写入")
                else:
                    states = [(pk_value, _dump(state_of(cls, {**data, pk.name: pk_value})))
                              for pk_value, data in zip(ids, chunk)]
                    links = audit_chain.creates_chain(chain_head(), table, now, who, states)
                    entries = [(table, pk_value, "create", None, after, now, who, link)
                               for (pk_value, after), link in zip(states, links)]
                    _check_chain_order(_execute_values(
                        handle, f'INSERT INTO "audit_log" ({logged}) VALUES %s RETURNING "id"', entries))
                written += size
                if progress:
                    progress(written)
        return written


def _sqlite_constant(values: list) -> str | None:
    """The SQL literal of a column whose values (as stored) are all one value of a plain class:
    None, a bool, a 64-bit integer or a text without NUL; None for any other column.  SQLite stores
    the literal as it stores the bound value, and binding a parameter of every row costs more than
    storing it (100,000 refuels of a ledger without 满箱, 漏记, 票据号 and 备注: 0.1 s of 0.23)."""
    first = values[0]
    kind = first.__class__
    if kind not in _PLAIN or values[-1] != first or values.count(first) != len(values) or \
            set(map(type, values)) != {kind}:
        return None
    if first is None:
        return "NULL"
    if kind is str:
        return None if "\x00" in first else "'" + first.replace("'", "''") + "'"
    if kind is bool:
        return "1" if first else "0"
    return str(first) if -(2**63) <= first < 2**63 else None


_PLAIN = {type(None), bool, int, str}


REBUILD_FROM = 10_000  # rows of one bulk insert from which a table's indexes may be built after it


@contextmanager
def _indexes_built_after(handle: peewee.Database, table: str, pk: peewee.Field, count: int, sqlite: bool):
    """On SQLite, the ``count`` rows of a large bulk insert (at least REBUILD_FROM, and at least
    as many as the table holds) written without the table's plain indexes, which are then built
    again from their own definitions before the transaction ends: an index built at once costs
    half of one updated row by row (100,000 refuels: 0.29 s against 0.42 s of CPU).  Unique
    indexes stay, so each row is checked as it is written.  It all happens in the write's
    transaction: no other connection ever sees the table without its indexes, and a refusal or a
    cancel rolls the drop back with the rows."""
    indexes: list[tuple[str, str]] = []
    if sqlite and count >= REBUILD_FROM:
        held = handle.execute_sql(f'SELECT COALESCE(MAX("{pk.column_name}"), 0) FROM "{table}"').fetchone()[0]
        if count >= held:  # ids are never fewer than the rows: the table holds no more rows than this
            indexes = handle.execute_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql LIKE 'CREATE INDEX %' ORDER BY name", (table,)).fetchall()
    for name, _sql in indexes:
        handle.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        handle.execute_sql(sql)


def _check_chain_order(returned: list[tuple]) -> None:
    """The entries of one statement were given ids in the order they were chained (PostgreSQL
    numbers the rows of ``INSERT … VALUES`` in order; should it ever not, nothing is written)."""
    ids = [r[0] for r in returned]
    if ids != sorted(ids):
        raise peewee.IntegrityError("审计日志链的顺序与编号不一致，未写入")


def _execute_values(handle: peewee.Database, sql: str, rows: list[tuple]) -> list[tuple]:
    """``INSERT … VALUES %s`` of many rows in one statement on PostgreSQL (psycopg2's
    execute_values; peewee's insert_many spends seconds building the query of 5,000 rows)."""
    # psycopg2 is the optional `postgres` extra: imported only on a PostgreSQL database.
    from psycopg2.extras import execute_values

    with peewee.__exception_wrapper__:
        return execute_values(handle.cursor(), sql, rows, page_size=max(len(rows), 1),
                              fetch="RETURNING" in sql) or []


def _python_value(value):
    return value._pk if isinstance(value, peewee.Model) else value


_NONE = type(None)


def _bulk_converter(f: peewee.Field, sqlite: bool = False) -> Callable[[list], list]:
    """For a bulk insert: a function making a column of ``f``'s Python values what is stored
    (``f.db_value``), without calling peewee for every cell of 100,000 rows (that costs more than
    writing them): a column of value classes stored as they are passes unchanged, Decimals of a
    ``ScaledDecimalField`` become integers in one pass, and on SQLite (``sqlite``) datetimes and
    dates become the text its adapters would make of them."""
    general = f.db_value
    ready: tuple[type, ...] = ()
    if isinstance(f, ScaledDecimalField):
        quantum, scale = f._quantum, f.places

        def scaled(values: list) -> list:
            return [None if x is None else int(x.quantize(quantum, ROUND_HALF_UP).scaleb(scale))
                    if x.__class__ is Decimal else general(x) for x in values]
        return scaled
    if isinstance(f, peewee.ForeignKeyField):
        ready = (_NONE, int)
        convert = lambda value: value._pk if isinstance(value, peewee.Model) else general(value)  # noqa: E731
    else:
        convert = general
        for kind, cls in ((peewee.CharField, str), (peewee.TextField, str), (peewee.BooleanField, bool),
                          (peewee.IntegerField, int), (peewee.DateTimeField, datetime), (peewee.DateField, date)):
            if type(f) is kind or (isinstance(f, kind) and type(f).db_value is kind.db_value):
                ready = (_NONE, cls)
                break
    as_text = next((cls for cls in (datetime, date) if sqlite and cls in ready), None)  # as sqlite3's adapters

    def column(values: list) -> list:
        classes = set(map(type, values))
        if as_text is datetime and classes <= {_NONE, datetime}:
            return [None if x is None else x.isoformat(" ") for x in values]
        if as_text is date and classes <= {_NONE, date}:
            return [None if x is None else x.isoformat() for x in values]
        if classes <= set(ready):
            return values
        return [x if x.__class__ in ready else convert(x) for x in values]
    return column


def _sqlite_state_sql(model: type) -> str:
    """``json_object(...)`` of a row in SQLite, giving what ``state_of`` gives for it in Python."""
    parts = []
    for name, key, _convert in sorted(_state_fields(model), key=lambda f: f[1]):
        field = model._meta.fields[name]
        col = f'"{field.column_name}"'
        if name in SECRET_FIELDS:
            expr = f"CASE WHEN {col} IS NULL THEN NULL ELSE '（已隐藏）' END"
        elif isinstance(field, ScaledDecimalField):
            scale = 10 ** field.places
            expr = (f"CASE WHEN {col} IS NULL THEN NULL ELSE (CASE WHEN {col} < 0 THEN '-' ELSE '' END) || "
                    f"(abs({col}) / {scale}) || '.' || substr('{'0' * field.places}' || (abs({col}) % {scale}), "
                    f"-{field.places}) END")
        elif isinstance(field, peewee.BooleanField):
            expr = f"CASE WHEN {col} IS NULL THEN NULL WHEN {col} THEN json('true') ELSE json('false') END"
        elif isinstance(field, peewee.DateTimeField):
            expr = f"replace({col}, ' ', 'T')"
        else:
            expr = col
        parts.append(f"'{key}', {expr}")
    return f"json_object({', '.join(parts)})"


def _guarded(name: str):
    """A class-level write query that refuses to be built outside the audited paths."""
    def method(cls, *args, **kwargs):
        _check_audited(cls)
        return getattr(super(BaseModel, cls), name)(*args, **kwargs)

    method.__name__ = name
    return classmethod(method)


for _name in ("insert", "insert_many", "insert_from", "replace", "replace_many", "update", "delete"):
    setattr(BaseModel, _name, _guarded(_name))


def enum_check(column: str, values) -> peewee.Check:
    quoted = ",".join("'" + v.replace("'", "''") + "'" for v in values)
    return peewee.Check(f"{column} IN ({quoted})")
