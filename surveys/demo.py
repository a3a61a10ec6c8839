"""Demo data: evaluations of the past held rounds, about two thirds answered, so the reports look alive.

Runs after courses.demo, then seeds the follow-ups (surveys.followup_demo). Idempotent: a survey is opened
once per round (a constraint), and answers are only made for invitations not yet used.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from courses.models import CourseRound, RoundStatus
from districts.models import Organisation
from surveys import selectors, services
from surveys.models import Invitation, QuestionKind
from surveys.services import AnswerInput

SEED = 20261124
ANSWER_SHARE = 0.68
BEST = [
    "Dialoggrupperna med kollegor från andra stadsdelar.",
    "Konkreta exempel från myndighetsutövningen.",
    "Bra föreläsare som kunde svara på frågor.",
    "Att få träffa andra nyanställda.",
    "Genomgången av dokumentation och journalföring.",
]
CHANGE = [
    "Mer tid för diskussion i grupperna.",
    "Kortare dagar, det blev mycket på en gång.",
    "Skicka ut materialet innan kursen.",
    "Fler övningar i samtal med barn.",
]


def seed(*, organisation: Organisation, today: datetime.date) -> None:
    """Open the evaluation for each held round and let about two thirds of the participants answer."""
    template = selectors.active_template_for(organisation_id=organisation.pk)
    if template is None:
        return
    questions = selectors.template_with_questions(template=template)
    held = CourseRound.objects.filter(
        course__organisation=organisation, status=RoundStatus.HELD, ends_on__lt=today
    ).select_related("course")
    for course_round in held:
        with transaction.atomic():
            survey = services.survey_open(course_round=course_round, template=template)
            # The demo does not mail its made-up people: the invitations count as sent on the day after the round.
            sent = timezone.make_aware(
                datetime.datetime.combine(course_round.ends_on + datetime.timedelta(days=1), datetime.time(9))
            )
            survey.invitations.filter(sent_at__isnull=True).update(sent_at=sent)
        modules = list(course_round.course.modules.order_by("order", "pk"))
        invitations = Invitation.objects.filter(survey=survey, answered_at__isnull=True).select_related("staff")
        for invitation in invitations.order_by("pk"):
            # Drawn by person and round (a work email the demo makes the same every time), not by the invitation's
            # id: the same people stay silent in every fresh demo, whatever ids its database hands out (by id, the
            # region's answer rates, and so the demo tests, changed with the tests that ran before in the process).
            rng = random.Random(f"{SEED}:{invitation.staff.work_email}:{course_round.starts_on}")
            if rng.random() > ANSWER_SHARE:
                continue
            services.response_submit(token=invitation.token, answers=_answers(questions, modules, rng))
    from surveys import followup_demo  # it reuses this module's answers

    followup_demo.seed(organisation=organisation, today=today)


def _rating(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 6, 12, 9])[0]


def _answers(questions, modules, rng: random.Random) -> list[AnswerInput]:
    answers, free_texts = [], iter([BEST, CHANGE])
    for question in questions:
        if question.kind == QuestionKind.RATING and question.per_module:
            for module in modules:
                if rng.random() < 0.1:
                    answers.append(AnswerInput(question_id=question.pk, module_id=module.pk, dont_know=True))
                else:
                    answers.append(AnswerInput(question_id=question.pk, module_id=module.pk, rating=_rating(rng)))
        elif question.kind == QuestionKind.RATING:
            answers.append(AnswerInput(question_id=question.pk, rating=_rating(rng)))
        elif question.kind == QuestionKind.YES_NO:
            answers.append(AnswerInput(question_id=question.pk, yes=rng.random() < 0.85))
        elif question.kind == QuestionKind.MULTIPLE_CHOICE:
            picked = rng.sample(list(question.choices.all()), k=rng.choice([0, 1, 1, 2]))
            answers.append(AnswerInput(question_id=question.pk, choice_ids=[choice.pk for choice in picked]))
        else:
            pool = next(free_texts, CHANGE)
            if rng.random() < 0.3:
                answers.append(AnswerInput(question_id=question.pk, text=rng.choice(pool)))
    return answers
