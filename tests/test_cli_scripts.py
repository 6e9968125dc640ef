"""The command line for scripts and on a fresh machine (issue 19 points 4 and 5): figures as JSON
numbers, the direction in the word given, --version and ``python -m govoffice_desktop``, commands
that only read never making a database, usage errors exiting 2, and a clear word without a display."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from govoffice_desktop import __version__, app, cli
from govoffice_desktop.cli import jsonout
from govoffice_desktop.models import db

ROOT = Path(__file__).resolve().parent.parent


def _json(capsys, argv: list[str]) -> tuple[dict, str]:
    assert app.main(argv) == cli.EXIT_OK
    text = capsys.readouterr().out
    return json.loads(text), text


def _strings_that_are_figures(value, key="") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _strings_that_are_figures(v, k)]
    if isinstance(value, list):
        return [f for v in value for f in _strings_that_are_figures(v, key)]
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return [(key, value)]
    return []


# ---------------------------------------------------------------- point 5: JSON for scripts
def test_the_encoder_writes_figures_as_numbers_and_keeps_text_as_text():
    payload = {"score": "90.67", "total": Decimal("74100.00"), "rank": 1, "mean": Decimal("90.666666"),
               "ratio": 90.66999999999999, "litres": "0.00", "count": "43", "none": None, "ok": True,
               "name": "123", "value": "0012", "plate": "12345", "id": "320102199001011234", "code": "007",
               "created": {"科室": ["2"]}, "errors": [{"value": "-5", "row": 3}], "day": date(2026, 3, 5)}
    out = jsonout.plain(payload)
    assert out == {"score": 90.67, "total": 74100.0, "rank": 1, "mean": 90.67, "ratio": 90.67, "litres": 0.0,
                   "count": 43, "none": None, "ok": True, "name": "123", "value": "0012", "plate": "12345",
                   "id": "320102199001011234", "code": "007", "created": {"科室": ["2"]},
                   "errors": [{"value": "-5", "row": 3}], "day": "2026-03-05"}
    assert isinstance(out["total"], float) and isinstance(out["count"], int)
    text = jsonout.dumps(payload)
    assert '"score": 90.67,' in text and '"mean": 90.67,' in text and "9999" not in text


@pytest.mark.parametrize("argv", [
    ["report", "ratings", "--period", "2026Q3"], ["report", "bonus", "--month", "2026-10"],
    ["report", "fuel", "--from", "2026-10-01", "--to", "2026-10-31"], ["report", "savings", "--month", "2026-10"],
    ["report", "supervision", "--month", "2026-10"], ["report", "typing", "--from", "2026-10-01", "--to", "2026-10-31"],
    ["report", "safe-driving"], ["report", "campaigns"], ["info"]])
def test_every_figure_of_a_report_is_a_json_number_with_at_most_two_decimals(demo_file, capsys, argv):
    payload, text = _json(capsys, ["--db", str(demo_file), *argv, "--json"])
    assert _strings_that_are_figures(payload) == []
    assert not re.search(r"\d\.\d{3,}", text), text[:2000]  # money and scores: two decimals, no 90.66999
    if argv[-1] == "2026Q3":
        assert all(isinstance(r["score"], float) and isinstance(r["rank"], int) for r in payload["ranking"])
    if argv[1:2] == ["bonus"]:
        assert isinstance(payload["total"], float) and payload["total"] == sum(p["total"] for p in payload["people"])


@pytest.mark.parametrize("given", ["bottom-up", "top-down", "下评上", "上评下"])
def test_the_direction_is_given_back_in_the_word_of_the_command_line(demo_file, capsys, given):
    payload, _ = _json(capsys, ["--db", str(demo_file), "report", "ratings", "--period", "2026Q3",
                                "--direction", given, "--json"])
    assert payload["direction"] == given and payload["ranking"]


def test_the_default_direction_is_bottom_up(demo_file, capsys):
    payload, _ = _json(capsys, ["--db", str(demo_file), "report", "ratings", "--period", "2026Q3", "--json"])
    assert payload["direction"] == "bottom-up"


@pytest.mark.parametrize("launcher", [["main.py"], ["-m", "govoffice_desktop"]])
def test_version_and_python_dash_m(launcher, tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, *launcher, "--version"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 0 and result.stdout.strip() == f"govoffice {__version__}"
    result = subprocess.run([sys.executable, *launcher, "--db", str(tmp_path / "x.db"), "info"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1 and "数据库文件不存在" in result.stderr and not (tmp_path / "x.db").exists()


# ---------------------------------------------------------------- point 4: true on a fresh machine
READING = [["info"], ["report", "staff"], ["report", "bonus"], ["report", "ratings"], ["export", "staff", "{out}.xlsx"],
           ["export", "ratings", "{out}.xlsx"], ["pdf", "roster", "{out}.pdf"], ["users", "list"], ["audit", "verify"],
           ["backup"], ["backup", "{out}.db"], ["recover-admin", "admin"],
           ["print", "ballots", "--period", "2026Q3", "--group", "基层单位", "--pdf", "{out}.pdf"]]


@pytest.mark.parametrize("argv", READING, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("where", ["default", "--db"])
def test_a_command_that_reads_never_makes_a_database(tmp_path, monkeypatch, capsys, argv, where):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the default file: none yet
    monkeypatch.setenv("GOVOFFICE_NEW_PASSWORD", "Secret-2026")
    argv = [a.replace("{out}", str(tmp_path / "out")) for a in argv]
    missing = tmp_path / "typo" / "office.db"
    default = db.default_db_path()
    assert str(default).startswith(str(tmp_path))
    code = app.main(argv if where == "default" else ["--db", str(missing), *argv])
    err = capsys.readouterr().err
    assert code == cli.EXIT_REFUSED
    if where == "default":
        assert "还没有数据库" in err and "不会新建" in err and "python main.py" in err
    else:
        assert "数据库文件不存在" in err
    assert not default.exists() and not default.parent.exists() and not missing.parent.exists()
    assert not list(tmp_path.glob("out*"))


def test_the_default_database_missing_is_said_in_json_too(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert app.main(["info", "--json"]) == cli.EXIT_REFUSED
    assert "还没有数据库" in json.loads(capsys.readouterr().out)["error"]
    assert not db.default_db_path().exists()


USAGE = [
    (["report", "fuel", "--month", "2026-10"], "--month 只用于"),
    (["report", "staff", "--month", "2026-10", "--json"], "--month 只用于"),
    (["report", "typing", "--xlsx", "t.xlsx"], "--pdf 和 --xlsx 只用于"),
    (["report", "fuel", "--pdf", "t.pdf"], "--pdf 和 --xlsx 只用于"),
    (["report", "bonus", "--month", "2026-13"], "月份应写成"),
    (["report", "typing", "--from", "2026-10-31", "--to", "2026-10-01"], "早于 --from"),
    (["report", "ratings", "--period", "2026Q5"], "评议期应写作"),
    (["report", "ratings", "--direction", "sideways"], "无效的选择"),
    (["export", "ratings", "r.xlsx", "--period", "三季度"], "评议期应写作"),
    (["print", "ballots", "--period", "Q3", "--group", "基层单位", "--pdf", "b.pdf"], "评议期应写作"),
    (["import", "staff", "s.xlsx", "--period", "2026Q3"], "只用于 import rating-tallies"),
    (["import", "staff", "s.xlsx", "--group", "基层单位"], "只用于 import rating-tallies"),
    (["import", "rating-tallies", "t.xlsx", "--period", "2026年第五季度"], "评议期应写作"),
    (["import", "staff", "s.xlsx", "--vehicle", "苏NA1234"], "--vehicle 只用于"),
    (["users", "add"], "需要用户名"),
    (["users", "passwd"], "需要用户名"),
    (["users", "add", "xiaoli"], "--role"),
    (["demo", "--as-of", "2026-02-30"], "没有这一天"),
    (["pdf", "nothing", "x.pdf"], "无效的选择"),
]


@pytest.mark.parametrize("argv,said", USAGE, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_every_usage_error_exits_2_in_chinese_before_the_database_is_opened(tmp_path, capsys, argv, said):
    target = tmp_path / "office.db"
    with pytest.raises(SystemExit) as exc:
        app.main(["--db", str(target), *argv])
    assert exc.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert said in err and "用法" in err
    assert not target.exists()


def test_without_a_display_the_window_says_so_in_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    for argv in ([], ["--demo"], ["--db", str(tmp_path / "x.db")]):
        result = subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True, text=True,
                                timeout=60, env=env)
        assert result.returncode == cli.EXIT_REFUSED, result.stderr
        assert "没有图形显示" in result.stderr and "xvfb-run" in result.stderr and "python main.py --help" in result.stderr
        assert "xcb" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists() and not (tmp_path / "x.db").exists()


def test_with_a_platform_chosen_a_missing_display_is_no_obstacle(monkeypatch):
    from govoffice_desktop.display import has_display

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert not has_display()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert has_display()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert has_display()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("WAYLAND_DISPLAY")
    assert has_display()


def test_a_reader_that_goes_away_is_no_internal_error(demo_file):
    """`python main.py info | head -1`: the pipe closes before the command writes; it ends quietly."""
    process = subprocess.Popen([sys.executable, "main.py", "--db", str(demo_file), "info"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before anything is written
    err = process.communicate(timeout=120)[1].decode("utf-8", "replace")
    assert process.returncode == cli.EXIT_OK and "程序内部错误" not in err and "Traceback" not in err, err


def test_a_display_that_cannot_be_reached_is_said_in_chinese_not_qt_s_abort(tmp_path):
    """DISPLAY set but nobody there (su from a desktop, ssh -X without its authority): the program
    says so, as with no DISPLAY at all, instead of Qt's abort naming an installed library."""
    from govoffice_desktop import display

    if display._x_display_reachable(":77") is None:
        pytest.skip("libxcb is not installed here: Qt could not open X11 either")
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(DISPLAY=":77", XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "main.py", "--demo"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == cli.EXIT_REFUSED, result.stderr
    assert "DISPLAY=:77 连接不上" in result.stderr and "xvfb-run python main.py" in result.stderr
    assert "xcb-cursor" not in result.stderr and "Aborted" not in result.stderr


def test_messages_name_the_command_the_user_started(monkeypatch):
    """python main.py from a checkout; the installed govoffice (wheel, bundle, .deb) has no main.py."""
    from govoffice_desktop import command_name, display

    for argv0, said in (("main.py", "python main.py"), ("/usr/bin/govoffice", "govoffice"),
                        (r"C:\govoffice\govoffice-cli.exe".replace("\\", "/"), "govoffice-cli"),
                        ("/x/govoffice_desktop/__main__.py", "python -m govoffice_desktop")):
        monkeypatch.setattr(sys, "argv", [argv0])
        assert command_name() == said
    monkeypatch.setattr(sys, "argv", ["/usr/bin/govoffice"])
    assert "xvfb-run govoffice；" in display.no_display_message("…") and "main.py" not in display.no_display_message("…")
    assert "请运行 govoffice 打开窗口" in cli.no_database_yet("/x/govoffice.db")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_database_file_is_its_owner_s_only(tmp_path):
    """It holds ID numbers and password hashes: made 0600, as its backups are; an existing file keeps its mode."""
    path = tmp_path / "office.db"
    db.open_database(path)
    db.close_database()
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o640)
    db.open_database(path)
    db.close_database()
    assert path.stat().st_mode & 0o777 == 0o640
