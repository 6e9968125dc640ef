"""Each audited table's fields in the office's words, and a stored reference shown as the record's
name (人员 41 → 张三, 科室, 车辆 → its plate), for the audit log.

The labels are written here, shared by field name (``COMMON``) with a table's own word where it
differs (``BY_TABLE``; for the tables a ledger fills, the words of its columns in
``data/ledger_fields.json``).  Services sit below the ledgers, so the file's labels are not read
from the ledgers layer."""
from __future__ import annotations

import peewee as pw

# Field names that mean the same in every table.
COMMON = {
    "name": "名称", "note": "备注", "notes": "备注", "remark": "备注", "remarks": "备注", "person": "人员",
    "section": "科室", "vehicle": "车辆", "driver": "驾驶员", "driver_name": "驾驶员姓名", "typist": "打字员",
    "typist_name": "打字员姓名", "year": "年度", "month": "月份", "quarter": "季度", "amount": "金额（元）",
    "status": "状态", "kind": "类别", "title": "标题", "sort_order": "排序", "active": "启用",
    "doc_number": "文号", "period": "评议期", "direction": "评议方向", "criterion": "评议项目", "grade": "等次",
    "group": "评议组", "points": "分值", "rank": "职级", "post": "职务", "previous_rank": "原职级",
    "source_unit": "原单位", "gender": "性别", "birth": "出生日期", "education": "学历", "source": "来源",
    "unit": "单位", "unit_price": "单价（元）", "effective_from": "起用日期", "destination": "目的地",
    "destination_class": "目的地类别", "purpose": "事由", "start_on": "起始日期", "end_on": "结束日期",
    "approved_by": "批准人", "approved_on": "批准日期", "entered_by": "录入人", "entered_at": "录入时间",
    "description": "情况", "result": "结果", "requested_on": "申请日期", "settled_on": "解决日期",
    "accommodation": "住宿费（元）", "meals": "伙食补助（元）", "transport": "交通费（元）",
    "city_transport": "市内交通费（元）", "figures": "数据", "closed_at": "结账时间", "closed_by": "结账人",
    "fuel_type": "燃油类型", "odometer": "里程表读数", "weight": "权重", "scale": "等次表", "label": "等次名称",
    "key": "设置项", "value": "设置值", "item": "物品", "quantity": "数量", "who": "操作人", "at": "时间",
    "person_name": "人员姓名", "merge": "科室合署", "deduction": "扣分", "bonus": "加分", "votes": "票数",
    "chief": "科长", "phone": "联系电话", "id_number": "身份证号", "created_on": "设立日期",
}

