"""Writes to rounds and their sessions: create, change, move, cancel, mark as held."""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import certificates
from courses.models import (
    ACTIVE_STATUSES,
    Course,
    CourseModule,
    CourseRound,
    DropOutReason,
    Nomination,
    NominationEventKind,
    NominationStatus,
    RoundSession,
    RoundStatus,
)
from courses.outcomes import Outcome
from courses.services.events import _actor, _event, _queue_session_changed
from courses.services.nominations import complete_participation, drop_out_participation
from courses.services.seats import _booked_count, _fill_seats, _lock_round
from courses.signals import round_held
from districts import audit, clock
from districts import selectors as district_selectors
from districts.models import StaffMember


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
        .filter(district_selectors.employed_on(day=clock.today()) | Q(pk__in=list(keep)))
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


def _lecturers_by_id(course: Course, staff_ids: Iterable[int], *, keep: Iterable[int] = ()) -> list[StaffMember]:
    """Return the organisation's staff with these ids; people who left count only if already set (`keep`)."""
    staff_ids = sorted(set(staff_ids))
    if not staff_ids:
        return []
    found = list(
        StaffMember.objects.filter(organisation_id=course.organisation_id, pk__in=staff_ids)
        .filter(district_selectors.employed_on(day=clock.today()) | Q(pk__in=list(keep)))
        .order_by("last_name", "first_name", "id")
    )
    if len(found) != len(staff_ids):
        raise ValidationError({"picked_lecturers": [_("Välj föreläsare bland organisationens anställda medarbetare.")]})
    return found


def _check_modules(course: Course, modules: Iterable[CourseModule]) -> list[CourseModule]:
    modules = list(modules)
    if any(module.course_id != course.pk for module in modules):
        raise ValidationError({"modules": [_("Modulerna måste höra till omgångens kurs.")]})
    return modules


