"""Pages of a round's sessions: add, change, cancel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.forms import SessionForm
from courses.lecturer_picker import lecturer_picker, picker_staff_ids
from courses.views.base import _coordinated_round, manage_programme
from districts.form_errors import apply_errors, errors_to_messages


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
    groups = lecturer_picker(user=request.user, course_round=course_round, session=None)
    form = SessionForm(request.POST or None, modules=modules, initial=initial, lecturer_groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(actor=request.user, course_round=course_round, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kurstillfället är tillagt."))
            return redirect("courses:round_detail", pk=course_round.pk)
    return _session_form_response(request, course_round, form, None)


@manage_programme
def session_edit(request, pk):
    session = get_object_or_404(selectors.visible_sessions(user=request.user), pk=pk)
    course_round = session.course_round
    groups = lecturer_picker(user=request.user, course_round=course_round, session=session)
    offered = picker_staff_ids(groups)
    current = list(session.lecturer_staff.all())
    form = SessionForm(
        request.POST or None,
        modules=course_round.course.modules.select_related("course"),
        lecturer_groups=groups,
        initial={
            "date": session.date,
            "start_time": session.start_time,
            "end_time": session.end_time,
            "place": session.place,
            "lecturers": session.lecturers,
            # Whoever the picker offers is ticked there; anybody else named by e-mail stays in the e-mail field.
            "picked_lecturers": [person.pk for person in current if person.pk in offered],
            "lecturer_emails": "\n".join(person.work_email for person in current if person.pk not in offered),
            "modules": list(session.modules.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_save(actor=request.user, course_round=course_round, session=session, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kurstillfället är sparat."))
            return redirect("courses:round_detail", pk=course_round.pk)
    return _session_form_response(request, course_round, form, session)


@manage_programme
@require_POST
def session_cancel(request, pk):
    session = get_object_or_404(selectors.visible_sessions(user=request.user), pk=pk)
    try:
        services.session_cancel(actor=request.user, session=session)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Kurstillfället är inställt."))
    return redirect("courses:round_detail", pk=session.course_round_id)
