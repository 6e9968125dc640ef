"""首页 on the screens the office uses (1280×720, 1440×900, 1200×760), over the demo office:

- the page itself never scrolls and nothing on it is drawn over anything (the 万里行车无事故 count
  ran into 上次有责事故 at 1200×760): tests/test_forms_gui.drawn_over;
- the 待说明情况 and 调离 list and the red and yellow 督办事项 show all their rows without a scroll
  bar when they fit the window; when they do not, they have the height and the lists beside them
  (车辆, 待定职定级) are down to their least;
- the ranking says how many days of checks it rests on (本月排名（据 3 个工作日的督查）)."""
from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from govoffice_desktop.models import db
from govoffice_desktop.models.ratings import CLOSED, DISMISSAL, EXPLAIN, Explanation, RatingPeriod
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.supervision import SupervisionTarget
from govoffice_desktop.services import auth, supervision
from govoffice_desktop.ui.dashboard_tab import DashboardTab, fit_heights
from tests.test_forms_gui import drawn_over

DEMO_DAY = date(2026, 11, 30)  # the demo office's day (conftest.demo_file)
SIZES = [QSize(1280, 720), QSize(1440, 900), QSize(1200, 760)]


@pytest.fixture
def demo(demo_file, tmp_path, qapp, monkeypatch):
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db.open_database(path)
    auth.authenticate("admin", "demo")
    monkeypatch.setattr(DashboardTab, "fixed_today", DEMO_DAY)
    yield path
    auth.logout()
    db.close_database()


def waiting(n: int) -> None:
    """``n`` more sections to explain or decide on, 说明情况 and 调离 in turn, none answered (the demo's
    own are all answered by its day)."""
    assert not Explanation.select().where(Explanation.received_on.is_null()).exists()
    taken = set(Explanation.select(Explanation.period, Explanation.section, Explanation.kind).tuples())
    periods = list(RatingPeriod.select().where(RatingPeriod.status == CLOSED).order_by(RatingPeriod.id.desc()))
    sections = list(Section.select().where(Section.active).order_by(Section.id))
    made = 0
    for period in periods:
        for section in sections:
            kind = (EXPLAIN, DISMISSAL)[made % 2]
            if made < n and (period.id, section.id, kind) not in taken:
                Explanation.create(period=period, section=section, kind=kind, person=section.chief,
                                   due_on=DEMO_DAY)
                made += 1
    assert made == n


