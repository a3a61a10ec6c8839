"""Run the whole benchmark against the seeded database: the interleaved pages, the PDF, the export, the load run.

Prints one table and the other measurements, writes the same to var/bench/last.json, and returns whether every
target was met.
"""

import json
import math
import time
from pathlib import Path

from django.conf import settings

from intro_program.bench import documents, load, measuring, report, server
from intro_program.bench.pages import KEY_PAGES

OUTPUT = Path(settings.BASE_DIR) / "var" / "bench"
PAGE_WORKERS = 2  # gunicorn workers for the interleaved pages (issue 11)
EXPORT_WORKERS = 2


def remember_seed(seconds: float | None) -> None:
    """Keep the last seed's duration beside the results, so a run that reuses the seed still reports it."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    if seconds is not None:
        (OUTPUT / "seed.json").write_text(json.dumps({"seconds": round(seconds, 1)}))


def _last_seed_seconds() -> float | None:
    try:
        return json.loads((OUTPUT / "seed.json").read_text())["seconds"]
    except (OSError, ValueError, KeyError):
        return None


def run(*, rounds: int, load_seconds: int, export_plans: int, only: str, stdout) -> bool:
    """Measure everything, print it, write var/bench/last.json; return True when every target holds."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    pages = [page for page in KEY_PAGES if only.lower() in page.label.lower()]
    server.collect_static()
    targets, floor, users = measuring.targets_for(pages)
    stdout.write(
        f"Timing {len(targets)} URLs and the floor over {rounds} interleaved rounds "
        f"(gunicorn, {PAGE_WORKERS} workers) ..."
    )
    with server.gunicorn(workers=PAGE_WORKERS, timeout=measuring.TOO_SLOW_SECONDS) as base:
        measuring.warm_up(base=base, targets=targets, floor=floor, stdout=stdout)
        stdout.write("Counting queries and the rows each page shows ...")
        measuring.count_queries(targets)
        shown_floors = measuring.shown_floors(targets, floor)
        measuring.warm_up(base=base, targets=shown_floors, floor=floor, stdout=stdout)
        targets += shown_floors
        measuring.interleave(base=base, targets=targets, floor=floor, rounds=rounds, stdout=stdout)
    measured = {target.key: target for target in targets}
    floor_ms = floor.timings.median
    rows = report.page_rows(measured, floor_ms)
    result: dict = {"rounds": rounds, "floor_ms": floor_ms, "pages": rows, "seed_seconds": _last_seed_seconds()}

    hr, hr_context = users["national"]["HR"]
    if "plan" in hr_context.extra and not only:
        stdout.write("Timing the plan PDF ...")
        result["pdf"] = documents.measure_pdf(user=hr, plan_id=hr_context.extra["plan"])
    if export_plans and not only:
        stdout.write(f"Exporting {export_plans} plans with {EXPORT_WORKERS} Celery worker processes ...")
        try:
            result["export"] = documents.measure_export(user=hr, plans=export_plans, workers=EXPORT_WORKERS)
        finally:
            documents.cleanup_exports()
    if load_seconds and not only:
        serving = server.serving_options(server.procfile_web_command(server.production_environment()))
        stdout.write(f"Load run: {load.USERS} users for {load_seconds} s (the Procfile's gunicorn: {serving}) ...")
        with server.gunicorn_as_deployed() as base:
            result["load"] = load.run(base=base, targets=targets, seconds=load_seconds)
        result["load"]["server"] = serving

    lines = [""] + report.table(rows, floor_ms) + [""] + summary_lines(result)
    missed = [row["page"] for row in rows if row["missed"]] + report.other_misses(result)
    result["missed"] = missed
    lines.append("")
    lines.append("Every target met." if not missed else f"Targets missed: {', '.join(missed)}")
    for line in lines:
        stdout.write(line)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    result["finished_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (OUTPUT / "last.json").write_text(json.dumps(_finite(result), indent=2, ensure_ascii=False, default=str))
    (OUTPUT / "last.txt").write_text("\n".join(lines) + "\n")
    return not missed


def summary_lines(result: dict) -> list[str]:
    lines = []
    pdf = result.get("pdf")
    if pdf:
        lines.append(
            f"plan PDF ({pdf['pages']} pages, warm): {pdf['plan_ms']:.0f} ms = {pdf['ratio_trivial']:.1f} x a trivial "
            f"WeasyPrint document ({pdf['trivial_ms']:.0f} ms), {pdf['ratio_same_text']:.2f} x WeasyPrint on the same "
            f"text unstyled ({pdf['same_text_ms']:.0f} ms); limit {report.pdf_limit_ms(pdf):.0f} ms"
        )
    export = result.get("export")
    if export:
        peaks = ", ".join(f"{mib:.0f}" for mib in export["worker_peak_mib"])
        lines.append(
            f"bulk export: {export['plans']} plans in {export['seconds']:.1f} s = {export['seconds_per_plan']:.3f} s "
            f"a plan ({export['status']}); worker peak RSS {peaks} MiB"
        )
    load_result = result.get("load")
    if load_result:
        lines.append(
            f"load: {load_result['users']} users, {load_result['seconds']:.0f} s: p50 {load_result['p50_ms']:.0f} ms, "
            f"p95 {load_result['p95_ms']:.0f} ms, p99 {load_result['p99_ms']:.0f} ms, "
            f"{load_result['throughput_rps']:.1f} requests/s, {load_result['errors']} errors"
        )
        for page in load_result.get("pages", []):
            lines.append(
                f"  {page['page']:<32} {page['share']:>4.0%} of the response time, {page['requests']} requests, "
                f"p50 {page['p50_ms']:.0f} ms, p95 {page['p95_ms']:.0f} ms"
            )
    if result.get("seed_seconds") is not None:
        lines.append(f"national + city seed: {result['seed_seconds']:.0f} s (last seeded)")
    return lines


def _finite(value):
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 3)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
