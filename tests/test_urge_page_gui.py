"""The 催办 page (ui/urge_page.py) and 文电办理's print actions (ui/documents_print.py): the overdue
收文 and 督办事项 listed with their working days over, an urge issued only when its page is printed,
the same day's urge printed again, an urge reprinted as issued; the registers of a period."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QWidget

from govoffice_desktop.models.documents import Urge
from govoffice_desktop.services.documents import urging
from tests.test_documents_print import TODAY, office  # noqa: F401  (the fixture)


class Host(QWidget):
    """What the 文电办理 tab is to its pages: the day, and the dialogs it runs."""

    def day(self) -> date:
        return TODAY


@pytest.fixture
def previews(monkeypatch):
    """打印预览 as if the user printed (or closed it: ``printed[0] = False``), noting each page."""
    shown = []
    printed = [True]

    def preview(parent, document, title):
        shown.append((title, document.html()))
        return printed[0]

    monkeypatch.setattr("govoffice_desktop.ui.printing.preview_document", preview)
    return shown, printed


def _page(qtbot):
    from govoffice_desktop.ui.urge_page import UrgePage

    from PySide6.QtWidgets import QVBoxLayout

    host = Host()
    qtbot.addWidget(host)
    page = UrgePage(host)
    QVBoxLayout(host).addWidget(page)
    host.resize(1100, 700)
    host.show()  # read when first shown
    return page


def _cells(table, row):
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_the_page_lists_what_is_overdue_and_issues_an_urge_when_printed(qtbot, office, previews):  # noqa: F811
    shown, printed = previews
    page = _page(qtbot)
    assert page.overdue.rowCount() == 2 and page.urges.rowCount() == 0
    assert _cells(page.overdue, 0)[:7] == ["收文", "收〔2026〕1号", "关于做好国庆期间安全生产工作的通知（1）", "秘书一科",
                                        "王建国", "2026-09-25", "4"]
    assert "逾期：共 2 条" in page.count_text()
    page.overdue.selectRow(1)
    assert page.print_button.text() == "打印督办通知单…"
    page.overdue.selectRow(0)
    assert page.print_button.text() == "打印催办单…" and page.print_button.isEnabled()
    printed[0] = False  # previewed, not printed: nothing issued
    page.print_button.click()
    assert len(shown) == 1 and "催办单" in shown[0][0] and Urge.select().count() == 0
    printed[0] = True
    with qtbot.waitSignal(page.message) as said:
        page.print_button.click()
    assert said.args[0] == "已开具催办单（收〔2026〕1号，第1次催办）"
    assert Urge.select().count() == 1 and page.urges.rowCount() == 1
    assert _cells(page.urges, 0)[:3] == ["2026-09-30", "催办单", "收〔2026〕1号"]
    assert _cells(page.overdue, 0)[7:] == ["1", "2026-09-30"]
    with qtbot.waitSignal(page.message) as said:  # again the same day: the day's urge, not a second one
        page.print_button.click()
    assert said.args[0].startswith("已重印今天开具的催办单") and Urge.select().count() == 1
    assert shown[-1][1] == shown[-2][1]
    page.urges.selectRow(0)
    with qtbot.waitSignal(page.message):
        page.reprint_button.click()
    assert shown[-1][1] == shown[-2][1]


def test_the_print_actions_of_the_registers_and_the_slip(qtbot, office, previews, monkeypatch):  # noqa: F811
    from govoffice_desktop.ui import documents_print

    shown, _printed = previews
    monkeypatch.setattr(documents_print.RegisterPeriodDialog, "exec", lambda self: True)
    assert documents_print.print_register(None, "incoming", TODAY)
    title, html = shown[-1]
    assert title == "收文登记簿（2026-01-01至2026-09-30）" and "收〔2026〕3号" in html
    assert documents_print.print_register(None, "outgoing", TODAY)
    assert shown[-1][0].startswith("发文登记簿") and "这一期间没有签发的发文" in shown[-1][1]
    assert documents_print.print_processing_slips(None, office["late"])
    assert shown[-1][0] == "收文处理笺（收〔2026〕1号）" and "拟办意见" in shown[-1][1]
    urge = urging.issue_urge(task=office["task"], today=TODAY)
    assert documents_print.print_urge(None, urge)
    assert shown[-1][0] == "督办通知单（推进市民中心停车难问题整改，2026-09-30）"
