import pytest
from django.urls import reverse

from districts.models import Role
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory
from surveys.models import Answer, Invitation, Question, QuestionKind, Response, SurveyTemplate
from surveys.tests.factories import opened_survey

pytestmark = pytest.mark.django_db


def _full_answer(survey) -> dict:
    data = {}
    modules = list(survey.course_round.course.modules.order_by("pk"))
    for question in survey.template.questions.all():
        name = f"q{question.pk}"
        if question.kind == QuestionKind.RATING and question.per_module:
            data[f"{name}_m{modules[0].pk}"] = "4"
            data[f"{name}_m{modules[1].pk}"] = "vet_ej"
        elif question.kind == QuestionKind.RATING:
            data[name] = "5"
        elif question.kind == QuestionKind.YES_NO:
            data[name] = "ja"
        elif question.kind == QuestionKind.MULTIPLE_CHOICE:
            data[name] = [str(question.choices.first().pk), "annat"]
            data[f"{name}_annat"] = "Barnsamtal"
        else:
            data[name] = "Bra dag"
    return data


def test_participant_answers_from_the_link_without_logging_in(client):
    survey = opened_survey(OrganisationFactory())
    invitation = survey.invitations.first()
    url = reverse("surveys:answer", kwargs={"token": invitation.token})
    page = client.get(url)
    assert page.status_code == 200
    assert "anonyma" in page.content.decode()
    assert invitation.staff.first_name not in page.content.decode()  # the page does not show who answers
    response = client.post(url, _full_answer(survey))
    assert response.status_code == 200 and "Tack för dina svar" in response.content.decode()
    stored = Response.objects.get(survey=survey)
    assert stored.answers.filter(dont_know=True).count() == 1
    assert stored.answers.get(question__kind=QuestionKind.MULTIPLE_CHOICE).other_text == "Barnsamtal"
    assert Answer.objects.filter(response=stored, rating=5).exists()


def test_a_second_visit_or_submit_is_refused_politely(client):
    survey = opened_survey(OrganisationFactory())
    url = reverse("surveys:answer", kwargs={"token": survey.invitations.first().token})
    client.post(url, _full_answer(survey))
    again = client.post(url, _full_answer(survey))
    assert again.status_code == 200
    assert "redan svarat" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    assert "redan svarat" in client.get(url).content.decode()


def test_missing_required_answers_are_explained_in_swedish(client):
    survey = opened_survey(OrganisationFactory())
    url = reverse("surveys:answer", kwargs={"token": survey.invitations.first().token})
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Svara på frågan." in response.content.decode()
    assert not Response.objects.exists()
    assert Invitation.objects.filter(answered_at__isnull=False).count() == 0


def test_annat_without_text_is_refused(client):
    survey = opened_survey(OrganisationFactory())
    data = _full_answer(survey)
    deepen = survey.template.questions.get(kind=QuestionKind.MULTIPLE_CHOICE)
    data[f"q{deepen.pk}_annat"] = ""
    response = client.post(reverse("surveys:answer", kwargs={"token": survey.invitations.first().token}), data)
    assert "Skriv vad du menar" in response.content.decode()


def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("surveys:answer", kwargs={"token": "gissat"})).status_code == 404


def test_coordinator_builds_a_template_with_a_choice_question(client):
    organisation = OrganisationFactory()
    coordinator = StaffMemberFactory(
        unit=UnitFactory(district__organisation=organisation), roles=[Role.UTBILDNINGSSAMORDNARE], with_login=True
    )
    client.force_login(coordinator.user)
    response = client.post(
        reverse("surveys:template_create"),
        {"name": "Dialoggrupper", "purpose": "evaluation", "reminder_after_days": "5", "introduction": ""},
    )
    template = SurveyTemplate.objects.get(name="Dialoggrupper")
    assert response.status_code == 302 and template.organisation == organisation
    bad = client.post(
        reverse("surveys:question_create", kwargs={"template_pk": template.pk}),
        {"text": "Vilka?", "kind": "multiple_choice", "choice_labels": "Bara en", "order": "1"},
    )
    assert "Ange minst två svarsalternativ" in bad.content.decode()
    client.post(
        reverse("surveys:question_create", kwargs={"template_pk": template.pk}),
        {"text": "Vilka?", "kind": "multiple_choice", "choice_labels": "A\nB", "order": "1", "allow_other": "on"},
    )
    question = Question.objects.get(template=template)
    assert question.allow_other and list(question.choices.values_list("label", flat=True)) == ["A", "B"]
    detail = client.get(reverse("surveys:template_detail", kwargs={"pk": template.pk})).content.decode()
    assert "Vilka?" in detail


