"""文电办理's printouts and 催办 (issue 22, points 4 and 6): the 收文处理笺, the 收文登记簿 and 发文登记簿
of a period (landscape, the header on every page, 第 n 页 共 m 页), the 催办单 and 督办通知单 kept as
issued; the urge's rules (only an overdue, open item; one a day; 请于 … by 紧急程度 in working days).

Rows are made through the models directly (the 收文/发文 services are another part's)."""
from __future__ import annotations

import re
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.documents import (Circulation, Holiday, IncomingDocument, IncomingStep,
                                                OutgoingDocument, Urge)
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.reports import documents as printouts
from govoffice_desktop.services import auth
from govoffice_desktop.services.documents import urging
from govoffice_desktop.services.office import set_office_name
from govoffice_desktop.services.validation import BadValue
from tests.test_printed_forms import _lines, _pdf

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 9, 30)  # a Wednesday, the day before 国庆


def _schedule() -> None:
    """2026's days as a schedule would have them around 国庆: 9-27 (Sunday) worked, 10-1…10-7 off,
    10-10 (Saturday) worked."""
    Holiday.create(day=date(2026, 9, 27), kind="上班", name="国庆节调休")
    for d in range(1, 8):
        Holiday.create(day=date(2026, 10, d), kind="放假", name="国庆节")
    Holiday.create(day=date(2026, 10, 10), kind="上班", name="国庆节调休")


def _incoming(serial: int, **values) -> IncomingDocument:
    row = {"year": 2026, "serial": serial, "received_on": date(2026, 9, 14), "source_unit": "江苏省人民政府办公厅",
           "source_ref": f"苏政办发〔2026〕{80 + serial}号", "title": f"关于做好国庆期间安全生产工作的通知（{serial}）",
           "copies": 2, "urgency": "平件", "deadline": date(2026, 9, 23)}
    row.update(values)
    return IncomingDocument.create(**row)


@pytest.fixture
def office(database):
    set_office_name("宿迁市人民政府办公室")
    _schedule()
    first = Section.create(name="秘书一科")
    second = Section.create(name="综合科")
    wang = Person.create(name="王建国", section=first, post="科长")
    li = Person.create(name="李文书", section=second, post="科员")
    late = _incoming(1, section=first, handler=wang, urgency="加急", deadline=date(2026, 9, 25),
                     proposal="建议秘书一科牵头办理，报王主任阅示。", proposed_by="李文书",
                     instruction="请秘书一科抓紧落实，按时反馈。", instructed_by="张副主任",
                     instructed_on=date(2026, 9, 15))
    IncomingStep.create(document=late, noted_on=date(2026, 9, 16), note="已电话联系市应急局", noted_by="王建国")
    Circulation.create(document=late, reader_name="张副主任", sent_on=date(2026, 9, 14), read_on=date(2026, 9, 15))
    done = _incoming(2, section=second, handler=li, status="已办结", done_on=date(2026, 9, 18), result="已报送。")
    waiting = _incoming(3, section=second, handler=li, deadline=date(2026, 10, 9))  # not due yet
    task = SupervisedTask.create(source="领导交办", title="推进市民中心停车难问题整改", requirement="九月底前拿出整改方案",
                                 person=wang, section=first, assigned_on=date(2026, 9, 1), deadline=date(2026, 9, 25))
    return {"late": late, "done": done, "waiting": waiting, "task": task, "first": first, "second": second,
            "wang": wang, "li": li}


# ================================================================ the rules of an urge
def test_only_an_open_overdue_item_is_urged_and_says_why_not(office):
    with pytest.raises(BadValue, match=r"收〔2026〕2号已办结，不需要催办"):
        urging.issue_urge(document=office["done"], today=TODAY)
    with pytest.raises(BadValue, match=r"办理时限是 2026-10-09，到 2026-09-30 尚未超期"):
        urging.issue_urge(document=office["waiting"], today=TODAY)
    no_limit = _incoming(4, deadline=None)
    with pytest.raises(BadValue, match="没有办理时限"):
        urging.issue_urge(document=no_limit, today=TODAY)
    office["task"].status, office["task"].completed_on = "已撤销", TODAY
    office["task"].save()
    with pytest.raises(BadValue, match="已撤销，不需要催办"):
        urging.issue_urge(task=office["task"], today=TODAY)
    with pytest.raises(BadValue, match="一件收文或一件督办事项"):
        urging.issue_urge(today=TODAY)
    assert Urge.select().count() == 0


