"""Every dialog of the window, opened the way the window opens it, on the demo office.

``dialog_classes()`` finds the dialog classes by importing every module of ``govoffice_desktop.ui``
and walking ``QDialog``'s subclasses, so a dialog added tomorrow is found without a line here;
``OPENERS`` says how to open each one (with its variants: new and edit, each kind).  A dialog
class found but neither in ``OPENERS`` nor in ``BASES`` fails tests/test_forms_gui.py, which asks
for an opener: that is how every new form gets its keyboard and its layout checked."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from typing import Callable, Iterator

from PySide6.QtWidgets import QDialog

AS_OF = date(2026, 11, 30)  # the demo office's day (conftest.demo_file)

# Bases the forms are built on, never opened themselves.
BASES = {"ServiceDialog", "PanelDialog", "ListDialog", "VehicleListDialog", "_Form", "FormDialog", "DocumentForm"}


def dialog_classes() -> list[type]:
    """Every QDialog subclass defined in govoffice_desktop.ui (its modules imported first)."""
    import govoffice_desktop.ui as ui

    for info in pkgutil.walk_packages(ui.__path__, ui.__name__ + "."):
        importlib.import_module(info.name)
    found, todo = [], list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("govoffice_desktop.ui") and cls not in found:
            found.append(cls)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def key_of(cls: type) -> str:
    return f"{cls.__module__.removeprefix('govoffice_desktop.ui.')}.{cls.__qualname__}"


def make(cls: type, *args, **kwargs):
    """``cls(*args, **kwargs)`` with the demo's day where the dialog takes one."""
    if "today" in inspect.signature(cls.__init__).parameters:
        kwargs.setdefault("today", AS_OF)
    return cls(*args, **kwargs)


class Office:
    """The demo's records the forms are opened on (``load`` once the database is open)."""
    person = task = period = contract = None

    def load(self) -> "Office":
        from govoffice_desktop.models.ratings import RatingPeriod
        from govoffice_desktop.models.staff import Person, ResponsibilityContract
        from govoffice_desktop.models.supervision import TASK_OPEN, SupervisedTask

        self.person = Person.select().where(Person.section.is_null(False)).order_by(Person.id).first()
        self.task = SupervisedTask.select().where(SupervisedTask.status == TASK_OPEN).order_by(
            SupervisedTask.id).first()
        self.period = RatingPeriod.select().order_by(RatingPeriod.year.desc(), RatingPeriod.quarter.desc()).first()
        self.contract = ResponsibilityContract.select().order_by(ResponsibilityContract.id).first()
        _DOCS.clear()  # the 收文 forms' documents: of this database, found (or made) when first opened
        return self


def first(model):
    return model.select().order_by(model.id).first()


def on_tab(dialog: QDialog, index: int) -> QDialog:
    """``dialog`` with its tab widget showing page ``index`` (a form on a second tab)."""
    from PySide6.QtWidgets import QTabWidget

    dialog.findChild(QTabWidget).setCurrentIndex(index)
    return dialog


# ---------------------------------------------------------------- how each dialog is opened
def _candidates(o):
    from govoffice_desktop.ui.candidate_dialog import AddCandidateDialog, CandidatesDialog
    return {"candidate_dialog.AddCandidateDialog": [("新增", lambda: AddCandidateDialog())],
            "candidate_dialog.CandidatesDialog": [("", lambda: make(CandidatesDialog))] + [
                (f"第{i + 1}页", lambda i=i: on_tab(make(CandidatesDialog), i)) for i in (1, 2)]}


def _contracts(o):
    from govoffice_desktop.ui.contract_dialog import AssessDialog, ContractsDialog, NewContractDialog
    return {"contract_dialog.NewContractDialog": [("新签", lambda: make(NewContractDialog, AS_OF.year))],
            "contract_dialog.AssessDialog": [("考核", lambda: make(AssessDialog, o.contract))],
            "contract_dialog.ContractsDialog": [("", lambda: make(ContractsDialog))]}


