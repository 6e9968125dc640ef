"""车辆 forms and panels: a refuel (加油登记), the vehicles (车辆), trips (出车登记), incidents (事故违章),
the month's rewards and penalties (月度奖惩, 结账) and the settings (超定额、万里目标).

Every figure and every refusal comes from services/fleet.py; these only show and collect."""
from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QTime, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateTimeEdit, QDialog, QFormLayout, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from govoffice_desktop.models.db import database
from govoffice_desktop.models.fleet import FUEL_TYPES, INCIDENT_KINDS, RESPONSIBILITIES, VEHICLE_STATUSES
from govoffice_desktop.services import fleet
from govoffice_desktop.ui.forms import (set_enabled, guard, OptionalDateEdit, PanelDialog, ServiceDialog, date_edit, date_of, span_row,
                                        em, fill_table, hint, read_only_table, select_id, selected_id)
from govoffice_desktop.texts import month_text
from govoffice_desktop.ui.month_picker import MonthPicker

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def tr(text: str) -> str:
    return QCoreApplication.translate("fleet", text)


def text_of(value) -> str:
    return "" if value is None else str(value)


def figure_edit(parent: QWidget, placeholder: str = "", value=None) -> QLineEdit:
    """A number typed as text (the service reads it: full-width digits and commas too)."""
    edit = QLineEdit(parent)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setPlaceholderText(placeholder)
    edit.setText(text_of(value))
    return edit


def datetime_edit(parent: QWidget, value: datetime | None = None) -> QDateTimeEdit:
    edit = QDateTimeEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setDateTime(QDateTime(value or datetime.now().replace(second=0, microsecond=0)))
    return edit


def datetime_of(edit: QDateTimeEdit) -> datetime:
    return edit.dateTime().toPython().replace(second=0, microsecond=0)


class OptionalDateTimeEdit(QWidget):
    """A date and time that may be left out: a tick box before the field (unticked = not filled in)."""

    def __init__(self, parent: QWidget | None = None, value: datetime | None = None):
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.check.setToolTip(tr("勾选后填写时间；不勾选表示未填"))
        self.edit = datetime_edit(self, value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)

    def value(self) -> datetime | None:
        return datetime_of(self.edit) if self.check.isChecked() else None

    def setDateTime(self, value: QDateTime) -> None:
        self.edit.setDateTime(value)
        self.check.setChecked(True)

    def setDate(self, day) -> None:
        """Another day, the time kept (filled in or not)."""
        self.edit.setDate(day)


def vehicle_combo(parent: QWidget, current=None, blank: str | None = None) -> QComboBox:
    """The vehicles in use (ids as data); ``current`` is offered even when scrapped."""
    combo = QComboBox(parent)
    if blank is not None:
        combo.addItem(blank, None)
    cars = fleet.vehicle_names()
    for vehicle in cars:
        combo.addItem(vehicle_text(vehicle), vehicle.id)
    if current is not None and current.id not in [v.id for v in cars]:
        combo.addItem(vehicle_text(current), current.id)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.id))
    return combo


def vehicle_text(vehicle) -> str:
    return f"{vehicle.plate}（{vehicle.brand_model}）" if vehicle.brand_model else vehicle.plate


def driver_combo(parent: QWidget, current=None, name: str = "") -> QComboBox:
    """The drivers (person ids as data), with 未填 first; a past driver or a bare name is kept."""
    combo = QComboBox(parent)
    combo.addItem(tr("（未填）"), None)
    people = fleet.drivers()
    for person in people:
        combo.addItem(person.name, person.id)
    if current is not None and current.id not in [p.id for p in people]:
        combo.addItem(tr("%1（%2）").replace("%1", current.name).replace("%2", current.status), current.id)
    if current is not None:
        combo.setCurrentIndex(combo.findData(current.id))
    elif name:  # an imported row whose name matched nobody
        combo.insertItem(1, tr("%1（未关联人员档案）").replace("%1", name), "")
        combo.setCurrentIndex(1)
    return combo


def driver_data(combo: QComboBox, name: str = "") -> dict:
    value = combo.currentData()
    if value == "":
        return {"driver": None, "driver_name": name}
    return {"driver": value}


def choose_data(combo: QComboBox, value) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


