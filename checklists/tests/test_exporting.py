import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from checklists import exporting
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
        export = exporting.plan_export_request(actor=world.user(Role.HR), district=world.own_district)
    export.refresh_from_db()  # the task ran eagerly on commit

    assert export.status == ExportStatus.DONE and export.done == export.total == 1
    with zipfile.ZipFile(export.file.path) as archive:
        names = archive.namelist()
    assert len(names) == 1 and "nora-nyanstalld" in names[0]


@pytest.mark.django_db
def test_running_an_export_twice_overwrites_and_does_not_double_count(world, media):
    plan_for(world.hire)
    plan_for(StaffMemberFactory(unit=world.own_unit))
    export = PlanExport.objects.create(
        organisation=world.organisation,
        description="x",
        plan_ids=list(
            world.organisation.staff.filter(introduction_plan__isnull=False).values_list("introduction_plan", flat=True)
        ),
        total=2,
    )
    exporting.plan_export_run(export_id=export.pk)
    PlanExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING)  # as if the first run's ack was lost
    exporting.plan_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.done == export.total == 2
    assert len(list((media / "plan-exports").iterdir())) == 1  # no leftover partial files


@pytest.mark.django_db
def test_empty_selection_is_refused(world, media):
    with pytest.raises(ValidationError, match="inga introduktionsplaner"):
        exporting.plan_export_request(actor=world.user(Role.HR), unit=world.other_unit)


@pytest.mark.django_db
def test_expired_files_are_removed(world, media, django_capture_on_commit_callbacks):
    plan_for(world.hire)
    with django_capture_on_commit_callbacks(execute=True):
        export = exporting.plan_export_request(actor=world.user(Role.HR))
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
