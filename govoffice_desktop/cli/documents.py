"""``incoming ACTION`` and ``outgoing ACTION``: 收文 and 发文 handled from the command line, over the
services (``services/documents/incoming.py`` and ``outgoing.py``), which hold every rule and right.

Each action takes its own options (``ACTIONS``): one that does not belong to it, or a missing one,
is a usage error (exit 2) before the database is opened; the services' refusals exit 1.
"""
from __future__ import annotations

import argparse
from datetime import date

from govoffice_desktop.cli.usage import incoming_no
from govoffice_desktop.models.db import database
from govoffice_desktop.models.documents import IN_DONE, PUBLICITY, URGENCIES, OutgoingDocument
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.services import workdays
from govoffice_desktop.services.documents import incoming, outgoing
from govoffice_desktop.services.documents.numbers import outgoing_number, parse_number
from govoffice_desktop.services.validation import BadValue

# option dest -> flag, of both commands
FLAGS = {
    "no": "--no", "id": "--id", "from_unit": "--from-unit", "ref": "--ref", "title": "--title",
    "received": "--received", "urgency": "--urgency", "secrecy": "--secrecy", "copies": "--copies",
    "proposal": "--proposal", "instruction": "--instruction", "leader": "--leader", "on": "--on",
    "limit_days": "--limit-days", "limit_reason": "--limit-reason", "section": "--section", "handler_name": "--handler",
    "note": "--note", "reader": "--reader", "sent": "--sent", "read": "--read", "result": "--result",
    "reason": "--reason", "archive_no": "--archive-no", "prefix": "--prefix", "drafter": "--drafter",
    "reviewer": "--reviewer", "main_to": "--main-to", "copy_to": "--copy-to", "publicity": "--publicity",
    "signer": "--signer", "prefix_list": "--set",
}
# command -> action -> (help, required options, optional options); "no|id": one of the two
ACTIONS = {
    "incoming": {
        "register": ("签收登记，给出收文编号", ("from_unit", "title"),
                     ("ref", "received", "urgency", "secrecy", "copies")),
        "correct": ("更正登记（只改给出的项，编号不变；办理时限随收文日期、紧急程度重算）", ("no",),
                    ("from_unit", "ref", "title", "received", "urgency", "secrecy", "copies")),
        "review": ("拟办意见和/或领导批示（--instruction 须同时给 --leader）", ("no",),
                   ("proposal", "instruction", "leader", "on", "limit_days", "limit_reason")),
        "assign": ("交办：承办科室和承办人，办理时限随之计算", ("no", "section"), ("handler_name",)),
        "step": ("登记办理过程（默认今天）", ("no", "note"), ("on",)),
        "circulate": ("传阅：送阅（--sent，默认今天）或登记阅退（--read）", ("no", "reader"), ("sent", "read")),
        "close": ("办结（默认今天）", ("no", "result"), ("on",)),
        "to-task": ("转为督办事项（须有领导批示和承办人）", ("no",), ("on",)),
        "void": ("作废收文编号（写明原因，编号保留）", ("no", "reason"), ()),
        "file": ("归档（办结或转督办后）", ("no", "archive_no"), ("on",)),
        "show": ("显示一件收文的全部记录", ("no",), ()),
    },
    "outgoing": {
        "draft": ("拟稿（未编号，给出 --id）", ("prefix", "title", "section", "drafter", "main_to"),
                  ("reviewer", "copy_to", "publicity", "urgency", "on")),
        "sign": ("签发，给出发文字号", ("id", "signer"), ("on",)),
        "issue": ("印发（签发之后）", ("no|id", "copies"), ("on",)),
        "void": ("作废（草稿或已签发未印发的，写明原因）", ("no|id", "reason"), ()),
        "show": ("显示一份发文", ("no|id",), ()),
        "prefixes": ("列出发文代字；--set 设定整张列表（用、分隔，如 宿政办发、宿政办函）", (), ("prefix_list",)),
    },
}
LIGHTS = (workdays.GREEN, workdays.YELLOW, workdays.RED)
# incoming correct: option dest -> (the registration's field, its name)
CORRECTED = {"from_unit": ("source_unit", "来文单位"), "ref": ("source_ref", "来文字号"), "title": ("title", "标题"),
             "received": ("received_on", "收文日期"), "urgency": ("urgency", "紧急程度"),
             "secrecy": ("secrecy", "密级"), "copies": ("copies", "份数")}
