import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from districts import clock
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory
from surveys import services
from surveys.models import Answer, Invitation, Question, QuestionKind, Response
from surveys.services import AnswerInput
from surveys.tests.factories import default_evaluation, held_del1_round, opened_survey

pytestmark = pytest.mark.django_db


def test_default_evaluation_follows_the_second_report():
    questions = list(default_evaluation().questions.order_by("order"))
    kinds = [(q.kind, q.allow_dont_know, q.per_module) for q in questions]
    assert kinds[0] == (QuestionKind.RATING, False, False)  # the whole course, no "vet ej"
    assert kinds[1] == (QuestionKind.RATING, True, True)  # each module, with "vet ej"
    assert kinds[2][0] == QuestionKind.YES_NO
    assert questions[3].kind == QuestionKind.MULTIPLE_CHOICE and questions[3].allow_other
    assert questions[3].choices.count() == 6
    assert [q.kind for q in questions[4:]] == [QuestionKind.FREE_TEXT, QuestionKind.FREE_TEXT]


def test_opening_a_survey_invites_each_participant_once_and_mails_them(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    unit = UnitFactory(district__organisation=organisation)
    people = [StaffMemberFactory(unit=unit) for _ in range(3)]
    course_round = held_del1_round(organisation, participants=people)
    with django_capture_on_commit_callbacks(execute=True):
        survey = services.survey_open(course_round=course_round, template=default_evaluation())
    with django_capture_on_commit_callbacks(execute=True):
        again = services.survey_open(course_round=course_round, template=default_evaluation())
    assert again == survey
    assert survey.invitations.count() == 3
    assert len(mail.outbox) == 3
    assert all(invitation.sent_at for invitation in survey.invitations.all())
    assert "/utvardering/svar/" in mail.outbox[0].body


def test_round_held_signal_invites_participants(django_capture_on_commit_callbacks):
    from courses.signals import round_held

    organisation = OrganisationFactory()
    default_evaluation()
    people = [StaffMemberFactory(unit=UnitFactory(district__organisation=organisation)) for _ in range(2)]
    course_round = held_del1_round(organisation, participants=people)
    with django_capture_on_commit_callbacks(execute=True):
        round_held.send(sender=None, course_round=course_round)
    assert Invitation.objects.filter(survey__course_round=course_round).count() == 2
    assert len(mail.outbox) == 2


def _answers(survey, *, rating=4):
    template = survey.template
    overall = template.questions.get(order=1)
    recommend = template.questions.get(kind=QuestionKind.YES_NO)
    return [
        AnswerInput(question_id=overall.pk, rating=rating),
        AnswerInput(question_id=recommend.pk, yes=True),
    ]


def test_a_response_is_stored_without_any_link_to_the_person():
    survey = opened_survey(OrganisationFactory())
    invitation = survey.invitations.first()
    response = services.response_submit(token=invitation.token, answers=_answers(survey))
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    # Nothing on the response or its answers points at a person, an invitation or a time.
    for model in (Response, Answer):
        names = {field.name for field in model._meta.get_fields()}
        assert not names & {"staff", "invitation", "token", "created_at", "submitted_at", "answered_at", "user"}
    assert response.answers.count() == 2


def test_a_second_submit_is_refused_and_stores_nothing():
    survey = opened_survey(OrganisationFactory())
    invitation = survey.invitations.first()
    services.response_submit(token=invitation.token, answers=_answers(survey))
    with pytest.raises(services.AlreadyAnswered):
        services.response_submit(token=invitation.token, answers=_answers(survey, rating=1))
    assert Response.objects.filter(survey=survey).count() == 1
    assert not Answer.objects.filter(rating=1).exists()


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_store_one_response(require_postgres):
    import threading

    survey = opened_survey(OrganisationFactory())
    token = survey.invitations.first().token
    answers = _answers(survey)
    barrier, outcomes = threading.Barrier(2), []

    def submit():
        barrier.wait()
        try:
            services.response_submit(token=token, answers=answers)
            outcomes.append("stored")
        except services.AlreadyAnswered:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    assert Response.objects.filter(survey=survey).count() == 1


def test_reminders_go_once_to_those_who_have_not_answered():
    from datetime import timedelta

    from surveys.tasks import send_due_reminders

    survey = opened_survey(OrganisationFactory(), people=3)
    invitations = list(survey.invitations.order_by("pk"))
    for invitation in invitations:
        services.invitation_send(invitation_id=invitation.pk)
    Invitation.objects.update(sent_at=clock.now() - timedelta(days=8))
    services.response_submit(token=invitations[0].token, answers=_answers(survey))
    mail.outbox.clear()
    assert send_due_reminders() == 2
    assert send_due_reminders() == 0
    assert len(mail.outbox) == 2
    assert all("Påminnelse" in message.subject for message in mail.outbox)


def test_reminder_waits_for_the_delay():
    from surveys.tasks import send_due_reminders

    survey = opened_survey(OrganisationFactory(), people=1)
    services.invitation_send(invitation_id=survey.invitations.get().pk)
    assert send_due_reminders() == 0


def test_multiple_choice_question_needs_two_options():
    template = services.survey_template_create(
        organisation_id=OrganisationFactory().pk, name="Egen", purpose="evaluation", is_active=False
    )
    with pytest.raises(ValidationError):
        services.question_save(template=template, text="Vad?", kind=QuestionKind.MULTIPLE_CHOICE, choice_labels=["A"])
    question = services.question_save(
        template=template, text="Vad?", kind=QuestionKind.MULTIPLE_CHOICE, choice_labels=["A", "B", ""]
    )
    assert list(question.choices.values_list("label", flat=True)) == ["A", "B"]


def test_a_question_with_answers_cannot_be_deleted():
    survey = opened_survey(OrganisationFactory())
    services.response_submit(token=survey.invitations.first().token, answers=_answers(survey))
    with pytest.raises(ValidationError):
        services.question_delete(question=Question.objects.get(template=survey.template, order=1))


def test_copying_a_shared_template_gives_an_inactive_editable_copy():
    organisation = OrganisationFactory()
    copy = services.survey_template_copy(template=default_evaluation(), organisation_id=organisation.pk)
    assert copy.organisation == organisation and not copy.is_active
    assert copy.questions.count() == default_evaluation().questions.count()
    assert copy.questions.get(kind=QuestionKind.MULTIPLE_CHOICE).choices.count() == 6


def test_activating_a_template_retires_the_previous_one():
    organisation = OrganisationFactory()
    first = services.survey_template_create(organisation_id=organisation.pk, name="A", purpose="evaluation")
    second = services.survey_template_create(organisation_id=organisation.pk, name="B", purpose="evaluation")
    first.refresh_from_db()
    assert second.is_active and not first.is_active


def test_an_organisations_own_active_evaluation_wins_over_the_shared_one():
    from surveys.selectors import active_template_for

    organisation = OrganisationFactory()
    default_evaluation()
    assert active_template_for(organisation_id=organisation.pk).organisation_id is None
    own = services.survey_template_create(organisation_id=organisation.pk, name="Vår egen", purpose="evaluation")
    assert active_template_for(organisation_id=organisation.pk) == own


def test_no_stored_answer_row_has_an_increasing_key():
    from django.apps import apps

    for model in apps.get_app_config("surveys").get_models():
        if model.__name__ in {"Response", "Answer", "AnswerChoice"}:
            assert model._meta.pk.get_internal_type() == "UUIDField", model
    # Every table that stores part of an answer is one of those three (the many-to-many goes through AnswerChoice).
    assert Answer._meta.get_field("choices").remote_field.through.__name__ == "AnswerChoice"


def test_a_survey_is_not_opened_with_another_organisations_template():
    from districts.tests.factories import OrganisationFactory
    from surveys.models import Survey, SurveyPurpose, SurveyTemplate
    from surveys.tests.factories import held_del1_round

    own, other = OrganisationFactory(), OrganisationFactory()
    course_round = held_del1_round(own, participants=[])
    foreign = services.survey_template_copy(template=default_evaluation(), organisation_id=other.pk)
    with pytest.raises(ValidationError, match="annan organisation"):
        services.survey_open(course_round=course_round, template=foreign)
    empty = SurveyTemplate.objects.create(
        organisation=own, name="Tom", purpose=SurveyPurpose.EVALUATION, is_active=False
    )
    with pytest.raises(ValidationError, match="inga frågor"):
        services.survey_open(course_round=course_round, template=empty)
    assert not Survey.objects.filter(course_round=course_round).exists()


def test_holding_a_round_is_not_stopped_by_an_evaluation_without_questions():
    from courses.signals import round_held
    from districts.tests.factories import OrganisationFactory
    from surveys.models import Survey, SurveyPurpose, SurveyTemplate
    from surveys.tests.factories import held_del1_round

    organisation = OrganisationFactory()
    SurveyTemplate.objects.create(organisation=organisation, name="Tom", purpose=SurveyPurpose.EVALUATION)
    course_round = held_del1_round(organisation, participants=[])
    round_held.send(sender=type(course_round), course_round=course_round)
    assert not Survey.objects.filter(course_round=course_round).exists()
