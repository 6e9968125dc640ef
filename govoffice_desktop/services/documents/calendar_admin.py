"""节假日安排 and 办理时限规定 kept by the administrator.

A year's 节假日安排 is pre-filled from the calendar library (rows of source 日历库,
``workdays.library_days``), then corrected and completed by hand (source 手工) when the State Council
publishes the year's schedule, and confirmed with the notice's number (国办发明电〔2025〕N号):
``HolidayYear``.  A year whose table holds no day is counted from the library (services/workdays.py),
so the first day entered by hand in such a year brings the library's days with it: a year is never
half a table.  Nonsense is refused: a 上班 day (调休) must be a Saturday or Sunday (a 放假 day on a
weekend is fine: the library lists whole holidays), a day belongs to the year it is entered for.

办理时限规定: the working days each 紧急程度 allows, set together from a date (``TimeLimitRule``); a
document received before that date keeps the rule of its day.  A rule set from a date on or before a
收文 already registered under the rule before it is refused: its stored time limit would no longer
follow the rule.

Every change of the days (add, correct, remove, prefill) recounts, in its transaction, the 办理时限
of the 办理中 收文 whose counting window (收文日期 to 办理时限) holds a changed day: a deadline counted
on the calendar (the rule's working days, or a leader's own number of working days: the number
stays, the date follows the calendar) moves to the same count on the new calendar; a date of its
own (a register's 办理时限 given as a date) and closed documents keep theirs.  ``last_recount()``
says how many moved (the page says 已按新的节假日安排重算 N 件在办收文的办理时限).  Confirming a year changes no day: it moves none.

Every write needs documents.calendar (管理员) and goes through the audited models."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from govoffice_desktop.models.db import database
from govoffice_desktop.models.documents import (BY_HAND, DAY_KINDS, DAY_OFF, DAY_WORKED, FROM_LIBRARY, IN_OPEN, IN_VOID,
                                                 URGENCIES, Holiday, HolidayYear, IncomingDocument, TimeLimitRule)
from govoffice_desktop.services import workdays
from govoffice_desktop.services.auth import display_name, requires
from govoffice_desktop.services.validation import BadValue, a_date, required_text

FIRST_YEAR, LAST_YEAR = 2000, 2099
WEEKDAYS = "一二三四五六日"
MAX_NAME = 30
MAX_NOTICE = 100


def weekday_text(day: date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise BadValue(f"年份应为数字，而不是“{value}”") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadValue(f"年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间")
    return year


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# ---------------------------------------------------------------- reading a year
def days_of(year: int) -> list[Holiday]:
    """The table's days of ``year``, in order (empty: the year counts from the library)."""
    first, last = _bounds(_year(year))
    return list(Holiday.select().where(Holiday.day.between(first, last)).order_by(Holiday.day))


def confirmation(year: int) -> HolidayYear | None:
    return HolidayYear.get_or_none(HolidayYear.year == _year(year))


@dataclass
class YearState:
    """What the page says of a year: its days (the table's, or else the library's), whether they are
    the table's, its confirmation, and whether the library knows its 调休."""

    year: int
    days: list = field(default_factory=list)  # Holiday rows, or LibraryDay when from_table is False
    from_table: bool = False
    confirmed: HolidayYear | None = None
    library_knows_workdays: bool = False

    @property
    def off_days(self) -> int:
        return sum(1 for d in self.days if d.kind == DAY_OFF)

    @property
    def worked_days(self) -> int:
        return sum(1 for d in self.days if d.kind == DAY_WORKED)


def year_state(year: int) -> YearState:
    year = _year(year)
    rows = days_of(year)
    state = YearState(year=year, days=rows, from_table=bool(rows), confirmed=confirmation(year),
                      library_knows_workdays=workdays.library_knows_workdays(year))
    if not rows:
        state.days = list(workdays.library_days(year))
    return state


def holiday_by_id(holiday_id: int | None) -> Holiday | None:
    return Holiday.get_or_none(Holiday.id == holiday_id) if holiday_id is not None else None