EXAMPLE = {"incoming": "收〔2026〕12号", "outgoing": "宿政办发〔2026〕3号"}


def outgoing_no(text: str) -> str:
    """--no 宿政办发〔2026〕3号: a usage error when it is no 发文字号."""
    try:
        return outgoing_number(*parse_number(text))
    except BadValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}") from None
    if not 1 <= value <= 100000:
        raise argparse.ArgumentTypeError(f"应为 1 至 100000 之间的整数：{text}")
    return value


def add_commands(sub, date_type, json_flag, handler) -> None:
    """The two commands, on the main parser's ``sub``; ``handler`` runs ``args.work`` (the package's
    way of printing a result or a refusal)."""
    for command, label, work in (("incoming", "收文", incoming_work), ("outgoing", "发文", outgoing_work)):
        actions = ACTIONS[command]
        p = sub.add_parser(command, help=f"{label}办理：" + "；".join(f"{a} {h}" for a, (h, _r, _o) in actions.items()))
        p.add_argument("action", choices=list(actions), help="；".join(f"{a} {h}" for a, (h, _r, _o) in actions.items()))
        if command == "incoming":
            p.add_argument("--no", type=incoming_no, metavar="收〔2026〕N号", help="收文编号")
            p.add_argument("--from-unit", metavar="单位", help="register、correct：来文单位")
            p.add_argument("--ref", metavar="字号", help="register、correct：来文字号，如 苏政发〔2026〕12号")
            p.add_argument("--title", help="register、correct：标题")
            p.add_argument("--received", type=date_type, metavar="YYYY-MM-DD", help="register：收文日期（默认今天）；correct：改正的收文日期（同一年内）")
            p.add_argument("--urgency", choices=URGENCIES, help="register：紧急程度（默认平件）；correct：改正的紧急程度")
            p.add_argument("--secrecy", metavar="公开|内部", help="register、correct：密级（默认公开；涉密文件不在本系统登记）")
            p.add_argument("--copies", type=_positive, metavar="N", help="register：份数（默认1）；correct：改正的份数")
            p.add_argument("--proposal", metavar="TEXT", help="review：拟办意见")
            p.add_argument("--instruction", metavar="TEXT", help="review：领导批示")
            p.add_argument("--leader", metavar="姓名", help="review：批示领导")
            p.add_argument("--limit-days", type=_positive, metavar="N", help="review：领导另定的办理时限（工作日）")
            p.add_argument("--limit-reason", metavar="TEXT", help="review：另定时限的依据")
            p.add_argument("--section", metavar="科室", help="assign：承办科室")
            p.add_argument("--handler", dest="handler_name", metavar="姓名", help="assign：承办人（该科室的人员，或照写的姓名）")
            p.add_argument("--note", metavar="TEXT", help="step：办理情况")
            p.add_argument("--reader", metavar="姓名", help="circulate：传阅领导（多位用、分隔）")
            p.add_argument("--sent", type=date_type, metavar="YYYY-MM-DD", help="circulate：送阅日期（默认今天）")
            p.add_argument("--read", type=date_type, metavar="YYYY-MM-DD", help="circulate：阅退日期")
            p.add_argument("--result", metavar="TEXT", help="close：办理结果")
            p.add_argument("--reason", metavar="TEXT", help="void：作废原因")
            p.add_argument("--archive-no", metavar="档号", help="file：档号")
            p.add_argument("--on", type=date_type, metavar="YYYY-MM-DD",
                           help="review 批示日期、step 日期、close 办结日期、to-task 转督办日期、file 归档日期（默认今天）")
        else:
            p.add_argument("--id", type=_positive, metavar="N", help="发文的编号 id（draft 给出；show、export outgoing 也列出）")
            p.add_argument("--no", type=outgoing_no, metavar="宿政办发〔2026〕N号", help="发文字号（签发后才有）")
            p.add_argument("--prefix", metavar="代字", help="draft：发文代字，如 宿政办发")
            p.add_argument("--title", help="draft：标题")
            p.add_argument("--section", metavar="科室", help="draft：拟稿科室")
            p.add_argument("--drafter", metavar="姓名", help="draft：拟稿人")
            p.add_argument("--reviewer", metavar="姓名", help="draft：核稿人")
            p.add_argument("--main-to", metavar="机关", help="draft：主送")
            p.add_argument("--copy-to", metavar="机关", help="draft：抄送")
            p.add_argument("--publicity", choices=PUBLICITY, help="draft：公开属性")
            p.add_argument("--urgency", choices=URGENCIES, help="draft：紧急程度（默认平件）")
            p.add_argument("--signer", metavar="姓名", help="sign：签发人")
            p.add_argument("--set", dest="prefix_list", metavar="代字、代字",
                           help="prefixes：设定本办的发文代字（整张列表，用、分隔）")
            p.add_argument("--copies", type=_positive, metavar="N", help="issue：印发份数")
            p.add_argument("--reason", metavar="TEXT", help="void：作废原因")
            p.add_argument("--on", type=date_type, metavar="YYYY-MM-DD",
                           help="draft 拟稿日期、sign 签发日期、issue 印发日期（默认今天）")
        json_flag(p, top=False)
        p.set_defaults(handler=handler, work=work, misuse=misuse, creates=False)


