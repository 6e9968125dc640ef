"""奖惩规定: the registry of the rules every closing applies (code → category, name, default
amount, unit) and their amounts by date.  Below every domain: 车辆, 督查, 物品管理 and the bonus
sheet read an amount here; none of them is needed to know one.

A rule's amount from a date: the months before keep the amount of their time, and a date inside a
month whose bonus sheet is final is refused.
"""
from __future__ import annotations

from govoffice_desktop.models.rewards import (CAT_DRIVING, CAT_FINANCE, CAT_FUEL, CAT_GOODS, CAT_SUPERVISION,
                                              CAT_TRAVEL, CAT_TYPING)
from datetime import date
from decimal import Decimal

from govoffice_desktop.models.rewards import RewardRule
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.validation import BadValue, a_date, a_number

FUEL_RULES = {  # code → (category, name, default amount, unit): 车辆 (fuel and safety)
    "fuel_saved": (CAT_FUEL, "节约燃油奖励（每升）", Decimal("2.00"), "升"),
    "fuel_over": (CAT_FUEL, "超定额用油扣款（每升）", Decimal("-2.00"), "升"),
    "accident_at_fault": (CAT_DRIVING, "有责事故扣款（每起）", Decimal("-200.00"), "起"),
    "violation": (CAT_DRIVING, "违章扣款（每起）", Decimal("-50.00"), "起"),
    "driving_campaign_reward": (CAT_DRIVING, "万里行车无事故表彰（驾驶员每达成一次）", Decimal("0.00"), "次"),
}
FINANCE_RULES = {  # code → (category, name, default amount, unit): 财务管理, what a finance finding is recorded under
    "finance_receipts": (CAT_FINANCE, "报销单据不合规（每次，扣经办人）", Decimal("-50.00"), "次"),
    "finance_over_budget": (CAT_FINANCE, "超预算支出（每次，扣责任人或科室负责人）", Decimal("-100.00"), "次"),
    "finance_loan_overdue": (CAT_FINANCE, "借款逾期未还（每笔，扣借款人）", Decimal("-50.00"), "笔"),
}
RULES = {  # code → (category, name, default amount, unit): every rule the office's closings apply
    **FINANCE_RULES,
    **FUEL_RULES,
    "typing_campaign_reward": (CAT_TYPING, "万页文稿无差错表彰（打字员每达成一次）", Decimal("0.00"), "次"),
    "check_deduction": (CAT_SUPERVISION, "考核督查每扣1分扣减奖金", Decimal("-20.00"), "分"),
    "check_bonus": (CAT_SUPERVISION, "考核督查每加1分奖励", Decimal("20.00"), "分"),
    "task_overdue": (CAT_SUPERVISION, "督办事项逾期（每件，扣责任人）", Decimal("-50.00"), "件"),
    "document_overdue": (CAT_SUPERVISION, "收文办理逾期（每件，扣承办人，未定承办人的扣承办科室负责人）", Decimal("-20.00"), "件"),
    "travel_over": (CAT_TRAVEL, "出差、值勤超标准开支（每次另扣）", Decimal("-50.00"), "次"),
    # the part of a receipt above the standard is not paid (the claim is cut to the standard): by default
    # nothing more is taken back from the bonus than the rule travel_over
    "travel_over_excess": (CAT_TRAVEL, "超标准部分（已不予报销）另从奖金中扣回的比例（0 为不再扣回）", Decimal("0.00"), "倍"),
    "goods_over_budget": (CAT_GOODS, "科室月度领用超预算（每次，扣科室负责人）", Decimal("-50.00"), "次"),
    "goods_loss": (CAT_GOODS, "公物损坏丢失（每次，扣责任人）", Decimal("-50.00"), "次"),
    "bonus_floor": ("其他", "月度奖金保底（不低于）", Decimal("0.00"), "元"),
}
NON_NEGATIVE = ("travel_over_excess", "bonus_floor")  # a ratio and a floor, not a reward or deduction
REWARDS_ONLY = ("typing_campaign_reward", "driving_campaign_reward")  # a 表彰: 0 (off, the default) or more


def catalogue() -> dict[str, tuple[str, str, Decimal, str]]:
    """code → (category, name, default amount, unit): every rule the office's closings apply."""
    return dict(RULES)


def rule_amount(code: str, on: date) -> Decimal:
    """The amount of a rule in force on a day, or its default when none was ever set."""
    if code not in RULES:
        raise BadValue(f"不认识的奖惩规定：{code}")
    rule = (RewardRule.select().where(RewardRule.code == code, RewardRule.effective_from <= on)
            .order_by(RewardRule.effective_from.desc()).first())
    return rule.amount if rule else RULES[code][2]


@requires("rewards.rules")
def set_rule(code: str, amount, effective_from) -> RewardRule:
    """A rule's amount from a date: the months before keep the amount of their time.  A date inside
    a month whose bonus sheet is final is refused."""
    if code not in RULES:
        raise BadValue(f"不认识的奖惩规定：{code}")
    category, name, default, unit = RULES[code]
    day = a_date(effective_from, "执行日期", required=True)
    value = a_number(amount, name, places=2)
    if value is None:
        raise BadValue(f"{name}不能为空")
    if code in NON_NEGATIVE:
        if value < 0:
            raise BadValue(f"{name}不能为负")
    elif (default > 0 or code in REWARDS_ONLY) and value < 0 or (default < 0 and value > 0):
        raise BadValue(f"{name}应为{'扣款（负数）' if default < 0 else '奖励（正数）'}，或 0 表示不执行")
    final = months.first_final_from(day)
    if final is not None:
        raise BadValue(f"{final.year}年{final.month}月的奖金表已定稿，新规定只能从之后的日期起执行")
    rule = RewardRule.get_or_none(RewardRule.code == code, RewardRule.effective_from == day) or \
        RewardRule(code=code, effective_from=day)
    rule.category, rule.name, rule.amount, rule.unit = category, name, value, unit
    rule.save()
    return rule
