"""Pages of nominations: nominate a hire, the hire lists (Del 1 waiting, Del 2 progress), a nomination's history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import deadlines, selectors, services
from courses.forms import CompleteForm, DropOutForm, NominateForm, NominationMoveForm, RoundNominateForm
from courses.models import ACTIVE_STATUSES, CourseKind, NominationStatus
from courses.views.base import _next_url, manage_programme
from districts import clock
from districts.access import Capability, require_capability
from districts.form_errors import apply_errors, errors_to_messages
from districts.pagination import paginate


@require_capability(Capability.NOMINATE)
def nominate(request, staff_pk):
    """Nominate one person: the form proposes the earliest open Del 1 round with a seat, before the deadline if any."""
    staff = get_object_or_404(selectors.nominatable_staff(user=request.user), pk=staff_pk)
    today = clock.today()
    # Opened for one kind of course (the Del 1 list's "Välj omgång": ?typ=del1), the form offers only its rounds.
    kind = request.GET.get("typ")
    rounds = selectors.rounds_to_nominate_to(user=request.user, kind=kind, today=today)
    # The Del 1 proposal is for a hire; opened for another course (e.g. the supervisors' training) it is left out.
    proposal = (
        selectors.proposed_del1_round(staff=staff, today=today)
        if kind not in CourseKind.values or kind == CourseKind.DEL1
        else None
    )
    deadline = deadlines.del1_deadline(staff.employment_start) if staff.employment_start else None
    initial_round = request.GET.get("omgang") or (proposal.course_round.pk if proposal else None)
    form = NominateForm(request.POST or None, rounds=rounds, initial={"course_round": initial_round})
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.round_nominate(
                course_round=form.cleaned_data["course_round"], staff=staff, actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
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
            "kind": CourseKind(kind).label if kind in CourseKind.values else "",
        },
    )


HIRE_LIST_PAGE_SIZE = 50


def _hire_list(request, *, kind: str, queryset, to_rows, title: str, order: str):
    """Render one page of a hire list: the slice is read in SQL, its rows are computed for that page only."""
    today = clock.today()
    page, query = paginate(request, queryset, per_page=HIRE_LIST_PAGE_SIZE)
    context = {"kind": kind, "page": page, "query": query, "title": title, "order": order}
    context["rows"] = to_rows(staff_list=list(page.object_list), today=today)
    return render(request, "courses/hire_list.html", context)


@require_capability(Capability.NOMINATE)
def del1_waiting(request):
    """Every nominatable new hire without a Del 1 seat, overdue first, a page at a time."""
    return _hire_list(
        request,
        kind="del1",
        queryset=selectors.del1_waiting_queryset(user=request.user),
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
        queryset=selectors.del2_window_queryset(user=request.user),
        to_rows=selectors.del2_progress_rows,
        title=_("Del 2 för nyanställda"),
        order=_("Närmast tvåårsgränsen först."),
    )


@require_capability(Capability.NOMINATE)
@require_POST
def round_nominate(request, pk):
    course_round = get_object_or_404(selectors.visible_rounds(user=request.user), pk=pk)
    form = RoundNominateForm(request.POST, staff=selectors.nominatable_staff(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Välj en medarbetare som du får nominera."))
    else:
        try:
            nomination = services.round_nominate(
                course_round=course_round, staff=form.cleaned_data["staff"], actor=request.user
            )
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": nomination.staff.full_name, "status": nomination.get_status_display()},
            )
    return redirect("courses:round_detail", pk=course_round.pk)


def nomination_detail(request, pk):
    nomination = get_object_or_404(selectors.visible_nominations(user=request.user), pk=pk)
    events, moved_to = selectors.nomination_history(nomination=nomination)
    return render(
        request, "courses/nomination_detail.html", {"nomination": nomination, "events": events, "moved_to": moved_to}
    )


@require_capability(Capability.NOMINATE)
@require_POST
def nomination_cancel(request, pk):
    nomination = get_object_or_404(
        selectors.visible_nominations(user=request.user).filter(
            staff__in=selectors.nomination_managed_staff(user=request.user)
        ),
        pk=pk,
    )
    try:
        services.nomination_cancel(nomination=nomination, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Nomineringen är avbokad."))
    return redirect(_next_url(request, redirect("courses:nomination_detail", pk=nomination.pk).url))


@require_capability(Capability.NOMINATE)
def nomination_move(request, pk):
    """Move a booking or waitlist place to another round of the same course; the history moves with it."""
    nomination = get_object_or_404(
        selectors.visible_nominations(user=request.user).filter(
            staff__in=selectors.nomination_managed_staff(user=request.user)
        ),
        pk=pk,
    )
    detail = redirect("courses:nomination_detail", pk=nomination.pk)
    if nomination.status not in ACTIVE_STATUSES:
        messages.error(request, _("Bara en bokad plats eller en plats på reservlistan kan flyttas."))
        return detail
    form = NominationMoveForm(
        request.POST or None, rounds=selectors.move_targets(user=request.user, nomination=nomination)
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.nomination_move(
                nomination=nomination, target=form.cleaned_data["course_round"], actor=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s är flyttad till %(round)s: %(status)s.")
                % {
                    "name": moved.staff.full_name,
                    "round": moved.course_round.title,
                    "status": moved.get_status_display().lower(),
                },
            )
            return redirect("courses:nomination_detail", pk=moved.pk)
    return render(request, "courses/nomination_move.html", {"nomination": nomination, "form": form})


@manage_programme
@require_POST
def nomination_drop_out(request, pk):
    nomination = get_object_or_404(selectors.visible_nominations(user=request.user), pk=pk)
    form = DropOutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en orsak till avbrottet."))
    else:
        try:
            services.nomination_drop_out(nomination=nomination, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Avbrottet är registrerat."))
    return redirect(_next_url(request, redirect("courses:round_detail", pk=nomination.course_round_id).url))


@manage_programme
@require_POST
def nomination_complete(request, pk):
    nomination = get_object_or_404(selectors.visible_nominations(user=request.user), pk=pk)
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ange skälet till att deltagaren godkänns ändå."))
    else:
        try:
            services.nomination_complete_override(
                nomination=nomination, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Deltagaren är markerad som slutförd."))
    return redirect(_next_url(request, redirect("courses:attendance", pk=nomination.course_round_id).url))
