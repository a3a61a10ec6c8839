from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from districts import access
from districts.panels import Panel, read_facts
from surveys import nonparticipation, selectors


def facts(user) -> dict:
    """Return this app's one-value reads (see districts.panels.read_facts): whether anything waits for an answer."""
    scope = access.scope_for(user)
    if scope.staff_id is None:
        return {}
    return {
        "surveys_open_invitations": Exists(selectors.open_invitations_for_staff(staff_id=scope.staff_id)),
        "surveys_open_inquiries": Exists(nonparticipation.open_inquiries(user=user)),
    }


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels for the user: their unanswered evaluations and questions why nobody went."""
    scope = access.scope_for(user)
    if scope.staff_id is None:
        return []
    result = []
    waiting = read_facts(user, facts)
    invitations = []
    if waiting["surveys_open_invitations"]:
        invitations = list(selectors.open_invitations_for_staff(staff_id=scope.staff_id)[:5])
    if invitations:
        result.append(
            Panel(
                _("Utvärderingar att besvara"), "surveys/panel_open_invitations.html", {"invitations": invitations}, 20
            )
        )
    inquiries = list(nonparticipation.open_inquiries(user=user)[:5]) if waiting["surveys_open_inquiries"] else []
    if inquiries:
        result.append(
            Panel(_("Varför deltog ingen?"), "surveys/panel_non_participation.html", {"inquiries": inquiries}, 21)
        )
    return result
