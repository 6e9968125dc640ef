"""车辆油耗's panels (百公里油耗 of every vehicle, 万里行车无事故 of every driver and vehicle) and 文印管理's
万页文稿无差错 are computed off the GUI thread once the table is on screen (ui/worker.AfterPaint), like
首页's figures: the table is usable meanwhile, the panels say 正在计算… until their figures come, and
what the GUI thread reads to open the tab does not grow with the history (counted in statements,
not timed)."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import peewee as pw
import pytest

from govoffice_desktop.models.fleet import Incident, Refuel, Trip
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import campaigns, fleet, staff, typing_pool
from govoffice_desktop.ui.fleet_tab import FleetTab
from govoffice_desktop.ui.typing_pool_tab import TypingPoolTab

TODAY = date.today()


@pytest.fixture
def office(database):
    section = staff.add_section("行政科")
    driver = staff.save_person({"name": "刘洋", "section": section, "post": "驾驶员", "is_driver": True,
                                "joined_on": date(2010, 3, 1)})
    typist = staff.save_person({"name": "王芳", "section": section, "post": "打字员", "is_typist": True,
                                "joined_on": date(2010, 3, 1)})
    car = fleet.save_vehicle({"plate": "苏NA1234", "brand_model": "大众帕萨特", "fuel_quota": "10", "driver": driver})
    return driver, typist, car


def add_history(office, years: int) -> None:
    """``years`` of refuels, trips, at-fault accidents and typed documents with errors after issue,
    ending last month (rows written directly: the services' checks are not what is tested here)."""
    driver, typist, car = office
    start = date(TODAY.year - years, 1, 1)
    end = TODAY.replace(day=1) - timedelta(days=1)
    day, odometer, n = start, 10_000, 0
    refuels, trips, incidents, logs = [], [], [], []
    while day <= end:
        odometer += 400
        refuels.append(dict(filled_at=datetime.combine(day, datetime.min.time()).replace(hour=9), vehicle=car.id,
                            driver=driver.id, litres=40, unit_price=8, amount=320, odometer=odometer))
        trips.append(dict(trip_date=day, vehicle=car.id, driver=driver.id, distance_km=400))
        logs.append(dict(typed_on=day, typist=typist.id, typist_name=typist.name, title=f"文稿{n}", pages=12,
                         errors_after_issue=1 if n % 5 == 4 else 0))
        if n % 6 == 5:
            incidents.append(dict(occurred_on=day, vehicle=car.id, driver=driver.id, kind="事故",
                                  responsibility="主要责任"))
        day += timedelta(days=7)
        n += 1
    for model, rows in ((Refuel, refuels), (Trip, trips), (Incident, incidents), (TypingLog, logs)):
        model.bulk_insert(rows, audit="batch")


@pytest.fixture
def gui_statements(monkeypatch):
    """How many statements the GUI thread runs (every query goes through Database.execute_sql)."""
    counted = []
    real = pw.Database.execute_sql

    def execute_sql(self, sql, params=None, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            counted.append(sql)
        return real(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(pw.Database, "execute_sql", execute_sql)
    return counted


def gated(monkeypatch, module, name: str):
    """``module.name`` made to wait for the returned gate, noting the threads it ran in."""
    gate, threads = threading.Event(), []
    real = getattr(module, name)

    def slow(*args, **kwargs):
        threads.append(threading.get_ident())
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return gate, threads


def open_fleet(qtbot) -> FleetTab:
    tab = FleetTab()
    qtbot.addWidget(tab)
    tab.resize(1400, 860)
    tab.show()
    return tab


def test_the_fleet_panels_come_off_the_gui_thread_with_the_refuels_usable(qtbot, office, monkeypatch):
    add_history(office, 1)
    gate, threads = gated(monkeypatch, campaigns, "drive_runs")
    monkeypatch.setattr(FleetTab, "WAIT_MS", 0)
    tab = open_fleet(qtbot)
    try:
        assert tab.computing
        qtbot.waitUntil(lambda: tab.panels.computing, timeout=10_000)
        assert tab.economy.legend.text() == "正在计算…" and tab.safe.intro.text() == "正在计算…"
        assert tab.economy.rows.rowCount() == 0
        assert tab.model.rowCount() > 0  # the refuels are there meanwhile
        tab.view.selectRow(0)
        assert tab.selected_row_id() is not None
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not tab.computing, timeout=10_000)
    assert threads and threading.get_ident() not in threads
    assert tab.economy.rows.rowCount() == 1 and tab.economy.rows.index(0, 0).data().startswith("苏NA1234")
    assert "刘洋" in tab.safe.list.runs.names() and tab.safe.intro.text().startswith("每名驾驶员")
    gate.clear()
    tab.refresh()  # again: the figures before stay meanwhile
    qtbot.waitUntil(lambda: tab.panels.computing, timeout=10_000)
    assert tab.economy.rows.rowCount() == 1 and "刘洋" in tab.safe.list.runs.names()
    gate.set()
    qtbot.waitUntil(lambda: not tab.computing, timeout=10_000)


def test_fleet_panels_that_cannot_be_computed_say_so(qtbot, office, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ValueError("数据库正忙")

    monkeypatch.setattr(campaigns, "drive_runs", broken)
    monkeypatch.setattr(FleetTab, "WAIT_MS", 0)
    tab = FleetTab()
    qtbot.addWidget(tab)
    messages = []
    tab.status_message.connect(messages.append)
    tab.show()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == ["油耗与万里行车无事故未能计算：数据库正忙"]
    assert tab.economy.legend.text() == "未能计算" and tab.safe.intro.text() == "未能计算"


def test_the_page_runs_come_off_the_gui_thread_with_the_log_usable(qtbot, office, monkeypatch):
    add_history(office, 1)
    gate, threads = gated(monkeypatch, typing_pool, "page_runs")
    monkeypatch.setattr(TypingPoolTab, "WAIT_MS", 0)
    tab = TypingPoolTab()
    qtbot.addWidget(tab)
    tab.show()
    try:
        qtbot.waitUntil(lambda: tab.figures.computing, timeout=10_000)
        assert tab.computing and tab.runs.intro.text() == "正在计算…" and not tab.runs.rows
        assert tab.model.rowCount() > 0  # the log is there meanwhile
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not tab.computing, timeout=10_000)
    assert threads and threading.get_ident() not in threads
    assert "王芳" in tab.runs.names() and tab.runs.intro.text().startswith("印发后发现差错")


@pytest.mark.parametrize("tab_class, module, name", [(FleetTab, campaigns, "drive_runs"),
                                                     (TypingPoolTab, typing_pool, "page_runs")])
def test_what_the_gui_thread_reads_to_open_the_tab_does_not_grow_with_the_history(
        qtbot, office, gui_statements, monkeypatch, tab_class, module, name):
    """Opened over one year, then over ten (with ten times the accidents and errors after issue,
    each a run of its own): the GUI thread runs as many statements; the panels' figures, computed
    meanwhile in their thread, are not among them."""
    gate, _threads = gated(monkeypatch, module, name)
    monkeypatch.setattr(tab_class, "WAIT_MS", 0)
    counts = []
    for years in (1, 9):  # one year, then ten in all
        add_history(office, years)
        gui_statements.clear()
        tab = tab_class()
        qtbot.addWidget(tab)
        tab.show()
        gate.clear()
        qtbot.waitUntil(lambda: not tab.computing or bool(_threads), timeout=10_000)
        counts.append(len(gui_statements))
        gate.set()
        qtbot.waitUntil(lambda: not tab.computing, timeout=10_000)
        _threads.clear()
        tab.close()
    assert counts[0] == counts[1]


def test_the_bonus_sheet_comes_off_the_gui_thread_with_the_month_chooser_usable(qtbot, office, monkeypatch,
                                                                                 gui_statements):
    """奖惩与奖金's 奖金核算表 (600 people in a large office) and 珍惜每一分钱 are computed off the GUI
    thread once the tab is on screen; what the GUI thread reads to open the tab does not grow with
    the staff (counted in statements, not timed)."""
    from govoffice_desktop.services import rewards
    from govoffice_desktop.ui.rewards import RewardsTab
    from govoffice_desktop.ui.rewards.sheet_page import SheetPage

    rewards.save_base("打字员", "900", "2020-01-01")
    gate, threads = gated(monkeypatch, rewards, "bonus_sheet")
    monkeypatch.setattr(SheetPage, "WAIT_MS", 0)
    counts = []
    for more in (0, 30):
        section = staff.add_section(f"第{more}科")
        for i in range(more):
            staff.save_person({"name": f"科员{more}-{i}", "section": section, "post": "打字员",
                               "joined_on": date(2015, 1, 1)})
        gui_statements.clear()
        gate.clear()
        tab = RewardsTab()
        qtbot.addWidget(tab)
        tab.show()
        page = tab.sheet_page
        try:
            qtbot.waitUntil(lambda: page.figures.computing, timeout=10_000)
            counts.append(len(gui_statements))
            assert page.computing and page.state.text() == "正在计算…"
            assert page.savings.values["rewards"].text() == "正在计算…"
            assert page.isEnabled() and page.period() is not None  # the month can be chosen meanwhile
        finally:
            gate.set()
        qtbot.waitUntil(lambda: not page.computing, timeout=10_000)
        assert threads and threading.get_ident() not in threads
        assert page.line_item("王芳") is not None and tab.count_text() == f"共 {2 + more} 人"
        assert page.total.text().startswith(f"合计：{2 + more} 人")
        threads.clear()
        tab.close()
    assert counts[0] == counts[1]


def test_a_bonus_sheet_that_cannot_be_computed_says_so(qtbot, office, monkeypatch):
    from govoffice_desktop.services import rewards
    from govoffice_desktop.ui.rewards import RewardsTab
    from govoffice_desktop.ui.rewards.sheet_page import SheetPage

    def broken(*_args, **_kwargs):
        raise ValueError("数据库正忙")

    monkeypatch.setattr(rewards, "bonus_sheet", broken)
    monkeypatch.setattr(SheetPage, "WAIT_MS", 0)
    tab = RewardsTab()
    qtbot.addWidget(tab)
    messages = []
    tab.status_message.connect(messages.append)
    tab.show()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == ["奖金核算表未能计算：数据库正忙"]
    assert tab.sheet_page.state.text() == "未能计算" and tab.sheet_page.sheet is None
