"""人员档案 services: staff listings and the rules about staff files."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import (
    GENDERS, PERSON_STATUSES, READING_KINDS, TRAINING_KINDS, VETOES, Candidate, CandidateVeto, FamilyPlacement,
    HousingRequest, Person, PersonMove, RankRecord, ReadingRecord, ResponsibilityContract, Section, SectionMerge,
    Training)
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import (
    BadValue, a_date, a_number, normalise_id_number, person_dates_problem, required_text)
from govoffice_desktop.services.values import parse_month_or_date
from govoffice_desktop.services import auth, months
from govoffice_desktop.services.auth import requires


def mask_id_number(value: str | None) -> str:
    """Show an ID number as 321302********123X: enough to tell people apart, no more."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """13912345678 → 139****5678; a short office number keeps its last four digits."""
    if not value:
        return ""
    text = str(value)
    if len(text) <= 4:
        return "*" * len(text)
    if len(text) <= 8:
        return "*" * (len(text) - 4) + text[-4:]
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def shown_phone(value: str | None) -> str:
    """A phone number as this user may see it: in full, or masked."""
    return (value or "") if auth.allowed("staff.sensitive") else mask_phone(value)


def _shown(sensitive_column: str):
    """The converter of an ID or phone column: in full for a role that may see it, else masked."""
    if auth.allowed("staff.sensitive"):
        return None
    return mask_id_number if sensitive_column == "id" else mask_phone


def year_month(value) -> str:
    """A birth is kept as the 1st of its month; it reads as 1980-05."""
    return value.strftime("%Y-%m") if value else ""


def person_listing() -> Listing:
    return Listing(
        model=Person,
        columns=[
            Column("name", "姓名", Person.name, searchable=True),
            Column("gender", "性别", Person.gender),
            Column("section", "科室", Section.name, searchable=True, order=Section.sort_order),
            Column("post", "职务", Person.post, searchable=True),
            Column("rank", "职级", Person.rank, searchable=True),
            Column("education", "学历", Person.education, searchable=True),
            Column("political_status", "政治面貌", Person.political_status),
            Column("birth", "出生年月", Person.birth, convert=year_month),
            Column("joined_on", "调入时间", Person.joined_on),
            Column("status", "状态", Person.status, searchable=True),
            Column("native_place", "籍贯", Person.native_place, searchable=True),
            Column("phone", "联系电话", Person.phone, searchable=True, convert=_shown("phone")),
            Column("id_number", "身份证号", Person.id_number, convert=mask_id_number),
        ],
        joins=lambda q: q.join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id)),
        default_order="section",
        filters={"section_id": Person.section, "status": Person.status, "post": Person.post,
                 "education": Person.education},
    )


def roster_listing() -> Listing:
    """花名册 for Excel: everyone on the staff with every field of their file, the ID number in
    full (masked, with the phone, for a role that may not see them), under the column names a
    roster import reads back."""
    return Listing(
        model=Person,
        columns=[
            Column("section", "科室", Section.name, order=Section.sort_order),
            Column("name", "姓名", Person.name, searchable=True),
            Column("gender", "性别", Person.gender),
            Column("birth", "出生年月", Person.birth, convert=year_month),
            Column("ethnicity", "民族", Person.ethnicity),
            Column("native_place", "籍贯", Person.native_place),
            Column("political_status", "政治面貌", Person.political_status),
            Column("education", "学历", Person.education),
            Column("major", "专业", Person.major),
            Column("expertise", "专长", Person.expertise),
            Column("post", "职务", Person.post),
            Column("rank", "职级", Person.rank),
            Column("previous_rank", "原职级", Person.previous_rank),
            Column("source_unit", "原工作单位", Person.source_unit),
            Column("joined_on", "调入时间", Person.joined_on),
            Column("id_number", "身份证号", Person.id_number, convert=_shown("id")),
            Column("phone", "联系电话", Person.phone, convert=_shown("phone")),
            Column("status", "状态", Person.status),
            Column("out_of_town", "外地", Person.out_of_town),
            Column("notes", "备注", Person.notes),
        ],
        joins=lambda q: q.join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
        .where(Person.status.not_in(GONE)),
        default_order="section",
    )


def filter_choices() -> dict[str, list[str]]:
    """The values the staff table can be filtered by: posts and educations in use."""
    def used(field):
        return [v for (v,) in Person.select(field).where(field != "").distinct().order_by(field).tuples()]
    return {"post": used(Person.post), "education": used(Person.education)}


def section_names() -> list[str]:
    return [s.name for s in Section.select(Section.name).where(Section.active).order_by(Section.sort_order, Section.id)]


# ================================================================ the rules about staff files
# Every rule below is enforced here, whatever calls it: a form, the command line or a test.
# A refusal raises ``BadValue`` with a message in Chinese that says what and where.

PROBATION_MONTHS = 6  # 以实绩定职级，以半年为限
RANK_REMINDER_DAYS = 30  # listed as due this long before the six months are up
GONE = ("调离", "退休")  # statuses of people no longer on the staff


add_months = months.add_months  # the same day some months later (services/months.py)


_required, _a_date = required_text, a_date  # short names used throughout this module


# ---------------------------------------------------------------- sections
def _section_name(name: str, exclude: int | None = None) -> str:
    name = _required(name, "科室名称").replace(" ", "").replace("\u3000", "")
    if len(name) > 40:
        raise BadValue("科室名称不能超过40个字")
    clash = Section.select().where(Section.name == name)
    if exclude is not None:
        clash = clash.where(Section.id != exclude)
    if clash.exists():
        raise BadValue(f"已有名为“{name}”的科室")
    return name


@requires("staff.edit")
def add_section(name: str, duties: str = "", today: date | None = None) -> Section:
    order = (Section.select(pw.fn.MAX(Section.sort_order)).scalar() or 0) + 1
    return Section.create(name=_section_name(name), duties=duties or "", sort_order=order,
                          created_on=today or date.today())


@requires("staff.edit")
def rename_section(section: Section, name: str) -> Section:
    section.name = _section_name(name, exclude=section.id)
    section.save()
    return section


@requires("staff.edit")
def set_chief(section: Section, person: Person | None) -> Section:
    """A section's chief (科长) is one of its own members."""
    if person is not None:
        if person.section_id != section.id:
            raise BadValue(f"{person.name} 不在{section.name}，不能任该科室负责人（请先调入该科室）")
        if person.status in GONE:
            raise BadValue(f"{person.name} 已{person.status}，不能任科室负责人")
    section.chief = person
    section.save()
    return section


