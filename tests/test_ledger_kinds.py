"""The ledger kinds' contract (``LedgerKind``): hooks that do nothing unless a kind overrides
them, a fresh instance per import, the permission on the class, and errors under the column that
``BadValue.field`` names."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.ledgers.kinds import KINDS, LedgerKind
from govoffice_desktop.ledgers.kinds_staff import StaffKind
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisionTarget
from govoffice_desktop.services import auth
from govoffice_desktop.services import supervision as sv
from govoffice_desktop.services.fleet import complete_amounts
from govoffice_desktop.services.validation import BadValue, person_dates_error, person_dates_problem


def _book(path, header, rows):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sheet")
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _names(count: int, first: str) -> list[str]:
    return [first + chr(0x4E00 + i // 200) + chr(0x4E00 + i % 200) for i in range(count)]


# ---------------------------------------------------------------- a fresh instance per import
def test_each_import_has_a_fresh_kind_that_remembers_nothing_of_the_last(database, tmp_path, monkeypatch):
    seen = []
    begin = StaffKind.begin

    def recording(self, **options):
        seen.append((self, dict(vars(self))))  # what the instance held before this import began
        begin(self, **options)

    monkeypatch.setattr(StaffKind, "begin", recording)
    path = _book(tmp_path / "roster.xlsx", ["姓名", "身份证号"], [["张伟", "110105********002X"]])
    first = import_ledger("staff", path)
    second = import_ledger("staff", path, dry_run=True)
    assert first.imported == 1 and second.duplicates == 1
    (one, held_first), (two, held_second) = seen
    assert one is not two
    assert held_first == {} and held_second == {}  # no masked count, ID numbers or sections carried over


def test_an_import_run_inside_another_leaves_the_first_ones_counts_alone(database, tmp_path):
    """A preview started while another import checks its rows (the window's worker, a second
    window) has its own kind: neither resets the other's count of masked ID numbers."""
    big = _book(tmp_path / "big.xlsx", ["姓名", "身份证号"], [[n, "110105********002X"] for n in _names(2010, "甲")])
    small = _book(tmp_path / "small.xlsx", ["姓名", "身份证号"], [["乙一", "110105********002X"], ["乙二", None]])
    inner = []

    def progress(percent, text):
        if not inner:  # at the 2,000th row of the big roster
            inner.append(import_ledger("staff", small, dry_run=True))
        return True

    outer = import_ledger("staff", big, dry_run=True, progress=progress)
    assert len(inner) == 1 and outer.valid == 2010
    assert any(n.startswith("2010 行的身份证号是打码的") for n in outer.notices), outer.notices
    assert any(n.startswith("1 行的身份证号是打码的") for n in inner[0].notices), inner[0].notices


def test_the_kinds_are_classes_with_a_permission_each():
    assert set(KINDS) == {"staff", "refuels", "trips", "incidents", "typing", "speed-tests", "rating-tallies",
                          "checks", "tasks", "incoming", "outgoing"}
    for name, kind in KINDS.items():
        assert isinstance(kind, type) and issubclass(kind, LedgerKind) and kind.name == name
        assert kind.permission in auth.PERMISSIONS