@audit.records_actor
@transaction.atomic
def round_create(
    *,
    actor,
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


@audit.records_actor
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


@audit.records_actor
@transaction.atomic
def round_move(*, actor, course_round: CourseRound, new_start: datetime.date) -> CourseRound:
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
    sessions = list(course_round.sessions.all())
    for session in sessions:
        session.date += shift
        session.sequence += 1
        session.save(update_fields=["date", "sequence", "updated_at"])
    _queue_session_changed(*sessions)  # one e-mail per participant for the whole move
    course_round.moved_by_coordinator = True
    course_round.save(update_fields=["moved_by_coordinator", "updated_at"])
    _round_refresh_dates(course_round)
    return course_round


@audit.records_actor
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


def check_round_started(course_round: CourseRound, *, today: datetime.date | None = None) -> None:
    """Refuse to hold a round that is cancelled, has no session, or whose first session is still ahead."""
    if course_round.status == RoundStatus.CANCELLED:
        raise ValidationError(_("En inställd omgång kan inte markeras som genomförd."))
    if course_round.starts_on is None:
        raise ValidationError(_("Omgången har inga kurstillfällen och kan inte markeras som genomförd."))
    if course_round.starts_on > (today or clock.today()):
        raise ValidationError(
            _("Omgången har inte börjat än. Den kan markeras som genomförd från och med %(date)s.")
            % {"date": date_format(course_round.starts_on, "SHORT_DATE_FORMAT")}
        )


def _check_outcome(nomination: Nomination, outcome: Outcome | None) -> None:
    name = nomination.staff.full_name
    if outcome is None:
        raise ValidationError(_("Ange om %(name)s slutförde omgången.") % {"name": name})
    if outcome.completed:
        return
    if outcome.reason not in DropOutReason.values:
        raise ValidationError(_("Välj en orsak till att %(name)s inte slutförde.") % {"name": name})
    if outcome.reason == DropOutReason.OTHER and not outcome.text.strip():
        raise ValidationError(_("Beskriv orsaken för %(name)s när du väljer Annat.") % {"name": name})


@audit.records_actor
@transaction.atomic
def round_mark_held(
    *, course_round: CourseRound, actor, outcomes: Mapping[int, Outcome], today: datetime.date | None = None
) -> CourseRound:
    """Mark a round as held (genomförd), settling each booked participant's outcome by nomination id.

    Everyone booked becomes completed or dropped out ("Avbrutit", with a reason), so no one stays
    "Bokad" on a held round; the waitlist is cancelled. Nothing changes unless every outcome is valid.
    Listeners (checklist ticks, evaluation surveys) hear of it after commit.
    """
    course_round = _lock_round(course_round)
    if course_round.status == RoundStatus.HELD:
        return course_round
    check_round_started(course_round, today=today)
    actor = _actor(actor)
    booked = list(
        course_round.nominations.filter(status=NominationStatus.BOOKED).select_related("staff").order_by("pk")
    )
    unknown = set(outcomes) - {nomination.pk for nomination in booked}
    if unknown:
        raise ValidationError(_("Utfallet gäller någon som inte är bokad på omgången. Ladda om sidan och försök igen."))
    for nomination in booked:
        _check_outcome(nomination, outcomes.get(nomination.pk))
    note = _("Utfall satt när omgången markerades som genomförd.")
    for nomination in booked:
        outcome = outcomes[nomination.pk]
        if outcome.completed:
            complete_participation(nomination, actor, note=note)
        else:
            drop_out_participation(nomination, actor, reason=outcome.reason, text=outcome.text)
    for nomination in course_round.nominations.filter(status=NominationStatus.WAITLISTED):
        nomination.status = NominationStatus.CANCELLED
        nomination.save(update_fields=["status", "updated_at"])
        _event(
            nomination,
            NominationEventKind.CANCELLED,
            actor,
            note=_("Omgången genomfördes utan att en plats blev ledig."),
        )
    if course_round.nominations.filter(status__in=ACTIVE_STATUSES).exists():  # pragma: no cover - invariant
        raise ValidationError(_("Alla deltagare måste ha ett utfall innan omgången är genomförd."))
    course_round.status = RoundStatus.HELD
    course_round.save(update_fields=["status", "updated_at"])
    certificates.certificates_issue_for_round(course_round=course_round, actor=actor)
    transaction.on_commit(lambda: round_held.send(sender=CourseRound, course_round=course_round))
    return course_round


@audit.records_actor
@transaction.atomic
def session_save(
    *,
    actor,
    course_round: CourseRound,
    session: RoundSession | None = None,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    place: str = "",
    lecturers: str = "",
    modules: Iterable[CourseModule] = (),
    lecturer_emails: Iterable[str] = (),
    picked_lecturers: Iterable[int] = (),
) -> RoundSession:
    """Add a session to a round or change one; a changed session gets a new calendar sequence.

    Lecturers from the staff are picked from the key-people register (`picked_lecturers`, staff ids) or named
    by work email, which scales to any size of organisation; both become the session's `lecturer_staff`.
    """
    course_round = _lock_round(course_round)
    if course_round.status in (RoundStatus.HELD, RoundStatus.CANCELLED):
        raise ValidationError(_("Kurstillfällen i en genomförd eller inställd omgång kan inte ändras."))
    _check_session(date=date, start_time=start_time, end_time=end_time)
    modules = _check_modules(course_round.course, modules)
    current = list(session.lecturer_staff.values_list("pk", flat=True)) if session is not None else []
    lecturer_staff = _lecturers_by_email(course_round.course, lecturer_emails, keep=current)
    lecturer_staff += [
        person
        for person in _lecturers_by_id(course_round.course, picked_lecturers, keep=current)
        if person not in lecturer_staff
    ]
    changed = False
    if session is None:
        session = RoundSession(course_round=course_round)
    elif session.course_round_id != course_round.pk:
        raise ValidationError(_("Kurstillfället hör till en annan omgång."))
    else:
        session.sequence += 1
        changed = (session.date, session.start_time, session.end_time, session.place) != (
            date,
            start_time,
            end_time,
            place,
        )
        if session.date != date and course_round.planning_key:
            course_round.moved_by_coordinator = True
            course_round.save(update_fields=["moved_by_coordinator", "updated_at"])
    session.date, session.start_time, session.end_time = date, start_time, end_time
    session.place, session.lecturers = place, lecturers
    session.save()
    session.modules.set(modules)
    session.lecturer_staff.set(lecturer_staff)
    _round_refresh_dates(course_round)
    if changed:
        _queue_session_changed(session)
    return session


@audit.records_actor
@transaction.atomic
def session_cancel(*, actor, session: RoundSession) -> RoundSession:
    """Cancel one session; calendars show it as cancelled."""
    course_round = _lock_round(session.course_round)
    if course_round.status == RoundStatus.HELD:
        raise ValidationError(_("Kurstillfällen i en genomförd omgång kan inte ställas in."))
    session.cancelled = True
    session.sequence += 1
    session.save(update_fields=["cancelled", "sequence", "updated_at"])
    _round_refresh_dates(course_round)
    _queue_session_changed(session)
    return session
