"""Crash safety: a 100,000-row fuel ledger import killed (SIGKILL) in the middle of its write.

One process imports the ledger and is killed while its one transaction is being written, after
pages of it have already reached the WAL file on disk; another imports the same ledger and is
killed just after its commit.  Each database then opens, passes ``PRAGMA integrity_check``, and
holds none of the killed import's rows, or all of the committed one's.
"""
from __future__ import annotations

import json
import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from govoffice_desktop.models import db

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

ROWS = 100_000
ROOT = Path(__file__).resolve().parent.parent

# The refuel ledger of bench/ledger_import.py, written straight as sheet XML (inline strings):
# openpyxl takes half a minute for 100,000 rows, this a few seconds.
HEADER = ["车牌号", "加油时间", "驾驶员", "加油量（升）", "单价", "金额", "里程表", "加油站", "油卡号"]
PLATES = [f"苏N{chr(65 + i)}{1000 + 37 * i}" for i in range(8)]
DRIVERS = ["张建国", "李卫东", "王志强", "赵德明", "孙海涛", "周国平", "吴立新", "郑永刚"]
STATIONS = ["中石化宿城加油站", "中石油洪泽湖路站", "中石化沭阳城南站", "中石油泗阳众兴站"]
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def write_fuel_ledger(path: Path, rows: int) -> Path:
    rnd = random.Random(3)

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'

    def number(ref: str, value) -> str:
        return f'<c r="{ref}"><v>{value}</v></c>'

    out = [f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>',
           f'<row r="1">{text("A1", "车辆加油登记表")}</row>',
           '<row r="2">' + "".join(text(f"{c}2", h) for c, h in zip("ABCDEFGHI", HEADER)) + "</row>"]
    start = datetime(2015, 1, 1, 8, 0)
    for i in range(rows):
        r = i + 3
        litres = rnd.randint(2500, 6000) / 100
        price = rnd.randint(680, 820) / 100
        out.append(f'<row r="{r}">{text(f"A{r}", PLATES[i % 8])}'
                   f'{text(f"B{r}", (start + timedelta(minutes=41 * i)).strftime("%Y-%m-%d %H:%M"))}'
                   f'{text(f"C{r}", DRIVERS[rnd.randrange(8)])}{number(f"D{r}", litres)}{number(f"E{r}", price)}'
                   f'{number(f"F{r}", round(litres * price, 2))}{number(f"G{r}", 1000 + 6 * i)}'
                   f'{text(f"H{r}", STATIONS[rnd.randrange(4)])}{text(f"I{r}", f"9001{rnd.randrange(10**8):08d}")}</row>')
    out.append("</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml",
                   f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   f'<Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'{_XML}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                                  f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
                                      f'<sheet name="加油" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'{_XML}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                                                 f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "".join(out))
    return path


@pytest.fixture(scope="session")
def big_fuel_ledger(tmp_path_factory) -> Path:
    """100,000 refuels, made once per test session."""
    return write_fuel_ledger(tmp_path_factory.mktemp("ledgers") / "加油登记-100000.xlsx", ROWS)


# The importing process: the program's own import, telling the test how far it has got.
CHILD = r"""
import json, sys, time
from govoffice_desktop.models import db
from govoffice_desktop.ledgers.importer import import_ledger

db.open_database(sys.argv[1])
# A small page cache: the uncommitted write spills into the WAL before the commit, as a larger
# import's does with the program's own cache (100,000 refuels, audited by batch, now fit in it).
db.database.obj.execute_sql("PRAGMA cache_size = -2000")

def progress(percent, message):
    print(json.dumps({"phase": "write" if "写入" in message else "check", "percent": percent}), flush=True)
    return True

report = import_ledger("refuels", sys.argv[2], progress=progress)
print(json.dumps({"committed": report.imported, "errors": len(report.errors)}), flush=True)
time.sleep(120)  # the test kills it here, or earlier
"""


class Importer:
    """One importing process and its lines, read in a thread so that the test can watch two."""

    def __init__(self, path: Path, ledger: Path):
        self.path = path
        self.wal = path.with_name(path.name + "-wal")
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ledger)], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))
        self.lines.put(None)

    def next(self, deadline: float) -> dict:
        try:
            item = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"the import said nothing in time; so far {self.seen[-3:]}") from None
        if item is None:
            raise AssertionError(f"the import ended by itself ({self.proc.wait()}): {self.proc.stderr.read()[-2000:]}")
        self.seen.append(item)
        return item

    def wal_size(self) -> int:
        return self.wal.stat().st_size if self.wal.exists() else 0

    def kill(self) -> int:
        self.proc.send_signal(signal.SIGKILL)
        return self.proc.wait(30)


def _fresh_office(path: Path) -> dict[str, int]:
    """A migrated database with a few rows of its own; every table's row count."""
    from govoffice_desktop.models.staff import Person, Section

    db.open_database(path)
    try:
        section = Section.create(name="行政科")
        Person.create(name="张建国", section=section)
    finally:
        db.close_database()
    return _counts(path)


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def _opens_whole(path: Path) -> dict[str, int]:
    """Open as the program does; check the file; every table's row count."""
    handle = db.open_database(path, create=False)
    try:
        assert handle.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert handle.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        tables = handle.get_tables()
        return {t: handle.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close_database()


def test_an_import_killed_mid_write_leaves_all_of_its_rows_or_none(big_fuel_ledger, tmp_path):
    killed_db, committed_db = tmp_path / "killed" / "office.db", tmp_path / "committed" / "office.db"
    killed_db.parent.mkdir()
    committed_db.parent.mkdir()
    before = _fresh_office(killed_db)
    assert _fresh_office(committed_db) == before

    deadline = time.monotonic() + 120  # about 15 s on an idle machine of two cores
    mid, done = Importer(killed_db, big_fuel_ledger), Importer(committed_db, big_fuel_ledger)
    try:
        # Kill the first in the middle of its write: its transaction has begun and part of it is
        # already in the WAL file, uncommitted.
        wal_at_write = None
        while True:
            line = mid.next(deadline)
            if line.get("phase") != "write":
                assert "committed" not in line
                continue
            size = mid.wal_size()
            if wal_at_write is None:
                wal_at_write = size
            elif size > wal_at_write + 1024 * 1024:
                assert mid.kill() == -signal.SIGKILL
                wal_at_kill = size
                break
        last = mid.seen[-1]
        assert last["phase"] == "write" and last["percent"] < 100, mid.seen[-3:]
        assert not any("committed" in s for s in mid.seen)
        assert mid.wal_size() >= wal_at_kill > wal_at_write  # the crash left a half-written WAL behind

        # Kill the second just after its commit.
        while "committed" not in (line := done.next(deadline)):
            pass
        assert line == {"committed": ROWS, "errors": 0}
        assert done.kill() == -signal.SIGKILL
    finally:
        for importer in (mid, done):
            if importer.proc.poll() is None:
                importer.kill()

    # The killed import: the database opens, is whole, and holds none of its rows.
    after_kill = _opens_whole(killed_db)
    assert after_kill == before
    # The committed one: all of them.
    after_commit = _opens_whole(committed_db)
    assert after_commit["refuel"] == ROWS
    assert after_commit["vehicle"] == before["vehicle"] + len(PLATES)
