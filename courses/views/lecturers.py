"""The key-people register (nyckelpersoner) with the trainer-support shares, and a lecturer's own sessions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import lecturers
from courses.lecturer_forms import KeyPersonForm, TrainerShareForm
from courses.views.base import _organisation, manage_programme
from districts import access
from districts.form_errors import apply_errors


def _register_page(request, form, share_form):
    register = list(lecturers.key_people_register(user=request.user))
    return render(
        request,
        "courses/key_people.html",
        {
            "register": register,
            "form": form,
            "share_form": share_form,
            "shares": lecturers.trainer_share_overview(user=request.user),
        },
    )


@manage_programme
def key_people(request):
    organisation = _organisation(request)
    form = KeyPersonForm(request.POST or None)
    share_form = TrainerShareForm(districts=access.visible_districts(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            lecturers.key_person_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Nyckelpersonen är tillagd."))
            return redirect("courses:key_people")
    return _register_page(request, form, share_form)


@manage_programme
@require_POST
def key_person_remove(request, pk: int):
    key_person = get_object_or_404(lecturers.key_people_register(user=request.user), pk=pk)
    lecturers.key_person_remove(actor=request.user, key_person=key_person)
    messages.success(request, _("%(name)s är borttagen ur registret.") % {"name": key_person.staff.full_name})
    return redirect("courses:key_people")


@manage_programme
@require_POST
def trainer_share_set(request):
    organisation = _organisation(request)
    share_form = TrainerShareForm(request.POST, districts=access.visible_districts(request.user))
    if share_form.is_valid():
        data = share_form.cleaned_data
        try:
            lecturers.trainer_share_set(
                actor=request.user,
                organisation=organisation,
                share=data["share"],
                district=None if data["email"] else data["district"],
                email=data["email"],
            )
        except ValidationError as error:
            apply_errors(share_form, error)
        else:
            messages.success(request, _("Andelen är sparad."))
            return redirect("courses:key_people")
    return _register_page(request, KeyPersonForm(), share_form)


def my_sessions(request):
    return render(request, "courses/my_sessions.html", {"sessions": lecturers.lecturer_sessions(user=request.user)})


def my_session_detail(request, pk: int):
    session = get_object_or_404(lecturers.lecturer_sessions(user=request.user), pk=pk)
    return render(
        request,
        "courses/my_session_detail.html",
        {"session": session, "participants": lecturers.lecturer_session_participants(session=session)},
    )
