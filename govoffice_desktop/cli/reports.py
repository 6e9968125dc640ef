"""The command line's reports: ``report NAME`` builds a JSON payload and the lines printed
(``REPORTS``: name → (help, builder)).  The documents of a month are also written as PDF or .xlsx."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from govoffice_desktop.cli.offscreen import offscreen_qt
from govoffice_desktop.models.ratings import RatingPeriod, direction_of
from govoffice_desktop.reports import rewards as rewards_document
from govoffice_desktop.reports import supervision as supervision_document
from govoffice_desktop.services import fleet, person_history, ratings, rewards, staff, supervision, typing_pool
from govoffice_desktop.services.validation import BadValue
from govoffice_desktop.texts import quarter_text


def report_staff(args) -> tuple[dict, list[str]]:
    payload = staff.staff_report()
    lines = []
    for s in payload["sections"]:
        head = s["section"] or "（未分科室）"
        lines.append(f"{head}（负责人：{s['chief'] or '未定'}，{len(s['members'])} 人）")
        lines += [f"  {m['name']}  {m['post']}  {m['rank']}  {m['status']}".rstrip() for m in s["members"]]
    return payload, lines or ["（没有科室）"]


def report_rank_due(args) -> tuple[dict, list[str]]:
    payload = staff.rank_due_report(args.as_of)
    lines = [f"{p['name']}  {p['section']}  调入 {p['transfer_in']}  应于 {p['due']} 定级"
             + ("  已逾期" if p["overdue"] else "") for p in payload["people"]]
    return payload, lines or ["没有到期待定级的人员"]


def report_rank_record(args) -> tuple[dict, list[str]]:
    """定职级 from 实绩: the half year on record before --as-of (the determination date) of --person."""
    if not getattr(args, "person", None):
        raise BadValue("report rank-record 要用 --person 姓名 指明人员（同名时写成 姓名（科室））")
    person = staff.person_named(args.person)
    r = person_history.half_year_record(person, args.as_of or date.today())
    lines = [f"{r['person']}（{r['section'] or '未分科室'}）半年实绩 {r['from']} 至 {r['to']}"]
    if r["earliest"]:
        lines.append(f"  {r['transfer_in']} {r['entry_kind']}，{r['earliest']} 起可定职级"
                     + ("（此前为提前定级，须写明理由和批准人）" if r["early"] else ""))
    t = r["checks_total"]
    lines.append(f"  督查（本人）：{t['count']} 次，扣 {t['deduction']} 分，加 {t['bonus']} 分")
    lines += [f"    {c['date']}  {c['target']}  扣 {c['deduction']}  加 {c['bonus']}  {c['remark']}".rstrip()
              for c in r["checks"]]
    lines += [f"  {m['month']} {m['section']}：" + (f"第 {m['rank']} 名（共 {m['sections_ranked']} 个），得分 {m['score']}，"
                                                   f"扣 {m['deduction']} 加 {m['bonus']}" if m["checked"] else "未督查")
              for m in r["section_months"]]
    if r["ratings"] is None:
        lines.append("  上评下：无权查看评议结果")
    elif not r["ratings"]:
        lines.append("  上评下：期内没有对本人的评议")
    lines += [f"  上评下 {x['period']}：平均 {x['score']} 分，多数评为{x['leading']}" for x in r["ratings"] or []]
    lines += [f"  责任状 {c['year']}：半年 {c['half_score'] if c['half_score'] is not None else '未考核'}"
              for c in r["contracts"]]
    money = r["rewards_total"]
    lines.append(f"  奖惩：{len(r['rewards'])} 笔，奖励 {money['rewards']} 元，扣减 {money['deductions']} 元")
    lines.append(f"  培训 {len(r['trainings'])} 次；读书 {sum(1 for b in r['books'] if b['finished_on'])} 本读完")
    return r, lines


def report_typing(args) -> tuple[dict, list[str]]:
    last = args.date_to or date.today()
    first = args.date_from or last.replace(day=1)
    payload = typing_pool.typing_report(first, last)
    lines = [f"文印考核 {first} 至 {last}"]
    for t in payload["typists"]:
        rate = t["errors_per_10k_chars"] or "—"
        lines.append(f"  {t['name']}{'（' + t['note'] + '）' if t.get('note') else ''}  {t['pages']} 页  {t['chars']} 字  差错 {t['errors']}（每万字 {rate}）  "
                     f"测速 {t['speed'] or '—'} 字/分  {'达标' if t['meets_standard'] else '不达标'}  扣 {t['deduction']} 元")
    return payload, lines


def report_typing_campaign(args) -> tuple[dict, list[str]]:
    payload = typing_pool.campaign_report()
    lines = [f"万页文稿无差错（目标 {payload['goal_pages']} 页）"]
    lines += [f"  {r['name']}：连续无差错 {r['current']} 页，最长 {r['longest']} 页"
              + ("  ✓ 已达成" if r["reached"] else "") for r in payload["runs"]]
    return payload, lines


def report_fuel(args) -> tuple[dict, list[str]]:
    last = args.date_to or date.today()
    first = args.date_from or last.replace(day=1)
    payload = fleet.fuel_report(first, last)
    lines = [f"车辆油耗 {first} 至 {last}"]
    for v in payload["vehicles"]:
        rate = f"{v['l_per_100km']} 升/百公里" if v["l_per_100km"] else \
            ("无法计算（缺里程或升数）" if v["fills_without_litres"] else "无法计算（缺里程）")
        over = f"，超定额 {v['over_quota_pct']}%" if v["over_quota_pct"] and Decimal(v["over_quota_pct"]) > 0 else ""
        unknown = f"（{v['fills_without_litres']} 次没有升数）" if v["fills_without_litres"] else ""
        lines.append(f"  {v['plate']}  加油 {v['refuels']} 次{unknown} {v['litres']} 升 {v['amount']} 元  "
                     f"行驶 {v['distance_km']} 公里  {rate}（定额 {v['quota'] or '未定'}）{over}")
    if payload["notice"]:
        lines.append(f"注意：{payload['notice']}")
    return payload, lines


def report_safe_driving(args) -> tuple[dict, list[str]]:
    payload = fleet.safe_driving_report()
    lines = [f"万里行车无事故：全办自上次有责事故以来 {payload['office']['li_since_last_accident']} 里"]
    lines += [f"  {d['name']}：{d['li_since_last_accident']} 里（{d['km_since_last_accident']} 公里），目标 {d['target_li']} 里"
              for d in payload["drivers"]]
    return payload, lines


def report_ratings(args) -> tuple[dict, list[str]]:
    direction = direction_of(args.direction)
    if args.period:
        year, quarter = ratings.parse_period(args.period)
    else:
        latest = RatingPeriod.select().order_by(RatingPeriod.year.desc(), RatingPeriod.quarter.desc()).first()
        if latest is None:
            raise BadValue("还没有任何评议")
        year, quarter = latest.year, latest.quarter
    payload = ratings.ratings_report(year, quarter, direction)
    payload["direction"] = args.direction  # in the word the command line gave: bottom-up, or 下评上
    return payload, ratings_lines(payload, year, quarter, direction)


def ratings_lines(payload: dict, year: int, quarter: int, direction: str) -> list[str]:
    """The overall ranking; then what the rules make of it (the grassroots group's bottom three and
    the three-times-worst), under 阶段性结果 while the quarter is open."""
    provisional = payload.get("status") == "进行中"
    lines = [f"{quarter_text(year, quarter)} {direction} 评议结果（综合得分）"
             + ("（评议尚在进行中，为阶段性结果）" if provisional else "")]
    rules = payload.get("rules_group")
    for r in payload["ranking"]:
        line = f"  第{r['rank']}名  {r['section']}  {r['score']}"
        if rules and rules in r.get("by_group", {}):
            line += f"  （{rules} {r['by_group'][rules]}，基层第{r['rules_rank']}名）"
        if r["section"] in payload["bottom_three"] and not provisional:
            line += "  （后三名）"
        lines.append(line)
    if payload.get("notice"):
        lines.append(payload["notice"])
    if provisional and payload["bottom_three"]:
        lines.append(f"阶段性结果（评议结束后才确定，不作处理）：后三名 {'、'.join(payload['bottom_three'])}")
        lines += [f"  {a['section']} 至今连续{a['consecutive_worst']}次最差（评议结束时确定）"
                  for a in payload["provisional_alerts"]]
    lines += [f"  ⚠ {a['section']} 连续{a['consecutive_worst']}次被评最差，当事人（{a['chief'] or '负责人未定'}）按规定调离"
              for a in payload["alerts"]]
    return lines


def _report_month(args) -> tuple[int, int]:
    if args.month:
        return args.month
    today = args.as_of or date.today()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _month_files(args, payload: dict, build, export, year: int, month: int) -> None:
    """A month's document as PDF (--pdf, laid out by Qt offscreen) or .xlsx (--xlsx), its file and
    pages or rows added to ``payload``."""
    if args.pdf:
        offscreen_qt()
        from govoffice_desktop.ui.printing import save_document_pdf  # Qt: PDF commands only (fast start)

        payload["pages"] = save_document_pdf(build(year, month), args.pdf, force=args.force)
        payload["file"] = args.pdf
    elif args.xlsx:
        payload["rows"] = export(args.xlsx, year, month, force=args.force)
        payload["file"] = args.xlsx


def report_supervision(args) -> tuple[dict, list[str]]:
    year, month = _report_month(args)
    payload = supervision.supervision_report(year, month, issue=args.issue)
    number = payload["issue_no"]  # an issued month: that issue's own figures, in every form
    _month_files(args, payload, partial(supervision_document.monthly_report, issue=number),
                 partial(supervision_document.export_monthly_report, issue=number), year, month)
    issue = f"第{number}期" if number else "未编发"
    if payload.get("corrects"):
        issue += f"，更正第{payload['corrects']}期"
    if payload.get("corrected_by"):
        issue += f"，已由第{payload['corrected_by']}期更正"
    lines = [f"{year}年{month}月考核督查专报（{issue}）：督查 {payload['checks']} 项次，未达标 {payload['missed']} 项次，"
             f"月度得分按{supervision.MONTH_SCORE_LABELS[payload['method']].replace('（默认）', '')}"]
    if number and not payload.get("stored"):
        lines.append("  注意：本期编发于保存编发数字之前，按现有数据重印")
    for s in payload["sections"]:
        change = s["change"]
        moved = "—" if change is None else f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else "持平"
        lines.append(f"  第{s['rank']}名  {s['section']}  {s['score']}（较上月 {moved}）")
    if not payload["sections"]:
        lines.append("  本月没有督查记录")
    if payload.get("file"):
        lines.append(f"已写入 {payload['file']}" + (f"（{payload['pages']} 页）" if "pages" in payload else ""))
    return payload, lines


def report_documents(args) -> tuple[dict, list[str]]:
    """文电办理 speed of a month: per 承办科室 received, done, on time, overdue, average working days to 办结,
    and the 收文 overdue at the month's end (or today)."""
    from govoffice_desktop.reports import documents_speed as speed_document
    from govoffice_desktop.services.documents import speed

    year, month = _report_month(args)
    today = args.as_of or date.today()
    if (year, month) > (today.year, today.month):
        raise BadValue(f"{year}年{month}月还没到，没有文电办理情况")
    payload = speed.documents_report(year, month, today)
    extra: dict = {}
    _month_files(args, extra, partial(speed_document.month_speed, today=today),
                 partial(speed_document.export_month_speed, today=today), year, month)
    lines = [f"{year}年{month}月文电办理情况（截至 {speed.as_of_day(year, month, today)}）"]
    for s in payload["sections"]:
        average = "—" if s["avg_working_days"] is None else f"{s['avg_working_days']} 个工作日"
        lines.append(f"  {s['section']}  收文 {s['received']}  办结 {s['done']}  按期 {s['on_time']}  "
                     f"逾期未办结 {s['overdue']}  平均办结用时 {average}")
    if not payload["sections"]:
        lines.append("  本月没有收文")
    lines.append(f"逾期未办结的收文 {len(payload['overdue'])} 件" + ("：" if payload["overdue"] else ""))
    lines += [f"  {d['no']}  {d['title']}  {d['section']}  时限 {d['deadline']}  已超期 {d['working_days_over']} 个工作日"
              for d in payload["overdue"]]
    if extra.get("file"):
        lines.append(f"已写入 {extra['file']}" + (f"（{extra['pages']} 页）" if "pages" in extra else ""))
    return {**payload, **extra}, lines  # exactly the issue's shape, and the file written when one was asked


