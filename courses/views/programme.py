"""Pages of the programme: the courses with their modules (themes)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from courses import selectors, services
from courses.forms import CourseForm, ModuleForm
from courses.views.base import _organisation, manage_programme
from districts.form_errors import apply_errors


def course_list(request):
    courses = selectors.visible_courses(user=request.user).order_by("kind", "name")
    return render(request, "courses/course_list.html", {"courses": courses})


@manage_programme
def course_create(request):
    organisation = _organisation(request)
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_save(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kursen %(name)s är skapad.") % {"name": course.name})
            return redirect("courses:course_edit", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": None})


@manage_programme
def course_edit(request, pk):
    course = get_object_or_404(selectors.visible_courses(user=request.user), pk=pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_save(
                actor=request.user, organisation=course.organisation, course=course, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kursen är sparad."))
            return redirect("courses:course_edit", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@manage_programme
def module_create(request, course_pk):
    course = get_object_or_404(selectors.visible_courses(user=request.user), pk=course_pk)
    form = ModuleForm(request.POST or None, initial={"order": course.modules.count() + 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Modulen är tillagd."))
            return redirect("courses:course_edit", pk=course.pk)
    return render(request, "courses/module_form.html", {"form": form, "course": course, "module": None})


@manage_programme
def module_edit(request, pk):
    module = get_object_or_404(selectors.visible_modules(user=request.user), pk=pk)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(actor=request.user, course=module.course, module=module, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Modulen är sparad."))
            return redirect("courses:course_edit", pk=module.course_id)
    return render(request, "courses/module_form.html", {"form": form, "course": module.course, "module": module})
