"""演示数据 of 车辆."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from govoffice_desktop.models.fleet import RESPONSIBILITIES, Incident, Refuel, Trip, Vehicle
from govoffice_desktop.models.staff import Person
from govoffice_desktop.services.demo.common import _at, _is_workday, _money
from govoffice_desktop.services.demo.reference import (DESTINATIONS, STATIONS, TRIP_PURPOSES, VEHICLE_MODELS,
                                                       VEHICLE_SPECS)


def vehicle_specs(count: int, rng) -> list[tuple]:
    """(plate, brand model, fuel, quota, tank, years old) of ``count`` vehicles: the demo's eight,
    then vehicles of VEHICLE_MODELS with plates of their own and ages up to 14 years."""
    specs = list(VEHICLE_SPECS[:count])
    plates = {spec[0] for spec in specs}
    while len(specs) < count:
        plate = f"苏N{rng.choice('ABCDEF')}{rng.randrange(10000):04d}"
        if plate in plates:
            continue
        plates.add(plate)
        model, fuel, quota, tank = rng.choice(VEHICLE_MODELS)
        specs.append((plate, model, fuel, quota, tank, rng.randint(1, 14)))
    return specs


class _FleetPart:
    """车辆: vehicles, trips, refuels, incidents and the closed months."""

    # =================================================================== fleet
    def build_fleet(self) -> None:
        rng = self.rng("fleet")
        as_of = self.as_of
        drivers = self.drivers
        specs = vehicle_specs(self.scale.vehicles, self.rng("fleet-large"))
        spares = drivers[len(specs):] or drivers[-1:]  # the demo's one spare; one for every eight vehicles
        over_quota = set(rng.sample(range(len(VEHICLE_SPECS)), 2))
        due_soon = {0: "inspection", 3: "insurance", 5: "service", 6: "inspection"}

        # fuel prices: a random walk per half month for 92号; 95号 and diesel follow it
        prices: dict[tuple[int, int, int], Decimal] = {}
        p92 = Decimal("7.52")
        for year, month in self.months():
            for half in (0, 1):
                p92 = min(max(p92 + Decimal(rng.choice([-12, -6, 0, 0, 0, 6, 12])) / 100, Decimal("7.20")),
                          Decimal("7.78"))
                prices[(year, month, half)] = p92

        def price(fuel: str, when: datetime) -> Decimal:
            base = prices[(when.year, when.month, 0 if when.day <= 15 else 1)]
            if fuel == "95号汽油":
                return min(base + Decimal("0.46"), Decimal("8.20"))
            if fuel == "0号柴油":
                return max(base - Decimal("0.08"), Decimal("7.20"))
            return base

        requesting = [s for s in self.active_sections if s.name not in ("行政科", "财务科")]
        dest_weights = [w for *_, w in DESTINATIONS]
        trips, refuels = [], []
        self.vehicles: list[Vehicle] = []
        self.fuel_months: dict[tuple[int, int, int], list[Decimal]] = {}  # (vehicle, y, m) -> [litres, quota litres]
        trips_by_vehicle: dict[int, list[dict]] = {}
        for n, (plate, model, fuel, quota, tank, age) in enumerate(specs):
            driver = drivers[n]
            spare = spares[n // 8 % len(spares)]
            soon = due_soon.get(n)

            def due(kind, lo=40, hi=330):
                return as_of + timedelta(days=rng.randint(3, 28) if soon == kind else rng.randint(lo, hi))

            vehicle = Vehicle.create(
                plate=plate, brand_model=model, fuel_type=fuel,
                purchased_on=as_of - timedelta(days=365 * age + rng.randint(0, 300)),
                fuel_quota=Decimal(quota), driver=driver, status="在用",
                inspection_due=due("inspection"), insurance_due=due("insurance"), service_due=due("service", 35, 150),
                note="中型客车，用于集体外出活动" if model == "丰田考斯特" else "")
            self.vehicles.append(vehicle)
            quota_d = Decimal(quota)
            factor = rng.uniform(1.10, 1.19) if n in over_quota else rng.uniform(0.90, 1.04)
            rate = float(quota_d) * factor / 100  # litres per km (only used to draw amounts)
            card = f"100011320{rng.randrange(10 ** 10):010d}"
            odo = 8000 + 24000 * age + rng.randint(0, 9000)
            if not self.scale.standard:  # at the window's start: what the years before it drove
                odo = 12 if vehicle.purchased_on >= self.start else odo - 24000 * min(age, self.scale.years)
            p_trip = 0.45 if model == "丰田考斯特" else 0.86

            reach = tank * 0.95 / rate  # km on a full tank, with a little left

            def threshold():
                return min(rng.uniform(400, 600), tank * 0.88 / rate)

            receipt = 0

            def refuel(at: datetime, who: Person, litres: Decimal, odometer: int):
                nonlocal receipt
                receipt += 1
                unit = price(fuel, at)
                refuels.append(dict(filled_at=at, vehicle=vehicle.id, driver=who.id, driver_name=who.name,
                                    litres=litres, unit_price=unit, amount=_money(litres * unit), odometer=odometer,
                                    full_tank=True, station=rng.choice(STATIONS), card_no=card,
                                    receipt_no=f"{at:%Y%m%d}{n + 1}{receipt:04d}"))

            def fill_up(at: datetime, who: Person):
                nonlocal since, limit
                litres = _money(since * rate * rng.uniform(0.97, 1.03))
                refuel(at, who, litres, odo)
                acc = self.fuel_months.setdefault((vehicle.id, at.year, at.month), [Decimal(0), Decimal(0)])
                acc[0] += litres
                acc[1] += quota_d * since / 100
                since, limit = 0, threshold()

            # the vehicle's ledgers begin with the window, or when it was bought or its driver came
            first_day = self.workday_on_or_after(max(self.workdays[0], vehicle.purchased_on, driver.joined_on))
            refuel(_at(first_day, 7 * 60 + 15), driver, _money(rng.uniform(25, 45)), odo)
            since, limit = 0, threshold()
            own_trips = trips_by_vehicle.setdefault(vehicle.id, [])
            for day in self._days(first_day, as_of):
                if day == first_day:
                    pass
                elif _is_workday(day):
                    if rng.random() > p_trip:
                        continue
                elif rng.random() > 0.04:
                    continue
                who = spare if rng.random() < 0.1 and day >= spare.joined_on else driver
                clock = 7 * 60 + 30 + 5 * rng.randint(0, 24)
                for leg in range(2):
                    places, lo, hi, _ = rng.choices(DESTINATIONS, weights=dest_weights)[0]
                    dist = rng.randint(lo, hi)
                    section = rng.choice(requesting)
                    asker = section.chief.name if section.chief and rng.random() < 0.6 else \
                        rng.choice(self.members[section.id]).name
                    departed = _at(day, clock)
                    duration = int(dist / 50 * 60) + 5 * rng.randint(6, 48)
                    returned = departed + timedelta(minutes=duration)
                    if since and since + dist > min(limit + 100, reach):  # a long trip ahead: fill up first
                        fill_up(departed - timedelta(minutes=rng.randint(10, 20)), who)
                    row = dict(trip_date=day, vehicle=vehicle.id, driver=who.id, driver_name=who.name,
                               requested_by_section=section.id, requested_by=asker, purpose=rng.choice(TRIP_PURPOSES),
                               destination=rng.choice(places), departed_at=departed, returned_at=returned,
                               odometer_start=odo, odometer_end=odo + dist, distance_km=Decimal(dist), note="")
                    trips.append(row)
                    own_trips.append(row)
                    odo += dist
                    since += dist
                    if since >= limit:
                        fill_up(returned + timedelta(minutes=rng.randint(8, 35)), who)
                    clock = returned.hour * 60 + returned.minute + 60
                    if clock > 13 * 60 + 30 or rng.random() > 0.3:
                        break
                    clock = max(clock, 14 * 60) + 5 * rng.randint(0, 12)

        trips.sort(key=lambda t: (t["departed_at"], t["vehicle"]))
        refuels.sort(key=lambda r: (r["filled_at"], r["vehicle"]))
        self.bulk(Trip, trips)
        self.bulk(Refuel, refuels)

        # incidents: mostly 违章, one 事故
        self.incidents: list[Incident] = []
        plans = [("事故", "同等责任"), ("违章", "无责任"), ("违章", "无责任")]
        if rng.random() < 0.5:
            plans.append(("违章", "无责任"))
        window = (self.start + timedelta(days=60), as_of - timedelta(days=20))
        eligible = [i for i, v in enumerate(self.vehicles)
                    if any(window[0] <= t["trip_date"] <= window[1] for t in trips_by_vehicle[v.id])]
        chosen = rng.sample(eligible, len(plans))
        violations = [("超速行驶（超过规定时速未达20%）", "200.00", 3, "宿迁市宿城区发展大道"),
                      ("不按导向车道行驶", "100.00", 2, "宿迁市宿豫区洪泽湖东路与黄河南路交叉口"),
                      ("违反禁止停车标志指示", "150.00", 0, "宿迁市宿城区西湖路")]
        for k, ((kind, resp), idx) in enumerate(zip(plans, chosen)):
            vehicle = self.vehicles[idx]
            candidates = [t for t in trips_by_vehicle[vehicle.id]
                          if self.start + timedelta(days=60) <= t["trip_date"] <= as_of - timedelta(days=20)]
            trip = rng.choice(candidates)
            who = next(p for p in drivers if p.id == trip["driver"])
            if kind == "事故":
                self.incidents.append(Incident.create(
                    occurred_on=trip["trip_date"], vehicle=vehicle, driver=who, driver_name=who.name, kind=kind,
                    responsibility=resp, damage_cost=Decimal("3860.00"), fine=Decimal("0"), points=0,
                    location="宿迁市宿城区发展大道与西湖路交叉口",
                    description="变道时与同向行驶的小型轿车发生刮擦，无人员受伤，交警认定双方负同等责任。"))
            else:
                what, fine, points, where = violations[(k - 1) % len(violations)]
                self.incidents.append(Incident.create(
                    occurred_on=trip["trip_date"], vehicle=vehicle, driver=who, driver_name=who.name, kind=kind,
                    responsibility=resp, damage_cost=Decimal("0"), fine=Decimal(fine), points=points,
                    location=where, description=f"电子警察抓拍：{what}。"))
        self.more_incidents(trips, len(plans), violations)

    def more_incidents(self, trips: list[dict], made: int, violations: list[tuple]) -> None:
        """A larger office's incidents beyond the demo's few: about one a year for every five
        vehicles, on days its vehicles were out, mostly 违章, some 事故 of every responsibility."""
        wanted = self.scale.vehicles * self.scale.years // 5 - made
        if wanted <= 0 or not trips:
            return
        rng = self.rng("fleet-incidents")
        by_id = {p.id: p for p in self.drivers}
        rows = []
        for trip in sorted(rng.sample(trips, min(wanted, len(trips))), key=lambda t: t["departed_at"]):
            who = by_id[trip["driver"]]
            if rng.random() < 0.2:
                resp = rng.choice(RESPONSIBILITIES)
                rows.append(dict(occurred_on=trip["trip_date"], vehicle=trip["vehicle"], driver=who.id,
                                 driver_name=who.name, kind="事故", responsibility=resp,
                                 damage_cost=_money(rng.randint(300, 9000)), fine=Decimal(0), points=0,
                                 location=trip["destination"],
                                 description=f"行驶中与其他车辆发生刮擦，无人员受伤，交警认定本车负{resp}。"))
            else:
                what, fine, points, where = rng.choice(violations)
                rows.append(dict(occurred_on=trip["trip_date"], vehicle=trip["vehicle"], driver=who.id,
                                 driver_name=who.name, kind="违章", responsibility="无责任", damage_cost=Decimal(0),
                                 fine=Decimal(fine), points=points, location=where,
                                 description=f"电子警察抓拍：{what}。"))
        self.bulk(Incident, rows)
