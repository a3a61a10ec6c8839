"""The training needs inventory: the only records reports keeps; every other report is computed."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from courses.models import KnowledgeArea


class NeedPriority(models.IntegerChoices):
    NONE = 0, _("Inget behov")
    LOW = 1, _("Lågt")
    MEDIUM = 2, _("Medel")
    HIGH = 3, _("Högt")


class NeedsPeriod(models.Model):
    """A period the coordinator opens, in which each unit reports its training needs once."""

    organisation = models.ForeignKey(
        "districts.Organisation", on_delete=models.PROTECT, related_name="needs_periods", verbose_name=_("organisation")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    closed = models.BooleanField(_("stängd"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("inventeringsperiod")
        verbose_name_plural = _("inventeringsperioder")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="needs_period_closes_after_opens"),
            models.UniqueConstraint(fields=["organisation", "title"], name="needs_period_unique_title"),
        ]

    def __str__(self):
        return self.title

    def is_open_on(self, day) -> bool:
        return not self.closed and self.opens_on <= day <= self.closes_on


class NeedsReport(models.Model):
    """One unit's answer for one period."""

    period = models.ForeignKey(NeedsPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name=_("period"))
    unit = models.ForeignKey(
        "districts.Unit", on_delete=models.PROTECT, related_name="needs_reports", verbose_name=_("enhet")
    )
    submitted_by = models.ForeignKey(
        "districts.StaffMember", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("inskickad av")
    )
    submitted_at = models.DateTimeField(_("inskickad"), auto_now=True)
    comment = models.TextField(_("övrigt"), blank=True)

    class Meta:
        verbose_name = _("behovsinventering")
        verbose_name_plural = _("behovsinventeringar")
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="needs_report_once_per_unit")]

    def __str__(self):
        return f"{self.period} – {self.unit}"


class NeedItem(models.Model):
    report = models.ForeignKey(NeedsReport, on_delete=models.CASCADE, related_name="items")
    area = models.CharField(_("kunskapsområde"), max_length=32, choices=KnowledgeArea.choices)
    priority = models.PositiveSmallIntegerField(_("prioritet"), choices=NeedPriority.choices, default=NeedPriority.NONE)
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("behov")
        verbose_name_plural = _("behov")
        constraints = [
            models.UniqueConstraint(fields=["report", "area"], name="need_item_once_per_area"),
            models.CheckConstraint(condition=Q(priority__lte=3), name="need_item_priority_range"),
        ]

    def __str__(self):
        return f"{self.get_area_display()}: {self.get_priority_display()}"
