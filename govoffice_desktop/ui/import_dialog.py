"""导入台账: pick a file, check it off the GUI thread, show what would happen, then import or not."""
from __future__ import annotations

from govoffice_desktop.ledgers.importer import ImportReport, import_ledger
from govoffice_desktop.ledgers.kinds import KINDS
from govoffice_desktop.ledgers.mapping import field_specs, kind_label, remember, remember_words, words
from govoffice_desktop.ledgers.kinds_supervision import RatingTallyKind
from govoffice_desktop.models.ratings import BOTTOM_UP, DIRECTIONS, period_label
from govoffice_desktop.services import outputs
from govoffice_desktop.services.fleet import vehicles
from govoffice_desktop.services.ratings import periods
from govoffice_desktop.services.validation import clean_text
from govoffice_desktop.ui.forms import ask_save_path
from govoffice_desktop.ui.mapping_dialog import MappingDialog
from govoffice_desktop.ui.worker import run_with_progress
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)


FILE_FILTER = "Excel 台账 (*.xlsx *.xlsm *.xls *.ods);;所有文件 (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


class PreviewDialog(QDialog):
    """What the check found and what the import will do: rows to import, duplicates, what will be
    created, names that stay unmatched, unused columns, every error by row; a vehicle chooser for
    the log of one car without a plate column, a period chooser for a tally that names none."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None, choice: dict | None = None):
        super().__init__(parent)
        self.choice: dict = dict(choice or {})  # the vehicle, period and direction chosen here
        self.wants_recheck = False
        self.setWindowTitle(tr("导入前检查"))
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        summary = tr("文件：%1\n读取 %2 行；可导入 %3 行；已存在 %4 行；跳过 %5 行（空行、合计、签字行）；错误 %6 处。") \
            .replace("%1", Path(report.file).name).replace("%2", str(report.rows_read)) \
            .replace("%3", str(report.valid)).replace("%4", str(report.duplicates)) \
            .replace("%5", str(len(report.skipped))).replace("%6", str(len(report.errors)))
        for what, names in report.created.items():
            summary += "\n" + tr("将新建%1：%2").replace("%1", what).replace("%2", "、".join(names))
        if report.unmatched:
            summary += "\n" + tr("未匹配到人员档案、将原样保留的姓名：%1").replace("%1", "、".join(report.unmatched))
        if report.unmapped:
            summary += "\n" + tr("未使用的列：%1").replace("%1", "、".join(report.unmapped))
        for notice in report.notices:
            summary += "\n" + tr("注意：%1").replace("%1", notice)
        label = QLabel(summary, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.vehicle = self.period = self.direction = None
        self.word_boxes: dict[tuple[str, str], QComboBox] = {}  # (table, word) → the value chosen for it
        if report.needs or report.unknown_words:
            layout.addLayout(self._choosers(report))
        self.errors = QTableWidget(len(report.errors), 5, self)
        self.errors.setHorizontalHeaderLabels([tr("工作表"), tr("行"), tr("列"), tr("值"), tr("问题")])
        for r, e in enumerate(report.errors):
            for c, text in enumerate((e.sheet, "" if e.row is None else str(e.row), e.column, e.value, e.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.errors.setItem(r, c, item)
        self.errors.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.errors.setWordWrap(True)  # a refusal of a whole sheet is a sentence: read whole, not cut with …
        self.errors.resizeColumnsToContents()
        self.errors.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.errors.resizeRowsToContents()
        self.errors.setVisible(bool(report.errors))
        layout.addWidget(self.errors, 1)
        layout.addWidget(QLabel(tr("前 %1 行（标红的单元格有问题，鼠标停留可看原因）：").replace("%1", str(len(report.sample))),
                                self))
        self.sample = self._sample_table(report)
        layout.addWidget(self.sample, 1)
        self.keep_valid = QCheckBox(tr("只导入无误的行，有错误的行另存为 Excel 以便修改后再导入"), self)
        self.keep_valid.setVisible(bool(report.errors) and report.valid > 0)
        layout.addWidget(self.keep_valid)
        # 评议票数 of a quarter that has already ended close it (结束评议) unless kept open
        self.keep_open = QCheckBox(tr("已过的季度导入后仍保持评议进行中（不结束评议，暂不确定后三名）"), self)
        self.keep_open.setChecked(bool(self.choice.get("keep_open")))
        self.keep_open.setVisible(report.kind == RatingTallyKind.name)
        layout.addWidget(self.keep_open)
        if not report.errors:
            layout.addWidget(QLabel(tr("没有发现错误。点“导入”写入数据库（全部一次写入）。"), self))
        elif report.valid == 0:
            layout.addWidget(QLabel(tr("没有可导入的行。请按上表改正台账后重新导入。"), self))
        buttons = QDialogButtonBox(self)
        self.wants_mapping = False
        self.mapping_button = buttons.addButton(tr("调整列对应…"), QDialogButtonBox.ButtonRole.ResetRole)
        self.mapping_button.clicked.connect(self._ask_mapping)
        self.mapping_button.setEnabled(bool(report.columns))
        self.import_button = buttons.addButton(tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._has_errors = bool(report.errors)
        self._has_rows = report.valid > 0  # 导入 only when there is something to write
        self._update_button()
        self.keep_valid.toggled.connect(self._update_button)

    def _sample_table(self, report: ImportReport) -> QTableWidget:
        """The first rows as read, headed by the fields they map to, bad cells in red."""
        fields = {index: name for name, index in report.mapping.items()}

        labels = {s.name: s.label for s in field_specs(report.kind)}
        table = QTableWidget(len(report.sample), len(report.columns), self)
        table.setHorizontalHeaderLabels([
            f"{name}\n→ {labels[fields[i]]}" if i in fields else f"{name}\n（不导入）"
            for i, name in enumerate(report.columns)])
        table.setVerticalHeaderLabels([str(row) for row, _ in report.sample])
        problems = {(e.row, e.column): e.message for e in report.errors}
        for r, (row, cells) in enumerate(report.sample):
            for c, value in enumerate(cells[:len(report.columns)]):
                item = QTableWidgetItem(clean_text(value))
                message = problems.get((row, report.columns[c]))
                if message:
                    item.setBackground(QColor("#fde7e9"))
                    item.setForeground(QColor("#b3261e"))
                    item.setToolTip(message)
                table.setItem(r, c, item)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.resizeColumnsToContents()
        return table

    def _ask_mapping(self) -> None:
        self.wants_mapping = True
        self.reject()

    def _update_button(self) -> None:
        self.import_button.setEnabled(self._has_rows and (not self._has_errors or self.keep_valid.isChecked()))

    def _choosers(self, report: ImportReport) -> QHBoxLayout:
        """What the sheet does not say and the user can: which vehicle, which period."""
        row = QHBoxLayout()
        if "vehicle" in report.needs:

            row.addWidget(QLabel(tr("这张表没有车牌号列，这些行是哪辆车："), self))
            self.vehicle = QComboBox(self)
            self.vehicle.setEditable(True)  # a plate not on file is created with the import
            self.vehicle.addItems([v.plate for v in vehicles()])
            self.vehicle.setCurrentText(self.choice.get("vehicle", ""))
            row.addWidget(self.vehicle, 1)
        if "period" in report.needs:

            row.addWidget(QLabel(tr("表中看不出评议期，请选择："), self))
            self.period = QComboBox(self)
            self.period.setEditable(True)  # 2025Q4 or 2025年第四季度: a period not on file is created
            known = {(p.year, p.quarter) for p in periods()}
            today = date.today()
            recent = []
            year, quarter = today.year, (today.month - 1) // 3 + 1
            for _ in range(5):  # this quarter and the four before it, besides those on file
                recent.append((year, quarter))
                year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
            for y, q in sorted(known | set(recent), reverse=True):
                self.period.addItem(period_label(y, q), f"{y}Q{q}")
            self.period.lineEdit().setPlaceholderText(tr("如 2025Q4 或 2025年第四季度"))
            self.period.setCurrentText(self.choice.get("period", ""))
            row.addWidget(self.period, 1)
            self.direction = QComboBox(self)
            for word in DIRECTIONS:
                self.direction.addItem(tr(word), word)
            self.direction.setCurrentIndex(max(0, self.direction.findData(self.choice.get("direction", BOTTOM_UP))))
            row.addWidget(self.direction)
        if report.unknown_words:

            for table, unknown in report.unknown_words.items():
                values = list(dict.fromkeys(words(table).values()))
                for word in unknown[:10]:
                    row.addWidget(QLabel(tr("“%1”是：").replace("%1", word), self))
                    box = QComboBox(self)
                    box.addItem(tr("（不认识）"), None)
                    for value in values:
                        box.addItem(tr(value), value)
                    self.word_boxes[(table, word)] = box
                    row.addWidget(box)
        check = QPushButton(tr("按所选重新检查"), self)
        check.clicked.connect(self._recheck)
        row.addWidget(check)
        return row

    def _recheck(self) -> None:
        if self.vehicle is not None:
            self.choice["vehicle"] = self.vehicle.currentText().strip()
        if self.period is not None:
            index = self.period.findText(self.period.currentText())
            self.choice["period"] = self.period.itemData(index) if index >= 0 else self.period.currentText().strip()
            self.choice["direction"] = self.direction.currentData()
        self.words: dict[str, dict[str, str]] = {}
        for (table, word), box in self.word_boxes.items():
            if box.currentData():
                self.words.setdefault(table, {})[word] = box.currentData()
        self.wants_recheck = True
        self.reject()


def kind_titles() -> dict[str, str]:
    """The ledger kinds the importer knows, by their names in the office's words."""
    return {QCoreApplication.translate("columns", kind_label(kind)): kind for kind in KINDS}


