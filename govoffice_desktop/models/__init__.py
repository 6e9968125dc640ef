"""peewee models, one module per domain.

Bottom to top: ``db`` (the connection, its pragmas, the proxy, the current user), ``base`` (fields,
the audited model), the domain modules, ``tables`` (every model), ``migrations`` (the schema),
``schema_check`` and ``opening`` (``open_database``: check, migrate; ``db.open_database`` calls it).
"""
from govoffice_desktop.models.pg_driver import import_peewee

import_peewee()  # first: peewee without psycopg2 until a PostgreSQL database is opened (pg_driver)
from govoffice_desktop.models import opening  # noqa: E402,F401  (installs db.open_database's opener)
from govoffice_desktop.models.tables import ALL_MODELS, TABLE_LABELS  # noqa: E402,F401
