"""The four zero-defect campaigns: 万页文稿无差错, 万里行车无事故, 百次会议无失误, 百次电话无差错.

Each is a running count since the last defect, with the longest run so far and the goal.  One
walk (``walk``) is the rule for every run; each campaign only says what counts and what breaks it.
万页 and 万里, whose ledgers grow by tens of thousands of rows a year, and the 百次 counts are worked
out from SQL aggregates that give what the walk gives (``sql_walks``: per runner the defects, then a
SUM per run over a range of an index, the runs of a statement sent as one VALUES list), so that no
panel walks the history in Python; the tests hold the two to each other.  For 万页 and 万里 the
database keeps each runner's monthly subtotals (``models/run_subtotals.py``): a run of years adds
those of its whole months and reads only the rows of the months at its two ends.

- 万页文稿无差错: pages of documents issued without an error found after issue (印发后发现).
  Errors caught at proof-reading (校对发现) count for the error rate and the deduction, not here.
  Per typist, and for the typing pool (文印室).
- 万里行车无事故: per driver and per vehicle, the distance since that driver's (that vehicle's) last
  accident with 全部、主要或同等责任 (not 违章, not an accident others caused), in 里 with km beside:
  1 里 = 0.5 km, so the office's target of 10,000 里 is 5,000 km.
- 百次会议无失误, 百次电话无差错: the office's meetings and calls, as counts.

A run that reaches its target is recorded once (``CampaignReach``: the day, who, which campaign)
by the closing of the month it happened in (文印考核 for typists, 车辆奖惩 for drivers and
vehicles), in the closing's transaction, with a 表彰 posted to the reward/penalty ledger when the
rule (奖惩规定 ``typing_campaign_reward`` / ``driving_campaign_reward``) is on.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Iterable

import peewee as pw

from govoffice_desktop.models.campaigns import (CAMPAIGN_DRIVING, CAMPAIGN_TYPING, SUBJECT_DRIVER, SUBJECT_TYPIST,
                                                SUBJECT_VEHICLE, CampaignReach)
from govoffice_desktop.models.db import current_user, database, prepared
from govoffice_desktop.models.fleet import Incident, Trip, Vehicle
from govoffice_desktop.models import run_subtotals
from govoffice_desktop.models.run_subtotals import KEPT, Kept, RunSubtotal
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.staff import OFF_STAFF, Person
from govoffice_desktop.models.supervision import MeetingLog, PhoneLog
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import months
from govoffice_desktop.services.rules import rule_amount

KM_PER_LI = Decimal("0.5")  # 1 里 = 0.5 km, so 万里 = 5,000 km
AT_FAULT = ("全部责任", "主要责任", "同等责任")  # an accident with these resets 万里行车无事故
SAFE_TARGET_KEY = "fleet.safe_target_li"
DEFAULT_SAFE_TARGET_LI = Decimal(10000)
TARGET_PAGES = 10000  # 万页文稿无差错
POOL = "文印室"
OFFICE = "全办"
NOT_ON_FILE = "未建档"
REWARD_RULES = {CAMPAIGN_TYPING: "typing_campaign_reward", CAMPAIGN_DRIVING: "driving_campaign_reward"}


def setting_decimal(key: str, default: Decimal) -> Decimal:
    row = Setting.get_or_none(Setting.key == key)
    try:
        return Decimal(row.value) if row and row.value else default
    except ArithmeticError:
        return default


def target_li() -> Decimal:
    """The office's 万里 target in 里 (a setting of 车辆 → 设置, 10,000 unless changed)."""
    return setting_decimal(SAFE_TARGET_KEY, DEFAULT_SAFE_TARGET_LI)


# ================================================================ the one walk
@dataclass
class Walk:
    """What a walk through one runner's events found."""
    current: Decimal = Decimal(0)  # since the last defect
    longest: Decimal = Decimal(0)
    defects: int = 0
    last_defect: date | None = None
    since: date | None = None  # the day of the last defect, else of the first event
    reaches: list[tuple[date, Decimal, date | None]] = field(default_factory=list)  # (day, run then, run from)


def walk(events: Iterable[tuple], target: Decimal | None = None) -> Walk:
    """Given (amount, is_defect, when) in time order: the run since the last defect, the longest,
    the defects, and each day a run reached ``target`` (once per run).  A defective event breaks
    the run; its own amount counts toward no run."""
    out = Walk()
    first = True
    reached = False
    for amount, defect, when in events:
        if isinstance(when, datetime):
            when = when.date()
        if first:
            out.since, first = when, False
        if defect:
            out.defects += 1
            out.current = Decimal(0)
            out.since = out.last_defect = when
            reached = False
            continue
        out.current += Decimal(amount or 0)
        out.longest = max(out.longest, out.current)
        if target is not None and not reached and out.current >= target:
            reached = True
            out.reaches.append((when, out.current, out.since))
    return out


def streak(events: Iterable[tuple]) -> tuple[Decimal, Decimal, int, date | None]:
    """(current run, longest run, defects, since) of ``walk``."""
    w = walk(events)
    return w.current, w.longest, w.defects, w.since


