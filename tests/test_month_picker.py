"""One month picker, opening on the last month with data (issue 21, point 4).

Before: 月度考核与专报, 奖金核算表, 奖惩台账 and 财务管理 chose the month in a combo, 物品管理, 文印月度考核
and 车辆月度奖惩 in a pair of spin boxes (年, 月), and they opened on four different months (the
latest month over with checks, the month before today, today's month, a month passed in).  Now
every one is a ui/month_picker.MonthPicker, and each opens on services/month_choice's default for
its domain: the last month with data up to today's month, else the month just ended."""
from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from govoffice_desktop.models import db
from govoffice_desktop.services import auth, month_choice
from govoffice_desktop.ui.month_picker import MonthPicker
from tests import form_catalogue as catalogue
from tests.test_status_bar import demo_window, pages_of  # noqa: F401 - demo_window is a fixture

MONTH_ITEM = re.compile(r"^\d{4}年\d{1,2}月")


def month_choosers_besides_pickers(root: QWidget) -> list[str]:
    """The widgets under ``root`` that choose a month without being a MonthPicker: a combo listing
    months (2026年11月…), a spin box of months (1…12, or written 月)."""
    found = []
    for combo in root.findChildren(QComboBox):
        if not isinstance(combo.parentWidget(), MonthPicker) and any(
                MONTH_ITEM.match(combo.itemText(i)) for i in range(combo.count())):
            found.append(f"combo {combo.objectName()!r}: {combo.itemText(0)}")
    for spin in root.findChildren(QSpinBox):
        if spin.suffix().strip() == "月" or (spin.minimum(), spin.maximum()) == (1, 12):
            found.append(f"spin box {spin.objectName()!r} ({spin.minimum()}…{spin.maximum()}{spin.suffix()})")
    return found


# ---------------------------------------------------------------- the default (Qt-free)
def test_the_default_is_the_last_month_with_data_up_to_todays_month():
    today = date(2026, 12, 6)
    assert month_choice.default_of([(2026, 9), (2026, 11), (2025, 12)], today) == (2026, 11)
    assert month_choice.default_of([(2026, 12), (2026, 11)], today) == (2026, 12)  # this month has data
    # data dated later (a deadline, a plan) is not what a page opens on
    assert month_choice.default_of([(2027, 1), (2026, 10)], today) == (2026, 10)
    # no data: the month just ended, the one to close (January: December of the year before)
    assert month_choice.default_of([], today) == (2026, 11)
    assert month_choice.default_of([], date(2027, 1, 15)) == (2026, 12)


def test_a_page_that_closes_a_month_opens_on_the_last_month_with_data_that_is_over():
    today = date(2026, 12, 6)
    assert month_choice.default_of([(2026, 12), (2026, 11)], today, ended=True) == (2026, 11)  # December is not over
    assert month_choice.default_of([(2026, 12), (2026, 9)], today, ended=True) == (2026, 9)
    assert month_choice.default_of([(2026, 12)], today, ended=True) == (2026, 11)  # none over: the month just ended


def test_the_picker_offers_every_month_from_the_first_with_data_to_today_newest_first():
    today = date(2026, 12, 6)
    assert month_choice.span([(2026, 9)], today) == [(2026, 12), (2026, 11), (2026, 10), (2026, 9)]
    assert month_choice.span([(2025, 11), (2026, 1)], date(2026, 1, 3)) == [(2026, 1), (2025, 12), (2025, 11)]
    assert month_choice.span([(2027, 2)], today) == [(2027, 2), (2027, 1), (2026, 12), (2026, 11)]
    assert month_choice.span([], today) == [(2026, 12), (2026, 11)]  # the month just ended is always there


