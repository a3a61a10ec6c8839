"""Demo data: an open training needs inventory that most units, but not all, have answered.

Idempotent: the period is found by its title, and a unit that has answered is left alone.
"""

import datetime
import random

from courses.models import KnowledgeArea
from districts.models import Organisation, Role, Unit
from reports import services
from reports.models import NeedPriority, NeedsPeriod, NeedsReport

SEED = 20261125
COMMENTS = {
    KnowledgeArea.UTREDNING: "Många nya som behöver stöd i BBIC och utredningsmetodik.",
    KnowledgeArea.SAMTAL_OCH_RELATIONER: "Samtal med barn och motiverande samtal efterfrågas.",
    KnowledgeArea.SAMVERKAN: "Samverkan med skola och BUP fungerar olika i stadsdelarna.",
    KnowledgeArea.REGELVERK: "Nya föreskrifter om behörighet behöver gås igenom.",
    KnowledgeArea.INSATSER: "Kunskap om insatsernas effekter och val av insats.",
    KnowledgeArea.UPPFOLJNING: "Systematisk uppföljning av insatser saknas ofta.",
}


def seed(*, organisation: Organisation, today: datetime.date) -> None:
    """Open this year's inventory and fill in about two thirds of the units (never the demo manager's)."""
    title = f"Utbildningsbehov inför {today.year + 1}"
    period = NeedsPeriod.objects.filter(organisation=organisation, title=title).first()
    if period is None:
        period = services.needs_period_open(
            organisation_id=organisation.pk,
            title=title,
            opens_on=today - datetime.timedelta(days=14),
            closes_on=today + datetime.timedelta(days=30),
        )
    rng = random.Random(SEED)
    managed = Unit.objects.filter(staff__user__isnull=False, staff__roles__role=Role.ENHETSCHEF)
    answered = NeedsReport.objects.filter(period=period).values("unit_id")
    units = Unit.objects.filter(district__organisation=organisation).exclude(pk__in=answered).order_by("pk")
    demo_unit_ids = set(managed.values_list("pk", flat=True))
    for unit in units:
        if unit.pk in demo_unit_ids or rng.random() > 0.7:
            continue  # the demo enhetschef finds the inventory waiting on the dashboard
        items = {}
        for area in KnowledgeArea:
            priority = rng.choices(list(NeedPriority), weights=[2, 3, 4, 3])[0]
            comment = COMMENTS[area] if priority == NeedPriority.HIGH and rng.random() < 0.4 else ""
            items[area.value] = (int(priority), comment)
        services.needs_report_submit(period=period, unit=unit, submitted_by=None, items=items)
