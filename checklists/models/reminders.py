"""The reminder emails already sent, so the daily job is safe to run twice."""

from django.db import models

from districts.models import StaffMember


class ReminderSent(models.Model):
    """That one person got the reminder email of one day: makes the daily job safe to run twice."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["staff", "day"], name="reminder_once_per_person_per_day")]

    def __str__(self):
        return f"{self.staff_id} {self.day}"
