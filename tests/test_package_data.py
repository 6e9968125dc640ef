"""The package carries what it reads (issue 19, point 1).

What the program reads at run time lives in ``govoffice_desktop/data`` and is read through
importlib.resources, so an installed wheel or a PyInstaller bundle finds it; no module builds a
path from its own ``__file__`` (that is how ``resources/ledger_fields.json``, outside the
package, was found only by an editable install). The real proof is .ci/wheel-smoke, which
installs the built wheel outside the checkout and runs it; these tests keep the rule cheap.
"""
from __future__ import annotations

import configparser
import fnmatch
import io
import json
import tokenize
from importlib import resources
from pathlib import Path

import govoffice_desktop
from govoffice_desktop import data
from govoffice_desktop.ledgers import mapping

PACKAGE = Path(govoffice_desktop.__file__).resolve().parent
ROOT = PACKAGE.parent


def _tokens():
    """Every module's tokens (tokenize, not ast: Python 3.11.7's ast.parse can fail now and then
    with "AST constructor recursion depth mismatch", CPython gh-106905)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            yield name, token


def _string_value(token: tokenize.TokenInfo) -> str:
    """The text of a string token without its prefix and quotes (an f-string's too)."""
    text = token.string.lstrip("rRbBuUfF")
    quote = text[:3] if text[:3] in ('"""', "\'\'\'") else text[:1]
    return text[len(quote):-len(quote)]


def test_no_module_finds_files_through_its_own_path():
    """``__file__`` (and so ``Path(__file__).parents[2] / "resources"``) is how a module reaches
    outside the package: none uses it."""
    uses = [f"{name}:{token.start[0]}" for name, token in _tokens()
            if token.type == tokenize.NAME and token.string == "__file__"]
    assert uses == []


def test_no_module_names_the_top_level_resources_folder():
    """The top-level resources/ holds the README's screenshots only: no module reads it."""
    places = [f"{name}:{token.start[0]}" for name, token in _tokens() if token.type == tokenize.STRING
              and (_string_value(token) == "resources" or "resources/" in _string_value(token))]
    assert places == []


def test_the_package_data_is_found_through_importlib_resources():
    fields = resources.files("govoffice_desktop.data").joinpath("ledger_fields.json")
    assert fields.is_file()
    assert json.loads(data.read_text("ledger_fields.json")) == mapping._fields_data()
    assert mapping.kind_label("staff") == "人员档案"
    icon = data.file_path("icons/govoffice.svg")
    assert icon is not None and icon.resolve().is_relative_to(PACKAGE)
    assert data.file_path("no-such-file.txt") is None


def test_every_data_file_is_declared_as_package_data():
    """A file added to govoffice_desktop/data but not to setup.cfg's package_data would be in
    the checkout and missing from the wheel."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    patterns = [p.strip() for p in config["options.package_data"]["govoffice_desktop.data"].split(",")]
    folder = PACKAGE / "data"
    files = [p.relative_to(folder).as_posix() for p in folder.rglob("*")
             if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert "ledger_fields.json" in files
    assert [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)] == []


def test_a_fields_file_of_the_same_shape_can_still_be_given(tmp_path):
    path = tmp_path / "fields.json"
    path.write_text(json.dumps({"staff": {"label": "花名册", "fields": {}}}), encoding="utf-8")
    assert mapping.kind_label("staff", path) == "花名册"


def test_the_smoke_shot_saves_a_picture_and_closes_the_window(qtbot, qapp, tmp_path, monkeypatch, capsys):
    """GOVOFFICE_SMOKE_SHOT (the wheel's and the bundle's smoke tests): once the window is shown
    it saves a picture of itself, says so, and closes; without it nothing happens."""
    from PySide6.QtWidgets import QMainWindow, QTabWidget

    from govoffice_desktop import app

    quits = []
    monkeypatch.setattr(qapp, "quit", lambda: quits.append(True))
    window = QMainWindow()
    window.setWindowTitle("政府办公室管理系统")
    window.setCentralWidget(QTabWidget())
    window.centralWidget().addTab(QMainWindow(), "首页")
    qtbot.addWidget(window)
    window.show()
    monkeypatch.delenv(app.SMOKE_SHOT, raising=False)
    app._smoke_shot(qapp, window)
    qtbot.wait(20)
    assert window.isVisible() and quits == []

    shot = tmp_path / "window.png"
    monkeypatch.setenv(app.SMOKE_SHOT, str(shot))
    app._smoke_shot(qapp, window)
    qtbot.waitUntil(lambda: quits == [True])
    assert not window.isVisible() and shot.read_bytes().startswith(b"\x89PNG")
    assert "窗口已打开：政府办公室管理系统，1 个标签页，Qt 的按钮：" in capsys.readouterr().out


def test_the_smoke_shot_of_the_demo_is_taken_once_the_demo_is_written(tmp_path):
    """python main.py --demo with GOVOFFICE_SMOKE_SHOT: the picture shows the demo office and the
    program ends (the shot used to fire inside the demo's progress loop, and the quit was lost)."""
    import os
    import subprocess
    import sys

    from govoffice_desktop import app

    shot = tmp_path / "demo.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               **{app.SMOKE_SHOT: str(shot)})
    result = subprocess.run([sys.executable, "main.py", "--demo"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    assert "窗口已打开" in result.stdout and shot.stat().st_size > 0
