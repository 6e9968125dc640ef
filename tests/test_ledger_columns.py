"""A long ledger imported column by column, and exported cell by cell: the same rows, records,
refusals and cells as one row (or one cell) at a time gave."""
from __future__ import annotations

import gc
import math
from datetime import date, datetime, time
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from govoffice_desktop.ledgers import kind_base, kinds_fleet
from govoffice_desktop.ledgers.export import export_rows
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.ledgers.reader import CellError, Sheet
from govoffice_desktop.ledgers.table import (_MARKER_RE, Skipped, Table, data_block, data_rows, find_table,
                                             skip_reason)
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.services import validation as v
from govoffice_desktop.services.fleet import refuel_listing


# ---------------------------------------------------------------- data rows
def _one_by_one(table: Table, skipped: list) -> list[tuple[int, list]]:
    """The rows under the header as the importer took them one row at a time (before data_block)."""
    sheet = table.sheet
    fills: dict[int, list] = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 > r0 and r0 >= table.data_first:
            value = sheet.rows[r0][c0]
            for r in range(r0 + 1, r1 + 1):
                fills.setdefault(r, []).extend((c, value) for c in range(c0, c1 + 1))
    out = []
    for r in range(table.data_first, len(sheet.rows)):
        values = sheet.rows[r]
        if r in fills:
            values = list(values)
            for c, value in fills[r]:
                if c < len(values) and (values[c] is None or values[c] == ""):
                    values[c] = value
        texts = [x for x in values if x.__class__ is str]
        if len(texts) + values.count(None) == len(values) and not "".join(texts).strip():
            skipped.append(Skipped(sheet.name, r + 1, "空行"))
            continue
        if len(values) - values.count(None) - values.count("") <= 1 or \
                (texts and _MARKER_RE.search("\0".join(texts))):
            reason = skip_reason(values)
            if reason:
                skipped.append(Skipped(sheet.name, r + 1, reason))
                continue
        out.append((r + 1, values))
    return out


ODD_ROWS = [
    ["苏NA1234", datetime(2025, 3, 1), 40.0, 7.5, 300.0, "张三"],
    ["苏NA1234", datetime(2025, 3, 2), 40.0, 7.5, 300.0, "  "],  # a blank text in a full row
    ["   ", None, None, None, None, "\u3000"],  # blank texts only
    [None, None, None, None, None, None],
    [3, None, None, None, None, None],  # a pre-numbered blank row
    ["本月合计", None, None, None, 600.0, None],
    ["苏NA1234", datetime(2025, 3, 3), 40.0, 7.5, 300.0, "合 计"],  # a marker in the last column
    ["填表人：李四", None, None, "审核人：", None, None],
    ["苏NA1234", datetime(2025, 3, 4), 40.0, 7.5, 300.0, "张\0三"],  # NUL inside a text
    ["注：单价含税", None, None, None, None, None],
    ["苏NA1234", "", 40.0, "", "", ""],  # one value and empty texts
    ["苏NA1234", datetime(2025, 3, 5), 40.0, 7.5, 300.0, "{{driver}}"],
    ["", datetime(2025, 3, 6), 41.0, 7.5, 307.5, "王五"],  # filled down from the merge above
]


@pytest.mark.parametrize("rows", [ODD_ROWS, ODD_ROWS[:1] * 50 + ODD_ROWS, [r[:4] for r in ODD_ROWS]])
def test_data_block_takes_the_rows_row_by_row_took(rows):
    header = ["车牌号", "加油时间", "加油量", "单价", "金额", "驾驶员"][:len(rows[0])]
    grid = [list(r) for r in [header, *rows]]
    last = len(grid) - 1
    sheet = Sheet("加油", grid, merged=[((last - 1, 0), (last, 0))])  # 车牌号 merged over the last two rows
    table = find_table(sheet, header)
    expected_skips, skips = [], []
    expected = _one_by_one(table, expected_skips)
    columns: dict[int, list] = {}
    numbers, values = data_block(table, skips, columns)
    assert list(zip(numbers, values)) == expected and skips == expected_skips
    assert all(cells == [r[c] for r in values] for c, cells in columns.items())  # the columns of the rows taken
    for kept in ([rows[0]] * 6, rows[:2] * 3):  # every row taken (the second: a blank text in a full row)
        columns = {}
        numbers, values = data_block(find_table(Sheet("加油", [list(header), *map(list, kept)]), header), [], columns)
        assert len(values) == 6 and sorted(columns) == list(range(len(header)))
        assert all(cells == [r[c] for r in values] for c, cells in columns.items())
    again: list = []
    assert [(d.row, d.values) for d in data_rows(table, again)] == expected and again == expected_skips
    assert sheet.rows[last][0] == ""  # the sheet itself untouched


