"""发文: the office's outgoing documents, from 拟稿 to 签发 (numbered) and 印发, with 作废.

A document is drafted (拟稿: 标题, 拟稿科室, 拟稿人, 核稿人, 主送, 抄送, 公开属性, 紧急程度 and its 发文代字,
one of the office's list kept as a setting).  Recording its 签发 (签发人, 签发日期) gives it the next
number of its 代字 in the year of 签发, in the same transaction: 宿政办发〔2026〕N号, in order, never twice
and without gaps, whatever another workstation does at the same moment (the number's lock is taken
before the last number is read; the unique index on (代字, 年份, 序号) stands behind it).  印发 (印发日期,
份数) comes only after 签发 and not before its date.  作废 needs a reason; a number once given keeps its
place in the register with that reason.  Every write goes through the audited models.

The 文印 link: a typing log (``TypingLog.outgoing``) names the 发文 it was typed for; ``typing_logs_of``
gives a document's 文稿."""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date

import peewee as pw

from govoffice_desktop.models.db import database, transaction_lock
from govoffice_desktop.models.documents import (OUT_DRAFT, OUT_ISSUED, OUT_SIGNED, OUT_STATUSES, OUT_VOID,
                                                 PUBLICITY, URGENCIES, ORDINARY, OutgoingDocument)
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services.auth import display_name, requires
from govoffice_desktop.services.documents.numbers import outgoing_number
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import BadValue, a_count, a_date, required_text

PREFIXES_KEY = "documents.outgoing_prefixes"  # the office's 发文代字, one a line
MAX_PREFIX = 20
MAX_TITLE = 200
_BAD_PREFIX = re.compile(r"[\s〔〕\[\]［］【】()（）0-9０-９]")
UNNUMBERED = 10 ** 7  # a draft sorts after its year's numbers
SEPARATORS = r"[\n\r,，、;；]+"


# ---------------------------------------------------------------- 发文代字
def prefixes() -> list[str]:
    """The office's 发文代字 in the order it keeps them (宿政办发, 宿政办函, 宿政办电); empty until set."""
    row = Setting.get_or_none(Setting.key == PREFIXES_KEY)
    return [p for p in re.split(SEPARATORS, row.value if row else "") if p.strip()] if row else []


def _clean_prefix(value) -> str:
    text = str(value or "").strip()
    if not text:
        raise BadValue("发文代字不能为空")
    if len(text) > MAX_PREFIX:
        raise BadValue(f"发文代字“{text}”太长：不超过{MAX_PREFIX}个字")
    if _BAD_PREFIX.search(text):
        raise BadValue(f"发文代字“{text}”只写代字本身，如 宿政办发：不含空格、括号、年份或序号")
    return text


@requires("documents.register")
def set_prefixes(values) -> list[str]:
    """The list of 发文代字 (a list, or text one a line / separated by ，、；): at least one, each once.
    A 代字 taken off the list is no longer offered for new drafts; documents that have it keep it."""
    parts = re.split(SEPARATORS, values) if isinstance(values, str) else list(values or [])
    cleaned: list[str] = []
    for part in parts:
        if str(part or "").strip() == "":
            continue
        prefix = _clean_prefix(part)
        if prefix in cleaned:
            raise BadValue(f"发文代字“{prefix}”重复了")
        cleaned.append(prefix)
    if not cleaned:
        raise BadValue("至少要有一个发文代字，例如 宿政办发")
    row = Setting.get_or_none(Setting.key == PREFIXES_KEY) or Setting(key=PREFIXES_KEY)
    row.value = "\n".join(cleaned)
    row.save()
    return cleaned


def _prefix(value, doc: OutgoingDocument | None) -> str:
    text = str(value or "").strip()
    if doc is not None and doc.id is not None and text == doc.prefix:
        return text  # a document keeps a 代字 since taken off the list
    have = prefixes()
    if not have:
        raise BadValue("还没有设置发文代字：请先在“发文代字…”中列出本单位的代字（如 宿政办发、宿政办函）")
    if not text:
        raise BadValue("请选择发文代字")
    if text not in have:
        raise BadValue(f"“{text}”不在本单位的发文代字中（{'、'.join(have)}）")
    return text


# ---------------------------------------------------------------- lookups
def outgoing_by_id(doc_id: int | None) -> OutgoingDocument | None:
    return OutgoingDocument.get_or_none(OutgoingDocument.id == doc_id) if doc_id is not None else None


