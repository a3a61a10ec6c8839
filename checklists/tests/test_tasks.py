import datetime
import importlib

import pytest
import time_machine
from celery import current_app as app

from checklists import exporting, services
from checklists.models import ExportStatus, IntroductionPlan, PlanExport
from checklists.tasks import create_plans_for_hires, export_plans, remove_expired_exports, send_due_reminders
from checklists.tests.factories import ensure_default_template, plan_for
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_the_daily_task_sends_through_the_service(world):
    plan_for(world.hire)  # started 30 days ago: many items overdue
    assert send_due_reminders.delay().get() >= 1
    assert send_due_reminders.delay().get() == 0


def test_plans_for_new_hires_are_laid_out_once_and_only_for_hires_with_a_start(world):
    ensure_default_template(world.organisation)
    no_start = StaffMemberFactory(unit=world.own_unit, employment_start=None)
    staff_ids = [world.hire.pk, world.other_hire.pk, no_start.pk]
    assert create_plans_for_hires.delay(staff_ids).get() == 2
    assert create_plans_for_hires.delay(staff_ids).get() == 0  # delivered twice: no second plan
    assert set(IntroductionPlan.objects.values_list("staff", flat=True)) == {world.hire.pk, world.other_hire.pk}


def test_an_export_renders_once_and_a_second_delivery_changes_nothing(world, media):
    plan_for(world.hire)
    export = services.plan_export_request(actor=world.user(Role.HR))  # its queued task waits for a commit
    assert PlanExport.objects.get(pk=export.pk).status != ExportStatus.DONE

    export_plans.delay(export.pk).get()
    export.refresh_from_db()
    finished = (export.status, export.done, export.total, export.finished_at)
    assert finished[:3] == (ExportStatus.DONE, 1, 1)
    export_plans.delay(export.pk).get()
    export.refresh_from_db()
    assert (export.status, export.done, export.total, export.finished_at) == finished


def test_expired_exports_are_removed_by_the_hourly_task(world, media):
    plan_for(world.hire)
    export = services.plan_export_request(actor=world.user(Role.HR))
    export_plans.delay(export.pk).get()
    assert remove_expired_exports.delay().get() == 0
    with time_machine.travel(clock.now() + exporting.EXPORT_KEEP + datetime.timedelta(hours=1)):
        assert remove_expired_exports.delay().get() == 1
        assert remove_expired_exports.delay().get() == 0
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file


def test_every_scheduled_checklists_job_is_a_registered_task():
    migration = importlib.import_module("checklists.migrations.0003_periodic_tasks")
    scheduled = {task for _name, task, _minute, _hour in migration.TASKS}
    assert scheduled == {"checklists.tasks.send_due_reminders", "checklists.tasks.remove_expired_exports"}
    assert scheduled <= set(app.tasks)
