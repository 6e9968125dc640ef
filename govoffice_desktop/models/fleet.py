"""车辆: vehicles, refuels, trips (出车登记) and incidents (事故 / 违章)."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import (
    BaseModel, DateField, DateTimeField, MoneyField, ScaledDecimalField, enum_check)
from govoffice_desktop.models.staff import Person, Section

FUEL_TYPES = ("92号汽油", "95号汽油", "98号汽油", "0号柴油", "电", "其他")
VEHICLE_STATUSES = ("在用", "维修", "停用", "报废")
INCIDENT_KINDS = ("事故", "违章")
RESPONSIBILITIES = ("全部责任", "主要责任", "同等责任", "次要责任", "无责任")


class Vehicle(BaseModel):
    plate = pw.CharField(max_length=12, unique=True)  # normalised: no spaces or ·, upper case
    brand_model = pw.CharField(max_length=60, default="")
    fuel_type = pw.CharField(max_length=10, default="92号汽油")
    purchased_on = DateField(null=True)
    fuel_quota = ScaledDecimalField(2, null=True)  # 油耗定额, L/100 km
    driver = pw.ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="vehicles")
    status = pw.CharField(max_length=4, default="在用", constraints=[enum_check("status", VEHICLE_STATUSES)])
    inspection_due = DateField(null=True)  # 年检
    insurance_due = DateField(null=True)
    service_due = DateField(null=True)
    note = pw.TextField(default="")

    def __str__(self):
        return self.plate


class Refuel(BaseModel):
    """加油: computed full tank to full tank; the odometer is optional (fuel-card statements)."""

    filled_at = DateTimeField(index=True)
    vehicle = pw.ForeignKeyField(Vehicle, on_delete="RESTRICT", backref="refuels")
    driver = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="refuels")
    driver_name = pw.CharField(max_length=30, default="")
    litres = ScaledDecimalField(2, null=True, constraints=[pw.Check("litres > 0")])  # None: a ledger gave only the money
    unit_price = ScaledDecimalField(2, null=True)
    amount = MoneyField()
    odometer = pw.IntegerField(null=True, constraints=[pw.Check("odometer IS NULL OR odometer >= 0")])
    full_tank = pw.BooleanField(default=True)
    missed_previous = pw.BooleanField(default=False)
    station = pw.CharField(max_length=60, default="")
    card_no = pw.CharField(max_length=30, default="")
    receipt_no = pw.CharField(max_length=40, default="")
    note = pw.TextField(default="")

    class Meta:
        indexes = ((("vehicle", "filled_at"), False),)


class Trip(BaseModel):
    """出车登记."""

    trip_date = DateField(index=True)
    vehicle = pw.ForeignKeyField(Vehicle, on_delete="RESTRICT", backref="trips")
    driver = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="trips")
    driver_name = pw.CharField(max_length=30, default="")
    requested_by_section = pw.ForeignKeyField(Section, null=True, on_delete="SET NULL", backref="trips")
    requested_by = pw.CharField(max_length=30, default="")
    purpose = pw.CharField(max_length=100, default="")
    destination = pw.CharField(max_length=100, default="")
    departed_at = DateTimeField(null=True)
    returned_at = DateTimeField(null=True)
    odometer_start = pw.IntegerField(null=True)
    odometer_end = pw.IntegerField(null=True)
    distance_km = ScaledDecimalField(1, null=True, constraints=[pw.Check("distance_km IS NULL OR distance_km >= 0")])
    note = pw.TextField(default="")

    class Meta:
        constraints = [pw.SQL("CHECK (odometer_end IS NULL OR odometer_start IS NULL OR odometer_end >= odometer_start)")]
        indexes = ((("vehicle", "trip_date"), False),
                   # 万里行车无事故: a driver's or a vehicle's run is a range of one of these (services/campaigns.py)
                   (("driver", "trip_date", "distance_km"), False), (("vehicle", "trip_date", "distance_km"), False))


class Incident(BaseModel):
    """事故 / 违章."""

    occurred_on = DateField(index=True)
    vehicle = pw.ForeignKeyField(Vehicle, on_delete="RESTRICT", backref="incidents")
    driver = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="incidents")
    driver_name = pw.CharField(max_length=30, default="")
    kind = pw.CharField(max_length=2, constraints=[enum_check("kind", INCIDENT_KINDS)])
    responsibility = pw.CharField(max_length=4, default="无责任", constraints=[enum_check("responsibility", RESPONSIBILITIES)])
    damage_cost = MoneyField(default=0)
    fine = MoneyField(default=0)
    points = pw.IntegerField(default=0)  # 扣分
    location = pw.CharField(max_length=100, default="")
    description = pw.TextField(default="")


MODELS = [Vehicle, Refuel, Trip, Incident]
