"""The rank form (定职定级) as a user sees it: the half year on record beside the form, and
提前定级 with its reason and approver (issue 18 point 6)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from govoffice_desktop.models.staff import Person, RankRecord
from govoffice_desktop.services import staff
from govoffice_desktop.ui.staff_dialogs import RankDialog
from tests.test_rank_record import DECIDED, TODAY, liu, office, person  # noqa: F401  (fixtures)


@pytest.fixture
def warnings(monkeypatch):
    shown = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


def test_the_rank_form_shows_the_half_year_on_record(qtbot, liu, warnings):  # noqa: F811
    dialog = RankDialog(person=liu, today=DECIDED)
    qtbot.addWidget(dialog)
    assert dialog.selected_person().name == "刘洋"
    assert dialog.record_title.text() == "半年实绩（2026-04-20 至 2026-10-20，据本系统记录）"
    text = dialog.record.toPlainText()
    for shown in ("会议材料迟交", "突发事件处置得力", "第 2 名（共 2 个科室）", "2026年第二季度", "优秀",
                  "2026年度个人目标责任状", "91.5", "调研报告获市领导批示", "公文写作培训班", "习近平谈治国理政"):
        assert shown in text, shown
    assert "半年之前" not in text and "调入前的一笔" not in text  # before the half year
    assert dialog.earliest.text() == "调入已满半年（2026-09-10 起可定职级）"
    # another date, another half year
    dialog.decided_on.setDate(QDate(2026, 7, 1))
    assert "会议材料迟交" not in dialog.record.toPlainText()
    assert "调入未满半年：2026-09-10 起方可定职级" in dialog.earliest.text()


def test_an_early_rank_needs_the_box_the_reason_and_the_approver(qtbot, office, warnings):  # noqa: F811
    new = person("周敏", office["文电科"], joined_on="2026-6-15", previous_rank="科员")
    dialog = RankDialog(person=new, today=DECIDED)
    qtbot.addWidget(dialog)
    assert not dialog.early_reason.isEnabled()
    dialog.rank.setText("副主任科员")
    dialog.performance.setPlainText("半年内完成重点课题两项")
    dialog.determine_button.click()
    assert warnings[-1].startswith("周敏 2026-06-15 调入，以半年为限，2026-12-15 起方可定职级")
    dialog.early.setChecked(True)
    assert dialog.early_reason.isEnabled() and dialog.approved_by.isEnabled()
    dialog.early_reason.setText("借调市委办期间已考核优秀")
    dialog.determine_button.click()
    assert warnings[-1] == "周敏 提前定级（2026-12-15 前）须写明批准人"
    assert RankRecord.select().count() == 0
    dialog.approved_by.setText("办公室主任 赵建华")
    dialog.determine_button.click()
    record = RankRecord.get()
    assert (record.early, record.early_reason, record.approved_by, record.decided_on) == (
        True, "借调市委办期间已考核优秀", "办公室主任 赵建华", DECIDED)
    assert staff.shown_status(Person.get_by_id(new.id)) == "在岗" and not dialog.early.isChecked()


def test_the_person_form_records_how_someone_came_and_the_roster_shows_pending(qtbot, office, warnings):  # noqa: F811
    from govoffice_desktop.reports import staff as staff_reports
    from govoffice_desktop.ui.person_dialog import PersonDialog

    dialog = PersonDialog()
    qtbot.addWidget(dialog)
    assert [dialog.entry_kind.itemData(i) for i in range(dialog.entry_kind.count())] == ["调入", "新录用"]
    dialog.edits["name"].setText("新同志")
    dialog.section.setCurrentIndex(dialog.section.findText("秘书一科"))
    dialog.joined_on.set_value(date(2026, 9, 1))
    dialog.status.setCurrentIndex(dialog.status.findData("试用期"))
    dialog.entry_kind.setCurrentIndex(dialog.entry_kind.findData("新录用"))
    dialog.ok_button.click()
    assert warnings == [] and dialog.result() == 1
    recruit = Person.get(Person.name == "新同志")
    assert (recruit.entry_kind, staff.shown_status(recruit)) == ("新录用", "试用期")
    edit = PersonDialog(recruit)
    qtbot.addWidget(edit)
    assert edit.entry_kind.currentData() == "新录用"
    edit.entry_kind.setCurrentIndex(edit.entry_kind.findData("调入"))
    edit.ok_button.click()
    assert staff.shown_status(Person.get_by_id(recruit.id)) == "待定职级"
    html = staff_reports.roster(TODAY).html()
    assert "待定职级" in html
