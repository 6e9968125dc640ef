"""Validation of the identifiers every part of the office uses: plates and ID numbers.

Forms, services and the ledger importer all check values here, so one rule holds on every path.
"""
from __future__ import annotations

import re
from datetime import date, datetime


class BadValue(ValueError):
    """A value that cannot be what its field needs; the message says why, in Chinese.

    ``field``: the name of the field the value was for (``"amount"``, ``"birth"``), set by the
    validator that knows it, so that whoever shows the refusal (the ledger importer's error
    column) need not guess it from the message; ``None`` when the validator does not know."""

    def __init__(self, *args, field: str | None = None):
        super().__init__(*args)
        self.field = field


_HALFWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update({0x3000: 0x20, 0x3002: 0x2E, 0x2014: 0x2D})  # 　 。 — (as in 2025。3。5)
EMPTY_MARKERS = {"", "/", "／", "—", "——", "-", "－", "--", "、", "无数据"}


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms."""
    return text.translate(_HALFWIDTH)


def is_empty(value) -> bool:
    """Blank, or a dash or slash that ledgers and forms use for 'nothing here'."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().replace(" ", "") in EMPTY_MARKERS
    return False


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE_RE = re.compile(rf"^[{PROVINCES}][A-Z][A-Z0-9]{{4,5}}[A-Z0-9挂学警港澳领使]$")


def normalise_plate(value) -> str | None:
    """苏N·A1234, 苏 n a1234 → 苏NA1234; refuses what is not a Chinese plate."""
    if is_empty(value):
        return None
    text = halfwidth(str(value)).upper()
    text = re.sub(r"[\s·•.．\-_]", "", text)
    if not _PLATE_RE.match(text):
        raise BadValue(f"不是有效的车牌号：{value!r}")
    return text


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def normalise_id_number(value) -> str | None:
    """An 18-character resident ID number (GB 11643), checksum verified, x upper-cased."""
    if is_empty(value):
        return None
    if isinstance(value, float):
        raise BadValue("身份证号被存成了数字，末几位已经丢失；请把该列设为文本后重新填写")
    text = halfwidth(str(value)).strip().replace(" ", "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", text):
        raise BadValue(f"身份证号应为18位：{value!r}")
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise BadValue(f"身份证号中的出生日期不对：{value!r}") from None
    if id_check_digit(text[:17]) != text[17]:
        raise BadValue(f"身份证号校验位不对：{value!r}")
    return text


# ---------------------------------------------------------------- what forms and services take
def required_text(value, label: str) -> str:
    """Trimmed text, refusing an empty value: “{label}不能为空”."""
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        raise BadValue(f"{label}不能为空")
    return text


def a_date(value, label: str, required: bool = False) -> date | None:
    """A date from a date, a datetime, or text such as 2025-3-5 / 2025.3.5 / 2025年3月5日."""
    if value is None or value == "":
        if required:
            raise BadValue(f"{label}不能为空")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from govoffice_desktop.services.values import parse_date

    try:
        return parse_date(value)
    except BadValue as exc:
        raise BadValue(f"{label}：{exc}") from None


def person_dates_problem(birth: date | None, id_number: str | None, joined_on: date | None) -> str | None:
    """What does not add up between a birth month, an ID number and a transfer-in date."""
    error = person_dates_error(birth, id_number, joined_on)
    return None if error is None else str(error)


def person_dates_error(birth: date | None, id_number: str | None, joined_on: date | None) -> BadValue | None:
    """``person_dates_problem`` as a ``BadValue`` naming its field (``birth`` or ``joined_on``)."""
    if birth and id_number and len(id_number) == 18:
        year, month = int(id_number[6:10]), int(id_number[10:12])
        if (birth.year, birth.month) != (year, month):
            return BadValue(f"出生年月 {birth:%Y.%m} 与身份证号中的 {year}.{month:02d} 不符", field="birth")
    if birth and joined_on and joined_on < date(birth.year + 16, birth.month, 1):
        return BadValue(f"调入时间 {joined_on} 时尚不满16岁（出生年月 {birth:%Y.%m}）", field="joined_on")
    return None


def a_number(value, label: str, places: int | None = 2):
    """A Decimal from a form or a ledger (full-width digits, units, commas), None when empty;
    a refusal names the field."""
    from govoffice_desktop.services.values import parse_decimal

    try:
        return parse_decimal(value, places)
    except BadValue as exc:
        raise BadValue(f"{label}：{exc}") from None


def a_count(value, label: str, required: bool = False, positive: bool = False) -> int | None:
    """A whole number that cannot be negative (nor zero when ``positive``), None when empty."""
    from govoffice_desktop.services.values import parse_int

    try:
        number = parse_int(value)
    except BadValue as exc:
        raise BadValue(f"{label}：{exc}") from None
    if number is None:
        if required:
            raise BadValue(f"{label}不能为空")
        return None
    if number < 0 or (positive and number == 0):
        raise BadValue(f"{label}应{'大于' if positive else '不小于'}0")
    return number


def input_file_problem(path) -> str | None:
    """Why ``path`` cannot be read as an input file, in Chinese, or None when it is a regular file.

    Only ``stat`` is asked: a device (/dev/zero) or a named pipe is never opened, so never read
    without end or waited on.
    """
    import stat
    from pathlib import Path

    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"找不到文件：{path}"
    except OSError as exc:  # a name too long, a folder without access…
        return f"无法读取 {path}：{os_error_text(exc)}"
    except ValueError:  # a NUL byte
        return f"无法读取 {path}：路径中含有 NUL 字符"
    if stat.S_ISDIR(mode):
        return f"{path} 是文件夹，不是文件"
    if not stat.S_ISREG(mode):
        return f"{path} 不是普通文件（是设备、管道或套接字），不能读取"
    return None


_OS_ERRORS = {"ENAMETOOLONG": "文件名或路径太长", "ENOSPC": "磁盘已满", "EDQUOT": "磁盘配额已用完",
              "EACCES": "没有权限", "EPERM": "没有权限", "EROFS": "磁盘是只读的", "ENOENT": "路径不存在",
              "ENOTDIR": "路径中有一段不是文件夹", "EISDIR": "这是文件夹", "ELOOP": "符号链接循环",
              "EIO": "读写磁盘出错", "EBUSY": "文件正被占用"}


def os_error_text(exc: OSError) -> str:
    """What the system said about a file, in Chinese (its own words kept in brackets)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    own = exc.strerror or str(exc)
    return f"{_OS_ERRORS[name]}（{own}）" if name in _OS_ERRORS else own
