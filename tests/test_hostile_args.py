"""Every command with hostile arguments ends in a Chinese message and exit 0, 1 or 2, never a traceback.

The commands are read from ``cli.build_parser()``: every subcommand, every choice of its
positional arguments and every option, so a command added later is tried here without a change.
Each argument in turn gets values a careless or hostile user might give (empty, huge, NUL bytes,
bytes that are not UTF-8, wrong types, negative and huge numbers, impossible dates, months and
periods, folders, devices, missing paths, the database itself), as the administrator and as a
role with few rights, in-process on a copy of one demo database; a few through ``python main.py``.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from govoffice_desktop import app, cli

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20"
ROLES = {"admin": "管理员", "lingdao": "领导"}  # the demo's logins (password demo): all rights, and read-only
SKIP_COMMANDS = {"gui"}  # opens the window

HUGE = "长" * 100_000
WORDS_200 = " ".join(f"词{i}" for i in range(200))
WORDS_2000 = " ".join(f"w{i}" for i in range(2000))
ONE_WORD_60K = "字" * 60_000
TEXTS = ["", " ", "a\x00b", "\udcff", HUGE, "%_\\'\"; DROP TABLE person; --", "２０２５Ｑ３", "-1"]
SEARCHES = [WORDS_200, WORDS_2000, ONE_WORD_60K, "%", "_", "\\", "9" * 40]
INTS = ["-1", "0", "10000000", "9" * 30, "1.5", "abc", "", "\x00"]
DATES = ["", "2026-02-30", "1999-12-31", "2100-01-01", "0001-01-01", "9999-99-99", "2026-1-1", "abc", "\x00",
         "2000-01-01", "2099-12-31"]  # the last two are the first and last days allowed
MONTHS = ["", "2026-13", "2026-00", "1999-12", "2100-01", "0-0", "abc", "2000-01", "2099-12"]
PERIODS = ["2025Q5", "2025Q0", "0Q1", "99999Q1", "2025Q", "Q3", "-2025Q1", "2025Q-1", "2000Q1", "2099Q4", "1999Q4"]
PATH_DESTS = {"file", "dest", "keep_valid", "pdf", "xlsx"}
INPUT_PATHS = {("import", "file"), ("restore", "file")}  # read, not written


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo database for the module (each test works on its own copy), and hostile files."""
    folder = tmp_path_factory.mktemp("hostile")
    db_path = folder / "demo.db"
    with _quiet():
        assert app.main(["--db", str(db_path), "demo", "--as-of", AS_OF]) == cli.EXIT_OK
    with sqlite3.connect(db_path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (folder / "a-folder").mkdir()
    from tests.badfiles import make

    make.good_xlsx(folder / "ledger.xlsx")
    data = db_path.read_bytes()
    (folder / "truncated.db").write_bytes(data[:len(data) // 2])
    damaged = bytearray(data)
    middle = len(data) // 4 // 4096 * 4096
    damaged[middle:middle + 8 * 4096] = b"\x5a" * (8 * 4096)
    # and a page every count of the audit log reads (the band above may hold only table pages that no
    # query of ``info`` reads, depending on what the demo writes): the root of its index on the time
    with sqlite3.connect(db_path) as con:
        (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'auditlog_at'").fetchone()
    damaged[(root - 1) * 4096:root * 4096] = b"\x5a" * 4096
    (folder / "damaged.db").write_bytes(bytes(damaged))
    return folder


@contextlib.contextmanager
def _quiet():
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def run(argv: list[str]) -> tuple[int | str | None, str]:
    """``python main.py ARGV`` in this process: the exit code and everything printed (an exception
    that escapes is returned as its traceback, which is what the user would have seen)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            try:
                code = app.main(argv)
            except SystemExit as exc:
                code = exc.code
    except BaseException:  # noqa: BLE001
        return "raised", out.getvalue() + traceback.format_exc()
    return code, out.getvalue()


def _short(text: str, limit: int = 600) -> str:
    text = re.sub(r"(.)\1{20,}", lambda m: m.group(1) * 3 + f"…×{len(m.group(0))}", text)
    return text if len(text) <= limit else text[:limit // 3] + " … " + text[-2 * limit // 3:]


def problem(argv: list[str], code, text: str, internal_error_ok: bool = False) -> str | None:
    """What is wrong with a run, or None: an exit code other than 0, 1, 2; a traceback; the
    last-resort handler's message (a defect whose cause must be fixed); a refusal without Chinese."""
    shown = _short(" ".join(map(repr, argv[2:])), 300)
    if code not in (0, 1, 2):
        return f"{shown} exited {code!r}: {_short(text)}"
    if "Traceback" in text:
        return f"{shown}: {_short(text, 1500)}"
    if not internal_error_ok and "程序内部错误" in text:
        return f"{shown}: {_short(text)}"
    if code and not re.search(r"[\u4e00-\u9fff]", text):
        return f"{shown}: no reason in Chinese: {_short(text)}"
    return None


def check_all(argvs: list[list[str]], internal_error_ok: bool = False) -> None:
    found = [p for argv in argvs if (p := problem(argv, *run(argv), internal_error_ok))]
    assert not found, f"{len(found)} of {len(argvs)} runs:\n" + "\n".join(found[:40])


# -- the commands, as the parser defines them ----------------------------------------------------------

def commands() -> dict[str, object]:
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return {name: p for name, p in sub.choices.items() if name not in SKIP_COMMANDS}


def _arguments(parser) -> tuple[list, list]:
    positionals = [a for a in parser._actions if not a.option_strings]
    options = [a for a in parser._actions if a.option_strings and a.nargs != 0
               and a.dest not in ("help", "json")]
    return positionals, options


def plausible(command: str, action, folder: Path, choice_index: int = 0) -> str | None:
    """A value that passes the parser (so that the hostile value next to it is what is tried)."""
    if action.choices:
        choices = list(action.choices)
        return choices[choice_index % len(choices)]
    if action.dest in PATH_DESTS:
        if (command, action.dest) in INPUT_PATHS:
            return str(folder / ("ledger.xlsx" if command == "import" else "demo-copy.db"))
        suffix = ".pdf" if action.dest == "pdf" or command == "pdf" else ".xlsx"
        return str(folder / "out" / f"written{suffix}") if action.dest != "dest" else str(folder / "out")
    return {"period": "2026Q3", "group": "基层单位", "name": "nobody", "role": "领导", "section": "综合科",
            "as_of": AS_OF, "date_from": "2026-01-01", "date_to": AS_OF, "month": "2026-10",
            "seed": "1", "copies": "1"}.get(action.dest, "x")


def hostile(command: str, action, db: Path, folder: Path) -> list[str]:
    if action.type is int:
        return INTS
    if action.type is cli._date:
        return DATES
    if action.type is cli._month:
        return MONTHS
    if action.choices:
        return ["", "x", "\x00", HUGE]
    values = list(TEXTS)
    if action.dest == "search":
        values += SEARCHES
    if action.dest in PATH_DESTS:
        values += [str(folder / "a-folder"), str(folder / "missing" / "deep" / "x.xlsx"), str(db), f"{db}-wal",
                   str(folder / ("x" * 300 + ".xlsx")), str(folder / "a-folder") + "/"]
        if (command, action.dest) in INPUT_PATHS:  # never written to: a device is safe to offer
            values += ["/dev/zero", "/dev/null", str(folder / "truncated.db"), str(folder / "damaged.db"),
                       str(folder / "ledger.xlsx")]
    if action.dest == "period" or "period" in (action.help or ""):
        values += PERIODS
    return values


def argvs(command: str, parser, db: Path, folder: Path, light: bool) -> list[list[str]]:
    """The base runs (each choice of each positional) and, for each argument in turn, its hostile
    values beside plausible values for the others.  ``light`` keeps the hostile values that pass
    the parser to a few per argument (the restricted role's run)."""
    positionals, options = _arguments(parser)
    required = [o for o in options if o.required]

    def line(pos_values: list[str | None], extra: list[str]) -> list[str]:
        out = ["--db", str(db), command]
        out += [v for v in pos_values if v is not None]
        for o in required:
            if o.option_strings[-1] not in extra:
                out += [o.option_strings[-1], plausible(command, o, folder)]
        return out + extra

    base_pos = [plausible(command, p, folder) for p in positionals]
    runs = []
    for i, p in enumerate(positionals):  # every choice
        for k in range(len(p.choices or [])):
            values = list(base_pos)
            values[i] = plausible(command, p, folder, k)
            runs.append(line(values, []))
    runs.append(line(base_pos, []))
    if any(p.nargs == "?" for p in positionals):
        runs.append(line([v for v, p in zip(base_pos, positionals) if p.nargs != "?"], []))
    runs += [[*run[:2], "--json", *run[2:]] for run in runs]  # the same, answered in JSON
    for i, p in enumerate(positionals):
        for n, value in enumerate(_pick(hostile(command, p, db, folder), light)):
            values = [plausible(command, q, folder, n) for q in positionals]
            values[i] = value
            runs.append(line(values, []))
    for o in options:
        for n, value in enumerate(_pick(hostile(command, o, db, folder), light)):
            values = [plausible(command, q, folder, n) for q in positionals]  # spread over the choices
            runs.append(line(values, [o.option_strings[-1], value]))
    return runs


def _pick(values: list[str], light: bool) -> list[str]:
    return values[::4] if light else values


@pytest.fixture(autouse=True)
def _remembered_passwords(monkeypatch):
    """Each run logs in afresh: the scrypt of a password already checked is remembered (the same
    answer, a hundredth of the time)."""
    from govoffice_desktop.services import auth

    monkeypatch.setattr(auth, "check_password", functools.lru_cache(maxsize=64)(auth.check_password))


@pytest.fixture
def office(demo, tmp_path, monkeypatch):
    """A copy of the demo database; the commands run in the test's own folder, where a relative
    name such as "_" or " " given as an output lands."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "office.db"
    shutil.copy(demo / "demo.db", db)
    shutil.copy(demo / "demo.db", demo / "demo-copy.db")
    return db


@pytest.mark.parametrize("user", list(ROLES))
@pytest.mark.parametrize("command", sorted(commands()))
def test_every_command_with_hostile_arguments(demo, office, monkeypatch, command, user):
    monkeypatch.setenv("GOVOFFICE_USER", user)
    monkeypatch.setenv("GOVOFFICE_PASSWORD", "demo")
    monkeypatch.setenv("GOVOFFICE_NEW_PASSWORD", "Hostile-2026")
    parser = commands()[command]
    check_all(argvs(command, parser, office, demo, light=user != "admin"))


@pytest.mark.parametrize("argv", [["info"], ["report", "staff"], ["export", "staff", "{out}"], ["users", "list"],
                                  ["backup", "{out}.bak"]])
def test_global_options_hostile(demo, office, monkeypatch, argv):
    """--db and --user themselves: folders, devices, missing, damaged or truncated files, odd names."""
    argv = [a.replace("{out}", str(office.parent / "out.xlsx")) for a in argv]
    runs = []
    for db in ["", " ", "\x00", str(demo / "a-folder"), "/dev/null", "/dev/zero", str(demo / "missing" / "x.db"),
               str(demo / "truncated.db"), str(demo / "damaged.db"), str(demo / "ledger.xlsx"), "sqlite:///",
               "mysql://u@h/x", "postgresql://nobody@127.0.0.1:1/x", "\udcff.db", "x" * 5000 + ".db"]:
        runs.append(["--db", db, *argv])
    for user in ["", "\x00", "nobody", HUGE, "\udcff", "admin' --"]:
        runs.append(["--db", str(office), "--user", user, *argv])
    check_all(runs)
    for user, password in [("admin", ""), ("admin", HUGE), ("", "demo"), ("\udcff", "demo"), ("admin", "\udcff")]:
        monkeypatch.setenv("GOVOFFICE_USER", user)  # an environment holds no NUL bytes
        monkeypatch.setenv("GOVOFFICE_PASSWORD", password)
        check_all([["--db", str(office), *argv]])


# The document commands take their options per action (cli/documents.py ACTIONS): each action with all
# its options plausible, then each option in turn hostile, so that the values reach the services.
DOCUMENT_VALUES = {"from_unit": "省政府办公厅", "ref": "苏政发〔2026〕12号", "title": "关于做好冬季安全生产工作的通知",
                   "received": AS_OF, "urgency": "加急", "secrecy": "内部", "copies": "2", "proposal": "请综合科办理",
                   "instruction": "同意", "leader": "王市长", "on": AS_OF, "limit_days": "3", "limit_reason": "批示要求",
                   "section": "综合科", "handler_name": "王芳", "note": "已办理", "reader": "王市长", "sent": AS_OF,
                   "read": AS_OF, "result": "已办结", "reason": "重复登记", "archive_no": "A-1", "prefix": "宿政办发",
                   "drafter": "张三", "reviewer": "李四", "main_to": "各县区人民政府", "copy_to": "市委办公室",
                   "publicity": "主动公开", "signer": "王市长", "id": "1",
                   "prefix_list": "宿政办发、宿政办函"}
DOCUMENT_NUMBERS = {"incoming": "收〔2026〕1号", "outgoing": "宿政办发〔2025〕160号"}


def document_argvs(db: Path, light: bool) -> list[list[str]]:
    from govoffice_desktop.cli.documents import ACTIONS

    runs = []
    for command, actions in ACTIONS.items():
        parser = commands()[command]
        by_dest = {a.dest: a for a in parser._actions if a.option_strings}
        for action, (_help, needed, optional) in actions.items():
            dests = [name.split("|")[0] for name in needed] + [name for name in optional if "|" not in name]
            if command == "incoming" and action == "review":
                dests = [d for d in dests if d not in ("limit_days", "limit_reason")]  # given together below

            def value(dest: str) -> str:
                return DOCUMENT_NUMBERS[command] if dest == "no" else DOCUMENT_VALUES[dest]

            def line(hostile_dest: str | None = None, hostile_value: str = "") -> list[str]:
                out = ["--db", str(db), command, action]
                for dest in dests:
                    out += [by_dest[dest].option_strings[-1], hostile_value if dest == hostile_dest else value(dest)]
                return out

            runs.append(line())
            for dest in dests:
                for hostile_value in _pick(hostile(command, by_dest[dest], db, db.parent), light):
                    runs.append(line(dest, hostile_value))
    return runs


@pytest.mark.parametrize("user", list(ROLES))
def test_document_actions_with_hostile_values(office, monkeypatch, user):
    monkeypatch.setenv("GOVOFFICE_USER", user)
    monkeypatch.setenv("GOVOFFICE_PASSWORD", "demo")
    check_all(document_argvs(office, light=user != "admin"))


# -- the defects this test found, each with what the user must read -----------------------------------

def said(argv: list[str]) -> tuple[int, str]:
    code, text = run(argv)
    assert problem(argv, code, text) is None, problem(argv, code, text)
    return code, text


@pytest.mark.parametrize("search,reason", [(WORDS_200, "搜索词太多：200 个"), (WORDS_2000, "搜索词太多：2000 个"),
                                           (ONE_WORD_60K, "搜索内容太长：60000 个字符")])
def test_a_huge_search_is_refused_in_chinese(office, tmp_path, search, reason):
    out = tmp_path / "staff.xlsx"
    code, text = said(["--db", str(office), "export", "staff", str(out), "--search", search])
    assert code == 1 and reason in text and "最多" in text, text
    assert not out.exists()
    code, text = said(["--db", str(office), "export", "staff", str(out), "--search", "%"])
    assert code == 0 and "已导出 0 行" in text  # the wildcard is a character, and nobody's name has it


def test_a_clerk_asking_for_the_tallies_is_refused_in_chinese(office, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVOFFICE_USER", "luruyuan")
    monkeypatch.setenv("GOVOFFICE_PASSWORD", "demo")
    code, text = said(["--db", str(office), "export", "tallies", str(tmp_path / "t.xlsx")])
    assert code == 1 and "科室录入员" in text and "无权" in text
    assert not (tmp_path / "t.xlsx").exists()


@pytest.mark.parametrize("kind", ["folder", "device", "null", "pipe", "empty name"])
def test_a_folder_device_or_pipe_is_no_ledger_and_no_backup(office, demo, tmp_path, kind):
    path = {"folder": str(demo / "a-folder"), "device": "/dev/zero", "null": "/dev/null",
            "pipe": str(tmp_path / "pipe"), "empty name": ""}[kind]
    if kind == "pipe":
        os.mkfifo(path)  # opened, it would wait for a writer for ever: it must not be opened
    expected = {"folder": "是文件夹，不是文件", "empty name": "没有给出台账文件"}.get(kind, "不是普通文件")
    code, text = said(["--db", str(office), "import", "staff", path])
    assert code == 1 and expected in text, text
    if kind != "empty name":
        code, text = said(["--db", str(office), "restore", path])
        assert code == 1 and ("文件夹" if kind == "folder" else "不是普通文件") in text, text


@pytest.mark.parametrize("argv", [["demo"], ["import", "staff", "{ledger}"], ["restore", "{ledger}"], ["info"]])
def test_a_device_or_pipe_is_no_database(demo, tmp_path, argv):
    """Refused before SQLite opens it: SQLite would write a journal beside it (in /dev for /dev/null)."""
    pipe = tmp_path / "pipe.db"
    os.mkfifo(pipe)
    argv = [a.replace("{ledger}", str(demo / "ledger.xlsx")) for a in argv]
    code, text = said(["--db", str(pipe), *argv])
    assert code == 1 and "不是普通文件" in text, text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.db"]


@pytest.mark.parametrize("name,at_open", [("truncated.db", True), ("damaged.db", False)])
def test_a_damaged_database_is_said_in_chinese(demo, name, at_open):
    code, text = said(["--db", str(demo / name), "info"])
    assert code == 1 and "数据库文件已损坏" in text and "restore" in text, text
    assert ("无法打开数据库" in text) == at_open


def test_an_empty_backup_destination_is_refused_not_taken_for_the_current_folder(office, tmp_path):
    code, text = said(["--db", str(office), "backup", ""])
    assert code == 1 and "备份位置是空的" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.db"]


@pytest.mark.parametrize("as_of", ["2000-01-01", "2000-06-30", "2000-12-30"])
def test_a_demo_ending_too_early_for_the_office_calendar_is_refused(tmp_path, as_of):
    """The demo writes the year before --as-of; the office's months start in 2000 (this ended in a
    BadValue the command did not expect: "没有 1999年11月")."""
    db = tmp_path / "new.db"
    code, text = said(["--db", str(db), "demo", "--as-of", as_of])
    assert code == 1 and "未写入任何数据" in text and "截止日期应不早于 2000-12-31" in text, text
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM section").fetchone()[0] == 0


def test_print_copies_out_of_range_are_refused(office, tmp_path):
    for copies in ("-1", "0", "10000000"):
        code, text = said(["--db", str(office), "print", "ballots", "--period", "2026Q3", "--group", "基层单位",
                           "--copies", copies, "--pdf", str(tmp_path / "b.pdf")])
        assert code == 1 and "份数应在1到2000之间" in text


def test_the_last_resort_names_the_error_instead_of_a_traceback(office, monkeypatch):
    """A defect no test has found yet still reaches the user as one Chinese line and exit 1."""
    monkeypatch.setattr(cli, "cmd_info", lambda args: {}["missing"])
    parser = cli.build_parser  # the handler is bound when the parser is built
    monkeypatch.setattr(cli, "build_parser", lambda: _with_handler(parser(), "info", cli.cmd_info))
    code, text = run(["--db", str(office), "info"])
    assert code == 1 and "Traceback" not in text
    assert "程序内部错误（KeyError" in text and "操作未完成" in text


def _with_handler(parser, command, handler):
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    sub.choices[command].set_defaults(handler=handler)
    return parser


# -- a few through `python main.py`, as a user or a script would run them -------------------------------

def main_py(argv: list, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *argv], cwd=ROOT / "tests", stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            env={**os.environ, "GOVOFFICE_USER": "admin", "GOVOFFICE_PASSWORD": "demo", **(env or {})})


def test_through_main_py(office, demo, tmp_path):
    """Started together, each on its own copy of the database (concurrent use is tests/test_concurrency.py's);
    the commands given a pipe would wait for ever if they opened it."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    out = str(tmp_path / "o.xlsx")
    cases = [
        (["import", "staff", str(pipe)], {}, "不是普通文件"),
        (["import", "refuels", "/dev/zero"], {}, "不是普通文件"),
        (["restore", str(pipe)], {}, "不是普通文件"),
        (["export", "staff", out, "--search", WORDS_2000], {}, "搜索词太多"),
        (["export", "tallies", out], {"GOVOFFICE_USER": "luruyuan"}, "无权"),
        (["export", "staff", out, "--search", os.fsdecode(b"\xff\xfe")], {}, "不是 UTF-8"),
        (["report", "staff"], {"GOVOFFICE_USER": os.fsdecode(b"adm\xffin")}, "不是 UTF-8"),
        (["report", "bonus", "--json"], {}, "数据库文件已损坏"),
    ]
    started = []
    for n, (argv, env, expected) in enumerate(cases):
        db = demo / "truncated.db" if "--json" in argv else shutil.copy(office, tmp_path / f"office-{n}.db")
        started.append((argv, expected, main_py(["--db", str(db), *argv], env)))
    for argv, expected, process in started:
        try:
            stdout, stderr = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"{argv} did not finish (waiting on a pipe?)")
        text = (stdout + stderr).decode("utf-8", "replace")
        assert process.returncode in (1, 2) and "Traceback" not in text and expected in text, (argv, text)
        if "--json" in argv:
            assert "数据库文件已损坏" in json.loads(stdout)["error"]
