"""The audit trail read back: who changed what and when, filtered by table, by the user who did
it, by a staff member whose records changed, and by date; what each change was, field by field;
and ``verify``: whether its hash chain and append-only triggers hold."""
from __future__ import annotations

import json
from datetime import date, datetime, time
from functools import partial
from pathlib import Path

import peewee as pw

from govoffice_desktop.models import TABLE_LABELS, audit_chain, migrations
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.db import database
from govoffice_desktop.models.users import DataExport
from govoffice_desktop.services import auth, backup, field_labels
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.staff import mask_id_number, mask_phone
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.texts import stored_text

ACTIONS = {"create": "新建", "update": "修改", "delete": "删除"}
SEPARATOR = "\x1f"


SENSITIVE = ("id_number", "phone")


def _masked(state: dict, full: bool) -> dict:
    if full:
        return state

    out = dict(state)
    for key, mask in (("id_number", mask_id_number), ("phone", mask_phone)):
        if out.get(key):
            out[key] = mask(str(out[key]))
    return out


def _changes(packed: str | None, full: bool = True) -> str:
    """'table␟before␟after' (JSON each, possibly empty) → 字段：旧 → 新；… in the office's words:
    each field by its label (``field_labels``), a reference by the record's name as it is now
    (人员 41 → 张三, 「编号 41（已删除）」 when gone), values through govoffice_desktop/texts.py
    (是/否, （空）, a moment to the minute), ID and phone numbers masked unless ``full``."""
    table, _sep, rest = (packed or "").partition(SEPARATOR)
    before_text, _sep, after_text = rest.partition(SEPARATOR)
    before = _masked(json.loads(before_text) if before_text else {}, full)
    after = _masked(json.loads(after_text) if after_text else {}, full)

    def field(k: str) -> str:
        return field_labels.label(table, k) or k

    def value(k: str, v) -> str:
        return field_labels.record_name(table, k, v) or stored_text(v)

    def listed(state: dict) -> str:
        return "；".join(f"{field(k)}={value(k, v)}" for k, v in state.items() if v not in (None, "", False)
                        and k != "id")

    if not before:
        return listed(after)[:500]
    if not after:
        return ("删除前：" + listed(before))[:500]
    return "；".join(f"{field(k)}：{value(k, before.get(k))} → {value(k, after.get(k))}"
                    for k in after if before.get(k) != after.get(k))[:500]


def tables() -> list[tuple[str, str]]:
    """(table, its name in the office's words) for the tables the log has rows of."""
    have = [t for (t,) in AuditLog.select(AuditLog.table).distinct().tuples()]
    return sorted(((t, TABLE_LABELS.get(t, t)) for t in have), key=lambda p: p[1])


def audit_listing(table: str | None = None, who: str | None = None, person_id: int | None = None,
                  since: date | None = None, until: date | None = None) -> Listing:
    """The log, newest first.  ``person_id``: the changes to that staff member's file and to
    every record that names them."""
    auth.require("audit.view")
    where = []
    if table:
        where.append(AuditLog.table == table)
    if who:
        where.append(AuditLog.who == who)
    if since:
        where.append(AuditLog.at >= datetime.combine(since, time.min))
    if until:
        where.append(AuditLog.at <= datetime.combine(until, time.max))
    if person_id is not None:
        mentions = pw.SQL("0")
        for column in (AuditLog.before, AuditLog.after):
            for end in (",", "}"):
                for key in ("person_id", "typist_id", "driver_id", "handled_by_id", "chief_id"):
                    for colon in (": ", ":"):  # Python's json.dumps, and SQLite's json_object of bulk writes
                        mentions = mentions | column.contains(f'"{key}"{colon}{int(person_id)}{end}')
        where.append(((AuditLog.table == "person") & (AuditLog.row_id == person_id)) | mentions)
    clause = None
    for w in where:
        clause = w if clause is None else clause & w
    label = pw.Case(AuditLog.table, list(TABLE_LABELS.items()), AuditLog.table)
    action = pw.Case(AuditLog.action, list(ACTIONS.items()), AuditLog.action)
    packed = (AuditLog.table.concat(SEPARATOR).concat(pw.fn.COALESCE(AuditLog.before, "")).concat(SEPARATOR)
              .concat(pw.fn.COALESCE(AuditLog.after, "")))
    return Listing(
        model=AuditLog,
        columns=[
            Column("at", "时间", AuditLog.at),
            Column("who", "操作人", AuditLog.who, searchable=True),
            Column("table", "表", label, searchable=True),
            Column("row_id", "记录号", AuditLog.row_id),
            Column("action", "操作", action, searchable=True),
            Column("changes", "内容", packed, convert=partial(_changes, full=auth.allowed("staff.sensitive"))),
        ],
        joins=lambda q: q,
        where=clause,
        default_order="at",
        default_desc=True,
    )


def writers() -> list[str]:
    auth.require("audit.view")
    return [w for (w,) in AuditLog.select(AuditLog.who).distinct().order_by(AuditLog.who).tuples()]


def exports() -> list:
    """Personal data taken out: the append-only export log, newest first."""
    auth.require("audit.view")
    return list(DataExport.select().order_by(DataExport.at.desc(), DataExport.id.desc()))


def verify(progress=None, against=None) -> audit_chain.ChainReport:
    """Walk the open database's audit chain (in batches) and check its append-only triggers.
    Anyone who may read the log may check it.  ``progress(percent, message) -> bool`` (the
    window's worker) may stop the walk by returning False.

    ``against``: an earlier backup of this database.  Its newest entry must be here with the same
    hash, so that the entries up to it are as they were then: this catches what the chain alone
    cannot, the log rewritten with every hash recomputed, or its newest entries deleted.
    """
    auth.require("audit.view")
    handle = database.obj
    anchor = _anchor(against) if against is not None else None
    step = None
    if progress is not None:
        total = max(1, AuditLog.select().count())

        def step(done: int) -> bool:
            return progress(min(99, done * 100 // total), f"已校验 {done} / {total} 条")
    report = audit_chain.verify(lambda sql, params: handle.execute_sql(sql, params).fetchall(), handle.param, step)
    report.triggers_missing = migrations.missing_triggers(handle)
    report.triggers_repaired = migrations.triggers_repaired(handle)
    if anchor is not None:
        row = AuditLog.select(AuditLog.hash).where(AuditLog.id == anchor["id"]).tuples().first()
        anchor.update(found=row is not None, held=row is not None and row[0] == anchor["hash"])
        report.anchor = anchor
    return report


def _anchor(file) -> dict:
    """The newest entry of a backup to check the open log against; refused (BadValue) when the
    file cannot serve: not a backup of this program, no chain yet, or a chain of its own broken."""
    path = Path(file).expanduser()
    try:
        info = backup.inspect(path)
    except backup.BackupRefused as exc:
        raise BadValue(f"无法用 {path} 对照：{exc}") from None
    if info.schema_version < migrations.AUDIT_CHAIN_VERSION:
        raise BadValue(f"{path} 的结构版本是 {info.schema_version}，其审计日志还没有哈希链，无法对照")
    if info.audit.head_id is None:
        raise BadValue(f"{path} 中没有审计记录，无从对照")
    if not info.audit.chain_ok:
        raise BadValue(f"{path} 自身的审计日志链断裂（从编号 {info.audit.first_broken} 起），不能用来对照")
    return {"file": str(path), "id": info.audit.head_id, "hash": info.audit.head_hash}
