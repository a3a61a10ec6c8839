"""Demo data for the region: Göteborgsregionen with the city and three neighbouring municipalities.

The neighbours are smaller than the city, in proportion to their size (the city: 1,010 social workers in
authority casework for about 580,000 inhabitants): Mölndal about 120, Kungälv 85, Partille 70, each with one
district of four units. About 28 % of them are hires of the last two years, as in the city. The regional
reader (`region@demo.se`) is a login with no staff record: they read the region's reports and no person.
Generated from a fixed seed and matched on natural keys, so running it again creates nothing new.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from districts.demo import DEMO_PASSWORD, UNIT_NAMES, _ascii, _competence_for, _person, _years_ago
from districts.models import (
    Area,
    CompetenceLevel,
    District,
    EmploymentType,
    IntroductionProfile,
    Organisation,
    Region,
    RegionalReader,
    Role,
    StaffMember,
    StaffRole,
    Unit,
)

SEED = 20261201
REGION_NAME = "Göteborgsregionen"
REGION_SLUG = "goteborgsregionen"
READER_USERNAME = "region@demo.se"
READER_DESCRIPTION = "Göteborgsregionen: rapporter per kommun, inga personuppgifter"
HIRE_SHARE = 0.28
# slug, name, e-mail domain, staff in authority casework
NEIGHBOURS = [
    ("molndal", "Mölndals stad", "molndal.se", 120),
    ("kungalv", "Kungälvs kommun", "kungalv.se", 85),
    ("partille", "Partille kommun", "partille.se", 70),
]


@dataclass
class RegionSeedResult:
    region: Region
    neighbours: list[Organisation] = field(default_factory=list)
    created_staff: int = 0


@transaction.atomic
def seed_region(*, city: Organisation, today: datetime.date) -> RegionSeedResult:
    """Create the region, put the city and the neighbours in it, and make the regional reader's login."""
    region, _created = Region.objects.get_or_create(slug=REGION_SLUG, defaults={"name": REGION_NAME})
    result = RegionSeedResult(region=region)
    rng = random.Random(SEED)
    for slug, name, domain, staff_count in NEIGHBOURS:
        organisation, _created = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
        result.neighbours.append(organisation)
        result.created_staff += _seed_staff(organisation, domain, staff_count, today, rng)
    Organisation.objects.filter(pk__in=[city.pk, *(o.pk for o in result.neighbours)]).update(region=region)
    User = get_user_model()
    reader = User.objects.filter(username=READER_USERNAME).first()
    if reader is None:
        reader = User.objects.create_user(username=READER_USERNAME, email=READER_USERNAME, password=DEMO_PASSWORD)
    RegionalReader.objects.get_or_create(user=reader, defaults={"region": region})
    return result


def _seed_staff(organisation, domain: str, staff_count: int, today: datetime.date, rng: random.Random) -> int:
    """Create the municipality's one district, four units and staff unless it has staff already."""
    district_name = organisation.name.removesuffix(" stad").removesuffix(" kommun").removesuffix("s")
    district, _created = District.objects.get_or_create(organisation=organisation, name=district_name)
    units = [
        Unit.objects.get_or_create(district=district, name=f"{label} {district_name}", defaults={"area": area})[0]
        for area, label in UNIT_NAMES.items()
    ]
    if StaffMember.objects.filter(organisation=organisation).exists():
        return 0
    weights = [1.4 if unit.area == Area.BARN_OCH_UNGA else 1.0 for unit in units]
    used: set[str] = set()
    people, roles = [], []
    for index in range(staff_count):
        unit = units[index % 4] if index < 12 else rng.choices(units, weights)[0]
        first, last, gender = _person(rng)
        email, number = f"{_ascii(first)}.{_ascii(last)}@{domain}", 2
        while email in used:
            email, number = f"{_ascii(first)}.{_ascii(last)}{number}@{domain}", number + 1
        used.add(email)
        role = Role.ENHETSCHEF if index < 4 else Role.FORSTE_SOCIALSEKRETERARE if index < 12 else Role.SOCIALSEKRETERARE
        years = rng.uniform(6, 25) if role == Role.FORSTE_SOCIALSEKRETERARE else rng.uniform(2, 30)
        hire = role == Role.SOCIALSEKRETERARE and rng.random() < HIRE_SHARE / 0.9
        start = today - datetime.timedelta(days=rng.randint(0, 729)) if hire else _years_ago(today, years)
        temporary = hire and rng.random() < 0.5
        people.append(
            StaffMember(
                organisation=organisation,
                unit=unit,
                first_name=first,
                last_name=last,
                work_email=email,
                gender=gender,
                employment_start=start,
                employment_end=start + datetime.timedelta(days=rng.choice([182, 365, 547])) if temporary else None,
                employment_type=EmploymentType.TIDSBEGRANSAD if temporary else EmploymentType.TILLSVIDARE,
                competence_level=CompetenceLevel.NYBORJARE if hire else _competence_for(years),
                introduction_profile=(
                    rng.choices([choice.value for choice in IntroductionProfile], [55, 20, 15, 10])[0] if hire else ""
                ),
            )
        )
        roles.append(role)
    StaffMember.objects.bulk_create(people)
    StaffRole.objects.bulk_create(
        [StaffRole(staff=person, role=role) for person, role in zip(people, roles, strict=True)]
    )
    seniors: dict[int, list[StaffMember]] = {unit.pk: [] for unit in units}
    for person, role in zip(people, roles, strict=True):
        if role == Role.FORSTE_SOCIALSEKRETERARE:
            seniors[person.unit_id].append(person)
    for person in people:
        if person.introduction_profile:
            person.supervisor = rng.choice(seniors[person.unit_id])
    StaffMember.objects.bulk_update([p for p in people if p.introduction_profile], ["supervisor"])
    return len(people)
