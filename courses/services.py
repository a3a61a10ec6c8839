"""Writes to the course programme: each is keyword-only, atomic, validating, and sends its side effects on commit."""

from django.db import transaction

from courses.models import Course, CourseModule
from courses.programme import install_default_programme
from districts.models import Organisation


@transaction.atomic
def programme_install_defaults(*, organisation: Organisation) -> None:
    """Give the organisation the default Del 1 and Del 2 unless it has them."""
    install_default_programme(Course, CourseModule, organisation.pk)
