"""Benchmark: import a 100,000-row refuel ledger, and export it again.

In one run on this machine it times the import end to end against python-calamine reading the
same file plus sqlite3 ``executemany`` of the same rows into an empty table (target: import ≤ 2 ×
that), and the export of those rows against a bare write of the same cells with the library the
export uses (xlsxwriter in constant-memory mode, the export's workbook options, no formats; target
≤ 1.2 ×).  The targets are judged on the CPU time of this process (what other programs on a shared
machine add to the wall clock is not the program's; every thread counts), the wall clock printed
beside.  It prints each figure and ratio, and the peak memory (maximum resident set) of a
process that does the import alone (target < 400 MB).

    python bench/ledger_import.py [--rows 100000]
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402
import python_calamine  # noqa: E402

from govoffice_desktop.ledgers.importer import import_ledger  # noqa: E402
from govoffice_desktop.models import db  # noqa: E402

HEADER = ["车牌号", "加油时间", "驾驶员", "加油量（升）", "单价", "金额", "里程表", "加油站", "油卡号"]
PLATES = [f"苏N{chr(65 + i)}{1000 + 37 * i}" for i in range(8)]
DRIVERS = ["张建国", "李卫东", "王志强", "赵德明", "孙海涛", "周国平", "吴立新", "郑永刚"]
STATIONS = ["中石化宿城加油站", "中石油洪泽湖路站", "中石化沭阳城南站", "中石油泗阳众兴站"]


def make_ledger(path: Path, rows: int) -> None:
    rnd = random.Random(3)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("加油")
    sheet.append(["车辆加油登记表"])
    sheet.append(HEADER)
    start = datetime(2015, 1, 1, 8, 0)
    for i in range(rows):
        litres = rnd.randint(2500, 6000) / 100
        price = rnd.randint(680, 820) / 100
        sheet.append([PLATES[i % 8], start + timedelta(minutes=41 * i), DRIVERS[rnd.randrange(8)], litres, price,
                      round(litres * price, 2), 1000 + 6 * i, STATIONS[rnd.randrange(4)],
                      f"9001{rnd.randrange(10**8):08d}"])
    book.save(path)


MEMORY_TARGET_MB = 400
PEAK_SCRIPT = """
import resource, sys
sys.path.insert(0, sys.argv[3])
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models import db
db.open_database(sys.argv[2])
report = import_ledger("refuels", sys.argv[1])
assert report.imported > 0 and not report.errors
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def import_peak_mb(ledger: Path, database: Path) -> float:
    """The peak resident memory, in MB, of a fresh process importing ``ledger`` (Linux: ru_maxrss in KiB)."""
    out = subprocess.run([sys.executable, "-c", PEAK_SCRIPT, str(ledger), str(database),
                          str(Path(__file__).resolve().parent.parent)], check=True, capture_output=True, text=True)
    return int(out.stdout.split()[-1]) / 1024


class Took(tuple):
    """(wall seconds, CPU seconds of this process): the targets are judged on CPU time, which other
    programs on a shared machine do not add to (every thread of the process counts, so work done in
    parallel is not hidden); the wall clock is printed beside."""

    def __new__(cls, wall: float, cpu: float):
        return super().__new__(cls, (wall, cpu))

    wall = property(lambda self: self[0])
    cpu = property(lambda self: self[1])

    def __add__(self, other):
        return Took(self.wall + other.wall, self.cpu + other.cpu)


def timed(fn) -> Took:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return Took(time.perf_counter() - w0, time.process_time() - c0)


def best(repeat: int, fn) -> Took:
    """The fastest of ``repeat`` runs (wall and CPU each): noise only ever adds time."""
    return least(fn() for _ in range(repeat))


def least(runs) -> Took:
    runs = list(runs)
    return Took(min(r.wall for r in runs), min(r.cpu for r in runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each import figure (the best counts)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        ledger = folder / "fuel.xlsx"
        make_ledger(ledger, args.rows)
        runs = iter(range(10**6))

        def read():
            cells = []
            took = timed(lambda: cells.extend(python_calamine.load_workbook(str(ledger))
                                              .get_sheet_by_name("加油").to_python()))
            return took, [tuple(r) for r in cells[2:]]

        def execute(data):
            con = sqlite3.connect(folder / f"raw{next(runs)}.db")
            con.execute("CREATE TABLE refuel (plate TEXT, filled_at TEXT, driver TEXT, litres INT, price INT, "
                        "amount INT, odometer INT, station TEXT, card TEXT)")
            took = timed(lambda: (con.executemany("INSERT INTO refuel VALUES (?,?,?,?,?,?,?,?,?)",
                                                  [(a, str(b), c, int(d * 100), int(e * 100), int(f * 100), g, h, i)
                                                   for a, b, c, d, e, f, g, h, i in data]), con.commit()))
            con.close()
            return took

        t_read, data = read()
        t_read = least([t_read] + [read()[0] for _ in range(args.repeat - 1)])
        t_exec = best(args.repeat, lambda: execute(data))
        baseline = t_read + t_exec

        def import_once():
            db.open_database(folder / f"office{next(runs)}.db")
            result = {}
            took = timed(lambda: result.update(report=import_ledger("refuels", ledger)))
            report = result["report"]
            assert report.imported == args.rows and not report.errors, (report.imported, report.errors[:3])
            return took

        t_import = best(args.repeat, import_once)
        peak_mb = import_peak_mb(ledger, folder / "peak.db")

        from govoffice_desktop.ledgers.export import export_listing, new_workbook
        from govoffice_desktop.services.fleet import refuel_listing

        listing = refuel_listing()
        ids = listing.ids()
        rows = list(listing.rows(ids).values())

        def bare():
            book = new_workbook(folder / "bare.xlsx")  # xlsxwriter, constant memory, as the export
            sheet = book.add_worksheet("加油记录")
            sheet.write_row(0, 0, listing.labels)
            for r, row in enumerate(rows, 1):
                sheet.write_row(r, 0, row)
            book.close()

        export_repeat = max(1, args.repeat - 1)
        t_export = best(export_repeat, lambda: timed(lambda: export_listing(folder / "out.xlsx", "加油记录", listing, ids,
                                                                                   force=True)))
        t_bare = best(export_repeat, lambda: timed(bare))
        db.close_database()

    ratio, export_ratio = t_import.cpu / baseline.cpu, t_export.cpu / t_bare.cpu
    print(f"rows: {args.rows}   (each figure the best of {args.repeat} runs; exports of {export_repeat}; "
          "CPU time of this process, the wall clock beside)")

    def line(name: str, took: Took) -> str:
        return f"{name:<25}: {took.cpu:7.3f} s CPU ({took.wall:6.3f} s wall)"
    print(line("calamine read", t_read))
    print(line("sqlite3 executemany", t_exec))
    print(line("baseline (read + insert)", baseline))
    print(line("import end to end", t_import) + f"  = {ratio:.2f} × baseline   (target ≤ 2; "
          f"wall {t_import.wall / baseline.wall:.2f} ×)")
    print(f"import peak memory       : {peak_mb:7.1f} MB (a process doing the import alone; target < {MEMORY_TARGET_MB})")
    print(line("bare xlsxwriter", t_bare) + "  (the same cells, no formats)")
    print(line("export end to end", t_export) + f"  = {export_ratio:.2f} × bare write   (target ≤ 1.2; "
          f"wall {t_export.wall / t_bare.wall:.2f} ×)")
    ok = ratio <= 2 and export_ratio <= 1.2 and peak_mb < MEMORY_TARGET_MB
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
