"""先外后内: housing and family-placement requests (住房, 家属安置), settled in order."""
from __future__ import annotations

from govoffice_desktop.models.staff import REQUEST_STATUSES, FamilyPlacement, HousingRequest, Person
from govoffice_desktop.services import auth
from govoffice_desktop.services.auth import requires
from govoffice_desktop.services.staff.files import GONE, _a_date, _required
from govoffice_desktop.services.validation import BadValue


# ---------------------------------------------------------------- welfare: 先外后内
WELFARE_KINDS = {"housing": "住房", "family": "家属安置"}


def _welfare_model(kind: str):
    if kind not in WELFARE_KINDS:
        raise BadValue(f"不认识的福利事项：{kind}")
    return {"housing": HousingRequest, "family": FamilyPlacement}[kind]


@requires("staff.edit", section_of=auth.second_person_section)
def add_welfare_request(kind: str, person: Person, requested_on, need: str = "", relative_name: str = "",
                        relation: str = "", current_unit: str = ""):
    """A housing (住房) or family-placement (家属安置) request; one open request per person, or
    per relative for a placement."""
    model = _welfare_model(kind)
    requested_on = _a_date(requested_on, "申请日期", required=True)
    if person.status in GONE:
        raise BadValue(f"{person.name} 已{person.status}")
    open_ = model.select().where(model.person == person, model.status.in_(("待办", "办理中")))
    if kind == "housing":
        if open_.exists():
            raise BadValue(f"{person.name} 已有未办结的住房申请")
        return HousingRequest.create(person=person, requested_on=requested_on, need=(need or "").strip())
    relative_name = _required(relative_name, "家属姓名")
    if open_.where(FamilyPlacement.relative_name == relative_name).exists():
        raise BadValue(f"{person.name} 的家属 {relative_name} 已有未办结的安置申请")
    return FamilyPlacement.create(person=person, requested_on=requested_on, relative_name=relative_name,
                                  relation=(relation or "").strip(), current_unit=(current_unit or "").strip(),
                                  note=(need or "").strip())


@requires("staff.edit")
def settle_welfare_request(request, status: str, settled_on=None, result: str = ""):
    """Move a request on: 办理中, 已解决 (with the date and the address or unit), 不予解决."""
    if status not in REQUEST_STATUSES:
        raise BadValue(f"办理状态应为{'、'.join(REQUEST_STATUSES)}之一")
    if request.status in ("已解决", "不予解决"):
        raise BadValue(f"该申请已{request.status}")
    settled_on = _a_date(settled_on, "办结日期", required=status in ("已解决", "不予解决"))
    if settled_on and settled_on < request.requested_on:
        raise BadValue(f"办结日期早于申请日期 {request.requested_on}")
    if status == "已解决":
        result = _required(result, "住房地址" if isinstance(request, HousingRequest) else "安置单位")
    request.status = status
    request.settled_on = settled_on
    if isinstance(request, HousingRequest):
        request.address = (result or request.address).strip()
    else:
        request.placed_unit = (result or request.placed_unit).strip()
    request.save()
    return request


def welfare_queue(kind: str = "housing") -> list:
    """Open housing (住房) or family-placement (家属安置) requests in the order they are worked
    through: out-of-town staff first, then by request date (先外后内)."""
    model = _welfare_model(kind)
    query = (model.select(model, Person).join(Person, on=(model.person == Person.id))
             .where(model.status.in_(("待办", "办理中")), Person.status.not_in(GONE))
             .order_by(Person.out_of_town.desc(), model.requested_on, model.id))
    return list(query)


def welfare_requests(kind: str) -> list:
    """Every request of a kind: the open ones in queue order (先外后内), then the closed ones,
    newest first."""
    model = _welfare_model(kind)
    queue = welfare_queue(kind)
    queued = {r.id for r in queue}
    rest = (model.select(model, Person).join(Person, on=(model.person == Person.id))
            .order_by(model.settled_on.desc(nulls="LAST"), model.id.desc()))
    return queue + [r for r in rest if r.id not in queued]  # closed ones, and open ones of people who left


def welfare_request_by_id(kind: str, request_id: int | None):
    model = _welfare_model(kind)
    return model.get_or_none(model.id == request_id) if request_id is not None else None