def number_of(doc: OutgoingDocument) -> str:
    """宿政办发〔2026〕3号, or '' for a draft not yet signed."""
    return outgoing_number(doc.prefix, doc.year, doc.serial)


def typing_logs_of(doc: OutgoingDocument | int) -> list[TypingLog]:
    """The 文稿 typed for a document (文印's work log), oldest first."""
    doc_id = doc.id if isinstance(doc, OutgoingDocument) else doc
    return list(TypingLog.select().where(TypingLog.outgoing == doc_id).order_by(TypingLog.typed_on, TypingLog.id))


@dataclass(frozen=True)
class Choice:
    id: int
    text: str


def typing_choices(current: int | None = None, today: date | None = None, days: int = 366,
                   limit: int = 500) -> list[Choice]:
    """The documents a typing log may name as its 发文 (文印's form): not voided, drafted in the
    last ``days`` days, newest first (at most ``limit``), and ``current`` whatever it is."""
    today = today or date.today()
    since = date.fromordinal(today.toordinal() - days)
    query = (OutgoingDocument.select().where((OutgoingDocument.status != OUT_VOID)
                                             & (OutgoingDocument.drafted_on >= since))
             .order_by(OutgoingDocument.drafted_on.desc(), OutgoingDocument.id.desc()).limit(limit))
    docs = list(query)
    if current is not None and current not in [d.id for d in docs]:
        doc = outgoing_by_id(current)
        if doc is not None:
            docs.insert(0, doc)
    return [Choice(d.id, choice_text(d)) for d in docs]


def choice_text(doc: OutgoingDocument) -> str:
    number = number_of(doc) or f"{doc.prefix}（{doc.status}）"
    void = "（已作废）" if doc.status == OUT_VOID else ""
    return f"{number}　{doc.title}{void}"


def linkable(doc_id) -> OutgoingDocument | None:
    """The 发文 a typing log names (None for none); refused when there is no such document."""
    if doc_id in (None, ""):
        return None
    doc = doc_id if isinstance(doc_id, OutgoingDocument) else outgoing_by_id(int(doc_id))
    if doc is None:
        raise BadValue("所属发文不存在（可能已被删除），请重新选择")
    return doc


# ---------------------------------------------------------------- the fields of a draft
def _section(value) -> Section | None:
    if value in (None, ""):
        return None
    section = Section.get_or_none(Section.id == value) if isinstance(value, int) else value
    if not isinstance(section, Section):
        raise BadValue("没有这个拟稿科室")
    return section


def _person(value) -> Person | None:
    if value in (None, ""):
        return None
    person = Person.get_or_none(Person.id == value) if isinstance(value, int) else value
    if not isinstance(person, Person):
        raise BadValue("没有这位拟稿人")
    return person


def _name(value, label: str, required: bool = False, limit: int = 30) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise BadValue(f"{label}不能为空")
    if len(text) > limit:
        raise BadValue(f"{label}不超过{limit}个字")
    return text


def _not_future(day: date, label: str, today: date) -> None:
    if day > today:
        raise BadValue(f"{label} {day} 还没到")


def _draft_fields(doc: OutgoingDocument, data: dict, today: date) -> None:
    """标题, 拟稿科室/拟稿人 (a staff file, or a name as written), 核稿人, 主送, 抄送, 公开属性, 紧急程度, 拟稿日期."""
    title = required_text(data.get("title"), "标题")
    if len(title) > MAX_TITLE:
        raise BadValue(f"标题不超过{MAX_TITLE}个字")
    person = _person(data.get("drafter"))
    drafter_name = person.name if person is not None else _name(data.get("drafter_name"), "拟稿人")
    if not drafter_name:
        raise BadValue("请填写拟稿人")
    section = _section(data.get("section"))
    if section is None and person is not None and person.section_id is not None:
        section = person.section
    if section is None:
        raise BadValue("请选择拟稿科室")
    drafted_on = a_date(data.get("drafted_on"), "拟稿日期") or (doc.drafted_on if doc.id else today)
    _not_future(drafted_on, "拟稿日期", today)
    if doc.signed_on is not None and drafted_on > doc.signed_on:
        raise BadValue(f"拟稿日期 {drafted_on} 晚于签发日期 {doc.signed_on}")
    publicity = data.get("publicity") or PUBLICITY[0]
    if publicity not in PUBLICITY:
        raise BadValue(f"公开属性应为{'、'.join(PUBLICITY)}之一")
    urgency = data.get("urgency") or ORDINARY
    if urgency not in URGENCIES:
        raise BadValue(f"紧急程度应为{'、'.join(URGENCIES)}之一")
    main_to = str(data.get("main_to") or "").strip()
    if not main_to:
        raise BadValue("请填写主送机关")
    doc.title, doc.section, doc.drafter, doc.drafter_name = title, section, person, drafter_name
    doc.reviewer = _name(data.get("reviewer"), "核稿人")
    doc.main_to, doc.copy_to = main_to, str(data.get("copy_to") or "").strip()
    doc.publicity, doc.urgency, doc.drafted_on = publicity, urgency, drafted_on


