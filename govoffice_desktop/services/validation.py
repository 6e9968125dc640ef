"""Values checked and normalised: identifiers (plates, ID numbers), cells and form fields.

Forms, services and the ledger importer all check values here, so one rule holds on every path.
Each ``parse_*`` takes a cell as calamine gives it (str, int, float, bool, date, datetime,
time, or None) and returns a Python value, ``None`` for an empty cell, or raises
``BadValue`` with a message in Chinese that names what was expected.
"""
from __future__ import annotations

import errno
import re
import stat
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path


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


# ---------------------------------------------------------------- cells (ledgers and forms)
EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap-year bug)


# ---------------------------------------------------------------- text
def clean_text(value) -> str:
    """A cell as trimmed text ('' for empty); numbers keep their integer form (1.0 → '1')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


# ---------------------------------------------------------------- numbers
_UNITS = [("万元", Decimal(10000)), ("万", Decimal(10000)), ("元", 1), ("升", 1), ("公升", 1), ("公里", 1),
          ("千米", 1), ("km", 1), ("KM", 1), ("L", 1), ("l", 1), ("页", 1), ("字", 1), ("次", 1), ("分钟", 1),
          ("分", 1), ("个", 1), ("人", 1), ("票", 1), ("¥", 1), ("￥", 1), ("%", Decimal("0.01"))]


_QUANTA = {p: Decimal(1).scaleb(-p) for p in range(0, 7)}
TOO_LARGE = Decimal(10) ** 12  # no ledger figure of the office comes near a trillion


def parse_decimal(value, places: int | None = None) -> Decimal | None:
    """A number from a number cell or from text such as '1,234.50元', '３５．２升', '1.2万元'."""
    kind = type(value)
    if kind is float or kind is int:  # the common case, first
        number = Decimal(repr(value)) if kind is float else Decimal(value)
        if not number.is_finite() or abs(number) >= TOO_LARGE:
            raise BadValue(f"数值过大或无效：{value!r}")
        return number if places is None else number.quantize(_QUANTA[places], rounding=ROUND_HALF_UP)
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise BadValue("应为数字，不是是/否")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str):
        text = halfwidth(value).strip().replace(",", "").replace(" ", "").replace("，", "")
        factor = Decimal(1)
        for unit, unit_factor in _UNITS:
            if text.endswith(unit) and len(text) > len(unit):
                text, factor = text[: -len(unit)], Decimal(unit_factor)
                break
        if text.startswith(("¥", "￥")):
            text = text[1:]
        try:
            number = Decimal(text) * factor
        except InvalidOperation:
            raise BadValue(f"应为数字：{value!r}") from None
        if not number.is_finite():
            raise BadValue(f"应为数字：{value!r}")
    else:
        raise BadValue(f"应为数字：{value!r}")
    if abs(number) >= TOO_LARGE:
        raise BadValue(f"数值过大：{value!r}")
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number


def parse_int(value) -> int | None:
    kind = type(value)
    if (kind is int or kind is float and value.is_integer()) and abs(value) < TOO_LARGE:
        return int(value)  # the common case (a number cell), without a Decimal
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise BadValue(f"应为整数：{value!r}")
    return int(number)


# ---------------------------------------------------------------- yes / no
_TRUE = {"是", "√", "✓", "✔", "y", "yes", "true", "t", "1", "有", "对", "已"}
_FALSE = {"否", "×", "✗", "✘", "x", "n", "no", "false", "f", "0", "无", "不", "未"}


def parse_bool(value) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = halfwidth(str(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadValue(f"应为是或否（是/否、√/×、Y/N）：{value!r}")


# ---------------------------------------------------------------- dates
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:：时点]\s*(\d{1,2})?\s*(?:[:：分]\s*(\d{1,2}(?:\.\d+)?)?)?\s*秒?)?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})(?::?(\d{2}))?)?$")
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")


def _serial(number: float) -> datetime:
    if not 1 <= number < 2958466:  # 1900-01-01 .. 9999-12-31
        raise BadValue(f"不是有效的 Excel 日期序号：{number!r}")
    return EXCEL_EPOCH + timedelta(days=float(number))


def _make(year, month, day, original) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise BadValue(f"没有这一天：{original!r}") from None


def join_date_time(day, moment):
    """A date and the time written in the column beside it (交办日期 + 交办时间) as one value."""
    if is_empty(moment) or is_empty(day):
        return day
    if isinstance(day, datetime):
        day = day.date()
    if isinstance(day, (int, float)) and not isinstance(day, bool) and day >= 19000101:
        day = _compact_number(day) or day  # 20250306 typed as a number
    if isinstance(moment, datetime):
        moment = moment.time()
    if isinstance(moment, float) and 0 <= moment < 1:  # a time as Excel keeps it: a fraction of a day
        moment = (datetime.min + timedelta(seconds=round(moment * 86400))).time()
    if isinstance(day, date) and isinstance(moment, time):
        return datetime.combine(day, moment)
    if isinstance(day, (int, float)) and not isinstance(day, bool) and isinstance(moment, time):
        return parse_datetime(day).replace(hour=moment.hour, minute=moment.minute, second=moment.second)
    if isinstance(day, date):
        day = day.isoformat()
    elif isinstance(day, float) and day.is_integer():
        day = int(day)
    if isinstance(moment, time):
        moment = moment.strftime("%H:%M:%S")
    return f"{day} {str(moment).strip()}"


def _compact_number(value) -> date | None:
    """20250305 typed as a number: a date, when it is one."""
    number = int(value)
    if number != value or not 19000101 <= number <= 21001231:
        return None
    try:
        return date(number // 10000, number // 100 % 100, number % 100)
    except ValueError:
        return None


def parse_datetime(value) -> datetime | None:
    """A date and time from any shape a ledger uses; a date alone is midnight.  Read: 2025-3-5,
    2025/3/5, 2025.3.5, 2025年3月5日 (with 8:30 or 8时30分), 20250305 as a number or as text, a
    year and month (2025.3, 2025年3月: the 1st), and Excel serial numbers."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise BadValue(f"应为日期：{value!r}")
    if isinstance(value, (int, float)):
        if value >= 19000101:
            compact = _compact_number(value)
            if compact is not None:
                return datetime(compact.year, compact.month, compact.day)
        result = _serial(value)
        return result.replace(microsecond=0) if result.microsecond < 500000 else \
            (result + timedelta(seconds=1)).replace(microsecond=0)
    text = halfwidth(str(value)).strip()
    m = _DATE_RE.match(text) or _COMPACT_RE.match(text)
    if m:
        day = _make(m.group(1), m.group(2), m.group(3), value)
        hour, minute, second = m.group(4), m.group(5) or 0, m.group(6)
        if hour is None:
            return datetime(day.year, day.month, day.day)
        try:
            return datetime.combine(day, time(int(hour), int(minute), int(float(second or 0))))
        except ValueError:
            raise BadValue(f"时间不对：{value!r}") from None
    m = _MONTH_RE.match(text)
    if m:  # a year and month only: the 1st
        day = _make(m.group(1), m.group(2), 1, value)
        return datetime(day.year, day.month, 1)
    if re.fullmatch(r"\d+(\.\d+)?", text) and 20000 <= float(text) < 2958466:
        return parse_datetime(float(text))  # a serial number stored as text
    raise BadValue(f"应为日期（如 2025-3-5、2025.3.5、2025年3月5日）：{value!r}")


