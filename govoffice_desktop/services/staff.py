"""人员档案 services: staff listings and the rules about staff files."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services.listing import Column, Listing


def mask_id_number(value: str | None) -> str:
    """Show an ID number as 321302********123X: enough to tell people apart, no more."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


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
            Column("phone", "联系电话", Person.phone, searchable=True),
            Column("id_number", "身份证号", Person.id_number, convert=mask_id_number),
        ],
        joins=lambda q: q.join(Section, pw.JOIN.LEFT_OUTER, on=(Person.section == Section.id)),
        default_order="section",
        filters={"section_id": Person.section, "status": Person.status},
    )


def section_names() -> list[str]:
    return [s.name for s in Section.select(Section.name).where(Section.active).order_by(Section.sort_order, Section.id)]
