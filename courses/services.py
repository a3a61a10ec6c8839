"""Writes to the course programme: each is keyword-only, atomic, validating, and sends its side effects on commit.

Seats are handed out under a row lock on the round (`select_for_update`), so capacity holds however
many nominations arrive at once; every status change of a nomination writes a NominationEvent.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import dialogue_groups, planning
from courses.models import (
    ACTIVE_STATUSES,
    ENROLLED_STATUSES,
    Attendance,
    CalendarFeed,
    ClosureDay,
    Course,
    CourseKind,
    CourseModule,
    CourseRound,
    DialogueGroup,
    DialogueGroupMember,
    DropOutReason,
    Nomination,
    NominationEvent,
    NominationEventKind,
    NominationStatus,
    PlanningSettings,
    RoundSession,
    RoundStatus,
)
from courses.programme import install_default_programme
from courses.signals import participation_completed, round_held, session_attended
from districts import clock
from districts import selectors as district_selectors
from districts.models import Organisation, StaffMember


def _queue_notification(event: NominationEvent, *, round_cancelled: bool = False):
    from courses import tasks

    event_id = event.pk
    # robust: the booking is committed; a broker that cannot take the email must not fail the user's request.
    transaction.on_commit(lambda: tasks.notify_nomination_event.delay(event_id, round_cancelled), robust=True)


def _event(
    nomination: Nomination,
    kind: str,
    actor,
    note: str = "",
    notify: bool = False,
    round_cancelled: bool = False,
) -> NominationEvent:
    event = NominationEvent.objects.create(nomination=nomination, kind=kind, actor=actor, note=note)
    if notify:
        _queue_notification(event, round_cancelled=round_cancelled)
    return event


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


# --- the programme ---------------------------------------------------------------------------------------------


@transaction.atomic
def programme_install_defaults(*, organisation: Organisation) -> None:
    """Give the organisation the default Del 1 and Del 2 unless it has them."""
    install_default_programme(Course, CourseModule, organisation.pk)
    PlanningSettings.objects.get_or_create(organisation=organisation)


def course_save(
    *,
    organisation: Organisation,
    course: Course | None = None,
    name: str,
    kind: str,
    description: str = "",
    active: bool = True,
) -> Course:
    """Create a course, or change one; Del 1 and Del 2 exist once per organisation."""
    course = course or Course(organisation=organisation)
    if course.organisation_id != organisation.pk:
        raise ValidationError(_("Kursen hör till en annan organisation."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Ange ett namn.")]})
    if kind in (CourseKind.DEL1, CourseKind.DEL2):
        taken = Course.objects.filter(organisation=organisation, kind=kind).exclude(pk=course.pk)
        if taken.exists():
            raise ValidationError({"kind": [_("Organisationen har redan en kurs av den typen.")]})
    if Course.objects.filter(organisation=organisation, name__iexact=name).exclude(pk=course.pk).exists():
        raise ValidationError({"name": [_("Det finns redan en kurs med det namnet.")]})
    course.name, course.kind, course.description, course.active = name, kind, description, active
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError as error:
        raise ValidationError(_("Kursen kunde inte sparas: namnet eller typen används redan.")) from error
    return course


def module_save(
    *,
    course: Course,
    module: CourseModule | None = None,
    title: str,
    area: str,
    days: Decimal,
    order: int,
) -> CourseModule:
    """Create or change a module or theme of a course."""
    module = module or CourseModule(course=course)
    if module.course_id != course.pk:
        raise ValidationError(_("Modulen hör till en annan kurs."))
    if days is None or days < 0:
        raise ValidationError({"days": [_("Antal dagar kan inte vara negativt.")]})
    title = title.strip()
    if CourseModule.objects.filter(course=course, title__iexact=title).exclude(pk=module.pk).exists():
        raise ValidationError({"title": [_("Kursen har redan en modul med den titeln.")]})
    module.title, module.area, module.days, module.order = title, area, days, order
    try:
        with transaction.atomic():
            module.save()
    except IntegrityError as error:
        raise ValidationError({"title": [_("Kursen har redan en modul med den titeln.")]}) from error
    return module


# --- planning ----------------------------------------------------------------------------------------------------


def planning_settings_for(*, organisation: Organisation) -> PlanningSettings:
    """Return the organisation's planning settings, created with the defaults on first use."""
    settings, _created = PlanningSettings.objects.get_or_create(organisation=organisation)
    return settings


