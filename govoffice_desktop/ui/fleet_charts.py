"""车辆 charts (QtCharts): L/100 km per month per vehicle against its quota (dashed), and the cost
per kilometre."""
from __future__ import annotations

from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from govoffice_desktop.services import fleet
from govoffice_desktop.ui.fleet_dialogs import vehicle_text
from govoffice_desktop.ui.forms import em
from govoffice_desktop.ui.typing_charts import COLOURS, dashed, month_label, new_chart, nice_top


class FleetChartsDialog(QDialog):
    """图表: (a) 百公里油耗 by month per vehicle with its quota, (b) 每公里费用 by month."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None, vehicle_id: int | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("车辆油耗图表"))
        self.resize(em(self, 72), em(self, 44))
        self.vehicle = QComboBox(self)
        self.vehicle.addItem(self.tr("全部车辆"), None)
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
        self.tabs.addTab(self.rate_view, self.tr("百公里油耗（按月）"))
        self.tabs.addTab(self.cost_view, self.tr("每公里费用（按月）"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.draw()

    def data(self) -> dict:
        """{vehicle: [(month key, Economy)]} for the chosen vehicle or all in use."""
        chosen = self.vehicle.currentData()
        cars = [fleet.vehicle_by_id(chosen)] if chosen is not None else fleet.vehicles()
        return {v: fleet.economy_by_month(v, self.months.value(), self.today) for v in cars if v}

    def draw(self) -> None:
        data = self.data()
        labels = [key for key, _ in next(iter(data.values()), [])]
        self.rate_series: dict[str, QLineSeries] = {}
        self.quota_series: dict[str, QLineSeries] = {}
        self.cost_series: dict[str, QLineSeries] = {}
        months = self.months.value()
        rate_chart = new_chart(self.tr("百公里油耗与定额（近 %1 个月）").replace("%1", str(months)))
        cost_chart = new_chart(self.tr("每公里费用（近 %1 个月）").replace("%1", str(months)))
        rate_top = cost_top = 0.0
        for n, (vehicle, points) in enumerate(data.items()):
            colour = QColor(COLOURS[n % len(COLOURS)])
            rate, cost = QLineSeries(), QLineSeries()
            for series, chart in ((rate, rate_chart), (cost, cost_chart)):
                series.setName(vehicle.plate)
                pen = QPen(colour)
                pen.setWidthF(2)
                series.setPen(pen)
                series.setPointsVisible(True)
            for i, (_key, e) in enumerate(points):
                if not e.measured_litres:  # no fuel measured (trips but no fill): no figure, not a zero
                    continue
                if e.l_per_100km is not None:  # a month without a complete segment is left out, not zero
                    rate.append(i, float(e.l_per_100km))
                    rate_top = max(rate_top, float(e.l_per_100km))
                if e.cost_per_km is not None:
                    cost.append(i, float(e.cost_per_km))
                    cost_top = max(cost_top, float(e.cost_per_km))
            rate_chart.addSeries(rate)
            cost_chart.addSeries(cost)
            self.rate_series[vehicle.plate] = rate
            self.cost_series[vehicle.plate] = cost
            if vehicle.fuel_quota is not None:
                quota = QLineSeries()
                quota.setName(self.tr("%1 定额").replace("%1", vehicle.plate))
                dashed(quota, colour)
                for i in range(len(points)):
                    quota.append(i, float(vehicle.fuel_quota))
                rate_top = max(rate_top, float(vehicle.fuel_quota))
                rate_chart.addSeries(quota)
                self.quota_series[vehicle.plate] = quota
        if len(data) > 4:  # many vehicles: one legend entry per vehicle is enough
            for series in self.quota_series.values():
                rate_chart.legend().markers(series)[0].setVisible(False)
        self._axes(rate_chart, labels, rate_top or 10, self.tr("升/百公里"), "%.1f")
        self._axes(cost_chart, labels, cost_top or 1, self.tr("元/公里"), "%.2f")
        self._replace_chart(self.rate_view, rate_chart)
        self._replace_chart(self.cost_view, cost_chart)

    def _axes(self, chart, labels, top: float, title: str, fmt: str) -> None:
        x_axis = QBarCategoryAxis()
        x_axis.append([month_label(label) for label in labels] or [""])
        x_axis.setTitleText(self.tr("月份"))
        x_axis.setTruncateLabels(False)
        if len(labels) > 12:
            x_axis.setLabelsAngle(-60)
        y_axis = QValueAxis()
        y_axis.setRange(0, nice_top(top))
        y_axis.applyNiceNumbers()
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
