"""财务管理 and travel as offices run them (issue 18 point 7), written from the rules:

- a finance finding is recorded under a 财务管理 rule and posted to the reward/penalty ledger by the
  month's 财务结账, in one transaction, once; 撤销结账 takes it back; a closed month takes no finding;
- 伙食补助费 and 市内交通费 are paid per day as 包干 by destination class, whatever the receipts;
- 住宿费 is capped per night by destination class and rank band: above the cap it is cut, and the claim
  says so;
- a 出差 claim needs its 出差审批 and stays inside it."""
from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.rewards import FinanceFinding, MonthClose, RewardPenalty, TravelClaim
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import rewards
from govoffice_desktop.services.validation import BadValue

TODAY = date(2026, 5, 10)
D = Decimal
B_CITY = "二类地区（其他地级市）"


@pytest.fixture
def office(database):
    a = Section.create(name="秘书一科", sort_order=1)
    b = Section.create(name="行政科", sort_order=2)
    chief = Person.create(name="王科长", section=a, post="科长", rank="正科级")
    clerk = Person.create(name="李科员", section=a, post="科员", rank="科员")
    head = Person.create(name="张处长", section=b, post="副主任", rank="副处级")
    a.chief = chief
    a.save()
    for group, rooms in (("其他人员", "330"), ("县处级", "400")):  # meals 80/day, local transport 80/day
        rewards.save_standard({"destination_class": B_CITY, "rank_group": group, "accommodation": rooms,
                               "meals": "80", "city_transport": "80", "effective_from": "2026-01-01"})
    return {"a": a, "b": b, "chief": chief, "clerk": clerk, "head": head}


def approve(person, start=date(2026, 5, 4), end=date(2026, 5, 6), where="徐州", cls=B_CITY):
    return rewards.save_approval({"person": person, "destination": where, "destination_class": cls,
                                  "start_on": start, "end_on": end, "purpose": "参加全省档案工作会议",
                                  "approved_by": "刘主任", "approved_on": date(2026, 4, 28)}, today=TODAY)


def claim_data(person, approval, **changes):
    data = {"person": person, "kind": "出差", "approval": approval, "start_on": date(2026, 5, 4),
            "end_on": date(2026, 5, 6), "destination": "徐州", "destination_class": B_CITY,
            "accommodation": "600", "transport": "120", "claimed_on": date(2026, 5, 8)}
    data.update(changes)
    return data


# ---------------------------------------------------------------- travel
def test_a_three_day_trip_to_a_class_b_city_pays_three_times_the_per_diem_whatever_the_receipts(office):
    clerk = office["clerk"]
    claim = rewards.save_claim(claim_data(clerk, approve(clerk), meals="35"), today=TODAY)  # a meals receipt of 35
    assert (claim.meals, claim.city_transport) == (D("240.00"), D("240.00"))  # 3 × 80 each, paid by the day
    assert claim.allowed == D("600.00") + D("240.00") + D("240.00") + D("120.00")
    assert claim.over == D("0.00") and rewards.entries_of(clerk, 2026, 5) == []
    assert "伙食补助费 80.00 元/天 × 3 天 = 240.00 元（包干）" in claim.verdict
    assert "市内交通费 80.00 元/天 × 3 天 = 240.00 元（包干）" in claim.verdict
    check = rewards.check_claim(clerk, B_CITY, date(2026, 5, 4), date(2026, 5, 6), D("0"))
    assert (check.meals, check.city_transport) == (D("240.00"), D("240.00"))  # no receipt at all: the same


def test_rooms_above_the_cap_are_cut_to_the_cap_by_rank_band_and_the_claim_says_so(office):
    clerk, head = office["clerk"], office["head"]
    claim = rewards.save_claim(claim_data(clerk, approve(clerk), accommodation="900"), today=TODAY)
    # 2 nights × 330 for 其他人员 = 660 paid; 240 cut
    assert (claim.accommodation, claim.over) == (D("900.00"), D("240.00"))
    assert claim.allowed == D("660.00") + D("240.00") + D("240.00") + D("120.00")
    assert ("住宿费 900.00 元超过标准（330.00 元/晚 × 2 晚 = 660.00 元），按标准报销 660.00 元，核减 240.00 元"
            in claim.verdict)
    assert claim.verdict.endswith("合计报销 1260.00 元")
    (entry,) = rewards.entries_of(clerk, 2026, 5)  # the rule travel_over, once; the 240 is not paid already
    assert entry.amount == D("-50.00") and "住宿费超240.00元" in entry.reason
    # the same rooms for a 县处级 person: 2 × 400 = 800 is the cap
    other = rewards.save_claim(claim_data(head, approve(head), accommodation="900"), today=TODAY)
    assert other.over == D("100.00") and "按标准报销 800.00 元" in other.verdict


