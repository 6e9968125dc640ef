"""季度评议 tab."""
from __future__ import annotations

from govoffice_desktop.services import ratings
from govoffice_desktop.ui.list_tab import ListTab


class RatingsTab(ListTab):
    key = "ratings"

    def listing(self):
        return ratings.tally_listing()

    def headers(self):
        return [self.tr("评议期"), self.tr("方向"), self.tr("评议组"), self.tr("被评对象"), self.tr("等次"),
                self.tr("票数")]

    def search_hint(self):
        return self.tr("按方向、评议组、科室、等次筛选")
