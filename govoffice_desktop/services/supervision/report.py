"""考核督查专报: the monthly supervision report, compiled and stored as issued (第N期)."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TASK_DONE, TASK_WITHDRAWN
from datetime import date
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database, transaction_lock
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask, SupervisionReport, SupervisionTarget
from govoffice_desktop.services import issued
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.documents import speed as documents_speed
from govoffice_desktop.services.office import DEFAULT_OFFICE_NAME, OFFICE_NAME_KEY, office_name, set_office_name  # noqa: F401 - moved there
from govoffice_desktop.services.supervision.checks import MONTH_SCORE_RULES, month_score_method, month_scores
from govoffice_desktop.services.supervision.common import _month_bounds, _not_future, _points
from govoffice_desktop.services.supervision.meetings import campaigns_report
from govoffice_desktop.services.validation import BadValue, a_date


# ================================================================ the monthly report
def report_of(year: int, month: int) -> SupervisionReport | None:
    """The month's 专报 as it stands: its latest issue (a correction, where there is one)."""
    return (SupervisionReport.select().where(SupervisionReport.year == year, SupervisionReport.month == month)
            .order_by(SupervisionReport.number.desc()).first())


def issues_of(year: int, month: int) -> list[SupervisionReport]:
    """Every issue of the month's 专报, the first first (then its corrections)."""
    return list(SupervisionReport.select().where(SupervisionReport.year == year, SupervisionReport.month == month)
                .order_by(SupervisionReport.number))


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


# What makes two issues of a month differ: its own figures and the summary, not who issued it when, nor
# the campaigns' running counts (they move every day: an issue shows them as they stood at the month's end
# when it was issued; a later accident or a late typing record does not make a correction).
NOT_COMPARED = frozenset({"issue_no", "compiled_on", "compiled_by", "corrects", "corrects_on", "issuer", "campaigns"})


# Parts the 专报 gained after issues were already stored: an issue stored without one reprints without it,
# and its absence is no change of the month's figures (no correction is asked for it).
LATER_PARTS = ("documents",)  # 文电办理情况 (issue 22)


def _comparable(figures: dict, stored: dict | None = None) -> dict:
    """The figures that make two issues differ; compared with the ``stored`` issue, without the parts
    it was issued without."""
    absent = {k for k in LATER_PARTS if stored is not None and k not in stored}
    return {k: v for k, v in figures.items() if k not in NOT_COMPARED and k not in absent}


@requires("supervision.edit")
def compile_report(year: int, month: int, summary: str | None = None, compiled_on=None,
                   today: date | None = None) -> SupervisionReport:
    """编发 the month's 考核督查专报, numbered 第N期 within the year, its figures stored with it in the same
    transaction (every reprint gives them).  A month already issued is never changed: when its figures
    or the summary now differ (a reopened month corrected, a summary rewritten), a correction (更正) is
    issued with the next number, naming the 期 it corrects; when nothing differs it is refused."""
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
        before = report_of(year, month)
        figures = _month_report(year, month, text)
        if before is not None:
            stored = issued.loads(before.figures) if before.figures is not None else None
            if stored is not None and _comparable(stored) == _comparable(figures, stored):
                raise BadValue(f"{year}年{month}月的专报已编发（第{before.number}期），数字和综述都没有变化，无需更正")
            if day < before.compiled_on:
                raise BadValue(f"更正的编发日期 {day} 不能早于第{before.number}期的编发日期 {before.compiled_on}")
        # 第N期 of the report's own year: December's, compiled in January, is that year's last
        used = SupervisionReport.select(pw.fn.MAX(SupervisionReport.number)).where(
            SupervisionReport.year == year).scalar() or 0
        figures = issue_figures(year, month, text, used + 1, day, current_user(), before, figures)
        report = SupervisionReport(year=year, month=month, number=used + 1, compiled_on=day, summary=text,
                                   compiled_by=figures["compiled_by"], corrects=figures["corrects"],
                                   figures=issued.dumps(figures))
        report.save()
    return report


def issue_figures(year: int, month: int, summary: str, number: int, day: date, who: str,
                  corrects: SupervisionReport | None = None, figures: dict | None = None) -> dict:
    """What an issue 第``number``期 of the month stores: every section as it prints now, with its
    number, day and compiler (and the issue it corrects)."""
    figures = figures or _month_report(year, month, summary)
    figures.update(issue_no=number, compiled_on=day.isoformat(), compiled_by=who,
                   corrects=corrects.number if corrects else None,
                   corrects_on=corrects.compiled_on.isoformat() if corrects else None)
    return figures


def report_differs(year: int, month: int) -> bool:
    """The month's figures now differ from its latest issue's (a correction can be issued)."""
    report = report_of(year, month)
    if report is None or report.figures is None:
        return False
    stored = issued.loads(report.figures)
    now = _month_report(year, month, stored.get("summary", ""), campaigns=False)  # not compared: not counted
    return _comparable(stored) != _comparable(now, stored)


NOTABLE = 15  # deductions listed in the report


