"""Ledger kinds: how a row of each kind becomes a record, what makes it a duplicate, how it is written.

Each kind is a class deriving from ``LedgerKind`` (its contract and its hooks' defaults), with
its ``name`` and the ``permission`` an import of it needs.  It declares a parser per field
(``parsers``: one cell → a value, ``None`` for empty, or ``BadValue``), the fields that must not
be empty (``required``), and the rules between fields of one row (``check``).  ``RowConverter``
applies them column by column, remembering what each distinct cell parsed to (a ledger repeats
its plates, drivers and stations on every row).  Each kind also names its natural key (``key``),
reads the keys already stored (``existing_keys``) and writes valid records (``write``), creating
the sections or vehicles they refer to and linking names to staff files where exactly one person
has that name.  ``write`` runs inside the importer's single transaction.

This module holds what the kinds share (the row converter, text and name readers, linking names,
creating sections and vehicles) and ``LedgerKind``; the kinds themselves live one module per
domain (``kinds_staff``, ``kinds_fleet``, ``kinds_typing``, ``kinds_supervision``), above this
one, and ``kinds.py`` holds the registry ``KINDS`` (name → class: the importer makes an
instance per import).
"""
from __future__ import annotations

import math
import re
from operator import itemgetter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, ClassVar

import peewee as pw

from govoffice_desktop.ledgers.mapping import words
from govoffice_desktop.ledgers.reader import UNCOMPUTED, CellError
from govoffice_desktop.models.fleet import Vehicle
from govoffice_desktop.models.staff import OFF_STAFF, Person, Section
from govoffice_desktop.services import plausibility, validation as v

Note = Callable[[str, str], None]  # (field, message): a problem with this row's cell of that field


@dataclass
class WriteSummary:
    created: dict[str, list[str]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


class LedgerKind:
    """The contract of a ledger kind.  ``KINDS`` holds the classes; the importer makes a fresh
    instance for every import (and every preview), so what ``begin`` and ``check`` remember is
    that import's alone.  It calls, in order: ``begin`` once; per sheet ``begin_sheet`` (and
    ``needs`` when it refuses the sheet), ``use_columns`` with the sheet's mapping and ``check_all``
    on its rows (by default ``check`` per row); ``cross_check`` on the valid rows, ``notices``,
    ``key`` and ``existing_keys`` for the duplicates, ``duplicate_notice``, then ``write`` inside
    the import's single transaction.  The hooks do nothing unless overridden; ``key``,
    ``existing_keys`` and ``write`` each kind must give.  A record is what ``check_all`` makes of a
    row: a dict of field → value, unless the kind says otherwise (refuels: a tuple).

    A refusal a hook raises as ``BadValue`` names its column by ``BadValue.field``."""

    name: ClassVar[str] = ""  # the kind's name on the command line and in fields.json
    permission: ClassVar[str] = ""  # what the user must be allowed (services/auth.py) to import it
    parsers: ClassVar[dict[str, Callable]] = {}  # field → parser of one cell (raises BadValue)
    required: ClassVar[dict[str, str]] = {}  # field → the message when its cell is empty
    dates: ClassVar[dict[str, str]] = {}  # date field → its plausible range (services/plausibility.py)
    model: ClassVar[type | None] = None  # the table written: its text columns' lengths limit the text fields

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.name or not cls.permission:
            raise TypeError(f"{cls.__name__}: a ledger kind needs a name and a permission")

    def begin(self, **options) -> None:
        """Before any row: read what the checks need (closed months, names on file); ``options``
        are the kind's own (the rating tallies' period and direction)."""

    def begin_sheet(self, sheet, table) -> str | None:
        """Before a sheet's rows: why this sheet cannot be imported, or None."""
        return None

    def needs(self) -> list[str]:
        """After ``begin_sheet`` refused a sheet: what the user must choose for it ("period")."""
        return []

    def use_columns(self, columns: dict[str, int]) -> None:
        """Before a sheet's rows: the fields its columns give (field → column index)."""

    def check(self, rec: dict, note: Note) -> dict | None:
        """One row's rules across its fields: the record to import, or None; problems to ``note``."""
        return rec

    def check_all(self, columns: dict[str, list], count: int,
                  found: list[tuple[int, str, str]]) -> list[dict | None]:
        """The rules of ``count`` rows, given as columns (field → each row's value): each row's record
        or None; problems to ``found`` as (row position, field, message).  By default ``check``
        per record; a kind of long ledgers applies its rules column by column instead."""
        names = list(columns)
        records: list[dict | None] = [dict(zip(names, values)) for values in zip(*columns.values())] if names \
            else [{} for _ in range(count)]
        at = 0

        def note(name: str, message: str) -> None:
            found.append((at, name, message))

        for at, record in enumerate(records):
            try:
                records[at] = self.check(record, note)
            except v.BadValue as exc:  # a rule refusing the row names its column (``BadValue.field``)
                note(exc.field or "", str(exc))
                records[at] = None
        return records

    def cross_check(self, records: list[dict]) -> list[tuple[int, str, str]]:
        """Rules across the valid rows: (record index, field, message) for each one refused."""
        return []

    def notices(self) -> list[str]:
        """What the user should know though nothing was refused."""
        return []

    def duplicate_notice(self, duplicates: list[dict]) -> str | None:
        """A word about the rows taken as already on file, or None."""
        return None

    def key(self, rec: dict) -> tuple:
        """The natural key: a record whose key is stored is a duplicate."""
        raise NotImplementedError

    def existing_keys(self) -> set[tuple]:
        raise NotImplementedError

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        """Write ``records`` (inside the importer's transaction); the number written."""
        raise NotImplementedError


ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Control characters (NUL included) and bidirectional overrides: they hide what text says, and
# an export cannot write them.
UNSEEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
ODD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u061c]")


