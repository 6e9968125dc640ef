"""定职级 from 实绩 (issue 18 point 6), written from the rule: 以实绩定职级 … 以半年为限.

- The rank form shows the person's record over the half year before the determination date, from
  the program itself: 督查 deductions and bonus points to them and their section's month by month
  (with the section's rank), 上评下 results of individuals, the 责任状 half-year score, rewards and
  penalties, training and the three books.
- A determination less than six months after 调入 is refused unless recorded as 提前定级 with the
  reason and who approved it, both stored with the determination.
- Staff transferred in and not yet ranked show 待定职级; 试用期 stays for newly recruited civil
  servants (新录用)."""
from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import peewee
import pytest

from govoffice_desktop.models import db, migrations
from govoffice_desktop.models.ratings import Grade, GradeScale, RaterGroup, RatingPeriod, Tally
from govoffice_desktop.models.staff import Person, RankRecord
from govoffice_desktop.services import auth, dashboard, person_history, rewards, staff, supervision
from govoffice_desktop.services.validation import BadValue
from tests.test_db import load_snapshot

TODAY = date(2026, 11, 27)
DECIDED = date(2026, 10, 20)  # the half year on record: 2026-04-20 … 2026-10-20


@pytest.fixture
def office(database):
    return {name: staff.add_section(name, today=TODAY) for name in ("秘书一科", "综合科", "文电科")}


def person(name, section=None, **more):
    return staff.save_person({"name": name, "section": section, **more}, today=TODAY)


def check(day, section, target, who=None, deduction=0, bonus=0, remark=""):
    return supervision.record_check({"checked_on": day, "section": section, "target": target, "person": who,
                                     "met": not deduction, "deduction": deduction, "bonus": bonus,
                                     "remark": remark}, today=TODAY)


@pytest.fixture
def liu(office):
    """刘洋: transferred in to 秘书一科 on 2026-03-10, moved to 综合科 on 2026-07-15; a record inside
    the half year and some just outside it."""
    one, two, three = office["秘书一科"], office["综合科"], office["文电科"]
    liu = person("刘洋", one, joined_on="2026-03-10", previous_rank="副主任科员")
    target = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时报送信息", "points": 2})
    check(date(2026, 4, 1), one, target, liu, deduction=3, remark="半年之前")      # before the half year
    staff.move_person(liu, two, date(2026, 7, 15), "优化配置")
    liu = Person.get_by_id(liu.id)
    check(date(2026, 5, 12), one, target, deduction=2, remark="信息迟报")           # the section's, in May
    check(date(2026, 8, 5), two, target, liu, deduction="1.5", remark="会议材料迟交")  # his, in August
    check(date(2026, 8, 6), two, target, bonus=1, remark="专报被采用")              # the section's bonus
    check(date(2026, 8, 6), three, target)                                         # 文电科 full marks
    check(date(2026, 10, 8), two, target, liu, bonus=2, remark="突发事件处置得力")    # his, October
    # 上评下 of individuals: 2026Q1 ends before the half year, 2026Q2 inside it
    scale = GradeScale.get(GradeScale.name == "优秀/称职/基本称职/不称职/不了解")
    grades = {g.label: g for g in Grade.select().where(Grade.scale == scale)}
    for quarter, votes in ((1, {"称职": 5}), (2, {"优秀": 6, "称职": 2})):
        period = RatingPeriod.create(year=2026, quarter=quarter)
        group = RaterGroup.create(period=period, direction="上评下", name="办领导", weight="1", scale=scale,
                                  rates="人员")
        for label, n in votes.items():
            Tally.create(group=group, person=liu, grade=grades[label], votes=n)
    # 责任状 signed level by level, his assessed at the half year
    items = [{"title": "信息报送", "weight": 60}, {"title": "文稿起草", "weight": 40}]
    staff.create_contract(2026, "办公室", "2026年度办公室目标责任状", items, signed_on="2026-1-5")
    staff.create_contract(2026, "科室", "2026年度综合科目标责任状", items, section=two, signed_on="2026-1-8")
    mine = staff.create_contract(2026, "个人", "2026年度个人目标责任状", items, person=liu, signed_on="2026-7-20")
    first, second = list(mine.targets.order_by(mine.targets.model.id))
    staff.assess_contract(mine, "半年", "2026-7-31", {first.id: "55", second.id: "36.5"})
    # rewards and penalties, one before the half year
    for day, amount, reason in (("2026-3-20", "100", "调入前的一笔"), ("2026-5-10", "200", "调研报告获市领导批示"),
                                ("2026-9-3", "-50", "文稿差错")):
        rewards.add_entry({"person": liu, "entry_date": day, "category": "其他", "amount": amount, "reason": reason})
    staff.add_training(liu, "岗位培训", "公文写作培训班", "2026-6-1", "2026-6-3", 24, "合格")
    staff.add_training(liu, "讲座", "年初形势报告会", "2026-2-1")  # before he came
    staff.record_reading(liu, 2026, "政治理论", "习近平谈治国理政", finished_on="2026-5-30", shared_on="2026-11-1")
    return liu


