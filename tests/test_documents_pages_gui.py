"""The 发文 page and the 节假日安排 page of 文电办理 (ui/outgoing_page.py, ui/holidays_page.py), each mounted
in a plain host that gives them the day and runs their forms as the tab will; and 文印's form naming
its 发文."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox, QTabWidget

from govoffice_desktop.models.documents import OUT_DRAFT, OUT_ISSUED, OUT_SIGNED, Holiday, HolidayYear
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import auth, typing_pool
from govoffice_desktop.services.documents import calendar_admin, outgoing
from govoffice_desktop.ui.holidays_page import ConfirmYearDialog, DayDialog, HolidaysPage, RulesDialog
from govoffice_desktop.ui.list_tab import ListTab
from govoffice_desktop.ui.outgoing_dialogs import DraftDialog, IssueDialog, SignDialog, VoidDialog
from govoffice_desktop.ui.outgoing_page import OutgoingPage
from govoffice_desktop.ui.typing_dialogs import WorkLogDialog

TODAY = date(2026, 11, 30)


class Host(QTabWidget):
    """What 文电办理's tab is to its pages (ui/page.PageHost): the day and the forms."""

    def day(self) -> date:
        return TODAY

    def run_dialog(self, dialog) -> bool:
        return ListTab.run_dialog(self, dialog)


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


@pytest.fixture
def office(database):
    section = Section.create(name="秘书一科", sort_order=1)
    Section.create(name="综合科", sort_order=2)
    Person.create(name="张伟", section=section, post="科员")
    Person.create(name="李娜", section=section, post="打字员", is_typist=True)
    outgoing.set_prefixes(["宿政办发", "宿政办函"])
    return database


def host_with(qtbot, page_class):
    host = Host()
    qtbot.addWidget(host)
    page = page_class(host)
    host.addTab(page, page_class.__name__)
    host.resize(1280, 720)
    host.show()
    page.messages = []
    page.status_message.connect(page.messages.append)
    return host, page


def form(monkeypatch, cls, fill):
    def run(dialog):
        fill(dialog)
        dialog.ok_button.click()
        return dialog.result()
    monkeypatch.setattr(cls, "exec", run)


def column(page, key: str) -> list[str]:
    col = page.model.listing.keys.index(key)
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


# ---------------------------------------------------------------- 发文
def test_a_document_is_drafted_signed_and_printed_from_the_page(qtbot, office, warnings, monkeypatch):
    _host, page = host_with(qtbot, OutgoingPage)
    assert page.count_label.text() == "共 0 条"

    def draft(dialog: DraftDialog):
        dialog.title_edit.setText("关于做好冬季安全生产工作的通知")
        dialog.ok_button.click()  # nobody drafted it yet: refused, the form stays open
        assert warnings[-1] == ("拟稿", "请填写拟稿人")
        dialog.drafter.setCurrentIndex(dialog.drafter.findData(Person.get(Person.name == "张伟").id))
        dialog.ok_button.click()
        assert warnings[-1] == ("拟稿", "请填写主送机关")
        dialog.main_to.setPlainText("各县（区）人民政府")
        dialog.reviewer.setText("王芳")
    form(monkeypatch, DraftDialog, draft)
    page.action_buttons["拟稿…"].click()
    assert column(page, "status") == [OUT_DRAFT] and column(page, "section") == ["秘书一科"]
    assert page.messages[-1] == "已拟稿：关于做好冬季安全生产工作的通知"
    assert page.selected_row_id() is not None
    assert page.sign_action.isEnabled() and not page.issue_action.isEnabled()

    def sign(dialog: SignDialog):
        assert dialog.number.text() == "宿政办发〔2026〕1号（确定时编定）"
        dialog.signer.setText("陈明")
    form(monkeypatch, SignDialog, sign)
    page.action_buttons["签发…"].click()
    assert column(page, "number") == ["宿政办发〔2026〕1号"] and column(page, "status") == [OUT_SIGNED]
    assert page.messages[-1] == "已签发，编为 宿政办发〔2026〕1号"
    assert page.issue_action.isEnabled() and not page.sign_action.isEnabled()

    form(monkeypatch, IssueDialog, lambda d: d.copies.setValue(60))
    page.action_buttons["印发…"].click()
    assert column(page, "status") == [OUT_ISSUED] and column(page, "copies") == ["60"]
    assert "60 份" in page.detail.info.text()
    assert not page.void_action.isEnabled()  # an issued document is not voided


