"""Bulk export of plans as PDFs in one zip: requested on a page, rendered in parts by Celery tasks.

The plan ids are fixed when the export is requested. `plan_export_run` splits them into parts
(`PlanExportPart`, a few plans each) and queues one task per part, so every worker takes its share.
A part writes each plan's PDF to its own file as soon as it is rendered (a worker holds one PDF at a
time) and marks itself finished once, under the export's row lock, adding its plans to the progress.
The part that finishes last claims the assembly (status "assembling", set once); the assembly streams
the files into the zip, checks that every plan is there, and replaces the final file atomically.
Every task is acknowledged late: a part lost with a killed worker is delivered again and simply
renders again; an export that stops moving is marked failed, never left as a partial zip.
"""

import datetime
import logging
import os
import shutil
import time
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from checklists import pdf, selectors
from checklists.models import ExportStatus, IntroductionPlan, PlanExport, PlanExportPart
from districts import clock

logger = logging.getLogger(__name__)

# How long a finished export's file is kept before the cleanup task removes it.
EXPORT_KEEP = datetime.timedelta(hours=getattr(settings, "CHECKLISTS_EXPORT_KEEP_HOURS", 24))
EXPORT_MAX_PLANS = 2000
# An unfinished export with no part finished for this long has lost a task for good: the broker would have
# handed any unacknowledged one on by then, and no task runs longer.
EXPORT_STALLED_AFTER = datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.LONG_TASK_TIME_LIMIT)


def export_path(export: PlanExport) -> str:
    return f"plan-exports/introduktionsplaner-{export.pk}.zip"


def _parts_directory(export_id: int) -> Path:
    return Path(default_storage.path(f"plan-exports/parts/{export_id}"))


def _part_directory(part: PlanExportPart) -> Path:
    return _parts_directory(part.export_id) / str(part.number)


def plan_export_run(*, export_id: int) -> PlanExport:
    """Split the export into parts and queue a task for each unfinished one; a second run adds no parts."""
    from checklists.tasks import assemble_plan_export, export_plan_part

    with transaction.atomic():
        export = PlanExport.objects.select_for_update().get(pk=export_id)
        if not export.in_progress:
            return export
        if not export.parts.exists():
            plan_ids = list(
                IntroductionPlan.objects.filter(pk__in=export.plan_ids)
                .order_by("staff__last_name", "staff__first_name", "pk")
                .values_list("pk", flat=True)
            )
            size = max(1, int(getattr(settings, "CHECKLISTS_EXPORT_CHUNK_SIZE", 5)))
            PlanExportPart.objects.bulk_create(
                PlanExportPart(export=export, number=number, plan_ids=plan_ids[start : start + size])
                for number, start in enumerate(range(0, len(plan_ids), size), start=1)
            )
            export.status, export.done, export.total, export.error = ExportStatus.RUNNING, 0, len(plan_ids), ""
            export.progressed_at = clock.now()
            export.save(update_fields=["status", "done", "total", "error", "progressed_at"])
        pending = list(export.parts.filter(finished_at__isnull=True).values_list("pk", flat=True))
        assemble = not pending and _claim_assembly(export.pk)
    # Queued after the commit (this runs in a task, outside any request's transaction).
    for part_id in pending:
        export_plan_part.delay(part_id)
    if assemble or export.status == ExportStatus.ASSEMBLING:
        assemble_plan_export.delay(export.pk)
    export.refresh_from_db()
    return export


def _claim_assembly(export_id: int) -> bool:
    return bool(
        PlanExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(status=ExportStatus.ASSEMBLING)
    )


def plan_export_part_render(*, part_id: int) -> None:
    """Render a part's plans to files and mark it finished once; the last part to finish queues the zip."""
    from checklists.tasks import assemble_plan_export

    part = PlanExportPart.objects.select_related("export").get(pk=part_id)
    if part.export.status == ExportStatus.ASSEMBLING and part.finished_at:
        # Delivered again after a worker died between finishing the last part and queueing the zip.
        assemble_plan_export.delay(part.export_id)
        return
    if part.finished_at or part.export.status != ExportStatus.RUNNING:
        return
    try:
        _render_part_files(part)
    except Exception as error:
        logger.exception("plan export %s: part %s failed", part.export_id, part.number)
        _fail(part.export_id, error)
        raise
    with transaction.atomic():
        # The export's row lock orders finishing parts, so exactly one of them sees none left and claims the zip.
        PlanExport.objects.select_for_update().filter(pk=part.export_id).first()
        if PlanExportPart.objects.filter(pk=part.pk, finished_at__isnull=True).update(finished_at=clock.now()) == 0:
            return
        PlanExport.objects.filter(pk=part.export_id, status=ExportStatus.RUNNING).update(
            done=F("done") + len(part.plan_ids), progressed_at=clock.now()
        )
        last = not PlanExportPart.objects.filter(export_id=part.export_id, finished_at__isnull=True).exists()
        assemble = last and _claim_assembly(part.export_id)
    if assemble:
        assemble_plan_export.delay(part.export_id)