def misuse(args: argparse.Namespace) -> str | None:
    """An option the action does not take, or one it needs missing (a usage error, exit 2)."""
    command, action = args.command, args.action
    _help, needed, optional = ACTIONS[command][action]
    allowed = {part for name in (*needed, *optional) for part in name.split("|")}
    for dest, flag in FLAGS.items():
        if dest not in allowed and getattr(args, dest, None) not in (None, ""):
            takers = "、".join(a for a, (_h, r, o) in ACTIONS[command].items()
                              if dest in {p for n in (*r, *o) for p in n.split("|")})
            return f"{flag} 只用于 {command} {takers}" if takers else f"{command} 没有 {flag} 选项"
    for name in needed:
        given = [part for part in name.split("|") if getattr(args, part, None) not in (None, "")]
        if not given:
            flags = " 或 ".join(FLAGS[part] for part in name.split("|"))
            example = f"，例如 --no {EXAMPLE[command]}" if "no" in name.split("|") else ""
            return f"{command} {action} 需要 {flags}{example}"
        if len(given) > 1:
            return f"{command} {action}：{' 和 '.join(FLAGS[p] for p in given)} 只给一个"
    if command == "incoming" and action == "review":
        if not args.proposal and not args.instruction:
            return "incoming review 需要 --proposal（拟办意见）或 --instruction（领导批示）"
        if args.instruction and not args.leader:
            return "incoming review 的 --instruction 需要 --leader（批示领导）"
        if (args.leader or args.on or args.limit_days or args.limit_reason) and not args.instruction:
            return "--leader、--on、--limit-days、--limit-reason 随 --instruction（领导批示）一起给"
        if args.limit_days and not args.limit_reason:
            return "--limit-days 需要 --limit-reason（另定时限的依据）"
    if command == "incoming" and action == "correct" and not any(
            getattr(args, dest) not in (None, "") for dest in CORRECTED):
        return ("incoming correct 需要至少一项要更正的：" + "、".join(FLAGS[dest] for dest in CORRECTED))
    if command == "incoming" and action == "circulate" and args.sent and args.read and args.read < args.sent:
        return f"--read {args.read} 早于 --sent {args.sent}"
    return None


# ---------------------------------------------------------------- shared
def _section(name: str) -> Section:
    section = Section.get_or_none(Section.name == name.strip())
    if section is None:
        raise BadValue(f"没有名为“{name.strip()}”的科室")
    return section


def _person_in(section: Section, name: str | None):
    """A person of ``section`` called ``name`` (the staff file), else the name as written."""
    if not name or not name.strip():
        return None
    found = list(Person.select().where(Person.name == name.strip(), Person.section == section.id).limit(2))
    return found[0] if len(found) == 1 else name.strip()


# ---------------------------------------------------------------- 收文
def _incoming(args):
    doc = incoming.document_by_number(args.no)
    if doc is None:
        raise BadValue(f"没有收文编号为 {args.no} 的收文")
    return doc


