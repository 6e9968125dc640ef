"""A month's closings (结账 per domain, 定稿 of the bonus sheet) one at a time.

Two workstations closing, reopening or finalising the same month at the same moment must not
both be applied: each of those writes takes the month's lock first thing in its transaction,
then reads the month's state and decides.  The second one waits for the first to commit and
then sees the month as the first left it (already closed, already final…), and is refused with
the usual reason.

One lock per month, whatever the domain: finalising reads every domain's closing, and a closing
must not post into a month being finalised.
"""
from __future__ import annotations

from govoffice_desktop.models.db import transaction_lock


def lock_month(year: int, month: int) -> None:
    """Hold the month's lock until the current transaction ends (call it inside ``database.atomic()``,
    before reading the month's state)."""
    transaction_lock("month", int(year) * 100 + int(month))
