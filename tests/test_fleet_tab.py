"""The 车辆油耗 tab and its forms, driven through the real widgets (pytest-qt).

The rules are the service's (tests/test_fleet_service.py); these tests check that the forms hand
what was entered to the service, show its refusals, and show what comes back: the table, the
economy pane, 万里行车无事故, the charts, the trips' overlap warning and the month's closing."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from govoffice_desktop.models.fleet import Incident, Refuel, Trip, Vehicle
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.services import fleet, staff
from govoffice_desktop.ui.fleet_charts import FleetChartsDialog
from govoffice_desktop.ui.fleet_dialogs import (FleetMonthDialog, FleetSettingsDialog, IncidentDialog,
                                                RefuelDialog, TripDialog, VehicleDialog, VehiclesDialog,
                                                previous_month)
from govoffice_desktop.ui.fleet_pages import IncidentList, TripList
from govoffice_desktop.ui.fleet_tab import FleetTab

NOW = datetime.now().replace(second=0, microsecond=0)
TODAY = NOW.date()
# refuels this month but never in the future: three quarters of an hour ago, with room for the
# minutes the tests add after it (early today, at 00:01, was in the future until 00:31), and days
# before it within the month; in a month's first 45 minutes, its first minute (its start is now)
_BEFORE = NOW - timedelta(minutes=45)
EARLY = _BEFORE if _BEFORE.month == NOW.month else datetime.combine(TODAY, datetime.min.time()).replace(minute=1)


@pytest.fixture
def fleet_office(database):
    """Two drivers and two vehicles, entered through the services."""
    section = staff.add_section("行政科")
    people = {name: staff.save_person({"name": name, "section": section, "post": "驾驶员", "is_driver": True,
                                       "joined_on": date(2010, 3, 1)}) for name in ("刘洋", "赵强")}
    cars = {"A": fleet.save_vehicle({"plate": "苏N·A1234", "brand_model": "大众帕萨特", "fuel_quota": "10",
                                     "driver": people["刘洋"]}),
            "B": fleet.save_vehicle({"plate": "苏NB5678", "brand_model": "别克GL8", "fuel_quota": "12",
                                     "driver": people["赵强"]})}
    return people, cars


@pytest.fixture
def warnings(monkeypatch):
    shown = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


@pytest.fixture
def answers(monkeypatch):
    asked, replies = [], []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return replies.pop(0) if replies else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked, replies


@pytest.fixture
def tab(qtbot, fleet_office, warnings):
    page = FleetTab()
    qtbot.addWidget(page)
    page.resize(1400, 860)
    page.show()
    page.messages = []
    page.status_message.connect(page.messages.append)
    return page


def choose(combo, text: str) -> None:
    index = next((i for i in range(combo.count()) if combo.itemText(i).startswith(text)), -1)
    assert index >= 0, f"{text} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def column(page: FleetTab, key: str) -> list[str]:
    col = page.model.listing.keys.index(key)
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def economy_row(page: FleetTab, plate: str) -> list[str]:
    rows = page.economy.rows
    for r in range(rows.rowCount()):
        if rows.index(r, 0).data().startswith(plate):
            return [rows.index(r, c).data() for c in range(rows.columnCount())]
    raise AssertionError(f"{plate} not in the economy pane")


def fill(dialog: RefuelDialog, plate: str, when: datetime, litres="", price="", amount="", odometer="",
         full=True) -> None:
    choose(dialog.vehicle, plate)
    dialog.filled_at.setDateTime(QDateTime(when))
    dialog.litres.setText(litres)
    dialog.unit_price.setText(price)
    dialog.amount.setText(amount)
    dialog.odometer.setText(odometer)
    dialog.full_tank.setChecked(full)


# ---------------------------------------------------------------- the case
def test_refuels_entered_through_the_form_update_the_economy_and_the_chart_and_a_lower_odometer_is_refused(
        qtbot, tab, fleet_office, monkeypatch, warnings):
    people, cars = fleet_office
    assert economy_row(tab, "苏NA1234")[2] == "—"
    plan = [  # (litres, price, amount, odometer): the first full tank starts the segment
        ("40", "7.50", "", "10000"),
        ("", "7.50", "375.00", "10500"),  # 50 litres over 500 km: 10.00 L/100 km, at quota
    ]
    for n, (litres, price, amount, odometer) in enumerate(plan):
        def enter(dialog: RefuelDialog, n=n, litres=litres, price=price, amount=amount, odometer=odometer):
            assert dialog.full_tank.isChecked()  # 加满 is the default
            assert dialog.driver.currentText() == "刘洋"  # the vehicle's driver is offered
            fill(dialog, "苏NA1234", EARLY + timedelta(minutes=n), litres, price, amount, odometer)
            dialog.station.setText("中石化城北站")
            dialog.ok_button.click()
            return dialog.result()

        monkeypatch.setattr(RefuelDialog, "exec", enter)
        tab.action_buttons["加油登记…"].click()
    assert Refuel.select().count() == 2
    second = Refuel.get(Refuel.odometer == 10500)
    assert (second.litres, second.amount, second.driver.name, second.station) == (
        Decimal("50.00"), Decimal("375.00"), "刘洋", "中石化城北站")
    assert tab.messages[-1] == "已登记 苏NA1234 加油 50.00 升，375.00 元"
    assert column(tab, "odometer") == ["10500", "10000"]
    row = economy_row(tab, "苏NA1234")
    # 10 L/100 km against 10; cost per km as the service counts it: every fill of the month (675 yuan) / 500 km
    assert row[1:5] == ["10.00", "10.00", "+0.0%", "0.75"]  # the 50 L burnt (375 元) over 500 km

    chart = FleetChartsDialog(tab, vehicle_id=cars["A"].id)
    qtbot.addWidget(chart)
    points = chart.rate_series["苏NA1234"].points()
    assert [(p.x(), p.y()) for p in points] == [(11.0, 10.0)]  # this month, the last of twelve
    assert {p.y() for p in chart.quota_series["苏NA1234"].points()} == {10.0}
    assert chart.cost_series["苏NA1234"].points()[-1].y() == pytest.approx(0.75)

    def lower_odometer(dialog: RefuelDialog):
        fill(dialog, "苏NA1234", EARLY + timedelta(minutes=5), "60", "7.50", "", "10400")
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted  # the form stays open to be corrected
        assert "里程表读数 10400 低于" in warnings[-1][1] and "10500" in warnings[-1][1]
        dialog.odometer.setText("10900")  # 60 litres over 400 km: 15 L/100 km, 50 % over quota
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(RefuelDialog, "exec", lower_odometer)
    tab.action_buttons["加油登记…"].click()
    assert Refuel.select().count() == 3
    row = economy_row(tab, "苏NA1234")
    assert row[2:4] == ["12.22", "+22.2%"]  # 110 litres over 900 km, a ratio of sums
    assert tab.economy.economies[0][0].flagged  # over the 10 % threshold: red
    red = tab.economy.rows.index(0, 2).data(Qt.ItemDataRole.ForegroundRole).color().name()
    assert red == "#d93025"
    chart = FleetChartsDialog(tab, vehicle_id=cars["A"].id)
    qtbot.addWidget(chart)
    assert chart.rate_series["苏NA1234"].points()[-1].y() == pytest.approx(12.22)


def test_editing_a_refuel_through_double_click_keeps_its_values(qtbot, tab, fleet_office, monkeypatch):
    _people, cars = fleet_office
    fleet.record_refuel({"vehicle": cars["B"], "filled_at": EARLY, "litres": "30", "unit_price": "8",
                         "odometer": 500, "full_tank": False})
    tab.refresh()
    tab.view.selectRow(0)
    assert tab.action_buttons["修改…"].isEnabled()

    def correct(dialog: RefuelDialog):
        assert dialog.windowTitle() == "修改加油记录"
        assert (dialog.litres.text(), dialog.odometer.text(), dialog.full_tank.isChecked()) == ("30.00", "500", False)
        dialog.litres.setText("32")
        dialog.amount.clear()
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(RefuelDialog, "exec", correct)
    tab.edit_refuel()
    refuel = Refuel.get()
    assert (refuel.litres, refuel.amount, refuel.full_tank) == (Decimal("32.00"), Decimal("256.00"), False)


def test_the_vehicle_filter_narrows_the_table_and_the_economy_pane(qtbot, tab, fleet_office):
    _people, cars = fleet_office
    for n, car in enumerate((cars["A"], cars["B"], cars["B"])):
        fleet.record_refuel({"vehicle": car, "filled_at": EARLY + timedelta(minutes=n), "litres": "20",
                             "unit_price": "7.5"})
    tab.refresh()
    assert tab.model.rowCount() == 3 and tab.economy.rows.rowCount() == 2
    choose(tab.vehicle_filter, "苏NB5678")
    assert column(tab, "plate") == ["苏NB5678", "苏NB5678"]
    assert tab.count_label.text() == "筛选出 2 条"
    assert tab.economy.rows.rowCount() == 1 and economy_row(tab, "苏NB5678")[1] == "12.00"
    choose(tab.vehicle_filter, "全部")
    assert tab.model.rowCount() == 3


# ---------------------------------------------------------------- vehicles
def test_a_vehicle_added_through_its_dialog(qtbot, tab, fleet_office, monkeypatch, warnings):
    def add(dialog: VehicleDialog):
        dialog.plate.setText("苏NA1234")  # already registered
        dialog.ok_button.click()
        assert "已经登记" in warnings[-1][1] and dialog.result() != QDialog.DialogCode.Accepted
        dialog.plate.setText("苏n c9999")
        dialog.brand_model.setText("丰田考斯特")
        choose(dialog.fuel_type, "0号柴油")
        dialog.fuel_quota.setText("16.5")
        choose(dialog.driver, "赵强")
        dialog.inspection_due.set_value(TODAY + timedelta(days=20))
        dialog.ok_button.click()
        return dialog.result()

    def panel(dialog: VehiclesDialog):
        assert dialog.table.rowCount() == 2
        dialog.new_button.click()
        assert dialog.table.rowCount() == 3
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(VehicleDialog, "exec", add)
    monkeypatch.setattr(VehiclesDialog, "exec", panel)
    tab.action_buttons["车辆…"].click()
    vehicle = Vehicle.get(Vehicle.plate == "苏NC9999")
    assert (vehicle.brand_model, vehicle.fuel_type, vehicle.fuel_quota, vehicle.driver.name, vehicle.inspection_due) == (
        "丰田考斯特", "0号柴油", Decimal("16.50"), "赵强", TODAY + timedelta(days=20))
    assert tab.vehicle_filter.findText("苏NC9999（丰田考斯特）") >= 0  # the filter and the pane know it
    assert economy_row(tab, "苏NC9999")[1] == "16.50"
    assert tab.messages[-1] == "车辆已更新"


# ---------------------------------------------------------------- trips and incidents
def test_an_overlapping_trip_is_kept_and_the_overlap_shown(qtbot, tab, fleet_office, monkeypatch, warnings):
    people, cars = fleet_office
    day = TODAY - timedelta(days=1)
    fleet.record_trip({"vehicle": cars["A"], "driver": people["刘洋"], "trip_date": day,
                       "departed_at": datetime.combine(day, datetime.min.time()).replace(hour=9),
                       "returned_at": datetime.combine(day, datetime.min.time()).replace(hour=12),
                       "distance_km": "80"})

    def enter(dialog: TripDialog):
        dialog.trip_date.setDate(QDate(day))
        choose(dialog.vehicle, "苏NA1234")
        assert dialog.driver.currentText() == "刘洋"
        dialog.requested_by.setText("王主任")
        dialog.purpose.setText("防汛检查")
        dialog.destination.setText("沿江大堤")
        start = datetime.combine(day, datetime.min.time())
        dialog.departed_at.setDateTime(QDateTime(start.replace(hour=11)))
        dialog.returned_at.setDateTime(QDateTime(start.replace(hour=15)))
        dialog.odometer_start.setText("20000")
        dialog.odometer_end.setText("20120")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(TripDialog, "exec", enter)
    tab.trips_action.trigger()  # 出车记录: the 出车 page of the tab
    assert tab.pages.currentWidget() is tab.trips
    assert tab.trips.model.rowCount() == 1
    tab.trips.action_buttons["出车登记…"].click()
    assert tab.trips.model.rowCount() == 2
    assert Trip.select().count() == 2  # kept
    trip = Trip.get(Trip.purpose == "防汛检查")
    assert (trip.distance_km, trip.requested_by, trip.driver.name) == (Decimal("120"), "王主任", "刘洋")
    title, text = warnings[-1]
    assert title == "出车时间重叠" and "与以下出车时间重叠" in text and "09:00–12:00" in text
    bar, detail = tab.safe.line("刘洋")
    assert bar == "400 / 10,000 里" and "200.0 公里" in detail  # 80 + 120 km
    # First how many drivers have reached 万里 (per driver: the office-wide sum is no campaign)
    assert list(tab.safe.rows)[0] == "驾驶员"
    bar, detail = tab.safe.rows["驾驶员"]
    assert bar.text() == "0 / 2 名已达 10,000 里" and detail.text().startswith("最接近：刘洋 400 里（200 公里）")


def test_an_incident_recorded_through_its_dialog_resets_the_safe_run(qtbot, tab, fleet_office, monkeypatch,
                                                                     warnings):
    people, cars = fleet_office
    fleet.record_trip({"vehicle": cars["B"], "driver": people["赵强"], "trip_date": TODAY - timedelta(days=3),
                       "distance_km": "300"})
    tab.refresh()
    assert tab.safe.line("赵强")[0] == "600 / 10,000 里"

    def enter(dialog: IncidentDialog):
        dialog.occurred_on.setDate(QDate(TODAY - timedelta(days=2)))
        choose(dialog.vehicle, "苏NB5678")
        choose(dialog.kind, "事故")
        choose(dialog.responsibility, "主要责任")
        dialog.damage_cost.setText("-5")
        dialog.ok_button.click()
        assert warnings[-1][1] == "损失金额不能为负" and dialog.result() != QDialog.DialogCode.Accepted
        dialog.damage_cost.setText("1200")
        dialog.points.setValue(3)
        dialog.description.setText("倒车时刮擦护栏")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(IncidentDialog, "exec", enter)
    tab.incidents_action.trigger()  # 事故违章记录: the 事故违章 page of the tab
    assert tab.pages.currentWidget() is tab.incidents
    tab.incidents.action_buttons["登记事故违章…"].click()
    assert tab.incidents.model.rowCount() == 1
    incident = Incident.get()
    assert (incident.driver.name, incident.kind, incident.responsibility, incident.damage_cost, incident.points) == (
        "赵强", "事故", "主要责任", Decimal("1200.00"), 3)
    bar, detail = tab.safe.line("赵强")
    assert bar == "0 / 10,000 里" and incident.occurred_on.isoformat() in detail


# ---------------------------------------------------------------- month close, settings
def test_closing_a_month_posts_its_entries_and_reopening_takes_them_back(qtbot, tab, fleet_office, monkeypatch,
                                                                         answers):
    people, cars = fleet_office
    year, month = previous_month(TODAY)
    fleet.record_incident({"vehicle": cars["A"], "driver": people["刘洋"], "occurred_on": date(year, month, 5),
                           "kind": "违章", "description": "超速"})

    def panel(dialog: FleetMonthDialog):
        assert dialog.month_picker.month() == (year, month)
        assert dialog.table.rowCount() == 1
        assert [dialog.table.item(0, c).text() for c in range(3)] == ["刘洋", "行车安全", "-50.00"]
        assert dialog.close_button.isEnabled() and not dialog.reopen_button.isEnabled()
        dialog.close_button.click()
        assert RewardPenalty.select().count() == 1
        assert not dialog.close_button.isEnabled() and dialog.reopen_button.isEnabled()  # closed: only reopen
        assert "已结账" in dialog.total.text()
        dialog.reopen_button.click()
        assert RewardPenalty.select().count() == 0
        dialog.close_button.click()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FleetMonthDialog, "exec", panel)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda p, t, text, *a, **k: warned.append(text))
    tab.action_buttons["月度奖惩…"].click()
    entry = RewardPenalty.get()
    assert (entry.person.name, entry.category, entry.amount) == ("刘洋", "行车安全", Decimal("-50.00"))
    assert warned == []
    assert tab.messages[-1] == f"{year}年{month}月 车辆奖惩已结账，1 条记入奖惩台账"
    assert [q[0] for q in answers[0]] == ["结账", "撤销结账", "结账"]


def test_settings_change_the_threshold_and_the_target(qtbot, tab, fleet_office, monkeypatch, warnings):
    def enter(dialog: FleetSettingsDialog):
        assert (dialog.over_quota.text(), dialog.safe_target.text()) == ("10", "10000")
        dialog.safe_target.setText("0")
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted and "应大于0" in warnings[-1][1]
        dialog.over_quota.setText("5")
        dialog.safe_target.setText("20000")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(FleetSettingsDialog, "exec", enter)
    tab.economy.settings_button.click()
    assert fleet.setting_decimal(fleet.OVER_QUOTA_KEY, Decimal(1)) == Decimal("5.00")
    assert tab.safe.line("赵强")[0] == "0 / 20,000 里"
    assert "超过定额 5.00%" in tab.economy.legend.text()


def test_trips_and_incidents_are_corrected_by_double_click(qtbot, fleet_office, monkeypatch, warnings):
    people, cars = fleet_office
    day = TODAY - timedelta(days=1)
    trip = fleet.record_trip({"vehicle": cars["A"], "driver": people["刘洋"], "trip_date": day, "distance_km": "80",
                              "purpose": "送文件"})
    incident = fleet.record_incident({"vehicle": cars["B"], "driver": people["赵强"], "occurred_on": day,
                                      "kind": "违章", "fine": "100", "description": "闯红灯"})

    def correct_trip(dialog: TripDialog):
        assert dialog.purpose.text() == "送文件" and dialog.distance.text() == "80.0"
        assert dialog.driver.currentText() == "刘洋"
        dialog.distance.setText("85")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(TripDialog, "exec", correct_trip)
    panel = TripList()
    qtbot.addWidget(panel)
    panel.view.doubleClicked.emit(panel.model.index(0, 0))
    assert Trip.select().count() == 1 and Trip.get_by_id(trip.id).distance_km == Decimal("85.0")

    def correct_incident(dialog: IncidentDialog):
        assert dialog.description.text() == "闯红灯" and dialog.fine.text() == "100.00"
        dialog.points.setValue(6)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(IncidentDialog, "exec", correct_incident)
    panel = IncidentList()
    qtbot.addWidget(panel)
    panel.view.doubleClicked.emit(panel.model.index(0, 0))
    from govoffice_desktop.models.fleet import Incident
    assert Incident.select().count() == 1 and Incident.get_by_id(incident.id).points == 6


def test_a_refuel_entered_as_amount_only_has_its_litres_unknown(qtbot, tab, fleet_office, monkeypatch):
    """金额 alone (a reimbursement slip): stored with the litres unknown, said so in the message, the
    form when it is opened again, and the economy pane's note; the amount counts."""
    def money_only(dialog: RefuelDialog):
        assert "只知道金额" in " ".join(w.text() for w in dialog.findChildren(QLabel))
        fill(dialog, "苏NA1234", EARLY, amount="300")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(RefuelDialog, "exec", money_only)
    tab.action_buttons["加油登记…"].click()
    refuel = Refuel.get()
    assert (refuel.litres, refuel.unit_price, refuel.amount) == (None, None, Decimal("300.00"))
    assert tab.messages[-1] == "已登记 苏NA1234 加油 升数未知，300.00 元"
    assert column(tab, "litres") == ["升数未知"]
    row = economy_row(tab, "苏NA1234")
    assert row[2] == "—" and "1 次加油没有升数：计入金额，不计入百公里油耗" in row[-1]
    assert row[-2].endswith("/ 300.00")
    tab.view.selectRow(0)

    def reopen(dialog: RefuelDialog):
        assert (dialog.litres.text(), dialog.litres.placeholderText(), dialog.amount.text()) == ("", "升数未知", "300.00")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(RefuelDialog, "exec", reopen)
    tab.edit_refuel()
    assert Refuel.get().litres is None and tab.messages[-1] == "已修改 苏NA1234 的加油记录：升数未知，300.00 元"


