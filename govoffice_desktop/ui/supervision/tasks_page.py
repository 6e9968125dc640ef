"""督办事项: the tasks with their light, the forms, the selected task's requirement and dated progress."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TASK_DONE, TASK_OPEN, TASK_WITHDRAWN
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QSplitter, QVBoxLayout,
                               QWidget)

from govoffice_desktop.services import supervision
from govoffice_desktop.services.documents import incoming
from govoffice_desktop.ui.forms import fill_table, read_only_table
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.page import PageHost
from govoffice_desktop.ui.supervision.common import LIGHT_COLOURS, GREY
from govoffice_desktop.ui.supervision_dialogs import CompleteDialog, ProgressDialog, ReasonDialog, TaskDialog
from govoffice_desktop.ui.table_model import ListingModel


class TaskModel(ListingModel):
    """Tasks, with the status light painted in its colour."""

    only_paints = True
    own_text_columns = (0,)  # the light: ● 红

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0:
            colour = LIGHT_COLOURS.get(self.row_values(index.row())[0])
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.DisplayRole and index.isValid() and index.column() == 0:
            light = self.row_values(index.row())[0]
            return f"● {light}" if light else ""
        return super().data(index, role)


class TaskDetail(QWidget):
    """The selected task: what, who, when, the requirement and the result; its dated progress."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.info.linkActivated.connect(self._open_link)
        info_box = QGroupBox(self.tr("事项"), self)
        QVBoxLayout(info_box).addWidget(self.info, 1)
        self.progress = read_only_table(self, [self.tr("日期"), self.tr("办理进展"), self.tr("登记人")], stretch=1)
        self.progress.setWordWrap(True)
        self.progress.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        progress_box = QGroupBox(self.tr("办理进展"), self)
        QVBoxLayout(progress_box).addWidget(self.progress, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(info_box, 2)
        layout.addWidget(progress_box, 3)
        self.show_task(None, date.today())

    def _open_link(self, href: str) -> None:
        """来自收文: the document, shown in 文电办理 (the window opens it there)."""
        kind, _, key = href.partition(":")
        window = self.window()
        if hasattr(window, "open_record") and key.isdigit():
            window.open_record("documents", kind, int(key))

    def show_task(self, task, today: date) -> None:
        if task is None:
            self.info.setText(self.tr("<span style='color:#5f6368'>选择一件督办事项，这里显示它的要求和办理进展。</span>"))
            self.progress.setRowCount(0)
            return
        row = supervision.task_row(task, today)
        light = row["light_zh"]
        colour = LIGHT_COLOURS.get(light, GREY)
        if task.status == TASK_OPEN:
            days = row["days_left"]
            when = (self.tr("逾期 %1 天").replace("%1", str(-days)) if days < 0 else
                    self.tr("今天到期") if days == 0 else self.tr("还有 %1 天").replace("%1", str(days)))
        elif task.status == TASK_DONE:
            late = (task.completed_on - task.deadline).days
            when = (self.tr("%1 办结，逾期 %2 天").replace("%2", str(late)) if late > 0
                    else self.tr("%1 按期办结")).replace("%1", task.completed_on.isoformat())
        else:
            when = self.tr("已撤销")

        def esc(text: str) -> str:
            return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")

        lines = [f"<p style='margin:0'><b style='font-size:115%'>{esc(task.title)}</b></p>",
                 f"<p style='margin:4px 0'><span style='color:{colour}; font-weight:bold'>● {esc(light)}</span>"
                 f"　{esc(task.status)}　{esc(when)}</p>",
                 "<table cellspacing='0' cellpadding='2'>"]
        for label, value in ((self.tr("来源"), task.source), (self.tr("责任人"), row["responsible"]),
                             (self.tr("责任科室"), row["section"]), (self.tr("交办日期"), row["assigned_on"]),
                             (self.tr("办结时限"), row["deadline"])):
            lines.append(f"<tr><td style='color:#5f6368'>{esc(label)}</td><td>{esc(value)}</td></tr>")
        lines.append("</table>")
        document = incoming.document_of_task(task)  # a task made from a 收文 (转督办) names it, a link to it
        if document is not None:
            lines.append(f"<p style='margin:4px 0'>{esc(self.tr('来自收文'))}　<a href='incoming:{document.id}'>"
                         f"{esc(incoming.number_of(document))}</a>　{esc(document.title)}"
                         f"<span style='color:#5f6368'>（{esc(document.source_unit)}）</span></p>")
        lines.append(f"<p style='margin:6px 0 0 0; color:#5f6368'>{esc(self.tr('办理要求'))}</p>"
                     f"<p style='margin:0'>{esc(task.requirement) or esc(self.tr('（未写）'))}</p>")
        if task.result:
            label = self.tr("办理结果") if task.status == TASK_DONE else self.tr("撤销原因")
            lines.append(f"<p style='margin:6px 0 0 0; color:#5f6368'>{esc(label)}</p><p style='margin:0'>"
                         f"{esc(task.result)}</p>")
        self.info.setText("".join(lines))
        notes = supervision.progress_of(task)
        fill_table(self.progress, [(n.noted_on, n.note, n.noted_by) for n in reversed(notes)],
                   [n.id for n in reversed(notes)])
        self.progress.resizeRowsToContents()


LIGHT_FILTERS = (("全部", None), ("● 红灯（逾期）", supervision.RED), ("● 黄灯（3天内到期）", supervision.YELLOW),
                 ("● 绿灯", supervision.GREEN), ("已办结", supervision.DONE), ("已撤销", supervision.WITHDRAWN))


class TasksPage(ListTab):
    """督办事项: the task list with its light filter, the forms, and the selected task below."""

    key = "supervision"  # its header's state is kept where it was when the list was the tab
    model_class = TaskModel

    def __init__(self, tab: PageHost):
        self.tab = tab  # before the list is built: the listing asks for the day
        super().__init__(tab)
        self.layout().setContentsMargins(0, 6, 0, 0)
        self.enable_context_menu()
        self.view.doubleClicked.connect(lambda _index: self.edit_action.trigger())  # via the action
        self.follow_current_row()
        self._update_actions()

    def add_body(self, layout: QVBoxLayout) -> None:
        """The forms' buttons, then the list above the selected task."""
        self._build_actions()
        self.detail = TaskDetail(self)
        self.task_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.task_splitter.setChildrenCollapsible(False)
        self.task_splitter.addWidget(self.view)
        self.task_splitter.addWidget(self.detail)
        self.task_splitter.setStretchFactor(0, 3)
        self.task_splitter.setStretchFactor(1, 2)
        self.set_actions((self.new_action, self.edit_action, self.progress_action, self.complete_action, None,
                          self.withdraw_action, self.reopen_action))
        layout.addWidget(self.task_splitter, 1)

    def day(self) -> date:
        return self.tab.day()

    def table_title(self):
        return self.tr("督办事项")

    def listing(self):
        return supervision.task_listing(self.day())

    def search_hint(self):
        return self.tr("按来源、事项、责任人、科室、状态筛选")

    # -- the light filter
    def add_toolbar_widgets(self, bar: QHBoxLayout) -> None:
        self.light_filter = QComboBox(self)
        self.light_filter.setObjectName("filter_light")
        for text, light in LIGHT_FILTERS:
            self.light_filter.addItem(self.tr(text), light)
        for i, (_text, light) in enumerate(LIGHT_FILTERS):
            if light in LIGHT_COLOURS and light not in (supervision.DONE, supervision.WITHDRAWN):
                self.light_filter.setItemData(i, QBrush(QColor(LIGHT_COLOURS[light])), Qt.ItemDataRole.ForegroundRole)
        self.light_filter.currentIndexChanged.connect(self.apply_filters)
        bar.addWidget(QLabel(self.tr("状态灯："), self))
        bar.addWidget(self.light_filter)

    def filters(self) -> dict:
        light = self.light_filter.currentData()
        return {"light": light} if light is not None else {}

    def apply_filters(self) -> None:
        self.model.set_filters(self.filters())

    # -- actions
    def _build_actions(self) -> None:
        self.new_action = self.make_action(self.tr("新建督办…"), self.new_task,
                                           self.tr("领导交办、重点难点、突发事件、调研课题：落实到人，限期办结"), permission="supervision.edit")
        self.edit_action = self.make_action(self.tr("修改…"), self.edit_task, self.tr("修改所选的督办事项（也可双击该行）"), permission="supervision.edit")
        self.progress_action = self.make_action(self.tr("登记进展…"), self.add_progress, self.tr("登记一条带日期的办理进展"), permission="supervision.edit")
        self.complete_action = self.make_action(self.tr("办结…"), self.complete_task, self.tr("办结：日期和办理结果"), permission="supervision.edit")
        self.withdraw_action = self.make_action(self.tr("撤销…"), self.withdraw_task, self.tr("情况变化，撤销督办（写明原因）"), permission="supervision.edit")
        self.reopen_action = self.make_action(self.tr("重新办理…"), self.reopen_task,
                                              self.tr("已办结或已撤销的事项重新办理，原结果留在进展中"), permission="supervision.edit")
        self.task_actions = [self.edit_action, self.progress_action, self.complete_action, self.withdraw_action,
                             self.reopen_action]

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addActions([self.new_action, self.edit_action])
        menu.addSeparator()
        menu.addActions([self.progress_action, self.complete_action])
        menu.addSeparator()
        menu.addActions([self.withdraw_action, self.reopen_action])
        return menu

    def current_task(self):
        return supervision.task_by_id(self.shown_id)

    def _update_actions(self) -> None:
        task = self.current_task()
        status = task.status if task is not None else None
        self.edit_action.setEnabled(task is not None)
        self.progress_action.setEnabled(status is not None and status != TASK_WITHDRAWN)
        self.complete_action.setEnabled(status == TASK_OPEN)
        self.withdraw_action.setEnabled(status == TASK_OPEN)
        self.reopen_action.setEnabled(status in (TASK_DONE, TASK_WITHDRAWN))

    def show_current(self) -> None:
        self.detail.show_task(self.current_task(), self.day())
        self._update_actions()

    def _task_changed(self, message: str, task) -> None:
        """After a write to a task (which the change bus has shown): the task selected and a word."""
        if not self.select_row_id(task.id):
            message += self.tr("（不在当前搜索或筛选结果中）")
        self.status_message.emit(message)

    def _run_task_form(self, dialog, template: str) -> None:
        if self.tab.run_dialog(dialog):
            task = dialog.result_value if dialog.result_value is not None else dialog.task
            task = getattr(task, "task", task)  # a progress note names its task
            self._task_changed(template.replace("%1", task.title), task)

    def new_task(self) -> None:
        self._run_task_form(TaskDialog(parent=self, today=self.day()), self.tr("已新建督办事项：%1"))

    def edit_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(TaskDialog(task, self, today=self.day()), self.tr("已修改督办事项：%1"))

    def add_progress(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(ProgressDialog(task, self, today=self.day()), self.tr("已登记办理进展：%1"))

    def complete_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(CompleteDialog(task, self, today=self.day()), self.tr("已办结：%1"))

    def withdraw_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(ReasonDialog(task, True, self, today=self.day()), self.tr("已撤销督办：%1"))

    def reopen_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run_task_form(ReasonDialog(task, False, self, today=self.day()), self.tr("已重新办理：%1"))

    def clear_filters(self) -> None:
        self.light_filter.setCurrentIndex(0)

