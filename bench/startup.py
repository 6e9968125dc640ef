"""Benchmark: cold start of the window on the demo office against a bare PySide6 window.

Byte-compiles the package first, makes the demo office once (``python main.py --db … demo``),
then times two whole processes in turn, pair by pair: ``python main.py --db DEMO`` (logged in as
the demo's admin through GOVOFFICE_USER / GOVOFFICE_PASSWORD) until its main window first paints,
and a bare ``QMainWindow`` until it first paints; each child ends itself at that paint.  Both run
offscreen with their own settings, log and backup folders in a temporary directory.  Target
(issue 20): the median of the pairs' ratios ≤ 3.  The CPU time of each process (user + system,
from the operating system's accounting of the finished child) is printed beside: on a machine
shared with other work the wall clock swings more than the CPU time does.

    python bench/startup.py [--pairs 7]
"""
from __future__ import annotations

import argparse
import compileall
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 3.0


def child(kind: str, db_path: str = "") -> int:
    """One timed process: open the window (``app``: the program's own start, in its own order of
    imports; ``bare``: an empty QMainWindow), and end the process at once when the main window
    first paints."""
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        app.installEventFilter(_first_paint_spy())
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1200, 760)
        window.show()
        return app.exec()
    sys.path.insert(0, str(ROOT))
    from govoffice_desktop import app as program  # first, as main.py does

    make_application = program._application

    def application():  # the program's QApplication, watched for the first paint
        made = make_application()
        made.installEventFilter(_first_paint_spy())
        return made

    # The probe's own module (PySide6) is imported when the program has made its application, not
    # before the program starts: the program imports what it needs before Qt on purpose (PySide
    # reads the source of every module imported after it, for its __feature__ switches).
    program._application = application
    return program.main(["--db", db_path])


_SPY = []  # the event filter, kept alive while the application runs


def _first_paint_spy():
    """An event filter that ends the process when a main window first paints."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    class FirstPaint(QObject):
        """Watches the application's events until a main window gets one, then that window's
        alone.  A filter left on the whole application would hand every event of every object to
        Python, and PySide makes the Python types of objects it has not met yet when it first
        does (Qt's internal objects: about 180 enum types at once, 30 ms or more), a cost of the
        probe that the program without it never pays."""

        watching_app = True

        def eventFilter(self, obj, event):
            if isinstance(obj, QMainWindow):
                if self.watching_app:
                    self.watching_app = False
                    QApplication.instance().removeEventFilter(self)
                    obj.installEventFilter(self)
                if event.type() == QEvent.Type.Paint:
                    sys.stdout.flush()
                    os._exit(0)  # the figure is the process up to here: nothing after the paint counts
            return False

    _SPY.append(FirstPaint())
    return _SPY[-1]


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(argv: list[str], env: dict) -> tuple[float, float]:
    """The wall-clock and CPU seconds of one whole process."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    elapsed, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout.decode(errors='replace')}")
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="timed pairs (at least 5)")
    parser.add_argument("--child", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--db", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.db)
    pairs = max(args.pairs, 5)

    if not compileall.compile_dir(str(ROOT / "govoffice_desktop"), quiet=1):
        sys.exit("byte-compiling the package failed")
    with tempfile.TemporaryDirectory(prefix="govoffice-startup-") as folder:
        home = Path(folder)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
                   XDG_CACHE_HOME=str(home / "cache"), GOVOFFICE_USER="admin", GOVOFFICE_PASSWORD="demo")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        demo_db = str(home / "demo.db")
        made = subprocess.run([sys.executable, "main.py", "--db", demo_db, "demo"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if made.returncode != 0:
            sys.exit(f"the demo office could not be made:\n{made.stderr.decode(errors='replace')}")
        me = [sys.executable, str(Path(__file__).resolve())]
        window = me + ["--child", "app", "--db", demo_db]
        bare = me + ["--child", "bare"]
        run(window, env)  # warm-up: the day's automatic backup, the settings, the disk cache
        run(bare, env)
        times_window, times_bare, ratios, cpu_ratios = [], [], [], []
        for i in range(pairs):
            first, second = (window, bare) if i % 2 == 0 else (bare, window)
            a = run(first, env)
            b = run(second, env)
            (t_window, c_window), (t_bare, c_bare) = (a, b) if first is window else (b, a)
            times_window.append(t_window)
            times_bare.append(t_bare)
            ratios.append(t_window / t_bare)
            cpu_ratios.append(c_window / c_bare)
            print(f"pair {i + 1}: window {t_window:6.3f} s, bare {t_bare:6.3f} s, ratio {t_window / t_bare:5.2f}"
                  f"  (CPU {c_window:6.3f} s / {c_bare:6.3f} s = {c_window / c_bare:5.2f})", flush=True)

    ratio = statistics.median(ratios)
    from PySide6 import __version__ as pyside_version

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}, PySide6 {pyside_version}, offscreen")
    print(f"pairs: {pairs}")
    print(f"bare PySide6 window (median) : {statistics.median(times_bare):6.3f} s  (baseline)")
    print(f"demo window (median)         : {statistics.median(times_window):6.3f} s")
    print(f"ratio (median of pairs)      : {ratio:6.2f} ×  (min {min(ratios):.2f}, max {max(ratios):.2f};"
          f" target ≤ {TARGET:g})")
    print(f"CPU time ratio (median)      : {statistics.median(cpu_ratios):6.2f} ×  (min {min(cpu_ratios):.2f},"
          f" max {max(cpu_ratios):.2f}; printed beside, the target is judged on the wall clock)")
    ok = ratio <= TARGET
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
