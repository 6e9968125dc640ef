"""The window offers each role only what it may do: actions and buttons a role may not use are
disabled, their tooltip saying why in the service's words (the services still refuse)."""
from __future__ import annotations

import pytest

from govoffice_desktop.models.staff import Section
from govoffice_desktop.services import auth


@pytest.fixture
def users(small_office):
    auth.logout()
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    made = {"admin": admin,
            "lingdao": auth.create_user("lingdao", "leader-pw", "领导"),
            "duchayuan": auth.create_user("duchayuan", "super-pw", "督查员"),
            "luruyuan": auth.create_user("luruyuan", "clerk-pw", "科室录入员", Section.get(Section.name == "综合科"))}
    yield made
    auth.logout()


def _window(qtbot, user):
    from govoffice_desktop.ui.main_window import MainWindow

    auth.login_as(user)
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    return window


def _menu_action(window, text):
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text().startswith(text):
                return action
    raise KeyError(text)


def _write_actions(window):
    sup, rew = window.pages["supervision"], window.pages["rewards"]
    return {"新建督办": sup.tasks.new_action, "督办修改": sup.tasks.edit_action, "登记进展": sup.tasks.progress_action,
            "登记奖惩": rew.ledger.new_action, "奖惩修改": rew.ledger.edit_action, "奖惩删除": rew.ledger.delete_action,
            "报销登记": rew.travel.new_action, "定稿": rew.sheet_page.finalise_button,
            "督查保存": sup.daily.save_button, "督查结账": sup.month.close_button}


def test_a_leader_is_not_offered_what_only_others_may_do(qtbot, users):
    window = _window(qtbot, users["lingdao"])
    sup, rew = window.pages["supervision"], window.pages["rewards"]
    for name, widget in _write_actions(window).items():
        assert not widget.isEnabled(), name
    assert sup.tasks.new_action.toolTip() == "当前用户“lingdao”（领导）无权登记督查和督办"
    assert rew.ledger.new_action.toolTip() == "当前用户“lingdao”（领导）无权登记奖惩、报销和物品"
    assert rew.sheet_page.finalise_button.toolTip() == "当前用户“lingdao”（领导）无权奖金表定稿和撤销定稿"
    # the button beside the table follows its action, tooltip included
    assert not sup.tasks.action_buttons["新建督办…"].isEnabled()
    assert sup.tasks.action_buttons["新建督办…"].toolTip() == sup.tasks.new_action.toolTip()
    # what a leader may do stays offered: reading, printing, the audit log
    assert rew.sheet_page.preview_button.isEnabled()
    assert _menu_action(window, "审计日志").isEnabled()
    assert not _menu_action(window, "用户管理").isEnabled()
    assert not _menu_action(window, "备份数据库").isEnabled()
    assert not _menu_action(window, "恢复数据库").isEnabled()
    assert _menu_action(window, "导入台账").isEnabled()  # the import checks the kind


def test_a_supervisor_may_file_tasks_but_not_finalise_the_bonus_sheet(qtbot, users):
    window = _window(qtbot, users["duchayuan"])
    sup, rew = window.pages["supervision"], window.pages["rewards"]
    assert sup.tasks.new_action.isEnabled() and sup.tasks.new_action.toolTip().startswith("领导交办")
    assert not rew.sheet_page.finalise_button.isEnabled()
    assert not rew.ledger.new_action.isEnabled()
    assert not _menu_action(window, "审计日志").isEnabled()


def test_an_administrator_is_offered_everything(qtbot, users):
    window = _window(qtbot, users["admin"])
    sup, rew = window.pages["supervision"], window.pages["rewards"]
    for widget in (sup.tasks.new_action, rew.ledger.new_action, rew.travel.new_action, rew.sheet_page.finalise_button,
                   _menu_action(window, "用户管理"), _menu_action(window, "审计日志"),
                   _menu_action(window, "备份数据库"), _menu_action(window, "恢复数据库")):
        assert widget.isEnabled(), widget.text()
        assert "无权" not in widget.toolTip()


