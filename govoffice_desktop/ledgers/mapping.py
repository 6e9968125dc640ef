"""Column mapping: which column of a ledger holds which field, guessed from a synonym table.

The synonyms live in ``ledger_fields.json`` (one entry per kind and field; the package's
``govoffice_desktop/data``), so the office can teach the program a new column name without touching code.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from govoffice_desktop import data as package_data
from govoffice_desktop.ledgers.table import Table, is_placeholder, normalise_header
from govoffice_desktop.models.settings import Setting

FIELDS_FILE = "ledger_fields.json"  # in govoffice_desktop.data, read through importlib.resources


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    required: bool
    synonyms: tuple[str, ...]
    # Names that mean this field only right after another field's column: {field: (names…)}
    # (a 完成日期 right after 交办日期 is the requested completion: the deadline).
    beside: tuple[tuple[str, tuple[str, ...]], ...] = ()
    whole: frozenset[str] = frozenset()  # synonyms that name the field only as a whole name ("=类型")


@lru_cache(maxsize=None)
def _fields_data(path: Path | None = None) -> dict:
    """The fields file: the package's own, or ``path`` (a file of the same shape, for a test)."""
    return json.loads(path.read_text(encoding="utf-8") if path is not None else package_data.read_text(FIELDS_FILE))


@lru_cache(maxsize=None)
def field_specs(kind: str, path: Path | None = None) -> tuple[FieldSpec, ...]:
    data = _fields_data(path)
    if kind not in data or kind.startswith("_"):
        raise KeyError(kind)
    return tuple(FieldSpec(name, spec["label"], bool(spec.get("required")),
                           tuple(normalise_header(s.lstrip("=")) for s in spec["synonyms"]),
                           tuple((other, tuple(normalise_header(n) for n in names))
                                 for other, names in spec.get("beside", {}).items()),
                           frozenset(normalise_header(s[1:]) for s in spec["synonyms"] if s.startswith("=")))
                 for name, spec in data[kind]["fields"].items())


def kind_label(kind: str, path: Path | None = None) -> str:
    return _fields_data(path)[kind]["label"]


def required_any(kind: str, path: Path | None = None) -> list[list[str]]:
    """Groups of fields of which one must have a column (评议票数: 科室 or 姓名)."""
    return _fields_data(path)[kind].get("required_any", [])


def words(table: str, path: Path | None = None) -> dict[str, str]:
    """A table of the office's words for a value (``_words`` in the fields file): word → value."""
    out = {}
    for value, synonyms in _fields_data(path)["_words"][table].items():
        if value.startswith("_"):
            continue
        out[value] = value
        for word in synonyms:
            out[word] = value
    return out


@dataclass
class Mapping:
    columns: dict[str, int] = field(default_factory=dict)  # field name → column index
    unmatched: list[str] = field(default_factory=list)  # column names no field took
    times: dict[str, int] = field(default_factory=dict)  # field → the time column beside its date column
    joins: dict[str, list[int]] = field(default_factory=dict)  # field → further columns of the same name, joined

    def missing(self, specs, any_of: list[list[str]] = ()) -> list[FieldSpec]:
        out = [s for s in specs if s.required and s.name not in self.columns]
        by_name = {s.name: s for s in specs}
        for group in any_of:
            if not any(name in self.columns for name in group):
                out.append(FieldSpec("|".join(group), "或".join(by_name[n].label for n in group), True, ()))
        return out


def _strip_unit(text: str) -> str:
    """加油量(升) → 加油量: a unit in brackets does not change what a column is."""
    cut = text.find("(")
    return text[:cut] if cut > 0 else text


IGNORED = ("序号", "编号", "NO", "No", "no")


def filled_columns(table: Table, limit: int = 5000) -> set[int]:
    """The columns with a value in some row under the header (looked at until every column has one)."""
    width = len(table.columns)
    filled: set[int] = set()
    for values in table.sheet.rows[table.data_first:table.data_first + limit]:
        for c in range(min(width, len(values))):
            v = values[c]
            if c not in filled and v is not None and v != "" and not is_placeholder(v) and \
                    not (v.__class__ is str and not v.strip()):
                filled.add(c)
        if len(filled) == width:
            break
    return filled


