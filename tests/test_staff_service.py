"""人员档案 rules, tested without a screen: sections and 合署, staff files, moves, the four vetoes,
rank after six months, training and the three books, welfare 先外后内, history and reports."""
from __future__ import annotations

import json
from datetime import date

import pytest

from govoffice_desktop import app
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.staff import (
    Candidate, FamilyPlacement, HousingRequest, Person, PersonMove, RankRecord, Section, SectionMerge)
from govoffice_desktop.services import person_history, staff
from govoffice_desktop.services.validation import BadValue

TODAY = date(2026, 11, 27)


@pytest.fixture
def office(database):
    one = staff.add_section("秘书一科", today=TODAY)
    two = staff.add_section("综合科", today=TODAY)
    return one, two


def person(name, section=None, **more):
    return staff.save_person({"name": name, "section": section, **more}, today=TODAY)


# ---------------------------------------------------------------- sections
def test_sections_are_added_renamed_and_refuse_duplicates(office):
    one, two = office
    assert [s.name for s in Section.select().order_by(Section.sort_order)] == ["秘书一科", "综合科"]
    with pytest.raises(BadValue, match="已有名为“综合科”的科室"):
        staff.add_section(" 综合科 ")
    with pytest.raises(BadValue, match="科室名称不能为空"):
        staff.rename_section(one, "  ")
    staff.rename_section(one, "秘书科")
    assert Section.get_by_id(one.id).name == "秘书科"


def test_a_chief_must_be_a_member_and_leaves_with_a_move(office):
    one, two = office
    wang = person("王建国", one)
    with pytest.raises(BadValue, match="不在综合科"):
        staff.set_chief(two, wang)
    staff.set_chief(one, wang)
    assert Section.get_by_id(one.id).chief_id == wang.id
    staff.move_person(wang, two, date(2026, 6, 1), "工作需要")
    assert Section.get_by_id(one.id).chief_id is None  # no longer its chief


def test_merging_sections_moves_people_and_keeps_the_record(office):
    one, two = office
    a, b = person("甲", one), person("乙", one)
    person("丙", two)
    staff.set_chief(one, a)
    merge = staff.merge_sections(one, two, "2026.10.8", "市府办发〔2026〕12号", "机构改革")
    assert merge.people_moved == 2
    assert {p.name for p in Person.select().where(Person.section == two)} == {"甲", "乙", "丙"}
    one = Section.get_by_id(one.id)
    assert not one.active and one.merged_into_id == two.id and one.chief_id is None
    moves = PersonMove.select().where(PersonMove.merge == merge)
    assert sorted(m.person.name for m in moves) == ["乙", "甲"]
    assert all(m.moved_on == date(2026, 10, 8) and "〔2026〕12号" in m.reason for m in moves)
    assert SectionMerge.select().count() == 1
    with pytest.raises(BadValue, match="已经合署"):
        staff.merge_sections(one, two, TODAY)
    with pytest.raises(BadValue, match="已经合署，不能再调入人员"):
        person("丁", one)
    with pytest.raises(BadValue, match="不能与本科室合署"):
        staff.merge_sections(two, two, TODAY)
    assert "甲 → " not in str(person_history.person_history(b))  # history names sections, not people
    moved = [e.text for e in person_history.person_history(b) if e.kind == "调动" and "→" in e.text]
    assert moved == ["秘书一科 → 综合科（科室合署（秘书一科并入综合科），市府办发〔2026〕12号）"]


# ---------------------------------------------------------------- staff files
def test_a_staff_file_is_validated_before_anything_is_written(office):
    one, _ = office
    before = AuditLog.select().count()
    bad = [({"name": ""}, "姓名不能为空"), ({"name": "甲", "gender": "未知"}, "性别应为男或女"),
           ({"name": "甲", "birth": "1985.13"}, "出生年月"), ({"name": "甲", "status": "离职"}, "状态应为"),
           ({"name": "甲", "id_number": "110105194912310021"}, "校验位"),
           ({"name": "甲", "joined_on": "2025-2-30"}, "调入时间")]
    for data, message in bad:
        with pytest.raises(BadValue, match=message):
            staff.save_person({**data, "section": one}, today=TODAY)
    assert Person.select().count() == 0 and AuditLog.select().count() == before

    wang = person("王 建国", one, gender="男", birth="1985.10", id_number="11010519851001105x", joined_on="2026.3.2",
                  out_of_town=True)
    assert (wang.name, wang.birth, wang.id_number, wang.status) == ("王建国", date(1985, 10, 1), "11010519851001105X", "在岗")
    assert wang.out_of_town and wang.joined_on == date(2026, 3, 2)
    (move,) = wang.moves
    assert (move.to_section_id, move.moved_on, move.reason) == (one.id, date(2026, 3, 2), "调入")
    with pytest.raises(BadValue, match="与 王建国 的相同"):
        person("王二", one, id_number="11010519851001105X")
    staff.save_person({"post": "副科长", "phone": "13800000000"}, wang)
    assert Person.get_by_id(wang.id).post == "副科长"
    with pytest.raises(BadValue, match="调动"):
        staff.save_person({"section": None}, wang)


