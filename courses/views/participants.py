"""Pages of a round's participants: attendance, mixed dialogue groups, the printed participant list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.forms import CompleteForm, DialogueMoveForm, DialogueSplitForm, DropOutForm
from courses.views.base import _coordinated_round, manage_programme
from districts.form_errors import errors_to_messages


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
            errors_to_messages(request, error)
        else:
            messages.success(
                request, _("Närvaron är sparad. %(count)s deltagare slutförde nu omgången.") % {"count": completed}
            )
        return redirect("courses:attendance", pk=course_round.pk)
    sessions, rows = selectors.attendance_rows(course_round=course_round)
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
            errors_to_messages(request, error)
        else:
            messages.success(request, _("Deltagarna är indelade i %(count)s grupper.") % {"count": len(groups)})
            return redirect("courses:dialogue_groups", pk=course_round.pk)
    groups, ungrouped = selectors.dialogue_groups_of(course_round=course_round)
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
        nomination, group = selectors.dialogue_move_choice(
            course_round=course_round,
            nomination_id=form.cleaned_data["nomination"],
            group_id=form.cleaned_data["group"],
        )
    if nomination is None or group is None:
        messages.error(request, _("Välj en deltagare och en grupp."))
    else:
        try:
            services.dialogue_group_member_move(nomination=nomination, group=group)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("%(name)s är flyttad till grupp %(number)s.")
                % {"name": nomination.staff.full_name, "number": group.number},
            )
    return redirect("courses:dialogue_groups", pk=course_round.pk)


@manage_programme
def participant_list(request, pk):
    course_round = get_object_or_404(selectors.visible_rounds(user=request.user), pk=pk)
    return render(
        request,
        "courses/participant_list.html",
        {
            "course_round": course_round,
            "participants": selectors.participant_list(course_round=course_round),
            "sessions": course_round.sessions.all(),
        },
    )
