"""The command line: ``python main.py [--db DB] [COMMAND]``.

With no command the GUI opens.  Exit codes: 0 success, 1 the data was refused and nothing
was written, 2 usage.  Commands that report take ``--json`` (before or after the command)
for one JSON object on stdout; a refusal then prints ``{"error": …}``.
"""
from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

import peewee

from govoffice_desktop import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, __version__, command_name
from govoffice_desktop.cli import documents as document_commands, jsonout, usage
from govoffice_desktop.cli.offscreen import offscreen_qt
from govoffice_desktop.cli.reports import REPORTS
from govoffice_desktop.ledgers.export import export_kinds, export_listing, export_ratings
from govoffice_desktop.ledgers.export_documents import DOCUMENT_EXPORTS, export_documents
from govoffice_desktop.ledgers.importer import import_ledger
from govoffice_desktop.ledgers.kinds import KINDS
from govoffice_desktop.ledgers.mapping import kind_label
from govoffice_desktop.ledgers.reader import LedgerError
from govoffice_desktop.logs import log_bug
from govoffice_desktop.models import ALL_MODELS, TABLE_LABELS, db, migrations
from govoffice_desktop.models.db import database, explain
from govoffice_desktop.models.ratings import BOTTOM_UP, DIRECTION_WORDS, DIRECTIONS, RaterGroup, direction_of
from govoffice_desktop.models.staff import Section
from govoffice_desktop.models.users import User
from govoffice_desktop.reports.catalog import PDF_DOCUMENTS
from govoffice_desktop.reports.ratings import ballot_sheets
from govoffice_desktop.services import audit, auth, backup, dashboard, demo, outputs, ratings
from govoffice_desktop.services.outputs import PDF, XLSX
from govoffice_desktop.services.validation import BadValue

EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)

# argparse's own phrases, in Chinese (argparse looks its messages up through ``_`` at run time).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "expected one argument": "需要一个参数值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可以是 %(matches)s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "not allowed with argument %s": "不能与参数 %s 同用",
}
argparse._ = lambda text: _ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


def _date(text: str) -> date:
    try:
        parts = [int(p) for p in text.split("-")]
        if len(parts) != 3 or len(text.split("-")[0]) != 4:
            raise ValueError
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None
    try:
        day = date(*parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"没有这一天：{text}") from None
    if not EARLIEST <= day <= LATEST:
        raise argparse.ArgumentTypeError(f"日期应在 {EARLIEST} 至 {LATEST} 之间：{text}")
    return day


def _month(text: str) -> tuple[int, int]:
    """--month 2025-10 (or 2025.10, 2025年10月): a usage error when it is no month."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*", text or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or not EARLIEST.year <= int(m.group(1)) <= LATEST.year:
        raise argparse.ArgumentTypeError(f"月份应写成 2025-10：{text}")
    return int(m.group(1)), int(m.group(2))


class Parser(argparse.ArgumentParser):
    """argparse, with its fixed phrases in Chinese."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：用法错误：{message}\n")


def _json_flag(parser: argparse.ArgumentParser, top: bool) -> None:
    # On the main parser it defaults to False; on a command it must not undo a --json given earlier.
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="以 JSON 输出结果（一个对象）")


