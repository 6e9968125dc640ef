"""What the benchmarks share: the eight tabs, best-of timing, a tab's first screen, the login and
the machine they ran on (imported by bench/table_open.py and bench/large_office.py)."""
from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MISSED = "TARGETS MISSED"  # printed, and the exit status 1, only when a target is missed


def _qt_message(_mode, _context, message: str) -> None:
    """Qt's messages, but the offscreen plugin's note at every window shown."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


from PySide6.QtCore import qInstallMessageHandler  # noqa: E402

qInstallMessageHandler(_qt_message)


from govoffice_desktop.ui.dashboard_tab import DashboardTab  # noqa: E402
from govoffice_desktop.ui.documents_tab import DocumentsTab  # noqa: E402
from govoffice_desktop.ui.fleet_tab import FleetTab  # noqa: E402
from govoffice_desktop.ui.ratings_tab import RatingsTab  # noqa: E402
from govoffice_desktop.ui.rewards.tab import RewardsTab  # noqa: E402
from govoffice_desktop.ui.staff_tab import StaffTab  # noqa: E402
from govoffice_desktop.ui.supervision.tab import SupervisionTab  # noqa: E402
from govoffice_desktop.ui.typing_pool_tab import TypingPoolTab  # noqa: E402

TABS = (("首页", DashboardTab), ("人员档案", StaffTab), ("文印管理", TypingPoolTab), ("车辆油耗", FleetTab),
        ("季度评议", RatingsTab), ("督查督办", SupervisionTab), ("奖惩与奖金", RewardsTab), ("文电办理", DocumentsTab))


def timed(fn, repeat: int = 3) -> float:
    """The best of ``repeat`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def show_and_paint(app, widget) -> None:
    """Show ``widget`` at the window's size and let Qt paint its first screen (a view fetches the
    rows it shows when it paints)."""
    widget.resize(1200, 700)
    widget.show()
    app.processEvents()


def settle(app) -> None:
    """The figures tabs compute off the GUI thread (ui/worker.Background) done and shown, untimed:
    an opening is timed alone, not against the figures of the one before."""
    from govoffice_desktop.ui import worker

    while worker._RUNNING:
        for _job, thread in list(worker._RUNNING):
            thread.wait()
        app.processEvents()
    app.processEvents()


class Opening(float):
    """A tab's first screen, in seconds (the figure its target is judged on), with ``figures``: the
    seconds until what it computes off the GUI thread was on screen too (its panels' figures; the
    same as the first screen for a tab that computes nothing after it is painted), printed beside
    so that work moved off the GUI thread is still seen, not hidden."""

    figures: float

    def __new__(cls, first: float, figures: float):
        self = super().__new__(cls, first)
        self.figures = figures
        return self


def tab_first_screen(app, cls, repeat: int = 2) -> Opening:
    """The best of ``repeat`` openings of a tab: built, its figures computed as the window asks
    when it shows (首页: ``refresh``), shown and painted; then, timed apart, until what it computes
    off the GUI thread is done and shown (``Opening.figures``)."""
    made = []
    best, best_figures = float("inf"), float("inf")
    for _ in range(repeat):
        settle(app)
        t0 = time.perf_counter()
        tab = cls()
        if cls is DashboardTab:
            tab.refresh()  # its figures: what the window asks of it when it shows
        show_and_paint(app, tab)
        best = min(best, time.perf_counter() - t0)
        settle(app)
        best_figures = min(best_figures, time.perf_counter() - t0)
        made.append(tab)
    for tab in made:
        tab.hide()
        tab.deleteLater()
    app.processEvents()
    return Opening(best, best_figures)


def log_in_admin() -> None:
    """Work as the demo's 管理员 (a database with users refuses what no one logged in may see)."""
    from govoffice_desktop.models.users import User
    from govoffice_desktop.services import auth

    admin = User.get_or_none(User.name == "admin")
    if admin is not None:
        auth.login_as(admin)


def machine() -> str:
    from PySide6 import __version__ as pyside_version

    return (f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, PySide6 {pyside_version}, offscreen")
