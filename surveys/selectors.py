"""Read survey templates, surveys and invitations, scoped through the access module."""

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet

from districts import access, clock
from surveys.models import Choice, Invitation, Question, SurveyPurpose, SurveyTemplate


def visible_templates(*, user) -> QuerySet[SurveyTemplate]:
    """Return the shared default templates and those of the user's organisation."""
    scope = access.scope_for(user)
    templates = SurveyTemplate.objects.annotate(question_count=Count("questions"))
    if scope.is_superuser:
        return templates
    return templates.filter(Q(organisation__isnull=True) | Q(organisation_id=scope.organisation_id))


def editable_templates(*, user) -> QuerySet[SurveyTemplate]:
    """Return the templates the user may change: their own organisation's (shared defaults are copied first)."""
    scope = access.scope_for(user)
    if not access.has_capability(user, access.Capability.MANAGE_PROGRAMME):
        return SurveyTemplate.objects.none()
    if scope.is_superuser:
        return SurveyTemplate.objects.all()
    return SurveyTemplate.objects.filter(organisation_id=scope.organisation_id)


def templates_for_list(*, user) -> QuerySet[SurveyTemplate]:
    """Return the visible templates with their organisation, by purpose and name."""
    return visible_templates(user=user).select_related("organisation").order_by("purpose", "name")


def template_is_editable(*, user, template: SurveyTemplate) -> bool:
    """Return whether the user may change this template (see editable_templates)."""
    return editable_templates(user=user).filter(pk=template.pk).exists()


def invitation_count(*, survey) -> int:
    """Return how many were invited to answer the survey."""
    return survey.invitations.count()


def modules_to_answer(*, survey, questions: list[Question]) -> list:
    """Return the course's modules a participant answers per-module questions for (none without such a question)."""
    if not survey.course_round_id or not any(question.per_module for question in questions):
        return []  # a survey without a round (the introduction's evaluation) has no modules
    return list(survey.course_round.course.modules.order_by("pk"))


def editable_questions(*, user) -> QuerySet[Question]:
    return Question.objects.filter(template__in=editable_templates(user=user)).select_related("template")


def template_with_questions(*, template: SurveyTemplate) -> list[Question]:
    """Return the template's questions in order, each with its choices loaded."""
    return list(
        template.questions.prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("order", "pk")))
    )


def active_template_for(*, organisation_id: int, purpose: str = SurveyPurpose.EVALUATION) -> SurveyTemplate | None:
    """Return the organisation's active template for the purpose, else the shared default."""
    candidates = SurveyTemplate.objects.filter(
        Q(organisation_id=organisation_id) | Q(organisation__isnull=True), purpose=purpose, is_active=True
    ).order_by(F("organisation_id").asc(nulls_last=True))  # the organisation's own before the shared one
    return candidates.first()


def invitation_for_token(*, token: str) -> Invitation | None:
    """Return the invitation a link carries, with what the answer page shows."""
    return (
        Invitation.objects.select_related("survey__template", "survey__course_round__course", "staff")
        .filter(token=token)
        .first()
    )


def invitations_due_for_reminder(*, now: datetime.datetime | None = None) -> QuerySet[Invitation]:
    """Return sent, unanswered, unreminded invitations whose template's reminder delay has passed."""
    now = now or clock.now()
    delays = (
        SurveyTemplate.objects.filter(reminder_after_days__gt=0)
        .values_list("reminder_after_days", flat=True)
        .distinct()
    )
    due = Q(pk__in=[])
    for days in delays:  # a handful of distinct delays, so the condition stays small
        due |= Q(survey__template__reminder_after_days=days, sent_at__lte=now - datetime.timedelta(days=days))
    return Invitation.objects.filter(due, answered_at__isnull=True, reminded_at__isnull=True, sent_at__isnull=False)


def open_invitations_for_staff(*, staff_id: int) -> QuerySet[Invitation]:
    """Return the person's unanswered invitations, for their dashboard."""
    return (
        Invitation.objects.filter(staff_id=staff_id, answered_at__isnull=True)
        .select_related("survey__template", "survey__course_round__course")
        .order_by("-survey__opened_on")
    )


def held_rounds(*, user):
    """Return the held rounds of the user's organisation, newest first, for sending a survey."""
    from courses.models import CourseRound, RoundStatus

    return (
        access.restrict_by_organisation(user, CourseRound.objects.all(), "course__organisation")
        .filter(status=RoundStatus.HELD)
        .select_related("course")
        .order_by("-starts_on", "-pk")
    )
