"""人员档案: sections, staff files, candidate screening, rank, training, contracts, welfare."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, ScaledDecimalField, enum_check

GENDERS = ("男", "女")
LEFT = "调离"
RETIRED = "退休"
OFF_STAFF = (LEFT, RETIRED)  # the statuses of people no longer on the staff: the one definition
ON_PROBATION = "试用期"  # newly recruited civil servants (新录用) only
PERSON_STATUSES = ("在岗", ON_PROBATION, "借调", *OFF_STAFF)
RANK_PENDING = "待定职级"  # shown, not stored: transferred in (调入) and no rank fixed since
TRANSFERRED_IN = "调入"
NEW_RECRUIT = "新录用"
ENTRY_KINDS = (TRANSFERRED_IN, NEW_RECRUIT)  # how someone came to the office
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")
VETOES = ("跑官要官", "贪图享受", "能力平庸", "责任心不强")  # 四个不调
CANDIDATE_DECISIONS = ("待定", "调入", "不予调入")
READING_KINDS = ("政治理论", "业务知识", "市场经济理论")  # 读三本书
TRAINING_KINDS = ("计算机", "外语", "岗位培训", "讲座", "外出参观", "基层调研", "其他")
CONTRACT_LEVELS = ("办公室", "科室", "个人")
REQUEST_STATUSES = ("待办", "办理中", "已解决", "不予解决")


class Section(BaseModel):
    """科室: a unit of the office.  A merged section keeps its row, marked merged_into."""

    name = pw.CharField(max_length=40, unique=True)
    duties = pw.TextField(default="")
    sort_order = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)
    merged_into = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT", backref="merged_from")
    created_on = DateField(null=True)

    def __str__(self):
        return self.name


class SectionMerge(BaseModel):
    """合署: one section merged into another, with its date and document number."""

    source = pw.ForeignKeyField(Section, on_delete="RESTRICT", backref="merges_out")
    target = pw.ForeignKeyField(Section, on_delete="RESTRICT", backref="merges_in")
    merged_on = DateField()
    doc_number = pw.CharField(max_length=60, default="")
    note = pw.TextField(default="")
    people_moved = pw.IntegerField(default=0)


class Person(BaseModel):
    """人员档案: one member of staff."""

    name = pw.CharField(max_length=30, index=True)
    gender = pw.CharField(max_length=2, null=True, constraints=[enum_check("gender", GENDERS)])
    birth = DateField(null=True)  # year-month is enough: stored as the 1st of the month
    ethnicity = pw.CharField(max_length=20, default="")
    native_place = pw.CharField(max_length=40, default="")
    political_status = pw.CharField(max_length=20, default="")
    education = pw.CharField(max_length=20, default="")
    major = pw.CharField(max_length=40, default="")
    expertise = pw.CharField(max_length=100, default="")
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="people")
    post = pw.CharField(max_length=30, default="")  # 职务
    rank = pw.CharField(max_length=30, default="")  # 职级
    previous_rank = pw.CharField(max_length=30, default="")  # 原职级: a reference only
    source_unit = pw.CharField(max_length=60, default="")  # 原工作单位
    joined_on = DateField(null=True)  # 调入时间
    entry_kind = pw.CharField(max_length=4, default=TRANSFERRED_IN,  # 调入 or 新录用 (schema v11)
                              constraints=[enum_check("entry_kind", ENTRY_KINDS)])
    id_number = pw.CharField(max_length=18, null=True, unique=True)
    phone = pw.CharField(max_length=30, default="")
    status = pw.CharField(max_length=6, default="在岗", constraints=[enum_check("status", PERSON_STATUSES)])
    out_of_town = pw.BooleanField(default=False)  # 外地
    is_typist = pw.BooleanField(default=False)
    is_driver = pw.BooleanField(default=False)
    licence_no = pw.CharField(max_length=30, default="")
    licence_expiry = DateField(null=True)
    notes = pw.TextField(default="")

    def __str__(self):
        return self.name


class PersonMove(BaseModel):
    """A move between sections (or in / out of the office)."""

    person = pw.ForeignKeyField(Person, on_delete="CASCADE", backref="moves")
    moved_on = DateField()
    from_section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="+")
    to_section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="+")
    reason = pw.CharField(max_length=100, default="")
    merge = pw.ForeignKeyField(SectionMerge, null=True, on_delete="SET NULL", backref="moves")


class RankRecord(BaseModel):
    """定职定级: a rank fixed on the record of a period, normally six months after joining."""

    person = pw.ForeignKeyField(Person, on_delete="CASCADE", backref="ranks")
    decided_on = DateField()
    period_start = DateField(null=True)
    period_end = DateField(null=True)
    previous_rank = pw.CharField(max_length=30, default="")
    rank = pw.CharField(max_length=30)
    post = pw.CharField(max_length=30, default="")
    performance = pw.TextField(default="")  # the record it rests on
    doc_number = pw.CharField(max_length=60, default="")
    # 提前定级: fixed before the six months were up, with the reason and who approved it (schema v11)
    early = pw.BooleanField(default=False)
    early_reason = pw.TextField(default="")
    approved_by = pw.CharField(max_length=30, default="")


class Candidate(BaseModel):
    """拟调人员考察: someone proposed for transfer into the office."""

    name = pw.CharField(max_length=30)
    gender = pw.CharField(max_length=2, null=True, constraints=[enum_check("gender", GENDERS)])
    birth = DateField(null=True)
    source_unit = pw.CharField(max_length=60, default="")
    current_post = pw.CharField(max_length=30, default="")
    current_rank = pw.CharField(max_length=30, default="")
    education = pw.CharField(max_length=20, default="")
    source = pw.CharField(max_length=60, default="")  # who proposed
    recommended_on = DateField(null=True)  # 基层推荐
    recommendation = pw.TextField(default="")
    inspected_on = DateField(null=True)  # 组织考察
    inspection = pw.TextField(default="")
    decision = pw.CharField(max_length=6, default="待定", constraints=[enum_check("decision", CANDIDATE_DECISIONS)])
    decided_on = DateField(null=True)
    decision_reason = pw.TextField(default="")
    person = pw.ForeignKeyField(Person, null=True, unique=True, on_delete="SET NULL", backref="candidacy")


class CandidateVeto(BaseModel):
    """One of the four vetoes (四个不调) found in a candidate, with its evidence."""

    candidate = pw.ForeignKeyField(Candidate, on_delete="CASCADE", backref="vetoes")
    veto = pw.CharField(max_length=10, constraints=[enum_check("veto", VETOES)])
    evidence = pw.TextField()
    recorded_on = DateField()

    class Meta:
        indexes = ((("candidate", "veto"), True),)


class Training(BaseModel):
    """学习培训: a course, lecture, visit or field trip attended."""

    person = pw.ForeignKeyField(Person, on_delete="CASCADE", backref="trainings")
    kind = pw.CharField(max_length=10, constraints=[enum_check("kind", TRAINING_KINDS)])
    title = pw.CharField(max_length=100)
    started_on = DateField()
    ended_on = DateField(null=True)
    hours = pw.IntegerField(null=True, constraints=[pw.Check("hours IS NULL OR hours >= 0")])
    result = pw.CharField(max_length=60, default="")
    note = pw.TextField(default="")


class ReadingRecord(BaseModel):
    """读三本书: one book read in a year, with the notes shared."""

    person = pw.ForeignKeyField(Person, on_delete="CASCADE", backref="readings")
    year = pw.IntegerField()
    kind = pw.CharField(max_length=10, constraints=[enum_check("kind", READING_KINDS)])
    title = pw.CharField(max_length=100)
    finished_on = DateField(null=True)
    notes = pw.TextField(default="")  # 读书体会
    shared_on = DateField(null=True)  # 交流

    class Meta:
        indexes = ((("person", "year", "kind"), True),)


class ResponsibilityContract(BaseModel):
    """责任状: signed level by level, office → section → person."""

    year = pw.IntegerField()
    level = pw.CharField(max_length=4, constraints=[enum_check("level", CONTRACT_LEVELS)])
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="contracts")
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="contracts")
    parent = pw.ForeignKeyField("self", null=True, on_delete="RESTRICT", backref="children")
    title = pw.CharField(max_length=100)
    signed_on = DateField(null=True)
    signed_by = pw.CharField(max_length=30, default="")
    half_assessed_on = DateField(null=True)  # 半年考核
    year_assessed_on = DateField(null=True)  # 年终考核


class ContractTarget(BaseModel):
    """One target item of a responsibility contract, with its assessment."""

    contract = pw.ForeignKeyField(ResponsibilityContract, on_delete="CASCADE", backref="targets")
    title = pw.CharField(max_length=200)
    measure = pw.CharField(max_length=100, default="")
    weight = pw.IntegerField(default=0)
    due_on = DateField(null=True)
    achieved = pw.BooleanField(null=True)
    assessed_on = DateField(null=True)
    assessment = pw.TextField(default="")
    half_score = ScaledDecimalField(1, null=True)  # out of ``weight``
    year_score = ScaledDecimalField(1, null=True)


class HousingRequest(BaseModel):
    """住房: housing for out-of-town staff and local staff without a home."""

    person = pw.ForeignKeyField(Person, on_delete="CASCADE", backref="housing")
    requested_on = DateField()
    need = pw.TextField(default="")
    status = pw.CharField(max_length=6, default="待办", constraints=[enum_check("status", REQUEST_STATUSES)])
    address = pw.CharField(max_length=100, default="")
    settled_on = DateField(null=True)
    note = pw.TextField(default="")


class FamilyPlacement(BaseModel):
    """家属安置: a family member's transfer or job, handled out-of-town first (先外后内)."""

    person = pw.ForeignKeyField(Person, on_delete="CASCADE", backref="family_placements")
    relative_name = pw.CharField(max_length=30)
    relation = pw.CharField(max_length=10, default="")
    current_unit = pw.CharField(max_length=60, default="")
    requested_on = DateField()
    status = pw.CharField(max_length=6, default="待办", constraints=[enum_check("status", REQUEST_STATUSES)])
    placed_unit = pw.CharField(max_length=60, default="")
    settled_on = DateField(null=True)
    note = pw.TextField(default="")


# A section's chief is a person, and a person belongs to a section: the second
# reference is added once both classes exist (SQLite accepts the forward reference).
Section._meta.add_field("chief", pw.ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="chief_of"))

MODELS = [Section, SectionMerge, Person, PersonMove, RankRecord, Candidate, CandidateVeto,
          Training, ReadingRecord, ResponsibilityContract, ContractTarget, HousingRequest,
          FamilyPlacement]