def _force_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true",
                        help="要写的文件已存在时替换它（数据库、备份和正在读取的文件从不替换）")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="govoffice",
        description="政府办公室管理系统。不带命令时打开图形界面。",
        epilog="示例：python main.py --db /tmp/x.db demo && python main.py --db /tmp/x.db",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
    parser.add_argument("--db", metavar="PATH|URL",
                        help="数据库文件路径，或 sqlite:///… / postgresql://… 地址（默认：用户数据目录下的 govoffice.db）")
    parser.add_argument("--demo", action="store_true",
                        help="在临时目录新建演示数据库并打开图形界面（不影响正式数据）")
    parser.add_argument("--user", metavar="NAME",
                        help="登录用户名（数据库已有用户时必须登录；密码会提示输入，"
                             "或用环境变量 GOVOFFICE_USER、GOVOFFICE_PASSWORD 供脚本使用）")
    _json_flag(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令", parser_class=Parser)

    p = sub.add_parser("gui", help="打开图形界面（默认）")
    p.set_defaults(handler=None)

    p = sub.add_parser("demo", help="向空数据库写入一个完整的演示办公室（同一截止日期和种子得到同样的数据）")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="演示数据截止日期（默认今天）")
    p.add_argument("--seed", type=int, default=20250101, help="随机种子（默认 20250101）")
    p.add_argument("--scale", choices=sorted(demo.SCALES), default="standard",
                   help="规模：standard（默认：12个科室、约80人、8辆车、一年）；large（40个科室、600人、200辆车、"
                        "十年的台账，供性能测试，约需两三分钟）")
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_demo, creates=True)

    p = sub.add_parser("import", help="导入 Excel 台账（全部行一次写入，有错误则一行也不写）")

    p.add_argument("kind", choices=sorted(KINDS),
                   help="台账类型：" + "，".join(f"{k} {kind_label(k)}" for k in sorted(KINDS)))
    p.add_argument("file", help="台账文件（.xlsx、.xls、.xlsm、.ods）")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--sheet", metavar="NAME", help="只导入这个工作表")
    which.add_argument("--all-sheets", action="store_true", help="导入所有工作表（如每月一张）")
    p.add_argument("--dry-run", action="store_true", help="只检查，报告将导入什么，不写入")
    p.add_argument("--keep-valid", metavar="REJECTS.xlsx",
                   help="导入无误的行，把有错误的行连同原因写到这个文件，改好后再导入")
    p.add_argument("--period", type=usage.period, metavar="2025Q1", help="rating-tallies：评议期（不给则从工作表名或标题读出）")
    p.add_argument("--direction", choices=[*DIRECTION_WORDS, *DIRECTIONS],
                   help="rating-tallies：评议方向（默认 bottom-up 下评上）")
    p.add_argument("--group", help="rating-tallies：评议组（表中没有“评议组”列时用，默认 基层单位）")
    p.add_argument("--open", dest="keep_open", action="store_true",
                   help="rating-tallies：已过的季度导入后仍保持评议进行中（默认导入后结束评议，确定后三名）")
    _force_flag(p)
    p.add_argument("--vehicle", metavar="PLATE",
                   help="trips、refuels、incidents：一辆车的台账没有车牌号列时，这些行都是这辆车（没有的车辆会新建）")
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_import, creates=True)  # a new office starts from its own roster

    p = sub.add_parser("export", help="把一张表导出为 .xlsx（可带筛选词）")
    p.add_argument("kind", choices=sorted([*export_kinds(), "ratings", *DOCUMENT_EXPORTS]),
                   help="，".join(f"{k} {title}" for k, (title, _f) in sorted(export_kinds().items()))
                   + "，ratings 评议结果（--period），incoming 收文登记簿，outgoing 发文登记簿（导出后可再导入）")
    p.add_argument("--period", type=usage.period, metavar="2025Q3", help="ratings：评议期（默认最近一期）")
    p.add_argument("file", help="导出的 .xlsx 文件")
    p.add_argument("--search", default="", help="筛选词，与表格上方的搜索框相同")
    _force_flag(p)
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_export, creates=False)

    p = sub.add_parser("report", help="输出报表：" + "；".join(f"{k} {h}" for k, (h, _f) in REPORTS.items()))
    p.add_argument("name", choices=list(REPORTS), help="报表名称")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="以哪一天为准（默认今天）")
    p.add_argument("--from", dest="date_from", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="起始日期（typing：默认本月1日）")
    p.add_argument("--to", dest="date_to", type=_date, default=None, metavar="YYYY-MM-DD", help="截止日期（默认今天）")
    p.add_argument("--period", default=None, type=usage.period, metavar="2025Q3", help="评议期（ratings：默认最近一期）")
    p.add_argument("--direction", default="bottom-up", choices=[*DIRECTION_WORDS, *DIRECTIONS],
                   help="评议方向（ratings：bottom-up 下评上，top-down 上评下）")
    p.add_argument("--person", default=None, metavar="姓名", help="rank-record：人员（同名时写成 姓名（科室））")
    p.add_argument("--month", default=None, type=_month, metavar="YYYY-MM",
                   help="月份（supervision、bonus、savings、documents：默认上个月）")
    p.add_argument("--issue", default=None, type=int, metavar="N",
                   help="supervision：该月专报的第N期（默认最新一期；已编发的按编发时的数字）")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--pdf", metavar="FILE", help="supervision、bonus、documents：存为 PDF（专报为公文格式）")
    out.add_argument("--xlsx", metavar="FILE", help="supervision、bonus、documents：导出为 .xlsx")
    _force_flag(p)
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_report, creates=False)

    p = sub.add_parser("pdf", help="把可打印的文件存为 PDF：" + "；".join(
        f"{k} {d.label}" + (f"（--as-of {d.as_of}）" if d.as_of else "") for k, d in PDF_DOCUMENTS.items()))
    p.add_argument("name", choices=list(PDF_DOCUMENTS), help="文件名称")
    p.add_argument("file", help="PDF 文件")
    p.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD", help="以哪一天为准（默认今天）")
    p.add_argument("--from", dest="date_from", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="incoming-register、outgoing-register：起始日期（默认截止日期所在年的1月1日）")
    p.add_argument("--to", dest="date_to", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="incoming-register、outgoing-register：截止日期（默认今天）")
    p.add_argument("--no", type=usage.incoming_no, default=None, metavar="收〔2026〕N号",
                   help="urge：逾期收文的收文编号；开具催办单（当天已开具的，重印那一张）")
    p.add_argument("--reprint", action="store_true", help="urge：只重印最近开具的那张催办单，不开具新的")
    _force_flag(p)
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_pdf, creates=False)

    document_commands.add_commands(sub, _date, _json_flag, cmd_documents)  # incoming ACTION, outgoing ACTION

    p = sub.add_parser("print", help="打印评议表：print ballots --period 2025Q3 --group 基层单位 --copies 40 --pdf FILE")
    p.add_argument("what", choices=["ballots"], help="ballots 评议表（每份一页，编号连续）")
    p.add_argument("--period", required=True, type=usage.period, metavar="2025Q3", help="评议期")
    p.add_argument("--group", required=True, help="评议组名称，如 基层单位")
    p.add_argument("--direction", default="bottom-up", choices=[*DIRECTION_WORDS, *DIRECTIONS])
    p.add_argument("--copies", type=int, default=1, help="份数（编号接着已印的往下排）")
    p.add_argument("--pdf", required=True, metavar="FILE", help="存为 PDF（再用任何打印机打印）")
    _force_flag(p)
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_print, creates=False)

    # -- backups and restore (services/backup.py)
    p = sub.add_parser("backup", help="用 SQLite 在线备份把数据库备份到数据库旁的 backups 文件夹，或 DEST（文件或文件夹）")
    p.add_argument("dest", nargs="?", default=None, metavar="DEST",
                   help="备份到这个文件或文件夹（默认：数据库旁的 backups/，文件名带日期时间）；已有的文件不覆盖")
    _force_flag(p)
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_backup, creates=False)

    p = sub.add_parser("restore", help="用备份文件替换数据库：先检查文件（integrity_check、结构版本），"
                                       "再把当前数据库备份到 backups/，然后替换")
    p.add_argument("file", metavar="FILE", help="要恢复的备份文件（本程序的 SQLite 数据库）")
    p.add_argument("--force", action="store_true",
                   help="文件的审计日志校验未通过时仍然恢复（管理员确认；此次恢复记入审计日志）")
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_restore, creates=True)  # also onto a new computer, into a new file

    p = sub.add_parser("users", help="用户管理：users list；users add NAME --role 角色 [--section 科室]；users passwd NAME")
    p.add_argument("action", choices=["list", "add", "passwd", "disable", "enable"], help="list 列出，add 新建，"
                   "passwd 改密码，disable 停用，enable 启用")
    p.add_argument("name", nargs="?", help="用户名")
    p.add_argument("--role", help="角色：管理员、督查员、科室录入员、领导、文印管理员、车辆管理员")
    p.add_argument("--section", help="科室录入员所在的科室")
    p.add_argument("--full-name", default="", help="姓名")
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_users, creates=False)

    p = sub.add_parser("audit", help="audit verify：校验审计日志的哈希链和只追加保护（链完整时退出码 0，否则 1）")
    p.add_argument("action", choices=["verify"], help="verify 校验")
    p.add_argument("--against", metavar="BACKUP", help="再与一份较早的备份对照：它最新的一条记录必须原样在当前数据库中"
                                                       "（发现整条链被重算、或最新的记录被删除）")
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_audit, creates=False)

    p = sub.add_parser("recover-admin", help="没有管理员能登录时（用户全部停用、密码遗忘）：重设管理员 NAME 的密码并启用，"
                                             "没有这个用户则新建管理员；不需登录，但需要能写入数据库文件，记入审计日志")
    p.add_argument("name", metavar="NAME", help="管理员的用户名（新密码在终端输两遍，或用环境变量 GOVOFFICE_NEW_PASSWORD）")
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_recover_admin, creates=False, recovery=True)

    p = sub.add_parser("info", help="显示数据库位置、结构版本、各表行数和首页概况")
    _json_flag(p, top=False)
    p.set_defaults(handler=cmd_info, creates=False)
    return parser


