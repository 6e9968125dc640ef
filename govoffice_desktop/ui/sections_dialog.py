"""科室管理: list the sections; add, rename, set the chief, merge (合署) — each through the service."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from govoffice_desktop.services import staff
from govoffice_desktop.ui.forms import guard, PanelDialog, date_edit, date_of, em, fill_table, read_only_table, select_id, \
    selected_id


class SectionsDialog(PanelDialog):
    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("科室管理"))
        self.resize(em(self, 66), em(self, 36))
        self.table = read_only_table(self, [self.tr("科室"), self.tr("负责人"), self.tr("在编人数"), self.tr("状态")])

        self.new_name = QLineEdit(self)
        self.new_name.setMaxLength(40)
        self.new_name.setPlaceholderText(self.tr("新科室名称"))
        self.add_button = QPushButton(self.tr("新增科室"), self)
        guard(self.add_button, "staff.edit")
        self.add_button.clicked.connect(self.add_section)
        add_box = QGroupBox(self.tr("新增"), self)
        row = QHBoxLayout(add_box)
        row.addWidget(self.new_name, 1)
        row.addWidget(self.add_button)

        self.selected_box = QGroupBox(self.tr("所选科室"), self)
        self.name = QLineEdit(self)
        self.name.setMaxLength(40)
        self.rename_button = QPushButton(self.tr("改名"), self)
        guard(self.rename_button, "staff.edit")
        self.rename_button.clicked.connect(self.rename)
        self.chief = QComboBox(self)
        self.chief.setMinimumWidth(em(self, 8))
        self.chief_button = QPushButton(self.tr("设为负责人"), self)
        guard(self.chief_button, "staff.edit")
        self.chief_button.clicked.connect(self.set_chief)
        form = QFormLayout(self.selected_box)
        form.addRow(self.tr("名称"), self._pair(self.name, self.rename_button))
        form.addRow(self.tr("负责人"), self._pair(self.chief, self.chief_button))

        self.merge_box = QGroupBox(self.tr("合署（并入其他科室）"), self)
        self.target = QComboBox(self)
        self.merged_on = date_edit(self, self.today)
        self.doc_number = QLineEdit(self)
        self.doc_number.setMaxLength(60)
        self.doc_number.setPlaceholderText(self.tr("如：政办发〔2025〕12号"))
        self.merge_button = QPushButton(self.tr("合署"), self)
        guard(self.merge_button, "staff.edit")
        self.merge_button.clicked.connect(self.merge)
        note = QLabel(self.tr("合署后，本科室人员全部调入目标科室（逐人记下调动），本科室保留在记录中，不能撤销。"), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        form = QFormLayout(self.merge_box)
        form.addRow(self.tr("并入"), self.target)
        form.addRow(self.tr("合署日期"), self.merged_on)
        form.addRow(self.tr("文号"), self.doc_number)
        form.addRow(note)
        form.addRow("", self.merge_button)

        side = QVBoxLayout()
        side.addWidget(add_box)
        side.addWidget(self.selected_box)
        side.addWidget(self.merge_box)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.reload()
        if self.table.rowCount():
            self.table.selectRow(0)
        self._show_selected()

    def _pair(self, field, button) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(button)
        return row

    def reload(self) -> None:
        chosen = selected_id(self.table)
        self.rows = staff.sections_overview()
        fill_table(self.table, [[r.section.name, r.chief, r.members,
                                 self.tr("现有") if r.section.active
                                 else self.tr("已并入%1").replace("%1", r.merged_into)] for r in self.rows],
                   [r.section.id for r in self.rows], red_rows=[])
        if chosen is not None:
            select_id(self.table, chosen)
        self._show_selected()

    def selected_section(self):
        return staff.section_by_id(selected_id(self.table))

    def _show_selected(self) -> None:
        section = self.selected_section()
        usable = section is not None and section.active
        for widget in (self.selected_box, self.merge_box):
            widget.setEnabled(usable)
        self.name.setText(section.name if section is not None else "")
        self.chief.clear()
        self.target.clear()
        if not usable:
            return
        self.chief.addItem(self.tr("（不设）"), None)
        for person in staff.section_members(section):
            self.chief.addItem(person.name, person.id)
        self.chief.setCurrentIndex(max(self.chief.findData(section.chief_id), 0))
        for other in staff.active_sections():
            if other.id != section.id:
                self.target.addItem(other.name, other.id)

    # -- actions
    def add_section(self) -> None:
        ok, section = self.act(staff.add_section, self.new_name.text(), today=self.today)
        if ok:
            self.new_name.clear()
            select_id(self.table, section.id)

    def rename(self) -> None:
        section = self.selected_section()
        if section is not None:
            self.act(staff.rename_section, section, self.name.text())

    def set_chief(self) -> None:
        section = self.selected_section()
        if section is not None:
            self.act(staff.set_chief, section, staff.person_by_id(self.chief.currentData()))

    def merge(self) -> None:
        section = self.selected_section()
        target = staff.section_by_id(self.target.currentData())
        if section is None or target is None:
            return
        answer = QMessageBox.question(self, self.tr("合署"), self.tr("把%1并入%2？本科室人员将全部调入%2，不能撤销。")
                                      .replace("%1", section.name).replace("%2", target.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.act(staff.merge_sections, section, target, date_of(self.merged_on), self.doc_number.text())
