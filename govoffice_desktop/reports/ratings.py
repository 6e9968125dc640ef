"""季度评议 documents: the rating sheets (评议表), one page each with its serial number."""
from __future__ import annotations

from govoffice_desktop.models.ratings import BOTTOM_UP, DIRECTIONS, TOP_DOWN
from govoffice_desktop.models.ratings import period_label
from govoffice_desktop.reports.document import Document, esc
from govoffice_desktop.services import ratings
from govoffice_desktop.services.office import office_name
from govoffice_desktop.services.ratings_summary import TITLE

INSTRUCTIONS = {
    BOTTOM_UP: "请对{office}各科室本季度的工作作出评价，在相应等次下的方框内打“√”，每个科室只选一个等次。"
              "本表不记名，请勿在表上书写姓名；填好后投入评议箱。",
    TOP_DOWN: "请对各科室（人员）本季度的工作作出评价，在相应等次下的方框内打“√”，每项只选一个等次。",
}
# printed under the serial of an anonymous (bottom-up) sheet
ANONYMOUS_SERIAL = "编号仅用于统计回收，不记录填表人"
# a box big enough to tick by hand (the glyph alone prints at the size of a character)
BOX = '<span style="font-size:15pt;">□</span>'
PEOPLE_INSTRUCTIONS = "请对办公室各科室工作人员本季度的工作表现作出评价，在相应等次下的方框内打“√”，每人每项只选一个等次。"


def grading_standard(scale) -> str:
    """评议等次及分值: each grade with the points a vote for it counts (不计分 for one not scored)."""
    def points(g) -> str:
        return "不计分" if g.points is None else f"{g.points.normalize():f}分"
    return "评议等次及分值：" + "；".join(f"{g.label} {points(g)}" for g in scale) + "。"


def _suggestions_box(lines: int) -> str:
    """意见建议: a ruled box with ``lines`` lines to write in."""
    return ('<table border="1" cellspacing="0" cellpadding="4" width="100%" style="margin-top:8px;">'
            f'<tr><td valign="top">意见建议：{"<br/>" * lines}</td></tr></table>')


def ballot_sheets(group, serials) -> Document:
    """One A4 page per serial: title, instructions, a row per section with a box per grade (per
    criterion where the direction uses criteria), the serial, and no name on bottom-up sheets.
    A top-down group rating individuals lists the staff (name and section) instead, in two columns
    (one column, running on to further pages, where it rates them by criteria)."""
    period = group.period
    people = ratings.rates_people(group)
    rated = "工作人员" if people else "科室工作"
    office = office_name()
    title = f"{period_label(period.year, period.quarter)}{office}{rated}评议表"
    doc = Document(title, f"评议组：{group.name}", footer="none")  # each sheet a form of one page: no 第n页
    scale = ratings.grades_of(group)
    grades = [g.label for g in scale]
    criteria = [c.name for c in ratings.criteria_of(group.direction)]
    targets = ratings.targets_of(group)
    box = "□" if people else BOX  # the staff sheet: boxes at the size of its text, to keep it on one page
    boxes = "　".join(f"{box}{esc(g)}" for g in grades)
    # the first columns: the section, or a person's name and section
    first = ('<th bgcolor="#eeeeee">姓名</th><th bgcolor="#eeeeee">科室</th>' if people
             else '<th bgcolor="#eeeeee">科室</th>')
    pad = 3 if people else None  # many more rows than sections: a tighter table

    def names(t) -> str:
        return f"<td>{esc(t.name)}</td><td>{esc(t.section)}</td>" if people else f"<td>{esc(t.name)}</td>"

    standard = grading_standard(scale)
    serials = list(serials)
    pages = []
    for n, number in enumerate(serials):
        # Qt honours a page break before a paragraph, not after a whole block of them.
        brk = "page-break-before:always; " if n else ""
        parts = [f'<p align="right" style="{brk}margin:0;">编号：<b>{esc(ratings.serial_text(group, number))}</b></p>']
        if group.direction == BOTTOM_UP:
            parts.append(f'<p align="right" style="margin:0; font-size:9pt;">（{ANONYMOUS_SERIAL}）</p>')
        if n:  # the first page's title is the document's own
            parts.append(f'<h2 align="center" style="margin-bottom:4px;">{esc(title)}</h2>'
                         f'<p align="center" style="margin-top:0;">评议组：{esc(group.name)}</p>')
        instructions = PEOPLE_INSTRUCTIONS if people else INSTRUCTIONS.get(group.direction, "").format(office=office)
        if people:  # one paragraph, to keep the sheet on its page
            parts.append(f"<p>{esc(instructions)}{esc(standard)}</p>")
        else:
            parts.append(f"<p>{esc(instructions)}</p>")
            parts.append(f'<p style="margin-top:0; margin-bottom:4px;">{esc(standard)}</p>')
        if criteria:
            header = "".join(f'<th bgcolor="#eeeeee">{esc(c)}</th>' for c in criteria)
            rows = "".join(f"<tr>{names(t)}" + "".join(f"<td>{boxes}</td>" for _ in criteria) + "</tr>"
                           for t in targets)
            parts.append(f'<table border="1" cellspacing="0" cellpadding="{pad or 6}" width="100%">'
                         f'<tr>{first}{header}</tr>{rows}</table>')
        elif people:  # the staff in two columns side by side, so that one sheet is one page
            header = first + "".join(f'<th bgcolor="#eeeeee">{esc(g)}</th>' for g in grades)
            half = (len(targets) + 1) // 2
            blank = "<td></td>" * (2 + len(grades))
            cells = lambda t: names(t) + "".join(f'<td align="center">{box}</td>' for _ in grades)  # noqa: E731
            rows = "".join(f"<tr>{cells(t)}<td></td>"
                           f"{cells(targets[i + half]) if i + half < len(targets) else blank}</tr>"
                           for i, t in enumerate(targets[:half]))
            parts.append('<table border="1" cellspacing="0" cellpadding="0" width="100%" style="font-size:9pt;">'
                         f'<tr>{header}<td width="2%"></td>{header}</tr>{rows}</table>')
        else:
            header = "".join(f'<th bgcolor="#eeeeee">{esc(g)}</th>' for g in grades)
            rows = "".join(f"<tr>{names(t)}" + "".join(f'<td align="center">{box}</td>' for _ in grades) + "</tr>"
                           for t in targets)
            parts.append(f'<table border="1" cellspacing="0" cellpadding="8" width="100%">'
                         f'<tr><th bgcolor="#eeeeee" width="34%">科室</th>{header}</tr>{rows}</table>')
        if people:  # the box and the signature side by side, to keep the sheet on its page
            parts.append('<table border="1" cellspacing="0" cellpadding="3" width="100%" style="margin-top:4px;">'
                         '<tr><td width="62%" valign="top">意见建议：<br/></td><td valign="top" style="font-size:9pt;">'
                         '评议人：__________<br/>填表日期：　　　年　　月　　日</td></tr></table>')
        else:
            parts.append(_suggestions_box(5))
            if group.direction == TOP_DOWN:
                parts.append('<p style="margin-top:14px;">评议人：__________</p>')
            parts.append('<p style="margin-top:14px;">填表日期：　　　年　　月　　日</p>')
        pages.append("".join(parts))
    doc.parts.append("".join(pages))
    return doc


