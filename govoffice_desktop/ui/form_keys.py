"""The keys of a record form, set once for every form (forms.ServiceDialog, the login forms,
调整列对应) rather than form by form.

A form opens with the focus on its first field.  Tab follows the layout: the rows of a form top to
bottom, a row left to right, a column of fields before the column beside it, the buttons
(确定, 取消) last.  Enter goes on to the next field and, in the last field, saves; Ctrl+Enter saves
from any field; Esc cancels.  In a text box of several lines Enter starts a new line and Tab goes on
to the next field; the OK button of a form with such a box says 确定（Ctrl+Enter）."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractButton, QBoxLayout, QComboBox, QDialog, QDialogButtonBox,
                               QFormLayout, QGridLayout, QLayout, QPlainTextEdit, QPushButton, QRadioButton,
                               QScrollArea, QSplitter, QStackedWidget, QTabBar, QTabWidget, QTextEdit, QToolBox,
                               QToolButton, QWidget)

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
SAVE_KEYS_TEXT = "Ctrl+Enter"
TITLE_BAR = 40  # px kept for the window's title bar when a form is fitted to the screen


def tr(text: str) -> str:
    return QCoreApplication.translate("forms", text)


def laid_out(widget: QWidget) -> list[QWidget]:
    """The widgets under ``widget`` in the order its layout shows them: a form's rows top to bottom
    (label, then field), a box's items in its direction, a grid's cells row by row, the pages of a
    tab widget or a scroll area's contents in their place.  ``widget`` itself comes first."""
    out: list[QWidget] = []

    def visit_item(item) -> None:
        if item is None:
            return
        if item.widget() is not None:
            visit_widget(item.widget())
        elif item.layout() is not None:
            visit_layout(item.layout())

    def visit_layout(layout: QLayout) -> None:
        if isinstance(layout, QFormLayout):
            for row in range(layout.rowCount()):
                for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole,
                             QFormLayout.ItemRole.SpanningRole):
                    visit_item(layout.itemAt(row, role))
        elif isinstance(layout, QGridLayout):
            cells = sorted(range(layout.count()), key=lambda i: layout.getItemPosition(i)[:2])
            for i in cells:
                visit_item(layout.itemAt(i))
        else:
            items = [layout.itemAt(i) for i in range(layout.count())]
            if isinstance(layout, QBoxLayout) and layout.direction() in (QBoxLayout.Direction.RightToLeft,
                                                                          QBoxLayout.Direction.BottomToTop):
                items.reverse()
            for item in items:
                visit_item(item)

    def visit_widget(w: QWidget) -> None:
        if w.isWindow() and out:
            return
        if isinstance(w, QTabWidget):
            out.append(w.tabBar())
            pages = [w.widget(i) for i in range(w.count())]
        elif isinstance(w, QToolBox):
            pages = [w.widget(i) for i in range(w.count())]
        elif isinstance(w, (QStackedWidget, QSplitter)):
            out.append(w)
            pages = [w.widget(i) for i in range(w.count())]
        elif isinstance(w, QScrollArea):
            out.append(w)
            pages = [w.widget()] if w.widget() is not None else []
        else:
            out.append(w)
            pages = []
            if w.layout() is not None:
                visit_layout(w.layout())
        for page in pages:
            visit_widget(page)

    visit_widget(widget)
    return out


def takes_tab(w: QWidget) -> bool:
    return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)


def tab_order(dialog: QWidget) -> list[QWidget]:
    """The widgets Tab visits, in the layout's order (hidden or disabled ones included: Tab skips
    them while they are)."""
    return [w for w in laid_out(dialog)[1:] if takes_tab(w)]


def is_button_of_box(w: QWidget | None) -> bool:
    return isinstance(w, QAbstractButton) and isinstance(w.parentWidget(), QDialogButtonBox)


def multi_line(w: QWidget) -> bool:
    return isinstance(w, (QPlainTextEdit, QTextEdit)) and not w.isReadOnly()


def accept_buttons(dialog: QWidget) -> list[QAbstractButton]:
    return [b for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()
            if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole]


