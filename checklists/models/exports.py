"""Bulk exports of plans as PDFs in one zip, and the parts the background tasks render."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from districts.models import Organisation


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    ASSEMBLING = "assembling", _("Packas")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")
    EXPIRED = "expired", _("Borttagen")


class PlanExport(models.Model):
    """A bulk export of plans as PDFs in one zip, rendered in the background."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    description = models.CharField(_("urval"), max_length=300)
    plan_ids = models.JSONField(default=list, help_text="Fixed when requested, so a re-run renders the same plans.")
    status = models.CharField(_("status"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    done = models.PositiveIntegerField(_("klara"), default=0)
    total = models.PositiveIntegerField(_("totalt"), default=0)
    file = models.FileField(_("fil"), upload_to="plan-exports/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("tas bort"), null=True, blank=True)
    error = models.TextField(blank=True)
    progressed_at = models.DateTimeField(null=True, blank=True, help_text="When a part last finished.")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("export av planer")
        verbose_name_plural = _("exporter av planer")
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="plan_export_done_within_total"),
        ]

    def __str__(self):
        return self.description

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.status == ExportStatus.DONE else 0)

    @property
    def in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.ASSEMBLING)


class PlanExportPart(models.Model):
    """A chunk of a bulk export's plans, rendered by one task into PDF files beside the zip-to-be."""

    export = models.ForeignKey(PlanExport, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField()
    plan_ids = models.JSONField(default=list)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["export", "number"]
        constraints = [models.UniqueConstraint(fields=["export", "number"], name="plan_export_part_unique_number")]

    def __str__(self):
        return f"{self.export_id}/{self.number}"
