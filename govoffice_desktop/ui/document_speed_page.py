"""办理情况 (文电办理): a month's speed of handling the 收文 per 承办科室 and per 承办人 — received, done,
on time, overdue, average working days to 办结 — and the 收文 overdue at the month's end (or today);
print, PDF and Excel of the month's 文电办理情况表.  The figures come from
services/documents/speed.py; this page only shows them."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from govoffice_desktop.reports.documents_speed import export_month_speed, month_speed
from govoffice_desktop.services.documents import speed
from govoffice_desktop.texts import month_text
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui.forms import RED, em, export_document, fill_table, hint, read_only_table
from govoffice_desktop.ui.month_picker import MonthPicker
from govoffice_desktop.ui.page import PageHost, counted, counts_text, rows_text

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COUNTS = (QT_TRANSLATE_NOOP("DocumentSpeedPage", "收文"), QT_TRANSLATE_NOOP("DocumentSpeedPage", "办结"),
          QT_TRANSLATE_NOOP("DocumentSpeedPage", "按期办结"), QT_TRANSLATE_NOOP("DocumentSpeedPage", "逾期办结"),
          QT_TRANSLATE_NOOP("DocumentSpeedPage", "逾期未办结"),
          QT_TRANSLATE_NOOP("DocumentSpeedPage", "平均办结用时（工作日）"))


def _counts(r: speed.SpeedRow) -> tuple:
    return (r.received, r.done, r.on_time, r.late, r.overdue,
            "—" if r.avg_working_days is None else str(r.avg_working_days))


class DocumentSpeedPage(QWidget):
    """The month's 文电办理情况: per section (with the office's total), per person, the overdue 收文."""

    message = Signal(str)
    document_opened = Signal(int)  # a 收文's id, double-clicked in the overdue list (the tab shows it)

    def __init__(self, tab: PageHost):
        super().__init__(tab)
        self.tab = tab
        self.speed: speed.MonthSpeed | None = None
        self.month_picker = MonthPicker(self, "documents")
        self.month_picker.changed.connect(self.show_month)
        self.as_of = QLabel(self)
        self.as_of.setObjectName("as_of")
        self.preview_button = QPushButton(self.tr("打印预览…"), self)
        self.pdf_button = QPushButton(self.tr("存为PDF…"), self)
        self.xlsx_button = QPushButton(self.tr("导出Excel…"), self)
        self.xlsx_button.setToolTip(self.tr("各科室、各承办人和逾期收文，一个工作簿三张表"))
        self.preview_button.clicked.connect(self.print_table)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份："), self))
        top.addWidget(self.month_picker)
        top.addSpacing(em(self, 1))
        top.addWidget(self.as_of, 1)
        for button in (self.preview_button, self.pdf_button, self.xlsx_button):
            top.addWidget(button)

        counts = [self.tr(c) for c in COUNTS]
        self.sections = read_only_table(self, [self.tr("承办科室"), *counts])
        self.sections.setObjectName("sections")
        self.people = read_only_table(self, [self.tr("承办人"), self.tr("科室"), *counts])
        self.people.setObjectName("people")
        self.overdue = read_only_table(self, [self.tr("收文编号"), self.tr("标题"), self.tr("承办科室"), self.tr("承办人"),
                                              self.tr("办理时限"), self.tr("已超期（工作日）")], stretch=1)
        self.overdue.setObjectName("overdue")
        self.overdue.cellDoubleClicked.connect(self._open_overdue)
        self.overdue_box = QGroupBox(self.tr("逾期未办结的收文"), self)
        # the sections and the people side by side (each a few columns of figures), the overdue below
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        counts_row = QSplitter(Qt.Orientation.Horizontal, splitter)
        for title, table, box, into in ((self.tr("各科室"), self.sections, None, counts_row),
                                        (self.tr("各承办人"), self.people, None, counts_row),
                                        (None, self.overdue, self.overdue_box, splitter)):
            box = box or QGroupBox(title, self)
            layout = QVBoxLayout(box)
            layout.setContentsMargins(6, 4, 6, 6)
            layout.addWidget(table)
            into.addWidget(box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint(self.tr("统计当月收文：办结含转为督办事项（当日计为办结）；按期办结为在办理时限内（含当日）办结；"
                                      "逾期未办结为截至月底（本月为今天）未办结且已过办理时限。办结用时按工作日计，"
                                      "节假日和调休按节假日安排。逾期收文含以前月份收文，双击打开。"), self))
        # filled when first shown (the tab asks): nothing is read before

    # -- the month
    def fill_months(self) -> None:
        self.month_picker.reload(self.tab.day())
        self.show_month()

    def period(self) -> tuple[int, int] | None:
        return self.month_picker.month()

    def show_month(self) -> None:
        period = self.period()
        for button in (self.preview_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(period is not None)
        if period is None:
            self.speed = None
            for table in (self.sections, self.people, self.overdue):
                table.setRowCount(0)
            self.as_of.setText(self.tr("还没有收文。"))
            counted()
            return
        s = self.speed = speed.month_speed(*period, today=self.tab.day())
        self.as_of.setText(self.tr("%1收文 %2 件，统计截至 %3").replace("%1", month_text(*period))
                           .replace("%2", str(s.total.received)).replace("%3", s.as_of.isoformat()))
        rows = [(r.section, *_counts(r)) for r in s.sections]
        if s.sections:
            rows.append((self.tr("合计"), *_counts(s.total)))
        fill_table(self.sections, rows)
        fill_table(self.people, [(r.person, r.section, *_counts(r)) for r in s.people])
        for table, lines, column in ((self.sections, s.sections, 5), (self.people, s.people, 6)):
            for i, r in enumerate(lines):  # 逾期未办结 in red where there are any
                if r.overdue:
                    table.item(i, column).setForeground(QBrush(QColor(RED)))
        fill_table(self.overdue, [(d.no, d.title, d.section, d.handler, d.deadline, d.working_days_over)
                                  for d in s.overdue], [d.id for d in s.overdue], red_rows=range(len(s.overdue)))
        self.overdue_box.setTitle(self.tr("截至 %1 逾期未办结的收文：%2 件").replace("%1", s.as_of.isoformat())
                                  .replace("%2", str(len(s.overdue))))
        for table, first in ((self.sections, 1), (self.people, 2), (self.overdue, 5)):
            for r in range(table.rowCount()):
                for c in range(first, table.columnCount()):
                    table.item(r, c).setTextAlignment(RIGHT)
            fit_columns(table)
        if s.sections:
            total = self.sections.rowCount() - 1
            for c in range(self.sections.columnCount()):
                font = self.sections.item(total, c).font()
                font.setBold(True)
                self.sections.item(total, c).setFont(font)
        counted()

    def _open_overdue(self, row: int, _column: int) -> None:
        item = self.overdue.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            self.document_opened.emit(item.data(Qt.ItemDataRole.UserRole))

    # -- the page protocol
    def count_text(self) -> str:
        """Each list under its name: 科室：共 8 条　承办人：共 31 条　逾期未办结：共 3 条."""
        return counts_text([(self.tr("科室"), rows_text(self.sections.rowCount())),
                            (self.tr("承办人"), rows_text(self.people.rowCount())),
                            (self.tr("逾期未办结"), rows_text(self.overdue.rowCount()))])

    def refresh(self) -> None:
        self.fill_months()

    def reload(self) -> None:
        self.fill_months()

    # -- the month's 文电办理情况表: reports/documents_speed.py lays it out, ui/printing.py prints it
    def report_title(self) -> str:
        period = self.period()
        return self.tr("%1文电办理情况表").replace("%1", month_text(*period)) if period else ""

    def _document(self):
        period = self.period()
        return month_speed(*period, today=self.tab.day()) if period else None

    def print_table(self) -> None:
        printing.build_and_show(self, self._document, self.report_title())

    def save_pdf(self) -> None:
        printing.build_and_show(self, self._document, self.report_title(), pdf=True, said=self.message.emit)

    def export_xlsx(self) -> None:
        period = self.period()
        if period is None:
            return
        done = export_document(self, self.report_title(), lambda path, y, m, force: export_month_speed(
            path, y, m, today=self.tab.day(), force=force), *period)
        if done:
            self.message.emit(self.tr("已导出到 %1").replace("%1", done[0]))

