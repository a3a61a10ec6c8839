"""The bulk export survives a worker killed mid-export, with a real Celery worker on Redis.

Kept in its own module that sorts last: conftest's worker readiness probe leaves a bare Celery app
current in the test process, which would make later eager tests in the same process queue instead.
"""

import time
import zipfile

import pytest

from checklists import services
from checklists.models import ExportStatus, PlanExport
from checklists.tests.factories import plan_for
from districts.models import Role
from districts.tests.factories import StaffMemberFactory


@pytest.fixture
def slow_worker_env(monkeypatch):
    """Make the worker pause after each plan, one plan a part, and let Redis hand a crashed worker's task on soon."""
    monkeypatch.setenv("CHECKLISTS_EXPORT_RENDER_DELAY", "1.5")
    monkeypatch.setenv("CHECKLISTS_EXPORT_CHUNK_SIZE", "1")
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "3")
    # ... and look for it every second: with kombu's default a worker scans only every 100 s after its first
    # look, so a restarted worker whose first look came before the 3 s were up missed the test's 90 s.
    monkeypatch.setenv("CELERY_UNACKED_RESTORE_INTERVAL", "1")
    monkeypatch.setenv("CELERY_UNACKED_RESTORE_THROTTLE", "1")


def _wait_for(condition, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    return None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_export_completes_after_the_worker_is_killed_mid_export(
    slow_worker_env, celery_worker, world, require_postgres
):
    for _n in range(3):
        plan_for(StaffMemberFactory(unit=world.own_unit))
    export = services.plan_export_request(actor=world.user(Role.HR), unit=world.own_unit)

    started = _wait_for(
        lambda: PlanExport.objects.filter(pk=export.pk, done__gte=1, status=ExportStatus.RUNNING).exists(), 60
    )
    assert started, "the worker never started the export"
    celery_worker.kill()
    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING and export.done < export.total

    celery_worker.start()  # a new worker process gets the unacknowledged task again
    finished = _wait_for(lambda: PlanExport.objects.filter(pk=export.pk, status=ExportStatus.DONE).first(), 90)
    assert finished, "the export did not complete after the restart"
    assert finished.done == finished.total == 3  # a part rendered twice is counted once
    with zipfile.ZipFile(finished.file.path) as archive:
        assert len(archive.namelist()) == 3


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_an_export_and_one_finishes_it_when_the_other_is_killed(
    slow_worker_env, celery_worker, world, require_postgres
):
    second = type(celery_worker)(celery_worker.broker_url, celery_worker.database_url, celery_worker.media_root)
    second.start()
    try:
        for _n in range(6):
            plan_for(StaffMemberFactory(unit=world.own_unit))
        export = services.plan_export_request(actor=world.user(Role.HR), unit=world.own_unit)
        started = _wait_for(lambda: export.parts.filter(finished_at__isnull=False).count() >= 2, 60)
        assert started, "the workers never started the export"
        celery_worker.kill()  # the part it holds stays unacknowledged
        export.refresh_from_db()
        assert export.in_progress and export.done < export.total

        finished = _wait_for(lambda: PlanExport.objects.filter(pk=export.pk, status=ExportStatus.DONE).first(), 90)
        assert finished, "the remaining worker did not finish the export"
    finally:
        second.stop()
    assert finished.done == finished.total == 6
    with zipfile.ZipFile(finished.file.path) as archive:
        names = archive.namelist()
    assert len(names) == len(set(names)) == 6
