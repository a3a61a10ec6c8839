"""A small organisation with a person in every role, shared by the access table and other tests."""

from dataclasses import dataclass, field

from districts.models import Area, CompetenceLevel, District, Organisation, Role, StaffMember, Unit
from districts.tests.factories import (
    DEFAULT_PASSWORD,
    DistrictFactory,
    OrganisationFactory,
    StaffMemberFactory,
    UnitFactory,
)


@dataclass
class World:
    """Two districts of one organisation.

    Every role has a login in `own_unit` of `own_district`. `hire` is a new socialsekreterare in
    `own_unit`, supervised by the 1:e socialsekreterare and logged in as the socialsekreterare
    role; `other_hire` works in `other_district`, outside every district-scoped role's reach.
    """

    organisation: Organisation
    own_district: District
    own_unit: Unit
    other_district: District
    other_unit: Unit
    people: dict[str, StaffMember] = field(default_factory=dict)
    hire: StaffMember | None = None
    other_hire: StaffMember | None = None
    other_unit_manager: StaffMember | None = None
    password: str = DEFAULT_PASSWORD

    def user(self, role: str):
        return self.people[role].user


def build_world() -> World:
    organisation = OrganisationFactory(name="Göteborgs Stad", slug="goteborg")
    own_district = DistrictFactory(organisation=organisation, name="Angered")
    other_district = DistrictFactory(organisation=organisation, name="Lundby")
    own_unit = UnitFactory(district=own_district, name="Barn och unga Angered", area=Area.BARN_OCH_UNGA)
    other_unit = UnitFactory(district=other_district, name="Vuxna Lundby", area=Area.VUXNA)
    world = World(organisation, own_district, own_unit, other_district, other_unit)
    for role in Role:
        if role == Role.SOCIALSEKRETERARE:
            continue
        world.people[role] = StaffMemberFactory(
            unit=own_unit,
            roles=[role],
            with_login=True,
            work_email=f"{role}@example.se",
            first_name=role.label.split()[0],
            last_name="Testsson",
            # A 1:e socialsekreterare who supervises hires is at least a Specialist (districts.supervision).
            competence_level=CompetenceLevel.SPECIALIST
            if role == Role.FORSTE_SOCIALSEKRETERARE
            else CompetenceLevel.NYBORJARE,
        )
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    world.hire = StaffMemberFactory(
        unit=own_unit,
        roles=[Role.SOCIALSEKRETERARE],
        with_login=True,
        supervisor=supervisor,
        work_email="ny.socialsekreterare@example.se",
        first_name="Nora",
        last_name="Nyanställd",
    )
    world.people[Role.SOCIALSEKRETERARE] = world.hire
    world.other_unit_manager = StaffMemberFactory(
        unit=other_unit, roles=[Role.ENHETSCHEF], with_login=True, work_email="chef.lundby@example.se"
    )
    world.other_hire = StaffMemberFactory(
        unit=other_unit,
        roles=[Role.SOCIALSEKRETERARE],
        with_login=True,
        work_email="annan.socialsekreterare@example.se",
        first_name="Otto",
        last_name="Annansson",
    )
    return world