def _emit(args, payload: dict, text_lines: list[str]) -> None:
    if args.json:
        print(jsonout.dumps(payload))
    else:
        print("\n".join(text_lines))


def refuse(args, message: str) -> int:
    """Say why nothing was done (JSON on stdout with --json, else on stderr); exit 1."""
    if getattr(args, "json", False):
        print(jsonout.dumps({"error": message}, indent=None))
    else:
        print(message, file=sys.stderr)
    return EXIT_REFUSED


def _count_lines(counts: dict[str, int]) -> list[str]:
    return [f"  {TABLE_LABELS.get(table, table)}：{n}" for table, n in counts.items() if n]


def cmd_demo(args) -> int:
    try:
        summary = demo.generate(as_of=args.as_of, seed=args.seed, scale=demo.SCALES[args.scale])
    except demo.DemoError as exc:
        return refuse(args, f"未写入任何数据：{exc}")
    lines = [f"演示数据已写入：{args.db_label}"] + _count_lines(summary.counts)
    _emit(args, {"db": args.db_label, "counts": summary.counts}, lines)
    return EXIT_OK


# What the window offers as a chooser when a ledger does not say it (importer ``needs``), the
# command line names as its option: the ledgers' refusals use words for users, no option.
NEEDED_OPTIONS = {"period": "命令行用 --period 指定，如 --period 2025Q4", "vehicle": "命令行用 --vehicle 车牌号 指定"}


