"""Pages of the follow-ups: the coordinator's settings, and the short question to units that sent nobody."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from districts import access
from districts.access import Capability, require_capability
from districts.form_errors import apply_errors
from surveys import followup, nonparticipation
from surveys.followup_forms import FollowUpSettingsForm, NonParticipationForm


@require_capability(Capability.MANAGE_PROGRAMME)
def follow_up_settings(request):
    organisation_id = access.scope_for(request.user).organisation_id
    if organisation_id is None:
        raise Http404
    current = followup.settings_for(organisation_id)
    form = FollowUpSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "follow_up_after_months": current.follow_up_after_months,
            "ask_non_participating": current.ask_non_participating,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            followup.follow_up_settings_update(organisation_id=organisation_id, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Inställningarna för uppföljning är sparade."))
            return redirect("surveys:follow_up_settings")
    return render(request, "surveys/follow_up_settings.html", {"form": form})


@require_capability(Capability.VIEW_REPORTS)
def non_participation_answer(request, pk: int):
    inquiry = get_object_or_404(nonparticipation.answerable_inquiries(user=request.user), pk=pk)
    initial = {}
    if inquiry.answered_at:
        initial = {
            "knew_of_programme": "yes" if inquiry.knew_of_programme else "no",
            "reasons": inquiry.reasons,
            "other_text": inquiry.other_text,
        }
    form = NonParticipationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nonparticipation.inquiry_answer(inquiry=inquiry, actor=request.user, **form.service_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Tack för svaret!"))
            return redirect("dashboard")
    return render(request, "surveys/non_participation_form.html", {"form": form, "inquiry": inquiry})
