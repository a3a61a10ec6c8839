"""Pages of the checklists app: thin views over the services and selectors, scoped through districts.access."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklists import del2_themes, exporting, meetings_held, pdf, selectors, services
from checklists.forms import ExportForm, MeetingForm, PlanCreateForm, PlanForm, TemplateItemForm, TickForm
from checklists.models import ExportStatus, IntroductionPlan, PlanItem, TemplateVersion
from courses import selectors as course_selectors
from districts import access, clock
from districts.access import Capability, require_capability
from districts.pagination import paginate

PAGE_SIZE = 25


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _list_page(request, plans, *, plain, state: str, title: str, url_name: str, extra: dict | None = None):
    """Render a page of `plans` (annotated); `plain` is the same plans unannotated, counted for the paginator."""
    # Counting the plain plans skips the progress join and grouping of `plans`.
    sort = request.GET.get("sort", "namn")
    if sort in selectors.SORTS_ON_PLAIN_FIELDS:
        # The page is chosen among the plain plans, and only its rows get their items counted.
        page, _query = paginate(request, selectors.sorted_plans(plain, sort), per_page=PAGE_SIZE, count=plain.count())
        page.object_list = selectors.with_progress_in_order(page.object_list)
    else:
        page, _query = paginate(request, plans, per_page=PAGE_SIZE, count=plain.count())
    context = {
        "title": title,
        "page": page,
        "sort": request.GET.get("sort", "namn"),
        "state": state,
        "states": selectors.PLAN_STATES,
        "url_name": url_name,
        **(extra or {}),
    }
    return render(request, "checklists/plan_list.html", context)


def my_hires(request):
    """The 1:e socialsekreterare's hires with their progress (in progress by default)."""
    sort = request.GET.get("sort", "namn")
    state = selectors.plan_state(request.GET.get("visa"))
    return _list_page(
        request,
        selectors.my_hires(request.user, sort=sort, state=state),
        plain=selectors.my_hire_plans(request.user, state=state),
        state=state,
        title=_("Mina nyanställda"),
        url_name="my_hires",
    )


@require_capability(Capability.FOLLOW_DEL2_THEMES)
def del2_theme_overview(request):
    """The Del 2 themes of the enhetschef's or 1:e socialsekreterare's current hires, done or not, and where."""
    hires = selectors.hires_to_follow(request.user)
    themes = del2_themes.del2_themes_for(hires)
    plan_ids = selectors.plan_ids_of(hires)
    rows = [{"staff": hire, "themes": themes[hire.pk], "plan_id": plan_ids.get(hire.pk)} for hire in hires]
    return render(request, "checklists/del2_themes.html", {"hires": rows})


@require_capability(Capability.MANAGE_PLANS)
def unit_overview(request):
    """The plans of the user's own unit (in progress by default), with hires that still lack a plan."""
    sort = request.GET.get("sort", "namn")
    state = selectors.plan_state(request.GET.get("visa"))
    return _list_page(
        request,
        selectors.unit_plans(request.user, sort=sort, state=state),
        plain=selectors.unit_plans_plain(request.user, state=state),
        state=state,
        title=_("Enhetens introduktionsplaner"),
        url_name="unit_overview",
        extra={"without_plan": selectors.unit_hires_without_plan(request.user)},
    )


@require_capability(Capability.VIEW_REPORTS)
def overview(request):
    """Plans by district for coordinators, HR and managers above the unit (in progress by default)."""
    districts = access.visible_districts(request.user).order_by("name")
    district_id = request.GET.get("stadsdel")
    district_id = int(district_id) if district_id and district_id.isdigit() else None
    sort = request.GET.get("sort", "namn")
    search = " ".join(request.GET.get("sok", "").split())[: selectors.SEARCH_MAX_LENGTH]
    # A search by name looks in every plan unless the user chose which plans to show.
    state = selectors.plan_state(request.GET.get("visa") or ("alla" if search else None))
    return _list_page(
        request,
        selectors.district_plans(request.user, district_id=district_id, sort=sort, state=state, search=search),
        plain=selectors.district_plans_plain(request.user, district_id=district_id, state=state, search=search),
        state=state,
        title=_("Introduktionsplaner per stadsdel"),
        url_name="overview",
        extra={
            "districts": districts,
            "district_id": district_id,
            "search": search,
            "summaries": list(selectors.district_summaries(request.user, state=state)),
        },
    )


