"""What the program reads at run time, shipped inside the package: the ledgers' column names and
status words (``ledger_fields.json``), the icon, and the program's own translations (``.qm``).

Read through ``importlib.resources`` only, never through a path built from ``__file__``: the same
code then finds them in a source checkout, an installed wheel and a PyInstaller bundle.
(setup.cfg's ``[options.package_data]`` lists these files; the PyInstaller spec collects them.)
"""
from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

_EXTRACTED = contextlib.ExitStack()  # files copied out of a zip, if the package ever runs from one
atexit.register(_EXTRACTED.close)


def resource(name: str):
    """The package's file ``name`` ("icons/govoffice.svg") as an importlib.resources Traversable."""
    item = resources.files(__name__)
    for part in name.split("/"):
        item = item.joinpath(part)
    return item


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def file_path(name: str) -> Path | None:
    """A real file-system path to ``name`` for the libraries that need one (Qt's icon and
    translation loaders), or None when the package has no such file."""
    item = resource(name)
    if not (item.is_file() or item.is_dir()):
        return None
    if isinstance(item, Path):
        return item
    return _EXTRACTED.enter_context(resources.as_file(item))  # pragma: no cover - a zipped package
