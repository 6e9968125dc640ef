"""收文办理 (issue 22, point 1): numbers without gaps and never twice (also from two workstations and
two processes at once), the steps of handling, 转督办 in one transaction, 作废 and 归档, who may do
what (decided on the stored rows), and every refusal in Chinese leaving the data as it was."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import peewee as pw
import pytest

from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.documents import (IN_DONE, IN_OPEN, IN_SUPERVISED, IN_VOID, Circulation,
                                                IncomingDocument, IncomingStep)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask, TaskProgress
from govoffice_desktop.services import auth, workdays
from govoffice_desktop.services.auth import PermissionDenied
from govoffice_desktop.services.documents import incoming
from govoffice_desktop.services.validation import BadValue
from tests import pg

TODAY = date(2026, 12, 4)  # a Friday
ROOT = Path(__file__).resolve().parent.parent


def doc_data(**over) -> dict:
    data = {"received_on": date(2026, 12, 1), "source_unit": "江苏省人民政府办公厅", "source_ref": "苏政办发〔2026〕88号",
            "title": "关于做好2027年元旦春节期间安全生产工作的通知", "copies": 2, "urgency": "加急", "secrecy": "公开"}
    data.update(over)
    return data


def snapshot() -> dict:
    """Everything the 收文 steps write."""
    def rows(model):
        return [tuple(sorted(r.items())) for r in model.select().order_by(model.id).dicts()]
    return {m.__name__: rows(m) for m in (IncomingDocument, IncomingStep, Circulation, SupervisedTask, TaskProgress)}


def refused(call, match: str):
    """``call`` is refused with ``match`` in its message, and nothing changes."""
    before = snapshot()
    with pytest.raises(BadValue, match=match) as info:
        call()
    assert snapshot() == before
    return str(info.value)


@pytest.fixture
def office(small_office):
    """small_office's sections and people: 秘书一科 (张伟, 刘洋), 综合科 (王芳, 陈静), 文电科 (李娜, 杨帆)."""
    return {"a": Section.get(Section.name == "秘书一科"), "b": Section.get(Section.name == "综合科"),
            "zhang": Person.get(Person.name == "张伟"), "wang": Person.get(Person.name == "王芳")}


def handled(office, **over):
    """A document with a 批示 and assigned to 张伟 of 秘书一科."""
    doc = incoming.register(doc_data(**over), today=TODAY)
    incoming.instruct(doc, {"instruction": "请秘书一科牵头，会同有关单位抓好落实", "instructed_by": "王市长",
                            "instructed_on": date(2026, 12, 2)}, today=TODAY)
    return incoming.assign(doc, office["a"], office["zhang"], today=TODAY)


# ---------------------------------------------------------------- numbers
def test_numbers_run_from_one_within_the_year_of_the_received_date(database):
    got = [incoming.register(doc_data(received_on=day, title=f"文件{i}"), today=TODAY)
           for i, day in enumerate([date(2025, 12, 30), date(2026, 1, 4), date(2025, 12, 31), date(2026, 12, 1)])]
    assert [incoming.number_of(d) for d in got] == ["收〔2025〕1号", "收〔2026〕1号", "收〔2025〕2号", "收〔2026〕2号"]
    assert incoming.document_by_number("收[2026]2号").id == got[3].id
    assert incoming.document_by_number("2", year=2025).id == got[2].id
    first = got[3]
    assert first.deadline == workdays.deadline_for("加急", date(2026, 12, 1)) == date(2026, 12, 4)
    assert (first.copies, first.secrecy, first.status) == (2, "公开", IN_OPEN)
    assert incoming.years() == [2026, 2025]


