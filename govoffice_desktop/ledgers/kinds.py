"""Ledger kinds: how a row of each kind becomes a record, what makes it a duplicate, how it is written.

Each kind declares a parser per field (``parsers``: one cell → a value, ``None`` for empty, or
``BadValue``), the fields that must not be empty (``required``), and the rules between fields
of one row (``check``).  ``RowConverter`` applies them column by column, remembering what each
distinct cell parsed to (a ledger repeats its plates, drivers and stations on every row).  Each
kind also names its natural key (``key``), reads the keys already stored (``existing_keys``) and
writes valid records (``write``), creating the sections or vehicles they refer to and linking
names to staff files where exactly one person has that name.  ``write`` runs inside the
importer's single transaction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Callable

import peewee as pw

from govoffice_desktop.ledgers import values as v
from govoffice_desktop.ledgers.reader import UNCOMPUTED, UNCOMPUTED_MESSAGE, CellError
from govoffice_desktop.services import plausibility
from govoffice_desktop.services.plausibility import BIRTH, DEADLINE, EVENT, OTHER
from govoffice_desktop.services.validation import person_dates_problem
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.staff import GENDERS, PERSON_STATUSES, Person, Section

Note = Callable[[str, str], None]  # (field, message): a problem with this row's cell of that field
CACHE_CHECK_ROWS = 2000  # after this many rows a column whose cells hardly repeat stops being remembered


@dataclass
class WriteSummary:
    created: dict[str, list[str]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Control characters (NUL included) and bidirectional overrides: they hide what text says, and
# an export cannot write them.
UNSEEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
ODD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u061c]")


def text(raw) -> str:
    """A cell as text: zero-width spaces removed; control characters and bidi overrides refused."""
    if v.is_empty(raw):
        return ""
    out = v.clean_text(raw)
    if ODD.search(out):
        out = ZERO_WIDTH.sub("", out).strip()
        bad = UNSEEN.search(out)
        if bad:
            what = "双向文字控制符" if "\u200e" <= bad.group() else "控制字符" if bad.group() != "\x00" else "空字符（NUL）"
            raise v.BadValue(f"含有看不见的{what}（U+{ord(bad.group()):04X}），请删除后再导入")
    return out


def _flag(raw) -> bool:
    return bool(v.parse_bool(raw))


def money(raw) -> Decimal | None:
    return v.parse_decimal(raw, 2)


class RowConverter:
    """Turns rows of raw cells into records for one kind and one column mapping.

    ``convert(values, note)`` returns the record, or ``None`` when the row cannot become one;
    each problem goes to ``note(field, message)``.
    """

    def __init__(self, kind, columns: dict[str, int], times: dict[str, int] | None = None,
                 joins: dict[str, list[int]] | None = None):
        self.kind = kind
        times, joins = times or {}, joins or {}
        # An unmapped field is what its parser makes of an empty cell ('' for text, None for a date).
        self.blank = {name: parse(None) for name, parse in kind.parsers.items() if name not in columns}
        limits = text_limits(kind.name)
        parsers = {name: _limited(parse, limits[name]) if name in limits else parse
                   for name, parse in kind.parsers.items()}
        # [field, column index, parser, cache of raw cell → value (None once the column proves unique)]
        self.plan = [[name, columns[name], parse, {}] for name, parse in parsers.items()
                     if name in columns and name not in times and name not in joins]
        # Fields read from more than one cell: a date and the time beside it, or a name repeated
        # over several columns: (field, [columns], combine, parser).
        self.combined = [(name, [columns[name], times[name]], v.join_date_time, parse)
                         for name, parse in parsers.items() if name in columns and name in times]
        self.combined += [(name, [columns[name], *joins[name]], _join_texts, parse)
                          for name, parse in parsers.items() if name in columns and name in joins]
        self.required = [(name, columns.get(name), message) for name, message in kind.required.items()]
        # Dates outside the bounds of their kind (services/plausibility.py): (field, earliest, latest, kind)
        self.dates = [(name, *plausibility.date_range(which), which)
                      for name, which in getattr(kind, "dates", {}).items() if name in columns]
        used = [*columns.values(), *times.values(), *(i for extra in joins.values() for i in extra)]
        self.width = max(used, default=-1) + 1  # a row shorter than this is padded
        self.rows = 0
        self.uncomputed: dict[str, int] = {}  # optional field → cells whose formula had no result

    def convert(self, values: list, note: Note) -> dict | None:
        if len(values) < self.width:
            values = [*values, *[None] * (self.width - len(values))]
        record = dict(self.blank)
        for name, index, parse, cache in self.plan:
            raw = values[index]
            if cache is not None and raw.__class__ is not bool:  # True == 1: a bool never shares a key
                try:
                    record[name] = cache[raw]
                    continue
                except KeyError:
                    pass
            if raw.__class__ is CellError:
                if raw.code == UNCOMPUTED and name not in self.kind.required:
                    self.uncomputed[name] = self.uncomputed.get(name, 0) + 1  # an optional field: a notice
                else:
                    note(name, raw.message)
                record[name] = None
                continue
            try:
                value = parse(raw)
            except v.BadValue as exc:
                note(name, str(exc))
                record[name] = None
                continue
            if cache is not None and raw.__class__ is not bool:
                cache[raw] = value
            record[name] = value
        for name, indexes, combine, parse in self.combined:
            cells = [values[i] for i in indexes]
            error = next((c for c in cells if c.__class__ is CellError), None)
            try:
                if error is not None:
                    raise v.BadValue(error.message)
                record[name] = parse(combine(*cells))
            except v.BadValue as exc:
                note(name, str(exc))
                record[name] = None
        for name, earliest, latest, which in self.dates:
            value = record[name]
            if value is not None and isinstance(value, date):
                day = value.date() if value.__class__ is datetime else value
                if not earliest <= day <= latest:
                    note(name, plausibility.date_problem(which, value))
                    record[name] = None
        for name, index, message in self.required:
            value = record.get(name)
            if (value is None or value == "") and (index is None or v.is_empty(values[index])):
                note(name, message)
        self.rows += 1
        if self.rows == CACHE_CHECK_ROWS:
            for step in self.plan:
                if step[3] is not None and len(step[3]) > CACHE_CHECK_ROWS // 2:
                    step[3] = None  # hardly any repeats: remembering them costs more than it saves
        return self.kind.check(record, note)


def text_limits(kind: str) -> dict[str, int]:
    """Field → the most characters the form (the model's column) takes, for the kind's text fields."""
    from govoffice_desktop.models import fleet, supervision, typing_pool

    model = {"refuels": Refuel, "staff": Person, "typing": typing_pool.TypingLog, "speed-tests": typing_pool.SpeedTest,
             "trips": fleet.Trip, "incidents": fleet.Incident, "checks": supervision.DailyCheck,
             "tasks": supervision.SupervisedTask}.get(kind)
    if model is None:
        return {}
    out = {}
    for name in KINDS[kind].parsers:
        column = model._meta.fields.get(name)
        if column is None or isinstance(column, pw.ForeignKeyField):  # a name linked to a file: its text
            column = model._meta.fields.get(f"{name}_name")
        if name != "id_number" and isinstance(column, pw.CharField) and column.max_length:
            out[name] = column.max_length
    return out


def _limited(parse, limit: int):
    def read(raw):
        value = parse(raw)
        if value.__class__ is str and len(value) > limit:
            raise v.BadValue(f"有 {len(value)} 个字，超过 {limit} 个字的上限")
        return value
    return read


def _join_texts(*cells):
    """A name written over several columns of the same header: the cells joined by a space."""
    parts = [text(c) for c in cells]
    joined = " ".join(p for p in parts if p)
    return joined or None


class RefuelKind:
    name = "refuels"

    parsers = {
        "plate": v.normalise_plate, "filled_at": v.parse_datetime, "litres": money, "unit_price": money,
        "amount": money, "odometer": v.parse_int, "full_tank": v.parse_bool, "missed_previous": _flag, "driver": text,
        "station": text, "card_no": text, "receipt_no": text, "note": text,
    }
    required = {"plate": "车牌号不能为空", "filled_at": "加油时间不能为空"}
    dates = {"filled_at": EVENT}

    def begin(self) -> None:
        from govoffice_desktop.services.fleet import fleet_closed_months

        self.closed = fleet_closed_months()

    def check(self, rec: dict, note: Note) -> dict | None:
        from govoffice_desktop.services.fleet import closed_month_problem, complete_amounts

        try:  # the same rule as the form: any two give the third, all three agree to rounding
            rec["litres"], rec["unit_price"], rec["amount"] = complete_amounts(rec["litres"], rec["unit_price"],
                                                                               rec["amount"])
        except v.BadValue as exc:
            message = str(exc)
            note("litres" if "加油量" in message[:3] else "unit_price" if message.startswith("单价") else "amount",
                 message)
            return None
        for name, problem in (("litres", plausibility.litres_problem(rec["litres"])),
                              ("unit_price", plausibility.price_problem(rec["unit_price"]))):
            if problem:
                note(name, problem)
        if rec["filled_at"] is not None:
            problem = closed_month_problem(rec["filled_at"].date(), getattr(self, "closed", set()))
            if problem:
                note("filled_at", problem)
        if rec["odometer"] is not None and rec["odometer"] < 0:
            note("odometer", "里程表读数不能为负")
        if rec["full_tank"] is None:
            rec["full_tank"] = True
        if rec["plate"] is None or rec["filled_at"] is None:
            return None
        rec["driver_name"] = rec.pop("driver")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["plate"], rec["filled_at"], rec["litres"], rec["amount"])

    def cross_check(self, records: list[dict]) -> list[tuple[int, str, str]]:
        """Odometers only go up: each reading is checked, in time order, against the fills before
        and after it, in this file and already stored.  Returns (record index, field, message)."""
        from types import SimpleNamespace

        from govoffice_desktop.services.fleet import odometer_problem

        plates = {r["plate"] for r in records if r["odometer"] is not None}
        stored: dict[str, list] = {}
        if plates:
            query = (Refuel.select(Vehicle.plate, Refuel.filled_at, Refuel.odometer)
                     .join(Vehicle, on=(Refuel.vehicle == Vehicle.id))
                     .where(Vehicle.plate.in_(sorted(plates)), Refuel.odometer.is_null(False)).tuples())
            for plate, filled_at, odometer in query:
                stored.setdefault(plate, []).append((filled_at, odometer, None))
        problems = []
        for plate in sorted(plates):
            events = stored.get(plate, []) + [(r["filled_at"], r["odometer"], i) for i, r in enumerate(records)
                                              if r["plate"] == plate and r["odometer"] is not None]
            events.sort(key=lambda e: (e[0], e[2] is not None))
            previous = None  # the last reading taken as right: (filled_at, odometer, index or None)
            next_stored: list = [None] * len(events)  # for each event, the first stored reading after it
            following = None
            for k in range(len(events) - 1, -1, -1):
                next_stored[k] = following
                if events[k][2] is None:
                    following = events[k]
            for k, event in enumerate(events):
                filled_at, odometer, index = event
                after = next_stored[k]
                if index is not None and after is not None and odometer > after[1]:
                    later = SimpleNamespace(filled_at=after[0], odometer=after[1])
                    problems.append((index, "odometer", odometer_problem(None, odometer, later)))
                    continue
                if previous is not None and odometer < previous[1]:
                    before = SimpleNamespace(filled_at=previous[0], odometer=previous[1])
                    if index is not None:  # the file's row is lower than what came before it
                        problems.append((index, "odometer", odometer_problem(before, odometer)))
                        continue
                jump = plausibility.odometer_step_problem(previous[1] if previous else None, odometer)
                if jump and index is not None:
                    problems.append((index, "odometer", jump))
                    continue
                previous = event
        return problems

    def existing_keys(self) -> set[tuple]:
        query = (Refuel.select(Vehicle.plate, Refuel.filled_at, Refuel.litres, Refuel.amount)
                 .join(Vehicle, on=(Refuel.vehicle == Vehicle.id)).tuples())
        return set(query)

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        vehicles = _vehicles_for(records, summary)
        _link_people(records, summary, "driver", Person.is_driver)
        rows = records
        for rec in rows:
            rec["vehicle"] = vehicles[rec.pop("plate")]
        return Refuel.bulk_insert(rows, progress=progress)


GENDER_WORDS = {"男": "男", "男性": "男", "M": "男", "女": "女", "女性": "女", "F": "女"}


def _name(raw) -> str:
    return text(raw).replace(" ", "").replace("\u3000", "")


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


def _word_table(table: str, label: str, default=None):
    """A parser mapping the office's words for a value through a table in the fields file."""
    from govoffice_desktop.ledgers.mapping import words

    known = words(table)
    values = list(dict.fromkeys(known.values()))
    accepted = "；".join(f"{value}（{'、'.join(w for w, to in known.items() if to == value and w != value)}）"
                        for value in values)

    def parse(raw):
        word = text(raw).replace(" ", "").replace("\u3000", "")
        if not word:
            return default
        if word not in known:
            raise v.BadValue(f"{label}“{word}”不认识，可用的词：{accepted}")
        return known[word]
    return parse


_status = _word_table("staff.status", "状态", "在岗")
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


class StaffKind:
    name = "staff"
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
        if getattr(self, "masked", 0):
            out.append(f"{self.masked} 行的身份证号是打码的（如从表格导出），这些人未导入身份证号；"
                       f"需要完整号码请用“导出花名册”或原始台账")
        if getattr(self, "from_id", None):
            out.append(f"{len(self.from_id)} 人的出生年月无法识别，已按身份证号填写：{'、'.join(self.from_id[:20])}")
        if getattr(self, "filled_from_id", 0):
            out.append(f"{self.filled_from_id} 人的性别或出生年月表中未写，已按身份证号填写")
        if getattr(self, "paths", None):
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
            self.masked = getattr(self, "masked", 0) + 1
            rec["id_number"] = None
        self._identity(rec, note)
        if not rec["name"]:
            return None
        target = getattr(self, "merged", {}).get(rec["section"])
        if target is not None:
            note("section", f"{rec['section']}已合署到{target or '其他科室'}，请改为现在的科室")
        number = rec["id_number"]
        ids = getattr(self, "ids", None)
        if number and ids is not None:
            other = ids.setdefault(number, rec["name"])  # also catches two names in one file
            if other != rec["name"]:
                note("id_number", f"身份证号与 {other} 的相同：同一身份证号不能是两个人")
        problem = person_dates_problem(rec["birth"], number, rec["joined_on"])
        if problem:
            note("birth" if "出生年月" in problem[:6] else "joined_on", problem)
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
        from datetime import date

        from govoffice_desktop.models.staff import PersonMove

        PersonMove.bulk_insert([dict(person=p.id, moved_on=p.joined_on or date.today(), from_section=None,
                                     to_section=p.section_id, reason="调入（据花名册导入）")
                                for p in people if p.section_id])

    @staticmethod
    def _ranks_from_roster(people: list, summary: WriteSummary) -> None:
        """A roster's 职级 for someone whose six months were up long ago was fixed before this
        program: it is recorded as such (dated the day of the import, and saying so), so that
        定级 lists only the people it should.  Only the people this import added."""
        from datetime import date

        from govoffice_desktop.models.staff import RankRecord
        from govoffice_desktop.services.staff import PROBATION_MONTHS, add_months

        today = date.today()
        fixed = [p for p in people if p.rank and p.status != "试用期"
                 and (p.joined_on is None or add_months(p.joined_on, PROBATION_MONTHS) <= today)]
        RankRecord.bulk_insert([dict(person=p.id, decided_on=max(today, p.joined_on or today), period_start=p.joined_on,
                                     previous_rank=p.previous_rank, rank=p.rank, post=p.post,
                                     performance="据导入的花名册：职级此前已确定，定级记录未录入本系统")
                                for p in fixed])
        if fixed:
            summary.created.setdefault("定级记录（据花名册）", []).extend(p.name for p in fixed)


def _count(raw) -> int | None:
    number = v.parse_int(raw)
    if number is not None and number < 0:
        raise v.BadValue("不能为负数")
    return number


ROLE_WORDS = {"is_typist": "打字员", "is_driver": "驾驶员"}


def _link_people(records: list[dict], summary: WriteSummary, key: str, role) -> None:
    """Link each record's ``{key}_name`` to the one person of that name in the role (typists,
    drivers).  A name with one staff file marked neither typist nor driver (``role`` one of those
    fields) is put in the role, listed and said; one of the other role is not linked; the names that match no staff file, or several, are listed as
    unmatched and kept as written (the reports count them under the name, marked 未建档)."""
    people: dict[str, list[int]] = {}
    for pid, name in Person.select(Person.id, Person.name).where(role).tuples():
        people.setdefault(name, []).append(pid)
    names = {rec[f"{key}_name"] for rec in records if rec[f"{key}_name"]} - set(people)
    if names and isinstance(role, pw.Field) and role.name in ROLE_WORDS:
        others: dict[str, list[int]] = {}
        for pid, name in (Person.select(Person.id, Person.name)
                          .where(Person.name.in_(sorted(names)), Person.status.not_in(["调离", "退休"]),
                                 ~Person.is_typist, ~Person.is_driver).tuples()):
            others.setdefault(name, []).append(pid)
        marked = sorted(name for name, ids in others.items() if len(ids) == 1)
        if marked:
            Person.update_where({role: True}, Person.id.in_([others[n][0] for n in marked]))
            word = ROLE_WORDS[role.name]
            summary.created.setdefault(f"标为{word}的人员", []).extend(marked)
            summary.notices.append(f"{'、'.join(marked)} 原来没有标为{word}，已按台账标为{word}")
            people.update({name: others[name] for name in marked})
    unmatched = set()
    for rec in records:
        name = rec[f"{key}_name"]
        ids = people.get(name, [])
        rec[key] = ids[0] if len(ids) == 1 else None
        if name and len(ids) != 1:
            unmatched.add(name)
    summary.unmatched.extend(sorted(unmatched - set(summary.unmatched)))


class TypingKind:
    """文印登记: one document typed per row; ledgers often keep one sheet per month."""

    name = "typing"
    error_kinds = ("wrong_char", "missing_char", "extra_char", "punctuation", "formatting")
    parsers = {"typed_on": v.parse_date, "typist": _name, "title": text, "doc_number": text, "pages": _count,
               "characters": _count, "errors": _count, **{k: _count for k in error_kinds},
               "proofreader": text, "remarks": text}
    required = {"typed_on": "日期不能为空", "typist": "打字员不能为空", "title": "文稿标题不能为空", "pages": "页数不能为空"}
    dates = {"typed_on": EVENT}

    def begin(self) -> None:
        """Before an import: the months already closed take no more entries."""
        from govoffice_desktop.models.rewards import MonthClose

        self.closed = {(y, m) for y, m in MonthClose.select(MonthClose.year, MonthClose.month)
                       .where(MonthClose.domain == "文印").tuples()}

    def check(self, rec: dict, note: Note) -> dict | None:
        kinds = {k: rec[k] or 0 for k in self.error_kinds}
        if rec["errors"] is None:
            rec["errors"] = sum(kinds.values())
        elif sum(kinds.values()) > rec["errors"]:
            note("errors", f"各类差错合计 {sum(kinds.values())} 个，多于差错数 {rec['errors']}")
        rec.update(kinds)
        if rec["pages"] == 0:
            note("pages", "页数应大于0")
        problem = plausibility.pages_problem(rec["pages"])
        if problem:
            note("pages", problem)
        if rec["characters"] is not None and rec["errors"] > rec["characters"]:
            note("errors", "差错数多于字数")
        day = rec["typed_on"]
        if day is not None and (day.year, day.month) in getattr(self, "closed", ()):
            note("typed_on", f"{day.year}年{day.month}月的文印考核已结账，不能再导入该月的登记")
        if day is None or not rec["typist"] or not rec["title"] or rec["pages"] is None:
            return None
        rec["typist_name"] = rec.pop("typist")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["typed_on"], rec["typist_name"], rec["title"], rec["doc_number"], rec["pages"])

    def existing_keys(self) -> set[tuple]:
        from govoffice_desktop.models.typing_pool import TypingLog

        return set(TypingLog.select(TypingLog.typed_on, TypingLog.typist_name, TypingLog.title, TypingLog.doc_number,
                                    TypingLog.pages).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        from govoffice_desktop.models.typing_pool import TypingLog

        _link_people(records, summary, "typist", Person.is_typist)
        return TypingLog.bulk_insert(records, progress=progress)


class SpeedTestKind:
    """打字测速: characters typed in so many minutes, with errors."""

    name = "speed-tests"
    parsers = {"tested_on": v.parse_date, "typist": _name, "characters": _count,
               "minutes": lambda raw: v.parse_decimal(raw, 2), "errors": _count, "note": text}
    required = {"tested_on": "测试日期不能为空", "typist": "打字员不能为空", "characters": "字数不能为空",
                "minutes": "用时不能为空"}
    dates = {"tested_on": EVENT}

    def begin(self) -> None:
        """Before an import: a test dated in or before a closed month would change its assessment."""
        from govoffice_desktop.services.typing_pool import latest_closed_month_end

        self.closed_until = latest_closed_month_end()

    def check(self, rec: dict, note: Note) -> dict | None:
        day, closed_until = rec["tested_on"], getattr(self, "closed_until", None)
        if day is not None and closed_until is not None and day <= closed_until:
            note("tested_on", f"{closed_until.year}年{closed_until.month}月及以前的文印考核已结账，"
                              f"不能再导入 {day} 的测速")
        if rec["minutes"] is not None and rec["minutes"] <= 0:
            note("minutes", "用时应大于0分钟")
            return None
        if rec["characters"] == 0:
            note("characters", "字数应大于0")
        problem = plausibility.speed_problem(rec["characters"], rec["minutes"])
        if problem:
            note("characters", problem)
        rec["errors"] = rec["errors"] or 0
        if rec["characters"] is not None and rec["errors"] > rec["characters"]:
            note("errors", "差错数多于字数")
        if rec["tested_on"] is None or not rec["typist"] or rec["characters"] is None or rec["minutes"] is None:
            return None
        rec["typist_name"] = rec.pop("typist")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["tested_on"], rec["typist_name"], rec["characters"], rec["minutes"])

    def existing_keys(self) -> set[tuple]:
        from govoffice_desktop.models.typing_pool import SpeedTest

        return set(SpeedTest.select(SpeedTest.tested_on, SpeedTest.typist_name, SpeedTest.characters,
                                    SpeedTest.minutes).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        from govoffice_desktop.models.typing_pool import SpeedTest

        _link_people(records, summary, "typist", Person.is_typist)
        return SpeedTest.bulk_insert(records, progress=progress)


def sections_for(names, summary: WriteSummary) -> dict[str, int]:
    """Section name → id for ``names``, creating the sections the database does not have yet
    (listed under 科室 in what the import created)."""
    sections = dict(Section.select(Section.name, Section.id).tuples())
    for name in sorted({n for n in names if n} - set(sections)):
        sections[name] = Section.create(name=name).id
        summary.created.setdefault("科室", []).append(name)
    return sections


def _vehicles_for(records: list[dict], summary: WriteSummary) -> dict[str, int]:
    vehicles = dict(Vehicle.select(Vehicle.plate, Vehicle.id).tuples())
    for plate in sorted({r["plate"] for r in records} - set(vehicles)):
        vehicles[plate] = Vehicle.create(plate=plate).id
        summary.created.setdefault("车辆", []).append(plate)
    return vehicles


class TripKind:
    """出车登记: one trip per row; the distance from the odometers when both are there."""

    name = "trips"
    parsers = {"trip_date": v.parse_date, "plate": v.normalise_plate, "driver": _name, "requested_by": text,
               "purpose": text, "destination": text, "departed_at": v.parse_datetime, "returned_at": v.parse_datetime,
               "odometer_start": _count, "odometer_end": _count, "distance_km": lambda raw: v.parse_decimal(raw, 1),
               "note": text}
    required = {"trip_date": "出车日期不能为空", "plate": "车牌号不能为空"}
    dates = {"trip_date": EVENT, "departed_at": EVENT, "returned_at": EVENT}

    def begin(self) -> None:
        from govoffice_desktop.services.fleet import fleet_closed_months

        self.closed = fleet_closed_months()

    def check(self, rec: dict, note: Note) -> dict | None:
        from govoffice_desktop.services.fleet import closed_month_problem

        if rec["trip_date"] is not None:
            problem = closed_month_problem(rec["trip_date"], getattr(self, "closed", set()))
            if problem:
                note("trip_date", problem)
        start, end = rec["odometer_start"], rec["odometer_end"]
        if start is not None and end is not None:
            if end < start:
                note("odometer_end", f"返回里程表 {end} 低于出车里程表 {start}")
            else:
                rec["distance_km"] = Decimal(end - start)
        if rec["distance_km"] is not None and rec["distance_km"] < 0:
            note("distance_km", "行驶里程不能为负")
        if rec["departed_at"] and rec["returned_at"] and rec["returned_at"] < rec["departed_at"]:
            note("returned_at", "返回时间早于出车时间")
        if rec["trip_date"] is None or rec["plate"] is None:
            return None
        rec["driver_name"] = rec.pop("driver")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["plate"], rec["trip_date"], rec["driver_name"], rec["departed_at"], rec["distance_km"])

    def existing_keys(self) -> set[tuple]:
        from govoffice_desktop.models.fleet import Trip

        return set(Trip.select(Vehicle.plate, Trip.trip_date, Trip.driver_name, Trip.departed_at, Trip.distance_km)
                   .join(Vehicle, on=(Trip.vehicle == Vehicle.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        from govoffice_desktop.models.fleet import Trip

        vehicles = _vehicles_for(records, summary)
        _link_people(records, summary, "driver", Person.is_driver)
        for rec in records:
            rec["vehicle"] = vehicles[rec.pop("plate")]
        return Trip.bulk_insert(records, progress=progress)


def _incident_kind(raw) -> str | None:
    word = text(raw)
    if not word:
        return None
    for kind in ("事故", "违章"):
        if kind in word:
            return kind
    if word in ("违法", "交通违法"):
        return "违章"
    raise v.BadValue("类别应为事故或违章")


RESPONSIBILITY_WORDS = {"全责": "全部责任", "全部": "全部责任", "主责": "主要责任", "主要": "主要责任",
                        "同责": "同等责任", "同等": "同等责任", "次责": "次要责任", "次要": "次要责任",
                        "无责": "无责任", "无": "无责任", "没有责任": "无责任"}


def _responsibility(raw) -> str:
    from govoffice_desktop.models.fleet import RESPONSIBILITIES

    word = text(raw)
    if not word:
        return "无责任"
    if word in RESPONSIBILITIES:
        return word
    found = RESPONSIBILITY_WORDS.get(word) or RESPONSIBILITY_WORDS.get(word.replace("责任", ""))
    if found is None:
        raise v.BadValue(f"责任应为{'、'.join(RESPONSIBILITIES)}之一（或全责、主责、同责、次责、无责）")
    return found


class IncidentKind:
    """事故 / 违章, as the traffic police's lists or the office's own ledger give them."""

    name = "incidents"
    parsers = {"occurred_on": v.parse_date, "plate": v.normalise_plate, "driver": _name, "kind": _incident_kind,
               "responsibility": _responsibility, "damage_cost": money, "fine": money, "points": _count,
               "location": text, "description": text}
    required = {"occurred_on": "日期不能为空", "plate": "车牌号不能为空", "kind": "类别不能为空"}
    dates = {"occurred_on": EVENT}

    def begin(self) -> None:
        from govoffice_desktop.services.fleet import fleet_closed_months

        self.closed = fleet_closed_months()

    def check(self, rec: dict, note: Note) -> dict | None:
        from govoffice_desktop.services.fleet import closed_month_problem

        if rec["occurred_on"] is not None:
            problem = closed_month_problem(rec["occurred_on"], getattr(self, "closed", set()))
            if problem:
                note("occurred_on", problem)
        if rec["points"] is not None and rec["points"] > 12:
            note("points", "一次扣分不超过12分")
        for key in ("damage_cost", "fine"):
            if rec[key] is None:
                rec[key] = Decimal("0.00")
            elif rec[key] < 0:
                note(key, "金额不能为负")
        rec["points"] = rec["points"] or 0
        if rec["occurred_on"] is None or rec["plate"] is None or rec["kind"] is None:
            return None
        rec["driver_name"] = rec.pop("driver")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["plate"], rec["occurred_on"], rec["kind"], rec["description"])

    def existing_keys(self) -> set[tuple]:
        from govoffice_desktop.models.fleet import Incident

        return set(Incident.select(Vehicle.plate, Incident.occurred_on, Incident.kind, Incident.description)
                   .join(Vehicle, on=(Incident.vehicle == Vehicle.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        from govoffice_desktop.models.fleet import Incident

        vehicles = _vehicles_for(records, summary)
        _link_people(records, summary, "driver", Person.is_driver)
        for rec in records:
            rec["vehicle"] = vehicles[rec.pop("plate")]
        return Incident.bulk_insert(records, progress=progress)


GRADE_FIELDS = {"g_good": "好", "g_fair": "较好", "g_average": "一般", "g_poor": "差", "g_excellent": "优秀",
                "g_competent": "称职", "g_basic": "基本称职", "g_incompetent": "不称职", "g_unknown": "不了解"}
DEFAULT_GROUPS = {"下评上": "基层单位", "上评下": "办领导"}
SCALES = (("好", "较好", "一般", "差"), ("优秀", "称职", "基本称职", "不称职", "不了解"))


class RatingTallyKind:
    """评议票数: for each section, the votes per grade of one rater group in one quarter; a sheet
    per quarter, the quarter read from the sheet's name or title (2025年第一季度) or given."""

    name = "rating-tallies"
    parsers = {"section": _name, "person": _name, "group": text, **{f: _count for f in GRADE_FIELDS}}
    required = {}  # 科室, or 姓名 for a tally of individuals: ``check`` says which is missing

    def begin(self, period: str | None = None, direction: str = "下评上", group: str | None = None) -> None:
        from govoffice_desktop.services.ratings import parse_period

        direction = {"bottom-up": "下评上", "top-down": "上评下"}.get(direction, direction)
        if direction not in DEFAULT_GROUPS:
            raise v.BadValue("评议方向应为下评上或上评下")
        self.direction, self.group = direction, (group or "").strip() or DEFAULT_GROUPS[direction]
        self.given = parse_period(period) if period else None
        self.period = self.given
        names = dict(Section.select(Section.id, Section.name).tuples())
        self.sections = {s.name: s.active for s in Section.select()}
        self.merged = {s.name: names.get(s.merged_into_id, "") for s in Section.select().where(~Section.active)}
        self.people: dict[str, list[int]] = {}
        for pid, name in Person.select(Person.id, Person.name).where(Person.status.not_in(["调离", "退休"])).tuples():
            self.people.setdefault(name, []).append(pid)

    def begin_sheet(self, sheet, table) -> str | None:
        """The quarter of this sheet: given, or read from its name, or from the rows above the header."""
        import re

        if self.given:
            self.period = self.given
            return None
        texts = [sheet.name] + [str(c) for row in sheet.rows[:table.header_first] for c in row if c]
        for text in texts:
            m = re.search(r"(\d{4})\s*年?\s*第?\s*([一二三四1-4])\s*季度|(\d{4})\s*[Qq]\s*([1-4])", v.halfwidth(text))
            if m:
                year = int(m.group(1) or m.group(3))
                q = m.group(2) or m.group(4)
                self.period = (year, int(q) if q.isdigit() else "一二三四".index(q) + 1)
                return None
        return "看不出这张表是哪个季度的（工作表名或标题中应有“2025年第一季度”之类的字样），请用 --period 指定"

    def _person(self, rec: dict, note: Note) -> int | None:
        """The staff file a tally of individuals names (上评下 only), or None with the reason noted."""
        name = rec["person"]
        if self.direction != "上评下":
            note("person", "评议个人的票数只能是上评下（请选上评下，命令行加 --direction top-down）")
            return None
        ids = getattr(self, "people", {}).get(name, [])
        if len(ids) != 1:
            note("person", f"没有名为“{name}”的人员档案（请先建立档案）" if not ids else
                 f"有 {len(ids)} 个名为“{name}”的人员档案，无法确定是哪一位")
            return None
        return ids[0]

    def check(self, rec: dict, note: Note) -> dict | None:
        name = rec["section"]
        if not name and rec["person"]:
            person = self._person(rec, note)
            votes = self._votes(rec, note, "person")
            if person is None or votes is None:
                return None
            return {"year": self.period[0], "quarter": self.period[1], "direction": self.direction,
                    "group": rec["group"] or self.group, "section": None, "person": person,
                    "person_name": rec["person"], "votes": votes}
        if not name:
            if rec["person"] is not None or any(rec[f] for f in GRADE_FIELDS):
                note("section", "科室不能为空")
            return None
        if name in self.merged:
            note("section", f"{name}已合署到{self.merged[name] or '其他科室'}")
            return None
        votes = self._votes(rec, note, "section")
        if votes is None:
            return None
        return {"year": self.period[0], "quarter": self.period[1], "direction": self.direction,
                "group": rec["group"] or self.group, "section": name, "person": None, "person_name": None,
                "votes": votes}

    @staticmethod
    def _votes(rec: dict, note: Note, where: str) -> dict | None:
        votes = {label: rec[f] for f, label in GRADE_FIELDS.items() if rec[f]}
        if not votes:
            note(where, "这一行没有票数")
            return None
        if not any(set(votes) <= set(scale) for scale in SCALES):
            note(where, f"等次（{'、'.join(votes)}）不属于同一个评议标准（好/较好/一般/差，或优秀/称职/基本称职/不称职/不了解）")
            return None
        return votes

    def key(self, rec: dict) -> tuple:
        return (rec["year"], rec["quarter"], rec["direction"], rec["group"], rec["section"], rec["person"])

    def existing_keys(self) -> set[tuple]:
        from govoffice_desktop.models.ratings import RaterGroup, RatingPeriod, Tally

        return set(Tally.select(RatingPeriod.year, RatingPeriod.quarter, RaterGroup.direction, RaterGroup.name,
                                Section.name, Tally.person)
                   .join(RaterGroup, on=(Tally.group == RaterGroup.id))
                   .join(RatingPeriod, on=(RaterGroup.period == RatingPeriod.id))
                   .switch(Tally).join(Section, pw.JOIN.LEFT_OUTER, on=(Tally.section == Section.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        from govoffice_desktop.models.ratings import Grade, GradeScale, RaterGroup, RatingPeriod, Tally, period_label

        sections = sections_for((r["section"] for r in records), summary)
        scales = {}
        for grade in Grade.select(Grade, GradeScale).join(GradeScale):
            scales.setdefault(grade.scale.id, {})[grade.label] = grade.id
        written = 0
        for rec in records:
            period = RatingPeriod.get_or_none(RatingPeriod.year == rec["year"], RatingPeriod.quarter == rec["quarter"])
            if period is None:
                period = RatingPeriod.create(year=rec["year"], quarter=rec["quarter"])
                summary.created.setdefault("评议期", []).append(period_label(rec["year"], rec["quarter"]))
            scale_id = next((sid for sid, labels in scales.items() if set(rec["votes"]) <= set(labels)), None)
            if scale_id is None:
                raise v.BadValue(f"{rec['section']} 的等次（{'、'.join(rec['votes'])}）不属于同一个评议标准")
            rates = "人员" if rec["person"] else "科室"
            group = RaterGroup.get_or_none(RaterGroup.period == period, RaterGroup.direction == rec["direction"],
                                           RaterGroup.name == rec["group"])
            if group is None:
                group = RaterGroup.create(period=period, direction=rec["direction"], name=rec["group"], weight=1,
                                          scale=scale_id, rates=rates)
                summary.created.setdefault("评议组", []).append(f"{period_label(rec['year'], rec['quarter'])}{rec['group']}")
            elif group.rates != rates:
                raise v.BadValue(f"{period_label(rec['year'], rec['quarter'])}的评议组“{rec['group']}”评议的是{group.rates}，"
                                 f"这张表是{'个人' if rec['person'] else '科室'}的票数：请用 --group 另指定评议组")
            for label, votes in rec["votes"].items():
                Tally.create(group=group, section=sections[rec["section"]] if rec["section"] else None,
                             person=rec["person"], grade=scales[scale_id][label], votes=votes)
                written += 1
        return len(records)


MET_WORDS = {"是": True, "达标": True, "合格": True, "√": True, "✓": True, "✔": True, "完成": True, "正常": True,
             "否": False, "未达标": False, "不达标": False, "不合格": False, "×": False, "✗": False, "✘": False,
             "未完成": False}


def _met(raw) -> bool | None:
    word = text(raw)
    if not word:
        return None
    if word in MET_WORDS:
        return MET_WORDS[word]
    flag = v.parse_bool(raw)
    if flag is None:
        raise v.BadValue("是否达标应为 是/否、达标/未达标 或 √/×")
    return flag


def _points(raw) -> Decimal | None:
    return v.parse_decimal(raw, 1)


class CheckKind:
    """督查记录: one target checked in one section (and person) on one day."""

    name = "checks"
    parsers = {"checked_on": v.parse_date, "section": _name, "target": text, "person": _name, "met": _met,
               "deduction": _points, "bonus": _points, "remark": text, "supervisor": text}
    required = {"checked_on": "督查日期不能为空", "section": "科室不能为空", "target": "督查目标不能为空"}
    dates = {"checked_on": EVENT}

    def begin(self) -> None:
        from govoffice_desktop.models.rewards import MonthClose
        from govoffice_desktop.models.supervision import SupervisionTarget

        self.sections = {sec.name: sec for sec in Section.select()}
        self.targets: dict[tuple[int, int | None, str], SupervisionTarget] = {
            (t.year, t.section_id, t.name): t for t in SupervisionTarget.select()}
        self.closed = {(y, m) for y, m in MonthClose.select(MonthClose.year, MonthClose.month)
                       .where(MonthClose.domain == "督查").tuples()}
        self.members = {(p.section_id, p.name): p.id for p in Person.select(Person.id, Person.name, Person.section)}

    def check(self, rec: dict, note: Note) -> dict | None:
        from govoffice_desktop.services import supervision

        day, name = rec["checked_on"], rec["section"]
        if day is None or not name or not rec["target"]:
            return None
        section = self.sections.get(name)
        if section is None:  # a section not yet on file: created with the import
            section = Section(name=name, active=True)
        if not section.active:
            note("section", f"{name}已合署，不再单独督查")
            return None
        if (day.year, day.month) in self.closed:
            note("checked_on", f"{day.year}年{day.month}月的督查已结账，不能再导入")
        target = (self.targets.get((day.year, section.id, rec["target"]))
                  or self.targets.get((day.year, None, rec["target"])))
        if target is None:
            note("target", f"{day.year}年没有“{rec['target']}”这个共性目标或{name}的个体目标（请先在考核目标中建立）")
            return None
        met = rec["met"]
        if met is None:
            met = not rec["deduction"]
        try:
            value = supervision._check_value(target, met, rec["deduction"], rec["bonus"], rec["remark"])
            supervision._applies(target, section, day)
        except v.BadValue as exc:
            note("remark" if "情况" in str(exc) else "deduction", str(exc))
            return None
        person = None
        if rec["person"]:
            person = self.members.get((section.id, rec["person"]))
            if person is None:
                note("person", f"{name}没有名为“{rec['person']}”的人员")
                return None
        return {"checked_on": day, "section": name, "target": target.id, "person": person, "met": value.met,
                "deduction": value.deduction, "bonus": value.bonus, "remark": value.remark,
                "supervisor": rec["supervisor"][:30]}

    def key(self, rec: dict) -> tuple:
        return (rec["checked_on"], rec["section"], rec["person"], rec["target"])

    def existing_keys(self) -> set[tuple]:
        from govoffice_desktop.models.supervision import DailyCheck

        return set(DailyCheck.select(DailyCheck.checked_on, Section.name, DailyCheck.person, DailyCheck.target)
                   .join(Section, on=(DailyCheck.section == Section.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        from govoffice_desktop.models.db import current_user
        from govoffice_desktop.models.supervision import DailyCheck

        who = current_user()
        sections = sections_for((r["section"] for r in records), summary)
        for rec in records:
            rec["supervisor"] = rec["supervisor"] or who
            rec["section"] = sections[rec["section"]]
        return DailyCheck.bulk_insert(records, progress=progress)


TASK_SOURCE_WORDS = {"领导交办": "领导交办", "领导批示": "领导交办", "交办": "领导交办", "批示": "领导交办",
                     "重点难点": "重点难点", "重点": "重点难点", "难点": "重点难点", "重点工作": "重点难点",
                     "突发事件": "突发事件", "突发": "突发事件", "突发事故": "突发事件",
                     "调研课题": "调研课题", "调研": "调研课题"}
def _word(table: dict, label: str):
    def parse(raw):
        word = text(raw).replace(" ", "")
        if not word:
            return None
        if word not in table:
            raise v.BadValue(f"{label}应为{'、'.join(dict.fromkeys(table.values()))}之一")
        return table[word]
    return parse


class TaskKind:
    """督办事项: an issue assigned to a named person with a deadline, and how it ended."""

    name = "tasks"
    parsers = {"source": _word(TASK_SOURCE_WORDS, "来源"), "origin": text, "title": text, "requirement": text,
               "person": _name,
               "section": _name, "assigned_on": v.parse_date, "deadline": v.parse_date,
               "status": _word_table("tasks.status", "办理状态"), "completed_on": v.parse_date, "result": text}
    required = {"title": "督办事项不能为空", "person": "责任人不能为空（督办事项要落实到人）",
                "assigned_on": "交办日期不能为空", "deadline": "办结时限不能为空"}
    dates = {"assigned_on": OTHER, "deadline": DEADLINE, "completed_on": OTHER}

    def begin(self) -> None:
        self.sections = {sec.name: sec for sec in Section.select()}

    def check(self, rec: dict, note: Note) -> dict | None:
        if rec["origin"]:  # where the work came from, in the office's words: kept with the requirement
            rec["requirement"] = "；".join(p for p in (f"工作来源：{rec['origin']}", rec["requirement"]) if p)
        if rec["assigned_on"] and rec["deadline"] and rec["deadline"] < rec["assigned_on"]:
            note("deadline", f"办结时限 {rec['deadline']} 早于交办日期 {rec['assigned_on']}")
        if rec["completed_on"] and rec["assigned_on"] and rec["completed_on"] < rec["assigned_on"]:
            note("completed_on", f"办结日期 {rec['completed_on']} 早于交办日期 {rec['assigned_on']}")
        status = rec["status"] or ("已办结" if rec["completed_on"] else "办理中")
        if status == "已办结" and not rec["completed_on"]:
            note("completed_on", "已办结的事项要有办结日期")
        if status == "办理中" and rec["completed_on"]:
            note("status", "有办结日期，状态却是办理中")
        section = rec["section"] or None  # a name; one not yet on file is created with the import
        if section and section in self.sections and not self.sections[section].active:
            note("section", f"{section}已合署，请改为现在的科室")
        if len(rec["title"]) > 200:
            note("title", "督办事项不超过200个字")
        if not (rec["title"] and rec["person"] and rec["assigned_on"] and rec["deadline"]):
            return None
        return {"source": rec["source"] or "领导交办", "title": rec["title"], "requirement": rec["requirement"],
                "person_name": rec["person"], "section": section,
                "assigned_on": rec["assigned_on"], "deadline": rec["deadline"], "status": status,
                "completed_on": rec["completed_on"] if status == "已办结" else None, "result": rec["result"]}

    def key(self, rec: dict) -> tuple:
        return (rec["title"], rec["assigned_on"])

    def existing_keys(self) -> set[tuple]:
        from govoffice_desktop.models.supervision import SupervisedTask

        return set(SupervisedTask.select(SupervisedTask.title, SupervisedTask.assigned_on).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        from govoffice_desktop.models.supervision import SupervisedTask

        _link_people(records, summary, "person", Person.status.not_in(["调离", "退休"]))
        named = sections_for((r["section"] for r in records), summary)
        sections = dict(Person.select(Person.id, Person.section).tuples())
        for rec in records:
            rec["section"] = named[rec["section"]] if rec["section"] else None
            if rec["section"] is None and rec["person"] is not None:
                rec["section"] = sections.get(rec["person"])
        return SupervisedTask.bulk_insert(records, progress=progress)


KINDS = {k.name: k for k in (StaffKind(), RefuelKind(), TypingKind(), SpeedTestKind(), TripKind(), IncidentKind(),
                             RatingTallyKind(), CheckKind(), TaskKind())}
