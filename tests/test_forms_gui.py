"""Every dialog of the window, opened on the demo office (tests/form_catalogue.py finds them all):

- every record form (ui/form_keys.FormDialog: forms.ServiceDialog, the login forms, 调整列对应) opens
  on its first field, Tab walks its fields in reading order (top to bottom, a row left to right, a
  column before the column to its right) and ends on 确定/取消, Enter goes on field by field and saves
  in the last (in a text box of several lines Enter is a new line and Ctrl+Enter saves, which the OK
  button says), Esc cancels;
- no dialog draws a field or a label over another, and none has a widget left outside its layout
  (the 改动办结时限时写明原因 box that sat over 来源 in 新建督办).

A dialog class added without an opener in the catalogue fails test_every_dialog_can_be_opened."""
from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QAbstractSlider, QAbstractSpinBox,
                               QComboBox, QDialog, QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton,
                               QScrollArea, QSizeGrip, QSizePolicy, QTabBar, QWidget)

from govoffice_desktop.models import db
from govoffice_desktop.services import auth
from govoffice_desktop.ui.form_keys import TITLE_BAR, FormDialog, is_button_of_box, multi_line
from tests import form_catalogue as catalogue

OFFICE = catalogue.Office()  # the demo's records, loaded by the office fixture
CLASSES = {catalogue.key_of(c): c for c in catalogue.dialog_classes()}
EVERY = [(name, key, opener) for name, key, opener in catalogue.opened(OFFICE)]
FORMS = [entry for entry in EVERY if issubclass(CLASSES[entry[1]], FormDialog)]


def ids(entries):
    return [name for name, _key, _opener in entries]


@pytest.fixture(scope="module")
def office(demo_file, tmp_path_factory, qapp):
    path = tmp_path_factory.mktemp("forms") / "demo.db"
    shutil.copy(demo_file, path)
    db.open_database(path)
    auth.authenticate("admin", "demo")
    OFFICE.load()
    yield OFFICE
    auth.logout()
    db.close_database()


@pytest.fixture
def show(qtbot, office, settings_dir):
    """Open a dialog from the catalogue, shown at its default size and active."""
    def shown(opener) -> QDialog:
        dialog = opener()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog
    return shown