@requires("staff.edit")
def merge_sections(source: Section, target: Section, merged_on, doc_number: str = "", note: str = "") -> SectionMerge:
    """合署: ``source`` merges into ``target``.  Its people move, each move recorded with the
    merge; the source stays in the records (merged_into) so its history keeps its name."""
    merged_on = _a_date(merged_on, "合署日期", required=True)
    if source.id == target.id:
        raise BadValue("不能与本科室合署")
    if not source.active:
        raise BadValue(f"{source.name} 已经合署，不能再合署")
    if not target.active:
        raise BadValue(f"{target.name} 已经合署到其他科室，请选择现有科室")
    with database.atomic():
        # Those on the staff move; a file of someone who left keeps the section they left from.
        people = list(Person.select().where(Person.section == source, Person.status.not_in(GONE)))
        merge = SectionMerge.create(source=source, target=target, merged_on=merged_on,
                                    doc_number=(doc_number or "").strip(), note=note or "",
                                    people_moved=len(people))
        reason = f"科室合署（{source.name}并入{target.name}）" + (f"，{doc_number.strip()}" if doc_number else "")
        for person in people:
            PersonMove.create(person=person, moved_on=merged_on, from_section=source, to_section=target,
                              reason=reason[:100], merge=merge)
            person.section = target
            person.save()
        source.active = False
        source.merged_into = target
        source.chief = None
        source.save()
        return merge


# ---------------------------------------------------------------- staff files
PERSON_TEXT_FIELDS = {
    "ethnicity": ("民族", 20), "native_place": ("籍贯", 40), "political_status": ("政治面貌", 20),
    "education": ("学历", 20), "major": ("专业", 40), "expertise": ("专长", 100), "post": ("职务", 30),
    "rank": ("职级", 30), "previous_rank": ("原职级", 30), "source_unit": ("原工作单位", 60),
    "phone": ("联系电话", 30), "licence_no": ("驾驶证号", 30), "notes": ("备注", 2000),
}


