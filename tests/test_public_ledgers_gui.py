"""A public ledger dropped on its tab gives in the window what the command line gives."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models.fleet import Refuel
from govoffice_desktop.ui import import_dialog
from govoffice_desktop.ui.import_dialog import PreviewDialog
from govoffice_desktop.ui.main_window import MainWindow
from tests.ledger_fixtures import PUBLIC, needs_public

pytestmark = needs_public


@pytest.fixture
def window(qtbot, small_office, settings_dir, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    w = MainWindow("test.db")
    qtbot.addWidget(w)
    return w


def test_the_public_fuel_statement_imports_through_the_preview(window, monkeypatch):
    seen = []

    def accept(self):
        seen.append(self)
        assert self.import_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreviewDialog, "exec", accept)
    before = Refuel.select().count()
    report = import_dialog.import_file(window, "refuels", str(PUBLIC / "cqussh__加油信息.xls"))
    assert report.imported == 1 and report.created == {"车辆": ["渝AMF053"]}
    assert Refuel.select().count() == before + 1 and len(seen) == 1


def test_a_fuel_card_register_is_refused_in_the_preview_as_on_the_command_line(window, qtbot, monkeypatch):
    path = PUBLIC / "WZCtqs__主副卡导入模板.xls"
    shown = []

    def look(self):
        shown.append([self.errors.item(r, 4).text() for r in range(self.errors.rowCount())])
        assert not self.import_button.isEnabled()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PreviewDialog, "exec", look)
    before = Refuel.select().count()
    assert import_dialog.import_file(window, "refuels", str(path)) is None
    cli_report = import_ledger("refuels", path, dry_run=True)
    assert shown == [[e.message for e in cli_report.errors]] and shown[0][0].startswith("这是油卡登记表")
    assert Refuel.select().count() == before


def test_a_tally_naming_no_period_gets_one_from_the_period_chooser(window, monkeypatch):
    from govoffice_desktop.models.ratings import RaterGroup, Tally
    from govoffice_desktop.models.staff import Person

    for name in ["陈一", "周二", "张三", "李四", "王五", "赵六", "钱七", "孙八", "何九", "顾十"]:
        Person.create(name=name)
    seen = []

    def choose(self):
        seen.append(self)
        if len(seen) == 1:  # no period in the sheet: the window asks for one, 导入 stays off
            assert self.period is not None and not self.import_button.isEnabled()
            self.period.setCurrentText("2025Q4")
            self.direction.setCurrentIndex(self.direction.findData("上评下"))
            self._recheck()
            return QDialog.DialogCode.Rejected
        assert self.import_button.isEnabled() and self.period is None
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreviewDialog, "exec", choose)
    report = import_dialog.import_file(window, "rating-tallies", str(PUBLIC / "xiejava__民主评议表汇总.xlsx"))
    assert report.imported == 10 and len(seen) == 2
    group = RaterGroup.get(RaterGroup.rates == "人员")
    assert group.direction == "上评下" and Tally.select().where(Tally.group == group).count() == 32  # the grades with votes


def test_a_log_of_one_car_gets_its_vehicle_from_the_vehicle_chooser(window, monkeypatch, tmp_path):
    import openpyxl

    from govoffice_desktop.models.fleet import Trip, Vehicle

    wb = openpyxl.Workbook()
    wb.active.append(["出车日期", "驾驶员", "目的地", "行驶里程"])
    wb.active.append(["2026.1.5", "赵刚", "宿城", 120])
    wb.save(tmp_path / "车辆使用明细表.xlsx")
    seen = []

    def choose(self):
        seen.append(self)
        if len(seen) == 1:
            assert self.vehicle is not None and not self.import_button.isEnabled()
            self.vehicle.setCurrentText("苏NZ9999")
            self._recheck()
            return QDialog.DialogCode.Rejected
        assert self.import_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreviewDialog, "exec", choose)
    report = import_dialog.import_file(window, "trips", str(tmp_path / "车辆使用明细表.xlsx"))
    assert report.imported == 1 and report.created["车辆"] == ["苏NZ9999"]
    assert Trip.select().join(Vehicle).where(Vehicle.plate == "苏NZ9999").count() == 1


def test_the_preview_says_what_will_happen_and_offers_import_only_with_rows_to_write(database, qtbot):
    from PySide6.QtWidgets import QLabel

    empty = PreviewDialog(import_ledger("staff", PUBLIC / "wisdom-wf__花名册.xls", dry_run=True))
    qtbot.addWidget(empty)
    assert not empty.errors.isVisible() and not empty.import_button.isEnabled()  # no error, nothing to write
    filled = PreviewDialog(import_ledger("staff", PUBLIC / "fulingwei1__员工花名册模板.validids.xlsx", dry_run=True))
    qtbot.addWidget(filled)
    text = "\n".join(label.text() for label in filled.findChildren(QLabel))
    assert "可导入 3 行" in text and "将新建科室：技术部、生产部、销售部" in text and "未使用的列：工号" in text
    assert filled.import_button.isEnabled()


def test_an_unknown_status_word_is_mapped_once_in_the_preview_and_remembered(window, monkeypatch, tmp_path):
    import openpyxl

    from govoffice_desktop.ledgers.mapping import remembered_words
    from govoffice_desktop.models.staff import Person

    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "人员状态"])
    wb.active.append(["新来甲", "休假"])
    wb.save(tmp_path / "r.xlsx")
    seen = []

    def choose(self):
        seen.append(self)
        if len(seen) == 1:
            box = self.word_boxes[("staff.status", "休假")]
            assert not self.import_button.isEnabled()
            box.setCurrentIndex(box.findData("在岗"))
            self._recheck()
            return QDialog.DialogCode.Rejected
        assert self.import_button.isEnabled() and not self.word_boxes
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreviewDialog, "exec", choose)
    report = import_dialog.import_file(window, "staff", str(tmp_path / "r.xlsx"))
    assert report.imported == 1 and Person.get(Person.name == "新来甲").status == "在岗"
    assert remembered_words("staff.status") == {"休假": "在岗"}
    assert import_ledger("staff", tmp_path / "r.xlsx", dry_run=True).errors == []  # the command line knows it too
