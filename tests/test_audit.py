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


def test_bulk_insert_audited_by_batch_lists_each_rows_id_and_the_chain_holds(database):
    from govoffice_desktop.services import audit, auth

    section = Section.create(name="文电科")
    rows = [{"name": f"打字员{i}", "section": section, "is_typist": True} for i in range(7)]
    assert Person.bulk_insert(rows, batch=3, audit="batch") == 7
    log = entries("person")
    assert [e.action for e in log] == ["create"] * 3 and all(e.row_id is None and e.hash for e in log)
    listed = [json.loads(e.after)["ids"] for e in log]
    assert [len(ids) for ids in listed] == [3, 3, 1] and [json.loads(e.after)["rows"] for e in log] == [3, 3, 1]
    assert sorted(i for ids in listed for i in ids) == sorted(p.id for p in Person.select())
    Section.create(name="行政科")  # a single write after it chains on
    auth.login_as(auth.create_user("admin", "pw-admin-1", "管理员"))
    try:
        assert audit.verify().ok
    finally:
        auth.logout()
    with pytest.raises(ValueError):
        Person.bulk_insert(rows, audit="none")


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


def test_writes_that_would_escape_the_log_are_refused(database):
    from govoffice_desktop.models.base import UnauditedWrite

    Section.create(name="调研室")
    with pytest.raises(UnauditedWrite):
        Section.update(name="x").execute()
    with pytest.raises(UnauditedWrite):
        Section.delete().execute()
    with pytest.raises(UnauditedWrite):
        Section.insert(name="y").execute()
    with pytest.raises(UnauditedWrite):
        Section.insert_many([{"name": "z"}]).execute()
    assert [s.name for s in Section.select()] == ["调研室"]


def test_update_where_and_delete_where_are_audited(database):
    a = Section.create(name="秘书一科")
    b = Section.create(name="秘书二科")
    people = [Person.create(name=n, section=a) for n in ("甲", "乙", "丙")]
    Person.create(name="丁", section=b)
    assert Person.update_where({"section": b.id}, Person.section == a.id) == 3
    moves = [e for e in entries("person") if e.action == "update"]
    assert sorted(e.row_id for e in moves) == sorted(p.id for p in people)
    assert all(json.loads(e.before)["section_id"] == a.id and json.loads(e.after)["section_id"] == b.id
               for e in moves)
    assert Person.delete_where(Person.name.in_(["甲", "乙"])) == 2
    assert len([e for e in entries("person") if e.action == "delete"]) == 2


def test_cascaded_children_are_deleted_and_logged(database):
    from datetime import date

    from govoffice_desktop.models.staff import Training

    p = Person.create(name="学习者")
    t = Training.create(person=p, kind="讲座", title="公文写作", started_on=date(2026, 3, 1))
    p.delete_instance()
    log = [(e.table, e.row_id, e.action) for e in entries() if e.action == "delete"]
    assert log == [("training", t.id, "delete"), ("person", p.id, "delete")]


def test_set_null_references_are_cleared_and_logged(database):
    section = Section.create(name="综合科")
    chief = Person.create(name="科长甲", section=None)
    section.chief = chief
    section.save()
    chief.delete_instance()
    assert Section.get_by_id(section.id).chief is None
    update = [e for e in entries("section") if e.action == "update"][-1]
    assert json.loads(update.before)["chief_id"] == chief.id and json.loads(update.after)["chief_id"] is None


def test_partial_saves_and_stale_deletes_record_what_the_row_holds(database):
    s = Section.create(name="信息科", duties="信息")
    s.name = "信息调研科"
    s.duties = "只在内存里"
    s.save(only=[Section.name])
    after = json.loads(entries("section")[-1].after)
    assert after["name"] == "信息调研科" and after["duties"] == "信息"
    stale = Section.get_by_id(s.id)
    stale.duties = "也只在内存里"
    stale.delete_instance()
    assert json.loads(entries("section")[-1].before)["duties"] == "信息"


def test_other_bypasses_are_refused(database):
    from govoffice_desktop.models.base import UnauditedWrite

    with pytest.raises(UnauditedWrite):
        Section.truncate_table()
    with pytest.raises(UnauditedWrite):
        Person.create(name="x").delete_instance(recursive=True)
    with pytest.raises(ValueError, match="自行分配编号"):
        Section.bulk_insert([{"id": 500, "name": "指定编号"}])


def test_bulk_audit_entries_say_what_single_saves_say(database):
    from datetime import date

    from govoffice_desktop.models.base import row_state

    v = Vehicle.create(plate="苏NG7890", purchased_on=date(2020, 5, 1))
    rows = [{"filled_at": datetime(2026, 3, 1, 8, 5, 9), "vehicle": v.id, "litres": Decimal("40.05"),
             "amount": Decimal("-0.50"), "unit_price": None, "full_tank": False, "driver_name": "张\"三"},
            {"filled_at": datetime(2026, 3, 2, 8, 0, 0, 123456), "vehicle": v, "litres": "7", "amount": "12345.6"}]
    Refuel.bulk_insert(rows)
    for e in entries("refuel"):
        assert json.loads(e.after) == row_state(Refuel.get_by_id(e.row_id))
