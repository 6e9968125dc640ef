"""The bonus sheet printed and exported, and 'report bonus' / 'report savings' on the command line."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl

from tests import pg
from tests.test_rewards_service import TODAY, _april, office  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[1]


def _cli(*args, db):
    out = subprocess.run([sys.executable, "main.py", "--db", str(db), *args], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    return out.returncode, out.stdout, out.stderr


def test_the_bonus_sheet_prints_and_exports_with_what_is_behind_it(office, tmp_path, qapp):  # noqa: F811
    from govoffice_desktop.reports.rewards import bonus_sheet, export_bonus_sheet
    from govoffice_desktop.services import rewards
    from govoffice_desktop.ui.printing import save_document_pdf

    _april(office)
    rewards.finalise_month(2026, 4, today=TODAY)
    doc = bonus_sheet(2026, 4)
    html = doc.html()
    for text in ("2026年4月奖金核算表", "已定稿", "秘书一科", "行政科", "小计", "3,020.00", "制表人"):
        assert text in html, text
    assert save_document_pdf(doc, tmp_path / "b.pdf") >= 1
    export_bonus_sheet(tmp_path / "b.xlsx", 2026, 4)
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert book.sheetnames == ["奖金核算表", "奖惩明细"]
    lines = [[c.value for c in row] for row in book["奖金核算表"].iter_rows(min_row=3)]
    assert lines[0][:7] == ["秘书一科", "王科长", "科长", 1000, 0, -40, 960]
    assert lines[-1][0] == "合计" and lines[-1][6] == 3020
    details = [[c.value for c in row] for row in book["奖惩明细"].iter_rows(min_row=3)]
    assert len(details) == 6 and {d[5] for d in details} == {"文印月结", "车辆月结", "日常督查", "督办事项"}


def test_report_bonus_and_savings_commands(office, tmp_path):  # noqa: F811
    _april(office)
    path = pg.cli_target()
    code, out, err = _cli("report", "bonus", "--month", "2026-04", "--json", db=path)
    assert code == 0, err
    payload = json.loads(out)
    assert (payload["month"], payload["final"], payload["total"]) == ("2026-04", False, 3020.00)
    assert payload["people"][0] == {"name": "王科长", "section": "秘书一科", "post": "科长", "base": 1000.00,
                                    "rewards": 0.00, "deductions": -40.00, "total": 960.00,
                                    "floor_applied": False}
    code, out, err = _cli("report", "bonus", "--month", "2026-04", "--xlsx", str(tmp_path / "b.xlsx"), db=path)
    assert code == 0 and (tmp_path / "b.xlsx").is_file(), err
    code, out, err = _cli("report", "bonus", "--month", "2026-04", "--pdf", str(tmp_path / "b.pdf"), db=path)
    assert code == 0 and (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF"), err
    code, out, err = _cli("report", "savings", "--month", "2026-04", "--json", db=path)
    assert json.loads(out)["fuel_over_litres"] == 10.00
    code, out, err = _cli("report", "typing", "--xlsx", str(tmp_path / "t.xlsx"), db=path)
    assert code == 2 and "只用于" in err  # a usage error
