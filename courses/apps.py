from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """The course programme: Del 1, Del 2 and further courses, their rounds and nominations."""

    name = "courses"
    verbose_name = _("Kurser")

    def ready(self):
        from courses import dashboard
        from districts import org_counts

        # A coordinator's Del 2 total is the organisation's: kept with its counts, not counted every request.
        org_counts.register_counter(dashboard.DEL2_WINDOW_COUNT, dashboard.organisation_del2_window_count)