def _fleet(o):
    from govoffice_desktop.models.fleet import Incident, Refuel, Trip, Vehicle
    from govoffice_desktop.ui import fleet_dialogs as f
    return {"fleet_dialogs.RefuelDialog": [("新增", lambda: f.RefuelDialog()),
                                           ("修改", lambda: f.RefuelDialog(first(Refuel)))],
            "fleet_dialogs.VehicleDialog": [("新增", lambda: f.VehicleDialog()),
                                            ("修改", lambda: f.VehicleDialog(first(Vehicle)))],
            "fleet_dialogs.TripDialog": [("新增", lambda: f.TripDialog()),
                                         ("修改", lambda: f.TripDialog(trip=first(Trip)))],
            "fleet_dialogs.IncidentDialog": [("新增", lambda: f.IncidentDialog()),
                                             ("修改", lambda: f.IncidentDialog(incident=first(Incident)))],
            "fleet_dialogs.FleetSettingsDialog": [("", lambda: f.FleetSettingsDialog())],
            "fleet_dialogs.VehiclesDialog": [("", lambda: f.VehiclesDialog())],
            "fleet_dialogs.FleetMonthDialog": [("", lambda: make(f.FleetMonthDialog))]}


def _staff(o):
    from govoffice_desktop.ui import staff_dialogs as s
    from govoffice_desktop.ui.allocation_dialog import AllocationDialog
    from govoffice_desktop.ui.person_dialog import PersonDialog
    from govoffice_desktop.ui.sections_dialog import SectionsDialog
    return {"person_dialog.PersonDialog": [("新增", lambda: PersonDialog()),
                                           ("修改", lambda: PersonDialog(o.person))],
            "staff_dialogs.MoveDialog": [("调动", lambda: make(s.MoveDialog, o.person))],
            "staff_dialogs.StudyDialog": [("培训", lambda: make(s.StudyDialog, o.person)),
                                          ("读书", lambda: on_tab(make(s.StudyDialog, o.person), 1))],
            "staff_dialogs.LeaveDialog": [("调离", lambda: make(s.LeaveDialog, o.person))],
            "staff_dialogs.ThreeBooksDialog": [("", lambda: make(s.ThreeBooksDialog)),
                                               ("按科室", lambda: on_tab(make(s.ThreeBooksDialog), 1))],
            "staff_dialogs.RankDialog": [("", lambda: make(s.RankDialog))],
            "allocation_dialog.AllocationDialog": [("", lambda: AllocationDialog())],
            "sections_dialog.SectionsDialog": [("", lambda: make(SectionsDialog))]}


def _welfare(o):
    from govoffice_desktop.models.staff import HousingRequest
    from govoffice_desktop.ui import welfare_dialog as w
    return {"welfare_dialog.WelfareRequestDialog": [(kind, lambda kind=kind: make(w.WelfareRequestDialog, kind))
                                                    for kind in ("housing", "family")],
            "welfare_dialog.SettleDialog": [("办结", lambda: make(w.SettleDialog, first(HousingRequest)))],
            "welfare_dialog.WelfareDialog": [("", lambda: make(w.WelfareDialog)),
                                             ("家属安置", lambda: on_tab(make(w.WelfareDialog), 1))]}


def _ratings(o):
    from govoffice_desktop.services import ratings
    from govoffice_desktop.ui import ratings_dialogs as r
    from govoffice_desktop.ui.ratings_history import SectionHistoryDialog
    return {"ratings_dialogs.GroupDialog": [("新建", lambda: r.GroupDialog(o.period)),
                                            ("修改", lambda: r.GroupDialog(o.period, edit=True))],
            "ratings_dialogs.BallotEntryDialog": [("", lambda: r.BallotEntryDialog(o.period))],
            "ratings_dialogs.PrintSheetsDialog": [("", lambda: r.PrintSheetsDialog(o.period))],
            "ratings_dialogs.ExplanationsDialog": [("", lambda: r.ExplanationsDialog(
                o.period, ratings.explanations_of(o.period)))],
            "ratings_history.SectionHistoryDialog": [("", lambda: SectionHistoryDialog(None, o.person.section_id))]}


