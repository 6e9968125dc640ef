"""Rating tallies (评议票数), daily checks (督查记录) and supervised tasks (督办事项)."""
from __future__ import annotations

from govoffice_desktop.models.ratings import PERSON_GRADES, SATISFACTION_GRADES, SECTION_GRADES
from govoffice_desktop.models.rewards import CAT_SUPERVISION
from govoffice_desktop.models.supervision import TASK_DONE, TASK_OPEN
from govoffice_desktop.models.ratings import BOTTOM_UP, CLOSED, RATES_PEOPLE, RATES_SECTIONS, TOP_DOWN, direction_of
from govoffice_desktop.models.staff import OFF_STAFF
import re
from datetime import date
from decimal import Decimal

import peewee as pw

from govoffice_desktop.ledgers.kind_base import (LedgerKind, Note, WriteSummary, _count, _link_people, _name, _word,
                                                 _word_table, sections_for, text)
from govoffice_desktop.models.db import current_user
from govoffice_desktop.models.ratings import Criterion, Grade, GradeScale, RaterGroup, RatingPeriod, Tally, period_label
from govoffice_desktop.models.rewards import MonthClose
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask, SupervisionTarget
from govoffice_desktop.services import supervision, validation as v
from govoffice_desktop.services.plausibility import DEADLINE, EVENT, OTHER
from govoffice_desktop.services import ratings
from govoffice_desktop.services.ratings import parse_period


GRADE_FIELDS = dict(zip(("g_good", "g_fair", "g_average", "g_poor", "g_excellent", "g_competent", "g_basic",
                         "g_incompetent", "g_unknown", "g_satisfied", "g_fairly_satisfied", "g_unsatisfied"),
                        SECTION_GRADES + PERSON_GRADES + SATISFACTION_GRADES, strict=True))
DEFAULT_GROUPS = {BOTTOM_UP: "基层单位", TOP_DOWN: "办领导"}
SCALES = (SECTION_GRADES, PERSON_GRADES, SATISFACTION_GRADES)


