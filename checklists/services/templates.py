"""Writes of checklist templates: the default Bilaga 3, drafts, publishing and the items of a draft."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from checklists import bilaga3
from checklists.models import (
    ALL_PROFILES,
    ChecklistTemplate,
    CourseTrigger,
    Phase,
    ResponsibleRole,
    TemplateItem,
    TemplatePhase,
    TemplateVersion,
    VersionStatus,
)
from courses.models import Course
from districts import clock
from districts.models import Organisation


def template_install_default(*, organisation: Organisation) -> ChecklistTemplate | None:
    """Give the organisation the default Bilaga 3 template (published as version 1) unless it has it."""
    with transaction.atomic():
        created = bilaga3.install(
            organisation_id=organisation.pk,
            get_model=lambda name: apps.get_model("checklists", name),
            now=clock.now(),
            course_id_for_kind=lambda kind: (
                Course.objects.filter(organisation=organisation, kind=kind).values_list("pk", flat=True).first()
            ),
        )
    if not created:
        return None
    return ChecklistTemplate.objects.get(organisation=organisation, name=bilaga3.TEMPLATE_NAME)


def _require_draft(version: TemplateVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Version %(number)s är publicerad och kan inte ändras. Skapa ett nytt utkast för att ändra mallen.")
            % {"number": version.number}
        )


def _locked_version(version_id: int) -> TemplateVersion:
    return TemplateVersion.objects.select_for_update().select_related("template").get(pk=version_id)


@transaction.atomic
def template_version_draft(*, template: ChecklistTemplate, actor) -> TemplateVersion:
    """Return the template's draft, creating it as a copy of the published version when there is none."""
    ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    draft = template.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    source = template.versions.filter(status=VersionStatus.PUBLISHED).first()
    number = (template.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = TemplateVersion.objects.create(template=template, number=number, created_by=actor)
    if source is None:
        for position, (phase, label) in enumerate(Phase.choices):
            TemplatePhase.objects.create(version=draft, phase=phase, title=str(label), position=position)
        return draft
    phase_copies = {}
    for phase in source.phases.all():
        phase_copies[phase.pk] = TemplatePhase.objects.create(
            version=draft, phase=phase.phase, title=phase.title, position=phase.position
        )
    TemplateItem.objects.bulk_create(
        TemplateItem(
            version=draft,
            phase=phase_copies[item.phase_id],
            title=item.title,
            guidance=item.guidance,
            responsible_role=item.responsible_role,
            due_day=item.due_day,
            profiles=list(item.profiles),
            position=item.position,
            course_id=item.course_id,
            course_trigger=item.course_trigger,
            course_module_id=item.course_module_id,
            automatic_source=item.automatic_source,
        )
        for item in source.items.all()
    )
    return draft


@transaction.atomic
def template_version_publish(*, version: TemplateVersion, actor) -> TemplateVersion:
    """Make the draft the version new plans use; the previously published one is retired."""
    version = _locked_version(version.pk)
    _require_draft(version)
    if not version.items.exists():
        raise ValidationError(_("Ett utkast utan punkter kan inte publiceras."))
    TemplateVersion.objects.filter(template_id=version.template_id, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED
    )
    version.status = VersionStatus.PUBLISHED
    version.published_at = clock.now()
    version.published_by = actor
    version.save(update_fields=["status", "published_at", "published_by"])
    return version


def _clean_course_link(*, version: TemplateVersion, course, course_module) -> None:
    organisation_id = version.template.organisation_id
    if course is not None and course.organisation_id != organisation_id:
        raise ValidationError({"course": _("Kursen hör inte till organisationen.")})
    if course_module is not None and course_module.course.organisation_id != organisation_id:
        raise ValidationError({"course_module": _("Modulen hör inte till organisationen.")})


def _clean_trigger(course_trigger: str) -> str:
    """Return the trigger, completion when none is given; refuse an unknown one."""
    if not course_trigger:
        return CourseTrigger.COMPLETED
    if course_trigger not in CourseTrigger.values:
        raise ValidationError({"course_trigger": _("Välj när kursen bockar av punkten.")})
    return course_trigger


def _clean_item_fields(*, title: str, responsible_role: str, due_day: int, profiles: list[str]) -> None:
    if not title.strip():
        raise ValidationError({"title": _("Ange en rubrik för punkten.")})
    if responsible_role not in ResponsibleRole.values:
        raise ValidationError({"responsible_role": _("Välj vem som ansvarar.")})
    if not -90 <= due_day <= 1095:
        raise ValidationError({"due_day": _("Dagen måste ligga mellan -90 och 1095.")})
    if not profiles or set(profiles) - set(ALL_PROFILES):
        raise ValidationError({"profiles": _("Välj minst en introduktionsprofil.")})


@transaction.atomic
def template_item_create(
    *,
    version: TemplateVersion,
    phase: TemplatePhase,
    title: str,
    guidance: str = "",
    responsible_role: str,
    due_day: int,
    profiles: list[str],
    course: Course | None = None,
    course_trigger: str = "",
    course_module=None,
) -> TemplateItem:
    """Add an item to a draft version, last in its phase."""
    version = _locked_version(version.pk)
    _require_draft(version)
    if phase.version_id != version.pk:
        raise ValidationError({"phase": _("Fasen hör inte till den här versionen.")})
    _clean_item_fields(title=title, responsible_role=responsible_role, due_day=due_day, profiles=profiles)
    _clean_course_link(version=version, course=course, course_module=course_module)
    position = (phase.items.aggregate(highest=Max("position"))["highest"] or 0) + 1
    return TemplateItem.objects.create(
        version=version,
        phase=phase,
        title=title.strip(),
        guidance=guidance,
        responsible_role=responsible_role,
        due_day=due_day,
        profiles=list(profiles),
        position=position,
        course=course,
        course_trigger=_clean_trigger(course_trigger),
        course_module=course_module,
    )


@transaction.atomic
def template_item_update(*, item: TemplateItem, **fields) -> TemplateItem:
    """Change an item of a draft version."""
    version = _locked_version(item.version_id)
    _require_draft(version)
    if "course_trigger" in fields:
        fields["course_trigger"] = _clean_trigger(fields["course_trigger"])
    for name, value in fields.items():
        setattr(item, name, value)
    if item.phase.version_id != item.version_id:
        raise ValidationError({"phase": _("Fasen hör inte till den här versionen.")})
    _clean_item_fields(
        title=item.title, responsible_role=item.responsible_role, due_day=item.due_day, profiles=item.profiles
    )
    _clean_course_link(version=version, course=item.course, course_module=item.course_module)
    item.save()
    return item


@transaction.atomic
def template_item_delete(*, item: TemplateItem) -> None:
    """Remove an item from a draft version."""
    _require_draft(_locked_version(item.version_id))
    item.delete()


@transaction.atomic
def template_item_move(*, item: TemplateItem, up: bool) -> None:
    """Swap the item with its neighbour above (or below) in its phase."""
    _require_draft(_locked_version(item.version_id))
    siblings = list(item.phase.items.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            TemplateItem.objects.filter(pk=sibling.pk).update(position=position)
