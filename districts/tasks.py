"""Background work of the organisation app; each task is safe to run twice."""

from celery import shared_task

from districts import clock, services


@shared_task
def end_sessions_of_leavers() -> int:
    """Delete the stored sessions of users whose employment has ended; return how many were deleted.

    Every request checks this too (intro_program.middleware.SessionLimitsMiddleware); this removes the
    sessions of leavers who make no further request, so they are not kept until they expire.
    """
    return services.leaver_sessions_end()


@shared_task
def anonymise_leavers() -> int:
    """Anonymise the people whose employment ended longer ago than their organisation keeps personal data."""
    return services.staff_anonymise_expired(today=clock.today())
