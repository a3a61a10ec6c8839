"""A plan's booked meetings (supervision, check-ins, mentor time, reflection) and whether they were held."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import StaffMember, choice_label

from .plans import IntroductionPlan


class MeetingKind(models.TextChoices):
    SUPERVISION = "handledning", _("Veckohandledning med 1:e socialsekreterare")
    MANAGER_CHECK_IN = "avstamning", _("Avstämning med enhetschef")
    MENTOR = "fadder", _("Tid med fadder")
    REFLECTION = "reflektion", _("Reflektionstid")


class PlanMeeting(models.Model):
    """A booked meeting of the plan: supervision, check-in, mentor time or reflection."""

    plan = models.ForeignKey(IntroductionPlan, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("typ"), max_length=16, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("tid"))
    with_whom = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("med")
    )
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    # Whether the meeting was held (None: not recorded yet); written only by checklists.meetings_held.
    held = models.BooleanField(_("hölls"), null=True, blank=True)
    held_note = models.CharField(_("anteckning om mötet"), max_length=300, blank=True)
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    held_recorded_at = models.DateTimeField(_("registrerat"), null=True, blank=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["plan", "starts_at"]
        verbose_name = _("bokat möte")
        verbose_name_plural = _("bokade möten")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "starts_at"], name="plan_meeting_unique_slot"),
            models.CheckConstraint(
                condition=Q(held__isnull=True, held_recorded_at__isnull=True)
                | Q(held__isnull=False, held_recorded_at__isnull=False),
                name="plan_meeting_held_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def kind_label(self) -> str:
        """Return the kind's name, as get_kind_display (see choice_label)."""
        return choice_label(MeetingKind, self.kind)