def test_dashboard_lists_the_participants_open_evaluation(client):
    organisation = OrganisationFactory()
    person = StaffMemberFactory(unit=UnitFactory(district__organisation=organisation), with_login=True)
    survey = opened_survey(organisation, participants=[person])
    client.force_login(person.user)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("surveys:answer", kwargs={"token": survey.invitations.get().token}) in page


def test_coordinator_sends_the_follow_up_for_a_held_round(client, django_capture_on_commit_callbacks):
    from django.core import mail

    from surveys.models import Survey, SurveyPurpose
    from surveys.tests.factories import default_template, held_del1_round

    organisation = OrganisationFactory()
    unit = UnitFactory(district__organisation=organisation)
    coordinator = StaffMemberFactory(unit=unit, roles=[Role.UTBILDNINGSSAMORDNARE], with_login=True)
    course_round = held_del1_round(organisation, participants=[StaffMemberFactory(unit=unit) for _ in range(3)])
    follow_up = default_template(SurveyPurpose.FOLLOW_UP)
    client.force_login(coordinator.user)
    page = client.get(reverse("surveys:survey_send")).content.decode()
    assert course_round.title in page
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("surveys:survey_send"), {"course_round": course_round.pk, "template": follow_up.pk})
    assert sent.status_code == 302
    survey = Survey.objects.get(course_round=course_round, template=follow_up)
    assert survey.invitations.count() == 3
    assert len(mail.outbox) == 3


def test_a_template_without_questions_is_not_sent(client):
    from django.core import mail

    from surveys.models import Survey, SurveyPurpose
    from surveys.tests.factories import held_del1_round

    organisation = OrganisationFactory()
    unit = UnitFactory(district__organisation=organisation)
    coordinator = StaffMemberFactory(unit=unit, roles=[Role.UTBILDNINGSSAMORDNARE], with_login=True)
    course_round = held_del1_round(organisation, participants=[StaffMemberFactory(unit=unit) for _ in range(3)])
    empty = SurveyTemplate.objects.create(
        organisation=organisation, name="Tom", purpose=SurveyPurpose.FOLLOW_UP, is_active=False
    )
    client.force_login(coordinator.user)
    response = client.post(reverse("surveys:survey_send"), {"course_round": course_round.pk, "template": empty.pk})
    assert response.status_code == 200
    assert "Enkäten har inga frågor än" in response.content.decode()
    assert not Survey.objects.filter(course_round=course_round).exists() and mail.outbox == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"choice_labels": "A\n" + "B" * 201}, "högst 200 tecken"),
        ({"choice_labels": "A\nB", "order": "99999999"}, "mindre än eller lika med 32767"),
        ({"choice_labels": "A\nB", "order": "-1"}, "större än eller lika med 0"),
    ],
)
def test_odd_question_input_answers_with_a_message_not_500(client, fields, message):
    organisation = OrganisationFactory()
    coordinator = StaffMemberFactory(
        unit=UnitFactory(district__organisation=organisation), roles=[Role.UTBILDNINGSSAMORDNARE], with_login=True
    )
    template = SurveyTemplate.objects.create(organisation=organisation, name="Mall", purpose="evaluation")
    client.force_login(coordinator.user)
    data = {"text": "Vilka?", "kind": "multiple_choice", "order": "1", **fields}
    response = client.post(reverse("surveys:question_create", kwargs={"template_pk": template.pk}), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.filter(template=template).exists()