@requires("staff.edit", section_of=auth.person_form_section)
def save_person(data: dict, person: Person | None = None, today: date | None = None) -> Person:
    """Create or update a staff file from ``data`` (field name → value as entered).

    Checks everything before writing: name, gender, status, dates, the ID number (checksum,
    and no one else has it).  A new person placed in a section gets a move record (调入)."""
    from govoffice_desktop.services.values import parse_year_month

    today = today or date.today()
    creating = person is None
    person = person or Person()
    values: dict = {}
    if "name" in data or creating:
        name = _required(data.get("name"), "姓名").replace(" ", "").replace("\u3000", "")
        if len(name) > 30:
            raise BadValue("姓名不能超过30个字")
        values["name"] = name
    if "gender" in data:
        gender = (data["gender"] or "").strip() or None
        if gender is not None and gender not in GENDERS:
            raise BadValue("性别应为男或女")
        values["gender"] = gender
    if "birth" in data:
        try:
            birth = parse_year_month(data["birth"]) if data["birth"] not in (None, "") else None
        except BadValue as exc:
            raise BadValue(f"出生年月：{exc}") from None
        if birth and not date(1900, 1, 1) <= birth <= today:
            raise BadValue("出生年月不对")
        values["birth"] = birth
    for key, (label, limit) in PERSON_TEXT_FIELDS.items():
        if key in data:
            text = (data[key] or "").strip() if not isinstance(data[key], (int, float)) else str(data[key])
            if len(text) > limit:
                raise BadValue(f"{label}不能超过{limit}个字")
            values[key] = text
    if "status" in data or creating:
        status = (data.get("status") or "在岗").strip()
        if status not in PERSON_STATUSES:
            raise BadValue(f"状态应为{'、'.join(PERSON_STATUSES)}之一")
        if not creating and status in GONE and person.status not in GONE:
            raise BadValue(f"{status}请用“调离/退休…”，以便记下日期和去向")
        if not creating and person.status in GONE and status != person.status:
            raise BadValue(f"{person.name} 已{person.status}；如重新调入，请作为拟调人员考察后调入")
        values["status"] = status
    if "joined_on" in data:
        try:
            values["joined_on"] = parse_month_or_date(data["joined_on"])  # 2010.07 as rosters write it
        except BadValue as exc:
            raise BadValue(f"调入时间：{exc}") from None
        if values["joined_on"] and values["joined_on"] > today + timedelta(days=366):
            raise BadValue("调入时间不对：远在将来")
    if "licence_expiry" in data:
        values["licence_expiry"] = _a_date(data["licence_expiry"], "驾驶证有效期")
    for flag in ("out_of_town", "is_typist", "is_driver"):
        if flag in data:
            values[flag] = bool(data[flag])
    if "id_number" in data:
        number = normalise_id_number(data["id_number"])
        if number:
            clash = Person.select().where(Person.id_number == number)
            if not creating:
                clash = clash.where(Person.id != person.id)
            other = clash.first()
            if other is not None:
                raise BadValue(f"身份证号与 {other.name} 的相同：同一人不能建两份档案")
        values["id_number"] = number
    problem = person_dates_problem(values.get("birth", person.birth), values.get("id_number", person.id_number),
                                   values.get("joined_on", person.joined_on))
    if problem:
        raise BadValue(problem)
    section = data.get("section") if creating else person.section
    if isinstance(section, int):
        section = Section.get_or_none(Section.id == section)
    if not creating and "section" in data:
        wanted = data["section"].id if isinstance(data["section"], Section) else data["section"]
        if wanted != person.section_id:
            raise BadValue("调整科室请用“调动”，以便记下日期和原因")
    if creating and section is not None and not section.active:
        raise BadValue(f"{section.name} 已经合署，不能再调入人员")
    with database.atomic():
        for key, value in values.items():
            setattr(person, key, value)
        if creating:
            person.section = section
        person.save()
        if creating and section is not None:
            PersonMove.create(person=person, moved_on=person.joined_on or today, from_section=None,
                              to_section=section, reason="调入")
        return person


@requires("staff.edit", section_of=auth.first_person_section)
def move_person(person: Person, to_section: Section | None, moved_on, reason: str) -> PersonMove:
    """优化配置: move a person to another section, recording the date and the reason.  A chief who
    leaves a section is no longer its chief."""
    moved_on = _a_date(moved_on, "调动日期", required=True)
    reason = _required(reason, "调动原因")
    if person.status in GONE:
        raise BadValue(f"{person.name} 已{person.status}，不能调动")
    if to_section is not None and to_section.id == person.section_id:
        raise BadValue(f"{person.name} 已在{to_section.name}")
    if to_section is not None and not to_section.active:
        raise BadValue(f"{to_section.name} 已经合署，不能再调入人员")
    with database.atomic():
        move = _leave_section(person, moved_on, to_section, reason, "调动日期")
        person.section = to_section
        person.save()
        return move


def _leave_section(person: Person, on: date, to_section: Section | None, reason: str, label: str) -> PersonMove:
    """Record a person leaving their section (for another, or the office); a chief stops being chief."""
    if person.joined_on and on < person.joined_on:
        raise BadValue(f"{label}早于 {person.name} 的调入时间 {person.joined_on}")
    old = person.section
    if old is not None and old.chief_id == person.id:
        old.chief = None
        old.save()
    return PersonMove.create(person=person, moved_on=on, from_section=old, to_section=to_section, reason=reason[:100])


@requires("staff.edit", section_of=auth.first_person_section)
def leave_office(person: Person, left_on, status: str, reason: str) -> PersonMove:
    """调离 or 退休: the person leaves the staff.  The move out of their section is recorded with
    the date and the reason (where they went), and a chief is no longer chief."""
    if status not in GONE:
        raise BadValue(f"离开应为{'或'.join(GONE)}")
    if person.status in GONE:
        raise BadValue(f"{person.name} 已{person.status}")
    left_on = _a_date(left_on, "离开日期", required=True)
    reason = _required(reason, "调离去向或退休文号" if status == "调离" else "退休文号或说明")
    with database.atomic():
        move = _leave_section(person, left_on, None, f"{status}：{reason}", "离开日期")
        person.status = status
        person.save()  # the section stays on the file: where they last worked
        return move


# ---------------------------------------------------------------- candidate screening
@requires("staff.edit")
def add_candidate(data: dict) -> Candidate:
    name = _required(data.get("name"), "姓名").replace(" ", "")
    fields = {k: (data.get(k) or "").strip() for k in ("source_unit", "current_post", "current_rank", "education",
                                                          "source", "recommendation", "inspection")}
    gender = (data.get("gender") or "").strip() or None
    if gender is not None and gender not in GENDERS:
        raise BadValue("性别应为男或女")
    return Candidate.create(name=name, gender=gender, recommended_on=_a_date(data.get("recommended_on"), "基层推荐日期"),
                            inspected_on=_a_date(data.get("inspected_on"), "组织考察日期"), **fields)