def test_working_days_over_and_the_reply_date_follow_the_calendar(office):
    """Overdue from 9-25 (Friday) to 9-30: 9-27 (a Sunday worked), 28, 29, 30 = 4 working days.
    请于 … : 加急 2 working days after 9-30 skip 国庆 (10-1…10-7): 10-9; 平件 3: 10-10, the Saturday worked;
    特急 1: 10-8; a 督办事项 3: 10-10."""
    urge = urging.issue_urge(document=office["late"], today=TODAY)
    assert (urge.deadline, urge.working_days_over, urge.reply_by) == (date(2026, 9, 25), 4, date(2026, 10, 9))
    assert urging.reply_by(TODAY, "平件") == date(2026, 10, 10)
    assert urging.reply_by(TODAY, "特急") == date(2026, 10, 8)
    notice = urging.issue_urge(task=office["task"], today=TODAY)
    assert (notice.working_days_over, notice.reply_by) == (4, date(2026, 10, 10))


def test_the_overdue_list_and_one_urge_a_day(office):
    rows = urging.overdue(TODAY)
    assert [(r.kind, r.number, r.working_days_over, r.urges) for r in rows] == [
        ("收文", "收〔2026〕1号", 4, 0), ("督办事项", "", 4, 0)]
    first, issued = urging.urge_for_print(document=office["late"], today=TODAY)
    again, issued_again = urging.urge_for_print(document=office["late"], today=TODAY)
    assert issued and not issued_again and again.id == first.id  # printed twice the same day: one urge
    later, issued_later = urging.urge_for_print(document=office["late"], today=date(2026, 10, 8))
    assert issued_later and later.id != first.id and urging.figures_of(later)["round"] == 2
    assert later.working_days_over == 5  # 10-8 is the next working day after 9-30
    rows = urging.overdue(date(2026, 10, 8))
    assert (rows[0].urges, rows[0].last_urged) == (2, date(2026, 10, 8))
    assert [r["round"] for r in urging.urge_rows()] == [2, 1]
    assert urging.latest_urge(document=office["late"]).id == later.id


def test_urging_needs_its_permission_and_is_audited(office):
    admin = auth.create_user("admin", "pw-admin-1", "管理员")
    auth.login_as(admin)
    leader = auth.create_user("lingdao", "pw-lingdao-1", "领导")
    auth.create_user("ducha", "pw-ducha-1", "督查员")
    auth.login_as(leader)
    try:
        with pytest.raises(auth.PermissionDenied, match="无权催办"):
            urging.issue_urge(document=office["late"], today=TODAY)
        auth.authenticate("ducha", "pw-ducha-1")
        urge = urging.issue_urge(document=office["late"], today=TODAY)
    finally:
        auth.logout()
    entry = AuditLog.get(AuditLog.table == "urge", AuditLog.row_id == urge.id)
    assert entry.action == "create" and entry.who == "ducha" and urge.issued_by == "ducha"


# ================================================================ a reprint is the page as issued
@pytest.mark.sqlite_only("a PDF")
def test_a_reprint_of_an_urge_is_the_same_page_after_the_document_changed(office, tmp_path, qapp):
    urge = urging.issue_urge(document=office["late"], today=TODAY, note="请主要负责同志亲自过问。")
    notice = urging.issue_urge(task=office["task"], today=TODAY)
    before = _pdf(printouts.urge_sheet(urge), tmp_path / "u1.pdf")
    notice_before = _pdf(printouts.urge_sheet(notice), tmp_path / "n1.pdf")
    text = re.sub(r"\s+", "", before[0])
    assert len(before) == 1 and text.startswith("宿迁市人民政府办公室催办单")
    for words in ("收〔2026〕1号", "关于做好国庆期间安全生产工作的通知（1）", "秘书一科", "王建国", "2026年9月25日",
                  "已超期4个工作日", "请于2026年10月9日前办结并反馈", "催办人（签字）", "承办科室签收", "第1次催办",
                  "请主要负责同志亲自过问。"):
        assert words in text, words
    assert "督办通知单" in re.sub(r"\s+", "", notice_before[0]) and "推进市民中心停车难问题整改" in notice_before[0]
    # everything the page shows changes: the title, the section, the limit, the office's name; the document is done
    late = office["late"]
    late.title, late.section, late.handler, late.deadline = "改过的标题", office["second"], office["li"], date(2026, 9, 29)
    late.status, late.done_on, late.result = "已办结", date(2026, 10, 8), "已落实"
    late.save()
    task = office["task"]
    task.title, task.section, task.deadline = "改过的督办事项", office["second"], date(2026, 9, 28)
    task.save()
    set_office_name("另一个办公室")
    assert _pdf(printouts.urge_sheet(Urge.get_by_id(urge.id)), tmp_path / "u2.pdf") == before
    assert _pdf(printouts.urge_sheet(Urge.get_by_id(notice.id)), tmp_path / "n2.pdf") == notice_before