def test_a_claim_without_approval_is_refused_and_nothing_is_written(office):
    clerk = office["clerk"]
    with pytest.raises(BadValue, match="李科员 2026-05-04 起的出差没有出差审批，不能报销"):
        rewards.save_claim(claim_data(clerk, None), today=TODAY)
    assert TravelClaim.select().count() == 0 and RewardPenalty.select().count() == 0


def test_a_claim_outside_its_approval_is_refused_saying_what(office):
    clerk, chief = office["clerk"], office["chief"]
    approval = approve(clerk)
    refusals = [
        (claim_data(clerk, approval, end_on=date(2026, 5, 7)),
         "报销的出差日期 2026-05-04 至 2026-05-07 超出审批的 2026-05-04 至 2026-05-06（刘主任 2026-04-28 审批）"),
        (claim_data(clerk, approval, start_on=date(2026, 5, 3)), "超出审批的 2026-05-04 至 2026-05-06"),
        (claim_data(clerk, approval, destination="南京"), "报销的出差地点“南京”与审批的“徐州”不符"),
        (claim_data(chief, approval), "这份出差审批是李科员的，不是王科长的"),
    ]
    for data, message in refusals:
        with pytest.raises(BadValue, match=message):
            rewards.save_claim(data, today=TODAY)
    assert TravelClaim.select().count() == 0
    claim = rewards.save_claim(claim_data(clerk, approval.id, destination=""), today=TODAY)  # the place from it
    assert claim.destination == "徐州" and claim.approval == approval
    with pytest.raises(BadValue, match="已经报销过"):
        rewards.save_claim(claim_data(clerk, approval), today=TODAY)
    with pytest.raises(BadValue, match="已按这份审批报销，不能删除"):
        rewards.delete_approval(approval)


def test_an_approval_comes_before_the_trip_and_a_day_is_paid_once(office):
    clerk = office["clerk"]
    with pytest.raises(BadValue, match="晚于出发日期 2026-05-04：出差应事前审批"):
        rewards.save_approval({"person": clerk, "destination": "徐州", "destination_class": B_CITY,
                               "start_on": date(2026, 5, 4), "end_on": date(2026, 5, 6), "purpose": "会议",
                               "approved_by": "刘主任", "approved_on": date(2026, 5, 5)}, today=TODAY)
    with pytest.raises(BadValue, match="没有“火星”的出差值勤标准"):
        approve(clerk, cls="火星")
    rewards.save_claim(claim_data(clerk, approve(clerk)), today=TODAY)
    second = approve(clerk, start=date(2026, 5, 6), end=date(2026, 5, 7))
    with pytest.raises(BadValue, match="已有 2026-05-04 至 2026-05-06 的出差报销，与这次的日期重叠"):
        rewards.save_claim(claim_data(clerk, second, start_on=date(2026, 5, 6), end_on=date(2026, 5, 7)), today=TODAY)


def test_the_per_diem_is_a_standard_with_an_effective_date(office):
    clerk = office["clerk"]
    rewards.save_standard({"destination_class": B_CITY, "rank_group": "其他人员", "accommodation": "330",
                           "meals": "100", "city_transport": "80", "effective_from": "2026-05-05"})
    early = rewards.check_claim(clerk, B_CITY, date(2026, 5, 4), date(2026, 5, 4), D("0"))
    late = rewards.check_claim(clerk, B_CITY, date(2026, 5, 5), date(2026, 5, 5), D("0"))
    assert (early.meals, late.meals) == (D("80.00"), D("100.00"))
    with pytest.raises(BadValue, match="市内交通费（元/天）不能为负"):
        rewards.save_standard({"destination_class": B_CITY, "rank_group": "县处级", "accommodation": "1",
                               "meals": "1", "city_transport": "-1", "effective_from": "2026-06-01"})


