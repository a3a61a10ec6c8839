"""The session form's lecturer picker: the key-people register grouped, then the organisation's utbildarstöd.

A coordinator picks a session's lecturers from people the organisation already knows teach: first the key
people of the session's programme areas, then the other key people, then the utbildarstöd (who may lecture,
as the city's proposal says). Everybody else on the staff is still named by work email on the same form, which
keeps the page small in an organisation of any size. The picked people become the session's `lecturer_staff`,
as the e-mail field's do, so *Mina pass* and the days taught count them alike.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from courses.lecturers import lecturer_choices, session_areas
from courses.models import CourseRound, ProgrammeArea, RoundSession
from districts import access, clock
from districts import selectors as district_selectors
from districts.models import Role, StaffMember


@dataclass(frozen=True)
class LecturerOption:
    staff_id: int
    name: str
    detail: str  # the areas they are key person for, or their role, and their unit


@dataclass(frozen=True)
class LecturerGroup:
    key: str  # stable, for ids in the page
    legend: str
    options: tuple[LecturerOption, ...]


def _unit_label(person: StaffMember) -> str:
    return person.unit.with_district if person.unit_id else ""


def lecturer_picker(*, user, course_round: CourseRound, session: RoundSession | None) -> list[LecturerGroup]:
    """Return the people to pick a session's lecturers from, in groups: the session's areas' key people first."""
    today = clock.today()
    organisation_id = course_round.course.organisation_id
    areas = session_areas(course_round=course_round, session=session)
    areas_of: dict[int, list[str]] = {}
    people: dict[int, StaffMember] = {}
    # lecturer_choices orders the register: the key people of the session's areas first.
    for key_person in lecturer_choices(user=user, course_round=course_round, session=session):
        if key_person.staff.organisation_id != organisation_id:
            continue  # a superuser sees every organisation's register
        areas_of.setdefault(key_person.staff_id, []).append(key_person.area)
        people[key_person.staff_id] = key_person.staff
    labels = dict(ProgrammeArea.choices)

    def option(staff_id: int) -> LecturerOption:
        person = people[staff_id]
        detail = ", ".join(str(labels[area]) for area in areas_of[staff_id])
        unit = _unit_label(person)
        return LecturerOption(staff_id, person.full_name, f"{detail} · {unit}" if unit else detail)

    own = [staff_id for staff_id in people if set(areas_of[staff_id]) & areas]
    others = [staff_id for staff_id in people if staff_id not in own]
    support = (
        access.restrict_by_organisation(user, StaffMember.objects.select_related("unit__district"), "organisation_id")
        .filter(organisation_id=organisation_id, roles__role=Role.UTBILDARSTOD)
        .filter(district_selectors.employed_on(day=today))
        .exclude(Q(pk__in=list(people)))
        .order_by("last_name", "first_name", "id")
        .distinct()
    )
    groups = [
        LecturerGroup("areas", _("Nyckelpersoner för passets områden"), tuple(option(pk) for pk in own)),
        LecturerGroup("register", _("Övriga nyckelpersoner"), tuple(option(pk) for pk in others)),
        LecturerGroup(
            "support",
            _("Utbildarstöd i organisationen"),
            tuple(
                LecturerOption(
                    person.pk,
                    person.full_name,
                    " · ".join(filter(None, [str(Role.UTBILDARSTOD.label), _unit_label(person)])),
                )
                for person in support
            ),
        ),
    ]
    return [group for group in groups if group.options]


def picker_staff_ids(groups: list[LecturerGroup]) -> set[int]:
    """Return every staff id the picker offers."""
    return {option.staff_id for group in groups for option in group.options}
