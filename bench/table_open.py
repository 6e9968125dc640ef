"""Benchmark: open and filter the refuels table of 100,000 rows in the real window.

Compares, in one run on this machine, the time the 车辆油耗 tab takes to show its first
screen and to apply a search with the time to load every row as peewee objects and as
tuples.  Targets (issue 2): first screen < 0.1 × tuples; a search < 0.3 s.

    python bench/table_open.py [--rows 100000]
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

from PySide6.QtWidgets import QApplication  # noqa: E402

from govoffice_desktop.models import db  # noqa: E402
from govoffice_desktop.models.fleet import Refuel, Vehicle  # noqa: E402
from govoffice_desktop.ui.fleet_tab import FleetTab  # noqa: E402

DRIVERS = ["张建国", "李卫东", "王志强", "赵德明", "孙海涛", "周国平", "吴立新", "郑永刚"]
STATIONS = ["中石化宿城加油站", "中石油洪泽湖路站", "中石化沭阳城南站", "中石油泗阳众兴站", "中石化泗洪青阳站"]


def fill(rows: int) -> None:
    """Write ``rows`` refuels straight through sqlite3 (setup, not measured)."""
    handle = db.database.obj
    rnd = random.Random(7)
    with handle.atomic():
        vehicles = [Vehicle.create(plate=f"苏N{chr(65 + i)}{1000 + i * 37}", fuel_quota="9.50") for i in range(8)]
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


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
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
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
