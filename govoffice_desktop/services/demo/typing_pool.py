"""演示数据 of 文印."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog, TypingStandard
from govoffice_desktop.services.demo.reference import (BULLETIN_TOPICS, DOC_PREFIXES, DOC_TOPICS, ERROR_FIELDS,
                                                       ERROR_WEIGHTS, MEETING_TOPICS, REPLY_TOPICS, REPORT_TOPICS)


class _TypingPart:
    """文印: the work log, speed tests and the closed months."""

    # =================================================================== typing pool
    def _doc(self, rng: random.Random, day: date, counters: dict) -> tuple[str, str]:
        def number(prefix):
            key = (prefix, day.year)
            if key not in counters:
                begun = (max(self.start, date(day.year, 1, 1)) - date(day.year, 1, 1)).days
                counters[key] = DOC_PREFIXES[prefix] * begun // 365
            counters[key] += 1
            return f"{prefix}〔{day.year}〕{counters[key]}号"

        kind = rng.choices(["通知", "意见", "报告", "请示", "批复", "函", "通报", "纪要", "讲话", "材料", "信息"],
                           weights=[22, 6, 6, 4, 4, 8, 3, 4, 16, 17, 10])[0]
        topic = rng.choice(DOC_TOPICS)
        if kind == "通知":
            prefix = rng.choice(["宿政办发", "宿政办发", "宿政发"])
            return f"关于{topic}的通知", number(prefix) if rng.random() < 0.6 else ""
        if kind == "意见":
            return f"关于{topic}的意见", number("宿政发") if rng.random() < 0.6 else ""
        if kind == "报告":
            return f"关于{rng.choice(REPORT_TOPICS)}情况的报告", number("宿政报") if rng.random() < 0.6 else ""
        if kind == "请示":
            return f"关于{rng.choice(REPLY_TOPICS)}的请示", number("宿政请") if rng.random() < 0.6 else ""
        if kind == "批复":
            return f"关于同意{rng.choice(REPLY_TOPICS)}的批复", number("宿政复") if rng.random() < 0.7 else ""
        if kind == "函":
            return f"关于{topic}的函", number("宿政办函") if rng.random() < 0.6 else ""
        if kind == "通报":
            return f"关于{rng.choice(BULLETIN_TOPICS)}情况的通报", number("宿政办发") if rng.random() < 0.6 else ""
        if kind == "纪要":
            doc = number("宿政会")
            return f"市政府常务会议纪要（{doc}）", doc
        if kind == "讲话":
            return f"在全市{rng.choice(MEETING_TOPICS)}工作会议上的讲话", ""
        if kind == "材料":
            return f"{rng.choice(MEETING_TOPICS)}工作汇报材料", ""
        counters["信息"] = counters.get("信息", 0) + 1
        return f"宿迁政务信息（第{counters['信息']}期）", ""

    def build_typing(self) -> None:
        rng = self.rng("typing")
        standard = TypingStandard.select().order_by(TypingStandard.effective_from.desc()).first()
        self.chars_per_page = standard.chars_per_page if standard else 616
        self.min_speed = standard.min_speed if standard else 80
        wd = self.sections["文电科"]
        checkers = [p.name for p in self.members[wd.id] if self.person_role[p.id] in ("chief", "deputy")]
        # skill: (speed base, error probability per document)
        speeds = [98, 91, 86, 104, 77, 74]
        err_probs = [0.04, 0.06, 0.05, 0.30, 0.08, 0.12]
        # the probation typist is the slowest; the others get the remaining skills in random order
        order = list(range(5))
        rng.shuffle(order)
        skills, k = {}, 0
        for person in self.typists:
            if person.status == "试用期":
                skills[person.id] = (speeds[5], err_probs[5])
            elif k >= len(order):  # a larger pool than the demo's: its skills once more
                skills[person.id] = (speeds[order[k % len(order)]], err_probs[order[k % len(order)]])
                k += 1
            else:
                skills[person.id] = (speeds[order[k]], err_probs[order[k]])
                k += 1
        counters: dict = {}
        logs = []
        found_late = self.rng("typing-stage")  # which errors were found after issue (its own draws)
        self.typing_by_month: dict[tuple[int, int, int], list[int]] = {}  # (typist, y, m) -> [chars, errors]
        for day in self.workdays:
            for person in self.typists:
                if day < person.joined_on or rng.random() < 0.05:
                    continue
                _, p_err = skills[person.id]
                for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
                    title, doc_number = self._doc(rng, day, counters)
                    pages = min(20, int(rng.expovariate(1 / 3.5)) + 1)
                    chars = None if rng.random() < 0.15 else int(pages * self.chars_per_page * rng.uniform(0.65, 0.95))
                    errs = dict.fromkeys(ERROR_FIELDS, 0)
                    if rng.random() < p_err:
                        for _ in range(rng.choice([1, 1, 1, 2, 2, 3] if p_err < 0.2 else [1, 2, 2, 3, 3])):
                            errs[rng.choices(ERROR_FIELDS, weights=ERROR_WEIGHTS)[0]] += 1
                    total = sum(errs.values())
                    proof = rng.choice(checkers + [t.name for t in self.typists if t.id != person.id])
                    after = 1 if total and found_late.random() < 0.025 else 0  # 印发后发现: breaks 万页无差错
                    remarks = "旧台账未记字数" if chars is None else ""
                    if after:
                        remarks = "；".join(filter(None, [remarks, "印发后发现差错1处，已发更正通知"]))
                    logs.append(dict(typed_on=day, typist=person.id, typist_name=person.name, title=title,
                                     doc_number=doc_number, pages=pages, characters=chars, errors=total,
                                     errors_after_issue=after, proofreader=proof, remarks=remarks, **errs))
                    acc = self.typing_by_month.setdefault((person.id, day.year, day.month), [0, 0])
                    acc[0] += chars if chars is not None else pages * self.chars_per_page
                    acc[1] += total
        self.bulk(TypingLog, logs)

        tests = []
        for year, month in self.months():
            day = self.workday_on_or_before(date(year, month, 25))
            if day < self.start or day > self.as_of:
                continue
            for person in self.typists:
                if day < person.joined_on:
                    continue
                speed = skills[person.id][0] + rng.gauss(0, 3.5)
                tests.append(dict(tested_on=day, typist=person.id, typist_name=person.name,
                                  characters=int(round(speed * 10)), minutes=Decimal("10"),
                                  errors=rng.choice([0, 0, 0, 1, 1, 2, 3]),
                                  note="月度打字速度测试（看打，10分钟）"))
        self.bulk(SpeedTest, tests)
