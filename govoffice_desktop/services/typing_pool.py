"""文印 services: the work log, speed tests, the standard in force, the monthly assessment and its
deductions, and 万页文稿无差错.

The seed asks to 规范打字速度和差错率，对不合规范者扣减奖金 and gives no numbers; the standard
(文印管理工作实施细则) is kept as dated rows, so every month is assessed by the rules in force on
its last day, and changing the standard never changes a month already assessed.
"""
from __future__ import annotations

from typing import NamedTuple

from govoffice_desktop.models.rewards import CAT_TYPING
from govoffice_desktop.models.staff import OFF_STAFF
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal


from govoffice_desktop.models.db import current_user
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.staff import Person
from govoffice_desktop.models.typing_pool import (ERROR_STAGES, STAGE_ISSUED, STAGE_PROOF, SpeedTest, TypingLog,
                                                  TypingStandard)
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import BadValue, a_count, a_date, a_number, required_text
from govoffice_desktop.models.campaigns import CAMPAIGN_TYPING
from govoffice_desktop.models.db import database
from govoffice_desktop.services import auth, campaigns, months
from govoffice_desktop.services.auth import requires

ERROR_KINDS = {"wrong_char": "错字", "missing_char": "漏字", "extra_char": "多字", "punctuation": "标点",
               "formatting": "格式"}
CATEGORY = CAT_TYPING  # the reward/penalty category a closed month posts
SOURCE = "typing_month"  # the source_table of those entries
CAMPAIGN_PAGES = campaigns.TARGET_PAGES  # 万页文稿无差错
TEN_THOUSAND = Decimal(10000)


def typing_log_listing() -> Listing:
    return Listing(
        model=TypingLog,
        columns=[
            Column("typed_on", "日期", TypingLog.typed_on),
            Column("typist", "打字员", TypingLog.typist_name, searchable=True),
            Column("title", "文稿标题", TypingLog.title, searchable=True),
            Column("doc_number", "文号", TypingLog.doc_number, searchable=True),
            Column("pages", "页数", TypingLog.pages),
            Column("characters", "字数", TypingLog.characters),
            Column("errors", "差错", TypingLog.errors),
            Column("errors_after_issue", "其中印发后发现", TypingLog.errors_after_issue),
            Column("proofreader", "校对人", TypingLog.proofreader, searchable=True),
            Column("remarks", "备注", TypingLog.remarks, searchable=True),
        ],
        default_order="typed_on",
        default_desc=True,
        filters={"typist_id": TypingLog.typist, "outgoing_id": TypingLog.outgoing},
    )


def speed_test_listing() -> Listing:
    return Listing(
        model=SpeedTest,
        columns=[
            Column("tested_on", "测试日期", SpeedTest.tested_on),
            Column("typist", "打字员", SpeedTest.typist_name, searchable=True),
            Column("characters", "字数", SpeedTest.characters),
            Column("minutes", "用时（分钟）", SpeedTest.minutes),
            Column("errors", "差错", SpeedTest.errors),
            # Computed exactly in integers (minutes are stored in hundredths), rounded half up:
            # speed in tenths of 字/分, accuracy in hundredths of a per cent.
            Column("speed", "速度（字/分）", (SpeedTest.characters * 2000 / SpeedTest.minutes + 1) / 2,
                   convert=lambda v: None if v is None else Decimal(int(v)).scaleb(-1)),
            Column("accuracy", "正确率（%）",
                   (20000 * (SpeedTest.characters - SpeedTest.errors) / SpeedTest.characters + 1) / 2,
                   convert=lambda v: None if v is None else Decimal(int(v)).scaleb(-2)),
            Column("note", "备注", SpeedTest.note, searchable=True),
        ],
        default_order="tested_on",
        default_desc=True,
        filters={"typist_id": SpeedTest.typist},
    )


month_bounds = months.bounds


def typists(include_gone: bool = False) -> list[Person]:
    """Staff files marked as typists, by name."""
    query = Person.select().where(Person.is_typist).order_by(Person.name)
    if not include_gone:
        query = query.where(Person.status.not_in(OFF_STAFF))
    return list(query)


class TypistName(NamedTuple):
    id: int
    name: str


def typist_names(include_gone: bool = False) -> list[TypistName]:
    """``typists`` as their ids and names only: a filter's or a form's choices without a staff file each."""
    query = Person.select(Person.id, Person.name).where(Person.is_typist).order_by(Person.name)
    if not include_gone:
        query = query.where(Person.status.not_in(OFF_STAFF))
    return [TypistName(*row) for row in query.tuples()]