def test_the_trips_and_incidents_pages_are_read_when_first_shown_and_fitted_to_their_rows(qtbot, fleet_office):
    """车辆油耗 opens without reading its 出车 and 事故违章 pages (ten years of trips in a large
    office); shown, each reads its rows and its vehicles, its columns fitted to the rows as a list
    read when built fits them; 出车记录 from the refuels chooses the vehicle on the page."""
    from govoffice_desktop.ui.columns import rule_of

    people, cars = fleet_office
    day = TODAY - timedelta(days=1)
    fleet.record_trip({"vehicle": cars["A"], "driver": people["刘洋"], "trip_date": day, "distance_km": "80",
                       "purpose": "陪同市领导赴沭阳县调研农村人居环境整治工作"})
    fleet.record_incident({"vehicle": cars["B"], "driver": people["赵强"], "occurred_on": day, "kind": "违章",
                           "location": "宿迁市宿城区洪泽湖路与发展大道交叉口", "description": "超速"})
    tab = FleetTab()
    qtbot.addWidget(tab)
    tab.resize(1400, 860)
    tab.show()
    for page, alone in ((tab.trips, TripList()), (tab.incidents, IncidentList())):
        assert page.model.rowCount() == 0 and page.vehicle_filter.count() == 1  # not read yet
        tab.pages.setCurrentWidget(page)
        assert page.model.rowCount() == 1 and page.vehicle_filter.count() == 3
        qtbot.addWidget(alone)
        alone.resize(1400, 860)
        alone.show()
        stretch = rule_of(alone.view).stretch
        widths = [[v.horizontalHeader().sectionSize(c) for c in range(v.model().columnCount()) if c != stretch]
                  for v in (page.view, alone.view)]
        assert widths[0] == widths[1] and rule_of(page.view).stretch == stretch
    tab.pages.setCurrentIndex(0)
    fresh = FleetTab()
    qtbot.addWidget(fresh)
    fresh.show()
    fresh.vehicle_filter.setCurrentIndex(fresh.vehicle_filter.findData(cars["B"].id))
    fresh.trips_action.trigger()
    assert fresh.trips.vehicle_filter.currentData() == cars["B"].id and fresh.trips.model.rowCount() == 0


