"""The fleet's ledgers: refuels (加油), trips (出车) and incidents (事故/违章)."""
from __future__ import annotations

import operator
import re
from decimal import Decimal
from itertools import compress, groupby
from types import SimpleNamespace

from govoffice_desktop.ledgers.kind_base import (COLUMN_PARSERS, LedgerKind, Note, WriteSummary, _count, _flag,
                                                 _link_people, _name, _vehicles_for, fen, money, people_for, text,
                                                 vehicles_for)
from govoffice_desktop.models.fleet import RESPONSIBILITIES, Incident, Refuel, Trip, Vehicle
from govoffice_desktop.models.staff import Person
from govoffice_desktop.services import plausibility, validation as v
from govoffice_desktop.services.fleet import (amounts_disagree_fen, closed_month_problem, complete_amounts,
                                              fleet_closed_months, odometer_problem, without_litres_notice)
from govoffice_desktop.services.plausibility import EVENT


LITRE_UNITS = ("公升", "升", "L", "l")
LITRES_UNKNOWN = ("升数未知", "未知", "不详")  # written for a fill that gave only the money (our export writes the first)
UNKNOWN = object()  # what _litres makes of them
PRICE_LOW, PRICE_HIGH = plausibility.PRICE_RANGE
# A refuel's record: a tuple of these, in this order (a ledger of 100,000 fills makes no dict per row).
# Its litres, unit price and amount are integers of hundredths (fen), as the table stores them: no
# Decimal per cell (``fen``); the rules that need Decimals see the few rows they concern as Decimals.
FIELDS = ("plate", "filled_at", "litres", "unit_price", "amount", "odometer", "full_tank", "missed_previous",
          "driver_name", "station", "card_no", "receipt_no", "note")
PLATE, FILLED_AT, LITRES, AMOUNT, ODOMETER = map(FIELDS.index, ("plate", "filled_at", "litres", "amount", "odometer"))
IN_FEN = ("litres", "unit_price", "amount")
MAX_LITRES_FEN = int(plausibility.MAX_LITRES * 100)
PRICE_LOW_FEN, PRICE_HIGH_FEN = int(PRICE_LOW * 100), int(PRICE_HIGH * 100)


def _litres(raw) -> Decimal | None:
    """Litres: a number, or one written with 升, L or 公升 (升数未知 for a fill of money only); any other unit
    (元, 万, %) is refused."""
    if isinstance(raw, str):
        written = v.halfwidth(raw).strip().replace(" ", "")
        if written in LITRES_UNKNOWN:
            return UNKNOWN
        number = next((written[:-len(u)] for u in LITRE_UNITS if written.endswith(u) and len(written) > len(u)),
                      written)
        if number and not re.fullmatch(r"[\d.,，]+", number):
            raise v.BadValue(f"加油量应为数字（升数，单位只能写 升、L 或 公升）：{raw!r}")
        raw = number
    return money(raw)


def _litres_fen(raw) -> int | None:
    """``_litres`` in hundredths of a litre (an integer, as stored), or UNKNOWN."""
    value = _litres(raw)
    return value if value is None or value is UNKNOWN else int(value.scaleb(2))


COLUMN_PARSERS[_litres] = COLUMN_PARSERS[money]  # a column of numbers: litres as any money
COLUMN_PARSERS[_litres_fen] = COLUMN_PARSERS[fen]


def _decimal(hundredths: int | None) -> Decimal | None:
    return None if hundredths is None else Decimal(hundredths).scaleb(-2)


def _complete_fen(litres, price, amount, money_only: bool) -> tuple:
    """``complete_amounts`` of litres, price and amount in hundredths (None or UNKNOWN where not
    given), the three it gives in hundredths too: the service's rule, on Decimals."""
    unknown = litres is UNKNOWN  # 升数未知 written in the litres column: money only, this row
    done = complete_amounts(None if unknown else _decimal(litres), _decimal(price), _decimal(amount),
                            money_only=unknown or money_only)
    return tuple(None if value is None else int(value.scaleb(2)) for value in done)


