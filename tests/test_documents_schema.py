"""Schema step 13 (文电办理): the registers' tables, the default 办理时限, the role 文书, and a 文印
log's reference to its 发文 — on a database of version 12 and on a new one."""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import peewee
import pytest

from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.documents import IncomingDocument, OutgoingDocument, TimeLimitRule
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.models.users import SECRETARY, User

DATA = Path(__file__).parent / "data"


@pytest.fixture
def v12(tmp_path):
    path = tmp_path / "v12.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v12.sql").read_text(encoding="utf-8"))
    con.close()
    yield path
    db.close_database()


def limits():
    return {(r.effective_from, r.urgency): r.working_days for r in TimeLimitRule.select()}


def test_an_office_of_version_12_gains_the_registers_and_keeps_its_users(v12):
    before = sqlite3.connect(v12).execute("SELECT * FROM user ORDER BY id").fetchall()
    handle = db.open_database(v12)
    assert migrations.current_version() == migrations.CURRENT_VERSION >= migrations.DOCUMENTS
    assert handle.execute_sql("SELECT * FROM user ORDER BY id").fetchall() == before
    assert limits() == {(date(2000, 1, 1), "特急"): 1, (date(2000, 1, 1), "加急"): 3, (date(2000, 1, 1), "平件"): 7}
    assert {"incoming_document", "outgoing_document", "holiday", "holiday_year", "urge"} <= set(handle.get_tables())
    assert "outgoing_id" in {c.name for c in handle.get_columns("typing_log")}
    # the user table was rebuilt with its indexes: a second login of the same name is still refused
    name, = handle.execute_sql("SELECT name FROM user LIMIT 1").fetchone()
    with pytest.raises(peewee.IntegrityError), handle.atomic():
        handle.execute_sql("INSERT INTO user (name, full_name, role, password_hash, failed_logins, active, created_at) "
                           "VALUES (?, '', '文书', 'x', 0, 1, '2026-12-06')", (name,))
    # and the new role is allowed, an unknown one still refused
    handle.execute_sql("INSERT INTO user (name, full_name, role, password_hash, failed_logins, active, created_at) "
                       "VALUES ('wenshu', '', ?, 'x', 0, 1, '2026-12-06')", (SECRETARY,))
    with pytest.raises(peewee.IntegrityError), handle.atomic():
        handle.execute_sql("INSERT INTO user (name, full_name, role, password_hash, failed_logins, active, created_at) "
                           "VALUES ('other', '', '门卫', 'x', 0, 1, '2026-12-06')")
    assert handle.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert handle.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_step_does_not_overwrite_limits_an_office_has_set(v12):
    con = sqlite3.connect(v12)
    con.execute('CREATE TABLE "time_limit_rule" ("id" INTEGER NOT NULL PRIMARY KEY, "effective_from" DATE NOT NULL, '
                '"urgency" VARCHAR(2) NOT NULL, "working_days" INTEGER NOT NULL)')
    con.execute("INSERT INTO time_limit_rule VALUES (1, '2026-01-01', '平件', 5)")
    con.commit()
    con.close()
    db.open_database(v12)
    assert limits() == {(date(2026, 1, 1), "平件"): 5}


def test_the_registers_refuse_what_cannot_be(database):
    """The rules the tables hold whatever writes them: a 发文 is not 印发 before it is 签发, a
    number is not given twice, a 收文 is voided only with a reason."""
    with pytest.raises(peewee.IntegrityError), database.atomic():
        OutgoingDocument.create(prefix="宿政办发", title="关于做好冬季安全生产工作的通知", drafted_on=date(2026, 12, 1),
                                printed_on=date(2026, 12, 2))
    OutgoingDocument.create(prefix="宿政办发", year=2026, serial=12, title="甲", drafted_on=date(2026, 12, 1),
                            signed_on=date(2026, 12, 2), status="已签发")
    with pytest.raises(peewee.IntegrityError), database.atomic():
        OutgoingDocument.create(prefix="宿政办发", year=2026, serial=12, title="乙", drafted_on=date(2026, 12, 1),
                                signed_on=date(2026, 12, 2), status="已签发")
    OutgoingDocument.create(prefix="宿政办函", year=2026, serial=12, title="丙", drafted_on=date(2026, 12, 1),
                            signed_on=date(2026, 12, 2), status="已签发")  # another 代字 has its own numbers
    with pytest.raises(peewee.IntegrityError), database.atomic():
        IncomingDocument.create(year=2026, serial=1, received_on=date(2026, 12, 1), source_unit="省政府办公厅",
                                title="关于……的通知", status="已作废")
    doc = IncomingDocument.create(year=2026, serial=1, received_on=date(2026, 12, 1), source_unit="省政府办公厅",
                                  title="关于……的通知")
    with pytest.raises(peewee.IntegrityError), database.atomic():
        IncomingDocument.create(year=2026, serial=1, received_on=date(2026, 12, 1), source_unit="市委办公室",
                                title="又一件")
    log = TypingLog.create(typed_on=date(2026, 12, 1), typist_name="李文书", title="甲", pages=3)
    assert log.outgoing is None and doc.status == "办理中"


@pytest.mark.pg
def test_a_server_database_of_version_12_gains_the_registers_and_the_role(empty_pg):
    handle = db.open_database(empty_pg)
    handle.execute_sql('ALTER TABLE "typing_log" DROP COLUMN "outgoing_id"')
    handle.execute_sql('DROP TABLE "urge", "circulation", "incoming_step", "incoming_document", '
                       '"outgoing_document", "holiday", "holiday_year", "time_limit_rule"')
    handle.execute_sql('ALTER TABLE "user" DROP CONSTRAINT IF EXISTS "user_role_check"')
    handle.execute_sql('''ALTER TABLE "user" ADD CONSTRAINT "user_role_check" CHECK (role IN ('管理员','督查员','科室录入员','领导','文印管理员','车辆管理员'))''')
    handle.execute_sql("DELETE FROM schema_version WHERE version >= %s", (migrations.DOCUMENTS,))
    db.close_database()
    db.open_database(empty_pg)
    assert migrations.current_version() == migrations.CURRENT_VERSION
    assert len(limits()) == 3
    User.create(name="wenshu", role=SECRETARY, password_hash="x", created_at=date(2026, 12, 6))
    with pytest.raises(peewee.IntegrityError):
        User.create(name="other", role="门卫", password_hash="x", created_at=date(2026, 12, 6))


@pytest.fixture
def empty_pg():
    from tests import pg
    if not pg.URL:
        pytest.skip("需要 GOVOFFICE_TEST_PG")
    yield pg.empty_target()
    db.close_database()