def _visible_plan(request, plan_id: int) -> IntroductionPlan:
    try:
        return selectors.plan_for_page(request.user, plan_id)
    except IntroductionPlan.DoesNotExist as missing:
        raise Http404 from missing


def _courses_context(user, plan) -> dict:
    """The hire's course bookings and Del 2 themes."""
    return {
        "nominations": list(course_selectors.nominations_of_staff(user=user, staff=plan.staff)),
        "del2_themes": del2_themes.del2_themes_for([plan.staff])[plan.staff_id],
    }


def plan_detail(request, plan_id: int):
    plan = _visible_plan(request, plan_id)
    context = pdf.plan_context(plan)
    context["tickable"] = selectors.tickable_item_ids(request.user, plan, plan.items.all())
    context["can_edit"] = not plan.is_closed and selectors.can_edit_plan(request.user, plan)
    context["meeting_shares"] = meetings_held.meeting_shares(context["meetings"])
    context["recordable_meeting_ids"] = meetings_held.recordable_ids(request.user, plan, context["meetings"])
    context.update(_courses_context(request.user, plan))
    return render(request, "checklists/plan_detail.html", context)


def plan_pdf(request, plan_id: int):
    plan = _visible_plan(request, plan_id)
    response = HttpResponse(pdf.render_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.plan_filename(plan)}"'
    return response


@require_capability(Capability.MANAGE_PLANS)
def plan_create(request, staff_id: int):
    """The enhetschef lays out a plan for a hire: choose the profile and the first working day."""
    staff = get_object_or_404(access.changeable_staff(request.user).select_related("unit"), pk=staff_id)
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
            form.add_error(None, error)
        else:
            messages.success(request, _("Introduktionsplanen är skapad."))
            return redirect("checklists:plan_detail", plan.pk)
    return render(request, "checklists/plan_create.html", {"form": form, "staff": staff})


def plan_edit(request, plan_id: int):
    plan = _visible_plan(request, plan_id)
    if not selectors.can_edit_plan(request.user, plan):
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
    form = PlanForm(request.POST or None, initial=initial, colleagues=selectors.plan_colleagues(plan))
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
            form.add_error(None, error)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect("checklists:plan_detail", plan.pk)
    return render(request, "checklists/plan_edit.html", {"form": form, "plan": plan})


