"""演示数据 of 文电办理: a year of 收文 and 发文.

收文: a few hundred documents from the province, the city's party and government offices, its
departments and the counties, numbered 收〔year〕N号 in the order received (from 1 in each year,
no gaps), their 办理时限 from the rules (``workdays.deadline_for``; a few with a leader's own),
拟办, 批示, 承办, 办理过程 and 传阅; most done on time, some late, a few still open and overdue on
the demo's day, some handed on as 督办事项 (转督办, with their task), the older ones filed with a
档号, one voided with its reason.

发文: the office's 宿政办发 and 宿政办函 documents typed by the pool (the typing log's numbers are
theirs: 签发 the day typed, 印发 the next working day, numbered in that order), the last months'
linked to their typing log (``TypingLog.outgoing``), a few drafts not yet signed, the last days'
signed and not yet printed, one voided keeping its number.

Written through the models (the 文电办理 services of registering and 签发 come with their own
parts); every draw from the part's own generators, every date from ``as_of``."""
from __future__ import annotations

import random
from datetime import date, timedelta

from govoffice_desktop.models.documents import (EXPEDITED, IN_DONE, IN_OPEN, IN_SUPERVISED, IN_VOID, ORDINARY,
                                                OUT_DRAFT, OUT_ISSUED, OUT_SIGNED, OUT_VOID, URGENT, Circulation,
                                                IncomingDocument, IncomingStep, OutgoingDocument)
from govoffice_desktop.models.supervision import TASK_DONE, TASK_OPEN, SupervisedTask
from govoffice_desktop.models.typing_pool import TypingLog
from govoffice_desktop.services import workdays
from govoffice_desktop.services.demo.reference import BULLETIN_TOPICS, DOC_TOPICS, REPLY_TOPICS, REPORT_TOPICS
from govoffice_desktop.services.documents.numbers import incoming_number, parse_number

# 来文单位 and the 代字 of their numbers, with how often they write (weight)
SENDERS = [
    ("江苏省人民政府", "苏政发", 3), ("江苏省人民政府办公厅", "苏政办发", 6), ("江苏省人民政府办公厅", "苏政办函", 3),
    ("中共宿迁市委", "宿发", 2), ("中共宿迁市委办公室", "宿办发", 5), ("中共宿迁市委办公室", "宿委办", 2),
    ("宿迁市发展和改革委员会", "宿发改", 5), ("宿迁市财政局", "宿财", 5), ("宿迁市教育局", "宿教", 3),
    ("宿迁市住房和城乡建设局", "宿建", 3), ("宿迁市应急管理局", "宿应急", 4), ("宿迁市自然资源和规划局", "宿自然资", 3),
    ("宿迁市人力资源和社会保障局", "宿人社", 3), ("宿迁市农业农村局", "宿农", 3), ("宿迁市公安局", "宿公", 2),
    ("沭阳县人民政府", "沭政发", 3), ("泗阳县人民政府", "泗政发", 3), ("泗洪县人民政府", "洪政发", 3),
    ("宿豫区人民政府", "宿豫政发", 2), ("宿城区人民政府", "宿城政发", 2), ("江苏省发展和改革委员会", "苏发改", 2),
]
HANDLING_SECTIONS = ("秘书一科", "秘书二科", "秘书三科", "综合科", "督查室", "调研室", "行政科", "财务科", "接待科")
RESULTS = ["已按文件要求部署落实，情况已报来文单位", "已阅知，按要求抓好落实", "已会同相关部门办理完毕，结果已书面反馈",
           "已报送书面材料", "已提出办理意见，经领导同意后答复来文单位", "已转发相关县区和部门贯彻执行"]
STEPS = ["已送{section}办理", "已电话联系来文单位核实有关情况", "已召集相关部门研究办理意见", "已形成办理意见，报领导审核",
         "已催报有关县区材料"]
ARCHIVE_RETENTION = ("Y", "D30", "D10")  # 永久、30年、10年
OVERDUE_OPEN = 3  # 收文 of the last weeks still open past their limit on the demo's day (首页 lists them)