def _supervision(o):
    from govoffice_desktop.models.supervision import DailyCheck, MeetingLog, PhoneLog, SupervisionTarget
    from govoffice_desktop.ui import supervision_dialogs as s
    return {"supervision_dialogs.TaskDialog": [("新建", lambda: make(s.TaskDialog)),
                                               ("修改", lambda: make(s.TaskDialog, o.task)),
                                               ("来自收文", lambda: make(s.TaskDialog, document_task()))],
            "supervision_dialogs.ProgressDialog": [("", lambda: make(s.ProgressDialog, o.task))],
            "supervision_dialogs.CompleteDialog": [("", lambda: make(s.CompleteDialog, o.task))],
            "supervision_dialogs.ReasonDialog": [("撤销", lambda: make(s.ReasonDialog, o.task, True)),
                                                 ("重新办理", lambda: make(s.ReasonDialog, o.task, False))],
            "supervision_dialogs.TargetDialog": [("新增", lambda: s.TargetDialog(year=AS_OF.year)),
                                                 ("修改", lambda: s.TargetDialog(first(SupervisionTarget)))],
            "supervision_dialogs.CheckDialog": [("新增", lambda: make(s.CheckDialog, AS_OF)),
                                                ("修改", lambda: make(s.CheckDialog, AS_OF,
                                                                    check=first(DailyCheck)))],
            "supervision_dialogs.MeetingDialog": [("新增", lambda: make(s.MeetingDialog)),
                                                  ("修改", lambda: make(s.MeetingDialog, entry=first(MeetingLog)))],
            "supervision_dialogs.CallDialog": [("新增", lambda: make(s.CallDialog)),
                                               ("修改", lambda: make(s.CallDialog, entry=first(PhoneLog)))],
            "supervision_dialogs.TargetsDialog": [("", lambda: s.TargetsDialog(year=AS_OF.year))],
            "supervision_dialogs.SupervisionMonthDialog": [("", lambda: make(s.SupervisionMonthDialog, 2026, 10))]}


def _rewards(o):
    from govoffice_desktop.models.rewards import (BonusBase, FinanceFinding, GoodsItem, RewardPenalty, TravelApproval,
                                                  TravelClaim, TravelStandard)
    from govoffice_desktop.services import rewards
    from govoffice_desktop.ui import rewards_dialogs as r
    from govoffice_desktop.ui.rewards.finance_page import FindingDialog
    from govoffice_desktop.ui.rewards.travel_page import ApprovalDialog

    def editable_rule():
        return next(row for row in rewards.rule_table(AS_OF) if row.editable)

    return {"rewards_dialogs.EntryDialog": [("新增", lambda: make(r.EntryDialog)),
                                            ("修改", lambda: make(r.EntryDialog, first(RewardPenalty)))],
            "rewards_dialogs.EntriesDialog": [("", lambda: r.EntriesDialog(o.person, 2026, 10))],
            "rewards_dialogs.ReopenMonthDialog": [("", lambda: r.ReopenMonthDialog(2026, 10))],
            "rewards_dialogs.RuleDialog": [("", lambda: make(r.RuleDialog, editable_rule()))],
            "rewards_dialogs.BaseDialog": [("新增", lambda: make(r.BaseDialog)),
                                           ("修改", lambda: make(r.BaseDialog, first(BonusBase)))],
            "rewards_dialogs.StandardDialog": [("新增", lambda: make(r.StandardDialog)),
                                               ("修改", lambda: make(r.StandardDialog, first(TravelStandard)))],
            "rewards_dialogs.ClaimDialog": [("新增", lambda: make(r.ClaimDialog)),
                                            ("修改", lambda: make(r.ClaimDialog, first(TravelClaim)))],
            "rewards_dialogs.ItemDialog": [("新增", lambda: r.ItemDialog()),
                                           ("修改", lambda: r.ItemDialog(first(GoodsItem)))],
            "rewards_dialogs.MoveDialog": [(kind, lambda kind=kind: make(r.MoveDialog, kind))
                                           for kind in ("入库", "领用", "报损")],
            "rewards_dialogs.BudgetDialog": [("", lambda: r.BudgetDialog(year=AS_OF.year))],
            "rewards.finance_page.FindingDialog": [("新增", lambda: make(FindingDialog)),
                                                   ("修改", lambda: make(FindingDialog, first(FinanceFinding)))],
            "rewards.travel_page.ApprovalDialog": [("新增", lambda: make(ApprovalDialog)),
                                                   ("修改", lambda: make(ApprovalDialog, first(TravelApproval)))]}


def _typing(o):
    from govoffice_desktop.models.typing_pool import TypingLog
    from govoffice_desktop.ui import typing_dialogs as t
    from govoffice_desktop.ui.typing_charts import ChartsDialog
    return {"typing_dialogs.WorkLogDialog": [("新增", lambda: make(t.WorkLogDialog)),
                                             ("修改", lambda: make(t.WorkLogDialog, first(TypingLog)))],
            "typing_dialogs.SpeedTestDialog": [("", lambda: make(t.SpeedTestDialog))],
            "typing_dialogs.StandardsDialog": [("", lambda: make(t.StandardsDialog))],
            "typing_dialogs.MonthAssessmentDialog": [("", lambda: make(t.MonthAssessmentDialog, year=2026, month=10))],
            "typing_charts.ChartsDialog": [("", lambda: make(ChartsDialog)),
                                           ("测速记录", lambda: on_tab(make(ChartsDialog), 1))]}


