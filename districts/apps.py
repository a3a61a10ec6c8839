from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    """The organisation: municipalities, districts, units and their staff, and who may see whom."""

    name = "districts"
    verbose_name = _("Organisation och personal")

    def ready(self):
        from districts import org_counts  # noqa: F401 - connects the signals that keep its counts' version
