"""Bulk export of plans: start one, follow its status, download the file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from checklists import selectors, services
from checklists.forms import ExportForm
from checklists.models import ExportStatus
from districts import access
from districts.access import Capability, require_capability
from districts.form_errors import apply_errors


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
            export = services.plan_export_request(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Exporten är startad."))
            return redirect(reverse("checklists:export_list") + f"#export-{export.pk}")
    exports = selectors.own_exports(user=request.user)
    return render(request, "checklists/export_list.html", {"form": form, "exports": exports})


@require_capability(Capability.EXPORT_PLANS)
def export_status(request, export_id: int):
    """The export's row, polled by htmx until it is done."""
    export = get_object_or_404(selectors.visible_exports(user=request.user), pk=export_id)
    return render(request, "checklists/_export_row.html", {"export": export})


@require_capability(Capability.EXPORT_PLANS)
def export_download(request, export_id: int):
    export = get_object_or_404(selectors.visible_exports(user=request.user), pk=export_id)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=f"introduktionsplaner-{export.pk}.zip")
