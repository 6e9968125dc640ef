"""考核督查专报: the monthly supervision report, laid out as an official document (GB/T 9704).

A4 with the standard margins (天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, so 35 mm below and 26 mm
on the right), the masthead in red 小标宋 with the issue number and a red rule, the title in
小标宋 2号, the body in 仿宋 3号 with first-level headings in 黑体, the page number — n — at the
outer edge, and the 版记 at the end.  Where the office lacks those fonts the nearest Song or
Hei family that renders Chinese is used.  Also the same report as an .xlsx workbook.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from govoffice_desktop.ledgers.export import new_workbook, write_sheet
from govoffice_desktop.reports import documents_speed, fonts
from govoffice_desktop.reports.document import Document, esc
from govoffice_desktop.services import outputs, supervision
from govoffice_desktop.texts import day_long

OFFICIAL_MARGINS_MM = (28.0, 37.0, 26.0, 35.0)  # left, top, right, bottom
# 小标宋 for titles, 仿宋 for the body, 黑体 for first-level headings: each the nearest installed
# face for its role (reports/fonts.py; a 小标宋 stand-in is set in bold).
FANGSONG = fonts.stack(fonts.FANGSONG)
HEITI = fonts.stack(fonts.HEITI)
RED = "#d00000"
SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4 = 22, 16, 14, 12  # 2号, 3号, 4号, 小四 in points
CHINESE_NUMBERS = "一二三四五六七八九十"
INDENT = "\u3000\u3000"  # 首行缩进两字 (QTextDocument ignores text-indent in em)


def _chinese_date(iso: str | None) -> str:
    if not iso:
        return ""
    return day_long(date.fromisoformat(iso))


def _change_text(change: int | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "持平"


@dataclass
class OfficialDocument(Document):
    """A Document whose HTML is laid out as an official document instead of a plain report."""

    masthead: str = ""
    issue_line: str = ""
    issuer: str = ""
    issued_on: str = ""
    copy_to: list[tuple[str, str]] = field(default_factory=list)  # 版记: (报, …), (送, …)
    headings: int = 0

    def __post_init__(self):
        self.margins_mm = OFFICIAL_MARGINS_MM
        self.footer = "official"

    def heading(self, text: str) -> "OfficialDocument":
        """A first-level heading in 黑体, numbered 一、二、三、…"""
        number = CHINESE_NUMBERS[self.headings] if self.headings < len(CHINESE_NUMBERS) else str(self.headings + 1)
        self.headings += 1
        self.parts.append(f'<p style="font-family:{HEITI}; font-size:{SIZE_3}pt; margin-top:8px; '
                          f'margin-bottom:2px;">{INDENT}{number}、{esc(text)}</p>')
        return self

    def paragraph(self, text: str, bold: bool = False) -> "OfficialDocument":
        body = f"<b>{esc(text)}</b>" if bold else esc(text)
        self.parts.append(f'<p style="font-family:{FANGSONG}; font-size:{SIZE_3}pt; margin-top:0px; '
                          f'margin-bottom:0px; line-height:140%;">{INDENT}{body}</p>')
        return self

    def table(self, headers, rows, widths=None, numeric=(), empty="（无）", nowrap=()) -> "OfficialDocument":
        """Tables in 仿宋 小四, ruled, headers in bold and repeated on every page; ``nowrap``
        columns (dates) never break."""
        numeric, nowrap = set(numeric), set(nowrap)
        cells = []
        for i, h in enumerate(headers):
            width = f' width="{widths[i]}%"' if widths and i < len(widths) else ""
            cells.append(f'<th{width} align="center">{esc(h)}</th>')
        lines = []
        count = 0
        for row in rows:
            count += 1
            lines.append("<tr>" + "".join(
                f'<td align="{"right" if i in numeric else "center" if i == 0 else "left"}"'
                f'{" nowrap" if i in nowrap else ""}>{esc(v)}</td>' for i, v in enumerate(row)) + "</tr>")
        if not count:
            lines.append(f'<tr><td colspan="{len(headers)}" align="center">{esc(empty)}</td></tr>')
        self.parts.append(f'<table border="1" cellspacing="0" cellpadding="3" width="100%" '
                          f'style="font-family:{FANGSONG}; font-size:{SIZE_SMALL_4}pt; border-collapse:collapse; '
                          f'border-color:#000000; margin-top:4px; margin-bottom:6px;">'
                          f'<thead><tr>{"".join(cells)}</tr></thead><tbody>' + "".join(lines) + "</tbody></table>")
        return self

    def _rule(self, colour: str, height: int = 2) -> str:
        return (f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:2px; margin-bottom:6px;">'
                f'<tr><td bgcolor="{colour}" height="{height}" style="font-size:1pt;"></td></tr></table>')

    def html(self) -> str:
        head = (f'<p align="center" style="{fonts.css(fonts.XIAOBIAOSONG)}; font-size:36pt; color:{RED}; '
                f'margin-top:0px; margin-bottom:4px; letter-spacing:4pt;">{esc(self.masthead)}</p>'
                f'<p align="center" style="font-family:{FANGSONG}; font-size:{SIZE_3}pt; margin:0px;">'
                f'{esc(self.issue_line)}</p>'
                f'<table width="100%" cellspacing="0" cellpadding="0" style="font-family:{FANGSONG}; '
                f'font-size:{SIZE_3}pt; margin-top:6px;"><tr><td align="left">{esc(self.issuer)}</td>'
                f'<td align="right">{esc(_chinese_date(self.issued_on))}</td></tr></table>'
                + self._rule(RED))
        title = (f'<p align="center" style="{fonts.css(fonts.XIAOBIAOSONG)}; font-size:{SIZE_2}pt; margin-top:12px; '
                 f'margin-bottom:12px;">{esc(self.title)}</p>')
        colophon = ""
        if self.copy_to:  # 版记: everything in one table cell, so that it moves to a page as a whole
            lines = "".join(f'<p style="margin:2px 0px 2px 0px;">{esc(label)}：{esc(text)}</p>'
                            for label, text in self.copy_to)
            issued = (f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td align="left">{esc(self.issuer)}'
                      f'</td><td align="right">{esc(_chinese_date(self.issued_on))}印发</td></tr></table>')
            colophon = (f'<p style="margin-top:18px;"></p><table width="100%" cellspacing="0" cellpadding="0" '
                        f'border="0" style="font-family:{FANGSONG}; font-size:{SIZE_4}pt;"><tr><td>'
                        f'{self._rule("#000000", 1)}{lines}{issued}{self._rule("#000000", 1)}</td></tr></table>')
        return (f'<html><head><meta charset="utf-8"/><title>{esc(self.masthead)} {esc(self.issue_line)}</title>'
                f'</head><body style="font-family:{FANGSONG}; font-size:{SIZE_3}pt;">'
                + head + title + "".join(self.parts) + colophon + "</body></html>")


def monthly_report(year: int, month: int, issue: int | None = None) -> OfficialDocument:
    """考核督查专报 for a month: summary, ranking with the change since last month, the main
    deductions and bonus points, tasks completed and overdue, the four campaigns, and 文电办理 (the
    month's 收文 per section, the overdue ones).  An issued
    month prints its latest issue (or 第``issue``期) from the figures stored when it was issued."""
    data = supervision.supervision_report(year, month, issue=issue)
    number = f"第{data['issue_no']}期" if data["issue_no"] else "（未编号：尚未编发）"
    correction = bool(data.get("corrects"))
    doc = OfficialDocument(title=f"{year}年{month}月考核督查情况" + ("（更正）" if correction else ""),
                           masthead="考核督查专报", issue_line=f"{year}年{number}", issuer=data["issuer"],
                           issued_on=data["compiled_on"] or "",
                           copy_to=[("报", "市政府领导，办公室主任、副主任"), ("送", "办公室各科室")])
    if correction:
        when = f"（{_chinese_date(data['corrects_on'])}编发）" if data.get("corrects_on") else ""
        doc.paragraph(f"本期更正{year}年第{data['corrects']}期{when}，{year}年{month}月考核督查情况以本期为准。",
                      bold=True)
    for text in (data["summary"] or "").splitlines():
        if text.strip():
            doc.paragraph(text.strip())

    doc.heading("各科室考核得分及排名")
    doc.paragraph(data["method_text"])
    doc.table(["名次", "科室", "督查天数", "扣分", "加分", "月度得分", "较上月"],
              [(s["rank"], s["section"], s["days"], _plain(s["deductions"]), _plain(s["bonus"]), s["score"],
                _change_text(s["change"])) for s in data["sections"]],
              widths=[9, 22, 13, 11, 11, 17, 17], numeric=(2, 3, 4, 5), empty="本月没有督查记录")

    doc.heading("主要扣分情况")
    if data["deductions"]:
        if any(d["person"] for d in data["deductions"]):
            doc.table(["日期", "科室", "人员", "督查目标", "扣分", "情况"],
                      [(d["date"][5:], d["section"], d["person"], d["target"], _plain(d["points"]), d["remark"])
                       for d in data["deductions"]], widths=[10, 14, 10, 20, 8, 38], numeric=(4,), nowrap=(0,))
        else:  # no deduction names a person: no empty column
            doc.table(["日期", "科室", "督查目标", "扣分", "情况"],
                      [(d["date"][5:], d["section"], d["target"], _plain(d["points"]), d["remark"])
                       for d in data["deductions"]], widths=[10, 16, 22, 8, 44], numeric=(3,), nowrap=(0,))
        if data["more_deductions"]:
            doc.paragraph(f"另有{data['more_deductions']}项次扣分较少，未一一列出。")
    else:
        doc.paragraph("本月没有扣分。")
    if data["bonuses"]:
        doc.paragraph("加分情况：" + "；".join(f"{b['section']}“{b['target']}”加{_plain(b['points'])}分（{b['remark']}）"
                                          for b in data["bonuses"]) + "。")

    doc.heading("督办事项办理情况")
    done, overdue = data["tasks"]["completed"], data["tasks"]["overdue"]
    on_time = sum(1 for t in done if t["on_time"])
    doc.paragraph(f"本月办结督办事项{len(done)}件，其中按期办结{on_time}件、逾期办结{len(done) - on_time}件；"
                  f"截至月底，逾期未办结{len(overdue)}件。")
    if done:
        doc.table(["督办事项", "责任人", "责任科室", "办结时限", "办结日期", "按期"],
                  [(t["title"], t["responsible"], t["section"], t["deadline"][5:], t["completed_on"][5:],
                    "是" if t["on_time"] else "逾期") for t in done], widths=[38, 11, 13, 13, 13, 12],
                  nowrap=(3, 4))
    if overdue:
        doc.paragraph("逾期未办结的事项，请责任人抓紧办理并说明原因：")
        doc.table(["督办事项", "责任人", "责任科室", "办结时限", "逾期天数"],
                  [(t["title"], t["responsible"], t["section"], t["deadline"], t["days_overdue"]) for t in overdue],
                  widths=[42, 12, 15, 18, 13], numeric=(4,), nowrap=(3,))

    doc.heading("“四无”活动进展")
    doc.table(["活动", "目前累计", "目标", "计数起点", "历史最长"],
              [(c["name"], f"{_plain(c['count'])} {c['unit']}" + ("（已达成）" if c["reached"] else ""),
                f"{_plain(c['target'])} {c['unit']}", c["since"] or "—", f"{_plain(c['longest'])} {c['unit']}")
               for c in data["campaigns"]], widths=[26, 22, 16, 18, 18])
    driving = next((c for c in data["campaigns"] if c["code"] == "driving" and "drivers" in c), None)
    if driving is not None:
        doc.paragraph(_driving_sentence(driving))

    part = data.get("documents")  # 文电办理, the part added last (an issue of before it prints without it, as issued)
    if part is not None and (part["sections"] or part["overdue"]):  # an office that registers no 收文: no part
        doc.heading("文电办理情况")
        documents_speed.add_part(doc, part, people=False)
    return doc


def _driving_sentence(c: dict) -> str:
    """万里行车无事故 counts per driver (1 里 = 0.5 公里): who has reached the target, who is nearest,
    and the last at-fault accident."""
    reached = [d for d in c["drivers"] if d["reached"]]
    waiting = sorted((d for d in c["drivers"] if not d["reached"]), key=lambda d: -Decimal(str(d["km"])))
    text = (f"万里行车无事故按驾驶员计（目标 {_plain(c['target'])} 里，即 {_plain(Decimal(str(c['target'])) / 2)} 公里）："
            f"{len(c['drivers'])} 名驾驶员中已达成 {len(reached)} 名")
    if reached:
        text += "（" + "、".join(d["driver"] for d in reached) + "）"
    if waiting:
        d = waiting[0]
        text += f"；最接近的是{d['driver']}，{_plain(d['li'])} 里（{_plain(d['km'])} 公里）"
    accident = c.get("last_accident")
    text += (f"；上次有责事故 {accident['date']}（{accident['driver'] or accident['vehicle']}）。" if accident
             else "；没有有责事故。")
    return text


def _plain(value) -> str:
    """2.0 → 2, 60749.0 → 60,749, 1.5 → 1.5 (points and counts as people write them)."""
    number = Decimal(str(value))
    text = f"{number.normalize():,f}" if number == number.to_integral() else f"{number.normalize():f}"
    return text


def export_monthly_report(path: str | Path, year: int, month: int, *, issue: int | None = None,
                          force: bool = False) -> int:
    """The 专报 as .xlsx, one sheet per part (of an issued month, as issued); returns the rows written.
    The path is checked first and the file written whole or not at all (services/outputs.py)."""
    with outputs.writing(path, outputs.XLSX, force=force) as temp:  # checked before any work
        data = supervision.supervision_report(year, month, notable=None, issue=issue)
        label = f"{year}年{month}月"
        day = lambda iso: date.fromisoformat(iso) if iso else None  # noqa: E731
        book, office = new_workbook(temp), supervision.office_name()
        written = write_sheet(book, f"{label}各科室考核得分",
                              ["名次", "科室", "督查天数", "扣分", "加分", "月度得分", "上月名次", "名次变化", "得分变化"],
                              [(s["rank"], s["section"], s["days"], Decimal(s["deductions"]), Decimal(s["bonus"]),
                                Decimal(s["score"]), s["previous_rank"], _change_text(s["change"]),
                                None if s["score_change"] is None else Decimal(s["score_change"]))
                               for s in data["sections"]], name="得分排名", office=office)
        written += write_sheet(book, f"{label}扣分情况", ["日期", "科室", "人员", "类别", "督查目标", "扣分", "情况"],
                               [(day(d["date"]), d["section"], d["person"], d["kind"], d["target"], Decimal(d["points"]),
                                 d["remark"]) for d in data["deductions"]], name="扣分情况", office=office)
        tasks = data["tasks"]
        written += write_sheet(book, f"{label}督办事项",
                               ["情况", "督办事项", "责任人", "责任科室", "办结时限", "办结日期", "逾期天数"],
                               [("按期办结" if t["on_time"] else "逾期办结", t["title"], t["responsible"], t["section"],
                                 day(t["deadline"]), day(t["completed_on"]), None) for t in tasks["completed"]]
                               + [("逾期未办结", t["title"], t["responsible"], t["section"], day(t["deadline"]), None,
                                   t["days_overdue"]) for t in tasks["overdue"]], name="督办事项", office=office)
        written += write_sheet(book, "“四无”活动", ["活动", "目前累计", "单位", "目标", "计数起点", "历史最长"],
                               [(c["name"], Decimal(c["count"]), c["unit"], Decimal(c["target"]), day(c["since"]),
                                 Decimal(c["longest"])) for c in data["campaigns"]], name="四无活动", office=office)
        part = data.get("documents")
        if part is not None and (part["sections"] or part["overdue"]):
            written += write_sheet(book, f"{label}文电办理情况（各科室）",
                                   ["承办科室", "收文", "办结", "按期办结", "逾期未办结", "平均办结用时（工作日）"],
                                   [(r["section"], r["received"], r["done"], r["on_time"], r["overdue"],
                                     r["avg_working_days"]) for r in part["sections"]], name="文电办理", office=office)
            written += write_sheet(book, f"截至{part['as_of']}逾期未办结的收文",
                                   ["收文编号", "标题", "承办科室", "办理时限", "已超期（工作日）"],
                                   [(d["no"], d["title"], d["section"], day(d["deadline"]), d["working_days_over"])
                                    for d in part["overdue"]], name="逾期收文", office=office)
        summary = [(data["issue_no"], day(data["compiled_on"]), data.get("corrects"), data["method_text"],
                    data["summary"])]
        written += write_sheet(book, f"{label}考核督查专报", ["期号", "编发日期", "更正期号", "月度得分算法", "综述"], summary,
                               name="综述", office=office)
        book.close()
    return written
