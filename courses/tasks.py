"""Celery tasks of the course programme: they take ids, call a service, and are safe to run twice."""

from celery import shared_task

from courses import notifications, services
from districts.mail_tasks import MailTask
from districts.models import Organisation


@shared_task
def plan_organisation(organisation_id: int) -> int:
    """Keep one organisation's next twelve months planned; return how many rounds were created."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    return services.rounds_plan(organisation=organisation)


@shared_task
def plan_all_organisations() -> int:
    """Keep every organisation's next twelve months planned (the periodic task)."""
    return sum(services.rounds_plan(organisation=organisation) for organisation in Organisation.objects.order_by("pk"))


@shared_task(base=MailTask)
def notify_nomination_event(event_id: int, round_cancelled: bool = False) -> bool:
    """Email about one nomination event; `round_cancelled` says a cancellation came from cancelling the round."""
    return notifications.nomination_event_notify(event_id=event_id, round_cancelled=round_cancelled)


@shared_task(base=MailTask)
def notify_session_changed(session_id: int) -> int:
    """Email the participants of a changed or cancelled session (kept for messages queued before an upgrade)."""
    return notifications.session_change_notify(session_ids=[session_id])


@shared_task(base=MailTask)
def notify_sessions_changed(session_ids: list[int]) -> int:
    """Email the participants of a round's changed or cancelled sessions one updated calendar invitation."""
    return notifications.session_change_notify(session_ids=session_ids)


@shared_task(base=MailTask)
def send_session_reminders() -> int:
    return notifications.session_reminders_send()


@shared_task(base=MailTask)
def send_deadline_reminders() -> int:
    return notifications.deadline_reminders_send()