def _name_the_options(report) -> None:
    hints = [NEEDED_OPTIONS[n] for n in report.needs if n in NEEDED_OPTIONS]
    if hints:
        for error in report.errors:
            if error.row is None:  # the sheet's own refusal (the period it does not name)
                error.message += f"（{'；'.join(hints)}）"


def cmd_import(args) -> int:
    options = None
    if args.kind == "rating-tallies":
        options = {"period": args.period, "direction": args.direction or BOTTOM_UP, "group": args.group,
                   "keep_open": args.keep_open}
    try:
        report = import_ledger(args.kind, args.file, sheet=args.sheet, all_sheets=args.all_sheets,
                               dry_run=args.dry_run, keep_valid=args.keep_valid, options=options,
                               vehicle=args.vehicle, force=args.force)
    except (LedgerError, BadValue) as exc:
        return refuse(args, f"未写入任何数据：{exc}")
    _name_the_options(report)
    verb = "将导入" if args.dry_run else "已导入"
    count = report.valid if args.dry_run else report.imported
    lines = [f"{args.file}：读取 {report.rows_read} 行，{verb} {count} 行，"
             f"已存在 {report.duplicates} 行，跳过 {len(report.skipped)} 行，错误 {len(report.errors)} 处"]
    for what, names in report.created.items():
        lines.append(f"新建{what}：{'、'.join(names)}")
    if report.unmatched:
        lines.append(f"未匹配到人员档案的姓名（原样保留，可稍后关联）：{'、'.join(report.unmatched)}")
    if report.unmapped:
        lines.append(f"未使用的列：{'、'.join(report.unmapped)}")
    lines += [f"注意：{n}" for n in report.notices]
    for s in report.skipped[:50]:
        lines.append(f"  跳过 {s.sheet} 第{s.row}行：{s.reason}")
    for e in report.errors[:200]:
        where = f"{e.sheet} 第{e.row}行" if e.row else e.sheet
        column = f"“{e.column}”列 " if e.column else ""
        value = f"值“{e.value}”：" if e.value else ""
        lines.append(f"  错误 {where} {column}{value}{e.message}")
    if report.refused and any(e.row for e in report.errors):
        lines.append("有错误，未写入任何数据。改正后重新导入，或用 --keep-valid 只导入无误的行。")
    elif report.refused:  # the file or its sheets were refused whole: --keep-valid would not help
        lines.append("未写入任何数据。")
    elif args.dry_run and report.errors:
        lines.append("（只检查，未写入）有错误的行导入时会被拒绝。")
    if report.rejects_file:
        lines.append(f"有错误的行已写入：{report.rejects_file}")
    _emit(args, report.to_json(), lines)
    # A dry run that finds errors says so in its exit code too: the real import would refuse.
    return EXIT_REFUSED if report.refused or (args.dry_run and report.errors and not args.keep_valid) else EXIT_OK


