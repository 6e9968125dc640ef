"""季度评议历史: one section's score and rank across quarters (QtCharts), with a table of the same."""
from __future__ import annotations

from govoffice_desktop.models.ratings import BOTTOM_UP
from PySide6.QtCharts import QBarCategoryAxis, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from govoffice_desktop.models.ratings import DIRECTIONS
from govoffice_desktop.services import ratings
from govoffice_desktop.texts import quarter_key_text
from govoffice_desktop.ui.forms import em, fill_table, read_only_table
from govoffice_desktop.ui.typing_charts import COLOURS, ChartsDialog, data_range, new_chart


class SectionHistoryDialog(QDialog):
    """历史: a section's 得分 (left axis) and 名次 (right axis, 1 on top) by quarter."""

    def __init__(self, parent: QWidget | None = None, section_id: int | None = None, direction: str = BOTTOM_UP):
        super().__init__(parent)
        self.setWindowTitle(self.tr("科室评议历史"))
        self.resize(em(self, 60), em(self, 46))
        self.section_combo = QComboBox(self)
        self.section_combo.setObjectName("section")
        for section in ratings.rated_sections():
            self.section_combo.addItem(section.name, section)
        if section_id is not None:
            index = next((i for i in range(self.section_combo.count())
                          if self.section_combo.itemData(i).id == section_id), -1)
            self.section_combo.setCurrentIndex(max(index, 0))
        self.direction_combo = QComboBox(self)
        self.direction_combo.setObjectName("direction")
        for d in DIRECTIONS:
            self.direction_combo.addItem(self.tr(d), d)
        self.direction_combo.setCurrentIndex(max(self.direction_combo.findData(direction), 0))
        self.section_combo.currentIndexChanged.connect(lambda _i: self.draw())
        self.direction_combo.currentIndexChanged.connect(lambda _i: self.draw())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("科室："), self))
        bar.addWidget(self.section_combo)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("方向："), self))
        bar.addWidget(self.direction_combo)
        bar.addStretch(1)
        self.view = QChartView(self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(em(self, 22))
        self.table = read_only_table(self, [self.tr("评议期"), self.tr("得分"), self.tr("名次"), self.tr("参评科室数")],
                                     stretch=3)
        self.table.setObjectName("history")
        self.table.setMaximumHeight(em(self, 12))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.history: list = []
        self.draw()

    def draw(self) -> None:
        section, direction = self.section_combo.currentData(), self.direction_combo.currentData()
        self.history = ratings.section_history(section, direction) if section is not None else []
        if section is None:
            title = self.tr("评议历史（还没有科室）")
        elif not self.history:
            title = self.tr("%1 %2 还没有评议结果").replace("%1", section.name).replace("%2", direction)
        else:
            title = self.tr("%1 %2 历次得分与名次").replace("%1", section.name).replace("%2", direction)
        chart = new_chart(title)
        self.score_series = QLineSeries()
        self.score_series.setName(self.tr("得分"))
        pen = QPen(QColor(COLOURS[0]))
        pen.setWidthF(2)
        self.score_series.setPen(pen)
        self.score_series.setPointsVisible(True)
        self.score_series.setPointLabelsVisible(True)
        self.score_series.setPointLabelsFormat("@yPoint")
        self.rank_series = QLineSeries()
        self.rank_series.setName(self.tr("名次"))
        pen = QPen(QColor(COLOURS[2]))
        pen.setWidthF(1.6)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.rank_series.setPen(pen)
        self.rank_series.setPointsVisible(True)
        self.rank_series.setPointLabelsVisible(True)
        self.rank_series.setPointLabelsFormat(self.tr("第@yPoint名"))
        self.rank_series.setPointLabelsColor(QColor(COLOURS[2]))
        most = 1
        for i, (_period, score, rank, ranked) in enumerate(self.history):
            self.score_series.append(i, float(score))
            self.rank_series.append(i, rank)
            most = max(most, ranked)
        chart.addSeries(self.score_series)
        chart.addSeries(self.rank_series)
        x_axis = QBarCategoryAxis()
        x_axis.append([quarter_key_text(p) for p, *_ in self.history] or [""])
        x_axis.setTitleText(self.tr("评议期"))
        score_axis = QValueAxis()
        low, high, ticks = data_range([float(score) for _p, score, *_ in self.history])  # where the scores are
        score_axis.setRange(low, high)
        score_axis.setTickCount(ticks)
        score_axis.setLabelFormat("%.1f")
        score_axis.setTitleText(self.tr("得分"))
        rank_axis = QValueAxis()
        rank_axis.setRange(0.5, most + 0.5)
        rank_axis.setReverse(True)  # 1 on top
        rank_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        rank_axis.setTickAnchor(1)
        rank_axis.setTickInterval(1 if most <= 12 else 2)
        rank_axis.setLabelFormat("%d  ")  # padded: with labels this narrow Qt elides the title to "⋮"
        rank_axis.setTitleText(self.tr("名次"))
        rank_axis.setGridLineVisible(False)  # the score's grid only: two grids out of step read as one
        rank_axis.setLabelsColor(QColor(COLOURS[2]))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(score_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(rank_axis, Qt.AlignmentFlag.AlignRight)
        for series, y_axis in ((self.score_series, score_axis), (self.rank_series, rank_axis)):
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        ChartsDialog._replace_chart(self.view, chart)
        fill_table(self.table, [[quarter_key_text(p), str(score), rank, ranked] for p, score, rank, ranked in self.history])
        for r in range(self.table.rowCount()):
            self.table.item(r, 1).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