def text(raw) -> str:
    """A cell as text: zero-width spaces removed; control characters and bidi overrides refused."""
    if v.is_empty(raw):
        return ""
    out = v.clean_text(raw)
    if not out.isprintable() and ODD.search(out):  # isprintable: one fast scan, false for all of them
        out = ZERO_WIDTH.sub("", out).strip()
        bad = UNSEEN.search(out)
        if bad:
            what = "双向文字控制符" if "\u200e" <= bad.group() else "控制字符" if bad.group() != "\x00" else "空字符（NUL）"
            raise v.BadValue(f"含有看不见的{what}（U+{ord(bad.group()):04X}），请删除后再导入")
    return out


def _flag(raw) -> bool:
    return bool(v.parse_bool(raw))


def money(raw) -> Decimal | None:
    return v.parse_decimal(raw, 2)


def fen(raw) -> int | None:
    """``money`` as an integer of fen (分): what a ``MoneyField`` stores, without a Decimal per
    cell for a kind of long ledgers (refuels) that carries its money so; the same refusals."""
    value = money(raw)
    return None if value is None else int(value.scaleb(2))


class RowConverter:
    """Turns rows of raw cells into records for one kind and one column mapping.

    ``convert_all(rows)`` returns each row's record, or ``None`` when the row cannot become one,
    and the problems of each row, (field, message) each.
    """

    def __init__(self, kind, columns: dict[str, int], times: dict[str, int] | None = None,
                 joins: dict[str, list[int]] | None = None):
        self.kind = kind
        times, joins = times or {}, joins or {}
        # An unmapped field is what its parser makes of an empty cell ('' for text, None for a date).
        self.blank = {name: parse(None) for name, parse in kind.parsers.items() if name not in columns}
        limits = text_limits(kind)
        parsers = {name: _limited(parse, limits[name]) if name in limits else parse
                   for name, parse in kind.parsers.items()}
        # (field, column index, parser)
        self.plan = [(name, columns[name], parse) for name, parse in parsers.items()
                     if name in columns and name not in times and name not in joins]
        # Fields read from more than one cell: a date and the time beside it, or a name repeated
        # over several columns: (field, [columns], combine, parser).
        self.combined = [(name, [columns[name], times[name]], v.join_date_time, parse)
                         for name, parse in parsers.items() if name in columns and name in times]
        self.combined += [(name, [columns[name], *joins[name]], _join_texts, parse)
                          for name, parse in parsers.items() if name in columns and name in joins]
        self.required = [(name, columns.get(name), message) for name, message in kind.required.items()]
        # Dates outside the bounds of their kind (services/plausibility.py): (field, earliest, latest, kind)
        self.dates = [(name, *plausibility.date_range(which), which)
                      for name, which in kind.dates.items() if name in columns]
        used = [*columns.values(), *times.values(), *(i for extra in joins.values() for i in extra)]
        self.width = max(used, default=-1) + 1  # a row shorter than this is padded
        self.uncomputed: dict[str, int] = {}  # optional field → cells whose formula had no result
        self.unknown: dict[str, set[str]] = {}  # word table → words it does not know

    def convert_all(self, rows: list[list], cells_of: dict[int, list] | None = None
                    ) -> tuple[list[dict | None], dict[int, list[tuple[str, str]]]]:
        """Each row of cells to its record (None when the row cannot become one), and the problems
        of each row that has any, by the row's position: [(field, message)] in the order found
        (the cells' fields in turn, the fields read from several cells, dates, required fields,
        then the kind's ``check``).

        Column by column: each distinct cell of a column is parsed once (a ledger repeats its
        plates, drivers and stations on every row), and each rule across the column looks at the
        rows it concerns; only the kind's ``check`` sees each record.  ``cells_of``: columns of
        ``rows`` already taken apart (column index → each row's cell), used as they are."""
        width, n = self.width, len(rows)
        cells_of = cells_of or {}  # column index → its cells, taken apart already (``table.data_block``)
        if rows and min(map(len, rows)) < width:
            rows = [r if len(r) >= width else [*r, *[None] * (width - len(r))] for r in rows]
            cells_of = {}
        found: list[tuple[int, str, str]] = []  # (row position, field, message)
        columns: dict[str, list] = {name: [value] * n for name, value in self.blank.items()}
        raw_of: dict[str, list] = {}  # field → its column's cells as read
        for name, index, parse in self.plan:
            cells = cells_of.get(index)
            raw_of[name] = cells = list(map(itemgetter(index), rows)) if cells is None else cells
            columns[name] = self._parse_column(name, parse, cells, found)
        for name, indexes, combine, parse in self.combined:
            out = columns[name] = []
            for i, cells in enumerate(zip(*([r[j] for r in rows] for j in indexes))):
                error = next((c for c in cells if c.__class__ is CellError), None)
                try:
                    if error is not None:
                        raise v.BadValue(error.message)
                    out.append(parse(combine(*cells)))
                except v.BadValue as exc:
                    found.append((i, name, str(exc)))
                    out.append(None)
        for name, earliest, latest, which in self.dates:
            column = columns[name]
            for i in _outside(column, earliest, latest):
                found.append((i, name, plausibility.date_problem(which, column[i])))
                column[i] = None
        for name, index, message in self.required:
            column = columns.get(name, [None] * n)
            if None not in column and "" not in column:
                continue  # every row gives it (one look in C)
            cells = raw_of.get(name)
            for i, value in enumerate(column):
                if (value is None or value == "") and (index is None or v.is_empty(
                        cells[i] if cells is not None else rows[i][index])):
                    found.append((i, name, message))
        records = self.kind.check_all(columns, n, found)
        problems: dict[int, list[tuple[str, str]]] = {}
        for i, name, message in sorted(found, key=lambda p: p[0]):  # stable: each row's in the order found
            problems.setdefault(i, []).append((name, message))
        return records, problems

    def _parse_column(self, name: str, parse, cells: list, found: list) -> list:
        """One field's column parsed, each distinct cell once; problems go to ``found``."""
        try:
            unique = len(set(cells[:SAMPLE])) > SAMPLE * 9 // 10  # hardly a cell twice (times, amounts, card numbers)
        except TypeError:
            unique = False
        if unique:
            fast = parse_column(parse, cells)
            if fast is not None:
                return fast  # all of a plain kind: parsed in one pass, without looking for repeats
        try:
            keys = cells
            distinct = dict.fromkeys(cells)  # key → the cell (None: the key is the cell)
            if bool in set(map(type, distinct)):  # True == 1: a bool never shares a key with a number
                keys = [(c.__class__ is bool, c) for c in cells]
                distinct = {key: key[1] for key in keys}
        except TypeError:  # a cell no dict can hold (never from a workbook): each cell on its own
            keys = range(len(cells))
            distinct = dict(enumerate(cells))
        raws = list(distinct) if keys is cells else list(distinct.values())
        fast = parse_column(parse, raws)
        if fast is not None:  # every distinct cell of a plain kind: parsed in one pass
            if keys is cells and len(fast) == len(cells):
                return fast  # no cell twice: the distinct cells are the column
            return list(map(dict(zip(distinct, fast)).__getitem__, keys))
        if keys is cells:
            distinct = dict(zip(raws, raws))
        parsed, refused = {}, {}  # key → value; key → message (None: a formula without a result, counted)
        optional = name not in self.kind.required
        for key, raw in distinct.items():
            if raw.__class__ is CellError:
                refused[key] = None if raw.code == UNCOMPUTED and optional else raw.message
                parsed[key] = None
                continue
            try:
                parsed[key] = parse(raw)
            except v.BadValue as exc:
                if isinstance(exc, UnknownWord):
                    self.unknown.setdefault(exc.table, set()).add(exc.word)
                refused[key] = str(exc)
                parsed[key] = None
        values = list(map(parsed.__getitem__, keys))
        if refused:
            for i, key in enumerate(keys):
                if key in refused:
                    message = refused[key]
                    if message is None:  # an optional field: a notice
                        self.uncomputed[name] = self.uncomputed.get(name, 0) + 1
                    else:
                        found.append((i, name, message))
        return values


