"""Write survey templates, open surveys for rounds, send invitations and take anonymous answers."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from courses.models import ENROLLED_STATUSES, Nomination
from districts import clock, mail
from surveys import tallies
from surveys.models import (
    Answer,
    AnswerChoice,
    Choice,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyPurpose,
    SurveyTemplate,
)
from surveys.signals import invitation_answered


class AlreadyAnswered(Exception):
    """The invitation has been used; a second answer is refused."""


# --- templates and questions -------------------------------------------------------------------


def survey_template_create(*, organisation_id: int, name: str, purpose: str, **fields) -> SurveyTemplate:
    """Create an organisation's template; making it active retires the previous active one of that purpose."""
    with transaction.atomic():
        template = SurveyTemplate(organisation_id=organisation_id, name=name, purpose=purpose, **fields)
        if template.is_active:
            _retire_active(template)
        template.full_clean()
        template.save()
    return template


def survey_template_update(*, template: SurveyTemplate, **fields) -> SurveyTemplate:
    """Change a template's name, texts, reminder delay or active flag."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(template, name, value)
        if template.is_active:
            _retire_active(template)
        template.full_clean()
        template.save()
    return template


def _retire_active(template: SurveyTemplate) -> None:
    SurveyTemplate.objects.filter(
        organisation_id=template.organisation_id, purpose=template.purpose, is_active=True
    ).exclude(pk=template.pk).update(is_active=False)


def survey_template_copy(*, template: SurveyTemplate, organisation_id: int) -> SurveyTemplate:
    """Copy a (shared) template with its questions into an organisation, inactive until the coordinator chooses."""
    with transaction.atomic():
        copy = SurveyTemplate.objects.create(
            organisation_id=organisation_id,
            name=_("%(name)s (kopia)") % {"name": template.name},
            purpose=template.purpose,
            introduction=template.introduction,
            reminder_after_days=template.reminder_after_days,
            is_active=False,
        )
        for question in template.questions.prefetch_related("choices"):
            choices = list(question.choices.all())
            question.pk = None
            question.template = copy
            question.save()
            Choice.objects.bulk_create(
                [Choice(question=question, order=choice.order, label=choice.label) for choice in choices]
            )
    return copy


def question_save(
    *, template: SurveyTemplate, question: Question | None = None, choice_labels: list[str] | None = None, **fields
) -> Question:
    """Create or change a question; a multiple-choice question needs at least two options."""
    question = question or Question(template=template)
    for name, value in fields.items():
        setattr(question, name, value)
    if question.kind != QuestionKind.RATING:
        question.allow_dont_know = False
        question.per_module = False
    if question.kind != QuestionKind.MULTIPLE_CHOICE:
        question.allow_other = False
    labels = [label.strip() for label in (choice_labels or []) if label.strip()]
    if question.kind == QuestionKind.MULTIPLE_CHOICE and len(labels) < 2:
        raise ValidationError({"choice_labels": _("Ange minst två svarsalternativ, ett per rad.")})
    longest = Choice._meta.get_field("label").max_length
    if any(len(label) > longest for label in labels):
        raise ValidationError(
            {"choice_labels": _("Ett svarsalternativ får vara högst %(count)s tecken.") % {"count": longest}}
        )
    if len(set(labels)) != len(labels):
        raise ValidationError({"choice_labels": _("Samma svarsalternativ står två gånger.")})
    with transaction.atomic():
        if question.pk is None and not fields.get("order"):
            question.order = (template.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        question.full_clean()
        question.save()
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            _replace_choices(question, labels)
        else:
            question.choices.filter(answers__isnull=True).delete()
    return question


def _replace_choices(question: Question, labels: list[str]) -> None:
    existing = {choice.label: choice for choice in question.choices.all()}
    removed = [choice for label, choice in existing.items() if label not in labels]
    if any(choice.answers.exists() for choice in removed):
        raise ValidationError({"choice_labels": _("Ett alternativ som redan har svar kan inte tas bort.")})
    for choice in removed:
        choice.delete()
    for order, label in enumerate(labels, start=1):
        choice = existing.get(label) or Choice(question=question, label=label)
        choice.order = order
        choice.save()


def question_delete(*, question: Question) -> None:
    """Delete a question nobody has answered yet."""
    if question.answers.exists():
        raise ValidationError(_("Frågan har redan svar och kan inte tas bort. Ändra texten i stället."))
    question.delete()


# --- surveys and invitations --------------------------------------------------------------------


def survey_open(*, course_round, template: SurveyTemplate) -> Survey:
    """Open the template for the round and invite each participant once; safe to call twice.

    Participants are everyone who held a seat (anmälda), also those who later dropped out, as the
    second report sends its survey to all enrolled. Refuses a template of another organisation and
    one without questions (participants would get an empty form they can answer only once).
    """
    organisation_id = course_round.course.organisation_id
    if template.organisation_id not in (None, organisation_id):
        raise ValidationError({"template": _("Enkäten hör till en annan organisation.")})
    if not template.questions.exists():
        raise ValidationError({"template": _("Enkäten har inga frågor än. Lägg till frågor innan den skickas.")})
    with transaction.atomic():
        survey, _created = Survey.objects.get_or_create(
            template=template,
            course_round=course_round,
            defaults={"opened_on": clock.today(), "organisation_id": organisation_id},
        )
        staff_ids = (
            Nomination.objects.filter(course_round=course_round, status__in=ENROLLED_STATUSES)
            .values_list("staff_id", flat=True)
            .order_by("staff_id")
            .distinct()
        )
        invitations_create(survey=survey, staff_ids=list(staff_ids))
    return survey


@transaction.atomic
def invitations_create(*, survey: Survey, staff_ids: list[int]) -> list[int]:
    """Invite the people to the survey and queue their mails on commit; return the invitations not yet sent.

    Someone already invited for the purpose and round (the constraint on Invitation) is skipped, not invited twice.
    The survey's invitation tally is recounted in the same transaction.
    """
    purpose = survey.template.purpose
    Invitation.objects.bulk_create(
        [
            Invitation(survey=survey, staff_id=staff_id, purpose=purpose, course_round_id=survey.course_round_id)
            for staff_id in staff_ids
        ],
        ignore_conflicts=True,
    )
    # Recounted, not added to: the invitations skipped above are not told apart from those written.
    tallies.invitations_rebuild(survey_ids=[survey.pk])
    unsent = list(survey.invitations.filter(sent_at__isnull=True).values_list("pk", flat=True))
    transaction.on_commit(lambda: _queue_invitations(unsent))
    return unsent


def _queue_invitations(invitation_ids: list[int]) -> None:
    from surveys.tasks import send_invitation

    for invitation_id in invitation_ids:
        send_invitation.delay(invitation_id)


def answer_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("surveys:answer", kwargs={"token": invitation.token})


MAIL_TEMPLATES = {
    SurveyPurpose.FOLLOW_UP: "surveys/email/follow_up",
    SurveyPurpose.INTRODUCTION: "surveys/email/introduction",
}


def _mail(invitation: Invitation, *, reminder: bool) -> None:
    context = {"invitation": invitation, "url": answer_url(invitation), "reminder": reminder}
    template = MAIL_TEMPLATES.get(invitation.purpose, "surveys/email/invitation")
    mail.send(template, context, [invitation.staff])


def invitation_send(*, invitation_id: int) -> bool:
    """Email the invitation unless it was sent already; return whether a mail went out."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("staff", "survey__template", "survey__course_round__course")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None:
            return False
        _mail(invitation, reminder=False)
        invitation.sent_at = clock.now()
        invitation.save(update_fields=["sent_at"])
    return True


