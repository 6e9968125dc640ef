"""文电办理: the registers of documents in (收文) and out (发文), their handling and time limits.

The steps of 收文办理 are those of the 党政机关公文处理工作条例: 签收、登记 (a 收文编号 within
the year), 初审 (拟办意见), 承办 (承办科室/承办人, 领导批示, 办理过程), 传阅, 催办, 答复 (办结, or
转为督办事项).  Time limits are counted in working days on the calendar of ``Holiday`` and
``HolidayYear`` (services/workdays.py); the limit of each 紧急程度 is a ``TimeLimitRule`` in force
from a date.  Classified documents (涉密) are not registered here.
"""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, DateTimeField, enum_check
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import TASK_DONE, TASK_OPEN, SupervisedTask

URGENT, EXPEDITED, ORDINARY = "特急", "加急", "平件"
URGENCIES = (URGENT, EXPEDITED, ORDINARY)  # 紧急程度
SECRECY_LEVELS = ("公开", "内部")  # 密级 registered here; 秘密/机密/绝密 go through the confidential channel
PUBLICITY = ("主动公开", "依申请公开", "不予公开")  # 公开属性 of an outgoing document

IN_OPEN = TASK_OPEN  # 办理中: the same word as a 督办事项's
IN_DONE = TASK_DONE  # 已办结
IN_SUPERVISED = "转督办"  # handled on as a 督办事项 (``IncomingDocument.task``)
IN_VOID = "已作废"  # its number kept, with the reason
IN_STATUSES = (IN_OPEN, IN_DONE, IN_SUPERVISED, IN_VOID)

OUT_DRAFT = "拟稿"
OUT_SIGNED = "已签发"  # numbered when 签发 is recorded
OUT_ISSUED = "已印发"
OUT_VOID = "已作废"
OUT_STATUSES = (OUT_DRAFT, OUT_SIGNED, OUT_ISSUED, OUT_VOID)

DAY_OFF = "放假"
DAY_WORKED = "上班"  # a weekend day that is worked (调休)
DAY_KINDS = (DAY_OFF, DAY_WORKED)
FROM_LIBRARY = "日历库"  # pre-filled from the calendar library
BY_HAND = "手工"  # entered or corrected by the administrator
DAY_SOURCES = (FROM_LIBRARY, BY_HAND)


class Holiday(BaseModel):
    """节假日安排: one day that breaks the Monday-to-Friday week: a public holiday (放假) or a
    weekend day that is worked (上班, 调休)."""

    day = DateField(unique=True)
    kind = pw.CharField(max_length=2, constraints=[enum_check("kind", DAY_KINDS)])
    name = pw.CharField(max_length=30, default="")  # 春节, 国庆节 …
    source = pw.CharField(max_length=4, default=BY_HAND, constraints=[enum_check("source", DAY_SOURCES)])


class HolidayYear(BaseModel):
    """A year whose 节假日安排 the administrator has entered (or checked against the State Council's
    notice): a year without one counts weekends and the library's holidays, and 首页 asks for it."""

    year = pw.IntegerField(unique=True)
    confirmed_on = DateField()
    confirmed_by = pw.CharField(max_length=30, default="")
    notice = pw.CharField(max_length=100, default="")  # 国办发明电〔2025〕N号 …


class TimeLimitRule(BaseModel):
    """办理时限: the working days a 紧急程度 allows, in force from a date (old documents keep theirs)."""

    effective_from = DateField()
    urgency = pw.CharField(max_length=2, constraints=[enum_check("urgency", URGENCIES)])
    working_days = pw.IntegerField(constraints=[pw.Check("working_days >= 1")])

    class Meta:
        indexes = ((("effective_from", "urgency"), True),)


class IncomingDocument(BaseModel):
    """收文: one document received, numbered 收〔year〕serial号 within its year (no gaps; a number
    is voided only with a reason, and kept)."""

    year = pw.IntegerField()
    serial = pw.IntegerField(constraints=[pw.Check("serial >= 1")])
    received_on = DateField(index=True)  # 收文日期
    source_unit = pw.CharField(max_length=100)  # 来文单位
    source_ref = pw.CharField(max_length=60, default="")  # 来文字号, as written: 苏政发〔2026〕12号
    title = pw.CharField(max_length=200)
    copies = pw.IntegerField(default=1, constraints=[pw.Check("copies >= 1")])  # 份数
    urgency = pw.CharField(max_length=2, default=ORDINARY, constraints=[enum_check("urgency", URGENCIES)])
    secrecy = pw.CharField(max_length=2, default=SECRECY_LEVELS[0], constraints=[enum_check("secrecy", SECRECY_LEVELS)])
    registered_by = pw.CharField(max_length=30, default="")
    # 初审: 拟办意见 (by the secretary section)
    proposal = pw.TextField(default="")
    proposed_by = pw.CharField(max_length=30, default="")
    # 领导批示: who, what, when
    instruction = pw.TextField(default="")
    instructed_by = pw.CharField(max_length=30, default="")
    instructed_on = DateField(null=True)
    # 承办
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="incoming")  # 承办科室
    handler = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="incoming")  # 承办人
    handler_name = pw.CharField(max_length=30, default="")
    limit_days = pw.IntegerField(null=True, constraints=[pw.Check("limit_days IS NULL OR limit_days >= 1")])
    deadline = DateField(null=True, index=True)  # 办理时限 (a working day)
    deadline_note = pw.CharField(max_length=200, default="")  # a leader's own limit: who set it and why
    # 答复
    status = pw.CharField(max_length=3, default=IN_OPEN, constraints=[enum_check("status", IN_STATUSES)])
    done_on = DateField(null=True, index=True)  # 办结日期 (or the day it became a 督办事项)
    result = pw.TextField(default="")  # 办理结果
    task = pw.ForeignKeyField(SupervisedTask, null=True, unique=True, on_delete="RESTRICT", backref="documents")
    void_reason = pw.TextField(default="")
    # 归档
    archive_no = pw.CharField(max_length=60, default="")  # 档号
    filed_on = DateField(null=True)

    class Meta:
        indexes = ((("year", "serial"), True),)
        constraints = [
            pw.SQL(f"CHECK (status <> '{IN_VOID}' OR void_reason <> '')"),
            pw.SQL(f"CHECK (status NOT IN ('{IN_DONE}', '{IN_SUPERVISED}') OR done_on IS NOT NULL)"),
            pw.SQL(f"CHECK (status <> '{IN_SUPERVISED}' OR task_id IS NOT NULL)"),
            pw.SQL("CHECK (done_on IS NULL OR done_on >= received_on)"),
            pw.SQL("CHECK (deadline IS NULL OR deadline >= received_on)"),
        ]


