"""学习培训 and 读三本书: study records and the three books a year each person reads and shares."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import READING_KINDS, TRAINING_KINDS, Person, ReadingRecord, Section, Training
from govoffice_desktop.services import auth
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.staff.files import GONE, _a_date, _required
from govoffice_desktop.services.validation import BadValue


# ---------------------------------------------------------------- training and the three books
@requires("staff.edit", section_of=auth.first_person_section)
def add_training(person: Person, kind: str, title: str, started_on, ended_on=None, hours=None,
                 result: str = "", note: str = "") -> Training:
    if kind not in TRAINING_KINDS:
        raise BadValue(f"培训类别应为{'、'.join(TRAINING_KINDS)}之一")
    title = _required(title, "培训内容")
    started_on = _a_date(started_on, "开始日期", required=True)
    ended_on = _a_date(ended_on, "结束日期")
    if ended_on and ended_on < started_on:
        raise BadValue("结束日期早于开始日期")
    if hours not in (None, ""):
        try:
            hours = int(hours)
        except (TypeError, ValueError):
            raise BadValue(f"学时应为整数：{hours!r}") from None
        if hours < 0:
            raise BadValue("学时不能为负")
    else:
        hours = None
    return Training.create(person=person, kind=kind, title=title[:100], started_on=started_on, ended_on=ended_on,
                           hours=hours, result=(result or "").strip(), note=note or "")


@requires("staff.edit", section_of=auth.first_person_section)
def record_reading(person: Person, year: int, kind: str, title: str, finished_on=None, shared_on=None,
                   notes: str = "") -> ReadingRecord:
    """读三本书: one book of each kind a year; recording a kind again updates that year's book."""
    if kind not in READING_KINDS:
        raise BadValue(f"书的类别应为{'、'.join(READING_KINDS)}之一")
    title = _required(title, "书名").strip("《》 ")  # the history adds the book-title marks itself
    if not title:
        raise BadValue("书名不能为空")
    finished_on = _a_date(finished_on, "读完日期")
    shared_on = _a_date(shared_on, "交流日期")
    if shared_on and not finished_on:
        raise BadValue("还没读完，不能记交流")
    if shared_on and finished_on and shared_on < finished_on:
        raise BadValue("交流日期早于读完日期")
    if finished_on and finished_on.year != int(year):
        raise BadValue(f"读完日期 {finished_on} 不在 {year} 年")
    with database.atomic():
        record = ReadingRecord.get_or_none(ReadingRecord.person == person, ReadingRecord.year == int(year),
                                           ReadingRecord.kind == kind)
        record = record or ReadingRecord(person=person, year=int(year), kind=kind)
        record.title, record.finished_on, record.shared_on = title[:100], finished_on, shared_on
        record.notes = notes or ""
        record.save()
        return record


@dataclass
class BookProgress:
    person: Person
    section: str
    read: list[str]  # kinds finished this year, in the order of READING_KINDS
    shared: list[str]  # kinds finished and shared at a 交流 session

    @property
    def complete(self) -> bool:
        """All three read and all three shared."""
        return len(self.shared) == len(READING_KINDS)


def three_books(year: int, section: Section | None = None, as_of: date | None = None) -> list[BookProgress]:
    """Each member of staff's three books for ``year`` (as of a day, if given): read, shared."""
    people = (Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
              .where(Person.status.not_in(GONE)).order_by(Section.sort_order, Person.name))
    if section is not None:
        people = people.where(Person.section == section)
    books: dict[int, list[ReadingRecord]] = {}
    for record in ReadingRecord.select().where(ReadingRecord.year == year):
        books.setdefault(record.person_id, []).append(record)

    def done(day):
        return day is not None and (as_of is None or day <= as_of)

    out = []
    for person in people:
        mine = books.get(person.id, [])
        read = [k for k in READING_KINDS if any(r.kind == k and done(r.finished_on) for r in mine)]
        shared = [k for k in READING_KINDS if any(r.kind == k and done(r.finished_on) and done(r.shared_on)
                                                   for r in mine)]
        out.append(BookProgress(person, person.section.name if person.section_id else "", read, shared))
    return out


def three_books_by_section(progress: list[BookProgress]) -> list[tuple[str, int, int, int]]:
    """(section, members, read all three, read and shared all three) per section."""
    out: dict[str, list[int]] = {}
    for p in progress:
        row = out.setdefault(p.section or "（未分科室）", [0, 0, 0])
        row[0] += 1
        row[1] += len(p.read) == len(READING_KINDS)
        row[2] += p.complete
    return [(name, *counts) for name, counts in out.items()]
