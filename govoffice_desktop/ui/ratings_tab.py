"""季度评议 tab."""
from __future__ import annotations

from govoffice_desktop.services import ratings
from govoffice_desktop.ui.list_tab import ListTab


class RatingsTab(ListTab):
    key = "ratings"

    def table_title(self):
        return self.tr("评议票数")

    def listing(self):
        return ratings.tally_listing()


    def search_hint(self):
        return self.tr("按方向、评议组、科室、等次筛选")
