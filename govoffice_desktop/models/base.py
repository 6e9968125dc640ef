"""The base model, the audit trail, and the fields every domain uses.

One mechanism writes the audit log: ``BaseModel.save`` and ``BaseModel.delete_instance``
record each create, update and delete with the row's state before and after, and
``bulk_insert`` does the same for rows written many at a time.  Services write through
these and nothing else, so no write escapes the log.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import peewee

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
        return (Decimal(int(value)) / self._scale).quantize(self._quantum)


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


def row_state(instance: peewee.Model) -> dict:
    """The stored columns of a model instance as JSON-ready values."""
    out = {}
    for name, field in instance._meta.fields.items():
        key = field.column_name if isinstance(field, peewee.ForeignKeyField) else name
        value = instance.__data__.get(name)
        if isinstance(field, ScaledDecimalField) and not isinstance(value, peewee.Node):
            value = field.to_decimal(value)
        out[key] = _jsonable(value)
    return out


class AuditLog(peewee.Model):
    """One row per create, update and delete: append-only."""

    table = peewee.CharField(max_length=64, index=True)
    row_id = peewee.IntegerField(null=True, index=True)
    action = peewee.CharField(max_length=8, constraints=[peewee.Check("action IN ('create','update','delete')")])
    before = peewee.TextField(null=True)
    after = peewee.TextField(null=True)
    at = peewee.DateTimeField(default=datetime.now, index=True)
    who = peewee.CharField(max_length=64)

    class Meta:
        database = database
        table_name = "audit_log"


def _dump(state: dict | None) -> str | None:
    return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True)


def record(table: str, row_id, action: str, before: dict | None, after: dict | None) -> None:
    AuditLog.insert(
        table=table, row_id=row_id, action=action, before=_dump(before), after=_dump(after),
        at=datetime.now(), who=current_user(),
    ).execute()


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
    def insert(cls, *args, **kwargs):
        _check_audited(cls)
        return super().insert(*args, **kwargs)

    @classmethod
    def insert_many(cls, *args, **kwargs):
        _check_audited(cls)
        return super().insert_many(*args, **kwargs)

    @classmethod
    def insert_from(cls, *args, **kwargs):
        _check_audited(cls)
        return super().insert_from(*args, **kwargs)

    @classmethod
    def replace(cls, *args, **kwargs):
        _check_audited(cls)
        return super().replace(*args, **kwargs)

    @classmethod
    def replace_many(cls, *args, **kwargs):
        _check_audited(cls)
        return super().replace_many(*args, **kwargs)

    @classmethod
    def update(cls, *args, **kwargs):
        _check_audited(cls)
        return super().update(*args, **kwargs)

    @classmethod
    def delete(cls):
        _check_audited(cls)
        return super().delete()

    @classmethod
    def bulk_update(cls, *args, **kwargs):
        raise UnauditedWrite(f"{cls.__name__}: 请用 save 或 update_where")

    @classmethod
    def update_where(cls, changes: dict, where) -> int:
        """``UPDATE … SET changes WHERE where``, recording each changed row before and after."""
        table, pk = cls._meta.table_name, cls._meta.primary_key
        with database.atomic(), _audited_write():
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
            before = None
            if not creating:
                old = type(self).get_or_none(type(self)._meta.primary_key == self._pk)
                before = row_state(old) if old is not None else None
                creating = old is None
            result = super().save(force_insert=force_insert or creating and self._pk is not None, only=only)
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
            for fk in self._meta.backrefs:
                if (fk.on_delete or "").upper() == "CASCADE":
                    fk.model.delete_where(fk == self._pk)
            before = row_state(self)
            pk = self._pk
            result = super().delete_instance()
            if result:
                record(self._meta.table_name, pk, "delete", before, None)
            return result

    @classmethod
    def bulk_insert(cls, rows: list[dict], batch: int = 500) -> int:
        """Insert many rows (dicts of field name → value) in one transaction, audited.

        Returns the number of rows written.  Values go through each field's ``db_value``.
        """
        if not rows:
            return 0
        who, now, table = current_user(), datetime.now(), cls._meta.table_name
        written = 0
        pk_name = cls._meta.primary_key.name
        with database.atomic(), _audited_write():
            for start in range(0, len(rows), batch):
                objs = [cls(**data) for data in rows[start:start + batch]]
                keys = sorted({k for obj in objs for k in obj.__data__ if k != pk_name})
                values = [{k: obj.__data__.get(k) for k in keys} for obj in objs]
                # One statement per batch.  New rowids are handed out in ascending order
                # within one INSERT, so sorted ids line up with the rows as given.
                ids = sorted(r[0] for r in cls.insert_many(values).returning(cls._meta.primary_key).tuples().execute())
                if len(ids) != len(objs):  # pragma: no cover - the database broke its word
                    raise RuntimeError("bulk insert returned a different number of ids")
                audit_rows = []
                for obj, pk in zip(objs, ids):
                    obj._pk = pk
                    audit_rows.append({
                        "table": table, "row_id": pk, "action": "create", "before": None,
                        "after": _dump(row_state(obj)), "at": now, "who": who,
                    })
                AuditLog.insert_many(audit_rows).execute()
                written += len(objs)
        return written


def enum_check(column: str, values) -> peewee.Check:
    quoted = ",".join("'" + v.replace("'", "''") + "'" for v in values)
    return peewee.Check(f"{column} IN ({quoted})")
