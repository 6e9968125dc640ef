"""收文 forms: 登记收文 (and its correction), 拟办/批示, 承办, 办理过程, 传阅, 办结, 转督办, 作废, 归档, and
the whole record of a document (its steps and 传阅) opened by a double-click.

Every rule and every refusal comes from services/documents/incoming.py; these only show and collect."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget)

from govoffice_desktop.models.documents import IN_OPEN, SECRECY_LEVELS, URGENCIES
from govoffice_desktop.services import staff, workdays
from govoffice_desktop.services.documents import incoming
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.forms import ServiceDialog, date_edit, date_of, em, fill_table, hint, read_only_table
from govoffice_desktop.ui.supervision_dialogs import choose_data, limit_to, section_combo, text_box


def tr(text: str) -> str:
    return QCoreApplication.translate("documents", text)


def esc(text) -> str:
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def heading(doc, parent: QWidget) -> QLabel:
    """The document a form is about: 收〔2026〕12号　标题 (来文单位)."""
    label = QLabel(f"<b>{esc(incoming.number_of(doc))}</b>　{esc(doc.title)}"
                   f"<span style='color:#5f6368'>（{esc(doc.source_unit)}）</span>", parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def line(parent: QWidget, text: str = "", limit: int = 30, hint_text: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setMaxLength(limit)
    edit.setText(text or "")
    if hint_text:
        edit.setPlaceholderText(hint_text)
    return edit


class DocumentForm(ServiceDialog):
    """A form about one document: its heading first, then ``form``, hints, the buttons."""

    def __init__(self, doc, title: str, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.doc = doc
        self.today = today or date.today()
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.addRow(tr("收文"), heading(doc, self))
        self.box = QVBoxLayout(self)
        self.box.addLayout(self.form)

    def finish(self, *hints: str) -> None:
        for text in hints:
            self.box.addWidget(hint(text, self))
        self.box.addWidget(self.buttons)

    def dated(self, value: date | None = None):
        edit = date_edit(self, value or self.today)
        limit_to(edit, self.today)
        return edit


# ---------------------------------------------------------------- 登记
class RegisterDialog(ServiceDialog):
    """登记收文 → incoming.register; 修改登记 → incoming.correct (the number stays)."""

    def __init__(self, doc=None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.doc = doc
        self.today = today or date.today()
        self.setWindowTitle(tr("修改收文登记") if doc else tr("登记收文"))
        self.received_on = date_edit(self, doc.received_on if doc else self.today)
        limit_to(self.received_on, self.today)
        self.source_unit = line(self, doc.source_unit if doc else "", 100, tr("如：江苏省人民政府办公厅"))
        self.source_unit.setMinimumWidth(em(self, 26))
        self.source_ref = line(self, doc.source_ref if doc else "", 60, tr("照原件填写，如：苏政办发〔2026〕12号"))
        self.title_edit = line(self, doc.title if doc else "", 200, tr("文件标题"))
        self.copies = QSpinBox(self)
        self.copies.setRange(1, 9999)
        self.copies.setValue(doc.copies if doc else 1)
        self.urgency = QComboBox(self)
        for urgency in URGENCIES:
            self.urgency.addItem(tr(urgency), urgency)
        choose_data(self.urgency, doc.urgency if doc else URGENCIES[-1])
        self.secrecy = QComboBox(self)
        for level in SECRECY_LEVELS:
            self.secrecy.addItem(tr(level), level)
        choose_data(self.secrecy, doc.secrecy if doc else SECRECY_LEVELS[0])
        self.limit = QLabel(self)
        form = QFormLayout()
        if doc is not None:
            form.addRow(tr("收文编号"), QLabel(incoming.number_of(doc), self))
        form.addRow(tr("收文日期 *"), self.received_on)
        form.addRow(tr("来文单位 *"), self.source_unit)
        form.addRow(tr("来文字号"), self.source_ref)
        form.addRow(tr("标题 *"), self.title_edit)
        row = QHBoxLayout()
        row.addWidget(self.copies)
        row.addWidget(QLabel(tr("紧急程度 *"), self))
        row.addWidget(self.urgency)
        row.addWidget(QLabel(tr("密级 *"), self))
        row.addWidget(self.secrecy)
        row.addStretch(1)
        form.addRow(tr("份数 *"), row)
        form.addRow(tr("办理时限"), self.limit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint(tr("涉密文件（秘密、机密、绝密）不在本系统登记：请交机要室，通过机要渠道签收、登记和办理。"), self))
        if doc is None:
            layout.addWidget(hint(tr("收文编号在保存时按收文日期所在年份依次编号（如 收〔2026〕12号），不空号、不重号。"), self))
        layout.addWidget(self.buttons)
        self.received_on.dateChanged.connect(self._show_limit)
        self.urgency.currentIndexChanged.connect(self._show_limit)
        self._show_limit()

    def _show_limit(self, *_args) -> None:
        """The 办理时限 the document will have: the rule's for its 紧急程度 (or the leader's days)."""
        received, urgency = date_of(self.received_on), self.urgency.currentData()
        days = self.doc.limit_days if self.doc is not None else None
        try:
            days = days or workdays.limit_days(urgency, received)
            deadline = workdays.deadline_for(urgency, received, days)
        except BadValue as exc:
            self.limit.setText(str(exc))
            return
        self.limit.setText(tr("%1 个工作日，至 %2").replace("%1", str(days)).replace("%2", deadline.isoformat()))

    def data(self) -> dict:
        return {"received_on": date_of(self.received_on), "source_unit": self.source_unit.text(),
                "source_ref": self.source_ref.text(), "title": self.title_edit.text(), "copies": self.copies.value(),
                "urgency": self.urgency.currentData(), "secrecy": self.secrecy.currentData()}

    def submit(self):
        if self.doc is None:
            return incoming.register(self.data(), today=self.today)
        return incoming.correct(self.doc, self.data(), today=self.today)


# ---------------------------------------------------------------- 拟办、批示、承办
class ReviewDialog(DocumentForm):
    """拟办意见 and 领导批示 (who, what, when; a limit of its own with the reason) → incoming.review."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("拟办意见和领导批示"), parent, today)
        self.proposal = text_box(self, doc.proposal, 2)
        self.proposal.setPlaceholderText(tr("如：拟请综合科牵头办理，报王市长阅示"))
        self.proposed_by = line(self, doc.proposed_by, 30, tr("不填则记为当前用户"))
        self.instruction = text_box(self, doc.instruction, 3)
        self.instruction.setPlaceholderText(tr("领导批示的原文"))
        self.instructed_by = line(self, doc.instructed_by, 30, tr("如：王市长"))
        self.instructed_on = self.dated(doc.instructed_on)
        self.own_limit = QCheckBox(tr("领导另定办理时限"), self)
        self.limit_days = QSpinBox(self)
        self.limit_days.setRange(1, workdays.MAX_LIMIT_DAYS)
        self.limit_days.setSuffix(tr(" 个工作日"))
        self.limit_days.setValue(doc.limit_days or 5)
        self.limit_reason = line(self, "", 150, tr("依据，如：批示要求一周内办结"))
        self.own_limit.toggled.connect(self._limit_toggled)
        self.own_limit.setChecked(doc.limit_days is not None)
        self._limit_toggled(self.own_limit.isChecked())
        self.form.addRow(tr("拟办意见"), self.proposal)
        self.form.addRow(tr("拟办人"), self.proposed_by)
        self.form.addRow(tr("领导批示"), self.instruction)
        self.form.addRow(tr("批示领导"), self.instructed_by)
        self.form.addRow(tr("批示日期"), self.instructed_on)
        limit = QHBoxLayout()
        limit.addWidget(self.own_limit)
        limit.addWidget(self.limit_days)
        limit.addStretch(1)
        self.form.addRow(tr("办理时限"), limit)
        self.form.addRow(tr("时限依据"), self.limit_reason)
        current = tr("现办理时限：%1").replace("%1", doc.deadline.isoformat() if doc.deadline else tr("未定"))
        self.finish(current + tr("。领导另定时限的，按收文日期起算的工作日数计，替代按紧急程度的规定时限。"))

    def _limit_toggled(self, on: bool) -> None:
        self.limit_days.setEnabled(on)
        self.limit_reason.setEnabled(on)

    def data(self) -> dict:
        own = self.own_limit.isChecked() and (self.doc.limit_days != self.limit_days.value()
                                              or bool(self.limit_reason.text().strip()))
        return {"proposal": self.proposal.toPlainText(), "proposed_by": self.proposed_by.text(),
                "instruction": self.instruction.toPlainText(), "instructed_by": self.instructed_by.text(),
                "instructed_on": date_of(self.instructed_on),
                "limit_days": self.limit_days.value() if own else None,
                "limit_reason": self.limit_reason.text() if own else ""}

    def submit(self):
        return incoming.review(self.doc, self.data(), today=self.today)


