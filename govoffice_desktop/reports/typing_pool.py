"""文印 documents: the monthly assessment of the typing pool (文印考核月报).  A closed month prints
the figures kept at its closing, and says so (截至 结账日期)."""
from __future__ import annotations

from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import typing_pool
from govoffice_desktop.services.office import office_name
from govoffice_desktop.texts import day_long


def month_assessment(year: int, month: int) -> Document:
    f = typing_pool.printed_month(year, month)
    state = "已结账" if f["closed"] else "未结账"
    if f["closed_at"] is not None:
        state += f"（数字截至 {day_long(f['closed_at'])} 结账）"
    doc = Document(f"{year}年{month}月文印工作考核表", f"执行标准：{day_long(f['standard_from'])}起　{state}",
                   landscape=True, office=office_name())
    doc.table(["打字员", "份数", "页数", "字数", "差错", "每万字差错", "允许差错", "超出", "测速（字/分）", "测速日期",
               "是否达标", "扣款（元）", "扣款依据"], f["rows"],
              widths=[7, 4, 5, 11, 5, 6, 5, 4, 6, 10, 6, 6, 25], numeric=[1, 2, 4, 5, 6, 7, 8, 11])
    doc.paragraph(f"扣款合计 {f['total_deduction']} 元。字数后注“（估）”的，含按页数估算的字数。", bold=True)
    doc.paragraph(f["standard"])
    doc.heading(f"万页文稿无差错（至 {day_long(f['runs_until'])}）")
    doc.table(["", "连续无差错（页）", "最长（页）", "有差错的文稿（份）", "最近一次差错"], f["runs"],
              widths=[20, 20, 20, 20, 20], numeric=[1, 2, 3])
    doc.signatures("制表人", "文印室负责人", "分管领导")
    return doc
