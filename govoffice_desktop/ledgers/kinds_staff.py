"""The roster (花名册): staff files, with what an ID number says."""
from __future__ import annotations

import re
from datetime import date

import peewee as pw

from govoffice_desktop.ledgers.kind_base import (LedgerKind, Note, WriteSummary, _flag, _name, _status, sections_for,
                                                 text)
from govoffice_desktop.models.staff import GENDERS, Person, PersonMove, RankRecord, Section
from govoffice_desktop.services import validation as v
from govoffice_desktop.services.plausibility import BIRTH, OTHER
from govoffice_desktop.services.staff import PROBATION_MONTHS, add_months
from govoffice_desktop.services.validation import person_dates_error


GENDER_WORDS = {"男": "男", "男性": "男", "M": "男", "女": "女", "女性": "女", "F": "女"}


def _gender(raw) -> str | None:
    word = text(raw)
    if not word:
        return None
    gender = GENDER_WORDS.get(word.upper() if word.isascii() else word)
    if gender not in GENDERS:
        raise v.BadValue("性别应为男或女")
    return gender


MASKED = "masked"  # what a masked ID number parses to; ``StaffKind.check`` counts and drops it
ID_CARD = "居民身份证"


def _id_number(raw):
    """An ID number as written; ``StaffKind.check`` checks it when it is a resident ID (the 证件类型
    column, if any, says so).  One shown masked with * (110105********002X, as tables show it) is
    no number at all: the row matches by name and birth, and the import says how many were masked."""
    if isinstance(raw, str) and "*" in raw:
        return MASKED
    if v.is_empty(raw):
        return None
    return raw


class Unreadable:
    """A birth date that could not be read: an error, unless a valid ID number gives it."""

    def __init__(self, raw, message: str):
        self.raw, self.message = raw, message


def _birth(raw):
    try:
        return v.parse_year_month(raw)
    except v.BadValue as exc:
        return Unreadable(raw, str(exc))


SECTION_PATH = ("/", "／", "\\", "＼", ">", "＞")


class PathName(str):
    """The last part of a section given as a path, remembering the path for the notice."""

    path = ""


def _section(raw) -> str:
    """A section; one given as a path (单位/部门/科室) is its last part (``StaffKind`` says so)."""
    name = _name(raw)
    for mark in SECTION_PATH:
        if mark in name:
            parts = [part for part in re.split("|".join(map(re.escape, SECTION_PATH)), name) if part]
            last = PathName(parts[-1] if parts else "")
            last.path = name
            return last
    return name


