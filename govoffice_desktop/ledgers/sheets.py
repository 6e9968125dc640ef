"""Choosing the sheets of a workbook to import as a kind of ledger.

Every visible sheet is scored for the kind asked (how many of its fields have a column) and for
every other kind.  The best sheet that has every required column is taken, one with data rows
before an empty one; a sheet whose columns fit another kind clearly better is never taken as this
kind, and a sheet recognised as something that is no ledger (a fuel-card register, an annual
assessment list, a description of fields: ``_shapes`` in the fields file) says so.  When no sheet
is taken, each sheet tried carries the reason it was not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from govoffice_desktop.ledgers.kinds import KINDS
from govoffice_desktop.ledgers.mapping import (FieldSpec, Mapping, _fields_data, field_specs, guess_mapping, kind_label,
                                               required_any)
from govoffice_desktop.ledgers.reader import Sheet
from govoffice_desktop.ledgers.table import Table, find_table, normalise_header, skip_reason

CLEARLY_BETTER = 2  # fields more that another kind must fit for a sheet to be taken as that kind
ROWS_LOOKED_AT = 200  # rows under the header looked at to tell a sheet with records from an empty one


@dataclass
class Candidate:
    sheet: Sheet
    table: Table | None
    mapping: Mapping | None
    missing: list[FieldSpec] = field(default_factory=list)
    fit: int = 0  # fields of the kind that found a column
    has_rows: bool = False
    reason: str = ""  # why the sheet is not taken; '' when it can be

    @property
    def usable(self) -> bool:
        return not self.reason


def _known(kind: str) -> list[str]:
    return [syn for spec in field_specs(kind) for syn in spec.synonyms]


def _fit(sheet: Sheet, kind: str, given: set[str] = frozenset()) -> tuple[Table | None, Mapping | None,
                                                                           list[FieldSpec]]:
    specs = field_specs(kind)
    table = find_table(sheet, _known(kind)) if sheet.rows else None
    if table is None:
        return None, None, list(specs)
    mapping = guess_mapping(table, specs)
    return table, mapping, [s for s in mapping.missing(specs, required_any(kind)) if s.name not in given]


def _shape(table: Table) -> str | None:
    """What a sheet is when it is a known kind of table that holds no records to import."""
    names = {normalise_header(c) for c in table.leaves if c}
    for shape in _fields_data().get("_shapes", []):
        groups = [{normalise_header(n) for n in group} for group in shape["all"]]
        unless = {normalise_header(n) for n in shape.get("unless", [])}
        if all(names & group for group in groups) and not names & unless:
            return shape["label"]
    return None


def _is_form(table: Table, kind: str) -> bool:
    """A label-and-value form (姓名 | 张三 | 性别 | 男, a row of labels and values each): most rows
    of the sheet's top hold two or more of the kind's column names themselves (a ledger's header
    does, its records do not)."""
    known = set(_known(kind))
    rows = [r for r in table.sheet.rows[:table.data_first + 30] if skip_reason(list(r)) is None]
    labelled = sum(1 for r in rows if sum(1 for c in r if c.__class__ is str and normalise_header(c) in known) >= 2)
    return labelled >= 3 and labelled * 2 >= len(rows)


def _has_rows(table: Table) -> bool:
    rows = table.sheet.rows[table.data_first:table.data_first + ROWS_LOOKED_AT]
    return any(skip_reason(list(r)) is None for r in rows)


def _better_kind(sheet: Sheet, kind: str, fit: int) -> str | None:
    """Another kind whose required columns this sheet has and whose fields it fits clearly better."""
    best, best_fit = None, fit + CLEARLY_BETTER - 1
    for other in KINDS:
        if other == kind:
            continue
        _table, mapping, missing = _fit(sheet, other)
        if mapping is not None and not missing and len(mapping.columns) > best_fit:
            best, best_fit = other, len(mapping.columns)
    return best


def assess(sheet: Sheet, kind: str, given: set[str] = frozenset()) -> Candidate:
    """How ``sheet`` fits ``kind``, and the reason it cannot be imported as one (or '').  ``given``:
    fields the user gave for every row (the vehicle of a one-car log)."""
    table, mapping, missing = _fit(sheet, kind, given)
    candidate = Candidate(sheet, table, mapping, missing, len(mapping.columns) if mapping else 0)
    if table is None:
        candidate.reason = "空表" if not sheet.rows else "没有找到表头（没有可识别的列名）"
        return candidate
    candidate.has_rows = _has_rows(table)
    if candidate.has_rows and _is_form(table, kind):
        candidate.reason = ("这是一张登记表（项目名和内容并排，如“姓名｜张三｜性别｜男”），"
                            f"不是一行一条记录的{kind_label(kind)}：请整理成每行一条记录、第一行为列名的表再导入")
        return candidate
    other = _better_kind(sheet, kind, candidate.fit)
    if other is not None:
        candidate.reason = f"这张表像{_kind_word(other)}，请按 {other} 导入"
        return candidate
    if missing:
        shape = _shape(table)
        names = "、".join(s.label for s in missing)
        columns = "、".join(c for c in table.columns if c)
        if shape:
            candidate.reason = f"这是{shape}，不是{kind_label(kind)}：找不到必需的列：{names}（表头：{columns}）"
        else:
            candidate.reason = f"找不到必需的列：{names}（表头：{columns}）"
    return candidate


def _kind_word(kind: str) -> str:
    """加油台账 → 加油记录: how a refusal names the kind a sheet looks like."""
    return {"refuels": "加油记录", "trips": "出车记录", "incidents": "事故违章记录", "staff": "人员花名册",
            "typing": "文印登记", "speed-tests": "打字测速记录", "rating-tallies": "评议票数",
            "checks": "督查记录", "tasks": "督办事项"}.get(kind, kind_label(kind))


def choose_sheets(sheets: list[Sheet], kind: str, want: str | None, all_sheets: bool,
                  given: set[str] = frozenset()) -> tuple[list[Candidate], list[Candidate]]:
    """(the sheets to import, the other sheets tried).  Taken: the one named (even when it cannot
    be: its reason is the refusal), every usable visible sheet (``all_sheets``), or the best one.
    Nothing is taken when no sheet can be: each sheet tried then carries its reason."""
    tried = [assess(s, kind, given) for s in sheets if want is None or s.name == want]
    if want is None:
        tried = [c for c in tried if c.sheet.visible]
    if want is not None:
        return tried, []
    usable = [c for c in tried if c.usable]
    if not usable:
        return [], tried
    taken = usable if all_sheets else [max(usable, key=lambda c: (c.has_rows, c.fit))]
    return taken, [c for c in tried if all(c is not t for t in taken)]
