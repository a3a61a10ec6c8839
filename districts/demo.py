"""Demo data: Göteborgs Stad with its ten districts, about 40 units and 1,000 staff, and a login per role.

Everything is generated from a fixed random seed and matched on natural keys (organisation slug,
district and unit names, work email, username), so running it again creates nothing new.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from districts import demo_second_year
from districts.models import (
    Area,
    CompetenceLevel,
    District,
    EmploymentType,
    Gender,
    IntroductionProfile,
    Organisation,
    Role,
    StaffMember,
    StaffRole,
    Unit,
)

SEED = 20140101
DEMO_PASSWORD = "demo1234"
EMAIL_DOMAIN = "goteborg.se"
ORGANISATION_NAME = "Göteborgs Stad"
ORGANISATION_SLUG = "goteborg"

DISTRICTS = [
    "Angered",
    "Östra Göteborg",
    "Örgryte-Härlanda",
    "Centrum",
    "Majorna-Linné",
    "Askim-Frölunda-Högsbo",
    "Västra Göteborg",
    "Västra Hisingen",
    "Lundby",
    "Norra Hisingen",
]
UNIT_NAMES = {
    Area.BARN_OCH_UNGA: "Barn och unga",
    Area.FORSORJNINGSSTOD: "Försörjningsstöd",
    Area.VUXNA: "Vuxna",
    Area.FUNKTIONSHINDER: "Funktionshinder",
}


def _words(text: str) -> list[str]:
    return text.split()


WOMEN = _words(
    """
Anna Eva Maria Karin Sara Emma Elin Johanna Lena Kristina Malin Linda Jenny Hanna Ida Sofia Emelie Julia Frida
Camilla Helena Cecilia Therese Louise Josefin Matilda Amanda Caroline Lina Maja Ebba Klara Moa Ingrid
Elisabeth Susanne Annika Åsa Ulrika Petra Jessica Madeleine Sandra Nathalie Elsa Alva Wilma Tove Lisa Mikaela
Rebecka Fatima Amira Leila Yasmin Nour Aida Sanna Tuva Agnes Hedvig Linnéa Jasmine
"""
)
MEN = _words(
    """
