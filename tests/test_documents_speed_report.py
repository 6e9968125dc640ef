"""文电办理 in the monthly 考核督查专报 (its own part, kept with the issued figures: a reprint is identical;
an issue made before the part existed reprints as it was) and overdue 收文 at the 督查 month's closing
(rule document_overdue, like overdue 督办事项)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from govoffice_desktop.models.documents import IN_DONE, IN_VOID, IncomingDocument
from govoffice_desktop.models.rewards import RewardPenalty
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.supervision import SupervisionReport
from govoffice_desktop.reports import supervision as supervision_document
from govoffice_desktop.services import issued, rewards, rules, supervision
from govoffice_desktop.services.validation import BadValue
from tests.test_rewards_service import TODAY, office  # noqa: F401 - a fixture


def doc(serial, received, deadline, section, handler=None, done=None, status=None, handler_name=""):
    return IncomingDocument.create(
        year=2026, serial=serial, received_on=received, source_unit="市政府办公室", title=f"关于事项{serial}的通知",
        deadline=deadline, section=section, handler=handler, handler_name=handler_name or (handler.name if handler else ""),
        status=status or (IN_DONE if done else "办理中"), done_on=done,
        void_reason="重复登记" if status == IN_VOID else "")


def april_documents(office):
    a, clerk = office["a"], office["clerk"]
    doc(1, date(2026, 4, 1), date(2026, 4, 10), a, clerk, done=date(2026, 4, 8))  # on time
    doc(2, date(2026, 4, 2), date(2026, 4, 13), a, clerk, done=date(2026, 4, 15))  # done late
    doc(3, date(2026, 4, 20), date(2026, 4, 28), a, clerk)  # open and overdue at the month's end
    doc(4, date(2026, 4, 22), date(2026, 4, 24), office["b"])  # no 承办人: the section's chief answers


# ================================================================ the 专报's own part
def test_the_report_has_its_documents_part_and_reprints_it_as_issued(office):  # noqa: F811
    april_documents(office)
    issue = supervision.compile_report(2026, 4, today=TODAY)
    part = issued.loads(issue.figures)["documents"]
    assert part["as_of"] == "2026-04-30" and part["month"] == "2026-04"
    assert [(r["section"], r["received"], r["done"], r["on_time"], r["overdue"]) for r in part["sections"]] == [
        ("秘书一科", 3, 2, 1, 1), ("行政科", 1, 0, 0, 1)]
    assert [d["no"] for d in part["overdue"]] == ["收〔2026〕4号", "收〔2026〕3号"]  # the most days over first
    html = supervision_document.monthly_report(2026, 4).html()
    assert "五、文电办理情况" in html and "本月收文4件" in html and "收〔2026〕3号" in html  # after the four 四无
    # later: the open one done, another April document registered late
    third = IncomingDocument.get(IncomingDocument.serial == 3)
    third.status, third.done_on = IN_DONE, date(2026, 5, 6)
    third.save()
    doc(5, date(2026, 4, 29), date(2026, 5, 11), office["a"], office["clerk"])
    assert supervision_document.monthly_report(2026, 4).html() == html
    assert supervision.supervision_report(2026, 4)["documents"] == part
    assert supervision.report_differs(2026, 4)  # the month's 收文 changed: a correction may be issued
    fix = supervision.compile_report(2026, 4, summary=issue.summary, today=TODAY)
    assert supervision.supervision_report(2026, 4)["documents"]["total"]["received"] == 5
    assert supervision_document.monthly_report(2026, 4, issue=1).html() == html
    assert fix.corrects == 1


def test_an_issue_made_before_the_part_existed_reprints_as_it_was(office):  # noqa: F811
    issue = supervision.compile_report(2026, 4, today=TODAY)
    figures = issued.loads(issue.figures)
    del figures["documents"]  # as an issue stored before 文电办理 was part of the 专报
    issue.figures = issued.dumps(figures)
    issue.save()
    html = supervision_document.monthly_report(2026, 4).html()
    assert "文电办理" not in html
    april_documents(office)  # documents registered for April afterwards (an import of the old register)
    assert supervision_document.monthly_report(2026, 4).html() == html
    assert "documents" not in supervision.supervision_report(2026, 4)
    assert not supervision.report_differs(2026, 4)  # the part's absence is no change of the month's figures
    with pytest.raises(BadValue, match="无需更正"):
        supervision.compile_report(2026, 4, summary=issue.summary, today=TODAY)
    # an issue from before figures were kept at all prints from the data, without the later part either
    issue.figures = None
    issue.save()
    assert "文电办理" not in supervision_document.monthly_report(2026, 4).html()
    assert SupervisionReport.select().count() == 1


# ================================================================ the closing
def test_overdue_documents_post_deductions_at_the_supervision_closing(office):  # noqa: F811
    april_documents(office)
    doc(6, date(2026, 4, 3), date(2026, 4, 14), office["a"], office["clerk"], status=IN_VOID)  # voided: never
    doc(7, date(2026, 4, 27), date(2026, 5, 7), office["a"], office["clerk"])  # due in May: May's closing
    entries = supervision.supervision_month_entries(2026, 4)
    mine = [e for e in entries if e.source_table == IncomingDocument._meta.table_name]
    assert [(e.person.name, e.amount, e.reason) for e in mine] == [
        ("李科员", Decimal("-20.00"), "收文收〔2026〕2号“关于事项2的通知”逾期办结（时限 2026-04-13）"),
        ("李科员", Decimal("-20.00"), "收文收〔2026〕4号“关于事项4的通知”逾期未办结（时限 2026-04-24）"),  # 行政科's chief
        ("李科员", Decimal("-20.00"), "收文收〔2026〕3号“关于事项3的通知”逾期未办结（时限 2026-04-28）"),
    ]
    supervision.close_supervision_month(2026, 4, today=TODAY)
    posted = RewardPenalty.select().where(RewardPenalty.source_table == IncomingDocument._meta.table_name)
    assert sorted(p.source_id for p in posted) == sorted(e.source_id for e in mine)
    # the limit of the 3rd moved into May afterwards: May's closing does not charge it twice
    supervision.reopen_supervision_month(2026, 4)
    assert not posted.count()  # taken back with the month's other entries
    supervision.close_supervision_month(2026, 4, today=TODAY)
    third = IncomingDocument.get(IncomingDocument.serial == 3)
    third.deadline = date(2026, 5, 6)
    third.save()
    assert third.id not in [e.source_id for e in supervision.supervision_month_entries(2026, 5)
                            if e.source_table == IncomingDocument._meta.table_name]


def test_a_document_with_nobody_to_charge_stops_the_closing_and_says_which(office):  # noqa: F811
    office["b"].chief = None
    office["b"].save()
    doc(1, date(2026, 4, 1), date(2026, 4, 10), office["b"], handler_name="外借人员")
    with pytest.raises(BadValue, match=r"收文收〔2026〕1号“关于事项1的通知”（承办人“外借人员”未关联人员档案，承办科室“行政科”没有负责人）"):
        supervision.close_supervision_month(2026, 4, today=TODAY)
    assert not RewardPenalty.select().where(RewardPenalty.source_table == IncomingDocument._meta.table_name).count()


def test_the_rule_is_set_where_the_office_sets_the_others(office):  # noqa: F811
    assert "document_overdue" in rules.catalogue()
    row, = [r for r in rewards.rule_table(date(2026, 4, 30)) if r.code == "document_overdue"]  # 奖惩规定 lists it
    assert (row.category, row.amount, row.unit, row.editable) == ("督查", Decimal("-20.00"), "件", True)
    rewards.set_rule("document_overdue", "-30", "2026-04-01")
    assert rules.rule_amount("document_overdue", date(2026, 4, 30)) == Decimal("-30.00")
    rewards.set_rule("document_overdue", "0", "2026-04-01")  # 0: not applied
    april_documents(office)
    assert not [e for e in supervision.supervision_month_entries(2026, 4)
                if e.source_table == IncomingDocument._meta.table_name]
    with pytest.raises(BadValue, match="应为扣款"):
        rewards.set_rule("document_overdue", "10", "2026-04-01")


def test_the_workbook_of_the_report_has_the_documents_sheets(office, tmp_path):  # noqa: F811
    import openpyxl

    april_documents(office)
    path = tmp_path / "专报.xlsx"
    supervision_document.export_monthly_report(path, 2026, 4)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["得分排名", "扣分情况", "督办事项", "四无活动", "文电办理", "逾期收文", "综述"]
    rows = [[c.value for c in row] for row in book["文电办理"].iter_rows(min_row=3)]
    assert rows[0][:5] == ["秘书一科", 3, 2, 1, 1]


def test_an_office_that_registers_no_documents_has_no_such_part(office):  # noqa: F811
    html = supervision_document.monthly_report(2026, 4).html()
    assert "文电办理" not in html