def people_of(combo: QComboBox, section_id: int | None, current=None) -> None:
    """``combo`` offers the people of the section (ids as data), ``current`` chosen."""
    combo.clear()
    combo.addItem(tr("（未定）"), None)
    for person in staff.people_on_staff():
        if person.section_id == section_id:
            combo.addItem(person.name, person.id)
    if current is not None:
        choose_data(combo, current)


class AssignDialog(DocumentForm):
    """承办科室 and 承办人 → incoming.assign (the 办理时限 counted again)."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("承办"), parent, today)
        self.section = section_combo(self, doc.section if doc.section_id else None)
        if not doc.section_id:
            self.section.setCurrentIndex(-1)
        self.handler = QComboBox(self)
        self.handler.setMinimumWidth(em(self, 10))
        people_of(self.handler, doc.section_id, doc.handler_id)
        self.section.currentIndexChanged.connect(lambda _i: people_of(self.handler, self.section.currentData()))
        if doc.proposal:
            self.form.addRow(tr("拟办意见"), QLabel(doc.proposal, self))
        if doc.instruction:
            self.form.addRow(tr("领导批示"), QLabel(f"{doc.instruction}（{doc.instructed_by}）", self))
        self.form.addRow(tr("承办科室 *"), self.section)
        self.form.addRow(tr("承办人"), self.handler)
        days = doc.limit_days or workdays.limit_days(doc.urgency, doc.received_on)
        self.finish(tr("办理时限：%1件 %2 个工作日，自收文日期 %3 起算（节假日、调休按节假日安排）。")
                    .replace("%1", doc.urgency).replace("%2", str(days)).replace("%3", doc.received_on.isoformat()))

    def submit(self):
        return incoming.assign(self.doc, self.section.currentData(), self.handler.currentData(), today=self.today)


# ---------------------------------------------------------------- 办理过程、传阅、办结
class StepDialog(DocumentForm):
    """办理过程: a dated entry → incoming.add_step."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("登记办理过程"), parent, today)
        self.noted_on = self.dated()
        self.note = text_box(self, "", 4)
        self.note.setPlaceholderText(tr("如：已召开协调会，明确由市应急管理局牵头"))
        self.noted_by = line(self, "", 30, tr("不填则记为当前用户"))
        self.form.addRow(tr("日期 *"), self.noted_on)
        self.form.addRow(tr("办理情况 *"), self.note)
        self.form.addRow(tr("记录人"), self.noted_by)
        self.finish()

    def submit(self):
        return incoming.add_step(self.doc, date_of(self.noted_on), self.note.toPlainText(), self.noted_by.text(),
                                 today=self.today)


