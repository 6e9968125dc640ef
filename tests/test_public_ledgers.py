"""Each public ledger (../shared/ledgers/public, SOURCES.md) gives what its table "What each file must
give" says, run as the command line runs it on a new, empty database."""
from __future__ import annotations

import json
from datetime import date

import pytest

from govoffice_desktop import app, cli
from govoffice_desktop.models import db
from tests.ledger_fixtures import PUBLIC, needs_public

pytestmark = needs_public
TEN = ["陈一", "周二", "张三", "李四", "王五", "赵六", "钱七", "孙八", "何九", "顾十"]


def run(tmp_path, capsys, kind, name, *extra, people=()):
    target = tmp_path / "new.db"
    if people:
        from govoffice_desktop.models.staff import Person

        db.open_database(target)
        for person in people:
            Person.create(name=person)
        db.close_database()
    code = app.main(["--db", str(target), "import", kind, str(PUBLIC / name), *extra, "--json"])
    out = json.loads(capsys.readouterr().out)
    return code, out, target


def stored(target, query):
    db.open_database(target)
    try:
        return query()
    finally:
        db.close_database()


def messages(out) -> str:
    return "\n".join(f"{e['sheet']} {e['message']}" for e in out.get("errors", [])) or out.get("error", "")


def test_the_fuel_card_statement_gives_one_refuel_and_its_vehicle(tmp_path, capsys):
    from govoffice_desktop.models.fleet import Refuel

    code, out, target = run(tmp_path, capsys, "refuels", "cqussh__加油信息.xls")
    assert code == cli.EXIT_OK and out["imported"] == 1 and out["created"] == {"车辆": ["渝AMF053"]}
    refuel = stored(target, lambda: Refuel.select().get())
    assert (refuel.litres, refuel.amount, refuel.filled_at.date()) == (300, 2000, date(2016, 7, 10))
    assert "格式要求" not in {s["sheet"] for s in out["skipped"]}


@pytest.mark.parametrize("name", ["cadrearch__retiredCadreModel.xls", "cadrearch__scatteredFilesModel.xls",
                                  "cadrearch__superviseHandleModel.xls", "cikian__平时考核信息清单.xls",
                                  "wisdom-wf__花名册.xls"])
def test_empty_forms_give_no_rows_and_no_error(tmp_path, capsys, name):
    code, out, _ = run(tmp_path, capsys, "staff", name)
    assert code == cli.EXIT_OK and out["imported"] == 0 and out["errors"] == []


def test_the_empty_forms_say_why_their_rows_were_skipped(tmp_path, capsys):
    _code, out, _ = run(tmp_path, capsys, "staff", "wisdom-wf__花名册.xls")
    reasons = {s["reason"] for s in out["skipped"]}
    assert {"只有序号的空行", "注释行", "签字/落款行"} <= reasons and len(out["skipped"]) == 20
    assert out["unmapped_columns"] == ["失业保险编号"]  # the information line is no part of the names
    _code, out, _ = run(tmp_path, capsys, "staff", "cikian__平时考核信息清单.xls")
    assert [s["reason"] for s in out["skipped"]] == ["模板占位行"]


def test_a_roster_is_not_a_task_ledger(tmp_path, capsys):
    code, out, target = run(tmp_path, capsys, "tasks", "cadrearch__superviseHandleModel.xls")
    assert code == cli.EXIT_REFUSED and out["imported"] == 0
    assert "Sheet1 这张表像人员花名册，请按 staff 导入" in messages(out)
    assert {e["sheet"] for e in out["errors"]} == {"Sheet1", "Sheet2", "Sheet3"}  # every sheet tried, and why


@pytest.mark.parametrize("name", ["cikian__业务考核清单.xls", "cikian__考核明细清单.xls"])
def test_annual_assessment_lists_are_not_daily_checks(tmp_path, capsys, name):
    code, out, _ = run(tmp_path, capsys, "checks", name)
    assert code == cli.EXIT_REFUSED and out["imported"] == 0
    assert "这是年度考核清单" in messages(out) and "不是督查记录" in messages(out)


def test_a_tally_of_individuals_needs_a_period(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, "rating-tallies", "xiejava__民主评议表汇总.xlsx", people=TEN)
    assert code == cli.EXIT_REFUSED and "--period" in messages(out)


def test_a_tally_of_individuals_with_a_period_rates_the_staff(tmp_path, capsys):
    from govoffice_desktop.models.ratings import RaterGroup, Tally
    from govoffice_desktop.models.staff import Person

    code, out, target = run(tmp_path, capsys, "rating-tallies", "xiejava__民主评议表汇总.xlsx",
                            "--period", "2025Q4", "--direction", "top-down", people=TEN)
    assert code == cli.EXIT_OK and out["imported"] == 10

    def votes():
        group = RaterGroup.get()
        return group.direction, group.rates, {(t.person.name, t.grade.label): t.votes
                                              for t in Tally.select().join(Person, on=(Tally.person == Person.id))}
    direction, rates, got = stored(target, votes)
    assert (direction, rates) == ("上评下", "人员")
    assert got[("陈一", "优秀")] == 9 and got[("周二", "不了解")] == 3 and ("陈一", "基本称职") not in got


