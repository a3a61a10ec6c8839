"""A person's credits from elsewhere and their competence reviews; credits of completed courses are read, not copied."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import CompetenceLevel, StaffMember


class CreditEntry(models.Model):
    """Högskolepoäng earned outside the programme (a university course), registered with its date and source."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="credit_entries", verbose_name=_("medarbetare")
    )
    earned_on = models.DateField(_("datum"))
    source = models.CharField(_("källa"), max_length=200, help_text=_("Till exempel lärosäte och kursens namn."))
    credits = models.DecimalField(_("högskolepoäng"), max_digits=4, decimal_places=1)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    registered_at = models.DateTimeField(_("registrerad"))
    history = AuditedHistory()

    class Meta:
        ordering = ["staff", "earned_on", "pk"]
        verbose_name = _("högskolepoäng från annat håll")
        verbose_name_plural = _("högskolepoäng från annat håll")
        constraints = [
            models.CheckConstraint(
                condition=Q(credits__gt=0) & Q(credits__lte=300), name="credit_entry_credits_between_0_and_300"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="credit_entry_has_source"),
        ]

    def __str__(self):
        return f"{self.source} ({self.credits} hp)"


class CompetenceReview(models.Model):
    """A competence review: the level decided on a day by a reviewer, and what it rests on."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="competence_reviews", verbose_name=_("medarbetare")
    )
    reviewed_on = models.DateField(_("datum för prövningen"))
    reviewer = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competence_reviews_made",
        verbose_name=_("prövad av"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    years_in_profession = models.PositiveSmallIntegerField(_("år i yrket"))
    credits = models.DecimalField(_("högskolepoäng"), max_digits=5, decimal_places=1)
    proposed_level = models.CharField(_("föreslagen nivå"), max_length=20, choices=CompetenceLevel.choices)
    decided_level = models.CharField(_("beslutad nivå"), max_length=20, choices=CompetenceLevel.choices)
    rationale = models.TextField(_("motivering"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("kompetensprövning")
        verbose_name_plural = _("kompetensprövningar")
        indexes = [models.Index(fields=["staff", "-reviewed_on"], name="review_staff_day_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(credits__gte=0), name="competence_review_credits_not_negative"),
            # A level other than the proposal rests on a written reason.
            models.CheckConstraint(
                condition=Q(decided_level=F("proposed_level")) | ~Q(rationale=""),
                name="competence_review_difference_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.staff} {self.reviewed_on}: {self.get_decided_level_display()}"

    @property
    def differs(self) -> bool:
        return self.decided_level != self.proposed_level
