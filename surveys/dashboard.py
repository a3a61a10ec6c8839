from django.utils.translation import gettext_lazy as _

from districts import access
from districts.panels import Panel
from surveys import nonparticipation, selectors


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user: their unanswered evaluations and questions why nobody went."""
    scope = access.scope_for(user)
    if scope.staff_id is None:
        return []
    result = []
    invitations = list(selectors.open_invitations_for_staff(staff_id=scope.staff_id)[:5])
    if invitations:
        result.append(
            Panel(
                _("Utvärderingar att besvara"), "surveys/panel_open_invitations.html", {"invitations": invitations}, 20
            )
        )
    inquiries = list(nonparticipation.open_inquiries(user=user)[:5])
    if inquiries:
        result.append(
            Panel(_("Varför deltog ingen?"), "surveys/panel_non_participation.html", {"inquiries": inquiries}, 21)
        )
    return result