# ---------------------------------------------------------------- the half year on record
def test_the_rank_form_record_is_the_half_year_before_the_date(liu):
    record = person_history.half_year_record(liu, DECIDED)
    assert (record["from"], record["to"]) == (date(2026, 4, 20), DECIDED)
    assert (record["transfer_in"], record["earliest"], record["early"]) == (date(2026, 3, 10), date(2026, 9, 10), False)
    # 督查 to him by name: inside the half year only, with the totals
    assert [(c["date"], c["section"], c["deduction"], c["bonus"], c["remark"]) for c in record["checks"]] == [
        (date(2026, 8, 5), "综合科", Decimal("1.5"), Decimal("0"), "会议材料迟交"),
        (date(2026, 10, 8), "综合科", Decimal("0"), Decimal("2"), "突发事件处置得力")]
    assert record["checks_total"] == {"count": 2, "deduction": Decimal("1.5"), "bonus": Decimal("2")}


def test_the_section_months_follow_the_section_he_was_in_each_month(liu):
    months = person_history.half_year_record(liu, DECIDED)["section_months"]
    # the months ended within the half year: April to September (October is not over on the 20th)
    assert [(m["month"], m["section"]) for m in months] == [
        ("2026-04", "秘书一科"), ("2026-05", "秘书一科"), ("2026-06", "秘书一科"),
        ("2026-07", "综合科"), ("2026-08", "综合科"), ("2026-09", "综合科")]
    may, aug = months[1], months[4]
    assert (may["checked"], may["rank"], may["sections_ranked"], may["deduction"], may["bonus"]) == (
        True, 1, 1, Decimal("2"), Decimal("0"))
    # August: 综合科 lost 1.5 (his check) and gained 1; 文电科 kept 100: 综合科 second of two
    assert (aug["rank"], aug["sections_ranked"], aug["deduction"], aug["bonus"]) == (2, 2, Decimal("1.5"), Decimal("1"))
    assert aug["score"] == supervision.month_scores(2026, 8)[1].score  # the ranking the 督查 tab shows
    # April ended within the half year: its ranking counts whole (his check of 4-1 included)
    assert (months[0]["checked"], months[0]["rank"], months[0]["deduction"]) == (True, 1, Decimal("3"))
    assert (months[2]["checked"], months[2]["rank"], months[2]["score"]) == (False, None, None)  # June: none


def test_ratings_contract_rewards_training_and_books_of_the_half_year(liu):
    record = person_history.half_year_record(liu, DECIDED)
    assert [(r["period"], r["score"], r["leading"]) for r in record["ratings"]] == [
        ("2026年第二季度", Decimal("95.00"), "优秀")]
    assert record["contracts"] == [{"year": 2026, "title": "2026年度个人目标责任状", "half_score": Decimal("91.5"),
                                    "half_assessed_on": date(2026, 7, 31), "year_score": None,
                                    "year_assessed_on": None}]
    assert [(r["date"], r["amount"]) for r in record["rewards"]] == [
        (date(2026, 5, 10), Decimal("200.00")), (date(2026, 9, 3), Decimal("-50.00"))]
    assert record["rewards_total"] == {"rewards": Decimal("200.00"), "deductions": Decimal("50.00")}
    assert [(t["title"], t["hours"]) for t in record["trainings"]] == [("公文写作培训班", 24)]
    # read by the date, shared only after it
    assert record["books"] == [{"year": 2026, "kind": "政治理论", "title": "习近平谈治国理政",
                                "finished_on": date(2026, 5, 30), "shared_on": None}]


def test_an_early_date_starts_the_record_at_the_transfer_in(office):
    new = person("周敏", office["文电科"], joined_on="2026-8-1")
    record = person_history.half_year_record(new, DECIDED)
    assert (record["from"], record["earliest"], record["early"]) == (date(2026, 8, 1), date(2027, 2, 1), True)
    assert [m["month"] for m in record["section_months"]] == ["2026-08", "2026-09"]


