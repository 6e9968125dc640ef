"""Logins, roles and what each role may do, enforced here for every caller (window, command
line, ledger import), not by hiding buttons.

A database with no users yet (a new file, the tests) is open to whoever opens it; once its first
user exists, every service that writes, and every one that shows rating results, standards or
sensitive data, asks who is logged in.  Passwords are kept as scrypt hashes; five wrong
passwords in a row lock the account for a quarter of an hour.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from datetime import datetime, timedelta
from functools import wraps

import peewee as pw

from govoffice_desktop.models.db import set_session_user
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.users import ROLES, DataExport, User
from govoffice_desktop.services.validation import BadValue, required_text

ADMIN, SUPERVISOR, CLERK, LEADER, TYPING, FLEET = ROLES
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 4
SCRYPT = dict(n=2 ** 14, r=8, p=1, dklen=32)  # memory-hard: 16 MiB per guess


class PermissionDenied(BadValue):
    """The logged-in user's role does not allow this; the message says who and what."""


# permission → (what it is called in a refusal, the roles allowed, whether a 科室录入员 may do it
# for their own section's records only)
PERMISSIONS: dict[str, tuple[str, frozenset, bool]] = {
    "users.manage": ("管理用户", frozenset({ADMIN}), False),
    "audit.view": ("查看审计日志", frozenset({ADMIN, LEADER}), False),
    "backup": ("备份和恢复数据库", frozenset({ADMIN}), False),
    "staff.edit": ("修改人员档案", frozenset({ADMIN, CLERK}), True),
    "staff.sensitive": ("查看完整的身份证号和电话号码", frozenset({ADMIN}), False),
    "typing.edit": ("登记文印", frozenset({ADMIN, TYPING, CLERK}), True),
    "typing.standard": ("修改文印标准", frozenset({ADMIN, TYPING}), False),
    "typing.close": ("文印月度结账", frozenset({ADMIN, TYPING}), False),
    "fleet.edit": ("登记车辆台账", frozenset({ADMIN, FLEET, CLERK}), True),
    "fleet.rules": ("修改车辆奖惩规定和设置", frozenset({ADMIN, FLEET}), False),
    "fleet.close": ("车辆月度结账", frozenset({ADMIN, FLEET}), False),
    "ratings.enter": ("录入评议表和票数", frozenset({ADMIN, SUPERVISOR}), False),
    "ratings.manage": ("管理评议（评议组、说明情况）", frozenset({ADMIN, SUPERVISOR}), False),
    "ratings.results": ("查看评议结果", frozenset({ADMIN, LEADER, SUPERVISOR}), False),
    "supervision.edit": ("登记督查和督办", frozenset({ADMIN, SUPERVISOR}), False),
    "supervision.close": ("督查月度结账", frozenset({ADMIN, SUPERVISOR}), False),
    "campaign.log": ("登记会议和电话", frozenset({ADMIN, SUPERVISOR, CLERK}), True),
    "rewards.edit": ("登记奖惩、报销和物品", frozenset({ADMIN}), False),
    "rewards.rules": ("修改奖惩规定、标准和奖金基数", frozenset({ADMIN}), False),
    "bonus.finalise": ("奖金表定稿和撤销定稿", frozenset({ADMIN}), False),
}

_current: dict[str, User | None] = {"user": None}


# ================================================================ passwords
def hash_password(password: str, salt: bytes | None = None) -> str:
    """A scrypt hash with a fresh random salt (a fixed one only for the deterministic demo)."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def _password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise BadValue(f"密码至少{MIN_PASSWORD}位")
    if len(password) > 128:
        raise BadValue("密码不超过128位")
    return password


# ================================================================ users
def has_users() -> bool:
    return User.select().where(User.active).exists()


def current() -> User | None:
    return _current["user"]


def login_as(user: User | None) -> None:
    """The session's user (None: logged out).  Writes are audited under their name."""
    _current["user"] = user
    set_session_user(user.name if user else None)


def logout() -> None:
    login_as(None)


