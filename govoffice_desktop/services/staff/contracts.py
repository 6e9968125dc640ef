"""责任状: responsibility contracts signed level by level (office → section → person) and their assessment."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import database
from govoffice_desktop.models.staff import (CONTRACT_LEVELS, ContractTarget, Person, ResponsibilityContract,
                                            ResponsibilityContract as Contract, Section)
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.staff.files import _a_date, _required
from govoffice_desktop.services.validation import BadValue, a_number


# ---------------------------------------------------------------- responsibility contracts (责任状)
CONTRACT_STAGES = {"半年": ("half_score", "half_assessed_on"), "年终": ("year_score", "year_assessed_on")}
# Who signs a contract of each level, the issuing side first: 办公室主任 signs the office's and gives
# each section its; 科室负责人 signs the section's and gives each member theirs; 责任人 signs their own.
OFFICE_HEAD, SECTION_HEAD, RESPONSIBLE = "办公室主任", "科室负责人", "责任人"
CONTRACT_SIGNERS = {"办公室": (OFFICE_HEAD,), "科室": (OFFICE_HEAD, SECTION_HEAD), "个人": (SECTION_HEAD, RESPONSIBLE)}


def contract_signer(level: str) -> str:
    """Who signs a contract of ``level`` for the side that takes it on (``signed_by``)."""
    return CONTRACT_SIGNERS[level][-1]


def contract_signatures(contract) -> list[str]:
    """The signature lines of a printed contract: 办公室主任（签字）, 科室负责人（签字）, 责任人（签字）
    as the level has them."""
    return [f"{who}（签字）" for who in CONTRACT_SIGNERS[contract.level]]


@requires("staff.edit")
def create_contract(year: int, level: str, title: str, targets: list[dict], section: Section | None = None,
                    person: Person | None = None, signed_on=None, signed_by: str = "") -> ResponsibilityContract:
    """A contract signed level by level: the office's, then each section's under it, then each
    person's under their section's.  ``targets``: [{title, measure, weight, due_on}], weights
    adding up to 100."""
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
    order = pw.Case(Contract.level, (("办公室", 0), ("科室", 1)), 2)
    return list(Contract.select().where(Contract.year == int(year)).order_by(order, Contract.section, Contract.id))


def contract_party(contract) -> str:
    """Who signed on the receiving side: the office, a section or a person."""
    if contract.person_id:
        return contract.person.name
    if contract.section_id:
        return contract.section.name
    return "办公室"


def contract_by_id(contract_id: int | None):
    return Contract.get_or_none(Contract.id == contract_id) if contract_id is not None else None