def _typist(person) -> Person:
    if person is None:
        raise BadValue("请选择打字员")
    if isinstance(person, int):
        person = Person.get_or_none(Person.id == person)
        if person is None:
            raise BadValue("没有这位打字员")
    if not person.is_typist:
        raise BadValue(f"{person.name} 不是打字员（请先在人员档案中标为打字员）")
    return person


def latest_closed_month_end() -> date | None:
    """The last day of the latest month whose assessment is closed."""
    closed = months.closed_months(CATEGORY)
    return month_bounds(*closed[-1])[1] if closed else None


def _not_reaching_closed(day: date, what: str) -> None:
    """A speed test or a standard dated ``day`` counts for every month ending on or after it:
    refused when one of those months is closed."""
    end = latest_closed_month_end()
    if end is not None and day <= end:
        raise BadValue(f"{what}日期 {day} 会影响已结账的 {end.year}年{end.month}月的考核；"
                       f"请用 {end.year}年{end.month}月之后的日期，或先撤销结账")


def _not_closed(day: date, what: str) -> None:
    if months.is_closed(CATEGORY, day.year, day.month):
        raise BadValue(f"{day.year}年{day.month}月的文印考核已结账，不能再{what}；如需更正，请先撤销结账")


# ---------------------------------------------------------------- the work log
@requires("typing.edit", section_of=auth.typist_section)
def log_work(data: dict, entry: TypingLog | None = None) -> TypingLog:
    """Record (or correct) one document typed.  Errors by kind add up to the total; a total alone
    (old ledgers) is accepted.  A month already closed takes no more entries."""
    typed_on = a_date(data.get("typed_on"), "日期", required=True)
    if typed_on > date.today():
        raise BadValue(f"日期 {typed_on} 还没到")
    wanted = data.get("typist")
    if entry is not None and entry.typist_id is not None and wanted in (entry.typist_id, entry.typist):
        typist = entry.typist  # correcting an old entry of someone no longer in the typing pool
    else:
        typist = _typist(wanted)
    title = required_text(data.get("title"), "文稿标题")
    pages = a_count(data.get("pages"), "页数", required=True, positive=True)
    characters = a_count(data.get("characters"), "字数")
    kinds = {key: a_count(data.get(key), label) or 0 for key, label in ERROR_KINDS.items()}
    total = a_count(data.get("errors"), "差错数")
    if total is None:
        total = sum(kinds.values())
    elif sum(kinds.values()) > total:
        raise BadValue(f"各类差错合计 {sum(kinds.values())} 个，多于差错总数 {total}")
    if characters is not None and total > characters:
        raise BadValue("差错数多于字数")
    after_issue = error_stage_count(data, total)
    _not_closed(typed_on, "登记")
    if entry is not None:
        _not_closed(entry.typed_on, "修改")
    entry = entry or TypingLog()
    entry.typed_on, entry.typist, entry.typist_name, entry.title = typed_on, typist, typist.name, title[:200]
    entry.doc_number = (data.get("doc_number") or "").strip()[:60]
    entry.pages, entry.characters, entry.errors, entry.errors_after_issue = pages, characters, total, after_issue
    for key, number in kinds.items():
        setattr(entry, key, number)
    entry.proofreader = (data.get("proofreader") or "").strip()[:30]
    entry.remarks = (data.get("remarks") or "").strip()
    if "outgoing" in data:  # 所属发文 (文电办理); a caller that does not name it leaves the link as it was
        _link_outgoing(entry, data["outgoing"])
    entry.save()
    return entry


def _link_outgoing(entry: TypingLog, value) -> None:
    """The 发文 the 文稿 was typed for; its number fills an empty 文号.  A voided document is not
    chosen anew (an entry that names one keeps it)."""
    from govoffice_desktop.services.documents import outgoing

    doc = outgoing.linkable(value)
    if doc is not None and doc.status == outgoing.OUT_VOID and doc.id != entry.outgoing_id:
        raise BadValue(f"{outgoing.choice_text(doc)}：已作废的发文不能再登记文稿")
    entry.outgoing = doc
    if doc is not None and not entry.doc_number:
        entry.doc_number = outgoing.number_of(doc)


