"""A person's calendar: Mina kurser, the private feed address and the feed itself."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import ical, selectors, services
from courses.models import ACTIVE_STATUSES, NominationStatus
from districts import access, clock


def my_calendar(request):
    scope = access.scope_for(request.user)
    staff = access.visible_staff(request.user).filter(pk=scope.staff_id).first()
    feed = services.calendar_feed_for(staff=staff) if staff else None
    feed_url = request.build_absolute_uri(redirect("courses:feed", token=feed.token).url) if feed else None
    nominations = (
        selectors.nominations_of_staff(user=request.user, staff=staff).filter(
            status__in=[*ACTIVE_STATUSES, NominationStatus.COMPLETED]
        )
        if staff
        else []
    )
    return render(
        request, "courses/my_calendar.html", {"feed_url": feed_url, "nominations": nominations, "staff": staff}
    )


@require_POST
def feed_revoke(request):
    scope = access.scope_for(request.user)
    staff = access.visible_staff(request.user).filter(pk=scope.staff_id).first()
    if staff is None:
        raise Http404
    services.calendar_feed_revoke(staff=staff)
    messages.success(request, _("Du har fått en ny kalenderadress. Den gamla slutar fungera."))
    return redirect("courses:my_calendar")


@login_not_required
def feed(request, token):
    """Serve a person's private calendar feed; the token in the address is the only key."""
    feed_row = selectors.feed_for_token(token=token)
    if feed_row is None:
        raise Http404
    sessions = selectors.sessions_of_staff(staff=feed_row.staff).filter(
        date__gte=clock.today() - datetime.timedelta(days=365)
    )
    return HttpResponse(ical.person_feed(feed_row.staff, sessions), content_type="text/calendar; charset=utf-8")
