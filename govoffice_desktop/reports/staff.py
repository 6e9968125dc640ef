"""人员档案 documents: the roster (花名册), a responsibility contract (责任状), the three-books
progress of a year, who is due a rank determination, and the half year on record a rank is fixed on."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.reports.document import Document
from govoffice_desktop.services import auth, person_history, staff
from govoffice_desktop.services.office import office_name
from govoffice_desktop.texts import day_long


def roster(today: date | None = None, section: Section | None = None) -> Document:
    """花名册 on a landscape page: the office's name in the title, 填报单位, 制表人 and the date under
    it; the office's leaders first (by post), then each section with its chief first, headed by its
    name (a heading the printer keeps with the table under it, never alone at a page foot)."""
    today = today or date.today()
    office = office_name()
    user = auth.current()
    maker = (user.full_name or user.name) if user is not None else "__________"
    doc = Document(f"{office}人员花名册", f"填报单位：{office}　　制表人：{maker}　　日期：{day_long(today)}",
                   landscape=True)
    shown = dict(Person.select(Person.id, staff.shown_status_expr()).tuples())  # 待定职级 as the list shows it
    total = 0
    for group in staff.roster_groups(section.name if section is not None else None):
        members = group.members
        total += len(members)
        chief = f"（负责人：{group.chief}）" if group.chief else ""
        doc.heading(f"{group.title}{chief}　{len(members)} 人")
        doc.table(["序号", "姓名", "性别", "出生年月", "政治面貌", "学历", "专业", "职务", "职级", "调入时间", "状态",
                   "联系电话"],
                  [(i, p.name, p.gender or "", staff.year_month(p.birth), p.political_status, p.education, p.major,
                    p.post, p.rank, p.joined_on, shown.get(p.id, p.status), staff.shown_phone(p.phone))
                   for i, p in enumerate(members, start=1)],
                  widths=[4, 8, 4, 7, 9, 8, 13, 8, 8, 9, 8, 14], numeric=[0])
    doc.paragraph(f"合计 {total} 人。", bold=True)
    doc.signatures("审核人")
    return doc


def contract(contract) -> Document:
    """责任状: the targets with their weights, the two assessments and the signatures."""
    party = contract.person.name if contract.person_id else (contract.section.name if contract.section_id else "办公室")
    doc = Document(contract.title, f"{contract.year}年度　{contract.level}：{party}", office=office_name())
    targets = list(contract.targets)
    doc.table(["序号", "目标任务", "考核标准", "分值", "完成时限", "半年得分", "年终得分", "考核意见"],
              [(i, t.title, t.measure, t.weight, t.due_on, t.half_score, t.year_score, t.assessment)
               for i, t in enumerate(targets, start=1)],
              widths=[6, 26, 16, 7, 11, 9, 9, 16], numeric=[0, 3, 5, 6])
    half, year = staff.contract_total(contract, "半年"), staff.contract_total(contract, "年终")
    doc.paragraph(f"合计分值 {sum(t.weight for t in targets)}；半年考核 {half if half is not None else '未考核'}"
                  f"；年终考核 {year if year is not None else '未考核'}。", bold=True)
    signed = f"签订日期：{day_long(contract.signed_on)}" if contract.signed_on else "签订日期：　　年　　月　　日"
    doc.paragraph(signed)
    doc.signatures(*staff.contract_signatures(contract))
    return doc


def three_books(year: int, as_of: date | None = None) -> Document:
    """读三本书: each person's books of the year, then the sections' totals."""
    progress = staff.three_books(year, as_of=as_of)
    sub = f"{year}年" + (f"　截至 {day_long(as_of)}" if as_of else "")
    doc = Document("“读三本书”学习进度", sub, office=office_name())
    kinds = staff.READING_KINDS

    def mark(p, kind):
        return "已交流" if kind in p.shared else ("已读" if kind in p.read else "")

    doc.table(["科室", "姓名", *kinds, "完成"],
              [(p.section or "（未分科室）", p.person.name, *[mark(p, k) for k in kinds], "✓" if p.complete else "")
               for p in progress], widths=[18, 14, 18, 18, 18, 14])
    doc.heading("各科室汇总")
    doc.table(["科室", "人数", "三本读完", "读完并交流"], staff.three_books_by_section(progress),
              widths=[40, 20, 20, 20], numeric=[1, 2, 3])
    return doc


def rank_due(today: date | None = None) -> Document:
    today = today or date.today()
    doc = Document("调入满半年待定职级人员", f"截至 {day_long(today)}（以实绩定职级，以半年为限）",
                   office=office_name())
    doc.table(["姓名", "科室", "调入时间", "应定级日期", "原职级（仅供参考）", "情况"],
              [(d.person.name, d.section, d.joined_on, d.due, d.person.previous_rank, "已逾期" if d.overdue else "即将到期")
               for d in staff.rank_due(today)], widths=[14, 18, 16, 16, 20, 16], empty="没有到期待定级的人员")
    return doc


def _points(value) -> str:
    """Points as the office writes them: 1.5, 2, 0 (no trailing zeros)."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def rank_record(person: Person, decided_on: date, record: dict | None = None) -> Document:
    """定职定级实绩材料: the half year on record before the determination date, from the program
    (``record``: services/person_history.half_year_record, gathered here when not given), as the
    rank form shows it."""
    r = record if record is not None else person_history.half_year_record(person, decided_on)
    doc = Document(f"{r['person']}定职定级实绩材料",
                   f"{r['section'] or '未分科室'}　{day_long(r['from'])} 至 {day_long(r['to'])}")
    joined = f"{day_long(r['transfer_in'])}{r['entry_kind']}" if r["transfer_in"] else "档案中没有调入时间"
    reference = f"；原职级 {r['previous_rank']}（仅供参考）" if r["previous_rank"] else ""
    doc.paragraph(f"{joined}{reference}。")
    if r["earliest"]:
        doc.paragraph(f"以半年为限，{day_long(r['earliest'])} 起可定职级"
                      + ("；此前定级为提前定级，须写明理由和批准人。" if r["early"] else "。"), bold=r["early"])
    total = r["checks_total"]
    doc.heading(f"督查扣分、加分（本人）：{total['count']} 次，扣 {_points(total['deduction'])} 分，"
                f"加 {_points(total['bonus'])} 分")
    doc.table(["日期", "科室", "督查目标", "扣分", "加分", "情况"],
              [(c["date"], c["section"], c["target"], _points(c["deduction"]), _points(c["bonus"]), c["remark"])
               for c in r["checks"]], widths=[13, 14, 22, 8, 8, 35], numeric=[3, 4], empty="没有点名到本人的督查记录")
    doc.heading("所在科室月度督查")
    doc.table(["月份", "科室", "扣分", "加分", "得分", "名次"],
              [(m["month"], m["section"], _points(m["deduction"]), _points(m["bonus"]), m["score"],
                f"第 {m['rank']} 名（共 {m['sections_ranked']} 个科室）" if m["checked"] else "当月未督查")
               for m in r["section_months"]], widths=[12, 18, 12, 12, 14, 32], numeric=[2, 3, 4])
    doc.heading("上评下（个人）")
    if r["ratings"] is None:
        doc.paragraph("（无权查看评议结果）")
    else:
        doc.table(["季度", "平均分", "多数评为", "票数"],
                  [(x["period"], x["score"], x["leading"], "、".join(f"{k} {v}" for k, v in x["votes"].items()))
                   for x in r["ratings"]], widths=[22, 14, 14, 50], numeric=[1], empty="期内没有对本人的评议")
    doc.heading("目标责任状")
    doc.table(["年度", "责任状", "半年考核", "年终考核"],
              [(c["year"], c["title"], c["half_score"] if c["half_score"] is not None else "未考核",
                c["year_score"] if c["year_score"] is not None else "未考核") for c in r["contracts"]],
              widths=[10, 50, 20, 20], numeric=[2, 3], empty="没有本人的责任状")
    money = r["rewards_total"]
    doc.heading(f"奖惩：奖励 {money['rewards']} 元，扣减 {money['deductions']} 元")
    doc.table(["日期", "类别", "金额（元）", "事由"],
              [(x["date"], x["category"], x["amount"], x["reason"]) for x in r["rewards"]],
              widths=[14, 14, 14, 58], numeric=[2], empty="期内没有奖惩")
    doc.heading("学习培训")
    doc.table(["开始日期", "类别", "内容", "学时", "成绩/结果"],
              [(t["date"], t["kind"], t["title"], t["hours"], t["result"]) for t in r["trainings"]],
              widths=[14, 12, 44, 10, 20], numeric=[3], empty="期内没有培训记录")
    doc.heading("读三本书")
    doc.table(["年度", "类别", "书名", "读完", "交流"],
              [(b["year"], b["kind"], f"《{b['title']}》", b["finished_on"] or "未读完", b["shared_on"] or "未交流")
               for b in r["books"]], widths=[10, 18, 40, 16, 16], empty="没有读书记录")
    doc.signatures("科室负责人", "办公室主任")
    return doc