class RatingTallyKind(LedgerKind):
    """评议票数: for each section, the votes per grade of one rater group in one quarter; a sheet
    per quarter, the quarter read from the sheet's name or title (2025年第一季度) or given."""

    name = "rating-tallies"
    permission = "ratings.enter"
    parsers = {"section": _name, "person": _name, "group": text, **{f: _count for f in GRADE_FIELDS}}
    required = {}  # 科室, or 姓名 for a tally of individuals: ``check`` says which is missing

    def begin(self, period: str | None = None, direction: str = BOTTOM_UP, group: str | None = None,
              keep_open: bool = False) -> None:
        """``keep_open`` (``--open``): a quarter that has already ended stays open after the import;
        otherwise the import closes it (结束评议) and the rules act on it."""
        self.keep_open = bool(keep_open)
        direction = direction_of(direction)
        if direction not in DEFAULT_GROUPS:
            raise v.BadValue("评议方向应为下评上或上评下")
        self.direction, self.group = direction, (group or "").strip() or DEFAULT_GROUPS[direction]
        self.given = parse_period(period) if period else None
        self.period = self.given
        names = dict(Section.select(Section.id, Section.name).tuples())
        self.sections = {s.name: s.active for s in Section.select()}
        self.merged = {s.name: names.get(s.merged_into_id, "") for s in Section.select().where(~Section.active)}
        self.criteria = {name for (name,) in Criterion.select(Criterion.name).tuples()}
        self.people: dict[str, list[int]] = {}
        for pid, name in Person.select(Person.id, Person.name).where(Person.status.not_in(OFF_STAFF)).tuples():
            self.people.setdefault(name, []).append(pid)

    def begin_sheet(self, sheet, table) -> str | None:
        """The quarter of this sheet: given, or read from its name, or from the rows above the header."""
        if self.given:
            self.period = self.given
            return None
        texts = [sheet.name] + [str(c) for row in sheet.rows[:table.header_first] for c in row if c]
        for text in texts:
            m = re.search(r"(\d{4})\s*年?\s*第?\s*([一二三四1-4])\s*季度|(\d{4})\s*[Qq]\s*([1-4])", v.halfwidth(text))
            if m:
                year = int(m.group(1) or m.group(3))
                q = m.group(2) or m.group(4)
                self.period = (year, int(q) if q.isdigit() else "一二三四".index(q) + 1)
                return None
        self.period = None
        return "看不出这张表是哪个季度的（工作表名或标题中应有“2025年第一季度”之类的字样），请指定评议期"

    def needs(self) -> list[str]:
        """A sheet whose quarter could not be read: the user chooses the period."""
        return ["period"] if self.period is None else []

    def _person(self, rec: dict, note: Note) -> int | None:
        """The staff file a tally of individuals names (上评下 only), or None with the reason noted."""
        name = rec["person"]
        if self.direction != TOP_DOWN:
            note("person", "评议个人的票数只能是上评下（导入时请选上评下）")
            return None
        ids = self.people.get(name, [])
        if len(ids) != 1:
            note("person", f"没有名为“{name}”的人员档案（请先建立档案）" if not ids else
                 f"有 {len(ids)} 个名为“{name}”的人员档案，无法确定是哪一位")
            return None
        return ids[0]

    def check(self, rec: dict, note: Note) -> dict | None:
        name = rec["section"]
        if not name and rec["person"]:
            person = self._person(rec, note)
            votes = self._votes(rec, note, "person")
            if person is None or votes is None:
                return None
            return {"year": self.period[0], "quarter": self.period[1], "direction": self.direction,
                    "group": rec["group"] or self.group, "section": None, "person": person,
                    "person_name": rec["person"], "votes": votes}
        if not name:
            if rec["person"] is not None or any(rec[f] for f in GRADE_FIELDS):
                note("section", "科室不能为空")
            return None
        if name in self.criteria and name not in self.sections:
            note("section", f"“{name}”是评议内容，不是科室：按评议内容汇总的表不能作为科室的票数导入")
            return None
        if name in self.merged:
            note("section", f"{name}已合署到{self.merged[name] or '其他科室'}")
            return None
        votes = self._votes(rec, note, "section")
        if votes is None:
            return None
        return {"year": self.period[0], "quarter": self.period[1], "direction": self.direction,
                "group": rec["group"] or self.group, "section": name, "person": None, "person_name": None,
                "votes": votes}

    @staticmethod
    def _votes(rec: dict, note: Note, where: str) -> dict | None:
        votes = {label: rec[f] for f, label in GRADE_FIELDS.items() if rec[f]}
        if not votes:
            note(where, "这一行没有票数")
            return None
        if not any(set(votes) <= set(scale) for scale in SCALES):
            note(where, f"等次（{'、'.join(votes)}）不属于同一个评议标准（好/较好/一般/较差，优秀/称职/基本称职/不称职/不了解，或满意/基本满意/不满意）")
            return None
        return votes

    def key(self, rec: dict) -> tuple:
        return (rec["year"], rec["quarter"], rec["direction"], rec["group"], rec["section"], rec["person"])

    def existing_keys(self) -> set[tuple]:
        return set(Tally.select(RatingPeriod.year, RatingPeriod.quarter, RaterGroup.direction, RaterGroup.name,
                                Section.name, Tally.person)
                   .join(RaterGroup, on=(Tally.group == RaterGroup.id))
                   .join(RatingPeriod, on=(RaterGroup.period == RatingPeriod.id))
                   .switch(Tally).join(Section, pw.JOIN.LEFT_OUTER, on=(Tally.section == Section.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        sections = sections_for((r["section"] for r in records), summary)
        scales = {}
        for grade in Grade.select(Grade, GradeScale).join(GradeScale):
            scales.setdefault(grade.scale.id, {})[grade.label] = grade.id
        written = 0
        touched: dict[int, RatingPeriod] = {}
        for rec in records:
            period = RatingPeriod.get_or_none(RatingPeriod.year == rec["year"], RatingPeriod.quarter == rec["quarter"])
            if period is None:
                period = RatingPeriod.create(year=rec["year"], quarter=rec["quarter"])
                summary.created.setdefault("评议期", []).append(period_label(rec["year"], rec["quarter"]))
            elif period.status == CLOSED:  # its rules have acted: new votes would change who must explain
                raise v.BadValue(f"{period}的评议已结束，不能再导入新的票数（先在季度评议中重新开启评议）")
            scale_id = next((sid for sid, labels in scales.items() if set(rec["votes"]) <= set(labels)), None)
            if scale_id is None:
                raise v.BadValue(f"{rec['section']} 的等次（{'、'.join(rec['votes'])}）不属于同一个评议标准")
            rates = RATES_PEOPLE if rec["person"] else RATES_SECTIONS
            group = RaterGroup.get_or_none(RaterGroup.period == period, RaterGroup.direction == rec["direction"],
                                           RaterGroup.name == rec["group"])
            if group is None:
                group = RaterGroup.create(period=period, direction=rec["direction"], name=rec["group"], weight=1,
                                          scale=scale_id, rates=rates,
                                          grassroots=ratings.grassroots_by_default(period, rec["direction"],
                                                                                   rec["group"]))
                summary.created.setdefault("评议组", []).append(f"{period_label(rec['year'], rec['quarter'])}{rec['group']}")
            elif group.rates != rates:
                raise v.BadValue(f"{period_label(rec['year'], rec['quarter'])}的评议组“{rec['group']}”评议的是{group.rates}，"
                                 f"这张表是{'个人' if rec['person'] else '科室'}的票数：请另指定一个评议组")
            for label, votes in rec["votes"].items():
                Tally.create(group=group, section=sections[rec["section"]] if rec["section"] else None,
                             person=rec["person"], grade=scales[scale_id][label], votes=votes)
                written += 1
            touched[period.id] = period
        for period in touched.values():
            self._close_if_ended(period, summary)
        return len(records)

    def _close_if_ended(self, period: RatingPeriod, summary: WriteSummary) -> None:
        """Tallies of a quarter that has already ended close it (the rules then apply) unless the
        import keeps it open; a quarter the rules could not act on stays open, and the import says why."""
        today = date.today()
        if period.status == CLOSED or today <= ratings.period_end(period):
            return
        if self.keep_open:
            summary.notices.append(f"{period}已过，按要求保持评议进行中（结束评议后才确定后三名）")
            return
        problem = ratings.closing_problem(period)
        if problem:
            summary.notices.append(f"{period}已过，但未结束评议：{problem}")
            return
        made = ratings.close_on_import(period, today)
        summary.notices.append(f"{period}已过，导入后评议已结束：需说明情况或调离的 {len(made)} 项已记录")


MET_WORDS = {"是": True, "达标": True, "合格": True, "√": True, "✓": True, "✔": True, "完成": True, "正常": True,
             "否": False, "未达标": False, "不达标": False, "不合格": False, "×": False, "✗": False, "✘": False,
             "未完成": False}


def _met(raw) -> bool | None:
    word = text(raw)
    if not word:
        return None
    if word in MET_WORDS:
        return MET_WORDS[word]
    flag = v.parse_bool(raw)
    if flag is None:
        raise v.BadValue("是否达标应为 是/否、达标/未达标 或 √/×")
    return flag


def _points(raw) -> Decimal | None:
    return v.parse_decimal(raw, 1)


class CheckKind(LedgerKind):
    """督查记录: one target checked in one section (and person) on one day."""

    name = "checks"
    permission = "supervision.edit"
    model = DailyCheck
    parsers = {"checked_on": v.parse_date, "section": _name, "target": text, "person": _name, "met": _met,
               "deduction": _points, "bonus": _points, "remark": text, "supervisor": text}
    required = {"checked_on": "督查日期不能为空", "section": "科室不能为空", "target": "督查目标不能为空"}
    dates = {"checked_on": EVENT}

    def begin(self) -> None:
        self.sections = {sec.name: sec for sec in Section.select()}
        self.targets: dict[tuple[int, int | None, str], SupervisionTarget] = {
            (t.year, t.section_id, t.name): t for t in SupervisionTarget.select()}
        self.closed = {(y, m) for y, m in MonthClose.select(MonthClose.year, MonthClose.month)
                       .where(MonthClose.domain == CAT_SUPERVISION).tuples()}
        self.members = {(p.section_id, p.name): p.id for p in Person.select(Person.id, Person.name, Person.section)}

    def check(self, rec: dict, note: Note) -> dict | None:
        day, name = rec["checked_on"], rec["section"]
        if day is None or not name or not rec["target"]:
            return None
        section = self.sections.get(name)
        if section is None:  # a section not yet on file: created with the import
            section = Section(name=name, active=True)
        if not section.active:
            note("section", f"{name}已合署，不再单独督查")
            return None
        if (day.year, day.month) in self.closed:
            note("checked_on", f"{day.year}年{day.month}月的督查已结账，不能再导入")
        target = (self.targets.get((day.year, section.id, rec["target"]))
                  or self.targets.get((day.year, None, rec["target"])))
        if target is None:
            note("target", f"{day.year}年没有“{rec['target']}”这个共性目标或{name}的个体目标（请先在考核目标中建立）")
            return None
        met = rec["met"]
        if met is None:
            met = not rec["deduction"]
        try:
            value = supervision._check_value(target, met, rec["deduction"], rec["bonus"], rec["remark"])
            supervision._applies(target, section, day)
        except v.BadValue as exc:
            note(exc.field or "deduction", str(exc))
            return None
        person = None
        if rec["person"]:
            person = self.members.get((section.id, rec["person"]))
            if person is None:
                note("person", f"{name}没有名为“{rec['person']}”的人员")
                return None
        return {"checked_on": day, "section": name, "target": target.id, "person": person, "met": value.met,
                "deduction": value.deduction, "bonus": value.bonus, "remark": value.remark,
                "supervisor": rec["supervisor"][:30]}

    def key(self, rec: dict) -> tuple:
        return (rec["checked_on"], rec["section"], rec["person"], rec["target"])

    def existing_keys(self) -> set[tuple]:
        return set(DailyCheck.select(DailyCheck.checked_on, Section.name, DailyCheck.person, DailyCheck.target)
                   .join(Section, on=(DailyCheck.section == Section.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        who = current_user()
        sections = sections_for((r["section"] for r in records), summary)
        for rec in records:
            rec["supervisor"] = rec["supervisor"] or who
            rec["section"] = sections[rec["section"]]
        return DailyCheck.bulk_insert(records, progress=progress)


TASK_SOURCE_WORDS = {"领导交办": "领导交办", "领导批示": "领导交办", "交办": "领导交办", "批示": "领导交办",
                     "重点难点": "重点难点", "重点": "重点难点", "难点": "重点难点", "重点工作": "重点难点",
                     "突发事件": "突发事件", "突发": "突发事件", "突发事故": "突发事件",
                     "调研课题": "调研课题", "调研": "调研课题"}
class TaskKind(LedgerKind):
    """督办事项: an issue assigned to a named person with a deadline, and how it ended."""

    name = "tasks"
    permission = "supervision.edit"
    model = SupervisedTask
    parsers = {"source": _word(TASK_SOURCE_WORDS, "来源"), "origin": text, "title": text, "requirement": text,
               "person": _name,
               "section": _name, "assigned_on": v.parse_date, "deadline": v.parse_date,
               "status": _word_table("tasks.status", "办理状态"), "completed_on": v.parse_date, "result": text}
    required = {"title": "督办事项不能为空", "person": "责任人不能为空（督办事项要落实到人）",
                "assigned_on": "交办日期不能为空", "deadline": "办结时限不能为空"}
    dates = {"assigned_on": OTHER, "deadline": DEADLINE, "completed_on": OTHER}

    def begin(self) -> None:
        self.sections = {sec.name: sec for sec in Section.select()}

    def check(self, rec: dict, note: Note) -> dict | None:
        if rec["origin"]:  # where the work came from, in the office's words: kept with the requirement
            rec["requirement"] = "；".join(p for p in (f"工作来源：{rec['origin']}", rec["requirement"]) if p)
        if rec["assigned_on"] and rec["deadline"] and rec["deadline"] < rec["assigned_on"]:
            note("deadline", f"办结时限 {rec['deadline']} 早于交办日期 {rec['assigned_on']}")
        if rec["completed_on"] and rec["assigned_on"] and rec["completed_on"] < rec["assigned_on"]:
            note("completed_on", f"办结日期 {rec['completed_on']} 早于交办日期 {rec['assigned_on']}")
        status = rec["status"] or (TASK_DONE if rec["completed_on"] else TASK_OPEN)
        if status == TASK_DONE and not rec["completed_on"]:
            note("completed_on", "已办结的事项要有办结日期")
        if status == TASK_OPEN and rec["completed_on"]:
            note("status", "有办结日期，状态却是办理中")
        section = rec["section"] or None  # a name; one not yet on file is created with the import
        if section and section in self.sections and not self.sections[section].active:
            note("section", f"{section}已合署，请改为现在的科室")
        if len(rec["title"]) > 200:
            note("title", "督办事项不超过200个字")
        if not (rec["title"] and rec["person"] and rec["assigned_on"] and rec["deadline"]):
            return None
        return {"source": rec["source"] or "领导交办", "title": rec["title"], "requirement": rec["requirement"],
                "person_name": rec["person"], "section": section,
                "assigned_on": rec["assigned_on"], "deadline": rec["deadline"], "status": status,
                "completed_on": rec["completed_on"] if status == TASK_DONE else None, "result": rec["result"]}

    def key(self, rec: dict) -> tuple:
        return (rec["title"], rec["assigned_on"])

    def existing_keys(self) -> set[tuple]:
        return set(SupervisedTask.select(SupervisedTask.title, SupervisedTask.assigned_on).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        _link_people(records, summary, "person", Person.status.not_in(OFF_STAFF))
        named = sections_for((r["section"] for r in records), summary)
        sections = dict(Person.select(Person.id, Person.section).tuples())
        for rec in records:
            rec["section"] = named[rec["section"]] if rec["section"] else None
            if rec["section"] is None and rec["person"] is not None:
                rec["section"] = sections.get(rec["person"])
        return SupervisedTask.bulk_insert(records, progress=progress)
