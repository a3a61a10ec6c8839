"""Writes of the planner: the organisation's planning settings and the planned rounds of the year."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import planning
from courses.models import (
    ClosureDay,
    Course,
    CourseKind,
    CourseRound,
    PlanningSettings,
    RoundSession,
    RoundStatus,
)
from districts import audit, clock
from districts.models import Organisation


def planning_settings_for(*, organisation: Organisation) -> PlanningSettings:
    """Return the organisation's planning settings, created with the defaults on first use."""
    settings, _created = PlanningSettings.objects.get_or_create(organisation=organisation)
    return settings


@audit.records_actor
@transaction.atomic
def planning_settings_update(*, actor, organisation: Organisation, **values) -> PlanningSettings:
    """Change how the planner lays out the year (excluded months, weekday pattern, place, capacity ...)."""
    settings = planning_settings_for(organisation=organisation)
    months = sorted(set(values.get("excluded_months", settings.excluded_months)))
    if any(month < 1 or month > 12 for month in months):
        raise ValidationError({"excluded_months": [_("Månaderna ska vara 1–12.")]})
    if len(months) > 11:
        raise ValidationError({"excluded_months": [_("Minst en månad måste ha Del 1.")]})
    if values.get("del2_month", settings.del2_month) in months:
        raise ValidationError({"del2_month": [_("Del 2 kan inte börja i en månad utan kurser.")]})
    values["excluded_months"] = months
    for name, value in values.items():
        setattr(settings, name, value)
    settings.full_clean(exclude=["organisation"])
    settings.save()
    return settings


CLOSURE_YEARS_AHEAD = 3


@audit.records_actor
@transaction.atomic
def closure_day_add(*, actor, organisation: Organisation, date: datetime.date, reason: str = "") -> ClosureDay:
    """Close a day for the organisation's sessions (a klämdag, a planning day); the planner skips it from now on.

    Rounds already in the calendar are not moved: a session on the day shows as a clash on the dashboard.
    """
    today = clock.today()
    if date is None:
        raise ValidationError({"date": [_("Ange ett datum.")]})
    if date < today:
        raise ValidationError({"date": [_("Välj i dag eller en senare dag: en stängd dag gäller planeringen framåt.")]})
    if date > today.replace(year=today.year + CLOSURE_YEARS_AHEAD, day=1):
        raise ValidationError({"date": [_("Välj en dag högst %(years)s år framåt.") % {"years": CLOSURE_YEARS_AHEAD}]})
    if date.weekday() >= 5:
        raise ValidationError({"date": [_("Det är en lördag eller söndag: då hålls inga kurstillfällen ändå.")]})
    if date in planning.public_holidays([date.year]):
        raise ValidationError({"date": [_("Det är en helgdag eller helgafton: den är redan stängd.")]})
    already = _("%(date)s är redan en stängd dag.") % {"date": date_format(date, "SHORT_DATE_FORMAT")}
    if ClosureDay.objects.filter(organisation=organisation, date=date).exists():
        raise ValidationError({"date": [already]})
    try:
        with transaction.atomic():
            return ClosureDay.objects.create(organisation=organisation, date=date, reason=reason.strip())
    except IntegrityError as error:  # the same day added by another request at once
        raise ValidationError({"date": [already]}) from error


@audit.records_actor
@transaction.atomic
def closure_day_remove(*, actor, closure_day: ClosureDay) -> None:
    """Open a closed day again (the history keeps that it was closed); planned rounds are not moved."""
    closure_day.delete()