# ---------------------------------------------------------------- the deadlines a change moves
_recounted = {"moved": 0}  # how many deadlines the last change of the days moved


def last_recount() -> int:
    """How many 办理时限 the last change of the days (in this process) moved."""
    return _recounted["moved"]


def _calendar_before(*days: date) -> workdays.Calendar:
    """The calendar as it is before a change of ``days``: the years a deadline across them may
    be counted in, read now."""
    calendar = workdays.Calendar()
    for year in sorted({y for d in days for y in (d.year - 1, d.year, d.year + 1)}):
        calendar.is_working_day(date(year, 1, 1))  # reads the year
    return calendar


def _recount(changed: set[date], before: workdays.Calendar) -> int:
    """The 办理中 收文 whose window holds a changed day, recounted on the calendar as it is now
    (called inside the change's transaction, after it); how many moved."""
    moved = 0
    if changed:
        after = workdays.Calendar()
        query = IncomingDocument.select().where(
            (IncomingDocument.status == IN_OPEN) & (IncomingDocument.received_on <= max(changed))
            & (IncomingDocument.deadline >= min(changed))).order_by(IncomingDocument.id)
        for doc in query:
            if not any(doc.received_on <= day <= doc.deadline for day in changed):
                continue
            try:
                counted = workdays.deadline_for(doc.urgency, doc.received_on, doc.limit_days, before)
                if counted != doc.deadline:
                    continue  # a date of its own (a register's), not counted on the calendar
                new = workdays.deadline_for(doc.urgency, doc.received_on, doc.limit_days, after)
            except BadValue:
                continue  # no rule for its day: its date is not the calendar's to move
            if new != doc.deadline:
                doc.deadline = new
                doc.save()
                moved += 1
    _recounted["moved"] = moved
    return moved


# ---------------------------------------------------------------- pre-fill, add, correct, remove
def _prefill(year: int) -> set[date]:
    """The library's days of ``year`` that the table does not hold yet, written (source 日历库): those days."""
    first, last = _bounds(year)
    have = {d for (d,) in Holiday.select(Holiday.day).where(Holiday.day.between(first, last)).tuples()}
    added = set()
    for item in workdays.library_days(year):
        if item.day not in have:
            Holiday.create(day=item.day, kind=item.kind, name=item.name[:MAX_NAME], source=FROM_LIBRARY)
            added.add(item.day)
    return added


@requires("documents.calendar")
def prefill_year(year: int) -> int:
    """从日历库预填: the library's holidays (and the 调休 workdays it knows) of ``year`` into the table,
    each day not there yet (days entered or corrected by hand stay as they are).  How many were added.
    Refused for a confirmed year: its schedule has been checked day by day."""
    year = _year(year)
    confirmed = confirmation(year)
    if confirmed is not None:
        raise BadValue(f"{year}年的节假日安排已确认（{confirmed.notice}），不再从日历库预填；如有出入，请逐日修改")
    if not workdays.library_days(year):
        raise BadValue(f"日历库中没有{year}年的节假日，请按国务院办公厅的通知逐日录入")
    with database.atomic():
        before = _calendar_before(date(year, 1, 1), date(year, 12, 31))
        added = _prefill(year)
        _recount(added, before)
        return len(added)


def _day_fields(year: int, day, kind, name) -> tuple[date, str, str]:
    day = a_date(day, "日期", required=True)
    if day.year != year:
        raise BadValue(f"{day} 不在{year}年：请在{day.year}年的安排中录入")
    if kind not in DAY_KINDS:
        raise BadValue(f"安排应为{'或'.join(DAY_KINDS)}，而不是“{kind}”")
    if kind == DAY_WORKED and day.weekday() < 5:
        raise BadValue(f"{day} 是{weekday_text(day)}，本来就上班：调休上班的只能是星期六或星期日")
    text = str(name or "").strip() or ("调休上班" if kind == DAY_WORKED else "")
    if kind == DAY_OFF and not text:
        raise BadValue("放假的日子请写明节日名称，如 春节")
    if len(text) > MAX_NAME:
        raise BadValue(f"名称不超过{MAX_NAME}个字")
    return day, kind, text