class RefuelKind(LedgerKind):
    name = "refuels"
    permission = "fleet.edit"
    model = Refuel

    parsers = {
        "plate": v.normalise_plate, "filled_at": v.parse_datetime, "litres": _litres_fen, "unit_price": fen,
        "amount": fen, "odometer": v.parse_int, "full_tank": v.parse_bool, "missed_previous": _flag, "driver": text,
        "station": text, "card_no": text, "receipt_no": text, "note": text,
    }
    required = {"plate": "车牌号不能为空", "filled_at": "加油时间不能为空"}
    dates = {"filled_at": EVENT}

    def begin(self) -> None:
        self.closed = fleet_closed_months()
        self.money_only, self.without_litres = False, 0
        self.made: tuple[list, dict[str, list]] = ([], {})  # the last check_all's records and their columns

    def use_columns(self, columns: dict[str, int]) -> None:
        """A sheet with neither litres nor price (a reimbursement ledger: 加油日期, 车辆, 驾驶员,
        加油金额) gives only the money: its fills are taken with the litres unknown."""
        self.money_only = "litres" not in columns and "unit_price" not in columns

    def check_all(self, columns: dict[str, list], count: int, found: list) -> list[tuple | None]:
        """The rows' rules, column by column (a fuel ledger runs to a hundred thousand rows): litres,
        price and amount complete each other and agree (the form's rule, ``complete_amounts``),
        within plausible bounds; no fill in a closed month; no negative odometer.  Each record is a
        tuple of ``FIELDS``, its money in hundredths."""
        money_only = self.money_only
        given = columns["litres"], columns["unit_price"], columns["amount"]
        try:  # every row gives all three, above 0: only those that disagree are looked at one by one
            plain = not money_only and min(given[0]) > 0 and min(given[1]) > 0 and min(given[2]) > 0
        except (TypeError, ValueError):  # one not given (or 升数未知) somewhere, or no rows
            plain = False
        complete: list = []  # each row's (litres, price, amount), or the refusal
        disagree = list(compress(range(count), map(amounts_disagree_fen, *given))) if plain else []
        if disagree:
            complete = list(zip(*given))
            for i in disagree:
                try:
                    complete[i] = _complete_fen(*complete[i], money_only=False)
                except v.BadValue as exc:
                    complete[i] = exc
        for litre, price, amount in () if plain else zip(*given):
            try:
                complete.append(_complete_fen(litre, price, amount, money_only))
            except v.BadValue as exc:
                complete.append(exc)
        refused = {i for i, done in enumerate(complete) if done.__class__ is not tuple}
        for i in sorted(refused):
            found.append((i, complete[i].field or "amount", str(complete[i])))
            complete[i] = (None, None, None)
        if complete:  # else every row gave all three, and they agree: the columns as they are
            for k, name in enumerate(("litres", "unit_price", "amount")):
                columns[name] = list(map(operator.itemgetter(k), complete))
        litres, prices = columns["litres"], columns["unit_price"]
        self.without_litres += litres.count(None) - len(refused)
        if max(filter(None, litres), default=0) > MAX_LITRES_FEN:
            found.extend((i, "litres", plausibility.litres_problem(_decimal(litre)))
                         for i, litre in enumerate(litres) if litre is not None and litre > MAX_LITRES_FEN)
        given = list(filter(None, prices))  # a refused row's price is None, and no price left is 0
        if given and not PRICE_LOW_FEN <= min(given) <= max(given) <= PRICE_HIGH_FEN:
            found.extend((i, "unit_price", plausibility.price_problem(_decimal(price)))
                         for i, price in enumerate(prices)
                         if price is not None and not PRICE_LOW_FEN <= price <= PRICE_HIGH_FEN)
        times = columns["filled_at"]
        if self.closed:
            for i, filled_at in enumerate(times):
                if filled_at is not None and i not in refused:
                    problem = closed_month_problem(filled_at.date(), self.closed)
                    if problem:
                        found.append((i, "filled_at", problem))
        odometers = columns["odometer"]
        if min(filter(None, odometers), default=0) < 0:
            found.extend((i, "odometer", "里程表读数不能为负") for i, odometer in enumerate(odometers)
                         if odometer is not None and odometer < 0 and i not in refused)
        full = columns["full_tank"]
        if None in full:
            columns["full_tank"] = [True] * count if full.count(None) == count else \
                [True if one is None else one for one in full]
        columns["driver_name"] = columns.pop("driver")
        records: list[tuple | None] = list(zip(*(columns[name] for name in FIELDS)))
        if None in columns["plate"] or None in times:
            refused.update(i for i, (plate, filled_at) in enumerate(zip(columns["plate"], times))
                           if plate is None or filled_at is None)
        for i in refused:
            records[i] = None
        self.made = (records, {name: columns[name] for name in FIELDS})
        return records

    def columns_of(self, records: list[tuple]) -> dict[str, list]:
        """Field → the records' values: the columns ``check_all`` made them from when the records
        are exactly the ones it made, in its order (one sheet, no row refused or already stored:
        the usual long ledger; one look at each record), else the records taken apart."""
        made, columns = self.made
        if made and len(made) == len(records) and all(map(operator.is_, made, records)):
            return dict(columns)
        return {name: list(map(operator.itemgetter(k), records)) for k, name in enumerate(FIELDS)}

    key = staticmethod(operator.itemgetter(PLATE, FILLED_AT, LITRES, AMOUNT))  # a record's natural key (money in fen)

    def notices(self) -> list[str]:
        notice = without_litres_notice(self.without_litres)
        return [notice] if notice else []

    def cross_check(self, records: list[tuple]) -> list[tuple[int, str, str]]:
        """Odometers only go up: each reading is checked, in time order, against the fills before
        and after it, in this file and already stored.  Returns (record index, field, message)."""
        # The file's readings grouped by vehicle (one sort by plate, stable: the file's order within).
        columns = self.columns_of(records)
        plates, times, odometers = columns["plate"], columns["filled_at"], columns["odometer"]
        order = sorted(range(len(records)), key=plates.__getitem__)
        in_file: dict[str, list[int]] = {}  # plate → the indexes of its readings in this file, in the file's order
        start, some_empty = 0, None in odometers
        for plate, group in groupby(map(plates.__getitem__, order)):
            end = start + len(list(group))
            indexes = order[start:end]
            start = end
            indexes = [i for i in indexes if odometers[i] is not None] if some_empty else indexes
            if indexes:
                in_file[plate] = indexes
        stored: dict[str, list] = {}  # plate → its stored readings, (filled_at, 0, n, odometer)
        if in_file:
            query = (Refuel.select(Vehicle.plate, Refuel.filled_at, Refuel.odometer)
                     .join(Vehicle, on=(Refuel.vehicle == Vehicle.id))
                     .where(Vehicle.plate.in_(sorted(in_file)), Refuel.odometer.is_null(False)).tuples())
            for n, (plate, filled_at, odometer) in enumerate(query):
                stored.setdefault(plate, []).append((filled_at, 0, n, odometer))
        problems = []
        for plate in sorted(in_file):
            indexes = in_file[plate]
            if plate not in stored:  # the file's readings alone, in time order (stable: the file's order within)
                readings = list(map(odometers.__getitem__, sorted(indexes, key=times.__getitem__)))
                if len(readings) < 2 or (sorted(readings) == readings and max(
                        map(operator.sub, readings[1:], readings[:-1])) <= plausibility.MAX_ODOMETER_STEP):
                    continue  # never down, no step too long: nothing to refuse
            # In time order, a stored reading before the file's of the same moment, each in its order:
            # (filled_at, 0 for a stored reading or 1 for the file's, n or index, odometer).
            events = stored.get(plate, []) + [(times[i], 1, i, odometers[i]) for i in indexes]
            events.sort()
            problems.extend(_odometer_walk(events))
        return problems

    def existing_keys(self) -> set[tuple]:
        """The stored rows' keys, litres and amount as stored (integers of hundredths, as ``key``)."""
        query = (Refuel.select(Vehicle.plate, Refuel.filled_at, Refuel.litres.coerce(False),
                               Refuel.amount.coerce(False))
                 .join(Vehicle, on=(Refuel.vehicle == Vehicle.id)).tuples())
        return set(query)

    def write(self, records: list[tuple], summary: WriteSummary, progress=None) -> int:
        columns = self.columns_of(records)
        plates = columns.pop("plate")
        vehicles = vehicles_for(plates, summary)
        columns["vehicle"] = list(map(vehicles.__getitem__, plates))
        drivers = people_for(columns["driver_name"], summary, Person.is_driver)
        columns["driver"] = list(map(drivers.__getitem__, columns["driver_name"]))
        # one audit entry per batch: see bulk_insert
        return Refuel.bulk_insert_columns(columns, progress=progress, audit="batch", stored=IN_FEN)