def guess_mapping(table: Table, specs: tuple[FieldSpec, ...], filled: set[int] | None = None) -> Mapping:
    """Each field takes the best column, in ranks: its exact name or a synonym (the full name, then
    the lowest header cell), a 完成日期 right after 交办日期 where the field says so, one of a
    repeated name (the one among the columns already taken; adjacent repeats are one field written
    over several cells, joined), then the name without its unit, then a column whose name contains
    a synonym and no other field's (学历学位状态 is neither 学历 nor 状态).  A column with a value
    in some row always wins over one empty in every row; a date column takes the time column
    right after it (交办日期 + 交办时间)."""
    if filled is None:
        filled = filled_columns(table)
    taken: set[int] = set()
    mapping = Mapping()
    names = [(normalise_header(full), normalise_header(leaf)) for full, leaf in zip(table.columns, table.leaves)]
    counts: dict[str, int] = {}
    for _full, leaf in names:
        counts[leaf] = counts.get(leaf, 0) + 1
    stripped = {spec.name: {_strip_unit(s) for s in spec.synonyms} for spec in specs}

    def exact(spec: FieldSpec, index: int) -> bool:
        full, leaf = names[index]
        return full in spec.synonyms or leaf in spec.synonyms

    def fits(index: int) -> set[str]:
        return {s.name for s in specs if exact(s, index) or any(names[index][1] in b for _o, b in s.beside)}

    def substring(spec: FieldSpec, index: int) -> int:
        leaf = names[index][1]
        mine = max((len(s) for s in spec.synonyms if len(s) >= 2 and s in leaf and s not in spec.whole), default=0)
        if not mine:
            return 0
        for other in specs:  # another field's word in the name too: it is not clearly this field
            if other is not spec and any(
                    len(s) >= 2 and s in leaf and not any(s in m for m in spec.synonyms if m in leaf)
                    for s in other.synonyms):
                return 0
        return mine

    # A time column right after its date column (完成日期, 完成时间) whose names fit the same fields
    # is the date's time, whatever field takes the date; one that names a field of its own (出车日期,
    # 出车时间) stays a column of its own.
    reserved = set()
    for i in range(1, len(names)):
        date_name, time_name = names[i - 1][1], names[i][1]
        if date_name.endswith("日期") and time_name in (date_name[:-2] + "时间", date_name[:-2] + "时刻"):
            if fits(i) <= fits(i - 1):
                reserved.add(i)
    taken |= reserved

    def take(spec: FieldSpec, index: int) -> None:
        mapping.columns[spec.name] = index
        taken.add(index)

    def free(allowed: set[int]):
        return [i for i, (_f, leaf) in enumerate(names) if i not in taken and leaf and i in allowed]

    def near_taken(index: int) -> bool:
        used = {*mapping.columns.values(), *mapping.times.values(), *(i for j in mapping.joins.values() for i in j)}
        return index - 1 in used or index + 1 in used

    for allowed in (filled, set(range(len(names)))):
        # 1. exact names, a name that appears once
        for spec in specs:
            if spec.name not in mapping.columns:
                hit = next((i for i in free(allowed) if counts[names[i][1]] == 1 and exact(spec, i)), None)
                if hit is not None:
                    take(spec, hit)
        _pair_times(mapping, names, taken)
        # 2. names that mean this field right after another field's column (or its time column)
        for spec in specs:
            for other, beside in spec.beside:
                if spec.name in mapping.columns or other not in mapping.columns:
                    continue
                after = max([mapping.columns[other], *([mapping.times[other]] if other in mapping.times else [])]) + 1
                if after < len(names) and after not in taken and after in allowed and names[after][1] in beside:
                    take(spec, after)
        _pair_times(mapping, names, taken)
        # 3. a repeated name: the one among the columns taken, or all of them when side by side
        for spec in specs:
            if spec.name in mapping.columns:
                continue
            hits = [i for i in free(allowed) if counts[names[i][1]] > 1 and exact(spec, i)]
            if not hits:
                continue
            same = [i for i in hits if names[i][1] == names[hits[0]][1]]
            if len(same) > 1 and same == list(range(same[0], same[0] + len(same))):
                take(spec, same[0])
                mapping.joins[spec.name] = same[1:]
                taken.update(same[1:])
                continue
            beside_taken = [i for i in hits if near_taken(i)]
            if beside_taken:
                take(spec, beside_taken[0])
        _pair_times(mapping, names, taken)
        # 4. the name without its unit, then a name containing a synonym
        for spec in specs:
            if spec.name not in mapping.columns:
                hit = next((i for i in free(allowed) if counts[names[i][1]] == 1
                            and _strip_unit(names[i][1]) in stripped[spec.name]), None)
                if hit is not None:
                    take(spec, hit)
        for spec in specs:
            if spec.name not in mapping.columns:
                best = max(((i, substring(spec, i)) for i in free(allowed) if counts[names[i][1]] == 1),
                           key=lambda c: c[1], default=(None, 0))
                if best[1]:
                    take(spec, best[0])
        _pair_times(mapping, names, taken)
    taken -= reserved - set(mapping.times.values())  # a time whose date no field took is unused
    mapping.unmatched = [table.columns[i] for i, (full, leaf) in enumerate(names)
                         if i not in taken and leaf and leaf not in IGNORED]
    return mapping


