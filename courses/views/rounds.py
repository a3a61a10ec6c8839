"""Pages of the calendar and the rounds: the year, one round, create, change, move, cancel, mark as held, .ics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import ical, selectors, services
from courses.forms import (
    COMPLETED,
    NOT_COMPLETED,
    CancelForm,
    CompleteForm,
    DropOutForm,
    NomineeSearchForm,
    OutcomeFormSet,
    RoundCreateForm,
    RoundEditForm,
    RoundMoveForm,
    session_formset_for,
)
from courses.models import CourseRound, NominationStatus, RoundStatus
from courses.outcomes import Outcome
from courses.views.base import _coordinated_round, _organisation, manage_programme
from districts import access, clock
from districts.access import Capability
from districts.form_errors import apply_errors, errors_to_messages


def calendar(request):
    today = clock.today()
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    months = selectors.calendar_year(user=request.user, year=year)
    return render(
        request,
        "courses/calendar.html",
        {"months": months, "year": year, "previous_year": year - 1, "next_year": year + 1, "today": today},
    )


def round_detail(request, pk):
    try:
        course_round = selectors.round_detail(user=request.user, pk=pk)
    except CourseRound.DoesNotExist as error:
        raise Http404 from error
    nominations = list(selectors.nominations_on_round(user=request.user, course_round=course_round))
    # Those who gave their place back (or were moved) are listed apart, under the ones who took part.
    participants = [n for n in nominations if n.status != NominationStatus.CANCELLED]
    cancelled = [n for n in nominations if n.status == NominationStatus.CANCELLED]
    can_nominate = access.has_capability(request.user, Capability.NOMINATE) and course_round.status in (
        RoundStatus.OPEN,
        RoundStatus.FULL,
    )
    search = NomineeSearchForm(request.GET or None) if can_nominate else None
    candidates = None
    if search is not None and search.is_valid() and search.cleaned_data["sok"]:
        candidates = selectors.nominee_search(
            user=request.user, course_round=course_round, query=search.cleaned_data["sok"]
        )
    return render(
        request,
        "courses/round_detail.html",
        {
            "course_round": course_round,
            "sessions": course_round.sessions.all(),
            "participants": participants,
            "cancelled": cancelled,
            "today": clock.today(),
            "nominee_search": search,
            "candidates": candidates,
            "candidate_limit": selectors.NOMINEE_SEARCH_LIMIT,
            "move_form": RoundMoveForm(initial={"new_start": course_round.starts_on}),
            "cancel_form": CancelForm(),
            "drop_out_form": DropOutForm(),
            "complete_form": CompleteForm(),
            "has_started": course_round.starts_on is not None and course_round.starts_on <= clock.today(),
        },
    )


@manage_programme
def round_create(request):
    organisation = _organisation(request)
    # The chosen course (?kurs=, or the posted one) sets the session slots and which modules they offer.
    courses, course, modules = selectors.new_round_choices(
        user=request.user, course_id=request.POST.get("course") or request.GET.get("kurs") or ""
    )
    form = RoundCreateForm(request.POST or None, courses=courses, initial={"course": course.pk if course else None})
    formset = session_formset_for(course)(request.POST or None, prefix="sessions", form_kwargs={"modules": modules})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        sessions = [data for data in formset.cleaned_data if data]
        try:
            course_round = services.round_create(
                actor=request.user,
                course=form.cleaned_data["course"],
                title=form.cleaned_data["title"],
                capacity=form.cleaned_data["capacity"],
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
                sessions=sessions,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kursomgången %(title)s är skapad.") % {"title": course_round.title})
            year = course_round.starts_on.year if course_round.starts_on else ""
            return redirect(f"{redirect('courses:calendar').url}?ar={year}#omgang-{course_round.pk}")
    context = {"form": form, "formset": formset, "organisation": organisation, "courses": courses, "course": course}
    return render(request, "courses/round_form.html", context)


@manage_programme
def round_edit(request, pk):
    course_round = _coordinated_round(request, pk)
    form = RoundEditForm(request.POST or None, instance=course_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(course_round=course_round, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kursomgången är sparad."))
            return redirect("courses:round_detail", pk=course_round.pk)
    return render(request, "courses/round_edit.html", {"form": form, "course_round": course_round})


@manage_programme
@require_POST
def round_move(request, pk):
    course_round = _coordinated_round(request, pk)
    form = RoundMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ange ett giltigt datum."))
    else:
        try:
            services.round_move(actor=request.user, course_round=course_round, new_start=form.cleaned_data["new_start"])
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Kursomgången är flyttad."))
    return redirect("courses:round_detail", pk=course_round.pk)


@manage_programme
@require_POST
def round_cancel(request, pk):
    course_round = _coordinated_round(request, pk)
    form = CancelForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.round_cancel(course_round=course_round, actor=request.user, note=note)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Kursomgången är inställd."))
    return redirect("courses:round_detail", pk=course_round.pk)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@manage_programme
def round_mark_held(request, pk):
    """Mark a round held: one form settles each booked participant's outcome, proposed from attendance."""
    course_round = _coordinated_round(request, pk)
    detail = redirect("courses:round_detail", pk=course_round.pk)
    if course_round.status == RoundStatus.HELD:
        messages.info(request, _("Kursomgången är redan markerad som genomförd."))
        return detail
    try:
        services.check_round_started(course_round)
    except ValidationError as error:
        errors_to_messages(request, error)
        return detail
    proposals = selectors.outcome_proposals(course_round=course_round)
    initial = [
        {"nomination": proposal.nomination.pk, "outcome": COMPLETED if proposal.completed else NOT_COMPLETED}
        for proposal in proposals
    ]
    formset = OutcomeFormSet(request.POST or None, initial=initial, prefix="utfall")
    if request.method == "POST" and formset.is_valid():
        outcomes = {
            data["nomination"]: Outcome(
                completed=data["outcome"] == COMPLETED, reason=data["reason"], text=data["text"].strip()
            )
            for data in formset.cleaned_data
        }
        try:
            services.round_mark_held(course_round=course_round, actor=request.user, outcomes=outcomes)
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("Kursomgången är markerad som genomförd."))
            return detail
    by_nomination = {proposal.nomination.pk: proposal for proposal in proposals}
    rows = [(by_nomination.get(_int_or_none(form["nomination"].value())), form) for form in formset.forms]
    return render(
        request,
        "courses/round_held.html",
        {
            "course_round": course_round,
            "formset": formset,
            "rows": rows,
            "waitlisted": course_round.nominations.filter(status=NominationStatus.WAITLISTED).count(),
            "attendance_recorded": any(proposal.attended for proposal in proposals),
        },
    )


def round_ics(request, pk):
    course_round = get_object_or_404(selectors.visible_rounds(user=request.user), pk=pk)
    sessions = course_round.sessions.select_related("course_round__course")
    response = HttpResponse(ical.round_calendar(course_round, sessions), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kursomgang-{course_round.pk}.ics"'
    return response
