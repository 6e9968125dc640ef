"""考核督查专报: the monthly supervision report, compiled and stored as issued (第N期)."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TASK_DONE, TASK_WITHDRAWN
from datetime import date
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database, transaction_lock
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask, SupervisionReport, SupervisionTarget
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.office import DEFAULT_OFFICE_NAME, OFFICE_NAME_KEY, office_name, set_office_name  # noqa: F401 - moved there
from govoffice_desktop.services.supervision.checks import month_scores
from govoffice_desktop.services.supervision.common import _month_bounds, _not_future, _points
from govoffice_desktop.services.supervision.meetings import campaigns_report
from govoffice_desktop.services.validation import BadValue, a_date


# ================================================================ the monthly report
def report_of(year: int, month: int) -> SupervisionReport | None:
    return SupervisionReport.get_or_none(SupervisionReport.year == year, SupervisionReport.month == month)


def default_summary(year: int, month: int) -> str:
    """The opening paragraph, drafted from the month's figures (the compiler may rewrite it)."""
    first, last = _month_bounds(year, month)
    checks = DailyCheck.select().where(DailyCheck.checked_on.between(first, last))
    total = checks.count()
    ranking = month_scores(year, month)
    if not total:
        return f"{year}年{month}月没有督查记录。"
    missed = sum(s.missed for s in ranking)
    ded = sum((s.deductions for s in ranking), Decimal(0))
    bonus = sum((s.bonus for s in ranking), Decimal(0))
    days = len({d for (d,) in checks.select(DailyCheck.checked_on).distinct().tuples()})
    text = (f"{year}年{month}月，督查室对{len(ranking)}个科室开展日常督查{days}天，共督查{total}项次，"
            f"未达标{missed}项次，合计扣{_points(ded)}分，加{_points(bonus)}分。")
    if ranking:
        top = [s.section.name for s in ranking if s.rank == 1]
        low = [s.section.name for s in ranking if s.rank == ranking[-1].rank]
        text += f"{'、'.join(top)}月度得分最高；"
        text += f"{'、'.join(low)}得分最低，请引起重视。" if low != top else "各科室得分相同。"
    return text


@requires("supervision.edit")
def compile_report(year: int, month: int, summary: str | None = None, compiled_on=None,
                   today: date | None = None) -> SupervisionReport:
    """编发 the month's 考核督查专报: numbered 第N期 within the year on first compiling (the number
    stays when it is compiled again); the summary drafted from the figures unless given."""
    today = today or date.today()
    _first, last = _month_bounds(year, month)
    if last >= today:
        raise BadValue(f"{year}年{month}月还没过完，月底之后才能编发专报")
    day = a_date(compiled_on, "编发日期") or today
    if day <= last:
        raise BadValue(f"编发日期 {day} 应在 {year}年{month}月之后")
    _not_future(day, "编发日期", today)
    text = (summary or "").strip() or default_summary(year, month)
    with database.atomic():
        transaction_lock("supervision report", year)  # 第N期 numbers the year's reports: one at a time
        report = report_of(year, month)
        if report is None:
            # 第N期 of the report's own year: December's, compiled in January, is that year's last
            used = SupervisionReport.select(pw.fn.MAX(SupervisionReport.number)).where(
                SupervisionReport.year == year).scalar() or 0
            report = SupervisionReport(year=year, month=month, number=used + 1)
        report.compiled_on, report.summary, report.compiled_by = day, text, current_user()
        report.save()
    return report


NOTABLE = 15  # deductions listed in the report


def supervision_report(year: int, month: int, notable: int | None = NOTABLE) -> dict:
    """The content of the month's 考核督查专报, for JSON, PDF and Excel alike: the ``notable``
    largest deductions (all of them with None)."""
    first, last = _month_bounds(year, month)
    ranking = month_scores(year, month)
    report = report_of(year, month)
    checks = (DailyCheck.select(DailyCheck, Section, SupervisionTarget, Person)
              .join(Section, on=(DailyCheck.section == Section.id)).switch(DailyCheck)
              .join(SupervisionTarget, on=(DailyCheck.target == SupervisionTarget.id)).switch(DailyCheck)
              .join(Person, pw.JOIN.LEFT_OUTER, on=(DailyCheck.person == Person.id))
              .where(DailyCheck.checked_on.between(first, last)))
    missed = [c for c in checks if not c.met]
    missed.sort(key=lambda c: (-c.deduction, c.checked_on, c.id))
    bonuses = sorted((c for c in checks if c.bonus > 0), key=lambda c: (c.checked_on, c.id))

    def line(c: DailyCheck, points: Decimal) -> dict:
        return {"date": c.checked_on.isoformat(), "section": c.section.name,
                "person": c.person.name if c.person_id else "", "target": c.target.name, "kind": c.target.kind,
                "points": str(points), "remark": c.remark}

    tasks = (SupervisedTask.select(SupervisedTask, Person, Section)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id)).switch(SupervisedTask)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id)))
    completed, overdue = [], []
    for t in tasks:
        who = t.person.name if t.person_id else t.person_name
        base = {"title": t.title, "responsible": who, "section": t.section.name if t.section_id else "",
                "source": t.source, "deadline": t.deadline.isoformat()}
        if t.status == TASK_DONE and t.completed_on and first <= t.completed_on <= last:
            completed.append({**base, "completed_on": t.completed_on.isoformat(),
                              "on_time": t.completed_on <= t.deadline})
        open_at_end = t.assigned_on <= last and (t.completed_on is None or t.completed_on > last)
        if open_at_end and t.status != TASK_WITHDRAWN and t.deadline < last:
            overdue.append({**base, "days_overdue": (last - t.deadline).days})
    completed.sort(key=lambda r: r["completed_on"])
    overdue.sort(key=lambda r: -r["days_overdue"])
    return {
        "month": f"{year}-{month:02d}",
        "year": year, "month_number": month,
        "issue_no": report.number if report else None,
        "compiled_on": report.compiled_on.isoformat() if report else None,
        "compiled_by": report.compiled_by if report else "",
        "summary": report.summary if report else default_summary(year, month),
        "checks": len(checks), "missed": len(missed),
        "deduction_points": str(sum((s.deductions for s in ranking), Decimal(0))),
        "bonus_points": str(sum((s.bonus for s in ranking), Decimal(0))),
        "sections": [{"section": s.section.name, "score": str(s.score), "rank": s.rank, "change": s.change,
                      "previous_rank": s.previous_rank,
                      "score_change": None if s.score_change is None else str(s.score_change),
                      "days": s.days, "deductions": str(s.deductions), "bonus": str(s.bonus), "missed": s.missed}
                     for s in ranking],
        "deductions": [line(c, c.deduction) for c in (missed if notable is None else missed[:notable])],
        "more_deductions": 0 if notable is None else max(0, len(missed) - notable),
        "bonuses": [line(c, c.bonus) for c in bonuses],
        "tasks": {"completed": completed, "overdue": overdue},
        "campaigns": campaigns_report()["campaigns"],
    }
