"""人员档案 tab: the staff table with filters, a detail pane, and the forms of the staff files."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QMenu,
                               QScrollArea, QSplitter, QVBoxLayout, QWidget)

from govoffice_desktop.models.staff import Person
from govoffice_desktop.services import person_history, staff
from govoffice_desktop.ui.bus import DOMAIN_TABLES
from govoffice_desktop.ui.allocation_dialog import AllocationDialog
from govoffice_desktop.ui.candidate_dialog import CandidatesDialog
from govoffice_desktop.ui.contract_dialog import ContractsDialog
from govoffice_desktop.ui.forms import em, fill_table, read_only_table
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.person_dialog import PersonDialog
from govoffice_desktop.ui.sections_dialog import SectionsDialog
from govoffice_desktop.ui.staff_dialogs import LeaveDialog, MoveDialog, RankDialog, StudyDialog, ThreeBooksDialog
from govoffice_desktop.ui.welfare_dialog import WelfareDialog


class DetailPane(QWidget):
    """The selected person's file (ID number masked) and their whole history, newest first."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        short = [("gender", self.tr("性别")), ("birth", self.tr("出生年月")), ("ethnicity", self.tr("民族")),
                 ("native_place", self.tr("籍贯")), ("political_status", self.tr("政治面貌")),
                 ("education", self.tr("学历")), ("major", self.tr("专业")), ("section", self.tr("科室")),
                 ("post", self.tr("职务")), ("rank", self.tr("职级")), ("previous_rank", self.tr("原职级")),
                 ("joined_on", self.tr("调入时间")), ("id_number", self.tr("身份证号")), ("phone", self.tr("联系电话")),
                 ("status", self.tr("状态")), ("flags", self.tr("标记"))]
        long = [("source_unit", self.tr("原工作单位")), ("expertise", self.tr("专长")), ("notes", self.tr("备注"))]
        self.values: dict[str, QLabel] = {}
        file_box = QGroupBox(self.tr("档案"), self)
        scroll = QScrollArea(file_box)  # a short pane scrolls rather than squeezing the rows
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        fields = QWidget(scroll)
        scroll.setWidget(fields)
        QVBoxLayout(file_box).addWidget(scroll)
        grid = QGridLayout(fields)
        grid.setHorizontalSpacing(em(self, 0.8))

        def add(key, text, row, col, span=1):
            label = QLabel(text + self.tr("："), fields)
            label.setStyleSheet("color: #5f6368;")
            value = QLabel(fields)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(span > 1)
            self.values[key] = value
            # CJK labels and Latin values differ in line height: centre short rows, top-align long ones
            align = Qt.AlignmentFlag.AlignTop if span > 1 else Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, row, col, align)
            grid.addWidget(value, row, col + 1, 1, span, align)

        for i, (key, text) in enumerate(short):
            row, col = divmod(i, 2)
            add(key, text, row, col * 2)
        for i, (key, text) in enumerate(long):
            add(key, text, len(short) // 2 + i, 0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(short) // 2 + len(long), 1)
        history_box = QGroupBox(self.tr("经历"), self)
        self.history = read_only_table(history_box, [self.tr("日期"), self.tr("类别"), self.tr("内容")], stretch=2)
        QVBoxLayout(history_box).addWidget(self.history)
        body = QHBoxLayout()
        body.addWidget(file_box, 1)
        body.addWidget(history_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        self.show_person(None)

    def show_person(self, person: Person | None) -> None:
        self.person = person
        if person is None:
            self.title.setText(self.tr("在上面的表格中选择一人，查看其档案和经历"))
            for value in self.values.values():
                value.clear()
            self.history.setRowCount(0)
            return
        status = staff.shown_status(person)  # 待定职级 for the transferred-in not yet ranked
        self.title.setText(f"{person.name}（{status}）")
        flags = [text for flag, text in ((person.out_of_town, self.tr("外地")), (person.is_typist, self.tr("打字员")),
                                          (person.is_driver, self.tr("驾驶员"))) if flag]
        shown = {
            "gender": person.gender or "", "birth": staff.year_month(person.birth),
            "section": person.section.name if person.section_id else self.tr("（未分科室）"),
            "previous_rank": (self.tr("%1（仅供参考）").replace("%1", person.previous_rank)
                              if person.previous_rank else ""),
            "id_number": staff.mask_id_number(person.id_number), "flags": "、".join(flags),
            "phone": staff.shown_phone(person.phone), "status": status,
            "joined_on": (f"{person.joined_on.isoformat()}（{person.entry_kind}）" if person.joined_on else ""),
        }
        for key, value in self.values.items():
            value.setText(shown[key] if key in shown else str(getattr(person, key) or ""))
        entries = person_history.person_history(person)
        fill_table(self.history, [[e.when, e.kind, e.text] for e in entries])
        self.history.horizontalHeader().setStretchLastSection(True)


class StaffTab(ListTab):
    key = "staff"
    TABLES = DOMAIN_TABLES  # the detail pane shows a person's whole history
    import_kind = "staff"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._build_actions()
        self.detail = DetailPane(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.layout().replaceWidget(self.view, self.splitter)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.set_actions((self.new_action, self.edit_action, self.move_action, self.study_action),
                         more=self.more_menu(), prints=(self.print_roster_action,))

        self.enable_context_menu()
        self.view.doubleClicked.connect(lambda _index: self.edit_action.trigger())  # via the action
        self.follow_current_row()
        self._update_actions()

    def table_title(self):
        return self.tr("人员档案")

    def listing(self):
        return staff.person_listing()

    def search_hint(self):
        return self.tr("按姓名、科室、职务、职级、学历、状态、籍贯、电话筛选")

    # -- filters
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.filter_combos: dict[str, QComboBox] = {}
        for key, label in (("section_id", self.tr("科室：")), ("status", self.tr("状态：")),
                           ("post", self.tr("职务：")), ("education", self.tr("学历："))):
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{key}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(4)
            bar.addWidget(QLabel(label, self))
            bar.addWidget(combo)
            self.filter_combos[key] = combo
        self._fill_filter_choices()
        for combo in self.filter_combos.values():
            combo.currentIndexChanged.connect(self.apply_filters)

    def _fill_filter_choices(self) -> None:
        """The choices as the data stands now; a chosen value still offered stays chosen."""
        used = staff.filter_choices()
        options = {"section_id": [(s.name, s.id) for s in staff.active_sections()],
                   "status": [(s, s) for s in staff.SHOWN_STATUSES],  # 待定职级 as the list shows it
                   "post": [(p, p) for p in used["post"]],
                   "education": [(e, e) for e in used["education"]]}
        for key, combo in self.filter_combos.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("全部"), None)
            for text, value in options[key]:
                combo.addItem(text, value)
            index = combo.findData(current) if current is not None else -1
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.model.filters = self.filters()

    def filters(self) -> dict:
        return {key: combo.currentData() for key, combo in self.filter_combos.items()
                if combo.currentData() is not None}

    def apply_filters(self) -> None:
        self.model.set_filters(self.filters())

    def clear_filters(self) -> None:
        for combo in self.filter_combos.values():
            combo.setCurrentIndex(0)
        self.apply_filters()

    def refresh(self) -> None:
        self._fill_filter_choices()
        super().refresh()

    # -- actions
    def _build_actions(self) -> None:
        self.new_action = self.make_action(self.tr("新增人员…"), self.new_person, self.tr("建立一份新的人员档案"), permission="staff.edit")
        self.edit_action = self.make_action(self.tr("修改…"), self.edit_person, self.tr("修改所选人员的档案（也可双击该行）"), permission="staff.edit")
        self.move_action = self.make_action(self.tr("调动…"), self.move_person, self.tr("把所选人员调到其他科室，记下日期和原因"), permission="staff.edit")
        self.study_action = self.make_action(self.tr("培训/读书…"), self.record_study, self.tr("为所选人员登记培训或读书"), permission="staff.edit")
        self.rank_action = self.make_action(self.tr("定级…"), self.determine_rank, self.tr("调入满半年的人员以实绩定职级"), permission="staff.edit")
        self.candidates_action = self.make_action(self.tr("拟调人员考察…"), self.screen_candidates,
                                        self.tr("基层推荐、组织考察、“四个不调”和调入决定"))
        self.sections_action = self.make_action(self.tr("科室管理…"), self.manage_sections, self.tr("新增、改名、负责人、合署"))
        self.books_action = self.make_action(self.tr("读三本书进度…"), self.show_three_books, self.tr("按年度查看读书和交流情况"))
        self.leave_action = self.make_action(self.tr("调离/退休…"), self.leave_office, self.tr("所选人员调离本办或退休，记下日期和去向"), permission="staff.edit")
        self.contracts_action = self.make_action(self.tr("目标责任状…"), self.show_contracts,
                                       self.tr("逐级签订责任状，半年和年终考核打分，打印"))
        self.welfare_action = self.make_action(self.tr("住房与家属安置…"), self.show_welfare, self.tr("先外后内，按申请先后办理"))
        self.allocation_action = self.make_action(self.tr("优化配置…"), self.show_allocation,
                                        self.tr("各科室的学历、专业、专长是否互补"))
        self.print_roster_action = self.make_action(self.tr("打印花名册…"), lambda: self.print_document("roster"),
                                          self.tr("按科室打印在册人员花名册（可预览）"))
        self.pdf_roster_action = self.make_action(self.tr("花名册存为 PDF…"), lambda: self.print_document("roster", pdf=True))
        self.print_due_action = self.make_action(self.tr("打印待定级名单…"), lambda: self.print_document("rank-due"))
        self.roster_excel_action = self.make_action(
            self.tr("导出花名册（Excel）…"), lambda: self.export_table(staff.roster_listing(), self.tr("人员花名册")),
            self.tr("在册人员的全部档案字段，身份证号完整，可再导入"))
        self.person_actions = [self.edit_action, self.move_action, self.study_action, self.leave_action]

    def more_menu(self) -> QMenu:
        """What is used now and then: 定级, candidates, sections, the three books, contracts, welfare,
        allocation, leaving, the other documents (打印花名册 is a button of the toolbar)."""
        menu = QMenu(self)
        menu.addActions([self.rank_action, self.candidates_action, self.sections_action])
        menu.addSeparator()
        menu.addActions([self.books_action, self.contracts_action, self.welfare_action, self.allocation_action])
        menu.addSeparator()
        menu.addAction(self.leave_action)
        menu.addSeparator()
        menu.addActions([self.pdf_roster_action, self.print_due_action, self.roster_excel_action])
        return menu

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action, self.move_action, self.study_action, self.leave_action])
        menu.addSeparator()
        menu.addAction(self.rank_action)
        menu.addSeparator()
        menu.addActions([self.candidates_action, self.sections_action, self.books_action, self.contracts_action,
                         self.welfare_action, self.allocation_action])
        menu.addSeparator()
        menu.addActions([self.print_roster_action, self.pdf_roster_action])
        return menu

    def _update_actions(self) -> None:
        for action in self.person_actions:
            action.setEnabled(self.shown_id is not None)

    # -- selection and the detail pane
    def current_person(self) -> Person | None:
        return staff.person_by_id(self.shown_id)

    def select_person(self, person_id: int) -> bool:
        """Select the person's row; False when the search or filters hide them."""
        return self.select_row_id(person_id)

    def show_current(self) -> None:
        self.detail.show_person(self.current_person())
        self._update_actions()

    # -- opening the forms
    def new_person(self) -> None:
        dialog = PersonDialog(parent=self)
        if self.run_dialog(dialog):
            self.show_change(self.tr("已新增 %1").replace("%1", dialog.person.name), dialog.person.id)

    def edit_person(self) -> None:
        person = self.current_person()
        if person is None:
            return
        dialog = PersonDialog(person, parent=self)
        if self.run_dialog(dialog):
            self.show_change(self.tr("已保存 %1 的档案").replace("%1", person.name), person.id)

    def move_person(self) -> None:
        person = self.current_person()
        if person is None:
            return
        dialog = MoveDialog(person, parent=self)
        if self.run_dialog(dialog):
            self.show_change(self.tr("已将 %1 调至 %2").replace("%1", person.name)
                          .replace("%2", dialog.section.currentText()), person.id)

    def record_study(self) -> None:
        person = self.current_person()
        if person is None:
            return
        dialog = StudyDialog(person, parent=self)
        if self.run_dialog(dialog):
            self.show_change(self.tr("已为 %1 登记%2").replace("%1", person.name)
                          .replace("%2", dialog.tabs.tabText(dialog.tabs.currentIndex())), person.id)

    def determine_rank(self) -> None:
        if self.run_dialog(RankDialog(self, person=self.current_person())):
            self.show_change(self.tr("已确定职级"), self.shown_id)

    def screen_candidates(self) -> None:
        dialog = CandidatesDialog(self)
        if self.run_dialog(dialog):
            created = dialog.person_created
            self.show_change(self.tr("拟调人员考察已保存"), created.id if created is not None else self.shown_id)

    def manage_sections(self) -> None:
        if self.run_dialog(SectionsDialog(self)):
            self.show_change(self.tr("科室已更新"), self.shown_id)

    def show_three_books(self) -> None:
        self.run_dialog(ThreeBooksDialog(self))

    def leave_office(self) -> None:
        person = self.current_person()
        if person is not None and self.run_dialog(LeaveDialog(person, self)):
            self.show_change(self.tr("%1 已%2").replace("%1", person.name).replace("%2", person.status), person.id)

    def show_contracts(self) -> None:
        self.run_dialog(ContractsDialog(self))

    def show_welfare(self) -> None:
        self.run_dialog(WelfareDialog(self))

    def show_allocation(self) -> None:
        self.run_dialog(AllocationDialog(self))

    # -- settings
    def save_state(self, settings: QSettings) -> None:
        super().save_state(settings)
        settings.setValue(f"tabs/{self.key}/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        super().restore_state(settings)
        state = settings.value(f"tabs/{self.key}/splitter")
        if state is not None:
            self.splitter.restoreState(state)
