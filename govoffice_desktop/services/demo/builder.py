"""演示数据: a complete, realistic year of a 市政府办公室 written into an empty database.

``generate(as_of, seed, progress)`` fills every domain — staff files, the typing pool, the
fleet, quarterly ratings, supervision and the reward/penalty ledger — with data for the
twelve months ending at ``as_of``.  The result depends only on ``(as_of, seed)``: every
random choice comes from ``random.Random`` instances seeded from them, and every date and
time is derived from ``as_of`` (never from the clock).  Money, litres and odometers are
Decimal or int, never float.

Everything is written in one transaction: a cancelled or failed run leaves the database as
it was.  The module never imports Qt."""
from __future__ import annotations

from datetime import date, datetime
from typing import Callable

from govoffice_desktop.models import ALL_MODELS, TABLE_LABELS
from govoffice_desktop.models.documents import TimeLimitRule
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.db import database
from govoffice_desktop.models.ratings import Grade, GradeScale
from govoffice_desktop.models.typing_pool import TypingStandard
from govoffice_desktop.models.users import User
from govoffice_desktop.services.demo.common import DEFAULT_SEED, STANDARD, DemoError, DemoSummary, Scale, _Base
from govoffice_desktop.services.demo.document_settings import _DocumentSettingsPart
from govoffice_desktop.services.demo.documents import _DocumentsPart
from govoffice_desktop.services.demo.fleet import _FleetPart
from govoffice_desktop.services.demo.ratings import _RatingsPart
from govoffice_desktop.services.demo.rewards import _RewardsPart
from govoffice_desktop.services.demo.staff import _StaffPart
from govoffice_desktop.services.demo.supervision import _SupervisionPart
from govoffice_desktop.services.demo.typing_pool import _TypingPart
from govoffice_desktop.services.demo.urges import _UrgesPart


class _Builder(_StaffPart, _TypingPart, _FleetPart, _RatingsPart, _DocumentsPart, _SupervisionPart, _RewardsPart,
               _DocumentSettingsPart, _UrgesPart, _Base):
    """The demo office, domain by domain (one part per domain, each in its own module)."""

    # -- the run
    def run(self) -> None:
        self.step(0, "正在生成科室和人员档案…")
        self.build_staff()
        self.step(12, "正在生成考察、定职定级、学习培训和责任状…")
        self.build_staff_records()
        self.step(22, "正在生成文印台账…")
        self.build_typing()
        self.step(38, "正在生成车辆、出车和加油记录…")
        self.build_fleet()
        self.step(58, "正在生成季度评议…")
        self.build_ratings()
        self.step(68, "正在生成收文和发文…")
        self.build_documents()
        self.step(72, "正在生成考核督查和督办事项…")
        self.build_supervision()
        self.build_urges()  # after the 收文 and 督办事项 (the lead: after build_documents too)
        self.step(86, "正在生成奖惩记录和奖金月份…")
        self.build_rewards()
        self.build_document_settings()  # 发文代字, 节假日安排 (文电办理)
        self.link_typing_logs()  # 文印's 文稿 of the 发文 registered
        self.step(100, "演示数据已生成。")


# ======================================================================= entry point
# What the migrations write into every new database (steps 3 and 13): the only rows a database the demo
# may fill can hold.  A change to them by hand is in the audit log, which must be empty too.
REFERENCE_DATA = (GradeScale, Grade, TypingStandard, TimeLimitRule)


def refusal() -> str | None:
    """Why the open database may not take the demo office, or None: a login of any kind (the demo
    would add seven, all with the password demo, one a 管理员), or any row of the office's own."""
    if User.select().exists():
        return ("这个数据库已有用户（登录账户），是正式使用的数据库：演示办公室及其密码为 demo 的演示账号"
                "只能写入新建的空数据库")
    have = [TABLE_LABELS.get(m._meta.table_name, m._meta.table_name) for m in ALL_MODELS
            if m not in REFERENCE_DATA and m.select().exists()]
    if have:
        return f"数据库中已有业务数据，演示数据只能写入空数据库。（已有：{'、'.join(have[:5])}）"
    return None


def generate(as_of: date | None = None, seed: int = DEFAULT_SEED,
             progress: Callable[[int, str], bool] | None = None, scale: Scale = STANDARD) -> DemoSummary:
    """Write a year of demo data ending at ``as_of`` into the open, migrated, empty database
    (``scale``: how large an office and how many years; ``LARGE``: ten years of 600 staff).

    ``progress(percent, message)`` is called now and then; returning False cancels (DemoError
    "已取消") and nothing is written.  Raises DemoError if the database already has users or any
    row of its own (``refusal``).
    """
    if database.obj is None:
        raise DemoError("数据库尚未打开。")
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    as_of = as_of or date.today()
    why = refusal()
    if why:
        raise DemoError(why)
    builder = _Builder(as_of, seed, progress, scale)
    with database.atomic():
        why = refusal()  # someone wrote in between
        if why:
            raise DemoError(why)
        builder.run()
        builder.build_users()  # last: until the first user exists, nothing asks for a login
    counts = {model._meta.table_name: model.select().count() for model in ALL_MODELS if model is not AuditLog}
    return DemoSummary(counts)
