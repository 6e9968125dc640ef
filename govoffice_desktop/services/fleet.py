"""车辆 services: vehicle and refuel listings."""
from __future__ import annotations

from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.services.listing import Column, Listing


def refuel_listing() -> Listing:
    return Listing(
        model=Refuel,
        columns=[
            Column("filled_at", Refuel.filled_at),
            Column("plate", Vehicle.plate, searchable=True),
            Column("driver", Refuel.driver_name, searchable=True),
            Column("litres", Refuel.litres),
            Column("unit_price", Refuel.unit_price),
            Column("amount", Refuel.amount),
            Column("odometer", Refuel.odometer),
            Column("full_tank", Refuel.full_tank),
            Column("station", Refuel.station, searchable=True),
            Column("card_no", Refuel.card_no, searchable=True),
        ],
        joins=lambda q: q.join(Vehicle, on=(Refuel.vehicle == Vehicle.id)),
        default_order="filled_at",
        default_desc=True,
        filters={"vehicle_id": Refuel.vehicle},
    )