def _documents(o):
    from govoffice_desktop.models.documents import Holiday, OutgoingDocument
    from govoffice_desktop.services.documents import outgoing
    from govoffice_desktop.ui import holidays_page as h
    from govoffice_desktop.ui import outgoing_dialogs as d

    def doc(status: str):
        """A 发文 at that stage: the demo's, or one made now on the test's copy of it."""
        found = OutgoingDocument.select().where(OutgoingDocument.status == status).order_by(OutgoingDocument.id).first()
        if found is not None:
            return found
        made = outgoing.draft({"prefix": outgoing.prefixes()[0], "title": "关于做好岁末年初安全生产工作的通知",
                               "drafter_name": "张伟", "section": o.person.section_id, "main_to": "各县（区）人民政府",
                               "drafted_on": AS_OF}, today=AS_OF)
        if status != "拟稿":
            outgoing.sign(made, "陈明", AS_OF, today=AS_OF)
        if status == "已印发":
            outgoing.issue(made, AS_OF, 60, today=AS_OF)
        return made

    return {"outgoing_dialogs.DraftDialog": [("拟稿", lambda: make(d.DraftDialog)),
                                             ("修改已印发", lambda: make(d.DraftDialog, doc("已印发")))],
            "outgoing_dialogs.SignDialog": [("", lambda: make(d.SignDialog, doc("拟稿")))],
            "outgoing_dialogs.IssueDialog": [("", lambda: make(d.IssueDialog, doc("已签发")))],
            "outgoing_dialogs.VoidDialog": [("", lambda: d.VoidDialog(doc("已签发")))],
            "outgoing_dialogs.PrefixesDialog": [("", lambda: d.PrefixesDialog())],
            "holidays_page.DayDialog": [("新增", lambda: h.DayDialog(AS_OF.year)),
                                        ("修改", lambda: h.DayDialog(AS_OF.year, first(Holiday)))],
            "holidays_page.ConfirmYearDialog": [("", lambda: make(h.ConfirmYearDialog, AS_OF.year))],
            "holidays_page.RulesDialog": [("", lambda: make(h.RulesDialog))]}


def incoming_documents() -> dict:
    """Documents received to open the 收文 forms on: one 办理中 with a 批示, a 承办人 and a 传阅, and one
    办结 (the demo's own when it has them; registered here, on the test's copy, when not)."""
    from govoffice_desktop.models.documents import IN_DONE, IN_OPEN, IncomingDocument
    from govoffice_desktop.models.staff import Person
    from govoffice_desktop.services.documents import incoming

    def made(done: bool):
        doc = incoming.register({"received_on": AS_OF, "source_unit": "江苏省人民政府办公厅", "title": "关于做好冬季安全生产工作的通知",
                                 "source_ref": "苏政办发〔2026〕88号", "urgency": "平件"}, today=AS_OF)
        person = Person.select().where(Person.section.is_null(False), Person.status == "在岗").order_by(Person.id).first()
        incoming.review(doc, {"proposal": "拟请综合科办理", "instruction": "请抓紧落实", "instructed_by": "王市长",
                              "instructed_on": AS_OF}, today=AS_OF)
        incoming.assign(doc, person.section_id, person.id, today=AS_OF)
        incoming.record_circulation(doc, ["李副市长"], AS_OF, today=AS_OF)
        incoming.add_step(doc, AS_OF, "已电话联系来文单位", today=AS_OF)
        return incoming.complete(doc, AS_OF, "已办理", today=AS_OF) if done else doc

    def one(status):
        return (IncomingDocument.select().where(IncomingDocument.status == status, IncomingDocument.handler.is_null(False))
                .order_by(IncomingDocument.id).first())

    docs = {"open": one(IN_OPEN) or made(False), "done": one(IN_DONE) or made(True)}
    supervised = IncomingDocument.select().where(IncomingDocument.task.is_null(False)).first()
    if supervised is None:
        supervised = made(False)
        incoming.to_task(supervised, AS_OF, today=AS_OF)
        supervised = IncomingDocument.get_by_id(supervised.id)
    return {**docs, "task": supervised.task}


def document_task():
    """A 督办事项 made from a 收文 (转督办)."""
    if not _DOCS:
        _DOCS.update(incoming_documents())
    return _DOCS["task"]


