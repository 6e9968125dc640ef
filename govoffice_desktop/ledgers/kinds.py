"""The ledger kinds by name.  The contract every kind fulfils (``LedgerKind``) and the helpers the
kinds share are in ``kind_base.py``; the kinds themselves live one module per domain."""
from __future__ import annotations

from govoffice_desktop.ledgers.kind_base import LedgerKind
from govoffice_desktop.ledgers.kinds_documents import IncomingKind, OutgoingKind
from govoffice_desktop.ledgers.kinds_fleet import IncidentKind, RefuelKind, TripKind
from govoffice_desktop.ledgers.kinds_staff import StaffKind
from govoffice_desktop.ledgers.kinds_supervision import CheckKind, RatingTallyKind, TaskKind
from govoffice_desktop.ledgers.kinds_typing import SpeedTestKind, TypingKind

# The kinds by name: classes, one instance made per import (``LedgerKind``).
KINDS: dict[str, type[LedgerKind]] = {k.name: k for k in (
    StaffKind, RefuelKind, TypingKind, SpeedTestKind, TripKind, IncidentKind, RatingTallyKind, CheckKind, TaskKind,
    IncomingKind, OutgoingKind)}
