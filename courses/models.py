"""The course programme: courses and their modules, rounds with sessions, nominations, attendance and groups.

Rules that must hold under concurrent requests are database constraints: one Del 1 / Del 2 per
organisation, one planned round per course and planning key (the planner's idempotency), one
active nomination per person and round, one Del 1 per person (booked, waitlisted or completed), one
attendance row per session and nomination.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory
from districts.models import District, Organisation, StaffMember


class KnowledgeArea(models.TextChoices):
    """The six knowledge areas of the city report (after SOSFS 2006:14); used for learning goals and needs."""

    UTREDNING = "utredning", _("Utredning")
    SAMTAL_OCH_RELATIONER = "samtal_och_relationer", _("Samtal och relationer")
    SAMVERKAN = "samverkan", _("Samverkan")
    REGELVERK = "regelverk", _("Regelverk och rättsutveckling")
    INSATSER = "insatser", _("Insatser")
    UPPFOLJNING = "uppfoljning", _("Uppföljning och utvärdering")


class CourseKind(models.TextChoices):
    DEL1 = "del1", _("Del 1")
    DEL2 = "del2", _("Del 2")
    FORSTE_TRAINING = "forste_training", _("Utbildning för 1:e socialsekreterare")
    DEEPENING = "deepening", _("Fördjupning")


class ProgrammeArea(models.TextChoices):
    """The five areas of the programme's content (the report's table), which Del 2 themes belong to."""

    REGELVERK = "regelverk", _("Regelverk och riktlinjer")
    HANDLAGGNING = "handlaggningsprocessen", _("Handläggningsprocessen")
    DOKUMENTATION = "dokumentation", _("Dokumentation och kommunikation")
    BEMOTANDE = "bemotande", _("Bemötande, samtal och relationer")
    SAMVERKAN = "samverkan", _("Samverkan")


class Course(models.Model):
    """A course of the programme (Del 1, Del 2, training for 1:e socialsekreterare, a deepening course)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="courses", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=CourseKind.choices)
    description = models.TextField(_("beskrivning"), blank=True)
    credits = models.DecimalField(
        _("högskolepoäng"),
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text=_("Högskolepoäng som en genomförd kurs ger (0 om kursen inte ger poäng)."),
    )
    active = models.BooleanField(_("aktiv"), default=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["organisation", "kind", "name"]
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=Q(kind__in=["del1", "del2"]),
                name="course_one_del1_del2_per_organisation",
            ),
            models.UniqueConstraint(fields=["organisation", "name"], name="course_unique_name_per_organisation"),
            models.CheckConstraint(
                condition=Q(credits__gte=0) & Q(credits__lte=300), name="course_credits_between_0_and_300"
            ),
        ]

    def __str__(self):
        return self.name


class CourseModule(models.Model):
    """A module (Del 1) or knowledge theme (Del 2) of a course, with its length in days."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("kurs"))
    title = models.CharField(_("titel"), max_length=200)
    area = models.CharField(_("område"), max_length=32, choices=ProgrammeArea.choices, blank=True)
    days = models.DecimalField(_("dagar"), max_digits=4, decimal_places=2, default=0)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = AuditedHistory()

    class Meta:
        ordering = ["course", "order", "id"]
        verbose_name = _("modul/tema")
        verbose_name_plural = _("moduler/teman")
        constraints = [
            models.UniqueConstraint(fields=["course", "title"], name="course_module_unique_title"),
            models.CheckConstraint(condition=Q(days__gte=0), name="course_module_days_not_negative"),
        ]

    def __str__(self):
        return self.title


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
    # a course's kind to or from Del 1 once it has nominations, so the copy cannot go stale.
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

    def __str__(self):
        return f"{self.nomination_id}@{self.session_id}: {self.present}"


class DialogueGroup(models.Model):
    """A mixed dialogue group (blandad dialoggrupp) of a round."""

    course_round = models.ForeignKey(
        CourseRound, on_delete=models.CASCADE, related_name="dialogue_groups", verbose_name=_("kursomgång")
    )
    number = models.PositiveSmallIntegerField(_("nummer"))

    class Meta:
        ordering = ["course_round", "number"]
        verbose_name = _("dialoggrupp")
        verbose_name_plural = _("dialoggrupper")
        constraints = [
            models.UniqueConstraint(fields=["course_round", "number"], name="dialogue_group_unique_number"),
        ]

    def __str__(self):
        return _("Grupp %(number)s") % {"number": self.number}


class DialogueGroupMember(models.Model):
    """A participant's place in one dialogue group; a nomination sits in at most one group."""

    group = models.ForeignKey(DialogueGroup, on_delete=models.CASCADE, related_name="members")
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="dialogue_membership")

    class Meta:
        verbose_name = _("gruppmedlem")
        verbose_name_plural = _("gruppmedlemmar")

    def __str__(self):
        return f"{self.nomination_id} in {self.group_id}"


