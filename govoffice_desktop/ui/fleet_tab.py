"""车辆油耗 tab."""
from __future__ import annotations

from govoffice_desktop.services import fleet
from govoffice_desktop.ui.list_tab import ListTab


class FleetTab(ListTab):
    key = "fleet"

    def listing(self):
        return fleet.refuel_listing()

    def headers(self):
        return [self.tr("加油时间"), self.tr("车牌号"), self.tr("驾驶员"), self.tr("加油量（升）"),
                self.tr("单价（元/升）"), self.tr("金额（元）"), self.tr("里程表（公里）"), self.tr("加满"),
                self.tr("加油站"), self.tr("油卡号")]

    def search_hint(self):
        return self.tr("按车牌号、驾驶员、加油站、油卡号筛选")
