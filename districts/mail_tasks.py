"""The base of every Celery task that sends e-mail: a failed send is retried, and logged when it gives up.

The mail modules claim a row and send in one transaction (courses.notifications, checklists.reminders,
surveys.services), so a send that fails leaves nothing recorded and the same task can run again.
"""

import logging

from celery import Task
from django.conf import settings

logger = logging.getLogger(__name__)


class MailTask(Task):
    """Retry on a mail server that is down, busy or refusing, waiting longer each time (with jitter)."""

    # smtplib's errors (SMTPException) and refused or broken connections are all OSError.
    autoretry_for = (OSError,)
    max_retries = settings.MAIL_RETRY_MAX
    retry_backoff = settings.MAIL_RETRY_BACKOFF_SECONDS
    retry_backoff_max = settings.MAIL_RETRY_BACKOFF_MAX_SECONDS
    retry_jitter = True

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        logger.error(
            "E-post skickades inte: %s (uppgift %s, argument %s %s) gav upp efter %s försök: %r",
            self.name,
            task_id,
            args,
            kwargs,
            self.request.retries + 1,
            exc,
        )
