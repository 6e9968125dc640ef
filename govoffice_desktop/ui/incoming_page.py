"""收文登记: the register of documents received with their light, the steps of handling as the
toolbar's actions, and a document's whole record on a double-click.

Every rule and every refusal comes from services/documents/incoming.py; this only shows and collects."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMenu

from govoffice_desktop.models.documents import IN_DONE, IN_OPEN, IN_SUPERVISED, IN_VOID
from govoffice_desktop.services import auth, staff, workdays
from govoffice_desktop.services.documents import incoming
from govoffice_desktop.ui import documents_print
from govoffice_desktop.ui import incoming_dialogs as dialogs
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost
from govoffice_desktop.ui.supervision.common import LIGHT_COLOURS
from govoffice_desktop.ui.table_model import ListingModel

# the 状态 filter: a status, or a light (超期 is 办理中 past the limit, 红)
STATUS_FILTERS = (("全部状态", None), (IN_OPEN, ("status", IN_OPEN)), ("● 超期", ("light", workdays.RED)),
                  ("● 将到期", ("light", workdays.YELLOW)), (IN_DONE, ("status", IN_DONE)),
                  (IN_SUPERVISED, ("status", IN_SUPERVISED)), (IN_VOID, ("status", IN_VOID)))


class IncomingModel(ListingModel):
    """The register, the light painted in its colour (● 红)."""

    only_paints = True
    own_text_columns = (0,)  # the light: ● 红

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == 0:
            light = self.row_values(index.row())[0]
            if role == Qt.ItemDataRole.ForegroundRole:
                colour = LIGHT_COLOURS.get(light)
                return QBrush(QColor(colour)) if colour else None
            if role == Qt.ItemDataRole.DisplayRole:
                return f"● {light}" if light else ""
        return super().data(index, role)


class IncomingPage(ListTab):
    """收文登记: one toolbar row (the steps of handling, the search, the filters 年度, 状态 and 承办科室,
    the count, 导出), the register below; a double-click opens the document's whole record."""

    key = "documents_incoming"
    model_class = IncomingModel

    def __init__(self, tab: PageHost):
        self.tab = tab  # before the list is built: the listing asks for the day
        super().__init__(tab)
        self.layout().setContentsMargins(0, 6, 0, 0)
        self.enable_context_menu()
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self._update_actions()

    def day(self) -> date:
        return self.tab.day()

    def table_title(self) -> str:
        return self.tr("收文登记簿")

    def listing(self):
        return incoming.incoming_listing(self.day())

    def search_hint(self) -> str:
        return self.tr("按编号、来文单位、字号、标题、承办筛选")

    def add_body(self, layout) -> None:
        self._build_actions()
        self.set_actions(self.step_actions, more=self._more_menu())
        layout.addWidget(self.view, 1)

    # -- filters: 年度, 状态 (超期 among them), 承办科室
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.year_filter = QComboBox(self)
        self.year_filter.setObjectName("filter_year")
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("filter_status")
        for text, value in STATUS_FILTERS:
            self.status_filter.addItem(self.tr(text), value)
        for i, (_text, value) in enumerate(STATUS_FILTERS):
            if value is not None and value[0] == "light":
                self.status_filter.setItemData(i, QBrush(QColor(LIGHT_COLOURS[value[1]])),
                                               Qt.ItemDataRole.ForegroundRole)
        self.section_filter = QComboBox(self)
        self.section_filter.setObjectName("filter_section")
        self.fill_filters()
        for combo in (self.year_filter, self.status_filter, self.section_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
            bar.addWidget(combo)

    def fill_filters(self) -> None:
        """The years that have documents and the sections, each keeping what was chosen."""
        for combo, first, items in ((self.year_filter, self.tr("全部年度"),
                                     [(self.tr("%1年").replace("%1", str(y)), y) for y in incoming.years()]),
                                    (self.section_filter, self.tr("全部科室"),
                                     [(s.name, s.id) for s in staff.active_sections()])):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for text, value in items:
                combo.addItem(text, value)
            index = combo.findData(chosen)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    def filters(self) -> dict:
        out = {"year": self.year_filter.currentData(), "section": self.section_filter.currentData()}
        status = self.status_filter.currentData()
        if status is not None:
            out[status[0]] = status[1]
        return {k: v for k, v in out.items() if v is not None}

    def apply_filters(self) -> None:
        self.model.set_filters(self.filters())

    def clear_filters(self) -> None:
        for combo in (self.year_filter, self.status_filter, self.section_filter):
            combo.setCurrentIndex(0)

    def open_record(self, kind: str, key) -> bool:
        """Show a document received ("incoming", id); a search or filter hiding it is cleared."""
        return kind == "incoming" and self.show_row_clearing_filters(key)

    def refresh(self) -> None:
        self.fill_filters()
        super().refresh()

    # -- actions: the steps of 收文办理, in their order
    def _build_actions(self) -> None:
        act = self.make_action
        self.register_action = act(self.tr("登记收文…"), self.register, self.tr("签收登记一件收文：自动编收文编号，按紧急程度定办理时限"),
                                    permission="documents.register")
        self.review_action = act(self.tr("拟办/批示…"), lambda: self._form(dialogs.ReviewDialog, self.tr("已登记拟办意见和批示：%1")),
                                 self.tr("拟办意见，领导批示（可另定办理时限）"), permission="documents.register")
        self.assign_action = act(self.tr("承办…"), lambda: self._form(dialogs.AssignDialog, self.tr("已交办：%1")),
                                 self.tr("定承办科室和承办人，计算办理时限"), permission="documents.register")
        self.step_action = act(self.tr("办理过程…"), lambda: self._form(dialogs.StepDialog, self.tr("已登记办理过程：%1")),
                               self.tr("登记一条带日期的办理情况"), permission="documents.handle")
        self.circulate_action = act(self.tr("传阅…"), lambda: self._form(dialogs.CirculationDialog, self.tr("已登记传阅：%1")),
                                    self.tr("送领导传阅，登记阅退"), permission="documents.register")
        self.complete_action = act(self.tr("办结…"), lambda: self._form(dialogs.CompleteDialog, self.tr("已办结：%1")),
                                   self.tr("办结：日期和办理结果"), permission="documents.handle")
        self.task_action = act(self.tr("转督办…"), self.to_task,
                               self.tr("转为督办事项：一步新建督办事项，这件收文记为转督办"), permission="documents.register")
        self.void_action = act(self.tr("作废…"), lambda: self._form(dialogs.VoidDialog, self.tr("已作废：%1")),
                               self.tr("作废登记错的收文编号（写明原因，编号保留）"), permission="documents.register")
        self.file_action = act(self.tr("归档…"), lambda: self._form(dialogs.FileDialog, self.tr("已归档：%1")),
                               self.tr("办结后归档，登记档号"), permission="documents.register")
        self.correct_action = act(self.tr("修改登记…"), lambda: self._form(dialogs.RegisterDialog, self.tr("已修改登记：%1")),
                                  self.tr("更正来文单位、字号、标题等（收文编号不变）"), permission="documents.register")
        self.open_action = act(self.tr("查看全文记录"), self.open_selected, self.tr("这件收文的登记、批示、办理过程和传阅（也可双击）"))
        # printouts (ui/documents_print): the slip that travels with the document, the register of a period
        self.slip_action = act(self.tr("打印收文处理笺…"), lambda: self._print_slip(False),
                               self.tr("选中收文的收文处理笺（A4，一件一页，可预览）"))
        self.slip_pdf_action = act(self.tr("收文处理笺存为PDF…"), lambda: self._print_slip(True))
        self.register_print_action = act(self.tr("打印收文登记簿…"),
                                         lambda: documents_print.print_register(self, "incoming", self.day()),
                                         self.tr("一段时间的收文登记簿（横向A4，每页印表头）"))
        self.register_pdf_action = act(self.tr("收文登记簿存为PDF…"),
                                       lambda: documents_print.print_register(self, "incoming", self.day(), pdf=True))
        self.step_actions = [self.register_action, self.review_action, self.assign_action, self.step_action,
                             self.circulate_action, self.complete_action, self.task_action, self.void_action,
                             self.file_action]

    def _more_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        menu.addActions([self.open_action, self.correct_action])
        menu.addSeparator()
        menu.addActions([self.slip_action, self.slip_pdf_action, self.register_print_action, self.register_pdf_action])
        return menu

    def _print_slip(self, pdf: bool) -> None:
        doc = self.current_document()
        if doc is None:
            self.status_message.emit(self.tr("请先选择一件收文"))
            return
        documents_print.print_processing_slips(self, doc, pdf=pdf)

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addActions(self.step_actions[1:7])
        menu.addSeparator()
        menu.addActions([self.correct_action, self.void_action, self.file_action])
        menu.addSeparator()
        menu.addActions([self.slip_action, self.slip_pdf_action])
        return menu

    def current_document(self):
        return incoming.document_by_id(self.selected_row_id())

    def _update_actions(self) -> None:
        doc = self.current_document()
        status = doc.status if doc is not None else None
        for action in (self.review_action, self.assign_action, self.complete_action, self.task_action,
                       self.void_action):
            action.setEnabled(status == IN_OPEN)
        for action in (self.step_action, self.circulate_action, self.correct_action):
            action.setEnabled(status is not None and status != IN_VOID)
        self._refuse_other_sections(doc)
        self.file_action.setEnabled(status in (IN_DONE, IN_SUPERVISED))
        self.open_action.setEnabled(doc is not None)
        for action in (self.slip_action, self.slip_pdf_action):
            action.setEnabled(doc is not None)

    def _refuse_other_sections(self, doc) -> None:
        """办理过程 and 办结 on a document not of a 科室录入员's section: disabled, the refusal as tooltip
        (the service refuses it too; this spares filling a form in vain)."""
        if not hasattr(self, "_handle_tips"):
            self._handle_tips = {a: a.toolTip() for a in (self.step_action, self.complete_action)}
        why = None
        if doc is not None:
            try:
                auth.require("documents.handle", incoming.document_section(doc))
            except auth.PermissionDenied as exc:
                why = str(exc)
        for action, tip in self._handle_tips.items():
            if why is not None:
                action.setEnabled(False)
            action.setToolTip(why or tip)

    # -- the forms
    def _changed(self, template: str, doc) -> None:
        self.show_change(template.replace("%1", f"{incoming.number_of(doc)} {doc.title}"), doc.id)
        self._update_actions()

    def register(self) -> None:
        dialog = dialogs.RegisterDialog(parent=self, today=self.day())
        if self.tab.run_dialog(dialog):
            doc = dialog.result_value
            self.fill_filters()
            self._changed(self.tr("已登记收文：%1"), doc)

    def _form(self, form, template: str) -> None:
        doc = self.current_document()
        if doc is None:
            return
        dialog = form(doc, parent=self, today=self.day())
        if self.tab.run_dialog(dialog):
            self._changed(template, incoming.document_by_id(doc.id))

    def to_task(self) -> None:
        doc = self.current_document()
        if doc is None:
            return
        dialog = dialogs.ToTaskDialog(doc, parent=self, today=self.day())
        if self.tab.run_dialog(dialog):
            task = dialog.result_value
            self._changed(self.tr("已转为督办事项：%1（在督查督办中继续办理）").replace("%2", task.title),
                          incoming.document_by_id(doc.id))

    def open_selected(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self.tab.run_dialog(dialogs.RecordDialog(doc, self, today=self.day()))
