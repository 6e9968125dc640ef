"""文电办理情况表: the month's speed of handling incoming documents per 承办科室 and per 承办人, and
the documents overdue at the month's end (or today) — printed, saved as PDF, exported as .xlsx; the
same lines make the 文电办理 part of the 考核督查专报 (reports/supervision.py)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from govoffice_desktop.ledgers.export import new_workbook, write_sheet
from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import outputs
from govoffice_desktop.services.documents import speed
from govoffice_desktop.services.office import office_name
from govoffice_desktop.texts import day_long

COUNT_HEADERS = ["收文", "办结", "按期办结", "逾期办结", "逾期未办结", "按期率", "平均办结用时（工作日）"]


def _rate(r: dict) -> str:
    """按期率: on time of those done, in percent (— when none was done)."""
    if not r["done"]:
        return "—"
    rate = (Decimal(r["on_time"]) * 100 / r["done"]).quantize(Decimal("0.1"))
    return f"{rate.normalize() if rate == rate.to_integral() else rate:f}%"  # 100%, 40%, 83.3%


def _average(r: dict) -> str:
    return "—" if r["avg_working_days"] is None else str(r["avg_working_days"])


def count_cells(r: dict) -> tuple:
    return (r["received"], r["done"], r["on_time"], r["done"] - r["on_time"], r["overdue"], _rate(r), _average(r))


def sentence(part: dict) -> str:
    """The month in one sentence (the 专报's paragraph, the printout's line under the tables)."""
    t = part["total"]
    text = (f"本月收文{t['received']}件，截至{day_long(date.fromisoformat(part['as_of']))}办结{t['done']}件，"
            f"其中按期办结{t['on_time']}件、逾期办结{t['done'] - t['on_time']}件；逾期未办结{t['overdue']}件")
    if t["avg_working_days"] is not None:
        text += f"；平均办结用时{t['avg_working_days']}个工作日"
    return text + "。"


def overdue_sentence(part: dict) -> str:
    return (f"截至{day_long(date.fromisoformat(part['as_of']))}，逾期未办结的收文共{len(part['overdue'])}件"
            f"（含以前月份的收文）" + ("，请承办科室抓紧办理：" if part["overdue"] else "。"))


def add_part(doc, part: dict, people: bool = True) -> None:
    """The tables of the month's speed in ``doc``: the 文电办理情况表 (a landscape Document, per person
    too), or the 专报's OfficialDocument (portrait, 仿宋 小四: the overdue list without 承办人, the
    number and the date never broken)."""
    official = hasattr(doc, "masthead")
    doc.paragraph(sentence(part))
    doc.table(["承办科室", *COUNT_HEADERS], [(r["section"], *count_cells(r)) for r in part["sections"]]
              + ([("合计", *count_cells(part["total"]))] if part["sections"] else []),
              widths=[16, 9, 9, 11, 11, 11, 13, 20] if official else [22, 9, 9, 11, 11, 11, 10, 17],
              numeric=(1, 2, 3, 4, 5, 6, 7), empty="本月没有收文")
    if people and part["people"]:
        doc.table(["承办人", "科室", *COUNT_HEADERS], [(r["person"], r["section"], *count_cells(r)) for r in part["people"]],
                  widths=[12, 16, 8, 8, 10, 10, 10, 9, 17], numeric=(2, 3, 4, 5, 6, 7, 8))
    doc.paragraph(overdue_sentence(part))
    if part["overdue"] and official:
        doc.table(["收文编号", "标题", "承办科室", "办理时限", "超期工作日"],
                  [(d["no"], d["title"], d["section"], d["deadline"], d["working_days_over"]) for d in part["overdue"]],
                  widths=[23, 33, 14, 18, 12], numeric=(4,), nowrap=(0, 3))
    elif part["overdue"]:
        doc.table(["收文编号", "标题", "承办科室", "承办人", "收文日期", "办理时限", "已超期（工作日）"],
                  [(d["no"], d["title"], d["section"], d["handler"], d["received_on"], d["deadline"],
                    d["working_days_over"]) for d in part["overdue"]], widths=[13, 37, 12, 9, 10, 10, 9], numeric=(6,))


def month_speed(year: int, month: int, today: date | None = None) -> Document:
    part = speed.printed_month(year, month, today)
    first = date(year, month, 1)
    doc = Document(f"{year}年{month}月文电办理情况表",
                   f"{day_long(first)}至{day_long(date.fromisoformat(part['as_of']))}收文　办理时限按工作日计",
                   landscape=True, office=office_name())
    add_part(doc, part)
    doc.paragraph("按期办结：在办理时限内（含当日）办结或转为督办事项；逾期未办结：截至统计日未办结且已过办理时限。"
                  "办结用时为收文日期之后至办结日期的工作日数（节假日和调休按节假日安排）。")
    doc.signatures("制表人", "秘书科负责人", "分管领导")
    return doc


def export_month_speed(path: str | Path, year: int, month: int, *, today: date | None = None,
                       force: bool = False) -> int:
    """The month's 文电办理情况 as .xlsx: per section, per person, the overdue list; returns the rows
    written.  The path is checked first and the file written whole or not at all."""
    with outputs.writing(path, outputs.XLSX, force=force) as temp:
        part = speed.printed_month(year, month, today)
        label, office = f"{year}年{month}月", office_name()
        book = new_workbook(temp)

        def numbers(r: dict) -> tuple:
            return (r["received"], r["done"], r["on_time"], r["done"] - r["on_time"], r["overdue"],
                    r["avg_working_days"])

        heads = ["收文", "办结", "按期办结", "逾期办结", "逾期未办结", "平均办结用时（工作日）"]
        written = write_sheet(book, f"{label}文电办理情况（各科室）", ["承办科室", *heads],
                              [(r["section"], *numbers(r)) for r in part["sections"]], name="各科室", office=office)
        written += write_sheet(book, f"{label}文电办理情况（各承办人）", ["承办人", "科室", *heads],
                               [(r["person"], r["section"], *numbers(r)) for r in part["people"]], name="各承办人",
                               office=office)
        written += write_sheet(book, f"截至{part['as_of']}逾期未办结的收文",
                               ["收文编号", "标题", "承办科室", "承办人", "收文日期", "办理时限", "已超期（工作日）"],
                               [(d["no"], d["title"], d["section"], d["handler"], date.fromisoformat(d["received_on"]),
                                 date.fromisoformat(d["deadline"]), d["working_days_over"]) for d in part["overdue"]],
                               name="逾期收文", office=office)
        book.close()
    return written