def round_create_planned(*, course: Course, planned: planning.PlannedRound, capacity: int, place: str) -> bool:
    """Create one planned round with its sessions unless the (course, planning key) exists; return True if made.

    The unique constraint decides: get_or_create inserts in a savepoint and, when another run has
    inserted the same key first, reads that row instead. A moved or cancelled round keeps its key,
    so it is never created again.
    """
    with transaction.atomic():
        first, last = planned.sessions[0].date, planned.sessions[-1].date
        course_round, created = CourseRound.objects.get_or_create(
            course=course,
            planning_key=planned.planning_key,
            defaults={
                "title": planned.title,
                "capacity": capacity,
                "status": RoundStatus.OPEN,
                "starts_on": first,
                "ends_on": last,
            },
        )
        if not created:
            return False
        modules = {module.pk: module for module in course.modules.all()}
        for session in planned.sessions:
            made = RoundSession.objects.create(
                course_round=course_round,
                date=session.date,
                start_time=session.start_time,
                end_time=session.end_time,
                place=place,
            )
            made.modules.set([modules[key] for key in session.module_keys if key in modules])
        return True


def _not_made(*, course: Course, planned) -> list[planning.PlannedRound]:
    """Keep the planned rounds whose key the course has no round for (a moved or cancelled round keeps its key).

    One read for the window rather than a savepoint and a read in round_create_planned for each of its rounds,
    every night: most nights every round of the window is made already. Two runs at once may both keep a
    round; round_create_planned's unique key then makes it once.
    """
    planned = list(planned)
    made = set(
        CourseRound.objects.filter(
            course=course, planning_key__in=[round_.planning_key for round_ in planned]
        ).values_list("planning_key", flat=True)
    )
    return [round_ for round_ in planned if round_.planning_key not in made]


def rounds_plan_queue(*, organisation: Organisation) -> None:
    """Queue a planning run for the organisation once the current transaction commits (the "plan now" button)."""
    from courses import tasks

    organisation_id = organisation.pk
    transaction.on_commit(lambda: tasks.plan_organisation.delay(organisation_id), robust=True)


def rounds_plan(*, organisation: Organisation, today: datetime.date | None = None) -> int:
    """Keep the window planned: a Del 1 round in each month not excluded (nine a year by default) and one Del 2.

    The window is twelve months from this month when its round starts `lead_days` ahead, else from the next
    (see `courses.planning`). Safe to run twice or from two processes at once; returns how many rounds it created.
    """
    today = today or clock.today()
    settings = planning_settings_for(organisation=organisation)
    excluded = set(settings.excluded_months)
    closed = planning.closed_days(
        first=today,
        closures=ClosureDay.objects.filter(organisation=organisation, date__gte=today).values_list("date", flat=True),
    )
    created = 0
    courses = {
        course.kind: course
        for course in Course.objects.filter(organisation=organisation, kind__in=[CourseKind.DEL1, CourseKind.DEL2])
    }
    del1, del2 = courses.get(CourseKind.DEL1), courses.get(CourseKind.DEL2)
    busy_days: set[datetime.date] = set()
    pattern = {
        "excluded_months": excluded,
        "weekday": settings.weekday,
        "week_of_month": settings.week_of_month,
        "lead_days": settings.lead_days,
        "closed": closed,
    }
    if del1 is not None and del1.active:
        modules = [(module.pk, module.days) for module in del1.modules.all()]
        for planned in _not_made(course=del1, planned=planning.del1_rounds(today=today, modules=modules, **pattern)):
            created += round_create_planned(
                course=del1, planned=planned, capacity=settings.capacity, place=settings.default_place
            )
        # Del 2 runs over months beyond the window; keep its days off Del 1's pattern days there too.
        for planned in planning.del1_rounds(
            today=today, modules=modules, horizon=2 * planning.HORIZON_MONTHS, **pattern
        ):
            busy_days.update(session.date for session in planned.sessions)
    if del2 is not None and del2.active:
        modules = [(module.pk, module.days) for module in del2.modules.all()]
        del2_planned = planning.del2_rounds(
            today=today,
            modules=modules,
            start_month=settings.del2_month,
            interval_weeks=settings.del2_interval_weeks,
            busy_days=frozenset(busy_days),
            **pattern,
        )
        for planned in _not_made(course=del2, planned=del2_planned):
            created += round_create_planned(
                course=del2, planned=planned, capacity=settings.del2_capacity, place=settings.default_place
            )
    return created
