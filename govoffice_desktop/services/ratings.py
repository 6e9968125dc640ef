"""季度评议 services: tallies and ballots, scores and ranking, 后三名说明情况 and 连续三次最差调离."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import peewee as pw

from govoffice_desktop.models.db import current_user, database, prepared, transaction_lock
from govoffice_desktop.models.ratings import (BOTTOM_UP, CLOSED, DIRECTIONS, DISMISSAL, EXPLAIN, GRASSROOTS_WORD,
                                              OLD_SECTION_SCALE, OPEN, RATES, RATES_PEOPLE, RATES_SECTIONS,
                                              SECTION_SCALE, TOP_DOWN, Ballot, BallotMark, Criterion, Explanation,
                                              Grade, GradeScale, RaterGroup, RatingPeriod, Tally, period_label)
from govoffice_desktop.models.settings import setting_text
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import auth, months
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.staff import people_on_staff
from govoffice_desktop.services.validation import BadValue, a_date, a_number, required_text


def tally_listing(hidden: bool = False) -> Listing:
    """The votes per grade (评议票数): results, so only for who may see them; ``hidden`` gives the
    same table with no rows for a window whose user may not."""
    if not hidden:
        auth.require("ratings.results")
    period_key = RatingPeriod.year * 10 + RatingPeriod.quarter
    target = pw.fn.COALESCE(Section.name, Person.name)
    return Listing(
        model=Tally,
        columns=[
            Column("period", "评议期", period_key, convert=lambda v: period_label(v // 10, v % 10) if v else ""),
            Column("direction", "方向", RaterGroup.direction, searchable=True),
            Column("group", "评议组", RaterGroup.name, searchable=True),
            Column("target", "被评对象", target, searchable=True),
            Column("grade", "等次", Grade.label, searchable=True),
            Column("votes", "票数", Tally.votes),
        ],
        joins=lambda q: (q.join(RaterGroup, on=(Tally.group == RaterGroup.id))
                          .join(RatingPeriod, on=(RaterGroup.period == RatingPeriod.id))
                          .switch(Tally).join(Grade, on=(Tally.grade == Grade.id))
                          .switch(Tally).join(Section, pw.JOIN.LEFT_OUTER, on=(Tally.section == Section.id))
                          .switch(Tally).join(Person, pw.JOIN.LEFT_OUTER, on=(Tally.person == Person.id))),
        where=pw.SQL("1 = 0") if hidden else None,
        default_order="period",
        default_desc=True,
    )


# ================================================================ scores, ranking and the rules
# 后三名说明情况, 连续三次最差调离.  Counts come from entered tallies and from the returned ballots
# (non-void) alike; each mark or counted vote is one vote.
UNKNOWN_AS_ZERO_KEY = "ratings.unknown_as_zero"  # 不了解: left out (default) or counted as zero
EXACT = Decimal("0.0001")  # scores are compared at this precision; shown to two places
EXPLAIN_DAYS = 15  # the chief's 说明情况 is due this long after the period's results


def unknown_as_zero() -> bool:
    return setting_text(UNKNOWN_AS_ZERO_KEY) == "1"


def find_period(year: int, quarter: int) -> RatingPeriod | None:
    return RatingPeriod.get_or_none(RatingPeriod.year == year, RatingPeriod.quarter == quarter)


def parse_period(text: str) -> tuple[int, int]:
    """2025Q3, 2025-3, 2025年第三季度 → (2025, 3)."""
    value = (text or "").strip().upper()
    m = re.fullmatch(r"(\d{4})\s*(?:Q|-|年第?)\s*([1-4一二三四])\s*(?:季度)?", value)
    if not m:
        raise BadValue(f"评议期应写作 2025Q3 或 2025年第三季度：{text!r}")
    q = m.group(2)
    return int(m.group(1)), int(q) if q.isdigit() else "一二三四".index(q) + 1


def _tallies(period, direction, group):
    """The tallies of a direction's groups (of ``group`` only, unless it is None) by group, section, grade."""
    which = (RaterGroup.period == period) & (RaterGroup.direction == direction) \
        & (group.is_null() | (RaterGroup.id == group))
    return (Tally.select(Tally.group, Tally.section, Tally.grade, Tally.votes)
            .join(RaterGroup, on=(Tally.group == RaterGroup.id))
            .where(which, Tally.section.is_null(False)))


def _marks(period, direction, group):
    """The valid ballots' marks counted by group, section and grade (as ``_tallies``)."""
    which = (RaterGroup.period == period) & (RaterGroup.direction == direction) \
        & (group.is_null() | (RaterGroup.id == group))
    return (BallotMark.select(Ballot.group, BallotMark.section, BallotMark.grade, pw.fn.COUNT(BallotMark.id))
            .join(Ballot, on=(BallotMark.ballot == Ballot.id))
            .join(RaterGroup, on=(Ballot.group == RaterGroup.id))
            .where(which, ~Ballot.void, BallotMark.section.is_null(False))
            .group_by(Ballot.group, BallotMark.section, BallotMark.grade))


