"""发文 (services/documents/outgoing.py): 拟稿, 签发 numbering per 代字 and year (in order, never twice, no
gaps, two workstations at once), 印发 only after 签发, 作废 with a reason keeping the number, the 代字
list, corrections, who may, the register's filters, and the 文印 link."""
from __future__ import annotations

from datetime import date

import pytest

from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.documents import OUT_DRAFT, OUT_ISSUED, OUT_SIGNED, OUT_VOID, OutgoingDocument
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import auth, typing_pool
from govoffice_desktop.services.documents import outgoing
from govoffice_desktop.services.validation import BadValue
from tests import pg

TODAY = date(2026, 11, 30)


@pytest.fixture
def office(database):
    section = Section.create(name="秘书一科", sort_order=1)
    other = Section.create(name="综合科", sort_order=2)
    drafter = Person.create(name="张伟", section=section, post="科员")
    typist = Person.create(name="李娜", section=other, post="打字员", is_typist=True)
    outgoing.set_prefixes(["宿政办发", "宿政办函", "宿政办电"])
    return {"section": section, "other": other, "drafter": drafter, "typist": typist}


def _draft(office, title="关于做好冬季安全生产工作的通知", prefix="宿政办发", drafted_on=date(2026, 11, 2), **more):
    data = {"prefix": prefix, "title": title, "drafter": office["drafter"].id, "reviewer": "王芳",
            "main_to": "各县（区）人民政府，市各委办局", "copy_to": "市委办公室", "publicity": "主动公开",
            "urgency": "平件", "drafted_on": drafted_on}
    data.update(more)
    return outgoing.draft(data, today=TODAY)


# ---------------------------------------------------------------- 代字
def test_the_prefixes_are_a_setting_each_once_and_plain(office):
    assert outgoing.prefixes() == ["宿政办发", "宿政办函", "宿政办电"]
    assert outgoing.set_prefixes("宿政发\n宿政办发，宿政办函") == ["宿政发", "宿政办发", "宿政办函"]
    with pytest.raises(BadValue, match="重复"):
        outgoing.set_prefixes(["宿政办发", "宿政办发"])
    with pytest.raises(BadValue, match="至少要有一个"):
        outgoing.set_prefixes(" \n ")
    with pytest.raises(BadValue, match="不含空格、括号、年份或序号"):
        outgoing.set_prefixes(["宿政办发〔2026〕"])
    assert outgoing.prefixes() == ["宿政发", "宿政办发", "宿政办函"]  # refusals left it as it was


def test_a_draft_takes_a_prefix_of_the_list_and_keeps_it_when_taken_off(office):
    with pytest.raises(BadValue, match="不在本单位的发文代字中"):
        _draft(office, prefix="苏政发")
    doc = _draft(office, prefix="宿政办电")
    assert (doc.status, doc.year, doc.serial, outgoing.number_of(doc)) == (OUT_DRAFT, None, None, "")
    assert doc.section_id == office["section"].id  # the drafter's section
    outgoing.set_prefixes(["宿政办发"])
    outgoing.correct(doc, {**outgoing.document_row(doc), "drafter": office["drafter"].id,
                           "section": office["section"].id, "title": "改过的标题"}, today=TODAY)
    assert OutgoingDocument.get_by_id(doc.id).prefix == "宿政办电"


def test_no_prefix_list_yet_says_where_to_set_it(database):
    Section.create(name="秘书一科")
    with pytest.raises(BadValue, match="还没有设置发文代字"):
        outgoing.draft({"prefix": "宿政办发", "title": "t", "drafter_name": "张伟", "section": 1, "main_to": "x"},
                       today=TODAY)


def test_a_draft_needs_its_title_drafter_section_and_main_recipients(office):
    for missing, message in (("title", "标题不能为空"), ("main_to", "主送")):
        with pytest.raises(BadValue, match=message):
            _draft(office, **{missing: ""})
    with pytest.raises(BadValue, match="拟稿科室"):
        _draft(office, drafter=None, drafter_name="外单位的人", section=None)
    with pytest.raises(BadValue, match="还没到"):
        _draft(office, drafted_on=date(2026, 12, 1))
    with pytest.raises(BadValue, match="公开属性"):
        _draft(office, publicity="随便")
    assert OutgoingDocument.select().count() == 0


