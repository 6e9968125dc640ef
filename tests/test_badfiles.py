"""Hostile files: each is refused with a clear Chinese message naming the file, within seconds and
bounded memory, and nothing is written to the database.

Every import runs in a child process under a memory limit (RLIMIT_AS) and a timeout, so a file
that would make the reader allocate without end fails the test instead of ending the test run.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from govoffice_desktop.ledgers.reader import LedgerError, read_workbook
from tests.badfiles import make
from tests.ledger_fixtures import PUBLIC, needs_public  # ../shared/ledgers/public, or /work/shared

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the child, bytes
TIMEOUT = 20  # seconds for the whole child, start-up included
SECONDS = 5.0  # what the import itself may take
PEAK_MB = 200  # what the child may hold at its peak (resident), start-up included: about 40 MB

CHILD = r"""
import json, resource, sqlite3, sys, time
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from govoffice_desktop.models import db
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.ledgers.reader import LedgerError
db.open_database(sys.argv[2])
db.close_database()
with sqlite3.connect(sys.argv[2]) as con:
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                        "AND name NOT LIKE 'sqlite_%'")]
    before = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
db.open_database(sys.argv[2])
t0 = time.perf_counter()
try:
    report = import_ledger("refuels", sys.argv[1])
    out = {"imported": report.imported, "errors": [e.message for e in report.errors][:5]}
except LedgerError as exc:
    out = {"error": str(exc)}
out["seconds"] = time.perf_counter() - t0
with open("/proc/self/status") as status:  # ru_maxrss would carry the parent's peak over exec
    out["peak_mb"] = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
