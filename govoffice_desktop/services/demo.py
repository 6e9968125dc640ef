"""演示数据: a complete, realistic year of a 市政府办公室 written into an empty database.

``generate(as_of, seed, progress)`` fills every domain — staff files, the typing pool, the
fleet, quarterly ratings, supervision and the reward/penalty ledger — with data for the
twelve months ending at ``as_of``.  The result depends only on ``(as_of, seed)``: every
random choice comes from ``random.Random`` instances seeded from them, and every date and
time is derived from ``as_of`` (never from the clock).  Money, litres and odometers are
Decimal or int, never float.

Everything is written in one transaction: a cancelled or failed run leaves the database as
it was.  The module never imports Qt.
"""
from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from govoffice_desktop.models import ALL_MODELS
from govoffice_desktop.models.base import AuditLog
from govoffice_desktop.models.db import current_user, database
from govoffice_desktop.models.fleet import Incident, Refuel, Trip, Vehicle
from govoffice_desktop.models.ratings import (Ballot, BallotMark, Explanation, Grade, GradeScale, RaterGroup,
                                              RatingPeriod, Tally)
from govoffice_desktop.models.rewards import BonusBase, BonusMonth, MonthClose, RewardPenalty, RewardRule
from govoffice_desktop.models.staff import (Candidate, CandidateVeto, ContractTarget, FamilyPlacement,
                                            HousingRequest, Person, PersonMove, RankRecord, ReadingRecord,
                                            ResponsibilityContract, Section, SectionMerge, Training)
from govoffice_desktop.models.settings import Setting
from govoffice_desktop.models.supervision import (DailyCheck, MeetingLog, PhoneLog, SupervisedTask,
                                                  SupervisionReport, SupervisionTarget, TaskProgress)
from govoffice_desktop.models.typing_pool import SpeedTest, TypingLog, TypingStandard
from govoffice_desktop.services.validation import id_check_digit

__all__ = ["DemoError", "DemoSummary", "generate"]

DEFAULT_SEED = 20250101


class DemoError(Exception):
    """Demo data cannot be written (the message is for the user, in Chinese)."""


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)  # table name -> rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# ======================================================================= small helpers
CENT = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    y += day.year
    m += 1
    return date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (5, 3), (10, 1), (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7)}


def _is_workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in _FIXED_HOLIDAYS


def _at(day: date, minutes: int) -> datetime:
    """``day`` at ``minutes`` after midnight."""
    return datetime.combine(day, time(0, 0)) + timedelta(minutes=minutes)



# ======================================================================= reference lists
SURNAMES = ("王王王王张张张张陈陈陈陈刘刘刘李李李徐徐徐朱朱孙孙周周吴吴杨杨胡胡蔡仲仲沈顾许马戴高何郑谢韩"
            "唐冯于董程曹袁邓彭吕苏卢蒋贾丁魏薛叶余潘杜夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦"
            "江史侯邵孟万段钱汤尹黎常武乔贺龚葛倪严卞")
MALE_GIVEN = "伟强军勇斌涛明辉刚健峰磊鹏建国华志海波平东林宏亮杰新春文成龙卫洪超俊永庆松立振宇浩晨阳毅"
FEMALE_GIVEN = "芳娟敏静丽艳霞玲燕红梅琴英萍娜雪婷慧莉颖洁云兰凤晶倩蕾琳秀佳欣悦"
SHARED_GIVEN = "子思嘉晓雨清德学正金小玉家天一"

NATIVE_PLACES = [  # (native place, area codes, weight, counts as local to 宿迁)
    ("江苏宿迁", ("321302", "321311"), 30, True),
    ("江苏沭阳", ("321322",), 20, True),
    ("江苏泗阳", ("321323",), 14, True),
    ("江苏泗洪", ("321324",), 14, True),
    ("江苏徐州", ("320302", "320303", "320311"), 4, False),
    ("江苏邳州", ("320382",), 2, False),
    ("江苏睢宁", ("320324",), 2, False),
    ("江苏新沂", ("320381",), 1, False),
    ("江苏淮安", ("320803", "320804"), 3, False),
    ("江苏涟水", ("320826",), 1, False),
    ("江苏连云港", ("320703", "320706"), 2, False),
    ("江苏灌南", ("320724",), 1, False),
    ("江苏盐城", ("320902",), 2, False),
    ("江苏南京", ("320102", "320104"), 2, False),
]

SECTIONS = [
    ("秘书一科", "负责市政府主要领导的文稿起草、会务和日常服务工作"),
    ("秘书二科", "负责分管工业、城建、交通方面市领导的服务和联系部门工作"),
    ("秘书三科", "负责分管农业、社会事业方面市领导的服务和联系部门工作"),
    ("综合科", "负责办公室综合协调、值班、政务信息和内部管理"),
    ("督查室", "负责市政府重要决策部署、领导交办事项的督促检查和办公室内部考核督查"),
    ("信息科", "负责政务信息的收集、编报和办公自动化建设"),
    ("调研室", "负责重大课题调查研究、综合文稿起草和政务信息工作"),
    ("文电科", "负责公文处理、文电收发和文印工作"),
    ("机要科", "负责机要文件、密码电报的收发管理和保密工作"),
    ("行政科", "负责机关后勤保障、车辆管理和物品管理"),
    ("财务科", "负责办公室经费预算、财务管理和奖惩兑现"),
    ("接待科", "负责来宾接待和重要活动的后勤保障"),
]
MERGE_SOURCE, MERGE_TARGET = "信息科", "调研室"  # 职能相近的科室合署
WORST_SECTION = "接待科"  # consistently among the worst in the last three quarters

# Staff plan: (section, roles).  Office leaders have no section.
STAFF_PLAN = [
    (None, ["leader"] + ["vice"] * 4),
    ("秘书一科", ["chief", "deputy"] + ["clerk"] * 5),
    ("秘书二科", ["chief", "deputy"] + ["clerk"] * 5),
    ("秘书三科", ["chief", "deputy"] + ["clerk"] * 3),
    ("综合科", ["chief", "deputy"] + ["clerk"] * 5),
    ("督查室", ["chief", "deputy"] + ["clerk"] * 3),
    ("信息科", ["chief"] + ["clerk"] * 3),
    ("调研室", ["chief", "deputy"] + ["clerk"] * 2),
    ("文电科", ["chief", "deputy", "clerk"] + ["typist"] * 6),
    ("机要科", ["chief"] + ["clerk"] * 3),
    ("行政科", ["chief", "deputy", "clerk", "clerk"] + ["driver"] * 9),
    ("财务科", ["chief"] + ["clerk"] * 3),
    ("接待科", ["chief", "deputy"] + ["clerk"] * 3),
]
ROLE_POST = {"leader": "主任", "vice": "副主任", "chief": "科长", "deputy": "副科长", "clerk": "科员",
             "typist": "打字员", "driver": "驾驶员"}
ROLE_AGE = {"leader": (46, 56), "vice": (40, 55), "chief": (36, 52), "deputy": (32, 48), "clerk": (24, 45),
            "typist": (23, 45), "driver": (28, 55)}
CADRE_LADDER = ["办事员", "科员", "副科级", "正科级", "副处级", "正处级"]
WORKER_LADDER = ["初级工", "中级工", "高级工", "技师"]
MAJORS = ["汉语言文学", "法学", "经济学", "行政管理", "会计学", "计算机科学与技术", "新闻学", "政治学与行政学",
          "英语", "统计学", "秘书学", "历史学", "农业经济管理", "城市规划", "财政学", "哲学"]
