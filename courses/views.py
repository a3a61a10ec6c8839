"""Pages of the course programme: thin views that parse a form, call one service and redirect."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import ical, selectors, services
from courses.forms import (
    CancelForm,
    CompleteForm,
    CourseForm,
    DialogueMoveForm,
    DialogueSplitForm,
    DropOutForm,
    ModuleForm,
    NominateForm,
    NomineeSearchForm,
    PlanningSettingsForm,
    RoundCreateForm,
    RoundEditForm,
    RoundMoveForm,
    RoundNominateForm,
    SessionForm,
    SessionFormSet,
)
from courses.models import (
    ACTIVE_STATUSES,
    CalendarFeed,
    CourseModule,
    CourseRound,
    DialogueGroup,
    NominationStatus,
    RoundStatus,
)
from districts import access, clock
from districts.access import Capability, require_capability
from intro_program.pagination import paginate

manage_programme = require_capability(Capability.MANAGE_PROGRAMME)


def _errors_to_messages(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


def _apply_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def _organisation(request):
    organisation = access.visible_organisations(request.user).first()
    if organisation is None:
        raise Http404
    return organisation


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


# --- programme ---------------------------------------------------------------------------------------------------


def course_list(request):
    courses = selectors.visible_courses(request.user).order_by("kind", "name")
    return render(request, "courses/course_list.html", {"courses": courses})


@manage_programme
def course_create(request):
    organisation = _organisation(request)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_save(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kursen %(name)s är skapad.") % {"name": course.name})
            return redirect("courses:course_edit", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": None})


@manage_programme
def course_edit(request, pk):
    course = get_object_or_404(selectors.visible_courses(request.user), pk=pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_save(organisation=course.organisation, course=course, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kursen är sparad."))
            return redirect("courses:course_edit", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@manage_programme
def module_create(request, course_pk):
    course = get_object_or_404(selectors.visible_courses(request.user), pk=course_pk)
    form = ModuleForm(request.POST or None, initial={"order": course.modules.count() + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(course=course, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Modulen är tillagd."))
            return redirect("courses:course_edit", pk=course.pk)
    return render(request, "courses/module_form.html", {"form": form, "course": course, "module": None})


@manage_programme
def module_edit(request, pk):
    module = get_object_or_404(
        access.restrict_by_organisation(
            request.user, CourseModule.objects.select_related("course"), "course__organisation"
        ),
        pk=pk,
    )
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(course=module.course, module=module, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Modulen är sparad."))
            return redirect("courses:course_edit", pk=module.course_id)
    return render(request, "courses/module_form.html", {"form": form, "course": module.course, "module": module})


# --- calendar and rounds -------------------------------------------------------------------------------------------


def calendar(request):
    today = clock.today()
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    months = selectors.calendar_year(request.user, year=year)
    return render(
        request,
        "courses/calendar.html",
        {"months": months, "year": year, "previous_year": year - 1, "next_year": year + 1, "today": today},
    )


def round_detail(request, pk):
    try:
        course_round = selectors.round_detail(request.user, pk=pk)
    except CourseRound.DoesNotExist as error:
        raise Http404 from error
    participants = (
        selectors.visible_nominations(request.user)
        .filter(course_round=course_round)
        .order_by("status", "queued_at", "pk")
    )
    can_nominate = access.has_capability(request.user, Capability.NOMINATE) and course_round.status in (
        RoundStatus.OPEN,
        RoundStatus.FULL,
    )
    search = NomineeSearchForm(request.GET or None) if can_nominate else None
    candidates = None
    if search is not None and search.is_valid() and search.cleaned_data["sok"]:
        candidates = selectors.nominee_search(request.user, course_round=course_round, query=search.cleaned_data["sok"])
    return render(
        request,
        "courses/round_detail.html",
        {
            "course_round": course_round,
            "sessions": course_round.sessions.all(),
            "participants": participants,
            "today": clock.today(),
            "nominee_search": search,
            "candidates": candidates,
            "candidate_limit": selectors.NOMINEE_SEARCH_LIMIT,
            "move_form": RoundMoveForm(initial={"new_start": course_round.starts_on}),
            "cancel_form": CancelForm(),
            "drop_out_form": DropOutForm(),
            "complete_form": CompleteForm(),
        },
    )


@manage_programme
def round_create(request):
    organisation = _organisation(request)
    courses = selectors.visible_courses(request.user).filter(active=True)
    modules = CourseModule.objects.filter(course__in=courses).select_related("course")
    form = RoundCreateForm(request.POST or None, courses=courses, initial={"course": request.GET.get("kurs")})
    formset = SessionFormSet(request.POST or None, prefix="sessions", form_kwargs={"modules": modules})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        sessions = [data for data in formset.cleaned_data if data]
        try:
            course_round = services.round_create(
                course=form.cleaned_data["course"],
                title=form.cleaned_data["title"],
                capacity=form.cleaned_data["capacity"],
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
                sessions=sessions,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kursomgången %(title)s är skapad.") % {"title": course_round.title})
            year = course_round.starts_on.year if course_round.starts_on else ""
            return redirect(f"{redirect('courses:calendar').url}?ar={year}#omgang-{course_round.pk}")
    return render(request, "courses/round_form.html", {"form": form, "formset": formset, "organisation": organisation})


def _coordinated_round(request, pk):
    return get_object_or_404(selectors.visible_rounds(request.user), pk=pk)


@manage_programme
def round_edit(request, pk):
    course_round = _coordinated_round(request, pk)
    form = RoundEditForm(request.POST or None, instance=course_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(course_round=course_round, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
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
            services.round_move(course_round=course_round, new_start=form.cleaned_data["new_start"])
        except ValidationError as error:
            _errors_to_messages(request, error)
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
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Kursomgången är inställd."))
    return redirect("courses:round_detail", pk=course_round.pk)


@manage_programme
@require_POST
def round_mark_held(request, pk):
    course_round = _coordinated_round(request, pk)
    try:
        services.round_mark_held(course_round=course_round, actor=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Kursomgången är markerad som genomförd."))
    return redirect("courses:round_detail", pk=course_round.pk)


def round_ics(request, pk):
    course_round = get_object_or_404(selectors.visible_rounds(request.user), pk=pk)
    sessions = course_round.sessions.select_related("course_round__course")
    response = HttpResponse(ical.round_calendar(course_round, sessions), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kursomgang-{course_round.pk}.ics"'
    return response


# --- sessions ----------------------------------------------------------------------------------------------------


def _session_form_response(request, course_round, form, session):
    return render(
        request, "courses/session_form.html", {"form": form, "course_round": course_round, "session": session}
    )


@manage_programme
def session_create(request, pk):
    course_round = _coordinated_round(request, pk)
    modules = course_round.course.modules.select_related("course")
    last = course_round.sessions.order_by("-date").first()
    initial = {"place": last.place if last else "", "start_time": "09:00", "end_time": "16:00"}
    form = SessionForm(request.POST or None, modules=modules, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(course_round=course_round, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kurstillfället är tillagt."))
            return redirect("courses:round_detail", pk=course_round.pk)
    return _session_form_response(request, course_round, form, None)


@manage_programme
def session_edit(request, pk):
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    course_round = session.course_round
    form = SessionForm(
        request.POST or None,
        modules=course_round.course.modules.select_related("course"),
        initial={
            "date": session.date,
            "start_time": session.start_time,
            "end_time": session.end_time,
            "place": session.place,
            "lecturers": session.lecturers,
            "lecturer_emails": "\n".join(person.work_email for person in session.lecturer_staff.all()),
            "modules": list(session.modules.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(course_round=course_round, session=session, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Kurstillfället är sparat."))
            return redirect("courses:round_detail", pk=course_round.pk)
    return _session_form_response(request, course_round, form, session)


@manage_programme
@require_POST
def session_cancel(request, pk):
    session = get_object_or_404(selectors.visible_sessions(request.user), pk=pk)
    try:
        services.session_cancel(session=session)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Kurstillfället är inställt."))
    return redirect("courses:round_detail", pk=session.course_round_id)


# --- nominations ---------------------------------------------------------------------------------------------------


@require_capability(Capability.NOMINATE)
def nominate(request, staff_pk):
    """Nominate one person: the form proposes the earliest open Del 1 round before their deadline."""
    staff = get_object_or_404(selectors.nominatable_staff(request.user), pk=staff_pk)
    today = clock.today()
    rounds = (
        selectors.visible_rounds(request.user)
        .filter(status__in=[RoundStatus.OPEN, RoundStatus.FULL], ends_on__gte=today)
        .order_by("course__kind", "starts_on")
    )
    proposal = selectors.proposed_del1_round(staff=staff, today=today)
    deadline = selectors.del1_deadline(staff.employment_start) if staff.employment_start else None
    initial_round = request.GET.get("omgang") or (proposal.pk if proposal else None)
    form = NominateForm(request.POST or None, rounds=rounds, initial={"course_round": initial_round})
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.round_nominate(
                course_round=form.cleaned_data["course_round"], staff=staff, actor=request.user
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if nomination.status == NominationStatus.BOOKED:
                text = _("%(name)s är bokad på %(round)s.")
            else:
                text = _("%(name)s står på reservlistan till %(round)s.")
            messages.success(request, text % {"name": staff.full_name, "round": nomination.course_round.title})
            return redirect(_next_url(request, redirect("courses:nomination_detail", pk=nomination.pk).url))
    status = selectors.del1_status_for_staff(staff_ids=[staff.pk])[staff.pk]
    return render(
        request,
        "courses/nominate.html",
        {
            "form": form,
            "staff": staff,
            "proposal": proposal,
            "deadline": deadline,
            "del1": status,
            "nominations": selectors.nominations_of_staff(user=request.user, staff=staff),
            "next": _next_url(request, ""),
        },
    )


HIRE_LIST_PAGE_SIZE = 50


def _hire_list(request, *, kind: str, queryset, to_rows, title: str, order: str):
    """Render one page of a hire list: the slice is read in SQL, its rows are computed for that page only."""
    today = clock.today()
    page, query = paginate(request, queryset, per_page=HIRE_LIST_PAGE_SIZE)
    context = {"kind": kind, "page": page, "query": query, "title": title, "order": order}
    context["rows"] = to_rows(list(page.object_list), today=today)
    return render(request, "courses/hire_list.html", context)


@require_capability(Capability.NOMINATE)
def del1_waiting(request):
    """Every nominatable new hire without a Del 1 seat, overdue first, a page at a time."""
    return _hire_list(
        request,
        kind="del1",
        queryset=selectors.del1_waiting_queryset(request.user),
        to_rows=selectors.del1_deadline_rows,
        title=_("Nyanställda utan plats på Del 1"),
        order=_("Försenade först, sedan närmast tidsgränsen."),
    )


@require_capability(Capability.NOMINATE)
def del2_progress(request):
    """Del 2 progress of every nominatable hire inside the two-year window, nearest window end first."""
    return _hire_list(
        request,
        kind="del2",
        queryset=selectors.del2_window_queryset(request.user),
        to_rows=selectors.del2_progress_rows,
        title=_("Del 2 för nyanställda"),
        order=_("Närmast tvåårsgränsen först."),
    )


@require_capability(Capability.NOMINATE)
@require_POST
def round_nominate(request, pk):
    course_round = get_object_or_404(selectors.visible_rounds(request.user), pk=pk)
    form = RoundNominateForm(request.POST, staff=selectors.nominatable_staff(request.user))
    if not form.is_valid():
        messages.error(request, _("Välj en medarbetare som du får nominera."))
    else:
        try:
            nomination = services.round_nominate(
                course_round=course_round, staff=form.cleaned_data["staff"], actor=request.user
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": nomination.staff.full_name, "status": nomination.get_status_display()},
            )
    return redirect("courses:round_detail", pk=course_round.pk)


def nomination_detail(request, pk):
    nomination = get_object_or_404(selectors.visible_nominations(request.user), pk=pk)
    events = nomination.events.select_related("actor__staff_member")
    return render(request, "courses/nomination_detail.html", {"nomination": nomination, "events": events})


@require_capability(Capability.NOMINATE)
@require_POST
def nomination_cancel(request, pk):
    nomination = get_object_or_404(
        selectors.visible_nominations(request.user).filter(staff__in=selectors.nomination_managed_staff(request.user)),
        pk=pk,
    )
    try:
        services.nomination_cancel(nomination=nomination, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Nomineringen är avbokad."))
    return redirect(_next_url(request, redirect("courses:nomination_detail", pk=nomination.pk).url))


@manage_programme
@require_POST
def nomination_drop_out(request, pk):
    nomination = get_object_or_404(selectors.visible_nominations(request.user), pk=pk)
    form = DropOutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en orsak till avbrottet."))
    else:
        try:
            services.nomination_drop_out(nomination=nomination, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Avbrottet är registrerat."))
    return redirect(_next_url(request, redirect("courses:round_detail", pk=nomination.course_round_id).url))


@manage_programme
@require_POST
def nomination_complete(request, pk):
    nomination = get_object_or_404(selectors.visible_nominations(request.user), pk=pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ange skälet till att deltagaren godkänns ändå."))
    else:
        try:
            services.nomination_complete_override(
                nomination=nomination, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Deltagaren är markerad som slutförd."))
    return redirect(_next_url(request, redirect("courses:attendance", pk=nomination.course_round_id).url))


# --- attendance and dialogue groups -------------------------------------------------------------------------------


@manage_programme
def attendance(request, pk):
    course_round = _coordinated_round(request, pk)
    if request.method == "POST":
        marked = set()
        for value in request.POST.getlist("present"):
            try:
                session_id, nomination_id = (int(part) for part in value.split("-", 1))
            except ValueError:
                continue
            marked.add((session_id, nomination_id))
        try:
            completed = services.attendance_record(course_round=course_round, present=marked, actor=request.user)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request, _("Närvaron är sparad. %(count)s deltagare slutförde nu omgången.") % {"count": completed}
            )
        return redirect("courses:attendance", pk=course_round.pk)
    sessions, rows = selectors.attendance_rows(course_round)
    return render(
        request,
        "courses/attendance.html",
        {
            "course_round": course_round,
            "sessions": sessions,
            "rows": rows,
            "drop_out_form": DropOutForm(),
            "complete_form": CompleteForm(),
        },
    )


@manage_programme
def dialogue_groups(request, pk):
    course_round = _coordinated_round(request, pk)
    form = DialogueSplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            groups = services.dialogue_groups_split(
                course_round=course_round, group_size=form.cleaned_data["group_size"]
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Deltagarna är indelade i %(count)s grupper.") % {"count": len(groups)})
            return redirect("courses:dialogue_groups", pk=course_round.pk)
    groups, ungrouped = selectors.dialogue_groups_of(course_round)
    return render(
        request,
        "courses/dialogue_groups.html",
        {"course_round": course_round, "form": form, "groups": groups, "ungrouped": ungrouped},
    )


@manage_programme
@require_POST
def dialogue_group_move(request, pk):
    course_round = _coordinated_round(request, pk)
    form = DialogueMoveForm(request.POST)
    nomination = group = None
    if form.is_valid():
        nomination = course_round.nominations.filter(pk=form.cleaned_data["nomination"]).first()
        group = DialogueGroup.objects.filter(course_round=course_round, pk=form.cleaned_data["group"]).first()
    if nomination is None or group is None:
        messages.error(request, _("Välj en deltagare och en grupp."))
    else:
        try:
            services.dialogue_group_member_move(nomination=nomination, group=group)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("%(name)s är flyttad till grupp %(number)s.")
                % {"name": nomination.staff.full_name, "number": group.number},
            )
    return redirect("courses:dialogue_groups", pk=course_round.pk)


@manage_programme
def participant_list(request, pk):
    course_round = get_object_or_404(selectors.visible_rounds(request.user), pk=pk)
    return render(
        request,
        "courses/participant_list.html",
        {
            "course_round": course_round,
            "participants": selectors.participant_list(course_round),
            "sessions": course_round.sessions.all(),
        },
    )


# --- settings and calendars -----------------------------------------------------------------------------------------


@manage_programme
def planning_settings(request):
    organisation = _organisation(request)
    settings_row = services.planning_settings_for(organisation=organisation)
    if request.method == "POST" and "plan_now" in request.POST:
        services.rounds_plan_queue(organisation=organisation)
        messages.success(request, _("Planeringen körs nu. Nya omgångar syns i kalendern om en liten stund."))
        return redirect("courses:planning_settings")
    form = PlanningSettingsForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        try:
            services.planning_settings_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade. De gäller nya planerade omgångar."))
            return redirect("courses:planning_settings")
    return render(request, "courses/planning_settings.html", {"form": form})


def my_calendar(request):
    scope = access.scope_for(request.user)
    staff = access.visible_staff(request.user).filter(pk=scope.staff_id).first()
    feed = services.calendar_feed_for(staff=staff) if staff else None
    feed_url = request.build_absolute_uri(redirect("courses:feed", token=feed.token).url) if feed else None
    nominations = (
        selectors.nominations_of_staff(user=request.user, staff=staff).filter(
            status__in=[*ACTIVE_STATUSES, NominationStatus.COMPLETED]
        )
        if staff
        else []
    )
    return render(
        request, "courses/my_calendar.html", {"feed_url": feed_url, "nominations": nominations, "staff": staff}
    )


@require_POST
def feed_revoke(request):
    scope = access.scope_for(request.user)
    staff = access.visible_staff(request.user).filter(pk=scope.staff_id).first()
    if staff is None:
        raise Http404
    services.calendar_feed_revoke(staff=staff)
    messages.success(request, _("Du har fått en ny kalenderadress. Den gamla slutar fungera."))
    return redirect("courses:my_calendar")


@login_not_required
def feed(request, token):
    """Serve a person's private calendar feed; the token in the address is the only key."""
    feed_row = get_object_or_404(CalendarFeed.objects.select_related("staff"), token=token)
    sessions = selectors.sessions_of_staff(feed_row.staff).filter(
        date__gte=clock.today() - datetime.timedelta(days=365)
    )
    return HttpResponse(ical.person_feed(feed_row.staff, sessions), content_type="text/calendar; charset=utf-8")
