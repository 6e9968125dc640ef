"""A 科室录入员's rights are decided on the rows as stored, not on the objects a script hands in:
changing a record's section (or its typist, driver, handler…) in memory before saving it moves
nothing into or out of another section."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from govoffice_desktop.models.fleet import Trip, Vehicle
from govoffice_desktop.models.staff import Person, PersonMove, Section, Training
from govoffice_desktop.models.supervision import MeetingLog, PhoneLog
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import auth, fleet, staff, supervision, typing_pool
from govoffice_desktop.services.auth import PermissionDenied

REFUSED = "只能为本科室（秘书一科）"


@pytest.fixture
def clerk(small_office):
    """Logged in as the 科室录入员 of 秘书一科 (A); 综合科 (B) is another section's.  张伟 is A's
    typist and driver, 王芳 and 陈静 are B's, 陈静 a driver; the administrator entered a trip
    driven by 陈静, a meeting of B and a call handled by 王芳."""
    a, b = Section.get(Section.name == "秘书一科"), Section.get(Section.name == "综合科")
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    auth.create_user("clerk", "clerk-pw", "科室录入员", a)
    zhang, chen = Person.get(Person.name == "张伟"), Person.get(Person.name == "陈静")
    staff.save_person({"is_typist": True, "is_driver": True}, zhang)
    staff.save_person({"is_driver": True}, chen)
    vehicle = Vehicle.get()
    made = {
        "trip": fleet.record_trip({"vehicle": vehicle.id, "trip_date": date(2026, 11, 3), "distance_km": "50",
                                   "driver": chen.id}),
        "meeting": supervision.log_meeting({"held_on": date(2026, 11, 2), "title": "协调会", "section": b}),
        "call": supervision.log_call({"called_at": datetime(2026, 11, 2, 9), "subject": "来电询问",
                                      "handled_by": Person.get(Person.name == "王芳").id}),
    }
    auth.authenticate("clerk", "clerk-pw")
    yield {"a": a, "b": b, "zhang": zhang, "chen": chen, "vehicle": vehicle, **made}
    auth.logout()


def stored(model, key):
    return model.select().where(model.id == key).dicts().get()


def test_another_sections_person_moved_in_memory_is_not_saved(clerk):
    wang = Person.get(Person.name == "王芳")  # 综合科
    before = stored(Person, wang.id)
    wang.section = clerk["a"]  # the script's own section, in memory only
    with pytest.raises(PermissionDenied, match=REFUSED):
        staff.save_person({"post": "副科长"}, wang)
    assert stored(Person, wang.id) == before


def test_an_own_person_moved_in_memory_to_another_section_is_not_saved(clerk):
    zhang = Person.get(Person.name == "张伟")  # 秘书一科, the clerk's own
    before = stored(Person, zhang.id)
    zhang.section = clerk["b"]
    with pytest.raises(PermissionDenied, match=REFUSED):
        staff.save_person({"post": "副科长"}, zhang)
    assert stored(Person, zhang.id) == before
    staff.save_person({"post": "副科长"}, Person.get_by_id(zhang.id))  # untouched, it is theirs to change
    assert Person.get_by_id(zhang.id).post == "副科长"


@pytest.mark.parametrize("action", ["move", "leave", "training", "rank", "reading", "welfare"])
def test_services_given_a_person_decide_on_the_stored_section(clerk, action):
    wang = Person.get(Person.name == "王芳")
    before, moves, trainings = stored(Person, wang.id), PersonMove.select().count(), Training.select().count()
    wang.section = clerk["a"]
    calls = {
        "move": lambda: staff.move_person(wang, Section.get(Section.name == "文电科"), date(2026, 11, 1), "工作需要"),
        "leave": lambda: staff.leave_office(wang, date(2026, 11, 1), "调离", "调往市发改委"),
        "training": lambda: staff.add_training(wang, "岗位培训", "公文处理规范培训", date(2026, 11, 1)),
        "rank": lambda: staff.determine_rank(wang, "一级科员", date(2026, 11, 1), "实绩突出"),
        "reading": lambda: staff.record_reading(wang, 2026, staff.READING_KINDS[0], "《论持久战》"),
        "welfare": lambda: staff.add_welfare_request("housing", wang, date(2026, 11, 1), "无房"),
    }
    with pytest.raises(PermissionDenied, match=REFUSED):
        calls[action]()
    assert stored(Person, wang.id) == before
    assert PersonMove.select().count() == moves and Training.select().count() == trainings


def test_a_typing_entry_of_another_sections_typist_is_not_taken_over(clerk):
    entry = TypingLog.select().where(TypingLog.typist_name == "李娜").first()  # 文电科's typist
    before = stored(TypingLog, entry.id)
    entry.typist = clerk["zhang"]  # the clerk's own typist, in memory only
    with pytest.raises(PermissionDenied, match=REFUSED):
        typing_pool.log_work({"typed_on": entry.typed_on, "typist": clerk["zhang"].id, "title": "改了", "pages": 1},
                             entry)
    assert stored(TypingLog, entry.id) == before


def test_another_sections_typist_moved_in_memory_gets_no_entry(clerk):
    li = Person.get(Person.name == "李娜")
    li.section = clerk["a"]
    count = TypingLog.select().count()
    with pytest.raises(PermissionDenied, match=REFUSED):
        typing_pool.log_work({"typed_on": date(2026, 11, 4), "typist": li, "title": "通知", "pages": 2})
    assert TypingLog.select().count() == count


def test_a_trip_of_another_sections_driver_is_not_taken_over(clerk):
    trip = clerk["trip"]
    before = stored(Trip, trip.id)
    trip.driver = clerk["zhang"]
    with pytest.raises(PermissionDenied, match=REFUSED):
        fleet.record_trip({"vehicle": clerk["vehicle"].id, "trip_date": date(2026, 11, 3), "distance_km": "80",
                           "driver": clerk["zhang"].id}, trip)
    assert stored(Trip, trip.id) == before


def test_a_meeting_of_another_section_is_not_taken_over(clerk):
    meeting = MeetingLog.get_by_id(clerk["meeting"].id)
    before = stored(MeetingLog, meeting.id)
    meeting.section = clerk["a"]
    with pytest.raises(PermissionDenied, match=REFUSED):
        supervision.log_meeting({"held_on": date(2026, 11, 2), "title": "改了", "section": clerk["a"]}, meeting)
    assert stored(MeetingLog, meeting.id) == before


def test_a_call_handled_by_another_section_is_not_taken_over(clerk):
    call = PhoneLog.get_by_id(clerk["call"].id)
    before = stored(PhoneLog, call.id)
    call.handled_by = clerk["zhang"]
    with pytest.raises(PermissionDenied, match=REFUSED):
        supervision.log_call({"called_at": datetime(2026, 11, 2, 9), "subject": "改了",
                              "handled_by": clerk["zhang"].id}, call)
    assert stored(PhoneLog, call.id) == before
