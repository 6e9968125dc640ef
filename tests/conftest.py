"""Shared fixtures: offscreen Qt, a fresh database per test, settings kept out of the user's home."""
from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Commands run on a demo database log in as its administrator (admin / demo, demo-only); the
# tests of logins themselves clear these.
os.environ.setdefault("GOVOFFICE_USER", "admin")
os.environ.setdefault("GOVOFFICE_PASSWORD", "demo")

import tempfile  # noqa: E402

# The program's log (govoffice_desktop/logs.py) goes to the user log folder under XDG_STATE_HOME:
# a folder of the test run's own, for the commands the tests run in child processes too.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="govoffice-test-state-")

import sys  # noqa: E402

import pytest  # noqa: E402

from govoffice_desktop.models import db  # noqa: E402
from tests import pg  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): skipped when the tests run on PostgreSQL")
    config.addinivalue_line("markers", "pg: runs on PostgreSQL too, opening pg.target(path) itself")


def pytest_report_header(config):
    if pg.enabled():
        return f"database fixture on PostgreSQL: {pg.URL} (data-layer and service tests only)"


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL: only PG_MODULES' tests that use the database fixture; SQLite's own skipped."""
    if not pg.enabled():
        return
    keep, drop = [], []
    for item in items:
        module = item.path.name
        if module in pg.PG_MODULES and ("database" in item.fixturenames or item.get_closest_marker("pg")):
            keep.append(item)
            marker = item.get_closest_marker("sqlite_only")
            reason = pg.SQLITE_ONLY.get(f"{module}::{item.originalname}")
            if marker is not None:
                reason = (marker.args[0] if marker.args else marker.kwargs.get("reason")) or "SQLite only"
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        else:
            drop.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_sessionfinish(session):
    if pg.enabled():
        db.close_database()
        pg.stop()


@pytest.fixture(autouse=True)
def _dashboard_waits_for_its_figures(monkeypatch):
    """首页 shows its figures when ready, at once only if within 100 ms (ui/dashboard_tab.py): the
    tests wait for them, however loaded the machine; tests/test_dashboard.py tests the wait."""
    from govoffice_desktop.ui.dashboard_tab import DashboardTab

    monkeypatch.setattr(DashboardTab, "WAIT_MS", None)


@pytest.fixture(autouse=True)
def _campaign_runs_are_waited_for(monkeypatch):
    """督查督办's 会议与电话 computes its runs off the GUI thread like 首页's figures: the tests wait for them."""
    from govoffice_desktop.ui.supervision.logs_page import LogsPage

    monkeypatch.setattr(LogsPage, "WAIT_MS", None)


@pytest.fixture(autouse=True)
def _fleet_panels_are_waited_for(monkeypatch):
    """车辆油耗 computes its panels' figures off the GUI thread like 首页's figures: the tests wait for them."""
    from govoffice_desktop.ui.fleet_tab import FleetTab

    monkeypatch.setattr(FleetTab, "WAIT_MS", None)


@pytest.fixture(autouse=True)
def _page_runs_are_waited_for(monkeypatch):
    """文印管理 computes 万页文稿无差错 off the GUI thread like 首页's figures: the tests wait for them."""
    from govoffice_desktop.ui.typing_pool_tab import TypingPoolTab

    monkeypatch.setattr(TypingPoolTab, "WAIT_MS", None)


@pytest.fixture(autouse=True)
def _bonus_sheet_waited_for(monkeypatch):
    """奖惩与奖金's 奖金核算表 computes its month off the GUI thread like 首页's figures: the tests wait for it."""
    from govoffice_desktop.ui.rewards.sheet_page import SheetPage

    monkeypatch.setattr(SheetPage, "WAIT_MS", None)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A demo office (as of 2026-11-30) written once for the module, a SQLite file; a test that
    changes it works on a copy of its own."""
    from datetime import date

    from govoffice_desktop.services import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db.open_database(path)
    try:
        demo.generate(as_of=date(2026, 11, 30))
    finally:
        db.close_database()
    return path


@pytest.fixture(scope="session")
def _pg_server():
    return pg.server()


@pytest.fixture
def database(request, tmp_path):
    """A fresh, migrated database: a SQLite file in a temporary folder, or with GOVOFFICE_TEST_PG
    a PostgreSQL database of the test's own (see tests/pg.py)."""
    if not pg.enabled():
        handle = db.open_database(tmp_path / "test.db")
        yield handle
        db.close_database()
        return
    server = request.getfixturevalue("_pg_server")
    name = server.fresh()
    handle = db.open_database(server.url_of(name))
    yield handle
    db.close_database()
    server.drop(name)


@pytest.fixture
def settings_dir(tmp_path, qapp):
    """QSettings written under the test's folder, never the user's own."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    qapp.setOrganizationName("govoffice-tests")
    qapp.setApplicationName("govoffice-desktop-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def small_office(database):
    """A few rows in every table a tab lists."""
    from datetime import date, datetime

    from govoffice_desktop.models.fleet import Refuel, Trip, Vehicle
    from govoffice_desktop.models.ratings import Grade, RaterGroup, RatingPeriod, Tally
    from govoffice_desktop.models.staff import Person, Section
    from govoffice_desktop.models.supervision import SupervisedTask
    from govoffice_desktop.models.typing_pool import TypingLog

    sections = [Section.create(name=n, sort_order=i) for i, n in enumerate(["秘书一科", "综合科", "文电科"])]
    people = [Person.create(name=n, section=sections[i % 3], post="科员") for i, n in
              enumerate(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆"])]
    people[2].is_typist = True
    people[2].save()
    v = Vehicle.create(plate="苏NA1234", fuel_quota="9.50", driver=people[3])
    for i in range(30):
        Refuel.create(filled_at=datetime(2026, 1 + i % 10, 1 + i % 27, 9), vehicle=v, driver=people[3],
                      driver_name="刘洋", litres="40.00", unit_price="7.50", amount="300.00", odometer=1000 + 500 * i)
        Trip.create(trip_date=date(2026, 1 + i % 10, 1 + i % 27), vehicle=v, distance_km="120")
        TypingLog.create(typed_on=date(2026, 1 + i % 10, 1 + i % 27), typist=people[2], typist_name="李娜",
                         title=f"关于第{i}项工作的通知", pages=3, errors=1 if i == 5 else 0,
                         errors_after_issue=1 if i == 5 else 0)  # found after issue: breaks 万页无差错
    period = RatingPeriod.create(year=2026, quarter=3)
    scale_grades = list(Grade.select().where(Grade.label.in_(["好", "较好", "一般", "较差"])))
    group = RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="0.60",
                              scale=scale_grades[0].scale)
    for s in sections:
        for g in scale_grades:
            Tally.create(group=group, section=s, grade=g, votes=5)
    for i in range(5):
        SupervisedTask.create(source="领导交办", title=f"督办事项{i}", person=people[i], section=sections[i % 3],
                              assigned_on=date(2026, 11, 1), deadline=date(2026, 11, 20 + i))
    return database


@pytest.fixture(autouse=True)
def _fresh_change_bus():
    """Each test's window hears only its own changes (ui/bus.py's bus is module-level)."""
    yield
    bus = sys.modules.get("govoffice_desktop.ui.bus")
    if bus is not None:
        bus.reset_bus()
