"""Anonymise leavers once their organisation's keeping time has passed (GDPR: data kept no longer than needed)."""

import datetime
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from districts import audit, clock
from districts.models import (
    Organisation,
    StaffMember,
)
from districts.personal_data import ANONYMISATION_REASON


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def anonymisation_cutoff(*, organisation: Organisation, today: datetime.date) -> datetime.date:
    """Return the last day of employment whose people are due for anonymisation in the organisation."""
    return _months_before(today, organisation.anonymise_after_months)


@transaction.atomic
def staff_anonymise(*, staff: StaffMember, actor, today: datetime.date | None = None) -> StaffMember:
    """Replace a leaver's name, e-mail and the free text about them in every app, end their login, keep every link.

    Each module in settings.PERSONAL_DATA_MODULES scrubs what its app holds, history included.
    Refuses someone still employed; a second call changes nothing.
    """
    today = today or clock.today()
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    if staff.anonymised_at is not None:
        return staff
    if staff.employment_end is None or staff.employment_end >= today:
        raise ValidationError(_("Bara den som har slutat sin anställning kan anonymiseras."))
    with audit.acting(actor, reason=ANONYMISATION_REASON):
        for module_path in settings.PERSONAL_DATA_MODULES:
            import_module(module_path).anonymise(staff=staff)
    return staff


def staff_anonymise_expired(*, today: datetime.date | None = None) -> int:
    """Anonymise everyone whose employment ended longer ago than their organisation keeps data; return how many."""
    today = today or clock.today()
    done = 0
    for organisation in Organisation.objects.all():
        due = StaffMember.objects.filter(
            organisation=organisation,
            anonymised_at__isnull=True,
            employment_end__lt=anonymisation_cutoff(organisation=organisation, today=today),
        ).order_by("pk")
        for staff in due:
            staff_anonymise(staff=staff, actor=None, today=today)
            done += 1
    return done
