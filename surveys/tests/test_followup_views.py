import pytest

from districts.models import Role
from surveys import followup, services
from surveys.models import Invitation, SurveyPurpose
from surveys.tests.factories import default_template, held_del1_round

pytestmark = pytest.mark.django_db


def test_the_coordinator_changes_when_the_follow_up_goes(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    page = client.get("/utvardering/uppfoljning/")
    assert page.status_code == 200 and 'value="6"' in page.content.decode()

    refused = client.post("/utvardering/uppfoljning/", {"follow_up_after_months": "40"})
    assert "Ange mellan 1 och 36 månader." in refused.content.decode()
    assert followup.settings_for(world.organisation.pk).follow_up_after_months == 6

    saved = client.post("/utvardering/uppfoljning/", {"follow_up_after_months": "4"})
    assert saved.status_code == 302
    settings = followup.settings_for(world.organisation.pk)
    assert settings.follow_up_after_months == 4 and settings.ask_non_participating is False
    assert settings.history.get().history_user == world.user(Role.UTBILDNINGSSAMORDNARE)  # one change, one row


def test_sending_the_follow_up_by_hand_after_it_went_by_itself_invites_nobody_twice(world):
    template = default_template(SurveyPurpose.FOLLOW_UP)
    course_round = held_del1_round(world.organisation, participants=[world.hire])
    automatic = followup.follow_up_open(course_round=course_round)
    copy = services.survey_template_copy(template=template, organisation_id=world.organisation.pk)
    by_hand = services.survey_open(course_round=course_round, template=copy)
    assert automatic.invitations.count() == 1 and by_hand.invitations.count() == 0
    assert Invitation.objects.filter(staff=world.hire, purpose=SurveyPurpose.FOLLOW_UP).count() == 1