@transaction.atomic
def planning_settings_update(*, organisation: Organisation, **values) -> PlanningSettings:
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
        for planned in planning.del1_rounds(today=today, modules=modules, **pattern):
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
        for planned in planning.del2_rounds(
            today=today,
            modules=modules,
            start_month=settings.del2_month,
            interval_weeks=settings.del2_interval_weeks,
            busy_days=frozenset(busy_days),
            **pattern,
        ):
            created += round_create_planned(
                course=del2, planned=planned, capacity=settings.del2_capacity, place=settings.default_place
            )
    return created


# --- rounds and sessions -----------------------------------------------------------------------------------------


def _round_refresh_dates(course_round: CourseRound) -> None:
    span = course_round.sessions.filter(cancelled=False).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        span = course_round.sessions.aggregate(first=Min("date"), last=Max("date"))
    course_round.starts_on, course_round.ends_on = span["first"], span["last"]
    course_round.save(update_fields=["starts_on", "ends_on", "updated_at"])


SESSION_YEARS_BACK, SESSION_YEARS_AHEAD = 10, 5


def _check_date_in_range(date: datetime.date, field: str = "date") -> None:
    """Refuse dates far from today: typing mistakes (year 9999) that would also overflow date arithmetic."""
    today = clock.today()
    if not (
        today.replace(year=today.year - SESSION_YEARS_BACK, day=1)
        <= date
        <= today.replace(year=today.year + SESSION_YEARS_AHEAD, day=1)
    ):
        raise ValidationError(
            {
                field: [
                    _("Välj ett datum högst %(back)s år bakåt och %(ahead)s år framåt.")
                    % {"back": SESSION_YEARS_BACK, "ahead": SESSION_YEARS_AHEAD}
                ]
            }
        )


def _check_session(*, date, start_time, end_time) -> None:
    if date is None or start_time is None or end_time is None:
        raise ValidationError(_("Ange datum, starttid och sluttid."))
    _check_date_in_range(date)
    if end_time <= start_time:
        raise ValidationError({"end_time": [_("Sluttiden måste vara efter starttiden.")]})


def _lecturers_by_email(course: Course, emails: Iterable[str], *, keep: Iterable[int] = ()) -> list[StaffMember]:
    """Return the organisation's staff with these work emails; people who left count only if already set (`keep`)."""
    emails = sorted({email.strip().lower() for email in emails if email.strip()})
    if not emails:
        return []
    found = {
        person.work_email.lower(): person
        for person in StaffMember.objects.annotate(email_lower=Lower("work_email"))
        .filter(organisation_id=course.organisation_id, email_lower__in=emails)
        .filter(district_selectors.employed_on(clock.today()) | Q(pk__in=list(keep)))
    }
    missing = [email for email in emails if email not in found]
    if missing:
        raise ValidationError(
            {
                "lecturer_emails": [
                    _("Ingen anställd i organisationen har e-postadressen %(emails)s.") % {"emails": ", ".join(missing)}
                ]
            }
        )
    return [found[email] for email in emails]


def _check_modules(course: Course, modules: Iterable[CourseModule]) -> list[CourseModule]:
    modules = list(modules)
    if any(module.course_id != course.pk for module in modules):
        raise ValidationError({"modules": [_("Modulerna måste höra till omgångens kurs.")]})
    return modules