def set_keys(dialog: QDialog) -> None:
    """Tab in the layout's order, Tab out of text boxes, Ctrl+Enter to save (said on the OK button
    where Enter starts a new line)."""
    order = tab_order(dialog)
    for first, second in zip(order, order[1:]):
        QWidget.setTabOrder(first, second)
    boxes = [w for w in order if multi_line(w)]
    for box in boxes:
        box.setTabChangesFocus(True)
    for combo in order:  # an editable choice would take Enter as "accept the completion"
        if isinstance(combo, QComboBox) and combo.isEditable():
            combo.installEventFilter(dialog)
    oks = accept_buttons(dialog)
    if oks:
        for keys in SAVE_KEYS:
            shortcut = QShortcut(QKeySequence(keys), dialog)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda ok=oks[0]: ok.click() if ok.isEnabled() and ok.isVisible() else None)
        if boxes and SAVE_KEYS_TEXT not in oks[0].text():
            oks[0].setText(tr("%1（%2）").replace("%1", oks[0].text()).replace("%2", SAVE_KEYS_TEXT))


def is_field(w: QWidget, dialog: QWidget) -> bool:
    """Somewhere to type or choose, shown and enabled now: not a push button, not the tabs of a
    tab widget (a form opens on the first field of the page shown)."""
    return (w.isVisibleTo(dialog) and w.isEnabled() and takes_tab(w)
            and not isinstance(w, (QPushButton, QToolButton, QTabBar)))


def first_field(dialog: QWidget) -> QWidget | None:
    return next((w for w in tab_order(dialog) if is_field(w, dialog)), None)


def _group(w: QWidget):
    group = w.group() if isinstance(w, QRadioButton) else None
    return group if group is not None and group.exclusive() else None


def field_after(dialog: QWidget, w: QWidget) -> QWidget | None:
    """The field Enter goes on to from ``w`` (Tab's next stop that is a field), or None in the
    last field.  The radio buttons of one choice are one stop, as for Tab."""
    order = tab_order(dialog)
    while w is not None and w not in order:  # inside a compound field
        w = w.parentWidget()
    if w is None:
        return None
    here = _group(w)
    for candidate in order[order.index(w) + 1:]:
        if is_field(candidate, dialog) and (here is None or _group(candidate) is not here):
            return candidate
    return None


def is_enter(event) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
        not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


class FormDialog(QDialog):
    """A record form: the fields, then ``self.buttons`` (``ok_text``, default 确定, and 取消) wired to
    accept and reject; the keys of the module's docstring.  A form opens on ``start_at`` when it
    names a field there (a login whose user name is filled in opens on 密码), else on its first
    field."""

    start_at: QWidget | None = None

    def __init__(self, parent: QWidget | None = None, ok_text: str | None = None):
        super().__init__(parent)
        self._keys_set = False
        self._shown = False
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.Polish and not self._keys_set:  # built, not yet shown
            self._keys_set = True
            set_keys(self)
        return super().event(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.fit_height()
            field = self.opening_field()
            if field is not None:
                field.setFocus(Qt.FocusReason.OtherFocusReason)

    def fit_height(self) -> None:
        """Tall enough for every row and every wrapped line: Qt opens a window at no more than two
        thirds of the screen's height, which on a 1280×720 screen squashed the longer forms (文稿登记's
        spin boxes, its notes cut short).  Up to the screen's height, less a title bar."""
        need = self.heightForWidth(self.width())
        if need < 0:
            need = self.sizeHint().height()
        screen = self.screen()
        if screen is not None:
            need = min(need, screen.availableGeometry().height() - TITLE_BAR)
        if need > self.height():
            self.resize(self.width(), need)

    def keyPressEvent(self, event) -> None:
        """Enter (which a field passes on) goes to the next field; in the last field the dialog
        takes it as 确定."""
        if is_enter(event):
            focus = self.focusWidget()
            if focus is not None and not isinstance(focus, QPushButton) and self.next_field(focus):
                event.accept()
                return
        super().keyPressEvent(event)

    def eventFilter(self, watched, event) -> bool:
        """Enter in an editable choice's text: on to the next field, or 确定 in the last."""
        if event.type() == QEvent.Type.KeyPress and is_enter(event) and isinstance(watched, QWidget):
            if not self.next_field(watched):
                self.keyPressEvent(event)  # QDialog's: the default button, 确定
            return True
        return super().eventFilter(watched, event)

    def next_field(self, focus: QWidget) -> bool:
        following = field_after(self, focus)
        if following is None:
            return False
        following.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def opening_field(self) -> QWidget | None:
        """Where the form opens: ``start_at`` if it can take the focus now, else the first field."""
        chosen = self.start_at
        if chosen is not None and chosen.isVisibleTo(self) and chosen.isEnabled():
            return chosen
        return first_field(self)
