"""人员档案 dialogs beyond the staff file: 责任状, 住房与家属安置, 优化配置 — driven through their widgets."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from govoffice_desktop.models.staff import HousingRequest, Person, ResponsibilityContract
from govoffice_desktop.services import staff

TODAY = date(2026, 11, 27)


@pytest.fixture
def warnings(monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: said.append(text))
    return said


@pytest.fixture
def office(database):
    one = staff.add_section("秘书一科")
    two = staff.add_section("综合科")
    staff.save_person({"name": "王建国", "section": one, "education": "研究生", "major": "汉语言文学",
                       "expertise": "公文写作"})
    staff.save_person({"name": "外地人", "section": two, "out_of_town": True, "education": "中专"})
    staff.save_person({"name": "本地人", "section": two})
    return one, two


def test_contracts_are_signed_and_assessed_through_the_dialogs(qtbot, office, warnings):
    from govoffice_desktop.ui.contract_dialog import AssessDialog, ContractsDialog, NewContractDialog

    dialog = NewContractDialog(2026, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.title_edit.text() == "2026 年目标管理责任状"
    dialog.set_item(0, "文稿零差错", "差错率为零", "60")
    dialog.set_item(1, "督办按期办结", "", "30")
    dialog.accept()
    assert warnings == ["各项目标的分值合计应为100，现为90"] and dialog.result() == 0
    dialog.set_item(1, "督办按期办结", "", "40")
    dialog.accept()
    assert dialog.result() == 1
    contract = ResponsibilityContract.get()
    assert (contract.level, contract.signed_on, [t.weight for t in contract.targets]) == ("办公室", TODAY, [60, 40])

    panel = ContractsDialog(today=TODAY)
    qtbot.addWidget(panel)
    assert panel.table.rowCount() == 1 and panel.table.item(0, 1).text() == "办公室"

    assess = AssessDialog(contract, today=TODAY)
    qtbot.addWidget(assess)
    assess.set_score(0, "61")
    assess.set_score(1, "40")
    assess.accept()
    assert "应在0到60之间" in warnings[-1]
    assess.set_score(0, "58", "两处笔误")
    assess.accept()
    assert assess.result() == 1 and str(staff.contract_total(contract, "半年")) == "98.0"
    panel.reload()
    assert panel.table.item(0, 4).text() == "98.0"


def test_welfare_requests_queue_out_of_town_first(qtbot, office, warnings):
    from govoffice_desktop.ui.welfare_dialog import SettleDialog, WelfareDialog, WelfareRequestDialog

    for name, day in (("本地人", date(2026, 1, 1)), ("外地人", date(2026, 5, 1))):
        dialog = WelfareRequestDialog("housing", today=day)
        qtbot.addWidget(dialog)
        names = [dialog.person.itemData(i).name for i in range(dialog.person.count())]
        dialog.person.setCurrentIndex(names.index(name))
        dialog.need.setText("两室")
        dialog.accept()
        assert dialog.result() == 1, warnings
    panel = WelfareDialog(today=TODAY)
    qtbot.addWidget(panel)
    table = panel.tables["housing"]
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == ["外地人", "本地人"]
    table.selectRow(0)
    settle = SettleDialog(panel._selected(), today=TODAY)
    qtbot.addWidget(settle)
    settle.accept()
    assert warnings == ["住房地址不能为空"]
    settle.result.setText("机关宿舍 3-201")
    settle.accept()
    assert HousingRequest.get(HousingRequest.status == "已解决").address == "机关宿舍 3-201"
    panel.reload()
    assert [table.item(r, 1).text() for r in range(table.rowCount())] == ["本地人", "外地人"]  # the closed one last


def test_allocation_shows_each_sections_skills(qtbot, office):
    from govoffice_desktop.ui.allocation_dialog import AllocationDialog

    dialog = AllocationDialog()
    qtbot.addWidget(dialog)
    first, second = dialog.tree.topLevelItem(0), dialog.tree.topLevelItem(1)
    assert first.text(0) == "秘书一科（1 人）" and first.text(3) == "公文写作" and first.text(5) == ""
    assert second.childCount() == 2 and "没有本科以上学历的人员" in second.text(5)


def test_the_contract_form_names_who_signs_for_each_level(qtbot, office, warnings):
    """责任状: 办公室主任 signs the office's, 科室负责人 a section's, 责任人 their own (not 发包方/承包方)."""
    from govoffice_desktop.ui.contract_dialog import NewContractDialog

    one, _two = office
    chief = Person.get(Person.name == "王建国")
    staff.set_chief(one, chief)
    dialog = NewContractDialog(2026, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.signer_label.text() == "办公室主任" and dialog.signed_by.text() == ""
    dialog.level.setCurrentText("科室")
    dialog.party.setCurrentIndex(dialog.party.findText("秘书一科"))
    assert (dialog.signer_label.text(), dialog.signed_by.text()) == ("科室负责人", "王建国")
    dialog.level.setCurrentText("个人")
    dialog.party.setCurrentIndex(dialog.party.findText("本地人（综合科）"))
    assert (dialog.signer_label.text(), dialog.signed_by.text()) == ("责任人", "本地人")