def test_a_voided_number_is_kept_with_its_reason_and_never_given_again(database):
    one, two = (incoming.register(doc_data(title=t), today=TODAY) for t in ("甲", "乙"))
    refused(lambda: incoming.void(two, "  "), "作废原因不能为空")
    incoming.void(two, "与收〔2026〕1号重复登记")
    assert two.status == IN_VOID and two.void_reason == "与收〔2026〕1号重复登记"
    three = incoming.register(doc_data(title="丙"), today=TODAY)
    assert [d.serial for d in IncomingDocument.select().order_by(IncomingDocument.id)] == [1, 2, 3]
    assert three.serial == 3
    refused(lambda: incoming.void(two, "再次作废"), "收〔2026〕2号已作废")
    refused(lambda: incoming.complete(two, TODAY, "已办"), "收〔2026〕2号已作废，不能再办结")
    refused(lambda: incoming.correct(two, doc_data(title="丁")), "已作废")
    # the listing still shows it, without a light
    listing = incoming.incoming_listing(TODAY)
    rows = listing.rows(listing.ids(filters={"status": IN_VOID}))
    assert [(r[0], r[1]) for r in rows.values()] == [("", "收〔2026〕2号")]


def test_a_done_document_is_not_voided(database):
    doc = incoming.register(doc_data(), today=TODAY)
    incoming.complete(doc, TODAY, "已按要求部署")
    refused(lambda: incoming.void(doc, "登记错了"), "收〔2026〕1号已办结，不能作废")


def test_a_clash_on_the_unique_index_takes_the_next_number(database, monkeypatch):
    """A writer that did not wait for the year's lock (a script, an old program) took the number read:
    the unique index refuses the second, and registration takes the number afresh."""
    incoming.register(doc_data(title="甲"), today=TODAY)
    real, calls = incoming.next_serial, []

    def stale(year):
        calls.append(year)
        return 1 if len(calls) == 1 else real(year)  # read before the other's commit

    monkeypatch.setattr(incoming, "next_serial", stale)
    doc = incoming.register(doc_data(title="乙"), today=TODAY)
    assert (doc.serial, len(calls)) == (2, 2)
    assert [d.title for d in IncomingDocument.select().order_by(IncomingDocument.serial)] == ["甲", "乙"]


def test_a_number_always_taken_is_refused_clearly_and_nothing_is_written(database, monkeypatch):
    incoming.register(doc_data(title="甲"), today=TODAY)
    monkeypatch.setattr(incoming, "next_serial", lambda year: 1)
    message = refused(lambda: incoming.register(doc_data(title="乙"), today=TODAY), "收文编号 收〔2026〕1号 刚被别处占用")
    assert "数据保持原样" in message and f"连续{incoming.NUMBER_ATTEMPTS}次" in message


@pytest.mark.pg
def test_two_workstations_registering_at_once_get_consecutive_numbers(database, monkeypatch):
    from tests.test_two_workstations import Race

    incoming.register(doc_data(title="甲"), today=TODAY)
    outcomes = Race(monkeypatch, incoming).run(lambda: incoming.register(doc_data(title="乙"), today=TODAY).serial,
                                               lambda: incoming.register(doc_data(title="丙"), today=TODAY).serial)
    assert sorted(outcomes) == [("applied", 2), ("applied", 3)], outcomes
    assert sorted(d.serial for d in IncomingDocument.select()) == [1, 2, 3]


@pytest.mark.pg
def test_two_workstations_closing_one_document_at_once_close_it_once(database, monkeypatch):
    from tests.test_two_workstations import Race

    doc = incoming.register(doc_data(), today=TODAY)
    copies = [IncomingDocument.get_by_id(doc.id), IncomingDocument.get_by_id(doc.id)]  # each window's own
    outcomes = Race(monkeypatch, incoming).run(lambda: incoming.complete(copies[0], TODAY, "甲办结").status,
                                               lambda: incoming.void(copies[1], "重复登记").status)
    assert outcomes[0] == ("applied", IN_DONE)
    assert outcomes[1] == ("refused", "收〔2026〕1号已办结，不能作废")
    assert IncomingStep.select().count() == 1 and IncomingDocument.get_by_id(doc.id).result == "甲办结"


CHILD = """
import json, sys
from datetime import date
from govoffice_desktop.models import db
from govoffice_desktop.services.documents import incoming
db.open_database(sys.argv[1])
got = [incoming.register({"received_on": date(2026, 12, 1), "source_unit": "市委办公室",
                          "title": f"{sys.argv[2]}-{i}"}, today=date(2026, 12, 4)).serial for i in range(int(sys.argv[3]))]
print(json.dumps(got))
"""


