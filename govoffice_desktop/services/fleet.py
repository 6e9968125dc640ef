"""车辆 services: vehicles, refuels and fuel economy full tank to full tank, 万里行车无事故."""
from __future__ import annotations

from govoffice_desktop.models.campaigns import CAMPAIGN_DRIVING
from govoffice_desktop.models.rewards import CAT_DRIVING, CAT_FUEL
from govoffice_desktop.models.staff import OFF_STAFF
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import peewee as pw

from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.fleet import (INCIDENT_KINDS, RESPONSIBILITIES, VEHICLE_STATUSES, Incident, Refuel, Trip,
                                           Vehicle)
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import auth, campaigns, months, rules
from govoffice_desktop.services.fuel_economy import (  # noqa: F401  (fleet.segments … as before the move)
    CENT, DEFAULT_OVER_QUOTA_PCT, OVER_QUOTA_KEY, DriverEconomy, Economy, Fill, Segment, driver_economy, economies,
    economies_ending, economies_of, economy, economy_by_month, per_100km, segments)
from govoffice_desktop.services.campaigns import (  # noqa: F401  (fleet.AT_FAULT … for the 车辆 pages)
    AT_FAULT, DEFAULT_SAFE_TARGET_LI, KM_PER_LI, SAFE_TARGET_KEY, DriveRun as SafeRun, setting_decimal)
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.validation import (BadValue, a_count, a_date, a_number, normalise_plate, parse_bool,
                                                   parse_datetime)
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.rules import FUEL_RULES, rule_amount  # noqa: F401  (fleet.FUEL_RULES for the 车辆 pages)


def refuel_listing() -> Listing:
    return Listing(
        model=Refuel,
        columns=[
            Column("filled_at", "加油时间", Refuel.filled_at),
            Column("plate", "车牌号", Vehicle.plate, searchable=True),
            Column("driver", "驾驶员", Refuel.driver_name, searchable=True),
            Column("litres", "加油量（升）", Refuel.litres, convert=lambda v: LITRES_UNKNOWN if v is None else v),
            Column("unit_price", "单价（元/升）", Refuel.unit_price),
            Column("amount", "金额（元）", Refuel.amount),
            Column("odometer", "里程表（公里）", Refuel.odometer),
            Column("full_tank", "加满", Refuel.full_tank),
            Column("station", "加油站", Refuel.station, searchable=True),
            Column("card_no", "油卡号", Refuel.card_no, searchable=True),
        ],
        joins=lambda q: q.join(Vehicle, on=(Refuel.vehicle == Vehicle.id)),
        default_order="filled_at",
        default_desc=True,
        filters={"vehicle_id": Refuel.vehicle},
        joins_keep_rows=True,  # every refuel has its vehicle (not null, never deleted under it)
    )


def vehicle_listing() -> Listing:
    return Listing(
        model=Vehicle,
        columns=[
            Column("plate", "车牌号", Vehicle.plate, searchable=True),
            Column("brand_model", "品牌型号", Vehicle.brand_model, searchable=True),
            Column("fuel_type", "燃油", Vehicle.fuel_type),
            Column("fuel_quota", "油耗定额（升/百公里）", Vehicle.fuel_quota),
            Column("driver", "驾驶员", Person.name, searchable=True),
            Column("status", "状态", Vehicle.status, searchable=True),
            Column("inspection_due", "年检到期", Vehicle.inspection_due),
            Column("insurance_due", "保险到期", Vehicle.insurance_due),
            Column("service_due", "保养到期", Vehicle.service_due),
        ],
        joins=lambda q: q.join(Person, pw.JOIN.LEFT_OUTER, on=(Vehicle.driver == Person.id)),
        default_order="plate",
    )


