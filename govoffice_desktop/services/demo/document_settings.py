"""演示数据 of 文电办理's settings: the office's 发文代字, the 节假日安排 of the demo's years pre-filled
from the calendar library and confirmed against the State Council's notice, and the 文印 link (a
typing log whose 文号 is a registered 发文's number names that 发文).  The year of documents itself is
services/demo/documents.py's."""
from __future__ import annotations

from datetime import date

from govoffice_desktop.models.documents import OutgoingDocument
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services.documents import calendar_admin, outgoing

DEMO_PREFIXES = ("宿政办发", "宿政办函", "宿政办电")


def notice_of(year: int) -> str:
    """The demo's 国务院办公厅 notice of a year's holidays (published the autumn before)."""
    return f"国办发明电〔{year - 1}〕7号"


class _DocumentSettingsPart:
    """发文代字 and the 节假日安排 of the demo's years (each confirmed on its first working day)."""

    def build_document_settings(self) -> None:
        outgoing.set_prefixes(DEMO_PREFIXES)
        for year in range(self.start.year, self.as_of.year + 1):
            calendar_admin.prefill_year(year)
            confirmed_on = max(date(year, 1, 5), self.start) if year > self.start.year else self.start
            row = calendar_admin.confirm_year(year, notice_of(year), today=min(confirmed_on, self.as_of))
            row.confirmed_by = "系统管理员"  # the demo's administrator by name (its logins are made last)
            row.save()

    def link_typing_logs(self) -> int:
        """Typing logs whose 文号 is a registered 发文's number name that 发文 (once the documents are
        built): how many were linked."""
        numbers = {outgoing.number_of(doc): doc.id for doc in OutgoingDocument.select() if doc.serial is not None}
        linked = 0
        for entry in TypingLog.select().where(TypingLog.doc_number.in_(list(numbers)) & TypingLog.outgoing.is_null()):
            entry.outgoing = numbers[entry.doc_number]
            entry.save()
            linked += 1
        return linked
