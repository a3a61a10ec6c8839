"""Each hire's introduction plan, its items (copied from a template version) and the items' events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import IntroductionProfile, StaffMember, choice_label

from .templates import Phase, ResponsibleRole, TemplateItem, TemplateVersion

# The attribute a plan page's prefetch puts each item's events in (a list): prefetched into `item.events` instead,
# Django would clone the events' queryset, joins and all, once per item (~30 a plan) to hold them.
PREFETCHED_EVENTS = "events_newest_first"


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
    # The latest due date of any of its items (none without items), kept with the counters: the overview finds the
    # few plans with items still to come from it instead of joining every plan of ten years to its open items.
    last_due_date = models.DateField(null=True, editable=False)
    history = AuditedHistory(
        excluded_fields=["items_in_profile", "items_done", "last_due_date"]
    )  # counters, not the plan's content

    class Meta:
        ordering = ["staff__last_name", "staff__first_name"]
        verbose_name = _("introduktionsplan")
        verbose_name_plural = _("introduktionsplaner")
        indexes = [
            # The lists' states are a cut-off on the start date; the districts' summaries read each plan's
            # hire, status and counters from this index alone (an index-only scan, not a read of every plan row).
            models.Index(
                fields=["start_date"],
                include=["staff", "status", "items_in_profile", "items_done"],
                name="plan_start_counts_idx",
            ),
            # The active plans with items due from today on (a fifth of them, those in progress and a few more):
            # the overview's "not yet due" count starts from these rows.
            models.Index(
                fields=["last_due_date"],
                include=["id", "staff", "start_date"],
                condition=Q(status="active"),
                name="plan_active_last_due_idx",
            ),
        ]
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
        indexes = [
            models.Index(fields=["done", "due_date"], name="plan_item_open_due_idx"),
            # A plan's open items by due date, alone: its overdue count and next due date, and the districts'
            # overdue items, read from this index only, not from the ~30 items of every plan.
            models.Index(
                fields=["plan", "due_date"],
                condition=Q(done=False, in_profile=True),
                name="plan_item_open_plan_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done=True, done_at__isnull=False) | Q(done=False, done_at__isnull=True),
                name="plan_item_done_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def responsible_role_label(self) -> str:
        """Return the responsible role's name, as get_responsible_role_display (see choice_label)."""
        return choice_label(ResponsibleRole, self.responsible_role)

    @property
    def history_events(self) -> "list[PlanItemEvent]":
        """Return the item's events, newest first, as prefetched (selectors.plans_for_pdf, item_for_row...)."""
        if hasattr(self, PREFETCHED_EVENTS):
            return getattr(self, PREFETCHED_EVENTS)
        return list(self.events.all())

    @property
    def done_event(self) -> "PlanItemEvent | None":
        """Return the event that ticked the item as it is now (from prefetched events, newest first)."""
        if not self.done:
            return None
        return next((event for event in self.history_events if event.new_done and not event.old_done), None)


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
