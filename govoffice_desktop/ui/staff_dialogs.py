"""人员档案 dialogs for one person or one list: 调动, 培训/读书, 读三本书进度, 定级."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from govoffice_desktop.models.staff import READING_KINDS, TRAINING_KINDS, Person
from govoffice_desktop.reports import staff as staff_reports
from govoffice_desktop.services import person_history, staff
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.forms import (RED, set_enabled, guard, OptionalDateEdit, PanelDialog, ServiceDialog, date_edit,
                                        date_of, em, fill_table, read_only_table, select_id, selected_id)


class MoveDialog(ServiceDialog):
    """调动 (优化配置): to another section, with the date and the reason → staff.move_person."""

    def __init__(self, person: Person, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.person = person
        self.setWindowTitle(self.tr("调动：%1").replace("%1", person.name))
        current = person.section.name if person.section_id else self.tr("（未分科室）")
        self.section = QComboBox(self)
        for s in staff.active_sections():
            if s.id != person.section_id:
                self.section.addItem(s.name, s.id)
        self.moved_on = date_edit(self, today)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(100)
        self.reason.setPlaceholderText(self.tr("如：优化配置、工作需要"))
        self.reason.setMinimumWidth(em(self, 20))
        form = QFormLayout(self)
        form.addRow(self.tr("现科室"), QLabel(current, self))
        form.addRow(self.tr("调往 *"), self.section)
        form.addRow(self.tr("调动日期 *"), self.moved_on)
        form.addRow(self.tr("调动原因 *"), self.reason)
        form.addRow(self.buttons)

    def submit(self):
        return staff.move_person(self.person, staff.section_by_id(self.section.currentData()),
                                 date_of(self.moved_on), self.reason.text())


class StudyDialog(ServiceDialog):
    """培训 / 读书 for one person: the tab shown is what OK records."""

    def __init__(self, person: Person, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        today = today or date.today()
        self.person = person
        self.setWindowTitle(self.tr("学习培训：%1").replace("%1", person.name))
        self.tabs = QTabWidget(self)

        page = QWidget(self)
        self.training_kind = QComboBox(page)
        self.training_kind.addItems(list(TRAINING_KINDS))
        self.training_title = QLineEdit(page)
        self.training_title.setMaxLength(100)
        self.training_title.setMinimumWidth(em(self, 20))
        self.started_on = date_edit(page, today)
        self.ended_on = OptionalDateEdit(page)
        self.hours = QSpinBox(page)
        self.hours.setRange(0, 9999)
        self.hours.setSpecialValueText(self.tr("未填"))
        self.hours.setSuffix(self.tr(" 学时"))
        self.training_result = QLineEdit(page)
        self.training_result.setMaxLength(60)
        self.training_result.setPlaceholderText(self.tr("如：合格、优秀、取得证书"))
        self.training_note = QLineEdit(page)
        form = QFormLayout(page)
        form.addRow(self.tr("类别 *"), self.training_kind)
        form.addRow(self.tr("培训内容 *"), self.training_title)
        form.addRow(self.tr("开始日期 *"), self.started_on)
        form.addRow(self.tr("结束日期"), self.ended_on)
        form.addRow(self.tr("学时"), self.hours)
        form.addRow(self.tr("成绩/结果"), self.training_result)
        form.addRow(self.tr("备注"), self.training_note)
        self.tabs.addTab(page, self.tr("培训"))

        page = QWidget(self)
        self.year = QSpinBox(page)
        self.year.setRange(1990, today.year + 1)
        self.year.setValue(today.year)
        self.reading_kind = QComboBox(page)
        self.reading_kind.addItems(list(READING_KINDS))
        self.book_title = QLineEdit(page)
        self.book_title.setMaxLength(100)
        self.book_title.setPlaceholderText(self.tr("书名，不用加书名号"))
        self.finished_on = OptionalDateEdit(page)
        self.shared_on = OptionalDateEdit(page)
        self.reading_notes = QPlainTextEdit(page)
        self.reading_notes.setMaximumHeight(self.fontMetrics().height() * 5)
        form = QFormLayout(page)
        form.addRow(self.tr("年度 *"), self.year)
        form.addRow(self.tr("类别 *"), self.reading_kind)
        form.addRow(self.tr("书名 *"), self.book_title)
        form.addRow(self.tr("读完日期"), self.finished_on)
        form.addRow(self.tr("交流日期"), self.shared_on)
        form.addRow(self.tr("读书体会"), self.reading_notes)
        note = QLabel(self.tr("读三本书：每人每年读政治理论、业务知识、市场经济理论各一本，并在交流会上交流体会。"
                              "同一年同一类再登记一次，即改为新登记的这本。"), page)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        form.addRow(note)
        self.tabs.addTab(page, self.tr("读书"))

        self.setMinimumWidth(em(self, 28))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)

    def submit(self):
        if self.tabs.currentIndex() == 0:
            return staff.add_training(self.person, self.training_kind.currentText(), self.training_title.text(),
                                      date_of(self.started_on), self.ended_on.value(), self.hours.value() or None,
                                      self.training_result.text(), self.training_note.text())
        return staff.record_reading(self.person, self.year.value(), self.reading_kind.currentText(),
                                    self.book_title.text(), self.finished_on.value(), self.shared_on.value(),
                                    self.reading_notes.toPlainText())


class ThreeBooksDialog(PanelDialog):
    """读三本书进度: for a year, who has read and shared which book; per section, how many are done."""

    def __init__(self, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle(self.tr("读三本书进度"))
        self.resize(em(self, 60), em(self, 40))
        self.year = QSpinBox(self)
        self.year.setRange(1990, self.today.year + 1)
        self.year.setValue(self.today.year)
        self.section = QComboBox(self)
        self.section.addItem(self.tr("全部科室"), None)
        for s in staff.active_sections():
            self.section.addItem(s.name, s.id)
        self.summary = QLabel(self)
        self.people = read_only_table(self, [self.tr("姓名"), self.tr("科室")] + list(READING_KINDS)
                                      + [self.tr("完成情况")])
        self.sections = read_only_table(self, [self.tr("科室"), self.tr("人数"), self.tr("读完三本"),
                                               self.tr("读完并交流"), self.tr("完成率")])
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度："), self))
        bar.addWidget(self.year)
        bar.addWidget(QLabel(self.tr("科室："), self))
        bar.addWidget(self.section)
        bar.addStretch(1)
        tabs = QTabWidget(self)
        tabs.addTab(self.people, self.tr("按人员"))
        tabs.addTab(self.sections, self.tr("按科室"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.buttons)
        self.year.valueChanged.connect(self.reload)
        self.section.currentIndexChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        progress = staff.three_books(self.year.value(), staff.section_by_id(self.section.currentData()))

        def state(p, kind):
            if kind in p.shared:
                return self.tr("已读，已交流")
            return self.tr("已读") if kind in p.read else self.tr("未读")

        rows = [[p.person.name, p.section or self.tr("（未分科室）")] + [state(p, k) for k in READING_KINDS]
                + [self.tr("完成") if p.complete else self.tr("未完成")] for p in progress]
        fill_table(self.people, rows, [p.person.id for p in progress],
                   red_rows=[i for i, p in enumerate(progress) if not p.read])
        by_section = staff.three_books_by_section(progress)
        fill_table(self.sections, [[name, n, read, done, f"{done * 100 // n}%" if n else "—"]
                                   for name, n, read, done in by_section])
        done = sum(p.complete for p in progress)
        self.summary.setText(self.tr("%1 年：共 %2 人，三本书都已读完并交流的 %3 人，一本未读的 %4 人（标红）。")
                             .replace("%1", str(self.year.value())).replace("%2", str(len(progress)))
                             .replace("%3", str(done)).replace("%4", str(sum(not p.read for p in progress))))


class RankDialog(PanelDialog):
    """定级 (以实绩定职级，以半年为限): who is due or overdue; for the one chosen, the half year on
    record before the determination date (from the program: 督查, the section's monthly ranks,
    上评下, 责任状, rewards and penalties, training and books) and the rank fixed on it.  A date less
    than six months after 调入 needs 提前定级 with the reason and who approved it (the service
    refuses otherwise)."""

    def __init__(self, parent: QWidget | None = None, person: Person | None = None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.extra = person  # the person chosen in the tab, listed even when not due
        self.setWindowTitle(self.tr("定职定级"))
        self.resize(em(self, 92), em(self, 46))
        self.table = read_only_table(self, [self.tr("姓名"), self.tr("科室"), self.tr("调入时间"),
                                            self.tr("半年期满"), self.tr("状态")])
        self.who = QLabel(self)
        self.current = QLabel(self)
        self.previous = QLabel(self)
        self.previous.setStyleSheet("color: #5f6368;")
        self.earliest = QLabel(self)
        self.earliest.setWordWrap(True)
        self.rank = QLineEdit(self)
        self.rank.setMaxLength(30)
        self.post = QLineEdit(self)
        self.post.setMaxLength(30)
        self.post.setPlaceholderText(self.tr("职务不变则留空"))
        self.performance = QPlainTextEdit(self)
        self.performance.setPlaceholderText(self.tr("据左侧半年实绩写明：完成了哪些工作，质量如何，评议结果……"))
        self.decided_on = date_edit(self, self.today)
        self.early = guard(QCheckBox(self.tr("提前定级（调入未满半年）"), self), "staff.rank_early")
        self.early_reason = QLineEdit(self)
        self.early_reason.setPlaceholderText(self.tr("提前定级的理由"))
        self.approved_by = QLineEdit(self)
        self.approved_by.setMaxLength(30)
        self.approved_by.setPlaceholderText(self.tr("如：办公室主任 赵建华"))
        for widget in (self.early_reason, self.approved_by):
            widget.setEnabled(False)
            self.early.toggled.connect(widget.setEnabled)
        self.doc_number = QLineEdit(self)
        self.doc_number.setMaxLength(60)
        self.determine_button = QPushButton(self.tr("确定职级"), self)
        guard(self.determine_button, "staff.edit")
        self.determine_button.clicked.connect(self.determine)

        box = QGroupBox(self.tr("以实绩定职级"), self)
        form = QFormLayout(box)
        form.addRow(self.tr("人员"), self.who)
        form.addRow(self.tr("现职务、职级"), self.current)
        form.addRow(self.tr("原职级"), self.previous)
        form.addRow(self.tr("确定日期 *"), self.decided_on)
        form.addRow("", self.earliest)
        form.addRow(self.tr("确定的职级 *"), self.rank)
        form.addRow(self.tr("职务"), self.post)
        form.addRow(self.tr("实绩情况 *"), self.performance)
        form.addRow("", self.early)
        form.addRow(self.tr("提前定级理由"), self.early_reason)
        form.addRow(self.tr("批准人"), self.approved_by)
        form.addRow(self.tr("文号"), self.doc_number)
        form.addRow("", self.determine_button)

        self.record_title = QLabel(self)
        self.record_title.setStyleSheet("font-weight: bold;")
        self.record = QTextBrowser(self)
        self.record.setOpenLinks(False)
        self.print_button = QPushButton(self.tr("打印实绩材料…"), self)
        self.print_button.clicked.connect(self.print_record)
        self.pdf_button = QPushButton(self.tr("存为 PDF…"), self)
        self.pdf_button.clicked.connect(self.save_record_pdf)
        record_bar = QHBoxLayout()
        record_bar.addWidget(self.record_title, 1)
        record_bar.addWidget(self.print_button)
        record_bar.addWidget(self.pdf_button)
        record_box = QWidget(self)
        record_layout = QVBoxLayout(record_box)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addLayout(record_bar)
        record_layout.addWidget(self.record, 1)

        note = QLabel(self.tr("调入满半年的人员按实绩确定职级；逾期未定的标红。原职级只作参考。"), self)
        note.setWordWrap(True)
        due_box = QWidget(self)
        due_layout = QVBoxLayout(due_box)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(note)
        due_layout.addWidget(self.table, 1)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setChildrenCollapsible(False)
        left.addWidget(due_box)
        left.addWidget(record_box)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 3)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.setChildrenCollapsible(False)
        body.addWidget(left)
        body.addWidget(box)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([em(self, 58), em(self, 32)])  # the record is what is read: it gets the room
        layout = QVBoxLayout(self)
        layout.addWidget(body, 1)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.decided_on.dateChanged.connect(self._show_record)
        self.reload()
        if person is not None:
            select_id(self.table, person.id)
        elif self.table.rowCount():
            self.table.selectRow(0)
        self._show_selected()

    def reload(self) -> None:
        chosen = selected_id(self.table)
        due = staff.rank_due(self.today)
        self.people = {d.person.id: d.person for d in due}
        rows, red = [], []
        for i, d in enumerate(due):
            days = (d.due - self.today).days
            state = (self.tr("已逾期 %1 天").replace("%1", str(-days)) if d.overdue
                     else self.tr("还有 %1 天").replace("%1", str(days)) if days else self.tr("今天期满"))
            rows.append([d.person.name, d.section, d.joined_on, d.due, state])
            if d.overdue:
                red.append(i)
        ids = list(self.people)
        extra = staff.person_by_id(self.extra.id) if self.extra is not None else None
        if extra is not None and extra.id not in self.people:
            self.people[extra.id] = extra
            ids.append(extra.id)
            rows.append([extra.name, extra.section.name if extra.section_id else "", extra.joined_on, None,
                         self.tr("（所选人员）")])
        fill_table(self.table, rows, ids, red)
        if chosen is not None:
            select_id(self.table, chosen)

    def selected_person(self) -> Person | None:
        return self.people.get(selected_id(self.table))

    def _show_selected(self) -> None:
        person = self.selected_person()
        set_enabled(self.determine_button, person is not None)
        for button in (self.print_button, self.pdf_button):
            button.setEnabled(person is not None)
        if person is None:
            for label in (self.who, self.current, self.previous):
                label.setText(self.tr("（请在左侧选择人员）") if label is self.who else "")
            self._show_record()
            return
        section = person.section.name if person.section_id else ""
        self.who.setText(f"{person.name}  {section}")
        self.current.setText("，".join(x for x in (person.post, person.rank) if x) or self.tr("（未填）"))
        self.previous.setText(self.tr("%1（仅供参考）").replace("%1", person.previous_rank or self.tr("未填")))
        self._show_record()

    def _show_record(self, *_args) -> None:
        """The half year on record before the date chosen, and whether that date is early."""
        person = self.selected_person()
        if person is None:
            self.record_title.setText(self.tr("半年实绩"))
            self.record.clear()
            self.earliest.clear()
            return
        decided_on = date_of(self.decided_on)
        earliest = staff.earliest_rank_date(person)
        if earliest is None:
            self.earliest.setText(self.tr("档案中没有调入时间"))
            self.earliest.setStyleSheet("color: #5f6368;")
        elif decided_on < earliest:
            self.earliest.setText(self.tr("调入未满半年：%1 起方可定职级；此前定级须勾选“提前定级”，写明理由和批准人")
                                  .replace("%1", earliest.isoformat()))
            self.earliest.setStyleSheet(f"color: {RED};")
        else:
            self.earliest.setText(self.tr("调入已满半年（%1 起可定职级）").replace("%1", earliest.isoformat()))
            self.earliest.setStyleSheet("color: #5f6368;")
        record = person_history.half_year_record(person, decided_on)
        self.record_title.setText(self.tr("半年实绩（%1 至 %2，据本系统记录）")
                                  .replace("%1", record["from"].isoformat()).replace("%2", decided_on.isoformat()))
        self.record.setHtml(staff_reports.rank_record(person, decided_on, record).html())

    def _record_document(self):
        person = self.selected_person()
        return None if person is None else staff_reports.rank_record(person, date_of(self.decided_on))

    def print_record(self) -> None:
        doc = self._record_document()
        if doc is not None:
            printing.preview_document(self, doc, doc.title)

    def save_record_pdf(self) -> None:
        doc = self._record_document()
        if doc is not None:
            printing.ask_and_save_pdf(self, doc.html(), doc.title, doc.landscape)

    def determine(self) -> None:
        person = self.selected_person()
        if person is None:
            return
        ok, record = self.act(staff.determine_rank, person, self.rank.text(), date_of(self.decided_on),
                              self.performance.toPlainText(), self.post.text().strip() or None, self.doc_number.text(),
                              early=self.early.isChecked(), early_reason=self.early_reason.text(),
                              approved_by=self.approved_by.text())
        if ok:
            for edit in (self.rank, self.post, self.performance, self.doc_number, self.early_reason,
                         self.approved_by):
                edit.clear()
            self.early.setChecked(False)
            self.who.setText(self.tr("已将 %1 的职级定为 %2").replace("%1", person.name).replace("%2", record.rank))


class LeaveDialog(ServiceDialog):
    """调离 / 退休: the date, and where the person went or the retirement document → staff.leave_office."""

    def __init__(self, person: Person, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.person = person
        self.setWindowTitle(self.tr("调离/退休：%1").replace("%1", person.name))
        self.status = QComboBox(self)
        for status in staff.GONE:
            self.status.addItem(self.tr(status), status)
        self.left_on = date_edit(self, today)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(90)
        self.reason.setMinimumWidth(em(self, 20))
        self.reason.setPlaceholderText(self.tr("调往单位，或退休文号"))
        form = QFormLayout(self)
        form.addRow(self.tr("离开方式 *"), self.status)
        form.addRow(self.tr("日期 *"), self.left_on)
        form.addRow(self.tr("去向/文号 *"), self.reason)
        form.addRow(QLabel(self.tr("档案保留；此后不再列入在册人员、评议和提醒。"), self))
        form.addRow(self.buttons)

    def submit(self):
        return staff.leave_office(self.person, date_of(self.left_on), self.status.currentData(), self.reason.text())
