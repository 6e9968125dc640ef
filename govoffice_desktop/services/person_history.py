"""A person's whole history (人员档案 → 履历): moves, ranks, trainings, books, ratings, rewards and
penalties, typing and driving — it reads every domain, so it sits above them all (and above
services/staff and services/ratings, which it joins)."""
from __future__ import annotations

from govoffice_desktop.models.ratings import EXPLAIN
from dataclasses import dataclass
from datetime import date

import peewee as pw

from govoffice_desktop.models.fleet import Incident, Refuel, Trip
from govoffice_desktop.models.ratings import Explanation, RatingPeriod, period_label
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog
from govoffice_desktop.services import auth
from govoffice_desktop.services.ratings import period_end, person_scores


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
        out.append(HistoryEntry(rank.decided_on, "定级", f"定为 {rank.rank}{before}：{rank.performance}"))
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
