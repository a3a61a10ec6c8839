import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from courses.models import RoundStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import OrganisationFactory
from surveys import selectors
from surveys.models import Invitation, Question, SurveyPurpose, SurveyTemplate
from surveys.tests.factories import default_evaluation, default_template, held_del1_round, opened_survey

pytestmark = pytest.mark.django_db


def _own_template(organisation, **fields) -> SurveyTemplate:
    fields = {"name": "Egen utvärdering", "purpose": SurveyPurpose.EVALUATION, **fields}
    return SurveyTemplate.objects.create(organisation=organisation, **fields)


def test_everyone_sees_the_shared_defaults_and_their_own_organisations_templates(world):
    shared = default_evaluation()
    own = _own_template(world.organisation)
    foreign = _own_template(OrganisationFactory(), name="Annans")
    visible = set(selectors.visible_templates(user=world.user(Role.ENHETSCHEF)))
    assert {shared, own} <= visible and foreign not in visible
    counted = selectors.visible_templates(user=world.user(Role.ENHETSCHEF)).get(pk=shared.pk)
    assert counted.question_count == shared.questions.count() > 0


def test_only_a_coordinator_may_edit_and_only_their_own_organisations_templates(world):
    shared = default_evaluation()
    own = _own_template(world.organisation)
    Question.objects.create(template=own, order=1, text="Hur var det?", kind="free_text")
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    assert list(selectors.editable_templates(user=coordinator)) == [own]
    assert shared not in selectors.editable_templates(user=coordinator)  # copied first, never edited in place
    assert [q.text for q in selectors.editable_questions(user=coordinator)] == ["Hur var det?"]
    for role in (Role.HR, Role.ENHETSCHEF, Role.OMRADESCHEF):
        assert not selectors.editable_templates(user=world.user(role)).exists(), role


def test_the_organisations_own_active_template_wins_over_the_shared_default(world):
    shared = default_evaluation()
    assert selectors.active_template_for(organisation_id=world.organisation.pk) == shared
    own = _own_template(world.organisation)
    assert selectors.active_template_for(organisation_id=world.organisation.pk) == own
    own.is_active = False
    own.save()
    assert selectors.active_template_for(organisation_id=world.organisation.pk) == shared
    follow_up = default_template(SurveyPurpose.FOLLOW_UP)
    found = selectors.active_template_for(organisation_id=world.organisation.pk, purpose=SurveyPurpose.FOLLOW_UP)
    assert found == follow_up


def test_questions_come_in_order_with_their_choices_loaded(django_assert_num_queries):
    template = default_evaluation()
    with django_assert_num_queries(2):
        questions = selectors.template_with_questions(template=template)
        choices = [[choice.label for choice in question.choices.all()] for question in questions]
    assert [q.order for q in questions] == sorted(q.order for q in questions)
    assert "Utredning" in next(labels for labels in choices if labels)


def test_a_token_finds_its_invitation_and_a_wrong_one_nothing(world):
    invitation = opened_survey(world.organisation, people=1).invitations.get()
    found = selectors.invitation_for_token(token=invitation.token)
    assert found == invitation and found.survey.course_round.course.name
    assert selectors.invitation_for_token(token="fel") is None


def test_reminders_are_due_after_the_templates_delay_for_the_unanswered_only(world):
    survey = opened_survey(world.organisation, people=3)
    now = clock.now()
    delay = datetime.timedelta(days=survey.template.reminder_after_days)
    waiting, answered, reminded = survey.invitations.order_by("pk")
    survey.invitations.update(sent_at=now - delay - datetime.timedelta(hours=1))
    Invitation.objects.filter(pk=answered.pk).update(answered_at=now)
    Invitation.objects.filter(pk=reminded.pk).update(reminded_at=now)
    assert list(selectors.invitations_due_for_reminder(now=now)) == [waiting]
    assert not selectors.invitations_due_for_reminder(now=now - datetime.timedelta(days=1)).exists()


def test_a_persons_open_invitations_are_the_unanswered_ones(world):
    survey = opened_survey(world.organisation, participants=[world.hire])
    (invitation,) = selectors.open_invitations_for_staff(staff_id=world.hire.pk)
    assert invitation.survey == survey
    Invitation.objects.filter(pk=invitation.pk).update(answered_at=clock.now())
    assert not selectors.open_invitations_for_staff(staff_id=world.hire.pk).exists()


def test_held_rounds_to_send_a_survey_for_are_the_own_organisations_newest_first(world):
    older = held_del1_round(world.organisation, participants=[], day=clock.today() - datetime.timedelta(days=60))
    newer = held_del1_round(world.organisation, participants=[], day=clock.today() - datetime.timedelta(days=10))
    CourseRoundFactory(course=del1_of(world.organisation), status=RoundStatus.OPEN)  # not held
    held_del1_round(OrganisationFactory(), participants=[])  # another organisation's
    assert list(selectors.held_rounds(user=world.user(Role.UTBILDNINGSSAMORDNARE))) == [newer, older]
    assert not selectors.held_rounds(user=AnonymousUser()).exists()


def test_the_template_list_is_by_purpose_and_name_and_says_which_may_be_edited(world):
    shared = default_evaluation()
    own = _own_template(world.organisation, name="Egen uppföljning", purpose=SurveyPurpose.FOLLOW_UP)
    second = _own_template(
        world.organisation, name="Annan uppföljning", purpose=SurveyPurpose.FOLLOW_UP, is_active=False
    )
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    listed = [t for t in selectors.templates_for_list(user=coordinator) if t in {shared, own, second}]
    assert listed == sorted(listed, key=lambda t: (t.purpose, t.name))
    assert selectors.template_is_editable(user=coordinator, template=own)
    assert not selectors.template_is_editable(user=coordinator, template=shared)
    assert not selectors.template_is_editable(user=world.user(Role.ENHETSCHEF), template=own)


def test_a_participant_answers_per_module_only_when_a_question_asks_per_module(world):
    survey = opened_survey(world.organisation, people=2)
    assert selectors.invitation_count(survey=survey) == 2
    questions = selectors.template_with_questions(template=survey.template)
    per_module = [q for q in questions if q.per_module]
    modules = list(survey.course_round.course.modules.order_by("pk"))
    assert selectors.modules_to_answer(survey=survey, questions=[q for q in questions if not q.per_module]) == []
    assert per_module and modules  # the default evaluation asks about each of Del 1's modules
    assert selectors.modules_to_answer(survey=survey, questions=questions) == modules
