"""人员档案 form: create or edit one staff file.  Every check is the service's (staff.save_person)."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from govoffice_desktop.models.staff import ENTRY_KINDS, EDUCATIONS, GENDERS, PERSON_STATUSES, POLITICAL_STATUSES, Person
from govoffice_desktop.services import staff
from govoffice_desktop.ui.forms import OptionalDateEdit, ServiceDialog, em

# text field → its length in the model (the service refuses longer text with a message)
TEXT_FIELDS = {"name": 30, "ethnicity": 20, "native_place": 40, "major": 40, "expertise": 100, "id_number": 22,
               "phone": 30, "post": 30, "rank": 30, "previous_rank": 30, "source_unit": 60}


class PersonDialog(ServiceDialog):
    """新增人员 / 修改档案.  A new person may be placed in a section; an existing one changes
    section only through 调动, so the dialog shows the section without letting it change."""

    def __init__(self, person: Person | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.person = person
        self.setWindowTitle(self.tr("新增人员") if person is None else self.tr("修改档案：%1").replace("%1", person.name))
        labels = {"name": self.tr("姓名 *"), "ethnicity": self.tr("民族"), "native_place": self.tr("籍贯"),
                  "major": self.tr("专业"), "expertise": self.tr("专长"), "id_number": self.tr("身份证号"),
                  "phone": self.tr("联系电话"), "post": self.tr("职务"), "rank": self.tr("职级"),
                  "previous_rank": self.tr("原职级（仅供参考）"), "source_unit": self.tr("原工作单位")}
        self.edits: dict[str, QLineEdit] = {}
        for key, limit in TEXT_FIELDS.items():
            edit = QLineEdit(self)
            edit.setMaxLength(limit)
            edit.setMinimumWidth(em(self, 14))
            edit.setObjectName(key)
            self.edits[key] = edit
        self.edits["id_number"].setPlaceholderText(self.tr("18位，末位可为 X"))
        self.edits["previous_rank"].setToolTip(self.tr("调入前的职级只作参考，职级以半年实绩确定"))

        self.gender = QComboBox(self)
        self.gender.addItem(self.tr("（未填）"), "")
        for g in GENDERS:
            self.gender.addItem(g, g)
        self.birth = QLineEdit(self)
        self.birth.setPlaceholderText(self.tr("如 1985.03"))
        self.political_status = self._editable_combo(POLITICAL_STATUSES)
        self.education = self._editable_combo(EDUCATIONS)
        self.section = QComboBox(self)
        self.section.addItem(self.tr("（暂不分科室）"), None)
        for s in staff.active_sections():
            self.section.addItem(s.name, s.id)
        self.section_label = QLabel(self)
        self.joined_on = OptionalDateEdit(self)
        self.entry_kind = QComboBox(self)
        for kind in ENTRY_KINDS:
            self.entry_kind.addItem(self.tr(kind), kind)
        self.entry_kind.setToolTip(self.tr("调入人员未定职级前显示“待定职级”，满半年以实绩定职级；"
                                           "新录用的公务员为“试用期”"))
        self.status = QComboBox(self)
        for s in PERSON_STATUSES:
            self.status.addItem(s, s)
        self.out_of_town = QCheckBox(self.tr("外地"), self)
        self.out_of_town.setToolTip(self.tr("外地人员：住房、家属安置先外后内"))
        self.is_typist = QCheckBox(self.tr("打字员"), self)
        self.is_driver = QCheckBox(self.tr("驾驶员"), self)
        self.licence_no = QLineEdit(self)
        self.licence_no.setMaxLength(30)
        self.licence_expiry = OptionalDateEdit(self)
        for widget in (self.licence_no, self.licence_expiry):
            widget.setEnabled(False)
            self.is_driver.toggled.connect(widget.setEnabled)
        self.notes = QPlainTextEdit(self)
        self.notes.setMaximumHeight(self.fontMetrics().height() * 5)

        left = QFormLayout()
        left.addRow(labels["name"], self.edits["name"])
        left.addRow(self.tr("性别"), self.gender)
        left.addRow(self.tr("出生年月"), self.birth)
        left.addRow(labels["ethnicity"], self.edits["ethnicity"])
        left.addRow(labels["native_place"], self.edits["native_place"])
        left.addRow(self.tr("政治面貌"), self.political_status)
        left.addRow(self.tr("学历"), self.education)
        left.addRow(labels["major"], self.edits["major"])
        left.addRow(labels["expertise"], self.edits["expertise"])
        left.addRow(labels["id_number"], self.edits["id_number"])
        left.addRow(labels["phone"], self.edits["phone"])
        right = QFormLayout()
        if person is None:
            right.addRow(self.tr("科室"), self.section)
            self.section_label.hide()
        else:
            right.addRow(self.tr("科室"), self.section_label)
            self.section.hide()
        right.addRow(labels["post"], self.edits["post"])
        right.addRow(labels["rank"], self.edits["rank"])
        right.addRow(labels["previous_rank"], self.edits["previous_rank"])
        right.addRow(labels["source_unit"], self.edits["source_unit"])
        right.addRow(self.tr("调入时间"), self.joined_on)
        right.addRow(self.tr("进入方式"), self.entry_kind)
        right.addRow(self.tr("状态"), self.status)
        flags = QHBoxLayout()
        for box in (self.out_of_town, self.is_typist, self.is_driver):
            flags.addWidget(box)
        flags.addStretch(1)
        right.addRow(self.tr("标记"), flags)
        right.addRow(self.tr("驾驶证号"), self.licence_no)
        right.addRow(self.tr("驾驶证有效期至"), self.licence_expiry)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(em(self, 1.5))
        columns.addLayout(right, 1)
        notes = QFormLayout()
        notes.addRow(self.tr("备注"), self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(notes)
        hint = QLabel(self.tr("带 * 的必须填写。调整科室请用“调动”，以便记下日期和原因。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        if person is not None:
            self._load(person)

    def _editable_combo(self, choices) -> QComboBox:
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.addItem("")
        combo.addItems(list(choices))
        combo.lineEdit().setMaxLength(20)
        return combo

    def _load(self, person: Person) -> None:
        for key, edit in self.edits.items():
            edit.setText(getattr(person, key) or "")
        self.gender.setCurrentIndex(max(self.gender.findData(person.gender or ""), 0))
        self.birth.setText(f"{person.birth.year}.{person.birth.month:02d}" if person.birth else "")
        self.political_status.setCurrentText(person.political_status or "")
        self.education.setCurrentText(person.education or "")
        self.section_label.setText(person.section.name if person.section_id else self.tr("（未分科室）"))
        self.joined_on.set_value(person.joined_on)
        self.entry_kind.setCurrentIndex(max(self.entry_kind.findData(person.entry_kind), 0))
        self.status.setCurrentIndex(max(self.status.findData(person.status), 0))
        self.out_of_town.setChecked(bool(person.out_of_town))
        self.is_typist.setChecked(bool(person.is_typist))
        self.is_driver.setChecked(bool(person.is_driver))
        self.licence_no.setText(person.licence_no or "")
        self.licence_expiry.set_value(person.licence_expiry)
        self.licence_expiry.setEnabled(bool(person.is_driver))
        self.notes.setPlainText(person.notes or "")

    def values(self) -> dict:
        """The form as staff.save_person takes it (the section only when creating)."""
        out = {key: edit.text() for key, edit in self.edits.items()}
        out.update(gender=self.gender.currentData(), birth=self.birth.text().strip(),
                   political_status=self.political_status.currentText(), education=self.education.currentText(),
                   joined_on=self.joined_on.value(), entry_kind=self.entry_kind.currentData(),
                   status=self.status.currentData(),
                   out_of_town=self.out_of_town.isChecked(), is_typist=self.is_typist.isChecked(),
                   is_driver=self.is_driver.isChecked(), notes=self.notes.toPlainText(),
                   licence_no=self.licence_no.text() if self.is_driver.isChecked() else "",
                   licence_expiry=self.licence_expiry.value() if self.is_driver.isChecked() else None)
        if self.person is None:
            out["section"] = staff.section_by_id(self.section.currentData())
        return out

    def submit(self) -> Person:
        self.person = staff.save_person(self.values(), self.person)
        return self.person