# ---------------------------------------------------------------- 签发
def test_signing_numbers_per_prefix_and_year_in_order(office):
    a, b, c, d = (_draft(office, f"文{i}", prefix=p) for i, p in
                  enumerate(["宿政办发", "宿政办发", "宿政办函", "宿政办发"]))
    outgoing.sign(a, "市政府秘书长 陈明", date(2026, 11, 3), today=TODAY)
    outgoing.sign(c, "陈明", date(2026, 11, 3), today=TODAY)
    outgoing.sign(b, "陈明", date(2026, 11, 4), today=TODAY)
    assert [outgoing.number_of(x) for x in (a, b, c)] == ["宿政办发〔2026〕1号", "宿政办发〔2026〕2号",
                                                          "宿政办函〔2026〕1号"]
    assert a.status == OUT_SIGNED and a.signer == "市政府秘书长 陈明"  # the caller's copy follows
    with pytest.raises(BadValue, match="已签发，不能再签发"):
        outgoing.sign(a, "陈明", date(2026, 11, 5), today=TODAY)
    with pytest.raises(BadValue, match="早于上一个文号 宿政办发〔2026〕2号 的签发日期 2026-11-04"):
        outgoing.sign(d, "陈明", date(2026, 11, 3), today=TODAY)
    assert OutgoingDocument.get_by_id(d.id).serial is None  # the refusal numbered nothing


def test_the_year_of_signing_numbers_from_one(office):
    old = _draft(office, "去年的文", drafted_on=date(2025, 12, 29))
    new = _draft(office, "今年的文", drafted_on=date(2025, 12, 30))
    outgoing.sign(old, "陈明", date(2025, 12, 31), today=TODAY)
    outgoing.sign(new, "陈明", date(2026, 1, 4), today=TODAY)
    assert outgoing.number_of(old) == "宿政办发〔2025〕1号"
    assert outgoing.number_of(new) == "宿政办发〔2026〕1号"


def test_signing_refuses_a_date_before_the_draft_or_in_the_future_and_an_empty_signer(office):
    doc = _draft(office)
    with pytest.raises(BadValue, match="早于拟稿日期"):
        outgoing.sign(doc, "陈明", date(2026, 11, 1), today=TODAY)
    with pytest.raises(BadValue, match="还没到"):
        outgoing.sign(doc, "陈明", date(2026, 12, 1), today=TODAY)
    with pytest.raises(BadValue, match="签发人不能为空"):
        outgoing.sign(doc, " ", date(2026, 11, 3), today=TODAY)
    assert OutgoingDocument.get_by_id(doc.id).status == OUT_DRAFT


def test_a_voided_number_keeps_its_place_and_is_never_given_again(office):
    a, b = _draft(office, "甲"), _draft(office, "乙")
    outgoing.sign(a, "陈明", date(2026, 11, 3), today=TODAY)
    with pytest.raises(BadValue, match="作废原因不能为空"):
        outgoing.void(a, "  ")
    outgoing.void(a, "领导要求另行起草")
    stored = OutgoingDocument.get_by_id(a.id)
    assert (stored.status, stored.serial, stored.void_reason) == (OUT_VOID, 1, "领导要求另行起草")
    outgoing.sign(b, "陈明", date(2026, 11, 4), today=TODAY)
    assert outgoing.number_of(b) == "宿政办发〔2026〕2号"
    with pytest.raises(BadValue, match="已作废，不能再修改"):
        outgoing.correct(a, {"title": "x"}, today=TODAY)
    with pytest.raises(BadValue, match="已经作废"):
        outgoing.void(a, "再废一次")


def test_a_draft_voided_has_no_number_and_an_issued_document_is_not_voided(office):
    doc = _draft(office)
    outgoing.void(doc, "不再发文")
    assert OutgoingDocument.get_by_id(doc.id).serial is None
    issued = _draft(office, "印发了的")
    outgoing.sign(issued, "陈明", date(2026, 11, 3), today=TODAY)
    outgoing.issue(issued, date(2026, 11, 4), 40, today=TODAY)
    with pytest.raises(BadValue, match="已印发，不能作废"):
        outgoing.void(issued, "想作废")


# ---------------------------------------------------------------- 印发
def test_printing_only_after_signing_and_not_before_its_date(office):
    doc = _draft(office)
    with pytest.raises(BadValue, match="还没有签发，不能印发"):
        outgoing.issue(doc, date(2026, 11, 5), 30, today=TODAY)
    outgoing.sign(doc, "陈明", date(2026, 11, 5), today=TODAY)
    with pytest.raises(BadValue, match="早于签发日期"):
        outgoing.issue(doc, date(2026, 11, 4), 30, today=TODAY)
    with pytest.raises(BadValue, match="印发份数"):
        outgoing.issue(doc, date(2026, 11, 6), 0, today=TODAY)
    assert OutgoingDocument.get_by_id(doc.id).status == OUT_SIGNED
    outgoing.issue(doc, date(2026, 11, 6), 30, today=TODAY)
    stored = OutgoingDocument.get_by_id(doc.id)
    assert (stored.status, stored.printed_on, stored.copies) == (OUT_ISSUED, date(2026, 11, 6), 30)
    with pytest.raises(BadValue, match="已印发，不能再印发"):
        outgoing.issue(doc, date(2026, 11, 7), 30, today=TODAY)


