"""人员档案: the staff file and its moves (调动, 调离, 退休), the sections (科室, 合署), the lists and
lookups the forms offer, and the masks of sensitive columns."""
from __future__ import annotations

from govoffice_desktop.models.staff import LEFT
from govoffice_desktop.models.staff import OFF_STAFF as GONE  # statuses of people no longer on the staff
from dataclasses import dataclass
from datetime import date, timedelta

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import (ENTRY_KINDS, GENDERS, ON_PROBATION, PERSON_STATUSES, RANK_PENDING,
                                            TRANSFERRED_IN, Person, PersonMove, RankRecord, Section, SectionMerge)
from govoffice_desktop.services import auth, months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import (BadValue, a_date, normalise_id_number, parse_month_or_date,
                                                   parse_year_month, person_dates_problem, required_text)


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


def unranked() -> pw.Expression:
    """SQL: the person (of the query it is used in) has no rank fixed since joining the office."""
    fixed = (RankRecord.select(RankRecord.id).where(RankRecord.person == Person.id,
                                                    RankRecord.decided_on >= Person.joined_on))
    return ~pw.fn.EXISTS(fixed)


def rank_pending() -> pw.Expression:
    """SQL: 待定职级 — transferred in (调入, with a transfer-in date), on the staff (在岗, or 试用期 as
    files made before the entry kind was recorded have it), and no rank fixed since.  A newly
    recruited civil servant (新录用) keeps 试用期."""
    return ((Person.entry_kind == TRANSFERRED_IN) & Person.joined_on.is_null(False)
            & Person.status.in_(("在岗", ON_PROBATION)) & unranked())


def shown_status_expr() -> pw.Expression:
    """SQL: the status the staff list shows — 待定职级 where it applies, else the stored status."""
    return pw.Case(None, [(rank_pending(), RANK_PENDING)], Person.status)


SHOWN_STATUSES = (PERSON_STATUSES[0], RANK_PENDING, *PERSON_STATUSES[1:])  # what the list can show


def shown_status(person: Person) -> str:
    """The status of one staff file as the list and the file show it (待定职级 where it applies)."""
    if person.id is None:
        return person.status
    return Person.select(shown_status_expr()).where(Person.id == person.id).scalar() or person.status


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
            Column("status", "状态", shown_status_expr(), searchable=True),
            Column("native_place", "籍贯", Person.native_place, searchable=True),
            Column("phone", "联系电话", Person.phone, searchable=True, convert=_shown("phone")),
            Column("id_number", "身份证号", Person.id_number, convert=mask_id_number),
        ],
        joins=lambda q: q.join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id)),
        default_order="section",
        filters={"section_id": Person.section, "status": shown_status_expr(), "post": Person.post,
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
    if "entry_kind" in data:
        kind = (data["entry_kind"] or TRANSFERRED_IN).strip()
        if kind not in ENTRY_KINDS:
            raise BadValue(f"进入方式应为{'、'.join(ENTRY_KINDS)}之一")
        values["entry_kind"] = kind
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
    reason = _required(reason, "调离去向或退休文号" if status == LEFT else "退休文号或说明")
    with database.atomic():
        move = _leave_section(person, left_on, None, f"{status}：{reason}", "离开日期")
        person.status = status
        person.save()  # the section stays on the file: where they last worked
        return move


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


# The office's posts from the top: the 花名册 lists the office's leaders first and each section's
# people in this order (posts not listed follow, in the order they joined the file).
POST_ORDER = ("主任", "常务副主任", "副主任", "秘书长", "副秘书长", "党组成员", "调研员", "副调研员",
              "科长", "主任科员", "副科长", "副主任科员", "科员", "办事员")
LEADER_POSTS = frozenset(POST_ORDER[:8])  # the office's leaders (办领导), whichever section holds them


def _post_rank(person: Person) -> int:
    post = (person.post or "").strip()
    return POST_ORDER.index(post) if post in POST_ORDER else len(POST_ORDER)


@dataclass
class RosterGroup:
    title: str  # 办公室领导, a section's name, or 未分科室
    chief: str  # the section's chief ("" for the leaders and 未分科室)
    members: list


def roster_groups(section_name: str | None = None) -> list[RosterGroup]:
    """The staff as the 花名册 lists them: the office's leaders first (by post), then each section
    in the office's order with its chief first and the others by post, then those in no section.
    ``section_name``: that section alone (no leaders' group)."""
    people = list(Person.select().where(Person.status.not_in(GONE)).order_by(Person.id))
    leaders = [p for p in people if (p.post or "").strip() in LEADER_POSTS]
    rest = [p for p in people if p not in leaders]
    groups: list[RosterGroup] = []
    if section_name is None and leaders:
        groups.append(RosterGroup("办公室领导", "", sorted(leaders, key=_post_rank)))
    by_section: dict[int | None, list] = {}
    for p in rest:
        by_section.setdefault(p.section_id, []).append(p)
    chiefs = {p.id: p.name for p in Person.select(Person.id, Person.name)}
    for s in Section.select().where(Section.active).order_by(Section.sort_order, Section.id):
        if section_name is not None and s.name != section_name:
            continue
        members = sorted(by_section.get(s.id, []), key=lambda p: (p.id != s.chief_id, _post_rank(p)))
        groups.append(RosterGroup(s.name, chiefs.get(s.chief_id, ""), members))
    if section_name is None and by_section.get(None):
        groups.append(RosterGroup("未分科室", "", sorted(by_section[None], key=_post_rank)))
    return groups


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
