"""车辆 documents: the monthly fuel report per vehicle (车辆油耗月报) with 万里行车无事故.  A closed
month prints the figures kept at its closing, and says so (截至 结账日期)."""
from __future__ import annotations


from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import fleet, months
from govoffice_desktop.services.office import office_name
from govoffice_desktop.texts import day_long


def month_fuel(year: int, month: int) -> Document:
    first, last = months.bounds(year, month)
    f = fleet.printed_month(year, month)
    closed = f"　已结账，数字截至 {day_long(f['closed_at'])} 结账" if f["closed_at"] is not None else ""
    doc = Document(f"{year}年{month}月车辆油耗情况表", f"{day_long(first)}至{day_long(last)}　"
                   f"超定额 {f['threshold']}% 以上的标“超”{closed}", landscape=True,
                   office=office_name())
    doc.table(["车牌号", "品牌型号", "驾驶员", "加油次数", "加油量（升）", "金额（元）", "行驶（公里）",
               "百公里油耗", "定额", "超定额", "每公里费用", ""], f["vehicles"],
              widths=[9, 12, 7, 6, 9, 9, 11, 8, 6, 7, 8, 4], numeric=[3, 4, 5, 7, 8, 10])
    doc.paragraph("百公里油耗按“加满到加满”计算：本月结束的完整区间的加油量之和 ÷ 里程之和 × 100；"
                  "没有里程表读数的车辆按出车登记的里程计算。")
    if f["without_litres"]:  # money-only fills (reimbursement ledgers): in the amounts, not in the litres or figure
        doc.paragraph(f"本月有 {fleet.without_litres_notice(f['without_litres'])}（加油量一栏不含这些加油，金额一栏含）。")
    doc.heading("驾驶员油耗（按其加满结束的区间）")
    doc.table(["驾驶员", "区间数", "加油量（升）", "里程（公里）", "百公里油耗", "定额用油（升）", "超定额"], f["drivers"],
              widths=[16, 10, 14, 14, 14, 16, 16], numeric=[1, 2, 3, 4, 5], empty="本月没有完整的加满区间")
    doc.heading(f"万里行车无事故（至 {day_long(f['safe_until'])}）")
    doc.table(["", "自上次有责事故以来（公里）", "折合（里）", "目标（里）", "上次有责事故"], f["safe_driving"],
              widths=[20, 22, 18, 18, 22], numeric=[1, 2, 3])
    doc.signatures("制表人", "行政科负责人", "分管领导")
    return doc