def test_the_database_refuses_printing_before_signing_whatever_writes(office):
    doc = _draft(office)
    doc.printed_on = date(2026, 11, 5)
    with pytest.raises(Exception):
        doc.save()


# ---------------------------------------------------------------- corrections
def test_corrections_are_audited_and_keep_the_number(office):
    doc = _draft(office)
    outgoing.sign(doc, "陈明", date(2026, 11, 5), today=TODAY)
    outgoing.issue(doc, date(2026, 11, 6), 30, today=TODAY)
    before = AuditLog.select().where(AuditLog.table == "outgoing_document").count()
    row = {**outgoing.document_row(doc), "drafter": office["drafter"].id, "section": office["other"].id}
    outgoing.correct(doc, {**row, "signer": "李强", "signed_on": date(2026, 11, 4), "copies": 45}, today=TODAY)
    stored = OutgoingDocument.get_by_id(doc.id)
    assert (stored.signer, stored.signed_on, stored.copies, stored.serial) == ("李强", date(2026, 11, 4), 45, 1)
    assert stored.section_id == office["other"].id
    last = AuditLog.select().where(AuditLog.table == "outgoing_document").order_by(AuditLog.id.desc()).first()
    assert AuditLog.select().where(AuditLog.table == "outgoing_document").count() == before + 1
    assert last.action == "update" and "李强" in last.after
    with pytest.raises(BadValue, match="只能在2026年内更正"):
        outgoing.correct(doc, {**row, "signed_on": date(2025, 12, 30)}, today=TODAY)
    with pytest.raises(BadValue, match="已编号，不能改发文代字"):
        outgoing.correct(doc, {**row, "prefix": "宿政办函"}, today=TODAY)
    with pytest.raises(BadValue, match="早于签发日期"):
        outgoing.correct(doc, {**row, "printed_on": date(2026, 11, 1)}, today=TODAY)
    assert OutgoingDocument.get_by_id(doc.id).signed_on == date(2026, 11, 4)


def test_a_drafts_prefix_may_be_corrected_before_it_is_numbered(office):
    doc = _draft(office)
    row = {**outgoing.document_row(doc), "drafter": office["drafter"].id, "section": office["section"].id}
    outgoing.correct(doc, {**row, "prefix": "宿政办函"}, today=TODAY)
    outgoing.sign(doc, "陈明", date(2026, 11, 3), today=TODAY)
    assert outgoing.number_of(doc) == "宿政办函〔2026〕1号"


# ---------------------------------------------------------------- who may
def test_only_the_administrator_and_the_secretary_register(office):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    secretary = auth.create_user("wenshu", "pw-pw-pw", "文书")
    leader = auth.create_user("leader", "pw-pw-pw", "领导")
    clerk = auth.create_user("clerk", "pw-pw-pw", "科室录入员", office["section"])
    try:
        auth.login_as(secretary)
        doc = _draft(office)
        outgoing.sign(doc, "陈明", date(2026, 11, 3), today=TODAY)
        assert doc.registered_by == "wenshu"
        for user in (leader, clerk):
            auth.login_as(user)
            with pytest.raises(auth.PermissionDenied, match="登记收文和发文"):
                _draft(office)
            with pytest.raises(auth.PermissionDenied):
                outgoing.issue(doc, date(2026, 11, 4), 10, today=TODAY)
            with pytest.raises(auth.PermissionDenied):
                outgoing.set_prefixes(["宿政发"])
            assert outgoing.outgoing_listing().ids()  # reading is for everyone
    finally:
        auth.logout()


# ---------------------------------------------------------------- the register
def test_the_register_filters_by_year_prefix_status_and_section(office):
    old = _draft(office, "去年的", drafted_on=date(2025, 12, 1))
    outgoing.sign(old, "陈明", date(2025, 12, 2), today=TODAY)
    signed = _draft(office, "签发的", prefix="宿政办函")
    outgoing.sign(signed, "陈明", date(2026, 11, 3), today=TODAY)
    draft = _draft(office, "草稿", section=office["other"].id, drafter=None, drafter_name="外借人员")
    listing = outgoing.outgoing_listing()
    assert set(listing.ids()) == {old.id, signed.id, draft.id}
    assert set(listing.ids(filters={"year": 2026})) == {signed.id, draft.id}
    assert listing.ids(filters={"year": 2025}) == [old.id]
    assert listing.ids(filters={"prefix": "宿政办函"}) == [signed.id]
    assert listing.ids(filters={"status": OUT_DRAFT}) == [draft.id]
    assert listing.ids(filters={"section_id": office["other"].id}) == [draft.id]
    assert listing.ids(search="宿政办函〔2026〕1号") == [signed.id]
    assert listing.count_matching(filters={"year": 2026, "status": OUT_SIGNED}) == 1
    rows = listing.rows([signed.id, draft.id])
    assert rows[signed.id][listing.keys.index("number")] == "宿政办函〔2026〕1号"
    assert rows[draft.id][listing.keys.index("number")] == ""
    assert listing.ids(order="number") == [draft.id, signed.id, old.id]  # newest first, drafts on top of their year
    assert listing.ids(order="number", descending=False) == [old.id, signed.id, draft.id]
    assert outgoing.listing_years() == [2026, 2025]