# ---------------------------------------------------------------- a column at once
NUMBERS = [34.74, 1.005, 0.125, 2.675, -0.0, 0.0, 1e11, 999999999999.99, 7.0, 12.5, None]
CELLS = {
    v.parse_datetime: [[datetime(2025, 3, 5, 8, 30), date(2025, 3, 6), None], [datetime(2025, 1, 1), "2025-3-5"]],
    v.parse_int: [[1000.0, 1006.0, None, -3.0], [1.5, 2.0], [1e13, 1.0], [float("nan")], [5, 6]],
    kind_base.money: [NUMBERS, [1e12, 1.0], [float("inf")], [1.0, "3元"], [True, 1.0]],
    kind_base.text: [["中石化 宿城站", "  x  ", "-", "- -", "无数据", "900181056775", "a\u00a0 b", "／"],
                     ["tab\there"], ["ok", 3]],
    kinds_fleet._litres: [NUMBERS, ["40升", 40.0]],
    kind_base.fen: [NUMBERS, [1e12, 1.0], [float("inf")], [1.0, "3元"], [True, 1.0], [0.015, 1.0049999, -2.675, None]],
    kinds_fleet._litres_fen: [NUMBERS, ["40升", 40.0], ["升数未知", 40.0]],
}


@pytest.mark.parametrize("parse", list(CELLS), ids=lambda p: p.__name__)
def test_a_columns_fast_path_gives_what_each_cell_gives(parse):
    for cells in CELLS[parse]:
        fast = kind_base.parse_column(parse, cells)
        if fast is None:
            continue  # not of the plain kinds: each cell is parsed
        assert fast == [parse(c) for c in cells], cells
        assert [type(x) for x in fast] == [type(parse(c)) for c in cells]
    assert kind_base.parse_column(parse, CELLS[parse][0]) is not None  # the plain column takes the fast path


def test_a_limited_texts_fast_path_leaves_a_text_too_long_to_the_parser():
    limited = kind_base._limited(kind_base.text, 5)
    assert kind_base.parse_column(limited, ["abcdef", "ab"]) is None
    assert kind_base.parse_column(limited, ["abcde", "ab"]) == ["abcde", "ab"]


def test_a_column_of_cells_that_repeat_or_not_parses_as_each_cell(database):
    kind = kinds_fleet.RefuelKind()
    kind.begin()
    columns = {"plate": 0, "filled_at": 1, "litres": 2, "unit_price": 3, "amount": 4, "driver": 5}
    kind.use_columns(columns)
    converter = kind_base.RowConverter(kind, columns)
    error = CellError("#REF!")
    rows = [["苏NA1234", datetime(2025, 3, 1) if i % 2 else date(2025, 3, 1), 40.0, 7.5, 300.0 + (i % 3) / 100,
             f"司机{i}"] for i in range(1500)]
    rows += [["苏NA1234", True, 40.0, 7.5, 300.0, "张三"], ["苏NA1234", 1, 40.0, 7.5, 300.0, "张三"],
             ["苏NA1234", datetime(2025, 3, 9), error, 7.5, 300.0, "张三"], ["京A", datetime(2025, 3, 9), 40, 7.5, 300, ""]]
    records, problems = converter.convert_all(rows)
    # litres, price and amount in hundredths (fen), as the table stores them
    assert records[0] == ("苏NA1234", datetime(2025, 3, 1), 4000, 750, 30000,
                          None, True, False, "司机0", "", "", "", "")
    assert records[1][1] == datetime(2025, 3, 1) and records[1][4] == 30001
    assert all(records[i] is not None for i in range(1500)) and not any(i in problems for i in range(1500))
    assert problems[1500] == [("filled_at", "应为日期：True")]  # a bool never taken as 1
    assert problems[1501][0][0] == "filled_at" and records[1501] is None  # 1 is no date in range
    assert problems[1502][0] == ("litres", error.message)
    assert problems[1503][0] == ("plate", "不是有效的车牌号：'京A'")


