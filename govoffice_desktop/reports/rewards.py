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


HEADERS = ("科室", "姓名", "职务", "基数", "奖励", "扣减", "实发", "备注", "领款人签字")
WIDTHS = (11, 8, 8, 12, 11, 11, 12, 11, 16)
NUMERIC = (3, 4, 5, 6)


def _cells(values, bold: bool = False, shade: str = "", first: int = 1) -> str:
    """The cells of a row from column ``first`` on (the 科室 cell spans the section's rows)."""
    bg = f' bgcolor="{shade}"' if shade else ""
    cells = []
    for i, value in enumerate(values, start=first):
        text = esc(value)
        if bold:
            text = f"<b>{text}</b>"
        cells.append(f'<td align="{"right" if i in NUMERIC else "left"}" style="white-space:nowrap;"{bg}>{text}</td>')
    return "".join(cells)


def _taken(amount: Decimal) -> Decimal:
    """A deduction as printed under 扣减: the amount taken, a positive number (stored negative)."""
    return -amount if amount else Decimal("0.00")


def bonus_sheet(year: int, month: int) -> Document:
    """One ruled table for the whole office, its header repeated on every page: the section's name
    in a cell spanning its people and its subtotal (so that no section's name is left alone at a
    page foot), each person's base, rewards, the amount deducted (扣减, positive), what is paid and
    a cell for the payee's signature; the grand total last.  Every row is one line that never wraps
    (room to sign in its padding), so that a page break falls between rows, never through one.  A final sheet is a new rendering of the
    figures stored when it was finalised: the same figures whenever it is printed."""
    sheet = rewards.bonus_sheet(year, month)
    doc = Document(title=f"{year}年{month}月奖金核算表",
                   subtitle=f"{supervision.office_name()}　　{_state(sheet)}　　单位：元")
    head = "".join(f'<th width="{w}%" bgcolor="#eeeeee">{esc(h)}</th>' for h, w in zip(HEADERS, WIDTHS))
    rows = []
    zero = Decimal("0.00")
    tr = "<tr>"
    for section, lines in sheet.by_section():
        # at the top of its rows: a cell centred across a page break would be drawn over the page's header
        span = f'<td rowspan="{len(lines) + 1}" valign="top"><b>{esc(section)}</b></td>'
        for n, ln in enumerate(lines):
            note = "按保底发放" if ln.floor_applied else ("未定基数" if ln.no_base else "")
            rows.append(tr + (span if n == 0 else "") + _cells((ln.person.name, ln.post, ln.base, ln.rewards,
                                                                 _taken(ln.deductions), ln.total, note, "")) + "</tr>")
        base, reward, taken, total = (sum((getattr(ln, k) for ln in lines), zero)
                                      for k in ("base", "rewards", "deductions", "total"))
        rows.append(tr + _cells(("小计", f"{len(lines)}人", base, reward, _taken(taken), total, "", ""), bold=True)
                    + "</tr>")
    if not sheet.lines:
        rows.append(f'<tr><td colspan="{len(HEADERS)}" align="center">（无）</td></tr>')
    base, reward, taken, total = (sum((getattr(ln, k) for ln in sheet.lines), zero)
                                  for k in ("base", "rewards", "deductions", "total"))
    rows.append(tr + _cells(("合计", "", f"{len(sheet.lines)}人", base, reward, _taken(taken), total, "", ""),
                            bold=True, shade="#e4e4e4", first=0) + "</tr>")
    doc.parts.append('<table border="1" cellspacing="0" cellpadding="4" width="100%" '
                     'style="border-collapse:collapse; border-color:#444444;">'
                     f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    doc.paragraph(f"合计：{len(sheet.lines)}人，实发 {sheet.total:,} 元。保底 {sheet.floor:,} 元。"
                  "实发 = 基数 + 奖励 − 扣减，不低于保底。", bold=True)
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
