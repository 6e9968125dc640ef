"""“四无”活动: the targets reached (达标记录), recorded once at the month's closing."""
from __future__ import annotations

import peewee as pw

from govoffice_desktop.models.base import BaseModel, DateField, DateTimeField, MoneyField, ScaledDecimalField, enum_check
from govoffice_desktop.models.fleet import Vehicle
from govoffice_desktop.models.staff import Person

CAMPAIGN_TYPING = "typing"  # 万页文稿无差错
CAMPAIGN_DRIVING = "driving"  # 万里行车无事故
REACH_CAMPAIGNS = (CAMPAIGN_TYPING, CAMPAIGN_DRIVING)
SUBJECT_TYPIST = "打字员"
SUBJECT_DRIVER = "驾驶员"
SUBJECT_VEHICLE = "车辆"
SUBJECTS = (SUBJECT_TYPIST, SUBJECT_DRIVER, SUBJECT_VEHICLE)


class CampaignReach(BaseModel):
    """A campaign's target reached: who (a typist, a driver or a vehicle), which campaign, on which
    day (the day of the document or trip that passed the target), the run's figure then, and the
    表彰 posted with it.  Written by the month's closing, in its transaction; a reopened month
    withdraws the ones its closing wrote."""

    campaign = pw.CharField(max_length=10, constraints=[enum_check("campaign", REACH_CAMPAIGNS)])
    subject = pw.CharField(max_length=4, constraints=[enum_check("subject", SUBJECTS)])
    person = pw.ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="campaign_reaches")
    vehicle = pw.ForeignKeyField(Vehicle, null=True, on_delete="RESTRICT", backref="campaign_reaches")
    name = pw.CharField(max_length=30)  # the typist's or driver's name, or the plate
    reached_on = DateField(index=True)
    run_from = DateField(null=True)  # the day the run counts from: the last defect, else the first record
    figure = ScaledDecimalField(1)  # the run on that day: pages, or 里
    unit = pw.CharField(max_length=2)
    reward = MoneyField(default=0)  # the 表彰 posted with it; 0: none (rule off, or a vehicle)
    closed_in = pw.IntegerField()  # year × 100 + month of the closing that recorded it
    recorded_at = DateTimeField()
    recorded_by = pw.CharField(max_length=30, default="")

    class Meta:
        indexes = ((("campaign", "subject", "name", "reached_on"), True),)


MODELS = [CampaignReach]