def _record_lines(r: dict) -> list[str]:
    lines = [f"{r['no']}　{r['title']}（{r['status']}{'，' + r['light'] + '灯' if r['light'] in LIGHTS else ''}）",
             f"  来文：{r['source_unit']} {r['source_ref']}，{r['received_on']} 收，{r['copies']}份，"
             f"{r['urgency']}，{r['secrecy']}"]
    if r["proposal"]:
        lines.append(f"  拟办意见：{r['proposal']}（{r['proposed_by']}）")
    if r["instruction"]:
        lines.append(f"  领导批示：{r['instructed_by']}（{r['instructed_on']}）：{r['instruction']}")
    if r["section"]:
        lines.append(f"  承办：{r['section']}{' ' + r['handler'] if r['handler'] else ''}")
    timing = f"  办理时限：{r['deadline']}" + (f"（{r['deadline_note']}）" if r["deadline_note"] else "")
    if r["working_days_over"]:
        timing += f"，已超期 {r['working_days_over']} 个工作日"
    elif r["working_days_left"] is not None:
        timing += f"，还有 {r['working_days_left']} 个工作日"
    lines.append(timing)
    lines += [f"  {s['noted_on']} {s['note']}" for s in r["steps"]]
    lines += [f"  传阅：{c['reader']} {c['sent_on']} 送阅" + (f"，{c['read_on']} 阅退" if c["read_on"] else "，未阅退")
              for c in r["circulation"]]
    if r["done_on"]:
        lines.append(f"  {r['status']}：{r['done_on']} {r['result']}")
    if r["task"]:
        lines.append(f"  督办事项：{r['task']['title']}（{r['task']['status']}）")
    if r["void_reason"]:
        lines.append(f"  作废原因：{r['void_reason']}")
    if r["archive_no"]:
        lines.append(f"  档号：{r['archive_no']}（{r['filed_on']} 归档）")
    return lines


def incoming_work(args) -> tuple[dict, list[str]]:
    today = date.today()
    said = ""
    if args.action == "register":
        doc = incoming.register({"source_unit": args.from_unit, "source_ref": args.ref, "title": args.title,
                                 "received_on": args.received or today, "urgency": args.urgency,
                                 "secrecy": args.secrecy, "copies": args.copies})
        said = f"已登记 {incoming.number_of(doc)}，办理时限 {doc.deadline}"
    else:
        doc = _incoming(args)
        no = incoming.number_of(doc)
        if args.action == "correct":
            data = {field: getattr(doc, field) for field, _name in CORRECTED.values()}
            given = {dest: value for dest in CORRECTED if (value := getattr(args, dest)) not in (None, "")}
            data.update({CORRECTED[dest][0]: value for dest, value in given.items()})
            deadline = doc.deadline
            doc = incoming.correct(doc, data)
            said = f"已更正{no}的" + "、".join(CORRECTED[dest][1] for dest in given)
            if doc.deadline != deadline:
                said += f"，办理时限改为 {doc.deadline}"
        elif args.action == "review":
            incoming.review(doc, {"proposal": args.proposal, "instruction": args.instruction,
                                  "instructed_by": args.leader, "instructed_on": args.on,
                                  "limit_days": args.limit_days, "limit_reason": args.limit_reason})
            said = f"已登记{no}的" + "和".join(w for w, v in (("拟办意见", args.proposal),
                                                              ("领导批示", args.instruction)) if v)
        elif args.action == "assign":
            section = _section(args.section)
            incoming.assign(doc, section, _person_in(section, args.handler_name))
            said = f"已把{no}交{section.name}承办，办理时限 {doc.deadline}"
        elif args.action == "step":
            incoming.add_step(doc, args.on or today, args.note)
            said = f"已登记{no}的办理过程"
        elif args.action == "circulate":
            names = incoming.reader_names(args.reader)
            if not names:
                raise BadValue("请写明传阅的领导")
            with database.atomic():
                if args.sent or not args.read:
                    incoming.circulate(doc, names, args.sent or today)
                if args.read:
                    for name in names:
                        row = next((c for c in incoming.circulation_of(doc)
                                    if c.reader_name == name and c.read_on is None), None)
                        if row is None:
                            raise BadValue(f"{name}没有在阅{no}，无从登记阅退")
                        incoming.mark_read(row, args.read)
            said = f"已登记{no}的传阅（{'、'.join(names)}）"
        elif args.action == "close":
            incoming.complete(doc, args.on or today, args.result)
            said = f"{no}{IN_DONE}"
        elif args.action == "to-task":
            task = incoming.to_task(doc, args.on)
            said = f"{no}已转为督办事项“{task.title}”（id {task.id}）"
        elif args.action == "void":
            incoming.void(doc, args.reason)
            said = f"{no}已作废"
        elif args.action == "file":
            incoming.file_document(doc, args.archive_no, args.on)
            said = f"{no}已归档，档号 {args.archive_no.strip()}"
        doc = incoming.document_by_id(doc.id)
    record = incoming.record_of(doc, today)
    lines = _record_lines(record)
    return record, ([said] if said else []) + (lines if not said else lines[:1])