def _render_part_files(part: PlanExportPart) -> None:
    directory = _part_directory(part)
    directory.mkdir(parents=True, exist_ok=True)
    delay = float(getattr(settings, "CHECKLISTS_EXPORT_RENDER_DELAY", 0) or 0)
    plans = selectors.plans_for_pdf(plans=IntroductionPlan.objects.filter(pk__in=part.plan_ids))
    rendered = 0
    for plan in plans:
        path = directory / pdf.plan_filename(plan)
        partial = directory / f".{uuid.uuid4().hex}.tmp"
        partial.write_bytes(pdf.render_plan_pdf(plan))
        os.replace(partial, path)  # a re-delivered part overwrites the same file
        rendered += 1
        if delay:
            time.sleep(delay)  # only set by tests that kill the worker mid-export
    if rendered != len(part.plan_ids):
        raise RuntimeError(f"part {part.pk}: {len(part.plan_ids) - rendered} plans no longer exist")


def plan_export_assemble(*, export_id: int) -> PlanExport:
    """Stream the parts' files into the export's zip once every part is finished, or mark the export failed."""
    with transaction.atomic():
        # Held while the zip is written: a second delivery waits here, then finds the export done.
        export = PlanExport.objects.select_for_update().get(pk=export_id)
        if export.status != ExportStatus.ASSEMBLING:
            return export
        name = export_path(export)
        final_path = default_storage.path(name)
        partial_path = f"{final_path}.{uuid.uuid4().hex}.part"
        try:
            _write_zip(export, partial_path)
            os.replace(partial_path, final_path)
        except Exception as error:
            if os.path.exists(partial_path):
                os.remove(partial_path)
            PlanExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error=str(error)[:2000])
            logger.exception("plan export %s could not be assembled", export.pk)
        else:
            now = clock.now()
            PlanExport.objects.filter(pk=export.pk).update(
                status=ExportStatus.DONE, done=export.total, file=name, finished_at=now, expires_at=now + EXPORT_KEEP
            )
    shutil.rmtree(_parts_directory(export_id), ignore_errors=True)
    export.refresh_from_db()
    return export


def _write_zip(export: PlanExport, path: str) -> None:
    parts = list(export.parts.all())
    if any(part.finished_at is None for part in parts):
        raise RuntimeError("the zip was started before every part was finished")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    written = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            files = sorted(_part_directory(part).glob("*.pdf"))
            if len(files) != len(part.plan_ids):
                raise RuntimeError(f"part {part.number} has {len(files)} of its {len(part.plan_ids)} PDFs")
            for file in files:
                archive.write(file, arcname=file.name)  # streamed from disk, one file at a time
                written += 1
    if written != export.total:
        raise RuntimeError(f"{written} of {export.total} plans rendered")


IN_PROGRESS = [ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.ASSEMBLING]


def _fail(export_id: int, error: Exception) -> None:
    PlanExport.objects.filter(pk=export_id, status__in=IN_PROGRESS).update(
        status=ExportStatus.FAILED, error=str(error)[:2000]
    )
    shutil.rmtree(_parts_directory(export_id), ignore_errors=True)
    logger.error("plan export %s failed: %s", export_id, error)


def plan_exports_fail_stalled(*, now: datetime.datetime | None = None) -> int:
    """Mark failed the unfinished exports that have not moved for longer than any task may take."""
    now = now or clock.now()
    stalled = PlanExport.objects.alias(moved_at=Coalesce("progressed_at", "requested_at")).filter(
        status__in=IN_PROGRESS, moved_at__lt=now - EXPORT_STALLED_AFTER
    )
    export_ids = list(stalled.values_list("pk", flat=True))
    for export_id in export_ids:
        _fail(export_id, RuntimeError("the export stopped moving: a task was lost"))
    return len(export_ids)


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