def authenticate(name: str, password: str, now: datetime | None = None) -> User:
    """Log in; refuses in Chinese without saying whether the name or the password was wrong.
    After five failures in a row the account is locked for 15 minutes."""
    now = now or datetime.now()
    user = User.get_or_none(User.name == (name or "").strip())
    if user is None or not user.active:
        raise PermissionDenied("用户名或密码不对")
    if user.locked_until and user.locked_until > now:
        minutes = int((user.locked_until - now).total_seconds() // 60) + 1
        raise PermissionDenied(f"密码连续输错{MAX_FAILURES}次，账户已锁定，请{minutes}分钟后再试")
    if not check_password(password or "", user.password_hash):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + timedelta(minutes=LOCK_MINUTES), 0
            user.save()
            raise PermissionDenied(f"密码连续输错{MAX_FAILURES}次，账户已锁定{LOCK_MINUTES}分钟")
        user.save()
        raise PermissionDenied(f"用户名或密码不对（再错{MAX_FAILURES - user.failed_logins}次将锁定账户）")
    user.failed_logins, user.locked_until, user.last_login = 0, None, now
    login_as(user)  # the change below is audited as the user who logged in
    user.save()
    return user


def create_user(name: str, password: str, role: str, section: Section | int | None = None,
                full_name: str = "") -> User:
    """A new login.  The first user of a database must be an administrator; later ones are
    created by an administrator."""
    if has_users():
        require("users.manage")
    elif role != ADMIN:
        raise BadValue("第一个用户必须是管理员")
    login = required_text(name, "用户名")
    if len(login) > 30 or any(c.isspace() for c in login):
        raise BadValue("用户名不超过30个字符，不含空格")
    if User.select().where(User.name == login).exists():
        raise BadValue(f"已有用户“{login}”")
    if role not in ROLES:
        raise BadValue(f"角色应为{'、'.join(ROLES)}之一")
    if isinstance(section, int):
        section = Section.get_or_none(Section.id == section)
    if role == CLERK and not isinstance(section, Section):
        raise BadValue("科室录入员要指定所在科室")
    return User.create(name=login, full_name=(full_name or "").strip()[:30], role=role,
                       section=section if role == CLERK else None, password_hash=hash_password(_password(password)),
                       created_at=datetime.now())


def set_password(user: User, new_password: str, old_password: str | None = None) -> None:
    """Change a password: one's own with the old one, anyone's as an administrator."""
    me = current()
    if me is None or me.id != user.id:
        require("users.manage")
    elif not check_password(old_password or "", user.password_hash):
        raise PermissionDenied("原密码不对")
    user.password_hash = hash_password(_password(new_password))
    user.failed_logins, user.locked_until = 0, None
    user.save()


def set_active(user: User, active: bool) -> None:
    require("users.manage")
    if not active and user.role == ADMIN and User.select().where(User.role == ADMIN, User.active,
                                                                   User.id != user.id).count() == 0:
        raise BadValue("至少要保留一个启用的管理员")
    user.active = active
    user.save()


def users() -> list[User]:
    return list(User.select().order_by(User.id))


def user_by_id(user_id: int | None) -> User | None:
    return User.get_or_none(User.id == user_id) if user_id is not None else None


# ================================================================ permissions
def allowed(permission: str, section: Section | int | None = None) -> bool:
    try:
        require(permission, section)
    except PermissionDenied:
        return False
    return True


def require(permission: str, section: Section | int | None = None) -> None:
    """Refuse (PermissionDenied, in Chinese) unless the logged-in user's role may do this; a
    科室录入员 only for their own section's records.  Open while the database has no users."""
    label, roles, scoped = PERMISSIONS[permission]
    if not has_users():
        return
    user = current()
    if user is not None:  # read again: a role changed or an account switched off since the login counts now
        user = User.get_or_none(User.id == user.id, User.name == user.name, User.active)
        if user is None:
            login_as(None)
        else:
            _current["user"] = user
    if user is None:
        raise PermissionDenied(f"请先登录，才能{label}")
    if user.role not in roles:
        raise PermissionDenied(f"当前用户“{user.name}”（{user.role}）无权{label}")
    if user.role == CLERK and scoped:
        sections = section if isinstance(section, (list, tuple, set)) else [section]
        for one in sections:  # the record's section as it is and as it would become
            section_id = one.id if isinstance(one, Section) else one
            if section_id != user.section_id:
                own = user.section.name if user.section_id else "未指定"
                raise PermissionDenied(f"科室录入员只能为本科室（{own}）{label}")


def requires(permission: str, section_of=None):
    """Decorator: ``require(permission)`` before the service runs; ``section_of(*args, **kwargs)``
    names the record's section for a 科室录入员."""
    def wrap(fn):
        @wraps(fn)
        def inner(*args, **kwargs):
            section = section_of(*args, **kwargs) if section_of is not None and has_users() else None
            require(permission, section)
            try:
                return fn(*args, **kwargs)
            except pw.IntegrityError as exc:  # the check passed, then another workstation wrote first
                raise BadValue(CONCURRENT + f"（{exc}）") from exc
        inner.permission = permission
        return inner
    return wrap


CONCURRENT = ("未能保存：同一记录刚被别处写入（例如另一台电脑同时登记或结账），这次的改动已全部撤回，"
              "数据保持原样；请刷新后再看一遍")


def log_export(what: str, destination: str = "", rows: int = 0, full_ids: bool = False) -> None:
    """Personal data taken out of the program: kept in an append-only log, with the absolute
    path of the file written (links followed), whatever the path it was given as."""
    from pathlib import Path

    from govoffice_desktop.models.db import current_user

    if destination:
        destination = str(Path(destination).expanduser().resolve())
    DataExport.create(at=datetime.now(), who=current_user(), what=what[:60], destination=str(destination)[:300],
                      rows=rows, full_ids=full_ids)


# ---------------------------------------------------------------- whose section a record is
def _section_id(value) -> int | None:
    """A Section, a Person (their section), or an id of either kind's row as given."""
    from govoffice_desktop.models.staff import Person

    if isinstance(value, Section):
        return value.id
    if isinstance(value, Person):
        return value.section_id
    return None


def _person_section(value) -> int | None:
    from govoffice_desktop.models.staff import Person

    if isinstance(value, int):
        value = Person.get_or_none(Person.id == value)
    return _section_id(value)


def _both(new, record_section) -> list:
    """The section a record goes to and the one it is in now (a clerk must own both)."""
    return [new] if record_section is None else [new, record_section]


def person_form_section(data, person=None, *args, **kwargs):
    """A staff file: the section it is (or goes) in, and the one it leaves."""
    target = data.get("section") if isinstance(data, dict) else None
    new = target if isinstance(target, int) else _section_id(target) if target is not None else _section_id(person)
    return _both(new, _section_id(person) if person is not None and getattr(person, "id", None) else None)


def first_person_section(person, *args, **kwargs) -> int | None:
    return _person_section(person)


def second_person_section(_kind, person, *args, **kwargs) -> int | None:
    return _person_section(person)


def typist_section(data, entry=None, *args, **kwargs):
    before = _person_section(entry.typist_id) if entry is not None and getattr(entry, "typist_id", None) else None
    return _both(_person_section(data.get("typist")), before)


def driver_section(data, record=None, *args, **kwargs):
    before = _person_section(record.driver_id) if record is not None and getattr(record, "driver_id", None) else None
    driver = data.get("driver")
    if driver in (None, ""):
        driver = getattr(record, "driver_id", None) if record is not None else None
    return _both(_person_section(driver), before)


def meeting_section(data, entry=None, *args, **kwargs):
    section = data.get("section")
    new = section if isinstance(section, int) else _section_id(section)
    return _both(new, entry.section_id if entry is not None and getattr(entry, "id", None) else None)


def call_section(data, entry=None, *args, **kwargs):
    before = (_person_section(entry.handled_by_id)
              if entry is not None and getattr(entry, "id", None) and entry.handled_by_id else None)
    return _both(_person_section(data.get("handled_by")), before)
