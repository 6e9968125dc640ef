"""Ledger kinds: how a row of each kind becomes a record, what makes it a duplicate, how it is written.

Each kind converts one row's raw cells (``convert``), names its natural key (``key``), reads
the keys already stored (``existing_keys``) and writes valid records (``write``), creating
the sections or vehicles they refer to and linking names to staff files where exactly one
person has that name.  ``write`` runs inside the importer's single transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from govoffice_desktop.ledgers import values as v
from govoffice_desktop.models.fleet import Refuel, Vehicle
from govoffice_desktop.models.staff import GENDERS, PERSON_STATUSES, Person, Section

Report = Callable[[str, object, str], None]  # (field, raw value, message)


@dataclass
class WriteSummary:
    created: dict[str, list[str]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)


def _text(raw) -> str:
    return "" if v.is_empty(raw) else v.clean_text(raw)


def _parse(report: Report, name: str, raw, parser):
    try:
        return parser(raw)
    except v.BadValue as exc:
        report(name, raw, str(exc))
        return None


def _people_by_name() -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for pid, name in Person.select(Person.id, Person.name).tuples():
        out.setdefault(name, []).append(pid)
    return out


class RefuelKind:
    name = "refuels"

    def convert(self, get, report: Report) -> dict | None:
        plate = _parse(report, "plate", get("plate"), v.normalise_plate)
        if v.is_empty(get("plate")):
            report("plate", get("plate"), "车牌号不能为空")
        filled_at = _parse(report, "filled_at", get("filled_at"), v.parse_datetime)
        if filled_at is None and v.is_empty(get("filled_at")):
            report("filled_at", get("filled_at"), "加油时间不能为空")
        litres = _parse(report, "litres", get("litres"), lambda x: v.parse_decimal(x, 2))
        price = _parse(report, "unit_price", get("unit_price"), lambda x: v.parse_decimal(x, 2))
        amount = _parse(report, "amount", get("amount"), lambda x: v.parse_decimal(x, 2))
        odometer = _parse(report, "odometer", get("odometer"), v.parse_int)
        full = _parse(report, "full_tank", get("full_tank"), v.parse_bool)
        given = [x is not None for x in (litres, price, amount)]
        if sum(given) < 2:
            report("amount", get("amount"), "加油量、单价、金额至少要有两项")
            return None
        if price is not None and price <= 0:
            report("unit_price", get("unit_price"), "单价必须大于0")
            return None
        if litres is None:
            litres = (amount / price).quantize(Decimal("0.01"))
        elif amount is None:
            amount = (litres * price).quantize(Decimal("0.01"))
        elif price is None:
            if litres <= 0:
                report("litres", get("litres"), "加油量必须大于0")
                return None
            price = (amount / litres).quantize(Decimal("0.01"))
        else:
            tolerance = Decimal("0.01") + litres * Decimal("0.005")  # the price was rounded to fen
            if abs(litres * price - amount) > tolerance:
                report("amount", get("amount"), f"金额 {amount} 与 加油量×单价 = {(litres * price).quantize(Decimal('0.01'))} 不符")
        if litres is not None and litres <= 0:
            report("litres", get("litres"), "加油量必须大于0")
        if odometer is not None and odometer < 0:
            report("odometer", get("odometer"), "里程表读数不能为负")
        if plate is None or filled_at is None:
            return None
        return {
            "plate": plate, "filled_at": filled_at, "litres": litres, "unit_price": price, "amount": amount,
            "driver_name": _text(get("driver")), "odometer": odometer, "full_tank": True if full is None else full,
            "station": _text(get("station")), "card_no": _text(get("card_no")),
            "receipt_no": _text(get("receipt_no")), "note": _text(get("note")),
        }

    def key(self, rec: dict) -> tuple:
        return (rec["plate"], rec["filled_at"], rec["litres"], rec["amount"])

    def existing_keys(self) -> set[tuple]:
        query = (Refuel.select(Vehicle.plate, Refuel.filled_at, Refuel.litres, Refuel.amount)
                 .join(Vehicle, on=(Refuel.vehicle == Vehicle.id)).tuples())
        return set(query)

    def write(self, records: list[dict], summary: WriteSummary) -> int:
        vehicles = dict(Vehicle.select(Vehicle.plate, Vehicle.id).tuples())
        for plate in sorted({r["plate"] for r in records} - set(vehicles)):
            vehicles[plate] = Vehicle.create(plate=plate).id
            summary.created.setdefault("车辆", []).append(plate)
        people = _people_by_name()
        unmatched = set()
        rows = []
        for rec in records:
            row = dict(rec)
            row["vehicle"] = vehicles[row.pop("plate")]
            ids = people.get(rec["driver_name"], [])
            row["driver"] = ids[0] if len(ids) == 1 else None
            if rec["driver_name"] and len(ids) != 1:
                unmatched.add(rec["driver_name"])
            rows.append(row)
        summary.unmatched.extend(sorted(unmatched))
        return Refuel.bulk_insert(rows)


GENDER_WORDS = {"男": "男", "男性": "男", "M": "男", "女": "女", "女性": "女", "F": "女"}


class StaffKind:
    name = "staff"

    def convert(self, get, report: Report) -> dict | None:
        name = _text(get("name")).replace(" ", "").replace("\u3000", "")
        if not name:
            report("name", get("name"), "姓名不能为空")
            return None
        gender_raw = _text(get("gender"))
        gender = GENDER_WORDS.get(gender_raw.upper() if gender_raw.isascii() else gender_raw) if gender_raw else None
        if gender_raw and gender not in GENDERS:
            report("gender", get("gender"), "性别应为男或女")
        status = _text(get("status")) or "在岗"
        if status not in PERSON_STATUSES:
            report("status", get("status"), f"状态应为{'、'.join(PERSON_STATUSES)}之一")
        phone = _text(get("phone"))
        return {
            "name": name, "gender": gender,
            "birth": _parse(report, "birth", get("birth"), v.parse_year_month),
            "ethnicity": _text(get("ethnicity")), "native_place": _text(get("native_place")),
            "political_status": _text(get("political_status")), "education": _text(get("education")),
            "major": _text(get("major")), "expertise": _text(get("expertise")),
            "section": _text(get("section")), "post": _text(get("post")), "rank": _text(get("rank")),
            "previous_rank": _text(get("previous_rank")), "source_unit": _text(get("source_unit")),
            "joined_on": _parse(report, "joined_on", get("joined_on"), v.parse_date),
            "id_number": _parse(report, "id_number", get("id_number"), v.normalise_id_number),
            "phone": phone, "status": status, "notes": _text(get("notes")),
        }

    def key(self, rec: dict) -> tuple:
        return ("id", rec["id_number"]) if rec["id_number"] else ("name", rec["name"], rec["birth"])

    def existing_keys(self) -> set[tuple]:
        keys = set()
        for name, birth, id_number in Person.select(Person.name, Person.birth, Person.id_number).tuples():
            keys.add(("id", id_number) if id_number else ("name", name, birth))
            if id_number:  # a row without an ID number still matches a stored name and birth
                keys.add(("name", name, birth))
        return keys

    def write(self, records: list[dict], summary: WriteSummary) -> int:
        sections = dict(Section.select(Section.name, Section.id).tuples())
        for name in sorted({r["section"] for r in records if r["section"]} - set(sections)):
            sections[name] = Section.create(name=name).id
            summary.created.setdefault("科室", []).append(name)
        rows = []
        for rec in records:
            row = dict(rec)
            section = row.pop("section")
            row["section"] = sections[section] if section else None
            rows.append(row)
        return Person.bulk_insert(rows)


KINDS = {k.name: k for k in (StaffKind(), RefuelKind())}
