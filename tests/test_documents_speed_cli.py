"""``report documents --month 2026-11 --json``: exactly the issue's shape; usage errors exit 2, refusals 1."""
from __future__ import annotations

import json
from datetime import date

import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db
from govoffice_desktop.models.documents import IN_DONE, IncomingDocument
from govoffice_desktop.models.staff import Person, Section


@pytest.fixture
def office_file(tmp_path):
    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        one = Section.create(name="秘书一科")
        zhang = Person.create(name="张伟", section=one)
        IncomingDocument.create(year=2026, serial=1, received_on=date(2026, 11, 2), source_unit="省政府办公厅",
                                title="关于做好冬季安全生产工作的通知", deadline=date(2026, 11, 11), section=one,
                                handler=zhang, status=IN_DONE, done_on=date(2026, 11, 6))
        IncomingDocument.create(year=2026, serial=2, received_on=date(2026, 11, 4), source_unit="市应急管理局",
                                title="关于报送防汛物资储备情况的函", deadline=date(2026, 11, 13), section=one,
                                handler=zhang)
    finally:
        db.close_database()
    return str(path)


def test_report_documents_json_has_exactly_the_issue_shape(office_file, capsys):
    assert app.main(["--db", office_file, "report", "documents", "--month", "2026-11", "--as-of", "2026-12-06",
                     "--json"]) == cli.EXIT_OK
    payload = json.loads(capsys.readouterr().out)
    assert payload == {
        "month": "2026-11",
        "sections": [{"section": "秘书一科", "received": 2, "done": 1, "on_time": 1, "overdue": 1,
                      "avg_working_days": 4}],
        "overdue": [{"no": "收〔2026〕2号", "title": "关于报送防汛物资储备情况的函", "section": "秘书一科",
                     "deadline": "2026-11-13", "working_days_over": 11}],
    }


def test_report_documents_lines_and_pdf(office_file, tmp_path, capsys):
    target = tmp_path / "speed.pdf"
    assert app.main(["--db", office_file, "report", "documents", "--month", "2026-11", "--as-of", "2026-12-06",
                     "--pdf", str(target)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "秘书一科  收文 2  办结 1  按期 1  逾期未办结 1  平均办结用时 4.0 个工作日" in out
    assert "收〔2026〕2号" in out and "已超期 11 个工作日" in out
    assert target.read_bytes().startswith(b"%PDF")


def test_report_documents_refusals_and_usage_errors(office_file, capsys):
    assert app.main(["--db", office_file, "report", "documents", "--month", "2027-03", "--as-of", "2026-12-06",
                     "--json"]) == cli.EXIT_REFUSED
    assert "2027年3月还没到" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        app.main(["--db", office_file, "report", "documents", "--month", "2026-13"])
    assert exc.value.code == cli.EXIT_USAGE
    assert "月份应写成" in capsys.readouterr().err
