"""奖金核算表: the monthly bonus sheet to print (grouped by section, subtotals, the grand total,
signatures) and to export (the sheet, and every ledger entry behind it, so each line is traced)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govoffice_desktop.reports.document import Document


def _state(sheet) -> str:
    if sheet.final:
        when = sheet.finalised_at.strftime("%Y-%m-%d %H:%M") if sheet.finalised_at else ""
        return f"已定稿（{when} {sheet.finalised_by}）".replace("（ ", "（").replace(" ）", "）")
    waiting = f"；待结账：{'、'.join(sheet.open_domains)}" if sheet.open_domains else ""
    return f"草稿，未定稿{waiting}"


def bonus_sheet(year: int, month: int) -> Document:
    from govoffice_desktop.services import rewards, supervision

    sheet = rewards.bonus_sheet(year, month)
    doc = Document(title=f"{year}年{month}月奖金核算表",
                   subtitle=f"{supervision.office_name()}　　{_state(sheet)}　　单位：元")
    for section, lines in sheet.by_section():
        rows = [(ln.person.name, ln.post, ln.base, ln.rewards, ln.deductions, ln.total,
                 "按保底发放" if ln.floor_applied else ("未定基数" if ln.no_base else "")) for ln in lines]
        subtotal = [sum((getattr(ln, k) for ln in lines), Decimal("0.00")) for k in ("base", "rewards", "deductions",
                                                                                      "total")]
        rows.append(("小计", f"{len(lines)}人", *subtotal, ""))
        doc.heading(section)
        doc.table(["姓名", "职务", "基数", "奖励", "扣减", "实发", "备注"], rows, widths=[14, 14, 14, 14, 14, 14, 16],
                  numeric=(2, 3, 4, 5))
    doc.paragraph(f"合计：{len(sheet.lines)}人，实发 {sheet.total:,} 元。保底 {sheet.floor:,} 元。", bold=True)
    doc.signatures("制表人", "审核人", "主任")
    return doc


def export_bonus_sheet(path: str | Path, year: int, month: int) -> int:
    """The sheet and the entries behind it, two sheets of one workbook; returns the rows written."""
    from openpyxl import Workbook

    from govoffice_desktop.ledgers.export import write_sheet
    from govoffice_desktop.models.rewards import RewardPenalty
    from govoffice_desktop.models.staff import Person
    from govoffice_desktop.services import rewards

    sheet = rewards.bonus_sheet(year, month)
    label = f"{year}年{month}月"
    book = Workbook(write_only=True)
    written = write_sheet(book, f"{label}奖金核算表（{_state(sheet)}）",
                          ["科室", "姓名", "职务", "基数", "奖励", "扣减", "实发", "奖惩条数", "备注"],
                          [(ln.section, ln.person.name, ln.post, ln.base, ln.rewards, ln.deductions, ln.total,
                            ln.entries, "按保底发放" if ln.floor_applied else "") for ln in sheet.lines]
                          + [("合计", "", "", None, None, None, sheet.total, None, "")], name="奖金核算表")
    first, last = rewards._month_bounds(year, month)
    entries = (RewardPenalty.select(RewardPenalty, Person).join(Person)
               .where(RewardPenalty.entry_date.between(first, last))
               .order_by(Person.name, RewardPenalty.entry_date, RewardPenalty.id))
    written += write_sheet(book, f"{label}奖惩明细", ["姓名", "日期", "类别", "金额", "事由", "来源", "登记人"],
                           [(e.person.name, e.entry_date, e.category, e.amount, e.reason,
                             rewards.SOURCE_LABELS.get(e.source_table, "手工登记" if not e.source_table
                                                       else e.source_table), e.entered_by) for e in entries],
                           name="奖惩明细")
    book.save(str(path))
    return written
