"""The 督查督办 tab, its forms and 首页, driven through the real widgets (pytest-qt).

The rules are the service's (tests/test_supervision*.py); these tests check that the grid and the
forms hand what was entered to the service, show its refusals, and show what comes back: the day's
scores as they are typed, the stored checks, the tasks' lights across a deadline, 首页's lists and
the record each of them opens."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from govoffice_desktop.models.rewards import MonthClose
from govoffice_desktop.models.supervision import DailyCheck, MeetingLog, SupervisedTask, SupervisionTarget
from govoffice_desktop.services import staff, supervision
from govoffice_desktop.ui.dashboard_tab import DashboardTab
from govoffice_desktop.ui.supervision_dialogs import (CheckDialog, CompleteDialog, MeetingDialog, ProgressDialog,
                                                      ReasonDialog, TargetDialog, TargetsDialog, TaskDialog)
from govoffice_desktop.ui.supervision import SupervisionTab

TODAY = date.today()
DAY = TODAY  # the day the grid is filled in: today is never in the future


@pytest.fixture
def office(database):
    """Two sections with a person each, two common targets and one 个体目标 of the first section."""
    sections = [staff.add_section(n) for n in ("秘书一科", "综合科")]
    people = {n: staff.save_person({"name": n, "section": sections[i], "post": "科员", "joined_on": date(2015, 3, 1)})
              for i, n in enumerate(("张伟", "王芳"))}
    year = DAY.year
    targets = {
        "按时到岗": supervision.save_target({"year": year, "kind": "共性目标", "name": "按时到岗", "points": "1",
                                          "sort_order": 1}),
        "值班": supervision.save_target({"year": year, "kind": "共性目标", "name": "值班", "points": "2",
                                        "sort_order": 2}),
        "领导文稿按时完成": supervision.save_target({"year": year, "kind": "个体目标", "section": sections[0],
                                                 "name": "领导文稿按时完成", "points": "3"}),
    }
    return sections, people, targets


@pytest.fixture
def warnings(monkeypatch):
    shown = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


@pytest.fixture
def answers(monkeypatch):
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    return asked


@pytest.fixture
def tab(qtbot, office, warnings):
    page = SupervisionTab()
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    page.messages = []
    page.status_message.connect(page.messages.append)
    return page


def choose(combo, text: str) -> None:
    index = next((i for i in range(combo.count()) if combo.itemText(i).startswith(text)), -1)
    assert index >= 0, f"{text} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def column(tab: SupervisionTab, key: str) -> list[str]:
    col = tab.tasks.model.listing.keys.index(key)
    return [tab.tasks.model.index(r, col).data() for r in range(tab.tasks.model.rowCount())]


def grid_col(page, header: str) -> int:
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    return headers.index(header)


def score(page, row: int) -> str:
    return page.table.item(row, page.table.columnCount() - 1).text()


def type_into(qtbot, edit, text: str) -> None:
    """Replace a field's text by typing (QTest types ASCII only)."""
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


