"""演示数据 of 文电办理: a year of 收文 and 发文 that keeps the shared rules (numbers without gaps,
limits from the rules, 印发 after 签发, 转督办 linked both ways), and reads back through the import."""
from __future__ import annotations

from datetime import date

import pytest

from govoffice_desktop.ledgers.export_documents import export_documents
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models.db import close_database, open_database
from govoffice_desktop.models.documents import (IN_DONE, IN_OPEN, IN_SUPERVISED, IN_VOID, OUT_DRAFT, OUT_ISSUED,
                                                OUT_SIGNED, OUT_VOID, Circulation, IncomingDocument, IncomingStep,
                                                OutgoingDocument, Urge)
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth, workdays
from govoffice_desktop.services.demo import generate
from govoffice_desktop.services.documents.numbers import outgoing_number
from tests import pg

pytestmark = pytest.mark.pg

AS_OF = date(2026, 8, 15)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = pg.target(tmp_path_factory.mktemp("demo-documents") / "demo.db")
    open_database(path)
    try:
        generate(AS_OF)
    finally:
        close_database()
    return path


@pytest.fixture
def demo(demo_file):
    open_database(demo_file)
    auth.login_as(User.get(User.name == "admin"))
    yield
    auth.logout()
    close_database()


def test_a_year_of_incoming_documents_numbered_without_gaps_and_limited_by_the_rules(demo):
    docs = list(IncomingDocument.select())
    assert 250 <= len(docs) <= 600
    for year in {d.year for d in docs}:
        serials = sorted(d.serial for d in docs if d.year == year)
        assert serials == list(range(1, len(serials) + 1))  # from 1, no gaps
    calendar = workdays.Calendar()
    for d in docs:
        assert d.year == d.received_on.year and d.received_on <= AS_OF
        assert d.deadline == workdays.deadline_for(d.urgency, d.received_on, d.limit_days, calendar)
        if d.limit_days is not None:
            assert d.deadline_note  # a leader's own limit: who and why
    assert {d.urgency for d in docs} == {"特急", "加急", "平件"}
    assert any("〔" in d.source_ref for d in docs) and len({d.source_unit for d in docs}) >= 10


def test_most_done_on_time_some_late_some_open_and_overdue(demo):
    done = IncomingDocument.select().where(IncomingDocument.status == IN_DONE)
    on_time = done.where(IncomingDocument.done_on <= IncomingDocument.deadline).count()
    late = done.where(IncomingDocument.done_on > IncomingDocument.deadline).count()
    assert on_time > 5 * late and late >= 3
    overdue = IncomingDocument.select().where(IncomingDocument.status == IN_OPEN, IncomingDocument.deadline < AS_OF)
    assert overdue.count() >= 3
    assert IncomingDocument.select().where(IncomingDocument.status == IN_OPEN,
                                           IncomingDocument.deadline >= AS_OF).count() >= 1
    assert all(d.done_on <= AS_OF for d in done)
    filed = done.where(IncomingDocument.archive_no != "")
    assert filed.count() > 50 and all(d.filed_on and d.filed_on >= d.done_on for d in filed)
    (voided,) = IncomingDocument.select().where(IncomingDocument.status == IN_VOID)
    assert voided.void_reason.startswith("重复登记") and voided.done_on is None


def test_handled_on_as_supervised_tasks_linked_both_ways(demo):
    handed = list(IncomingDocument.select().where(IncomingDocument.status == IN_SUPERVISED))
    assert 3 <= len(handed)
    for d in handed:
        task = SupervisedTask.get_by_id(d.task_id)
        assert (task.title, task.deadline, task.person_id, task.section_id) == (d.title, d.deadline, d.handler_id,
                                                                                d.section_id)
        assert task.source == "领导交办" and task.requirement == d.instruction and d.done_on <= d.deadline
        assert list(task.documents) == [d]


def test_handling_steps_and_circulation(demo):
    assert IncomingStep.select().count() > IncomingDocument.select().count()
    assert Circulation.select().count() > 50
    assert Circulation.select().where(Circulation.read_on.is_null()).count() < Circulation.select().count()
    assert IncomingStep.select().where(IncomingStep.noted_on > AS_OF).count() == 0


def test_outgoing_documents_numbered_per_prefix_and_year_and_issued_after_signing(demo):
    docs = list(OutgoingDocument.select())
    assert {d.prefix for d in docs} == {"宿政办发", "宿政办函"}
    series: dict = {}
    for d in docs:
        if d.serial is not None:
            series.setdefault((d.prefix, d.year), []).append(d.serial)
            assert d.year == d.signed_on.year and d.drafted_on <= d.signed_on <= AS_OF
        if d.printed_on:
            assert d.signed_on <= d.printed_on <= AS_OF and d.status == OUT_ISSUED
    for serials in series.values():
        serials.sort()
        assert serials == list(range(serials[0], serials[0] + len(serials)))  # contiguous, never twice
    by_status = {s: [d for d in docs if d.status == s] for s in (OUT_DRAFT, OUT_SIGNED, OUT_ISSUED, OUT_VOID)}
    assert len(by_status[OUT_DRAFT]) >= 3 and all(d.serial is None for d in by_status[OUT_DRAFT])
    assert by_status[OUT_SIGNED] and all(d.printed_on is None for d in by_status[OUT_SIGNED])
    (voided,) = by_status[OUT_VOID]
    assert voided.serial is not None and voided.void_reason  # the number kept, with its reason


def test_the_typing_logs_of_recent_documents_are_linked(demo):
    linked = list(TypingLog.select().where(TypingLog.outgoing.is_null(False)))
    assert len(linked) >= 30
    for log in linked:
        doc = log.outgoing
        assert log.doc_number == outgoing_number(doc.prefix, doc.year, doc.serial) and log.title == doc.title


def test_the_demo_registers_read_back_through_their_import(demo, tmp_path):
    for kind, model in (("incoming", IncomingDocument), ("outgoing", OutgoingDocument)):
        path = tmp_path / f"{kind}.xlsx"
        assert export_documents(kind, path) == model.select().count()
        report = import_ledger(kind, path, dry_run=True)
        assert report.errors == [] and report.duplicates == model.select().count() and report.valid == 0


def test_every_demo_login_is_one_of_the_offices_people(demo):
    """What records show as who did it is a 姓名: each login has its 姓名, the 文书 one of the
    clerks the documents name as 登记人."""
    users = {u.name: u.full_name for u in User.select()}
    assert all(users.values()), users
    registrars = {d.registered_by for d in IncomingDocument.select(IncomingDocument.registered_by)}
    assert users["wenshu"] in registrars
    urged = {u.issued_by for u in Urge.select(Urge.issued_by)}
    assert urged == {users["duchayuan"]}  # 催办人: the 督查员 by name
