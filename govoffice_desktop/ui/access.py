"""What the logged-in user may do, as the window shows it: actions and buttons guarded by a
permission (``guard``) and the status bar's 当前用户.  Kept apart from ui/forms.py (which
re-exports them) because the main window needs them before its first paint and the forms' other
pieces (dialogs, exports, tables) only later."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QWidget

from govoffice_desktop.services import auth
from govoffice_desktop.services.auth import PERMISSIONS
from govoffice_desktop.ui.bus import bus


class _Guard(QObject):
    """One action or button that needs ``permission``: it is enabled when its own condition holds
    AND the role may do it; otherwise its tooltip gives the service's refusal.  It re-evaluates on
    the bus's ``user_changed``.  An action's own condition is its ``setEnabled`` (the guard
    disables a group of its own, which Qt combines with it); a button's is ``set_enabled``.  The
    service still checks every call: this only spares a refused form."""

    def __init__(self, target, permission: str):
        super().__init__(target)
        self.target, self.permission = target, permission
        self.tip = target.toolTip()
        self.refusal: str | None = None
        self._setting_tip = False
        if isinstance(target, QAction):
            target.changed.connect(self._tip_changed)
            self.group = QActionGroup(self)
            self.group.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
            target.setActionGroup(self.group)  # (QActionGroup.addAction would make the group own it)
        else:
            self.group = None
            self.wanted = not target.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
            target.installEventFilter(self)
        bus().user_changed.connect(self.apply)

    def want(self, on) -> None:
        self.wanted = bool(on)
        self._show()

    def apply(self) -> None:
        """Enabled or not for the user logged in now."""
        now = refusal(self.permission)
        if now is None and self.refusal is not None:
            self._set_tip(self.tip)
        elif now is not None:
            if self.refusal is None:
                self.tip = self.target.toolTip()
            self._set_tip(now)
        self.refusal = now
        self._show()

    def _set_tip(self, text: str) -> None:
        self._setting_tip = True
        try:
            self.target.setToolTip(text)
        finally:
            self._setting_tip = False

    def _tip_changed(self) -> None:
        """The tab gave the target a tooltip of its own: kept for later, the refusal still shown."""
        if self.refusal is None or self._setting_tip:
            return
        tip = self.target.toolTip()
        if tip != self.refusal:
            self.tip = tip
            self._set_tip(self.refusal)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ToolTipChange:
            self._tip_changed()
        return False

    def _show(self) -> None:
        if self.group is not None:
            self.group.setEnabled(self.refusal is None)
        else:
            self.target.setEnabled(self.wanted and self.refusal is None)


def _guard_of(target) -> _Guard | None:
    return target.findChild(_Guard, options=Qt.FindChildOption.FindDirectChildrenOnly)


def refusal(permission: str) -> str | None:
    """Why the logged-in user may not do ``permission`` at all (the service's words), or None.
    A permission a 科室录入员 has for their own section's records counts as allowed: the service
    checks the record's section when it is saved."""

    user = auth.current()
    try:
        auth.require(permission, user.section_id if user is not None else None, read_again=False)
    except auth.PermissionDenied as exc:
        return str(exc)
    return None


def guard(target, permission: str):
    """Let ``target`` (a QAction or a button) be used only by roles that have ``permission``;
    kept up to date on the bus's ``user_changed``.  A guarded button's own condition is set with
    ``set_enabled``.  Returns ``target``."""

    if permission not in PERMISSIONS:
        raise KeyError(permission)
    one = _guard_of(target)
    if one is None:
        one = _Guard(target, permission)
    else:
        one.permission = permission
    one.apply()
    return target


def permission_of(target) -> str | None:
    """The permission ``target`` is guarded by, if any."""
    one = _guard_of(target)
    return one.permission if one is not None else None


def set_enabled(widget: QWidget, on) -> None:
    """A button's own condition: enabled when ``on`` and (if guarded) the role may use it."""
    one = _guard_of(widget)
    if one is None or one.group is not None:
        widget.setEnabled(bool(on))
    else:
        one.want(on)


def user_label() -> str:
    """The status bar's 当前用户: name（role）, or nothing on a database without users."""
    user = auth.current()
    if user is None:
        return ""
    shown = f"{user.full_name or user.name}（{user.role}" + (f"，{user.section.name}" if user.section_id else "") + "）"
    return QCoreApplication.translate("login", "当前用户：%1").replace("%1", shown)
