"""Checklist templates: their versions, drafts, publishing and items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklists import pdf, selectors, services
from checklists.forms import TemplateItemForm
from checklists.models import TemplateVersion
from districts.access import Capability, require_capability
from districts.form_errors import apply_errors, error_text


@require_capability(Capability.MANAGE_PROGRAMME)
def template_list(request):
    templates = selectors.visible_templates(user=request.user)
    return render(request, "checklists/template_list.html", {"templates": templates})


@require_capability(Capability.MANAGE_PROGRAMME)
def version_detail(request, version_id: int):
    try:
        version = selectors.version_with_items(user=request.user, version_id=version_id)
    except TemplateVersion.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "checklists/version_detail.html", {"version": version})


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def version_draft(request, template_id: int):
    template = get_object_or_404(selectors.visible_templates(user=request.user), pk=template_id)
    draft = services.template_version_draft(template=template, actor=request.user)
    return redirect("checklists:version_detail", draft.pk)


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def version_publish(request, version_id: int):
    version = get_object_or_404(selectors.visible_versions(user=request.user), pk=version_id)
    try:
        services.template_version_publish(version=version, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("Versionen är publicerad. Nya planer använder den; befintliga behåller sin version.")
        )
    return redirect("checklists:version_detail", version.pk)


def version_pdf(request, version_id: int):
    """A blank checklist of a template version, to print."""
    version = get_object_or_404(selectors.versions_to_print(user=request.user), pk=version_id)
    response = HttpResponse(pdf.render_blank_checklist_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="checklista-version-{version.number}.pdf"'
    return response


@require_capability(Capability.MANAGE_PROGRAMME)
def template_item_create(request, version_id: int):
    version = get_object_or_404(selectors.visible_versions(user=request.user), pk=version_id)
    return _template_item_form(request, version, item=None)


@require_capability(Capability.MANAGE_PROGRAMME)
def template_item_edit(request, item_id: int):
    item = get_object_or_404(selectors.visible_template_items(user=request.user), pk=item_id)
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
            apply_errors(form, error)
        else:
            messages.success(request, _("Punkten är sparad."))
            return redirect("checklists:version_detail", version.pk)
    return render(request, "checklists/template_item_form.html", {"form": form, "version": version, "item": item})


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def template_item_delete(request, item_id: int):
    item = get_object_or_404(selectors.visible_template_items(user=request.user), pk=item_id)
    try:
        services.template_item_delete(item=item)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("checklists:version_detail", item.version_id)


@require_capability(Capability.MANAGE_PROGRAMME)
@require_POST
def template_item_move(request, item_id: int):
    item = get_object_or_404(selectors.visible_template_items(user=request.user), pk=item_id)
    try:
        services.template_item_move(item=item, up=request.POST.get("riktning") != "ned")
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect(reverse("checklists:version_detail", args=[item.version_id]) + f"#mallpunkt-{item.pk}")