# ---------------------------------------------------------------- 每日督查
def test_the_day_is_filled_in_by_keyboard_and_saved(qtbot, tab, office):
    sections, _people, targets = office
    tab.pages.setCurrentWidget(tab.daily)
    page = tab.daily
    page.go_to(DAY)
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers == ["按时到岗", "值班", "个体目标1", "日得分"]
    assert [page.table.verticalHeaderItem(r).text() for r in range(2)] == ["秘书一科", "综合科"]
    assert page.table.item(1, 2).flags() == Qt.ItemFlag.NoItemFlags  # 综合科 has no 个体目标
    assert [score(page, r) for r in range(2)] == ["100", "100"]
    assert "尚未督查" in page.state.text()

    # 秘书一科 missed 值班: Space switches the cell, the deduction defaults to the target's points
    page.table.setFocus()
    page.table.setCurrentCell(0, grid_col(page, "值班"))
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert page.table.item(0, 1).text() == "✗ −2"
    assert score(page, 0) == "98"
    assert page.deduction.text() == "2" and not page.met.isChecked()
    qtbot.keyClicks(page.remark, "no one on duty at 12:00")
    type_into(qtbot, page.deduction, "1.5")  # the supervisor takes off less
    assert score(page, 0) == "98.5"
    assert "1 处修改未保存" in page.state.text()

    # 秘书一科's own target, by the right arrow key: Enter switches it twice (missed, then met again)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Right)
    assert page.table.currentColumn() == 2
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.table.item(0, 2).text().startswith("✗ −3") and score(page, 0) == "95.5"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.table.item(0, 2).text() == "✓ 领导文稿按时完成" and score(page, 0) == "98.5"
    # a bonus for 综合科, typed in the side panel
    page.table.setCurrentCell(1, 0)
    qtbot.keyClicks(page.bonus, "2")
    assert page.table.item(1, 0).text() == "✓ +2" and score(page, 1) == "102"

    page.supervisor.setText("杨春伟")
    page.save_button.click()
    stored = {(c.section.name, c.target.name): (c.met, c.deduction, c.bonus, c.remark, c.supervisor)
              for c in DailyCheck.select()}
    assert stored == {
        ("秘书一科", "按时到岗"): (True, Decimal("0.0"), Decimal("0.0"), "", "杨春伟"),
        ("秘书一科", "值班"): (False, Decimal("1.5"), Decimal("0.0"), "no one on duty at 12:00", "杨春伟"),
        ("秘书一科", "领导文稿按时完成"): (True, Decimal("0.0"), Decimal("0.0"), "", "杨春伟"),
        ("综合科", "按时到岗"): (True, Decimal("0.0"), Decimal("2.0"), "", "杨春伟"),
        ("综合科", "值班"): (True, Decimal("0.0"), Decimal("0.0"), "", "杨春伟"),
    }
    assert supervision.daily_scores(DAY, DAY) == {(DAY, sections[0].id): Decimal("98.5"),
                                                   (DAY, sections[1].id): Decimal("102.0")}
    assert tab.messages[-1] == f"已保存 {DAY} 的督查结果（写入 5 项）"
    # the grid reads back what is stored, nothing left to save
    assert [score(page, r) for r in range(2)] == ["98.5", "102"]
    assert "已保存 5 项" in page.state.text() and not page.modified()
    assert page.table.item(0, 1).text() == "✗ −1.5"


def test_a_missed_target_without_a_remark_is_refused_and_nothing_is_written(qtbot, tab, office, warnings):
    page = tab.daily
    tab.pages.setCurrentWidget(page)
    page.table.setFocus()
    page.table.setCurrentCell(1, grid_col(page, "按时到岗"))
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    page.save_button.click()
    assert warnings[-1] == ("保存督查结果", "综合科“按时到岗”：“按时到岗”未达标，请写明情况（定性评价写在分数旁）")
    assert DailyCheck.select().count() == 0
    assert page.modified()  # what was typed is still there to be corrected
    qtbot.keyClicks(page.remark, "late 15 min")
    page.save_button.click()
    assert DailyCheck.select().count() == 5
    assert DailyCheck.get(DailyCheck.met == False).remark == "late 15 min"  # noqa: E712


def test_a_check_of_one_person_counts_in_the_sections_score(qtbot, tab, office, monkeypatch):
    sections, people, targets = office
    page = tab.daily
    tab.pages.setCurrentWidget(page)

    def late(dialog: CheckDialog):
        choose(dialog.section, "综合科")
        choose(dialog.person, "王芳")
        choose(dialog.target, "按时到岗")
        assert not dialog.met.isChecked()
        dialog.remark.setText("迟到15分钟")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(CheckDialog, "exec", late)
    page.person_add.click()
    check = DailyCheck.get()
    assert (check.person.name, check.section.name, check.deduction, check.checked_on) == ("王芳", "综合科",
                                                                                          Decimal("1.0"), DAY)
    assert page.person_table.rowCount() == 1 and page.person_table.item(0, 1).text() == "王芳"
    assert score(page, 1) == "99"
    assert page.table.item(1, 0).text() == "✓ ·个人1"


def test_a_closed_month_is_read_only(qtbot, tab, office):
    from datetime import datetime

    MonthClose.create(domain="督查", year=DAY.year, month=DAY.month, closed_at=datetime.now())
    page = tab.daily
    page.load()
    assert "已结账" in page.state.text()
    assert not page.save_button.isEnabled() and not page.remark.isEnabled()
    page.table.setCurrentCell(0, 0)
    page.toggle_current()
    assert page.table.item(0, 0).text() == "✓" and not page.modified()