def test_the_filters_narrow_the_register_and_voiding_keeps_the_number(qtbot, office, warnings, monkeypatch):
    section = Section.get(Section.name == "秘书一科")
    docs = [outgoing.draft({"prefix": p, "title": t, "drafter_name": "张伟", "section": section.id, "main_to": "各县区",
                            "drafted_on": date(2026, 11, 2)}, today=TODAY)
            for p, t in (("宿政办发", "甲"), ("宿政办函", "乙"), ("宿政办发", "丙"))]
    outgoing.sign(docs[0], "陈明", date(2026, 11, 3), today=TODAY)
    _host, page = host_with(qtbot, OutgoingPage)
    assert page.count_label.text() == "共 3 条"
    page.prefix_filter.setCurrentIndex(page.prefix_filter.findData("宿政办函"))
    assert column(page, "title") == ["乙"] and page.count_label.text() == "筛选出 1 条"
    page.clear_filters()
    page.status_filter.setCurrentIndex(page.status_filter.findData(OUT_SIGNED))
    assert column(page, "title") == ["甲"]
    assert page.select_row_id(docs[0].id)
    form(monkeypatch, VoidDialog, lambda d: d.reason.setPlainText("领导要求另行起草"))
    page.more_button.menu().actions()[0].trigger()  # 作废…
    assert page.messages[-1].startswith("已作废：宿政办发〔2026〕1号")
    page.clear_filters()
    col = page.model.listing.keys.index("number")
    assert "宿政办发〔2026〕1号" in [page.model.index(r, col).data() for r in range(page.model.rowCount())]
    assert page.select_row_id(docs[0].id)
    assert "领导要求另行起草" in page.detail.info.text() and not page.edit_action.isEnabled()
    assert page.year_filter.itemText(1) == "2026"


def test_the_documents_typed_drafts_are_one_click_away(qtbot, office, monkeypatch):
    section = Section.get(Section.name == "秘书一科")
    doc = outgoing.draft({"prefix": "宿政办发", "title": "关于防汛工作的通知", "drafter_name": "张伟",
                          "section": section.id, "main_to": "各县区", "drafted_on": date(2026, 11, 2)}, today=TODAY)
    outgoing.sign(doc, "陈明", date(2026, 11, 3), today=TODAY)
    typist = Person.get(Person.name == "李娜")

    # 文印's form names the 发文
    def typed(dialog: WorkLogDialog):
        dialog.title_edit.setText("关于防汛工作的通知（清样）")
        dialog.pages.setValue(5)
        dialog.outgoing.setCurrentIndex(dialog.outgoing.findData(doc.id))
    form(monkeypatch, WorkLogDialog, typed)
    dialog = WorkLogDialog(today=TODAY)
    assert dialog.outgoing.itemText(0) == "（不属于登记的发文）" and dialog.outgoing.findData(doc.id) == 1
    assert dialog.exec()
    entry = TypingLog.get()
    assert (entry.outgoing_id, entry.doc_number, entry.typist_id) == (doc.id, "宿政办发〔2026〕1号", typist.id)
    edit = WorkLogDialog(entry, today=TODAY)
    assert edit.outgoing.currentData() == doc.id  # a correction keeps it

    _host, page = host_with(qtbot, OutgoingPage)
    assert column(page, "typed") == ["1"]
    assert page.detail.typed.rowCount() == 0
    page.view.selectRow(0)  # one click on the row
    assert page.detail.typed.rowCount() == 1
    assert page.detail.typed.item(0, 2).text() == "关于防汛工作的通知（清样）"
    assert "共 1 份文稿，5 页" in page.detail.typed_note.text()


def test_the_page_is_read_only_for_a_leader(qtbot, office):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    auth.create_user("leader", "pw-pw-pw", "领导")
    auth.login_as(auth.User.get(auth.User.name == "leader"))
    try:
        _host, page = host_with(qtbot, OutgoingPage)
        assert not page.action_buttons["拟稿…"].isEnabled()
        assert "登记收文和发文" in page.action_buttons["拟稿…"].toolTip()
        _host, holidays = host_with(qtbot, HolidaysPage)
        assert not holidays.prefill_button.isEnabled() and not holidays.rules_button.isEnabled()
    finally:
        auth.logout()