class IncomingStep(BaseModel):
    """办理过程: a dated entry of what was done on a document."""

    document = pw.ForeignKeyField(IncomingDocument, on_delete="CASCADE", backref="steps")
    noted_on = DateField()
    note = pw.TextField()
    noted_by = pw.CharField(max_length=30, default="")


class Circulation(BaseModel):
    """传阅: a leader the document went to, when, and when it was read (returned)."""

    document = pw.ForeignKeyField(IncomingDocument, on_delete="CASCADE", backref="circulation")
    reader = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="documents_read")
    reader_name = pw.CharField(max_length=30)
    sent_on = DateField()
    read_on = DateField(null=True)
    remark = pw.CharField(max_length=200, default="")

    class Meta:
        constraints = [pw.SQL("CHECK (read_on IS NULL OR read_on >= sent_on)")]


class OutgoingDocument(BaseModel):
    """发文: one document drafted by the office, numbered 代字〔year〕serial号 when 签发 is recorded
    (per 发文代字 and year, in order, never twice; a voided number is kept with its reason)."""

    prefix = pw.CharField(max_length=20)  # 发文代字: 宿政办发
    year = pw.IntegerField(null=True)  # of the number, set with it
    serial = pw.IntegerField(null=True, constraints=[pw.Check("serial IS NULL OR serial >= 1")])
    title = pw.CharField(max_length=200)
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="outgoing")  # 拟稿科室
    drafter = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="drafts")
    drafter_name = pw.CharField(max_length=30, default="")  # 拟稿人
    drafted_on = DateField(index=True)
    reviewer = pw.CharField(max_length=30, default="")  # 核稿人
    signer = pw.CharField(max_length=30, default="")  # 签发人
    signed_on = DateField(null=True)  # 签发日期
    printed_on = DateField(null=True)  # 印发日期
    copies = pw.IntegerField(null=True, constraints=[pw.Check("copies IS NULL OR copies >= 1")])  # 印发份数
    main_to = pw.TextField(default="")  # 主送
    copy_to = pw.TextField(default="")  # 抄送
    publicity = pw.CharField(max_length=5, default=PUBLICITY[0], constraints=[enum_check("publicity", PUBLICITY)])
    urgency = pw.CharField(max_length=2, default=ORDINARY, constraints=[enum_check("urgency", URGENCIES)])
    status = pw.CharField(max_length=3, default=OUT_DRAFT, constraints=[enum_check("status", OUT_STATUSES)])
    void_reason = pw.TextField(default="")
    registered_by = pw.CharField(max_length=30, default="")

    class Meta:
        indexes = ((("prefix", "year", "serial"), True),)
        constraints = [
            pw.SQL("CHECK (printed_on IS NULL OR (signed_on IS NOT NULL AND printed_on >= signed_on))"),
            pw.SQL("CHECK ((serial IS NULL) = (year IS NULL))"),
            pw.SQL("CHECK (signed_on IS NULL OR serial IS NOT NULL)"),
            pw.SQL(f"CHECK (status <> '{OUT_VOID}' OR void_reason <> '')"),
        ]


URGE_INCOMING = "收文"
URGE_TASK = "督办事项"


class Urge(BaseModel):
    """催办: a 催办单 (for a 收文) or 督办通知单 (for a 督办事项) as issued, its figures kept so that a
    reprint gives the same page."""

    issued_on = DateField(index=True)
    document = pw.ForeignKeyField(IncomingDocument, null=True, on_delete="CASCADE", backref="urges")
    task = pw.ForeignKeyField(SupervisedTask, null=True, on_delete="CASCADE", backref="urges")
    deadline = DateField()  # the limit as it stood
    working_days_over = pw.IntegerField(default=0, constraints=[pw.Check("working_days_over >= 0")])
    reply_by = DateField()  # 请于 … 前办结并反馈
    issued_by = pw.CharField(max_length=30, default="")
    note = pw.TextField(default="")
    # What the page says, as issued (services/issued.py JSON: number, title, 承办科室, the office's
    # name …): a reprint is the same page whatever changed since.  NULL: issued before it was kept.
    figures = pw.TextField(null=True)

    class Meta:
        constraints = [pw.SQL("CHECK ((document_id IS NULL) <> (task_id IS NULL))")]


MODELS = [Holiday, HolidayYear, TimeLimitRule, IncomingDocument, IncomingStep, Circulation, OutgoingDocument, Urge]