def _counts(period: RatingPeriod, direction: str,
            only: RaterGroup | None = None) -> dict[tuple[int, int], dict[int, int]]:
    """(group id, section id) → {grade id: votes}, from tallies and valid ballots (counted by the
    database: a quarter's sheets are many marks); of every group of the direction, or ``only`` one.
    Both statements compiled once (a ranking is asked for a quarter and the quarters before it)."""
    out: dict[tuple[int, int], dict[int, int]] = {}
    values = {"period": getattr(period, "id", period), "direction": direction,
              "group": None if only is None else only.id}
    for key, build in (("ratings.tallies", _tallies), ("ratings.marks", _marks)):
        for group, section, grade, votes in prepared(key, build, "period", "direction", "group").run(**values):
            cell = out.setdefault((group, section), {})
            cell[grade] = cell.get(grade, 0) + votes
    return out


def _groups_weights(period, direction):
    return RaterGroup.select(RaterGroup.id, RaterGroup.name, RaterGroup.weight).where(
        RaterGroup.period == period, RaterGroup.direction == direction)


def _points():
    return Grade.select(Grade.id, Grade.points)


@dataclass
class SectionScore:
    section: Section
    score: Decimal  # weighted over the groups that rated it, to 4 places
    by_group: dict[str, Decimal]  # group name → mean points
    votes: int
    rank: int = 0

    @property
    def shown(self) -> Decimal:
        return self.score.quantize(Decimal("0.01"), ROUND_HALF_UP)


@requires("ratings.results")
def section_scores(period: RatingPeriod, direction: str = BOTTOM_UP) -> list[SectionScore]:
    """Each section's mean points per rater group, their weighted sum (weights renormalised over
    the groups that rated the section), and the ranking, ties sharing a rank (1, 2, 2, 4): the
    overall result."""
    if direction not in DIRECTIONS:
        raise BadValue(f"方向应为{'或'.join(DIRECTIONS)}")
    return _ranked(period, direction)


def _ranked(period: RatingPeriod, direction: str, only: RaterGroup | None = None,
            counts: dict[tuple[int, int], dict[int, int]] | None = None) -> list[SectionScore]:
    """The ranking of ``section_scores``, over every group of the direction or ``only`` one
    (``counts``: those ``_counts`` gives, when the caller has them)."""
    counts = _counts(period, direction, only) if counts is None else counts
    weight_of, points_of = RaterGroup.weight.python_value, Grade.points.python_value
    groups = {g: (name, weight_of(weight)) for g, name, weight in prepared(
        "ratings.groups", _groups_weights, "period", "direction").run(period=period.id, direction=direction)}
    points = {g: points_of(value) for g, value in prepared("ratings.points", _points).run()}
    zero_unknown = unknown_as_zero()
    per_section: dict[int, dict[int, tuple[Decimal, int]]] = {}
    for (group_id, section_id), grades in counts.items():
        if only is not None and group_id != only.id:
            continue
        total, n = Decimal(0), 0
        for grade_id, votes in grades.items():
            value = points.get(grade_id)
            if value is None and not zero_unknown:
                continue  # 不了解 left out
            total += (value or Decimal(0)) * votes
            n += votes
        if n:
            per_section.setdefault(section_id, {})[group_id] = (total / n, n)
    sections = {s.id: s for s in Section.select().where(Section.id.in_(list(per_section)))}
    out = []
    for section_id, by_group in per_section.items():
        weight = sum((groups[g][1] for g in by_group), Decimal(0))
        if weight:
            score = sum((groups[g][1] * mean for g, (mean, _n) in by_group.items()), Decimal(0)) / weight
        else:  # every group weighs nothing: a plain mean
            score = sum((mean for mean, _n in by_group.values()), Decimal(0)) / len(by_group)
        out.append(SectionScore(sections[section_id], score.quantize(EXACT, ROUND_HALF_UP),
                                {groups[g][0]: mean.quantize(Decimal("0.01"), ROUND_HALF_UP)
                                 for g, (mean, _n) in by_group.items()},
                                sum(n for _m, n in by_group.values())))
    out.sort(key=lambda s: (-s.score, s.section.sort_order, s.section.name))
    for i, s in enumerate(out):
        s.rank = out[i - 1].rank if i and s.score == out[i - 1].score else i + 1
    return out


def bottom_three(ranking: list[SectionScore]) -> list[SectionScore]:
    """后三名: the three lowest, and every section tied with the third lowest."""
    if not ranking:
        return []
    threshold = sorted(s.score for s in ranking)[min(2, len(ranking) - 1)]
    return [s for s in ranking if s.score <= threshold]


