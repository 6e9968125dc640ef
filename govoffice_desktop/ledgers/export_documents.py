"""The 收文登记簿 and 发文登记簿 exported to .xlsx, in the columns their import reads back
(``ledger_fields.json``: each header is a field's label), numbers written as the office writes
them (收〔2026〕12号, 宿政办发〔2026〕3号), dates as real dates."""
from __future__ import annotations

from pathlib import Path

import peewee as pw

from govoffice_desktop.ledgers.export import export_rows
from govoffice_desktop.ledgers.mapping import field_specs, kind_label
from govoffice_desktop.models.documents import IncomingDocument, OutgoingDocument
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services.documents.numbers import incoming_number, outgoing_number
from govoffice_desktop.services.office import office_name

INCOMING_FIELDS = ("number", "received_on", "source_unit", "source_ref", "title", "copies", "urgency", "secrecy",
                   "proposal", "proposed_by", "instruction", "instructed_by", "instructed_on", "section", "handler",
                   "deadline", "limit_days", "deadline_note", "status", "done_on", "result", "void_reason",
                   "archive_no", "filed_on", "registered_by")
OUTGOING_FIELDS = ("number", "prefix", "title", "section", "drafter", "drafted_on", "reviewer", "signer", "signed_on",
                   "printed_on", "copies", "main_to", "copy_to", "publicity", "urgency", "status", "void_reason")


def _incoming_rows():
    query = (IncomingDocument.select(IncomingDocument, Section.name.alias("section_name"),
                                     pw.fn.COALESCE(Person.name, IncomingDocument.handler_name).alias("handler_shown"))
             .join(Section, pw.JOIN.LEFT_OUTER, on=(IncomingDocument.section == Section.id))
             .switch(IncomingDocument)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(IncomingDocument.handler == Person.id))
             .order_by(IncomingDocument.year, IncomingDocument.serial).objects())
    for d in query.iterator():
        values = {"number": incoming_number(d.year, d.serial), "section": d.section_name or "",
                  "handler": d.handler_shown or ""}
        yield [values[f] if f in values else getattr(d, f) for f in INCOMING_FIELDS]


def _outgoing_rows():
    query = (OutgoingDocument.select(OutgoingDocument, Section.name.alias("section_name"),
                                     pw.fn.COALESCE(Person.name, OutgoingDocument.drafter_name).alias("drafter_shown"))
             .join(Section, pw.JOIN.LEFT_OUTER, on=(OutgoingDocument.section == Section.id))
             .switch(OutgoingDocument)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(OutgoingDocument.drafter == Person.id))
             .order_by(OutgoingDocument.prefix, OutgoingDocument.year.is_null(), OutgoingDocument.year,
                       OutgoingDocument.serial, OutgoingDocument.drafted_on, OutgoingDocument.id).objects())
    for d in query.iterator():
        values = {"number": outgoing_number(d.prefix, d.year, d.serial), "section": d.section_name or "",
                  "drafter": d.drafter_shown or ""}
        yield [values[f] if f in values else getattr(d, f) for f in OUTGOING_FIELDS]


DOCUMENT_EXPORTS = {"incoming": (INCOMING_FIELDS, _incoming_rows), "outgoing": (OUTGOING_FIELDS, _outgoing_rows)}


def export_documents(kind: str, path: str | Path, *, force: bool = False) -> int:
    """收文登记簿 (``incoming``) or 发文登记簿 (``outgoing``) whole to ``path``; the rows written.
    The path is checked first (services/outputs.py: never the database or its backups)."""
    fields, rows = DOCUMENT_EXPORTS[kind]
    labels = {s.name: s.label for s in field_specs(kind)}
    return export_rows(path, kind_label(kind), [labels[f] for f in fields], rows(), force=force, office=office_name())
