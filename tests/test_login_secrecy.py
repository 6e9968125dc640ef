"""A login does not reveal which user names exist: an unknown name, a wrong password, a switched-off
and a locked account get the same message after the same work; real accounts still lock for 15
minutes after five wrong passwords."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth
from govoffice_desktop.services.auth import PermissionDenied

NOW = datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def accounts(database):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    auth.create_user("leader", "leader-pw", "领导")
    off = auth.create_user("retired", "retired-pw", "领导")
    auth.set_active(off, False)
    auth.logout()
    yield
    auth.logout()


def refusal(name: str, password: str, now: datetime = NOW) -> str:
    with pytest.raises(PermissionDenied) as refused:
        auth.authenticate(name, password, now)
    return str(refused.value)


def test_an_unknown_name_reads_like_a_wrong_password(accounts):
    unknown = refusal("nobody", "x")
    assert unknown == refusal("leader", "wrong") == refusal("retired", "retired-pw")
    assert "用户名或密码不对" in unknown and "nobody" not in unknown


def test_the_lock_says_nothing_about_which_names_exist(accounts):
    unknown = [refusal("nobody", "wrong") for _ in range(7)]
    real = [refusal("leader", "wrong") for _ in range(7)]
    assert unknown == real and len(set(real)) == 1  # the fifth, that locks, reads the same as the first
    assert User.get(User.name == "leader").locked_until == NOW + timedelta(minutes=15)
    assert refusal("leader", "leader-pw", NOW + timedelta(minutes=5)) == unknown[0]  # locked, even the right one
    assert auth.authenticate("leader", "leader-pw", NOW + timedelta(minutes=16)).name == "leader"


def test_every_refusal_costs_the_same_hashing(accounts, monkeypatch):
    """Not timed: each way of failing runs scrypt exactly once, as a real account's check does."""
    calls = []
    scrypt = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(kwargs.get("n"))
        return scrypt(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    locked = User.get(User.name == "leader")
    User.update_where({User.locked_until: NOW + timedelta(minutes=10)}, User.id == locked.id)
    for name, password in (("nobody", "x"), ("admin", "wrong"), ("retired", "retired-pw"), ("leader", "leader-pw")):
        calls.clear()
        refusal(name, password)
        assert calls == [auth.SCRYPT["n"]], name


def test_the_login_dialog_shows_the_same_single_message(qtbot, accounts):
    from govoffice_desktop.ui.login_dialog import LoginDialog

    shown = []
    for name, password in (("nobody", "x"), ("leader", "wrong")):
        dialog = LoginDialog(name=name)
        qtbot.addWidget(dialog)
        dialog.password.setText(password)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        shown.append(dialog.message.text())
    assert shown[0] == shown[1] == auth.LOGIN_FAILED and auth.current() is None