Erik Lars Karl Anders Johan Per Mikael Peter Andreas Daniel Fredrik Jonas Magnus Stefan Mattias Niklas Marcus
Oskar Viktor Alexander Emil Simon Filip Gustav Axel Anton Jakob Hampus Ali Mohammed Omar Ahmed David Henrik
Robin Tobias Martin Olof Björn Göran
"""
)
NEUTRAL = ["Kim", "Alex", "Robin", "Sam", "Charlie", "Love"]
LAST_NAMES = _words(
    """
Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson
Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson Lindström Lindqvist Lindgren Axelsson
Berg Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg Henriksson Forsberg
Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson
Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist Claesson Nordström
Mårtensson Lundström Ali Mohammadi Hassan Ahmed Yilmaz Nordin Eliasson Björklund Viklund Berggren Sandström
Lund Nordin Ström Åberg Hermansson Ekström Holmgren Sundberg Hedlund Dahlberg Hellström Sjögren Abrahamsson
Falk Öberg Martinsson Andreasson Månsson Strand Kaya Haddad Rahimi
"""
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    description: str


DEMO_LOGINS = [
    DemoLogin("samordnare@demo.se", Role.UTBILDNINGSSAMORDNARE, "hela organisationen, planerar programmet"),
    DemoLogin("hr@demo.se", Role.HR, "importerar personal, exporterar planer"),
    DemoLogin("omradeschef@demo.se", Role.OMRADESCHEF, "läser rapporter för hela organisationen"),
    DemoLogin("utbildarstod@demo.se", Role.UTBILDARSTOD, "stadsdelen Angered"),
    DemoLogin("enhetschef@demo.se", Role.ENHETSCHEF, "Barn och unga Angered"),
    DemoLogin("forste@demo.se", Role.FORSTE_SOCIALSEKRETERARE, "handleder nyanställda i Barn och unga Angered"),
    DemoLogin("socialsekreterare@demo.se", Role.SOCIALSEKRETERARE, "nyanställd i Barn och unga Angered"),
]
ADMIN_USERNAME = "admin@demo.se"


@dataclass
class StaffSpec:
    first_name: str
    last_name: str
    work_email: str
    unit_key: tuple[str, str]
    roles: list[str]
    gender: str
    employment_start: datetime.date
    employment_type: str
    competence_level: str
    introduction_profile: str = ""
    employment_end: datetime.date | None = None
    profession_start: datetime.date | None = None
    supervisor_email: str | None = None
    mentor_email: str | None = None
    login: bool = False


@dataclass
class SeedResult:
    organisation: Organisation
    created: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


def _ascii(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKD", text.lower()) if char.isalnum() and char.isascii())


def _years_ago(today: datetime.date, years: float) -> datetime.date:
    return today - datetime.timedelta(days=int(years * 365.25))


def _competence_for(years: float, *, supervises: bool = False) -> str:
    """Return a believable level: the seed says levels 1-3 are the ones met in authority casework; the
    1:e socialsekreterare are Specialists or Experts (they supervise hires), and a few veterans Specialists."""
    if supervises:
        return CompetenceLevel.SPECIALIST if years < 18 else CompetenceLevel.EXPERT
    if years < 2:
        return CompetenceLevel.NYBORJARE
    if years < 5:
        return CompetenceLevel.KUNNIG
    return CompetenceLevel.AVANCERAD if years < 25 else CompetenceLevel.SPECIALIST


def _person(rng: random.Random) -> tuple[str, str, str]:
    draw = rng.random()
    if draw < 0.86:  # the profession is mostly women (the national courses: 764 of 778)
        return rng.choice(WOMEN), rng.choice(LAST_NAMES), Gender.KVINNA
    if draw < 0.98:
        return rng.choice(MEN), rng.choice(LAST_NAMES), Gender.MAN
    return rng.choice(NEUTRAL), rng.choice(LAST_NAMES), rng.choice([Gender.ANNAT, Gender.EJ_ANGIVET])


def unit_keys() -> list[tuple[str, str, str]]:
    """Return (district, unit name, area) for the four units of each district."""
    return [(district, f"{label} {district}", area) for district in DISTRICTS for area, label in UNIT_NAMES.items()]


def staff_specs(*, today: datetime.date, staff_count: int) -> list[StaffSpec]:
    """Return the same staff for the same arguments: managers, 1:e socialsekreterare, hires and the rest."""
    rng = random.Random(SEED)
    units = unit_keys()
    if staff_count < 4 * len(units):
        raise ValueError(f"need at least {4 * len(units)} staff (four per unit)")
    hire_count = round(staff_count * 0.28)
    used_emails: set[str] = set()
    specs: list[StaffSpec] = []
    by_unit: dict[tuple[str, str], list[StaffSpec]] = {}

    def email_for(first: str, last: str) -> str:
        base = f"{_ascii(first)}.{_ascii(last)}"
        email, number = f"{base}@{EMAIL_DOMAIN}", 2
        while email in used_emails:
            email, number = f"{base}{number}@{EMAIL_DOMAIN}", number + 1
        used_emails.add(email)
        return email

    # Units differ in size (children and young people the largest): the first four people of every unit
    # are placed in turn (manager, two 1:e socialsekreterare, one more), the rest by weight.
    weights = [rng.uniform(0.6, 1.4) * (1.4 if area == Area.BARN_OCH_UNGA else 1.0) for _d, _u, area in units]
    placed = [0] * len(units)
    for index in range(staff_count):
        unit_index = index % len(units) if index < 4 * len(units) else rng.choices(range(len(units)), weights)[0]
        district, unit_name, _area = units[unit_index]
        position = placed[unit_index]
        placed[unit_index] += 1
        first, last, gender = _person(rng)
        years = rng.uniform(2, 30)
        if position == 0:
            roles = [Role.ENHETSCHEF]
        elif position in (1, 2):
            roles = [Role.FORSTE_SOCIALSEKRETERARE]
            # More than ten years: only a Specialist or an Expert supervises hires (districts.supervision).
            years = rng.uniform(10.5, 25)
        else:
            roles = [Role.SOCIALSEKRETERARE]
        spec = StaffSpec(
            first_name=first,
            last_name=last,
            work_email=email_for(first, last),
            unit_key=(district, unit_name),
            roles=roles,
            gender=gender,
            employment_start=_years_ago(today, years),
            employment_type=EmploymentType.TILLSVIDARE,
            competence_level=_competence_for(years, supervises=Role.FORSTE_SOCIALSEKRETERARE in roles),
        )
        specs.append(spec)
        by_unit.setdefault(spec.unit_key, []).append(spec)

    workers = [spec for spec in specs if spec.roles == [Role.SOCIALSEKRETERARE]]
    demo_unit = units[0][:2]
    demo_hire = by_unit[demo_unit][3]
    hires = [demo_hire] + rng.sample([spec for spec in workers if spec is not demo_hire], hire_count - 1)
    hire_ids = {id(spec) for spec in hires}
    for spec in hires:
        spec.employment_start = today - datetime.timedelta(days=rng.randint(0, 729))
        spec.competence_level = CompetenceLevel.NYBORJARE
        spec.employment_type = rng.choices([EmploymentType.TILLSVIDARE, EmploymentType.TIDSBEGRANSAD], [50, 50])[0]
        if spec.employment_type == EmploymentType.TIDSBEGRANSAD:
            spec.employment_end = spec.employment_start + datetime.timedelta(days=rng.choice([182, 365, 547]))
        spec.introduction_profile = rng.choices([choice.value for choice in IntroductionProfile], [55, 20, 15, 10])[0]
    demo_second_year.finish_second_year(
        hires=[spec for spec in hires if spec is not demo_hire], today=today, seed=SEED + 2
    )
    # Years in the profession: most came to the city early in their careers; some worked elsewhere first,
    # and hires who are only new to the municipality or the target group bring years from their last post.
    # A generator of its own, so that the draws above (and the demo they make) stay as they were.
    career = random.Random(SEED + 1)
    for spec in specs:
        earlier = id(spec) in hire_ids and spec.introduction_profile in (
            IntroductionProfile.NEW_TO_MUNICIPALITY,
            IntroductionProfile.NEW_TO_TARGET_GROUP,
        )
        years_before = career.uniform(2.5, 12) if earlier else (career.uniform(0.5, 4) if career.random() < 0.25 else 0)
        if id(spec) in hire_ids and not earlier:
            years_before = 0  # newly graduated or new to authority casework: their career starts here
        spec.profession_start = _years_ago(spec.employment_start, years_before)
        if earlier and years_before >= 2:
            spec.competence_level = CompetenceLevel.KUNNIG
    # The demo socialsekreterare started a month ago on a permanent contract (an end date drawn
    # above from an earlier start could otherwise fall before the new start).
    demo_hire.employment_start = today - datetime.timedelta(days=30)
    demo_hire.employment_type = EmploymentType.TILLSVIDARE
    demo_hire.employment_end = None
    demo_hire.profession_start = demo_hire.employment_start

    # Supervisors and mentors: each hire gets a 1:e socialsekreterare and an experienced fadder from the unit.
    # The most recent few hires still wait for a fadder, as real ones do in their first days.
    newest = sorted(hires, key=lambda spec: spec.employment_start, reverse=True)[: max(1, hire_count // 30)]
    waiting = {id(spec) for spec in newest if spec is not demo_hire}
    for unit_specs in by_unit.values():
        seniors = [spec for spec in unit_specs if Role.FORSTE_SOCIALSEKRETERARE in spec.roles]
        experienced = [
            spec for spec in unit_specs if spec.roles == [Role.SOCIALSEKRETERARE] and id(spec) not in hire_ids
        ]
        for number, spec in enumerate(spec for spec in unit_specs if id(spec) in hire_ids):
            spec.supervisor_email = seniors[number % len(seniors)].work_email
            pool = experienced or seniors
            if id(spec) not in waiting:
                spec.mentor_email = rng.choice(pool).work_email

    # The people behind the demo logins: linked so that the demo tells one story in one unit.
    demo_manager, demo_senior = by_unit[demo_unit][0], by_unit[demo_unit][1]
    demo_hire.supervisor_email = demo_senior.work_email
    demo_people = {
        Role.ENHETSCHEF: demo_manager,
        Role.FORSTE_SOCIALSEKRETERARE: demo_senior,
        Role.SOCIALSEKRETERARE: demo_hire,
    }
    remaining = [spec for spec in workers if id(spec) not in hire_ids]
    coordinators, hr_staff, area_managers = remaining[0:2], remaining[2:5], remaining[5:9]
    for spec in coordinators:
        spec.roles = [Role.UTBILDNINGSSAMORDNARE]
    for spec in hr_staff:
        spec.roles = [Role.HR]
    for spec in area_managers:
        spec.roles = [Role.OMRADESCHEF]
    trainers = {}  # one utbildarstöd per district, an experienced social worker
    for spec in remaining[9:]:
        if spec.unit_key[0] not in trainers:
            trainers[spec.unit_key[0]] = spec
            spec.roles = [Role.SOCIALSEKRETERARE, Role.UTBILDARSTOD]
    angered_trainer = trainers[DISTRICTS[0]]
    demo_people.update(
        {
            Role.UTBILDNINGSSAMORDNARE: coordinators[0],
            Role.HR: hr_staff[0],
            Role.OMRADESCHEF: area_managers[0],
            Role.UTBILDARSTOD: angered_trainer,
        }
    )

    renamed = {}
    for login in DEMO_LOGINS:
        spec = demo_people[login.role]
        renamed[spec.work_email] = login.username
        spec.work_email = login.username
        spec.login = True
    for spec in specs:
        spec.supervisor_email = renamed.get(spec.supervisor_email, spec.supervisor_email)
        spec.mentor_email = renamed.get(spec.mentor_email, spec.mentor_email)
    return specs


def _ensure_structure(result: SeedResult) -> dict[tuple[str, str], Unit]:
    organisation = result.organisation
    existing_districts = {district.name: district for district in organisation.districts.all()}
    missing = [District(organisation=organisation, name=name) for name in DISTRICTS if name not in existing_districts]
    District.objects.bulk_create(missing)
    result.created["districts"] = len(missing)
    districts = {district.name: district for district in organisation.districts.all()}

    units = {
        (unit.district.name, unit.name): unit
        for unit in Unit.objects.filter(district__organisation=organisation).select_related("district")
    }
    missing_units = [
        Unit(district=districts[district], name=name, area=area)
        for district, name, area in unit_keys()
        if (district, name) not in units
    ]
    Unit.objects.bulk_create(missing_units)
    result.created["units"] = len(missing_units)
    return {
        (unit.district.name, unit.name): unit
        for unit in Unit.objects.filter(district__organisation=organisation).select_related("district")
    }


@transaction.atomic
def seed_organisation(*, today: datetime.date, staff_count: int = 1000) -> SeedResult:
    """Create whatever of the demo organisation is missing; return the organisation and what was created."""
    organisation, created = Organisation.objects.get_or_create(
        slug=ORGANISATION_SLUG, defaults={"name": ORGANISATION_NAME}
    )
    result = SeedResult(organisation=organisation, created={"organisations": int(created)})
    units = _ensure_structure(result)

    specs = staff_specs(today=today, staff_count=staff_count)
    known = set(StaffMember.objects.filter(organisation=organisation).values_list("work_email", flat=True))
    new_specs = [spec for spec in specs if spec.work_email not in known]
    new_staff = [
        StaffMember(
            organisation=organisation,
            unit=units[spec.unit_key],
            first_name=spec.first_name,
            last_name=spec.last_name,
            work_email=spec.work_email,
            gender=spec.gender,
            employment_start=spec.employment_start,
            employment_end=spec.employment_end,
            employment_type=spec.employment_type,
            profession_start=spec.profession_start,
            competence_level=spec.competence_level,
            introduction_profile=spec.introduction_profile,
        )
        for spec in new_specs
    ]
    StaffMember.objects.bulk_create(new_staff, batch_size=500)
    result.created["staff"] = len(new_staff)
    pk_by_email = dict(StaffMember.objects.filter(organisation=organisation).values_list("work_email", "pk"))
    StaffRole.objects.bulk_create(
        [StaffRole(staff_id=pk_by_email[spec.work_email], role=role) for spec in new_specs for role in spec.roles],
        batch_size=1000,
        ignore_conflicts=True,
    )
    for spec, staff in zip(new_specs, new_staff, strict=True):
        staff.pk = staff.pk or pk_by_email[spec.work_email]
        staff.supervisor_id = pk_by_email.get(spec.supervisor_email)
        staff.mentor_id = pk_by_email.get(spec.mentor_email)
    StaffMember.objects.bulk_update(new_staff, ["supervisor", "mentor"], batch_size=500)

    result.created["logins"] = _ensure_logins(specs, pk_by_email)
    result.logins = DEMO_LOGINS
    return result


def _ensure_logins(specs: list[StaffSpec], pk_by_email: dict[str, int]) -> int:
    User = get_user_model()
    created = 0
    for spec in specs:
        if not spec.login:
            continue
        user = User.objects.filter(username=spec.work_email).first()
        if user is None:
            user = User.objects.create_user(username=spec.work_email, email=spec.work_email, password=DEMO_PASSWORD)
            created += 1
        StaffMember.objects.filter(pk=pk_by_email[spec.work_email], user__isnull=True).update(user=user)
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create_superuser(username=ADMIN_USERNAME, email=ADMIN_USERNAME, password=DEMO_PASSWORD)
        created += 1
    return created
