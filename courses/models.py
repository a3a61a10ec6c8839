from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowledgeArea(models.TextChoices):
    """The six knowledge areas of the city report (after SOSFS 2006:14); used for learning goals and needs."""

    UTREDNING = "utredning", _("Utredning")
    SAMTAL_OCH_RELATIONER = "samtal_och_relationer", _("Samtal och relationer")
    SAMVERKAN = "samverkan", _("Samverkan")
    REGELVERK = "regelverk", _("Regelverk och rättsutveckling")
    INSATSER = "insatser", _("Insatser")
    UPPFOLJNING = "uppfoljning", _("Uppföljning och utvärdering")