@requires("staff.edit")
def update_screening(candidate: Candidate, data: dict) -> Candidate:
    """Record the grassroots recommendation and the organisational inspection."""
    if candidate.decision != "待定":
        raise BadValue(f"对 {candidate.name} 已作出决定（{candidate.decision}），考察记录不再修改")
    for key in ("source", "recommendation", "inspection", "source_unit", "current_post", "current_rank", "education"):
        if key in data:
            setattr(candidate, key, (data[key] or "").strip())
    if "recommended_on" in data:
        candidate.recommended_on = _a_date(data["recommended_on"], "基层推荐日期")
    if "inspected_on" in data:
        candidate.inspected_on = _a_date(data["inspected_on"], "组织考察日期")
    candidate.save()
    return candidate


@requires("staff.edit")
def add_veto(candidate: Candidate, veto: str, evidence: str, recorded_on) -> CandidateVeto:
    """四个不调: 跑官要官, 贪图享受, 能力平庸, 责任心不强 — each found with its evidence."""
    if veto not in VETOES:
        raise BadValue(f"“{veto}”不是四个不调之一（{'、'.join(VETOES)}）")
    evidence = _required(evidence, "否决依据")
    if candidate.decision == "调入":
        raise BadValue(f"{candidate.name} 已调入，不能再记否决")
    if CandidateVeto.select().where(CandidateVeto.candidate == candidate, CandidateVeto.veto == veto).exists():
        raise BadValue(f"{candidate.name} 已记有“{veto}”")
    return CandidateVeto.create(candidate=candidate, veto=veto, evidence=evidence,
                                recorded_on=_a_date(recorded_on, "记录日期", required=True))


@requires("staff.edit")
def decide_candidate(candidate: Candidate, decision: str, decided_on, reason: str,
                     section: Section | None = None) -> Person | None:
    """调入 or 不予调入.  调入 needs the recommendation and the inspection done and no veto; it
    makes the candidate a staff file in 试用期 in the same transaction.  Returns that person."""
    decided_on = _a_date(decided_on, "决定日期", required=True)
    reason = _required(reason, "决定理由")
    if decision not in ("调入", "不予调入"):
        raise BadValue("决定应为“调入”或“不予调入”")
    if candidate.decision != "待定":
        raise BadValue(f"对 {candidate.name} 已作出决定（{candidate.decision}，{candidate.decided_on}）")
    if decision == "调入":
        vetoes = [v.veto for v in candidate.vetoes]
        if vetoes:
            raise BadValue(f"{candidate.name} 有“{'、'.join(vetoes)}”，按“四个不调”不能调入")
        if not candidate.recommended_on:
            raise BadValue(f"{candidate.name} 还没有基层推荐，不能调入")
        if not candidate.inspected_on:
            raise BadValue(f"{candidate.name} 还没有组织考察，不能调入")
        if section is not None and not section.active:
            raise BadValue(f"{section.name} 已经合署，不能再调入人员")
    with database.atomic():
        person = None
        if decision == "调入":
            person = save_person({
                "name": candidate.name, "gender": candidate.gender, "education": candidate.education,
                "source_unit": candidate.source_unit, "previous_rank": candidate.current_rank,
                "status": "试用期", "joined_on": decided_on, "section": section,
            }, today=decided_on)
            if candidate.birth:
                person.birth = candidate.birth
                person.save()
            candidate.person = person
        candidate.decision = decision
        candidate.decided_on = decided_on
        candidate.decision_reason = reason
        candidate.save()
        return person


# ---------------------------------------------------------------- rank: fixed by performance after six months
@dataclass
class RankDue:
    person: Person
    section: str
    joined_on: date
    due: date
    overdue: bool


def rank_due(today: date | None = None, within_days: int = RANK_REMINDER_DAYS) -> list[RankDue]:
    """Everyone transferred in whose rank has not been fixed since, and whose six months are
    up or end within ``within_days``: the overdue first, then by due date."""
    today = today or date.today()
    fixed = (RankRecord.select(RankRecord.person).where(RankRecord.decided_on >= Person.joined_on,
                                                        RankRecord.person == Person.id))
    query = (Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
             .where(Person.joined_on.is_null(False), Person.status.not_in(GONE), ~pw.fn.EXISTS(fixed)))
    out = []
    for person in query:
        due = add_months(person.joined_on, PROBATION_MONTHS)
        if due <= today + timedelta(days=within_days):
            out.append(RankDue(person, person.section.name if person.section_id else "", person.joined_on, due,
                               due < today))
    out.sort(key=lambda d: (not d.overdue, d.due, d.person.name))
    return out


@requires("staff.edit", section_of=auth.first_person_section)
def determine_rank(person: Person, rank: str, decided_on, performance: str, post: str | None = None,
                   doc_number: str = "") -> RankRecord:
    """以实绩定职级: fix a rank on the record of the period since joining.  The rank held before
    the transfer is kept only as a reference; the person's rank history grows by one."""
    rank = _required(rank, "确定的职级")
    performance = _required(performance, "实绩情况")
    decided_on = _a_date(decided_on, "确定日期", required=True)
    if person.status in GONE:
        raise BadValue(f"{person.name} 已{person.status}")
    if person.joined_on and decided_on < person.joined_on:
        raise BadValue(f"确定日期早于调入时间 {person.joined_on}")
    with database.atomic():
        earlier = RankRecord.select().where(RankRecord.person == person).exists()
        record = RankRecord.create(
            person=person, decided_on=decided_on, period_start=person.joined_on, period_end=decided_on,
            previous_rank=(person.rank if earlier else (person.previous_rank or person.rank)) or "",
            rank=rank, post=(post or person.post or "").strip(), performance=performance,
            doc_number=(doc_number or "").strip())
        person.rank = rank
        if post:
            person.post = post.strip()
        if person.status == "试用期":
            person.status = "在岗"
        person.save()
        return record