def report_tasks(args) -> tuple[dict, list[str]]:
    payload = supervision.tasks_report(args.as_of)
    lines = [f"督办事项（截至 {payload['as_of']}）"]
    lines += [f"  [{t['light_zh']}] {t['title']}  责任人 {t['responsible']}  时限 {t['deadline']}  {t['status']}"
              for t in payload["tasks"]]
    return payload, lines if payload["tasks"] else lines + ["  （没有督办事项）"]


def _unsigned(amount: str) -> str:
    """A deduction as people read it after the word 扣减: 120.00, not -120.00."""
    return str(abs(Decimal(amount)))


def _figure(value: str) -> str:
    """55240.0 → 55,240; 12.5 → 12.5."""
    number = Decimal(value)
    return f"{number:,.0f}" if number == number.to_integral() else f"{number.normalize():,f}"


def report_bonus(args) -> tuple[dict, list[str]]:
    year, month = _report_month(args)
    payload = rewards.bonus_report(year, month)
    _month_files(args, payload, rewards_document.bonus_sheet, rewards_document.export_bonus_sheet, year, month)
    state = "已定稿" if payload["final"] else "未定稿" + (f"，待结账：{'、'.join(payload['open_domains'])}"
                                                     if payload["open_domains"] else "")
    lines = [f"{year}年{month}月奖金核算表（{state}）：{len(payload['people'])} 人，合计 {payload['total']} 元"]
    section = None
    for p in payload["people"]:
        if p["section"] != section:
            section = p["section"]
            lines.append(f"  {section or '（未分科室）'}")
        lines.append(f"    {p['name']}  基数 {p['base']}  奖励 {p['rewards']}  扣减 {_unsigned(p['deductions'])}  "
                     f"实发 {p['total']}"
                     + ("（保底）" if p["floor_applied"] else ""))
    if payload["without_base"]:
        lines.append(f"  注意：没有奖金基数的人员：{'、'.join(payload['without_base'])}")
    if payload.get("file"):
        lines.append(f"已写入 {payload['file']}" + (f"（{payload['pages']} 页）" if "pages" in payload else ""))
    return payload, lines