# ---------------------------------------------------------------- 节假日安排
def test_a_year_is_prefilled_corrected_and_confirmed_from_the_page(qtbot, office, warnings, monkeypatch):
    _host, page = host_with(qtbot, HolidaysPage)
    assert page.year.value() == 2026
    assert "还没有录入安排" in page.state_label.text()
    assert page.days.rowCount() == len(calendar_admin.days_of(2026)) or page.days.item(0, 4).text() == "日历库（未录入）"
    assert not page.confirm_button.isEnabled()
    page.prefill_button.click()
    assert Holiday.select().count() == page.days.rowCount() > 20
    assert page.days.item(0, 4).text() == "日历库" and page.messages[-1].startswith("已从日历库预填2026年的")

    def refused_then_added(dialog: DayDialog):
        dialog.day.setDate(date(2026, 11, 25))  # a Wednesday
        dialog.kind.setCurrentIndex(dialog.kind.findData("上班"))
        dialog.ok_button.click()
        assert "星期三，本来就上班" in warnings[-1][1]
        dialog.day.setDate(date(2026, 11, 28))  # a Saturday
    form(monkeypatch, DayDialog, refused_then_added)
    page.add_button.click()
    added = Holiday.get(Holiday.day == date(2026, 11, 28))
    assert (added.kind, added.name, added.source) == ("上班", "调休上班", "手工")
    assert page.days.item(page.days.currentRow(), 0).text() == "2026-11-28"

    form(monkeypatch, ConfirmYearDialog, lambda d: d.notice.setText("国办发明电〔2025〕7号"))
    page.confirm_button.click()
    assert HolidayYear.get(HolidayYear.year == 2026).notice == "国办发明电〔2025〕7号"
    assert "已确认：依据 国办发明电〔2025〕7号" in page.state_label.text()
    assert not page.prefill_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.remove_button.click()
    assert Holiday.get_or_none(Holiday.day == date(2026, 11, 28)) is None
    assert page.open_record("holiday_year", 2027) and page.year.value() == 2027  # from 首页's notice
    assert "日历库尚不知道这一年的周末调休上班日" in page.state_label.text()


def test_rules_are_set_from_a_date_on_the_page(qtbot, office, warnings, monkeypatch):
    _host, page = host_with(qtbot, HolidaysPage)
    assert page.rules.rowCount() == 1 and page.rules.item(0, 0).text() == "2000-01-01（现行）"

    def rules(dialog: RulesDialog):
        dialog.effective_from.setDate(date(2027, 1, 1))
        dialog.days["特急"].setValue(5)
        dialog.ok_button.click()
        assert "特急 ≤ 加急 ≤ 平件" in warnings[-1][1]
        dialog.days["特急"].setValue(1)
        dialog.days["平件"].setValue(5)
    form(monkeypatch, RulesDialog, rules)
    page.rules_button.click()
    assert [page.rules.item(0, c).text() for c in range(4)] == ["2027-01-01", "1", "3", "5"]
    assert page.messages[-1] == "已设置 2027-01-01 起的办理时限：特急 1 天，加急 3 天，平件 5 天"


def test_the_page_says_how_many_deadlines_a_change_of_the_days_moved(qtbot, office, warnings, monkeypatch):
    from govoffice_desktop.models.documents import IncomingDocument
    from govoffice_desktop.services.documents import incoming
    calendar_admin.prefill_year(2026)
    doc = incoming.register({"received_on": date(2026, 11, 23), "source_unit": "市财政局", "title": "甲",
                             "urgency": "平件", "secrecy": "公开"}, today=TODAY)
    assert doc.deadline == date(2026, 12, 2)
    _host, page = host_with(qtbot, HolidaysPage)

    def holiday(dialog: DayDialog):
        dialog.day.setDate(date(2026, 11, 25))  # a Wednesday, inside the document's 7 working days
        dialog.kind.setCurrentIndex(dialog.kind.findData("放假"))
        dialog.name.setText("临时放假")
    form(monkeypatch, DayDialog, holiday)
    page.add_button.click()
    assert page.messages[-1] == "已新增 2026-11-25（放假）；已按新的节假日安排重算 1 件在办收文的办理时限"
    assert IncomingDocument.get_by_id(doc.id).deadline == date(2026, 12, 3)
