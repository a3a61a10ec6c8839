from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """The course programme: Del 1, Del 2 and further courses, their rounds and nominations."""

    name = "courses"
    verbose_name = _("Kurser")
