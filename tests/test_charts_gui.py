"""Charts that answer a question (issue 21, point 8): fuel economy as one chosen vehicle against its
quota, the 名次 axis readable (integers, 1 on top), value axes starting where the data does."""
from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import Qt

from govoffice_desktop.models import db
from govoffice_desktop.services import auth, fleet, ratings
from govoffice_desktop.ui.fleet_charts import FleetChartsDialog
from govoffice_desktop.ui.ratings_history import SectionHistoryDialog
from govoffice_desktop.ui.typing_charts import ChartsDialog, data_range

AS_OF = date(2026, 11, 30)


@pytest.fixture(scope="module")
def office(demo_file, tmp_path_factory, qapp):
    path = tmp_path_factory.mktemp("charts") / "demo.db"
    shutil.copy(demo_file, path)
    db.open_database(path)
    auth.authenticate("admin", "demo")
    yield path
    auth.logout()
    db.close_database()


def value_axis(chart, title: str):
    return next(a for a in chart.axes(Qt.Orientation.Vertical) if a.titleText() == title)


def shot(widget, path) -> None:
    """The dialog at 1280×720, as the README's screenshots are taken (looked at by hand too)."""
    widget.resize(1280, 720)
    widget.show()
    image = widget.grab()
    assert image.width() == 1280 and image.save(str(path))


def test_data_range_starts_where_the_data_does():
    low, high, ticks = data_range([8.4, 9.9, 11.7, 12.0])
    assert 0 < low <= 8.4 and 12.0 <= high < 14 and ticks >= 3
    assert data_range([87.4, 79.3, 88.89])[0] >= 70
    assert data_range([0.2, 3.1])[0] == 0  # figures near zero keep zero
    assert data_range([], floor=0) == (0, 10, 6)


def test_fuel_chart_shows_the_chosen_vehicle_against_its_quota(qtbot, office, tmp_path):
    vehicles = fleet.vehicles()
    over = next(v for v in vehicles  # a vehicle with a month over its quota: its months are marked
                if any(e.l_per_100km is not None and e.quota is not None and e.l_per_100km > e.quota
                       for _k, e in fleet.economy_by_month(v, 12, AS_OF)))
    dialog = FleetChartsDialog(None, today=AS_OF, vehicle_id=over.id)
    qtbot.addWidget(dialog)
    assert dialog.vehicle.count() == len(vehicles) and dialog.vehicle.currentData() == over.id
    expected = fleet.economy_by_month(over, 12, AS_OF)
    chart = dialog.rate_view.chart()
    lines = [s for s in chart.series() if s.name() == "百公里油耗"]
    assert len(lines) == 1 and list(dialog.rate_series) == [over.plate]  # one vehicle, not sixteen
    figures = [(float(i), float(e.l_per_100km)) for i, (_k, e) in enumerate(expected)
               if e.measured_litres and e.l_per_100km is not None]
    assert [(p.x(), p.y()) for p in lines[0].points()] == figures
    assert [p.y() for p in dialog.quota_series[over.plate].points()] == [float(e.quota) for _k, e in expected]
    marked = [(p.x(), p.y()) for p in dialog.over_series[over.plate].points()]
    assert marked and all(y > float(expected[int(x)][1].quota) for x, y in marked)
    axis = value_axis(chart, "升/百公里")
    values = [y for _x, y in figures] + [float(e.quota) for _k, e in expected]
    assert 0 < axis.min() <= min(values) and axis.max() >= max(values)  # not from 0 when data lives 8–12
    shot(dialog, tmp_path / "fleet.png")

    dialog.vehicle.setCurrentIndex(0)  # choosing another vehicle draws that one
    first = vehicles[0]
    assert list(dialog.rate_series) == [first.plate]
    assert [p.y() for p in dialog.cost_series[first.plate].points()] == [
        float(e.cost_per_km) for _k, e in fleet.economy_by_month(first, 12, AS_OF)
        if e.measured_litres and e.cost_per_km is not None]


def test_rank_axis_reads_1_on_top_in_whole_places_and_the_score_axis_starts_near_the_scores(qtbot, office, tmp_path):
    dialog = SectionHistoryDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.history
    chart = dialog.view.chart()
    rank = value_axis(chart, "名次")
    most = max(ranked for *_rest, ranked in dialog.history)
    assert rank.isReverse() and (rank.min(), rank.max()) == (0.5, most + 0.5)
    assert rank.tickAnchor() == 1 and rank.tickInterval() == 1 and rank.labelFormat().strip() == "%d"
    assert [p.y() for p in dialog.rank_series.points()] == [float(r) for _p, _s, r, _n in dialog.history]
    score = value_axis(chart, "得分")
    scores = [float(s) for _p, s, *_ in dialog.history]
    assert 0 < score.min() <= min(scores) and score.max() >= max(scores)
    section = dialog.section_combo.currentData()
    assert dialog.history == ratings.section_history(section, dialog.direction_combo.currentData())
    shot(dialog, tmp_path / "history.png")


def test_speed_axis_starts_near_the_speeds(qtbot, office):
    dialog = ChartsDialog(None, today=AS_OF)
    qtbot.addWidget(dialog)
    speeds = [p.y() for p in dialog.speed_series.points()] + [p.y() for p in dialog.min_speed_series.points()]
    assert speeds
    axis = value_axis(dialog.speed_view.chart(), "速度（字/分）")
    assert axis.min() <= min(speeds) and axis.max() >= max(speeds)
    assert axis.min() > 0 or min(speeds) < 20
