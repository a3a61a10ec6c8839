"""Seed the benchmark's staff: organisations of national scale, onboarded, with districts, units and roles.

Also what every history seeder shares: rows are written with bulk_create in batches of BATCH, at
times in the default time zone (`aware`).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from districts import demo
from districts.models import (
    Area,
    CompetenceLevel,
    District,
    EmploymentType,
    Gender,
    Organisation,
    Role,
    StaffMember,
    StaffRole,
    Unit,
)
from intro_program.onboarding import organisation_onboard

STAFF_PER_UNIT = 50
BENCH_ORGANISATION_PREFIX = "bench-"
NATIONAL_SLUG = f"{BENCH_ORGANISATION_PREFIX}1"  # the largest national organisation: the one measured
CITY_SLUG = f"{BENCH_ORGANISATION_PREFIX}stad"
FIRST_NAMES = demo.WOMEN + demo.MEN
BATCH = 5000


def copy_create(model, objects):  # imported late: copying imports BATCH from here
    from intro_program.bench.copying import copy_create as create

    return create(model, objects)


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_default_timezone())


@transaction.atomic
def seed_national(*, staff_count: int, today: datetime.date, organisation_count: int = 12):
    """Create organisations, districts and units and `staff_count` staff with ten years of employment starts.

    The first organisation holds 40 % of the staff (a large region), the others share the rest.
    """
    rng = random.Random(50_000)
    shares = [0.4] + [0.6 / (organisation_count - 1)] * (organisation_count - 1)
    counts = [int(staff_count * share) for share in shares]
    counts[-1] += staff_count - sum(counts)
    for number, staff_count in enumerate(counts, start=1):
        organisation = Organisation.objects.create(
            name=f"Benchmarkkommun {number}", slug=f"{BENCH_ORGANISATION_PREFIX}{number}"
        )
        seed_staff(organisation=organisation, staff_count=staff_count, today=today, rng=rng)


@transaction.atomic
def seed_city(*, staff_count: int, today: datetime.date) -> Organisation:
    """Create the city organisation the national one is compared with: `staff_count` staff, the same shape."""
    organisation = Organisation.objects.create(name="Benchmarkstaden", slug=CITY_SLUG)
    seed_staff(organisation=organisation, staff_count=staff_count, today=today, rng=random.Random(2_500))
    return organisation


def seed_staff(*, organisation: Organisation, staff_count: int, today: datetime.date, rng: random.Random) -> None:
    """Onboard `organisation` and give it districts, units and `staff_count` staff with roles."""
    cutoff = today - datetime.timedelta(days=730)
    areas = list(Area)
    organisation_onboard(organisation=organisation)
    unit_count = max(1, staff_count // STAFF_PER_UNIT)
    district_count = max(1, unit_count // 8)
    districts = District.objects.bulk_create(
        [District(organisation=organisation, name=f"Stadsdel {d}") for d in range(1, district_count + 1)]
    )
    units = Unit.objects.bulk_create(
        [
            Unit(district=districts[u % district_count], name=f"Enhet {u}", area=areas[u % len(areas)])
            for u in range(1, unit_count + 1)
        ]
    )
    leaders, workers = [], []
    for index in range(staff_count):
        unit = units[index % unit_count]
        position = index // unit_count
        start = today - datetime.timedelta(days=rng.randint(0, 3650))
        person = StaffMember(
            organisation=organisation,
            unit=unit,
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(demo.LAST_NAMES),
            work_email=f"p{index}@{organisation.slug}.example.se",
            employment_start=start,
            employment_type=EmploymentType.TILLSVIDARE if rng.random() < 0.6 else EmploymentType.TIDSBEGRANSAD,
            competence_level=CompetenceLevel.NYBORJARE if start >= cutoff else CompetenceLevel.KUNNIG,
            gender=Gender.KVINNA if rng.random() < 0.85 else Gender.MAN,
        )
        if position == 0:
            person.bench_role = Role.ENHETSCHEF
        elif position in (1, 2):
            person.bench_role = Role.FORSTE_SOCIALSEKRETERARE
        elif index in (unit_count * 3, unit_count * 3 + 1):
            person.bench_role = Role.HR
        elif index == unit_count * 3 + 2:
            person.bench_role = Role.UTBILDNINGSSAMORDNARE
        else:
            person.bench_role = Role.SOCIALSEKRETERARE
        (leaders if position < 3 else workers).append(person)
    copy_create(StaffMember, leaders)
    seniors_by_unit: dict[int, list[int]] = {}
    for leader in leaders:
        if leader.bench_role == Role.FORSTE_SOCIALSEKRETERARE:
            seniors_by_unit.setdefault(leader.unit_id, []).append(leader.pk)
    for number, person in enumerate(workers):
        seniors = seniors_by_unit.get(person.unit_id)
        if seniors and person.employment_start >= cutoff:
            person.supervisor_id = seniors[number % len(seniors)]
            person.mentor_id = seniors[(number + 1) % len(seniors)]
    copy_create(StaffMember, workers)
    copy_create(StaffRole, [StaffRole(staff_id=person.pk, role=person.bench_role) for person in leaders + workers])