def report_savings(args) -> tuple[dict, list[str]]:
    year, month = _report_month(args)
    s = rewards.savings(year, month)
    return s, [f"{year}年{month}月 珍惜每一分钱",
               f"  燃油：加油 {s['fuel_amount']} 元"
               + (f"（其中 {s['fills_without_litres']} 次没有升数，不计入节约与超耗）" if s["fills_without_litres"] else "")
               + f"；节约 {s['fuel_saved_litres']} 升（约 {s['fuel_saved_yuan']} 元），超耗 {s['fuel_over_litres']} 升"
               f"（约 {s['fuel_over_yuan']} 元）",
               f"  奖惩：奖励 {s['rewards']} 元，扣减 {_unsigned(s['deductions'])} 元",
               f"  出差值勤：{s['travel_claims']} 笔，标准内节约 {s['travel_under_standard']} 元，"
               f"超标准 {s['travel_over_standard']} 元",
               f"  办公用品：领用 {s['goods_used']} 元，预算 {s['goods_budget']} 元，超预算 {s['goods_over_budget']} 元"]


def report_finance(args) -> tuple[dict, list[str]]:
    year, month = _report_month(args)
    payload = rewards.finance_report(year, month)
    state = "已结账" if payload["closed"] else "未结账"
    lines = [f"{year}年{month}月 财务管理检查（{state}）：{len(payload['findings'])} 条"]
    for f in payload["findings"]:
        who = f["person"] or f"{f['section']}（科室负责人）"
        involved = f"，涉及 {f['amount_involved']} 元" if f["amount_involved"] is not None else ""
        posted = f"  → {f['posted']['person']} {f['posted']['amount']} 元" if f["posted"] else ""
        lines.append(f"  {f['date']} {f['problem']}：{f['description']}（{who}{involved}）{posted}")
    if payload["closed"]:
        lines.append(f"  记入奖惩台账合计 {payload['posted_total']} 元")
    return payload, lines


