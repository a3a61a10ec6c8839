"""Migration 0013 names the automatic source of the existing template items by the titles the ticks used."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from checklists import services
from checklists.models import AutomaticSource
from checklists.tests.factories import ensure_default_template
from districts.models import Role

pytestmark = pytest.mark.django_db

migration = importlib.import_module("checklists.migrations.0013_template_item_automatic_source")


def test_items_are_matched_by_the_old_titles_the_first_per_version_only(world):
    version = ensure_default_template(world.organisation)
    draft = services.template_version_draft(template=version.template, actor=world.user(Role.UTBILDNINGSSAMORDNARE))
    draft.items.update(automatic_source="")  # as the items were before the field
    review = draft.items.get(title__startswith=migration.COMPETENCE_REVIEW_TITLE_START)
    review.title = "kompetensnivån omprövad (edited by the coordinator)"
    review.save()
    earlier = draft.items.filter(position__lt=review.position).order_by("position").last()
    earlier.title = "Kompetensnivån omprövad, första gången"
    earlier.save()

    if connection.vendor == "postgresql":
        # The test's rows are still in its transaction: fire their deferred checks, as a migration has none.
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor(atomic=False) as schema_editor:
        migration.name_automatic_sources(apps, schema_editor)

    named = dict(draft.items.exclude(automatic_source="").values_list("pk", "automatic_source"))
    evaluation = draft.items.get(title=migration.INTRODUCTION_EVALUATION_TITLE)
    assert named == {
        earlier.pk: AutomaticSource.COMPETENCE_REVIEW,  # the first by position; `review` is left blank
        evaluation.pk: AutomaticSource.INTRODUCTION_EVALUATION,
    }
    # The published version, which already had its sources from the default, is left as it was.
    assert version.items.exclude(automatic_source="").count() == 2
