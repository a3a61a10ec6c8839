"""Checklist templates (Bilaga 3), their versions, and each hire's individual introduction plan.

A published template version never changes: the service refuses, and on PostgreSQL a trigger
(migration 0002) refuses too. Plans keep the version they were laid out from.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import KnowledgeArea
from districts.audit import AuditedHistory
from districts.models import IntroductionProfile, Organisation, StaffMember

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
    history = AuditedHistory()

    class Meta:
        ordering = ["phase__position", "position", "pk"]
        verbose_name = _("mallpunkt")
        verbose_name_plural = _("mallpunkter")
        constraints = [
            models.CheckConstraint(condition=Q(due_day__gte=-90) & Q(due_day__lte=1095), name="template_item_due_day"),
        ]

    def __str__(self):
        return self.title

    def applies_to(self, profile: str) -> bool:
        return not self.profiles or profile in self.profiles

    @property
    def profile_labels(self) -> list[str]:
        return [str(label) for value, label in IntroductionProfile.choices if value in self.profiles]


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Pågående")
    # The hire's employment ended: the plan is kept as it was, read-only, and counts nowhere.
    CLOSED = "closed", _("Avslutad")


class IntroductionPlan(models.Model):
    """One hire's individual written introduction plan, laid out from one template version."""

    # PROTECT here and below: deleting a person must never take their plan, ticks and history with it;
    # people who have left are anonymised instead (districts.services.staff_anonymise).
    staff = models.OneToOneField(
        StaffMember, on_delete=models.PROTECT, related_name="introduction_plan", verbose_name=_("nyanställd")
    )
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="plans", verbose_name=_("mallversion")
    )
    profile = models.CharField(_("introduktionsprofil"), max_length=32, choices=IntroductionProfile.choices)
    start_date = models.DateField(_("första arbetsdag"))
    manager = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_plans",
        verbose_name=_("enhetschef"),
    )
    supervisor = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_plans",
        verbose_name=_("1:e socialsekreterare"),
    )
    mentor = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_plans",
        verbose_name=_("fadder"),
    )
    notes = models.TextField(_("anteckningar"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    closed_reason = models.CharField(_("skäl till avslut"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The plan's items in its profile and how many of them are done, kept by the services that add, tick or move
    # items (checklists.services, in the same transaction): lists sort by progress and districts sum it without
    # counting ten years of items. services.counters.plan_counters_recompute rebuilds them; a test compares.
    items_in_profile = models.PositiveIntegerField(default=0, editable=False)
    items_done = models.PositiveIntegerField(default=0, editable=False)
    history = AuditedHistory(excluded_fields=["items_in_profile", "items_done"])  # counters, not the plan's content

    class Meta:
        ordering = ["staff__last_name", "staff__first_name"]
        verbose_name = _("introduktionsplan")
        verbose_name_plural = _("introduktionsplaner")
        indexes = [models.Index(fields=["start_date"], name="plan_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="plan_closed_has_time",
            ),
        ]

    def __str__(self):
        return str(_("Introduktionsplan för %(name)s") % {"name": self.staff.full_name})

    @property
    def is_closed(self) -> bool:
        return self.status == PlanStatus.CLOSED


class PlanItem(models.Model):
    """A checklist item copied into a plan, with its due date and who ticked it."""

    plan = models.ForeignKey(IntroductionPlan, on_delete=models.PROTECT, related_name="items")
    template_item = models.ForeignKey(
        TemplateItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_items"
    )
    phase = models.CharField(_("fas"), max_length=32, choices=Phase.choices)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("punkt"), max_length=300)
    guidance = models.TextField(_("vägledning"), blank=True)
    responsible_role = models.CharField(_("ansvarig"), max_length=32, choices=ResponsibleRole.choices)
    due_date = models.DateField(_("klart senast"))
    done = models.BooleanField(_("klar"), default=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("klarmarkerad"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on every change; guards concurrent ticks.")
    # False when the plan's profile was changed to one this item is not for. The item is kept with its
    # ticks and history (nothing recorded is lost) but no longer counts in progress, overdue or reminders.
    in_profile = models.BooleanField(_("ingår i profilen"), default=True)
    history = AuditedHistory(excluded_fields=["version"])

    class Meta:
        ordering = ["plan", "due_date", "position", "pk"]
        verbose_name = _("planpunkt")
        verbose_name_plural = _("planpunkter")
        indexes = [models.Index(fields=["done", "due_date"], name="plan_item_open_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done=True, done_at__isnull=False) | Q(done=False, done_at__isnull=True),
                name="plan_item_done_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def done_event(self) -> "PlanItemEvent | None":
        """Return the event that ticked the item as it is now (from prefetched events, newest first)."""
        if not self.done:
            return None
        return next((event for event in self.events.all() if event.new_done and not event.old_done), None)


class EventSource(models.TextChoices):
    MANUAL = "manual", _("Manuellt")
    AUTOMATIC = "automatic", _("Automatiskt")


class PlanItemEvent(models.Model):
    """One change of a plan item's state; rows are only ever added (a trigger refuses updates)."""

    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    # When the change happened: for an automatic tick the time of the course record it came from (the booking,
    # the attendance), which may be earlier than when it was written (`recorded_at`).
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True, null=True)
    old_done = models.BooleanField(_("tidigare klar"))
    new_done = models.BooleanField(_("klar"))
    note = models.TextField(_("anteckning"), blank=True)
    source = models.CharField(_("källa"), max_length=12, choices=EventSource.choices, default=EventSource.MANUAL)
    reference = models.CharField(_("referens"), max_length=100, blank=True)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self):
        return f"{self.item_id}: {self.old_done} -> {self.new_done}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("PlanItemEvent rows are append-only.")
        super().save(*args, **kwargs)


class LearningGoal(models.Model):
    """What the hire is to learn in one knowledge area, and how."""

    plan = models.ForeignKey(IntroductionPlan, on_delete=models.PROTECT, related_name="goals")
    knowledge_area = models.CharField(_("kunskapsområde"), max_length=32, choices=KnowledgeArea.choices)
    goal = models.TextField(_("mål"), blank=True)
    method = models.TextField(_("hur"), blank=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["plan", "knowledge_area"]
        verbose_name = _("lärandemål")
        verbose_name_plural = _("lärandemål")
        constraints = [
            models.UniqueConstraint(fields=["plan", "knowledge_area"], name="learning_goal_one_per_area"),
        ]

    def __str__(self):
        return self.get_knowledge_area_display()


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