def test_moves_are_recorded_with_date_and_reason(office):
    one, two = office
    li = person("李娜", one, joined_on="2026-1-5")
    with pytest.raises(BadValue, match="调动原因不能为空"):
        staff.move_person(li, two, TODAY, "")
    with pytest.raises(BadValue, match="已在秘书一科"):
        staff.move_person(li, one, TODAY, "x")
    with pytest.raises(BadValue, match="早于"):
        staff.move_person(li, two, date(2025, 12, 1), "工作需要")
    staff.move_person(li, two, "2026-8-1", "专业对口")
    assert Person.get_by_id(li.id).section_id == two.id
    assert [(m.from_section_id, m.to_section_id, m.reason) for m in li.moves.order_by(PersonMove.id)] == [
        (None, one.id, "调入"), (one.id, two.id, "专业对口")]


# ---------------------------------------------------------------- candidates and the four vetoes
def screened(name="赵六"):
    c = staff.add_candidate({"name": name, "source_unit": "宿城区政府办", "current_rank": "科员", "education": "大学本科"})
    return staff.update_screening(c, {"recommended_on": "2026-9-1", "recommendation": "群众公认",
                                      "inspected_on": "2026-9-20", "inspection": "德才兼备"})


def test_a_veto_blocks_the_transfer_in_the_service(office):
    one, _ = office
    c = screened()
    staff.add_veto(c, "跑官要官", "多次找领导要求提拔", "2026-9-21")
    with pytest.raises(BadValue, match="四个不调"):
        staff.decide_candidate(c, "调入", "2026-10-1", "考察合格", one)
    assert Person.select().count() == 0 and Candidate.get_by_id(c.id).decision == "待定"
    with pytest.raises(BadValue, match="不是四个不调之一"):
        staff.add_veto(c, "迟到", "x", TODAY)
    with pytest.raises(BadValue, match="已记有"):
        staff.add_veto(c, "跑官要官", "又一次", TODAY)
    staff.decide_candidate(c, "不予调入", "2026-10-1", "有跑官要官行为")
    assert Candidate.get_by_id(c.id).decision == "不予调入"
    with pytest.raises(BadValue, match="已作出决定"):
        staff.decide_candidate(c, "调入", "2026-10-2", "复议")


def test_an_accepted_candidate_becomes_a_staff_file_on_probation_in_one_step(office):
    one, _ = office
    c = staff.add_candidate({"name": "钱七"})
    with pytest.raises(BadValue, match="还没有基层推荐"):
        staff.decide_candidate(c, "调入", TODAY, "合格", one)
    c = screened("孙八")
    p = staff.decide_candidate(c, "调入", "2026-10-8", "考察合格", one)
    assert (p.name, p.status, p.joined_on, p.section_id) == ("孙八", "试用期", date(2026, 10, 8), one.id)
    assert (p.previous_rank, p.source_unit) == ("科员", "宿城区政府办")
    assert Candidate.get_by_id(c.id).person_id == p.id
    with pytest.raises(BadValue, match="已调入"):
        staff.add_veto(Candidate.get_by_id(c.id), "能力平庸", "x", TODAY)


