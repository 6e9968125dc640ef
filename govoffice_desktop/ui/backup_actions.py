"""文件 → 备份数据库… and 恢复数据库…, and the daily automatic backup when a window opens a file.

The work is ``services.backup``'s; this module asks where, confirms, runs it off the GUI
thread and says what happened.
"""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from govoffice_desktop.services import auth, backup
from govoffice_desktop.ui import login_dialog
from govoffice_desktop.ui.bus import everything_changed
from govoffice_desktop.ui.forms import ask_save_path
from govoffice_desktop.ui.worker import run_with_progress
from govoffice_desktop.texts import moment_text


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupActions", text)


def _filter() -> str:
    return tr("SQLite 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)")


def _current_file(window: QWidget, title: str) -> Path | None:
    """The open database's file, or None after saying why there is none (a server, memory)."""
    try:
        return backup.database_file()
    except backup.BackupRefused as exc:
        QMessageBox.information(window, title, str(exc))
        return None


def backup_database(window: QWidget) -> backup.BackupResult | None:
    """Ask where (the backups folder beside the database by default), then back up."""
    title = tr("备份数据库")
    source = _current_file(window, title)
    if source is None:
        return None
    folder = backup.backup_dir(source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = source.parent
    suggested = folder / f"{source.stem}-{datetime.now():%Y%m%d-%H%M}.db"
    path = ask_save_path(window, title, str(suggested), _filter(), (), backup_copy=True)  # never the database
    if not path:
        return None
    # The dialog has already asked before replacing a file that is there.
    outcome = run_with_progress(window, tr("正在备份数据库…"),
                                lambda _progress: backup.backup(path, overwrite=True, path=source))
    if not outcome.ok:
        QMessageBox.warning(window, title, tr("未备份：%1").replace("%1", outcome.error))
        return None
    result: backup.BackupResult = outcome.result
    window.statusBar().showMessage(tr("已备份到 %1").replace("%1", str(result.file)), 8000)
    QMessageBox.information(window, title, tr("数据库已备份到：\n%1\n（%2）")
                            .replace("%1", str(result.file)).replace("%2", backup.size_text(result.bytes)))
    return result


def restore_database(window: QWidget, path: str | None = None) -> backup.RestoreResult | None:
    """Choose a backup, check it, confirm, back the current database up, then replace it."""
    title = tr("恢复数据库")
    current = _current_file(window, title)
    if current is None:
        return None
    if not path:
        start = backup.backup_dir(current)
        path, _ = QFileDialog.getOpenFileName(window, title, str(start if start.is_dir() else current.parent),
                                              _filter())
        if not path:
            return None
    check = run_with_progress(window, tr("正在检查备份文件…"), lambda _progress: backup.inspect(path))
    if not check.ok:
        QMessageBox.warning(window, title, tr("未恢复：%1").replace("%1", check.error))
        return None
    info: backup.BackupInfo = check.result
    when = moment_text(info.modified) if info.modified else tr("未知")
    question = (tr("用这个文件替换当前数据库吗？\n\n%1\n（结构版本 %2，共 %3 行，保存于 %4）\n\n当前数据库：%5\n"
                   "替换前，当前数据库会先备份到 %6 文件夹。")
                .replace("%1", str(info.file)).replace("%2", str(info.schema_version))
                .replace("%3", str(info.rows)).replace("%4", when).replace("%5", str(current))
                .replace("%6", str(backup.backup_dir(current))))
    answer = QMessageBox.question(window, title, question, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    force = answer == QMessageBox.StandardButton.Yes and info.audit is not None and not info.audit.ok
    if force:  # the administrator confirms once more, knowing the file's log does not verify
        warning = (tr("这个文件的审计日志校验未通过：\n\n%1\n\n恢复它就是接受一份可能被改动过的记录。"
                      "仍要恢复吗？此次强制恢复会记入审计日志。").replace("%1", "\n".join(info.audit.lines())))
        answer = QMessageBox.warning(window, title, warning,
                                     QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                     QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        window.statusBar().showMessage(tr("已取消，数据库未改动"), 5000)
        return None
    outcome = run_with_progress(window, tr("正在恢复数据库…"), lambda _progress: backup.restore(path, force=force))
    everything_changed()  # the file was replaced (or, refused, left as it was: read again all the same)
    if not outcome.ok:
        QMessageBox.warning(window, title, tr("未恢复：%1").replace("%1", outcome.error))
        return None
    result: backup.RestoreResult = outcome.result
    text = tr("已用 %1 恢复数据库。\n\n恢复前的数据库已备份到：\n%2").replace("%1", str(result.file)) \
        .replace("%2", str(result.safety_copy))
    if result.migrated:
        text += "\n\n" + tr("备份的结构版本为 %1，已升级到当前版本。").replace("%1", str(result.schema_version))
    if result.forced:
        text += "\n\n" + tr("已强制恢复：该文件的审计日志校验未通过，此次恢复已记入审计日志。")
    window.statusBar().showMessage(tr("已恢复数据库；恢复前的备份：%1").replace("%1", str(result.safety_copy)), 8000)
    QMessageBox.information(window, title, text)
    _login_again(window)
    return result


def _login_again(window: QWidget) -> None:
    """The restored file has its own users: the login is checked against them (require reads the
    user again), and asked for when it is gone."""

    auth.allowed("backup")  # re-reads the logged-in user in the restored database
    if auth.has_users() and auth.current() is None:
        login_dialog.log_in(window)
    if hasattr(window, "show_user"):
        window.show_user()


class AutoBackup(QObject):
    """The day's automatic backup in a thread of its own; the window's status bar says how it went.

    It reads the database file through its own SQLite connection, so the window goes on at once
    and a failure never stops anything: it only shows in the status bar.
    """

    finished = Signal(bool, str)

    def __init__(self, window: QWidget, path: Path):
        super().__init__(window)
        self.window = window
        self.path = path
        self.thread: threading.Thread | None = None
        self.ok: bool | None = None
        self.message = ""
        self.finished.connect(self._show)  # a slot of an object of the GUI thread: queued there

    def start(self) -> threading.Thread:
        self.thread = threading.Thread(target=self._run, name="govoffice-auto-backup")
        self.thread.start()
        return self.thread

    def _run(self) -> None:
        try:
            result = backup.auto_backup(path=self.path)
        except Exception as exc:  # noqa: BLE001 - whatever it was, the window starts regardless
            ok, message = False, tr("自动备份失败：%1").replace("%1", str(exc))
        else:
            ok = True
            message = (tr("已自动备份到 %1").replace("%1", str(result.made.file)) if result.made
                       else tr("今天已有自动备份"))
        try:
            self.finished.emit(ok, message)
        except RuntimeError:  # the window closed while the backup ran
            pass

    @Slot(bool, str)
    def _show(self, ok: bool, message: str) -> None:
        self.ok, self.message = ok, message
        self.window.statusBar().showMessage(message, 8000 if ok else 0)


def start_auto_backup(window: QWidget) -> AutoBackup | None:
    """Start the daily backup of the open database, when it is a file; None otherwise."""
    try:
        path = backup.database_file()
    except backup.BackupRefused:
        return None  # a server or memory: nothing to back up here
    job = AutoBackup(window, path)
    job.start()
    return job
