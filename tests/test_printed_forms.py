"""Issue 21, point 9: printed forms as offices print them.

Faces by role (仿宋 / 小标宋 / 黑体 / 宋体, the nearest installed, a serif before any sans); the
花名册 (leaders first, 填报单位/制表人/日期, no heading alone at a page foot, landscape); the 评议表
(tick boxes, the grades' points, an 意见建议 box, no page numbers on a form of one page); the
奖金核算表 (rows never split, 扣减 as amounts, 领款人签字).  Checked in the PDFs, page by page."""
from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from govoffice_desktop.models.ratings import GradeScale, RaterGroup, RatingPeriod
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.reports import fonts
from govoffice_desktop.services import ratings, rewards, staff, supervision
from tests.test_rewards_service import TODAY, _april, office  # noqa: F401  (the fixture)

# Qt's PDFs map some glyphs of the Noto CJK faces to radicals (⼈ for 人): read them back
KANGXI = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
KANGXI.update({ord(k): v for k, v in zip("⺠⻓⻚⻅⻋⻔⻛⻜⻢⻄⻘⻮⻰", "民长页见车门风飞马西青饣龙")})


def _pdf(document, path) -> list[str]:
    """Save ``document`` as PDF; its pages' text (pdftotext -layout), Kangxi radicals read back."""
    from govoffice_desktop.ui.printing import save_document_pdf

    save_document_pdf(document, path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.translate(KANGXI)
    return [page for page in text.split("\f") if page.strip()]


def _lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


# ================================================================ faces by role
def test_each_role_takes_the_nearest_installed_face():
    here = {"Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", "DejaVu Sans"}
    fang = fonts.choose(fonts.FANGSONG, here)
    assert (fang.family, fang.proper, fang.bold) == ("Noto Serif CJK SC", False, False)  # a serif before any sans
    title = fonts.choose(fonts.XIAOBIAOSONG, here)
    assert (title.family, title.proper, title.bold) == ("Noto Serif CJK SC", False, True)  # a bold serif
    assert fonts.choose(fonts.HEITI, here).family == "Noto Sans CJK SC"
    assert fonts.choose(fonts.SONGTI, here).family == "Noto Serif CJK SC"
    windows = here | {"仿宋_GB2312", "方正小标宋简体", "SimHei", "SimSun"}
    assert [fonts.choose(r, windows).family for r in fonts.ROLES] == ["仿宋_GB2312", "方正小标宋简体", "SimHei", "SimSun"]
    assert all(fonts.choose(r, windows).proper and not fonts.choose(r, windows).bold for r in fonts.ROLES)
    tex = {"FandolFang", "FandolSong", "FandolHei"}
    assert [fonts.choose(r, tex).family for r in fonts.ROLES] == ["FandolFang", "FandolSong", "FandolHei", "FandolSong"]
    assert fonts.choose(fonts.FANGSONG, {"DejaVu Sans"}).family == ""  # no Chinese face known: Qt chooses
    for role in (fonts.FANGSONG, fonts.SONGTI, fonts.XIAOBIAOSONG):  # every serif before the first sans
        names = fonts.families(role)
        assert names.index("Noto Serif CJK SC") < min(names.index(n) for n in ("Noto Sans CJK SC",
                                                                              "WenQuanYi Micro Hei", "Droid Sans Fallback"))


def test_qt_prints_each_role_in_the_face_chosen_for_it(qapp):
    """The HTML's family lists and ``choose`` agree on the fonts installed here, and 打印设置 says so."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    from govoffice_desktop.ui import printing

    installed = QFontDatabase.families()
    if "Noto Serif CJK SC" not in installed or "Noto Sans CJK SC" not in installed:
        pytest.skip("the Noto CJK fonts are not installed here")
    for role in fonts.ROLES:
        font = QFont()
        font.setFamilies(fonts.families(role))
        assert QFontInfo(font).family() == fonts.choose(role).family, role
    proper = {n for r in fonts.ROLES.values() for n in r.proper}
    if not proper & set(installed):  # as on this machine: Noto only
        assert fonts.choose(fonts.FANGSONG).family == "Noto Serif CJK SC"
        assert fonts.choose(fonts.HEITI).family == "Noto Sans CJK SC"
        lines = printing.face_lines()
        assert "仿宋（公文正文、表格）：以 Noto Serif CJK SC 代替" in lines
        assert "小标宋（公文标题、版头）：以 Noto Serif CJK SC（加粗）代替" in lines
        assert "黑体（公文一级标题）：以 Noto Sans CJK SC 代替" in lines


@pytest.mark.sqlite_only("reads the PDF's fonts")
def test_the_supervision_report_is_set_in_a_serif(database, tmp_path, qapp):
    from PySide6.QtGui import QFontDatabase

    from govoffice_desktop.reports import supervision as supervision_document
    from govoffice_desktop.ui.printing import save_document_pdf

    if "Noto Serif CJK SC" not in QFontDatabase.families():
        pytest.skip("Noto Serif CJK SC is not installed here")
    a = Section.create(name="综合科")
    a.chief = Person.create(name="王科长", section=a, post="科长")
    a.save()
    target = supervision.save_target({"year": 2026, "kind": "共性目标", "name": "按时到岗", "points": "1"})
    for day in (1, 2, 3, 6, 7):
        supervision.record_check({"checked_on": date(2026, 4, day), "section": a, "target": target,
                                  "met": day != 3, "remark": "" if day != 3 else "迟到"}, today=TODAY)
    document = supervision_document.monthly_report(2026, 4)
    html = document.html()
    body = re.search(r'<body style="font-family:([^;]*);', html).group(1)
    assert body.startswith("'仿宋_GB2312'") and body.index("Noto Serif CJK SC") < body.index("Noto Sans CJK SC")
    path = tmp_path / "专报.pdf"
    save_document_pdf(document, path)
    embedded = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    if not {n for r in fonts.ROLES.values() for n in r.proper} & set(QFontDatabase.families()):
        assert "NotoSerifCJKsc-Regular" in embedded  # the body, in the 仿宋's stand-in
        assert "NotoSerifCJKsc-Bold" in embedded  # the title, in 小标宋's bold stand-in


# ================================================================ the 花名册
def _roster_office():
    """Four sections (the chief of one joined after its clerks), the leaders in no section."""
    sections = [staff.add_section(n) for n in ("秘书一科", "综合科", "行政科", "文电科")]
    staff.save_person({"name": "副主任甲", "post": "副主任"})
    staff.save_person({"name": "无科室", "post": "科员"})
    staff.save_person({"name": "主任乙", "post": "主任"})
    for k, section in enumerate(sections):
        for n in range(3 + 4 * k):
            staff.save_person({"name": f"{section.name[:2]}员{n:02d}", "section": section, "post": "科员"})
        chief = staff.save_person({"name": f"{section.name[:2]}科长", "section": section, "post": "科长"})
        staff.set_chief(section, chief)
    return sections


@pytest.mark.sqlite_only("a PDF")
def test_the_roster_heads_with_the_leaders_and_says_who_made_it(database, tmp_path, qapp):
    from govoffice_desktop.reports import staff as staff_document

    _roster_office()
    pages = _pdf(staff_document.roster(date(2026, 11, 27)), tmp_path / "r.pdf")
    first = _lines(pages[0])
    assert first[0] == "市人民政府办公室人员花名册"
    assert re.sub(r"\s+", "", first[1]) == "填报单位：市人民政府办公室制表人：__________日期：2026年11月27日"
    assert first[2] == "办公室领导 2 人"
    text = "\n".join(pages)
    assert text.index("主任乙") < text.index("副主任甲") < text.index("秘书一科（负责人：秘书科长）")
    assert text.index("文电科（负责人") < text.index("未分科室") < text.index("无科室")
    members = [line.split()[1] for line in text.splitlines() if re.match(r"\s*\d+\s+秘书", line)]
    assert members[0] == "秘书科长" and len(members) == 4  # the chief first, though the file's last
    size = subprocess.run(["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True).stdout
    assert "842 x 595" in size  # A4 landscape


def test_a_heading_is_never_left_alone_at_a_page_foot(qapp):
    """A heading and a table after text of every length from 30 to 60 lines: where the heading
    would fall at the page foot with its table on the next page, it starts that page instead."""
    from PySide6.QtGui import QTextCursor

    from govoffice_desktop.reports.document import Document
    from govoffice_desktop.ui import printing

    moved = 0
    for n in range(30, 61):
        doc = Document("名册", landscape=True)
        doc.paragraph("\n".join(f"第{k}行" for k in range(n)))
        doc.heading("第二科　3 人").table(["序号", "姓名"], [(1, "甲一"), (2, "乙二"), (3, "丙三")])
        document, page, footer, count = printing.lay_out(doc.html(), printing.make_printer(landscape=True))
        moved += count
        height = page.height() - footer
        layout = document.documentLayout()
        heading = next(b for b in _blocks(document) if b.blockFormat().headingLevel() == 3)
        assert "第二科" in heading.text()
        table = QTextCursor(heading.next()).currentTable()
        first_row = table.cellAt(1, 0).firstCursorPosition().block()
        assert first_row.text() == "1"
        page_of = [int(layout.blockBoundingRect(b).top() // height) for b in (heading, first_row)]
        assert page_of[0] == page_of[1], (n, page_of)
    assert moved >= 1  # some heading did fall at a foot, and was moved


def _blocks(document):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


@pytest.mark.sqlite_only("a PDF")
def test_no_roster_heading_ends_a_page(database, tmp_path, qapp):
    """Sections of every size from 1 to 14 people, printed: no page ends with a heading or a header."""
    from govoffice_desktop.reports import staff as staff_document

    for k in range(1, 15):
        section = staff.add_section(f"第{k:02d}科")
        for n in range(k):
            staff.save_person({"name": f"科{k:02d}员{n:02d}", "section": section, "post": "科员"})
    pages = _pdf(staff_document.roster(date(2026, 11, 27)), tmp_path / "r.pdf")
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        body = [line for line in _lines(page) if not line.startswith("第")]  # the page number
        last = body[-1]
        assert not re.search(r"人$", last) or last.startswith("合计"), (number, last)  # not a heading
        assert not last.startswith("序号"), (number, last)  # nor the header of a table without its rows
    printed = re.sub(r"\s+", "", "".join(pages))
    missing = [k for k in range(1, 15) if f"第{k:02d}科{k}人" not in printed]
    assert not missing, missing  # every section's heading printed (a heading moved once hid those after it)


# ================================================================ the 评议表
@pytest.fixture
def sheet_group(database):
    for name in ("甲科", "乙科", "丙科"):
        staff.add_section(name)
    scale = GradeScale.get(GradeScale.name == "好/较好/一般/较差")
    period = RatingPeriod.create(year=2025, quarter=3)
    return RaterGroup.create(period=period, direction="下评上", name="基层单位", weight="1", scale=scale)


@pytest.mark.sqlite_only("a PDF")
def test_a_rating_sheet_is_a_form_of_one_page(sheet_group, tmp_path, qapp):
    from govoffice_desktop.reports.ratings import ballot_sheets

    grades = ratings.grades_of(sheet_group)
    document = ballot_sheets(sheet_group, [1, 2, 3])
    pages = _pdf(document, tmp_path / "b.pdf")
    assert len(pages) == 3
    standard = "评议等次及分值：" + "；".join(
        f"{g.label} {'不计分' if g.points is None else f'{g.points.normalize():f}分'}" for g in grades) + "。"
    assert "好 100分" in standard
    for number, page in enumerate(pages, start=1):
        text = re.sub(r"\s+", "", page)
        assert "编号：" in text and f"基层单位-000{number}" in text
        assert "第1页" not in text and "共3页" not in text and "页" not in text  # no page numbers on a form
        assert standard.replace(" ", "") in text and "意见建议：" in text
        assert page.count("□") == 3 * len(grades)  # a box for each section and grade
    html = document.html()
    assert html.count("font-size:15pt;\">□") == 3 * 3 * len(grades)  # boxes larger than the text
    assert html.index("意见建议") < html.index("填表日期")


@pytest.mark.sqlite_only("a PDF")
def test_a_sheet_rating_73_people_stays_on_its_page(sheet_group, tmp_path, qapp):
    """The staff sheet (two columns of people) with the standard and the 意见建议 box still fits."""
    from govoffice_desktop.reports.ratings import ballot_sheets

    sections = Section.select()
    for n in range(73):
        staff.save_person({"name": f"人员{n:02d}", "section": sections[n % 3], "post": "科员"})
    people = RaterGroup.create(period=sheet_group.period, direction="上评下", name="办领导", weight="1",
                               scale=sheet_group.scale, rates="人员")
    pages = _pdf(ballot_sheets(people, [1, 2]), tmp_path / "p.pdf")
    assert len(pages) == 2
    for page in pages:
        text = re.sub(r"\s+", "", page)
        assert "人员00" in text and "人员72" in text and "评议等次及分值" in text
        assert "意见建议：" in text and "评议人：" in text and "页" not in text


# ================================================================ the 奖金核算表
@pytest.mark.sqlite_only("a PDF")
def test_the_bonus_sheet_shows_deductions_as_amounts_and_a_column_to_sign(office, tmp_path, qapp):  # noqa: F811
    from govoffice_desktop.reports.rewards import bonus_sheet

    _april(office)
    rewards.finalise_month(2026, 4, today=TODAY)
    pages = _pdf(bonus_sheet(2026, 4), tmp_path / "b.pdf")
    text = "\n".join(pages)
    header = next(line for line in text.splitlines() if "姓名" in line)
    assert header.split() == ["科室", "姓名", "职务", "基数", "奖励", "扣减", "实发", "备注", "领款人签字"]
    chief = next(line for line in text.splitlines() if "王科长" in line).split()
    assert chief[-4:] == ["1,000.00", "0.00", "40.00", "960.00"]  # 40 taken: under 扣减, not −40
    assert not re.search(r"(?<![\d-])-\d", text)  # no negative amounts anywhere (dates apart)
    assert "实发 = 基数 + 奖励 − 扣减" in text


@pytest.mark.sqlite_only("a PDF")
def test_no_bonus_row_is_split_across_a_page_and_a_final_sheet_reprints_the_same(office, tmp_path, qapp):  # noqa: F811
    """Enough people for three pages, with long posts: every row whole on one line of one page.  A
    final sheet printed twice by this layout, with a change of post between, gives the same pages:
    both are renderings of the figures stored when the month was finalised."""
    from govoffice_desktop.reports.rewards import bonus_sheet

    for n in range(70):
        Person.create(name=f"人员{n:02d}", section=office["a" if n % 3 else "b"], post="驾驶员", rank="")
    _april(office)
    rewards.finalise_month(2026, 4, today=TODAY)
    sheet = rewards.bonus_sheet(2026, 4)
    before = _pdf(bonus_sheet(2026, 4), tmp_path / "b1.pdf")
    assert len(before) >= 3
    for page in before:
        assert _lines(page)[0].split()[:2] == ["科室", "姓名"] or "奖金核算表" in _lines(page)[0]
    rows = [line for page in before for line in page.splitlines()]
    for ln in sheet.lines:
        whole = [r for r in rows if ln.person.name in r.split()]
        assert len(whole) == 1 and f"{ln.total:,}" in whole[0], ln.person.name  # name and amount on one line
    total = [r for r in rows if r.split()[:1] == ["合计"]]  # the table's last row (not the sentence under it)
    assert len(total) == 1 and f"{sheet.total:,}" in total[0]
    office["clerk"].post = "科长"  # after finalising: the sheet keeps its stored figures
    office["clerk"].save()
    assert _pdf(bonus_sheet(2026, 4), tmp_path / "b2.pdf") == before
    assert sheet.total == Decimal(sum(ln.total for ln in sheet.lines))


# ================================================================ 打印设置 in the window
def test_the_window_says_which_faces_stand_in(qtbot, small_office, settings_dir, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from govoffice_desktop.ui import printing
    from govoffice_desktop.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a, **k: shown.append((title, text)))
    window = MainWindow("test.db")
    qtbot.addWidget(window)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text().startswith("打印设置"))
    action.trigger()
    (title, text), = shown
    assert title == "打印设置" and "A4" in text
    for line in printing.face_lines():
        assert line in text
    assert [line.split("（")[0] for line in printing.face_lines()] == ["仿宋", "小标宋", "黑体", "宋体"]