def choose_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, tr("导入台账"), str(Path.home()), tr(FILE_FILTER))
    return path


def import_file(parent: QWidget, kind: str, path: str) -> ImportReport | None:
    """The whole flow for one file; returns the final report, or None when nothing was written."""

    title = QCoreApplication.translate("columns", kind_label(kind))
    mapping = None
    choice: dict = {}  # the vehicle, period and direction chosen in the preview

    def run(progress, **more):
        options = None
        if "period" in choice:
            options = {"period": choice["period"] or None, "direction": choice.get("direction", BOTTOM_UP)}
        if choice.get("keep_open"):
            options = {**(options or {}), "keep_open": True}
        return import_ledger(kind, path, mapping=mapping, progress=progress, options=options,
                             vehicle=choice.get("vehicle") or None, **more)

    while True:
        check = run_with_progress(parent, tr("正在检查台账…"), lambda progress: run(progress, dry_run=True))
        if not check.ok:
            if not check.cancelled:
                QMessageBox.warning(parent, tr("无法导入"), check.error)
            if choice and not check.cancelled:  # a plate or period that cannot be read: choose again
                choice = {}
                continue
            return None
        preview = PreviewDialog(check.result, parent, choice)
        preview.setWindowTitle(tr("导入%1：检查结果").replace("%1", title))
        accepted = preview.exec() == QDialog.DialogCode.Accepted
        if accepted:
            break
        if preview.wants_recheck:

            choice = preview.choice
            for table, chosen in getattr(preview, "words", {}).items():
                remember_words(table, chosen)  # remembered, like a column mapping
            continue
        if not preview.wants_mapping:
            return None
        dialog = MappingDialog(kind, check.result.columns, check.result.mapping, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            mapping = dialog.mapping()
            remember(kind, check.result.columns, mapping)
    if preview.keep_open.isChecked():
        choice = {**choice, "keep_open": True}
    rejects = None
    if preview.keep_valid.isChecked():
        suggested = str(Path(path).with_name(Path(path).stem + "-未导入的行.xlsx"))
        rejects = ask_save_path(parent, tr("有错误的行另存为"), suggested, tr("Excel 工作簿 (*.xlsx)"), outputs.XLSX,
                                inputs=(path,))
        if not rejects:
            return None
    done = run_with_progress(parent, tr("正在导入…"),  # force: the save dialog asked before replacing
                             lambda progress: run(progress, keep_valid=rejects, force=True))
    if not done.ok:
        if not done.cancelled:
            QMessageBox.warning(parent, tr("导入失败"), tr("未写入任何数据：%1").replace("%1", done.error))
        return None
    report: ImportReport = done.result
    lines = [tr("已导入 %1 行，已存在 %2 行。").replace("%1", str(report.imported)).replace("%2", str(report.duplicates))]
    for what, names in report.created.items():
        lines.append(tr("新建%1：%2").replace("%1", what).replace("%2", "、".join(names)))
    if report.unmatched:
        lines.append(tr("未匹配到人员档案的姓名（原样保留）：%1").replace("%1", "、".join(report.unmatched)))
    lines += [tr("注意：%1").replace("%1", notice) for notice in report.notices]
    if report.rejects_file:
        lines.append(tr("有错误的行已另存：%1").replace("%1", report.rejects_file))
    QMessageBox.information(parent, tr("导入完成"), "\n".join(lines))
    return report
