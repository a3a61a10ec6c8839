"""Onboard an organisation: each app installs its defaults, in the order they build on each other.

This is the project level because the step needs every app: the checklist template links its items to
the courses that the programme step creates, so the order is written here rather than left to the
order in which signal receivers happen to be connected. Everything that creates an organisation (the
admin, `seed_demo`, the benchmark's seeding, the test factories) calls it.
"""

from django.db import transaction

from checklists import services as checklist_services
from courses import services as course_services
from districts.models import Organisation


@transaction.atomic
def organisation_onboard(*, organisation: Organisation) -> None:
    """Give the organisation the default programme, then the default Bilaga 3 template linked to its courses.

    Safe to call again: each step installs only what is missing. The evaluation surveys need no step:
    their default questionnaires are shared by every organisation (see `surveys.defaults`).
    """
    course_services.programme_install_defaults(organisation=organisation)
    checklist_services.template_install_default(organisation=organisation)
