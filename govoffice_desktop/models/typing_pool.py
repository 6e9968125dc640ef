"""文印: typists' work log, speed tests and the typing standards (文印管理工作实施细则)."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, MoneyField, ScaledDecimalField
from govoffice_desktop.models.documents import OutgoingDocument
from govoffice_desktop.models.staff import Person

ERROR_TYPES = ("错字", "漏字", "多字", "标点", "格式")
STAGE_PROOF = "校对发现"  # caught by the proof-reader before issue: counts for the error rate only
STAGE_ISSUED = "印发后发现"  # found in the issued document: also breaks 万页文稿无差错
ERROR_STAGES = (STAGE_PROOF, STAGE_ISSUED)


class TypingLog(BaseModel):
    """One document typed: pages, characters and its errors; ``errors`` counts them all (by kind),
    ``errors_after_issue`` how many of them were found after the document was issued (印发后发现);
    the rest were caught at proof-reading (校对发现)."""

    typed_on = DateField(index=True)
    typist = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="typing_logs")
    typist_name = pw.CharField(max_length=30)  # as written in the ledger; linked when it matches
    title = pw.CharField(max_length=200)
    doc_number = pw.CharField(max_length=60, default="")  # 文号
    pages = pw.IntegerField(constraints=[pw.Check("pages >= 0")])
    characters = pw.IntegerField(null=True, constraints=[pw.Check("characters IS NULL OR characters >= 0")])
    errors = pw.IntegerField(default=0, constraints=[pw.Check("errors >= 0")])
    wrong_char = pw.IntegerField(default=0)  # 错字
    missing_char = pw.IntegerField(default=0)  # 漏字
    extra_char = pw.IntegerField(default=0)  # 多字
    punctuation = pw.IntegerField(default=0)  # 标点
    formatting = pw.IntegerField(default=0)  # 格式
    errors_after_issue = pw.IntegerField(default=0, constraints=[pw.Check("errors_after_issue >= 0")])
    proofreader = pw.CharField(max_length=30, default="")  # 校对人
    remarks = pw.TextField(default="")
    # the 发文 it was typed for (schema step 13, migrations.TYPED_FOR): its 文稿 one click from the 发文
    outgoing = pw.ForeignKeyField(OutgoingDocument, null=True, on_delete="SET NULL", backref="typing_logs")

    class Meta:
        # 万页文稿无差错: a typist's or the pool's run is a range of one of these (services/campaigns.py)
        indexes = ((("typist", "typed_on", "pages"), False), (("typed_on", "pages"), False))


# The documents with an error found after issue (the few that break a run), by day.
TypingLog.add_index(TypingLog.index(TypingLog.typed_on, where=TypingLog.errors_after_issue > 0,
                                    name="typing_log_issued_errors"))


class SpeedTest(BaseModel):
    """打字速度测试: characters typed in so many minutes, with errors."""

    tested_on = DateField(index=True)
    typist = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="speed_tests")
    typist_name = pw.CharField(max_length=30)
    characters = pw.IntegerField(constraints=[pw.Check("characters >= 0")])
    minutes = ScaledDecimalField(2, constraints=[pw.Check("minutes > 0")])
    errors = pw.IntegerField(default=0, constraints=[pw.Check("errors >= 0")])
    note = pw.TextField(default="")


class TypingStandard(BaseModel):
    """The typing standard in force from a date; old months keep the rules of their time."""

    effective_from = DateField(unique=True)
    min_speed = pw.IntegerField(default=80)  # 字/分
    max_errors_per_10k = ScaledDecimalField(2, default=3)
    deduction_per_error = MoneyField(default=0)
    speed_fail_deduction = MoneyField(default=0)
    monthly_cap = MoneyField(default=0)
    chars_per_page = pw.IntegerField(default=1000)  # for logs without a character count
    source = pw.TextField(default="")  # where the figures come from
    note = pw.TextField(default="")


MODELS = [TypingLog, SpeedTest, TypingStandard]