def test_an_urge_issued_before_its_page_was_kept_still_prints(tmp_path):
    """A file of version 13 (its urge has no figures) gains the column, and its urge prints its own
    dates with the document as it is."""
    path = tmp_path / "v13.db"
    con = sqlite3.connect(path)
    con.executescript((DATA / "schema_v13.sql").read_text(encoding="utf-8"))
    con.close()
    handle = db.open_database(path)
    try:
        assert migrations.current_version() == migrations.CURRENT_VERSION >= migrations.URGE_FIGURES
        assert "figures" in {c.name for c in handle.get_columns("urge")}
        urge = Urge.get_by_id(1)
        assert urge.figures is None
        html = printouts.urge_sheet(urge).html()
        assert "收〔2026〕1号" in html and "2026年11月5日" in html and "已超期 3 个工作日" in html
        assert "2026年11月12日" in html and "关于报送2027年部门预算的通知" in html
    finally:
        db.close_database()


# ================================================================ the printouts, in PDF
@pytest.mark.sqlite_only("a PDF")
def test_the_processing_slip_is_one_page_headed_by_the_office(office, tmp_path, qapp):
    pages = _pdf(printouts.processing_slip(office["late"]), tmp_path / "slip.pdf")
    assert len(pages) == 1
    lines = _lines(pages[0])
    assert lines[0] == "宿迁市人民政府办公室" and lines[1] == "收文处理笺"
    text = re.sub(r"\s+", "", pages[0])
    for words in ("收文编号收〔2026〕1号", "收文日期2026年9月14日", "来文单位江苏省人民政府办公厅", "来文字号苏政办发〔2026〕81号",
                  "份数2", "紧急程度加急", "办理时限2026年9月25日", "建议秘书一科牵头办理，报王主任阅示。李文书",
                  "请秘书一科抓紧落实，按时反馈。张副主任2026年9月15日", "承办科室秘书一科", "王建国",
                  "2026-09-16已电话联系市应急局（王建国）", "传阅领导送阅日期阅退日期备注张副主任2026年9月14日2026年9月15日",
                  "办理结果", "归档"):
        assert words in text, words
    assert "页" not in text.replace("处理笺", "")  # a form of one page: no page number
    three = _pdf(printouts.processing_slip([office["late"], office["done"], office["waiting"]]), tmp_path / "s3.pdf")
    assert len(three) == 3 and all(_lines(p)[:2] == ["宿迁市人民政府办公室", "收文处理笺"] for p in three)
    assert "已报送。" in three[1] and "收〔2026〕3号" in three[2]


