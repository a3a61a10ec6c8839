"""How long a login lasts: it ends after a spell without activity, after a working day in all, and with the job.

The limits are settings (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, read from the environment). The
session records when it began and when it was last used; `SessionLimitsMiddleware` checks them on
every request and writes the last use at most once a minute, so a page does not write on every view.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from districts import clock
from districts.backends import employment_ended_on

STARTED_AT = "limits_started_at"  # session keys, POSIX seconds
ACTIVE_AT = "limits_active_at"
WRITE_ACTIVITY_EVERY = 60  # seconds; an idle session may so end up to a minute early


@receiver(user_logged_in, dispatch_uid="intro_program.session_limits.start")
def start_the_clock(sender, request, user, **kwargs):
    now = clock.now().timestamp()
    request.session[STARTED_AT] = now
    request.session[ACTIVE_AT] = now


def reason_to_end(request) -> str | None:
    """Return why the request's session must end now (a sentence for the login page), or None and note the use."""
    ended = employment_ended_on(request.user)
    if ended is not None:
        return _("Din anställning upphörde %(day)s, så du har loggats ut.") % {
            "day": formats.date_format(ended, "j F Y")
        }
    session = request.session
    now = clock.now().timestamp()
    started = session.get(STARTED_AT)
    active = session.get(ACTIVE_AT)
    if started is None or active is None:  # a session from before these limits, or from another login path
        session[STARTED_AT] = started = started or now
        session[ACTIVE_AT] = active = now
    hours = settings.SESSION_MAX_HOURS
    if now - started >= hours * 3600:
        return ngettext(
            "Du har loggats ut eftersom du har varit inloggad i %(count)s timme. Logga in igen.",
            "Du har loggats ut eftersom du har varit inloggad i %(count)s timmar. Logga in igen.",
            hours,
        ) % {"count": hours}
    minutes = settings.SESSION_IDLE_MINUTES
    if now - active >= minutes * 60:
        return ngettext(
            "Du har loggats ut efter %(count)s minut utan aktivitet. Logga in igen.",
            "Du har loggats ut efter %(count)s minuter utan aktivitet. Logga in igen.",
            minutes,
        ) % {"count": minutes}
    if now - active >= WRITE_ACTIVITY_EVERY:
        session[ACTIVE_AT] = now
    return None