def _incoming(o):
    from govoffice_desktop.ui import incoming_dialogs as d

    def doc(which: str):
        document_task()  # the documents made, once
        return _DOCS[which]

    on_open = {name: [("", lambda cls=getattr(d, name): make(cls, doc("open")))]
               for name in ("ReviewDialog", "AssignDialog", "StepDialog", "CirculationDialog", "CompleteDialog",
                            "ToTaskDialog", "VoidDialog")}
    return {**{f"incoming_dialogs.{name}": variants for name, variants in on_open.items()},
            "incoming_dialogs.RegisterDialog": [("登记", lambda: make(d.RegisterDialog)),
                                                ("修改", lambda: make(d.RegisterDialog, doc("open")))],
            "incoming_dialogs.FileDialog": [("", lambda: make(d.FileDialog, doc("done")))],
            "incoming_dialogs.RecordDialog": [("", lambda: make(d.RecordDialog, doc("open")))]}


_DOCS: dict = {}


def _window(o):
    from govoffice_desktop.ledgers.importer import import_ledger
    from govoffice_desktop.ui import login_dialog as l
    from govoffice_desktop.ui.audit_dialog import AuditDialog
    from govoffice_desktop.ui.first_start import FirstStartWizard
    from govoffice_desktop.ui.fleet_charts import FleetChartsDialog
    from govoffice_desktop.ui.import_dialog import PreviewDialog
    from govoffice_desktop.ui.mapping_dialog import MappingDialog

    def preview():
        return PreviewDialog(import_ledger("trips", trips_ledger(), dry_run=True))

    def mapping():
        report = import_ledger("trips", trips_ledger(), dry_run=True)
        return MappingDialog("trips", report.columns, report.mapping)

    return {"login_dialog.LoginDialog": [("", lambda: l.LoginDialog()),
                                         ("换用户", lambda: l.LoginDialog(name="admin"))],
            "login_dialog.FirstAdminDialog": [("", lambda: l.FirstAdminDialog())],
            "login_dialog.PasswordDialog": [("", lambda: l.PasswordDialog())],
            "login_dialog.NewUserDialog": [("", lambda: l.NewUserDialog())],
            "login_dialog.UsersDialog": [("", lambda: l.UsersDialog())],
            "audit_dialog.AuditDialog": [("", lambda: AuditDialog()), ("导出", lambda: on_tab(AuditDialog(), 1))],
            "first_start.FirstStartWizard": [("", lambda: FirstStartWizard())],
            "fleet_charts.FleetChartsDialog": [("", lambda: make(FleetChartsDialog)),
                                               ("每公里费用", lambda: on_tab(make(FleetChartsDialog), 1))],
            "import_dialog.PreviewDialog": [("", preview)],
            "mapping_dialog.MappingDialog": [("", mapping)]}


def _document_prints(o):
    from govoffice_desktop.ui.documents_print import RegisterPeriodDialog
    return {"documents_print.RegisterPeriodDialog": [("收文", lambda: make(RegisterPeriodDialog, None, "incoming")),
                                                     ("发文存为PDF", lambda: make(RegisterPeriodDialog, None, "outgoing",
                                                                                 pdf=True))]}


_LEDGER: list = []


def trips_ledger():
    """A small 出车登记 workbook (one bad row), written once per run."""
    if not _LEDGER:
        import tempfile
        from pathlib import Path

        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["日期", "车牌号", "驾驶员", "用车人", "事由", "目的地", "行驶里程"])
        sheet.append(["2026-11-02", "苏N·A0001", "", "办公室", "送文件", "市委", 12])
        sheet.append(["2026-11-31", "苏N·A0001", "", "办公室", "开会", "省厅", "很远"])
        path = Path(tempfile.mkdtemp(prefix="govoffice-forms-")) / "出车登记.xlsx"
        book.save(path)
        _LEDGER.append(path)
    return _LEDGER[0]


OPENERS: tuple[Callable[[Office], dict], ...] = (_candidates, _contracts, _fleet, _staff, _welfare, _ratings,
                                                  _supervision, _rewards, _typing, _documents, _incoming, _window,
                                                  _document_prints)


def openers(office: Office) -> dict[str, list[tuple[str, Callable[[], QDialog]]]]:
    out: dict = {}
    for part in OPENERS:
        out.update(part(office))
    return out


def opened(office: Office) -> Iterator[tuple[str, str, Callable[[], QDialog]]]:
    """(name, class key, opener) for every variant of every dialog."""
    for key, variants in openers(office).items():
        for variant, opener in variants:
            yield (f"{key}[{variant}]" if variant else key), key, opener
