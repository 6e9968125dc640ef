"""``incoming ACTION`` and ``outgoing ACTION`` (issue 22, 命令行): a document registered, handled,
urged, closed and counted in the month's speed table from the command line, over the services and
their rights; usage errors exit 2 before the database is opened, refusals exit 1 in Chinese."""
from __future__ import annotations

import functools
import json
from datetime import date, timedelta

import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db
from govoffice_desktop.models.documents import IncomingDocument, OutgoingDocument, Urge
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import SupervisedTask
from govoffice_desktop.services import auth
from govoffice_desktop.services.documents import outgoing, urging
from govoffice_desktop.services.validation import BadValue


@pytest.fixture(autouse=True)
def _remembered_passwords(monkeypatch):
    """Each command logs in afresh: a password already checked is remembered (as test_hostile_args)."""
    monkeypatch.setattr(auth, "check_password", functools.lru_cache(maxsize=16)(auth.check_password))


@pytest.fixture
def office(tmp_path):
    """Two sections with a person each, the office's 发文代字, and the logins: admin, 文书, 领导 and a
    科室录入员 of 综合科."""
    path = tmp_path / "office.db"
    db.open_database(path)
    try:
        one, general = Section.create(name="秘书一科"), Section.create(name="综合科")
        Person.create(name="张伟", section=one)
        Person.create(name="王芳", section=general)
        admin = auth.create_user("admin", "admin-pw", "管理员")
        auth.login_as(admin)
        outgoing.set_prefixes(["宿政办发", "宿政办函"])
        for name, role, section in (("wenshu", "文书", None), ("lingdao", "领导", None),
                                    ("clerk", "科室录入员", general)):
            auth.create_user(name, f"{name}-pw", role, section)
    finally:
        auth.logout()
        db.close_database()
    return str(path)


def run(office, monkeypatch, capsys, *argv, user="wenshu"):
    monkeypatch.setenv("GOVOFFICE_USER", user)
    monkeypatch.setenv("GOVOFFICE_PASSWORD", f"{user}-pw")
    code = app.main(["--db", office, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def usage_error(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as exc:
        app.main(list(argv))
    assert exc.value.code == cli.EXIT_USAGE
    return capsys.readouterr().err


def stored(office, query):
    db.open_database(office)
    try:
        return query()
    finally:
        db.close_database()


def register(office, monkeypatch, capsys, title="关于做好冬季安全生产工作的通知", received="2026-11-02") -> str:
    code, out, err = run(office, monkeypatch, capsys, "incoming", "register", "--from-unit", "省政府办公厅",
                         "--ref", "苏政发〔2026〕12号", "--title", title, "--received", received, "--json")
    assert code == cli.EXIT_OK, err
    return json.loads(out)["no"]


def test_the_whole_path_is_counted_in_the_month(office, monkeypatch, capsys):
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "register", "--from-unit", "省政府办公厅",
                       "--ref", "苏政发〔2026〕12号", "--title", "关于做好冬季安全生产工作的通知",
                       "--received", "2026-11-02", "--urgency", "平件", "--copies", "2")
    assert code == cli.EXIT_OK
    assert "已登记 收〔2026〕1号" in out
    no = "收〔2026〕1号"
    assert run(office, monkeypatch, capsys, "incoming", "review", "--no", no, "--proposal", "请秘书一科办理",
               "--instruction", "同意，抓紧落实", "--leader", "王市长", "--on", "2026-11-03")[0] == cli.EXIT_OK
    assert run(office, monkeypatch, capsys, "incoming", "assign", "--no", no, "--section", "秘书一科",
               "--handler", "张伟")[0] == cli.EXIT_OK
    assert run(office, monkeypatch, capsys, "incoming", "step", "--no", "收[2026]1号", "--note", "已电话通知各单位",
               "--on", "2026-11-04")[0] == cli.EXIT_OK
    assert run(office, monkeypatch, capsys, "incoming", "circulate", "--no", no, "--reader", "李副市长",
               "--sent", "2026-11-03")[0] == cli.EXIT_OK
    assert run(office, monkeypatch, capsys, "incoming", "circulate", "--no", no, "--reader", "李副市长",
               "--read", "2026-11-04")[0] == cli.EXIT_OK
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "close", "--no", no, "--result", "已部署落实",
                       "--on", "2026-11-05")
    assert code == cli.EXIT_OK and f"{no}已办结" in out
    assert run(office, monkeypatch, capsys, "incoming", "file", "--no", no, "--archive-no", "WS-2026-001",
               "--on", "2026-11-06")[0] == cli.EXIT_OK

    code, out, _ = run(office, monkeypatch, capsys, "incoming", "show", "--no", no, "--json")
    record = json.loads(out)
    assert code == cli.EXIT_OK
    assert {k: record[k] for k in ("no", "source_unit", "source_ref", "copies", "urgency", "instruction",
                                   "instructed_by", "section", "handler", "deadline", "status", "done_on",
                                   "on_time", "archive_no")} == {
        "no": no, "source_unit": "省政府办公厅", "source_ref": "苏政发〔2026〕12号", "copies": 2, "urgency": "平件",
        "instruction": "同意，抓紧落实", "instructed_by": "王市长", "section": "秘书一科", "handler": "张伟",
        "deadline": "2026-11-11", "status": "已办结", "done_on": "2026-11-05", "on_time": True,
        "archive_no": "WS-2026-001"}
    assert [s["note"] for s in record["steps"]][:1] == ["已电话通知各单位"]
    assert [(c["reader"], c["sent_on"], c["read_on"]) for c in record["circulation"]] == [
        ("李副市长", "2026-11-03", "2026-11-04")]
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "show", "--no", no)
    assert "领导批示：王市长（2026-11-03）：同意，抓紧落实" in out and "承办：秘书一科 张伟" in out

    code, out, _ = run(office, monkeypatch, capsys, "report", "documents", "--month", "2026-11",
                       "--as-of", "2026-12-06", "--json")
    assert code == cli.EXIT_OK
    assert json.loads(out)["sections"] == [{"section": "秘书一科", "received": 1, "done": 1, "on_time": 1,
                                            "overdue": 0, "avg_working_days": 3}]


