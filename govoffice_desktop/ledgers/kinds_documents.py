"""文电办理's ledgers: the 收文登记簿 (kind ``incoming``) and the 发文登记簿 (kind ``outgoing``).

Offices keep these registers in many shapes.  A 收文登记簿 numbers its rows 收〔2026〕12号, or by a
bare 序号 with the year in a 年度 column or in the title (“2026年收文登记簿”), or not at all; its
收文日期 is a date, text (2026.3.5) or 3月5日 with the year given elsewhere; 紧急程度, 承办科室,
办理时限, 办结日期 and 办理结果 may be there or not.  A 发文登记簿 gives the 发文字号 as written
(宿政办发〔2026〕3号, any bracket), parsed into 代字, year and serial (services/documents/numbers.py).

The shared rules hold for imported rows as for registered ones: a 收文编号 lies in the year of its
收文日期 and a 发文字号 in the year of its 签发日期; imported rows keep their numbers, and a number
already on file for another document, or twice in the file, is refused (each row named); rows
without a number are numbered in date order after the year's last one.  办理时限 is the file's, or
``workdays.deadline_for`` from 紧急程度 and 收文日期 (a number of working days in the file is a
limit of its own).  An outgoing document is never 印发 before it is 签发; 涉密 documents are not
registered here.  A 转督办 row makes its 督办事项 in the import's transaction, as 转督办 does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from govoffice_desktop.ledgers.kind_base import (LedgerKind, Note, WriteSummary, _name, _word_table, people_for,
                                                 sections_for, text)
from govoffice_desktop.ledgers.table import normalise_header
from govoffice_desktop.models.documents import (IN_DONE, IN_OPEN, IN_SUPERVISED, IN_VOID, ORDINARY, OUT_DRAFT,
                                                OUT_ISSUED, OUT_SIGNED, OUT_VOID, PUBLICITY, SECRECY_LEVELS,
                                                IncomingDocument, OutgoingDocument)
from govoffice_desktop.models.staff import OFF_STAFF, Person, Section
from govoffice_desktop.models.supervision import TASK_OPEN, SupervisedTask
from govoffice_desktop.services import plausibility, validation as v, workdays
from govoffice_desktop.services.auth import display_name
from govoffice_desktop.services.documents.numbers import (incoming_number, outgoing_number, parse_incoming_number,
                                                          parse_number)
from govoffice_desktop.services.plausibility import DONE, EVENT

CLASSIFIED = ("秘密", "机密", "绝密")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
PARTIAL_DAY = re.compile(r"^\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?\s*$")
LIMIT_DAYS = re.compile(r"^\s*(\d{1,3})\s*(?:个)?\s*(?:工作日|工作天|天|日)?\s*$")
UNNUMBERED = "未编号"
SEVERAL = re.compile(r"[、，,;；/／]+")


@dataclass(frozen=True)
class MonthDay:
    """收文日期 written without its year (3月5日): the year comes from a 年度 column or the title."""

    month: int
    day: int

    def on(self, year: int) -> date:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            raise v.BadValue(f"{year}年没有{self.month}月{self.day}日") from None


def _day(raw) -> date | MonthDay | None:
    """A date in any shape the ledgers use, or a month and day without the year (3月5日, 3.5)."""
    try:
        return v.parse_date(raw)
    except v.BadValue:
        m = PARTIAL_DAY.match(v.halfwidth(str(raw))) if isinstance(raw, str) else None
        if m is None:
            raise
        month, day = int(m.group(1)), int(m.group(2))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise
        return MonthDay(month, day)


def _number_text(raw) -> str:
    """A number as written; a whole number typed into a cell (12.0) as 12."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return str(raw)
    return text(raw).replace("\u3000", "")


def _year(raw) -> int | None:
    """年度: 2026, 2026年, “2026年度”."""
    if v.is_empty(raw):
        return None
    m = re.fullmatch(r"\s*((?:19|20)\d{2})(?:\.0)?\s*年?度?\s*", v.halfwidth(str(raw)))
    if m is None:
        raise v.BadValue("年度应为四位年份，如 2026")
    return int(m.group(1))


