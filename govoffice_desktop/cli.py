"""The command line: ``python main.py [--db DB] [COMMAND]``.

With no command the GUI opens.  Exit codes: 0 success, 1 the data was refused and nothing
was written, 2 usage.  Commands that report take ``--json`` for one JSON object on stdout.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Sequence

from govoffice_desktop import __version__

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


class Parser(argparse.ArgumentParser):
    """argparse, with its fixed phrases in Chinese."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="govoffice",
        description="政府办公室管理系统。不带命令时打开图形界面。",
        epilog="示例：python main.py --db /tmp/x.db demo && python main.py --db /tmp/x.db",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="数据库文件路径，或 sqlite:///… / postgresql://… 地址（默认：用户数据目录下的 govoffice.db）")
    parser.add_argument("--demo", action="store_true",
                        help="在临时目录新建演示数据库并打开图形界面（不影响正式数据）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("gui", help="打开图形界面（默认）")
    p.set_defaults(handler=None)

    p = sub.add_parser("demo", help="向空数据库写入一个完整的演示办公室（可重复：同一日期得到同样的数据）")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="演示数据截止日期（默认今天）")
    p.add_argument("--seed", type=int, default=20250101, help="随机种子（默认 20250101）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("info", help="显示数据库位置、结构版本、各表行数和首页概况")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(handler=cmd_info)
    return parser


def _emit(args, payload: dict, text_lines: list[str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(text_lines))


def cmd_demo(args) -> int:
    from govoffice_desktop.services import demo

    try:
        summary = demo.generate(as_of=args.as_of, seed=args.seed)
    except demo.DemoError as exc:
        print(f"未写入任何数据：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    lines = ["演示数据已写入：" + args.db_label]
    lines += [f"  {table}: {n}" for table, n in summary.counts.items()]
    _emit(args, {"db": args.db_label, "counts": summary.counts}, lines)
    return EXIT_OK


def cmd_info(args) -> int:
    from govoffice_desktop.models import ALL_MODELS, migrations
    from govoffice_desktop.services import dashboard

    counts = {m._meta.table_name: m.select().count() for m in ALL_MODELS}
    o = dashboard.overview()
    payload = {
        "db": args.db_label,
        "schema_version": migrations.current_version(),
        "counts": counts,
        "overview": {
            "staff": o.staff, "sections": o.sections, "vehicles": o.vehicles,
            "tasks_open": o.tasks_open, "tasks_overdue": o.tasks_overdue,
            "campaigns": {s.code: {"current": str(s.current), "longest": str(s.longest), "goal": str(s.goal),
                                   "unit": s.unit} for s in o.streaks},
        },
    }
    lines = [f"数据库：{args.db_label}", f"结构版本：{payload['schema_version']}", "各表行数："]
    lines += [f"  {t}: {n}" for t, n in counts.items() if n]
    lines += [f"在册人员 {o.staff}，科室 {o.sections}，车辆 {o.vehicles}，"
              f"督办办理中 {o.tasks_open}（逾期 {o.tasks_overdue}）"]
    _emit(args, payload, lines)
    return EXIT_OK


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    if args.demo and args.command not in (None, "gui"):
        build_parser().error("--demo 只用于打开图形界面，不能与命令同用")
    if args.demo and args.db:
        build_parser().error("--demo 使用临时数据库，不能与 --db 同用")
    return args


def run(args: argparse.Namespace) -> int:
    """Run a headless command on the database of ``args.db``."""
    from govoffice_desktop.models import db

    target = args.db or str(db.default_db_path())
    args.db_label = target
    try:
        db.open_database(target)
    except Exception as exc:
        print(f"无法打开数据库 {target}：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        return args.handler(args)
    finally:
        db.close_database()