def test_the_targets_dialog_adds_switches_off_and_deletes_a_target(qtbot, office, warnings, answers, monkeypatch):
    sections, _people, targets = office
    dialog = TargetsDialog(year=DAY.year)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3

    def add(form: TargetDialog):
        choose(form.kind, "个体目标")
        assert form.section.isEnabled()
        choose(form.section, "综合科")
        form.name.setText("值班信息及时报送")
        form.points.setText("2.5")
        form.method.setText("查看值班记录")
        form.ok_button.click()
        return form.result()

    monkeypatch.setattr(TargetDialog, "exec", add)
    dialog.new_button.click()
    target = SupervisionTarget.get(SupervisionTarget.name == "值班信息及时报送")
    assert (target.year, target.kind, target.section.name, target.points, target.method) == (
        DAY.year, "个体目标", "综合科", Decimal("2.5"), "查看值班记录")
    assert dialog.changed and dialog.table.rowCount() == 4
    assert dialog.table.item(dialog.table.currentRow(), 2).text() == "值班信息及时报送"

    dialog.active_button.click()  # 停用 the selected one
    assert not SupervisionTarget.get_by_id(target.id).active
    assert dialog.table.item(dialog.table.currentRow(), 5).text() == "停用"
    dialog.delete_button.click()
    assert SupervisionTarget.get_or_none(SupervisionTarget.id == target.id) is None

    # a target already checked cannot be deleted: the service says so
    supervision.record_check({"checked_on": DAY, "section": sections[0], "target": targets["值班"], "met": True})
    from govoffice_desktop.ui.forms import select_id

    select_id(dialog.table, targets["值班"].id)
    dialog.delete_button.click()
    assert "已有督查记录，不能删除" in warnings[-1][1]

    # next year starts from this year's set
    dialog.year.setValue(DAY.year + 1)
    assert dialog.table.rowCount() == 0
    dialog.copy_button.click()
    assert dialog.table.rowCount() == 3
    assert dialog.message == f"已从 {DAY.year} 年复制 3 项考核目标"


def test_a_new_target_shows_in_the_grid(qtbot, tab, office, monkeypatch):
    page = tab.daily

    def add(dialog: TargetsDialog):
        def form(f: TargetDialog):
            f.name.setText("文明用语")
            f.points.setText("1")
            f.ok_button.click()
            return f.result()
        monkeypatch.setattr(TargetDialog, "exec", form)
        dialog.new_button.click()
        return dialog.result()

    monkeypatch.setattr(TargetsDialog, "exec", add)
    page.targets_button.click()
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers == ["按时到岗", "值班", "文明用语", "个体目标1", "日得分"]


# ---------------------------------------------------------------- 督办事项
def fill_task(dialog: TaskDialog, title: str, person: str, assigned: date, deadline: date) -> int:
    choose(dialog.source, "突发事件")
    dialog.title_edit.setText(title)
    dialog.requirement.setPlainText("三天内排查完毕，书面报告")
    choose(dialog.person, person)
    dialog.assigned_on.setDate(QDate(assigned))
    dialog.deadline.setDate(QDate(deadline))
    dialog.ok_button.click()
    return dialog.result()


def test_a_task_added_through_the_form_turns_up_red_on_the_dashboard(qtbot, tab, office, warnings, monkeypatch):
    sections, people, _targets = office
    dash = DashboardTab()
    qtbot.addWidget(dash)
    dash.refresh()
    assert dash.tasks.item(0, 0).text() == "没有逾期或3天内到期的督办事项"

    def refused_then_entered(dialog: TaskDialog):
        dialog.title_edit.setText("督办城区积水点整治")
        dialog.ok_button.click()  # nobody responsible yet
        assert warnings[-1] == ("新建督办", "督办事项要落实到人：请选择责任人")
        return fill_task(dialog, "督办城区积水点整治", "王芳", TODAY - timedelta(days=10), TODAY - timedelta(days=2))

    monkeypatch.setattr(TaskDialog, "exec", refused_then_entered)
    tab.tasks.action_buttons["新建督办…"].click()
    task = SupervisedTask.get()
    assert (task.source, task.title, task.person.name, task.section.name, task.deadline) == (
        "突发事件", "督办城区积水点整治", "王芳", "综合科", TODAY - timedelta(days=2))  # the section followed the person
    assert column(tab, "light") == ["● 红"] and tab.tasks.selected_row_id() == task.id
    assert "逾期 2 天" in tab.tasks.detail.info.text() and "三天内排查完毕" in tab.tasks.detail.info.text()
    assert tab.messages[-1] == "已新建督办事项：督办城区积水点整治"

    dash.refresh()
    assert [dash.tasks.item(0, c).text() for c in range(1, 5)] == [
        "督办城区积水点整治", "王芳", (TODAY - timedelta(days=2)).isoformat(), "逾期 2 天"]
    assert dash.tasks_box.title() == "督办事项：红灯 1 项，黄灯 0 项"
    assert dash.cards["overdue"].value.text() == "1"
    opened = []
    dash.record_opened.connect(lambda *args: opened.append(args))
    dash.tasks.cellDoubleClicked.emit(0, 1)
    assert opened == [("supervision", "task", task.id)]


