"""The login dialogs, user management and the audit viewer, driven as a user would."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth


@pytest.fixture
def logged_out():
    auth.logout()
    yield
    auth.logout()


def _ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_first_start_creates_the_administrator(qtbot, database, logged_out):
    from govoffice_desktop.ui.login_dialog import FirstAdminDialog

    dialog = FirstAdminDialog()
    qtbot.addWidget(dialog)
    dialog.password.setText("s3cret")
    dialog.again.setText("other")
    _ok(dialog)
    assert "不一样" in dialog.message.text() and not auth.has_users()
    dialog.again.setText("s3cret")
    _ok(dialog)
    assert dialog.result() and auth.current().name == "admin" and auth.current().role == "管理员"


def test_the_login_shows_refusals_and_stays_open(qtbot, database, logged_out):
    from govoffice_desktop.ui.login_dialog import LoginDialog, user_label

    admin = auth.create_user("admin", "right-pw", "管理员", full_name="王主任")
    dialog = LoginDialog(name="admin")
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong")
    _ok(dialog)
    assert "用户名或密码不对" in dialog.message.text() and auth.current() is None
    assert dialog.password.text() == ""  # typed again
    dialog.password.setText("right-pw")
    _ok(dialog)
    assert auth.current().id == admin.id and user_label() == "当前用户：王主任（管理员）"


def test_the_administrator_adds_a_user_and_the_audit_log_shows_it(qtbot, small_office, logged_out):
    from govoffice_desktop.ui.audit_dialog import AuditDialog
    from govoffice_desktop.ui.login_dialog import NewUserDialog

    auth.login_as(auth.create_user("admin", "admin-pw", "管理员"))
    dialog = NewUserDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("小李")
    dialog.role.setCurrentIndex(dialog.role.findData("科室录入员"))
    dialog.password.setText("pw-1234")
    dialog.again.setText("pw-1234")
    _ok(dialog)
    assert "要指定所在科室" in dialog.message.text()
    dialog.section.setCurrentIndex(dialog.section.findText("综合科"))
    _ok(dialog)
    user = User.get(User.name == "小李")
    assert (user.role, user.section.name) == ("科室录入员", "综合科")
    viewer = AuditDialog()
    qtbot.addWidget(viewer)
    viewer.table_choice.setCurrentIndex(viewer.table_choice.findData("user"))
    viewer.apply()
    rows = [viewer.log.model.row_values(r) for r in range(viewer.log.model.rowCount())]
    assert rows and all(r[2] == "用户" for r in rows) and any("小李" in r[5] for r in rows)
    assert all("scrypt" not in r[5] for r in rows)
    # a staff member's changes: the person's own file and what names them
    zhang = Person.get(Person.name == "张伟")
    viewer.person.setCurrentIndex(viewer.person.findData(zhang.id))
    viewer.table_choice.setCurrentIndex(0)
    viewer.apply()
    tables = {viewer.log.model.row_values(r)[2] for r in range(viewer.log.model.rowCount())}
    assert "人员档案" in tables and "督办事项" in tables


def test_a_clerk_may_not_open_the_audit_log(qtbot, small_office, logged_out):
    from govoffice_desktop.services import audit

    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    clerk = auth.create_user("c", "pw-1234", "科室录入员", Section.get(Section.name == "综合科"))
    auth.login_as(clerk)
    with pytest.raises(auth.PermissionDenied, match="无权查看审计日志"):
        audit.audit_listing()
    auth.login_as(admin)
    assert audit.audit_listing(since=date(2000, 1, 1)).count() > 0


def test_the_window_shows_who_is_logged_in_and_switches_user(qtbot, settings_dir, small_office, logged_out,
                                                             monkeypatch):
    from govoffice_desktop import app
    from govoffice_desktop.ui import login_dialog
    from govoffice_desktop.ui.main_window import MainWindow

    assert app._log_in(fresh=False)  # no users yet and not a new file: open, no dialog
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    auth.create_user("lingdao", "leader-pw", "领导")
    auth.logout()
    monkeypatch.setenv("GOVOFFICE_USER", "lingdao")
    monkeypatch.setenv("GOVOFFICE_PASSWORD", "leader-pw")
    assert app._log_in(fresh=False) and auth.current().name == "lingdao"  # as a script would
    auth.logout()
    login = app._begin_login(demo=False)  # as the window starts: checked while its modules load
    assert login is not None and auth.current() is None and app._begin_login(demo=True) is None
    monkeypatch.setattr(auth, "authenticate", lambda *a: pytest.fail("checked twice"))
    assert app._start_session(demo=False, fresh=False, login=login) and auth.current().name == "lingdao"
    monkeypatch.undo()
    monkeypatch.setenv("GOVOFFICE_USER", "lingdao")
    monkeypatch.setenv("GOVOFFICE_PASSWORD", "leader-pw")
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    assert window.user_label.text() == "当前用户：lingdao（领导）"
    monkeypatch.setattr(login_dialog, "log_in", lambda parent=None, name="", note="": bool(
        auth.authenticate("admin", "admin-pw")))
    assert window.switch_user() and window.user_label.text() == "当前用户：admin（管理员）"
