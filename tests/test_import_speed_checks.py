"""What the faster import keeps: the sheet scan's shortcut refuses what the full scan refuses, and
a large bulk insert that builds its table's indexes afterwards leaves them as they were."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from govoffice_desktop.ledgers import reader
from govoffice_desktop.ledgers.reader import LedgerError, read_workbook
from govoffice_desktop.models import base
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.db import database as proxy
from govoffice_desktop.models.fleet import Refuel, Vehicle
from tests.badfiles import make


# ---------------------------------------------------------------- the sheet scan's shortcut
def test_the_usual_rows_stay_below_the_sparse_area():
    assert 26 * reader._USUAL_ROWS <= reader.SPARSE_AREA < 26 * (reader._USUAL_ROWS + 1) * 2


@pytest.mark.parametrize("row", [1, 9, 99_999, 100_000, 109_999, 110_000, 114_999])
def test_a_plain_cell_on_a_usual_row_passes_the_shortcut(row):
    assert not reader._UNUSUAL_CELL.search(f'<c r="Z{row}" t="n"><v>1</v></c>'.encode())


@pytest.mark.parametrize("ref", ["Z115000", "A120000", "A199999", "A200000", "A1000000", "AA1", "a1", "A012345",
                                 "$A$1", "Z1234567"])
def test_any_other_cell_is_measured_by_the_full_scan(ref):
    assert reader._UNUSUAL_CELL.search(f'<c r="{ref}"><v>1</v></c>'.encode())


@pytest.mark.parametrize("cell", ['<c r="Z115385"><v>1</v></c>', '<c r="Z999999"><v>1</v></c>',
                                  '<x:c r="Z115385"><v>1</v></x:c>'])
def test_one_far_cell_just_past_the_usual_rows_is_still_refused(tmp_path, cell):
    row = cell.split('r="Z')[1].split('"')[0]
    rows = make.HEADER_ROW + f'<row r="{row}">{cell}</row>'
    path = make.write_xlsx(tmp_path / "far.xlsx", make.sheet_xml(rows, "A1:C2"))
    with pytest.raises(LedgerError, match=rf"已用区域异常大（{row} 行 × 26 列）"):
        read_workbook(path)


def test_a_sheet_of_usual_rows_with_an_error_cell_still_shows_it(tmp_path):
    rows = make.HEADER_ROW + '<row r="114999"><c r="A114999" t="e"><v>#REF!</v></c></row>'
    path = make.write_xlsx(tmp_path / "err.xlsx", make.sheet_xml(rows, "A1:C114999"))
    (sheet,) = read_workbook(path)
    assert sheet.rows[114_998][0].code == "#REF!"


# ---------------------------------------------------------------- indexes built after a large insert
def _indexes() -> list[tuple]:
    return proxy.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'refuel' "
                                "ORDER BY name").fetchall()


def _columns(car, count: int, start: int = 0) -> dict[str, list]:
    return {"vehicle": [car.id] * count,
            "filled_at": [datetime(2025, 1, 1, 8, 0, i % 60, i) for i in range(start, start + count)],
            "litres": [Decimal("40")] * count, "unit_price": [Decimal("7.5")] * count,
            "amount": [Decimal("300")] * count, "odometer": list(range(start, start + count))}


@pytest.mark.sqlite_only("SQLite's indexes, read from sqlite_master")
def test_a_large_insert_builds_the_plain_indexes_after_and_leaves_them_as_they_were(database, monkeypatch):
    monkeypatch.setattr(base, "REBUILD_FROM", 20)
    car = Vehicle.create(plate="苏NA1234")
    before = _indexes()
    assert any(sql and sql.startswith("CREATE INDEX") for _name, sql in before)
    statements = []
    proxy.obj.connection().set_trace_callback(statements.append)
    try:
        assert Refuel.bulk_insert_columns(_columns(car, 30), batch=7, audit="batch") == 30
        dropped = [s for s in statements if s.startswith("DROP INDEX")]
        statements.clear()
        Refuel.bulk_insert_columns(_columns(car, 25, 30), batch=7, audit="batch")  # fewer than the table holds
        assert not [s for s in statements if s.startswith("DROP INDEX")]
        statements.clear()
        Refuel.bulk_insert_columns(_columns(car, 10, 55), audit="batch")  # fewer than REBUILD_FROM
        assert not [s for s in statements if s.startswith("DROP INDEX")]
    finally:
        proxy.obj.connection().set_trace_callback(None)
    assert len(dropped) == sum(1 for _name, sql in before if sql and sql.startswith("CREATE INDEX"))
    assert _indexes() == before
    assert Refuel.select().count() == 65
    assert AuditLog.select().where(AuditLog.table == "refuel").count() == 5 + 4 + 1  # one entry a batch
    plan = " ".join(str(r) for r in proxy.execute_sql(
        "EXPLAIN QUERY PLAN SELECT * FROM refuel WHERE vehicle_id = ? AND filled_at >= ?", (car.id, "2025")))
    assert "INDEX" in plan


@pytest.mark.sqlite_only("SQLite's indexes, read from sqlite_master")
def test_a_large_insert_that_fails_leaves_the_indexes_and_no_rows(database, monkeypatch):
    monkeypatch.setattr(base, "REBUILD_FROM", 20)
    car = Vehicle.create(plate="苏NA1234")
    before = _indexes()

    def cancel(done):
        if done >= 14:
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        Refuel.bulk_insert_columns(_columns(car, 30), batch=7, progress=cancel, audit="batch")
    assert _indexes() == before
    assert Refuel.select().count() == 0
    assert AuditLog.select().where(AuditLog.table == "refuel").count() == 0
