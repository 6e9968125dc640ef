"""The audit log's hash chain: each entry seals its own content and the entry before it.

An entry's ``hash`` is ``SHA-256(previous entry's hash + canonical(entry))`` in lower-case hex,
the entries taken in the order of their ``id``; the first entry chains from ``GENESIS``.

``canonical(entry)`` is the JSON array, UTF-8, no spaces, non-ASCII characters as they are::

    ["table", row_id, "action", "before", "after", "YYYY-MM-DD HH:MM:SS.ffffff", "who"]

``before`` and ``after`` are the stored JSON texts themselves (or null), exactly as written;
``row_id`` is a number (or null); ``at`` is always written with microseconds, whatever form the
database keeps it in.  Deleting, editing or reordering an entry, or adding one without its
hash, breaks the link at that entry (or at the one after a deleted entry).  The entry after
one with no hash chains from ``GENESIS`` again.

The chain holds no secret: someone who can write the file and recompute every hash after the
one changed leaves a chain that holds.  The newest link (``head``) shown by ``verify`` can be
noted elsewhere (on paper, beside a backup) to catch that too.

Writers compute the next link inside their own transaction: SQLite lets one writer at a time;
on PostgreSQL ``lock_chain`` takes a transaction-level advisory lock before the previous hash
is read, so two workstations never chain from the same entry.  No Qt here.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) writes a string with
from typing import Callable, Iterable

GENESIS = "0" * 64
BATCH = 5000  # entries read at a time by ``verify``: memory stays bounded for a million entries
ADVISORY_KEY = 0x6F766F61756474  # PostgreSQL: pg_advisory_xact_lock key of the audit chain
COLUMNS = '"id", "table", "row_id", "action", "before", "after", "at", "who", "hash"'


def at_text(value) -> str | None:
    """``at`` as the chain writes it: ``YYYY-MM-DD HH:MM:SS.ffffff`` (text kept as it is when it is
    no date: a forged value must still be hashed, not refused)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    return str(value)


def canonical(table, row_id, action, before, after, at, who) -> str:
    """The entry's content as the chain seals it (see the module's docstring)."""
    return json.dumps([table, row_id, action, before, after, at_text(at), who],
                      ensure_ascii=False, separators=(",", ":"))


def link(previous: str, content: str) -> str:
    return hashlib.sha256((previous + content).encode("utf-8")).hexdigest()


def entry_hash(previous: str, table, row_id, action, before, after, at, who) -> str:
    return link(previous, canonical(table, row_id, action, before, after, at, who))


class Creates:
    """The links of ``create`` entries of one table written together (a bulk insert), one call
    per entry in order: ``creates(row_id, after JSON)`` → its hash.  The same as ``entry_hash``
    entry by entry, built faster."""

    def __init__(self, previous: str, table: str, at, who: str):
        self.previous = previous
        self._head = "[" + encode_basestring(table) + ","
        self._end = "," + encode_basestring(at_text(at)) + "," + encode_basestring(who) + "]"

    def __call__(self, row_id: int, after: str) -> str:
        self.previous = hashlib.sha256((self.previous + self._head + str(row_id) + ',"create",null,'
                                        + encode_basestring(after) + self._end).encode("utf-8")).hexdigest()
        return self.previous


def creates_chain(previous: str, table: str, at, who: str, rows: Iterable[tuple[int, str]]) -> list[str]:
    """``Creates`` over (row_id, after JSON) pairs: their hashes, in order."""
    link_of = Creates(previous, table, at, who)
    return [link_of(row_id, after) for row_id, after in rows]


