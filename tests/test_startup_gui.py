"""A quick start (issue 20): the window builds a tab when it is first shown, what the window asks of
a tab works before it is built, and 首页's figures are computed once, off the GUI thread, the tab
usable meanwhile."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from govoffice_desktop.services import auth, dashboard
from govoffice_desktop.ui.dashboard_tab import DashboardTab
from govoffice_desktop.ui.main_window import MainWindow
from govoffice_desktop.ui.page import LazyPage, Page

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def window(qtbot, small_office, settings_dir):
    w = MainWindow("test.db")
    qtbot.addWidget(w)
    w.show()
    return w


def built(window) -> dict[str, bool]:
    return {key: page.is_built() for key, page in window.pages.items()}


def test_only_the_tab_shown_is_built(window):
    assert built(window) == {"dashboard": True, "staff": False, "typing_pool": False, "fleet": False,
                             "ratings": False, "supervision": False, "rewards": False, "documents": False}
    assert all(isinstance(window.tabs.widget(i), LazyPage) for i in range(window.tabs.count()))
    window.tabs.setCurrentWidget(window.pages["fleet"])
    assert built(window)["fleet"] and not built(window)["staff"]
    assert window.pages["fleet"].model.rowCount() == 30  # read when built
    # the count of the tab shown, in the status bar's place for it (issue 21: no longer a passing message)
    assert window.count_label.text() == "共 30 条"


def test_the_window_asks_a_tab_not_yet_built_without_probing(window):
    staff_tab = window.pages["staff"]
    assert not staff_tab.is_built()
    key = staff_tab_first_id()
    assert window.open_record("staff", "person", key)  # 首页's link: the tab is built and shows it
    assert staff_tab.is_built() and window.current_page() is staff_tab
    assert staff_tab.selected_row_id() == key
    window.refresh_current()  # F5 with tabs not yet built: nothing to reload there
    assert not window.pages["rewards"].is_built()
    assert all(isinstance(page, Page) for page in window.pages.values())  # (asking for TABLES builds it)


def staff_tab_first_id() -> int:
    from govoffice_desktop.models.staff import Person

    return Person.select(Person.id).order_by(Person.id).first().id


def test_a_tab_not_built_keeps_its_remembered_layout(qtbot, small_office, settings_dir):
    first = MainWindow("test.db")
    qtbot.addWidget(first)
    first.tabs.setCurrentWidget(first.pages["fleet"])
    first.pages["fleet"].view.horizontalHeader().resizeSection(2, 233)
    first.tabs.setCurrentIndex(0)
    first.close()
    second = MainWindow("test.db")  # 车辆油耗 never shown here: its layout is left as it was
    qtbot.addWidget(second)
    second.show()
    assert not second.pages["fleet"].is_built()
    second.close()
    assert QSettings().value("tabs/fleet/header") is not None
    third = MainWindow("test.db")
    qtbot.addWidget(third)
    third.tabs.setCurrentWidget(third.pages["fleet"])
    assert third.pages["fleet"].view.horizontalHeader().sectionSize(2) == 233


def test_a_tab_built_after_a_change_of_user_offers_what_the_user_may_do(qtbot, small_office, settings_dir):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    leader = auth.create_user("lingdao", "leader-pw", "领导")
    try:
        window = MainWindow("test.db")
        qtbot.addWidget(window)
        window.show()
        assert not window.pages["staff"].is_built()
        auth.login_as(leader)
        window.show_user()  # user_changed while 人员档案 is not built
        window.tabs.setCurrentWidget(window.pages["staff"])
        assert not window.pages["staff"].new_action.isEnabled()
        assert "无权" in window.pages["staff"].new_action.toolTip()
        auth.login_as(admin)
        window.show_user()
        assert window.pages["staff"].new_action.isEnabled()
    finally:
        auth.logout()


@pytest.fixture
def counted_overview(monkeypatch):
    """dashboard.overview, counted, with the thread it ran in, held until ``gate`` is set."""
    real = dashboard.overview
    calls: list[int] = []
    gate = threading.Event()
    gate.set()

    def overview(today=None):
        calls.append(threading.get_ident())
        assert gate.wait(30)
        return real(today)

    monkeypatch.setattr(dashboard, "overview", overview)
    return calls, gate


def test_the_figures_are_computed_once_at_start_off_the_gui_thread(qtbot, small_office, settings_dir,
                                                                 counted_overview):
    calls, _gate = counted_overview
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    window.show()
    dash = window.pages["dashboard"]
    assert not dash.computing  # (the tests wait for the figures: conftest)
    assert len(calls) == 1 and calls[0] != threading.get_ident()
    assert dash.cards["staff"].value.text() == "6"


def test_the_window_opening_waits_for_the_first_figures_as_long_as_any_refresh(qtbot, small_office, settings_dir,
                                                                              counted_overview, monkeypatch):
    """The tab's first figures are waited for up to WAIT_MS like any refresh's (off the GUI thread only
    when they take longer): figures that take long leave the window usable, saying so, and follow."""
    calls, gate = counted_overview
    monkeypatch.setattr(DashboardTab, "WAIT_MS", 100)
    waits = []  # how long the GUI thread waited for figures, each time
    real_wait = threading.Event.wait

    def wait(self, timeout=None):
        if threading.current_thread() is threading.main_thread():
            waits.append(timeout)
        return real_wait(self, timeout)

    monkeypatch.setattr(threading.Event, "wait", wait)
    gate.clear()
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    try:
        window.show()
        dash = window.pages["dashboard"]
        assert waits == [0.1] and dash.computing and dash.as_of.text() == "正在计算首页数据…"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not dash.computing, timeout=10_000)
    assert dash.cards["staff"].value.text() == "6" and len(calls) == 1
    dash.refresh()
    qtbot.waitUntil(lambda: not dash.computing, timeout=10_000)
    assert waits[:2] == [0.1, 0.1] and len(calls) == 2


def test_figures_that_take_long_come_when_ready_with_the_tab_usable(qtbot, small_office, counted_overview,
                                                                   monkeypatch):
    calls, gate = counted_overview
    monkeypatch.setattr(DashboardTab, "WAIT_MS", 100)
    tab = DashboardTab()
    qtbot.addWidget(tab)
    tab.show()
    gate.clear()  # the figures take as long as the test says
    tab.refresh()  # waited for up to 100 ms, then they come when ready
    assert tab.computing and tab.as_of.text() == "正在计算首页数据…" and tab.cards["staff"].value.text() == "—"
    tab.refresh()  # asked again meanwhile: computed once more, after these
    tab.tasks.setCurrentCell(0, 0)  # the tab is usable meanwhile
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=10_000)
    gate.set()
    qtbot.waitUntil(lambda: len(calls) == 2 and not tab.computing, timeout=10_000)
    assert tab.cards["staff"].value.text() == "6" and tab.as_of.text().startswith("数据截至")
    gate.clear()
    tab.refresh()  # again: meanwhile the figures before stay
    assert tab.computing and tab.cards["staff"].value.text() == "6"
    gate.set()
    qtbot.waitUntil(lambda: not tab.computing, timeout=10_000)
    assert len(calls) == 3 and threading.get_ident() not in calls


def test_the_window_starts_without_what_only_later_tabs_and_menus_need():
    """What the window imports before it shows: no tab module but 首页's, no openpyxl (nor numpy)."""
    code = ("import sys; import govoffice_desktop.app, govoffice_desktop.ui.main_window; "
            "print('\\n'.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.split())
    for name in ("govoffice_desktop.ui.staff_tab", "govoffice_desktop.ui.typing_pool_tab",
                 "govoffice_desktop.ui.fleet_tab", "govoffice_desktop.ui.ratings_tab",
                 "govoffice_desktop.ui.supervision", "govoffice_desktop.ui.rewards",
                 "govoffice_desktop.ui.dashboard_tab", "govoffice_desktop.ui.audit_dialog",
                 "govoffice_desktop.ui.backup_actions", "govoffice_desktop.ui.import_dialog",
                 "openpyxl", "numpy"):
        assert name not in loaded, name


def test_the_window_starts_without_the_command_line_the_ledgers_and_the_reports():
    """What opening the window imports (app, the window, 首页, the login): not the command line's
    parser and commands, which load every ledger kind and report, nor the demo or the workbook
    libraries."""
    code = ("import sys; from govoffice_desktop import app; "
            "import govoffice_desktop.ui.main_window, govoffice_desktop.ui.dashboard_tab, "
            "govoffice_desktop.ui.login_dialog, govoffice_desktop.ui.instance_lock; "
            "assert app._window_args(['--db', 'x.db']) is not None; "
            "print('\\n'.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    unwanted = [name for name in loaded if name.split(".")[0] in ("python_calamine", "xlsxwriter", "openpyxl")
                or name.startswith(("govoffice_desktop.cli", "govoffice_desktop.ledgers", "govoffice_desktop.reports",
                                    "govoffice_desktop.services.demo"))]
    assert unwanted == []


def _run_python(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -c code args`` in ``cwd`` with this checkout's package first on the path."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", HOME=str(cwd),
               XDG_CONFIG_HOME=str(cwd / "config"), XDG_DATA_HOME=str(cwd / "data"),
               XDG_STATE_HOME=str(cwd / "state"), XDG_CACHE_HOME=str(cwd / "cache"))
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=120)


