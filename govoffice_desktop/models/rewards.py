"""奖惩: the one reward/penalty ledger, its rules, bonus bases and bonus months."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, DateTimeField, MoneyField, enum_check
from govoffice_desktop.models.staff import Person

CATEGORIES = ("文印", "车辆燃料", "行车安全", "财务管理", "物品管理", "出差值勤标准", "督查", "其他")


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

    class Meta:
        indexes = ((("domain", "year", "month"), True),)


MODELS = [RewardPenalty, RewardRule, BonusBase, BonusMonth, MonthClose]
