"""The data-layer and service tests on PostgreSQL as well as on SQLite.

``GOVOFFICE_TEST_PG=postgresql://ROLE[:PASSWORD]@HOST:PORT/DBNAME`` names a server and a
database the role can connect to; the role needs CREATEDB.  With it set:

- the ``database`` fixture gives each test a PostgreSQL database of its own, copied from a
  template migrated once per session (``CREATE DATABASE … TEMPLATE``) and dropped afterwards;
- a test that opens databases itself asks ``target(path)`` for one (the path on SQLite) and
  is marked ``@pytest.mark.pg``;
- only the tests of ``PG_MODULES`` that use the fixture or are marked ``pg`` run; the others
  (GUI, CLI on files, pure logic) ran in the SQLite run and are deselected;
- a test that only makes sense on SQLite is marked ``@pytest.mark.sqlite_only("why")``, or
  stands in ``SQLITE_ONLY`` below, and is skipped with its reason.

``.ci/run`` starts a server on loopback and runs ``python -m pytest`` with the variable set.
"""
from __future__ import annotations

import itertools
import os
import time
from urllib.parse import urlsplit, urlunsplit

URL = os.environ.get("GOVOFFICE_TEST_PG", "").strip()

# The data layer and the services (with the reports and ledgers over them).
PG_MODULES = (
    "test_db.py", "test_db_pg.py", "test_audit.py", "test_listing.py", "test_campaigns.py", "test_dashboard.py",
    "test_ledger_import.py", "test_demo.py", "test_staff_service.py", "test_typing_pool_service.py",
    "test_fleet_service.py", "test_ratings_service.py", "test_supervision_service.py",
    "test_supervision_ledgers.py", "test_rewards_service.py", "test_rewards_reports.py", "test_two_workstations.py",
    "test_audit_chain.py", "test_ledger_shapes.py", "test_ledger_names.py", "test_fleet_money_only.py", "test_issued.py",
)

# Who may do what, decided on the stored rows; what a database must hold to be opened.
PG_MODULES += ("test_stored_row_permissions.py", "test_login_secrecy.py", "test_demo_refusals.py",
               "test_schema_check.py")

# The ledger kinds' contract: a fresh instance per import, errors under BadValue.field's column.
PG_MODULES += ("test_ledger_kinds.py", "test_ledger_columns.py")

# 文电办理
PG_MODULES += ("test_documents_schema.py", "test_documents_outgoing.py", "test_documents_calendar_admin.py")
PG_MODULES += ("test_documents_speed.py", "test_documents_speed_report.py")  # the speed, the 专报, the closing
PG_MODULES += ("test_document_ledgers.py", "test_demo_documents.py")
PG_MODULES += ("test_documents_incoming.py", "test_documents_print.py")

# 定职级 from 实绩: the half year on record, 提前定级, 待定职级 (issue 18 point 6).
PG_MODULES += ("test_rank_record.py",)

# The campaigns: the targets reached, recorded at the closings (issue 18 point 4).
PG_MODULES += ("test_campaigns_reach.py",)

# 季度评议's rules: the grassroots group, closed quarters (issue 18).
PG_MODULES += ("test_ratings_rules.py",)

# 财务管理 and travel as offices run them (issue 18 point 7).
PG_MODULES += ("test_rewards_finance_travel.py",)

# The campaigns' runs from SQL aggregates, held to the walk (issue 20 point 1).
PG_MODULES += ("test_campaigns_sql.py",)
PG_MODULES += ("test_run_subtotals.py",)  # the monthly subtotals the runs add, kept by the database's triggers

# Tests (module::name, without parameters) that use the database fixture but test SQLite itself.
SQLITE_ONLY = {
    "test_db.py::test_sqlite_pragmas": "SQLite's PRAGMAs",
    "test_db.py::test_money_is_stored_as_integer_fen_and_read_as_decimal": "asks SQLite's typeof()",
    "test_db.py::test_backup_copies_a_live_database": "SQLite's online backup of a file",
    "test_ratings_service.py::test_forty_ballots_print_as_forty_pages_with_consecutive_serials":
        "copies the SQLite file behind the fixture",
}


def enabled() -> bool:
    return bool(URL)


class Server:
    """The template and the tests' databases on the server ``URL`` names."""

    def __init__(self, url: str):
        self.url = url
        self._parts = urlsplit(url)
        self.prefix = f"govoffice_t{os.getpid()}"
        self.template = f"{self.prefix}_tmpl"
        self._counter = itertools.count(1)
        self._made: set[str] = set()

    def url_of(self, name: str) -> str:
        p = self._parts
        return urlunsplit((p.scheme, p.netloc, "/" + name, p.query, p.fragment))

    def _admin(self, sql: str) -> None:
        """One statement on ``URL``'s database, retried while another process (an autovacuum
        worker, which a role without superuser cannot end) is still in the database named."""
        import psycopg2
        import psycopg2.errors

        for attempt in range(40):
            con = psycopg2.connect(self.url)  # libpq reads the URL itself
            try:
                con.autocommit = True
                with con.cursor() as cur:
                    cur.execute(sql)
                return
            except (psycopg2.errors.ObjectInUse, psycopg2.errors.InsufficientPrivilege):
                if attempt == 39:
                    raise
            finally:
                con.close()
            time.sleep(0.25)

    def start(self) -> None:
        """Make the template: a database migrated to the current version, then closed to
        connections (so that nothing, autovacuum included, is in it when it is copied)."""
        from govoffice_desktop.models import db

        self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin(f"CREATE DATABASE \"{self.template}\" ENCODING 'UTF8' TEMPLATE template0")
        db.open_database(self.url_of(self.template))
        db.close_database()
        self._admin(f'ALTER DATABASE "{self.template}" WITH ALLOW_CONNECTIONS false')

    def fresh(self, template: str | None = None) -> str:
        """A new database: a copy of the migrated template, or of ``template`` (template0: empty)."""
        name = f"{self.prefix}_{next(self._counter)}"
        self._admin(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE \"{template or self.template}\"")
        self._made.add(name)
        return name

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.discard(name)

    def stop(self) -> None:
        for name in list(self._made):
            self.drop(name)
        self.drop(self.template)


_server: Server | None = None


def server() -> Server:
    """The session's server, its template made on first use."""
    global _server
    if _server is None:
        _server = Server(URL)
        _server.start()
    return _server


def stop() -> None:
    """Drop every database the session made (pytest_sessionfinish)."""
    global _server
    if _server is not None:
        _server.stop()
        _server = None


def target(path):
    """What a test opens for a database of its own: ``path`` on SQLite; with GOVOFFICE_TEST_PG
    the URL of a fresh, migrated PostgreSQL database (dropped at the end of the session)."""
    if not enabled():
        return path
    s = server()
    return s.url_of(s.fresh())


def empty_target() -> str:
    """The URL of a fresh, empty PostgreSQL database (nothing migrated yet)."""
    s = server()
    return s.url_of(s.fresh("template0"))


def cli_target():
    """What ``--db`` takes for the database bound now: its file, or its URL on PostgreSQL."""
    from govoffice_desktop.models import db

    handle = db.database.obj
    return server().url_of(handle.database) if enabled() else handle.database