# ---------------------------------------------------------------- geometry
def rect_in(dialog: QWidget, w: QWidget) -> QRect:
    """``w``'s rectangle in the dialog, cut to what its parents show of it (a scroll area's view)."""
    rect = QRect(w.mapTo(dialog, QPoint(0, 0)), w.size())
    parent = w.parentWidget()
    while parent is not None and parent is not dialog:
        rect = rect.intersected(QRect(parent.mapTo(dialog, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect


def same_line(a: QRect, b: QRect) -> bool:
    return a.top() <= b.bottom() and b.top() <= a.bottom()


def before(a: QRect, b: QRect) -> bool:
    """``a`` is read before ``b``: on a line above it, or on its line to its left."""
    return (a.bottom() < b.top()) or (same_line(a, b) and a.left() < b.left())


def reading_step(a: QRect, b: QRect) -> bool:
    """Going from ``a`` to ``b`` reads on: to the right on the same line, down to a later line
    (back to the left edge of a column), or up to the top of a column wholly to the right."""
    if same_line(a, b):
        return b.left() >= a.right()
    if b.top() > a.top():
        return True
    return b.left() > a.right()


# ---------------------------------------------------------------- the focus chain
def tab_chain(dialog: QDialog, start: QWidget) -> list[QWidget]:
    """The widgets Tab stops at, from ``start`` round to the last before ``start`` again."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    assert dialog.focusWidget() is start
    chain = [start]
    for _ in range(300):
        dialog.focusNextPrevChild(True)
        w = dialog.focusWidget()
        if w is start:
            return chain
        assert w not in chain, f"Tab goes round without coming back to {describe(start)}: {describe(w)} again"
        chain.append(w)
    raise AssertionError("Tab never comes back to the first field")


def describe(w: QWidget | None) -> str:
    if w is None:
        return "None"
    text = ""
    for attr in ("text", "placeholderText", "currentText"):
        getter = getattr(w, attr, None)
        if callable(getter) and getter():
            text = getter()
            break
    return f"{type(w).__name__}({w.objectName() or text[:14]!r})"


def top_left(dialog: QDialog, among: list[QWidget]) -> QWidget:
    """The one read first: no other is on a line above it or to its left on its line."""
    rects = {w: rect_in(dialog, w) for w in among}
    return next(w for w in among if not any(before(rects[v], rects[w]) for v in among if v is not w))


def typed_in(dialog: QDialog) -> list[QWidget]:
    """The fields (not the buttons, not a tab widget's tabs) Tab stops at, from the first read."""
    stops = tab_stops(dialog)
    fields = [w for w in stops if not isinstance(w, (QPushButton, QTabBar))]
    return [w for w in tab_chain(dialog, top_left(dialog, fields)) if w in fields]


def tab_stops(dialog: QDialog) -> list[QWidget]:
    """What Tab should stop at, found without the layout: every widget shown and enabled that takes
    Tab, but the insides of compound widgets (a spin box's line edit) and an exclusive group's
    radio buttons after the first."""
    found, groups = [], set()
    for w in dialog.findChildren(QWidget):
        if (w.isWindow() or not w.isVisibleTo(dialog) or not w.isEnabled()
                or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or w.focusProxy() is not None):
            continue
        parent = w.parentWidget()
        if isinstance(parent, (QAbstractSpinBox, QComboBox)) or (
                isinstance(parent, QWidget) and isinstance(parent.parentWidget(), QAbstractScrollArea)
                and not isinstance(parent.parentWidget(), QScrollArea)):
            continue  # inside a compound widget, or a view's editor
        if isinstance(w, QRadioButton):
            group = w.group()
            if group is not None and group.exclusive():
                if id(group) in groups:
                    continue
                groups.add(id(group))
        found.append(w)
    return found


@pytest.mark.parametrize("name,key,opener", FORMS, ids=ids(FORMS))
def test_tab_walks_every_form_in_reading_order(show, name, key, opener):
    dialog = show(opener)
    fields = [w for w in tab_stops(dialog) if not is_button_of_box(w) and not isinstance(w, QTabBar)]
    assert fields, f"{name}: no field to type in"
    stops = tab_stops(dialog)
    rects = {w: rect_in(dialog, w) for w in stops}

    # it opens on its first field (or where it says it starts: a login with the user name filled in)
    opening = dialog.start_at or top_left(dialog, fields)
    assert dialog.focusWidget() is opening, \
        f"{name} opens on {describe(dialog.focusWidget())}, not on its first field {describe(opening)}"

    chain = tab_chain(dialog, top_left(dialog, stops))  # (a tab widget's tabs come before its fields)
    buttons = [w for w in chain if is_button_of_box(w)]
    assert buttons and chain[-len(buttons):] == buttons, \
        f"{name}: 确定/取消 are not the last stops: {[describe(w) for w in chain]}"
    missing = [describe(w) for w in stops if w not in chain]
    assert not missing, f"{name}: Tab never reaches {missing}"
    for a, b in zip(chain, chain[1:]):
        assert reading_step(rects[a], rects[b]), \
            f"{name}: Tab goes from {describe(a)} {rects[a].getRect()} back to {describe(b)} {rects[b].getRect()}"


@pytest.mark.parametrize("name,key,opener", FORMS, ids=ids(FORMS))
def test_enter_goes_field_by_field_and_saves_in_the_last_esc_cancels(show, qtbot, name, key, opener):
    dialog = show(opener)
    saved, cancelled = [], []
    dialog.buttons.accepted.disconnect()  # what 确定 would save is the services' tests' business
    dialog.buttons.accepted.connect(lambda: saved.append(True))
    dialog.rejected.connect(lambda: cancelled.append(True))
    fields = typed_in(dialog)
    first = fields[0]
    first.setFocus()
    ok = dialog.ok_button
    any_box = any(multi_line(w) for w in dialog.findChildren(QWidget))  # on a tab not shown too
    assert ("Ctrl+Enter" in ok.text()) == any_box, f"{name}: the OK button says {ok.text()!r}"

    for field, following in zip(fields, fields[1:] + [None]):
        assert dialog.focusWidget() is field, f"{name}: Enter went to {describe(dialog.focusWidget())}, " \
                                              f"not {describe(field)}"
        if multi_line(field):  # Enter is a new line there; Tab goes on, Ctrl+Enter saves
            field.moveCursor(QTextCursor.MoveOperation.End)
            text = field.toPlainText()
            qtbot.keyClick(field, Qt.Key.Key_Return)
            assert field.toPlainText() == text + "\n" and dialog.focusWidget() is field and not saved, \
                f"{name}: Enter in {describe(field)} is not a new line"
            qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            assert saved == [True], f"{name}: Ctrl+Enter in {describe(field)} does not save"
            saved.clear()
            qtbot.keyClick(field, Qt.Key.Key_Tab)
            if following is None:
                qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Enter,
                               Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier)
        else:
            qtbot.keyClick(field, Qt.Key.Key_Return)
        if following is not None:
            assert not saved, f"{name}: Enter in {describe(field)} saves before the last field"
    assert saved == [True], f"{name}: Enter in its last field {describe(fields[-1])} does not save"

    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and cancelled == [True] and saved == [True], f"{name}: Esc does not cancel"


def test_enter_in_a_table_cell_ends_its_editing_only(show, qtbot):
    """新签责任状's targets are typed in a table: Enter there ends the cell, it does not save the
    contract; Enter on the table (not editing), its last field, saves."""
    from govoffice_desktop.ui.contract_dialog import NewContractDialog

    dialog = show(lambda: catalogue.make(NewContractDialog, catalogue.AS_OF.year))
    saved = []
    dialog.buttons.accepted.disconnect()
    dialog.buttons.accepted.connect(lambda: saved.append(True))
    table = dialog.targets
    table.setFocus()
    table.setCurrentCell(0, 0)
    table.edit(table.currentIndex())
    editor = dialog.focusWidget()
    assert editor is not table and table.isAncestorOf(editor)
    qtbot.keyClicks(editor, "A1")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(0, 0) is not None and table.item(0, 0).text() == "A1")
    assert not saved
    qtbot.waitUntil(lambda: dialog.focusWidget() is table)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert saved == [True]


# ---------------------------------------------------------------- nothing drawn over anything
SCREEN = QSize(1280, 720)  # the smallest screen the office works on
LEAVES = (QLabel, QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton, QAbstractSlider, QProgressBar, QTabBar)


def leaves(dialog: QDialog) -> list[QWidget]:
    """The fields and labels shown: widgets that draw something of their own (a container, a
    group box, a scroll area or a tab widget is looked into instead)."""
    out = []

    def visit(parent: QWidget) -> None:
        for w in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if w.isWindow() or not w.isVisibleTo(dialog):
                continue
            if isinstance(w, LEAVES) or (isinstance(w, QAbstractScrollArea) and not isinstance(w, QScrollArea)):
                out.append(w)
            else:
                visit(w)

    visit(dialog)
    return out


def managed(container: QWidget) -> set[int]:
    """The widgets ``container``'s layout places (nested layouts included)."""
    out = set()

    def visit(layout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.widget() is not None:
                out.add(id(item.widget()))
            elif item.layout() is not None:
                visit(item.layout())

    visit(container.layout())
    return out


def unlaid(dialog: QDialog) -> list[QWidget]:
    """Widgets shown in a container that has a layout, but not placed by it."""
    out = []
    for container in [dialog, *dialog.findChildren(QWidget)]:
        if container.layout() is None or not container.isVisibleTo(dialog) and container is not dialog:
            continue
        if type(container).__module__.startswith("PySide6") and type(container) not in (QWidget,):
            from PySide6.QtWidgets import QDialogButtonBox, QFrame, QGroupBox
            if type(container) not in (QDialogButtonBox, QFrame, QGroupBox):
                continue  # Qt's own widgets place their insides themselves
        placed = managed(container)
        for w in container.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not w.isWindow() and w.isVisibleTo(dialog) and id(w) not in placed and not isinstance(w, QSizeGrip):
                out.append(w)
    return out


def drawn_badly(dialog: QDialog, name: str) -> None:
    """No widget outside the layout, no two fields or labels over each other, none squashed, and
    the whole on a 1280×720 screen."""
    drawn_over(dialog, name)
    frame = dialog.frameGeometry()
    assert frame.width() <= SCREEN.width() and max(frame.height(), dialog.height() + TITLE_BAR) <= SCREEN.height(), \
        f"{name}: {dialog.width()}×{dialog.height()} does not fit a {SCREEN.width()}×{SCREEN.height()} screen"


def drawn_over(dialog: QWidget, name: str) -> None:
    """No widget outside the layout, no two fields or labels over each other, none squashed (a
    dialog, or a window and its pages: tests/test_dashboard_gui.py)."""
    loose = [describe(w) for w in unlaid(dialog)]
    assert not loose, f"{name}: shown outside the layout: {loose}"
    shown = [(w, rect_in(dialog, w)) for w in leaves(dialog)]
    shown = [(w, r) for w, r in shown if r.width() > 0 and r.height() > 0]
    clashes = [(describe(a), describe(b)) for i, (a, ra) in enumerate(shown) for b, rb in shown[i + 1:]
               if ra.intersects(rb)]
    assert not clashes, f"{name}: drawn over each other: {clashes}"
    squashed = [f"{describe(w)} {w.width()}×{w.height()}" for w, _r in shown if too_small(w)]
    assert not squashed, f"{name}: squashed smaller than they can be read: {squashed}"


@pytest.mark.parametrize("name,key,opener", EVERY, ids=ids(EVERY))
def test_nothing_is_drawn_over_anything(show, name, key, opener):
    drawn_badly(show(opener), name)


def test_the_deadline_reason_is_asked_for_when_a_deadline_changes(show, office):
    """新建督办 has no 调整时限原因 (it sat, unlaid, over 来源); 修改 shows it in its row under
    办结时限 while the deadline differs from the task's."""
    from govoffice_desktop.ui.supervision_dialogs import TaskDialog

    new = show(lambda: catalogue.make(TaskDialog))
    assert not new.deadline_reason.isVisibleTo(new)
    edit = show(lambda: catalogue.make(TaskDialog, office.task))
    assert not edit.deadline_reason.isVisibleTo(edit)
    height = edit.height()
    edit.deadline.setDate(QDate(office.task.deadline + timedelta(days=5)))
    edit.layout().activate()
    assert edit.deadline_reason.isVisibleTo(edit) and edit.height() > height
    assert rect_in(edit, edit.deadline_reason).top() > rect_in(edit, edit.deadline).bottom()
    assert edit.form.labelForField(edit.deadline_reason).text() == "调整时限原因"
    drawn_badly(edit, "修改督办事项, 办结时限改动后")
    edit.deadline.setDate(QDate(office.task.deadline))
    assert not edit.deadline_reason.isVisibleTo(edit)


def too_small(w: QWidget) -> bool:
    """Shown smaller than it needs: a field lower than its least height, a wrapped label lower than
    its lines."""
    if isinstance(w, QLabel) and w.wordWrap() and w.text():
        return w.height() < w.heightForWidth(w.width())
    need = w.minimumSizeHint()
    return (w.height() < need.height() and w.sizePolicy().verticalPolicy() != QSizePolicy.Policy.Ignored
            and not isinstance(w, QAbstractScrollArea))


# ---------------------------------------------------------------- the catalogue keeps up
def test_every_dialog_can_be_opened():
    """A new dialog class needs an opener in tests/form_catalogue.py, so that the tests above
    check it too."""
    known = {key for _name, key, _opener in EVERY}
    missing = sorted(key for key in CLASSES if key not in known and CLASSES[key].__name__ not in catalogue.BASES)
    assert not missing, f"add these to tests/form_catalogue.py OPENERS: {missing}"
    assert len(FORMS) > 40
