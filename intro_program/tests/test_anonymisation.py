"""Anonymising a leaver: names, e-mail and free text go everywhere, history included; links and numbers stay."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from checklists import meetings_held
from checklists import services as checklist_services
from checklists.models import IntroductionPlan, PlanItem, PlanItemEvent
from checklists.tests.factories import plan_for
from courses import services as course_services
from courses.models import Nomination, NominationEvent
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock, services, tasks
from districts.models import Role, StaffMember
from districts.services import data_protection
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

OLD_NAME, OLD_EMAIL = "Lovisa Lämnarsson", "lovisa.lamnarsson@example.se"
NOTE = "Lovisa behöver extra stöd efter sin sjukskrivning"


def _leaver(world, *, ended_days_ago: int = 800):
    """A hire with a plan, a ticked item with a note, a nomination that dropped out with a reason, and a login."""
    today = clock.today()
    staff = StaffMemberFactory(
        unit=world.own_unit,
        first_name="Lovisa",
        last_name="Lämnarsson",
        work_email=OLD_EMAIL,
        with_login=True,
        employment_start=today - datetime.timedelta(days=ended_days_ago + 200),
        supervisor=world.people[Role.FORSTE_SOCIALSEKRETERARE],
    )
    plan = plan_for(staff)
    checklist_services.plan_update(
        plan=plan,
        actor=world.user(Role.ENHETSCHEF),
        manager=world.people[Role.ENHETSCHEF],
        supervisor=plan.supervisor,
        mentor=None,
        notes=NOTE,
        goals={"utredning": (NOTE, NOTE)},
    )
    item = plan.items.filter(responsible_role="enhetschef").first()
    checklist_services.plan_item_tick(
        item_id=item.pk, actor=world.user(Role.ENHETSCHEF), done=True, expected_version=item.version, note=NOTE
    )
    supervision = plan.meetings.filter(kind="handledning").order_by("starts_at").first()
    meetings_held.plan_meeting_record_held(
        meeting_id=supervision.pk, actor=world.user(Role.FORSTE_SOCIALSEKRETERARE), held=False, note=NOTE
    )
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 januari")
    nomination = course_services.round_nominate(
        course_round=course_round, staff=staff, actor=world.user(Role.ENHETSCHEF)
    )
    course_services.nomination_drop_out(
        nomination=nomination, reason="other", text=NOTE, actor=world.user(Role.ENHETSCHEF)
    )
    staff.employment_end = today - datetime.timedelta(days=ended_days_ago)
    staff.save()
    return staff


def _personal_text_anywhere() -> list[str]:
    """Return every table.column whose rows still hold the old name, e-mail or note."""
    found = []
    for model in apps.get_models():
        text_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for model_field in text_fields:
            for needle in ("Lämnarsson", OLD_EMAIL, "sjukskrivning"):
                if model.objects.filter(**{f"{model_field.attname}__icontains": needle}).exists():
                    found.append(f"{model._meta.db_table}.{model_field.column}")
    return sorted(set(found))


def test_anonymising_a_leaver_scrubs_every_table_and_history_but_keeps_the_links(world):
    staff = _leaver(world)
    assert "checklists_historicalintroductionplan.notes" in _personal_text_anywhere()  # the history held it too
    plan_id = staff.introduction_plan.pk
    ticks_before = PlanItemEvent.objects.filter(item__plan_id=plan_id).count()

    services.staff_anonymise(staff=staff, actor=world.user(Role.HR))

    assert _personal_text_anywhere() == []
    staff.refresh_from_db()
    assert (staff.first_name, staff.work_email) == ("Anonymiserad", f"anonymiserad-{staff.pk}@anonymiserad.invalid")
    assert staff.anonymised_at is not None
    # Links kept: the plan, its ticks, the nomination and its events still belong to the same row.
    assert IntroductionPlan.objects.get(pk=plan_id).staff_id == staff.pk
    assert PlanItemEvent.objects.filter(item__plan_id=plan_id).count() == ticks_before
    nomination = Nomination.objects.get(staff=staff)
    assert nomination.status == "dropped_out" and nomination.drop_out_reason == "other"
    assert NominationEvent.objects.filter(nomination=nomination).count() >= 2
    # The login is gone for good.
    user = get_user_model().objects.get(pk=staff.user_id)
    assert not user.is_active and not user.has_usable_password() and user.email == ""
    # The anonymisation itself is in the history, naming HR and the reason.
    last = staff.history.order_by("-history_date", "-history_id").first()
    assert last.history_user == world.user(Role.HR) and last.history_change_reason == "Anonymisering"


def test_the_leaver_can_no_longer_log_in(world, client):
    staff = _leaver(world)
    # A leaver is refused at login already (districts.backends); anonymising also removes the login itself.
    assert staff.user.is_active and staff.user.username == OLD_EMAIL
    services.staff_anonymise(staff=staff, actor=None)
    assert not client.login(username=OLD_EMAIL, password=world.password)
    assert not client.login(username=f"anonymiserad-{staff.pk}", password=world.password)


def test_someone_still_employed_is_not_anonymised(world):
    with pytest.raises(ValidationError, match="slutat"):
        services.staff_anonymise(staff=world.hire, actor=None)
    world.hire.refresh_from_db()
    assert world.hire.first_name == "Nora" and world.hire.anonymised_at is None


def test_anonymising_twice_changes_nothing_more(world):
    staff = _leaver(world)
    services.staff_anonymise(staff=staff, actor=None)
    rows = staff.history.count()
    services.staff_anonymise(staff=staff, actor=None)
    assert staff.history.count() == rows


def test_the_nightly_task_takes_those_past_their_organisations_months(world):
    """24 months by default: 800 days ago is past it, 400 days ago is not; 12 months takes both."""
    long_gone = _leaver(world, ended_days_ago=800)
    recent = StaffMemberFactory(
        unit=world.own_unit,
        employment_start=clock.today() - datetime.timedelta(days=900),
        employment_end=clock.today() - datetime.timedelta(days=400),
    )
    assert world.organisation.anonymise_after_months == 24
    assert tasks.anonymise_leavers() == 1
    long_gone.refresh_from_db(), recent.refresh_from_db()
    assert long_gone.anonymised_at is not None and recent.anonymised_at is None

    world.organisation.anonymise_after_months = 12
    world.organisation.save()
    assert tasks.anonymise_leavers() == 1
    recent.refresh_from_db()
    assert recent.anonymised_at is not None
    assert tasks.anonymise_leavers() == 0  # safe to run twice


def test_the_nightly_task_is_scheduled():
    import importlib

    from django.apps import apps

    # Other tests' flushes empty the table the migration filled; run its function again (idempotent).
    migration = importlib.import_module("districts.migrations.0005_schedule_anonymisation")
    migration.schedule(apps, None)
    migration.schedule(apps, None)
    task = PeriodicTask.objects.get(task="districts.tasks.anonymise_leavers")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("2", "30")


def test_a_person_with_a_plan_cannot_be_deleted(world):
    staff = _leaver(world)
    with pytest.raises(models.ProtectedError):
        staff.delete()
    assert PlanItem.objects.filter(plan__staff=staff).exists()


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert data_protection._months_before(datetime.date(2026, 12, 1), 24) == datetime.date(2024, 12, 1)
    assert data_protection._months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert data_protection._months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


@pytest.mark.parametrize("statement", ["UPDATE {table} SET first_name = 'X'", "DELETE FROM {table}"])
def test_history_rows_cannot_be_changed_or_deleted_in_the_database(world, require_postgres, statement):
    table = StaffMember.history.model._meta.db_table
    assert StaffMember.history.filter(id=world.hire.pk).exists()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=table))


def test_every_history_table_is_guarded(require_postgres):
    history_tables = sorted(
        model._meta.db_table for model in apps.get_models() if model.__name__.startswith("Historical")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'audit_history_append_only'"
        )
        guarded = sorted(row[0] for row in cursor.fetchall())
    assert len(history_tables) >= 20
    assert guarded == history_tables


def test_hr_anonymises_a_leaver_from_the_staff_page(client, world):
    staff = _leaver(world)
    client.force_login(world.user(Role.HR))
    page = client.get(reverse("districts:staff_detail", kwargs={"pk": staff.pk})).content.decode()
    url = reverse("districts:staff_anonymise", kwargs={"pk": staff.pk})
    assert url in page
    assert "Det går inte att ångra" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    staff.refresh_from_db()
    assert staff.anonymised_at is not None and staff.first_name == "Anonymiserad"
    page = client.get(reverse("districts:staff_detail", kwargs={"pk": staff.pk})).content.decode()
    assert url not in page and "Lämnarsson" not in page


def test_the_coordinator_cannot_anonymise(client, world):
    staff = _leaver(world)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    assert client.post(reverse("districts:staff_anonymise", kwargs={"pk": staff.pk})).status_code == 403
    staff.refresh_from_db()
    assert staff.anonymised_at is None