def test_rating_results_stay_hidden_from_who_may_not_see_them(liu):
    admin = auth.create_user("admin", "admin-pw", "管理员")
    auth.login_as(admin)
    typing_clerk = auth.create_user("wenyin", "wenyin-pw", "文印管理员")
    auth.login_as(typing_clerk)
    try:
        assert person_history.half_year_record(liu, DECIDED)["ratings"] is None
    finally:
        auth.logout()


# ---------------------------------------------------------------- the six months, and 提前定级
def test_a_rank_less_than_six_months_after_transfer_in_is_refused(office):
    new = person("周敏", office["文电科"], joined_on="2026-6-15", previous_rank="科员")
    with pytest.raises(BadValue, match="周敏 2026-06-15 调入，以半年为限，2026-12-15 起方可定职级；"
                                       "2026-10-20 定级须作为“提前定级”，写明理由和批准人"):
        staff.determine_rank(new, "副主任科员", DECIDED, "表现突出")
    with pytest.raises(BadValue, match="提前定级（2026-12-15 前）须写明理由"):
        staff.determine_rank(new, "副主任科员", DECIDED, "表现突出", early=True, approved_by="赵主任")
    with pytest.raises(BadValue, match="提前定级（2026-12-15 前）须写明批准人"):
        staff.determine_rank(new, "副主任科员", DECIDED, "表现突出", early=True, early_reason="抗洪抢险表现突出")
    # the data is as it was
    assert RankRecord.select().count() == 0
    assert (Person.get_by_id(new.id).rank, staff.shown_status(new)) == ("", "待定职级")


def test_an_early_rank_is_stored_with_its_reason_and_approver(office):
    new = person("周敏", office["文电科"], joined_on="2026-6-15", previous_rank="科员")
    record = staff.determine_rank(new, "副主任科员", DECIDED, "半年内完成重点课题两项", early=True,
                                  early_reason="借调市委办期间已考核优秀", approved_by="办公室主任 赵建华")
    stored = RankRecord.get_by_id(record.id)
    assert (stored.early, stored.early_reason, stored.approved_by) == (
        True, "借调市委办期间已考核优秀", "办公室主任 赵建华")
    assert staff.shown_status(Person.get_by_id(new.id)) == "在岗"
    (entry,) = [e for e in person_history.person_history(new) if e.kind == "定级"]
    assert "提前定级" in entry.text and "借调市委办期间已考核优秀" in entry.text and "赵建华" in entry.text


def test_six_months_to_the_day_needs_no_early_mark_and_refuses_one(office):
    new = person("周敏", office["文电科"], joined_on="2026-4-20")
    with pytest.raises(BadValue, match="2026-10-20 起即可定职级，2026-10-20 定级不属于提前定级"):
        staff.determine_rank(new, "科员", DECIDED, "合格", early=True, early_reason="x", approved_by="y")
    assert not staff.determine_rank(new, "科员", DECIDED, "合格").early


# ---------------------------------------------------------------- 待定职级 and 试用期
def test_transferred_in_and_not_ranked_shows_pending_a_new_recruit_keeps_probation(office):
    one = office["秘书一科"]
    moved_in = person("调入者", one, joined_on="2026-9-1", status="试用期")
    also = person("在岗调入", one, joined_on="2026-8-1")
    recruit = person("新录用者", one, joined_on="2026-9-1", status="试用期", entry_kind="新录用")
    veteran = person("老同志", one)
    ranked = person("已定级", one, joined_on="2026-1-5")
    staff.determine_rank(ranked, "科员", "2026-7-6", "合格")
    shown = {p.name: staff.shown_status(Person.get_by_id(p.id)) for p in (moved_in, also, recruit, veteran, ranked)}
    assert shown == {"调入者": "待定职级", "在岗调入": "待定职级", "新录用者": "试用期", "老同志": "在岗",
                     "已定级": "在岗"}
    listing = staff.person_listing()
    ids = listing.ids(filters={"status": "待定职级"})
    assert set(ids) == {moved_in.id, also.id}
    assert set(listing.ids(filters={"status": "试用期"})) == {recruit.id}
    assert set(listing.ids(search="待定职级")) == {moved_in.id, also.id}
    status = listing.keys.index("status")
    assert listing.rows([also.id])[also.id][status] == "待定职级"
    with pytest.raises(BadValue, match="进入方式应为调入、新录用之一"):
        person("某人", one, entry_kind="聘用")
    # 首页 counts them as the list shows them
    by_status = dashboard.overview(TODAY).staff_by_status
    assert (by_status["待定职级"], by_status["试用期"], by_status["在岗"]) == (2, 1, 2)


