"""Reads of checklist templates and their versions, scoped to the user's organisation."""

from django.db.models import Case, Prefetch, QuerySet, Value, When

from checklists.models import ChecklistTemplate, TemplateItem, TemplateVersion, VersionStatus
from districts import access


def current_version_for_organisation(*, organisation_id: int) -> TemplateVersion | None:
    """Return the published version new plans use: the default Bilaga 3 template's, else the oldest template's."""
    from checklists.bilaga3 import TEMPLATE_NAME

    versions = (
        TemplateVersion.objects.filter(template__organisation_id=organisation_id, status=VersionStatus.PUBLISHED)
        .select_related("template")
        .annotate(is_default=Case(When(template__name=TEMPLATE_NAME, then=Value(0)), default=Value(1)))
        .order_by("is_default", "template__created_at", "template_id")
    )
    return versions.first()


def visible_templates(*, user) -> QuerySet[ChecklistTemplate]:
    return access.restrict_by_organisation(user, ChecklistTemplate.objects.all(), "organisation_id").prefetch_related(
        "versions"
    )


def visible_versions(*, user) -> QuerySet[TemplateVersion]:
    return access.restrict_by_organisation(
        user, TemplateVersion.objects.select_related("template", "published_by"), "template__organisation_id"
    )


def visible_template_items(*, user) -> QuerySet[TemplateItem]:
    return access.restrict_by_organisation(
        user, TemplateItem.objects.select_related("version__template", "phase"), "version__template__organisation_id"
    )


def version_with_items(*, user, version_id: int) -> TemplateVersion:
    return (
        visible_versions(user=user)
        .prefetch_related(
            Prefetch(
                "phases__items",
                queryset=TemplateItem.objects.select_related("course", "course_module").order_by("position", "pk"),
            )
        )
        .get(pk=version_id)
    )


def versions_to_print(*, user) -> QuerySet[TemplateVersion]:
    """Return the visible versions with their phases and items, as a blank checklist prints them."""
    return visible_versions(user=user).prefetch_related("phases__items")
