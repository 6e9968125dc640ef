"""督查督办 over a long history (issue 20, point 1): the tab opens reading only the page it shows,
each page reads when shown, a write re-reads the page shown and leaves the others until shown,
and 会议与电话's runs — over the whole history — come off the GUI thread with the page usable
meanwhile.  What the pages show is tested in tests/test_supervision_tab.py; the services' windows
(the month's 专报 without the campaigns, its tasks, the months checked) in
tests/test_supervision_service.py."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from govoffice_desktop.services import campaigns, staff, supervision
from govoffice_desktop.ui.forms import call_service
from govoffice_desktop.ui.supervision import SupervisionTab
from govoffice_desktop.ui.supervision.logs_page import LogsPage

LAST_MONTH = date.today().replace(day=1) - timedelta(days=1)  # the month the page shows first


@pytest.fixture
def office(database):
    sections = [staff.add_section(n) for n in ("秘书一科", "综合科")]
    people = [staff.save_person({"name": n, "section": s, "post": "科员", "joined_on": date(2015, 3, 1)})
              for n, s in (("张伟", sections[0]), ("王芳", sections[1]))]
    return sections, people


def _target(year: int):
    have = supervision.targets_of(year)
    return have[0] if have else supervision.save_target({"year": year, "kind": "共性目标", "name": "按时到岗",
                                                         "points": "1"})


def _check(day: date, section, met: bool = True):
    return supervision.record_check({"checked_on": day, "section": section, "target": _target(day.year),
                                     "met": met, "remark": "" if met else "迟到"})


# ================================================================ the tab
@pytest.fixture
def spied(monkeypatch):
    """Which pages' figures were computed: the month's ranking and report, the four runs."""
    calls: list[str] = []

    def spy(module, name, label):
        real = getattr(module, name)

        def counted(*args, **kwargs):
            calls.append(label)
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, counted)

    spy(supervision, "checked_months", "month")
    spy(supervision, "month_scores", "month")
    spy(supervision, "report_differs", "month")
    for name in ("meeting_streak", "phone_streak", "typing_streak", "driving_summary"):
        spy(campaigns, name, "runs")
    return calls


@pytest.fixture
def history(office):
    """Last month checked and its 专报 issued, a meeting logged."""
    (a, b), _people = office
    _check(LAST_MONTH.replace(day=5), a)
    _check(LAST_MONTH.replace(day=6), b, met=False)
    supervision.compile_report(LAST_MONTH.year, LAST_MONTH.month)
    supervision.log_meeting({"held_on": LAST_MONTH.replace(day=7), "title": "周例会"})
    return office


def test_the_tab_opens_reading_only_the_page_it_shows(qtbot, history, spied):
    tab = SupervisionTab()
    qtbot.addWidget(tab)
    tab.show()
    assert tab.pages.currentWidget() is tab.tasks and spied == []  # neither the month nor the runs
    tab.pages.setCurrentWidget(tab.month)
    assert "month" in spied and "runs" not in spied
    assert tab.month.period() == (LAST_MONTH.year, LAST_MONTH.month) and tab.month.table.rowCount() == 2
    assert "第1期" in tab.month.issue.text() and "现有数据与" not in tab.month.issue.text()
    tab.pages.setCurrentWidget(tab.logs)
    assert spied.count("runs") == 4
    assert tab.logs.meeting_run.bar.format() == "1 / 100 次" and tab.logs.meetings.model.rowCount() == 1


def test_a_write_reads_again_the_page_shown_and_the_others_when_shown(qtbot, history, spied):
    (a, _b), _people = history
    tab = SupervisionTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentWidget(tab.month)
    tab.pages.setCurrentWidget(tab.tasks)
    del spied[:]
    target = _target(LAST_MONTH.year)
    assert call_service(None, supervision.record_check, {"checked_on": LAST_MONTH.replace(day=8), "section": a,
                                                         "target": target, "met": False, "remark": "迟到"})[0]
    assert spied == []  # the pages hidden are not computed at the write …
    tab.pages.setCurrentWidget(tab.month)  # … but when shown
    assert "month" in spied and "现有数据与第1期不同" in tab.month.issue.text()
    del spied[:]
    assert call_service(None, supervision.log_meeting, {"held_on": LAST_MONTH.replace(day=9), "title": "协调会"})[0]
    assert "runs" not in spied and "month" in spied  # the month page is shown: read again at once
    tab.pages.setCurrentWidget(tab.logs)
    assert tab.logs.meeting_run.bar.format() == "2 / 100 次" and tab.logs.meetings.model.rowCount() == 2


def test_a_summary_being_typed_stays_while_another_page_is_looked_at(qtbot, office):
    (a, _b), _people = office
    _check(LAST_MONTH.replace(day=5), a)
    tab = SupervisionTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentWidget(tab.month)
    summary = tab.month.summary
    summary.selectAll()
    summary.insertPlainText("本月正常")
    tab.pages.setCurrentWidget(tab.tasks)
    tab.pages.setCurrentWidget(tab.month)
    assert summary.toPlainText() == "本月正常" and summary.document().isModified()


def test_the_runs_come_off_the_gui_thread_with_the_logs_usable_meanwhile(qtbot, history, monkeypatch):
    gate, threads = threading.Event(), []
    real = campaigns.meeting_streak

    def slow(*args, **kwargs):
        threads.append(threading.get_ident())
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(campaigns, "meeting_streak", slow)
    monkeypatch.setattr(LogsPage, "WAIT_MS", 50)
    tab = SupervisionTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.pages.setCurrentWidget(tab.logs)  # the page on screen, then the runs started (waited for up to 50 ms)
    page = tab.logs
    assert page.computing and tab.computing
    qtbot.waitUntil(lambda: page.runs.computing, timeout=10_000)
    assert page.meeting_run.bar.format() == "正在计算…" and page.driving_run.bar.format() == "正在计算…"
    assert page.meetings.model.rowCount() == 1  # the logs are there meanwhile
    page.meetings.view.selectRow(0)
    assert page.meetings.selected_row_id() is not None
    gate.set()
    qtbot.waitUntil(lambda: not page.computing, timeout=10_000)
    assert page.meeting_run.bar.format() == "1 / 100 次" and threads and threading.get_ident() not in threads
    gate.clear()
    tab.pages.setCurrentWidget(tab.tasks)
    tab.pages.setCurrentWidget(page)  # shown again: computed again, the runs before staying meanwhile
    qtbot.waitUntil(lambda: page.runs.computing, timeout=10_000)
    assert page.meeting_run.bar.format() == "1 / 100 次"
    gate.set()
    qtbot.waitUntil(lambda: not page.computing, timeout=10_000)


def test_runs_that_cannot_be_computed_say_so(qtbot, history, monkeypatch):
    def broken():
        raise ValueError("数据库正忙")

    monkeypatch.setattr(campaigns, "typing_streak", broken)
    tab = SupervisionTab()
    qtbot.addWidget(tab)
    tab.show()
    messages = []
    tab.status_message.connect(messages.append)
    tab.pages.setCurrentWidget(tab.logs)
    assert tab.logs.meeting_run.bar.format() == "未能计算"
    assert messages == ["“四无”活动的计数未能计算：数据库正忙"]