# ---------------------------------------------------------------- 拟稿 and corrections
@requires("documents.register")
def draft(data: dict, today: date | None = None) -> OutgoingDocument:
    """拟稿: a new outgoing document, not yet numbered."""
    today = today or date.today()
    doc = OutgoingDocument(status=OUT_DRAFT)
    doc.prefix = _prefix(data.get("prefix"), None)
    _draft_fields(doc, data, today)
    doc.registered_by = display_name()
    doc.save()
    return doc


@requires("documents.register")
def correct(doc: OutgoingDocument, data: dict, today: date | None = None) -> OutgoingDocument:
    """更正 a document (every change is in the audit log): the draft's fields at any stage; its 代字
    only while not numbered; once signed, 签发人 and 签发日期 (within the number's year: the number
    stays); once issued, 印发日期 and 份数.  A voided document is not changed."""
    today = today or date.today()
    with database.atomic():
        doc = _stored(doc)
        if doc.status == OUT_VOID:
            raise BadValue(f"{_label(doc)}已作废，不能再修改")
        prefix = str(data.get("prefix") or doc.prefix).strip()
        if prefix != doc.prefix:
            if doc.serial is not None:
                raise BadValue(f"{_label(doc)}已编号，不能改发文代字；如确实用错了代字，请作废后重新拟稿")
            doc.prefix = _prefix(prefix, None)
        _draft_fields(doc, data, today)
        if doc.status in (OUT_SIGNED, OUT_ISSUED):
            signer = _name(data.get("signer", doc.signer), "签发人", required=True)
            signed_on = a_date(data.get("signed_on", doc.signed_on), "签发日期", required=True)
            if signed_on.year != doc.year:
                raise BadValue(f"{_label(doc)}是{doc.year}年的文号，签发日期只能在{doc.year}年内更正；"
                               "签发年份错了的，请作废后重新签发")
            _signed_date(doc, signed_on, today)
            if doc.printed_on is not None and signed_on > doc.printed_on:
                raise BadValue(f"签发日期 {signed_on} 晚于印发日期 {doc.printed_on}")
            doc.signer, doc.signed_on = signer, signed_on
        if doc.status == OUT_ISSUED:
            printed_on, copies = _issue_fields(doc, data.get("printed_on", doc.printed_on),
                                               data.get("copies", doc.copies), today)
            doc.printed_on, doc.copies = printed_on, copies
        doc.save()
    return doc


def _stored(doc: OutgoingDocument) -> OutgoingDocument:
    """The document as stored now (another workstation may have signed or voided it meanwhile)."""
    stored = outgoing_by_id(doc.id if isinstance(doc, OutgoingDocument) else doc)
    if stored is None:
        raise BadValue("这份发文已不存在（可能已被删除），请刷新")
    return stored


def _label(doc: OutgoingDocument) -> str:
    return number_of(doc) or f"《{doc.title}》"


def _signed_date(doc: OutgoingDocument, signed_on: date, today: date) -> None:
    _not_future(signed_on, "签发日期", today)
    if signed_on < doc.drafted_on:
        raise BadValue(f"签发日期 {signed_on} 早于拟稿日期 {doc.drafted_on}")


def _issue_fields(doc: OutgoingDocument, printed_on, copies, today: date) -> tuple[date, int]:
    day = a_date(printed_on, "印发日期", required=True)
    _not_future(day, "印发日期", today)
    if day < doc.signed_on:
        raise BadValue(f"印发日期 {day} 早于签发日期 {doc.signed_on}：公文签发后才能印发")
    count = a_count(copies, "印发份数", required=True, positive=True)
    if count > 100000:
        raise BadValue("印发份数不超过100000份")
    return day, count


