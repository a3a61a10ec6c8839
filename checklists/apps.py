from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    """Checklist templates (Bilaga 3) and each hire's individual introduction plan."""

    name = "checklists"
    verbose_name = _("Introduktionsplaner")

    def ready(self):
        from checklists import receivers  # noqa: F401  (connects the hires_added and course receivers)