def test_a_tabs_own_condition_and_the_role_both_count(qtbot, users):
    window = _window(qtbot, users["admin"])
    sup = window.pages["supervision"]
    sup.tasks.view.clearSelection()
    assert not sup.tasks.edit_action.isEnabled()  # nothing selected
    sup.tasks.view.selectRow(0)
    assert sup.tasks.edit_action.isEnabled()
    auth.login_as(users["lingdao"])
    window.show_user()  # a change of user: said on the change bus
    sup.tasks.view.selectRow(0)
    assert not sup.tasks.edit_action.isEnabled()  # a row selected, but a leader may not
    auth.login_as(users["admin"])
    window.show_user()  # a change of user: said on the change bus
    sup.tasks.view.selectRow(0)
    assert sup.tasks.edit_action.isEnabled()
    assert sup.tasks.edit_action.toolTip() == "修改所选的督办事项（也可双击该行）"  # its own tooltip back


def test_a_clerk_is_offered_what_they_may_do_for_their_own_section(qtbot, users):
    window = _window(qtbot, users["luruyuan"])
    assert window.pages["staff"].new_action.isEnabled()  # the service checks the section on saving
    assert window.pages["typing_pool"].new_action.isEnabled()
    assert not window.pages["supervision"].tasks.new_action.isEnabled()
    assert not window.pages["rewards"].sheet_page.finalise_button.isEnabled()


def test_switching_user_updates_what_is_offered(qtbot, users, monkeypatch):
    from govoffice_desktop.ui import login_dialog

    window = _window(qtbot, users["lingdao"])
    sup, rew = window.pages["supervision"], window.pages["rewards"]
    assert not sup.tasks.new_action.isEnabled() and not rew.sheet_page.finalise_button.isEnabled()
    monkeypatch.setattr(login_dialog, "log_in", lambda parent=None, name="", note="": bool(
        auth.authenticate("duchayuan", "super-pw")))
    assert window.switch_user()
    assert sup.tasks.new_action.isEnabled() and not rew.sheet_page.finalise_button.isEnabled()
    monkeypatch.setattr(login_dialog, "log_in", lambda parent=None, name="", note="": bool(
        auth.authenticate("admin", "admin-pw")))
    assert window.switch_user()
    assert sup.tasks.new_action.isEnabled() and rew.sheet_page.finalise_button.isEnabled()
    assert _menu_action(window, "备份数据库").isEnabled()
    monkeypatch.setattr(login_dialog, "log_in", lambda parent=None, name="", note="": bool(
        auth.authenticate("lingdao", "leader-pw")))
    assert window.switch_user()
    assert not sup.tasks.new_action.isEnabled() and not rew.sheet_page.finalise_button.isEnabled()
    assert not _menu_action(window, "备份数据库").isEnabled()


def test_dialog_buttons_are_guarded_too(qtbot, users):
    from govoffice_desktop.ui.fleet_pages import TripList
    from govoffice_desktop.ui.supervision_dialogs import TargetsDialog

    auth.login_as(users["lingdao"])
    targets = TargetsDialog(year=2026)
    qtbot.addWidget(targets)
    assert not targets.new_button.isEnabled() and not targets.copy_button.isEnabled()
    assert "无权登记督查和督办" in targets.new_button.toolTip()
    trips = TripList()
    qtbot.addWidget(trips)
    new_button = trips.action_buttons["出车登记…"]
    assert not new_button.isEnabled() and "无权登记车辆台账" in new_button.toolTip()
    auth.login_as(users["admin"])
    targets = TargetsDialog(year=2026)
    qtbot.addWidget(targets)
    assert targets.new_button.isEnabled()


def test_the_services_still_refuse(qtbot, users):
    """Disabling is a courtesy: the service is what says no."""
    from govoffice_desktop.services import supervision

    auth.login_as(users["lingdao"])
    with pytest.raises(auth.PermissionDenied, match="无权登记督查和督办"):
        supervision.save_task({"title": "x"})