def _refused_output(args, path: str | None, suffixes) -> int | None:
    """Check a file a command is about to write (services/outputs.py), before any work: the
    refusal's exit code, or None when it may be written."""
    if path is None:
        return None
    try:
        outputs.check_output(path, suffixes, force=args.force)
    except outputs.OutputRefused as exc:
        return refuse(args, str(exc))
    return None


def cmd_export(args) -> int:
    refused = _refused_output(args, args.file, XLSX)
    if refused is not None:
        return refused
    if args.kind == "ratings":  # the results of a period, not a table

        try:
            if args.period:
                period = ratings.find_period(*ratings.parse_period(args.period))
            else:
                period = ratings.latest_period()
            if period is None:
                raise BadValue(f"没有{args.period or '任何'}评议")
            written = export_ratings(args.file, period, force=args.force)
        except (BadValue, OSError) as exc:
            return refuse(args, str(exc))
        _emit(args, {"kind": "ratings", "file": args.file, "rows": written},
              [f"已导出 {period} 评议结果（{written} 行）到 {args.file}"])
        return EXIT_OK

    if args.kind in DOCUMENT_EXPORTS:  # the registers, in the columns their import reads back
        try:
            written = export_documents(args.kind, args.file, force=args.force)
        except (BadValue, OSError) as exc:
            return refuse(args, str(exc))
        _emit(args, {"kind": args.kind, "file": args.file, "rows": written},
              [f"已导出 {written} 行{kind_label(args.kind)}到 {args.file}"])
        return EXIT_OK

    title, factory = export_kinds()[args.kind]
    try:  # a role that may not see the table, a search too long: refused, in Chinese
        listing = factory()
        ids = listing.ids(args.search)
        written = export_listing(args.file, title, listing, ids, filter_text=args.search, force=args.force)
    except (BadValue, OSError) as exc:  # says which file and why
        return refuse(args, str(exc))
    _emit(args, {"kind": args.kind, "file": args.file, "rows": written, "search": args.search},
          [f"已导出 {written} 行{title}到 {args.file}"])
    return EXIT_OK


def cmd_report(args) -> int:
    _help, build = REPORTS[args.name]
    refused = _refused_output(args, args.pdf, PDF) if args.pdf else _refused_output(args, args.xlsx, XLSX)
    if refused is not None:
        return refused
    try:
        payload, lines = build(args)
    except (BadValue, OSError) as exc:
        return refuse(args, str(exc))
    _emit(args, payload, lines)
    return EXIT_OK


def cmd_documents(args) -> int:
    """incoming|outgoing ACTION (cli/documents.py): a 收文 or 发文 handled through its service."""
    try:
        payload, lines = args.work(args)
    except BadValue as exc:
        return refuse(args, str(exc))
    _emit(args, payload, lines)
    return EXIT_OK


def cmd_pdf(args) -> int:
    """Lay a document out with Qt and write it as PDF, without a window."""
    refused = _refused_output(args, args.file, PDF)
    if refused is not None:
        return refused
    offscreen_qt()
    from govoffice_desktop.ui.printing import save_document_pdf  # Qt: PDF commands only (fast start)

    printable = PDF_DOCUMENTS[args.name]
    options = {name: getattr(args, name) for name in printable.options}
    try:  # what building records (an urge issued) counts only if the PDF is written
        with database.atomic() if printable.writes else contextlib.nullcontext():
            document = printable.build(args.as_of or date.today(), **options)
            pages = save_document_pdf(document, args.file, force=args.force)
    except (OSError, BadValue) as exc:
        return refuse(args, str(exc))
    if not Path(args.file).is_file():
        return refuse(args, f"无法写入 {args.file}")
    outcome = getattr(document, "outcome", "")  # what printing it did (an urge issued or reprinted)
    _emit(args, {"document": args.name, "file": args.file, "pages": pages, **getattr(document, "facts", {})},
          [f"{outcome}，存为 {args.file}（{pages} 页）" if outcome else f"已把{document.title}存为 {args.file}（{pages} 页）"])
    return EXIT_OK


