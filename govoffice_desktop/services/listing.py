"""Listings: the rows a table view shows, fetched the way Anki's browser does.

A ``Listing`` answers two questions fast: which row ids match a search, in which order
(``ids``), and what the columns of some ids are (``rows``).  A view holds only the ids and
asks for rows a page at a time, so a ledger of 100,000 rows opens and filters at once.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import peewee

from govoffice_desktop.models.base import DateTimeField
from govoffice_desktop.models.db import database
from govoffice_desktop.services.validation import BadValue

PAGE = 1000  # ids per query
# A search is a few words someone typed or pasted: far more than anyone types, far less than what
# makes a query the database refuses (SQLite: a LIKE pattern of at most 50,000 bytes, a parser stack
# and expression depth of about a thousand; PostgreSQL: no NUL in text).
MAX_SEARCH_WORDS = 50
MAX_SEARCH_CHARS = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _among(pk: peewee.Field, ids: list[int]) -> peewee.Expression:
    """``pk IN (ids)``.  On SQLite the ids go as one JSON parameter: peewee spends more building
    a query of a thousand parameters than SQLite spends answering it."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        payload = json.dumps([int(i) for i in ids])
        return peewee.Expression(pk, "IN", peewee.SQL("(SELECT value FROM json_each(?))", [payload]))
    return pk.in_(ids)


_NONE = type(None)


def _read_column(expr, read: Callable, values: tuple) -> Iterable:
    """``read`` (a field's python_value, as peewee's tuples() applies it) over a column of a page.
    The common cases go without a Python call per value: text and whole numbers the database
    already gives as Python has them, stored datetimes (ISO text) and flags."""
    field_type = type(expr) if isinstance(expr, peewee.Field) else None
    if field_type is not None and hasattr(expr, "python_values") and read == expr.python_value:
        return expr.python_values(values)  # the field reads a column at once (money)
    if field_type is None or field_type.python_value is not peewee.Field.python_value:
        return map(read, values)
    kinds = set(map(type, values))
    adapt = field_type.adapt
    if (adapt is peewee.CharField.adapt and kinds <= {str, _NONE}) or \
            (adapt is peewee.IntegerField.adapt and kinds <= {int, _NONE}):
        return values
    if adapt is peewee.BooleanField.adapt and kinds <= {int, bool}:
        return map(bool, values)
    if adapt is DateTimeField.adapt and kinds <= {str}:
        try:
            return list(map(datetime.fromisoformat, values))
        except ValueError:  # a datetime stored some other way: as the field reads it
            pass
    return map(read, values)


@dataclass(frozen=True)
class Column:
    """One column of a listing: a key the UI labels, and the SQL expression behind it."""

    key: str
    label: str  # the column's name in the office's words (tables, exports, the CLI)
    expr: Any  # a peewee field or expression
    searchable: bool = False
    convert: Callable[[Any], Any] | None = None  # raw value → Python value, for expressions
    order: Any = None  # what to sort by, when not ``expr``: an expression or a tuple of them

    @property
    def order_exprs(self) -> tuple:
        if self.order is None:
            return (self.expr,)
        return self.order if isinstance(self.order, tuple) else (self.order,)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_words(text: str | None) -> list[str]:
    """The words of a search (control characters count as spaces); refused, in Chinese, when
    there are more words or characters than a search box is for."""
    text = _CONTROL.sub(" ", str(text or "")).strip()
    words = text.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise BadValue(f"搜索词太多：{len(words)} 个，最多 {MAX_SEARCH_WORDS} 个（每个词都须出现在行中）")
    if len(text) > MAX_SEARCH_CHARS:
        raise BadValue(f"搜索内容太长：{len(text)} 个字符，最多 {MAX_SEARCH_CHARS} 个。请输入要找的几个关键字")
    return words


def _flat(conditions: list, glue: str):
    """``a OR b OR c`` in one pair of brackets: peewee's ``|`` nests a bracket per term, which
    recurses in Python and overflows SQLite's parser stack for a few hundred terms."""
    if len(conditions) == 1:
        return conditions[0]
    return peewee.NodeList(conditions, glue=f" {glue} ", parens=True)


