"""One plan's pages: the plan, its PDF, laying it out, changing it and booking its meetings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from checklists import del2_themes, meetings_held, pdf, permissions, rows, selectors, services
from checklists.forms import MeetingForm, PlanCreateForm, PlanForm
from checklists.views.base import _visible_plan
from courses import selectors as course_selectors
from districts.access import Capability, require_capability
from districts.form_errors import apply_errors


def _courses_context(plan) -> dict:
    """The hire's course bookings and Del 2 themes (the plan, and so the hire, read through the user's scope)."""
    return {
        "nominations": course_selectors.nomination_rows_of_visible_staff(staff_id=plan.staff_id),
        "del2_themes": del2_themes.del2_themes_of(plan.staff),
    }


def plan_detail(request, plan_id: int):
    plan = _visible_plan(request, plan_id)  # read through the user's visible plans
    items = selectors.item_rows(plan=plan)
    context = pdf.plan_context(plan, items=items, meetings=selectors.meeting_rows(plan=plan))
    context["tickable"] = permissions.tickable_item_ids(request.user, plan, items)
    context["can_edit"] = not plan.is_closed and permissions.can_edit_plan(request.user, plan, visible=True)
    context["meeting_shares"] = meetings_held.meeting_shares(context["meetings"])
    context["recordable_meeting_ids"] = meetings_held.recordable_ids(request.user, plan, context["meetings"])
    # The rows are built in Python (checklists.rows): through a template include per row they were most of the render.
    csrf_token = get_token(request)
    texts = rows.item_texts()
    context["phase_rows"] = [
        (
            group.label,
            rows.item_rows_html(
                items=group.items,
                tickable_ids=context["tickable"],
                today=context["today"],
                plan_closed=plan.is_closed,
                csrf_token=csrf_token,
                texts=texts,
            ),
        )
        for group in context["phases"]
    ]
    context["meeting_rows"] = rows.meeting_rows_html(
        meetings=context["meetings"], today=context["today"], recordable_ids=context["recordable_meeting_ids"]
    )
    context.update(_courses_context(plan))
    return render(request, "checklists/plan_detail.html", context)


def plan_pdf(request, plan_id: int):
    plan = _visible_plan(request, plan_id, load=selectors.plan_for_pdf)
    response = HttpResponse(pdf.render_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.plan_filename(plan)}"'
    return response


@require_capability(Capability.MANAGE_PLANS)
def plan_create(request, staff_id: int):
    """The enhetschef lays out a plan for a hire: choose the profile and the first working day."""
    staff = get_object_or_404(selectors.hires_to_plan(user=request.user), pk=staff_id)
    if hasattr(staff, "introduction_plan"):
        return redirect("checklists:plan_detail", staff.introduction_plan.pk)
    initial = {"profile": staff.introduction_profile or services.DEFAULT_PROFILE, "start_date": staff.employment_start}
    form = PlanCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                staff=staff,
                actor=request.user,
                profile=form.cleaned_data["profile"],
                start_date=form.cleaned_data["start_date"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Introduktionsplanen är skapad."))
            return redirect("checklists:plan_detail", plan.pk)
    return render(request, "checklists/plan_create.html", {"form": form, "staff": staff})


def plan_edit(request, plan_id: int):
    plan = _visible_plan(request, plan_id)
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied
    initial = {
        "manager": plan.manager,
        "supervisor": plan.supervisor,
        "mentor": plan.mentor,
        "profile": plan.profile,
        "notes": plan.notes,
    }
    for goal in plan.goals.all():
        initial[f"goal_{goal.knowledge_area}"] = goal.goal
        initial[f"method_{goal.knowledge_area}"] = goal.method
    form = PlanForm(request.POST or None, initial=initial, colleagues=selectors.plan_colleagues(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                manager=form.cleaned_data["manager"],
                supervisor=form.cleaned_data["supervisor"],
                mentor=form.cleaned_data["mentor"],
                notes=form.cleaned_data["notes"],
                goals=form.goals(),
                profile=form.cleaned_data["profile"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect("checklists:plan_detail", plan.pk)
    return render(request, "checklists/plan_edit.html", {"form": form, "plan": plan})


def meeting_create(request, plan_id: int):
    plan = _visible_plan(request, plan_id)
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, colleagues=selectors.plan_colleagues(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_meeting_create(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Mötet är bokat."))
            return redirect(reverse("checklists:plan_detail", args=[plan.pk]) + "#moten")
    return render(request, "checklists/meeting_form.html", {"form": form, "plan": plan})
