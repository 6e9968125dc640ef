"""文电办理's printouts: the 收文处理笺 that travels with a document, the 收文登记簿 and 发文登记簿 of a
period, and the 催办单 / 督办通知单 of an urge as issued.  Qt-free (``ui/printing.py`` prints them).

The 处理笺 is one A4 page a document, headed by the office's name (the setting every printout uses,
``services.office.office_name``): 收文编号、来文单位、字号、标题、份数、紧急程度、收文日期, then the boxes
the document collects on its way: 拟办意见, 领导批示 (who, when), 承办, 办理过程, 传阅 (ruled lines,
blank ones to write on) and 办理结果.  The registers are landscape, their column header on every
page and 第 n 页　共 m 页 at the foot.  The urge's page is printed from its figures as issued
(``urging.figures_of``): its office, number, title and dates do not move when the document does.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

import peewee as pw

from govoffice_desktop.models.documents import (IN_DONE, IN_SUPERVISED, IN_VOID, OUT_VOID, URGE_INCOMING, Circulation,
                                                IncomingDocument, IncomingStep, OutgoingDocument, Urge)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.reports.document import Document, esc
from govoffice_desktop.services.documents import urging
from govoffice_desktop.services.documents.numbers import incoming_number, outgoing_number  # noqa: F401 - the catalogue's too
from govoffice_desktop.services.office import office_name
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.texts import day_long

INCOMING_REGISTER = "收文登记簿"
OUTGOING_REGISTER = "发文登记簿"
PROCESSING_SLIP = "收文处理笺"
REGISTER_PT = 9  # the registers' type: thirteen columns across a landscape page
CIRCULATION_LINES = 4  # 传阅 lines on the slip, blank ones to write on after those recorded
INDENT = "\u3000\u3000"  # 首行缩进两字, kept by white-space:pre-wrap (Qt drops leading blanks otherwise)
GRID = 'border="1" cellspacing="0" cellpadding="6" width="100%" style="border-collapse:collapse; border-color:#000000;"'


def _long(day: date | None) -> str:
    return day_long(day) if day else ""


def _period(date_from: date, date_to: date) -> str:
    if date_to < date_from:
        raise BadValue(f"截止日期 {date_to} 早于起始日期 {date_from}")
    return f"{day_long(date_from)}至{day_long(date_to)}"


# ================================================================ 收文处理笺
def _label(text: str, rows: int = 1) -> str:
    span = f' rowspan="{rows}"' if rows > 1 else ""
    return f'<td width="14%" align="center" valign="middle"{span}><b>{esc(text)}</b></td>'


def _value(text, colspan: int = 1, lines: int = 0) -> str:
    """A cell's value; ``lines`` blank lines under it leave room to write by hand."""
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    width = "" if colspan > 1 else ' width="36%"'
    room = "<br/>" * lines
    return f'<td{span}{width} valign="top">{esc(text)}{room}</td>'


def _signed(text: str, who: str, when: date | None) -> str:
    """An opinion with who gave it and when, right-aligned under it."""
    by = "　".join(part for part in (who, _long(when)) if part)
    tail = f'<p align="right" style="margin:0px;">{esc(by)}</p>' if by else ""
    return f'<p style="margin:0px;">{esc(text)}</p>{tail}'


def _box(label: str, body_html: str, lines: int) -> str:
    room = "<br/>" * lines
    return f'<tr>{_label(label)}<td colspan="3" valign="top">{body_html}{room}</td></tr>'


