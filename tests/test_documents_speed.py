"""文电办理速度 (services/documents/speed.py): the rules of issue 22 and DOCS_PLAN on hand-made 收文
(rows made through the models until the 收文 service is merged): a month's figures are of the documents
received in it, counted at its end (or today); 转督办 counts as done that day; on time = done on or before
the deadline; overdue = open past the deadline; working days on the Chinese calendar."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from govoffice_desktop.models.documents import (IN_DONE, IN_OPEN, IN_SUPERVISED, IN_VOID, IncomingDocument)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services.documents import speed
from govoffice_desktop.services.workdays import Calendar


def make(serial, received, deadline, section=None, handler=None, status=IN_OPEN, done=None, handler_name="",
         title=None, task=None):
    return IncomingDocument.create(
        year=received.year, serial=serial, received_on=received, source_unit="市政府办公室",
        title=title or f"关于第{serial}件事的通知", deadline=deadline, section=section, handler=handler,
        handler_name=handler_name or (handler.name if handler else ""), status=status, done_on=done,
        void_reason="登记重复" if status == IN_VOID else "", task=task)


@pytest.fixture
def office(database):
    one = Section.create(name="秘书一科", sort_order=1)
    two = Section.create(name="综合科", sort_order=2)
    zhang = Person.create(name="张伟", section=one)
    wang = Person.create(name="王芳", section=one)
    li = Person.create(name="李娜", section=two)
    return one, two, zhang, wang, li


def test_a_month_counts_its_own_documents_at_its_end(office):
    one, two, zhang, wang, li = office
    # November 2026: Mon 2 … Mon 30; deadlines are working days
    make(1, date(2026, 11, 2), date(2026, 11, 11), one, zhang, IN_DONE, date(2026, 11, 6))  # on time, 4 days
    make(2, date(2026, 11, 3), date(2026, 11, 12), one, zhang, IN_DONE, date(2026, 11, 16))  # late, 9 days
    make(3, date(2026, 11, 4), date(2026, 11, 13), one, wang)  # open, overdue at the 30th
    make(4, date(2026, 11, 25), date(2026, 12, 4), two, li)  # open, not yet due
    make(5, date(2026, 11, 26), date(2026, 12, 7), two, li, IN_DONE, date(2026, 12, 2))  # done after the month
    make(6, date(2026, 11, 10), date(2026, 11, 19), two, li, IN_VOID)  # voided: not counted
    make(7, date(2026, 10, 30), date(2026, 11, 10), two, li)  # October's, overdue: listed, not counted
    s = speed.month_speed(2026, 11, today=date(2026, 12, 6))
    assert s.as_of == date(2026, 11, 30)
    first, second = s.sections
    assert (first.section, first.received, first.done, first.on_time, first.overdue) == ("秘书一科", 3, 2, 1, 1)
    assert first.avg_working_days == Decimal("6.5")  # (4 + 9) / 2
    assert (second.section, second.received, second.done, second.on_time, second.overdue) == ("综合科", 2, 0, 0, 0)
    assert second.avg_working_days is None
    assert [(p.person, p.section, p.received, p.done, p.overdue) for p in s.people] == [
        ("张伟", "秘书一科", 2, 2, 0), ("王芳", "秘书一科", 1, 0, 1), ("李娜", "综合科", 2, 0, 0)]
    assert (s.total.received, s.total.done, s.total.on_time, s.total.overdue) == (5, 2, 1, 1)
    # overdue at the month's end: the 3rd (13 Nov → 30 Nov: 11 working days) and October's 7th
    assert [(d.no, d.working_days_over) for d in s.overdue] == [("收〔2026〕7号", 14), ("收〔2026〕3号", 11)]


def test_a_month_not_over_counts_at_today(office):
    one, _two, zhang, *_ = office
    make(1, date(2026, 11, 2), date(2026, 11, 11), one, zhang)
    s = speed.month_speed(2026, 11, today=date(2026, 11, 11))
    assert s.as_of == date(2026, 11, 11) and s.sections[0].overdue == 0 and not s.overdue  # due today: not late
    s = speed.month_speed(2026, 11, today=date(2026, 11, 12))
    assert s.sections[0].overdue == 1 and [d.working_days_over for d in s.overdue] == [1]


def test_handed_on_as_a_supervised_task_counts_as_done_that_day(office):
    one, _two, zhang, *_ = office
    task = SupervisedTask.create(source="领导交办", title="转督办", person=zhang, section=one,
                                 assigned_on=date(2026, 11, 5), deadline=date(2026, 11, 11))
    make(1, date(2026, 11, 2), date(2026, 11, 11), one, zhang, IN_SUPERVISED, date(2026, 11, 5), task=task)
    row, = speed.month_speed(2026, 11, today=date(2026, 12, 1)).sections
    assert (row.done, row.on_time, row.overdue, row.avg_working_days) == (1, 1, 0, Decimal("3.0"))


def test_working_days_skip_the_national_day_holiday(office):
    one, _two, zhang, *_ = office
    # received 30 Sept, done 15 Oct: 7 working days (1-7 Oct off, Sat 10 Oct worked)
    make(1, date(2026, 9, 30), date(2026, 10, 15), one, zhang, IN_DONE, date(2026, 10, 15))
    row, = speed.month_speed(2026, 9, today=date(2026, 12, 1)).sections
    assert row.done == 0  # not done by 30 September
    row, = speed.month_speed(2026, 9, today=date(2026, 10, 20)).sections
    assert row.done == 0  # the month's figures are at its end, whenever asked
    make(2, date(2026, 10, 9), date(2026, 10, 20), one, zhang, IN_DONE, date(2026, 10, 12))
    row, = speed.month_speed(2026, 10, today=date(2026, 12, 1)).sections
    assert row.avg_working_days == Decimal("2.0")  # 9 Oct → 12 Oct: Sat 10 (worked) and Mon 12


def test_documents_without_section_or_person_have_their_own_line(office):
    make(1, date(2026, 11, 2), date(2026, 11, 11))
    make(2, date(2026, 11, 2), date(2026, 11, 11), office[0], None, handler_name="外聘人员")
    s = speed.month_speed(2026, 11, today=date(2026, 12, 1))
    assert [r.section for r in s.sections] == ["秘书一科", speed.NO_SECTION]
    assert [(p.section, p.person) for p in s.people] == [("秘书一科", "外聘人员"), (speed.NO_SECTION, speed.NO_PERSON)]


def test_the_json_payload_has_exactly_the_issue_shape(office):
    one, _two, zhang, *_ = office
    make(1, date(2026, 11, 2), date(2026, 11, 11), one, zhang, IN_DONE, date(2026, 11, 6))
    make(2, date(2026, 11, 4), date(2026, 11, 13), one, zhang)
    payload = speed.documents_report(2026, 11, today=date(2026, 12, 1))
    assert set(payload) == {"month", "sections", "overdue"}
    assert payload["month"] == "2026-11"
    assert payload["sections"] == [{"section": "秘书一科", "received": 2, "done": 1, "on_time": 1, "overdue": 1,
                                    "avg_working_days": Decimal("4.0")}]
    assert payload["overdue"] == [{"no": "收〔2026〕2号", "title": "关于第2件事的通知", "section": "秘书一科",
                                   "deadline": "2026-11-13", "working_days_over": 11}]


def test_counts_are_made_in_sql_whatever_the_volume(office, database):
    """A year of a large office: thousands of documents; one calendar question per distinct pair of days."""
    one, two, zhang, wang, li = office
    rows = []
    for i in range(1, 2001):
        received = date(2026, 11, 2 + i % 20)
        done = date(2026, 11, 23 + i % 5) if i % 3 else None
        rows.append(dict(year=2026, serial=i, received_on=received, source_unit="x", title=f"t{i}",
                         deadline=date(2026, 11, 24), section=(one, two)[i % 2].id, handler=(zhang, li)[i % 2].id,
                         status=IN_DONE if done else IN_OPEN, done_on=done))
    IncomingDocument.bulk_insert(rows, audit="batch")
    asked = []

    class Counting(Calendar):
        def between(self, start, end):
            asked.append((start, end))
            return super().between(start, end)

    s = speed.month_speed(2026, 11, today=date(2026, 12, 1), calendar=Counting())
    assert s.total.received == 2000 and s.total.done == sum(1 for r in rows if r["done_on"])
    assert len(set(asked)) == len(asked) <= 20 + 1  # the pairs of days (20 here), one deadline
    assert len(s.overdue) == 2000 - s.total.done


def test_the_dashboard_has_the_overdue_documents_and_the_years_to_schedule(office):
    from govoffice_desktop.models.documents import HolidayYear
    from govoffice_desktop.services import dashboard

    one, _two, zhang, *_ = office
    late = make(1, date(2026, 11, 2), date(2026, 11, 11), one, zhang)
    make(2, date(2026, 11, 2), date(2026, 11, 11), one, zhang, IN_DONE, date(2026, 11, 10))
    o = dashboard.overview(date(2026, 11, 20))
    assert [(d.no, d.working_days_over) for d in o.documents_overdue] == [("收〔2026〕1号", 7)]
    assert dashboard.document_link(late.id) == dashboard.Link("documents", "incoming", late.id)
    assert o.unscheduled_years == [2026]
    HolidayYear.create(year=2026, confirmed_on=date(2025, 11, 4))
    assert dashboard.overview(date(2026, 11, 20)).unscheduled_years == []
    assert dashboard.overview(date(2026, 12, 1)).unscheduled_years == [2027]  # December: next year's schedule