def error_stage_count(data: dict, total: int) -> int:
    """How many of a document's ``total`` errors were found after issue (印发后发现): the count
    ``errors_after_issue``, or the stage ``error_stage`` of all of them; none given: 校对发现."""
    stage = (data.get("error_stage") or "").strip()
    if stage and stage not in ERROR_STAGES:
        raise BadValue(f"差错发现环节应为{'或'.join(ERROR_STAGES)}，不是“{stage}”")
    after = a_count(data.get("errors_after_issue"), "印发后发现的差错数")
    if after is None:
        after = total if stage == STAGE_ISSUED else 0
    elif stage == STAGE_PROOF and after:
        raise BadValue(f"差错发现环节为{STAGE_PROOF}，却有 {after} 个印发后发现的差错")
    if after > total:
        raise BadValue(f"印发后发现的差错 {after} 个，多于差错总数 {total}")
    return after


@requires("typing.edit", section_of=auth.first_person_section)
def record_speed_test(typist, tested_on, characters, minutes, errors=0, note: str = "") -> SpeedTest:
    typist = _typist(typist)
    tested_on = a_date(tested_on, "测试日期", required=True)
    characters = a_count(characters, "字数", required=True, positive=True)
    minutes = a_number(minutes, "用时")
    if minutes is None or minutes <= 0:
        raise BadValue("用时应大于0分钟")
    errors = a_count(errors, "差错数") or 0
    if errors > characters:
        raise BadValue("差错数多于字数")
    _not_reaching_closed(tested_on, "测速")
    return SpeedTest.create(typist=typist, typist_name=typist.name, tested_on=tested_on, characters=characters,
                            minutes=minutes, errors=errors, note=(note or "").strip())


