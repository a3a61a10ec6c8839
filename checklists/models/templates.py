"""Checklist templates (Bilaga 3): their numbered versions, phases and items.

A published template version never changes: the service refuses, and on PostgreSQL a trigger
(migration 0002) refuses too.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import IntroductionProfile, Organisation

ALL_PROFILES = [value for value, _label in IntroductionProfile.choices]


class Phase(models.TextChoices):
    """The six phases of the Bilaga 3 checklist, in order."""

    BEFORE_START = "fore_start", _("Före första dagen")
    FIRST_WEEK = "forsta_veckan", _("Första veckan")
    FIRST_WEEKS = "forsta_veckorna", _("De första veckorna")
    FIRST_FOUR_MONTHS = "forsta_fyra_manaderna", _("De första fyra månaderna")
    FIRST_YEAR = "forsta_aret", _("Första året")
    SECOND_YEAR = "andra_aret", _("Andra året")


PHASE_ORDER = {value: index for index, (value, _label) in enumerate(Phase.choices)}


class ResponsibleRole(models.TextChoices):
    ENHETSCHEF = "enhetschef", _("Enhetschef")
    FORSTE_SOCIALSEKRETERARE = "forste_socialsekreterare", _("1:e socialsekreterare")
    FADDER = "fadder", _("Fadder")
    HIRE = "nyanstalld", _("Den nyanställda")
    HR = "hr", _("HR")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")
    RETIRED = "retired", _("Ersatt")


class ChecklistTemplate(models.Model):
    """A named checklist an organisation lays plans out from; its content lives in versions."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="checklist_templates", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["name"]
        verbose_name = _("checklistmall")
        verbose_name_plural = _("checklistmallar")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="checklist_template_unique_name"),
        ]

    def __str__(self):
        return self.name


class TemplateVersion(models.Model):
    """One numbered version of a template: a draft being edited, the published one, or a retired one."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="versions", verbose_name=_("mall")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )
    history = AuditedHistory()

    class Meta:
        ordering = ["template__name", "-number"]
        verbose_name = _("mallversion")
        verbose_name_plural = _("mallversioner")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique_number"),
            # At most one current (published) and one draft version per template.
            models.UniqueConstraint(
                fields=["template"], condition=Q(status="published"), name="template_one_published_version"
            ),
            models.UniqueConstraint(fields=["template"], condition=Q(status="draft"), name="template_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="template_version_published_dated"
            ),
        ]

    def __str__(self):
        return f"{self.template.name} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class TemplatePhase(models.Model):
    """One of the six phases inside a version, with the heading the coordinator gave it."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("fas"), max_length=32, choices=Phase.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    history = AuditedHistory()

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("fas")
        verbose_name_plural = _("faser")
        constraints = [
            models.UniqueConstraint(fields=["version", "phase"], name="template_phase_unique_per_version"),
        ]

    def __str__(self):
        return self.title


class CourseTrigger(models.TextChoices):
    """Which course record ticks a linked item: finishing the course, or getting a seat on it."""

    COMPLETED = "completed", _("När kursen är slutförd")
    BOOKED = "booked", _("När en plats på kursen är bokad")


class AutomaticSource(models.TextChoices):
    """Which record, other than a course, ticks an item by itself (blank: ticked by hand or by a course)."""

    COMPETENCE_REVIEW = "competence_review", _("Kompetensprövningen")
    INTRODUCTION_EVALUATION = "introduction_evaluation", _("Utvärderingen av introduktionen")


class TemplateItem(models.Model):
    """One checklist item of a version: what, who is responsible, when, and for which profiles."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="items")
    phase = models.ForeignKey(TemplatePhase, on_delete=models.CASCADE, related_name="items", verbose_name=_("fas"))
    title = models.CharField(_("punkt"), max_length=300)
    guidance = models.TextField(_("vägledning"), blank=True)
    responsible_role = models.CharField(_("ansvarig"), max_length=32, choices=ResponsibleRole.choices)
    due_day = models.IntegerField(
        _("dag (relativt första arbetsdagen)"),
        help_text=_("Antal dagar från första arbetsdagen; negativt betyder före första dagen."),
    )
    profiles = models.JSONField(_("profiler"), default=list, help_text=_("Introduktionsprofiler punkten gäller."))
    position = models.PositiveSmallIntegerField(default=0)
    # When the hire completes this course (or attends a session covering this module), the item ticks itself.
    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("kurs som bockar av punkten"),
    )
    course_module = models.ForeignKey(
        "courses.CourseModule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("modul/tema som bockar av punkten"),
    )
    # With a course: whether a booked seat ("Anmäld till Del 1") or the completion ("Del 1 genomförd") ticks it.
    course_trigger = models.CharField(
        _("bockas av"), max_length=12, choices=CourseTrigger.choices, default=CourseTrigger.COMPLETED
    )
    # The record that ticks the item (competence.services, intro_program.receivers find it by this, so a
    # coordinator may rename the item); set in the default template, copied into every new version.
    automatic_source = models.CharField(
        _("bockas av automatiskt av"), max_length=32, choices=AutomaticSource.choices, blank=True, default=""
    )
    history = AuditedHistory()

    class Meta:
        ordering = ["phase__position", "position", "pk"]
        verbose_name = _("mallpunkt")
        verbose_name_plural = _("mallpunkter")
        constraints = [
            models.CheckConstraint(condition=Q(due_day__gte=-90) & Q(due_day__lte=1095), name="template_item_due_day"),
            # One item per version answers to each automatic source, so a record ticks one item of a plan.
            models.UniqueConstraint(
                fields=["version", "automatic_source"],
                condition=~Q(automatic_source=""),
                name="template_item_one_per_automatic_source",
            ),
        ]

    def __str__(self):
        return self.title

    def applies_to(self, profile: str) -> bool:
        return not self.profiles or profile in self.profiles

    @property
    def profile_labels(self) -> list[str]:
        return [str(label) for value, label in IntroductionProfile.choices if value in self.profiles]
