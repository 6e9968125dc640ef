"""季度评议 services: listings of the tallies (votes per grade per section per group)."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.ratings import Grade, RaterGroup, RatingPeriod, Tally, period_label
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services.listing import Column, Listing

def tally_listing() -> Listing:
    period_key = RatingPeriod.year * 10 + RatingPeriod.quarter
    target = pw.fn.COALESCE(Section.name, Person.name)
    return Listing(
        model=Tally,
        columns=[
            Column("period", "评议期", period_key, convert=lambda v: period_label(v // 10, v % 10) if v else ""),
            Column("direction", "方向", RaterGroup.direction, searchable=True),
            Column("group", "评议组", RaterGroup.name, searchable=True),
            Column("target", "被评对象", target, searchable=True),
            Column("grade", "等次", Grade.label, searchable=True),
            Column("votes", "票数", Tally.votes),
        ],
        joins=lambda q: (q.join(RaterGroup, on=(Tally.group == RaterGroup.id))
                          .join(RatingPeriod, on=(RaterGroup.period == RatingPeriod.id))
                          .switch(Tally).join(Grade, on=(Tally.grade == Grade.id))
                          .switch(Tally).join(Section, pw.JOIN.LEFT_OUTER, on=(Tally.section == Section.id))
                          .switch(Tally).join(Person, pw.JOIN.LEFT_OUTER, on=(Tally.person == Person.id))),
        default_order="period",
        default_desc=True,
    )
