import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from checklists import exporting, services
from checklists.models import ExportStatus, PlanExport
from checklists.tests.factories import plan_for
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.mark.django_db
def test_export_renders_the_selection_into_one_zip(world, media, django_capture_on_commit_callbacks):
    plan_for(world.hire)
    plan_for(world.other_hire)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.plan_export_request(actor=world.user(Role.HR), district=world.own_district)
    export.refresh_from_db()  # the task ran eagerly on commit

    assert export.status == ExportStatus.DONE and export.done == export.total == 1
    with zipfile.ZipFile(export.file.path) as archive:
        names = archive.namelist()
    assert len(names) == 1 and "nora-nyanstalld" in names[0]


def _export_of(world, plans) -> PlanExport:
    return PlanExport.objects.create(
        organisation=world.organisation, description="x", plan_ids=[plan.pk for plan in plans], total=len(plans)
    )


@pytest.mark.django_db
def test_running_an_export_twice_overwrites_and_does_not_double_count(world, media, settings):
    settings.CHECKLISTS_EXPORT_CHUNK_SIZE = 1
    export = _export_of(world, [plan_for(world.hire), plan_for(StaffMemberFactory(unit=world.own_unit))])
    exporting.plan_export_run(export_id=export.pk)
    exporting.plan_export_run(export_id=export.pk)  # delivered again after it finished
    for part in export.parts.all():  # and each part delivered again
        exporting.plan_export_part_render(part_id=part.pk)
    exporting.plan_export_assemble(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.done == export.total == 2
    assert export.parts.count() == 2
    files = [path.name for path in (media / "plan-exports").iterdir() if path.is_file()]
    assert files == [f"introduktionsplaner-{export.pk}.zip"]  # no leftover partial files
    assert not (media / "plan-exports" / "parts" / str(export.pk)).exists()


@pytest.mark.django_db
def test_parts_delivered_twice_before_the_zip_count_each_plan_once(world, media, settings, monkeypatch):
    from checklists import tasks

    settings.CHECKLISTS_EXPORT_CHUNK_SIZE = 2
    plans = [plan_for(StaffMemberFactory(unit=world.own_unit)) for _n in range(5)]
    export = _export_of(world, plans)
    queued = []
    monkeypatch.setattr(tasks.export_plan_part, "delay", queued.append)  # as a broker holding them
    monkeypatch.setattr(tasks.assemble_plan_export, "delay", queued.append)
    exporting.plan_export_run(export_id=export.pk)
    part_ids = list(export.parts.values_list("pk", flat=True))
    assert queued == part_ids and len(part_ids) == 3  # 2 + 2 + 1 plans

    exporting.plan_export_part_render(part_id=part_ids[0])
    exporting.plan_export_part_render(part_id=part_ids[0])
    export.refresh_from_db()
    assert (export.status, export.done) == (ExportStatus.RUNNING, 2)  # progress for the page, counted once
    for part_id in part_ids[1:]:
        exporting.plan_export_part_render(part_id=part_id)
    export.refresh_from_db()
    assert export.status == ExportStatus.ASSEMBLING and queued[-1] == export.pk  # the zip was queued once
    assert queued.count(export.pk) == 1
    exporting.plan_export_assemble(export_id=export.pk)
    export.refresh_from_db()
    with zipfile.ZipFile(export.file.path) as archive:
        assert len(archive.namelist()) == 5
    assert not (media / "plan-exports" / "parts" / str(export.pk)).exists()  # the parts' files are gone


@pytest.mark.django_db
def test_a_part_that_fails_fails_the_export_and_no_zip_is_written(world, media, settings, monkeypatch):
    from checklists import pdf

    settings.CHECKLISTS_EXPORT_CHUNK_SIZE = 1
    export = _export_of(world, [plan_for(world.hire), plan_for(StaffMemberFactory(unit=world.own_unit))])
    calls = []

    def render_or_break(plan):
        calls.append(plan.pk)
        if len(calls) == 2:
            raise OSError("disk full")
        return b"%PDF-1.7"

    monkeypatch.setattr(pdf, "render_plan_pdf", render_or_break)
    with pytest.raises(OSError):
        exporting.plan_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and "disk full" in export.error and not export.file
    assert not (media / "plan-exports" / f"introduktionsplaner-{export.pk}.zip").exists()


@pytest.mark.django_db
def test_an_export_that_stops_moving_ends_failed(world, media, settings, monkeypatch):
    from checklists import tasks

    monkeypatch.setattr(tasks.export_plan_part, "delay", lambda part_id: None)  # the part is lost for good
    export = _export_of(world, [plan_for(world.hire)])
    exporting.plan_export_run(export_id=export.pk)
    assert exporting.plan_exports_fail_stalled(now=clock.now()) == 0
    later = clock.now() + exporting.EXPORT_STALLED_AFTER + datetime.timedelta(minutes=1)
    assert exporting.plan_exports_fail_stalled(now=later) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file


@pytest.mark.django_db
def test_expired_files_are_removed(world, media, django_capture_on_commit_callbacks):
    plan_for(world.hire)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.plan_export_request(actor=world.user(Role.HR))
    export.refresh_from_db()
    path = export.file.path
    assert exporting.plan_exports_remove_expired(now=clock.now()) == 0
    assert exporting.plan_exports_remove_expired(now=clock.now() + datetime.timedelta(days=2)) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file
    import os

    assert not os.path.exists(path)


@pytest.mark.django_db
def test_export_page_starts_an_export_and_links_the_file(client, world, media, django_capture_on_commit_callbacks):
    plan_for(world.hire)
    client.force_login(world.user(Role.HR))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checklists:export_list"), {"unit": world.own_unit.pk})
    response = client.get(reverse("checklists:export_list"))
    export = PlanExport.objects.get()
    assert f'href="{reverse("checklists:export_download", args=[export.pk])}"' in response.content.decode()
    download = client.get(reverse("checklists:export_download", args=[export.pk]))
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()


@pytest.mark.django_db
def test_status_row_keeps_polling_until_done(client, world, media):
    plan = plan_for(world.hire)
    export = PlanExport.objects.create(
        organisation=world.organisation, description="Angered", plan_ids=[plan.pk], total=1, requested_by=None
    )
    client.force_login(world.user(Role.HR))
    url = reverse("checklists:export_status", args=[export.pk])
    running = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in running and "export-download" not in running
    exporting.plan_export_run(export_id=export.pk)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and reverse("checklists:export_download", args=[export.pk]) in done


def test_a_unit_outside_the_chosen_district_is_refused_and_starts_nothing(client, world, media):
    plan_for(world.hire)
    client.force_login(world.user(Role.HR))
    response = client.post(
        reverse("checklists:export_list"), {"district": world.own_district.pk, "unit": world.other_unit.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == ["Enheten hör inte till den valda stadsdelen."]
    assert not PlanExport.objects.exists()
    # Each unit option names its district, for the page to show only the chosen district's units.
    page = client.get(reverse("checklists:export_list")).content.decode()
    assert f'data-district="{world.other_district.pk}" value="{world.other_unit.pk}"' in page or (
        f'value="{world.other_unit.pk}" data-district="{world.other_district.pk}"' in page
    )
