from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The programme's follow-up reports: read-only aggregates over the other apps' records."""

    name = "reports"
    verbose_name = _("Rapporter")