def test_progress_completion_withdrawal_and_reopening(qtbot, tab, office, monkeypatch):
    _sections, people, _targets = office
    task = supervision.save_task({"source": "领导交办", "title": "督办校舍安全", "person": people["张伟"],
                                  "assigned_on": TODAY - timedelta(days=5), "deadline": TODAY + timedelta(days=1)})
    tab.refresh()
    assert tab.tasks.select_row_id(task.id)
    assert column(tab, "light") == ["● 黄"]
    assert not tab.tasks.reopen_action.isEnabled() and tab.tasks.complete_action.isEnabled()

    def progress(dialog: ProgressDialog):
        dialog.note.setPlainText("已排查12所学校")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(ProgressDialog, "exec", progress)
    tab.tasks.action_buttons["登记进展…"].click()
    assert tab.tasks.detail.progress.item(0, 1).text() == "已排查12所学校"

    def complete(dialog: CompleteDialog):
        dialog.result_box.setPlainText("全部排查完毕，隐患已整改")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(CompleteDialog, "exec", complete)
    tab.tasks.action_buttons["办结…"].click()
    task = supervision.task_by_id(task.id)
    assert (task.status, task.completed_on, task.result) == ("已办结", TODAY, "全部排查完毕，隐患已整改")
    assert column(tab, "light") == ["● 结"] and column(tab, "status") == ["已办结"]
    assert [tab.tasks.detail.progress.item(r, 1).text() for r in range(2)] == ["办结：全部排查完毕，隐患已整改", "已排查12所学校"]
    assert "按期办结" in tab.tasks.detail.info.text()
    assert tab.tasks.reopen_action.isEnabled() and not tab.tasks.complete_action.isEnabled()

    def reason(text):
        def run(dialog: ReasonDialog):
            dialog.reason.setPlainText(text)
            dialog.ok_button.click()
            return dialog.result()
        return run

    monkeypatch.setattr(ReasonDialog, "exec", reason("领导要求继续跟踪"))
    tab.tasks.action_buttons["重新办理…"].click()
    assert supervision.task_by_id(task.id).status == "办理中" and column(tab, "light") == ["● 黄"]
    monkeypatch.setattr(ReasonDialog, "exec", reason("情况变化，经领导同意撤销"))
    tab.tasks.action_buttons["撤销…"].click()
    assert supervision.task_by_id(task.id).status == "已撤销" and column(tab, "light") == ["● 撤"]
    assert not tab.tasks.progress_action.isEnabled()


def test_task_lights_change_across_the_deadline(qtbot, tab, office):
    _sections, people, _targets = office
    deadline = date(2026, 5, 20)
    supervision.save_task({"source": "重点难点", "title": "督办征地拆迁", "person": people["张伟"],
                           "assigned_on": date(2026, 5, 1), "deadline": deadline}, today=date(2026, 5, 1))
    dash = DashboardTab()
    qtbot.addWidget(dash)
    seen = {}
    for day in (deadline - timedelta(days=4), deadline - timedelta(days=3), deadline, deadline + timedelta(days=1)):
        tab.fixed_today = dash.fixed_today = day
        tab.refresh()
        dash.refresh()
        seen[(day - deadline).days] = (column(tab, "light")[0], dash.tasks.item(0, 4).text()
                                       if dash.tasks.links[0] else "")
    assert seen == {-4: ("● 绿", ""), -3: ("● 黄", "3 天后到期"), 0: ("● 黄", "今天到期"), 1: ("● 红", "逾期 1 天")}
    # the light filter shows the red ones only
    choose(tab.tasks.light_filter, "● 红灯")
    assert tab.tasks.model.rowCount() == 1
    tab.fixed_today = deadline - timedelta(days=4)
    tab.refresh()
    assert tab.tasks.model.rowCount() == 0 and "筛选出 0 条" in tab.tasks.count_label.text()


