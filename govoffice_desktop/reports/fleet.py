"""车辆 documents: the monthly fuel report per vehicle (车辆油耗月报) with 万里行车无事故."""
from __future__ import annotations


from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import fleet, months
from govoffice_desktop.services.office import office_name


def month_fuel(year: int, month: int) -> Document:
    first, last = months.bounds(year, month)
    threshold = fleet.setting_decimal(fleet.OVER_QUOTA_KEY, fleet.DEFAULT_OVER_QUOTA_PCT)
    doc = Document(f"{year}年{month}月车辆油耗情况表", f"{first:%Y年%m月%d日}至{last:%Y年%m月%d日}　"
                   f"超定额 {threshold}% 以上的标“超”", landscape=True, office=office_name())
    rows, without_litres = [], 0
    for vehicle in fleet.vehicles():
        e = fleet.economy(vehicle, first, last, threshold)
        without_litres += e.without_litres
        rows.append((vehicle.plate, vehicle.brand_model, vehicle.driver.name if vehicle.driver_id else "", e.refuels,
                     e.litres, e.amount, f"{e.distance_km}{'（按出车）' if e.by_trips else ''}",
                     e.l_per_100km if e.l_per_100km is not None else "—", e.quota if e.quota is not None else "未定",
                     f"{e.over_quota_pct}%" if e.over_quota_pct is not None else "—",
                     e.cost_per_km if e.cost_per_km is not None else "—", "超" if e.flagged else ""))
    doc.table(["车牌号", "品牌型号", "驾驶员", "加油次数", "加油量（升）", "金额（元）", "行驶（公里）",
               "百公里油耗", "定额", "超定额", "每公里费用", ""], rows,
              widths=[9, 12, 7, 6, 9, 9, 11, 8, 6, 7, 8, 4], numeric=[3, 4, 5, 7, 8, 10])
    doc.paragraph("百公里油耗按“加满到加满”计算：本月结束的完整区间的加油量之和 ÷ 里程之和 × 100；"
                  "没有里程表读数的车辆按出车登记的里程计算。")
    if without_litres:  # money-only fills (reimbursement ledgers): in the amounts, not in the litres or figure
        doc.paragraph(f"本月有 {fleet.without_litres_notice(without_litres)}（加油量一栏不含这些加油，金额一栏含）。")
    doc.heading("驾驶员油耗（按其加满结束的区间）")
    doc.table(["驾驶员", "区间数", "加油量（升）", "里程（公里）", "百公里油耗", "定额用油（升）", "超定额"],
              [(d.driver.name, d.segments, d.litres, d.distance_km, d.l_per_100km if d.l_per_100km is not None else "—",
                d.quota_litres, f"{d.over_quota_pct}%" if d.over_quota_pct is not None else "—")
               for d in fleet.driver_economy(first, last)],
              widths=[16, 10, 14, 14, 14, 16, 16], numeric=[1, 2, 3, 4, 5], empty="本月没有完整的加满区间")
    doc.heading("万里行车无事故")
    doc.table(["", "自上次有责事故以来（公里）", "折合（里）", "目标（里）", "上次有责事故"],
              [(r.name, r.km, r.li, r.target_li, r.last_accident or "—") for r in fleet.safe_driving()],
              widths=[20, 22, 18, 18, 22], numeric=[1, 2, 3])
    doc.signatures("制表人", "行政科负责人", "分管领导")
    return doc
