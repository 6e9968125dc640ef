"""Printable documents: the HTML they hold, and PDFs written from the command line."""
from __future__ import annotations

import json
from datetime import date

from govoffice_desktop import app
from govoffice_desktop.models import db
from govoffice_desktop.reports import staff as reports
from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import staff


def test_a_document_escapes_text_and_rules_its_tables():
    doc = Document("标题<b>", "截至 2026年11月27日")
    doc.table(["姓名", "金额"], [("<script>", None)], numeric=[1]).signatures("填表人", "审核人")
    html = doc.html()
    assert "&lt;script&gt;" in html and "<script>" not in html and "标题&lt;b&gt;" in html
    assert 'border="1"' in html and "填表人：" in html
    assert "（无）" in Document("x").table(["a"], []).html()


def test_the_roster_lists_sections_chiefs_and_members(database):
    one = staff.add_section("秘书一科")
    two = staff.add_section("综合科")
    boss = staff.save_person({"name": "王建国", "section": one, "post": "科长", "birth": "1980.05"})
    staff.set_chief(one, boss)
    staff.save_person({"name": "李娜", "section": one, "status": "试用期"})
    staff.save_person({"name": "陈静", "section": two})
    staff.save_person({"name": "退了", "section": two, "status": "退休"})
    html = reports.roster(date(2026, 11, 27)).html()
    assert "秘书一科（负责人：王建国）　2 人" in html and "综合科　1 人" in html
    assert "1980-05" in html and "试用期" in html and "退了" not in html and "合计 3 人" in html


def test_pdf_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "office.db"
    db.open_database(path)
    one = staff.add_section("秘书一科")
    staff.save_person({"name": "新人", "section": one, "joined_on": "2026-4-1"})
    db.close_database()
    out = tmp_path / "花名册.pdf"
    assert app.main(["--db", str(path), "pdf", "roster", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["pages"] >= 1 and out.read_bytes().startswith(b"%PDF")
    assert app.main(["--db", str(path), "pdf", "rank-due", str(tmp_path / "due.pdf"), "--as-of", "2026-11-27"]) == 0
    assert (tmp_path / "due.pdf").stat().st_size > 1000


def test_a_contract_prints_its_items_and_both_assessments(database):
    staff.create_contract(2026, "办公室", "办公室目标责任状", [{"title": "全年文稿零差错", "weight": 100}])
    one = staff.add_section("秘书一科")
    c = staff.create_contract(2026, "科室", "秘书一科目标责任状",
                              [{"title": "文稿零差错", "measure": "差错率为零", "weight": 70},
                               {"title": "督办按期办结", "weight": 30}], section=one, signed_on="2026-1-8")
    html = reports.contract(c).html()
    assert "2026年度　科室：秘书一科" in html and "半年考核 未考核" in html and "2026年1月8日" in html
    first, second = list(c.targets)
    staff.assess_contract(c, "半年", "2026-7-1", {first.id: 65, second.id: 30})
    assert "半年考核 95.0" in reports.contract(c).html()
