"""奖惩与奖金 services, one module per rule family: ledger (the reward/penalty ledger), regulations
(奖惩规定 as listed), travel (出差值勤标准, 出差审批 and claims), finance (财务管理), goods (物品管理),
bonus (奖金核算表 and 定稿) and savings (珍惜每一分钱).  Callers keep ``from govoffice_desktop.services import rewards``."""
from __future__ import annotations

from govoffice_desktop.services.rewards.ledger import (  # noqa: F401
    CENT, ZERO, GONE, _month_bounds, month_is_final, domain_closed, not_final, AUTO_SOURCES, SOURCE_LABELS,
    add_entry, delete_entry, entry_by_id, entry_listing, entries_of)
from govoffice_desktop.services.rewards.regulations import (  # noqa: F401
    rule_amount, set_rule, NON_NEGATIVE, RuleRow, rule_table)
from govoffice_desktop.services.rewards.travel import (  # noqa: F401
    rank_group, save_standard, delete_standard, standards, destination_classes, standard_for, ClaimCheck,
    check_claim, CLAIM_SOURCE, claim_deduction, save_approval, delete_approval, approval_by_id, approvals_open,
    approval_listing, save_claim, delete_claim, claim_by_id, claim_listing)
from govoffice_desktop.services.rewards.finance import (  # noqa: F401
    FINANCE_SOURCE, finance_rules, save_finding, delete_finding, finding_by_id, findings_of, finance_month_entries,
    finance_posted, FINANCE_CLOSING, close_finance_month, reopen_finance_month, finance_report,
    finding_listing)
from govoffice_desktop.services.rewards.goods import (  # noqa: F401
    save_item, stock_of, StockRow, stock_list, GOODS_LOSS_SOURCE, move_goods, delete_movement,
    movement_by_id, movement_listing, set_budget, SectionUse, section_use, GOODS_BUDGET_SOURCE,
    goods_month_entries, GOODS_CLOSING, close_goods_month, reopen_goods_month)
from govoffice_desktop.services.rewards.bonus import (  # noqa: F401
    save_base, bases, SheetLine, BonusSheet, DOMAINS_TO_CLOSE, open_domains, bonus_sheet, finalise_month,
    reopen_month, bonus_months, bonus_report)
from govoffice_desktop.services.rewards.savings import (  # noqa: F401
    savings)
