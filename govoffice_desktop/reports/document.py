"""A printable document built as HTML that QTextDocument lays out the same on screen, on paper
and in a PDF: a centred title, a line under it (unit, date, filter), sections of text and tables
with ruled cells, and a sign-off line.  Qt-free; ``ui/printing.py`` prints it.

QTextDocument understands a subset of HTML 4 and CSS: tables take ``border``/``cellpadding``
attributes, not CSS borders, and widths are given as percentages.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Sequence

from govoffice_desktop.reports import fonts
from govoffice_desktop.texts import value_text

# Song (宋体) where the office has it, else the nearest serif before any sans (reports/fonts.py).
FONT_FAMILIES = fonts.stack(fonts.SONGTI)
NOWRAP = ' style="white-space:nowrap"'  # Qt keeps a cell on one line by this style (it ignores the nowrap attribute)


def text_of(value) -> str:
    """A cell as printed: dates as 2026-03-05, money with its decimals, yes/no as 是/否."""
    if isinstance(value, Decimal):
        return f"{value:,}"
    return value_text(value)  # the words the window uses too (govoffice_desktop/texts.py)


def esc(value) -> str:
    return html.escape(text_of(value)).replace("\n", "<br/>")


@dataclass
class Document:
    title: str
    subtitle: str = ""  # 填报单位, the date, the filter used
    landscape: bool = False  # wide tables print across the page
    parts: list[str] = field(default_factory=list)
    margins_mm: tuple[float, float, float, float] | None = None  # left, top, right, bottom; None: the office's
    footer: str = "pages"  # "pages": 第 n 页　共 m 页 centred; "official": — n — at the outer edge (GB/T 9704);
    # "none": no page number (forms of a page each, such as the 评议表)
    personal: str = ""  # personal data (the roster): what the export log calls it when printed or saved
    office: str = ""  # the office's name (services.office.office_name()), printed above the title

    def heading(self, text: str) -> "Document":
        self.parts.append(f'<h3 style="margin-top:10px; margin-bottom:4px;">{esc(text)}</h3>')
        return self

    def paragraph(self, text: str, bold: bool = False) -> "Document":
        body = f"<b>{esc(text)}</b>" if bold else esc(text)
        self.parts.append(f'<p style="margin-top:2px; margin-bottom:2px;">{body}</p>')
        return self

    def table(self, headers: Sequence[str], rows: Iterable[Sequence], widths: Sequence[int] | None = None,
              numeric: Iterable[int] = (), empty: str = "（无）", nowrap: Iterable[int] = (),
              size_pt: float | None = None) -> "Document":
        """A ruled table, its header row repeated on every page; ``widths`` in percent per column,
        ``numeric`` columns right-aligned, ``nowrap`` columns (dates, numbers) never broken,
        ``size_pt`` a smaller type for a wide register."""
        numeric, nowrap = set(numeric), set(nowrap)
        cells = []
        for i, h in enumerate(headers):
            width = f' width="{widths[i]}%"' if widths and i < len(widths) else ""
            cells.append(f'<th{width} bgcolor="#eeeeee">{esc(h)}</th>')
        lines = []
        count = 0
        for row in rows:
            count += 1
            lines.append("<tr>" + "".join(
                f'<td align="{"right" if i in numeric else "left"}"{NOWRAP if i in nowrap else ""}>{esc(v)}</td>'
                for i, v in enumerate(row)) + "</tr>")
        if not count:
            lines.append(f'<tr><td colspan="{len(headers)}" align="center">{esc(empty)}</td></tr>')
        size = f" font-size:{size_pt:g}pt;" if size_pt else ""
        self.parts.append('<table border="1" cellspacing="0" cellpadding="4" width="100%" '
                          f'style="border-collapse:collapse; border-color:#444444;{size}">'
                          f'<thead><tr>{"".join(cells)}</tr></thead><tbody>' + "".join(lines) + "</tbody></table>")
        return self

    def signatures(self, *labels: str) -> "Document":
        """落款: 填表人：____  审核人：____ on one line."""
        spaced = "　　　　".join(f"{esc(label)}：__________" for label in labels)
        self.parts.append(f'<p style="margin-top:16px;">{spaced}</p>')
        return self

    def page_break(self) -> "Document":
        self.parts.append('<p style="page-break-after:always;"></p>')
        return self

    def letterhead(self) -> str:
        """The office's name heading the page, unless the title or the line under it names it."""
        if not self.office or self.office in self.title or self.office in self.subtitle:
            return ""
        return f'<p align="center" style="margin-top:0px; margin-bottom:0px; font-size:12pt;">{esc(self.office)}</p>'

    def html(self) -> str:
        sub = f'<p align="center" style="margin-top:0px;">{esc(self.subtitle)}</p>' if self.subtitle else ""
        return (f'<html><head><meta charset="utf-8"/><title>{esc(self.title)}</title></head>'
                f'<body style="font-family:{FONT_FAMILIES}; font-size:10.5pt;">{self.letterhead()}'
                f'<h2 align="center" style="margin-bottom:4px;">{esc(self.title)}</h2>{sub}'
                + "".join(self.parts) + "</body></html>")
