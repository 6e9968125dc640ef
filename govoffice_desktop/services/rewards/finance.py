"""财务管理: the findings of the office's finance checks, each under a 财务管理 rule (报销单据不合规,
超预算支出, 借款逾期未还…) with who answers for it, what, the money involved and the day.  The month's
财务结账 posts each finding's rule amount to the reward/penalty ledger in one transaction, once;
撤销结账 (until the bonus sheet is final) takes them back (services/months.py)."""
from __future__ import annotations

from datetime import date

import peewee as pw

from govoffice_desktop.models.db import current_user
from govoffice_desktop.models.rewards import CAT_FINANCE, FinanceFinding, RewardPenalty
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.rewards.ledger import ZERO, _money, _month_bounds, _person, domain_closed, not_final
from govoffice_desktop.services.rules import FINANCE_RULES, rule_amount
from govoffice_desktop.services.validation import BadValue, a_date, required_text

FINANCE_SOURCE = "finance_finding"


def finance_rules() -> dict[str, str]:
    """code → name of the rules a finance finding is recorded under, in the order of the regulations."""
    return {code: name for code, (_category, name, _default, _unit) in FINANCE_RULES.items()}


def _open_month(day: date, what: str) -> None:
    not_final(day, what)
    if domain_closed(CAT_FINANCE, day.year, day.month):
        raise BadValue(f"{day.year}年{day.month}月的财务管理已结账，不能再{what}；如需更正，请先撤销该月的财务结账")


@requires("rewards.edit")
def save_finding(data: dict, finding: FinanceFinding | None = None, today: date | None = None) -> FinanceFinding:
    """A finding: the day, the rule, who answers (a person, or a section whose chief answers at the
    closing), the money involved and what was found.  A month closed or final takes none."""
    today = today or date.today()
    day = a_date(data.get("found_on"), "检查日期", required=True)
    if day > today:
        raise BadValue(f"检查日期 {day} 还没到")
    code = data.get("rule") or ""
    if code not in FINANCE_RULES:
        raise BadValue(f"请选择财务管理规定：{'、'.join(finance_rules().values())}")
    person = data.get("person")
    person = None if person in (None, "") else _person(person, "责任人")
    section = data.get("section")
    section = Section.get_or_none(Section.id == section) if isinstance(section, int) else section
    if section in (None, ""):
        section = person.section if person is not None and person.section_id else None
    if person is None and not isinstance(section, Section):
        raise BadValue("要写明责任人或责任科室（只写科室时由科室负责人承担）")
    if person is None and not section.active:
        raise BadValue(f"{section.name}已合署，请记到合署后的科室或写明责任人")
    involved = _money(data.get("amount_involved"), "涉及金额", required=False)
    if involved is not None and involved < 0:
        raise BadValue("涉及金额不能为负")
    text = required_text(data.get("description"), "检查情况")
    if len(text) > 200:
        raise BadValue("检查情况不超过200个字")
    _open_month(day, "登记财务检查")
    if finding is not None and finding.id is not None:
        _open_month(finding.found_on, "修改财务检查")
    finding = finding or FinanceFinding(entered_by=current_user())
    finding.found_on, finding.rule, finding.person, finding.section = day, code, person, section
    finding.amount_involved, finding.description = involved, text
    finding.save()
    return finding


@requires("rewards.edit")
def delete_finding(finding: FinanceFinding) -> None:
    _open_month(finding.found_on, "删除财务检查")
    finding.delete_instance()


def finding_by_id(finding_id: int | None) -> FinanceFinding | None:
    return FinanceFinding.get_or_none(FinanceFinding.id == finding_id) if finding_id is not None else None


def findings_of(year: int, month: int) -> list[FinanceFinding]:
    first, last = _month_bounds(year, month)
    return list(FinanceFinding.select().where(FinanceFinding.found_on.between(first, last))
                .order_by(FinanceFinding.found_on, FinanceFinding.id))


def finance_month_entries(year: int, month: int) -> list[dict]:
    """What closing the month's 财务管理 posts: for each finding, its rule's amount in force on the day
    it was found, charged to the person named or else to the section's chief (a rule set to 0 posts
    nothing).  A finding nobody answers for refuses the whole closing, naming it."""
    out, nobody = [], []
    for f in findings_of(year, month):
        amount = rule_amount(f.rule, f.found_on)
        if not amount:
            continue
        who = f.person_id or (f.section.chief_id if f.section_id else None)
        if who is None:
            nobody.append(f"{f.found_on} {f.section.name if f.section_id else ''}")
            continue
        involved = f"（涉及金额 {f.amount_involved} 元）" if f.amount_involved is not None else ""
        out.append(dict(person=who, entry_date=f.found_on, category=CAT_FINANCE, amount=amount,
                        reason=f"{f.found_on} {FINANCE_RULES[f.rule][1].split('（')[0]}：{f.description}{involved}"[:200],
                        source_table=FINANCE_SOURCE, source_id=f.id, entered_by=current_user()))
    if nobody:
        raise BadValue(f"以下财务检查只写了科室，而科室没有负责人，请先指定科室负责人或写明责任人：{'；'.join(nobody)}")
    return out