def _slip_html(doc: IncomingDocument) -> str:
    steps = list(IncomingStep.select().where(IncomingStep.document == doc).order_by(IncomingStep.noted_on,
                                                                                    IncomingStep.id))
    readers = list(Circulation.select().where(Circulation.document == doc).order_by(Circulation.sent_on,
                                                                                     Circulation.id))
    section = doc.section.name if doc.section_id else ""
    handler = doc.handler.name if doc.handler_id else doc.handler_name
    limit = _long(doc.deadline) + (f"（{doc.deadline_note}）" if doc.deadline_note else "")
    head = (f'<table {GRID}>'
            f'<tr>{_label("收文编号")}{_value(incoming_number(doc.year, doc.serial))}'
            f'{_label("收文日期")}{_value(_long(doc.received_on))}</tr>'
            f'<tr>{_label("来文单位")}{_value(doc.source_unit)}{_label("来文字号")}{_value(doc.source_ref)}</tr>'
            f'<tr>{_label("标　　题")}{_value(doc.title, colspan=3)}</tr>'
            f'<tr>{_label("份　　数")}{_value(doc.copies)}{_label("紧急程度")}{_value(doc.urgency)}</tr>'
            f'<tr>{_label("密　　级")}{_value(doc.secrecy)}{_label("办理时限")}{_value(limit)}</tr>')
    proposal = _signed(doc.proposal, doc.proposed_by, None)
    instruction = _signed(doc.instruction, doc.instructed_by, doc.instructed_on)
    handling = (f'<tr>{_label("承办科室")}{_value(section)}{_label("承 办 人")}{_value(handler)}</tr>')
    progress = "".join(f'<p style="margin:0px;">{esc(s.noted_on)}　{esc(s.note)}'
                       f'{"（" + esc(s.noted_by) + "）" if s.noted_by else ""}</p>' for s in steps)
    circulation_rows = "".join(
        f'<tr><td>{esc(c.reader_name)}</td><td>{esc(_long(c.sent_on))}</td><td>{esc(_long(c.read_on))}</td>'
        f'<td>{esc(c.remark)}</td></tr>' for c in readers)
    blank = max(CIRCULATION_LINES - len(readers), 1)
    circulation_rows += '<tr><td>　</td><td></td><td></td><td></td></tr>' * blank
    circulation = (f'<table border="1" cellspacing="0" cellpadding="3" width="100%" '
                   f'style="border-collapse:collapse; border-color:#000000;">'
                   f'<tr><th width="25%">传阅领导</th><th width="25%">送阅日期</th><th width="25%">阅退日期</th>'
                   f'<th width="25%">备注</th></tr>{circulation_rows}</table>')
    if doc.status == IN_DONE:
        result = _signed(doc.result, "", doc.done_on)
    elif doc.status == IN_SUPERVISED:
        result = _signed((doc.result + "\n" if doc.result else "") + "已转为督办事项", "", doc.done_on)
    elif doc.status == IN_VOID:
        result = _signed(f"已作废：{doc.void_reason}", "", None)
    else:
        result = ""
    filed = (f"档号 {doc.archive_no}" if doc.archive_no else "") + (f"　{_long(doc.filed_on)}归档" if doc.filed_on else "")
    body = (head + _box("拟办意见", proposal, 2) + _box("领导批示", instruction, 4)
            + handling + _box("办理过程", progress, max(3 - len(steps), 1))
            + f'<tr>{_label("传　　阅")}<td colspan="3">{circulation}</td></tr>'
            + _box("办理结果", result, 2)
            + f'<tr>{_label("归　　档")}{_value(filed, colspan=3)}</tr></table>')
    return body


def processing_slip(documents: IncomingDocument | Iterable[IncomingDocument]) -> Document:
    """收文处理笺: one A4 page a document, the office's name on top (several: a page each)."""
    docs = [documents] if isinstance(documents, IncomingDocument) else list(documents)
    if not docs:
        raise BadValue("没有要打印处理笺的收文")
    doc = Document(PROCESSING_SLIP, office=office_name(), footer="none")
    for n, one in enumerate(docs):
        if n:
            doc.page_break()
            doc.parts.append(doc.letterhead() + f'<h2 align="center" style="margin-bottom:4px;">{esc(PROCESSING_SLIP)}</h2>')
        doc.parts.append(_slip_html(one))
    return doc


