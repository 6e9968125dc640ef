"""文印 charts (QtCharts): errors per 10,000 characters by month per typist against the standard's
maximum, and one typist's speed tests against the minimum speed."""
from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from govoffice_desktop.services import typing_pool
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.forms import RED, em

STANDARD_COLOUR = QColor(RED)
# one colour per typist, none of them the standard's red
COLOURS = ["#1a73e8", "#188038", "#e8710a", "#9334e6", "#129eaf", "#795548", "#d01884", "#5f6368", "#7cb342",
           "#3949ab", "#f9ab00", "#00897b"]


def month_label(key: str) -> str:
    """2026-03 → 26年3月: short enough for a year of months side by side."""
    year, month = key.split("-")
    return QCoreApplication.translate("ChartsDialog", "%1年%2月").replace("%1", year[2:]).replace("%2", str(int(month)))


def dashed(series: QLineSeries, colour: QColor = STANDARD_COLOUR) -> None:
    pen = QPen(colour)
    pen.setWidthF(1.6)
    pen.setStyle(Qt.PenStyle.DashLine)
    series.setPen(pen)


def new_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = chart.titleFont()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    chart.setTitleFont(font)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def nice_top(value: float) -> float:
    """A round upper bound a little above ``value``."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        top = step * (int(value * 1.15 / step) + 1)
        if top / step <= 10:
            return float(top)
    return float(value * 1.15)


def data_range(values, floor: float = 0.0) -> tuple[float, float, int]:
    """(low, high, ticks) of a value axis that starts where the data does: round bounds a little
    outside the lowest and highest value (never below ``floor``), labelled at round steps."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return floor, floor + 10.0, 6
    low, high = min(values), max(values)
    pad = max((high - low) * 0.15, abs(high) * 0.05, 0.1)
    low, high = max(floor, low - pad), high + pad
    for step in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if (high - low) / step <= 8:
            break
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    bottom = max(floor, bottom)
    return round(bottom, 6), round(top, 6), int(round((top - bottom) / step)) + 1


def _msecs(day: date) -> float:
    return QDateTime(datetime.combine(day, time(12))).toMSecsSinceEpoch()