EXPERTISE = ["公文写作", "调查研究", "信息编报", "综合协调", "会务组织", "财务管理", "计算机应用", "法律事务",
             "英语翻译", "摄影摄像", "保密管理", "档案管理"]
SOURCE_UNITS = ["宿迁市发展和改革委员会", "宿迁市财政局", "宿迁市教育局", "宿迁市农业农村局",
                "宿迁市住房和城乡建设局", "宿迁市统计局", "宿迁市公安局", "沭阳县人民政府办公室",
                "泗阳县人民政府办公室", "泗洪县人民政府办公室", "宿城区人民政府办公室", "宿豫区人民政府办公室",
                "宿迁日报社", "宿迁学院", "宿迁市交通运输局", "宿迁市商务局", "宿迁市人力资源和社会保障局",
                "沭阳县沭城街道办事处", "泗洪县青阳街道办事处", "宿迁市机关事务管理局", "宿迁市审计局"]
LEADER_UNITS = ["沭阳县人民政府", "泗洪县人民政府", "宿迁市发展和改革委员会", "宿迁市财政局", "宿豫区人民政府",
                "泗阳县人民政府", "宿迁市委办公室"]
WORKER_UNITS = ["宿迁市机关事务管理局", "宿迁市交通运输局", "沭阳县人民政府办公室", "泗阳县人民政府办公室",
                "退役军人（部队）", "宿迁市公共交通有限公司", "宿城区人民政府办公室"]

# ---- typing pool
DOC_TOPICS = [
    "做好春节期间安全生产工作", "进一步加强城市管理工作", "加快推进农村公路提档升级", "做好防汛防旱工作",
    "开展安全生产大检查", "加强耕地保护和节约集约用地", "推进政务服务“一网通办”", "做好高校毕业生就业创业工作",
    "加强食品安全监管", "印发宿迁市优化营商环境行动方案", "下达年度市级重点工程建设计划", "做好秸秆禁烧和综合利用工作",
    "加强冬季大气污染防治", "做好“双拥”工作", "调整市政府领导工作分工", "支持民营经济高质量发展",
    "加强古黄河风光带管理", "推进洪泽湖生态保护", "做好困难群众基本生活保障", "加强校园周边安全整治",
    "推进城镇老旧小区改造", "做好防范电信网络诈骗工作", "开展消防安全专项整治", "加快发展现代高效农业",
    "深化“放管服”改革", "做好市场保供稳价工作", "加强地方金融风险防范", "推进数字政府建设",
    "做好国庆期间安全稳定工作", "加强骆马湖水源地保护", "做好夏粮收购工作", "推进花木产业转型升级",
]
REPORT_TOPICS = ["上半年全市经济运行", "全市安全生产大检查", "市级重点工程建设进展", "全市防汛防旱工作",
                 "全市政务公开工作", "全市秸秆禁烧工作", "全市招商引资工作", "全市重点民生实事推进"]
REPLY_TOPICS = ["泗洪县调整部分乡镇行政区划", "宿豫区设立省级工业集中区", "沭阳县城市总体规划修编",
                "泗阳县申报省级经济开发区", "宿城区实施城中村改造项目", "湖滨新区旅游度假区规划"]
BULLETIN_TOPICS = ["全市政务信息报送", "安全生产大检查", "城市长效管理考核", "节能减排工作进展", "市政府督办事项落实"]
MEETING_TOPICS = ["安全生产", "防汛防旱", "招商引资", "城市管理", "农业农村", "重点工程建设", "民生实事",
                  "生态环境保护", "财税工作", "政务服务"]
# prefix -> numbers issued a year (to start the running numbers of a year at a plausible place)
DOC_PREFIXES = {"宿政发": 80, "宿政办发": 180, "宿政办函": 120, "宿政复": 60, "宿政报": 40, "宿政请": 30, "宿政会": 40}
ERROR_FIELDS = ("wrong_char", "missing_char", "extra_char", "punctuation", "formatting")
ERROR_WEIGHTS = (40, 20, 15, 15, 10)

# ---- fleet
VEHICLE_SPECS = [  # plate, brand model, fuel, quota L/100 km, tank litres, years old
    ("苏NA0118", "别克GL8", "95号汽油", "12.00", 65, 3),
    ("苏NA0226", "别克GL8", "95号汽油", "12.00", 65, 6),
    ("苏NA0358", "大众帕萨特", "95号汽油", "9.50", 66, 4),
    ("苏NB0862", "丰田凯美瑞", "92号汽油", "8.50", 60, 7),
    ("苏NA0509", "红旗H5", "92号汽油", "8.80", 53, 2),
    ("苏NC3207", "大众迈腾", "95号汽油", "9.00", 66, 5),
    ("苏ND0631", "丰田考斯特", "0号柴油", "15.50", 95, 8),
    ("苏NA0857", "红旗H9", "95号汽油", "10.50", 65, 1),
]
DESTINATIONS = [  # (places, round trip km low, high, weight)
    (["宿城区市行政中心", "宿城区洋北街道", "宿城区耿车镇", "宿城区龙河镇", "宿城区幸福街道"], 15, 45, 30),
    (["宿豫区人民政府", "宿豫区顺河街道", "宿豫区大兴镇", "宿豫区来龙镇"], 20, 55, 16),
    (["宿迁经济技术开发区管委会", "苏宿工业园区"], 20, 50, 10),
    (["湖滨新区皂河镇", "湖滨新区晓店街道", "湖滨新区管委会"], 30, 70, 8),
    (["洋河新区管委会", "洋河新区洋河镇"], 50, 90, 8),
    (["泗阳县人民政府", "泗阳县众兴镇", "泗阳县穿城镇"], 80, 125, 8),
    (["沭阳县人民政府", "沭阳县沭城街道", "沭阳县新河镇"], 110, 165, 8),
    (["泗洪县人民政府", "泗洪县青阳街道", "泗洪县半城镇", "泗洪县洪泽湖湿地"], 120, 175, 7),
    (["淮安市人民政府", "淮安涟水机场"], 200, 250, 2),
    (["徐州市人民政府", "徐州观音国际机场"], 220, 285, 2),
    (["连云港市人民政府"], 250, 300, 1),
]
TRIP_PURPOSES = ["陪同市领导调研", "送达紧急文件", "督查重点工程进展", "接送来宾", "参加会议", "开展专题调研",
                 "检查安全生产", "取送会议材料", "陪同领导检查防汛工作", "走访重点企业", "接站", "机要文件交换"]
STATIONS = ["中国石化宿迁洪泽湖路加油站", "中国石化宿迁发展大道加油站", "中国石油宿迁西湖路加油站",
            "中国石化宿迁宿豫加油站"]

# ---- ratings
BOTTOM_UP_SCALE = "好/较好/一般/差"
TOP_DOWN_SCALE = "优秀/称职/基本称职/不称职/不了解"
BOTTOM_UP_PROBS = {"worst": (12, 28, 38, 22), "low": (28, 40, 26, 6)}
TOP_DOWN_PROBS = {"worst": (10, 45, 35, 5, 5), "low": (25, 55, 15, 0, 5)}

