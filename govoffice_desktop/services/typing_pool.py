"""文印 services: the typing-pool listings."""
from __future__ import annotations

from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services.listing import Column, Listing


def typing_log_listing() -> Listing:
    return Listing(
        model=TypingLog,
        columns=[
            Column("typed_on", "日期", TypingLog.typed_on),
            Column("typist", "打字员", TypingLog.typist_name, searchable=True),
            Column("title", "文稿标题", TypingLog.title, searchable=True),
            Column("doc_number", "文号", TypingLog.doc_number, searchable=True),
            Column("pages", "页数", TypingLog.pages),
            Column("characters", "字数", TypingLog.characters),
            Column("errors", "差错", TypingLog.errors),
            Column("proofreader", "校对人", TypingLog.proofreader, searchable=True),
            Column("remarks", "备注", TypingLog.remarks, searchable=True),
        ],
        default_order="typed_on",
        default_desc=True,
    )
