"""Logging in: the first start's administrator, the login at start, switching user, one's own
password, and the administrator's list of users.  The rules are in services/auth.py."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from govoffice_desktop.services import auth, staff
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.ui.access import user_label  # noqa: F401 - the window's status bar reads it there
from govoffice_desktop.ui.form_keys import FormDialog
from govoffice_desktop.ui.forms import em, fill_table, hint, read_only_table, selected_id
from govoffice_desktop.texts import moment_text


def tr(text: str) -> str:
    return QCoreApplication.translate("login", text)


def _password_field(parent: QWidget | None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("中") * 16)
    return edit


class _Form(FormDialog):
    """A small form: a note on top, the fields, a line in red for a refusal (the dialog stays
    open for another try), and OK / 取消 with OK's own text; the keys of every form
    (ui/form_keys.py)."""

    def __init__(self, parent: QWidget | None, title: str, ok_text: str, rows, note: str = ""):
        super().__init__(parent, ok_text)
        self.setWindowTitle(title)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #d93025;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        for label, widget in rows:
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        if note:
            layout.addWidget(hint(note, self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def same_twice(self, first: QLineEdit, second: QLineEdit) -> bool:
        if first.text() != second.text():
            self.message.setText(tr("两次输入的密码不一样"))
            return False
        return True

    def attempt(self, fn, *args) -> bool:
        """Run the service; its refusal goes in the red line."""
        try:
            fn(*args)
        except BadValue as exc:
            self.message.setText(str(exc))
            return False
        return True


class LoginDialog(_Form):
    """用户名 and 密码; a refusal (wrong password, locked account) is shown in the dialog, which
    stays open for another try."""

    def __init__(self, parent: QWidget | None = None, name: str = "", note: str = ""):
        self.user = None
        self.name = QLineEdit(name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        super().__init__(parent, tr("登录 — 政府办公室管理系统"), tr("登录"),
                         [(tr("用户名："), self.name), (tr("密码："), self.password)], note)
        self.name.setMinimumWidth(em(self, 16))
        if name:  # the user is known: straight to the password
            self.start_at = self.password

    def accept(self) -> None:
        if self.attempt(lambda: setattr(self, "user", auth.authenticate(self.name.text(), self.password.text()))):
            super().accept()
            return
        self.password.clear()
        self.password.setFocus()


class FirstAdminDialog(_Form):
    """The first start on a database without users: the administrator's name and password."""

    def __init__(self, parent: QWidget | None = None):
        self.user = None
        self.name, self.full_name = QLineEdit("admin"), QLineEdit()
        self.password, self.again = _password_field(None), _password_field(None)
        super().__init__(parent, tr("设置管理员"), tr("创建并登录"),
                         [(tr("用户名："), self.name), (tr("姓名："), self.full_name), (tr("密码："), self.password),
                          (tr("再输一遍："), self.again)],
                         tr("这是第一次使用这个数据库。请设置管理员的密码：管理员可以新建其他用户"
                            "（督查员、科室录入员、领导、文印管理员、车辆管理员）并分配权限。"))
        self.start_at = self.password  # 用户名 is filled in (admin)

    def accept(self) -> None:
        def create():
            self.user = auth.create_user(self.name.text(), self.password.text(), auth.ADMIN,
                                         full_name=self.full_name.text())
            auth.authenticate(self.user.name, self.password.text())

        if self.same_twice(self.password, self.again) and self.attempt(create):
            super().accept()


def log_in(parent: QWidget | None = None, name: str = "", note: str = "") -> bool:
    """At start: the first administrator on a database without users, else the login.  False when
    the user gave up."""
    if not auth.has_users():
        dialog = FirstAdminDialog(parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
    dialog = LoginDialog(parent, name, note)
    return dialog.exec() == QDialog.DialogCode.Accepted


class PasswordDialog(_Form):
    """One's own password: the old one, the new one twice."""

    def __init__(self, parent: QWidget | None = None):
        self.old, self.new, self.again = (_password_field(None) for _ in range(3))
        super().__init__(parent, tr("修改密码"), tr("修改"),
                         [(tr("原密码："), self.old), (tr("新密码："), self.new), (tr("再输一遍："), self.again)])

    def accept(self) -> None:
        if self.same_twice(self.new, self.again) and self.attempt(auth.set_password, auth.current(), self.new.text(),
                                                                  self.old.text()):
            super().accept()


class NewUserDialog(_Form):
    def __init__(self, parent: QWidget | None = None):

        self.name, self.full_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for role in auth.ROLES:
            self.role.addItem(role, role)
        self.section = QComboBox()
        self.section.addItem(tr("（不限）"), None)
        for s in staff.active_sections():
            self.section.addItem(s.name, s.id)
        self.password, self.again = _password_field(None), _password_field(None)
        super().__init__(parent, tr("新建用户"), tr("新建"),
                         [(tr("用户名："), self.name), (tr("姓名："), self.full_name), (tr("角色："), self.role),
                          (tr("所在科室（科室录入员）："), self.section), (tr("密码："), self.password),
                          (tr("再输一遍："), self.again)],
                         tr("管理员：全部功能；督查员：督查督办和评议录入；科室录入员：本科室的台账；"
                            "领导：查看全部（含评议结果），不能修改；文印管理员、车辆管理员：各自的台账、标准和结账。"))

    def accept(self) -> None:
        if self.same_twice(self.password, self.again) and self.attempt(
                auth.create_user, self.name.text(), self.password.text(), self.role.currentData(),
                self.section.currentData(), self.full_name.text()):
            super().accept()


class UsersDialog(QDialog):
    """管理员: the users, a new one, a password reset, switching one off or on."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("用户管理"))
        self.table = read_only_table(self, [tr("用户名"), tr("姓名"), tr("角色"), tr("科室"), tr("状态"), tr("上次登录")],
                                     stretch=5)
        add, reset, toggle = (QPushButton(t, self) for t in (tr("新建用户…"), tr("重设密码…"), tr("停用/启用")))
        add.clicked.connect(self.add)
        reset.clicked.connect(self.reset)
        toggle.clicked.connect(self.toggle)
        row = QHBoxLayout()
        for b in (add, reset, toggle):
            row.addWidget(b)
        row.addStretch(1)
        close = QPushButton(tr("关闭"), self)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.resize(em(self, 52), em(self, 26))
        self.reload()

    def reload(self) -> None:
        rows = [(u.name, u.full_name, u.role, u.section.name if u.section_id else "",
                 tr("启用") if u.active else tr("停用"),
                 moment_text(u.last_login) if u.last_login else "") for u in auth.users()]
        fill_table(self.table, rows, [u.id for u in auth.users()])

    def _selected(self):
        return auth.user_by_id(selected_id(self.table))

    def add(self) -> None:
        if NewUserDialog(self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        user = self._selected()
        if user is None:
            return
        password, ok = QInputDialog.getText(self, tr("重设密码"), tr("%1 的新密码：").replace("%1", user.name),
                                            QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            auth.set_password(user, password)
        except BadValue as exc:
            QMessageBox.warning(self, tr("未能修改"), str(exc))
            return
        QMessageBox.information(self, tr("重设密码"), tr("已重设 %1 的密码").replace("%1", user.name))

    def toggle(self) -> None:
        user = self._selected()
        if user is None:
            return
        try:
            auth.set_active(user, not user.active)
        except BadValue as exc:
            QMessageBox.warning(self, tr("未能修改"), str(exc))
        self.reload()




