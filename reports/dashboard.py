from django.db.models import Exists, Subquery
from django.utils.translation import gettext_lazy as _

from districts import access
from districts.panels import Panel, read_facts
from reports import needs
from reports.selectors import suppressor_for
from reports.suppression import Suppressor
from reports.survey_results import latest_surveys
from reports.tables import display


def facts(user) -> dict:
    """Return this app's one-value reads (see districts.panels.read_facts): an open inventory, the group threshold."""
    scope = access.scope_for(user)
    found = {}
    if scope.unit_id and access.has_capability(user, access.Capability.REPORT_TRAINING_NEEDS):
        found["reports_needs_open"] = Exists(needs.open_periods(user=user).exclude(reports__unit=scope.unit_id))
    if access.has_capability(user, access.Capability.VIEW_REPORTS) and not scope.is_superuser:
        thresholds = access.visible_organisations(user).values("small_group_threshold")
        found["reports_small_group_threshold"] = Subquery(thresholds[:1])  # one organisation: the user's own
    return found


def panels(user) -> list[Panel]:
    """Return this app's dashboard panels: an open needs inventory to answer, and the reports."""
    result = []
    read = read_facts(user, facts)
    periods = needs.unanswered_open_periods(user=user) if read.get("reports_needs_open") else []
    if periods:
        result.append(
            Panel(_("Inventera enhetens utbildningsbehov"), "reports/panel_needs.html", {"periods": periods}, 15)
        )
    if access.has_capability(user, access.Capability.VIEW_REPORTS):
        threshold = read.get("reports_small_group_threshold")
        suppress = Suppressor(threshold) if threshold is not None else suppressor_for(user=user)
        surveys = [
            (survey, display(suppress.count(survey.answered)), display(suppress.count(survey.invited)))
            for survey in latest_surveys(user=user)
        ]
        result.append(Panel(_("Uppföljning"), "reports/panel_reports.html", {"surveys": surveys}, 90))
    if access.is_regional_reader(user):
        result.append(Panel(_("Regionen"), "reports/panel_regional.html", {}, 10))
    return result
