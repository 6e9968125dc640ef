"""演示数据, one module per domain (staff, typing_pool, fleet, ratings, supervision, rewards) over
common and reference; builder runs them in order.  Callers keep ``demo.generate`` and
``demo.DemoError``."""
from __future__ import annotations

from govoffice_desktop.services.demo.common import (  # noqa: F401
    DEFAULT_SEED, DEMO_PASSWORD, DemoError, DemoSummary, CENT, ONE_PLACE, MERGE_SOURCE, MERGE_TARGET,
    FIRST_DAY, LARGE, SCALES, STANDARD, Scale)
from govoffice_desktop.services.demo.reference import (  # noqa: F401
    SURNAMES, MALE_GIVEN, FEMALE_GIVEN, SHARED_GIVEN, NATIVE_PLACES, SECTIONS, WORST_SECTION, STAFF_PLAN,
    ROLE_POST, ROLE_AGE, CADRE_LADDER, WORKER_LADDER, MAJORS, EXPERTISE, SOURCE_UNITS, LEADER_UNITS,
    WORKER_UNITS, DOC_TOPICS, REPORT_TOPICS, REPLY_TOPICS, BULLETIN_TOPICS, MEETING_TOPICS, DOC_PREFIXES,
    ERROR_FIELDS, ERROR_WEIGHTS, VEHICLE_SPECS, DESTINATIONS, TRIP_PURPOSES, STATIONS, BOTTOM_UP_SCALE,
    TOP_DOWN_SCALE, BOTTOM_UP_PROBS, TOP_DOWN_PROBS, COMMON_TARGETS, SECTION_TARGETS, MISS_REMARKS,
    SECTION_MISS_REMARKS, TASK_TITLES, MEETING_SLIP_NOTES, PHONE_CALLERS, PHONE_SUBJECTS, BOOKS, TRAININGS)
from govoffice_desktop.services.demo.builder import (  # noqa: F401
    REFERENCE_DATA, refusal, generate)

__all__ = ["DemoError", "DemoSummary", "LARGE", "SCALES", "STANDARD", "Scale", "generate"]
