"""催办: the 文电办理 tab's page of what is overdue and the urges issued.

Above, the overdue 收文 and 督办事项 with their working days over (the most first), how often each has
been urged and when last; 打印催办单 (a 收文) or 打印督办通知单 (a 督办事项) prints the day's urge again
or previews a new one, issued when printed or saved (ui/documents_print.py).  Below, the urges
issued, newest first, each reprinted as issued.  Every figure comes from
services/documents/urging.py; this only shows and collects.

For the tab: ``UrgePage(tab)`` where ``tab`` has ``day()`` (ui/page.PageHost); it says what it
did on ``message``; ``reload()`` reads again (the tab calls it when the page is shown or its
tables were written), ``count_text()`` gives the status bar's count.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from govoffice_desktop.models.documents import URGE_INCOMING
from govoffice_desktop.services.documents import urging
from govoffice_desktop.ui.bus import tables_of
from govoffice_desktop.ui.documents_print import print_new_urge, print_urge
from govoffice_desktop.ui.forms import (call_service, fill_table, guard, hint, read_only_table, select_id,
                                        selected_id, set_enabled)
from govoffice_desktop.ui.page import PageHost, counted, counts_text, rows_text


class UrgePage(QWidget):
    """Overdue 收文 and 督办事项 with 打印催办单 / 打印督办通知单; the urges issued with 重印."""

    message = Signal(str)
    TABLES = tables_of("documents", "supervision", "staff", "settings")

    OVERDUE_HEADERS = ("类别", "收文编号", "标题", "承办科室", "承办人", "办理时限", "超期工作日", "已催办", "最近催办")
    URGE_HEADERS = ("催办日期", "单据", "收文编号", "标题", "承办科室", "办理时限", "超期工作日", "请于此前反馈", "次数",
                    "催办人")

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.overdue_rows: list[urging.Overdue] = []
        self.urge_ids: list[int] = []

        self.overdue = read_only_table(self, [self.tr(h) for h in self.OVERDUE_HEADERS], stretch=2)
        self.overdue.setObjectName("overdue")
        self.print_button = QPushButton(self.tr("打印催办单…"), self)
        self.print_button.setObjectName("print_urge")
        self.pdf_button = QPushButton(self.tr("存为PDF…"), self)
        self.pdf_button.setObjectName("pdf_urge")
        for button in (self.print_button, self.pdf_button):
            guard(button, "documents.urge")
        self.print_button.setToolTip(self.tr("所选收文打印催办单，督办事项打印督办通知单：当天已开具的重印那一张，"
                                             "否则预览新的一张，打印或存为PDF后才算开具"))
        self.print_button.clicked.connect(lambda: self.urge_selected(pdf=False))
        self.pdf_button.clicked.connect(lambda: self.urge_selected(pdf=True))
        self.overdue.itemSelectionChanged.connect(self._update_buttons)
        self.overdue.doubleClicked.connect(lambda _index: self.print_button.click())
        top_buttons = QHBoxLayout()
        top_buttons.addWidget(hint(self.tr("办理中、已过办理时限的收文和督办事项，超期按工作日计（节假日、调休按节假日安排）。"),
                                   self), 1)
        top_buttons.addWidget(self.print_button)
        top_buttons.addWidget(self.pdf_button)
        overdue_box = QGroupBox(self.tr("逾期未办结"), self)
        overdue_layout = QVBoxLayout(overdue_box)
        overdue_layout.addLayout(top_buttons)
        overdue_layout.addWidget(self.overdue, 1)

        self.urges = read_only_table(self, [self.tr(h) for h in self.URGE_HEADERS], stretch=3)
        self.urges.setObjectName("urges")
        self.reprint_button = QPushButton(self.tr("重印…"), self)
        self.reprint_button.setObjectName("reprint")
        self.reprint_pdf_button = QPushButton(self.tr("存为PDF…"), self)
        self.reprint_pdf_button.setObjectName("reprint_pdf")
        self.reprint_button.setToolTip(self.tr("按开具时的内容重印所选的催办单或督办通知单"))
        self.reprint_button.clicked.connect(lambda: self.reprint_selected(pdf=False))
        self.reprint_pdf_button.clicked.connect(lambda: self.reprint_selected(pdf=True))
        self.urges.itemSelectionChanged.connect(self._update_buttons)
        self.urges.doubleClicked.connect(lambda _index: self.reprint_button.click())
        urge_buttons = QHBoxLayout()
        urge_buttons.addWidget(hint(self.tr("重印与开具时一字不差，即使文件后来改了标题、承办科室或办理时限。"), self), 1)
        urge_buttons.addWidget(self.reprint_button)
        urge_buttons.addWidget(self.reprint_pdf_button)
        urges_box = QGroupBox(self.tr("已开具的催办单和督办通知单"), self)
        urges_layout = QVBoxLayout(urges_box)
        urges_layout.addLayout(urge_buttons)
        urges_layout.addWidget(self.urges, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(overdue_box)
        self.splitter.addWidget(urges_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.splitter, 1)
        self._update_buttons()
        # read when first shown (the tab asks): nothing is read before

    # -- what the tab asks
    def count_text(self) -> str:
        return counts_text([(self.tr("逾期"), rows_text(self.overdue.rowCount())),
                            (self.tr("已开具"), rows_text(self.urges.rowCount()))])

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read both lists again, keeping what was selected."""
        today = self.tab.day()
        chosen_overdue, chosen_urge = selected_id(self.overdue), selected_id(self.urges)
        ok, rows = call_service(self, urging.overdue, today, title=self.tr("催办"))
        self.overdue_rows = rows if ok else []
        fill_table(self.overdue, [(r.kind, r.number, r.title, r.section, r.handler, r.deadline, r.working_days_over,
                                   r.urges or "", r.last_urged) for r in self.overdue_rows],
                   [(r.kind, r.id) for r in self.overdue_rows], red_rows=range(len(self.overdue_rows)))
        ok, urges = call_service(self, urging.urge_rows, title=self.tr("催办"))
        urges = urges if ok else []
        self.urge_ids = [u["id"] for u in urges]
        fill_table(self.urges, [(u["issued_on"], u["sheet"], u["number"], u["title"], u["section"], u["deadline"],
                                 u["working_days_over"], u["reply_by"], u["round"], u["issued_by"]) for u in urges],
                   self.urge_ids)
        if chosen_overdue is not None:
            select_id(self.overdue, chosen_overdue)
        if chosen_urge is not None:
            select_id(self.urges, chosen_urge)
        self._update_buttons()
        counted()

    def showEvent(self, event) -> None:
        if not getattr(self, "_read", False):
            self._read = True
            self.reload()
        super().showEvent(event)

    # -- the actions
    def _update_buttons(self) -> None:
        chosen = selected_id(self.overdue)
        task = chosen is not None and chosen[0] != URGE_INCOMING
        self.print_button.setText(self.tr("打印督办通知单…") if task else self.tr("打印催办单…"))
        set_enabled(self.print_button, chosen is not None)
        set_enabled(self.pdf_button, chosen is not None)
        has_urge = selected_id(self.urges) is not None
        self.reprint_button.setEnabled(has_urge)
        self.reprint_pdf_button.setEnabled(has_urge)

    def urge_selected(self, pdf: bool = False) -> None:
        chosen = selected_id(self.overdue)
        if chosen is None:
            return
        kind, item_id = chosen
        target = {"document": item_id} if kind == URGE_INCOMING else {"task": item_id}
        printed, urge, issued_now = print_new_urge(self, today=self.tab.day(), pdf=pdf, **target)
        if urge is None or not (printed or issued_now):
            return
        self.reload()  # the bus says so too; at once here, to select the urge
        select_id(self.urges, urge.id)
        f = urging.figures_of(urge)
        sheet = self.tr(urging.URGE_SHEET if kind == URGE_INCOMING else urging.TASK_NOTICE)
        said = self.tr("已开具%1（%2，第%3次催办）") if issued_now else self.tr("已重印今天开具的%1（%2，第%3次催办）")
        self.message.emit(said.replace("%1", sheet).replace("%2", f["number"] or f["title"])
                          .replace("%3", str(f["round"])))

    def reprint_selected(self, pdf: bool = False) -> None:
        urge = urging.urge_by_id(selected_id(self.urges))
        if urge is not None and print_urge(self, urge, pdf):
            self.message.emit(self.tr("已重印 %1 开具的催办单").replace("%1", str(urge.issued_on)))