@pytest.mark.pg
def test_two_processes_registering_at_once_never_share_nor_skip_a_number(tmp_path):
    from govoffice_desktop.models import db

    target = str(pg.target(tmp_path / "office.db"))
    db.open_database(target)  # migrated before the two start
    db.close_database()
    each = 15
    runs = [subprocess.Popen([sys.executable, "-c", CHILD, target, name, str(each)], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for name in ("甲", "乙")]
    outs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _out, err in outs]
    serials = [json.loads(out) for out, _err in outs]
    assert sorted(serials[0] + serials[1]) == list(range(1, 2 * each + 1))
    assert serials[0] == sorted(serials[0]) and serials[1] == sorted(serials[1])
    db.open_database(target)
    try:
        assert IncomingDocument.select().count() == 2 * each
    finally:
        db.close_database()


# ---------------------------------------------------------------- registration refused
def test_classified_documents_are_sent_to_the_confidential_channel(database):
    for level in ("秘密", "机密", "绝密"):
        message = refused(lambda: incoming.register(doc_data(secrecy=level), today=TODAY), f"密级“{level}”")
        assert "机要" in message and "不在本系统登记" in message
    assert incoming.register(doc_data(secrecy="内部"), today=TODAY).secrecy == "内部"


@pytest.mark.parametrize("over, message", [
    ({"received_on": date(2026, 12, 5)}, "收文日期 2026-12-05 还没到"),
    ({"received_on": ""}, "收文日期不能为空"),
    ({"title": " "}, "标题不能为空"),
    ({"source_unit": ""}, "来文单位不能为空"),
    ({"urgency": "急件"}, "紧急程度应为特急、加急、平件之一"),
    ({"copies": 0}, "份数应大于0"),
    ({"title": "长" * 201}, "标题不超过200个字"),
])
def test_a_bad_registration_is_refused_in_chinese(database, over, message):
    refused(lambda: incoming.register(doc_data(**over), today=TODAY), message)


def test_without_a_rule_for_the_urgency_registration_says_where_to_set_it(database):
    from govoffice_desktop.models.documents import TimeLimitRule

    for rule in TimeLimitRule.select().where(TimeLimitRule.urgency == "特急"):
        rule.delete_instance()
    refused(lambda: incoming.register(doc_data(urgency="特急"), today=TODAY), "没有“特急”件的办理时限规定")


def test_a_correction_keeps_the_number_and_moves_the_deadline_but_not_the_year(database):
    doc = incoming.register(doc_data(), today=TODAY)
    incoming.correct(doc, doc_data(urgency="平件", title="更正后的标题"), today=TODAY)
    assert (doc.serial, doc.title, doc.deadline) == (1, "更正后的标题", date(2026, 12, 10))
    refused(lambda: incoming.correct(doc, doc_data(received_on=date(2025, 12, 31)), today=TODAY),
            "收〔2026〕1号是2026年的编号，收文日期不能改到2025年")



def _instructed(doc, office):
    incoming.instruct(doc, {"instruction": "抓紧办", "instructed_by": "王市长", "instructed_on": date(2026, 12, 2)},
                      today=TODAY)


def _stepped(doc, office):
    incoming.add_step(doc, date(2026, 12, 2), "已电话联系应急管理局", "张伟", today=TODAY)


def _circulated(doc, office):
    sent = incoming.circulate(doc, ["李副市长"], date(2026, 12, 2), today=TODAY)
    incoming.mark_read(sent[0], date(2026, 12, 3), today=TODAY)


def _done(doc, office):
    incoming.complete(doc, date(2026, 12, 2), "已办", today=TODAY)


def _filed(doc, office):
    _done(doc, office)
    incoming.file_document(doc, "WS·2026-Y-0001", date(2026, 12, 3), today=TODAY)


