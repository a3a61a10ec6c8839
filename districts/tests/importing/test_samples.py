import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from districts.models import Role
from districts.tests.importing.files import apply_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_sample_file_imports_cleanly(world, client, file_format):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    response = client.get(reverse("districts:staff_import_sample", kwargs={"file_format": file_format}))
    assert response.status_code == 200
    if file_format == "xlsx":
        assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "förnamn"
    plan = apply_file(world, response.content, filename=f"exempel.{file_format}")
    assert len(plan.creates) == 3
