"""Every module imports on its own, in a fresh interpreter, and all of them in reverse order in one:
no import circle hides behind the order the program happens to load things in (issue 17)."""
from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import govoffice_desktop

ROOT = Path(govoffice_desktop.__file__).resolve().parent.parent


def _modules() -> list[str]:
    names = [govoffice_desktop.__name__]
    for info in pkgutil.walk_packages(govoffice_desktop.__path__, govoffice_desktop.__name__ + "."):
        names.append(info.name)
    return sorted(names)


def _run(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_package_has_the_layers():
    names = _modules()
    for layer in ("models", "services", "ledgers", "reports", "ui"):
        assert f"govoffice_desktop.{layer}.db" in names or any(n.startswith(f"govoffice_desktop.{layer}.")
                                                              for n in names)
    assert "govoffice_desktop.models.opening" in names


# Run in a child interpreter: the libraries (Qt, peewee, openpyxl) are loaded once, then a fork per
# module imports that module alone, with none of the package loaded before it (fast: no 190
# interpreters, each loading Qt again; the order that matters is the package's own).
_ALONE = """
import importlib, os, sys, traceback
import openpyxl, peewee, playhouse.migrate, PySide6.QtCore, PySide6.QtGui, PySide6.QtPrintSupport, PySide6.QtWidgets
assert not [m for m in sys.modules if m.startswith("govoffice_desktop")]
failed = 0
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            print(name + ": " + traceback.format_exc().strip().splitlines()[-1], flush=True)
            os._exit(1)
        os._exit(0)
    failed += os.waitpid(pid, 0)[1] != 0
sys.exit(1 if failed else 0)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a fork per module")
def test_each_module_imports_alone_in_a_fresh_interpreter():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _ALONE, *_modules()], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_all_modules_import_in_reverse_order_in_one_interpreter():
    names = list(reversed(_modules()))
    done = _run(f"import importlib\nfor name in {names!r}:\n    importlib.import_module(name)\n")
    assert done.returncode == 0, done.stderr


def test_opening_a_database_through_models_db_still_works():
    # The public way to open a database stays ``models.db.open_database`` (the opener lives in
    # models/opening.py, above the migrations), and logging in stays ``services.auth.authenticate``.
    done = _run("from govoffice_desktop.models.db import open_database\n"
                "from govoffice_desktop.services.auth import authenticate\n"
                "db = open_database(':memory:')\n"
                "print(type(db).__name__, callable(authenticate))\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["SqliteDatabase", "True"]


def test_no_module_imports_itself_through_others():
    # Every import counts (inside functions and under TYPE_CHECKING too): no chain leads back.
    grimp = pytest.importorskip("grimp")  # import-linter's graph builder (the `test` extra)
    graph = grimp.build_graph(govoffice_desktop.__name__)
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                circles.append(" -> ".join((module, *chain)))
    assert not circles, "\n".join(circles)
