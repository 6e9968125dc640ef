"""奖惩规定 as the 奖惩与奖金 page lists them: every rule with its amount in force and its dated
history (the registry and the amounts by date are in services/rules.py)."""
from __future__ import annotations

from govoffice_desktop.models.rewards import (CAT_DRIVING, CAT_FINANCE, CAT_FUEL, CAT_GOODS, CAT_OTHER,
                                              CAT_SUPERVISION, CAT_TRAVEL, CAT_TYPING)
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from govoffice_desktop.models.rewards import RewardRule
from govoffice_desktop.services import rules, typing_pool


# ================================================================ the rules (奖惩规定)
rule_amount, set_rule, NON_NEGATIVE = rules.rule_amount, rules.set_rule, rules.NON_NEGATIVE  # services/rules.py

# The order the regulations are listed in: the typing pool's (from its standard) first, then the
# 后勤保障 rules in the article's own order — “就财务管理、物品管理、出差值勤标准控制、车辆燃料和行车安全等
# 作出了具体的奖惩规定” — then 督查 and the rest.
RULES_ORDER = (CAT_TYPING, CAT_FINANCE, CAT_GOODS, CAT_TRAVEL, CAT_FUEL, CAT_DRIVING, CAT_SUPERVISION, CAT_OTHER)


@dataclass
class RuleRow:
    code: str
    category: str
    name: str
    amount: Decimal
    unit: str
    effective_from: date | None  # None: the default, never set
    history: list[tuple[date, Decimal]] = field(default_factory=list)
    editable: bool = True
    note: str = ""


def rule_table(on: date | None = None) -> list[RuleRow]:
    """Every rule with the amount in force on ``on`` and its dated history; the typing pool's
    deductions come from its standard (文印管理 → 标准) and are listed here too."""
    on = on or date.today()
    rows = []
    for code, (category, name, default, unit) in rules.catalogue().items():
        history = [(r.effective_from, r.amount) for r in RewardRule.select().where(RewardRule.code == code)
                   .order_by(RewardRule.effective_from)]
        current = [h for h in history if h[0] <= on]
        rows.append(RuleRow(code, category, name, current[-1][1] if current else default, unit,
                            current[-1][0] if current else None, history))
    std = typing_pool.standard_on(on)
    note = "在“文印管理 → 标准”中修改"
    rows[:0] = [RuleRow("typing_error", CAT_TYPING, f"差错超过每万字{std.max_errors_per_10k}个，每个扣减", -std.deduction_per_error,
                        "个", std.effective_from, editable=False, note=note),
                RuleRow("typing_speed", CAT_TYPING, f"打字速度低于{std.min_speed}字/分扣减", -std.speed_fail_deduction, "次",
                        std.effective_from, editable=False, note=note),
                RuleRow("typing_cap", CAT_TYPING, "文印每月扣减上限", -std.monthly_cap, "月", std.effective_from,
                        editable=False, note=note)]
    order = {c: i for i, c in enumerate(RULES_ORDER)}
    rows.sort(key=lambda r: order.get(r.category, 99))
    return rows