def _positive(label: str):
    def parse(raw) -> int | None:
        number = v.parse_int(raw)
        if number is not None and number < 1:
            raise v.BadValue(f"{label}应为正整数")
        return number
    return parse


def _limit(raw) -> date | MonthDay | int | None:
    """办理时限: a date (3月9日: in the year of 收文日期), or a number of working days (5, 5个工作日, 5天)."""
    if v.is_empty(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 < raw <= workdays.MAX_LIMIT_DAYS \
            and float(raw).is_integer():
        return int(raw)
    if isinstance(raw, str):
        m = LIMIT_DAYS.match(v.halfwidth(raw))
        if m and len(raw.strip()) < 8:
            days = int(m.group(1))
            if not 1 <= days <= workdays.MAX_LIMIT_DAYS:
                raise v.BadValue(f"办理时限应为 1 至 {workdays.MAX_LIMIT_DAYS} 个工作日")
            return days
    return _day(raw)


_secrecy_word = _word_table("documents.secrecy", "密级", SECRECY_LEVELS[0])


def _secrecy(raw) -> str:
    word = text(raw).replace(" ", "")
    if any(level in word for level in CLASSIFIED) and "非密" not in word:
        raise v.BadValue(f"密级“{word}”：涉密文件不在本系统登记，请按机要渠道办理")
    return _secrecy_word(raw)


def _year_of_sheet(sheet, table) -> int | None:
    """The year a sheet's name or the rows above its header name (2026年收文登记簿), or None."""
    texts = [sheet.name] + [str(c) for row in sheet.rows[:table.header_first] for c in row if c]
    for one in texts:
        m = YEAR_IN_TITLE.search(v.halfwidth(one)) or re.fullmatch(r"\s*((?:19|20)\d{2})\s*", v.halfwidth(one))
        if m:
            return int(m.group(1))
    return None


def _header_names(table) -> set[str]:
    return {normalise_header(c) for c in table.leaves if c}


class _DocumentKind(LedgerKind):
    """What both registers share: sections and people by name, numbers refused when on file for
    another document or twice in the file, and the notice of the numbers missing in a year."""

    name = "documents"  # overridden by each kind
    permission = "documents.register"
    other_kind: str = ""  # the other register: a sheet with its own columns is refused, naming it
    its_columns: tuple[str, ...] = ()  # columns only this register has

    def begin(self) -> None:
        self.sections = {s.name: s for s in Section.select()}
        self.stored = self._stored_numbers()  # number key → (title, day) of the document on file
        self.sheet_year: int | None = None

    def begin_sheet(self, sheet, table) -> str | None:
        names = _header_names(table)
        mine = [c for c in self.its_columns if c in names]
        theirs = [c for c in _OTHERS[self.name] if c in names]
        if theirs and not mine:
            return (f"这张表像{_LABELS[self.other_kind]}（有{'、'.join(theirs)}列），"
                    f"请按 {self.other_kind} 导入")
        self.sheet_year = _year_of_sheet(sheet, table)
        return None

    def check_all(self, columns: dict[str, list], count: int, found: list[tuple[int, str, str]]) -> list[dict | None]:
        """As every kind, each record also knowing the fields already refused in its row
        (``refused``): a date refused is not said again to be missing."""
        refused: dict[int, set[str]] = {}
        for i, name, _ in found:
            refused.setdefault(i, set()).add(name)
        return super().check_all({**columns, "refused": [refused.get(i, set()) for i in range(count)]}, count, found)

    @staticmethod
    def _missing(rec: dict, field: str) -> bool:
        """``field`` left empty in the row (not given and refused already)."""
        return rec[field] is None and field not in rec["refused"]

    def _section(self, name: str, note: Note) -> str | None:
        if not name:
            return None
        section = self.sections.get(name)
        if section is not None and not section.active:
            note("section", f"{name}已合署，请改为现在的科室")
        return name

    def cross_check(self, records: list[dict]) -> list[tuple[int, str, str]]:
        """Numbers twice in the file (every such row refused) and numbers on file for another document."""
        problems = []
        seen: dict[tuple, list[int]] = {}
        self.numbers = {self._number_key(r) for r in records if r["serial"] is not None}
        for i, rec in enumerate(records):
            if rec["serial"] is not None:
                seen.setdefault(self._number_key(rec), []).append(i)
        for key, rows in seen.items():
            if len(rows) > 1:
                problems.extend((i, "number", f"{self._number(records[i])} 在本表中出现 {len(rows)} 次") for i in rows)
                continue
            on_file = self.stored.get(key)
            rec = records[rows[0]]
            if on_file is not None and on_file != (rec["title"], rec[self.day_field]):
                title, day = on_file
                problems.append((rows[0], "number", f"{self._number(rec)} 已登记为《{title}》（{day}），不能再用"))
        return problems

    def notices(self) -> list[str]:
        """The numbers missing between the first and the last of a series imported (with those on file):
        a register numbers without gaps; said, not refused (a register of half a year starts where it starts)."""
        series: dict[tuple, set[int]] = {}
        for *scope, serial in getattr(self, "numbers", ()):
            series.setdefault(tuple(scope), set()).add(serial)
        for *scope, serial in self.stored:
            if tuple(scope) in series:
                series[tuple(scope)].add(serial)
        out = []
        for scope, serials in sorted(series.items(), key=str):
            missing = sorted(set(range(min(serials), max(serials) + 1)) - serials)
            if missing:
                shown = "、".join(map(str, missing[:20])) + ("等" if len(missing) > 20 else "")
                out.append(f"{self._series(*scope)}缺 {len(missing)} 个号（{shown}号），请核对是否漏登或作废")
        return out

    def key(self, rec: dict) -> tuple:
        if rec["serial"] is not None:
            return self._number_key(rec)
        return (UNNUMBERED, rec.get("prefix"), rec[self.day_field], rec["title"])


# ======================================================================= 收文登记簿
_in_status = _word_table("incoming.status", "办理状态")
_urgency = _word_table("documents.urgency", "紧急程度", ORDINARY)


class IncomingKind(_DocumentKind):
    """收文登记簿: one document received per row, numbered within the year of its 收文日期."""

    name = "incoming"
    model = IncomingDocument
    other_kind = "outgoing"
    day_field = "received_on"
    its_columns = ("收文编号", "收文号", "收文日期", "来文单位", "来文机关", "来文字号", "来文日期", "签收日期")
    parsers = {"number": _number_text, "row_no": _positive("序号"), "year": _year, "received_on": _day,
               "source_unit": text, "source_ref": text, "title": text, "copies": _positive("份数"),
               "urgency": _urgency, "secrecy": _secrecy, "proposal": text, "proposed_by": _name,
               "instruction": text, "instructed_by": _name, "instructed_on": v.parse_date, "section": _name,
               "handler": _name, "deadline": _limit, "limit_days": _positive("时限工作日"), "deadline_note": text,
               "status": _in_status, "done_on": v.parse_date, "result": text, "void_reason": text,
               "archive_no": text, "filed_on": v.parse_date, "registered_by": _name}
    required = {"received_on": "收文日期不能为空", "source_unit": "来文单位不能为空", "title": "标题不能为空"}
    dates = {"instructed_on": DONE, "done_on": DONE, "filed_on": DONE}  # none after the day of the import

    def begin(self) -> None:
        super().begin()
        self.calendar = workdays.Calendar()
        self.limits: dict[tuple[str, date], int] = {}
        self.columns: dict[str, int] = {}
        self.several = 0  # 承办科室 or 承办人 cells naming several

    def use_columns(self, columns: dict[str, int]) -> None:
        self.columns = columns

    @staticmethod
    def _stored_numbers() -> dict[tuple, tuple]:
        return {(y, s): (t, d) for y, s, t, d in IncomingDocument.select(
            IncomingDocument.year, IncomingDocument.serial, IncomingDocument.title, IncomingDocument.received_on).tuples()}

    @staticmethod
    def _number_key(rec: dict) -> tuple:
        return rec["year"], rec["serial"]

    @staticmethod
    def _number(rec: dict) -> str:
        return incoming_number(rec["year"], rec["serial"])

    @staticmethod
    def _series(year: int) -> str:
        return f"{year}年的收文编号"

    def _received(self, rec: dict, note: Note) -> date | None:
        received, year = rec["received_on"], rec["year"] or self.sheet_year
        if isinstance(received, MonthDay):
            if year is None:
                note("received_on", f"收文日期“{received.month}月{received.day}日”没有年份：表中应有年度列，"
                                    f"或在标题、工作表名中写明年份（如“2026年收文登记簿”）")
                return None
            try:
                received = received.on(year)
            except v.BadValue as exc:
                note("received_on", str(exc))
                return None
        problem = plausibility.date_problem(DONE, received)
        if problem:
            note("received_on", problem)
            return None
        return received

    def _serial(self, rec: dict, received: date, note: Note) -> int | None:
        """The row's serial (None: numbered at the write), its year checked against 收文日期."""
        given = rec["year"] or self.sheet_year
        if rec["number"]:
            try:
                year, serial = parse_incoming_number(rec["number"], given or received.year)
            except v.BadValue as exc:
                note("number", str(exc))
                return None
        elif rec["row_no"] is not None and given is not None and "number" not in self.columns:
            year, serial = given, rec["row_no"]  # a bare 序号 in a register of one year
        else:
            return None
        if year != received.year:
            note("number", f"{incoming_number(year, serial)} 与收文日期 {received} 不在同一年（收文编号按收文日期的年份编排）")
            return None
        return serial

    def _first(self, names: str) -> str:
        """承办科室 or 承办人 written as several (主办 first: 秘书一科、综合科): the first, counted for the notice."""
        parts = [p for p in SEVERAL.split(names or "") if p]
        if len(parts) > 1:
            self.several += 1
        return parts[0] if parts else ""

    def notices(self) -> list[str]:
        out = super().notices()
        if self.several:
            out.append(f"{self.several} 处承办科室或承办人写了多个，按第一个（主办）登记")
        return out

    def _deadline(self, rec: dict, urgency: str, received: date, note: Note) -> tuple[date | None, int | None, str]:
        limit, days, why = rec["deadline"], rec["limit_days"], rec["deadline_note"]
        if isinstance(limit, int):
            days, limit = limit, None
        if isinstance(limit, MonthDay):  # the limit's year is the document's, or the next (12月28日 → 1月5日)
            try:
                limit = limit.on(received.year)
                limit = limit if limit >= received else limit.replace(year=received.year + 1)
            except (v.BadValue, ValueError) as exc:
                note("deadline", str(exc))
                return None, None, why
        if isinstance(limit, date):
            if limit < received:
                note("deadline", f"办理时限 {limit} 早于收文日期 {received}")
                return None, None, why
            return limit, days, why
        try:
            if days is not None:
                return (workdays.deadline_for(urgency, received, days, self.calendar), days,
                        why or f"台账所载时限 {days} 个工作日")
            rule = self.limits.get((urgency, received))
            if rule is None:
                rule = self.limits[(urgency, received)] = workdays.limit_days(urgency, received)
            return workdays.deadline_for(urgency, received, rule, self.calendar), None, why
        except v.BadValue as exc:
            note(exc.field or "deadline", str(exc))
            return None, None, why

    def check(self, rec: dict, note: Note) -> dict | None:
        received = self._received(rec, note) if rec["received_on"] is not None else None
        if received is None:
            return None
        serial = self._serial(rec, received, note)
        urgency = rec["urgency"] or ORDINARY
        deadline, days, why = self._deadline(rec, urgency, received, note)
        done_on, status = rec["done_on"], rec["status"]
        if status is None:
            status = IN_VOID if rec["void_reason"] else IN_DONE if done_on else IN_OPEN
        if status in (IN_DONE, IN_SUPERVISED) and self._missing(rec, "done_on"):
            note("done_on", f"{status}的收文要有办结日期")
        if status == IN_OPEN and done_on is not None:
            note("status", "有办结日期，状态却是办理中")
        if done_on is not None and done_on < received:
            note("done_on", f"办结日期 {done_on} 早于收文日期 {received}")
        if status == IN_VOID and not rec["void_reason"]:
            note("void_reason", "作废的收文要写明作废原因（收文编号保留）")
        if status == IN_SUPERVISED and not rec["handler"]:
            note("handler", "转督办的收文要有承办人（督办事项要落实到人）")
        for field, label in (("instructed_on", "批示日期"), ("filed_on", "归档日期")):
            if rec[field] is not None and rec[field] < received:
                note(field, f"{label} {rec[field]} 早于收文日期 {received}")
        if rec["copies"] == 0:
            note("copies", "份数应大于0")
        section, handler = self._first(rec["section"]), self._first(rec["handler"])
        section = self._section(section, note)
        if not (rec["title"] and rec["source_unit"]) or deadline is None:
            return None
        return {"year": received.year, "serial": serial, "received_on": received,
                "source_unit": rec["source_unit"], "source_ref": rec["source_ref"], "title": rec["title"],
                "copies": rec["copies"] or 1, "urgency": urgency, "secrecy": rec["secrecy"] or SECRECY_LEVELS[0],
                "registered_by": rec["registered_by"], "proposal": rec["proposal"], "proposed_by": rec["proposed_by"],
                "instruction": rec["instruction"], "instructed_by": rec["instructed_by"],
                "instructed_on": rec["instructed_on"], "section": section, "handler_name": handler,
                "limit_days": days, "deadline": deadline, "deadline_note": why, "status": status,
                "done_on": done_on if status in (IN_DONE, IN_SUPERVISED) else None, "result": rec["result"],
                "void_reason": rec["void_reason"] if status == IN_VOID else "", "archive_no": rec["archive_no"],
                "filed_on": rec["filed_on"]}

    def existing_keys(self) -> set[tuple]:
        keys: set[tuple] = set()
        for year, serial, received, title in IncomingDocument.select(
                IncomingDocument.year, IncomingDocument.serial, IncomingDocument.received_on,
                IncomingDocument.title).tuples():
            keys.add((year, serial))
            keys.add((UNNUMBERED, None, received, title))
        return keys

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        who = display_name()
        sections = sections_for((r["section"] for r in records), summary)
        people = people_for([r["handler_name"] for r in records], summary, Person.status.not_in(OFF_STAFF))
        person_sections = dict(Person.select(Person.id, Person.section).tuples())
        _number_the_rest(records, IncomingDocument, ("year",), "received_on", summary, incoming_number)
        for rec in records:
            rec["section"] = sections[rec["section"]] if rec["section"] else None
            rec["handler"] = people.get(rec["handler_name"]) if rec["handler_name"] else None
            if rec["section"] is None and rec["handler"] is not None:
                rec["section"] = person_sections.get(rec["handler"])
            rec["registered_by"] = rec["registered_by"] or who
            rec["task"] = None
            if rec["status"] == IN_SUPERVISED:  # 转督办: its 督办事项, as the step makes it
                rec["task"] = SupervisedTask.create(
                    source="领导交办", title=rec["title"], requirement=rec["instruction"] or rec["proposal"],
                    person=rec["handler"], person_name=rec["handler_name"], section=rec["section"],
                    assigned_on=rec["received_on"], deadline=rec["deadline"], status=TASK_OPEN).id
                summary.created.setdefault("督办事项", []).append(rec["title"])
        return IncomingDocument.bulk_insert(records, progress=progress, audit="batch")


# ======================================================================= 发文登记簿
_out_status = _word_table("outgoing.status", "状态")
_publicity = _word_table("outgoing.publicity", "公开属性", PUBLICITY[0])


class OutgoingKind(_DocumentKind):
    """发文登记簿: one document issued per row, its 发文字号 per 代字 and the year of 签发."""

    name = "outgoing"
    model = OutgoingDocument
    other_kind = "incoming"
    day_field = "drafted_on"
    its_columns = ("发文字号", "发文代字", "签发日期", "印发日期", "拟稿人", "拟稿科室", "拟稿单位", "核稿人", "主送",
                   "主送机关")
    parsers = {"number": _number_text, "prefix": text, "title": text, "section": _name, "drafter": _name,
               "drafted_on": v.parse_date, "reviewer": _name, "signer": _name, "signed_on": v.parse_date,
               "printed_on": v.parse_date, "copies": _positive("份数"), "main_to": text, "copy_to": text,
               "publicity": _publicity, "urgency": _urgency, "secrecy": _secrecy, "status": _out_status,
               "void_reason": text}
    required = {"title": "标题不能为空"}
    dates = {"drafted_on": EVENT, "signed_on": DONE, "printed_on": DONE}

    @staticmethod
    def _stored_numbers() -> dict[tuple, tuple]:
        return {(p, y, s): (t, d) for p, y, s, t, d in OutgoingDocument.select(
            OutgoingDocument.prefix, OutgoingDocument.year, OutgoingDocument.serial, OutgoingDocument.title,
            OutgoingDocument.drafted_on).where(OutgoingDocument.serial.is_null(False)).tuples()}

    @staticmethod
    def _number_key(rec: dict) -> tuple:
        return rec["prefix"], rec["year"], rec["serial"]

    @staticmethod
    def _number(rec: dict) -> str:
        return outgoing_number(rec["prefix"], rec["year"], rec["serial"])

    @staticmethod
    def _series(prefix: str, year: int) -> str:
        return f"{prefix}〔{year}〕的发文字号"

    def check(self, rec: dict, note: Note) -> dict | None:
        prefix, year, serial = rec["prefix"] or "", None, None
        if rec["number"]:
            try:
                prefix, year, serial = parse_number(rec["number"])
            except v.BadValue as exc:
                note("number", str(exc))
                return None
            if rec["prefix"] and rec["prefix"] != prefix:
                note("prefix", f"发文代字“{rec['prefix']}”与发文字号 {rec['number']} 的代字“{prefix}”不一致")
            if not prefix:
                note("number", f"发文字号 {rec['number']} 没有发文代字")
        elif not prefix:
            note("number", "发文字号不能为空（尚未编号的拟稿要写明发文代字）")
        if len(prefix) > 20:
            note("number", f"发文代字“{prefix}”超过 20 个字")
        signed, printed = rec["signed_on"], rec["printed_on"]
        drafted = rec["drafted_on"] or signed
        unsigned = self._missing(rec, "signed_on")  # None and not refused already
        if serial is not None and unsigned:
            note("signed_on", "已编号的发文要有签发日期（发文字号在签发时编排）")
        if signed is not None and serial is None:
            note("number", "已签发的发文要有发文字号")
        if serial is not None and signed is not None and year != signed.year:
            note("number", f"发文字号 {rec['number']} 的年份与签发日期 {signed} 不是同一年（发文字号按签发日期的年份编排）")
        if printed is not None and unsigned:
            note("printed_on", f"未签发的发文不能印发（印发日期 {printed}，没有签发日期）")
        if printed is not None and signed is not None and printed < signed:
            note("printed_on", f"印发日期 {printed} 早于签发日期 {signed}：发文须先签发后印发")
        if drafted is None and unsigned and self._missing(rec, "drafted_on"):
            note("drafted_on", "未签发的发文要有拟稿日期")
        elif signed is not None and drafted > signed:
            note("drafted_on", f"拟稿日期 {drafted} 晚于签发日期 {signed}")
        status = rec["status"]
        if status is None:
            status = OUT_VOID if rec["void_reason"] else OUT_ISSUED if printed else OUT_SIGNED if signed else OUT_DRAFT
        if status == OUT_DRAFT and signed is not None:
            note("status", "有签发日期，状态却是拟稿")
        if status == OUT_SIGNED and printed is not None:
            note("status", "有印发日期，状态却是已签发")
        if status in (OUT_SIGNED, OUT_ISSUED) and unsigned:
            note("signed_on", f"{status}的发文要有签发日期")
        if status == OUT_ISSUED and self._missing(rec, "printed_on"):
            note("printed_on", "已印发的发文要有印发日期")
        if status == OUT_VOID and not rec["void_reason"]:
            note("void_reason", "作废的发文要写明作废原因（发文字号保留）")
        if rec["copies"] == 0:
            note("copies", "份数应大于0")
        section = self._section(rec["section"], note)
        if not rec["title"] or not prefix or drafted is None:
            return None
        return {"prefix": prefix, "year": year, "serial": serial, "title": rec["title"], "section": section,
                "drafter_name": rec["drafter"], "drafted_on": drafted, "reviewer": rec["reviewer"],
                "signer": rec["signer"], "signed_on": signed, "printed_on": printed, "copies": rec["copies"],
                "main_to": rec["main_to"], "copy_to": rec["copy_to"], "publicity": rec["publicity"] or PUBLICITY[0],
                "urgency": rec["urgency"] or ORDINARY, "status": status,
                "void_reason": rec["void_reason"] if status == OUT_VOID else ""}

    def existing_keys(self) -> set[tuple]:
        keys: set[tuple] = set()
        for prefix, year, serial, drafted, title in OutgoingDocument.select(
                OutgoingDocument.prefix, OutgoingDocument.year, OutgoingDocument.serial, OutgoingDocument.drafted_on,
                OutgoingDocument.title).tuples():
            keys.add((prefix, year, serial) if serial is not None else (UNNUMBERED, prefix, drafted, title))
        return keys

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        who = display_name()
        sections = sections_for((r["section"] for r in records), summary)
        people = people_for([r["drafter_name"] for r in records], summary, Person.status.not_in(OFF_STAFF))
        for rec in records:
            rec["section"] = sections[rec["section"]] if rec["section"] else None
            rec["drafter"] = people.get(rec["drafter_name"]) if rec["drafter_name"] else None
            rec["registered_by"] = who
        return OutgoingDocument.bulk_insert(records, progress=progress, audit="batch")


def _number_the_rest(records: list[dict], model, scope: tuple[str, ...], day: str, summary: WriteSummary,
                     show) -> None:
    """Rows without a number: numbered in date order (the file's order within a day) after the
    last number of their year, on file or in this import; said in the summary."""
    pending = [r for r in records if r["serial"] is None]
    if not pending:
        return
    last: dict[tuple, int] = {}
    for key in {tuple(r[s] for s in scope) for r in pending}:
        query = model.select(model.serial).where(*[getattr(model, s) == value for s, value in zip(scope, key)])
        stored = max((serial for (serial,) in query.tuples() if serial is not None), default=0)
        given = max((r["serial"] for r in records if r["serial"] is not None
                     and tuple(r[s] for s in scope) == key), default=0)
        last[key] = max(stored, given)
    for rec in sorted(pending, key=lambda r: r[day]):  # stable: the file's order within a day
        key = tuple(rec[s] for s in scope)
        last[key] += 1
        rec["serial"] = last[key]
    first = min(pending, key=lambda r: (r["year"], r["serial"]))
    final = max(pending, key=lambda r: (r["year"], r["serial"]))
    summary.notices.append(f"{len(pending)} 行没有编号，已按日期顺序接着编号"
                           f"（{show(first['year'], first['serial'])} 起，至 {show(final['year'], final['serial'])}）")


_LABELS = {"incoming": "收文登记簿", "outgoing": "发文登记簿"}
_OTHERS = {"incoming": OutgoingKind.its_columns, "outgoing": IncomingKind.its_columns}