# ---------------------------------------------------------------- the refuel rules, column by column
def _fuel(path, rows):
    book = openpyxl.Workbook()
    book.active.append(["车牌号", "加油时间", "加油量（升）", "单价", "金额", "里程表"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_every_refuel_rule_refuses_its_rows_when_the_others_are_fine(database, tmp_path):
    good = [["苏NA1234", datetime(2025, 3, d, 9), 40, 7.5, 300, 1000 + 100 * d] for d in range(1, 11)]
    rows = list(good)
    rows[1] = ["苏NA1234", datetime(2025, 3, 2, 9), 40, 7.5, 250, 1200]  # amounts disagree
    rows[2] = ["苏NA1234", datetime(2025, 3, 3, 9), 400, 7.5, 3000, 1300]  # litres over 300
    rows[3] = ["苏NA1234", datetime(2025, 3, 4, 9), 40, 30, 1200, 1400]  # price out of range
    rows[4] = ["苏NA1234", datetime(2025, 3, 5, 9), 40, None, None, 1500]  # two of three missing
    rows[5] = ["苏NA1234", datetime(2025, 3, 6, 9), "升数未知", None, 300, 1600]  # money only: taken
    rows[6] = ["苏NA1234", datetime(2025, 3, 7, 9), 40, 7.5, 300, 900]  # the odometer goes down
    rows[7] = ["苏NA1234", datetime(2025, 3, 8, 9), 40, 7.5, 300, -5]  # negative
    report = import_ledger("refuels", _fuel(tmp_path / "f.xlsx", rows), dry_run=True)
    by_row = {}
    for e in report.errors:
        by_row.setdefault(e.row, []).append(e.message)
    assert sorted(by_row) == [3, 4, 5, 6, 8, 9]
    assert by_row[3] == ["金额 250.00 与 加油量×单价 = 300.00 不符"]
    assert by_row[4] == ["加油量 400.00 升超过一次加油的上限 300 升"]
    assert by_row[5] == ["单价 30.00 元/升不在 3–20 元/升之间"]
    assert by_row[6] == ["加油量、单价、金额至少要填两项"]
    assert by_row[8][0].startswith("里程表读数 900 低于")
    assert by_row[9] == ["里程表读数不能为负"]
    assert any(n.startswith("1 次加油没有升数") for n in report.notices)
    clean = import_ledger("refuels", _fuel(tmp_path / "g.xlsx", good))
    assert clean.imported == 10 and not clean.errors
    again = import_ledger("refuels", _fuel(tmp_path / "h.xlsx", good + good[:2]))
    assert again.imported == 0 and again.duplicates == 12


def test_refuel_money_carried_in_fen_is_stored_as_the_decimals_were(database, tmp_path):
    """Numbers of three decimals (rounded half up), texts with units, litres 升数未知: stored as
    the Decimal path stored them; a fill stored through the form is a duplicate of the same fill
    in a ledger (the stored keys read in fen, as the ledger's)."""
    car = Vehicle.create(plate="苏NA1234")
    Refuel.create(vehicle=car, filled_at=datetime(2025, 2, 1, 9), litres=Decimal("40.01"),
                  unit_price=Decimal("7.50"), amount=Decimal("300.08"), odometer=900)
    rows = [["苏NA1234", datetime(2025, 2, 1, 9), 40.005, 7.5, "300.08元", 900],  # the one stored by the form
            ["苏NA1234", datetime(2025, 3, 1, 9), 1.005, 7.125, 7.2, 1000],
            ["苏NA1234", datetime(2025, 3, 2, 9), "35.125升", "7.49元", None, 1100],
            ["苏NA1234", datetime(2025, 3, 3, 9), "升数未知", None, "￥1,234.565", 1200],
            ["苏NA1234", datetime(2025, 3, 4, 9), 40, None, 300.125, 1300]]
    report = import_ledger("refuels", _fuel(tmp_path / "f.xlsx", rows))
    assert not report.errors and report.imported == 4 and report.duplicates == 1
    stored = [(r.litres, r.unit_price, r.amount) for r in Refuel.select().order_by(Refuel.id)][1:]
    assert stored == [(Decimal("1.01"), Decimal("7.13"), Decimal("7.20")),
                      (Decimal("35.13"), Decimal("7.49"), Decimal("263.12")),  # 35.13 × 7.49, to the fen
                      (None, None, Decimal("1234.57")),
                      (Decimal("40.00"), Decimal("7.50"), Decimal("300.13"))]  # 300.13 / 40, to the fen
    again = import_ledger("refuels", _fuel(tmp_path / "g.xlsx", rows))
    assert again.imported == 0 and again.duplicates == 5


READINGS = st.lists(st.tuples(st.sampled_from(["苏NA1234", "苏NB5678", "苏NC0001"]), st.integers(0, 6),
                              st.one_of(st.none(), st.integers(0, 12_000))), max_size=30)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(READINGS)
def test_the_odometer_check_refuses_what_a_walk_over_every_vehicle_refuses(database, readings):
    """A vehicle's readings are walked only when they go down or jump (or meet stored ones): the
    same refusals as walking every vehicle's readings in time order (fills of the same moment too)."""
    records = [(plate, datetime(2025, 3, 1 + day), None, None, None, odometer, True, False, "", "", "", "", "")
               for plate, day, odometer in readings]
    kind = kinds_fleet.RefuelKind()
    kind.begin()
    expected = []
    for plate in sorted({r[0] for r in records}):
        events = sorted((r[1], 1, i, r[5]) for i, r in enumerate(records) if r[0] == plate and r[5] is not None)
        expected.extend(kinds_fleet._odometer_walk(events))
    assert kind.cross_check(records) == expected


def test_refuel_money_refused_in_fen_as_before(database, tmp_path):
    rows = [["苏NA1234", datetime(2025, 3, 1, 9), "abc", 7.5, 300, 1000],
            ["苏NA1234", datetime(2025, 3, 2, 9), 40, 7.5, 1e13, 1100],
            ["苏NA1234", datetime(2025, 3, 3, 9), 40, 7.5, "3元x", 1200],
            ["苏NA1234", datetime(2025, 3, 4, 9), 0, 7.5, 300, 1300],
            # 40.00 × 7.50 is 300.00, off by more than 0.01 + 40 × 0.005; 40.01 × 7.50 is 300.075: agrees
            ["苏NA1234", datetime(2025, 3, 5, 9), 40.004, 7.5, 300.25, 1400],
            ["苏NA1234", datetime(2025, 3, 6, 9), 40.005, 7.5, 300.25, 1500]]
    report = import_ledger("refuels", _fuel(tmp_path / "f.xlsx", rows), dry_run=True)
    assert [(e.row, e.message) for e in report.errors] == [
        (2, "加油量应为数字（升数，单位只能写 升、L 或 公升）：'abc'"), (3, "数值过大或无效：10000000000000.0"),
        (4, "应为数字：'3元x'"), (5, "加油量必须大于0"), (6, "金额 300.25 与 加油量×单价 = 300.00 不符")]


# ---------------------------------------------------------------- the cycle collector
def test_an_import_pauses_the_cycle_collector_and_leaves_it_as_it_was(database, tmp_path):
    path = _fuel(tmp_path / "f.xlsx", [["苏NA1234", datetime(2025, 3, 1), 40, 7.5, 300, 1000]])
    seen = []

    def progress(percent, text):
        seen.append(gc.isenabled())
        if len(seen) == 1:
            import_ledger("refuels", path, dry_run=True)  # an import inside another
            seen.append(gc.isenabled())
        return True

    assert gc.isenabled()
    import_ledger("refuels", path, progress=progress)
    assert seen and not any(seen) and gc.isenabled()
    gc.disable()
    try:
        import_ledger("refuels", path, dry_run=True)
        assert not gc.isenabled()  # the caller's choice kept
    finally:
        gc.enable()


# ---------------------------------------------------------------- writing columns
def test_rows_written_as_columns_are_the_rows_written_as_dicts(database):
    car = Vehicle.create(plate="苏NA1234")
    rows = [{"vehicle": car.id, "filled_at": datetime(2025, 3, d, 8, 30), "litres": Decimal("40.005"),
             "unit_price": Decimal("7.5"), "amount": Decimal("300"), "odometer": None if d % 2 else 1000 + d,
             "full_tank": bool(d % 3)} for d in range(1, 8)]
    assert Refuel.bulk_insert(rows, batch=3, audit="batch") == 7
    columns = {name: [r[name] for r in rows] for name in rows[0]}
    assert Refuel.bulk_insert_columns(columns, batch=3, audit="batch") == 7
    stored = [(r.filled_at, r.litres, r.unit_price, r.amount, r.odometer, r.full_tank, r.driver_name, r.note)
              for r in Refuel.select().order_by(Refuel.id)]
    assert stored[:7] == stored[7:]
    assert stored[0] == (datetime(2025, 3, 1, 8, 30), Decimal("40.01"), Decimal("7.50"), Decimal("300.00"), None,
                         True, "", "")
    assert AuditLog.select().where(AuditLog.table == "refuel").count() == 6  # three batches each
    with pytest.raises(ValueError):
        Refuel.bulk_insert_columns({"vehicle": [car.id], "filled_at": []})
    with pytest.raises(ValueError):
        Refuel.bulk_insert_columns({"id": [1], "vehicle": [car.id]})


@pytest.mark.sqlite_only("a column of one value is written as a literal on SQLite; typeof() is SQLite's")
def test_a_column_of_one_value_is_stored_as_each_row_bound_it(database):
    """Columns of one value in every row (None, a bool, an integer, a text with a quote, a text
    with NUL; money given as stored) are stored exactly as the rows bound one by one store them."""
    car = Vehicle.create(plate="苏NA1234")
    count = 7
    columns = {"vehicle": [car.id] * count, "filled_at": [datetime(2025, 3, d, 8) for d in range(1, count + 1)],
               "litres": [None] * count, "unit_price": [None] * count, "amount": [30000] * count,
               "odometer": [2**40] * count, "full_tank": [True] * count, "missed_previous": [False] * count,
               "station": ["O'Neil 加油站"] * count, "card_no": ["a\0b"] * count, "driver_name": [""] * count,
               "note": ["x"] * (count - 1) + [1]}  # not all of one class: bound
    Refuel.bulk_insert_columns(columns, batch=5, audit="batch", stored=("amount",))
    rows = [{name: values[i] for name, values in columns.items()} for i in range(count)]
    for row in rows:
        row["amount"] = Decimal(row["amount"]).scaleb(-2)
    Refuel.bulk_insert(rows, audit="batch")
    names = [f.column_name for f in Refuel._meta.sorted_fields if f.name != "id"]
    stored = database.execute_sql(
        f'SELECT {", ".join(f"typeof({n}), {n}" for n in names)} FROM refuel ORDER BY id').fetchall()
    assert stored[:count] == stored[count:]
    assert stored[0][names.index("station") * 2:names.index("station") * 2 + 2] == ("text", "O'Neil 加油站")
    assert stored[0][names.index("amount") * 2 + 1] == 30000 and stored[0][names.index("litres") * 2] == "null"
    with pytest.raises(ValueError):
        Refuel.bulk_insert_columns(columns, stored=("station",))  # only columns stored as integers of a unit
    with pytest.raises(ValueError):
        Refuel.bulk_insert_columns(columns, stored=("unit_price2",))


def test_a_listing_reads_its_columns_as_peewee_reads_each_value(database):
    car = Vehicle.create(plate="苏NA1234")
    Refuel.bulk_insert([{"vehicle": car.id, "filled_at": datetime(2025, 3, d, 8, 30, d), "litres": None if d == 2
                         else Decimal("40.00"), "unit_price": None if d == 2 else Decimal("7.50"),
                         "amount": Decimal("300.00"), "odometer": None if d == 3 else 1000 + d, "full_tank": d != 4,
                         "station": "站" * d} for d in range(1, 6)])
    listing = refuel_listing()
    ids = listing.ids()
    got = listing.rows(ids)
    query = listing._base(Refuel.id, *[c.expr for c in listing.columns]).tuples()
    for row in query:
        expected = tuple(c.convert(x) if c.convert else x for c, x in zip(listing.columns, row[1:]))
        assert got[row[0]] == expected
        assert [type(x) for x in got[row[0]]] == [type(x) for x in expected]


# ---------------------------------------------------------------- exporting cells
def test_each_cell_is_written_as_its_class_says(tmp_path):
    row = ["=1+1", "", None, 7, 2.5, Decimal("3.10"), datetime(2025, 3, 5, 8, 30), date(2025, 3, 6), True, False,
           time(8, 30), "  text  "]
    headers = [f"列{i}" for i in range(len(row))]
    path = tmp_path / "out.xlsx"
    assert export_rows(path, "测试", headers, [row, row]) == 2
    sheet = openpyxl.load_workbook(path).active
    cells = list(sheet.iter_rows(min_row=3, max_row=3))[0]
    values = [c.value for c in cells]
    assert values[:5] == ["=1+1", None, None, 7, 2.5] and cells[0].data_type == "s"
    assert values[5] == 3.1 and cells[5].number_format == "#,##0.00"
    assert values[6] == datetime(2025, 3, 5, 8, 30) and cells[6].number_format == "yyyy-mm-dd hh:mm"
    assert values[7] == datetime(2025, 3, 6) and cells[7].number_format == "yyyy-mm-dd"
    assert values[8:10] == ["是", "否"]
    assert math.isclose(values[10].hour * 60 + values[10].minute, 8 * 60 + 30) if isinstance(values[10], time) \
        else math.isclose(values[10], 8.5 / 24)  # a time: the library's own way
    assert values[11] == "  text  "