def _outside(column: list, earliest: date, latest: date) -> list[int]:
    """The positions of the dates (or datetimes) in ``column`` outside earliest..latest."""
    present = [value for value in column if value is not None]
    if not present:
        return []
    low, high = earliest, latest + timedelta(days=1)
    if present[0].__class__ is datetime:
        low, high = datetime.combine(low, time()), datetime.combine(high, time())
    try:
        if low <= min(present) and max(present) < high:
            return []  # all of one class and all within: one look at the smallest and the largest
    except TypeError:  # dates and datetimes mixed, or not dates at all: one by one
        pass
    out = []
    for i, value in enumerate(column):
        if value is not None and isinstance(value, date):
            day = value.date() if value.__class__ is datetime else value
            if not earliest <= day <= latest:
                out.append(i)
    return out


def text_limits(kind: LedgerKind) -> dict[str, int]:
    """Field → the most characters the form (the model's column) takes, for the kind's text fields."""
    model = kind.model
    if model is None:
        return {}
    out = {}
    for name in kind.parsers:
        column = model._meta.fields.get(name)
        if column is None or isinstance(column, pw.ForeignKeyField):  # a name linked to a file: its text
            column = model._meta.fields.get(f"{name}_name")
        if name != "id_number" and isinstance(column, pw.CharField) and column.max_length:
            out[name] = column.max_length
    return out


