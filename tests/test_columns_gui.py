"""One rule for the columns of every table in the window (ui/columns.py), checked over every tab and
sub-page of the demo office at 1280×720: no header elided, the longest text column stretches,
figures and dates no wider than they need, widths the user sets remembered."""
from __future__ import annotations

import shutil

import pytest
from shiboken6 import getCppPointer
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle, QTableView, QTabWidget, QTreeView

from govoffice_desktop.models import db
from govoffice_desktop.services import auth
from govoffice_desktop.ui.columns import SHORT_TEXT_CHARS, ColumnRule, header_of, header_text, is_text_column
from govoffice_desktop.ui.forms import fill_table, read_only_table
from govoffice_desktop.ui.main_window import MainWindow

SIZE = (1280, 720)


@pytest.fixture(scope="module")
def office(demo_file, tmp_path_factory, qapp):
    path = tmp_path_factory.mktemp("columns") / "demo.db"
    shutil.copy(demo_file, path)
    db.open_database(path)
    auth.authenticate("admin", "demo")
    yield path
    auth.logout()
    db.close_database()


def open_window(qtbot) -> MainWindow:
    window = MainWindow("demo.db")
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown_tables(window: MainWindow):
    """(where, view) for every table shown on every tab and sub-page, each once."""
    seen: set[int] = set()

    def visible(where):
        for view in window.findChildren(QAbstractItemView):
            if isinstance(view, (QTableView, QTreeView)) and view.isVisible() and view.model() is not None \
                    and getCppPointer(view)[0] not in seen:  # (a wrapper's id() can be reused)
                seen.add(getCppPointer(view)[0])
                yield where, view

    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        name = window.tabs.tabText(i)
        inners = window.tabs.widget(i).findChildren(QTabWidget)
        if not inners:
            yield from visible(name)
        for inner in inners:
            for j in range(inner.count()):
                inner.setCurrentIndex(j)
                QApplication.processEvents()
                yield from visible(f"{name}/{inner.tabText(j)}")


def text_need(view, column: int) -> int:
    header = header_of(view)
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    lines = header_text(view, column).split("\n")
    return max(header.fontMetrics().horizontalAdvance(line) for line in lines) + 2 * margin


def em_of(view) -> int:
    return view.fontMetrics().horizontalAdvance("字")


def test_every_table_follows_the_one_rule_at_1280x720(qtbot, office, settings_dir):
    window = open_window(qtbot)
    checked, stretched = [], []
    for where, view in shown_tables(window):
        header = header_of(view)
        columns = [c for c in range(view.model().columnCount()) if not header.isSectionHidden(c)]
        for c in columns:  # no header elided: the section is at least as wide as its text
            assert header.sectionSize(c) >= text_need(view, c), (where, header_text(view, c))
        rule = view.findChild(ColumnRule, "column_rule")
        if rule is None:  # a grid laid out by its own page (每日督查's CheckGrid)
            continue
        checked.append(where)
        texts = [c for c in columns if is_text_column(view, c)]
        if texts and view.model().rowCount():
            longest = max(texts, key=lambda c: (view.sizeHintForColumn(c), -c))
            short = view.sizeHintForColumn(longest) <= em_of(view) * SHORT_TEXT_CHARS \
                and not view.property("stretch_may_elide")
            expected = None if short else longest  # short words only: nothing stretches, figures stay beside them
            assert rule.stretch == expected, (where, rule.stretch, header_text(view, longest))
        if rule.stretch is not None:
            stretched.append((where, header_text(view, rule.stretch)))
        em = view.fontMetrics().horizontalAdvance("字")
        for c in columns:
            if c in texts or c == rule.stretch:
                continue
            content = view.sizeHintForColumn(c) if view.model().rowCount() else 0
            fitted = max(content, header.sectionSizeHint(c), text_need(view, c))
            assert header.sectionSize(c) <= fitted + 2 * em, (where, header_text(view, c), header.sectionSize(c))
    assert len(checked) >= 20
    # the tables the issue names: 事由 takes the room in 奖惩台账, 情况说明 in 落实到人的督查
    assert ("奖惩与奖金/奖惩台账", "事由") in stretched
    assert ("督查督办/每日督查", "情况说明") in stretched
    # the "figures 700 px from their labels": a table of short words stretches none of them
    assert not any(where.startswith("季度评议/评议票数") for where, _ in stretched), stretched


