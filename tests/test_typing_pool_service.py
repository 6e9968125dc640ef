"""文印 rules without a screen: a three-month log kept one sheet per month, every figure against a
hand calculation, each month under the standard in force then, closing and reopening months, and
万页文稿无差错."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from govoffice_desktop import app
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.models import db
from govoffice_desktop.models.rewards import BonusMonth, MonthClose, RewardPenalty
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import staff, typing_pool as tp
from govoffice_desktop.services.validation import BadValue

TODAY = date(2026, 11, 27)
HEADER = ["序 号", "日  期", "打字员", "文稿标题", "文号", "页数", "字数", "错字", "漏字", "标点", "差错", "校对人"]
# (date, typist, title, pages, characters, 错字, 漏字, 标点, 差错 total or None)
SHEETS = {
    "1月": [("2026.1.5", "张敏", "关于春节值班的通知", 10, 6000, 0, 0, 0, 0),
           ("2026.1.8", "李娜", "一月工作要点", 8, 5000, 2, 2, 0, None),
           ("2026.1.12", "张敏", "市长讲话稿", 5, None, 1, 0, 1, None),  # no count: 5 × 616 estimated
           ("2026.1.20", "张敏", "全市经济工作会议材料", 20, 12000, 0, 0, 0, 1)],
    "2月": [("2026年2月10日", "张敏", "二月工作安排", 30, 18000, 0, 0, 0, 0),
           ("2026年2月14日", "李娜", "春耕生产情况通报", 10, 6000, 5, 3, 2, 10)],
    "3月": [("2026-3-5", "张敏", "政府工作报告（征求意见稿）", 40, 25000, 4, 1, 1, 6),
           ("2026-3-15", "李娜", "三月督查通报", 12, None, 3, 2, 1, None),  # 12 × 616 = 7392
           ("2026-3-28", "张敏", "清明节安全工作通知", 15, 9000, 0, 0, 0, 0)],
}


@pytest.fixture
def pool(database):
    section = staff.add_section("文电科")
    zhang = staff.save_person({"name": "张敏", "section": section, "is_typist": True})
    li = staff.save_person({"name": "李娜", "section": section, "is_typist": True})
    tp.set_standard({"effective_from": "2026-3-1", "min_speed": 90, "max_errors_per_10k": "2",
                     "deduction_per_error": "20", "speed_fail_deduction": "60", "monthly_cap": "150",
                     "chars_per_page": 616, "note": "细则修订"})
    tp.record_speed_test(zhang, "2026-1-15", 2000, 20)  # 100 字/分
    tp.record_speed_test(li, "2026-1-15", 1500, 20, errors=3)  # 75 字/分
    tp.record_speed_test(zhang, "2026-3-10", 1800, 20)  # 90 字/分: meets the new 90 exactly
    tp.record_speed_test(li, "2026-3-20", 1700, 20)  # 85 字/分
    return zhang, li


def three_month_ledger(path, stage: str | None = None):
    """The ledger; with ``stage``, a 发现环节 column giving it for the rows with errors."""
    book = openpyxl.Workbook()
    for index, (name, rows) in enumerate(SHEETS.items()):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        sheet.append([f"文 印 室 打 字 登 记 表（2026年{name}）"])
        sheet.merge_cells("A1:L1")
        sheet.append(HEADER + (["发现环节"] if stage else []))
        for n, (day, typist, title, pages, chars, wrong, missing, punct, total) in enumerate(rows, start=1):
            sheet.append([n, day, typist, title, f"宿政办发〔2026〕{n}号", pages, chars, wrong, missing, punct, total,
                          "王校对"] + ([stage if (total or wrong + missing + punct) else None] if stage else []))
        sheet.append(["合计", None, None, None, None, sum(r[3] for r in rows)])
    book.save(path)
    return path


def test_a_three_month_ledger_matches_the_hand_calculation(pool, tmp_path):
    zhang, li = pool
    report = import_ledger("typing", three_month_ledger(tmp_path / "文印.xlsx"), all_sheets=True)
    assert report.errors == [] and report.imported == 9 and report.unmatched == []
    assert TypingLog.get(TypingLog.title == "市长讲话稿").errors == 2  # 错字 1 + 标点 1

    jan = {r.typist.name: r for r in tp.assess_month(2026, 1).rows}
    # 张敏: 35 pages; 6000 + 5×616 + 12000 = 21080 characters; 3 errors; allowed ⌊3 × 2.108⌋ = 6.
    z = jan["张敏"]
    assert (z.pages, z.characters, z.estimated, z.errors, z.errors_per_10k) == (35, 21080, True, 3, Decimal("1.43"))
    assert (z.allowed_errors, z.excess_errors, z.speed, z.meets_standard, z.deduction) == (
        6, 0, Decimal("100.0"), True, Decimal("0.00"))
    # 李娜: 5000 characters, 4 errors (8.00 per 10k), allowed ⌊1.5⌋ = 1, 3 over × 10 元; 75 字/分 < 80: 50 元.
    li_jan = jan["李娜"]
    assert (li_jan.errors_per_10k, li_jan.excess_errors, li_jan.speed, li_jan.speed_ok) == (
        Decimal("8.00"), 3, Decimal("75.0"), False)
    assert li_jan.deduction == Decimal("80.00") and not li_jan.meets_standard

    feb = {r.typist.name: r for r in tp.assess_month(2026, 2).rows}
    assert feb["张敏"].deduction == Decimal("0.00")
    # 李娜: 10 errors in 6000, allowed ⌊1.8⌋ = 1: 9 × 10 = 90; still the January test, 75 < 80: 50.
    assert feb["李娜"].deduction == Decimal("140.00") and feb["李娜"].speed_tested_on == date(2026, 1, 15)

    march = tp.assess_month(2026, 3)
    assert march.standard.min_speed == 90  # the standard in force from 1 March
    mar = {r.typist.name: r for r in march.rows}
    # 张敏: 6 errors in 34000, allowed ⌊2 × 3.4⌋ = 6: none over; 90 字/分 meets 90.
    assert (mar["张敏"].characters, mar["张敏"].excess_errors, mar["张敏"].deduction) == (34000, 0, Decimal("0.00"))
    # 李娜: 6 errors in 12×616 = 7392, allowed ⌊1.4784⌋ = 1: 5 × 20 = 100; 85 < 90: 60; 160 capped at 150.
    assert (mar["李娜"].characters, mar["李娜"].excess_errors) == (7392, 5)
    assert mar["李娜"].deduction == Decimal("150.00") and "上限" in mar["李娜"].reasons[-1]

    again = import_ledger("typing", tmp_path / "文印.xlsx", all_sheets=True)
    assert again.imported == 0 and again.duplicates == 9


def test_closing_a_month_posts_deductions_and_can_be_undone_until_the_bonus_is_final(pool, tmp_path):
    import_ledger("typing", three_month_ledger(tmp_path / "文印.xlsx"), all_sheets=True)
    with pytest.raises(BadValue, match="还没过完"):
        tp.close_month(2026, 11, today=TODAY)
    tp.close_month(2026, 1, today=TODAY)
    (entry,) = RewardPenalty.select()
    assert (entry.person.name, entry.amount, entry.category, entry.entry_date) == (
        "李娜", Decimal("-80.00"), "文印", date(2026, 1, 31))
    assert "超出允许的 1 个 3 个" in entry.reason and "75.0 字/分" in entry.reason
    with pytest.raises(BadValue, match="已经结账"):
        tp.close_month(2026, 1, today=TODAY)
    with pytest.raises(BadValue, match="已结账，不能再登记"):
        tp.log_work({"typed_on": "2026-1-30", "typist": pool[0], "title": "补登", "pages": 2})
    bad = import_ledger("typing", three_month_ledger(tmp_path / "again.xlsx"), sheet="1月")
    assert bad.refused and "已结账" in bad.errors[0].message
    tp.reopen_month(2026, 1)
    assert RewardPenalty.select().count() == 0 and MonthClose.select().count() == 0

    tp.close_month(2026, 2, today=TODAY)
    BonusMonth.create(year=2026, month=2, final=True)
    with pytest.raises(BadValue, match="奖金表已定稿"):
        tp.reopen_month(2026, 2)
    assert RewardPenalty.get().amount == Decimal("-140.00")
    with pytest.raises(BadValue, match="已用于已结账的 2026年2月"):
        tp.set_standard({"effective_from": "2000-1-1", "min_speed": 70, "max_errors_per_10k": 3,
                         "deduction_per_error": 10, "speed_fail_deduction": 50, "monthly_cap": 200,
                         "chars_per_page": 616}, tp.standard_on(date(2026, 2, 28)))


def test_work_entries_and_speed_tests_are_checked(pool):
    zhang, _ = pool
    other = staff.save_person({"name": "不是打字员"})
    good = {"typed_on": "2026-4-1", "typist": zhang, "title": "通知", "pages": 3, "characters": 1800}
    for change, message in ((({"typist": other}), "不是打字员"), ({"pages": 0}, "页数应大于0"),
                            ({"title": " "}, "文稿标题不能为空"), ({"typed_on": "2099-1-1"}, "还没到"),
                            ({"wrong_char": 3, "errors": 2}, "多于差错总数"), ({"pages": "三"}, "页数")):
        with pytest.raises(BadValue, match=message):
            tp.log_work({**good, **change})
    entry = tp.log_work({**good, "wrong_char": 1, "formatting": 1})
    assert entry.errors == 2 and entry.typist_name == "张敏"
    with pytest.raises(BadValue, match="用时应大于0"):
        tp.record_speed_test(zhang, "2026-4-1", 1000, 0)
    test = tp.record_speed_test(zhang, "2026-4-2", 1000, "12.5", errors=2)
    assert tp.speed_of(test) == Decimal("80.0") and tp.accuracy_of(test) == Decimal("99.80")


def test_ten_thousand_pages_without_an_error(pool, tmp_path):
    report = import_ledger("typing", three_month_ledger(tmp_path / "文印.xlsx"), all_sheets=True)
    # The ledger gives no stage: its errors were caught at proof-reading, and break no run.
    assert report.imported == 9 and {r.name: r.current for r in tp.page_runs()}["张敏"] == 120
    TypingLog.delete_where(TypingLog.id > 0)
    # The same ledger saying they were found after issue (印发后): they do.
    report = import_ledger("typing", three_month_ledger(tmp_path / "文印2.xlsx", stage="印发后"), all_sheets=True)
    assert report.errors == [] and report.imported == 9
    assert TypingLog.get(TypingLog.title == "市长讲话稿").errors_after_issue == 2
    runs = {r.name: r for r in tp.page_runs()}
    # 张敏: 10 | error | error | 30 | error | 15 → current 15, longest 30, three documents with errors.
    assert (runs["张敏"].current, runs["张敏"].longest, runs["张敏"].errors) == (15, 30, 3)
    assert runs["张敏"].last_error_on == date(2026, 3, 5)
    assert (runs["李娜"].current, runs["李娜"].longest) == (0, 0)
    # The pool in date order: 10, e, e, e, 30, e, e, e, 15.
    assert (runs["文印室"].current, runs["文印室"].longest) == (15, 30)
    zhang = pool[0]
    tp.log_work({"typed_on": "2026-4-1", "typist": zhang, "title": "长文", "pages": 9990})
    runs = {r.name: r for r in tp.page_runs()}
    assert runs["张敏"].reached and runs["张敏"].progress == 1 and not runs["李娜"].reached


def test_cli_reports_typing_figures_and_the_campaign(tmp_path, capsys):
    path = tmp_path / "office.db"
    db.open_database(path)
    section = staff.add_section("文电科")
    zhang = staff.save_person({"name": "张敏", "section": section, "is_typist": True})
    tp.log_work({"typed_on": "2026-1-5", "typist": zhang, "title": "a", "pages": 10, "characters": 6000, "errors": 4,
                 "errors_after_issue": 1})  # one of the four found after issue: it breaks 万页文稿无差错
    tp.log_work({"typed_on": "2026-2-5", "typist": zhang, "title": "b", "pages": 10, "characters": 4000})
    tp.record_speed_test(zhang, "2026-1-2", 1000, 10)
    db.close_database()
    assert app.main(["--db", str(path), "report", "typing", "--from", "2026-01-01", "--to", "2026-02-28",
                     "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    # January: 4 errors in 6000, allowed ⌊1.8⌋ = 1, 3 × 10 元 = 30; February: none.
    assert out == {"typists": [{"name": "张敏", "pages": 20, "chars": 10000, "errors": 4,
                                "errors_per_10k_chars": 4.00, "speed": 100.0, "meets_standard": False,
                                "deduction": 30.00}]}  # figures as JSON numbers
    assert app.main(["--db", str(path), "report", "typing-campaign", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["goal_pages"] == 10000 and out["runs"][1] == {
        "name": "张敏", "current": 10, "longest": 10, "documents_with_errors": 1, "last_error_on": "2026-01-05",
        "reached": False}
    with pytest.raises(SystemExit) as usage:  # --to before --from: a usage error (issue 19)
        app.main(["--db", str(path), "report", "typing", "--from", "2026-03-01", "--to", "2026-02-01"])
    assert usage.value.code == 2


def test_the_monthly_assessment_prints(pool, tmp_path):
    from govoffice_desktop.reports import typing_pool as report

    import_ledger("typing", three_month_ledger(tmp_path / "文印.xlsx"), all_sheets=True)
    html = report.month_assessment(2026, 3).html()
    assert "2026年3月文印工作考核表" in html and "2026年3月1日起" in html and "7392（估）" in html
    assert "扣款合计 150.00 元" in html and "未结账" in html


def test_the_speed_test_listing_computes_speed_and_accuracy_exactly(pool):
    listing = tp.speed_test_listing()
    rows = listing.rows(listing.ids())
    got = sorted((r[1], r[0], r[listing.keys.index("speed")], r[listing.keys.index("accuracy")]) for r in rows.values())
    assert got[0] == ("张敏", date(2026, 1, 15), Decimal("100.0"), Decimal("100.00"))
    assert ("李娜", date(2026, 1, 15), Decimal("75.0"), Decimal("99.80")) in got  # 3 errors in 1500
    test = tp.record_speed_test(pool[0], "2026-4-1", 1000, "12.5", errors=1)
    row = listing.rows([test.id])[test.id]
    assert (row[listing.keys.index("speed")], row[listing.keys.index("accuracy")]) == (Decimal("80.0"), Decimal("99.90"))
    assert tp.speed_of(test) == Decimal("80.0") and tp.accuracy_of(test) == Decimal("99.90")


def test_nothing_dated_into_a_closed_month_changes_it(pool, tmp_path):
    zhang, li = pool
    import_ledger("typing", three_month_ledger(tmp_path / "文印.xlsx"), all_sheets=True)
    tp.close_month(2026, 1, today=TODAY)
    with pytest.raises(BadValue, match="会影响已结账的 2026年1月"):
        tp.record_speed_test(li, "2026-1-20", 500, 10)
    with pytest.raises(BadValue, match="会影响已结账的 2026年1月"):
        tp.set_standard({"effective_from": "2026-1-15", "min_speed": 200, "max_errors_per_10k": 0,
                         "deduction_per_error": 100, "speed_fail_deduction": 100, "monthly_cap": 500,
                         "chars_per_page": 616})
    book = openpyxl.Workbook()
    book.active.append(["测试日期", "打字员", "字数", "用时", "差错"])
    book.active.append(["2026.1.28", "李娜", 500, 10, 0])
    book.active.append(["2026.2.3", "李娜", 2000, 20, 0])
    book.save(tmp_path / "测速.xlsx")
    report = import_ledger("speed-tests", tmp_path / "测速.xlsx")
    assert report.refused and [e.row for e in report.errors] == [2] and "已结账" in report.errors[0].message
    assert tp.record_speed_test(li, "2026-2-3", 2000, 20).typist_name == "李娜"  # after the closed month: fine
    # Someone who left the typing pool can still have an old entry corrected.
    entry = TypingLog.get(TypingLog.title == "春耕生产情况通报")
    li.is_typist = False
    li.save()
    assert tp.log_work({"typed_on": "2026-2-14", "typist": li.id, "title": "春耕生产情况通报（更正）", "pages": 10,
                        "characters": 6000, "errors": 10}, entry).title.endswith("（更正）")


def test_a_typing_ledger_links_only_typists(pool, tmp_path):
    staff.save_person({"name": "王强", "is_driver": True})
    book = openpyxl.Workbook()
    book.active.append(["日期", "打字员", "文稿标题", "页数"])
    book.active.append(["2026.4.1", "王强", "一份通知", 3])
    book.active.append(["2026.4.1", "张敏", "另一份通知", 2])
    book.save(tmp_path / "t.xlsx")
    report = import_ledger("typing", tmp_path / "t.xlsx")
    assert report.imported == 2 and report.unmatched == ["王强"]
    assert TypingLog.get(TypingLog.typist_name == "王强").typist_id is None


def test_a_part_of_a_month_shows_figures_but_no_deduction(pool, tmp_path):
    import_ledger("typing", three_month_ledger(tmp_path / "文印.xlsx"), all_sheets=True)
    whole = {t["name"]: t for t in tp.typing_report(date(2026, 2, 1), date(2026, 2, 28))["typists"]}
    first_half = {t["name"]: t for t in tp.typing_report(date(2026, 2, 1), date(2026, 2, 14))["typists"]}
    second_half = {t["name"]: t for t in tp.typing_report(date(2026, 2, 15), date(2026, 2, 28))["typists"]}
    assert whole["李娜"]["deduction"] == "140.00"
    assert first_half["李娜"]["errors"] == 10 and first_half["李娜"]["deduction"] == "0.00"
    assert second_half["李娜"]["deduction"] == "0.00"
    span = {t["name"]: t for t in tp.typing_report(date(2026, 1, 20), date(2026, 3, 10))["typists"]}
    assert span["李娜"]["deduction"] == "140.00"  # February alone is whole
