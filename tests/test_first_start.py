"""The first start of a real office (issue 19 point 3): the wizard on a new database only (never on
the demo, nor on an office already in use), each step skippable, and the office's name heading
every printout and export."""
from __future__ import annotations

import re
import shutil
from datetime import date

import openpyxl
import pytest
from PySide6.QtWidgets import QInputDialog, QTableWidgetItem

from govoffice_desktop import app
from govoffice_desktop.ledgers.export import export_kinds, export_listing, export_ratings
from govoffice_desktop.models import db
from govoffice_desktop.models.fleet import Vehicle
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.staff import Section
from govoffice_desktop.reports import rewards as rewards_document
from govoffice_desktop.reports import supervision as supervision_document
from govoffice_desktop.reports.catalog import DOCUMENTS
from govoffice_desktop.reports.ratings import ballot_sheets
from govoffice_desktop.services import auth, office, ratings, staff
from govoffice_desktop.services.validation import BadValue

AS_OF = date(2026, 11, 30)
DEMO_NAME = "宿迁市人民政府办公室"


@pytest.fixture
def logged_out():
    auth.logout()
    yield
    auth.logout()


# ---------------------------------------------------------------- the rules (services/office.py)
def test_only_a_new_database_needs_the_first_start(database, logged_out):
    assert office.needs_first_start()
    office.set_office_name("某市人民政府办公室")  # a name alone: still new (the wizard put off)
    assert office.needs_first_start()
    staff.add_section("综合科")
    assert not office.needs_first_start()  # an office in use without users is not asked


def test_a_user_or_a_finished_wizard_ends_the_first_start(database, logged_out):
    auth.create_user("admin", "pw-12345", auth.ADMIN)
    assert not office.needs_first_start()


def test_finishing_is_remembered_with_the_standards_confirmation(database, logged_out):
    office.finish_first_start(standards_confirmed=True, today=date(2026, 12, 6))
    assert not office.needs_first_start()
    values = dict(Setting.select(Setting.key, Setting.value).tuples())
    assert values[office.FIRST_START_KEY] == "2026-12-06" and values[office.STANDARDS_KEY] == "2026-12-06"


def test_sections_typed_are_added_all_or_none(database, logged_out):
    assert office.section_names("秘书一科\n综合科，文电科、综合科;；\n  督查室 ") == ["秘书一科", "综合科", "文电科", "督查室"]
    staff.add_section("综合科")
    with pytest.raises(BadValue, match="科室名称不能超过40个字"):
        office.add_sections("秘书一科\n" + "长" * 41)
    assert [s.name for s in Section.select()] == ["综合科"]  # nothing of the refused text
    added = office.add_sections("秘书一科\n综合科\n文电科")
    assert [s.name for s in added] == ["秘书一科", "文电科"]  # 综合科 was there already


def test_vehicles_typed_are_added_all_or_none_naming_the_row(database, logged_out):
    rows = [{"plate": "苏N·A1234", "brand_model": "帕萨特", "fuel_quota": "9.5"}, {"plate": "", "brand_model": "",
                                                                                   "fuel_quota": ""},
            {"plate": "苏NB2345", "brand_model": "", "fuel_quota": "200"}]
    with pytest.raises(BadValue, match="第3行：油耗定额 200"):
        office.add_vehicles(rows)
    assert Vehicle.select().count() == 0
    rows[2]["fuel_quota"] = "11"
    made = office.add_vehicles(rows)
    assert [(v.plate, str(v.fuel_quota)) for v in made] == [("苏NA1234", "9.50"), ("苏NB2345", "11.00")]


def test_the_standards_in_force_are_listed_with_where_to_change_them(database):
    lines = office.standards(date(2026, 12, 6))
    by_item = {(s.group, s.item): s for s in lines}
    assert by_item[("文印标准", "打字速度不低于")].value == "80 字/分"
    assert by_item[("文印标准", "打字速度不低于")].where == "文印管理 → 标准…"
    assert by_item[("车辆", "超过油耗定额多少标红")].value == "10%"
    assert any(s.group.startswith("奖惩规定") and s.item == "违章扣款（每起）" and s.value == "-50.00 元" for s in lines)
    assert any(s.group == "出差值勤标准" and s.item == "（尚未设定）" for s in lines)
    assert all(s.where for s in lines)


