"""Import and export through the window: file in, check, preview, import; table out to Excel."""
from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.ui import import_dialog
from govoffice_desktop.ui.import_dialog import PreviewDialog
from govoffice_desktop.ui.main_window import MainWindow
from tests.ledger_fixtures import messy_fuel_ledger


@pytest.fixture
def window(qtbot, small_office, settings_dir, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    w = MainWindow("test.db")
    qtbot.addWidget(w)
    return w


def test_export_writes_what_the_table_shows(window, tmp_path, monkeypatch):
    page = window.pages["fleet"]
    page.search.setText("刘洋")
    page.apply_search()
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_table()
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A1"].value == "市人民政府办公室　加油记录（筛选：刘洋）"  # headed by the office (issue 19)
    assert sheet.max_row == 2 + page.model.rowCount() == 32


def test_a_clean_ledger_imports_through_the_preview(window, tmp_path, monkeypatch):
    monkeypatch.setattr(PreviewDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    before = window.pages["fleet"].model.rowCount()
    report = import_dialog.import_file(window, "refuels", str(messy_fuel_ledger(tmp_path / "f.xlsx")))
    assert report.imported == 3
    window.tabs.setCurrentWidget(window.pages["fleet"])  # the change bus marked the hidden tab stale
    assert window.pages["fleet"].model.rowCount() == before + 3


def test_a_ledger_with_errors_cannot_be_imported_unless_the_valid_rows_are_chosen(database, qtbot, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["车牌号", "加油日期", "加油量", "金额"])
    wb.active.append(["苏NA1234", "2025-3-1", 40, 300])
    wb.active.append(["苏NA1234", "三月", 40, 300])
    wb.save(tmp_path / "f.xlsx")
    report = import_ledger("refuels", tmp_path / "f.xlsx", dry_run=True)
    dialog = PreviewDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.errors.rowCount() == 1 and dialog.errors.item(0, 1).text() == "3"
    assert not dialog.import_button.isEnabled()
    assert dialog.sample.rowCount() == 2 and dialog.sample.verticalHeaderItem(1).text() == "3"
    bad = dialog.sample.item(1, 1)
    assert bad.text() == "三月" and "日期" in bad.toolTip()  # the bad cell, marked where it stands
    assert dialog.sample.item(0, 1).toolTip() == ""
    assert dialog.sample.horizontalHeaderItem(0).text() == "车牌号\n→ 车牌号"
    dialog.keep_valid.setChecked(True)
    assert dialog.import_button.isEnabled()


def test_cancelling_the_preview_writes_nothing(window, tmp_path, monkeypatch):
    monkeypatch.setattr(PreviewDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    from govoffice_desktop.models.fleet import Refuel

    before = Refuel.select().count()
    assert import_dialog.import_file(window, "refuels", str(messy_fuel_ledger(tmp_path / "f.xlsx"))) is None
    assert Refuel.select().count() == before


def odd_ledger(path):
    wb = openpyxl.Workbook()
    wb.active.append(["牌照", "日子", "加油量", "金额"])  # names the synonym table does not know
    wb.active.append(["苏NA1234", "2025-3-1", 40, 300])
    wb.save(path)
    return path


def test_an_unknown_header_is_mapped_by_the_user_and_remembered(window, tmp_path, monkeypatch):
    from govoffice_desktop.ledgers.mapping import remembered
    from govoffice_desktop.ui.mapping_dialog import MappingDialog

    calls = []

    def preview_exec(self):
        calls.append(self)
        if len(calls) == 1:  # the first check finds no plate or date column
            assert not self.import_button.isEnabled()
            self.mapping_button.click()
            return QDialog.DialogCode.Rejected
        return QDialog.DialogCode.Accepted

    def mapping_exec(self):
        assert not self.buttons.button(self.buttons.StandardButton.Ok).isEnabled()  # plate, date missing
        self.combos["plate"].setCurrentIndex(self.combos["plate"].findData(0))
        self.combos["filled_at"].setCurrentIndex(self.combos["filled_at"].findData(1))
        assert self.buttons.button(self.buttons.StandardButton.Ok).isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreviewDialog, "exec", preview_exec)
    monkeypatch.setattr(MappingDialog, "exec", mapping_exec)
    path = odd_ledger(tmp_path / "odd.xlsx")
    report = import_dialog.import_file(window, "refuels", str(path))
    assert report.imported == 1 and len(calls) == 2
    assert remembered("refuels", ["牌照", "日子", "加油量", "金额"]) == {"plate": 0, "filled_at": 1, "litres": 2,
                                                                        "amount": 3}
    # The next ledger with the same header needs no question.
    path2 = tmp_path / "odd2.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["牌照", "日子", "加油量", "金额"])
    wb.active.append(["苏NB2345", "2025-3-2", 30, 225])
    wb.save(path2)
    assert import_ledger("refuels", path2).imported == 1