def window_at(qtbot, size: QSize):
    from govoffice_desktop.ui.main_window import MainWindow

    window = MainWindow("demo.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dash = window.pages["dashboard"]
    dash.refresh()
    window.resize(size)
    for _ in range(3):
        QApplication.processEvents()
    assert window.size() == size and window.current_page() is dash
    return window, dash


def all_rows_shown(table) -> bool:
    view = table.viewport().rect()
    return not table.verticalScrollBar().isVisible() and all(
        view.contains(table.visualRect(table.model().index(r, 0))) for r in range(table.rowCount()))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
@pytest.mark.parametrize("pending", [4, 18])
def test_the_lists_that_matter_have_the_height_and_nothing_overlaps(qtbot, demo, settings_dir, size, pending):
    waiting(pending)
    window, dash = window_at(qtbot, size)
    assert dash.explanations.rowCount() == pending
    assert {dash.explanations.item(r, 1).text()[:6] for r in range(pending)} == {"评议后三名说", "连续三次最差"}
    assert not dash.verticalScrollBar().isVisible() and not dash.horizontalScrollBar().isVisible()
    drawn_over(dash, f"首页 {size.width()}×{size.height()}")
    for important, others in ((dash.explanations, (dash.ranks_box,)), (dash.tasks, (dash.vehicles_box,))):
        if not all_rows_shown(important):  # more rows than the window holds: the others gave way first
            squeezed = [box for box in others if box.height() > box.minimumSizeHint().height()]
            assert not squeezed, f"{size}: {important} scrolls while {squeezed} are taller than their least"
    for table in (dash.tasks, dash.explanations, dash.vehicles, dash.ranks):  # read at a glance: no sideways scroll
        assert not table.horizontalScrollBar().isVisible(), f"{size}: {table} scrolls sideways"
        header = table.horizontalHeader()
        assert header.length() <= table.viewport().width() + 1, f"{size}: {table} wider than its box"
    if pending == 4:  # they fit every one of these screens: none hides behind a scroll bar
        assert all_rows_shown(dash.explanations) and all_rows_shown(dash.tasks)
        assert dash.tasks.rowCount() >= 5


def test_many_waiting_take_the_height_before_the_ranks(qtbot, demo, settings_dir):
    waiting(18)
    _window, dash = window_at(qtbot, QSize(1280, 720))
    assert dash.explanations.verticalScrollBar().isVisible()  # 18 rows do not fit 720 px
    assert dash.ranks_box.height() == dash.ranks_box.minimumSizeHint().height()
    # the overdue 收文 share the column (the demo has some): they give way as well, to their least
    others = [box for box in (dash.documents_box, dash.ranks_box) if box.isVisible()]
    assert all(box.height() == box.minimumSizeHint().height() for box in others)
    assert dash.explanations_box.height() > 2 * dash.ranks_box.height() or dash.documents_box.isVisible()
    assert dash.explanations_box.height() > max(box.height() for box in others)


def test_the_campaign_counts_wrap_rather_than_run_into_their_dates(qtbot, demo, settings_dir):
    _window, dash = window_at(qtbot, QSize(1200, 760))
    row = dash.campaigns["driving"]
    assert row.text.text().startswith("驾驶员") and row.since.text()
    # the line the demo shows on 2026-12-06 (on its own day every driver has reached the target)
    row.text.setText("驾驶员 8 / 9 名已达 10,000 里；最接近：邓军峰 6,392 里（3,196 公里）")
    row.since.setText("上次有责事故 2026-07-21（邓军峰）")
    for _ in range(3):
        QApplication.processEvents()
    drawn_over(dash, "首页 1200×760")
    for label in (row.text, row.since):  # neither cut short: a line as wide as its text, or wrapped whole
        assert (label.width() >= label.sizeHint().width() or
                label.wordWrap() and label.height() >= label.heightForWidth(label.width())), label.text()
    assert row.since.geometry().left() - row.text.geometry().right() > 6  # they had no gap between them
    assert not dash.horizontalScrollBar().isVisible()  # it did scroll, the line wider than the window
    assert row.since.mapTo(dash.viewport(), row.since.rect().topRight()).x() < dash.viewport().width()
    assert row.text.height() >= row.text.heightForWidth(row.text.width())


def test_the_ranking_says_how_many_days_it_rests_on(qtbot, demo, settings_dir, monkeypatch):
    _window, dash = window_at(qtbot, QSize(1280, 720))
    assert dash.ranking_box.title().startswith("本月排名（据 ") and dash.ranking_box.title().endswith(" 个工作日的督查）")
    early = date(2026, 12, 3)
    target = SupervisionTarget.select().where(SupervisionTarget.year == 2026, SupervisionTarget.section.is_null(),
                                              SupervisionTarget.active).first()
    sections = list(Section.select().where(Section.active).order_by(Section.id))
    for day in (1, 2, 3):  # two sections checked on the 1st only: the days, not the most any section had
        for section in sections[:2] if day == 1 else sections[2:4]:
            supervision.record_check({"checked_on": date(2026, 12, day), "section": section, "target": target,
                                      "met": True}, today=early)
    monkeypatch.setattr(DashboardTab, "fixed_today", early)
    dash.refresh()
    assert dash.ranking_box.title() == "本月排名（据 3 个工作日的督查）"
    assert dash.ranking.rowCount() == 4
    monkeypatch.setattr(DashboardTab, "fixed_today", date(2027, 1, 4))  # no checks yet in January
    dash.refresh()
    assert dash.ranking_box.title() == "2026年12月排名（据 3 个工作日的督查）"


def test_heights_are_shared_what_matters_first_then_the_shortest_need():
    # room for all: each what it wants, the rest to the last
    assert fit_heights(500, [50, 50, 50], [100, 120, 80], [True, False, False]) == [100, 120, 280]
    # too little: the first served whole, then the others share what is left, a short need met whole
    assert fit_heights(350, [50, 50, 50], [150, 200, 90], [True, False, False]) == [150, 110, 90]
    assert fit_heights(300, [50, 50, 50], [150, 200, 90], [True, False, False]) == [150, 75, 75]
    # the first ones want more than there is: the others stay at their least
    assert fit_heights(300, [50, 50], [400, 200], [True, False]) == [250, 50]
    # two first ones: the shorter whole, the longer what is left
    assert fit_heights(300, [50, 50], [100, 400], [True, True]) == [100, 200]


def test_the_lights_and_the_reds_are_painted_in_their_colours(qtbot, demo, settings_dir):
    """首页's coloured cells (the 督办 lights, the last-ranked section, the rises and falls, the grey
    line of an empty list) are given as colours the view paints as their brushes: each cell's
    foreground is the brush of its colour, as setForeground(QBrush(QColor)) gave it."""
    from PySide6.QtGui import QBrush, QColor

    from govoffice_desktop.ui.dashboard_tab import GREEN, GREY, LIGHT_COLOURS, RED, YELLOW

    _window, dash = window_at(qtbot, QSize(1280, 720))
    assert dash.tasks.rowCount() > 0
    for r in range(dash.tasks.rowCount()):
        red = dash.tasks.item(r, 4).text().startswith("逾期")
        assert dash.tasks.item(r, 0).foreground() == QBrush(QColor(LIGHT_COLOURS["red" if red else "yellow"]))
        assert dash.tasks.item(r, 1).foreground() == QBrush(QColor(RED if red else YELLOW))
    last = dash.ranking.rowCount() - 1
    assert dash.ranking.item(last, 1).foreground() == QBrush(QColor(RED))
    changes = [dash.ranking.item(r, 3).foreground().color().name() for r in range(last)
               if dash.ranking.item(r, 3).text()[:1] in "↑↓"]
    assert set(changes) <= {QColor(GREEN).name(), QColor(RED).name()}
    dash.documents.show_rows([], "没有")
    assert dash.documents.item(0, 0).foreground() == QBrush(QColor(GREY))


def test_the_lists_are_measured_by_their_widest_text_as_cell_by_cell(qtbot, demo, settings_dir):
    """首页's lists (items of text alone) are measured as the lists' models are, by each column's widest
    text: the same widths ``sizeHintForColumn`` finds asking every cell, the same columns of words;
    an empty list's one line, which spans the columns, is measured cell by cell."""
    from govoffice_desktop.ui.columns import _content_width, _plain_text_cells, is_text_column

    _window, dash = window_at(qtbot, QSize(1280, 720))
    measured = 0
    for table in dash.lists.values():
        if table.rowCount() and table.links[0] is not None:
            assert _plain_text_cells(table) is table
            for c in range(table.columnCount()):
                assert _content_width(table, c) == (table.sizeHintForColumn(c), is_text_column(table, c))
                measured += 1
    assert measured >= 10
    dash.documents.show_rows([], "没有逾期未办结的收文")
    assert _plain_text_cells(dash.documents) is None