# A table's own words, where a field name means something else there (or is the table's alone).
BY_TABLE = {
    "audit_log": {"table": "表", "row_id": "记录号", "action": "操作", "before": "修改前", "after": "修改后",
                  "hash": "校验值"},
    "section": {"name": "科室名称", "duties": "职责", "merged_into": "并入科室"},
    "section_merge": {"source": "并出科室", "target": "并入科室", "merged_on": "合署日期", "people_moved": "转入人数"},
    "person": {"name": "姓名", "ethnicity": "民族", "native_place": "籍贯", "political_status": "政治面貌",
               "major": "专业", "expertise": "特长", "joined_on": "进入本单位日期", "entry_kind": "进入方式",
               "out_of_town": "外地", "is_typist": "打字员", "is_driver": "驾驶员", "licence_no": "驾驶证号",
               "licence_expiry": "驾驶证有效期至", "status": "在岗状态"},
    "person_move": {"moved_on": "调动日期", "from_section": "调出科室", "to_section": "调入科室", "reason": "原因"},
    "rank_record": {"decided_on": "定级日期", "period_start": "任职起", "period_end": "任职止", "performance": "考核情况",
                    "early": "提前定级", "early_reason": "提前原因"},
    "candidate": {"name": "姓名", "current_post": "现职务", "current_rank": "现职级", "recommended_on": "推荐日期",
                  "recommendation": "推荐意见", "inspected_on": "考察日期", "inspection": "考察意见", "decision": "决定",
                  "decided_on": "决定日期", "decision_reason": "决定理由", "person": "调入后档案"},
    "candidate_veto": {"candidate": "拟调人员", "veto": "不调情形", "evidence": "依据", "recorded_on": "记录日期"},
    "training": {"started_on": "开始日期", "ended_on": "结束日期", "hours": "学时"},
    "reading_record": {"title": "书名", "finished_on": "读完日期", "shared_on": "交流日期"},
    "responsibility_contract": {"level": "层级", "parent": "上级责任状", "signed_on": "签订日期", "signed_by": "签订人",
                                "half_assessed_on": "半年考核日期", "year_assessed_on": "年终考核日期"},
    "contract_target": {"contract": "责任状", "title": "目标", "measure": "措施", "due_on": "完成期限",
                        "achieved": "已完成", "assessed_on": "考核日期", "assessment": "考核意见",
                        "half_score": "半年得分", "year_score": "年终得分"},
    "housing_request": {"need": "住房需求", "address": "地址"},
    "family_placement": {"relative_name": "家属姓名", "relation": "关系", "current_unit": "现单位",
                         "placed_unit": "安置单位"},
    "typing_standard": {"min_speed": "最低速度（字/分）", "max_errors_per_10k": "万字差错上限",
                        "deduction_per_error": "每处差错扣款（元）", "speed_fail_deduction": "速度不达标扣款（元）",
                        "monthly_cap": "每月扣款上限（元）", "chars_per_page": "每页字数"},
    "trip": {"trip_date": "出车日期", "requested_by": "用车人", "departed_at": "出车时间", "returned_at": "返回时间",
             "odometer_start": "出车里程表", "odometer_end": "返回里程表", "distance_km": "行驶里程（公里）",
             "requested_by_section": "用车科室"},
    "vehicle": {"plate": "车牌号", "brand_model": "品牌型号", "purchased_on": "购置日期", "fuel_quota": "油耗定额（升/百公里）",
                "inspection_due": "年检到期", "insurance_due": "保险到期", "service_due": "保养到期"},
    "rating_period": {"opened_on": "开始日期", "closed_on": "结束日期"},
    "grade_scale": {"name": "等次表名称"},
    "grade": {"points": "分数"},
    "criterion": {"name": "项目名称"},
    "rater_group": {"name": "评议组名称", "sheets_printed": "已印评议表张数", "first_serial": "起始编号",
                    "rates": "评议对象", "grassroots": "基层评议组"},
    "ballot": {"serial": "评议表编号", "void": "作废", "void_reason": "作废原因"},
    "ballot_mark": {"ballot": "评议表"},
    "explanation": {"rank": "名次", "due_on": "应交日期", "received_on": "收到日期", "text": "说明内容",
                    "outcome": "处理结果"},
    "supervision_target": {"name": "目标名称", "method": "考核办法"},
    "daily_check": {"checked_on": "督查日期", "met": "是否达标", "target": "督查目标", "supervisor": "督查人"},
    "supervision_report": {"number": "期号", "compiled_on": "编发日期", "summary": "摘要", "compiled_by": "编发人",
                           "corrects": "更正"},
    "task_progress": {"task": "督办事项", "noted_on": "记录日期", "note": "进展", "noted_by": "记录人"},
    "meeting_log": {"held_on": "开会日期", "title": "会议名称", "slip": "差错"},
    "phone_log": {"called_at": "来电时间", "caller": "来电人", "subject": "事由", "handled_by": "经办人",
                  "error": "差错"},
    "reward_penalty": {"entry_date": "日期", "category": "类别", "reason": "事由", "source_table": "来源表",
                       "source_id": "来源记录号"},
    "reward_rule": {"category": "类别", "code": "代码", "name": "项目名称", "unit": "计算单位"},
    "bonus_base": {"post_or_rank": "职务或职级", "amount": "奖金基数（元）"},
    "bonus_month": {"final": "已定稿", "finalised_at": "定稿时间", "finalised_by": "定稿人"},
    "month_close": {"domain": "业务", "closed_at": "月结时间", "closed_by": "月结人"},
    "travel_standard": {"rank_group": "职级组"},
    "travel_approval": {},
    "travel_claim": {"allowed": "核定金额（元）", "over": "超标金额（元）", "claimed_on": "报销日期",
                     "approval": "出差审批", "verdict": "审核意见"},
    "goods_item": {"name": "物品名称", "min_stock": "最低库存"},
    "goods_movement": {"moved_on": "日期", "kind": "出入库"},
    "section_budget": {"monthly_amount": "每月额度（元）"},
    "bonus_line": {"bonus_month": "奖金月份", "section_name": "科室", "base": "基数（元）", "rewards": "奖励（元）",
                   "deductions": "扣减（元）", "total": "实发（元）", "floor_applied": "按保底发放"},
    "finance_finding": {"found_on": "检查日期", "rule": "违反规定", "amount_involved": "涉及金额（元）"},
    "typing_log": {"typed_on": "日期", "pages": "页数", "characters": "字数", "errors": "差错", "wrong_char": "错字",
                   "missing_char": "漏字", "extra_char": "多字", "punctuation": "标点", "formatting": "格式",
                   "errors_after_issue": "其中印发后发现", "proofreader": "校对人",
                   "outgoing": "所属发文"},
    "speed_test": {"tested_on": "测试日期", "characters": "字数", "minutes": "用时（分钟）", "errors": "差错"},
    "refuel": {"filled_at": "加油时间", "litres": "加油量（升）", "full_tank": "是否加满", "missed_previous": "上次漏记",
               "station": "加油站", "card_no": "油卡号", "receipt_no": "票据号"},
    "incident": {"occurred_on": "日期", "responsibility": "责任", "damage_cost": "损失（元）", "fine": "罚款（元）",
                 "location": "地点"},
    "supervised_task": {"requirement": "办理要求", "assigned_on": "交办日期", "deadline": "办结时限", "completed_on": "办结日期"},
    "user": {"name": "用户名", "full_name": "姓名", "role": "角色", "password_hash": "密码",
             "failed_logins": "连续输错次数", "locked_until": "锁定至", "created_at": "创建时间",
             "last_login": "最近登录"},
    "data_export": {"at": "导出时间", "what": "导出内容", "destination": "去向", "rows": "行数",
                    "full_ids": "含完整证件号"},
    "campaign_reach": {"campaign": "活动", "subject": "对象", "name": "对象名称", "reached_on": "达标日期",
                       "run_from": "起算日期", "figure": "数值", "reward": "奖励（元）", "closed_in": "计入月份",
                       "recorded_at": "记录时间", "recorded_by": "记录人"},
    "run_subtotal": {"ledger": "台账", "runner_id": "对象", "runner_name": "对象名称", "month": "月份",
                     "amount": "小计", "row_count": "记录数"},
    # 文电办理
    "holiday": {"day": "日期", "kind": "安排", "name": "节日", "source": "来源"},
    "holiday_year": {"confirmed_on": "确认日期", "confirmed_by": "确认人", "notice": "依据（国务院办公厅通知）"},
    "time_limit_rule": {"urgency": "紧急程度", "working_days": "办理时限（工作日）"},
    "incoming_document": {"serial": "收文序号", "received_on": "收文日期", "source_unit": "来文单位",
                          "source_ref": "来文字号", "copies": "份数", "urgency": "紧急程度", "secrecy": "密级",
                          "registered_by": "登记人", "proposal": "拟办意见", "proposed_by": "拟办人",
                          "instruction": "领导批示", "instructed_by": "批示领导", "instructed_on": "批示日期",
                          "section": "承办科室", "handler": "承办人", "handler_name": "承办人姓名",
                          "limit_days": "办理时限（工作日）", "deadline": "办理时限", "deadline_note": "时限说明",
                          "done_on": "办结日期", "result": "办理结果", "task": "督办事项",
                          "void_reason": "作废原因", "archive_no": "档号", "filed_on": "归档日期"},
    "incoming_step": {"document": "收文", "noted_on": "日期", "note": "办理情况", "noted_by": "记录人"},
    "circulation": {"document": "收文", "reader": "传阅领导", "reader_name": "传阅领导姓名", "sent_on": "送阅日期",
                    "read_on": "阅退日期"},
    "outgoing_document": {"prefix": "发文代字", "serial": "发文序号", "section": "拟稿科室", "drafter": "拟稿人",
                          "drafter_name": "拟稿人姓名", "drafted_on": "拟稿日期", "reviewer": "核稿人",
                          "signer": "签发人", "signed_on": "签发日期", "printed_on": "印发日期", "copies": "印发份数",
                          "main_to": "主送", "copy_to": "抄送", "publicity": "公开属性", "urgency": "紧急程度",
                          "void_reason": "作废原因", "registered_by": "登记人"},
    "urge": {"issued_on": "催办日期", "document": "收文", "task": "督办事项", "deadline": "办理时限",
             "working_days_over": "已超期（工作日）", "reply_by": "要求办结日期", "issued_by": "催办人"},
}


