from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """Evaluation surveys after each round; kept apart because answers must never be traced to a person."""

    name = "surveys"
    verbose_name = _("Utvärderingar")

    def ready(self):
        from surveys import receivers  # noqa: F401  (connects the round_held and district move receivers)
