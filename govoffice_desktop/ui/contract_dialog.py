"""责任状: a year's contracts signed level by level, new contracts with their target items, the
half-year and year-end assessments, and printing a contract."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from govoffice_desktop.models.staff import CONTRACT_LEVELS, ResponsibilityContract
from govoffice_desktop.reports import staff as staff_reports
from govoffice_desktop.services import staff
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.forms import (guard, OptionalDateEdit, PanelDialog, ServiceDialog, date_edit, date_of, em,
                                        fill_table, read_only_table, selected_id)

TARGET_ROWS = 8  # empty rows offered for target items; more can be added


class ContractsDialog(PanelDialog):
    """The contracts of a year, office → sections → people, with their scores."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("目标责任状"))
        self.resize(em(self, 60), em(self, 32))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today.year)
        self.year.setSuffix(self.tr(" 年"))
        self.year.valueChanged.connect(self.reload)
        self.table = read_only_table(self, [self.tr("层级"), self.tr("签订对象"), self.tr("标题"), self.tr("签订日期"),
                                            self.tr("半年得分"), self.tr("年终得分")], stretch=2)
        self.table.doubleClicked.connect(lambda _i: self.assess())
        new = QPushButton(self.tr("新签责任状…"), self)
        guard(new, "staff.edit")
        new.clicked.connect(self.new_contract)
        assess = QPushButton(self.tr("考核打分…"), self)
        guard(assess, "staff.edit")
        assess.clicked.connect(self.assess)
        show = QPushButton(self.tr("打印预览…"), self)
        show.clicked.connect(self.print_preview)
        pdf = QPushButton(self.tr("存为 PDF…"), self)
        pdf.clicked.connect(self.save_pdf)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度："), self))
        top.addWidget(self.year)
        top.addStretch(1)
        for button in (new, assess, show, pdf):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("逐级签订：办公室 → 科室 → 个人；各项目标分值合计 100。"), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.reload()

    def reload(self) -> None:
        contracts = staff.contracts_of_year(self.year.value())
        rows = [(c.level, staff.contract_party(c), c.title, c.signed_on, staff.contract_total(c, "半年"),
                 staff.contract_total(c, "年终")) for c in contracts]
        fill_table(self.table, rows, [c.id for c in contracts])

    def _selected(self) -> ResponsibilityContract | None:
        cid = selected_id(self.table)
        return staff.contract_by_id(cid)

    def new_contract(self) -> None:
        dialog = NewContractDialog(self.year.value(), self, self.today)
        if dialog.exec():
            self.changed = True
            self.reload()

    def assess(self) -> None:
        contract = self._selected()
        if contract is None:
            return
        dialog = AssessDialog(contract, self, self.today)
        if dialog.exec():
            self.changed = True
            self.reload()

    def print_preview(self) -> None:
        contract = self._selected()
        if contract is not None:
            doc = staff_reports.contract(contract)
            printing.preview(self, doc.html(), doc.title, doc.landscape)

    def save_pdf(self) -> None:
        contract = self._selected()
        if contract is not None:
            doc = staff_reports.contract(contract)
            printing.ask_and_save_pdf(self, doc.html(), doc.title, doc.landscape)