@requires("documents.calendar")
def add_day(year: int, day, kind: str, name: str = "") -> Holiday:
    """新增 a day of ``year`` (source 手工).  In a year whose table is still empty the library's days
    are written first, in the same transaction: the year stays whole."""
    year = _year(year)
    day, kind, name = _day_fields(year, day, kind, name)
    with database.atomic():
        existing = Holiday.get_or_none(Holiday.day == day)
        if existing is not None:
            raise BadValue(f"{day} 已在安排中（{existing.kind}，{existing.name}），请修改该日")
        before = _calendar_before(day)
        changed = {day}
        if not days_of(year):
            changed |= _prefill(year)
            existing = Holiday.get_or_none(Holiday.day == day)
            if existing is not None:  # the library had it: this entry corrects it
                holiday = _set_day(existing, day, kind, name)
                _recount(changed, before)
                return holiday
        holiday = Holiday.create(day=day, kind=kind, name=name, source=BY_HAND)
        _recount(changed, before)
        return holiday


def _set_day(holiday: Holiday, day: date, kind: str, name: str) -> Holiday:
    holiday.day, holiday.kind, holiday.name, holiday.source = day, kind, name, BY_HAND
    holiday.save()
    return holiday


@requires("documents.calendar")
def correct_day(holiday: Holiday, day, kind: str, name: str = "") -> Holiday:
    """修改 a day (its date within its year, 放假/上班, the name): it becomes 手工."""
    stored = holiday_by_id(holiday.id if isinstance(holiday, Holiday) else holiday)
    if stored is None:
        raise BadValue("这一天已不在安排中（可能已被删除），请刷新")
    year = stored.day.year
    day, kind, name = _day_fields(year, day, kind, name)
    with database.atomic():
        other = Holiday.get_or_none((Holiday.day == day) & (Holiday.id != stored.id))
        if other is not None:
            raise BadValue(f"{day} 已在安排中（{other.kind}，{other.name}）")
        was = stored.day
        before = _calendar_before(was, day)
        holiday = _set_day(stored, day, kind, name)
        _recount({was, day}, before)
        return holiday


@requires("documents.calendar")
def remove_day(holiday: Holiday) -> date:
    """删除 a day: it counts as the weekday or weekend day it is.  The last day of a confirmed year
    is not removed (an empty year counts from the library, not as confirmed)."""
    stored = holiday_by_id(holiday.id if isinstance(holiday, Holiday) else holiday)
    if stored is None:
        raise BadValue("这一天已不在安排中（可能已被删除），请刷新")
    year = stored.day.year
    with database.atomic():
        if len(days_of(year)) == 1 and confirmation(year) is not None:
            raise BadValue(f"这是已确认的{year}年安排中的最后一天：删除后该年将改按日历库计算，与确认不符，不能删除")
        before = _calendar_before(stored.day)
        stored.delete_instance()
        changed = {stored.day}
        if not days_of(year):  # the year's last day: it counts from the library again
            changed |= {item.day for item in workdays.library_days(year)}
        _recount(changed, before)
    return stored.day


@requires("documents.calendar")
def confirm_year(year: int, notice: str, today: date | None = None) -> HolidayYear:
    """确认本年安排: the year's table is checked against the State Council's notice (its number, e.g.
    国办发明电〔2025〕7号).  Confirmed again, the notice and the date are updated."""
    year = _year(year)
    text = required_text(notice, "国务院办公厅通知的文号")
    if len(text) > MAX_NOTICE:
        raise BadValue(f"通知文号不超过{MAX_NOTICE}个字")
    today = today or date.today()
    with database.atomic():
        if not days_of(year):
            raise BadValue(f"{year}年的安排中还没有任何一天：请先从日历库预填，再按通知核对修改")
        row = confirmation(year) or HolidayYear(year=year)
        row.confirmed_on, row.confirmed_by, row.notice = today, display_name(), text
        row.save()
        _recounted["moved"] = 0  # no day changes: no deadline moves
    return row


