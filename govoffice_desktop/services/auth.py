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
import logging
import os
import threading
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Callable

import peewee as pw

from govoffice_desktop.models.base import record, row_state
from govoffice_desktop.models.db import (current_user, database, is_busy, prepared, set_current_user, set_session_user,
                                         sqlite_file, waiting_at_most)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.users import ROLES, DataExport, User
from govoffice_desktop.services.validation import BadValue, required_text

ADMIN, SUPERVISOR, CLERK, LEADER, TYPING, FLEET, SECRETARY = ROLES
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 4
LOGIN_WAIT_MS = 2000  # how long a login's bookkeeping waits for another program's write (SQLite)
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
    "staff.rank_early": ("登记提前定级（调入未满半年定职级）", frozenset({ADMIN}), False),
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
    "documents.register": ("登记收文和发文", frozenset({ADMIN, SECRETARY}), False),
    "documents.handle": ("登记文件的办理情况", frozenset({ADMIN, SECRETARY, CLERK}), True),
    "documents.urge": ("催办", frozenset({ADMIN, SECRETARY, SUPERVISOR}), False),
    "documents.calendar": ("修改节假日安排和办理时限规定", frozenset({ADMIN}), False),
}

_current: dict[str, User | None] = {"user": None}
log = logging.getLogger(__name__)


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
def _any_user():
    return User.select(pw.Value(1)).limit(1)


def _user_again(user_id, name):
    return User.select().where(User.id == user_id, User.name == name, User.active)


def has_users() -> bool:
    """Whether logins are asked for: once a database has a user, switched off or not, it is
    never open to all again (a database whose users are all switched off is refused on opening;
    ``recover_admin`` is the way back).  Asked at every permission checked (a tab opening checks a
    few dozen): compiled once, as is the account read again."""
    return prepared("auth.any_user", _any_user).run().fetchone() is not None


def current() -> User | None:
    return _current["user"]


def display_name() -> str:
    """The name of who is writing, as a record shows it (拟办人, 办理过程's 记录人, 催办人, 登记人):
    the user's 姓名 when set, else the login name; the OS user where no one logs in."""
    name = current_user()
    user = _current["user"]
    if user is None or user.name != name:
        user = User.get_or_none(User.name == name) if has_users() else None
    return (user.full_name or "").strip() or name if user is not None else name


def login_as(user: User | None) -> None:
    """The session's user (None: logged out).  Writes are audited under their name."""
    _current["user"] = user
    set_session_user(user.name if user else None)


def logout() -> None:
    login_as(None)


# The one answer to every failed login: an unknown name, a switched-off account, a wrong password
# and a locked account read the same, so a login never tells which names exist.
LOGIN_FAILED = f"用户名或密码不对（密码连续输错{MAX_FAILURES}次的账户已锁定{LOCK_MINUTES}分钟，期间无法登录）"
# What a name that is not there is checked against: the same scrypt work as a real account's.
_NO_SUCH_USER = f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${'00' * 16}${'00' * SCRYPT['dklen']}"


def authenticate(name: str, password: str, now: datetime | None = None) -> User:
    """Log in.  Every refusal is ``LOGIN_FAILED`` after the same work (one scrypt hash), whether
    the name is unknown, the account switched off or locked, or the password wrong.  Five wrong
    passwords in a row lock a real account for 15 minutes (its right password too is refused
    until then)."""
    now = now or datetime.now()
    user = User.get_or_none(User.name == (name or "").strip())
    return _conclude(user, check_password(password or "", _hash_of(user)), now)


def begin_authenticate(name: str, password: str, now: datetime | None = None) -> Callable[[], User]:
    """``authenticate`` in two halves, so that the caller can do other work meanwhile (the window
    loads its modules): the account is read now and the password's scrypt hash, the slow part
    (about 50 ms, computed outside Python's lock), is begun in a thread; calling what this returns
    waits for it and ends the login exactly as ``authenticate`` does (the user, or
    ``PermissionDenied`` after the same bookkeeping).  Nothing is logged in until then."""
    now = now or datetime.now()
    user = User.get_or_none(User.name == (name or "").strip())
    stored, outcome = _hash_of(user), {}

    def check() -> None:
        try:
            outcome["right"] = check_password(password or "", stored)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=check, name="login-check", daemon=True)
    thread.start()

    def finish() -> User:
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return _conclude(user, outcome["right"], now)

    return finish


def _hash_of(user: User | None) -> str:
    """The hash a login is checked against: the account's, or for a name that is not there one that
    costs the same work."""
    return user.password_hash if user is not None else _NO_SUCH_USER