def _finance_posted(year: int, month: int):
    first, last = _month_bounds(year, month)
    return (RewardPenalty.source_table == FINANCE_SOURCE) & RewardPenalty.entry_date.between(first, last)


def finance_posted(year: int, month: int) -> list[RewardPenalty]:
    """The ledger entries the month's 财务结账 posted."""
    return list(RewardPenalty.select().where(_finance_posted(year, month)).order_by(RewardPenalty.entry_date,
                                                                                    RewardPenalty.id))


FINANCE_CLOSING = months.Closing("财务管理", (CAT_FINANCE,), _finance_posted, dated_refusals=True)


@requires("rewards.edit")
def close_finance_month(year: int, month: int, today: date | None = None) -> list[dict]:
    """财务结账: the month's findings posted to the ledger, once, in one transaction."""
    return months.close(FINANCE_CLOSING, year, month, lambda: finance_month_entries(year, month), today)


@requires("rewards.edit")
def reopen_finance_month(year: int, month: int) -> None:
    """撤销财务结账, until the bonus sheet is final: the posted entries go, findings can be corrected."""
    months.reopen(FINANCE_CLOSING, year, month)


def finance_report(year: int, month: int) -> dict:
    """The month's findings, whether the month is closed, and what its closing posted (or would post)."""
    closed = domain_closed(CAT_FINANCE, year, month)
    findings = findings_of(year, month)
    posted = {e.source_id: e for e in finance_posted(year, month)}
    out = []
    for f in findings:
        entry = posted.get(f.id)
        out.append({"date": f.found_on.isoformat(), "rule": f.rule, "problem": FINANCE_RULES[f.rule][1].split("（")[0],
                    "person": f.person.name if f.person_id else "", "section": f.section.name if f.section_id else "",
                    "amount_involved": None if f.amount_involved is None else str(f.amount_involved),
                    "description": f.description,
                    "posted": None if entry is None else {"person": entry.person.name, "amount": str(entry.amount)}})
    return {"month": f"{year}-{month:02d}", "closed": closed, "findings": out,
            "posted_total": str(sum((e.amount for e in posted.values()), ZERO))}


def finding_listing(year: int | None = None, month: int | None = None) -> Listing:
    """The findings, newest first, with what the month's closing posted for each (blank until closed)."""
    where = None
    if year and month:
        first, last = _month_bounds(year, month)
        where = FinanceFinding.found_on.between(first, last)
    rule = pw.Case(FinanceFinding.rule, [(code, name.split("（")[0]) for code, name in finance_rules().items()],
                   FinanceFinding.rule)
    charged = Person.alias("charged")
    return Listing(
        model=FinanceFinding,
        columns=[
            Column("found_on", "检查日期", FinanceFinding.found_on),
            Column("rule", "问题", rule, searchable=True),
            Column("person", "责任人", Person.name, searchable=True),
            Column("section", "科室", Section.name, searchable=True),
            Column("amount_involved", "涉及金额", FinanceFinding.amount_involved),
            Column("posted", "已扣减（元）", RewardPenalty.amount),
            Column("charged", "扣减对象", charged.name, searchable=True),
            Column("entered_by", "登记人", FinanceFinding.entered_by, searchable=True),
            Column("description", "检查情况", FinanceFinding.description, searchable=True),
        ],
        joins=lambda q: (q.join(Person, pw.JOIN.LEFT_OUTER, on=(FinanceFinding.person == Person.id))
                          .switch(FinanceFinding)
                          .join(Section, pw.JOIN.LEFT_OUTER, on=(FinanceFinding.section == Section.id))
                          .switch(FinanceFinding)
                          .join(RewardPenalty, pw.JOIN.LEFT_OUTER,
                                on=((RewardPenalty.source_table == FINANCE_SOURCE)
                                    & (RewardPenalty.source_id == FinanceFinding.id)))
                          .join(charged, pw.JOIN.LEFT_OUTER, on=(RewardPenalty.person == charged.id))),
        where=where,
        default_order="found_on",
        default_desc=True,
    )
