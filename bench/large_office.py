"""Benchmark: the window's tabs and the ``report`` commands over ten years of a large office.

Builds ``python main.py --db … demo --scale large`` (40 sections, 600 staff, 200 vehicles, ten
years of refuels, trips, typing logs, daily checks and quarterly ratings, as of today) once and
keeps it in the user cache folder (``govoffice-desktop/bench``), under a name made of the schema
version, a hash of the demo's code and the month: a change to either, or a new month, builds it
again (a few minutes, printed apart; ``--rebuild`` forces it).  Then, against baselines measured in
the same run:

* every tab's first screen (built, its figures computed, shown and painted; the best of five) over
  the large office, logged in as its 管理员, ≤ 10 × a bare QTableView showing 100 rows (a model of
  100 rows × 8 columns, the view shown and painted, in the same process, the best of five measured
  just before that tab: the load of a shared machine changes within a run);
* every ``report`` command (``python main.py report --help``), each as a whole process on the
  large office with the arguments it needs, ≤ 3 × ``python main.py --help`` as a whole process:
  the median of ``--pairs`` pairs, run in turn.

Prints each figure and ratio; ``TARGETS MISSED`` and exit status 1 when a target is missed.

    python bench/large_office.py [--pairs 3] [--only tabs|reports] [--rebuild | --db FILE]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import MISSED, ROOT, TABS, log_in_admin, machine, show_and_paint, tab_first_screen, timed  # noqa: E402

TAB_TARGET = 10.0  # × a bare QTableView of 100 rows
REPORT_TARGET = 3.0  # × python main.py --help
REPEAT = 5  # openings of each tab, and of the bare table beside it: the best counts
DEMO_CODE = ROOT / "govoffice_desktop" / "services" / "demo"


# ---------------------------------------------------------------- the large office, cached
def cache_path(as_of: date) -> Path:
    """Where the large office built in the month of ``as_of`` is kept: named by the schema version,
    the demo's code and the month (built as of its day, it serves the rest of the month)."""
    from platformdirs import user_cache_dir

    from govoffice_desktop.models.migrations import CURRENT_VERSION

    digest = hashlib.sha256()
    for path in sorted(DEMO_CODE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return (Path(user_cache_dir("govoffice-desktop")) / "bench"
            / f"large-office-v{CURRENT_VERSION}-{digest.hexdigest()[:12]}-{as_of:%Y%m}.db")


def large_office(env: dict, as_of: date, rebuild: bool) -> Path:
    """The cached large office, built first when it is not there (through the command line, as a
    user would), beside it and renamed when complete; older builds are removed."""
    path = cache_path(as_of)
    if path.exists() and not rebuild:
        print(f"large office: {path} (cached)")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("large-office-*"):
        old.unlink()
    partial = path.with_name(path.stem + ".part.db")
    t0 = time.perf_counter()
    made = subprocess.run([sys.executable, "main.py", "--db", str(partial), "demo", "--scale", "large",
                           "--as-of", as_of.isoformat()], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    if made.returncode != 0:
        sys.exit(f"the large office could not be built:\n{made.stdout.decode(errors='replace')}")
    with closing(sqlite3.connect(partial)) as handle:  # everything in the one file before it is kept
        handle.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        handle.execute("PRAGMA journal_mode=DELETE")
    os.replace(partial, path)
    print(f"large office: built in {time.perf_counter() - t0:.0f} s: {path}")
    return path


# ---------------------------------------------------------------- tabs
def bare_table(app) -> float:
    """A bare QTableView over a model of 100 rows × 8 columns: made, shown and painted."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    made = []

    def open_view():
        model = QStandardItemModel(100, 8)
        for row in range(100):
            for column in range(8):
                model.setItem(row, column, QStandardItem(f"{row}-{column} 宿迁市人民政府办公室"))
        view = QTableView()
        view.setModel(model)
        show_and_paint(app, view)
        made.append((view, model))

    elapsed = timed(open_view, repeat=REPEAT)
    for view, _model in made:
        view.hide()
        view.deleteLater()
    app.processEvents()
    return elapsed


def every_tab(path: Path) -> bool:
    from PySide6.QtWidgets import QApplication

    from govoffice_desktop.models import db

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db.open_database(path)
    try:
        log_in_admin()
        bare_table(app)  # warm-up: Qt's first view loads fonts and styles
        print(f"\neach tab against a bare QTableView of 100 rows measured just before it (each the best of {REPEAT})")
        ok = True
        for title, cls in TABS:
            base = bare_table(app)  # beside each tab: a shared machine's load changes within a run
            took = tab_first_screen(app, cls, repeat=REPEAT)
            met = took <= TAB_TARGET * base
            ok = ok and met
            print(f"{title:<6} first screen: {took:7.3f} s = {took / base:5.1f} × bare {base:.3f} s   "
                  f"(target ≤ {TAB_TARGET:g}){'' if met else '   missed'}; "
                  f"figures on screen {took.figures:.3f} s = {took.figures / base:.1f} ×", flush=True)
    finally:
        db.close_database()
    return ok


# ---------------------------------------------------------------- reports
def report_arguments(path: Path, as_of: date) -> dict[str, list[str]]:
    """Each report command with the arguments it needs: a month's documents as JSON, the person
    of rank-record chosen from the office (someone who has been there over a year)."""
    from govoffice_desktop.cli.reports import REPORTS
    from govoffice_desktop.models import db
    from govoffice_desktop.models.staff import Person

    db.open_database(path)
    try:
        person = (Person.select().where(Person.section.is_null(False), Person.status == "在岗")
                  .order_by(Person.id).first())
        who = f"{person.name}（{person.section.name}）"
    finally:
        db.close_database()
    needs = {"rank-record": ["--person", who, "--as-of", as_of.isoformat()],
             "supervision": ["--json"], "bonus": ["--json"]}
    return {name: needs.get(name, []) for name in REPORTS}


def run(argv: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout.decode(errors='replace')[-2000:]}")
    return elapsed


def every_report(path: Path, env: dict, pairs: int, as_of: date) -> bool:
    helped = [sys.executable, "main.py", "--help"]
    run(helped, env)  # warm-up: the disk cache, the byte-compiled modules
    ok = True
    print(f"\nreport commands (median of {pairs} pairs, each a whole process, against python main.py --help)")
    for name, extra in report_arguments(path, as_of).items():
        argv = [sys.executable, "main.py", "--db", str(path), "report", name, *extra]
        ratios, times, bases = [], [], []
        for i in range(pairs):
            if i % 2 == 0:
                took, base = run(argv, env), run(helped, env)
            else:
                base, took = run(helped, env), run(argv, env)
            times.append(took)
            bases.append(base)
            ratios.append(took / base)
        ratio = statistics.median(ratios)
        met = ratio <= REPORT_TARGET
        ok = ok and met
        print(f"report {name:<16}: {statistics.median(times):6.2f} s, --help {statistics.median(bases):5.2f} s, "
              f"{ratio:5.2f} ×  (target ≤ {REPORT_TARGET:g}){'' if met else '   missed'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3, help="timed pairs of each report and --help")
    parser.add_argument("--only", choices=("tabs", "reports"), help="only the tabs, or only the reports")
    parser.add_argument("--rebuild", action="store_true", help="build the large office again")
    parser.add_argument("--db", type=Path, help="measure on this large office instead (made by demo --scale large)")
    args = parser.parse_args()
    started = time.perf_counter()
    as_of = date.today()
    with tempfile.TemporaryDirectory(prefix="govoffice-large-") as folder:
        home = Path(folder)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
                   XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
                   GOVOFFICE_USER="admin", GOVOFFICE_PASSWORD="demo")
        path = args.db or large_office(env, as_of, args.rebuild)
        built = time.perf_counter()
        work = Path(folder) / "large.db"  # a copy: what a run writes (logins) never reaches the cache
        shutil.copyfile(path, work)
        print(machine())
        ok = True
        if args.only != "reports":
            ok = every_tab(work) and ok
        if args.only != "tabs":
            ok = every_report(work, env, max(args.pairs, 1), as_of) and ok
    print(f"\nmeasured in {time.perf_counter() - built:.0f} s (the build before it: {built - started:.0f} s)")
    print("targets met" if ok else MISSED)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