@pytest.mark.sqlite_only("a PDF")
def test_a_long_register_repeats_its_header_on_every_page(office, tmp_path, qapp):
    for serial in range(4, 90):
        _incoming(serial, received_on=date(2026, 9, 14) + timedelta(days=serial % 10), section=office["first"])
    _incoming(90, status="已作废", void_reason="重复登记", received_on=date(2026, 9, 20))
    for serial in range(1, 70):
        OutgoingDocument.create(prefix="宿政办发", year=2026, serial=serial, title=f"关于印发工作要点的通知{serial}",
                                section=office["first"], drafter=office["wang"], drafted_on=date(2026, 9, 1),
                                reviewer="李科长", signer="王主任", signed_on=date(2026, 9, 2), status="已签发",
                                main_to="各县、区人民政府，市各委办局")
    OutgoingDocument.create(prefix="宿政办发", title="拟稿中，尚无文号", drafted_on=date(2026, 9, 3))
    for build, header, path in ((printouts.incoming_register, ["收文编号", "收文日期", "来文单位", "来文字号", "标题"], "i.pdf"),
                                (printouts.outgoing_register, ["发文字号", "标题", "拟稿科室", "拟稿人", "核稿人"], "o.pdf")):
        pages = _pdf(build(date(2026, 9, 1), date(2026, 9, 30)), tmp_path / path)
        assert len(pages) >= 3, path
        for number, page in enumerate(pages, start=1):
            lines = _lines(page)
            head = next(line for line in lines if line.split()[:1] == header[:1])
            assert head.split()[:5] == header, (path, number, head)
            assert re.sub(r"\s+", "", lines[-1]) == f"第{number}页共{len(pages)}页", (path, number)
        size = subprocess.run(["pdfinfo", str(tmp_path / path)], capture_output=True, text=True).stdout
        assert "842 x 595" in size  # A4 landscape
    text = "\n".join(_pdf(printouts.incoming_register(date(2026, 9, 1), date(2026, 9, 30)), tmp_path / "i2.pdf"))
    assert "宿迁市人民政府办公室" in text and "收文日期：2026年9月1日至2026年9月30日" in re.sub(r"\s+", "", text)
    assert "作废" in text and "收〔2026〕89号" in text
    assert printouts.incoming_rows(date(2026, 9, 20), date(2026, 9, 20))[-1][-1] == "作废：重复登记"
    numbers = [int(n) for n in re.findall(r"收〔2026〕(\d+)号", text)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 90  # every number once, in order
    out = "\n".join(_pdf(printouts.outgoing_register(date(2026, 9, 1), date(2026, 9, 30)), tmp_path / "o2.pdf"))
    assert "宿政办发〔2026〕69号" in out and "拟稿中" not in out  # a draft has no number yet


def test_the_registers_rows_and_an_urge_as_issued_on_any_database(office):
    """What the printouts are made of, without a PDF (so on PostgreSQL too)."""
    _incoming(4, status="已作废", void_reason="重复登记", received_on=date(2026, 9, 20))
    OutgoingDocument.create(prefix="宿政办函", year=2026, serial=2, title="乙", drafted_on=date(2026, 9, 1),
                            signed_on=date(2026, 9, 3), status="已签发")
    OutgoingDocument.create(prefix="宿政办发", year=2026, serial=1, title="甲", drafted_on=date(2026, 9, 1),
                            signed_on=date(2026, 9, 2), printed_on=date(2026, 9, 4), copies=50, status="已印发")
    OutgoingDocument.create(prefix="宿政办发", title="拟稿", drafted_on=date(2026, 9, 3))
    rows = printouts.incoming_rows(date(2026, 9, 1), date(2026, 9, 30))
    assert [r[0] for r in rows] == ["收〔2026〕1号", "收〔2026〕2号", "收〔2026〕3号", "收〔2026〕4号"]
    assert rows[0][7:10] == ("秘书一科", "王建国", date(2026, 9, 25)) and rows[3][-1] == "作废：重复登记"
    out = printouts.outgoing_rows(date(2026, 9, 1), date(2026, 9, 30))
    assert [(r[0], r[-1]) for r in out] == [("宿政办发〔2026〕1号", "已印发"), ("宿政办函〔2026〕2号", "已签发")]
    assert printouts.outgoing_rows(date(2026, 9, 3), date(2026, 9, 3))[0][1] == "乙"
    urge = urging.issue_urge(document=office["late"], today=TODAY)
    html = printouts.urge_sheet(urge).html()
    office["late"].title = "改过的标题"
    office["late"].save()
    set_office_name("另一个办公室")
    assert printouts.urge_sheet(Urge.get_by_id(urge.id)).html() == html
    assert urging.urge_rows()[0]["title"] == "关于做好国庆期间安全生产工作的通知（1）"
    draft = urging.draft_urge(task=office["task"], today=TODAY)
    assert draft.id is None and Urge.select().count() == 1  # a draft is not issued
    assert printouts.urge_sheet(draft).html() == printouts.urge_sheet(urging.issue_urge(task=office["task"],
                                                                                       today=TODAY)).html()


def test_a_register_of_a_period_backwards_is_refused(office):
    with pytest.raises(BadValue, match="早于起始日期"):
        printouts.incoming_register(date(2026, 9, 30), date(2026, 9, 1))


# ================================================================ the command line
@pytest.fixture
def office_file(tmp_path):
    """The office above in a database file, closed, for the commands."""
    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        set_office_name("宿迁市人民政府办公室")
        _schedule()
        first = Section.create(name="秘书一科")
        _incoming(1, section=first, deadline=date(2026, 9, 25))
        _incoming(2, section=first, status="已办结", done_on=date(2026, 9, 18), result="已报送。")
        _incoming(3, section=first, deadline=date(2026, 10, 9))
        OutgoingDocument.create(prefix="宿政办发", year=2026, serial=1, title="关于印发工作要点的通知",
                                drafted_on=date(2026, 9, 1), signer="王主任", signed_on=date(2026, 9, 2), status="已签发")
    finally:
        db.close_database()
    return path


def _run(capsys, *argv) -> tuple[int, str, str]:
    from govoffice_desktop import app

    try:
        code = app.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def _urges(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT issued_on, working_days_over, reply_by FROM urge ORDER BY id").fetchall()


@pytest.mark.sqlite_only("commands on a file")
def test_pdf_urge_issues_then_reprints_and_refuses_clearly(office_file, tmp_path, capsys, qapp):
    db_ = str(office_file)
    code, out, _err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "u.pdf"), "--no", "收〔2026〕1号",
                           "--as-of", "2026-09-30")
    assert code == 0 and "已开具收文 收〔2026〕1号的第1次催办单" in out and "请于 2026-10-10 前办结并反馈" in out
    assert _urges(office_file) == [("2026-09-30", 4, "2026-10-10")]  # 平件: 3 working days, the third a Saturday worked
    code, out, _err = _run(capsys, "--db", db_, "--json", "pdf", "urge", str(tmp_path / "u2.pdf"), "--no", "收[2026]1号",
                           "--as-of", "2026-09-30")
    assert code == 0 and '"issued": false' in out  # the same day: the day's urge printed again
    code, out, _err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "u3.pdf"), "--no", "1号")
    assert code == 2  # no year: not a 收文编号 the command can look up
    code, out, _err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "u3.pdf"), "--no", "收〔2026〕1号",
                           "--reprint")
    assert code == 0 and "重印 2026-09-30 开具的" in out
    assert len(_urges(office_file)) == 1
    assert (tmp_path / "u.pdf").read_bytes()[:4] == b"%PDF"
    for no, why in (("收〔2026〕9号", "没有收文编号为 收〔2026〕9号 的收文"), ("收〔2026〕2号", "已办结，不需要催办"),
                    ("收〔2026〕3号", "尚未超期")):
        code, _out, err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "x.pdf"), "--no", no,
                               "--as-of", "2026-09-30")
        assert code == 1 and why in err, no
    code, _out, err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "x.pdf"), "--no", "收〔2026〕3号",
                           "--reprint")
    assert code == 1 and "还没有开具过催办单" in err
    assert not (tmp_path / "x.pdf").exists() and len(_urges(office_file)) == 1