# ---------------------------------------------------------------- rank after six months
def test_the_six_month_rule_lists_exactly_the_right_people(office):
    one, two = office
    person("到期未定", one, joined_on="2026-4-1")        # due 2026-10-01: overdue
    person("月底到期", one, joined_on="2026-6-15")       # due 2026-12-15: within 30 days
    person("刚调入", two, joined_on="2026-9-1")          # due 2027-03-01: not yet
    person("老同志", two)                                # no transfer-in date
    person("已调离", two, joined_on="2026-1-1", status="调离")
    done = person("已定级", two, joined_on="2026-3-1", previous_rank="副主任科员")
    staff.determine_rank(done, "主任科员", "2026-9-1", "半年内完成重点工作三项")
    leap = person("月末调入", one, joined_on="2026-5-31")  # six months on: 2026-11-30
    due = staff.rank_due(TODAY)
    assert [(d.person.name, d.due, d.overdue) for d in due] == [
        ("到期未定", date(2026, 10, 1), True), ("月末调入", date(2026, 11, 30), False),
        ("月底到期", date(2026, 12, 15), False)]
    assert staff.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert leap.id in {d.person.id for d in due}


def test_a_rank_is_fixed_on_performance_and_keeps_its_history(office):
    one, _ = office
    p = person("周九", one, joined_on="2026-3-1", previous_rank="主任科员", rank="", status="试用期")
    with pytest.raises(BadValue, match="实绩情况不能为空"):
        staff.determine_rank(p, "科员", "2026-9-2", " ")
    with pytest.raises(BadValue, match="早于调入时间"):
        staff.determine_rank(p, "科员", "2026-2-1", "x")
    first = staff.determine_rank(p, "副主任科员", "2026-9-2", "完成文稿起草四十篇")
    assert first.previous_rank == "主任科员"  # the rank brought in, shown only as a reference
    p = Person.get_by_id(p.id)
    assert (p.rank, p.status) == ("副主任科员", "在岗")
    staff.determine_rank(p, "主任科员", "2027-3-1", "年度考核优秀")
    ranks = list(RankRecord.select().where(RankRecord.person == p).order_by(RankRecord.decided_on))
    assert [(r.previous_rank, r.rank) for r in ranks] == [("主任科员", "副主任科员"), ("副主任科员", "主任科员")]
    assert staff.rank_due(TODAY) == []


# ---------------------------------------------------------------- training and the three books
def test_training_is_checked_and_recorded(office):
    one, _ = office
    p = person("吴十", one)
    with pytest.raises(BadValue, match="培训类别"):
        staff.add_training(p, "跳舞", "x", TODAY)
    with pytest.raises(BadValue, match="结束日期早于开始日期"):
        staff.add_training(p, "计算机", "WPS 排版", "2026-5-10", "2026-5-1")
    with pytest.raises(BadValue, match="学时应为整数"):
        staff.add_training(p, "计算机", "WPS 排版", "2026-5-10", hours="很多")
    t = staff.add_training(p, "计算机", "WPS 排版", "2026-5-10", "2026-5-12", hours="16", result="合格")
    assert t.hours == 16
    assert any(e.kind == "培训" and "WPS 排版" in e.text for e in person_history.person_history(p))


def test_three_books_progress_over_a_year(office):
    one, two = office
    a, b, c = person("甲", one), person("乙", one), person("丙", two)
    person("走了", two, status="退休")
    for kind, title in (("政治理论", "习近平谈治国理政"), ("业务知识", "公文写作"), ("市场经济理论", "国富论")):
        staff.record_reading(a, 2026, kind, title, "2026-3-1", "2026-4-1")
    staff.record_reading(b, 2026, "政治理论", "党章", "2026-2-1", "2026-2-20")
    staff.record_reading(b, 2026, "业务知识", "公文写作", "2026-6-1")
    staff.record_reading(b, 2026, "市场经济理论", "资本论", "2026-11-1")
    staff.record_reading(c, 2025, "政治理论", "党章", "2025-2-1", "2025-3-1")  # last year counts for last year
    with pytest.raises(BadValue, match="不在 2026 年"):
        staff.record_reading(c, 2026, "业务知识", "x", "2025-12-30")
    with pytest.raises(BadValue, match="还没读完"):
        staff.record_reading(c, 2026, "业务知识", "x", None, "2026-5-1")
    progress = {p.person.name: p for p in staff.three_books(2026)}
    assert set(progress) == {"甲", "乙", "丙"}
    assert progress["甲"].complete and progress["甲"].read == ["政治理论", "业务知识", "市场经济理论"]
    assert progress["乙"].read == ["政治理论", "业务知识", "市场经济理论"] and progress["乙"].shared == ["政治理论"]
    assert not progress["乙"].complete and progress["丙"].read == []
    mid_year = {p.person.name: p for p in staff.three_books(2026, as_of=date(2026, 3, 15))}
    assert mid_year["甲"].read == ["政治理论", "业务知识", "市场经济理论"] and mid_year["甲"].shared == []
    assert mid_year["乙"].read == ["政治理论"]
    assert staff.three_books_by_section(staff.three_books(2026)) == [("秘书一科", 2, 2, 1), ("综合科", 1, 0, 0)]
    staff.record_reading(b, 2026, "业务知识", "公文写作", "2026-6-1", "2026-7-1")  # the same book, now shared
    staff.record_reading(b, 2026, "市场经济理论", "资本论", "2026-11-1", "2026-11-20")
    assert {p.person.name for p in staff.three_books(2026) if p.complete} == {"甲", "乙"}


