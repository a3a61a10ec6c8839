"""Ask the units and districts that sent nobody to a round in a half-year why not, and take their answer.

As the national report asked the municipalities that did not take part (did they know of the courses, and
if so why did they not take part), the daily task asks, after each half-year (January-June, July-December):
- each unit with staff that sent nobody to any of the organisation's rounds starting in the half-year,
  addressed to its enhetschef;
- each district none of whose units sent anybody, addressed to its områdeschef (those of the organisation
  when none works in the district).
Nothing is asked for a half-year without rounds, and only the half-year that ended last is asked about.
One question per unit (or district) and half-year: a database constraint, so the task may run twice.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.models import ENROLLED_STATUSES, CourseRound, Nomination, RoundStatus
from districts import access, clock, mail
from districts.models import District, Organisation, Role, StaffMember, Unit
from districts.selectors import employed_on
from surveys.models import NonParticipationInquiry, NonParticipationReason


def half_year_before(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the half-year that ended last before `today` (January-June or July-December)."""
    if today.month >= 7:
        return datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30)
    return datetime.date(today.year - 1, 7, 1), datetime.date(today.year - 1, 12, 31)


def _sent_anybody(rounds: QuerySet[CourseRound], unit_path: str) -> Exists:
    return Exists(
        Nomination.objects.filter(
            course_round__in=rounds, status__in=ENROLLED_STATUSES, **{f"staff__{unit_path}": OuterRef("pk")}
        )
    )