@pytest.mark.sqlite_only("commands on a file")
def test_pdf_commands_refuse_hostile_arguments(office_file, tmp_path, capsys, qapp):
    db_ = str(office_file)
    before = office_file.read_bytes()
    code, _out, err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "u.pdf"))
    assert code == 2 and "pdf urge 需要 --no" in err
    code, _out, err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "u.pdf"), "--no", "abc")
    assert code == 2 and "不是收文编号" in err
    for name in ("urge", "incoming-register", "outgoing-register"):  # the database itself is never written over
        extra = ["--no", "收〔2026〕1号", "--as-of", "2026-09-30"] if name == "urge" else []
        code, _out, err = _run(capsys, "--db", db_, "pdf", name, db_, *extra)
        assert code == 1 and "数据库" in err, name
        code, _out, err = _run(capsys, "--db", db_, "pdf", name, f"{db_}-wal", *extra)
        assert code == 1, name
    assert office_file.read_bytes() == before and _urges(office_file) == []  # nothing issued either
    code, _out, err = _run(capsys, "--db", db_, "pdf", "incoming-register", str(tmp_path / "i.pdf"),
                           "--from", "2026-09-30", "--to", "2026-09-01")
    assert code == 2 and "早于" in err
    code, _out, err = _run(capsys, "--db", db_, "pdf", "roster", str(tmp_path / "r.pdf"), "--no", "收〔2026〕1号")
    assert code == 2 and "--no 只用于 pdf urge" in err
    code, _out, err = _run(capsys, "--db", db_, "pdf", "urge", str(tmp_path / "u.pdf"), "--no", "收〔2026〕1号",
                           "--from", "2026-09-01")
    assert code == 2 and "--from 只用于 pdf incoming-register、outgoing-register" in err