def test_the_permission_asked_is_the_kinds_own(database, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(auth, "require", lambda permission, section=None: asked.append(permission))
    path = _book(tmp_path / "roster.xlsx", ["姓名"], [["张伟"]])
    monkeypatch.setattr(StaffKind, "permission", "users.manage")
    import_ledger("staff", path, dry_run=True)
    assert asked == ["users.manage"]


def test_a_user_not_allowed_the_kinds_permission_is_refused_before_the_file_is_read(database, tmp_path):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    leader = auth.create_user("leader", "leader-pw", "领导")
    auth.login_as(leader)
    try:
        with pytest.raises(auth.PermissionDenied):
            import_ledger("staff", tmp_path / "not-there.xlsx")
    finally:
        auth.login_as(None)


# ---------------------------------------------------------------- the hooks' defaults
class Minimal(LedgerKind):
    name = "minimal"
    permission = "staff.edit"


def test_the_hooks_do_nothing_unless_a_kind_overrides_them():
    kind = Minimal()
    assert kind.parsers == {} and kind.required == {} and kind.dates == {} and kind.model is None
    assert kind.begin() is None and kind.begin(period="2025Q1") is None
    assert kind.begin_sheet(object(), object()) is None and kind.needs() == []
    assert kind.use_columns({"amount": 0}) is None
    record = {"a": 1}
    assert kind.check(record, lambda name, message: pytest.fail(message)) is record
    assert kind.cross_check([record]) == [] and kind.notices() == [] and kind.duplicate_notice([record]) is None
    for must in (lambda: kind.key(record), kind.existing_keys, lambda: kind.write([record], None)):
        with pytest.raises(NotImplementedError):
            must()


def test_a_kind_without_a_name_or_permission_is_refused_when_defined():
    with pytest.raises(TypeError):
        class NoPermission(LedgerKind):  # noqa: F841
            name = "x"
    with pytest.raises(TypeError):
        class NoName(LedgerKind):  # noqa: F841
            permission = "staff.edit"


# ---------------------------------------------------------------- BadValue.field
def test_bad_value_carries_its_field_when_the_validator_knows_it():
    assert BadValue("不对").field is None and str(BadValue("不对")) == "不对"
    assert BadValue("不对", field="amount").field == "amount"
    with pytest.raises(BadValue) as refused:
        complete_amounts(Decimal("40"), Decimal("7.5"), Decimal("999"))
    assert refused.value.field == "amount"
    with pytest.raises(BadValue) as refused:
        complete_amounts(Decimal("40"), Decimal("-1"), None)
    assert refused.value.field == "unit_price"
    error = person_dates_error(date(1990, 1, 1), None, date(2000, 1, 1))
    assert error.field == "joined_on" and person_dates_problem(date(1990, 1, 1), None, date(2000, 1, 1)) == str(error)
    assert person_dates_error(date(1990, 1, 1), "110105199003070023", None).field == "birth"


CHECK_HEADER = ["检查日期", "被督查科室", "督查项目", "是否达标", "扣分", "加分", "存在问题"]


def test_a_checks_error_is_shown_under_the_column_its_field_names(database, tmp_path):
    Section.create(name="秘书一科", sort_order=1)
    for name, pts in (("按时到岗", "1"), ("办公秩序", "2")):
        sv.save_target({"year": 2025, "kind": "共性目标", "name": name, "points": pts})
    SupervisionTarget.update_where({SupervisionTarget.active: False}, SupervisionTarget.name == "办公秩序")
    rows = [["2025.11.3", "秘书一科", "办公秩序", "√", None, None, None],  # a target no longer used
            ["2025.11.3", "秘书一科", "按时到岗", "√", None, "-1", None],  # a negative bonus
            ["2025.11.4", "秘书一科", "按时到岗", "×", None, None, None]]  # missed without a remark
    report = import_ledger("checks", _book(tmp_path / "checks.xlsx", CHECK_HEADER, rows))
    assert report.refused and DailyCheck.select().count() == 0
    got = {e.row: (e.column, e.value) for e in report.errors}
    assert got[2] == ("督查项目", "办公秩序") and "已停用" in report.errors[0].message
    assert got[3] == ("加分", "-1")
    assert got[4] == ("存在问题", "")


def test_a_refuels_amounts_error_is_shown_under_its_field(database, tmp_path):
    rows = [["苏NA1234", "2025-3-1", 40, 7.5, 999], ["苏NA1234", "2025-3-2", 40, -7.5, None]]
    report = import_ledger("refuels", _book(tmp_path / "f.xlsx", ["车牌号", "加油日期", "加油量", "单价", "金额"], rows))
    assert [(e.row, e.column) for e in report.errors] == [(2, "金额"), (3, "单价")]


def test_a_rule_raising_bad_value_refuses_the_row_under_its_field(database, tmp_path, monkeypatch):
    def check(self, rec, note):
        raise BadValue("出生年月对不上", field="birth")

    monkeypatch.setattr(StaffKind, "check", check)
    report = import_ledger("staff", _book(tmp_path / "r.xlsx", ["姓名", "出生年月"], [["张伟", "1990.01"]]))
    assert report.refused and Person.select().count() == 0
    assert [(e.row, e.column, e.value, e.message) for e in report.errors] == [(2, "出生年月", "1990.01", "出生年月对不上")]


def test_a_tally_without_its_quarter_asks_for_the_period_and_the_next_import_takes_the_one_given(database, tmp_path):
    Section.create(name="秘书一科", sort_order=1)
    path = _book(tmp_path / "评议.xlsx", ["科室", "好", "较好", "一般", "差"], [["秘书一科", 10, 5, 1, 0]])
    asked = import_ledger("rating-tallies", path, dry_run=True)
    assert asked.needs == ["period"] and "看不出这张表是哪个季度的" in asked.errors[0].message
    given = import_ledger("rating-tallies", path, options={"period": "2025Q1"})
    assert given.needs == [] and given.errors == [] and given.imported == 1
    again = import_ledger("rating-tallies", path, dry_run=True)  # the last import's period is not kept
    assert again.needs == ["period"]
