"""人员档案 services, one module per rule family: files (the staff file and moves, sections),
candidates (拟调人员考察), rank (定职定级), training (学习培训, 读三本书), contracts (责任状), welfare
(住房, 家属安置).  Callers keep ``from govoffice_desktop.services import staff; staff.x(...)``."""
from __future__ import annotations

from govoffice_desktop.services.staff.files import (  # noqa: F401
    mask_id_number, mask_phone, shown_phone, year_month, person_listing, roster_listing, filter_choices,
    section_names, GONE, add_months, add_section, rename_section, set_chief, merge_sections,
    PERSON_TEXT_FIELDS, save_person, move_person, leave_office, SectionSkills, allocation, staff_report,
    people_on_staff, active_sections, person_by_id, section_by_id, SectionRow, sections_overview, unranked,
    rank_pending, shown_status_expr, shown_status, SHOWN_STATUSES,
    section_members, POST_ORDER, LEADER_POSTS, RosterGroup, roster_groups)
from govoffice_desktop.services.staff.rank import (  # noqa: F401
    PROBATION_MONTHS, RANK_REMINDER_DAYS, RankDue, rank_due, determine_rank, rank_due_report, earliest_rank_date,
    person_named)
from govoffice_desktop.services.staff.candidates import (  # noqa: F401
    add_candidate, update_screening, add_veto, decide_candidate, candidate_by_id, candidates)
from govoffice_desktop.services.staff.training import (  # noqa: F401
    add_training, record_reading, BookProgress, three_books, three_books_by_section)
from govoffice_desktop.services.staff.contracts import (  # noqa: F401
    CONTRACT_STAGES, CONTRACT_SIGNERS, contract_signer, contract_signatures, create_contract, assess_contract, contract_total, contracts_of_year, contract_party,
    contract_by_id)
from govoffice_desktop.services.staff.welfare import (  # noqa: F401
    WELFARE_KINDS, add_welfare_request, settle_welfare_request, welfare_queue, welfare_requests,
    welfare_request_by_id)
from govoffice_desktop.models.staff import READING_KINDS  # noqa: F401  (as before)