class CirculationDialog(DocumentForm):
    """传阅: the leaders it went to and who has read it; send it to more, mark some 阅退
    → incoming.record_circulation."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("传阅"), parent, today)
        self.rows = incoming.circulation_of(doc)
        self.table = read_only_table(self, [tr("传阅领导"), tr("送阅日期"), tr("阅退日期"), tr("备注")], stretch=3)
        fill_table(self.table, [(c.reader_name, c.sent_on, c.read_on, c.remark) for c in self.rows],
                   [c.id for c in self.rows])
        self.table.setMinimumHeight(self.fontMetrics().height() * 6)
        self.returned = QWidget(self)
        ticks = QHBoxLayout(self.returned)
        ticks.setContentsMargins(0, 0, 0, 0)
        self.ticks: list[tuple[QCheckBox, int]] = []
        for c in self.rows:
            if c.read_on is None:
                box = QCheckBox(c.reader_name, self.returned)
                ticks.addWidget(box)
                self.ticks.append((box, c.id))
        if not self.ticks:
            ticks.addWidget(QLabel(tr("（没有待阅退的）"), self.returned))
        ticks.addStretch(1)
        self.read_on = self.dated()
        self.send_to = line(self, "", 200, tr("领导姓名，多位用顿号分开，如：王市长、李副市长"))
        self.send_to.setMinimumWidth(em(self, 26))
        completer = QCompleter(incoming.reader_choices(), self.send_to)
        self.send_to.setCompleter(completer)
        self.sent_on = self.dated()
        self.remark = line(self, "", 200)
        self.form.addRow(tr("传阅情况"), self.table)
        self.form.addRow(tr("已阅退"), self.returned)
        self.form.addRow(tr("阅退日期"), self.read_on)
        self.form.addRow(tr("送阅给"), self.send_to)
        self.form.addRow(tr("送阅日期"), self.sent_on)
        self.form.addRow(tr("备注"), self.remark)
        self.finish(tr("勾选已阅退的领导并填阅退日期；或填写送阅的领导。两者可一次保存。"))

    def submit(self):
        return incoming.record_circulation(
            self.doc, incoming.reader_names(self.send_to.text()), date_of(self.sent_on),
            [key for box, key in self.ticks if box.isChecked()], date_of(self.read_on), self.remark.text(),
            today=self.today)


class CompleteDialog(DocumentForm):
    """办结: the date and the result → incoming.complete."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("办结"), parent, today)
        self.done_on = self.dated()
        self.result_box = text_box(self, "", 4)
        self.result_box.setPlaceholderText(tr("办理结果：如何办理、是否答复来文单位"))
        self.form.addRow(tr("办理时限"), QLabel(doc.deadline.isoformat() if doc.deadline else tr("未定"), self))
        self.form.addRow(tr("办结日期 *"), self.done_on)
        self.form.addRow(tr("办理结果 *"), self.result_box)
        self.finish(tr("在办理时限当天或之前办结的为按时办结。"))

    def submit(self):
        return incoming.complete(self.doc, date_of(self.done_on), self.result_box.toPlainText(), today=self.today)