# ---------------------------------------------------------------- training and the three books
@requires("staff.edit", section_of=auth.first_person_section)
def add_training(person: Person, kind: str, title: str, started_on, ended_on=None, hours=None,
                 result: str = "", note: str = "") -> Training:
    if kind not in TRAINING_KINDS:
        raise BadValue(f"培训类别应为{'、'.join(TRAINING_KINDS)}之一")
    title = _required(title, "培训内容")
    started_on = _a_date(started_on, "开始日期", required=True)
    ended_on = _a_date(ended_on, "结束日期")
    if ended_on and ended_on < started_on:
        raise BadValue("结束日期早于开始日期")
    if hours not in (None, ""):
        try:
            hours = int(hours)
        except (TypeError, ValueError):
            raise BadValue(f"学时应为整数：{hours!r}") from None
        if hours < 0:
            raise BadValue("学时不能为负")
    else:
        hours = None
    return Training.create(person=person, kind=kind, title=title[:100], started_on=started_on, ended_on=ended_on,
                           hours=hours, result=(result or "").strip(), note=note or "")


@requires("staff.edit", section_of=auth.first_person_section)
def record_reading(person: Person, year: int, kind: str, title: str, finished_on=None, shared_on=None,
                   notes: str = "") -> ReadingRecord:
    """读三本书: one book of each kind a year; recording a kind again updates that year's book."""
    if kind not in READING_KINDS:
        raise BadValue(f"书的类别应为{'、'.join(READING_KINDS)}之一")
    title = _required(title, "书名").strip("《》 ")  # the history adds the book-title marks itself
    if not title:
        raise BadValue("书名不能为空")
    finished_on = _a_date(finished_on, "读完日期")
    shared_on = _a_date(shared_on, "交流日期")
    if shared_on and not finished_on:
        raise BadValue("还没读完，不能记交流")
    if shared_on and finished_on and shared_on < finished_on:
        raise BadValue("交流日期早于读完日期")
    if finished_on and finished_on.year != int(year):
        raise BadValue(f"读完日期 {finished_on} 不在 {year} 年")
    with database.atomic():
        record = ReadingRecord.get_or_none(ReadingRecord.person == person, ReadingRecord.year == int(year),
                                           ReadingRecord.kind == kind)
        record = record or ReadingRecord(person=person, year=int(year), kind=kind)
        record.title, record.finished_on, record.shared_on = title[:100], finished_on, shared_on
        record.notes = notes or ""
        record.save()
        return record


@dataclass
class BookProgress:
    person: Person
    section: str
    read: list[str]  # kinds finished this year, in the order of READING_KINDS
    shared: list[str]  # kinds finished and shared at a 交流 session

    @property
    def complete(self) -> bool:
        """All three read and all three shared."""
        return len(self.shared) == len(READING_KINDS)


def three_books(year: int, section: Section | None = None, as_of: date | None = None) -> list[BookProgress]:
    """Each member of staff's three books for ``year`` (as of a day, if given): read, shared."""
    people = (Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
              .where(Person.status.not_in(GONE)).order_by(Section.sort_order, Person.name))
    if section is not None:
        people = people.where(Person.section == section)
    books: dict[int, list[ReadingRecord]] = {}
    for record in ReadingRecord.select().where(ReadingRecord.year == year):
        books.setdefault(record.person_id, []).append(record)

    def done(day):
        return day is not None and (as_of is None or day <= as_of)

    out = []
    for person in people:
        mine = books.get(person.id, [])
        read = [k for k in READING_KINDS if any(r.kind == k and done(r.finished_on) for r in mine)]
        shared = [k for k in READING_KINDS if any(r.kind == k and done(r.finished_on) and done(r.shared_on)
                                                   for r in mine)]
        out.append(BookProgress(person, person.section.name if person.section_id else "", read, shared))
    return out


def three_books_by_section(progress: list[BookProgress]) -> list[tuple[str, int, int, int]]:
    """(section, members, read all three, read and shared all three) per section."""
    out: dict[str, list[int]] = {}
    for p in progress:
        row = out.setdefault(p.section or "（未分科室）", [0, 0, 0])
        row[0] += 1
        row[1] += len(p.read) == len(READING_KINDS)
        row[2] += p.complete
    return [(name, *counts) for name, counts in out.items()]


# ---------------------------------------------------------------- welfare: 先外后内
WELFARE_KINDS = {"housing": "住房", "family": "家属安置"}


def _welfare_model(kind: str):
    if kind not in WELFARE_KINDS:
        raise BadValue(f"不认识的福利事项：{kind}")
    return {"housing": HousingRequest, "family": FamilyPlacement}[kind]


