"""奖金核算表: the monthly bonus sheet to print (grouped by section, subtotals, the grand total,
signatures) and to export (the sheet, and every ledger entry behind it, so each line is traced)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from govoffice_desktop.ledgers.export import new_workbook, write_sheet
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.staff import Person
from govoffice_desktop.reports.document import Document, esc
from govoffice_desktop.services import outputs, rewards, supervision
from govoffice_desktop.texts import moment_text


def _state(sheet) -> str:
    if sheet.final:
        when = moment_text(sheet.finalised_at) if sheet.finalised_at else ""
        return f"已定稿（{when} {sheet.finalised_by}）".replace("（ ", "（").replace(" ）", "）")
    waiting = f"；待结账：{'、'.join(sheet.open_domains)}" if sheet.open_domains else ""
    return f"草稿，未定稿{waiting}"


HEADERS = ("姓名", "职务", "基数", "奖励", "扣减", "实发", "备注")
WIDTHS = (15, 15, 14, 13, 13, 14, 16)
NUMERIC = (2, 3, 4, 5)


def _row(values, bold: bool = False, shade: str = "") -> str:
    bg = f' bgcolor="{shade}"' if shade else ""
    cells = []
    for i, value in enumerate(values):
        text = esc(value)
        if bold:
            text = f"<b>{text}</b>"
        cells.append(f'<td align="{"right" if i in NUMERIC else "left"}"{bg}>{text}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def bonus_sheet(year: int, month: int) -> Document:
    """One ruled table for the whole office: its header repeated on every page, a row naming each
    section, the section's people, and its subtotal in bold; the grand total last."""
    sheet = rewards.bonus_sheet(year, month)
    doc = Document(title=f"{year}年{month}月奖金核算表",
                   subtitle=f"{supervision.office_name()}　　{_state(sheet)}　　单位：元")
    head = "".join(f'<th width="{w}%" bgcolor="#eeeeee">{esc(h)}</th>' for h, w in zip(HEADERS, WIDTHS))
    rows = []
    zero = Decimal("0.00")
    for section, lines in sheet.by_section():
        rows.append(f'<tr><td colspan="{len(HEADERS)}" bgcolor="#f4f4f4"><b>{esc(section)}</b></td></tr>')
        for ln in lines:
            rows.append(_row((ln.person.name, ln.post, ln.base, ln.rewards, ln.deductions, ln.total,
                              "按保底发放" if ln.floor_applied else ("未定基数" if ln.no_base else ""))))
        subtotal = [sum((getattr(ln, k) for ln in lines), zero) for k in ("base", "rewards", "deductions", "total")]
        rows.append(_row(("小计", f"{len(lines)}人", *subtotal, ""), bold=True))
    if not sheet.lines:
        rows.append(f'<tr><td colspan="{len(HEADERS)}" align="center">（无）</td></tr>')
    total = [sum((getattr(ln, k) for ln in sheet.lines), zero) for k in ("base", "rewards", "deductions", "total")]
    rows.append(_row(("合计", f"{len(sheet.lines)}人", *total, ""), bold=True, shade="#e4e4e4"))
    doc.parts.append('<table border="1" cellspacing="0" cellpadding="2" width="100%" '
                     'style="border-collapse:collapse; border-color:#444444;">'
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    doc.paragraph(f"合计：{len(sheet.lines)}人，实发 {sheet.total:,} 元。保底 {sheet.floor:,} 元。"
                  "实发 = 基数 + 奖励 + 扣减（扣减为负数），不低于保底。", bold=True)
    doc.signatures("制表人", "审核人", "主任")
    return doc


def export_bonus_sheet(path: str | Path, year: int, month: int, *, force: bool = False) -> int:
    """The sheet and the entries behind it, two sheets of one workbook; returns the rows written.
    The path is checked first and the file written whole or not at all (services/outputs.py)."""
    with outputs.writing(path, outputs.XLSX, force=force) as temp:  # checked before any work
        sheet = rewards.bonus_sheet(year, month)
        label = f"{year}年{month}月"
        book, office = new_workbook(temp), supervision.office_name()
        written = write_sheet(book, f"{label}奖金核算表（{_state(sheet)}）",
                              ["科室", "姓名", "职务", "基数", "奖励", "扣减", "实发", "奖惩条数", "备注"],
                              [(ln.section, ln.person.name, ln.post, ln.base, ln.rewards, ln.deductions, ln.total,
                                ln.entries, "按保底发放" if ln.floor_applied else "") for ln in sheet.lines]
                              + [("合计", "", "", None, None, None, sheet.total, None, "")], name="奖金核算表", office=office)
        first, last = rewards._month_bounds(year, month)
        entries = (RewardPenalty.select(RewardPenalty, Person).join(Person)
                   .where(RewardPenalty.entry_date.between(first, last))
                   .order_by(Person.name, RewardPenalty.entry_date, RewardPenalty.id))
        written += write_sheet(book, f"{label}奖惩明细", ["姓名", "日期", "类别", "金额", "事由", "来源", "登记人"],
                               [(e.person.name, e.entry_date, e.category, e.amount, e.reason,
                                 rewards.SOURCE_LABELS.get(e.source_table, "手工登记" if not e.source_table
                                                           else e.source_table), e.entered_by) for e in entries],
                               name="奖惩明细", office=office)
        book.close()
    return written