class _DocumentsPart:
    """文电办理: 收文 with their handling, 发文 from the typing pool's numbered documents."""

    # =================================================================== documents
    def build_documents(self) -> None:
        self.calendar = workdays.Calendar()
        leaders = [p for p in self.people if self.person_role[p.id] in ("leader", "vice") and p.status == "在岗"]
        self.doc_leaders = leaders or [self.director]
        wd = self.sections["文电科"]
        self.doc_clerks = [p for p in self.members[wd.id] if not p.is_typist] or [self.director]
        self.sections_by_id = {s.id: s for s in self.sections.values()}
        self.build_incoming()
        self.build_outgoing()

    def _handlers(self, section) -> list:
        return [p for p in self.members[section.id] if self.person_role[p.id] in ("chief", "deputy", "clerk")
                and p.status in ("在岗", "试用期")]

    def _source_ref(self, rng: random.Random, prefix: str, day: date, counters: dict) -> str:
        key = (prefix, day.year)
        if key not in counters:
            counters[key] = rng.randint(0, 6) + day.timetuple().tm_yday // rng.randint(4, 9)
        counters[key] += rng.randint(1, 3)
        return f"{prefix}〔{day.year}〕{counters[key]}号"

    @staticmethod
    def _title(rng: random.Random, unit: str) -> str:
        kind = rng.choices(["通知", "意见", "请示", "报告", "函", "通报"], weights=[40, 10, 12, 14, 14, 10])[0]
        if kind == "请示":
            return f"关于{rng.choice(REPLY_TOPICS)}的请示"
        if kind == "报告":
            return f"关于{rng.choice(REPORT_TOPICS)}情况的报告"
        if kind == "函":
            return f"关于商请支持{rng.choice(DOC_TOPICS)}的函"
        if kind == "通报":
            return f"关于{rng.choice(BULLETIN_TOPICS)}情况的通报"
        return f"关于{rng.choice(DOC_TOPICS)}的{kind}"

    # ------------------------------------------------------------------- 收文
    def build_incoming(self) -> None:
        rng = self.rng("documents-in")
        cal, as_of = self.calendar, self.as_of
        weights = [w for *_, w in SENDERS]
        sections = [self.sections[n] for n in HANDLING_SECTIONS if self.sections[n].active]
        proposer = next((p for p in self.doc_clerks if self.person_role[p.id] == "chief"), self.doc_clerks[0])
        limits: dict[tuple[str, date], int] = {}
        counters: dict = {}
        serials: dict[int, int] = {}
        docs, plans = [], []
        for day in self.workdays:
            for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
                unit, prefix, _w = rng.choices(SENDERS, weights=weights)[0]
                urgency = rng.choices([URGENT, EXPEDITED, ORDINARY], weights=[8, 22, 70])[0]
                own = rng.random() < 0.04  # a leader's own limit
                days = rng.choice([2, 3, 5]) if own else limits.setdefault(
                    (urgency, day), workdays.limit_days(urgency, day))
                deadline = workdays.deadline_for(urgency, day, days, cal)
                section = rng.choice(sections)
                handler = rng.choice(self._handlers(section) or [self.director])
                serials[day.year] = serials.get(day.year, 0) + 1
                doc = dict(year=day.year, serial=serials[day.year], received_on=day, source_unit=unit,
                           source_ref=self._source_ref(rng, prefix, day, counters), title=self._title(rng, unit),
                           copies=rng.choice([1, 1, 1, 2, 2, 3, 5]), urgency=urgency, secrecy=rng.choices(
                               ["公开", "内部"], weights=[75, 25])[0], registered_by=rng.choice(self.doc_clerks).name,
                           proposal=f"拟请{section.name}阅办，按时限办理并反馈。", proposed_by=proposer.name,
                           section=section.id, handler=handler.id, handler_name=handler.name,
                           limit_days=days if own else None, deadline=deadline,
                           deadline_note=f"{self.director.name}批示：请于{days}个工作日内办结" if own else "",
                           status=IN_OPEN, done_on=None, result="", task=None, void_reason="", archive_no="",
                           filed_on=None, instruction="", instructed_by="", instructed_on=None)
                if rng.random() < 0.4 or own:  # 领导批示
                    leader = self.director if own else rng.choice(self.doc_leaders)
                    doc.update(instruction=f"请{section.name}抓紧办理，{rng.choice(['按时', '及时', '尽快'])}反馈结果。",
                               instructed_by=leader.name, instructed_on=min(cal.add(day, rng.randint(0, 1)), as_of))
                docs.append(doc)
                plans.append(rng.random())
        self._settle(rng, docs, plans)
        if docs:  # one registered twice: voided, its number kept
            voided = docs[len(docs) // 2]
            same = incoming_number(voided["year"], voided["serial"] - 1 if voided["serial"] > 1 else voided["serial"] + 1)
            voided.update(status=IN_VOID, done_on=None, result="", archive_no="", filed_on=None,
                          void_reason=f"重复登记（与{same}为同一文件）")
        self._hand_on_as_tasks(rng, docs)
        self.bulk(IncomingDocument, docs)
        ids = {(y, s): i for i, y, s in IncomingDocument.select(IncomingDocument.id, IncomingDocument.year,
                                                                 IncomingDocument.serial).tuples()}
        self._steps_and_circulation(rng, docs, ids)

    def _settle(self, rng: random.Random, docs: list[dict], plans: list[float]) -> None:
        """How each document ended as of the demo's day: on time mostly, some late, a few overdue and open."""
        cal, as_of = self.calendar, self.as_of
        overdue_open = 0
        for doc, plan in zip(docs, plans):
            received, deadline = doc["received_on"], doc["deadline"]
            if deadline < as_of:  # its limit has passed
                if overdue_open < OVERDUE_OPEN and received >= as_of - timedelta(days=45) and plan < 0.12:
                    overdue_open += 1
                    continue  # still 办理中: overdue
                if plan < 0.08:
                    done = min(cal.add(deadline, rng.randint(1, 6)), as_of)
                else:
                    done = cal.add(received, rng.randint(0, cal.between(received, deadline)))
            elif plan < 0.45:  # not due yet, done already
                done = cal.add(received, rng.randint(0, max(0, cal.between(received, as_of))))
            else:
                continue
            if done > as_of:
                continue
            doc.update(status=IN_DONE, done_on=done, result=rng.choice(RESULTS))
            if done <= as_of - timedelta(days=60) and rng.random() < 0.75:  # 归档
                year = received.year
                doc.update(archive_no=f"0127-{year}-{rng.choice(ARCHIVE_RETENTION)}-{doc['serial']:04d}",
                           filed_on=min(done + timedelta(days=rng.randint(10, 40)), as_of))

    def _hand_on_as_tasks(self, rng: random.Random, docs: list[dict]) -> None:
        """转督办: a few documents with a leader's 批示 become 督办事项, as the step does it; those of
        past months done since as 督办事项, one of the last days still in hand (its limit not near)."""
        cal, as_of = self.calendar, self.as_of
        chosen = [d for d in docs if d["instruction"] and d["status"] in (IN_OPEN, IN_DONE)]
        older = [d for d in chosen if d["deadline"] < as_of - timedelta(days=30)]
        recent = [d for d in chosen if d["deadline"] > cal.add(as_of, 2)]
        picked = rng.sample(older, min(5, len(older))) + rng.sample(recent, min(1, len(recent)))
        for doc in sorted(picked, key=lambda d: (d["year"], d["serial"])):
            day = min(max(doc["instructed_on"] or doc["received_on"], doc["received_on"]), doc["deadline"], as_of)
            task_done = doc["deadline"] < as_of
            completed = min(cal.add(day, rng.randint(2, 12)), as_of) if task_done else None
            task = SupervisedTask.create(
                source="领导交办", title=doc["title"], requirement=doc["instruction"], person=doc["handler"],
                person_name=doc["handler_name"], section=doc["section"], assigned_on=doc["received_on"],
                deadline=doc["deadline"], status=TASK_DONE if task_done else TASK_OPEN, completed_on=completed,
                result="已按批示要求办结，情况已报领导" if task_done else "")
            doc.update(status=IN_SUPERVISED, done_on=day, task=task.id, result="已转为督办事项", archive_no="",
                       filed_on=None)

    def _steps_and_circulation(self, rng: random.Random, docs: list[dict], ids: dict) -> None:
        cal, as_of = self.calendar, self.as_of
        steps, reads = [], []
        for doc in docs:
            if doc["status"] == IN_VOID:
                continue
            doc_id = ids[(doc["year"], doc["serial"])]
            last = doc["done_on"] or as_of
            section = self.sections_by_id[doc["section"]]
            notes = [STEPS[0].format(section=section.name), *rng.sample(STEPS[1:], 2)]
            for m in range(rng.randint(1, 3)):
                noted = doc["received_on"] + timedelta(days=(last - doc["received_on"]).days * m // 3)
                steps.append(dict(document=doc_id, noted_on=noted, noted_by=doc["handler_name"], note=notes[m]))
            if rng.random() < 0.3:  # 传阅
                for leader in rng.sample(self.doc_leaders, rng.randint(1, min(3, len(self.doc_leaders)))):
                    sent = min(cal.add(doc["received_on"], rng.randint(0, 1)), as_of)
                    read = cal.add(sent, rng.randint(0, 3))
                    reads.append(dict(document=doc_id, reader=leader.id, reader_name=leader.name, sent_on=sent,
                                      read_on=read if read <= as_of else None, remark=""))
        steps.sort(key=lambda s: (s["noted_on"], s["document"]))
        self.bulk(IncomingStep, steps)
        self.bulk(Circulation, reads)

    # ------------------------------------------------------------------- 发文
    def build_outgoing(self) -> None:
        rng = self.rng("documents-out")
        cal, as_of = self.calendar, self.as_of
        drafting = [self.sections[n] for n in ("秘书一科", "秘书二科", "秘书三科", "综合科", "调研室")
                    if self.sections[n].active]
        reviewer = next((p for p in self.doc_clerks if self.person_role[p.id] == "chief"), self.doc_clerks[0]).name
        signers = [self.director] + [p for p in self.doc_leaders if p is not self.director][:2]
        logs = list(TypingLog.select(TypingLog.id, TypingLog.typed_on, TypingLog.title, TypingLog.doc_number)
                    .where(TypingLog.doc_number.startswith("宿政办发") | TypingLog.doc_number.startswith("宿政办函"))
                    .order_by(TypingLog.typed_on, TypingLog.id).tuples())
        last_days = {d for d in self.workdays[-2:]}
        rows = []
        for _log_id, typed_on, title, number in logs:
            prefix, year, serial = parse_number(number)
            section = rng.choice(drafting)
            drafter = rng.choice(self._handlers(section) or [self.director])
            letter = prefix.endswith("函")
            printed = None if typed_on in last_days else cal.add(typed_on, rng.choice([0, 1, 1]))
            printed = printed if printed is None or printed <= as_of else None
            rows.append(dict(prefix=prefix, year=year, serial=serial, title=title, section=section.id,
                             drafter=drafter.id, drafter_name=drafter.name,
                             drafted_on=typed_on - timedelta(days=rng.randint(1, 8)), reviewer=reviewer,
                             signer=rng.choice(signers).name, signed_on=typed_on, printed_on=printed,
                             copies=rng.randint(3, 10) if letter else rng.choice([40, 60, 80, 120, 150]),
                             main_to=rng.choice(["江苏省人民政府办公厅", "宿迁市发展和改革委员会", "沭阳县人民政府"]) if letter
                             else "各县、区人民政府，市各委、办、局，市各直属单位",
                             copy_to="" if letter else "市委办公室，市人大常委会办公室，市政协办公室",
                             publicity=rng.choice(["依申请公开", "不予公开"]) if letter else "主动公开",
                             urgency=rng.choices([ORDINARY, EXPEDITED, URGENT], weights=[85, 12, 3])[0],
                             status=OUT_ISSUED if printed else OUT_SIGNED, void_reason="",
                             registered_by=self.doc_clerks[0].name))
        if rows:
            voided = rows[len(rows) // 3]
            voided.update(status=OUT_VOID, printed_on=None,
                          void_reason="签发后发现所引文件文号有误，作废重发（本文号保留，不再使用）")
        for k in range(5):  # drafts not yet signed: no number yet
            section = drafting[k % len(drafting)]
            drafter = rng.choice(self._handlers(section) or [self.director])
            prefix = "宿政办函" if k % 2 else "宿政办发"
            rows.append(dict(prefix=prefix, year=None, serial=None, section=section.id, drafter=drafter.id,
                             drafter_name=drafter.name, drafted_on=self.workdays[-1 - 2 * k], reviewer=reviewer, signer="",
                             signed_on=None, printed_on=None, copies=None,
                             title=f"关于{rng.choice(DOC_TOPICS)}的{'函' if k % 2 else '通知'}",
                             main_to="江苏省人民政府办公厅" if k % 2 else "各县、区人民政府，市各委、办、局，市各直属单位",
                             copy_to="", publicity="依申请公开" if k % 2 else "主动公开", urgency=ORDINARY,
                             status=OUT_DRAFT,
                             void_reason="", registered_by=self.doc_clerks[0].name))
        self.bulk(OutgoingDocument, rows)
        # the typing logs of these documents are linked once every part is built (link_typing_logs)
