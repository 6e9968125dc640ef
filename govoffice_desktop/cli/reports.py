"""The command line's reports: ``report NAME`` builds a JSON payload and the lines printed
(``REPORTS``: name → (help, builder)).  The documents of a month are also written as PDF or .xlsx."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from govoffice_desktop.cli.offscreen import offscreen_qt
from govoffice_desktop.models.ratings import RatingPeriod, direction_of
from govoffice_desktop.reports import rewards as rewards_document
from govoffice_desktop.reports import supervision as supervision_document
from govoffice_desktop.services import fleet, ratings, rewards, staff, supervision, typing_pool
from govoffice_desktop.services.validation import BadValue


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
    lines = [f"{year}年第{'一二三四'[quarter - 1]}季度 {direction} 评议结果"
             + ("（评议尚在进行中，为阶段性结果）" if payload.get("status") == "进行中" else "")]
    lines += [f"  第{r['rank']}名  {r['section']}  {r['score']}" + ("  （后三名）" if r["section"] in payload["bottom_three"]
                                                                 else "") for r in payload["ranking"]]
    lines += [f"  ⚠ {a['section']} 连续{a['consecutive_worst']}次被评最差，当事人（{a['chief'] or '负责人未定'}）按规定调离"
              for a in payload["alerts"]]
    return payload, lines


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
    payload = supervision.supervision_report(year, month)
    _month_files(args, payload, supervision_document.monthly_report, supervision_document.export_monthly_report, year,
                 month)
    issue = f"第{payload['issue_no']}期" if payload["issue_no"] else "未编发"
    lines = [f"{year}年{month}月考核督查专报（{issue}）：督查 {payload['checks']} 项次，未达标 {payload['missed']} 项次"]
    for s in payload["sections"]:
        change = s["change"]
        moved = "—" if change is None else f"↑{change}" if change > 0 else f"↓{-change}" if change < 0 else "持平"
        lines.append(f"  第{s['rank']}名  {s['section']}  {s['score']}（较上月 {moved}）")
    if not payload["sections"]:
        lines.append("  本月没有督查记录")
    if payload.get("file"):
        lines.append(f"已写入 {payload['file']}" + (f"（{payload['pages']} 页）" if "pages" in payload else ""))
    return payload, lines


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


def report_campaigns(args) -> tuple[dict, list[str]]:
    payload = supervision.campaigns_report()
    lines = [f"  {c['name']}：{_figure(c['count'])} / {_figure(c['target'])} {c['unit']}（自 {c['since'] or '—'} 起）"
             + ("  ✓ 已达成" if c["reached"] else "") for c in payload["campaigns"]]
    return payload, ["“四无”活动"] + lines


REPORTS = {
    "staff": ("各科室人员（花名册）", report_staff),
    "rank-due": ("调入满半年待定职级的人员", report_rank_due),
    "typing": ("打字员的页数、字数、差错、速度和扣款（--from --to）", report_typing),
    "typing-campaign": ("万页文稿无差错", report_typing_campaign),
    "fuel": ("各车加油、里程、百公里油耗与定额（--from --to）", report_fuel),
    "safe-driving": ("万里行车无事故：各驾驶员自上次有责事故以来的里程", report_safe_driving),
    "ratings": ("季度评议排名、后三名和连续三次最差（--period --direction）", report_ratings),
    "supervision": ("月度考核督查专报（--month YYYY-MM，--pdf FILE 或 --xlsx FILE）", report_supervision),
    "tasks": ("督办事项及状态灯（--as-of）", report_tasks),
    "campaigns": ("“四无”活动：自上次差错以来的累计", report_campaigns),
    "bonus": ("月度奖金核算表（--month YYYY-MM，--pdf FILE 或 --xlsx FILE）", report_bonus),
    "savings": ("珍惜每一分钱：节约的燃油、奖惩、出差标准内外、用品预算（--month）", report_savings),
}