@dataclass
class Listing:
    """A searchable, sortable list of rows of ``model`` with ``columns``.

    ``joins`` adds the joins the columns need to a select; ``where`` restricts the rows
    for good (e.g. typists only); ``default_order`` is a column key, ``default_desc`` its
    direction.
    """

    model: type[peewee.Model]
    columns: Sequence[Column]
    joins: Callable[[peewee.ModelSelect], peewee.ModelSelect] = lambda q: q
    where: Any = None
    default_order: str | None = None
    default_desc: bool = False
    filters: dict[str, Any] = field(default_factory=dict)  # filter key → expression
    # The joins keep every row once (each row has exactly one row of each joined table): ``ids``
    # leaves them out when neither the search, the filters nor the order reads a joined column.
    joins_keep_rows: bool = False

    def __post_init__(self):
        self._by_key = {c.key: c for c in self.columns}

    # -- keys
    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    def column(self, key: str) -> Column:
        return self._by_key[key]

    # -- queries
    def _base(self, *selected) -> peewee.ModelSelect:
        query = self.joins(self.model.select(*selected))
        if self.where is not None:
            query = query.where(self.where)
        return query

    def _search_clause(self, words: list[str]):
        columns = [col for col in self.columns if col.searchable]
        if not columns or not words:
            return None
        each_word = []
        for term in words:
            # The pattern as a bound value, then ESCAPE: portable to every database peewee speaks.
            escaped = peewee.NodeList((peewee.Value(f"%{_like_escape(term)}%"), peewee.SQL("ESCAPE '\\'")))
            each_word.append(_flat([peewee.Expression(col.expr, peewee.OP.ILIKE, escaped) for col in columns], "OR"))
        return _flat(each_word, "AND")

    def ids(self, search: str = "", order: str | None = None, descending: bool | None = None,
            filters: dict[str, Any] | None = None, limit: int | None = None) -> list[int]:
        """The ids of the rows matching ``search`` (every word somewhere) and ``filters``, the first
        ``limit`` of them when given; a search longer than ``search_words`` allows is refused with
        ``BadValue``."""
        query = self._ids_query(search, order, descending, filters)
        if limit is not None:
            query = query.limit(limit)
        cursor = database.execute(query)
        return [row[0] for row in cursor]

    def count_matching(self, search: str = "", filters: dict[str, Any] | None = None) -> int:
        """How many rows ``ids`` would give for ``search`` and ``filters``, without reading them."""
        query = self._ids_query(search, None, None, filters, ordered=False)
        return query.count()

    def _ids_query(self, search: str, order: str | None, descending: bool | None,
                   filters: dict[str, Any] | None, ordered: bool = True) -> peewee.ModelSelect:
        pk = self.model._meta.primary_key
        clause = self._search_clause(search_words(search))
        conditions = [] if clause is None else [clause]
        for key, value in (filters or {}).items():
            if value is None or value == "":
                continue
            expr = self.filters.get(key)
            if expr is None:
                expr = self._by_key[key].expr
            conditions.append(expr == value)
        order = order or self.default_order
        desc = self.default_desc if descending is None else descending
        exprs = self._by_key[order].order_exprs if order and ordered else ()
        own = lambda e: isinstance(e, peewee.Field) and e.model is self.model  # noqa: E731
        if self.joins_keep_rows and clause is None and self.where is None \
                and all(own(c.lhs) for c in conditions) and all(own(e) for e in exprs):
            query = self.model.select(pk)  # the joins add nothing to which ids, in which order
        else:
            query = self._base(pk)
        for condition in conditions:
            query = query.where(condition)
        if not ordered:
            return query
        if order:
            return query.order_by(*[e.desc() if desc else e.asc() for e in exprs], pk.desc() if desc else pk.asc())
        return query.order_by(pk)

    def count(self) -> int:
        return self._base(self.model._meta.primary_key).count()

    def rows(self, ids: Iterable[int]) -> dict[int, tuple]:
        """Column values for ``ids`` (any order), as {id: (value, …)} in column order."""
        ids = list(ids)
        out: dict[int, tuple] = {}
        pk = self.model._meta.primary_key
        exprs = [c.expr for c in self.columns]
        converters = [c.convert for c in self.columns]
        for start in range(0, len(ids), PAGE):
            chunk = ids[start:start + PAGE]
            query = self._base(pk, *exprs).where(_among(pk, chunk)).tuples()
            cursor = database.execute(query)
            fetched = cursor.fetchall()
            if not fetched:
                continue
            # Column by column, not row by row: each field's own conversion (peewee's, as its
            # tuples() would apply) and then the column's, mapped over the whole page at once.
            wrapper = query._get_cursor_wrapper(cursor)
            wrapper.initialize()
            values = list(zip(*fetched))
            for i, (read, expr) in enumerate(zip(wrapper.converters, (pk, *exprs))):
                if read is not None:
                    values[i] = _read_column(expr, read, values[i])
            for i, conv in enumerate(converters, 1):
                if conv:
                    values[i] = map(conv, values[i])
            out.update(zip(values[0], zip(*values[1:])))
        return out