@pytest.mark.parametrize("record, said", [
    (_instructed, "晚于王市长的批示日期 2026-12-02"),
    (_stepped, "晚于办理过程“已电话联系应急管理局”的日期 2026-12-02"),
    (_circulated, "晚于送李副市长传阅的送阅日期 2026-12-02"),
    (_done, "晚于办结日期 2026-12-02"),
    (_filed, "晚于办结日期 2026-12-02"),
])
def test_a_correction_does_not_move_the_received_date_after_a_recorded_date(office, record, said):
    """The steps refuse a date before the 收文日期; the correction of the 收文日期 keeps them so."""
    doc = incoming.register(doc_data(received_on=date(2026, 11, 30)), today=TODAY)
    record(doc, office)
    message = refused(lambda: incoming.correct(doc, doc_data(received_on=date(2026, 12, 3)), today=TODAY),
                      f"收文日期 2026-12-03 {said}")
    assert "收〔2026〕1号" in message and "最晚只能改到 2026-12-02" in message
    incoming.correct(doc, doc_data(received_on=date(2026, 12, 2)), today=TODAY)  # up to that day is fine
    assert IncomingDocument.get_by_id(doc.id).received_on == date(2026, 12, 2)


def test_a_correction_names_the_earliest_recorded_date(office):
    doc = handled(office, received_on=date(2026, 11, 30))  # 批示 2026-12-02, 承办 noted 2026-12-04
    incoming.circulate(doc, ["李副市长"], date(2026, 12, 3), today=TODAY)
    incoming.to_task(doc, date(2026, 12, 3), today=TODAY)
    refused(lambda: incoming.correct(doc, doc_data(received_on=TODAY), today=TODAY),
            "收文日期 2026-12-04 晚于王市长的批示日期 2026-12-02（收〔2026〕1号）")
    assert IncomingDocument.get_by_id(doc.id).received_on == date(2026, 11, 30)


# ---------------------------------------------------------------- the steps
def test_a_leaders_own_limit_replaces_the_rules_with_who_and_why(office):
    doc = incoming.register(doc_data(), today=TODAY)
    refused(lambda: incoming.instruct(doc, {"instruction": "抓紧办", "instructed_by": "王市长", "limit_days": 10},
                                      today=TODAY), "请写明依据")
    refused(lambda: incoming.instruct(doc, {"instruction": "抓紧办", "instructed_by": "王市长",
                                            "instructed_on": date(2026, 11, 30)}, today=TODAY),
            "批示日期 2026-11-30 早于收文日期 2026-12-01")
    incoming.instruct(doc, {"instruction": "请综合科10个工作日内拿出方案", "instructed_by": "王市长",
                            "instructed_on": date(2026, 12, 2), "limit_days": 10, "limit_reason": "涉及多部门会签"},
                      today=TODAY)
    assert doc.limit_days == 10 and doc.deadline == workdays.deadline_for("加急", date(2026, 12, 1), 10)
    assert doc.deadline_note == "王市长批示：涉及多部门会签"
    assert (doc.instructed_by, doc.instructed_on) == ("王市长", date(2026, 12, 2))
    incoming.assign(doc, office["b"], office["wang"], today=TODAY)  # 承办 keeps the leader's days
    assert doc.deadline == workdays.deadline_for("加急", date(2026, 12, 1), 10)
    notes = [s.note for s in incoming.steps_of(doc)]
    assert notes[0].startswith("王市长批示另定办理时限 10 个工作日") and notes[1].startswith("交综合科，王芳承办")


def test_assign_checks_the_handler_belongs_to_the_section(office):
    doc = incoming.register(doc_data(), today=TODAY)
    refused(lambda: incoming.assign(doc, office["a"], office["wang"], today=TODAY), "承办人王芳不在秘书一科")
    refused(lambda: incoming.assign(doc, None, today=TODAY), "承办科室不能为空")
    incoming.assign(doc, office["a"], "张伟（借调）", today=TODAY)  # a name as written
    assert (doc.section_id, doc.handler_id, doc.handler_name) == (office["a"].id, None, "张伟（借调）")
    incoming.propose(doc, "拟请秘书一科办理", "李秘书")
    assert (doc.proposal, doc.proposed_by) == ("拟请秘书一科办理", "李秘书")


