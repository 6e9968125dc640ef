"""Office-wide settings, stored as key → text (the services give them types)."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel


class Setting(BaseModel):
    """Office-wide settings as key → text."""

    key = pw.CharField(max_length=60, unique=True)
    value = pw.TextField(default="")


MODELS = [Setting]