# ---------------------------------------------------------------- 财务管理
def test_finance_findings_are_posted_by_the_months_closing_once_and_taken_back_by_reopening(office):
    a, chief, clerk = office["a"], office["chief"], office["clerk"]
    receipts = rewards.save_finding({"found_on": date(2026, 4, 9), "rule": "finance_receipts", "person": clerk,
                                     "amount_involved": "1280.00", "description": "差旅费报销缺住宿发票"},
                                    today=TODAY)
    assert receipts.section == a  # the person's section, for the listing
    rewards.save_finding({"found_on": date(2026, 4, 20), "rule": "finance_over_budget", "section": a,
                          "amount_involved": "3500", "description": "会议费超年度预算"}, today=TODAY)
    with pytest.raises(BadValue, match="要写明责任人或责任科室"):
        rewards.save_finding({"found_on": date(2026, 4, 21), "rule": "finance_loan_overdue",
                              "description": "借款逾期"}, today=TODAY)
    with pytest.raises(BadValue, match="请选择财务管理规定"):
        rewards.save_finding({"found_on": date(2026, 4, 21), "rule": "goods_loss", "person": clerk,
                              "description": "x"}, today=TODAY)
    assert RewardPenalty.select().count() == 0  # nothing in the ledger before the closing
    posted = rewards.close_finance_month(2026, 4, today=TODAY)
    assert sorted((e["person"], e["amount"]) for e in posted) == [(chief.id, D("-100.00")), (clerk.id, D("-50.00"))]
    (entry,) = rewards.entries_of(clerk, 2026, 4)
    assert (entry.category, entry.source_table, entry.source_id) == ("财务管理", "finance_finding", receipts.id)
    assert entry.reason == "2026-04-09 报销单据不合规：差旅费报销缺住宿发票（涉及金额 1280.00 元）"
    with pytest.raises(BadValue, match="2026年4月的财务管理已经结账"):  # once
        rewards.close_finance_month(2026, 4, today=TODAY)
    with pytest.raises(BadValue, match="2026年4月的财务管理已结账，不能再登记财务检查"):
        rewards.save_finding({"found_on": date(2026, 4, 25), "rule": "finance_receipts", "person": chief,
                              "description": "发票抬头不符"}, today=TODAY)
    with pytest.raises(BadValue, match="由财务检查生成"):
        rewards.delete_entry(entry)
    with pytest.raises(BadValue, match="已结账，不能再删除财务检查"):
        rewards.delete_finding(receipts)
    assert rewards.bonus_sheet(2026, 4).open_domains == ["文印管理", "车辆油耗", "督查督办", "物品管理"]
    rewards.reopen_finance_month(2026, 4)
    assert RewardPenalty.select().count() == 0 and not MonthClose.select().exists()
    assert FinanceFinding.select().count() == 2  # the findings stay, to be corrected and closed again


def test_a_finance_closing_with_nobody_to_answer_writes_nothing(office):
    b = office["b"]  # 行政科 has no chief
    rewards.save_finding({"found_on": date(2026, 4, 9), "rule": "finance_receipts", "person": office["clerk"],
                          "description": "缺发票"}, today=TODAY)
    rewards.save_finding({"found_on": date(2026, 4, 10), "rule": "finance_loan_overdue", "section": b,
                          "description": "备用金逾期未还"}, today=TODAY)
    with pytest.raises(BadValue, match="2026-04-10 行政科"):
        rewards.close_finance_month(2026, 4, today=TODAY)
    assert RewardPenalty.select().count() == 0 and not MonthClose.select().exists()


def test_finance_rules_are_in_the_regulations_with_their_amounts_by_date(office):
    rows = {r.code: r for r in rewards.rule_table(date(2026, 5, 1))}
    assert (rows["finance_receipts"].category, rows["finance_receipts"].amount) == ("财务管理", D("-50.00"))
    rewards.set_rule("finance_receipts", "-80", "2026-04-15")
    rewards.save_finding({"found_on": date(2026, 4, 9), "rule": "finance_receipts", "person": office["clerk"],
                          "description": "缺发票"}, today=TODAY)
    rewards.save_finding({"found_on": date(2026, 4, 16), "rule": "finance_receipts", "person": office["clerk"],
                          "description": "白条入账"}, today=TODAY)
    amounts = [e["amount"] for e in rewards.finance_month_entries(2026, 4)]
    assert amounts == [D("-50.00"), D("-80.00")]  # each under the amount of its day


def test_report_finance_on_the_command_line_says_what_the_closing_posted(office):
    from tests import pg
    from tests.test_rewards_reports import _cli

    rewards.save_finding({"found_on": date(2026, 4, 9), "rule": "finance_receipts", "person": office["clerk"],
                          "amount_involved": "1280", "description": "差旅费报销缺住宿发票"}, today=TODAY)
    path = pg.cli_target()
    code, out, err = _cli("report", "finance", "--month", "2026-04", db=path)
    assert code == 0, err
    assert out.splitlines()[0] == "2026年4月 财务管理检查（未结账）：1 条"
    rewards.close_finance_month(2026, 4, today=TODAY)
    code, out, err = _cli("report", "finance", "--month", "2026-04", "--json", db=path)
    payload = json.loads(out)
    assert (payload["closed"], payload["posted_total"]) == (True, -50.0)
    assert payload["findings"][0]["posted"] == {"person": "李科员", "amount": -50.0}


# ---------------------------------------------------------------- the upgrade
@pytest.mark.sqlite_only("the frozen version 10 is an SQLite file")
def test_version_10_upgrades_keeping_its_claims_and_standards(tmp_path):
    path = tmp_path / "v10.db"
    con = sqlite3.connect(path)
    con.executescript((Path(__file__).parent / "data" / "schema_v10.sql").read_text(encoding="utf-8"))
    con.close()
    handle = db.open_database(path)
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION >= migrations.FINANCE_AND_TRAVEL
        claim = TravelClaim.get()  # an old claim: no approval, nothing paid per day recorded
        assert (claim.approval, claim.city_transport, claim.verdict, claim.meals) == (None, D("0.00"), "", D("300.00"))
        assert rewards.standards()[0].city_transport == D("0.00")
        assert {"travel_approval", "finance_finding"} <= set(handle.get_tables())
        assert handle.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close_database()
