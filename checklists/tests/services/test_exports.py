import pytest
from django.core.exceptions import ValidationError

from checklists import services
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_empty_selection_is_refused(world, media):
    with pytest.raises(ValidationError, match="inga introduktionsplaner"):
        services.plan_export_request(actor=world.user(Role.HR), unit=world.other_unit)


def test_a_user_without_the_export_capability_is_refused(world, media):
    plan_for(world.hire)
    with pytest.raises(ValidationError, match="behörighet att exportera"):
        services.plan_export_request(actor=world.user(Role.SOCIALSEKRETERARE))


def test_the_request_fixes_the_visible_plans_and_names_the_selection(world, media, django_capture_on_commit_callbacks):
    own = plan_for(world.hire)
    plan_for(world.other_hire)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = services.plan_export_request(actor=world.user(Role.HR), district=world.own_district)
    assert export.plan_ids == [own.pk] and export.total == 1
    assert export.description == str(world.own_district)
    assert export.requested_by == world.user(Role.HR)
    assert len(callbacks) == 1  # the rendering is queued once the request commits
