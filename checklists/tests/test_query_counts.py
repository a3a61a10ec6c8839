"""Checklist list pages without a query-count test: the count must not grow with the rows shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists import exporting, services
from checklists.models import ChecklistTemplate
from checklists.tests.factories import ensure_default_template, plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_template_list_does_not_grow_with_templates(client, world):
    ensure_default_template(world.organisation)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("checklists:template_list")
    few = _queries(client, url)
    for n in range(4):
        template = ChecklistTemplate.objects.create(organisation=world.organisation, name=f"Mall {n}")
        services.template_version_draft(template=template, actor=None)
    assert _queries(client, url) == few


def test_export_list_does_not_grow_with_exports(client, world, django_capture_on_commit_callbacks):
    plan_for(world.hire)
    hr = world.user(Role.HR)
    client.force_login(hr)
    url = reverse("checklists:export_list")
    exporting.plan_export_request(actor=hr)
    few = _queries(client, url)
    for _ in range(4):
        exporting.plan_export_request(actor=hr)
    assert _queries(client, url) == few
