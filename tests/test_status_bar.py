"""The status bar tells the truth about the page shown (issue 21, point 5), and the window speaks
the office's words, not a developer's (point 6), over the demo office, tab by tab, page by page.

Before: 奖金核算表 showed 共 25 条 (督查督办's tasks, counted when that list was read again behind
it) and 季度评议's 排名 共 488 条 (the votes); a role that may not see the results read a grey line
under an empty table."""
from __future__ import annotations

import shutil
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QProgressBar,
                               QTabWidget, QTreeView, QWidget)

from govoffice_desktop.models import db
from govoffice_desktop.models.users import User
from govoffice_desktop.services import auth
from govoffice_desktop.ui.bus import emitting
from govoffice_desktop.ui.main_window import MainWindow
from tests.test_words_shown import developer_words


@pytest.fixture
def demo_window(demo_file, tmp_path, qtbot, settings_dir):
    """The window over a copy of the demo office; ``login(name)`` logs in as one of its users."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    db.open_database(path)
    made = []

    def open_as(name: str) -> MainWindow:
        auth.login_as(User.get(User.name == name))
        window = MainWindow("demo.db")
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        made.append(window)
        return window

    yield open_as
    for window in made:
        window.close()
    auth.logout()
    db.close_database()


def pages_of(window):
    """(name, tab, the page shown) for every tab and every page of a tab made of pages, each made
    the one shown in turn."""
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        tab = window.tabs.widget(i).page()
        inner = getattr(tab, "pages", None) or getattr(tab, "subtabs", None)
        if not isinstance(inner, QTabWidget):
            yield window.tabs.tabText(i), tab, tab
            continue
        for j in range(inner.count()):
            inner.setCurrentIndex(j)
            yield f"{window.tabs.tabText(i)}/{inner.tabText(j)}", tab, inner.widget(j)


def rows(view) -> int:
    return view.model().rowCount()


def expected_count(name: str, tab, page) -> str:
    """What the status bar must say of the page shown: the rows of the list(s) it shows."""
    count = {  # a page of several lists: each under its name
        "季度评议/排名": lambda: f"共 {rows(tab.table)} 条",
        "季度评议/评议票数": lambda: f"共 {rows(page.table)} 个科室",  # the 民主评议汇总表's sections
        "督查督办/每日督查": lambda: f"科室：共 {rows(page.table)} 条　落实到人的督查：共 {rows(page.person_table)} 条",
        "督查督办/月度考核与专报": lambda: f"共 {rows(page.table)} 条",
        "督查督办/会议与电话": lambda: f"会议：共 {rows(page.meetings.view)} 条　电话：共 {rows(page.calls.view)} 条",
        "奖惩与奖金/奖金核算表": lambda: f"共 {len(page.sheet.lines)} 人",
        "奖惩与奖金/奖惩台账": lambda: f"共 {rows(page.list.view)} 条",
        "奖惩与奖金/奖惩规定": lambda: f"奖惩规定：共 {rows(page.table)} 条　奖金基数：共 {rows(page.bases_table)} 条",
        "奖惩与奖金/财务管理": lambda: f"共 {rows(page.findings.view)} 条",
        "奖惩与奖金/出差值勤": lambda: f"出差审批：共 {rows(page.approvals.view)} 条　"
                                 f"出差值勤报销：共 {rows(page.claims.view)} 条",
        "奖惩与奖金/物品管理": lambda: f"库存：共 {rows(page.stock_table)} 条　出入库记录：共 {rows(page.movements.view)} 条",
        "首页": lambda: "",
        "文印管理/文印登记": lambda: f"共 {rows(tab.view)} 条",  # the tab's own list, on its first page
        "车辆油耗/加油": lambda: f"共 {rows(tab.view)} 条",
        "文电办理/办理情况": lambda: (f"科室：共 {rows(page.sections)} 条　承办人：共 {rows(page.people)} 条　"
                                   f"逾期未办结：共 {rows(page.overdue)} 条"),
        "文电办理/节假日安排": lambda: f"共 {rows(page.days)} 条",
        "文电办理/催办": lambda: f"逾期：共 {rows(page.overdue)} 条　已开具：共 {rows(page.urges)} 条",
    }.get(name)
    if count is not None:
        return count()
    return f"共 {rows(page.view)} 条"  # a page that is one list (人员档案 … 督办事项, 票数明细)


def test_the_status_bar_counts_the_list_of_the_page_shown(demo_window, qtbot):
    window = demo_window("admin")
    seen = []
    for _round in range(2):  # and again, coming back to each page from another
        for name, tab, page in pages_of(window):
            qtbot.wait(1)
            assert window.count_label.text() == expected_count(name, tab, page), name
            seen.append(name)
    assert len(set(seen)) == 25  # 文电办理 收文登记, 发文登记, 催办, 办理情况, 节假日安排; 季度评议 has 评议票数 (the summary) and 票数明细; 文印管理 测速记录; 车辆油耗 出车, 事故违章;
    assert "文电办理/收文登记" in seen  # 文电办理's pages (收文登记 first)
    # the two the issue saw: the sheet counts its people, the ranking its sections
    rewards = window.pages["rewards"]
    window.tabs.setCurrentWidget(rewards)
    rewards.pages.setCurrentWidget(rewards.sheet_page)
    assert window.count_label.text() == f"共 {len(rewards.sheet_page.sheet.lines)} 人" != "共 25 条"
    ratings = window.pages["ratings"]
    window.tabs.setCurrentWidget(ratings)
    ratings.subtabs.setCurrentIndex(0)
    assert window.count_label.text() == f"共 {ratings.table.rowCount()} 条" != f"共 {ratings.tallies.model.rowCount()} 条"


def test_the_count_follows_a_search_a_change_and_not_a_list_behind(demo_window, qtbot):
    from govoffice_desktop.models.rewards import CATEGORIES
    from govoffice_desktop.models.staff import Person
    from govoffice_desktop.services import rewards as reward_service

    window = demo_window("admin")
    supervision = window.pages["supervision"]
    window.tabs.setCurrentWidget(supervision)
    supervision.pages.setCurrentWidget(supervision.tasks)
    tasks = supervision.tasks
    all_tasks = tasks.model.rowCount()
    assert window.count_label.text() == f"共 {all_tasks} 条"
    tasks.search.setText("科")
    tasks.apply_search()
    assert 0 < tasks.model.rowCount() < all_tasks
    assert window.count_label.text() == f"筛选出 {tasks.model.rowCount()} 条"
    tasks.search.clear()
    tasks.apply_search()

    # on 奖惩台账: a list behind (the tasks, read again after a change) does not speak over it
    rewards = window.pages["rewards"]
    window.tabs.setCurrentWidget(rewards)
    rewards.pages.setCurrentWidget(rewards.ledger)
    before = rewards.ledger.list.model.rowCount()
    assert window.count_label.text() == f"共 {before} 条"
    tasks.refresh()  # counts itself again
    assert window.count_label.text() == f"共 {before} 条"

    # a reward entered (the change bus reloads the page shown): the count follows
    ledger = rewards.ledger.list
    with emitting():
        reward_service.add_entry({"person": Person.select().first(), "entry_date": date(2026, 11, 16),
                                  "category": CATEGORIES[-1], "amount": "50", "reason": "拾金不昧"})
    qtbot.waitUntil(lambda: ledger.model.rowCount() == before + 1, timeout=3000)
    assert window.count_label.text() == f"共 {before + 1} 条"

    # 首页 read again behind another tab says nothing over it
    window.statusBar().clearMessage()
    window.pages["dashboard"].status_message.emit("首页已更新")
    assert window.statusBar().currentMessage() == ""


def test_a_role_that_may_not_see_results_gets_a_centred_empty_state(demo_window, qtbot):
    window = demo_window("luruyuan")  # 科室录入员
    ratings = window.pages["ratings"]
    window.tabs.setCurrentWidget(ratings)
    body = ratings.body
    qtbot.waitUntil(body.isVisible)  # a page built when first shown is shown by the event loop
    assert body.refused() and not ratings.subtabs.isVisible() and not ratings.table.isVisible()
    message = body.message
    assert message.isVisible() and message.alignment() & Qt.AlignmentFlag.AlignHCenter
    assert message.alignment() & Qt.AlignmentFlag.AlignVCenter
    assert message.text() == ("当前用户“luruyuan”（科室录入员）无权查看评议结果。\n"
                              "只有管理员、督查员、领导可以查看评议结果。")
    # in the middle of the page, not a line at its foot
    middle = message.mapTo(window, message.rect().center())
    page_middle = body.mapTo(window, body.rect().center())
    assert abs(middle.y() - page_middle.y()) < 5 and message.height() > body.height() // 2
    assert window.count_label.text() == ""
    for index in range(ratings.subtabs.count()):
        ratings.subtabs.setCurrentIndex(index)
        assert window.count_label.text() == ""

    # who may, sees the results (the same window, another user)
    auth.login_as(User.get(User.name == "lingdao"))
    window.show_user()
    ratings.subtabs.setCurrentIndex(0)
    assert not body.refused() and ratings.table.isVisible() and ratings.table.rowCount() > 0
    assert window.count_label.text() == f"共 {ratings.table.rowCount()} 条"


def visible_texts(window: QWidget, root: QWidget) -> list[str]:
    """Every text a user reads on ``root``: labels, buttons, group titles, choices, table headers
    and cells (trees too), progress bars' words, tooltips."""
    out = []
    for child in [root, *root.findChildren(QWidget)]:
        if not child.isVisibleTo(window):
            continue
        out.append(child.toolTip())
        if isinstance(child, (QLabel, QAbstractButton)):
            out.append(child.text())
        elif isinstance(child, QGroupBox):
            out.append(child.title())
        elif isinstance(child, QComboBox):
            out += [child.itemText(i) for i in range(child.count())]
        elif isinstance(child, QProgressBar):
            out.append(child.text())
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            out += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]

            def walk(parent, depth=0):
                for r in range(min(model.rowCount(parent), 500)):
                    for c in range(model.columnCount(parent)):
                        index = model.index(r, c, parent)
                        out.append("" if index.data() is None else str(index.data()))
                        if depth < 2 and isinstance(child, QTreeView) and model.rowCount(index):
                            walk(index, depth + 1)
            from PySide6.QtCore import QModelIndex

            walk(QModelIndex())
    return [t for t in out if t]


@pytest.mark.parametrize("user", ["admin", "luruyuan"])
def test_no_tab_shows_a_developer_word(demo_window, user):
    window = demo_window(user)
    found = {}
    for name, tab, _page in pages_of(window):
        for text in visible_texts(window, tab) + [window.statusBar().currentMessage(), window.count_label.text()]:
            if developer_words(text):
                found.setdefault(name, []).append(text[:120])
    assert found == {}


def test_the_audit_log_window_shows_a_login_in_words(demo_window, qtbot):
    from govoffice_desktop.ui.audit_dialog import AuditDialog

    window = demo_window("admin")
    auth.authenticate("admin", "demo")  # 最近登录 written now
    dialog = AuditDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = visible_texts(dialog, dialog)
    logins = [t for t in texts if t.startswith("最近登录：")]
    assert logins and all(developer_words(t) == [] for t in logins), logins
    assert [t for t in texts if developer_words(t)] == []