def _limited(parse, limit: int):
    def read(raw):
        value = parse(raw)
        if value.__class__ is str and len(value) > limit:
            raise v.BadValue(f"有 {len(value)} 个字，超过 {limit} 个字的上限")
        return value
    read.parser, read.limit = parse, limit  # for the column's fast path (``parse_column``)
    return read


# ---------------------------------------------------------------- a column at once
# A parser's fast path over a list of cells: the same values the parser gives each cell, or None
# when the cells are not all of the plain kinds it takes (then each distinct cell is parsed).
COLUMN_PARSERS: dict[Callable, Callable[[list], list | None]] = {}
SAMPLE = 1000  # the first cells of a column looked at to tell whether its cells repeat
_NONE = type(None)


def parse_column(parse, cells: list) -> list | None:
    """``parse`` of each of ``cells`` by its fast path, or None when it has none for these cells."""
    limit = getattr(parse, "limit", None)
    fast = COLUMN_PARSERS.get(getattr(parse, "parser", parse))
    values = fast(cells) if fast is not None else None
    if values is not None and limit is not None and values and max(map(len, values)) > limit:
        return None  # a text too long: each one parsed, and refused
    return values


def _datetimes(cells: list) -> list | None:
    """``v.parse_datetime`` of cells that are datetimes, dates (midnight) or empty."""
    kinds = set(map(type, cells))
    if not kinds <= {datetime, date, _NONE}:
        return None
    if date not in kinds:
        return list(cells)
    return [datetime(c.year, c.month, c.day) if c.__class__ is date else c for c in cells]