def test_a_width_the_user_sets_is_remembered_across_a_close_and_reopen(qtbot, office, settings_dir):
    first = open_window(qtbot)
    first.tabs.setCurrentIndex(list(first.pages).index("rewards"))
    ledger = next(view for where, view in shown_tables(first) if where == "奖惩与奖金/奖惩台账")
    header = ledger.horizontalHeader()
    column = [header_text(ledger, c) for c in range(header.count())].index("科室")
    header.resizeSection(column, 150)  # as a drag of the header's edge does
    first.close()
    assert '"科室": 150' in "".join(str(QSettings().value(k)) for k in QSettings().allKeys()
                                   if k.startswith("columns/"))
    second = open_window(qtbot)
    ledger = next(view for where, view in shown_tables(second) if where == "奖惩与奖金/奖惩台账")
    assert ledger.horizontalHeader().sectionSize(column) == 150


def test_a_figures_column_sits_beside_its_label_and_the_text_column_stretches(qtbot, settings_dir):
    table = read_only_table(None, ["评议期", "得分", "名次", "参评科室数"], stretch=3)
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    fill_table(table, [["2026Q3", "92.50", 3, 12], ["2026Q2", "90.10", 5, 12]])
    header = table.horizontalHeader()
    assert max(header.sectionSize(c) for c in range(4)) < 150  # no column spread 700 px from its label
    reasons = read_only_table(None, ["日期", "金额", "事由"], stretch=None)
    qtbot.addWidget(reasons)
    reasons.resize(900, 300)
    reasons.show()
    fill_table(reasons, [["2026-10-31", "-50.00", "督办事项“调研农村土地流转情况”逾期未办结（时限 2026-10-30）"]])
    header = reasons.horizontalHeader()
    assert header.sectionSize(2) >= reasons.sizeHintForColumn(2)  # the reason whole, not cut with …
    assert sum(header.sectionSize(c) for c in range(3)) >= reasons.viewport().width() - 1  # no blank beside it


def test_every_campaign_bar_shows_its_words_whole_at_1280x720(qtbot, office, settings_dir):
    """万里行车无事故 and 万页文稿无差错 beside their tables: each bar at least as wide as its words (the
    drivers' 8 / 9 名已达 10,000 里 was cut, the panel squeezed by the table beside it), and the rows
    not wider than the panel's scroll area shows."""
    from PySide6.QtWidgets import QProgressBar, QSplitter

    from govoffice_desktop.ui.forms import RunPanel
    from govoffice_desktop.ui.row_views import RunList

    window = open_window(qtbot)
    checked = 0
    for key in ("fleet", "typing_pool"):
        window.tabs.setCurrentIndex(list(window.pages).index(key))
        QApplication.processEvents()
        for panel in window.tabs.currentWidget().findChildren(RunPanel):
            qtbot.waitUntil(lambda: panel.body is not None)
            splitter = panel.parentWidget()
            if isinstance(splitter, QSplitter):  # the panel dragged as narrow as it goes
                index = splitter.indexOf(panel)
                splitter.setSizes([0 if i == index else 10_000 for i in range(splitter.count())])
            QApplication.processEvents()
            assert panel.body.width() <= panel.scroll.viewport().width(), (key, panel.title())
            for bar in panel.body.findChildren(QProgressBar):
                assert bar.width() >= bar.fontMetrics().horizontalAdvance(bar.text()) + 8, (key, bar.text())
                checked += 1
            for runs in panel.findChildren(RunList):  # the runs painted as a list (车辆油耗): each bar's words
                for line in runs.runs.lines:
                    assert runs.bar_width() >= runs.fontMetrics().horizontalAdvance(line.bar_text) + 8, (key, line)
                    checked += 1
    assert checked >= 10


def test_a_list_of_plain_text_is_measured_by_its_widest_text_as_cell_by_cell(qtbot, office, settings_dir):
    """The lists' models (plain text in the view's font) are measured by each column's widest text,
    the delegate asked for that one cell: the same width ``sizeHintForColumn`` finds asking every
    cell, and the same columns of words, on every list of the demo office."""
    from govoffice_desktop.ui.columns import _content_width

    window = open_window(qtbot)
    measured = 0
    for key in list(window.pages):
        window.tabs.setCurrentIndex(list(window.pages).index(key))
        QApplication.processEvents()
        for view in window.tabs.currentWidget().findChildren(QTableView):
            model = view.model()
            if model is None or not getattr(model, "plain_text_cells", False) or not model.rowCount():
                continue
            for c in range(model.columnCount()):
                assert _content_width(view, c) == (view.sizeHintForColumn(c), is_text_column(view, c)), \
                    (key, header_text(view, c))
                measured += 1
    assert measured >= 40
