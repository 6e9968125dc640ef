"""Entry point: parse the command line, then run a command or open the window."""
from __future__ import annotations

import gc

# The modules below (the models, peewee, the services: tens of thousands of objects that live as long
# as the program, next to no garbage) load without collection passes: each pass walked them all
# again (about 9 ms of a start).  They are then frozen (gc.freeze: left out of every later pass, as
# they would never be collected; refcounting frees what they drop as usual) and the collector
# goes on as it was.
_COLLECTING = gc.isenabled()
gc.disable()

import os  # noqa: E402 (after the collector is paused)
import shutil  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402
from typing import Callable, Sequence  # noqa: E402

from govoffice_desktop import APP_NAME, EXIT_OK, EXIT_REFUSED, ORG_NAME, data, logs  # noqa: E402
from govoffice_desktop.display import display_problem  # noqa: E402
from govoffice_desktop.models import db  # noqa: E402
from govoffice_desktop.services import auth, office  # noqa: E402

gc.freeze()
if _COLLECTING:
    gc.enable()


def _collect_again() -> None:
    """The collector on again after a start made its long-lived objects with it paused: those
    frozen first (``gc.freeze``), so that neither this first pass nor any later one walks them
    again; refcounting still frees whatever they drop."""
    gc.freeze()
    gc.enable()

# PySide6 and the ui package are imported inside the functions that open the window: a command
# (python main.py COMMAND) goes through this module and must start without loading Qt.  Likewise
# the command line (``cli``: its parser names every ledger kind, report and document, so it loads
# the ledgers and the reports) is imported in ``main`` only when the command line holds more than
# the window's own options (``_window_args``): the window starts without it.


