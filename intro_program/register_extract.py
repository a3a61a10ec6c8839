"""The register extract (registerutdrag): everything the system holds about one person, as JSON and as PDF.

Each app contributes its sections through settings.PERSONAL_DATA_MODULES (`extract(*, staff)`), so the
extract grows with the apps and no app reaches into another. HR of the person's organisation takes it
(`access.can_manage_personal_data`); taking one is itself recorded (who, when, for whom) in the log.
"""

import json
import logging
from importlib import import_module

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from districts import access
from districts.models import StaffMember
from districts.pdf import render_pdf
from districts.personal_data import Section

logger = logging.getLogger(__name__)


def sections_for(staff: StaffMember) -> list[Section]:
    """Return every app's sections about the person, in the order of settings.PERSONAL_DATA_MODULES."""
    sections: list[Section] = []
    for module_path in settings.PERSONAL_DATA_MODULES:
        sections.extend(import_module(module_path).extract(staff=staff))
    return sections


def as_json(staff: StaffMember, sections: list[Section]) -> dict:
    return {
        "staff_id": staff.pk,
        "printed_at": timezone.localtime().isoformat(timespec="seconds"),
        "sections": {
            section.key: {"title": section.title, "labels": section.labels, "rows": section.rows}
            for section in sections
        },
    }


def as_pdf(staff: StaffMember, sections: list[Section]) -> bytes:
    context = {"staff": staff, "sections": sections, "printed_at": timezone.localtime()}
    return render_pdf("register/extract_pdf.html", context)


def _person(request, pk: int) -> StaffMember:
    staff = get_object_or_404(access.visible_staff(request.user), pk=pk)
    if not access.can_manage_personal_data(request.user, staff):
        raise PermissionDenied
    logger.info("register extract of staff %s taken by user %s", staff.pk, request.user.pk)
    return staff


@access.require_capability(access.Capability.MANAGE_PERSONAL_DATA)
def extract_json(request, pk: int):
    staff = _person(request, pk)
    content = json.dumps(as_json(staff, sections_for(staff)), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{staff.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@access.require_capability(access.Capability.MANAGE_PERSONAL_DATA)
def extract_pdf(request, pk: int):
    staff = _person(request, pk)
    response = HttpResponse(as_pdf(staff, sections_for(staff)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{staff.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