# ---- supervision
COMMON_TARGETS = [
    ("按时到岗", "1.0", "每日8:30前点到，迟到、早退每人次扣分"),
    ("办公秩序", "1.0", "办公室整洁有序，不串岗、不闲聊"),
    ("值班", "2.0", "值班人员在岗，值班记录完整"),
    ("文明用语", "1.0", "接听电话和接待来访使用文明用语"),
    ("着装规范", "0.5", "着装整洁得体，佩戴工作牌"),
]
SECTION_TARGETS = {
    "秘书一科": [("领导文稿按时完成", "3.0"), ("领导批示件当日转办", "2.0"), ("会务安排无差错", "2.0")],
    "秘书二科": [("领导交办事项及时办理", "3.0"), ("来文办理不超时限", "2.0"), ("文稿质量达标", "2.0")],
    "秘书三科": [("涉农文件按时办理", "3.0"), ("领导活动安排准确", "2.0"), ("联系部门及时反馈", "2.0")],
    "综合科": [("值班信息及时报送", "3.0"), ("政务信息编报数量达标", "2.0"), ("内部管理制度执行", "2.0")],
    "督查室": [("督办件按期反馈", "3.0"), ("考核督查记录完整", "2.0"), ("考核督查专报按时编发", "2.0")],
    "调研室": [("调研课题按期完成", "3.0"), ("调研报告质量达标", "2.0"), ("政务信息上报及时", "2.0")],
    "文电科": [("文件收发登记及时", "3.0"), ("打字差错率达标", "3.0"), ("公文按时印发", "2.0")],
    "机要科": [("机要文件零差错", "3.0"), ("保密检查合格", "3.0"), ("密码电报及时处理", "2.0")],
    "行政科": [("车辆调度及时", "2.0"), ("物品领用登记规范", "2.0"), ("机关环境卫生达标", "2.0")],
    "财务科": [("报销审核及时", "2.0"), ("账务处理准确", "3.0"), ("奖惩按月兑现", "2.0")],
    "接待科": [("接待方案按时报送", "3.0"), ("来宾满意", "2.0"), ("接待费用不超标准", "2.0")],
    "信息科": [("政务信息按时编报", "3.0"), ("办公自动化系统运行正常", "2.0")],
}
MISS_REMARKS = {
    "按时到岗": ["8:35点到时1人未到岗", "1人无故迟到15分钟", "下午1人提前离岗"],
    "办公秩序": ["办公桌面文件堆放杂乱", "上班时间有人串岗聊天", "办公室内有人吸烟"],
    "值班": ["值班电话无人接听", "值班记录不全", "值班人员未按时交接班"],
    "文明用语": ["接听电话语气生硬，群众有反映", "来访接待用语不规范"],
    "着装规范": ["1人未佩戴工作牌", "着装不整洁"],
}
SECTION_MISS_REMARKS = ["当日有1项工作未在规定时限内完成", "工作台账登记不完整", "经抽查发现1处差错，已责成纠正",
                        "未按要求及时报送材料", "领导交办事项未及时反馈进展"]
TASK_TITLES = [
    "落实市长办公会议关于城区停车难问题的议定事项", "督办洪泽湖退圩还湖工程进度", "督办骆马湖采砂整治",
    "督办市区农贸市场改造", "督办沭阳县花木电商产业园建设", "督办泗洪县农村饮水安全工程",
    "督办重点企业用工保障", "督办省政府督查反馈问题整改", "督办人大代表建议办理", "督办政协委员提案办理",
    "调研全市民营经济发展情况", "调研乡镇财政运行情况", "调研农村土地流转情况", "调研城市公共交通发展",
    "处置宿豫区企业欠薪群体性事件", "处置泗阳县突发环境污染事件", "督办城区防汛排涝设施改造",
    "督办中小学校舍安全工程", "督办市级重点工程征地拆迁", "督办12345热线群众诉求办理",
    "督办安全生产隐患整改", "落实市政府常务会议关于物价稳定的部署", "调研全市招商引资项目落地情况",
    "督办大运河文化带建设项目", "督办冬季清洁取暖和煤炭保供",
]
MEETING_SLIP_NOTES = ["会场座签摆放有误，会前已纠正", "会议通知漏发一个单位", "会议材料装订顺序有误"]
PHONE_CALLERS = ["市发展和改革委员会", "市财政局", "市住房和城乡建设局", "沭阳县政府办公室", "泗阳县政府办公室",
                 "泗洪县政府办公室", "宿城区政府办公室", "宿豫区政府办公室", "省政府办公厅", "市委办公室",
                 "市公安局指挥中心", "市应急管理局", "市教育局", "12345热线"]
PHONE_SUBJECTS = ["询问市政府常务会议时间", "报送值班信息", "请示领导活动安排", "催报会议材料", "通知参加全市会议",
                  "报告突发事件情况", "询问文件办理进度", "联系来宾接待事宜", "报送政务信息", "协调领导调研行程"]
BOOKS = {
    "政治理论": ["《共产党宣言》", "《中国共产党简史》", "《邓小平文选》第三卷", "《毛泽东选集》第一卷",
             "《之江新语》", "《习近平新时代中国特色社会主义思想学习纲要》"],
    "业务知识": ["《党政机关公文处理工作条例》释义", "《公文写作与处理》", "《秘书工作手册》", "《调查研究方法》",
             "《政府信息公开条例》解读", "《机关事务管理实务》", "《会计基础工作规范》"],
    "市场经济理论": ["《国富论》", "《经济学原理》", "《置身事内：中国政府与经济发展》", "《中国经济改革进程》",
               "《市场经济学》", "《薛暮桥回忆录》"],
}
TRAININGS = {
    "计算机": ["办公自动化操作培训", "电子公文系统应用培训", "网络安全与保密知识培训"],
    "外语": ["英语口语提高班", "外事接待英语培训"],
    "岗位培训": ["公文处理规范培训", "政务信息报送业务培训", "督查工作业务培训", "机要保密业务培训"],
    "讲座": ["市场经济知识讲座", "依法行政专题讲座", "宏观经济形势报告会"],
    "外出参观": ["赴苏州、无锡学习考察政府办公室工作", "赴南通学习机关管理经验"],
    "基层调研": ["赴沭阳县开展农村经济调研", "赴泗洪县开展水产养殖调研", "赴宿豫区开展企业走访"],
    "其他": ["保密知识培训", "消防安全知识培训"],
}


# ======================================================================= the builder
FIRST_DAY = date(2000, 1, 1)  # the office's months and years run from 2000 (services' month bounds)


