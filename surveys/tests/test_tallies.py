"""The tallies of answers and invitations are kept by the services and always equal a recount from the rows."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from districts.tests.factories import OrganisationFactory
from surveys import services, tallies
from surveys.models import AnswerTally, ChoiceTally, InvitationTally, QuestionKind
from surveys.services import AnswerInput
from surveys.tests.factories import opened_survey

pytestmark = pytest.mark.django_db


def _questions(survey):
    questions = {q.order: q for q in survey.template.questions.all()}
    per_module = next(q for q in questions.values() if q.per_module)
    choice_question = next(q for q in questions.values() if q.kind == QuestionKind.MULTIPLE_CHOICE)
    yes_no = next(q for q in questions.values() if q.kind == QuestionKind.YES_NO)
    free = next(q for q in questions.values() if q.kind == QuestionKind.FREE_TEXT)
    return questions[1], per_module, yes_no, choice_question, free


def _submit(survey, index, answers):
    invitation = survey.invitations.order_by("pk")[index]
    services.response_submit(token=invitation.token, answers=answers)


def _agrees(survey_ids=None):
    assert tallies.stored(survey_ids) == tallies.recount(survey_ids)


def test_each_kind_of_answer_is_tallied_as_a_recount_counts_it():
    survey = opened_survey(OrganisationFactory(), people=4)
    overall, per_module, yes_no, choice_question, free = _questions(survey)
    module = survey.course_round.course.modules.order_by("order").first()
    choices = list(choice_question.choices.order_by("order"))

    _submit(survey, 0, [AnswerInput(overall.pk, rating=4)])
    _agrees()
    assert AnswerTally.objects.get(survey=survey, question=overall).rated_4 == 1

    _submit(
        survey,
        1,
        [
            AnswerInput(overall.pk, rating=2),
            AnswerInput(per_module.pk, module_id=module.pk, dont_know=True),
            AnswerInput(yes_no.pk, yes=False),
            AnswerInput(choice_question.pk, choice_ids=[choices[0].pk, choices[2].pk], other_text="Annat svar"),
            AnswerInput(free.pk, text="Bra"),
        ],
    )
    _agrees()
    _submit(
        survey,
        2,
        [
            AnswerInput(per_module.pk, module_id=module.pk, rating=5),
            AnswerInput(yes_no.pk, yes=True),
            AnswerInput(choice_question.pk, choice_ids=[choices[0].pk]),
        ],
    )
    _agrees()

    whole = AnswerTally.objects.get(survey=survey, question=overall, module=None)
    assert (whole.rated_2, whole.rated_4, whole.rating_sum, whole.answers) == (1, 1, 6, 2)
    about_module = AnswerTally.objects.get(survey=survey, question=per_module, module=module)
    assert (about_module.dont_know, about_module.rated_5, about_module.rating_sum, about_module.answers) == (1, 1, 5, 2)
    asked = AnswerTally.objects.get(survey=survey, question=yes_no)
    assert (asked.yes, asked.no, asked.answers) == (1, 1, 2)
    picked = AnswerTally.objects.get(survey=survey, question=choice_question)
    assert (picked.answers, picked.other) == (2, 1)
    assert dict(ChoiceTally.objects.filter(survey=survey).values_list("choice_id", "picked")) == {
        choices[0].pk: 2,
        choices[2].pk: 1,
    }


def test_tallies_are_per_survey_and_a_refused_response_adds_nothing():
    organisation = OrganisationFactory()
    first, second = opened_survey(organisation), opened_survey(organisation)
    overall = _questions(first)[0]
    _submit(first, 0, [AnswerInput(overall.pk, rating=3)])
    _submit(second, 0, [AnswerInput(overall.pk, rating=5)])
    with pytest.raises(services.AlreadyAnswered):
        _submit(first, 0, [AnswerInput(overall.pk, rating=1)])
    with pytest.raises(ValidationError):  # a rating the database refuses: the whole response is refused
        _submit(first, 1, [AnswerInput(overall.pk, rating=1), AnswerInput(_questions(first)[2].pk, rating=7)])
    _agrees([first.pk])
    _agrees([second.pk])
    assert AnswerTally.objects.get(survey=first, question=overall).rated_3 == 1
    assert AnswerTally.objects.get(survey=first, question=overall).answers == 1
    assert AnswerTally.objects.get(survey=second, question=overall).rated_5 == 1


def test_rebuild_and_the_migrations_fill_give_the_recount():
    survey = opened_survey(OrganisationFactory())
    overall, per_module, yes_no, choice_question, _free = _questions(survey)
    choice = choice_question.choices.first()
    _submit(survey, 0, [AnswerInput(overall.pk, rating=4), AnswerInput(choice_question.pk, choice_ids=[choice.pk])])
    _submit(survey, 1, [AnswerInput(yes_no.pk, yes=True), AnswerInput(overall.pk, dont_know=False, rating=1)])
    expected = tallies.stored()
    assert expected == tallies.recount() and expected[0] and expected[1]

    AnswerTally.objects.all().delete()
    ChoiceTally.objects.all().delete()
    tallies.rebuild()
    assert tallies.stored() == expected

    migration = importlib.import_module("surveys.migrations.0009_answer_and_choice_tallies")
    AnswerTally.objects.all().delete()
    ChoiceTally.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_ANSWER_TALLIES)
        cursor.execute(migration.FILL_CHOICE_TALLIES)
    assert tallies.stored() == expected


def test_a_response_adds_at_most_three_statements_whatever_its_size():
    survey = opened_survey(OrganisationFactory(), people=2)
    overall, per_module, yes_no, choice_question, free = _questions(survey)
    modules = list(survey.course_round.course.modules.all())
    small = [AnswerInput(overall.pk, rating=4)]
    large = [
        AnswerInput(overall.pk, rating=4),
        *[AnswerInput(per_module.pk, module_id=module.pk, rating=3) for module in modules],
        AnswerInput(yes_no.pk, yes=True),
        AnswerInput(choice_question.pk, choice_ids=[c.pk for c in choice_question.choices.all()[:2]]),
        AnswerInput(free.pk, text="Bra"),
    ]
    assert len(modules) > 1
    invitations = list(survey.invitations.order_by("pk"))
    counts = []
    for invitation, answers in ((invitations[0], small), (invitations[1], large)):
        counter = _Counter()
        with connection.execute_wrapper(counter):
            services.response_submit(token=invitation.token, answers=answers)
        counts.append(counter.count)
    # The larger one adds its picks, their tally and its per-module tallies: one statement each, not one per answer.
    assert counts[1] == counts[0] + 3
    _agrees()


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


# --- the invitations' tally ----------------------------------------------------------------------


def _invitations_agree():
    kept = tallies.invitations_stored()
    assert kept == tallies.invitations_recount()
    return kept


def _staff_arguments(staff, **overrides):
    names = ("first_name", "last_name", "work_email", "unit", "employment_start", "employment_end")
    names += ("employment_type", "competence_level", "introduction_profile", "gender", "supervisor", "mentor")
    return {**{name: getattr(staff, name) for name in names}, **overrides}


def test_the_invitations_tally_is_kept_by_invitations_answers_and_moves_between_districts(world):
    from districts import services as district_services
    from districts.models import StaffMember, Unit
    from districts.tests.factories import DistrictFactory, StaffMemberFactory

    organisation = world.organisation
    own, other = world.own_unit, world.other_unit
    mover, stayer = (StaffMemberFactory(organisation=organisation, unit=own) for _ in range(2))
    elsewhere = StaffMemberFactory(organisation=organisation, unit=other)
    unitless = StaffMemberFactory(organisation=organisation, unit=None)
    survey = opened_survey(organisation, participants=[mover, stayer, elsewhere, unitless])
    key = survey.pk, organisation.pk
    assert _invitations_agree() == {
        (*key, own.district_id): (2, 0),
        (*key, other.district_id): (1, 0),
        (*key, None): (1, 0),
    }

    # Invited again with one more: the three already invited are skipped, and not counted twice.
    late = StaffMemberFactory(organisation=organisation, unit=own)
    services.invitations_create(survey=survey, staff_ids=[mover.pk, stayer.pk, elsewhere.pk, late.pk])
    assert _invitations_agree()[(*key, own.district_id)] == (3, 0)

    for person in (mover, unitless):
        invitation = survey.invitations.get(staff=person)
        services.response_submit(token=invitation.token, answers=[AnswerInput(_questions(survey)[0].pk, rating=4)])
    assert _invitations_agree()[(*key, own.district_id)] == (3, 1)
    assert _invitations_agree()[(*key, None)] == (1, 1)

    # Moved on their page, the answered invitation goes along to the other district's row.
    mover.refresh_from_db()
    district_services.staff_update(staff=mover, actor=None, **_staff_arguments(mover, unit=other))
    assert _invitations_agree()[(*key, other.district_id)] == (2, 1)
    # In bulk (districts.moves tells of it), out of every unit and back.
    StaffMember.objects.filter(pk=stayer.pk).update(unit=None)
    assert _invitations_agree()[(*key, None)] == (2, 1)
    StaffMember.objects.filter(pk=stayer.pk).update(unit=own)
    # A unit moved to another district takes its people's invitations along.
    centrum = DistrictFactory(organisation=organisation, name="Centrum")
    Unit.objects.filter(pk=own.pk).update(district=centrum)
    assert _invitations_agree()[(*key, centrum.pk)] == (2, 0)
    assert (*key, own.district_id) not in _invitations_agree()


def test_the_migrations_fill_of_the_invitations_tally_gives_the_recount():
    survey = opened_survey(OrganisationFactory(), people=3)
    _submit(survey, 0, [AnswerInput(_questions(survey)[0].pk, rating=4)])
    expected = _invitations_agree()
    assert sum(invited for invited, _answered in expected.values()) == 3

    migration = importlib.import_module("surveys.migrations.0011_invitation_tally")
    InvitationTally.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_INVITATION_TALLIES)
    assert tallies.invitations_stored() == expected
