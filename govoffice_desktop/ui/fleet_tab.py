"""车辆油耗 tab."""
from __future__ import annotations

from govoffice_desktop.services import fleet
from govoffice_desktop.ui.list_tab import ListTab


class FleetTab(ListTab):
    key = "fleet"
    import_kind = "refuels"

    def table_title(self):
        return self.tr("加油记录")

    def listing(self):
        return fleet.refuel_listing()


    def search_hint(self):
        return self.tr("按车牌号、驾驶员、加油站、油卡号筛选")
