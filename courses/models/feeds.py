"""Private calendar feeds and the notifications already sent (so a task run twice sends once)."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import StaffMember


def _new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed address; revoking it gives a new token and kills the old link."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self):
        return str(self.staff_id)


class SentNotification(models.Model):
    """A notification that has been sent, so that a task run twice never sends it twice."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=120)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("skickat meddelande")
        verbose_name_plural = _("skickade meddelanden")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="sent_notification_unique")]

    def __str__(self):
        return f"{self.kind}:{self.key}"
