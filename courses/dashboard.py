"""Dashboard panels: the enhetschef's hires without Del 1 and their Del 2 progress, the coordinator's rounds."""

from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors
from districts import access
from districts.access import Capability
from intro_program.dashboard import Panel


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user."""
    today = timezone.localdate()
    result = []
    if access.has_capability(user, Capability.MANAGE_PROGRAMME):
        rounds = list(selectors.upcoming_rounds(user, today=today))
        result.append(Panel(_("Kommande kursomgångar"), "courses/panel_rounds.html", {"rounds": rounds}, order=20))
    if access.has_capability(user, Capability.NOMINATE):
        rows = selectors.hires_without_del1_booking(user, today=today)
        result.append(
            Panel(
                _("Nyanställda utan plats på Del 1"),
                "courses/panel_del1.html",
                {"rows": rows, "today": today, "booked": selectors.hires_booked_on_del1(user, today=today)},
                order=10,
            )
        )
        progress = selectors.del2_progress_for_hires(user, today=today)
        if progress:
            result.append(Panel(_("Del 2 för nyanställda"), "courses/panel_del2.html", {"rows": progress}, order=30))
    mine = selectors.my_upcoming_nominations(user, today=today)
    if mine:
        result.append(Panel(_("Mina kurser"), "courses/panel_mine.html", {"nominations": mine}, order=40))
    return result