# ---------------------------------------------------------------- 发文
def _outgoing(args) -> OutgoingDocument:
    if args.id is not None:
        doc = outgoing.outgoing_by_id(args.id)
        if doc is None:
            raise BadValue(f"没有 id 为 {args.id} 的发文")
        return doc
    prefix, year, serial = parse_number(args.no)
    doc = OutgoingDocument.get_or_none(OutgoingDocument.prefix == prefix, OutgoingDocument.year == year,
                                       OutgoingDocument.serial == serial)
    if doc is None:
        raise BadValue(f"没有发文字号为 {args.no} 的发文")
    return doc


def _outgoing_lines(r: dict) -> list[str]:
    lines = [f"{r['number'] or r['prefix'] + '（未编号）'}　{r['title']}（{r['status']}，id {r['id']}）",
             f"  拟稿：{r['section']} {r['drafter']}，{r['drafted_on']}" + (f"，核稿 {r['reviewer']}" if r["reviewer"] else ""),
             f"  主送：{r['main_to']}" + (f"；抄送：{r['copy_to']}" if r["copy_to"] else "")]
    if r["signed_on"]:
        lines.append(f"  签发：{r['signer']}，{r['signed_on']}")
    if r["printed_on"]:
        lines.append(f"  印发：{r['printed_on']}，{r['copies']}份")
    if r["void_reason"]:
        lines.append(f"  作废原因：{r['void_reason']}")
    return lines


def outgoing_work(args) -> tuple[dict, list[str]]:
    today = date.today()
    said = ""
    if args.action == "prefixes":  # the office's 发文代字: listed, or set as a whole list
        if args.prefix_list:
            listed = outgoing.set_prefixes(args.prefix_list)
            return {"prefixes": listed}, ["已设定发文代字：" + "、".join(listed)]
        listed = outgoing.prefixes()
        return {"prefixes": listed}, (["发文代字：" + "、".join(listed)] if listed else
                                      ["还没有设定发文代字：outgoing prefixes --set 宿政办发、宿政办函"])
    if args.action == "draft":
        section = _section(args.section)
        drafter = _person_in(section, args.drafter)
        doc = outgoing.draft({"prefix": args.prefix, "title": args.title, "section": section,
                              "drafter": drafter if isinstance(drafter, Person) else None,
                              "drafter_name": drafter if isinstance(drafter, str) else "",
                              "reviewer": args.reviewer, "main_to": args.main_to, "copy_to": args.copy_to,
                              "publicity": args.publicity, "urgency": args.urgency, "drafted_on": args.on})
        said = f"已拟稿《{doc.title}》，id {doc.id}（签发时编号：outgoing sign --id {doc.id} --signer 姓名）"
    else:
        doc = _outgoing(args)
        if args.action == "sign":
            doc = outgoing.sign(doc, args.signer, args.on or today)
            said = f"已签发，发文字号 {outgoing.number_of(doc)}"
        elif args.action == "issue":
            doc = outgoing.issue(doc, args.on or today, args.copies)
            said = f"{outgoing.number_of(doc)}已印发，{doc.copies}份"
        elif args.action == "void":
            doc = outgoing.void(doc, args.reason)
            said = f"{outgoing.number_of(doc) or '《' + doc.title + '》'}已作废"
    row = outgoing.document_row(outgoing.outgoing_by_id(doc.id))
    lines = _outgoing_lines(row)
    return row, ([said] if said else []) + (lines if not said else lines[:1])
