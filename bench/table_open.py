"""Benchmark: open and filter the refuels table of 100,000 rows in the real window, and open
every tab over the demo with 100,000 refuels, trips and typing logs added.

Compares, in one run on this machine, the time each tab takes to show its first screen (its
table's first rows and every panel beside it) and the 车辆油耗 tab a search, with the time to
load every refuel as peewee objects and as tuples.  Targets (issues 2 and 20): each tab's first
screen < 0.1 × tuples; a search < 0.3 s.  Prints TARGETS MET, or TARGETS MISSED and exits 1.

    python bench/table_open.py [--rows 100000] [--no-tabs]
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import TABS, tab_first_screen, timed  # noqa: E402,F401  (the benchmarks' shared parts)

from PySide6.QtWidgets import QApplication  # noqa: E402

from govoffice_desktop.models import db  # noqa: E402
from govoffice_desktop.models.fleet import Refuel, Vehicle  # noqa: E402
from govoffice_desktop.models.staff import Person  # noqa: E402
from govoffice_desktop.services.demo import generate  # noqa: E402
from govoffice_desktop.ui.fleet_tab import FleetTab  # noqa: E402
from govoffice_desktop.ui.supervision.tab import SupervisionTab  # noqa: E402,F401  (督查督办's pages)

DRIVERS = ["张建国", "李卫东", "王志强", "赵德明", "孙海涛", "周国平", "吴立新", "郑永刚"]
STATIONS = ["中石化宿城加油站", "中石油洪泽湖路站", "中石化沭阳城南站", "中石油泗阳众兴站", "中石化泗洪青阳站"]


def fill(rows: int) -> None:
    """Write ``rows`` refuels straight through sqlite3 (setup, not measured)."""
    handle = db.database.obj
    rnd = random.Random(7)
    with handle.atomic():
        vehicles = [Vehicle.create(plate=f"苏NZ{9100 + i * 37}", fuel_quota="9.50") for i in range(8)]
        start = datetime(2016, 1, 1, 8, 0)
        data = []
        for i in range(rows):
            litres = rnd.randint(2500, 6000)  # centi-litres
            price = rnd.randint(680, 820)  # fen per litre
            data.append(((start + timedelta(minutes=37 * i)).isoformat(sep=" "), vehicles[i % 8].id,
                         DRIVERS[rnd.randrange(8)], litres, price, litres * price // 100, 1000 + i * 6,
                         1, 0, STATIONS[rnd.randrange(5)], f"9001{rnd.randrange(10**8):08d}", "", ""))
        handle.cursor().executemany(
            "INSERT INTO refuel (filled_at, vehicle_id, driver_name, litres, unit_price, amount, odometer, "
            "full_tank, missed_previous, station, card_no, receipt_no, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            data)


def fill_more(rows: int) -> None:
    """After ``fill``: as many trips of those vehicles by the demo's drivers, and typing logs by
    its typists (setup, not measured)."""
    handle = db.database.obj
    rnd = random.Random(11)
    vehicles = [v.id for v in Vehicle.select().where(Vehicle.plate.startswith("苏NZ9"))]
    drivers = [(p.id, p.name) for p in Person.select().where(Person.is_driver)] or [(None, d) for d in DRIVERS]
    typists = [(p.id, p.name) for p in Person.select().where(Person.is_typist)] or [(None, "打字员")]
    start = datetime(2016, 1, 1, 8, 0)
    with handle.atomic():
        trips, logs = [], []
        for i in range(rows):
            when = start + timedelta(minutes=37 * i)
            driver = drivers[rnd.randrange(len(drivers))]
            km = rnd.randint(150, 2500)  # tenths of a km
            trips.append((when.date().isoformat(), vehicles[i % len(vehicles)], driver[0], driver[1], "", "公务",
                          "市区", km, ""))
            typist = typists[rnd.randrange(len(typists))]
            errors = int(rnd.random() < 0.05)
            logs.append((when.date().isoformat(), typist[0], typist[1], f"关于第{i}号文件的通知", "", rnd.randint(1, 12),
                         None, errors, errors, 0, 0, 0, 0, int(errors and rnd.random() < 0.02), "", ""))
        handle.cursor().executemany(
            "INSERT INTO trip (trip_date, vehicle_id, driver_id, driver_name, requested_by, purpose, destination, "
            "distance_km, note) VALUES (?,?,?,?,?,?,?,?,?)", trips)
        handle.cursor().executemany(
            "INSERT INTO typing_log (typed_on, typist_id, typist_name, title, doc_number, pages, characters, errors, "
            "wrong_char, missing_char, extra_char, punctuation, formatting, errors_after_issue, proofreader, remarks) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", logs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-tabs", action="store_true", help="only the 车辆油耗 tab over refuels alone")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        db.open_database(Path(folder) / "bench.db")
        fill(args.rows)

        query = Refuel.select(Refuel, Vehicle).join(Vehicle)
        t_objects = timed(lambda: list(query), repeat=1)
        t_tuples = timed(lambda: list(query.tuples()), repeat=2)

        tabs = []

        def open_tab():
            tab = FleetTab()
            tab.resize(1200, 700)
            tab.show()
            app.processEvents()  # paints the first screen, fetching the rows it shows
            assert tab.model.rowCount() == args.rows
            tabs.append(tab)

        t_open = timed(open_tab)
        tab = tabs[-1]

        def search(text):
            def run():
                tab.search.setText(text)
                tab.apply_search()
                app.processEvents()
            return run

        # Each search differs from the one before, so every run really filters.
        t_search = timed(search("王志强"), repeat=1)
        found = tab.model.rowCount()
        t_search2 = timed(search("沭阳 王志强"), repeat=1)
        t_clear = timed(search(""), repeat=1)
        t_search3 = timed(search("9001"), repeat=1)
        for each in tabs:
            each.deleteLater()
        db.close_database()

    print(f"rows: {args.rows}")
    print(f"load all as peewee objects : {t_objects:7.3f} s")
    print(f"load all as tuples         : {t_tuples:7.3f} s  (baseline)")
    print(f"tab first screen           : {t_open:7.3f} s  = {t_open / t_tuples:.3f} × tuples   (target < 0.1)")
    print(f"search '王志强' ({found} rows) : {t_search:7.3f} s  = {t_search / t_tuples:.3f} × tuples   (target < 0.3 s)")
    print(f"search two words           : {t_search2:7.3f} s  = {t_search2 / t_tuples:.3f} × tuples")
    print(f"search matching every row  : {t_search3:7.3f} s  = {t_search3 / t_tuples:.3f} × tuples")
    print(f"clear search               : {t_clear:7.3f} s  = {t_clear / t_tuples:.3f} × tuples")
    ok = t_open < 0.1 * t_tuples and max(t_search, t_search2, t_search3, t_clear) < 0.3
    if not args.no_tabs:
        ok = every_tab(app, args.rows) and ok
    print("TARGETS MET" if ok else "TARGETS MISSED")
    return 0 if ok else 1


def every_tab(app, rows: int) -> bool:
    """Each tab's first screen over the demo (as of today) with ``rows`` refuels, trips and typing
    logs added, against loading those refuels as tuples in the same database."""
    with tempfile.TemporaryDirectory() as folder:
        db.open_database(Path(folder) / "tabs.db")
        t0 = time.perf_counter()
        generate()
        fill(rows)
        fill_more(rows)
        print(f"\nevery tab: the demo with {rows} refuels, trips and typing logs added ({time.perf_counter() - t0:.0f} s)")
        query = Refuel.select(Refuel, Vehicle).join(Vehicle)
        t_tuples = timed(lambda: list(query.tuples()), repeat=2)
        print(f"load the refuels as tuples : {t_tuples:7.3f} s  (baseline)")
        ok = True
        for title, cls in TABS:
            t_open = tab_first_screen(app, cls)
            met = t_open < 0.1 * t_tuples
            ok = ok and met
            print(f"{title:<6} first screen : {t_open:7.3f} s  = {t_open / t_tuples:.3f} × tuples   (target < 0.1)"
                  f"{'' if met else '   missed'}")
        db.close_database()
    return ok


if __name__ == "__main__":
    sys.exit(main())
