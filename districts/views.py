"""Pages for the organisation and its staff; every read goes through districts.selectors (scoped by access)."""

import base64
import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from districts import access, clock, importing, selectors, services, supervision
from districts.form_errors import apply_errors, error_text
from districts.forms import StaffFilterForm, StaffForm, StaffImportUploadForm
from districts.models import Area
from districts.pagination import paginate

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "districts_staff_import"


def staff_list(request):
    form = StaffFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else selectors.StaffFilters()
    page, query = paginate(
        request,
        selectors.staff_list(user=request.user, filters=filters),
        per_page=PAGE_SIZE,
        ids_first=True,
        all_ids=bool(filters.search),  # a search is tested row by row: once for the count and the page together
        read_rows=selectors.staff_table_rows,
    )
    return render(
        request,
        "districts/staff_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": filters != selectors.StaffFilters(),
            "new_hire_cutoff": selectors.new_hire_cutoff(),
            "today": clock.today(),
        },
    )


def staff_detail(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk)
    return render(
        request,
        "districts/staff_detail.html",
        {
            "staff": staff,
            "supervised": selectors.staff_supervised_by(user=request.user, staff=staff),
            "mentees": selectors.staff_mentees_of(user=request.user, staff=staff),
            "supervisor_exception": supervision.current_exception(staff=staff),
            "can_edit": access.can_change_staff(request.user, staff),
            "can_manage_personal_data": access.can_manage_personal_data(request.user, staff),
            "new_hire_cutoff": selectors.new_hire_cutoff(),
            "today": clock.today(),
        },
    )


@access.require_capability(access.Capability.MANAGE_PERSONAL_DATA)
def staff_anonymise(request, pk: int):
    """Ask, then anonymise a leaver (HR): a page to confirm on GET, the service on POST."""
    staff = selectors.staff_get(user=request.user, pk=pk)
    if not access.can_manage_personal_data(request.user, staff):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.staff_anonymise(staff=staff, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Personuppgifterna är anonymiserade."))
        return redirect("districts:staff_detail", pk=staff.pk)
    return render(request, "districts/staff_anonymise.html", {"staff": staff, "today": clock.today()})


@access.require_capability(access.Capability.EDIT_STAFF)
def staff_edit(request, pk: int):
    staff = selectors.staff_get_changeable(user=request.user, pk=pk)
    units = selectors.units_for_staff(user=request.user, staff=staff)
    form = StaffForm(
        request.POST or None,
        staff=staff,
        units=units,
        can_assign_roles=access.has_capability(request.user, access.Capability.ASSIGN_ROLES),
        can_grant_exception=access.has_capability(request.user, access.Capability.GRANT_SUPERVISOR_EXCEPTION),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(staff=staff, actor=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Uppgifterna för %(name)s är sparade.") % {"name": staff.full_name})
            return redirect("districts:staff_detail", pk=staff.pk)
    return render(request, "districts/staff_form.html", {"staff": staff, "form": form})


def district_list(request):
    return render(request, "districts/district_list.html", {"districts": selectors.district_list(user=request.user)})


def district_detail(request, pk: int):
    district = selectors.district_get(user=request.user, pk=pk)
    return render(
        request,
        "districts/district_detail.html",
        {"district": district, "units": selectors.unit_list(user=request.user, district_id=district.pk)},
    )


def unit_list(request):
    area = request.GET.get("omrade", "")
    area = area if area in Area.values else ""
    page, query = paginate(request, selectors.unit_list(user=request.user, area=area), per_page=PAGE_SIZE)
    return render(
        request, "districts/unit_list.html", {"page": page, "query": query, "area": area, "areas": Area.choices}
    )


def unit_detail(request, pk: int):
    unit = selectors.unit_get(user=request.user, pk=pk)
    # The staff list's own rows (ids first, then plain values): the same table, built the same way.
    page, query = paginate(
        request,
        selectors.unit_staff(user=request.user, unit=unit),
        per_page=PAGE_SIZE,
        ids_first=True,
        read_rows=selectors.staff_table_rows,
    )
    return render(
        request,
        "districts/unit_detail.html",
        {"unit": unit, "page": page, "query": query, "new_hire_cutoff": selectors.new_hire_cutoff()},
    )


# Staff import: upload -> preview (the file is kept in the session) -> confirm.


@access.require_capability(access.Capability.IMPORT_STAFF)
def staff_import(request):
    organisation = selectors.own_organisation(user=request.user)
    form = StaffImportUploadForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "organisation": organisation,
        "columns": importing.COLUMNS,
        "recent_imports": selectors.recent_imports(user=request.user),
    }
    if request.method == "POST" and form.is_valid():
        if organisation is None:
            form.add_error(
                None, _("Ditt konto hör inte till någon organisation, så det finns ingenstans att importera.")
            )
            return render(request, "districts/staff_import.html", context)
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            plan = importing.plan_import(organisation=organisation, content=content, filename=upload.name)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
            return render(request, "districts/staff_import.html", context)
        context.update(plan=plan, filename=upload.name)
        if plan.is_valid:
            digest = hashlib.sha256(content).hexdigest()
            request.session[IMPORT_SESSION_KEY] = {
                "sha256": digest,
                "filename": upload.name,
                "organisation_id": organisation.pk,
                "content": base64.b64encode(content).decode("ascii"),
            }
            context["sha256"] = digest
    return render(request, "districts/staff_import.html", context)


@access.require_capability(access.Capability.IMPORT_STAFF)
@require_POST
def staff_import_confirm(request):
    """Import exactly the file that was previewed, kept server-side; the form only names it by its hash."""
    stored = request.session.get(IMPORT_SESSION_KEY)
    organisation = selectors.own_organisation(user=request.user)
    if (
        not stored
        or organisation is None
        or stored["organisation_id"] != organisation.pk
        or stored["sha256"] != request.POST.get("sha256")
    ):
        messages.error(request, _("Förhandsgranskningen finns inte längre. Ladda upp filen igen."))
        return redirect("districts:staff_import")
    content = base64.b64decode(stored["content"])
    context = {
        "form": StaffImportUploadForm(),
        "organisation": organisation,
        "columns": importing.COLUMNS,
        "filename": stored["filename"],
    }
    try:
        plan = services.staff_import_apply(
            organisation=organisation, actor=request.user, content=content, filename=stored["filename"]
        )
    except services.ImportRejected as rejected:
        del request.session[IMPORT_SESSION_KEY]
        context["plan"] = rejected.plan
        return render(request, "districts/staff_import.html", context)
    except importing.ImportFileError as error:
        del request.session[IMPORT_SESSION_KEY]
        messages.error(request, str(error))
        return redirect("districts:staff_import")
    except ValidationError as error:
        del request.session[IMPORT_SESSION_KEY]
        messages.error(request, error_text(error))
        return redirect("districts:staff_import")
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("Importen är klar: %(created)s nya, %(updated)s uppdaterade och %(unchanged)s oförändrade medarbetare.")
        % {"created": len(plan.creates), "updated": len(plan.updates), "unchanged": len(plan.unchanged)},
    )
    return redirect("districts:staff_list")


@access.require_capability(access.Capability.IMPORT_STAFF)
def staff_import_sample(request, file_format: str):
    organisation = selectors.own_organisation(user=request.user)
    if file_format == "csv":
        content, content_type = importing.sample_csv(organisation=organisation), "text/csv; charset=utf-8"
    elif file_format == "xlsx":
        content = importing.sample_xlsx(organisation=organisation)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="personal-exempel.{file_format}"'
    return response
