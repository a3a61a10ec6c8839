"""Measure the plan PDF against WeasyPrint itself, and the bulk export of plans through real Celery workers.

Each measurement goes through a public entry point only (the PDF's URL, `checklists.services.plan_export_request`
and the export's row), so changes inside the rendering or the tasks do not break it.
"""

import io
import statistics
import time

from django.test import Client

from checklists.models import ExportStatus, IntroductionPlan, PlanExport
from checklists.services import plan_export_request
from districts import access
from intro_program.bench import server

PDF_RUNS = 9
TRIVIAL_HTML = "<html><body><p>Introduktionsplan</p></body></html>"


def _interleaved_median_seconds(renders: dict, runs: int = PDF_RUNS) -> dict[str, float]:
    """Time each render `runs` times, taking turns, and return each one's median.

    In turns, as the pages are: timed one after the other, a spell of load on the shared machine fell on one of
    them only (the plan against WeasyPrint on its text measured 1.5-2.7 x from one run to the next, old and new
    code alike)."""
    for render in renders.values():
        render()  # warm: fonts, templates, stylesheets
    timings: dict[str, list[float]] = {name: [] for name in renders}
    for _run in range(runs):
        for name, render in renders.items():
            started = time.perf_counter()
            render()
            timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(samples) for name, samples in timings.items()}


def plan_pdf_bytes(client: Client, plan_id: int) -> bytes:
    """Return the plan's PDF as its download link gives it (`checklists:plan_pdf`)."""
    from django.urls import reverse

    response = client.get(reverse("checklists:plan_pdf", kwargs={"plan_id": plan_id}))
    if response.status_code != 200:
        raise RuntimeError(f"plan PDF answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text_html(pdf: bytes) -> str:
    """Return the PDF's text as plain HTML paragraphs: the same words, without the app's styling."""
    from django.utils.html import escape
    from pypdf import PdfReader

    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    paragraphs = "".join(f"<p>{escape(line)}</p>" for text in pages for line in text.splitlines() if line.strip())
    return f"<html><body>{paragraphs}</body></html>"


def measure_pdf(*, user, plan_id: int) -> dict:
    """Time the plan PDF (warm, in this process), a trivial WeasyPrint document and WeasyPrint on the same text."""
    from pypdf import PdfReader
    from weasyprint import HTML

    client = Client()
    client.force_login(user)
    pdf = plan_pdf_bytes(client, plan_id)
    text_html = pdf_text_html(pdf)
    seconds = _interleaved_median_seconds(
        {
            "plan": lambda: plan_pdf_bytes(client, plan_id),
            "trivial": lambda: HTML(string=TRIVIAL_HTML).write_pdf(),
            "text": lambda: HTML(string=text_html).write_pdf(),
        }
    )
    plan_s, trivial_s, text_s = seconds["plan"], seconds["trivial"], seconds["text"]
    return {
        "plan_ms": plan_s * 1000,
        "trivial_ms": trivial_s * 1000,
        "same_text_ms": text_s * 1000,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "ratio_trivial": plan_s / trivial_s,
        "ratio_same_text": plan_s / text_s,
    }


def export_selection(*, user, plans: int) -> tuple:
    """Return a start-date window holding about `plans` of the plans the user may export (the latest starts)."""
    starts = list(
        IntroductionPlan.objects.filter(staff__organisation_id=access.scope_for(user).organisation_id)
        .order_by("-start_date")
        .values_list("start_date", flat=True)[:plans]
    )
    return starts[-1], starts[0]


def measure_export(*, user, plans: int, workers: int = 2, timeout_s: int = 900) -> dict:
    """Export about `plans` plans through `plan_export_request` with `workers` Celery processes; time and weigh it."""
    start_from, start_to = export_selection(user=user, plans=plans)
    with server.celery_workers(concurrency=workers) as celery:
        children = server.child_pids(celery.pid)
        started = time.perf_counter()
        export = plan_export_request(actor=user, start_from=start_from, start_to=start_to)
        deadline = time.monotonic() + timeout_s
        peaks = dict.fromkeys(children, 0.0)
        while time.monotonic() < deadline:
            export.refresh_from_db()
            for pid in server.child_pids(celery.pid):
                peaks[pid] = max(peaks.get(pid, 0.0), server.peak_rss_mib(pid) or 0.0)
            if export.status in (ExportStatus.DONE, ExportStatus.FAILED):
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    return {
        "plans": export.total,
        "status": str(export.status),
        "seconds": seconds,
        "seconds_per_plan": seconds / max(export.total, 1),
        "worker_peak_mib": sorted((round(peak, 1) for peak in peaks.values()), reverse=True),
        "error": export.error,
    }


def cleanup_exports() -> None:
    """Remove the bench's exports (rows and files), so the database stays as seeded."""
    for export in PlanExport.objects.all():
        if export.file:
            export.file.delete(save=False)
        export.delete()