def trip_listing() -> Listing:
    return Listing(
        model=Trip,
        columns=[
            Column("trip_date", "日期", Trip.trip_date),
            Column("plate", "车牌号", Vehicle.plate, searchable=True),
            Column("driver", "驾驶员", Trip.driver_name, searchable=True),
            Column("requested_by", "用车人", Trip.requested_by, searchable=True),
            Column("purpose", "事由", Trip.purpose, searchable=True),
            Column("destination", "目的地", Trip.destination, searchable=True),
            Column("departed_at", "出车时间", Trip.departed_at),
            Column("returned_at", "返回时间", Trip.returned_at),
            Column("odometer_start", "出车里程表", Trip.odometer_start),
            Column("odometer_end", "返回里程表", Trip.odometer_end),
            Column("distance_km", "行驶（公里）", Trip.distance_km),
        ],
        joins=lambda q: q.join(Vehicle, on=(Trip.vehicle == Vehicle.id)),
        default_order="trip_date",
        default_desc=True,
        filters={"vehicle_id": Trip.vehicle},
    )


def incident_listing() -> Listing:
    return Listing(
        model=Incident,
        columns=[
            Column("occurred_on", "日期", Incident.occurred_on),
            Column("plate", "车牌号", Vehicle.plate, searchable=True),
            Column("driver", "驾驶员", Incident.driver_name, searchable=True),
            Column("kind", "类别", Incident.kind, searchable=True),
            Column("responsibility", "责任", Incident.responsibility, searchable=True),
            Column("damage_cost", "损失（元）", Incident.damage_cost),
            Column("fine", "罚款（元）", Incident.fine),
            Column("points", "扣分", Incident.points),
            Column("location", "地点", Incident.location, searchable=True),
            Column("description", "经过", Incident.description, searchable=True),
        ],
        joins=lambda q: q.join(Vehicle, on=(Incident.vehicle == Vehicle.id)),
        default_order="occurred_on",
        default_desc=True,
        filters={"vehicle_id": Incident.vehicle},
    )


def vehicles(include_scrapped: bool = False) -> list[Vehicle]:
    query = Vehicle.select().order_by(Vehicle.plate)
    return list(query if include_scrapped else query.where(Vehicle.status != "报废"))


class VehicleName(NamedTuple):
    id: int
    plate: str
    brand_model: str


def vehicle_names(include_scrapped: bool = False) -> list[VehicleName]:
    """``vehicles`` as their ids and names only: a filter's or a form's choices without a record each."""
    query = Vehicle.select(Vehicle.id, Vehicle.plate, Vehicle.brand_model).order_by(Vehicle.plate)
    if not include_scrapped:
        query = query.where(Vehicle.status != "报废")
    return [VehicleName(*row) for row in query.tuples()]


def drivers() -> list[Person]:
    return list(Person.select().where(Person.is_driver, Person.status.not_in(OFF_STAFF)).order_by(Person.name))


def vehicle_by_id(vehicle_id: int | None) -> Vehicle | None:
    return Vehicle.get_or_none(Vehicle.id == vehicle_id) if vehicle_id is not None else None


def refuel_by_id(refuel_id: int | None) -> Refuel | None:
    return Refuel.get_or_none(Refuel.id == refuel_id) if refuel_id is not None else None


# ================================================================ the rules of the motor pool
# Every rule is enforced here, whatever calls it; a refusal raises BadValue in Chinese.

HALF_CENT = Decimal("0.005")  # a price rounded to fen is off by at most this, per litre


@requires("fleet.rules")
def save_fleet_settings(over_quota_pct, safe_target_li) -> None:
    """The over-quota threshold (%) and the 万里 target (里), both or neither."""
    with database.atomic():
        set_setting_decimal(OVER_QUOTA_KEY, over_quota_pct, "超定额比例")
        set_setting_decimal(SAFE_TARGET_KEY, safe_target_li, "无事故目标")


def set_setting_decimal(key: str, value, label: str) -> Decimal:
    number = a_number(value, label, places=2)
    if number is None or number <= 0:
        raise BadValue(f"{label}应大于0")
    row = Setting.get_or_none(Setting.key == key) or Setting(key=key)
    row.value = str(number)
    row.save()
    return number


def _driver(value) -> Person | None:
    if value in (None, ""):
        return None
    person = Person.get_or_none(Person.id == value) if isinstance(value, int) else value
    if person is None:
        raise BadValue("没有这位驾驶员")
    if not person.is_driver:
        raise BadValue(f"{person.name} 不是驾驶员（请先在人员档案中标为驾驶员）")
    return person


def _vehicle(value) -> Vehicle:
    vehicle = Vehicle.get_or_none(Vehicle.id == value) if isinstance(value, int) else value
    if vehicle is None:
        raise BadValue("请选择车辆")
    return vehicle