# ================================================================ the registers
def _state(status: str, void_reason: str, archive_no: str) -> str:
    text = f"作废：{void_reason}" if status in (IN_VOID, OUT_VOID) else status
    return text + (f"；档号 {archive_no}" if archive_no else "")


def incoming_rows(date_from: date, date_to: date) -> list[tuple]:
    """The 收文 received in the period, in the order of their numbers (voided numbers kept)."""
    query = (IncomingDocument.select(IncomingDocument, Section, Person)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(IncomingDocument.section == Section.id)).switch(IncomingDocument)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(IncomingDocument.handler == Person.id))
             .where(IncomingDocument.received_on.between(date_from, date_to))
             .order_by(IncomingDocument.year, IncomingDocument.serial))
    return [(incoming_number(d.year, d.serial), d.received_on, d.source_unit, d.source_ref, d.title, d.copies,
             d.urgency, d.section.name if d.section_id else "", d.handler.name if d.handler_id else d.handler_name,
             d.deadline, d.done_on, _state(d.status, d.void_reason, d.archive_no)) for d in query]


def incoming_register(date_from: date, date_to: date) -> Document:
    """收文登记簿 of the 收文 received from ``date_from`` to ``date_to``: landscape, header on every page."""
    period = _period(date_from, date_to)
    rows = incoming_rows(date_from, date_to)
    doc = Document(INCOMING_REGISTER, f"收文日期：{period}　　共 {len(rows)} 件", landscape=True,
                   office=office_name())
    doc.table(["收文编号", "收文日期", "来文单位", "来文字号", "标题", "份数", "紧急程度", "承办科室", "承办人",
               "办理时限", "办结日期", "办理情况"], rows, widths=[10, 8, 10, 11, 16, 4, 6, 7, 5, 8, 8, 7],
              numeric=(5,), nowrap=(0, 1, 9, 10), size_pt=REGISTER_PT, empty="这一期间没有收文")
    counts: dict[str, int] = {}
    for row in rows:
        key = row[-1].split("：")[0].split("；")[0]
        counts[key] = counts.get(key, 0) + 1
    if rows:
        doc.paragraph("合计：" + "，".join(f"{k} {v} 件" for k, v in counts.items()) + "。")
    return doc


def outgoing_rows(date_from: date, date_to: date) -> list[tuple]:
    """The 发文 signed (numbered) in the period, in the order they were signed (each 代字's numbers
    ascending: they are given at 签发), voided numbers kept; a draft has no number yet and is not in
    the register."""
    query = (OutgoingDocument.select(OutgoingDocument, Section, Person)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(OutgoingDocument.section == Section.id)).switch(OutgoingDocument)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(OutgoingDocument.drafter == Person.id))
             .where(OutgoingDocument.signed_on.between(date_from, date_to), OutgoingDocument.serial.is_null(False))
             .order_by(OutgoingDocument.signed_on, OutgoingDocument.prefix, OutgoingDocument.year,
                       OutgoingDocument.serial))
    return [(outgoing_number(d.prefix, d.year, d.serial), d.title, d.section.name if d.section_id else "",
             d.drafter.name if d.drafter_id else d.drafter_name, d.reviewer, d.signer, d.signed_on, d.printed_on,
             d.copies, d.main_to, d.copy_to, d.publicity, _state(d.status, d.void_reason, "")) for d in query]


def outgoing_register(date_from: date, date_to: date) -> Document:
    """发文登记簿 of the 发文 signed from ``date_from`` to ``date_to``: landscape, header on every page."""
    period = _period(date_from, date_to)
    rows = outgoing_rows(date_from, date_to)
    doc = Document(OUTGOING_REGISTER, f"签发日期：{period}　　共 {len(rows)} 件", landscape=True,
                   office=office_name())
    doc.table(["发文字号", "标题", "拟稿科室", "拟稿人", "核稿人", "签发人", "签发日期", "印发日期", "份数", "主送",
               "抄送", "公开属性", "状态"], rows, widths=[12, 12, 6, 5, 5, 5, 7, 7, 3, 12, 13, 8, 5],
              numeric=(8,), nowrap=(0, 6, 7, 11, 12), size_pt=REGISTER_PT, empty="这一期间没有签发的发文")
    return doc