def _present(cells: list, kinds: set) -> list | None:
    """The cells that are not None, when every cell is None or of ``kinds``."""
    if not set(map(type, cells)) <= kinds | {_NONE}:
        return None
    return [c for c in cells if c is not None] if None in cells else cells


def _ints(cells: list) -> list | None:
    """``v.parse_int`` of whole numbers (int, or float without a fraction) below ``v.TOO_LARGE``."""
    present = _present(cells, {float})
    if present is None or not all(map(float.is_integer, present)) or \
            (present and not -v.TOO_LARGE < min(present) <= max(present) < v.TOO_LARGE):
        return None
    return [None if c is None else int(c) for c in cells]


def _money(cells: list) -> list | None:
    """``money`` of number cells (float): each to the cent, as ``v.parse_decimal`` makes them."""
    present = _present(cells, {float})
    if present is None or not all(map(math.isfinite, present)) or \
            (present and not -v.TOO_LARGE < min(present) <= max(present) < v.TOO_LARGE):
        return None
    cent = Decimal("0.01")
    return [None if c is None else Decimal(repr(c)).quantize(cent, ROUND_HALF_UP) for c in cells]


def _fen(cells: list) -> list | None:
    """``fen`` of number cells (float), the same integers without a Decimal per cell.  For a cell c
    with n = round(c × 100) and n / 100 == c, c is the double nearest to n/100, a number of at most
    15 digits (|c| < 10¹²), and no other number of at most 15 digits gives that double: c's shortest
    text, which ``money`` reads, is n/100, to the fen exactly, so c is n fen.  Any other cell (more
    decimals than two) goes through ``fen``.  tests/test_ledger_fen.py holds the two to each other."""
    present = _present(cells, {float})
    if present is None or not all(map(math.isfinite, present)) or \
            (present and not -v.TOO_LARGE < min(present) <= max(present) < v.TOO_LARGE):
        return None
    out = [round(c * 100) for c in present]
    if [n / 100 for n in out] != present:  # a cell of more decimals than two: that one through ``fen``
        for i, (n, c) in enumerate(zip(out, present)):
            if n / 100 != c:
                out[i] = fen(c)
    if present is not cells:  # the empty cells put back
        values = iter(out)
        return [None if c is None else next(values) for c in cells]
    return out


def _texts(cells: list) -> list | None:
    """``text`` of text cells: trimmed; those short or with spaces inside (which may be a dash or
    slash for 'nothing here') and any column with a character that is not printable by ``text``."""
    if set(map(type, cells)) != {str}:
        return None
    out = [c.replace("\u00a0", " ").strip() for c in cells]
    if not all(map(str.isprintable, out)):
        return None
    for i, value in enumerate(out):
        if len(value) <= 3 or " " in value:
            out[i] = text(cells[i])
    return out


COLUMN_PARSERS.update({v.parse_datetime: _datetimes, v.parse_int: _ints, money: _money, fen: _fen,
                       text: _texts})


def _join_texts(*cells):
    """A name written over several columns of the same header: the cells joined by a space."""
    parts = [text(c) for c in cells]
    joined = " ".join(p for p in parts if p)
    return joined or None


def _name(raw) -> str:
    return text(raw).replace(" ", "").replace("\u3000", "")


class UnknownWord(v.BadValue):
    """A word no table knows: the preview lets the user map it once (remembered)."""

    def __init__(self, message: str, table: str, word: str):
        super().__init__(message)
        self.table, self.word = table, word


# The words the user mapped in the preview, per table (loaded from the settings by the importer).
USER_WORDS: dict[str, dict[str, str]] = {}


def _word_table(table: str, label: str, default=None):
    """A parser mapping the office's words for a value through a table in the fields file, and
    through the words the user mapped before (``USER_WORDS``)."""
    known = words(table)
    values = list(dict.fromkeys(known.values()))
    accepted = "；".join(f"{value}（{'、'.join(w for w, to in known.items() if to == value and w != value)}）"
                        for value in values)

    def parse(raw):
        word = text(raw).replace(" ", "").replace("\u3000", "")
        if not word:
            return default
        if word not in known:
            mapped = USER_WORDS.get(table, {}).get(word)
            if mapped in values:
                return mapped
            raise UnknownWord(f"{label}“{word}”不认识，可用的词：{accepted}", table, word)
        return known[word]
    parse.values = values
    return parse


