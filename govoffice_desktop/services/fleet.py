"""车辆 services: vehicle and refuel listings."""
from __future__ import annotations

from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.services.listing import Column, Listing


def refuel_listing() -> Listing:
    return Listing(
        model=Refuel,
        columns=[
            Column("filled_at", "加油时间", Refuel.filled_at),
            Column("plate", "车牌号", Vehicle.plate, searchable=True),
            Column("driver", "驾驶员", Refuel.driver_name, searchable=True),
            Column("litres", "加油量（升）", Refuel.litres),
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
    )
