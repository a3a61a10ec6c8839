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
    """Split a bulk export into parts and queue them; a second delivery queues only what is unfinished."""
    exporting.plan_export_run(export_id=export_id)


@shared_task(acks_late=True)
def export_plan_part(part_id: int) -> None:
    """Render one part of a bulk export to PDF files; the last part to finish queues the zip."""
    exporting.plan_export_part_render(part_id=part_id)


@shared_task(
    acks_late=True, soft_time_limit=settings.LONG_TASK_SOFT_TIME_LIMIT, time_limit=settings.LONG_TASK_TIME_LIMIT
)
def assemble_plan_export(export_id: int) -> None:
    """Write a bulk export's zip from its finished parts."""
    exporting.plan_export_assemble(export_id=export_id)


@shared_task
def remove_expired_exports() -> int:
    """Remove the files of expired exports, and mark failed the exports that stopped moving."""
    exporting.plan_exports_fail_stalled()
    return exporting.plan_exports_remove_expired()


@shared_task(base=MailTask)
def send_due_reminders() -> int:
    """Send today's reminder emails; a second run the same day sends nothing."""
    return reminders.reminders_send(today=clock.today())


@shared_task(soft_time_limit=settings.LONG_TASK_SOFT_TIME_LIMIT, time_limit=settings.LONG_TASK_TIME_LIMIT)
def create_plans_for_hires(staff_ids: list[int]) -> int:
    """Lay out plans for new hires that have none (sent by districts' hires_added)."""
    return services.plans_create_for_new_hires(staff_ids=staff_ids)


@shared_task
def process_departures(staff_ids: list[int], actor_id: int | None = None) -> int:
    """Cancel the leavers' future course places and close their plans (sent by districts' employment_ended)."""
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return services.departures_process(staff_ids=staff_ids, actor=actor, today=clock.today())


@shared_task
def process_departures_due() -> int:
    """The nightly run: process everyone whose employment has ended and who still has an open plan or a place."""
    today = clock.today()
    return services.departures_process(staff_ids=services.departures_due(today=today), today=today)
