"""Every model of the office, and what each table is called in the office's words."""
from govoffice_desktop.models import (campaigns, documents, fleet, ratings, rewards, run_subtotals, settings, staff,
                                      supervision, typing_pool, users)
from govoffice_desktop.models.base import AuditLog

ALL_MODELS = [AuditLog, *staff.MODELS, *typing_pool.MODELS, *fleet.MODELS, *ratings.MODELS,
              *supervision.MODELS, *rewards.MODELS, *settings.MODELS, *users.MODELS,
              *campaigns.MODELS, *documents.MODELS, *run_subtotals.MODELS]

# What each table is called in the office's words (for reports, the CLI and the audit viewer).
TABLE_LABELS = {
    "audit_log": "审计日志", "section": "科室", "section_merge": "科室合署", "person": "人员档案",
    "person_move": "人员调动", "rank_record": "定职定级", "candidate": "拟调人员", "candidate_veto": "四个不调",
    "training": "学习培训", "reading_record": "读书记录", "responsibility_contract": "责任状",
    "contract_target": "责任目标", "housing_request": "住房", "family_placement": "家属安置",
    "typing_log": "文印登记", "speed_test": "打字速度测试", "typing_standard": "文印标准",
    "vehicle": "车辆", "refuel": "加油", "trip": "出车", "incident": "事故违章",
    "rating_period": "评议期", "grade_scale": "评议等次表", "grade": "评议等次", "criterion": "评议项目",
    "rater_group": "评议组", "ballot": "评议表", "ballot_mark": "评议表勾选", "tally": "评议票数",
    "explanation": "说明情况", "supervision_target": "督查目标", "daily_check": "日常督查",
    "supervision_report": "考核督查专报", "supervised_task": "督办事项", "task_progress": "督办进展",
    "meeting_log": "会议记录", "phone_log": "电话记录", "reward_penalty": "奖惩", "reward_rule": "奖惩规定",
    "bonus_base": "奖金基数", "bonus_month": "奖金月份", "month_close": "月结", "setting": "设置",
    "travel_standard": "出差值勤标准", "travel_claim": "出差值勤报销", "goods_item": "办公用品",
    "goods_movement": "物品出入库", "section_budget": "科室用品预算", "bonus_line": "奖金核算表（定稿）",
    "travel_approval": "出差审批", "finance_finding": "财务检查",
    "user": "用户", "data_export": "个人信息导出记录", "database": "数据库",
    "campaign_reach": "“四无”活动达标记录", "run_subtotal": "“四无”活动月度小计",
    "holiday": "节假日安排", "holiday_year": "节假日安排（年度）", "time_limit_rule": "办理时限规定",
    "incoming_document": "收文", "incoming_step": "收文办理过程", "circulation": "传阅",
    "outgoing_document": "发文", "urge": "催办",
}