def test_the_panels_show_the_vehicles_over_quota_first_and_the_runs_nearest_the_target_first(qtbot, tab,
                                                                                            fleet_office):
    """百公里油耗: the vehicles over quota first (苏NB5678 before 苏NA1234), their figures red and bold;
    万里: the drivers about to reach the target first (then those just past it), or by name; the
    vehicles one choice away."""
    people, cars = fleet_office
    fleet.record_refuel({"vehicle": cars["B"], "filled_at": EARLY, "litres": "40", "unit_price": "7.5",
                         "odometer": 1000})
    fleet.record_refuel({"vehicle": cars["B"], "filled_at": EARLY + timedelta(minutes=30), "litres": "60",
                         "unit_price": "7.5", "odometer": 1400})  # 15.00 L/100 km: 25 % over its 12
    for who, car, km in (("赵强", "B", "900"), ("刘洋", "A", "100")):
        fleet.record_trip({"vehicle": cars[car], "driver": people[who], "trip_date": TODAY - timedelta(days=1),
                           "distance_km": km})
    tab.refresh()
    rows = tab.economy.rows
    assert [rows.index(r, 0).data()[:7] for r in range(rows.rowCount())] == ["苏NB5678", "苏NA1234"]
    assert rows.index(0, 2).data() == "15.00" and rows.index(0, 2).data(Qt.ItemDataRole.FontRole).bold()
    assert rows.index(1, 2).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "排在前面" in tab.economy.legend.text()
    runs = tab.safe.list.runs
    assert runs.names() == ["赵强", "刘洋"]  # 1,800 里 of 10,000 before 200
    fleet.record_trip({"vehicle": cars["B"], "driver": people["赵强"], "trip_date": TODAY, "distance_km": "4200"})
    tab.refresh()
    assert runs.names() == ["刘洋", "赵强"]  # 赵强 past the target (10,200 里): after those still on the way
    bar, detail = tab.safe.line("赵强")
    assert bar == "✓ 已达成 10,200 里" and detail.endswith(f"{TODAY.isoformat()} 达成")
    tab.safe.order.setCurrentIndex(1)  # 驾驶员：按姓名
    assert runs.names() == ["刘洋", "赵强"]
    tab.safe.order.setCurrentIndex(2)  # 车辆：将达成的在前，再是刚达成的
    assert runs.names() == ["苏NA1234", "苏NB5678"]  # 苏NB5678 past the target too
    assert list(tab.safe.rows) == ["驾驶员"]  # the drivers' count above, set apart


def test_the_vehicles_runs_are_worked_out_once_chosen_even_when_there_are_none(qtbot, database, monkeypatch):
    from govoffice_desktop.services import campaigns

    asked = []
    real = campaigns.drive_runs
    monkeypatch.setattr(campaigns, "drive_runs", lambda *a, **k: asked.append(k["vehicles"]) or real(*a, **k))
    tab = FleetTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.safe.order.setCurrentIndex(3)  # 车辆：按车牌, with no vehicle registered
    assert asked == [False, True] and tab.safe.list.runs.names() == []
    tab.safe.order.setCurrentIndex(0)
    tab.safe.order.setCurrentIndex(2)
    assert asked == [False, True]  # worked out once
