"""奖惩与奖金: the ledger, the rules by date, travel claims, goods, the bonus sheet, savings."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from govoffice_desktop.models.fleet import Incident, Refuel, Vehicle
from govoffice_desktop.models.rewards import BonusLine, RewardPenalty
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import fleet, rewards, supervision, typing_pool
from govoffice_desktop.services.validation import BadValue

TODAY = date(2026, 5, 10)
D = Decimal


@pytest.fixture
def office(database):
    a = Section.create(name="秘书一科", sort_order=1)
    b = Section.create(name="行政科", sort_order=2)
    chief = Person.create(name="王科长", section=a, post="科长", rank="正科级")
    clerk = Person.create(name="李科员", section=a, post="科员", rank="科员")
    typist = Person.create(name="赵打字", section=b, post="", rank="", is_typist=True)
    driver = Person.create(name="钱司机", section=b, post="", rank="", is_driver=True)
    a.chief = chief
    a.save()
    b.chief = clerk  # 行政科's chief for this test: someone must answer for its checks
    b.save()
    for post, amount in (("科长", "1000"), ("科员", "800"), ("打字员", "700"), ("驾驶员", "700")):
        rewards.save_base(post, amount, "2026-01-01")
    return {"a": a, "b": b, "chief": chief, "clerk": clerk, "typist": typist, "driver": driver}


def _april(office):
    """A month of typing, fuel, safety and supervision, each closed under its rules."""
    p = office
    TypingLog.create(typed_on=date(2026, 4, 8), typist=p["typist"], typist_name="赵打字", title="通知", pages=10,
                     errors=5)  # 6,160 characters estimated: 1 error allowed, 4 over at 10 yuan
    car = Vehicle.create(plate="苏NA1234", fuel_quota="10.00", driver=p["driver"])
    for day, odometer, litres in ((1, 1000, "40"), (10, 1500, "60")):  # 500 km on 60 L, 50 allowed
        Refuel.create(filled_at=datetime(2026, 4, day, 9), vehicle=car, driver=p["driver"], driver_name="钱司机",
                      litres=litres, unit_price="8.00", amount=str(D(litres) * 8), odometer=odometer)
    Incident.create(occurred_on=date(2026, 4, 12), vehicle=car, driver=p["driver"], kind="违章", description="超速")
    on_time = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时到岗", "points": "2"})
    supervision.record_check({"checked_on": date(2026, 4, 6), "section": p["a"], "target": on_time, "met": False,
                              "remark": "迟到"}, today=TODAY)  # charged to the chief: 2 points × 20
    supervision.record_check({"checked_on": date(2026, 4, 7), "section": p["a"], "target": on_time,
                              "person": p["clerk"], "bonus": "1", "remark": "提前到岗值守"}, today=TODAY)
    supervision.save_task({"source": "领导交办", "title": "起草汛期方案", "person": p["clerk"],
                           "assigned_on": date(2026, 4, 1), "deadline": date(2026, 4, 20)}, today=TODAY)
    typing_pool.close_month(2026, 4, today=TODAY)
    fleet.close_fleet_month(2026, 4, today=TODAY)
    supervision.close_supervision_month(2026, 4, today=TODAY)
    rewards.close_goods_month(2026, 4, today=TODAY)
    rewards.close_finance_month(2026, 4, today=TODAY)


def test_closing_a_month_posts_what_the_rules_say_and_the_sheet_adds_up(office):
    _april(office)
    posted = sorted((e.person.name, e.category, e.amount) for e in RewardPenalty.select())
    assert posted == [("李科员", "督查", D("-50.00")),  # the task passed its deadline undone
                      ("李科员", "督查", D("20.00")),  # 1 point added × 20
                      ("王科长", "督查", D("-40.00")),  # 2 points off × 20, to the chief
                      ("赵打字", "文印", D("-40.00")),  # 4 errors over × 10
                      ("钱司机", "行车安全", D("-50.00")),  # a violation
                      ("钱司机", "车辆燃料", D("-20.00"))]  # 10 L over the quota × 2
    sheet = rewards.bonus_sheet(2026, 4)
    assert sheet.open_domains == []
    lines = {ln.person.name: ln for ln in sheet.lines}
    assert {n: (ln.base, ln.rewards, ln.deductions, ln.total) for n, ln in lines.items()} == {
        "王科长": (D("1000.00"), D("0.00"), D("-40.00"), D("960.00")),
        "李科员": (D("800.00"), D("20.00"), D("-50.00"), D("770.00")),
        "赵打字": (D("700.00"), D("0.00"), D("-40.00"), D("660.00")),
        "钱司机": (D("700.00"), D("0.00"), D("-70.00"), D("630.00"))}
    for line in sheet.lines:  # person by person, the sheet is the ledger
        behind = rewards.entries_of(line.person, 2026, 4)
        assert line.total - line.base == sum((e.amount for e in behind), D(0))
        assert line.entries == len(behind)
    assert sheet.total == D("3020.00")
    assert [name for name, _lines in sheet.by_section()] == ["秘书一科", "行政科"]
    report = rewards.bonus_report(2026, 4)
    assert report["total"] == "3020.00" and report["people"][0] == {
        "name": "王科长", "section": "秘书一科", "post": "科长", "base": "1000.00", "rewards": "0.00",
        "deductions": "-40.00", "total": "960.00", "floor_applied": False}


def test_the_floor_a_rule_sets(office):
    _april(office)
    rewards.set_rule("bonus_floor", "650", "2026-01-01")
    line = {ln.person.name: ln for ln in rewards.bonus_sheet(2026, 4).lines}["钱司机"]
    assert (line.total, line.floor_applied) == (D("650.00"), True)
    with pytest.raises(BadValue, match="不能为负"):
        rewards.set_rule("bonus_floor", "-1", "2026-01-01")


def test_finalising_locks_the_month(office):
    p = office
    with pytest.raises(BadValue, match="还有文印管理、车辆油耗、督查督办、物品管理、财务管理没有结账"):
        rewards.finalise_month(2026, 4, today=TODAY)
    _april(office)
    with pytest.raises(BadValue, match="还没过完"):
        rewards.finalise_month(2026, 5, today=TODAY)
    sheet = rewards.finalise_month(2026, 4, today=TODAY)
    assert sheet.final and BonusLine.select().count() == 4
    refusals = [
        lambda: rewards.add_entry({"person": p["clerk"], "entry_date": date(2026, 4, 30), "category": "其他",
                                   "amount": "100", "reason": "补登"}),
        lambda: rewards.set_rule("check_deduction", "-30", "2026-04-15"),
        lambda: rewards.save_base("科长", "1200", "2026-04-01"),
        lambda: typing_pool.reopen_month(2026, 4),
        lambda: supervision.reopen_supervision_month(2026, 4),
        lambda: rewards.save_claim({"person": p["clerk"], "start_on": date(2026, 4, 20), "end_on": date(2026, 4, 21),
                                    "claimed_on": date(2026, 4, 25), "destination_class": "一类地区"}, today=TODAY),
    ]
    for refuse in refusals:
        with pytest.raises(BadValue, match="2026年4月的奖金表已定稿"):
            refuse()
    entry = RewardPenalty.get(RewardPenalty.category == "文印")
    with pytest.raises(BadValue, match="文印月结生成"):
        rewards.delete_entry(entry)
    # a later change of post does not rewrite a month already finalised
    p["clerk"].post = "科长"
    p["clerk"].save()
    assert {ln.person.name: ln.total for ln in rewards.bonus_sheet(2026, 4).lines}["李科员"] == D("770.00")
    assert rewards.month_is_final(2026, 4) and RewardPenalty.select().count() == 6
    rewards.reopen_month(2026, 4, "补登漏报奖励")
    assert not rewards.month_is_final(2026, 4) and BonusLine.select().count() == 0
    rewards.add_entry({"person": p["clerk"], "entry_date": date(2026, 4, 30), "category": "其他", "amount": "100",
                       "reason": "读书交流优秀"})
    # reopened, the sheet is live again: his new post's base (1000) + 20 − 50 + 100
    assert {ln.person.name: ln.total for ln in rewards.bonus_sheet(2026, 4).lines}["李科员"] == D("1070.00")


def test_the_ledger_refuses_bad_entries(office):
    clerk = office["clerk"]
    base = {"person": clerk, "entry_date": date(2026, 5, 3), "category": "其他", "amount": "-30", "reason": "迟交报表"}
    for change, message in (({"amount": "0"}, "不能为0"), ({"category": "奖金"}, "类别应为"),
                            ({"reason": ""}, "事由不能为空"), ({"amount": "abc"}, "金额"), ({"person": None}, "人员不能为空")):
        with pytest.raises(BadValue, match=message):
            rewards.add_entry({**base, **change})
    entry = rewards.add_entry(base)
    assert entry.amount == D("-30.00") and entry.source_table == ""
    rewards.add_entry({**base, "amount": "-20"}, entry)
    assert rewards.entries_of(clerk, 2026, 5)[0].amount == D("-20.00")


def test_a_travel_claim_over_the_standard_is_cut_and_deducted(office):
    """Rooms above the cap are cut (not paid) and the rule travel_over takes 50 a time off the bonus;
    meals are the per-diem whatever the receipts (issue 18 point 7: before, the excess was paid and
    taken back from the bonus in full)."""
    clerk, chief = office["clerk"], office["chief"]
    for group, rooms in (("其他人员", "350"), ("县处级", "450")):
        rewards.save_standard({"destination_class": "一类地区", "rank_group": group, "accommodation": rooms,
                               "meals": "100", "effective_from": "2026-01-01"})
    with pytest.raises(BadValue, match="已有一条标准"):
        rewards.save_standard({"destination_class": "一类地区", "rank_group": "县处级", "accommodation": "1",
                               "meals": "1", "effective_from": "2026-01-01"})
    assert rewards.rank_group("正科级") == "其他人员" and rewards.rank_group("副处级") == "县处级"
    approval = rewards.save_approval({"person": clerk, "destination": "南京", "destination_class": "一类地区",
                                      "start_on": date(2026, 5, 4), "end_on": date(2026, 5, 6),
                                      "purpose": "参加全省会议", "approved_by": "刘主任",
                                      "approved_on": date(2026, 4, 30)}, today=TODAY)
    data = {"person": clerk, "kind": "出差", "start_on": date(2026, 5, 4), "end_on": date(2026, 5, 6),
            "destination": "南京", "destination_class": "一类地区", "accommodation": "900", "meals": "300",
            "transport": "260", "claimed_on": date(2026, 5, 8), "purpose": "参加全省会议", "approval": approval}
    claim = rewards.save_claim(data, today=TODAY)
    # 2 nights × 350 paid of the 900, 3 days × 100 meals, the 260 ticket; the 200 over is cut
    assert (claim.allowed, claim.over) == (D("1260.00"), D("200.00"))
    (entry,) = rewards.entries_of(clerk, 2026, 5)
    assert entry.amount == D("-50.00") and "住宿费超200.00元" in entry.reason  # 50 a time
    line = {ln.person.name: ln for ln in rewards.bonus_sheet(2026, 5).lines}["李科员"]
    assert line.total == D("750.00")
    rewards.save_claim({**data, "accommodation": "700"}, claim, today=TODAY)  # corrected: within the standard
    assert rewards.entries_of(clerk, 2026, 5) == [] and claim.over == D("0.00")
    with pytest.raises(BadValue, match="没有适用于二类地区·县处级"):
        rewards.save_claim({**data, "kind": "值勤", "approval": None, "start_on": date(2026, 5, 7),
                            "end_on": date(2026, 5, 7), "person": Person.create(name="处长", rank="副处级"),
                            "destination_class": "二类地区"}, today=TODAY)
    with pytest.raises(BadValue, match="早于起始日期"):
        rewards.save_claim({**data, "end_on": date(2026, 5, 1)}, today=TODAY)
    assert chief.travel_claims.count() == 0


def test_goods_stock_budgets_and_losses(office):
    a, chief, clerk = office["a"], office["chief"], office["clerk"]
    paper = rewards.save_item({"name": "A4打印纸", "unit": "包", "unit_price": "25.00", "min_stock": 2})
    rewards.move_goods({"item": paper, "kind": "入库", "moved_on": date(2026, 4, 1), "quantity": 10}, today=TODAY)
    with pytest.raises(BadValue, match="库存只有 10包，不够领用 12包"):
        rewards.move_goods({"item": paper, "kind": "领用", "moved_on": date(2026, 4, 2), "quantity": 12,
                            "section": a}, today=TODAY)
    with pytest.raises(BadValue, match="写明领用科室"):
        rewards.move_goods({"item": paper, "kind": "领用", "moved_on": date(2026, 4, 2), "quantity": 1}, today=TODAY)
    rewards.move_goods({"item": paper, "kind": "领用", "moved_on": date(2026, 4, 2), "quantity": 4, "section": a,
                        "person": clerk}, today=TODAY)
    rewards.move_goods({"item": paper, "kind": "报损", "moved_on": date(2026, 4, 3), "quantity": 1, "person": clerk,
                        "note": "受潮"}, today=TODAY)
    assert rewards.stock_of(paper) == 5
    rewards.set_budget(a, 2026, "80")
    use = {u.section.name: u for u in rewards.section_use(2026, 4)}["秘书一科"]
    assert (use.used, use.budget, use.over) == (D("100.00"), D("80.00"), D("20.00"))
    entries = rewards.close_goods_month(2026, 4, today=TODAY)
    assert [(e["person"], e["amount"]) for e in entries] == [(chief.id, D("-50.00"))]
    loss = [e for e in rewards.entries_of(clerk, 2026, 4) if e.category == "物品管理"]
    assert [e.amount for e in loss] == [D("-50.00")]
    with pytest.raises(BadValue, match="物品管理已结账，不能再登记领用"):
        rewards.move_goods({"item": paper, "kind": "领用", "moved_on": date(2026, 4, 20), "quantity": 1,
                            "section": a}, today=TODAY)
    with pytest.raises(BadValue, match="预算不能再改"):
        rewards.set_budget(a, 2026, "200")
    rewards.reopen_goods_month(2026, 4)
    assert rewards.entries_of(chief, 2026, 4) == []
    saved = rewards.savings(2026, 4)
    assert (saved["goods_used"], saved["goods_over_budget"]) == ("100.00", "20.00")


def test_rules_change_from_a_date_and_are_listed(office):
    rewards.set_rule("check_deduction", "-30", "2026-05-01")
    assert rewards.rule_amount("check_deduction", date(2026, 4, 30)) == D("-20.00")
    assert rewards.rule_amount("check_deduction", date(2026, 5, 1)) == D("-30.00")
    with pytest.raises(BadValue, match="应为扣款（负数）"):
        rewards.set_rule("task_overdue", "50", "2026-05-01")
    with pytest.raises(BadValue, match="不认识"):
        rewards.set_rule("nothing", "1", "2026-05-01")
    rows = {r.code: r for r in rewards.rule_table(date(2026, 5, 2))}
    assert rows["check_deduction"].amount == D("-30.00") and rows["check_deduction"].effective_from == date(2026, 5, 1)
    assert rows["fuel_over"].effective_from is None  # the default, never set
    assert not rows["typing_error"].editable and rows["typing_error"].category == "文印"
    assert [r.category for r in rewards.rule_table()][:1] == ["文印"]


def test_savings_of_a_month(office):
    _april(office)
    saved = rewards.savings(2026, 4)
    assert (saved["fuel_over_litres"], saved["fuel_over_yuan"], saved["fuel_saved_litres"]) == ("10.00", "80.00",
                                                                                                 "0.00")
    assert (saved["rewards"], saved["deductions"]) == ("20.00", "-200.00")


def test_standards_and_goods_movements_entered_by_mistake_are_deleted_others_stay(office):
    from govoffice_desktop.models.rewards import GoodsMovement, TravelStandard

    clerk, a = office["clerk"], office["a"]
    used = rewards.save_standard({"destination_class": "一类地区", "rank_group": "其他人员", "accommodation": "350",
                                  "meals": "100", "effective_from": "2026-01-01"})
    spare = rewards.save_standard({"destination_class": "三类地区", "rank_group": "其他人员", "accommodation": "200",
                                   "meals": "60", "effective_from": "2026-01-01"})
    rewards.save_claim({"person": clerk, "kind": "值勤", "start_on": date(2026, 5, 4), "end_on": date(2026, 5, 5),
                        "destination_class": "一类地区", "accommodation": "350", "meals": "200",
                        "claimed_on": date(2026, 5, 6)}, today=TODAY)
    with pytest.raises(BadValue, match="已有 1 笔报销按这条标准核算"):
        rewards.delete_standard(used)
    rewards.delete_standard(spare)
    assert [s.destination_class for s in TravelStandard.select()] == ["一类地区"]
    pens = rewards.save_item({"name": "中性笔", "unit": "支", "unit_price": "2.50"})
    bought = rewards.move_goods({"item": pens, "kind": "入库", "moved_on": date(2026, 4, 1), "quantity": 10}, today=TODAY)
    rewards.move_goods({"item": pens, "kind": "领用", "moved_on": date(2026, 4, 2), "quantity": 4, "section": a},
                       today=TODAY)
    lost = rewards.move_goods({"item": pens, "kind": "报损", "moved_on": date(2026, 4, 3), "quantity": 1,
                               "person": clerk, "note": "丢失"}, today=TODAY)
    with pytest.raises(BadValue, match="库存会小于零"):
        rewards.delete_movement(bought)
    assert [e.category for e in rewards.entries_of(clerk, 2026, 4)] == ["物品管理"]
    rewards.delete_movement(lost)  # with its deduction
    assert rewards.entries_of(clerk, 2026, 4) == [] and rewards.stock_of(pens) == 6
    assert GoodsMovement.select().count() == 2
