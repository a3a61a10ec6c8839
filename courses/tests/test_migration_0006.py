"""Migration 0006 settles legacy rows that the new rules forbid, and records each change."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from courses.models import CourseRound, Nomination, NominationStatus, RoundStatus
from courses.tests.factories import CourseRoundFactory, del1_of
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

# About 30 s alone (unapplying and applying again the migrations after 0005 of four apps): scheduled first under
# -n, not among the short files at the end.
pytestmark = pytest.mark.long_running(30)

BEFORE = [("courses", "0005_history_append_only")]
AFTER = [("courses", "0006_one_del1_and_settled_outcomes")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_legacy_booked_on_held_rounds_and_double_del1_are_settled(require_postgres):
    organisation = OrganisationFactory()
    unit = UnitFactory(district__organisation=organisation)
    held = CourseRoundFactory(course=del1_of(organisation), title="Hållen", status=RoundStatus.HELD)
    later = CourseRoundFactory(course=del1_of(organisation), title="Senare")
    forgotten, waiting, twice = (StaffMemberFactory(unit=unit) for _ in range(3))
    try:
        old_apps = _migrate(BEFORE)
        OldNomination = old_apps.get_model("courses", "Nomination")
        rows = {
            "forgotten": OldNomination.objects.create(course_round_id=held.pk, staff_id=forgotten.pk, status="booked"),
            "waiting": OldNomination.objects.create(course_round_id=held.pk, staff_id=waiting.pk, status="waitlisted"),
            "done": OldNomination.objects.create(course_round_id=held.pk, staff_id=twice.pk, status="completed"),
            "again": OldNomination.objects.create(course_round_id=later.pk, staff_id=twice.pk, status="booked"),
        }
    finally:
        _migrate(AFTER)
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    settled = {name: Nomination.objects.get(pk=row.pk) for name, row in rows.items()}
    assert {name: n.status for name, n in settled.items()} == {
        "forgotten": NominationStatus.DROPPED_OUT,
        "waiting": NominationStatus.CANCELLED,
        "done": NominationStatus.COMPLETED,
        "again": NominationStatus.CANCELLED,
    }
    assert settled["forgotten"].drop_out_reason == "other" and settled["forgotten"].drop_out_text
    assert all(n.course_kind == "del1" for n in settled.values())
    assert settled["forgotten"].events.get().kind == "dropped_out"
    assert settled["again"].events.get().kind == "cancelled"
    assert settled["forgotten"].history.first().history_change_reason.startswith("0006")
    assert not Nomination.objects.filter(course_round__status=RoundStatus.HELD, status="booked").exists()
    assert CourseRound.objects.get(pk=held.pk).status == RoundStatus.HELD
