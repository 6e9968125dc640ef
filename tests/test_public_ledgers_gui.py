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
