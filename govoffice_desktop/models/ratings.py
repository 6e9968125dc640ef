"""季度评议: periods, rater groups, criteria, grade scales, ballots, tallies, explanations.

Bottom-up ballots are anonymous: a ballot stores its serial and marks, never a rater.
"""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, DateTimeField, ScaledDecimalField, enum_check
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.texts import quarter_text

# The directions of a rating, stored as these words.  Code compares and stores them through the
# names; the command line also accepts bottom-up / top-down (``direction_of``).
BOTTOM_UP = "下评上"
TOP_DOWN = "上评下"
DIRECTIONS = (BOTTOM_UP, TOP_DOWN)
DIRECTION_WORDS = {"bottom-up": BOTTOM_UP, "top-down": TOP_DOWN}
OPEN, CLOSED = "进行中", "已结束"
PERIOD_STATUSES = (OPEN, CLOSED)
# what a rater group's sheets rate: sections, or (top-down only) individual staff
RATES_SECTIONS = "科室"
RATES_PEOPLE = "人员"
RATES = (RATES_SECTIONS, RATES_PEOPLE)
# an Explanation: a bottom-three section's 说明情况, or the 调离 decision for one three times worst
EXPLAIN = "说明情况"
DISMISSAL = "调离"
EXPLANATION_KINDS = (EXPLAIN, DISMISSAL)
# The grades of the ready-made scales (migrations.GRADE_SCALES seeds them, with their points).
# The office's word is 较差; 差 (the word of schema v10 and before, and of many a tally sheet) is
# still read as 较差.
SECTION_GRADES = ("好", "较好", "一般", "较差")
PERSON_GRADES = ("优秀", "称职", "基本称职", "不称职", "不了解")
SATISFACTION_GRADES = ("满意", "基本满意", "不满意")
SECTION_SCALE = "/".join(SECTION_GRADES)
PERSON_SCALE = "/".join(PERSON_GRADES)
# 满意率: 满意 and 基本满意 each count 100, 不满意 0, so a group's mean points on this scale is its
# 满意率 in per cent ((满意 + 基本满意) / votes)
SATISFACTION_SCALE = "满意/基本满意/不满意（满意率）"
OLD_SECTION_SCALE = "好/较好/一般/差"  # the scale's name up to schema v10
GRADE_WORDS = {"差": "较差"}  # an older word → the grade it means now
# the word a rater group's name holds by default when it is the grassroots group (基层评议组)
GRASSROOTS_WORD = "基层"


def direction_of(word: str) -> str:
    """The stored direction for a word of the command line or a ledger (bottom-up, top-down or
    the Chinese word itself); anything else is returned as given, for the caller to refuse."""
    return DIRECTION_WORDS.get(word, word)


def period_label(year: int, quarter: int) -> str:
    return quarter_text(year, quarter)  # 2026年第四季度 (govoffice_desktop/texts.py)


class RatingPeriod(BaseModel):
    year = pw.IntegerField()
    quarter = pw.IntegerField(constraints=[pw.Check("quarter BETWEEN 1 AND 4")])
    status = pw.CharField(max_length=4, default=OPEN, constraints=[enum_check("status", PERIOD_STATUSES)])
    opened_on = DateField(null=True)
    closed_on = DateField(null=True)

    class Meta:
        indexes = ((("year", "quarter"), True),)

    def __str__(self):
        return period_label(self.year, self.quarter)


class GradeScale(BaseModel):
    name = pw.CharField(max_length=40, unique=True)


class Grade(BaseModel):
    scale = pw.ForeignKeyField(GradeScale, on_delete="CASCADE", backref="grades")
    label = pw.CharField(max_length=10)
    points = ScaledDecimalField(2, null=True)  # None: counted but not scored (不了解)
    sort_order = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("scale", "label"), True),)


class Criterion(BaseModel):
    direction = pw.CharField(max_length=4, constraints=[enum_check("direction", DIRECTIONS)])
    name = pw.CharField(max_length=20)
    sort_order = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("direction", "name"), True),)


