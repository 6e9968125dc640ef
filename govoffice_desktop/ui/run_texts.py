"""The zero-defect campaigns' figures in words, for 首页 and the campaign panels (ui/forms.RunPanel's
users): apart from ui/forms.py so that 首页, shown first, loads none of the forms' pieces."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def driving_summary_texts(d) -> tuple[float, str, str, str]:
    """万里行车无事故 in a few words (a campaigns.DrivingSummary): the share of drivers who have reached
    the target, "n / m 名已达 10,000 里", "最接近：…" (or ""), and the last at-fault accident."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("Campaigns", text)

    def number(value) -> str:
        return f"{value.normalize():,f}"

    total = len(d.drivers)
    headline = tr("%1 / %2 名已达 %3 里").replace("%1", str(len(d.reached))).replace("%2", str(total)) \
        .replace("%3", number(d.target_li))
    nearest = "" if d.nearest is None else tr("最接近：%1 %2 里（%3 公里）").replace("%1", d.nearest.name).replace(
        "%2", number(d.nearest.li)).replace("%3", number(d.nearest.km))
    a = d.last_accident
    if a is not None:
        who = a.driver.name if a.driver_id else (a.driver_name or a.vehicle.plate)
        last = tr("上次有责事故 %1（%2）").replace("%1", a.occurred_on.isoformat()).replace("%2", who)
    else:
        last = tr("没有有责事故") if total else tr("还没有驾驶员")
    return (len(d.reached) / total if total else 0.0), headline, nearest, last
