"""What was issued stays as issued: the figures of a document as issued (a 考核督查专报 编发 第N期)
or of a month as closed (the typing pool's assessment, the fuel report) are stored with it as
JSON and read back exactly as they were — Decimal, date and datetime included, whatever shape
the part that made them has — so that a reprint lays out the same pages."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

_TAGS = {"$decimal": Decimal, "$datetime": datetime.fromisoformat, "$date": date.fromisoformat}


def _tagged(value):
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"cannot keep {type(value).__name__} as issued")


def _untagged(obj: dict):
    if len(obj) == 1:
        (key, text), = obj.items()
        if key in _TAGS and isinstance(text, str):
            return _TAGS[key](text)
    return obj


def dumps(figures) -> str:
    """The figures as stored (tuples come back as lists)."""
    return json.dumps(figures, default=_tagged, ensure_ascii=False)


def loads(text: str):
    return json.loads(text, object_hook=_untagged)