def test_turned_into_a_supervised_task(office, monkeypatch, capsys):
    no = register(office, monkeypatch, capsys)
    run(office, monkeypatch, capsys, "incoming", "assign", "--no", no, "--section", "秘书一科", "--handler", "张伟")
    code, _, err = run(office, monkeypatch, capsys, "incoming", "to-task", "--no", no, "--on", "2026-11-04")
    assert code == cli.EXIT_REFUSED and "还没有领导批示" in err  # the service's rule, said as it says it
    run(office, monkeypatch, capsys, "incoming", "review", "--no", no, "--instruction", "请列入督办",
        "--leader", "王市长", "--on", "2026-11-03")
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "to-task", "--no", no, "--on", "2026-11-04")
    assert code == cli.EXIT_OK and "已转为督办事项" in out
    doc = stored(office, lambda: IncomingDocument.get(IncomingDocument.serial == 1))
    assert doc.status == "转督办" and doc.task_id is not None
    assert stored(office, lambda: SupervisedTask.get_by_id(doc.task_id).person_name) == "张伟"


def test_void_keeps_the_number_with_its_reason(office, monkeypatch, capsys):
    no = register(office, monkeypatch, capsys)
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "void", "--no", no, "--reason", "重复登记", "--json")
    assert code == cli.EXIT_OK
    assert (json.loads(out)["status"], json.loads(out)["void_reason"]) == ("已作废", "重复登记")
    assert register(office, monkeypatch, capsys) == "收〔2026〕2号"  # never given again
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "void", "--no", no, "--reason", "再来", "--json")
    assert code == cli.EXIT_REFUSED and "已作废" in json.loads(out)["error"]


def test_correct_changes_only_what_is_given_and_keeps_the_number(office, monkeypatch, capsys):
    no = register(office, monkeypatch, capsys)  # 平件 received 2026-11-02 (a Monday): due 2026-11-11
    code, out, err = run(office, monkeypatch, capsys, "incoming", "correct", "--no", no,
                         "--title", "关于做好冬季安全生产工作的紧急通知", "--urgency", "特急")
    assert code == cli.EXIT_OK, err
    assert out.startswith(f"已更正{no}的标题、紧急程度，办理时限改为 2026-11-03")
    doc = stored(office, lambda: IncomingDocument.get(IncomingDocument.serial == 1))
    assert (doc.title, doc.urgency, doc.deadline) == ("关于做好冬季安全生产工作的紧急通知", "特急", date(2026, 11, 3))
    assert (doc.source_unit, doc.source_ref, doc.received_on) == ("省政府办公厅", "苏政发〔2026〕12号", date(2026, 11, 2))
    code, _, err = run(office, monkeypatch, capsys, "incoming", "correct", "--no", no, "--received", "2025-12-30")
    assert code == cli.EXIT_REFUSED and "不能改到2025年" in err
    code, _, err = run(office, monkeypatch, capsys, "incoming", "correct", "--no", no, "--secrecy", "机密")
    assert code == cli.EXIT_REFUSED and "机要室" in err
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "correct", "--no", no, "--title", "x", user="lingdao")
    assert code == cli.EXIT_REFUSED
    after = stored(office, lambda: IncomingDocument.get(IncomingDocument.serial == 1))
    assert (after.title, after.received_on, after.secrecy) == (doc.title, doc.received_on, doc.secrecy)
    assert "需要至少一项要更正的" in usage_error(capsys, "--db", office, "incoming", "correct", "--no", no)
    assert "--leader 只用于 incoming review" in usage_error(capsys, "--db", office, "incoming", "correct",
                                                          "--no", no, "--leader", "李晶")


