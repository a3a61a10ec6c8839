"""The page where the hire or their 1:e socialsekreterare marks a plan's meeting held or not held."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from checklists import meetings_held
from checklists.forms import MeetingHeldForm
from checklists.models import PlanMeeting


def meeting_record_held(request, meeting_id: int):
    try:
        meeting = meetings_held.meeting_for_record(user=request.user, meeting_id=meeting_id)
    except PlanMeeting.DoesNotExist as missing:
        raise Http404 from missing
    plan = meeting.plan
    if not meetings_held.can_record(request.user, plan):
        raise PermissionDenied
    initial = {"held": "1" if meeting.held in (None, True) else "0", "note": meeting.held_note}
    form = MeetingHeldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meetings_held.plan_meeting_record_held(
                meeting_id=meeting.pk,
                actor=request.user,
                held=form.cleaned_data["held"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mötet är registrerat."))
            return redirect(reverse("checklists:plan_detail", args=[plan.pk]) + "#moten")
    return render(request, "checklists/meeting_held_form.html", {"form": form, "meeting": meeting, "plan": plan})
