import pytest

from courses import services
from courses.models import DialogueGroupMember
from courses.tests.factories import CourseRoundFactory, del1_of
from districts.models import Area
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _person(organisation, unit=None):
    unit = unit or UnitFactory(district__organisation=organisation)
    return StaffMemberFactory(unit=unit)


def test_dialogue_groups_split_mixes_units():
    organisation = OrganisationFactory()
    course_round = CourseRoundFactory(course=del1_of(organisation), capacity=30)
    units = [
        UnitFactory(district__organisation=organisation, area=area)
        for area in (Area.BARN_OCH_UNGA, Area.VUXNA, Area.FORSORJNINGSSTOD)
    ]
    for unit in units:
        for _ in range(4):
            services.round_nominate(course_round=course_round, staff=_person(organisation, unit), actor=None)
    groups = services.dialogue_groups_split(course_round=course_round, group_size=3)
    assert len(groups) == 4
    for group in groups:
        unit_ids = [m.nomination.staff.unit_id for m in group.members.select_related("nomination__staff")]
        assert len(unit_ids) == 3 and len(set(unit_ids)) == 3
    member = DialogueGroupMember.objects.filter(group=groups[0]).first()
    services.dialogue_group_member_move(nomination=member.nomination, group=groups[1])
    assert groups[1].members.count() == 4
