"""Report: days taught per lecturer and year, and each district's utbildarstöd against their share of a post.

How it counts: every session not cancelled where the person is named lecturer counts its length (up to
four hours half a day, longer a whole day, `courses.certificates.session_days`), as taught when its date
has passed and as planned when it is later in the year. An utbildarstöd's days on the programme are set
against their share of a full-time post (0.2 unless set for them or their district) times the year's
working days less 25 days of leave. The report is about staff work time in a named task, not about hires
or gender, so no cell is a small group to hide: each row is one named lecturer or one district.
"""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from courses import lecturers, planning
from courses.models import RoundSession
from districts import access
from districts.models import Role, StaffMember
from reports.tables import Column, Kind, Report, Table

LEAVE_DAYS = 25


def full_time_days(year: int) -> int:
    """Return a full-time post's working days in the year: weekdays that are not holidays, less 25 days of leave."""
    closed = planning.public_holidays([year])
    day, count = datetime.date(year, 1, 1), 0
    while day.year == year:
        count += planning.is_working_day(day, closed)
        day += datetime.timedelta(days=1)
    return count - LEAVE_DAYS


def _people(user, year: int) -> list[StaffMember]:
    """Return the visible staff who lecture in the year or are utbildarstöd, with unit, district and roles."""
    lecturing = RoundSession.lecturer_staff.through.objects.filter(
        roundsession__date__year=year, roundsession__cancelled=False
    ).values("staffmember_id")
    return list(
        access.visible_staff(user)
        .filter(Q(pk__in=lecturing) | Q(roles__role=Role.UTBILDARSTOD))
        .distinct()
        .select_related("unit__district")
        .prefetch_related("roles", "key_person_areas")
        .order_by("unit__district__name", "last_name", "first_name", "pk")
    )


def _is_trainer_support(person: StaffMember) -> bool:
    return any(role.role == Role.UTBILDARSTOD for role in person.roles.all())


def teaching_report(*, user, year: int, today: datetime.date) -> Report:
    """Build the report with a fixed number of queries, whatever the number of lecturers."""
    people = _people(user, year)
    days = lecturers.taught_days(lecturers=[person.pk for person in people], year=year, today=today)
    zero = lecturers.TaughtDays(0, Decimal(0), Decimal(0))
    per_lecturer = Table(
        title=_("Dagar per föreläsare %(year)s") % {"year": year},
        columns=[
            Column(_("Namn"), Kind.TEXT),
            Column(_("Stadsdel"), Kind.TEXT),
            Column(_("Nyckelperson för"), Kind.TEXT),
            Column(_("Undervisade dagar"), Kind.DAYS),
            Column(_("Planerade dagar"), Kind.DAYS),
        ],
        summed=(),
        empty_text=_("Ingen föreläser under året."),
        note=_(
            "Ett pass på högst fyra timmar räknas som en halv dag, ett längre som en hel dag; inställda pass "
            "räknas inte. Rapporten gäller personalens arbetstid i uppdraget, inte nyanställda, så inga små "
            "grupper döljs."
        ),
    )
    for person in people:
        taught = days.get(person.pk, zero)
        if not (taught.taught or taught.planned):
            continue
        areas = ", ".join(sorted({str(key.get_area_display()) for key in person.key_person_areas.all()})) or "–"
        district = person.unit.district.name if person.unit else "–"
        per_lecturer.rows.append([person.full_name, district, areas, taught.taught, taught.planned])
    return Report(
        title=_("Föreläsare och utbildarstöd"),
        tables=[per_lecturer, _trainer_support_table(people, days, year)],
        slug=f"forelasare-{year}",
        filters_text=_("År %(year)s") % {"year": year},
    )


def _trainer_support_table(people, days, year: int) -> Table:
    support = [person for person in people if _is_trainer_support(person)]
    shares = lecturers.trainer_shares(staff=support)
    post_days = Decimal(full_time_days(year))
    by_district: dict[str, list] = {}
    for person in support:
        district = person.unit.district.name if person.unit else _("Utan enhet")
        row = by_district.setdefault(district, [district, [], Decimal(0), Decimal(0), Decimal(0)])
        row[1].append(person.full_name)
        row[2] += shares[person.pk]
        taught = days.get(person.pk)
        if taught is not None:
            row[3] += taught.taught
            row[4] += taught.planned
    table = Table(
        title=_("Utbildarstöd per stadsdel %(year)s") % {"year": year},
        columns=[
            Column(_("Stadsdel"), Kind.TEXT),
            Column(_("Utbildarstöd"), Kind.TEXT),
            Column(_("Andel av heltid"), Kind.MEAN),
            Column(_("Dagar enligt andelen"), Kind.DAYS),
            Column(_("Undervisade dagar"), Kind.DAYS),
            Column(_("Planerade dagar"), Kind.DAYS),
            Column(_("Undervisat av andelen"), Kind.SHARE),
        ],
        summed=(),
        empty_text=_("Ingen har rollen utbildarstöd."),
        note=_(
            "Dagar enligt andelen = andelen av heltid × årets arbetsdagar (%(days)s efter 25 semesterdagar). "
            "Andelen är 0,2 om inget annat är satt för personen eller stadsdelen."
        )
        % {"days": int(post_days)},
    )
    for district, names, share, taught, planned in by_district.values():
        allotted = (share * post_days).quantize(Decimal("0.1"))
        table.rows.append(
            [district, ", ".join(names), share, allotted, taught, planned, (taught / allotted) if allotted else None]
        )
    return table