def test_done_not_before_received_nor_twice(office):
    doc = handled(office)
    refused(lambda: incoming.complete(doc, date(2026, 11, 30), "已办"), "办结日期 2026-11-30 早于收文日期 2026-12-01")
    refused(lambda: incoming.complete(doc, date(2026, 12, 5), "已办", today=TODAY), "办结日期 2026-12-05 还没到")
    refused(lambda: incoming.complete(doc, TODAY, ""), "办理结果不能为空")
    incoming.complete(doc, date(2026, 12, 3), "已召开专题会议部署", today=TODAY)
    assert (doc.status, doc.done_on, doc.result) == (IN_DONE, date(2026, 12, 3), "已召开专题会议部署")
    record = incoming.record_of(doc, TODAY)
    assert record["on_time"] is True and record["working_days_taken"] == 2 and record["light"] == workdays.DONE
    refused(lambda: incoming.complete(doc, TODAY, "再办"), "收〔2026〕1号已办结，不能再办结")


def test_steps_and_circulation_are_dated_and_kept(office):
    doc = handled(office)
    incoming.add_step(doc, date(2026, 12, 3), "已电话联系应急管理局", "张伟", today=TODAY)
    sent = incoming.circulate(doc, [office["zhang"], "李副市长"], date(2026, 12, 2), today=TODAY)
    assert [c.reader_name for c in sent] == ["张伟", "李副市长"]
    refused(lambda: incoming.circulate(doc, ["李副市长"], TODAY, today=TODAY), "李副市长还在阅收〔2026〕1号")
    refused(lambda: incoming.mark_read(sent[1], date(2026, 12, 1), today=TODAY), "阅退日期 2026-12-01 早于送阅日期")
    incoming.mark_read(sent[1], date(2026, 12, 3), today=TODAY)
    refused(lambda: incoming.mark_read(sent[1], TODAY, today=TODAY), "李副市长已于 2026-12-03 阅退")
    incoming.circulate(doc, ["李副市长"], TODAY, today=TODAY)  # read and back: may go again
    record = incoming.record_of(doc, TODAY)
    assert [(c["reader"], c["read_on"]) for c in record["circulation"]] == [
        ("张伟", None), ("李副市长", date(2026, 12, 3)), ("李副市长", None)]
    assert "已电话联系应急管理局" in [s["note"] for s in record["steps"]]
    refused(lambda: incoming.add_step(doc, date(2026, 11, 1), "早了"), "日期 2026-11-01 早于收文日期")


def test_filing_after_done_with_a_unique_archive_number(office):
    doc, other = handled(office), handled(office, title="另一件")
    refused(lambda: incoming.file_document(doc, "WS·2026-Y-0001", TODAY, today=TODAY), "办结（或转督办）后才能归档")
    incoming.complete(doc, date(2026, 12, 3), "已办", today=TODAY)
    incoming.complete(other, date(2026, 12, 3), "已办", today=TODAY)
    refused(lambda: incoming.file_document(doc, "WS·2026-Y-0001", date(2026, 12, 2), today=TODAY),
            "归档日期 2026-12-02 早于办结日期 2026-12-03")
    incoming.file_document(doc, "WS·2026-Y-0001", TODAY, today=TODAY)
    assert (doc.archive_no, doc.filed_on) == ("WS·2026-Y-0001", TODAY)
    refused(lambda: incoming.file_document(other, "WS·2026-Y-0001", TODAY, today=TODAY),
            "档号“WS·2026-Y-0001”已用于收〔2026〕1号")


# ---------------------------------------------------------------- 转督办
def test_to_task_makes_the_task_and_closes_the_document_in_one_step(office):
    doc = handled(office)
    task = incoming.to_task(doc, date(2026, 12, 3), today=TODAY)
    task = SupervisedTask.get_by_id(task.id)
    assert (task.source, task.person_id, task.section_id, task.deadline, task.assigned_on) == (
        "领导交办", office["zhang"].id, office["a"].id, doc.deadline, date(2026, 12, 3))
    assert task.requirement == "王市长批示（2026-12-02）：请秘书一科牵头，会同有关单位抓好落实"
    assert task.title == "关于做好2027年元旦春节期间安全生产工作的通知（收〔2026〕1号）"
    stored = IncomingDocument.get_by_id(doc.id)
    assert (stored.status, stored.done_on, stored.task_id) == (IN_SUPERVISED, date(2026, 12, 3), task.id)
    assert incoming.document_of_task(task).id == doc.id  # and back
    assert [p.note for p in TaskProgress.select().where(TaskProgress.task == task)] == [
        "由收文收〔2026〕1号（江苏省人民政府办公厅）转为督办事项"]
    assert incoming.record_of(stored, TODAY)["task"]["id"] == task.id
    refused(lambda: incoming.to_task(stored, TODAY, today=TODAY), "收〔2026〕1号转督办，不能再转为督办事项")


