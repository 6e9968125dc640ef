"""文印 documents: the monthly assessment of the typing pool (文印考核月报)."""
from __future__ import annotations

from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import typing_pool
from govoffice_desktop.services.office import office_name


def month_assessment(year: int, month: int) -> Document:
    a = typing_pool.assess_month(year, month)
    s = a.standard
    state = "已结账" if a.closed else "未结账"
    doc = Document(f"{year}年{month}月文印工作考核表", f"执行标准：{s.effective_from:%Y年%m月%d日}起　{state}",
                   landscape=True, office=office_name())
    doc.table(["打字员", "份数", "页数", "字数", "差错", "每万字差错", "允许差错", "超出", "测速（字/分）", "测速日期",
               "是否达标", "扣款（元）", "扣款依据"],
              [(r.name, r.documents, r.pages, f"{r.characters}{'（估）' if r.estimated else ''}", r.errors,
                r.errors_per_10k if r.errors_per_10k is not None else "—", r.allowed_errors, r.excess_errors,
                r.speed if r.speed is not None else "未测", r.speed_tested_on, "达标" if r.meets_standard else "不达标",
                r.deduction, "；".join(r.reasons)) for r in a.rows],
              widths=[7, 4, 5, 11, 5, 6, 5, 4, 6, 10, 6, 6, 25], numeric=[1, 2, 4, 5, 6, 7, 8, 11])
    doc.paragraph(f"扣款合计 {a.total_deduction} 元。字数后注“（估）”的，含按页数估算的字数。", bold=True)
    doc.paragraph(f"标准：速度不低于 {s.min_speed} 字/分；每万字差错不超过 {s.max_errors_per_10k} 个（按字数折算取整）；"
                  f"超出的每个差错扣 {s.deduction_per_error} 元；测速不达标扣 {s.speed_fail_deduction} 元；"
                  f"每月扣款不超过 {s.monthly_cap} 元；未登记字数的按每页 {s.chars_per_page} 字估算。")
    runs = typing_pool.page_runs()
    doc.heading("万页文稿无差错")
    doc.table(["", "连续无差错（页）", "最长（页）", "有差错的文稿（份）", "最近一次差错"],
              [(r.name, r.current, r.longest, r.errors, r.last_error_on or "—") for r in runs],
              widths=[20, 20, 20, 20, 20], numeric=[1, 2, 3])
    doc.signatures("制表人", "文印室负责人", "分管领导")
    return doc
