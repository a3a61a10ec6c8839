from django.utils.translation import gettext_lazy as _

from districts import access
from districts.panels import Panel
from reports import needs
from reports.selectors import suppressor_for
from reports.survey_results import latest_surveys
from reports.tables import display


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels: an open needs inventory to answer, and the reports."""
    result = []
    periods = needs.unanswered_open_periods(user=user)
    if periods:
        result.append(
            Panel(_("Inventera enhetens utbildningsbehov"), "reports/panel_needs.html", {"periods": periods}, 15)
        )
    if access.has_capability(user, access.Capability.VIEW_REPORTS):
        suppress = suppressor_for(user=user)
        surveys = [
            (survey, display(suppress.count(survey.answered)), display(suppress.count(survey.invited)))
            for survey in latest_surveys(user=user)
        ]
        result.append(Panel(_("Uppföljning"), "reports/panel_reports.html", {"surveys": surveys}, 90))
    if access.is_regional_reader(user):
        result.append(Panel(_("Regionen"), "reports/panel_regional.html", {}, 10))
    return result