def _odometer_walk(events: list[tuple]) -> list[tuple[int, str, str]]:
    """One vehicle's readings in time order, (filled_at, 1 for the file's or 0 for a stored one,
    index, odometer): each of the file's against the last one taken as right before it and the
    first stored one after it."""
    problems = []
    previous = None  # the last reading taken as right
    next_stored: list = [None] * len(events)  # for each event, the first stored reading after it
    following = None
    for k in range(len(events) - 1, -1, -1):
        next_stored[k] = following
        if not events[k][1]:
            following = events[k]
    for k, event in enumerate(events):
        filled_at, in_file, index, odometer = event
        after = next_stored[k]
        if in_file and after is not None and odometer > after[3]:
            later = SimpleNamespace(filled_at=after[0], odometer=after[3])
            problems.append((index, "odometer", odometer_problem(None, odometer, later)))
            continue
        if previous is not None and odometer < previous[3]:
            before = SimpleNamespace(filled_at=previous[0], odometer=previous[3])
            if in_file:  # the file's row is lower than what came before it
                problems.append((index, "odometer", odometer_problem(before, odometer)))
                continue
        jump = plausibility.odometer_step_problem(previous[3] if previous else None, odometer)
        if jump and in_file:
            problems.append((index, "odometer", jump))
            continue
        previous = event
    return problems