# ---------------------------------------------------------------- vehicles
@requires("fleet.edit", section_of=auth.driver_section)
def save_vehicle(data: dict, vehicle: Vehicle | None = None) -> Vehicle:
    plate = normalise_plate(data.get("plate")) if "plate" in data or vehicle is None else vehicle.plate
    if not plate:
        raise BadValue("车牌号不能为空")
    clash = Vehicle.select().where(Vehicle.plate == plate)
    if vehicle is not None:
        clash = clash.where(Vehicle.id != vehicle.id)
    if clash.exists():
        raise BadValue(f"车牌号 {plate} 已经登记")
    quota = a_number(data.get("fuel_quota"), "油耗定额") if "fuel_quota" in data else (vehicle.fuel_quota if vehicle else None)
    if quota is not None and not Decimal(1) <= quota <= Decimal(60):
        raise BadValue(f"油耗定额 {quota} 升/百公里不在常见范围（1–60）")
    status = (data.get("status") or (vehicle.status if vehicle else "在用")).strip()
    if status not in VEHICLE_STATUSES:
        raise BadValue(f"状态应为{'、'.join(VEHICLE_STATUSES)}之一")
    vehicle = vehicle or Vehicle()
    vehicle.plate, vehicle.fuel_quota, vehicle.status = plate, quota, status
    for key, limit in (("brand_model", 60), ("fuel_type", 10), ("note", 2000)):
        if key in data:
            setattr(vehicle, key, (data[key] or "").strip()[:limit])
    for key, label in (("purchased_on", "购置日期"), ("inspection_due", "年检到期"), ("insurance_due", "保险到期"),
                       ("service_due", "保养到期")):
        if key in data:
            setattr(vehicle, key, a_date(data[key], label))
    if "driver" in data:
        vehicle.driver = _driver(data["driver"])
    vehicle.save()
    return vehicle


# ---------------------------------------------------------------- refuels
def _odometer_neighbours(vehicle: Vehicle, filled_at: datetime, exclude: int | None):
    with_odo = Refuel.select().where(Refuel.vehicle == vehicle, Refuel.odometer.is_null(False))
    if exclude is not None:
        with_odo = with_odo.where(Refuel.id != exclude)
    before = with_odo.where(Refuel.filled_at <= filled_at).order_by(Refuel.filled_at.desc(), Refuel.id.desc()).first()
    after = with_odo.where(Refuel.filled_at > filled_at).order_by(Refuel.filled_at, Refuel.id).first()
    return before, after


def odometer_problem(previous, odometer: int, following=None) -> str | None:
    """Why an odometer reading cannot be right between the fills before and after it in time."""
    if previous is not None and odometer < previous.odometer:
        return (f"里程表读数 {odometer} 低于 {previous.filled_at:%Y-%m-%d %H:%M} 加油时的 {previous.odometer}："
                f"里程表只增不减，请核对")
    if following is not None and odometer > following.odometer:
        return (f"里程表读数 {odometer} 高于之后 {following.filled_at:%Y-%m-%d %H:%M} 加油时的 {following.odometer}："
                f"请核对日期或读数")
    return None


LITRES_UNKNOWN = "升数未知"  # a fill that gave only the money, as tables and exports show it (and imports read)


def amounts_disagree(litres: Decimal, price: Decimal, amount: Decimal) -> bool:
    """Litres × price misses the amount by more than the price's rounding to fen allows."""
    return abs(litres * price - amount) > CENT + litres * HALF_CENT


def amounts_disagree_fen(litres: int, price: int, amount: int) -> bool:
    """``amounts_disagree`` of the three in hundredths (litres × 100, price and amount in fen: a
    refuel ledger's import carries them so), in integers: |l·p − 100·a| > 100 + l/2, doubled."""
    return 2 * abs(litres * price - 100 * amount) > 200 + litres


