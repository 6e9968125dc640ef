"""Printing and PDFs: one printer factory, a print preview, and saving a document as PDF.

A report is HTML (``reports/``); QTextDocument lays it out on A4 with the page numbers in the
footer, and ``QPrintPreviewDialog.paintRequested`` prints it to whatever the user chose.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QWidget

MARGINS_MM = QMarginsF(18, 16, 18, 16)
from govoffice_desktop.reports import fonts
from govoffice_desktop.services import auth, outputs
from govoffice_desktop.ui.forms import ask_save_path, call_service

CJK_FAMILIES = fonts.families(fonts.SONGTI)  # the documents' default face: 宋体 or the nearest (reports/fonts.py)


def installed_families() -> list[str]:
    """The families Qt can print with (fontconfig's before a Qt application exists)."""
    if QGuiApplication.instance() is None:
        return sorted(fonts.fontconfig_families())
    return QFontDatabase.families()


fonts.use_installed(installed_families)  # the faces documents choose by role are the ones Qt has


def tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


def make_printer(pdf_path: str | Path | None = None, landscape: bool = False, margins_mm=None) -> QPrinter:
    """The one printer factory: A4, the office's margins (or a document's own: left, top, right,
    bottom in mm), and a PDF file when a path is given."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    margins = QMarginsF(*margins_mm) if margins_mm else MARGINS_MM
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins,
                                      QPageLayout.Unit.Millimeter))
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    return printer


def text_document(html: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont()
    font.setFamilies(CJK_FAMILIES)
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


def _pages_with_content(document: QTextDocument, page_height: float) -> int:
    """The pages up to the last one with something on it: the empty paragraph QTextDocument adds
    after a closing table must not print a blank last page."""
    import math

    pages = document.pageCount()
    layout = document.documentLayout()
    block = document.lastBlock()
    while block.isValid() and not block.text().strip() and block.previous().isValid():
        if document.frameAt(block.position()) is not document.rootFrame():
            break  # a block in a table cell: the table ends here
        block = block.previous()
    frame = document.frameAt(block.position())
    if frame is not document.rootFrame():  # the last thing is a table: its frame's bottom
        while frame.parentFrame() is not document.rootFrame() and frame.parentFrame() is not None:
            frame = frame.parentFrame()
        bottom = layout.frameBoundingRect(frame).bottom()
    else:
        bottom = layout.blockBoundingRect(block).bottom()
    return max(1, min(pages, math.ceil(bottom / page_height - 1e-6)))


def _page_of(y: float, page_height: float) -> int:
    return int((y + 1e-6) // page_height)


def _keep_headings_with_next(document: QTextDocument, page_height: float) -> int:
    """A heading (h1–h6 in the HTML) never left alone at a page foot: where what follows it (the
    first row of its table under the repeated header, or its next paragraph) starts on a later
    page, the heading starts that page.  Returns the headings moved."""
    from PySide6.QtGui import QTextCursor, QTextFormat

    layout = document.documentLayout()
    moved = 0
    block = document.begin()
    while block.isValid():
        following = block.next()
        if (block.blockFormat().headingLevel() and following.isValid()
                and document.frameAt(block.position()) is document.rootFrame()):
            table = QTextCursor(following).currentTable()
            if table is not None and table.rows() > 0:
                row = min(table.format().headerRowCount(), table.rows() - 1)
                following = table.cellAt(row, 0).firstCursorPosition().block()
            top = layout.blockBoundingRect(block).top()
            bottom = layout.blockBoundingRect(following).bottom()
            if _page_of(top, page_height) != _page_of(bottom, page_height):
                cursor = QTextCursor(block)
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)
                # Laid out again from here to the end: Qt's own relayout after the change gave the
                # headings after a table below it no height (they vanished from the page, their
                # tables printed without them), and what follows is measured where it now falls.
                document.markContentsDirty(block.position(), document.characterCount() - block.position())
                moved += 1
        block = block.next()
    return moved


def lay_out(html: str, printer: QPrinter):
    """``html`` laid out on the printer's pages, a footer's room left at the foot of each, and no
    heading alone at a page foot: (document, the page's rect, the footer's height, headings moved)."""
    document = text_document(html)
    dpi = printer.resolution()
    page = printer.pageLayout().paintRectPixels(dpi)
    footer = dpi * 0.35  # room for the page number, about 9 mm
    document.documentLayout().setPaintDevice(printer)
    document.setPageSize(QSizeF(page.width(), page.height() - footer))
    moved = _keep_headings_with_next(document, page.height() - footer)
    return document, page, footer, moved


def print_document(html: str, printer: QPrinter, footer: str = "pages") -> int:
    """Lay ``html`` out on the printer's pages with 第 n 页 / 共 m 页 in the footer (``footer``
    "official": — n — at the outer edge, odd pages right, even pages left; "none": no number, for
    forms of a page each); returns pages."""
    footer_style = footer
    document, page, footer, _moved = lay_out(html, printer)
    pages = _pages_with_content(document, page.height() - footer)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(tr("无法开始打印（打印机或文件不可用）"))
    try:
        for number in range(pages):
            if number:
                printer.newPage()
            painter.save()
            painter.translate(0, -number * (page.height() - footer))
            clip = QRectF(0, number * (page.height() - footer), page.width(), page.height() - footer)
            document.drawContents(painter, clip)
            painter.restore()
            if footer_style == "none":  # a form of one page a sheet (评议表): no page number
                continue
            font = QFont(document.defaultFont())
            if footer_style == "official":
                label = f"— {number + 1} —"
                font.setPointSizeF(14)  # 4号
                edge = Qt.AlignmentFlag.AlignRight if number % 2 == 0 else Qt.AlignmentFlag.AlignLeft
            else:
                label = tr("第 %1 页　共 %2 页").replace("%1", str(number + 1)).replace("%2", str(pages))
                font.setPointSizeF(9)
                edge = Qt.AlignmentFlag.AlignHCenter
            painter.setFont(font)
            painter.drawText(QRectF(0, page.height() - footer, page.width(), footer),
                             int(edge | Qt.AlignmentFlag.AlignBottom), label)
    finally:
        painter.end()
    return pages


def save_pdf(html: str, path: str | Path, landscape: bool = False, margins_mm=None, footer: str = "pages", *,
             force: bool = False) -> int:
    """Write ``html`` to a PDF file; returns the number of pages.  The path is checked first
    (services/outputs.py: never the database, a backup, a folder or a name without .pdf; a file
    already there only with ``force``) and the PDF is written beside it, renamed when complete."""

    with outputs.writing(path, outputs.PDF, force=force) as temp:
        printer = make_printer(temp, landscape, margins_mm)
        pages = print_document(html, printer, footer)
        del printer  # closes the file
        if temp.stat().st_size == 0:
            raise OSError(tr("无法写入 %1：没有生成 PDF").replace("%1", str(path)))
    return pages


def save_document_pdf(document, path: str | Path, *, force: bool = False) -> int:
    """A reports.document.Document as PDF, with its own page setup."""
    pages = save_pdf(document.html(), path, document.landscape, document.margins_mm, document.footer, force=force)
    _log_personal(document, path)
    return pages


def _log_personal(document, destination: str | Path = "") -> None:
    """Personal data printed, or saved to a file (its absolute path): in the export log."""
    if getattr(document, "personal", ""):

        auth.log_export(document.personal + ("（PDF）" if destination else "（打印）"), destination, 0,
                        full_ids=False)


def preview(parent: QWidget | None, html: str, title: str, landscape: bool = False, margins_mm=None,
            footer: str = "pages") -> bool:
    """打印预览: the standard preview dialog, printing to the printer the user picks there.
    True when the user printed, False when they closed the preview without printing."""
    from PySide6.QtWidgets import QDialog

    printer = make_printer(landscape=landscape, margins_mm=margins_mm)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(tr("打印预览 — %1").replace("%1", title))
    dialog.paintRequested.connect(lambda p: print_document(html, p, footer))
    dialog.resize(900, 1000)
    return dialog.exec() == QDialog.DialogCode.Accepted


def preview_document(parent: QWidget | None, document, title: str) -> bool:
    """打印预览 of a reports.document.Document, with its own page setup."""
    printed = preview(parent, document.html(), title, document.landscape, document.margins_mm, document.footer)
    if printed:
        _log_personal(document)
    return printed


def show_document(parent: QWidget | None, document, title: str, pdf: bool = False, said=None) -> bool:
    """打印预览 (and print) a reports.document.Document, or save it as PDF where the user says; ``said``
    is told where the PDF went (a status line).  True when printed or saved."""
    if not pdf:
        return preview_document(parent, document, title)
    try:
        path = ask_and_save_document_pdf(parent, document, title)
    except OSError as exc:
        QMessageBox.warning(parent, tr("存为PDF"), str(exc))
        return False
    if path and said is not None:
        said(tr("已存为 %1").replace("%1", path))
    return bool(path)


def build_and_show(parent: QWidget | None, build, title: str, pdf: bool = False, said=None) -> bool:
    """``show_document`` of what ``build()`` makes; a refusal while building it is shown instead."""
    ok, document = call_service(parent, build, title=tr("存为PDF") if pdf else tr("打印预览"))
    if not ok or document is None:
        return False
    return show_document(parent, document, title, pdf, said)


def ask_and_save_document_pdf(parent: QWidget | None, document, title: str) -> str | None:
    path = ask_and_save_pdf(parent, document.html(), title, document.landscape, document.margins_mm, document.footer)
    if path:
        _log_personal(document, path)
    return path


def ask_and_save_pdf(parent: QWidget | None, html: str, title: str, landscape: bool = False, margins_mm=None,
                     footer: str = "pages") -> str | None:
    """另存为 PDF: ask where, then write; a refused path or a failed write is shown, nothing written."""

    path = ask_save_path(parent, tr("另存为 PDF"), str(Path.home() / f"{title}.pdf"), tr("PDF 文件 (*.pdf)"),
                         outputs.PDF)
    if path is None:
        return None
    try:
        save_pdf(html, path, landscape, margins_mm, footer, force=True)  # the dialog asked before replacing
    except OSError as exc:
        QMessageBox.warning(parent, tr("另存为 PDF"), str(exc))
        return None
    return path


def face_lines(available=None) -> list[str]:
    """打印设置: for each role, the face that prints it, or which face stands in for it."""
    lines = []
    for role, spec in fonts.ROLES.items():
        face = fonts.choose(role, installed_families() if available is None else available)
        if not face.family:
            line = tr("%1（%2）：没有找到中文字体，由系统代替")
        elif face.proper:
            line = tr("%1（%2）：%3")
        elif face.bold:
            line = tr("%1（%2）：以 %3（加粗）代替")
        else:
            line = tr("%1（%2）：以 %3 代替")
        lines.append(line.replace("%1", tr(role)).replace("%2", tr(spec.use)).replace("%3", face.family))
    return lines


def show_print_settings(parent: QWidget | None) -> None:
    """打印设置: the paper and margins documents use, and the faces that print each role."""
    text = (tr("纸张：A4；页边距：上 %1 毫米，下 %2 毫米，左右 %3 毫米（公文按 GB/T 9704）。")
            .replace("%1", f"{MARGINS_MM.top():g}").replace("%2", f"{MARGINS_MM.bottom():g}")
            .replace("%3", f"{MARGINS_MM.left():g}"))
    QMessageBox.information(parent, tr("打印设置"),
                            text + "\n\n" + tr("字体（按用途选用本机已安装的最接近字体）：") + "\n" + "\n".join(face_lines()))
