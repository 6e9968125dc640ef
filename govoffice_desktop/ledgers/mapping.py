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
