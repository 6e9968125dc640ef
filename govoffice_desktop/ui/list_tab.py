"""A tab that lists one table: a search box, a lazy table view, a count."""
from __future__ import annotations

from datetime import date
from typing import Sequence

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QMessageBox, QPushButton, QSizePolicy, QTableView, QTabWidget, QVBoxLayout,
                               QWidget)

from govoffice_desktop.ledgers.export import export_listing
from govoffice_desktop.reports.catalog import DOCUMENTS
from govoffice_desktop.services.listing import Listing
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.texts import stamp
from govoffice_desktop.ui import printing
from govoffice_desktop.ui.bus import watch
from govoffice_desktop.ui.columns import fit_columns
from govoffice_desktop.ui.forms import ServiceDialog, ask_xlsx_path, call_service, em, guard, hint
from govoffice_desktop.ui.page import LedgerDrops, counted
from govoffice_desktop.ui.table_model import ListingModel
from govoffice_desktop.ui.worker import run_with_progress

SEARCH_DELAY_MS = 250
SEARCH_MIN_CHARS = 12  # the search box never narrower than this many characters, however full the row


def fit_text(button: QPushButton) -> QPushButton:
    """A button of a toolbar row as wide as its text needs, not the style's 80 px: the row holds
    its actions, the search box, the filters, the count, 导出 and 打印 at 1280×720."""
    button.setMinimumWidth(min(button.sizeHint().width(),
                               button.fontMetrics().horizontalAdvance(button.text()) + em(button, 1.2)))
    policy = button.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)  # shrinks to that width when the row is full
    button.setSizePolicy(policy)
    return button