def test_correct_does_not_move_the_received_date_after_a_step(office, monkeypatch, capsys):
    no = register(office, monkeypatch, capsys)  # received 2026-11-02
    code, _, err = run(office, monkeypatch, capsys, "incoming", "step", "--no", no, "--on", "2026-11-04",
                       "--note", "已电话联系省政府办公厅")
    assert code == cli.EXIT_OK, err
    before = stored(office, lambda: IncomingDocument.select().where(IncomingDocument.serial == 1).dicts().get())
    code, _, err = run(office, monkeypatch, capsys, "incoming", "correct", "--no", no, "--received", "2026-11-05")
    assert code == cli.EXIT_REFUSED and "Traceback" not in err
    assert "收文日期 2026-11-05 晚于办理过程“已电话联系省政府办公厅”的日期 2026-11-04" in err
    assert stored(office, lambda: IncomingDocument.select().where(IncomingDocument.serial == 1).dicts().get()) == before


def test_a_leader_reads_but_is_refused_writes(office, monkeypatch, capsys):
    no = register(office, monkeypatch, capsys)
    code, _, err = run(office, monkeypatch, capsys, "incoming", "register", "--from-unit", "市财政局",
                       "--title", "关于报送预算的通知", "--received", "2026-11-03", user="lingdao")
    assert code == cli.EXIT_REFUSED and "无权" in err and "Traceback" not in err
    code, _, err = run(office, monkeypatch, capsys, "incoming", "close", "--no", no, "--result", "办了",
                       "--on", "2026-11-04", user="lingdao")
    assert code == cli.EXIT_REFUSED and "无权" in err
    code, _, err = run(office, monkeypatch, capsys, "outgoing", "draft", "--prefix", "宿政办发", "--title", "通知",
                       "--section", "秘书一科", "--drafter", "张伟", "--main-to", "各县区", user="lingdao")
    assert code == cli.EXIT_REFUSED and "无权" in err
    assert run(office, monkeypatch, capsys, "incoming", "show", "--no", no, user="lingdao")[0] == cli.EXIT_OK
    assert stored(office, lambda: (IncomingDocument.select().count(), OutgoingDocument.select().count())) == (1, 0)


def test_a_clerk_handles_only_their_own_sections_documents(office, monkeypatch, capsys):
    theirs, mine = register(office, monkeypatch, capsys), register(office, monkeypatch, capsys, title="本科室的")
    run(office, monkeypatch, capsys, "incoming", "assign", "--no", theirs, "--section", "秘书一科")
    run(office, monkeypatch, capsys, "incoming", "assign", "--no", mine, "--section", "综合科", "--handler", "王芳")
    for argv in (["step", "--no", theirs, "--note", "看看", "--on", "2026-11-04"],
                 ["close", "--no", theirs, "--result", "办了", "--on", "2026-11-04"]):
        code, _, err = run(office, monkeypatch, capsys, "incoming", *argv, user="clerk")
        assert code == cli.EXIT_REFUSED and "只能为本科室（综合科）" in err and "Traceback" not in err
    code, _, err = run(office, monkeypatch, capsys, "incoming", "assign", "--no", mine, "--section", "综合科",
                       user="clerk")
    assert code == cli.EXIT_REFUSED  # 交办 is the 文书's
    assert run(office, monkeypatch, capsys, "incoming", "close", "--no", mine, "--result", "已办",
               "--on", "2026-11-04", user="clerk")[0] == cli.EXIT_OK
    docs = stored(office, lambda: {d.serial: d.status for d in IncomingDocument.select()})
    assert docs == {1: "办理中", 2: "已办结"}