def _conclude(user: User | None, right: bool, now: datetime) -> User:
    """A login's end once its password is checked (``right``): refused alike for an unknown name, an
    account switched off or locked and a wrong password (which counts towards the lock), else the
    user logged in; the bookkeeping stored either way."""
    if user is None or not user.active or (user.locked_until and user.locked_until > now):
        raise PermissionDenied(LOGIN_FAILED)
    if not right:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + timedelta(minutes=LOCK_MINUTES), 0
        _record_login(user)
        raise PermissionDenied(LOGIN_FAILED)
    user.failed_logins, user.locked_until, user.last_login = 0, None, now
    login_as(user)  # the change below is audited as the user who logged in
    _record_login(user)
    return user


def _record_login(user: User) -> bool:
    """Store a login's bookkeeping (last login, failed attempts, lock) in a short transaction of
    its own.  Logging in must not make a command that only reads a writer that fails: while
    another program writes (an import), it waits a little (LOGIN_WAIT_MS), and if the database is
    still busy the login goes on without it (noted in the log), so a report or a look at the
    window still works.  A failed attempt that could not be counted still fails (and waited)."""
    try:
        with waiting_at_most(LOGIN_WAIT_MS), database.atomic():
            user.save()
        return True
    except pw.OperationalError as exc:
        if not is_busy(exc) or database.in_transaction():
            raise
        log.info("login of %s not recorded: another program kept the database busy", user.name)
        return False


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
    """Switch a login off or on; the last active administrator stays on (as stored, whatever
    the object in memory says), so the program itself never leaves a database nobody can manage."""
    require("users.manage")
    stored = User.get_or_none(User.id == user.id)
    if stored is None:
        raise BadValue(f"没有用户“{user.name}”")
    if not active and stored.role == ADMIN and User.select().where(User.role == ADMIN, User.active,
                                                                     User.id != stored.id).count() == 0:
        raise BadValue("至少要保留一个启用的管理员")
    stored.active = active
    stored.save()
    user.active = active


RECOVERY_MARK = "（恢复管理员）"


def may_recover() -> None:
    """Recovering an administrator needs no login but the database's own keys: write access to
    the SQLite file (whoever has it could change the file anyway), or on a PostgreSQL server the
    rights of the database's owner (or a superuser).  Refused in Chinese otherwise."""
    db = database.obj
    if isinstance(db, pw.PostgresqlDatabase):
        owner = db.execute_sql(
            "SELECT pg_catalog.pg_get_userbyid(d.datdba) = current_user OR r.rolsuper FROM pg_database d, "
            "pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user").fetchone()
        if not owner or not owner[0]:
            raise PermissionDenied("恢复管理员需要数据库所有者的权限：请用数据库所有者（或超级用户）的账号连接服务器")
        return
    path = sqlite_file(db)
    if path is not None and not (path.is_file() and os.access(path, os.W_OK)):
        raise PermissionDenied(f"恢复管理员需要能写入数据库文件 {path}：当前操作系统用户没有写权限")


def recovery_actor() -> str:
    """Who a recovery is written under in the audit log: the OS user, marked （恢复管理员）."""
    import getpass  # (and termios) only for a recovery

    try:
        os_user = getpass.getuser()
    except Exception:  # pragma: no cover - no user name in the environment
        os_user = "unknown"
    return f"{os_user[:50]}{RECOVERY_MARK}"


def recover_admin(name: str, password: str) -> User:
    """The way back when no administrator can log in (all switched off, a password forgotten):
    NAME, an administrator, gets the new password and is switched on and unlocked; a name that
    is not there becomes a new administrator.  Asks for no login but the rights ``may_recover``
    checks; the change is audited as the OS user followed by （恢复管理员）."""
    may_recover()
    login = required_text(name, "用户名")
    password = _password(password)
    set_current_user(recovery_actor())
    try:
        with database.atomic():
            user = User.get_or_none(User.name == login)
            if user is None:
                if len(login) > 30 or any(c.isspace() for c in login):
                    raise BadValue("用户名不超过30个字符，不含空格")
                return User.create(name=login, role=ADMIN, password_hash=hash_password(password),
                                   created_at=datetime.now())
            if user.role != ADMIN:
                raise BadValue(f"用户“{login}”是{user.role}，不是管理员：请给出一个管理员的用户名，"
                               f"或一个还没有的用户名（将新建管理员）")
            before = row_state(user)
            user.password_hash = hash_password(password)
            user.active, user.failed_logins, user.locked_until = True, 0, None
            user.save()
            if row_state(user) == before:  # only the password changed, and the log never shows it
                record(User._meta.table_name, user.id, "update", before,
                       {**before, "password_hash": "（已重设）"})
            return user
    finally:
        set_current_user(None)


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