def complete_amounts(litres: Decimal | None, price: Decimal | None, amount: Decimal | None,
                     money_only: bool = False):
    """Any two of litres, unit price and amount give the third; all three must agree to rounding.
    ``money_only``: the amount alone is a fill whose litres are unknown (a reimbursement ledger
    gives only the money; the form takes 金额 alone) → (None, None, amount).  A refusal names its
    field (``BadValue.field``)."""
    if money_only and litres is None and price is None and amount is not None:
        if amount <= 0:
            raise BadValue("金额必须大于0", field="amount")
        return None, None, amount
    if (litres is None) + (price is None) + (amount is None) > 1:
        raise BadValue("加油量、单价、金额至少要填两项" + ("（只知道金额时只填金额：升数未知）" if money_only else ""),
                       field="litres")
    if litres is not None and litres <= 0:
        raise BadValue("加油量必须大于0", field="litres")
    if price is not None and price <= 0:
        raise BadValue("单价必须大于0", field="unit_price")
    if amount is not None and amount <= 0:
        raise BadValue("金额必须大于0", field="amount")
    if litres is None:
        litres = (amount / price).quantize(CENT, ROUND_HALF_UP)
    elif amount is None:
        amount = (litres * price).quantize(CENT, ROUND_HALF_UP)
    elif price is None:
        price = (amount / litres).quantize(CENT, ROUND_HALF_UP)
    elif amounts_disagree(litres, price, amount):
        raise BadValue(f"金额 {amount} 与 加油量×单价 = {(litres * price).quantize(CENT)} 不符", field="amount")
    if litres <= 0 or price <= 0 or amount <= 0:
        raise BadValue("加油量、单价、金额算出来有一项为0：请核对", field="litres")
    return litres, price, amount


def fleet_closed_months() -> set[tuple[int, int]]:
    return {ym for domain in FUEL_DOMAINS for ym in months.closed_months(domain)}


def closed_month_problem(day: date, closed: set[tuple[int, int]] | None = None) -> str | None:
    """A refuel, trip or incident dated in a month whose fuel and safety are closed would change
    what was posted."""
    closed = fleet_closed_months() if closed is None else closed
    if (day.year, day.month) in closed:
        return f"{day.year}年{day.month}月的车辆奖惩已结账，不能再登记或修改该月的记录；如需更正，请先撤销结账"
    return None


def _not_closed(day: date) -> None:
    problem = closed_month_problem(day)
    if problem:
        raise BadValue(problem)


@requires("fleet.edit", section_of=auth.driver_section)
def record_refuel(data: dict, refuel: Refuel | None = None) -> Refuel:
    """A refuel, checked: the amounts agree, the odometer fits between the fills before and
    after it (a backdated entry included), the driver is a driver.  金额 alone is a fill whose litres
    are unknown: counted in the money, left out of fuel economy."""
    vehicle = _vehicle(data.get("vehicle"))
    try:
        filled_at = parse_datetime(data.get("filled_at"))
    except BadValue as exc:
        raise BadValue(f"加油时间：{exc}") from None
    if filled_at is None:
        raise BadValue("加油时间不能为空")
    if filled_at > datetime.now() + timedelta(minutes=5):
        raise BadValue(f"加油时间 {filled_at:%Y-%m-%d %H:%M} 还没到")
    _not_closed(filled_at.date())
    if refuel is not None:
        _not_closed(refuel.filled_at.date())
    litres, price, amount = complete_amounts(a_number(data.get("litres"), "加油量"),
                                             a_number(data.get("unit_price"), "单价"),
                                             a_number(data.get("amount"), "金额"), money_only=True)
    odometer = a_count(data.get("odometer"), "里程表读数")
    if odometer is not None:
        before, after = _odometer_neighbours(vehicle, filled_at, refuel.id if refuel else None)
        problem = odometer_problem(before, odometer, after)
        if problem:
            raise BadValue(problem)
    driver = _driver(data.get("driver"))
    refuel = refuel or Refuel()
    refuel.vehicle, refuel.filled_at, refuel.litres, refuel.unit_price, refuel.amount = (
        vehicle, filled_at, litres, price, amount)
    refuel.odometer, refuel.driver = odometer, driver
    refuel.driver_name = driver.name if driver else (data.get("driver_name") or "").strip()[:30]
    refuel.full_tank = True if data.get("full_tank") is None else bool(parse_bool(data.get("full_tank")))
    refuel.missed_previous = bool(parse_bool(data.get("missed_previous")) or False)
    for key, limit in (("station", 60), ("card_no", 30), ("receipt_no", 40), ("note", 2000)):
        setattr(refuel, key, (data.get(key) or "").strip()[:limit])
    refuel.save()
    return refuel




