"""The evaluation of every held round: about two thirds of the enrolled answer, anonymously."""

import datetime
import random

from courses.models import ENROLLED_STATUSES, Course, Nomination, RoundStatus
from intro_program.bench.copying import copy_create
from intro_program.bench.seeding import aware
from surveys import selectors as survey_selectors
from surveys.models import Answer, AnswerChoice, Invitation, QuestionKind, Response, Survey

ANSWER_SHARE = 0.65


def seed_surveys(*, organisation, nominations, rng) -> dict[str, int]:
    """Open the evaluation of every held round; about two thirds of the enrolled answer, anonymously."""
    template = survey_selectors.active_template_for(organisation_id=organisation.pk)
    if template is None:
        return {}
    questions = list(survey_selectors.template_with_questions(template=template))
    by_round: dict[int, list[Nomination]] = {}
    for nomination in nominations:
        if nomination.course_round.status == RoundStatus.HELD and nomination.status in ENROLLED_STATUSES:
            by_round.setdefault(nomination.course_round_id, []).append(nomination)
    surveys = {
        round_id: Survey(
            template=template,
            course_round_id=round_id,
            opened_on=enrolled[0].course_round.ends_on + datetime.timedelta(days=1),
        )
        for round_id, enrolled in by_round.items()
    }
    copy_create(Survey, surveys.values())
    modules_by_course = {
        course.pk: list(course.modules.order_by("order", "pk").values_list("pk", flat=True))
        for course in Course.objects.filter(organisation=organisation)
    }
    invitations, responses, answers, picks = [], [], [], []
    for round_id, enrolled in by_round.items():
        survey = surveys[round_id]
        sent = aware(survey.opened_on, 9)
        modules = modules_by_course[enrolled[0].course_round.course_id]
        for nomination in enrolled:
            answered = rng.random() < ANSWER_SHARE
            reminded = sent + datetime.timedelta(days=template.reminder_after_days) if rng.random() < 0.5 else None
            invitations.append(
                Invitation(
                    survey=survey,
                    staff_id=nomination.staff_id,
                    sent_at=sent,
                    reminded_at=reminded,
                    answered_at=sent + datetime.timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 8))
                    if answered
                    else None,
                )
            )
            if answered:
                response = Response(survey=survey)
                responses.append(response)
                _answers_for(response, questions, modules, rng, answers, picks)
    copy_create(Invitation, invitations)
    rng.shuffle(responses)  # random keys anyway; no order to give away
    copy_create(Response, responses)
    copy_create(Answer, answers)
    copy_create(AnswerChoice, picks)
    return {
        "surveys": len(surveys),
        "invitations": len(invitations),
        "responses": len(responses),
        "answers": len(answers),
    }


def _answers_for(response, questions, modules, rng, answers: list, picks: list) -> None:
    for question in questions:
        if question.kind == QuestionKind.RATING and question.per_module:
            if rng.random() < 0.5:
                for module_id in modules:
                    dont_know = rng.random() < 0.1
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            module_id=module_id,
                            dont_know=dont_know,
                            rating=None if dont_know else _rating(rng),
                        )
                    )
        elif question.kind == QuestionKind.RATING:
            answers.append(Answer(response=response, question=question, rating=_rating(rng)))
        elif question.kind == QuestionKind.YES_NO:
            answers.append(Answer(response=response, question=question, yes=rng.random() < 0.85))
        elif question.kind == QuestionKind.MULTIPLE_CHOICE:
            answer = Answer(response=response, question=question)
            answers.append(answer)
            choices = list(question.choices.all())
            picks += [
                AnswerChoice(answer=answer, choice=choice) for choice in rng.sample(choices, k=rng.choice([0, 1, 1, 2]))
            ]
        elif rng.random() < 0.25:
            answers.append(Answer(response=response, question=question, text="Dialoggrupperna var det bästa."))


def _rating(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 6, 12, 9])[0]
