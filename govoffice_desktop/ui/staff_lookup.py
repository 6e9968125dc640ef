"""Read-only lookups the 人员档案 forms need to offer choices: sections, members, candidates.

services/staff.py has no reading functions for these yet.  They are kept here, in one place and
read-only, so that they can move into the service unchanged; every change goes through the
service's functions.
"""
from __future__ import annotations

from dataclasses import dataclass

import peewee as pw

from govoffice_desktop.models.staff import Candidate, Person, Section
from govoffice_desktop.services.staff import GONE


def person(person_id: int | None) -> Person | None:
    return Person.get_or_none(Person.id == person_id) if person_id is not None else None


def section(section_id: int | None) -> Section | None:
    return Section.get_or_none(Section.id == section_id) if section_id is not None else None


def candidate(candidate_id: int | None) -> Candidate | None:
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
