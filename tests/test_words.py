"""Domain words used as identifiers have one definition, in the models (issue 17, point 6).

The stored values stay the Chinese words; code compares and stores them through the named
constants.  A string literal that *is* such a word (not a message that mentions it) may appear
only in the models module that defines it."""
from __future__ import annotations

import ast
import time
from pathlib import Path

import govoffice_desktop
from govoffice_desktop.models import ratings as rating_models
from govoffice_desktop.models import staff as staff_models

PACKAGE = Path(govoffice_desktop.__file__).parent


def _parse(source: str) -> ast.Module:
    """ast.parse, tried again when Python 3.11.7 says "AST constructor recursion depth mismatch":
    the ast module's depth counter is shared between threads (CPython gh-106905), and a traceback
    formatted at that moment in another thread (3.11 parses the line for its carets) upsets it."""
    for attempt in range(3):
        try:
            return ast.parse(source)
        except SystemError:
            if attempt == 2:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), _parse(path.read_text(encoding="utf-8"))


def _shown(tree) -> set[int]:
    """The string arguments of tr() calls: text shown in the window, not identifiers."""
    return {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("tr", "QT_TRANSLATE_NOOP")
            for arg in node.args}


def _literal_places(word: str) -> set[str]:
    places = set()
    for name, tree in _modules():
        shown = _shown(tree)
        places |= {f"{name}:{node.lineno}" for node in ast.walk(tree)
                   if isinstance(node, ast.Constant) and node.value == word and id(node) not in shown}
    return places


def _modules_spelling(word: str) -> set[str]:
    return {place.split(":")[0] for place in _literal_places(word)}


def test_directions_are_spelt_only_in_the_ratings_models():
    for word in ("下评上", "上评下"):
        places = _literal_places(word)
        assert places and all(p.startswith("models/ratings.py:") for p in places), (word, places)
    assert rating_models.DIRECTIONS == ("下评上", "上评下")  # the stored values did not change


def test_task_statuses_are_spelt_only_in_the_supervision_models():
    from govoffice_desktop.models import supervision as supervision_models

    assert supervision_models.TASK_STATUSES == ("办理中", "已办结", "已撤销")
    # the tasks page's filter labels (LIGHT_FILTERS, translated where shown) name the lights, not statuses
    for word in ("已办结", "已撤销"):
        assert _modules_spelling(word) <= {"models/supervision.py", "ui/supervision/tasks_page.py"}, word
    # 办理中 is also a welfare request's status (models/staff.py REQUEST_STATUSES)
    assert _modules_spelling("办理中") <= {"models/supervision.py", "models/staff.py", "services/staff/welfare.py",
                                           "services/demo/staff.py", "ui/welfare_dialog.py"}


def test_the_off_staff_statuses_are_defined_once():
    assert set(staff_models.OFF_STAFF) == {"调离", "退休"}
    assert set(staff_models.OFF_STAFF) <= set(staff_models.PERSON_STATUSES)
    spelt = []  # any tuple, list or set written out of exactly these words
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and all(
                    isinstance(e, ast.Constant) for e in node.elts) and {e.value for e in node.elts} == {"调离", "退休"}:
                spelt.append(f"{name}:{node.lineno}")
    assert spelt == [], spelt
    assert _modules_spelling("退休") == {"models/staff.py"}
    assert _modules_spelling("调离") == {"models/staff.py", "models/ratings.py"}  # ratings: the explanation kind


def test_the_closing_domains_are_spelt_only_in_the_rewards_models():
    from govoffice_desktop.models import rewards as reward_models

    assert reward_models.CATEGORIES == ("文印", "车辆燃料", "行车安全", "财务管理", "物品管理", "出差值勤标准", "督查", "其他")
    assert _modules_spelling("文印") <= {"models/rewards.py", "services/person_history.py"}  # there a heading shown
    for word in ("车辆燃料", "行车安全", "督查"):
        assert _modules_spelling(word) == {"models/rewards.py"}, word
    assert _modules_spelling("物品管理") == {"models/rewards.py", "services/rewards/bonus.py"}  # there a page's name
    assert _modules_spelling("出差值勤标准") == {"models/rewards.py", "models/tables.py"}  # there a table's name


def test_roles_are_spelt_only_in_the_users_model():
    from govoffice_desktop.models import users as user_models
    from govoffice_desktop.services import auth

    assert user_models.ROLES == ("管理员", "督查员", "科室录入员", "领导", "文印管理员", "车辆管理员", "文书")
    assert (auth.ADMIN, auth.FLEET) == (user_models.ADMIN, user_models.FLEET)
    for word in user_models.ROLES:
        # schema_check keeps its own 管理员: it reads a database's rows before any model is trusted
        assert _modules_spelling(word) <= {"models/users.py", "models/schema_check.py"}, word


def test_grades_are_spelt_only_in_the_ratings_models_and_the_seeding_migration():
    from govoffice_desktop.models.migrations import GRADE_SCALES

    seeded = [tuple(grade for grade, _points in scale) for scale in GRADE_SCALES.values()]
    assert seeded == [rating_models.SECTION_GRADES, rating_models.PERSON_GRADES, rating_models.SATISFACTION_GRADES]
    for word in rating_models.SECTION_GRADES + rating_models.PERSON_GRADES + rating_models.SATISFACTION_GRADES:
        assert _modules_spelling(word) - {"models/ratings.py", "models/migrations.py"} <= {"services/demo/staff.py"}, word