# ================================================================ 催办单 and 督办通知单
def urge_sheet(urge: Urge) -> Document:
    """The page of an urge as issued: 催办单 for a 收文, 督办通知单 for a 督办事项 (A4, one page)."""
    f = urging.figures_of(urge)
    incoming = f["kind"] == URGE_INCOMING
    title = urging.URGE_SHEET if incoming else urging.TASK_NOTICE
    doc = Document(title, office=f["office"], footer="none")
    doc.parts.append(f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-bottom:6px;"><tr>'
                     f'<td align="left">第 {esc(f["round"])} 次催办</td>'
                     f'<td align="right">{esc(_long(f["issued_on"]))}</td></tr></table>')
    over = f"已超期 {f['working_days_over']} 个工作日"
    if incoming:
        grid = (f'<tr>{_label("收文编号")}{_value(f["number"])}{_label("收文日期")}{_value(_long(f["received_on"]))}</tr>'
                f'<tr>{_label("来文单位")}{_value(f["source_unit"])}{_label("来文字号")}{_value(f["source_ref"])}</tr>'
                f'<tr>{_label("标　　题")}{_value(f["title"], colspan=3)}</tr>'
                f'<tr>{_label("承办科室")}{_value(f["section"])}{_label("承 办 人")}{_value(f["handler"])}</tr>'
                f'<tr>{_label("紧急程度")}{_value(f["urgency"])}{_label("办理时限")}{_value(_long(f["deadline"]))}</tr>')
        what = "上述文件"
    else:
        grid = (f'<tr>{_label("督办事项")}{_value(f["title"], colspan=3)}</tr>'
                f'<tr>{_label("来　　源")}{_value(f["source"])}{_label("交办日期")}{_value(_long(f["assigned_on"]))}</tr>'
                f'<tr>{_label("责任科室")}{_value(f["section"])}{_label("责 任 人")}{_value(f["handler"])}</tr>'
                f'<tr>{_label("办理要求")}{_value(f["requirement"], colspan=3)}</tr>'
                f'<tr>{_label("办结时限")}{_value(_long(f["deadline"]), colspan=3)}</tr>')
        what = "上述督办事项"
    grid += f'<tr>{_label("超期情况")}<td colspan="3"><b>{esc(over)}</b></td></tr>'
    doc.parts.append(f'<table {GRID}>{grid}</table>')
    addressee = f["section"] or f["handler"] or "承办科室"
    doc.parts.append(f'<p style="margin-top:14px; font-size:12pt; line-height:160%;">{esc(addressee)}：</p>'
                     f'<p style="font-size:12pt; line-height:160%; white-space:pre-wrap;">{INDENT}{esc(what)}已超过办理时限（{esc(_long(f["deadline"]))}），'
                     f'{esc(over)}。请于<b>{esc(_long(f["reply_by"]))}</b>前办结并反馈办理结果；'
                     f'确有困难不能按期办结的，请书面说明原因和办结时间。</p>')
    if f.get("note"):
        doc.parts.append(f'<p style="font-size:12pt; white-space:pre-wrap;">{INDENT}{esc(f["note"])}</p>')
    doc.parts.append(f'<table {GRID} style="margin-top:10px;"><tr>{_label("反馈情况")}'
                     f'<td colspan="3" valign="top">{"<br/>" * 6}</td></tr></table>')
    when = '<td width="50%" style="white-space:pre">日期：　　　　年　　月　　日</td>'  # pre: the blanks stay
    doc.parts.append('<table width="100%" cellspacing="0" cellpadding="4" style="margin-top:24px; font-size:12pt;">'
                     f'<tr><td width="50%">催办人（签字）：______________</td>{when}</tr>'
                     f'<tr><td>承办科室签收：______________</td>{when}</tr></table>')
    return doc