def cmd_print(args) -> int:
    """Rating sheets: reserve the serials and write the sheets to a PDF, in one step."""
    refused = _refused_output(args, args.pdf, PDF)  # before a serial is reserved
    if refused is not None:
        return refused
    direction = direction_of(args.direction)
    try:
        year, quarter = ratings.parse_period(args.period)
        period = ratings.find_period(year, quarter)
        if period is None:
            raise BadValue(f"没有 {args.period} 的评议期")
        group = RaterGroup.get_or_none(RaterGroup.period == period, RaterGroup.direction == direction,
                                       RaterGroup.name == args.group.strip())
        if group is None:
            names = "、".join(g.name for g in ratings.groups_of(period, direction)) or "（无）"
            raise BadValue(f"{args.period} 的{direction}评议没有“{args.group}”组（现有：{names}）")
        offscreen_qt()
        from govoffice_desktop.ui.printing import save_pdf  # Qt: PDF commands only (fast start)

        with database.atomic():  # the serials count as printed only if the PDF is written
            serials = ratings.reserve_serials(group, args.copies)
            document = ballot_sheets(group, serials)
            pages = save_pdf(document.html(), args.pdf, document.landscape, footer=document.footer, force=args.force)
    except (BadValue, OSError) as exc:
        return refuse(args, str(exc))
    _emit(args, {"file": args.pdf, "group": group.name, "pages": pages, "first_serial": serials[0],
                 "last_serial": serials[-1]},
          [f"已把 {len(serials)} 份评议表（编号 {serials[0]}–{serials[-1]}）存为 {args.pdf}（{pages} 页）"])
    return EXIT_OK


def cmd_backup(args) -> int:
    try:
        result = backup.backup(args.dest, overwrite=args.force)
    except backup.BackupRefused as exc:
        return refuse(args, f"未备份：{exc}")
    _emit(args, result.to_json(),
          [f"已把数据库 {result.source} 备份到 {result.file}（{backup.size_text(result.bytes)}）"])
    return EXIT_OK


def cmd_restore(args) -> int:
    """Replace the database by a backup; refused while a window has the database open (its lock)."""
    from govoffice_desktop.ui import instance_lock  # Qt's QLockFile: only the restore command needs it

    try:
        lock = instance_lock.acquire(args.db_label)
    except instance_lock.InstanceLocked as exc:
        return refuse(args, f"未恢复，未作任何改动：{str(exc).splitlines()[0]}恢复会替换整个数据库，请先关闭那个窗口。")
    try:
        result = backup.restore(args.file, force=args.force)
    except backup.BackupRefused as exc:
        return refuse(args, f"未恢复：{exc}")
    finally:
        instance_lock.release(lock)
    lines = [f"已用 {result.file} 恢复数据库 {result.db}", f"恢复前的数据库已备份到 {result.safety_copy}"]
    if result.forced:
        lines.append("已强制恢复：该文件的审计日志校验未通过（" + "".join(result.audit.lines())
                     + "），此次恢复已记入审计日志")
    if result.migrated:
        lines.append(f"备份的结构版本为 {result.schema_version}，已升级到第 {result.migrated[-1]} 版")
    tables = [t for t in result.counts if t != "schema_version"]
    lines.append(f"恢复后的数据库：{len(tables)} 张表，共 {sum(result.counts[t] for t in tables)} 行"
                 f"（其中{TABLE_LABELS.get('person')} {result.counts.get('person', 0)} 条）")
    _emit(args, result.to_json(), lines)
    return EXIT_OK


def cmd_audit(args) -> int:
    """audit verify [--against BACKUP]: the chain walked from the first entry; exit 1 at the first
    broken link, a missing append-only trigger, or a backup's newest entry not found as it was."""
    try:
        report = audit.verify(against=args.against)
    except BadValue as exc:  # not allowed, or a backup that cannot serve
        return refuse(args, str(exc))
    except peewee.DatabaseError as exc:
        return refuse(args, f"无法校验审计日志：{explain(exc)}")
    _emit(args, report.to_json(), report.lines())
    return EXIT_OK if report.ok else EXIT_REFUSED


