"""演示数据 of 人员档案: sections, staff files and their records, and the demo logins."""
from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from govoffice_desktop.models.staff import (Candidate, CandidateVeto, ContractTarget, FamilyPlacement, HousingRequest,
                                            Person, PersonMove, RankRecord, ReadingRecord, ResponsibilityContract,
                                            Section, SectionMerge, Training)
from govoffice_desktop.models.staff import LEFT
from govoffice_desktop.models.users import ADMIN, CLERK, FLEET, LEADER, SECRETARY, SUPERVISOR, TYPING, User
from govoffice_desktop.services.auth import hash_password
from govoffice_desktop.services.demo.common import (DEMO_PASSWORD, MERGE_SOURCE, MERGE_TARGET, Scale, _at,
                                                    _month_end)
from govoffice_desktop.services.demo.reference import (BOOKS, CADRE_LADDER, EXPERTISE, EXTRA_SECTIONS,
                                                       GENERIC_TARGETS, LEADER_UNITS, MAJORS, NATIVE_PLACES, ROLE_AGE,
                                                       ROLE_POST, SECTIONS, SECTION_TARGETS,
                                                       SOURCE_UNITS, STAFF_PLAN, TRAININGS, WORKER_LADDER, WORKER_UNITS)


def staff_plan(scale: Scale) -> list[tuple[str | None, list[str]]]:
    """(section, roles) of everyone: the demo's STAFF_PLAN, then, for a larger office, each added
    section's people: its chief, then drivers (one per vehicle beyond the demo's, and a spare for
    every eight vehicles), typists (in the demo's proportion) or a deputy and clerks, up to
    ``scale.staff`` people in all."""
    plan = [(sec, list(roles)) for sec, roles in STAFF_PLAN]
    extra = EXTRA_SECTIONS[:max(scale.sections - len(SECTIONS), 0)]
    if not extra:
        return plan
    have = sum(len(roles) for _, roles in plan)
    drivers = max(scale.vehicles + -(-scale.vehicles // 8) - sum(roles.count("driver") for _, roles in plan), 0)
    typists = max(round(6 * scale.staff / have) - 6, 0)
    kinds = [kind for *_, kind in extra]
    per_kind = {"driver": drivers, "typist": typists}
    left = max(scale.staff - have - len(extra) - drivers - typists, 0)
    for n, (name, _duties, kind) in enumerate(extra):
        share = kinds.count(kind)
        index = sum(1 for k in kinds[:n] if k == kind)
        total = per_kind.get(kind, left)
        count = total // share + (1 if index < total % share else 0)
        if kind:
            roles = ["chief"] + [kind] * count
        else:
            roles = ["chief"] + (["deputy"] + ["clerk"] * (count - 1) if count else [])
        plan.append((name, roles))
    return plan


class _StaffPart:
    """科室 and 人员档案, then 考察, 定职定级, 学习培训, 责任状 and 住房/家属安置; the demo logins last."""

    # =================================================================== staff
    def build_staff(self) -> None:
        rng = self.rng("staff")
        as_of = self.as_of
        self.sections: dict[str, Section] = {}
        extra = EXTRA_SECTIONS[:max(self.scale.sections - len(SECTIONS), 0)]
        for order, (name, duties) in enumerate(SECTIONS + [(n, d) for n, d, _ in extra], start=1):
            self.sections[name] = Section.create(name=name, duties=duties, sort_order=order,
                                                 created_on=date(1996, 9, 1))

        plan = [(sec, role) for sec, roles in staff_plan(self.scale) for role in roles]
        clerk_idx = {}
        for i, (sec, role) in enumerate(plan):
            if role == "clerk":
                clerk_idx.setdefault(sec, []).append(i)
        typist_idx = [i for i, (_, role) in enumerate(plan) if role == "typist"]
        driver_idx = [i for i, (_, role) in enumerate(plan) if role == "driver"]

        special: dict[int, str] = {}
        special[rng.choice(clerk_idx["秘书一科"])] = "probation_candidate"  # the 调入 candidate
        special[rng.choice(clerk_idx["调研室"])] = "probation"
        special[typist_idx[-1]] = "probation"
        for sec in ("综合科", "财务科", "机要科"):
            special[rng.choice(clerk_idx[sec])] = "recent"
        special[driver_idx[-1]] = "recent"  # the spare driver
        special[rng.choice(clerk_idx["秘书三科"])] = "seconded"
        special[rng.choice(clerk_idx["秘书二科"])] = "left"
        special[[i for i in clerk_idx["接待科"] if i not in special][0]] = "transferred"

        out_of_town_weights = [w for *_, w, _ in NATIVE_PLACES]
        self.people: list[Person] = []
        self.person_role: dict[int, str] = {}
        self.home_section: dict[int, str | None] = {}  # the section a person belongs to (or came from)
        self.special: dict[str, list[Person]] = {}  # probation, recent, seconded, left, transferred…
        driver_expiry_soon = set(rng.sample(range(len(driver_idx)), 2))
        driver_no = 0
        for i, (sec, role) in enumerate(plan):
            kind = special.get(i, "")
            gender = "男" if role == "driver" else ("女" if role == "typist" and rng.random() < 0.85 else
                                                   ("男" if rng.random() < 0.62 else "女"))
            lo, hi = ROLE_AGE[role]
            age = rng.randint(lo, hi) if kind not in ("probation", "probation_candidate") else rng.randint(25, 34)
            birth = date(as_of.year - age, rng.randint(1, 12), 1)
            native, codes, _, local = rng.choices(NATIVE_PLACES, weights=out_of_town_weights)[0]
            name = self.new_name(rng, gender)
            id_number = self.new_id_number(rng, codes, birth, gender)
            post = ROLE_POST[role]
            worker = role in ("typist", "driver")
            ladder = WORKER_LADDER if worker else CADRE_LADDER
            rank = {"leader": "正处级", "vice": "副处级", "chief": "正科级", "deputy": "副科级"}.get(role)
            if rank is None:
                if worker:
                    rank = rng.choices(["中级工", "高级工", "技师"], weights=[35, 50, 15])[0]
                else:
                    rank = rng.choices(["办事员", "科员", "副科级"], weights=[10, 60, 30])[0] if age < 40 else \
                        rng.choices(["科员", "副科级", "正科级"], weights=[30, 50, 20])[0]
            pos = ladder.index(rank)
            shift = rng.choices([0, -1, 1], weights=[55, 35, 10])[0]
            previous_rank = ladder[min(max(pos + shift, 0), len(ladder) - 1)]
            if role in ("leader", "vice"):
                education = rng.choices(["研究生", "大学本科"], weights=[40, 60])[0]
                political = "中共党员"
                source_unit = rng.choice(LEADER_UNITS)
            elif role in ("chief", "deputy", "clerk"):
                education = rng.choices(["研究生", "大学本科", "大学专科"], weights=[25, 70, 5])[0]
                political = rng.choices(["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"],
                                        weights=[70 if role != "clerk" else 60, 5, 10 if age < 32 else 0, 4, 10])[0]
                source_unit = rng.choice(SOURCE_UNITS)
            elif role == "typist":
                education = rng.choices(["大学本科", "大学专科", "中专"], weights=[15, 60, 25])[0]
                political = rng.choices(["中共党员", "共青团员", "群众"], weights=[40, 20 if age < 32 else 0, 40])[0]
                source_unit = rng.choice(WORKER_UNITS[:4])
            else:
                education = rng.choices(["大学专科", "中专", "高中"], weights=[20, 30, 50])[0]
                political = rng.choices(["中共党员", "群众"], weights=[50, 50])[0]
                source_unit = rng.choice(WORKER_UNITS)
            if role == "typist":
                major = rng.choice(["文秘", "计算机应用", "办公自动化", "汉语言文学"])
                expertise = rng.choice(["五笔字型输入", "排版印刷", "速录"])
            elif role == "driver":
                major = "" if education == "高中" else rng.choice(["汽车运用与维修", "机电一体化"])
                expertise = rng.choice(["安全驾驶", "车辆维修保养", "安全驾驶、车辆维修保养"])
            else:
                major = rng.choice(MAJORS)
                expertise = "、".join(rng.sample(EXPERTISE, rng.randint(1, 2)))

            # joined: long ago for most; the specials recently
            if kind == "probation":  # their six months end soon: 首页 reminds of the rank to fix
                joined = self.workday_on_or_after(as_of - timedelta(days=rng.randint(150, 168)))
            elif kind == "probation_candidate":
                joined = self.workday_on_or_after(as_of - timedelta(days=rng.randint(25, 165)))
            elif kind == "recent":
                joined = self.workday_on_or_after(as_of - timedelta(days=rng.randint(195, 340)))
            else:
                earliest = max(date(1996, 9, 1), date(birth.year + 22, birth.month, 1))
                latest = as_of - timedelta(days=420)
                if earliest > latest:
                    earliest = latest - timedelta(days=60)
                joined = self.workday_on_or_after(earliest + timedelta(days=rng.randint(0, (latest - earliest).days)))

            status = {"probation": "试用期", "probation_candidate": "试用期", "seconded": "借调",
                      "left": LEFT}.get(kind, "在岗")
            notes = ""
            section_name = sec
            if sec == MERGE_SOURCE:
                section_name = MERGE_TARGET  # moved in the merge (history in PersonMove)
                if role == "chief":
                    post = "副科长"
                    notes = f"原{MERGE_SOURCE}科长，科室合署后任{MERGE_TARGET}副科长（保留正科级）。"
            if kind == "left":
                section_name = None
                notes = "已调任宿迁市发展和改革委员会。"
            elif kind == "seconded":
                notes = "借调市委办公室协助重大活动筹备工作。"
            elif status == "试用期":
                rank = ""
                notes = "试用期半年，期满后按实绩定职定级（原职级仅作参考）。"
            if role == "driver":
                expiry = (as_of + timedelta(days=rng.randint(8, 55)) if driver_no in driver_expiry_soon
                          else as_of + timedelta(days=rng.randint(200, 2200)))
                driver_no += 1
            else:
                expiry = None
            person = Person.create(
                name=name, gender=gender, birth=birth,
                ethnicity=rng.choices(["汉族", "回族", "满族"], weights=[95, 3, 2])[0],
                native_place=native, political_status=political, education=education, major=major,
                expertise=expertise, section=self.sections[section_name] if section_name else None,
                post=post, rank=rank, previous_rank=previous_rank, source_unit=source_unit, joined_on=joined,
                id_number=id_number, phone=self.new_phone(rng), status=status,
                out_of_town=(not local) and rng.random() < 0.8,
                is_typist=role == "typist", is_driver=role == "driver",
                licence_no=id_number if role == "driver" else "", licence_expiry=expiry, notes=notes,
            )
            self.people.append(person)
            self.person_role[person.id] = role
            self.home_section[person.id] = sec
            if kind:
                self.special.setdefault(kind, []).append(person)

        # chiefs
        self.chief: dict[str, Person] = {}
        for person in self.people:
            sec = self.home_section[person.id]
            if self.person_role[person.id] == "chief":
                self.chief[sec] = person
                section = self.sections[sec]
                section.chief = person
                section.save()
        self.director = next(p for p in self.people if self.person_role[p.id] == "leader")

        # 合署: 信息科 into 调研室
        merged_on = self.workday_on_or_after(as_of - timedelta(days=rng.randint(200, 260)))
        movers = [p for p in self.people if self.home_section[p.id] == MERGE_SOURCE]
        src, dst = self.sections[MERGE_SOURCE], self.sections[MERGE_TARGET]
        self.merge = SectionMerge.create(
            source=src, target=dst, merged_on=merged_on,
            doc_number=f"宿政办〔{merged_on.year}〕{rng.randint(20, 60)}号",
            note=f"{MERGE_SOURCE}与{MERGE_TARGET}职能相近，合署办公，对外保留{MERGE_SOURCE}牌子。",
            people_moved=len(movers))
        src.active = False
        src.merged_into = dst
        src.chief = None  # its chief moved with the others; the target keeps its own
        src.save()
        self.merged_on = merged_on
        moves = [dict(person=p.id, moved_on=merged_on, from_section=src.id, to_section=dst.id,
                      reason="科室合署", merge=self.merge.id) for p in movers]
        for person in self.people:
            if person.joined_on >= self.start:
                moves.append(dict(person=person.id, moved_on=person.joined_on, from_section=None,
                                  to_section=person.section_id, reason=f"调入（原单位：{person.source_unit}）"))
        for person in self.special.get("left", []):
            left_on = self.workday_on_or_after(as_of - timedelta(days=rng.randint(40, 80)))
            moves.append(dict(person=person.id, moved_on=left_on,
                              from_section=self.sections[self.home_section[person.id]].id, to_section=None,
                              reason="调离：调任宿迁市发展和改革委员会"))
        for person in self.special.get("transferred", []):
            moved_on = self.workday_on_or_after(as_of - timedelta(days=rng.randint(90, 150)))
            moves.append(dict(person=person.id, moved_on=moved_on,
                              from_section=self.sections["综合科"].id, to_section=person.section_id,
                              reason="工作需要，内部调整"))
        moves.sort(key=lambda m: (m["moved_on"], m["person"]))
        self.bulk(PersonMove, moves)

        # who is where now
        self.active_sections = [s for s in self.sections.values() if s.active]
        self.members: dict[int, list[Person]] = {s.id: [] for s in self.sections.values()}
        for person in self.people:
            if person.section_id and person.status != LEFT:
                self.members[person.section_id].append(person)
        self.typists = [p for p in self.people if p.is_typist]
        self.drivers = [p for p in self.people if p.is_driver]
        dc = self.sections["督查室"].id
        self.supervisors = [p for p in self.members[dc] if self.person_role[p.id] in ("deputy", "clerk")]
        self.finance_clerk = next(p for p in self.members[self.sections["财务科"].id]
                                  if self.person_role[p.id] == "clerk")
        self.ballot_clerk = next(p for p in self.members[self.sections["综合科"].id]
                                 if self.person_role[p.id] == "clerk")

    # =================================================================== staff records
    def build_staff_records(self) -> None:
        rng = self.rng("records")
        as_of = self.as_of
        # 定职定级: six months after joining (leaders are appointed by the city, not here); one clerk
        # ranked early (提前定级), with the reason and the director's approval on the record
        not_early = dict(early=False, early_reason="", approved_by="")
        early_one = next(p for p in self.special["recent"] if not p.is_driver)
        ranks = []
        for person in self.people:
            role = self.person_role[person.id]
            if role in ("leader", "vice"):
                ranks.append(dict(person=person.id, decided_on=person.joined_on, period_start=None, period_end=None,
                                  previous_rank=person.previous_rank, rank=person.rank, post=person.post,
                                  performance="市委任命", doc_number=f"宿委〔{person.joined_on.year}〕{rng.randint(1, 90)}号",
                                  **not_early))
                continue
            if person is early_one:
                decided = self.workday_on_or_after(person.joined_on + timedelta(days=130))
                ranks.append(dict(
                    person=person.id, decided_on=decided, period_start=person.joined_on, period_end=decided,
                    previous_rank=person.previous_rank, rank=person.rank or person.previous_rank, post=person.post,
                    performance=f"调入后牵头起草全市营商环境大会材料，督查无扣分，确定为{person.rank}。",
                    doc_number=f"宿政办干〔{decided.year}〕{rng.randint(1, 60)}号", early=True,
                    early_reason="承担全市重大会议文稿起草任务，实绩突出，经办公室主任办公会研究提前定级",
                    approved_by=f"办公室主任 {self.director.name}"))
                continue
            if person.joined_on > as_of - timedelta(days=183):
                continue
            if person.is_driver and person in self.special.get("recent", []):
                continue  # the spare driver's rank is overdue: the office has not decided it yet
            decided = self.workday_on_or_after(person.joined_on + timedelta(days=183))
            verdict = rng.choice(["工作实绩突出", "工作认真负责，完成任务较好", "适应岗位较快，业务熟练"])
            ranks.append(dict(
                person=person.id, decided_on=decided, period_start=person.joined_on,
                period_end=person.joined_on + timedelta(days=182), previous_rank=person.previous_rank,
                rank=person.rank or person.previous_rank, post=person.post,
                performance=f"试用期内{verdict}，经科室评议、办公室主任办公会研究，确定为{person.rank}。",
                doc_number=f"宿政办干〔{decided.year}〕{rng.randint(1, 60)}号", **not_early))
        ranks.sort(key=lambda r: (r["decided_on"], r["person"]))
        self.bulk(RankRecord, ranks)

        # 拟调人员考察
        probationer = self.special["probation_candidate"][0]
        Candidate.create(
            name=probationer.name, gender=probationer.gender, birth=probationer.birth,
            source_unit=probationer.source_unit, current_post="科员", current_rank=probationer.previous_rank,
            education=probationer.education, source="基层推荐",
            recommended_on=probationer.joined_on - timedelta(days=64),
            recommendation="所在单位推荐：政治素质好，文字功底扎实，工作责任心强。",
            inspected_on=probationer.joined_on - timedelta(days=38),
            inspection="经组织考察，该同志德才表现良好，群众公认度高，未发现“四个不调”情形。",
            decision="调入", decided_on=probationer.joined_on - timedelta(days=21),
            decision_reason="符合选调条件，同意调入，试用期半年。", person=probationer)
        genders = ["男", "女", "男", "男"]
        units = rng.sample(SOURCE_UNITS, 4)
        for n in range(4):
            name = self.new_name(rng, genders[n])
            recommended = as_of - timedelta(days=rng.randint(8, 45) if n < 3 else rng.randint(100, 150))
            inspected = recommended + timedelta(days=rng.randint(7, 15))
            if n < 3:  # pending
                cand = Candidate.create(
                    name=name, gender=genders[n], birth=date(as_of.year - rng.randint(27, 38), rng.randint(1, 12), 1),
                    source_unit=units[n], current_post="科员", current_rank=rng.choice(["科员", "副科级"]),
                    education=rng.choice(["大学本科", "研究生"]), source=rng.choice(["基层推荐", "组织推荐"]),
                    recommended_on=recommended, recommendation="所在单位推荐，文字能力较强。",
                    inspected_on=inspected if inspected <= as_of and n == 0 else None,
                    inspection="考察中。" if inspected <= as_of and n == 0 else "", decision="待定")
            else:  # 不予调入
                cand = Candidate.create(
                    name=name, gender=genders[n], birth=date(as_of.year - rng.randint(30, 40), rng.randint(1, 12), 1),
                    source_unit=units[n], current_post="副科长", current_rank="副科级", education="大学本科",
                    source="本人申请", recommended_on=recommended, recommendation="本人申请调入，所在单位同意推荐。",
                    inspected_on=inspected, inspection="考察中发现跑官要官问题，经谈话核实属实。",
                    decision="不予调入", decided_on=inspected + timedelta(days=10),
                    decision_reason="属“四个不调”中跑官要官的情形，不予调入。")
                CandidateVeto.create(
                    candidate=cand, veto="跑官要官", recorded_on=inspected,
                    evidence="考察期间本人多次托人向办公室领导打招呼，要求调入后明确为科长职务，"
                             "并通过他人转交个人材料，经谈话核实属实。")

        # 学习培训
        trainings = []
        for person in self.people:
            if person.status == LEFT:
                continue
            count = rng.choice([0, 1, 1, 2, 2, 3])
            count += sum(rng.choice([0, 1, 1, 2, 2, 3]) for _ in range(self.scale.years - 1))  # a year's worth each
            for _ in range(count):
                kind = rng.choice(list(TRAININGS))
                first = max(self.start, person.joined_on)
                started = self.random_workday(rng, first, as_of)
                length = rng.choice([0, 0, 1, 2, 4])
                ended = started + timedelta(days=length)
                trainings.append(dict(
                    person=person.id, kind=kind, title=rng.choice(TRAININGS[kind]), started_on=started,
                    ended_on=ended if ended <= as_of else None,
                    hours=(length + 1) * rng.choice([2, 4, 6]) if kind != "讲座" else 2,
                    result=rng.choice(["合格", "合格", "优秀", "结业"]) if ended <= as_of else "",
                    note=""))
        trainings.sort(key=lambda t: (t["started_on"], t["person"]))
        self.bulk(Training, trainings)

        # 读三本书: three kinds a year, for the years the window touches
        readings = []
        for year in range(self.start.year, as_of.year + 1):
            first = max(date(year, 1, 1), self.start)
            last = min(date(year, 12, 31), as_of)
            if (last - first).days < 30:
                continue
            share = (last - date(year, 1, 1)).days / 365
            for person in self.people:
                if person.status == LEFT or person.joined_on > last - timedelta(days=30):
                    continue
                if rng.random() > 0.9:
                    continue  # some people have nothing recorded
                for kind in BOOKS:
                    if rng.random() > min(1.0, share + 0.15):
                        continue
                    finished = self.random_workday(rng, max(first, person.joined_on), last)
                    shared = finished + timedelta(days=rng.randint(5, 40))
                    readings.append(dict(
                        person=person.id, year=year, kind=kind, title=rng.choice(BOOKS[kind]).strip("《》"), finished_on=finished,
                        notes=rng.choice(["结合本职工作写出读书体会一篇。", "联系办公室工作实际，谈了三点体会。",
                                          "重点学习了有关章节，写出学习笔记。", "在科室学习会上作了交流发言。"]),
                        shared_on=shared if shared <= as_of else None))
        readings.sort(key=lambda r: (r["finished_on"], r["person"], r["kind"]))
        self.bulk(ReadingRecord, readings)

        # 责任状: 办公室 → 科室 → 个人
        year = as_of.year
        signed = min(self.workday_on_or_after(date(year, 1, 15)), as_of)
        office = ResponsibilityContract.create(
            year=year, level="办公室", title=f"{year}年度宿迁市人民政府办公室工作目标责任状",
            signed_on=signed, signed_by=self.director.name)
        targets = []
        half_assessed = self.workday_on_or_after(date(year, 7, 10))
        half_done = half_assessed <= as_of  # the half-year assessment has been held

        def add_targets(contract, items):
            weights = [100 // len(items)] * len(items)
            weights[0] += 100 - sum(weights)
            for (title, measure, due), weight in zip(items, weights):
                done = due <= as_of
                achieved = (rng.random() < 0.88) if done else None
                half = (Decimal(round(weight * rng.uniform(0.8, 1.0) * 2)) / 2) if half_done else None
                targets.append(dict(contract=contract.id, title=title, measure=measure, weight=weight, due_on=due,
                                    half_score=half,
                                    achieved=achieved,
                                    assessed_on=min(due + timedelta(days=10), as_of) if done else None,
                                    assessment="" if not done else "经考核，按期完成。" if achieved
                                    else "经考核，未完成目标，已提出整改要求。"))

        q_ends = [_month_end(year, m) for m in (3, 6, 9, 12)]
        add_targets(office, [("办文办会办事优质高效，全年无重大差错", "全年无重大差错", q_ends[3]),
                             ("督查督办事项按期办结率达95%以上", "按期办结率", q_ends[3]),
                             ("政务信息被省级以上采用不少于60条", "采用条数", q_ends[3]),
                             ("基层单位满意度达90%以上", "季度评议", q_ends[1])])
        for section in self.active_sections:
            chief = section.chief
            sc = ResponsibilityContract.create(
                year=year, level="科室", section=section, parent=office,
                title=f"{year}年度{section.name}工作目标责任状",
                signed_on=min(signed + timedelta(days=3), as_of), signed_by=chief.name if chief else "")
            items = [(f"{name}", "日常考核督查", rng.choice(q_ends)) for name, _ in SECTION_TARGETS.get(section.name, GENERIC_TARGETS)[:2]]
            items.append(("季度评议不进入后三名", "季度评议", rng.choice(q_ends)))
            add_targets(sc, items)
            staff = [p for p in self.members[section.id] if p.status in ("在岗", "试用期")
                     and p.id != (chief.id if chief else None)]
            for person in rng.sample(staff, min(len(staff), rng.randint(1, 3))):
                pc = ResponsibilityContract.create(
                    year=year, level="个人", section=section, person=person, parent=sc,
                    title=f"{year}年度{person.name}岗位目标责任状",
                    signed_on=min(signed + timedelta(days=7), as_of), signed_by=person.name)
                add_targets(pc, [("本岗位工作按时保质完成", "科室考核", q_ends[3]),
                                 ("全年读三本书并交流体会", "读书记录", q_ends[3])])
        self.bulk(ContractTarget, targets)
        if half_done:
            ResponsibilityContract.update_where({"half_assessed_on": half_assessed}, ResponsibilityContract.year == year)

        # 住房与家属安置 for out-of-town staff
        out = [p for p in self.people if p.out_of_town and p.status != LEFT]
        for n, person in enumerate(out[:6]):
            requested = self.random_workday(rng, self.start, as_of - timedelta(days=20))
            status = ["已解决", "已解决", "办理中", "待办", "已解决", "不予解决"][n]
            HousingRequest.create(
                person=person, requested_on=requested, need="外地来宿工作，本地无住房，申请周转房。",
                status=status,
                address=(f"宿迁市宿城区洪泽湖路{rng.randint(10, 300)}号机关周转房"
                         f"{rng.randint(1, 8)}幢{rng.randint(1, 6)}0{rng.randint(1, 4)}室") if status == "已解决" else "",
                settled_on=(min(requested + timedelta(days=rng.randint(20, 60)), as_of)
                            if status in ("已解决", "不予解决") else None),
                note="本人已有住房补贴，按规定不予安排。" if status == "不予解决" else "")
        for n, person in enumerate(out[:4]):
            status = ["已解决", "办理中", "待办", "已解决"][n]
            requested = self.random_workday(rng, self.start, as_of - timedelta(days=30))
            FamilyPlacement.create(
                person=person, relative_name=self.new_name(rng, "女" if person.gender == "男" else "男"),
                relation=rng.choice(["配偶", "配偶", "子女"]),
                current_unit=rng.choice(["徐州市某中学", "淮安市某医院", "连云港市某企业", "盐城市某街道办事处", "待业"]),
                requested_on=requested, status=status,
                placed_unit=rng.choice(["宿迁市实验小学", "宿迁市第一人民医院", "宿迁市宿城区幸福街道办事处"])
                if status == "已解决" else "",
                settled_on=min(requested + timedelta(days=rng.randint(30, 90)), as_of) if status == "已解决" else None,
                note="按先外后内的办法优先办理。")

    def build_users(self) -> None:
        """A login of every role, all with the password demo (for the demo only): admin 管理员,
        duchayuan 督查员, luruyuan 科室录入员 of 综合科, lingdao 领导, wenyin 文印管理员, cheliang 车辆管理员,
        wenshu 文书."""
        # One hash serves every demo login (the same password); its salt follows the seed, so the
        # same seed gives the same database.
        digest = hash_password(DEMO_PASSWORD, hashlib.sha256(f"govoffice-demo-{self.seed}".encode()).digest()[:16])
        # Each login is one of the office's people (its 姓名 is what records show as who did it):
        # wenshu the 文电科's clerk, one the documents name as 登记人, wenyin the 文电科's chief (the typing
        # pool is theirs), cheliang and luruyuan a clerk of 行政科 and of 综合科.
        def clerk(section: str) -> str:
            people = self.members[self.sections[section].id]
            return next((p.name for p in people if self.person_role[p.id] == "clerk"), self.chief[section].name)
        for name, role, full_name, section in (
                ("admin", ADMIN, "系统管理员", None), ("duchayuan", SUPERVISOR, self.chief["督查室"].name, None),
                ("luruyuan", CLERK, clerk("综合科"), self.sections["综合科"]),
                ("lingdao", LEADER, self.director.name, None), ("wenyin", TYPING, self.chief["文电科"].name, None),
                ("cheliang", FLEET, clerk("行政科"), None), ("wenshu", SECRETARY, clerk("文电科"), None)):
            User.create(name=name, full_name=full_name, role=role, section=section, password_hash=digest,
                        created_at=_at(self.as_of, 8 * 60))
