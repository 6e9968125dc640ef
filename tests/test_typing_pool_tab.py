"""The 文印管理 tab and its forms, driven through the real widgets (pytest-qt).

The rules are the service's (tests/test_typing_pool_service.py); these tests check that the forms
hand what was entered to the service, show its refusals, and show what comes back: the table,
万页文稿无差错, the monthly assessment and its closing, the standards and the charts."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog, TypingStandard
from govoffice_desktop.services import staff, typing_pool
from govoffice_desktop.ui.typing_charts import ChartsDialog
from govoffice_desktop.ui.typing_dialogs import (MonthAssessmentDialog, SpeedTestDialog, SpeedTestList,
                                                 StandardsDialog, WorkLogDialog, previous_month)
from govoffice_desktop.ui.typing_pool_tab import TypingPoolTab

TODAY = date.today()
YEAR, MONTH = previous_month(TODAY)  # a month that has ended, so it can be closed
IN_MONTH = date(YEAR, MONTH, 10)
MONTH_TEXT = f"{YEAR}年{MONTH}月"


@pytest.fixture
def pool(database):
    """Three typists and a clerk who is not one, entered through the services."""
    section = staff.add_section("文电科")
    people = {}
    for name, typist in (("李娜", True), ("陈静", True), ("王芳", True), ("张伟", False)):
        people[name] = staff.save_person({"name": name, "section": section, "post": "打字员" if typist else "科员",
                                          "is_typist": typist, "joined_on": date(2015, 3, 1)})
    assert [p.name for p in typing_pool.typists()] == sorted(["李娜", "陈静", "王芳"], key=lambda n: n)
    return people


@pytest.fixture
def warnings(monkeypatch):
    """QMessageBox.warning captured instead of shown: a list of (title, text)."""
    shown = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


@pytest.fixture
def informed(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text, *a, **k: shown.append((title, text)) or QMessageBox.StandardButton.Ok)
    return shown


@pytest.fixture
def answers(monkeypatch):
    """QMessageBox.question answered from a list (Yes when it runs out); the questions asked."""
    asked, replies = [], []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return replies.pop(0) if replies else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked, replies


@pytest.fixture
def tab(qtbot, pool, warnings):
    page = TypingPoolTab()
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.messages = []
    page.status_message.connect(page.messages.append)
    return page


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def column(page: TypingPoolTab, key: str) -> list[str]:
    col = page.model.listing.keys.index(key)
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def run_text(page: TypingPoolTab, name: str) -> tuple[str, str]:
    return page.runs.line(name)


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def log(typist, day=IN_MONTH, pages=3, characters=None, errors=0, title="关于做好防汛工作的通知"):
    return typing_pool.log_work({"typed_on": day, "typist": typist, "title": title, "pages": pages,
                                 "characters": characters, "errors": errors})


# ---------------------------------------------------------------- the issue's case
def test_work_is_logged_a_month_closed_and_the_deduction_and_campaign_counter_change(
        qtbot, tab, pool, monkeypatch, warnings, answers):
    assert run_text(tab, "文印室")[0] == "0 / 10,000 页"
    assert tab.runs.names() == ["文印室", "李娜", "王芳", "陈静"]

    def clean_document(dialog: WorkLogDialog):
        dialog.typed_on.setDate(QDate(IN_MONTH))
        choose(dialog.typist, "李娜")
        dialog.ok_button.click()  # nothing typed in yet
        assert warnings[-1] == ("登记文稿", "文稿标题不能为空")
        dialog.title_edit.setText("市政府2025年工作要点")  # QTest cannot type Chinese: set the text
        dialog.doc_number.setText("政发〔2025〕1号")
        dialog.ok_button.click()  # pages still 0
        assert warnings[-1][1] == "页数应大于0"
        assert dialog.result() != QDialog.DialogCode.Accepted and TypingLog.select().count() == 0
        dialog.pages.setValue(40)  # no character count: estimated from pages
        assert "616" in dialog.characters_hint.text()
        dialog.proofreader.setText("张伟")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(WorkLogDialog, "exec", clean_document)
    tab.action_buttons["登记文稿…"].click()
    entry = TypingLog.get()
    assert (entry.typist.name, entry.title, entry.doc_number, entry.pages, entry.characters, entry.errors,
            entry.proofreader) == ("李娜", "市政府2025年工作要点", "政发〔2025〕1号", 40, None, 0, "张伟")
    assert column(tab, "title") == ["市政府2025年工作要点"]
    assert run_text(tab, "文印室") == ("40 / 10,000 页", "最长 40 页 · 印发后发现差错的文稿 0 份\n最近一次 无")
    assert run_text(tab, "李娜")[0] == "40 / 10,000 页" and run_text(tab, "陈静")[0] == "0 / 10,000 页"
    assert tab.messages[-1] == "已登记 李娜 的《市政府2025年工作要点》，40 页，差错 0 个"

    def document_with_errors(dialog: WorkLogDialog):
        dialog.typed_on.setDate(QDate(IN_MONTH))
        choose(dialog.typist, "李娜")
        dialog.title_edit.setText("关于加强文印管理的通知")
        dialog.pages.setValue(5)
        dialog.characters.setText("1000")
        dialog.kinds["wrong_char"].setValue(8)
        dialog.kinds["missing_char"].setValue(4)
        assert dialog.errors.value() == 12  # the total follows the kinds
        dialog.after_issue.setValue(1)  # one of them found after issue: the run breaks
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(WorkLogDialog, "exec", document_with_errors)
    tab.action_buttons["登记文稿…"].click()
    second = TypingLog.get(TypingLog.title == "关于加强文印管理的通知")
    assert (second.characters, second.errors, second.wrong_char, second.missing_char) == (1000, 12, 8, 4)
    assert second.errors_after_issue == 1
    assert run_text(tab, "文印室") == ("0 / 10,000 页", f"最长 40 页 · 印发后发现差错的文稿 1 份\n最近一次 {IN_MONTH}")
    assert run_text(tab, "李娜")[0] == "0 / 10,000 页"

    def assess_and_close(dialog: MonthAssessmentDialog):
        assert dialog.period() == (YEAR, MONTH) and dialog.state.text() == "未结账"
        row = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())].index("李娜")
        # 40 pages × 616 estimated + 1,000 counted = 25,640; 3 per 10,000 allows 7; 5 over at 10 yuan
        assert cells(dialog.table, row)[:8] == ["李娜", "2", "45", "25,640（估算）", "12", "4.69", "7", "5"]
        assert cells(dialog.table, row)[8:12] == ["未测", "", "不达标", "50.00"]
        assert cells(dialog.table, row)[12] == "差错 12 个，超出允许的 7 个 5 个，每个扣 10.00 元"
        assert dialog.table.item(row, 0).foreground().color().name() == "#d93025"
        others = [r for r in range(dialog.table.rowCount()) if r != row]
        assert all(dialog.table.item(r, 11).text() == "0.00" for r in others)
        assert dialog.total.text() == "扣款合计 50.00 元"
        assert dialog.close_button.isVisibleTo(dialog) and not dialog.reopen_button.isVisibleTo(dialog)
        _asked, replies = answers
        replies.append(QMessageBox.StandardButton.No)
        dialog.close_button.click()  # asked, and declined: nothing posted
        assert RewardPenalty.select().count() == 0 and not dialog.changed
        dialog.close_button.click()
        assert dialog.state.text() == "已结账"
        assert not dialog.close_button.isVisibleTo(dialog) and dialog.reopen_button.isVisibleTo(dialog)
        assert dialog.reopen_button.isEnabled()
        return QDialog.DialogCode.Rejected  # closed with 关闭

    monkeypatch.setattr(MonthAssessmentDialog, "exec", assess_and_close)
    tab.action_buttons["月度考核…"].click()
    asked, _ = answers
    assert len(asked) == 2 and "合计 50.00 元" in asked[-1][1]
    posted = RewardPenalty.get()
    assert (posted.person.name, posted.amount, posted.category, posted.entry_date) == (
        "李娜", Decimal("-50.00"), "文印", typing_pool.month_bounds(YEAR, MONTH)[1])
    assert tab.messages[-1] == f"{MONTH_TEXT} 文印考核已结账，扣款合计 50.00 元记入奖惩台账"

    def late_entry(dialog: WorkLogDialog):  # the closed month takes no more entries
        dialog.typed_on.setDate(QDate(IN_MONTH))
        choose(dialog.typist, "陈静")
        dialog.title_edit.setText("补登的文稿")
        dialog.pages.setValue(2)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(WorkLogDialog, "exec", late_entry)
    tab.action_buttons["登记文稿…"].click()
    assert warnings[-1][1] == f"{MONTH_TEXT}的文印考核已结账，不能再登记；如需更正，请先撤销结账"
    assert TypingLog.select().count() == 2


def test_reopening_a_closed_month(qtbot, tab, pool, monkeypatch, answers):
    log(pool["陈静"], pages=10, characters=5000, errors=9)  # 3 per 10,000 allows 1: 8 over → 80 yuan
    typing_pool.close_month(YEAR, MONTH)
    assert RewardPenalty.select().count() == 1

    def reopen(dialog: MonthAssessmentDialog):
        assert dialog.state.text() == "已结账" and dialog.reopen_button.isVisibleTo(dialog)
        row = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())].index("陈静")
        assert dialog.table.item(row, 11).text() == "80.00"
        dialog.reopen_button.click()
        assert dialog.state.text() == "未结账"
        assert dialog.close_button.isVisibleTo(dialog) and dialog.close_button.isEnabled()
        assert not dialog.reopen_button.isVisibleTo(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(MonthAssessmentDialog, "exec", reopen)
    tab.action_buttons["月度考核…"].click()
    assert answers[0][-1][0] == "撤销结账"
    assert RewardPenalty.select().count() == 0
    assert tab.messages[-1] == f"{MONTH_TEXT} 文印考核已撤销结账，扣款已撤回"
    assert typing_pool.assess_month(YEAR, MONTH).closed is False


def test_a_month_not_over_cannot_be_closed(qtbot, pool, warnings, answers):
    dialog = MonthAssessmentDialog(today=TODAY, year=TODAY.year, month=TODAY.month)
    qtbot.addWidget(dialog)
    dialog.close_button.click()
    assert warnings[-1][1] == f"{TODAY.year}年{TODAY.month}月还没过完，不能结账"
    assert dialog.state.text() == "未结账" and not dialog.changed


def test_the_reasons_column_still_fills_the_table_after_a_reload(qtbot, pool):
    log(pool["李娜"], pages=4, characters=2000, errors=5)
    dialog = MonthAssessmentDialog(today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.reload()  # refilling a table on screen used to undo its stretched column
    header = dialog.table.horizontalHeader()
    assert header.length() == dialog.table.viewport().width()
    assert dialog.table.item(0, 12).text().startswith("差错 5 个")


def test_the_month_assessment_is_saved_as_pdf(qtbot, pool, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    log(pool["李娜"], pages=4)
    target = tmp_path / "文印考核.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = MonthAssessmentDialog(today=TODAY)
    qtbot.addWidget(dialog)
    assert cells(dialog.table, 0)[3] == "2,464（估算）"
    dialog.save_pdf()
    assert target.read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- the table
def test_the_typist_filter_narrows_the_table(qtbot, tab, pool):
    log(pool["李娜"], title="李娜打的第一份")
    log(pool["李娜"], title="李娜打的第二份")
    log(pool["陈静"], title="陈静打的")
    tab.refresh()
    assert tab.model.rowCount() == 3 and tab.count_label.text() == "共 3 条"
    offered = [tab.typist_filter.itemText(i) for i in range(tab.typist_filter.count())]
    assert offered == ["全部", "李娜", "王芳", "陈静"]
    choose(tab.typist_filter, "陈静")
    assert column(tab, "title") == ["陈静打的"] and tab.count_label.text() == "筛选出 1 条"
    choose(tab.typist_filter, "李娜")
    assert sorted(column(tab, "title")) == ["李娜打的第一份", "李娜打的第二份"]
    tab.search.setText("第二")
    tab.apply_search()
    assert column(tab, "title") == ["李娜打的第二份"]
    tab.refresh()  # a refresh keeps the typist chosen
    assert tab.typist_filter.currentText() == "李娜" and tab.model.rowCount() == 1
    choose(tab.typist_filter, "全部")
    tab.search.clear()
    tab.apply_search()
    assert tab.model.rowCount() == 3


def test_the_total_follows_the_kinds_but_keeps_an_old_ledgers_total(qtbot, pool):
    dialog = WorkLogDialog()
    qtbot.addWidget(dialog)
    dialog.kinds["wrong_char"].setValue(2)
    dialog.kinds["formatting"].setValue(1)
    dialog.kinds["wrong_char"].setValue(1)
    assert dialog.errors.value() == 2
    old = log(pool["李娜"], pages=4, errors=3)  # an old ledger: a total, no kinds
    dialog = WorkLogDialog(old)
    qtbot.addWidget(dialog)
    assert dialog.errors.value() == 3
    dialog.kinds["wrong_char"].setValue(2)  # sorting the three by kind does not add to them
    assert dialog.errors.value() == 3
    dialog.kinds["missing_char"].setValue(2)  # more than the total: the total follows
    assert dialog.errors.value() == 4


def test_an_entry_is_corrected_through_the_form(qtbot, tab, pool, monkeypatch, warnings):
    log(pool["王芳"], pages=6, title="关于召开全市安全生产会议的通知")
    tab.refresh()
    assert not tab.edit_action.isEnabled()
    tab.view.selectRow(0)
    assert tab.edit_action.isEnabled()

    def correct(dialog: WorkLogDialog):
        assert dialog.windowTitle() == "修改文稿登记"
        assert (dialog.typist.currentText(), dialog.title_edit.text(), dialog.pages.value()) == (
            "王芳", "关于召开全市安全生产会议的通知", 6)
        dialog.characters.setText("3,600")
        dialog.kinds["punctuation"].setValue(1)
        dialog.after_issue.setValue(1)  # found in the issued document
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(WorkLogDialog, "exec", correct)
    tab.view.doubleClicked.emit(tab.model.index(0, 2))
    assert warnings == []
    entry = TypingLog.get()
    assert (entry.characters, entry.errors, entry.punctuation) == (3600, 1, 1)
    assert TypingLog.select().count() == 1
    assert tab.messages[-1] == "已修改 王芳 的《关于召开全市安全生产会议的通知》"
    assert run_text(tab, "王芳")[0] == "0 / 10,000 页"


# ---------------------------------------------------------------- speed tests
def test_a_speed_test_is_recorded_through_its_form(qtbot, tab, pool, monkeypatch, warnings, informed):
    def exec_(dialog: SpeedTestDialog):
        choose(dialog.typist, "李娜")
        dialog.tested_on.setDate(QDate(IN_MONTH))
        dialog.ok_button.click()  # no characters
        assert warnings[-1] == ("打字速度测试", "字数应大于0")
        dialog.characters.setValue(850)
        dialog.minutes.setValue(10)
        dialog.test_errors.setValue(2)
        dialog.note.setText("看打")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(SpeedTestDialog, "exec", exec_)
    tab.action_buttons["测速…"].click()
    test = SpeedTest.get()
    assert (test.typist.name, test.tested_on, test.characters, test.minutes, test.errors, test.note) == (
        "李娜", IN_MONTH, 850, Decimal("10.00"), 2, "看打")
    expected = "李娜 测速：85.0 字/分，准确率 99.76%（执行标准：不低于 80 字/分）"
    assert informed == [("测速结果", expected)]
    assert tab.messages[-1] == "已登记测速：" + expected
    assert typing_pool.assess_month(YEAR, MONTH).rows[0].speed == Decimal("85.0")


def test_the_speed_test_records_list_and_filter(qtbot, tab, pool, monkeypatch, informed):
    typing_pool.record_speed_test(pool["李娜"], IN_MONTH, 900, 10, 1)
    typing_pool.record_speed_test(pool["陈静"], IN_MONTH, 700, 10, 0)
    assert tab.speed_tests.model.waiting  # not read as the tab opened on its work log
    tab.tests_action.trigger()  # 测速记录: a page of the tab, read as it is shown
    page = tab.speed_tests
    assert tab.pages.currentWidget() is page and isinstance(page, SpeedTestList)
    assert page.model.rowCount() == 2
    choose(page.typist_filter, "陈静")
    assert page.model.rowCount() == 1

    def exec_(form: SpeedTestDialog):
        choose(form.typist, "陈静")
        form.characters.setValue(780)
        form.ok_button.click()
        return form.result()

    monkeypatch.setattr(SpeedTestDialog, "exec", exec_)
    page.action_buttons["测速…"].click()
    assert page.model.rowCount() == 2
    assert informed[-1][1].startswith("陈静 测速：78.0 字/分")


# ---------------------------------------------------------------- standards
def test_a_new_standard_through_the_standards_dialog(qtbot, tab, pool, monkeypatch, warnings):
    start = date(TODAY.year + 1, 1, 1)

    def exec_(dialog: StandardsDialog):
        assert dialog.table.rowCount() == 1 and cells(dialog.table, 0)[:8] == [
            "2000-01-01", "80", "3.00", "10.00", "50.00", "200.00", "616", "现行"]
        assert "未给出数字" in dialog.default_source.text() and "GB/T 9704" in dialog.default_source.text()
        assert dialog.min_speed.value() == 80 and dialog.source.text() == ""  # the figures in force to start from
        dialog.effective_from.setDate(QDate(start))
        dialog.min_speed.setValue(90)
        dialog.amounts["max_errors_per_10k"].setText("2")
        dialog.amounts["monthly_cap"].setText("三百")
        dialog.add_button.click()
        assert warnings[-1][1].startswith("每月扣款上限")
        dialog.amounts["monthly_cap"].setText("300")
        dialog.source.setText("办发〔2026〕5号《文印管理工作实施细则》")
        dialog.add_button.click()
        assert dialog.table.rowCount() == 2
        assert cells(dialog.table, 1) == [start.isoformat(), "90", "2.00", "10.00", "50.00", "300.00", "616", "",
                                          "办发〔2026〕5号《文印管理工作实施细则》"]
        dialog.add_button.click()  # the same date twice
        assert warnings[-1][1] == f"{start} 起执行的标准已经有了"
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(StandardsDialog, "exec", exec_)
    tab.action_buttons["标准…"].click()
    new = TypingStandard.get(TypingStandard.effective_from == start)
    assert (new.min_speed, new.max_errors_per_10k, new.monthly_cap) == (90, Decimal("2.00"), Decimal("300.00"))
    assert typing_pool.standard_on(TODAY).min_speed == 80  # in force only from its date
    assert tab.messages[-1] == f"已新增 {start} 起执行的文印标准"


def test_a_standard_used_by_a_closed_month_cannot_be_changed(qtbot, pool, warnings):
    log(pool["李娜"])
    typing_pool.close_month(YEAR, MONTH)
    dialog = StandardsDialog(today=TODAY)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.update_button.isEnabled() and dialog.source.text().startswith("原文只说")
    dialog.min_speed.setValue(70)
    dialog.update_button.click()
    assert warnings[-1][1] == f"该标准已用于已结账的 {MONTH_TEXT}，不能修改；请新建一条从新日期起执行的标准"
    assert TypingStandard.get().min_speed == 80 and not dialog.changed


# ---------------------------------------------------------------- charts
def test_the_chart_dialog_builds_series_for_each_typist(qtbot, pool):
    log(pool["李娜"], pages=2, characters=1000, errors=1)
    log(pool["陈静"], pages=2, characters=2000, errors=1)
    for day, characters in ((date(YEAR, MONTH, 3), 800), (IN_MONTH, 900)):
        typing_pool.record_speed_test(pool["陈静"], day, characters, 10)
    dialog = ChartsDialog(today=TODAY)
    qtbot.addWidget(dialog)
    assert sorted(dialog.rate_series) == sorted(["李娜", "陈静", "王芳"])
    chart = dialog.rate_view.chart()
    assert {s.name() for s in chart.series()} == {"李娜", "陈静", "王芳", "标准：每万字差错上限"}
    assert dialog.standard_series.count() == 12
    assert {p.y() for p in dialog.standard_series.points()} == {3.0}
    last_month = [p.y() for p in dialog.rate_series["李娜"].points()]
    assert last_month == [10.0]  # one error in 1,000 characters; months without typing are left out
    assert dialog.rate_series["陈静"].points()[0].y() == 5.0 and dialog.rate_series["王芳"].count() == 0
    assert {axis.titleText() for axis in chart.axes()} == {"月份", "每万字差错（个）"}
    assert chart.title() == "各打字员每万字差错（近 12 个月）"
    dialog.months.setValue(6)
    assert dialog.standard_series.count() == 6

    choose(dialog.typist, "陈静")
    assert dialog.speed_series.count() == 2
    assert [p.y() for p in dialog.speed_series.points()] == [80.0, 90.0]
    assert {p.y() for p in dialog.min_speed_series.points()} == {80.0}
    assert dialog.speed_view.chart().title() == "陈静 的打字速度"
    choose(dialog.typist, "王芳")
    assert dialog.speed_series.count() == 0 and dialog.speed_view.chart().title() == "王芳 还没有测速记录"


def test_the_charts_open_from_the_tab_on_the_typist_filtered(qtbot, tab, pool, monkeypatch):
    shown = []
    monkeypatch.setattr(ChartsDialog, "exec", lambda dialog: shown.append(dialog.typist.currentText()) or 0)
    choose(tab.typist_filter, "王芳")
    tab.action_buttons["图表…"].click()
    assert shown == ["王芳"]


# ---------------------------------------------------------------- ledgers dropped on the tab
def drop(qtbot, widget, path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)


def test_a_ledger_dropped_on_the_tab_or_the_speed_tests_is_imported_as_its_kind(qtbot, tab, monkeypatch, tmp_path):
    from govoffice_desktop.ledgers.kinds import KINDS

    requested = []
    tab.import_requested.connect(lambda kind, path: requested.append((kind, path)))
    assert tab.acceptDrops() and {"typing", "speed-tests"} <= set(KINDS)
    drop(qtbot, tab, tmp_path / "文印登记.xlsx")

    tab.tests_action.trigger()  # 测速记录: a page of the tab
    assert tab.pages.currentWidget() is tab.speed_tests and tab.import_kind == "speed-tests"
    drop(qtbot, tab.speed_tests, tmp_path / "测速.xlsx")
    assert requested == [("typing", str(tmp_path / "文印登记.xlsx")), ("speed-tests", str(tmp_path / "测速.xlsx"))]