def _default_excluded_months():
    return [6, 7, 8]


class PlanningSettings(models.Model):
    """How the planner lays out an organisation's year; edited by the coordinators."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="course_planning", verbose_name=_("organisation")
    )
    excluded_months = models.JSONField(_("månader utan Del 1"), default=_default_excluded_months, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("veckodag"), default=1, help_text=_("Första kursdagens veckodag (0 = måndag).")
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("vecka i månaden"), default=2, help_text=_("1 = första, 2 = andra ... 4 = fjärde sådan veckodag i månaden.")
    )
    default_place = models.CharField(_("plats"), max_length=200, default="Kompetenscentrum, Göteborg")
    capacity = models.PositiveSmallIntegerField(_("platser per Del 1-omgång"), default=32)
    del2_month = models.PositiveSmallIntegerField(_("startmånad för Del 2"), default=9)
    del2_capacity = models.PositiveSmallIntegerField(_("platser per Del 2-omgång"), default=40)
    del2_interval_weeks = models.PositiveSmallIntegerField(_("veckor mellan Del 2-dagar"), default=2)
    reminder_days_before = models.PositiveSmallIntegerField(_("påminnelse dagar före kurstillfälle"), default=7)
    lead_days = models.PositiveSmallIntegerField(
        _("framförhållning i dagar"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Månadens omgång planeras bara om den börjar minst så många dagar fram; annars börjar året nästa månad."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planeringsinställningar")
        verbose_name_plural = _("planeringsinställningar")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=4), name="planning_weekday_is_workday"),
            models.CheckConstraint(
                condition=Q(week_of_month__gte=1, week_of_month__lte=4), name="planning_week_of_month_1_4"
            ),
            models.CheckConstraint(condition=Q(del2_month__gte=1, del2_month__lte=12), name="planning_del2_month"),
            models.CheckConstraint(condition=Q(capacity__gte=1, del2_capacity__gte=1), name="planning_capacity"),
            models.CheckConstraint(condition=Q(lead_days__lte=60), name="planning_lead_days_at_most_60"),
        ]

    def __str__(self):
        return str(self.organisation)


class ClosureDay(models.Model):
    """A day the organisation holds no sessions (a klämdag, a planning day), beside the public holidays."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="closure_days", verbose_name=_("organisation")
    )
    date = models.DateField(_("datum"))
    reason = models.CharField(_("anledning"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = AuditedHistory()

    class Meta:
        verbose_name = _("stängd dag")
        verbose_name_plural = _("stängda dagar")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["organisation", "date"], name="closure_day_once_per_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.reason}".strip()


def _new_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed address; revoking it gives a new token and kills the old link."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self):
        return str(self.staff_id)


class SentNotification(models.Model):
    """A notification that has been sent, so that a task run twice never sends it twice."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=120)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("skickat meddelande")
        verbose_name_plural = _("skickade meddelanden")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="sent_notification_unique")]

    def __str__(self):
        return f"{self.kind}:{self.key}"


# --- certificates (intyg) and the programme's people (nyckelpersoner, utbildarstöd) -----------------------

# Crockford's base32 without I, L, O and U, so a code read aloud or typed from paper is not misread.
CERTIFICATE_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CERTIFICATE_CODE_LENGTH = 12  # 60 random bits: guessing one of even a million codes takes ~10^12 tries


def new_certificate_code() -> str:
    return "".join(secrets.choice(CERTIFICATE_CODE_ALPHABET) for _position in range(CERTIFICATE_CODE_LENGTH))


class Certificate(models.Model):
    """The intyg of one completed nomination in a held round, with what it said when it was issued."""

    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("nominering")
    )
    code = models.CharField(
        _("kontrollkod"), max_length=CERTIFICATE_CODE_LENGTH, unique=True, default=new_certificate_code
    )
    issued_on = models.DateField(_("utfärdat"))
    # What the certificate states, kept as it was issued: a course renamed later does not change it.
    course_name = models.CharField(_("kurs"), max_length=200)
    first_day = models.DateField(_("första dag"), null=True, blank=True)
    last_day = models.DateField(_("sista dag"), null=True, blank=True)
    days = models.DecimalField(_("dagar"), max_digits=5, decimal_places=2, default=0)
    credits = models.DecimalField(_("högskolepoäng"), max_digits=4, decimal_places=1, default=0)
    download_count = models.PositiveIntegerField(_("nedladdningar"), default=0)
    last_downloaded_at = models.DateTimeField(_("senast nedladdat"), null=True, blank=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["-issued_on", "id"]
        verbose_name = _("intyg")
        verbose_name_plural = _("intyg")
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=0) & Q(credits__gte=0), name="certificate_amounts_positive"),
        ]

    def __str__(self):
        return self.code


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
