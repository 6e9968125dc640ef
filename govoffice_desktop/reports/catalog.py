"""The printable documents by name, for the command line (``pdf NAME FILE``) and the 打印 menu."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from govoffice_desktop.reports import (documents, documents_speed, fleet, ratings as report, rewards, staff, supervision,
                                      typing_pool)
from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import ratings
from govoffice_desktop.services.documents import urging
from govoffice_desktop.services.validation import BadValue


@dataclass(frozen=True)
class Printable:
    name: str
    label: str  # its name as the window shows it: words for users, no option of the command line
    build: Callable[..., Document]  # build(day, **options): the day it is as of, and its own options
    as_of: str = ""  # what the day given (``pdf NAME FILE --as-of DAY``) chooses, for the command line's help
    options: tuple[str, ...] = ()  # what else ``pdf NAME`` takes, by argument name: date_from, date_to, no, reprint
    required: tuple[str, ...] = ()  # of those, the ones it cannot do without
    writes: bool = False  # building it records something (an urge issued): one transaction with the file written


def _roster(day: date) -> Document:
    document = staff.roster(day)
    document.personal = "人员花名册"  # logged when printed or saved (ui/printing.py), with the file written
    return document


def _three_books(day: date) -> Document:
    return staff.three_books(day.year, as_of=day)


def _rank_due(day: date) -> Document:
    return staff.rank_due(day)


def _typing_month(day: date) -> Document:
    return typing_pool.month_assessment(day.year, day.month)


def _fuel_month(day: date) -> Document:
    return fleet.month_fuel(day.year, day.month)


def _documents_month(day: date) -> Document:
    return documents_speed.month_speed(day.year, day.month)


def _ratings(day: date) -> Document:
    period = ratings.latest_period(day)
    if period is None:
        raise BadValue("还没有任何评议")
    return report.results(period)


def _supervision_month(day: date) -> Document:
    """The 专报 of the month before ``day`` (the report is compiled after the month ends)."""
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return supervision.monthly_report(year, month)


def _bonus_month(day: date) -> Document:
    """The bonus sheet of the month before ``day``."""
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return rewards.bonus_sheet(year, month)


def _period(day: date, date_from: date | None, date_to: date | None) -> tuple[date, date]:
    """A register's period: to ``date_to`` (else the day), from ``date_from`` (else 1 January of that year)."""
    date_to = date_to or day
    return date_from or date(date_to.year, 1, 1), date_to


def _incoming_register(day: date, date_from: date | None = None, date_to: date | None = None) -> Document:
    return documents.incoming_register(*_period(day, date_from, date_to))


def _outgoing_register(day: date, date_from: date | None = None, date_to: date | None = None) -> Document:
    return documents.outgoing_register(*_period(day, date_from, date_to))


def _urge(day: date, no: str | None = None, reprint: bool = False) -> Document:
    """The 催办单 of the 收文 numbered ``no``: issued on ``day`` (the one issued that day, printed
    again); with ``reprint``, the latest issued, as issued, whatever the document's state now."""
    if not no:
        raise BadValue("要指明收文编号，例如 收〔2026〕12号")
    doc = urging.incoming_by_number(no)
    number = documents.incoming_number(doc.year, doc.serial)
    if reprint:
        urge, issued_now = urging.latest_urge(document=doc), False
        if urge is None:
            raise BadValue(f"收文 {number} 还没有开具过催办单，无从重印")
    else:
        if day > date.today():  # kept as issued: an urge is never written ahead of its day
            raise BadValue(f"催办日期 {day} 还没到（今天是 {date.today()}）：催办单按开具日期存档，"
                           "不能预先开具；未开具")
        urge, issued_now = urging.urge_for_print(document=doc, today=day)
    sheet = documents.urge_sheet(urge)
    f = urging.figures_of(urge)
    said = (f"已开具收文 {number}的第{f['round']}次催办单" if issued_now
            else f"重印 {urge.issued_on} 开具的收文 {number} 第{f['round']}次催办单")
    sheet.outcome = f"{said}（已超期 {urge.working_days_over} 个工作日，请于 {urge.reply_by} 前办结并反馈）"
    sheet.facts = {"urge": urge.id, "no": number, "issued": issued_now, "issued_on": urge.issued_on,
                   "working_days_over": urge.working_days_over, "reply_by": urge.reply_by, "round": f["round"]}
    return sheet


DOCUMENTS = {d.name: d for d in (
    Printable("roster", "人员花名册", _roster),
    Printable("three-books", "“读三本书”学习进度", _three_books),
    Printable("rank-due", "待定职级人员", _rank_due),
    Printable("typing-month", "文印工作考核表", _typing_month, "所在月份"),
    Printable("fuel-month", "车辆油耗情况表", _fuel_month, "所在月份"),
    Printable("documents-month", "文电办理情况表", _documents_month, "所在月份"),
    Printable("ratings", "科室工作评议结果", _ratings, "所在或之前最近的一期"),
    Printable("supervision", "考核督查专报", _supervision_month, "所在月份的上一个月"),
    Printable("bonus", "奖金核算表", _bonus_month, "所在月份的上一个月"),
    Printable("incoming-register", documents.INCOMING_REGISTER, _incoming_register, "不给 --to 时的截止日期",
              options=("date_from", "date_to")),
    Printable("outgoing-register", documents.OUTGOING_REGISTER, _outgoing_register, "不给 --to 时的截止日期",
              options=("date_from", "date_to")),
)}

# What prints only given a record (``pdf urge FILE --no 收〔2026〕12号``): not built from a day alone.
OF_A_RECORD = {d.name: d for d in (
    Printable("urge", urging.URGE_SHEET, _urge, "开具催办单的日期：不晚于今天，不早于上一次催办",
              options=("no", "reprint"), required=("no",), writes=True),
)}
PDF_DOCUMENTS = {**DOCUMENTS, **OF_A_RECORD}  # what ``pdf NAME`` prints
