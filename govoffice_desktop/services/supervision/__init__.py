"""督查督办 services, one module per rule family: targets (督查目标), checks (日常督查 and scores),
tasks (督办事项), meetings (会议, 电话 logs and the campaigns' report), closing (督查结账) and report
(考核督查专报), over common.  Callers keep ``from govoffice_desktop.services import supervision``."""
from __future__ import annotations

from govoffice_desktop.services.supervision.common import (  # noqa: F401
    FULL_MARKS, CENT, GONE, CATEGORY, _month_bounds, parse_month)
from govoffice_desktop.services.supervision.targets import (  # noqa: F401
    targets_of, target_years, target_by_id, save_target, copy_targets, delete_target)
from govoffice_desktop.services.supervision.checks import (  # noqa: F401
    CheckValue, _check_value, _applies, record_check, delete_check, check_by_id, checked_sections, DayGrid,
    day_grid, save_day, check_listing, daily_scores, SectionMonth, month_scores, checked_months, day_score,
    MONTH_SCORE_KEY, MONTH_SCORE_LABELS, MONTH_SCORE_RULES, month_score_method, set_month_score_method)
from govoffice_desktop.services.supervision.tasks import (  # noqa: F401
    DUE_SOON_DAYS, GREEN, YELLOW, RED, DONE, WITHDRAWN, LIGHT_CODES, task_light, task_listing, task_by_id,
    progress_of, save_task, add_progress, complete_task, withdraw_task, reopen_task, task_row, tasks_report,
    tasks_needing_attention)
from govoffice_desktop.services.supervision.meetings import (  # noqa: F401
    log_meeting, log_call, meeting_by_id, call_by_id, meeting_listing, call_listing, CAMPAIGN_NAMES,
    campaigns_report)
from govoffice_desktop.services.supervision.closing import (  # noqa: F401
    SUPERVISION_SOURCE, SupervisionEntry, supervision_month_entries, CLOSING, supervision_month_state,
    close_supervision_month, reopen_supervision_month)
from govoffice_desktop.services.supervision.report import (  # noqa: F401
    OFFICE_NAME_KEY, DEFAULT_OFFICE_NAME, office_name, set_office_name, report_of, default_summary,
    compile_report, NOTABLE, supervision_report, issues_of, report_differs,
    issue_figures)
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask, SupervisionTarget  # noqa: F401  (as before)