# ---------------------------------------------------------------- 签发: the number
def next_serial(prefix: str, year: int) -> int:
    """The number the next 签发 of ``prefix`` in ``year`` would get (voided numbers count: kept)."""
    used = (OutgoingDocument.select(pw.fn.MAX(OutgoingDocument.serial))
            .where((OutgoingDocument.prefix == prefix) & (OutgoingDocument.year == year)).scalar())
    return (used or 0) + 1


@requires("documents.register")
def sign(doc: OutgoingDocument, signer: str, signed_on, today: date | None = None) -> OutgoingDocument:
    """签发: 签发人 and 签发日期, and in the same transaction the next number of the document's 代字 in
    the year of 签发 (宿政办发〔2026〕N号).  The number's lock is taken first, so that two workstations
    signing at once number one after the other; the 签发日期 may not come before that of the 代字's
    number before it (the register reads in order)."""
    today = today or date.today()
    signer = _name(signer, "签发人", required=True)
    day = a_date(signed_on, "签发日期", required=True)
    prefix = _stored(doc).prefix
    with database.atomic():
        transaction_lock("outgoing number", _lock_number(prefix, day.year))
        doc_now = _stored(doc)  # read again under the lock: another workstation may have signed it
        if doc_now.prefix != prefix:
            raise BadValue("这份发文的发文代字刚被别处修改，请刷新后再签发")
        if doc_now.status != OUT_DRAFT:
            raise BadValue(f"{_label(doc_now)}{doc_now.status}，不能再签发")
        _signed_date(doc_now, day, today)
        serial = next_serial(doc_now.prefix, day.year)
        before = (OutgoingDocument.select().where((OutgoingDocument.prefix == doc_now.prefix)
                                                  & (OutgoingDocument.year == day.year)
                                                  & (OutgoingDocument.serial == serial - 1)).first())
        if before is not None and before.signed_on is not None and day < before.signed_on:
            raise BadValue(f"签发日期 {day} 早于上一个文号 {number_of(before)} 的签发日期 {before.signed_on}："
                           "文号按签发的先后编排，请核对签发日期")
        doc_now.signer, doc_now.signed_on = signer, day
        doc_now.year, doc_now.serial, doc_now.status = day.year, serial, OUT_SIGNED
        doc_now.save()
    _follow(doc, doc_now)
    return doc_now


def _lock_number(prefix: str, year: int) -> int:
    """One lock per 代字 and year (two 代字 number side by side)."""
    return (zlib.crc32(prefix.encode()) * 4099 + year) & 0x7FFFFFFF


def _follow(doc: OutgoingDocument, stored: OutgoingDocument) -> None:
    """The caller's copy follows what was stored (a page holding the object shows it at once)."""
    if isinstance(doc, OutgoingDocument) and doc is not stored:
        doc.__data__.update(stored.__data__)
        doc._dirty.clear()


# ---------------------------------------------------------------- 印发, 作废
@requires("documents.register")
def issue(doc: OutgoingDocument, printed_on, copies, today: date | None = None) -> OutgoingDocument:
    """印发: 印发日期 and 份数, only after 签发 and not before its date."""
    today = today or date.today()
    with database.atomic():
        doc_now = _stored(doc)
        if doc_now.status == OUT_DRAFT:
            raise BadValue(f"《{doc_now.title}》还没有签发，不能印发：请先登记签发")
        if doc_now.status != OUT_SIGNED:
            raise BadValue(f"{_label(doc_now)}{doc_now.status}，不能再印发")
        doc_now.printed_on, doc_now.copies = _issue_fields(doc_now, printed_on, copies, today)
        doc_now.status = OUT_ISSUED
        doc_now.save()
    _follow(doc, doc_now)
    return doc_now


@requires("documents.register")
def void(doc: OutgoingDocument, reason: str) -> OutgoingDocument:
    """作废, with the reason: a draft or a signed document (its number keeps its place in the
    register, with the reason; it is never given again).  An issued document is not voided here:
    it is in force until another document repeals it."""
    text = required_text(reason, "作废原因")
    with database.atomic():
        doc_now = _stored(doc)
        if doc_now.status == OUT_VOID:
            raise BadValue(f"{_label(doc_now)}已经作废")
        if doc_now.status == OUT_ISSUED:
            raise BadValue(f"{_label(doc_now)}已印发，不能作废；如需停止执行，应另行发文废止")
        doc_now.status, doc_now.void_reason = OUT_VOID, text
        doc_now.save()
    _follow(doc, doc_now)
    return doc_now


