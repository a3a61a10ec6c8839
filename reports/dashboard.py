from django.utils.translation import gettext_lazy as _

from districts import access
from intro_program.dashboard import Panel
from reports import needs


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels: an open needs inventory to answer, and the reports."""
    result = []
    periods = needs.unanswered_open_periods(user)
    if periods:
        result.append(
            Panel(_("Inventera enhetens utbildningsbehov"), "reports/panel_needs.html", {"periods": periods}, 15)
        )
    if access.has_capability(user, access.Capability.MANAGE_PROGRAMME) or access.scope_for(user).is_organisation_wide:
        result.append(Panel(_("Uppföljning"), "reports/panel_reports.html", {}, 90))
    return result
