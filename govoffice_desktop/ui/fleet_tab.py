"""车辆油耗 tab, in three pages: 加油 (the refuels with a vehicle filter, fuel economy against quota under
the table and 万里行车无事故 beside it; the forms 加油登记, 车辆, 月度奖惩, 图表, 设置 and the 油耗月报),
出车 and 事故违章 (ui/fleet_pages.py), each page's list filtered by vehicle."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QSplitter

from govoffice_desktop.models.rewards import BonusMonth, MonthClose, RewardPenalty, RewardRule
from govoffice_desktop.services import fleet
from govoffice_desktop.ui.bus import tables_of
from govoffice_desktop.ui.fleet_charts import FleetChartsDialog
from govoffice_desktop.ui.fleet_dialogs import (FleetMonthDialog, FleetSettingsDialog, RefuelDialog, VehiclesDialog,
                                                vehicle_text)
from govoffice_desktop.ui.fleet_pages import IncidentPage, TripPage
from govoffice_desktop.ui.fleet_panels import EconomyPanel, SafeDrivingPanel, periods  # noqa: F401 (periods: as before)
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.worker import AfterPaint


class FleetTab(ListTab):
    """The refuels, with the panels' figures (fuel economy of every vehicle, 万里行车无事故 of every
    driver and vehicle) computed off the GUI thread (ui/worker.Background): first as the tab is
    built, then after the refuels are on screen again (``refresh_panels``): the refuels are usable
    at once, the panels say 正在计算… until their figures come (at once when ready within ``WAIT_MS``)."""
    key = "fleet"
    WAIT_MS: int | None = 0  # None: computed when asked for and waited for (the tests: conftest)
    TABLES = tables_of("fleet", "staff", "settings", only=(BonusMonth, MonthClose, RewardPenalty, RewardRule))

    def __init__(self, parent=None):
        super().__init__(parent)
        self._build_actions()
        self.economy = EconomyPanel(self)
        self.economy.settings_button.clicked.connect(self.edit_settings)
        self.safe = SafeDrivingPanel(self)
        self.safe.vehicles_wanted.connect(self.refresh_panels)
        self.left = QSplitter(Qt.Orientation.Vertical, self)
        self.left.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.layout().replaceWidget(self.view, self.splitter)
        self.left.addWidget(self.view)
        self.left.addWidget(self.economy)
        self.left.setStretchFactor(0, 3)
        self.left.setStretchFactor(1, 2)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.safe)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.set_actions((self.new_action, self.edit_action, None, self.vehicles_action, self.month_action,
                          self.charts_action), prints=(self.print_action,))
        self._build_pages()
        self.enable_context_menu()
        self.view.doubleClicked.connect(lambda _index: self.edit_action.trigger())  # via the action
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self.panels = AfterPaint(self, self._panels_job, self._show_panels, self._panels_failed, lambda: self.WAIT_MS,
                                 self._panels_coming)
        # The figures begin at once, while the tab is built and painted: off the GUI thread, which
        # does not wait for them (the database answers their queries on the other core).
        self.panels.start(self._panels_job())
        self._update_actions()

    # -- the pages: 加油 (this list with its panels), 出车, 事故违章
    def _build_pages(self) -> None:
        self.trips = TripPage(self)
        self.incidents = IncidentPage(self)
        self.add_pages(self.tr("加油"), ((self.tr("出车"), self.trips), (self.tr("事故违章"), self.incidents)))

    @property
    def import_kind(self) -> str:
        """A ledger dropped here (or 导入台账 from here): the kind of the page shown."""
        return self.page_import_kind("refuels")

    def table_title(self):
        return self.tr("加油记录")

    def listing(self):
        return fleet.refuel_listing()

    def search_hint(self):
        return self.tr("按车牌号、驾驶员、加油站、油卡号筛选")

    # -- the vehicle filter
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.vehicle_filter = QComboBox(self)
        self.vehicle_filter.setObjectName("filter_vehicle_id")
        self.vehicle_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.vehicle_filter.setMinimumContentsLength(8)
        bar.addWidget(QLabel(self.tr("车辆："), self))
        bar.addWidget(self.vehicle_filter)
        self._fill_vehicles()
        self.vehicle_filter.currentIndexChanged.connect(self.apply_filters)

    def _fill_vehicles(self) -> None:
        """Every vehicle (a scrapped one's refuels stay listed); the chosen one stays chosen."""
        current = self.vehicle_filter.currentData()
        self.vehicle_filter.blockSignals(True)
        self.vehicle_filter.clear()
        self.vehicle_filter.addItem(self.tr("全部"), None)
        for vehicle in fleet.vehicle_names(include_scrapped=True):
            self.vehicle_filter.addItem(vehicle_text(vehicle), vehicle.id)
        index = self.vehicle_filter.findData(current) if current is not None else -1
        self.vehicle_filter.setCurrentIndex(max(index, 0))
        self.vehicle_filter.blockSignals(False)
        self.model.filters = self.filters()

    def filters(self) -> dict:
        vehicle = self.vehicle_filter.currentData()
        return {"vehicle_id": vehicle} if vehicle is not None else {}

    def apply_filters(self) -> None:
        self.model.set_filters(self.filters())
        self.refresh_panels()

    def open_record(self, kind: str, key) -> bool:
        """A vehicle ("vehicle", id): its refuels and its fuel economy against quota."""
        index = self.vehicle_filter.findData(key) if kind == "vehicle" else -1
        if index < 0:
            return False
        self.show_page(self)
        self.vehicle_filter.setCurrentIndex(index)
        return True

    @property
    def computing(self) -> bool:
        """The panels' figures are about to be or being computed (the panels show the ones before)."""
        return self.panels.pending

    def refresh_panels(self) -> None:
        """The panels' figures again, after the refuels are on screen (ui/worker.AfterPaint)."""
        self.panels.request()

    def _panels_job(self):
        vehicle, vehicles = self.vehicle_filter.currentData(), self.safe.shows_vehicles()

        def job():
            runs = SafeDrivingPanel.figures(vehicles)  # first: mostly the database's work
            return EconomyPanel.figures(vehicle), runs
        return job

    def _panels_coming(self) -> None:
        self.economy.waiting()
        self.safe.waiting()

    def _panels_failed(self, error: str) -> None:
        self.economy.legend.setText(self.tr("未能计算"))
        if self.safe.body is None:
            self.safe.intro.setText(self.tr("未能计算"))
        self.status_message.emit(self.tr("油耗与万里行车无事故未能计算：%1").replace("%1", error))

    def _show_panels(self, figures: tuple) -> None:
        economy, safe = figures
        self.economy.show_figures(economy)
        self.safe.show_runs(safe)

    def refresh(self) -> None:
        self._fill_vehicles()
        super().refresh()
        self.refresh_panels()

    # -- actions
    def _build_actions(self) -> None:
        self.new_action = self.make_action(self.tr("加油登记…"), self.new_refuel,
                                 self.tr("登记一次加油：油量、单价、金额任填两项，里程表，是否加满"), permission="fleet.edit")
        self.edit_action = self.make_action(self.tr("修改…"), self.edit_refuel, self.tr("修改所选的加油记录（也可双击该行）"), permission="fleet.edit")
        self.trips_action = self.make_action(self.tr("出车记录"), self.show_trips,
                                             self.tr("所选车辆（或全部车辆）的出车登记：用车人、事由、里程"))
        self.incidents_action = self.make_action(self.tr("事故违章记录"), self.show_incidents,
                                                 self.tr("所选车辆（或全部车辆）的事故与违章：责任、损失、罚款"))
        self.vehicles_action = self.make_action(self.tr("车辆…"), self.show_vehicles,
                                      self.tr("车辆：定额、驾驶员、年检、保险、保养到期"))
        self.month_action = self.make_action(self.tr("月度奖惩…"), self.close_month,
                                   self.tr("一个月的燃油节超和行车安全奖惩；结账记入奖惩台账"))
        self.charts_action = self.make_action(self.tr("图表…"), self.show_charts, self.tr("各车每月百公里油耗与定额，每公里费用"))
        self.print_action = self.make_action(self.tr("打印油耗月报…"), lambda: self.print_document("fuel-month"),
                                   self.tr("本月各车油耗、驾驶员油耗和万里行车无事故（可预览）"))
        self.pdf_action = self.make_action(self.tr("油耗月报存为 PDF…"), lambda: self.print_document("fuel-month", pdf=True))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action])
        menu.addSeparator()
        menu.addActions([self.trips_action, self.incidents_action, self.vehicles_action])
        menu.addSeparator()
        menu.addActions([self.print_action, self.pdf_action])
        menu.addSeparator()
        menu.addActions([self.month_action, self.charts_action])
        return menu

    def _update_actions(self) -> None:
        self.edit_action.setEnabled(self.selected_row_id() is not None)

    # -- opening the forms
    def _refuel_message(self, template: str, refuel) -> str:
        litres = self.tr("%1 升").replace("%1", str(refuel.litres)) if refuel.litres is not None else self.tr("升数未知")
        return (template.replace("%1", refuel.vehicle.plate).replace("%2", litres)
                .replace("%3", str(refuel.amount)))

    def new_refuel(self) -> None:
        dialog = RefuelDialog(parent=self, vehicle_id=self.vehicle_filter.currentData())
        if self.run_dialog(dialog):
            refuel = dialog.result_value
            self.show_change(self._refuel_message(self.tr("已登记 %1 加油 %2，%3 元"), refuel), refuel.id)

    def edit_refuel(self) -> None:
        refuel = fleet.refuel_by_id(self.selected_row_id())
        if refuel is None:
            return
        dialog = RefuelDialog(refuel, parent=self)
        if self.run_dialog(dialog):
            self.show_change(self._refuel_message(self.tr("已修改 %1 的加油记录：%2，%3 元"), refuel), refuel.id)

    def show_vehicles(self) -> None:
        if self.run_dialog(VehiclesDialog(self)):
            self.show_change(self.tr("车辆已更新"))

    def show_trips(self) -> None:
        """The 出车 page, filtered to the vehicle chosen on 加油 (every vehicle if none)."""
        self.trips.show_vehicle(self.vehicle_filter.currentData())
        self.show_page(self.trips)

    def show_incidents(self) -> None:
        self.incidents.show_vehicle(self.vehicle_filter.currentData())
        self.show_page(self.incidents)

    def close_month(self) -> None:
        dialog = FleetMonthDialog(self)
        if self.run_dialog(dialog):
            self.show_change(dialog.message or self.tr("车辆奖惩已更新"))

    def edit_settings(self) -> None:
        if self.run_dialog(FleetSettingsDialog(self)):
            self.show_change(self.tr("车辆设置已保存"))

    def show_charts(self) -> None:
        self.run_dialog(FleetChartsDialog(self, vehicle_id=self.vehicle_filter.currentData()))

    # -- settings
    def save_state(self, settings: QSettings) -> None:
        super().save_state(settings)
        settings.setValue(f"tabs/{self.key}/splitter", self.splitter.saveState())
        settings.setValue(f"tabs/{self.key}/left", self.left.saveState())

    def restore_state(self, settings: QSettings) -> None:
        super().restore_state(settings)
        for name, splitter in (("splitter", self.splitter), ("left", self.left)):
            state = settings.value(f"tabs/{self.key}/{name}")
            if state is not None:
                splitter.restoreState(state)
