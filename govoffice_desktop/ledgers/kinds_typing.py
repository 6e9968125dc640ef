"""The typing pool's ledgers: the typing log (文印登记) and speed tests (打字测速)."""
from __future__ import annotations

from govoffice_desktop.ledgers.kind_base import (LedgerKind, Note, WriteSummary, _count, _link_people, _name, _word_table,
                                                text)
from govoffice_desktop.models.rewards import CAT_TYPING, MonthClose
from govoffice_desktop.models.staff import Person
from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog
from govoffice_desktop.services import plausibility, validation as v
from govoffice_desktop.services.plausibility import EVENT
from govoffice_desktop.services.typing_pool import error_stage_count, latest_closed_month_end


class TypingKind(LedgerKind):
    """文印登记: one document typed per row; ledgers often keep one sheet per month."""

    name = "typing"
    permission = "typing.edit"
    model = TypingLog
    error_kinds = ("wrong_char", "missing_char", "extra_char", "punctuation", "formatting")
    parsers = {"typed_on": v.parse_date, "typist": _name, "title": text, "doc_number": text, "pages": _count,
               "characters": _count, "errors": _count, **{k: _count for k in error_kinds},
               "errors_after_issue": _count, "error_stage": _word_table("typing.stage", "差错发现环节"),
               "proofreader": text, "remarks": text}
    required = {"typed_on": "日期不能为空", "typist": "打字员不能为空", "title": "文稿标题不能为空", "pages": "页数不能为空"}
    dates = {"typed_on": EVENT}

    def begin(self) -> None:
        """Before an import: the months already closed take no more entries."""
        self.closed = {(y, m) for y, m in MonthClose.select(MonthClose.year, MonthClose.month)
                       .where(MonthClose.domain == CAT_TYPING).tuples()}

    def check(self, rec: dict, note: Note) -> dict | None:
        kinds = {k: rec[k] or 0 for k in self.error_kinds}
        if rec["errors"] is None:
            rec["errors"] = sum(kinds.values())
        elif sum(kinds.values()) > rec["errors"]:
            note("errors", f"各类差错合计 {sum(kinds.values())} 个，多于差错数 {rec['errors']}")
        rec.update(kinds)
        try:  # the errors found after issue: a count, or the stage of all the row's errors (none: 校对发现)
            rec["errors_after_issue"] = error_stage_count(rec, rec["errors"])
        except v.BadValue as exc:
            note("errors_after_issue", str(exc))
            rec["errors_after_issue"] = 0
        rec.pop("error_stage", None)
        if rec["pages"] == 0:
            note("pages", "页数应大于0")
        problem = plausibility.pages_problem(rec["pages"])
        if problem:
            note("pages", problem)
        if rec["characters"] is not None and rec["errors"] > rec["characters"]:
            note("errors", "差错数多于字数")
        day = rec["typed_on"]
        if day is not None and (day.year, day.month) in self.closed:
            note("typed_on", f"{day.year}年{day.month}月的文印考核已结账，不能再导入该月的登记")
        if day is None or not rec["typist"] or not rec["title"] or rec["pages"] is None:
            return None
        rec["typist_name"] = rec.pop("typist")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["typed_on"], rec["typist_name"], rec["title"], rec["doc_number"], rec["pages"])

    def existing_keys(self) -> set[tuple]:
        return set(TypingLog.select(TypingLog.typed_on, TypingLog.typist_name, TypingLog.title, TypingLog.doc_number,
                                    TypingLog.pages).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        _link_people(records, summary, "typist", Person.is_typist)
        return TypingLog.bulk_insert(records, progress=progress)


class SpeedTestKind(LedgerKind):
    """打字测速: characters typed in so many minutes, with errors."""

    name = "speed-tests"
    permission = "typing.edit"
    model = SpeedTest
    parsers = {"tested_on": v.parse_date, "typist": _name, "characters": _count,
               "minutes": lambda raw: v.parse_decimal(raw, 2), "errors": _count, "note": text}
    required = {"tested_on": "测试日期不能为空", "typist": "打字员不能为空", "characters": "字数不能为空",
                "minutes": "用时不能为空"}
    dates = {"tested_on": EVENT}

    def begin(self) -> None:
        """Before an import: a test dated in or before a closed month would change its assessment."""
        self.closed_until = latest_closed_month_end()

    def check(self, rec: dict, note: Note) -> dict | None:
        day, closed_until = rec["tested_on"], self.closed_until
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
        return set(SpeedTest.select(SpeedTest.tested_on, SpeedTest.typist_name, SpeedTest.characters,
                                    SpeedTest.minutes).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        _link_people(records, summary, "typist", Person.is_typist)
        return SpeedTest.bulk_insert(records, progress=progress)
