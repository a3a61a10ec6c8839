"""Kursomgångar and their sessions."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import StaffMember

from .programme import Course, CourseModule


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    OPEN = "open", _("Öppen för nominering")
    FULL = "full", _("Fullbokad")
    HELD = "held", _("Genomförd")
    CANCELLED = "cancelled", _("Inställd")


class CourseRound(models.Model):
    """A kursomgång: one run of a course with its sessions, seats and participants."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("kurs"))
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    capacity = models.PositiveSmallIntegerField(_("antal platser"), default=32)
    starts_on = models.DateField(_("första dag"), null=True, blank=True)
    ends_on = models.DateField(_("sista dag"), null=True, blank=True)
    # Set by the planner ("2027-03" for Del 1, "2027" for Del 2); empty for rounds made by hand. With the
    # unique constraint below it makes planning idempotent: a planned month is never created twice, and a
    # round the coordinator moved or cancelled keeps its key, so it is never recreated either.
    planning_key = models.CharField(_("planeringsnyckel"), max_length=20, blank=True)
    moved_by_coordinator = models.BooleanField(_("flyttad av samordnare"), default=False)
    notes = models.TextField(_("anteckningar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = AuditedHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("kursomgång")
        verbose_name_plural = _("kursomgångar")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "planning_key"], condition=~Q(planning_key=""), name="round_unique_planning_key"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="round_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="round_capacity_positive"),
        ]
        indexes = [
            models.Index(fields=["course", "starts_on"], name="round_course_start_idx"),
            models.Index(fields=["status", "starts_on"], name="round_status_start_idx"),
            # The dashboard's latest surveys walk the rounds newest first and stop at the third with a survey the
            # user may count, instead of checking every survey of the organisation and sorting them.
            models.Index(fields=["-starts_on"], name="round_start_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_bookable(self) -> bool:
        return self.status in (RoundStatus.PLANNED, RoundStatus.OPEN, RoundStatus.FULL)


class RoundSession(models.Model):
    """One teaching occasion of a round: a date, times in local time (Europe/Stockholm) and a place."""

    course_round = models.ForeignKey(
        CourseRound, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("kursomgång")
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    lecturers = models.CharField(_("föreläsare"), max_length=300, blank=True)
    lecturer_staff = models.ManyToManyField(
        StaffMember, blank=True, related_name="lectured_sessions", verbose_name=_("föreläsare (medarbetare)")
    )
    modules = models.ManyToManyField(CourseModule, blank=True, related_name="sessions", verbose_name=_("moduler/teman"))
    cancelled = models.BooleanField(_("inställt"), default=False)
    # Raised on every change so calendar clients replace the event they already have (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    history = AuditedHistory(excluded_fields=["updated_at"], m2m_fields=[lecturer_staff, modules])

    class Meta:
        ordering = ["date", "start_time", "id"]
        verbose_name = _("kurstillfälle")
        verbose_name_plural = _("kurstillfällen")
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"),
        ]
        indexes = [models.Index(fields=["date"], name="session_date_idx")]

    def __str__(self):
        return f"{self.course_round} {self.date:%Y-%m-%d}"