def fuel_report(first: date, last: date) -> dict:
    """{"vehicles": [{"plate", "refuels", "litres", "amount", "distance_km", "l_per_100km", "quota",
    "over_quota_pct", "fills_without_litres"}], "fills_without_litres": N, "notice": text or None}: the
    amount counts every fill, the litres and the figure only fills whose litres are known."""
    if last < first:
        raise BadValue("结束日期早于开始日期")
    out = []
    vehicles = Vehicle.select().where(Vehicle.status != "报废").order_by(Vehicle.plate)
    for e in economies(first, last, vehicles).values():
        vehicle = e.vehicle
        out.append({"plate": vehicle.plate, "refuels": e.refuels, "litres": str(e.litres.quantize(CENT)),
                    "amount": str(e.amount.quantize(CENT)), "distance_km": str(e.distance_km),
                    "l_per_100km": None if e.l_per_100km is None else str(e.l_per_100km),
                    "quota": None if e.quota is None else str(e.quota),
                    "over_quota_pct": None if e.over_quota_pct is None else str(e.over_quota_pct),
                    "fills_without_litres": e.without_litres})
    missing = sum(v["fills_without_litres"] for v in out)
    return {"vehicles": out, "fills_without_litres": missing, "notice": without_litres_notice(missing)}


def without_litres_notice(count: int) -> str | None:
    """What the reports say of fills that give only the money (the importer's words too)."""
    return f"{count} 次加油没有升数：计入金额，不计入百公里油耗" if count else None


# ---------------------------------------------------------------- 万里行车无事故 (services/campaigns.py)
def safe_driving(target_li: Decimal | None = None, until: date | None = None) -> list[SafeRun]:
    """The office first (since its last at-fault accident), then per driver the distance since the
    last accident they were at fault in (全部、主要或同等责任); an accident they bore no or minor fault
    for, or another driver's, does not reset it.  Drivers named in an imported log with no staff
    file are counted under the name, marked 未建档.  Up to the day ``until`` (a month's printout), or all."""
    return [campaigns.office_run(target_li, until), *campaigns.drive_runs(target_li, until=until)]


def reached_on(run: SafeRun) -> date | None:
    """The day ``run`` (one of ``campaigns.drive_runs``, worked out without the days its runs
    reached the target: ``reaches_from=None``) reached the target in its current stretch: that
    stretch read from its start until it did (a few statements: for the runs shown on screen)."""
    if not run.reached:
        return None
    if run.reaches:
        return run.reached_on
    if run.subject == campaigns.SUBJECT_VEHICLE:
        ledger, key = campaigns.TRIPS_BY_VEHICLE, run.vehicle_id
    elif run.on_file:
        ledger, key = campaigns.TRIPS_BY_DRIVER, run.person_id
    else:
        ledger, key = campaigns.TRIPS_BY_NAME, run.name.removesuffix(f"（{campaigns.NOT_ON_FILE}）")
    breaks = {key: [(run.last_accident, campaigns.FAR)]} if run.last_accident else {}
    walk = campaigns.sql_walks(ledger, [key], breaks, None, run.target_li * KM_PER_LI, campaigns.LAST_DAY)[key]
    return walk.reaches[-1][0] if walk.reaches else None


def safe_driving_report() -> dict:
    """{"drivers": [{"name", "km_since_last_accident", "li_since_last_accident", "target_li"}]}"""
    runs = safe_driving()
    return {"office": {"km_since_last_accident": str(runs[0].km), "li_since_last_accident": str(runs[0].li)},
            "drivers": [{"name": r.name, "km_since_last_accident": str(r.km), "li_since_last_accident": str(r.li),
                         "target_li": str(r.target_li)} for r in runs[1:]]}


