"""车辆 charts (QtCharts): one vehicle's L/100 km per month against its quota (dashed), and its cost
per kilometre."""
from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from govoffice_desktop.services import fleet
from govoffice_desktop.ui.fleet_dialogs import vehicle_text
from govoffice_desktop.ui.forms import RED, em
from govoffice_desktop.ui.typing_charts import COLOURS, dashed, data_range, month_label, new_chart


class FleetChartsDialog(QDialog):
    """图表: one vehicle at a time: (a) its 百公里油耗 by month against its quota, the months over
    quota marked; (b) its 每公里费用 by month.  The value axes start where the figures do."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None, vehicle_id: int | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("车辆油耗图表"))
        self.resize(em(self, 72), em(self, 44))
        self.vehicle = QComboBox(self)
        self.vehicle.setObjectName("vehicle")
        for vehicle in fleet.vehicles():
            self.vehicle.addItem(vehicle_text(vehicle), vehicle.id)
        if vehicle_id is not None:
            self.vehicle.setCurrentIndex(max(0, self.vehicle.findData(vehicle_id)))
        self.months = QSpinBox(self)
        self.months.setRange(3, 36)
        self.months.setValue(12)
        self.months.setPrefix(self.tr("近 "))
        self.months.setSuffix(self.tr(" 个月"))
        self.vehicle.currentIndexChanged.connect(lambda _i: self.draw())
        self.months.valueChanged.connect(lambda _v: self.draw())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("车辆："), self))
        bar.addWidget(self.vehicle)
        bar.addSpacing(em(self, 1))
        bar.addWidget(QLabel(self.tr("期间："), self))
        bar.addWidget(self.months)
        bar.addStretch(1)
        self.tabs = QTabWidget(self)
        self.rate_view = QChartView(self)
        self.rate_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.cost_view = QChartView(self)
        self.cost_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.tabs.addTab(self.rate_view, self.tr("百公里油耗与定额（按月）"))
        self.tabs.addTab(self.cost_view, self.tr("每公里费用（按月）"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.draw()

    def data(self) -> tuple:
        """(vehicle, [(month key, Economy)]) for the chosen vehicle; (None, []) without vehicles."""
        chosen = self.vehicle.currentData()
        vehicle = fleet.vehicle_by_id(chosen) if chosen is not None else None
        return vehicle, (fleet.economy_by_month(vehicle, self.months.value(), self.today) if vehicle else [])

    def draw(self) -> None:
        vehicle, points = self.data()
        months = self.months.value()
        labels = [key for key, _ in points]
        self.rate_series: dict[str, QLineSeries] = {}
        self.quota_series: dict[str, QLineSeries] = {}
        self.over_series: dict[str, QScatterSeries] = {}
        self.cost_series: dict[str, QLineSeries] = {}
        if vehicle is None:
            rate_chart = new_chart(self.tr("百公里油耗与定额（还没有车辆）"))
            cost_chart = new_chart(self.tr("每公里费用（还没有车辆）"))
        else:
            rate_chart = new_chart(self.tr("%1 百公里油耗与定额（近 %2 个月）").replace("%1", vehicle.plate)
                                   .replace("%2", str(months)))
            cost_chart = new_chart(self.tr("%1 每公里费用（近 %2 个月）").replace("%1", vehicle.plate)
                                   .replace("%2", str(months)))
            rate, cost, quota, over = QLineSeries(), QLineSeries(), QLineSeries(), QScatterSeries()
            rate.setName(self.tr("百公里油耗"))
            cost.setName(self.tr("每公里费用"))
            for series in (rate, cost):
                pen = QPen(QColor(COLOURS[0]))
                pen.setWidthF(2.4)
                series.setPen(pen)
                series.setPointsVisible(True)
            quota.setName(self.tr("定额"))
            dashed(quota)
            over.setName(self.tr("超定额的月份"))
            over.setColor(QColor(RED))
            over.setBorderColor(QColor(RED))
            over.setMarkerSize(11)
            for i, (_key, e) in enumerate(points):
                limit = e.quota if e.quota is not None else vehicle.fuel_quota
                if limit is not None:
                    quota.append(i, float(limit))
                if not e.measured_litres:  # no fuel measured (trips but no fill): no figure, not a zero
                    continue
                if e.l_per_100km is not None:  # a month without a complete segment is left out, not zero
                    rate.append(i, float(e.l_per_100km))
                    if limit is not None and e.l_per_100km > limit:
                        over.append(i, float(e.l_per_100km))
                if e.cost_per_km is not None:
                    cost.append(i, float(e.cost_per_km))
            for series in (rate, quota, over):
                if series is rate or series.count():
                    rate_chart.addSeries(series)
            cost_chart.addSeries(cost)
            self.rate_series[vehicle.plate] = rate
            self.cost_series[vehicle.plate] = cost
            if quota.count():
                self.quota_series[vehicle.plate] = quota
            self.over_series[vehicle.plate] = over
        self._axes(rate_chart, labels, self.tr("升/百公里"), "%.1f")
        self._axes(cost_chart, labels, self.tr("元/公里"), "%.2f")
        self._replace_chart(self.rate_view, rate_chart)
        self._replace_chart(self.cost_view, cost_chart)

    def _axes(self, chart, labels, title: str, fmt: str) -> None:
        x_axis = QBarCategoryAxis()
        x_axis.append([month_label(label) for label in labels] or [""])
        x_axis.setTitleText(self.tr("月份"))
        x_axis.setTruncateLabels(False)
        if len(labels) > 12:
            x_axis.setLabelsAngle(-60)
        y_axis = QValueAxis()
        low, high, ticks = data_range([p.y() for series in chart.series() for p in series.points()])
        y_axis.setRange(low, high)
        y_axis.setTickCount(ticks)
        y_axis.setLabelFormat(fmt)
        y_axis.setTitleText(title)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in chart.series():
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)

    @staticmethod
    def _replace_chart(view: QChartView, chart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()
