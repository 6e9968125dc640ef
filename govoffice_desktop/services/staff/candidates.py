"""拟调人员考察: candidate screening before a transfer in, with the four vetoes (四个不调)."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import GENDERS, VETOES, Candidate, CandidateVeto, Person, Section
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.staff.files import _a_date, _required, save_person
from govoffice_desktop.services.validation import BadValue


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


def candidate_by_id(candidate_id: int | None) -> Candidate | None:
    return Candidate.get_or_none(Candidate.id == candidate_id) if candidate_id is not None else None


def candidates() -> list[Candidate]:
    """Candidates, the undecided first, newest first; their vetoes fetched with them."""
    query = Candidate.select().order_by((Candidate.decision == "待定").desc(), Candidate.id.desc())
    return list(pw.prefetch(query, CandidateVeto.select().order_by(CandidateVeto.recorded_on, CandidateVeto.id)))
