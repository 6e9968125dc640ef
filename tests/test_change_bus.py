"""The change bus (ui/bus.py): a write through the window is said once, and every tab that shows
one of the tables it wrote reloads — at once when shown, once when next shown — without F5."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from govoffice_desktop.models.base import collect_changes
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.staff import Section
from govoffice_desktop.services import auth, fleet, staff
from govoffice_desktop.ui import bus as change_bus
from govoffice_desktop.ui.fleet_dialogs import FleetMonthDialog
from govoffice_desktop.ui.forms import call_service, guard, set_enabled
from govoffice_desktop.ui.main_window import MainWindow
from govoffice_desktop.ui.worker import run_with_progress

TODAY = date.today()
REFUEL = {"filled_at": datetime.combine(TODAY, time(0, 1)), "litres": "40", "amount": "300", "full_tank": True}


def previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


@pytest.fixture
def fleet_office(database):
    section = staff.add_section("行政科")
    driver = staff.save_person({"name": "刘洋", "section": section, "post": "驾驶员", "is_driver": True,
                                "joined_on": date(2010, 3, 1)})
    car = fleet.save_vehicle({"plate": "苏N·A1234", "brand_model": "大众帕萨特", "fuel_quota": "10",
                              "driver": driver})
    year, month = previous_month(TODAY)
    fleet.record_incident({"vehicle": car, "driver": driver, "occurred_on": date(year, month, 5),
                           "kind": "违章", "description": "超速"})
    return driver, car


@pytest.fixture
def window(qtbot, fleet_office, settings_dir, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"refused: {a[2]}"))
    w = MainWindow("test.db")
    qtbot.addWidget(w)
    w.resize(1400, 860)
    w.show()
    return w


@pytest.fixture
def heard():
    """Every data_changed the bus says, in order."""
    said = []
    change_bus.bus().data_changed.connect(said.append)
    return said


def ledger_rows(rewards_tab) -> list[list[str]]:
    model = rewards_tab.ledger.list.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def close_fleet_month(window, monkeypatch) -> None:
    """结账 in 车辆油耗's 月度奖惩 panel, as the user does."""
    def panel(dialog: FleetMonthDialog):
        assert dialog.table.rowCount() == 1 and dialog.close_button.isEnabled()
        dialog.close_button.click()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(FleetMonthDialog, "exec", panel)
    window.tabs.setCurrentWidget(window.pages["fleet"])
    window.pages["fleet"].action_buttons["月度奖惩…"].click()


# ---------------------------------------------------------------- the case
def test_closing_a_fleet_month_shows_its_entries_on_rewards_without_f5(qtbot, window, monkeypatch, heard):
    rewards_tab = window.pages["rewards"]
    window.tabs.setCurrentWidget(rewards_tab)
    rewards_tab.pages.setCurrentWidget(rewards_tab.ledger)
    assert ledger_rows(rewards_tab) == []  # loaded, and nothing to show yet

    close_fleet_month(window, monkeypatch)
    assert RewardPenalty.select().count() == 1
    assert len(heard) == 1 and {"reward_penalty", "month_close"} <= heard[0]

    window.tabs.setCurrentWidget(rewards_tab)  # no F5
    rows = ledger_rows(rewards_tab)
    assert len(rows) == 1 and "刘洋" in rows[0] and "-50.00" in rows[0]
    year, month = previous_month(TODAY)
    rewards_tab.pages.setCurrentWidget(rewards_tab.sheet_page)
    assert rewards_tab.sheet_page.choose_month(year, month)
    line = rewards_tab.sheet_page.line_item("刘洋")
    assert line is not None and "-50.00" in [line.text(c) for c in range(rewards_tab.sheet_page.tree.columnCount())]


# ---------------------------------------------------------------- stale, reloaded once, or left alone
def test_a_hidden_tab_a_change_touches_reloads_once_when_shown(qtbot, window, monkeypatch):
    rewards_tab, ratings_tab = window.pages["rewards"], window.pages["ratings"]
    window.tabs.setCurrentWidget(window.pages["fleet"])
    reloads = []
    monkeypatch.setattr(rewards_tab, "refresh", lambda: reloads.append("rewards"))
    monkeypatch.setattr(rewards_tab.watch, "reload", rewards_tab.refresh)

    close_fleet_month(window, monkeypatch)
    assert reloads == [] and rewards_tab.watch.stale  # hidden: only marked
    window.tabs.setCurrentWidget(rewards_tab)
    assert reloads == ["rewards"] and not rewards_tab.watch.stale
    window.tabs.setCurrentWidget(window.pages["fleet"])
    window.tabs.setCurrentWidget(rewards_tab)
    assert reloads == ["rewards"]  # once: nothing changed since
    assert not ratings_tab.watch.stale  # 季度评议 shows none of those tables


def test_a_change_to_a_table_a_tab_does_not_show_leaves_it_alone(qtbot, window, database):
    ratings_tab, fleet_tab = window.pages["ratings"], window.pages["fleet"]
    window.tabs.setCurrentWidget(ratings_tab)
    before = ratings_tab.watch.reloads, fleet_tab.watch.reloads
    assert call_service(window, fleet.record_refuel, {**REFUEL, "vehicle": fleet.vehicles()[0]})[0]
    assert ratings_tab.watch.reloads == before[0] and not ratings_tab.watch.stale  # shown, but not its tables
    assert fleet_tab.watch.stale and fleet_tab.watch.reloads == before[1]
    window.tabs.setCurrentWidget(fleet_tab)
    assert fleet_tab.watch.reloads == before[1] + 1 and fleet_tab.model.rowCount() == 1