# ---------------------------------------------------------------- welfare: 先外后内
def test_welfare_is_worked_through_out_of_town_first(office):
    one, _ = office
    local_early = person("本地早", one)
    away_late = person("外地晚", one, out_of_town=True)
    away_early = person("外地早", one, out_of_town=True)
    HousingRequest.create(person=local_early, requested_on=date(2026, 1, 1))
    HousingRequest.create(person=away_late, requested_on=date(2026, 6, 1))
    HousingRequest.create(person=away_early, requested_on=date(2026, 3, 1))
    HousingRequest.create(person=away_early, requested_on=date(2025, 3, 1), status="已解决")
    assert [r.person.name for r in staff.welfare_queue("housing")] == ["外地早", "外地晚", "本地早"]
    FamilyPlacement.create(person=local_early, relative_name="配偶", requested_on=date(2026, 1, 1))
    FamilyPlacement.create(person=away_late, relative_name="配偶", requested_on=date(2026, 6, 1))
    assert [r.person.name for r in staff.welfare_queue("family")] == ["外地晚", "本地早"]


# ---------------------------------------------------------------- reports on the command line
def test_cli_reports_staff_and_rank_due(tmp_path, capsys):
    from govoffice_desktop.models import db

    path = tmp_path / "office.db"
    db.open_database(path)
    one = staff.add_section("秘书一科")
    boss = person("王科长", one, post="科长", rank="正科级")
    staff.set_chief(one, boss)
    person("新人", one, joined_on="2026-4-1", status="试用期")
    staff.add_section("空科室")
    db.close_database()
    assert app.main(["--db", str(path), "report", "staff", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"sections": [
        {"section": "秘书一科", "chief": "王科长", "members": [
            {"name": "王科长", "post": "科长", "rank": "正科级", "status": "在岗"},
            {"name": "新人", "post": "", "rank": "", "status": "试用期"}]},
        {"section": "空科室", "chief": "", "members": []}]}
    assert app.main(["--db", str(path), "report", "rank-due", "--json", "--as-of", "2026-11-27"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"people": [{"name": "新人", "section": "秘书一科", "transfer_in": "2026-04-01",
                               "due": "2026-10-01", "overdue": True}]}
    assert app.main(["--db", str(path), "report", "rank-due"]) == 0
    assert "新人" in capsys.readouterr().out


# ---------------------------------------------------------------- the roster in and out
def test_a_roster_of_the_usual_shape_imports_and_exports_back(database, tmp_path):
    import openpyxl

    from govoffice_desktop.ledgers.export import export_listing
    from govoffice_desktop.ledgers.importer import import_ledger

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(["市 政 府 办 公 室 人 员 花 名 册"])
    ws.merge_cells("A1:H1")
    ws.append(["填报单位：市政府办公室", None, None, None, None, None, "2026年11月"])
    ws.append(["科  室", "序号", " 姓  名 ", "性 别", "出生年月", "职  务", "调入时间", "身份证号码", "是否外地"])
    people = [("秘书一科", "王建国", "男", "1985.03", "科长", "2019.7.1", "11010519850301106x"),
              (None, "李娜", "女", 1985.1, "科员", "2026年4月1日", None),
              (None, "赵强", "男", "1990.12", "科员", None, None),
              ("综合科", "陈静", "女", 1978.05, "科长", 43466, None),
              (None, "刘洋", "男", "1992.07", "驾驶员", None, None)]
    for i, (section, name, gender, birth, post, joined, id_no) in enumerate(people, start=1):
        ws.append([section, i, name, gender, birth, post, joined, id_no, "√" if name == "李娜" else None])
    ws.merge_cells("A4:A6")
    ws.merge_cells("A7:A8")
    ws.append(["合  计", None, "5人"])
    ws.append(["填表人：张三", None, None, "审核人：李四"])
    path = tmp_path / "roster.xlsx"
    wb.save(path)

    report = import_ledger("staff", path)
    assert report.errors == [] and report.imported == 5
    assert report.created == {"科室": ["秘书一科", "综合科"]}
    placed = {p.name: (p.section.name, p.birth, p.joined_on) for p in Person.select()}
    assert placed == {
        "王建国": ("秘书一科", date(1985, 3, 1), date(2019, 7, 1)), "李娜": ("秘书一科", date(1985, 10, 1), date(2026, 4, 1)),
        "赵强": ("秘书一科", date(1990, 12, 1), None), "陈静": ("综合科", date(1978, 5, 1), date(2019, 1, 1)),
        "刘洋": ("综合科", date(1992, 7, 1), None)}
    assert Person.get(Person.name == "王建国").id_number == "11010519850301106X"
    assert [p.name for p in Person.select().where(Person.out_of_town)] == ["李娜"]

    listing = staff.person_listing()
    out = tmp_path / "花名册.xlsx"
    assert export_listing(out, "人员档案", listing, listing.ids()) == 5
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[2]]
    rows = {r[header.index("姓名")]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["李娜"][header.index("科室")] == "秘书一科" and rows["陈静"][header.index("出生年月")] == "1978-05"
    assert rows["王建国"][header.index("身份证号")] == "110105********106X"  # masked in the export too

    again = import_ledger("staff", out)
    assert again.errors == [] and again.imported == 0 and again.duplicates == 5


def test_the_dashboard_reminds_of_ranks_to_fix(office):
    from govoffice_desktop.services import dashboard

    one, _ = office
    person("到期未定", one, joined_on="2026-4-1")
    person("月底到期", one, joined_on="2026-6-15")
    person("刚调入", one, joined_on="2026-9-1")
    got = [(r.subject, r.kind, r.when, r.overdue) for r in dashboard.overview(TODAY).reminders if r.kind == "定职级"]
    assert got == [("到期未定", "定职级", date(2026, 10, 1), True), ("月底到期", "定职级", date(2026, 12, 15), False)]


# ---------------------------------------------------------------- responsibility contracts
def test_contracts_are_signed_level_by_level_and_assessed_twice(office):
    from decimal import Decimal

    one, _ = office
    wang = person("王建国", one)
    items = [{"title": "文稿零差错", "measure": "差错率", "weight": 60}, {"title": "督办按期办结", "weight": 40}]
    with pytest.raises(BadValue, match="请先签订 2026 年办公室的责任状"):
        staff.create_contract(2026, "科室", "秘书一科目标责任状", items, section=one)
    with pytest.raises(BadValue, match="合计应为100，现为90"):
        staff.create_contract(2026, "办公室", "办公室目标责任状", [{"title": "a", "weight": 90}])
    office_contract = staff.create_contract(2026, "办公室", "办公室目标责任状", items, signed_on="2026-1-5",
                                            signed_by="秘书长")
    with pytest.raises(BadValue, match="已经签订"):
        staff.create_contract(2026, "办公室", "again", items)
    with pytest.raises(BadValue, match="请先签订秘书一科 2026 年的责任状"):
        staff.create_contract(2026, "个人", "个人责任状", items, person=wang)
    section_contract = staff.create_contract(2026, "科室", "秘书一科目标责任状", items, section=one, signed_on="2026-1-8")
    assert section_contract.parent_id == office_contract.id
    mine = staff.create_contract(2026, "个人", "王建国岗位责任状", items, person=wang, signed_on="2026-1-10")
    assert (mine.parent_id, mine.section_id) == (section_contract.id, one.id)

    first, second = list(mine.targets)
    with pytest.raises(BadValue, match="请先完成半年考核"):
        staff.assess_contract(mine, "年终", "2026-12-28", {first.id: 60, second.id: 40})
    with pytest.raises(BadValue, match="还没有打分"):
        staff.assess_contract(mine, "半年", "2026-7-5", {first.id: 50})
    with pytest.raises(BadValue, match="应在0到40之间"):
        staff.assess_contract(mine, "半年", "2026-7-5", {first.id: 50, second.id: 41})
    staff.assess_contract(mine, "半年", "2026-7-5", {first.id: "55.5", second.id: 30})
    assert staff.contract_total(mine, "半年") == Decimal("85.5") and staff.contract_total(mine, "年终") is None
    staff.assess_contract(mine, "年终", "2026-12-28", {first.id: 60, second.id: 38}, {second.id: "一项逾期两天"})
    first, second = list(type(mine).get_by_id(mine.id).targets)
    assert (first.achieved, second.achieved, second.assessment) == (True, False, "一项逾期两天")
    assert staff.contract_total(mine, "年终") == Decimal("98.0")


def test_welfare_requests_are_checked_and_settled(office):
    one, _ = office
    p = person("外地人", one, out_of_town=True)
    h = staff.add_welfare_request("housing", p, "2026-3-1", "两室一厅")
    with pytest.raises(BadValue, match="已有未办结的住房申请"):
        staff.add_welfare_request("housing", p, "2026-4-1")
    with pytest.raises(BadValue, match="住房地址不能为空"):
        staff.settle_welfare_request(h, "已解决", "2026-5-1")
    with pytest.raises(BadValue, match="早于申请日期"):
        staff.settle_welfare_request(h, "已解决", "2026-2-1", "机关宿舍 3-201")
    staff.settle_welfare_request(h, "已解决", "2026-5-1", "机关宿舍 3-201")
    assert HousingRequest.get_by_id(h.id).address == "机关宿舍 3-201" and staff.welfare_queue("housing") == []
    with pytest.raises(BadValue, match="已已解决|已解决"):
        staff.settle_welfare_request(h, "办理中")
    f = staff.add_welfare_request("family", p, "2026-3-1", relative_name="张丽", relation="配偶", current_unit="外县中学")
    with pytest.raises(BadValue, match="已有未办结的安置申请"):
        staff.add_welfare_request("family", p, "2026-3-2", relative_name="张丽")
    staff.settle_welfare_request(f, "办理中")
    assert [r.relative_name for r in staff.welfare_queue("family")] == ["张丽"]


def test_allocation_shows_skills_by_section(office):
    one, two = office
    person("甲", one, education="研究生", major="汉语言文学", expertise="公文写作、速记")
    person("乙", one, education="大学本科", major="法学", expertise="法律审核")
    person("丙", two, education="大学专科", major="会计", expertise="")
    person("丁", two, education="中专", major="会计")
    person("戊", two, education="高中", major="会计")
    by_name = {s.section.name: s for s in staff.allocation()}
    one_skills, two_skills = by_name["秘书一科"], by_name["综合科"]
    assert one_skills.educations == {"研究生": 1, "大学本科": 1} and one_skills.majors == ["汉语言文学", "法学"]
    assert one_skills.expertise == ["公文写作", "法律审核", "速记"] and one_skills.gaps == []
    assert two_skills.gaps == ["没有本科以上学历的人员", "专业单一", "未登记专长"]


def test_leaving_the_office_is_recorded_with_date_and_destination(office):
    one, _ = office
    p = person("将调走", one, joined_on="2020-1-1")
    staff.set_chief(one, p)
    with pytest.raises(BadValue, match="调离请用"):
        staff.save_person({"status": "调离"}, p)
    with pytest.raises(BadValue, match="调离去向或退休文号不能为空"):
        staff.leave_office(p, TODAY, "调离", "")
    staff.leave_office(p, "2026-11-20", "调离", "调任市发展改革委")
    p = Person.get_by_id(p.id)
    assert p.status == "调离" and p.section_id == one.id and Section.get_by_id(one.id).chief_id is None
    assert p.moves.order_by(PersonMove.id.desc()).first().reason == "调离：调任市发展改革委"
    with pytest.raises(BadValue, match="已调离"):
        staff.leave_office(p, TODAY, "退休", "x")
    assert "将调走" not in json.dumps(staff.staff_report(), ensure_ascii=False)


def test_a_roster_import_checks_what_does_not_add_up(office, tmp_path):
    import openpyxl

    from govoffice_desktop.ledgers.importer import import_ledger

    one, two = office
    staff.merge_sections(two, one, "2026-6-1", "宿政办〔2026〕9号")
    person("老员工", one, id_number="11010519850301106X", birth="1985.03")
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "科室", "出生年月", "调入时间", "职级", "身份证号", "状态"])
    wb.active.append(["甲", "秘书一科", "1980.05", "2010.07", "主任科员", None, "在岗"])       # yyyy.mm as text
    wb.active.append(["乙", "秘书一科", "1990.02", 2019.1, "科员", None, "在岗"])              # a number: 2019-10
    wb.active.append(["丙", "秘书一科", "1995.06", "2026.9", "科员", None, "试用期"])          # on probation
    wb.active.append(["丁", "综合科", "1990.01", "2015.3", "科员", None, "在岗"])              # merged away
    wb.active.append(["戊", "秘书一科", "1985.03", "2015.3", "科员", "11010519850301106X", "在岗"])  # someone else's ID
    wb.active.append(["己", "秘书一科", "1970.01", "2015.3", "科员", "11010519851001105X", "在岗"])  # ID says 1985.10
    wb.active.append(["庚", "秘书一科", "2000.01", "2010.3", "科员", None, "在岗"])            # joined aged ten
    wb.active.append(["辛", "秘书一科", "1988.01", "2012.3", "科员", "110105********106X", "在岗"])  # masked
    wb.save(tmp_path / "r.xlsx")
    report = import_ledger("staff", tmp_path / "r.xlsx", keep_valid=tmp_path / "bad.xlsx")
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (5, "科室", "综合科已合署到秘书一科，请改为现在的科室"),
        (6, "身份证号", "身份证号与 老员工 的相同：同一身份证号不能是两个人"),
        (7, "出生年月", "出生年月 1970.01 与身份证号中的 1985.10 不符"),
        (8, "调入时间", "调入时间 2010-03-01 时尚不满16岁（出生年月 2000.01）")]
    assert report.imported == 4 and "1 行的身份证号是打码的" in report.notices[0]
    joined = {p.name: p.joined_on for p in Person.select()}
    assert (joined["甲"], joined["乙"]) == (date(2010, 7, 1), date(2019, 10, 1))
    # Ranks on the roster for people whose six months are long past were fixed before: not due.
    assert sorted(p.name for p in Person.select().join(RankRecord)) == ["乙", "甲", "辛"]
    assert staff.rank_due(TODAY) == []
    assert [d.person.name for d in staff.rank_due(date(2027, 3, 31))] == ["丙"]  # due 2027-03-01
    assert "定级记录（据花名册）" in report.created


