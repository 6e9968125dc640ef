"""Entry point: parse the command line, then run a command or open the window."""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Sequence

from govoffice_desktop import APP_NAME, ORG_NAME, cli

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def _install_translators(app) -> None:
    """Qt's own dialogs in Chinese (buttons, file dialogs), and our .qm if one exists."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)
    app._translators = []
    for name, folder in (("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                         ("govoffice", str(RESOURCES / "translations"))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            app._translators.append(translator)


def _application():
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("政府办公室管理系统")
    icon = RESOURCES / "icons" / "govoffice.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _install_translators(app)
    return app


def run_gui(db_target: str, db_label: str | None = None, demo: bool = False) -> int:
    """Open the window on ``db_target``; with ``demo``, first fill it with the demo office."""
    from PySide6.QtWidgets import QMessageBox

    from govoffice_desktop.models import db
    from govoffice_desktop.ui.main_window import MainWindow

    app = _application()
    try:
        db.open_database(db_target)
    except Exception as exc:
        QMessageBox.critical(None, "无法打开数据库", f"打开 {db_target} 失败：\n{exc}")
        return cli.EXIT_REFUSED
    window = MainWindow(db_label or db_target)
    window.show()
    if demo:
        window.generate_demo()
    try:
        return app.exec()
    finally:
        db.close_database()


def run_demo_gui() -> int:
    """A fresh demo office in a temporary folder, removed when the window closes."""
    folder = Path(tempfile.mkdtemp(prefix="govoffice-demo-"))
    path = folder / "demo.db"
    try:
        return run_gui(str(path), f"{path}（演示）", demo=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse(argv)
    if args.command not in (None, "gui"):
        return cli.run(args)
    if args.demo:
        return run_demo_gui()
    from govoffice_desktop.models import db

    return run_gui(args.db or str(db.default_db_path()))
