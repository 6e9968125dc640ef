"""One way of doing each thing (issue 21, point 4): one toolbar row per list, every list a page of
its tab, printing a button of the page that prints; over the demo office at 1280×720.

Before: the action buttons sat above the search box (人员档案, 车辆油耗, 文印管理), below it (督办事项)
or at the bottom right of a dialog (出车登记); 车辆油耗 printed by a button, 人员档案 under 更多; the
1,992 trips of the demo opened in a small dialog instead of a page of 车辆油耗."""
from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from govoffice_desktop.models.fleet import Trip
from govoffice_desktop.ui import fleet_dialogs
from govoffice_desktop.ui.forms import em
from govoffice_desktop.ui.list_tab import SEARCH_MIN_CHARS, ListTab, RecordList
from tests.test_status_bar import demo_window, pages_of  # noqa: F401 - the fixture

# the pages that print a document of their own, and the start of their 打印 button's text
PRINTING = {"人员档案": "打印花名册", "文印管理/文印登记": "打印考核表", "车辆油耗/加油": "打印油耗月报",
            "季度评议/排名": "打印评议表", "季度评议/评议票数": "打印", "督查督办/月度考核与专报": "打印",
            "奖惩与奖金/奖金核算表": "打印"}


def shown(widget: QWidget) -> bool:
    return widget.isVisibleTo(widget.window())


