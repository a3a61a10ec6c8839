"""Demo data for the follow-ups: sent follow-ups and introduction evaluations with some answers, and a few
answered questions from units that sent nobody.

Called by surveys.demo.seed. Idempotent: surveys and questions are claimed by their constraints and only
unused invitations and unanswered questions are answered. The demo mails nobody: what it opens counts as
sent before the transaction commits, so the queued mails find it sent and skip it.
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from courses.models import CourseRound, RoundStatus
from districts import clock
from districts.models import Organisation
from surveys import followup, nonparticipation, selectors, services
from surveys.demo import _answers
from surveys.models import Invitation, NonParticipationInquiry, NonParticipationReason, Survey

SEED = 20261201
FOLLOW_UP_ANSWER_SHARE = 0.5
INTRODUCTION_ANSWER_SHARE = 0.6
INQUIRY_ANSWER_SHARE = 0.7
# The national report's reasons, most common first (workload and staff shortage), with the city's own.
REASON_WEIGHTS = {
    NonParticipationReason.HIGH_WORKLOAD: 8,
    NonParticipationReason.STAFF_SHORTAGE: 6,
    NonParticipationReason.NO_TIME: 4,
    NonParticipationReason.NO_NEW_HIRES: 4,
    NonParticipationReason.MANY_NEW: 2,
    NonParticipationReason.MANAGER_CHANGE: 2,
    NonParticipationReason.OWN_TRAINING: 1,
}


def _mark_sent(survey: Survey, day: datetime.date) -> None:
    sent = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    survey.invitations.filter(sent_at__isnull=True).update(sent_at=sent)


def _answer_some(survey: Survey, share: float, *, drawn_by_person: bool = False) -> None:
    questions = selectors.template_with_questions(template=survey.template)
    invitations = Invitation.objects.filter(survey=survey, answered_at__isnull=True).select_related("staff")
    for invitation in invitations.order_by("pk"):
        # The introduction's few invitations are drawn by person (a work email the demo makes the same every
        # time), so every fresh demo shows the same hires answering, whatever ids its database hands out.
        rng = random.Random(f"{SEED}:{invitation.staff.work_email}" if drawn_by_person else SEED + invitation.pk)
        if rng.random() <= share:
            services.response_submit(token=invitation.token, answers=_answers(questions, [], rng))


def seed(*, organisation: Organisation, today: datetime.date) -> None:
    """Follow up the held rounds that ended six months ago or more, evaluate finished introductions, ask why not."""
    months = followup.settings_for(organisation.pk).follow_up_after_months
    due = CourseRound.objects.filter(
        course__organisation=organisation, status=RoundStatus.HELD, ends_on__lte=today - relativedelta(months=months)
    ).select_related("course")
    for course_round in due.order_by("ends_on", "pk"):
        with transaction.atomic():
            survey = followup.follow_up_open(course_round=course_round, today=today)
            if survey is None:
                continue
            _mark_sent(survey, followup.follow_up_day(course_round, months))
        _answer_some(survey, FOLLOW_UP_ANSWER_SHARE)

    # The hires whose second year ended in the last four months were asked to evaluate their introduction.
    staff_ids = []
    for days_ago in range(0, 120, followup.WINDOW_DAYS):
        staff_ids += followup.hires_due_for_introduction_evaluation(
            organisation_id=organisation.pk, today=today - datetime.timedelta(days=days_ago)
        )
    with transaction.atomic():
        survey = followup.introduction_evaluation_open(
            organisation_id=organisation.pk, staff_ids=sorted(set(staff_ids)), today=today
        )
        if survey is not None:
            _mark_sent(survey, today - datetime.timedelta(days=1))
    if survey is not None:
        _answer_some(survey, INTRODUCTION_ANSWER_SHARE, drawn_by_person=True)

    with transaction.atomic():
        inquiry_ids = nonparticipation.inquiries_open(organisation_id=organisation.pk, today=today)
        NonParticipationInquiry.objects.filter(pk__in=inquiry_ids).update(sent_at=clock.now())
    for inquiry in NonParticipationInquiry.objects.filter(organisation=organisation, answered_at__isnull=True):
        rng = random.Random(SEED + inquiry.pk)
        if rng.random() > INQUIRY_ANSWER_SHARE:
            continue
        reasons = sorted(set(rng.choices(list(REASON_WEIGHTS), weights=list(REASON_WEIGHTS.values()), k=2)))
        recipients = nonparticipation.recipients_of(inquiry)
        nonparticipation.inquiry_answer(
            inquiry=inquiry,
            actor=recipients[0].user if recipients and recipients[0].user else None,
            knew_of_programme=rng.random() < 0.9,
            reasons=reasons,
        )
