"""文电办理 in the window (issue 22): 收文登记 registers and handles a document through its forms, the
register shows the light and filters, a double-click opens the whole record, 转督办 shows in 督查督办
both ways; what a 文书, a 领导 and a 科室录入员 see and may do."""
from __future__ import annotations

import sys
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from govoffice_desktop.models.documents import IN_DONE, IN_OPEN, IN_SUPERVISED, IncomingDocument
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth, workdays
from govoffice_desktop.services.documents import incoming
from govoffice_desktop.ui import incoming_dialogs as dialogs
from govoffice_desktop.ui.page import Refused
from tests.test_status_bar import demo_window  # noqa: F401 - the fixture

DAY = date(2026, 11, 30)  # the demo's day, a Monday


def documents_tab(window):
    holder = window.pages["documents"]
    window.tabs.setCurrentWidget(holder)
    tab = holder.page()
    tab.fixed_today = DAY
    tab.refresh()
    return tab


def filling(page, fill):
    """The page's forms, filled by ``fill(dialog)`` and saved (as 确定 would), instead of shown."""
    opened = []

    def run(dialog) -> bool:
        opened.append(dialog)
        if isinstance(dialog, dialogs.RecordDialog):
            return False
        fill(dialog)
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    page.tab.run_dialog = run
    return opened


def some_documents():
    """Three documents of 综合科 (as admin): one overdue, one due today, one just received."""
    section = Section.get(Section.name == "综合科")
    person = Person.select().where(Person.section == section, Person.status == "在岗").first()
    made = []
    for days_ago, urgency in ((10, "特急"), (1, "特急"), (0, "平件")):
        doc = incoming.register({"received_on": DAY - timedelta(days=days_ago), "source_unit": "市财政局",
                                 "title": f"关于第{days_ago}号事项的通知", "urgency": urgency}, today=DAY)
        made.append(incoming.assign(doc, section, person, today=DAY))
    return made


def test_a_document_registered_handled_and_turned_into_a_task_from_the_window(demo_window, qtbot):
    window = demo_window("admin")
    tab = documents_tab(window)
    page = tab.incoming
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())][0] == "收文登记"
    before = page.model.rowCount()

    def register(dialog):
        dialog.source_unit.setText("江苏省人民政府办公厅")
        dialog.source_ref.setText("苏政办发〔2026〕88号")
        dialog.title_edit.setText("关于做好冬季安全生产工作的通知")
        dialog.urgency.setCurrentIndex(dialog.urgency.findData("加急"))

    filling(page, register)
    serial = incoming.next_serial(2026)  # 1 on an office without 收文 yet; the next one of the demo's otherwise
    page.register_action.trigger()
    doc = IncomingDocument.select().order_by(IncomingDocument.id.desc()).first()
    number = f"收〔2026〕{serial}号"
    assert incoming.number_of(doc) == number and doc.deadline == workdays.deadline_for("加急", DAY)
    assert page.model.rowCount() == before + 1 and page.selected_row_id() == doc.id
    assert window.count_label.text() == f"共 {before + 1} 条"
    row = page.model.ids().index(doc.id)
    assert page.model.index(row, 0).data() == "● 绿" and page.model.index(row, 1).data() == number
    assert page.review_action.isEnabled() and not page.file_action.isEnabled()

    section = Section.get(Section.name == "综合科")
    person = Person.select().where(Person.section == section, Person.status == "在岗").first()

    def review(dialog):
        dialog.instruction.setPlainText("请综合科牵头办理，按时反馈")
        dialog.instructed_by.setText("王市长")

    filling(page, review)
    page.review_action.trigger()

    def assign(dialog):
        dialog.section.setCurrentIndex(dialog.section.findData(section.id))
        dialog.handler.setCurrentIndex(dialog.handler.findData(person.id))

    filling(page, assign)
    page.assign_action.trigger()
    stored = IncomingDocument.get_by_id(doc.id)
    assert (stored.instructed_by, stored.section_id, stored.handler_id) == ("王市长", section.id, person.id)

    opened = filling(page, lambda dialog: None)
    page.task_action.trigger()
    stored = IncomingDocument.get_by_id(doc.id)
    assert stored.status == IN_SUPERVISED and stored.task_id is not None
    assert not page.complete_action.isEnabled() and page.file_action.isEnabled()
    assert "已转为督办事项" in window.statusBar().currentMessage()

    page.view.doubleClicked.emit(page.model.index(page.model.ids().index(doc.id), 1))
    record = opened[-1]
    assert isinstance(record, dialogs.RecordDialog)
    assert number in record.info.text() and "王市长" in record.info.text()
    assert record.steps.rowCount() >= 2  # 交办, 转为督办事项

    # 督查督办 names the 收文 the task came from, a link back to it
    supervision = window.pages["supervision"]
    window.tabs.setCurrentWidget(supervision)
    tasks = supervision.page().tasks
    tasks.refresh()
    assert tasks.show_row_clearing_filters(stored.task_id)
    assert "来自收文" in tasks.detail.info.text() and number in tasks.detail.info.text()
    tasks.detail.info.linkActivated.emit(f"incoming:{doc.id}")
    assert window.tabs.currentWidget() is window.pages["documents"] and page.selected_row_id() == doc.id