# ---------------------------------------------------------------- 加油登记 / 修改
class RefuelDialog(ServiceDialog):
    """One refuel → fleet.record_refuel (a new one, or ``refuel`` corrected)."""

    def __init__(self, refuel=None, parent: QWidget | None = None, vehicle_id: int | None = None):
        super().__init__(parent)
        self.refuel = refuel
        self.setWindowTitle(self.tr("修改加油记录") if refuel else self.tr("加油登记"))
        self.vehicle = vehicle_combo(self, refuel.vehicle if refuel else None)
        if refuel is None and vehicle_id is not None:
            choose_data(self.vehicle, vehicle_id)
        self.filled_at = datetime_edit(self, refuel.filled_at if refuel else None)
        self.filled_at.setMaximumDateTime(QDateTime(datetime.now().replace(hour=23, minute=59)))
        self.driver = driver_combo(self, refuel.driver if refuel and refuel.driver_id else None,
                                   refuel.driver_name if refuel else "")
        # A fill of a reimbursement ledger, or one entered as 金额 only, has its litres unknown.
        self.litres = figure_edit(self, self.tr("升") if refuel is None or refuel.litres is not None
                                  else self.tr("升数未知"), refuel.litres if refuel else None)
        self.unit_price = figure_edit(self, self.tr("元/升"), refuel.unit_price if refuel else None)
        self.amount = figure_edit(self, self.tr("元"), refuel.amount if refuel else None)
        self.odometer = figure_edit(self, self.tr("公里（油卡流水没有可不填）"), refuel.odometer if refuel else None)
        self.full_tank = QCheckBox(self.tr("加满"), self)
        self.full_tank.setChecked(refuel.full_tank if refuel else True)
        self.full_tank.setToolTip(self.tr("百公里油耗从一次加满算到下一次加满；未加满的油量计入下一次加满"))
        self.missed_previous = QCheckBox(self.tr("上次漏记"), self)
        self.missed_previous.setChecked(refuel.missed_previous if refuel else False)
        self.missed_previous.setToolTip(self.tr("此前有一次加油没有登记：油耗从这次起重新计算"))
        self.station = QLineEdit(self)
        self.station.setMaxLength(60)
        self.card_no = QLineEdit(self)
        self.card_no.setMaxLength(30)
        self.receipt_no = QLineEdit(self)
        self.receipt_no.setMaxLength(40)
        self.note = QLineEdit(self)
        self.note.setMinimumWidth(em(self, 22))
        if refuel is not None:
            for edit, key in ((self.station, "station"), (self.card_no, "card_no"), (self.receipt_no, "receipt_no"),
                              (self.note, "note")):
                edit.setText(getattr(refuel, key))
        self.vehicle.currentIndexChanged.connect(self._vehicle_changed)
        if refuel is None:
            self._vehicle_changed()

        figures = QWidget(self)
        grid = QGridLayout(figures)
        grid.setContentsMargins(0, 0, 0, 0)
        for col, (label, edit) in enumerate(((self.tr("加油量"), self.litres), (self.tr("单价"), self.unit_price),
                                             (self.tr("金额"), self.amount))):
            grid.addWidget(QLabel(label, figures), 0, col)
            grid.addWidget(edit, 1, col)
        flags = QHBoxLayout()
        flags.addWidget(self.full_tank)
        flags.addWidget(self.missed_previous)
        flags.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("车辆 *"), self.vehicle)
        form.addRow(self.tr("加油时间 *"), self.filled_at)
        form.addRow(self.tr("驾驶员"), self.driver)
        form.addRow(self.tr("油量与金额 *"), figures)
        form.addRow("", hint(self.tr("加油量、单价、金额任填两项，第三项自动算出；三项都填时须相符。"
                                     "只知道金额（报销单）时只填金额：升数未知，计入金额，不计入百公里油耗。"), self))
        form.addRow(self.tr("里程表"), self.odometer)
        form.addRow("", flags)
        form.addRow(self.tr("加油站"), self.station)
        form.addRow(self.tr("油卡号"), self.card_no)
        form.addRow(self.tr("票据号"), self.receipt_no)
        form.addRow(self.tr("备注"), self.note)
        layout = QVBoxLayout(self)
        if self.vehicle.count() == 0:
            layout.addWidget(hint(self.tr("还没有车辆：请先在“车辆…”中登记。"), self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _vehicle_changed(self, *_args) -> None:
        """A new refuel: the vehicle's assigned driver is offered."""
        if self.refuel is not None:
            return
        vehicle = fleet.vehicle_by_id(self.vehicle.currentData())
        if vehicle is not None and vehicle.driver_id is not None:
            choose_data(self.driver, vehicle.driver_id)

    def data(self) -> dict:
        data = {"vehicle": self.vehicle.currentData(), "filled_at": datetime_of(self.filled_at),
                "litres": self.litres.text().strip() or None, "unit_price": self.unit_price.text().strip() or None,
                "amount": self.amount.text().strip() or None, "odometer": self.odometer.text().strip() or None,
                "full_tank": self.full_tank.isChecked(), "missed_previous": self.missed_previous.isChecked(),
                "station": self.station.text(), "card_no": self.card_no.text(), "receipt_no": self.receipt_no.text(),
                "note": self.note.text()}
        data.update(driver_data(self.driver, self.refuel.driver_name if self.refuel else ""))
        return data

    def submit(self):
        return fleet.record_refuel(self.data(), self.refuel)


# ---------------------------------------------------------------- 车辆
class VehicleDialog(ServiceDialog):
    """One vehicle → fleet.save_vehicle."""

    def __init__(self, vehicle=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.vehicle = vehicle
        self.setWindowTitle(self.tr("修改车辆") if vehicle else self.tr("新增车辆"))
        self.plate = QLineEdit(self)
        self.plate.setPlaceholderText(self.tr("如：苏N·A1234"))
        self.brand_model = QLineEdit(self)
        self.brand_model.setMaxLength(60)
        self.brand_model.setMinimumWidth(em(self, 18))
        self.fuel_type = QComboBox(self)
        self.fuel_type.addItems([self.tr(f) for f in FUEL_TYPES])
        self.fuel_quota = figure_edit(self, self.tr("升/百公里"))
        self.driver = driver_combo(self, vehicle.driver if vehicle and vehicle.driver_id else None)
        self.status = QComboBox(self)
        self.status.addItems([self.tr(s) for s in VEHICLE_STATUSES])
        self.purchased_on = OptionalDateEdit(self)
        self.inspection_due = OptionalDateEdit(self)
        self.insurance_due = OptionalDateEdit(self)
        self.service_due = OptionalDateEdit(self)
        self.note = QLineEdit(self)
        if vehicle is not None:
            self.plate.setText(vehicle.plate)
            self.brand_model.setText(vehicle.brand_model)
            self.fuel_type.setCurrentIndex(max(0, FUEL_TYPES.index(vehicle.fuel_type)
                                               if vehicle.fuel_type in FUEL_TYPES else 0))
            self.fuel_quota.setText(text_of(vehicle.fuel_quota))
            self.status.setCurrentIndex(VEHICLE_STATUSES.index(vehicle.status))
            for edit, key in ((self.purchased_on, "purchased_on"), (self.inspection_due, "inspection_due"),
                              (self.insurance_due, "insurance_due"), (self.service_due, "service_due")):
                edit.set_value(getattr(vehicle, key))
            self.note.setText(vehicle.note)
        form = QFormLayout()
        form.addRow(self.tr("车牌号 *"), self.plate)
        form.addRow(self.tr("品牌型号"), self.brand_model)
        form.addRow(self.tr("燃油"), self.fuel_type)
        form.addRow(self.tr("油耗定额"), self.fuel_quota)
        form.addRow(self.tr("驾驶员"), self.driver)
        form.addRow(self.tr("状态"), self.status)
        form.addRow(self.tr("购置日期"), self.purchased_on)
        form.addRow(self.tr("年检到期"), self.inspection_due)
        form.addRow(self.tr("保险到期"), self.insurance_due)
        form.addRow(self.tr("保养到期"), self.service_due)
        form.addRow(self.tr("备注"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("到期日期在首页提醒。驾驶员须在人员档案中标为驾驶员。"), self))
        layout.addWidget(self.buttons)

    def data(self) -> dict:
        return {"plate": self.plate.text(), "brand_model": self.brand_model.text(),
                "fuel_type": FUEL_TYPES[self.fuel_type.currentIndex()],
                "fuel_quota": self.fuel_quota.text().strip() or None, "driver": self.driver.currentData() or None,
                "status": VEHICLE_STATUSES[self.status.currentIndex()], "purchased_on": self.purchased_on.value(),
                "inspection_due": self.inspection_due.value(), "insurance_due": self.insurance_due.value(),
                "service_due": self.service_due.value(), "note": self.note.text()}

    def submit(self):
        return fleet.save_vehicle(self.data(), self.vehicle)


class VehiclesDialog(PanelDialog):
    """车辆: the vehicles (scrapped ones too), 新增… and 修改…."""

    HEADERS = (QT_TRANSLATE_NOOP("VehiclesDialog", "车牌号"), QT_TRANSLATE_NOOP("VehiclesDialog", "品牌型号"),
               QT_TRANSLATE_NOOP("VehiclesDialog", "燃油"), QT_TRANSLATE_NOOP("VehiclesDialog", "油耗定额\n（升/百公里）"),
               QT_TRANSLATE_NOOP("VehiclesDialog", "驾驶员"), QT_TRANSLATE_NOOP("VehiclesDialog", "状态"),
               QT_TRANSLATE_NOOP("VehiclesDialog", "购置日期"), QT_TRANSLATE_NOOP("VehiclesDialog", "年检到期"),
               QT_TRANSLATE_NOOP("VehiclesDialog", "保险到期"), QT_TRANSLATE_NOOP("VehiclesDialog", "保养到期"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("车辆"))
        self.resize(em(self, 70), em(self, 30))
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=1)
        self.table.doubleClicked.connect(lambda _i: self.edit_vehicle())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.new_button = QPushButton(self.tr("新增…"), self)
        guard(self.new_button, "fleet.edit")
        self.new_button.clicked.connect(self.new_vehicle)
        self.edit_button = QPushButton(self.tr("修改…"), self)
        guard(self.edit_button, "fleet.edit")
        self.edit_button.clicked.connect(self.edit_vehicle)
        bar = QHBoxLayout()
        bar.addWidget(hint(self.tr("红色：年检、保险或保养已到期。"), self), 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        cars = fleet.vehicles(include_scrapped=True)
        today = date.today()
        rows, red = [], []
        for i, v in enumerate(cars):
            rows.append((v.plate, v.brand_model, v.fuel_type, v.fuel_quota, v.driver.name if v.driver_id else "",
                         v.status, v.purchased_on, v.inspection_due, v.insurance_due, v.service_due))
            if v.status != "报废" and any(d is not None and d < today
                                         for d in (v.inspection_due, v.insurance_due, v.service_due)):
                red.append(i)
        fill_table(self.table, rows, [v.id for v in cars], red_rows=red)
        if select is not None:
            select_id(self.table, select)
        self._update_buttons()

    def _update_buttons(self) -> None:
        set_enabled(self.edit_button, selected_id(self.table) is not None)

    def _open(self, dialog: VehicleDialog) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.reload(select=dialog.result_value.id)
        dialog.deleteLater()

    def new_vehicle(self) -> None:
        self._open(VehicleDialog(parent=self))

    def edit_vehicle(self) -> None:
        vehicle = fleet.vehicle_by_id(selected_id(self.table))
        if vehicle is not None:
            self._open(VehicleDialog(vehicle, self))


# ---------------------------------------------------------------- 出车登记
class TripDialog(ServiceDialog):
    """One trip → fleet.record_trip (a new one, or ``trip`` corrected); an overlap is allowed but
    shown by whoever opened this."""

    def __init__(self, parent: QWidget | None = None, vehicle_id: int | None = None, trip=None):
        super().__init__(parent)
        self.trip = trip
        self.setWindowTitle(self.tr("修改出车登记") if trip is not None else self.tr("出车登记"))
        self.trip_date = date_edit(self)
        self.vehicle = vehicle_combo(self)
        if vehicle_id is not None:
            choose_data(self.vehicle, vehicle_id)
        self.driver = driver_combo(self)
        self.requested_by = QLineEdit(self)
        self.requested_by.setMaxLength(30)
        self.purpose = QLineEdit(self)
        self.purpose.setMaxLength(100)
        self.purpose.setMinimumWidth(em(self, 22))
        self.destination = QLineEdit(self)
        self.destination.setMaxLength(100)
        self.departed_at = OptionalDateTimeEdit(self)
        self.returned_at = OptionalDateTimeEdit(self)
        self._date_changed(self.trip_date.date())
        self.odometer_start = figure_edit(self, self.tr("公里"))
        self.odometer_end = figure_edit(self, self.tr("公里"))
        self.distance = figure_edit(self, self.tr("公里（有里程表读数时自动算出）"))
        self.note = QLineEdit(self)
        self.vehicle.currentIndexChanged.connect(self._vehicle_changed)
        self.trip_date.dateChanged.connect(self._date_changed)
        self._vehicle_changed()
        times = span_row(self, self.departed_at, self.returned_at, stretch=True)
        odometers = span_row(self, self.odometer_start, self.odometer_end, stretch=True)
        form = QFormLayout()
        form.addRow(self.tr("出车日期 *"), self.trip_date)
        form.addRow(self.tr("车辆 *"), self.vehicle)
        form.addRow(self.tr("驾驶员"), self.driver)
        form.addRow(self.tr("用车人"), self.requested_by)
        form.addRow(self.tr("事由"), self.purpose)
        form.addRow(self.tr("目的地"), self.destination)
        form.addRow(self.tr("出车—返回时间"), times)
        form.addRow(self.tr("里程表（出车—返回）"), odometers)
        form.addRow(self.tr("行驶里程"), self.distance)
        form.addRow(self.tr("备注"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("同一车辆或驾驶员出车时间重叠的，仍可保存，但会提示。"), self))
        layout.addWidget(self.buttons)
        if trip is not None:
            self._load(trip)

    def _load(self, trip) -> None:
        self.trip_date.setDate(QDate(trip.trip_date))
        choose_data(self.vehicle, trip.vehicle_id)
        choose_data(self.driver, trip.driver_id)
        self.requested_by.setText(trip.requested_by)
        self.purpose.setText(trip.purpose)
        self.destination.setText(trip.destination)
        for edit, value in ((self.departed_at, trip.departed_at), (self.returned_at, trip.returned_at)):
            if value is not None:
                edit.setDateTime(QDateTime(value))
            else:
                edit.check.setChecked(False)
        self.odometer_start.setText("" if trip.odometer_start is None else str(trip.odometer_start))
        self.odometer_end.setText("" if trip.odometer_end is None else str(trip.odometer_end))
        self.distance.setText("" if trip.distance_km is None else str(trip.distance_km))
        self.note.setText(trip.note)

    def _vehicle_changed(self, *_args) -> None:
        vehicle = fleet.vehicle_by_id(self.vehicle.currentData())
        if vehicle is not None and vehicle.driver_id is not None:
            choose_data(self.driver, vehicle.driver_id)

    def _date_changed(self, day) -> None:
        """The times follow the trip's date (08:00 and 12:00 until they are filled in)."""
        for edit, hour in ((self.departed_at, 8), (self.returned_at, 12)):
            if edit.value() is None:
                edit.edit.setDateTime(QDateTime(day, QTime(hour, 0)))
            else:
                edit.setDate(day)

    def data(self) -> dict:
        data = {"trip_date": date_of(self.trip_date), "vehicle": self.vehicle.currentData(),
                "requested_by": self.requested_by.text(), "purpose": self.purpose.text(),
                "destination": self.destination.text(), "departed_at": self.departed_at.value(),
                "returned_at": self.returned_at.value(),
                "odometer_start": self.odometer_start.text().strip() or None,
                "odometer_end": self.odometer_end.text().strip() or None,
                "distance_km": self.distance.text().strip() or None, "note": self.note.text()}
        data.update(driver_data(self.driver))
        return data

    def submit(self):
        return fleet.record_trip(self.data(), self.trip)


# ---------------------------------------------------------------- 事故违章
class IncidentDialog(ServiceDialog):
    """One accident or violation → fleet.record_incident (a new one, or ``incident`` corrected)."""

    def __init__(self, parent: QWidget | None = None, vehicle_id: int | None = None, incident=None):
        super().__init__(parent)
        self.incident = incident
        self.setWindowTitle(self.tr("修改事故违章") if incident is not None else self.tr("事故违章登记"))
        self.occurred_on = date_edit(self)
        self.vehicle = vehicle_combo(self)
        if vehicle_id is not None:
            choose_data(self.vehicle, vehicle_id)
        self.driver = driver_combo(self)
        self.kind = QComboBox(self)
        self.kind.addItems([self.tr(k) for k in INCIDENT_KINDS])
        self.responsibility = QComboBox(self)
        self.responsibility.addItems([self.tr(r) for r in RESPONSIBILITIES])
        self.responsibility.setCurrentIndex(RESPONSIBILITIES.index("无责任"))
        self.damage_cost = figure_edit(self, self.tr("元"))
        self.fine = figure_edit(self, self.tr("元"))
        self.points = QSpinBox(self)
        self.points.setRange(0, 12)
        self.points.setSuffix(self.tr(" 分"))
        self.location = QLineEdit(self)
        self.location.setMaxLength(100)
        self.description = QLineEdit(self)
        self.description.setMinimumWidth(em(self, 24))
        self.vehicle.currentIndexChanged.connect(self._vehicle_changed)
        self._vehicle_changed()
        form = QFormLayout()
        form.addRow(self.tr("发生日期 *"), self.occurred_on)
        form.addRow(self.tr("车辆 *"), self.vehicle)
        form.addRow(self.tr("驾驶员"), self.driver)
        form.addRow(self.tr("类别 *"), self.kind)
        form.addRow(self.tr("责任"), self.responsibility)
        form.addRow(self.tr("损失"), self.damage_cost)
        form.addRow(self.tr("罚款"), self.fine)
        form.addRow(self.tr("扣分"), self.points)
        form.addRow(self.tr("地点"), self.location)
        form.addRow(self.tr("经过"), self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("全部、主要或同等责任的事故，驾驶员的“万里行车无事故”从零算起。"), self))
        layout.addWidget(self.buttons)
        if incident is not None:
            self._load(incident)

    def _load(self, incident) -> None:
        self.occurred_on.setDate(QDate(incident.occurred_on))
        choose_data(self.vehicle, incident.vehicle_id)
        choose_data(self.driver, incident.driver_id)
        self.kind.setCurrentIndex(INCIDENT_KINDS.index(incident.kind))
        self.responsibility.setCurrentIndex(RESPONSIBILITIES.index(incident.responsibility))
        self.damage_cost.setText(str(incident.damage_cost) if incident.damage_cost else "")
        self.fine.setText(str(incident.fine) if incident.fine else "")
        self.points.setValue(incident.points)
        self.location.setText(incident.location)
        self.description.setText(incident.description)

    def _vehicle_changed(self, *_args) -> None:
        vehicle = fleet.vehicle_by_id(self.vehicle.currentData())
        if vehicle is not None and vehicle.driver_id is not None:
            choose_data(self.driver, vehicle.driver_id)

    def data(self) -> dict:
        data = {"occurred_on": date_of(self.occurred_on), "vehicle": self.vehicle.currentData(),
                "kind": INCIDENT_KINDS[self.kind.currentIndex()],
                "responsibility": RESPONSIBILITIES[self.responsibility.currentIndex()],
                "damage_cost": self.damage_cost.text().strip() or None, "fine": self.fine.text().strip() or None,
                "points": self.points.value(), "location": self.location.text(),
                "description": self.description.text()}
        data.update(driver_data(self.driver))
        return data

    def submit(self):
        return fleet.record_incident(self.data(), self.incident)


# ---------------------------------------------------------------- 月度奖惩 / 结账
def previous_month(today: date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


class FleetMonthDialog(PanelDialog):
    """What closing a month posts (车辆燃料 and 行车安全); 结账 posts it, 撤销结账 takes it back."""

    HEADERS = (QT_TRANSLATE_NOOP("FleetMonthDialog", "人员"), QT_TRANSLATE_NOOP("FleetMonthDialog", "类别"),
               QT_TRANSLATE_NOOP("FleetMonthDialog", "金额（元）"), QT_TRANSLATE_NOOP("FleetMonthDialog", "事由"))

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.message = ""
        self.setWindowTitle(self.tr("车辆月度奖惩"))
        self.resize(em(self, 76), em(self, 32))
        self.month_picker = MonthPicker(self, "fleet", ended=True)
        self.month_picker.reload(self.today)
        self.month_picker.month_changed.connect(lambda _y, _m: self.reload())
        self.close_button = QPushButton(self.tr("结账…"), self)
        guard(self.close_button, "fleet.close")
        self.close_button.setToolTip(self.tr("把本月的燃油节超和行车安全奖惩记入奖惩台账"))
        self.close_button.clicked.connect(self.close_month)
        self.reopen_button = QPushButton(self.tr("撤销结账…"), self)
        guard(self.reopen_button, "fleet.close")
        self.reopen_button.setToolTip(self.tr("撤回本月记入奖惩台账的车辆奖惩（奖金表定稿后不能撤销）"))
        self.reopen_button.clicked.connect(self.reopen_month)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份："), self))
        top.addWidget(self.month_picker)
        top.addStretch(1)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)
        self.table = read_only_table(self, [self.tr(h) for h in self.HEADERS], stretch=3)
        self.total = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addWidget(hint(self.tr("燃油按驾驶员所驾车辆本月完整加满段的定额与实耗计算；有责事故、违章按奖惩规定。"
                                      "正数为奖励，负数为扣款。"), self), 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.reload()

    def period(self) -> tuple[int, int]:
        return self.month_picker.month()

    def period_text(self) -> str:
        return month_text(*self.month_picker.month())

    def reload(self) -> None:
        self.entries = fleet.fleet_month_entries(*self.period())
        rows = [(e.person.name, e.category, e.amount, e.reason) for e in self.entries]
        fill_table(self.table, rows, [e.person.id for e in self.entries],
                   red_rows=[i for i, e in enumerate(self.entries) if e.amount < 0])
        for row in range(self.table.rowCount()):
            self.table.item(row, 2).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total = sum((e.amount for e in self.entries), 0)
        closed, final = fleet.fleet_month_state(*self.period())
        set_enabled(self.close_button, not closed and not final)
        set_enabled(self.reopen_button, closed and not final)
        state = self.tr("奖金表已定稿") if final else (self.tr("已结账") if closed else self.tr("未结账"))
        self.total.setText(self.tr("%1 条，合计 %2 元（%3）").replace("%1", str(len(self.entries)))
                           .replace("%2", str(total)).replace("%3", state))

    def close_month(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("结账"),
            self.tr("把 %1 的车辆奖惩（%2 条）记入奖惩台账？\n结账后如需更正，可撤销结账（奖金表定稿前）。")
            .replace("%1", self.period_text()).replace("%2", str(len(self.entries))))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, posted = self.act(fleet.close_fleet_month, *self.period())
        if ok:
            self.message = (self.tr("%1 车辆奖惩已结账，%2 条记入奖惩台账")
                            .replace("%1", self.period_text()).replace("%2", str(len(posted))))

    def reopen_month(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("撤销结账"),
            self.tr("撤销 %1 的车辆奖惩结账？记入奖惩台账的条目将一并撤回。").replace("%1", self.period_text()))
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _ = self.act(fleet.reopen_fleet_month, *self.period())
        if ok:
            self.message = self.tr("%1 车辆奖惩已撤销结账").replace("%1", self.period_text())


# ---------------------------------------------------------------- 设置
class FleetSettingsDialog(ServiceDialog):
    """The over-quota threshold and the 万里行车无事故 target."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("车辆设置"))
        self.over_quota = figure_edit(self, "%", fleet.setting_decimal(fleet.OVER_QUOTA_KEY,
                                                                      fleet.DEFAULT_OVER_QUOTA_PCT))
        self.safe_target = figure_edit(self, self.tr("里"), fleet.setting_decimal(fleet.SAFE_TARGET_KEY,
                                                                                fleet.DEFAULT_SAFE_TARGET_LI))
        form = QFormLayout()
        form.addRow(self.tr("超定额标红（%）"), self.over_quota)
        form.addRow(self.tr("无事故目标（里）"), self.safe_target)
        today = date.today()
        self.rules = {code: figure_edit(self, self.tr("元/") + self.tr(unit), fleet.rule_amount(code, today))
                      for code, (_category, _name, _default, unit) in fleet.FUEL_RULES.items()}
        rules_form = QFormLayout()
        for code, (_category, name, _default, _unit) in fleet.FUEL_RULES.items():
            rules_form.addRow(self.tr(name), self.rules[code])
        self.rules_from = date_edit(self, today.replace(day=1))
        rules_form.addRow(self.tr("以上金额自"), self.rules_from)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr("百公里油耗超过定额这一比例的车辆标红。1 里 = 0.5 公里。"), self))
        layout.addWidget(hint(self.tr("奖惩规定（奖励为正、扣款为负，0 表示不执行）；改动自所填日期起执行，之前的月份不变："), self))
        layout.addLayout(rules_form)
        layout.addWidget(self.buttons)

    def submit(self):

        with database.atomic():
            fleet.save_fleet_settings(self.over_quota.text(), self.safe_target.text())
            fleet.set_rule_amounts({code: edit.text() for code, edit in self.rules.items()}, date_of(self.rules_from))