class ToTaskDialog(DocumentForm):
    """转为督办事项 → incoming.to_task: one step makes the 督办事项 and closes the document."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("转为督办事项"), parent, today)
        self.on = self.dated()
        self.title_edit = line(self, f"{doc.title}（{incoming.number_of(doc)}）", 200)
        self.title_edit.setMinimumWidth(em(self, 28))
        handler = doc.handler_name + (f"（{doc.section.name}）" if doc.section_id else "")
        for label, value in ((tr("领导批示"), f"{doc.instruction}（{doc.instructed_by}）" if doc.instruction else ""),
                             (tr("责任人"), handler), (tr("办结时限"), doc.deadline.isoformat() if doc.deadline else "")):
            shown = QLabel(value or tr("（未定）"), self)
            shown.setWordWrap(True)
            self.form.addRow(label, shown)
        self.form.addRow(tr("督办事项 *"), self.title_edit)
        self.form.addRow(tr("转督办日期 *"), self.on)
        self.finish(tr("将新建一件督办事项（来源：领导交办；办理要求为领导批示；责任人、科室随承办；办结时限同收文），"
                       "这件收文记为转督办，后续在督查督办中办理。"))

    def submit(self):
        return incoming.to_task(self.doc, date_of(self.on), self.title_edit.text(), today=self.today)


# ---------------------------------------------------------------- 作废、归档
class VoidDialog(DocumentForm):
    """作废 with the reason → incoming.void (the number stays in the register)."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("作废收文编号"), parent, today)
        self.reason = text_box(self, "", 3)
        self.reason.setPlaceholderText(tr("如：与收〔2026〕11号重复登记"))
        self.form.addRow(tr("作废原因 *"), self.reason)
        self.finish(tr("作废的编号保留在登记簿中，注明原因，不再使用。"))

    def submit(self):
        return incoming.void(self.doc, self.reason.toPlainText(), today=self.today)