def report_campaigns(args) -> tuple[dict, list[str]]:
    payload = supervision.campaigns_report()
    lines = []
    for c in payload["campaigns"]:
        if c["code"] == "driving":
            lines += _driving_lines(c)
            continue
        lines.append(f"  {c['name']}：{_figure(c['count'])} / {_figure(c['target'])} {c['unit']}"
                     f"（自 {c['since'] or '—'} 起）" + ("  ✓ 已达成" if c["reached"] else ""))
    return payload, ["“四无”活动"] + lines


def _driving_lines(c: dict) -> list[str]:
    """万里行车无事故 per driver: how many reached the target, the last accident, then each driver."""
    accident = c["last_accident"]
    last = f"上次有责事故 {accident['date']}（{accident['driver'] or accident['vehicle']}）" if accident else "没有有责事故"
    lines = [f"  {c['name']}（按驾驶员，目标 {_figure(c['target'])} 里 = {_figure(str(Decimal(c['target']) / 2))} 公里）："
             f"已达成 {c['drivers_reached']} / {len(c['drivers'])} 名；{last}"]
    for d in sorted(c["drivers"], key=lambda d: -Decimal(str(d["km"]))):
        lines.append(f"    {d['driver']}：{_figure(str(d['li']))} 里（{_figure(str(d['km']))} 公里）"
                     + (f"  ✓ {d['reached_on']} 达成" if d["reached"] else ""))
    return lines


