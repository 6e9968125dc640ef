"""发文 forms: 拟稿 and 修改 (更正 at any stage), 签发 (the number it gets), 印发, 作废, and the office's
发文代字.  Every rule and every refusal is services/documents/outgoing.py's; these only show and collect."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from govoffice_desktop.models.documents import OUT_DRAFT, OUT_ISSUED, OUT_SIGNED, PUBLICITY, URGENCIES
from govoffice_desktop.services.documents import outgoing
from govoffice_desktop.ui.forms import ServiceDialog, date_edit, date_of, em, hint
from govoffice_desktop.ui.supervision_dialogs import choose_data, person_combo, section_combo, text_box


def tr(text: str) -> str:
    return QCoreApplication.translate("outgoing", text)


def no_later_than(edit, today: date) -> None:
    edit.setMaximumDate(QDate(today))


def copies_spin(parent: QWidget, value: int | None = None) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(1, 100000)
    spin.setSuffix(tr(" 份"))
    spin.setValue(value or 1)
    return spin


def heading(doc) -> QLabel:
    """The document a form is about: its number (or 拟稿) and title."""
    label = QLabel(f"{outgoing.number_of(doc) or tr('（未编号）')}　{doc.title}")
    label.setWordWrap(True)
    label.setMinimumWidth(em(label, 26))
    return label


# ---------------------------------------------------------------- 拟稿 / 修改
class DraftDialog(ServiceDialog):
    """拟稿 (a new document) → outgoing.draft; 修改 → outgoing.correct, with 签发 and 印发's fields once
    the document has them."""

    def __init__(self, doc=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.doc = doc
        self.today = today or date.today()
        self.setWindowTitle(tr("修改发文") if doc else tr("拟稿"))
        self.prefix = QComboBox(self)
        self.prefix.setObjectName("prefix")
        for prefix in outgoing.prefixes():
            self.prefix.addItem(prefix, prefix)
        if doc is not None and self.prefix.findData(doc.prefix) < 0:
            self.prefix.addItem(doc.prefix, doc.prefix)
        self.title_edit = QLineEdit(self)
        self.title_edit.setMaxLength(outgoing.MAX_TITLE)
        self.title_edit.setMinimumWidth(em(self, 30))
        self.title_edit.setPlaceholderText(tr("如：关于做好冬季安全生产工作的通知"))
        self.drafter = person_combo(self, doc.drafter if doc and doc.drafter_id else None, blank=tr("（其他人，写姓名）"))
        self.drafter_name = QLineEdit(self)
        self.drafter_name.setMaxLength(30)
        self.drafter_name.setPlaceholderText(tr("不在人员档案中的拟稿人"))
        self.section = section_combo(self, doc.section if doc and doc.section_id else None, blank=tr("（请选择）"))
        self.reviewer = QLineEdit(self)
        self.reviewer.setMaxLength(30)
        self.drafted_on = date_edit(self, doc.drafted_on if doc else self.today)
        no_later_than(self.drafted_on, self.today)
        self.urgency = QComboBox(self)
        for urgency in URGENCIES:
            self.urgency.addItem(tr(urgency), urgency)
        self.publicity = QComboBox(self)
        for publicity in PUBLICITY:
            self.publicity.addItem(tr(publicity), publicity)
        self.main_to = text_box(self, "", 2)
        self.main_to.setPlaceholderText(tr("如：各县（区）人民政府，市各委办局"))
        self.copy_to = text_box(self, "", 2)
        self.signer = QLineEdit(self)
        self.signer.setMaxLength(30)
        self.signed_on = date_edit(self, doc.signed_on if doc and doc.signed_on else self.today)
        self.printed_on = date_edit(self, doc.printed_on if doc and doc.printed_on else self.today)
        self.copies = copies_spin(self, doc.copies if doc else None)
        for edit in (self.signed_on, self.printed_on):
            no_later_than(edit, self.today)

        form = QFormLayout()
        if doc is not None and doc.serial is not None:
            form.addRow(tr("发文字号"), QLabel(outgoing.number_of(doc), self))
        form.addRow(tr("发文代字 *"), self.prefix)
        self.prefix.setEnabled(doc is None or doc.serial is None)  # a number belongs to its 代字
        form.addRow(tr("标题 *"), self.title_edit)
        form.addRow(tr("拟稿人 *"), self.drafter)
        form.addRow("", self.drafter_name)
        form.addRow(tr("拟稿科室 *"), self.section)
        form.addRow(tr("核稿人"), self.reviewer)
        form.addRow(tr("拟稿日期"), self.drafted_on)
        form.addRow(tr("紧急程度"), self.urgency)
        form.addRow(tr("公开属性"), self.publicity)
        form.addRow(tr("主送 *"), self.main_to)
        form.addRow(tr("抄送"), self.copy_to)
        status = doc.status if doc is not None else OUT_DRAFT
        form.addRow(tr("签发人 *"), self.signer)
        form.addRow(tr("签发日期 *"), self.signed_on)
        form.addRow(tr("印发日期 *"), self.printed_on)
        form.addRow(tr("印发份数 *"), self.copies)
        for field in (self.signer, self.signed_on):  # 签发 and 印发 are corrected here once recorded
            form.setRowVisible(field, status in (OUT_SIGNED, OUT_ISSUED))
        for field in (self.printed_on, self.copies):
            form.setRowVisible(field, status == OUT_ISSUED)
        layout = QVBoxLayout(self)
        if not outgoing.prefixes() and doc is None:
            layout.addWidget(hint(tr("还没有设置发文代字：请先点“更多 → 发文代字…”列出本单位的代字。"), self))
        layout.addLayout(form)
        layout.addWidget(hint(tr("签发时按发文代字和签发年份自动编号；修改均记入审计日志。"), self))
        layout.addWidget(self.buttons)
        self.drafter.currentIndexChanged.connect(self._drafter_changed)
        if doc is not None:
            self._fill(doc)
        self._drafter_changed()

    def _fill(self, doc) -> None:
        choose_data(self.prefix, doc.prefix)
        self.title_edit.setText(doc.title)
        if doc.drafter_id is None:
            self.drafter_name.setText(doc.drafter_name)
        self.reviewer.setText(doc.reviewer)
        choose_data(self.urgency, doc.urgency)
        choose_data(self.publicity, doc.publicity)
        self.main_to.setPlainText(doc.main_to)
        self.copy_to.setPlainText(doc.copy_to)
        self.signer.setText(doc.signer)

    def _drafter_changed(self, *_args) -> None:
        """A drafter on file brings their section; a name is typed only for someone not on file."""
        person_id = self.drafter.currentData()
        self.drafter_name.setEnabled(person_id is None)
        if person_id is not None:
            from govoffice_desktop.services import staff

            person = staff.person_by_id(person_id)
            if person is not None and person.section_id is not None:
                choose_data(self.section, person.section_id)

    def data(self) -> dict:
        return {"prefix": self.prefix.currentData(), "title": self.title_edit.text(),
                "drafter": self.drafter.currentData(), "drafter_name": self.drafter_name.text(),
                "section": self.section.currentData(), "reviewer": self.reviewer.text(),
                "drafted_on": date_of(self.drafted_on), "urgency": self.urgency.currentData(),
                "publicity": self.publicity.currentData(), "main_to": self.main_to.toPlainText(),
                "copy_to": self.copy_to.toPlainText(), "signer": self.signer.text(),
                "signed_on": date_of(self.signed_on), "printed_on": date_of(self.printed_on),
                "copies": self.copies.value()}

    def submit(self):
        if self.doc is None:
            return outgoing.draft(self.data(), today=self.today)
        return outgoing.correct(self.doc, self.data(), today=self.today)


# ---------------------------------------------------------------- 签发
class SignDialog(ServiceDialog):
    """签发 → outgoing.sign: 签发人 and 签发日期; the number it will get is said before 确定."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.doc = doc
        self.today = today or date.today()
        self.setWindowTitle(tr("签发"))
        self.signer = QLineEdit(self)
        self.signer.setMaxLength(30)
        self.signer.setPlaceholderText(tr("签发领导姓名"))
        self.signed_on = date_edit(self, self.today)
        no_later_than(self.signed_on, self.today)
        self.number = QLabel(self)
        self.number.setObjectName("number")
        form = QFormLayout()
        form.addRow(tr("发文"), heading(doc))
        form.addRow(tr("签发人 *"), self.signer)
        form.addRow(tr("签发日期 *"), self.signed_on)
        form.addRow(tr("发文字号"), self.number)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(tr("确定后按签发年份编入该代字的下一个文号，文号不会重复、不会空号；"
                                 "作废的文号保留在登记簿中。"), self))
        layout.addWidget(self.buttons)
        self.signed_on.dateChanged.connect(self._show_number)
        self._show_number()

    def _show_number(self, *_args) -> None:
        year = date_of(self.signed_on).year
        number = outgoing.outgoing_number(self.doc.prefix, year, outgoing.next_serial(self.doc.prefix, year))
        self.number.setText(tr("%1（确定时编定）").replace("%1", number))

    def submit(self):
        return outgoing.sign(self.doc, self.signer.text(), date_of(self.signed_on), today=self.today)