def test_to_task_is_refused_without_instruction_handler_or_time(office):
    doc = incoming.register(doc_data(), today=TODAY)
    refused(lambda: incoming.to_task(doc, TODAY, today=TODAY), "还没有领导批示")
    incoming.instruct(doc, {"instruction": "请督查室督办", "instructed_by": "王市长"}, today=TODAY)
    refused(lambda: incoming.to_task(doc, TODAY, today=TODAY), "还没有落实到承办人")
    incoming.assign(doc, office["a"], office["zhang"], today=TODAY)
    late = date(2026, 12, 8)
    refused(lambda: incoming.to_task(doc, late, today=late), "办理时限 2026-12-04 已过")


def test_to_task_fails_whole_when_a_part_fails(office, monkeypatch):
    doc = handled(office)

    def broken(**_kwargs):
        raise BadValue("进展写不进去")

    monkeypatch.setattr(TaskProgress, "create", broken)
    refused(lambda: incoming.to_task(doc, date(2026, 12, 3), today=TODAY), "进展写不进去")
    assert SupervisedTask.select().where(SupervisedTask.source == "领导交办",
                                         SupervisedTask.title.contains("收〔2026〕1号")).count() == 0
    assert IncomingDocument.get_by_id(doc.id).status == IN_OPEN


# ---------------------------------------------------------------- the register
def test_the_listing_lights_filters_and_searches(office):
    done = handled(office, title="已办的", received_on=date(2026, 11, 2))
    incoming.complete(done, date(2026, 11, 3), "已办", today=TODAY)
    late = handled(office, title="超期的", received_on=date(2026, 11, 2), urgency="特急")
    soon = handled(office, title="快到期的")  # 加急 from 12-01: due 12-04, today
    green = incoming.register(doc_data(title="刚来的", urgency="平件"), today=TODAY)
    listing = incoming.incoming_listing(TODAY)
    rows = listing.rows(listing.ids())
    assert {rows[d.id][0] for d in (done, late, soon, green)} == {"结", "红", "黄", "绿"}
    assert rows[late.id][0] == "红" and rows[soon.id][0] == "黄" and rows[green.id][0] == "绿"
    assert listing.ids() == [green.id, soon.id, late.id, done.id]  # newest number first
    assert listing.ids(order="light", descending=False) == [late.id, soon.id, green.id, done.id]
    assert listing.ids(filters={"light": workdays.RED}) == [late.id]
    assert listing.ids(filters={"status": IN_DONE}) == [done.id]
    assert sorted(listing.ids(filters={"section": office["a"].id})) == sorted([done.id, late.id, soon.id])
    assert listing.ids(filters={"year": 2025}) == []
    assert listing.ids(search="收〔2026〕4号") == [green.id]
    assert listing.ids(search="张伟 超期") == [late.id]
    over = incoming.overdue(TODAY)
    assert [(r["no"], r["working_days_over"]) for r in over] == [
        ("收〔2026〕2号", workdays.Calendar().between(late.deadline, TODAY))]
    assert incoming.is_overdue(late, TODAY) and not incoming.is_overdue(soon, TODAY)


def test_every_write_is_audited_under_the_user(office):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    try:
        doc = handled(office)
        incoming.to_task(doc, date(2026, 12, 3), today=TODAY)
    finally:
        auth.logout()
    entries = list(AuditLog.select().where(AuditLog.table == "incoming_document", AuditLog.row_id == doc.id))
    assert [e.action for e in entries] == ["create", "update", "update", "update"]
    assert {e.who for e in entries} == {"admin"}
    assert AuditLog.select().where(AuditLog.table == "supervised_task", AuditLog.action == "create",
                                   AuditLog.who == "admin").count() == 1


