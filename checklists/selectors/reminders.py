"""Reads behind the reminders: the open items due soon or overdue."""

import datetime

from django.db.models import QuerySet

from checklists.models import PlanItem, PlanStatus
from districts import selectors as district_selectors


def items_needing_reminder(*, today: datetime.date, days_ahead: int = 7) -> QuerySet[PlanItem]:
    """Return open items due within `days_ahead` days or overdue, joined with the people who may be responsible."""
    return (
        PlanItem.objects.filter(done=False, in_profile=True, due_date__lte=today + datetime.timedelta(days=days_ahead))
        .filter(plan__status=PlanStatus.ACTIVE)
        .exclude(district_selectors.left_by(day=today, prefix="plan__staff__"))
        .select_related("plan__staff", "plan__manager", "plan__supervisor", "plan__mentor")
        .order_by("due_date", "pk")
    )
