"""Survey list pages: the query count must not grow with the templates or questions shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.models import Role
from surveys import services
from surveys.tests.factories import default_evaluation

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_template_list_does_not_grow_with_templates(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("surveys:template_list")
    services.survey_template_copy(template=default_evaluation(), organisation_id=world.organisation.pk)
    few = _queries(client, url)
    for _ in range(4):
        services.survey_template_copy(template=default_evaluation(), organisation_id=world.organisation.pk)
    assert _queries(client, url) == few


def test_template_page_does_not_grow_with_questions(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    copy = services.survey_template_copy(template=default_evaluation(), organisation_id=world.organisation.pk)
    url = reverse("surveys:template_detail", kwargs={"pk": copy.pk})
    few = _queries(client, url)
    more = services.survey_template_copy(template=copy, organisation_id=world.organisation.pk)
    for question in more.questions.all():
        question.pk, question.template = None, copy
        question.order += 100
        question.save()
    assert copy.questions.count() > 6
    assert _queries(client, url) == few