class StaffKind(LedgerKind):
    name = "staff"
    permission = "staff.edit"
    model = Person
    parsers = {
        "name": _name, "gender": _gender, "birth": _birth, "ethnicity": text, "native_place": text,
        "political_status": text, "education": text, "major": text, "expertise": text, "section": _section,
        "post": text, "rank": text, "previous_rank": text, "source_unit": text, "joined_on": v.parse_month_or_date,
        "id_number": _id_number, "id_type": text, "phone": text, "status": _status, "out_of_town": _flag,
        "notes": text,
    }
    required = {"name": "姓名不能为空"}
    dates = {"birth": BIRTH, "joined_on": OTHER}

    def begin(self) -> None:
        """Before an import: sections merged away, and the ID numbers already on file."""
        names = dict(Section.select(Section.id, Section.name).tuples())
        self.merged = {s.name: names.get(s.merged_into_id, "") for s in Section.select().where(~Section.active)}
        self.ids = dict(Person.select(Person.id_number, Person.name).where(Person.id_number.is_null(False)).tuples())
        self.masked = 0
        self.from_id: list[str] = []  # names whose birth, written unreadably, was taken from the ID number
        self.filled_from_id = 0  # rows whose 性别/出生年月 came from the ID number (no such column)
        self.paths: set[str] = set()  # sections given as a path

    def notices(self) -> list[str]:
        out = []
        if self.masked:
            out.append(f"{self.masked} 行的身份证号是打码的（如从表格导出），这些人未导入身份证号；"
                       f"需要完整号码请用“导出花名册”或原始台账")
        if self.from_id:
            out.append(f"{len(self.from_id)} 人的出生年月无法识别，已按身份证号填写：{'、'.join(self.from_id[:20])}")
        if self.filled_from_id:
            out.append(f"{self.filled_from_id} 人的性别或出生年月表中未写，已按身份证号填写")
        if self.paths:
            out.append(f"科室写成了路径，取最后一级：{'、'.join(sorted(self.paths)[:20])}")
        return out

    def duplicate_notice(self, duplicates: list[dict]) -> str | None:
        """Rows taken as already on file because a person of that name (and birth) is: say who,
        when neither a birth nor an ID number told them apart."""
        names = sorted({r["name"] for r in duplicates if not r["id_number"] and r["birth"] is None})
        if names:
            return (f"{len(names)} 人只有姓名（没有出生年月和身份证号），与已有档案同名，按已存在处理、未导入："
                    f"{'、'.join(names[:20])}{'等' if len(names) > 20 else ''}。如是另一个人，请补上出生年月后再导入")
        return None

    def check(self, rec: dict, note: Note) -> dict | None:
        if rec["id_number"] == MASKED:
            self.masked += 1
            rec["id_number"] = None
        self._identity(rec, note)
        if not rec["name"]:
            return None
        target = self.merged.get(rec["section"])
        if target is not None:
            note("section", f"{rec['section']}已合署到{target or '其他科室'}，请改为现在的科室")
        number = rec["id_number"]
        if number:
            other = self.ids.setdefault(number, rec["name"])  # also catches two names in one file
            if other != rec["name"]:
                note("id_number", f"身份证号与 {other} 的相同：同一身份证号不能是两个人")
        error = person_dates_error(rec["birth"], number, rec["joined_on"])
        if error:
            note(error.field, str(error))
        return rec

    def _identity(self, rec: dict, note: Note) -> None:
        """The ID number checked (a resident ID only), and 性别/出生年月 taken from it when missing."""
        raw, kind = rec["id_number"], rec.pop("id_type")
        valid = None
        if raw is not None and kind and kind.replace(" ", "") not in (ID_CARD, "身份证", "二代身份证"):
            number = text(raw).replace(" ", "")
            if len(number) > 18:
                note("id_number", f"证件号码超过18位：{number}")
            rec["id_number"] = number[:18] or None  # another kind of document: kept as written
        elif raw is not None:
            written = text(raw)
            if sum(ch in "Xx" for ch in written) > 1 and re.search(r"[Xx]{2,}", written):
                note("id_number", f"身份证号被打码（{written}），不是完整的号码：请用有完整号码的台账")
                rec["id_number"] = None
            else:
                try:
                    valid = rec["id_number"] = v.normalise_id_number(raw)
                except v.BadValue as exc:
                    note("id_number", str(exc))
                    rec["id_number"] = None
        birth = rec["birth"]
        if isinstance(birth, Unreadable):
            if valid:
                rec["birth"] = date(int(valid[6:10]), int(valid[10:12]), 1)
                self.from_id.append(rec["name"])
            else:
                note("birth", birth.message)
                rec["birth"] = None
        elif valid and birth is None:
            rec["birth"] = date(int(valid[6:10]), int(valid[10:12]), 1)
            self.filled_from_id += 1
        if valid and rec["gender"] is None:
            rec["gender"] = "男" if int(valid[16]) % 2 else "女"
            self.filled_from_id += birth is not None
        section = rec["section"]
        if isinstance(section, PathName):
            self.paths.add(f"{section.path} → {section}")
            rec["section"] = str(section)

    def key(self, rec: dict) -> tuple:
        return ("id", rec["id_number"]) if rec["id_number"] else ("name", rec["name"], rec["birth"])

    def existing_keys(self) -> set[tuple]:
        keys = set()
        for name, birth, id_number in Person.select(Person.name, Person.birth, Person.id_number).tuples():
            keys.add(("id", id_number) if id_number else ("name", name, birth))
            if id_number:  # a row without an ID number still matches a stored name and birth
                keys.add(("name", name, birth))
        return keys

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        sections = sections_for((r["section"] for r in records), summary)
        rows = []
        for rec in records:
            row = dict(rec)
            section = row.pop("section")
            row["section"] = sections[section] if section else None
            rows.append(row)
        before = Person.select(pw.fn.MAX(Person.id)).scalar() or 0
        written = Person.bulk_insert(rows, progress=progress)
        inserted = list(Person.select().where(Person.id > before).order_by(Person.id))
        self._moves_in(inserted)
        self._ranks_from_roster(inserted, summary)
        return written

    @staticmethod
    def _moves_in(people: list) -> None:
        """Each person placed in a section starts their history there (调入, from the roster)."""
        PersonMove.bulk_insert([dict(person=p.id, moved_on=p.joined_on or date.today(), from_section=None,
                                     to_section=p.section_id, reason="调入（据花名册导入）")
                                for p in people if p.section_id])

    @staticmethod
    def _ranks_from_roster(people: list, summary: WriteSummary) -> None:
        """A roster's 职级 for someone whose six months were up long ago was fixed before this
        program: it is recorded as such (dated the day of the import, and saying so), so that
        定级 lists only the people it should.  Only the people this import added."""
        today = date.today()
        fixed = [p for p in people if p.rank and p.status != "试用期"
                 and (p.joined_on is None or add_months(p.joined_on, PROBATION_MONTHS) <= today)]
        RankRecord.bulk_insert([dict(person=p.id, decided_on=max(today, p.joined_on or today), period_start=p.joined_on,
                                     previous_rank=p.previous_rank, rank=p.rank, post=p.post,
                                     performance="据导入的花名册：职级此前已确定，定级记录未录入本系统")
                                for p in fixed])
        if fixed:
            summary.created.setdefault("定级记录（据花名册）", []).extend(p.name for p in fixed)
