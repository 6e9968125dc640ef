"""督查督办: targets, daily checks, monthly reports, supervised tasks, meeting and phone logs."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, DateTimeField, ScaledDecimalField, enum_check
from govoffice_desktop.models.staff import Person, Section

TARGET_KINDS = ("共性目标", "个体目标")
# How a section's monthly score is made (the setting 月度得分): 汇总 — 100 − the month's deductions + the
# month's bonus points (the default: 每月将考核督查情况汇总); 日均 — the mean of its daily scores.
MONTH_BY_SUM = "汇总"
MONTH_BY_MEAN = "日均"
MONTH_SCORE_METHODS = (MONTH_BY_SUM, MONTH_BY_MEAN)
TASK_SOURCES = ("领导交办", "重点难点", "突发事件", "调研课题")
TASK_OPEN = "办理中"
TASK_DONE = "已办结"
TASK_WITHDRAWN = "已撤销"
TASK_STATUSES = (TASK_OPEN, TASK_DONE, TASK_WITHDRAWN)


class SupervisionTarget(BaseModel):
    """共性目标 (everyone) or 个体目标 (one section), in the set of a year."""

    year = pw.IntegerField()
    kind = pw.CharField(max_length=4, constraints=[enum_check("kind", TARGET_KINDS)])
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="targets")
    name = pw.CharField(max_length=60)
    points = ScaledDecimalField(1, default=1)  # deducted when missed
    method = pw.CharField(max_length=100, default="")  # 考核方法
    sort_order = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)

    class Meta:
        constraints = [pw.SQL("CHECK ((kind = '共性目标' AND section_id IS NULL) OR (kind = '个体目标' AND section_id IS NOT NULL))")]
        indexes = ((("year", "section", "name"), True),)


class DailyCheck(BaseModel):
    """One supervisor's check of one target in one section (and person) on one day."""

    checked_on = DateField(index=True)
    section = pw.ForeignKeyField(Section, on_delete="RESTRICT", backref="checks")
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="checks")
    target = pw.ForeignKeyField(SupervisionTarget, on_delete="RESTRICT", backref="checks")
    met = pw.BooleanField(default=True)
    deduction = ScaledDecimalField(1, default=0, constraints=[pw.Check("deduction >= 0")])
    bonus = ScaledDecimalField(1, default=0, constraints=[pw.Check("bonus >= 0")])
    remark = pw.TextField(default="")  # the qualitative note beside the number
    supervisor = pw.CharField(max_length=30, default="")

    class Meta:
        indexes = ((("checked_on", "section", "person", "target"), True),)


class SupervisionReport(BaseModel):
    """考核督查专报 as issued, numbered 第N期 within its month's year: its figures stored with it
    (``figures``, every section as printed), so that a reprint gives the same pages.  A month has
    one issue, and a later correction (更正) of it has its own number and names the 期 it corrects."""

    year = pw.IntegerField()
    month = pw.IntegerField(constraints=[pw.Check("month BETWEEN 1 AND 12")])
    number = pw.IntegerField()
    compiled_on = DateField()
    summary = pw.TextField(default="")
    compiled_by = pw.CharField(max_length=30, default="")
    figures = pw.TextField(null=True)  # JSON (services/issued.py); NULL: issued before the figures were kept
    corrects = pw.IntegerField(null=True)  # the 期号 (same year) this issue corrects

    class Meta:
        indexes = ((("year", "month"), False), (("year", "number"), True))


class SupervisedTask(BaseModel):
    """督办事项: an issue assigned to a named person with a deadline."""

    source = pw.CharField(max_length=4, constraints=[enum_check("source", TASK_SOURCES)])
    title = pw.CharField(max_length=200)
    requirement = pw.TextField(default="")
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="tasks")
    person_name = pw.CharField(max_length=30, default="")
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="tasks")
    assigned_on = DateField()
    deadline = DateField(index=True)
    status = pw.CharField(max_length=4, default=TASK_OPEN, constraints=[enum_check("status", TASK_STATUSES)])
    completed_on = DateField(null=True)
    result = pw.TextField(default="")

    class Meta:
        constraints = [pw.SQL("CHECK (deadline >= assigned_on)")]


class TaskProgress(BaseModel):
    task = pw.ForeignKeyField(SupervisedTask, on_delete="CASCADE", backref="progress")
    noted_on = DateField()
    note = pw.TextField()
    noted_by = pw.CharField(max_length=30, default="")


class MeetingLog(BaseModel):
    """百次会议无失误: each meeting served, with any slip."""

    held_on = DateField(index=True)
    title = pw.CharField(max_length=200)
    section = pw.ForeignKeyField(Section, null=True, on_delete="SET NULL", backref="meetings")
    slip = pw.BooleanField(default=False)  # 失误
    note = pw.TextField(default="")


class PhoneLog(BaseModel):
    """百次电话无差错: each call handled, with any error."""

    called_at = DateTimeField(index=True)
    caller = pw.CharField(max_length=60, default="")
    subject = pw.CharField(max_length=200, default="")
    handled_by = pw.ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="calls")
    error = pw.BooleanField(default=False)  # 差错
    note = pw.TextField(default="")


MODELS = [SupervisionTarget, DailyCheck, SupervisionReport, SupervisedTask, TaskProgress, MeetingLog, PhoneLog]
