"""拟调人员考察: candidates, their recommendation and inspection, the four vetoes, and the decision.

Whether a candidate may be transferred in is the service's to say (staff.decide_candidate refuses
one with a veto); the dialog only shows its answer."""
from __future__ import annotations

import html
from datetime import date

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from govoffice_desktop.models.staff import EDUCATIONS, GENDERS, VETOES, Candidate
from govoffice_desktop.services import staff
from govoffice_desktop.ui.forms import (set_enabled, guard, OptionalDateEdit, PanelDialog, ServiceDialog, date_edit, date_of, em,
                                        fill_table, read_only_table, select_id, selected_id)

TRANSFER_IN, REFUSE = "调入", "不予调入"


def _text_box(parent: QWidget, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setMaximumHeight(parent.fontMetrics().height() * (lines + 1) + 8)
    return box


def _form(page: QWidget) -> QFormLayout:
    """A form at the top of its page, the spare height below it."""
    form = QFormLayout()
    layout = QVBoxLayout(page)
    layout.addLayout(form)
    layout.addStretch(1)
    return form


class AddCandidateDialog(ServiceDialog):
    """新增拟调人员 → staff.add_candidate."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("新增拟调人员"))
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label, limit in (("name", self.tr("姓名 *"), 30), ("source_unit", self.tr("原工作单位"), 60),
                                  ("current_post", self.tr("现职务"), 30), ("current_rank", self.tr("现职级"), 30),
                                  ("source", self.tr("推荐来源"), 60)):
            edit = QLineEdit(self)
            edit.setMaxLength(limit)
            edit.setMinimumWidth(em(self, 18))
            self.edits[key] = edit
            form.addRow(label, edit)
            if key == "name":
                self.gender = QComboBox(self)
                self.gender.addItem(self.tr("（未填）"), "")
                for g in GENDERS:
                    self.gender.addItem(g, g)
                form.addRow(self.tr("性别"), self.gender)
        self.education = QComboBox(self)
        self.education.setEditable(True)
        self.education.addItems([""] + list(EDUCATIONS))
        form.addRow(self.tr("学历"), self.education)
        self.edits["source"].setPlaceholderText(self.tr("由谁推荐，如：某某局党组"))
        form.addRow(self.buttons)

    def submit(self) -> Candidate:
        data = {key: edit.text() for key, edit in self.edits.items()}
        data.update(gender=self.gender.currentData(), education=self.education.currentText())
        return staff.add_candidate(data)


class CandidatesDialog(PanelDialog):
    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.person_created = None  # the staff file made by the last 调入
        self.setWindowTitle(self.tr("拟调人员考察"))
        self.resize(em(self, 84), em(self, 38))
        self.table = read_only_table(self, [self.tr("姓名"), self.tr("原工作单位"), self.tr("基层推荐"),
                                            self.tr("组织考察"), self.tr("四个不调"), self.tr("决定")])
        self.add_button = QPushButton(self.tr("新增拟调人员…"), self)
        guard(self.add_button, "staff.edit")
        self.add_button.clicked.connect(self.add_candidate)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._screening_page(), self.tr("推荐与考察"))
        self.tabs.addTab(self._veto_page(), self.tr("四个不调"))
        self.tabs.addTab(self._decision_page(), self.tr("决定"))

        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        left.addLayout(row)
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.tabs, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.reload()
        if self.table.rowCount():
            self.table.selectRow(0)
        self._show_selected()

    # -- pages
    def _screening_page(self) -> QWidget:
        page = QWidget(self)
        self.source = QLineEdit(page)
        self.source.setMaxLength(60)
        self.recommended_on = OptionalDateEdit(page)
        self.recommendation = _text_box(page)
        self.inspected_on = OptionalDateEdit(page)
        self.inspection = _text_box(page)
        self.save_screening_button = QPushButton(self.tr("保存推荐与考察"), page)
        guard(self.save_screening_button, "staff.edit")
        self.save_screening_button.clicked.connect(self.save_screening)
        form = _form(page)
        form.addRow(self.tr("推荐来源"), self.source)
        form.addRow(self.tr("基层推荐日期"), self.recommended_on)
        form.addRow(self.tr("推荐情况"), self.recommendation)
        form.addRow(self.tr("组织考察日期"), self.inspected_on)
        form.addRow(self.tr("考察情况"), self.inspection)
        form.addRow("", self.save_screening_button)
        return page

    def _veto_page(self) -> QWidget:
        page = QWidget(self)
        self.vetoes = QLabel(page)
        self.vetoes.setWordWrap(True)
        self.veto = QComboBox(page)
        self.veto.addItems(list(VETOES))
        self.evidence = _text_box(page)
        self.evidence.setPlaceholderText(self.tr("查实的事实和出处"))
        self.veto_on = date_edit(page, self.today)
        self.veto_button = QPushButton(self.tr("记录否决"), page)
        guard(self.veto_button, "staff.edit")
        self.veto_button.clicked.connect(self.record_veto)
        note = QLabel(self.tr("“四个不调”：跑官要官的不调，贪图享受的不调，能力平庸的不调，责任心不强的不调。"
                              "有任何一条，不能调入。"), page)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        form = _form(page)
        form.addRow(note)
        form.addRow(self.tr("已记录"), self.vetoes)
        form.addRow(self.tr("否决项"), self.veto)
        form.addRow(self.tr("依据 *"), self.evidence)
        form.addRow(self.tr("记录日期"), self.veto_on)
        form.addRow("", self.veto_button)
        return page

    def _decision_page(self) -> QWidget:
        page = QWidget(self)
        self.decision = QComboBox(page)
        self.decision.addItems([TRANSFER_IN, REFUSE])
        self.decided_on = date_edit(page, self.today)
        self.reason = _text_box(page, 2)
        self.section = QComboBox(page)
        self.section.addItem(self.tr("（暂不分科室）"), None)
        for s in staff.active_sections():
            self.section.addItem(s.name, s.id)
        self.decide_button = QPushButton(self.tr("作出决定"), page)
        guard(self.decide_button, "staff.edit")
        self.decide_button.clicked.connect(self.decide)
        self.decision.currentTextChanged.connect(lambda text: self.section.setEnabled(text == TRANSFER_IN))
        note = QLabel(self.tr("调入须先经基层推荐和组织考察；调入后建立人员档案，待定职级，满半年以实绩定职级。"), page)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        form = _form(page)
        form.addRow(note)
        form.addRow(self.tr("决定"), self.decision)
        form.addRow(self.tr("决定日期"), self.decided_on)
        form.addRow(self.tr("理由 *"), self.reason)
        form.addRow(self.tr("调入科室"), self.section)
        form.addRow("", self.decide_button)
        return page

    # -- showing
    def reload(self) -> None:
        chosen = selected_id(self.table)
        self.candidates = {c.id: c for c in staff.candidates()}
        rows = [[c.name, c.source_unit, c.recommended_on or self.tr("未推荐"), c.inspected_on or self.tr("未考察"),
                 "、".join(v.veto for v in c.vetoes), c.decision] for c in self.candidates.values()]
        fill_table(self.table, rows, list(self.candidates),
                   red_rows=[i for i, c in enumerate(self.candidates.values()) if c.vetoes])
        if chosen is not None:
            select_id(self.table, chosen)
        self._show_selected()

    def selected_candidate(self) -> Candidate | None:
        return self.candidates.get(selected_id(self.table))

    def _show_selected(self) -> None:
        c = self.selected_candidate()
        self.tabs.setEnabled(c is not None)
        if c is None:
            self.title.setText(self.tr("（请在左侧选择拟调人员，或新增）"))
            return
        facts = "，".join(x for x in (c.source_unit, c.current_post, c.current_rank, c.education) if x)
        decision = c.decision if c.decision == "待定" else f"{c.decision}（{c.decided_on}）"
        self.title.setText(f"<b>{html.escape(c.name)}</b>　{html.escape(facts)}<br>"
                           + html.escape(self.tr("决定：%1").replace("%1", decision)))
        for button in (self.save_screening_button, self.veto_button, self.decide_button):
            set_enabled(button, c.decision == "待定")
        self.source.setText(c.source)
        self.recommended_on.set_value(c.recommended_on)
        self.recommendation.setPlainText(c.recommendation)
        self.inspected_on.set_value(c.inspected_on)
        self.inspection.setPlainText(c.inspection)
        self.vetoes.setText("\n".join(f"{v.veto}：{v.evidence}（{v.recorded_on}）" for v in c.vetoes)
                            or self.tr("无"))
        self.vetoes.setStyleSheet("color: #d93025;" if c.vetoes else "")
        self.reason.setPlainText(c.decision_reason)

    # -- actions
    def add_candidate(self) -> None:
        dialog = AddCandidateDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.reload()
            select_id(self.table, dialog.result_value.id)

    def save_screening(self) -> None:
        c = self.selected_candidate()
        if c is not None:
            self.act(staff.update_screening, c, {
                "source": self.source.text(), "recommended_on": self.recommended_on.value(),
                "recommendation": self.recommendation.toPlainText(), "inspected_on": self.inspected_on.value(),
                "inspection": self.inspection.toPlainText()})

    def record_veto(self) -> None:
        c = self.selected_candidate()
        if c is not None:
            ok, _veto = self.act(staff.add_veto, c, self.veto.currentText(), self.evidence.toPlainText(),
                                 date_of(self.veto_on))
            if ok:
                self.evidence.clear()

    def decide(self) -> None:
        c = self.selected_candidate()
        if c is None:
            return
        decision = self.decision.currentText()
        section = staff.section_by_id(self.section.currentData()) if decision == TRANSFER_IN else None
        ok, person = self.act(staff.decide_candidate, c, decision, date_of(self.decided_on),
                              self.reason.toPlainText(), section)
        if ok and person is not None:
            self.person_created = person
            self.title.setText(self.title.text() + "<br>"
                               + html.escape(self.tr("已建立 %1 的人员档案（待定职级）").replace("%1", person.name)))