# ---------------------------------------------------------------- the register
def _number_expr():
    o = OutgoingDocument
    text = (o.prefix.concat("〔").concat(pw.Cast(o.year, "TEXT")).concat("〕")
            .concat(pw.Cast(o.serial, "TEXT")).concat("号"))
    return pw.Case(None, [(o.serial.is_null(), "")], text)


def _typed_count():
    return (TypingLog.select(pw.fn.COUNT(TypingLog.id)).where(TypingLog.outgoing == OutgoingDocument.id))


def outgoing_listing() -> Listing:
    """The 发文 register: newest draft first; filters ``year`` (of the number, or of 拟稿 for a draft),
    ``prefix`` (代字), ``status`` and ``section_id`` (拟稿科室)."""
    o = OutgoingDocument
    return Listing(
        model=o,
        columns=[
            Column("number", "发文字号", _number_expr(), searchable=True,
                   order=(pw.fn.COALESCE(o.year, o.drafted_on.year), o.prefix, pw.fn.COALESCE(o.serial, UNNUMBERED))),
            Column("title", "标题", o.title, searchable=True),
            Column("status", "状态", o.status, searchable=True),
            Column("section", "拟稿科室", Section.name, searchable=True),
            Column("drafter", "拟稿人", o.drafter_name, searchable=True),
            Column("drafted_on", "拟稿日期", o.drafted_on),
            Column("reviewer", "核稿人", o.reviewer, searchable=True),
            Column("signer", "签发人", o.signer, searchable=True),
            Column("signed_on", "签发日期", o.signed_on),
            Column("printed_on", "印发日期", o.printed_on),
            Column("copies", "份数", o.copies),
            Column("main_to", "主送", o.main_to, searchable=True),
            Column("copy_to", "抄送", o.copy_to, searchable=True),
            Column("publicity", "公开属性", o.publicity),
            Column("urgency", "紧急程度", o.urgency),
            Column("typed", "文稿（份）", _typed_count()),
            Column("void_reason", "作废原因", o.void_reason, searchable=True),
        ],
        joins=lambda q: q.join(Section, pw.JOIN.LEFT_OUTER, on=(o.section == Section.id)),
        default_order="drafted_on",
        default_desc=True,
        filters={"year": pw.fn.COALESCE(o.year, o.drafted_on.year), "prefix": o.prefix, "status": o.status,
                 "section_id": o.section},
        joins_keep_rows=True,
    )


def listing_years() -> list[int]:
    """The years the register has documents of (numbered, or drafted), newest first."""
    o = OutgoingDocument
    years = {int(y) for (y,) in o.select(pw.fn.COALESCE(o.year, o.drafted_on.year)).distinct().tuples()
             if y is not None}
    return sorted(years, reverse=True)


def used_prefixes() -> list[str]:
    """The office's 代字 and any other a document has (one since taken off the list)."""
    have = prefixes()
    others = sorted({p for (p,) in OutgoingDocument.select(OutgoingDocument.prefix).distinct().tuples()} - set(have))
    return have + others


def document_row(doc: OutgoingDocument) -> dict:
    """A document as the page's detail and the command line show it."""
    return {"id": doc.id, "number": number_of(doc), "prefix": doc.prefix, "year": doc.year, "serial": doc.serial,
            "title": doc.title, "status": doc.status,
            "section": doc.section.name if doc.section_id else "", "drafter": doc.drafter_name,
            "drafted_on": doc.drafted_on.isoformat(), "reviewer": doc.reviewer, "signer": doc.signer,
            "signed_on": doc.signed_on.isoformat() if doc.signed_on else None,
            "printed_on": doc.printed_on.isoformat() if doc.printed_on else None, "copies": doc.copies,
            "main_to": doc.main_to, "copy_to": doc.copy_to, "publicity": doc.publicity, "urgency": doc.urgency,
            "void_reason": doc.void_reason, "typed": len(typing_logs_of(doc))}


STATUSES = OUT_STATUSES