class TripKind(LedgerKind):
    """出车登记: one trip per row; the distance from the odometers when both are there."""

    name = "trips"
    permission = "fleet.edit"
    model = Trip
    parsers = {"trip_date": v.parse_date, "plate": v.normalise_plate, "driver": _name, "requested_by": text,
               "purpose": text, "destination": text, "departed_at": v.parse_datetime, "returned_at": v.parse_datetime,
               "odometer_start": _count, "odometer_end": _count, "distance_km": lambda raw: v.parse_decimal(raw, 1),
               "note": text}
    required = {"trip_date": "出车日期不能为空", "plate": "车牌号不能为空"}
    dates = {"trip_date": EVENT, "departed_at": EVENT, "returned_at": EVENT}

    def begin(self) -> None:
        self.closed = fleet_closed_months()

    def check(self, rec: dict, note: Note) -> dict | None:
        if rec["trip_date"] is not None:
            problem = closed_month_problem(rec["trip_date"], self.closed)
            if problem:
                note("trip_date", problem)
        start, end = rec["odometer_start"], rec["odometer_end"]
        if start is not None and end is not None:
            if end < start:
                note("odometer_end", f"返回里程表 {end} 低于出车里程表 {start}")
            else:
                rec["distance_km"] = Decimal(end - start)
        if rec["distance_km"] is not None and rec["distance_km"] < 0:
            note("distance_km", "行驶里程不能为负")
        if rec["departed_at"] and rec["returned_at"] and rec["returned_at"] < rec["departed_at"]:
            note("returned_at", "返回时间早于出车时间")
        if rec["trip_date"] is None or rec["plate"] is None:
            return None
        rec["driver_name"] = rec.pop("driver")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["plate"], rec["trip_date"], rec["driver_name"], rec["departed_at"], rec["distance_km"])

    def existing_keys(self) -> set[tuple]:
        return set(Trip.select(Vehicle.plate, Trip.trip_date, Trip.driver_name, Trip.departed_at, Trip.distance_km)
                   .join(Vehicle, on=(Trip.vehicle == Vehicle.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        vehicles = _vehicles_for(records, summary)
        _link_people(records, summary, "driver", Person.is_driver)
        for rec in records:
            rec["vehicle"] = vehicles[rec.pop("plate")]
        return Trip.bulk_insert(records, progress=progress)


def _incident_kind(raw) -> str | None:
    word = text(raw)
    if not word:
        return None
    for kind in ("事故", "违章"):
        if kind in word:
            return kind
    if word in ("违法", "交通违法"):
        return "违章"
    raise v.BadValue("类别应为事故或违章")


RESPONSIBILITY_WORDS = {"全责": "全部责任", "全部": "全部责任", "主责": "主要责任", "主要": "主要责任",
                        "同责": "同等责任", "同等": "同等责任", "次责": "次要责任", "次要": "次要责任",
                        "无责": "无责任", "无": "无责任", "没有责任": "无责任"}


def _responsibility(raw) -> str:
    word = text(raw)
    if not word:
        return "无责任"
    if word in RESPONSIBILITIES:
        return word
    found = RESPONSIBILITY_WORDS.get(word) or RESPONSIBILITY_WORDS.get(word.replace("责任", ""))
    if found is None:
        raise v.BadValue(f"责任应为{'、'.join(RESPONSIBILITIES)}之一（或全责、主责、同责、次责、无责）")
    return found


class IncidentKind(LedgerKind):
    """事故 / 违章, as the traffic police's lists or the office's own ledger give them."""

    name = "incidents"
    permission = "fleet.edit"
    model = Incident
    parsers = {"occurred_on": v.parse_date, "plate": v.normalise_plate, "driver": _name, "kind": _incident_kind,
               "responsibility": _responsibility, "damage_cost": money, "fine": money, "points": _count,
               "location": text, "description": text}
    required = {"occurred_on": "日期不能为空", "plate": "车牌号不能为空", "kind": "类别不能为空"}
    dates = {"occurred_on": EVENT}

    def begin(self) -> None:
        self.closed = fleet_closed_months()

    def check(self, rec: dict, note: Note) -> dict | None:
        if rec["occurred_on"] is not None:
            problem = closed_month_problem(rec["occurred_on"], self.closed)
            if problem:
                note("occurred_on", problem)
        if rec["points"] is not None and rec["points"] > 12:
            note("points", "一次扣分不超过12分")
        for key in ("damage_cost", "fine"):
            if rec[key] is None:
                rec[key] = Decimal("0.00")
            elif rec[key] < 0:
                note(key, "金额不能为负")
        rec["points"] = rec["points"] or 0
        if rec["occurred_on"] is None or rec["plate"] is None or rec["kind"] is None:
            return None
        rec["driver_name"] = rec.pop("driver")
        return rec

    def key(self, rec: dict) -> tuple:
        return (rec["plate"], rec["occurred_on"], rec["kind"], rec["description"])

    def existing_keys(self) -> set[tuple]:
        return set(Incident.select(Vehicle.plate, Incident.occurred_on, Incident.kind, Incident.description)
                   .join(Vehicle, on=(Incident.vehicle == Vehicle.id)).tuples())

    def write(self, records: list[dict], summary: WriteSummary, progress=None) -> int:
        vehicles = _vehicles_for(records, summary)
        _link_people(records, summary, "driver", Person.is_driver)
        for rec in records:
            rec["vehicle"] = vehicles[rec.pop("plate")]
        return Incident.bulk_insert(records, progress=progress)