class _Builder:
    def __init__(self, as_of: date, seed: int, progress: Callable[[int, str], bool] | None):
        self.as_of = as_of
        self.seed = seed
        self.progress = progress
        self.start = _add_months(as_of, -12) + timedelta(days=1)  # the 12 months ending at as_of
        if self.start < FIRST_DAY:
            raise DemoError(f"演示数据是截止日期前一年的数据，而本程序的日期从 {FIRST_DAY.year} 年起："
                            f"截止日期应不早于 {_add_months(FIRST_DAY, 12) - timedelta(days=1)}")
        self.workdays = [d for d in self._days(self.start, as_of) if _is_workday(d)]
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()

    # -- plumbing
    def rng(self, name: str) -> random.Random:
        """A generator per domain: one domain's draws never shift another's.  The seed string is
        hashed by SHA-512 (``random`` seeding version 2), so it is stable across runs and machines."""
        return random.Random(f"govoffice-demo:{self.seed}:{name}")

    def step(self, percent: int, message: str) -> None:
        if self.progress is not None and self.progress(percent, message) is False:
            raise DemoError("已取消")

    @staticmethod
    def _days(first: date, last: date):
        day = first
        while day <= last:
            yield day
            day += timedelta(days=1)

    def workday_on_or_after(self, day: date) -> date:
        while not _is_workday(day):
            day += timedelta(days=1)
        return day

    def workday_on_or_before(self, day: date) -> date:
        while not _is_workday(day):
            day -= timedelta(days=1)
        return day

    def random_workday(self, rng: random.Random, first: date, last: date) -> date:
        days = [d for d in self.workdays if first <= d <= last]
        if not days:
            return min(max(first, self.start), last)
        return rng.choice(days)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month touched by the window, oldest first."""
        out, day = [], self.start.replace(day=1)
        while day <= self.as_of:
            out.append((day.year, day.month))
            day = _add_months(day, 1)
        return out

    def new_name(self, rng: random.Random, gender: str) -> str:
        pool = MALE_GIVEN if gender == "男" else FEMALE_GIVEN
        while True:
            given = rng.choice(pool)
            if rng.random() < 0.6:
                given = rng.choice(pool + SHARED_GIVEN) + given if rng.random() < 0.5 else given + rng.choice(pool)
            name = rng.choice(SURNAMES) + given
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def new_id_number(self, rng: random.Random, codes, birth: date, gender: str) -> str:
        while True:
            seq = rng.randrange(0, 1000)
            if (seq % 2 == 1) != (gender == "男"):
                seq = (seq + 1) % 1000
            body = f"{rng.choice(codes)}{birth:%Y%m}{rng.randint(1, 28):02d}{seq:03d}"
            number = body + id_check_digit(body)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def new_phone(self, rng: random.Random) -> str:
        while True:
            phone = "1" + rng.choice(["33", "38", "39", "51", "52", "58", "59", "80", "81", "87", "88", "89"]) \
                + f"{rng.randrange(10 ** 8):08d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    # -- the run
    def run(self) -> None:
        self.step(0, "正在生成科室和人员档案…")
        self.build_staff()
        self.step(12, "正在生成考察、定职定级、学习培训和责任状…")
        self.build_staff_records()
        self.step(22, "正在生成文印台账…")
        self.build_typing()
        self.step(38, "正在生成车辆、出车和加油记录…")
        self.build_fleet()
        self.step(58, "正在生成季度评议…")
        self.build_ratings()
        self.step(72, "正在生成考核督查和督办事项…")
        self.build_supervision()
        self.step(86, "正在生成奖惩记录和奖金月份…")
        self.build_rewards()
        self.step(100, "演示数据已生成。")

    # =================================================================== staff
    def build_staff(self) -> None:
        rng = self.rng("staff")
        as_of = self.as_of
        self.sections: dict[str, Section] = {}
        for order, (name, duties) in enumerate(SECTIONS, start=1):
            self.sections[name] = Section.create(name=name, duties=duties, sort_order=order,
                                                 created_on=date(1996, 9, 1))

        plan = [(sec, role) for sec, roles in STAFF_PLAN for role in roles]
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
        driver_expiry_soon = set(rng.sample(range(9), 2))
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
                      "left": "调离"}.get(kind, "在岗")
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
        PersonMove.bulk_insert(moves)

        # who is where now
        self.active_sections = [s for s in self.sections.values() if s.active]
        self.members: dict[int, list[Person]] = {s.id: [] for s in self.sections.values()}
        for person in self.people:
            if person.section_id and person.status != "调离":
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
        # 定职定级: six months after joining (leaders are appointed by the city, not here)
        ranks = []
        for person in self.people:
            role = self.person_role[person.id]
            if role in ("leader", "vice"):
                ranks.append(dict(person=person.id, decided_on=person.joined_on, period_start=None, period_end=None,
                                  previous_rank=person.previous_rank, rank=person.rank, post=person.post,
                                  performance="市委任命", doc_number=f"宿委〔{person.joined_on.year}〕{rng.randint(1, 90)}号"))
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
                doc_number=f"宿政办干〔{decided.year}〕{rng.randint(1, 60)}号"))
        ranks.sort(key=lambda r: (r["decided_on"], r["person"]))
        RankRecord.bulk_insert(ranks)

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
            if person.status == "调离":
                continue
            for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
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
        Training.bulk_insert(trainings)

        # 读三本书: three kinds a year, for the years the window touches
        readings = []
        for year in range(self.start.year, as_of.year + 1):
            first = max(date(year, 1, 1), self.start)
            last = min(date(year, 12, 31), as_of)
            if (last - first).days < 30:
                continue
            share = (last - date(year, 1, 1)).days / 365
            for person in self.people:
                if person.status == "调离" or person.joined_on > last - timedelta(days=30):
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
        ReadingRecord.bulk_insert(readings)

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
            items = [(f"{name}", "日常考核督查", rng.choice(q_ends)) for name, _ in SECTION_TARGETS[section.name][:2]]
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
        ContractTarget.bulk_insert(targets)
        if half_done:
            ResponsibilityContract.update_where({"half_assessed_on": half_assessed}, ResponsibilityContract.year == year)

        # 住房与家属安置 for out-of-town staff
        out = [p for p in self.people if p.out_of_town and p.status != "调离"]
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
            if person.status == "试用期" or k >= len(order):
                skills[person.id] = (speeds[5], err_probs[5])
            else:
                skills[person.id] = (speeds[order[k]], err_probs[order[k]])
                k += 1
        counters: dict = {}
        logs = []
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
                    logs.append(dict(typed_on=day, typist=person.id, typist_name=person.name, title=title,
                                     doc_number=doc_number, pages=pages, characters=chars, errors=total,
                                     proofreader=proof, remarks="旧台账未记字数" if chars is None else "", **errs))
                    acc = self.typing_by_month.setdefault((person.id, day.year, day.month), [0, 0])
                    acc[0] += chars if chars is not None else pages * self.chars_per_page
                    acc[1] += total
        TypingLog.bulk_insert(logs)

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
        SpeedTest.bulk_insert(tests)

    # =================================================================== fleet
    def build_fleet(self) -> None:
        rng = self.rng("fleet")
        as_of = self.as_of
        drivers = self.drivers
        spare = drivers[-1]
        over_quota = set(rng.sample(range(len(VEHICLE_SPECS)), 2))
        due_soon = {0: "inspection", 3: "insurance", 5: "service", 6: "inspection"}

        # fuel prices: a random walk per half month for 92号; 95号 and diesel follow it
        prices: dict[tuple[int, int, int], Decimal] = {}
        p92 = Decimal("7.52")
        for year, month in self.months():
            for half in (0, 1):
                p92 = min(max(p92 + Decimal(rng.choice([-12, -6, 0, 0, 0, 6, 12])) / 100, Decimal("7.20")),
                          Decimal("7.78"))
                prices[(year, month, half)] = p92

        def price(fuel: str, when: datetime) -> Decimal:
            base = prices[(when.year, when.month, 0 if when.day <= 15 else 1)]
            if fuel == "95号汽油":
                return min(base + Decimal("0.46"), Decimal("8.20"))
            if fuel == "0号柴油":
                return max(base - Decimal("0.08"), Decimal("7.20"))
            return base

        requesting = [s for s in self.active_sections if s.name not in ("行政科", "财务科")]
        dest_weights = [w for *_, w in DESTINATIONS]
        trips, refuels = [], []
        self.vehicles: list[Vehicle] = []
        self.fuel_months: dict[tuple[int, int, int], list[Decimal]] = {}  # (vehicle, y, m) -> [litres, quota litres]
        trips_by_vehicle: dict[int, list[dict]] = {}
        for n, (plate, model, fuel, quota, tank, age) in enumerate(VEHICLE_SPECS):
            driver = drivers[n]
            soon = due_soon.get(n)

            def due(kind, lo=40, hi=330):
                return as_of + timedelta(days=rng.randint(3, 28) if soon == kind else rng.randint(lo, hi))

            vehicle = Vehicle.create(
                plate=plate, brand_model=model, fuel_type=fuel,
                purchased_on=as_of - timedelta(days=365 * age + rng.randint(0, 300)),
                fuel_quota=Decimal(quota), driver=driver, status="在用",
                inspection_due=due("inspection"), insurance_due=due("insurance"), service_due=due("service", 35, 150),
                note="中型客车，用于集体外出活动" if model == "丰田考斯特" else "")
            self.vehicles.append(vehicle)
            quota_d = Decimal(quota)
            factor = rng.uniform(1.10, 1.19) if n in over_quota else rng.uniform(0.90, 1.04)
            rate = float(quota_d) * factor / 100  # litres per km (only used to draw amounts)
            card = f"100011320{rng.randrange(10 ** 10):010d}"
            odo = 8000 + 24000 * age + rng.randint(0, 9000)
            p_trip = 0.45 if model == "丰田考斯特" else 0.86

            reach = tank * 0.95 / rate  # km on a full tank, with a little left

            def threshold():
                return min(rng.uniform(400, 600), tank * 0.88 / rate)

            receipt = 0

            def refuel(at: datetime, who: Person, litres: Decimal, odometer: int):
                nonlocal receipt
                receipt += 1
                unit = price(fuel, at)
                refuels.append(dict(filled_at=at, vehicle=vehicle.id, driver=who.id, driver_name=who.name,
                                    litres=litres, unit_price=unit, amount=_money(litres * unit), odometer=odometer,
                                    full_tank=True, station=rng.choice(STATIONS), card_no=card,
                                    receipt_no=f"{at:%Y%m%d}{n + 1}{receipt:04d}"))

            def fill_up(at: datetime, who: Person):
                nonlocal since, limit
                litres = _money(since * rate * rng.uniform(0.97, 1.03))
                refuel(at, who, litres, odo)
                acc = self.fuel_months.setdefault((vehicle.id, at.year, at.month), [Decimal(0), Decimal(0)])
                acc[0] += litres
                acc[1] += quota_d * since / 100
                since, limit = 0, threshold()

            first_day = self.workdays[0]
            refuel(_at(first_day, 7 * 60 + 15), driver, _money(rng.uniform(25, 45)), odo)
            since, limit = 0, threshold()
            own_trips = trips_by_vehicle.setdefault(vehicle.id, [])
            for day in self._days(first_day, as_of):
                if day == first_day:
                    pass
                elif _is_workday(day):
                    if rng.random() > p_trip:
                        continue
                elif rng.random() > 0.04:
                    continue
                who = spare if rng.random() < 0.1 and day >= spare.joined_on else driver
                clock = 7 * 60 + 30 + 5 * rng.randint(0, 24)
                for leg in range(2):
                    places, lo, hi, _ = rng.choices(DESTINATIONS, weights=dest_weights)[0]
                    dist = rng.randint(lo, hi)
                    section = rng.choice(requesting)
                    asker = section.chief.name if section.chief and rng.random() < 0.6 else \
                        rng.choice(self.members[section.id]).name
                    departed = _at(day, clock)
                    duration = int(dist / 50 * 60) + 5 * rng.randint(6, 48)
                    returned = departed + timedelta(minutes=duration)
                    if since and since + dist > min(limit + 100, reach):  # a long trip ahead: fill up first
                        fill_up(departed - timedelta(minutes=rng.randint(10, 20)), who)
                    row = dict(trip_date=day, vehicle=vehicle.id, driver=who.id, driver_name=who.name,
                               requested_by_section=section.id, requested_by=asker, purpose=rng.choice(TRIP_PURPOSES),
                               destination=rng.choice(places), departed_at=departed, returned_at=returned,
                               odometer_start=odo, odometer_end=odo + dist, distance_km=Decimal(dist), note="")
                    trips.append(row)
                    own_trips.append(row)
                    odo += dist
                    since += dist
                    if since >= limit:
                        fill_up(returned + timedelta(minutes=rng.randint(8, 35)), who)
                    clock = returned.hour * 60 + returned.minute + 60
                    if clock > 13 * 60 + 30 or rng.random() > 0.3:
                        break
                    clock = max(clock, 14 * 60) + 5 * rng.randint(0, 12)

        trips.sort(key=lambda t: (t["departed_at"], t["vehicle"]))
        refuels.sort(key=lambda r: (r["filled_at"], r["vehicle"]))
        Trip.bulk_insert(trips)
        Refuel.bulk_insert(refuels)

        # incidents: mostly 违章, one 事故
        self.incidents: list[Incident] = []
        plans = [("事故", "同等责任"), ("违章", "无责任"), ("违章", "无责任")]
        if rng.random() < 0.5:
            plans.append(("违章", "无责任"))
        chosen = rng.sample(range(len(self.vehicles)), len(plans))
        violations = [("超速行驶（超过规定时速未达20%）", "200.00", 3, "宿迁市宿城区发展大道"),
                      ("不按导向车道行驶", "100.00", 2, "宿迁市宿豫区洪泽湖东路与黄河南路交叉口"),
                      ("违反禁止停车标志指示", "150.00", 0, "宿迁市宿城区西湖路")]
        for k, ((kind, resp), idx) in enumerate(zip(plans, chosen)):
            vehicle = self.vehicles[idx]
            candidates = [t for t in trips_by_vehicle[vehicle.id]
                          if self.start + timedelta(days=60) <= t["trip_date"] <= as_of - timedelta(days=20)]
            trip = rng.choice(candidates)
            who = next(p for p in drivers if p.id == trip["driver"])
            if kind == "事故":
                self.incidents.append(Incident.create(
                    occurred_on=trip["trip_date"], vehicle=vehicle, driver=who, driver_name=who.name, kind=kind,
                    responsibility=resp, damage_cost=Decimal("3860.00"), fine=Decimal("0"), points=0,
                    location="宿迁市宿城区发展大道与西湖路交叉口",
                    description="变道时与同向行驶的小型轿车发生刮擦，无人员受伤，交警认定双方负同等责任。"))
            else:
                what, fine, points, where = violations[(k - 1) % len(violations)]
                self.incidents.append(Incident.create(
                    occurred_on=trip["trip_date"], vehicle=vehicle, driver=who, driver_name=who.name, kind=kind,
                    responsibility=resp, damage_cost=Decimal("0"), fine=Decimal(fine), points=points,
                    location=where, description=f"电子警察抓拍：{what}。"))

    # =================================================================== ratings
    def build_ratings(self) -> None:
        rng = self.rng("ratings")
        as_of = self.as_of
        bu_scale = GradeScale.get(GradeScale.name == BOTTOM_UP_SCALE)
        td_scale = GradeScale.get(GradeScale.name == TOP_DOWN_SCALE)
        grades = {
            bu_scale.id: list(Grade.select().where(Grade.scale == bu_scale).order_by(Grade.sort_order)),
            td_scale.id: list(Grade.select().where(Grade.scale == td_scale).order_by(Grade.sort_order)),
        }
        quarters = []
        y, q = as_of.year, (as_of.month - 1) // 3 + 1
        for _ in range(4):
            quarters.append((y, q))
            y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        quarters.reverse()

        group_specs = [("下评上", "基层单位", "0.60", bu_scale, (30, 40)),
                       ("下评上", "办内干部", "0.40", bu_scale, (40, 52)),
                       ("上评下", "市领导", "0.50", td_scale, (6, 9)),
                       ("上评下", "分管领导", "0.50", td_scale, (3, 5))]
        tallies, marks = [], []
        self.periods = []
        for pi, (year, quarter) in enumerate(quarters):
            q_start = date(year, 3 * quarter - 2, 1)
            q_end = _month_end(year, 3 * quarter)
            latest = pi == 3
            status = "已结束" if not latest or as_of >= q_end else "进行中"
            period = RatingPeriod.create(year=year, quarter=quarter, status=status, opened_on=q_start,
                                         closed_on=q_end if status == "已结束" else None)
            self.periods.append(period)
            rated = [s for s in self.sections.values() if s.active or self.merged_on > q_end]
            rated.sort(key=lambda s: s.sort_order)
            # tiers: the worst section is the worst in the last three quarters
            names = [s.name for s in rated]
            if pi == 0:
                worst = rng.choice([n for n in names if n != WORST_SECTION])
                lows = rng.sample([n for n in names if n not in (worst,)], 2)
            else:
                worst = WORST_SECTION
                lows = rng.sample([n for n in names if n != worst], 2)
            tier = {n: ("worst" if n == worst else "low" if n in lows else "normal") for n in names}
            means: dict[str, dict[int, float]] = {}  # group -> section id -> mean
            for direction, gname, weight, scale, (lo, hi) in group_specs:
                n_sheets = rng.randint(lo, hi)
                sheets = n_sheets + rng.randint(1, 6)
                use_ballots = latest and gname == "办内干部"
                group = RaterGroup.create(period=period, direction=direction, name=gname, weight=Decimal(weight),
                                          scale=scale, sheets_printed=sheets, first_serial=1)
                glist = grades[scale.id]
                points = [float(g.points) if g.points is not None else None for g in glist]
                probs = {s.id: self._grade_probs(rng, direction, tier[s.name]) for s in rated}
                if use_ballots:
                    matrix = {s.id: rng.choices(range(len(glist)), weights=probs[s.id], k=n_sheets) for s in rated}
                    self._make_worst(matrix, self.sections[worst].id, points)
                    self._ballots(rng, group, period, matrix, rated, glist, marks, n_sheets)
                    counts = {sid: [col.count(i) for i in range(len(glist))] for sid, col in matrix.items()}
                else:
                    counts = {}
                    for s in rated:
                        votes = n_sheets - (rng.randint(0, 2) if direction == "下评上" else 0)
                        picks = rng.choices(range(len(glist)), weights=probs[s.id], k=votes)
                        counts[s.id] = [picks.count(i) for i in range(len(glist))]
                    self._make_worst_counts(counts, self.sections[worst].id, points)
                    for s in rated:
                        for g, v in zip(glist, counts[s.id]):
                            if v:
                                tallies.append(dict(group=group.id, section=s.id, grade=g.id, votes=v))
                means[gname] = {sid: self._mean(c, points) for sid, c in counts.items()}
            # 说明情况 for the bottom three of the older, closed periods
            if not latest:
                score = {s.id: 0.6 * means["基层单位"][s.id] + 0.4 * means["办内干部"][s.id] for s in rated}
                ranking = sorted(rated, key=lambda s: (-score[s.id], s.sort_order))
                for position in range(len(ranking) - 3, len(ranking)):
                    section = ranking[position]
                    due_on = q_end + timedelta(days=15)
                    received = due_on - timedelta(days=rng.randint(1, 5))
                    done = received <= as_of
                    Explanation.create(
                        period=period, section=section, kind="说明情况", rank=position + 1,
                        person=section.chief, due_on=due_on, received_on=received if done else None,
                        text=(f"{section.name}本季度基层评议位列第{position + 1}名（共{len(ranking)}个科室）。"
                              "主要原因是服务基层意识不强、办事效率不高。今后将加强学习，改进作风，"
                              "提高办事效率。") if done else "",
                        outcome="已在主任办公会上作说明，整改措施已落实。" if done else "")
        Tally.bulk_insert(tallies)
        BallotMark.bulk_insert(marks)

    @staticmethod
    def _grade_probs(rng: random.Random, direction: str, tier: str) -> tuple:
        if direction == "下评上":
            if tier in BOTTOM_UP_PROBS:
                return BOTTOM_UP_PROBS[tier]
            good = rng.randint(45, 70)
            fair = rng.randint(22, 35)
            rest = max(100 - good - fair, 2)
            return (good, fair, max(rest - rest // 5, 1), max(rest // 5, 0))
        if tier in TOP_DOWN_PROBS:
            return TOP_DOWN_PROBS[tier]
        best = rng.randint(45, 70)
        rest = 100 - best
        return (best, rest - rest // 10 - 3, rest // 10, 0, 3)

    @staticmethod
    def _mean(counts: list[int], points: list[float | None]) -> float:
        total = sum(c for c, p in zip(counts, points) if p is not None)
        if not total:
            return 0.0
        return sum(c * p for c, p in zip(counts, points) if p is not None) / total

    def _make_worst_counts(self, counts: dict[int, list[int]], worst: int, points) -> None:
        """Move the worst section's votes down a grade until it is strictly the lowest."""
        scored = [i for i, p in enumerate(points) if p is not None]
        while True:
            mine = self._mean(counts[worst], points)
            others = min(self._mean(c, points) for sid, c in counts.items() if sid != worst)
            if mine < others - 1:
                return
            row = counts[worst]
            for i in scored[:-1]:
                if row[i]:
                    row[i] -= 1
                    row[scored[scored.index(i) + 1]] += 1
                    break
            else:
                return

    def _make_worst(self, matrix: dict[int, list[int]], worst: int, points) -> None:
        scored = [i for i, p in enumerate(points) if p is not None]
        while True:
            counts = {sid: [col.count(i) for i in range(len(points))] for sid, col in matrix.items()}
            mine = self._mean(counts[worst], points)
            others = min(self._mean(c, points) for sid, c in counts.items() if sid != worst)
            if mine < others - 1:
                return
            col = matrix[worst]
            for i in scored[:-1]:
                if i in col:
                    col[col.index(i)] = scored[scored.index(i) + 1]
                    break
            else:
                return

    def _ballots(self, rng, group, period, matrix, rated, glist, marks, n_sheets) -> None:
        """Individual sheets of one group (the latest period), one of them void."""
        q_start = period.opened_on
        first = max(q_start, self.as_of - timedelta(days=7))
        days = [d for d in self._days(first, self.as_of) if _is_workday(d)] or [self.as_of]
        void_at = rng.randint(0, n_sheets)
        short = "下" if group.direction == "下评上" else "上"
        serial_no = 0
        clerk = self.ballot_clerk.name
        for k in range(n_sheets + 1):
            serial_no += 1
            serial = f"{period.year}Q{period.quarter}-{short}-{serial_no:04d}"
            day = days[min(k * len(days) // (n_sheets + 1), len(days) - 1)]
            entered = _at(day, 9 * 60 + (k * 7) % 480)
            if k == void_at:
                ballot = Ballot.create(group=group, serial=serial, void=True, entered_at=entered, entered_by=clerk)
                for s in rated[:3]:  # an incomplete sheet: void
                    marks.append(dict(ballot=ballot.id, section=s.id, grade=glist[rng.randrange(len(glist))].id))
                continue
            j = k if k < void_at else k - 1
            ballot = Ballot.create(group=group, serial=serial, void=False, entered_at=entered, entered_by=clerk)
            for s in rated:
                marks.append(dict(ballot=ballot.id, section=s.id, grade=glist[matrix[s.id][j]].id))

    # =================================================================== supervision
    def build_supervision(self) -> None:
        rng = self.rng("supervision")
        as_of = self.as_of
        # Every workday from the first of the month two months back: two whole months to compare.
        checks_from = _add_months(as_of.replace(day=1), -2)
        check_days = [d for d in self.workdays if d >= checks_from]
        years = sorted({d.year for d in check_days} | {as_of.year})
        targets: dict[tuple[int, int | None], list[SupervisionTarget]] = {}
        for year in years:
            for order, (name, pts, method) in enumerate(COMMON_TARGETS, start=1):
                targets.setdefault((year, None), []).append(SupervisionTarget.create(
                    year=year, kind="共性目标", section=None, name=name, points=Decimal(pts), method=method,
                    sort_order=order))
            for section in self.active_sections:
                own = SECTION_TARGETS[section.name][:rng.randint(2, 3)]
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
        DailyCheck.bulk_insert(checks)

        # 考核督查专报 for each whole month checked, numbered by the month (one issue a month since January)
        from govoffice_desktop.services.supervision import OFFICE_NAME_KEY, default_summary

        Setting.create(key=OFFICE_NAME_KEY, value="宿迁市人民政府办公室")
        month = checks_from
        while month < as_of.replace(day=1):
            following = _add_months(month, 1)
            workdays = [d for d in self._days(following, as_of) if _is_workday(d)]
            compiled = workdays[min(2, len(workdays) - 1)] if workdays else as_of
            summary = default_summary(month.year, month.month)
            if month.month == _add_months(as_of.replace(day=1), -1).month:
                summary += "各科室要对照扣分事项逐条整改，督查室将跟踪复查。"
            SupervisionReport.create(year=month.year, month=month.month, number=month.month, compiled_on=compiled,
                                     summary=summary, compiled_by=self.chief["督查室"].name)
            month = following

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
                status, result = "已办结", "已按要求办结，书面报告市政府领导。"
            elif kind == "overdue":
                assigned = self.random_workday(rng, as_of - timedelta(days=70), as_of - timedelta(days=20))
                deadline = min(assigned + timedelta(days=rng.randint(10, 30)),
                               as_of - timedelta(days=rng.randint(1, 10)))
                deadline = max(deadline, assigned)
                completed, status, result = None, "办理中", ""
            elif kind == "soon":
                assigned = self.random_workday(rng, as_of - timedelta(days=30), as_of - timedelta(days=3))
                deadline = as_of + timedelta(days=rng.randint(0, 3))
                completed, status, result = None, "办理中", ""
            elif kind == "later":
                assigned = self.random_workday(rng, as_of - timedelta(days=25), as_of)
                deadline = as_of + timedelta(days=rng.randint(10, 60))
                completed, status, result = None, "办理中", ""
            else:
                assigned = self.random_workday(rng, self.start, as_of - timedelta(days=40))
                deadline = assigned + timedelta(days=20)
                completed, status, result = None, "已撤销", "情况变化，经领导同意撤销督办。"
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
        progress.sort(key=lambda p: (p["noted_on"], p["task"]))
        TaskProgress.bulk_insert(progress)

        # 百次会议无失误 / 百次电话无差错
        meeting_days = sorted(rng.sample(self.workdays, min(100, len(self.workdays))))
        slips = {rng.randint(10, 35), rng.randint(50, 65)}
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
        MeetingLog.bulk_insert(meetings)

        handlers = [p for s in ("综合科", "文电科", "机要科") for p in self.members[self.sections[s].id]
                    if not p.is_typist and p.status in ("在岗", "试用期")]
        calls = []
        call_days = sorted(rng.choices(self.workdays, k=300))
        for day in call_days:
            calls.append(dict(called_at=_at(day, 8 * 60 + 30 + rng.randint(0, 540)),
                              caller=rng.choice(PHONE_CALLERS), subject=rng.choice(PHONE_SUBJECTS),
                              handled_by=rng.choice(handlers).id, error=False, note=""))
        calls.sort(key=lambda c: c["called_at"])
        for k in sorted(rng.sample(range(20, 260), 3)):
            calls[k]["error"] = True
            calls[k]["note"] = rng.choice(["来电单位记录有误，已更正", "来电内容记录不全，延误转办半天",
                                           "未及时转告领导，已补报"])
        PhoneLog.bulk_insert(calls)

    # =================================================================== rewards
    def build_rewards(self) -> None:
        """The rules, the bases, travel claims and office supplies; every month before the one just
        ended closed through the real closings (typing, fleet, supervision, goods) and finalised,
        so that the ledger holds exactly what the rules say."""
        from govoffice_desktop.models.rewards import BonusLine
        from govoffice_desktop.services import fleet as fleet_service
        from govoffice_desktop.services import rewards, rules, supervision, typing_pool

        rng = self.rng("rewards")
        as_of = self.as_of
        effective = date(self.start.year, 1, 1)
        chosen = {"bonus_floor": Decimal("300.00")}
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
                    entry(row.typist.id, day, "文印", 50, f"{year}年{month}月文印零差错")
        careful = [d for d in self.drivers if d.id not in {i.driver_id for i in self.incidents}]
        if careful and final_months:
            year, month = final_months[-1]
            entry(careful[0].id, self.workday_on_or_before(_month_end(year, month)), "行车安全", 300,
                  "安全行车万里无事故")
        final_set = set(final_months)
        shared = (ReadingRecord.select().where(ReadingRecord.shared_on.is_null(False))
                  .order_by(ReadingRecord.shared_on, ReadingRecord.id))
        shared = [r for r in shared if (r.shared_on.year, r.shared_on.month) in final_set]
        for record in rng.sample(shared, min(3, len(shared))):
            entry(record.person_id, record.shared_on, "其他", 100, f"读书交流优秀：{record.title}",
                  ReadingRecord._meta.table_name, record.id)
        entries.sort(key=lambda e: (e["entry_date"], e["person"], e["category"]))
        RewardPenalty.bulk_insert(entries)

        # Each finished month closed in every domain and finalised, at deterministic times
        director = self.director.name
        for year, month in final_months:
            nxt = _add_months(date(year, month, 1), 1)
            typing_pool.close_month(year, month, today=as_of)
            fleet_service.close_fleet_month(year, month, today=as_of)
            supervision.close_supervision_month(year, month, today=as_of)
            rewards.close_goods_month(year, month, today=as_of)
            rewards.finalise_month(year, month, today=as_of)
            closed_at = _at(self.workday_on_or_after(nxt + timedelta(days=2)), 10 * 60)
            MonthClose.update_where({MonthClose.closed_at: closed_at, MonthClose.closed_by: finance},
                                    (MonthClose.year == year) & (MonthClose.month == month))
            BonusMonth.update_where({BonusMonth.finalised_at: _at(self.workday_on_or_after(nxt + timedelta(days=7)),
                                                                  16 * 60 + 30), BonusMonth.finalised_by: director},
                                    (BonusMonth.year == year) & (BonusMonth.month == month))
        RewardPenalty.update_where({RewardPenalty.entered_by: finance}, RewardPenalty.entered_by == current_user())
        for year, month in past[-1:]:
            BonusMonth.create(year=year, month=month, final=False)
        assert BonusLine.select().exists() or not final_months

    def build_users(self) -> None:
        """A login of every role, all with the password demo (for the demo only): admin 管理员,
        duchayuan 督查员, luruyuan 科室录入员 of 综合科, lingdao 领导, wenyin 文印管理员, cheliang 车辆管理员."""
        from govoffice_desktop.models.users import User
        from govoffice_desktop.services.auth import hash_password

        import hashlib

        # One hash serves every demo login (the same password); its salt follows the seed, so the
        # same seed gives the same database.
        digest = hash_password(DEMO_PASSWORD, hashlib.sha256(f"govoffice-demo-{self.seed}".encode()).digest()[:16])
        for name, role, full_name, section in (
                ("admin", "管理员", "系统管理员", None), ("duchayuan", "督查员", self.chief["督查室"].name, None),
                ("luruyuan", "科室录入员", "", self.sections["综合科"]), ("lingdao", "领导", self.director.name, None),
                ("wenyin", "文印管理员", "", None), ("cheliang", "车辆管理员", "", None)):
            User.create(name=name, full_name=full_name, role=role, section=section, password_hash=digest,
                        created_at=_at(self.as_of, 8 * 60))

    def build_travel_and_goods(self, rng) -> None:
        """出差值勤标准 and a few claims (one over the standard); office supplies with their stock,
        the sections' monthly budgets and what they drew."""
        from govoffice_desktop.models.rewards import (GoodsItem, GoodsMovement, SectionBudget, TravelClaim,
                                                      TravelStandard)
        from govoffice_desktop.services.rewards import check_claim

        effective = date(self.start.year, 1, 1)
        for cls, rooms, meals in (("一类地区（直辖市、省会城市）", ("500", "400", "350"), "100"),
                                  ("二类地区（其他地级市）", ("400", "330", "280"), "80"),
                                  ("市内值勤", ("0", "0", "0"), "60")):
            for group, room in zip(("市级领导", "县处级", "其他人员"), rooms):
                TravelStandard.create(destination_class=cls, rank_group=group, accommodation=Decimal(room),
                                      meals=Decimal(meals), transport=None, effective_from=effective)
        travellers = [p for s in ("综合科", "调研室", "秘书一科", "秘书二科") for p in self.members[self.sections[s].id]
                      if p.status in ("在岗", "试用期")]
        places = [("南京", "一类地区（直辖市、省会城市）"), ("北京", "一类地区（直辖市、省会城市）"),
                  ("徐州", "二类地区（其他地级市）"), ("淮安", "二类地区（其他地级市）")]
        this_month = self.as_of.replace(day=1)
        claims = []
        for k in range(10):
            person = rng.choice(travellers)
            place, cls = places[k % len(places)]
            month_start = _add_months(this_month, -(k % 4) - 1)
            start = self.workday_on_or_after(month_start + timedelta(days=rng.randint(2, 18)))
            days = rng.randint(2, 4)
            end = start + timedelta(days=days - 1)
            group_rooms = check_claim(person, cls, start, end, Decimal(1), Decimal(0), Decimal(0)).standard
            nights = days - 1
            rooms = group_rooms.accommodation * nights - Decimal(rng.randint(0, 6) * 10)
            if k == 3:  # one stay over the standard
                rooms = group_rooms.accommodation * nights + Decimal(180)
            meals = group_rooms.meals * days
            claims.append((person, start, end, place, cls, rooms, meals, Decimal(rng.choice([120, 260, 380]))))
        duty = [p for p in self.members[self.sections["行政科"].id] if p.status in ("在岗", "试用期")][:2]
        for k, person in enumerate(duty):
            start = self.workday_on_or_after(_add_months(this_month, -1) + timedelta(days=5 + 7 * k))
            claims.append((person, start, start, "市政府值班室", "市内值勤", Decimal(0), Decimal(60), Decimal(0)))
        self.claims = []
        for person, start, end, place, cls, rooms, meals, transport in claims:
            result = check_claim(person, cls, start, end, rooms, meals, transport)
            kind = "值勤" if cls == "市内值勤" else "出差"
            claimed = min(self.workday_on_or_after(end + timedelta(days=3)), self.as_of)
            self.claims.append(TravelClaim.create(
                person=person, kind=kind, start_on=start, end_on=end, destination=place, destination_class=cls,
                purpose="参加会议" if kind == "出差" else "节假日值班", accommodation=rooms, meals=meals,
                transport=transport, allowed=result.allowed, over=result.over, claimed_on=claimed))
        for claim in self.claims:
            if claim.over > 0:
                RewardPenalty.create(person=claim.person, entry_date=claim.claimed_on, category="出差值勤标准",
                                     amount=-(Decimal("50.00") + claim.over),
                                     reason=f"{claim.start_on}起出差{claim.destination}超标准：住宿费超{claim.over}元",
                                     source_table="travel_claim", source_id=claim.id,
                                     entered_by=self.finance_clerk.name)
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


# ======================================================================= entry point
DEMO_PASSWORD = "demo"  # every demo login's password; a real office sets its own


# What the migrations write into every new database (step 3): the only rows a database the demo
# may fill can hold.  A change to them by hand is in the audit log, which must be empty too.
REFERENCE_DATA = (GradeScale, Grade, TypingStandard)


def refusal() -> str | None:
    """Why the open database may not take the demo office, or None: a login of any kind (the demo
    would add six, all with the password demo, one a 管理员), or any row of the office's own."""
    from govoffice_desktop.models import TABLE_LABELS
    from govoffice_desktop.models.users import User

    if User.select().exists():
        return ("这个数据库已有用户（登录账户），是正式使用的数据库：演示办公室及其密码为 demo 的演示账号"
                "只能写入新建的空数据库")
    have = [TABLE_LABELS.get(m._meta.table_name, m._meta.table_name) for m in ALL_MODELS
            if m not in REFERENCE_DATA and m.select().exists()]
    if have:
        return f"数据库中已有业务数据，演示数据只能写入空数据库。（已有：{'、'.join(have[:5])}）"
    return None


def generate(as_of: date | None = None, seed: int = DEFAULT_SEED,
             progress: Callable[[int, str], bool] | None = None) -> DemoSummary:
    """Write a year of demo data ending at ``as_of`` into the open, migrated, empty database.

    ``progress(percent, message)`` is called now and then; returning False cancels (DemoError
    "已取消") and nothing is written.  Raises DemoError if the database already has users or any
    row of its own (``refusal``).
    """
    if database.obj is None:
        raise DemoError("数据库尚未打开。")
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    as_of = as_of or date.today()
    why = refusal()
    if why:
        raise DemoError(why)
    builder = _Builder(as_of, seed, progress)
    with database.atomic():
        why = refusal()  # someone wrote in between
        if why:
            raise DemoError(why)
        builder.run()
        builder.build_users()  # last: until the first user exists, nothing asks for a login
    counts = {model._meta.table_name: model.select().count() for model in ALL_MODELS if model is not AuditLog}
    return DemoSummary(counts)
