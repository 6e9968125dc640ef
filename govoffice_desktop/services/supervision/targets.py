"""督查目标: the year's 共性目标 and each section's 个体目标 that the daily checks are made against."""
from __future__ import annotations

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.supervision import TARGET_KINDS, DailyCheck, SupervisionTarget
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.supervision.common import FULL_MARKS, _section
from govoffice_desktop.services.validation import BadValue, a_number, required_text


# ================================================================ targets
def targets_of(year: int, section: Section | int | None = None, include_inactive: bool = False,
               every: bool = False) -> list[SupervisionTarget]:
    """The targets of ``year``: with a section, the 共性目标 and that section's 个体目标 (what it is
    checked against); with ``every``, all of the year's targets; otherwise the 共性目标 only."""
    query = SupervisionTarget.select().where(SupervisionTarget.year == year)
    section_id = section.id if isinstance(section, Section) else section
    if section_id is not None:
        query = query.where(SupervisionTarget.section.is_null() | (SupervisionTarget.section == section_id))
    elif not every:
        query = query.where(SupervisionTarget.section.is_null())
    if not include_inactive:
        query = query.where(SupervisionTarget.active)
    return list(query.order_by(SupervisionTarget.kind.desc(), SupervisionTarget.sort_order, SupervisionTarget.id))


def target_years() -> list[int]:
    return [y for (y,) in SupervisionTarget.select(SupervisionTarget.year).distinct()
            .order_by(SupervisionTarget.year).tuples()]


def target_by_id(target_id: int | None) -> SupervisionTarget | None:
    return SupervisionTarget.get_or_none(SupervisionTarget.id == target_id) if target_id is not None else None


@requires("supervision.edit")
def save_target(data: dict, target: SupervisionTarget | None = None) -> SupervisionTarget:
    """A 共性目标 (everyone) or a section's 个体目标, in the set of a year, with its points (deducted
    when missed) and check method.  A target already used by checks keeps its year, kind and section."""
    try:
        year = int(data.get("year"))
    except (TypeError, ValueError):
        raise BadValue("年度应为四位数字") from None
    if not 2000 <= year <= 2099:
        raise BadValue(f"年度 {year} 不在 2000–2099 之间")
    kind = data.get("kind") or "共性目标"
    if kind not in TARGET_KINDS:
        raise BadValue(f"目标类别应为{'或'.join(TARGET_KINDS)}")
    section = None
    if kind == "个体目标":
        section = _section(data.get("section"), "科室（个体目标须指定科室）")
        if not section.active:
            raise BadValue(f"{section.name}已合署，不能再定个体目标")
    name = required_text(data.get("name"), "目标名称")
    if len(name) > 60:
        raise BadValue("目标名称不超过60个字")
    points = a_number(data.get("points"), "分值", places=1)
    if points is None or points <= 0 or points > FULL_MARKS:
        raise BadValue("分值应大于0、不超过100（未达标时扣的分）")
    if target is not None and target.id is not None and DailyCheck.select().where(DailyCheck.target == target).exists():
        if (year, kind, section.id if section else None) != (target.year, target.kind, target.section_id):
            raise BadValue(f"“{target.name}”已有督查记录，不能再改年度、类别或科室（可停用后另建）")
    clash = SupervisionTarget.select().where(SupervisionTarget.year == year, SupervisionTarget.name == name,
                                             (SupervisionTarget.section == section.id) if section
                                             else SupervisionTarget.section.is_null())
    if target is not None and target.id is not None:
        clash = clash.where(SupervisionTarget.id != target.id)
    if clash.exists():
        where = section.name if section else "共性目标"
        raise BadValue(f"{year}年{where}中已有“{name}”")
    target = target or SupervisionTarget()
    target.year, target.kind, target.section, target.name, target.points = year, kind, section, name, points
    target.method = (data.get("method") or "").strip()[:100]
    target.sort_order = int(data.get("sort_order") or target.sort_order or 0)
    target.active = bool(data.get("active", True))
    target.save()
    return target


@requires("supervision.edit")
def copy_targets(from_year: int, to_year: int) -> int:
    """Start a year's set from another year's active targets (those it lacks); returns how many."""
    if from_year == to_year:
        raise BadValue("复制的来源年度和目标年度相同")
    have = {(t.section_id, t.name) for t in SupervisionTarget.select().where(SupervisionTarget.year == to_year)}
    source = [t for t in targets_of(from_year, every=True) if (t.section_id, t.name) not in have
              and (t.section_id is None or t.section.active)]
    if not targets_of(from_year, every=True):
        raise BadValue(f"{from_year}年没有考核目标可复制")
    with database.atomic():
        for t in source:
            SupervisionTarget.create(year=to_year, kind=t.kind, section=t.section_id, name=t.name, points=t.points,
                                     method=t.method, sort_order=t.sort_order, active=True)
    return len(source)


@requires("supervision.edit")
def delete_target(target: SupervisionTarget) -> None:
    if DailyCheck.select().where(DailyCheck.target == target).exists():
        raise BadValue(f"“{target.name}”已有督查记录，不能删除；不再考核的目标请停用")
    target.delete_instance()