class NewContractDialog(ServiceDialog):
    """A new contract: its level and party, title, signing, and the target items with weights."""

    def __init__(self, year: int, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.year = year
        self.setWindowTitle(self.tr("新签 %1 年责任状").replace("%1", str(year)))
        self.resize(em(self, 52), em(self, 34))
        self.level = QComboBox(self)
        self.level.addItems(list(CONTRACT_LEVELS))
        self.party = QComboBox(self)
        self.level.currentTextChanged.connect(self._fill_parties)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(100)
        self.signed_on = OptionalDateEdit(self, today or date.today())
        self.signed_by = QLineEdit(self)
        self.targets = QTableWidget(TARGET_ROWS, 4, self)
        self.targets.setHorizontalHeaderLabels([self.tr("目标任务"), self.tr("考核标准"), self.tr("分值"),
                                                self.tr("完成时限（如 2026-6-30）")])
        self.targets.horizontalHeader().setStretchLastSection(True)
        self.targets.setColumnWidth(0, em(self, 16))
        self.targets.setColumnWidth(1, em(self, 10))
        self.targets.setColumnWidth(2, em(self, 4))
        more = QPushButton(self.tr("加一行"), self)
        more.clicked.connect(lambda: self.targets.insertRow(self.targets.rowCount()))
        form = QFormLayout()
        form.addRow(self.tr("层级 *"), self.level)
        form.addRow(self.tr("签订对象"), self.party)
        form.addRow(self.tr("标题 *"), self.title_edit)
        form.addRow(self.tr("签订日期"), self.signed_on)
        form.addRow(self.tr("签订人"), self.signed_by)
        self.signer_label = form.labelForField(self.signed_by)
        self.party.currentIndexChanged.connect(self._fill_signer)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("目标任务（分值合计 100）："), self))
        layout.addWidget(self.targets, 1)
        layout.addWidget(more)
        layout.addWidget(self.buttons)
        self._fill_parties(self.level.currentText())

    def _fill_parties(self, level: str) -> None:
        self.party.clear()
        if level == "科室":
            for section in staff.active_sections():
                self.party.addItem(section.name, ("section", section))
        elif level == "个人":
            for p in staff.people_on_staff():
                section = p.section.name if p.section_id else ""
                self.party.addItem(f"{p.name}（{section}）" if section else p.name, ("person", p))
        self.party.setEnabled(level != "办公室")
        if not self.title_edit.isModified():
            self.title_edit.setText(self.tr("%1 年目标管理责任状").replace("%1", str(self.year)))
        # 办公室主任 signs the office's, 科室负责人 a section's, 责任人 their own
        self.signer_label.setText(self.tr(staff.contract_signer(level)))
        self._fill_signer()

    def _fill_signer(self, *_args) -> None:
        """The name of who signs for the party, while the user has not typed one."""
        if self.signed_by.isModified():
            return
        kind, party = self.party.currentData() or (None, None)
        if kind == "section":
            name = party.chief.name if party.chief_id else ""
        elif kind == "person":
            name = party.name
        else:
            name = ""
        self.signed_by.setText(name)

    def items(self) -> list[dict]:
        out = []
        for r in range(self.targets.rowCount()):
            cells = [self.targets.item(r, c).text().strip() if self.targets.item(r, c) else "" for c in range(4)]
            if any(cells):
                out.append({"title": cells[0], "measure": cells[1], "weight": cells[2] or 0, "due_on": cells[3] or None})
        return out

    def submit(self):
        kind, party = self.party.currentData() or (None, None)
        return staff.create_contract(
            self.year, self.level.currentText(), self.title_edit.text(), self.items(),
            section=party if kind == "section" else None, person=party if kind == "person" else None,
            signed_on=self.signed_on.value(), signed_by=self.signed_by.text())

    def set_item(self, row: int, *cells: str) -> None:
        """Fill one target row (used by tests and by copying an earlier year)."""
        for c, text in enumerate(cells):
            self.targets.setItem(row, c, QTableWidgetItem(str(text)))


class AssessDialog(ServiceDialog):
    """半年 or 年终 assessment: a score (and a note) for every item of the contract."""

    def __init__(self, contract: ResponsibilityContract, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.contract = contract
        self.setWindowTitle(self.tr("考核：%1").replace("%1", contract.title))
        self.resize(em(self, 50), em(self, 26))
        self.stage = QComboBox(self)
        self.stage.addItem(self.tr("半年"), "半年")
        self.stage.addItem(self.tr("年终"), "年终")
        if contract.half_assessed_on:
            self.stage.setCurrentIndex(1)
        self.assessed_on = date_edit(self, today)
        self.items = list(contract.targets.order_by(contract.targets.model.id))
        self.table = QTableWidget(len(self.items), 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("目标任务"), self.tr("分值"), self.tr("得分"), self.tr("考核意见")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, em(self, 18))
        self.stage.currentTextChanged.connect(self._fill)
        form = QFormLayout()
        form.addRow(self.tr("考核"), self.stage)
        form.addRow(self.tr("考核日期"), self.assessed_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self, *_args) -> None:
        field = "half_score" if self.stage.currentData() == "半年" else "year_score"
        for r, item in enumerate(self.items):
            for c, value in enumerate((item.title, item.weight)):
                cell = QTableWidgetItem(str(value))
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, cell)
            score = getattr(item, field)
            self.table.setItem(r, 2, QTableWidgetItem("" if score is None else str(score)))
            self.table.setItem(r, 3, QTableWidgetItem(item.assessment))

    def set_score(self, row: int, score, note: str = "") -> None:
        self.table.setItem(row, 2, QTableWidgetItem(str(score)))
        self.table.setItem(row, 3, QTableWidgetItem(note))

    def submit(self):
        scores = {item.id: self.table.item(r, 2).text().strip() for r, item in enumerate(self.items)}
        notes = {item.id: self.table.item(r, 3).text() for r, item in enumerate(self.items) if self.table.item(r, 3)}
        return staff.assess_contract(self.contract, self.stage.currentData(), date_of(self.assessed_on), scores, notes)
