"""演示数据 of 催办: the 催办单 and 督办通知单 an office would have issued for what is overdue.

Run after the 收文 (services/demo/documents.py) and the 督办事项: every other overdue item, in the
order the 催办 page lists them, was urged once, on the third working day past its limit (or on
``as_of`` if that is sooner), through the service itself (its figures kept as issued)."""
from __future__ import annotations

from govoffice_desktop.models.db import set_current_user
from govoffice_desktop.models.documents import URGE_INCOMING
from govoffice_desktop.services.documents import urging
from govoffice_desktop.services.workdays import Calendar

URGED_AFTER = 3  # working days past the limit when the demo's urge was issued


class _UrgesPart:
    """催办: urges of the overdue 收文 and 督办事项 as of the demo's day."""

    def build_urges(self) -> None:
        calendar = Calendar()
        # the demo's 督查员 (duchayuan, services/demo/staff.py build_users: the 督查室's chief), by the
        # name records show, whoever builds the demo (its logins are made last)
        set_current_user(self.chief["督查室"].name)
        try:
            for n, item in enumerate(urging.overdue(self.as_of, calendar)):
                if n % 2:
                    continue
                day = min(calendar.add(item.deadline, URGED_AFTER), self.as_of)
                target = {"document": item.id} if item.kind == URGE_INCOMING else {"task": item.id}
                urging.issue_urge(today=day, **target)
        finally:
            set_current_user(None)
