from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    """The organisation: municipalities, districts, units and their staff, and who may see whom."""

    name = "districts"
    verbose_name = _("Organisation och personal")