# ---------------------------------------------------------------- trips (出车登记)
@requires("fleet.edit", section_of=auth.driver_section)
def record_trip(data: dict, trip: Trip | None = None) -> Trip:
    """A trip: the distance from the odometers when both are given (the end not below the start),
    or as entered.  Overlaps with other trips of the vehicle or the driver are allowed but
    reported by ``trip_overlaps``."""
    vehicle = _vehicle(data.get("vehicle"))
    trip_date = a_date(data.get("trip_date"), "出车日期", required=True)
    _not_closed(trip_date)
    if trip is not None:
        _not_closed(trip.trip_date)
    try:
        departed = parse_datetime(data.get("departed_at"))
        returned = parse_datetime(data.get("returned_at"))
    except BadValue as exc:
        raise BadValue(f"出车/返回时间：{exc}") from None
    if departed and returned and returned < departed:
        raise BadValue("返回时间早于出车时间")
    start, end = a_count(data.get("odometer_start"), "出车里程表"), a_count(data.get("odometer_end"), "返回里程表")
    if start is not None and end is not None and end < start:
        raise BadValue(f"返回里程表 {end} 低于出车里程表 {start}")
    distance = a_number(data.get("distance_km"), "行驶里程", places=1)
    if start is not None and end is not None:
        distance = Decimal(end - start)
    if distance is not None and distance < 0:
        raise BadValue("行驶里程不能为负")
    driver = _driver(data.get("driver"))
    section = data.get("requested_by_section")
    if isinstance(section, int):
        section = Section.get_or_none(Section.id == section)
    trip = trip or Trip()
    trip.vehicle, trip.trip_date, trip.departed_at, trip.returned_at = vehicle, trip_date, departed, returned
    trip.odometer_start, trip.odometer_end, trip.distance_km = start, end, distance
    trip.driver = driver
    trip.driver_name = driver.name if driver else (data.get("driver_name") or "").strip()[:30]
    trip.requested_by_section = section
    for key, limit in (("requested_by", 30), ("purpose", 100), ("destination", 100), ("note", 2000)):
        setattr(trip, key, (data.get(key) or "").strip()[:limit])
    trip.save()
    return trip


def trip_overlaps(trip: Trip) -> list[Trip]:
    """Other trips of the same vehicle or driver whose times overlap this one's."""
    if not (trip.departed_at and trip.returned_at):
        return []
    others = Trip.select().where(Trip.id != trip.id, Trip.departed_at.is_null(False), Trip.returned_at.is_null(False),
                                 Trip.departed_at < trip.returned_at, Trip.returned_at > trip.departed_at)
    same = Trip.vehicle == trip.vehicle_id
    if trip.driver_id:
        same = same | (Trip.driver == trip.driver_id)
    return list(others.where(same).order_by(Trip.departed_at))


def overlap_message(trip: Trip) -> str | None:
    clashes = trip_overlaps(trip)
    if not clashes:
        return None
    parts = [f"{t.departed_at:%m-%d %H:%M}–{t.returned_at:%H:%M} {t.vehicle.plate} {t.driver_name}" for t in clashes[:3]]
    return "与以下出车时间重叠：" + "；".join(parts)


# ---------------------------------------------------------------- incidents (事故 / 违章)
@requires("fleet.edit", section_of=auth.driver_section)
def record_incident(data: dict, incident: Incident | None = None) -> Incident:
    vehicle = _vehicle(data.get("vehicle"))
    occurred_on = a_date(data.get("occurred_on"), "发生日期", required=True)
    if occurred_on > date.today():
        raise BadValue(f"发生日期 {occurred_on} 还没到")
    _not_closed(occurred_on)
    if incident is not None:
        _not_closed(incident.occurred_on)
    kind = (data.get("kind") or "").strip()
    if kind not in INCIDENT_KINDS:
        raise BadValue("类别应为事故或违章")
    responsibility = (data.get("responsibility") or "无责任").strip()
    if responsibility not in RESPONSIBILITIES:
        raise BadValue(f"责任应为{'、'.join(RESPONSIBILITIES)}之一")
    values = {}
    for key, label in (("damage_cost", "损失金额"), ("fine", "罚款")):
        amount = a_number(data.get(key), label) or Decimal(0)
        if amount < 0:
            raise BadValue(f"{label}不能为负")
        values[key] = amount
    points = a_count(data.get("points"), "扣分") or 0
    if points > 12:
        raise BadValue("一次扣分不超过12分")
    driver = _driver(data.get("driver"))
    if kind == "事故" and responsibility in AT_FAULT and driver is None and not (data.get("driver_name") or "").strip():
        raise BadValue("有责事故要写明驾驶员")
    incident = incident or Incident()
    incident.vehicle, incident.occurred_on, incident.kind, incident.responsibility = (
        vehicle, occurred_on, kind, responsibility)
    incident.damage_cost, incident.fine, incident.points = values["damage_cost"], values["fine"], points
    incident.driver = driver
    incident.driver_name = driver.name if driver else (data.get("driver_name") or "").strip()[:30]
    incident.location = (data.get("location") or "").strip()[:100]
    incident.description = (data.get("description") or "").strip()
    incident.save()
    return incident


