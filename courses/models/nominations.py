"""Nominations to rounds, their events and attendance at sessions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import StaffMember

from .programme import CourseKind
from .rounds import CourseRound, RoundSession


class NominationStatus(models.TextChoices):
    BOOKED = "booked", _("Bokad")
    WAITLISTED = "waitlisted", _("Reserv")
    CANCELLED = "cancelled", _("Avbokad")
    COMPLETED = "completed", _("Slutförd")
    DROPPED_OUT = "dropped_out", _("Avbrutit")


ACTIVE_STATUSES = (NominationStatus.BOOKED, NominationStatus.WAITLISTED)
# A person holds at most one Del 1 nomination in these statuses (a seat, a waitlist place, or Del 1 done).
ONE_DEL1_STATUSES = (NominationStatus.BOOKED, NominationStatus.WAITLISTED, NominationStatus.COMPLETED)
# Nominations that held a seat: "anmälda" in the follow-up reports.
ENROLLED_STATUSES = (NominationStatus.BOOKED, NominationStatus.COMPLETED, NominationStatus.DROPPED_OUT)


class DropOutReason(models.TextChoices):
    LACK_OF_TIME = "lack_of_time", _("Tidsbrist")
    CHANGED_JOB = "changed_job", _("Bytt arbete")
    LEFT_EMPLOYMENT = "left_employment", _("Slutat sin anställning")
    ILLNESS = "illness", _("Sjukdom")
    OTHER = "other", _("Annat")


class Nomination(models.Model):
    """A staff member nominated to a round: booked on a seat, on the waitlist, or finished one way or another."""

    course_round = models.ForeignKey(
        CourseRound, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("kursomgång")
    )
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("medarbetare")
    )
    status = models.CharField(_("status"), max_length=20, choices=NominationStatus.choices)
    # The round's course kind, copied when the nomination is made, so that "one Del 1 per person" can be a
    # partial unique index (a condition cannot follow the round to its course). course_save refuses to change
    # a course's kind to or from Del 1 once it has nominations and copies any other change of kind to them.
    course_kind = models.CharField(
        _("kurstyp"), max_length=20, choices=CourseKind.choices, blank=True, default="", editable=False
    )
    # A booking moved to another round of the same course is a new nomination that points to the one it
    # came from (now cancelled), so the whole history stays readable and calendars cancel the old sessions.
    moved_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="moved_to",
        verbose_name=_("flyttad från"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominerad av"),
    )
    # The waitlist is served in this order (first come, first served).
    queued_at = models.DateTimeField(_("köad"), default=timezone.now)
    drop_out_reason = models.CharField(
        _("orsak till avbrott"), max_length=20, choices=DropOutReason.choices, blank=True
    )
    drop_out_text = models.TextField(_("orsak (fritext)"), blank=True)
    completion_override_reason = models.TextField(_("skäl för godkännande trots frånvaro"), blank=True)
    completed_at = models.DateTimeField(_("slutförd"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = AuditedHistory(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["course_round", "queued_at", "id"]
        verbose_name = _("nominering")
        verbose_name_plural = _("nomineringar")
        constraints = [
            models.UniqueConstraint(
                fields=["course_round", "staff"],
                condition=Q(status__in=["booked", "waitlisted"]),
                name="nomination_one_active_per_staff_and_round",
            ),
            models.UniqueConstraint(
                fields=["staff"],
                condition=Q(course_kind="del1", status__in=["booked", "waitlisted", "completed"]),
                name="nomination_one_del1_per_staff",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped_out") | ~Q(drop_out_reason=""),
                name="nomination_drop_out_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["course_round", "status", "queued_at"], name="nomination_round_status_idx"),
            models.Index(fields=["staff", "status"], name="nomination_staff_status_idx"),
            models.Index(
                fields=["staff", "status"],
                condition=Q(course_kind="forste_training"),
                name="nomination_forste_training_idx",
            ),
            # A Del 1 seat (booked or completed) of a staff member, with its round: the seat forecast looks one up
            # for each of the national seed's ~2,650 recent hires, and from this index alone needs no row of the
            # table (2 buffers a hire, not 3: the one-Del-1 index also holds the waitlist and not the round).
            models.Index(
                fields=["staff"],
                include=["course_round"],
                condition=Q(course_kind="del1", status__in=["completed", "booked"]),
                name="nomination_del1_seat_idx",
            ),
            # A staff member's Del 2 nominations, found from this index alone: the equality report reads the
            # attendance of its period's hires' Del 2 places, and without it PostgreSQL scanned every nomination
            # of the database (national seed: ~84,000 rows for ~830, 15 ms to 4 ms).
            models.Index(
                fields=["staff"], include=["id"], condition=Q(course_kind="del2"), name="nomination_del2_staff_idx"
            ),
        ]

    def __str__(self):
        return f"{self.staff} – {self.course_round}"

    def save(self, *args, **kwargs):
        if not self.course_kind and self.course_round_id:
            # Keep the copy of the course kind that the one-Del-1 index reads, however the row is made.
            self.course_kind = CourseRound.objects.filter(pk=self.course_round_id).values_list(
                "course__kind", flat=True
            )[0]
        super().save(*args, **kwargs)


class NominationEventKind(models.TextChoices):
    NOMINATED = "nominated", _("Nominerad")
    BOOKED = "booked", _("Bokad")
    WAITLISTED = "waitlisted", _("Satt på reservlista")
    PROMOTED = "promoted", _("Fick plats från reservlistan")
    CANCELLED = "cancelled", _("Avbokad")
    ATTENDED = "attended", _("Närvarande")
    COMPLETED = "completed", _("Slutförd")
    DROPPED_OUT = "dropped_out", _("Avbrutit")
    MOVED = "moved", _("Flyttad")


class NominationEvent(models.Model):
    """One status change of a nomination, with who made it and when; never changed afterwards."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="events", verbose_name=_("nominering")
    )
    kind = models.CharField(_("händelse"), max_length=20, choices=NominationEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("av"),
    )
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        ordering = ["nomination", "at", "id"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")
        indexes = [
            # Whether a nomination was booked before its round or cancelled after its start is read from the
            # index alone (the enrolment report asks it of every cancelled nomination in its period).
            models.Index(fields=["nomination"], include=["kind", "at"], name="nomination_event_kind_at_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    """Whether a participant was present at one session."""

    session = models.ForeignKey(
        RoundSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("kurstillfälle")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("nominering")
    )
    present = models.BooleanField(_("närvarande"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = AuditedHistory()

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination"], name="attendance_unique_session_nomination"),
        ]
        indexes = [
            # The sessions a set of nominations attended, read from the index alone: the equality report asks it
            # of its period's hires, and without it PostgreSQL read every attendance of the database.
            models.Index(
                fields=["nomination"], include=["session"], condition=Q(present=True), name="attendance_present_idx"
            ),
        ]

    def __str__(self):
        return f"{self.nomination_id}@{self.session_id}: {self.present}"
