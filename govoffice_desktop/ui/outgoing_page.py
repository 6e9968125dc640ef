"""发文: the register of outgoing documents (a page of 文电办理), its filters (年份, 代字, 状态, 拟稿科室),
the forms (拟稿, 修改, 签发, 印发, 作废, 发文代字) and, under the list, the selected document with the
文稿 文印 typed for it (one click: select the row).

Every figure and every refusal comes from services/documents/outgoing.py; this only shows and collects."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QMenu, QSplitter, QVBoxLayout, QWidget)

from govoffice_desktop.models.documents import OUT_DRAFT, OUT_ISSUED, OUT_SIGNED, OUT_STATUSES, OUT_VOID
from govoffice_desktop.services import staff
from govoffice_desktop.services.documents import outgoing
from govoffice_desktop.ui import documents_print
from govoffice_desktop.ui.bus import tables_of
from govoffice_desktop.ui.forms import fill_table, read_only_table
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.outgoing_dialogs import DraftDialog, IssueDialog, PrefixesDialog, SignDialog, VoidDialog
from govoffice_desktop.ui.page import PageHost

STATUS_COLOURS = {OUT_DRAFT: "#1a73e8", OUT_SIGNED: "#188038", OUT_ISSUED: "#3c4043", OUT_VOID: "#b0b0b0"}


def esc(text) -> str:
    return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


class OutgoingDetail(QWidget):
    """The selected document: number, title, who drafted, reviewed, signed, when printed; and its 文稿."""

    TYPED_HEADERS = ("日期", "打字员", "文稿标题", "页数", "差错", "其中印发后发现", "校对人")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info_box = QGroupBox(self.tr("发文"), self)
        QVBoxLayout(info_box).addWidget(self.info, 1)
        self.typed = read_only_table(self, [self.tr(h) for h in self.TYPED_HEADERS], stretch=2)
        self.typed.setObjectName("typed")
        self.typed_box = QGroupBox(self.tr("文稿（文印登记）"), self)
        typed_layout = QVBoxLayout(self.typed_box)
        typed_layout.addWidget(self.typed, 1)
        self.typed_note = QLabel(self)
        self.typed_note.setStyleSheet("color: #5f6368")
        self.typed_note.setWordWrap(True)
        typed_layout.addWidget(self.typed_note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(info_box, 2)
        layout.addWidget(self.typed_box, 3)
        self.show_document(None)

    def show_document(self, doc) -> None:
        if doc is None:
            self.info.setText(self.tr("<span style='color:#5f6368'>选择一份发文，这里显示它的签发、印发情况和文印打印的文稿。</span>"))
            self.typed.setRowCount(0)
            self.typed_note.setText("")
            return
        row = outgoing.document_row(doc)
        colour = STATUS_COLOURS.get(doc.status, "#3c4043")
        number = row["number"] or self.tr("（未编号）")
        lines = [f"<p style='margin:0'><b style='font-size:115%'>{esc(number)}</b>　"
                 f"<span style='color:{colour}; font-weight:bold'>{esc(doc.status)}</span></p>",
                 f"<p style='margin:4px 0'>{esc(doc.title)}</p>", "<table cellspacing='0' cellpadding='2'>"]
        signed = f"{row['signer']}　{row['signed_on']}" if row["signed_on"] else ""
        printed = (self.tr("%1，%2 份").replace("%1", row["printed_on"]).replace("%2", str(row["copies"]))
                   if row["printed_on"] else "")
        for label, value in ((self.tr("拟稿"), f"{row['section']}　{row['drafter']}　{row['drafted_on']}"),
                             (self.tr("核稿人"), row["reviewer"]), (self.tr("签发"), signed),
                             (self.tr("印发"), printed), (self.tr("主送"), row["main_to"]),
                             (self.tr("抄送"), row["copy_to"]),
                             (self.tr("公开属性"), f"{row['publicity']}　{self.tr('紧急程度')}：{row['urgency']}")):
            lines.append(f"<tr><td style='color:#5f6368'>{esc(label)}</td><td>{esc(value)}</td></tr>")
        lines.append("</table>")
        if doc.status == OUT_VOID:
            lines.append(f"<p style='margin:6px 0 0 0; color:#d93025'>{esc(self.tr('作废原因'))}：{esc(doc.void_reason)}</p>")
        self.info.setText("".join(lines))
        logs = outgoing.typing_logs_of(doc)
        fill_table(self.typed, [(t.typed_on, t.typist_name, t.title, t.pages, t.errors, t.errors_after_issue,
                                 t.proofreader) for t in logs], [t.id for t in logs])
        pages = sum(t.pages for t in logs)
        self.typed_note.setText(
            self.tr("共 %1 份文稿，%2 页。").replace("%1", str(len(logs))).replace("%2", str(pages)) if logs else
            self.tr("文印还没有登记为这份发文打印的文稿（在“文印管理 → 登记文稿”中选择所属发文）。"))


class OutgoingPage(ListTab):
    """发文: the register with its filters, the forms, and the selected document below."""

    key = "outgoing"
    TABLES = tables_of("documents", "typing_pool", "staff", "settings")

    def __init__(self, tab: PageHost):
        self.tab = tab
        super().__init__(tab)
        self.layout().setContentsMargins(0, 6, 0, 0)
        self.enable_context_menu()
        self.view.doubleClicked.connect(lambda _index: self.edit_action.trigger())  # via the action
        self.follow_current_row()
        self._update_actions()

    def add_body(self, layout: QVBoxLayout) -> None:
        self._build_actions()
        self.detail = OutgoingDetail(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        more = QMenu(self)
        more.setToolTipsVisible(True)
        more.addActions([self.void_action, self.prefixes_action])
        more.addSeparator()
        pdf = self.make_action(self.tr("发文登记簿存为PDF…"),
                               lambda: documents_print.print_register(self, "outgoing", self.day(), pdf=True))
        more.addAction(pdf)
        self.print_register_action = self.make_action(
            self.tr("打印发文登记簿…"), lambda: documents_print.print_register(self, "outgoing", self.day()),
            self.tr("一段时间的发文登记簿（按签发日期，横向A4，每页印表头）"))
        self.set_actions((self.new_action, self.edit_action, self.sign_action, self.issue_action), more=more,
                         prints=(self.print_register_action,))
        layout.addWidget(self.splitter, 1)

    def day(self) -> date:
        return self.tab.day()

    def table_title(self):
        return self.tr("发文登记")

    def listing(self):
        return outgoing.outgoing_listing()

    def search_hint(self):
        return self.tr("按文号、标题、科室、拟稿人、签发人、主送筛选")

    # -- the filters
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.year_filter = self._filter("filter_year", self.tr("全部年份"))
        self.prefix_filter = self._filter("filter_prefix", self.tr("全部代字"))
        self.status_filter = self._filter("filter_status", self.tr("全部状态"))
        for status in OUT_STATUSES:
            self.status_filter.addItem(self.tr(status), status)
        self.section_filter = self._filter("filter_section", self.tr("全部科室"))
        for combo in (self.year_filter, self.prefix_filter, self.status_filter, self.section_filter):
            bar.addWidget(combo)
            combo.currentIndexChanged.connect(self.apply_filters)
        self._fill_choices()

    def _filter(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.addItem(everything, None)
        return combo

    def _fill_choices(self) -> None:
        """The years, 代字 and sections there are now; what was chosen stays chosen."""
        years = outgoing.listing_years()
        if self.day().year not in years:
            years = sorted(set(years) | {self.day().year}, reverse=True)
        for combo, values in ((self.year_filter, [(str(y), y) for y in years]),
                              (self.prefix_filter, [(p, p) for p in outgoing.used_prefixes()]),
                              (self.section_filter, [(s.name, s.id) for s in staff.active_sections()])):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, value in values:
                combo.addItem(text, value)
            index = combo.findData(current) if current is not None else -1
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.model.filters = self.filters()

    def filters(self) -> dict:
        chosen = {"year": self.year_filter.currentData(), "prefix": self.prefix_filter.currentData(),
                  "status": self.status_filter.currentData(), "section_id": self.section_filter.currentData()}
        return {key: value for key, value in chosen.items() if value is not None}

    def apply_filters(self) -> None:
        self.model.set_filters(self.filters())

    def clear_filters(self) -> None:
        for combo in (self.year_filter, self.prefix_filter, self.status_filter, self.section_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filters()

    def refresh(self) -> None:
        self._fill_choices()
        super().refresh()

    # -- actions
    def _build_actions(self) -> None:
        self.new_action = self.make_action(self.tr("拟稿…"), self.new_document,
                                           self.tr("登记一份新拟的发文：标题、拟稿科室和拟稿人、核稿人、主送、抄送"),
                                           permission="documents.register")
        self.edit_action = self.make_action(self.tr("修改…"), self.edit_document,
                                            self.tr("更正所选的发文（也可双击该行）；修改记入审计日志"),
                                            permission="documents.register")
        self.sign_action = self.make_action(self.tr("签发…"), self.sign_document,
                                            self.tr("登记签发人和签发日期，按代字和年份编号"), permission="documents.register")
        self.issue_action = self.make_action(self.tr("印发…"), self.issue_document,
                                             self.tr("登记印发日期和份数（签发之后）"), permission="documents.register")
        self.void_action = self.make_action(self.tr("作废…"), self.void_document,
                                            self.tr("作废所选的发文（写明原因；已编的文号保留）"),
                                            permission="documents.register")
        self.prefixes_action = self.make_action(self.tr("发文代字…"), self.edit_prefixes,
                                                self.tr("本单位的发文代字，如 宿政办发、宿政办函"),
                                                permission="documents.register")

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action])
        menu.addSeparator()
        menu.addActions([self.sign_action, self.issue_action])
        menu.addSeparator()
        menu.addAction(self.void_action)
        return menu

    def current_document(self):
        return outgoing.outgoing_by_id(self.shown_id)

    def _update_actions(self) -> None:
        doc = self.current_document()
        status = doc.status if doc is not None else None
        self.edit_action.setEnabled(status is not None and status != OUT_VOID)
        self.sign_action.setEnabled(status == OUT_DRAFT)
        self.issue_action.setEnabled(status == OUT_SIGNED)
        self.void_action.setEnabled(status in (OUT_DRAFT, OUT_SIGNED))

    def show_current(self) -> None:
        self.detail.show_document(self.current_document())
        self._update_actions()

    def open_record(self, kind: str, key) -> bool:
        """Show an outgoing document ("outgoing", id); a search or filter hiding it is cleared."""
        return kind == "outgoing" and self.show_row_clearing_filters(key)

    def _run_form(self, dialog, template: str) -> None:
        if self.tab.run_dialog(dialog):
            doc = dialog.result_value
            if not isinstance(doc, outgoing.OutgoingDocument):
                self.refresh()
                self.status_message.emit(template)
                return
            self.refresh()  # the filters' choices (a new year, a new 代字) and the rows
            label = outgoing.number_of(doc) or doc.title
            message = template.replace("%1", label)
            if not self.select_row_id(doc.id):
                message += self.tr("（不在当前搜索或筛选结果中）")
            self.status_message.emit(message)

    def new_document(self) -> None:
        self._run_form(DraftDialog(parent=self, today=self.day()), self.tr("已拟稿：%1"))

    def edit_document(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self._run_form(DraftDialog(doc, self, today=self.day()), self.tr("已修改：%1"))

    def sign_document(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self._run_form(SignDialog(doc, self, today=self.day()), self.tr("已签发，编为 %1"))

    def issue_document(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self._run_form(IssueDialog(doc, self, today=self.day()), self.tr("已印发：%1"))

    def void_document(self) -> None:
        doc = self.current_document()
        if doc is not None:
            self._run_form(VoidDialog(doc, self), self.tr("已作废：%1"))

    def edit_prefixes(self) -> None:
        self._run_form(PrefixesDialog(self), self.tr("发文代字已更新"))