@dataclass
class ChainReport:
    """What ``verify`` found: ``ok`` when every link holds and no append-only trigger is missing."""
    entries: int = 0                  # entries checked
    first_broken: int | None = None   # id of the first entry whose link does not hold
    reason: str = ""                  # why it does not, in Chinese
    broken: list[int] = field(default_factory=list)  # the first ids whose links do not hold (at most 20)
    broken_count: int = 0
    head_id: int | None = None        # the newest entry and its hash
    head_hash: str | None = None
    triggers_missing: list[str] = field(default_factory=list)   # missing, off or changed now
    triggers_repaired: list[str] = field(default_factory=list)  # were so when the database was opened
    # An earlier copy's newest entry, looked up here: {"file", "id", "hash", "held"} (see services.audit)
    anchor: dict | None = None

    @property
    def chain_ok(self) -> bool:
        return self.first_broken is None

    @property
    def ok(self) -> bool:
        return (self.chain_ok and not self.triggers_missing and not self.triggers_repaired
                and (self.anchor is None or self.anchor["held"]))

    def to_json(self) -> dict:
        return {"ok": self.ok, "entries": self.entries, "first_broken": self.first_broken,
                "reason": self.reason, "broken": self.broken, "broken_count": self.broken_count,
                "head": {"id": self.head_id, "hash": self.head_hash}, "triggers_missing": self.triggers_missing,
                "triggers_repaired": self.triggers_repaired, "anchor": self.anchor}

    def lines(self) -> list[str]:
        """The result in the office's words."""
        if self.chain_ok:
            out = [f"审计日志链完整：已校验 {self.entries} 条记录。"]
            if self.head_id is not None:
                out.append(f"最新一条：编号 {self.head_id}，哈希 {self.head_hash}")
        else:
            out = [f"审计日志链断裂：从编号 {self.first_broken} 的记录起不可信（{self.reason}）。"
                   f"已校验 {self.entries} 条，共 {self.broken_count} 处断裂"
                   + (f"，编号 {'、'.join(str(i) for i in self.broken)}" if self.broken_count > 1 else "") + "。"]
        if self.triggers_missing:
            out.append("只追加保护（触发器）缺失或被改动：" + "、".join(self.triggers_missing)
                       + "。有人可能绕过本程序修改过审计日志。")
        if self.triggers_repaired:
            out.append("打开数据库时发现只追加保护（触发器）缺失或被改动，已重建并记入审计日志："
                       + "、".join(self.triggers_repaired) + "。有人可能绕过本程序修改过审计日志。")
        if self.anchor is not None:
            a = self.anchor
            out.append(f"与 {a['file']} 对照：编号 {a['id']} 及以前的记录与该备份相同。" if a["held"] else
                       f"与 {a['file']} 对照不符：该备份最新的一条（编号 {a['id']}）在当前数据库中"
                       f"{'不同' if a.get('found') else '已不存在'}，编号 {a['id']} 及以前的记录在备份之后被改写或删除。")
        return out


class VerifyCancelled(RuntimeError):
    """The one checking stopped the walk before its end."""


def verify(fetch: Callable[[str, tuple], list[tuple]], param: str = "?",
           progress: Callable[[int], bool] | None = None) -> ChainReport:
    """Walk the chain in id order, ``BATCH`` entries at a time.

    ``fetch(sql, params)`` runs a query and returns its rows (any DB-API connection will do:
    the open database, or a file being checked before a restore); ``param`` is its placeholder.
    ``progress(entries checked)`` after each batch may return False to stop (``VerifyCancelled``).
    """
    report = ChainReport()
    previous, last_id = GENESIS, None
    sql_first = f'SELECT {COLUMNS} FROM "audit_log" ORDER BY "id" LIMIT {BATCH}'
    sql_next = f'SELECT {COLUMNS} FROM "audit_log" WHERE "id" > {param} ORDER BY "id" LIMIT {BATCH}'
    while True:
        rows = fetch(sql_first, ()) if last_id is None else fetch(sql_next, (last_id,))
        for entry_id, table, row_id, action, before, after, at, who, stored in rows:
            expected = entry_hash(previous, table, row_id, action, before, after, at, who)
            if stored != expected:
                report.broken_count += 1
                if len(report.broken) < 20:
                    report.broken.append(entry_id)
                if report.first_broken is None:
                    report.first_broken = entry_id
                    report.reason = ("该记录没有哈希：不是本程序写入的" if not stored else
                                     "哈希不符：该记录被修改、伪造，或它前面的记录被删除或改动")
            # Go on from what is stored, so that one broken link is reported once, not for every
            # entry after it (and a second break after it is still found); after an entry with no
            # hash, writers chain from GENESIS again.
            previous = stored or GENESIS
            report.entries += 1
            last_id = entry_id
        if len(rows) < BATCH:
            break
        if progress is not None and progress(report.entries) is False:
            raise VerifyCancelled("已取消校验")
    report.head_id = last_id
    report.head_hash = previous if last_id is not None else None
    return report