# ---------------------------------------------------------------- rewards and penalties of a month
FUEL_DOMAINS = (CAT_FUEL, CAT_DRIVING)
FUEL_SOURCE = "fleet_month"


@requires("fleet.rules")
def set_rule_amounts(amounts: dict, effective_from) -> list:
    """奖惩规定 for fuel and safety from a date: each changed amount becomes a dated rule, so that
    months already past keep the amounts of their time."""
    effective_from = a_date(effective_from, "执行日期", required=True)
    for code in amounts:
        if code not in FUEL_RULES:
            raise BadValue(f"不认识的奖惩规定：{code}")
    with database.atomic():
        return [rules.set_rule(code, value, effective_from) for code, value in amounts.items()
                if a_number(value, FUEL_RULES[code][1]) != rule_amount(code, effective_from)
                or a_number(value, FUEL_RULES[code][1]) is None]


@dataclass
class FleetEntry:
    person: Person
    category: str
    amount: Decimal
    reason: str


def fleet_month_entries(year: int, month: int) -> list[FleetEntry]:
    """What closing a month would post: per assigned driver, the litres saved or burnt over the
    vehicle's quota in the month (complete segments only), and per driver each at-fault accident
    and each violation."""
    first, last = months.bounds(year, month)
    out: list[FleetEntry] = []
    saved, over = rule_amount("fuel_saved", last), rule_amount("fuel_over", last)
    for vehicle in Vehicle.select().where(Vehicle.fuel_quota.is_null(False)):
        # Each stretch is credited to the driver who closed it (who drove it), not the car's driver now.
        by_driver: dict[int, list] = {}
        for seg in segments(vehicle, first, last):
            if seg.end.driver_id is not None:
                t = by_driver.setdefault(seg.end.driver_id, [Decimal(0), 0])
                t[0] += seg.litres
                t[1] += seg.distance
        for driver_id, (litres, km) in by_driver.items():
            driver = Person.get_by_id(driver_id)
            allowed = (vehicle.fuel_quota * km / 100).quantize(CENT, ROUND_HALF_UP)
            diff = (allowed - litres).quantize(CENT)
            what = (f"{year}年{month}月 {vehicle.plate} 行驶 {km} 公里，定额 {allowed} 升，实耗 {litres} 升，")
            if diff > 0 and saved:
                out.append(FleetEntry(driver, CAT_FUEL, (diff * saved).quantize(CENT), what + f"节约 {diff} 升"))
            elif diff < 0 and over:
                out.append(FleetEntry(driver, CAT_FUEL, (-diff * over).quantize(CENT), what + f"超耗 {-diff} 升"))
    for incident in Incident.select().where(Incident.occurred_on.between(first, last), Incident.driver.is_null(False)):
        if incident.kind == "事故" and incident.responsibility in AT_FAULT:
            amount, what = rule_amount("accident_at_fault", incident.occurred_on), f"有责事故（{incident.responsibility}）"
        elif incident.kind == "违章":
            amount, what = rule_amount("violation", incident.occurred_on), "违章"
        else:
            continue
        if amount:
            out.append(FleetEntry(incident.driver, CAT_DRIVING, amount,
                                  f"{incident.occurred_on} {incident.vehicle.plate} {what}：{incident.description}"[:200]))
    return out


def _fleet_posted(year: int, month: int):
    return (RewardPenalty.source_table == FUEL_SOURCE) & (RewardPenalty.source_id == year * 100 + month)


