"""Writes to the programme: the default Del 1 and Del 2, courses and their modules."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses.models import (
    Course,
    CourseKind,
    CourseModule,
    Nomination,
    PlanningSettings,
)
from courses.programme import install_default_programme
from districts import audit
from districts.models import Organisation


@transaction.atomic
def programme_install_defaults(*, organisation: Organisation) -> None:
    """Give the organisation the default Del 1, Del 2 and supervisors' training unless it has them."""
    install_default_programme(Course, CourseModule, organisation.pk)
    PlanningSettings.objects.get_or_create(organisation=organisation)


@audit.records_actor
def course_save(
    *,
    actor,
    organisation: Organisation,
    course: Course | None = None,
    name: str,
    kind: str,
    description: str = "",
    credits: Decimal = Decimal(0),
    active: bool = True,
) -> Course:
    """Create a course, or change one; Del 1 and Del 2 exist once per organisation."""
    course = course or Course(organisation=organisation)
    if course.organisation_id != organisation.pk:
        raise ValidationError(_("Kursen hör till en annan organisation."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Ange ett namn.")]})
    if kind in (CourseKind.DEL1, CourseKind.DEL2):
        taken = Course.objects.filter(organisation=organisation, kind=kind).exclude(pk=course.pk)
        if taken.exists():
            raise ValidationError({"kind": [_("Organisationen har redan en kurs av den typen.")]})
    if Course.objects.filter(organisation=organisation, name__iexact=name).exclude(pk=course.pk).exists():
        raise ValidationError({"name": [_("Det finns redan en kurs med det namnet.")]})
    if (
        course.pk
        and kind != course.kind
        and CourseKind.DEL1 in (kind, course.kind)
        and course.rounds.filter(nominations__isnull=False).exists()
    ):
        # Nominations copy their course's kind for the one-Del-1 rule; it must not change under them.
        raise ValidationError({"kind": [_("En kurs med nomineringar kan inte byta till eller från Del 1.")]})
    if credits is None or not Decimal(0) <= credits <= Decimal(300):
        raise ValidationError({"credits": [_("Ange högskolepoäng mellan 0 och 300.")]})
    kind_changed = bool(course.pk) and kind != course.kind
    course.name, course.kind, course.description, course.active = name, kind, description, active
    course.credits = credits
    try:
        with transaction.atomic():
            course.save()
            if kind_changed:
                # The nominations' copy of the kind (read by the one-Del-1 index and the supervisors' training
                # panel) follows the course; a copy, not a change to anyone's place, so no history row of its own.
                Nomination.objects.filter(course_round__course=course).update(course_kind=kind)
    except IntegrityError as error:
        raise ValidationError(_("Kursen kunde inte sparas: namnet eller typen används redan.")) from error
    return course


@audit.records_actor
def module_save(
    *,
    actor,
    course: Course,
    module: CourseModule | None = None,
    title: str,
    area: str,
    days: Decimal,
    order: int,
) -> CourseModule:
    """Create or change a module or theme of a course."""
    module = module or CourseModule(course=course)
    if module.course_id != course.pk:
        raise ValidationError(_("Modulen hör till en annan kurs."))
    if days is None or days < 0:
        raise ValidationError({"days": [_("Antal dagar kan inte vara negativt.")]})
    title = title.strip()
    if CourseModule.objects.filter(course=course, title__iexact=title).exclude(pk=module.pk).exists():
        raise ValidationError({"title": [_("Kursen har redan en modul med den titeln.")]})
    module.title, module.area, module.days, module.order = title, area, days, order
    try:
        with transaction.atomic():
            module.save()
    except IntegrityError as error:
        raise ValidationError({"title": [_("Kursen har redan en modul med den titeln.")]}) from error
    return module
