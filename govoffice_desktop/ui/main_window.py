"""The main window: eight tabs, the menus, the status bar, and the window's remembered state."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget

from govoffice_desktop import __version__
from govoffice_desktop.models import db
from govoffice_desktop.services import auth, office
from govoffice_desktop.ui import instance_lock
from govoffice_desktop.ui.access import guard, user_label
from govoffice_desktop.ui.bus import bus, everything_changed
from govoffice_desktop.ui.page import LazyPage, Page
from govoffice_desktop.ui.worker import run_with_progress


class MainWindow(QMainWindow):
    SMALLEST = QSize(480, 320)  # a remembered size below this is not restored

    def __init__(self, db_label: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("政府办公室管理系统"))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.pages: dict[str, LazyPage] = {}
        # Each tab is built when first shown, its module imported then (ui/page.LazyPage).
        for key, module, name, title in (("dashboard", "dashboard_tab", "DashboardTab", self.tr("首页")),
                                         ("staff", "staff_tab", "StaffTab", self.tr("人员档案")),
                                         ("typing_pool", "typing_pool_tab", "TypingPoolTab", self.tr("文印管理")),
                                         ("fleet", "fleet_tab", "FleetTab", self.tr("车辆油耗")),
                                         ("ratings", "ratings_tab", "RatingsTab", self.tr("季度评议")),
                                         ("supervision", "supervision", "SupervisionTab", self.tr("督查督办")),
                                         ("rewards", "rewards", "RewardsTab", self.tr("奖惩与奖金")),
                                         ("documents", "documents_tab", "DocumentsTab", self.tr("文电办理"))):
            page = LazyPage(key, f"govoffice_desktop.ui.{module}", name, self, built=self._page_built)
            self.pages[key] = page
            self.tabs.addTab(page, title)
            page.status_message.connect(lambda text, page=page: self._page_message(page, text))
            page.import_requested.connect(self.import_ledger_file)
        self.tabs.currentChanged.connect(self._tab_changed)

        # the count of the list shown (共 12 条): its own place, never covered by a passing message
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.count_label.setContentsMargins(0, 0, 12, 0)
        self.statusBar().addPermanentWidget(self.count_label)
        bus().count_changed.connect(self.show_count)
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self.set_db_label(db_label)
        self.user_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.user_label)
        self._build_menus()
        self._show_user_label()
        self._restore()

    def _page_built(self, page) -> None:
        """A tab's page, just built: 首页's links open their records here, and it shows its figures."""
        if page.key == "dashboard":
            page.record_opened.connect(self.open_record)
            page.refresh()  # its figures, once (later refreshes come from the change bus)

    # -- menus
    def _action(self, text: str, slot, shortcut=None, menu=None, fallback: str | None = None,
                permission: str | None = None) -> QAction:
        """An action; a standard shortcut the platform lacks (e.g. Quit on Linux) gets ``fallback``;
        with ``permission``, offered only to roles that have it (forms.guard)."""
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys = QKeySequence.keyBindings(shortcut)
            if not keys and fallback:
                keys = [QKeySequence(fallback)]
            action.setShortcuts(keys)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        if permission is not None:

            guard(action, permission)
        return action

    def show_print_settings(self) -> None:
        from govoffice_desktop.ui import printing

        printing.show_print_settings(self)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        file_menu.setToolTipsVisible(True)  # a disabled entry says why
        self._action(self.tr("新建数据库(&N)…"), self.new_database, QKeySequence.StandardKey.New, file_menu)
        self._action(self.tr("打开数据库(&O)…"), self.open_database, QKeySequence.StandardKey.Open, file_menu)
        file_menu.addSeparator()
        self._action(self.tr("导入台账(&I)…"), self.import_ledger, "Ctrl+I", file_menu)
        self._action(self.tr("导出当前表(&E)…"), self._export_current, "Ctrl+E", file_menu)
        self._action(self.tr("打印设置(&P)…"), self.show_print_settings, None, file_menu)
        file_menu.addSeparator()
        self._action(self.tr("单位名称(&U)…"), self.ask_office_name, None, file_menu,
                     permission="users.manage")
        self._action(self.tr("备份数据库(&B)…"), self.backup_database, None, file_menu,
                                          permission="backup")
        self._action(self.tr("恢复数据库(&R)…"), self.restore_database, None, file_menu,
                                           permission="backup")
        file_menu.addSeparator()
        self._action(self.tr("退出(&X)"), self.close, QKeySequence.StandardKey.Quit, file_menu, "Ctrl+Q")

        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        self._action(self.tr("复制(&C)"), lambda: self.current_page().copy_selection(),
                     QKeySequence.StandardKey.Copy, edit_menu)
        self._action(self.tr("全选(&A)"), self._select_all, QKeySequence.StandardKey.SelectAll, edit_menu)
        edit_menu.addSeparator()
        self._action(self.tr("查找(&F)"), lambda: self.current_page().focus_search(),
                     QKeySequence.StandardKey.Find, edit_menu)

        view_menu = bar.addMenu(self.tr("视图(&V)"))
        self._action(self.tr("刷新(&R)"), self.refresh_current, QKeySequence.StandardKey.Refresh, view_menu, "F5")
        self.fullscreen_action = self._action(self.tr("全屏(&U)"), self._toggle_fullscreen,
                                              QKeySequence.StandardKey.FullScreen, view_menu, "F11")
        view_menu.addSeparator()
        for i in range(self.tabs.count()):
            self._action(self.tabs.tabText(i), lambda _=False, i=i: self.tabs.setCurrentIndex(i),
                         f"Ctrl+{i + 1}", view_menu)

        user_menu = bar.addMenu(self.tr("用户(&U)"))
        user_menu.setToolTipsVisible(True)
        self._action(self.tr("切换用户(&S)…"), self.switch_user, None, user_menu)
        self._action(self.tr("修改密码(&P)…"), self.change_password, None, user_menu)
        user_menu.addSeparator()
        self._action(self.tr("用户管理(&M)…"), self.manage_users, None, user_menu,
                                            permission="users.manage")
        self._action(self.tr("审计日志(&L)…"), self.show_audit_log, None, user_menu,
                                            permission="audit.view")

        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        self._action(self.tr("关于(&A)"), self.about, None, help_menu)
        self._action(self.tr("关于 Qt"), QApplication.aboutQt, None, help_menu)

    # -- actions
    def current_page(self) -> Page:
        return self.tabs.currentWidget()

    def refresh_current(self) -> None:
        """F5: every tab reads its data again (the one shown at once, the others when next shown)."""
        everything_changed()

    def _select_all(self) -> None:
        self.current_page().select_all()

    def _toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def _tab_changed(self, index: int) -> None:
        self.statusBar().clearMessage()  # a word about the tab left behind
        self.count_label.setText(self.tabs.widget(index).count_text())  # a stale page reloads itself (ui/bus.py)

    def show_count(self) -> None:
        """The status bar's count: the page shown's (a page not built yet is not built for it)."""
        page = self.tabs.currentWidget()
        self.count_label.setText(page.count_text() if page is not None and page.is_built() else "")

    # -- opening a record from 首页
    def open_record(self, tab: str, kind: str, key) -> bool:
        """Switch to the tab that holds the record and select it (a search or filter hiding it is
        cleared); the status bar says when it cannot be shown."""
        page = self.pages.get(tab)
        if page is None:
            return False
        self.tabs.setCurrentWidget(page)
        found = page.open_record(kind, key)
        if not found:
            self._show_message(self.tr("未能在“%1”中找到这条记录").replace("%1", self.tabs.tabText(self.tabs.indexOf(page))))
        return found

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def _page_message(self, page, text: str) -> None:
        """A tab's word for the status bar, said only while that tab is shown (首页 read again
        behind another tab does not say so over it)."""
        if page is self.tabs.currentWidget():
            self._show_message(text)

    # -- logins
    def _show_user_label(self) -> None:

        self.user_label.setText(user_label() if auth.has_users() else self.tr("未设用户（所有人可用全部功能）"))

    def show_user(self) -> None:
        """After a login, a switch of user or a logout: the status bar says who, and the bus's
        ``user_changed`` re-evaluates the guarded actions and has the tabs read their data again."""
        self._show_user_label()
        bus().user_changed.emit()

    def switch_user(self) -> bool:
        """切换用户: the login again; the tabs then show what the new user may see."""

        from govoffice_desktop.ui import login_dialog  # the dialogs loaded when first asked for, not at start

        if not auth.has_users():
            return self.manage_users()
        previous = auth.current()
        if not login_dialog.log_in(self):
            auth.login_as(previous)
            return False
        self.show_user()
        return True

    def change_password(self) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        from govoffice_desktop.ui.login_dialog import PasswordDialog

        if auth.current() is None:
            QMessageBox.information(self, self.tr("修改密码"), self.tr("还没有登录：这个数据库尚未设置用户。"))
            return
        if PasswordDialog(self).exec() == QDialog.DialogCode.Accepted:
            self._show_message(self.tr("密码已修改"))

    def manage_users(self) -> bool:
        """用户管理 (administrators); on a database without users, setting its first administrator."""
        from PySide6.QtWidgets import QDialog, QMessageBox

        from govoffice_desktop.ui.login_dialog import FirstAdminDialog, UsersDialog

        if not auth.has_users():
            done = FirstAdminDialog(self).exec() == QDialog.DialogCode.Accepted
            self.show_user()
            return done
        if not auth.allowed("users.manage"):
            QMessageBox.warning(self, self.tr("用户管理"), self.tr("只有管理员可以管理用户"))
            return False
        UsersDialog(self).exec()
        self.show_user()  # one's own role may have changed
        return True

    def ask_office_name(self) -> None:
        from govoffice_desktop.ui import first_start  # the dialogs of the menus: imported when used

        first_start.ask_office_name(self)

    def show_audit_log(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from govoffice_desktop.ui.audit_dialog import AuditDialog

        try:
            dialog = AuditDialog(self)
        except auth.PermissionDenied as exc:
            QMessageBox.warning(self, self.tr("审计日志"), str(exc))
            return
        dialog.exec()

    def set_db_label(self, label: str) -> None:
        self.db_label.setText(self.tr("数据库：%1").replace("%1", label) if label else "")
        self.db_label.setToolTip(label)

    # -- backups, restore, and the one window per database file
    instance_lock = None  # the QLockFile beside the open database file (ui/instance_lock.py)

    def backup_database(self):
        from govoffice_desktop.ui import backup_actions

        return backup_actions.backup_database(self)

    def restore_database(self, path: str | None = None):
        from govoffice_desktop.ui import backup_actions

        return backup_actions.restore_database(self, path)

    auto_backup = None  # the day's automatic backup once begun (ui/backup_actions.AutoBackup)
    BACKUP_AT_THE_LATEST_MS = 2000  # a window not painted by then (never exposed) backs up regardless
    _backup_pending = False

    def start_auto_backup(self):
        """The day's automatic backup of the open file, in its own thread (status bar says how)."""
        from govoffice_desktop.ui import backup_actions

        self._backup_pending = False
        self.auto_backup = backup_actions.start_auto_backup(self)
        return self.auto_backup

    def start_auto_backup_once_shown(self) -> None:
        """``start_auto_backup`` once the window has first painted (at the latest after
        BACKUP_AT_THE_LATEST_MS): begun before, its start (the backup module, a thread reading the
        file) would hold up the window appearing."""
        self._backup_pending = True
        QTimer.singleShot(self.BACKUP_AT_THE_LATEST_MS, self._start_pending_backup)

    def _start_pending_backup(self) -> None:
        if self._backup_pending:
            self.start_auto_backup()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._backup_pending:
            QTimer.singleShot(0, self._start_pending_backup)

    def hold_lock(self, lock) -> None:
        """Keep ``lock`` for the open database, letting go of the one before."""

        if lock is not self.instance_lock:
            instance_lock.release(self.instance_lock)
        self.instance_lock = lock

    def _switch_database(self, path: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        same = self.instance_lock is not None and instance_lock.lock_path(path) == Path(self.instance_lock.fileName())
        try:
            lock = self.instance_lock if same else instance_lock.acquire(path)
        except instance_lock.InstanceLocked as exc:
            QMessageBox.critical(self, self.tr("无法打开数据库"), str(exc))
            return
        try:
            db.open_database(path)
        except (db.DatabaseOpenError, RuntimeError) as exc:  # the message says why
            if lock is not self.instance_lock:
                instance_lock.release(lock)
            QMessageBox.critical(self, self.tr("无法打开数据库"),
                                 self.tr("打开 %1 失败：\n%2").replace("%1", path).replace("%2", str(exc)))
            return
        self.hold_lock(lock)

        auth.logout()  # a login belongs to its database
        if auth.has_users():
            from govoffice_desktop.ui import login_dialog

            login_dialog.log_in(self)  # given up: logged out, the tabs show what needs no login
        elif office.needs_first_start():  # a new database made from 文件 → 新建数据库…
            from govoffice_desktop.ui import first_start

            first_start.run(self)
        self.set_db_label(path)
        self.show_user()  # another database: every tab reads it (a change of user reloads everything)
        self.start_auto_backup()

    def _db_filter(self) -> str:
        return self.tr("SQLite 数据库 (*.db *.sqlite *.sqlite3);;所有文件 (*)")

    def new_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getSaveFileName(self, self.tr("新建数据库"), str(Path.home() / "govoffice.db"),
                                              self._db_filter())
        if path:
            if Path(path).exists():
                QMessageBox.warning(self, self.tr("新建数据库"), self.tr("文件已存在，请换一个文件名。"))
                return
            self._switch_database(path)

    def open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开数据库"), str(Path.home()), self._db_filter())
        if path:
            self._switch_database(path)

    def _export_current(self) -> None:
        self.current_page().export_table()

    def import_ledger(self) -> None:
        """文件 → 导入台账…: the current tab says what kind, or the user chooses."""
        from PySide6.QtWidgets import QInputDialog

        from govoffice_desktop.ui.import_dialog import choose_file, kind_titles

        kind = self.current_page().import_kind
        if kind is None:
            titles = kind_titles()
            choice, ok = QInputDialog.getItem(self, self.tr("导入台账"), self.tr("台账类型："), list(titles), 0, False)
            if not ok:
                return
            kind = titles[choice]
        path = choose_file(self)
        if path:
            self.import_ledger_file(kind, path)

    def import_ledger_file(self, kind: str, path: str) -> None:
        from govoffice_desktop.ui.import_dialog import import_file

        import_file(self, kind, path)  # what it wrote is said on the bus by the worker

    def generate_demo(self) -> bool:
        """Fill the (empty) database with the demo office, off the GUI thread."""
        from PySide6.QtWidgets import QMessageBox

        from govoffice_desktop.services import demo  # only `--demo` makes one: the window starts without it

        outcome = run_with_progress(self, self.tr("正在生成演示办公室…"),
                                    lambda progress: demo.generate(progress=progress))
        if not outcome.ok:
            if not outcome.cancelled:
                QMessageBox.warning(self, self.tr("演示数据"),
                                    self.tr("未写入任何数据：%1").replace("%1", outcome.error))
            self._show_message(self.tr("已取消，未写入任何数据"))
        else:

            auth.authenticate("admin", demo.DEMO_PASSWORD)  # the demo's logins all have this password
            self.show_user()
            self._show_message(self.tr("演示办公室：已用 admin（管理员）登录；各演示账号的密码都是 demo"))
        return outcome.ok

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, self.tr("关于政府办公室管理系统"),
            self.tr("<h3>政府办公室管理系统</h3><p>版本 %1</p>"
                    "<p>人员档案、文印管理、车辆油耗、季度评议、督查督办、奖惩与奖金、文电办理，一个程序管起来。</p>"
                    "<p>依据《关于加强政府办公室管理的实践与思考》所述制度设计。</p>").replace("%1", __version__))

    # -- state
    def _restore(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        restored = geometry is not None and self.restoreGeometry(geometry)
        # A size saved by a run that closed before it was laid out (a script, an offscreen start) is
        # no size to work in: such a window opens at the default size instead.
        if not restored or self.width() < self.SMALLEST.width() or self.height() < self.SMALLEST.height():
            self.resize(1200, 760)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        for page in self.pages.values():
            page.restore_state(settings)
        index = settings.value("window/tab", None)
        index = self.home_index() if index is None else int(index)
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    # the tab a role's daily work is on, where the window opens when no tab is remembered
    HOME_TABS = {auth.SECRETARY: "documents"}

    def home_index(self) -> int:
        """首页, or for a 文书 文电办理 (what they register and handle every day)."""
        user = auth.current()
        key = self.HOME_TABS.get(user.role) if user is not None else None
        return self.tabs.indexOf(self.pages[key]) if key in self.pages else 0

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/tab", self.tabs.currentIndex())
        for page in self.pages.values():
            page.save_state(settings)

    def closeEvent(self, event) -> None:
        self.save_settings()
        super().closeEvent(event)