# ---------------------------------------------------------------- the wizard
def _wizard(qtbot):
    from govoffice_desktop.ui.first_start import FirstStartWizard

    wizard = FirstStartWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_the_wizard_sets_up_a_new_office(qtbot, database, logged_out):
    w = _wizard(qtbot)
    assert "第1步（共5步）" in w.currentPage().title() and "文件 → 单位名称…" in w.currentPage().subTitle()
    w.office.name.setText("宿迁市人民政府办公室")
    w.next()
    assert w.currentPage() is w.admin and "用户 → 用户管理…" in w.admin.subTitle()
    w.admin.password.setText("s3cret-pw")
    w.admin.again.setText("other")
    w.next()
    assert w.currentPage() is w.admin and "不一样" in w.admin.message.text() and not auth.has_users()
    w.admin.again.setText("s3cret-pw")
    w.next()
    assert auth.current().name == "admin" and auth.current().role == auth.ADMIN
    assert w.currentPage() is w.sections and "科室管理" in w.sections.subTitle()
    w.sections.names.setPlainText("秘书一科\n综合科")
    w.next()
    assert w.currentPage() is w.vehicles and "车辆油耗 → 车辆…" in w.vehicles.subTitle()
    w.vehicles.table.setItem(0, 0, QTableWidgetItem("苏NA1234"))
    w.vehicles.table.setItem(0, 2, QTableWidgetItem("9.5"))
    w.next()
    assert w.currentPage() is w.standards and w.standards.table.rowCount() > 10
    w.back()  # back and forward again: nothing is added twice
    w.back()
    w.next()
    w.next()
    w.standards.confirm.setChecked(True)
    w.accept()
    assert office.office_name() == "宿迁市人民政府办公室"
    assert [s.name for s in Section.select()] == ["秘书一科", "综合科"]
    assert [v.plate for v in Vehicle.select()] == ["苏NA1234"]
    assert not office.needs_first_start()
    assert Setting.get(Setting.key == office.STANDARDS_KEY).value == date.today().isoformat()


def test_every_step_can_be_skipped(qtbot, database, logged_out):
    w = _wizard(qtbot)
    for _ in range(4):
        w.next()
    assert w.currentPage() is w.standards and not w.standards.message.text()
    w.accept()
    assert not auth.has_users() and office.office_name() == office.DEFAULT_OFFICE_NAME
    assert not office.needs_first_start()  # finished: not asked again
    assert not Setting.select().where(Setting.key == office.STANDARDS_KEY).exists()


def test_a_bad_vehicle_keeps_the_page_open_and_says_which_row(qtbot, database, logged_out):
    w = _wizard(qtbot)
    for _ in range(3):
        w.next()
    w.vehicles.table.setItem(1, 0, QTableWidgetItem("苏NA1234"))
    w.vehicles.table.setItem(1, 2, QTableWidgetItem("abc"))
    w.next()
    assert w.currentPage() is w.vehicles and "第2行" in w.vehicles.message.text() and Vehicle.select().count() == 0


def test_the_window_offers_the_wizard_only_on_a_new_database(qtbot, database, logged_out, monkeypatch):
    from govoffice_desktop.ui import first_start, login_dialog

    shown, logins = [], []
    monkeypatch.setattr(first_start, "run", lambda parent=None: shown.append(parent) or True)
    monkeypatch.setattr(login_dialog, "log_in", lambda *a, **k: logins.append(a) or True)
    assert app._start_session(demo=True, fresh=True) and shown == []  # the demo: never
    assert app._start_session(demo=False, fresh=True) and len(shown) == 1
    staff.add_section("综合科")  # an office in use (no users): neither wizard nor login
    assert app._start_session(demo=False, fresh=False) and len(shown) == 1 and logins == []
    auth.login_as(auth.create_user("admin", "pw-12345", auth.ADMIN))
    auth.logout()
    monkeypatch.delenv("GOVOFFICE_USER", raising=False)
    assert app._start_session(demo=False, fresh=False) and len(shown) == 1 and len(logins) == 1


