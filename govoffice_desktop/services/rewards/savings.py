"""珍惜每一分钱: what the office saved in a month (fuel, the ledger, travel, goods)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP

from govoffice_desktop.models.rewards import RewardPenalty, TravelClaim
from govoffice_desktop.services import fleet
from govoffice_desktop.services.rewards.goods import section_use
from govoffice_desktop.services.rewards.ledger import CENT, ZERO, _month_bounds
from govoffice_desktop.services.rewards.travel import check_claim
from govoffice_desktop.services.validation import BadValue


# ================================================================ savings (珍惜每一分钱)
def savings(year: int, month: int) -> dict:
    """The month office-wide: fuel saved and burnt over the quota (litres of complete stretches and
    their worth at the month's average price), the month's fuel money (every fill, those without
    litres too; how many lack litres), rewards and deductions in the ledger, travel spent
    under and over the standard, and goods issued against the budgets."""
    first, last = _month_bounds(year, month)
    saved_l = over_l = saved_yuan = over_yuan = fuel_amount = ZERO
    without_litres = 0
    for e in fleet.economies(first, last).values():  # every vehicle's in a few queries
        vehicle = e.vehicle
        fuel_amount += e.amount  # every fill's money, one without litres (a reimbursement ledger) too
        without_litres += e.without_litres
        if vehicle.fuel_quota is None:
            continue
        if not e.distance_km or not e.measured_litres:
            continue
        allowed = (vehicle.fuel_quota * e.distance_km / 100).quantize(CENT, ROUND_HALF_UP)
        diff = allowed - e.measured_litres
        price = e.measured_amount / e.measured_litres
        if diff > 0:
            saved_l += diff
            saved_yuan += (diff * price).quantize(CENT, ROUND_HALF_UP)
        else:
            over_l -= diff
            over_yuan += (-diff * price).quantize(CENT, ROUND_HALF_UP)
    rewards = deductions = ZERO
    for (value,) in RewardPenalty.select(RewardPenalty.amount).where(
            RewardPenalty.entry_date.between(first, last)).tuples():
        if value > 0:
            rewards += value
        else:
            deductions += value
    under = over = ZERO
    claims = 0
    for c in TravelClaim.select().where(TravelClaim.claimed_on.between(first, last)):
        claims += 1
        over += c.over
        try:
            check = check_claim(c.person, c.destination_class, c.start_on, c.end_on, c.accommodation, c.transport)
        except BadValue:  # its standard was removed since: nothing to compare with
            continue
        for allowed, spent in ((check.allowed_accommodation, c.accommodation), (check.allowed_transport, c.transport)):
            if allowed is not None:
                under += max(allowed - spent, ZERO)
    uses = section_use(year, month)
    return {"month": f"{year}-{month:02d}",
            "fuel_saved_litres": str(saved_l), "fuel_saved_yuan": str(saved_yuan),
            "fuel_over_litres": str(over_l), "fuel_over_yuan": str(over_yuan),
            "fuel_amount": str(fuel_amount), "fills_without_litres": without_litres,
            "rewards": str(rewards), "deductions": str(deductions),
            "travel_claims": claims, "travel_under_standard": str(under), "travel_over_standard": str(over),
            "goods_used": str(sum((u.used for u in uses), ZERO)),
            "goods_budget": str(sum((u.budget or ZERO for u in uses), ZERO)),
            "goods_over_budget": str(sum((u.over for u in uses), ZERO))}
