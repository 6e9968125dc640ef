"""督查督办: the tab (tab.py) and one module per page: tasks_page, daily_page, month_page, logs_page."""
from govoffice_desktop.ui.supervision.tab import SupervisionTab

__all__ = ["SupervisionTab"]
