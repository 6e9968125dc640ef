"""民主评议汇总表: a period's votes as the office tallies them by hand, a row per section rated and
a column per grade (好/较好/一般/较差, 优秀/称职/基本称职/不称职/不了解 … as the groups' scales
define them), with 票数合计, the score and the place.  For one rater group, or for every group of
a direction together (the score then the weighted 综合得分 of ``ratings.section_scores``).

Split from services/ratings.py (which is near its size limit); the counting and the scores are
that module's own (``_counts``, ``_ranked``): the grassroots group's rules are not touched here."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from govoffice_desktop.models.ratings import (BOTTOM_UP, DIRECTIONS, RATES_SECTIONS, Grade, RaterGroup,
                                              RatingPeriod, Tally)
from govoffice_desktop.models.staff import Section
from govoffice_desktop.services import ratings
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.validation import BadValue

TITLE = "民主评议汇总表"
TOTAL, SCORE, PLACE = "票数合计", "得分", "名次"


@dataclass
class SummaryRow:
    section: Section
    votes: dict[str, int]  # grade label → votes (every grade of the table, 0 where none)
    total: int  # 票数合计: every vote cast for the section (不了解 too)
    score: Decimal | None  # the group's mean points, or the weighted 综合得分, to two places; None: no graded vote
    rank: int | None  # 1 = best, ties sharing a place


@dataclass
class Sheets:
    """What became of a group's printed sheets (ballots entered by serial), or that its votes
    were entered as counts (tallies)."""

    group: str
    printed: int
    valid: int
    void: int
    tallied: bool


@dataclass
class VoteSummary:
    period: RatingPeriod
    direction: str
    group: RaterGroup | None  # None: every group of the direction rating sections
    grades: list[str]
    rows: list[SummaryRow] = field(default_factory=list)
    sheets: list[Sheets] = field(default_factory=list)

    def headers(self) -> list[str]:
        return ["科室", *self.grades, TOTAL, SCORE, PLACE]

    def table(self) -> list[list]:
        """The rows as shown, exported and printed: 科室, the votes per grade, 票数合计, 得分 (two
        places), 名次 ('—' where a section has no graded vote)."""
        return [[r.section.name, *[r.votes[g] for g in self.grades], r.total,
                 r.score if r.score is not None else "—",
                 r.rank if r.rank is not None else "—"] for r in self.rows]

    def numeric(self) -> list[int]:
        return list(range(1, len(self.headers())))

    def scope(self) -> str:
        """Which votes: 2026年第四季度 下评上 · 全部评议组 (or the group's name)."""
        who = f"评议组：{self.group.name}" if self.group is not None else "全部评议组"
        return f"{self.period} {self.direction} · {who}"

    def basis(self) -> str:
        """How 得分 and 名次 were reached."""
        if self.group is not None:
            base = (f"得分为评议组“{self.group.name}”各票按等次分值的平均分" +
                    ("（基层评议组：后三名和连续三次最差按此名次确定）" if self.group.grassroots else ""))
        else:
            base = "得分为各评议组平均分按权重加权（某组未投票的，按其余各组权重折算）"
        unknown = "计为零分" if ratings.unknown_as_zero() else "计入票数合计，不计得分"
        return f"{base}；“不了解”{unknown}；同分同名次。"

    def sheets_text(self) -> str:
        """各组收回的评议表: 基层单位：印发 40 张，有效 35 张，废票 2 张；办内干部：按票数录入."""
        parts = []
        for s in self.sheets:
            if s.valid or s.void:
                parts.append(f"{s.group}：印发 {s.printed} 张，有效 {s.valid} 张，废票 {s.void} 张"
                             + ("，另有按票数录入" if s.tallied else ""))
            elif s.tallied:
                parts.append(f"{s.group}：按票数录入")
        return "；".join(parts)


@requires("ratings.results")
def vote_summary(period: RatingPeriod, direction: str = BOTTOM_UP, group: RaterGroup | None = None) -> VoteSummary:
    """The period's votes of ``direction`` (of ``group`` alone when given) as a 科室 × 等次 table:
    entered counts and valid ballots alike (a void sheet counts nothing), every mark one vote; the
    rows in order of place, sections without a graded vote last in the office's order."""
    if direction not in DIRECTIONS:
        raise BadValue(f"方向应为{'或'.join(DIRECTIONS)}")
    groups = ratings.groups_of(period, direction, rates=RATES_SECTIONS)
    if group is not None:
        if group.id not in {g.id for g in groups}:
            raise BadValue(f"评议组“{group.name}”不是{period}{direction}评议科室的评议组")
        groups = [g for g in groups if g.id == group.id]
    grade_rows = list(Grade.select().where(Grade.scale.in_([g.scale_id for g in groups]))
                      .order_by(Grade.scale, Grade.sort_order, Grade.id)) if groups else []
    labels = {g.id: g.label for g in grade_rows}
    grades = list(dict.fromkeys(g.label for g in grade_rows))
    counts = ratings._counts(period, direction, only=group)
    by_section: dict[int, dict[str, int]] = {}
    for (_group_id, section_id), cell in counts.items():
        votes = by_section.setdefault(section_id, dict.fromkeys(grades, 0))
        for grade_id, n in cell.items():
            label = labels.get(grade_id) or Grade.get_by_id(grade_id).label  # a grade of another scale
            if label not in votes:
                grades.append(label)
                for other in by_section.values():
                    other.setdefault(label, 0)
            votes[label] = votes.get(label, 0) + n
    scored = {s.section.id: s for s in ratings._ranked(period, direction, only=group, counts=counts)}
    sections = {s.id: s for s in Section.select().where(Section.id.in_(list(by_section)))}
    rows = []
    for section_id, votes in by_section.items():
        score = scored.get(section_id)
        rows.append(SummaryRow(sections[section_id], {g: votes.get(g, 0) for g in grades}, sum(votes.values()),
                               score.shown if score else None, score.rank if score else None))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.section.sort_order, r.section.id))
    tallied = {g for g, in Tally.select(Tally.group).where(Tally.group.in_([g.id for g in groups]),
                                                           Tally.section.is_null(False)).distinct().tuples()}
    sheets = []
    for g in groups:
        n = ratings.ballot_counts(g)
        sheets.append(Sheets(g.name, n["printed"], n["valid"], n["void"], g.id in tallied))
    return VoteSummary(period, direction, group, grades, rows, sheets)
