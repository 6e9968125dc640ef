"""文电办理's print actions, for the pages of the tab to call: the 收文处理笺 of the documents chosen,
the 收文登记簿 / 发文登记簿 of a period asked in a small form, and an urge's page.  Each previews (and
prints) or saves a PDF; reports/documents.py lays the pages out, ui/printing.py prints them.

- ``print_processing_slips(parent, documents, pdf=False)``: 收文 page's 打印处理笺 (one page each).
- ``print_register(parent, "incoming" | "outgoing", today, pdf=False)``: 收文 / 发文 page's 打印登记簿.
- ``print_urge(parent, urge, pdf=False)``: an urge issued, as issued (the 催办 page's 重印).
- ``print_new_urge(parent, document=… | task=…, today=…, pdf=False)``: 打印催办单 / 打印督办通知单: the
  day's urge printed again, else a new one previewed and issued only when printed or saved.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QMessageBox, QVBoxLayout, QWidget

from govoffice_desktop.reports import documents as printouts
from govoffice_desktop.services.documents import urging
from govoffice_desktop.texts import day_text
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.form_keys import FormDialog
from govoffice_desktop.ui.forms import call_service, date_edit, date_of, hint, tr

REGISTERS = {"incoming": (printouts.INCOMING_REGISTER, printouts.incoming_register, "收文日期"),
             "outgoing": (printouts.OUTGOING_REGISTER, printouts.outgoing_register, "签发日期")}


def print_processing_slips(parent: QWidget | None, documents, pdf: bool = False) -> bool:
    """收文处理笺 of one 收文 or several (a page each)."""
    ok, document = call_service(parent, printouts.processing_slip, documents, title=tr("打印处理笺"))
    if not ok:
        return False
    docs = documents if isinstance(documents, (list, tuple)) else [documents]
    title = printouts.PROCESSING_SLIP + (f"（{printouts.incoming_number(docs[0].year, docs[0].serial)}）"
                                         if len(docs) == 1 else tr("（%1件）").replace("%1", str(len(docs))))
    return printing.show_document(parent, document, title, pdf)


class RegisterPeriodDialog(FormDialog):
    """The period of a register: from and to (the year so far, by default)."""

    def __init__(self, parent: QWidget | None, kind: str, today: date, pdf: bool = False):
        super().__init__(parent, ok_text=tr("存为PDF…") if pdf else tr("打印预览…"))
        label, _build, field = REGISTERS[kind]
        self.setWindowTitle(tr(label))
        self.date_from = date_edit(self, date(today.year, 1, 1))
        self.date_to = date_edit(self, today)
        form = QFormLayout()
        form.addRow(tr("%1从：").replace("%1", tr(field)), self.date_from)
        form.addRow(tr("到："), self.date_to)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(tr("横向A4，每页都印表头，页脚印“第几页　共几页”。"), self))
        layout.addWidget(self.buttons)

    def period(self) -> tuple[date, date]:
        return date_of(self.date_from), date_of(self.date_to)


def print_register(parent: QWidget | None, kind: str, today: date, pdf: bool = False) -> bool:
    """收文登记簿 (``kind`` "incoming") or 发文登记簿 ("outgoing") of a period the user gives."""
    label, build, _field = REGISTERS[kind]
    dialog = RegisterPeriodDialog(parent, kind, today, pdf)
    if not dialog.exec():
        return False
    date_from, date_to = dialog.period()
    ok, document = call_service(parent, build, date_from, date_to, title=tr(label))
    if not ok:
        return False
    title = f"{label}（{day_text(date_from)}至{day_text(date_to)}）"
    return printing.show_document(parent, document, title, pdf)


def urge_title(urge) -> str:
    f = urging.figures_of(urge)
    sheet = urging.URGE_SHEET if f["kind"] == "收文" else urging.TASK_NOTICE
    return f"{sheet}（{f['number'] or f['title'][:20]}，{day_text(urge.issued_on)}）"


def print_urge(parent: QWidget | None, urge, pdf: bool = False) -> bool:
    """An urge issued, printed again as issued."""
    ok, document = call_service(parent, printouts.urge_sheet, urge, title=tr("重印"))
    return ok and printing.show_document(parent, document, urge_title(urge), pdf)


def print_new_urge(parent: QWidget | None, document=None, task=None, today: date | None = None,
                   pdf: bool = False) -> tuple[bool, object, bool]:
    """打印催办单 / 打印督办通知单: the urge issued for the item today printed again; otherwise the urge
    it would be is previewed and issued only once printed or saved.  (printed, the urge or None,
    whether it was issued now)."""
    today = today or date.today()
    ok, existing = call_service(parent, urging.todays_urge, document=document, task=task, today=today,
                                title=tr("催办"))
    if not ok:
        return False, None, False
    if existing is not None:
        return print_urge(parent, existing, pdf), existing, False
    ok, draft = call_service(parent, urging.draft_urge, document=document, task=task, today=today, title=tr("催办"))
    if not ok:
        return False, None, False
    ok, page = call_service(parent, printouts.urge_sheet, draft, title=tr("催办"))
    if not ok or not printing.show_document(parent, page, urge_title(draft), pdf):
        return False, None, False
    ok, urge = call_service(parent, urging.issue_urge, document=document, task=task, today=today, title=tr("催办"))
    if ok and urge.figures != draft.figures:  # the document changed while the page was previewed
        QMessageBox.information(parent, tr("催办"), tr("预览之后文件的内容有变动，已按最新内容开具；请在“已开具的催办单”中重印这一张。"))
    return ok, urge, ok
