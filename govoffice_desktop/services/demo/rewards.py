"""演示数据 of 奖惩与奖金."""
from __future__ import annotations

from govoffice_desktop.models.rewards import CAT_TRAVEL, CAT_TYPING
from datetime import date, timedelta
from decimal import Decimal

from govoffice_desktop.models.campaigns import CampaignReach
from govoffice_desktop.models.db import current_user
from govoffice_desktop.models.rewards import (BonusBase, BonusLine, BonusMonth, FinanceFinding, GoodsItem,
                                              GoodsMovement, MonthClose, RewardPenalty, RewardRule, SectionBudget,
                                              TravelApproval, TravelClaim, TravelStandard)
from govoffice_desktop.models.staff import ReadingRecord
from govoffice_desktop.services import fleet as fleet_service, rewards, rules, supervision, typing_pool
from govoffice_desktop.services.demo.common import _add_months, _at, _money, _month_end
from govoffice_desktop.services.rewards import check_claim


class _RewardsPart:
    """奖惩与奖金: the rules, the bases, travel claims and office supplies, the ledger and the final months."""

    # =================================================================== rewards
    def build_rewards(self) -> None:
        """The rules, the bases, travel claims and office supplies; every month before the one just
        ended closed through the real closings (typing, fleet, supervision, goods) and finalised,
        so that the ledger holds exactly what the rules say."""
        rng = self.rng("rewards")
        as_of = self.as_of
        effective = date(self.start.year, 1, 1)
        # 万里行车无事故 is rewarded at the fleet closing of the month a driver reaches it (万页 left off)
        chosen = {"bonus_floor": Decimal("300.00"), "driving_campaign_reward": Decimal("300.00")}
        for code, (category, name, default, unit) in rules.catalogue().items():
            RewardRule.create(category=category, code=code, name=name, amount=chosen.get(code, default), unit=unit,
                              effective_from=effective, note="扣减为负数，奖励为正数。")
        for post, amount in (("主任", "1500.00"), ("副主任", "1300.00"), ("科长", "1100.00"), ("副科长", "1000.00"),
                             ("科员", "900.00"), ("打字员", "800.00"), ("驾驶员", "800.00")):
            BonusBase.create(post_or_rank=post, amount=Decimal(amount), effective_from=effective)
        self.build_travel_and_goods(rng)

        this_month = (as_of.year, as_of.month)
        past = [ym for ym in self.months() if ym < this_month]
        final_months = past[:-1]  # the month just ended is still open
        if self.scale.closed_months is not None:
            final_months = final_months[-self.scale.closed_months:] if self.scale.closed_months else []
        finance = self.finance_clerk.name
        entries = []

        def entry(person_id, day, category, amount, reason, table="", row_id=None, by=finance):
            amount = _money(amount)
            if amount != 0:
                entries.append(dict(person=person_id, entry_date=day, category=category, amount=amount,
                                    reason=reason, source_table=table, source_id=row_id, entered_by=by))

        # Rewards of the office's own making, outside the closings' rules
        for year, month in final_months:
            assessment = typing_pool.assess_month(year, month)
            day = self.workday_on_or_before(_month_end(year, month))
            for row in assessment.rows:
                if row.documents and row.errors == 0:
                    entry(row.typist.id, day, CAT_TYPING, 50, f"{year}年{month}月文印零差错")
        final_set = set(final_months)
        shared = (ReadingRecord.select().where(ReadingRecord.shared_on.is_null(False))
                  .order_by(ReadingRecord.shared_on, ReadingRecord.id))
        shared = [r for r in shared if (r.shared_on.year, r.shared_on.month) in final_set]
        for record in rng.sample(shared, min(3, len(shared))):
            entry(record.person_id, record.shared_on, "其他", 100, f"读书交流优秀：{record.title}",
                  ReadingRecord._meta.table_name, record.id)
        entries.sort(key=lambda e: (e["entry_date"], e["person"], e["category"]))
        self.bulk(RewardPenalty, entries)

        self.build_finance(final_months, past)

        # Each finished month closed in every domain and finalised, at deterministic times
        director = self.director.name
        for year, month in final_months:
            nxt = _add_months(date(year, month, 1), 1)
            typing_pool.close_month(year, month, today=as_of)
            fleet_service.close_fleet_month(year, month, today=as_of)
            supervision.close_supervision_month(year, month, today=as_of)
            rewards.close_goods_month(year, month, today=as_of)
            rewards.close_finance_month(year, month, today=as_of)
            rewards.finalise_month(year, month, today=as_of)
            closed_at = _at(self.workday_on_or_after(nxt + timedelta(days=2)), 10 * 60)
            MonthClose.update_where({MonthClose.closed_at: closed_at, MonthClose.closed_by: finance},
                                    (MonthClose.year == year) & (MonthClose.month == month))
            CampaignReach.update_where({CampaignReach.recorded_at: closed_at, CampaignReach.recorded_by: finance},
                                       CampaignReach.closed_in == year * 100 + month)
            BonusMonth.update_where({BonusMonth.finalised_at: _at(self.workday_on_or_after(nxt + timedelta(days=7)),
                                                                  16 * 60 + 30), BonusMonth.finalised_by: director},
                                    (BonusMonth.year == year) & (BonusMonth.month == month))
        RewardPenalty.update_where({RewardPenalty.entered_by: finance}, RewardPenalty.entered_by == current_user())
        for year, month in past[-1:]:
            BonusMonth.create(year=year, month=month, final=False)
        assert BonusLine.select().exists() or not final_months

    def build_travel_and_goods(self, rng) -> None:
        """出差值勤标准 and a few claims (one over the standard); office supplies with their stock,
        the sections' monthly budgets and what they drew."""
        effective = date(self.start.year, 1, 1)
        for cls, rooms, meals, local in (("一类地区（直辖市、省会城市）", ("500", "400", "350"), "100", "80"),
                                         ("二类地区（其他地级市）", ("400", "330", "280"), "80", "80"),
                                         ("市内值勤", ("0", "0", "0"), "60", "0")):
            for group, room in zip(("市级领导", "县处级", "其他人员"), rooms):
                TravelStandard.create(destination_class=cls, rank_group=group, accommodation=Decimal(room),
                                      meals=Decimal(meals), city_transport=Decimal(local), transport=None,
                                      effective_from=effective)
        travellers = [p for s in ("综合科", "调研室", "秘书一科", "秘书二科") for p in self.members[self.sections[s].id]
                      if p.status in ("在岗", "试用期")]
        places = [("南京", "一类地区（直辖市、省会城市）"), ("北京", "一类地区（直辖市、省会城市）"),
                  ("徐州", "二类地区（其他地级市）"), ("淮安", "二类地区（其他地级市）")]
        this_month = self.as_of.replace(day=1)
        trips = []
        for k in range(10):
            person = rng.choice(travellers)
            place, cls = places[k % len(places)]
            month_start = _add_months(this_month, -(k % 4) - 1)
            start = self.workday_on_or_after(month_start + timedelta(days=rng.randint(2, 18)))
            days = rng.randint(2, 4)
            end = start + timedelta(days=days - 1)
            cap = check_claim(person, cls, start, end, Decimal(1)).standard.accommodation
            rooms = cap * (days - 1) - Decimal(rng.randint(0, 6) * 10)
            if k == 3:  # one stay over the standard: cut to the cap, and 50 off the bonus
                rooms = cap * (days - 1) + Decimal(180)
            if any(p.id == person.id and s <= end and e >= start for p, s, e, *_rest in trips):
                continue  # a day is paid once: no two trips of one person overlap
            trips.append((person, start, end, place, cls, rooms, Decimal(rng.choice([120, 260, 380]))))
        director = self.director.name
        self.claims, self.approvals = [], []
        for person, start, end, place, cls, rooms, transport in trips:  # each 出差 approved before it, then claimed
            approval = rewards.save_approval(
                {"person": person, "destination": place, "destination_class": cls, "start_on": start, "end_on": end,
                 "purpose": "参加会议", "approved_by": director,
                 "approved_on": self.workday_on_or_before(start - timedelta(days=2))}, today=self.as_of)
            self.approvals.append(approval)
            claimed = min(self.workday_on_or_after(end + timedelta(days=3)), self.as_of)
            self.claims.append(rewards.save_claim(
                {"person": person, "kind": "出差", "approval": approval, "start_on": start, "end_on": end,
                 "accommodation": rooms, "transport": transport, "claimed_on": claimed}, today=self.as_of))
        duty = [p for p in self.members[self.sections["行政科"].id] if p.status in ("在岗", "试用期")][:2]
        for k, person in enumerate(duty):  # 值勤 needs no 出差审批
            start = self.workday_on_or_after(_add_months(this_month, -1) + timedelta(days=5 + 7 * k))
            self.claims.append(rewards.save_claim(
                {"person": person, "kind": "值勤", "start_on": start, "end_on": start, "destination": "市政府值班室",
                 "destination_class": "市内值勤", "purpose": "节假日值班",
                 "claimed_on": min(self.workday_on_or_after(start + timedelta(days=3)), self.as_of)},
                today=self.as_of))
        TravelApproval.update_where({TravelApproval.entered_by: self.finance_clerk.name},
                                    TravelApproval.entered_by == current_user())
        items = [("A4打印纸", "包", "25.00", 20, 400), ("硒鼓", "个", "380.00", 2, 24), ("中性笔", "支", "2.50", 50, 600),
                 ("文件盒", "个", "6.00", 30, 300), ("订书钉", "盒", "3.00", 20, 120)]
        stock = {}
        first = _add_months(this_month, -3)
        for name, unit, price, minimum, bought in items:
            item = GoodsItem.create(name=name, unit=unit, unit_price=Decimal(price), min_stock=minimum)
            GoodsMovement.create(item=item, moved_on=self.workday_on_or_after(first), kind="入库", quantity=bought,
                                 unit_price=Decimal(price), note="集中采购")
            stock[item.id] = [item, bought]
        active = self.active_sections
        for section in active:
            SectionBudget.create(section=section, year=self.as_of.year, monthly_amount=Decimal(
                "600.00" if section.name in ("文电科", "综合科") else "200.00"))
        month = first
        while month <= this_month:
            for section in active:
                for item, left in list(stock.values()):
                    printer_room = section.name in ("文电科", "综合科")
                    if rng.random() < (0.35 if item.unit_price < 100 else 0.5 if printer_room else 0.0):
                        quantity = rng.randint(1, 4) if item.unit_price < 100 else 1
                        if quantity <= left and month + timedelta(days=9) <= self.as_of:
                            day = self.workday_on_or_after(month + timedelta(days=rng.randint(3, 9)))
                            if day > self.as_of:
                                continue
                            GoodsMovement.create(item=item, moved_on=day, kind="领用", quantity=quantity,
                                                 unit_price=item.unit_price, section=section,
                                                 person=rng.choice(self.members[section.id]))
                            stock[item.id][1] -= quantity
            month = _add_months(month, 1)
        # 接待科 draws a toner cartridge once, over its budget: the goods closing charges its chief
        toner = next(item for item, _left in stock.values() if item.name == "硒鼓")
        reception = self.sections["接待科"]
        GoodsMovement.create(item=toner, moved_on=self.workday_on_or_after(_add_months(this_month, -2)
                                                                           + timedelta(days=12)),
                             kind="领用", quantity=1, unit_price=toner.unit_price, section=reception,
                             person=self.chief["接待科"], note="接待用打印机")

    def build_finance(self, final_months: list[tuple[int, int]], past: list[tuple[int, int]]) -> None:
        """财务管理: a few findings of the finance checks — two in finished months (posted by their
        财务结账 when the months close), one in the month just ended, still to be closed."""
        plan = []
        if final_months:
            year, month = final_months[-1]
            traveller = next((c.person for c in self.claims if c.kind == "出差"), self.finance_clerk)
            plan.append((date(year, month, 9), "finance_receipts", traveller, None, "1280.00",
                         "差旅费报销缺住宿发票原件"))
            plan.append((date(year, month, 20), "finance_over_budget", None, self.sections["接待科"], "3600.00",
                         "接待费超出季度预算"))
        if past:
            year, month = past[-1]
            plan.append((date(year, month, 16), "finance_loan_overdue", self.chief["综合科"], None, "2000.00",
                         "备用金借款逾期未还"))
        for day, rule, person, section, involved, text in plan:
            day = min(self.workday_on_or_after(day), self.as_of)
            rewards.save_finding({"found_on": day, "rule": rule, "person": person, "section": section,
                                  "amount_involved": involved, "description": text}, today=self.as_of)
        FinanceFinding.update_where({FinanceFinding.entered_by: self.finance_clerk.name},
                                    FinanceFinding.entered_by == current_user())
