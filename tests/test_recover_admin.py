"""A database whose users are all switched off is open to nobody, not to everybody: it is refused
on opening (commands and window), and ``recover-admin`` is the way back, with the rights of the
database file itself instead of a login, written in the audit log."""
from __future__ import annotations

import getpass
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth
from govoffice_desktop.services.validation import BadValue

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def office(tmp_path):
    """An office database (an administrator, a clerk) whose users have all been switched off
    outside the program (the program itself keeps its last administrator on)."""
    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        section = Section.create(name="综合科")
        auth.login_as(auth.create_user("admin", "admin-pw", "管理员"))
        auth.create_user("clerk", "clerk-pw", "科室录入员", section)
    finally:
        auth.logout()
        db.close_database()
    return path


def switch_all_off(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute('UPDATE "user" SET active = 0')
    con.commit()
    con.close()


def main(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GOVOFFICE_")}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                          env={**clean, "QT_QPA_PLATFORM": "offscreen", **(env or {})}, timeout=120)


def users_of(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute('SELECT name, role, active, password_hash FROM "user" ORDER BY id').fetchall()
    finally:
        con.close()


def test_a_database_whose_users_are_all_switched_off_is_refused_and_no_one_adds_an_administrator(office):
    switch_all_off(office)
    before = users_of(office)
    done = main("--db", str(office), "users", "add", "intruder", "--role", "管理员",
                env={"GOVOFFICE_NEW_PASSWORD": "taken-over"})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "没有一个启用的管理员" in done.stderr and f"--db {office} recover-admin" in done.stderr
    assert users_of(office) == before
    with pytest.raises(db.DatabaseOpenError, match="recover-admin"):
        db.open_database(office)
    db.close_database()


def test_switched_off_users_still_count_as_users(office):
    """The service too: a database with users, however switched off, asks for a login."""
    switch_all_off(office)
    db.open_database(office, check_admin=False)
    try:
        assert auth.has_users()
        with pytest.raises(auth.PermissionDenied, match="请先登录"):
            auth.create_user("intruder", "taken-over", "管理员")
        assert not User.select().where(User.name == "intruder").exists()
    finally:
        db.close_database()


def test_the_window_refuses_it_with_the_way_out(office, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    switch_all_off(office)
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text, *a: said.append((title, text)))

    def window(*_a, **_kw):
        raise AssertionError("the window was opened on a database nobody can manage")

    monkeypatch.setattr("govoffice_desktop.ui.main_window.MainWindow", window)
    assert app.run_gui(str(office)) == cli.EXIT_REFUSED
    assert said and "recover-admin" in said[0][1] and not office.with_name("office.db.lock").exists()


def test_recover_admin_sets_the_password_switches_the_admin_on_and_says_so(office):
    switch_all_off(office)
    done = main("--db", str(office), "recover-admin", "admin", env={"GOVOFFICE_NEW_PASSWORD": "new-secret"})
    assert done.returncode == 0, done.stderr
    assert "已恢复管理员 admin" in done.stdout
    done = main("--db", str(office), "users", "list", env={"GOVOFFICE_USER": "admin", "GOVOFFICE_PASSWORD": "new-secret"})
    assert done.returncode == 0, done.stderr
    assert "admin  管理员" in done.stdout and "clerk  科室录入员  综合科  停用" in done.stdout
    db.open_database(office)
    try:
        entry = AuditLog.select().where(AuditLog.who == f"{getpass.getuser()}（恢复管理员）").get()
        assert entry.table == "user" and '"active": false' in entry.before and '"active": true' in entry.after
    finally:
        db.close_database()


def test_a_forgotten_password_is_recovered_and_logged_too(office):
    """The administrator is on but nobody knows the password: only the hash changes, which the log
    never shows, yet the recovery is in it."""
    db.open_database(office)
    try:
        user = auth.recover_admin("admin", "fresh-pw")
        assert user.active
        entry = AuditLog.select().order_by(AuditLog.id.desc()).get()
        assert entry.who.endswith("（恢复管理员）") and '"password_hash": "（已重设）"' in entry.after
        assert auth.authenticate("admin", "fresh-pw").name == "admin"
    finally:
        auth.logout()
        db.close_database()


def test_recover_admin_makes_a_new_administrator_but_never_promotes_another_role(office):
    switch_all_off(office)
    before = users_of(office)
    done = main("--db", str(office), "recover-admin", "clerk", env={"GOVOFFICE_NEW_PASSWORD": "new-secret"})
    assert done.returncode == 1 and "不是管理员" in done.stderr and "未作任何改动" in done.stderr
    assert users_of(office) == before
    done = main("--db", str(office), "recover-admin", "chief", env={"GOVOFFICE_NEW_PASSWORD": "new-secret"})
    assert done.returncode == 0, done.stderr
    assert [u[:3] for u in users_of(office)] == [("admin", "管理员", 0), ("clerk", "科室录入员", 0), ("chief", "管理员", 1)]


def test_recover_admin_asks_for_the_password_twice(office, monkeypatch, capsys):
    switch_all_off(office)
    before = users_of(office)
    monkeypatch.delenv("GOVOFFICE_NEW_PASSWORD", raising=False)
    answers = iter(["new-secret", "new-secrex"])
    monkeypatch.setattr(cli, "_ask_password", lambda _prompt: next(answers))
    assert app.main(["--db", str(office), "recover-admin", "admin"]) == cli.EXIT_REFUSED
    assert "两次输入的密码不一样" in capsys.readouterr().err and users_of(office) == before
    answers = iter(["new-secret", "new-secret"])
    assert app.main(["--db", str(office), "recover-admin", "admin"]) == cli.EXIT_OK
    assert users_of(office)[0][2] == 1


def test_recover_admin_needs_write_access_to_the_database_file(office, monkeypatch):
    switch_all_off(office)
    before = users_of(office)
    db.open_database(office, check_admin=False)
    try:
        monkeypatch.setattr(os, "access", lambda path, mode: False)  # as an OS user who may only read it
        with pytest.raises(auth.PermissionDenied, match="需要能写入数据库文件"):
            auth.recover_admin("admin", "new-secret")
    finally:
        db.close_database()
    assert users_of(office) == before


def test_the_last_active_administrator_stays_on_whatever_the_object_says(office):
    db.open_database(office)
    try:
        admin = User.get(User.name == "admin")
        auth.login_as(admin)
        stale = User.get(User.name == "admin")
        stale.role = "领导"  # changed in memory only
        with pytest.raises(BadValue, match="至少要保留一个启用的管理员"):
            auth.set_active(stale, False)
        assert User.get(User.name == "admin").active
    finally:
        auth.logout()
        db.close_database()
