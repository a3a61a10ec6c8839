from django.utils.translation import gettext_lazy as _

from districts import access
from districts.panels import Panel
from surveys import selectors


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user: their unanswered evaluations."""
    scope = access.scope_for(user)
    if scope.staff_id is None:
        return []
    invitations = list(selectors.open_invitations_for_staff(staff_id=scope.staff_id)[:5])
    if not invitations:
        return []
    return [
        Panel(_("Utvärderingar att besvara"), "surveys/panel_open_invitations.html", {"invitations": invitations}, 20)
    ]
