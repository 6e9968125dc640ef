"""The audit log: one mechanism records every create, update and delete."""
from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

import peewee
import pytest

from govoffice_desktop.models import db
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.staff import Person, Section


def entries(table=None):
    query = AuditLog.select().order_by(AuditLog.id)
    if table:
        query = query.where(AuditLog.table == table)
    return list(query)


def test_create_update_delete_are_recorded(database):
    db.set_current_user("秘书甲")
    try:
        s = Section.create(name="信息科")
        s.name = "信息调研科"
        s.save()
        s.save()  # nothing changed: nothing recorded
        s.delete_instance()
    finally:
        db.set_current_user(None)
    log = entries("section")
    assert [e.action for e in log] == ["create", "update", "delete"]
    assert all(e.row_id == s.id and e.who == "秘书甲" for e in log)
    create, update, delete = log
    assert create.before is None and json.loads(create.after)["name"] == "信息科"
    assert json.loads(update.before)["name"] == "信息科" and json.loads(update.after)["name"] == "信息调研科"
    assert json.loads(delete.before)["name"] == "信息调研科" and delete.after is None
    assert isinstance(create.at, datetime)


def test_values_are_recorded_as_exact_text(database):
    v = Vehicle.create(plate="苏ND4567")
    Refuel.create(filled_at=datetime(2026, 5, 1, 7, 30), vehicle=v, litres="38.4", amount=Decimal("290.3"))
    after = json.loads(entries("refuel")[0].after)
    assert after["amount"] == "290.30" and after["litres"] == "38.40"
    assert after["filled_at"] == "2026-05-01T07:30:00" and after["vehicle_id"] == v.id


def test_bulk_insert_is_audited_row_by_row(database):
    section = Section.create(name="文电科")
    rows = [{"name": f"打字员{i}", "section": section, "is_typist": True} for i in range(7)]
    assert Person.bulk_insert(rows, batch=3) == 7
    log = entries("person")
    assert len(log) == 7 and {e.action for e in log} == {"create"}
    assert sorted(e.row_id for e in log) == sorted(p.id for p in Person.select())
    for e in log:  # each entry describes the row that has its id
        assert json.loads(e.after)["name"] == Person.get_by_id(e.row_id).name
        assert json.loads(e.after)["id"] == e.row_id


def test_a_refused_write_leaves_no_audit_entry(database):
    Section.create(name="行政科")
    before = AuditLog.select().count()
    with pytest.raises(peewee.IntegrityError):
        Section.create(name="行政科")
    assert AuditLog.select().count() == before


def test_the_log_is_append_only(database):
    Section.create(name="机要科")
    with pytest.raises(peewee.IntegrityError, match="只能追加"):
        AuditLog.update(who="someone else").execute()
    with pytest.raises(peewee.IntegrityError, match="只能追加"):
        AuditLog.delete().execute()
    assert AuditLog.select().count() >= 1


def test_the_os_user_writes_until_logins_exist(database, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "clerk7")
    Section.create(name="接待科")
    assert entries("section")[-1].who == "clerk7"
