"""收文登记簿 and 发文登记簿 (kinds ``incoming`` and ``outgoing``): the shapes offices keep them in,
the shared numbering and time-limit rules, all or nothing, one chained audit entry per batch,
refusals naming sheet, row and column, the kind told apart from the other register and from
督办 ledgers, and the export that reads back through the import."""
from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models import ALL_MODELS
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.documents import IncomingDocument, OutgoingDocument
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services import workdays


def book(path, rows, title=None, sheet="Sheet"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def snapshot():
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


def errors(report):
    return [(e.sheet, e.row, e.column, e.message) for e in report.errors]


# A county office's register: numbers as written, dates as text, the 来文字号 as written.
OFFICE_IN = ["收文编号", "收文日期", "来文单位", "来文字号", "标题", "份数", "紧急程度", "承办科室", "承办人",
             "办理时限", "办结日期", "办理结果"]
OFFICE_IN_ROWS = [
    ["收〔2026〕1号", "2026.3.2", "省政府办公厅", "苏政办发〔2026〕45号", "关于做好2026年防汛工作的通知", 2, "加急",
     "秘书一科", "王明", None, "2026.3.4", "已按要求部署"],
    ["收[2026]2号", "2026年3月3日", "市发改委", "宿发改〔2026〕12号", "关于报送一季度项目进展的函", 1, None,
     "综合科", None, None, None, None],
    ["收（2026）3号", date(2026, 3, 5), "市委办公室", "宿办〔2026〕7号", "关于开展安全生产大检查的通知", 3, "特急",
     "秘书一科", "王明", "2026-3-9", "2026.3.6", "已办结"],
]


def test_an_office_register_imports_with_its_numbers_and_limits(database, tmp_path):
    Person.create(name="王明")
    report = import_ledger("incoming", book(tmp_path / "收文.xlsx", [OFFICE_IN, *OFFICE_IN_ROWS],
                                            title="2026年收文登记簿"))
    assert report.errors == [] and report.imported == 3, errors(report)
    docs = {d.serial: d for d in IncomingDocument.select()}
    first, second, third = docs[1], docs[2], docs[3]
    assert (first.year, first.received_on, first.source_ref) == (2026, date(2026, 3, 2), "苏政办发〔2026〕45号")
    assert first.urgency == "加急" and first.status == "已办结" and first.done_on == date(2026, 3, 4)
    assert first.deadline == workdays.deadline_for("加急", date(2026, 3, 2))  # the rule's, the file gives none
    assert first.handler.name == "王明" and first.section.name == "秘书一科"
    assert second.urgency == "平件" and second.status == "办理中" and second.handler is None  # 紧急程度 absent
    assert second.deadline == workdays.deadline_for("平件", date(2026, 3, 3))
    assert third.deadline == date(2026, 3, 9) and third.limit_days is None  # the file's own limit
    assert sorted(report.created["科室"]) == ["秘书一科", "综合科"]
    (entry,) = AuditLog.select().where(AuditLog.table == "incoming_document")  # one chained entry per batch
    assert json.loads(entry.after)["rows"] == 3


def test_a_bare_serial_with_the_year_in_the_title_and_month_day_dates(database, tmp_path):
    rows = [["序号", "收文时间", "来文机关", "文号", "文件标题", "缓急"],
            [12, "3月5日", "省政府办公厅", "苏政办发〔2026〕45号", "关于做好防汛工作的通知", "急件"],
            [13, "3.6", "市委办公室", "", "关于召开全市经济工作会议的通知", "普通"]]
    report = import_ledger("incoming", book(tmp_path / "r.xlsx", rows, title="宿城市人民政府办公室2026年收文登记簿"))
    assert report.errors == [] and report.imported == 2, errors(report)
    got = sorted((d.year, d.serial, d.received_on, d.urgency) for d in IncomingDocument.select())
    assert got == [(2026, 12, date(2026, 3, 5), "加急"), (2026, 13, date(2026, 3, 6), "平件")]


def test_a_year_column_gives_the_year_of_month_day_dates(database, tmp_path):
    rows = [["年度", "序号", "日期", "来文单位", "标题"], [2025, 1, "12月30日", "市财政局", "关于年终结算的通知"]]
    report = import_ledger("incoming", book(tmp_path / "r.xlsx", rows))
    assert report.errors == [] and report.imported == 1
    doc = IncomingDocument.get()
    assert (doc.year, doc.serial, doc.received_on) == (2025, 1, date(2025, 12, 30))


def test_a_month_day_without_any_year_is_refused_naming_where(database, tmp_path):
    rows = [["收文日期", "来文单位", "标题"], ["3月5日", "市财政局", "关于年终结算的通知"]]
    report = import_ledger("incoming", book(tmp_path / "r.xlsx", rows))
    assert report.refused and IncomingDocument.select().count() == 0
    ((sheet, row, column, message),) = errors(report)
    assert (sheet, row, column) == ("Sheet", 2, "收文日期") and "没有年份" in message


def test_rows_without_numbers_are_numbered_in_date_order_after_the_last_on_file(database, tmp_path):
    first = [["收文编号", "收文日期", "来文单位", "标题"], ["收〔2026〕7号", "2026-3-1", "市财政局", "甲"]]
    assert import_ledger("incoming", book(tmp_path / "a.xlsx", first)).imported == 1
    rows = [["收文日期", "来文单位", "标题"], ["2026-3-9", "市财政局", "丙"], ["2026-3-2", "市财政局", "乙"],
            ["2025-12-30", "市财政局", "去年的"]]
    report = import_ledger("incoming", book(tmp_path / "b.xlsx", rows))
    assert report.errors == [] and report.imported == 3
    got = {d.title: (d.year, d.serial) for d in IncomingDocument.select()}
    assert got == {"甲": (2026, 7), "乙": (2026, 8), "丙": (2026, 9), "去年的": (2025, 1)}
    assert any("没有编号" in n for n in report.notices)
    again = import_ledger("incoming", book(tmp_path / "b.xlsx", rows))  # the same file again: nothing twice
    assert again.imported == 0 and again.duplicates == 3


def test_a_number_on_file_for_another_document_or_twice_in_the_file_is_refused(database, tmp_path):
    head = ["收文编号", "收文日期", "来文单位", "标题"]
    assert import_ledger("incoming", book(tmp_path / "a.xlsx", [head, ["收〔2026〕5号", "2026-3-1", "市财政局", "甲"]])).imported == 1
    before = snapshot()
    rows = [head, ["收〔2026〕5号", "2026-3-2", "市财政局", "乙"],  # on file as 甲
            ["收〔2026〕6号", "2026-3-2", "市财政局", "丙"], ["收〔2026〕6号", "2026-3-3", "市财政局", "丁"]]
    report = import_ledger("incoming", book(tmp_path / "b.xlsx", rows))
    assert report.refused and snapshot() == before  # all or nothing
    got = {(e.row, e.column): e.message for e in report.errors}
    assert "已登记为《甲》" in got[(2, "收文编号")]
    assert "出现 2 次" in got[(3, "收文编号")] and "出现 2 次" in got[(4, "收文编号")]
    same = import_ledger("incoming", book(tmp_path / "a.xlsx", [head, ["收〔2026〕5号", "2026-3-1", "市财政局", "甲"]]))
    assert same.imported == 0 and same.duplicates == 1 and same.errors == []  # the same document: already on file


@pytest.mark.parametrize("row,column,words", [
    (["收〔2025〕5号", "2026-3-2", "市财政局", "甲", None, None, None, None], "收文编号", "不在同一年"),
    (["收〔2026〕5号", "2026-3-2", "市财政局", "甲", "秘密", None, None, None], "密级", "涉密文件不在本系统登记"),
    (["收〔2026〕5号", "2026-3-2", "市财政局", "甲", None, "已办结", None, None], "办结日期", "要有办结日期"),
    (["收〔2026〕5号", "2026-3-2", "市财政局", "甲", None, None, "2026-3-1", None], "办结日期", "早于收文日期"),
    (["收〔2026〕5号", "2026-3-2", "市财政局", "甲", None, "作废", None, None], "作废原因", "要写明作废原因"),
    (["收〔2026〕5号", "2026-3-2", "市财政局", "甲", None, "转督办", "2026-3-3", None], "承办人", "落实到人"),
    (["收〔2026〕5号", "2026-3-2", "市财政局", "甲", None, "办理中", "2026-3-3", None], "办理状态", "状态却是办理中"),
    (["2026年5号", "2026-3-2", "市财政局", "甲", None, None, None, None], "收文编号", "不是收文编号"),
    (["发〔2026〕5号", "2026-3-2", "市财政局", "甲", None, None, None, None], "收文编号", "以“收”开头"),
])
def test_an_incoming_row_breaking_a_rule_is_refused_under_its_column(database, tmp_path, row, column, words):
    head = ["收文编号", "收文日期", "来文单位", "标题", "密级", "办理状态", "办结日期", "承办人"]
    report = import_ledger("incoming", book(tmp_path / "r.xlsx", [head, row]))
    assert report.refused and IncomingDocument.select().count() == 0
    assert any(e.row == 2 and e.column == column and words in e.message for e in report.errors), errors(report)


def test_a_document_handed_on_as_a_supervised_task_makes_its_task(database, tmp_path):
    head = ["收文编号", "收文日期", "来文单位", "标题", "领导批示", "承办科室", "承办人", "办理状态", "办结日期",
            "作废原因"]
    rows = [head, ["收〔2026〕1号", "2026-3-2", "市委办公室", "关于老旧小区改造的调研报告", "请城建科牵头，月底前拿出方案",
                   "城建科", "李强", "转督办", "2026-3-3", None],
            ["收〔2026〕2号", "2026-3-2", "市财政局", "重复来文", None, None, None, "作废", None, "重复登记"]]
    report = import_ledger("incoming", book(tmp_path / "r.xlsx", rows))
    assert report.errors == [] and report.imported == 2, errors(report)
    doc = IncomingDocument.get(IncomingDocument.serial == 1)
    task = SupervisedTask.get()
    assert doc.status == "转督办" and doc.task_id == task.id and doc.done_on == date(2026, 3, 3)
    assert (task.title, task.person_name, task.deadline, task.requirement) == (
        doc.title, "李强", doc.deadline, "请城建科牵头，月底前拿出方案")
    voided = IncomingDocument.get(IncomingDocument.serial == 2)
    assert voided.status == "已作废" and voided.void_reason == "重复登记"


def test_a_working_days_limit_in_the_file_is_a_limit_of_its_own(database, tmp_path):
    rows = [["收文编号", "收文日期", "来文单位", "标题", "办理时限"], ["收〔2026〕1号", "2026-9-30", "市委办公室", "甲", "3个工作日"]]
    assert import_ledger("incoming", book(tmp_path / "r.xlsx", rows)).errors == []
    doc = IncomingDocument.get()
    assert doc.limit_days == 3 and doc.deadline == workdays.add_working_days(date(2026, 9, 30), 3)
    assert doc.deadline > date(2026, 10, 8)  # the National Day holiday is no working day


def test_a_deadline_written_without_its_year_is_in_the_documents_year_or_the_next(database, tmp_path):
    rows = [["收文编号", "收文日期", "来文单位", "标题", "办理时限"], ["收〔2026〕1号", "2026-3-2", "x", "甲", "3月9日"],
            ["收〔2025〕2号", "2025-12-28", "x", "乙", "1月5日"]]  # received in the past: 收文日期 is never ahead
    assert import_ledger("incoming", book(tmp_path / "r.xlsx", rows)).errors == []
    assert [d.deadline for d in IncomingDocument.select().order_by(IncomingDocument.serial)] == [
        date(2026, 3, 9), date(2026, 1, 5)]


def test_several_sections_or_handlers_take_the_first_the_lead(database, tmp_path):
    rows = [["收文编号", "收文日期", "来文单位", "标题", "承办科室", "承办人"],
            ["收〔2026〕1号", "2026-3-2", "x", "甲", "秘书一科、综合科", "王明，李强"]]
    report = import_ledger("incoming", book(tmp_path / "r.xlsx", rows))
    assert report.errors == [] and report.created["科室"] == ["秘书一科"]
    doc = IncomingDocument.get()
    assert (doc.section.name, doc.handler_name) == ("秘书一科", "王明")
    assert "2 处承办科室或承办人写了多个，按第一个（主办）登记" in report.notices


def test_a_merged_section_is_refused(database, tmp_path):
    Section.create(name="老科室", active=False)
    rows = [["收文编号", "收文日期", "来文单位", "标题", "承办科室"], ["收〔2026〕1号", "2026-3-2", "市委办公室", "甲", "老科室"]]
    report = import_ledger("incoming", book(tmp_path / "r.xlsx", rows))
    assert report.refused and "已合署" in report.errors[0].message and report.errors[0].column == "承办科室"


# ---------------------------------------------------------------- 发文登记簿
OFFICE_OUT = ["发文字号", "标题", "拟稿科室", "拟稿人", "核稿人", "签发人", "签发日期", "印发日期", "份数", "主送", "抄送"]


def test_an_outgoing_register_imports_its_numbers_parsed(database, tmp_path):
    rows = [OFFICE_OUT,
            ["宿政办发〔2026〕1号", "关于印发2026年政府工作要点的通知", "秘书一科", "张伟", "刘芳", "赵市长", "2026-1-5",
             "2026-1-6", 120, "各县区人民政府", "市委办公室"],
            ["宿政办函[2026]3号", "关于商请支持项目建设的函", "综合科", "李娜", "刘芳", "钱秘书长", "2026.1.8", None, 5,
             "省发改委", None]]
    report = import_ledger("outgoing", book(tmp_path / "发文.xlsx", rows, title="2026年发文登记簿"))
    assert report.errors == [] and report.imported == 2, errors(report)
    docs = {d.prefix: d for d in OutgoingDocument.select()}
    issued, signed = docs["宿政办发"], docs["宿政办函"]
    assert (issued.year, issued.serial, issued.status, issued.printed_on) == (2026, 1, "已印发", date(2026, 1, 6))
    assert issued.drafted_on == date(2026, 1, 5)  # no 拟稿日期: the day it was signed
    assert (signed.year, signed.serial, signed.status, signed.copies) == (2026, 3, "已签发", 5)
    (entry,) = AuditLog.select().where(AuditLog.table == "outgoing_document")
    assert json.loads(entry.after)["rows"] == 2


@pytest.mark.parametrize("row,column,words", [
    (["宿政办发〔2026〕1号", "甲", "2026-1-6", "2026-1-5", None], "印发日期", "须先签发后印发"),
    (["宿政办发〔2026〕1号", "甲", None, "2026-1-5", None], "印发日期", "未签发的发文不能印发"),
    (["宿政办发〔2026〕1号", "甲", None, None, None], "签发日期", "已编号的发文要有签发日期"),
    (["宿政办发〔2025〕1号", "甲", "2026-1-6", None, None], "发文字号", "不是同一年"),
    (["宿政办发2026-1", "甲", "2026-1-6", None, None], "发文字号", "不是文号"),
    (["宿政办发〔2026〕1号", "甲", "2026-1-6", None, "作废"], "作废原因", "要写明作废原因"),
])
def test_an_outgoing_row_breaking_a_rule_is_refused_under_its_column(database, tmp_path, row, column, words):
    head = ["发文字号", "标题", "签发日期", "印发日期", "状态"]
    report = import_ledger("outgoing", book(tmp_path / "r.xlsx", [head, row]))
    assert report.refused and OutgoingDocument.select().count() == 0
    assert any(e.row == 2 and e.column == column and words in e.message for e in report.errors), errors(report)


def test_outgoing_numbers_on_file_or_twice_are_refused(database, tmp_path):
    head = ["发文字号", "标题", "签发日期"]
    assert import_ledger("outgoing", book(tmp_path / "a.xlsx", [head, ["宿政办发〔2026〕1号", "甲", "2026-1-6"]])).imported == 1
    rows = [head, ["宿政办发[2026]1号", "乙", "2026-1-7"], ["宿政办发〔2026〕2号", "丙", "2026-1-7"],
            ["宿政办发（2026）2号", "丁", "2026-1-8"], ["宿政办函〔2026〕1号", "戊", "2026-1-8"]]
    report = import_ledger("outgoing", book(tmp_path / "b.xlsx", rows))
    assert report.refused and OutgoingDocument.select().count() == 1
    assert {e.row for e in report.errors} == {2, 3, 4}  # 宿政办函 has its own numbers


def test_numbers_missing_between_those_imported_are_said_not_refused(database, tmp_path):
    rows = [["发文字号", "标题", "签发日期"], ["宿政办发〔2026〕1号", "甲", "2026-1-6"], ["宿政办发〔2026〕4号", "乙", "2026-1-9"]]
    report = import_ledger("outgoing", book(tmp_path / "g.xlsx", rows))
    assert report.imported == 2
    assert "宿政办发〔2026〕的发文字号缺 2 个号（2、3号），请核对是否漏登或作废" in report.notices


# ---------------------------------------------------------------- which register is which
def test_a_register_of_documents_in_is_not_taken_for_one_of_documents_out_and_back(database, tmp_path):
    incoming = book(tmp_path / "in.xlsx", [OFFICE_IN, *OFFICE_IN_ROWS])
    report = import_ledger("outgoing", incoming)
    assert report.refused and "请按 incoming 导入" in report.errors[0].message
    outgoing = book(tmp_path / "out.xlsx", [OFFICE_OUT, ["宿政办发〔2026〕1号", "甲", "秘书一科", "张伟", "刘芳", "赵市长",
                                                        "2026-1-5", None, 3, "各县区", None]])
    report = import_ledger("incoming", outgoing)
    assert report.refused and "outgoing" in report.errors[0].message
    assert snapshot()["incoming_document"] == snapshot()["outgoing_document"] == 0


def test_a_supervised_task_ledger_is_not_a_register_and_a_register_is_not_tasks(database, tmp_path):
    tasks = book(tmp_path / "t.xlsx", [["督办事项", "责任人", "责任科室", "交办日期", "办结时限", "来文单位"],
                                        ["推进老旧小区改造", "李强", "城建科", "2026-3-2", "2026-3-31", "市委办公室"]])
    report = import_ledger("incoming", tasks)
    assert report.refused and IncomingDocument.select().count() == 0
    assert import_ledger("tasks", tasks).imported == 1
    register = book(tmp_path / "in.xlsx", [OFFICE_IN, *OFFICE_IN_ROWS])
    report = import_ledger("tasks", register)
    assert report.refused and SupervisedTask.select().count() == 1
    assert import_ledger("outgoing", tasks).refused


# ---------------------------------------------------------------- export, and back
def test_the_export_of_both_registers_reads_back_through_their_import(database, tmp_path):
    from govoffice_desktop.ledgers.export_documents import export_documents

    Person.create(name="王明")
    assert import_ledger("incoming", book(tmp_path / "in.xlsx", [OFFICE_IN, *OFFICE_IN_ROWS])).imported == 3
    out_rows = [OFFICE_OUT + ["状态", "作废原因"],
                ["宿政办发〔2026〕1号", "甲", "秘书一科", "张伟", "刘芳", "赵市长", "2026-1-5", "2026-1-6", 120, "各县区", "", "", ""],
                ["宿政办发〔2026〕2号", "乙", "秘书一科", "张伟", "刘芳", "赵市长", "2026-1-7", None, None, "", "", "作废",
                 "标题有误，重新发文"]]
    assert import_ledger("outgoing", book(tmp_path / "out.xlsx", out_rows)).imported == 2
    fields = ("year", "serial", "received_on", "source_unit", "source_ref", "title", "copies", "urgency", "deadline",
              "status", "done_on", "result", "handler_name")
    before_in = sorted(tuple(getattr(d, f) for f in fields) for d in IncomingDocument.select())
    out_fields = ("prefix", "year", "serial", "title", "signed_on", "printed_on", "status", "void_reason", "copies")
    before_out = sorted(tuple(getattr(d, f) for f in out_fields) for d in OutgoingDocument.select())
    assert export_documents("incoming", tmp_path / "收文导出.xlsx") == 3
    assert export_documents("outgoing", tmp_path / "发文导出.xlsx") == 2
    again = import_ledger("incoming", tmp_path / "收文导出.xlsx", dry_run=True)
    assert again.errors == [] and again.duplicates == 3 and again.unmapped == []
    IncomingDocument.delete_where(IncomingDocument.id > 0)
    OutgoingDocument.delete_where(OutgoingDocument.id > 0)
    assert import_ledger("incoming", tmp_path / "收文导出.xlsx").imported == 3
    assert import_ledger("outgoing", tmp_path / "发文导出.xlsx").imported == 2
    assert sorted(tuple(getattr(d, f) for f in fields) for d in IncomingDocument.select()) == before_in
    assert sorted(tuple(getattr(d, f) for f in out_fields) for d in OutgoingDocument.select()) == before_out


def test_the_command_line_imports_and_exports_both_and_never_writes_over_what_it_reads(tmp_path, capsys):
    target = str(tmp_path / "x.db")
    ledger = book(tmp_path / "in.xlsx", [OFFICE_IN, *OFFICE_IN_ROWS])
    assert app.main(["--db", target, "import", "incoming", str(ledger), "--json"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["imported"] == 3
    out = tmp_path / "out.xlsx"
    assert app.main(["--db", target, "export", "incoming", str(out), "--json"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["rows"] == 3
    assert app.main(["--db", target, "export", "outgoing", str(out)]) == cli.EXIT_REFUSED  # there: only with --force
    assert app.main(["--db", target, "export", "outgoing", target, "--force"]) == cli.EXIT_REFUSED
    capsys.readouterr()
    bad = book(tmp_path / "bad.xlsx", [["发文字号", "标题", "签发日期", "印发日期"], ["宿政办发〔2026〕1号", "甲", "2026-1-6", "2026-1-5"]])
    assert app.main(["--db", target, "import", "outgoing", str(bad)]) == cli.EXIT_REFUSED
    said = capsys.readouterr().out
    assert "第2行" in said and "印发日期" in said and "未写入任何数据" in said


# ---------------------------------------------------------------- other offices' shapes
def test_an_oa_systems_register_with_its_own_column_names(database, tmp_path):
    """The columns of an OA system's 收文登记簿 (公文标题, 来文日期, 收文编号, 秘密等级, and the 主送单位 and
    签发人 of the document received, which are not the office's own 发文)."""
    head = ["公文标题", "来文日期", "来文单位", "来文字号", "收文编号", "承办人", "来文类别", "紧急程度", "主送单位",
            "抄送单位", "签发人", "秘密等级", "登记人", "登记日期"]
    row = ["关于做好春节期间安全工作的通知", "2026-02-02", "省应急管理厅", "苏应急〔2026〕3号", "收〔2026〕21号", "",
           "通知", "紧急", "各设区市人民政府", "", "王厅长", "非密", "陈静", "2026-02-02"]
    report = import_ledger("incoming", book(tmp_path / "oa.xlsx", [head, row]))
    assert report.errors == [] and report.imported == 1, errors(report)
    doc = IncomingDocument.get()
    assert (doc.serial, doc.urgency, doc.secrecy, doc.registered_by) == (21, "加急", "公开", "陈静")
    assert {"主送单位", "签发人", "来文类别"} <= set(report.unmapped)
    assert import_ledger("outgoing", book(tmp_path / "oa.xlsx", [head, row])).refused


def test_a_register_with_no_date_column_is_refused_saying_which_column_it_needs(database, tmp_path):
    head = ["序号", "收文字号", "来文字号", "标题", "密级", "份数"]  # an OA query export: no 收文日期, no 来文单位
    report = import_ledger("incoming", book(tmp_path / "q.xlsx", [head, [1, "收〔2026〕1号", "苏政发〔2026〕1号", "甲", "内部", 2]]))
    assert report.refused and "找不到必需的列" in report.errors[0].message
    assert "收文日期" in report.errors[0].message and "来文单位" in report.errors[0].message


def test_a_paper_register_template(database, tmp_path):
    """The shape of a printed 收文登记簿 template: 日期, 起草单位 (the sender), 文件题名, 答复时间, 登记人."""
    head = ["编号", "日期", "起草单位", "收文文号", "文件题名", "附件", "备注", "答复时间", "登记人"]
    rows = [head, [1, "2026.4.1", "市人社局", "宿人社〔2026〕9号", "关于调整最低工资标准的通知", "", "", "2026.4.3", "陈静"]]
    report = import_ledger("incoming", book(tmp_path / "p.xlsx", rows, title="2026年收文登记簿"))
    assert report.errors == [] and report.imported == 1, errors(report)
    doc = IncomingDocument.get()
    assert (doc.received_on, doc.source_unit, doc.status, doc.done_on) == (
        date(2026, 4, 1), "市人社局", "已办结", date(2026, 4, 3))


# ---------------------------------------------------------------- hostile files
@pytest.mark.parametrize("cell,column,words", [
    ("关于\u202e通知", "标题", "双向文字控制符"),
    ("甲" * 201, "标题", "超过 200 个字"),
    ("=HYPERLINK(\"http://x\")", "标题", "公式没有计算结果"),  # a formula is never run, nor taken for text
])
def test_hostile_cells_in_a_register(database, tmp_path, cell, column, words):
    rows = [["收文编号", "收文日期", "来文单位", "标题"], ["收〔2026〕1号", "2026-3-2", "市委办公室", cell]]
    report = import_ledger("incoming", book(tmp_path / "h.xlsx", rows))
    assert report.refused and IncomingDocument.select().count() == 0
    assert any(e.row == 2 and e.column == column and words in e.message for e in report.errors), errors(report)


@pytest.mark.parametrize("row,column", [
    (["收〔2026〕0号", "2026-3-2", "x", "甲", None], "收文编号"),
    (["收〔2026〕1号", "1900-1-2", "x", "甲", None], "收文日期"),
    (["收〔2026〕1号", "2026-2-30", "x", "甲", None], "收文日期"),
    (["收〔2026〕1号", "2026-3-2", "x", "甲", "999个工作日"], "办理时限"),
    (["收〔2026〕1号", "2026-3-2", "x", "甲", "2026-3-1"], "办理时限"),
    (["收〔2026〕1号", "2026-3-2", "x", "甲", -3], "办理时限"),
])
def test_impossible_numbers_dates_and_limits_are_refused(database, tmp_path, row, column):
    rows = [["收文编号", "收文日期", "来文单位", "标题", "办理时限"], row]
    report = import_ledger("incoming", book(tmp_path / "h.xlsx", rows))
    assert report.refused and IncomingDocument.select().count() == 0
    assert any(e.row == 2 and e.column == column for e in report.errors), errors(report)


def test_a_thousand_rows_import_in_one_batch_entry(database, tmp_path):
    rows = [["收文编号", "收文日期", "来文单位", "标题", "紧急程度"]]
    for n in range(1, 1201):
        day = date(2025, 1 + n % 12, 1 + n % 28)  # a past year: 收文日期 is never ahead of today
        rows.append([None, day, "市委办公室", f"第{n}号文件", ("特急", "加急", "平件")[n % 3]])
    report = import_ledger("incoming", book(tmp_path / "big.xlsx", rows))
    assert report.errors == [] and report.imported == 1200
    serials = [s for (s,) in IncomingDocument.select(IncomingDocument.serial).order_by(IncomingDocument.serial).tuples()]
    assert serials == list(range(1, 1201))  # no gaps, in date order
    assert AuditLog.select().where(AuditLog.table == "incoming_document").count() == 1


TASKS_LEDGER = [["督办事项", "责任人", "责任科室", "交办日期", "办结时限", "来文单位"],
                ["推进老旧小区改造", "李强", "城建科", "2026-3-2", "2026-3-31", "市委办公室"]]
TYPING_LOG = [["日期", "打字员", "文稿标题", "文号", "页数", "字数"],
              ["2026-3-2", "王芳", "关于做好防汛工作的通知", "宿政办发〔2026〕3号", 3, 1800]]
OUT_ROW = ["宿政办发〔2026〕1号", "甲", "秘书一科", "张伟", "刘芳", "赵市长", "2026-1-5", None, 3, "各县区", None]


@pytest.mark.parametrize("kind,rows,said", [
    ("tasks", [OFFICE_IN, *OFFICE_IN_ROWS], "这张表像收文登记簿，请按 incoming 导入"),
    ("typing", [OFFICE_IN, *OFFICE_IN_ROWS], "这张表像收文登记簿，请按 incoming 导入"),
    ("typing", [OFFICE_OUT, OUT_ROW], "这张表像发文登记簿，请按 outgoing 导入"),
    ("tasks", [OFFICE_OUT, OUT_ROW], "这张表像发文登记簿，请按 outgoing 导入"),
    ("incoming", TASKS_LEDGER, "这张表像督办事项，请按 tasks 导入"),
    ("outgoing", TASKS_LEDGER, "这张表像督办事项，请按 tasks 导入"),
    ("incoming", TYPING_LOG, "这张表像文印登记，请按 typing 导入"),
    ("outgoing", TYPING_LOG, "这张表像文印登记，请按 typing 导入"),
])
def test_each_ledger_is_told_which_kind_it_is(database, tmp_path, kind, rows, said):
    report = import_ledger(kind, book(tmp_path / "l.xlsx", rows))
    assert report.refused and [e.message for e in report.errors] == [said]


def test_the_public_ledgers_are_no_registers(database):
    from tests.ledger_fixtures import PUBLIC

    files = sorted(PUBLIC.glob("*.xls*"))
    if not files:
        pytest.skip("the public ledgers are not here")
    for path in files:
        for kind in ("incoming", "outgoing"):
            report = import_ledger(kind, path)
            assert report.refused and report.imported == 0, (kind, path.name)
    report = import_ledger("incoming", PUBLIC / "eyesChan__57eb9edd17a4f.xls")  # a 文稿督办 export
    assert [e.message for e in report.errors] == ["这张表像督办事项，请按 tasks 导入"]
    assert import_ledger("tasks", PUBLIC / "eyesChan__57eb9edd17a4f.xls").imported == 2  # still the tasks it was


# --------------------------------------------------------------- the reviewer's defects (issue 22)
def test_dates_of_what_was_done_cannot_be_after_the_day_of_the_import(database, tmp_path):
    """收文日期, 办结日期, 批示日期, 归档日期 after today are refused row by row under their column;
    办理时限 may lie ahead."""
    today = date.today()
    later = date.fromordinal(today.toordinal() + 24).isoformat()
    head = ["收文日期", "来文单位", "标题", "办结日期", "批示日期", "归档日期", "办理时限"]
    rows = [head, [later, "市财政局", "甲", None, None, None, None],
            [today.isoformat(), "市财政局", "乙", later, None, None, None],
            [today.isoformat(), "市财政局", "丙", None, later, None, None],
            [today.isoformat(), "市财政局", "丁", None, None, later, None]]
    before = snapshot()
    report = import_ledger("incoming", book(tmp_path / "f.xlsx", rows))
    assert report.refused and snapshot() == before
    got = {(e.row, e.column) for e in report.errors}
    assert got == {(2, "收文日期"), (3, "办结日期"), (4, "批示日期"), (5, "归档日期")}, errors(report)
    assert all("晚于今天" in e.message for e in report.errors), errors(report)
    ahead = [head, [today.isoformat(), "市财政局", "戊", None, None, None, later]]
    assert import_ledger("incoming", book(tmp_path / "g.xlsx", ahead)).imported == 1  # a time limit ahead is fine


def test_an_outgoing_date_after_today_is_refused_once(database, tmp_path):
    later = date.fromordinal(date.today().toordinal() + 85)
    head = ["发文字号", "标题", "签发日期", "印发日期"]
    rows = [head, [f"宿政办发〔{later.year}〕1号", "甲", later.isoformat(), None],
            ["宿政办发〔2026〕2号", "乙", "2026-1-6", later.isoformat()]]
    report = import_ledger("outgoing", book(tmp_path / "o.xlsx", rows))
    assert report.refused and OutgoingDocument.select().count() == 0
    assert [(e.row, e.column) for e in report.errors] == [(2, "签发日期"), (3, "印发日期")], errors(report)
    assert "要有签发日期" not in " ".join(e.message for e in report.errors)


def test_the_notice_of_rows_numbered_names_the_lowest_and_highest(database, tmp_path):
    first = [["收文编号", "收文日期", "来文单位", "标题"], ["收〔2026〕361号", "2026-3-1", "市财政局", "甲"]]
    assert import_ledger("incoming", book(tmp_path / "a.xlsx", first)).imported == 1
    rows = [["收文日期", "来文单位", "标题"], ["2026-3-9", "市财政局", "丙"], ["2026-3-2", "市财政局", "乙"]]
    report = import_ledger("incoming", book(tmp_path / "b.xlsx", rows))
    assert report.imported == 2
    assert "2 行没有编号，已按日期顺序接着编号（收〔2026〕362号 起，至 收〔2026〕363号）" in report.notices