# ---------------------------------------------------------------- who may
@pytest.fixture
def logins(office):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    for name, role, section in (("wenshu", "文书", None), ("clerk", "科室录入员", office["a"]),
                                ("lingdao", "领导", None), ("duchayuan", "督查员", None)):
        auth.create_user(name, f"{name}-pw", role, section)
    own, other = handled(office, title="本科室的"), handled(office, title="别科室的")
    incoming.assign(other, office["b"], office["wang"], today=TODAY)
    auth.logout()
    yield {"own": own, "other": other, **office}
    auth.logout()


def as_user(name: str) -> None:
    auth.authenticate(name, f"{name}-pw")


def test_the_secretary_registers_and_handles(logins):
    as_user("wenshu")
    doc = incoming.register(doc_data(title="文书登记的"), today=TODAY)
    assert doc.registered_by == "wenshu"
    incoming.complete(logins["other"], TODAY, "已办", today=TODAY)
    incoming.file_document(logins["other"], "A-1", TODAY, today=TODAY)


@pytest.mark.parametrize("who", ["lingdao", "clerk", "duchayuan"])
def test_only_the_secretary_and_the_administrator_register(logins, who):
    as_user(who)
    for call in (lambda: incoming.register(doc_data(), today=TODAY),
                 lambda: incoming.instruct(logins["own"], {"instruction": "阅", "instructed_by": "王市长"}),
                 lambda: incoming.assign(logins["own"], logins["a"], today=TODAY),
                 lambda: incoming.to_task(logins["own"], TODAY, today=TODAY),
                 lambda: incoming.void(logins["own"], "错"),
                 lambda: incoming.circulate(logins["own"], ["李副市长"], TODAY, today=TODAY)):
        with pytest.raises(PermissionDenied, match="无权登记收文和发文"):
            call()


def test_a_section_clerk_handles_only_their_sections_documents_as_stored(logins):
    as_user("clerk")
    incoming.add_step(logins["own"], TODAY, "已拟出初步方案", today=TODAY)
    before = snapshot()
    other = logins["other"]
    with pytest.raises(PermissionDenied, match="只能为本科室（秘书一科）登记文件的办理情况"):
        incoming.complete(other, TODAY, "已办", today=TODAY)
    other.section = logins["a"]  # moved into the clerk's section in memory only
    with pytest.raises(PermissionDenied, match="只能为本科室（秘书一科）"):
        incoming.add_step(other, TODAY, "偷改", today=TODAY)
    own = IncomingDocument.get_by_id(logins["own"].id)
    own.section = logins["b"]  # the clerk's own, moved away in memory: refused too
    with pytest.raises(PermissionDenied, match="只能为本科室（秘书一科）"):
        incoming.complete(own, TODAY, "已办", today=TODAY)
    assert snapshot() == before
    done = incoming.complete(IncomingDocument.get_by_id(logins["own"].id), TODAY, "已办", today=TODAY)
    assert done.status == IN_DONE


def test_a_document_no_section_handles_yet_is_not_a_clerks(logins):
    auth.authenticate("admin", "admin-pw")
    fresh = incoming.register(doc_data(title="未交办"), today=TODAY)
    as_user("clerk")
    with pytest.raises(PermissionDenied, match="只能为本科室"):
        incoming.add_step(fresh, TODAY, "看看")


def test_the_suite_runs_this_module_on_postgresql():
    assert "test_documents_incoming.py" in pg.PG_MODULES


def test_integrity_errors_are_not_swallowed_as_number_clashes(database, monkeypatch):
    """An IntegrityError that is not about the number is the usual concurrent-write refusal."""
    real = IncomingDocument.save

    def failing(self, *args, **kwargs):
        raise pw.IntegrityError("CHECK constraint failed")

    monkeypatch.setattr(IncomingDocument, "save", failing)
    with pytest.raises(BadValue, match="未能保存"):
        incoming.register(doc_data(), today=TODAY)
    monkeypatch.setattr(IncomingDocument, "save", real)
    assert IncomingDocument.select().count() == 0


