"""Lecturers and trainer support: the register of key people per programme area, and who teaches what.

The coordinators keep the register (nyckelpersoner, drawn from the staff) and pick a session's lecturers
from it, the key people of the session's areas first. Every lecturer sees their own sessions and the
participants ("Mina pass"). An utbildarstöd gives the programme a share of a full-time post: 0.2 unless
set for the person or for their district (`TrainerSupportShare`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from courses.certificates import session_days
from courses.models import (
    DEFAULT_TRAINER_SUPPORT_SHARE,
    CourseRound,
    KeyPerson,
    ProgrammeArea,
    RoundSession,
    TrainerSupportShare,
)
from courses.selectors.participants import participant_list
from districts import access, audit, clock
from districts import selectors as district_selectors
from districts.models import District, Organisation, StaffMember

# --- writes -------------------------------------------------------------------------------------------------


def _colleague(organisation: Organisation, email: str) -> StaffMember:
    person = (
        StaffMember.objects.annotate(email_lower=Lower("work_email"))
        .filter(organisation=organisation, email_lower=email.strip().lower())
        .filter(district_selectors.employed_on(day=clock.today()))
        .first()
    )
    if person is None:
        raise ValidationError(
            {"email": [_("Ingen anställd i organisationen har e-postadressen %(email)s.") % {"email": email}]}
        )
    return person


@audit.records_actor
@transaction.atomic
def key_person_add(*, actor, organisation: Organisation, email: str, area: str, note: str = "") -> KeyPerson:
    """Name a staff member (by work email) key person for a programme area."""
    if area not in ProgrammeArea.values:
        raise ValidationError({"area": [_("Välj ett av programmets områden.")]})
    person = _colleague(organisation, email)
    if KeyPerson.objects.filter(staff=person, area=area).exists():
        raise ValidationError(
            {"email": [_("%(name)s är redan nyckelperson för området.") % {"name": person.full_name}]}
        )
    return KeyPerson.objects.create(staff=person, area=area, note=note.strip()[:200])


@audit.records_actor
@transaction.atomic
def key_person_remove(*, actor, key_person: KeyPerson) -> None:
    """Take a key person off the register (their history stays; sessions they taught keep them)."""
    key_person.delete()


@audit.records_actor
@transaction.atomic
def trainer_share_set(
    *, actor, organisation: Organisation, share: Decimal, district: District | None = None, email: str = ""
) -> TrainerSupportShare:
    """Set the share of a full-time post an utbildarstöd gives the programme, for a district or one person."""
    if (district is None) == (not email):
        raise ValidationError(_("Välj antingen en stadsdel eller en person."))
    if district is not None and district.organisation_id != organisation.pk:
        raise ValidationError({"district": [_("Välj en stadsdel i organisationen.")]})
    staff = _colleague(organisation, email) if email else None
    if share is None or not Decimal("0") < share <= Decimal("1"):
        raise ValidationError({"share": [_("Andelen ska vara mer än 0 och högst 1 (till exempel 0,2).")]})
    row, _created = TrainerSupportShare.objects.update_or_create(
        district=district, staff=staff, defaults={"share": share}
    )
    return row


# --- reads --------------------------------------------------------------------------------------------------


def key_people_register(*, user) -> QuerySet[KeyPerson]:
    """Return the register of the user's organisation, by area and name."""
    return access.restrict_by_organisation(
        user, KeyPerson.objects.select_related("staff__unit__district"), "staff__organisation_id"
    )


def session_areas(*, course_round: CourseRound, session: RoundSession | None) -> set[str]:
    """Return the programme areas a session covers: its modules', else those of the round's course."""
    modules = session.modules.all() if session is not None else []
    areas = {module.area for module in modules if module.area}
    return areas or {module.area for module in course_round.course.modules.all() if module.area}


def lecturer_choices(*, user, course_round: CourseRound, session: RoundSession | None) -> list[KeyPerson]:
    """Return the key people to offer as a session's lecturers: those of the session's areas first."""
    areas = session_areas(course_round=course_round, session=session)
    people = key_people_register(user=user).filter(district_selectors.employed_on(day=clock.today(), prefix="staff__"))
    return sorted(people, key=lambda key_person: (key_person.area not in areas, key_person.get_area_display()))


def lecturer_sessions(*, user) -> QuerySet[RoundSession]:
    """Return the sessions the user teaches as a staff lecturer, newest year first."""
    scope = access.scope_for(user)
    if scope.staff_id is None:
        return RoundSession.objects.none()
    return (
        RoundSession.objects.filter(lecturer_staff=scope.staff_id)
        .select_related("course_round__course")
        .prefetch_related("modules")
        .order_by("-date", "start_time")
    )


def lecturer_session_participants(*, session: RoundSession):
    """Return who holds a seat on the session's round, as the printed participant list has them."""
    return participant_list(course_round=session.course_round)


@dataclass(frozen=True)
class TaughtDays:
    staff_id: int
    taught: Decimal  # sessions up to today
    planned: Decimal  # sessions later in the year


def taught_days(*, lecturers: Iterable[int] | QuerySet, year: int, today: datetime.date) -> dict[int, TaughtDays]:
    """Return each lecturer's days in the year: the length of every session not cancelled (half or whole days)."""
    rows = RoundSession.lecturer_staff.through.objects.filter(
        staffmember_id__in=lecturers, roundsession__date__year=year, roundsession__cancelled=False
    ).values_list("staffmember_id", "roundsession__date", "roundsession__start_time", "roundsession__end_time")
    totals: dict[int, list[Decimal]] = {}
    for staff_id, date, start, end in rows:
        pair = totals.setdefault(staff_id, [Decimal(0), Decimal(0)])
        pair[0 if date <= today else 1] += session_days(start, end)
    return {staff_id: TaughtDays(staff_id, taught, planned) for staff_id, (taught, planned) in totals.items()}


def trainer_shares(*, staff: Iterable[StaffMember]) -> dict[int, Decimal]:
    """Return each person's share of a full-time post: their own, else their district's, else 0.2."""
    staff = list(staff)
    own = dict(TrainerSupportShare.objects.filter(staff__in=[p.pk for p in staff]).values_list("staff_id", "share"))
    district_ids = {p.unit.district_id for p in staff if p.unit_id}
    by_district = dict(
        TrainerSupportShare.objects.filter(district__in=district_ids).values_list("district_id", "share")
    )
    return {
        p.pk: own.get(p.pk)
        or (by_district.get(p.unit.district_id) if p.unit_id else None)
        or DEFAULT_TRAINER_SUPPORT_SHARE
        for p in staff
    }


@dataclass(frozen=True)
class ShareRow:
    label: str
    share: Decimal
    is_default: bool


def trainer_share_overview(*, user) -> list[ShareRow]:
    """Return each visible district's share (0.2 unless set), then the people with a share of their own."""
    set_for_district = dict(
        TrainerSupportShare.objects.filter(district__in=access.visible_districts(user)).values_list(
            "district_id", "share"
        )
    )
    rows = [
        ShareRow(
            district.name,
            set_for_district.get(district.pk, DEFAULT_TRAINER_SUPPORT_SHARE),
            district.pk not in set_for_district,
        )
        for district in access.visible_districts(user).order_by("name")
    ]
    people = TrainerSupportShare.objects.filter(staff__in=access.visible_staff(user).values("pk")).select_related(
        "staff"
    )
    rows += [ShareRow(row.staff.full_name, row.share, False) for row in people.order_by("staff__last_name")]
    return rows
