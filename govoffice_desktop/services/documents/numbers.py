"""The numbers of documents as the office writes them, both ways.

收文编号 收〔2026〕12号 (the year of 收文日期, numbered from 1); 发文字号 宿政办发〔2026〕3号 (发文代字, the
year of 签发, numbered from 1 per 代字 and year).  The parsers take what clerks type and what old
ledgers hold: 〔〕 or [] or ［］ or 【】 or () or （） around the year, with or without 号, and a
bare serial for a 收文 when the year is known."""
from __future__ import annotations

import re

from govoffice_desktop.services.validation import BadValue

INCOMING_MARK = "收"
_OPEN, _CLOSE = "〔[［【(（", "〕]］】)）"
_NUMBER = re.compile(rf"^\s*(?P<prefix>.*?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*[{re.escape(_CLOSE)}]\s*(?:第\s*)?(?P<serial>\d+)\s*号?\s*$")


def incoming_number(year: int, serial: int) -> str:
    return f"{INCOMING_MARK}〔{year}〕{serial}号"


def outgoing_number(prefix: str, year: int | None, serial: int | None) -> str:
    """宿政办发〔2026〕3号; an outgoing document not yet numbered (拟稿) has none: ''."""
    if year is None or serial is None:
        return ""
    return f"{prefix}〔{year}〕{serial}号"


def parse_number(text) -> tuple[str, int, int]:
    """(代字, year, serial) of a number as written: 宿政办发〔2026〕3号, 宿政办发[2026]3号, 收（2026）12号."""
    match = _NUMBER.match(str(text or "").replace("\u3000", " "))
    if match is None or int(match["serial"]) < 1:
        raise BadValue(f"“{text}”不是文号：应写作“发文代字〔年份〕序号”加“号”，例如 宿政办发〔2026〕3号")
    return match["prefix"].strip(), int(match["year"]), int(match["serial"])


def parse_incoming_number(text, year: int | None = None) -> tuple[int, int]:
    """(year, serial) of a 收文编号: 收〔2026〕12号 (any bracket), or a bare 12 / 第12号 when ``year`` is given."""
    value = str(text or "").strip()
    bare = re.fullmatch(r"(?:第\s*)?(\d+)\s*号?", value)
    if bare and year is not None and int(bare[1]) >= 1:
        return year, int(bare[1])
    try:
        prefix, got_year, serial = parse_number(value)
    except BadValue:
        raise BadValue(f"“{value}”不是收文编号：应写作“收〔年份〕序号”加“号”，例如 收〔2026〕12号") from None
    if prefix not in ("", INCOMING_MARK, "收文"):
        raise BadValue(f"“{value}”不是收文编号：收文编号以“收”开头，例如 收〔2026〕12号")
    return got_year, serial
