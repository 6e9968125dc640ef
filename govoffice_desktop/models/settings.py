"""Office-wide settings, stored as key → text (the services give them types)."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel
from govoffice_desktop.models.db import prepared


class Setting(BaseModel):
    """Office-wide settings as key → text."""

    key = pw.CharField(max_length=60, unique=True)
    value = pw.TextField(default="")


MODELS = [Setting]


def _setting(key):
    return Setting.select(Setting.value).where(Setting.key == key)


def setting_text(key: str) -> str | None:
    """The text stored under ``key``, or None (the statement compiled once: a panel reads its
    settings each time it is shown)."""
    row = prepared("settings.value", _setting, "key").run(key=key).fetchone()
    return None if row is None else row[0]