REPORTS = {
    "staff": ("各科室人员（花名册）", report_staff),
    "rank-due": ("调入满半年待定职级的人员", report_rank_due),
    "rank-record": ("定职级的半年实绩（--person 姓名 --as-of 定级日期）", report_rank_record),
    "typing": ("打字员的页数、字数、差错、速度和扣款（--from --to）", report_typing),
    "typing-campaign": ("万页文稿无差错", report_typing_campaign),
    "fuel": ("各车加油、里程、百公里油耗与定额（--from --to）", report_fuel),
    "safe-driving": ("万里行车无事故：各驾驶员自上次有责事故以来的里程", report_safe_driving),
    "ratings": ("季度评议排名、后三名和连续三次最差（--period --direction）", report_ratings),
    "supervision": ("月度考核督查专报（--month YYYY-MM，--pdf FILE 或 --xlsx FILE）", report_supervision),
    "tasks": ("督办事项及状态灯（--as-of）", report_tasks),
    "documents": ("月度文电办理情况：各科室收文、办结、按期、逾期、平均办结工作日和逾期收文（--month，--pdf FILE 或 --xlsx FILE）",
                  report_documents),
    "campaigns": ("“四无”活动：自上次差错以来的累计", report_campaigns),
    "bonus": ("月度奖金核算表（--month YYYY-MM，--pdf FILE 或 --xlsx FILE）", report_bonus),
    "savings": ("珍惜每一分钱：节约的燃油、奖惩、出差标准内外、用品预算（--month）", report_savings),
    "finance": ("财务管理检查及其月结扣减（--month）", report_finance),
}
