"""The 季度评议 tab and its forms, driven through the real widgets (pytest-qt).

The rules are the service's (tests/test_ratings_service.py); these tests check that the forms
hand what was entered to the service, show its refusals, and show what comes back: ballots
entered by serial, a repeated serial refused, the ranking with the bottom three in red and the
three-times-worst alert, sheets printed with reserved serials, and the explanations."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QPushButton

from govoffice_desktop.models.ratings import Ballot, Explanation, Grade, GradeScale, RaterGroup, RatingPeriod, Tally
from govoffice_desktop.models.staff import Person
from govoffice_desktop.services import person_history, ratings, staff
from govoffice_desktop.ui.forms import RED
from govoffice_desktop.ui.ratings_dialogs import BallotEntryDialog, ExplanationsDialog, PrintSheetsDialog
from govoffice_desktop.ui.ratings_history import SectionHistoryDialog
from govoffice_desktop.ui.ratings_tab import RatingsTab
from govoffice_desktop.texts import quarter_key_text

SECTIONS = ["秘书一科", "秘书二科", "综合科", "文电科", "信息科"]


@pytest.fixture
def office(database):
    """Five sections with chiefs, the rating period 2025Q3 with a bottom-up group of 40 sheets
    printed and a top-down group, all through the models and services."""
    sections = {}
    for name in SECTIONS:
        section = staff.add_section(name)
        chief = staff.save_person({"name": f"{name[:2]}主任", "section": section, "post": "科长"})
        section.chief = chief
        section.save()
        sections[name] = section
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    period = RatingPeriod.create(year=2025, quarter=3)
    grassroots = RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="0.60", scale=scale,
                                   grassroots=True)
    leaders = RaterGroup.create(period=period, direction="上评下", name="市领导", weight="1.00", scale=scale)
    ratings.reserve_serials(grassroots, 40)
    ratings.reserve_serials(leaders, 5)
    grades = {g.label: g for g in ratings.grades_of(grassroots)}
    return {"sections": sections, "period": period, "group": grassroots, "leaders": leaders, "grades": grades}


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
def tab(qtbot, office):
    page = RatingsTab()
    qtbot.addWidget(page)
    page.show()
    return page


def entry_dialog(qtbot, office, direction="下评上"):
    dialog = BallotEntryDialog(office["period"], direction)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_sheet(qtbot, dialog, serial: str, keys: str) -> None:
    """The serial, Enter (on to the first section), one number key per section, Enter (save)."""
    dialog.serial.setFocus()
    if serial.isascii():
        qtbot.keyClicks(dialog.serial, serial)
    else:  # QTest cannot type non-ASCII keys
        dialog.serial.setText(serial)
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    for key in keys:
        focused = dialog.focusWidget()
        qtbot.keyClick(focused, key)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)


def ranking_rows(tab):
    return [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())] for r in range(tab.table.rowCount())]


# ---------------------------------------------------------------- entry by serial
def test_ballots_are_entered_by_serial_with_the_number_keys(qtbot, office, warnings):
    dialog = entry_dialog(qtbot, office)
    assert dialog.current_group().name == "基层单位"
    assert "印发 40 张" in dialog.counts.text() and "未录 40 张" in dialog.counts.text()
    type_sheet(qtbot, dialog, "7", "12341")
    assert warnings == []
    ballot = Ballot.get(Ballot.serial == "2025Q3-基层单位-0007")
    marks = {m.section.name: m.grade.label for m in ballot.marks}
    assert marks == {"秘书一科": "好", "秘书二科": "较好", "综合科": "一般", "文电科": "较差", "信息科": "好"}
    # cleared for the next sheet, focus back on the serial, the counts updated
    assert dialog.serial.text() == "" and dialog.focusWidget() is dialog.serial
    assert all(c.currentIndex() == 0 for c in dialog.combos.values())
    assert "已录有效 1 张" in dialog.counts.text() and "未录 39 张" in dialog.counts.text()
    assert "2025Q3-基层单位-0007" in dialog.last.text()
    # the full serial printed on the sheet is accepted too
    type_sheet(qtbot, dialog, "2025Q3-基层单位-0008", "22222")
    assert warnings == [] and Ballot.select().count() == 2
    assert dialog.changed


def test_a_repeated_serial_is_refused_and_nothing_saved(qtbot, office, warnings):
    dialog = entry_dialog(qtbot, office)
    type_sheet(qtbot, dialog, "3", "11111")
    type_sheet(qtbot, dialog, "3", "44444")
    assert len(warnings) == 1 and "已经录入过" in warnings[0][1]
    assert Ballot.select().count() == 1
    assert {m.grade.label for m in Ballot.get().marks} == {"好"}
    # the form keeps what was typed, so the clerk can correct the serial
    assert dialog.serial.text() == "3"
    assert [c.currentText() for c in dialog.combos.values()] == ["4 较差"] * 5
    assert "已录有效 1 张" in dialog.counts.text()


def test_a_serial_not_printed_and_a_void_sheet_without_reason_are_refused(qtbot, office, warnings):
    dialog = entry_dialog(qtbot, office)
    type_sheet(qtbot, dialog, "41", "11111")
    assert "不是本组印发的评议表" in warnings[-1][1]
    dialog.clear()
    qtbot.keyClicks(dialog.serial, "9")
    dialog.void.setChecked(True)
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert "废票要写明原因" in warnings[-1][1]
    dialog.void_reason.setText("空白")
    qtbot.keyClick(dialog.void_reason, Qt.Key.Key_Return)
    assert len(warnings) == 2
    assert Ballot.get().void and "废票 1 张" in dialog.counts.text()


def test_the_group_chooser_switches_to_the_other_direction(qtbot, office, warnings):
    dialog = entry_dialog(qtbot, office, "上评下")
    assert dialog.current_group().name == "市领导"
    assert "印发 5 张" in dialog.counts.text()
    dialog.group.setCurrentIndex(dialog.group.findData(office["group"].id))
    assert "印发 40 张" in dialog.counts.text() and len(dialog.combos) == len(SECTIONS)


# ---------------------------------------------------------------- the ranking
def test_the_ranking_shows_scores_groups_and_the_bottom_three_in_red(qtbot, tab, office, warnings):
    assert tab.period_combo.currentText() == "2025年第三季度"
    assert tab.table.rowCount() == 0 and "还没有票数" in tab.note.text()
    dialog = BallotEntryDialog(office["period"], "下评上", tab)
    qtbot.addWidget(dialog)
    dialog.saved.connect(tab.show_ranking)
    dialog.show()
    type_sheet(qtbot, dialog, "1", "12344")
    type_sheet(qtbot, dialog, "2", "12334")
    assert warnings == []
    # the ranking refreshed after saving, without closing the form
    headers = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    assert headers == ["名次", "科室", "综合得分", "基层单位（基层）", "票数", "基层名次"]
    rows = ranking_rows(tab)
    expected = {s.section.name: (str(s.rank), str(s.shown)) for s in ratings.section_scores(office["period"])}
    assert [r[1] for r in rows] == ["秘书一科", "秘书二科", "综合科", "文电科", "信息科"]
    assert all((r[0], r[2]) == expected[r[1]] for r in rows)
    assert rows[0][4] == "2"
    red = [r for r in range(tab.table.rowCount()) if tab.table.item(r, 1).foreground().color() == QColor(RED)]
    assert [rows[r][1] for r in red] == ["综合科", "文电科", "信息科"]
    assert tab.alert.isHidden()
    # beside the ranking, using the page's width: the bottom three so far, nobody asked yet
    assert tab.explained_box.isVisibleTo(tab)
    assert [[tab.explained.item(r, c).text() for c in range(4)] for r in range(tab.explained.rowCount())] == [
        ["综合科", "3", "综合主任", "阶段性，结束评议后确定"], ["文电科", "4", "文电主任", "阶段性，结束评议后确定"],
        ["信息科", "5", "信息主任", "阶段性，结束评议后确定"]]
    ratings.close_period(office["period"], today=date(2025, 10, 8))
    tab.refresh()
    assert [tab.explained.item(r, 3).text() for r in range(tab.explained.rowCount())] == ["待说明情况（2025-10-23前）"] * 3
    explanation = Explanation.get(Explanation.section == office["sections"]["综合科"])
    ratings.record_explanation(explanation, "人手不足", date(2025, 10, 12))
    tab.refresh()
    assert tab.explained.item(0, 3).text() == "已说明（2025-10-12）"
    # 上评下: no bottom three marked
    tab.direction_combo.setCurrentIndex(tab.direction_combo.findData("上评下"))
    assert tab.table.rowCount() == 0 and not tab.explained_box.isVisibleTo(tab)


def test_three_times_worst_shows_the_alert_above_the_table(qtbot, office):
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    good, bad = Grade.get(scale=scale, label="好"), Grade.get(scale=scale, label="较差")
    for quarter in (1, 2, 3):
        period = ratings.find_period(2025, quarter) or RatingPeriod.create(year=2025, quarter=quarter, status="已结束")
        group = ratings.groups_of(period, "下评上")[0] if ratings.groups_of(period, "下评上") else \
            RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="1", scale=scale,
                              grassroots=True)
        for name, section in office["sections"].items():
            Tally.create(group=group, section=section, grade=bad if name == "文电科" else good, votes=10)
    page = RatingsTab()
    qtbot.addWidget(page)
    page.show()
    # 第三季度 still open: no alert, only 阶段性结果
    assert page.alert.isHidden() and page.rules_box.isVisible()
    assert page.rules_box.text().startswith("阶段性结果") and "文电科 至今连续3次最差" in page.rules_box.text()
    ratings.close_period(office["period"], today=date(2025, 10, 8))
    page.refresh()
    assert [page.period_combo.itemText(i) for i in range(page.period_combo.count())] == [
        "2025年第三季度（已结束）", "2025年第二季度（已结束）", "2025年第一季度（已结束）"]
    assert page.alert.isVisible() and page.rules_box.isHidden()
    chief = Person.get(Person.name == "文电主任")
    assert page.alert.text() == f"⚠ 文电科 连续3次被评最差，当事人（{chief.name}）按规定调离"
    page.period_combo.setCurrentIndex(2)  # 第一季度: only once
    assert page.alert.isHidden()


def test_the_tallies_are_read_when_their_page_is_first_shown(qtbot, office):
    """The tab opens on its ranking without reading 票数明细 (every period's counts: thousands of
    rows in a large office); the page reads them when first shown, and an export asks for them."""
    Tally.create(group=office["group"], section=office["sections"]["综合科"], grade=office["grades"]["好"], votes=3)
    page = RatingsTab()
    qtbot.addWidget(page)
    page.show()
    assert page.tallies.model.waiting and page.tallies.model.rowCount() == 0
    page.subtabs.setCurrentWidget(page.tallies)
    assert not page.tallies.model.waiting and page.tallies.model.rowCount() == 1
    assert page.count_text() == "共 1 条"
    unread = RatingsTab()
    qtbot.addWidget(unread)
    assert len(unread.tallies.model.ids()) == 1  # what an export reads


def test_the_tallies_stay_listed_in_their_own_page(tab, office):
    assert tab.subtabs.tabText(1) == "评议票数" and tab.subtabs.tabText(2) == "票数明细"
    Tally.create(group=office["group"], section=office["sections"]["综合科"], grade=office["grades"]["好"], votes=3)
    tab.refresh()
    assert tab.tallies.model.rowCount() == 1
    assert [r[1] for r in ranking_rows(tab)] == ["综合科"]


def test_the_votes_page_is_the_summary_of_the_period_direction_and_group_chosen(qtbot, tab, office, tmp_path,
                                                                                 monkeypatch):
    """评议票数 is the 民主评议汇总表 (issue 21, point 7): a row per section, a column per grade,
    票数合计, 得分, 名次, for the choosers above and its own group chooser, not every tally ever."""
    from PySide6.QtWidgets import QFileDialog

    s, g = office["sections"], {label: grade.id for label, grade in office["grades"].items()}
    ratings.enter_ballot(office["group"], 1, {s["综合科"].id: g["好"], s["文电科"].id: g["一般"]})
    ratings.enter_ballot(office["group"], 2, {s["综合科"].id: g["较好"], s["文电科"].id: g["较差"]})
    cadres = RaterGroup.create(period=office["period"], direction="下评上", name="办内干部", weight="0.40",
                               scale=office["group"].scale)
    Tally.create(group=cadres, section=s["综合科"], grade=g["好"], votes=2)
    Tally.create(group=office["leaders"], section=s["信息科"], grade=g["好"], votes=5)  # 上评下
    earlier = RatingPeriod.create(year=2025, quarter=2)
    old = RaterGroup.create(period=earlier, direction="下评上", name="基层单位", weight="1", scale=office["group"].scale)
    Tally.create(group=old, section=s["秘书一科"], grade=g["较差"], votes=9)
    tab.refresh()
    tab.subtabs.setCurrentWidget(tab.votes)
    page = tab.votes
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers == ["科室", "好", "较好", "一般", "较差", "票数合计", "得分", "名次"]
    shown = [[page.table.item(r, c).text() for c in range(page.table.columnCount())]
             for r in range(page.table.rowCount())]
    # 综合科: 0.6 × 90 + 0.4 × 100 = 94; 文电科: (60 + 30) / 2 = 45
    assert shown == [["综合科", "3", "1", "0", "0", "4", "94.00", "1"], ["文电科", "0", "0", "1", "1", "2", "45.00", "2"]]
    assert tab.count_text() == "共 2 个科室"
    assert [page.group_combo.itemText(i) for i in range(page.group_combo.count())] == [
        "全部评议组", "基层单位（基层）", "办内干部"]
    page.group_combo.setCurrentIndex(2)
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["综合科"]
    assert page.table.item(0, 5).text() == "2" and tab.count_text() == "共 1 个科室"
    tab.direction_combo.setCurrentIndex(tab.direction_combo.findData("上评下"))  # the group is of the other direction
    assert page.group_combo.currentIndex() == 0 and page.table.item(0, 0).text() == "信息科"
    tab.period_combo.setCurrentIndex(tab.period_combo.findData(earlier.id))
    assert page.table.rowCount() == 0 and "还没有票数" in page.note.text()
    tab.direction_combo.setCurrentIndex(tab.direction_combo.findData("下评上"))
    assert page.table.item(0, 0).text() == "秘书一科" and page.table.item(0, 4).text() == "9"
    # exported and printed as the office's summary sheet
    target = tmp_path / "汇总.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.export_table()
    import openpyxl
    sheet = openpyxl.load_workbook(target).active
    assert "2025年第二季度民主评议汇总表" in sheet["A1"].value and sheet["A3"].value == "秘书一科"
    printed = []
    monkeypatch.setattr("govoffice_desktop.ui.printing.preview_document",
                        lambda parent, document, title: printed.append(document) or True)
    page.print_button.click()
    assert printed[0].title == "2025年第二季度民主评议汇总表" and "秘书一科" in printed[0].html()


# ---------------------------------------------------------------- printing and explanations
def test_printing_to_pdf_reserves_the_serials(qtbot, office, tmp_path, monkeypatch):
    dialog = PrintSheetsDialog(office["period"], "下评上")
    qtbot.addWidget(dialog)
    assert "编号 1–40" in dialog.state.text()
    dialog.copies.setValue(3)
    path = dialog.save_pdf(str(tmp_path / "sheets.pdf"))
    assert path and (tmp_path / "sheets.pdf").stat().st_size > 0
    group = RaterGroup.get_by_id(office["group"].id)
    assert group.sheets_printed == 43 and "41–43" in dialog.message and dialog.changed
    # the preview shows the next serials; closed without printing, they are given back
    shown, printed = [], []
    monkeypatch.setattr("govoffice_desktop.ui.printing.preview",
                        lambda parent, html, title, landscape, **page: shown.append(html) or bool(printed))
    dialog.print_sheets()
    assert len(shown) == 1 and "2025Q3-基层单位-0046" in shown[0]
    assert RaterGroup.get_by_id(office["group"].id).sheets_printed == 43 and "未打印" in dialog.message
    printed.append(True)  # this time the user prints from the preview
    dialog.print_sheets()
    assert "2025Q3-基层单位-0046" in shown[1] and RaterGroup.get_by_id(office["group"].id).sheets_printed == 46


def test_a_pdf_that_cannot_be_written_leaves_the_serials_free(qtbot, office, tmp_path, warnings):
    dialog = PrintSheetsDialog(office["period"], "下评上")
    qtbot.addWidget(dialog)
    assert dialog.save_pdf(str(tmp_path / "no-such-folder" / "x.pdf")) is None
    assert warnings and RaterGroup.get_by_id(office["group"].id).sheets_printed == 40


def test_explanations_of_the_bottom_three_are_recorded(qtbot, office, warnings):
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    for i, section in enumerate(office["sections"].values()):
        Tally.create(group=office["group"], section=section, grade=Grade.get(scale=scale, label="好"), votes=10 - i)
        Tally.create(group=office["group"], section=section, grade=Grade.get(scale=scale, label="较差"), votes=i)
    explanations = ratings.close_period(office["period"], today=date(2025, 10, 8))
    dialog = ExplanationsDialog(office["period"], explanations)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    names = {dialog.table.item(r, 0).text() for r in range(3)}
    assert names == {"综合科", "文电科", "信息科"}
    assert dialog.table.item(0, 5).text() == "待说明"
    dialog.record()  # no text yet
    assert warnings and "说明内容" in warnings[-1][1]
    dialog.text.setPlainText("本季度人手紧张，已整改。")
    dialog.record()
    assert len(warnings) == 1 and dialog.changed
    assert dialog.table.item(0, 5).text() == date.today().isoformat()
    assert dialog.table.item(0, 6).text() == "本季度人手紧张，已整改。"


# ---------------------------------------------------------------- history
def test_the_history_dialog_charts_and_lists_a_section_across_quarters(qtbot, office):
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    good, bad = Grade.get(scale=scale, label="好"), Grade.get(scale=scale, label="较差")
    q2 = RatingPeriod.create(year=2025, quarter=2)
    q2_group = RaterGroup.create(period=q2, direction="下评上", name="基层单位", weight="1", scale=scale)
    for group, worst in ((q2_group, "综合科"), (office["group"], "信息科")):
        for name, section in office["sections"].items():
            Tally.create(group=group, section=section, grade=bad if name == worst else good, votes=10)
    section = office["sections"]["综合科"]
    history = ratings.section_history(section, "下评上")
    assert [p for p, *_ in history] == ["2025Q2", "2025Q3"]
    page = RatingsTab()
    qtbot.addWidget(page)
    assert page.history_button.text() == "历史…"
    dialog = SectionHistoryDialog(page, section.id, "下评上")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.section_combo.currentText() == "综合科"
    assert dialog.score_series.count() == 2 and dialog.rank_series.count() == 2
    assert [dialog.rank_series.at(i).y() for i in range(2)] == [r for _p, _s, r, _n in history]
    assert [dialog.score_series.at(i).y() for i in range(2)] == [float(s) for _p, s, _r, _n in history]
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == ["评议期", "得分", "名次", "参评科室数"]
    rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
    # the period as the office writes it (issue 21: 2025年第二季度, not the service's key 2025Q2)
    assert [row[0] for row in rows] == ["2025年第二季度", "2025年第三季度"]
    assert rows == [[quarter_key_text(p), str(s), str(r), str(n)] for p, s, r, n in history]
    assert rows[0][2] == "5" and rows[1][2] == "1"  # worst in 2025Q2, tied first in 2025Q3
    axes = dialog.view.chart().axes(Qt.Orientation.Vertical)
    assert [a.titleText() for a in axes] == ["得分", "名次"] and axes[1].isReverse()
    # 上评下 has no tallies: an empty chart and table
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("上评下"))
    assert dialog.score_series.count() == 0 and dialog.table.rowCount() == 0
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("下评上"))
    dialog.resize(900, 700)
    dialog.grab().save("/tmp/hist.png")


# ---------------------------------------------------------------- by criterion, and individual staff
def test_a_criterion_ballot_is_entered_cell_by_cell_from_the_keyboard(qtbot, office, warnings):
    from govoffice_desktop.models.ratings import BallotMark, Criterion

    speed = Criterion.create(direction="下评上", name="工作效率", sort_order=1)
    service = Criterion.create(direction="下评上", name="服务质量", sort_order=2)
    dialog = entry_dialog(qtbot, office)
    # a grid: the sections down, a chooser per criterion across
    assert set(dialog.combos) == {(s.id, c.id) for s in office["sections"].values() for c in (speed, service)}
    assert "各项目" in dialog.marks_box.title()
    # the number keys fill the row, then go on to the next section's first criterion
    type_sheet(qtbot, dialog, "7", "1234" "1234" "12")
    assert warnings == []
    ballot = Ballot.get(Ballot.serial == "2025Q3-基层单位-0007")
    marks = {(m.section.name, m.criterion.name): m.grade.label for m in ballot.marks}
    assert marks == {("秘书一科", "工作效率"): "好", ("秘书一科", "服务质量"): "较好",
                     ("秘书二科", "工作效率"): "一般", ("秘书二科", "服务质量"): "较差",
                     ("综合科", "工作效率"): "好", ("综合科", "服务质量"): "较好",
                     ("文电科", "工作效率"): "一般", ("文电科", "服务质量"): "较差",
                     ("信息科", "工作效率"): "好", ("信息科", "服务质量"): "较好"}
    assert all(m.person_id is None for m in BallotMark.select())
    assert "5 个科室共 10 个等次" in dialog.last.text()
    assert all(c.currentIndex() == 0 for c in dialog.combos.values()) and dialog.focusWidget() is dialog.serial
    # each mark one vote, the criteria averaged in the score
    scores = {s.section.name: (str(s.shown), s.votes) for s in ratings.section_scores(office["period"])}
    assert scores == {"秘书一科": ("90.00", 2), "秘书二科": ("45.00", 2), "综合科": ("90.00", 2),
                      "文电科": ("45.00", 2), "信息科": ("90.00", 2)}
    # a partly filled sheet is taken as it is; a repeated serial is refused with the service's words
    type_sheet(qtbot, dialog, "8", "44")
    assert warnings == [] and Ballot.get(Ballot.serial == "2025Q3-基层单位-0008").marks.count() == 2
    type_sheet(qtbot, dialog, "8", "11")
    assert len(warnings) == 1 and "编号 8 的评议表已经录入过" in warnings[0][1]
    assert BallotMark.select().count() == 12 and dialog.serial.text() == "8"


def test_a_ballot_rating_individual_staff_is_entered_and_shows_in_their_file(qtbot, office, warnings):
    from govoffice_desktop.models.ratings import BallotMark

    top_down = "优秀/称职/基本称职/不称职/不了解"
    people = ratings.add_group(office["period"], "上评下", "办领导", "1", top_down, rates="人员")
    ratings.reserve_serials(people, 3)
    dialog = entry_dialog(qtbot, office, "上评下")
    index = dialog.group.findData(people.id)
    assert dialog.group.itemText(index) == "上评下 · 办领导（评个人）"
    dialog.group.setCurrentIndex(index)
    assert "各人员等次" in dialog.marks_box.title() and "1 优秀" in dialog.legend.text()
    staff_on_sheet = [t.id for t in ratings.targets_of(people)]
    assert list(dialog.combos) == staff_on_sheet and len(staff_on_sheet) == len(SECTIONS)
    type_sheet(qtbot, dialog, "1", "11234")
    type_sheet(qtbot, dialog, "2", "12225")
    assert warnings == []
    assert "5 人有等次" in dialog.last.text()
    first = Person.get_by_id(staff_on_sheet[0])
    assert BallotMark.select().where(BallotMark.person == first).count() == 2
    assert BallotMark.select().where(BallotMark.section.is_null(False)).count() == 0
    (score,) = ratings.person_scores(first)
    assert (score.score, score.leading) == (100, "优秀")
    last = Person.get_by_id(staff_on_sheet[-1])
    (score,) = ratings.person_scores(last)  # 不称职 (0) and 不了解 (left out)
    assert (score.score, score.votes) == (0, {"不称职": 1, "不了解": 1})
    (entry,) = [e for e in person_history.person_history(first) if e.kind == "评议"]
    assert "上评下：平均 100.00 分，多数评为优秀" in entry.text
    # the people's group is not a column of the sections' ranking
    page = RatingsTab()
    qtbot.addWidget(page)
    page.direction_combo.setCurrentIndex(page.direction_combo.findData("上评下"))
    assert "办领导" not in page.group_names


def test_individual_staff_are_rated_by_criterion_in_a_grid(qtbot, office, warnings):
    from govoffice_desktop.models.ratings import Criterion

    work = Criterion.create(direction="上评下", name="工作实绩", sort_order=1)
    conduct = Criterion.create(direction="上评下", name="廉洁自律", sort_order=2)
    people = ratings.add_group(office["period"], "上评下", "办领导", "1", "优秀/称职/基本称职/不称职/不了解",
                               rates="人员")
    ratings.reserve_serials(people, 1)
    dialog = entry_dialog(qtbot, office, "上评下")
    dialog.group.setCurrentIndex(dialog.group.findData(people.id))
    first = ratings.targets_of(people)[0]
    assert list(dialog.combos)[:2] == [(first.id, work.id), (first.id, conduct.id)]
    type_sheet(qtbot, dialog, "1", "13")
    assert warnings == [] and "1 人共 2 个等次" in dialog.last.text()
    (score,) = ratings.person_scores(Person.get_by_id(first.id))
    assert score.score == 80 and score.votes == {"优秀": 1, "基本称职": 1}


def test_a_group_rating_individuals_is_made_in_its_form(qtbot, office, warnings):
    from govoffice_desktop.ui.ratings_dialogs import GroupDialog

    dialog = GroupDialog(office["period"], "下评上")
    qtbot.addWidget(dialog)
    assert not dialog.rates.isEnabled() and dialog.scale.currentText() == "好/较好/一般/较差"
    dialog.direction.setCurrentIndex(dialog.direction.findData("上评下"))
    assert dialog.rates.isEnabled() and dialog.scale.currentText().startswith("优秀/称职/基本称职/不称职")
    dialog.rates.setCurrentIndex(dialog.rates.findData("人员"))
    dialog.accept()  # no name yet
    assert warnings and "评议组名称" in warnings[-1][1] and dialog.result() == 0
    dialog.name.setText("办领导")
    dialog.accept()
    group = dialog.result_value
    assert (group.direction, group.name, group.rates, group.weight) == ("上评下", "办领导", "人员", 1)
    assert RaterGroup.select().count() == 3
    # back on 下评上 the form cannot make a bottom-up group rate people
    dialog = GroupDialog(office["period"], "上评下")
    qtbot.addWidget(dialog)
    dialog.rates.setCurrentIndex(dialog.rates.findData("人员"))
    dialog.direction.setCurrentIndex(dialog.direction.findData("下评上"))
    assert dialog.rates.currentData() == "科室"


# ---------------------------------------------------------------- closing the quarter (issue 18 point 2)
def test_closing_in_the_window_asks_and_creates_the_explanations_at_once(qtbot, tab, office, warnings,
                                                                          monkeypatch):
    for i, section in enumerate(office["sections"].values()):
        Tally.create(group=office["group"], section=section, grade=office["grades"]["好"], votes=10 - i)
        Tally.create(group=office["group"], section=section, grade=office["grades"]["较差"], votes=i)
    asked = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or answer[0])
    tab.refresh()
    assert tab.close_button.text() == "结束评议…"
    assert "后三名说明…" not in {b.text() for b in tab.findChildren(QPushButton)}  # no separate button to forget
    assert tab.rules_box.isVisible() and tab.rules_box.text().startswith("阶段性结果")
    tab.close_button.click()  # answered no: nothing happens
    assert asked and RatingPeriod.get_by_id(office["period"].id).status == "进行中"
    assert Explanation.select().count() == 0
    answer[0] = QMessageBox.StandardButton.Yes
    tab.close_button.click()
    assert warnings == [] and RatingPeriod.get_by_id(office["period"].id).status == "已结束"
    assert Explanation.select().count() == 3  # the grassroots group's bottom three, with no other button pressed
    assert tab.close_button.text() == "重新开启评议…" and tab.rules_box.isHidden()
    assert not tab.entry_button.isEnabled()
    tab.close_button.click()  # reopen: the unanswered explanations are withdrawn
    assert "已收到的说明保留" in asked[-1]
    assert RatingPeriod.get_by_id(office["period"].id).status == "进行中" and Explanation.select().count() == 0


def test_closing_before_the_quarter_ends_says_so_in_the_question(qtbot, tab, office, monkeypatch):
    period = RatingPeriod.create(year=date.today().year + 1, quarter=1)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes)
    tab.refresh()
    tab.period_combo.setCurrentIndex(tab.period_combo.findData(period.id))
    tab.close_button.click()
    assert "现在就提前结束评议吗" in asked[0]
    assert RatingPeriod.get_by_id(period.id).status == "已结束"


def test_the_group_form_marks_the_grassroots_group(qtbot, office, warnings):
    from govoffice_desktop.ui.ratings_dialogs import GroupDialog

    period = RatingPeriod.create(year=2025, quarter=4)
    dialog = GroupDialog(period, "下评上")
    qtbot.addWidget(dialog)
    dialog.name.setText("基层单位")
    assert dialog.grassroots.isChecked()  # by the name
    dialog.accept()
    assert RaterGroup.get(RaterGroup.period == period, RaterGroup.name == "基层单位").grassroots
    dialog = GroupDialog(period, "下评上")
    qtbot.addWidget(dialog)
    dialog.name.setText("基层站所")
    assert not dialog.grassroots.isChecked()  # the period has one
    dialog.name.setText("办内干部")
    dialog.accept()
    # editing: the mark moves to another group once the first is unmarked
    edit = GroupDialog(period, "下评上", edit=True)
    qtbot.addWidget(edit)
    edit.group.setCurrentIndex(edit.group.findText("下评上 · 办内干部"))
    edit.grassroots.setChecked(True)
    edit.accept()
    assert warnings and "已有基层评议组“基层单位”" in warnings[-1][1]
    edit.group.setCurrentIndex(edit.group.findText("下评上 · 基层单位"))
    assert edit.grassroots.isChecked()
    edit.grassroots.setChecked(False)
    edit.accept()
    assert ratings.rules_group(period) is None


def test_the_import_preview_of_tallies_offers_to_keep_the_quarter_open(qtbot, office, tmp_path):
    import openpyxl

    from govoffice_desktop.ledgers.importer import import_ledger
    from govoffice_desktop.ui.import_dialog import PreviewDialog

    book = openpyxl.Workbook()
    book.active.title = "2025年第二季度"
    book.active.append(["科室", "好", "较好", "一般", "差"])
    book.active.append(["综合科", 5, 3, 1, 1])
    book.save(tmp_path / "t.xlsx")
    dialog = PreviewDialog(import_ledger("rating-tallies", tmp_path / "t.xlsx", dry_run=True))
    qtbot.addWidget(dialog)
    assert dialog.keep_open.isVisibleTo(dialog) and not dialog.keep_open.isChecked()
    assert "保持评议进行中" in dialog.keep_open.text()