def parse_date(value) -> date | None:
    result = parse_datetime(value)
    return None if result is None else result.date()


def parse_year_month(value) -> date | None:
    """出生年月 and the like: a year and month (stored as the 1st), from '1985.03', '1985年3月',
    a number typed as 1985.1 (October: Excel drops the 0 of 1985.10), or any full date."""
    if is_empty(value):
        return None
    if isinstance(value, float) and 1900 <= value < 2100:
        year = int(value)
        month = round((value - year) * 100)
        if not 1 <= month <= 12:
            raise BadValue(f"没有这个月份：{value!r}")
        return date(year, month, 1)
    if isinstance(value, int) and 190001 <= value <= 209912:
        return _make(value // 100, value % 100, 1, value)
    if isinstance(value, str):
        text = halfwidth(value).strip()
        m = _MONTH_RE.match(text)
        if m:
            return _make(m.group(1), m.group(2), 1, value)
        if re.fullmatch(r"\d{6}", text):
            return _make(text[:4], text[4:], 1, value)
    result = parse_date(value)
    return result.replace(day=1) if result else None


def parse_month_or_date(value) -> date | None:
    """调入时间 and the like: a full date, or a year and month as rosters often write it
    (2010.07, 2010年7月, 201007, or the number 2010.1 for October), kept as the 1st."""
    if is_empty(value):
        return None
    if isinstance(value, float) and 1900 <= value < 2100:
        return parse_year_month(value)
    if isinstance(value, int) and 190001 <= value <= 209912:
        return parse_year_month(value)
    if isinstance(value, str):
        text = halfwidth(value).strip()
        if _MONTH_RE.match(text) or re.fullmatch(r"\d{6}", text):
            return parse_year_month(value)
    return parse_date(value)


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
    try:
        return parse_decimal(value, places)
    except BadValue as exc:
        raise BadValue(f"{label}：{exc}") from None


def a_count(value, label: str, required: bool = False, positive: bool = False) -> int | None:
    """A whole number that cannot be negative (nor zero when ``positive``), None when empty."""
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
    name = errno.errorcode.get(exc.errno or 0, "")
    own = exc.strerror or str(exc)
    return f"{_OS_ERRORS[name]}（{own}）" if name in _OS_ERRORS else own