def require(permission: str, section: Section | int | None = None, *, read_again: bool = True) -> None:
    """Refuse (PermissionDenied, in Chinese) unless the logged-in user's role may do this; a
    科室录入员 only for their own section's records.  Open while the database has no users.

    ``read_again=False`` judges the user as logged in, without reading the account again: for
    greying a window's buttons (ui/access.py, a few dozen at a tab's opening); the service that
    does the work asks again with the account as it is now."""
    label, roles, scoped = PERMISSIONS[permission]
    user = current()
    if (user is None or read_again) and not has_users():
        return
    if user is not None and read_again:  # a role changed or an account switched off since the login counts now
        user = prepared("auth.user_again", _user_again, "user_id", "name").first(User, user_id=user.id, name=user.name)
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


def who_may(permission: str) -> str:
    """The roles that have ``permission``, in the order of the roles: 管理员、督查员、领导."""
    roles = PERMISSIONS[permission][1]
    return "、".join(role for role in ROLES if role in roles)


def refusal_text(permission: str) -> str:
    """What a page the logged-in user may not see says in its middle: what is not permitted to
    whom, and which roles may (当前用户“张三”（科室录入员）无权查看评议结果。\n只有管理员、督查员、领导
    可以查看评议结果。)."""
    label = PERMISSIONS[permission][0]
    user = current()
    refused = f"当前用户“{user.name}”（{user.role}）无权{label}。" if user is not None else f"请先登录，才能{label}。"
    return f"{refused}\n只有{who_may(permission)}可以{label}。"


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
    if destination:
        destination = str(Path(destination).expanduser().resolve())
    DataExport.create(at=datetime.now(), who=current_user(), what=what[:60], destination=str(destination)[:300],
                      rows=rows, full_ids=full_ids)


# ---------------------------------------------------------------- whose section a record is
# A 科室录入员's rights are decided on the rows as stored, re-read by primary key, never only on the
# objects handed in: a script could change an object's section (or its typist, driver…) in memory
# before saving it.  Where the object in memory is what a save writes, it must be the clerk's too.
def _section_id(value) -> int | None:
    """A Section's id (a section is named by its key), or a section id as given."""
    if isinstance(value, Section):
        return value.id
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _stored(record, column: str):
    """``column`` of ``record``'s row as stored (by its primary key); None for a record not saved."""
    key = getattr(record, "id", None) if record is not None else None
    if key is None:
        return None
    model = type(record)
    return model.select(getattr(model, column)).where(model._meta.primary_key == key).scalar()


def _person_sections(value) -> list:
    """The sections a person given by id or object counts in: their stored row's, and, for an
    object whose section was changed in memory, that one too (a save would write it)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return [Person.select(Person.section).where(Person.id == value).scalar()]
    if isinstance(value, Person):
        if value.id is None:
            return [value.section_id]
        stored = _stored(value, "section")
        return [stored] if value.section_id == stored else [stored, value.section_id]
    return [None]


def _person_section(value) -> int | None:
    """A person's section as stored (by id or object)."""
    return _person_sections(value)[0]


def _both(new, record_section) -> list:
    """The section a record goes to and the one it is in now (a clerk must own both)."""
    new = new if isinstance(new, list) else [new]
    if record_section is None:
        return new
    return new + (record_section if isinstance(record_section, list) else [record_section])


def person_form_section(data, person=None, *args, **kwargs):
    """A staff file: the section it is (or goes) in, and the one it leaves (as stored)."""
    target = data.get("section") if isinstance(data, dict) else None
    if target is not None:
        new = [_section_id(target)]
    else:
        new = [person.section_id] if person is not None else [None]
    return _both(new, _person_sections(person) if person is not None and getattr(person, "id", None) else None)


def first_person_section(person, *args, **kwargs) -> list:
    return _person_sections(person)


def second_person_section(_kind, person, *args, **kwargs) -> list:
    return _person_sections(person)


def _entry_person(entry, column: str) -> list | None:
    """The sections of the person an entry names, as the entry is stored and as it is in memory."""
    if entry is None or getattr(entry, "id", None) is None:
        return None
    ids = {_stored(entry, column), getattr(entry, f"{column}_id", None)}
    sections = [_person_section(i) for i in ids if i is not None]
    return sections or None


def typist_section(data, entry=None, *args, **kwargs):
    return _both(_person_sections(data.get("typist")), _entry_person(entry, "typist"))


def driver_section(data, record=None, *args, **kwargs):
    driver = data.get("driver")
    if driver in (None, ""):
        driver = getattr(record, "driver_id", None) if record is not None else None
    return _both(_person_sections(driver), _entry_person(record, "driver"))


def meeting_section(data, entry=None, *args, **kwargs):
    new = _section_id(data.get("section"))
    if entry is None or getattr(entry, "id", None) is None:
        return [new]
    before = [s for s in {_stored(entry, "section"), entry.section_id} if s is not None]
    return _both(new, before or None)


def call_section(data, entry=None, *args, **kwargs):
    return _both(_person_sections(data.get("handled_by")), _entry_person(entry, "handled_by"))
