"""The planning settings page, with its plan-now button and the organisation's closure days."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import selectors, services
from courses.forms import ClosureDayForm, PlanningSettingsForm
from courses.views.base import _organisation, manage_programme
from districts.form_errors import apply_errors


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
            apply_errors(form, error)
        else:
            messages.success(request, _("Inställningarna är sparade. De gäller nya planerade omgångar."))
            return redirect("courses:planning_settings")
    return _render(request, organisation, form=form, closure_form=ClosureDayForm())


def _render(request, organisation, *, form, closure_form):
    context = {
        "form": form,
        "closure_form": closure_form,
        "closure_days": selectors.closure_days_of(organisation=organisation),
    }
    return render(request, "courses/planning_settings.html", context)


@manage_programme
@require_POST
def closure_day_add(request):
    """Close a day for the organisation's sessions; a bad date re-shows the page with the message."""
    organisation = _organisation(request)
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        try:
            closure_day = services.closure_day_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(date)s är en stängd dag. Kurstillfällen som redan ligger den dagen visas på startsidan.")
                % {"date": date_format(closure_day.date, "j F Y")},
            )
            return redirect("courses:planning_settings")
    settings_form = PlanningSettingsForm(instance=services.planning_settings_for(organisation=organisation))
    return _render(request, organisation, form=settings_form, closure_form=form)


@manage_programme
@require_POST
def closure_day_remove(request, pk):
    """Open a closed day again."""
    organisation = _organisation(request)
    closure_day = get_object_or_404(selectors.closure_days_of(organisation=organisation), pk=pk)
    services.closure_day_remove(actor=request.user, closure_day=closure_day)
    messages.success(request, _("%(date)s är inte längre stängd.") % {"date": date_format(closure_day.date, "j F Y")})
    return redirect("courses:planning_settings")