@pytest.fixture
def demo_db(demo_file, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    db.open_database(path)
    yield
    db.close_database()


def test_each_domains_months_are_the_months_of_its_records(demo_db):
    from govoffice_desktop.models.fleet import Incident, Trip
    from govoffice_desktop.models.rewards import BonusMonth, FinanceFinding, GoodsMovement, RewardPenalty
    from govoffice_desktop.models.supervision import DailyCheck
    from govoffice_desktop.models.typing_pool import TypingLog
    from govoffice_desktop.models.documents import IncomingDocument

    if not IncomingDocument.select().exists():  # until the demo holds its year of 收文 (services/demo/documents.py)
        for serial, day in enumerate((date(2026, 3, 9), date(2026, 10, 12)), 1):
            IncomingDocument.create(year=2026, serial=serial, received_on=day, source_unit="市政府办公室", title="通知")

    def months_of(*fields):
        out = set()
        for field in fields:
            out |= {(d.year, d.month) for d in (field.adapt(v) for (v,) in field.model.select(field).tuples())}
        return out

    expected = {"typing": months_of(TypingLog.typed_on), "fleet": months_of(Trip.trip_date, Incident.occurred_on),
                "supervision": months_of(DailyCheck.checked_on),
                "bonus": months_of(RewardPenalty.entry_date) | {(b.year, b.month) for b in BonusMonth.select()},
                "finance": months_of(FinanceFinding.found_on), "goods": months_of(GoodsMovement.moved_on),
                "documents": months_of(IncomingDocument.received_on)}
    assert set(expected) == set(month_choice.DOMAINS)
    as_of = catalogue.AS_OF
    for domain, months in expected.items():
        assert months, domain  # the demo has data in every domain
        assert month_choice.data_months(domain) == sorted(months, reverse=True), domain
        assert month_choice.default_month(domain, as_of) == max(m for m in months if m <= (as_of.year, as_of.month))


# ---------------------------------------------------------------- the widget
def test_the_picker_steps_with_its_buttons_and_page_up_down(qtbot):
    picker = MonthPicker(None, "typing")
    qtbot.addWidget(picker)
    picker.set_months([(2027, 1), (2026, 12), (2026, 11)], (2026, 12), {(2026, 11): "（已定稿）"})
    assert [picker.combo.itemText(i) for i in range(3)] == ["2027年1月", "2026年12月", "2026年11月（已定稿）"]
    assert picker.month() == (2026, 12)
    seen = []
    picker.month_changed.connect(lambda y, m: seen.append((y, m)))
    picker.older.click()
    assert picker.month() == (2026, 11) and not picker.older.isEnabled() and picker.newer.isEnabled()
    picker.older.click()  # the first month offered: it stays
    qtbot.keyClick(picker.combo, Qt.Key.Key_PageUp)  # a month later
    qtbot.keyClick(picker.combo, Qt.Key.Key_PageUp)
    assert picker.month() == (2027, 1) and not picker.newer.isEnabled()
    qtbot.keyClick(picker.combo, Qt.Key.Key_PageDown)  # a month earlier
    assert seen == [(2026, 11), (2026, 12), (2027, 1), (2026, 12)]
    assert picker.set_month(2026, 11) and not picker.set_month(2020, 1)
    assert picker.month() == (2026, 11)
    assert picker.older.focusPolicy() == Qt.FocusPolicy.NoFocus  # Tab goes to the list, the keys step


def test_a_filter_picker_opens_on_every_month(qtbot):
    picker = MonthPicker(None, "bonus", all_text="全部")
    qtbot.addWidget(picker)
    picker.set_months([(2026, 12), (2026, 11)], (2026, 11))
    assert picker.combo.currentText() == "全部" and picker.month() is None
    qtbot.keyClick(picker.combo, Qt.Key.Key_PageDown)
    assert picker.month() == (2026, 12)


# ---------------------------------------------------------------- every month chooser of the window
def test_every_page_chooses_its_month_with_the_one_picker_on_its_default(demo_window, qtbot):
    window = demo_window("admin")
    for name, _tab, page in pages_of(window):
        qtbot.wait(1)
        assert month_choosers_besides_pickers(page) == [], name
    assert month_choosers_besides_pickers(window) == []
    pickers = window.findChildren(MonthPicker)
    where = {}
    for picker in pickers:
        page = picker.parentWidget()
        while not hasattr(page, "tab"):
            page = page.parentWidget()
        where[type(page).__name__] = picker
        expected = month_choice.default_month(picker.domain, page.tab.day())
        assert picker.default == expected, type(page).__name__
        if picker.all_text:  # 奖惩台账's filter opens on every month, offering the same months
            assert picker.month() is None and picker.combo.currentText() == "全部"
        else:
            assert picker.month() == expected, type(page).__name__
            assert picker.currentText().startswith(f"{expected[0]}年{expected[1]}月")
    assert {k: p.domain for k, p in where.items()} == {
        "MonthPage": "supervision", "SheetPage": "bonus", "LedgerPage": "bonus", "FinancePage": "finance",
        "GoodsPage": "goods", "DocumentSpeedPage": "documents"}
    # the pages read their month from the picker
    rewards = window.pages["rewards"]
    assert rewards.sheet_page.period() == where["SheetPage"].month()
    assert window.pages["supervision"].month.period() == where["MonthPage"].month()


@pytest.fixture
def office(demo_file, tmp_path, qapp, settings_dir):
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db.open_database(path)
    auth.authenticate("admin", "demo")
    yield catalogue.Office().load()
    auth.logout()
    db.close_database()


def test_every_dialog_chooses_its_month_with_the_one_picker_on_its_default(qtbot, office):
    asked = {"typing_dialogs.MonthAssessmentDialog": (2026, 10)}  # opened on a month passed in
    seen = {}
    for name, key, opener in catalogue.opened(office):
        dialog = opener()
        qtbot.addWidget(dialog)
        assert month_choosers_besides_pickers(dialog) == [], name
        for picker in dialog.findChildren(MonthPicker):
            seen[key] = picker.domain
            assert picker.ended  # both close a month: they open on one that is over
            assert picker.default == month_choice.default_month(picker.domain, catalogue.AS_OF, ended=True), name
            assert picker.month() == asked.get(key, picker.default), name
        dialog.close()
        dialog.deleteLater()
    assert seen == {"fleet_dialogs.FleetMonthDialog": "fleet", "typing_dialogs.MonthAssessmentDialog": "typing"}