def _install_translators(app) -> None:
    """Qt's own dialogs in Chinese (buttons, file dialogs), and our .qm if one exists."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)
    app._translators = []
    ours = data.file_path("translations")  # the package's own .qm files (none yet: the sources are Chinese)
    for name, folder in (("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                         ("govoffice", str(ours) if ours else None)):
        translator = QTranslator(app)
        if folder and translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            app._translators.append(translator)


def _application():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("政府办公室管理系统")
    icon = data.file_path("icons/govoffice.svg")
    if icon:
        app.setWindowIcon(QIcon(str(icon)))
    _install_translators(app)
    return app


def _quit_on_terminate(app, window) -> None:
    """SIGTERM / Ctrl+C close the window properly (settings saved, temporary demo removed)."""
    from PySide6.QtCore import QTimer

    def close(*_args):
        window.close()
        app.quit()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, close)
    # Python runs signal handlers only between its own bytecodes: wake it now and then.
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(300)


SMOKE_SHOT = "GOVOFFICE_SMOKE_SHOT"  # packaging smoke tests: open the window, save a picture of it, close


def _smoke_shot(app, window) -> None:
    """With GOVOFFICE_SMOKE_SHOT=FILE.png (the wheel's and the bundle's smoke tests: .ci/run,
    packaging/build.sh), the window, once shown, saves a picture of itself to FILE.png, says
    so on standard output and closes as the user closing it would."""
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QTabWidget

    target = os.environ.get(SMOKE_SHOT)
    if not target:
        return

    def shoot():
        tabs = window.findChild(QTabWidget)
        if tabs and getattr(tabs.currentWidget(), "computing", False):  # 首页's figures still coming: wait
            QTimer.singleShot(50, shoot)
            return
        saved = window.grab().save(target, "PNG")
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")  # Qt's own words: 取消 when translated
        print(f"窗口已打开：{window.windowTitle()}，{tabs.count() if tabs else 0} 个标签页，Qt 的按钮：{cancel}，"
              f"截图{'已存为 ' + target if saved else '保存失败'}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(0, shoot)


def run_gui(db_target: str, db_label: str | None = None, demo: bool = False, ask_create: bool = False) -> int:
    """Open the window on ``db_target``; with ``demo``, first fill it with the demo office.

    With ``ask_create``, a file that is not there is made only when the user says so.

    Until the window has painted, Python's cyclic garbage collector does not run: the start makes
    tens of thousands of objects (Qt's modules and enums, the window's widgets, 首页's figures) and
    next to no garbage, and each collection pass walked all of them again (about 5 % of the start).
    It runs again from the first turn of the event loop (or when the start ends without a window),
    those objects frozen first (``_collect_again``): the pass the collector would make at once,
    over all of them, before the first paint, is not made.
    """
    gc.disable()
    try:
        return _run_gui(db_target, db_label, demo, ask_create)
    finally:
        gc.enable()


def _run_gui(db_target: str, db_label: str | None, demo: bool, ask_create: bool) -> int:
    # 首页's figures (Qt-free) loaded before Qt: PySide6 reads the source of every module imported
    # after it (for its __feature__ switches), about half a millisecond each.
    from govoffice_desktop.services import dashboard  # noqa: F401
    from PySide6.QtCore import QTimer

    _pyside_knows_loaded_modules()
    logs.install_excepthook()  # a bug: its traceback to the log, a short message to the user
    # Unless the user is asked first whether to make the file, the database is opened and the
    # login begun before the window's Qt modules load (QtGui, QtWidgets, the application, the
    # window): the password's hash (~50 ms, in a thread) is under way while they do.
    opened = None if ask_create and not db.target_exists(db_target) else _open_office(db_target, demo)
    app = _application()
    if opened is None:
        from PySide6.QtWidgets import QMessageBox  # only to ask (its Python type: ~1 ms of a start)

        answer = QMessageBox.question(
            None, app.translate("app", "新建数据库"),
            app.translate("app", "数据库文件不存在：\n%1\n\n要新建一个空数据库吗？").replace("%1", db_target))
        if answer != QMessageBox.StandardButton.Yes:
            return EXIT_REFUSED
        opened = _open_office(db_target, demo)
    if callable(opened):  # refused: said now that there is an application to say it
        opened(app)
        return EXIT_REFUSED
    lock, fresh, login = opened
    from govoffice_desktop.ui import instance_lock
    from govoffice_desktop.ui.main_window import MainWindow

    if not _start_session(demo, fresh, login):
        db.close_database()
        instance_lock.release(lock)
        return EXIT_REFUSED
    window = MainWindow(db_label or db_target)
    window.hold_lock(lock)
    _quit_on_terminate(app, window)
    window.show()
    QTimer.singleShot(0, _collect_again)  # the garbage collector back once the window is up (run_gui)
    if demo:
        window.generate_demo()  # its progress dialog runs its own event loop until the demo is written
    else:
        window.start_auto_backup_once_shown()  # the day's backup, in its own thread: never holds the window up
    _smoke_shot(app, window)  # after the demo: a picture of the office, and a quit the main loop sees
    try:
        return app.exec()
    finally:
        db.close_database()
        instance_lock.release(window.instance_lock)


def _pyside_knows_loaded_modules() -> None:
    """PySide6 (for its __feature__ switches) checks each module named in an import after its own
    import, the first time it meets it, whether loaded before or not: it reads the module's whole
    source (inspect.getsource) for the word PySide6, about 0.15 ms a module, 30 modules before the
    first paint (pathlib, typing, the models…).  The modules loaded before PySide6 are entered in its
    table beforehand as its check enters a module that does not use it (-1: not switched); those
    imported later are checked as before.  No module of the program selects a feature, so an entry
    changes nothing else.  The table is PySide6's own (shibokensupport.feature): without it, nothing
    is done."""
    known = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", None)
    if isinstance(known, dict):
        for name in list(sys.modules):
            known.setdefault(name, -1)


def _open_office(db_target: str, demo: bool):
    """The database opened under its lock (one window per file: a second copy of the program on it
    is refused) and the login the environment gives begun (``_begin_login``): ``(lock, fresh,
    login)``, ``fresh`` when this start made the file (its first administrator is set now).  Needs
    no QApplication: a refusal is returned as a function that shows it, given the application."""
    from govoffice_desktop.ui import instance_lock

    fresh = not db.target_exists(db_target)
    try:
        lock = instance_lock.acquire(db_target)
    except instance_lock.InstanceLocked as exc:
        print(exc, file=sys.stderr)
        held = str(exc)

        def locked(app) -> None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, app.translate("app", "数据库已被打开"), held)
        return locked
    try:
        db.open_database(db_target)
    except (db.DatabaseOpenError, RuntimeError) as exc:
        instance_lock.release(lock)
        problem = str(exc)

        def not_opened(app) -> None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, app.translate("app", "无法打开数据库"),
                                 app.translate("app", "打开 %1 失败：\n%2").replace("%1", db_target)
                                 .replace("%2", problem))
        return not_opened
    return lock, fresh, _begin_login(demo)  # the password checked while the window's modules load


def _start_session(demo: bool, fresh: bool, login: Callable[[], object] | None = None) -> bool:
    """Before the window: nothing on the demo; on a new office the first-start wizard (以后再说:
    offered again at the next start); else the login (``login``: the one begun by
    ``_begin_login``).  False when the user gave up the login."""
    if demo:
        return True
    if office.needs_first_start():
        from govoffice_desktop.ui import first_start

        gc.enable()  # a dialog waits for the user: the garbage collector as usual meanwhile (run_gui)
        first_start.run(None)
        return True
    return _log_in(fresh, login)


def _environment_login() -> tuple[str, str | None]:
    """GOVOFFICE_USER and GOVOFFICE_PASSWORD, as commands take them."""
    return os.environ.get("GOVOFFICE_USER", ""), os.environ.get("GOVOFFICE_PASSWORD")


def _begin_login(demo: bool) -> Callable[[], object] | None:
    """The login the environment gives, on a database with users, begun
    (``auth.begin_authenticate``: its password is hashed in a thread while the window's modules
    load); ``_log_in`` ends it.  None when there is none to begin."""
    name, password = _environment_login()
    if demo or not name or password is None or not auth.has_users():
        return None
    return auth.begin_authenticate(name, password)


def _log_in(fresh: bool, login: Callable[[], object] | None = None) -> bool:
    """Who uses the window: on a database with users, a login (GOVOFFICE_USER and
    GOVOFFICE_PASSWORD, when set, are tried first, as for commands: ``login`` when that check is
    under way already); on a database this start made, its first administrator.  False when the
    user gave up.  The login dialog's module is loaded only when a dialog is shown."""
    if auth.has_users():
        name, password = _environment_login()
        if name and password is not None:
            try:
                if login is not None:
                    login()
                else:
                    auth.authenticate(name, password)
                return True
            except auth.PermissionDenied:
                pass
        gc.enable()  # a dialog waits for the user: the garbage collector as usual meanwhile (run_gui)
        from govoffice_desktop.ui import login_dialog

        return login_dialog.log_in(None, name)
    if fresh:
        gc.enable()
        from govoffice_desktop.ui import login_dialog

        login_dialog.log_in(None)  # 取消: the database stays open to all until an administrator is set
    return True


def run_demo_gui() -> int:
    """A fresh demo office in a temporary folder, removed when the window closes."""
    folder = Path(tempfile.mkdtemp(prefix="govoffice-demo-"))
    path = folder / "demo.db"
    try:
        return run_gui(str(path), f"{path}（演示）", demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _window_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The command line when it only opens the window: ``--db PATH``, ``--demo``, ``--user NAME``
    and ``--json``, each at most once and written out in full, with values the command line's
    parser takes (``cli.parse``), read as it reads them.  None for anything else (a command,
    ``--help``, ``--version``, an abbreviation, ``--db=PATH``, a usage error): that parser reads it,
    and says what is wrong."""
    given: dict = {"db": None, "demo": False, "user": None, "json": False}
    seen, rest = set(), list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in seen or not _plain(arg):
            return None
        seen.add(arg)
        if arg in ("--demo", "--json"):
            given[arg[2:]] = True
        elif arg in ("--db", "--user") and rest and _plain(rest[0]) and not rest[0].startswith("-"):
            given[arg[2:]] = rest.pop(0)
        else:
            return None
    if given["db"] is not None and (given["demo"] or not given["db"].strip()):
        return None
    return SimpleNamespace(command=None, **given)


def _plain(arg: str) -> bool:
    """Text the command line's parser takes as it is (UTF-8, no NUL)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in arg


def main(argv: Sequence[str] | None = None) -> int:
    logs.setup_logging()  # once: a rotating file in the user log folder, nothing printed
    args = _window_args(sys.argv[1:] if argv is None else argv)
    if args is None:  # a command, help, or a usage error: the command line's own parser
        from govoffice_desktop import cli  # not for the window (see the top of this module)

        args = cli.parse(argv)
        if args.command not in (None, "gui"):
            try:
                return cli.run(args)
            except BrokenPipeError:  # e.g. `python main.py info | head -1`
                sys.stderr.close()
                return EXIT_OK
    problem = display_problem()  # without a display Qt would abort, naming a library that is installed
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_REFUSED
    if args.demo:
        return run_demo_gui()

    if args.db:
        return run_gui(args.db, ask_create=True)
    return run_gui(str(db.default_db_path()))
