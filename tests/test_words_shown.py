"""Words for users, not developers (issue 21, point 6): no command-line option, None, True/False or
ISO moment with microseconds in what the office reads: the printed documents, their titles (the
names of the files they are saved as), every tab's visible texts, the audit log.  One place says
how values read (govoffice_desktop/texts.py)."""
from __future__ import annotations

import html
import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from govoffice_desktop import texts
from govoffice_desktop.models import db

# what a developer writes and a clerk should never read
DEVELOPER_WORDS = re.compile(r"--[a-z]|\bNone\b|\bTrue\b|\bFalse\b|\d{4}-\d\d-\d\dT\d\d|\d\d:\d\d:\d\d\.\d"
                             r"|\b\d{4}Q[1-4]\b(?!-)")  # 2026Q4 as a period; a ballot's serial 2026Q4-下-0001 is a number


# one way of writing a date in words: 2026年3月5日, not 2026年03月05日
ZERO_PADDED = re.compile(r"\d{4}年0\d月|月0\d日")


def developer_words(text: str) -> list[str]:
    return [m.group(0) for m in DEVELOPER_WORDS.finditer(text or "")]


def plain(document_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", document_html))


def test_the_one_place_says_how_values_read():
    assert texts.value_text(None) == "" and texts.value_text(None, texts.EMPTY) == "（空）"
    assert (texts.value_text(True), texts.value_text(False)) == ("是", "否")
    assert texts.value_text(datetime(2026, 12, 6, 9, 50, 44, 934065)) == "2026-12-06 09:50"
    assert texts.value_text(date(2026, 12, 6)) == "2026-12-06" and texts.day_long(date(2026, 12, 6)) == "2026年12月6日"
    assert texts.value_text(time(9, 5, 7)) == "09:05" and texts.value_text(Decimal("12.50")) == "12.50"
    assert texts.month_text(2026, 12) == "2026年12月" and texts.quarter_text(2026, 4) == "2026年第四季度"
    assert texts.quarter_key_text("2026Q4") == "2026年第四季度"
    assert texts.stored_text("2026-12-06T09:50:44.934065") == "2026-12-06 09:50:44"
    assert texts.stored_text("2026-12-06") == "2026-12-06" and texts.stored_text(None) == "（空）"
    assert texts.stored_text(True) == "是" and texts.stored_text("宿政办") == "宿政办"
    assert texts.stamp(date(2026, 12, 6)) == "2026-12-06"


def test_the_cells_of_tables_exports_and_printouts_read_alike():
    from govoffice_desktop.ledgers.export import _text_of
    from govoffice_desktop.reports.document import text_of
    from govoffice_desktop.ui.table_model import display

    moment = datetime(2026, 12, 6, 9, 50, 44, 934065)
    for shown in (display, text_of, _text_of):
        assert [shown(v) for v in (None, True, False, moment, date(2026, 12, 6))] == \
            ["", "是", "否", "2026-12-06 09:50", "2026-12-06"], shown
    from govoffice_desktop.models.ratings import period_label

    assert period_label(2026, 4) == "2026年第四季度"


@pytest.fixture
def demo_office(demo_file, tmp_path):
    """The demo office (as of 2026-11-30), a copy of the module's."""
    import shutil

    path = tmp_path / "demo.db"
    shutil.copyfile(demo_file, path)
    db.open_database(path)
    yield path
    db.close_database()


def _every_document():
    """(what, how to build it) for every printable document over the demo: the catalogue's (as the
    打印 menus and ``pdf NAME`` build them) and the forms' own (rating sheets, contracts, rank
    records, every month's 专报 and 奖金核算表, every quarter's results)."""
    from govoffice_desktop.models.ratings import RaterGroup, RatingPeriod
    from govoffice_desktop.models.staff import Person, ResponsibilityContract
    from govoffice_desktop.reports import ratings as rating_reports, rewards, staff, supervision
    from govoffice_desktop.reports.catalog import DOCUMENTS

    for day in (date(2026, 11, 30), date(2026, 12, 1)):
        for name, printable in DOCUMENTS.items():
            yield f"{name} {day}", lambda p=printable, d=day: p.build(d)
    for period in RatingPeriod.select():
        yield f"results {period}", lambda p=period: rating_reports.results(p)
    for group in RaterGroup.select():
        yield f"sheets {group.name}", lambda g=group: rating_reports.ballot_sheets(g, [1, 2])
    for contract in ResponsibilityContract.select().limit(3):
        yield f"contract {contract.id}", lambda c=contract: staff.contract(c)
    for person in Person.select().limit(3):
        yield f"rank record {person.name}", lambda p=person: staff.rank_record(p, date(2026, 11, 30))
    yield "three books", lambda: staff.three_books(2026, as_of=date(2026, 11, 30))
    for month in range(1, 12):
        yield f"专报 {month}", lambda m=month: supervision.monthly_report(2026, m)
        yield f"奖金 {month}", lambda m=month: rewards.bonus_sheet(2026, m)


def test_no_printed_document_or_its_title_reads_like_code(demo_office):
    from govoffice_desktop.reports.catalog import DOCUMENTS
    from govoffice_desktop.services.validation import BadValue

    for printable in DOCUMENTS.values():  # the names the window shows (and proposes as file names)
        assert developer_words(printable.label) == [], printable.label
    checked, found = 0, {}
    for what, build in _every_document():
        try:
            document = build()
        except BadValue:  # a month with nothing to print says so: not a document
            continue
        checked += 1
        for text in (document.title, document.subtitle, plain(document.html())):
            if developer_words(text) or ZERO_PADDED.search(text):
                found[what] = developer_words(text)[:5] + ZERO_PADDED.findall(text)[:5]
    assert checked > 30 and found == {}


def test_the_fuel_report_is_named_as_the_office_names_it(demo_office):
    from govoffice_desktop.reports.catalog import DOCUMENTS

    fuel = DOCUMENTS["fuel-month"]
    assert fuel.label == "车辆油耗情况表" and "--as-of" not in fuel.label
    assert fuel.build(date(2026, 11, 30)).title == "2026年11月车辆油耗情况表"  # the preview's title and the PDF's name


def test_the_audit_log_shows_a_login_in_words(database):
    from govoffice_desktop.services import audit, auth

    admin = auth.create_user("admin", "pw-admin-1", "管理员")
    auth.login_as(admin)
    auth.authenticate("admin", "pw-admin-1", now=datetime(2026, 12, 6, 9, 50, 44, 934065))
    listing = audit.audit_listing(table="user")
    rows = listing.rows(listing.ids())
    login = next(r for r in rows.values() if r[4] == "修改")
    assert login[5] == "最近登录：（空） → 2026-12-06 09:50:44"
    created = next(r for r in rows.values() if r[4] == "新建")
    assert "启用=是" in created[5] and "角色=管理员" in created[5]
    for row in rows.values():
        assert developer_words(row[5]) == [], row[5]


def test_a_ledger_refusal_names_no_command_line_option_in_the_window(tmp_path, capsys):
    """The window's import preview offers a period chooser: the refusal there says what is missing
    in words; the command line adds its option (tests/test_public_ledgers.py)."""
    from tests.ledger_fixtures import PUBLIC

    if not PUBLIC.is_dir():
        pytest.skip(f"the public ledgers are not here: {PUBLIC}")
    from govoffice_desktop.ledgers.importer import import_ledger
    from govoffice_desktop.models.staff import Person

    db.open_database(tmp_path / "office.db")
    try:
        for name in ("陈一", "周二", "张三", "李四", "王五", "赵六", "钱七", "孙八", "何九", "顾十"):
            Person.create(name=name)
        report = import_ledger("rating-tallies", PUBLIC / "xiejava__民主评议表汇总.xlsx", dry_run=True)
    finally:
        db.close_database()
    assert report.needs == ["period"] and report.errors
    assert all(developer_words(e.message) == [] for e in report.errors), [e.message for e in report.errors]
    assert any("请指定评议期" in e.message for e in report.errors)