class FileDialog(DocumentForm):
    """归档 with its 档号 → incoming.file_document."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(doc, tr("归档"), parent, today)
        self.archive_no = line(self, doc.archive_no, 60, tr("如：WS·2026-Y-0012"))
        self.filed_on = self.dated(doc.filed_on)
        self.form.addRow(tr("档号 *"), self.archive_no)
        self.form.addRow(tr("归档日期 *"), self.filed_on)
        self.finish(tr("办结或转督办的收文才能归档；一个档号只对应一件文件。"))

    def submit(self):
        return incoming.file_document(self.doc, self.archive_no.text(), date_of(self.filed_on), today=self.today)


# ---------------------------------------------------------------- the whole record
class RecordDialog(QDialog):
    """A document's whole record (double-click): registration, 拟办, 批示, 承办 and time limit, result,
    the 督办事项 it became, 归档; its 办理过程 and 传阅."""

    def __init__(self, doc, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        record = incoming.record_of(doc, self.today)
        self.setWindowTitle(tr("收文 %1").replace("%1", record["no"]))
        self.info = QLabel(self)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setText(record_html(record))
        self.info.setMinimumWidth(em(self, 36))
        self.steps = read_only_table(self, [tr("日期"), tr("办理情况"), tr("记录人")], stretch=1)
        self.steps.setWordWrap(True)
        self.steps.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        fill_table(self.steps, [(s["noted_on"], s["note"], s["noted_by"]) for s in record["steps"]])
        self.circulation = read_only_table(self, [tr("传阅领导"), tr("送阅日期"), tr("阅退日期"), tr("备注")], stretch=3)
        fill_table(self.circulation, [(c["reader"], c["sent_on"], c["read_on"] or tr("未阅退"), c["remark"])
                                      for c in record["circulation"]])
        steps_box, reading_box = QGroupBox(tr("办理过程"), self), QGroupBox(tr("传阅"), self)
        QVBoxLayout(steps_box).addWidget(self.steps)
        QVBoxLayout(reading_box).addWidget(self.circulation)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(steps_box, 2)
        layout.addWidget(reading_box, 1)
        layout.addWidget(buttons)
        self.resize(em(self, 48), em(self, 40))


def record_html(r: dict) -> str:
    """The record's first part as the dialog shows it."""
    def row(label: str, value) -> str:
        return f"<tr><td style='color:#5f6368; padding-right:8px'>{esc(label)}</td><td>{esc(value)}</td></tr>"

    state = r["status"]
    if r["status"] == IN_OPEN and r["working_days_over"]:
        state += tr("，已超期 %1 个工作日").replace("%1", str(r["working_days_over"]))
    elif r["status"] == IN_OPEN and r["working_days_left"] is not None:
        state += tr("，还有 %1 个工作日").replace("%1", str(r["working_days_left"]))
    elif r["done_on"] is not None and r["on_time"] is not None:
        state += tr("（按时）") if r["on_time"] else tr("（超期）")
    rows = [row(tr("来文单位"), r["source_unit"]), row(tr("来文字号"), r["source_ref"]),
            row(tr("收文日期"), r["received_on"]),
            row(tr("份数 / 紧急程度 / 密级"), f"{r['copies']} / {r['urgency']} / {r['secrecy']}"),
            row(tr("拟办意见"), f"{r['proposal']}（{r['proposed_by']}）" if r["proposal"] else ""),
            row(tr("领导批示"), f"{r['instruction']}（{r['instructed_by']}，{r['instructed_on'] or ''}）"
                if r["instruction"] else ""),
            row(tr("承办"), "，".join(x for x in (r["section"], r["handler"]) if x)),
            row(tr("办理时限"), f"{r['deadline'] or ''}" + (f"（{r['deadline_note']}）" if r["deadline_note"] else "")),
            row(tr("状态"), state)]
    if r["done_on"] is not None:
        rows.append(row(tr("办结日期"), r["done_on"]))
    if r["result"]:
        rows.append(row(tr("办理结果"), r["result"]))
    if r["task"] is not None:
        rows.append(row(tr("督办事项"), f"{r['task']['title']}（{r['task']['status']}）"))
    if r["void_reason"]:
        rows.append(row(tr("作废原因"), r["void_reason"]))
    if r["archive_no"]:
        rows.append(row(tr("档号"), f"{r['archive_no']}（{r['filed_on']} 归档）"))
    return (f"<p style='margin:0'><b style='font-size:115%'>{esc(r['no'])}　{esc(r['title'])}</b></p>"
            f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>")
