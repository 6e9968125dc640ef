"""What a database of this program must hold, checked before it is used: when it is opened
(``db.open_database``) and before a file is restored (``services/backup.py``).

The tables and columns a schema version must have come from the code, not from a list kept by
hand: today's models give the current version's, and each migration step declares what it adds
(``Step.tables``, ``Step.columns`` in ``migrations.py``), so an older version's are today's less
what the later steps add.  ``tests/test_schema_check.py`` holds this against the frozen files of
every older version in ``tests/data``.

The checks run on a peewee database or on a plain ``sqlite3`` connection (a restore checks its
private copy of the file), through ``query(sql) -> rows``; each is one small query, so opening
stays quick.  A failure raises ``SchemaRefused`` with the reason in Chinese; the caller adds where
and that nothing was changed.
"""
from __future__ import annotations

from typing import Callable, Sequence

from govoffice_desktop.models.db import Refusal
from govoffice_desktop.models.migrations import CURRENT_VERSION, SHIPPED_STEPS, SchemaVersion
from govoffice_desktop.models.tables import ALL_MODELS, TABLE_LABELS

Query = Callable[[str], Sequence[tuple]]

ADMIN = "管理员"
_SQLITE_COLUMNS = ("SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p "
                   "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'")
_PG_COLUMNS = ("SELECT table_name, column_name FROM information_schema.columns "
               "WHERE table_schema = current_schema()")


class SchemaRefused(RuntimeError, Refusal):
    """The database is not whole for its schema version; the message says what is missing."""


class NoActiveAdministrator(SchemaRefused):
    """The database has users but none of them is an active administrator: nobody could manage it."""


def expected_schema(version: int) -> dict[str, set[str]]:
    """table → columns that a database of schema ``version`` must have."""
    tables = {m._meta.table_name: {f.column_name for f in m._meta.sorted_fields}
              for m in [*ALL_MODELS, SchemaVersion]}
    for step in SHIPPED_STEPS:
        if step.version <= version:
            continue
        for model in step.tables:
            tables.pop(model._meta.table_name, None)
        for table, column, _ddl in step.columns:
            tables.get(table, set()).discard(column)
    return tables


def columns_of(query: Query, postgres: bool = False) -> dict[str, set[str]]:
    """table → its columns, as the database has them (one query)."""
    found: dict[str, set[str]] = {}
    for table, column in query(_PG_COLUMNS if postgres else _SQLITE_COLUMNS):
        found.setdefault(table, set()).add(column)
    return found


def _label(table: str) -> str:
    label = TABLE_LABELS.get(table)
    return f"{table}（{label}）" if label else table


def schema_version(query: Query, have: dict[str, set[str]], newest: int | None = None) -> int:
    """The version recorded in ``schema_version`` (0: no such table), refused unless every row is
    a whole number, the version no newer than ``newest`` (this program's) and the steps run from
    1 without a gap."""
    newest = CURRENT_VERSION if newest is None else newest
    if "schema_version" not in have:
        return 0
    values = [row[0] for row in query("SELECT version FROM schema_version")]
    if not values:
        return 0
    wrong = [v for v in values if not isinstance(v, int) or isinstance(v, bool)]
    if wrong:
        shown = "、".join(repr(v) for v in wrong[:3])
        raise SchemaRefused(f"结构版本记录（schema_version 表）中的版本号不是整数：{shown}")
    version = max(values)
    if version > newest:
        raise SchemaRefused(f"结构版本是 {version}，比本程序支持的 {newest} 新：请升级程序")
    gaps = sorted(set(range(1, version + 1)) - set(values))
    if gaps or min(values) < 1:
        shown = "、".join(str(v) for v in gaps[:5]) or "、".join(str(v) for v in sorted(values)[:5])
        raise SchemaRefused(f"结构版本记录不完整（schema_version 表缺少或多出第 {shown} 步），"
                            f"不是本程序完整升级过的数据库")
    return version


def check_schema(query: Query, postgres: bool = False, newest: int | None = None) -> int:
    """The schema version, after checking it and that every table and column it must have is
    there; 0 for a database without a version (new and empty, or not this program's)."""
    have = columns_of(query, postgres)
    version = schema_version(query, have, newest)
    if version == 0:
        return 0
    missing_tables, missing_columns = [], []
    for table, columns in sorted(expected_schema(version).items()):
        if table not in have:
            missing_tables.append(_label(table))
            continue
        missing_columns += [f"{table}.{c}" for c in sorted(columns - have[table])]
    if missing_tables or missing_columns:
        parts = []
        if missing_tables:
            parts.append(f"缺少表：{'、'.join(missing_tables[:10])}" + ("等" if len(missing_tables) > 10 else ""))
        if missing_columns:
            parts.append(f"缺少列：{'、'.join(missing_columns[:10])}" + ("等" if len(missing_columns) > 10 else ""))
        raise SchemaRefused(f"数据库结构不完整（结构版本 {version}）：{'；'.join(parts)}")
    return version


def check_administrator(query: Query) -> None:
    """A database with users must have an active administrator (one query; none without users)."""
    rows = query(f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN role = '{ADMIN}' AND active THEN 1 ELSE 0 END), 0) "
                 f'FROM "user"')
    users, admins = rows[0]
    if users and not admins:
        raise NoActiveAdministrator(f"这个数据库有 {users} 个用户，但没有一个启用的管理员（用户全部停用，或没有管理员），"
                                    f"谁也不能登录管理它")


def check(query: Query, postgres: bool = False) -> int:
    """``check_schema`` and, where the version has users, ``check_administrator``."""
    version = check_schema(query, postgres)
    if version and "user" in expected_schema(version):
        check_administrator(query)
    return version
