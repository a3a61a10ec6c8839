"""The programme's people: key persons (nyckelpersoner) and trainer support shares (utbildarstöd)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import District, StaffMember

from .programme import ProgrammeArea


class KeyPerson(models.Model):
    """A nyckelperson: a staff member the coordinators may engage as lecturer in one programme area."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="key_person_areas", verbose_name=_("medarbetare")
    )
    area = models.CharField(_("område"), max_length=32, choices=ProgrammeArea.choices)
    note = models.CharField(_("anteckning"), max_length=200, blank=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["area", "staff__last_name", "staff__first_name", "id"]
        verbose_name = _("nyckelperson")
        verbose_name_plural = _("nyckelpersoner")
        constraints = [models.UniqueConstraint(fields=["staff", "area"], name="key_person_once_per_area")]

    def __str__(self):
        return f"{self.staff} ({self.get_area_display()})"


DEFAULT_TRAINER_SUPPORT_SHARE = Decimal("0.20")


class TrainerSupportShare(models.Model):
    """The share of a full-time post an utbildarstöd gives the programme: for one person, or a district's default."""

    district = models.OneToOneField(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("stadsdel")
    )
    staff = models.OneToOneField(
        StaffMember, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("medarbetare")
    )
    share = models.DecimalField(_("andel av heltid"), max_digits=3, decimal_places=2)
    history = AuditedHistory()

    class Meta:
        verbose_name = _("andel för utbildarstöd")
        verbose_name_plural = _("andelar för utbildarstöd")
        constraints = [
            models.CheckConstraint(
                condition=(Q(district__isnull=True) & Q(staff__isnull=False))
                | (Q(district__isnull=False) & Q(staff__isnull=True)),
                name="trainer_share_district_or_person",
            ),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=1), name="trainer_share_between_0_and_1"),
        ]

    def __str__(self):
        return f"{self.share}"
