"""Bulk export of plans as PDFs in one zip: requested on a page, rendered by a Celery task.

The task is safe to run twice and after a worker crash: the plan ids are fixed when the export is
requested, progress is set (never added to), and the zip is written to a temporary file that
replaces the final one atomically.
"""

import datetime
import logging
import os
import time
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from checklists import pdf, selectors
from checklists.models import ExportStatus, IntroductionPlan, PlanExport
from districts import access, clock

logger = logging.getLogger(__name__)

# How long a finished export's file is kept before the cleanup task removes it.
EXPORT_KEEP = datetime.timedelta(hours=getattr(settings, "CHECKLISTS_EXPORT_KEEP_HOURS", 24))
EXPORT_MAX_PLANS = 2000


def plan_export_request(
    *,
    actor,
    district=None,
    unit=None,
    start_from: datetime.date | None = None,
    start_to: datetime.date | None = None,
) -> PlanExport:
    """Fix the set of plans the user may see in the selection, and queue the rendering."""
    if not access.has_capability(actor, access.Capability.EXPORT_PLANS):
        raise ValidationError(_("Du saknar behörighet att exportera planer."))
    scope = access.scope_for(actor)
    plan_ids = list(
        selectors.plans_for_export(
            user=actor,
            district_id=district.pk if district else None,
            unit_id=unit.pk if unit else None,
            start_from=start_from,
            start_to=start_to,
        ).values_list("pk", flat=True)
    )
    if not plan_ids:
        raise ValidationError(_("Urvalet innehåller inga introduktionsplaner."))
    if len(plan_ids) > EXPORT_MAX_PLANS:
        raise ValidationError(
            _("Urvalet innehåller %(count)s planer; dela upp exporten (högst %(max)s).")
            % {"count": len(plan_ids), "max": EXPORT_MAX_PLANS}
        )
    parts = [str(part) for part in (district, unit) if part]
    if start_from or start_to:
        parts.append(f"{start_from or '…'} – {start_to or '…'}")
    with transaction.atomic():
        export = PlanExport.objects.create(
            organisation_id=scope.organisation_id or _organisation_of_plan(plan_ids[0]),
            requested_by=actor,
            description=", ".join(parts) or str(_("Alla synliga planer")),
            plan_ids=plan_ids,
            total=len(plan_ids),
        )
        from checklists.tasks import export_plans

        transaction.on_commit(lambda: export_plans.delay(export.pk))
    return export


def _organisation_of_plan(plan_id: int) -> int:
    return IntroductionPlan.objects.values_list("staff__organisation_id", flat=True).get(pk=plan_id)


def export_path(export: PlanExport) -> str:
    return f"plan-exports/introduktionsplaner-{export.pk}.zip"


def plan_export_run(*, export_id: int) -> PlanExport:
    """Render the export's plans into its zip; re-running starts over and overwrites the same file."""
    export = PlanExport.objects.get(pk=export_id)
    if export.status in (ExportStatus.DONE, ExportStatus.EXPIRED):
        return export
    plans = selectors.plans_with_everything(plans=IntroductionPlan.objects.filter(pk__in=export.plan_ids)).order_by(
        "staff__last_name", "staff__first_name", "pk"
    )
    total = plans.count()
    PlanExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, done=0, total=total, error="")
    name = export_path(export)
    final_path = default_storage.path(name)
    os.makedirs(os.path.dirname(final_path), exist_ok=True)
    partial_path = f"{final_path}.{uuid.uuid4().hex}.part"
    delay = float(getattr(settings, "CHECKLISTS_EXPORT_RENDER_DELAY", 0) or 0)
    try:
        with zipfile.ZipFile(partial_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, plan in enumerate(plans.iterator(chunk_size=20), start=1):
                archive.writestr(pdf.plan_filename(plan), pdf.render_plan_pdf(plan))
                if delay:
                    time.sleep(delay)  # only set by tests that kill the worker mid-export
                PlanExport.objects.filter(pk=export.pk).update(done=index)
        os.replace(partial_path, final_path)
    except Exception as error:
        if os.path.exists(partial_path):
            os.remove(partial_path)
        PlanExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error=str(error)[:2000])
        logger.exception("plan export %s failed", export.pk)
        raise
    now = clock.now()
    PlanExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE, done=total, file=name, finished_at=now, expires_at=now + EXPORT_KEEP
    )
    export.refresh_from_db()
    return export


def plan_exports_remove_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their expiry; return how many were removed."""
    now = now or clock.now()
    removed = 0
    for export in PlanExport.objects.filter(status=ExportStatus.DONE, expires_at__lt=now):
        if export.file and default_storage.exists(export.file.name):
            default_storage.delete(export.file.name)
        PlanExport.objects.filter(pk=export.pk).update(status=ExportStatus.EXPIRED, file="")
        removed += 1
    return removed
