"""A person's whole history (人员档案 → 履历): moves, ranks, trainings, books, ratings, rewards and
penalties, typing and driving; and the half year on record a rank is fixed on (定职级 from 实绩) —
it reads every domain, so it sits above them all (and above services/staff, services/ratings and
services/supervision, which it joins)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import peewee as pw

from govoffice_desktop.models.fleet import Incident, Refuel, Trip
from govoffice_desktop.models.ratings import EXPLAIN, Explanation, RatingPeriod, period_label
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.staff import (Person, PersonMove, ReadingRecord, ResponsibilityContract, Section,
                                            Training)
from govoffice_desktop.models.supervision import DailyCheck, SupervisionTarget
from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog
from govoffice_desktop.services import auth, supervision
from govoffice_desktop.services.months import add_months
from govoffice_desktop.services.ratings import period_end, person_scores
from govoffice_desktop.services.staff import PROBATION_MONTHS, contract_total
from govoffice_desktop.services.supervision import _month_bounds


@dataclass
class HistoryEntry:
    when: date | None
    kind: str  # 调动, 定级, 培训, 读书, 评议, 奖惩, 文印, 驾驶
    text: str


def person_history(person: Person) -> list[HistoryEntry]:
    """Moves, ranks, trainings, books, ratings, rewards and penalties, and typing or driving
    records where they apply: newest first."""
    out: list[HistoryEntry] = []
    names = {s.id: s.name for s in Section.select(Section.id, Section.name)}
    for move in person.moves:
        src = names.get(move.from_section_id, "")
        dst = names.get(move.to_section_id, "")
        where = f"{src} → {dst}" if src and dst else (f"进入{dst}" if dst else f"离开{src}")
        out.append(HistoryEntry(move.moved_on, "调动", f"{where}（{move.reason}）" if move.reason else where))
    for rank in person.ranks:
        before = f"，原职级 {rank.previous_rank}（仅供参考）" if rank.previous_rank else ""
        early = f"（提前定级：{rank.early_reason}；批准人 {rank.approved_by}）" if rank.early else ""
        out.append(HistoryEntry(rank.decided_on, "定级", f"定为 {rank.rank}{before}{early}：{rank.performance}"))
    for t in person.trainings:
        hours = f"，{t.hours} 学时" if t.hours else ""
        out.append(HistoryEntry(t.started_on, "培训", f"{t.kind}：{t.title}{hours}"))
    for r in person.readings:
        state = "已交流" if r.shared_on else ("已读完" if r.finished_on else "在读")
        out.append(HistoryEntry(r.finished_on or date(r.year, 1, 1), "读书", f"{r.year}年{r.kind}：《{r.title}》{state}"))
    shows_ratings = auth.allowed("ratings.results")  # 上评下 results only for who may see them
    for result in person_scores(person) if shows_ratings else []:
        votes = "、".join(f"{label} {n}" for label, n in result.votes.items())
        score = f"平均 {result.score} 分，" if result.score is not None else ""
        out.append(HistoryEntry(period_end(result.period), "评议",
                                f"{period_label(result.period.year, result.period.quarter)}上评下：{score}"
                                f"多数评为{result.leading}（{votes}）"))
    for ex in Explanation.select(Explanation, RatingPeriod).join(RatingPeriod).where(Explanation.person == person):
        place = f"，总排名第 {ex.rank} 位" if ex.rank else ""
        what = ("所在科室评议靠后，作说明情况" if ex.kind == EXPLAIN else "所在科室连续三次评议最差，调离")
        done = f"（{ex.received_on} 已说明）" if ex.received_on else ""
        when = ex.received_on or ex.due_on
        out.append(HistoryEntry(when, "评议", f"{period_label(ex.period.year, ex.period.quarter)}{place}：{what}{done}"))
    for entry in RewardPenalty.select().where(RewardPenalty.person == person):
        word = "奖励" if entry.amount > 0 else "扣减"
        out.append(HistoryEntry(entry.entry_date, "奖惩", f"{entry.category}{word} {abs(entry.amount)} 元：{entry.reason}"))
    if person.is_typist or TypingLog.select().where(TypingLog.typist == person).exists():
        docs, pages = (TypingLog.select(pw.fn.COUNT(TypingLog.id), pw.fn.COALESCE(pw.fn.SUM(TypingLog.pages), 0))
                       .where(TypingLog.typist == person).tuples().get())
        tests = SpeedTest.select().where(SpeedTest.typist == person).count()
        out.append(HistoryEntry(None, "文印", f"打字 {docs} 份、{pages} 页；测速 {tests} 次"))
    if person.is_driver or Trip.select().where(Trip.driver == person).exists():
        trips = Trip.select().where(Trip.driver == person).count()
        refuels = Refuel.select().where(Refuel.driver == person).count()
        incidents = Incident.select().where(Incident.driver == person).count()
        out.append(HistoryEntry(None, "驾驶", f"出车 {trips} 次；加油 {refuels} 次；事故/违章 {incidents} 起"))
    out.sort(key=lambda e: (e.when is not None, e.when or date.min), reverse=True)
    return out


# ---------------------------------------------------------------- 定职级 from 实绩: the half year on record
RECORD_MONTHS = 6  # the record a rank is fixed on: the half year before the determination date


def _section_on(person: Person, day: date, moves: list) -> int | None:
    """The section (id) the person was in on ``day``, from their moves (the file's section when
    there are none)."""
    before = [m for m in moves if m.moved_on <= day]
    if before:
        return before[-1].to_section_id
    return moves[0].from_section_id if moves else person.section_id


def _months_ended_within(first: date, last: date) -> list[tuple[int, int]]:
    """The calendar months whose last day falls within [first, last]: the months a monthly
    ranking of the period covers."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if first <= _month_bounds(year, month)[1] <= last:
            out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def half_year_record(person: Person, decided_on: date) -> dict:
    """What the program holds on ``person`` for the half year before ``decided_on`` (from the
    transfer-in date when that is later): the record a rank is fixed on (以实绩定职级).

    A plain structure the rank form, its printout and ``report rank-record`` share:
    ``checks`` — 督查 deductions and bonus points given to the person by name, with totals;
    ``section_months`` — per month ended in the period, the section they were in then, its
    deductions, bonus points, monthly score and rank (``None`` when not checked that month);
    ``ratings`` — 上评下 results of the person for the quarters ended in the period (``None``
    when the user may not see rating results); ``contracts`` — their 责任状 with the half-year
    (and year-end) score assessed by then; ``rewards`` — rewards and penalties; ``trainings``
    and ``books`` (读三本书)."""
    first = add_months(decided_on, -RECORD_MONTHS)
    if person.joined_on and person.joined_on > first:
        first = min(person.joined_on, decided_on)
    last = decided_on
    earliest = add_months(person.joined_on, PROBATION_MONTHS) if person.joined_on else None
    names = {s.id: s.name for s in Section.select(Section.id, Section.name)}

    checks = [{"date": c.checked_on, "section": names.get(c.section_id, ""), "target": c.target.name,
               "met": bool(c.met), "deduction": c.deduction, "bonus": c.bonus, "remark": c.remark}
              for c in (DailyCheck.select(DailyCheck, SupervisionTarget).join(SupervisionTarget)
                        .where(DailyCheck.person == person, DailyCheck.checked_on.between(first, last))
                        .order_by(DailyCheck.checked_on, DailyCheck.id))]
    zero = Decimal(0)
    checks_total = {"count": len(checks), "deduction": sum((c["deduction"] for c in checks), zero),
                    "bonus": sum((c["bonus"] for c in checks), zero)}

    moves = list(PersonMove.select().where(PersonMove.person == person).order_by(PersonMove.moved_on, PersonMove.id))
    section_months = []
    for year, month in _months_ended_within(first, last):
        section_id = _section_on(person, _month_bounds(year, month)[1], moves)
        if section_id is None:
            continue
        ranking = supervision.month_scores(year, month)
        mine = next((s for s in ranking if s.section.id == section_id), None)
        section_months.append({
            "month": f"{year}-{month:02d}", "section": names.get(section_id, ""),
            "checked": mine is not None, "sections_ranked": len(ranking),
            "rank": mine.rank if mine else None, "score": mine.score if mine else None,
            "deduction": mine.deductions if mine else None, "bonus": mine.bonus if mine else None})

    ratings = None
    if auth.allowed("ratings.results"):
        ratings = [{"period": period_label(r.period.year, r.period.quarter), "score": r.score,
                    "leading": r.leading, "votes": dict(r.votes)}
                   for r in person_scores(person) if first <= period_end(r.period) <= last]

    contracts = []
    for c in (ResponsibilityContract.select()
              .where(ResponsibilityContract.person == person,
                     ResponsibilityContract.year.between(first.year, last.year))
              .order_by(ResponsibilityContract.year)):
        half = contract_total(c, "半年") if c.half_assessed_on and c.half_assessed_on <= last else None
        whole = contract_total(c, "年终") if c.year_assessed_on and c.year_assessed_on <= last else None
        contracts.append({"year": c.year, "title": c.title, "half_score": half,
                          "half_assessed_on": c.half_assessed_on if half is not None else None,
                          "year_score": whole, "year_assessed_on": c.year_assessed_on if whole is not None else None})

    rewards = [{"date": r.entry_date, "category": r.category, "amount": r.amount, "reason": r.reason}
               for r in (RewardPenalty.select()
                         .where(RewardPenalty.person == person, RewardPenalty.entry_date.between(first, last))
                         .order_by(RewardPenalty.entry_date, RewardPenalty.id))]
    rewards_total = {"rewards": sum((r["amount"] for r in rewards if r["amount"] > 0), zero),
                     "deductions": -sum((r["amount"] for r in rewards if r["amount"] < 0), zero)}

    trainings = [{"date": t.started_on, "kind": t.kind, "title": t.title, "hours": t.hours, "result": t.result}
                 for t in (Training.select()
                           .where(Training.person == person, Training.started_on <= last,
                                  (Training.ended_on >= first)
                                  | (Training.ended_on.is_null() & (Training.started_on >= first)))
                           .order_by(Training.started_on, Training.id))]
    books = [{"year": b.year, "kind": b.kind, "title": b.title,
              "finished_on": b.finished_on if b.finished_on and b.finished_on <= last else None,
              "shared_on": b.shared_on if b.shared_on and b.shared_on <= last else None}
             for b in (ReadingRecord.select()
                       .where(ReadingRecord.person == person, ReadingRecord.year.between(first.year, last.year))
                       .order_by(ReadingRecord.year, ReadingRecord.id))]
    return {
        "person": person.name, "section": names.get(person.section_id, ""), "transfer_in": person.joined_on,
        "entry_kind": person.entry_kind, "previous_rank": person.previous_rank, "rank": person.rank,
        "from": first, "to": last, "earliest": earliest, "early": bool(earliest and decided_on < earliest),
        "checks": checks, "checks_total": checks_total, "section_months": section_months, "ratings": ratings,
        "contracts": contracts, "rewards": rewards, "rewards_total": rewards_total, "trainings": trainings,
        "books": books,
    }
