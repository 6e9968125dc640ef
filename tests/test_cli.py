"""The command line: help, usage errors, exit codes, the demo and info commands."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db

ROOT = Path(__file__).resolve().parent.parent


def test_help_lists_the_commands():
    result = subprocess.run([sys.executable, "main.py", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    for word in ("demo", "info", "gui", "--db", "--demo"):
        assert word in result.stdout


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        app.main(["no-such-command"])
    assert exc.value.code == cli.EXIT_USAGE
    with pytest.raises(SystemExit) as exc:
        app.main(["--demo", "info"])
    assert exc.value.code == cli.EXIT_USAGE
    with pytest.raises(SystemExit) as exc:
        app.main(["demo", "--as-of", "2026-13-01"])
    assert exc.value.code == cli.EXIT_USAGE
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_demo_then_info(tmp_path, capsys):
    target = str(tmp_path / "x.db")
    assert app.main(["--db", target, "demo", "--as-of", "2026-11-20", "--json"]) == cli.EXIT_OK
    written = json.loads(capsys.readouterr().out)
    assert written["counts"]["section"] == 12
    assert app.main(["--db", target, "info", "--json"]) == cli.EXIT_OK
    info = json.loads(capsys.readouterr().out)
    assert info["counts"]["section"] == 12 and info["counts"]["refuel"] > 100
    assert info["overview"]["vehicles"] == 8
    assert set(info["overview"]["campaigns"]) == {"typing", "driving", "meetings", "phones"}


def test_demo_refuses_a_database_with_data_and_writes_nothing(tmp_path, capsys):
    target = str(tmp_path / "x.db")
    db.open_database(target)
    from govoffice_desktop.models.staff import Section

    Section.create(name="已有科室")
    db.close_database()
    assert app.main(["--db", target, "demo"]) == cli.EXIT_REFUSED
    assert "未写入任何数据" in capsys.readouterr().err
    db.open_database(target)
    try:
        assert [s.name for s in Section.select()] == ["已有科室"]
    finally:
        db.close_database()


def test_info_on_an_empty_database(tmp_path, capsys):
    db.open_database(tmp_path / "new.db")
    db.close_database()
    assert app.main(["--db", str(tmp_path / "new.db"), "info"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "结构版本" in out and "在册人员 0" in out and "（全部为空）" not in out  # grades exist


def test_a_command_that_reads_never_makes_a_database(tmp_path, capsys):
    missing = tmp_path / "typo" / "x.db"
    assert app.main(["--db", str(missing), "info"]) == cli.EXIT_REFUSED
    assert "数据库文件不存在" in capsys.readouterr().err
    assert not missing.parent.exists()
    assert app.main(["--json", "--db", str(missing), "info"]) == cli.EXIT_REFUSED
    assert "数据库文件不存在" in json.loads(capsys.readouterr().out)["error"]


def test_json_goes_before_or_after_the_command(tmp_path, capsys):
    target = str(tmp_path / "x.db")
    assert app.main(["--db", target, "--json", "demo", "--as-of", "2026-01-31"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["counts"]["vehicle"] == 8
    assert app.main(["--db", target, "demo", "--json"]) == cli.EXIT_REFUSED
    assert json.loads(capsys.readouterr().out)["error"].startswith("未写入任何数据")


def test_usage_messages_are_chinese(capsys):
    with pytest.raises(SystemExit):
        app.main(["demo", "--as-of", "2025-02-30"])
    assert "没有这一天" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        app.main(["demo", "--as-of", "1900-01-01"])
    assert "之间" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        app.main(["frobnicate"])
    err = capsys.readouterr().err
    assert "无效的选择" in err and "用法" in err
    with pytest.raises(SystemExit):
        app.main(["--help"])
    out = capsys.readouterr().out
    assert "显示本帮助并退出" in out and "show this help" not in out and "positional" not in out


def test_unsupported_and_broken_targets_say_why(tmp_path, capsys):
    assert app.main(["--db", "mysql://u@h/office", "info"]) == cli.EXIT_REFUSED
    assert "只支持" in capsys.readouterr().err
    assert app.main(["--db", str(tmp_path), "info"]) == cli.EXIT_REFUSED
    assert "文件夹" in capsys.readouterr().err


def test_an_unopenable_database_is_refused(tmp_path, capsys):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert app.main(["--db", str(bad), "info"]) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert "无法打开数据库" in err and "不是本程序的数据库文件" in err


def test_export_wants_an_xlsx_name(tmp_path, capsys):
    from govoffice_desktop import cli

    assert cli.run(cli.parse(["--db", str(tmp_path / "y.db"), "import", "staff", str(tmp_path / "none.xlsx")])) == 1
    args = cli.parse(["--db", str(tmp_path / "y.db"), "export", "tasks", str(tmp_path / "t.csv")])
    assert cli.run(args) == 1 and not (tmp_path / "t.csv").exists()
    assert "应以 .xlsx 结尾" in capsys.readouterr().err