def test_the_review_form_saves_proposal_and_instruction_together_or_neither(office):
    doc = incoming.register(doc_data(), today=TODAY)
    refused(lambda: incoming.review(doc, {"proposal": "拟请秘书一科办理", "instruction": "请办理",
                                          "instructed_by": ""}, today=TODAY), "批示领导不能为空")
    refused(lambda: incoming.review(doc, {}, today=TODAY), "请填写拟办意见或领导批示")
    incoming.review(doc, {"proposal": "拟请秘书一科办理", "instruction": "请办理", "instructed_by": "王市长",
                          "instructed_on": date(2026, 12, 2)}, today=TODAY)
    stored = IncomingDocument.get_by_id(doc.id)
    assert (stored.proposal, stored.instruction, stored.instructed_on) == ("拟请秘书一科办理", "请办理", date(2026, 12, 2))


def test_the_circulation_form_returns_and_sends_in_one_transaction(office):
    doc, other = handled(office), handled(office, title="另一件")
    first = incoming.circulate(doc, ["王市长", "李副市长"], date(2026, 12, 2), today=TODAY)
    foreign = incoming.circulate(other, ["王市长"], date(2026, 12, 2), today=TODAY)[0]
    refused(lambda: incoming.record_circulation(doc, ["张秘书长"], TODAY, [first[0].id, foreign.id], TODAY,
                                                today=TODAY), "这条传阅记录不属于这件收文")
    refused(lambda: incoming.record_circulation(doc, ["李副市长"], TODAY, [first[0].id], TODAY, today=TODAY),
            "李副市长还在阅")  # the 阅退 of 王市长 is not kept either
    incoming.record_circulation(doc, incoming.reader_names("张秘书长、 李副市长"), TODAY, [first[1].id], TODAY,
                                today=TODAY)
    assert [(c.reader_name, c.read_on) for c in incoming.circulation_of(doc)] == [
        ("王市长", None), ("李副市长", TODAY), ("张秘书长", None), ("李副市长", None)]
    assert incoming.reader_choices() == sorted(["王市长", "李副市长", "张秘书长"])


def test_a_document_given_to_another_section_meanwhile_is_not_the_clerks(logins, monkeypatch):
    """The clerk's right is checked again on the row read after the document's lock: another
    workstation gave it to 综合科 between the check and the write."""
    as_user("clerk")
    own = logins["own"]
    real = incoming.transaction_lock

    def reassigned_meanwhile(name, number=0):
        real(name, number)
        if name == "incoming document":
            row = IncomingDocument.get_by_id(number)
            row.section = logins["b"]
            row.save()

    monkeypatch.setattr(incoming, "transaction_lock", reassigned_meanwhile)
    with pytest.raises(PermissionDenied, match="只能为本科室（秘书一科）"):
        incoming.complete(own, TODAY, "已办", today=TODAY)
    assert IncomingDocument.get_by_id(own.id).status == IN_OPEN


def test_records_name_the_person_not_the_login(office):
    """拟办人, 办理过程's 记录人, 登记人 and 催办人 are the user's 姓名 (the login name only when none is set)."""
    from govoffice_desktop.services.documents import urging
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    auth.create_user("wenshu", "wenshu-pw", "文书", full_name="邱嘉杰")
    auth.create_user("duchayuan", "duchayuan-pw", "督查员", full_name="徐天英")
    auth.create_user("nobody", "nobody-pw", "文书")
    auth.logout()
    try:
        as_user("wenshu")
        doc = handled(office, received_on=date(2026, 11, 2), urgency="特急")
        incoming.propose(doc, "请王市长阅示", today=TODAY)
        incoming.add_step(doc, TODAY, "已电话联系来文单位", today=TODAY)
        assert doc.registered_by == "邱嘉杰" and IncomingDocument.get_by_id(doc.id).proposed_by == "邱嘉杰"
        assert {s.noted_by for s in incoming.steps_of(doc)} == {"邱嘉杰"}
        as_user("duchayuan")
        assert urging.issue_urge(document=doc, today=TODAY).issued_by == "徐天英"
        as_user("nobody")
        assert incoming.register(doc_data(title="无姓名的"), today=TODAY).registered_by == "nobody"
    finally:
        auth.logout()
    assert {e.who for e in AuditLog.select().where(AuditLog.table == "incoming_document")} <= {"wenshu", "nobody"}