@transaction.atomic
def round_create(
    *,
    course: Course,
    title: str,
    capacity: int,
    sessions: list[dict],
    status: str = RoundStatus.OPEN,
    notes: str = "",
) -> CourseRound:
    """Create a round with its sessions (each a dict of date, start_time, end_time, place, lecturers, modules)."""
    if not sessions:
        raise ValidationError(_("En kursomgång behöver minst ett kurstillfälle."))
    if capacity is None or capacity < 1:
        raise ValidationError({"capacity": [_("Antal platser måste vara minst 1.")]})
    if status in (RoundStatus.HELD, RoundStatus.CANCELLED):
        raise ValidationError({"status": [_("En ny kursomgång kan inte vara genomförd eller inställd.")]})
    lecturers = []
    for session in sessions:
        _check_session(date=session["date"], start_time=session["start_time"], end_time=session["end_time"])
        _check_modules(course, session.get("modules", []))
        lecturers.append(_lecturers_by_email(course, session.get("lecturer_emails", ())))
    course_round = CourseRound.objects.create(
        course=course, title=title.strip() or course.name, capacity=capacity, status=status, notes=notes
    )
    for session, session_lecturers in zip(sessions, lecturers, strict=True):
        made = RoundSession.objects.create(
            course_round=course_round,
            date=session["date"],
            start_time=session["start_time"],
            end_time=session["end_time"],
            place=session.get("place", ""),
            lecturers=session.get("lecturers", ""),
        )
        made.modules.set(session.get("modules", []))
        made.lecturer_staff.set(session_lecturers)
    _round_refresh_dates(course_round)
    return course_round


def _lock_round(course_round: CourseRound) -> CourseRound:
    return CourseRound.objects.select_for_update().select_related("course").get(pk=course_round.pk)


def _booked_count(course_round: CourseRound) -> int:
    """Return the seats taken: booked, and those who held a seat to the end (completed) or dropped out on the way."""
    return course_round.nominations.filter(status__in=ENROLLED_STATUSES).count()


def _fill_seats(course_round: CourseRound, actor) -> None:
    """Promote from the waitlist while seats are free, and keep OPEN/FULL in step with the seats (round locked)."""
    if course_round.status in (RoundStatus.HELD, RoundStatus.CANCELLED):
        return
    free = course_round.capacity - _booked_count(course_round)
    if free > 0:
        for nomination in course_round.nominations.filter(status=NominationStatus.WAITLISTED).order_by(
            "queued_at", "id"
        )[:free]:
            nomination.status = NominationStatus.BOOKED
            nomination.save(update_fields=["status", "updated_at"])
            _event(nomination, NominationEventKind.PROMOTED, actor, notify=True)
            free -= 1
    wanted = course_round.status
    if free <= 0 and course_round.status == RoundStatus.OPEN:
        wanted = RoundStatus.FULL
    elif free > 0 and course_round.status == RoundStatus.FULL:
        wanted = RoundStatus.OPEN
    if wanted != course_round.status:
        course_round.status = wanted
        course_round.save(update_fields=["status", "updated_at"])


@transaction.atomic
def round_update(
    *, course_round: CourseRound, title: str, capacity: int, status: str, notes: str, actor
) -> CourseRound:
    """Change a round's title, seats, status or notes; more seats promote people from the waitlist."""
    course_round = _lock_round(course_round)
    if capacity is None or capacity < 1:
        raise ValidationError({"capacity": [_("Antal platser måste vara minst 1.")]})
    booked = _booked_count(course_round)
    if capacity < booked:
        raise ValidationError(
            {"capacity": [_("%(booked)s personer är redan bokade; minska inte under det.") % {"booked": booked}]}
        )
    if status == RoundStatus.CANCELLED and course_round.status != RoundStatus.CANCELLED:
        raise ValidationError({"status": [_("Ställ in omgången med knappen ”Ställ in omgången”.")]})
    if status == RoundStatus.HELD and course_round.status != RoundStatus.HELD:
        raise ValidationError({"status": [_("Markera omgången som genomförd med knappen ”Markera som genomförd”.")]})
    course_round.title, course_round.capacity, course_round.notes = title.strip(), capacity, notes
    course_round.status = status
    course_round.save()
    _fill_seats(course_round, actor)
    return course_round


