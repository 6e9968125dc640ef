"""The audit log in the office's words for every table (issue 21, point 6): each field of each
model has a Chinese label, and a reference reads as the record's name, not its id."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from govoffice_desktop.models.tables import ALL_MODELS
from govoffice_desktop.services import field_labels

CJK = re.compile(r"[\u4e00-\u9fff]")
ID_LIKE = re.compile(r"\b[a-z]+_id\b|\b[a-z]+_[a-z_]+=")


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m._meta.table_name)
def test_every_field_of_every_model_has_a_chinese_label(model):
    table = model._meta.table_name
    for field in model._meta.sorted_fields:
        if field.name == "id":
            continue
        for key in {field.name, field.column_name}:
            text = field_labels.label(table, key)
            assert text and CJK.search(text), f"{table}.{key} has no label in words (services/field_labels.py)"


def _all_changes_of(table) -> list[str]:
    """内容 of each entry of ``table`` as the audit log shows them, oldest first."""
    from govoffice_desktop.services import audit

    listing = audit.audit_listing(table=table, since=date(2000, 1, 1))
    return [r[5] for r in reversed(list(listing.rows(listing.ids()).values()))]


def _changes_of(table) -> dict[str, str]:
    from govoffice_desktop.services import audit

    listing = audit.audit_listing(table=table, since=date(2000, 1, 1))
    return {r[4]: r[5] for r in listing.rows(listing.ids()).values()}


@pytest.fixture()
def admin(database):
    from govoffice_desktop.services import auth

    auth.login_as(auth.create_user("admin", "pw-admin-1", "管理员"))


def test_a_vehicle_change_reads_in_words_with_names(admin):
    from govoffice_desktop.models.fleet import Vehicle
    from govoffice_desktop.models.staff import Person

    zhang, li = Person.create(name="张师傅"), Person.create(name="李师傅")
    car = Vehicle.create(plate="贵A12345", brand_model="别克GL8", fuel_quota=Decimal("12.00"), driver=zhang)
    car.driver, car.fuel_quota = li, Decimal("11.50")
    car.save()
    changes = _changes_of("vehicle")
    assert "车牌号=贵A12345" in changes["新建"] and "品牌型号=别克GL8" in changes["新建"]
    assert "驾驶员=张师傅" in changes["新建"]
    assert "驾驶员：张师傅 → 李师傅" in changes["修改"] and "油耗定额（升/百公里）：12.00 → 11.50" in changes["修改"]
    for text in changes.values():
        assert not ID_LIKE.search(text), text


def test_a_rating_change_names_the_period_section_and_person_and_a_gone_record(admin):
    from govoffice_desktop.models.ratings import EXPLANATION_KINDS, Explanation, RatingPeriod
    from govoffice_desktop.models.staff import Person, Section

    period = RatingPeriod.create(year=2026, quarter=4)
    office = Section.create(name="秘书一科")
    wang, gone = Person.create(name="王科长"), Person.create(name="赵某")
    note = Explanation.create(period=period, section=office, kind=EXPLANATION_KINDS[0], person=gone)
    gone_id = gone.id
    gone.delete_instance()  # SET NULL: the explanation's person is cleared (an update logged)
    note = Explanation.get_by_id(note.id)
    note.person, note.received_on = wang, date(2026, 12, 6)
    note.save()
    changes = _all_changes_of("explanation")
    created = next(c for c in changes if "评议期=" in c)
    assert "评议期=2026年第四季度" in created and "科室=秘书一科" in created
    assert f"人员=编号 {gone_id}（已删除）" in created
    assert any("人员：（空） → 王科长" in c and "收到日期：（空） → 2026-12-06" in c for c in changes), changes
    for text in changes:
        assert not ID_LIKE.search(text), text


def test_an_export_record_reads_in_words():
    from govoffice_desktop.services import audit

    packed = audit.SEPARATOR.join(["data_export", "", '{"at": "2026-12-06 09:50:44.934065", "who": "admin", '
                                   '"what": "人员档案", "destination": "/tmp/x.xlsx", "rows": 3, "full_ids": false}'])
    text = audit._changes(packed)
    assert text.startswith("导出时间=2026-12-06 09:50") and "操作人=admin" in text and "导出内容=人员档案" in text
    assert "去向=/tmp/x.xlsx" in text and "行数=3" in text
