"""Nothing left behind (models/files.py, services/backup.py): the temporary files of a killed
backup, restore or export are removed at the next start; backups are readable by their owner
only; the export log records the absolute path written."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db, files
from govoffice_desktop.services import backup

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and signals")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def new_database(path: Path) -> Path:
    db.open_database(path)
    db.close_database()
    return path


KILLED = """
import os, signal, sqlite3, sys
from pathlib import Path
from govoffice_desktop.models import files
folder = Path(sys.argv[1])
part = files.temp_beside(folder / "backups" / "office-20261201-0930.db")   # a backup being written
con = sqlite3.connect(part); con.execute("CREATE TABLE t (x)"); con.execute("BEGIN")
con.execute("INSERT INTO t VALUES (1)")                                      # its -journal is there too
staging = files.staging_name(folder / "backups")                             # a restore's private copy
staging.write_bytes(b"SQLite format 3\\x00 half")
export = files.temp_beside(folder / "花名册.pdf")                              # an export beside the database
export.write_bytes(b"%PDF half")
print(os.getpid(), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_writer(folder: Path) -> int:
    """A process that dies by SIGKILL in the middle of a backup, a restore and an export."""
    done = subprocess.run([sys.executable, "-c", KILLED, str(folder)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == -signal.SIGKILL
    return int(done.stdout.split()[0])


def test_what_a_killed_backup_restore_or_export_left_is_removed_at_the_next_start(tmp_path, capsys):
    folder = tmp_path / "office"
    (folder / "backups").mkdir(parents=True)
    path = new_database(folder / "office.db")
    killed_writer(folder)
    left = sorted(p.name for p in folder.rglob(".*"))
    assert len(left) == 4 and any(n.endswith("-journal") for n in left) and any(".restore-" in n for n in left)
    # What is not ours, or is still being written, stays.
    mine = files.temp_beside(folder / "backups" / "now.db")  # this process is alive: in use
    mine.write_bytes(b"writing")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = folder / f".报表.xlsx.part-{files.host_tag()}-{live.pid}-0123abcd"
        theirs.write_bytes(b"another process is writing this")
        kept = [mine, theirs, folder / ".office.db.notes", folder / "报表.xlsx.part-123-0123abcd"]
        for extra in kept[2:]:
            extra.write_text("not ours")
        elsewhere = tmp_path / f".x.pdf.part-{files.host_tag()}-999999-0123abcd"  # not the database's folder
        elsewhere.write_text("")
        assert app.main(["--db", str(path), "info"]) == cli.EXIT_OK  # the next start, by a command
        capsys.readouterr()
        assert sorted(p for p in folder.rglob(".*") if p.is_file()) == sorted(kept[:3])
        assert (folder / "报表.xlsx.part-123-0123abcd").exists() and elsewhere.exists()
    finally:
        live.kill()
        live.wait()
    # Once its writer is gone, the next open (the window's or a command's: db.open_database) removes it.
    db.open_database(path)
    db.close_database()
    assert not theirs.exists() and mine.exists()


def test_files_of_another_computer_or_without_an_owner_wait_a_day(tmp_path):
    folder = tmp_path
    path = new_database(folder / "office.db")
    (folder / "backups").mkdir()
    names = [".office-20261201.db.part-abcdef-12345-0123abcd",  # another computer's (host tag differs)
             ".office-20261201.db.0123abcd.part",                # the unmarked name of before
             ".restore-0123456789ab.db", ".restore-0123456789ab.db-journal"]
    if files.host_tag() == "abcdef":  # pragma: no cover - one computer in 16 million
        pytest.skip("this computer's tag is the test's")
    made = [folder / "backups" / n for n in names]
    for p in made:
        p.write_bytes(b"x")
    db.open_database(path)
    db.close_database()
    assert all(p.exists() for p in made)  # fresh: perhaps still being written
    old = time.time() - files.STALE_AFTER - 60
    for p in made:
        os.utime(p, (old, old))
    db.open_database(path)
    db.close_database()
    assert not any(p.exists() for p in made)


@pytest.fixture
def office(tmp_path):
    from govoffice_desktop.models.staff import Section

    old = os.umask(0o022)  # the usual: files readable by everyone unless the program says otherwise
    path = tmp_path / "office.db"
    db.open_database(path)
    Section.create(name="综合科")
    yield path
    db.close_database()
    os.umask(old)


def test_backups_are_readable_by_their_owner_only(office, tmp_path):
    made = backup.backup(now=datetime(2026, 12, 1, 9, 30))
    assert mode(made.file) == 0o600 and mode(made.file.parent) == 0o700
    named = backup.backup(tmp_path / "u盘" / "年底.db")
    assert mode(named.file) == 0o600
    daily = backup.auto_backup(date(2026, 12, 2), now=datetime(2026, 12, 2, 8, 0)).made
    assert mode(daily.file) == 0o600
    restored = backup.restore(made.file)
    assert mode(restored.safety_copy) == 0o600  # the copy of before the restore
    migration = db.backup_file(office, "before-v99")
    assert migration.name.startswith("office.before-v99-") and mode(migration) == 0o600
    assert sorted(p.name for p in tmp_path.rglob(".*")) == []  # and no temporary file left


def test_a_migration_backup_is_readable_by_its_owner_only(tmp_path):
    import sqlite3

    from tests.test_db import load_snapshot

    old = os.umask(0o022)
    try:
        path = tmp_path / "old.db"
        load_snapshot(1, path)
        db.open_database(path)
        db.close_database()
    finally:
        os.umask(old)
    (copy,) = tmp_path.glob("old.before-v*.db")
    assert mode(copy) == 0o600
    con = sqlite3.connect(copy)
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
    con.close()


def test_the_export_log_records_the_absolute_path_written(database, tmp_path, monkeypatch):
    from govoffice_desktop.ledgers.export import export_listing
    from govoffice_desktop.models.staff import Person
    from govoffice_desktop.models.users import DataExport
    from govoffice_desktop.services import staff

    Person.create(name="张伟", phone="13800000000")
    real = tmp_path / "exports"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    monkeypatch.chdir(tmp_path)
    listing = staff.person_listing()
    export_listing("link/人员.xlsx", "人员档案", listing, listing.ids())  # relative, through a link
    logged = DataExport.select().order_by(DataExport.id.desc()).first()
    assert logged.destination == str(real / "人员.xlsx") and Path(logged.destination).is_file()


def test_a_roster_saved_as_pdf_is_logged_with_its_absolute_path(tmp_path, monkeypatch, capsys):
    import sqlite3

    from govoffice_desktop.models.staff import Person

    path = tmp_path / "office.db"
    db.open_database(path)
    Person.create(name="张伟", phone="13800000000")
    db.close_database()
    monkeypatch.chdir(tmp_path)
    assert app.main(["--db", str(path), "pdf", "roster", "花名册.pdf"]) == cli.EXIT_OK
    capsys.readouterr()
    con = sqlite3.connect(path)
    logged = con.execute("SELECT what, destination FROM data_export").fetchall()
    con.close()
    assert logged == [("人员花名册（PDF）", str((tmp_path / "花名册.pdf").resolve()))]
