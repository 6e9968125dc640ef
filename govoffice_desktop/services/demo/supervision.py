"""演示数据 of 督查督办."""
from __future__ import annotations

from govoffice_desktop.models.supervision import TASK_DONE, TASK_OPEN, TASK_WITHDRAWN
from datetime import timedelta
from decimal import Decimal

from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.supervision import (DailyCheck, MeetingLog, PhoneLog, SupervisedTask, SupervisionReport,
                                                  SupervisionTarget, TaskProgress)
from govoffice_desktop.services.demo.common import _add_months, _at, _is_workday
from govoffice_desktop.services.demo.reference import (COMMON_TARGETS, MEETING_SLIP_NOTES, MEETING_TOPICS, MISS_REMARKS,
                                                       PHONE_CALLERS, PHONE_SUBJECTS, SECTION_MISS_REMARKS,
                                                       SECTION_TARGETS, GENERIC_TARGETS, TASK_TITLES,
                                                       WORST_SECTION)
from govoffice_desktop.services import issued
from govoffice_desktop.services.supervision import OFFICE_NAME_KEY, default_summary, issue_figures


class _SupervisionPart:
    """督查督办: targets, daily checks, tasks, meetings and calls, the reports and the closed months."""

    # =================================================================== supervision
    def build_supervision(self) -> None:
        rng = self.rng("supervision")
        as_of = self.as_of
        # Every workday from the first of the month two months back: two whole months to compare.
        checks_from = max(_add_months(as_of.replace(day=1), 1 - self.scale.check_months),
                          _add_months(self.start.replace(day=1), 1))
        check_days = [d for d in self.workdays if d >= checks_from]
        years = sorted({d.year for d in check_days} | {as_of.year})
        targets: dict[tuple[int, int | None], list[SupervisionTarget]] = {}
        for year in years:
            for order, (name, pts, method) in enumerate(COMMON_TARGETS, start=1):
                targets.setdefault((year, None), []).append(SupervisionTarget.create(
                    year=year, kind="共性目标", section=None, name=name, points=Decimal(pts), method=method,
                    sort_order=order))
            for section in self.active_sections:
                own = SECTION_TARGETS.get(section.name, GENERIC_TARGETS)[:rng.randint(2, 3)]
                for order, (name, pts) in enumerate(own, start=1):
                    targets.setdefault((year, section.id), []).append(SupervisionTarget.create(
                        year=year, kind="个体目标", section=section, name=name, points=Decimal(pts),
                        method="查看台账、现场检查", sort_order=10 + order))
        checks = []
        for k, day in enumerate(check_days):
            supervisor = self.supervisors[k % len(self.supervisors)].name
            for section in self.active_sections:
                p_miss = 0.08 if section.name == WORST_SECTION else 0.025
                for target in targets[(day.year, None)] + targets[(day.year, section.id)]:
                    met = rng.random() >= p_miss
                    bonus = Decimal(0)
                    person = None
                    if not met:
                        remark = rng.choice(MISS_REMARKS.get(target.name, SECTION_MISS_REMARKS))
                        if target.name == "按时到岗":
                            person = rng.choice(self.members[section.id]).id
                    elif target.kind == "个体目标" and rng.random() < 0.012:
                        bonus = Decimal(rng.choice(["1.0", "2.0"]))
                        remark = "主动承担紧急任务，完成出色，予以加分"
                    else:
                        remark = ""
                    checks.append(dict(checked_on=day, section=section.id, person=person, target=target.id, met=met,
                                       deduction=Decimal(0) if met else target.points, bonus=bonus, remark=remark,
                                       supervisor=supervisor))
        self.bulk(DailyCheck, checks)

        Setting.create(key=OFFICE_NAME_KEY, value="宿迁市人民政府办公室")
        self.supervision_months = (checks_from, as_of.replace(day=1))

        # 督办事项
        titles = TASK_TITLES[:]
        rng.shuffle(titles)
        kinds = ["ontime"] * 7 + ["late"] * 4 + ["overdue"] * 5 + ["soon"] * 3 + ["later"] * 5 + ["cancelled"]
        sources = ["领导交办", "重点难点", "突发事件", "调研课题"]
        progress = []
        workers = [s for s in self.active_sections if s.name not in ("财务科",)]
        for title, kind in zip(titles, kinds):
            source = ("调研课题" if title.startswith("调研") else "突发事件" if title.startswith("处置")
                      else rng.choice(sources[:2]))
            section = rng.choice(workers)
            person = rng.choice([p for p in self.members[section.id] if p.status in ("在岗", "试用期")])
            if kind in ("ontime", "late"):
                assigned = self.random_workday(rng, self.start, as_of - timedelta(days=60))
                deadline = assigned + timedelta(days=rng.randint(10, 40))
                completed = (deadline - timedelta(days=rng.randint(0, 8)) if kind == "ontime"
                             else deadline + timedelta(days=rng.randint(2, 15)))
                completed = max(min(completed, as_of), assigned)
                status, result = TASK_DONE, "已按要求办结，书面报告市政府领导。"
            elif kind == "overdue":
                assigned = self.random_workday(rng, as_of - timedelta(days=70), as_of - timedelta(days=20))
                deadline = min(assigned + timedelta(days=rng.randint(10, 30)),
                               as_of - timedelta(days=rng.randint(1, 10)))
                deadline = max(deadline, assigned)
                completed, status, result = None, TASK_OPEN, ""
            elif kind == "soon":
                assigned = self.random_workday(rng, as_of - timedelta(days=30), as_of - timedelta(days=3))
                deadline = as_of + timedelta(days=rng.randint(0, 3))
                completed, status, result = None, TASK_OPEN, ""
            elif kind == "later":
                assigned = self.random_workday(rng, as_of - timedelta(days=25), as_of)
                deadline = as_of + timedelta(days=rng.randint(10, 60))
                completed, status, result = None, TASK_OPEN, ""
            else:
                assigned = self.random_workday(rng, self.start, as_of - timedelta(days=40))
                deadline = assigned + timedelta(days=20)
                completed, status, result = None, TASK_WITHDRAWN, "情况变化，经领导同意撤销督办。"
            task = SupervisedTask.create(
                source=source, title=title, requirement=f"请{section.name}牵头办理，按期书面反馈办理结果。",
                person=person, person_name=person.name, section=section, assigned_on=assigned, deadline=deadline,
                status=status, completed_on=completed, result=result)
            last = min(completed or as_of, as_of)
            notes = ["已召开协调会，明确责任分工。", "正在实地调查，收集相关材料。", "已形成初步意见，报领导审阅。",
                     "部分事项已落实，剩余事项正在推进。"]
            for m in range(rng.randint(1, 3)):
                noted = assigned + timedelta(days=(last - assigned).days * (m + 1) // 4)
                progress.append(dict(task=task.id, noted_on=noted, note=notes[m % len(notes)],
                                     noted_by=rng.choice(self.supervisors).name))
        progress += self.more_tasks(workers, sources, notes)
        progress.sort(key=lambda p: (p["noted_on"], p["task"]))
        self.bulk(TaskProgress, progress)

        # 百次会议无失误 / 百次电话无差错
        years = self.scale.years
        more = self.rng("supervision-years")  # a larger office's draws: the demo's stay as they were
        meeting_days = sorted(rng.sample(self.workdays, min(100 * years, len(self.workdays))))
        slips = {rng.randint(10, 35), rng.randint(50, 65)} | {100 * b + more.randint(10, 90) for b in range(1, years)}
        organisers = [self.sections[n] for n in ("秘书一科", "秘书二科", "秘书三科", "综合科", "接待科")]
        meetings, standing = [], {}
        for k, day in enumerate(meeting_days):
            kind = rng.choices(["常务", "办公", "全市", "协调"], weights=[25, 20, 30, 25])[0]
            topic = rng.choice(MEETING_TOPICS)
            if kind == "常务":
                standing[day.year] = standing.get(day.year, day.month * 2) + 1
                title = f"市政府第{standing[day.year]}次常务会议"
            elif kind == "办公":
                title = f"市长办公会议（{topic}）"
            elif kind == "全市":
                title = f"全市{topic}工作会议"
            else:
                title = f"{topic}专题协调会"
            slip = k in slips
            meetings.append(dict(held_on=day, title=title, section=rng.choice(organisers).id, slip=slip,
                                 note=rng.choice(MEETING_SLIP_NOTES) if slip else ""))
        self.bulk(MeetingLog, meetings)

        handlers = [p for s in ("综合科", "文电科", "机要科") for p in self.members[self.sections[s].id]
                    if not p.is_typist and p.status in ("在岗", "试用期")]
        calls = []
        call_days = sorted(rng.choices(self.workdays, k=300 * years))
        for day in call_days:
            calls.append(dict(called_at=_at(day, 8 * 60 + 30 + rng.randint(0, 540)),
                              caller=rng.choice(PHONE_CALLERS), subject=rng.choice(PHONE_SUBJECTS),
                              handled_by=rng.choice(handlers).id, error=False, note=""))
        calls.sort(key=lambda c: c["called_at"])
        wrong = sorted(rng.sample(range(20, 260), 3)) + sorted(more.sample(range(300, 300 * years), 3 * (years - 1)))
        for k in wrong:
            calls[k]["error"] = True
            calls[k]["note"] = rng.choice(["来电单位记录有误，已更正", "来电内容记录不全，延误转办半天",
                                           "未及时转告领导，已补报"])
        self.bulk(PhoneLog, calls)
        self.issue_reports()

    def more_tasks(self, workers, sources, notes) -> list[dict]:
        """A larger office's 督办事项 of the years before the last: about 25 a year, done on time or
        late, a few withdrawn; returns their progress notes."""
        rng = self.rng("supervision-tasks")
        progress = []
        for back in range(1, self.scale.years):
            first = _add_months(self.as_of, -12 * back - 12) + timedelta(days=1)
            last = _add_months(self.as_of, -12 * back) - timedelta(days=60)
            for n in range(25):
                title = f"{rng.choice(TASK_TITLES)}（{first.year + (first.month > 6)}年）"
                section = rng.choice(workers)
                assigned = self.random_workday(rng, first, last)
                person = rng.choice([p for p in self.members[section.id] if p.joined_on <= assigned]
                                    or self.members[section.id])
                deadline = assigned + timedelta(days=rng.randint(10, 40))
                kind = rng.choices(["ontime", "late", "cancelled"], weights=[70, 25, 5])[0]
                if kind == "cancelled":
                    completed, status, result = None, TASK_WITHDRAWN, "情况变化，经领导同意撤销督办。"
                else:
                    completed = (deadline - timedelta(days=rng.randint(0, 8)) if kind == "ontime"
                                 else deadline + timedelta(days=rng.randint(2, 15)))
                    completed, status, result = max(completed, assigned), TASK_DONE, "已按要求办结，书面报告市政府领导。"
                task = SupervisedTask.create(
                    source=rng.choice(sources), title=title, requirement=f"请{section.name}牵头办理，按期书面反馈办理结果。",
                    person=person, person_name=person.name, section=section, assigned_on=assigned, deadline=deadline,
                    status=status, completed_on=completed, result=result)
                last_note = completed or deadline
                for m in range(rng.randint(1, 3)):
                    progress.append(dict(task=task.id, noted_on=assigned + timedelta(days=(last_note - assigned).days
                                                                                     * (m + 1) // 4),
                                         note=notes[m % len(notes)], noted_by=rng.choice(self.supervisors).name))
        return progress

    def issue_reports(self) -> None:
        """考核督查专报 for each whole month checked, numbered by the month (one issue a month since
        January), each scored by 汇总 (the default) and issued with its figures as they stood (the
        campaigns as of the demo's day): a reprint gives the same pages."""
        month, end = self.supervision_months
        if self.scale.closed_months is not None:
            month = max(month, _add_months(end, -self.scale.closed_months))
        while month < end:
            following = _add_months(month, 1)
            workdays = [d for d in self._days(following, self.as_of) if _is_workday(d)]
            compiled = workdays[min(2, len(workdays) - 1)] if workdays else self.as_of
            summary = default_summary(month.year, month.month)
            if month.month == _add_months(end, -1).month:
                summary += "各科室要对照扣分事项逐条整改，督查室将跟踪复查。"
            who = self.chief["督查室"].name
            figures = issue_figures(month.year, month.month, summary, month.month, compiled, who)
            SupervisionReport.create(year=month.year, month=month.month, number=month.month, compiled_on=compiled,
                                     summary=summary, compiled_by=who, figures=issued.dumps(figures))
            month = following