def test_opening_a_database_file_loads_no_migrator_address_parser_or_other_tabs_services(tmp_path):
    """The window's start on a current database file: not playhouse's migrator (loaded when a step
    runs) nor its address parser (for a postgresql:// address), nor the 文印 and 奖惩 services that
    only the first-start wizard's standards page reads."""
    made = _run_python("import sys; from govoffice_desktop.models import db; "
                       "db.open_database(sys.argv[1]); db.close_database()", "current.db", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    opened = _run_python("import sys; from govoffice_desktop import app; from govoffice_desktop.models import db; "
                         "import govoffice_desktop.ui.main_window, govoffice_desktop.ui.dashboard_tab; "
                         "db.open_database(sys.argv[1]); db.close_database(); "
                         "print('\\n'.join(sorted(sys.modules)))", "current.db", cwd=tmp_path)
    assert opened.returncode == 0, opened.stderr
    loaded = set(opened.stdout.split())
    assert "govoffice_desktop.ui.main_window" in loaded
    for name in ("playhouse.migrate", "playhouse.db_url", "govoffice_desktop.services.typing_pool",
                 "govoffice_desktop.services.rewards"):
        assert name not in loaded, name


def test_no_garbage_collection_until_the_window_is_up_and_as_usual_after(tmp_path):
    """The start runs without collection passes (run_gui); from the first turn of the event loop, and
    after the window is closed, the collector runs as usual."""
    code = """
import gc, sys
from govoffice_desktop import app
from govoffice_desktop.models import db
from govoffice_desktop.services import staff
db.open_database(sys.argv[1]); staff.add_section("秘书科"); db.close_database()  # no first-start wizard
from govoffice_desktop.ui import main_window
seen = {}
built = main_window.MainWindow.__init__
def building(self, *args, **kwargs):
    seen["building"] = gc.isenabled()
    built(self, *args, **kwargs)
    from PySide6.QtCore import QTimer
    def up():
        seen["up"] = gc.isenabled()
        self.close()
    QTimer.singleShot(100, up)
main_window.MainWindow.__init__ = building
code = app.main(["--db", sys.argv[1]])
print(code, seen["building"], seen["up"], gc.isenabled())
"""
    done = _run_python(code, "office.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-4:] == ["0", "False", "True", "True"]


WINDOW_LINES = [[], ["--db", "x.db"], ["--demo"], ["--json"], ["--user", "admin", "--db", "办公室.db"],
                ["--db", "gui"], ["--json", "--db", "x.db", "--user", "张三"]]
OTHER_LINES = [["info"], ["gui"], ["--db", "x.db", "info"], ["--json", "info"], ["-h"], ["--help"], ["--version"],
               ["--de"], ["--db=x.db"], ["--db"], ["--db", "--demo"], ["--db", "x.db", "--demo"], ["--db", ""],
               ["--db", "  "], ["--demo", "--demo"], ["--db", "a\x00b"], ["--db", "\udcff.db"], ["--user"],
               ["--db", "x.db", "--db", "y.db"], ["--unknown"], ["-"]]


def test_the_window_s_options_are_read_as_the_command_line_reads_them():
    """app reads a command line that only opens the window itself, without loading the command
    line's parser: the same options as that parser gives; anything more is left to it."""
    from govoffice_desktop import app, cli

    for argv in WINDOW_LINES:
        parsed = cli.parse(argv)
        assert vars(app._window_args(argv)) == {key: getattr(parsed, key)
                                                for key in ("command", "db", "demo", "user", "json")}, argv
    for argv in OTHER_LINES:
        assert app._window_args(argv) is None, argv


def test_the_day_s_backup_begins_once_the_window_has_painted(qtbot, small_office, settings_dir, monkeypatch):
    """Begun before, its start (the backup module, a thread reading the file) would hold up the
    window appearing; a window never painted backs up after BACKUP_AT_THE_LATEST_MS all the same."""
    from PySide6.QtWidgets import QApplication

    from govoffice_desktop.ui import backup_actions

    started = []
    monkeypatch.setattr(backup_actions, "start_auto_backup", lambda window: started.append(window))
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    window.start_auto_backup_once_shown()
    QApplication.processEvents()
    assert started == []
    window.show()
    qtbot.waitUntil(lambda: started == [window], timeout=10_000)
    window.repaint()
    QApplication.processEvents()
    assert started == [window]  # once

    monkeypatch.setattr(MainWindow, "BACKUP_AT_THE_LATEST_MS", 0)
    hidden = MainWindow("test.db")
    qtbot.addWidget(hidden)
    hidden.start_auto_backup_once_shown()
    qtbot.waitUntil(lambda: started == [window, hidden], timeout=10_000)


MAKE_AN_OFFICE_WITH_A_USER = """
import sys
from govoffice_desktop.models import db
from govoffice_desktop.services import auth, staff
db.open_database(sys.argv[1]); staff.add_section("秘书科"); auth.create_user("admin", "admin-pw", "管理员")
db.close_database()
"""

START_WITH_A_LOGIN = """
import sys
from govoffice_desktop import app
from govoffice_desktop.ui import main_window
built = main_window.MainWindow.__init__
def building(self, *args, **kwargs):
    built(self, *args, **kwargs)
    from PySide6.QtCore import QTimer
    def up():
        if self.pages["dashboard"].computing:  # 首页's figures not there yet: what they load counts too
            QTimer.singleShot(20, up)
            return
        from PySide6 import QtWidgets
        built = [name for name in ("QWizard", "QMdiArea", "QGraphicsView") if name in vars(QtWidgets)]
        print("\\n".join(sorted(sys.modules) + ["built-types:" + ",".join(built)]))
        self.close()
    QTimer.singleShot(0, up)
main_window.MainWindow.__init__ = building
sys.exit(app.main(["--db", sys.argv[1]]))
"""


def test_the_window_starts_without_the_forms_the_login_dialog_psycopg2_or_the_holidays_library(tmp_path):
    """A whole start, logged in by GOVOFFICE_USER / GOVOFFICE_PASSWORD, to 首页's figures on screen:
    not the login dialog (loaded when a dialog is shown) nor ui/forms and what only the forms need
    (their dialogs' keys, the table model, the exports); not psycopg2 (peewee without it until a
    PostgreSQL address is opened: models/pg_driver); not ctypes (models/files needs it on Windows
    only); not logging.handlers (the log file is made at its first line) nor getpass (the OS user
    is asked for only without a login); not the ``holidays`` library (services/workdays
    loads it only to suggest a year's 节假日安排) nor the 文电 services 首页 does not read (发文 register,
    calendar administration)."""
    made = _run_python(MAKE_AN_OFFICE_WITH_A_USER, "office.db", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    env = dict(GOVOFFICE_USER="admin", GOVOFFICE_PASSWORD="admin-pw")
    done = _run_python_env(START_WITH_A_LOGIN, env, "office.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert {"govoffice_desktop.ui.main_window", "govoffice_desktop.ui.dashboard_tab", "peewee"} <= loaded
    unwanted = [name for name in loaded if name.split(".")[0] in ("psycopg2", "holidays", "ctypes")
                or name in ("logging.handlers", "pickle", "queue", "getpass", "termios")  # nothing logged yet
                or name in ("govoffice_desktop.ui.login_dialog", "govoffice_desktop.ui.forms",
                            "govoffice_desktop.ui.form_keys", "govoffice_desktop.ui.table_model",
                            "govoffice_desktop.services.outputs", "govoffice_desktop.services.documents.outgoing",
                            "govoffice_desktop.services.documents.calendar_admin")]
    assert unwanted == []


def test_the_first_paint_builds_no_python_types_for_qt_widgets_it_does_not_show(tmp_path):
    """PySide builds a Qt class's Python type (and its enums) when first met; the first
    ``viewport()`` of a process met every QWidget subclass (QWizard, QMdiArea, QGraphicsView…: about
    70 enums, 15-20 ms before the first paint).  ui/columns.viewport_of finds the viewport as a
    child instead, and it is the same object as ``viewport()``."""
    made = _run_python(MAKE_AN_OFFICE_WITH_A_USER, "office.db", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    done = _run_python_env(START_WITH_A_LOGIN, dict(GOVOFFICE_USER="admin", GOVOFFICE_PASSWORD="admin-pw"),
                           "office.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "built-types:" in done.stdout.split()


def test_viewport_of_is_the_view_s_viewport(qtbot):
    from PySide6.QtWidgets import QTableView, QTableWidget

    from govoffice_desktop.ui.columns import viewport_of

    for view in (QTableView(), QTableWidget(3, 2)):
        qtbot.addWidget(view)
        assert viewport_of(view) is view.viewport()


def _run_python_env(code: str, env: dict, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    old = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        return _run_python(code, *args, cwd=cwd)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


PEEWEE_S_PSYCOPG2 = """
import sys, uuid
if sys.argv[1] == "lazy":
    from govoffice_desktop.models import db
    import peewee
    assert peewee.psycopg2 is None and "psycopg2" not in sys.modules
    made = db.make_database("postgresql://nobody@127.0.0.1:1/nothing")  # made, not connected
    assert isinstance(made, peewee.PostgresqlDatabase) and type(made._adapter) is peewee.Psycopg2Adapter
else:
    import peewee
from psycopg2.extensions import adapt
a = peewee.Psycopg2Adapter
print(peewee.psycopg2.__name__, peewee.pg_extensions.__name__, peewee.pg_register_uuid.__qualname__,
      peewee.Json_pg2.__qualname__, a.txn_idle, a.txn_inerror, a.txn_unknown, adapt(uuid.UUID(int=1)).getquoted())
"""


def test_peewee_gets_psycopg2_when_a_postgresql_address_is_opened_as_its_own_import_gives_it(tmp_path):
    """models/pg_driver: peewee imported without psycopg2, and given it when a postgresql:// address
    is opened: the same names and UUID adapter as peewee's own import sets."""
    pytest.importorskip("psycopg2")
    plain = _run_python(PEEWEE_S_PSYCOPG2, "plain", cwd=tmp_path)
    lazy = _run_python(PEEWEE_S_PSYCOPG2, "lazy", cwd=tmp_path)
    assert plain.returncode == 0 and lazy.returncode == 0, plain.stderr + lazy.stderr
    assert lazy.stdout == plain.stdout and "psycopg2" in plain.stdout


READ_SOURCES = """
import inspect, sys
read = []
source = inspect.getsource
def getsource(obj):
    read.append(getattr(obj, "__name__", "?"))
    return source(obj)
inspect.getsource = getsource
from govoffice_desktop import app
make = app._application
def application():  # nothing imported before the program's own start does (PySide6 last)
    made = make()
    from PySide6.QtCore import QTimer
    def up():
        print("read:" + ",".join(read))
        for window in made.topLevelWidgets():
            window.close()
    QTimer.singleShot(0, up)
    return made
app._application = application
sys.exit(app.main(["--db", sys.argv[1]]))
"""


def test_pyside_reads_no_source_of_the_modules_loaded_before_it(tmp_path):
    """PySide6 reads the source of each module named in an import after its own, the first time it
    meets it (for its __feature__ switches: ~0.15 ms a module).  The modules loaded before it (the
    models, the services, pathlib, typing…) are entered in its table beforehand: it reads only those
    imported after it (the window's modules)."""
    made = _run_python(MAKE_AN_OFFICE_WITH_A_USER, "office.db", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    done = _run_python_env(READ_SOURCES, dict(GOVOFFICE_USER="admin", GOVOFFICE_PASSWORD="admin-pw"),
                           "office.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    read = next(line for line in done.stdout.splitlines() if line.startswith("read:"))[5:].split(",")
    assert "govoffice_desktop.ui.main_window" in read  # the check is there, and still made for those
    loaded_before = [name for name in read if name.startswith(("govoffice_desktop.models", "govoffice_desktop.services"))
                     or name in ("pathlib", "typing", "datetime", "threading", "dataclasses", "json", "re")]
    assert loaded_before == []
