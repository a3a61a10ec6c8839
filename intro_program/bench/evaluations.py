"""The evaluation of every held round: about two thirds of the enrolled answer, anonymously."""

import datetime
import random
import uuid
from collections import Counter

from django.utils import timezone

from courses.models import ENROLLED_STATUSES, Course, Nomination, RoundStatus
from intro_program.bench.copying import copy_create, copy_rows
from intro_program.bench.seeding import aware
from surveys import selectors as survey_selectors
from surveys import tallies
from surveys.models import (
    Answer,
    AnswerChoice,
    AnswerTally,
    ChoiceTally,
    Invitation,
    QuestionKind,
    Response,
    Survey,
    new_token,
)

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
    # Plain rows, not model instances: hundreds of thousands of answers at national scale. Keys and
    # defaults as the models would give them (random UUIDs, a token, created_at now).
    created = timezone.now()
    invitations, responses, answers, picks = [], [], [], []
    for round_id, enrolled in by_round.items():
        survey = surveys[round_id]
        sent = aware(survey.opened_on, 9)
        modules = modules_by_course[enrolled[0].course_round.course_id]
        for nomination in enrolled:
            answered = rng.random() < ANSWER_SHARE
            reminded = sent + datetime.timedelta(days=template.reminder_after_days) if rng.random() < 0.5 else None
            answered_at = (
                sent + datetime.timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 8)) if answered else None
            )
            invitations.append((survey.pk, nomination.staff_id, new_token(), created, sent, reminded, answered_at, ""))
            if answered:
                response = uuid.uuid4()
                responses.append((response, survey.pk))
                _answers_for(response, questions, modules, rng, answers, picks)
    copy_rows(
        Invitation,
        ["survey_id", "staff_id", "token", "created_at", "sent_at", "reminded_at", "answered_at", "purpose"],
        invitations,
    )
    # The invitations' tally, as surveys.services.invitations_create keeps it.
    tallies.invitations_rebuild(survey_ids=[survey.pk for survey in surveys.values()])
    rng.shuffle(responses)  # random keys anyway; no order to give away
    copy_rows(Response, ["id", "survey_id"], responses)
    copy_rows(
        Answer,
        ["id", "response_id", "question_id", "module_id", "dont_know", "rating", "yes", "other_text", "text"],
        answers,
    )
    copy_rows(AnswerChoice, ["id", "answer_id", "choice_id"], picks)
    _copy_tallies(responses, answers, picks)
    return {
        "surveys": len(surveys),
        "invitations": len(invitations),
        "responses": len(responses),
        "answers": len(answers),
    }


def _copy_tallies(responses: list, answers: list, picks: list) -> None:
    """Write the surveys' tallies of the rows just copied, as `surveys.services.response_submit` keeps them."""
    survey_of = dict(responses)
    counted: dict[tuple, list[int]] = {}
    survey_of_answer = {}
    for answer, response, question_id, module_id, dont_know, rating, yes, other_text, _text in answers:
        key = (survey_of[response], question_id, module_id)
        counts = tallies.answer_counts(rating=rating, dont_know=dont_know, yes=yes, other_text=other_text)
        counted[key] = [a + b for a, b in zip(counted.get(key, [0] * len(counts)), counts, strict=True)]
        survey_of_answer[answer] = survey_of[response]
    picked = Counter((survey_of_answer[answer], choice_id) for _pick, answer, choice_id in picks)
    copy_rows(
        AnswerTally,
        ["survey_id", "question_id", "module_id", *tallies.COUNTS],
        [(*key, *counts) for key, counts in counted.items()],
    )
    copy_rows(ChoiceTally, ["survey_id", "choice_id", "picked"], [(*key, n) for key, n in picked.items()])


def _answers_for(response, questions, modules, rng, answers: list, picks: list) -> None:
    """Append one response's answer rows (id, response, question, module, dont_know, rating, yes, other, text)."""
    for question in questions:
        if question.kind == QuestionKind.RATING and question.per_module:
            if rng.random() < 0.5:
                for module_id in modules:
                    dont_know = rng.random() < 0.1
                    rating = None if dont_know else _rating(rng)
                    answers.append((uuid.uuid4(), response, question.pk, module_id, dont_know, rating, None, "", ""))
        elif question.kind == QuestionKind.RATING:
            answers.append((uuid.uuid4(), response, question.pk, None, False, _rating(rng), None, "", ""))
        elif question.kind == QuestionKind.YES_NO:
            answers.append((uuid.uuid4(), response, question.pk, None, False, None, rng.random() < 0.85, "", ""))
        elif question.kind == QuestionKind.MULTIPLE_CHOICE:
            answer = uuid.uuid4()
            answers.append((answer, response, question.pk, None, False, None, None, "", ""))
            choices = list(question.choices.all())
            picks += [(uuid.uuid4(), answer, choice.pk) for choice in rng.sample(choices, k=rng.choice([0, 1, 1, 2]))]
        elif rng.random() < 0.25:
            answers.append(
                (uuid.uuid4(), response, question.pk, None, False, None, None, "", "Dialoggrupperna var det bästa.")
            )


def _rating(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 6, 12, 9])[0]