def results(period) -> Document:
    """评议结果: both directions in ranking order (the overall result, the groups' means weighted),
    which ranking the rules use (the grassroots group's, or a notice that none is marked), the
    grassroots bottom three marked, any three-times-worst alert; while the quarter is open the
    bottom three are 阶段性结果 and nobody is told to explain yet."""
    doc = Document(f"{period_label(period.year, period.quarter)}科室工作评议结果", office_name())
    rules = ratings.rules_of(period)
    open_now = rules.provisional
    if open_now:
        doc.paragraph(f"{period}评议尚在进行中，以下为阶段性结果：结束评议后才确定后三名和连续三次最差。", bold=True)
    for direction in DIRECTIONS:
        ranking = ratings.section_scores(period, direction)
        if not ranking:
            continue
        groups = sorted({g for s in ranking for g in s.by_group})
        bottom_up = direction == BOTTOM_UP
        bottom = {s.section.id for s in rules.bottom} if bottom_up else set()
        remark = "阶段性后三名" if open_now else "后三名，负责人说明情况"
        doc.heading(f"{direction}（{'基层和下级评议科室' if bottom_up else '领导评议科室'}）")
        rules_column = ["基层名次"] if bottom_up and rules.group is not None else []
        doc.table(["名次", "科室", "综合得分", *groups, *rules_column, "票数", "备注"],
                  [(s.rank, s.section.name, s.shown, *[s.by_group.get(g, "—") for g in groups],
                    *([rules.rank_of(s.section.id) or "—"] if rules_column else []), s.votes,
                    remark if s.section.id in bottom else "") for s in ranking],
                  numeric=[0, 2, *range(3, 3 + len(groups) + len(rules_column)), 3 + len(groups) + len(rules_column)])
        if bottom_up:
            doc.paragraph(rules.notice, bold=rules.group is None)
            _alerts(doc, rules)
    doc.paragraph("综合得分为各评议组平均分按权重加权（某组未投票的，按其余各组权重折算）；同分同名次。")
    doc.signatures("统计人", "审核人")
    return doc


def _alerts(doc: Document, rules) -> None:
    """连续三次最差 under the bottom-up table: 调离 on a closed quarter, provisional on an open one."""
    for alert in rules.alerts:
        chief = alert.chief.name if alert.chief else "负责人未定"
        if rules.provisional:
            doc.paragraph(f"阶段性结果：{alert.section.name}至今连续{alert.consecutive_worst}次被评为最差（评议结束时确定）。")
        else:
            doc.paragraph(f"⚠ {alert.section.name}连续{alert.consecutive_worst}次被评为最差，当事人（{chief}）按规定调离。",
                          bold=True)


def vote_summary_sheet(summary) -> Document:
    """民主评议汇总表 as the office prints it: a row per section, the votes per grade, 票数合计,
    得分 and 名次 (services/ratings_summary.py), how the score was reached, the sheets returned,
    and the sign-off."""
    doc = Document(f"{summary.period}{TITLE}", summary.scope().split(" ", 1)[1], office=office_name())
    doc.table(summary.headers(), summary.table(), numeric=summary.numeric(), empty="（本组尚无票数）")
    doc.paragraph(summary.basis())
    if summary.sheets_text():
        doc.paragraph(f"收回评议表：{summary.sheets_text()}。")
    doc.signatures("统计人", "审核人")
    return doc