def test_a_tally_naming_people_without_staff_files_is_refused_naming_them(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, "rating-tallies", "xiejava__民主评议表汇总.xlsx",
                       "--period", "2025Q4", "--direction", "top-down", people=TEN[:8])
    assert code == cli.EXIT_REFUSED and out["imported"] == 0
    assert [(e["row"], e["value"]) for e in out["errors"]] == [(10, "何九"), (11, "顾十")]


def test_the_drafting_export_gives_two_supervised_tasks(tmp_path, capsys):
    from govoffice_desktop.models.supervision import SupervisedTask

    code, out, target = run(tmp_path, capsys, "tasks", "eyesChan__57eb9edd17a4f.xls")
    assert code == cli.EXIT_OK and out["imported"] == 2
    tasks = stored(target, lambda: list(SupervisedTask.select().order_by(SupervisedTask.id)))
    assert [t.title for t in tasks] == ["梵蒂冈 fds", "梵蒂冈 fdsg"]  # 文稿规范名称 written over two columns
    assert {(t.assigned_on, t.deadline, t.person_name, t.status) for t in tasks} == {
        (date(2016, 9, 28), date(2016, 9, 28), "李帅杰", "办理中")}
    assert "工作来源：上的风格" in tasks[0].requirement and "工作来源：ghlklf" in tasks[1].requirement
    assert tasks[0].completed_on is None  # the drafting and review 完成日期 are not the task's
    assert "拟稿人" in out["unmapped_columns"]


def test_the_filled_government_roster_gives_its_four_people(tmp_path, capsys):
    from govoffice_desktop.models.staff import Person

    code, out, target = run(tmp_path, capsys, "staff", "wisdom-wf__花名册.filled.xls")
    assert code == cli.EXIT_OK and out["imported"] == 4 and out["errors"] == []
    people = stored(target, lambda: {p.name: (p.gender, p.birth, p.phone) for p in Person.select()})
    assert people["张小燕"] == ("女", date(1990, 3, 1), "13909110234")
    assert people["刘建军"] == ("男", date(1985, 11, 1), "15129310876")
    assert len(people) == 4
    assert len(out["skipped"]) == 16 and out["unmapped_columns"] == ["失业保险编号"]


def test_masked_id_numbers_are_refused_each_with_its_row(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, "staff", "fulingwei1__员工花名册模板.xlsx")
    assert code == cli.EXIT_REFUSED and out["imported"] == 0
    assert [(e["row"], e["column"]) for e in out["errors"]] == [(2, "身份证号"), (3, "身份证号"), (4, "身份证号")]
    assert all("打码" in e["message"] for e in out["errors"])  # and 在职 is no error


def test_the_hr_roster_with_valid_ids_gives_three_people(tmp_path, capsys):
    from govoffice_desktop.models.staff import Person

    code, out, target = run(tmp_path, capsys, "staff", "fulingwei1__员工花名册模板.validids.xlsx")
    assert code == cli.EXIT_OK and out["imported"] == 3
    assert sorted(out["created"]["科室"]) == ["技术部", "生产部", "销售部"]
    people = stored(target, lambda: {p.name: (p.status, p.joined_on, p.section.name, p.post) for p in Person.select()})
    assert people["张三"] == ("在岗", date(2023, 3, 1), "技术部", "软件工程师")
    assert "入职日期" not in out["unmapped_columns"] and "转正日期" in out["unmapped_columns"]


def test_a_fuel_card_register_is_not_a_refuel_statement(tmp_path, capsys):
    code, out, _ = run(tmp_path, capsys, "refuels", "WZCtqs__主副卡导入模板.xls")
    assert code == cli.EXIT_REFUSED and out["imported"] == 0
    assert "这是油卡登记表" in messages(out) and "没有车牌号和加油日期" in messages(out)


def test_a_ledger_refused_whole_does_not_suggest_keep_valid(tmp_path, capsys):
    """--keep-valid keeps the good rows of a ledger with bad ones; a file refused as a whole (a
    fuel-card register taken for refuels) has no good rows, so the refusal must not offer it."""
    code = app.main(["--db", str(tmp_path / "new.db"), "import", "refuels", str(PUBLIC / "WZCtqs__主副卡导入模板.xls")])
    out = capsys.readouterr()
    assert code == 1
    assert "油卡登记表" in out.out and "未写入任何数据" in out.out
    assert "--keep-valid" not in out.out