@requires("staff.edit", section_of=auth.second_person_section)
def add_welfare_request(kind: str, person: Person, requested_on, need: str = "", relative_name: str = "",
                        relation: str = "", current_unit: str = ""):
    """A housing (住房) or family-placement (家属安置) request; one open request per person, or
    per relative for a placement."""
    model = _welfare_model(kind)
    requested_on = _a_date(requested_on, "申请日期", required=True)
    if person.status in GONE:
        raise BadValue(f"{person.name} 已{person.status}")
    open_ = model.select().where(model.person == person, model.status.in_(("待办", "办理中")))
    if kind == "housing":
        if open_.exists():
            raise BadValue(f"{person.name} 已有未办结的住房申请")
        return HousingRequest.create(person=person, requested_on=requested_on, need=(need or "").strip())
    relative_name = _required(relative_name, "家属姓名")
    if open_.where(FamilyPlacement.relative_name == relative_name).exists():
        raise BadValue(f"{person.name} 的家属 {relative_name} 已有未办结的安置申请")
    return FamilyPlacement.create(person=person, requested_on=requested_on, relative_name=relative_name,
                                  relation=(relation or "").strip(), current_unit=(current_unit or "").strip(),
                                  note=(need or "").strip())


@requires("staff.edit")
def settle_welfare_request(request, status: str, settled_on=None, result: str = ""):
    """Move a request on: 办理中, 已解决 (with the date and the address or unit), 不予解决."""
    from govoffice_desktop.models.staff import REQUEST_STATUSES

    if status not in REQUEST_STATUSES:
        raise BadValue(f"办理状态应为{'、'.join(REQUEST_STATUSES)}之一")
    if request.status in ("已解决", "不予解决"):
        raise BadValue(f"该申请已{request.status}")
    settled_on = _a_date(settled_on, "办结日期", required=status in ("已解决", "不予解决"))
    if settled_on and settled_on < request.requested_on:
        raise BadValue(f"办结日期早于申请日期 {request.requested_on}")
    if status == "已解决":
        result = _required(result, "住房地址" if isinstance(request, HousingRequest) else "安置单位")
    request.status = status
    request.settled_on = settled_on
    if isinstance(request, HousingRequest):
        request.address = (result or request.address).strip()
    else:
        request.placed_unit = (result or request.placed_unit).strip()
    request.save()
    return request


def welfare_queue(kind: str = "housing") -> list:
    """Open housing (住房) or family-placement (家属安置) requests in the order they are worked
    through: out-of-town staff first, then by request date (先外后内)."""
    model = _welfare_model(kind)
    query = (model.select(model, Person).join(Person, on=(model.person == Person.id))
             .where(model.status.in_(("待办", "办理中")), Person.status.not_in(GONE))
             .order_by(Person.out_of_town.desc(), model.requested_on, model.id))
    return list(query)


# ---------------------------------------------------------------- allocation (优化配置)
@dataclass
class SectionSkills:
    section: Section
    members: list[Person]
    educations: dict[str, int]  # 学历 → people
    majors: list[str]  # distinct, as entered
    expertise: list[str]

    @property
    def gaps(self) -> list[str]:
        """What a section visibly lacks: no one with a degree, one major for everybody, no expertise."""
        out = []
        if self.members and not any(e in ("研究生", "大学本科") for e in self.educations):
            out.append("没有本科以上学历的人员")
        if len(self.members) >= 3 and len(self.majors) <= 1:
            out.append("专业单一")
        if self.members and not self.expertise:
            out.append("未登记专长")
        return out


def allocation() -> list[SectionSkills]:
    """Each active section with its members' education, majors and expertise, to see where
    skills complement each other and where a move would help."""
    people: dict[int, list[Person]] = {}
    for p in Person.select().where(Person.status.not_in(GONE)).order_by(Person.name):
        people.setdefault(p.section_id, []).append(p)
    out = []
    for section in Section.select().where(Section.active).order_by(Section.sort_order, Section.id):
        members = people.get(section.id, [])
        educations: dict[str, int] = {}
        for p in members:
            if p.education:
                educations[p.education] = educations.get(p.education, 0) + 1
        majors = sorted({p.major for p in members if p.major})
        expertise = sorted({x.strip() for p in members for x in p.expertise.replace("，", "、").replace(",", "、").split("、")
                            if x.strip()})
        out.append(SectionSkills(section, members, educations, majors, expertise))
    return out


# ---------------------------------------------------------------- reports for the command line
def staff_report() -> dict:
    """{"sections": [{"section", "chief", "members": [{"name", "post", "rank", "status"}]}]}"""
    sections = []
    groups: dict[int | None, list] = {}
    for p in Person.select().where(Person.status.not_in(GONE)).order_by(Person.id):
        groups.setdefault(p.section_id, []).append(p)
    chiefs = {p.id: p.name for p in Person.select(Person.id, Person.name)}
    for s in Section.select().where(Section.active).order_by(Section.sort_order, Section.id):
        sections.append({"section": s.name, "chief": chiefs.get(s.chief_id, ""),
                         "members": [{"name": p.name, "post": p.post, "rank": p.rank, "status": p.status}
                                     for p in groups.get(s.id, [])]})
    if groups.get(None):
        sections.append({"section": "", "chief": "", "members": [
            {"name": p.name, "post": p.post, "rank": p.rank, "status": p.status} for p in groups[None]]})
    return {"sections": sections}