def inquiries_open(*, organisation_id: int, today: datetime.date | None = None) -> list[int]:
    """Create the questions for the half-year that ended last; return the ids of those not yet sent."""
    today = today or clock.today()
    start, end = half_year_before(today)
    rounds = CourseRound.objects.filter(course__organisation_id=organisation_id, starts_on__range=(start, end)).exclude(
        status=RoundStatus.CANCELLED
    )
    if not rounds.exists():
        return []
    staffed = Exists(StaffMember.objects.filter(employed_on(day=end), unit=OuterRef("pk")))
    units = list(
        Unit.objects.filter(staffed, district__organisation_id=organisation_id)
        .annotate(sent=_sent_anybody(rounds, "unit"))
        .values_list("pk", "district_id", "sent")
    )
    silent_units = [(unit_id, district_id) for unit_id, district_id, sent in units if not sent]
    sending_districts = {district_id for _unit, district_id, sent in units if sent}
    silent_districts = {district_id for _unit, district_id in silent_units} - sending_districts
    rows = [(district_id, unit_id) for unit_id, district_id in silent_units]
    rows += [(district_id, None) for district_id in sorted(silent_districts)]
    with transaction.atomic():
        NonParticipationInquiry.objects.bulk_create(
            [
                NonParticipationInquiry(
                    organisation_id=organisation_id,
                    district_id=district_id,
                    unit_id=unit_id,
                    period_start=start,
                    period_end=end,
                )
                for district_id, unit_id in rows
            ],
            ignore_conflicts=True,
        )
        unsent = list(
            NonParticipationInquiry.objects.filter(
                organisation_id=organisation_id, period_start=start, sent_at__isnull=True
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: _queue(unsent))
    return unsent


def _queue(inquiry_ids: list[int]) -> None:
    from surveys.tasks import send_non_participation_question

    for inquiry_id in inquiry_ids:
        send_non_participation_question.delay(inquiry_id)


def inquiries_open_due(*, today: datetime.date | None = None) -> int:
    """Ask, in every organisation that wants it, the units and districts that sent nobody; return questions queued."""
    from surveys.followup import settings_for

    queued = 0
    for organisation_id in Organisation.objects.order_by("pk").values_list("pk", flat=True):
        if settings_for(organisation_id).ask_non_participating:
            queued += len(inquiries_open(organisation_id=organisation_id, today=today))
    return queued


def recipients_of(inquiry: NonParticipationInquiry) -> list[StaffMember]:
    """Return whom the question is for: the unit's enhetschef, or the district's områdeschef."""
    today = clock.today()
    staff = StaffMember.objects.filter(employed_on(day=today), organisation_id=inquiry.organisation_id)
    if inquiry.unit_id is not None:
        return list(staff.filter(unit_id=inquiry.unit_id, roles__role=Role.ENHETSCHEF).distinct())
    area_managers = staff.filter(roles__role=Role.OMRADESCHEF).distinct()
    in_district = list(area_managers.filter(unit__district_id=inquiry.district_id))
    return in_district or list(area_managers)


def inquiry_send(*, inquiry_id: int) -> bool:
    """Email the question unless it was sent already (claimed under a row lock); return whether it went out."""
    from django.conf import settings

    with transaction.atomic():
        inquiry = (
            NonParticipationInquiry.objects.select_for_update(of=("self",))
            .select_related("unit", "district")
            .filter(pk=inquiry_id)
            .first()
        )
        if inquiry is None or inquiry.sent_at is not None:
            return False
        url = settings.SITE_URL.rstrip("/") + reverse("surveys:non_participation_answer", kwargs={"pk": inquiry.pk})
        mail.send("surveys/email/non_participation", {"inquiry": inquiry, "url": url}, recipients_of(inquiry))
        inquiry.sent_at = clock.now()
        inquiry.save(update_fields=["sent_at"])
    return True


def inquiry_answer(
    *, inquiry: NonParticipationInquiry, actor, knew_of_programme: bool, reasons: list[str], other_text: str = ""
) -> NonParticipationInquiry:
    """Record why the unit sent nobody; a later answer replaces it (the history keeps the earlier)."""
    order = NonParticipationReason.values
    if any(reason not in order for reason in reasons):
        raise ValidationError({"reasons": _("Välj bland alternativen.")})
    reasons = sorted(set(reasons), key=order.index)
    other_text = other_text.strip()
    if knew_of_programme and not reasons:
        raise ValidationError({"reasons": _("Välj minst ett skäl.")})
    if NonParticipationReason.OTHER in reasons and not other_text:
        raise ValidationError({"other_text": _("Skriv vilket annat skäl det var.")})
    if not knew_of_programme:
        reasons, other_text = [], ""
    with transaction.atomic():
        locked = NonParticipationInquiry.objects.select_for_update().get(pk=inquiry.pk)
        locked.knew_of_programme = knew_of_programme
        locked.reasons = reasons
        locked.other_text = other_text
        locked.answered_at = clock.now()
        locked.answered_by_id = access.scope_for(actor).staff_id
        locked._history_user = actor
        locked.full_clean()
        locked.save()
    return locked


# --- reads ---------------------------------------------------------------------------------------


def answerable_inquiries(*, user) -> QuerySet[NonParticipationInquiry]:
    """Return the questions the user may answer: their unit's (enhetschef), whole districts (områdeschef)."""
    scope = access.scope_for(user)
    inquiries = NonParticipationInquiry.objects.select_related("unit", "district")
    if scope.is_superuser:
        return inquiries
    condition = Q(pk__in=[])
    if scope.has_role(Role.ENHETSCHEF) and scope.unit_id:
        condition |= Q(unit_id=scope.unit_id)
    if scope.has_role(Role.OMRADESCHEF) and scope.organisation_id:
        condition |= Q(unit__isnull=True, organisation_id=scope.organisation_id)
    return inquiries.filter(condition)


def open_inquiries(*, user) -> QuerySet[NonParticipationInquiry]:
    """Return the user's unanswered questions, newest half-year first, for their dashboard."""
    return answerable_inquiries(user=user).filter(answered_at__isnull=True).order_by("-period_start", "pk")


def answered_inquiries(*, districts: QuerySet[District], start: datetime.date, end: datetime.date):
    """Return the answered questions of the districts about half-years overlapping [start, end]."""
    return NonParticipationInquiry.objects.filter(
        district__in=districts.values("pk"), answered_at__isnull=False, period_start__lte=end, period_end__gte=start
    )
