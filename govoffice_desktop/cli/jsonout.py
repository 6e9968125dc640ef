"""The one JSON writer of the command line: every ``--json`` output (reports, imports, refusals)
goes through ``dumps``.

Figures are JSON numbers for scripts: the services hand money and scores over as exact decimal
text ("90.67", "1000.00") or as ``Decimal``; here they become numbers, rounded to two decimals
(money never has more), written from their decimal text so that no binary artefact such as
90.66999 appears.  Text that only looks like a number (a cell as it was read, a name, a plate,
a file) stays text: the keys in ``TEXT_KEYS`` and everything under them are never converted.
A key a report adds later is converted by the same rule without being listed anywhere.
"""
from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# A plain decimal figure: no leading zeros (an identifier such as 007 stays text), no exponent,
# at most 15 digits before the point (an ID number or a long serial stays text).
NUMBER = re.compile(r"-?(?:0|[1-9]\d{0,14})(?:\.\d+)?")
TEXT_KEYS = frozenset({
    "value", "name", "full_name", "user", "title", "plate", "section", "person", "responsible", "chief",
    "remark", "summary", "note", "notice", "notices", "reason", "message", "error", "file", "db", "source",
    "safety_copy", "search", "sheet", "column", "phone", "id_number", "post", "status", "kind", "code", "unit",
    "created", "unmatched", "unmapped_columns", "bottom_three", "without_base", "open_domains", "group",
    "target_name", "period", "month", "direction", "serial", "document",
    "archive_no", "source_ref", "reader", "handler", "number", "prefix",
})


def number(value: Decimal) -> int | float:
    """A decimal as a JSON number: an integer stays one, a fraction is rounded to two places."""
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
        return int(value)
    if value.as_tuple().exponent < -2:
        value = value.quantize(CENT, ROUND_HALF_UP)
    return float(str(value))  # the shortest float that reads back as this decimal: 90.67, not 90.66999…


def plain(value, text: bool = False):
    """``value`` with every figure a number (``text``: inside a key whose values are text)."""
    if isinstance(value, dict):
        return {k: plain(v, text or k in TEXT_KEYS) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, text) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return number(value) if value.is_finite() else None
    if isinstance(value, float):
        return number(Decimal(repr(value))) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        return number(Decimal(value)) if not text and NUMBER.fullmatch(value) else value
    return str(value)  # a date as 2026-03-05, a path as written: as before, text


def dumps(payload: dict, indent: int | None = 2) -> str:
    return json.dumps(plain(payload), ensure_ascii=False, indent=indent)