class ChartsDialog(QDialog):
    """图表: (a) 差错率 by month, (b) 打字速度 of one typist."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None, typist_id: int | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("文印图表"))
        self.resize(em(self, 70), em(self, 44))
        self.tabs = QTabWidget(self)

        page = QWidget(self)
        self.months = QSpinBox(page)
        self.months.setRange(3, 36)
        self.months.setValue(12)
        self.months.setPrefix(self.tr("近 "))
        self.months.setSuffix(self.tr(" 个月"))
        self.months.valueChanged.connect(lambda _v: self.draw_error_rates())
        self.rate_view = QChartView(page)
        self.rate_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("期间："), page))
        bar.addWidget(self.months)
        bar.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.rate_view, 1)
        self.tabs.addTab(page, self.tr("每万字差错（按月）"))

        page = QWidget(self)
        self.typist = QComboBox(page)
        for person in typing_pool.typists():
            self.typist.addItem(person.name, person)
        if typist_id is not None:
            index = next((i for i in range(self.typist.count()) if self.typist.itemData(i).id == typist_id), -1)
            self.typist.setCurrentIndex(max(index, 0))
        self.typist.currentIndexChanged.connect(lambda _i: self.draw_speed())
        self.speed_view = QChartView(page)
        self.speed_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("打字员："), page))
        bar.addWidget(self.typist)
        bar.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.speed_view, 1)
        self.tabs.addTab(page, self.tr("测速记录"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.draw_error_rates()
        self.draw_speed()

    # -- (a) errors per 10,000 characters
    def draw_error_rates(self) -> None:
        months = self.months.value()
        rates = typing_pool.monthly_error_rates(months, self.today)
        chart = new_chart(self.tr("各打字员每万字差错（近 %1 个月）").replace("%1", str(months)))
        labels = [label for label, _ in next(iter(rates.values()), [])]
        if not labels:  # no typists: still show the months and the standard
            y, m = self.today.year, self.today.month
            for _ in range(months):
                labels.insert(0, f"{y}-{m:02d}")
                y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        top = 0.0
        self.rate_series: dict[str, QLineSeries] = {}
        for n, (name, points) in enumerate(rates.items()):
            series = QLineSeries()
            series.setName(name)
            pen = QPen(QColor(COLOURS[n % len(COLOURS)]))
            pen.setWidthF(2)
            series.setPen(pen)
            series.setPointsVisible(True)
            for i, (_label, value) in enumerate(points):
                if value is not None:  # a month without typing is left out, not drawn as zero
                    series.append(i, float(value))
                    top = max(top, float(value))
            chart.addSeries(series)
            self.rate_series[name] = series
        self.standard_series = QLineSeries()
        self.standard_series.setName(self.tr("标准：每万字差错上限"))
        dashed(self.standard_series)
        for i, label in enumerate(labels):
            year, month = (int(part) for part in label.split("-"))
            try:
                limit = float(typing_pool.standard_on(typing_pool.month_bounds(year, month)[1]).max_errors_per_10k)
            except BadValue:
                continue
            self.standard_series.append(i, limit)
            top = max(top, limit)
        chart.addSeries(self.standard_series)
        x_axis = QBarCategoryAxis()
        x_axis.append([month_label(label) for label in labels])
        x_axis.setTitleText(self.tr("月份"))
        x_axis.setTruncateLabels(False)
        if months > 12:
            x_axis.setLabelsAngle(-60)
        y_axis = QValueAxis()
        y_axis.setRange(0, nice_top(top or 1))
        y_axis.applyNiceNumbers()
        y_axis.setLabelFormat("%.1f")
        y_axis.setTitleText(self.tr("每万字差错（个）"))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in chart.series():
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        self._replace_chart(self.rate_view, chart)

    # -- (b) one typist's speed tests
    def draw_speed(self) -> None:
        person = self.typist.currentData()
        chart = new_chart(self.tr("%1 的打字速度").replace("%1", person.name) if person
                          else self.tr("打字速度（还没有打字员）"))
        history = typing_pool.speed_history(person) if person is not None else []
        self.speed_series = QLineSeries()
        self.speed_series.setName(self.tr("测速（字/分）"))
        self.speed_series.setPointsVisible(True)
        self.min_speed_series = QLineSeries()
        self.min_speed_series.setName(self.tr("标准：最低速度"))
        dashed(self.min_speed_series)
        top = 0.0
        for day, speed in history:
            self.speed_series.append(_msecs(day), float(speed))
            top = max(top, float(speed))
        days = [day for day, _ in history] or [self.today - timedelta(days=180), self.today]
        first, last = min(days), max(days)
        if first == last:
            first, last = first - timedelta(days=30), last + timedelta(days=30)
        for day in sorted({first, *[d for d, _ in history], last}):  # the minimum in force on each test's day
            try:
                minimum = float(typing_pool.standard_on(day).min_speed)
            except BadValue:
                continue
            self.min_speed_series.append(_msecs(day), minimum)
            top = max(top, minimum)
        chart.addSeries(self.speed_series)
        chart.addSeries(self.min_speed_series)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("yyyy-MM-dd")
        x_axis.setTitleText(self.tr("测试日期"))
        x_axis.setRange(QDateTime(datetime.combine(first, time(0))), QDateTime(datetime.combine(last, time(23))))
        x_axis.setTickCount(min(8, max(2, len(history))))
        y_axis = QValueAxis()
        low, high, ticks = data_range([p.y() for s in (self.speed_series, self.min_speed_series) for p in s.points()])
        y_axis.setRange(low, high)
        y_axis.setTickCount(ticks)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText(self.tr("速度（字/分）"))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in chart.series():
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        if not history and person is not None:
            chart.setTitle(self.tr("%1 还没有测速记录").replace("%1", person.name))
        self._replace_chart(self.speed_view, chart)

    @staticmethod
    def _replace_chart(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()