def invitation_remind(*, invitation_id: int) -> bool:
    """Email one reminder for an unanswered invitation; never twice, never after an answer."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("staff", "survey__template", "survey__course_round__course")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.answered_at or invitation.reminded_at or not invitation.sent_at:
            return False
        _mail(invitation, reminder=True)
        invitation.reminded_at = clock.now()
        invitation.save(update_fields=["reminded_at"])
    return True


# --- answers ------------------------------------------------------------------------------------


@dataclass
class AnswerInput:
    """One answer as the form cleaned it; `module_id` is set for per-module questions."""

    question_id: int
    module_id: int | None = None
    rating: int | None = None
    dont_know: bool = False
    yes: bool | None = None
    choice_ids: list[int] = field(default_factory=list)
    other_text: str = ""
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            self.rating is None
            and not self.dont_know
            and self.yes is None
            and not self.choice_ids
            and not self.other_text
            and not self.text
        )


def response_submit(*, token: str, answers: list[AnswerInput]) -> Response:
    """Store an anonymous response and mark the invitation used, in one transaction.

    The invitation row is locked first, so of two submits at once the second waits and is then
    refused with AlreadyAnswered. Nothing stored with the response points back to the invitation.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token=token).first()
        if invitation is None:
            raise Invitation.DoesNotExist
        if invitation.answered_at is not None:
            raise AlreadyAnswered
        response = Response.objects.create(survey_id=invitation.survey_id)
        stored = []
        for item in answers:
            if item.is_empty:
                continue
            answer = Answer(
                response=response,
                question_id=item.question_id,
                module_id=item.module_id,
                rating=item.rating,
                dont_know=item.dont_know,
                yes=item.yes,
                other_text=item.other_text,
                text=item.text,
            )
            stored.append((answer, item.choice_ids))
        try:
            Answer.objects.bulk_create([answer for answer, _choices in stored])
        except IntegrityError as error:
            raise ValidationError(_("Svaret kunde inte sparas. Kontrollera svaren och försök igen.")) from error
        AnswerChoice.objects.bulk_create(
            [
                AnswerChoice(answer_id=answer.pk, choice_id=choice_id)
                for answer, choice_ids in stored
                for choice_id in choice_ids
            ]
        )
        tallies.add(
            survey_id=invitation.survey_id,
            answers=[answer for answer, _choices in stored],
            picks=[choice_id for _answer, choice_ids in stored for choice_id in choice_ids],
        )
        invitation.answered_at = clock.now()
        invitation.save(update_fields=["answered_at"])
        tallies.invitation_answered_add(invitation=invitation)
        staff_id, purpose = invitation.staff_id, invitation.purpose
        transaction.on_commit(lambda: invitation_answered.send(sender=Invitation, staff_id=staff_id, purpose=purpose))
    return response


def invitation_tally_recount(*, organisation_id: int, district_ids) -> None:
    """Recount the invitations' tally of the districts people or units moved between (None: no unit), in the move's
    transaction."""
    tallies.invitations_rebuild(organisation_id=organisation_id, district_ids=district_ids)
