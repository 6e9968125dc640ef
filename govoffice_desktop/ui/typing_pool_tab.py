"""文印管理 tab."""
from __future__ import annotations

from govoffice_desktop.services import typing_pool
from govoffice_desktop.ui.list_tab import ListTab


class TypingPoolTab(ListTab):
    key = "typing_pool"

    def listing(self):
        return typing_pool.typing_log_listing()

    def headers(self):
        return [self.tr("日期"), self.tr("打字员"), self.tr("文稿标题"), self.tr("文号"), self.tr("页数"),
                self.tr("字数"), self.tr("差错"), self.tr("校对人"), self.tr("备注")]

    def search_hint(self):
        return self.tr("按打字员、标题、文号、校对人筛选")
