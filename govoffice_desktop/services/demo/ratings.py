"""演示数据 of 季度评议."""
from __future__ import annotations

from govoffice_desktop.models.ratings import BOTTOM_UP, CLOSED, DISMISSAL, EXPLAIN, OPEN, TOP_DOWN
import random
from datetime import date, timedelta
from decimal import Decimal

from govoffice_desktop.services import ratings
from govoffice_desktop.models.ratings import (Ballot, BallotMark, Explanation, Grade, GradeScale, RaterGroup,
                                              RatingPeriod, Tally)
from govoffice_desktop.services.demo.common import _at, _is_workday, _month_end
from govoffice_desktop.services.demo.reference import (BOTTOM_UP_PROBS, BOTTOM_UP_SCALE, TOP_DOWN_PROBS,
                                                       TOP_DOWN_SCALE, WORST_SECTION)


class _RatingsPart:
    """季度评议: both directions' ballots, tallies, the bottom three's explanations and the transfer out."""

    # =================================================================== ratings
    def build_ratings(self) -> None:
        rng = self.rng("ratings")
        as_of = self.as_of
        bu_scale = GradeScale.get(GradeScale.name == BOTTOM_UP_SCALE)
        td_scale = GradeScale.get(GradeScale.name == TOP_DOWN_SCALE)
        grades = {
            bu_scale.id: list(Grade.select().where(Grade.scale == bu_scale).order_by(Grade.sort_order)),
            td_scale.id: list(Grade.select().where(Grade.scale == td_scale).order_by(Grade.sort_order)),
        }
        quarters = []
        y, q = as_of.year, (as_of.month - 1) // 3 + 1
        for _ in range(self.scale.quarters):
            quarters.append((y, q))
            y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        quarters.reverse()

        group_specs = [(BOTTOM_UP, "基层单位", "0.60", bu_scale, (30, 40)),
                       (BOTTOM_UP, "办内干部", "0.40", bu_scale, (40, 52)),
                       (TOP_DOWN, "市领导", "0.50", td_scale, (6, 9)),
                       (TOP_DOWN, "分管领导", "0.50", td_scale, (3, 5))]
        tallies, marks = [], []
        delays: dict[int, list[int]] = {}
        self.periods = []
        for pi, (year, quarter) in enumerate(quarters):
            q_start = date(year, 3 * quarter - 2, 1)
            q_end = _month_end(year, 3 * quarter)
            latest = pi == len(quarters) - 1
            status = CLOSED if not latest or as_of >= q_end else OPEN
            period = RatingPeriod.create(year=year, quarter=quarter, status=status, opened_on=q_start,
                                         closed_on=q_end if status == CLOSED else None)
            self.periods.append(period)
            rated = [s for s in self.sections.values() if s.active or self.merged_on > q_end]
            rated.sort(key=lambda s: s.sort_order)
            # tiers: the worst section is the worst in the last three quarters
            names = [s.name for s in rated]
            if pi < len(quarters) - 3:  # before the last three quarters: any section may come last
                worst = rng.choice([n for n in names if n != WORST_SECTION])
                lows = rng.sample([n for n in names if n not in (worst,)], 2)
            else:
                worst = WORST_SECTION
                lows = rng.sample([n for n in names if n != worst], 2)
            tier = {n: ("worst" if n == worst else "low" if n in lows else "normal") for n in names}
            means: dict[str, dict[int, float]] = {}  # group -> section id -> mean
            for direction, gname, weight, scale, (lo, hi) in group_specs:
                n_sheets = rng.randint(lo, hi)
                sheets = n_sheets + rng.randint(1, 6)
                use_ballots = latest and gname == "办内干部"
                group = RaterGroup.create(period=period, direction=direction, name=gname, weight=Decimal(weight),
                                          scale=scale, sheets_printed=sheets, first_serial=1,
                                          grassroots=gname == "基层单位")
                glist = grades[scale.id]
                points = [float(g.points) if g.points is not None else None for g in glist]
                probs = {s.id: self._grade_probs(rng, direction, tier[s.name]) for s in rated}
                if use_ballots:
                    matrix = {s.id: rng.choices(range(len(glist)), weights=probs[s.id], k=n_sheets) for s in rated}
                    self._make_worst(matrix, self.sections[worst].id, points)
                    self._ballots(rng, group, period, matrix, rated, glist, marks, n_sheets)
                    counts = {sid: [col.count(i) for i in range(len(glist))] for sid, col in matrix.items()}
                else:
                    counts = {}
                    for s in rated:
                        votes = n_sheets - (rng.randint(0, 2) if direction == BOTTOM_UP else 0)
                        picks = rng.choices(range(len(glist)), weights=probs[s.id], k=votes)
                        counts[s.id] = [picks.count(i) for i in range(len(glist))]
                    self._make_worst_counts(counts, self.sections[worst].id, points)
                    for s in rated:
                        for g, v in zip(glist, counts[s.id]):
                            if v:
                                tallies.append(dict(group=group.id, section=s.id, grade=g.id, votes=v))
                means[gname] = {sid: self._mean(c, points) for sid, c in counts.items()}
            if not latest:  # how many days before it was due each of the bottom three explained
                delays[period.id] = [rng.randint(1, 5) for _ in range(3)]
        self.bulk(Tally, tallies)
        self.bulk(BallotMark, marks)
        # the closed quarters, oldest first, as their closing left them (ratings.apply_rules, each
        # record written once, with its answer where it was due by now): 说明情况 from the
        # grassroots group's bottom three, and any 调离
        for period in self.periods:
            if period.status != CLOSED:
                continue  # the current quarter: its bottom three are 阶段性结果
            rules = ratings.rules_of(period)
            due_on = ratings.period_end(period) + timedelta(days=ratings.EXPLAIN_DAYS)
            for s, delay in zip(rules.bottom, delays.get(period.id, [])):
                received = due_on - timedelta(days=delay)
                done = received <= as_of
                Explanation.create(
                    period=period, section=s.section, kind=EXPLAIN, rank=s.rank, person=s.section.chief,
                    due_on=due_on, received_on=received if done else None,
                    text=(f"{s.section.name}本季度基层评议位列第{s.rank}名（共{len(rules.ranking)}个科室）。"
                          "主要原因是服务基层意识不强、办事效率不高。今后将加强学习，改进作风，提高办事效率。")
                    if done else "",
                    outcome="已在主任办公会上作说明，整改措施已落实。" if done else "")
            for a in rules.alerts:
                Explanation.create(period=period, section=a.section, kind=DISMISSAL, rank=rules.rank_of(a.section.id),
                                   person=a.chief, due_on=due_on)

    @staticmethod
    def _grade_probs(rng: random.Random, direction: str, tier: str) -> tuple:
        if direction == BOTTOM_UP:
            if tier in BOTTOM_UP_PROBS:
                return BOTTOM_UP_PROBS[tier]
            good = rng.randint(45, 70)
            fair = rng.randint(22, 35)
            rest = max(100 - good - fair, 2)
            return (good, fair, max(rest - rest // 5, 1), max(rest // 5, 0))
        if tier in TOP_DOWN_PROBS:
            return TOP_DOWN_PROBS[tier]
        best = rng.randint(45, 70)
        rest = 100 - best
        return (best, rest - rest // 10 - 3, rest // 10, 0, 3)

    @staticmethod
    def _mean(counts: list[int], points: list[float | None]) -> float:
        total = sum(c for c, p in zip(counts, points) if p is not None)
        if not total:
            return 0.0
        return sum(c * p for c, p in zip(counts, points) if p is not None) / total

    def _make_worst_counts(self, counts: dict[int, list[int]], worst: int, points) -> None:
        """Move the worst section's votes down a grade until it is strictly the lowest."""
        scored = [i for i, p in enumerate(points) if p is not None]
        while True:
            mine = self._mean(counts[worst], points)
            others = min(self._mean(c, points) for sid, c in counts.items() if sid != worst)
            if mine < others - 1:
                return
            row = counts[worst]
            for i in scored[:-1]:
                if row[i]:
                    row[i] -= 1
                    row[scored[scored.index(i) + 1]] += 1
                    break
            else:
                return

    def _make_worst(self, matrix: dict[int, list[int]], worst: int, points) -> None:
        scored = [i for i, p in enumerate(points) if p is not None]
        while True:
            counts = {sid: [col.count(i) for i in range(len(points))] for sid, col in matrix.items()}
            mine = self._mean(counts[worst], points)
            others = min(self._mean(c, points) for sid, c in counts.items() if sid != worst)
            if mine < others - 1:
                return
            col = matrix[worst]
            for i in scored[:-1]:
                if i in col:
                    col[col.index(i)] = scored[scored.index(i) + 1]
                    break
            else:
                return

    def _ballots(self, rng, group, period, matrix, rated, glist, marks, n_sheets) -> None:
        """Individual sheets of one group (the latest period), one of them void."""
        q_start = period.opened_on
        first = max(q_start, self.as_of - timedelta(days=7))
        days = [d for d in self._days(first, self.as_of) if _is_workday(d)] or [self.as_of]
        void_at = rng.randint(0, n_sheets)
        short = "下" if group.direction == BOTTOM_UP else "上"
        serial_no = 0
        clerk = self.ballot_clerk.name
        for k in range(n_sheets + 1):
            serial_no += 1
            serial = f"{period.year}Q{period.quarter}-{short}-{serial_no:04d}"
            day = days[min(k * len(days) // (n_sheets + 1), len(days) - 1)]
            entered = _at(day, 9 * 60 + (k * 7) % 480)
            if k == void_at:
                ballot = Ballot.create(group=group, serial=serial, void=True, entered_at=entered, entered_by=clerk)
                for s in rated[:3]:  # an incomplete sheet: void
                    marks.append(dict(ballot=ballot.id, section=s.id, grade=glist[rng.randrange(len(glist))].id))
                continue
            j = k if k < void_at else k - 1
            ballot = Ballot.create(group=group, serial=serial, void=False, entered_at=entered, entered_by=clerk)
            for s in rated:
                marks.append(dict(ballot=ballot.id, section=s.id, grade=glist[matrix[s.id][j]].id))
