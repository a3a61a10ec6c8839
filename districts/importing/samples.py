"""The sample file offered on the import page: a header and three example rows, as CSV or XLSX."""

import csv
import io

from django.utils import translation

from districts import clock
from districts.importing.columns import COLUMNS
from districts.models import CompetenceLevel, EmploymentType, Gender, IntroductionProfile, Organisation, Role, Unit


def sample_rows(*, organisation: Organisation | None) -> list[list[str]]:
    """Return a header and three example rows, using the organisation's own units when it has some."""
    unit = (
        Unit.objects.filter(district__organisation=organisation).select_related("district").first()
        if organisation
        else None
    )
    district_name, unit_name, area = (
        (unit.district.name, unit.name, unit.get_area_display())
        if unit
        else ("Angered", "Barn och unga Angered", "Barn och unga")
    )
    with translation.override("sv"):
        header = [column.header for column in COLUMNS]
        return [
            header,
            [
                "Karin", "Lindqvist", "karin.lindqvist@example.se", district_name, unit_name, area,
                str(Role.FORSTE_SOCIALSEKRETERARE.label), "2015-03-01", str(EmploymentType.TILLSVIDARE.label),
                str(CompetenceLevel.SPECIALIST.label), "", str(Gender.KVINNA.label), "", "", "", "2009-06-15",
            ],
            [
                "Sara", "Holm", "sara.holm@example.se", district_name, unit_name, area,
                str(Role.SOCIALSEKRETERARE.label), "2019-09-01", str(EmploymentType.TILLSVIDARE.label),
                str(CompetenceLevel.KUNNIG.label), "", str(Gender.KVINNA.label), "karin.lindqvist@example.se", "", "",
                "2017-08-20",
            ],
            [
                "Amir", "Haddad", "amir.haddad@example.se", district_name, unit_name, area,
                str(Role.SOCIALSEKRETERARE.label), clock.today().replace(day=1).isoformat(),
                str(EmploymentType.TIDSBEGRANSAD.label), str(CompetenceLevel.NYBORJARE.label),
                str(IntroductionProfile.NEWLY_GRADUATED.label), str(Gender.MAN.label),
                "karin.lindqvist@example.se", "sara.holm@example.se", "", "",
            ],
        ]  # fmt: skip


def sample_csv(*, organisation: Organisation | None) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(sample_rows(organisation=organisation))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read it as UTF-8


def sample_xlsx(*, organisation: Organisation | None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Personal"
    for row in sample_rows(organisation=organisation):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
