"""The planning settings page, with its plan-now button."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from courses import services
from courses.forms import PlanningSettingsForm
from courses.views.base import _apply_errors, _organisation, manage_programme


@manage_programme
def planning_settings(request):
    organisation = _organisation(request)
    settings_row = services.planning_settings_for(organisation=organisation)
    if request.method == "POST" and "plan_now" in request.POST:
        services.rounds_plan_queue(organisation=organisation)
        messages.success(request, _("Planeringen körs nu. Nya omgångar syns i kalendern om en liten stund."))
        return redirect("courses:planning_settings")
    form = PlanningSettingsForm(request.POST or None, instance=settings_row)
    if request.method == "POST" and form.is_valid():
        try:
            services.planning_settings_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade. De gäller nya planerade omgångar."))
            return redirect("courses:planning_settings")
    return render(request, "courses/planning_settings.html", {"form": form})