@pytest.mark.sqlite_only("commands on a file")
def test_pdf_registers_of_a_period(office_file, tmp_path, capsys, qapp):
    db_ = str(office_file)
    code, out, _err = _run(capsys, "--db", db_, "pdf", "incoming-register", str(tmp_path / "i.pdf"),
                           "--from", "2026-09-01", "--to", "2026-09-30")
    assert code == 0 and "已把收文登记簿存为" in out
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "i.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "收〔2026〕3号" in text
    code, out, _err = _run(capsys, "--db", db_, "--json", "pdf", "outgoing-register", str(tmp_path / "o.pdf"),
                           "--from", "2026-09-01", "--to", "2026-09-30")
    assert code == 0 and '"pages": 1' in out
    code, out, _err = _run(capsys, "--db", db_, "pdf", "incoming-register", str(tmp_path / "i.pdf"),
                           "--from", "2026-09-01", "--to", "2026-09-30")
    assert code == 1  # the file is there: not replaced without --force


# ================================================================ the demo
@pytest.mark.sqlite_only("the demo's file")
def test_the_demo_urged_what_was_overdue(demo_file, tmp_path):
    import shutil

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    db.open_database(path)
    try:
        urges = list(Urge.select())
        assert urges and all(u.issued_on > u.deadline and u.working_days_over >= 1 and u.figures for u in urges)
        from govoffice_desktop.models.users import User
        supervisor = User.get(User.name == "duchayuan").full_name
        assert supervisor and {u.issued_by for u in urges} == {supervisor}  # by name, the same on every computer
        for urge in urges:
            html = printouts.urge_sheet(urge).html()
            assert ("督办通知单" if urge.task_id else "催办单") in html and "请于" in html
        listed = {(r.kind, r.id): r.urges for r in urging.overdue(date(2026, 11, 30))}
        assert sum(listed.values()) == len(urges)  # each urged item is still overdue at the demo's day
    finally:
        db.close_database()


@pytest.mark.sqlite_only("a PDF")
def test_the_outgoing_register_gives_the_addressees_room(office, tmp_path, qapp):
    """主送 and 抄送 as offices write them take three lines, not five or six; 公开属性 one line."""
    for serial in range(1, 37):
        OutgoingDocument.create(prefix="宿政办发", year=2026, serial=serial, title=f"关于支持民营经济高质量发展的通知{serial}",
                                section=office["first"], drafter=office["wang"], drafted_on=date(2026, 9, 1),
                                reviewer="李科长", signer="王主任", signed_on=date(2026, 9, 2), printed_on=date(2026, 9, 3),
                                copies=150, status="已印发", main_to="各县、区人民政府，市各委、办、局，市各直属单位",
                                copy_to="市委办公室，市人大常委会办公室，市政协办公室",
                                publicity="依申请公开" if serial % 2 else "主动公开")
    pages = _pdf(printouts.outgoing_register(date(2026, 9, 1), date(2026, 9, 30)), tmp_path / "o.pdf")
    text = "\n".join(pages)
    assert text.count("依申请公开") == 18 and text.count("主动公开") == 18  # never broken
    assert len(pages) <= 4, len(pages)  # (the widths of before: 8 pages, 主送 five lines, 抄送 six)