def box(widget: QWidget, window: QWidget) -> tuple[int, int, int]:
    """(left, right, vertical centre) in the window's coordinates."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return top_left.x(), top_left.x() + widget.width(), top_left.y() + widget.height() // 2


def lists_on(tab: QWidget, page: QWidget) -> list[ListTab]:
    """The lists the page shows (a tab that is one list or a list's first page, a list on a page,
    several lists on one)."""
    found = [page] if isinstance(page, ListTab) else []
    if isinstance(tab, ListTab) and page is getattr(tab, "own_page", None):
        found.append(tab)
    found += [w for w in page.findChildren(ListTab) if shown(w)]
    return [lst for lst in found if shown(lst.view) or isinstance(lst, RecordList)]


def check_row(name: str, lst: ListTab, window: QWidget) -> None:
    actions = [lst.actions_row.itemAt(i).widget() for i in range(lst.actions_row.count())]
    actions = [w for w in actions if w is not None and shown(w)]
    prints = [b for b in lst.print_buttons if shown(b)]
    row = actions + [lst.search, lst.count_label, lst.export_button] + prints
    assert all(w.parentWidget() is lst.toolbar for w in row), name
    boxes = [box(w, window) for w in row]
    centres = {c for _l, _r, c in boxes}
    assert max(centres) - min(centres) <= 1, (name, [(w.objectName() or w.text(), b) for w, b in zip(row, boxes)])
    lefts = [b[0] for b in boxes]
    assert lefts == sorted(lefts), name  # actions, then search, count, 导出, 打印, left to right
    for (_l, right, _c), (left, _r, _c2) in zip(boxes, boxes[1:]):
        assert right <= left, name  # side by side, none over another
    search, count, export = (box(w, window) for w in (lst.search, lst.count_label, lst.export_button))
    assert all(box(w, window)[1] <= search[0] for w in actions), name  # actions left of the search box
    assert search[1] <= count[0] <= export[0], name
    rightmost = max((box(w, window)[1] for w in lst.toolbar.findChildren(QWidget) if shown(w)
                     and w.parentWidget() is lst.toolbar), default=0)
    assert rightmost == (box(prints[-1], window) if prints else export)[1], name  # 导出/打印 at the right end
    # the row fits the page at 1280×720: nothing squeezed below what it needs
    assert lst.toolbar.minimumSizeHint().width() <= lst.toolbar.width(), name
    for w in row:  # a button shows its whole text, the search box room for a few words
        need = (w.fontMetrics().horizontalAdvance(w.text()) + 8 if isinstance(w, QPushButton)
                else em(w, SEARCH_MIN_CHARS) if w is lst.search else w.minimumSizeHint().width())
        assert w.width() >= need, (name, w.objectName() or w.text(), w.width(), need)
    # the buttons of the row are the only ones of the list: none above, below or beside the table
    buttons = [b for b in lst.findChildren(QPushButton) if shown(b) and lst.isAncestorOf(b)
               and not any(isinstance(inner, ListTab) and inner is not lst and inner.isAncestorOf(b)
                           for inner in lst.findChildren(ListTab))
               and not (lst.view.isAncestorOf(b))]
    panels = [w for w in (getattr(lst, n, None) for n in ("economy", "safe", "detail", "runs")) if w is not None]
    stray = [b.text() for b in buttons if b.parentWidget() is not lst.toolbar
             and not any(p.isAncestorOf(b) for p in panels)]
    assert stray == [], name


def test_every_list_of_every_page_has_one_toolbar_row_and_every_printing_page_a_print_button(demo_window, qtbot):
    window = demo_window("admin")
    seen, printing = [], set()
    for name, tab, page in pages_of(window):
        qtbot.wait(1)
        for lst in lists_on(tab, page):
            check_row(name, lst, window)
            seen.append(name)
        buttons = [b.text() for b in tab.findChildren(QPushButton) if shown(b)]  # the page's, and its tab's
        if name in PRINTING:
            assert any(t.startswith(PRINTING[name]) for t in buttons), (name, buttons)
            printing.add(name)
        for more in (b for b in tab.findChildren(QPushButton) if shown(b) and b.menu() is not None):
            hidden = [a.text() for a in more.menu().actions() if a.text().startswith("打印")]
            # a page's own document is never printed only from under 更多
            assert not (name in PRINTING and any(t.startswith(PRINTING[name]) for t in hidden)), (name, hidden)
    assert printing == set(PRINTING)
    assert {"人员档案", "文印管理/文印登记", "文印管理/测速记录", "车辆油耗/加油", "车辆油耗/出车",
            "车辆油耗/事故违章", "督查督办/督办事项", "奖惩与奖金/奖惩台账", "文电办理/收文登记"} <= set(seen)


def test_the_trips_are_a_page_of_the_fleet_tab_with_its_vehicle_filter(demo_window, qtbot):
    window = demo_window("admin")
    fleet_tab = window.pages["fleet"]
    window.tabs.setCurrentWidget(fleet_tab)
    tab = fleet_tab.page()
    assert isinstance(tab.pages, QTabWidget)
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())] == ["加油", "出车", "事故违章"]
    assert not hasattr(fleet_dialogs, "TripsDialog") and Trip.select().count() > 1000  # the demo's 1,992
    # from 加油, a vehicle chosen: 出车记录 shows the 出车 page filtered to that vehicle
    tab.vehicle_filter.setCurrentIndex(1)
    vehicle_id = tab.vehicle_filter.currentData()
    tab.trips_action.trigger()
    assert tab.pages.currentWidget() is tab.trips
    trips = tab.trips
    assert trips.vehicle_filter.currentData() == vehicle_id
    expected = Trip.select().where(Trip.vehicle == vehicle_id).count()
    assert 0 < trips.model.rowCount() == expected < Trip.select().count()
    assert window.count_label.text() == f"筛选出 {expected} 条"
    # the filter is the page's own: 全部 shows every trip
    trips.vehicle_filter.setCurrentIndex(0)
    assert trips.model.rowCount() == Trip.select().count()
    assert window.count_label.text() == f"共 {Trip.select().count()} 条"
    # the window's list actions go to the page shown; a trips ledger dropped here imports as trips
    assert fleet_tab.import_kind == "trips"
    tab.show_page(tab)
    assert fleet_tab.import_kind == "refuels" and window.count_label.text().endswith("条")