# ---------------------------------------------------------------- 印发
class IssueDialog(ServiceDialog):
    """印发 → outgoing.issue: 印发日期 (not before 签发) and 份数."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.doc = doc
        self.today = today or date.today()
        self.setWindowTitle(tr("印发"))
        self.printed_on = date_edit(self, self.today)
        no_later_than(self.printed_on, self.today)
        if doc.signed_on is not None:
            self.printed_on.setMinimumDate(QDate(doc.signed_on))
        self.copies = copies_spin(self)
        form = QFormLayout()
        form.addRow(tr("发文"), heading(doc))
        form.addRow(tr("签发"), QLabel(f"{doc.signer}　{doc.signed_on or ''}", self))
        form.addRow(tr("印发日期 *"), self.printed_on)
        form.addRow(tr("印发份数 *"), self.copies)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def submit(self):
        return outgoing.issue(self.doc, date_of(self.printed_on), self.copies.value(), today=self.today)


# ---------------------------------------------------------------- 作废
class VoidDialog(ServiceDialog):
    """作废 → outgoing.void, with the reason (a number keeps its place with it)."""

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle(tr("作废发文"))
        self.reason = text_box(self, "", 3)
        self.reason.setPlaceholderText(tr("如：经领导同意另行起草"))
        form = QFormLayout()
        form.addRow(tr("发文"), heading(doc))
        form.addRow(tr("作废原因 *"), self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(tr("已编号的，文号连同作废原因保留在登记簿中，不再使用。") if doc.serial is not None
                              else tr("这份发文还没有编号，作废后留在登记簿中备查。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return outgoing.void(self.doc, self.reason.toPlainText())


# ---------------------------------------------------------------- 发文代字
class PrefixesDialog(ServiceDialog):
    """The office's 发文代字, one a line → outgoing.set_prefixes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("发文代字"))
        self.box = text_box(self, "\n".join(outgoing.prefixes()), 6)
        self.box.setPlaceholderText(tr("宿政办发\n宿政办函\n宿政办电"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("本单位的发文代字，每行一个（拟稿时从中选择）："), self))
        layout.addWidget(self.box)
        layout.addWidget(hint(tr("每个代字每年从1号起编号。从列表中删去的代字不再用于新拟稿，已有的发文保留原代字。"), self))
        layout.addWidget(self.buttons)

    def submit(self):
        return outgoing.set_prefixes(self.box.toPlainText())