@transaction.atomic
def round_move(*, course_round: CourseRound, new_start: datetime.date) -> CourseRound:
    """Move all sessions of a round so that its first day is `new_start`; the planner then leaves it alone."""
    course_round = _lock_round(course_round)
    if course_round.status in (RoundStatus.HELD, RoundStatus.CANCELLED):
        raise ValidationError(_("En genomförd eller inställd omgång kan inte flyttas."))
    if course_round.starts_on is None:
        raise ValidationError(_("Omgången har inga kurstillfällen att flytta."))
    shift = new_start - course_round.starts_on
    _check_date_in_range(new_start, "new_start")
    _check_date_in_range(
        new_start + ((course_round.ends_on or course_round.starts_on) - course_round.starts_on), "new_start"
    )
    for session in course_round.sessions.all():
        session.date += shift
        session.sequence += 1
        session.save(update_fields=["date", "sequence", "updated_at"])
    course_round.moved_by_coordinator = True
    course_round.save(update_fields=["moved_by_coordinator", "updated_at"])
    _round_refresh_dates(course_round)
    return course_round


@transaction.atomic
def round_cancel(*, course_round: CourseRound, actor, note: str = "") -> CourseRound:
    """Cancel a round: its sessions show as cancelled in calendars and its active nominations are cancelled."""
    course_round = _lock_round(course_round)
    if course_round.status == RoundStatus.HELD:
        raise ValidationError(_("En genomförd omgång kan inte ställas in."))
    if course_round.status == RoundStatus.CANCELLED:
        return course_round
    course_round.status = RoundStatus.CANCELLED
    course_round.save(update_fields=["status", "updated_at"])
    for session in course_round.sessions.all():
        session.sequence += 1
        session.save(update_fields=["sequence", "updated_at"])
    for nomination in course_round.nominations.filter(status__in=ACTIVE_STATUSES):
        nomination.status = NominationStatus.CANCELLED
        nomination.save(update_fields=["status", "updated_at"])
        _event(
            nomination,
            NominationEventKind.CANCELLED,
            _actor(actor),
            note=note or _("Kursomgången ställdes in."),
            notify=True,
            round_cancelled=True,
        )
    return course_round


@transaction.atomic
def round_mark_held(*, course_round: CourseRound, actor) -> CourseRound:
    """Mark a round as held (genomförd); listeners (e.g. evaluation surveys) hear of it after commit."""
    course_round = _lock_round(course_round)
    if course_round.status == RoundStatus.CANCELLED:
        raise ValidationError(_("En inställd omgång kan inte markeras som genomförd."))
    if course_round.status == RoundStatus.HELD:
        return course_round
    if course_round.starts_on and course_round.starts_on > clock.today():
        raise ValidationError(_("Omgången har inte börjat än."))
    course_round.status = RoundStatus.HELD
    course_round.save(update_fields=["status", "updated_at"])
    for nomination in course_round.nominations.filter(status=NominationStatus.WAITLISTED):
        nomination.status = NominationStatus.CANCELLED
        nomination.save(update_fields=["status", "updated_at"])
        _event(
            nomination,
            NominationEventKind.CANCELLED,
            _actor(actor),
            note=_("Omgången genomfördes utan att en plats blev ledig."),
        )
    transaction.on_commit(lambda: round_held.send(sender=CourseRound, course_round=course_round))
    return course_round


