"""文印 services: the typing-pool listings."""
from __future__ import annotations

from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services.listing import Column, Listing


def typing_log_listing() -> Listing:
    return Listing(
        model=TypingLog,
        columns=[
            Column("typed_on", TypingLog.typed_on),
            Column("typist", TypingLog.typist_name, searchable=True),
            Column("title", TypingLog.title, searchable=True),
            Column("doc_number", TypingLog.doc_number, searchable=True),
            Column("pages", TypingLog.pages),
            Column("characters", TypingLog.characters),
            Column("errors", TypingLog.errors),
            Column("proofreader", TypingLog.proofreader, searchable=True),
            Column("remarks", TypingLog.remarks, searchable=True),
        ],
        default_order="typed_on",
        default_desc=True,
    )