out["before"] = before
db.close_database()
print(json.dumps(out, ensure_ascii=False))
"""


def counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def import_in_child(path: Path, db_path: Path) -> dict:
    """Import ``path`` as a fuel ledger in a child process with a memory limit and a timeout."""
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(db_path), str(MEMORY_LIMIT)],
                              cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: no answer within {TIMEOUT} s")
    assert done.returncode == 0, f"{path.name}: the child ended with {done.returncode}\n{done.stderr[-3000:]}"
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["after"] = counts(db_path)
    return out


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("badfiles")


@pytest.mark.parametrize("name,message", [(name, message) for name, _maker, message in make.BAD],
                         ids=[name for name, _maker, _message in make.BAD])
def test_a_hostile_file_is_refused_quickly_in_bounded_memory_and_writes_nothing(bad_folder, tmp_path, name,
                                                                                message):
    path = make.make(name, bad_folder)
    out = import_in_child(path, tmp_path / "office.db")
    assert "error" in out, f"{name} was not refused: {out}"
    assert re.search(message, out["error"]), out["error"]
    assert name in out["error"], out["error"]  # the message names the file
    assert re.search(r"[\u4e00-\u9fff]", out["error"])  # and says it in Chinese
    assert out["seconds"] < SECONDS, out
    assert out["peak_mb"] < PEAK_MB, out
    assert out["after"] == out["before"], "the database changed"
    assert out["after"].get("refuel", 0) == 0
    print(f"{name}: {out['seconds']:.2f} s, {out['peak_mb']:.0f} MB: {out['error']}")


@pytest.mark.parametrize("name", [name for name, _maker in make.MISNAMED])
def test_a_real_workbook_under_the_wrong_extension_is_read_as_what_it_is(bad_folder, tmp_path, name):
    path = make.make(name, bad_folder)
    out = import_in_child(path, tmp_path / "office.db")
    assert out.get("imported") == 300, out


@pytest.mark.parametrize("name", [name for name, _maker in make.HARMLESS])
def test_a_harmless_oddity_is_read_within_bounds_and_writes_nothing(bad_folder, tmp_path, name):
    out = import_in_child(make.make(name, bad_folder), tmp_path / "office.db")
    assert out["seconds"] < SECONDS and out.get("imported", 0) == 0, out
    assert out["peak_mb"] < PEAK_MB, out
    assert out["after"] == out["before"]


@needs_public
def test_an_xls_named_xlsx_is_read_as_xls(tmp_path):
    path = tmp_path / "加油信息.xlsx"
    shutil.copy(PUBLIC / "cqussh__加油信息.xls", path)
    sheets = read_workbook(path)
    assert [s.name for s in sheets] == ["Sheet1", "格式要求"]


def test_the_dimension_alone_does_not_make_a_sheet_big(tmp_path):
    """A sheet whose <dimension> claims A1:XFD1048576 but holds a small ledger is read as it is."""
    (sheet,) = read_workbook(make.claimed_range_only(tmp_path / "claims.xlsx"))
    assert sheet.rows == [["车牌号", "加油日期", "加油量"], ["苏NA1234", "2025-3-1", 40.0]]


def test_the_encrypted_fixture_is_a_real_encrypted_workbook():
    data = (Path(make.__file__).parent / "encrypted.xlsx").read_bytes()
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert "EncryptionInfo".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") in data


def test_the_import_dialog_shows_the_reason_and_writes_nothing(qtbot, small_office, settings_dir, tmp_path,
                                                               monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from govoffice_desktop.models.fleet import Refuel
    from govoffice_desktop.ui import import_dialog
    from govoffice_desktop.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    before = Refuel.select().count()
    path = make.make("picture.png.xlsx", tmp_path)
    assert import_dialog.import_file(window, "refuels", str(path)) is None
    ((title, text),) = shown
    assert title == "无法导入" and "picture.png.xlsx" in text and "PNG 图片" in text
    assert Refuel.select().count() == before


def test_limits_below_the_ratio_check(tmp_path, monkeypatch):
    """The shared-strings count and the declared size of a sheet refuse even a file packed loosely."""
    from govoffice_desktop.ledgers import reader

    monkeypatch.setattr(reader, "MAX_RATIO", 10 ** 6)
    monkeypatch.setattr(reader, "MAX_STRINGS", 1000)
    path = make.write_xlsx(tmp_path / "strings.xlsx", strings=make.shared_strings("<si><t>a</t></si>" * 2000, 2000))
    with pytest.raises(LedgerError, match="共享字符串表有超过 1000 个条目"):
        read_workbook(path)
    monkeypatch.setattr(reader, "MAX_SHEET_XML", 100)
    with pytest.raises(LedgerError, match="sheet1.xml 解压后有 0 MB，超过上限"):
        read_workbook(make.write_xlsx(tmp_path / "sheet.xlsx"))


@pytest.mark.parametrize("cell", ['<c r="aa1000000"><v>1</v></c>', '<c r="AA1000000" ><v>1</v></c>',
                                  '<c s="1" r="AA1000000"><v>1</v></c>', "<x:c r='AA1000000'><v>1</v></x:c>",
                                  '<c r="Z1000000"/><c><v>1</v></c>'])
def test_far_cells_are_measured_however_they_are_written(tmp_path, cell):
    rows = make.HEADER_ROW + f'<row r="1000000">{cell}</row>'
    path = make.write_xlsx(tmp_path / "odd.xlsx", make.sheet_xml(rows, "A1:C2"))
    with pytest.raises(LedgerError, match=r"已用区域异常大（1000000 行 × 27 列）"):
        read_workbook(path)


def test_a_wide_short_sheet_is_read(tmp_path):
    """Wide is not big: 40 columns and 60 rows read as they are."""
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{make_col(c)}{r}"><v>{c}</v></c>' for c in range(1, 41)) +
                   "</row>" for r in range(1, 61))
    (sheet,) = read_workbook(make.write_xlsx(tmp_path / "wide.xlsx", make.sheet_xml(rows, "A1:AN60")))
    assert len(sheet.rows) == 60 and sheet.width == 40


def make_col(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def test_a_sparse_area_is_refused_only_when_large_and_mostly_empty(tmp_path, monkeypatch):
    """The grid calamine makes costs the same empty or full: a large area must be mostly written."""
    from govoffice_desktop.ledgers import reader

    monkeypatch.setattr(reader, "SPARSE_AREA", 1000)
    full = "".join(f'<row r="{r}">' + "".join(f'<c r="{make_col(c)}{r}"><v>{c}</v></c>' for c in range(1, 31)) +
                   "</row>" for r in range(1, 101))  # 100 × 30, every cell written
    (sheet,) = read_workbook(make.write_xlsx(tmp_path / "full.xlsx", make.sheet_xml(full, "A1:AD100")))
    assert len(sheet.rows) == 100 and sheet.width == 30
    thin = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="AD{r}"><v>2</v></c></row>' for r in range(1, 101))
    with pytest.raises(LedgerError, match=r"已用区域异常大（100 行 × 30 列），却只有 200 个单元格"):
        read_workbook(make.write_xlsx(tmp_path / "thin.xlsx", make.sheet_xml(thin, "A1:AD100")))
    prefixed = thin.replace("<c ", "<x:c ").replace("</c>", "</x:c>")  # measured exactly, the same answer
    with pytest.raises(LedgerError, match=r"100 行 × 30 列），却只有 200 个单元格"):
        read_workbook(make.write_xlsx(tmp_path / "prefixed.xlsx", make.sheet_xml(prefixed, "A1:AD100")))


def test_merged_ranges_are_cut_to_the_cells_of_the_sheet(tmp_path):
    (sheet,) = read_workbook(make.merged_far(tmp_path / "far.xlsx"))
    assert sheet.width == 3 and len(sheet.rows) == 3
    assert sheet.merged == [((2, 0), (2, 2))]
    (sheet,) = read_workbook(make.merged_outside(tmp_path / "outside.xlsx"))
    assert sheet.merged == []


def test_an_ods_as_libreoffice_writes_it_is_read(tmp_path):
    """Columns defined to the sheet's width and empty rows repeated to its end are no extent."""
    (sheet,) = read_workbook(make.write_ods(tmp_path / "ledger.ods", make.ODS_LEDGER))
    assert sheet.rows == [["车牌号", "加油日期", "加油量"], ["苏NA1234", "2025-3-1", 40.0]]


def test_the_extent_of_an_xls_is_read_from_its_cell_records(tmp_path):
    from govoffice_desktop.ledgers import extent

    path = make.far_xls(tmp_path / "far.xls")
    with path.open("rb") as handle:
        read = extent.CompoundFile(handle, path.stat().st_size).stream(("workbook", "book"))
        assert extent.biff_extents(read) == [("加油", 65536, 256, 7)]