def cmd_info(args) -> int:
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
    lines += _count_lines(counts) or ["  （全部为空）"]
    lines += [f"在册人员 {o.staff}，科室 {o.sections}，车辆 {o.vehicles}，"
              f"督办办理中 {o.tasks_open}（逾期 {o.tasks_overdue}）"]
    _emit(args, payload, lines)
    return EXIT_OK


def _ask_password(prompt: str) -> str | None:
    """A password from the terminal (never echoed); None without one (a script, CI)."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        return None


def _login(args) -> str | None:
    """On a database with users, log in as --user (or GOVOFFICE_USER) with the password typed at
    the prompt (or GOVOFFICE_PASSWORD); returns why not, or None when logged in or not needed."""
    if not auth.has_users():
        return None
    name = args.user or os.environ.get("GOVOFFICE_USER", "")
    if not name:
        return "这个数据库已设用户，请用 --user 用户名 登录（或设环境变量 GOVOFFICE_USER 和 GOVOFFICE_PASSWORD）"
    password = os.environ.get("GOVOFFICE_PASSWORD")
    if password is None:
        password = _ask_password(f"{name} 的密码：")
    if password is None:
        return "需要密码：请在终端输入，或设环境变量 GOVOFFICE_PASSWORD"
    if not (_encodable(name) and _encodable(password)):  # bytes of another encoding in the environment
        return "登录失败：用户名或密码含有无法识别的字符（不是 UTF-8 编码）"
    try:
        auth.authenticate(name, password)
    except auth.PermissionDenied as exc:
        return f"登录失败：{exc}"
    return None


def cmd_users(args) -> int:
    if args.action == "list":
        try:
            if auth.has_users():
                auth.require("users.manage")
        except BadValue as exc:
            return refuse(args, str(exc))
        rows = [{"name": u.name, "full_name": u.full_name, "role": u.role,
                 "section": u.section.name if u.section_id else "", "active": u.active,
                 "last_login": u.last_login.isoformat(" ", "minutes") if u.last_login else None} for u in auth.users()]
        _emit(args, {"users": rows}, [f"{r['name']}  {r['role']}  {r['section']}  {'启用' if r['active'] else '停用'}"
                                     for r in rows] or ["（还没有用户：数据库对所有人开放）"])
        return EXIT_OK
    try:  # a name, and --role for add, are there (usage.misuse)
        if args.action == "add":
            section = None
            if args.section:
                section = Section.get_or_none(Section.name == args.section.strip())
                if section is None:
                    raise BadValue(f"没有名为“{args.section}”的科室")
            password = os.environ.get("GOVOFFICE_NEW_PASSWORD") or _ask_password(f"{args.name} 的新密码：")
            if password is None:
                raise BadValue("需要新密码：请在终端输入，或设环境变量 GOVOFFICE_NEW_PASSWORD")
            user = auth.create_user(args.name, password, args.role.strip(), section, args.full_name)
            message = f"已新建用户 {user.name}（{user.role}）"
        else:
            user = User.get_or_none(User.name == args.name.strip())
            if user is None:
                raise BadValue(f"没有用户“{args.name}”")
            if args.action == "passwd":
                password = os.environ.get("GOVOFFICE_NEW_PASSWORD") or _ask_password(f"{args.name} 的新密码：")
                if password is None:
                    raise BadValue("需要新密码：请在终端输入，或设环境变量 GOVOFFICE_NEW_PASSWORD")
                auth.set_password(user, password, os.environ.get("GOVOFFICE_PASSWORD"))
                message = f"已修改 {user.name} 的密码"
            else:
                auth.set_active(user, args.action == "enable")
                message = f"已{'启用' if args.action == 'enable' else '停用'}用户 {user.name}"
    except BadValue as exc:
        return refuse(args, str(exc))
    _emit(args, {"user": user.name, "role": user.role, "active": user.active}, [message])
    return EXIT_OK


def cmd_recover_admin(args) -> int:
    """The way back into a database nobody can manage, with the rights of the database itself
    instead of a login (``auth.recover_admin``)."""
    password = os.environ.get("GOVOFFICE_NEW_PASSWORD")
    if password is None:
        password = _ask_password(f"{args.name} 的新密码：")
        if password is not None and _ask_password("再输一遍新密码：") != password:
            return refuse(args, "两次输入的密码不一样，未作任何改动")
    if password is None:
        return refuse(args, "需要新密码：请在终端输入（两遍），或设环境变量 GOVOFFICE_NEW_PASSWORD；未作任何改动")
    try:
        user = auth.recover_admin(args.name, password)
    except BadValue as exc:
        return refuse(args, f"未恢复管理员，未作任何改动：{exc}")
    _emit(args, {"user": user.name, "role": user.role, "active": user.active},
          [f"已恢复管理员 {user.name}：新密码已设好，账户已启用（审计日志中记为 {auth.recovery_actor()}）。"
           f"请用它登录，再检查其他用户"])
    return EXIT_OK


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    for arg in sys.argv[1:] if argv is None else argv:
        if not _encodable(arg):  # bytes that are not UTF-8 (a file name from another system)
            parser.error(f"参数含有无法识别的字符（不是 UTF-8 编码）：{_printable(arg)}，请改用 UTF-8 的名称")
        if "\x00" in arg:  # no real command line holds one; a script might
            parser.error(f"参数含有 NUL 字符：{_printable(arg)!r}")
    args = parser.parse_args(argv)
    if args.demo and args.command not in (None, "gui"):
        parser.error("--demo 只用于打开图形界面，不能与命令同用")
    if args.demo and args.db:
        parser.error("--demo 使用临时数据库，不能与 --db 同用")
    if args.db is not None and not args.db.strip():
        parser.error("--db 的值是空的")
    wrong = usage.misuse(args)
    if wrong:
        parser.error(wrong)
    return args


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(text: str, limit: int = 300) -> str:
    """``text`` cut to ``limit`` characters, undecodable bytes shown as \\xNN: always printable."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return cut.encode("utf-8", "backslashreplace").decode("utf-8")