@transaction.atomic
def session_save(
    *,
    course_round: CourseRound,
    session: RoundSession | None = None,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str = "",
    lecturers: str = "",
    modules: Iterable[CourseModule] = (),
    lecturer_emails: Iterable[str] = (),
) -> RoundSession:
    """Add a session to a round or change one; a changed session gets a new calendar sequence.

    Lecturers from the staff are named by work email, which scales to any size of organisation.
    """
    course_round = _lock_round(course_round)
    if course_round.status in (RoundStatus.HELD, RoundStatus.CANCELLED):
        raise ValidationError(_("Kurstillfällen i en genomförd eller inställd omgång kan inte ändras."))
    _check_session(date=date, start_time=start_time, end_time=end_time)
    modules = _check_modules(course_round.course, modules)
    current = list(session.lecturer_staff.values_list("pk", flat=True)) if session is not None else []
    lecturer_staff = _lecturers_by_email(course_round.course, lecturer_emails, keep=current)
    if session is None:
        session = RoundSession(course_round=course_round)
    elif session.course_round_id != course_round.pk:
        raise ValidationError(_("Kurstillfället hör till en annan omgång."))
    else:
        session.sequence += 1
        if session.date != date and course_round.planning_key:
            course_round.moved_by_coordinator = True
            course_round.save(update_fields=["moved_by_coordinator", "updated_at"])
    session.date, session.start_time, session.end_time = date, start_time, end_time
    session.place, session.lecturers = place, lecturers
    session.save()
    session.modules.set(modules)
    session.lecturer_staff.set(lecturer_staff)
    _round_refresh_dates(course_round)
    return session


@transaction.atomic
def session_cancel(*, session: RoundSession) -> RoundSession:
    """Cancel one session; calendars show it as cancelled."""
    course_round = _lock_round(session.course_round)
    if course_round.status == RoundStatus.HELD:
        raise ValidationError(_("Kurstillfällen i en genomförd omgång kan inte ställas in."))
    session.cancelled = True
    session.sequence += 1
    session.save(update_fields=["cancelled", "sequence", "updated_at"])
    _round_refresh_dates(course_round)
    return session


# --- nominations ---------------------------------------------------------------------------------------------------


def round_nominate(
    *, course_round: CourseRound, staff: StaffMember, actor, note: str = "", today: datetime.date | None = None
) -> Nomination:
    """Nominate a person to a round: booked while seats are free, else waitlisted.

    The round row is locked for the count and the insert, so two requests can never take the last
    seat twice; the partial unique constraint refuses a second active nomination of the same person.
    """
    with transaction.atomic():
        course_round = _lock_round(course_round)
        if course_round.status not in (RoundStatus.OPEN, RoundStatus.FULL):
            raise ValidationError(_("Kursomgången är inte öppen för nominering."))
        if staff.organisation_id != course_round.course.organisation_id:
            raise ValidationError(_("Medarbetaren hör till en annan organisation."))
        today = today or clock.today()
        if course_round.ends_on and course_round.ends_on < today:
            raise ValidationError(_("Kursomgången är redan slut."))
        if staff.employment_end and staff.employment_end < max(today, course_round.starts_on or today):
            raise ValidationError(
                _("%(name)s har slutat eller slutar före omgången (anställningen slutar %(end)s).")
                % {"name": staff.full_name, "end": date_format(staff.employment_end, "SHORT_DATE_FORMAT")}
            )
        if Nomination.objects.filter(course_round=course_round, staff=staff, status__in=ACTIVE_STATUSES).exists():
            raise ValidationError(_("%(name)s är redan nominerad till den här omgången.") % {"name": staff.full_name})
        booked = _booked_count(course_round) < course_round.capacity
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    course_round=course_round,
                    staff=staff,
                    status=NominationStatus.BOOKED if booked else NominationStatus.WAITLISTED,
                    nominated_by=_actor(actor),
                )
        except IntegrityError as error:
            raise ValidationError(
                _("%(name)s är redan nominerad till den här omgången.") % {"name": staff.full_name}
            ) from error
        _event(nomination, NominationEventKind.NOMINATED, _actor(actor), note=note)
        kind = NominationEventKind.BOOKED if booked else NominationEventKind.WAITLISTED
        _event(nomination, kind, _actor(actor), notify=True)
        _fill_seats(course_round, _actor(actor))
        return nomination


