"""Listings: the rows a table view shows, fetched the way Anki's browser does.

A ``Listing`` answers two questions fast: which row ids match a search, in which order
(``ids``), and what the columns of some ids are (``rows``).  A view holds only the ids and
asks for rows a page at a time, so a ledger of 100,000 rows opens and filters at once.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import peewee

from govoffice_desktop.models.db import database

PAGE = 1000  # ids per query


def _among(pk: peewee.Field, ids: list[int]) -> peewee.Expression:
    """``pk IN (ids)``.  On SQLite the ids go as one JSON parameter: peewee spends more building
    a query of a thousand parameters than SQLite spends answering it."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        payload = json.dumps([int(i) for i in ids])
        return peewee.Expression(pk, "IN", peewee.SQL("(SELECT value FROM json_each(?))", [payload]))
    return pk.in_(ids)


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

    def _search_clause(self, text: str):
        clause = None
        for term in text.split():
            pattern = f"%{_like_escape(term)}%"
            any_col = None
            for col in self.columns:
                if not col.searchable:
                    continue
                # The pattern as a bound value, then ESCAPE: portable to every database peewee speaks.
                escaped = peewee.NodeList((peewee.Value(pattern), peewee.SQL("ESCAPE '\\'")))
                cond = peewee.Expression(col.expr, peewee.OP.ILIKE, escaped)
                any_col = cond if any_col is None else (any_col | cond)
            if any_col is not None:
                clause = any_col if clause is None else (clause & any_col)
        return clause

    def ids(self, search: str = "", order: str | None = None, descending: bool | None = None,
            filters: dict[str, Any] | None = None) -> list[int]:
        """The ids of the rows matching ``search`` (every word somewhere) and ``filters``."""
        pk = self.model._meta.primary_key
        query = self._base(pk)
        text = (search or "").strip()
        if text:
            clause = self._search_clause(text)
            if clause is not None:
                query = query.where(clause)
        for key, value in (filters or {}).items():
            if value is None or value == "":
                continue
            expr = self.filters.get(key)
            if expr is None:
                expr = self._by_key[key].expr
            query = query.where(expr == value)
        order = order or self.default_order
        desc = self.default_desc if descending is None else descending
        if order:
            exprs = self._by_key[order].order_exprs
            query = query.order_by(*[e.desc() if desc else e.asc() for e in exprs], pk.desc() if desc else pk.asc())
        else:
            query = query.order_by(pk)
        cursor = database.execute(query)
        return [row[0] for row in cursor]

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
            for row in query:
                values = row[1:]
                if any(converters):
                    values = tuple(conv(v) if conv else v for conv, v in zip(converters, values))
                out[row[0]] = tuple(values)
        return out
