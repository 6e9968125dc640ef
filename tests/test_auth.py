"""Logins and roles, enforced in the services: every path (window, command line, import) alike."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.users import DataExport, User
from govoffice_desktop.services import auth, months, person_history, ratings, rewards, staff, supervision, typing_pool
from govoffice_desktop.services.auth import PermissionDenied
from govoffice_desktop.services.validation import BadValue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def users(small_office):
    """The small office with an administrator, a 科室录入员 of 秘书一科, a 督查员 and a 领导."""
    a = Section.get(Section.name == "秘书一科")
    made = {"admin": auth.create_user("admin", "admin-pw", "管理员")}
    auth.login_as(made["admin"])
    made["clerk"] = auth.create_user("clerk", "clerk-pw", "科室录入员", a)
    made["supervisor"] = auth.create_user("supervisor", "sup-pw", "督查员")
    made["leader"] = auth.create_user("leader", "leader-pw", "领导")
    auth.logout()
    yield made
    auth.logout()


def test_passwords_are_scrypt_hashes_never_logged(users):
    user = users["admin"]
    assert user.password_hash.startswith("scrypt$16384$8$1$") and "admin-pw" not in user.password_hash
    assert auth.check_password("admin-pw", user.password_hash) and not auth.check_password("x", user.password_hash)
    for row in AuditLog.select().where(AuditLog.table == User._meta.table_name):
        assert "scrypt$" not in (row.after or "") and "（已隐藏）" in row.after


def test_repeated_failures_lock_the_account(users):
    now = datetime(2026, 12, 1, 9, 0)
    for k in range(4):
        with pytest.raises(PermissionDenied, match="用户名或密码不对"):
            auth.authenticate("clerk", "wrong", now)
    with pytest.raises(PermissionDenied, match="已锁定15分钟"):
        auth.authenticate("clerk", "wrong", now)
    with pytest.raises(PermissionDenied, match="账户已锁定"):
        auth.authenticate("clerk", "clerk-pw", now + timedelta(minutes=5))  # even the right password
    assert auth.authenticate("clerk", "clerk-pw", now + timedelta(minutes=16)).name == "clerk"
    with pytest.raises(PermissionDenied, match="用户名或密码不对"):
        auth.authenticate("nobody", "x", now)  # says nothing about which part was wrong


def test_a_login_begun_ends_as_authenticate_does_its_hash_computed_in_a_thread(users, monkeypatch):
    """begin_authenticate (the window checks the environment's password while its modules load):
    nobody is logged in until it is ended; then the same outcome and bookkeeping as authenticate."""
    import threading

    hashed_in = []
    real = auth.check_password
    monkeypatch.setattr(auth, "check_password", lambda *a: hashed_in.append(threading.get_ident()) or real(*a))
    now = datetime(2026, 12, 1, 9, 0)
    for k in range(4):
        login = auth.begin_authenticate("clerk", "wrong", now)
        assert auth.current() is None
        with pytest.raises(PermissionDenied, match="用户名或密码不对"):
            login()
    assert User.get(User.name == "clerk").failed_logins == 4
    with pytest.raises(PermissionDenied, match="已锁定15分钟"):
        auth.begin_authenticate("clerk", "wrong", now)()
    with pytest.raises(PermissionDenied, match="账户已锁定"):
        auth.begin_authenticate("clerk", "clerk-pw", now + timedelta(minutes=5))()
    login = auth.begin_authenticate("clerk", "clerk-pw", now + timedelta(minutes=16))
    assert auth.current() is None
    assert login().name == "clerk" and auth.current().name == "clerk"
    assert User.get(User.name == "clerk").last_login == now + timedelta(minutes=16)
    with pytest.raises(PermissionDenied, match="用户名或密码不对"):
        auth.begin_authenticate("nobody", "x", now)()
    assert len(hashed_in) == 8 and threading.get_ident() not in hashed_in


def test_a_database_without_users_is_open_and_the_first_user_is_an_administrator(database):
    assert not auth.has_users()
    Section.create(name="综合科")
    with pytest.raises(BadValue, match="第一个用户必须是管理员"):
        auth.create_user("x", "pw-pw", "督查员")
    admin = auth.create_user("admin", "pw-pw", "管理员")
    assert auth.has_users()
    with pytest.raises(PermissionDenied, match="请先登录"):
        auth.create_user("y", "pw-pw", "督查员")
    auth.login_as(admin)
    auth.create_user("y", "pw-pw", "督查员")
    with pytest.raises(BadValue, match="至少要保留一个启用的管理员"):
        auth.set_active(admin, False)
    auth.logout()


def test_a_clerk_is_refused_rating_results_standards_and_final_months(users):
    auth.authenticate("clerk", "clerk-pw")
    period = ratings.periods()[0]
    with pytest.raises(PermissionDenied, match="（科室录入员）无权查看评议结果"):
        ratings.section_scores(period)
    with pytest.raises(PermissionDenied, match="无权修改文印标准"):
        typing_pool.set_standard({"effective_from": date(2026, 1, 1), "min_speed": 60})
    with pytest.raises(PermissionDenied, match="无权修改奖惩规定"):
        rewards.set_rule("check_deduction", "-30", "2026-06-01")
    with pytest.raises(PermissionDenied, match="无权奖金表定稿"):
        rewards.finalise_month(2026, 10)
    with pytest.raises(PermissionDenied, match="无权录入评议表"):
        ratings.reserve_serials(ratings.groups_of(period)[0], 5)
    # the staff file's history leaves out the 上评下 results instead of failing
    person_history.person_history(Person.get(Person.name == "张伟"))
    # their own section's records, and no other's
    zhang = Person.get(Person.name == "张伟")  # 秘书一科
    wang = Person.get(Person.name == "王芳")  # 综合科
    staff.save_person({"name": "张伟", "section": zhang.section, "post": "副科长"}, zhang)
    with pytest.raises(PermissionDenied, match="只能为本科室（秘书一科）修改人员档案"):
        staff.save_person({"name": "王芳", "section": wang.section, "post": "科长"}, wang)
    # the leader reads results but changes nothing
    auth.authenticate("leader", "leader-pw")
    assert ratings.section_scores(period)
    with pytest.raises(PermissionDenied, match="（领导）无权登记督查"):
        supervision.save_task({"source": "领导交办", "title": "x", "person": zhang, "assigned_on": date(2026, 11, 1),
                               "deadline": date(2026, 11, 5)})
    # the supervisor enters ballots
    auth.authenticate("supervisor", "sup-pw")
    assert list(ratings.reserve_serials(ratings.groups_of(period)[0], 2))


def test_sensitive_numbers_are_masked_unless_the_role_allows_and_exports_are_logged(users, tmp_path):
    from govoffice_desktop.ledgers.export import export_listing

    zhang = Person.get(Person.name == "张伟")
    zhang.phone, zhang.id_number = "13912345678", "32130219800101001X"
    auth.login_as(users["admin"])
    zhang.save()
    listing = staff.roster_listing()
    row = listing.rows([zhang.id])[zhang.id]
    assert "13912345678" in row and "32130219800101001X" in row
    export_listing(tmp_path / "full.xlsx", "花名册", listing, [zhang.id])
    auth.authenticate("leader", "leader-pw")
    row = staff.roster_listing().rows([zhang.id])[zhang.id]
    assert "139****5678" in row and "321302********001X" in row and "13912345678" not in row
    export_listing(tmp_path / "masked.xlsx", "花名册", staff.roster_listing(), [zhang.id])
    log = [(e.who, e.rows, e.full_ids) for e in DataExport.select().order_by(DataExport.id)]
    assert log == [("admin", 1, True), ("leader", 1, False)]


def test_the_import_asks_for_the_right_role(users, tmp_path):
    from govoffice_desktop.ledgers.importer import import_ledger

    auth.authenticate("leader", "leader-pw")
    with pytest.raises(PermissionDenied, match="无权登记车辆台账"):
        import_ledger("refuels", tmp_path / "nothing.xlsx")


def _cli(*args, db, **env):
    full = {k: v for k, v in os.environ.items() if not k.startswith("GOVOFFICE_")}
    full.update(env)
    out = subprocess.run([sys.executable, "main.py", "--db", str(db), *args], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, env=full, stdin=subprocess.DEVNULL)
    return out.returncode, out.stdout, out.stderr


def test_every_command_on_a_database_with_users_needs_a_login(users):
    from govoffice_desktop.models import db

    path = db.database.database
    code, out, err = _cli("info", db=path)
    assert code == 1 and "--user" in err
    code, out, err = _cli("--user", "admin", "info", db=path)
    assert code == 1 and "需要密码" in err  # no terminal to type it at
    code, out, err = _cli("info", db=path, GOVOFFICE_USER="admin", GOVOFFICE_PASSWORD="nope")
    assert code == 1 and "登录失败" in err
    code, out, err = _cli("--json", "report", "staff", db=path, GOVOFFICE_USER="leader", GOVOFFICE_PASSWORD="leader-pw")
    assert code == 0 and json.loads(out)["sections"]
    code, out, err = _cli("report", "ratings", "--period", "2026Q3", db=path, GOVOFFICE_USER="clerk",
                          GOVOFFICE_PASSWORD="clerk-pw")
    assert code == 1 and "无权查看评议结果" in err
    code, out, err = _cli("users", "add", "x", "--role", "督查员", db=path, GOVOFFICE_USER="supervisor",
                          GOVOFFICE_PASSWORD="sup-pw", GOVOFFICE_NEW_PASSWORD="xx-xx")
    assert code == 1 and "无权管理用户" in err
    code, out, err = _cli("users", "add", "x", "--role", "督查员", db=path, GOVOFFICE_USER="admin",
                          GOVOFFICE_PASSWORD="admin-pw", GOVOFFICE_NEW_PASSWORD="xx-xx")
    assert code == 0 and "已新建用户 x" in out


def test_backups_by_hand_are_the_administrators(users, tmp_path):
    from govoffice_desktop.services import backup

    auth.authenticate("leader", "leader-pw")
    with pytest.raises(backup.BackupRefused, match="无权备份和恢复数据库"):
        backup.backup(tmp_path / "b.db")
    with pytest.raises(backup.BackupRefused, match="无权备份和恢复数据库"):
        backup.restore(tmp_path / "b.db")
    auth.authenticate("admin", "admin-pw")
    assert backup.backup(tmp_path / "b.db").file.is_file()


def test_a_clerk_sees_no_votes_and_edits_only_records_of_their_section(users, qtbot, settings_dir):
    from govoffice_desktop.models.supervision import MeetingLog
    from govoffice_desktop.services import audit
    from govoffice_desktop.ui.ratings_tab import RatingsTab

    other = Section.get(Section.name == "综合科")
    auth.login_as(users["admin"])
    meeting = supervision.log_meeting({"held_on": date(2026, 11, 2), "title": "协调会", "section": other})
    zhang = Person.get(Person.name == "张伟")
    zhang.phone = "13912345678"
    zhang.save()
    auth.authenticate("clerk", "clerk-pw")  # 秘书一科
    with pytest.raises(PermissionDenied, match="无权查看评议结果"):
        ratings.tally_listing()
    tab = RatingsTab()
    qtbot.addWidget(tab)
    tab.subtabs.setCurrentWidget(tab.tallies)  # 票数明细 is read when shown
    assert not tab.tallies.model.waiting
    assert tab.tallies.model.rowCount() == 0  # the votes page is empty for them, not an error
    own = Section.get(Section.name == "秘书一科")
    with pytest.raises(PermissionDenied, match="只能为本科室（秘书一科）登记会议和电话"):
        supervision.log_meeting({"held_on": date(2026, 11, 2), "title": "改了", "section": own}, meeting)
    assert MeetingLog.get_by_id(meeting.id).title == "协调会"
    auth.authenticate("leader", "leader-pw")
    changes = [r[5] for r in audit.audit_listing(person_id=zhang.id, since=date(2000, 1, 1)).rows(
        audit.audit_listing(person_id=zhang.id, since=date(2000, 1, 1)).ids()).values()]
    assert any("139****5678" in c for c in changes) and not any("13912345678" in c for c in changes)


def test_a_switched_off_account_loses_its_rights_at_once(users):
    auth.authenticate("supervisor", "sup-pw")
    auth.require("supervision.edit")
    auth.login_as(users["admin"])
    auth.set_active(users["supervisor"], False)
    auth.login_as(users["supervisor"])  # a session still holding the old object
    with pytest.raises(PermissionDenied, match="请先登录"):
        auth.require("supervision.edit")


def test_a_write_beaten_by_another_workstation_is_refused_in_chinese(users, monkeypatch):
    """Two workstations closing the same month: the second one's write hits the unique key after
    its own check passed; it gets a clear message and writes nothing."""
    from govoffice_desktop.models.rewards import MonthClose, RewardPenalty

    auth.login_as(users["admin"])
    monkeypatch.setattr(months, "state", lambda closing, y, m: (False, False))  # the stale check
    MonthClose.create(domain="督查", year=2026, month=10, closed_at=datetime(2026, 11, 2), closed_by="另一台电脑")
    before = RewardPenalty.select().count()
    with pytest.raises(BadValue, match="同一记录刚被别处写入"):
        supervision.close_supervision_month(2026, 10, today=date(2026, 11, 20))
    assert RewardPenalty.select().count() == before and MonthClose.select().count() == 1


def test_the_writes_of_issue_18_are_refused_to_a_leader_and_a_clerk(users):
    """结束评议, 财务结账, 出差审批 and 提前定级 change what people are told or paid: a 领导 (who reads)
    and a 科室录入员 (who enters their section's records) are refused each, and nothing is written."""
    from govoffice_desktop.models.ratings import Explanation, RatingPeriod
    from govoffice_desktop.models.rewards import MonthClose, TravelApproval
    from govoffice_desktop.models.staff import RankRecord

    auth.login_as(users["admin"])
    zhang = Person.get(Person.name == "张伟")  # 秘书一科, the clerk's own section
    zhang.joined_on = date(2026, 9, 1)  # transferred in three months before
    zhang.save()
    auth.logout()
    period = ratings.periods()[0]
    status = period.status
    for name, password, role in (("leader", "leader-pw", "领导"), ("clerk", "clerk-pw", "科室录入员")):
        auth.authenticate(name, password)
        with pytest.raises(PermissionDenied, match=f"（{role}）无权管理评议"):
            ratings.close_period(period, today=date(2026, 12, 31), early_ok=True)
        with pytest.raises(PermissionDenied, match=f"（{role}）无权登记奖惩"):
            rewards.close_finance_month(2026, 10, today=date(2026, 12, 6))
        with pytest.raises(PermissionDenied, match=f"（{role}）无权登记奖惩"):
            rewards.save_approval({"person": zhang.id, "destination": "南京", "start_on": date(2026, 12, 10),
                                   "end_on": date(2026, 12, 11), "purpose": "汇报", "approved_by": "办公室主任",
                                   "approved_on": date(2026, 12, 6)}, today=date(2026, 12, 6))
        with pytest.raises(PermissionDenied, match=f"（{role}）无权(修改人员档案|登记提前定级)"):
            staff.determine_rank(zhang, "副主任科员", date(2026, 12, 1), "表现突出", early=True,
                                 early_reason="借调期间考核优秀", approved_by="办公室主任 赵建华")
    auth.logout()
    assert RatingPeriod.get_by_id(period.id).status == status and not Explanation.select().exists()
    assert not MonthClose.select().where(MonthClose.domain == "财务管理").exists()
    assert not TravelApproval.select().exists() and not RankRecord.select().where(RankRecord.person == zhang).exists()
    # the clerk still records a determination of their own section once the half year is over
    auth.authenticate("clerk", "clerk-pw")
    zhang = Person.get_by_id(zhang.id)
    assert not staff.determine_rank(zhang, "副主任科员", date(2027, 3, 1), "表现突出").early
