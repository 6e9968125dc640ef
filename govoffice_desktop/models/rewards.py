"""奖惩: the one reward/penalty ledger, its rules, bonus bases and bonus months."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, DateTimeField, MoneyField, enum_check
from govoffice_desktop.models.staff import Person, Section

# The reward/penalty categories, stored as these words; a month closing posts one domain's entries
CAT_TYPING = "文印"
CAT_FUEL = "车辆燃料"
CAT_DRIVING = "行车安全"
CAT_FINANCE = "财务管理"
CAT_GOODS = "物品管理"
CAT_TRAVEL = "出差值勤标准"
CAT_SUPERVISION = "督查"
CAT_OTHER = "其他"
CATEGORIES = (CAT_TYPING, CAT_FUEL, CAT_DRIVING, CAT_FINANCE, CAT_GOODS, CAT_TRAVEL, CAT_SUPERVISION, CAT_OTHER)


class RewardPenalty(BaseModel):
    """One entry: a reward is positive, a deduction negative."""

    person = pw.ForeignKeyField(Person, on_delete="RESTRICT", backref="rewards")
    entry_date = DateField(index=True)
    category = pw.CharField(max_length=6, constraints=[enum_check("category", CATEGORIES)])
    amount = MoneyField(constraints=[pw.Check("amount <> 0")])
    reason = pw.CharField(max_length=200)
    source_table = pw.CharField(max_length=40, default="")  # the record that caused it
    source_id = pw.IntegerField(null=True)
    entered_by = pw.CharField(max_length=30, default="")


class RewardRule(BaseModel):
    """奖惩规定: a rule by category, with its amount and the date it applies from."""

    category = pw.CharField(max_length=6, constraints=[enum_check("category", CATEGORIES)])
    code = pw.CharField(max_length=40)
    name = pw.CharField(max_length=100)
    amount = MoneyField()  # signed like the ledger: negative deducts, positive rewards
    unit = pw.CharField(max_length=20, default="次")
    effective_from = DateField()
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("code", "effective_from"), True),)


class BonusBase(BaseModel):
    """The monthly base amount for a post or rank, from a date."""

    post_or_rank = pw.CharField(max_length=30)
    amount = MoneyField(constraints=[pw.Check("amount >= 0")])
    effective_from = DateField()

    class Meta:
        indexes = ((("post_or_rank", "effective_from"), True),)


class BonusMonth(BaseModel):
    """A month of the bonus sheet; once final, its entries are locked."""

    year = pw.IntegerField()
    month = pw.IntegerField(constraints=[pw.Check("month BETWEEN 1 AND 12")])
    final = pw.BooleanField(default=False)
    finalised_at = DateTimeField(null=True)
    finalised_by = pw.CharField(max_length=30, default="")

    class Meta:
        indexes = ((("year", "month"), True),)


class MonthClose(BaseModel):
    """A domain's month closed (e.g. typing deductions posted); undone until the bonus month is final.

    ``domain`` is the reward/penalty category whose entries the closing posted (文印, 车辆燃料, …).
    """

    domain = pw.CharField(max_length=20, constraints=[enum_check("domain", CATEGORIES)])
    year = pw.IntegerField()
    month = pw.IntegerField(constraints=[pw.Check("month BETWEEN 1 AND 12")])
    closed_at = DateTimeField()
    closed_by = pw.CharField(max_length=30, default="")
    figures = pw.TextField(null=True)  # the month's printed figures as of the closing (services/issued.py)

    class Meta:
        indexes = ((("domain", "year", "month"), True),)


RANK_GROUPS = ("市级领导", "县处级", "其他人员")  # the travel standards' rank bands
CLAIM_KINDS = ("出差", "值勤")


class TravelStandard(BaseModel):
    """出差值勤标准: per destination class and rank band, from a date: 住宿费 capped per night (by receipts,
    cut to the cap), 伙食补助费 and 市内交通费 paid per day as 包干 (whatever the receipts), and
    城市间交通费 per trip (None: by receipts, no ceiling)."""

    destination_class = pw.CharField(max_length=30)  # 一类地区（直辖市、省会城市）, 市内值勤, …
    rank_group = pw.CharField(max_length=6, constraints=[enum_check("rank_group", RANK_GROUPS)])
    accommodation = MoneyField(constraints=[pw.Check("accommodation >= 0")])  # per night
    meals = MoneyField(constraints=[pw.Check("meals >= 0")])  # per day
    transport = MoneyField(null=True)  # per claim; None: as spent, no ceiling
    effective_from = DateField()
    city_transport = MoneyField(default=0, constraints=[pw.Check("city_transport >= 0")])  # per day, 包干 (v11)

    class Meta:
        indexes = ((("destination_class", "rank_group", "effective_from"), True),)


class TravelApproval(BaseModel):
    """出差审批: who goes where (and the destination's class), the dates, the purpose, who approved it
    and when.  A 出差 claim is checked against its approval."""

    person = pw.ForeignKeyField(Person, on_delete="RESTRICT", backref="travel_approvals")
    destination = pw.CharField(max_length=60)
    destination_class = pw.CharField(max_length=30)
    start_on = DateField(index=True)
    end_on = DateField()
    purpose = pw.CharField(max_length=200)
    approved_by = pw.CharField(max_length=30)
    approved_on = DateField()
    entered_by = pw.CharField(max_length=30, default="")

    class Meta:
        constraints = [pw.SQL("CHECK (end_on >= start_on)")]


class TravelClaim(BaseModel):
    """One 出差 or 值勤 claim: days, where, the receipts for rooms and inter-city transport, and the
    per-diem paid for meals and local transport; ``allowed`` is what is paid, ``over`` the part of the
    receipts above the standard in force on the first day (cut, not paid), ``verdict`` the check as the
    claim states it (computed by the service).  A 出差 claim since v11 names its approval."""

    person = pw.ForeignKeyField(Person, on_delete="RESTRICT", backref="travel_claims")
    kind = pw.CharField(max_length=2, default="出差", constraints=[enum_check("kind", CLAIM_KINDS)])
    start_on = DateField(index=True)
    end_on = DateField()
    destination = pw.CharField(max_length=60, default="")
    destination_class = pw.CharField(max_length=30)
    purpose = pw.CharField(max_length=200, default="")
    accommodation = MoneyField(default=0, constraints=[pw.Check("accommodation >= 0")])
    meals = MoneyField(default=0, constraints=[pw.Check("meals >= 0")])
    transport = MoneyField(default=0, constraints=[pw.Check("transport >= 0")])
    allowed = MoneyField(default=0)  # what the standard allows for these days
    over = MoneyField(default=0, constraints=[pw.Check("over >= 0")])
    claimed_on = DateField()
    note = pw.TextField(default="")
    approval = pw.ForeignKeyField(TravelApproval, null=True, on_delete="RESTRICT", backref="claims")  # v11
    city_transport = MoneyField(default=0, constraints=[pw.Check("city_transport >= 0")])  # per-diem paid (v11)
    verdict = pw.TextField(default="")  # v11

    class Meta:
        constraints = [pw.SQL("CHECK (end_on >= start_on)")]


class GoodsItem(BaseModel):
    """物品: an office supply kept in stock."""

    name = pw.CharField(max_length=60, unique=True)
    unit = pw.CharField(max_length=10, default="个")
    unit_price = MoneyField(constraints=[pw.Check("unit_price >= 0")])
    min_stock = pw.IntegerField(default=0, constraints=[pw.Check("min_stock >= 0")])
    active = pw.BooleanField(default=True)


GOODS_MOVES = ("入库", "领用", "报损")


class GoodsMovement(BaseModel):
    """Goods in (入库), issued to a section (领用) or written off (报损); quantities are positive."""

    item = pw.ForeignKeyField(GoodsItem, on_delete="RESTRICT", backref="movements")
    moved_on = DateField(index=True)
    kind = pw.CharField(max_length=2, constraints=[enum_check("kind", GOODS_MOVES)])
    quantity = pw.IntegerField(constraints=[pw.Check("quantity > 0")])
    unit_price = MoneyField(constraints=[pw.Check("unit_price >= 0")])  # the price at the time
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="goods_issued")
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="goods_moves")
    note = pw.CharField(max_length=200, default="")

    class Meta:
        constraints = [pw.SQL("CHECK (kind <> '领用' OR section_id IS NOT NULL)")]


class SectionBudget(BaseModel):
    """A section's monthly budget for office supplies, per year."""

    section = pw.ForeignKeyField(Section, on_delete="RESTRICT", backref="budgets")
    year = pw.IntegerField()
    monthly_amount = MoneyField(constraints=[pw.Check("monthly_amount >= 0")])

    class Meta:
        indexes = ((("section", "year"), True),)


class BonusLine(BaseModel):
    """One person's line of a finalised bonus sheet, kept as it was when the month was finalised
    (a later change of post, section or base does not rewrite a month already paid)."""

    bonus_month = pw.ForeignKeyField(BonusMonth, on_delete="CASCADE", backref="lines")
    person = pw.ForeignKeyField(Person, on_delete="RESTRICT", backref="bonus_lines")
    section_name = pw.CharField(max_length=40, default="")
    post = pw.CharField(max_length=30, default="")
    base = MoneyField()
    rewards = MoneyField()
    deductions = MoneyField()  # a negative sum, as in the ledger
    total = MoneyField()
    floor_applied = pw.BooleanField(default=False)

    class Meta:
        indexes = ((("bonus_month", "person"), True),)


class FinanceFinding(BaseModel):
    """财务管理: one finding of the office's finance checks under a finance rule (报销单据不合规,
    超预算支出, 借款逾期未还…): who answers for it (a person; or a section, whose chief answers), what,
    the money involved and the day.  The month's 财务结账 posts the rule's amount to the ledger."""

    found_on = DateField(index=True)
    rule = pw.CharField(max_length=40)  # a 财务管理 rule's code (services/rules.py)
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="finance_findings")
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="finance_findings")
    amount_involved = MoneyField(null=True, constraints=[pw.Check("amount_involved >= 0")])
    description = pw.CharField(max_length=200)
    entered_by = pw.CharField(max_length=30, default="")

    class Meta:
        constraints = [pw.SQL("CHECK (person_id IS NOT NULL OR section_id IS NOT NULL)")]


MODELS = [RewardPenalty, RewardRule, BonusBase, BonusMonth, MonthClose, TravelStandard, TravelApproval, TravelClaim,
          GoodsItem, GoodsMovement, SectionBudget, BonusLine, FinanceFinding]

NEW_IN_V7 = [TravelStandard, TravelClaim, GoodsItem, GoodsMovement, SectionBudget, BonusLine]
NEW_IN_FINANCE_STEP = [TravelApproval, FinanceFinding]  # the tables of migrations.FINANCE_AND_TRAVEL
