"""Shared fixtures: offscreen Qt, a fresh database per test, settings kept out of the user's home."""
from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402

from govoffice_desktop.models import db  # noqa: E402


@pytest.fixture
def database(tmp_path):
    """A fresh, migrated SQLite database in a temporary folder."""
    handle = db.open_database(tmp_path / "test.db")
    yield handle
    db.close_database()


@pytest.fixture
def settings_dir(tmp_path, qapp):
    """QSettings written under the test's folder, never the user's own."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    qapp.setOrganizationName("govoffice-tests")
    qapp.setApplicationName("govoffice-desktop-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder
