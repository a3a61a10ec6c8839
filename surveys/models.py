"""Survey templates, the invitations sent after a round, and the anonymous responses.

Anonymity is a property of the schema: `Response` and `Answer` hold no link to an invitation or a
person, no timestamp and random keys (so neither ids nor times line up with `Invitation.answered_at`).
The invitation only records that it was used.
"""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from districts.audit import AuditedHistory


class SurveyPurpose(models.TextChoices):
    EVALUATION = "evaluation", _("Kursutvärdering efter omgången")
    FOLLOW_UP = "follow_up", _("Uppföljning av hur kunskapen används")
    INTRODUCTION = "introduction", _("Utvärdering av hela introduktionen")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Betyg 1–5")
    YES_NO = "yes_no", _("Ja eller nej")
    MULTIPLE_CHOICE = "multiple_choice", _("Flerval")
    FREE_TEXT = "free_text", _("Fritext")


RATING_VALUES = (1, 2, 3, 4, 5)


class SurveyTemplate(models.Model):
    """A questionnaire; without an organisation it is a shared default every organisation may use."""

    organisation = models.ForeignKey(
        "districts.Organisation",
        on_delete=models.PROTECT,
        related_name="survey_templates",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    purpose = models.CharField(_("syfte"), max_length=20, choices=SurveyPurpose.choices)
    introduction = models.TextField(_("inledande text"), blank=True)
    reminder_after_days = models.PositiveSmallIntegerField(
        _("påminnelse efter antal dagar"),
        default=7,
        help_text=_(
            "Den som inte har svarat får en påminnelse så här många dagar efter inbjudan. 0 = ingen påminnelse."
        ),
    )
    is_active = models.BooleanField(
        _("används"),
        default=True,
        help_text=_("Den aktiva kursutvärderingen skickas automatiskt när en omgång är genomförd."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enkätmall")
        verbose_name_plural = _("enkätmallar")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "purpose"],
                condition=Q(is_active=True),
                name="survey_template_one_active_per_purpose",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return self.name


class Question(models.Model):
    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.CASCADE, related_name="questions", verbose_name=_("enkätmall")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    text = models.CharField(_("fråga"), max_length=500)
    kind = models.CharField(_("typ"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("obligatorisk"), default=True)
    allow_dont_know = models.BooleanField(_("med svarsalternativet ”vet ej”"), default=False)
    per_module = models.BooleanField(
        _("en gång per kursdel"),
        default=False,
        help_text=_("Frågan ställs en gång för varje del (modul eller tema) i omgångens kurs."),
    )
    allow_other = models.BooleanField(_("med alternativet ”annat” och fritext"), default=False)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="rating") | Q(allow_dont_know=False, per_module=False),
                name="question_dont_know_and_modules_only_for_ratings",
            ),
            models.CheckConstraint(
                condition=Q(kind="multiple_choice") | Q(allow_other=False),
                name="question_other_only_for_multiple_choice",
            ),
        ]

    def __str__(self):
        return self.text


class Choice(models.Model):
    """One option of a multiple-choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("fråga"))
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    label = models.CharField(_("alternativ"), max_length=200)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("svarsalternativ")
        verbose_name_plural = _("svarsalternativ")
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="choice_unique_label_per_question"),
        ]

    def __str__(self):
        return self.label


class Survey(models.Model):
    """A template sent to the participants of one round, or (no round) to an organisation's hires of one year."""

    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("enkätmall")
    )
    course_round = models.ForeignKey(
        "courses.CourseRound",
        on_delete=models.CASCADE,
        related_name="surveys",
        null=True,
        blank=True,
        verbose_name=_("kursomgång"),
    )
    organisation = models.ForeignKey(
        "districts.Organisation",
        on_delete=models.PROTECT,
        related_name="surveys",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    opened_on = models.DateField(_("skickad"))

    class Meta:
        ordering = ["-opened_on", "pk"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        constraints = [
            models.UniqueConstraint(fields=["template", "course_round"], name="survey_unique_template_per_round"),
            # The introduction evaluation: one survey per template, organisation and year (opened_on is 1 January).
            models.UniqueConstraint(
                fields=["template", "organisation", "opened_on"],
                condition=Q(course_round__isnull=True),
                name="survey_unique_template_per_organisation_year",
            ),
            models.CheckConstraint(
                condition=Q(course_round__isnull=False) | Q(organisation__isnull=False),
                name="survey_has_round_or_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.template} – {self.course_round or self.opened_on.year}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """One person's invitation to one survey; knows whether it was used, never which answer it gave."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("enkät"))
    staff = models.ForeignKey(
        "districts.StaffMember",
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("deltagare"),
    )
    # Copied from the survey so that the database can hold "one invitation per person, round and purpose".
    purpose = models.CharField(_("syfte"), max_length=20, choices=SurveyPurpose.choices, blank=True)
    course_round = models.ForeignKey(
        "courses.CourseRound", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påmind"), null=True, blank=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)

    class Meta:
        ordering = ["survey", "pk"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            models.UniqueConstraint(fields=["survey", "staff"], name="invitation_unique_per_survey_and_staff"),
            models.UniqueConstraint(
                fields=["staff", "course_round", "purpose"],
                condition=Q(purpose=SurveyPurpose.FOLLOW_UP),
                name="invitation_one_follow_up_per_person_and_round",
            ),
            models.UniqueConstraint(
                fields=["staff", "purpose"],
                condition=Q(purpose=SurveyPurpose.INTRODUCTION),
                name="invitation_one_introduction_evaluation_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["answered_at", "reminded_at", "sent_at"], name="invitation_reminder_idx"),
        ]

    def __str__(self):
        return f"{self.survey} – {self.staff}"


class Response(models.Model):
    """One anonymous filled-in questionnaire: no person, no invitation, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("enkät"))

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")

    def __str__(self):
        return str(self.survey)


class Answer(models.Model):
    """The answer to one question (for a per-module question: to one module) in one response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the unique constraint (response, question, module) and the counting index lead with it.
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    module = models.ForeignKey(
        "courses.CourseModule", on_delete=models.PROTECT, related_name="survey_answers", null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)
    yes = models.BooleanField(null=True, blank=True)
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers", through="AnswerChoice")
    other_text = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("svar på fråga")
        verbose_name_plural = _("svar på frågor")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="answer_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=~Q(dont_know=True, rating__isnull=False), name="answer_rating_or_dont_know"
            ),
            models.UniqueConstraint(
                fields=["response", "question", "module"],
                name="answer_unique_per_question_and_module",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            # A survey report counts its responses' answers from the index alone: the templates are shared by every
            # organisation, so without it PostgreSQL read every answer of the database to keep a city's few
            # (the city's ten years of Del 1: ~150 ms to ~20-50 ms on the national seed's 419,000 answers).
            models.Index(
                fields=["response"],
                include=["id", "question", "module", "rating", "dont_know", "yes", "other_text"],
                name="answer_counts_by_response_idx",
            ),
        ]

    def __str__(self):
        return str(self.question)


class AnswerChoice(models.Model):
    """One option picked in an answer; a random key, as an increasing one would tell the order of answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="picks")
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, related_name="picks")

    class Meta:
        verbose_name = _("valt alternativ")
        verbose_name_plural = _("valda alternativ")
        constraints = [models.UniqueConstraint(fields=["answer", "choice"], name="answer_choice_unique")]

    def __str__(self):
        return str(self.choice)


# --- follow-up settings and the question to units that sent nobody --------------------------------


class FollowUpSettings(models.Model):
    """When an organisation's follow-ups go out by themselves; edited by the coordinators."""

    organisation = models.OneToOneField(
        "districts.Organisation", on_delete=models.CASCADE, related_name="follow_up_settings"
    )
    follow_up_after_months = models.PositiveSmallIntegerField(
        _("uppföljning antal månader efter omgången"),
        default=6,
        help_text=_("Uppföljningsenkäten skickas till dem som slutförde omgången så här många månader efter den."),
    )
    ask_non_participating = models.BooleanField(
        _("fråga enheter som inte skickade någon"),
        default=True,
        help_text=_("Efter varje halvår får enheter och stadsdelar som inte skickade någon en kort fråga om varför."),
    )
    history = AuditedHistory()

    class Meta:
        verbose_name = _("inställningar för uppföljning")
        verbose_name_plural = _("inställningar för uppföljning")
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_after_months__gte=1, follow_up_after_months__lte=36),
                name="follow_up_after_1_to_36_months",
            ),
        ]

    def __str__(self):
        return str(self.organisation_id)


class NonParticipationReason(models.TextChoices):
    """Why a unit sent nobody: the reasons the national report's municipalities gave, and the city's own."""

    HIGH_WORKLOAD = "high_workload", _("Hög arbetsbelastning")
    STAFF_SHORTAGE = "staff_shortage", _("Brist på personal eller hög personalomsättning")
    NO_TIME = "no_time", _("Svårt att avsätta tid för utbildningen")
    MANY_NEW = "many_new", _("Många nya i yrket")
    MANAGER_CHANGE = "manager_change", _("Byte av chef")
    OWN_TRAINING = "own_training", _("Egen utbildning i stället")
    DISTANCE = "distance", _("Långa avstånd")
    STAFF_DECLINED = "staff_declined", _("Medarbetarna valde bort utbildningen")
    NO_NEW_HIRES = "no_new_hires", _("Inga nyanställda att skicka")
    OTHER = "other", _("Annat")


class NonParticipationInquiry(models.Model):
    """The question why a unit (or, without a unit, a whole district) sent nobody to a round in a half-year."""

    organisation = models.ForeignKey("districts.Organisation", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, related_name="+", verbose_name=_("stadsdel")
    )
    unit = models.ForeignKey(
        "districts.Unit", on_delete=models.CASCADE, related_name="+", null=True, blank=True, verbose_name=_("enhet")
    )
    period_start = models.DateField(_("periodens början"))
    period_end = models.DateField(_("periodens slut"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "districts.StaffMember", on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    knew_of_programme = models.BooleanField(_("kände till utbildningen"), null=True, blank=True)
    reasons = models.JSONField(_("skäl"), default=list, blank=True)
    other_text = models.CharField(_("annat skäl"), max_length=500, blank=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["-period_start", "district__name", "unit__name"]
        verbose_name = _("fråga om uteblivet deltagande")
        verbose_name_plural = _("frågor om uteblivet deltagande")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "unit", "period_start"],
                name="non_participation_once_per_unit_and_period",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="non_participation_period_order"
            ),
        ]

    def __str__(self):
        return f"{self.unit or self.district} {self.period_start:%Y-%m}"


# --- the answers' tallies, kept by response_submit -----------------------------------------------


class AnswerTally(models.Model):
    """The counts of one survey's answers to one question (for a per-module question: about one module).

    Kept by `surveys.services.response_submit` in the transaction that stores the answers (answers are never
    changed afterwards, and go only with their survey), so a report of ten years of surveys adds up a few rows
    per survey instead of every answer. `surveys.tallies.recount` gives the same from the answers themselves.
    """

    # Found by the survey and question through `answer_tally_by_survey_idx` (the unique keys are partial, so a
    # lookup that does not name the module could not use them).
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey("courses.CourseModule", on_delete=models.CASCADE, related_name="+", null=True)
    rated_1 = models.PositiveIntegerField(default=0)
    rated_2 = models.PositiveIntegerField(default=0)
    rated_3 = models.PositiveIntegerField(default=0)
    rated_4 = models.PositiveIntegerField(default=0)
    rated_5 = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    dont_know = models.PositiveIntegerField(default=0)
    yes = models.PositiveIntegerField(default=0)
    no = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)  # answers with an "other" text
    answers = models.PositiveIntegerField(default=0)  # every answer to the question (and module)

    class Meta:
        # Two partial keys rather than one with NULLS NOT DISTINCT, which SQLite has not: both databases can then add
        # to a row with INSERT ... ON CONFLICT.
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "module"],
                condition=Q(module__isnull=False),
                name="answer_tally_unique_per_module",
            ),
            models.UniqueConstraint(
                fields=["survey", "question"], condition=Q(module__isnull=True), name="answer_tally_unique_whole"
            ),
        ]
        indexes = [models.Index(fields=["survey", "question"], name="answer_tally_by_survey_idx")]

    def __str__(self):
        return f"{self.survey_id}: {self.question_id}/{self.module_id}"


class ChoiceTally(models.Model):
    """How many of one survey's answers picked one option; kept with `AnswerTally`."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    picked = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "choice"], name="choice_tally_unique")]

    def __str__(self):
        return f"{self.survey_id}: {self.choice_id}"


class InvitationTally(models.Model):
    """How many of one survey's invitations went to the staff of one organisation's district (None: to staff without
    a unit), and how many of those were answered.

    The survey reports count invitations by the district their staff member is in now. Kept in the transaction that
    writes the invitations (`services.invitations_create`, `services.response_submit`), and recounted for the
    districts people or units leave and join (districts.signals.staff_districts_changed, inside the move's
    transaction); `surveys.tallies.invitations_recount` counts the same from the invitations, and a test compares.
    A report filtered by area (a unit's, not a district's) counts the invitations themselves.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    organisation = models.ForeignKey("districts.Organisation", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, null=True, related_name="+")
    invited = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Staff without a unit have no district: one row for those too (NULLS NOT DISTINCT). Led by the survey,
            # which is how the reports look rows up.
            models.UniqueConstraint(
                fields=["survey", "organisation", "district"], name="invitation_tally_key", nulls_distinct=False
            ),
        ]

    def __str__(self):
        return f"{self.survey_id}: {self.organisation_id}/{self.district_id}"