_status = _word_table("staff.status", "状态", "在岗")
def _count(raw) -> int | None:
    number = v.parse_int(raw)
    if number is not None and number < 0:
        raise v.BadValue("不能为负数")
    return number


ROLE_WORDS = {"is_typist": "打字员", "is_driver": "驾驶员"}


def _link_people(records: list[dict], summary: WriteSummary, key: str, role) -> None:
    """Link each record's ``{key}_name`` to the one person of that name in the role (``people_for``)."""
    people = people_for([rec[f"{key}_name"] for rec in records], summary, role)
    for rec in records:
        rec[key] = people[rec[f"{key}_name"]]


def people_for(names, summary: WriteSummary, role) -> dict[str, int | None]:
    """Each of ``names`` → the id of the one person of that name in the role (typists, drivers), or
    None.  A name with one staff file marked neither typist nor driver (``role`` one of those
    fields) is put in the role, listed and said; one of the other role is not linked; the names that
    match no staff file, or several, are listed as unmatched and kept as written (the reports count
    them under the name, marked 未建档)."""
    people: dict[str, list[int]] = {}
    for pid, name in Person.select(Person.id, Person.name).where(role).tuples():
        people.setdefault(name, []).append(pid)
    distinct = set(names)
    missing = {name for name in distinct if name} - set(people)
    if missing and isinstance(role, pw.Field) and role.name in ROLE_WORDS:
        others: dict[str, list[int]] = {}
        for pid, name in (Person.select(Person.id, Person.name)
                          .where(Person.name.in_(sorted(missing)), Person.status.not_in(OFF_STAFF),
                                 ~Person.is_typist, ~Person.is_driver).tuples()):
            others.setdefault(name, []).append(pid)
        marked = sorted(name for name, ids in others.items() if len(ids) == 1)
        if marked:
            Person.update_where({role: True}, Person.id.in_([others[n][0] for n in marked]))
            word = ROLE_WORDS[role.name]
            summary.created.setdefault(f"标为{word}的人员", []).extend(marked)
            summary.notices.append(f"{'、'.join(marked)} 原来没有标为{word}，已按台账标为{word}")
            people.update({name: others[name] for name in marked})
    links, unmatched = {}, set()
    for name in distinct:
        ids = people.get(name, [])
        links[name] = ids[0] if len(ids) == 1 else None
        if name and len(ids) != 1:
            unmatched.add(name)
    summary.unmatched.extend(sorted(unmatched - set(summary.unmatched)))
    return links


def sections_for(names, summary: WriteSummary) -> dict[str, int]:
    """Section name → id for ``names``, creating the sections the database does not have yet
    (listed under 科室 in what the import created)."""
    sections = dict(Section.select(Section.name, Section.id).tuples())
    for name in sorted({n for n in names if n} - set(sections)):
        sections[name] = Section.create(name=name).id
        summary.created.setdefault("科室", []).append(name)
    return sections


def _vehicles_for(records: list[dict], summary: WriteSummary) -> dict[str, int]:
    return vehicles_for([r["plate"] for r in records], summary)


def vehicles_for(plates, summary: WriteSummary) -> dict[str, int]:
    """Plate → vehicle id for ``plates``, creating the vehicles not on file (listed under 车辆)."""
    vehicles = dict(Vehicle.select(Vehicle.plate, Vehicle.id).tuples())
    for plate in sorted(set(plates) - set(vehicles)):
        vehicles[plate] = Vehicle.create(plate=plate).id
        summary.created.setdefault("车辆", []).append(plate)
    return vehicles


def _word(table: dict, label: str):
    def parse(raw):
        word = text(raw).replace(" ", "")
        if not word:
            return None
        if word not in table:
            raise v.BadValue(f"{label}应为{'、'.join(dict.fromkeys(table.values()))}之一")
        return table[word]
    return parse
