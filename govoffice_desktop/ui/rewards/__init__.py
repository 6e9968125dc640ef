"""奖惩与奖金: the tab (tab.py) and one module per page: sheet_page (奖金核算表), ledger_page (奖惩台账),
rules_page (奖惩规定), travel_page (出差值勤), goods_page (物品管理)."""
from govoffice_desktop.ui.rewards.tab import RewardsTab

__all__ = ["RewardsTab"]
