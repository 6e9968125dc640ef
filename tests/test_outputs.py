"""Every file the program writes (services/outputs.py, models/files.py): never the database, its
side files, a backup or the file being read; the right extension; an existing file only with
--force; written beside the target and renamed when complete, so a failure leaves nothing."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db, files
from govoffice_desktop.services import outputs



@pytest.fixture
def office(demo_file, tmp_path) -> Path:
    """The demo office as ``office.db`` in a folder of its own, with one backup in ``backups/``
    and a staff ledger (one row with an error) to import with --keep-valid."""
    folder = tmp_path / "office"
    (folder / "backups").mkdir(parents=True)
    path = folder / "office.db"
    for dest in (path, folder / "backups" / "office-20261201-0930.db"):
        con, out = sqlite3.connect(demo_file), sqlite3.connect(dest)
        con.backup(out)
        con.close()
        out.close()
    book = openpyxl.Workbook()
    book.active.append(["姓名", "性别", "出生年月", "科室", "身份证号码"])
    book.active.append(["新同志", "男", "1990.03", "综合科", None])
    book.active.append(["坏同志", "男", "1990.03", "综合科", "110105194912310021"])
    book.save(folder / "ledger.xlsx")
    return path


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def rows_of(path: Path) -> tuple[list, int, int]:
    """integrity_check, persons, and the ballot sheets printed for 2026Q3 基层单位 — read from the file."""
    con = sqlite3.connect(path)
    try:
        check = con.execute("PRAGMA integrity_check").fetchall()
        persons = con.execute("SELECT COUNT(*) FROM person").fetchone()[0]
        printed = con.execute("SELECT SUM(sheets_printed) FROM rater_group").fetchone()[0] or 0
        return check, persons, printed
    finally:
        con.close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".part" in p.name or p.name.startswith(".restore"))


WRITERS = {  # command → (argv with TARGET, suffix it writes)
    "pdf": (["pdf", "roster", "TARGET"], ".pdf"),
    "export": (["export", "staff", "TARGET"], ".xlsx"),
    "export-ratings": (["export", "ratings", "TARGET"], ".xlsx"),
    "report-bonus-xlsx": (["report", "bonus", "--month", "2026-10", "--xlsx", "TARGET"], ".xlsx"),
    "report-bonus-pdf": (["report", "bonus", "--month", "2026-10", "--pdf", "TARGET"], ".pdf"),
    "report-supervision-xlsx": (["report", "supervision", "--month", "2026-10", "--xlsx", "TARGET"], ".xlsx"),
    "report-supervision-pdf": (["report", "supervision", "--month", "2026-10", "--pdf", "TARGET"], ".pdf"),
    "print-ballots": (["print", "ballots", "--period", "2026Q3", "--group", "基层单位", "--pdf", "TARGET"], ".pdf"),
    "import-keep-valid": (["import", "staff", "LEDGER", "--keep-valid", "TARGET"], ".xlsx"),
}


def run(office: Path, command: str, target: str | Path, *extra: str) -> int:
    argv, _suffix = WRITERS[command]
    argv = [str(target) if a == "TARGET" else str(office.parent / "ledger.xlsx") if a == "LEDGER" else a
            for a in argv]
    return app.main(["--db", str(office), *argv, *extra])


BAD_TARGETS = {  # name → (the path given, words of the refusal)
    "the database": (lambda o: o, "数据库文件自身"),
    "its -wal": (lambda o: o.with_name("office.db-wal"), "预写日志"),
    "its -shm": (lambda o: o.with_name("office.db-shm"), "共享内存"),
    "its lock file": (lambda o: o.with_name("office.db.lock"), "锁文件"),
    "a backup": (lambda o: o.parent / "backups" / "office-20261201-0930.db", "备份文件夹"),
    "a backup named as output": (lambda o: o.parent / "backups" / "new.pdf", "备份文件夹"),
    "a folder": (lambda o: o.parent, "是文件夹"),
}


@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("bad", list(BAD_TARGETS))
def test_no_command_writes_over_the_database_or_a_backup(office, command, bad, capsys):
    target = BAD_TARGETS[bad][0](office)
    words = BAD_TARGETS[bad][1]
    backup_file = office.parent / "backups" / "office-20261201-0930.db"
    before_backup, before = digest(backup_file), rows_of(office)
    assert run(office, command, target) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert words in err and str(target) in err and "Traceback" not in err
    assert rows_of(office) == before and before[0] == [("ok",)]  # opens, integrity ok, rows and serials kept
    assert digest(backup_file) == before_backup
    assert not office.with_name("office.db.lock").exists() or bad == "its lock file"
    assert leftovers(office.parent) == []
    if bad == "a backup named as output":
        assert not target.exists()


def test_a_read_only_leader_cannot_write_a_pdf_over_the_database(office, monkeypatch, capsys):
    monkeypatch.setenv("GOVOFFICE_USER", "lingdao")  # 领导
    size = office.stat().st_size
    assert run(office, "pdf", office) == cli.EXIT_REFUSED
    assert "数据库文件自身" in capsys.readouterr().err
    assert office.read_bytes()[:16] == b"SQLite format 3\x00" and rows_of(office)[0] == [("ok",)]
    assert abs(office.stat().st_size - size) < 65536  # no PDF in place of it


@pytest.mark.parametrize("command", list(WRITERS))
def test_a_wrong_extension_is_refused(office, command, capsys):
    suffix = WRITERS[command][1]
    target = office.parent / ("out.xlsx" if suffix == ".pdf" else "out.pdf")
    assert run(office, command, target) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert f"应以 {suffix} 结尾" in err and not target.exists()
    assert run(office, command, office.parent / "out") == cli.EXIT_REFUSED  # no extension at all
    assert not (office.parent / "out").exists()


def test_keep_valid_never_writes_over_the_ledger_it_reads(office, capsys):
    ledger = office.parent / "ledger.xlsx"
    before = digest(ledger)
    persons = rows_of(office)[1]
    assert run(office, "import-keep-valid", ledger, "--force") == cli.EXIT_REFUSED
    assert "正在读取的文件" in capsys.readouterr().err
    assert digest(ledger) == before and rows_of(office)[1] == persons  # nothing imported either
    link = office.parent / "link.xlsx"
    os.link(ledger, link)  # the same file under another name
    assert run(office, "import-keep-valid", link, "--force") == cli.EXIT_REFUSED
    assert digest(ledger) == before


def test_a_hard_or_symbolic_link_to_the_database_is_refused(office, capsys):
    hard, soft = office.parent / "hard.pdf", office.parent / "soft.pdf"
    os.link(office, hard)
    soft.symlink_to(office)
    for target in (hard, soft):
        assert run(office, "pdf", target, "--force") == cli.EXIT_REFUSED
        assert "数据库文件自身" in capsys.readouterr().err
    assert rows_of(office)[0] == [("ok",)] and hard.read_bytes()[:6] == b"SQLite"


@pytest.mark.parametrize("command", list(WRITERS))
def test_an_existing_file_is_replaced_only_with_force(office, command, capsys):
    suffix = WRITERS[command][1]
    target = office.parent / f"out{suffix}"
    target.write_bytes(b"keep me")
    assert run(office, command, target) == cli.EXIT_REFUSED
    assert "已经存在" in capsys.readouterr().err and target.read_bytes() == b"keep me"
    printed = rows_of(office)[2]
    assert run(office, command, target, "--force") == cli.EXIT_OK
    capsys.readouterr()
    written = target.read_bytes()
    assert written.startswith(b"%PDF" if suffix == ".pdf" else b"PK")
    assert leftovers(office.parent) == []
    if command == "print-ballots":  # serials reserved once, for the PDF written
        assert rows_of(office)[2] > printed


def test_a_refused_ballot_pdf_reserves_no_serials(office, capsys):
    printed = rows_of(office)[2]
    target = office.parent / "sheets.pdf"
    target.write_bytes(b"old")
    assert run(office, "print-ballots", target) == cli.EXIT_REFUSED
    assert rows_of(office)[2] == printed and target.read_bytes() == b"old"


def _fail_midway(monkeypatch, where: str) -> None:
    """The render writes part of the file, then the disk is full."""
    def pdf(html, printer, footer="pages"):
        Path(printer.outputFileName()).write_bytes(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    def sheet(book, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def save(book, name):  # openpyxl: the rows an import refused
        Path(name).write_bytes(b"PK half")
        sheet(book)

    def close(book):  # xlsxwriter: exports and reports
        save(book, book.filename)

    if where == "pdf":
        monkeypatch.setattr("govoffice_desktop.ui.printing.print_document", pdf)
    else:
        monkeypatch.setattr("govoffice_desktop.ledgers.export.write_sheet", sheet)
        monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", save)
        monkeypatch.setattr("xlsxwriter.workbook.Workbook.close", close)


@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("existing", [False, True], ids=["new", "replacing"])
def test_a_writer_that_fails_midway_leaves_no_file_and_the_old_one_whole(office, command, existing, monkeypatch,
                                                                          capsys):
    suffix = WRITERS[command][1]
    target = office.parent / f"out{suffix}"
    if existing:
        target.write_bytes(b"the old file")
    _check, persons, printed = rows_of(office)
    _fail_midway(monkeypatch, "pdf" if suffix == ".pdf" else "xlsx")
    extra = ("--force",) if existing else ()
    assert run(office, command, target, *extra) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("磁盘已满" in err or "未写入" in err), err
    assert (target.read_bytes() == b"the old file") if existing else not target.exists()
    assert leftovers(office.parent) == []
    assert rows_of(office) == ([("ok",)], persons, printed)  # no serial reserved, nothing imported


def test_check_output_rules(database, tmp_path):
    path = db.sqlite_file().resolve()
    with pytest.raises(outputs.OutputRefused, match="升级前的备份"):
        outputs.check_output(path.with_name(f"{path.stem}.before-v3-20261201-093000-123456.db"), (), force=True)
    stray = tmp_path / "elsewhere.xlsx"
    con = sqlite3.connect(stray)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(outputs.OutputRefused, match="SQLite 数据库文件"):
        outputs.check_output(stray, outputs.XLSX, force=True)  # a database under any name
    with pytest.raises(outputs.OutputRefused, match="文件夹不存在"):
        outputs.check_output(tmp_path / "no" / "x.pdf", outputs.PDF)
    with pytest.raises(outputs.OutputRefused, match="没有给出"):
        outputs.check_output("  ", outputs.PDF)
    assert outputs.check_output(tmp_path / "报表.PDF", outputs.PDF) == (tmp_path / "报表.PDF").resolve()
    with pytest.raises(outputs.OutputRefused) as refused:
        outputs.check_output(path, outputs.PDF)
    assert isinstance(refused.value, OSError) and isinstance(refused.value, ValueError)


def test_the_atomic_writer_keeps_nothing_of_a_failure(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError):
        with files.replacing(target) as temp:
            assert temp.parent == tmp_path and temp.name.startswith(".a.txt.part-")
            temp.write_text("half")
            raise RuntimeError("killed")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    with files.replacing(target) as temp:
        temp.write_text("new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640  # its mode kept
    with files.replacing(tmp_path / "b.db", mode=files.OWNER_ONLY) as temp:
        temp.write_text("secret")
    assert ((tmp_path / "b.db").stat().st_mode & 0o777) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.db"]


def test_cancelling_an_export_writes_nothing(tmp_path):
    from govoffice_desktop.ledgers.export import export_rows

    rows = ([i, f"行{i}"] for i in range(5000))
    assert export_rows(tmp_path / "x.xlsx", "表", ["序号", "名称"], rows, progress=lambda n: False) == -1
    assert list(tmp_path.iterdir()) == []


def test_json_refusal(office, capsys):
    assert app.main(["--db", str(office), "--json", "pdf", "roster", str(office)]) == cli.EXIT_REFUSED
    assert "数据库文件自身" in json.loads(capsys.readouterr().out)["error"]


def test_backup_never_goes_onto_the_database_side_files_and_replaces_only_with_force(office, capsys):
    for target, words in ((office.with_name("office.db-wal"), "预写日志"), (office.with_name("office.db.lock"), "锁文件")):
        assert app.main(["--db", str(office), "backup", str(target), "--force"]) == cli.EXIT_REFUSED
        assert words in capsys.readouterr().err
    assert rows_of(office)[0] == [("ok",)]
    there = office.parent / "backups" / "office-20261201-0930.db"
    before = digest(there)
    assert app.main(["--db", str(office), "backup", str(there)]) == cli.EXIT_REFUSED
    assert "已经存在" in capsys.readouterr().err and digest(there) == before
    assert app.main(["--db", str(office), "backup", str(there), "--force"]) == cli.EXIT_OK  # an old backup, replaced
    assert digest(there) != before and (there.stat().st_mode & 0o777) == 0o600