def worst(ranking: list[SectionScore]) -> list[SectionScore]:
    """Every section tied for last."""
    if not ranking:
        return []
    low = min(s.score for s in ranking)
    return [s for s in ranking if s.score == low]


def _previous(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


# ---------------------------------------------------------------- the grassroots group (基层评议组)
# 对基层评比出的后三名科室，科长要说明情况，连续三次被评最差的科室，当事人要调离办公室: the
# bottom three and the three-times-worst follow the grassroots group's scores alone; the weighted
# ranking of all groups is the overall result beside them.
def rules_group(period: RatingPeriod) -> RaterGroup | None:
    """The period's grassroots group: the bottom-up group whose scores the rules use."""
    return (RaterGroup.select().where(RaterGroup.period == period, RaterGroup.direction == BOTTOM_UP,
                                      RaterGroup.grassroots).order_by(RaterGroup.id).first())


def no_rules_group_text(period: RatingPeriod) -> str:
    return (f"{period}下评上没有标记基层评议组：后三名说明情况和连续三次最差调离只按基层评议组的得分确定，"
            f"请在“修改评议组”中把基层单位那一组标为基层评议组。")


def rules_basis_text(group: RaterGroup) -> str:
    return (f"后三名和连续三次最差按基层评议组“{group.name}”的得分确定（名次见“基层名次”）；"
            f"综合得分为各评议组按权重加权，是总体结果。")


@requires("ratings.results")
def rules_ranking(period: RatingPeriod) -> list[SectionScore]:
    """The ranking the rules use: the grassroots group's mean points alone (none without one)."""
    group = rules_group(period)
    return _ranked(period, BOTTOM_UP, only=group) if group is not None else []


@dataclass
class Alert:
    section: Section
    consecutive_worst: int
    chief: Person | None


def three_times_worst(period: RatingPeriod, ranking: list[SectionScore] | None = None) -> list[Alert]:
    """连续三次被评最差: a section last in the grassroots rating of this quarter (``ranking``, when
    the caller has it) and of the two closed quarters before (a quarter not closed, or without a
    grassroots group, ends the run)."""
    out = []
    for s in worst(rules_ranking(period) if ranking is None else ranking):
        run, (y, q) = 1, _previous(period.year, period.quarter)
        while True:
            earlier = find_period(y, q)
            if (earlier is None or earlier.status != CLOSED
                    or s.section.id not in {w.section.id for w in worst(rules_ranking(earlier))}):
                break
            run += 1
            y, q = _previous(y, q)
        if run >= 3:
            out.append(Alert(s.section, run, s.section.chief))
    return out


@dataclass
class Rules:
    """What the rules make of a period: the grassroots group (None: not marked), its ranking, the
    bottom three and the three-times-worst.  While the quarter is open they are provisional
    (阶段性结果): nobody is told to explain until it is closed."""

    period: RatingPeriod
    group: RaterGroup | None
    ranking: list[SectionScore]
    bottom: list[SectionScore]
    alerts: list[Alert]

    @property
    def provisional(self) -> bool:
        return self.period.status != CLOSED

    @property
    def notice(self) -> str:
        return no_rules_group_text(self.period) if self.group is None else rules_basis_text(self.group)

    def rank_of(self, section_id: int) -> int | None:
        return next((s.rank for s in self.ranking if s.section.id == section_id), None)


@requires("ratings.results")
def rules_of(period: RatingPeriod) -> Rules:
    ranking = rules_ranking(period)
    return Rules(period, rules_group(period), ranking, bottom_three(ranking), three_times_worst(period, ranking))


def period_end(period: RatingPeriod) -> date:
    month = period.quarter * 3
    return months.last_day(period.year, month)


def apply_rules(period: RatingPeriod, today: date) -> list[Explanation]:
    """Record what the rules require for a closed period (its closing calls this): a 说明情况 for
    each of the grassroots group's bottom three (from its chief) and a 调离 for a section last
    three quarters running.  What was already answered stays; what no longer applies and was not
    answered goes.  Refused on a period still open: there the bottom three are only provisional."""
    if RatingPeriod.get_by_id(period.id).status != CLOSED:
        raise BadValue(f"{period}的评议尚未结束：结束评议时才确定后三名和连续三次最差")
    rules = rules_of(period)
    wanted = {(s.section.id, EXPLAIN): s.rank for s in rules.bottom}
    wanted.update({(a.section.id, DISMISSAL): rules.rank_of(a.section.id) for a in rules.alerts})
    existing = {(e.section_id, e.kind): e for e in Explanation.select().where(Explanation.period == period)}
    for key, explanation in existing.items():
        if key not in wanted and not explanation.received_on:
            explanation.delete_instance()
    out = []
    for (section_id, kind), rank in wanted.items():
        explanation = existing.get((section_id, kind)) or Explanation(period=period, section=section_id, kind=kind)
        section = Section.get_by_id(section_id)
        explanation.rank = rank
        if explanation.person_id is None:
            explanation.person = section.chief
        if explanation.due_on is None:
            explanation.due_on = max(today, period_end(period)) + timedelta(days=EXPLAIN_DAYS)
        explanation.save()
        out.append(explanation)
    return out


def closes_early(period: RatingPeriod, today: date | None = None) -> bool:
    """Whether closing the quarter now is before its last day (the window asks first)."""
    return (today or date.today()) < period_end(period)


def _locked_period(period: RatingPeriod) -> RatingPeriod:
    transaction_lock("rating period", period.id)
    return RatingPeriod.get_by_id(period.id)


def closing_problem(period: RatingPeriod) -> str | None:
    """Why the rules could not act on the period if it were closed now (None: they can)."""
    if not _ranked(period, BOTTOM_UP):
        return None  # no bottom-up votes: nothing to decide
    group = rules_group(period)
    if group is None:
        return no_rules_group_text(period)
    if not _ranked(period, BOTTOM_UP, only=group):
        return f"{period}基层评议组“{group.name}”还没有票数，无法确定后三名：录入或导入它的票数后再结束评议"
    return None


@requires("ratings.manage")
def close_period(period: RatingPeriod, today: date | None = None, early_ok: bool = False) -> list[Explanation]:
    """结束评议: the quarter closes and, in the same transaction, the rules act on it: the
    grassroots group's bottom three are asked to explain and a section last three quarters running
    gets its 调离 record (首页 lists them from now on).  Before the quarter's last day only with
    ``early_ok`` (the window asks first).  Refused while the rules could not tell who (no
    grassroots group marked, or it has no votes)."""
    return _close(period, today or date.today(), early_ok)


def close_on_import(period: RatingPeriod, today: date) -> list[Explanation]:
    """结束评议 of a quarter that has already ended, by the import of its tallies (inside the
    import's transaction; the import's permission is the one asked)."""
    return _close(period, today, early_ok=False)


def _close(period: RatingPeriod, today: date, early_ok: bool) -> list[Explanation]:
    with database.atomic():
        stored = _locked_period(period)
        if stored.status == CLOSED:
            raise BadValue(f"{period}的评议已经结束")
        end = period_end(stored)
        if today < end and not early_ok:
            raise BadValue(f"{period}到{end.year}年{end.month}月{end.day}日才结束：提前结束评议须确认")
        problem = closing_problem(stored)
        if problem:
            raise BadValue(f"不能结束评议：{problem}")
        stored.status, stored.closed_on = CLOSED, today
        stored.save()
        made = apply_rules(stored, today)
    period.status, period.closed_on = stored.status, stored.closed_on
    return made


@dataclass
class Reopened:
    withdrawn: int  # explanations and 调离 records not yet answered, taken back
    kept: list[Explanation]  # those already answered: they stay


@requires("ratings.manage")
def reopen_period(period: RatingPeriod) -> Reopened:
    """重新开启评议: the quarter is open again and what its closing asked for and was not yet
    answered is withdrawn (it is asked again when the quarter closes again); what was answered stays."""
    with database.atomic():
        stored = _locked_period(period)
        if stored.status != CLOSED:
            raise BadValue(f"{period}的评议尚未结束")
        pending = Explanation.select().where(Explanation.period == stored, Explanation.received_on.is_null())
        withdrawn = 0
        for explanation in pending:
            explanation.delete_instance()
            withdrawn += 1
        kept = explanations_of(stored)
        stored.status, stored.closed_on = OPEN, None
        stored.save()
    period.status, period.closed_on = stored.status, stored.closed_on
    return Reopened(withdrawn, kept)


def reopened_text(period: RatingPeriod, reopened: Reopened) -> str:
    text = f"{period}的评议已重新开启"
    if reopened.withdrawn:
        text += f"，撤回尚未说明的 {reopened.withdrawn} 项"
    if reopened.kept:
        text += f"；已收到说明的 {len(reopened.kept)} 项（{'、'.join(e.section.name for e in reopened.kept)}）保留"
    return text


@requires("ratings.manage")
def record_explanation(explanation: Explanation, text: str, received_on, outcome: str = "") -> Explanation:
    """The chief's 说明情况 (or, for 调离, the decision taken)."""
    explanation.text = required_text(text, "说明内容" if explanation.kind == EXPLAIN else "处理决定")
    explanation.received_on = a_date(received_on, "日期", required=True)
    explanation.outcome = (outcome or "").strip()
    explanation.save()
    return explanation


def ratings_report(year: int, quarter: int, direction: str = BOTTOM_UP) -> dict:
    """{"period", "direction", "status", "rules_group", "ranking": [{"section", "score", "rank",
    "by_group", "rules_rank"}], "bottom_three": [...], "alerts": [{"section", "consecutive_worst",
    "chief"}], "provisional_alerts": [...], "notice"}.  The ranking is the overall (weighted)
    result; the bottom three and the alerts follow the grassroots group (``rules_group``, null
    when none is marked: ``notice`` says so).  While the quarter is 进行中 the alerts are only
    provisional: ``alerts`` is empty and ``provisional_alerts`` holds them."""
    period = find_period(year, quarter)
    if period is None:
        raise BadValue(f"没有{period_label(year, quarter)}的评议")
    ranking = section_scores(period, direction)
    bottom_up = direction == BOTTOM_UP
    rules = rules_of(period) if bottom_up else None
    alerts = [{"section": a.section.name, "consecutive_worst": a.consecutive_worst,
               "chief": a.chief.name if a.chief else ""} for a in rules.alerts] if rules else []
    provisional = rules is not None and rules.provisional
    return {"period": f"{year}Q{quarter}", "direction": direction, "status": period.status,
            "rules_group": rules.group.name if rules and rules.group else None,
            "ranking": [{"section": s.section.name, "score": str(s.shown), "rank": s.rank,
                         "by_group": {name: str(mean) for name, mean in s.by_group.items()},
                         "rules_rank": rules.rank_of(s.section.id) if rules else None} for s in ranking],
            "bottom_three": [s.section.name for s in rules.bottom] if rules else [],
            "alerts": [] if provisional else alerts,
            "provisional_alerts": alerts if provisional else [],
            "notice": rules.notice if rules and ranking else ""}


# ---------------------------------------------------------------- rating sheets (评议表) and ballots
def groups_of(period: RatingPeriod, direction: str | None = None, rates: str | None = None) -> list[RaterGroup]:
    """A period's rater groups (of one direction; only those rating 科室 or 人员)."""
    query = RaterGroup.select().where(RaterGroup.period == period).order_by(RaterGroup.direction, RaterGroup.id)
    if direction:
        query = query.where(RaterGroup.direction == direction)
    if rates:
        query = query.where(RaterGroup.rates == rates)
    return list(query)


def grade_scales() -> list[GradeScale]:
    """The grade scales a group can use (好/较好/一般/较差, 优秀/称职/基本称职/不称职/不了解, 满意/基本满意/不满意, …)."""
    return list(GradeScale.select().order_by(GradeScale.id))


def rates_people(group: RaterGroup) -> bool:
    """Whether a group's sheets rate individual staff (上评下 only) rather than the sections."""
    return group.rates == RATES_PEOPLE


def _scale_of(scale, name: str) -> GradeScale:
    """A grade scale given as itself, its id or its name (the name of before, 好/较好/一般/差, too)."""
    if isinstance(scale, GradeScale):
        return scale
    if isinstance(scale, int):
        found = GradeScale.get_or_none(GradeScale.id == scale)
    else:
        wanted = str(scale or "").strip()
        wanted = SECTION_SCALE if wanted == OLD_SECTION_SCALE else wanted
        found = GradeScale.get_or_none(GradeScale.name == wanted)
    if found is None:
        raise BadValue(f"评议组“{name}”：没有这个评议等次标准")
    return found


def _grassroots_free(period: RatingPeriod, group_id: int | None = None) -> RaterGroup | None:
    """The period's grassroots group other than ``group_id``, if any."""
    other = rules_group(period)
    return other if other is not None and other.id != group_id else None


def _check_grassroots(period: RatingPeriod, direction: str, name: str, group_id: int | None = None) -> None:
    if direction != BOTTOM_UP:
        raise BadValue(f"评议组“{name}”：只有下评上的评议组可以作为基层评议组")
    other = _grassroots_free(period, group_id)
    if other is not None:
        raise BadValue(f"{period}已有基层评议组“{other.name}”：一期只能有一个，请先取消它的基层评议组标记")


def grassroots_by_default(period: RatingPeriod, direction: str, name: str) -> bool:
    """A new bottom-up group whose name holds 基层 is the grassroots group unless the period has one."""
    return direction == BOTTOM_UP and GRASSROOTS_WORD in (name or "") and _grassroots_free(period) is None


def _period_open(period: RatingPeriod, what: str) -> None:
    if RatingPeriod.get_by_id(period.id).status == CLOSED:
        raise BadValue(f"{period}的评议已结束，不能{what}（先重新开启评议）")


@requires("ratings.manage")
def add_group(period: RatingPeriod, direction: str, name: str, weight, scale, rates: str = RATES_SECTIONS,
              grassroots: bool | None = None) -> RaterGroup:
    """A rater group of a period: its direction, its weight, its grade scale, and whether its sheets
    rate the sections or (top-down only) individual staff.  A bottom-up group never rates people:
    its sheets are anonymous and name no one.  ``grassroots``: whether it is the period's
    grassroots group (基层评议组, whose scores alone decide 后三名 and 调离); None: by its name
    (one holding 基层, unless the period has a grassroots group already)."""
    if direction not in DIRECTIONS:
        raise BadValue(f"方向应为{'或'.join(DIRECTIONS)}：{direction!r}")
    name = required_text(name, "评议组名称")
    if len(name) > 20:
        raise BadValue(f"评议组名称不能超过20个字：{name}")
    if rates not in RATES:
        raise BadValue(f"评议对象应为{'或'.join(RATES)}：{rates!r}")
    if rates == RATES_PEOPLE and direction != TOP_DOWN:
        raise BadValue(f"评议组“{name}”：下评上只评科室，不评个人（基层评议不记名，票上不出现任何人员）")
    value = a_number(weight, "权重")
    if value is None or value < 0:
        raise BadValue(f"评议组“{name}”的权重应不小于0")
    scale = _scale_of(scale, name)
    if RaterGroup.select().where(RaterGroup.period == period, RaterGroup.direction == direction,
                                 RaterGroup.name == name).exists():
        raise BadValue(f"{period} {direction}已有评议组“{name}”")
    with database.atomic():
        _locked_period(period)
        _period_open(period, "新建评议组")
        if grassroots is None:
            grassroots = grassroots_by_default(period, direction, name)
        elif grassroots:
            _check_grassroots(period, direction, name)
        return RaterGroup.create(period=period, direction=direction, name=name, weight=value, scale=scale,
                                 rates=rates, grassroots=bool(grassroots))


@requires("ratings.manage")
def update_group(group: RaterGroup, weight=None, grassroots: bool | None = None) -> RaterGroup:
    """修改评议组: its weight, and whether it is the period's grassroots group (at most one a
    period; while the quarter is open: its closing acted on the mark)."""
    with database.atomic():
        period = _locked_period(group.period)
        stored = RaterGroup.get_by_id(group.id)
        _period_open(period, "修改评议组")
        if weight is not None:
            value = a_number(weight, "权重")
            if value is None or value < 0:
                raise BadValue(f"评议组“{stored.name}”的权重应不小于0")
            stored.weight = value
        if grassroots:
            _check_grassroots(period, stored.direction, stored.name, stored.id)
        if grassroots is not None:
            stored.grassroots = bool(grassroots)
        stored.save()
    group.weight, group.grassroots = stored.weight, stored.grassroots
    return stored


def rated_sections() -> list[Section]:
    """The sections a sheet lists: those in place now, in the office's order."""
    return list(Section.select().where(Section.active).order_by(Section.sort_order, Section.id))


def rated_people() -> list[Person]:
    """The staff a sheet rating individuals lists: everyone on the staff in a section, by section
    and name (the office's leaders, in no section, are the ones who rate)."""
    return [p for p in people_on_staff() if p.section_id is not None]


@dataclass
class Target:
    """One row of a rating sheet: a section, or a member of staff (with their section)."""

    id: int
    name: str
    section: str = ""


def targets_of(group: RaterGroup) -> list[Target]:
    """What a group's sheet rates, a row each: the sections, or the staff for a group rating people."""
    if rates_people(group):
        return [Target(p.id, p.name, p.section.name if p.section_id else "") for p in rated_people()]
    return [Target(s.id, s.name) for s in rated_sections()]


def criteria_of(direction: str) -> list:
    """The active rating criteria (评议项目) of a direction; none means one grade per section."""
    return list(Criterion.select().where(Criterion.direction == direction, Criterion.active)
                .order_by(Criterion.sort_order, Criterion.id))


def grades_of(group: RaterGroup) -> list[Grade]:
    return list(Grade.select().where(Grade.scale == group.scale_id).order_by(Grade.sort_order, Grade.id))


@requires("ratings.enter")
def reserve_serials(group: RaterGroup, copies: int) -> range:
    """Serial numbers for ``copies`` more sheets of a group, following those printed before."""
    if not 1 <= int(copies) <= 2000:
        raise BadValue("份数应在1到2000之间")
    with database.atomic():
        stored = _locked_group(group)  # another workstation printing the group's sheets finishes first
        first = (stored.first_serial or 1) + stored.sheets_printed
        if stored.first_serial is None:
            stored.first_serial = 1
        stored.sheets_printed += int(copies)
        stored.save()
        group.first_serial, group.sheets_printed = stored.first_serial, stored.sheets_printed
    return range(first, first + int(copies))


def _locked_group(group: RaterGroup) -> RaterGroup:
    """The group as stored, its sheets' lock held until the transaction ends: serials are reserved
    and ballots entered one workstation at a time, each deciding on what the other committed."""
    transaction_lock("rating sheets", group.id)
    return RaterGroup.get_by_id(group.id)


@requires("ratings.enter")
def release_serials(group: RaterGroup, serials: range) -> bool:
    """Give back serials reserved for sheets that were not printed after all (the preview closed
    without printing): only the latest reservation, and only while none of them was entered."""
    with database.atomic():
        stored = _locked_group(group)
        last = (stored.first_serial or 1) + stored.sheets_printed - 1
        if not serials or serials[-1] != last:
            return False
        if Ballot.select().where(Ballot.group == group,
                                 Ballot.serial.in_([serial_text(group, n) for n in serials])).exists():
            return False
        stored.sheets_printed -= len(serials)
        stored.save()
        group.sheets_printed = stored.sheets_printed
    return True


def serial_text(group: RaterGroup, number: int) -> str:
    """A sheet's serial as printed: the period, the group and the number (2025Q3-基层单位-0007)."""
    period = group.period
    return f"{period.year}Q{period.quarter}-{group.name}-{number:04d}"


def _serial_number(group: RaterGroup, serial) -> int:
    text = str(serial).strip().upper()
    prefix = f"{group.period.year}Q{group.period.quarter}-{group.name}-".upper()
    if text.startswith(prefix):
        text = text[len(prefix):]
    if not text.isdigit():
        raise BadValue(f"编号应为数字（或印在表上的完整编号）：{serial!r}")
    number = int(text)
    if group.first_serial is None or not group.first_serial <= number < group.first_serial + group.sheets_printed:
        printed = (f"{group.first_serial}–{group.first_serial + group.sheets_printed - 1}"
                   if group.sheets_printed else "尚未打印")
        raise BadValue(f"编号 {number} 不是本组印发的评议表（本组编号：{printed}）")
    return number


@requires("ratings.enter")
def enter_ballot(group: RaterGroup, serial, marks: dict, void: bool = False, void_reason: str = "",
                 clerk: str | None = None) -> Ballot:
    """One returned sheet, by its serial: a serial is entered once.  ``marks`` maps each section id
    (or, where the direction rates by criteria, each (section id, criterion id)) to a grade id of
    the group's scale; every mark is one vote.  For a top-down group rating individuals the ids are
    people's (the staff on its sheet), and their marks count in person_scores.  A bottom-up sheet
    is anonymous: it records the serial, the marks and the clerk who entered it, never a rater,
    and never names a person."""
    if group.period.status == CLOSED:
        raise BadValue(f"{group.period} 的评议已结束，不能再录入")
    number = _serial_number(group, serial)
    text = serial_text(group, number)
    _not_entered(group, number, text)
    people = rates_people(group)
    if people and group.direction != TOP_DOWN:  # the schema refuses such a group too
        raise BadValue(f"评议组“{group.name}”：下评上的评议表不记名，不能评个人")
    what = "人员" if people else "科室"
    scale = {g.id for g in grades_of(group)}
    targets = {t.id: t.name for t in targets_of(group)}
    criteria = {c.id for c in criteria_of(group.direction)}
    rows = []  # (section or person, criterion or None, grade)
    if not void:
        if not marks:
            raise BadValue("这张表没有任何勾选：请作为废票录入")
        for key, grade_id in marks.items():
            target_id, criterion_id = key if isinstance(key, tuple) else (key, None)
            if target_id not in targets:
                raise BadValue(f"编号 {number} 的评议表上没有这个{what}（{target_id}）")
            where = f"编号 {number} 的评议表，{targets[target_id]}："
            if criteria and criterion_id not in criteria:
                raise BadValue(f"{where}本方向按评议项目打分：每个勾选要指明项目（如 工作效率）")
            if not criteria and criterion_id is not None:
                raise BadValue(f"{where}本方向不分评议项目")
            if grade_id not in scale:
                raise BadValue(f"{where}等次不属于本组的评议标准（{group.scale.name}）")
            rows.append((target_id, criterion_id, grade_id))
    elif not (void_reason or "").strip():
        raise BadValue("废票要写明原因（如：空白、多选、涂改无法辨认）")
    column = "person" if people else "section"
    with database.atomic():
        _locked_group(group)  # the same serial entered at another workstation at the same moment
        _not_entered(group, number, text)
        ballot = Ballot.create(group=group, serial=text, void=bool(void), void_reason=(void_reason or "").strip()[:60],
                               entered_at=datetime.now(), entered_by=clerk or current_user())
        if not void:
            BallotMark.bulk_insert([{"ballot": ballot.id, column: t, "criterion": c, "grade": g} for t, c, g in rows])
        return ballot


def _not_entered(group: RaterGroup, number: int, text: str) -> None:
    if Ballot.select().where(Ballot.group == group, Ballot.serial == text).exists():
        raise BadValue(f"编号 {number} 的评议表已经录入过，同一张表不能录入两次")


def ballot_counts(group: RaterGroup) -> dict[str, int]:
    """Sheets printed, entered valid, entered void, and not returned."""
    valid = Ballot.select().where(Ballot.group == group, ~Ballot.void).count()
    void = Ballot.select().where(Ballot.group == group, Ballot.void).count()
    return {"printed": group.sheets_printed, "valid": valid, "void": void,
            "missing": max(0, group.sheets_printed - valid - void)}


def section_history(section: Section, direction: str = BOTTOM_UP) -> list[tuple[str, Decimal, int, int]]:
    """Across quarters: (period, score, rank, sections ranked) for one section, oldest first."""
    out = []
    for period in RatingPeriod.select().order_by(RatingPeriod.year, RatingPeriod.quarter):
        ranking = section_scores(period, direction)
        mine = next((s for s in ranking if s.section.id == section.id), None)
        if mine is not None:
            out.append((f"{period.year}Q{period.quarter}", mine.shown, mine.rank, len(ranking)))
    return out


def latest_period(on: date | None = None) -> RatingPeriod | None:
    """The latest period that has started by ``on``."""
    query = RatingPeriod.select().order_by(RatingPeriod.year.desc(), RatingPeriod.quarter.desc())
    if on is not None:
        query = query.where((RatingPeriod.year * 10 + RatingPeriod.quarter)
                            <= on.year * 10 + (on.month - 1) // 3 + 1)
    return query.first()


def periods() -> list[RatingPeriod]:
    """Every rating period, the newest first."""
    return list(RatingPeriod.select().order_by(RatingPeriod.year.desc(), RatingPeriod.quarter.desc()))


def period_by_id(period_id: int | None) -> RatingPeriod | None:
    return RatingPeriod.get_or_none(RatingPeriod.id == period_id) if period_id is not None else None


def explanations_of(period: RatingPeriod) -> list[Explanation]:
    """Every explanation recorded for a period (including one received for a section that has
    since left the bottom three), by rank."""
    return list(Explanation.select().where(Explanation.period == period).order_by(Explanation.rank, Explanation.kind))


@dataclass
class PersonScore:
    person: Person
    period: RatingPeriod
    score: Decimal | None  # mean points over the graded votes
    votes: dict[str, int]  # grade label → votes
    leading: str  # the grade most raters gave


@requires("ratings.results")
def person_scores(person: Person) -> list[PersonScore]:
    """上评下 of one member of staff, period by period: the mean points and the leading grade."""
    zero_unknown = unknown_as_zero()
    counts: dict[int, dict[int, int]] = {}
    for period_id, grade_id, votes in (Tally.select(RaterGroup.period, Tally.grade, Tally.votes)
                                       .join(RaterGroup, on=(Tally.group == RaterGroup.id))
                                       .where(Tally.person == person).tuples()):
        counts.setdefault(period_id, {})[grade_id] = counts.setdefault(period_id, {}).get(grade_id, 0) + votes
    for period_id, grade_id in (BallotMark.select(RaterGroup.period, BallotMark.grade)
                                .join(Ballot, on=(BallotMark.ballot == Ballot.id))
                                .join(RaterGroup, on=(Ballot.group == RaterGroup.id))
                                .where(BallotMark.person == person, ~Ballot.void).tuples()):
        counts.setdefault(period_id, {})[grade_id] = counts.setdefault(period_id, {}).get(grade_id, 0) + 1
    grades = {g.id: g for g in Grade.select()}
    out = []
    for period in RatingPeriod.select().where(RatingPeriod.id.in_(list(counts))).order_by(RatingPeriod.year,
                                                                                           RatingPeriod.quarter):
        by_grade = counts[period.id]
        total, n = Decimal(0), 0
        for grade_id, votes in by_grade.items():
            points = grades[grade_id].points
            if points is None and not zero_unknown:
                continue
            total += (points or Decimal(0)) * votes
            n += votes
        score = (total / n).quantize(Decimal("0.01"), ROUND_HALF_UP) if n else None
        labels = {grades[g].label: v for g, v in by_grade.items()}
        # the grade most raters gave; on a tie the better one (earlier on the scale)
        leading = grades[min(by_grade, key=lambda g: (-by_grade[g], grades[g].sort_order))].label
        out.append(PersonScore(person, period, score, labels, leading))
    return out


def group_by_id(group_id: int | None) -> RaterGroup | None:
    return RaterGroup.get_or_none(RaterGroup.id == group_id) if group_id is not None else None