def _unexpected(exc: Exception) -> str:
    """A failure no command foresaw, said in Chinese: the database's own complaint (a damaged
    file, a full disk) in the office's words, anything else by its type."""
    logging.getLogger(__name__).debug("command failed", exc_info=exc)
    if db.is_busy(exc):  # another program kept the write lock past the wait
        return db.busy_message(exc)
    if isinstance(exc, (peewee.DatabaseError, peewee.InterfaceError)):
        return f"数据库出错，操作未完成：{db.explain(exc)}"
    return f"程序内部错误（{type(exc).__name__}：{_printable(str(exc))}），操作未完成"


def no_database_yet(target: str) -> str:
    """What a reading command says on a computer where the office has no database yet."""
    command = command_name()
    return (f"还没有数据库：{target} 不存在（这个命令只读取，不会新建数据库）。"
            f"第一次使用请运行 {command} 打开窗口，按向导新建；"
            f"或用 --db 指定已有的数据库；试用演示数据：{command} --db 演示.db demo")


def run(args: argparse.Namespace) -> int:
    """Run a headless command on the database of ``args.db``."""
    target = args.db or str(db.default_db_path())
    args.db_label = target
    # A command that only reads refuses a file that is not there: a typo must not make a new one,
    # and the default file is made by the window's first start (its wizard), not by `info`.
    create = getattr(args, "creates", False) or (args.command == "users" and args.action == "add")
    recovery = getattr(args, "recovery", False)  # recover-admin: the way into a database nobody can log in to
    if not create and not args.db and not db.target_exists(target):
        return refuse(args, no_database_yet(target))
    try:
        db.open_database(target, create=create, check_admin=not recovery)
    except (db.DatabaseOpenError, RuntimeError) as exc:
        return refuse(args, f"无法打开数据库 {target}：{exc}")
    try:
        refusal = None if recovery else _login(args)
        if refusal:
            return refuse(args, refusal)
        return args.handler(args)
    except KeyboardInterrupt:  # Ctrl+C: a transaction under way is rolled back
        return refuse(args, "已中断，操作未完成")
    except BrokenPipeError:  # `… | head -2`: the reader went away; app.main ends quietly
        raise
    except Exception as exc:  # noqa: BLE001 - never a traceback to the user
        log_bug(exc, f"命令 {args.command} 出错")  # the traceback to the log file, nothing more printed
        return refuse(args, _unexpected(exc))
    finally:
        auth.logout()
        db.close_database()