# ================================================================ the same, from aggregates
FAR = 2 ** 62  # an id after every row's: an accident falls after the trips of its day
FIRST_DAY, LAST_DAY = date(1, 1, 1), date(9999, 12, 31)


@dataclass(frozen=True)
class Ledger:
    """Where a campaign's runs are counted: the rows of ``model`` taken in (``day``, id) order, each
    adding its ``amount`` (a column of whole numbers, or of a ``ScaledDecimalField``) to the run of
    its runner, the value of ``key`` (None: every row in one run, the pool's or the office's), of the
    rows ``only`` selects.  The index (key, day, amount) makes a run one range of it; with ``kept``
    (the same rows' monthly subtotals, ``models/run_subtotals.py``) a run reads only the rows of the
    months at its two ends."""
    name: str  # names its queries, compiled once (``models.db.prepared``)
    model: type
    day: pw.Field
    amount: pw.Field
    key: pw.Field | None = None
    only: pw.Expression | None = None
    kept: Kept | None = None

    @property
    def row(self) -> pw.Field:
        return self.model._meta.primary_key

    def rows(self, runner, *conditions) -> pw.ModelSelect:
        """The runner's rows (of ``conditions``), selecting nothing yet."""
        query = self.model.select()
        if self.key is not None:
            query = query.where(self.key == runner)
        if self.only is not None:
            query = query.where(self.only)
        return query.where(*conditions) if conditions else query

    def figure(self, stored) -> Decimal:
        """A run's figure from the SUM of the stored column (None: no row had an amount): what
        ``walk`` adds up, whose zero has no decimals (an amount of zero adds nothing to it)."""
        return Decimal(int(stored)).scaleb(-getattr(self.amount, "places", 0)) if stored else Decimal(0)

    def stored(self, figure: Decimal) -> int:
        """The least stored sum reaching ``figure``."""
        return math.ceil(figure.scaleb(getattr(self.amount, "places", 0)))

    def as_day(self, value) -> date:
        value = self.day.adapt(value)
        return value.date() if isinstance(value, datetime) else value


