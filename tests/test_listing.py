"""Listings: ids by search, filter and order; rows fetched for any ids."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services import fleet, staff, supervision


@pytest.fixture
def office(database):
    a = Section.create(name="秘书一科")
    b = Section.create(name="综合科")
    people = [
        Person.create(name="张伟", section=a, post="科长", status="在岗", id_number="321302198503150012"),
        Person.create(name="王芳", section=a, post="科员", status="试用期"),
        Person.create(name="李娜", section=b, post="科员", status="在岗", native_place="沭阳"),
        Person.create(name="100%达标", section=None, post="科员"),
    ]
    return a, b, people


def test_search_matches_every_word_somewhere(office):
    listing = staff.person_listing()
    names = lambda ids: {r[0] for r in listing.rows(ids).values()}  # noqa: E731
    assert names(listing.ids("秘书一科")) == {"张伟", "王芳"}
    assert names(listing.ids("秘书一科 科员")) == {"王芳"}
    assert names(listing.ids("沭阳")) == {"李娜"}
    assert names(listing.ids("")) == {"张伟", "王芳", "李娜", "100%达标"}
    assert listing.ids("无此人") == []


def test_search_treats_wildcards_as_text(office):
    listing = staff.person_listing()
    assert [listing.rows([i])[i][0] for i in listing.ids("%")] == ["100%达标"]
    assert listing.ids("_") == []


def test_order_and_filters(office):
    a, b, _ = office
    listing = staff.person_listing()
    ordered = [listing.rows([i])[i][0] for i in listing.ids(order="name", descending=False)]
    assert ordered == sorted(ordered)
    assert len(listing.ids(filters={"section_id": a.id})) == 2
    assert len(listing.ids(filters={"status": "试用期"})) == 1
    assert len(listing.ids(filters={"status": ""})) == 4  # an empty filter is no filter


def test_rows_come_back_for_any_ids_in_column_order(office):
    listing = staff.person_listing()
    ids = listing.ids(order="name")
    rows = listing.rows(reversed(ids))
    assert set(rows) == set(ids)
    zhang = next(r for r in rows.values() if r[0] == "张伟")
    assert zhang[listing.keys.index("section")] == "秘书一科"
    assert zhang[listing.keys.index("id_number")] == "321302********0012"  # masked in tables


def test_refuel_listing_joins_the_vehicle(database):
    v = Vehicle.create(plate="苏NA1234")
    for i in range(3):
        Refuel.create(filled_at=datetime(2026, 1, 1 + i, 9), vehicle=v, litres="40", amount="300", driver_name="赵师傅")
    listing = fleet.refuel_listing()
    ids = listing.ids("NA12")
    assert len(ids) == 3
    first = listing.rows([ids[0]])[ids[0]]
    assert first[listing.keys.index("filled_at")] == datetime(2026, 1, 3, 9)  # newest first
    assert first[listing.keys.index("plate")] == "苏NA1234"


def test_refuel_ids_without_the_join_are_the_ids_with_it(database, monkeypatch):
    """The refuel listing leaves the vehicle join out of ``ids`` unless a search, filter or order
    reads it: the same ids in the same order either way."""
    cars = [Vehicle.create(plate=p) for p in ("苏NB2000", "苏NA1000", "苏NC3000")]
    for i in range(30):
        Refuel.create(filled_at=datetime(2026, 1, 1 + i % 7, 9), vehicle=cars[i % 3], litres="40", amount="300",
                      driver_name=("赵师傅", "钱师傅")[i % 2])
    lean = fleet.refuel_listing()
    joined = fleet.refuel_listing()
    object.__setattr__(joined, "joins_keep_rows", False)
    cases = [{}, {"search": "NA1"}, {"search": "钱"}, {"order": "plate"}, {"order": "plate", "descending": False},
             {"filters": {"vehicle_id": cars[1].id}}, {"order": "litres", "filters": {"vehicle_id": cars[2].id}}]
    for case in cases:
        assert lean.ids(**case) == joined.ids(**case), case
    assert "JOIN" not in _sql_of_ids(lean, monkeypatch) and "JOIN" in _sql_of_ids(joined, monkeypatch)


def _sql_of_ids(listing, monkeypatch) -> str:
    from govoffice_desktop.services import listing as listing_module
    seen = []
    real = listing_module.database

    class Spy:
        def execute(self, query):
            seen.append(query.sql()[0])
            return real.execute(query)

    with monkeypatch.context() as m:
        m.setattr(listing_module, "database", Spy())
        listing.ids()
    return seen[0]


def test_task_light_rule_and_listing_agree(database):
    today = date(2026, 11, 27)
    cases = {"逾期": (today - timedelta(days=1), "办理中"), "将到期": (today + timedelta(days=3), "办理中"),
             "宽裕": (today + timedelta(days=4), "办理中"), "已办": (today - timedelta(days=9), "已办结"), "撤回": (today + timedelta(days=9), "已撤销")}
    for title, (deadline, status) in cases.items():
        SupervisedTask.create(source="领导交办", title=title, assigned_on=today - timedelta(days=20),
                              deadline=deadline, status=status)
    listing = supervision.task_listing(today)
    by_title = {row[2]: row[0] for row in listing.rows(listing.ids()).values()}
    expected = {t: supervision.task_light(s, d, today) for t, (d, s) in cases.items()}
    assert by_title == expected == {"逾期": "红", "将到期": "黄", "宽裕": "绿", "已办": "结", "撤回": "撤"}
    in_order = [listing.rows([i])[i][2] for i in listing.ids(order="light")]
    assert in_order == ["逾期", "将到期", "宽裕", "已办", "撤回"]


def test_mask_id_number():
    assert staff.mask_id_number("32130219850315001X") == "321302********001X"
    assert staff.mask_id_number(None) == ""
    assert staff.mask_id_number("1234") == "12**"


def test_backslashes_in_a_search_are_text(database):
    Person.create(name="a\\b")
    Person.create(name="ab")
    listing = staff.person_listing()
    assert [listing.rows([i])[i][0] for i in listing.ids("a\\b")] == ["a\\b"]


def test_a_search_of_many_words_or_a_huge_word_is_refused_in_chinese_not_by_the_database(office):
    """200 words overflowed SQLite's parser, 2,000 Python's recursion, one 60,000-character word
    the LIKE pattern limit; now a limit generous for real use, with a Chinese reason."""
    from govoffice_desktop.services.listing import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS
    from govoffice_desktop.services.validation import BadValue

    listing = staff.person_listing()
    for text, reason in ((" ".join(f"词{i}" for i in range(200)), "搜索词太多：200 个"),
                         (" ".join(f"w{i}" for i in range(2000)), "搜索词太多：2000 个"),
                         ("字" * 60_000, "搜索内容太长：60000 个字符")):
        with pytest.raises(BadValue, match=reason):
            listing.ids(text)
    # At the limits a search runs, over every searchable column of the widest listing.
    assert listing.ids(" ".join(["科"] * MAX_SEARCH_WORDS)) == listing.ids("科")
    assert listing.ids("科" * MAX_SEARCH_CHARS) == []
    assert len(listing.ids("秘书一科 科员 " + " ".join(["科"] * (MAX_SEARCH_WORDS - 2)))) == 1


def test_control_characters_in_a_search_separate_words(office):
    listing = staff.person_listing()
    assert listing.ids("秘书一科\x00科员") == listing.ids("秘书一科 科员")
    assert listing.ids("\x00\t\n") == listing.ids("")
