"""The office itself: its name, which heads every printout and export, and the first start of a new
office (the window's wizard, ``ui/first_start.py``, only shows and collects; the rules are here).

A database is *new* while it has no users, no 科室, no staff and no vehicles and its first start was
never finished: only then does the window offer the wizard.  Each of its steps can be skipped and
done later from the menu it names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from govoffice_desktop.models.db import database
from govoffice_desktop.models.fleet import Vehicle
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.tables import TABLE_LABELS
from govoffice_desktop.services import auth, fleet, rules
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.staff.files import add_section
from govoffice_desktop.services.validation import BadValue, required_text

OFFICE_NAME_KEY = "office.name"
DEFAULT_OFFICE_NAME = "市人民政府办公室"
MAX_NAME = 40
FIRST_START_KEY = "office.first_start"  # the day the first-start wizard was finished
STANDARDS_KEY = "office.standards_confirmed"  # the day the standards' defaults were confirmed
SEPARATORS = r"[\n\r,，、;；]+"


def office_name() -> str:
    """The office's name as its documents print it (宿迁市人民政府办公室), or the generic name."""
    row = Setting.get_or_none(Setting.key == OFFICE_NAME_KEY)
    return (row.value.strip() if row else "") or DEFAULT_OFFICE_NAME


def _set(key: str, value: str) -> None:
    row = Setting.get_or_none(Setting.key == key) or Setting(key=key)
    row.value = value
    row.save()


@requires("users.manage")
def set_office_name(name: str) -> str:
    text = required_text(name, "单位名称")
    if len(text) > MAX_NAME:
        raise BadValue(f"单位名称不超过{MAX_NAME}个字")
    _set(OFFICE_NAME_KEY, text)
    return text


# ---------------------------------------------------------------- the first start
def needs_first_start() -> bool:
    """Whether the open database is a new office's: no users, nothing on file, wizard never finished."""
    if auth.has_users() or Setting.select().where(Setting.key == FIRST_START_KEY).exists():
        return False
    return not any(model.select().exists() for model in (Section, Person, Vehicle))


@requires("users.manage")
def finish_first_start(standards_confirmed: bool, today: date | None = None) -> None:
    """The wizard is done (whatever was skipped): it is not offered again."""
    today = today or date.today()
    with database.atomic():
        _set(FIRST_START_KEY, today.isoformat())
        if standards_confirmed:
            _set(STANDARDS_KEY, today.isoformat())


def section_names(text: str) -> list[str]:
    """科室 typed one a line (or separated by ，、；), blanks and repeats dropped, in order."""
    names: list[str] = []
    for part in re.split(SEPARATORS, text or ""):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names


@requires("staff.edit")
def add_sections(text: str, today: date | None = None) -> list[Section]:
    """The 科室 typed in the wizard, all or none; those already on file are left as they are."""
    have = {name for (name,) in Section.select(Section.name).tuples()}
    with database.atomic():
        return [add_section(name, today=today) for name in section_names(text) if name not in have]


@requires("fleet.edit")
def add_vehicles(rows: list[dict]) -> list[Vehicle]:
    """Vehicles typed in the wizard (plate, model, fuel quota), all or none; blank rows skipped.
    A refusal names the row."""
    made = []
    with database.atomic():
        for n, row in enumerate(rows, 1):
            if not any(str(v or "").strip() for v in row.values()):
                continue
            try:
                made.append(fleet.save_vehicle({"plate": row.get("plate"), "brand_model": row.get("brand_model") or "",
                                                "fuel_quota": row.get("fuel_quota") or None}))
            except BadValue as exc:
                raise BadValue(f"第{n}行：{exc}") from None
    return made


@dataclass(frozen=True)
class StandardLine:
    group: str  # 文印标准, 车辆, 奖惩规定, 出差值勤标准
    item: str
    value: str
    where: str  # the menu where it is changed


def _figure(value) -> str:
    return "—" if value is None else f"{value}"


def standards(today: date | None = None) -> list[StandardLine]:
    """The standards in force (the program's defaults on a new database), for confirmation."""
    from govoffice_desktop.services import typing_pool  # here: the window's start needs neither
    from govoffice_desktop.services.rewards import travel

    today = today or date.today()
    lines = []
    where = "文印管理 → 标准…"
    try:
        s = typing_pool.standard_on(today)
    except BadValue:
        lines.append(StandardLine(TABLE_LABELS["typing_standard"], "（尚未设定）", "", where))
    else:
        for item, value in (("打字速度不低于", f"{s.min_speed} 字/分"),
                            ("差错率不超过", f"每万字 {s.max_errors_per_10k} 个"),
                            ("超出的差错每个扣", f"{s.deduction_per_error} 元"),
                            ("测速不达标扣", f"{s.speed_fail_deduction} 元"),
                            ("每月扣款上限", f"{s.monthly_cap} 元"),
                            ("没有字数时每页按", f"{s.chars_per_page} 字")):
            lines.append(StandardLine(TABLE_LABELS["typing_standard"], item, value, where))
    where = "车辆油耗 → 设置…"
    lines.append(StandardLine("车辆", "超过油耗定额多少标红",
                              f"{fleet.setting_decimal(fleet.OVER_QUOTA_KEY, fleet.DEFAULT_OVER_QUOTA_PCT)}%", where))
    lines.append(StandardLine("车辆", "万里行车无事故目标",
                              f"{fleet.setting_decimal(fleet.SAFE_TARGET_KEY, fleet.DEFAULT_SAFE_TARGET_LI)} 里", where))
    lines.append(StandardLine("车辆", "油耗定额（升/百公里）", "每辆车各自登记", "车辆油耗 → 车辆…"))
    for code, (category, name, _default, unit) in rules.catalogue().items():
        amount = rules.rule_amount(code, today)
        value = f"{amount} 元" if unit != "倍" else f"{amount}"
        lines.append(StandardLine(f"{TABLE_LABELS['reward_rule']}（{category}）", name, value, "奖惩与奖金 → 奖惩规定"))
    rows = travel.standards()
    where = "奖惩与奖金 → 出差值勤 → 新增标准…"
    if not rows:
        lines.append(StandardLine(TABLE_LABELS["travel_standard"], "（尚未设定）", "按本地财政规定填写", where))
    for t in rows:
        lines.append(StandardLine(TABLE_LABELS["travel_standard"], f"{t.destination_class}·{t.rank_group}（{t.effective_from}起）",
                                  f"住宿 {t.accommodation} 元/晚，伙食 {t.meals} 元/天，交通 {_figure(t.transport)}",
                                  where))
    return lines