def test_history_shows_a_rating_explanation(office):
    from govoffice_desktop.models.ratings import Explanation, RatingPeriod

    one, _ = office
    chief = person("科长", one)
    period = RatingPeriod.create(year=2026, quarter=2)
    Explanation.create(period=period, section=one, kind="说明情况", rank=10, person=chief,
                       due_on=date(2026, 7, 20), received_on=date(2026, 7, 18))
    (entry,) = [e for e in person_history.person_history(chief) if e.kind == "评议"]
    assert entry.when == date(2026, 7, 18) and "第 10 位" in entry.text and "说明情况" in entry.text


def test_the_roster_export_carries_every_field_back(tmp_path, capsys):
    from govoffice_desktop.models import db

    first = tmp_path / "a.db"
    db.open_database(first)
    one = staff.add_section("秘书一科")
    person("王建国", one, gender="男", birth="1985.03", id_number="11010519850301106X", ethnicity="汉族",
           native_place="江苏宿迁", political_status="中共党员", education="研究生", major="法学", expertise="公文写作",
           post="科长", rank="正科级", previous_rank="副科级", source_unit="宿城区政府办", joined_on="2015.3",
           phone="13800000000", out_of_town=True, notes="借调一年")
    person("走了的", one, status="退休")
    db.close_database()
    out = tmp_path / "花名册.xlsx"
    assert app.main(["--db", str(first), "export", "roster", str(out)]) == 0
    second = tmp_path / "b.db"
    assert app.main(["--db", str(second), "import", "staff", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["imported"] == 1
    db.open_database(second)
    try:
        (back,) = Person.select()
        fields = ("name", "gender", "birth", "id_number", "ethnicity", "native_place", "political_status", "education",
                  "major", "expertise", "post", "rank", "previous_rank", "source_unit", "joined_on", "phone",
                  "status", "out_of_town", "notes")
        assert {f: getattr(back, f) for f in fields} == {
            "name": "王建国", "gender": "男", "birth": date(1985, 3, 1), "id_number": "11010519850301106X",
            "ethnicity": "汉族", "native_place": "江苏宿迁", "political_status": "中共党员", "education": "研究生",
            "major": "法学", "expertise": "公文写作", "post": "科长", "rank": "正科级", "previous_rank": "副科级",
            "source_unit": "宿城区政府办", "joined_on": date(2015, 3, 1), "phone": "13800000000", "status": "在岗",
            "out_of_town": True, "notes": "借调一年"}
        assert back.section.name == "秘书一科"
    finally:
        db.close_database()


def test_people_who_left_stay_where_they_left(office):
    one, two = office
    gone = person("已调走", one, joined_on="2015-1-1")
    staff.leave_office(gone, "2020-6-30", "调离", "调任市发改委")
    stays = person("在岗者", one)
    staff.add_welfare_request("housing", stays, "2026-1-1")
    staff.add_welfare_request("housing", person("将走", two, out_of_town=True), "2025-1-1")
    leaver = Person.get(Person.name == "将走")
    staff.leave_office(leaver, "2026-3-1", "退休", "宿人社〔2026〕3号")
    assert [r.person.name for r in staff.welfare_queue("housing")] == ["在岗者"]
    assert [r.person.name for r in staff.welfare_requests("housing")] == ["在岗者", "将走"]
    merge = staff.merge_sections(one, two, "2026-6-1")
    assert merge.people_moved == 1 and Person.get_by_id(gone.id).section_id == one.id
    with pytest.raises(BadValue, match="已调离，不能调动"):
        staff.move_person(Person.get_by_id(gone.id), two, TODAY, "x")
    with pytest.raises(BadValue, match="如重新调入"):
        staff.save_person({"status": "在岗"}, Person.get_by_id(gone.id))


def test_a_roster_import_gives_ranks_and_moves_only_to_the_people_it_adds(office, tmp_path):
    import openpyxl

    from govoffice_desktop.ledgers.importer import import_ledger

    one, _ = office
    c = screened("王伟")
    staff.decide_candidate(c, "调入", "2026-9-1", "考察合格", one)  # on probation, no birth, no rank
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "科室", "出生年月", "调入时间", "职级"])
    wb.active.append(["王伟", "综 合 科", "1980.1", "2010.1", "主任科员"])   # a namesake, with a birth
    wb.active.append(["王伟", "秘书一科", None, "2011.1", "科员"])          # no birth, no ID: taken as him
    wb.save(tmp_path / "r.xlsx")
    report = import_ledger("staff", tmp_path / "r.xlsx")
    assert report.imported == 1 and report.duplicates == 1 and "只有姓名" in report.notices[0]
    probationer = Candidate.get_by_id(c.id).person
    assert not probationer.ranks.exists() and [d.person.id for d in staff.rank_due(date(2027, 3, 1))] == [probationer.id]
    namesake = Person.get(Person.name == "王伟", Person.id != probationer.id)
    assert namesake.section.name == "综合科" and namesake.ranks.count() == 1
    assert [m.reason for m in namesake.moves] == ["调入（据花名册导入）"]
    assert [s.name for s in Section.select().order_by(Section.id)] == ["秘书一科", "综合科"]


def test_contract_dates_hang_together(office):
    with pytest.raises(BadValue, match="不在 2027 年度内"):
        staff.create_contract(2027, "办公室", "x", [{"title": "a", "weight": 100}], signed_on="2025-1-1")
    c = staff.create_contract(2026, "办公室", "x", [{"title": "a", "weight": 100}], signed_on="2026-1-5")
    (t,) = list(c.targets)
    staff.assess_contract(c, "半年", "2026-7-10", {t.id: 90})
    with pytest.raises(BadValue, match="早于半年考核日期"):
        staff.assess_contract(c, "年终", "2026-3-1", {t.id: 95})
    staff.assess_contract(c, "年终", "2026-12-28", {t.id: 95})
    with pytest.raises(BadValue, match="半年考核不再修改"):
        staff.assess_contract(c, "半年", "2026-7-11", {t.id: 80})