def test_outgoing_draft_sign_issue_void_show(office, monkeypatch, capsys):
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "draft", "--prefix", "宿政办发",
                       "--title", "关于做好元旦春节期间有关工作的通知", "--section", "秘书一科", "--drafter", "张伟",
                       "--main-to", "各县区人民政府", "--on", "2026-11-02", "--json")
    assert code == cli.EXIT_OK
    doc_id = json.loads(out)["id"]
    code, _, err = run(office, monkeypatch, capsys, "outgoing", "issue", "--id", str(doc_id), "--copies", "40")
    assert code == cli.EXIT_REFUSED and "还没有签发" in err
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "sign", "--id", str(doc_id), "--signer", "王市长",
                       "--on", "2026-11-03")
    assert code == cli.EXIT_OK and "宿政办发〔2026〕1号" in out
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "issue", "--no", "宿政办发〔2026〕1号",
                       "--copies", "40", "--on", "2026-11-04", "--json")
    assert code == cli.EXIT_OK
    assert {k: json.loads(out)[k] for k in ("number", "status", "signer", "printed_on", "copies")} == {
        "number": "宿政办发〔2026〕1号", "status": "已印发", "signer": "王市长", "printed_on": "2026-11-04",
        "copies": 40}
    code, _, err = run(office, monkeypatch, capsys, "outgoing", "void", "--no", "宿政办发〔2026〕1号", "--reason", "x")
    assert code == cli.EXIT_REFUSED and "已印发，不能作废" in err
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "draft", "--prefix", "宿政办函", "--title", "函",
                       "--section", "综合科", "--drafter", "王芳", "--main-to", "市财政局", "--json")
    second = json.loads(out)["id"]
    assert run(office, monkeypatch, capsys, "outgoing", "void", "--id", str(second), "--reason", "不发了")[0] == 0
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "show", "--id", str(second))
    assert code == cli.EXIT_OK and "作废原因：不发了" in out
    code, _, err = run(office, monkeypatch, capsys, "outgoing", "show", "--no", "宿政办发〔2026〕9号")
    assert code == cli.EXIT_REFUSED and "没有发文字号为 宿政办发〔2026〕9号 的发文" in err


def test_refusals_are_said_and_write_nothing(office, monkeypatch, capsys):
    code, _, err = run(office, monkeypatch, capsys, "incoming", "register", "--from-unit", "省政府办公厅",
                       "--title", "密件", "--received", "2026-11-02", "--secrecy", "机密")
    assert code == cli.EXIT_REFUSED and "机要" in err
    code, out, _ = run(office, monkeypatch, capsys, "incoming", "show", "--no", "收〔2026〕7号", "--json")
    assert code == cli.EXIT_REFUSED and json.loads(out) == {"error": "没有收文编号为 收〔2026〕7号 的收文"}
    no = register(office, monkeypatch, capsys)
    code, _, err = run(office, monkeypatch, capsys, "incoming", "assign", "--no", no, "--section", "不存在科")
    assert code == cli.EXIT_REFUSED and "没有名为“不存在科”的科室" in err
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    code, _, err = run(office, monkeypatch, capsys, "incoming", "step", "--no", no, "--note", "x", "--on", tomorrow)
    assert code == cli.EXIT_REFUSED and "还没到" in err
    assert stored(office, lambda: IncomingDocument.select().count()) == 1


@pytest.mark.parametrize("argv, said", [
    (["incoming", "show", "--no", "2026-12"], "不是收文编号"),
    (["incoming", "show"], "incoming show 需要 --no"),
    (["incoming", "step", "--no", "收〔2026〕1号", "--note", "x", "--on", "2026-02-30"], "没有这一天"),
    (["incoming", "register", "--from-unit", "x", "--title", "y", "--result", "z"], "--result 只用于 incoming close"),
    (["incoming", "register", "--title", "y"], "需要 --from-unit"),
    (["incoming", "review", "--no", "收〔2026〕1号", "--instruction", "同意"], "需要 --leader"),
    (["incoming", "review", "--no", "收〔2026〕1号"], "--proposal"),
    (["incoming", "register", "--from-unit", "x", "--title", "y", "--copies", "0"], "1 至 100000 之间的整数"),
    (["incoming", "register", "--from-unit", "x", "--title", "y", "--urgency", "急"], "无效的选择"),
    (["outgoing", "sign", "--signer", "王市长"], "outgoing sign 需要 --id"),
    (["outgoing", "issue", "--no", "宿政办发2026", "--copies", "1"], "不是文号"),
    (["outgoing", "issue", "--id", "1", "--no", "宿政办发〔2026〕1号", "--copies", "1"], "只给一个"),
])
def test_usage_errors_exit_2_before_the_database_is_opened(tmp_path, capsys, argv, said):
    missing = tmp_path / "nowhere" / "x.db"
    assert said in usage_error(capsys, "--db", str(missing), *argv)
    assert not missing.parent.exists()