def meeting_create(request, plan_id: int):
    plan = _visible_plan(request, plan_id)
    if not selectors.can_edit_plan(request.user, plan):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, colleagues=selectors.plan_colleagues(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_meeting_create(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mötet är bokat."))
            return redirect(reverse("checklists:plan_detail", args=[plan.pk]) + "#moten")
    return render(request, "checklists/meeting_form.html", {"form": form, "plan": plan})


@require_POST
def item_tick(request, item_id: int):
    """Tick or untick one item (htmx); answers with the re-rendered row."""
    item = get_object_or_404(
        PlanItem.objects.select_related("plan__staff").filter(
            plan__in=selectors.visible_plans(request.user).values("pk")
        ),
        pk=item_id,
    )
    form = TickForm(request.POST)
    if not request.htmx and not selectors.can_tick_item(request.user, item, item.plan):
        raise PermissionDenied
    if not form.is_valid():
        return _item_row(request, item.pk, error=_("Ogiltig begäran; ladda om sidan."), status=400)
    error, status = None, 200
    try:
        services.plan_item_tick(
            item_id=item.pk,
            actor=request.user,
            done=form.cleaned_data["done"],
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied:
        return _item_row(request, item.pk, error=_("Du får inte bocka av den här punkten."), status=403)
    except services.StaleItemError as stale:
        error, status = _error_text(stale), 409
    except ValidationError as invalid:
        error, status = _error_text(invalid), 400
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(reverse("checklists:plan_detail", args=[item.plan_id]) + f"#punkt-{item.pk}")
    return _item_row(request, item.pk, error=error, status=status)


def _item_row(request, item_id: int, *, error: str | None = None, status: int = 200):
    item = selectors.item_for_row(item_id)
    plan = item.plan
    response = render(
        request,
        "checklists/_item_row.html",
        {
            "item": item,
            "plan": plan,
            "tickable": selectors.tickable_item_ids(request.user, plan, [item]),
            "row_error": error,
            "today": _today(),
        },
    )
    if not request.htmx:
        response.status_code = status
    return response


def _today():
    return clock.today()


# --- templates ------------------------------------------------------------------------------------------


@require_capability(Capability.MANAGE_PROGRAMME)
def template_list(request):
    templates = selectors.visible_templates(request.user)
    return render(request, "checklists/template_list.html", {"templates": templates})


@require_capability(Capability.MANAGE_PROGRAMME)
def version_detail(request, version_id: int):
    try:
        version = selectors.version_with_items(request.user, version_id)
    except TemplateVersion.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "checklists/version_detail.html", {"version": version})


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def version_draft(request, template_id: int):
    template = get_object_or_404(selectors.visible_templates(request.user), pk=template_id)
    draft = services.template_version_draft(template=template, actor=request.user)
    return redirect("checklists:version_detail", draft.pk)


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def version_publish(request, version_id: int):
    version = get_object_or_404(selectors.visible_versions(request.user), pk=version_id)
    try:
        services.template_version_publish(version=version, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Versionen är publicerad. Nya planer använder den; befintliga behåller sin version.")
        )
    return redirect("checklists:version_detail", version.pk)


def version_pdf(request, version_id: int):
    """A blank checklist of a template version, to print."""
    version = get_object_or_404(
        selectors.visible_versions(request.user).prefetch_related("phases__items"), pk=version_id
    )
    response = HttpResponse(pdf.render_blank_checklist_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="checklista-version-{version.number}.pdf"'
    return response


@require_capability(Capability.MANAGE_PROGRAMME)
def template_item_create(request, version_id: int):
    version = get_object_or_404(selectors.visible_versions(request.user), pk=version_id)
    return _template_item_form(request, version, item=None)


@require_capability(Capability.MANAGE_PROGRAMME)
def template_item_edit(request, item_id: int):
    item = get_object_or_404(selectors.visible_template_items(request.user), pk=item_id)
    return _template_item_form(request, item.version, item=item)


def _template_item_form(request, version, *, item):
    initial = None
    if item is not None:
        initial = {
            "phase": item.phase,
            "title": item.title,
            "guidance": item.guidance,
            "responsible_role": item.responsible_role,
            "due_day": item.due_day,
            "profiles": item.profiles,
            "course": item.course,
            "course_trigger": item.course_trigger,
            "course_module": item.course_module,
        }
    form = TemplateItemForm(request.POST or None, initial=initial, version=version)
    if not version.is_editable:
        messages.error(request, _("Versionen är publicerad och kan inte ändras. Skapa ett nytt utkast."))
        return redirect("checklists:version_detail", version.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                services.template_item_create(version=version, **form.cleaned_data)
            else:
                services.template_item_update(item=item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Punkten är sparad."))
            return redirect("checklists:version_detail", version.pk)
    return render(request, "checklists/template_item_form.html", {"form": form, "version": version, "item": item})


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def template_item_delete(request, item_id: int):
    item = get_object_or_404(selectors.visible_template_items(request.user), pk=item_id)
    try:
        services.template_item_delete(item=item)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("checklists:version_detail", item.version_id)


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def template_item_move(request, item_id: int):
    item = get_object_or_404(selectors.visible_template_items(request.user), pk=item_id)
    try:
        services.template_item_move(item=item, up=request.POST.get("riktning") != "ned")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(reverse("checklists:version_detail", args=[item.version_id]) + f"#mallpunkt-{item.pk}")


# --- exports --------------------------------------------------------------------------------------------


@require_capability(Capability.EXPORT_PLANS)
def export_list(request):
    """Start a bulk export and follow the user's exports."""
    form = ExportForm(
        request.POST or None,
        districts=access.visible_districts(request.user),
        units=access.visible_units(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            export = exporting.plan_export_request(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Exporten är startad."))
            return redirect(reverse("checklists:export_list") + f"#export-{export.pk}")
    exports = selectors.visible_exports(request.user).filter(requested_by=request.user)[:20]
    return render(request, "checklists/export_list.html", {"form": form, "exports": exports})


@require_capability(Capability.EXPORT_PLANS)
def export_status(request, export_id: int):
    """The export's row, polled by htmx until it is done."""
    export = get_object_or_404(selectors.visible_exports(request.user), pk=export_id)
    return render(request, "checklists/_export_row.html", {"export": export})


@require_capability(Capability.EXPORT_PLANS)
def export_download(request, export_id: int):
    export = get_object_or_404(selectors.visible_exports(request.user), pk=export_id)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=f"introduktionsplaner-{export.pk}.zip")