def test_the_register_filters_by_status_overdue_year_and_section(demo_window, qtbot):
    window = demo_window("admin")
    late, soon, fresh = some_documents()
    tab = documents_tab(window)
    page = tab.incoming
    assert page.model.rowCount() >= 3
    page.status_filter.setCurrentIndex(page.status_filter.findText("● 超期"))
    overdue = page.model.ids()  # the demo's overdue too, when it has some
    assert late.id in overdue and soon.id not in overdue and window.count_label.text() == f"筛选出 {len(overdue)} 条"
    assert set(overdue) == {r["id"] for r in incoming.overdue(DAY)}
    assert {page.model.index(r, 0).data() for r in range(len(overdue))} == {"● 红"}
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#d93025"
    page.status_filter.setCurrentIndex(page.status_filter.findText("● 将到期"))
    assert soon.id in page.model.ids() and late.id not in page.model.ids()
    page.status_filter.setCurrentIndex(page.status_filter.findText("办理中"))
    assert set(page.model.ids()) >= {late.id, soon.id, fresh.id}
    page.section_filter.setCurrentIndex(page.section_filter.findText("综合科"))
    offered = [page.year_filter.itemData(i) for i in range(1, page.year_filter.count())]
    assert offered == incoming.years() and 2026 in offered  # the years that have documents, newest first
    page.year_filter.setCurrentIndex(page.year_filter.findData(2026))
    section = Section.get(Section.name == "综合科")
    assert set(page.model.ids()) == {d.id for d in IncomingDocument.select().where(
        IncomingDocument.year == 2026, IncomingDocument.section == section, IncomingDocument.status == IN_OPEN)}
    assert {late.id, soon.id, fresh.id} <= set(page.model.ids())
    page.clear_filters()
    assert window.open_record("documents", "incoming", late.id) and page.selected_row_id() == late.id


def test_a_secretary_works_on_documents_and_reads_elsewhere(demo_window, qtbot):
    window = demo_window("wenshu")
    assert window.tabs.currentWidget() is window.pages["documents"]  # where a 文书's day begins
    assert "（文书）" in window.user_label.text()
    page = documents_tab(window).incoming
    assert page.register_action.isEnabled()
    some = some_documents()
    page.refresh()
    page.select_row_id(some[0].id)
    assert all(a.isEnabled() for a in (page.review_action, page.assign_action, page.complete_action,
                                       page.task_action, page.void_action, page.step_action))
    supervision = window.pages["supervision"]
    window.tabs.setCurrentWidget(supervision)
    tasks = supervision.page().tasks
    assert not tasks.new_action.isEnabled() and "（文书）无权登记督查和督办" in tasks.new_action.toolTip()
    ratings = window.pages["ratings"]
    window.tabs.setCurrentWidget(ratings)
    body = ratings.body
    qtbot.waitUntil(body.isVisible)
    assert isinstance(body, Refused) and body.refused()
    assert body.message.text().startswith("当前用户“wenshu”（文书）无权查看评议结果。")


def test_a_leader_reads_every_document_and_changes_none(demo_window, qtbot):
    made = []
    window = demo_window("admin")
    made = some_documents()
    auth.login_as(User.get(User.name == "lingdao"))
    window.show_user()
    page = documents_tab(window).incoming
    assert window.tabs.currentWidget() is window.pages["documents"]
    assert set(page.model.ids()) == {d.id for d in IncomingDocument.select()} >= {d.id for d in made}
    page.select_row_id(made[0].id)
    for action in page.step_actions + [page.correct_action]:
        assert not action.isEnabled(), action.text()
    assert "（领导）无权登记收文和发文" in page.register_action.toolTip()
    assert page.open_action.isEnabled()  # the whole record, to read


