"""The window's save dialogs: a path that is the database, a backup or the file being read is
refused with the reason in a message box, and nothing is written (services/outputs.py)."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from govoffice_desktop.models import db


@pytest.fixture
def said(monkeypatch):
    """QMessageBox.warning and .information captured: a list of texts."""
    texts = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: texts.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: texts.append(text))
    return texts


def answer(monkeypatch, path) -> list:
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or (str(path), ""))
    return asked


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def intact(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def test_a_pdf_save_dialog_answered_with_the_database_writes_nothing(qtbot, tmp_path, monkeypatch, said):
    from govoffice_desktop.models.staff import Section
    from govoffice_desktop.ui import printing

    path = tmp_path / "办公.pdf"  # a database may have any name; the dialog's answer is this very file
    db.open_database(path)
    try:
        Section.create(name="综合科")
        asked = answer(monkeypatch, path)
        assert printing.ask_and_save_pdf(None, "<p>花名册</p>", "花名册") is None
        assert asked and said and "数据库文件自身" in said[-1] and str(path) in said[-1]
        assert [s.name for s in Section.select()] == ["综合科"]
    finally:
        db.close_database()
    assert intact(path) and path.read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in tmp_path.iterdir() if ".part" in p.name) == []


def test_the_backup_dialog_answered_with_the_database_or_its_wal_is_refused(qtbot, settings_dir, small_office,
                                                                           tmp_path, monkeypatch, said):
    from govoffice_desktop.ui.main_window import MainWindow

    path = db.sqlite_file().resolve()
    window = MainWindow(str(path))
    qtbot.addWidget(window)
    for target, words in ((path, "数据库文件自身"), (path.with_name(path.name + "-wal"), "预写日志")):
        answer(monkeypatch, target)
        assert window.backup_database() is None
        assert words in said[-1]
    assert intact(path) and not list((path.parent / "backups").glob("*.db"))


def test_an_excel_export_into_the_backups_folder_is_refused(qtbot, settings_dir, small_office, tmp_path,
                                                            monkeypatch, said):
    from govoffice_desktop.ui.main_window import MainWindow

    path = db.sqlite_file().resolve()
    (path.parent / "backups").mkdir()
    target = path.parent / "backups" / "加油记录.xlsx"
    window = MainWindow(str(path))
    qtbot.addWidget(window)
    answer(monkeypatch, target)
    window.pages["fleet"].export_table()
    assert "备份文件夹" in said[-1] and not target.exists()


def test_the_rejects_dialog_answered_with_the_ledger_itself_is_refused(qtbot, settings_dir, small_office, tmp_path,
                                                                       monkeypatch, said):
    from govoffice_desktop.models.fleet import Refuel
    from govoffice_desktop.ui import import_dialog
    from govoffice_desktop.ui.import_dialog import PreviewDialog

    ledger = tmp_path / "加油.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["车牌号", "加油日期", "加油量", "金额"])
    book.active.append(["苏NA1234", "2025-3-1", 40, 300])
    book.active.append(["苏NA1234", "三月", 40, 300])
    book.save(ledger)
    before, refuels = digest(ledger), Refuel.select().count()

    def accept_keeping_valid(self):
        self.keep_valid.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreviewDialog, "exec", accept_keeping_valid)
    answer(monkeypatch, ledger)
    assert import_dialog.import_file(None, "refuels", str(ledger)) is None
    assert "正在读取的文件" in said[-1]
    assert digest(ledger) == before and Refuel.select().count() == refuels


def test_a_suffix_added_to_an_existing_name_asks_before_replacing(qtbot, tmp_path, monkeypatch, said):
    from govoffice_desktop.services import outputs
    from govoffice_desktop.ui.forms import ask_save_path

    (tmp_path / "报表.xlsx").write_bytes(b"keep")
    answer(monkeypatch, tmp_path / "报表")  # the dialog asked about 报表, not 报表.xlsx
    questions = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a: questions.append(text) or QMessageBox.StandardButton.No)
    assert ask_save_path(None, "导出", "", "", outputs.XLSX) is None
    assert "已经存在" in questions[0] and (tmp_path / "报表.xlsx").read_bytes() == b"keep"