def test_the_visible_tab_reloads_at_once(qtbot, window):
    fleet_tab = window.pages["fleet"]
    window.tabs.setCurrentWidget(fleet_tab)
    before = fleet_tab.watch.reloads
    ok, refuel = call_service(window, fleet.record_refuel, {**REFUEL, "vehicle": fleet.vehicles()[0]})
    assert ok and fleet_tab.watch.reloads == before + 1
    assert fleet_tab.model.ids() == [refuel.id]


def test_a_refused_call_says_nothing(qtbot, database, heard, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    ok, _ = call_service(None, staff.add_section, "")
    assert not ok and heard == []


def test_nested_calls_are_said_once_by_the_outer(qtbot, database, heard):
    def both():
        call_service(None, staff.add_section, "一科")
        call_service(None, staff.add_section, "二科")

    call_service(None, both)
    assert heard == [frozenset({"section"})]


def test_a_worker_write_is_said_once_from_the_gui_thread(qtbot, database, heard):
    import threading

    threads = []
    change_bus.bus().data_changed.connect(lambda _t: threads.append(threading.get_ident()))

    def job(progress):
        Section.create(name="后台写入科")
        Section.create(name="后台写入二科")
        return "done"

    outcome = run_with_progress(None, "测试", job)
    assert outcome.ok and outcome.tables == frozenset({"section"})
    assert heard == [frozenset({"section"})]
    assert threads == [threading.get_ident()]


def test_collectors_are_per_thread(database):
    import threading

    with collect_changes() as mine:
        thread = threading.Thread(target=lambda: Section.create(name="别的线程"))
        thread.start()
        thread.join()
    assert mine == set()  # another thread's write is its own collectors' business
    with collect_changes() as mine:
        Section.create(name="这个线程")
    assert mine == {"section"}


def test_f5_marks_every_tab_and_reloads_the_shown_one(qtbot, window):
    shown = window.pages["fleet"]
    window.tabs.setCurrentWidget(shown)
    before = shown.watch.reloads
    window.refresh_current()
    assert shown.watch.reloads == before + 1
    assert all(page.watch.stale for page in window.pages.values() if page is not shown)


# ---------------------------------------------------------------- user_changed
@pytest.fixture
def logged_out_after():
    yield
    auth.logout()


def test_switching_user_re_evaluates_guarded_buttons(qtbot, database, logged_out_after):
    from PySide6.QtWidgets import QPushButton

    auth.logout()
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    leader = auth.create_user("lingdao", "leader-pw", "领导")
    button = guard(QPushButton("定稿"), "bonus.finalise")
    qtbot.addWidget(button)
    button.setToolTip("定稿本月")
    assert button.isEnabled()
    auth.login_as(leader)
    change_bus.bus().user_changed.emit()
    assert not button.isEnabled() and "无权" in button.toolTip()
    set_enabled(button, True)  # the page's own condition holds, the role still may not
    assert not button.isEnabled()
    button.setToolTip("定稿本月（新说明）")  # the page's own words kept for later, the refusal shown
    assert "无权" in button.toolTip()
    auth.login_as(admin)
    change_bus.bus().user_changed.emit()
    assert button.isEnabled() and button.toolTip() == "定稿本月（新说明）"
    set_enabled(button, False)
    auth.login_as(leader)
    change_bus.bus().user_changed.emit()
    auth.login_as(admin)
    change_bus.bus().user_changed.emit()
    assert not button.isEnabled()  # its own condition still says no


def test_switch_user_in_the_window_reloads_every_tab(qtbot, window, monkeypatch, logged_out_after):
    from govoffice_desktop.ui import login_dialog

    auth.create_user("admin", "admin-pw", "管理员")
    monkeypatch.setattr(login_dialog, "log_in", lambda parent=None, name="", note="": bool(
        auth.authenticate("admin", "admin-pw")))
    before = {key: page.watch.reloads for key, page in window.pages.items()}
    assert window.switch_user()
    assert {key: page.watch.reloads - before[key] for key, page in window.pages.items()} == \
        {key: 1 for key in window.pages}
    assert window.pages["staff"].new_action.isEnabled()



def test_a_write_elsewhere_keeps_a_month_summary_being_typed(qtbot, database):
    """督查督办 reloads on a write it shows, but the 专报 summary being typed stays."""
    from govoffice_desktop.services import supervision
    from govoffice_desktop.ui.supervision_tab import SupervisionTab

    section = staff.add_section("秘书一科")
    day = TODAY.replace(day=1)
    target = supervision.save_target({"year": day.year, "kind": "共性目标", "name": "按时到岗", "points": "1",
                                      "sort_order": 1})
    supervision.record_check({"checked_on": day, "section": section, "target": target, "met": True})
    tab = SupervisionTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentWidget(tab.month)
    summary = tab.month.summary
    summary.selectAll()
    summary.insertPlainText("本月正常")  # as typed: an edit the document counts as a modification
    assert summary.document().isModified()
    before = tab.watch.reloads
    assert call_service(None, staff.add_section, "综合科")[0]
    assert tab.watch.reloads == before + 1
    assert summary.toPlainText() == "本月正常"
    summary.document().setModified(False)  # nothing typed: the month's draft shown again
    assert call_service(None, staff.add_section, "文电科")[0]
    assert summary.toPlainText() == supervision.default_summary(day.year, day.month)