def test_a_section_clerk_records_the_handling_of_their_sections_documents_only(demo_window, qtbot, monkeypatch):
    window = demo_window("admin")
    own = some_documents()[0]  # 综合科: luruyuan's
    other = incoming.register({"received_on": DAY, "source_unit": "市委办公室", "title": "别科室的"}, today=DAY)
    incoming.assign(other, Section.get(Section.name == "秘书一科"), today=DAY)
    auth.login_as(User.get(User.name == "luruyuan"))
    window.show_user()
    page = documents_tab(window).incoming
    assert not page.register_action.isEnabled() and not page.assign_action.isEnabled()
    page.select_row_id(own.id)
    assert page.step_action.isEnabled() and page.complete_action.isEnabled()
    filling(page, lambda d: (d.result_box.setPlainText("已办理完毕"), d.done_on.setDate(DAY)))
    page.complete_action.trigger()
    assert IncomingDocument.get_by_id(own.id).status == IN_DONE

    # another section's document: 办理过程 and 办结 are not offered, the refusal says why (before
    # any form is filled); the service refuses it all the same
    page.select_row_id(other.id)
    for action in (page.step_action, page.complete_action):
        assert not action.isEnabled(), action.text()
        assert action.toolTip() == "科室录入员只能为本科室（综合科）登记文件的办理情况"
    with pytest.raises(auth.PermissionDenied, match="科室录入员只能为本科室（综合科）登记文件的办理情况"):
        incoming.complete(other, DAY, "越权办结", today=DAY)
    assert IncomingDocument.get_by_id(other.id).status == IN_OPEN
    page.select_row_id(own.id)  # their own again: offered, with the action's own tooltip
    assert page.step_action.isEnabled() and page.step_action.toolTip() == "登记一条带日期的办理情况"


def test_a_classified_document_is_refused_with_the_channel_named(demo_window, monkeypatch):
    window = demo_window("admin")
    page = documents_tab(window).incoming
    dialog = dialogs.RegisterDialog(parent=page, today=DAY)
    assert [dialog.secrecy.itemText(i) for i in range(dialog.secrecy.count())] == ["公开", "内部"]
    hints = [w.text() for w in dialog.findChildren(type(dialog.limit)) if "机要" in w.text()]
    assert hints and "涉密文件" in hints[0]
    assert dialog.limit.text() == f"7 个工作日，至 {workdays.deadline_for('平件', DAY)}"
    dialog.deleteLater()
    with pytest.raises(Exception, match="机要"):
        incoming.register({"received_on": DAY, "source_unit": "省委", "title": "绝密件", "secrecy": "绝密"}, today=DAY)


def test_the_task_form_names_the_document_it_came_from(demo_window):
    from govoffice_desktop.ui.supervision_dialogs import TaskDialog

    demo_window("admin")
    doc = some_documents()[2]
    incoming.instruct(doc, {"instruction": "请督查室跟踪督办", "instructed_by": "王市长"}, today=DAY)
    task = incoming.to_task(doc, DAY, today=DAY)
    dialog = TaskDialog(task, today=DAY)
    texts = [label.text() for label in dialog.findChildren(type(dialog.form.labelForField(dialog.source)))]
    assert "来自收文" in texts and f"{incoming.number_of(doc)}　{doc.title}" in texts
    dialog.deleteLater()


def test_a_page_naming_a_document_shows_it_on_the_register(demo_window, monkeypatch):
    """A page of the tab that names a 收文 (办理情况's overdue list: ``document_opened``) has the tab
    show it on 收文登记."""
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QWidget

    from govoffice_desktop.ui import documents_tab as the_tab

    class Naming(QWidget):
        message = Signal(str)
        document_opened = Signal(int)

        def __init__(self, tab):
            super().__init__(tab)
            self.tab = tab

        def count_text(self) -> str:
            return ""

        def refresh(self) -> None:
            pass

    module = type(sys)("naming_page")
    module.Naming = Naming
    monkeypatch.setitem(sys.modules, "naming_page", module)
    monkeypatch.setattr(the_tab, "PAGES", the_tab.PAGES + [("naming", "办理情况", "naming_page", "Naming")])
    window = demo_window("admin")
    late = some_documents()[0]
    window.tabs.setCurrentWidget(window.pages["documents"])
    tab = window.pages["documents"].page()
    holder = tab.holders["naming"]
    tab.pages.setCurrentWidget(holder)
    page = holder.page()
    assert window.count_label.text() == ""
    page.document_opened.emit(late.id)
    assert tab.pages.currentWidget() is tab.holders["incoming"] and tab.incoming.selected_row_id() == late.id
