"""The competence ladder: levels, credits and competence reviews of the city's social workers.

A separate app because it reads two apps below it at once, the credits of completed courses
(courses) and the plan item "Kompetensnivån omprövad" that a review ticks (checklists), and the
reports read its results; it sits between {checklists, surveys} and reports (.importlinter). The
supervisor rule itself lives in districts (`districts.supervision`), since it reads only the level.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = _("Kompetensnivåer")
