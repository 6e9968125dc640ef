"""文印管理 tab."""
from __future__ import annotations

from govoffice_desktop.services import typing_pool
from govoffice_desktop.ui.list_tab import ListTab


class TypingPoolTab(ListTab):
    key = "typing_pool"

    def table_title(self):
        return self.tr("文印登记")

    def listing(self):
        return typing_pool.typing_log_listing()


    def search_hint(self):
        return self.tr("按打字员、标题、文号、校对人筛选")