def rank_due_report(today: date | None = None) -> dict:
    """{"people": [{"name", "section", "transfer_in", "due", "overdue"}]}"""
    return {"people": [{"name": d.person.name, "section": d.section, "transfer_in": d.joined_on.isoformat(),
                        "due": d.due.isoformat(), "overdue": d.overdue} for d in rank_due(today)]}


# ---------------------------------------------------------------- responsibility contracts (责任状)
CONTRACT_STAGES = {"半年": ("half_score", "half_assessed_on"), "年终": ("year_score", "year_assessed_on")}


@requires("staff.edit")
def create_contract(year: int, level: str, title: str, targets: list[dict], section: Section | None = None,
                    person: Person | None = None, signed_on=None, signed_by: str = "") -> ResponsibilityContract:
    """A contract signed level by level: the office's, then each section's under it, then each
    person's under their section's.  ``targets``: [{title, measure, weight, due_on}], weights
    adding up to 100."""
    from govoffice_desktop.models.staff import CONTRACT_LEVELS, ContractTarget, ResponsibilityContract as Contract

    if level not in CONTRACT_LEVELS:
        raise BadValue(f"层级应为{'、'.join(CONTRACT_LEVELS)}之一")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise BadValue(f"年度不对：{year!r}") from None
    title = _required(title, "责任状标题")
    signed_on = _a_date(signed_on, "签订日期")
    if signed_on and not date(year - 1, 10, 1) <= signed_on <= date(year, 12, 31):
        raise BadValue(f"签订日期 {signed_on} 不在 {year} 年度内（可提前到上一年第四季度）")
    same_year = Contract.select().where(Contract.year == year)
    parent = None
    if level == "办公室":
        if same_year.where(Contract.level == "办公室").exists():
            raise BadValue(f"{year} 年办公室的责任状已经签订")
        section = person = None
    elif level == "科室":
        if section is None:
            raise BadValue("科室责任状要选定科室")
        parent = same_year.where(Contract.level == "办公室").first()
        if parent is None:
            raise BadValue(f"请先签订 {year} 年办公室的责任状，再逐级签到科室")
        if same_year.where(Contract.level == "科室", Contract.section == section).exists():
            raise BadValue(f"{section.name} {year} 年的责任状已经签订")
        person = None
    else:
        if person is None:
            raise BadValue("个人责任状要选定人员")
        section = person.section
        parent = same_year.where(Contract.level == "科室", Contract.section == section).first() if section else None
        if parent is None:
            raise BadValue(f"请先签订{section.name if section else '其所在科室'} {year} 年的责任状，再签到个人")
        if same_year.where(Contract.level == "个人", Contract.person == person).exists():
            raise BadValue(f"{person.name} {year} 年的责任状已经签订")
    items = []
    for i, t in enumerate(targets, start=1):
        item_title = _required(t.get("title"), f"第{i}项目标")
        try:
            weight = int(t.get("weight") or 0)
        except (TypeError, ValueError):
            raise BadValue(f"第{i}项目标的分值应为整数：{t.get('weight')!r}") from None
        if weight <= 0:
            raise BadValue(f"第{i}项目标的分值应大于0")
        items.append({"title": item_title[:200], "measure": (t.get("measure") or "").strip()[:100], "weight": weight,
                      "due_on": _a_date(t.get("due_on"), f"第{i}项目标的完成时限")})
    if not items:
        raise BadValue("责任状至少要有一项目标")
    total = sum(t["weight"] for t in items)
    if total != 100:
        raise BadValue(f"各项目标的分值合计应为100，现为{total}")
    with database.atomic():
        contract = Contract.create(year=year, level=level, section=section, person=person, parent=parent,
                                   title=title[:100], signed_on=signed_on, signed_by=(signed_by or "").strip())
        for item in items:
            ContractTarget.create(contract=contract, **item)
        return contract


@requires("staff.edit")
def assess_contract(contract, stage: str, assessed_on, scores: dict[int, object], notes: dict[int, str] | None = None):
    """半年 or 年终 assessment: a score for every target item, from 0 to the item's weight."""
    if stage not in CONTRACT_STAGES:
        raise BadValue("考核应为“半年”或“年终”")
    score_field, date_field = CONTRACT_STAGES[stage]
    assessed_on = _a_date(assessed_on, "考核日期", required=True)
    if contract.signed_on and assessed_on < contract.signed_on:
        raise BadValue(f"考核日期早于签订日期 {contract.signed_on}")
    if stage == "年终" and not contract.half_assessed_on:
        raise BadValue("请先完成半年考核")
    if stage == "年终" and assessed_on < contract.half_assessed_on:
        raise BadValue(f"年终考核日期早于半年考核日期 {contract.half_assessed_on}")
    if stage == "半年" and contract.year_assessed_on:
        raise BadValue("已经年终考核，半年考核不再修改")
    targets = list(contract.targets.order_by(contract.targets.model.id))
    given = {}
    for i, target in enumerate(targets, start=1):
        if target.id not in scores or scores[target.id] in (None, ""):
            raise BadValue(f"第{i}项“{target.title}”还没有打分")
        score = a_number(scores[target.id], f"第{i}项的得分", places=1)
        if not Decimal(0) <= score <= target.weight:
            raise BadValue(f"第{i}项“{target.title}”的得分应在0到{target.weight}之间")
        given[target.id] = score
    with database.atomic():
        for target in targets:
            setattr(target, score_field, given[target.id])
            if notes and notes.get(target.id):
                target.assessment = notes[target.id].strip()
            if stage == "年终":
                target.achieved = given[target.id] == target.weight
                target.assessed_on = assessed_on
            target.save()
        setattr(contract, date_field, assessed_on)
        contract.save()
    return contract