def speed_of(test: SpeedTest) -> Decimal:
    """Characters per minute, to one decimal."""
    return (Decimal(test.characters) / test.minutes).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def accuracy_of(test: SpeedTest) -> Decimal:
    """Share of characters right, in per cent to two decimals."""
    return ((1 - Decimal(test.errors) / test.characters) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- the standard (文印管理工作实施细则)
def standard_on(day: date) -> TypingStandard:
    """The standard in force on ``day``: the latest one effective on or before it."""
    found = (TypingStandard.select().where(TypingStandard.effective_from <= day)
             .order_by(TypingStandard.effective_from.desc()).first())
    if found is None:
        found = TypingStandard.select().order_by(TypingStandard.effective_from).first()
    if found is None:
        raise BadValue("还没有文印标准：请先在“标准”中设定")
    return found


def standards() -> list[TypingStandard]:
    """Every standard, by the date it took effect."""
    return list(TypingStandard.select().order_by(TypingStandard.effective_from))


def standard_by_id(standard_id: int | None) -> TypingStandard | None:
    return TypingStandard.get_or_none(TypingStandard.id == standard_id) if standard_id is not None else None


def log_entry_by_id(entry_id: int | None) -> TypingLog | None:
    return TypingLog.get_or_none(TypingLog.id == entry_id) if entry_id is not None else None


@requires("typing.standard")
def set_standard(data: dict, standard: TypingStandard | None = None) -> TypingStandard:
    """A new standard from a date (or a correction of one no closed month has used)."""
    effective_from = a_date(data.get("effective_from"), "执行日期", required=True)
    values = {
        "min_speed": a_count(data.get("min_speed"), "最低速度（字/分）", required=True, positive=True),
        "chars_per_page": a_count(data.get("chars_per_page"), "每页字数", required=True, positive=True),
    }
    for key, label in (("max_errors_per_10k", "每万字允许差错"), ("deduction_per_error", "每超一个差错扣款"),
                       ("speed_fail_deduction", "速度不达标扣款"), ("monthly_cap", "每月扣款上限")):
        amount = a_number(data.get(key), label)
        if amount is None or amount < 0:
            raise BadValue(f"{label}应为不小于0的数")
        values[key] = amount
    clash = TypingStandard.select().where(TypingStandard.effective_from == effective_from)
    if standard is not None:
        clash = clash.where(TypingStandard.id != standard.id)
        used = _closed_months_using(standard)
        if used:
            raise BadValue(f"该标准已用于已结账的 {used[0]}，不能修改；请新建一条从新日期起执行的标准")
    if clash.exists():
        raise BadValue(f"{effective_from} 起执行的标准已经有了")
    _not_reaching_closed(effective_from, "执行")
    standard = standard or TypingStandard()
    standard.effective_from = effective_from
    for key, value in values.items():
        setattr(standard, key, value)
    standard.source = (data.get("source") or standard.source or "").strip()
    standard.note = (data.get("note") or "").strip()
    standard.save()
    return standard


def _closed_months_using(standard: TypingStandard) -> list[str]:
    out = []
    for year, month in months.closed_months(CATEGORY):
        if standard_on(month_bounds(year, month)[1]).id == standard.id:
            out.append(f"{year}年{month}月")
    return out


# ---------------------------------------------------------------- the monthly assessment
@dataclass
class TypistMonth:
    typist: Person
    documents: int
    pages: int
    characters: int  # counted, plus pages × characters-per-page where a log has no count
    estimated: bool  # some characters were estimated from pages
    errors: int
    errors_per_10k: Decimal | None  # None when nothing was typed
    allowed_errors: int
    excess_errors: int
    speed: Decimal | None  # of the latest speed test on or before the month's end
    speed_tested_on: date | None
    speed_ok: bool | None  # None: no test yet
    error_ok: bool
    deduction: Decimal
    reasons: list[str] = field(default_factory=list)
    on_file: bool = True  # False: a name in the typing log with no staff file (未建档), counted as written

    @property
    def name(self) -> str:
        return self.typist.name if self.on_file else f"{self.typist.name}（{NOT_ON_FILE}）"

    @property
    def meets_standard(self) -> bool:
        return self.error_ok and self.speed_ok is not False


@dataclass
class MonthAssessment:
    year: int
    month: int
    standard: TypingStandard
    rows: list[TypistMonth]
    closed: bool
    bonus_final: bool

    @property
    def total_deduction(self) -> Decimal:
        return sum((r.deduction for r in self.rows), Decimal("0.00"))


NOT_ON_FILE = "未建档"


def assess_period(first: date, last: date, standard: TypingStandard) -> list[TypistMonth]:
    """Each typist's figures from ``first`` to ``last`` under ``standard``; a name in the log with no
    staff file (imported as written) is counted under that name, marked 未建档."""
    logs: dict = {}  # person id, or the name as written for an entry linked to no staff file → entries
    query = (TypingLog.select(TypingLog.typist, TypingLog.typist_name, TypingLog.pages, TypingLog.characters,
                              TypingLog.errors)
             .where(TypingLog.typed_on.between(first, last)).tuples())
    for typist_id, name, pages, characters, errors in query:
        if typist_id is not None or name:
            logs.setdefault(typist_id if typist_id is not None else name, []).append((pages, characters, errors))
    people = {p.id: p for p in typists(include_gone=True)}
    people.update({p.id: p for p in Person.select().where(Person.id.in_([k for k in logs if isinstance(k, int)]))})
    people.update({name: Person(name=name) for name in logs if isinstance(name, str)})  # 未建档, never saved
    rows = []
    for key, person in sorted(people.items(), key=lambda item: (item[1].name, isinstance(item[0], str))):
        on_file = not isinstance(key, str)
        if key not in logs and (not person.is_typist or person.status in OFF_STAFF):
            continue
        entries = logs.get(key, [])
        pages = sum(e[0] for e in entries)
        counted = sum(e[1] for e in entries if e[1] is not None)
        estimated_chars = sum(e[0] for e in entries if e[1] is None) * standard.chars_per_page
        characters = counted + estimated_chars
        errors = sum(e[2] for e in entries)
        # Rounded up, so that a rate shown as 3.00 never hides 3.0003 that fails a maximum of 3.
        per_10k = (Decimal(errors) * TEN_THOUSAND / characters).quantize(Decimal("0.01"), ROUND_UP) \
            if characters else None
        allowed = int(standard.max_errors_per_10k * characters / TEN_THOUSAND)  # whole errors allowed
        excess = max(0, errors - allowed)
        who = (SpeedTest.typist == person) if on_file else \
            (SpeedTest.typist.is_null() & (SpeedTest.typist_name == person.name))
        test = (SpeedTest.select().where(who, SpeedTest.tested_on <= last)
                .order_by(SpeedTest.tested_on.desc(), SpeedTest.id.desc()).first())
        speed = speed_of(test) if test else None
        speed_ok = None if test is None else speed >= standard.min_speed
        reasons = []
        deduction = Decimal("0.00")
        if excess:
            amount = standard.deduction_per_error * excess
            deduction += amount
            reasons.append(f"差错 {errors} 个，超出允许的 {allowed} 个 {excess} 个，每个扣 {standard.deduction_per_error} 元")
        if speed_ok is False:
            deduction += standard.speed_fail_deduction
            reasons.append(f"测速 {speed} 字/分，低于 {standard.min_speed} 字/分，扣 {standard.speed_fail_deduction} 元")
        if standard.monthly_cap and deduction > standard.monthly_cap:
            reasons.append(f"扣款 {deduction} 元超过每月上限，按 {standard.monthly_cap} 元扣")
            deduction = standard.monthly_cap
        rows.append(TypistMonth(person, len(entries), pages, characters, bool(estimated_chars), errors, per_10k,
                                allowed, excess, speed, test.tested_on if test else None, speed_ok, excess == 0,
                                deduction.quantize(Decimal("0.01")), reasons, on_file))
    return rows


def assess_month(year: int, month: int) -> MonthAssessment:
    first, last = month_bounds(year, month)
    standard = standard_on(last)
    closed, final = months.state(CLOSING, year, month)
    return MonthAssessment(year, month, standard, assess_period(first, last, standard), closed, final)


def month_entries(assessment: MonthAssessment) -> list[dict]:
    """The reward/penalty entries a month's closing posts: one deduction per typist who has one."""
    last = month_bounds(assessment.year, assessment.month)[1]
    return [dict(person=row.typist.id, entry_date=last, category=CATEGORY, amount=-row.deduction,
                 reason=(f"{assessment.year}年{assessment.month}月文印考核：" + "；".join(row.reasons))[:200],
                 source_table=SOURCE, source_id=assessment.year * 100 + assessment.month, entered_by=current_user())
            for row in assessment.rows if row.deduction and row.on_file]


def _posted(year: int, month: int):
    return (RewardPenalty.source_table == SOURCE) & (RewardPenalty.source_id == year * 100 + month)


def month_figures(year: int, month: int) -> dict:
    """The month's assessment as its printout shows it (文印工作考核表): the standard, a row per typist,
    the total and 万页文稿无差错 — computed now, and kept as they are when the month is closed."""
    first, last = month_bounds(year, month)
    s = standard_on(last)
    rows = assess_period(first, last, s)
    return {
        "standard_from": s.effective_from,
        "standard": (f"标准：速度不低于 {s.min_speed} 字/分；每万字差错不超过 {s.max_errors_per_10k} 个（按字数折算取整）；"
                     f"超出的每个差错扣 {s.deduction_per_error} 元；测速不达标扣 {s.speed_fail_deduction} 元；"
                     f"每月扣款不超过 {s.monthly_cap} 元；未登记字数的按每页 {s.chars_per_page} 字估算。"),
        "rows": [(r.name, r.documents, r.pages, f"{r.characters}{'（估）' if r.estimated else ''}", r.errors,
                  r.errors_per_10k if r.errors_per_10k is not None else "—", r.allowed_errors, r.excess_errors,
                  r.speed if r.speed is not None else "未测", r.speed_tested_on,
                  "达标" if r.meets_standard else "不达标", r.deduction, "；".join(r.reasons)) for r in rows],
        "total_deduction": sum((r.deduction for r in rows), Decimal("0.00")),
        "runs_until": last,  # the runs at the month's end
        "runs": [(r.name, r.current, r.longest, r.errors, r.last_error_on or "—")
                 for r in page_runs(last, reaches_from=None)],
    }


CLOSING = months.Closing("文印考核", (CATEGORY,), _posted, figures=month_figures)


def printed_month(year: int, month: int) -> dict:
    """What the month's assessment prints: a closed month's figures as of its closing (``closed_at``),
    an open month's as they are now; with ``closed`` and ``final``."""
    closed, final = months.state(CLOSING, year, month)
    kept = months.closed_figures(CLOSING, year, month) if closed else None
    figures = kept[0] if kept else month_figures(year, month)
    return {**figures, "closed": closed, "final": final, "closed_at": kept[1] if kept else None}


@requires("typing.close")
def close_month(year: int, month: int, today: date | None = None) -> MonthAssessment:
    """结账: post each typist's deduction to the reward/penalty ledger and record the month's
    万页文稿无差错 reached (with their 表彰 when the rule is on), in one transaction."""
    assessed: list[MonthAssessment] = []
    reached: list[campaigns.Reach] = []

    def rows() -> list[dict]:
        assessed.append(assess_month(year, month))
        reached[:] = campaigns.month_reaches(CAMPAIGN_TYPING, year, month)
        return month_entries(assessed[0]) + campaigns.reward_rows(reached, CATEGORY, SOURCE, year, month)

    with database.atomic():
        months.close(CLOSING, year, month, rows, today)
        campaigns.record_reaches(reached, year, month)
    assessment = assessed[0]
    assessment.closed = True
    return assessment


@requires("typing.close")
def reopen_month(year: int, month: int) -> None:
    """撤销结账: remove the month's posted deductions and 表彰 and the targets reached its closing
    recorded, unless its bonus sheet is final."""
    with database.atomic():
        months.reopen(CLOSING, year, month)
        campaigns.withdraw_reaches(CAMPAIGN_TYPING, year, month)


# ---------------------------------------------------------------- 万页文稿无差错 (services/campaigns.py)
PageRun = campaigns.PageRun
page_runs = campaigns.page_runs


# ---------------------------------------------------------------- history for the charts
def monthly_error_rates(months: int = 12, today: date | None = None) -> dict[str, list[tuple[str, Decimal | None]]]:
    """Errors per 10,000 characters by month for each typist, the last ``months`` months."""
    today = today or date.today()
    keys = []
    y, m = today.year, today.month
    for _ in range(months):
        keys.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    keys.reverse()
    out: dict[str, list] = {p.name: [] for p in typists()}
    for year, month in keys:
        first, last = month_bounds(year, month)
        rows = {r.typist.name: r for r in assess_period(first, last, standard_on(last))}
        for name in out:
            row = rows.get(name)
            out[name].append((f"{year}-{month:02d}", row.errors_per_10k if row else None))
    return out


def speed_history(typist: Person) -> list[tuple[date, Decimal]]:
    return [(t.tested_on, speed_of(t)) for t in
            SpeedTest.select().where(SpeedTest.typist == typist).order_by(SpeedTest.tested_on, SpeedTest.id)]


# ---------------------------------------------------------------- the command line
def typing_report(first: date, last: date) -> dict:
    """{"typists": [{"name", "pages", "chars", "errors", "errors_per_10k_chars", "speed",
    "meets_standard", "deduction"}]}: figures over the period.  Deductions and the standard are
    a month's: only the whole months inside the period count for them; a part of a month shows
    its figures alone."""
    if last < first:
        raise BadValue("结束日期早于开始日期")
    totals: dict[int, dict] = {}
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        month_first, month_last = month_bounds(y, m)
        whole = first <= month_first and month_last <= last
        standard = standard_on(month_last)
        for row in assess_period(max(first, month_first), min(last, month_last), standard):
            key = row.typist.id if row.on_file else ("name", row.typist.name)
            t = totals.setdefault(key, {"name": row.typist.name, "pages": 0, "chars": 0, "errors": 0,
                                        "speed": None, "meets_standard": True, "deduction": Decimal(0)})
            if not row.on_file:
                t["note"] = NOT_ON_FILE
            t["pages"] += row.pages
            t["chars"] += row.characters
            t["errors"] += row.errors
            t["speed"] = row.speed if row.speed is not None else t["speed"]
            if whole:
                t["meets_standard"] = t["meets_standard"] and row.meets_standard
                t["deduction"] += row.deduction
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    out = []
    for t in sorted(totals.values(), key=lambda t: t["name"]):
        rate = (Decimal(t["errors"]) * TEN_THOUSAND / t["chars"]).quantize(Decimal("0.01"), ROUND_UP) \
            if t["chars"] else None
        out.append({"name": t["name"], "pages": t["pages"], "chars": t["chars"], "errors": t["errors"],
                    "errors_per_10k_chars": None if rate is None else str(rate),
                    "speed": None if t["speed"] is None else str(t["speed"]),
                    "meets_standard": t["meets_standard"], "deduction": str(t["deduction"].quantize(Decimal("0.01"))),
                    **({"note": t["note"]} if "note" in t else {})})
    return {"typists": out}


def campaign_report() -> dict:
    return {"goal_pages": CAMPAIGN_PAGES, "runs": [
        {"name": r.name, "current": r.current, "longest": r.longest, "documents_with_errors": r.errors,
         "last_error_on": r.last_error_on.isoformat() if r.last_error_on else None, "reached": r.reached}
        for r in page_runs(reaches_from=None)]}