def pair_times(mapping: Mapping, table: Table) -> None:
    """A mapping the user chose: each date column still reads the time column beside it."""
    names = [(normalise_header(full), normalise_header(leaf)) for full, leaf in zip(table.columns, table.leaves)]
    _pair_times(mapping, names, set(mapping.columns.values()))
    mapping.unmatched = [table.columns[i] for i, (_f, leaf) in enumerate(names)
                         if i not in mapping.columns.values() and i not in mapping.times.values()
                         and leaf and leaf not in IGNORED]


def _pair_times(mapping: Mapping, names: list[tuple[str, str]], taken: set[int]) -> None:
    """A date column followed by its time column (交办日期, 交办时间): the field reads both."""
    used = set(mapping.columns.values()) | set(mapping.times.values())
    for name, index in mapping.columns.items():
        leaf = names[index][1]
        nxt = index + 1
        if name in mapping.times or not leaf.endswith("日期") or nxt >= len(names) or nxt in used:
            continue
        if names[nxt][1] in (leaf[:-2] + "时间", leaf[:-2] + "时刻", "时间", "时刻"):
            mapping.times[name] = nxt
            used.add(nxt)
            taken.add(nxt)


# ---------------------------------------------------------------- remembered choices
def signature(columns: list[str]) -> str:
    """A header's fingerprint: the same columns in the same order give the same signature."""
    text = "\x1f".join(normalise_header(c) for c in columns)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _setting_key(kind: str, columns: list[str]) -> str:
    return f"ledger_mapping/{kind}/{signature(columns)}"


def remembered(kind: str, columns: list[str]) -> dict[str, int] | None:
    """The mapping the user chose last time for a ledger of this kind with exactly these columns."""
    row = Setting.get_or_none(Setting.key == _setting_key(kind, columns))
    if row is None:
        return None
    try:
        chosen = json.loads(row.value)
    except ValueError:
        return None
    return {name: int(index) for name, index in chosen.items() if 0 <= int(index) < len(columns)}


def remember(kind: str, columns: list[str], chosen: dict[str, int]) -> None:
    """Keep the user's mapping for the next ledger with the same columns (one audited write)."""
    key = _setting_key(kind, columns)
    value = json.dumps(chosen, ensure_ascii=False, sort_keys=True)
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        Setting.create(key=key, value=value)
    elif row.value != value:
        row.value = value
        row.save()


# ---------------------------------------------------------------- remembered words
def _words_key(table: str) -> str:
    return f"ledger_words/{table}"


def remembered_words(table: str) -> dict[str, str]:
    """The office's own words the user mapped in an import preview: word → value."""
    row = Setting.get_or_none(Setting.key == _words_key(table))
    try:
        return dict(json.loads(row.value)) if row else {}
    except (ValueError, TypeError):
        return {}


def remember_words(table: str, chosen: dict[str, str]) -> None:
    """Keep the user's mapping of words (休假 → 在岗) for every later import (one audited write)."""
    merged = {**remembered_words(table), **chosen}
    value = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    row = Setting.get_or_none(Setting.key == _words_key(table))
    if row is None:
        Setting.create(key=_words_key(table), value=value)
    elif row.value != value:
        row.value = value
        row.save()