# ---------------------------------------------------------------- 月度考核与专报, 会议与电话
def test_the_month_is_ranked_and_its_report_compiled(qtbot, tab, office, answers):
    sections, _people, targets = office
    first = TODAY.replace(day=1)
    last_month = first - timedelta(days=1)
    day = last_month.replace(day=10)
    if day.year != DAY.year:  # in January last month is in the year before, with its own set
        supervision.copy_targets(DAY.year, day.year)
    on_time = next(t for t in supervision.targets_of(day.year) if t.name == "按时到岗")
    supervision.record_check({"checked_on": day, "section": sections[0], "target": on_time, "met": True})
    supervision.record_check({"checked_on": day, "section": sections[1], "target": on_time, "met": False,
                              "remark": "1人迟到"})
    page = tab.month
    tab.pages.setCurrentWidget(page)
    assert page.month_picker.currentText() == f"{day.year}年{day.month}月"
    rows = [[page.table.item(r, c).text() for c in range(4)] for r in range(page.table.rowCount())]
    assert rows == [["1", "秘书一科", "100.0", "—"], ["2", "综合科", "99.0", "—"]]  # 汇总: 100 − 1
    assert page.method_combo.currentText() == "汇总扣分（默认）" and "本月扣分合计" in page.note.text()
    assert "尚未编发" in page.issue.text()
    assert page.summary.toPlainText() == supervision.default_summary(day.year, day.month)
    page.summary.setPlainText("本月各科室总体运转正常。")
    page.compile_button.click()
    report = supervision.report_of(day.year, day.month)
    assert (report.number, report.summary) == (1, "本月各科室总体运转正常。")
    assert "第1期" in page.issue.text() and page.compile_button.text() == "编发更正…"
    assert tab.messages[-1] == f"已编发{day.year}年{day.month}月考核督查专报（第1期）"
    assert page.issue_combo.currentText() == "第1期"


def test_the_month_score_method_is_set_on_the_page_and_an_issue_is_corrected_not_changed(qtbot, tab, office,
                                                                                          answers):
    """Issue 18: 月度得分 汇总扣分（默认）/ 日均分 is chosen on the ranking page; an issued 专报 prints as
    issued, and a month changed since is issued as a correction (更正) with its own number."""
    sections, _people, _targets = office
    last_month = TODAY.replace(day=1) - timedelta(days=1)
    if last_month.year != DAY.year:
        supervision.copy_targets(DAY.year, last_month.year)
    on_time, duty = (next(t for t in supervision.targets_of(last_month.year) if t.name == n) for n in ("按时到岗", "值班"))
    for day in (last_month.replace(day=10), last_month.replace(day=11)):
        supervision.record_check({"checked_on": day, "section": sections[0], "target": on_time,
                                  "met": day.day == 11, "remark": "" if day.day == 11 else "1人迟到"})
    page = tab.month
    tab.pages.setCurrentWidget(page)
    assert page.table.item(0, 2).text() == "99.0"  # 汇总: 100 − 1
    page.method_combo.setCurrentIndex(page.method_combo.findData("日均"))
    page.method_combo.activated.emit(page.method_combo.currentIndex())
    assert supervision.month_score_method() == "日均" and page.table.item(0, 2).text() == "99.50"  # (99 + 100) / 2
    assert "平均值" in page.note.text() and tab.messages[-1] == "月度得分改为按“日均分”计算"
    page.method_combo.setCurrentIndex(page.method_combo.findData("汇总"))
    page.method_combo.activated.emit(page.method_combo.currentIndex())
    assert supervision.month_score_method() == "汇总"
    page.compile_button.click()
    issued = page._document().html()
    assert "第1期" in issued and page.issue_combo.currentData() == 1
    supervision.record_check({"checked_on": last_month.replace(day=12), "section": sections[1], "target": duty,
                              "met": False, "remark": "值班缺岗"})
    tab.reload_changes()
    assert "现有数据与第1期不同" in page.issue.text() and page.compile_button.text() == "编发更正…"
    assert page._document().html() == issued  # reprinted as issued
    page.redraft()
    page.compile_button.click()
    assert "更正第1期" in answers[-1][1]
    assert [page.issue_combo.itemText(i) for i in range(page.issue_combo.count())] == ["第2期（更正第1期）", "第1期"]
    assert "本期更正" in page._document().html()
    page.issue_combo.setCurrentIndex(1)
    assert page._document().html() == issued
    assert "现有数据与" not in page.issue.text()


