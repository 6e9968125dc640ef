"""季度评议's 评议票数 page: the 民主评议汇总表 of the period and direction chosen above, for every
group or one (its own chooser), a row per section and a column per grade with 票数合计, 得分 and
名次 (services/ratings_summary.py), exported and printed as the office's summary sheet."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from govoffice_desktop.ledgers.export import export_vote_summary
from govoffice_desktop.models.ratings import RATES_SECTIONS
from govoffice_desktop.reports.ratings import vote_summary_sheet
from govoffice_desktop.services import auth, ratings
from govoffice_desktop.services.ratings_summary import vote_summary
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui.forms import call_service, export_document, fill_table, read_only_table
from govoffice_desktop.ui.page import counted


def sections_text(n: int) -> str:
    """The count of a table of sections: 共 11 个科室."""
    return QCoreApplication.translate("RatingsTab", "共 %n 个科室", "", n)


class VotesPage(QWidget):
    """The cross-table of the votes; ``show_votes(period, direction)`` when the choosers above change."""

    status_message = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.period, self.direction, self.summary = None, None, None
        self.group_combo = QComboBox(self)
        self.group_combo.setObjectName("group")
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group_combo.setToolTip(self.tr("全部评议组：得分按权重加权（综合得分）；某一组：该组的平均分和名次"))
        self.group_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.export_button = QPushButton(self.tr("导出…"), self)
        self.export_button.setToolTip(self.tr("把民主评议汇总表导出为 Excel"))
        self.export_button.clicked.connect(self.export_xlsx)
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.print_button.setToolTip(self.tr("打印民主评议汇总表，或存为 PDF"))
        self.print_button.clicked.connect(self.print_sheet)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("评议组："), self))
        bar.addWidget(self.group_combo)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        self.table = read_only_table(self, [])
        self.table.setObjectName("summary")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6368;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def count_text(self) -> str:
        return sections_text(self.table.rowCount())

    def current_group(self):
        return ratings.group_by_id(self.group_combo.currentData())

    def show_votes(self, period, direction: str) -> None:
        """The choosers above changed (or the data): the groups of that period and direction
        offered, the one chosen kept when it is still there."""
        self.period, self.direction = period, direction
        chosen = self.group_combo.currentData()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem(self.tr("全部评议组"), None)
        for group in ratings.groups_of(period, direction, rates=RATES_SECTIONS) if period is not None else []:
            label = self.tr("%1（基层）").replace("%1", group.name) if group.grassroots else group.name
            self.group_combo.addItem(label, group.id)
        self.group_combo.setCurrentIndex(max(self.group_combo.findData(chosen), 0))
        self.group_combo.blockSignals(False)
        self._show()

    def _show(self) -> None:
        self.summary = None
        if self.period is not None and auth.allowed("ratings.results"):
            try:
                self.summary = vote_summary(self.period, self.direction, self.current_group())
            except auth.PermissionDenied:
                self.summary = None
        summary = self.summary
        headers = summary.headers() if summary else []
        rows = summary.table() if summary else []
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        fill_table(self.table, rows, [r.section.id for r in summary.rows] if summary else None)
        for r in range(self.table.rowCount()):
            for c in range(1, self.table.columnCount()):
                self.table.item(r, c).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        fit_columns(self.table)
        for button in (self.export_button, self.print_button):
            button.setEnabled(summary is not None)
        if summary is None:
            self.note.setText(self.tr("还没有评议期。") if self.period is None else "")
        elif not rows:
            self.note.setText(self.tr("%1 还没有票数：录入评议表或导入票数后在此汇总。").replace("%1", summary.scope()))
        else:
            sheets = summary.sheets_text()
            self.note.setText(summary.basis() + (self.tr("收回评议表：%1。").replace("%1", sheets) if sheets else ""))
        counted()

    def title(self) -> str:
        return self.tr("%1民主评议汇总表").replace("%1", str(self.period)) if self.period is not None else ""

    def export_xlsx(self) -> None:
        if self.summary is None:
            return
        done = export_document(self, self.title(), export_vote_summary, self.summary)
        if done:
            self.status_message.emit(self.tr("已导出 %1 行到 %2").replace("%1", str(done[1])).replace("%2", done[0]))

    def print_sheet(self) -> None:
        if self.summary is None:
            return
        ok, document = call_service(self, vote_summary_sheet, self.summary, title=self.tr("无法打印"))
        if ok:
            printing.preview_document(self, document, document.title)
