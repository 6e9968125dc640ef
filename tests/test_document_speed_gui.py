"""办理情况 page (ui/document_speed_page.py) and 首页's 文电办理 items: the month's tables per section
and per person, the overdue 收文 opening their record, the printout; 首页 lists the overdue 收文 and
asks for a year's 节假日安排 when none is entered."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from govoffice_desktop.models.documents import IN_DONE, HolidayYear, IncomingDocument
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.ui.document_speed_page import DocumentSpeedPage

TODAY = date(2026, 12, 3)


class Host(QWidget):
    def day(self) -> date:
        return TODAY

    def run_dialog(self, dialog) -> bool:
        return bool(dialog.exec())


@pytest.fixture
def office(database):
    one = Section.create(name="秘书一科", sort_order=1)
    two = Section.create(name="综合科", sort_order=2)
    zhang = Person.create(name="张伟", section=one)
    li = Person.create(name="李娜", section=two)

    def doc(serial, received, deadline, section, handler, done=None):
        return IncomingDocument.create(year=2026, serial=serial, received_on=received, source_unit="省政府办公厅",
                                       title=f"关于做好第{serial}项工作的通知", deadline=deadline, section=section,
                                       handler=handler, handler_name=handler.name, status=IN_DONE if done else "办理中",
                                       done_on=done)

    doc(1, date(2026, 11, 2), date(2026, 11, 11), one, zhang, date(2026, 11, 6))
    doc(2, date(2026, 11, 3), date(2026, 11, 12), one, zhang, date(2026, 11, 16))
    late = doc(3, date(2026, 11, 4), date(2026, 11, 13), two, li)
    doc(4, date(2026, 12, 1), date(2026, 12, 10), two, li)
    return late


def test_the_page_shows_the_month_per_section_and_person(qtbot, office):
    host = Host()
    qtbot.addWidget(host)
    page = DocumentSpeedPage(host)
    page.fill_months()
    assert page.period() == (2026, 12)  # the last month with 收文, up to today's
    assert page.month_picker.set_month(2026, 11)
    cells = lambda table, r: [table.item(r, c).text() for c in range(table.columnCount())]  # noqa: E731
    assert cells(page.sections, 0) == ["秘书一科", "2", "2", "1", "1", "0", "6.5"]
    assert cells(page.sections, 1) == ["综合科", "1", "0", "0", "0", "1", "—"]
    assert cells(page.sections, 2)[:2] == ["合计", "3"]
    assert [cells(page.people, r)[:3] for r in range(page.people.rowCount())] == [
        ["张伟", "秘书一科", "2"], ["李娜", "综合科", "1"]]
    assert cells(page.overdue, 0) == ["收〔2026〕3号", "关于做好第3项工作的通知", "综合科", "李娜", "2026-11-13", "11"]
    assert "截至 2026-11-30" in page.overdue_box.title()
    with qtbot.waitSignal(page.document_opened) as opened:
        page.overdue.cellDoubleClicked.emit(0, 1)
    assert opened.args == [office.id]
    document = page._document()
    assert document.title == "2026年11月文电办理情况表" and "收〔2026〕3号" in document.html()
    assert page.report_title() == "2026年11月文电办理情况表"


def test_the_page_on_an_office_without_documents(qtbot, database):
    host = Host()
    qtbot.addWidget(host)
    page = DocumentSpeedPage(host)
    page.fill_months()
    assert page.sections.rowCount() == 0 or page.sections.item(0, 0).text() != "合计"
    assert page.preview_button.isEnabled() == (page.period() is not None)


def test_the_dashboard_lists_overdue_documents_and_asks_for_the_schedule(qtbot, office, monkeypatch):
    from govoffice_desktop.ui.dashboard_tab import DashboardTab

    monkeypatch.setattr(DashboardTab, "fixed_today", TODAY)
    dash = DashboardTab()
    qtbot.addWidget(dash)
    dash.refresh()
    assert not dash.documents_box.isHidden()
    assert dash.documents.item(0, 0).text() == "收〔2026〕3号" and dash.documents.item(0, 3).text() == "14 个工作日"
    assert dash.documents.item(0, 3).toolTip() == "办理时限 2026-11-13"
    with qtbot.waitSignal(dash.record_opened) as opened:
        dash.documents.open_row(0)
    assert opened.args == ["documents", "incoming", office.id]
    assert not dash.schedule_hint.isHidden()
    assert "2026年、2027年的节假日安排尚未录入" in dash.schedule_hint.text()  # December: next year's asked too
    HolidayYear.create(year=2026, confirmed_on=date(2025, 11, 4), notice="国办发明电〔2025〕7号")
    HolidayYear.create(year=2027, confirmed_on=date(2026, 11, 20), notice="国办发明电〔2026〕5号")
    doc = IncomingDocument.get(IncomingDocument.serial == 3)
    doc.status, doc.done_on = IN_DONE, date(2026, 12, 2)
    doc.save()
    dash.refresh()
    assert dash.schedule_hint.isHidden() and dash.documents_box.isHidden()