@transaction.atomic
def nomination_cancel(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Cancel a booking or a place on the waitlist; a freed seat goes to the first on the waitlist."""
    course_round = _lock_round(nomination.course_round)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if nomination.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Bara bokade eller reserver kan avbokas."))
    nomination.status = NominationStatus.CANCELLED
    nomination.save(update_fields=["status", "updated_at"])
    _event(nomination, NominationEventKind.CANCELLED, _actor(actor), note=note, notify=True)
    _fill_seats(course_round, _actor(actor))
    return nomination


@transaction.atomic
def nomination_drop_out(*, nomination: Nomination, reason: str, text: str = "", actor) -> Nomination:
    """Record that a participant dropped out of a round, with the reason."""
    _lock_round(nomination.course_round)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if reason not in DropOutReason.values:
        raise ValidationError({"reason": [_("Välj en orsak.")]})
    if reason == DropOutReason.OTHER and not text.strip():
        raise ValidationError({"text": [_("Beskriv orsaken när du väljer Annat.")]})
    if nomination.status != NominationStatus.BOOKED:
        raise ValidationError(_("Bara bokade deltagare kan avbryta."))
    nomination.status = NominationStatus.DROPPED_OUT
    nomination.drop_out_reason, nomination.drop_out_text = reason, text.strip()
    nomination.save(update_fields=["status", "drop_out_reason", "drop_out_text", "updated_at"])
    _event(nomination, NominationEventKind.DROPPED_OUT, _actor(actor), note=text.strip())
    return nomination


def _complete(nomination: Nomination, actor, note: str = "") -> None:
    nomination.status = NominationStatus.COMPLETED
    nomination.completed_at = clock.now()
    nomination.save(update_fields=["status", "completed_at", "completion_override_reason", "updated_at"])
    _event(nomination, NominationEventKind.COMPLETED, actor, note=note)
    transaction.on_commit(lambda: participation_completed.send(sender=Nomination, nomination=nomination))


@transaction.atomic
def nomination_complete_override(*, nomination: Nomination, reason: str, actor) -> Nomination:
    """Mark a participant as completed although not every session is attended, with the reason why."""
    _lock_round(nomination.course_round)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if not reason.strip():
        raise ValidationError({"reason": [_("Ange skälet till att deltagaren godkänns ändå.")]})
    if nomination.status != NominationStatus.BOOKED:
        raise ValidationError(_("Bara bokade deltagare kan markeras som slutförda."))
    nomination.completion_override_reason = reason.strip()
    _complete(nomination, _actor(actor), note=reason.strip())
    return nomination


@transaction.atomic
def attendance_record(
    *, course_round: CourseRound, present: set[tuple[int, int]], actor, today: datetime.date | None = None
) -> int:
    """Record attendance for the whole round at once: `present` holds the (session id, nomination id) pairs present.

    Only sessions that have taken place (date up to today) are recorded; for them, pairs not in
    `present` are recorded absent, and pairs of later sessions are ignored. A participant present at
    every session that was not cancelled completes the round. Returns the number who completed now.
    """
    actor = _actor(actor)
    today = today or clock.today()
    course_round = _lock_round(course_round)
    all_sessions = list(course_round.sessions.filter(cancelled=False))
    sessions = [session for session in all_sessions if session.date <= today]
    participants = list(
        course_round.nominations.filter(status__in=[NominationStatus.BOOKED, NominationStatus.COMPLETED])
    )
    existing = {
        (row.session_id, row.nomination_id): row
        for row in Attendance.objects.filter(session__in=sessions, nomination__in=participants)
    }
    now = clock.now()
    newly_present = []
    to_create, to_update = [], []
    for session in sessions:
        for nomination in participants:
            key = (session.pk, nomination.pk)
            is_present = key in present
            row = existing.get(key)
            if row is None:
                row = Attendance(
                    session=session, nomination=nomination, present=is_present, recorded_by=actor, recorded_at=now
                )
                to_create.append(row)
            elif row.present != is_present:
                row.present, row.recorded_by, row.recorded_at = is_present, actor, now
                to_update.append(row)
            else:
                continue
            if is_present:
                newly_present.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present", "recorded_by", "recorded_at"])
    session_dates = {session.pk: session.date for session in sessions}
    for row in newly_present:
        _event(
            row.nomination,
            NominationEventKind.ATTENDED,
            actor,
            note=_("Närvarande %(date)s") % {"date": session_dates[row.session_id].isoformat()},
        )
        transaction.on_commit(lambda row=row: session_attended.send(sender=Attendance, attendance=row))
    completed = 0
    session_ids = {session.pk for session in sessions}
    if len(sessions) < len(all_sessions):
        return completed  # sessions still to come: nobody has attended them all yet
    for nomination in participants:
        if nomination.status != NominationStatus.BOOKED or not session_ids:
            continue
        if all((session_id, nomination.pk) in present for session_id in session_ids):
            _complete(nomination, actor)
            completed += 1
    return completed


# --- dialogue groups -----------------------------------------------------------------------------------------------


@transaction.atomic
def dialogue_groups_split(*, course_round: CourseRound, group_size: int) -> list[DialogueGroup]:
    """Split the booked participants into mixed dialogue groups of about `group_size`, replacing earlier groups."""
    course_round = _lock_round(course_round)
    if group_size is None or group_size < 2:
        raise ValidationError({"group_size": [_("En grupp behöver minst två deltagare.")]})
    nominations = list(
        course_round.nominations.filter(status__in=[NominationStatus.BOOKED, NominationStatus.COMPLETED])
        .select_related("staff__unit__district")
        .order_by("staff__last_name", "staff__first_name", "pk")
    )
    if not nominations:
        raise ValidationError(_("Omgången har inga bokade deltagare att dela in."))
    people = [
        dialogue_groups.Person(
            key=nomination.pk,
            district=nomination.staff.unit.district_id if nomination.staff.unit else None,
            area=nomination.staff.unit.area if nomination.staff.unit else None,
            unit=nomination.staff.unit_id,
        )
        for nomination in nominations
    ]
    split = dialogue_groups.split_into_groups(people, group_size)
    course_round.dialogue_groups.all().delete()
    groups = DialogueGroup.objects.bulk_create(
        [DialogueGroup(course_round=course_round, number=number) for number in range(1, len(split) + 1)]
    )
    DialogueGroupMember.objects.bulk_create(
        [
            DialogueGroupMember(group=group, nomination_id=person.key)
            for group, members in zip(groups, split, strict=True)
            for person in members
        ]
    )
    return groups


@transaction.atomic
def dialogue_group_member_move(*, nomination: Nomination, group: DialogueGroup) -> DialogueGroupMember:
    """Move a participant to another dialogue group of the same round."""
    if group.course_round_id != nomination.course_round_id:
        raise ValidationError(_("Gruppen hör till en annan omgång."))
    member, _created = DialogueGroupMember.objects.update_or_create(nomination=nomination, defaults={"group": group})
    return member


# --- calendar feeds ------------------------------------------------------------------------------------------------


def calendar_feed_for(*, staff: StaffMember) -> CalendarFeed:
    """Return the person's calendar feed, creating it on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(staff=staff)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, staff: StaffMember) -> CalendarFeed:
    """Give the person a new feed address; the old one stops working at once."""
    feed = calendar_feed_for(staff=staff)
    feed.token = CalendarFeed._meta.get_field("token").default()
    feed.save(update_fields=["token", "created_at"])
    return feed
