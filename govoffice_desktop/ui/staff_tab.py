"""人员档案 tab."""
from __future__ import annotations

from govoffice_desktop.services import staff
from govoffice_desktop.ui.list_tab import ListTab


class StaffTab(ListTab):
    key = "staff"
    import_kind = "staff"

    def table_title(self):
        return self.tr("人员档案")

    def listing(self):
        return staff.person_listing()


    def search_hint(self):
        return self.tr("按姓名、科室、职务、职级、学历、状态、籍贯、电话筛选")