def test_a_meeting_is_logged_and_its_run_counts(qtbot, tab, office, monkeypatch):
    page = tab.logs
    tab.pages.setCurrentWidget(page)
    assert page.meeting_run.bar.format() == "0 / 100 次" and page.meeting_run.detail.text() == "还没有记录"

    def meeting(slip: bool):
        def run(dialog: MeetingDialog):
            dialog.title_edit.setText("市政府第12次常务会议")
            choose(dialog.section, "秘书一科")
            dialog.slip.setChecked(slip)
            if slip:
                dialog.note.setText("席卡摆放错误")
            dialog.ok_button.click()
            return dialog.result()
        return run

    monkeypatch.setattr(MeetingDialog, "exec", meeting(False))
    page.meeting_add.click()
    page.meeting_add.click()
    assert page.meeting_run.bar.format() == "2 / 100 次"
    assert page.meeting_run.detail.text() == f"自 {TODAY} 记录以来无失误"
    monkeypatch.setattr(MeetingDialog, "exec", meeting(True))
    page.meeting_add.click()
    assert MeetingLog.select().count() == 3 and page.meetings.model.rowCount() == 3
    assert page.meeting_run.bar.format() == "0 / 100 次"
    assert page.meeting_run.detail.text().startswith(f"上次失误 {TODAY}")


# ---------------------------------------------------------------- 首页 opens the record
def test_dashboard_items_open_their_records_in_the_main_window(qtbot, office, settings_dir, monkeypatch):
    from govoffice_desktop.ui.main_window import MainWindow

    _sections, people, _targets = office
    task = supervision.save_task({"source": "领导交办", "title": "督办秸秆禁烧", "person": people["张伟"],
                                  "assigned_on": TODAY - timedelta(days=9), "deadline": TODAY - timedelta(days=1)})
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    window.show()
    dash = window.pages["dashboard"]
    dash.refresh()
    supervision_tab = window.pages["supervision"]
    supervision_tab.tasks.search.setText("nothing like it")
    supervision_tab.tasks.apply_search()
    assert supervision_tab.tasks.model.rowCount() == 0
    dash.tasks.setCurrentCell(0, 1)
    qtbot.keyClick(dash.tasks, Qt.Key.Key_Return)
    assert window.current_page() is supervision_tab and supervision_tab.pages.currentIndex() == 0
    assert supervision_tab.tasks.selected_row_id() == task.id  # the search that hid it was cleared
    assert "督办秸秆禁烧" in supervision_tab.tasks.detail.info.text()

    # a person due for rank determination opens the staff file
    row = next(r for r in range(dash.ranks.rowCount()) if dash.ranks.item(r, 0).text() == "王芳")
    window.tabs.setCurrentWidget(dash)
    dash.ranks.cellDoubleClicked.emit(row, 0)
    assert window.current_page() is window.pages["staff"]
    assert window.pages["staff"].selected_row_id() == people["王芳"].id


def test_the_report_is_saved_as_pdf_and_xlsx(qtbot, tab, office, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    sections, _people, _targets = office
    on_time = supervision.targets_of(DAY.year)[0]
    supervision.record_check({"checked_on": DAY, "section": sections[1], "target": on_time, "met": False,
                              "remark": "1人迟到"})
    page = tab.month
    page.fill_months()
    assert page.period() == (DAY.year, DAY.month)
    target = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target["path"], ""))
    target["path"] = str(tmp_path / "专报")  # the suffix is added
    page.pdf_button.click()
    pdf = tmp_path / "专报.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert tab.messages[-1] == f"已存为 {pdf}"
    target["path"] = str(tmp_path / "专报.xlsx")
    page.xlsx_button.click()
    book = load_workbook(tmp_path / "专报.xlsx")
    assert "得分排名" in book.sheetnames
    rows = list(book["得分排名"].values)
    assert any(row and "综合科" in row for row in rows)


def test_a_ledger_dropped_on_the_tab_is_tasks_or_on_the_daily_page_checks(qtbot, settings_dir, small_office):
    from govoffice_desktop.ui.supervision import SupervisionTab

    tab = SupervisionTab()
    qtbot.addWidget(tab)
    assert tab.acceptDrops() and tab.import_kind == "tasks"
    tab.pages.setCurrentWidget(tab.daily)
    assert tab.import_kind == "checks"