# ---------------------------------------------------------------- 办理时限规定
@dataclass(frozen=True)
class RuleSet:
    effective_from: date
    days: dict  # urgency → working days


def rule_sets() -> list[RuleSet]:
    """The rules, newest first, each date's urgencies together."""
    by_day: dict[date, dict] = {}
    for rule in TimeLimitRule.select().order_by(TimeLimitRule.effective_from.desc()):
        by_day.setdefault(rule.effective_from, {})[rule.urgency] = rule.working_days
    return [RuleSet(day, days) for day, days in by_day.items()]


def rule_in_force(on: date) -> RuleSet | None:
    return next((r for r in rule_sets() if r.effective_from <= on), None)


def _registered_since(day: date) -> int:
    return IncomingDocument.select().where((IncomingDocument.received_on >= day)
                                           & (IncomingDocument.status != IN_VOID)).count()


@requires("documents.calendar")
def set_rules(effective_from, days: dict, today: date | None = None) -> RuleSet:
    """办理时限规定 from a date: the working days of 特急, 加急 and 平件 together (特急 ≤ 加急 ≤ 平件).
    The same date again corrects that set.  Refused from a date on or before a 收文 already registered."""
    day = a_date(effective_from, "执行日期", required=True)
    values: dict[str, int] = {}
    for urgency in URGENCIES:
        raw = (days or {}).get(urgency)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise BadValue(f"请填写{urgency}件的办理时限（工作日）") from None
        if not 1 <= value <= workdays.MAX_LIMIT_DAYS:
            raise BadValue(f"{urgency}件的办理时限应为 1 至 {workdays.MAX_LIMIT_DAYS} 个工作日")
        values[urgency] = value
    ordered = [values[u] for u in URGENCIES]
    if ordered != sorted(ordered):
        raise BadValue("办理时限应 特急 ≤ 加急 ≤ 平件：" + "，".join(f"{u} {values[u]} 个工作日" for u in URGENCIES))
    with database.atomic():
        since = _registered_since(day)
        if since:
            raise BadValue(f"{day} 起已登记收文 {since} 件，其办理时限已按原规定算出：新规定只能从最后一件收文之后的日期起执行")
        for urgency, value in values.items():
            rule = (TimeLimitRule.get_or_none((TimeLimitRule.effective_from == day) & (TimeLimitRule.urgency == urgency))
                    or TimeLimitRule(effective_from=day, urgency=urgency))
            rule.working_days = value
            rule.save()
    return RuleSet(day, values)


@requires("documents.calendar")
def remove_rules(effective_from) -> None:
    """删除 the rules from a date: not the only set, nor one a registered 收文 was counted by."""
    day = a_date(effective_from, "执行日期", required=True)
    with database.atomic():
        rules = list(TimeLimitRule.select().where(TimeLimitRule.effective_from == day))
        if not rules:
            raise BadValue(f"没有从 {day} 起执行的办理时限规定")
        if not TimeLimitRule.select().where(TimeLimitRule.effective_from != day).exists():
            raise BadValue("这是唯一的办理时限规定，不能删除（可从新的日期起另定）")
        since = _registered_since(day)
        if since:
            raise BadValue(f"{day} 起已登记收文 {since} 件，其办理时限按这项规定算出，不能删除")
        for rule in rules:
            rule.delete_instance()


def library_years(around: int) -> list[int]:
    """The years the page's year picker offers first: those with a table or a confirmation, and
    ``around`` with the year after it."""
    have = {d.year for (d,) in Holiday.select(Holiday.day).tuples()}
    have |= {y for (y,) in HolidayYear.select(HolidayYear.year).tuples()}
    return sorted(have | {around, around + 1})

