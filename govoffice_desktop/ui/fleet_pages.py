"""车辆油耗's pages of records other than the refuels: 出车 (the trips) and 事故违章, each a list with
the toolbar row of every list (登记…/修改… at the left, the search box, the vehicle filter, the
count, 导出…); a trips or incidents ledger dropped on it is imported as its kind.

Every figure and every refusal comes from services/fleet.py; these only show and collect."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox

from govoffice_desktop.services import fleet
from govoffice_desktop.ui.fleet_dialogs import IncidentDialog, TripDialog, choose_data, vehicle_combo
from govoffice_desktop.ui.list_tab import RecordList
from govoffice_desktop.ui.table_model import RowsWhenShown


class TripList(RecordList):
    """出车: search, sort, export, a vehicle filter, 出车登记… and 修改… (also a double-click)."""

    key = "fleet_trips"
    _filled = False  # the vehicle filter offers the vehicles (a page: once it is shown or used)
    import_kind = "trips"
    permission = "fleet.edit"

    def new_label(self) -> str:
        return self.tr("出车登记…")

    def note(self) -> str:
        return self.tr("没有里程表读数的车辆，百公里油耗按出车里程计算。")

    def table_title(self):
        return self.tr("出车登记")

    def listing(self):
        return fleet.trip_listing()

    def search_hint(self):
        return self.tr("按车牌号、驾驶员、用车人、事由、目的地筛选")

    # -- the vehicle filter
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        if isinstance(self.model, RowsWhenShown):  # the vehicles too when shown
            self.vehicle_filter = QComboBox(self)
            self.vehicle_filter.addItem(self.tr("全部"), None)
        else:
            self.vehicle_filter = vehicle_combo(self, blank=self.tr("全部"))
            self._filled = True
        self.vehicle_filter.setObjectName("filter_vehicle_id")
        self.vehicle_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        bar.addWidget(QLabel(self.tr("车辆："), self))
        bar.addWidget(self.vehicle_filter)

    def refresh(self) -> None:
        """The vehicles (one added since) and the rows again; the chosen vehicle stays chosen."""
        self._fill_vehicles()
        super().refresh()  # a page's first rows: its columns fitted to them (ListTab.refresh)

    def _fill_vehicles(self) -> None:
        self._filled = True
        current = self.vehicle_filter.currentData()
        fresh = vehicle_combo(self, blank=self.tr("全部"))
        self.vehicle_filter.blockSignals(True)
        self.vehicle_filter.clear()
        for i in range(fresh.count()):
            self.vehicle_filter.addItem(fresh.itemText(i), fresh.itemData(i))
        fresh.deleteLater()
        self.vehicle_filter.setCurrentIndex(max(self.vehicle_filter.findData(current), 0))
        self.vehicle_filter.blockSignals(False)
        self.model.filters = {"vehicle_id": self.vehicle_filter.currentData()}

    def apply_filters(self) -> None:
        self.model.set_filters({"vehicle_id": self.vehicle_filter.currentData()})

    def show_vehicle(self, vehicle_id: int | None) -> None:
        """Filtered to one vehicle (None: every vehicle)."""
        if not self._filled:
            self._fill_vehicles()
        if vehicle_id is None:
            self.vehicle_filter.setCurrentIndex(0)
        else:
            choose_data(self.vehicle_filter, vehicle_id)

    def clear_filters(self) -> None:
        self.vehicle_filter.setCurrentIndex(0)

    # -- the forms
    def new_row(self, trip=None) -> None:
        dialog = TripDialog(self, self.vehicle_filter.currentData(), trip)
        if self.run_dialog(dialog):
            trip = dialog.result_value
            self.show_change(self.tr("已登记出车") if dialog.trip is None else self.tr("已修改出车记录"), trip.id)
            overlap = fleet.overlap_message(trip)
            if overlap:
                QMessageBox.warning(self, self.tr("出车时间重叠"), self.tr("已保存。%1").replace("%1", overlap))

    def edit_row(self, row_id: int) -> None:
        trip = fleet.trip_by_id(row_id)
        if trip is not None:
            self.new_row(trip)


class IncidentList(TripList):
    """事故违章: as 出车, with 登记事故违章…."""

    key = "fleet_incidents"
    import_kind = "incidents"

    def new_label(self) -> str:
        return self.tr("登记事故违章…")

    def note(self) -> str:
        return ""

    def table_title(self):
        return self.tr("事故违章")

    def listing(self):
        return fleet.incident_listing()

    def search_hint(self):
        return self.tr("按车牌号、驾驶员、类别、责任、地点、经过筛选")

    def new_row(self, incident=None) -> None:
        dialog = IncidentDialog(self, self.vehicle_filter.currentData(), incident)
        if self.run_dialog(dialog):
            done = dialog.result_value
            self.show_change(self.tr("已登记事故违章") if dialog.incident is None else self.tr("已修改事故违章"),
                             getattr(done, "id", None))

    def edit_row(self, row_id: int) -> None:
        incident = fleet.incident_by_id(row_id)
        if incident is not None:
            self.new_row(incident)


class TripPage(TripList):
    """出车 as a page of 车辆油耗: its rows and vehicles read when first shown."""

    model_class = RowsWhenShown


class IncidentPage(IncidentList):
    """事故违章 as a page of 车辆油耗: its rows and vehicles read when first shown."""

    model_class = RowsWhenShown