def test_version_10_gains_the_entry_kind_and_the_early_rank_columns(tmp_path):
    path = tmp_path / "v10.db"
    load_snapshot(10, path)
    con = sqlite3.connect(path)
    people = con.execute("SELECT id, name, status FROM person ORDER BY id").fetchall()
    con.close()
    handle = db.open_database(path)
    try:
        assert migrations.current_version() >= migrations.RANK_ON_RECORD
        assert [(p.id, p.name, p.status, p.entry_kind) for p in Person.select().order_by(Person.id)] == [
            (*row, "调入") for row in people]
        record = RankRecord.create(person=Person.get(), decided_on=date(2026, 1, 1), rank="科员")
        assert (RankRecord.get_by_id(record.id).early, record.early_reason, record.approved_by) == (False, "", "")
        with pytest.raises(peewee.IntegrityError):
            with handle.atomic():
                handle.execute_sql("UPDATE person SET entry_kind = '聘用' WHERE id = 1")
    finally:
        db.close_database()


# ---------------------------------------------------------------- 责任状 in the office's words (point 8)
def test_a_contract_is_signed_by_the_office_head_the_section_head_and_the_responsible_person(office):
    from govoffice_desktop.reports import staff as staff_reports

    one = office["秘书一科"]
    chief = person("王科长", one, post="科长")
    staff.set_chief(one, chief)
    member = person("李文", one)
    items = [{"title": "文稿零差错", "weight": 100}]
    top = staff.create_contract(2026, "办公室", "办公室目标责任状", items, signed_by="赵主任")
    mid = staff.create_contract(2026, "科室", "秘书一科目标责任状", items, section=one, signed_by="王科长")
    own = staff.create_contract(2026, "个人", "李文目标责任状", items, person=member, signed_by="李文")
    signed = {c.level: staff_reports.contract(c).html() for c in (top, mid, own)}
    assert "办公室主任（签字）" in signed["办公室"] and "科室负责人" not in signed["办公室"]
    assert "办公室主任（签字）" in signed["科室"] and "科室负责人（签字）" in signed["科室"]
    assert "科室负责人（签字）" in signed["个人"] and "责任人（签字）" in signed["个人"]
    assert not any(word in html for html in signed.values() for word in ("发包方", "承包方"))
    assert [staff.contract_signer(level) for level in ("办公室", "科室", "个人")] == ["办公室主任", "科室负责人", "责任人"]


def test_report_rank_record_gives_the_same_record(tmp_path, capsys):
    import json

    from govoffice_desktop import app

    path = tmp_path / "office.db"
    db.open_database(path)
    one = staff.add_section("秘书一科")
    new = staff.save_person({"name": "周敏", "section": one, "joined_on": "2026-6-15"})
    staff.add_training(new, "岗位培训", "公文写作培训班", "2026-7-1")
    staff.save_person({"name": "同名", "section": one})
    staff.save_person({"name": "同名", "section": staff.add_section("综合科")})
    db.close_database()
    assert app.main(["--db", str(path), "report", "rank-record", "--person", "周敏", "--as-of", "2026-10-20",
                     "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["person"], out["from"], out["to"], out["earliest"], out["early"]) == (
        "周敏", "2026-06-15", "2026-10-20", "2026-12-15", True)
    assert [t["title"] for t in out["trainings"]] == ["公文写作培训班"]
    assert app.main(["--db", str(path), "report", "rank-record", "--person", "同名"]) == 1
    assert "有 2 人名为“同名”" in capsys.readouterr().err
    assert app.main(["--db", str(path), "report", "rank-record", "--person", "同名（综合科）", "--as-of",
                     "2026-10-20"]) == 0
    assert "同名（综合科）半年实绩 2026-04-20 至 2026-10-20" in capsys.readouterr().out
    assert app.main(["--db", str(path), "report", "rank-record"]) == 1
    with pytest.raises(SystemExit) as usage:  # --person on another report: a usage error (issue 19)
        app.main(["--db", str(path), "report", "staff", "--person", "周敏"])
    assert usage.value.code == 2 and "--person 只用于 report rank-record" in capsys.readouterr().err
