"""The printable documents by name, for the command line (``pdf NAME FILE``) and the 打印 menu."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from govoffice_desktop.reports import documents_speed, fleet, ratings as report, rewards, staff, supervision, typing_pool
from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import ratings
from govoffice_desktop.services.validation import BadValue


@dataclass(frozen=True)
class Printable:
    name: str
    label: str  # its name as the window shows it: words for users, no option of the command line
    build: Callable[[date], Document]  # the day it is as of
    as_of: str = ""  # what the day given (``pdf NAME FILE --as-of DAY``) chooses, for the command line's help


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
)}
