"""督查督办 ledgers (checks and tasks), the 专报 as PDF and .xlsx, and the supervision commands."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import DailyCheck, SupervisedTask
from govoffice_desktop.services import supervision as sv
from tests import pg


@pytest.fixture
def office(database):
    a = Section.create(name="秘书一科", sort_order=1)
    b = Section.create(name="综合科", sort_order=2)
    Person.create(name="张伟", section=a)
    Person.create(name="王芳", section=b)
    for name, pts in (("按时到岗", "1"), ("办公秩序", "2")):
        sv.save_target({"year": 2025, "kind": "共性目标", "name": name, "points": pts})
    sv.save_target({"year": 2025, "kind": "个体目标", "section": b, "name": "文件按时流转", "points": "3"})
    return a, b


def _book(path, title, header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年11月"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    ws.append(["督查人：", None, None, "审核：", None])
    wb.save(path)
    return path


CHECK_HEADER = ["检查日期", "被督查科室", "督查项目", "当事人", "是否达标", "扣分", "加分", "存在问题", "督查员"]


def test_a_checks_ledger_imports_once_with_the_rules_of_the_form(office, tmp_path):
    rows = [["2025.11.3", "秘书一科", "按时到岗", "张伟", "×", None, None, "8:40到岗", "赵督查"],
            ["2025年11月3日", "综合科", "文件按时流转", None, "√", None, "1", "主动加班", "赵督查"],
            ["2025-11-04", "综合科", "办公秩序", None, "未达标", "1.5", None, "桌面杂乱", ""]]
    path = _book(tmp_path / "checks.xlsx", "2025年11月日常督查登记表", CHECK_HEADER, rows)
    report = import_ledger("checks", path)
    assert (report.imported, report.errors) == (3, [])
    stored = {(c.section.name, c.target.name): (c.met, c.deduction, c.bonus, c.person_id is not None)
              for c in DailyCheck.select()}
    assert stored == {("秘书一科", "按时到岗"): (False, Decimal("1.0"), Decimal("0.0"), True),  # the target's points
                      ("综合科", "文件按时流转"): (True, Decimal("0.0"), Decimal("1.0"), False),
                      ("综合科", "办公秩序"): (False, Decimal("1.5"), Decimal("0.0"), False)}
    assert import_ledger("checks", path).duplicates == 3 and DailyCheck.select().count() == 3
    assert sv.daily_scores(date(2025, 11, 3), date(2025, 11, 3))[(date(2025, 11, 3), office[1].id)] == Decimal("101.0")


def test_a_bad_checks_ledger_writes_nothing_and_says_where(office, tmp_path):
    rows = [["2025.11.3", "秘书一科", "按时到岗", None, "√", None, None, None, None],
            ["2025.11.3", "秘书一科", "文件按时流转", None, "√", None, None, None, None],  # 综合科's own target
            ["2025.11.3", "财务科", "按时到岗", None, "√", None, None, None, None],
            ["2025.11.4", "秘书一科", "办公秩序", None, "×", None, None, None, None],  # missed without a remark
            ["2025.11.4", "秘书一科", "按时到岗", "王芳", "×", None, None, "迟到", None]]  # not of this section
    report = import_ledger("checks", _book(tmp_path / "bad.xlsx", "督查登记", CHECK_HEADER, rows))
    assert report.refused and DailyCheck.select().count() == 0
    messages = {e.row: e.message for e in report.errors}
    assert "没有“文件按时流转”这个共性目标或秘书一科的个体目标" in messages[4]
    assert 5 not in messages  # a section not yet on file is created with the import (issue 16, point 8)
    preview = import_ledger("checks", tmp_path / "bad.xlsx", dry_run=True)
    assert preview.created == {"科室": ["财务科"]} and Section.select().where(Section.name == "财务科").count() == 0
    assert "请写明情况" in messages[6]
    assert "秘书一科没有名为“王芳”的人员" in messages[7]


TASK_HEADER = ["序号", "事项来源", "督办内容", "办理要求", "承办人", "牵头科室", "交办时间", "完成时限", "办理情况", "完成日期",
               "办理结果"]


def test_a_tasks_ledger_links_people_and_keeps_how_tasks_ended(office, tmp_path):
    rows = [[1, "领导批示", "落实防汛部署", "按期反馈", "张伟", None, "2025.10.8", "2025.10.30", "已完成", "2025.10.28",
             "已书面报告"],
            [2, "调研", "调研营商环境", None, "王芳", "综合科", "2025年10月9日", "2025年11月30日", "在办", None, None],
            [3, "突发", "处置化工厂泄漏舆情", None, "李四", None, "2025.11.2", "2025.11.5", None, None, None]]
    path = _book(tmp_path / "tasks.xlsx", "2025年督办事项台账", TASK_HEADER, rows)
    report = import_ledger("tasks", path)
    assert (report.imported, report.errors, report.unmatched) == (3, [], ["李四"])
    tasks = {t.title: t for t in SupervisedTask.select()}
    flood = tasks["落实防汛部署"]
    assert (flood.source, flood.status, flood.completed_on, flood.person.name, flood.section.name) == (
        "领导交办", "已办结", date(2025, 10, 28), "张伟", "秘书一科")
    assert tasks["调研营商环境"].status == "办理中" and tasks["调研营商环境"].source == "调研课题"
    assert tasks["处置化工厂泄漏舆情"].person_id is None and tasks["处置化工厂泄漏舆情"].person_name == "李四"
    lights = {t["title"]: t["light"] for t in sv.tasks_report(date(2025, 11, 10))["tasks"]}
    assert lights == {"落实防汛部署": "done", "调研营商环境": "green", "处置化工厂泄漏舆情": "red"}
    assert import_ledger("tasks", path).duplicates == 3


def test_a_bad_tasks_ledger_writes_nothing(office, tmp_path):
    rows = [[1, "领导交办", "甲事项", None, "张伟", None, "2025.10.8", "2025.10.1", None, None, None],
            [2, "上级来文", "乙事项", None, "张伟", None, "2025.10.8", "2025.10.30", None, None, None],
            [3, "领导交办", "丙事项", None, "张伟", None, "2025.10.8", "2025.10.30", "已办结", None, None],
            [4, "领导交办", "丁事项", None, None, None, "2025.10.8", "2025.10.30", None, None, None]]
    report = import_ledger("tasks", _book(tmp_path / "bad.xlsx", "督办台账", TASK_HEADER, rows))
    assert report.refused and SupervisedTask.select().count() == 0
    messages = {e.row: e.message for e in report.errors}
    assert "早于交办日期" in messages[3] and "来源应为" in messages[4]
    assert "要有办结日期" in messages[5] and "落实到人" in messages[6]


def _month_of_checks(office):
    a, b = office
    targets = {t.name: t for t in sv.targets_of(2025, b)}
    for day in (date(2025, 10, 6), date(2025, 11, 3), date(2025, 11, 4)):
        cells = {(s.id, t.id): {"met": True} for s in (a, b) for t in sv.targets_of(2025, s)}
        if day == date(2025, 11, 3):  # one day missed in November: 98 and 100
            cells[(a.id, targets["办公秩序"].id)] = {"met": False, "remark": "桌面杂乱"}
        sv.save_day(day, cells, today=date(2025, 12, 10))
    sv.compile_report(2025, 11, today=date(2025, 12, 10))


def test_the_monthly_report_pdf_is_an_official_document_in_chinese(office, tmp_path, qapp):
    from govoffice_desktop.reports.supervision import OFFICIAL_MARGINS_MM, monthly_report
    from govoffice_desktop.ui.printing import save_document_pdf

    _month_of_checks(office)
    doc = monthly_report(2025, 11)
    html = doc.html()
    assert doc.margins_mm == OFFICIAL_MARGINS_MM == (28.0, 37.0, 26.0, 35.0) and doc.footer == "official"
    for text in ("考核督查专报", "2025年第1期", "2025年11月考核督查情况", "一、各科室考核得分及排名", "二、主要扣分情况",
                 "三、督办事项办理情况", "四、“四无”活动进展", "桌面杂乱", "仿宋", "小标宋", "font-size:22pt"):
        assert text in html, text
    pdf = tmp_path / "专报.pdf"
    pages = save_document_pdf(doc, pdf)
    assert pages >= 1 and pdf.read_bytes().startswith(b"%PDF")


def test_the_monthly_report_xlsx_has_a_sheet_per_part(office, tmp_path):
    from govoffice_desktop.reports.supervision import export_monthly_report

    _month_of_checks(office)
    path = tmp_path / "专报.xlsx"
    export_monthly_report(path, 2025, 11)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["得分排名", "扣分情况", "督办事项", "四无活动", "综述"]
    ranking = [[c.value for c in row] for row in book["得分排名"].iter_rows(min_row=3)]
    assert ranking[0][:6] == [1, "综合科", 2, 0, 0, 100]
    assert ranking[1][:6] == [2, "秘书一科", 2, 2, 0, 98]  # 汇总: 100 − 2
    assert ranking[1][7] == "↓1"  # both 100 in October, 1st together; 2nd now
    sv.set_month_score_method("日均分")
    assert sv.month_scores(2025, 11)[1].score == Decimal("99.00")  # 日均分: (100 + 98) / 2
    export_monthly_report(path, 2025, 11, force=True)
    ranking = [[c.value for c in row] for row in openpyxl.load_workbook(path)["得分排名"].iter_rows(min_row=3)]
    assert ranking[1][:6] == [2, "秘书一科", 2, 2, 0, 98]  # the month's 专报 is issued: as issued


def _cli(*args, db):
    out = subprocess.run([sys.executable, "main.py", "--db", str(db), *args], capture_output=True, text=True,
                         cwd=__import__("pathlib").Path(__file__).resolve().parents[1], timeout=120)
    return out.returncode, out.stdout, out.stderr


def test_supervision_commands(office, tmp_path):
    _month_of_checks(office)
    path = pg.cli_target()
    code, out, err = _cli("report", "supervision", "--month", "2025-11", "--json", db=path)
    assert code == 0, err
    payload = json.loads(out)
    assert (payload["month"], payload["issue_no"]) == ("2025-11", 1)
    assert [(s["section"], s["score"], s["rank"], s["change"]) for s in payload["sections"]] == [
        ("综合科", 100.0, 1, 0), ("秘书一科", 98.0, 2, -1)]  # 汇总: 100 − the month's deductions
    code, out, err = _cli("report", "supervision", "--month", "2025-11", "--pdf", str(tmp_path / "r.pdf"), db=path)
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF"), err
    code, out, err = _cli("report", "supervision", "--month", "2025-11", "--xlsx", str(tmp_path / "r.xlsx"), db=path)
    assert code == 0 and (tmp_path / "r.xlsx").is_file(), err
    code, out, err = _cli("report", "campaigns", "--json", db=path)
    assert [c["name"] for c in json.loads(out)["campaigns"]] == ["万页文稿无差错", "万里行车无事故", "百次会议无失误",
                                                                 "百次电话无差错"]
    assert set(json.loads(out)["campaigns"][0]) >= {"name", "count", "target", "since"}
    sv.save_task({"source": "领导交办", "title": "落实防汛部署", "person": Person.get(name="张伟"),
                  "assigned_on": date(2025, 11, 1), "deadline": date(2025, 11, 20)}, today=date(2025, 11, 1))
    code, out, err = _cli("report", "tasks", "--as-of", "2025-11-19", "--json", db=path)
    task = json.loads(out)["tasks"][0]
    assert {k: task[k] for k in ("title", "responsible", "deadline", "status", "light")} == {
        "title": "落实防汛部署", "responsible": "张伟", "deadline": "2025-11-20", "status": "办理中", "light": "yellow"}
    code, out, err = _cli("report", "supervision", "--month", "2025-13", db=path)
    assert code == 2 and "月份应写成 2025-10：2025-13" in err  # a usage error, like a bad --as-of
    code, out, err = _cli("report", "fuel", "--month", "2025-11", db=path)
    assert code == 2 and "只用于" in err  # a usage error too (issue 19)
