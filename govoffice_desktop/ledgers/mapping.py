"""Column mapping: which column of a ledger holds which field, guessed from a synonym table.

The synonyms live in ``resources/ledger_fields.json`` (one entry per kind and field), so the
office can teach the program a new column name without touching code.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from govoffice_desktop.ledgers.table import Table, normalise_header

FIELDS_FILE = Path(__file__).resolve().parents[2] / "resources" / "ledger_fields.json"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    required: bool
    synonyms: tuple[str, ...]


@lru_cache(maxsize=None)
def field_specs(kind: str, path: Path = FIELDS_FILE) -> tuple[FieldSpec, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if kind not in data or kind.startswith("_"):
        raise KeyError(kind)
    return tuple(FieldSpec(name, spec["label"], bool(spec.get("required")),
                           tuple(normalise_header(s) for s in spec["synonyms"]))
                 for name, spec in data[kind]["fields"].items())


def kind_label(kind: str, path: Path = FIELDS_FILE) -> str:
    return json.loads(path.read_text(encoding="utf-8"))[kind]["label"]


@dataclass
class Mapping:
    columns: dict[str, int] = field(default_factory=dict)  # field name → column index
    unmatched: list[str] = field(default_factory=list)  # column names no field took

    def missing(self, specs) -> list[FieldSpec]:
        return [s for s in specs if s.required and s.name not in self.columns]


def _strip_unit(text: str) -> str:
    """加油量(升) → 加油量: a unit in brackets does not change what a column is."""
    cut = text.find("(")
    return text[:cut] if cut > 0 else text


def guess_mapping(table: Table, specs: tuple[FieldSpec, ...]) -> Mapping:
    """Each field takes the best column: exact name first (full, then the lowest header cell),
    then the name without its unit, then a column whose name contains a synonym (longest wins)."""
    taken: set[int] = set()
    mapping = Mapping()
    names = [(normalise_header(full), normalise_header(leaf)) for full, leaf in zip(table.columns, table.leaves)]

    def candidates(rank: int, spec: FieldSpec):
        for index, (full, leaf) in enumerate(names):
            if index in taken or not leaf:
                continue
            if rank == 0 and (full in spec.synonyms or leaf in spec.synonyms):
                yield index, 100
            elif rank == 1 and _strip_unit(leaf) in {_strip_unit(s) for s in spec.synonyms}:
                yield index, 90
            elif rank == 2:
                hits = [len(s) for s in spec.synonyms if len(s) >= 2 and s in leaf]
                if hits:
                    yield index, max(hits)

    for rank in range(3):
        for spec in specs:
            if spec.name in mapping.columns:
                continue
            best = max(candidates(rank, spec), key=lambda c: c[1], default=None)
            if best is not None:
                mapping.columns[spec.name] = best[0]
                taken.add(best[0])
    mapping.unmatched = [table.columns[i] for i, (full, leaf) in enumerate(names)
                         if i not in taken and leaf and leaf not in ("序号", "编号", "NO", "No")]
    return mapping


# ---------------------------------------------------------------- remembered choices
def signature(columns: list[str]) -> str:
    """A header's fingerprint: the same columns in the same order give the same signature."""
    import hashlib

    text = "\x1f".join(normalise_header(c) for c in columns)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _setting_key(kind: str, columns: list[str]) -> str:
    return f"ledger_mapping/{kind}/{signature(columns)}"


def remembered(kind: str, columns: list[str]) -> dict[str, int] | None:
    """The mapping the user chose last time for a ledger of this kind with exactly these columns."""
    from govoffice_desktop.models.settings import Setting

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
    from govoffice_desktop.models.settings import Setting

    key = _setting_key(kind, columns)
    value = json.dumps(chosen, ensure_ascii=False, sort_keys=True)
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        Setting.create(key=key, value=value)
    elif row.value != value:
        row.value = value
        row.save()
