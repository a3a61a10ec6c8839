"""Background work of the checklists app; each task takes ids and is safe to run twice."""

from celery import shared_task
from django.conf import settings

from checklists import exporting, reminders, services
from districts import clock
from districts.mail_tasks import MailTask


@shared_task(
    acks_late=True, soft_time_limit=settings.LONG_TASK_SOFT_TIME_LIMIT, time_limit=settings.LONG_TASK_TIME_LIMIT
)
def export_plans(export_id: int) -> None:
    """Render a bulk export's plans into its zip."""
    exporting.plan_export_run(export_id=export_id)


@shared_task
def remove_expired_exports() -> int:
    return exporting.plan_exports_remove_expired()


@shared_task(base=MailTask)
def send_due_reminders() -> int:
    """Send today's reminder emails; a second run the same day sends nothing."""
    return reminders.reminders_send(today=clock.today())


@shared_task(soft_time_limit=settings.LONG_TASK_SOFT_TIME_LIMIT, time_limit=settings.LONG_TASK_TIME_LIMIT)
def create_plans_for_hires(staff_ids: list[int]) -> int:
    """Lay out plans for new hires that have none (sent by districts' hires_added)."""
    return services.plans_create_for_new_hires(staff_ids=staff_ids)