def models() -> dict:
    """table name → model, for every table of the office."""
    from govoffice_desktop.models.tables import ALL_MODELS
    return {m._meta.table_name: m for m in ALL_MODELS}


def _field(table: str, key: str) -> pw.Field | None:
    """The model field stored under ``key`` (a field's name, or its column: ``driver_id``)."""
    model = models().get(table)
    if model is None:
        return None
    fields = model._meta.fields
    if key in fields:
        return fields[key]
    return next((f for f in fields.values() if f.column_name == key), None)


def label(table: str, key: str) -> str | None:
    """The field's name in the office's words, or None when none is known."""
    field = _field(table, key)
    name = field.name if field is not None else key
    for source in (BY_TABLE.get(table, {}), COMMON):
        if name in source:
            return source[name]
    return None


# What a record is called, in the order looked for, by the table it is in.
NAMING = ("name", "plate", "title", "label", "full_name")


def record_name(table: str, key: str, value) -> str | None:
    """A stored reference shown as the record's name: 人员 41 → the person's name, a 科室 its name,
    a 车辆 its plate; 「编号 41（已删除）」 when the record is gone; None when ``key`` is no reference."""
    field = _field(table, key)
    if not isinstance(field, pw.ForeignKeyField) or value in (None, ""):
        return None
    target = field.rel_model
    try:
        row = target.get_or_none(target._meta.primary_key == value)
    except (pw.PeeweeException, ValueError, TypeError):
        row = None
    if row is None:
        return f"编号 {value}（已删除）"
    for attr in NAMING:
        if attr in target._meta.fields and getattr(row, attr, None):
            return str(getattr(row, attr))
    return _unnamed(row, value)


def _unnamed(row, value) -> str:
    """A record without a name of its own: 评议期 2026年第四季度, 奖金 2026年12月, 评议表 第12号, …"""
    from govoffice_desktop.models.tables import TABLE_LABELS
    from govoffice_desktop.texts import month_text, quarter_text
    table = row._meta.table_name
    if table == "rating_period":
        return quarter_text(row.year, row.quarter)
    if table == "bonus_month":
        return month_text(row.year, row.month)
    if table == "ballot":
        return f"评议表 第{row.serial}号"
    return f"{TABLE_LABELS.get(table, table)} {value}"
