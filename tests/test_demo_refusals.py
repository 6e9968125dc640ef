"""``demo`` never adds its logins (password demo, one a 管理员) to a database in use: one with any
user or any row of its own is refused, in Chinese, with nothing written."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from govoffice_desktop.models import ALL_MODELS, db
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth
from govoffice_desktop.services.demo import DemoError, generate

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 8, 15)


def counts() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


def test_a_database_with_a_user_and_nothing_else_takes_no_demo(database):
    auth.create_user("admin", "admin-pw", "管理员")
    auth.logout()
    before = counts()
    with pytest.raises(DemoError, match="已有用户"):
        generate(AS_OF)
    assert counts() == before and [u.name for u in User.select()] == ["admin"]


def test_a_switched_off_user_counts_too(database):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    User.update_where({User.active: False}, User.id == admin.id)
    before = counts()
    with pytest.raises(DemoError, match="已有用户"):
        generate(AS_OF)
    assert counts() == before


def test_any_row_of_the_office_refuses_the_demo(database):
    """Not only sections, staff and vehicles: a setting, say, is a row of the office's own."""
    Setting.create(key="office_name", value="宿迁市人民政府办公室")
    before = counts()
    with pytest.raises(DemoError, match="数据库中已有业务数据，演示数据只能写入空数据库。.*设置"):
        generate(AS_OF)
    assert counts() == before


def test_the_command_refuses_a_leader_cleanly_and_writes_nothing(tmp_path):
    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        Section.create(name="综合科")
        auth.login_as(auth.create_user("admin", "admin-pw", "管理员"))
        auth.create_user("leader", "leader-pw", "领导")
    finally:
        auth.logout()
        db.close_database()
    con = sqlite3.connect(path)
    users_before = con.execute('SELECT name, role FROM "user" ORDER BY id').fetchall()
    con.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVOFFICE_")}
    env.update(GOVOFFICE_USER="leader", GOVOFFICE_PASSWORD="leader-pw", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "demo"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert "未写入任何数据" in done.stderr and "已有用户" in done.stderr
    con = sqlite3.connect(path)
    try:
        assert con.execute('SELECT name, role FROM "user" ORDER BY id').fetchall() == users_before
        assert con.execute("SELECT COUNT(*) FROM person").fetchone() == (0,)
    finally:
        con.close()
