"""住房 and 家属安置: the requests in the order they are worked through (先外后内), new requests,
and moving a request on to 办理中, 已解决 or 不予解决."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from govoffice_desktop.models.staff import HousingRequest
from govoffice_desktop.services import staff
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.forms import (guard, PanelDialog, ServiceDialog, date_edit, date_of, em, fill_table,
                                        read_only_table, selected_id)


class WelfareDialog(PanelDialog):
    """Two lists, 住房 and 家属安置, each with its queue first."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("住房与家属安置"))
        self.resize(em(self, 62), em(self, 30))
        self.tabs = QTabWidget(self)
        self.tables = {}
        headers = {
            "housing": [self.tr("顺序"), self.tr("姓名"), self.tr("科室"), self.tr("外地"), self.tr("申请日期"),
                        self.tr("需求"), self.tr("状态"), self.tr("办结日期"), self.tr("住房地址")],
            "family": [self.tr("顺序"), self.tr("姓名"), self.tr("科室"), self.tr("外地"), self.tr("申请日期"),
                       self.tr("家属"), self.tr("关系"), self.tr("原单位"), self.tr("状态"), self.tr("办结日期"),
                       self.tr("安置单位")],
        }
        for kind, label in ((k, self.tr(v)) for k, v in staff.WELFARE_KINDS.items()):
            table = read_only_table(self, headers[kind])
            self.tables[kind] = table
            self.tabs.addTab(table, label)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("新申请…"), self.new_request), (self.tr("开始办理"), self.start),
                           (self.tr("办结…"), self.settle)):
            button = guard(QPushButton(text, self), "staff.edit")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("先外后内：外地人员优先，同类按申请先后办理。"), self))
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.reload()

    @property
    def kind(self) -> str:
        return list(self.tables)[self.tabs.currentIndex()]

    def reload(self) -> None:
        for kind, table in self.tables.items():
            requests = staff.welfare_requests(kind)
            rows = []
            for n, r in enumerate(requests, start=1):
                p = r.person
                queued = r.status in ("待办", "办理中")
                head = (n if queued else "", p.name, p.section.name if p.section_id else "", p.out_of_town, r.requested_on)
                if kind == "housing":
                    rows.append((*head, r.need, r.status, r.settled_on, r.address))
                else:
                    rows.append((*head, r.relative_name, r.relation, r.current_unit, r.status, r.settled_on,
                                 r.placed_unit))
            fill_table(table, rows, [r.id for r in requests])

    def _selected(self):
        return staff.welfare_request_by_id(self.kind, selected_id(self.tables[self.kind]))

    def new_request(self) -> None:
        if WelfareRequestDialog(self.kind, self, self.today).exec():
            self.changed = True
            self.reload()

    def start(self) -> None:
        request = self._selected()
        if request is not None:
            self.act(staff.settle_welfare_request, request, "办理中")

    def settle(self) -> None:
        request = self._selected()
        if request is not None and SettleDialog(request, self, self.today).exec():
            self.changed = True
            self.reload()


class WelfareRequestDialog(ServiceDialog):
    def __init__(self, kind: str, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(self.tr("新的%1申请").replace("%1", self.tr(staff.WELFARE_KINDS[kind])))
        self.person = QComboBox(self)
        for p in staff.people_on_staff():
            mark = self.tr("（外地）") if p.out_of_town else ""
            self.person.addItem(f"{p.name}{mark}", p)
        self.requested_on = date_edit(self, today)
        self.need = QLineEdit(self)
        self.need.setMinimumWidth(em(self, 20))
        form = QFormLayout(self)
        form.addRow(self.tr("申请人 *"), self.person)
        form.addRow(self.tr("申请日期 *"), self.requested_on)
        self.relative = self.relation = self.unit = None
        if kind == "family":
            self.relative, self.relation, self.unit = QLineEdit(self), QLineEdit(self), QLineEdit(self)
            self.relation.setPlaceholderText(self.tr("如：配偶、子女"))
            form.addRow(self.tr("家属姓名 *"), self.relative)
            form.addRow(self.tr("关系"), self.relation)
            form.addRow(self.tr("原工作单位"), self.unit)
            form.addRow(self.tr("备注"), self.need)
        else:
            form.addRow(self.tr("住房需求"), self.need)
        form.addRow(self.buttons)

    def submit(self):
        person = self.person.currentData()
        if person is None:
            raise BadValue(self.tr("请先选择申请人"))
        extra = {}
        if self.kind == "family":
            extra = {"relative_name": self.relative.text(), "relation": self.relation.text(),
                     "current_unit": self.unit.text()}
        return staff.add_welfare_request(self.kind, person, date_of(self.requested_on), self.need.text(), **extra)


class SettleDialog(ServiceDialog):
    """办结: 已解决 with the address or unit, or 不予解决 with the reason."""

    def __init__(self, request, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.request = request
        self.setWindowTitle(self.tr("办结：%1").replace("%1", request.person.name))
        self.status = QComboBox(self)
        self.status.addItem(self.tr("已解决"), "已解决")
        self.status.addItem(self.tr("不予解决"), "不予解决")
        self.settled_on = date_edit(self, today)
        self.result = QLineEdit(self)
        self.result.setMinimumWidth(em(self, 20))
        housing = isinstance(request, HousingRequest)
        self.result.setPlaceholderText(self.tr("住房地址") if housing else self.tr("安置单位"))
        form = QFormLayout(self)
        form.addRow(self.tr("结果"), self.status)
        form.addRow(self.tr("办结日期"), self.settled_on)
        form.addRow(self.tr("住房地址") if housing else self.tr("安置单位"), self.result)
        form.addRow(self.buttons)

    def submit(self):
        return staff.settle_welfare_request(self.request, self.status.currentData(), date_of(self.settled_on),
                                            self.result.text())
