"""人员档案 tab."""
from __future__ import annotations

from govoffice_desktop.services import staff
from govoffice_desktop.ui.list_tab import ListTab


class StaffTab(ListTab):
    key = "staff"

    def listing(self):
        return staff.person_listing()

    def headers(self):
        return [self.tr("姓名"), self.tr("性别"), self.tr("科室"), self.tr("职务"), self.tr("职级"),
                self.tr("学历"), self.tr("政治面貌"), self.tr("出生年月"), self.tr("调入时间"),
                self.tr("状态"), self.tr("籍贯"), self.tr("联系电话"), self.tr("身份证号")]

    def search_hint(self):
        return self.tr("按姓名、科室、职务、职级、学历、状态、籍贯、电话筛选")