def month_figures(year: int, month: int) -> dict:
    """The monthly fuel report as printed (车辆油耗情况表): a row per vehicle and per driver, and
    万里行车无事故 — computed now, and kept as they are when the month is closed."""
    first, last = months.bounds(year, month)
    threshold = setting_decimal(OVER_QUOTA_KEY, DEFAULT_OVER_QUOTA_PCT)
    dash = lambda v, text="—": text if v is None else v  # noqa: E731
    rows, without_litres = [], 0
    for e in economies(first, last, vehicles(), threshold).values():
        vehicle = e.vehicle
        without_litres += e.without_litres
        rows.append((vehicle.plate, vehicle.brand_model, vehicle.driver.name if vehicle.driver_id else "", e.refuels,
                     e.litres, e.amount, f"{e.distance_km}{'（按出车）' if e.by_trips else ''}", dash(e.l_per_100km),
                     dash(e.quota, "未定"), "—" if e.over_quota_pct is None else f"{e.over_quota_pct}%",
                     dash(e.cost_per_km), "超" if e.flagged else ""))
    drivers = [(d.driver.name, d.segments, d.litres, d.distance_km, dash(d.l_per_100km), d.quota_litres,
                "—" if d.over_quota_pct is None else f"{d.over_quota_pct}%") for d in driver_economy(first, last)]
    safe = [(r.name, r.km, r.li, r.target_li, r.last_accident or "—") for r in safe_driving(until=last)]
    return {"threshold": threshold, "vehicles": rows, "without_litres": without_litres, "drivers": drivers,
            "safe_driving": safe, "safe_until": last}


FLEET_CLOSING = months.Closing("车辆奖惩", FUEL_DOMAINS, _fleet_posted, figures=month_figures)


def printed_month(year: int, month: int) -> dict:
    """What the month's fuel report prints: a closed month's figures as of its closing (``closed_at``),
    an open month's as they are now."""
    kept = months.closed_figures(FLEET_CLOSING, year, month)
    return {**(kept[0] if kept else month_figures(year, month)), "closed_at": kept[1] if kept else None}


@requires("fleet.close")
def close_fleet_month(year: int, month: int, today: date | None = None) -> list[FleetEntry]:
    """结账: post the month's fuel and safety rewards and penalties for the bonus sheet, and record
    the month's 万里行车无事故 reached by drivers and vehicles (with the drivers' 表彰 when the rule
    is on), in one transaction."""
    posted: list[FleetEntry] = []
    reached: list[campaigns.Reach] = []

    def rows() -> list[dict]:
        posted[:] = fleet_month_entries(year, month)
        reached[:] = campaigns.month_reaches(CAMPAIGN_DRIVING, year, month)
        last = months.bounds(year, month)[1]
        return [dict(person=e.person.id, entry_date=last, category=e.category, amount=e.amount, reason=e.reason,
                     source_table=FUEL_SOURCE, source_id=year * 100 + month, entered_by=current_user())
                for e in posted] + campaigns.reward_rows(reached, CAT_DRIVING, FUEL_SOURCE, year, month)

    with database.atomic():
        months.close(FLEET_CLOSING, year, month, rows, today)
        campaigns.record_reaches(reached, year, month)
    posted += [FleetEntry(Person.get_by_id(r.person_id), CAT_DRIVING, r.reward,
                          f"{campaigns.CAMPAIGN_NAMES[r.campaign]}表彰（{r.reached_on} 达到 {r.figure} 里）")
               for r in reached if r.reward]
    return posted


def fleet_month_state(year: int, month: int) -> tuple[bool, bool]:
    """(closed, the bonus sheet of the month is final)."""
    return months.state(FLEET_CLOSING, year, month)


def trip_by_id(trip_id: int | None) -> Trip | None:
    return Trip.get_or_none(Trip.id == trip_id) if trip_id is not None else None


def incident_by_id(incident_id: int | None) -> Incident | None:
    return Incident.get_or_none(Incident.id == incident_id) if incident_id is not None else None


@requires("fleet.close")
def reopen_fleet_month(year: int, month: int) -> None:
    """撤销结账: the month's entries (表彰 included) go, and the targets reached its closing recorded."""
    with database.atomic():
        months.reopen(FLEET_CLOSING, year, month)
        campaigns.withdraw_reaches(CAMPAIGN_DRIVING, year, month)