# ---------------------------------------------------------------- the 文印 link
def test_a_typing_log_names_its_outgoing_document_and_the_document_lists_its_drafts(office):
    doc = _draft(office)
    outgoing.sign(doc, "陈明", date(2026, 11, 3), today=TODAY)
    entry = typing_pool.log_work({"typed_on": date(2026, 11, 4), "typist": office["typist"].id,
                                  "title": "冬季安全生产通知（二稿）", "pages": 4, "outgoing": doc.id})
    assert entry.outgoing_id == doc.id
    assert entry.doc_number == "宿政办发〔2026〕1号"  # the number filled in when left empty
    other = typing_pool.log_work({"typed_on": date(2026, 11, 2), "typist": office["typist"].id,
                                  "title": "一稿", "pages": 3, "doc_number": "手写的", "outgoing": doc.id})
    assert other.doc_number == "手写的"
    assert [t.id for t in outgoing.typing_logs_of(doc)] == [other.id, entry.id]
    listing = outgoing.outgoing_listing()
    assert listing.rows([doc.id])[doc.id][listing.keys.index("typed")] == 2
    assert typing_pool.typing_log_listing().ids(filters={"outgoing_id": doc.id}) == [entry.id, other.id]
    typing_pool.log_work({"typed_on": date(2026, 11, 4), "typist": office["typist"].id,
                          "title": "冬季安全生产通知（二稿）", "pages": 4, "outgoing": None}, entry)
    assert TypingLog.get_by_id(entry.id).outgoing_id is None
    with pytest.raises(BadValue, match="所属发文不存在"):
        typing_pool.log_work({"typed_on": date(2026, 11, 4), "typist": office["typist"].id, "title": "x",
                              "pages": 1, "outgoing": 9999})


def test_the_typing_form_offers_recent_documents_not_voided_and_the_current_one(office):
    recent, gone, old = _draft(office, "近的"), _draft(office, "作废的"), _draft(office, "旧的",
                                                                              drafted_on=date(2025, 6, 1))
    outgoing.void(gone, "不发了")
    choices = outgoing.typing_choices(today=TODAY)
    assert [c.id for c in choices] == [recent.id]
    assert [c.id for c in outgoing.typing_choices(current=gone.id, today=TODAY)] == [gone.id, recent.id]
    assert "已作废" in outgoing.typing_choices(current=gone.id, today=TODAY)[0].text
    assert old.id not in [c.id for c in choices]


# ---------------------------------------------------------------- two workstations
@pytest.mark.pg
def test_two_workstations_signing_at_once_get_consecutive_numbers(office, monkeypatch):
    from tests.test_two_workstations import Race

    a, b = _draft(office, "甲"), _draft(office, "乙")
    outcomes = Race(monkeypatch, outgoing).run(lambda: outgoing.sign(a, "陈明", date(2026, 11, 3), today=TODAY).serial,
                                               lambda: outgoing.sign(b, "陈明", date(2026, 11, 3), today=TODAY).serial)
    assert sorted(outcomes) == [("applied", 1), ("applied", 2)], outcomes
    assert sorted(s for (s,) in OutgoingDocument.select(OutgoingDocument.serial).tuples()) == [1, 2]


@pytest.mark.pg
def test_one_document_signed_at_two_workstations_at_once_is_numbered_once(office, monkeypatch):
    from tests.test_two_workstations import Race

    doc = _draft(office)
    copies = [OutgoingDocument.get_by_id(doc.id), OutgoingDocument.get_by_id(doc.id)]  # each window's copy
    outcomes = Race(monkeypatch, outgoing).run(lambda: outgoing.sign(copies[0], "陈明", date(2026, 11, 3),
                                                                     today=TODAY).serial,
                                               lambda: outgoing.sign(copies[1], "李强", date(2026, 11, 3),
                                                                     today=TODAY).serial)
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["applied", "refused"], outcomes
    assert "已签发，不能再签发" in next(v for k, v in outcomes if k == "refused")
    assert OutgoingDocument.get_by_id(doc.id).serial == 1
    assert outgoing.next_serial("宿政办发", 2026) == 2


def test_the_suite_runs_these_on_postgresql():
    assert "test_documents_outgoing.py" in pg.PG_MODULES
