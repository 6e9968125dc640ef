"""Usage errors found after argparse: an option given to a command it does not belong to, a value
of the wrong shape, arguments that contradict each other.  Each is said in Chinese and exits 2
(``parse`` calls ``parser.error``) before any database is opened; a refusal of the data exits 1."""
from __future__ import annotations

import argparse

from govoffice_desktop.reports.catalog import PDF_DOCUMENTS
from govoffice_desktop.services import ratings
from govoffice_desktop.services.documents.numbers import incoming_number, parse_incoming_number
from govoffice_desktop.services.validation import BadValue

MONTH_REPORTS = ("supervision", "bonus", "savings", "finance", "documents")  # report NAME --month
FILE_REPORTS = ("supervision", "bonus", "documents")  # report NAME --pdf / --xlsx
VEHICLE_KINDS = ("trips", "refuels", "incidents")  # import KIND --vehicle
PDF_OPTIONS = {"date_from": "--from", "date_to": "--to", "no": "--no", "reprint": "--reprint"}  # pdf NAME's own


def incoming_no(text: str) -> str:
    """--no 收〔2026〕12号 (any bracket): a usage error when it is no 收文编号; kept as the office writes it."""
    try:
        return incoming_number(*parse_incoming_number(text))
    except BadValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def period(text: str) -> str:
    """--period 2025Q3 (or 2025年第三季度): a usage error when it is no quarter; kept as written."""
    try:
        ratings.parse_period(text)
    except BadValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def misuse(args: argparse.Namespace) -> str | None:
    """Why the command line is wrong, or None."""
    command = args.command
    if command == "report":
        if (args.pdf or args.xlsx) and args.name not in FILE_REPORTS:
            return "--pdf 和 --xlsx 只用于 report supervision、bonus 和 documents（其他文件请用 pdf 或 export 命令）"
        if args.month and args.name not in MONTH_REPORTS:
            return "--month 只用于 report supervision、bonus、savings、finance 和 documents"
        if args.person and args.name != "rank-record":
            return "--person 只用于 report rank-record"
        if args.issue is not None and args.name != "supervision":
            return "--issue 只用于 report supervision"
        if args.date_from and args.date_to and args.date_to < args.date_from:
            return f"--to {args.date_to} 早于 --from {args.date_from}"
    elif command == "pdf":
        printable = PDF_DOCUMENTS[args.name]
        for name, flag in PDF_OPTIONS.items():
            if getattr(args, name) not in (None, False) and name not in printable.options:
                takers = "、".join(d.name for d in PDF_DOCUMENTS.values() if name in d.options)
                return f"{flag} 只用于 pdf {takers}"
        for name in printable.required:
            if getattr(args, name) in (None, ""):
                return f"pdf {args.name} 需要 {PDF_OPTIONS[name]}，例如 pdf {args.name} 催办单.pdf --no 收〔2026〕12号"
        if args.date_from and args.date_to and args.date_to < args.date_from:
            return f"--to {args.date_to} 早于 --from {args.date_from}"
    elif command == "import":
        if args.kind != "rating-tallies" and (args.period or args.direction or args.group or args.keep_open):
            return "--period、--direction、--group、--open 只用于 import rating-tallies"
        if args.vehicle and args.kind not in VEHICLE_KINDS:
            return "--vehicle 只用于 import trips、refuels、incidents"
    elif getattr(args, "misuse", None) is not None:  # a command that checks its own (cli/documents.py)
        return args.misuse(args)
    elif command == "users":
        if args.action != "list" and not args.name:
            return f"users {args.action} 需要用户名，例如 users {args.action} admin"
        if args.action == "add" and not args.role:
            return "users add 需要用 --role 指定角色（管理员、督查员、科室录入员、领导、文印管理员、车辆管理员）"
    return None