def supervision_report(year: int, month: int, notable: int | None = NOTABLE, issue: int | None = None) -> dict:
    """The content of the month's 考核督查专报, for JSON, PDF and Excel alike: of an issued month its
    latest issue (or ``issue``, 第N期) exactly as issued — its stored figures —, else the figures as
    they are now; the ``notable`` largest deductions (all of them with None).  ``issues`` lists the
    month's issues, ``stored`` says whether the figures are the issue's own (an issue of before they
    were kept is printed from the data)."""
    chosen = report_of(year, month)
    if issue is not None:
        if not isinstance(issue, int) or not 1 <= issue <= 9999:
            raise BadValue(f"期号应为1到9999的整数：{issue!r}")
        chosen = SupervisionReport.get_or_none(SupervisionReport.year == year, SupervisionReport.month == month,
                                               SupervisionReport.number == issue)
        if chosen is None:
            raise BadValue(f"{year}年{month}月的专报没有第{issue}期")
    if chosen is not None and chosen.figures is not None:
        data = issued.loads(chosen.figures)
    else:
        data = _month_report(year, month, chosen.summary if chosen else default_summary(year, month))
        if chosen is not None:  # issued before figures were kept, so before the later parts: printed without them
            for part in LATER_PARTS:
                data.pop(part, None)
            data.update(issue_no=chosen.number, compiled_on=chosen.compiled_on.isoformat(),
                        compiled_by=chosen.compiled_by, corrects=chosen.corrects, corrects_on=None)
    every = data["deductions"]
    data["deductions"] = every if notable is None else every[:notable]
    data["more_deductions"] = 0 if notable is None else max(0, len(every) - notable)
    later = [r.number for r in issues_of(year, month) if chosen is not None and r.number > chosen.number]
    data.update(stored=chosen is not None and chosen.figures is not None, corrected_by=later[0] if later else None,
                issues=[{"issue_no": r.number, "compiled_on": r.compiled_on.isoformat(), "corrects": r.corrects}
                        for r in issues_of(year, month)])
    return data


def _month_report(year: int, month: int, summary: str, campaigns: bool = True) -> dict:
    """Every section of the month's 专报 as the data stand now (every deduction listed), read for
    the month alone: its checks, the tasks completed in it or overdue at its end.  Without
    ``campaigns`` the campaigns' running counts (over the whole history, and not compared between
    issues) are left out."""
    first, last = _month_bounds(year, month)
    method = month_score_method()
    ranking = month_scores(year, month, method)
    in_month = DailyCheck.checked_on.between(first, last)
    checks = (DailyCheck.select(DailyCheck, Section, SupervisionTarget, Person)
              .join(Section, on=(DailyCheck.section == Section.id)).switch(DailyCheck)
              .join(SupervisionTarget, on=(DailyCheck.target == SupervisionTarget.id)).switch(DailyCheck)
              .join(Person, pw.JOIN.LEFT_OUTER, on=(DailyCheck.person == Person.id))
              .where(in_month, (DailyCheck.met == False) | (DailyCheck.bonus > 0)))  # noqa: E712  (the lines listed)
    listed = list(checks)
    missed = [c for c in listed if not c.met]
    missed.sort(key=lambda c: (-c.deduction, c.checked_on, c.id))
    bonuses = sorted((c for c in listed if c.bonus > 0), key=lambda c: (c.checked_on, c.id))

    def line(c: DailyCheck, points: Decimal) -> dict:
        return {"date": c.checked_on.isoformat(), "section": c.section.name,
                "person": c.person.name if c.person_id else "", "target": c.target.name, "kind": c.target.kind,
                "points": str(points), "remark": c.remark}

    # the tasks the loop below keeps, chosen in SQL (the same tests), in the order of their ids
    completed_in_month = ((SupervisedTask.status == TASK_DONE) & SupervisedTask.completed_on.is_null(False)
                          & SupervisedTask.completed_on.between(first, last))
    open_and_late_at_end = ((SupervisedTask.assigned_on <= last) & (SupervisedTask.deadline < last)
                            & (SupervisedTask.status != TASK_WITHDRAWN)
                            & (SupervisedTask.completed_on.is_null() | (SupervisedTask.completed_on > last)))
    tasks = (SupervisedTask.select(SupervisedTask, Person, Section)
             .join(Person, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.person == Person.id)).switch(SupervisedTask)
             .join(Section, pw.JOIN.LEFT_OUTER, on=(SupervisedTask.section == Section.id))
             .where(completed_in_month | open_and_late_at_end).order_by(SupervisedTask.id))
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
        "issue_no": None, "compiled_on": None, "compiled_by": "", "corrects": None, "corrects_on": None,
        "issuer": f"{office_name()}督查室",
        "summary": summary,
        "method": method, "method_text": MONTH_SCORE_RULES[method],
        "checks": DailyCheck.select().where(in_month).count(), "missed": len(missed),
        "deduction_points": str(sum((s.deductions for s in ranking), Decimal(0))),
        "bonus_points": str(sum((s.bonus for s in ranking), Decimal(0))),
        "sections": [{"section": s.section.name, "score": str(s.score), "rank": s.rank, "change": s.change,
                      "previous_rank": s.previous_rank,
                      "score_change": None if s.score_change is None else str(s.score_change),
                      "days": s.days, "deductions": str(s.deductions), "bonus": str(s.bonus), "missed": s.missed}
                     for s in ranking],
        "deductions": [line(c, c.deduction) for c in missed],
        "bonuses": [line(c, c.bonus) for c in bonuses],
        "tasks": {"completed": completed, "overdue": overdue},
        "campaigns": campaigns_report(last)["campaigns"] if campaigns else None,  # 截至月底, like the tasks
        "documents": documents_speed.printed_month(year, month),  # 文电办理: the month's 收文, 截至月底
    }
