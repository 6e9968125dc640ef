"""peewee without psycopg2 until a PostgreSQL database is opened.

peewee imports psycopg2 (and with it ssl) as it is imported itself: about 12 ms of every start,
the window's and each command's, on a database file that never needs it.  ``import_peewee``
(first thing of the ``models`` package) imports peewee with psycopg2 held back, so that peewee
takes it for missing; ``load_psycopg2`` (``db.make_database`` for a ``postgresql://`` address, before
peewee's database is made) imports it then and gives peewee the names its own import would have
set (peewee 4.5: ``psycopg2``, ``pg_extensions``, ``pg_register_uuid``, ``Json_pg2``, the UUID
adapter registered, and ``Psycopg2Adapter``'s transaction states).  Without the ``postgres`` extra
installed, peewee is left as it is and refuses the address as before (driver not found)."""
from __future__ import annotations

import sys


def import_peewee():
    """peewee, imported with psycopg2 held back when neither is loaded yet."""
    if "peewee" in sys.modules:
        return sys.modules["peewee"]
    held = "psycopg2" not in sys.modules
    if held:
        sys.modules["psycopg2"] = None  # `import psycopg2` raises ImportError: peewee sets psycopg2 = None
    try:
        import peewee
    finally:
        if held and sys.modules.get("psycopg2", False) is None:
            del sys.modules["psycopg2"]
    return peewee


def load_psycopg2() -> None:
    """psycopg2 given to peewee, as peewee's own import gives it (nothing to do when it has it)."""
    import peewee

    if peewee.psycopg2 is not None:
        return
    try:
        import psycopg2
        from psycopg2 import extensions
        from psycopg2.extras import Json, register_uuid
    except ImportError:  # the postgres extra is not installed: peewee says so when it connects
        return
    register_uuid()
    peewee.psycopg2, peewee.pg_extensions, peewee.pg_register_uuid, peewee.Json_pg2 = (
        psycopg2, extensions, register_uuid, Json)
    adapter = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