def contract_total(contract, stage: str) -> Decimal | None:
    """The contract's score at a stage: the sum of its items (None until assessed)."""
    score_field, _date = CONTRACT_STAGES[stage]
    scores = [getattr(t, score_field) for t in contract.targets]
    return None if not scores or any(s is None for s in scores) else sum(scores, Decimal(0))


def contracts_of_year(year: int) -> list:
    """A year's contracts in signing order: the office's, then each section's, then each person's."""
    from govoffice_desktop.models.staff import ResponsibilityContract as Contract

    order = pw.Case(Contract.level, (("办公室", 0), ("科室", 1)), 2)
    return list(Contract.select().where(Contract.year == int(year)).order_by(order, Contract.section, Contract.id))


def contract_party(contract) -> str:
    """Who signed on the receiving side: the office, a section or a person."""
    if contract.person_id:
        return contract.person.name
    if contract.section_id:
        return contract.section.name
    return "办公室"


def welfare_requests(kind: str) -> list:
    """Every request of a kind: the open ones in queue order (先外后内), then the closed ones,
    newest first."""
    model = _welfare_model(kind)
    queue = welfare_queue(kind)
    queued = {r.id for r in queue}
    rest = (model.select(model, Person).join(Person, on=(model.person == Person.id))
            .order_by(model.settled_on.desc(nulls="LAST"), model.id.desc()))
    return queue + [r for r in rest if r.id not in queued]  # closed ones, and open ones of people who left


def people_on_staff() -> list[Person]:
    """Everyone on the staff (not 调离 / 退休), by section and name: the choices of a form."""
    return list(Person.select(Person, Section).join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id))
                .where(Person.status.not_in(GONE)).order_by(Section.sort_order, Person.name))


def active_sections() -> list[Section]:
    """The sections people can be placed in (not merged away), in the office's order."""
    return list(Section.select().where(Section.active).order_by(Section.sort_order, Section.id))


# ---------------------------------------------------------------- lookups the forms offer as choices
def person_by_id(person_id: int | None) -> Person | None:
    return Person.get_or_none(Person.id == person_id) if person_id is not None else None


def section_by_id(section_id: int | None) -> Section | None:
    return Section.get_or_none(Section.id == section_id) if section_id is not None else None


def candidate_by_id(candidate_id: int | None) -> Candidate | None:
    return Candidate.get_or_none(Candidate.id == candidate_id) if candidate_id is not None else None


@dataclass
class SectionRow:
    section: Section
    chief: str
    members: int  # on the staff (not 调离 / 退休)
    merged_into: str


def sections_overview() -> list[SectionRow]:
    """Every section, the active ones first, with its chief and how many are on its staff."""
    counts = dict(Person.select(Person.section, pw.fn.COUNT(Person.id))
                  .where(Person.status.not_in(GONE), Person.section.is_null(False))
                  .group_by(Person.section).tuples())
    names = {p.id: p.name for p in Person.select(Person.id, Person.name)
             .where(Person.id.in_(Section.select(Section.chief).where(Section.chief.is_null(False))))}
    sections = list(Section.select().order_by(Section.active.desc(), Section.sort_order, Section.id))
    by_id = {s.id: s.name for s in sections}
    return [SectionRow(s, names.get(s.chief_id, ""), counts.get(s.id, 0), by_id.get(s.merged_into_id, ""))
            for s in sections]


def section_members(section_: Section) -> list[Person]:
    """The people on a section's staff, by name."""
    return list(Person.select().where(Person.section == section_, Person.status.not_in(GONE))
                .order_by(Person.name))


def candidates() -> list[Candidate]:
    """Candidates, the undecided first, newest first; their vetoes fetched with them."""
    from govoffice_desktop.models.staff import CandidateVeto

    query = Candidate.select().order_by((Candidate.decision == "待定").desc(), Candidate.id.desc())
    return list(pw.prefetch(query, CandidateVeto.select().order_by(CandidateVeto.recorded_on, CandidateVeto.id)))


def contract_by_id(contract_id: int | None):
    from govoffice_desktop.models.staff import ResponsibilityContract as Contract

    return Contract.get_or_none(Contract.id == contract_id) if contract_id is not None else None


def welfare_request_by_id(kind: str, request_id: int | None):
    model = _welfare_model(kind)
    return model.get_or_none(model.id == request_id) if request_id is not None else None


def __getattr__(name: str):
    """``staff.person_history`` and ``staff.HistoryEntry``, the old names: the whole-person history
    reads every domain (ratings too, which reads staff), so it lives in services/person_history.py
    and is only looked up here when asked for, never imported with staff."""
    if name in ("person_history", "HistoryEntry"):
        from govoffice_desktop.services import person_history

        return getattr(person_history, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