class RaterGroup(BaseModel):
    """A group of raters in one period and direction, with its weight.  Its sheets rate the
    sections, or (``rates`` 人员, top-down only, schema v6) individual members of staff."""

    period = pw.ForeignKeyField(RatingPeriod, on_delete="CASCADE", backref="groups")
    direction = pw.CharField(max_length=4, constraints=[enum_check("direction", DIRECTIONS)])
    name = pw.CharField(max_length=20)
    weight = ScaledDecimalField(2, constraints=[pw.Check("weight >= 0")])
    scale = pw.ForeignKeyField(GradeScale, on_delete="RESTRICT", backref="groups")
    sheets_printed = pw.IntegerField(default=0)
    first_serial = pw.IntegerField(null=True)
    # 评议对象 (schema v6); a bottom-up group never rates people: its sheets stay anonymous
    rates = pw.CharField(max_length=2, default=RATES_SECTIONS,
                         constraints=[pw.Check("rates IN ('科室','人员') AND (rates = '科室' OR direction = '上评下')")])
    # 基层评议组 (schema v11): the bottom-up group whose scores alone decide 后三名 and 调离;
    # at most one per period (services/ratings.py keeps it so)
    grassroots = pw.BooleanField(default=False, constraints=[pw.Check("NOT grassroots OR direction = '下评上'")])

    class Meta:
        indexes = ((("period", "direction", "name"), True),)


class Ballot(BaseModel):
    """One returned rating sheet, known by its printed serial only."""

    group = pw.ForeignKeyField(RaterGroup, on_delete="RESTRICT", backref="ballots")
    serial = pw.CharField(max_length=20)
    void = pw.BooleanField(default=False)
    void_reason = pw.CharField(max_length=60, default="")  # 废票原因 (schema v4)
    entered_at = DateTimeField()
    entered_by = pw.CharField(max_length=30)  # the clerk, never the rater

    class Meta:
        indexes = ((("group", "serial"), True),)


class BallotMark(BaseModel):
    ballot = pw.ForeignKeyField(Ballot, on_delete="CASCADE", backref="marks")
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="+")
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="+")
    criterion = pw.ForeignKeyField(Criterion, null=True, on_delete="RESTRICT", backref="+")
    grade = pw.ForeignKeyField(Grade, on_delete="RESTRICT", backref="+")

    class Meta:
        constraints = [pw.SQL("CHECK ((section_id IS NULL) <> (person_id IS NULL))")]


class Tally(BaseModel):
    """Votes per grade for one section (or person) in one group, entered or imported as counts."""

    group = pw.ForeignKeyField(RaterGroup, on_delete="CASCADE", backref="tallies")
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="tallies")
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="tallies")
    criterion = pw.ForeignKeyField(Criterion, null=True, on_delete="RESTRICT", backref="+")
    grade = pw.ForeignKeyField(Grade, on_delete="RESTRICT", backref="+")
    votes = pw.IntegerField(constraints=[pw.Check("votes >= 0")])

    class Meta:
        constraints = [pw.SQL("CHECK ((section_id IS NULL) <> (person_id IS NULL))")]
        indexes = ((("group", "section", "person", "criterion", "grade"), True),)


class Explanation(BaseModel):
    """说明情况 (bottom three) or 调离 (three times worst) for a section in a period."""

    period = pw.ForeignKeyField(RatingPeriod, on_delete="RESTRICT", backref="explanations")
    section = pw.ForeignKeyField(Section, on_delete="RESTRICT", backref="explanations")
    kind = pw.CharField(max_length=4, constraints=[enum_check("kind", EXPLANATION_KINDS)])
    rank = pw.IntegerField(null=True)  # place in the ranking the rules use (the grassroots group's), 1 = best
    person = pw.ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="explanations")
    due_on = DateField(null=True)
    received_on = DateField(null=True)
    text = pw.TextField(default="")
    outcome = pw.TextField(default="")

    class Meta:
        indexes = ((("period", "section", "kind"), True),)


MODELS = [RatingPeriod, GradeScale, Grade, Criterion, RaterGroup, Ballot, BallotMark, Tally, Explanation]