# ---------------------------------------------------------------- pdf urge --as-of
def _overdue(office, monkeypatch, capsys) -> str:
    no = register(office, monkeypatch, capsys)  # 平件 received 2026-11-02: due 2026-11-11
    run(office, monkeypatch, capsys, "incoming", "assign", "--no", no, "--section", "秘书一科", "--handler", "张伟")
    return no


def test_an_urge_is_not_dated_in_the_future(office, monkeypatch, capsys, tmp_path):
    no = _overdue(office, monkeypatch, capsys)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    code, out, _ = run(office, monkeypatch, capsys, "pdf", "urge", str(tmp_path / "u.pdf"), "--no", no,
                       "--as-of", tomorrow, "--json", user="admin")
    assert code == cli.EXIT_REFUSED and "还没到" in json.loads(out)["error"]
    assert not (tmp_path / "u.pdf").exists()
    assert stored(office, lambda: Urge.select().count()) == 0


def test_an_urge_is_not_dated_before_the_latest(office, monkeypatch, capsys, tmp_path):
    no = _overdue(office, monkeypatch, capsys)
    code, _, err = run(office, monkeypatch, capsys, "pdf", "urge", str(tmp_path / "u1.pdf"), "--no", no,
                       "--as-of", "2026-11-20", user="admin")
    assert code == cli.EXIT_OK, err
    code, _, err = run(office, monkeypatch, capsys, "pdf", "urge", str(tmp_path / "u2.pdf"), "--no", no,
                       "--as-of", "2026-11-19", user="admin")
    assert code == cli.EXIT_REFUSED and "最近一次催办是" in err and "不能开具在它之前" in err
    assert not (tmp_path / "u2.pdf").exists()
    assert stored(office, lambda: [u.issued_on for u in Urge.select()]) == [date(2026, 11, 20)]
    assert run(office, monkeypatch, capsys, "pdf", "urge", str(tmp_path / "u3.pdf"), "--no", no,
               "--as-of", "2026-11-23", user="admin")[0] == cli.EXIT_OK


def test_the_service_refuses_an_urge_before_the_latest(office):
    db.open_database(office)
    try:
        auth.login_as(auth.User.get(auth.User.name == "admin"))
        doc = IncomingDocument.create(year=2026, serial=1, received_on=date(2026, 11, 2), source_unit="省政府办公厅",
                                      title="通知", deadline=date(2026, 11, 11), status="办理中")
        urging.issue_urge(document=doc, today=date(2026, 11, 20))
        with pytest.raises(BadValue, match="不能开具在它之前"):
            urging.issue_urge(document=doc, today=date(2026, 11, 18))
        assert Urge.select().count() == 1
    finally:
        auth.logout()
        db.close_database()


def test_the_offices_prefixes_listed_and_set_from_the_command_line(office, monkeypatch, capsys):
    """A database set up from the command line alone can have its 发文代字 (draft refuses without them)."""
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "prefixes", "--set", "宿政办发、宿政办函", "--json")
    assert code == cli.EXIT_OK and json.loads(out) == {"prefixes": ["宿政办发", "宿政办函"]}
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "prefixes")
    assert code == cli.EXIT_OK and "宿政办发、宿政办函" in out
    code, _, err = run(office, monkeypatch, capsys, "outgoing", "prefixes", "--set", "宿政办发〔2026〕")
    assert code == cli.EXIT_REFUSED and "只写代字本身" in err
    code, out, _ = run(office, monkeypatch, capsys, "outgoing", "prefixes")
    assert "宿政办发、宿政办函" in out  # the refused list left the office's as it was
    code, _, err = run(office, monkeypatch, capsys, "outgoing", "prefixes", "--set", "宿政办发", user="lingdao")
    assert code == cli.EXIT_REFUSED and "无权" in err
    assert "--set 只用于 outgoing prefixes" in usage_error(capsys, "--db", str(office), "outgoing", "show", "--id", "1",
                                                        "--set", "宿政办发")
