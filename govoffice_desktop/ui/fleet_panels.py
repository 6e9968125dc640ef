"""车辆油耗's two panels beside the refuels, as model and view (ui/row_views.py): 百公里油耗与定额 (every
vehicle, those over quota first) and 万里行车无事故 (the drivers' count, then each driver or vehicle,
those nearest the target first).  Their figures are computed off the GUI thread (``figures()``,
no Qt) and shown by ``show_figures`` / ``show_runs``; a view paints only the rows on screen."""
from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from govoffice_desktop.services import campaigns, fleet
from govoffice_desktop.ui.fleet_dialogs import hint, vehicle_text
from govoffice_desktop.ui.forms import RED, RunPanel, RunRow, driving_summary_texts, guard
from govoffice_desktop.ui.row_views import Mark, RowsModel, RunLine, RunList, read_only_view, show_rows


def periods(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """This month, and the twelve months ending with it."""
    month_end = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    y, m = (today.year - 1, today.month + 1) if today.month < 12 else (today.year, 1)
    return (date(today.year, today.month, 1), month_end), (date(y, m, 1), month_end)


class EconomyPanel(QGroupBox):
    """百公里油耗 against quota for the filtered vehicle (or every vehicle): this month and the last
    twelve months; the vehicles over quota first, their figures in red; 按出车里程 where there are
    no odometers."""

    HEADERS = (QT_TRANSLATE_NOOP("EconomyPanel", "车辆"), QT_TRANSLATE_NOOP("EconomyPanel", "定额\n（升/百公里）"),
               QT_TRANSLATE_NOOP("EconomyPanel", "本月\n升/百公里"), QT_TRANSLATE_NOOP("EconomyPanel", "本月\n超定额"),
               QT_TRANSLATE_NOOP("EconomyPanel", "本月\n元/公里"),
               QT_TRANSLATE_NOOP("EconomyPanel", "近12个月\n升/百公里"),
               QT_TRANSLATE_NOOP("EconomyPanel", "近12个月\n超定额"),
               QT_TRANSLATE_NOOP("EconomyPanel", "近12个月\n元/公里"),
               QT_TRANSLATE_NOOP("EconomyPanel", "近12个月\n加油（升 / 元）"),
               QT_TRANSLATE_NOOP("EconomyPanel", "说明"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("百公里油耗与定额"))
        self.economies: list[tuple[fleet.Economy, fleet.Economy]] = []
        self.rows = RowsModel([self.tr(h) for h in self.HEADERS], right=range(1, 9), parent=self)
        self.table = read_only_view(self, self.rows, stretch=len(self.HEADERS) - 1)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table.horizontalHeader().setMinimumHeight(self.fontMetrics().height() * 2 + 10)
        self.legend = hint("", self)
        self.settings_button = QPushButton(self.tr("设置…"), self)
        guard(self.settings_button, "fleet.rules")
        self.settings_button.setToolTip(self.tr("超定额标红的比例，万里行车无事故的目标"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        bottom.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def refresh(self, vehicle_id: int | None = None, today: date | None = None) -> None:
        self.show_figures(self.figures(vehicle_id, today))

    @staticmethod
    def figures(vehicle_id: int | None = None, today: date | None = None) -> tuple:
        """What the panel shows (no Qt: computed off the GUI thread by the tab): the threshold, the
        twelve months' first day and last, and each vehicle's (this month, twelve months), the
        vehicles over quota first (each part in plate order).  Every vehicle's figures for both
        periods in three statements (``fleet.economies_ending``)."""
        (m_first, m_last), (y_first, y_last) = periods(today or date.today())
        if vehicle_id is not None:
            cars = [v for v in [fleet.vehicle_by_id(vehicle_id)] if v]
        else:
            cars = fleet.vehicles()
        threshold = fleet.setting_decimal(fleet.OVER_QUOTA_KEY, fleet.DEFAULT_OVER_QUOTA_PCT)
        # both periods end this month: every vehicle's fills read once (the statement compiled once)
        year, month = fleet.economies_ending([y_first, m_first], m_last, cars, threshold)
        pairs = [(month[v.id], year[v.id]) for v in cars]
        pairs.sort(key=lambda pair: not (pair[0].flagged or pair[1].flagged))  # stable: plates within
        return threshold, y_first, y_last, pairs

    def waiting(self) -> None:
        """The figures take a while: the legend says so (the figures before stay meanwhile)."""
        self.legend.setText(self.tr("正在计算…"))

    def show_figures(self, figures: tuple) -> None:
        threshold, y_first, y_last, self.economies = figures
        rows, marks = [], {}
        for i, (month, year) in enumerate(self.economies):
            notes = []
            if month.by_trips or year.by_trips:
                notes.append(self.tr("按出车里程"))
            if year.quota is None:
                notes.append(self.tr("未定额"))
            if year.l_per_100km is None:
                notes.append(self.tr("无完整加满段"))
            if year.without_litres:  # money-only fills: in the amount, not in the litres or the figure
                notes.append(self.tr("%1 次加油没有升数：计入金额，不计入百公里油耗")
                             .replace("%1", str(year.without_litres)))
            rows.append((vehicle_text(month.vehicle), year.quota, self.rate(month), self.over(month),
                         self.cost(month), self.rate(year), self.over(year), self.cost(year),
                         f"{year.litres} / {year.amount}", "；".join(notes)))
            for col, e in ((2, month), (3, month), (5, year), (6, year)):
                if e.flagged:
                    marks[i, col] = Mark(RED, bold=True,
                                         tooltip=self.tr("超过定额 %1%").replace("%1", str(e.over_quota_pct)))
        show_rows(self.table, self.rows, rows, [m.vehicle.id for m, _ in self.economies], marks)
        self.legend.setText(self.tr("从一次加满到下一次加满计算（各段油量之和 ÷ 里程之和）；超过定额 %1% 的标红，排在前面；"
                                    "没有里程表读数的按出车里程计算。近12个月：%2 至 %3。")
                            .replace("%1", str(threshold)).replace("%2", y_first.isoformat())
                            .replace("%3", y_last.isoformat()))

    def rate(self, e: fleet.Economy) -> str:
        if e.l_per_100km is None or not e.measured_litres:  # trips but no fill: no figure, not a zero
            return "—"
        return f"{e.l_per_100km}*" if e.by_trips else str(e.l_per_100km)

    @staticmethod
    def cost(e: fleet.Economy) -> str:
        return "—" if e.cost_per_km is None or not e.measured_litres else str(e.cost_per_km)

    @staticmethod
    def over(e: fleet.Economy) -> str:
        if e.over_quota_pct is None or not e.measured_litres:
            return "—"
        return f"{e.over_quota_pct:+}%"


class SafeDrivingPanel(RunPanel):
    """万里行车无事故: how many drivers have reached the target first (in bold, set apart), then the
    drivers or the vehicles, as chosen, with progress toward the target in 里 since their own last
    at-fault accident: by default those about to reach the target first (the nearest first), then
    those who have (the latest first: just past it), or in the order of their names or plates.  The vehicles' runs are worked out when the
    vehicles are chosen (``vehicles_wanted``), and with every refresh after."""

    ORDERS = (QT_TRANSLATE_NOOP("SafeDrivingPanel", "驾驶员：将达成的在前，再是刚达成的"),
              QT_TRANSLATE_NOOP("SafeDrivingPanel", "驾驶员：按姓名"),
              QT_TRANSLATE_NOOP("SafeDrivingPanel", "车辆：将达成的在前，再是刚达成的"),
              QT_TRANSLATE_NOOP("SafeDrivingPanel", "车辆：按车牌"))

    vehicles_wanted = Signal()  # the vehicles chosen: their runs to be worked out

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("万里行车无事故"), parent)
        self.runs: list[campaigns.DriveRun] = []
        self.with_vehicles = False  # the runs hold the vehicles' too
        self.order = QComboBox(self)
        self.order.setObjectName("safe_order")
        # as wide as the panel gives it, not wider than the runs need (its longest choice elided)
        self.order.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.order.setMinimumContentsLength(12)
        for text in self.ORDERS:
            self.order.addItem(self.tr(text))
        self.order.currentIndexChanged.connect(self._show_lines)
        self.list = RunList(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("显示："), self))
        row.addWidget(self.order, 1)
        layout = self.layout()
        layout.setStretchFactor(self.scroll, 0)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)

    def refresh(self) -> None:
        self.show_runs(self.figures(self.shows_vehicles()))

    def shows_vehicles(self) -> bool:
        """The vehicles are chosen (their runs are worked out only then)."""
        return self.order.currentIndex() >= 2

    @staticmethod
    def figures(vehicles: bool = False) -> tuple:
        """What the panel shows (no Qt: computed off the GUI thread by the tab): every driver's run,
        and with ``vehicles`` every vehicle's, without the day each reached the target (asked for the
        lines on screen, ``fleet.reached_on``); the drivers' count."""
        runs = campaigns.drive_runs(vehicles=vehicles, reaches_from=None)
        summary = campaigns.driving_summary(runs)
        accident = summary.last_accident
        if accident is not None:  # who it was, read here (not on the GUI thread when shown)
            _ = accident.driver if accident.driver_id else accident.vehicle
        return runs, summary, vehicles

    def waiting(self) -> None:
        if self.body is None:  # the first time; after that the runs before stay meanwhile
            self.intro.setText(self.tr("正在计算…"))

    def show_runs(self, figures: tuple) -> None:
        self.runs, summary, self.with_vehicles = figures
        self.intro.setText(self.tr("每名驾驶员、每辆车自己上次有责事故（全部、主要、同等责任）以来的行驶里程；"
                                   "目标 %1 里（1 里 = 0.5 公里）。达成的在该月车辆结账时记录。")
                           .replace("%1", f"{summary.target_li:,.0f}"))
        share, headline, nearest, last = driving_summary_texts(summary)
        self.show_rows([RunRow(self.tr("驾驶员"), share, headline, "\n".join(filter(None, [nearest, last])))])
        self.scroll.setFixedHeight(self.body.sizeHint().height())
        self._show_lines()

    def _show_lines(self) -> None:
        choice = self.order.currentIndex()
        vehicles = choice >= 2
        shown = [r for r in self.runs if (r.subject == campaigns.SUBJECT_VEHICLE) == vehicles]
        if vehicles and not self.with_vehicles and self.body is not None:  # not worked out yet
            self.list.set_lines([])
            self.vehicles_wanted.emit()
            return
        if choice in (0, 2):  # those nearest the target first, then those just past it
            shown.sort(key=lambda r: (r.reached, abs(r.li - r.target_li), r.name))
        self.list.set_lines([RunLine(r.name, float(r.progress), self.bar_text(r), lambda r=r: self.detail(r), r)
                             for r in shown])
        self.fit_list(self.list)

    def bar_text(self, run: campaigns.DriveRun) -> str:
        template = self.tr("✓ 已达成 %1 里") if run.reached else self.tr("%1 / %2 里")
        return template.replace("%1", f"{run.li:,.0f}").replace("%2", f"{run.target_li:,.0f}")

    def detail(self, run: campaigns.DriveRun) -> str:
        """A run's line under its bar (the day it reached the target asked for when first shown)."""
        last = run.last_accident.isoformat() if run.last_accident else self.tr("无")
        detail = self.tr("%1 公里 · 上次有责事故 %2").replace("%1", f"{run.km:,.1f}").replace("%2", last)
        reached = fleet.reached_on(run)
        if reached:
            detail += self.tr(" · %1 达成").replace("%1", reached.isoformat())
        return detail

    def line(self, name: str) -> tuple[str, str]:
        """(the bar's words, the detail) of the run of ``name`` (a driver's or a plate), whichever
        the list shows."""
        run = next(r for r in self.runs if r.name == name)
        return self.bar_text(run), self.detail(run)
