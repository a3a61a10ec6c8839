"""Background work of the districts app; each task is safe to run twice."""

from celery import shared_task

from districts import clock, services


@shared_task
def anonymise_leavers() -> int:
    """Anonymise the people whose employment ended longer ago than their organisation keeps personal data."""
    return services.staff_anonymise_expired(today=clock.today())
