"""Writes of the reports app: the training needs inventory (periods and each unit's answer)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from districts import clock
from districts.models import StaffMember, Unit
from reports.models import NeedItem, NeedsPeriod, NeedsReport


def needs_period_open(
    *, organisation_id: int, title: str, opens_on: datetime.date, closes_on: datetime.date
) -> NeedsPeriod:
    """Open a period in which every unit reports its training needs once."""
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("Perioden kan inte stänga innan den öppnar.")})
    try:
        with transaction.atomic():
            return NeedsPeriod.objects.create(
                organisation_id=organisation_id, title=title.strip(), opens_on=opens_on, closes_on=closes_on
            )
    except IntegrityError as error:
        raise ValidationError({"title": _("Det finns redan en period med den rubriken.")}) from error


def needs_period_close(*, period: NeedsPeriod) -> NeedsPeriod:
    """Close the period early; answers can no longer be changed."""
    period.closed = True
    period.save(update_fields=["closed"])
    return period


def needs_report_submit(
    *,
    period: NeedsPeriod,
    unit: Unit,
    submitted_by: StaffMember | None,
    items: dict[str, tuple[int, str]],
    comment: str = "",
) -> NeedsReport:
    """Save the unit's needs for the period: one answer per unit, which may be corrected while the period is open."""
    if not period.is_open_on(clock.today()):
        raise ValidationError(_("Perioden är stängd. Svaren kan inte längre ändras."))
    with transaction.atomic():
        report, _created = NeedsReport.objects.select_for_update().get_or_create(
            period=period, unit=unit, defaults={"submitted_by": submitted_by, "comment": comment}
        )
        report.submitted_by = submitted_by
        report.comment = comment
        report.save()
        for area, (priority, area_comment) in items.items():
            NeedItem.objects.update_or_create(
                report=report, area=area, defaults={"priority": priority, "comment": area_comment}
            )
    return report
