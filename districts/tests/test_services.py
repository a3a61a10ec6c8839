import datetime

import pytest
from django.core.exceptions import ValidationError

from districts.models import Role
from districts.services import staff_update
from districts.signals import hires_added
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _arguments(staff, **overrides):
    arguments = {
        "first_name": staff.first_name,
        "last_name": staff.last_name,
        "work_email": staff.work_email,
        "unit": staff.unit,
        "employment_start": staff.employment_start,
        "employment_end": staff.employment_end,
        "employment_type": staff.employment_type,
        "competence_level": staff.competence_level,
        "introduction_profile": staff.introduction_profile,
        "gender": staff.gender,
        "supervisor": staff.supervisor,
        "mentor": staff.mentor,
    }
    arguments.update(overrides)
    return arguments


def test_supervisor_of_another_organisation_is_refused(world):
    elsewhere = StaffMemberFactory(
        unit=UnitFactory(district__organisation=OrganisationFactory()), roles=[Role.FORSTE_SOCIALSEKRETERARE]
    )
    with pytest.raises(ValidationError) as error:
        staff_update(staff=world.hire, actor=None, **_arguments(world.hire, supervisor=elsewhere))
    assert "supervisor" in error.value.message_dict


def test_mentor_of_another_organisation_and_self_mentoring_are_refused(world):
    elsewhere = StaffMemberFactory(unit=UnitFactory(district__organisation=OrganisationFactory()))
    with pytest.raises(ValidationError):
        staff_update(staff=world.hire, actor=None, **_arguments(world.hire, mentor=elsewhere))
    with pytest.raises(ValidationError):
        staff_update(staff=world.hire, actor=None, **_arguments(world.hire, mentor=world.hire))


def test_a_new_start_date_announces_the_hire(world, django_capture_on_commit_callbacks):
    received = []
    hires_added.connect(lambda **kwargs: received.append(kwargs["staff_ids"]), weak=False, dispatch_uid="s1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            staff_update(
                staff=world.hire, actor=None, **_arguments(world.hire, employment_start=datetime.date(2026, 2, 1))
            )
        with django_capture_on_commit_callbacks(execute=True):
            staff_update(staff=world.hire, actor=None, **_arguments(world.hire, last_name="Omdöpt"))
    finally:
        hires_added.disconnect(dispatch_uid="s1")
    assert received == [[world.hire.pk]]


def test_roles_are_replaced_when_given(world):
    staff_update(staff=world.hire, actor=None, roles=[Role.FORSTE_SOCIALSEKRETERARE], **_arguments(world.hire))
    assert list(world.hire.roles.values_list("role", flat=True)) == [Role.FORSTE_SOCIALSEKRETERARE]