class ListTab(LedgerDrops, QWidget):
    """Subclasses give ``key``, ``listing()`` and ``table_title()``; headers come from the listing."""

    key = "list"
    TABLES: frozenset[str] = frozenset()  # the tables a tab shows: it reloads when a write touches them
    import_kind: str | None = None  # the ledger kind a file dropped here is imported as
    model_class = ListingModel
    status_message = Signal(str)
    import_requested = Signal(str, str)  # kind, file

    def __init__(self, parent=None):
        super().__init__(parent)
        listing = self.listing()
        self.model = self.model_class(listing, self.headers(listing), self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.search_hint())
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.search.setMinimumWidth(em(self.search, SEARCH_MIN_CHARS))
        self.count_label = QLabel(self)

        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setDefaultSectionSize(110)
        self.model.modelReset.connect(self._update_count)
        self._apply_default_order()
        self.view.setSortingEnabled(True)  # sorts, and so loads the first ids

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.apply_search)

        self.export_button = QPushButton(self.tr("导出…"), self)
        self.export_button.setToolTip(self.tr("把表格当前显示的行（含筛选）导出为 Excel"))
        self.export_button.clicked.connect(lambda: self.export_table())
        fit_text(self.export_button)
        # the one toolbar row of every list: its actions (set_actions) at the left, the search box,
        # the filters (add_toolbar_widgets), the count, then 导出… and 打印… at the right
        self.toolbar = QWidget(self)
        self.toolbar.setObjectName("toolbar")
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.actions_row = QHBoxLayout()
        bar.addLayout(self.actions_row)
        bar.addWidget(QLabel(self.tr("搜索："), self.toolbar))
        bar.addWidget(self.search, 1)
        self.add_toolbar_widgets(bar)
        bar.addWidget(self.count_label)
        bar.addWidget(self.export_button)
        self.print_row = QHBoxLayout()
        bar.addLayout(self.print_row)
        self.action_buttons: dict[str, QPushButton] = {}
        self.print_buttons: list[QPushButton] = []
        self.setAcceptDrops(self.import_kind is not None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        self.add_body(layout)
        if self.TABLES:
            self.watch = watch(self, self.TABLES, self.reload_changes)

    # -- for subclasses
    def listing(self) -> Listing:
        raise NotImplementedError

    def headers(self, listing: Listing) -> Sequence[str]:
        """The listing's column names, through Qt's translation (context "columns")."""
        return [QCoreApplication.translate("columns", label) for label in listing.labels]

    def search_hint(self) -> str:
        return self.tr("输入关键字筛选，多个词用空格分开")

    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        """Room for a tab's filters and buttons beside the search box."""

    def add_body(self, layout: QVBoxLayout) -> None:
        """What goes under the search bar: the table (a tab may put buttons above it or a detail
        pane beside it)."""
        layout.addWidget(self.view, 1)

    # -- behaviour
    def _apply_default_order(self) -> None:
        keys = self.model.listing.keys
        if self.model.order_key in keys:
            order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
            self.view.horizontalHeader().setSortIndicator(keys.index(self.model.order_key), order)

    def apply_search(self) -> None:
        self._timer.stop()
        try:
            self.model.set_search(self.search.text())
        except BadValue as exc:  # too many words or too long: said beside the box, the rows stay
            self.count_label.setText(self.tr("搜索未执行"))
            self.count_label.setToolTip(str(exc))
            self.status_message.emit(str(exc))
            counted()
            return
        self.count_label.setToolTip("")

    def refresh(self) -> None:
        first = getattr(self.model, "waiting", False)  # a page read when first shown (RowsWhenShown)
        self.model.listing = self.listing()  # a new day may change what a listing computes
        self.model.reload()
        if first:  # a page's first rows: its columns fitted to them (it was shown empty a moment)
            self.fit_columns()
        if self.current_list() is not self:  # another page of the tab shown: it too (the others when shown)
            self.current_list().refresh()

    def reload_changes(self) -> None:
        """What the change bus calls when a write touched ``TABLES`` (everything, unless a tab
        keeps something being typed)."""
        self.refresh()

    def _update_count(self) -> None:
        n = self.model.rowCount()
        narrowed = self.model.search or any(v not in (None, "") for v in self.model.filters.values())
        text = self.tr("筛选出 %n 条", "", n) if narrowed else self.tr("共 %n 条", "", n)
        self.count_label.setText(text)
        counted()  # the status bar says the count of the list shown, not of every list read again

    # -- a tab whose other lists are pages of it (车辆油耗's 出车 and 事故违章, 文印's 测速记录)
    def add_pages(self, first: str, pages: Sequence[tuple[str, "ListTab"]]) -> None:
        """Put this list (its toolbar row and body) on a first page titled ``first`` and each of
        ``pages`` (title, a list made with this tab as parent) on a page after it, in a QTabWidget
        ``self.pages``. The window's list actions (count, export, copy, select all, find) go to the
        list of the page shown (``current_list``); a page is read again when shown."""
        layout = self.layout()
        self.own_page = QWidget(self)
        own = QVBoxLayout(self.own_page)
        own.setContentsMargins(0, 6, 0, 0)
        items = [(layout.itemAt(i).widget(), layout.itemAt(i).layout(), layout.stretch(i))
                 for i in range(layout.count())]
        while layout.count():
            layout.takeAt(0)
        for widget, sub, stretch in items:  # moved with their stretch
            if widget is not None:
                own.addWidget(widget, stretch)
            elif sub is not None:
                sub.setParent(None)
                own.addLayout(sub, stretch)
        self.pages = QTabWidget(self)
        self.pages.addTab(self.own_page, first)
        for title, page in pages:
            page.layout().setContentsMargins(0, 6, 0, 0)
            page.status_message.connect(self.status_message)
            page.import_requested.connect(self.import_requested)
            self.pages.addTab(page, title)
        self.pages.currentChanged.connect(self._page_changed)
        layout.addWidget(self.pages, 1)

    def _page_changed(self, _index: int) -> None:
        lst = self.current_list()
        if lst is not self:
            lst.refresh()  # read when shown: the tab starts without reading lists it does not show
        counted()

    def current_list(self) -> "ListTab":
        """The list of the page shown: another page's, or this one's."""
        pages = getattr(self, "pages", None)
        page = pages.currentWidget() if pages is not None else None
        return page if isinstance(page, ListTab) else self

    def show_page(self, page: "ListTab") -> None:
        self.pages.setCurrentWidget(page if page is not self else self.own_page)

    def page_import_kind(self, own: str | None) -> str | None:
        """For a tab with pages: the ledger kind dropped on (or 导入台账 from) the page shown."""
        lst = self.current_list()
        return own if lst is self else lst.import_kind

    # -- what the main window asks of a tab (ui/page.py)
    def count_text(self) -> str:
        return self.current_list().count_label.text()

    def select_all(self) -> None:
        self.current_list().view.selectAll()

    def open_record(self, kind: str, key) -> bool:
        """A person ("person", id) in a list of people; a search or filter hiding the row is cleared."""
        return kind == "person" and self.show_row_clearing_filters(key)

    def show_row_clearing_filters(self, row_id: int) -> bool:
        if self.select_row_id(row_id):
            return True
        self.search.clear()
        self.clear_filters()
        self.apply_search()
        return self.select_row_id(row_id)

    def clear_filters(self) -> None:
        """A tab with filters beside the search box sets them back to 全部 here."""

    def focus_search(self) -> None:
        lst = self.current_list()
        lst.search.setFocus()
        lst.search.selectAll()

    def copy_selection(self) -> None:
        """Copy the selected rows as tab-separated text (pastes into Excel as cells)."""
        lst = self.current_list()
        model = lst.model
        rows = sorted({i.row() for i in lst.view.selectionModel().selectedIndexes()})
        if not rows:
            return
        lines = ["\t".join(model.headers)]
        for r in rows:
            lines.append("\t".join(model.index(r, c).data() or "" for c in range(model.columnCount())))
        QGuiApplication.clipboard().setText("\n".join(lines))

    # -- actions, selection and forms, shared by the tabs that enter data
    def make_action(self, text: str, slot, tip: str = "", permission: str | None = None) -> QAction:
        """An action; with ``permission`` it is offered only to roles that have it (forms.guard)."""
        action = QAction(text, self)
        action.setToolTip(tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        if permission is not None:

            guard(action, permission)
        return action

    def _button(self, action: QAction) -> QPushButton:
        """A toolbar button for ``action``, following its enabled state and tooltip."""
        button = QPushButton(action.text(), self)
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        button.setEnabled(action.isEnabled())
        action.enabledChanged.connect(button.setEnabled)
        action.changed.connect(lambda b=button, a=action: b.setToolTip(a.toolTip()))
        return fit_text(button)

    def set_actions(self, actions: Sequence[QAction | None], more: QMenu | None = None,
                    prints: Sequence[QAction] = ()) -> None:
        """The toolbar row's buttons: ``actions`` at its left (None: a gap between groups), then a
        更多 button with ``more`` (what is used now and then); ``prints`` (打印… the page's documents)
        at its right end, after 导出…. Buttons are kept in ``action_buttons`` by text."""
        for action in actions:
            if action is None:
                self.actions_row.addSpacing(8)
                continue
            button = self._button(action)
            self.action_buttons[action.text()] = button
            self.actions_row.addWidget(button)
        if more is not None:
            self.more_button = QPushButton(self.tr("更多"), self)
            self.more_button.setObjectName("more")
            self.more_button.setMenu(more)
            self.more_button.setMinimumWidth(min(self.more_button.sizeHint().width(), em(self.more_button, 4.5)))
            self.actions_row.addWidget(self.more_button)
        if actions or more is not None:
            self.actions_row.addSpacing(8)
        for action in prints:
            button = self._button(action)
            button.setObjectName("print")
            self.action_buttons[action.text()] = button
            self.print_buttons.append(button)
            self.print_row.addWidget(button)

    def context_menu(self) -> QMenu | None:
        """The table's right-click menu (a tab that has one gives it here)."""
        return None

    def enable_context_menu(self) -> None:
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)

    def _show_context_menu(self, pos) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.setToolTipsVisible(True)  # a disabled entry says why
            menu.exec(self.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def selected_row_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return self.model.row_id(rows[0].row()) if rows else None

    def select_row_id(self, row_id: int) -> bool:
        """Select the row of ``row_id``; False when the search or filters hide it.  A list whose
        detail pane follows the current row (``follow_current_row``) shows that record again (a
        write may have changed it)."""
        try:
            row = self.model.ids().index(row_id)
        except ValueError:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        if self._follows:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.shown_id = row_id
            self.show_current()
        return True

    # -- a detail pane beside the list that follows its current row
    _follows = False
    shown_id: int | None = None  # the record the detail pane shows

    def follow_current_row(self) -> None:
        """Let the detail pane follow the current row: ``show_current`` is called with ``shown_id``
        set when the current row changes, and after a reload the same record is selected again
        while it is still listed (else the pane shows nothing)."""
        self._follows = True
        self.shown_id = None
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.modelReset.connect(self._after_reset)

    def show_current(self) -> None:
        """Show the record ``shown_id`` (None: none) in the detail pane, and the actions it allows."""

    def _current_row_changed(self, current, _previous) -> None:
        if current.isValid():
            self.shown_id = self.model.row_id(current.row())
            self.show_current()

    def _after_reset(self) -> None:
        wanted, self.shown_id = self.shown_id, None
        if wanted is None or not self.select_row_id(wanted):
            self.show_current()

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog; True if it wrote something (a form accepted, or a panel that changed data)."""

        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        changed = accepted if isinstance(dialog, ServiceDialog) else getattr(dialog, "changed", accepted)
        dialog.deleteLater()
        return changed

    def show_change(self, message: str, row_id: int | None = None) -> None:
        """After a write (which the change bus has shown already): the changed row selected, and a
        word in the status bar (saying so when the search or a filter hides that row)."""
        if row_id is not None and not self.select_row_id(row_id):
            message += self.tr("（不在当前搜索或筛选结果中）")
        if message:
            self.status_message.emit(message)

    # -- export and import
    def table_title(self) -> str:
        return self.tr("表格")

    def export_table(self, listing: Listing | None = None, title: str | None = None) -> None:
        """Export the rows shown, in the order shown, off the GUI thread; or, given ``listing``,
        every row of that listing (a fuller export, such as the roster). On a tab with pages,
        the list of the page shown."""
        if self.current_list() is not self:
            return self.current_list().export_table(listing, title)
        title = title or self.table_title()
        path = ask_xlsx_path(self, f"{title}-{stamp()}")  # 表格-2026-12-06
        if path is None:
            return
        if listing is None:
            ids = self.model.ids()
            listing, headers, search = self.model.listing, self.model.headers, self.model.search
        else:
            ids, headers, search = listing.ids(), self.headers(listing), ""
        total = max(len(ids), 1)

        def job(progress):
            return export_listing(path, title, listing, ids, headers, search,  # the dialog asked before replacing
                                  progress=lambda n: progress(n * 100 // total, ""), force=True)

        outcome = run_with_progress(self, self.tr("正在导出…"), job)
        if outcome.ok and outcome.result >= 0:
            self.status_message.emit(self.tr("已导出 %1 行到 %2").replace("%1", str(outcome.result)).replace("%2", path))
        elif not outcome.cancelled:
            QMessageBox.warning(self, self.tr("导出失败"), outcome.error or self.tr("未写入文件"))

    def print_document(self, name: str, pdf: bool = False) -> None:
        """Preview (and print) or save as PDF one of the documents in reports/catalog.py."""


        printable = DOCUMENTS[name]
        ok, document = call_service(self, printable.build, date.today(), title=self.tr("无法打印"))
        if not ok:  # e.g. results this user's role may not see
            return
        title = document.title or self.tr(printable.label)  # 2026年11月车辆油耗情况表: the preview's title, the file's name
        printing.show_document(self, document, title, pdf, said=self.status_message.emit)

    # -- settings
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"tabs/{self.key}/header", self.view.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        """The order of the columns and the sort come back from the saved header; the widths
        from the one rule for tables (ui/columns.py), with those the user set."""
        state = settings.value(f"tabs/{self.key}/header")
        if state is not None:
            self.view.horizontalHeader().restoreState(state)
        self.fit_columns()

    def fit_columns(self) -> None:
        fit_columns(self.view)
        self._fitted = True

    def showEvent(self, event) -> None:
        if not getattr(self, "_fitted", False):  # a list inside a page or a dialog: fitted when first shown
            self.fit_columns()
        super().showEvent(event)



class RecordList(ListTab):
    """A list that is a page of its tab (出车, 事故违章, 测速记录): its toolbar row has the button
    that adds a record (``new_label()``, offered with ``permission``) and 修改… (also a double-click)
    when rows can be corrected (``edit_row``); ``note()`` is a line of explanation under the table.
    Its tab reads it again when it is shown (``ListTab.add_pages``)."""

    permission: str | None = None
    can_edit = True  # a row can be corrected (修改…, double-click)

    def new_label(self) -> str:
        raise NotImplementedError  # e.g. self.tr("出车登记…")

    def note(self) -> str:
        return ""

    def __init__(self, parent=None):
        super().__init__(parent)
        actions = [self.make_action(self.new_label(), lambda: self.new_row(), permission=self.permission)]
        self.new_action = actions[0]
        if self.can_edit:
            self.edit_action = self.make_action(self.tr("修改…"), self.edit_selected,
                                                self.tr("修改所选的一行（也可双击该行）"), permission=self.permission)
            actions.append(self.edit_action)
            self.view.doubleClicked.connect(self._double_clicked)
            self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
            self.model.modelReset.connect(self._update_actions)
            self._update_actions()
        self.set_actions(actions)

    def add_body(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self.view, 1)
        if self.note():
            layout.addWidget(hint(self.note(), self))

    def _update_actions(self) -> None:
        self.edit_action.setEnabled(self.selected_row_id() is not None)

    def _double_clicked(self, index) -> None:
        self.view.selectRow(index.row())
        self.edit_action.trigger()  # via the action: nothing for a role that may not correct

    def edit_selected(self) -> None:
        row_id = self.selected_row_id()
        if row_id is not None:
            self.edit_row(row_id)

    def new_row(self) -> None:
        raise NotImplementedError

    def edit_row(self, row_id: int) -> None:
        """Correct a row (修改…, double-click)."""