def test_the_office_name_is_changed_from_the_file_menu(qtbot, small_office, settings_dir, logged_out, monkeypatch):
    from govoffice_desktop.ui.main_window import MainWindow

    window = MainWindow("test.db")
    qtbot.addWidget(window)
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if a.text().startswith("单位名称")]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("泗洪县人民政府办公室", True))
    action.trigger()
    assert office.office_name() == "泗洪县人民政府办公室"
    assert "泗洪县人民政府办公室人员花名册" in DOCUMENTS["roster"].build(AS_OF).html()


# ---------------------------------------------------------------- the office's name heads every printout
@pytest.fixture
def demo_office(demo_file, tmp_path):
    """The demo office, a copy of its own for each test."""
    copy = tmp_path / "office.db"
    shutil.copy(demo_file, copy)
    db.open_database(copy)
    auth.authenticate("admin", "demo")
    yield
    auth.logout()
    db.close_database()


def test_every_printable_document_is_headed_by_the_office(demo_office):
    assert office.office_name() == DEMO_NAME  # the demo names its office
    for name, printable in DOCUMENTS.items():
        html = printable.build(AS_OF).html()
        text = re.sub(r"<[^>]+>", "\n", html.split("<body", 1)[1])  # the text as printed, line by line
        first_lines = [line for line in text.splitlines() if line.strip()][:4]
        assert any(DEMO_NAME in line for line in first_lines), (name, first_lines)  # the letterhead
    period = ratings.latest_period(AS_OF)
    group = ratings.groups_of(period, "下评上")[0]
    sheet = ballot_sheets(group, [1])
    assert f"{DEMO_NAME}科室工作评议表" in sheet.title and f"请对{DEMO_NAME}各科室" in sheet.html()
    office.set_office_name("沭阳县人民政府办公室")
    assert "沭阳县人民政府办公室人员花名册" in DOCUMENTS["roster"].build(AS_OF).html()
    assert "沭阳县人民政府办公室" in DOCUMENTS["three-books"].build(AS_OF).html()


def test_every_export_title_row_is_headed_by_the_office(demo_office, tmp_path):
    for kind, (title, factory) in export_kinds().items():
        listing = factory()
        path = tmp_path / f"{kind}.xlsx"
        export_listing(path, title, listing, listing.ids("")[:5])
        assert openpyxl.load_workbook(path).active["A1"].value == f"{DEMO_NAME}　{title}", kind
    export_ratings(tmp_path / "r.xlsx", ratings.latest_period(AS_OF))
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").active["A1"].value.startswith(f"{DEMO_NAME}　")
    rewards_document.export_bonus_sheet(tmp_path / "b.xlsx", 2026, 10)
    supervision_document.export_monthly_report(tmp_path / "s.xlsx", 2026, 10)
    for book in ("b.xlsx", "s.xlsx"):
        for sheet in openpyxl.load_workbook(tmp_path / book).worksheets:
            assert sheet["A1"].value.startswith(f"{DEMO_NAME}　"), (book, sheet.title)


def test_a_new_database_made_from_the_file_menu_offers_the_wizard(qtbot, small_office, settings_dir, tmp_path,
                                                                   logged_out, monkeypatch):
    from govoffice_desktop.ui import first_start, instance_lock
    from govoffice_desktop.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(first_start, "run", lambda parent=None: shown.append(parent) or True)
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    window._switch_database(str(tmp_path / "new" / "govoffice.db"))
    window.auto_backup.thread.join(20)
    assert shown == [window]
    instance_lock.release(window.instance_lock)
