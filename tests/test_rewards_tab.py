"""The 奖惩与奖金 tab and its forms, driven through the real widgets (pytest-qt).

The rules are the service's (tests/test_rewards_service.py); these tests check that the forms hand
what was entered to the service, show its refusals, and show what comes back: the bonus sheet with
its deductions, the ledger, the rules, the claims checked as typed, goods, and 督查's month closing."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from govoffice_desktop.models.rewards import BonusLine, RewardPenalty, TravelClaim
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import fleet, rewards, supervision, typing_pool
from govoffice_desktop.ui.rewards_dialogs import (ClaimDialog, EntriesDialog, EntryDialog, ItemDialog, MoveDialog,
                                                  ReopenMonthDialog, RuleDialog)
from govoffice_desktop.ui.forms import date_of
from govoffice_desktop.ui.rewards import RewardsTab
from govoffice_desktop.ui.rewards.finance_page import FindingDialog
from govoffice_desktop.ui.rewards.travel_page import ApprovalDialog
from govoffice_desktop.ui.rewards.common import previous_month
from govoffice_desktop.ui.supervision_dialogs import SupervisionMonthDialog
from govoffice_desktop.ui.supervision import SupervisionTab

TODAY = date.today()
LAST_YEAR, LAST_MONTH = previous_month(TODAY)
RED = "#d93025"


@pytest.fixture
def office(database):
    a = Section.create(name="秘书一科", sort_order=1)
    b = Section.create(name="行政科", sort_order=2)
    chief = Person.create(name="王科长", section=a, post="科长", rank="正科级")
    clerk = Person.create(name="李科员", section=a, post="科员", rank="科员")
    driver = Person.create(name="钱司机", section=b, post="驾驶员", rank="", is_driver=True)
    a.chief = chief
    a.save()
    b.chief = driver
    b.save()
    for post, amount in (("科长", "1000"), ("科员", "800"), ("驾驶员", "700")):
        rewards.save_base(post, amount, "2020-01-01")
    rewards.save_standard({"destination_class": "一类地区", "rank_group": "其他人员", "accommodation": "350",
                           "meals": "100", "effective_from": "2020-01-01"})
    return {"a": a, "b": b, "chief": chief, "clerk": clerk, "driver": driver}


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
    return asked


@pytest.fixture
def tab(qtbot, office, warnings, answers):
    page = RewardsTab()
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.messages = []
    page.status_message.connect(page.messages.append)
    return page


def choose(combo, text: str) -> None:
    index = next((i for i in range(combo.count()) if combo.itemText(i).startswith(text)), -1)
    assert index >= 0, f"{text} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)


def sheet_row(tab, name: str) -> list[str]:
    item = tab.sheet_page.line_item(name)
    assert item is not None, f"{name} not on the sheet"
    return [item.text(c) for c in range(tab.sheet_page.tree.columnCount())]


def show_sheet(tab, year: int, month: int) -> None:
    tab.pages.setCurrentWidget(tab.sheet_page)
    assert tab.sheet_page.choose_month(year, month)
    assert tab.sheet_page.period() == (year, month)


def ledger_rows(tab) -> list[list[str]]:
    model = tab.ledger.list.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


# ---------------------------------------------------------------- the issue's case
def test_a_travel_claim_over_the_standard_entered_through_the_form_is_cut_and_deducted_on_the_bonus_sheet(
        qtbot, tab, office, monkeypatch, warnings):
    show_sheet(tab, TODAY.year, TODAY.month)
    assert sheet_row(tab, "李科员")[2:6] == ["800.00", "0.00", "0.00", "800.00"]
    start = TODAY - timedelta(days=2)  # three days, two nights: 700 for rooms, 300 for meals

    # without an approval the claim is refused, saying why, and nothing is written
    def unapproved(dialog: ClaimDialog):
        choose(dialog.person, "李科员")
        dialog.start_on.setDate(QDate(start))
        choose(dialog.destination_class, "一类地区")
        dialog.accommodation.setText("700")
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ClaimDialog, "exec", unapproved)
    tab.pages.setCurrentWidget(tab.travel)
    tab.travel.claims.action_buttons["报销登记…"].click()
    assert "起的出差没有出差审批，不能报销" in warnings[-1][1] and TravelClaim.select().count() == 0

    def approve(dialog: ApprovalDialog):
        choose(dialog.person, "李科员")
        dialog.destination.setText("南京")
        choose(dialog.destination_class, "一类地区")
        dialog.start_on.setDate(QDate(start))
        dialog.end_on.setDate(QDate(TODAY))
        dialog.purpose.setText("参加全省会议")
        dialog.approved_by.setText("刘主任")
        dialog.approved_on.setDate(QDate(start - timedelta(days=3)))
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(ApprovalDialog, "exec", approve)
    tab.travel.approvals.action_buttons["出差审批…"].click()
    assert tab.messages[-1] == "已登记 李科员 的出差审批"
    warnings.clear()

    def enter(dialog: ClaimDialog):
        choose(dialog.person, "李科员")
        choose(dialog.approval, start.isoformat())  # the dates and the place come from the approval
        assert (date_of(dialog.start_on), date_of(dialog.end_on)) == (start, TODAY)
        assert dialog.destination.text() == "南京" and dialog.destination_class.currentText() == "一类地区"
        dialog.accommodation.setText("900")
        # shown while typing: the cap for rooms, the per-diem for meals, and what is cut
        assert dialog.allowed["accommodation"].text() == "标准 350.00 元/晚 × 2 晚 = 700.00 元，超 200.00 元（核减）"
        assert RED in dialog.allowed["accommodation"].styleSheet()
        assert dialog.allowed["meals"].text() == "包干 100.00 元/天 × 3 天 = 300.00 元"
        assert dialog.check_text.text().startswith("超标准 200.00 元：住宿费超200.00元，超出部分不予报销，"
                                                   "核准报销 1,000.00 元")
        assert "从奖金中扣减 50.00 元" in dialog.check_text.text()  # before saving: 50 a time
        dialog.accommodation.setText("700")
        assert dialog.check_text.text().startswith("在标准内，核准报销 1,000.00 元")
        dialog.accommodation.setText("900")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(ClaimDialog, "exec", enter)
    tab.travel.claims.action_buttons["报销登记…"].click()
    assert warnings == []
    claim = TravelClaim.get()
    assert (claim.person.name, claim.allowed, claim.over) == ("李科员", Decimal("1000.00"), Decimal("200.00"))
    assert "按标准报销 700.00 元，核减 200.00 元" in claim.verdict
    assert tab.messages[-1] == "已登记 李科员 的报销；超标准 200.00 元不予报销，扣减奖金 50.00 元，核准报销 1,000.00 元"
    claims = tab.travel.claims
    over_col = claims.model.listing.keys.index("over")
    assert claims.model.index(0, over_col).data() == "200.00"
    assert claims.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == RED

    # the bonus sheet of the month shows the deduction (50 a time), in red
    show_sheet(tab, TODAY.year, TODAY.month)
    row = sheet_row(tab, "李科员")
    assert row[2:7] == ["800.00", "0.00", "-50.00", "750.00", "1"]
    item = tab.sheet_page.line_item("李科员")
    assert item.foreground(4).color().name() == RED
    assert item.textAlignment(5) & Qt.AlignmentFlag.AlignRight
    assert "实发 2,450.00 元" in tab.sheet_page.total.text()  # 1000 + 750 + 700

    # and the line opens the entry behind it
    opened = []

    def look(dialog: EntriesDialog):
        opened.append([dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())])
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(EntriesDialog, "exec", look)
    tab.sheet_page.open_line(item)
    assert opened and opened[0][1:3] == ["出差值勤标准", "-50.00"] and opened[0][4] == "出差值勤报销"
    assert "住宿费超200.00元" in opened[0][3]


def test_an_entry_by_hand_shows_on_the_sheet_and_in_the_ledger(qtbot, tab, office, monkeypatch, warnings):
    plan = [("奖励", "100", "读书交流优秀"), ("扣减", "30", "迟交月度报表")]
    for sign, amount, reason in plan:
        def enter(dialog: EntryDialog, sign=sign, amount=amount, reason=reason):
            choose(dialog.person, "王科长")
            dialog.entry_date.setDate(QDate(TODAY))
            (dialog.reward if sign == "奖励" else dialog.deduction).setChecked(True)
            dialog.amount.setText(amount)
            dialog.reason.setPlainText(reason)
            dialog.ok_button.click()
            return dialog.result()

        monkeypatch.setattr(EntryDialog, "exec", enter)
        tab.pages.setCurrentWidget(tab.ledger)
        tab.ledger.list.action_buttons["登记奖惩…"].click()
    assert warnings == []
    assert sorted(e.amount for e in RewardPenalty.select()) == [Decimal("-30.00"), Decimal("100.00")]
    assert tab.messages[-1] == "已登记 王科长 -30.00 元：迟交月度报表"
    rows = ledger_rows(tab)
    keys = tab.ledger.list.model.listing.keys
    amounts = sorted(r[keys.index("amount")] for r in rows)
    assert amounts == ["-30.00", "100.00"]
    assert {r[keys.index("source")] for r in rows} == {"手工登记"}
    model = tab.ledger.list.model
    red_row = next(i for i, r in enumerate(rows) if r[keys.index("amount")] == "-30.00")
    assert model.index(red_row, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == RED
    assert model.index(1 - red_row, 0).data(Qt.ItemDataRole.ForegroundRole) is None

    show_sheet(tab, TODAY.year, TODAY.month)
    assert sheet_row(tab, "王科长")[2:7] == ["1,000.00", "100.00", "-30.00", "1,070.00", "2"]

    # a reason left out is refused and the form stays open
    def empty(dialog: EntryDialog):
        choose(dialog.person, "李科员")
        dialog.amount.setText("20")
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(EntryDialog, "exec", empty)
    tab.ledger.list.action_buttons["登记奖惩…"].click()
    assert warnings[-1][1] == "事由不能为空" and RewardPenalty.select().count() == 2


def _missed_check(office, year: int, month: int):
    target = supervision.save_target({"year": year, "kind": "共性目标", "name": "按时到岗", "points": "2"})
    supervision.record_check({"checked_on": date(year, month, 5), "section": office["a"], "target": target,
                              "met": False, "remark": "迟到"})
    return target


def test_deleting_an_entry_a_closing_posted_is_refused_and_nothing_is_deleted(qtbot, tab, office, answers,
                                                                             warnings):
    _missed_check(office, LAST_YEAR, LAST_MONTH)
    supervision.close_supervision_month(LAST_YEAR, LAST_MONTH)
    tab.refresh()
    tab.pages.setCurrentWidget(tab.ledger)
    (entry,) = list(RewardPenalty.select())
    assert (entry.person.name, entry.amount) == ("王科长", Decimal("-40.00"))  # to the chief: 2 points × 20
    assert tab.ledger.list.select_row_id(entry.id)
    tab.ledger.list.action_buttons["删除…"].click()
    assert answers[-1][0] == "删除奖惩"
    assert warnings[-1][0] == "不能删除"
    assert "由日常督查生成" in warnings[-1][1] and "撤销该月结账" in warnings[-1][1]
    assert RewardPenalty.select().count() == 1
    assert len(ledger_rows(tab)) == 1

    # an entry typed by hand is deleted
    own = rewards.add_entry({"person": office["clerk"], "entry_date": TODAY, "category": "其他", "amount": "-10",
                             "reason": "迟到"})
    tab.ledger.refresh()
    assert tab.ledger.list.select_row_id(own.id)
    tab.ledger.list.action_buttons["删除…"].click()
    assert RewardPenalty.select().count() == 1 and rewards.entry_by_id(own.id) is None
    assert tab.messages[-1] == "已删除 李科员 的奖惩"


def test_finalising_a_month_from_the_page_after_closing_the_domains_locks_it(qtbot, tab, office, monkeypatch,
                                                                              answers, warnings):
    y, m = LAST_YEAR, LAST_MONTH
    rewards.set_budget(office["a"], y, "10")
    paper = rewards.save_item({"name": "A4打印纸", "unit": "包", "unit_price": "25", "min_stock": 0})
    rewards.move_goods({"item": paper, "kind": "入库", "moved_on": date(y, m, 1), "quantity": 10})
    rewards.move_goods({"item": paper, "kind": "领用", "moved_on": date(y, m, 2), "quantity": 2,
                        "section": office["a"]})  # 50 against a budget of 10
    tab.refresh()
    show_sheet(tab, y, m)
    page = tab.sheet_page
    assert page.state.text() == "未定稿；待结账：文印管理、车辆油耗、督查督办、物品管理、财务管理"
    page.finalise_button.click()
    assert warnings[-1][0] == "不能定稿"
    assert "还有文印管理、车辆油耗、督查督办、物品管理、财务管理没有结账" in warnings[-1][1]
    assert not rewards.month_is_final(y, m)

    typing_pool.close_month(y, m)
    fleet.close_fleet_month(y, m)
    supervision.close_supervision_month(y, m)
    page.show_month()
    assert page.domain_labels["文印"].text() == "✓ 已结账"
    assert page.domain_labels["物品管理"].text() == "未结账"
    assert page.goods_close_button.isEnabled() and not page.goods_reopen_button.isEnabled()
    page.goods_close_button.click()  # the section over its budget: its chief loses 50
    assert "记入奖惩台账 1 条，合计 -50.00 元" in answers[-1][1]
    assert page.domain_labels["物品管理"].text() == "✓ 已结账"
    assert sheet_row(tab, "王科长")[4:6] == ["-50.00", "950.00"]
    assert page.state.text() == "未定稿；待结账：财务管理"
    tab.pages.setCurrentWidget(tab.finance)  # the month just ended is the one offered
    assert tab.finance.period() == (y, m) and tab.finance.close_button.isEnabled()
    tab.finance.close_button.click()
    assert "记入奖惩台账 0 条，合计 0.00 元" in answers[-1][1]
    assert tab.finance.state.text().startswith("已结账：0 条检查")
    show_sheet(tab, y, m)
    assert page.state.text() == "未定稿；各项已结账，可以定稿"

    page.finalise_button.click()
    assert rewards.month_is_final(y, m) and BonusLine.select().count() == 3
    assert page.state.text().startswith("已定稿（")
    assert not page.finalise_button.isEnabled() and page.reopen_button.isEnabled()
    assert not page.goods_reopen_button.isEnabled()
    assert tab.messages[-1] == f"{y}年{m}月奖金表已定稿：3 人，实发 2,450.00 元"
    assert page.month_picker.currentText() == f"{y}年{m}月（已定稿）"

    # a new entry for that month is refused with a clear message, and nothing is written
    before = RewardPenalty.select().count()

    def late(dialog: EntryDialog):
        choose(dialog.person, "李科员")
        dialog.entry_date.setDate(QDate(date(y, m, 15)))
        dialog.amount.setText("20")
        dialog.reason.setPlainText("补登")
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(EntryDialog, "exec", late)
    tab.ledger.list.action_buttons["登记奖惩…"].click()
    assert f"{y}年{m}月的奖金表已定稿，不能再登记奖惩" in warnings[-1][1]
    assert RewardPenalty.select().count() == before

    # 撤销定稿 asks for the reason
    def reopen(dialog: ReopenMonthDialog):
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted  # no reason: refused
        dialog.reason.setPlainText("补登漏报的加分")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(ReopenMonthDialog, "exec", reopen)
    page.reopen_button.click()
    assert not rewards.month_is_final(y, m)
    assert page.state.text() == "未定稿；各项已结账，可以定稿"


def test_a_rule_is_set_from_a_date_and_a_wrong_sign_is_refused(qtbot, tab, office, monkeypatch, warnings):
    page = tab.rules
    tab.pages.setCurrentWidget(page)
    codes = [r.code for r in page.rows]
    row = codes.index("check_deduction")
    assert page.table.item(row, 2).text() == "-20.00" and page.table.item(row, 4).text() == "默认"
    typing_row = codes.index("typing_error")
    page.table.selectRow(typing_row)
    assert not page.edit_button.isEnabled()  # the typing pool's own standard
    assert page.table.item(typing_row, 6).text() == "在“文印管理 → 标准”中修改"
    start = TODAY.replace(day=1)

    def enter(dialog: RuleDialog):
        dialog.amount.setText("20")
        dialog.effective_from.setDate(QDate(start))
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert "应为扣款（负数）" in warnings[-1][1]
        dialog.amount.setText("-30")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(RuleDialog, "exec", enter)
    page.table.selectRow(row)
    assert page.edit_button.isEnabled()
    page.edit_button.click()
    row = [r.code for r in page.rows].index("check_deduction")
    assert page.table.item(row, 2).text() == "-30.00"
    assert page.table.item(row, 4).text() == start.isoformat()
    assert page.table.item(row, 5).text() == f"{start} 起 -30.00"
    assert rewards.rule_amount("check_deduction", start) == Decimal("-30.00")
    assert rewards.rule_amount("check_deduction", start - timedelta(days=1)) == Decimal("-20.00")
    assert tab.messages[-1] == "已修改奖惩规定：考核督查每扣1分扣减奖金"


def test_goods_issued_beyond_the_stock_are_refused(qtbot, tab, office, monkeypatch, warnings):
    page = tab.goods
    tab.pages.setCurrentWidget(page)

    def new_item(dialog: ItemDialog):
        dialog.name.setText("硒鼓")
        dialog.unit.setText("个")
        dialog.unit_price.setText("380")
        dialog.min_stock.setValue(2)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(ItemDialog, "exec", new_item)
    page.move_buttons["new"].click()
    assert [page.stock_table.item(0, c).text() for c in range(4)] == ["硒鼓", "个", "380.00", "0"]
    assert page.stock_table.item(0, 0).foreground().color().name() == RED  # none in stock: low

    def stock_in(dialog: MoveDialog):
        assert dialog.kind.currentData() == "入库"
        dialog.quantity.setValue(10)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(MoveDialog, "exec", stock_in)
    page.move_buttons["入库"].click()
    assert page.stock_table.item(0, 3).text() == "10"
    assert page.stock_table.item(0, 0).foreground().color().name() != RED

    def issue(dialog: MoveDialog):
        assert dialog.kind.currentData() == "领用"
        choose(dialog.section, "秘书一科")
        dialog.quantity.setValue(12)
        dialog.ok_button.click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert warnings[-1][1] == "硒鼓库存只有 10个，不够领用 12个"
        dialog.quantity.setValue(4)
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(MoveDialog, "exec", issue)
    page.move_buttons["领用"].click()
    assert page.stock_table.item(0, 3).text() == "6"
    assert tab.messages[-1] == "已登记领用：硒鼓 4个"
    movements = page.movements.model
    keys = movements.listing.keys
    issued = [[movements.index(r, c).data() for c in range(movements.columnCount())]
              for r in range(movements.rowCount())]
    assert sorted(r[keys.index("kind")] for r in issued) == ["入库", "领用"]
    out = next(r for r in issued if r[keys.index("kind")] == "领用")
    assert (out[keys.index("quantity")], out[keys.index("amount")]) == ("4", "1,520.00")
    uses = {page.use_table.item(r, 0).text(): page.use_table.item(r, 2).text()
            for r in range(page.use_table.rowCount())}
    assert uses["秘书一科"] == "1,520.00"


def test_the_supervision_month_close_button_posts_the_entries(qtbot, office, monkeypatch, answers, warnings):
    y, m = LAST_YEAR, LAST_MONTH
    _missed_check(office, y, m)
    tab = SupervisionTab()
    qtbot.addWidget(tab)
    tab.show()
    messages = []
    tab.status_message.connect(messages.append)
    tab.pages.setCurrentWidget(tab.month)
    tab.month.show_month(y, m)
    assert tab.month.period() == (y, m)
    assert tab.month.close_state.text() == "督查奖惩：未结账"

    def panel(dialog: SupervisionMonthDialog):
        assert (dialog.year, dialog.month) == (y, m)
        assert dialog.table.rowCount() == 1
        assert [dialog.table.item(0, c).text() for c in range(2)] == ["王科长", "-40.00"]
        assert dialog.state.text() == "未结账"
        assert dialog.close_button.isEnabled() and not dialog.reopen_button.isEnabled()
        dialog.close_button.click()
        assert RewardPenalty.select().count() == 1
        assert dialog.state.text() == "已结账"
        assert not dialog.close_button.isEnabled() and dialog.reopen_button.isEnabled()
        dialog.reopen_button.click()
        assert RewardPenalty.select().count() == 0
        dialog.close_button.click()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SupervisionMonthDialog, "exec", panel)
    tab.month.close_button.click()
    assert warnings == []
    entry = RewardPenalty.get()
    assert (entry.person.name, entry.category, entry.amount) == ("王科长", "督查", Decimal("-40.00"))
    assert entry.entry_date.month == m and entry.source_table
    assert [a[0] for a in answers] == ["结账", "撤销结账", "结账"]
    assert messages[-1] == f"{y}年{m}月 督查奖惩已结账，1 条记入奖惩台账"
    assert tab.month.close_state.text() == "督查奖惩：已结账"


def test_a_goods_movement_entered_by_mistake_is_deleted_from_the_page(qtbot, tab, office, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from govoffice_desktop.models.rewards import GoodsMovement
    from govoffice_desktop.services import rewards as service

    item = service.save_item({"name": "订书钉", "unit": "盒", "unit_price": "3.00"})
    move = service.move_goods({"item": item, "kind": "入库", "moved_on": date(2026, 4, 1), "quantity": 5},
                              today=date(2026, 5, 10))
    page = tab.goods
    page.refresh()
    assert page.movements.select_row_id(move.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_movement()
    assert GoodsMovement.select().count() == 0 and service.stock_of(item) == 0


def test_a_finance_finding_entered_on_its_page_is_posted_by_the_months_closing(qtbot, tab, office, monkeypatch,
                                                                                answers, warnings):
    y, m = LAST_YEAR, LAST_MONTH

    def enter(dialog: FindingDialog):
        dialog.found_on.setDate(QDate(date(y, m, 9)))
        choose(dialog.rule, "报销单据不合规")
        choose(dialog.person, "李科员")
        dialog.amount_involved.setText("1,280")
        dialog.description.setText("差旅费报销缺住宿发票")
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(FindingDialog, "exec", enter)
    tab.pages.setCurrentWidget(tab.finance)
    page = tab.finance
    page.findings.action_buttons["登记检查…"].click()
    assert warnings == [] and RewardPenalty.select().count() == 0  # recorded, not yet in the ledger
    assert page.period() == (y, m) and page.state.text() == "未结账：本月 1 条检查待记入奖惩台账"
    page.close_button.click()
    assert "记入奖惩台账 1 条，合计 -50.00 元" in answers[-1][1]
    (entry,) = RewardPenalty.select()
    assert (entry.person.name, entry.category, entry.amount) == ("李科员", "财务管理", Decimal("-50.00"))
    assert page.state.text() == "已结账：1 条检查，1 条记入奖惩台账，合计 -50.00 元"
    assert not page.close_button.isEnabled() and page.reopen_button.isEnabled()
    model = page.findings.model
    assert model.index(0, model.listing.keys.index("posted")).data() == "-50.00"

    page.findings.action_buttons["登记检查…"].click()  # the month is closed: refused, saying why
    assert f"{y}年{m}月的财务管理已结账，不能再登记财务检查" in warnings[-1][1]
    page.reopen_button.click()
    assert RewardPenalty.select().count() == 0 and page.close_button.isEnabled()


def test_the_tab_opens_reading_only_the_bonus_sheet_and_builds_a_page_when_shown(qtbot, tab, tmp_path):
    """Over a large office the tab's first screen is the bonus sheet alone: the other pages are
    built (and read) when first shown or used, their lists and splitters as the settings left them."""
    from PySide6.QtCore import QSettings

    later = (tab.ledger, tab.rules, tab.finance, tab.travel, tab.goods)
    assert not any(page.is_built() for page in later)
    assert tab.current_list() is None  # the bonus sheet is a tree, not a list; it counts its people
    assert tab.count_text() == f"共 {len(tab.sheet_page.sheet.lines)} 人"
    settings = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    settings.setValue("tabs/rewards/goods_splitter", None)
    tab.restore_state(settings)  # the window restores a tab's settings when it is made
    assert not any(page.is_built() for page in later)
    tab.save_state(settings)  # a page not built keeps what is stored
    tab.pages.setCurrentWidget(tab.ledger)
    assert tab.ledger.is_built() and not tab.goods.is_built()
    assert tab.current_list() is tab.ledger.list
    tab.ledger.list.view.setColumnWidth(1, 211)
    tab.save_state(settings)
    other = RewardsTab()
    qtbot.addWidget(other)
    other.restore_state(settings)  # back on 奖惩台账: built when shown, with its columns as saved
    assert other.pages.currentWidget() is other.ledger and not other.ledger.is_built()
    other.show()
    assert other.ledger.is_built() and other.ledger.list.view.columnWidth(1) == 211
    tab.refresh()  # only what is built reads again
    assert not tab.goods.is_built()
