"""Background work of the organisation app; each task is safe to run twice."""

from celery import shared_task
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session

from districts import clock, services
from districts.models import StaffMember


@shared_task
def end_sessions_of_leavers() -> int:
    """Delete the stored sessions of users whose employment has ended; return how many were deleted.

    Every request checks this too (intro_program.middleware.SessionLimitsMiddleware); this removes the
    sessions of leavers who make no further request, so they are not kept until they expire.
    """
    today = clock.today()
    sessions = Session.objects.filter(expire_date__gt=clock.now())
    owner_of = {session.pk: session.get_decoded().get(SESSION_KEY) for session in sessions}
    leavers = {
        str(user_id)
        for user_id in StaffMember.objects.filter(
            user_id__in=[int(user_id) for user_id in owner_of.values() if str(user_id or "").isdigit()],
            employment_end__lt=today,
        ).values_list("user_id", flat=True)
    }
    doomed = [key for key, user_id in owner_of.items() if user_id in leavers]
    deleted, _ = Session.objects.filter(pk__in=doomed).delete()
    return deleted


@shared_task
def anonymise_leavers() -> int:
    """Anonymise the people whose employment ended longer ago than their organisation keeps personal data."""
    return services.staff_anonymise_expired(today=clock.today())
