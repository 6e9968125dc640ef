"""会议 and 电话 logs (百次会议无失误, 百次电话无差错) and the four zero-defect campaigns' report."""
from __future__ import annotations

from datetime import date, datetime

import peewee as pw

from govoffice_desktop.models.campaigns import CAMPAIGN_DRIVING, CAMPAIGN_TYPING, SUBJECT_VEHICLE
from govoffice_desktop.models.staff import Person, Section
from govoffice_desktop.models.supervision import MeetingLog, PhoneLog
from govoffice_desktop.services import auth, campaigns
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.listing import Column, Listing
from govoffice_desktop.services.supervision.common import _not_future, _person, _section
from govoffice_desktop.services.validation import BadValue, a_date, required_text


# ================================================================ campaign logs
@requires("campaign.log", section_of=auth.meeting_section)
def log_meeting(data: dict, entry: MeetingLog | None = None, today: date | None = None) -> MeetingLog:
    """百次会议无失误: a meeting served, with any mistake described."""
    day = a_date(data.get("held_on"), "会议日期", required=True)
    _not_future(day, "会议日期", today)
    title = required_text(data.get("title"), "会议名称")
    section = None if data.get("section") in (None, "") else _section(data.get("section"), "承办科室")
    slip = bool(data.get("slip"))
    note = (data.get("note") or "").strip()
    if slip and not note:
        raise BadValue("有失误的会议请写明失误情况")
    entry = entry or MeetingLog()
    entry.held_on, entry.title, entry.section, entry.slip, entry.note = day, title[:200], section, slip, note
    entry.save()
    return entry


@requires("campaign.log", section_of=auth.call_section)
def log_call(data: dict, entry: PhoneLog | None = None, today: date | None = None) -> PhoneLog:
    """百次电话无差错: a call handled (date and time, the parties, the matter), an error or not."""
    at = data.get("called_at")
    if isinstance(at, date) and not isinstance(at, datetime):
        at = datetime.combine(at, datetime.min.time())
    if not isinstance(at, datetime):
        day = a_date(at, "来电时间", required=True)
        at = datetime.combine(day, datetime.min.time())
    if at.date() > (today or date.today()):
        raise BadValue(f"来电时间 {at:%Y-%m-%d} 还没到")
    subject = required_text(data.get("subject"), "事由")
    handler = _person(data.get("handled_by"), "接听人")
    error = bool(data.get("error"))
    note = (data.get("note") or "").strip()
    if error and not note:
        raise BadValue("有差错的电话请写明差错情况")
    entry = entry or PhoneLog()
    entry.called_at, entry.caller, entry.subject, entry.handled_by = at, (data.get("caller") or "").strip()[:60], \
        subject[:200], handler
    entry.error, entry.note = error, note
    entry.save()
    return entry


def meeting_by_id(entry_id: int | None) -> MeetingLog | None:
    return MeetingLog.get_or_none(MeetingLog.id == entry_id) if entry_id is not None else None


def call_by_id(entry_id: int | None) -> PhoneLog | None:
    return PhoneLog.get_or_none(PhoneLog.id == entry_id) if entry_id is not None else None


def meeting_listing() -> Listing:
    return Listing(
        model=MeetingLog,
        columns=[
            Column("held_on", "会议日期", MeetingLog.held_on),
            Column("title", "会议名称", MeetingLog.title, searchable=True),
            Column("section", "承办科室", Section.name, searchable=True),
            Column("slip", "失误", MeetingLog.slip),
            Column("note", "失误情况", MeetingLog.note, searchable=True),
        ],
        joins=lambda q: q.join(Section, pw.JOIN.LEFT_OUTER, on=(MeetingLog.section == Section.id)),
        default_order="held_on",
        default_desc=True,
    )


def call_listing() -> Listing:
    return Listing(
        model=PhoneLog,
        columns=[
            Column("called_at", "来电时间", PhoneLog.called_at),
            Column("caller", "来电单位或人员", PhoneLog.caller, searchable=True),
            Column("subject", "事由", PhoneLog.subject, searchable=True),
            Column("handled_by", "接听人", Person.name, searchable=True),
            Column("error", "差错", PhoneLog.error),
            Column("note", "差错情况", PhoneLog.note, searchable=True),
        ],
        joins=lambda q: q.join(Person, pw.JOIN.LEFT_OUTER, on=(PhoneLog.handled_by == Person.id)),
        default_order="called_at",
        default_desc=True,
    )


CAMPAIGN_NAMES = campaigns.CAMPAIGN_NAMES


def campaigns_report(until: date | None = None) -> dict:
    """The four campaigns: the count since the last defect, the target, and since when.
    万页文稿无差错 counts the pool's pages issued without an error found after issue, with each
    typist beside; 万里行车无事故 counts per driver in 里 (1 里 = 0.5 km): its count is the driver
    furthest on, ``reached`` says some driver has reached the target, and the drivers' and the
    vehicles' figures are beside.  Up to the day ``until`` (a month's 专报 counts them to the month's
    end, as its tasks are), or all."""
    runs = campaigns.drive_runs(vehicles=True, until=until)  # once: the streak and the lists beside
    out = []
    for s in campaigns.all_streaks(until, [r for r in runs if r.subject != SUBJECT_VEHICLE]):
        out.append({"code": s.code, "name": CAMPAIGN_NAMES[s.code], "count": str(s.current),
                    "target": f"{s.goal.normalize():f}" if s.goal == s.goal.to_integral() else str(s.goal),
                    "unit": s.unit, "since": s.since.isoformat() if s.since else None, "longest": str(s.longest),
                    "defects": s.defects, "reached": s.current >= s.goal})
    typing, driving = out[0], out[1]
    typing["typists"] = [{"typist": r.name, "pages": r.current, "reached": r.reached,
                          "reached_on": _iso(r.reached_on)} for r in campaigns.page_runs(until)[1:]]
    driving["drivers"] = [_drive(r, "driver") for r in runs if r.subject != SUBJECT_VEHICLE]
    driving["vehicles"] = [_drive(r, "vehicle") for r in runs if r.subject == SUBJECT_VEHICLE]
    driving["drivers_reached"] = sum(1 for d in driving["drivers"] if d["reached"])
    for entry, code in ((typing, CAMPAIGN_TYPING), (driving, CAMPAIGN_DRIVING)):
        entry["recorded"] = [{"reached_on": r.reached_on.isoformat(), "subject": r.subject, "name": r.name,
                              "figure": r.figure, "unit": r.unit, "reward": r.reward,
                              "closed_in": f"{r.closed_in // 100}-{r.closed_in % 100:02d}"}
                             for r in campaigns.recorded_reaches(code, until)]
    accident = campaigns.last_accident(until)
    driving["last_accident"] = None if accident is None else {
        "date": accident.occurred_on.isoformat(), "driver": accident.driver.name if accident.driver_id
        else accident.driver_name, "vehicle": accident.vehicle.plate, "responsibility": accident.responsibility}
    return {"campaigns": out}


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _drive(run: campaigns.DriveRun, who: str) -> dict:
    return {who: run.name, "li": run.li, "km": run.km, "reached": run.reached, "reached_on": _iso(run.reached_on),
            "since": _iso(run.since), "last_accident": _iso(run.last_accident)}
