"""Logins: the program's users, their roles, and the log of personal data taken out of it."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateTimeField, enum_check
from govoffice_desktop.models.staff import Section

# The roles, stored as these words (services.auth gives each its permissions)
ADMIN = "管理员"
SUPERVISOR = "督查员"
CLERK = "科室录入员"
LEADER = "领导"
TYPING = "文印管理员"
FLEET = "车辆管理员"
SECRETARY = "文书"  # registers documents in and out and records their handling (文电办理)
ROLES = (ADMIN, SUPERVISOR, CLERK, LEADER, TYPING, FLEET, SECRETARY)


class User(BaseModel):
    """One login.  The password is kept only as a scrypt hash (never in the audit log)."""

    name = pw.CharField(max_length=30, unique=True)
    full_name = pw.CharField(max_length=30, default="")
    role = pw.CharField(max_length=6, constraints=[enum_check("role", ROLES)])
    section = pw.ForeignKeyField(Section, null=True, on_delete="RESTRICT", backref="users")  # 科室录入员's own
    password_hash = pw.CharField(max_length=200)
    failed_logins = pw.IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    active = pw.BooleanField(default=True)
    created_at = DateTimeField()
    last_login = DateTimeField(null=True)


class DataExport(BaseModel):
    """Personal data taken out (an export, a printed roster): who, when, what, where to.
    Append-only like the audit log."""

    at = DateTimeField(index=True)
    who = pw.CharField(max_length=64)
    what = pw.CharField(max_length=60)  # the table or document
    destination = pw.CharField(max_length=300, default="")
    rows = pw.IntegerField(default=0)
    full_ids = pw.BooleanField(default=False)  # ID and phone numbers unmasked


MODELS = [User, DataExport]
