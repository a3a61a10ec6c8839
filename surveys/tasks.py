"""Celery tasks: they take ids, call a service, and are safe to run twice."""

from celery import shared_task

from districts.mail_tasks import MailTask
from surveys import followup, nonparticipation, selectors, services


@shared_task(base=MailTask)
def send_invitation(invitation_id: int) -> bool:
    return services.invitation_send(invitation_id=invitation_id)


@shared_task(base=MailTask)
def send_reminder(invitation_id: int) -> bool:
    return services.invitation_remind(invitation_id=invitation_id)


@shared_task
def send_due_reminders() -> int:
    """Queue a reminder for every invitation whose delay has passed; run daily by beat."""
    due = list(selectors.invitations_due_for_reminder().values_list("pk", flat=True))
    for invitation_id in due:
        send_reminder.delay(invitation_id)
    return len(due)


@shared_task(base=MailTask)
def send_non_participation_question(inquiry_id: int) -> bool:
    return nonparticipation.inquiry_send(inquiry_id=inquiry_id)


@shared_task
def send_due_follow_ups() -> dict:
    """Open the follow-ups, introduction evaluations and questions to units that sent nobody; run daily by beat."""
    return {
        "follow_ups": followup.follow_ups_send_due(),
        "introduction_evaluations": followup.introduction_evaluations_send_due(),
        "non_participation_questions": nonparticipation.inquiries_open_due(),
    }