def sql_walks(ledger: Ledger, runners: Iterable, breaks: dict, until: date | None = None,
              target: Decimal | None = None, reaches_from: date | None = FIRST_DAY) -> dict[object, Walk]:
    """What ``walk`` finds for each of ``runners`` (values of ``ledger.key``; one, None, when it has
    none), up to the day ``until``, without reading the history row by row.  ``breaks`` gives each
    runner's defects up to ``until`` in time order as positions (day, id): a defect that is a row of
    the ledger counts toward no run; one at (day, FAR) falls after that day's rows.  Each run
    between two defects is a SUM over a range of days of the index (or of the kept subtotals of its
    whole months and the rows of the months at its ends) and over the rows of its two end days after
    or before the defect (``_run_totals``); the day a run reached ``target`` is found by reading that
    run from its start until it did (or only the month it did it in: ``_crossing``).  Reaches worked
    out: the current run's and those of the runs ending on or after ``reaches_from`` (FIRST_DAY:
    every one; a month's closing: its first day; LAST_DAY: the current run's, all ``reached_on``
    needs), or none (None: what does not show them)."""
    top = (until or LAST_DAY, FAR)
    runs: list[tuple] = []  # (runner, from, to): each runner's runs in time order
    spans: list[tuple] = []  # (runner, defects, where its runs start in ``runs``)
    for runner in runners:
        defects = breaks.get(runner, ())
        bounds = [(FIRST_DAY, -1), *defects, top]
        spans.append((runner, defects, len(runs)))
        runs += [(runner, bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    totals = _run_totals(ledger, runs) if runs else []
    out: dict[object, Walk] = {}
    wanted: list[tuple] = []  # (walk, run, since then): the runs whose day of reaching the target is asked
    for runner, defects, at in spans:
        mine = totals[at:at + len(defects) + 1]
        w = out[runner] = Walk(defects=len(defects), last_defect=defects[-1][0] if defects else None)
        first = mine[0][1]  # the runner's first row, when it is in the first run
        first_day = first[0] if first else None
        w.since = w.last_defect or first_day
        figures = [ledger.figure(stored) for stored, *_rest in mine]
        w.current = figures[-1]
        w.longest = max((f for f in figures if f > 0), default=Decimal(0))
        if target is not None and reaches_from is not None:
            wanted += [(w, at + n, first_day if n == 0 else defects[n - 1][0]) for n, figure in enumerate(figures)
                       if figure >= target and (n == len(defects) or runs[at + n][2][0] >= reaches_from)]
    if wanted:
        asked = [(*runs[n], totals[n][2]) for _w, n, _s in wanted]
        for (w, n, since), reached in zip(wanted, _crossing(ledger, asked, target)):
            if reached is not None:
                w.reaches.append((*reached, since))
    return out


RUNS_PER_STATEMENT = 1000  # eight values each: far under SQLite's and PostgreSQL's limits on one statement's


def _one_month(lo_day: date, hi_day: date) -> bool:
    return lo_day >= hi_day.replace(day=1)


def _middle(lo_day: date, hi_day: date) -> tuple[date, date]:
    """The whole months strictly between the days ``lo_day`` and ``hi_day``, as the first day of the
    first and of the month after the last ([from, to), empty for months side by side); (hi_day,
    hi_day) when both days are of one month."""
    to = hi_day.replace(day=1)
    if _one_month(lo_day, hi_day):
        return hi_day, hi_day
    return months.add_months(lo_day.replace(day=1), 1), to


def _run_totals(ledger: Ledger, runs: list[tuple]) -> list[tuple]:
    """For each run (runner, from, to), in the order given: the SUM of its amounts (None: none),
    and for a runner's first run its first row (day, id) when it is in that run, or None.  The rows
    strictly between the two end days are, for a ledger whose monthly subtotals are kept, the
    subtotals of the whole months between them (``_middle``) and the rows of the two months at its
    ends, each a range of the index; else a range of the index.  Only the rows of the end days look
    at the id.  The runs go to the database as the rows of a VALUES list, a thousand a statement,
    each summed by scalar subqueries over constant ranges of the indexes (not a join of the runs
    onto the ledger, which made SQLite re-check the bounds row by row): one statement, not one per
    run."""
    head, head_params, row = _totals_sql(ledger)
    out: list[tuple] = [None] * len(runs)  # type: ignore[list-item]
    for start in range(0, len(runs), RUNS_PER_STATEMENT):
        chunk = runs[start:start + RUNS_PER_STATEMENT]
        params = list(head_params)
        for n, (runner, lo, hi) in enumerate(chunk, start):
            params += (n, runner, lo[0], lo[1], hi[0], hi[1])
            if _kept_now(ledger) is not None:
                params += _middle(ledger.as_day(lo[0]), ledger.as_day(hi[0]))
        cursor = database.execute_sql(f"{head} FROM (VALUES {', '.join([row] * len(chunk))}) AS runs", params)
        for n, *sums, first_day, first_id in cursor.fetchall():
            parts = [s for s in sums if s is not None]
            found = None if first_day is None else (ledger.as_day(first_day), first_id)
            out[n] = (sum(parts) if parts else None, found, _segments(ledger, chunk[n - start], sums))
    return out


def _segments(ledger: Ledger, run: tuple, sums: list) -> tuple[int, int] | None:
    """For a ledger with kept subtotals: the sums of the run's first month (its rows after the run's
    start; all its rows when the run ends in the same month) and of the whole months after it, which
    ``_crossing`` reads the run by (None: a ledger without)."""
    if _kept_now(ledger) is None:
        return None
    head, kept, tail, on_lo, on_hi = (int(s or 0) for s in sums)
    _runner, lo, hi = run
    if _one_month(ledger.as_day(lo[0]), ledger.as_day(hi[0])):
        return head + on_lo + on_hi, 0
    return head + on_lo, kept


_TOTALS: dict[tuple, tuple] = {}


def _kept_now(ledger: Ledger) -> Kept | None:
    """The ledger's kept subtotals, when the database open keeps them (``run_subtotals.trusted``:
    a PostgreSQL role that could not repair their triggers adds the rows themselves)."""
    return ledger.kept if ledger.kept is not None and run_subtotals.trusted() else None


def _kept(ledger: Ledger, runner, *conditions) -> pw.ModelSelect:
    """The runner's kept subtotals (of ``conditions``), selecting nothing yet: a range of their
    unique index."""
    kept, sub = ledger.kept, RunSubtotal
    runner_id, runner_name = (0, "") if kept.key is None else (0, runner) if kept.by_name else (runner, "")
    return sub.select().where(sub.ledger == kept.code, sub.runner_id == runner_id, sub.runner_name == runner_name,
                              *conditions)


def _kept_total(ledger: Ledger, runner, mid_from, mid_to) -> pw.Query:
    """The SUM of the runner's kept subtotals of the months from ``mid_from`` to before ``mid_to``."""
    return _kept(ledger, runner, RunSubtotal.month >= mid_from, RunSubtotal.month < mid_to).select(
        pw.fn.SUM(RunSubtotal.amount))


def _totals_sql(ledger: Ledger) -> tuple[str, list, str]:
    """``_run_totals``' statement for ``ledger`` in the database's dialect, compiled once: the
    SELECT before its FROM (with its own values), and one row of the VALUES list (n, runner,
    from day, from id, to day, to id, and with kept subtotals the ``_middle`` months' from and to),
    which the columns read as runs.column1 … column8 (the names SQLite and PostgreSQL both give
    them).  PostgreSQL is told each value's type."""
    slot = (ledger.name, type(database.obj), _kept_now(ledger) is not None)
    if slot in _TOTALS:
        return _TOTALS[slot]
    values = 6 if _kept_now(ledger) is None else 8
    n, runner, lo_day, lo_id, hi_day, hi_id, *middle = (pw.SQL(f"runs.column{i}") for i in range(1, values + 1))
    day, amount = ledger.day, ledger.amount
    row_id = ledger.row + 0  # compared as a value, not an index range: the day is the range (SQLite would
    # otherwise walk the runner's rows by id from the defect's on, not the few rows of its day)
    total = pw.fn.SUM(amount)
    if middle:  # the rows of the month of the run's start, the whole months' subtotals, the rows of its end's
        mid_from, mid_to = middle
        between = [ledger.rows(runner, day > lo_day, day < mid_from).select(total),
                   _kept_total(ledger, runner, mid_from, mid_to),
                   ledger.rows(runner, day >= mid_to, day < hi_day).select(total)]
    else:
        between = [ledger.rows(runner, day > lo_day, day < hi_day).select(total)]
    before_hi = (day < hi_day) | ((day == hi_day) & (row_id < hi_id))  # the first run's rows: before its end
    first_day = ledger.rows(runner, day <= hi_day, before_hi).select(pw.fn.MIN(day))
    first_run = lo_id < 0
    query = pw.Select(columns=[
        n,
        *between,
        ledger.rows(runner, day == lo_day, row_id > lo_id, (lo_day < hi_day) | (row_id < hi_id)).select(total),
        ledger.rows(runner, day == hi_day, row_id < hi_id, lo_day < hi_day).select(total),
        pw.Case(None, [(first_run, first_day)]),
        pw.Case(None, [(first_run, ledger.rows(runner, day == first_day, before_hi).select(pw.fn.MIN(ledger.row)))])])
    head, head_params = database.get_sql_context().sql(query).query()
    mark = database.param
    if isinstance(database.obj, pw.PostgresqlDatabase):
        key = ledger.key.field_type if ledger.key is not None else "INT"
        when = pw.PostgresqlDatabase.field_types.get(day.field_type, day.field_type)  # DATE, or TIMESTAMP
        types = ("INT", "INT" if key == "AUTO" else key, when, "BIGINT", when, "BIGINT", when, when)[:values]
        row = "(" + ", ".join(f"CAST({mark} AS {t})" for t in types) + ")"
    else:
        row = "(" + ", ".join([mark] * values) + ")"
    _TOTALS[slot] = found = (head, head_params, row)
    return found


def _crossing(ledger: Ledger, runs: list[tuple], target: Decimal) -> list[tuple[date, Decimal] | None]:
    """For each run (runner, from, to, segments), the day it reached ``target`` and its figure then:
    the one row where the running sum reaches it (None: the run has no row).  Without kept
    subtotals (``segments`` None), the run is read from its start and no further; with them
    (``_segments``: the sums of its first month and of its whole months), the rows of the month
    where it reaches the target are read, found from those sums and the months' subtotals (and the
    rows of the run's first month when it reaches it there)."""
    day, row = ledger.day, ledger.row

    def crossing(runner, lo_day, lo_id, hi_day, hi_id, goal):
        amount = pw.fn.COALESCE(ledger.amount, 0)
        frame = dict(order_by=[day, row], frame_type=pw.Window.ROWS, start=pw.Window.preceding())
        inside = (pw.Tuple(day, row) > pw.Tuple(lo_day, lo_id)) & (pw.Tuple(day, row) < pw.Tuple(hi_day, hi_id))
        run = ledger.rows(runner, day >= lo_day, day <= hi_day, inside).select(
            day.alias("day"), amount.alias("amount"), pw.fn.SUM(amount).over(**frame).alias("total"),
            pw.fn.COUNT(pw.SQL("*")).over(**frame).alias("n")).alias("run")
        # The running sum never falls: exactly one row is the first to reach the goal, so the query
        # stops there (no ORDER BY, which would read the whole run).
        return (pw.Select([run], [run.c.day, run.c.total])
                .where(run.c.total >= goal, (run.c.total - run.c.amount < goal) | (run.c.n == 1)).limit(1))

    query = prepared(f"campaigns.crossing.{ledger.name}", crossing, "runner", "lo_day", "lo_id", "hi_day", "hi_id",
                     "goal")
    goal = ledger.stored(target)

    def reads(runner, lo, hi, goal, before=0):
        found = query.run(runner=runner, lo_day=lo[0], lo_id=lo[1], hi_day=hi[0], hi_id=hi[1], goal=goal).fetchone()
        return None if found is None else (found[0], found[1] + before)

    if ledger.kept is not None:
        by_month = prepared(f"campaigns.crossing.months.{ledger.name}", partial(_month_crossing, ledger), "runner",
                            "mid_from", "mid_to", "goal")
    out = []
    for runner, lo, hi, segments in runs:
        if segments is None:
            found = reads(runner, lo, hi, goal)
        else:
            found = _crossing_by_month(ledger, reads, by_month, runner, lo, hi, goal, segments)
        out.append(None if found is None else (ledger.as_day(found[0]), ledger.figure(found[1])))
    return out


def _crossing_by_month(ledger: Ledger, reads, by_month, runner, lo: tuple, hi: tuple, goal: int, segments: tuple):
    """``_crossing`` of one run over kept subtotals: (day, stored sum then), or None.  ``reads(runner,
    from, to, goal, before)`` finds the row reaching ``goal`` among the rows between two positions,
    its figure counted from ``before``; ``by_month`` is ``_month_crossing``, compiled."""
    first, middle = segments
    lo_day, hi_day = ledger.as_day(lo[0]), ledger.as_day(hi[0])
    mid_from, mid_to = _middle(lo_day, hi_day)
    if _one_month(lo_day, hi_day):
        return reads(runner, lo, hi, goal)
    if goal <= first:  # in its first month
        found = reads(runner, lo, (mid_from, -1), goal)
        if found is not None:
            return found
    if goal <= first + middle:  # in a whole month: the first whose subtotal takes the run there
        month = by_month.run(runner=runner, mid_from=mid_from, mid_to=mid_to, goal=goal - first).fetchone()
        if month is not None:
            start = ledger.as_day(month[0])
            before = first + int(month[1]) - int(month[2])
            found = reads(runner, (start, -1), (months.add_months(start, 1), -1), goal - before, before)
            if found is not None:
                return found
    return reads(runner, (mid_to, -1), hi, goal - first - middle, first + middle)  # in its last month


def _month_crossing(ledger: Ledger, runner, mid_from, mid_to, goal) -> pw.Query:
    """The first of the runner's kept months from ``mid_from`` to before ``mid_to`` whose subtotals,
    added up, reach ``goal``: (month, the sum then, its subtotal)."""
    sub = _kept(ledger, runner, RunSubtotal.month >= mid_from, RunSubtotal.month < mid_to)
    frame = dict(order_by=[RunSubtotal.month], frame_type=pw.Window.ROWS, start=pw.Window.preceding())
    months_ = sub.select(RunSubtotal.month.alias("month"), RunSubtotal.amount.alias("amount"),
                         pw.fn.SUM(RunSubtotal.amount).over(**frame).alias("total"),
                         pw.fn.COUNT(pw.SQL("*")).over(**frame).alias("n")).alias("months")
    return (pw.Select([months_], [months_.c.month, months_.c.total, months_.c.amount])
            .where(months_.c.total >= goal, (months_.c.total - months_.c.amount < goal) | (months_.c.n == 1)).limit(1))


@dataclass(frozen=True)
class Streak:
    """A campaign as one line: the count since the last defect, the longest, the goal."""
    code: str
    current: Decimal  # since the last defect
    longest: Decimal
    goal: Decimal
    unit: str
    defects: int
    since: date | None = None  # the day of the last defect (the run counts from it), else of the first record

    @property
    def progress(self) -> float:
        """Share of the goal reached by the current run, 0.0–1.0 (for a progress bar)."""
        if self.goal <= 0:
            return 0.0
        return float(min(self.current / self.goal, Decimal(1)))


# ================================================================ 万页文稿无差错
@dataclass
class PageRun:
    """One typist's (or the pool's) pages since the last document with an error found after issue."""
    name: str  # a typist, or 文印室 for the pool
    current: int
    longest: int
    errors: int  # documents with an error found after issue, ever
    last_error_on: date | None  # the day of the last such document
    since: date | None = None
    reaches: list[tuple[date, Decimal, date | None]] = field(default_factory=list)
    person_id: int | None = None

    @property
    def progress(self) -> Decimal:
        return min(Decimal(1), Decimal(self.current) / TARGET_PAGES)

    @property
    def reached(self) -> bool:
        return self.current >= TARGET_PAGES

    @property
    def reached_on(self) -> date | None:
        """The day the current run reached 10,000 pages."""
        return self.reaches[-1][0] if self.reached and self.reaches else None


def _page_run(name: str, logs, person_id: int | None = None) -> PageRun:
    """The run walked over (pages, errors found after issue, day) in time order (``page_runs`` works
    it out from aggregates)."""
    return _as_page_run(name, walk(((pages, after > 0, day) for pages, after, day in logs), Decimal(TARGET_PAGES)),
                        person_id)


PAGES = Ledger("pages", TypingLog, TypingLog.typed_on, TypingLog.pages, kept=KEPT["page"])  # the pool's
PAGES_BY_TYPIST = Ledger("pages by typist", TypingLog, TypingLog.typed_on, TypingLog.pages, key=TypingLog.typist,
                         kept=KEPT["page_typist"])


def _errors_after_issue(until: date | None = None) -> list[tuple]:
    """(typist, day, id) of each document with an error found after issue, in time order."""
    query = (TypingLog.select(TypingLog.typist, TypingLog.typed_on, TypingLog.id)
             .where(TypingLog.errors_after_issue > 0, TypingLog.typed_on <= (until or LAST_DAY))
             .order_by(TypingLog.typed_on, TypingLog.id))
    return [(t, TypingLog.typed_on.adapt(d), key) for t, d, key in query.tuples()]


def page_runs(until: date | None = None, include_gone: bool = False,
              reaches_from: date | None = FIRST_DAY) -> list[PageRun]:
    """万页文稿无差错 for the typing pool (first) and each typist (in the pool now, or every one
    who ever was with ``include_gone``), up to the day ``until`` (a month's printout) or all; the
    days 10,000 pages were reached worked out as ``sql_walks`` says (``reaches_from``)."""
    errors = _errors_after_issue(until)
    target = Decimal(TARGET_PAGES)
    pool = sql_walks(PAGES, [None], {None: [(d, key) for _t, d, key in errors]}, until, target, reaches_from)[None]
    out = [_as_page_run(POOL, pool)]
    people = Person.select(Person.id, Person.name).where(Person.is_typist).order_by(Person.name)
    if not include_gone:
        people = people.where(Person.status.not_in(OFF_STAFF))
    people = list(people.tuples())
    breaks: dict[int, list] = defaultdict(list)
    for t, d, key in errors:
        breaks[t].append((d, key))
    walks = sql_walks(PAGES_BY_TYPIST, [pid for pid, _name in people], breaks, until, target, reaches_from)
    return out + [_as_page_run(name, walks[pid], pid) for pid, name in people]


def _as_page_run(name: str, w: Walk, person_id: int | None = None) -> PageRun:
    return PageRun(name, int(w.current), int(w.longest), w.defects, w.last_defect, w.since, w.reaches, person_id)


def typing_streak(typist_id: int | None = None, until: date | None = None) -> Streak:
    """万页文稿无差错 as a campaign line (the pool, or one typist), up to the day ``until`` or all."""
    errors = [(d, key) for t, d, key in _errors_after_issue(until) if typist_id is None or t == typist_id]
    ledger = PAGES if typist_id is None else PAGES_BY_TYPIST
    w = sql_walks(ledger, [typist_id], {typist_id: errors}, until)[typist_id]
    return Streak("typing", w.current, w.longest, Decimal(TARGET_PAGES), "页", w.defects, w.since)


# ================================================================ 万里行车无事故
@dataclass
class DriveRun:
    """One driver's (or vehicle's) distance since the last at-fault accident."""
    name: str
    km: Decimal  # since the last at-fault accident (or the first trip)
    last_accident: date | None
    target_li: Decimal
    subject: str = SUBJECT_DRIVER  # 驾驶员, 车辆, or 全办 for the whole office
    person_id: int | None = None
    vehicle_id: int | None = None
    longest_km: Decimal = Decimal(0)
    since: date | None = None
    reaches: list[tuple[date, Decimal, date | None]] = field(default_factory=list)  # (day, km then, run from)
    on_file: bool = True

    @property
    def li(self) -> Decimal:
        return (self.km / KM_PER_LI).quantize(Decimal("0.1"))

    @property
    def progress(self) -> Decimal:
        return min(Decimal(1), self.li / self.target_li) if self.target_li else Decimal(0)

    @property
    def reached(self) -> bool:
        return self.target_li > 0 and self.li >= self.target_li

    @property
    def reached_on(self) -> date | None:
        """The day the current run reached the target."""
        return self.reaches[-1][0] if self.reached and self.reaches else None


def _drive_run(name: str, trips, accidents, target: Decimal, **kw) -> DriveRun:
    """From (day, km) trips and the days of at-fault accidents: an accident on a day falls after
    that day's trips (the run walked over them; ``drive_runs`` works it out from aggregates)."""
    events = sorted([((day, 0), km or 0, False) for day, km in trips]
                    + [((day, 1), 0, True) for day in accidents], key=lambda e: e[0])
    w = walk(((amount, defect, key[0]) for key, amount, defect in events), target * KM_PER_LI)
    return _as_drive_run(name, w, target, **kw)


def _as_drive_run(name: str, w: Walk, target: Decimal, **kw) -> DriveRun:
    return DriveRun(name, w.current, w.last_defect, target, longest_km=w.longest, since=w.since,
                    reaches=w.reaches, **kw)


TRIPS = Ledger("trips", Trip, Trip.trip_date, Trip.distance_km, kept=KEPT["trip"])  # the office's
TRIPS_BY_DRIVER = Ledger("trips by driver", Trip, Trip.trip_date, Trip.distance_km, key=Trip.driver,
                         kept=KEPT["trip_driver"])
TRIPS_BY_NAME = Ledger("trips by name", Trip, Trip.trip_date, Trip.distance_km, key=Trip.driver_name,
                       only=Trip.driver.is_null(), kept=KEPT["trip_name"])
TRIPS_BY_VEHICLE = Ledger("trips by vehicle", Trip, Trip.trip_date, Trip.distance_km, key=Trip.vehicle,
                          kept=KEPT["trip_vehicle"])


def _accidents(until: date | None = None) -> list[tuple]:
    """(driver, name, vehicle, day) of each at-fault accident up to the day ``until``, in time order."""
    return [(p, n, v, Incident.occurred_on.adapt(d)) for p, n, v, d in
            _at_fault(until).select(Incident.driver, Incident.driver_name, Incident.vehicle, Incident.occurred_on)
            .order_by(Incident.occurred_on, Incident.id).tuples()]


def drive_runs(target: Decimal | None = None, vehicles: bool = False, until: date | None = None,
               reaches_from: date | None = FIRST_DAY) -> list[DriveRun]:
    """Each driver (in service, by name; then drivers named in an imported log with no staff file,
    marked 未建档), and with ``vehicles`` each vehicle not scrapped (by plate): the distance since
    their own last at-fault accident; another driver's accident resets neither him nor his car's
    other drivers.  Up to the day ``until`` (a month's printout), or all; the days the target was
    reached worked out as ``sql_walks`` says (``reaches_from``)."""
    target = target_li() if target is None else target
    km = target * KM_PER_LI
    crashes = _accidents(until)
    of_driver: dict[object, list] = defaultdict(list)
    of_vehicle: dict[object, list] = defaultdict(list)
    for p, n, v, d in crashes:
        of_driver[p if p is not None else n].append((d, FAR))
        of_vehicle[v].append((d, FAR))
    people = list(Person.select(Person.id, Person.name).where(Person.is_driver, Person.status.not_in(OFF_STAFF))
                  .order_by(Person.name).tuples())
    walks = sql_walks(TRIPS_BY_DRIVER, [pid for pid, _name in people], of_driver, until, km, reaches_from)
    out = [_as_drive_run(name, walks[pid], target, person_id=pid) for pid, name in people]
    names = sorted({n for (n,) in Trip.select(Trip.driver_name).distinct()
                    .where(Trip.driver.is_null(), Trip.driver_name != "", Trip.trip_date <= (until or LAST_DAY))
                    .tuples()})
    walks = sql_walks(TRIPS_BY_NAME, names, of_driver, until, km, reaches_from)
    out += [_as_drive_run(f"{name}（{NOT_ON_FILE}）", walks[name], target, on_file=False) for name in names]
    if vehicles:
        cars = list(Vehicle.select(Vehicle.id, Vehicle.plate).where(Vehicle.status != "报废")
                    .order_by(Vehicle.plate).tuples())
        walks = sql_walks(TRIPS_BY_VEHICLE, [vid for vid, _plate in cars], of_vehicle, until, km, reaches_from)
        out += [_as_drive_run(plate, walks[vid], target, subject=SUBJECT_VEHICLE, vehicle_id=vid)
                for vid, plate in cars]
    return out


def office_run(target: Decimal | None = None, until: date | None = None) -> DriveRun:
    """The whole office's distance since its last at-fault accident (for the 车辆 page; the
    campaign itself is per driver), up to the day ``until`` or all."""
    target = target_li() if target is None else target
    crashes = {None: [(d, FAR) for _p, _n, _v, d in _accidents(until)]}
    w = sql_walks(TRIPS, [None], crashes, until, target * KM_PER_LI)[None]
    return _as_drive_run(OFFICE, w, target, subject=OFFICE)


def _at_fault(until: date | None = None):
    """The office's at-fault accidents, up to the day ``until`` or all."""
    return Incident.select().where(Incident.kind == "事故", Incident.responsibility.in_(AT_FAULT),
                                   Incident.occurred_on <= (until or date.max))


def last_accident(until: date | None = None) -> Incident | None:
    """The office's latest at-fault accident (up to the day ``until``)."""
    return (_at_fault(until)
            .order_by(Incident.occurred_on.desc(), Incident.id.desc()).first())


@dataclass
class DrivingSummary:
    """万里行车无事故 on 首页: how many drivers have reached the target, who is nearest, the last accident."""
    target_li: Decimal
    drivers: list[DriveRun]
    reached: list[DriveRun]
    nearest: DriveRun | None  # the driver not there yet with the most 里
    last_accident: Incident | None


def driving_summary(runs: list[DriveRun] | None = None) -> DrivingSummary:
    """From ``drive_runs()``, or the drivers among ``runs`` already computed (with the vehicles)."""
    drivers = drive_runs() if runs is None else [r for r in runs if r.subject == SUBJECT_DRIVER]
    reached = [d for d in drivers if d.reached]
    waiting = sorted((d for d in drivers if not d.reached), key=lambda d: (-d.km, d.name))
    return DrivingSummary(target_li(), drivers, reached, waiting[0] if waiting else None, last_accident())


def driving_streak(until: date | None = None, drivers: list[DriveRun] | None = None) -> Streak:
    """万里行车无事故 as a campaign line: the driver furthest on, in 里, against 10,000 里 (up to the
    day ``until``, or all); from ``drivers`` when the caller has them (``drive_runs(until=until)``)."""
    target = target_li()
    drivers = drive_runs(target, until=until) if drivers is None else drivers
    best = max(drivers, key=lambda d: (d.km, d.name), default=None)
    accident = last_accident(until)
    return Streak("driving", best.li if best else Decimal(0),
                  max(((d.longest_km / KM_PER_LI).quantize(Decimal("0.1")) for d in drivers), default=Decimal(0)),
                  target, "里", _at_fault(until).count(),
                  best.since if best else (accident.occurred_on if accident else None))


# ================================================================ 百次
MEETINGS = Ledger("meetings", MeetingLog, MeetingLog.held_on, pw.Value(1))  # each meeting counts one
PHONES = Ledger("phones", PhoneLog, PhoneLog.called_at, pw.Value(1))  # each call counts one


def _count_streak(code: str, ledger: Ledger, defect: pw.Expression, until) -> Streak:
    """A 百次 campaign from aggregates, as ``streak`` walks it: the rows of ``ledger`` up to ``until``
    (a day, or the last moment of one), each counting one, those of ``defect`` breaking the run."""
    day = ledger.day
    slips = [(day.adapt(when), key) for when, key in ledger.model.select(day, ledger.row)
             .where(defect, day <= (until or LAST_DAY)).order_by(day, ledger.row).tuples()]
    w = sql_walks(ledger, [None], {None: slips}, until)[None]
    since = w.since.date() if isinstance(w.since, datetime) else w.since
    return Streak(code, w.current, w.longest, Decimal(100), "次", w.defects, since)


def meeting_streak(until: date | None = None) -> Streak:
    """百次会议无失误 (up to the day ``until``, or all)."""
    return _count_streak("meetings", MEETINGS, MeetingLog.slip == True, until)  # noqa: E712


def phone_streak(until: date | None = None) -> Streak:
    """百次电话无差错 (up to the day ``until``, or all)."""
    return _count_streak("phones", PHONES, PhoneLog.error == True,  # noqa: E712
                         None if until is None else datetime.combine(until, time.max))


def all_streaks(until: date | None = None, drivers: list[DriveRun] | None = None) -> list[Streak]:
    """The four campaigns, up to the day ``until`` (a month's 专报: its last day) or all; the
    drivers' runs from ``drivers`` when the caller has them."""
    return [typing_streak(until=until), driving_streak(until, drivers), meeting_streak(until), phone_streak(until)]


# ================================================================ targets reached, recorded at the closing
@dataclass
class Reach:
    """A target reached in a month, not yet recorded: what the closing records (and rewards)."""
    campaign: str
    subject: str
    name: str
    reached_on: date
    figure: Decimal  # pages, or 里
    unit: str
    run_from: date | None
    person_id: int | None = None
    vehicle_id: int | None = None
    reward: Decimal = Decimal("0.00")


def month_reaches(campaign: str, year: int, month: int) -> list[Reach]:
    """The targets of ``campaign`` reached in the month and not recorded yet, with the 表彰 the
    rule in force on the month's last day gives each typist or driver on file (none for a vehicle)."""
    first, last = months.bounds(year, month)
    amount = rule_amount(REWARD_RULES[campaign], last)
    found: list[Reach] = []
    if campaign == CAMPAIGN_TYPING:
        for run in page_runs(last, include_gone=True, reaches_from=first)[1:]:  # a reach is known by its day
            found += [Reach(campaign, SUBJECT_TYPIST, run.name, day, figure, "页", start, person_id=run.person_id)
                      for day, figure, start in run.reaches if first <= day <= last]
    else:
        for run in drive_runs(vehicles=True, until=last, reaches_from=first):
            found += [Reach(campaign, run.subject, run.name, day, (km / KM_PER_LI).quantize(Decimal("0.1")), "里",
                            start, person_id=run.person_id, vehicle_id=run.vehicle_id)
                      for day, km, start in run.reaches if first <= day <= last]
    done = set(CampaignReach.select(CampaignReach.subject, CampaignReach.name, CampaignReach.reached_on)
               .where(CampaignReach.campaign == campaign).tuples())
    out = [r for r in found if (r.subject, r.name, r.reached_on) not in done]
    for r in out:
        if r.person_id is not None and amount:
            r.reward = amount
    return out


CAMPAIGN_NAMES = {CAMPAIGN_TYPING: "万页文稿无差错", CAMPAIGN_DRIVING: "万里行车无事故", "meetings": "百次会议无失误",
                  "phones": "百次电话无差错"}


def reward_rows(reaches: list[Reach], category: str, source_table: str, year: int, month: int) -> list[dict]:
    """The 表彰 entries of a closing, dated the month's last day, for the closing to post."""
    last = months.bounds(year, month)[1]
    return [dict(person=r.person_id, entry_date=last, category=category, amount=r.reward,
                 reason=f"{CAMPAIGN_NAMES[r.campaign]}表彰：{r.reached_on} 达到 {r.figure.normalize():f} {r.unit}"[:200],
                 source_table=source_table, source_id=year * 100 + month, entered_by=current_user())
            for r in reaches if r.reward]


def record_reaches(reaches: list[Reach], year: int, month: int) -> None:
    """Record them (inside the closing's transaction)."""
    now = datetime.now()
    CampaignReach.bulk_insert([dict(campaign=r.campaign, subject=r.subject, person=r.person_id, vehicle=r.vehicle_id,
                                    name=r.name[:30], reached_on=r.reached_on, run_from=r.run_from, figure=r.figure,
                                    unit=r.unit, reward=r.reward, closed_in=year * 100 + month, recorded_at=now,
                                    recorded_by=current_user()) for r in reaches])


def withdraw_reaches(campaign: str, year: int, month: int) -> None:
    """A reopened month: the records its closing wrote go (its 表彰 go with its other entries)."""
    CampaignReach.delete_where((CampaignReach.campaign == campaign) & (CampaignReach.closed_in == year * 100 + month))


def recorded_reaches(campaign: str | None = None, until: date | None = None) -> list[CampaignReach]:
    """Every target reached and recorded (up to the day ``until``), latest first."""
    query = CampaignReach.select().order_by(CampaignReach.reached_on.desc(), CampaignReach.id.desc())
    if until is not None:
        query = query.where(CampaignReach.reached_on <= until)
    if campaign is not None:
        query = query.where(CampaignReach.campaign == campaign)
    return list(query)
